//! Caps on a YAML text's size and nesting, checked in one pass before serde_yaml or
//! yaml-rust2 sees it.
//!
//! A YAML nested 100,000 deep is 200 KB (`- - - … x` or `[[[…]]]`) and takes the parsers
//! most of a minute to reject. The scan here counts nesting the way indentation and flow
//! brackets show it: every block collection opened at a new column (including the compact
//! `- - x` and `- key:` forms), plus every `[` and `{` still open, while skipping
//! comments, quoted scalars and block scalars (`|`, `>`). It looks at each byte once.
//! Depth counted this way is never more than the real depth and at least half of it (a
//! sequence written at its parent key's column adds a level without a new column), so
//! the parsers never see more than twice the limit.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Location};

/// How large and how deep a YAML file may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// Largest text, in bytes: 4 MiB. The largest catalog shipped is under 100 KB.
    pub bytes: usize,
    /// Deepest nesting, counted as described in the module: 64. A catalog nests 9 deep
    /// (`domains` › item › `goals` › item › `indicators` › item › `targets` › item › field).
    pub depth: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits {
            bytes: 4 * 1024 * 1024,
            depth: 64,
        }
    }
}

/// Reads the YAML file at `path` (a catalog, a method file; `what` names it in messages)
/// as UTF-8 text, reading no more than the default size limit allows, and checks it with
/// [`check_yaml`].
pub fn read_yaml(path: &Path, what: &str) -> Result<String, Diagnostics> {
    use std::io::Read;
    let at = || {
        Some(Location::File {
            path: path.to_path_buf(),
        })
    };
    // A pipe or a device would block or never end.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(Diagnostics(vec![Diagnostic::error(
            at(),
            format!("无法读取{what}：不是普通文件（可能是文件夹、管道或设备）"),
        )]));
    }
    let max = YamlLimits::default().bytes;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(max as u64 + 1).read_to_end(&mut bytes))
        .map_err(|err| {
            Diagnostics(vec![Diagnostic::error(
                at(),
                format!("无法读取{what}：{}", crate::error::io_reason(&err)),
            )])
        })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let bytes = err.into_bytes();
            let line = 1 + bytes[..std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to())]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            return Err(Diagnostics(vec![
                Diagnostic::error(
                    Some(Location::Text {
                        path: path.to_path_buf(),
                        line,
                        column: 1,
                    }),
                    format!("{what}文件不是 UTF-8 编码，请另存为 UTF-8"),
                )
                .with_hint("用记事本或 WPS 打开，另存为时编码选 UTF-8"),
            ]));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    check_yaml(&text, path)?;
    Ok(text)
}

/// Checks `text` against the default [`YamlLimits`]; `path` is used in messages only.
pub fn check_yaml(text: &str, path: &Path) -> Result<(), Diagnostics> {
    check_yaml_with(text, path, &YamlLimits::default())
}

/// Checks `text` against `limits`: an error at the file when it is too large, at
/// `file:line:column` of the first node nested too deep.
pub fn check_yaml_with(text: &str, path: &Path, limits: &YamlLimits) -> Result<(), Diagnostics> {
    if text.len() > limits.bytes {
        return Err(Diagnostics(vec![
            Diagnostic::error(
                Some(Location::File {
                    path: path.to_path_buf(),
                }),
                format!(
                    "YAML 文件大小 {}，超出读取上限（{}）",
                    megabytes(text.len()),
                    megabytes(limits.bytes)
                ),
            )
            .with_hint("目标清单和方法参数文件通常只有几十 KB：检查是否选错了文件"),
        ]));
    }
    match too_deep(text, limits.depth) {
        None => Ok(()),
        Some((line, column)) => Err(Diagnostics(vec![
            Diagnostic::error(
                Some(Location::Text {
                    path: path.to_path_buf(),
                    line,
                    column,
                }),
                format!("YAML 嵌套超过 {} 层，超出读取上限", limits.depth),
            )
            .with_hint("检查这里的缩进和括号是否有误：目标清单的结构不会嵌套这么深（格式说明见 docs/catalog.md）"),
        ])),
    }
}

fn megabytes(bytes: usize) -> String {
    let text = format!("{:.1}", bytes as f64 / (1024.0 * 1024.0));
    format!("{} MB", text.strip_suffix(".0").unwrap_or(&text))
}

/// Where nesting first goes past `max`: 1-based line and column (in characters).
fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    let mut scan = Scan {
        block: Vec::new(),
        flow: 0,
        quote: None,
        literal: None,
        max,
    };
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(col) = scan.line(line.as_bytes()) {
            return Some((i + 1, line[..col].chars().count() + 1));
        }
    }
    None
}

