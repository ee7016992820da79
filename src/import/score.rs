//! How close a draft comes to a hand-made catalog of the same plan.
//!
//! Goals are matched by domain position and number and must have the same text. A
//! reference target with a value (`at_least 90`, `decrease_by 20` …) is right when the
//! draft's goal has an indicator of the same name (equal after removing brackets and `的`,
//! one containing the other, or three quarters of their character pairs shared) with a
//! target of the same year, comparator, value, unit and breakdown (the one a target on one
//! breakdown names, or the extreme sub-unit `each` implies). Shared targets and `same_as`
//! repeats are compared as the indicators' own targets, which is how they are judged.

use std::collections::BTreeSet;

use crate::catalog::{Catalog, Indicator, Target};

use super::ImportedPlan;

/// The comparison of one plan.
#[derive(Debug, Clone, Default)]
pub struct PlanScore {
    pub title: String,
    pub goals_total: usize,
    /// Goals found with exactly the reference's text.
    pub goals_verbatim: usize,
    /// Reference goals missing from the draft or with another text: `健康 3：…`.
    pub goal_problems: Vec<String>,
    /// Reference targets with a value.
    pub targets_total: usize,
    pub targets_right: usize,
    pub wrong: Vec<WrongTarget>,
    /// Targets with a value in the draft that match no reference target.
    pub extra: Vec<String>,
}

/// A reference target the draft does not have right.
#[derive(Debug, Clone)]
pub struct WrongTarget {
    /// `健康 3`.
    pub goal: String,
    pub expected: String,
    /// What the draft has for it, if anything.
    pub found: Option<String>,
    /// Whether the draft's goal carries a `待核实` reading.
    pub marked: bool,
}

impl PlanScore {
    /// Wrong targets that the draft marks 待核实.
    pub fn wrong_marked(&self) -> usize {
        self.wrong.iter().filter(|w| w.marked).count()
    }
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !matches!(c, '的' | '（' | '）' | '(' | ')' | '《' | '》' | '、') && !c.is_whitespace()
        })
        .map(|c| if c == '—' || c == '－' { '-' } else { c })
        .collect()
}

fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (normalized(a), normalized(b));
    if a == b {
        return 1.0;
    }
    if a.contains(&b) || b.contains(&a) {
        return 0.9;
    }
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (pa, pb) = (pairs(&a), pairs(&b));
    if pa.is_empty() || pb.is_empty() {
        return 0.0;
    }
    let mut rest = pb.clone();
    let mut shared = 0;
    for p in &pa {
        if let Some(i) = rest.iter().position(|q| q == p) {
            rest.remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / (pa.len() + pb.len()) as f64
}

fn describe(indicator: &Indicator, target: &Target, end_year: i32) -> String {
    format!(
        "{}{} {} {}{} ({}年)",
        indicator.name,
        target
            .breakdown
            .as_ref()
            .map(|b| format!("（{b}）"))
            .unwrap_or_default(),
        target.comparator().key(),
        target
            .rule
            .written_value()
            .map(|v| v.to_string())
            .unwrap_or_default(),
        indicator.unit,
        target.year.unwrap_or(end_year)
    )
}

fn has_value(t: &Target) -> bool {
    t.rule.written_value().is_some()
}

/// Compares a draft with the reference catalog of the same plan.
pub fn score(imported: &ImportedPlan, reference: &Catalog) -> PlanScore {
    let draft = &imported.catalog;
    let marked: BTreeSet<(usize, u32)> = imported.summary.uncertain_goals();
    let mut score = PlanScore {
        title: reference.plan.title.clone(),
        ..PlanScore::default()
    };
    let ref_end = reference.plan.end_year;
    let draft_end = draft.plan.end_year;
    let mut used: BTreeSet<(usize, u32, String, usize)> = BTreeSet::new();
    for (di, domain) in reference.domains.iter().enumerate() {
        let short = domain
            .name
            .trim_start_matches("妇女与")
            .trim_start_matches("儿童与")
            .trim_start_matches("妇女");
        for goal in &domain.goals {
            score.goals_total += 1;
            let label = format!("{short} {}", goal.number);
            let found = draft
                .domains
                .get(di)
                .and_then(|d| d.goals.iter().find(|g| g.number == goal.number));
            match found {
                Some(g) if g.text == goal.text => score.goals_verbatim += 1,
                Some(g) => score
                    .goal_problems
                    .push(format!("{label}：原文“{}”，导入“{}”", goal.text, g.text)),
                None => score.goal_problems.push(format!("{label}：未找到")),
            }
            for indicator in &goal.indicators {
                for target in indicator.targets.iter().filter(|t| has_value(t)) {
                    score.targets_total += 1;
                    let expected = describe(indicator, target, ref_end);
                    let year = target.year.unwrap_or(ref_end);
                    // The draft's indicator in the same goal most like this one by name.
                    let candidate = found.and_then(|g| {
                        g.indicators
                            .iter()
                            .map(|i| (similarity(&i.name, &indicator.name), i))
                            .filter(|(s, _)| *s >= 0.75)
                            .max_by(|a, b| a.0.total_cmp(&b.0))
                            .map(|(_, i)| i)
                    });
                    let matched = candidate.and_then(|i| {
                        i.targets
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| has_value(t) && t.year.unwrap_or(draft_end) == year)
                            .min_by_key(|(_, t)| {
                                (
                                    (t.breakdown != target.breakdown) as u8,
                                    (t.comparator() != target.comparator()) as u8,
                                )
                            })
                            .map(|(k, t)| (i, k, t))
                    });
                    let right = matched.is_some_and(|(i, _, t)| {
                        t.comparator() == target.comparator()
                            && t.breakdown == target.breakdown
                            && t.rule
                                .written_value()
                                .zip(target.rule.written_value())
                                .is_some_and(|(a, b)| (a - b).abs() < 1e-9)
                            && i.unit == indicator.unit
                    });
                    if let Some((i, k, _)) = matched {
                        used.insert((di, goal.number, i.id.clone(), k));
                    }
                    if right {
                        score.targets_right += 1;
                    } else {
                        score.wrong.push(WrongTarget {
                            goal: label.clone(),
                            expected,
                            found: matched.map(|(i, _, t)| describe(i, t, draft_end)),
                            marked: marked.contains(&(di, goal.number)),
                        });
                    }
                }
            }
        }
    }
    for (di, domain) in draft.domains.iter().enumerate() {
        for goal in &domain.goals {
            for indicator in &goal.indicators {
                for (k, target) in indicator.targets.iter().enumerate() {
                    if has_value(target)
                        && !used.contains(&(di, goal.number, indicator.id.clone(), k))
                    {
                        score.extra.push(format!(
                            "{} {}：{}",
                            domain.name,
                            goal.number,
                            describe(indicator, target, draft_end)
                        ));
                    }
                }
            }
        }
    }
    score
}

/// The measurement table (Markdown), one row per plan, then a total.
pub fn table(scores: &[PlanScore]) -> String {
    let mut out = String::from(
        "| 规划 | 目标（原文一致/总数） | 数值目标（完全正确/总数） | 错误中标有待核实 | 多出的数值目标 |\n|---|---|---|---|---|\n",
    );
    let (mut g, mut gt, mut t, mut tt, mut m, mut w, mut e) = (0, 0, 0, 0, 0, 0, 0);
    for s in scores {
        out.push_str(&format!(
            "| {} | {}/{} | {}/{} | {}/{} | {} |\n",
            s.title,
            s.goals_verbatim,
            s.goals_total,
            s.targets_right,
            s.targets_total,
            s.wrong_marked(),
            s.wrong.len(),
            s.extra.len()
        ));
        g += s.goals_verbatim;
        gt += s.goals_total;
        t += s.targets_right;
        tt += s.targets_total;
        m += s.wrong_marked();
        w += s.wrong.len();
        e += s.extra.len();
    }
    out.push_str(&format!(
        "| **合计** | **{g}/{gt}** | **{t}/{tt}（{:.1}%）** | **{m}/{w}** | **{e}** |\n",
        if tt > 0 {
            100.0 * t as f64 / tt as f64
        } else {
            0.0
        }
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_by_containment_or_shared_pairs() {
        assert!(
            similarity(
                "适龄儿童免疫规划疫苗接种率",
                "以乡（镇、街道）为单位适龄儿童免疫规划疫苗接种率"
            ) >= 0.75
        );
        assert!(
            similarity(
                "每千人拥有3岁以下婴幼儿托位数",
                "每千人口拥有3岁以下婴幼儿托位数"
            ) >= 0.75
        );
        assert!(similarity("小学生近视率", "初中生近视率") < 0.75);
    }
}
