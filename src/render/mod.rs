//! Stage 5: view model → Typst source (minijinja) → PDF (typst, typst-pdf).
//!
//! Templates are shipped in `report-templates/` and compiled into the binary; a folder
//! given with `--templates` replaces them file by file. The report templates
//! (`annual.typ` …) are Typst with minijinja tags: every printed value is escaped for
//! Typst unless a template marks it `safe`, and a misspelled field is an error. The shared
//! modules ([`MODULES`]: `style.typ`, `charts.typ`, `tables.typ`) are plain Typst that the
//! report templates `#import`; they are served as files of a closed
//! [`world::ReportWorld`], so an error in one is reported at its own line. Any Typst
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
use typst::syntax::Source;
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
        "tables.typ",
        include_str!("../../report-templates/tables.typ"),
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

/// Steps a template may take to fill one report (minijinja's fuel). The shipped templates
/// take under 2% of it for the largest sample report; a loop of a billion steps in an
/// edited template stops here with a message.
pub const TEMPLATE_FUEL: u64 = 50_000_000;

/// Pages one report may have. The largest sample report has under 100.
pub const MAX_PAGES: usize = 3_000;

/// The shipped templates that are plain Typst modules, imported by the report templates.
pub const MODULES: &[&str] = &["style.typ", "charts.typ", "tables.typ"];

/// Why rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("模板文件夹 {dir} 中的 {} 不是 attain 的模板，未使用任何模板；可替换的模板：{}", .unknown.join("、"), .shipped.join("、"))]
    UnknownTemplates {
        dir: String,
        unknown: Vec<String>,
        shipped: Vec<String>,
    },
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
    #[error(
        "排版结果有 {pages} 页，超过每份报告 {max} 页的上限，未写出（自定义模板中可能有过大的循环）"
    )]
    TooManyPages { pages: usize, max: usize },
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
    /// The report templates' text, for locating a Typst error in the template it came from.
    report_templates: Vec<(&'static str, String)>,
    /// The shared modules, served as files to every report.
    modules: Vec<Source>,
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
        env.set_fuel(Some(TEMPLATE_FUEL));
        env.set_auto_escape_callback(|_| AutoEscape::Custom("typst".into()));
        env.set_formatter(escape::typst_formatter);
        env.add_filter("typst_str", escape::typst_str);
        env.add_filter("typst_value", escape::typst_value);
        env.add_filter("chinese_numeral", |n: usize| {
            crate::catalog::chinese_numeral(n)
        });
        if let Some(dir) = template_dir {
            check_template_dir(dir)?;
        }
        let mut report_templates = Vec::new();
        let mut modules = Vec::new();
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
            if MODULES.contains(name) {
                modules.push(Source::new(world::file_id(name), text));
            } else {
                env.add_template_owned(*name, text.clone())
                    .map_err(|err| RenderError::Template(describe_template_error(&err)))?;
                report_templates.push((*name, text));
            }
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
        Ok(Renderer {
            env,
            report_templates,
            modules,
            fonts,
        })
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
        let world = ReportWorld::new(name, source, self.fonts(), &self.modules, date);
        let warned = typst::compile::<PagedDocument>(&world);
        let template = self
            .report_templates
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.as_str());
        let document = warned
            .output
            .map_err(|errors| RenderError::Typst(describe(&world, template, &errors)))?;
        if !warned.warnings.is_empty() {
            return Err(RenderError::Warnings(describe(
                &world,
                template,
                &warned.warnings,
            )));
        }
        if document.pages().len() > MAX_PAGES {
            return Err(RenderError::TooManyPages {
                pages: document.pages().len(),
                max: MAX_PAGES,
            });
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

/// A character that no font has: laid out as an empty box (a glyph of id 0, Typst's tofu).
#[derive(Debug, Clone, PartialEq)]
pub struct MissingGlyph {
    pub ch: char,
    /// The first page (1-based) it is on.
    pub page: usize,
    /// The run of text it is in, as laid out.
    pub context: String,
}

/// Every character of `document` that no font has, once each, in page order.
pub fn missing_glyphs(document: &PagedDocument) -> Vec<MissingGlyph> {
    fn walk(frame: &Frame, page: usize, out: &mut Vec<MissingGlyph>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, page, out),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let Some(chars) = text.text.get(glyph.range()) else {
                            continue;
                        };
                        for ch in chars.chars().filter(|c| !c.is_whitespace()) {
                            if !out.iter().any(|m| m.ch == ch) {
                                out.push(MissingGlyph {
                                    ch,
                                    page,
                                    context: text.text.to_string(),
                                });
                            }
                        }
                    }
                }
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
    let mut text = if err.kind() == minijinja::ErrorKind::OutOfFuel {
        format!("模板执行超过 {TEMPLATE_FUEL} 步的上限，已停止（模板中可能有过大的循环或 range）")
    } else {
        err.to_string()
    };
    if let (Some(name), Some(line)) = (err.name(), err.line()) {
        text = format!("{name}:{line}: {text}");
    }
    text
}

