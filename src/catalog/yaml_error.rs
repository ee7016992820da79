//! serde_yaml's messages in the users' language.
//!
//! serde and the YAML scanner word their errors in English ("invalid type: string \"abc\",
//! expected f64"); the users of a catalog are statisticians. The patterns serde and
//! yaml-rust produce are translated here; the location is printed separately, so the
//! trailing "at line X column Y" is dropped. A message no pattern knows keeps its English
//! text in brackets after a Chinese lead, so nothing is lost.

use std::sync::LazyLock;

use regex::Regex;

/// serde_yaml's message for `err`, in Chinese, without its position.
pub fn yaml_message(err: &serde_yaml::Error) -> String {
    translate(&err.to_string())
}

/// Translates one serde_yaml message.
pub fn translate(message: &str) -> String {
    let message = strip_position(message);
    static FIELD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([^\s:]+): (invalid type|invalid value|invalid length|unknown variant|unknown field|missing field|duplicate field)")
            .expect("valid pattern")
    });
    let (field, rest) = match FIELD.captures(message) {
        Some(c) => {
            let path = c.get(1).expect("group 1");
            (Some(path.as_str()), &message[path.end() + 2..])
        }
        None => (None, message),
    };
    let body = translate_body(rest);
    match field {
        Some(field) => format!("{field}：{body}"),
        None => body,
    }
}

/// The message without " at line X column Y" and what follows it.
fn strip_position(message: &str) -> &str {
    let message = message.trim();
    match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    }
}

fn translate_body(body: &str) -> String {
    static INVALID: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^invalid (type|value): (.+), expected (.+)$").expect("valid pattern")
    });
    static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^invalid length (\d+), expected (.+)$").expect("valid pattern")
    });
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(unknown variant|unknown field|missing field|duplicate field) `([^`]*)`(?:, (.+))?$",
        )
        .expect("valid pattern")
    });
    if let Some(c) = INVALID.captures(body) {
        let (found, expected) = (unexpected(&c[2]), expected(&c[3]));
        return match &c[1] {
            "type" => format!("应为{expected}，这里是{found}"),
            _ => format!("取值不对：应为{expected}，这里是{found}"),
        };
    }
    if let Some(c) = LENGTH.captures(body) {
        return format!("项数不对：这里有 {} 项，应为{}", &c[1], expected(&c[2]));
    }
    if let Some(c) = NAMED.captures(body) {
        let name = &c[2];
        let choices = c.get(3).map(|m| choices(m.as_str())).unwrap_or_default();
        return match &c[1] {
            "unknown variant" => format!("“{name}”不是可用的取值{choices}"),
            "unknown field" => format!("没有“{name}”这个字段{choices}"),
            "missing field" => format!("缺少必填字段“{name}”"),
            _ => format!("字段“{name}”写了不止一次"),
        };
    }
    syntax(body)
}

/// `expected one of `a`, `b``, `expected `a` or `b``, `expected `a``, `there are no
/// variants`: （可用：a、b）.
fn choices(text: &str) -> String {
    static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"`([^`]*)`").expect("valid"));
    let names: Vec<&str> = NAME
        .captures_iter(text)
        .map(|c| c.get(1).expect("group 1").as_str())
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("（可用：{}）", names.join("、"))
    }
}

/// What serde found, in words: `string "abc"` → 文字“abc”.
fn unexpected(text: &str) -> String {
    static VALUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(string|integer|floating point|boolean|character) [`"](.*)[`"]$"#)
            .expect("valid pattern")
    });
    if let Some(c) = VALUE.captures(text) {
        let value = &c[2];
        return match &c[1] {
            "string" | "character" => format!("文字“{value}”"),
            "integer" => format!("整数 {value}"),
            "floating point" => format!("数字 {value}"),
            _ => value.to_string(),
        };
    }
    match text {
        "unit value" => "空值".into(),
        "sequence" => "列表".into(),
        "map" => "一组“字段: 值”".into(),
        "string" => "文字".into(),
        other => other.into(),
    }
}

/// What serde expected, in words: `f64` → 数字.
fn expected(text: &str) -> String {
    let text = text.trim();
    let word = match text {
        "f64" | "f32" | "a number" => "数字",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "不小于 0 的整数",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "整数",
        "a string" | "string" | "a borrowed string" => "文字",
        "a character" | "char" => "一个字符",
        "a boolean" | "bool" => "true 或 false",
        "a sequence" | "sequence" => "列表（每项以“- ”开头）",
        "a map" | "map" => "一组“字段: 值”",
        "unit" => "空值",
        _ if text.starts_with("struct ") => "一组“字段: 值”",
        _ if text.starts_with("enum ") || text.starts_with("variant ") => "规定的取值之一",
        _ if text.starts_with("tuple") || text.starts_with("an array of length") => {
            "规定项数的列表"
        }
        _ => return text.to_string(),
    };
    word.to_string()
}

