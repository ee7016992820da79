//! After validation, the catalog as the later stages use it: every entry's targets, the
//! goal's shared targets placed on the indicators they list, each `same_as` repeat filled
//! with the definition of the indicator it repeats, and the breakdowns that `each` and
//! `regions` imply added to the indicator (so that templates and intake know their rows).
//! Validation has passed, so every spec states a rule and every reference resolves.

use std::collections::HashMap;

use super::model::{Catalog, Direction, Indicator, Target};
use super::rule::{extreme_breakdown, region_extremes};

/// Fills what the YAML leaves to be worked out (see the module comment).
pub fn resolve(catalog: &mut Catalog) {
    let prefix = catalog.plan.subject.code_prefix();
    // 1. Each entry's own targets, in the order written.
    for goal in catalog.domains.iter_mut().flat_map(|d| d.goals.iter_mut()) {
        for indicator in &mut goal.indicators {
            indicator.targets = indicator
                .target_specs
                .iter()
                .filter_map(Target::from_spec)
                .collect();
        }
        // 2. The goal's shared targets, after each listed indicator's own.
        for (j, spec) in goal.shared_targets.iter().enumerate() {
            let Some(mut target) = Target::from_spec(spec) else {
                continue;
            };
            target.shared = Some(j);
            for id in spec.indicators.iter().flatten() {
                if let Some(entry) = goal.indicators.iter_mut().find(|i| entry_key(i) == id) {
                    entry.targets.push(target.clone());
                }
            }
        }
    }

    // 3. The repeats take the definition (and the form code) of what they repeat.
    let mut originals: HashMap<String, (Indicator, String)> = HashMap::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        for goal in &domain.goals {
            for (k, indicator) in goal
                .indicators
                .iter()
                .filter(|i| !i.is_repeat())
                .enumerate()
            {
                let code = indicator
                    .code
                    .clone()
                    .unwrap_or_else(|| super::form_code(prefix, d, goal.number, k));
                originals.insert(indicator.id.clone(), (indicator.clone(), code));
            }
        }
    }
    for entry in entries_mut(catalog).filter(|i| i.is_repeat()) {
        let id = entry.same_as.clone().unwrap_or_default();
        let Some((original, code)) = originals.get(&id) else {
            continue;
        };
        let direction = original
            .direction
            .or_else(|| implied(&original.targets))
            .or_else(|| implied(&entry.targets));
        *entry = Indicator {
            code: Some(code.clone()),
            direction,
            target_specs: std::mem::take(&mut entry.target_specs),
            targets: std::mem::take(&mut entry.targets),
            same_as: entry.same_as.take(),
            written: std::mem::take(&mut entry.written),
            ..original.clone()
        };
    }

    // 4. The breakdowns `each` and `regions` imply, on the indicator where it is defined.
    let mut implied_rows: HashMap<String, Vec<String>> = HashMap::new();
    for entry in entries_mut(catalog) {
        let direction = entry.better_direction();
        let rows = implied_rows.entry(entry.id.clone()).or_default();
        for target in &mut entry.targets {
            if let Some(each) = &target.each {
                let highest = target.rule.deciding_extreme(direction).unwrap_or(false);
                let name = extreme_breakdown(each, highest);
                target.breakdown = Some(name.clone());
                rows.push(name);
            }
            if let Some(regions) = &target.regions {
                let (high, low) = region_extremes(regions);
                rows.extend([high, low]);
            }
        }
    }
    let mut breakdowns: HashMap<String, Vec<String>> = HashMap::new();
    for entry in entries_mut(catalog).filter(|i| !i.is_repeat()) {
        for name in implied_rows.remove(&entry.id).unwrap_or_default() {
            if !entry.breakdowns.contains(&name) {
                entry.breakdowns.push(name);
            }
        }
        breakdowns.insert(entry.id.clone(), entry.breakdowns.clone());
    }
    for entry in entries_mut(catalog).filter(|i| i.is_repeat()) {
        if let Some(rows) = breakdowns.get(&entry.id) {
            entry.breakdowns = rows.clone();
        }
    }
}

/// The id an entry is listed by in `shared_targets`: its own, or the one it repeats.
pub(crate) fn entry_key(indicator: &Indicator) -> &str {
    indicator.same_as.as_deref().unwrap_or(&indicator.id)
}

/// The direction the first target that implies one implies.
fn implied(targets: &[Target]) -> Option<Direction> {
    targets.iter().find_map(|t| t.rule.implied_direction())
}

fn entries_mut(catalog: &mut Catalog) -> impl Iterator<Item = &mut Indicator> {
    catalog
        .domains
        .iter_mut()
        .flat_map(|d| d.goals.iter_mut())
        .flat_map(|g| g.indicators.iter_mut())
}
