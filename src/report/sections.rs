//! Written sections (前言, 主要做法和经验, 对策建议): Markdown files kept with the data,
//! converted to Typst markup with every piece of text escaped.
//!
//! A section lives at `<data>/<year>/<title>.md` and is read by intake. When the file is
//! missing the report shows the section as clearly empty; attain never writes such prose
//! itself.

use std::path::PathBuf;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::intake::DataSet;
use crate::render::escape_markup;

/// The written sections of the evaluation reports, in report order.
pub const EVALUATION_SECTIONS: [&str; 3] = ["前言", "主要做法和经验", "对策建议"];

/// One written section as the templates place it.
#[derive(Debug, Clone, Serialize)]
pub struct WrittenSection {
    /// The section title, also the file name without `.md`.
    pub title: String,
    /// Typst markup made from the Markdown, every text escaped; empty when missing.
    pub markup: String,
    /// Whether the file was found.
    pub present: bool,
    /// Where the file is (or would be), relative to the data folder, for the empty notice.
    pub file: String,
}

/// The written section `title` of the report year, from the data read by intake, for a
/// place at heading level `level` of the report (1 for a section `一、…`, 2 for `（一）…`);
/// marked missing (with the file it would be read from) when it was not provided.
pub fn section(data: &DataSet, year: i32, title: &str, level: usize) -> WrittenSection {
    match data.written(title) {
        Some(written) => WrittenSection {
            title: title.to_string(),
            markup: markdown_to_typst(&written.text, level),
            present: true,
            file: written.file.display().to_string(),
        },
        None => WrittenSection {
            title: title.to_string(),
            markup: String::new(),
            present: false,
            file: PathBuf::from(year.to_string())
                .join(format!("{title}.md"))
                .display()
                .to_string(),
        },
    }
}

/// The numbering of the document, level by level below the level-1 sections: `（一）`,
/// `1.`, `（1）`, `①`.
fn numbering(level: usize, n: usize) -> String {
    match level {
        0 | 1 => format!("{}、", crate::catalog::chinese_numeral(n)),
        2 => format!("（{}）", crate::catalog::chinese_numeral(n)),
        3 => format!("{n}."),
        4 => format!("（{n}）"),
        _ => {
            const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
            CIRCLED
                .chars()
                .nth(n.saturating_sub(1))
                .map_or_else(|| format!("{n})"), |c| c.to_string())
        }
    }
}

/// A heading's text without a numbering the writer typed (`一、`, `（一）`, `1.`, `1、`),
/// since the document numbers its headings itself.
fn strip_numbering(text: &str) -> &str {
    let t = text.trim_start();
    let chinese = "一二三四五六七八九十";
    let rest = t
        .strip_prefix('（')
        .or_else(|| t.strip_prefix('('))
        .map(|r| {
            let n = r.trim_start_matches(|c: char| chinese.contains(c) || c.is_ascii_digit());
            if n.len() < r.len() {
                n.strip_prefix('）')
                    .or_else(|| n.strip_prefix(')'))
                    .unwrap_or(t)
            } else {
                t
            }
        })
        .unwrap_or(t);
    if rest.len() < t.len() {
        return rest.trim_start();
    }
    let n = t.trim_start_matches(|c: char| chinese.contains(c) || c.is_ascii_digit());
    if n.len() < t.len()
        && let Some(after) = n
            .strip_prefix('、')
            .or_else(|| n.strip_prefix('.'))
            .or_else(|| n.strip_prefix('．'))
        && !after.is_empty()
    {
        return after.trim_start();
    }
    t
}

