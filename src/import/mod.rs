//! Stage 0: a plan as published → draft goal catalogs (`attain import`).
//!
//! ```text
//! text (.txt/.docx/.html) ──► outline (plans, frame, domains, goals) ──► clause (targets) ──► emit (YAML + # 待核实)
//!     Source                      PlanOutline                              ParsedGoal              catalog text, checked by catalog::parse
//! ```
//!
//! Everything is rule-based and offline; the rules are documented in `docs/import.md`.
//! A draft never states a number the plan does not: readings the rules are unsure of are
//! written with a `# 待核实：…` comment saying what to check, and listed in the summary.

mod clause;
mod emit;
mod names;
mod outline;
pub mod score;
mod text;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub use clause::{
    Confidence, Context, DraftIndicator, DraftTarget, FormatGap, Note, ParsedGoal, parse_goal,
};

use crate::catalog::{self, Catalog, Subject};

/// Why a plan could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("无法读取规划文件 {}：{message}", path.display())]
    Read { path: PathBuf, message: String },
    #[error("{}：暂不能从 PDF 中可靠地提取中文文字", path.display())]
    Pdf { path: PathBuf },
    #[error(
        "{source_name} 中没有找到规划的发展领域和主要目标（如“（一）妇女与健康”下的“主要目标”）"
    )]
    NoPlan { source_name: String },
    /// A draft that does not load is a defect of the importer, reported with the text.
    #[error(
        "导入生成的“{title}”目标清单未通过检查（这是 attain import 的缺陷，请报告）：\n{diagnostics}"
    )]
    Draft {
        title: String,
        diagnostics: String,
        yaml: String,
    },
}

impl ImportError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ImportError::Pdf { .. } => Some(
                "请把规划另存为 Word（.docx）或纯文本（.txt）后再导入；政府网站上的规划也可以“另存为”网页（.html）",
            ),
            ImportError::NoPlan { .. } => Some(
                "导入要求规划按“（一）妇女与健康 / 主要目标 / 1. …”的层次书写；文件若是扫描件，请先转换为文字",
            ),
            ImportError::Read { .. } | ImportError::Draft { .. } => None,
        }
    }
}

/// The drafts made from one plan file.
#[derive(Debug, Clone)]
pub struct Import {
    pub plans: Vec<ImportedPlan>,
}

/// One plan's draft catalog.
#[derive(Debug, Clone)]
pub struct ImportedPlan {
    /// `women.yaml` or `children.yaml` (`women_2.yaml` for a second plan of a subject).
    pub file_name: String,
    /// The catalog text, with `# 待核实：…` comments.
    pub yaml: String,
    /// The same text as loaded by [`catalog::parse`].
    pub catalog: Catalog,
    /// Warnings the loader gave.
    pub warnings: Vec<String>,
    pub summary: Summary,
}

/// Counts for the summary `attain import` prints.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub title: String,
    pub domains: usize,
    pub goals: usize,
    pub qualitative_goals: usize,
    pub indicators: usize,
    pub targets: usize,
    /// Targets with a value (`at_least 90`, `decrease_by 20` …).
    pub numeric_targets: usize,
    /// Every reading to check, by goal.
    pub uncertain: Vec<Uncertain>,
    /// Reporters and responsible units the plan does not name (written as `待定单位` or the
    /// domain's lead unit).
    pub unnamed_units: usize,
}

/// A reading to check.
#[derive(Debug, Clone)]
pub struct Uncertain {
    /// Zero-based domain index; `None` for the plan's frame.
    pub domain: Option<usize>,
    pub domain_name: String,
    pub goal: Option<u32>,
    pub confidence: Confidence,
    pub text: String,
}

impl Summary {
    /// The goals (domain index, number) that carry a reading to check.
    pub fn uncertain_goals(&self) -> BTreeSet<(usize, u32)> {
        self.uncertain
            .iter()
            .filter_map(|u| Some((u.domain?, u.goal?)))
            .collect()
    }

