//! Chart models: what each chart shows, with its axis already worked out. The templates
//! draw them with Typst's own shapes (`report-templates/charts.typ`).

use serde::Serialize;

use super::format::{Printed, number, target_text};
use crate::assess::{Assessment, Verdict};
use crate::catalog::{Catalog, IndicatorRef};
use crate::intake::DataSet;

/// One indicator's values from the baseline year to the report year, with its targets.
#[derive(Debug, Clone, Serialize)]
pub struct TrendChart {
    /// The indicator's name.
    pub title: String,
    /// Its unit symbol, for the axis title.
    pub unit: String,
    pub years: Vec<i32>,
    /// One value per year; `None` where there is no data.
    pub values: Vec<Option<f64>>,
    /// The values as printed in the report (exactly as reported).
    pub labels: Vec<String>,
    /// Numeric targets drawn as dashed lines.
    pub targets: Vec<TargetLine>,
    /// Targets without a number (directions), written under the chart.
    pub note: String,
    /// The value axis: its ends and ticks.
    pub y_min: f64,
    pub y_max: f64,
    pub ticks: Vec<f64>,
    pub tick_labels: Vec<String>,
}

/// A target value drawn across a trend chart.
#[derive(Debug, Clone, Serialize)]
pub struct TargetLine {
    pub value: f64,
    /// e.g. `2025年目标 ≤12`.
    pub label: String,
}

/// The trend charts of one indicator up to `year`: its level, and for each gap target the
/// gap between the two breakdowns.
pub fn trends(
    catalog: &Catalog,
    data: &DataSet,
    r: IndicatorRef<'_>,
    year: i32,
) -> Vec<TrendChart> {
    let mut charts = vec![trend(catalog, data, r, year)];
    // A breakdown with targets of its own (`breakdown:`, `each:`) gets its own chart.
    let mut breakdowns: Vec<&str> = Vec::new();
    for target in &r.indicator.targets {
        if let Some(b) = target.breakdown.as_deref()
            && target.rule.gap().is_none()
            && !breakdowns.contains(&b)
        {
            breakdowns.push(b);
        }
    }
    for b in breakdowns {
        charts.push(series_trend(catalog, data, r, year, Some(b)));
    }
    let mut gaps: Vec<(&str, &str)> = Vec::new();
    for target in &r.indicator.targets {
        if let Some(pair) = target.rule.gap()
            && !gaps.contains(&pair)
        {
            gaps.push(pair);
            let title = match &target.regions {
                Some(regions) => format!("{}（{regions}间差距）", r.indicator.name),
                None => format!("{}（{}与{}差距）", r.indicator.name, pair.0, pair.1),
            };
            charts.push(gap_trend(catalog, data, r, year, pair, title));
        }
    }
    charts
}

/// Builds the trend chart of one indicator up to `year`.
pub fn trend(catalog: &Catalog, data: &DataSet, r: IndicatorRef<'_>, year: i32) -> TrendChart {
    series_trend(catalog, data, r, year, None)
}

/// The trend chart of the indicator's total (`breakdown` `None`) or of one breakdown, with
/// the targets judged on it.
fn series_trend(
    catalog: &Catalog,
    data: &DataSet,
    r: IndicatorRef<'_>,
    year: i32,
    breakdown: Option<&str>,
) -> TrendChart {
    let ind = r.indicator;
    let printed = Printed::of(ind);
    let years: Vec<i32> = (catalog.plan.baseline_year..=year).collect();
    let values: Vec<Option<f64>> = years
        .iter()
        .map(|y| {
            data.get(&ind.id, breakdown, *y)
                .map(|o| printed.rounded(o.value))
        })
        .collect();
    let mut targets = Vec::new();
    let mut notes = Vec::new();
    let baseline = data
        .get(&ind.id, breakdown, catalog.plan.baseline_year)
        .map(|o| o.value);
    for target in ind
        .targets
        .iter()
        .filter(|t| t.rule.gap().is_none() && t.breakdown.as_deref() == breakdown)
    {
        let text = target_text(catalog, target, ind);
        let target_year = catalog.target_year(target);
        // A relative target is drawn at the bound it sets from the baseline value; a
        // range at both its ends.
        let drawn = target.rule.chart_values(baseline);
        if drawn.is_empty() {
            notes.push(format!("{target_year}年目标：{text}"));
        }
        for (i, value) in drawn.into_iter().enumerate() {
            targets.push(TargetLine {
                value,
                label: if i == 0 {
                    format!("{target_year}年目标 {text}")
                } else {
                    format!("{target_year}年目标上限")
                },
            });
        }
    }
    let title = match breakdown {
        Some(b) => format!("{}（{b}）", ind.name),
        None => ind.name.clone(),
    };
    chart(
        title,
        ind.unit.symbol(),
        printed,
        years,
        values,
        targets,
        notes.join("；"),
    )
}

