//! Stage 5: view model → Typst source (minijinja) → PDF (typst, typst-pdf).
//!
//! Templates are Typst files with minijinja tags, shipped in `report-templates/` and
//! compiled into the binary; a folder given with `--templates` replaces them file by
//! file. Every printed value is escaped for Typst unless a template marks it `safe`, and a
//! misspelled field is an error. Typst compiles in a closed [`world::ReportWorld`]; any
//! warning (such as an unknown font) is treated as an error.

mod escape;
mod fonts;
mod world;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

pub use escape::{escape_markup, quote_string};
pub use fonts::{FAMILIES, FontSet};
pub use world::ReportWorld;

/// The shipped templates: file name and text.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "style.typ",
        include_str!("../../report-templates/style.typ"),
    ),
    (
        "charts.typ",
        include_str!("../../report-templates/charts.typ"),
    ),
    (
        "annual.typ",
        include_str!("../../report-templates/annual.typ"),
    ),
    (
        "booklet.typ",
        include_str!("../../report-templates/booklet.typ"),
    ),
    (
        "evaluation.typ",
        include_str!("../../report-templates/evaluation.typ"),
    ),
    ("unit.typ", include_str!("../../report-templates/unit.typ")),
];

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("无法读取模板文件夹 {path}：{source}")]
    TemplateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("模板错误：{0}")]
    Template(String),
    #[error("排版失败：\n{0}")]
    Typst(String),
    #[error("排版时出现警告（按错误处理）：\n{0}")]
    Warnings(String),
    #[error("PDF 导出失败：\n{0}")]
    Pdf(String),
    #[error("无法读取字体文件夹 {path}：{source}")]
    FontDir {
        path: String,
        source: std::io::Error,
    },
}

/// Turns view models into Typst source and PDF. Templates are parsed once, when the
/// renderer is made; fonts are shared.
pub struct Renderer {
    env: Environment<'static>,
    fonts: FontChoice,
}

enum FontChoice {
    Bundled,
    Extra(Box<FontSet>),
}

impl Renderer {
    /// A renderer with the shipped templates and the bundled fonts.
    pub fn new() -> Result<Renderer, RenderError> {
        Renderer::with_overrides(None, None)
    }

    /// A renderer whose templates are replaced, file by file, by those in `template_dir`,
    /// and whose fonts are extended by those in `font_dir`.
    pub fn with_overrides(
        template_dir: Option<&Path>,
        font_dir: Option<&Path>,
    ) -> Result<Renderer, RenderError> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|_| AutoEscape::Custom("typst".into()));
        env.set_formatter(escape::typst_formatter);
        env.add_filter("typst_str", escape::typst_str);
        env.add_filter("typst_value", escape::typst_value);
        env.add_filter("chinese_numeral", |n: usize| {
            crate::catalog::chinese_numeral(n)
        });
        for (name, text) in TEMPLATES {
            let text = match template_dir.map(|dir| dir.join(name)) {
                Some(path) if path.exists() => {
                    std::fs::read_to_string(&path).map_err(|source| RenderError::TemplateDir {
                        path: path.display().to_string(),
                        source,
                    })?
                }
                _ => text.to_string(),
            };
            env.add_template_owned(*name, text)
                .map_err(|err| RenderError::Template(describe_template_error(&err)))?;
        }
        let fonts = match font_dir {
            None => FontChoice::Bundled,
            Some(dir) => FontChoice::Extra(Box::new(FontSet::bundled_and_dir(dir).map_err(
                |source| RenderError::FontDir {
                    path: dir.display().to_string(),
                    source,
                },
            )?)),
        };
        Ok(Renderer { env, fonts })
    }

    fn fonts(&self) -> &FontSet {
        match &self.fonts {
            FontChoice::Bundled => FontSet::bundled(),
            FontChoice::Extra(set) => set,
        }
    }

    /// Fills template `name` with `model` and returns the Typst source.
    pub fn typst_source(&self, name: &str, model: &impl Serialize) -> Result<String, RenderError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|err| RenderError::Template(describe_template_error(&err)))?;
        template
            .render(minijinja::Value::from(minijinja::value::Serde(model)))
            .map_err(|err| RenderError::Template(describe_template_error(&err)))
    }

    /// Compiles Typst source into a laid-out document. `name` appears in error messages;
    /// `date` is what `datetime.today()` returns. Any warning fails the compile.
    pub fn document(
        &self,
        name: &str,
        source: String,
        date: NaiveDate,
    ) -> Result<PagedDocument, RenderError> {
        let world = ReportWorld::new(name, source, self.fonts(), date);
        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned
            .output
            .map_err(|errors| RenderError::Typst(describe(&world, &errors)))?;
        if !warned.warnings.is_empty() {
            return Err(RenderError::Warnings(describe(&world, &warned.warnings)));
        }
        Ok(document)
    }

    /// Compiles Typst source to PDF bytes: [`Renderer::document`], then [`export_pdf`].
    pub fn pdf(
        &self,
        name: &str,
        source: String,
        date: NaiveDate,
        ident: &str,
    ) -> Result<Vec<u8>, RenderError> {
        let document = self.document(name, source, date)?;
        export_pdf(&document, date, ident)
    }

    /// Fills a template and compiles it: the whole path from view model to PDF.
    pub fn render(
        &self,
        template: &str,
        model: &impl Serialize,
        date: NaiveDate,
        ident: &str,
    ) -> Result<Vec<u8>, RenderError> {
        let source = self.typst_source(template, model)?;
        self.pdf(template, source, date, ident)
    }
}

