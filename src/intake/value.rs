//! Reading one cell as a number, the way people type them into returns.

use calamine::Data;

/// What a value cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// A number, with the `%` or `‰` sign typed after it, if any.
    Number { value: f64, sign: Option<char> },
    /// Deliberately no data: empty, `—`, `无`, `暂无数据` …
    Missing,
    /// Something that is not a number; the reason is shown to the user.
    Invalid(String),
}

/// Words and marks people type for "no data".
const NO_DATA: &[&str] = &[
    "",
    "—",
    "——",
    "-",
    "--",
    "–",
    "/",
    "／",
    "无",
    "暂无",
    "暂无数据",
    "无数据",
    "未统计",
    "不详",
    "空",
    "N/A",
    "n/a",
    "NA",
    "…",
    "...",
];

pub use crate::number::MAX_MAGNITUDE;

/// A number, or the reason it cannot be used.
fn number(value: f64, sign: Option<char>) -> CellValue {
    if !value.is_finite() {
        CellValue::Invalid("不是有限的数值".into())
    } else if value.abs() > MAX_MAGNITUDE {
        CellValue::Invalid(format!(
            "{:e} 超出可处理的范围（绝对值不超过 10 的 15 次方），可能是误填",
            value
        ))
    } else {
        CellValue::Number { value, sign }
    }
}

/// Reads a cell.
pub fn read_cell(data: &Data) -> CellValue {
    match data {
        Data::Empty => CellValue::Missing,
        Data::Float(f) => number(*f, None),
        Data::Int(i) => number(*i as f64, None),
        Data::String(text) => read_text(text),
        Data::Bool(b) => CellValue::Invalid(format!(
            "是逻辑值 {}，不是数值",
            if *b { "TRUE" } else { "FALSE" }
        )),
        Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
            CellValue::Invalid("是日期或时间，不是数值（单元格格式可能被设成了日期）".into())
        }
        Data::Error(err) => CellValue::Invalid(format!("是公式错误值 {err}")),
    }
}

/// Reads a number typed as text: full-width digits, thousands separators, a trailing
/// `%` or `‰`, spaces.
pub fn read_text(text: &str) -> CellValue {
    let halfwidth: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '−' => '-',
            '＋' => '+',
            '％' => '%',
            '，' => ',',
            _ => c,
        })
        .collect();
    if NO_DATA.contains(&halfwidth.as_str()) {
        return CellValue::Missing;
    }
    let (body, sign) = match halfwidth.chars().last() {
        Some(c @ ('%' | '‰')) => (&halfwidth[..halfwidth.len() - c.len_utf8()], Some(c)),
        _ => (halfwidth.as_str(), None),
    };
    let digits: String = body.chars().filter(|c| *c != ',').collect();
    let well_formed = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && digits.chars().any(|c| c.is_ascii_digit());
    match digits.parse::<f64>() {
        Ok(value) if well_formed && value.is_finite() => number(value, sign),
        _ => CellValue::Invalid(format!("“{}”不是数值", text.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: f64) -> CellValue {
        CellValue::Number { value, sign: None }
    }

    #[test]
    fn numbers_in_every_spelling() {
        assert_eq!(read_cell(&Data::Float(9.8)), number(9.8));
        assert_eq!(read_cell(&Data::Int(12)), number(12.0));
        assert_eq!(read_text("9.8"), number(9.8));
        assert_eq!(read_text(" １２．５ "), number(12.5));
        assert_eq!(read_text("1,234.5"), number(1234.5));
        assert_eq!(read_text("-0.3"), number(-0.3));
        assert_eq!(
            read_text("90.5%"),
            CellValue::Number {
                value: 90.5,
                sign: Some('%')
            }
        );
        assert_eq!(
            read_text("3.2‰"),
            CellValue::Number {
                value: 3.2,
                sign: Some('‰')
            }
        );
    }

    #[test]
    fn no_data_marks() {
        for text in ["", "—", "-", "/", "无", "暂无数据", "  "] {
            assert_eq!(read_text(text), CellValue::Missing, "{text:?}");
        }
        assert_eq!(read_cell(&Data::Empty), CellValue::Missing);
    }

    #[test]
    fn invalid_values_say_why() {
        assert_eq!(
            read_text("约10"),
            CellValue::Invalid("“约10”不是数值".into())
        );
        assert_eq!(
            read_text("1.2.3"),
            CellValue::Invalid("“1.2.3”不是数值".into())
        );
        assert_eq!(read_text("inf"), CellValue::Invalid("“inf”不是数值".into()));
        assert!(matches!(
            read_cell(&Data::Error(calamine::CellErrorType::Div0)),
            CellValue::Invalid(_)
        ));
    }
}
