//! One goal's sentence → indicators and targets, by rules (documented in `docs/import.md`).
//!
//! A goal is split into sentences (`。；`) and clauses (`，：`). Each clause is tried
//! against the forms below, in this order; the first that fits wins:
//!
//! 1. a year phrase alone (`到2025年`), carried to the rest of the sentence;
//! 2. a relative target (`以2020年为基数下降20%`);
//! 3. a comparison with a reference level (`优于全省平均水平`);
//! 4. a value after a verb (`控制在12/10万以下`, `分别达80%以上和82%以上`);
//! 5. a share of subjects (`95%的城市社区…建立家长学校`);
//! 6. a minimum count (`至少配备1名女干部`);
//! 7. a gap that narrows (`城乡、区域差距缩小`);
//! 8. a direction (`逐步提高`, `上升趋势减缓`, `保持均衡`);
//! 9. otherwise qualitative (a promise such as `全覆盖` is flagged, never turned into 100).
//!
//! Nothing here invents a number: every value written is one the clause states.

use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::{Comparator, CountWord, Unit};

use super::names;

/// How sure the parser is of a reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Probably needs changing.
    Low,
    /// Probably right, but a form the rules read by convention.
    Medium,
    /// Read exactly as written.
    High,
}

impl Confidence {
    /// `高`, `中`, `低`.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::High => "高",
            Confidence::Medium => "中",
            Confidence::Low => "低",
        }
    }
}

/// Something a reviewer must check, written as a `# 待核实：…` comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub confidence: Confidence,
}

impl Note {
    pub(crate) fn new(confidence: Confidence, text: impl Into<String>) -> Note {
        Note {
            text: text.into(),
            confidence,
        }
    }
}

/// A target as read from a clause.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftTarget {
    pub comparator: Comparator,
    /// The number as the plan writes it (`3.0`, `12`), for comparators that need one.
    pub value: Option<String>,
    /// The year due, when the clause names one.
    pub year: Option<i32>,
    /// The two breakdowns of a `gap_narrows`.
    pub between: Option<[String; 2]>,
    /// A reference row or indicator name.
    pub reference: Option<String>,
    /// The one breakdown the target is on (`农村`), for `其中农村…` and `95%的城市社区、85%的
    /// 农村社区…`.
    pub breakdown: Option<String>,
    /// The sub-unit every one of which must meet it (`乡镇（街道）`), for `以乡镇（街道）为单位`.
    pub each: Option<String>,
    /// For a regional gap (`区域差距缩小`): the level of region (`县（市、区）`).
    pub regions: Option<String>,
    pub aspirational: bool,
    /// The words of the goal the target comes from.
    pub clause: String,
    pub notes: Vec<Note>,
}

impl DraftTarget {
    fn new(comparator: Comparator, clause: &str) -> DraftTarget {
        DraftTarget {
            comparator,
            value: None,
            year: None,
            between: None,
            reference: None,
            breakdown: None,
            each: None,
            regions: None,
            aspirational: false,
            clause: clause.to_string(),
            notes: Vec::new(),
        }
    }

    /// Whether two targets state the same requirement (notes aside).
    fn same_requirement(&self, other: &DraftTarget) -> bool {
        (
            self.comparator,
            &self.value,
            self.year,
            &self.between,
            &self.reference,
            &self.breakdown,
            &self.each,
            &self.regions,
            self.aspirational,
        ) == (
            other.comparator,
            &other.value,
            other.year,
            &other.between,
            &other.reference,
            &other.breakdown,
            &other.each,
            &other.regions,
            other.aspirational,
        )
    }
}

/// A target one clause sets for several of the goal's indicators (`均达到90%以上`, `城乡
/// 差距逐步缩小` after three death rates): written once, in the goal's `shared_targets`.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftShared {
    pub target: DraftTarget,
    /// Indices of the indicators in [`ParsedGoal::indicators`].
    pub members: Vec<usize>,
}

/// An indicator as read from a goal.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftIndicator {
    pub name: String,
    pub unit: Unit,
    pub breakdowns: Vec<String>,
    pub targets: Vec<DraftTarget>,
    pub notes: Vec<Note>,
}

impl DraftIndicator {
    /// The lowest confidence of the indicator's notes and its targets' notes.
    pub fn confidence(&self) -> Confidence {
        self.notes
            .iter()
            .chain(self.targets.iter().flat_map(|t| t.notes.iter()))
            .map(|n| n.confidence)
            .min()
            .unwrap_or(Confidence::High)
    }
}

/// A goal read into indicators, with its qualitative clauses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedGoal {
    pub indicators: Vec<DraftIndicator>,
    /// Targets of one clause over several of the indicators.
    pub shared: Vec<DraftShared>,
    /// Clauses that name no statistic.
    pub qualitative: Vec<String>,
    /// Notes on the goal as a whole (a clause that may hide a target, a form the catalog
    /// cannot express).
    pub notes: Vec<Note>,
}

impl ParsedGoal {
    /// Every note of the goal, its indicators and targets.
    pub fn all_notes(&self) -> impl Iterator<Item = &Note> {
        self.notes
            .iter()
            .chain(self.indicators.iter().flat_map(|i| {
                i.notes
                    .iter()
                    .chain(i.targets.iter().flat_map(|t| t.notes.iter()))
            }))
            .chain(self.shared.iter().flat_map(|s| s.target.notes.iter()))
    }
}

/// What a clause is read against.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub start_year: i32,
    pub end_year: i32,
    pub baseline_year: i32,
    /// The level of region a `区域差距` compares: `县（市、区）` for a city's plan,
    /// `乡镇（街道）` for a county's.
    pub regions: &'static str,
}

// ---------------------------------------------------------------------------------------
// Forms the catalog format cannot express yet (issue item 6). Every such form is recognised
// here, in one place, so that emitting a richer format later changes only this function
// and its callers' use of the result.

/// A form of target that today's catalog format cannot state exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatGap {
    /// A target on one breakdown only (`其中农村…`).
    OneBreakdown,
    /// One clause that speaks of several indicators at once (`城乡差距逐步缩小` after three
    /// mortality rates).
    OneClauseSeveralIndicators,
    /// A minimum for every sub-unit (`以乡镇（街道）为单位达到95%以上`, `均有1所`, `各配备1名`).
    EverySubUnit,
    /// A gap between regions (`区域差距缩小`); only two breakdowns of one indicator can be
    /// compared.
    RegionalGap,
    /// The same quantity under two goals.
    SameQuantityTwoGoals,
}

impl FormatGap {
    /// The `待核实` text for the form where the draft could not write it in the catalog's
    /// own terms (the clause did not say enough to fill the key).
    pub fn note(self) -> Note {
        let text = match self {
            FormatGap::OneBreakdown => {
                "只对一个分组的目标：未能确定是哪个指标的分组，已按指标总体写出；请核对，需要时在目标中写 breakdown: 分组"
            }
            FormatGap::OneClauseSeveralIndicators => "一句话对应多个指标：请核对每个指标是否都适用",
            FormatGap::EverySubUnit => {
                "每个下级单位都须达到的最低值：未能确定是哪一级单位，已按总数写出；如是每个县（市、区）或乡镇（街道）都须达到，请在目标中写 each: 县（市、区） 等，请核对"
            }
            FormatGap::RegionalGap => {
                "区域差距：未能确定是哪个指标的差距，未写成目标；请核对，需要时写 gap_narrows 与 regions: 县（市、区）"
            }
            FormatGap::SameQuantityTwoGoals => {
                "同一指标名称出现在两个目标中，但两处的计量单位不同：已另起编号，请核对是否为同一数据"
            }
        };
        Note::new(Confidence::Medium, text)
    }

    /// The `待核实` text for the form once the draft has written it with the catalog's key
    /// for it (`breakdown`, `shared_targets`, `each`, `regions`, `same_as`).
    pub fn written_note(self, detail: &str) -> Note {
        let text = match self {
            FormatGap::OneBreakdown => format!(
                "只对一个分组的目标：{detail}按该分组的数值判定（breakdown），请核对分组名称与报表一致"
            ),
            FormatGap::OneClauseSeveralIndicators => format!(
                "一句话对应多个指标：{detail}写作本目标的 shared_targets，对每个指标分别判定，请核对每个指标是否都适用"
            ),
            FormatGap::EverySubUnit => format!(
                "每个下级单位都须达到：{detail}按最低（上限为最高）的下级单位的数值判定，报表须填报“其中：最低的…”一行，请核对"
            ),
            FormatGap::RegionalGap => format!(
                "区域差距：{detail}按最高与最低的区域之差判定，报表须填报“其中：最高的…”“其中：最低的…”两行；区域的层级请核对"
            ),
            FormatGap::SameQuantityTwoGoals => format!(
                "同一指标名称出现在两个目标中：{detail}写作 same_as，数据只读一次；若两处指的是不同的数据，请改为另一个指标"
            ),
        };
        Note::new(Confidence::Medium, text)
    }
}