/// Exports a laid-out document as PDF. `ident` is a stable document identifier and
/// `date` the PDF's creation date, so the same input gives the same bytes.
pub fn export_pdf(
    document: &PagedDocument,
    date: NaiveDate,
    ident: &str,
) -> Result<Vec<u8>, RenderError> {
    let timestamp =
        Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0)
            .map(Timestamp::new_utc);
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("attain".to_string())),
        timestamp,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        RenderError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })
}

/// One run of text as laid out: its page (1-based), text and font family.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub page: usize,
    pub text: String,
    pub family: String,
}

/// Every run of text in a document, in page order: what a reader sees, and in which font.
pub fn text_runs(document: &PagedDocument) -> Vec<TextRun> {
    fn walk(frame: &Frame, page: usize, out: &mut Vec<TextRun>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, page, out),
                FrameItem::Text(text) => out.push(TextRun {
                    page,
                    text: text.text.to_string(),
                    family: text.font.font().info().family.clone(),
                }),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, i + 1, &mut out);
    }
    out
}

/// A minijinja error with its template and line.
fn describe_template_error(err: &minijinja::Error) -> String {
    let mut text = err.to_string();
    if let (Some(name), Some(line)) = (err.name(), err.line()) {
        text = format!("{name}:{line}: {text}");
    }
    text
}

/// Typst diagnostics as `name:line:column: message` lines, with the source line and hints.
fn describe(world: &ReportWorld<'_>, diagnostics: &[SourceDiagnostic]) -> String {
    let source = world.source();
    diagnostics
        .iter()
        .map(|d| {
            let name = source.id().vpath().get_without_slash().to_string();
            let mut line = match world
                .range(d.span)
                .and_then(|r| source.lines().byte_to_line_column(r.start))
            {
                Some((l, c)) => {
                    let text = source
                        .lines()
                        .line_to_range(l)
                        .map(|r| source.text()[r].trim_end().to_string())
                        .unwrap_or_default();
                    format!("{name}:{}:{}: {}\n  | {text}", l + 1, c + 1, d.message)
                }
                None => format!("{name}: {}", d.message),
            };
            for hint in &d.hints {
                line.push_str(&format!("\n  提示: {}", hint.v));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}
