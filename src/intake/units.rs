//! Recognising the member unit that sent a return from the way people write its name:
//! `株洲市卫生健康委员会`, `中共株洲市委组织部`, `市人力资源和社会保障局（盖章）`, a sheet
//! named `总工会`, a file named `株洲市卫生健康委员会2025年监测数据.xlsx`.
//!
//! Both the written name and every catalog name and alias are reduced to a key by the same
//! documented steps ([`UnitNames::key`]); a unit is recognised when exactly one unit has the
//! key. Every recognition that is not a literal name or alias says which steps it took, so
//! that the note shown to the user can be checked; two candidates are never chosen between.

use crate::catalog::{Catalog, MemberUnit};

use super::matcher::{bigrams, halfwidth};

/// The catalog's member units, indexed by key.
pub struct UnitNames<'a> {
    units: &'a [MemberUnit],
    /// The plan's locality (`株洲市`), its stem (`株洲`) and its level (`市`).
    locality: String,
    stem: Option<String>,
    level: Option<char>,
    /// (key, loose key, unit) for every name and alias.
    keys: Vec<(String, String, &'a MemberUnit)>,
}

/// What a written name says about the sender.
#[derive(Debug, Clone)]
pub enum UnitMatch<'a> {
    /// A catalog name or alias, as written.
    Exact(&'a MemberUnit),
    /// Recognised by the steps described, e.g. `去掉地名“株洲市”；委员会→委`.
    ByRule(&'a MemberUnit, String),
    /// Several units fit; none is chosen.
    Ambiguous(Vec<&'a MemberUnit>),
    /// A unit of another locality (`长沙市卫生健康委员会`): not this plan's.
    Foreign { place: String, like: &'a MemberUnit },
    /// No unit fits; the nearest, best first.
    Unknown(Vec<&'a MemberUnit>),
}

impl<'a> UnitMatch<'a> {
    /// The recognised unit, if any.
    pub fn unit(&self) -> Option<&'a MemberUnit> {
        match self {
            UnitMatch::Exact(u) | UnitMatch::ByRule(u, _) => Some(u),
            _ => None,
        }
    }
}

/// Province-level endings that may open an official name before the plan's locality.
const PROVINCE_ENDINGS: &[&str] = &["省", "自治区"];

/// Words written in full in official names and shortened in catalogs, as (full, short).
const CANONICAL: &[(&str, &str)] = &[
    ("委员会", "委"),
    ("办公室", "办"),
    ("办公厅", "办"),
    ("人民政府", "政府"),
];

/// Seals and stamps written after a name.
const SEALS: &[&str] = &["(盖章)", "(公章)", "(签章)", "(章)", "盖章", "(签字)"];

impl<'a> UnitNames<'a> {
    /// Indexes the catalog's units and aliases.
    pub fn new(catalog: &'a Catalog) -> Self {
        let locality = halfwidth(&catalog.plan.locality);
        let level = locality
            .chars()
            .last()
            .filter(|c| matches!(c, '市' | '县' | '区' | '省'));
        let stem = level
            .map(|l| locality[..locality.len() - l.len_utf8()].to_string())
            .filter(|s| s.chars().count() >= 2);
        let mut names = UnitNames {
            units: &catalog.units,
            locality,
            stem,
            level,
            keys: Vec::new(),
        };
        let mut keys = Vec::new();
        for unit in &catalog.units {
            for name in std::iter::once(&unit.name).chain(&unit.aliases) {
                let (key, _) = names.key(&clean(name));
                keys.push((key.clone(), loose(&key), unit));
            }
        }
        names.keys = keys;
        names
    }

    /// Recognises the unit a written name stands for. `contained` also accepts a unit
    /// whose name stands inside a longer text (a file name, `…委员会妇幼健康科`).
    pub fn recognise(&self, written: &str, contained: bool) -> UnitMatch<'a> {
        let text = clean(written);
        if text.is_empty() {
            return UnitMatch::Unknown(Vec::new());
        }
        if let Some(unit) = self
            .units
            .iter()
            .find(|u| clean(&u.name) == text || u.aliases.iter().any(|a| clean(a) == text))
        {
            return UnitMatch::Exact(unit);
        }
        let (key, mut steps) = self.key(&text);
        if let Some(found) = self.by_key(&key, |k| k.0.as_str()) {
            return found.described(&steps);
        }
        if let Some(found) = self.by_key(&loose(&key), |k| k.1.as_str()) {
            steps.push(Step::new("局、委、办视为同一单位".into(), None));
            return found.described(&steps);
        }
        if let Some((place, rest)) = split_place(&key)
            && place != self.locality
        {
            let (rest_key, _) = self.key(rest);
            if let Some(found) = self
                .by_key(&rest_key, |k| k.0.as_str())
                .or_else(|| self.by_key(&loose(&rest_key), |k| k.1.as_str()))
                && let Some(like) = found.unit()
            {
                return UnitMatch::Foreign {
                    place: place.to_string(),
                    like,
                };
            }
        }
        if contained {
            let inside = self.inside(&key);
            match inside.as_slice() {
                [(unit, name)] => {
                    steps.push(Step::new(format!("名称中含有“{name}”"), None));
                    return Found::One(unit).described(&steps);
                }
                [] => {}
                _ => {
                    let mut units: Vec<&MemberUnit> = inside.iter().map(|(u, _)| *u).collect();
                    units.dedup_by(|a, b| a.name == b.name);
                    return UnitMatch::Ambiguous(units);
                }
            }
        }
        UnitMatch::Unknown(self.nearest(&key))
    }

    /// The units whose key is `key` under `which` of the two keys.
    fn by_key(
        &self,
        key: &str,
        which: impl for<'k> Fn(&'k (String, String, &'a MemberUnit)) -> &'k str,
    ) -> Option<Found<'a>> {
        let mut units: Vec<&'a MemberUnit> = self
            .keys
            .iter()
            .filter(|k| which(k) == key)
            .map(|k| k.2)
            .collect();
        units.dedup_by(|a, b| a.name == b.name);
        match units.len() {
            0 => None,
            1 => Some(Found::One(units[0])),
            _ => Some(Found::Many(units)),
        }
    }

    /// Units whose key stands inside `key`, with the key found; a key inside another
    /// found key (`卫生健康委` inside `卫生健康委员会` …) does not count on its own. A
    /// key found right after another locality's name (`长沙市卫生健康委`) does not count.
    fn inside(&self, key: &str) -> Vec<(&'a MemberUnit, String)> {
        let mut spans: Vec<(usize, usize, &'a MemberUnit, &str)> = Vec::new();
        for (k, _, unit) in &self.keys {
            if k.chars().count() < 2 {
                continue;
            }
            for (at, _) in key.match_indices(k.as_str()) {
                let before = &key[..at];
                let foreign = split_place(before)
                    .is_some_and(|(place, rest)| rest.is_empty() && place != self.locality);
                if !foreign {
                    spans.push((at, at + k.len(), unit, k));
                }
            }
        }
        let mut out: Vec<(&'a MemberUnit, String)> = Vec::new();
        for (i, (start, end, unit, k)) in spans.iter().enumerate() {
            let covered = spans.iter().enumerate().any(|(j, (s, e, _, _))| {
                j != i && s <= start && end <= e && (e - s) > (end - start)
            });
            if !covered && !out.iter().any(|(u, _)| u.name == unit.name) {
                out.push((unit, k.to_string()));
            }
        }
        out
    }

    /// The three units whose keys look most like `key`.
    fn nearest(&self, key: &str) -> Vec<&'a MemberUnit> {
        let wanted = bigrams(key);
        let mut scored: Vec<(f64, &'a MemberUnit)> = Vec::new();
        for (k, _, unit) in &self.keys {
            let theirs = bigrams(k);
            let shared = wanted.iter().filter(|b| theirs.contains(b)).count();
            if shared == 0 {
                continue;
            }
            let score = 2.0 * shared as f64 / (wanted.len() + theirs.len()) as f64;
            match scored.iter_mut().find(|(_, u)| u.name == unit.name) {
                Some(entry) => entry.0 = entry.0.max(score),
                None => scored.push((score, unit)),
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
        scored.into_iter().take(3).map(|(_, u)| u).collect()
    }

    /// The key of a cleaned name, with the steps that changed it:
    /// 1. `中共`/`中国共产党` at the start is dropped;
    /// 2. a province (`湖南省`) before the plan's locality is dropped; then the locality
    ///    (`株洲市`), or its stem (`株洲`), or else its level (`市`) at the start;
    /// 3. 委员会 → 委, 办公室/办公厅 → 办, 人民政府 → 政府, and every 和 dropped.
    fn key(&self, text: &str) -> (String, Vec<Step>) {
        let mut steps = Vec::new();
        let mut key = text.to_string();
        for party in ["中国共产党", "中共"] {
            if let Some(rest) = key.strip_prefix(party)
                && !rest.is_empty()
            {
                steps.push(Step::new(format!("去掉“{party}”"), None));
                key = rest.to_string();
                break;
            }
        }
        let mut place = String::new();
        if let Some(at) = key.find(self.locality.as_str()) {
            let before = &key[..at];
            if before.is_empty() || PROVINCE_ENDINGS.iter().any(|e| before.ends_with(e)) {
                place = key[..at + self.locality.len()].to_string();
            }
        } else if let Some(stem) = &self.stem
            && key.starts_with(stem.as_str())
            && key.len() > stem.len()
        {
            place = stem.clone();
        }
        if !place.is_empty() && key.len() > place.len() {
            steps.push(Step::new(format!("去掉地名“{place}”"), None));
            key = key[place.len()..].to_string();
        } else if let Some(level) = self.level
            && let Some(rest) = key.strip_prefix(level)
            && !rest.is_empty()
        {
            // The catalog's own short form: 市卫生健康委.
            key = rest.to_string();
        }
        for (full, short) in CANONICAL {
            if key.contains(full) {
                steps.push(Step::new(format!("{full}→{short}"), Some(full)));
                key = key.replace(full, short);
            }
        }
        if key.contains('和') {
            steps.push(Step::new("不计“和”字".into(), Some("和")));
            key = key.replace('和', "");
        }
        (key, steps)
    }
}

/// One step from a written name to its key, for the note.
struct Step {
    text: String,
    /// The full form a canonical step replaced: the step goes unmentioned when the
    /// recognised unit's own name or alias has that form too.
    full: Option<&'static str>,
}

impl Step {
    fn new(text: String, full: Option<&'static str>) -> Step {
        Step { text, full }
    }
}

enum Found<'a> {
    One(&'a MemberUnit),
    Many(Vec<&'a MemberUnit>),
}

impl<'a> Found<'a> {
    fn unit(&self) -> Option<&'a MemberUnit> {
        match self {
            Found::One(u) => Some(u),
            Found::Many(_) => None,
        }
    }

    fn described(self, steps: &[Step]) -> UnitMatch<'a> {
        match self {
            Found::One(unit) => {
                let shares = |full: &str| {
                    std::iter::once(&unit.name)
                        .chain(&unit.aliases)
                        .any(|n| n.contains(full))
                };
                let said: Vec<&str> = steps
                    .iter()
                    .filter(|s| !s.full.is_some_and(shares))
                    .map(|s| s.text.as_str())
                    .collect();
                if said.is_empty() {
                    UnitMatch::Exact(unit)
                } else {
                    UnitMatch::ByRule(unit, said.join("；"))
                }
            }
            Found::Many(units) => UnitMatch::Ambiguous(units),
        }
    }
}

/// A written name made comparable: half-width, no white space, no seal (`（盖章）`), no
/// trailing colon.
pub(crate) fn clean(name: &str) -> String {
    let mut text = halfwidth(name);
    loop {
        let before = text.len();
        for seal in SEALS {
            if let Some(rest) = text.strip_suffix(seal) {
                text = rest.to_string();
            }
            if let Some(rest) = text.strip_prefix(seal) {
                text = rest.to_string();
            }
        }
        text = text.trim_matches([':', '：']).to_string();
        if text.len() == before {
            return text;
        }
    }
}

/// 局, 委 and 办 read as one: the same unit is 农业农村局 in one city and 农业农村委 in
/// another.
fn loose(key: &str) -> String {
    key.chars()
        .map(|c| {
            if matches!(c, '局' | '委' | '办') {
                '*'
            } else {
                c
            }
        })
        .collect()
}

/// A leading place name: two to four characters and 省, 市, 县, 区 or 州 (`长沙市`,
/// `芦淞区`), and the rest.
fn split_place(text: &str) -> Option<(&str, &str)> {
    for (i, (at, c)) in text.char_indices().enumerate().take(5) {
        if i >= 2 && matches!(c, '省' | '市' | '县' | '区' | '州') {
            let end = at + c.len_utf8();
            return Some((&text[..end], &text[end..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn catalog(locality: &str, units: &[(&str, &[&str])]) -> Catalog {
        let units: String = units
            .iter()
            .map(|(name, aliases)| {
                format!("  - name: {name}\n    aliases: [{}]\n", aliases.join(", "))
            })
            .collect();
        let text = format!(
            "plan: {{title: 测试, locality: {locality}, subject: women, start_year: 2021, \
             end_year: 2025, baseline_year: 2020}}\nunits:\n{units}domains: []\n"
        );
        crate::catalog::parse(&text, Path::new("t.yaml"))
            .unwrap_or_else(|e| panic!("{e}"))
            .catalog
    }

    fn zhuzhou() -> Catalog {
        catalog(
            "株洲市",
            &[
                ("市卫生健康委", &["卫健委"]),
                ("市委组织部", &["组织部"]),
                ("市人力资源社会保障局", &["人社局"]),
                ("市人大常委会办公室", &[]),
                ("市政协办公室", &[]),
                ("市农业农村局", &[]),
                ("市总工会", &[]),
                ("市妇联", &["市妇女联合会"]),
                ("市市场监督管理局", &[]),
                ("市城市管理综合执法局", &[]),
                ("团市委", &[]),
            ],
        )
    }

    fn name(m: &UnitMatch<'_>) -> String {
        match m {
            UnitMatch::Exact(u) => format!("= {}", u.name),
            UnitMatch::ByRule(u, how) => format!("{}（{how}）", u.name),
            UnitMatch::Ambiguous(us) => format!(
                "? {}",
                us.iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            UnitMatch::Foreign { place, like } => format!("{place}的{}", like.name),
            UnitMatch::Unknown(us) => format!(
                "× {}",
                us.iter()
                    .map(|u| u.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }
    }

    #[test]
    fn official_names_are_recognised_with_the_steps_taken() {
        let catalog = zhuzhou();
        let names = UnitNames::new(&catalog);
        let cases = [
            ("市卫生健康委", "= 市卫生健康委"),
            ("卫健委（盖章）", "= 市卫生健康委"),
            (
                "株洲市卫生健康委员会",
                "市卫生健康委（去掉地名“株洲市”；委员会→委）",
            ),
            (
                "湖南省株洲市卫生健康委员会",
                "市卫生健康委（去掉地名“湖南省株洲市”；委员会→委）",
            ),
            ("株洲卫健委", "市卫生健康委（去掉地名“株洲”）"),
            (
                "中共株洲市委组织部",
                "市委组织部（去掉“中共”；去掉地名“株洲市”）",
            ),
            (
                "株洲市人力资源和社会保障局",
                "市人力资源社会保障局（去掉地名“株洲市”；不计“和”字）",
            ),
            (
                "株洲市人大常委会办公室",
                "市人大常委会办公室（去掉地名“株洲市”）",
            ),
            ("市农业农村委", "市农业农村局（局、委、办视为同一单位）"),
            (
                "株洲市市场监督管理局",
                "市市场监督管理局（去掉地名“株洲市”）",
            ),
            ("株洲市妇女联合会", "市妇联（去掉地名“株洲市”）"),
            ("长沙市卫生健康委员会", "长沙市的市卫生健康委"),
            ("芦淞区卫生健康局", "芦淞区的市卫生健康委"),
        ];
        for (written, want) in cases {
            assert_eq!(name(&names.recognise(written, false)), want, "{written}");
        }
        assert!(matches!(
            names.recognise("株洲市林业局", false),
            UnitMatch::Unknown(_)
        ));
    }

    #[test]
    fn a_unit_inside_a_longer_text_only_when_asked_and_alone() {
        let catalog = zhuzhou();
        let names = UnitNames::new(&catalog);
        let cases = [
            (
                "株洲市卫生健康委员会2025年妇女发展规划监测数据",
                "市卫生健康委（去掉地名“株洲市”；委员会→委；名称中含有“卫生健康委”）",
            ),
            (
                "2025年妇女规划监测表（组织部、总工会）",
                "? 市委组织部、市总工会",
            ),
            ("长沙市卫生健康委员会妇幼科", "× 市卫生健康委"),
            ("监测数据", "× "),
        ];
        for (written, want) in cases {
            assert_eq!(name(&names.recognise(written, true)), want, "{written}");
        }
        assert!(matches!(
            names.recognise("株洲市卫生健康委员会2025年", false),
            UnitMatch::Unknown(_)
        ));
    }

    /// Every unit and alias of every sample catalog recognises as itself, and no two units
    /// share a key: the rules never make two real units one.
    #[test]
    fn sample_catalogs_units_stay_apart() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let mut checked = 0;
        for region in std::fs::read_dir(&root).unwrap() {
            let dir = region.unwrap().path();
            for subject in ["women", "children"] {
                let path = dir.join(format!("{subject}.yaml"));
                let Ok(loaded) = crate::catalog::load(&path) else {
                    continue;
                };
                let catalog = loaded.catalog;
                let names = UnitNames::new(&catalog);
                for unit in &catalog.units {
                    for written in std::iter::once(&unit.name).chain(&unit.aliases) {
                        let short = written.strip_prefix('市').unwrap_or(written);
                        let full = format!("{}{short}", catalog.plan.locality);
                        let stem = catalog.plan.locality.trim_end_matches('市');
                        let plain = !written.contains(stem)
                            && !written.starts_with("中共")
                            && split_place(short).is_none();
                        let texts = if plain {
                            vec![written.clone(), full]
                        } else {
                            vec![written.clone()]
                        };
                        for text in texts {
                            assert_eq!(
                                names.recognise(&text, false).unit().map(|u| &u.name),
                                Some(&unit.name),
                                "{}: {text}",
                                path.display()
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