/// The forms of [`FormatGap`] a clause shows (the cross-goal form,
/// [`FormatGap::SameQuantityTwoGoals`], is found when the catalog is assembled).
pub fn beyond_format(clause: &str, indicators_in_clause: usize) -> Vec<FormatGap> {
    static SUB_UNIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"以[^，。；]{1,12}?为单位|均有\d|各配备|各有\d|每个(?:县|乡|镇|区|村|社区)")
            .unwrap()
    });
    static ONE_BREAKDOWN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"其中[，,]?(?:农村|城镇|城市|女性|男性|女童|男童)").unwrap());
    static REGIONAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:区域|地区|区县|县域)[^，。；]{0,6}差距|差距[^，。；]{0,4}区域").unwrap()
    });
    let mut gaps = Vec::new();
    if SUB_UNIT.is_match(clause) {
        gaps.push(FormatGap::EverySubUnit);
    }
    if ONE_BREAKDOWN.is_match(clause) {
        gaps.push(FormatGap::OneBreakdown);
    }
    if REGIONAL.is_match(clause) {
        gaps.push(FormatGap::RegionalGap);
    }
    if indicators_in_clause > 1 && clause.contains("差距") {
        gaps.push(FormatGap::OneClauseSeveralIndicators);
    }
    gaps
}

// ---------------------------------------------------------------------------------------
// Normalisation and splitting

/// Full-width digits, percent and point to ASCII and one form of each clause separator, one
/// character for one (so positions in the normalised text are positions in the original).
/// Brackets and dashes are left as written: they occur in indicator names, which are kept
/// verbatim.
fn normalize_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '％' => '%',
        '．' => '.',
        '／' => '/',
        '，' | ',' => '，',
        '；' | ';' => '；',
        '：' | ':' => '：',
        _ => c,
    }
}

/// Splits the original and its normalised form at the same places, keeping neither
/// separator.
fn split_pairs(
    orig: &[char],
    norm: &[char],
    is_sep: impl Fn(&[char], usize) -> bool,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..=norm.len() {
        if i == norm.len() || is_sep(norm, i) {
            if i > start {
                let o: String = orig[start..i].iter().collect();
                let n: String = norm[start..i].iter().collect();
                if !n.trim().is_empty() {
                    out.push((o.trim().to_string(), n.trim().to_string()));
                }
            }
            start = i + 1;
        }
    }
    out
}

fn sentences(text: &str) -> Vec<(String, String)> {
    let orig: Vec<char> = text.chars().collect();
    let norm: Vec<char> = orig.iter().map(|&c| normalize_char(c)).collect();
    split_pairs(&orig, &norm, |s, i| {
        matches!(s[i], '。' | '；' | '！' | '？' | '!' | '?')
    })
}

fn clauses(orig: &str, norm: &str) -> Vec<(String, String)> {
    let o: Vec<char> = orig.chars().collect();
    let n: Vec<char> = norm.chars().collect();
    let mut depth = 0i32;
    let mut seps = vec![false; n.len()];
    for (i, c) in n.iter().enumerate() {
        match c {
            '《' | '(' | '（' | '“' => depth += 1,
            '》' | ')' | '）' | '”' => depth -= 1,
            '，' | '：' if depth <= 0 => {
                // A thousands comma between digits is not a clause break.
                let digits = i > 0
                    && i + 1 < n.len()
                    && n[i - 1].is_ascii_digit()
                    && n[i + 1].is_ascii_digit()
                    && o[i] == ',';
                seps[i] = !digits;
            }
            _ => {}
        }
    }
    split_pairs(&o, &n, |_, i| seps[i])
}

// ---------------------------------------------------------------------------------------
// Words

/// Verbs that put a value after them, longest first where one contains another.
const VALUE_VERBS: &[&str] = &[
    "达到并保持在",
    "达到并稳定在",
    "继续保持在",
    "继续稳定在",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "减少到",
    "减少至",
    "控制在",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "增长到",
    "增长至",
    "上升到",
    "上升至",
    "稳定在",
    "保持在",
    "维持在",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "不多于",
    "降至",
    "降到",
    "达到",
    "低于",
    "高于",
    "超过",
    "总体为",
    "达",
    "为",
    "在",
];

/// Adverbs between a subject and its verb.
const ADVERBS: &[&str] = &[
    "分别",
    "均",
    "继续",
    "力争",
    "总体",
    "一般",
    "要",
    "全部",
    "都",
    "基本",
    "确保",
    "持续",
    "每年",
    "逐步",
    "进一步",
    "并",
    "稳步",
    "总体上",
    "始终",
    "仍",
    "以上",
];

/// Words a subject starts with that are not part of the indicator's name.
const LEADING: &[&str] = &[
    "其中", "并且", "并", "且", "使", "确保", "力争", "全市", "全县", "全区", "我市", "我县",
    "全州", "全省", "实现",
];

/// Endings of a name that is a statistic (a rate, share, count, duration…).
const STATISTIC_ENDINGS: &[&str] = &[
    "率",
    "比例",
    "比重",
    "占比",
    "寿命",
    "年限",
    "人数",
    "数量",
    "数",
    "素养水平",
    "指数",
    "时间",
    "收入",
    "人次",
];

/// Whether a name is a statistic one can report a number for.
pub fn is_statistic(name: &str) -> bool {
    STATISTIC_ENDINGS.iter().any(|e| name.ends_with(e)) && name.chars().count() >= 2
}

/// Population words that begin an indicator's name (`5岁以下儿童`…).
const POPULATION: &[&str] = &[
    "儿童",
    "妇女",
    "女性",
    "学生",
    "孕产妇",
    "婴幼儿",
    "青少年",
    "女童",
    "男童",
    "新生儿",
    "婴儿",
    "女职工",
    "老年人",
];

fn strip_suffix_word<'a>(
    s: &'a str,
    words: &'static [&'static str],
) -> Option<(&'a str, &'static str)> {
    words
        .iter()
        .copied()
        .filter(|w| s.ends_with(w))
        .max_by_key(|w| w.len())
        .map(|w| (&s[..s.len() - w.len()], w))
}

/// The subject before a verb: trailing adverbs and leading connectives removed.
fn subject_name(region: &str) -> (String, Vec<&'static str>) {
    let mut name = region
        .trim_matches(|c: char| c == '，' || c.is_whitespace())
        .to_string();
    let mut adverbs = Vec::new();
    while let Some((rest, adverb)) = strip_suffix_word(&name, ADVERBS) {
        if rest.is_empty() {
            break;
        }
        adverbs.push(adverb);
        name = rest.to_string();
    }
    loop {
        let before = name.clone();
        for lead in LEADING {
            if let Some(rest) = name.strip_prefix(lead)
                && rest.chars().count() >= 2
            {
                name = rest.to_string();
            }
        }
        if name == before {
            break;
        }
    }
    let name = name.trim_start_matches('的').to_string();
    (name, adverbs)
}

// ---------------------------------------------------------------------------------------
// Values

/// A number with its unit and bound word, as written.
#[derive(Debug, Clone, PartialEq)]
struct Value {
    literal: String,
    unit: Option<Unit>,
    /// Whether the unit is a count word to read per thousand when the name says 每千人.
    count_word: Option<CountWord>,
    /// `以上`, `以下`, `以内`, `左右` …
    bound: Option<&'static str>,
    /// `个百分点`: a change in points, not a level.
    points: bool,
}

const BOUNDS: &[&str] = &["及以上", "及以下", "以上", "以下", "以内", "左右", "上下"];

/// Units after a number, longest first.
const UNIT_WORDS: &[(&str, &str)] = &[
    ("个百分点", "points"),
    ("个千分点", "points"),
    ("/10万", "1/10万"),
    ("/十万", "1/10万"),
    ("/万", "1/万"),
    ("个/千人", "个/千人"),
    ("名/千人", "名/千人"),
    ("张/千人", "张/千人"),
    ("%", "%"),
    ("‰", "‰"),
    ("万人", "万人"),
    ("万元", "万元"),
    ("小时", "小时"),
    ("岁", "岁"),
    ("年", "年"),
    ("个", "个"),
    ("名", "名"),
    ("所", "所"),
    ("人", "人"),
    ("次", "次"),
    ("件", "件"),
    ("户", "户"),
    ("元", "元"),
    ("张", "张"),
    ("家", "个"),
];

/// Rates in words: `十万分之九`, `万分之一`, `千分之五`, `百分之九十`.
const WORD_RATES: &[(&str, &str)] = &[
    ("十万分之", "1/10万"),
    ("万分之", "1/万"),
    ("千分之", "‰"),
    ("百分之", "%"),
];

