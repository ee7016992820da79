//! Semantic checks of a catalog that serde cannot express.

use std::collections::{HashMap, HashSet};

use super::model::Catalog;
use super::rule::{Comparator, TargetSpec};

/// The years a plan, a target or a report may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// The longest plan period, baseline year to end year.
pub const MAX_PERIOD: i32 = 30;

/// One semantic problem, located by its YAML path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending node, e.g. `domains[0].goals[2].indicators[0].id`.
    pub path: String,
    pub message: String,
    pub hint: Option<String>,
    /// Problems that do not stop loading (the catalog is still usable).
    pub is_warning: bool,
}

impl Problem {
    fn error(path: String, message: String) -> Problem {
        Problem {
            path,
            message,
            hint: None,
            is_warning: false,
        }
    }

    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// Checks everything serde cannot: unique ids, known units, years inside the period,
/// the fields each comparator needs. Returns every problem found.
pub fn validate(catalog: &Catalog) -> Vec<Problem> {
    let mut problems = Vec::new();
    let plan = &catalog.plan;

    // Years a plan can have: four digits, a period of at most 30 years. Everything else
    // is refused here, once, before any work depends on it.
    let mut years_ok = true;
    for (key, label, year) in [
        ("baseline_year", "基期年份", plan.baseline_year),
        ("start_year", "规划起始年份", plan.start_year),
        ("end_year", "规划期末年份", plan.end_year),
    ] {
        if !YEARS.contains(&year) {
            years_ok = false;
            problems.push(
                Problem::error(
                    format!("plan.{key}"),
                    format!(
                        "{label} {year} 不是有效的年份（应在 {}—{} 之间）",
                        YEARS.start(),
                        YEARS.end()
                    ),
                )
                .hint("年份写四位数字，如 2020"),
            );
        }
    }
    if years_ok && plan.end_year - plan.baseline_year > MAX_PERIOD {
        years_ok = false;
        problems.push(Problem::error(
            "plan.end_year".into(),
            format!(
                "规划期从基期 {} 年到 {} 年，超过 {MAX_PERIOD} 年",
                plan.baseline_year, plan.end_year
            ),
        ));
    }
    if !years_ok {
        return problems;
    }

    if plan.start_year > plan.end_year {
        problems.push(Problem::error(
            "plan.end_year".into(),
            format!(
                "规划期末年份 {} 早于起始年份 {}",
                plan.end_year, plan.start_year
            ),
        ));
    }
    if plan.baseline_year > plan.start_year {
        problems.push(
            Problem::error(
                "plan.baseline_year".into(),
                format!(
                    "基期年份 {} 晚于规划起始年份 {}",
                    plan.baseline_year, plan.start_year
                ),
            )
            .hint("基期通常是规划起始年份的上一年"),
        );
    }
    let evaluations = [
        ("midterm", "中期评估", plan.evaluations.midterm),
        ("final", "终期评估", plan.evaluations.final_year),
    ];
    for (key, label, year) in evaluations {
        if let Some(year) = year
            && (year < plan.start_year || year > plan.end_year + 1)
        {
            problems.push(Problem::error(
                format!("plan.evaluations.{key}"),
                format!(
                    "{label}年份 {year} 不在规划期 {}—{} 年内",
                    plan.start_year, plan.end_year
                ),
            ));
        }
    }

    // Member units: names and aliases must be unambiguous.
    let mut unit_names: HashMap<&str, String> = HashMap::new();
    for (u, unit) in catalog.units.iter().enumerate() {
        let names = std::iter::once((&unit.name, format!("units[{u}].name"))).chain(
            unit.aliases
                .iter()
                .enumerate()
                .map(move |(a, alias)| (alias, format!("units[{u}].aliases[{a}]"))),
        );
        for (name, path) in names {
            if name.trim().is_empty() {
                problems.push(Problem::error(path, "成员单位名称为空".into()));
            } else if let Some(first) = unit_names.get(name.as_str()) {
                problems.push(Problem::error(
                    path,
                    format!("成员单位名称“{name}”重复（首次出现在 {first}）"),
                ));
            } else {
                unit_names.insert(name, path);
            }
        }
    }
    let known_unit: HashSet<&str> = catalog.units.iter().map(|u| u.name.as_str()).collect();
    let check_unit = |problems: &mut Vec<Problem>, name: &str, path: String| {
        if !known_unit.contains(name) {
            let hint = if unit_names.contains_key(name) {
                "这是某个成员单位的别名，请改用该单位在 units 中的 name".to_string()
            } else {
                "先在 units 中列出该成员单位".to_string()
            };
            problems.push(Problem::error(path, format!("未知的成员单位“{name}”")).hint(hint));
        }
    };

    let mut domain_ids: HashMap<&str, usize> = HashMap::new();
    let mut indicator_ids: HashMap<&str, String> = HashMap::new();
    let mut codes: HashMap<&str, String> = HashMap::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        let dpath = format!("domains[{d}]");
        if domain_ids.insert(&domain.id, d).is_some() {
            problems.push(Problem::error(
                format!("{dpath}.id"),
                format!("领域编号“{}”重复", domain.id),
            ));
        }
        for (i, name) in domain.lead.iter().enumerate() {
            check_unit(&mut problems, name, format!("{dpath}.lead[{i}]"));
        }
        for (i, name) in domain.responsible.iter().enumerate() {
            check_unit(&mut problems, name, format!("{dpath}.responsible[{i}]"));
        }
        if domain.goals.is_empty() {
            problems.push(Problem::error(
                format!("{dpath}.goals"),
                format!("领域“{}”没有任何目标", domain.name),
            ));
        }
        let mut numbers = HashSet::new();
        for (g, goal) in domain.goals.iter().enumerate() {
            let gpath = format!("{dpath}.goals[{g}]");
            if !numbers.insert(goal.number) {
                problems.push(Problem::error(
                    format!("{gpath}.number"),
                    format!("领域“{}”中目标序号 {} 重复", domain.name, goal.number),
                ));
            }
            if goal.text.trim().is_empty() {
                problems.push(Problem::error(
                    format!("{gpath}.text"),
                    "目标内容为空".into(),
                ));
            }
            for (i, name) in goal.responsible.iter().enumerate() {
                check_unit(&mut problems, name, format!("{gpath}.responsible[{i}]"));
            }
            if goal.is_qualitative() && !goal.qualitative.is_empty() {
                problems.push(
                    Problem::error(
                        format!("{gpath}.qualitative"),
                        format!(
                            "目标 {}.{} 没有指标，整个目标即为定性目标，不需要 qualitative",
                            domain.id, goal.number
                        ),
                    )
                    .hint("qualitative 只用于既有指标又有定性表述的目标"),
                );
            }
            for (i, clause) in goal.qualitative.iter().enumerate() {
                if clause.trim().is_empty() {
                    problems.push(Problem::error(
                        format!("{gpath}.qualitative[{i}]"),
                        "定性表述为空".into(),
                    ));
                }
            }
            if goal.has_evidence_part()
                && goal.responsible.is_empty()
                && domain.responsible.is_empty()
                && goal.is_qualitative()
            {
                problems.push(Problem {
                    is_warning: true,
                    ..Problem::error(
                        gpath.clone(),
                        format!(
                            "定性目标 {}.{} 没有指定责任单位，自评时无人作答",
                            domain.id, goal.number
                        ),
                    )
                    .hint("在该目标下写 responsible: [单位名称]")
                });
            }
            for (k, indicator) in goal.indicators.iter().enumerate() {
                let ipath = format!("{gpath}.indicators[{k}]");
                if let Some(first) = indicator_ids.insert(&indicator.id, ipath.clone()) {
                    problems.push(Problem::error(
                        format!("{ipath}.id"),
                        format!("指标编号“{}”重复（首次出现在 {first}）", indicator.id),
                    ));
                }
                if let Some(code) = &indicator.code
                    && let Some(first) = codes.insert(code, ipath.clone())
                {
                    problems.push(Problem::error(
                        format!("{ipath}.code"),
                        format!("指标代码“{code}”重复（首次出现在 {first}）"),
                    ));
                }
                check_unit(
                    &mut problems,
                    &indicator.reporter,
                    format!("{ipath}.reporter"),
                );
                let mut seen = HashSet::new();
                for (b, breakdown) in indicator.breakdowns.iter().enumerate() {
                    if !seen.insert(breakdown.as_str()) {
                        problems.push(Problem::error(
                            format!("{ipath}.breakdowns[{b}]"),
                            format!("分组“{breakdown}”重复"),
                        ));
                    }
                }
                if indicator.target_specs.is_empty() {
                    problems.push(
                        Problem::error(
                            format!("{ipath}.targets"),
                            format!("指标“{}”没有目标值", indicator.name),
                        )
                        .hint("至少写一个 comparator；只监测不设目标的数据不属于目标清单"),
                    );
                }
                for (t, target) in indicator.target_specs.iter().enumerate() {
                    let tpath = format!("{ipath}.targets[{t}]");
                    check_target(
                        &mut problems,
                        catalog,
                        &indicator.breakdowns,
                        target,
                        &tpath,
                    );
                }
            }
        }
    }
    let extra = catalog
        .parts
        .iter()
        .enumerate()
        .map(|(p, part)| (format!("parts[{p}]"), part))
        .chain(
            catalog
                .context
                .iter()
                .enumerate()
                .map(|(c, part)| (format!("context[{c}]"), part)),
        );
    for (ppath, part) in extra {
        if let Some(first) = indicator_ids.insert(&part.id, ppath.clone()) {
            problems.push(Problem::error(
                format!("{ppath}.id"),
                format!("编号“{}”重复（首次出现在 {first}）", part.id),
            ));
        }
        check_unit(&mut problems, &part.reporter, format!("{ppath}.reporter"));
    }
    for (d, domain) in catalog.domains.iter().enumerate() {
        for (g, goal) in domain.goals.iter().enumerate() {
            for (k, indicator) in goal.indicators.iter().enumerate() {
                let Some(derive) = &indicator.derive else {
                    continue;
                };
                let ipath = format!("domains[{d}].goals[{g}].indicators[{k}]");
                for (key, id) in [
                    ("numerator", &derive.numerator),
                    ("denominator", &derive.denominator),
                ] {
                    if !indicator_ids.contains_key(id.as_str()) {
                        problems.push(
                            Problem::error(
                                format!("{ipath}.derive.{key}"),
                                format!("计算用的“{id}”既不是指标也不是 parts 中的数据项"),
                            )
                            .hint("在 parts 中列出该数据项（编号、名称、单位、填报单位）"),
                        );
                    }
                }
                if indicator.unit.rate_scale().is_none()
                    && indicator.unit != crate::catalog::Unit::Ratio
                {
                    problems.push(Problem::error(
                        format!("{ipath}.unit"),
                        format!(
                            "由两项数据计算的指标应为比率或比值，现为 {}",
                            indicator.unit
                        ),
                    ));
                }
            }
        }
    }
    problems
}

