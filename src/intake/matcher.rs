//! Matching the indicator names and codes written on a form with the catalog's.
//!
//! A name matches when it equals a catalog name or alias after [`normalize_name`], which
//! removes only differences that never change the meaning (see `docs/returns.md`). Beyond
//! that, two variants are tried, each only when it finds exactly one indicator: the plan's
//! locality written before the name (`株洲市孕产妇死亡率`), and 妇女 ↔ 女性 when the catalog
//! itself uses the two words interchangeably in an alias. Anything else is matched only by a
//! confirmed row of the mapping file ([`super::mapping`]).

use std::collections::HashMap;

use super::mapping::{Confirmed, Mapping};
use super::units::UnitNames;
use crate::catalog::{Catalog, Indicator, Unit};
use crate::diag::CellRef;

/// Looks indicators up by form code and by normalised name.
pub struct Matcher<'a> {
    pub(crate) catalog: &'a Catalog,
    by_code: HashMap<String, &'a Indicator>,
    by_name: HashMap<String, &'a Indicator>,
    /// The catalog lists an alias that swaps 妇女 and 女性, so the two words are
    /// interchangeable in its names.
    women_swap: bool,
    /// The plan's locality as it may open a name: `株洲市`, `株洲`.
    locality: Vec<String>,
    /// Names a person confirmed in the mapping file, by normalised name.
    confirmed: HashMap<String, Confirmed>,
    pub(crate) units: UnitNames<'a>,
}