/// Parses a value at the start of `s`; returns it and the characters consumed.
fn parse_value(s: &[char]) -> Option<(Value, usize)> {
    let mut i = 0;
    let text: String = s.iter().collect();
    // A rate in words.
    for (prefix, unit) in WORD_RATES {
        if let Some(rest) = text.strip_prefix(prefix) {
            let digits: String = rest
                .chars()
                .take_while(|c| {
                    "零〇一二两三四五六七八九十百点".contains(*c) || c.is_ascii_digit() || *c == '.'
                })
                .collect();
            let value = if digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
                digits.clone()
            } else {
                parse_chinese_number(&digits)?
            };
            if digits.is_empty() {
                return None;
            }
            let mut used = prefix.chars().count() + digits.chars().count();
            let bound = take_word(&s[used..], BOUNDS);
            if let Some(b) = bound {
                used += b.chars().count();
            }
            return Some((
                Value {
                    literal: value,
                    unit: Unit::parse(unit),
                    count_word: None,
                    bound,
                    points: false,
                },
                used,
            ));
        }
    }
    while i < s.len()
        && (s[i].is_ascii_digit()
            || (s[i] == '.' && i > 0 && i + 1 < s.len() && s[i + 1].is_ascii_digit()))
    {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let literal: String = s[..i].iter().collect();
    let mut used = i;
    let mut unit = None;
    let mut count_word = None;
    let mut points = false;
    let rest: String = s[used..].iter().collect();
    for (word, canonical) in UNIT_WORDS {
        if rest.starts_with(word) {
            // A year: `2025年` is never a value.
            if *word == "年" && literal.len() == 4 {
                return None;
            }
            used += word.chars().count();
            if *canonical == "points" {
                points = true;
                unit = Some(if word.contains('千') {
                    Unit::Permille
                } else {
                    Unit::Percent
                });
            } else {
                unit = Unit::parse(canonical);
                if let Some(Unit::Count(w)) = unit {
                    count_word = Some(w);
                }
            }
            break;
        }
    }
    let bound = take_word(&s[used..], BOUNDS);
    if let Some(b) = bound {
        used += b.chars().count();
    }
    Some((
        Value {
            literal,
            unit,
            count_word,
            bound,
            points,
        },
        used,
    ))
}

fn take_word(s: &[char], words: &[&'static str]) -> Option<&'static str> {
    let text: String = s.iter().take(4).collect();
    words
        .iter()
        .copied()
        .filter(|w| text.starts_with(w))
        .max_by_key(|w| w.len())
}

/// Parses Chinese numerals: `九` 9, `十二` 12, `九十五` 95, `一百` 100, `零点五` 0.5.
pub fn parse_chinese_number(s: &str) -> Option<String> {
    let digit = |c: char| {
        "零一二三四五六七八九".find(c).map(|i| i / 3).or(match c {
            '〇' => Some(0),
            '两' => Some(2),
            _ => None,
        })
    };
    let (int_part, frac_part) = match s.split_once('点') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let mut total = 0u64;
    let mut current = 0u64;
    let mut seen = false;
    for c in int_part.chars() {
        seen = true;
        if let Some(d) = digit(c) {
            current = current * 10 + d as u64;
        } else if c == '十' {
            total += if current == 0 { 10 } else { current * 10 };
            current = 0;
        } else if c == '百' {
            total += if current == 0 { 100 } else { current * 100 };
            current = 0;
        } else {
            return None;
        }
    }
    total += current;
    if !seen && frac_part.is_none() {
        return None;
    }
    let mut out = total.to_string();
    if let Some(frac) = frac_part {
        let digits: Option<String> = frac
            .chars()
            .map(|c| digit(c).map(|d| char::from(b'0' + d as u8)))
            .collect();
        let digits = digits?;
        if digits.is_empty() {
            return None;
        }
        out.push('.');
        out.push_str(&digits);
    }
    Some(out)
}

/// Writes a number in Chinese counting numerals (for Word numbering): 1 一, 12 十二, 23 二十三.
pub fn chinese_number(n: u32) -> String {
    crate::catalog::chinese_numeral(n as usize)
}

/// The comparator a verb and a bound word give, and how sure the reading is.
fn comparator_of(
    verb: &str,
    bound: Option<&str>,
) -> (Comparator, Confidence, Option<&'static str>) {
    use Comparator::*;
    let by_verb = match verb {
        "不低于" | "不少于" => Some(AtLeast),
        "不高于" | "不超过" | "不多于" => Some(AtMost),
        "低于" => Some(Below),
        "高于" | "超过" => Some(Above),
        _ => None,
    };
    let by_bound = match bound {
        Some("以上") | Some("及以上") => Some(AtLeast),
        Some("以下") | Some("以内") | Some("及以下") => Some(AtMost),
        Some("左右") | Some("上下") => Some(About),
        _ => None,
    };
    match (by_verb, by_bound) {
        (Some(v), None) => (v, Confidence::High, None),
        (Some(v), Some(b)) if v == b => (v, Confidence::High, None),
        (Some(v), Some(_)) => (
            v,
            Confidence::Low,
            Some("比较词与“以上/以下”矛盾，请核对比较方式"),
        ),
        (None, Some(b)) => {
            let falling = matches!(
                verb,
                "控制在"
                    | "降至"
                    | "降到"
                    | "下降到"
                    | "下降至"
                    | "降低到"
                    | "降低至"
                    | "减少到"
                    | "减少至"
            );
            let rising = matches!(
                verb,
                "提高到"
                    | "提高至"
                    | "提升到"
                    | "提升至"
                    | "增加到"
                    | "增加至"
                    | "增长到"
                    | "增长至"
                    | "上升到"
                    | "上升至"
            );
            if (falling && b == AtLeast) || (rising && b == AtMost) {
                (
                    b,
                    Confidence::Low,
                    Some("动词方向与“以上/以下”不一致，请核对比较方式"),
                )
            } else {
                (b, Confidence::High, None)
            }
        }
        (None, None) => match verb {
            "控制在" | "降至" | "降到" | "下降到" | "下降至" | "降低到" | "降低至" | "减少到"
            | "减少至" => (AtMost, Confidence::High, None),
            "达到" | "达" | "提高到" | "提高至" | "提升到" | "提升至" | "增加到" | "增加至"
            | "增长到" | "增长至" | "上升到" | "上升至" | "稳定在" | "继续稳定在"
            | "达到并保持在" | "达到并稳定在" => (AtLeast, Confidence::High, None),
            "保持在" | "继续保持在" | "维持在" => (
                AtLeast,
                Confidence::Medium,
                Some("“保持在X”读作不低于X（at_least）；如指保持在X附近，改为 about"),
            ),
            _ => (
                AtLeast,
                Confidence::Medium,
                Some("“为/在X”未写以上或以下，读作不低于X（at_least），请核对"),
            ),
        },
    }
}

// ---------------------------------------------------------------------------------------
// Subjects

/// Splits a subject like `新生儿、婴儿和5岁以下儿童死亡率` into its parts, outside brackets.
fn split_subjects(name: &str, with_and: bool) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '《' | '(' | '“' | '（' => depth += 1,
            '》' | ')' | '”' | '）' => depth -= 1,
            _ => {}
        }
        let sep = depth <= 0 && (c == '、' || (with_and && matches!(c, '和' | '及' | '与')));
        if sep && !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
        i += 1;
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// The shared ending of the last part that earlier parts lack: `中女性比例` of
/// `村党组织书记中女性比例`, `死亡率` of `5岁以下儿童死亡率`.
fn shared_tail(last: &str) -> Option<String> {
    if let Some(pos) = last.rfind('中') {
        let tail = &last[pos..];
        if is_statistic(tail) && tail.chars().count() >= 3 {
            return Some(tail.to_string());
        }
    }
    let chars: Vec<char> = last.chars().collect();
    for ending in ["比例", "比重", "占比"] {
        if last.ends_with(ending) && chars.len() > 2 {
            return Some(ending.to_string());
        }
    }
    if last.ends_with('率') && chars.len() >= 3 {
        return Some(chars[chars.len() - 3..].iter().collect());
    }
    None
}

/// The population prefix of a name (`5岁以下儿童` of `5岁以下儿童贫血患病率`).
fn population_prefix(name: &str) -> Option<&str> {
    POPULATION
        .iter()
        .filter_map(|p| name.rfind(p).map(|i| &name[..i + p.len()]))
        .max_by_key(|s| s.len())
        .filter(|s| s.len() < name.len())
}

/// Completes the parts of a split subject: a part without a statistic ending takes the last
/// part's ending; a later part without a population word takes the first part's prefix.
fn complete_parts(parts: Vec<String>) -> (Vec<String>, bool) {
    let mut changed = false;
    let mut parts = parts;
    if let Some(tail) = parts.last().and_then(|l| shared_tail(l)) {
        let n = parts.len();
        for part in parts.iter_mut().take(n - 1) {
            if !is_statistic(part) {
                part.push_str(&tail);
                changed = true;
            }
        }
    }
    if let Some(prefix) = parts
        .first()
        .and_then(|f| population_prefix(f))
        .map(str::to_string)
    {
        for part in parts.iter_mut().skip(1) {
            let has_population = POPULATION.iter().any(|p| part.contains(p));
            if !has_population && !part.starts_with(|c: char| c.is_ascii_digit()) {
                *part = format!("{prefix}{part}");
                changed = true;
            }
        }
    }
    (parts, changed)
}

// ---------------------------------------------------------------------------------------
// Units of indicators

/// The unit of an indicator whose clause states no unit, from its name.
fn unit_for_name(name: &str) -> (Unit, Confidence) {
    if let Some(known) = names::lookup(name) {
        return (known.unit, Confidence::High);
    }
    let per_thousand = name.starts_with("每千");
    let unit = if name.ends_with("寿命") {
        Unit::Age
    } else if name.ends_with("年限") {
        Unit::Years
    } else if name.ends_with("时间") {
        Unit::Hours
    } else if name.ends_with("收入") {
        Unit::Count(CountWord::Yuan)
    } else if per_thousand && name.ends_with("托位数") {
        Unit::PerThousandPeople(CountWord::Ge)
    } else if name.ends_with("人数") || name.ends_with("人次") {
        Unit::Count(CountWord::Ren)
    } else if name.ends_with("死亡率") || name.ends_with("发病率") {
        return (Unit::PerHundredThousand, Confidence::Low);
    } else if name.ends_with("率")
        || name.ends_with("比例")
        || name.ends_with("比重")
        || name.ends_with("占比")
        || name.ends_with("水平")
    {
        Unit::Percent
    } else if name.ends_with("数") {
        return (Unit::Count(CountWord::Ge), Confidence::Low);
    } else {
        return (Unit::Percent, Confidence::Low);
    };
    (unit, Confidence::High)
}

fn unit_note(name: &str, unit: Unit, confidence: Confidence) -> Option<Note> {
    (confidence < Confidence::High).then(|| {
        Note::new(
            confidence,
            format!("原文未写“{name}”的计量单位，暂作 {unit}，请核对"),
        )
    })
}

// ---------------------------------------------------------------------------------------
// Clause forms

static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:到|至|截至|截止到|截止)(20\d{2})年(?:底|末)?(?:(?:和|、|及|与|，)(?:到)?(20\d{2})年(?:底|末)?)*(?:前|时)?").unwrap()
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"20\d{2}").unwrap());
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:以|比|较|相比|与)(20\d{2}|基期)年?(?:为基数|为基期|为基准|水平|相比)?(?:的基础上)?，?(?:分别)?(下降|降低|减少|提高|增长|增加|上升|提升)(\d+(?:\.\d+)?)(%|个百分点)").unwrap()
});
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(优于|好于|高于|低于|不低于|不高于|达到)(全国|全省|全市|全州|全区|省|国家|省级)(?:的)?(平均水平|平均值|均值|水平)").unwrap()
});
static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"至少(各)?(?:配备|有|设立|建有|建成|设置)?(\d+)(名|个|所|家|人)(.*)$").unwrap()
});
static EACH_HAS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)均有(\d+)(所|个|家|名)(.+)$").unwrap());
static GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:逐步|不断|进一步|持续|稳步|逐年)?缩小)?(.*?)差距(?:逐步|不断|明显|显著|进一步|持续|逐年|大幅)?(?:缩小|缩减|减小)?$",
    )
    .unwrap()
});
static TREND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?)的?上升趋势(?:得到)?(?:有效)?(?:明显)?(?:减缓|控制|遏制|得到有效控制)")
        .unwrap()
});
static COVERAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"全覆盖|全面覆盖|全面普及|基本普及|应保尽保|应助尽助|普遍建立|基本消除|全部实现|基本覆盖",
    )
    .unwrap()
});

static UNIVERSAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:县级以上|各级|所有|每个|全部|各)[^，]{0,12}?(?:人民政府|政府|学校|乡镇|街道|社区|村|医院|机构|单位|部门)[^，]{0,4}?(?:均|都)?(?:开通|建立|设立|配备|建成|实现|建有|开设)").unwrap()
});

const RISING: &[&str] = &[
    "巩固提高",
    "提高",
    "提升",
    "上升",
    "增加",
    "增长",
    "延长",
    "扩大",
    "增强",
];
const FALLING: &[&str] = &["降低", "下降", "减少", "缩短", "减缓"];
const STEADY: &[&str] = &[
    "保持稳定",
    "基本稳定",
    "保持均衡",
    "保持平衡",
    "趋于平衡",
    "总体平衡",
    "保持基本平衡",
    "保持合理水平",
    "稳定",
];
const DIRECTION_ADVERBS: &[&str] = &[
    "逐步",
    "不断",
    "持续",
    "稳步",
    "明显",
    "显著",
    "进一步",
    "大幅",
    "逐年",
    "有所",
    "继续",
    "较大幅度",
    "适当",
    "有效",
    "稳定",
    "得到",
];

/// What one clause gave.
enum Reading {
    /// `到2025年` alone: years for the rest of the sentence.
    Years(Vec<i32>),
    Indicators(Vec<DraftIndicator>),
    /// A gap clause with no object of its own: applies to the goal's earlier indicators.
    Gap {
        between: Option<[String; 2]>,
        regional: bool,
    },
    Qualitative(Option<Note>),
}

/// Parses a goal's text into indicators and targets.
pub fn parse_goal(text: &str, ctx: &Context) -> ParsedGoal {
    let mut goal = ParsedGoal::default();
    for (sentence_orig, sentence_norm) in sentences(text) {
        let mut years: Vec<i32> = Vec::new();
        for (orig, norm) in clauses(&sentence_orig, &sentence_norm) {
            let before = goal.indicators.len();
            match read_clause(&orig, &norm, &years, ctx) {
                Reading::Years(found) => years = found,
                Reading::Indicators(found) => {
                    // `其中农村…`: a target on a breakdown of the indicator before.
                    let Some(found) = on_breakdown_of_previous(&mut goal, &orig, &norm, found)
                    else {
                        continue;
                    };
                    let alike = alike_targets(&found);
                    let expressed: Vec<FormatGap> = [
                        (
                            FormatGap::EverySubUnit,
                            found
                                .iter()
                                .any(|i| i.targets.iter().any(|t| t.each.is_some())),
                        ),
                        (
                            FormatGap::OneBreakdown,
                            found
                                .iter()
                                .any(|i| i.targets.iter().any(|t| t.breakdown.is_some())),
                        ),
                        (
                            FormatGap::RegionalGap,
                            found
                                .iter()
                                .any(|i| i.targets.iter().any(|t| t.regions.is_some())),
                        ),
                        (FormatGap::OneClauseSeveralIndicators, alike),
                    ]
                    .into_iter()
                    .filter(|(_, yes)| *yes)
                    .map(|(gap, _)| gap)
                    .collect();
                    for gap in beyond_format(&norm, found.len()) {
                        if !expressed.contains(&gap) {
                            goal.notes.push(gap.note());
                        }
                    }
                    goal.indicators.extend(found);
                    if alike {
                        share_alike(&mut goal, before);
                    }
                }
                Reading::Gap { between, regional } => {
                    apply_gap(&mut goal, &orig, between, regional, ctx);
                }
                Reading::Qualitative(note) => {
                    goal.qualitative.push(orig.clone());
                    if let Some(note) = note {
                        goal.notes.push(note);
                    }
                }
            }
        }
    }
    // An indicator left without a target (its only year lay outside the period) is no
    // indicator: its clause becomes qualitative and its notes the goal's.
    let mut kept = Vec::new();
    let mut index_of: Vec<Option<usize>> = Vec::new();
    for (i, indicator) in std::mem::take(&mut goal.indicators).into_iter().enumerate() {
        let has_target =
            !indicator.targets.is_empty() || goal.shared.iter().any(|s| s.members.contains(&i));
        if has_target {
            index_of.push(Some(kept.len()));
            kept.push(indicator);
        } else {
            index_of.push(None);
            goal.notes.extend(indicator.notes);
            goal.qualitative.push(indicator.name);
        }
    }
    goal.indicators = kept;
    for shared in &mut goal.shared {
        shared.members = shared.members.iter().filter_map(|&i| index_of[i]).collect();
    }
    // A shared target left with one indicator is that indicator's own.
    for shared in std::mem::take(&mut goal.shared) {
        match shared.members.as_slice() {
            [] => {}
            [only] => goal.indicators[*only].targets.push(shared.target),
            _ => goal.shared.push(shared),
        }
    }
    dedupe_notes(&mut goal.notes);
    goal
}

