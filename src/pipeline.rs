//! The whole pipeline as library calls: read a plan and its returns, assess, choose the
//! reports due, build each report's model and write it.
//!
//! ```text
//! Inputs ──Run::load──► Run { catalog, data, assessment, diagnostics }
//!                         │
//!                         ├─ ReportKind::all(run) ─► kinds, each due or not (ReportKind::due)
//!                         └─ ReportKind::build(run, date) ─► Report { model, template, stem }
//!                                                              └─ Report::write(renderer, out) ─► PDF
//! ```
//!
//! The command line, the tests and the benchmark all go through these functions, so there
//! is one pipeline. A new report kind is one [`ReportKind`] variant: its model module in
//! `report`, its template, and one arm in each `match` below.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::assess::{self, Assessment, Method};
use crate::catalog::{self, Catalog};
use crate::diag::{Diagnostic, Severity};
use crate::error::{Error, create_dir, write_file};
use crate::intake::{self, DataSet};
use crate::output;
use crate::render::Renderer;
use crate::report::{self, EvaluationKind};

/// How many years after a plan's end its reports may still be made (late final reports).
pub const LATE_YEARS: i32 = 5;

/// What a run reads: the plan's catalog, its returns folder, the year, and optionally a
/// method file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    /// The catalog (YAML).
    pub plan: PathBuf,
    /// The returns folder, holding one folder per year.
    pub data: PathBuf,
    /// The year the data is about.
    pub year: i32,
    /// A method file overriding the method's parameters.
    pub method: Option<PathBuf>,
}

/// A plan read, its returns read and assessed: everything the reports are made from.
#[derive(Debug, Clone)]
pub struct Run {
    pub inputs: Inputs,
    pub catalog: Catalog,
    pub data: DataSet,
    pub assessment: Assessment,
    /// Every problem found in the input: the catalog's warnings, then the returns'.
    pub diagnostics: Vec<Diagnostic>,
}

impl Run {
    /// Reads the catalog, the method file and the returns (with the written sections),
    /// and assesses every target. Fails only when the catalog or the method cannot be
    /// used; every other problem is a diagnostic of the run.
    pub fn load(inputs: Inputs) -> Result<Run, Error> {
        let loaded = catalog::load(&inputs.plan).map_err(|diagnostics| Error::Catalog {
            path: inputs.plan.clone(),
            diagnostics,
        })?;
        let mut method = Method::default().with(&loaded.catalog.method);
        if let Some(path) = &inputs.method {
            let overrides =
                assess::load_overrides(path).map_err(|diagnostics| Error::MethodFile {
                    path: path.clone(),
                    diagnostics,
                })?;
            method = method.with(&overrides);
        }
        let problems = method.problems();
        if !problems.is_empty() {
            return Err(Error::Method { problems });
        }
        let plan = &loaded.catalog.plan;
        let years = plan.baseline_year + 1..=plan.end_year + LATE_YEARS;
        if !years.contains(&inputs.year) {
            return Err(Error::Usage(format!(
                "监测年份 {} 不在《{}》的监测范围内（{}—{} 年：基期之后至规划期末后 {LATE_YEARS} 年）",
                inputs.year,
                plan.title,
                years.start(),
                years.end()
            )));
        }
        let data = intake::read_returns(&loaded.catalog, &inputs.data, inputs.year);
        let mut diagnostics = loaded.warnings;
        diagnostics.extend(data.diagnostics.iter().cloned());
        let assessment = assess::assess(&loaded.catalog, &data, inputs.year, method);
        Ok(Run {
            inputs,
            catalog: loaded.catalog,
            data,
            assessment,
            diagnostics,
        })
    }

    /// The year the data is about.
    pub fn year(&self) -> i32 {
        self.inputs.year
    }

