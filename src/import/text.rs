//! Reading a published plan into clean lines: plain text (UTF-8, UTF-16 or GB18030),
//! Word `.docx`, HTML saved from a government site, and a clear refusal for PDF.
//!
//! Cleaning drops what is not content: page numbers (`— 12 —`, `第3页`), table-of-contents
//! lines (`妇女与健康.....(8)`), metadata blocks of government sites (`索引号：…`,
//! `发布日期：…`), whose values are kept in [`Source::meta`] for the plan frame, and short
//! lines that repeat on many pages (running headers).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::ImportError;

/// A plan's text as lines, with the metadata the page carried.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Content lines in order, trimmed; blank lines removed.
    pub lines: Vec<String>,
    /// `发文字号`, `发文机关`, `索引号` … as the page's metadata block gave them.
    pub meta: HashMap<String, String>,
}

/// The formats a plan can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Docx,
    Html,
    Pdf,
}

/// Reads a plan file in any supported format.
pub fn read(path: &Path) -> Result<Source, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match detect(&ext, &bytes) {
        Format::Pdf => Err(ImportError::Pdf {
            path: path.to_path_buf(),
        }),
        Format::Docx => {
            let paragraphs = docx_paragraphs(&bytes).map_err(|message| ImportError::Read {
                path: path.to_path_buf(),
                message,
            })?;
            Ok(clean(&paragraphs.join("\n")))
        }
        Format::Html => Ok(clean(&html_text(&decode(&bytes)))),
        Format::Text => Ok(clean(&decode(&bytes))),
    }
}

/// Cleans text that was already decoded (for tests and callers holding a string).
pub fn from_text(text: &str) -> Source {
    clean(text)
}

fn detect(ext: &str, bytes: &[u8]) -> Format {
    if bytes.starts_with(b"%PDF") || ext == "pdf" {
        return Format::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if matches!(ext, "html" | "htm" | "shtml" | "xhtml")
        || head.contains("<html")
        || head.contains("<!doctype html")
    {
        return Format::Html;
    }
    Format::Text
}

/// Decodes bytes: a BOM decides; else UTF-8 when valid; else GB18030 (a superset of GBK
/// and GB2312, the encodings Chinese government text files come in).
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return text.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            text.into_owned()
        }
    }
}

/// Keys of the metadata blocks government sites print above a document.
const META_KEYS: &[&str] = &[
    "索引号",
    "发布日期",
    "成文日期",
    "发文日期",
    "发文字号",
    "文号",
    "发文机关",
    "发布机构",
    "主题分类",
    "公文种类",
    "信息来源",
    "来源",
    "浏览次数",
    "访问量",
    "有效性",
    "登记号",
    "分类",
    "主题词",
    "生效日期",
    "废止日期",
];

/// Lines that are page furniture on government sites.
const FURNITURE: &[&str] = &[
    "打印",
    "关闭",
    "【打印】",
    "【关闭】",
    "【打印本页】",
    "【关闭窗口】",
    "打印本页",
    "关闭窗口",
    "字号：大中小",
    "【大】【中】【小】",
    "扫一扫在手机打开当前页",
    "分享到：",
    "(此件主动公开)",
    "（此件主动公开）",
    "此件主动公开",
];

fn clean(text: &str) -> Source {
    let mut meta = HashMap::new();
    let mut lines: Vec<String> = Vec::new();
    for raw in text.lines() {
        let line = raw
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '*')
            .to_string();
        if line.is_empty() || is_page_number(&line) || is_toc_line(&line) {
            continue;
        }
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if FURNITURE.contains(&compact.as_str()) {
            continue;
        }
        if let Some((key, value)) = meta_line(&compact) {
            meta.entry(key).or_insert(value);
            continue;
        }
        lines.push(line);
    }
    drop_running_headers(&mut lines);
    Source { lines, meta }
}

