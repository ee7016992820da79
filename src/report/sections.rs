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

/// The written section `title` of the report year, from the data read by intake; marked
/// missing (with the file it would be read from) when it was not provided.
pub fn section(data: &DataSet, year: i32, title: &str) -> WrittenSection {
    match data.written(title) {
        Some(written) => WrittenSection {
            title: title.to_string(),
            markup: markdown_to_typst(&written.text),
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

/// Converts Markdown to Typst markup. Paragraphs, headings (as bold run-in lines), lists,
/// emphasis and strong text keep their meaning; everything else becomes plain text. All
/// text is escaped, so nothing in the file can run Typst code.
pub fn markdown_to_typst(markdown: &str) -> String {
    let mut out = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut in_comment = false;
    for event in Parser::new(markdown) {
        match event {
            // HTML comments are notes to the writer, invisible as in any Markdown viewer.
            Event::Html(html) | Event::InlineHtml(html)
                if in_comment || html.trim_start().starts_with("<!--") =>
            {
                in_comment = !html.contains("-->");
            }
            Event::Start(Tag::Paragraph) if lists.is_empty() => block_break(&mut out),
            Event::End(TagEnd::Paragraph) if lists.is_empty() => out.push('\n'),
            Event::Start(Tag::Heading { level, .. }) => {
                block_break(&mut out);
                out.push_str(match level {
                    HeadingLevel::H1 | HeadingLevel::H2 => "#section-heading[",
                    _ => "#bold-fang[",
                });
            }
            Event::End(TagEnd::Heading(_)) => out.push_str("]\n"),
            Event::Start(Tag::List(start)) => {
                if lists.is_empty() {
                    block_break(&mut out);
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
                out.push('\n');
            }
            Event::Start(Tag::Item) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::End(TagEnd::Item) => {}
            Event::Start(Tag::Emphasis) => out.push_str("#emph["),
            Event::Start(Tag::Strong) => out.push_str("#bold-fang["),
            Event::End(TagEnd::Emphasis | TagEnd::Strong) => out.push(']'),
            Event::Text(text) | Event::Code(text) => out.push_str(&escape_markup(&text)),
            // Chinese lines join without a space; Latin words keep one.
            Event::SoftBreak if out.ends_with(|c: char| c.is_ascii_alphanumeric()) => out.push(' '),
            Event::HardBreak => out.push_str(" \\\n"),
            Event::Html(html) | Event::InlineHtml(html) => out.push_str(&escape_markup(&html)),
            Event::Rule => {
                block_break(&mut out);
                out.push_str("#line(length: 100%, stroke: 0.5pt)\n");
            }
            _ => {}
        }
    }
    out.trim().to_string()
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
            "# 一、总体思路\n\n第一段，\n接着写。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n\n**重点**和*强调*。",
        );
        assert_eq!(
            typst,
            "#section-heading[一、总体思路]\n\n第一段，接着写。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n\n#bold-fang[重点]和#emph[强调]。"
        );
    }

    #[test]
    fn comments_are_not_printed() {
        assert_eq!(
            markdown_to_typst("<!-- 说明\n第二行 -->\n正文<!-- 注 -->。"),
            "正文。"
        );
    }

    #[test]
    fn text_cannot_run_typst_code() {
        let typst = markdown_to_typst("#read(\"/etc/passwd\") ]#panic(\"x\")[ $x$ <b>html</b>");
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
        let section = section(&DataSet::default(), 2025, "前言");
        assert!(!section.present);
        assert!(section.markup.is_empty());
        assert_eq!(section.file, "2025/前言.md");
    }
}
