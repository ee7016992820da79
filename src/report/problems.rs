//! 存在的问题: the targets that lag, regress, miss or carry a warning, grouped by domain,
//! each with the responsible unit's own explanation from its self-evaluation.

use serde::Serialize;

use super::format::Printed;
use super::narrative::{Narrator, measure_name};
use crate::assess::Verdict;
use crate::intake::SelfEvaluation;

/// One domain's problems.
#[derive(Debug, Clone, Serialize)]
pub struct ProblemDomain {
    /// `一`
    pub numeral: String,
    pub name: String,
    pub items: Vec<Problem>,
}

/// A lagging, regressing, unmet or warned target.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// What is measured: `孕产妇死亡率`, `…（城镇与农村差距）`.
    pub indicator: String,
    /// The unit that reports it.
    pub unit: String,
    /// Its value and verdict in words, with the warnings.
    pub detail: String,
    /// The unit's own words (存在问题) from its self-evaluation of the goal; empty when it
    /// gave none.
    pub explanation: String,
}

/// Whether a target is a problem: 进展滞后, 出现倒退, 未达标 or 基本达标, or warned.
pub fn is_problem(verdict: Verdict, warned: bool) -> bool {
    warned
        || matches!(
            verdict,
            Verdict::Lagging | Verdict::Regressing | Verdict::NotMet | Verdict::BasicallyMet
        )
}

/// The problems of the applicable targets, by domain, in catalog order; domains without
/// problems are left out.
pub fn problems(narrator: &Narrator<'_>, evaluations: &[&SelfEvaluation]) -> Vec<ProblemDomain> {
    let catalog = narrator.catalog;
    let mut out: Vec<ProblemDomain> = Vec::new();
    for r in catalog.entries() {
        for result in narrator
            .assessment
            .for_entry(r)
            .filter(|x| x.applies && is_problem(x.verdict, !x.warnings.is_empty()))
        {
            let Some(current) = &result.current else {
                continue;
            };
            let printed = Printed::of(r.indicator);
            let value = match &result.measure {
                crate::assess::Measure::Level | crate::assess::Measure::Breakdown { .. } => {
                    printed.value(current.value)
                }
                crate::assess::Measure::Gap { .. } => printed.distance(current.value, 0.0),
            };
            let mut detail = format!("{}年为{value}", current.year);
            match narrator.verdict_clause(r, result) {
                Some(verdict) => {
                    detail.push('，');
                    detail.push_str(&verdict);
                }
                None => detail.push('。'),
            }
            detail.push_str(&narrator.warning_clause(r, result));
            let explanation: String = evaluations
                .iter()
                .filter(|e| {
                    e.domain_index == result.domain_index
                        && e.goal_number == result.goal_number
                        && !e.problems.trim().is_empty()
                })
                .map(|e| ensure_stop(&e.problems))
                .collect();
            let item = Problem {
                indicator: measure_name(r, result),
                unit: r.indicator.reporter.clone(),
                detail,
                explanation,
            };
            match out.last_mut() {
                Some(domain) if domain.name == r.domain.name => domain.items.push(item),
                _ => out.push(ProblemDomain {
                    numeral: String::new(),
                    name: r.domain.name.clone(),
                    items: vec![item],
                }),
            }
        }
    }
    for (i, domain) in out.iter_mut().enumerate() {
        domain.numeral = crate::catalog::chinese_numeral(i + 1);
    }
    out
}

/// Ends a sentence with `。` unless it already ends with punctuation.
pub fn ensure_stop(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(['。', '！', '？', '；', '.', '!', '?']) {
        t.to_string()
    } else {
        format!("{t}。")
    }
}
