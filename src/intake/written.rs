//! Written sections kept with the returns: Markdown files such as `2025/前言.md`.
//!
//! The parts of a report that people write (前言, 主要做法和经验, 对策建议 …) live beside
//! the returns of the report year. Intake reads them once, like the workbooks; the report
//! stage decides where each goes and converts it.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location};

/// One written section as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenText {
    /// The file name without `.md`, e.g. `前言`; `领域/妇女与健康` for a file in the
    /// year's `领域` folder.
    pub title: String,
    /// Where the file is, relative to the data folder, e.g. `2025/前言.md`.
    pub file: PathBuf,
    /// The Markdown text.
    pub text: String,
}

/// The largest written section read: a report's own text, not a book.
pub const MAX_WRITTEN_BYTES: u64 = 1 << 20;

/// Reads a file of at most [`MAX_WRITTEN_BYTES`].
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_WRITTEN_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_WRITTEN_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            "written section too large",
        ));
    }
    Ok(bytes)
}

/// The sub-folder of a year's folder that holds per-domain additions.
pub const DOMAIN_FOLDER: &str = "领域";

/// Reads every `.md` file of `<data_dir>/<year>/` and of its `领域` folder, sorted by
/// name. A file that cannot be read becomes a diagnostic and is left out.
pub fn read_written(data_dir: &Path, year: i32) -> (Vec<WrittenText>, Vec<Diagnostic>) {
    let year_dir = PathBuf::from(year.to_string());
    let mut texts = Vec::new();
    let mut diagnostics = Vec::new();
    for (folder, prefix) in [
        (year_dir.clone(), String::new()),
        (year_dir.join(DOMAIN_FOLDER), format!("{DOMAIN_FOLDER}/")),
    ] {
        let Ok(entries) = std::fs::read_dir(data_dir.join(&folder)) else {
            continue;
        };
        let root = data_dir
            .canonicalize()
            .unwrap_or_else(|_| data_dir.to_path_buf());
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            })
            .collect();
        paths.sort();
        for path in paths {
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let file = folder.join(path.file_name().unwrap_or_default());
            if let Err(why) = super::source::check_regular(&path, &root) {
                diagnostics.push(Diagnostic::error(Some(Location::File { path: file }), why));
                continue;
            }
            match read_limited(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        diagnostics.extend(check_markdown(&text, &file));
                        texts.push(WrittenText {
                            title: format!("{prefix}{stem}"),
                            file,
                            text,
                        })
                    }
                    Err(_) => diagnostics.push(
                        Diagnostic::error(
                            Some(Location::File { path: file }),
                            "文件不是 UTF-8 编码，未使用",
                        )
                        .with_hint(
                            "请另存为 UTF-8 编码（记事本或 WPS：另存为 → 编码选 UTF-8）后重新生成",
                        ),
                    ),
                },
                Err(err) => diagnostics.push(Diagnostic::error(
                    Some(Location::File { path: file }),
                    format!("无法读取书面材料：{}", crate::error::io_reason(&err)),
                )),
            }
        }
    }
    (texts, diagnostics)
}

/// The deepest list nesting the reports lay out; deeper items are set at this depth.
pub const MAX_LIST_DEPTH: usize = 6;

/// Problems of a written section a writer should know, at the file's line: an HTML comment
/// opened and never closed (its text is printed, marked), lists nested deeper than
/// [`MAX_LIST_DEPTH`].
fn check_markdown(text: &str, file: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |offset: usize| {
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[..offset]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        Some(Location::Text {
            path: file.to_path_buf(),
            line,
            column,
        })
    };
    if let Some(open) = text.rfind("<!--")
        && !text[open..].contains("-->")
    {
        out.push(
            Diagnostic::warning(
                at(open),
                "注释“<!--”没有闭合，其后的文字照常印出并标明【注释未闭合】",
            )
            .with_hint("在注释末尾写上“-->”"),
        );
    }
    let mut depth = 0usize;
    let mut deepest: Option<usize> = None;
    for (event, offset) in pulldown_cmark::Parser::new(text).into_offset_iter() {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::List(_)) => {
                depth += 1;
                if depth > MAX_LIST_DEPTH && deepest.is_none() {
                    deepest = Some(offset.start);
                }
            }
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::List(_)) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    if let Some(offset) = deepest {
        out.push(Diagnostic::warning(
            at(offset),
            format!("列表嵌套超过 {MAX_LIST_DEPTH} 层，更深的条目按第 {MAX_LIST_DEPTH} 层排版"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_problems_are_located_at_their_line() {
        let file = Path::new("2025/对策建议.md");
        let got: Vec<String> = check_markdown("第一段。\n\n<!-- 忘了闭合\n第三行", file)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(got.len(), 1);
        assert!(
            got[0].starts_with("警告: 2025/对策建议.md:3:1: 注释“<!--”没有闭合"),
            "{got:?}"
        );
        let deep: String = (0..10)
            .map(|i| format!("{}- 第{i}层\n", "  ".repeat(i)))
            .collect();
        let got = check_markdown(&deep, file);
        assert_eq!(got.len(), 1);
        assert!(got[0].to_string().contains("列表嵌套超过 6 层"), "{got:?}");
    }
}
