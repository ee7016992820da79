//! The bundled Chinese fonts, loaded once per process.
//!
//! The fonts in `fonts/` are compiled into the binary, so the installed program needs no
//! font files at run time and sees no system fonts. `--font-dir` adds more.

use std::path::Path;
use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The bundled font files: name and bytes.
const BUNDLED: &[(&str, &[u8])] = &[
    (
        "NotoSerifCJKsc-Black.otf",
        include_bytes!("../../fonts/NotoSerifCJKsc-Black.otf"),
    ),
    (
        "NotoSansSC-Regular.otf",
        include_bytes!("../../fonts/NotoSansSC-Regular.otf"),
    ),
    (
        "LXGWWenKai-Regular.ttf",
        include_bytes!("../../fonts/LXGWWenKai-Regular.ttf"),
    ),
    (
        "FandolFang-Regular.otf",
        include_bytes!("../../fonts/FandolFang-Regular.otf"),
    ),
    (
        "FandolSong-Regular.otf",
        include_bytes!("../../fonts/FandolSong-Regular.otf"),
    ),
];

/// Font families the shipped templates use, with the role each plays.
pub const FAMILIES: &[(&str, &str)] = &[
    ("Noto Serif CJK SC", "小标宋（标题）"),
    ("Noto Sans SC", "黑体（一级标题、表头）"),
    ("LXGW WenKai", "楷体（二级标题）"),
    ("FandolFang R", "仿宋（正文）"),
    ("FandolSong", "宋体（页码、统计资料表格）"),
];

/// A set of fonts and the book Typst selects from.
pub struct FontSet {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

impl FontSet {
    /// The bundled fonts, parsed on first use and shared by every render in the process.
    pub fn bundled() -> &'static FontSet {
        static BUNDLED_SET: LazyLock<FontSet> = LazyLock::new(|| {
            let fonts = BUNDLED
                .iter()
                .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
                .collect();
            FontSet::from_fonts(fonts)
        });
        &BUNDLED_SET
    }

    /// The bundled fonts plus every font file in `dir`.
    pub fn bundled_and_dir(dir: &Path) -> std::io::Result<FontSet> {
        let mut fonts = FontSet::bundled().fonts.clone();
        let mut paths: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_lowercase().as_str(), "ttf" | "otf" | "ttc" | "otc")
                })
            })
            .collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path)?;
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        Ok(FontSet::from_fonts(fonts))
    }

    fn from_fonts(fonts: Vec<Font>) -> FontSet {
        FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_family_is_bundled() {
        let set = FontSet::bundled();
        for (family, role) in FAMILIES {
            assert!(
                set.book.contains_family(&family.to_lowercase()),
                "{family} ({role}) missing; have: {:?}",
                set.fonts
                    .iter()
                    .map(|f| f.info().family.clone())
                    .collect::<Vec<_>>()
            );
        }
    }
}
