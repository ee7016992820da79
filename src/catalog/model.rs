//! The goal catalog of one plan, as written in YAML (see `docs/catalog.md`).
//!
//! Serde reads the structure strictly (unknown keys are errors); [`super::validate`]
//! then checks the meaning. Code after loading may rely on what validation guarantees,
//! such as a numeric target having its `value`.

use serde::{Deserialize, Serialize};

use super::rule::{Comparator, Rule, TargetSpec};
use super::unit::Unit;

/// One plan's goal catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub plan: Plan,
    /// Member units (成员单位).
    pub units: Vec<MemberUnit>,
    /// Development domains in the plan's order.
    pub domains: Vec<Domain>,
    /// Quantities reported only to compute indicators from (e.g. maternal deaths and live
    /// births for the maternal mortality ratio); they carry no targets.
    #[serde(default)]
    pub parts: Vec<Part>,
    /// Background figures shown without targets (总人口、女性人口、出生人口性别比 …), in the
    /// booklet's first table and the evaluation reports' 基本情况.
    #[serde(default)]
    pub context: Vec<Part>,
    /// The parts and context figures as indicators without targets, for matching workbook
    /// rows (filled by [`super::parse`]).
    #[serde(skip)]
    pub part_rows: Vec<Indicator>,
    /// The plan's own settings of the attainment method (see `docs/methodology.md`).
    #[serde(default)]
    pub method: MethodOverrides,
}

/// What the plan is.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The full title, e.g. `株洲市妇女发展规划（2021—2025年）`.
    pub title: String,
    /// The locality that issued it, e.g. `株洲市`.
    pub locality: String,
    pub subject: Subject,
    /// First year of the plan period.
    pub start_year: i32,
    /// Last year of the plan period; targets default to this year.
    pub end_year: i32,
    /// The year progress is measured from (usually the year before `start_year`).
    pub baseline_year: i32,
    /// The body that issued the plan, e.g. `株洲市人民政府妇女儿童工作委员会`.
    #[serde(default)]
    pub issuer: Option<String>,
    /// The issuing document number, e.g. `株妇儿工委字〔2021〕1号`.
    #[serde(default)]
    pub document: Option<String>,
    /// Evaluations the plan names besides annual monitoring.
    #[serde(default)]
    pub evaluations: Evaluations,
}

impl Plan {
    /// Who signs the reports: `issuer` when the catalog names one, else the locality's
    /// 人民政府妇女儿童工作委员会.
    pub fn issuer_name(&self) -> String {
        self.issuer
            .clone()
            .unwrap_or_else(|| format!("{}人民政府妇女儿童工作委员会", self.locality))
    }
}

/// Whose development the plan is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Women,
    Children,
}

impl Subject {
    /// The letter codes start with: `F` (妇女) or `E` (儿童).
    pub fn code_prefix(self) -> char {
        match self {
            Subject::Women => 'F',
            Subject::Children => 'E',
        }
    }

    /// `妇女` or `儿童`.
    pub fn label(self) -> &'static str {
        match self {
            Subject::Women => "妇女",
            Subject::Children => "儿童",
        }
    }
}

/// The years of the mid-term and final evaluations, when the plan names them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluations {
    #[serde(default)]
    pub midterm: Option<i32>,
    #[serde(default, rename = "final")]
    pub final_year: Option<i32>,
}

/// A member unit (成员单位) that reports data or answers for goals.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MemberUnit {
    /// The name used everywhere else in the catalog and as the workbook's 填报单位.
    pub name: String,
    /// Other names the unit goes by in workbooks and file names.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A development domain (发展领域) with its goals.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// A stable English id, e.g. `health`.
    pub id: String,
    /// The heading without its numeral, e.g. `妇女与健康`.
    pub name: String,
    /// 牵头单位, when the plan names them.
    #[serde(default)]
    pub lead: Vec<String>,
    /// 责任单位, when the plan names them.
    #[serde(default)]
    pub responsible: Vec<String>,
    pub goals: Vec<Goal>,
}