/// `— 12 —`, `- 3 -`, `12`, `第 3 页`, `第3页 共58页`, `3/58`.
fn is_page_number(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = compact.trim_matches(|c: char| "-—–－_·•".contains(c));
    if !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) && inner.len() <= 3 {
        return true;
    }
    let page_words = compact.replace(['第', '页', '共', '/'], "");
    (compact.contains('页') || compact.contains('/'))
        && compact.starts_with(|c: char| c == '第' || c.is_ascii_digit())
        && !page_words.is_empty()
        && page_words.chars().all(|c| c.is_ascii_digit())
}

/// A table-of-contents entry: dot leaders, or a heading followed by a page number in
/// brackets (`(一) 妇女与健康.....(8)`, `主要目标 …… 8`).
fn is_toc_line(line: &str) -> bool {
    line.contains("....")
        || line.contains("……\t")
        || line.contains("…………")
        || line.contains("．．．．")
        || line.contains("····")
}

fn meta_line(compact: &str) -> Option<(String, String)> {
    let (key, value) = compact.split_once(['：', ':'])?;
    // Only a short key that is a known metadata key, and not a plan sentence.
    if key.chars().count() > 6 || !META_KEYS.contains(&key) {
        return None;
    }
    // 来源 and 分类 are common words: only as metadata when the value is short.
    if value.chars().count() > 60 {
        return None;
    }
    Some((key.to_string(), value.to_string()))
}

/// Short lines that occur on many pages (a running header such as the plan's title) are
/// dropped, except structural headings that recur by design.
fn drop_running_headers(lines: &mut Vec<String>) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in lines.iter() {
        *counts.entry(line.as_str()).or_default() += 1;
    }
    let headers: Vec<String> = counts
        .into_iter()
        .filter(|(line, n)| {
            *n >= 4
                && line.chars().count() <= 30
                && !["主要目标", "策略措施", "监测评估", "目标", "措施"]
                    .iter()
                    .any(|w| line.contains(w))
                && !line.starts_with(|c: char| {
                    c.is_ascii_digit() || "（(一二三四五六七八九十".contains(c)
                })
        })
        .map(|(line, _)| line.to_string())
        .collect();
    if !headers.is_empty() {
        lines.retain(|l| !headers.contains(l));
    }
}

// ---------------------------------------------------------------------------------------
// .docx

/// One numbering level of `word/numbering.xml`.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The paragraphs of a `.docx` as text: Word's automatic numbering is written out as the
/// reader sees it (`1.`, `（1）`, `一、`), a soft line break (`<w:br/>`) ends a line.
pub fn docx_paragraphs(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("不是有效的 .docx 文件：{e}"))?;
    let document = read_entry(&mut archive, "word/document.xml")?
        .ok_or_else(|| "不是有效的 .docx 文件：缺少 word/document.xml".to_string())?;
    let numbering = match read_entry(&mut archive, "word/numbering.xml")? {
        Some(xml) => parse_numbering(&xml),
        None => HashMap::new(),
    };
    Ok(document_paragraphs(&document, &numbering))
}