/// Whether one clause gave several indicators with the same targets (`均达到90%以上`,
/// `超重、肥胖上升趋势得到有效控制`): one requirement over several indicators.
fn alike_targets(found: &[DraftIndicator]) -> bool {
    let Some((first, rest)) = found.split_first() else {
        return false;
    };
    !rest.is_empty()
        && !first.targets.is_empty()
        && rest.iter().all(|i| {
            i.targets.len() == first.targets.len()
                && i.targets
                    .iter()
                    .zip(&first.targets)
                    .all(|(a, b)| a.same_requirement(b))
        })
}

/// Moves the alike targets of the indicators from `start` on into shared targets.
fn share_alike(goal: &mut ParsedGoal, start: usize) {
    let members: Vec<usize> = (start..goal.indicators.len()).collect();
    let names: Vec<String> = members
        .iter()
        .map(|&i| goal.indicators[i].name.clone())
        .collect();
    let count = goal.indicators[start].targets.len();
    for k in 0..count {
        let mut target = goal.indicators[start].targets[k].clone();
        for &i in &members[1..] {
            for note in &goal.indicators[i].targets[k].notes {
                if !target.notes.contains(note) {
                    target.notes.push(note.clone());
                }
            }
        }
        target
            .notes
            .push(FormatGap::OneClauseSeveralIndicators.written_note(&format!(
                "“{}”对{}共同提出，",
                target.clause,
                names.join("、")
            )));
        goal.shared.push(DraftShared {
            target,
            members: members.clone(),
        });
    }
    for &i in &members {
        goal.indicators[i].targets.clear();
    }
}

/// `其中农村…达到X`: when the clause names a breakdown first and reads as one indicator of
/// the same unit as the goal's last, its targets are that indicator's on the breakdown.
/// Returns the indicators to add otherwise.
fn on_breakdown_of_previous(
    goal: &mut ParsedGoal,
    orig: &str,
    norm: &str,
    found: Vec<DraftIndicator>,
) -> Option<Vec<DraftIndicator>> {
    static ON: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^其中[，,]?(农村|城镇|城市|女性|男性|女童|男童)").unwrap());
    let word = ON.captures(norm.trim()).map(|c| c[1].to_string());
    let (Some(word), [one]) = (word, found.as_slice()) else {
        return Some(found);
    };
    let Some(previous) = goal.indicators.last_mut() else {
        return Some(found);
    };
    if previous.unit != one.unit || one.targets.is_empty() {
        return Some(found);
    }
    if !previous.breakdowns.contains(&word) {
        previous.breakdowns.push(word.clone());
    }
    for mut target in one.targets.clone() {
        target.breakdown = Some(word.clone());
        target
            .notes
            .push(FormatGap::OneBreakdown.written_note(&format!(
                "“{orig}”读作指标“{}”的“{word}”分组的目标，",
                previous.name
            )));
        previous.targets.push(target);
    }
    None
}

fn dedupe_notes(notes: &mut Vec<Note>) {
    let mut seen = Vec::new();
    notes.retain(|n| {
        if seen.contains(&n.text) {
            false
        } else {
            seen.push(n.text.clone());
            true
        }
    });
}

/// A gap clause without an object of its own: on the indicators read before it in the
/// goal, with their breakdowns added; one shared target when there are several. A regional
/// gap (`区域差距`) is a gap between the highest and the lowest region.
fn apply_gap(
    goal: &mut ParsedGoal,
    clause: &str,
    between: Option<[String; 2]>,
    regional: bool,
    ctx: &Context,
) {
    if between.is_none() && !regional {
        goal.qualitative.push(clause.to_string());
        return;
    }
    if goal.indicators.is_empty() {
        goal.qualitative.push(clause.to_string());
        if between.is_some() {
            goal.notes.push(Note::new(
                Confidence::Low,
                format!("“{clause}”未指明是哪个指标的差距：请补上指标和分组"),
            ));
        } else {
            goal.notes.push(FormatGap::RegionalGap.note());
        }
        return;
    }
    let mut targets = Vec::new();
    if let Some(between) = between {
        for indicator in &mut goal.indicators {
            for b in &between {
                if !indicator.breakdowns.contains(b) {
                    indicator.breakdowns.push(b.clone());
                }
            }
        }
        let mut target = DraftTarget::new(Comparator::GapNarrows, clause);
        target.between = Some(between);
        targets.push(target);
    }
    if regional {
        targets.push(regional_target(clause, ctx));
    }
    let members: Vec<usize> = (0..goal.indicators.len()).collect();
    if members.len() == 1 {
        goal.indicators[0].targets.extend(targets);
        return;
    }
    let names: Vec<String> = goal.indicators.iter().map(|i| i.name.clone()).collect();
    for mut target in targets {
        target.notes.push(
            FormatGap::OneClauseSeveralIndicators
                .written_note(&format!("“{clause}”跟在{}之后，", names.join("、"))),
        );
        goal.shared.push(DraftShared {
            target,
            members: members.clone(),
        });
    }
}

/// `gap_narrows` with `regions`, at the plan's level of region.
fn regional_target(clause: &str, ctx: &Context) -> DraftTarget {
    let mut target = DraftTarget::new(Comparator::GapNarrows, clause);
    target.regions = Some(ctx.regions.to_string());
    target
        .notes
        .push(FormatGap::RegionalGap.written_note(&format!("写作 regions: {}，", ctx.regions)));
    target
}

fn read_clause(orig: &str, norm: &str, sentence_years: &[i32], ctx: &Context) -> Reading {
    // 1. Years.
    let mut years: Vec<i32> = sentence_years.to_vec();
    let mut body = norm.to_string();
    if let Some(m) = YEARS.find(norm) {
        years = YEAR
            .find_iter(m.as_str())
            .filter_map(|y| y.as_str().parse().ok())
            .collect();
        body = format!("{}{}", &norm[..m.start()], &norm[m.end()..]);
        if body
            .trim_matches(|c: char| c == '，' || c.is_whitespace())
            .is_empty()
        {
            return Reading::Years(years);
        }
    }
    let body = body.trim_start_matches('，').to_string();

    // 2. Relative to a base year.
    if let Some(c) = RELATIVE.captures(&body) {
        return relative(orig, &body, &c, &years, ctx);
    }
    // 3. A reference level.
    if let Some(c) = REFERENCE.captures(&body) {
        return reference(orig, &body, &c, &years, ctx);
    }
    // 4. A value after a verb.
    if let Some(reading) = valued(orig, &body, &years, ctx) {
        return reading;
    }
    // 5. A share of subjects: 95%的城市社区…建立…
    if let Some(reading) = share(orig, &body, &years, ctx) {
        return reading;
    }
    // 6. A minimum count.
    if let Some(reading) = count(orig, &body, &years, ctx) {
        return reading;
    }
    // 7. A gap.
    if body.contains("差距") {
        return gap(orig, &body, ctx);
    }
    // 8. A direction.
    if let Some(reading) = directional(orig, &body) {
        return reading;
    }
    // 9. Qualitative.
    if UNIVERSAL.is_match(&body) {
        return Reading::Qualitative(Some(Note::new(
            Confidence::Low,
            "“所有…都…”式的表述可能对应一个比例目标（如“…的比例达到100%”），但原文没有写出数字，未生成目标值：请核对是否设指标",
        )));
    }
    let note = COVERAGE.find(&body).map(|m| {
        Note::new(
            Confidence::Low,
            format!(
                "“{}”可能对应一个100%的目标，但原文没有写出数字，未生成目标值：请核对是否设指标",
                m.as_str()
            ),
        )
    });
    Reading::Qualitative(note)
}

/// Targets for each year named (or one without a year), with years outside the plan
/// period dropped and noted.
fn year_slots(years: &[i32], ctx: &Context) -> (Vec<Option<i32>>, Option<Note>) {
    let inside: Vec<i32> = years
        .iter()
        .copied()
        .filter(|y| (ctx.start_year..=ctx.end_year).contains(y))
        .collect();
    let outside: Vec<String> = years
        .iter()
        .filter(|y| !(ctx.start_year..=ctx.end_year).contains(*y))
        .map(|y| y.to_string())
        .collect();
    let note = (!outside.is_empty()).then(|| {
        Note::new(
            Confidence::Low,
            format!(
                "目标年份 {} 不在规划期 {}—{} 年内，未写入该年份的目标",
                outside.join("、"),
                ctx.start_year,
                ctx.end_year
            ),
        )
    });
    let slots = if years.is_empty() {
        vec![None]
    } else {
        inside
            .into_iter()
            .map(|y| (y != ctx.end_year).then_some(y))
            .collect()
    };
    (slots, note)
}

fn new_indicator(name: &str, unit: Unit) -> DraftIndicator {
    DraftIndicator {
        name: name.to_string(),
        unit,
        breakdowns: Vec::new(),
        targets: Vec::new(),
        notes: Vec::new(),
    }
}