    /// The summary as printed, in Chinese.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{}\n  {} 个领域，{} 项目标（其中定性目标 {} 项），{} 个指标，{} 个目标值（其中数值目标 {} 个）\n",
            self.title,
            self.domains,
            self.goals,
            self.qualitative_goals,
            self.indicators,
            self.targets,
            self.numeric_targets
        );
        if self.uncertain.is_empty() {
            out.push_str("  待核实：无\n");
        } else {
            let mut by_domain: Vec<(String, Vec<String>)> = Vec::new();
            for u in &self.uncertain {
                let label = match u.goal {
                    Some(g) => g.to_string(),
                    None => "领域".to_string(),
                };
                match by_domain.iter_mut().find(|(d, _)| *d == u.domain_name) {
                    Some((_, goals)) => {
                        if !goals.contains(&label) {
                            goals.push(label)
                        }
                    }
                    None => by_domain.push((u.domain_name.clone(), vec![label])),
                }
            }
            let low = self
                .uncertain
                .iter()
                .filter(|u| u.confidence == Confidence::Low)
                .count();
            out.push_str(&format!(
                "  待核实 {} 处（其中把握低的 {} 处），目标序号：{}\n",
                self.uncertain.len(),
                low,
                by_domain
                    .iter()
                    .map(|(d, g)| format!("{d} {}", g.join("、")))
                    .collect::<Vec<_>>()
                    .join("；")
            ));
        }
        if self.unnamed_units > 0 {
            out.push_str(&format!(
                "  规划未写明的填报或责任单位 {} 处（写作领域牵头单位或“待定单位”，均标有待核实）\n",
                self.unnamed_units
            ));
        }
        out
    }
}

/// Imports a plan file (.txt, .docx, .html).
pub fn import_file(path: &Path) -> Result<Import, ImportError> {
    let source = text::read(path)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_source(&source, &name)
}

/// Imports a plan already read as text; `source_name` is used in messages and comments.
pub fn import_text(text: &str, source_name: &str) -> Result<Import, ImportError> {
    import_source(&text::from_text(text), source_name)
}

fn import_source(source: &text::Source, source_name: &str) -> Result<Import, ImportError> {
    let outlines = outline::plans(source);
    if outlines.is_empty() {
        return Err(ImportError::NoPlan {
            source_name: source_name.to_string(),
        });
    }
    let mut used_names: HashMap<&'static str, usize> = HashMap::new();
    let mut plans = Vec::new();
    for outline in outlines {
        let stem = match outline.subject {
            Subject::Women => "women",
            Subject::Children => "children",
        };
        let n = used_names.entry(stem).or_default();
        *n += 1;
        let file_name = if *n == 1 {
            format!("{stem}.yaml")
        } else {
            format!("{stem}_{n}.yaml")
        };
        let draft = assemble(outline);
        let (yaml, summary) = emit::catalog_text(&draft, source_name);
        let loaded = match catalog::parse(&yaml, Path::new(&file_name)) {
            Ok(loaded) => loaded,
            Err(diagnostics) => {
                return Err(ImportError::Draft {
                    title: summary.title,
                    diagnostics: diagnostics.to_string(),
                    yaml,
                });
            }
        };
        plans.push(ImportedPlan {
            file_name,
            yaml,
            warnings: loaded.warnings.iter().map(|w| w.to_string()).collect(),
            catalog: loaded.catalog,
            summary,
        });
    }
    Ok(Import { plans })
}

/// The name of the unit written where the plan names none.
pub const PLACEHOLDER_UNIT: &str = "待定单位";

/// A plan ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct DraftPlan {
    pub outline: outline::PlanOutline,
    pub units: Units,
    pub domains: Vec<DraftDomain>,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftDomain {
    pub id: String,
    pub name: String,
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub goals: Vec<DraftGoal>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone)]
pub(crate) struct DraftGoal {
    pub number: u32,
    pub text: String,
    pub responsible: Vec<String>,
    /// Why `responsible` is what it is, when the plan did not say.
    pub responsible_note: Option<String>,
    pub parsed: ParsedGoal,
    /// Per indicator: id, reporter, reporter note, stated baseline.
    pub placed: Vec<Placed>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone)]
pub(crate) struct Placed {
    /// The indicator's id; for a repeat, the id of the indicator it repeats.
    pub id: String,
    pub reporter: String,
    pub reporter_note: Option<String>,
    pub baseline: Option<(String, String)>,
    /// For the same indicator as one of an earlier goal: that indicator's id (`same_as`).
    pub same_as: Option<String>,
    /// Notes on how the indicator was placed.
    pub notes: Vec<Note>,
}

