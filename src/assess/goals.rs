//! Goal-level verdicts: each 主要目标 judged as a whole, from its targets and the part of it
//! judged from evidence (`docs/methodology.md` §5).

use serde::Serialize;

use super::{Method, TargetResult, Verdict};
use crate::catalog::{Catalog, Goal};
use crate::intake::{Conclusion, DataSet, GroupConclusion, GroupVerdict, SelfEvaluation};

/// A goal's verdict as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalVerdict {
    /// 提前实现: every part met before the goal's year.
    AchievedEarly,
    /// 已实现
    Achieved,
    /// 基本实现
    BasicallyAchieved,
    /// 进展顺利: before its year, every part met or in step with time.
    OnTrack,
    /// 进展滞后: before its year, some part behind time or worse than at the start.
    Lagging,
    /// 未实现
    NotAchieved,
    /// 无法评估: no part could be judged.
    NotAssessable,
}

impl GoalVerdict {
    /// Every goal verdict, in report order.
    pub const ALL: [GoalVerdict; 7] = [
        GoalVerdict::AchievedEarly,
        GoalVerdict::Achieved,
        GoalVerdict::BasicallyAchieved,
        GoalVerdict::OnTrack,
        GoalVerdict::Lagging,
        GoalVerdict::NotAchieved,
        GoalVerdict::NotAssessable,
    ];

    /// The stable code (its serde name).
    pub fn code(self) -> &'static str {
        crate::key::variant_name(&self)
    }

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            GoalVerdict::AchievedEarly => "提前实现",
            GoalVerdict::Achieved => "已实现",
            GoalVerdict::BasicallyAchieved => "基本实现",
            GoalVerdict::OnTrack => "进展顺利",
            GoalVerdict::Lagging => "进展滞后",
            GoalVerdict::NotAchieved => "未实现",
            GoalVerdict::NotAssessable => "无法评估",
        }
    }

    /// Whether the goal counts as attained for the goal-level 达标率: achieved, early, or
    /// basically achieved when the method counts 基本达标.
    pub fn is_attained(self, method: &Method) -> bool {
        match self {
            GoalVerdict::AchievedEarly | GoalVerdict::Achieved => true,
            GoalVerdict::BasicallyAchieved => method.basic_counts_as_met,
            GoalVerdict::OnTrack
            | GoalVerdict::Lagging
            | GoalVerdict::NotAchieved
            | GoalVerdict::NotAssessable => false,
        }
    }
}

/// Who judged the part of a goal judged from evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgedBy {
    /// The evaluation group (评估组结论.xlsx).
    Group,
    /// The responsible units' self-evaluations.
    Units,
}

impl JudgedBy {
    /// `评估组` or `责任单位自评`.
    pub fn label(self) -> &'static str {
        match self {
            JudgedBy::Group => "评估组",
            JudgedBy::Units => "责任单位自评",
        }
    }
}

/// The judgement of one goal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoalResult {
    pub domain_index: usize,
    pub domain_id: String,
    pub goal_number: u32,
    /// The units that evaluate it (its own, its domain's, or its indicators' reporters).
    pub responsible: Vec<String>,
    /// Their self-evaluations for the year, one per unit.
    pub evaluations: Vec<SelfEvaluation>,
    /// The evaluation group's conclusion, when it gave one.
    pub group: Option<GroupConclusion>,
    /// The verdict of the part judged from evidence; `None` for a goal judged by data only.
    pub evidence: Option<Verdict>,
    /// Who judged that part.
    pub evidence_by: Option<JudgedBy>,
    /// The goal as a whole.
    pub verdict: GoalVerdict,
    /// How many of its parts (targets, the evidence part) could not be judged.
    pub missing: usize,
    /// How many parts it has.
    pub parts: usize,
    /// Whether the goal is judged from evidence only (no indicator).
    pub qualitative: bool,
}

/// The verdict of the part of a goal judged from evidence, in `year`: the group's
/// conclusion, else the least favourable of the units' self-ratings. Before the plan's end
/// year (when the clause is due), 已实现 counts as met early, 基本实现 as on track and 未实现
/// as lagging.
fn evidence_verdict(
    group: Option<&GroupConclusion>,
    evaluations: &[SelfEvaluation],
    due: bool,
) -> Option<(Verdict, JudgedBy)> {
    let from_group = |g: GroupVerdict| match (g, due) {
        (GroupVerdict::Achieved, true) => Verdict::Met,
        (GroupVerdict::Achieved, false) => Verdict::MetEarly,
        (GroupVerdict::BasicallyAchieved, true) => Verdict::BasicallyMet,
        (GroupVerdict::NotAchieved, true) => Verdict::NotMet,
        (GroupVerdict::OnTrack | GroupVerdict::BasicallyAchieved, false) => Verdict::OnTrack,
        (GroupVerdict::Lagging | GroupVerdict::NotAchieved, false) => Verdict::Lagging,
        // In the goal's year “on track” is not a conclusion: it is read as 基本实现, and
        // “lagging” as 未实现.
        (GroupVerdict::OnTrack, true) => Verdict::BasicallyMet,
        (GroupVerdict::Lagging, true) => Verdict::NotMet,
        (GroupVerdict::NotAssessable, _) => Verdict::NoData,
    };
    if let Some(group) = group {
        return Some((from_group(group.verdict), JudgedBy::Group));
    }
    let from_unit = |c: Conclusion| match c {
        Conclusion::Achieved => GroupVerdict::Achieved,
        Conclusion::BasicallyAchieved => GroupVerdict::BasicallyAchieved,
        Conclusion::NotAchieved => GroupVerdict::NotAchieved,
    };
    evaluations
        .iter()
        .map(|e| from_group(from_unit(e.conclusion)))
        .min_by_key(|v| v.rank())
        .map(|v| (v, JudgedBy::Units))
}

