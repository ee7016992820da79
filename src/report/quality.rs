//! 数据质量说明: who did not report, which indicators have no data and why, and which
//! values were reported twice with different numbers, with the value used and why.

use serde::Serialize;

use super::format::Printed;
use crate::catalog::Catalog;
use crate::intake::DataSet;

/// The data-quality appendix of a plan-year.
#[derive(Debug, Clone, Serialize)]
pub struct DataQuality {
    /// One sentence with the counts.
    pub summary: String,
    /// Member units that report indicators but sent nothing for the year.
    pub missing_units: Vec<String>,
    /// `孕产妇死亡率（市卫生健康委）：未报送` …
    pub without_data: Vec<String>,
    /// `2025年孕产妇死亡率：采用……`
    pub conflicts: Vec<String>,
}

/// The data quality of `year`.
pub fn build(catalog: &Catalog, data: &DataSet, year: i32) -> DataQuality {
    let mut reporters: Vec<&str> = catalog
        .indicators()
        .map(|r| r.indicator.reporter.as_str())
        .collect();
    reporters.sort();
    reporters.dedup();
    let missing_units: Vec<String> = catalog
        .units
        .iter()
        .filter(|u| reporters.contains(&u.name.as_str()) && !data.submitted(&u.name, year))
        .map(|u| u.name.clone())
        .collect();
    // What the targets are judged on and has no value: the total, or a breakdown a target
    // names (`农村`, `最低的乡镇（街道）`, the two rows of a gap).
    let without_data: Vec<String> = catalog
        .indicators()
        .flat_map(|r| {
            let ind = r.indicator;
            catalog
                .judged_rows(&ind.id)
                .into_iter()
                .filter(|b| data.get(&ind.id, b.as_deref(), year).is_none())
                .map(move |b| {
                    let why = if let Some(gap) = data.gap(&ind.id, b.as_deref(), year) {
                        format!("报表注明“{}”（{}）", gap.mark, gap.cell)
                    } else if data.submitted(&ind.reporter, year) {
                        "报表中未填报".to_string()
                    } else {
                        "未报送".to_string()
                    };
                    let name = match &b {
                        Some(b) => format!("{}（{b}）", ind.name),
                        None => ind.name.clone(),
                    };
                    format!("{name}（{}）：{why}", ind.reporter)
                })
        })
        .collect();
    let indicators_without_data = catalog
        .indicators()
        .filter(|r| {
            catalog
                .judged_rows(&r.indicator.id)
                .iter()
                .any(|b| data.get(&r.indicator.id, b.as_deref(), year).is_none())
        })
        .count();
    let conflicts: Vec<String> = data
        .conflicts
        .iter()
        .filter(|c| c.year == year)
        .map(|c| {
            let definition = catalog.row_definition(&c.indicator);
            let name = definition.map_or(c.indicator.clone(), |d| d.name.clone());
            let name = match &c.breakdown {
                Some(b) => format!("{name}（{b}）"),
                None => name,
            };
            let value = |v: f64| definition.map_or(v.to_string(), |d| Printed::of(d).value(v));
            let why = if c.by_reporter {
                "负责填报该指标的单位的数值"
            } else {
                "先读到的报表的数值（两处均非负责填报的单位，请核实）"
            };
            format!(
                "{}年{name}：采用{}（{}），另一处为{}（{}）；采用的是{why}",
                c.year,
                value(c.used.0),
                c.used.1,
                value(c.other.0),
                c.other.1
            )
        })
        .collect();
    let summary = format!(
        "{year}年应报送数据的成员单位{}个，未报送{}个；监测指标{}个，无数据{}个；不同报表数值不一致{}处。",
        reporters.len(),
        missing_units.len(),
        catalog.indicators().count(),
        indicators_without_data,
        conflicts.len()
    );
    DataQuality {
        summary,
        missing_units,
        without_data,
        conflicts,
    }
}
