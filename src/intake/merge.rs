//! Merging the readings of every return file into one [`DataSet`]: one value per
//! indicator, breakdown and year, with conflicts reported, derived indicators computed and
//! stated baselines added.

use std::collections::BTreeMap;

use super::sheet::{Reading, WorkbookReturn};
use super::source::ReturnFile;
use super::{Conflict, DataSet, Key, Observation, Source, Submission};
use crate::catalog::Catalog;
use crate::diag::{Diagnostic, Location};

/// Merges what each return file held, in file order, into the plan's data up to `year`.
pub fn merge(catalog: &Catalog, returns: Vec<(ReturnFile, WorkbookReturn)>, year: i32) -> DataSet {
    let mut data = DataSet::default();
    let mut readings: Vec<(Reading, bool)> = Vec::new();
    let mut gaps = Vec::new();
    for (file, got) in returns {
        gaps.extend(got.gaps);
        data.diagnostics.extend(got.diagnostics);
        // A 填报日期 is made in the year after the data's year or soon after: a typo such as
        // 20266年 or 2206年 is not a date to print on a cover.
        let date = got.date.filter(|d| {
            use chrono::Datelike;
            let plausible = (file.year..=file.year + 2).contains(&d.year());
            if !plausible {
                data.diagnostics.push(
                    Diagnostic::warning(
                        Some(Location::File {
                            path: file.shown.clone(),
                        }),
                        format!(
                            "填报日期“{}”不是{}年报表应有的日期，未使用",
                            super::sheet::chinese_date(*d),
                            file.year
                        ),
                    )
                    .with_hint("核对填报日期的年份"),
                );
            }
            plausible
        });
        // One submission per unit whose sheets the file holds; one without a unit when
        // no sheet's sender is known.
        let senders: Vec<Option<String>> = if got.senders.is_empty() {
            vec![None]
        } else {
            got.senders.iter().cloned().map(Some).collect()
        };
        for unit in senders {
            data.submissions.push(Submission {
                year: file.year,
                file: file.shown.clone(),
                unit,
                date,
            });
        }
        data.self_evaluations.extend(got.self_evaluations);
        data.unmatched.extend(got.unmatched);
        data.mapping_used.extend(got.mapping_used);
        for reading in got.readings {
            let from_reporter = catalog
                .row_definition(&reading.indicator)
                .zip(reading.unit.as_deref())
                .is_some_and(|(r, unit)| r.reporter == unit);
            readings.push((reading, from_reporter));
        }
    }
    resolve(catalog, &mut data, readings);
    derive(catalog, &mut data, year);
    add_stated_baselines(catalog, &mut data);
    for gap in gaps {
        let key = (gap.indicator.clone(), gap.breakdown.clone(), gap.year);
        if !data.values.contains_key(&key) {
            data.gaps.entry(key).or_insert(gap);
        }
    }
    data
}