fn check_target(
    problems: &mut Vec<Problem>,
    catalog: &Catalog,
    breakdowns: &[String],
    target: &TargetSpec,
    path: &str,
) {
    let plan = &catalog.plan;
    if let Err(spec_problems) = target.to_rule() {
        for p in spec_problems {
            let at = match p.key {
                Some(key) => format!("{path}.{key}"),
                None => path.to_string(),
            };
            problems.push(Problem::error(at, p.message));
        }
    }
    for (key, number) in [
        ("value", target.value),
        ("min", target.min),
        ("max", target.max),
        ("band", target.band),
    ] {
        if let Some(number) = number
            && (number.is_nan() || number.abs() > crate::number::MAX_MAGNITUDE)
        {
            problems.push(
                Problem::error(
                    format!("{path}.{key}"),
                    format!("目标数值 {number:e} 超出可处理的范围（绝对值不超过 10 的 15 次方）"),
                )
                .hint("核对规划文本中的目标值"),
            );
        }
    }
    if target.comparator == Comparator::GapNarrows
        && let Some(pair) = &target.between
    {
        for (i, group) in pair.iter().enumerate() {
            if !breakdowns.contains(group) {
                problems.push(
                    Problem::error(
                        format!("{path}.between[{i}]"),
                        format!("分组“{group}”不在该指标的 breakdowns 中"),
                    )
                    .hint("在指标的 breakdowns 中列出该分组"),
                );
            }
        }
    }
    if let Some(year) = target.year
        && (year < plan.start_year || year > plan.end_year)
    {
        problems.push(Problem::error(
            format!("{path}.year"),
            format!(
                "目标年份 {year} 不在规划期 {}—{} 年内",
                plan.start_year, plan.end_year
            ),
        ));
    }
}
