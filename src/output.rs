//! Output files: names made safe from catalog text, and writes that never leave a
//! truncated file under its final name.
//!
//! Every name attain writes (report files, unit templates, the group's workbook) is built
//! by [`file_name`] from text of the catalog (titles, unit names), so a unit named
//! `../../x` or `/abs/path` cannot write outside `--out`, and [`distinct`] gives two names
//! that sanitise alike different files. Every write goes through [`write_atomically`]: a
//! temporary file in the same folder, renamed into place.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The most bytes of a file name attain writes, extension included: below the 255 of
/// common file systems, with room for `（2）` and a temporary suffix.
pub const MAX_NAME_BYTES: usize = 200;

/// Text made safe as one file name: path separators, characters Windows forbids and
/// control characters become `_`; leading and trailing dots and spaces go; `.`, `..` and
/// Windows device names get a `_` in front; a name longer than [`MAX_NAME_BYTES`] with
/// `extension` is cut at a character boundary and ends with a short hash of the whole text,
/// so the same text always gives the same name.
pub fn file_name(text: &str, extension: &str) -> String {
    let mut name: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    const DEVICES: &[&str] = &[
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "LPT1", "LPT2", "LPT3",
    ];
    if name.is_empty() || DEVICES.contains(&name.to_uppercase().as_str()) {
        name.insert(0, '_');
    }
    let suffix = if extension.is_empty() {
        String::new()
    } else {
        format!(".{extension}")
    };
    if name.len() + suffix.len() > MAX_NAME_BYTES {
        let hash = short_hash(text);
        let room = MAX_NAME_BYTES - suffix.len() - hash.len() - "…".len();
        let mut cut = room;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name = format!("{}…{hash}", &name[..cut]);
    }
    format!("{name}{suffix}")
}

/// Eight hexadecimal digits of a stable hash (FNV-1a) of `text`.
fn short_hash(text: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in text.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

/// File names for `texts`, in order, made distinct: the second text that sanitises to the
/// same name as an earlier one gets `（2）`, the third `（3）` …
pub fn distinct(texts: &[&str], extension: &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    texts
        .iter()
        .map(|text| {
            let base = file_name(text, "");
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let text = if *n == 1 {
                text.to_string()
            } else {
                format!("{base}（{n}）")
            };
            file_name(&text, extension)
        })
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into
/// place: a kill or a full disk never leaves a truncated file under the final name.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".attain-")
        .suffix(".part")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_data()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_catalog_cannot_leave_the_folder() {
        assert_eq!(
            file_name("株洲市妇女发展规划（2021—2025年）", "pdf"),
            "株洲市妇女发展规划（2021—2025年）.pdf"
        );
        assert_eq!(
            file_name("市卫健委/疾控中心", "xlsx"),
            "市卫健委_疾控中心.xlsx"
        );
        assert_eq!(file_name("../../x", "xlsx"), "_.._x.xlsx");
        assert_eq!(file_name("/abs/path", ""), "_abs_path");
        assert_eq!(file_name("..", "xlsx"), "_.xlsx");
        assert_eq!(file_name("NUL", "pdf"), "_NUL.pdf");
        assert_eq!(file_name("a\u{1b}[2Jb", ""), "a_[2Jb");
    }

    #[test]
    fn long_names_are_shortened_the_same_way_every_time() {
        let title = "很长的规划名称".repeat(12);
        let name = file_name(&title, "pdf");
        assert!(name.len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        assert!(name.ends_with(".pdf"));
        assert_eq!(name, file_name(&title, "pdf"));
        assert_ne!(name, file_name(&format!("{title}甲"), "pdf"));
    }

    #[test]
    fn names_that_sanitise_alike_stay_apart() {
        assert_eq!(
            distinct(&["市教育局/分局", "市教育局_分局", "市妇联"], "xlsx"),
            [
                "市教育局_分局.xlsx",
                "市教育局_分局（2）.xlsx",
                "市妇联.xlsx"
            ]
        );
    }

    #[test]
    fn writes_replace_the_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
