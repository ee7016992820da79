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
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension()
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
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => texts.push(WrittenText {
                        title: format!("{prefix}{stem}"),
                        file,
                        text,
                    }),
                    Err(_) => diagnostics.push(
                        Diagnostic::error(
                            Some(Location::File { path: file }),
                            "书面材料不是 UTF-8 编码，未使用",
                        )
                        .with_hint("请用记事本或 WPS 另存为 UTF-8 编码后重新生成"),
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