/// How a written name was matched.
#[derive(Debug, Clone)]
pub enum NameMatch<'a> {
    /// A catalog name or alias, after normalising.
    Name(&'a Indicator),
    /// A variant the catalog allows; the text says which, for the note.
    Variant(&'a Indicator, String),
    /// A row of the mapping file that a person confirmed (the cell of its 确认).
    Confirmed(&'a Indicator, CellRef),
    /// A confirmed row saying the name is no catalog indicator.
    ConfirmedNone(CellRef),
}

impl<'a> Matcher<'a> {
    /// Indexes the catalog's codes, names and aliases.
    pub fn new(catalog: &'a Catalog) -> Self {
        Matcher::with_mapping(catalog, &Mapping::default())
    }

    /// Indexes the catalog and the confirmed rows of a mapping file.
    pub fn with_mapping(catalog: &'a Catalog, mapping: &Mapping) -> Self {
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        let mut women_swap = false;
        for (code, indicator) in rows(catalog) {
            by_code.insert(normalize_name(&code), indicator);
            let name = normalize_name(&indicator.name);
            for alias in &indicator.aliases {
                let alias = normalize_name(alias);
                women_swap |= alias != name
                    && (alias.replace("妇女", "女性") == name
                        || alias.replace("女性", "妇女") == name);
            }
            for name in std::iter::once(&indicator.name).chain(&indicator.aliases) {
                by_name.insert(normalize_name(name), indicator);
            }
        }
        let place = &catalog.plan.locality;
        let mut locality = vec![place.clone()];
        if let Some(stem) = place.strip_suffix(['市', '县', '区', '省'])
            && stem.chars().count() >= 2
        {
            locality.push(stem.to_string());
        }
        Matcher {
            catalog,
            by_code,
            by_name,
            women_swap,
            locality,
            confirmed: mapping.confirmed(),
            units: UnitNames::new(catalog),
        }
    }

    /// The indicator (or part) whose form code is `code`.
    pub fn by_code(&self, code: &str) -> Option<&'a Indicator> {
        self.by_code.get(&normalize_name(code)).copied()
    }

    /// The indicator (or part) whose name or alias is `name`, after normalising both.
    pub fn by_name(&self, name: &str) -> Option<&'a Indicator> {
        self.by_name.get(&normalize_name(name)).copied()
    }

    /// The indicator a written name stands for, and how it was found: by name, by a
    /// variant the catalog allows, or by a confirmed row of the mapping file.
    pub fn find(&self, name: &str) -> Option<NameMatch<'a>> {
        let key = normalize_name(name);
        if let Some(ind) = self.by_name.get(&key) {
            return Some(NameMatch::Name(ind));
        }
        let mut variants: Vec<(String, String)> = Vec::new();
        for place in &self.locality {
            if let Some(rest) = key.strip_prefix(place.as_str())
                && !rest.is_empty()
            {
                variants.push((rest.to_string(), format!("去掉开头的地名“{place}”")));
            }
        }
        if self.women_swap {
            for (from, to) in [("妇女", "女性"), ("女性", "妇女")] {
                for (base, why) in [(key.clone(), String::new())]
                    .into_iter()
                    .chain(variants.clone())
                {
                    if base.contains(from) {
                        let sep = if why.is_empty() { "" } else { "，" };
                        variants.push((
                            base.replace(from, to),
                            format!("{why}{sep}“{from}”作“{to}”（目标清单的别名把两者通用）"),
                        ));
                    }
                }
            }
        }
        let mut found: Vec<(&'a Indicator, String)> = Vec::new();
        for (variant, why) in variants {
            if let Some(ind) = self.by_name.get(&variant)
                && !found.iter().any(|(f, _)| f.id == ind.id)
            {
                found.push((ind, why));
            }
        }
        if found.len() == 1 {
            let (ind, why) = found.remove(0);
            return Some(NameMatch::Variant(ind, why));
        }
        if !found.is_empty() {
            // Two indicators by two variants: not a match, the suggestions list both.
            return None;
        }
        let confirmed = self.confirmed.get(&key)?;
        match &confirmed.indicator {
            Some(id) => self
                .catalog
                .row_definition(id)
                .map(|ind| NameMatch::Confirmed(ind, confirmed.cell.clone())),
            None => Some(NameMatch::ConfirmedNone(confirmed.cell.clone())),
        }
    }

    /// Up to three catalog names that look most like `name`, best first.
    pub fn closest(&self, name: &str) -> Vec<String> {
        let key = normalize_name(name);
        let wanted = bigrams(&key);
        let mut scored: Vec<(f64, &str)> = Vec::new();
        for (_, ind) in rows(self.catalog) {
            let score = std::iter::once(&ind.name)
                .chain(&ind.aliases)
                .map(|n| similarity(&key, &wanted, &normalize_name(n)))
                .fold(0.0, f64::max);
            if score > 0.0 {
                scored.push((score, ind.name.as_str()));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored
            .into_iter()
            .take(3)
            .map(|(_, n)| n.to_string())
            .collect()
    }
}

/// Every row a form may hold, with its code: the indicators, then the parts.
fn rows(catalog: &Catalog) -> impl Iterator<Item = (String, &Indicator)> {
    catalog
        .indicators()
        .map(|r| (r.code(catalog.plan.subject), r.indicator))
        .chain(
            catalog
                .part_rows
                .iter()
                .map(|p| (p.code.clone().unwrap_or_default(), p)),
        )
}

/// How alike two normalised names are: the share of shared character pairs (Dice), plus
/// one when one name contains the other (`乳腺癌人群筛查率` in `适龄妇女乳腺癌人群筛查率`).
fn similarity(key: &str, wanted: &[(char, char)], theirs: &str) -> f64 {
    let their_pairs = bigrams(theirs);
    if wanted.is_empty() || their_pairs.is_empty() {
        return 0.0;
    }
    let shared = wanted.iter().filter(|b| their_pairs.contains(b)).count();
    let dice = 2.0 * shared as f64 / (wanted.len() + their_pairs.len()) as f64;
    let contains = shared > 0 && (theirs.contains(key) || key.contains(theirs));
    dice + if contains { 1.0 } else { 0.0 }
}

pub(crate) fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Full-width forms to half-width, white space removed: `（１）孕产妇 死亡率` →
/// `(1)孕产妇死亡率`.
pub(crate) fn halfwidth(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Normalises an indicator name or code for matching: full-width forms to half-width, no
/// white space, no leading row number (`1.` `1、` `(1)` `（一）` `一、` `①`), no trailing
/// unit in brackets (`（1/10万）`, `（%）`), no leading `全市`/`本市`.
pub fn normalize_name(name: &str) -> String {
    let text = halfwidth(name);
    let mut text = strip_numbering(&text).to_string();
    while let Some((base, _)) = split_unit(&text) {
        text.truncate(base.len());
    }
    for prefix in ["全市", "本市"] {
        if let Some(rest) = text.strip_prefix(prefix)
            && !rest.is_empty()
        {
            text = rest.to_string();
        }
    }
    text
}

/// The name without one leading row number in a usual style: `1.` `1、` `1)` `(1)`
/// `(一)` `一、` `①` `⑴` `⒈`. Only a number followed by its mark is stripped, so a digit that
/// belongs to the name stays: `5岁以下儿童死亡率`, and after `2、` the `0` of `0—6岁`.
/// `text` is already half-width.
pub(crate) fn strip_numbering(text: &str) -> &str {
    const CHINESE: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let rest = |s: &'_ str| -> bool { !s.is_empty() };
    // ① … ⑳, ⑴ … ⒇, ⒈ … ⒛
    if let Some(c) = text.chars().next()
        && matches!(c, '\u{2460}'..='\u{2473}' | '\u{2474}'..='\u{249B}')
    {
        let after = &text[c.len_utf8()..];
        let after = after.strip_prefix(['.', '、']).unwrap_or(after);
        if rest(after) {
            return after;
        }
    }
    // (1) (一)
    if let Some(inner) = text.strip_prefix('(')
        && let Some(close) = inner.find(')')
    {
        let number = &inner[..close];
        let after = &inner[close + 1..];
        let after = after.strip_prefix(['.', '、']).unwrap_or(after);
        let numeral = !number.is_empty()
            && number.chars().count() <= 3
            && (number.chars().all(|c| c.is_ascii_digit())
                || number.chars().all(|c| CHINESE.contains(&c)));
        if numeral && rest(after) {
            return after;
        }
    }
    // 1. 1、 1) 一、 一.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let numerals = text.chars().take_while(|c| CHINESE.contains(c)).count();
    let (count, len) = if digits > 0 {
        (digits, digits)
    } else {
        (numerals, numerals * '一'.len_utf8())
    };
    if (1..=3).contains(&count) {
        let after = &text[len..];
        let marks: &[char] = if digits > 0 {
            &['、', '.', ')']
        } else {
            &['、', '.']
        };
        if let Some(mark) = after.chars().next()
            && marks.contains(&mark)
        {
            let after = &after[mark.len_utf8()..];
            // 1.5岁: a decimal, not a row number.
            let decimal = mark == '.' && after.starts_with(|c: char| c.is_ascii_digit());
            if rest(after) && !decimal {
                return after;
            }
        }
    }
    text
}

/// A name ending in a bracketed unit, split: `孕产妇死亡率(1/10万)` → (`孕产妇死亡率`,
/// `1/10万`). Only brackets that hold a unit spelling are split off (`单位:%` too); a
/// bracket holding anything else (`孕产妇死亡率(农村)`) belongs to the name. `text` is
/// already half-width.
pub(crate) fn split_unit(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    if open == 0 {
        return None;
    }
    let content = &inner[open + 1..];
    let unit = content
        .strip_prefix("计量单位")
        .or_else(|| content.strip_prefix("单位"))
        .map(|u| u.trim_start_matches([':', '：']))
        .unwrap_or(content);
    is_unit_spelling(unit).then_some((&text[..open], unit))
}

/// Whether a text spells a unit: one [`Unit::parse`] knows, or one made only of the
/// characters units are written with (`人次`, `万户`, `‰/10万`), which is then reported as
/// an unknown unit rather than taken for part of the name.
pub(crate) fn is_unit_spelling(text: &str) -> bool {
    const UNIT_CHARS: &str = "%‰/0123456789.万千百十亿人岁元个名张所次件户年月日天小时分秒之比值率床位台辆平方米公里斤克吨亩";
    !text.is_empty()
        && (Unit::parse(text).is_some()
            || (text.chars().count() <= 6 && text.chars().all(|c| UNIT_CHARS.contains(c))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plan of 株洲市 with three indicators; `alias` is given to the first.
    fn catalog(alias: &str) -> Catalog {
        let text = format!(
            "plan: {{title: 测试, locality: 株洲市, subject: women, start_year: 2021, \
             end_year: 2025, baseline_year: 2020}}\n\
             units: [{{name: 单位}}]\n\
             domains:\n- id: d\n  name: 领域\n  goals:\n  - number: 1\n    text: 目标\n    \
             indicators:\n\
             \x20   - {{id: a, name: 女性人均预期寿命, unit: 岁, reporter: 单位, aliases: [{alias}], \
             targets: [{{comparator: increase}}]}}\n\
             \x20   - {{id: b, name: 女性平均受教育年限, unit: 年, reporter: 单位, \
             targets: [{{comparator: increase}}]}}\n\
             \x20   - {{id: c, name: 妇女健康素养水平, unit: '%', reporter: 单位, \
             targets: [{{comparator: increase}}]}}\n"
        );
        crate::catalog::parse(&text, std::path::Path::new("t.yaml"))
            .unwrap_or_else(|e| panic!("{e}"))
            .catalog
    }

    fn found(m: &Matcher<'_>, name: &str) -> String {
        match m.find(name) {
            Some(NameMatch::Name(i)) => format!("= {}", i.id),
            Some(NameMatch::Variant(i, why)) => format!("{}（{why}）", i.id),
            Some(other) => format!("{other:?}"),
            None => "×".into(),
        }
    }

    #[test]
    fn women_and_female_are_one_word_only_where_an_alias_says_so() {
        let swapping = catalog("妇女人均预期寿命");
        let m = Matcher::new(&swapping);
        assert_eq!(found(&m, "妇女人均预期寿命"), "= a");
        assert_eq!(
            found(&m, "妇女平均受教育年限"),
            "b（“妇女”作“女性”（目标清单的别名把两者通用））"
        );
        assert_eq!(
            found(&m, "女性健康素养水平"),
            "c（“女性”作“妇女”（目标清单的别名把两者通用））"
        );
        assert_eq!(
            found(&m, "株洲市妇女平均受教育年限"),
            "b（去掉开头的地名“株洲市”，“妇女”作“女性”（目标清单的别名把两者通用））"
        );
        let plain = catalog("人均预期寿命");
        let m = Matcher::new(&plain);
        assert_eq!(found(&m, "妇女平均受教育年限"), "×");
        assert_eq!(found(&m, "全市妇女健康素养水平"), "= c");
        assert_eq!(
            found(&m, "株洲妇女健康素养水平"),
            "c（去掉开头的地名“株洲”）"
        );
    }

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("孕产妇死亡率（1/10万）"), "孕产妇死亡率");
        assert_eq!(normalize_name(" 孕产妇 死亡率 "), "孕产妇死亡率");
        assert_eq!(normalize_name("3.孕产妇死亡率(%)"), "孕产妇死亡率");
        assert_eq!(normalize_name("Ｆ０１０３ａ"), "F0103a");
        assert_eq!(normalize_name("全市孕产妇死亡率"), "孕产妇死亡率");
        assert_eq!(
            normalize_name("孕产妇死亡率（单位：1/10万）"),
            "孕产妇死亡率"
        );
    }

    #[test]
    fn row_numbers_in_every_usual_style_but_never_a_digit_of_the_name() {
        let cases = [
            ("1.孕产妇死亡率", "孕产妇死亡率"),
            ("1．孕产妇死亡率", "孕产妇死亡率"),
            ("12、孕产妇死亡率", "孕产妇死亡率"),
            ("(1)孕产妇死亡率", "孕产妇死亡率"),
            ("（1）孕产妇死亡率", "孕产妇死亡率"),
            ("（一）孕产妇死亡率", "孕产妇死亡率"),
            ("一、孕产妇死亡率", "孕产妇死亡率"),
            ("十二、孕产妇死亡率", "孕产妇死亡率"),
            ("①孕产妇死亡率", "孕产妇死亡率"),
            ("⑴孕产妇死亡率", "孕产妇死亡率"),
            ("1)孕产妇死亡率", "孕产妇死亡率"),
            // Digits that belong to the name.
            ("5岁以下儿童死亡率", "5岁以下儿童死亡率"),
            (
                "0—6岁儿童眼保健和视力检查覆盖率",
                "0—6岁儿童眼保健和视力检查覆盖率",
            ),
            (
                "2、0—6岁儿童眼保健和视力检查覆盖率（%）",
                "0—6岁儿童眼保健和视力检查覆盖率",
            ),
            ("3岁以下婴幼儿入托率", "3岁以下婴幼儿入托率"),
            ("1.5岁以下", "1.5岁以下"),
            ("12", "12"),
            ("十", "十"),
        ];
        for (written, want) in cases {
            assert_eq!(normalize_name(written), want, "{written}");
        }
    }

    #[test]
    fn only_a_unit_in_brackets_is_split_off() {
        assert_eq!(
            split_unit("孕产妇死亡率(1/10万)"),
            Some(("孕产妇死亡率", "1/10万"))
        );
        assert_eq!(split_unit("筛查率(单位:%)"), Some(("筛查率", "%")));
        assert_eq!(split_unit("参保人数(人次)"), Some(("参保人数", "人次")));
        assert_eq!(split_unit("孕产妇死亡率(农村)"), None);
        assert_eq!(split_unit("(%)"), None);
        assert_eq!(normalize_name("孕产妇死亡率（农村）"), "孕产妇死亡率(农村)");
    }
}