fn read_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, String> {
    let mut entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("无法读取 {name}：{e}")),
    };
    // A plan's document.xml is a few MB at most; refuse a decompression bomb.
    const LIMIT: u64 = 64 * 1024 * 1024;
    let mut text = String::new();
    (&mut entry)
        .take(LIMIT)
        .read_to_string(&mut text)
        .map_err(|e| format!("无法读取 {name}：{e}"))?;
    Ok(Some(text))
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// numId → levels (from its abstract numbering).
fn parse_numbering(xml: &str) -> HashMap<String, Vec<Level>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut abstracts: HashMap<String, Vec<Level>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let mut current_abstract: Option<String> = None;
    let mut current_level: Option<usize> = None;
    let mut current_num: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.name().as_ref() {
                "w:abstractNum" => current_abstract = attr(&e, "w:abstractNumId"),
                "w:lvl" => {
                    let ilvl: usize = attr(&e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    if let Some(id) = &current_abstract {
                        let levels = abstracts.entry(id.clone()).or_default();
                        if levels.len() <= ilvl {
                            levels.resize(ilvl + 1, Level::default());
                        }
                        levels[ilvl].start = 1;
                    }
                    current_level = Some(ilvl);
                }
                "w:start" | "w:numFmt" | "w:lvlText" => {
                    if let (Some(id), Some(ilvl)) = (&current_abstract, current_level) {
                        let value = attr(&e, "w:val").unwrap_or_default();
                        if let Some(level) = abstracts.get_mut(id).and_then(|l| l.get_mut(ilvl)) {
                            match e.name().as_ref() {
                                "w:start" => level.start = value.parse().unwrap_or(1),
                                "w:numFmt" => level.format = value,
                                _ => level.text = value,
                            }
                        }
                    }
                }
                "w:num" => current_num = attr(&e, "w:numId"),
                "w:abstractNumId" => {
                    if let Some(num) = &current_num {
                        nums.insert(num.clone(), attr(&e, "w:val").unwrap_or_default());
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "w:abstractNum" => current_abstract = None,
                "w:lvl" => current_level = None,
                "w:num" => current_num = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    nums.into_iter()
        .filter_map(|(num, abs)| abstracts.get(&abs).map(|levels| (num, levels.clone())))
        .collect()
}

/// A counter written in a Word number format.
fn format_number(format: &str, n: u32) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "taiwaneseCountingThousand" => super::clause::chinese_number(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "lowerLetter" => ((b'a' + ((n - 1) % 26) as u8) as char).to_string(),
        "upperLetter" => ((b'A' + ((n - 1) % 26) as u8) as char).to_string(),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

fn document_paragraphs(xml: &str, numbering: &HashMap<String, Vec<Level>>) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paragraphs = Vec::new();
    let mut text = String::new();
    let mut in_text = false;
    let mut num_id: Option<String> = None;
    let mut ilvl: usize = 0;
    let mut in_ppr = false;
    // Counters per numId and level.
    let mut counters: HashMap<String, Vec<u32>> = HashMap::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "w:p" => {
                    text.clear();
                    num_id = None;
                    ilvl = 0;
                }
                "w:pPr" => in_ppr = true,
                "w:t" => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.name().as_ref() {
                "w:br" | "w:cr" => text.push('\n'),
                "w:tab" if !in_ppr => text.push('\t'),
                "w:numId" if in_ppr => num_id = attr(&e, "w:val"),
                "w:ilvl" if in_ppr => {
                    ilvl = attr(&e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                text.push_str(&t.xml10_content());
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                text.push_str(&decode_entity(&r));
            }
            Ok(Event::End(e)) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:pPr" => in_ppr = false,
                "w:p" => {
                    let label = num_id
                        .as_ref()
                        .filter(|id| id.as_str() != "0")
                        .and_then(|id| numbering_label(numbering, &mut counters, id, ilvl));
                    let mut paragraph = label.unwrap_or_default();
                    paragraph.push_str(&text);
                    paragraphs.push(paragraph);
                    text.clear();
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    paragraphs
}

fn numbering_label(
    numbering: &HashMap<String, Vec<Level>>,
    counters: &mut HashMap<String, Vec<u32>>,
    num_id: &str,
    ilvl: usize,
) -> Option<String> {
    let levels = numbering.get(num_id)?;
    let level = levels.get(ilvl)?;
    let count = counters
        .entry(num_id.to_string())
        .or_insert_with(|| vec![0; levels.len()]);
    if count.len() < levels.len() {
        count.resize(levels.len(), 0);
    }
    count[ilvl] = if count[ilvl] == 0 {
        level.start.max(1)
    } else {
        count[ilvl] + 1
    };
    for deeper in count.iter_mut().skip(ilvl + 1) {
        *deeper = 0;
    }
    let mut label = level.text.clone();
    for (i, l) in levels.iter().enumerate().take(ilvl + 1) {
        let n = count[i].max(l.start.max(1));
        label = label.replace(&format!("%{}", i + 1), &format_number(&l.format, n));
    }
    Some(label)
}

// ---------------------------------------------------------------------------------------
// HTML

/// The visible text of an HTML page: scripts, styles and comments removed, block elements
/// ending lines, entities decoded.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    // Inside <pre> (LibreOffice saves plain text so) a source line break is a line break.
    let mut in_pre = false;
    while let Some(start) = rest.find('<') {
        push_text(&mut out, &rest[..start], in_pre);
        rest = &rest[start..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let end = match rest.find('>') {
            Some(end) => end,
            None => break,
        };
        let tag = rest[1..end].trim().to_ascii_lowercase();
        rest = &rest[end + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "pre" {
            in_pre = !tag.starts_with('/');
        }
        if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style" | "head" | "title") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower
                .find(&close)
                .and_then(|i| rest[i..].find('>').map(|j| &rest[i + j + 1..]))
                .unwrap_or("");
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "br"
                | "div"
                | "li"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "table"
                | "section"
                | "article"
                | "ul"
                | "ol"
                | "dd"
                | "dt"
                | "blockquote"
                | "center"
        ) {
            out.push('\n');
        } else if matches!(name.as_str(), "td" | "th") {
            out.push('\t');
        }
    }
    push_text(&mut out, rest, in_pre);
    out
}

fn push_text(out: &mut String, text: &str, keep_breaks: bool) {
    let plain = |s: &str| {
        if keep_breaks {
            s.replace('\r', "")
        } else {
            s.replace(['\n', '\r'], "")
        }
    };
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&plain(&rest[..amp]));
        rest = &rest[amp..];
        match rest.find(';').filter(|&i| i <= 10) {
            Some(semi) => {
                out.push_str(&decode_entity(&rest[1..semi]));
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    // Source line breaks inside a paragraph are not breaks on the page.
    out.push_str(&plain(rest));
}

fn decode_entity(name: &str) -> String {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()
    } else {
        None
    };
    if let Some(c) = code.and_then(char::from_u32) {
        return c.to_string();
    }
    match name {
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "middot" => "·",
        "permil" => "‰",
        _ => return format!("&{name};"),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_text_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("孕产妇死亡率控制在12/10万以下。");
        assert_eq!(decode(&bytes), "孕产妇死亡率控制在12/10万以下。");
    }

    #[test]
    fn page_furniture_is_dropped_and_metadata_kept() {
        let source = from_text(
            "索引号：000014349/2021-00123\n发文字号：株妇儿工委字〔2021〕1号\n— 12 —\n第3页\n\
             (一) 妇女与健康.....(8)\n主要目标\n1.孕产妇死亡率控制在12/10万以下。\n【打印本页】\n",
        );
        assert_eq!(
            source.lines,
            vec!["主要目标", "1.孕产妇死亡率控制在12/10万以下。"]
        );
        assert_eq!(source.meta["发文字号"], "株妇儿工委字〔2021〕1号");
    }

    #[test]
    fn html_keeps_paragraphs_and_decodes_entities() {
        let text = html_text(
            "<html><head><title>x</title><style>p{}</style></head><body><p>1.孕产妇死亡率\n控制在12/10万&nbsp;以下。</p><p>2.适龄妇女&#23467;颈癌</p><script>var a='<p>';</script></body></html>",
        );
        let source = from_text(&text);
        assert_eq!(
            source.lines,
            vec!["1.孕产妇死亡率控制在12/10万 以下。", "2.适龄妇女宫颈癌"]
        );
    }

    #[test]
    fn preformatted_html_keeps_its_lines() {
        let text = html_text(
            "<body><pre>主要目标\n1.<span>孕产妇死亡率</span>控制在12/10万以下。\n2.乙</pre></body>",
        );
        assert_eq!(
            from_text(&text).lines,
            vec!["主要目标", "1.孕产妇死亡率控制在12/10万以下。", "2.乙"]
        );
    }

    #[test]
    fn word_numbering_is_written_out() {
        let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num></w:numbering>"#;
        let document = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>主要目标</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>孕产妇死亡率</w:t></w:r><w:r><w:br/><w:t>控制在12/10万以下。</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>适龄妇女</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>细目</w:t></w:r></w:p>
</w:body></w:document>"#;
        let paragraphs = document_paragraphs(document, &parse_numbering(numbering));
        assert_eq!(
            paragraphs,
            vec![
                "主要目标",
                "1.孕产妇死亡率\n控制在12/10万以下。",
                "2.适龄妇女",
                "（1）细目"
            ]
        );
    }
}
