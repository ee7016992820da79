//! Stage 1: the plan's goal catalog, read from YAML and validated.
//!
//! [`load`] reads the file strictly with serde, runs [`validate::validate`], and maps
//! every problem to `file:line:column`. A catalog with errors is fatal: every later stage
//! depends on it. Warnings travel with the loaded catalog.

pub mod limits;
mod locate;
mod model;
mod resolve;
mod rule;
mod unit;
mod validate;
mod yaml_error;

use std::path::{Path, PathBuf};

pub use model::{
    Catalog, Derive, Direction, Domain, Evaluations, Goal, Indicator, MemberUnit, MethodOverrides,
    Part, Plan, Projection, StatedBaseline, Subject, Target,
};
pub use rule::{
    Bound, Comparator, Goalpost, Rule, SpecProblem, TargetSpec, extreme_breakdown, region_extremes,
};
pub use unit::{ChangeStyle, CountWord, Unit};
pub use validate::{MAX_PERIOD, YEARS};
pub(crate) use yaml_error::yaml_message;

use crate::diag::{Diagnostic, Diagnostics, Location};

/// A catalog that passed validation, with where it came from and any warnings.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    pub catalog: Catalog,
    pub path: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates a catalog file.
pub fn load(path: &Path) -> Result<LoadedCatalog, Diagnostics> {
    let text = limits::read_yaml(path, "目标清单")?;
    parse(&text, path)
}

/// Replaces a member unit's alias by its name wherever the catalog names a unit (leads,
/// responsible units, reporters), so a plan's own spelling can be kept where it uses one.
fn resolve_unit_aliases(catalog: &mut Catalog) {
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for unit in &catalog.units {
        for alias in &unit.aliases {
            // An alias shared by two units stays ambiguous; validation reports it.
            names
                .entry(alias.clone())
                .and_modify(|n| n.clear())
                .or_insert_with(|| unit.name.clone());
        }
    }
    let resolve = |name: &mut String| {
        if let Some(canonical) = names.get(name.as_str()).filter(|n| !n.is_empty()) {
            *name = canonical.clone();
        }
    };
    for domain in &mut catalog.domains {
        domain.lead.iter_mut().for_each(resolve);
        domain.responsible.iter_mut().for_each(resolve);
        for goal in &mut domain.goals {
            goal.responsible.iter_mut().for_each(resolve);
            for indicator in &mut goal.indicators {
                resolve(&mut indicator.reporter);
            }
        }
    }
    for part in &mut catalog.parts {
        resolve(&mut part.reporter);
    }
}

/// Parses and validates catalog text; `path` is used in messages only.
pub fn parse(text: &str, path: &Path) -> Result<LoadedCatalog, Diagnostics> {
    limits::check_yaml(text, path)?;
    let catalog: Catalog = serde_yaml::from_str(text).map_err(|err| {
        let location = err.location().map(|l| Location::Text {
            path: path.to_path_buf(),
            line: l.line(),
            column: l.column(),
        });
        Diagnostics(vec![
            Diagnostic::error(
                location,
                format!("目标清单格式错误：{}", yaml_message(&err)),
            )
            .with_hint("格式说明见 docs/catalog.md"),
        ])
    })?;

    let mut catalog = catalog;
    resolve_unit_aliases(&mut catalog);
    let problems = validate::validate(&catalog);
    let positions = locate::Positions::index(text);
    let (warnings, errors): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .map(|problem| {
            let location = positions
                .find(&problem.path)
                .map(|(line, column)| Location::Text {
                    path: path.to_path_buf(),
                    line,
                    column,
                });
            let diagnostic = if problem.is_warning {
                Diagnostic::warning(location, problem.message)
            } else {
                Diagnostic::error(location, problem.message)
            };
            match problem.hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            }
        })
        .partition(|d| !d.is_error());
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    resolve::resolve(&mut catalog);
    let prefix = catalog.plan.subject.code_prefix();
    let rows = |parts: &[Part], letter: char| -> Vec<Indicator> {
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| part.as_row(format!("{prefix}{letter}{:02}", i + 1)))
            .collect()
    };
    catalog.part_rows = rows(&catalog.parts, 'P');
    catalog.part_rows.extend(rows(&catalog.context, 'C'));
    Ok(LoadedCatalog {
        catalog,
        path: path.to_path_buf(),
        warnings,
    })
}

/// Where an indicator sits in the catalog.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorRef<'a> {
    /// Zero-based index of the domain.
    pub domain_index: usize,
    pub domain: &'a Domain,
    pub goal: &'a Goal,
    /// Zero-based index of the indicator among its goal's own indicators (`same_as`
    /// repeats are not counted), which gives its form code's letter.
    pub index: usize,
    pub indicator: &'a Indicator,
}