/// The YAML scanner's and parser's own messages.
fn syntax(body: &str) -> String {
    // The first clause names the problem; ", while scanning …" only says where.
    let lead = body.split(", while ").next().unwrap_or(body);
    const KNOWN: &[(&str, &str)] = &[
        (
            "mapping values are not allowed",
            "此处不能写“字段: 值”（可能少了缩进，或值中有未加引号的冒号）",
        ),
        ("did not find expected key", "缩进不一致，找不到应有的字段"),
        ("did not find expected node content", "这里缺少内容"),
        (
            "did not find expected ',' or ']'",
            "方括号列表没有闭合（缺少“]”或“,”）",
        ),
        (
            "did not find expected ',' or '}'",
            "花括号映射没有闭合（缺少“}”或“,”）",
        ),
        ("could not find expected ':'", "缺少“:”"),
        (
            "did not find expected '-' indicator",
            "列表项应以“- ”开头且缩进一致",
        ),
        (
            "found character that cannot start any token",
            "这里有不能出现在 YAML 中的字符（如制表符或“@”“`”）",
        ),
        ("found a tab character", "缩进中有制表符（Tab），请改用空格"),
        (
            "found unexpected end of stream",
            "文件在引号或括号闭合之前就结束了",
        ),
        (
            "block sequence entries are not allowed",
            "此处不能开始列表（“- ”的缩进不对）",
        ),
        (
            "found undefined tag handle",
            "未定义的标签（以“!”开头的写法）",
        ),
        ("unknown anchor", "引用了未定义的锚点（“*名称”）"),
        ("found duplicate anchor", "锚点名称重复"),
        ("recursion limit exceeded", "嵌套层数过多"),
        (
            "found unknown escape character",
            "引号中有无法识别的转义符（“\\”后的字符）",
        ),
        ("control characters are not allowed", "文件中有控制字符"),
        (
            "found incorrect leading UTF-8 octet",
            "文件不是 UTF-8 编码，请另存为 UTF-8",
        ),
        (
            "invalid leading UTF-8 octet",
            "文件不是 UTF-8 编码，请另存为 UTF-8",
        ),
        ("found incompatible YAML document", "YAML 版本声明不受支持"),
        (
            "did not find expected comment or line break",
            "值的后面还有多余的内容",
        ),
        ("did not find URI escaped octet", "标签中有无效的字符"),
        ("duplicate entry with key", "同一个键写了两次"),
        (
            "deserializing from YAML containing more than one document is not supported",
            "文件中有多份 YAML 文档（“---”分隔），只能有一份",
        ),
        ("EOF while parsing a value", "文件是空的"),
        ("repetition limit exceeded", "锚点引用展开后过大"),
    ];
    for (english, chinese) in KNOWN {
        if lead.starts_with(english) || lead.contains(english) {
            return chinese.to_string();
        }
    }
    // Chinese messages from the catalog's own deserialisers pass through.
    if !lead.is_ascii() {
        return lead.to_string();
    }
    format!("YAML 格式错误（{lead}）")
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn serde_type_errors_read_in_chinese_with_their_field() {
        let cases = [
            (
                "x: invalid type: string \"abc\", expected f64 at line 1 column 4",
                "x：应为数字，这里是文字“abc”",
            ),
            (
                "n: invalid type: integer `-1`, expected u32 at line 2 column 4",
                "n：应为不小于 0 的整数，这里是整数 -1",
            ),
            (
                "s: invalid type: sequence, expected a string at line 3 column 4",
                "s：应为文字，这里是列表",
            ),
            (
                "v[0]: invalid value: integer `300`, expected u8 at line 4 column 5",
                "v[0]：取值不对：应为不小于 0 的整数，这里是整数 300",
            ),
            (
                "e: unknown variant `left`, expected `up` or `down` at line 5 column 4",
                "e：“left”不是可用的取值（可用：up、down）",
            ),
            (
                "unknown field `y`, expected one of `x`, `n` at line 2 column 1",
                "没有“y”这个字段（可用：x、n）",
            ),
            ("missing field `x`", "缺少必填字段“x”"),
            ("duplicate field `x`", "字段“x”写了不止一次"),
            (
                "x: invalid type: unit value, expected f64 at line 1 column 4",
                "x：应为数字，这里是空值",
            ),
            (
                "found a tab character that violates indentation at line 2 column 1, while scanning a plain scalar at line 1 column 4",
                "缩进中有制表符（Tab），请改用空格",
            ),
            (
                "mapping values are not allowed in this context at line 1 column 5",
                "此处不能写“字段: 值”（可能少了缩进，或值中有未加引号的冒号）",
            ),
        ];
        for (english, chinese) in cases {
            assert_eq!(translate(english), chinese, "{english}");
        }
    }

    #[test]
    fn an_unknown_message_keeps_its_text_after_a_chinese_lead() {
        assert_eq!(translate("something new"), "YAML 格式错误（something new）");
        assert_eq!(translate("目标值应为数字"), "目标值应为数字");
    }

    #[test]
    fn real_serde_yaml_errors_are_translated() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Plan {
            year: u32,
        }
        let err = serde_yaml::from_str::<Plan>("year: 二〇二五\n").unwrap_err();
        assert_eq!(
            super::yaml_message(&err),
            "year：应为不小于 0 的整数，这里是文字“二〇二五”"
        );
    }
}