/// Chooses one value per key: a year's own return before another year's (its 上年 or 基期
/// column, or a column of a years-as-columns table), the responsible unit before others;
/// reports conflicts.
fn resolve(catalog: &Catalog, data: &mut DataSet, readings: Vec<(Reading, bool)>) {
    let mut by_key: BTreeMap<Key, Vec<(Reading, bool)>> = BTreeMap::new();
    for (reading, from_reporter) in readings {
        let key = (
            reading.indicator.clone(),
            reading.breakdown.clone(),
            reading.year,
        );
        by_key
            .entry(key)
            .or_default()
            .push((reading, from_reporter));
    }
    for (key, mut candidates) in by_key {
        // Stable: within the same rank, the first file read wins.
        candidates.sort_by_key(|(r, from_reporter)| (r.from_other_year, !from_reporter));
        let (chosen, _) = &candidates[0];
        let name = catalog
            .row_definition(&key.0)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| key.0.clone());
        let label = match &key.1 {
            Some(b) => format!("{name}（{b}）"),
            None => name,
        };
        let chosen_from_reporter = candidates[0].1;
        for (other, other_from_reporter) in &candidates[1..] {
            if other.value == chosen.value {
                continue;
            }
            let diagnostic = if other.from_other_year && !chosen.from_other_year {
                Diagnostic::warning(
                    Some(Location::Cell(other.cell.clone())),
                    format!(
                        "{}年“{label}”在这里填的是 {}，与 {} 年报表中的 {}（{}）不一致，采用后者",
                        other.year, other.value, chosen.year, chosen.value, chosen.cell
                    ),
                )
                .with_hint("核对两处数据，更正有误的一处")
            } else {
                data.conflicts.push(Conflict {
                    indicator: key.0.clone(),
                    breakdown: key.1.clone(),
                    year: key.2,
                    used: (chosen.value, chosen.cell.clone()),
                    other: (other.value, other.cell.clone()),
                    by_reporter: chosen_from_reporter && !other_from_reporter,
                });
                Diagnostic::warning(
                    Some(Location::Cell(other.cell.clone())),
                    format!(
                        "{}年“{label}”有两个不同的数值：{}（{}）与 {}（本处），采用前者",
                        chosen.year, chosen.value, chosen.cell, other.value
                    ),
                )
                .with_hint("以负责填报该指标的单位数据为准；请两单位核对")
            };
            data.diagnostics.push(diagnostic);
        }
        data.values.insert(
            key,
            Observation {
                value: chosen.value,
                source: Source::Cell(chosen.cell.clone()),
            },
        );
    }
}

/// Computes indicators from their parts in the years where they were not reported:
/// numerator ÷ denominator × the unit's scale, rounded to the declared decimals.
fn derive(catalog: &Catalog, data: &mut DataSet, year: i32) {
    for r in catalog.indicators() {
        let Some(spec) = &r.indicator.derive else {
            continue;
        };
        let scale = r.indicator.unit.rate_scale().unwrap_or(1.0);
        let decimals = spec.decimals.unwrap_or(2) as usize;
        let name = |id: &str| {
            catalog
                .row_definition(id)
                .map_or(id.to_string(), |d| d.name.clone())
        };
        for y in catalog.plan.baseline_year..=year {
            if data.get(&r.indicator.id, None, y).is_some() {
                continue;
            }
            let (Some(num), Some(den)) = (
                data.get(&spec.numerator, None, y).cloned(),
                data.get(&spec.denominator, None, y).cloned(),
            ) else {
                continue;
            };
            if den.value == 0.0 {
                data.diagnostics.push(Diagnostic::warning(
                    match &den.source {
                        Source::Cell(cell) => Some(Location::Cell(cell.clone())),
                        _ => None,
                    },
                    format!(
                        "{y}年“{}”为 0，无法计算“{}”",
                        name(&spec.denominator),
                        r.indicator.name
                    ),
                ));
                continue;
            }
            let value = crate::number::round_to(num.value / den.value * scale, decimals);
            let note = format!(
                "由{}（{}）÷{}（{}）计算",
                name(&spec.numerator),
                num.source,
                name(&spec.denominator),
                den.source
            );
            data.insert(
                &r.indicator.id,
                None,
                y,
                Observation {
                    value,
                    source: Source::Derived { note },
                },
            );
        }
    }
}

/// Adds baseline figures the plan states where no return gives the baseline year.
fn add_stated_baselines(catalog: &Catalog, data: &mut DataSet) {
    for r in catalog.indicators() {
        if let Some(stated) = &r.indicator.baseline {
            let year = stated.year.unwrap_or(catalog.plan.baseline_year);
            if data.get(&r.indicator.id, None, year).is_none() {
                let note = stated
                    .source
                    .clone()
                    .unwrap_or_else(|| "规划文本所载基期数据".to_string());
                data.insert(
                    &r.indicator.id,
                    None,
                    year,
                    Observation {
                        value: stated.value,
                        source: Source::Stated { note },
                    },
                );
            }
        }
    }
}
