//! The statistics booklet (统计资料): every indicator × every year from the baseline to
//! the report year, by domain, with breakdowns, units, targets, sources and footnotes.

use chrono::NaiveDate;
use serde::Serialize;

use super::format::{number, target_text};
use super::header::Header;
use crate::catalog::{Catalog, chinese_numeral};
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
    pub tables: Vec<BookletTable>,
}

/// One domain's table.
#[derive(Debug, Clone, Serialize)]
pub struct BookletTable {
    pub numeral: String,
    pub name: String,
    pub years: Vec<i32>,
    /// Whether the table needs a landscape page.
    pub landscape: bool,
    pub rows: Vec<BookletRow>,
    /// Numbered footnotes; rows point at them with `marks`.
    pub footnotes: Vec<String>,
}

/// One indicator, or one of its breakdowns (`indent`).
#[derive(Debug, Clone, Serialize)]
pub struct BookletRow {
    pub code: String,
    pub name: String,
    pub indent: bool,
    pub unit: String,
    /// One cell per year: the value as reported, or `—`.
    pub values: Vec<String>,
    pub target: String,
    pub source: String,
    /// Footnote numbers, e.g. `1,2`; empty when none.
    pub marks: String,
}

/// Builds the booklet for `year`.
pub fn build(catalog: &Catalog, data: &DataSet, year: i32, date: NaiveDate) -> Booklet {
    let plan = &catalog.plan;
    let years: Vec<i32> = (plan.baseline_year..=year).collect();
    let subject = plan.subject.label();
    let tables = catalog
        .domains
        .iter()
        .enumerate()
        .filter_map(|(d, domain)| {
            let mut rows = Vec::new();
            let mut footnotes: Vec<String> = Vec::new();
            for r in catalog.indicators().filter(|r| r.domain_index == d) {
                let ind = r.indicator;
                let mut marks = Vec::new();
                let mut note = |text: String, marks: &mut Vec<usize>| {
                    let n = match footnotes.iter().position(|f| *f == text) {
                        Some(i) => i + 1,
                        None => {
                            footnotes.push(text);
                            footnotes.len()
                        }
                    };
                    if !marks.contains(&n) {
                        marks.push(n);
                    }
                };
                let values = years
                    .iter()
                    .map(|y| match data.get(&ind.id, None, *y) {
                        Some(o) => {
                            match &o.source {
                                Source::Stated { note: text } => {
                                    note(format!("{}{y}年数据：{text}", ind.name), &mut marks)
                                }
                                Source::Derived { note: text } => {
                                    note(format!("{}：{text}", ind.name), &mut marks)
                                }
                                Source::Cell(_) => {}
                            }
                            number(o.value)
                        }
                        None => "—".into(),
                    })
                    .collect();
                let distinct_years = {
                    let mut y: Vec<i32> =
                        ind.targets.iter().map(|t| catalog.target_year(t)).collect();
                    y.dedup();
                    y.len()
                };
                let target = ind
                    .targets
                    .iter()
                    .map(|t| {
                        let text = target_text(catalog, t, ind);
                        if distinct_years > 1 {
                            format!("{}年：{text}", catalog.target_year(t))
                        } else {
                            text
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("；");
                rows.push(BookletRow {
                    code: r.code(plan.subject),
                    name: ind.name.clone(),
                    indent: false,
                    unit: ind.unit.symbol(),
                    values,
                    target,
                    source: ind.reporter.clone(),
                    marks: marks
                        .iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                });
                for group in &ind.breakdowns {
                    rows.push(BookletRow {
                        code: String::new(),
                        name: group.clone(),
                        indent: true,
                        unit: ind.unit.symbol(),
                        values: years
                            .iter()
                            .map(|y| {
                                data.get(&ind.id, Some(group), *y)
                                    .map(|o| number(o.value))
                                    .unwrap_or_else(|| "—".into())
                            })
                            .collect(),
                        target: String::new(),
                        source: String::new(),
                        marks: String::new(),
                    });
                }
            }
            (!rows.is_empty()).then(|| BookletTable {
                numeral: chinese_numeral(d + 1),
                name: domain.name.clone(),
                years: years.clone(),
                landscape: years.len() > PORTRAIT_YEARS,
                rows,
                footnotes,
            })
        })
        .collect();
    Booklet {
        title: format!("{year}年{}{subject}统计资料", plan.locality),
        header: Header::new(catalog, year, date),
        notes: vec![
            format!(
                "本资料收录《{}》各领域监测指标{}年至{year}年的数据，{}年为基期。数据由各成员单位报送，经统计部门汇总审核。",
                plan.title, plan.baseline_year, plan.baseline_year
            ),
            "表中数值均按报送单位填报的精度列示；“—”表示无数据；分组数据（如城镇、农村，女、男）列于相应指标之下。".into(),
            "“资料来源”为负责填报该指标的成员单位；“规划目标”为规划确定的目标值或方向。".into(),
        ],
        tables,
    }
}