/// The goal as a whole from the verdicts of its parts (`docs/methodology.md` §5): parts
/// without data are left out; any part not met makes it 未实现, else any part lagging
/// 进展滞后, else any part on track 进展顺利, else any part basically met 基本实现, else (all
/// met) 提前实现 when some part is met before its year, 已实现 otherwise. No part with data:
/// 无法评估.
pub fn combine(parts: &[Verdict]) -> GoalVerdict {
    let judged: Vec<Verdict> = parts
        .iter()
        .copied()
        .filter(|v| *v != Verdict::NoData)
        .collect();
    let any = |f: &dyn Fn(Verdict) -> bool| judged.iter().any(|v| f(*v));
    if judged.is_empty() {
        GoalVerdict::NotAssessable
    } else if any(&|v| v == Verdict::NotMet) {
        GoalVerdict::NotAchieved
    } else if any(&|v| matches!(v, Verdict::Lagging | Verdict::Regressing)) {
        GoalVerdict::Lagging
    } else if any(&|v| matches!(v, Verdict::Ahead | Verdict::OnTrack)) {
        GoalVerdict::OnTrack
    } else if any(&|v| v == Verdict::BasicallyMet) {
        GoalVerdict::BasicallyAchieved
    } else if any(&|v| v == Verdict::MetEarly) {
        GoalVerdict::AchievedEarly
    } else {
        GoalVerdict::Achieved
    }
}

/// Judges every goal of the catalog in `year` from the applicable target results and the
/// evidence.
pub fn judge_goals(
    catalog: &Catalog,
    data: &DataSet,
    results: &[TargetResult],
    year: i32,
) -> Vec<GoalResult> {
    let latest = data.latest_self_evaluations(year);
    let due = year >= catalog.plan.end_year;
    let mut out = Vec::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        for goal in &domain.goals {
            out.push(judge_goal(catalog, data, results, &latest, d, goal, due));
        }
    }
    out
}

fn judge_goal(
    catalog: &Catalog,
    data: &DataSet,
    results: &[TargetResult],
    latest: &[&SelfEvaluation],
    d: usize,
    goal: &Goal,
    due: bool,
) -> GoalResult {
    let domain = &catalog.domains[d];
    let mut parts: Vec<Verdict> = results
        .iter()
        .filter(|r| r.applies && r.domain_index == d && r.goal_number == goal.number)
        .map(|r| r.verdict)
        .collect();
    let evaluations: Vec<SelfEvaluation> = latest
        .iter()
        .filter(|e| e.domain_index == d && e.goal_number == goal.number)
        .map(|e| (*e).clone())
        .collect();
    let group = data
        .group_conclusions
        .iter()
        .find(|g| g.domain_index == d && g.goal_number == goal.number)
        .cloned();
    let (evidence, evidence_by) = if goal.has_evidence_part() {
        match evidence_verdict(group.as_ref(), &evaluations, due) {
            Some((v, by)) => (Some(v), Some(by)),
            None => (Some(Verdict::NoData), None),
        }
    } else {
        (None, None)
    };
    parts.extend(evidence);
    GoalResult {
        domain_index: d,
        domain_id: domain.id.clone(),
        goal_number: goal.number,
        responsible: goal.answering_units(domain),
        evaluations,
        group,
        evidence,
        evidence_by,
        verdict: combine(&parts),
        missing: parts.iter().filter(|v| **v == Verdict::NoData).count(),
        parts: parts.len(),
        qualitative: goal.is_qualitative(),
    }
}

/// Goal-level counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GoalTally {
    pub total: usize,
    /// Goals with at least one part judged (the denominator of the goal-level 达标率).
    pub assessable: usize,
    /// The numerator: achieved or achieved early (and 基本实现 when the method counts it).
    pub attained: usize,
    pub achieved_early: usize,
    pub achieved: usize,
    pub basically_achieved: usize,
    pub on_track: usize,
    pub lagging: usize,
    pub not_achieved: usize,
    pub not_assessable: usize,
}