/// An indicator already placed: its name, unit, and where it is (domain, goal and indicator
/// index; the domain is `None` while its goals are being read).
struct Seen {
    name: String,
    unit: catalog::Unit,
    domain: usize,
    goal: usize,
    index: usize,
}

/// Domain ids by the end of the domain's name.
const DOMAIN_IDS: &[(&str, &str)] = &[
    ("健康", "health"),
    ("教育", "education"),
    ("经济", "economy"),
    ("决策和管理", "decision_making"),
    ("社会保障", "social_security"),
    ("家庭建设", "family"),
    ("家庭", "family"),
    ("环境", "environment"),
    ("法律保护", "law"),
    ("法律", "law"),
    ("安全", "safety"),
    ("福利", "welfare"),
];

fn domain_id(name: &str, index: usize, used: &mut BTreeSet<String>) -> String {
    let base = DOMAIN_IDS
        .iter()
        .find(|(ending, _)| name.ends_with(ending))
        .map(|(_, id)| id.to_string())
        .unwrap_or_else(|| format!("domain_{}", index + 1));
    let mut id = base.clone();
    let mut k = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}_{k}");
        k += 1;
    }
    id
}

/// Member units in order of first mention; `X` is an alias of `市X` when both occur.
/// Member units with their aliases, in order.
type Units = Vec<(String, Vec<String>)>;

fn member_units(names: &[String]) -> (Units, HashMap<String, String>) {
    let mut units: Vec<(String, Vec<String>)> = Vec::new();
    let mut canonical: HashMap<String, String> = HashMap::new();
    let prefixed = |n: &str| {
        ["市", "县", "区"]
            .iter()
            .map(|p| format!("{p}{n}"))
            .find(|full| names.contains(full))
    };
    for name in names {
        if canonical.contains_key(name) {
            continue;
        }
        match prefixed(name) {
            Some(full) => {
                if !canonical.contains_key(&full) {
                    units.push((full.clone(), Vec::new()));
                    canonical.insert(full.clone(), full.clone());
                }
                if let Some(u) = units.iter_mut().find(|u| u.0 == full) {
                    u.1.push(name.clone());
                }
                canonical.insert(name.clone(), full);
            }
            None => {
                units.push((name.clone(), Vec::new()));
                canonical.insert(name.clone(), name.clone());
            }
        }
    }
    (units, canonical)
}