impl IndicatorRef<'_> {
    /// The form code: as declared, else `F` (妇女) or `E` (儿童), the domain number, the
    /// goal number and a letter for the indicator, e.g. `F0103a`.
    pub fn code(&self, subject: Subject) -> String {
        if let Some(code) = &self.indicator.code {
            return code.clone();
        }
        form_code(
            subject.code_prefix(),
            self.domain_index,
            self.goal.number,
            self.index,
        )
    }
}

/// A form code from the position: `F0103a` for the first own indicator of goal 3 of the
/// first domain of a women's plan.
pub(crate) fn form_code(
    prefix: char,
    domain_index: usize,
    goal_number: u32,
    index: usize,
) -> String {
    let letter = (b'a' + (index % 26) as u8) as char;
    format!("{prefix}{:02}{goal_number:02}{letter}", domain_index + 1)
}

impl Catalog {
    /// Every indicator in catalog order, with its domain and goal: each quantity once, as
    /// the returns report it (without the `same_as` repeats in other goals).
    pub fn indicators(&self) -> impl Iterator<Item = IndicatorRef<'_>> {
        self.entries().filter(|r| !r.indicator.is_repeat())
    }

    /// Every indicator entry of every goal in catalog order, the `same_as` repeats
    /// included: what is judged and reported goal by goal.
    pub fn entries(&self) -> impl Iterator<Item = IndicatorRef<'_>> {
        self.domains
            .iter()
            .enumerate()
            .flat_map(|(domain_index, domain)| {
                domain.goals.iter().flat_map(move |goal| {
                    let mut own = 0;
                    goal.indicators.iter().map(move |indicator| {
                        let index = own;
                        own += usize::from(!indicator.is_repeat());
                        IndicatorRef {
                            domain_index,
                            domain,
                            goal,
                            index,
                            indicator,
                        }
                    })
                })
            })
    }

    /// The indicator with this id (where it is defined, not a `same_as` repeat).
    pub fn indicator(&self, id: &str) -> Option<IndicatorRef<'_>> {
        self.indicators().find(|r| r.indicator.id == id)
    }

    /// The entry of indicator `id` in one goal (its definition or a `same_as` repeat).
    pub fn entry(
        &self,
        domain_index: usize,
        goal_number: u32,
        id: &str,
    ) -> Option<IndicatorRef<'_>> {
        self.entries().find(|r| {
            r.domain_index == domain_index && r.goal.number == goal_number && r.indicator.id == id
        })
    }

    /// The rows of indicator `id` its targets are judged on, in every goal it appears in:
    /// `None` for the total, the breakdown of a target on one breakdown (`each` included),
    /// the two breakdowns of a gap. Each once, in target order.
    pub fn judged_rows(&self, id: &str) -> Vec<Option<String>> {
        let mut rows: Vec<Option<String>> = Vec::new();
        for r in self.entries().filter(|r| r.indicator.id == id) {
            for target in &r.indicator.targets {
                let needed = match (target.rule.gap(), &target.breakdown) {
                    (Some((a, b)), _) => vec![Some(a.to_string()), Some(b.to_string())],
                    (None, Some(b)) => vec![Some(b.clone())],
                    (None, None) => vec![None],
                };
                for row in needed {
                    if !rows.contains(&row) {
                        rows.push(row);
                    }
                }
            }
        }
        rows
    }

    /// The definition of a reported row: an indicator, or a part (as an indicator without
    /// targets).
    pub fn row_definition(&self, id: &str) -> Option<&Indicator> {
        self.indicator(id)
            .map(|r| r.indicator)
            .or_else(|| self.part_rows.iter().find(|p| p.id == id))
    }

    /// The code of a goal: subject letter, domain and goal numbers, e.g. `F0103`.
    pub fn goal_code(&self, domain_index: usize, goal_number: u32) -> String {
        let prefix = self.plan.subject.code_prefix();
        format!("{prefix}{:02}{goal_number:02}", domain_index + 1)
    }

    /// The goal a form names by its code (`F0103`) or, failing that, by its text as the
    /// catalog writes it (whitespace ignored): `(domain index, goal number)`.
    pub fn goal_by_code_or_text(&self, code: &str, text: &str) -> Option<(usize, u32)> {
        let compact = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        self.goal_by_code(code).or_else(|| {
            let wanted = compact(text);
            if wanted.is_empty() {
                return None;
            }
            self.domains.iter().enumerate().find_map(|(d, domain)| {
                domain
                    .goals
                    .iter()
                    .find(|g| compact(&g.text) == wanted)
                    .map(|g| (d, g.number))
            })
        })
    }

    /// The goal (domain index, goal number) a code such as `F0103` names, if it exists.
    pub fn goal_by_code(&self, code: &str) -> Option<(usize, u32)> {
        let digits = code.trim().strip_prefix(self.plan.subject.code_prefix())?;
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let domain: usize = digits[..2].parse().ok()?;
        let goal: u32 = digits[2..].parse().ok()?;
        let exists = self
            .domains
            .get(domain.checked_sub(1)?)
            .is_some_and(|d| d.goals.iter().any(|g| g.number == goal));
        exists.then_some((domain - 1, goal))
    }

    /// How a target's `reference` reads in reports: the name of the indicator it names,
    /// or the reference row's name as written (`全省平均水平`).
    pub fn reference_label(&self, reference: &str) -> String {
        self.indicator(reference)
            .map_or_else(|| reference.to_string(), |r| r.indicator.name.clone())
    }

    /// The member unit with this name or alias.
    pub fn unit_named(&self, name: &str) -> Option<&MemberUnit> {
        let name = name.trim();
        self.units
            .iter()
            .find(|u| u.name == name || u.aliases.iter().any(|a| a == name))
    }

    /// The year a target is due: its own, else the plan's end year.
    pub fn target_year(&self, target: &Target) -> i32 {
        target.year.unwrap_or(self.plan.end_year)
    }

    /// The number of goals.
    pub fn goal_count(&self) -> usize {
        self.domains.iter().map(|d| d.goals.len()).sum()
    }
}