impl GoalTally {
    /// Counts `goals` by the method.
    pub fn of<'a>(goals: impl Iterator<Item = &'a GoalResult>, method: &Method) -> GoalTally {
        let mut t = GoalTally::default();
        for g in goals {
            t.total += 1;
            t.assessable += usize::from(g.verdict != GoalVerdict::NotAssessable);
            t.attained += usize::from(g.verdict.is_attained(method));
            *match g.verdict {
                GoalVerdict::AchievedEarly => &mut t.achieved_early,
                GoalVerdict::Achieved => &mut t.achieved,
                GoalVerdict::BasicallyAchieved => &mut t.basically_achieved,
                GoalVerdict::OnTrack => &mut t.on_track,
                GoalVerdict::Lagging => &mut t.lagging,
                GoalVerdict::NotAchieved => &mut t.not_achieved,
                GoalVerdict::NotAssessable => &mut t.not_assessable,
            } += 1;
        }
        t
    }

    /// The count of one verdict.
    pub fn count(&self, verdict: GoalVerdict) -> usize {
        match verdict {
            GoalVerdict::AchievedEarly => self.achieved_early,
            GoalVerdict::Achieved => self.achieved,
            GoalVerdict::BasicallyAchieved => self.basically_achieved,
            GoalVerdict::OnTrack => self.on_track,
            GoalVerdict::Lagging => self.lagging,
            GoalVerdict::NotAchieved => self.not_achieved,
            GoalVerdict::NotAssessable => self.not_assessable,
        }
    }

    /// 达标率 in percent; `None` when nothing is assessable.
    pub fn rate_percent(&self) -> Option<f64> {
        (self.assessable > 0).then(|| self.attained as f64 * 100.0 / self.assessable as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Verdict::*;

    /// (parts, goal verdict): the rule, case by case, mixed goals included (the last part
    /// of a mixed goal is its evidence part).
    #[test]
    fn goals_are_judged_as_a_whole() {
        let table: &[(&[Verdict], GoalVerdict)] = &[
            (&[Met], GoalVerdict::Achieved),
            (&[Met, Met], GoalVerdict::Achieved),
            (&[Met, BasicallyMet], GoalVerdict::BasicallyAchieved),
            (&[Met, NotMet], GoalVerdict::NotAchieved),
            (&[BasicallyMet, NotMet], GoalVerdict::NotAchieved),
            // Mixed: the numbers met, the evidence says basically.
            (&[Met, Met, BasicallyMet], GoalVerdict::BasicallyAchieved),
            // Mixed: the numbers met, the evidence part has no conclusion yet.
            (&[Met, NoData], GoalVerdict::Achieved),
            (&[NoData, NoData], GoalVerdict::NotAssessable),
            (&[], GoalVerdict::NotAssessable),
            // Before the goal's year.
            (&[MetEarly], GoalVerdict::AchievedEarly),
            (&[MetEarly, Met], GoalVerdict::AchievedEarly),
            (&[MetEarly, OnTrack], GoalVerdict::OnTrack),
            (&[Ahead, OnTrack], GoalVerdict::OnTrack),
            (&[OnTrack, Lagging], GoalVerdict::Lagging),
            (&[MetEarly, Regressing], GoalVerdict::Lagging),
            // An interim target missed makes the goal 未实现 even if the rest is on track.
            (&[NotMet, OnTrack], GoalVerdict::NotAchieved),
            // Mixed before its year: numbers on track, evidence lagging.
            (&[OnTrack, Lagging], GoalVerdict::Lagging),
        ];
        for (parts, want) in table {
            assert_eq!(combine(parts), *want, "{parts:?}");
        }
    }

    #[test]
    fn the_group_overrides_the_units_and_reads_by_year() {
        let conclusion = |verdict| GroupConclusion {
            domain_index: 0,
            goal_number: 1,
            verdict,
            reason: String::new(),
            cell: crate::diag::CellRef::new("评估组结论.xlsx", "评估组结论", 3, 5),
        };
        let unit = SelfEvaluation {
            year: 2025,
            unit: Some("市妇联".into()),
            domain_index: 0,
            goal_number: 1,
            conclusion: Conclusion::NotAchieved,
            measures: String::new(),
            problems: String::new(),
            next_steps: String::new(),
            cell: crate::diag::CellRef::new("市妇联.xlsx", "自评", 3, 3),
        };
        let units = std::slice::from_ref(&unit);
        assert_eq!(
            evidence_verdict(None, units, true),
            Some((NotMet, JudgedBy::Units))
        );
        assert_eq!(
            evidence_verdict(Some(&conclusion(GroupVerdict::Achieved)), units, true),
            Some((Met, JudgedBy::Group))
        );
        assert_eq!(
            evidence_verdict(Some(&conclusion(GroupVerdict::Achieved)), units, false),
            Some((MetEarly, JudgedBy::Group))
        );
        assert_eq!(
            evidence_verdict(None, units, false),
            Some((Lagging, JudgedBy::Units))
        );
        assert_eq!(evidence_verdict(None, &[], true), None);
    }
}