    /// One warning per character that no font has in the report written to `pdf`: the
    /// character, its page and text, and where in the input it came from (the catalog's
    /// line, a written section's line, a self-evaluation's cell), so the clerk can find it.
    pub fn glyph_warnings(
        &self,
        pdf: &Path,
        missing: &[crate::render::MissingGlyph],
    ) -> Vec<Diagnostic> {
        use crate::diag::Location;
        let lines_with = |path: &Path, text: &str, ch: char| -> Vec<Location> {
            text.lines()
                .enumerate()
                .filter_map(|(i, line)| {
                    let at = line.find(ch)?;
                    Some(Location::Text {
                        path: path.to_path_buf(),
                        line: i + 1,
                        column: line[..at].chars().count() + 1,
                    })
                })
                .collect()
        };
        let catalog_text = std::fs::read_to_string(&self.inputs.plan).unwrap_or_default();
        missing
            .iter()
            .map(|m| {
                let mut sources = lines_with(&self.inputs.plan, &catalog_text, m.ch);
                for written in &self.data.written {
                    sources.extend(lines_with(&written.file, &written.text, m.ch));
                }
                for e in &self.data.self_evaluations {
                    if [&e.measures, &e.problems, &e.next_steps]
                        .iter()
                        .any(|t| t.contains(m.ch))
                    {
                        sources.push(Location::Cell(e.cell.clone()));
                    }
                }
                let context: String = m.context.chars().take(40).collect();
                let also = match sources.len() {
                    0 | 1 => String::new(),
                    n => format!(
                        "；另见 {}{}",
                        sources[1..n.min(4)]
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("、"),
                        if n > 4 { " 等" } else { "" }
                    ),
                };
                let location = sources.first().cloned().or(Some(Location::File {
                    path: pdf.to_path_buf(),
                }));
                Diagnostic::warning(
                    location,
                    format!(
                        "“{}”（U+{:04X}）不在报告所用的字体中，在 {} 第 {} 页显示为空框：“{context}”{also}",
                        m.ch,
                        m.ch as u32,
                        pdf.display(),
                        m.page
                    ),
                )
                .with_hint(
                    "生僻字（如 CJK 扩展 B 区的字）和表情符号：用 --font-dir 指定含有此字的字体文件夹，或改用常用字",
                )
            })
            .collect()
    }

    /// Whether any value or file of the input could not be used.
    pub fn has_input_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The document date: `given`, else the latest 填报日期 of the year's returns, else
    /// 31 March of the following year, when annual reports are usually due. (`--date` is
    /// checked by [`check_date`]; 填报日期 outside the plan's years are not used by intake.)
    pub fn report_date(&self, given: Option<NaiveDate>) -> NaiveDate {
        let year = self.year();
        given
            .or_else(|| self.data.latest_date(year))
            .or_else(|| NaiveDate::from_ymd_opt(year + 1, 3, 31))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// Refuses a report date outside the years attain works with.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, Error> {
    use chrono::Datelike;
    if catalog::YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(Error::Usage(format!(
            "报告日期 {date} 不是有效的日期（年份应在 {}—{} 之间）",
            catalog::YEARS.start(),
            catalog::YEARS.end()
        )))
    }
}

/// A group of report kinds, as `render --reports` chooses them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportGroup {
    Annual,
    Booklet,
    Evaluation,
    SelfEval,
}

/// Whether a report is due for a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// Due this year.
    Yes,
    /// The plan has this report in the year `due`, not this year; the reason says so.
    OtherYear { due: i32, reason: String },
    /// The plan does not have this report at all.
    NotInPlan(String),
}

/// One kind of report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportKind {
    /// 年度统计监测报告.
    Annual,
    /// 统计资料.
    Booklet,
    /// 中期评估报告.
    Midterm,
    /// 终期评估报告.
    Final,
    /// A member unit's 自评报告 (the unit's catalog name).
    SelfEval(String),
}

/// A report built and ready to typeset.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: ReportKind,
    /// The template that lays it out.
    pub template: &'static str,
    /// The file path under the output folder, without extension.
    pub stem: String,
    /// A stable document identifier (for the PDF).
    pub ident: String,
    /// One line on what it holds, for summaries.
    pub summary: String,
    pub model: Model,
}

/// The view model of a report, as its template reads it.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Model {
    Annual(Box<report::AnnualReport>),
    Booklet(Box<report::booklet::Booklet>),
    Evaluation(Box<report::evaluation::EvaluationReport>),
    Unit(Box<report::unit::UnitReport>),
}

impl ReportKind {
    /// Every report a run can write, in order: annual, booklet, mid-term, final, then one
    /// self-evaluation per unit that answers for anything.
    pub fn all(run: &Run) -> Vec<ReportKind> {
        let catalog = &run.catalog;
        let mut kinds = vec![
            ReportKind::Annual,
            ReportKind::Booklet,
            ReportKind::Midterm,
            ReportKind::Final,
        ];
        kinds.extend(
            catalog
                .units
                .iter()
                .filter(|u| report::unit::answers_for_anything(catalog, &u.name))
                .map(|u| ReportKind::SelfEval(u.name.clone())),
        );
        kinds
    }