/// A goal (主要目标): one numbered sentence of the plan.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Its number within the domain.
    pub number: u32,
    /// The sentence, verbatim.
    pub text: String,
    /// Units that answer for the goal in self-evaluations.
    #[serde(default)]
    pub responsible: Vec<String>,
    /// The checkable parts; none for a qualitative goal. An entry may be a repeat of an
    /// indicator of another goal (`same_as`), with targets of its own.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// Clauses that speak of several of the goal's indicators at once (`检测率均达98%以上`,
    /// `城乡差距缩小` after three death rates): each a target with `indicators: [...]`, judged
    /// for each listed indicator as if written there (filled into their
    /// [`Indicator::targets`] by [`super::parse`], marked with [`Target::shared`]).
    #[serde(default)]
    pub shared_targets: Vec<TargetSpec>,
    /// The clauses of a goal with indicators that no statistic measures (妇女健康服务体系更加
    /// 完善), judged from evidence like a qualitative goal. A qualitative goal is one such
    /// clause, its text, and leaves this empty.
    #[serde(default)]
    pub qualitative: Vec<String>,
}

impl Goal {
    /// A goal without indicators is judged from evidence, not data.
    pub fn is_qualitative(&self) -> bool {
        self.indicators.is_empty()
    }

    /// The parts judged from evidence: the whole text of a qualitative goal, the
    /// `qualitative` clauses of a goal with indicators.
    pub fn evidence_clauses(&self) -> Vec<&str> {
        if self.is_qualitative() {
            vec![self.text.as_str()]
        } else {
            self.qualitative.iter().map(String::as_str).collect()
        }
    }

    /// The units that evaluate the goal: its own `responsible`, else its domain's, else
    /// (for a goal with indicators) the units that report them, in catalog order.
    pub fn answering_units(&self, domain: &Domain) -> Vec<String> {
        let named = self.responsible_units(domain);
        if !named.is_empty() {
            return named.to_vec();
        }
        let mut units: Vec<String> = Vec::new();
        for indicator in &self.indicators {
            if !units.contains(&indicator.reporter) {
                units.push(indicator.reporter.clone());
            }
        }
        units
    }

    /// Whether part of the goal is judged from evidence.
    pub fn has_evidence_part(&self) -> bool {
        self.is_qualitative() || !self.qualitative.is_empty()
    }

    /// The units that answer for the goal: its own `responsible`, else its domain's.
    pub fn responsible_units<'a>(&'a self, domain: &'a Domain) -> &'a [String] {
        if self.responsible.is_empty() {
            &domain.responsible
        } else {
            &self.responsible
        }
    }
}

/// A statistical indicator that measures part of a goal.
///
/// An entry with `same_as` repeats an indicator of another goal: after loading it carries
/// the referenced indicator's definition (id, name, code, unit, reporter, breakdowns …),
/// with its own targets; its values are the referenced indicator's, read once.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(from = "IndicatorYaml")]
pub struct Indicator {
    /// Unique id across the catalog, e.g. `maternal_mortality_ratio`.
    pub id: String,
    /// The name used on statistics forms, e.g. `孕产妇死亡率`.
    pub name: String,
    /// Form code; derived from the position in the catalog when not given.
    #[serde(default)]
    pub code: Option<String>,
    pub unit: Unit,
    /// The member unit that reports it.
    pub reporter: String,
    /// Which way is better; inferred from the targets when not given.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// Sub-groups reported under the indicator, e.g. `[城镇, 农村]` or `[女, 男]`.
    #[serde(default)]
    pub breakdowns: Vec<String>,
    /// Other names the indicator goes by on forms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Computes the indicator from two reported parts when it is not reported itself.
    #[serde(default)]
    pub derive: Option<Derive>,
    /// A baseline figure the plan itself states.
    #[serde(default)]
    pub baseline: Option<StatedBaseline>,
    /// Decimals every value is printed with; by default from the unit
    /// ([`Unit::default_decimals`]).
    #[serde(default)]
    pub decimals: Option<u32>,
    /// 指标解释: what the indicator is (定义).
    #[serde(default)]
    pub definition: Option<String>,
    /// 指标解释: how it is computed (计算方法).
    #[serde(default)]
    pub calculation: Option<String>,
    /// 资料来源: where the figure comes from (e.g. 妇幼卫生年报); the reporting unit when
    /// not given.
    #[serde(default)]
    pub source: Option<String>,
    /// The targets as written; validation turns them into [`Indicator::targets`].
    #[serde(rename = "targets")]
    pub target_specs: Vec<TargetSpec>,
    /// The validated targets, in the order written, then the goal's shared targets that
    /// list this indicator (filled by [`super::parse`]).
    #[serde(skip)]
    pub targets: Vec<Target>,
    /// For a repeat of another goal's indicator: that indicator's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// The definition keys written in the YAML (`id`, `name`, `unit` …), for validation:
    /// a plain indicator needs four of them, a `same_as` entry takes none.
    #[serde(skip)]
    pub(crate) written: Vec<&'static str>,
}

