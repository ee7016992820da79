//! A closed Typst world: one generated source, the shared template modules, the bundled
//! fonts, a fixed date.
//!
//! Nothing else is reachable: every other file is `AccessDenied`, packages cannot be
//! downloaded, and `datetime.today()` is the report's own date, so the same input always
//! gives the same PDF.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::FontSet;

/// The standard library, built once per process.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The id of a file at the project root, e.g. `/style.typ`.
pub fn file_id(name: &str) -> FileId {
    let path = VirtualPath::new(format!("/{name}"))
        .unwrap_or_else(|_| VirtualPath::new("/report.typ").expect("a fixed path is valid"));
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// The world one report is compiled in.
pub struct ReportWorld<'a> {
    fonts: &'a FontSet,
    main: Source,
    /// The shared template modules the report may `#import` (allow-listed files).
    modules: &'a [Source],
    today: Datetime,
}

impl<'a> ReportWorld<'a> {
    /// A world whose main file is `source`, named `name` in diagnostics, beside the
    /// allow-listed `modules`. `today` is what `datetime.today()` returns; a date Typst
    /// cannot hold falls back to 1 January 1970 (validation keeps real dates in range).
    pub fn new(
        name: &str,
        source: String,
        fonts: &'a FontSet,
        modules: &'a [Source],
        today: NaiveDate,
    ) -> Self {
        let today = u8::try_from(today.month())
            .ok()
            .zip(u8::try_from(today.day()).ok())
            .and_then(|(m, d)| Datetime::from_ymd(today.year(), m, d))
            .or_else(|| Datetime::from_ymd(1970, 1, 1))
            .expect("1970-01-01 is a valid Typst date");
        ReportWorld {
            fonts,
            main: Source::new(file_id(name), source),
            modules,
            today,
        }
    }

    /// The generated source.
    pub fn main_source(&self) -> &Source {
        &self.main
    }

    /// The source with this id: the main file or a module.
    pub fn lookup(&self, id: FileId) -> Option<&Source> {
        std::iter::once(&self.main)
            .chain(self.modules)
            .find(|s| s.id() == id)
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.lookup(id).cloned().ok_or(FileError::AccessDenied)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.lookup(id)
            .map(|s| Bytes::from_string(s.clone()))
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