    /// The self-evaluation of the unit `name` names (its name or an alias).
    pub fn self_eval(catalog: &Catalog, name: &str) -> Result<ReportKind, Error> {
        let name = name.trim();
        match catalog.unit_named(name) {
            Some(unit) => Ok(ReportKind::SelfEval(unit.name.clone())),
            None => {
                let names: Vec<&str> = catalog.units.iter().map(|u| u.name.as_str()).collect();
                Err(Error::Usage(format!(
                    "目标清单中没有成员单位“{name}”。可选：{}",
                    names.join("、")
                )))
            }
        }
    }

    /// The group `render --reports` chooses it by.
    pub fn group(&self) -> ReportGroup {
        match self {
            ReportKind::Annual => ReportGroup::Annual,
            ReportKind::Booklet => ReportGroup::Booklet,
            ReportKind::Midterm | ReportKind::Final => ReportGroup::Evaluation,
            ReportKind::SelfEval(_) => ReportGroup::SelfEval,
        }
    }

    /// What the report is called: `年度统计监测报告`, `市妇联自评报告` …
    pub fn label(&self) -> String {
        match self {
            ReportKind::Annual => "年度统计监测报告".into(),
            ReportKind::Booklet => "统计资料".into(),
            ReportKind::Midterm => "中期评估报告".into(),
            ReportKind::Final => "终期评估报告".into(),
            ReportKind::SelfEval(unit) => format!("{unit}自评报告"),
        }
    }

    /// Which evaluation the report is, for the mid-term and final reports.
    fn evaluation(&self) -> Option<EvaluationKind> {
        match self {
            ReportKind::Midterm => Some(EvaluationKind::Midterm),
            ReportKind::Final => Some(EvaluationKind::Final),
            ReportKind::Annual | ReportKind::Booklet | ReportKind::SelfEval(_) => None,
        }
    }

    /// Whether the report is due for the run's year.
    pub fn due(&self, run: &Run) -> Due {
        let Some(evaluation) = self.evaluation() else {
            return Due::Yes;
        };
        let catalog = &run.catalog;
        let year = run.year();
        match evaluation.year(catalog) {
            None => Due::NotInPlan(format!(
                "《{}》未规定{}评估（{}），不生成{}评估报告",
                catalog.plan.title,
                evaluation.label(),
                evaluations_named(catalog),
                evaluation.label()
            )),
            Some(due) if due != year => Due::OtherYear {
                due,
                reason: format!(
                    "《{}》的{}评估在{due}年，{year}年不生成",
                    catalog.plan.title,
                    evaluation.label()
                ),
            },
            Some(_) => Due::Yes,
        }
    }

    /// Builds the report's model for the run, dated `date`.
    pub fn build(&self, run: &Run, date: NaiveDate) -> Report {
        let (catalog, data, assessment) = (&run.catalog, &run.data, &run.assessment);
        let year = run.year();
        let title = output::file_name(&catalog.plan.title, "");
        let (template, stem, ident, summary, model) = match self {
            ReportKind::Annual => {
                let model = report::build_annual(catalog, data, assessment, date);
                let t = &model.tally;
                (
                    "annual.typ",
                    format!("{title}{year}年统计监测报告"),
                    "annual".to_string(),
                    format!(
                        "目标值 {} 项，可监测 {} 项，已达标 {} 项",
                        t.total, t.assessable, t.attained
                    ),
                    Model::Annual(Box::new(model)),
                )
            }
            ReportKind::Booklet => {
                let model = report::booklet::build(catalog, data, year, date);
                (
                    "booklet.typ",
                    format!("{title}{year}年统计资料"),
                    "booklet".to_string(),
                    format!(
                        "{} 张统计表，{} 行",
                        model.tables.len(),
                        model.tables.iter().map(|t| t.rows.len()).sum::<usize>()
                    ),
                    Model::Booklet(Box::new(model)),
                )
            }
            ReportKind::Midterm | ReportKind::Final => {
                let evaluation = self.evaluation().unwrap_or(EvaluationKind::Final);
                let model = report::evaluation::build(evaluation, catalog, data, assessment, date);
                let missing: Vec<&str> = [&model.preface, &model.practices, &model.suggestions]
                    .iter()
                    .filter(|s| !s.present)
                    .map(|s| s.title.as_str())
                    .collect();
                let t = &model.tally;
                let mut summary = format!(
                    "目标值 {} 项，可监测 {} 项，已达标 {} 项；问题指标 {} 项",
                    t.total,
                    t.assessable,
                    t.attained,
                    model.problems.len()
                );
                if !missing.is_empty() {
                    summary.push_str(&format!("；待撰写：{}", missing.join("、")));
                }
                (
                    "evaluation.typ",
                    format!("{title}{}", model.report_title),
                    evaluation.key().to_string(),
                    summary,
                    Model::Evaluation(Box::new(model)),
                )
            }
            ReportKind::SelfEval(unit) => {
                let model = report::unit::build(catalog, data, assessment, unit, date);
                let evaluated = model.evaluated;
                (
                    "unit.typ",
                    format!(
                        "自评报告/{title}{year}年自评报告（{}）",
                        unit_file_name(catalog, unit)
                    ),
                    format!("unit/{unit}"),
                    format!(
                        "目标 {} 项，指标 {} 项，自评结论 {evaluated} 项{}",
                        model.goal_count,
                        model.indicator_count,
                        if model.draft { "（草稿）" } else { "" }
                    ),
                    Model::Unit(Box::new(model)),
                )
            }
        };
        Report {
            kind: self.clone(),
            template,
            stem,
            ident: format!("attain/{ident}/{title}/{year}"),
            summary,
            model,
        }
    }
}