fn relative(orig: &str, body: &str, c: &regex::Captures, years: &[i32], ctx: &Context) -> Reading {
    let m = c.get(0).unwrap();
    let (name, _) = subject_name(&body[..m.start()]);
    if name.is_empty() || !is_statistic(&name) {
        return Reading::Qualitative(Some(Note::new(
            Confidence::Low,
            format!("“{orig}”是相对目标，但未找到指标名称：请补上"),
        )));
    }
    let falling = matches!(&c[2], "下降" | "降低" | "减少");
    let (unit, unit_confidence) = unit_for_name(&name);
    let mut indicator = new_indicator(&name, unit);
    indicator
        .notes
        .extend(unit_note(&name, unit, unit_confidence));
    let (slots, year_note) = year_slots(years, ctx);
    indicator.notes.extend(year_note);
    for year in slots {
        let mut target = DraftTarget::new(
            if falling {
                Comparator::DecreaseBy
            } else {
                Comparator::IncreaseBy
            },
            orig,
        );
        target.value = Some(c[3].to_string());
        target.year = year;
        target.aspirational = body.contains("力争");
        if &c[4] == "个百分点" {
            target.comparator = if falling {
                Comparator::Decrease
            } else {
                Comparator::Increase
            };
            target.value = None;
            target.notes.push(Note::new(
                Confidence::Low,
                format!(
                    "“{}{}个百分点”是按百分点计的变化，现行格式只能写作方向（{}），请核对",
                    &c[2],
                    &c[3],
                    if falling { "decrease" } else { "increase" }
                ),
            ));
        }
        let base = &c[1];
        if base != "基期" && base.parse::<i32>().ok() != Some(ctx.baseline_year) {
            target.notes.push(Note::new(
                Confidence::Low,
                format!(
                    "相对目标的基数年份 {base} 不是规划基期 {}：按基期判断，请核对",
                    ctx.baseline_year
                ),
            ));
        }
        indicator.targets.push(target);
    }
    Reading::Indicators(vec![indicator])
}

fn reference(orig: &str, body: &str, c: &regex::Captures, years: &[i32], ctx: &Context) -> Reading {
    let m = c.get(0).unwrap();
    let (name, _) = subject_name(&body[..m.start()]);
    if name.is_empty() {
        return Reading::Qualitative(Some(Note::new(
            Confidence::Low,
            format!("“{orig}”与参照水平比较，但未找到指标名称：请补上"),
        )));
    }
    let comparator = match &c[1] {
        "高于" => Comparator::Above,
        "低于" => Comparator::Below,
        "不低于" | "达到" => Comparator::AtLeast,
        "不高于" => Comparator::AtMost,
        _ => Comparator::BetterThanReference,
    };
    let place = match &c[2] {
        "省" | "省级" => "全省",
        "国家" => "全国",
        other => other,
    };
    let level = if &c[3] == "水平" {
        "平均水平"
    } else {
        &c[3]
    };
    let (unit, unit_confidence) = unit_for_name(&name);
    let mut indicator = new_indicator(&name, unit);
    indicator
        .notes
        .extend(unit_note(&name, unit, unit_confidence));
    let (slots, year_note) = year_slots(years, ctx);
    indicator.notes.extend(year_note);
    for year in slots {
        let mut target = DraftTarget::new(comparator, orig);
        target.reference = Some(format!("{place}{level}"));
        target.year = year;
        target.notes.push(Note::new(
            Confidence::Medium,
            format!("参照值“{place}{level}”须每年随报表报送（该指标下名为“{place}{level}”的一行）"),
        ));
        indicator.targets.push(target);
    }
    if comparator == Comparator::BetterThanReference && !is_statistic(&name) {
        indicator.notes.push(Note::new(
            Confidence::Low,
            format!("“{name}”不像统计指标名称，请核对"),
        ));
    }
    Reading::Indicators(vec![indicator])
}

/// The level of sub-unit a `以…为单位` names, in the catalog's spelling: `乡(镇、街道)`,
/// `乡镇、街道` and `乡镇（街道）` are all `乡镇（街道）`.
fn sub_unit_level(words: &str) -> String {
    let words: String = words
        .chars()
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    let township = words.contains('乡') || words.contains('镇');
    if township && words.contains("街道") {
        "乡镇（街道）".into()
    } else if township {
        "乡镇".into()
    } else if words.contains('县') {
        "县（市、区）".into()
    } else {
        words
    }
}

/// Form 4: a value chain after a verb.
fn valued(orig: &str, body: &str, years: &[i32], ctx: &Context) -> Option<Reading> {
    let chars: Vec<char> = body.chars().collect();
    let text: String = chars.iter().collect();
    // Find the first verb followed by a value.
    let mut found = None;
    'outer: for start in 0..chars.len() {
        let rest: String = chars[start..].iter().collect();
        let mut verbs: Vec<&str> = VALUE_VERBS
            .iter()
            .copied()
            .filter(|v| rest.starts_with(v))
            .collect();
        verbs.sort_by_key(|v| std::cmp::Reverse(v.len()));
        for verb in verbs {
            let after = start + verb.chars().count();
            if let Some(values) = value_chain(&chars[after..]) {
                found = Some((start, verb, values));
                break 'outer;
            }
        }
    }
    let (start, verb, (values, used)) = found?;
    let region: String = chars[..start].iter().collect();
    let (mut name, adverbs) = subject_name(&region);
    let trailing: String = chars[start + verb.chars().count() + used..]
        .iter()
        .collect();
    let mut clause_notes = Vec::new();
    // `以乡镇（街道）为单位` between the name and the verb is a per-sub-unit condition.
    static PER_UNIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"以([^，。；]{1,12}?)为单位$").unwrap());
    let mut per_unit: Option<(String, String)> = None;
    if let Some(c) = PER_UNIT.captures(&name.clone()) {
        let m = c.get(0).unwrap();
        per_unit = Some((m.as_str().to_string(), sub_unit_level(&c[1])));
        name = name[..m.start()].to_string();
        let (n, _) = subject_name(&name);
        name = n;
    }
    if name.is_empty() {
        return Some(Reading::Qualitative(Some(Note::new(
            Confidence::Low,
            format!("“{orig}”有数值，但未找到指标名称：请补上指标"),
        ))));
    }
    if !is_statistic(&name) {
        clause_notes.push(Note::new(
            Confidence::Low,
            format!("“{name}”不像统计指标名称（没有“率、比例、数”等），请核对指标名称"),
        ));
    }
    let trailing_text = trailing.trim_matches(|c: char| c == '，' || c == '的');
    if !trailing_text.is_empty()
        && !["水平", "目标", "要求", "的水平", "以上水平"].contains(&trailing_text)
    {
        clause_notes.push(Note::new(
            Confidence::Low,
            format!("数值后还有“{trailing_text}”，请核对这一目标的含义"),
        ));
    }
    let aspirational = text[..text.find(verb).unwrap_or(0)].contains("力争")
        || adverbs.contains(&"力争")
        || verb.contains("力争");
    let each = adverbs.contains(&"分别") || text.contains("分别");
    let all = adverbs.contains(&"均") || adverbs.contains(&"都");

    // Subjects.
    let (slots, year_note) = year_slots(years, ctx);
    if slots.is_empty() {
        return Some(Reading::Qualitative(year_note));
    }
    let mut parts = vec![name.clone()];
    let mut completed = false;
    if each || all || values.len() > 1 {
        let split = split_subjects(&name, true);
        let fits = (each && split.len() == values.len())
            || (all && split.len() > 1)
            || (!each && !all && split.len() == values.len() && split.len() > 1);
        if fits {
            let (p, changed) = complete_parts(split);
            parts = p;
            completed = changed;
        }
    }
    // Pair subjects, years and values.
    let mut pairs: Vec<(usize, Option<i32>, usize)> = Vec::new(); // (part, year, value)
    let mut pairing_note = None;
    if parts.len() == values.len() && parts.len() > 1 {
        for (i, _) in parts.iter().enumerate() {
            pairs.push((i, slots[0], i));
        }
        if slots.len() > 1 {
            pairing_note = Some(Note::new(
                Confidence::Low,
                "几个指标、几个年份与数值的对应关系不明确，请核对",
            ));
        }
    } else if parts.len() > 1 && values.len() == 1 {
        for i in 0..parts.len() {
            for &year in &slots {
                pairs.push((i, year, 0));
            }
        }
    } else if parts.len() == 1 && slots.len() == values.len() && values.len() > 1 {
        for (i, &year) in slots.iter().enumerate() {
            pairs.push((0, year, i));
        }
    } else if parts.len() == 1 && values.len() == 1 {
        for &year in &slots {
            pairs.push((0, year, 0));
        }
    } else {
        // Counts that do not line up: keep the first value only.
        for &year in &slots {
            pairs.push((0, year, 0));
        }
        pairing_note = Some(Note::new(
            Confidence::Low,
            format!(
                "“{orig}”中指标、年份与数值个数对不上（{} 个指标、{} 个数值），只写了第一个数值，请核对",
                parts.len(),
                values.len()
            ),
        ));
    }

    let mut indicators: Vec<DraftIndicator> = Vec::new();
    for (part, year, vi) in pairs {
        let value = &values[vi];
        let part_name = parts[part].clone();
        let (comparator, confidence, why) = comparator_of(verb, value.bound);
        let unit = match (value.unit, value.count_word) {
            (Some(Unit::Count(word)), _) if part_name.starts_with("每千") => {
                Unit::PerThousandPeople(word)
            }
            (Some(unit), _) => unit,
            (None, _) => unit_for_name(&part_name).0,
        };
        let index = match indicators.iter().position(|i| i.name == part_name) {
            Some(i) => i,
            None => {
                let mut ind = new_indicator(&part_name, unit);
                if value.unit.is_none() {
                    ind.notes.push(Note::new(
                        Confidence::Low,
                        format!("数值 {} 后没有计量单位，暂作 {unit}，请核对", value.literal),
                    ));
                }
                if let Some(known) = names::lookup(&part_name)
                    && known.unit != unit
                    && unit.rate_scale().is_some() != known.unit.rate_scale().is_some()
                {
                    ind.notes.push(Note::new(
                        Confidence::Low,
                        format!(
                            "“{part_name}”通常以 {} 计，原文写的是 {unit}，请核对",
                            known.unit
                        ),
                    ));
                }
                indicators.push(ind);
                indicators.len() - 1
            }
        };
        let mut target = DraftTarget::new(comparator, orig);
        target.value = Some(value.literal.clone());
        target.year = year;
        target.aspirational = aspirational;
        if let Some(why) = why {
            target.notes.push(Note::new(confidence, why));
        }
        // `以乡镇（街道）为单位达到95%以上`: every township, judged on the lowest.
        if let Some((words, level)) = &per_unit
            && matches!(
                comparator,
                Comparator::AtLeast | Comparator::Above | Comparator::AtMost | Comparator::Below
            )
        {
            target.each = Some(level.clone());
            target.notes.push(
                FormatGap::EverySubUnit.written_note(&format!("“{words}”写作 each: {level}，")),
            );
        }
        if value.points {
            target.comparator = Comparator::Increase;
            target.value = None;
            target.notes.push(Note::new(
                Confidence::Low,
                format!(
                    "“{}个百分点”是变化量，现行格式只能写作方向，请核对",
                    value.literal
                ),
            ));
        }
        indicators[index].targets.push(target);
    }
    let first_notes: Vec<Note> = clause_notes
        .into_iter()
        .chain(year_note)
        .chain(pairing_note)
        .chain(completed.then(|| {
            Note::new(
                Confidence::Medium,
                "指标名称由并列成分补全（如“新生儿、婴儿死亡率”写作“新生儿死亡率”“婴儿死亡率”），请核对",
            )
        }))
        .collect();
    if let Some(first) = indicators.first_mut() {
        first.notes.extend(first_notes);
    }
    Some(Reading::Indicators(indicators))
}

