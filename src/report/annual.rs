//! The annual monitoring report (年度统计监测报告): its view model.
//!
//! The outline of published annual reports: a lead (what was monitored, from which data,
//! 结果显示 with the counts and an overall judgement); one section per domain opening with a
//! headline judgement, then the data sentences goal by goal, the indicator table and the
//! trend charts; 存在的问题和建议; appendices with the qualitative goals and the data
//! quality.

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{self, VerdictChart};
use super::header::Header;
use super::narrative::{DomainSection, Narrator};
use super::problems::{ProblemDomain, problems};
use super::quality::{self, DataQuality};
use super::sections::{self, WrittenSection};
use crate::assess::{Assessment, Tally};
use crate::catalog::{Catalog, chinese_numeral};
use crate::intake::DataSet;

/// The written section with the annual report's recommendations: `<year>/问题和建议.md`.
pub const SUGGESTIONS: &str = "问题和建议";

/// Everything the annual report template places; all text is plain (templates escape it).
#[derive(Debug, Clone, Serialize)]
pub struct AnnualReport {
    #[serde(flatten)]
    pub header: Header,
    /// e.g. `2025年统计监测报告`.
    pub report_title: String,
    /// The opening paragraphs: what was monitored, then 结果显示 with the counts and the
    /// overall judgement.
    pub lead: Vec<String>,
    pub domains: Vec<DomainSection>,
    /// Headline counts, the same numbers as the lead paragraph.
    pub tally: Tally,
    /// Verdict counts per domain.
    pub verdict_chart: VerdictChart,
    /// The sentence opening 存在的问题.
    pub problems_intro: String,
    pub problems: Vec<ProblemDomain>,
    /// 建议, as written by the monitoring group.
    pub suggestions: WrittenSection,
    /// 附件1: the qualitative goals.
    pub qualitative: Vec<QualitativeRow>,
    /// 附件2: the data quality.
    pub quality: DataQuality,
}

/// A qualitative goal in the appendix table.
#[derive(Debug, Clone, Serialize)]
pub struct QualitativeRow {
    pub domain: String,
    pub number: u32,
    pub text: String,
    pub responsible: String,
}

/// Builds the annual report model for `assessment.year`, dated `date`.
pub fn build(
    catalog: &Catalog,
    data: &DataSet,
    assessment: &Assessment,
    date: NaiveDate,
) -> AnnualReport {
    let plan = &catalog.plan;
    let year = assessment.year;
    let narrator = Narrator::new(catalog, data, assessment);
    let tally = assessment.tally(None);
    let mut domains: Vec<DomainSection> = (0..catalog.domains.len())
        .map(|d| narrator.domain_section(d))
        .collect();
    // Tables are numbered in the order they are printed: domains without indicators have
    // none and take no number.
    let mut tables = 0;
    for section in domains.iter_mut().filter(|s| !s.rows.is_empty()) {
        tables += 1;
        section.table_number = tables;
    }

    let quantitative_goals = catalog
        .domains
        .iter()
        .flat_map(|d| &d.goals)
        .filter(|g| !g.is_qualitative())
        .count();
    let domain_names: Vec<&str> = catalog.domains.iter().map(|d| d.name.as_str()).collect();
    let lead = vec![
        format!(
            "根据《{}》确定的监测评估制度，依据{}报送的{year}年统计数据，从{}{}个领域，对规划{year}年的实施情况进行了统计监测。规划共设主要目标{}项，其中设有监测指标的{quantitative_goals}项，涉及监测指标{}个、目标值{}项；定性目标{}项，在中期和终期评估时依据评估组的结论判断。",
            plan.title,
            reporting_units(catalog, data, year),
            domain_names.join("、"),
            chinese_numeral(domain_names.len()),
            catalog.goal_count(),
            catalog.indicators().count(),
            tally.total,
            catalog.goal_count() - quantitative_goals,
        ),
        format!(
            "结果显示：{}年，{}。{}",
            year,
            narrator.counts(&tally),
            narrator.overall(&tally)
        ),
    ];

    let evaluations = data.latest_self_evaluations(year);
    let problems = problems(&narrator, &evaluations);
    let count: usize = problems.iter().map(|d| d.items.len()).sum();
    let problems_intro = if count == 0 {
        "本年度监测未发现进展滞后、出现倒退、未达标或列入预警的指标。".to_string()
    } else {
        format!(
            "监测指标中有{count}项进展滞后、出现倒退、未实现目标或列入预警，需予关注（括号内为填报单位；“单位说明”摘自其自评材料）："
        )
    };
    let qualitative = catalog
        .domains
        .iter()
        .flat_map(|domain| {
            domain
                .goals
                .iter()
                .filter(|g| g.is_qualitative())
                .map(move |g| QualitativeRow {
                    domain: domain.name.clone(),
                    number: g.number,
                    text: g.text.clone(),
                    responsible: g.responsible_units(domain).join("、"),
                })
        })
        .collect();

    AnnualReport {
        header: Header::new(catalog, year, date),
        report_title: format!("{year}年统计监测报告"),
        lead,
        domains,
        tally,
        verdict_chart: chart::verdicts(catalog, assessment),
        problems_intro,
        problems,
        suggestions: sections::section(data, year, SUGGESTIONS, 2),
        qualitative,
        quality: quality::build(catalog, data, year),
    }
}

/// The units whose returns the report uses: `市卫生健康委、市教育局等22个成员单位`.
fn reporting_units(catalog: &Catalog, data: &DataSet, year: i32) -> String {
    let units: Vec<&str> = catalog
        .units
        .iter()
        .filter(|u| data.submitted(&u.name, year))
        .map(|u| u.name.as_str())
        .collect();
    match units.len() {
        0 => "各成员单位".to_string(),
        1 | 2 => units.join("、"),
        n => format!("{}等{n}个成员单位", units[..2].join("、")),
    }
}
