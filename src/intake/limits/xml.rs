//! What the XML scanners share: calamine's reader settings, its attribute syntax, and a
//! stack that proves elements nest.
//!
//! The scanners see exactly the events calamine sees (same quick-xml, same settings). Where
//! calamine's reading depends on nesting — which `<c>` a cell ends at, which `<si>` a
//! string is — the scanners require the XML to nest properly from the first `sheetData`,
//! `sst` or `styleSheet` on; calamine does not check, so a file that does not nest could
//! otherwise show calamine more than the scanner counted.

use std::io::BufRead;

use quick_xml::Reader;

/// A reader configured as calamine configures its own.
pub(super) fn reader<R: BufRead>(input: R) -> Reader<R> {
    let mut reader = Reader::from_reader(input);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// The attributes of a start tag as calamine reads them (`calamine::attrs`): key and raw
/// value, `Err` for a key without `=` or a value without quotes.
pub(super) fn attributes(raw: &str) -> impl Iterator<Item = Result<(&str, &str), ()>> {
    let bytes = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let key_start = pos;
        while pos < bytes.len() && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= bytes.len() {
            pos = bytes.len();
            return Some(Err(()));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => {
                pos = bytes.len();
                return Some(Err(()));
            }
        };
        pos += 1;
        let value_start = pos;
        while pos < bytes.len() && bytes[pos] != quote {
            pos += 1;
        }
        let value = &raw[value_start..pos];
        if pos < bytes.len() {
            pos += 1;
        }
        Some(Ok((key, value)))
    })
}

/// The value of `key` as calamine's `raw_attr` finds it: the first attribute of that name,
/// the attributes after it not read; `Err` when one before it does not parse (calamine fails
/// on the element). Where calamine looks a key up this way, the scanners must too: junk after
/// the attribute fails `pick`, but not calamine.
pub(super) fn raw_attr<'a>(raw: &'a str, key: &str) -> Result<Option<&'a str>, ()> {
    for attribute in attributes(raw) {
        let (k, v) = attribute?;
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// The values of `keys` in a start tag, each `None` when absent. `Err(None)` when the
/// attributes do not parse (calamine fails on the element), `Err(Some(key))` when a key
/// is given twice (calamine would take one or the other depending on the order).
pub(super) fn pick<'a, const N: usize>(
    raw: &'a str,
    keys: [&str; N],
) -> Result<[Option<&'a str>; N], Option<String>> {
    let mut found = [None; N];
    for attribute in attributes(raw) {
        let (key, value) = attribute.map_err(|()| None)?;
        if let Some(i) = keys.iter().position(|k| *k == key) {
            if found[i].is_some() {
                return Err(Some(key.to_string()));
            }
            found[i] = Some(value);
        }
    }
    Ok(found)
}

/// The open elements, once a scanner has started to check nesting.
#[derive(Debug, Default)]
pub(super) struct Nesting {
    names: String,
    ends: Vec<usize>,
    /// Checking has started.
    pub(super) on: bool,
}

impl Nesting {
    /// Opens an element; `Err` with a description when nesting is deeper than `max`.
    pub(super) fn open(&mut self, name: &str, max: u64) -> Result<(), String> {
        if !self.on {
            return Ok(());
        }
        if self.ends.len() as u64 >= max {
            return Err(format!("元素嵌套超过 {max} 层"));
        }
        self.names.push_str(name);
        self.ends.push(self.names.len());
        Ok(())
    }

    /// Closes an element; `Err` with a description when it is not the innermost one open.
    /// Closing an element opened before checking started is allowed.
    pub(super) fn close(&mut self, name: &str) -> Result<(), String> {
        if !self.on {
            return Ok(());
        }
        let Some(end) = self.ends.pop() else {
            return Ok(());
        };
        let start = self.ends.last().copied().unwrap_or(0);
        let open = &self.names[start..end];
        if open != name {
            return Err(format!("<{open}> 以 </{name}> 结束"));
        }
        self.names.truncate(start);
        Ok(())
    }

    /// How many elements are open since checking started.
    pub(super) fn depth(&self) -> usize {
        self.ends.len()
    }
}

/// The part of a name after its namespace prefix, as quick-xml's `local_name`.
pub(super) fn local(name: &str) -> &str {
    match name.bytes().rposition(|b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// Parses a cell reference like calamine (`get_row_and_optional_column`), into 1-based
/// row and column (column 0: none given), saturating instead of overflowing. `None` where
/// calamine fails.
pub(super) fn cell_reference(text: &str) -> Option<(u64, u64)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut column: u64 = 0;
    let mut row: u64 = 0;
    while i < bytes.len() {
        match bytes[i] {
            c @ b'A'..=b'Z' => {
                column = column
                    .saturating_mul(26)
                    .saturating_add((c - b'A') as u64 + 1)
            }
            c @ b'a'..=b'z' => {
                column = column
                    .saturating_mul(26)
                    .saturating_add((c - b'a') as u64 + 1)
            }
            c @ b'0'..=b'9' => {
                row = (c - b'0') as u64;
                i += 1;
                break;
            }
            _ => return None,
        }
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            c @ b'0'..=b'9' => row = row.saturating_mul(10).saturating_add((c - b'0') as u64),
            _ => return None,
        }
        i += 1;
    }
    (row >= 1).then_some((row, column))
}

/// A plain decimal number, as written by every spreadsheet program; `None` for anything
/// else, where a scanner must assume the worst.
pub(super) fn number(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 19 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_parse_like_calamine() {
        let got: Vec<_> = attributes(r#" r="A1" t='s' s = "3""#).collect();
        assert_eq!(got, vec![Ok(("r", "A1")), Ok(("t", "s")), Ok(("s", "3"))]);
        assert_eq!(attributes(" r").collect::<Vec<_>>(), vec![Err(())]);
        assert_eq!(attributes(" r=A1").collect::<Vec<_>>(), vec![Err(())]);
        assert_eq!(
            pick(r#" r="A1" t="s""#, ["r", "t"]),
            Ok([Some("A1"), Some("s")])
        );
        assert_eq!(pick(r#" r="A1" r="B2""#, ["r"]), Err(Some("r".to_string())));
    }

    #[test]
    fn references_saturate() {
        assert_eq!(cell_reference("A1"), Some((1, 1)));
        assert_eq!(cell_reference("XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_reference("7"), Some((7, 0)));
        assert_eq!(cell_reference("A0"), None);
        assert_eq!(cell_reference("A-1"), None);
        let (row, column) = cell_reference("ZZZZZZZZZZZZZZZZ99999999999999999999999").unwrap();
        assert_eq!((row, column), (u64::MAX, u64::MAX));
    }

    #[test]
    fn nesting_is_checked_once_on() {
        let mut nesting = Nesting::default();
        nesting.close("worksheet").unwrap();
        nesting.on = true;
        nesting.open("sheetData", 4).unwrap();
        nesting.open("row", 4).unwrap();
        assert!(nesting.close("c").is_err());
        let mut nesting = Nesting {
            on: true,
            ..Nesting::default()
        };
        nesting.open("a", 1).unwrap();
        assert!(nesting.open("b", 1).is_err());
        nesting.close("a").unwrap();
        nesting.close("worksheet").unwrap();
    }
}