/// The gap between breakdowns `a` and `b` of an indicator, year by year (the measure a gap
/// target judges).
fn gap_trend(
    catalog: &Catalog,
    data: &DataSet,
    r: IndicatorRef<'_>,
    year: i32,
    (a, b): (&str, &str),
    title: String,
) -> TrendChart {
    let ind = r.indicator;
    let printed = Printed::of(ind);
    let years: Vec<i32> = (catalog.plan.baseline_year..=year).collect();
    let values: Vec<Option<f64>> = years
        .iter()
        .map(|y| {
            let x = data.get(&ind.id, Some(a), *y)?;
            let z = data.get(&ind.id, Some(b), *y)?;
            Some((printed.rounded(x.value) - printed.rounded(z.value)).abs())
        })
        .map(|v| v.map(|v| printed.rounded(v)))
        .collect();
    let unit = match ind.unit.change_style() {
        crate::catalog::ChangeStyle::Points(word) => word.trim_start_matches('个').to_string(),
        _ => ind.unit.symbol(),
    };
    chart(
        title,
        unit,
        printed,
        years,
        values,
        Vec::new(),
        "目标：差距缩小".into(),
    )
}

fn chart(
    title: String,
    unit: String,
    printed: Printed,
    years: Vec<i32>,
    values: Vec<Option<f64>>,
    targets: Vec<TargetLine>,
    note: String,
) -> TrendChart {
    let labels = values
        .iter()
        .map(|v| v.map(|v| printed.number(v)).unwrap_or_default())
        .collect();
    let mut all: Vec<f64> = values.iter().flatten().copied().collect();
    all.extend(targets.iter().map(|t| t.value));
    let (y_min, y_max, ticks) = axis(&all);
    TrendChart {
        title,
        unit,
        years,
        values,
        labels,
        tick_labels: ticks.iter().map(|t| number(*t)).collect(),
        targets,
        note,
        y_min,
        y_max,
        ticks,
    }
}

/// A value axis that holds every value: ends on round numbers, three to seven ticks.
///
/// So that a small change does not look like a climb, the axis spans at least a fifth of
/// the largest value's magnitude (a rate around 95% gets at least 19 points, so a change of
/// 0.2 points moves the line by about one per cent of the chart's height); the values sit
/// in the middle of that span. Values that cannot go below zero keep the axis at or above
/// zero.
pub fn axis(values: &[f64]) -> (f64, f64, Vec<f64>) {
    let finite: Vec<f64> = values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && v.abs() < 1e15)
        .collect();
    let (mut lo, mut hi) = match (
        finite.iter().copied().reduce(f64::min),
        finite.iter().copied().reduce(f64::max),
    ) {
        (Some(lo), Some(hi)) => (lo, hi),
        _ => return (0.0, 1.0, vec![0.0, 0.5, 1.0]),
    };
    let non_negative = lo >= 0.0;
    let min_span = (lo.abs().max(hi.abs()) * 0.2).max(1e-6);
    if hi - lo < min_span {
        let mid = (hi + lo) / 2.0;
        lo = mid - min_span / 2.0;
        hi = mid + min_span / 2.0;
        if non_negative && lo < 0.0 {
            hi -= lo;
            lo = 0.0;
        }
    }
    let span = hi - lo;
    let raw_step = span / 4.0;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw_step)
        .unwrap_or(10.0 * magnitude);
    let mut start = (lo / step).floor() * step;
    let mut end = (hi / step).ceil() * step;
    // Room below the lowest point and above the highest for their labels.
    if lo - start < step * 0.3 {
        start -= step;
    }
    if end - hi < step * 0.3 {
        end += step;
    }
    // Counts and rates cannot be negative: do not draw an axis below zero for them.
    if non_negative && start < 0.0 {
        start = 0.0;
    }
    let count = ((end - start) / step).round() as usize;
    let ticks = (0..=count)
        .map(|i| crate::number::round_to(start + step * i as f64, 6))
        .collect();
    (start, end, ticks)
}