/// Values joined by `、和及与或`, each with its unit and bound; the last value's unit and
/// bound serve those that lack one (`分别控制在9%和4%以下`).
fn value_chain(s: &[char]) -> Option<(Vec<Value>, usize)> {
    let mut values = Vec::new();
    let mut used = 0;
    loop {
        let (value, n) = parse_value(&s[used..])?;
        values.push(value);
        used += n;
        let next = s.get(used);
        if matches!(next, Some('、' | '和' | '及' | '与' | '或'))
            && parse_value(&s[used + 1..]).is_some()
        {
            used += 1;
            continue;
        }
        break;
    }
    // A value needs a unit or a bound to be a target (a bare `1` is a count only with a
    // measure word); an age followed by more words is a population (`3岁以下儿童`).
    let last_unit = values.iter().rev().find_map(|v| v.unit);
    let last_bound = values.iter().rev().find_map(|v| v.bound);
    for v in &mut values {
        if v.unit.is_none() {
            v.unit = last_unit;
        }
        if v.bound.is_none() {
            v.bound = last_bound;
        }
    }
    if values.iter().all(|v| v.unit.is_none() && v.bound.is_none()) {
        return None;
    }
    let next = s.get(used).copied();
    if values.iter().any(|v| v.unit == Some(Unit::Age))
        && next.is_some_and(|c| !matches!(c, '，' | '。' | '；'))
    {
        return None;
    }
    Some((values, used))
}

/// Form 5: `95%的城市社区和85%的农村社区（村）建立家长学校…`, `力争一半以上的领导班子配备女干部`.
fn share(orig: &str, body: &str, years: &[i32], ctx: &Context) -> Option<Reading> {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d+(?:\.\d+)?%|一半)(以上)?的").unwrap());
    static PREDICATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(建立|配备|建有|设立|开展|开通|实现|达到|接受|拥有|具备|参加|纳入|设置|建成|落实|完成)").unwrap()
    });
    let first = ITEM.find(body)?;
    // What stands before the first share: a subject (`全市党政工作部门`) and 力争.
    let lead = &body[..first.start()];
    let aspirational = lead.contains("力争");
    let lead_subject = lead
        .replace("力争", "")
        .replace("确保", "")
        .replace("使", "");
    let (lead_subject, _) = subject_name(&lead_subject);
    if lead_subject.chars().count() > 12 {
        return None;
    }
    let items: Vec<(usize, usize, String)> = ITEM
        .captures_iter(body)
        .map(|c| {
            let m = c.get(0).unwrap();
            let value = c[1].trim_end_matches('%');
            let value = if value == "一半" { "50" } else { value };
            (m.start(), m.end(), value.to_string())
        })
        .collect();
    let last_end = items.last()?.1;
    let tail = &body[last_end..];
    let verb = PREDICATE.find(tail)?;
    let predicate = &tail[verb.start()..];
    let (slots, year_note) = year_slots(years, ctx);
    let mut subjects = Vec::new();
    for (k, (_, end, _)) in items.iter().enumerate() {
        let subject_end = if k + 1 < items.len() {
            items[k + 1].0
        } else {
            last_end + verb.start()
        };
        let subject = body[*end..subject_end]
            .trim_end_matches(['和', '、', '及', '与'])
            .trim_end_matches("……")
            .to_string();
        if subject.is_empty() {
            return None;
        }
        subjects.push(subject);
    }
    // `95%的城市社区、85%的农村社区（村）…`: one share with a target on each breakdown.
    const PLACES: [&str; 3] = ["城市", "城镇", "农村"];
    let places: Vec<(&str, &str)> = subjects
        .iter()
        .filter_map(|s| {
            let place = PLACES.iter().find(|p| s.starts_with(**p))?;
            Some((*place, &s[place.len()..]))
        })
        .collect();
    let distinct = places
        .iter()
        .map(|(p, _)| *p)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if items.len() > 1
        && places.len() == items.len()
        && distinct == items.len()
        && places.iter().all(|(_, rest)| !rest.is_empty())
    {
        let rest = places
            .iter()
            .map(|(_, r)| *r)
            .max_by_key(|r| r.chars().count())
            .unwrap_or_default();
        let name = format!("{predicate}的{lead_subject}{rest}比例");
        let mut indicator = new_indicator(&name, Unit::Percent);
        indicator.breakdowns = places.iter().map(|(p, _)| p.to_string()).collect();
        for ((place, _), (_, _, value)) in places.iter().zip(&items) {
            for &year in &slots {
                let mut target = DraftTarget::new(Comparator::AtLeast, orig);
                target.value = Some(value.clone());
                target.year = year;
                target.aspirational = aspirational;
                target.breakdown = Some(place.to_string());
                indicator.targets.push(target);
            }
        }
        let listed: Vec<String> = places
            .iter()
            .zip(&items)
            .map(|((p, r), (_, _, v))| format!("{v}%的{p}{r}"))
            .collect();
        indicator
            .notes
            .push(FormatGap::OneBreakdown.written_note(&format!(
                "“{}{predicate}”读作比例指标“{name}”按{}分组各自的目标，指标名称是改写的，",
                listed.join("、"),
                indicator.breakdowns.join("、")
            )));
        indicator.notes.extend(year_note);
        return Some(Reading::Indicators(vec![indicator]));
    }
    let mut indicators = Vec::new();
    for ((_, _, value), subject) in items.iter().zip(&subjects) {
        let name = format!("{predicate}的{lead_subject}{subject}比例");
        let mut indicator = new_indicator(&name, Unit::Percent);
        for &year in &slots {
            let mut target = DraftTarget::new(Comparator::AtLeast, orig);
            target.value = Some(value.clone());
            target.year = year;
            target.aspirational = aspirational;
            indicator.targets.push(target);
        }
        indicator.notes.push(Note::new(
            Confidence::Medium,
            format!("“{value}%的{subject}{predicate}”读作比例指标“{name}”不低于{value}%，指标名称是改写的，请核对"),
        ));
        indicators.push(indicator);
    }
    if let Some(first) = indicators.first_mut() {
        first.notes.extend(year_note);
    }
    Some(Reading::Indicators(indicators))
}

