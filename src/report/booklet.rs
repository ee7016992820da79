//! The statistics booklet (统计资料): every indicator × every year from the baseline to
//! the report year, by domain, with breakdowns, gaps, units, targets and sources; a
//! background table first when the catalog lists context figures; footnotes that explain
//! every “—” and every value not read from a return; an 指标解释 appendix and the data
//! quality.

use chrono::NaiveDate;
use serde::Serialize;

use super::format::{Printed, target_text};
use super::header::Header;
use super::quality::{self, DataQuality};
use crate::catalog::{Catalog, Indicator, Target, chinese_numeral};
use crate::intake::{DataSet, Source};

/// Year columns that still fit a portrait page; more go landscape.
const PORTRAIT_YEARS: usize = 5;

/// Everything the booklet places.
#[derive(Debug, Clone, Serialize)]
pub struct Booklet {
    /// `2025年株洲市妇女统计资料`
    pub title: String,
    #[serde(flatten)]
    pub header: Header,
    /// 编制说明: what the booklet holds and how to read it.
    pub notes: Vec<String>,
    pub years: Vec<i32>,
    /// Whether the tables need landscape pages.
    pub landscape: bool,
    /// 表1 …: the background table (when the catalog has context figures), then one table
    /// per domain with indicators.
    pub tables: Vec<BookletTable>,
    /// 指标解释, one entry per indicator that has one.
    pub explanations: Vec<Explanation>,
    pub quality: DataQuality,
}

/// One numbered table.
#[derive(Debug, Clone, Serialize)]
pub struct BookletTable {
    /// 表N.
    pub number: usize,
    /// `一`, the domain's numeral; empty for the background table.
    pub numeral: String,
    pub name: String,
    pub rows: Vec<BookletRow>,
    /// Numbered footnotes; rows point at them with `marks`.
    pub footnotes: Vec<String>,
    /// Whether the table shows targets (the background table has none).
    pub with_targets: bool,
}

/// One indicator, one of its breakdowns, or a gap between two of them (`indent`).
#[derive(Debug, Clone, Serialize)]
pub struct BookletRow {
    pub code: String,
    pub name: String,
    pub indent: bool,
    pub unit: String,
    /// One cell per year, at the indicator's precision, or `—`.
    pub values: Vec<String>,
    pub target: String,
    pub source: String,
    /// Footnote numbers, e.g. `1,2`; empty when none.
    pub marks: String,
}

/// 指标解释 of one indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub name: String,
    pub definition: String,
    pub calculation: String,
    pub unit: String,
    pub source: String,
}

/// Collects a table's footnotes, numbering each distinct text once.
#[derive(Default)]
struct Footnotes(Vec<String>);

impl Footnotes {
    fn mark(&mut self, text: String, marks: &mut Vec<usize>) {
        let n = match self.0.iter().position(|f| *f == text) {
            Some(i) => i + 1,
            None => {
                self.0.push(text);
                self.0.len()
            }
        };
        if !marks.contains(&n) {
            marks.push(n);
        }
    }
}