fn assemble(outline: outline::PlanOutline) -> DraftPlan {
    let ctx = Context {
        start_year: outline.start_year,
        end_year: outline.end_year,
        baseline_year: outline.baseline_year,
        regions: region_level(&outline),
    };
    let mut named: Vec<String> = Vec::new();
    for d in &outline.domains {
        named.extend(d.lead.iter().cloned());
        named.extend(d.responsible.iter().cloned());
        for g in &d.goals {
            named.extend(g.lead.iter().cloned());
            named.extend(g.responsible.iter().cloned());
        }
    }
    let (mut units, canonical) = member_units(&named);
    let canon = |n: &String| canonical.get(n).cloned().unwrap_or_else(|| n.clone());
    let mut placeholder = false;
    let mut used_domain_ids = BTreeSet::new();
    let mut used_ids: HashMap<String, Seen> = HashMap::new();
    // Repeats: where the indicator they repeat is, and the breakdowns their targets need.
    let mut repeats: Vec<(usize, usize, usize, Vec<String>)> = Vec::new();
    let mut domains: Vec<DraftDomain> = Vec::new();
    for (di, d) in outline.domains.iter().enumerate() {
        let id = domain_id(&d.name, di, &mut used_domain_ids);
        let lead: Vec<String> = d.lead.iter().map(canon).collect();
        let responsible: Vec<String> = d.responsible.iter().map(canon).collect();
        let mut goals = Vec::new();
        let mut numbers = BTreeSet::new();
        for g in &d.goals {
            let mut notes = g.notes.clone();
            let mut number = g.number;
            if !numbers.insert(number) {
                number = numbers.iter().max().copied().unwrap_or(0) + 1;
                numbers.insert(number);
                notes.push(Note::new(
                    Confidence::Low,
                    format!("目标序号 {} 重复，改作 {number}，请核对", g.number),
                ));
            }
            let parsed = parse_goal(&g.text, &ctx);
            let goal_units: Vec<String> = g.lead.iter().chain(&g.responsible).map(canon).collect();
            let mut placed = Vec::new();
            for (k, indicator) in parsed.indicators.iter().enumerate() {
                let (reporter, reporter_note) = if let Some(u) = goal_units.first() {
                    (
                        u.clone(),
                        Some(format!("规划未写明填报单位，取本目标所列的第一个单位“{u}”")),
                    )
                } else if let Some(u) = lead.first() {
                    (
                        u.clone(),
                        Some(format!("规划未写明填报单位，取本领域牵头单位“{u}”")),
                    )
                } else {
                    placeholder = true;
                    (
                        PLACEHOLDER_UNIT.to_string(),
                        Some("规划未写明填报单位，请换成负责填报该指标的成员单位".to_string()),
                    )
                };
                let known = names::lookup(&indicator.name).map(|k| k.id);
                let positional = format!("{id}_{number}_{}", k + 1);
                let indicator_id = match known {
                    Some(known) if !used_ids.contains_key(known) => known.to_string(),
                    _ => positional,
                };
                let earlier = used_ids
                    .iter()
                    .find(|(_, seen)| seen.name == indicator.name)
                    .map(|(id, seen)| (id.clone(), seen));
                let mut placed_notes = Vec::new();
                let mut same_as = None;
                match earlier {
                    // The same statistic under an earlier goal: a repeat of it.
                    Some((other, seen))
                        if seen.unit == indicator.unit
                            && !(seen.domain == di && seen.goal == goals.len())
                            && !placed
                                .iter()
                                .any(|p: &Placed| p.same_as.as_ref() == Some(&other)) =>
                    {
                        placed_notes.push(
                            FormatGap::SameQuantityTwoGoals
                                .written_note(&format!("另一处编号为 {other}，本目标中")),
                        );
                        repeats.push((
                            seen.domain,
                            seen.goal,
                            seen.index,
                            indicator.breakdowns.clone(),
                        ));
                        same_as = Some(other);
                    }
                    Some((other, seen)) => {
                        let why = if seen.unit == indicator.unit {
                            "同一指标名称在本目标中出现两次：已另起编号，请核对是否合并".to_string()
                        } else {
                            FormatGap::SameQuantityTwoGoals.note().text
                        };
                        notes.push(Note {
                            text: format!("{why}（另一处编号为 {other}）"),
                            confidence: Confidence::Medium,
                        });
                    }
                    None => {}
                }
                let (indicator_id, baseline) = match &same_as {
                    Some(other) => (other.clone(), None),
                    None => {
                        used_ids.insert(
                            indicator_id.clone(),
                            Seen {
                                name: indicator.name.clone(),
                                unit: indicator.unit,
                                domain: di,
                                goal: goals.len(),
                                index: k,
                            },
                        );
                        (
                            indicator_id,
                            stated_baseline(&outline.preface, &indicator.name, indicator.unit),
                        )
                    }
                };
                placed.push(Placed {
                    id: indicator_id,
                    reporter,
                    reporter_note,
                    baseline,
                    same_as,
                    notes: placed_notes,
                });
            }
            let (responsible_goal, responsible_note) = if !goal_units.is_empty() {
                (goal_units.clone(), None)
            } else if parsed.indicators.is_empty() && responsible.is_empty() {
                if let Some(u) = lead.first() {
                    (vec![u.clone()], None)
                } else {
                    placeholder = true;
                    (
                        vec![PLACEHOLDER_UNIT.to_string()],
                        Some("规划未写明责任单位，请换成回答该目标自评的成员单位".to_string()),
                    )
                }
            } else {
                (Vec::new(), None)
            };
            goals.push(DraftGoal {
                number,
                text: g.text.clone(),
                responsible: responsible_goal,
                responsible_note,
                parsed,
                placed,
                notes,
            });
        }
        domains.push(DraftDomain {
            id,
            name: d.name.clone(),
            lead,
            responsible,
            goals,
            notes: d.notes.clone(),
        });
    }
    // A repeat has no breakdowns of its own: the indicator it repeats gets those it needs.
    for (d, g, k, breakdowns) in repeats {
        let original = &mut domains[d].goals[g].parsed.indicators[k];
        for b in breakdowns {
            if !original.breakdowns.contains(&b) {
                original.breakdowns.push(b);
            }
        }
    }
    if placeholder {
        units.push((PLACEHOLDER_UNIT.to_string(), Vec::new()));
    }
    DraftPlan {
        outline,
        units,
        domains,
    }
}