/// Form 6: `至少配备1名女干部`, `市、县均有1所…机构`.
fn count(orig: &str, body: &str, years: &[i32], ctx: &Context) -> Option<Reading> {
    let (subject, each, value, word, object) = if let Some(c) = COUNT.captures(body) {
        let m = c.get(0).unwrap();
        (
            body[..m.start()].to_string(),
            c.get(1).is_some(),
            c[2].to_string(),
            c[3].to_string(),
            c[4].to_string(),
        )
    } else if let Some(c) = EACH_HAS.captures(body) {
        (
            c[1].to_string(),
            true,
            c[2].to_string(),
            c[3].to_string(),
            c[4].to_string(),
        )
    } else {
        return None;
    };
    let (subject, _) = subject_name(&subject);
    let object = object
        .trim_matches(|c: char| c == '，' || c == '的')
        .to_string();
    if object.is_empty() && subject.is_empty() {
        return None;
    }
    let noun = if word == "名" || word == "人" {
        "人数"
    } else {
        "数"
    };
    let name = if subject.is_empty() {
        format!("{object}{noun}")
    } else if object.is_empty() {
        format!("{subject}{noun}")
    } else {
        format!("{subject}{object}{noun}")
    };
    let unit =
        Unit::parse(if word == "家" { "个" } else { &word }).unwrap_or(Unit::Count(CountWord::Ge));
    let mut indicator = new_indicator(&name, unit);
    let (slots, year_note) = year_slots(years, ctx);
    indicator.notes.extend(year_note);
    for year in slots {
        let mut target = DraftTarget::new(Comparator::AtLeast, orig);
        target.value = Some(value.clone());
        target.year = year;
        indicator.targets.push(target);
    }
    indicator.notes.push(Note::new(
        Confidence::Medium,
        format!("“至少/均有{value}{word}”读作“{name}”不低于{value}，指标名称是改写的，请核对"),
    ));
    if each {
        indicator.notes.push(FormatGap::EverySubUnit.note());
    }
    Some(Reading::Indicators(vec![indicator]))
}

/// Which two breakdowns a gap word names.
fn gap_breakdowns(words: &str) -> Option<[String; 2]> {
    if words.contains("城乡") {
        Some(["城镇".to_string(), "农村".to_string()])
    } else if words.contains("男女") || words.contains("两性") || words.contains("性别") {
        Some(["女".to_string(), "男".to_string()])
    } else {
        None
    }
}

/// Form 7: `城乡、区域差距缩小`, `两性科学素质水平差距显著缩小`, `缩小两性家务劳动时间差距`.
fn gap(orig: &str, body: &str, ctx: &Context) -> Reading {
    let Some(c) = GAP.captures(body) else {
        return Reading::Qualitative(None);
    };
    let words = c[1].to_string();
    let between = gap_breakdowns(&words);
    let regional = ["区域", "地区", "区县", "县域"]
        .iter()
        .any(|w| words.contains(w));
    let other = ["校际", "群体"].iter().find(|w| words.contains(**w));
    let mut object = words.clone();
    for w in [
        "城乡",
        "区域",
        "地区",
        "男女两性",
        "男女",
        "两性",
        "性别",
        "之间",
        "校际",
        "群体",
        "、",
        "和",
        "的",
    ] {
        object = object.replace(w, "");
    }
    let (object, _) = subject_name(&object);
    let other_note = other.map(|w| {
        Note::new(
            Confidence::Low,
            format!("“{orig}”中的{w}差距不是城乡、男女或区域之间的，未写成目标，请核对"),
        )
    });
    if object.is_empty() {
        if between.is_none() && !regional {
            return Reading::Qualitative(other_note);
        }
        return Reading::Gap { between, regional };
    }
    if between.is_none() && !regional {
        return Reading::Qualitative(Some(other_note.unwrap_or_else(|| {
            Note::new(
                Confidence::Low,
                format!("“{orig}”说的差距不是城乡、男女或区域之间的，未写成目标，请核对"),
            )
        })));
    }
    let (unit, unit_confidence) = unit_for_name(&object);
    let mut indicator = new_indicator(&object, unit);
    indicator
        .notes
        .extend(unit_note(&object, unit, unit_confidence));
    if let Some(between) = between {
        indicator.breakdowns = between.to_vec();
        indicator.notes.push(Note::new(
            Confidence::Medium,
            format!(
                "指标“{object}”取自差距所指的对象，按“{}、{}”两组填报，请核对指标名称",
                between[0], between[1]
            ),
        ));
        let mut target = DraftTarget::new(Comparator::GapNarrows, orig);
        target.between = Some(between);
        indicator.targets.push(target);
    } else {
        indicator.notes.push(Note::new(
            Confidence::Medium,
            format!("指标“{object}”取自差距所指的对象，请核对指标名称"),
        ));
    }
    if regional {
        indicator.targets.push(regional_target(orig, ctx));
    }
    indicator.notes.extend(other_note);
    Reading::Indicators(vec![indicator])
}

/// Form 8: a statistic that should rise, fall or hold.
fn directional(orig: &str, body: &str) -> Option<Reading> {
    // 上升趋势减缓 / 得到有效控制.
    if let Some(c) = TREND.captures(body) {
        let (name, _) = subject_name(&c[1]);
        return Some(direction_reading(
            orig,
            &name,
            Comparator::Decrease,
            "“上升趋势减缓”读作下降（decrease）",
        ));
    }
    // Subject first: 妇女人均预期寿命延长, 乳腺癌人群筛查率逐步提高.
    for (words, comparator) in [
        (STEADY, Comparator::Maintain),
        (RISING, Comparator::Increase),
        (FALLING, Comparator::Decrease),
    ] {
        if let Some((rest, _)) = strip_suffix_word_any(body, words) {
            let mut name = rest.to_string();
            while let Some((r, _)) = strip_suffix_word_any(&name, DIRECTION_ADVERBS) {
                name = r.to_string();
            }
            let (name, _) = subject_name(&name);
            if is_statistic(&name) {
                return Some(direction_reading(orig, &name, comparator, ""));
            }
        }
    }
    // Verb first: 提高妇女就业率, 降低龋患率.
    for (words, comparator) in [
        (RISING, Comparator::Increase),
        (FALLING, Comparator::Decrease),
    ] {
        let mut rest = body;
        while let Some((r, _)) = strip_prefix_word_any(rest, DIRECTION_ADVERBS) {
            rest = r;
        }
        if let Some((name, _)) = strip_prefix_word_any(rest, words) {
            let (name, _) = subject_name(name);
            if is_statistic(&name) {
                return Some(direction_reading(orig, &name, comparator, ""));
            }
        }
    }
    None
}

fn strip_suffix_word_any<'a>(s: &'a str, words: &[&str]) -> Option<(&'a str, usize)> {
    words
        .iter()
        .filter(|w| s.ends_with(**w) && s.len() > w.len())
        .max_by_key(|w| w.len())
        .map(|w| (&s[..s.len() - w.len()], w.len()))
}

fn strip_prefix_word_any<'a>(s: &'a str, words: &[&str]) -> Option<(&'a str, usize)> {
    words
        .iter()
        .filter(|w| s.starts_with(**w) && s.len() > w.len())
        .max_by_key(|w| w.len())
        .map(|w| (&s[w.len()..], w.len()))
}

fn direction_reading(orig: &str, name: &str, comparator: Comparator, why: &str) -> Reading {
    let parts = split_subjects(name, false);
    let (parts, completed) = if parts.len() > 1 {
        complete_parts(parts)
    } else {
        (parts, false)
    };
    if !parts.iter().all(|p| is_statistic(p)) {
        return Reading::Qualitative(Some(Note::new(
            Confidence::Low,
            format!("“{orig}”是方向性表述，但“{name}”不像统计指标：未设指标，请核对"),
        )));
    }
    let indicators = parts
        .iter()
        .map(|part| {
            let (unit, unit_confidence) = unit_for_name(part);
            let mut indicator = new_indicator(part, unit);
            indicator
                .notes
                .extend(unit_note(part, unit, unit_confidence));
            let mut target = DraftTarget::new(comparator, orig);
            if !why.is_empty() {
                target.notes.push(Note::new(Confidence::Medium, why));
            }
            indicator.targets.push(target);
            if completed {
                indicator.notes.push(Note::new(
                    Confidence::Medium,
                    "指标名称由并列成分补全，请核对",
                ));
            }
            indicator
        })
        .collect();
    Reading::Indicators(indicators)
}

#[cfg(test)]
mod tests;