struct Scan {
    /// Columns of the open block collections, innermost last.
    block: Vec<usize>,
    /// Open `[` and `{`.
    flow: usize,
    /// The quote of a quoted scalar that goes on past the line.
    quote: Option<u8>,
    /// Inside a block scalar: lines indented more than this are its content (`None`
    /// inside: a block scalar at the top, which runs to the document's end).
    literal: Option<Option<usize>>,
    max: usize,
}

impl Scan {
    /// Scans one line; `Some(byte column)` where nesting passes the limit.
    fn line(&mut self, line: &[u8]) -> Option<usize> {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = &line[indent..];
        let marker = indent == 0
            && (rest.starts_with(b"---") || rest.starts_with(b"..."))
            && rest.get(3).is_none_or(|b| b.is_ascii_whitespace());
        if let Some(parent) = self.literal {
            let content = rest.is_empty() || parent.is_none_or(|p| indent > p);
            if content && !marker {
                return None;
            }
            self.literal = None;
        }
        let mut col = indent;
        if self.quote.is_none() && self.flow == 0 {
            if rest.is_empty() || rest[0] == b'#' || (indent == 0 && rest[0] == b'%') {
                return None;
            }
            if marker {
                self.block.clear();
                col = 3;
            } else {
                while self.block.last().is_some_and(|&top| top > indent) {
                    self.block.pop();
                }
                // `- `, `? ` and `: ` each open a collection at their column.
                while matches!(line.get(col), Some(b'-' | b'?' | b':'))
                    && line.get(col + 1).is_none_or(|&b| b == b' ')
                {
                    if self.open(col) {
                        return Some(col);
                    }
                    col += 1;
                    while line.get(col) == Some(&b' ') {
                        col += 1;
                    }
                }
                if is_key(&line[col..]) && self.open(col) {
                    return Some(col);
                }
            }
        } else {
            col = 0;
        }
        self.chars(line, col)
    }

    /// Opens a block collection at `col` unless one is open there already; whether that
    /// passes the limit.
    fn open(&mut self, col: usize) -> bool {
        if self.block.last().is_none_or(|&top| col > top) {
            self.block.push(col);
        }
        self.block.len() + self.flow > self.max
    }

    /// Scans the rest of a line for quotes, flow brackets, comments and block scalars.
    fn chars(&mut self, line: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        // Whether a node may start here: after an indicator, a bracket, a comma, or a
        // tag or anchor, not inside a plain scalar.
        let mut node_start = true;
        let mut after_space = true;
        while i < line.len() {
            let b = line[i];
            if let Some(q) = self.quote {
                if q == b'"' && b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && line.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                    node_start = false;
                }
                i += 1;
                continue;
            }
            match b {
                b' ' | b'\t' => {
                    after_space = true;
                    i += 1;
                    continue;
                }
                b'#' if after_space => return None,
                b'"' | b'\'' if node_start => self.quote = Some(b),
                b'[' | b'{' if node_start || self.flow > 0 => {
                    self.flow += 1;
                    if self.block.len() + self.flow > self.max {
                        return Some(i);
                    }
                    node_start = true;
                    after_space = false;
                    i += 1;
                    continue;
                }
                b']' | b'}' if self.flow > 0 => self.flow -= 1,
                b'|' | b'>' if node_start && self.flow == 0 => {
                    self.literal = Some(self.block.last().copied());
                    return None;
                }
                b',' if self.flow > 0 => {
                    node_start = true;
                    after_space = false;
                    i += 1;
                    continue;
                }
                b':' | b'-' | b'?'
                    if line.get(i + 1).is_none_or(|&n| n == b' ' || n == b'\t')
                        && (node_start || b == b':') =>
                {
                    node_start = true;
                    after_space = false;
                    i += 1;
                    continue;
                }
                b'!' | b'&' if node_start => {
                    // A tag or an anchor: a node may still start after it.
                    while i < line.len() && line[i] != b' ' {
                        i += 1;
                    }
                    continue;
                }
                _ => {}
            }
            node_start = false;
            after_space = false;
            i += 1;
        }
        None
    }
}