/// The level of region a `区域差距` compares: `县（市、区）` when the goals speak of counties
/// (a city's plan), else `乡镇（街道）` when they speak of townships (a county's), else
/// `县（市、区）`.
fn region_level(outline: &outline::PlanOutline) -> &'static str {
    let texts = || {
        outline
            .domains
            .iter()
            .flat_map(|d| d.goals.iter().map(|g| g.text.as_str()))
    };
    let counties = [
        "县市区",
        "县（市、区）",
        "县(市、区)",
        "区县",
        "县区",
        "县（区）",
    ];
    if texts().any(|t| counties.iter().any(|c| t.contains(c))) {
        "县（市、区）"
    } else if texts().any(|t| t.contains("乡镇")) {
        "乡镇（街道）"
    } else {
        "县（市、区）"
    }
}

/// A baseline figure the preface states for an indicator: `2020年，全市孕产妇死亡率为11.6/10万`.
fn stated_baseline(
    preface: &[String],
    name: &str,
    unit: catalog::Unit,
) -> Option<(String, String)> {
    let pattern = format!(
        r"{}(?:为|是|达到|达|下降到|降至|提高到|保持在)?\s*(\d+(?:\.\d+)?)\s*({})",
        regex::escape(name),
        match unit {
            catalog::Unit::Percent => "%|％".to_string(),
            catalog::Unit::Permille => "‰".to_string(),
            catalog::Unit::PerHundredThousand => r"/10万|/十万|/10 万".to_string(),
            other => regex::escape(&other.symbol()),
        }
    );
    let re = regex::Regex::new(&pattern).ok()?;
    preface.iter().find_map(|line| {
        let compact = outline::clean_text(line);
        re.captures(&compact).map(|c| {
            let m = c.get(0).map(|m| m.as_str()).unwrap_or_default();
            (c[1].to_string(), m.to_string())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small plan with a quantity under two goals, a regional gap and a clause no
    /// statistic measures: the draft writes `same_as`, `regions` and `qualitative:`, and
    /// loads.
    #[test]
    fn a_draft_writes_the_new_keys_and_loads() {
        let text = "测试市妇女发展规划（2021—2025年）\n\
            （一）妇女与健康\n\
            主要目标：\n\
            1.孕产妇死亡率控制在12/10万以下，城乡、区域差距缩小。\n\
            2.适龄妇女宫颈癌人群筛查率达到70%以上，妇女健康服务体系更加完善。\n\
            策略措施：\n\
            1.加强妇幼健康服务。\n\
            （二）妇女与社会保障\n\
            主要目标：\n\
            1.孕产妇死亡率逐步降低。\n\
            策略措施：\n\
            1.完善社会保障。\n";
        let import = import_text(text, "测试.txt").unwrap();
        let plan = &import.plans[0];
        let yaml = &plan.yaml;
        assert!(
            yaml.contains("          - same_as: maternal_mortality_ratio\n"),
            "{yaml}"
        );
        assert!(yaml.contains("写作 same_as"), "{yaml}");
        assert!(yaml.contains("regions: \"县（市、区）\""), "{yaml}");
        assert!(
            yaml.contains("        qualitative: [\"妇女健康服务体系更加完善\"]\n"),
            "{yaml}"
        );
        assert!(!yaml.contains("定性部分"), "{yaml}");
        let catalog = &plan.catalog;
        // One quantity, judged under two goals.
        assert_eq!(catalog.indicators().count(), 2);
        assert_eq!(catalog.entries().count(), 3);
        let repeat = catalog.entry(1, 1, "maternal_mortality_ratio").unwrap();
        assert!(repeat.indicator.is_repeat());
        assert_eq!(
            catalog.domains[0].goals[1].qualitative,
            ["妇女健康服务体系更加完善"]
        );
    }
}