/// Refuses a template folder holding a `.typ` file that replaces nothing (a misspelled
/// name would otherwise be silently ignored).
fn check_template_dir(dir: &Path) -> Result<(), RenderError> {
    let entries = std::fs::read_dir(dir).map_err(|source| RenderError::TemplateDir {
        path: dir.display().to_string(),
        source,
    })?;
    let mut unknown: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.to_lowercase().ends_with(".typ"))
        .filter(|name| !TEMPLATES.iter().any(|(shipped, _)| shipped == name))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    unknown.sort();
    Err(RenderError::UnknownTemplates {
        dir: dir.display().to_string(),
        unknown,
        shipped: TEMPLATES.iter().map(|(n, _)| n.to_string()).collect(),
    })
}

/// Typst diagnostics as `file:line:column: message` lines, with the source line, the
/// trace (where the failing code was called from) and hints. An error in the generated
/// main source is also placed at the line of the report template it came from, found by
/// the template's fixed text (`template`).
fn describe(
    world: &ReportWorld<'_>,
    template: Option<&str>,
    diagnostics: &[SourceDiagnostic],
) -> String {
    // Where a span is: `style.typ:12:5`, or for the generated main source the template
    // line it came from; with the text of the line.
    let place = |span: typst::syntax::DiagSpan| -> Option<(String, String)> {
        let source = world.lookup(span.id()?)?;
        let range = world.range(span)?;
        let (line, column) = source.lines().byte_to_line_column(range.start)?;
        let text = source
            .lines()
            .line_to_range(line)
            .map(|r| source.text()[r].trim_end().to_string())
            .unwrap_or_default();
        let name = source.id().vpath().get_without_slash().to_string();
        let (line, column) = (line + 1, column + 1);
        let location = if source.id() != world.main_source().id() {
            format!("{name}:{line}:{column}")
        } else {
            match template.and_then(|t| template_line(t, &text)) {
                Some(at) => format!("{name}:{at}（生成的源文件第 {line} 行第 {column} 列）"),
                None => format!("{name}（生成的源文件）:{line}:{column}"),
            }
        };
        Some((location, text))
    };
    diagnostics
        .iter()
        .map(|d| {
            let mut out = match place(d.span) {
                Some((location, text)) => format!("{location}: {}\n  | {text}", d.message),
                None => format!(
                    "{}: {}",
                    world.main_source().id().vpath().get_without_slash(),
                    d.message
                ),
            };
            for point in &d.trace {
                if let Some((location, _)) = place(point.span.into()) {
                    out.push_str(&format!("\n  调用位置: {location}（{}）", point.v));
                }
            }
            for hint in &d.hints {
                out.push_str(&format!("\n  提示: {}", hint.v));
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 1-based line of `template` that most likely produced `generated`: the line whose
/// fixed text (everything outside minijinja tags) appears, in order, in the generated line,
/// with the most such text. `None` when no line has at least two characters in common.
fn template_line(template: &str, generated: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, line) in template.lines().enumerate() {
        let pieces = fixed_text(line);
        let total: usize = pieces.iter().map(|p| p.chars().count()).sum();
        if total < 2 {
            continue;
        }
        let mut rest = generated;
        let found = pieces.iter().all(|piece| match rest.find(piece.as_str()) {
            Some(at) => {
                rest = &rest[at + piece.len()..];
                true
            }
            None => false,
        });
        if found && best.is_none_or(|(_, score)| total > score) {
            best = Some((i + 1, total));
        }
    }
    best.map(|(line, _)| line)
}

/// The fixed pieces of a template line: its text with `{{ … }}`, `{% … %}` and `{# … #}`
/// cut out, trimmed, empty pieces dropped.
fn fixed_text(line: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = line;
    loop {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| rest.find(open).map(|at| (at, *open)))
            .min();
        let Some((at, open)) = next else {
            pieces.push(rest.trim().to_string());
            break;
        };
        pieces.push(rest[..at].trim().to_string());
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[at..].find(close) {
            Some(end) => rest = &rest[at + end + close.len()..],
            None => break,
        }
    }
    pieces.retain(|p| !p.is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_line_is_traced_to_its_template_line() {
        let template = "#set page()\n{% for d in domains %}\n= {{ d.numeral }}、{{ d.name }}\n#bold-fang[{{ d.summary }}]\n{% endfor %}\n";
        assert_eq!(template_line(template, "#bold-fang[本领域…]"), Some(4));
        assert_eq!(template_line(template, "= 一、妇女与健康"), Some(3));
        assert_eq!(template_line(template, "纯数据"), None);
        assert_eq!(
            fixed_text("  ([{{ row.name }}], {% if x %}[a]{% endif %})"),
            ["([", "],", "[a]", ")"]
        );
    }
}