/// An indicator entry as written: every key optional, so that validation can say what a
/// plain indicator lacks and what a `same_as` entry must not repeat, at the key's line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorYaml {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    unit: Option<Unit>,
    #[serde(default)]
    reporter: Option<String>,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    breakdowns: Option<Vec<String>>,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    derive: Option<Derive>,
    #[serde(default)]
    baseline: Option<StatedBaseline>,
    #[serde(default)]
    decimals: Option<u32>,
    #[serde(default)]
    definition: Option<String>,
    #[serde(default)]
    calculation: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    targets: Vec<TargetSpec>,
    #[serde(default)]
    same_as: Option<String>,
}

impl From<IndicatorYaml> for Indicator {
    fn from(y: IndicatorYaml) -> Indicator {
        let written: Vec<&'static str> = [
            ("id", y.id.is_some()),
            ("name", y.name.is_some()),
            ("code", y.code.is_some()),
            ("unit", y.unit.is_some()),
            ("reporter", y.reporter.is_some()),
            ("direction", y.direction.is_some()),
            ("breakdowns", y.breakdowns.is_some()),
            ("aliases", y.aliases.is_some()),
            ("derive", y.derive.is_some()),
            ("baseline", y.baseline.is_some()),
            ("decimals", y.decimals.is_some()),
            ("definition", y.definition.is_some()),
            ("calculation", y.calculation.is_some()),
            ("source", y.source.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(key, _)| key)
        .collect();
        Indicator {
            id: y.id.unwrap_or_default(),
            name: y.name.unwrap_or_default(),
            code: y.code,
            // A placeholder only: validation refuses an entry without `unit` (or a
            // `same_as` entry, whose unit is copied from the indicator it repeats).
            unit: y.unit.unwrap_or(Unit::Percent),
            reporter: y.reporter.unwrap_or_default(),
            direction: y.direction,
            breakdowns: y.breakdowns.unwrap_or_default(),
            aliases: y.aliases.unwrap_or_default(),
            derive: y.derive,
            baseline: y.baseline,
            decimals: y.decimals,
            definition: y.definition,
            calculation: y.calculation,
            source: y.source,
            target_specs: y.targets,
            targets: Vec::new(),
            same_as: y.same_as,
            written,
        }
    }
}

/// The keys a plain indicator must have.
pub(crate) const REQUIRED_KEYS: [&str; 4] = ["id", "name", "unit", "reporter"];

/// A quantity reported to compute indicators from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Unique id across indicators, parts and context figures.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
    pub unit: Unit,
    pub reporter: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Sub-groups reported under it (context figures), e.g. `[城镇, 农村]`.
    #[serde(default)]
    pub breakdowns: Vec<String>,
    /// Decimals it is printed with; by default from the unit.
    #[serde(default)]
    pub decimals: Option<u32>,
    #[serde(default)]
    pub definition: Option<String>,
    #[serde(default)]
    pub calculation: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

impl Part {
    /// The part as an indicator without targets, for matching workbook rows; `code` is used
    /// when the part declares none.
    pub fn as_row(&self, code: String) -> Indicator {
        Indicator {
            id: self.id.clone(),
            name: self.name.clone(),
            code: Some(self.code.clone().unwrap_or(code)),
            unit: self.unit,
            reporter: self.reporter.clone(),
            direction: None,
            breakdowns: self.breakdowns.clone(),
            aliases: self.aliases.clone(),
            derive: None,
            baseline: None,
            decimals: self.decimals,
            definition: self.definition.clone(),
            calculation: self.calculation.clone(),
            source: self.source.clone(),
            target_specs: Vec::new(),
            targets: Vec::new(),
            same_as: None,
            written: Vec::new(),
        }
    }
}

/// An indicator computed as numerator ÷ denominator × the scale of its unit
/// (100 for %, 100,000 for 1/10万, 1 for a ratio).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Derive {
    /// Id of a part or indicator.
    pub numerator: String,
    /// Id of a part or indicator.
    pub denominator: String,
    /// Decimals of the computed value; 2 when not given.
    #[serde(default)]
    pub decimals: Option<u32>,
}

/// A baseline value stated in the plan text, with where it comes from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatedBaseline {
    pub value: f64,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub source: Option<String>,
}

/// Which way an indicator should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Higher,
    Lower,
    Neutral,
}