/// Chinese numerals for domain headings: 1 → 一, 10 → 十, 12 → 十二.
pub fn chinese_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"plan:
  title: 测试规划
  locality: 测试市
  subject: women
  start_year: 2021
  end_year: 2025
  baseline_year: 2020
units:
  - name: 市卫生健康委
domains:
  - id: health
    name: 妇女与健康
    goals:
      - number: 1
        text: 孕产妇死亡率控制在12/10万以下。
        indicators:
          - id: mmr
            name: 孕产妇死亡率
            unit: 1/10万
            reporter: 市卫生健康委
            targets:
              - comparator: at_most
                value: 12
"#;

    fn errors_of(text: &str) -> String {
        match parse(text, Path::new("plan.yaml")) {
            Ok(_) => "ok".into(),
            Err(diagnostics) => diagnostics.to_string(),
        }
    }

    #[test]
    fn minimal_catalog_loads() {
        let loaded = parse(MINIMAL, Path::new("plan.yaml")).unwrap();
        assert_eq!(loaded.catalog.goal_count(), 1);
        let r = loaded.catalog.indicator("mmr").unwrap();
        assert_eq!(r.code(Subject::Women), "F0101a");
        assert_eq!(r.indicator.better_direction(), Direction::Lower);
    }

    #[test]
    fn unknown_key_is_located() {
        let text = MINIMAL.replace("            reporter:", "            reportr:");
        insta::assert_snapshot!(errors_of(&text), @"
        错误: plan.yaml:20:13: 目标清单格式错误：domains[0].goals[0].indicators[0]：没有“reportr”这个字段（可用：id、name、code、unit、reporter、direction、breakdowns、aliases、derive、baseline、decimals、definition、calculation、source、targets、same_as）
          提示: 格式说明见 docs/catalog.md
        ");
    }

    #[test]
    fn unknown_unit_is_located() {
        let text = MINIMAL.replace("unit: 1/10万", "unit: 公斤");
        insta::assert_snapshot!(errors_of(&text), @"
        错误: plan.yaml:19:19: 目标清单格式错误：domains[0].goals[0].indicators[0].unit: 未知的计量单位“公斤”，可用的单位：%、‰、1/万、1/10万、岁、年、小时、个、人、万人、名、所、次、件、户、元、万元、名/千人、张/千人、个/千人、比值
          提示: 格式说明见 docs/catalog.md
        ");
    }

    #[test]
    fn semantic_errors_are_all_reported_with_positions() {
        let text = MINIMAL
            .replace("reporter: 市卫生健康委", "reporter: 卫健委")
            .replace("value: 12", "value: 12\n                year: 2030")
            .replace(
                "comparator: at_most",
                "comparator: gap_narrows\n                between: [城镇, 农村]\n              - comparator: at_most",
            );
        insta::assert_snapshot!(errors_of(&text), @"
        错误: plan.yaml:20:23: 未知的成员单位“卫健委”
          提示: 先在 units 中列出该成员单位
        错误: plan.yaml:23:27: 分组“城镇”不在该指标的 breakdowns 中
          提示: 在指标的 breakdowns 中列出该分组
        错误: plan.yaml:23:31: 分组“农村”不在该指标的 breakdowns 中
          提示: 在指标的 breakdowns 中列出该分组
        错误: plan.yaml:26:23: 目标年份 2030 不在规划期 2021—2025 年内
        ");
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(8), "八");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(23), "二十三");
    }
}

#[cfg(test)]
pub(crate) mod forms_tests;