/// Converts Markdown to Typst markup for a place at heading level `level` of the report.
///
/// Headings nest under that place and take the document's numbering: below a section
/// `一、…` (level 1) a `#` becomes `（一）…`, a `##` `1.`, a `###` `（1）`. List items become
/// numbered paragraphs in the document's style, `（1）` then `①`, indented as body text (never
/// bullets). Paragraphs, emphasis and strong text keep their meaning; everything else is plain
/// text. HTML comments are notes to the writer and are not printed; an unclosed `<!--` is
/// printed as text with a mark. All text is escaped and every embedded call is closed with
/// `;`, so nothing in the file can run or extend Typst code.
pub fn markdown_to_typst(markdown: &str, level: usize) -> String {
    let text = mark_unclosed_comment(markdown);
    let mut out = String::new();
    // Per heading depth below `level`: how many headings so far.
    let mut headings: Vec<usize> = Vec::new();
    // Per open list: the next item number.
    let mut lists: Vec<usize> = Vec::new();
    let mut in_comment = false;
    // True from a heading's start to its first text: that text loses a typed numbering.
    let mut heading_start = false;
    for event in Parser::new(&text) {
        match event {
            // HTML comments are notes to the writer, invisible as in any Markdown viewer.
            Event::Html(html) | Event::InlineHtml(html)
                if in_comment || html.trim_start().starts_with("<!--") =>
            {
                in_comment = !html.contains("-->");
            }
            Event::Start(Tag::Paragraph) if lists.is_empty() => block_break(&mut out),
            Event::End(TagEnd::Paragraph) if lists.is_empty() => out.push('\n'),
            Event::Start(Tag::Heading { level: h, .. }) => {
                block_break(&mut out);
                let depth = match h {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                headings.truncate(depth);
                while headings.len() < depth {
                    headings.push(0);
                }
                headings[depth - 1] += 1;
                let heading_depth = level + depth;
                let number = numbering(heading_depth, headings[depth - 1]);
                heading_start = true;
                out.push_str(&match heading_depth {
                    2 => format!("#written-heading-two[{}", escape_markup(&number)),
                    3 => format!("#written-heading-three[{}", escape_markup(&number)),
                    _ => format!("#written-heading-four[{}", escape_markup(&number)),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                out.push_str("];\n");
                heading_start = false;
            }
            Event::Start(Tag::List(_)) => {
                if lists.is_empty() {
                    block_break(&mut out);
                }
                lists.push(1);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push('\n');
            }
            Event::Start(Tag::Item) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                let depth = lists.len().min(crate::intake::MAX_LIST_DEPTH);
                let n = lists.last().copied().unwrap_or(1);
                if let Some(next) = lists.last_mut() {
                    *next += 1;
                }
                let number = numbering(3 + depth, n);
                out.push_str(&format!(
                    "#written-item({depth})[{}",
                    escape_markup(&number)
                ));
            }
            Event::End(TagEnd::Item) => out.push_str("];\n"),
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#bold-fang["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => out.push_str("];"),
            Event::Text(text) | Event::Code(text) => {
                // The heading's own numbering replaces the one the writer typed.
                let text = if std::mem::take(&mut heading_start) {
                    strip_numbering(&text)
                } else {
                    &text
                };
                out.push_str(&escape_markup(text));
            }
            // Chinese lines join without a space; Latin words keep one.
            Event::SoftBreak if out.ends_with(|c: char| c.is_ascii_alphanumeric()) => out.push(' '),
            Event::HardBreak => out.push_str(" \\\n"),
            Event::Html(html) | Event::InlineHtml(html) => out.push_str(&escape_markup(&html)),
            Event::Rule => {
                block_break(&mut out);
                out.push_str("#line(length: 100%, stroke: 0.5pt);\n");
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The mark put where a comment opens that never closes: the text after it is printed.
pub const UNCLOSED_COMMENT: &str = "【注释未闭合】";

/// Text with an `<!--` that has no `-->` after it turned into visible text, so that an
/// unclosed comment does not swallow the rest of the section.
fn mark_unclosed_comment(markdown: &str) -> std::borrow::Cow<'_, str> {
    match markdown.rfind("<!--") {
        Some(at) if !markdown[at..].contains("-->") => std::borrow::Cow::Owned(format!(
            "{}{UNCLOSED_COMMENT}{}",
            &markdown[..at],
            &markdown[at + 4..]
        )),
        _ => std::borrow::Cow::Borrowed(markdown),
    }
}

/// Ends the current block with a blank line, unless at the start.
fn block_break(out: &mut String) {
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_emphasis() {
        let typst = markdown_to_typst(
            "第一段，\n接着写。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n\n**重点**和*强调*。",
            1,
        );
        assert_eq!(
            typst,
            "第一段，接着写。\n\n#written-item(1)[（1）甲];\n#written-item(1)[（2）乙];\n\n#written-item(1)[（1）一];\n#written-item(1)[（2）二];\n\n#bold-fang[重点];和#emph[强调];。"
        );
    }

    /// A `#` below a section 六、对策建议 is （一）; below （一） it is 1.; typed numbers go.
    #[test]
    fn headings_take_the_documents_numbering() {
        let md = "# 一、总体思路\n\n正文。\n\n## 细化措施\n\n# （二）保障\n";
        assert_eq!(
            markdown_to_typst(md, 1),
            "#written-heading-two[（一）总体思路];\n\n正文。\n\n#written-heading-three[1\\.细化措施];\n\n#written-heading-two[（二）保障];"
        );
        assert_eq!(
            markdown_to_typst("# 加强统计\n", 2),
            "#written-heading-three[1\\.加强统计];"
        );
        assert_eq!(strip_numbering("1. 总体"), "总体");
        assert_eq!(strip_numbering("（三）保障"), "保障");
        assert_eq!(strip_numbering("5岁以下儿童"), "5岁以下儿童");
    }

    #[test]
    fn nested_lists_number_by_depth() {
        let typst = markdown_to_typst("1. 甲\n   - 子一\n   - 子二\n2. 乙\n", 1);
        assert!(typst.contains("#written-item(2)[①子一];"), "{typst}");
        assert!(typst.contains("#written-item(1)[（2）乙];"), "{typst}");
    }

    #[test]
    fn comments_are_not_printed_and_an_unclosed_one_keeps_the_text() {
        assert_eq!(
            markdown_to_typst("<!-- 说明\n第二行 -->\n正文<!-- 注 -->。", 1),
            "正文。"
        );
        let typst = markdown_to_typst("正文。\n\n<!-- 忘了闭合\n后面的文字", 1);
        assert!(typst.contains("【注释未闭合】"), "{typst}");
        assert!(typst.contains("后面的文字"), "{typst}");
    }

    /// `**依据**(2025年数据)` once read as a call with arguments: every call is closed.
    #[test]
    fn text_after_a_call_cannot_extend_it() {
        let typst = markdown_to_typst("**依据**(2025年数据)[注]", 1);
        assert_eq!(typst, "#bold-fang[依据];(2025年数据)\\[注\\]");
    }

    #[test]
    fn text_cannot_run_typst_code() {
        let typst = markdown_to_typst("#read(\"/etc/passwd\") ]#panic(\"x\")[ $x$ <b>html</b>", 1);
        // Every `#` is escaped: none starts code.
        let unescaped = typst
            .char_indices()
            .filter(|(i, c)| *c == '#' && !typst[..*i].ends_with('\\'))
            .count();
        assert_eq!(unescaped, 0, "{typst}");
        assert!(typst.contains("\\#read"));
        assert!(typst.contains("\\]\\#panic"));
        assert!(typst.contains("\\<b\\>"));
    }

    #[test]
    fn a_missing_file_is_marked_not_invented() {
        let section = section(&DataSet::default(), 2025, "前言", 1);
        assert!(!section.present);
        assert!(section.markup.is_empty());
        assert_eq!(section.file, "2025/前言.md");
    }
}