fn marks_text(marks: &[usize]) -> String {
    marks
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// `2023、2024年`.
fn years_text(years: &[i32]) -> String {
    let list: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    format!("{}年", list.join("、"))
}

/// The rows of one indicator (or context figure): its total, its breakdowns, and the gaps
/// its targets judge; with footnotes for every “—” and every value not read from a return.
fn indicator_rows(
    catalog: &Catalog,
    data: &DataSet,
    ind: &Indicator,
    code: String,
    years: &[i32],
    notes: &mut Footnotes,
) -> Vec<BookletRow> {
    let printed = Printed::of(ind);
    let source = ind.source.clone().unwrap_or_else(|| ind.reporter.clone());
    let mut rows = Vec::new();
    // One row: the values of `breakdown` (None for the total), with footnotes.
    let row = |name: String, breakdown: Option<&str>, notes: &mut Footnotes| {
        let mut marks = Vec::new();
        let mut missing: Vec<(String, Vec<i32>)> = Vec::new();
        let values = years
            .iter()
            .map(|y| match data.get(&ind.id, breakdown, *y) {
                Some(o) => {
                    match &o.source {
                        Source::Stated { note } => {
                            notes.mark(format!("{}{y}年数据：{note}", ind.name), &mut marks)
                        }
                        Source::Derived { note } => {
                            notes.mark(format!("{}：{note}", ind.name), &mut marks)
                        }
                        Source::Cell(_) => {}
                    }
                    printed.number(o.value)
                }
                None => {
                    let why = if let Some(gap) = data.gap(&ind.id, breakdown, *y) {
                        format!("报表注明“{}”", gap.mark)
                    } else if data.submitted(&ind.reporter, *y) {
                        "报表中未填报".to_string()
                    } else {
                        format!("{}未报送", ind.reporter)
                    };
                    match missing.iter_mut().find(|(w, _)| *w == why) {
                        Some((_, ys)) => ys.push(*y),
                        None => missing.push((why, vec![*y])),
                    }
                    "—".into()
                }
            })
            .collect();
        for (why, ys) in missing {
            let label = match breakdown {
                Some(b) => format!("{}（{b}）", ind.name),
                None => ind.name.clone(),
            };
            notes.mark(format!("{label}{}“—”：{why}", years_text(&ys)), &mut marks);
        }
        BookletRow {
            code: String::new(),
            name,
            indent: breakdown.is_some(),
            unit: ind.unit.symbol(),
            values,
            target: String::new(),
            source: String::new(),
            marks: marks_text(&marks),
        }
    };
    let mut total = row(ind.name.clone(), None, notes);
    total.code = code;
    total.source = source;
    // The targets of every goal the indicator appears in (its `same_as` repeats too): the
    // quantity has one row, whichever goals judge it.
    let mut targets: Vec<&Target> = Vec::new();
    for entry in catalog.entries().filter(|r| r.indicator.id == ind.id) {
        targets.extend(&entry.indicator.targets);
    }
    if targets.is_empty() {
        targets.extend(&ind.targets);
    }
    let distinct_years = {
        let mut y: Vec<i32> = targets.iter().map(|t| catalog.target_year(t)).collect();
        y.sort();
        y.dedup();
        y.len()
    };
    // The targets judged on one breakdown (None for the total), each written once.
    let targets_on = |breakdown: Option<&str>| {
        let mut texts: Vec<String> = Vec::new();
        for t in targets
            .iter()
            .filter(|t| t.rule.gap().is_none() && t.breakdown.as_deref() == breakdown)
        {
            let text = target_text(catalog, t, ind);
            let text = if distinct_years > 1 {
                format!("{}年：{text}", catalog.target_year(t))
            } else {
                text
            };
            if !texts.contains(&text) {
                texts.push(text);
            }
        }
        texts.join("；")
    };
    total.target = targets_on(None);
    rows.push(total);
    for group in &ind.breakdowns {
        let mut line = row(group.clone(), Some(group), notes);
        line.target = targets_on(Some(group));
        rows.push(line);
    }
    // A gap target's own row: the distance between its two breakdowns, year by year.
    let mut gaps: Vec<(&str, &str)> = Vec::new();
    for target in targets.iter().copied() {
        let Some((a, b)) = target.rule.gap() else {
            continue;
        };
        if gaps.contains(&(a, b)) {
            continue;
        }
        gaps.push((a, b));
        let values = years
            .iter()
            .map(|y| {
                match (
                    data.get(&ind.id, Some(a), *y),
                    data.get(&ind.id, Some(b), *y),
                ) {
                    (Some(x), Some(z)) => {
                        printed.number((printed.rounded(x.value) - printed.rounded(z.value)).abs())
                    }
                    _ => "—".into(),
                }
            })
            .collect();
        let unit = match ind.unit.change_style() {
            crate::catalog::ChangeStyle::Points(word) => word.trim_start_matches('个').to_string(),
            _ => ind.unit.symbol(),
        };
        rows.push(BookletRow {
            code: String::new(),
            name: match &target.regions {
                Some(regions) => format!("{regions}间差距（最高与最低之差）"),
                None => format!("{a}与{b}差距"),
            },
            indent: true,
            unit,
            values,
            target: target_text(catalog, target, ind),
            source: String::new(),
            marks: String::new(),
        });
    }
    rows
}

/// Builds the booklet for `year`.
pub fn build(catalog: &Catalog, data: &DataSet, year: i32, date: NaiveDate) -> Booklet {
    let plan = &catalog.plan;
    let years: Vec<i32> = (plan.baseline_year..=year).collect();
    let subject = plan.subject.label();
    let mut tables = Vec::new();
    // The background table first: figures without targets, as listed under `context:`.
    let context: Vec<&Indicator> = catalog
        .part_rows
        .iter()
        .filter(|p| catalog.context.iter().any(|c| c.id == p.id))
        .collect();
    if !context.is_empty() {
        let mut notes = Footnotes::default();
        let rows = context
            .iter()
            .flat_map(|ind| {
                let code = ind.code.clone().unwrap_or_default();
                indicator_rows(catalog, data, ind, code, &years, &mut notes)
            })
            .collect();
        tables.push(BookletTable {
            number: 0,
            numeral: String::new(),
            name: format!("主要人口和{subject}基本情况"),
            rows,
            footnotes: notes.0,
            with_targets: false,
        });
    }
    for (d, domain) in catalog.domains.iter().enumerate() {
        let mut notes = Footnotes::default();
        let rows: Vec<BookletRow> = catalog
            .indicators()
            .filter(|r| r.domain_index == d)
            .flat_map(|r| {
                indicator_rows(
                    catalog,
                    data,
                    r.indicator,
                    r.code(plan.subject),
                    &years,
                    &mut notes,
                )
            })
            .collect();
        if !rows.is_empty() {
            tables.push(BookletTable {
                number: 0,
                numeral: chinese_numeral(d + 1),
                name: domain.name.clone(),
                rows,
                footnotes: notes.0,
                with_targets: true,
            });
        }
    }
    for (i, table) in tables.iter_mut().enumerate() {
        table.number = i + 1;
    }
    let explanations = catalog
        .part_rows
        .iter()
        .filter(|p| catalog.context.iter().any(|c| c.id == p.id))
        .chain(catalog.indicators().map(|r| r.indicator))
        .filter(|ind| ind.definition.is_some() || ind.calculation.is_some())
        .map(|ind| Explanation {
            name: ind.name.clone(),
            definition: ind.definition.clone().unwrap_or_default(),
            calculation: ind.calculation.clone().unwrap_or_default(),
            unit: ind.unit.symbol(),
            source: ind.source.clone().unwrap_or_else(|| ind.reporter.clone()),
        })
        .collect::<Vec<_>>();
    let mut notes = vec![
        format!(
            "本资料收录《{}》各领域监测指标{}年至{year}年的数据，{}年为基期。数据由各成员单位报送，经统计部门汇总审核。",
            plan.title, plan.baseline_year, plan.baseline_year
        ),
        "表中数值按各指标规定的小数位数列示；“—”表示无数据，其原因（未报送、报表中未填报或报表注明的情况）见表下注释；分组数据（如城镇、农村，女、男）及两组之间的差距列于相应指标之下。".into(),
        "“资料来源”为该指标的统计来源或负责填报的成员单位；“规划目标”为规划确定的目标值或方向。".into(),
    ];
    if !explanations.is_empty() {
        notes.push("主要指标的定义、计算方法、计量单位和资料来源见附录“指标解释”。".into());
    }
    Booklet {
        title: format!("{year}年{}{subject}统计资料", plan.locality),
        header: Header::new(catalog, year, date),
        notes,
        landscape: years.len() > PORTRAIT_YEARS,
        years,
        tables,
        explanations,
        quality: quality::build(catalog, data, year),
    }
}
