//! Semantic checks of a catalog that serde cannot express.

use std::collections::{HashMap, HashSet};

use super::model::{Catalog, Direction, Goal, Indicator, REQUIRED_KEYS};
use super::rule::{Comparator, TargetSpec};

/// Where each indicator is defined: the entry, its path, (domain index, goal number).
type Definitions<'a> = HashMap<&'a str, (&'a Indicator, String, (usize, u32))>;

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

    // Where each indicator is defined (not repeated), for `same_as` and `shared_targets`.
    let mut definitions: Definitions<'_> = HashMap::new();
    for (d, domain) in catalog.domains.iter().enumerate() {
        for (g, goal) in domain.goals.iter().enumerate() {
            for (k, indicator) in goal.indicators.iter().enumerate() {
                if indicator.same_as.is_none() && indicator.written.contains(&"id") {
                    definitions.entry(indicator.id.as_str()).or_insert((
                        indicator,
                        format!("domains[{d}].goals[{g}].indicators[{k}]"),
                        (d, goal.number),
                    ));
                }
            }
        }
    }
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
            check_shared(&mut problems, catalog, &definitions, goal, &gpath);
            let mut repeated: HashMap<&str, String> = HashMap::new();
            for (k, indicator) in goal.indicators.iter().enumerate() {
                let ipath = format!("{gpath}.indicators[{k}]");
                // What the entry's targets are checked against: its own definition, or
                // for a repeat the definition of the indicator it repeats.
                let definition = match &indicator.same_as {
                    Some(of) => {
                        check_repeat(
                            &mut problems,
                            catalog,
                            &definitions,
                            indicator,
                            of,
                            (d, goal.number),
                            &ipath,
                        );
                        if let Some(first) = repeated.insert(of, ipath.clone()) {
                            problems.push(Problem::error(
                                format!("{ipath}.same_as"),
                                format!("本目标中已有重复指标“{of}”的条目（{first}）"),
                            ));
                        }
                        definitions.get(of.as_str()).map(|(def, _, _)| *def)
                    }
                    None => {
                        for key in REQUIRED_KEYS {
                            if !indicator.written.contains(&key) {
                                problems.push(
                                    Problem::error(
                                        ipath.clone(),
                                        format!("指标缺少必填字段“{key}”"),
                                    )
                                    .hint("指标须写 id、name、unit、reporter；重复另一个目标中的指标时写 same_as: 该指标的 id"),
                                );
                            }
                        }
                        if indicator.written.contains(&"id")
                            && let Some(first) = indicator_ids.insert(&indicator.id, ipath.clone())
                        {
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
                        if indicator.written.contains(&"reporter") {
                            check_unit(
                                &mut problems,
                                &indicator.reporter,
                                format!("{ipath}.reporter"),
                            );
                        }
                        let mut seen = HashSet::new();
                        for (b, breakdown) in indicator.breakdowns.iter().enumerate() {
                            if !seen.insert(breakdown.as_str()) {
                                problems.push(Problem::error(
                                    format!("{ipath}.breakdowns[{b}]"),
                                    format!("分组“{breakdown}”重复"),
                                ));
                            }
                        }
                        Some(indicator)
                    }
                };
                let key = super::resolve::entry_key(indicator);
                let shared = goal
                    .shared_targets
                    .iter()
                    .any(|t| t.indicators.iter().flatten().any(|i| i == key));
                if indicator.target_specs.is_empty() && !shared {
                    let name = definition.map_or(key, |d| d.name.as_str());
                    problems.push(
                        Problem::error(
                            format!("{ipath}.targets"),
                            format!("指标“{name}”没有目标值"),
                        )
                        .hint("至少写一个 comparator；只监测不设目标的数据不属于目标清单"),
                    );
                }
                let fit = definition.map(|def| Fit::of(def, indicator, None));
                for (t, target) in indicator.target_specs.iter().enumerate() {
                    let tpath = format!("{ipath}.targets[{t}]");
                    check_spec(&mut problems, catalog, target, &tpath, false);
                    if let Some(fit) = &fit {
                        check_fit(&mut problems, fit, target, &tpath);
                    }
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
                let Some(derive) = indicator.derive.as_ref().filter(|_| !indicator.is_repeat())
                else {
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

/// A repeat (`same_as`): no definition keys of its own, and a reference to an indicator
/// defined in another goal.
fn check_repeat(
    problems: &mut Vec<Problem>,
    catalog: &Catalog,
    definitions: &Definitions<'_>,
    indicator: &Indicator,
    of: &str,
    goal: (usize, u32),
    ipath: &str,
) {
    for key in &indicator.written {
        problems.push(
            Problem::error(
                format!("{ipath}.{key}"),
                format!(
                    "写了 same_as 的条目不写 {key}：它的名称、单位、填报单位、分组等都取自指标“{of}”"
                ),
            )
            .hint("same_as 的条目只写 same_as 和 targets；要改定义，请改原指标"),
        );
    }
    let at = format!("{ipath}.same_as");
    match definitions.get(of) {
        Some((_, path, where_)) if *where_ == goal => {
            problems.push(
                Problem::error(
                    at,
                    format!("same_as 引用的“{of}”就是本目标中的指标（{path}）"),
                )
                .hint("同一目标中的另一个目标值直接写在该指标的 targets 中"),
            );
        }
        Some(_) => {}
        None => {
            let repeat_with_id = catalog
                .domains
                .iter()
                .flat_map(|d| &d.goals)
                .flat_map(|g| &g.indicators)
                .any(|i| i.same_as.is_some() && i.written.contains(&"id") && i.id == of);
            let part = catalog
                .parts
                .iter()
                .chain(&catalog.context)
                .any(|p| p.id == of);
            let (message, hint) = if repeat_with_id {
                (
                    format!("same_as 引用的“{of}”本身是一个 same_as 条目"),
                    "引用它所重复的原指标的 id",
                )
            } else if part {
                (
                    format!("same_as 只能引用指标，“{of}”是 parts 或 context 中的数据项"),
                    "same_as 写另一个目标中某个指标的 id",
                )
            } else {
                (
                    format!("same_as 引用的指标“{of}”不存在"),
                    "same_as 写另一个目标中某个指标的 id",
                )
            };
            problems.push(Problem::error(at, message).hint(hint));
        }
    }
}

/// A goal's `shared_targets`: each lists at least two of the goal's own entries, and fits
/// each of them.
fn check_shared(
    problems: &mut Vec<Problem>,
    catalog: &Catalog,
    definitions: &Definitions<'_>,
    goal: &Goal,
    gpath: &str,
) {
    if goal.is_qualitative() && !goal.shared_targets.is_empty() {
        problems.push(Problem::error(
            format!("{gpath}.shared_targets"),
            "没有指标的目标不能写 shared_targets".into(),
        ));
    }
    for (j, spec) in goal.shared_targets.iter().enumerate() {
        let spath = format!("{gpath}.shared_targets[{j}]");
        check_spec(problems, catalog, spec, &spath, true);
        let Some(ids) = &spec.indicators else {
            continue;
        };
        if ids.len() < 2 {
            problems.push(
                Problem::error(
                    format!("{spath}.indicators"),
                    "shared_targets 的 indicators 至少列出两个指标".into(),
                )
                .hint("只对一个指标的目标写在该指标的 targets 中"),
            );
        }
        let mut seen = HashSet::new();
        for (i, id) in ids.iter().enumerate() {
            let at = format!("{spath}.indicators[{i}]");
            if !seen.insert(id.as_str()) {
                problems.push(Problem::error(at, format!("指标“{id}”重复列出")));
                continue;
            }
            let Some(entry) = goal
                .indicators
                .iter()
                .find(|e| super::resolve::entry_key(e) == id)
            else {
                problems.push(
                    Problem::error(at, format!("“{id}”不是本目标的指标"))
                        .hint("indicators 列出本目标 indicators 中的编号（重复其他目标的指标时，写它 same_as 的编号）"),
                );
                continue;
            };
            let definition = match &entry.same_as {
                Some(of) => definitions.get(of.as_str()).map(|(def, _, _)| *def),
                None => Some(entry),
            };
            if let Some(def) = definition {
                check_fit(problems, &Fit::of(def, entry, Some(&def.name)), spec, &at);
            }
        }
    }
}

/// What a target is checked against on one indicator: its breakdowns and direction.
struct Fit<'a> {
    breakdowns: &'a [String],
    /// As declared, else implied by the targets (the definition's, then the entry's).
    direction: Option<Direction>,
    /// The indicator's name, for a shared target's messages.
    named: Option<&'a str>,
}

impl<'a> Fit<'a> {
    fn of(definition: &'a Indicator, entry: &'a Indicator, named: Option<&'a str>) -> Fit<'a> {
        let implied = |i: &Indicator| {
            i.target_specs
                .iter()
                .find_map(|t| t.to_rule().ok()?.implied_direction())
        };
        Fit {
            breakdowns: &definition.breakdowns,
            direction: definition
                .direction
                .or_else(|| implied(definition))
                .or_else(|| implied(entry)),
            named,
        }
    }

    /// `该指标` or `指标“X”`.
    fn indicator(&self) -> String {
        match self.named {
            Some(name) => format!("指标“{name}”"),
            None => "该指标".into(),
        }
    }
}

/// The checks of one target that do not depend on the indicator.
fn check_spec(
    problems: &mut Vec<Problem>,
    catalog: &Catalog,
    target: &TargetSpec,
    path: &str,
    shared: bool,
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
    match (shared, &target.indicators) {
        (false, Some(_)) => problems.push(
            Problem::error(
                format!("{path}.indicators"),
                "indicators 只用于目标的 shared_targets（一句话对应本目标的几个指标）".into(),
            )
            .hint("把这个目标移到所在目标的 shared_targets 中，或删去 indicators"),
        ),
        (true, None) => problems.push(
            Problem::error(
                path.to_string(),
                "shared_targets 中的目标须写 indicators：它适用的本目标指标的编号".into(),
            )
            .hint("例如 indicators: [hiv_test_rate, syphilis_test_rate]"),
        ),
        _ => {}
    }
    if target.breakdown.is_some() && target.each.is_some() {
        problems.push(Problem::error(
            format!("{path}.each"),
            "breakdown（一个分组）与 each（每个下级单位）只能写一个".into(),
        ));
    }
    if target.breakdown.is_some() && target.comparator == Comparator::GapNarrows {
        problems.push(Problem::error(
            format!("{path}.breakdown"),
            "差距缩小比较的是两个分组，不写 breakdown".into(),
        ));
    }
    if let Some(each) = &target.each {
        if each.trim().is_empty() {
            problems.push(Problem::error(
                format!("{path}.each"),
                "each 应写下级单位的层级，例如 乡镇（街道）".into(),
            ));
        }
        if let Ok(rule) = target.to_rule()
            && rule.deciding_extreme(Direction::Higher).is_none()
            && rule.deciding_extreme(Direction::Lower).is_none()
        {
            problems.push(
                Problem::error(
                    format!("{path}.each"),
                    format!(
                        "比较方式 {} 不能用 each 判断：each（每个下级单位都须达到）只用于 at_least、above、at_most、below 和 better_than_reference",
                        target.comparator.key()
                    ),
                )
                .hint("每个下级单位都须达到的下限（上限）按最低（最高）的下级单位的数值判断"),
            );
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

/// The checks of one target against the indicator it is judged on: the breakdowns it
/// names, and a direction where `each` needs one.
fn check_fit(problems: &mut Vec<Problem>, fit: &Fit<'_>, target: &TargetSpec, path: &str) {
    let missing = |problems: &mut Vec<Problem>, group: &str, at: String| {
        problems.push(
            Problem::error(
                at,
                format!("分组“{group}”不在{}的 breakdowns 中", fit.indicator()),
            )
            .hint("在指标的 breakdowns 中列出该分组"),
        );
    };
    // A shared target's problems are located at the indicator it lists.
    let key = |key: &str| {
        if fit.named.is_some() {
            path.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    if target.comparator == Comparator::GapNarrows
        && target.regions.is_none()
        && let Some(pair) = &target.between
    {
        for (i, group) in pair.iter().enumerate() {
            if !fit.breakdowns.contains(group) {
                let at = if fit.named.is_some() {
                    path.to_string()
                } else {
                    format!("{path}.between[{i}]")
                };
                missing(problems, group, at);
            }
        }
    }
    if let Some(group) = &target.breakdown
        && !fit.breakdowns.contains(group)
    {
        missing(problems, group, key("breakdown"));
    }
    if target.each.is_some()
        && target.comparator == Comparator::BetterThanReference
        && fit.direction.is_none_or(|d| d == Direction::Neutral)
    {
        problems.push(
            Problem::error(
                key("each"),
                format!(
                    "{}没有方向：each 与 better_than_reference 要知道越高越好还是越低越好",
                    fit.indicator()
                ),
            )
            .hint("在指标中写 direction: higher 或 direction: lower"),
        );
    }
}
