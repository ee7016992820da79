//! Diagnostics: one type for every problem found in user input, carrying where it is.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of failing on the first one, so
//! a user sees all of them at once and the good data is still used. The binary prints them
//! in Chinese at the edge; tests compare the rendered text.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost.
    Note,
    /// Something was skipped or guessed; the output is still produced.
    Warning,
    /// The input is wrong; the affected value or file was not used.
    Error,
}

impl Severity {
    /// The Chinese word shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Note => "说明",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// Where a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// A whole file.
    File { path: PathBuf },
    /// A position in a text file (YAML, template), both 1-based.
    Text {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// A cell of a workbook.
    Cell(CellRef),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File { path } => write!(f, "{}", path.display()),
            Location::Text { path, line, column } => {
                write!(f, "{}:{line}:{column}", path.display())
            }
            Location::Cell(cell) => write!(f, "{cell}"),
        }
    }
}

/// A cell in a workbook, printed as `file › sheet!E7`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    /// The workbook, as given to the program (usually relative to the data folder).
    pub file: PathBuf,
    /// The sheet name.
    pub sheet: String,
    /// Zero-based row index.
    pub row: u32,
    /// Zero-based column index.
    pub col: u32,
}

impl CellRef {
    /// Builds a reference from zero-based coordinates.
    pub fn new(file: impl AsRef<Path>, sheet: &str, row: u32, col: u32) -> Self {
        CellRef {
            file: file.as_ref().to_path_buf(),
            sheet: sheet.to_string(),
            row,
            col,
        }
    }

    /// The A1-style address, e.g. `E7`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_letters(self.col), self.row + 1)
    }
}

impl fmt::Display for CellRef {
    /// `file › sheet!E7`, or `file › E7` for a file of one unnamed sheet (CSV).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "{} › {}", self.file.display(), self.a1())
        } else {
            write!(f, "{} › {}!{}", self.file.display(), self.sheet, self.a1())
        }
    }
}

/// Column letters for a zero-based column index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// One problem in the input, with its location, message and an optional hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What to do about it, in Chinese.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at a location.
    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// A note at a location.
    pub fn note(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(location, message)
        }
    }

    /// Adds a hint saying what to change.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages quote cells and file names: print them inert.
        let message = printable(&self.message);
        match &self.location {
            Some(location) => write!(
                f,
                "{}: {}: {message}",
                self.severity.label(),
                printable(&location.to_string())
            )?,
            None => write!(f, "{}: {message}", self.severity.label())?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  提示: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Several diagnostics that together made an operation fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// `text` made safe to print to a terminal: control characters (an ESC that starts a
/// colour or clear-screen sequence, a carriage return that overwrites the line) and the
/// invisible bidirectional overrides are shown as `\u{1b}`-style escapes, and so are new
/// lines and tabs, so that a cell's text cannot start a line that looks like one of ours.
/// Cell text and file names reach the terminal only through this.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_in_cell_text_are_shown_not_obeyed() {
        assert_eq!(printable("孕产妇死亡率"), "孕产妇死亡率");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\n错误: 伪造"), "x\\u{a}错误: 伪造");
        assert_eq!(printable("\u{202e}gpj.exe"), "\\u{202e}gpj.exe");
        let d = Diagnostic::warning(
            Some(Location::File {
                path: "a\rb.xlsx".into(),
            }),
            "值“\u{1b}]0;x\u{7}”",
        );
        assert_eq!(d.to_string(), "警告: a\\u{d}b.xlsx: 值“\\u{1b}]0;x\\u{7}”");
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn cell_prints_file_sheet_and_a1() {
        let cell = CellRef::new("市卫生健康委.xlsx", "监测数据", 6, 4);
        assert_eq!(cell.to_string(), "市卫生健康委.xlsx › 监测数据!E7");
        let csv = CellRef::new("市卫生健康委.csv", "", 4, 2);
        assert_eq!(csv.to_string(), "市卫生健康委.csv › C5");
    }

    #[test]
    fn diagnostic_prints_location_and_hint() {
        let d = Diagnostic::error(
            Some(Location::Text {
                path: "women.yaml".into(),
                line: 3,
                column: 5,
            }),
            "重复的指标编号",
        )
        .with_hint("改用唯一的编号");
        assert_eq!(
            d.to_string(),
            "错误: women.yaml:3:5: 重复的指标编号\n  提示: 改用唯一的编号"
        );
    }
}
