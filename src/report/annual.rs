//! The annual monitoring report (年度统计监测报告): its view model.

use chrono::NaiveDate;
use serde::Serialize;

use super::chart::{self, VerdictChart};
use super::header::Header;
use super::narrative::{DomainSection, counts_sentence, domain_section};
use crate::assess::{Assessment, Tally};
use crate::catalog::{Catalog, chinese_numeral};
use crate::intake::DataSet;

/// Everything the annual report template places; all text is plain (templates escape it).
#[derive(Debug, Clone, Serialize)]
pub struct AnnualReport {
    #[serde(flatten)]
    pub header: Header,
    /// e.g. `2025年统计监测报告`.
    pub report_title: String,
    /// The opening paragraph with the counts.
    pub lead: Vec<String>,
    pub domains: Vec<DomainSection>,
    /// Headline counts, the same numbers as the lead paragraph.
    pub tally: Tally,
    /// Verdict counts per domain.
    pub verdict_chart: VerdictChart,
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
    let tally = assessment.tally(None);
    let mut domains: Vec<DomainSection> = catalog
        .domains
        .iter()
        .enumerate()
        .map(|(d, _)| domain_section(catalog, data, assessment, d))
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
    let indicator_count = catalog.indicators().count();
    let domain_names: Vec<&str> = catalog.domains.iter().map(|d| d.name.as_str()).collect();
    let mut lead = vec![format!(
        "根据《{}》确定的监测评估制度，依据各成员单位报送的{year}年统计数据，从{}{}个领域，对规划{year}年的实施情况进行了统计监测。",
        plan.title,
        domain_names.join("、"),
        chinese_numeral(domain_names.len()),
    )];
    lead.push(format!(
        "规划共设主要目标{}项，其中含量化指标的目标{quantitative_goals}项，涉及监测指标{indicator_count}个、目标值{}项；其余{}项为定性目标，待评估时依据责任单位的自评结论判断。",
        catalog.goal_count(),
        tally.total,
        catalog.goal_count() - quantitative_goals,
    ));
    lead.push(counts_sentence(&tally, "在", "项目标值中"));

    AnnualReport {
        header: Header::new(catalog, year, date),
        report_title: format!("{year}年统计监测报告"),
        lead,
        domains,
        tally,
        verdict_chart: chart::verdicts(catalog, assessment),
    }
}
