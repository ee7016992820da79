//! A closed Typst world: one generated source, the bundled fonts, a fixed date.
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

/// The world one report is compiled in.
pub struct ReportWorld<'a> {
    fonts: &'a FontSet,
    main: Source,
    today: Datetime,
}

impl<'a> ReportWorld<'a> {
    /// A world whose only file is `source`, named `name` in diagnostics.
    pub fn new(name: &str, source: String, fonts: &'a FontSet, today: NaiveDate) -> Self {
        let path = VirtualPath::new(format!("/{name}"))
            .unwrap_or_else(|_| VirtualPath::new("/report.typ").expect("a fixed path is valid"));
        let id = RootedPath::new(VirtualRoot::Project, path).intern();
        let today = Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
            .expect("a chrono date is a valid Typst date");
        ReportWorld {
            fonts,
            main: Source::new(id, source),
            today,
        }
    }

    /// The generated source.
    pub fn source(&self) -> &Source {
        &self.main
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
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