/// Where a report was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    /// One line on what it holds.
    pub summary: String,
    /// Characters that no font has, shown as empty boxes ([`Run::glyph_warnings`]).
    pub missing_glyphs: Vec<crate::render::MissingGlyph>,
}

impl Report {
    /// The generated Typst source.
    pub fn typst(&self, renderer: &Renderer) -> Result<String, Error> {
        Ok(renderer.typst_source(self.template, &self.model)?)
    }

    /// Typesets the report and writes `<out>/<stem>.pdf` (and the Typst source beside it
    /// with `keep_typst`); `date` is the PDF's creation date.
    pub fn write(
        &self,
        renderer: &Renderer,
        out: &Path,
        keep_typst: bool,
        date: NaiveDate,
    ) -> Result<Written, Error> {
        // The stem's last part is made to fit the file system with its extension.
        let (folder, name) = self.stem.rsplit_once('/').unwrap_or(("", &self.stem));
        let dir = if folder.is_empty() {
            out.to_path_buf()
        } else {
            out.join(folder)
        };
        let path = dir.join(output::file_name(name, "pdf"));
        create_dir(&dir)?;
        let made = self.typst(renderer).and_then(|source| {
            if keep_typst {
                write_file(&path.with_extension("typ"), source.as_bytes())?;
            }
            let what = format!("排版“{}”（模板 {}）", self.stem, self.template);
            let _doing = crate::memory::doing(what.clone());
            let _watchdog = crate::guard::watchdog(what, crate::guard::render_time_limit());
            let document = renderer.document(self.template, source, date)?;
            let missing = crate::render::missing_glyphs(&document);
            Ok((
                crate::render::export_pdf(&document, date, &self.ident)?,
                missing,
            ))
        });
        let (pdf, missing_glyphs) = match made {
            Ok(made) => made,
            // A failed report does not leave last run's file posing as this run's.
            Err(err) if path.exists() => {
                return Err(match std::fs::remove_file(&path) {
                    Ok(()) => Error::StaleRemoved {
                        removed: path,
                        source: Box::new(err),
                    },
                    Err(_) => err,
                });
            }
            Err(err) => return Err(err),
        };
        write_file(&path, &pdf)?;
        Ok(Written {
            path,
            summary: self.summary.clone(),
            missing_glyphs,
        })
    }
}

/// `规划只设年度监测和终期评估（2025年）`.
fn evaluations_named(catalog: &Catalog) -> String {
    let e = &catalog.plan.evaluations;
    let mut parts = vec!["年度监测".to_string()];
    if let Some(y) = e.midterm {
        parts.push(format!("中期评估（{y}年）"));
    }
    if let Some(y) = e.final_year {
        parts.push(format!("终期评估（{y}年）"));
    }
    format!("规划只设{}", parts.join("、"))
}

/// The name a unit's files go by: its name made safe ([`output::file_name`]), distinct
/// from every other unit's even when two names sanitise alike.
pub fn unit_file_name(catalog: &Catalog, unit: &str) -> String {
    let names: Vec<&str> = catalog.units.iter().map(|u| u.name.as_str()).collect();
    let files = output::distinct(&names, "");
    names
        .iter()
        .position(|n| *n == unit)
        .map_or_else(|| output::file_name(unit, ""), |i| files[i].clone())
}