/// Whether a line's content from here is a mapping key: `key:` followed by a space or the
/// end, before any comment; quoted keys too.
fn is_key(rest: &[u8]) -> bool {
    let mut i = 0;
    match rest.first() {
        Some(&q @ (b'"' | b'\'')) => {
            i = 1;
            while i < rest.len() {
                if q == b'"' && rest[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if rest[i] == q {
                    if q == b'\'' && rest.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            while rest.get(i) == Some(&b' ') {
                i += 1;
            }
            return rest.get(i) == Some(&b':')
                && rest.get(i + 1).is_none_or(|&b| b == b' ' || b == b'\t');
        }
        Some(b'[' | b'{' | b'#' | b'|' | b'>' | b'&' | b'*' | b'!') | None => return false,
        _ => {}
    }
    while i < rest.len() {
        match rest[i] {
            b':' if rest.get(i + 1).is_none_or(|&b| b == b' ' || b == b'\t') => return true,
            b'#' if rest[i - 1] == b' ' => return false,
            _ => {}
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn depth_error(text: &str) -> Option<(usize, usize)> {
        too_deep(text, 64)
    }

    #[test]
    fn real_catalogs_pass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = 0;
        let mut dirs = vec![root.join("sample-data"), root.join("tests")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert_eq!(check_yaml(&text, &path), Ok(()), "{}", path.display());
                    // Real catalogs are shallow: a quarter of the limit is plenty.
                    assert_eq!(too_deep(&text, 16), None, "{}", path.display());
                    found += 1;
                }
            }
        }
        assert!(found > 5, "{found} YAML files");
    }

    #[test]
    fn depth_counts_indentation_and_brackets() {
        let nested = |depth: usize| {
            (0..depth)
                .map(|d| format!("{}k{d}:\n", "  ".repeat(d)))
                .collect::<String>()
        };
        assert_eq!(depth_error(&nested(64)), None);
        assert_eq!(depth_error(&nested(65)), Some((65, 129)));
        assert_eq!(
            depth_error(&format!("a: {}1{}", "[".repeat(63), "]".repeat(63))),
            None
        );
        assert_eq!(
            depth_error(&format!("a: {}", "[".repeat(64))),
            Some((1, 67))
        );
        assert_eq!(
            depth_error(&format!("{}x", "- ".repeat(65))),
            Some((1, 129))
        );
        // A sequence at its parent key's column adds no column: counted once per line.
        let items: String = (0..70)
            .map(|d| format!("{}- a:\n", "  ".repeat(d)))
            .collect();
        assert_eq!(depth_error(&items), Some((64, 129)));
        // Flow collections over several lines.
        let flow = format!("a: [\n{}\n]", "[\n".repeat(64));
        assert_eq!(depth_error(&flow), Some((64, 1)));
    }

    #[test]
    fn brackets_and_dashes_in_text_are_not_nesting() {
        let text = [
            "name: \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"",
            "note: '{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{''s'",
            "plain: a[b] c{d} - - - - - [x",
            "# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "text: |",
            "  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
            "  - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
            "more: \"multi",
            "  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ \\\" line\"",
            "last: [a, 'b]', \"c]\"]",
        ]
        .join("\n");
        assert_eq!(depth_error(&text), None);
    }

    #[test]
    fn a_100000_deep_yaml_is_rejected_in_milliseconds() {
        let block = format!("{}x\n", "- ".repeat(100_000));
        let flow = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let bare = "[".repeat(100_000);
        for (text, column) in [(&block, 129), (&flow, 67), (&bare, 65)] {
            let start = Instant::now();
            // Through the catalog's own parse, which checks before serde_yaml runs.
            let Err(Diagnostics(diagnostics)) = crate::catalog::parse(text, Path::new("plan.yaml"))
            else {
                panic!("accepted");
            };
            assert!(
                start.elapsed() < Duration::from_millis(100),
                "{:?}",
                start.elapsed()
            );
            assert_eq!(
                diagnostics[0].to_string(),
                format!(
                    "错误: plan.yaml:1:{column}: YAML 嵌套超过 64 层，超出读取上限\n  提示: 检查这里的缩进和括号是否有误：目标清单的结构不会嵌套这么深（格式说明见 docs/catalog.md）"
                )
            );
        }
    }

    #[test]
    fn the_scan_is_linear_on_text_that_passes() {
        // 4 MB of shallow YAML, the most the size limit lets through.
        let text = "- {a: [1, 2, 3], b: 'x', c: \"y\"}  # z\n".repeat(100_000);
        let start = Instant::now();
        assert_eq!(check_yaml(&text, Path::new("plan.yaml")), Ok(()));
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn size_is_capped() {
        let text = "a: 1\n".repeat(1_000_000);
        let Err(Diagnostics(diagnostics)) = check_yaml(&text, Path::new("plan.yaml")) else {
            panic!("accepted");
        };
        assert_eq!(
            diagnostics[0].to_string(),
            "错误: plan.yaml: YAML 文件大小 4.8 MB，超出读取上限（4 MB）\n  提示: 目标清单和方法参数文件通常只有几十 KB：检查是否选错了文件"
        );
    }
}