/// Verdict counts per domain, drawn as stacked bars.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictChart {
    pub rows: Vec<VerdictBar>,
    /// The longest bar, for scaling.
    pub max: usize,
    /// The verdicts that occur, in order, for the legend.
    pub legend: Vec<VerdictSegment>,
}

/// One domain's bar.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictBar {
    pub name: String,
    pub total: usize,
    pub segments: Vec<VerdictSegment>,
}

/// One verdict's share of a bar.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictSegment {
    pub code: String,
    pub label: String,
    pub count: usize,
}

/// The verdicts of every domain's applicable targets.
pub fn verdicts(catalog: &Catalog, assessment: &Assessment) -> VerdictChart {
    let rows: Vec<VerdictBar> = catalog
        .domains
        .iter()
        .enumerate()
        .filter_map(|(d, domain)| {
            let tally = assessment.tally(Some(d));
            (tally.total > 0).then(|| VerdictBar {
                name: short_domain_name(&domain.name),
                total: tally.total,
                segments: Verdict::ALL
                    .iter()
                    .filter(|v| tally.count(**v) > 0)
                    .map(|v| VerdictSegment {
                        code: v.code().into(),
                        label: v.label().into(),
                        count: tally.count(*v),
                    })
                    .collect(),
            })
        })
        .collect();
    let legend = Verdict::ALL
        .iter()
        .filter(|v| {
            rows.iter()
                .any(|r| r.segments.iter().any(|s| s.code == v.code()))
        })
        .map(|v| VerdictSegment {
            code: v.code().into(),
            label: v.label().into(),
            count: 0,
        })
        .collect();
    VerdictChart {
        max: rows.iter().map(|r| r.total).max().unwrap_or(0),
        rows,
        legend,
    }
}

/// `妇女与健康` → `健康`, `儿童与安全` → `安全`: the short name on a bar.
fn short_domain_name(name: &str) -> String {
    name.split_once('与')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round_and_hold_every_value() {
        let (lo, hi, ticks) = axis(&[9.8, 11.6, 12.0]);
        assert!(lo <= 9.8 && hi >= 12.0, "{lo}..{hi}");
        assert!(ticks.len() >= 3 && ticks.len() <= 7, "{ticks:?}");
        assert_eq!(ticks.first(), Some(&lo));
        assert_eq!(ticks.last(), Some(&hi));
        let (lo, _, _) = axis(&[0.5, 2.86]);
        assert!(lo >= 0.0);
        let (lo, hi, _) = axis(&[50.0, 50.0]);
        assert!(lo < 50.0 && hi > 50.0);
        assert_eq!(axis(&[]).0, 0.0);
        // A 0.2-point change on a rate near 95 is drawn on an axis of at least 19 points.
        let (lo, hi, _) = axis(&[95.1, 95.3]);
        assert!(hi - lo >= 19.0, "{lo}..{hi}");
        // Huge values do not overflow the tick arithmetic.
        let (lo, hi, ticks) = axis(&[1.7e308, 1.0]);
        assert!(
            lo.is_finite() && hi.is_finite() && ticks.len() <= 8,
            "{lo}..{hi}"
        );
    }

    #[test]
    fn short_names() {
        assert_eq!(short_domain_name("妇女与健康"), "健康");
        assert_eq!(short_domain_name("法律保护"), "法律保护");
    }
}