/// One checkable clause of a goal, validated: its rule, year and wording.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub rule: Rule,
    /// The year the target is due; the plan's end year when not given.
    pub year: Option<i32>,
    /// 力争: judged the same way, reported as aspirational.
    pub aspirational: bool,
    /// The words of the goal this target comes from.
    pub clause: Option<String>,
    /// The breakdown the target is judged on instead of the total: as written
    /// (`breakdown: 农村`), or implied by `each` (`最低的乡镇（街道）`).
    pub breakdown: Option<String>,
    /// For a target every sub-unit must meet: the sub-unit (`乡镇（街道）`).
    pub each: Option<String>,
    /// For a regional gap: the kind of region (`县（市、区）`); the rule compares the implied
    /// breakdowns `最高的…` and `最低的…`.
    pub regions: Option<String>,
    /// For a clause over several indicators: its index in the goal's `shared_targets`.
    pub shared: Option<usize>,
}

impl Target {
    /// The validated form of a spec; `None` when the spec states no rule (validation
    /// reports why). The breakdown implied by `each` is set by [`super::parse`], which
    /// knows the indicator's direction.
    pub fn from_spec(spec: &TargetSpec) -> Option<Target> {
        Some(Target {
            rule: spec.to_rule().ok()?,
            year: spec.year,
            aspirational: spec.aspirational,
            clause: spec.clause.clone(),
            breakdown: spec.breakdown.clone(),
            each: spec.each.clone(),
            regions: spec.regions.clone(),
            shared: None,
        })
    }

    /// The comparator it was written with.
    pub fn comparator(&self) -> Comparator {
        self.rule.comparator()
    }
}

impl Indicator {
    /// The decimals its values are printed with: as declared, else the unit's default.
    pub fn display_decimals(&self) -> usize {
        self.decimals
            .map_or_else(|| self.unit.default_decimals(), |d| d as usize)
    }

    /// Rows a return may hold under this indicator: its breakdowns (with those implied by
    /// `each` and `regions`), then the reference rows its targets compare with, in every
    /// goal it appears in (a reference that names another indicator is not a row).
    pub fn sub_rows<'a>(&'a self, catalog: &'a Catalog) -> impl Iterator<Item = &'a str> + 'a {
        let mut references: Vec<&'a str> = Vec::new();
        let repeats = catalog
            .entries()
            .filter(move |r| r.indicator.id == self.id && r.indicator.same_as.is_some())
            .map(|r| r.indicator);
        for entry in std::iter::once(self).chain(repeats) {
            for t in &entry.targets {
                if let Some(r) = t.rule.reference()
                    && catalog.indicator(r).is_none()
                    && !references.contains(&r)
                    && !self.breakdowns.iter().any(|b| b == r)
                {
                    references.push(r);
                }
            }
        }
        self.breakdowns.iter().map(String::as_str).chain(references)
    }

    /// Whether the entry repeats an indicator of another goal (`same_as`).
    pub fn is_repeat(&self) -> bool {
        self.same_as.is_some()
    }

    /// The direction that is better: as declared, else implied by the targets.
    pub fn better_direction(&self) -> Direction {
        self.direction
            .or_else(|| self.targets.iter().find_map(|t| t.rule.implied_direction()))
            .unwrap_or(Direction::Neutral)
    }
}

/// How a trend is extended to the target year for the early warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    /// A straight line fitted by least squares over every year with data.
    LeastSquares,
    /// The compound annual growth rate between the first and the latest value, carried
    /// forward (the UN Statistics Division's progress chart).
    CompoundGrowth,
}

impl Projection {
    /// The Chinese name used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Projection::LeastSquares => "最小二乘线性趋势外推",
            Projection::CompoundGrowth => "年均复合增长率外推",
        }
    }
}

/// Some or all parameters, as written in a plan's `method:` section or a method file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MethodOverrides {
    pub about_band_relative: Option<f64>,
    pub maintain_band_relative: Option<f64>,
    pub basic_tolerance_relative: Option<f64>,
    pub ahead_ratio: Option<f64>,
    pub on_track_ratio: Option<f64>,
    pub projection: Option<Projection>,
    pub volatility_relative: Option<f64>,
    pub volatility_window: Option<u32>,
    pub volatility_min_count: Option<f64>,
    pub flat_relative: Option<f64>,
    pub basic_counts_as_met: Option<bool>,
    pub missing_years: Option<u32>,
}
