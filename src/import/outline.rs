//! The plan's frame in its clean lines: which plans the file holds, each one's title,
//! locality, period, issuer and document number, the evaluations its 监测评估 names, its
//! domains with their lead and responsible units, and each domain's numbered 主要目标.
//!
//! A plan is found by its domains: headings such as `（一）妇女与健康` followed by a
//! `主要目标` line. Domains of one subject in sequence make one plan; its title is the
//! nearest title line above the first domain. The goals of a domain are the numbered
//! items between `主要目标` and `策略措施` (or the next heading), so measures are never
//! taken for goals.

use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::Subject;

use super::clause::{Confidence, Note};
use super::text::Source;

/// A plan found in the text, before its goals are parsed.
#[derive(Debug, Clone)]
pub struct PlanOutline {
    pub title: String,
    pub locality: String,
    pub subject: Subject,
    pub start_year: i32,
    pub end_year: i32,
    pub baseline_year: i32,
    /// The body that issued the document (`株洲市人民政府妇女儿童工作委员会`).
    pub issuing_body: Option<String>,
    pub document: Option<String>,
    pub midterm: Option<i32>,
    pub final_year: Option<i32>,
    /// The 监测评估 sentence the evaluations were read from.
    pub evaluation_sentence: Option<String>,
    pub domains: Vec<DomainOutline>,
    /// The plan's text before its first domain (preface), for stated baselines.
    pub preface: Vec<String>,
    pub notes: Vec<Note>,
}

/// A domain with its goals' texts.
#[derive(Debug, Clone)]
pub struct DomainOutline {
    pub name: String,
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub goals: Vec<GoalOutline>,
    pub notes: Vec<Note>,
}

/// One numbered goal, its text verbatim (line breaks and inserted spaces removed).
#[derive(Debug, Clone)]
pub struct GoalOutline {
    pub number: u32,
    pub text: String,
    /// Units a trailing `（责任单位：…）` names.
    pub lead: Vec<String>,
    pub responsible: Vec<String>,
    pub notes: Vec<Note>,
}

const CN_DIGITS: &str = "一二三四五六七八九十";

static DOMAIN_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]\s*([一二三四五六七八九十]+)\s*[）)]|([一二三四五六七八九十]+)\s*[、.．])\s*((?:妇女|儿童)[^（(：:。，]{1,14}?)\s*(?:[（(](.*)[）)]?)?\s*$").unwrap()
});
static GOALS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]?\s*[0-9０-９一二三四五六七八九十]+\s*[）)]?\s*[.．、]?\s*)?主要目标\s*[：:]?\s*(.*)$").unwrap()
});
static MEASURES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[（(]?\s*[0-9０-９一二三四五六七八九十]+\s*[）)]?\s*[.．、]?\s*)?(?:策略措施|主要措施|具体措施)\s*[：:]?").unwrap()
});
static TOP_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+\s*、").unwrap());
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{2,20}?)(妇女|儿童)发展规划\s*(?:[（(]\s*(20\d{2})\s*[-—–－~至]+\s*(20\d{2})\s*年?\s*[）)])?$").unwrap()
});
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*(20\d{2})\s*[-—–－~至]+\s*(20\d{2})\s*年?\s*[）)]$").unwrap()
});
static ANY_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(20\d{2})\s*[-—–－~至]+\s*(20\d{2})\s*年").unwrap());
static DOCUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{Han}]{1,12}[〔\[［(（]\s*20\d{2}\s*[〕\]］)）]\s*\d+\s*号").unwrap()
});
static BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(.{2,30}?(?:人民政府|委员会|办公室|办公厅|工委|人民政府妇女儿童工作委员会))(?:文件)?$",
    )
    .unwrap()
});

/// The marker styles a goal list is numbered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `1.` `1、` `1．` `１.`
    Arabic,
    /// `（1）` `(1)`
    Parenthesized,
    /// `①`
    Circled,
    /// `（一）`
    ChineseParenthesized,
    /// `一、`
    Chinese,
}

/// Finds every plan in the text.
pub fn plans(source: &Source) -> Vec<PlanOutline> {
    let lines = &source.lines;
    let headings: Vec<(usize, Subject, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let c = DOMAIN_HEADING.captures(line)?;
            let name = c[3].trim();
            if !(name.contains('与') || name.contains("参与")) {
                return None;
            }
            // A domain has a 主要目标 list within the next few lines.
            let has_goals = lines[i + 1..]
                .iter()
                .take(4)
                .any(|l| GOALS_HEADING.is_match(l));
            if !has_goals {
                return None;
            }
            let numeral = c.get(1).or(c.get(2)).map(|m| m.as_str()).unwrap_or("");
            let subject = if name.starts_with("妇女") {
                Subject::Women
            } else {
                Subject::Children
            };
            Some((i, subject, chinese_value(numeral)))
        })
        .collect();
    // Group: a new plan starts when the subject changes or the numbering restarts.
    let mut groups: Vec<Vec<(usize, Subject, u32)>> = Vec::new();
    for h in headings {
        let new = match groups.last().and_then(|g| g.last()) {
            Some(last) => last.1 != h.1 || h.2 <= last.2,
            None => true,
        };
        if new {
            groups.push(vec![h]);
        } else if let Some(g) = groups.last_mut() {
            g.push(h);
        }
    }
    let document = source
        .meta
        .get("发文字号")
        .or_else(|| source.meta.get("文号"))
        .cloned()
        .or_else(|| {
            lines
                .iter()
                .take(40)
                .find_map(|l| DOCUMENT.find(l).map(|m| compact(m.as_str())))
        });
    let issuing_body = source
        .meta
        .get("发文机关")
        .cloned()
        .or_else(|| issuing_body(lines));
    let starts: Vec<usize> = groups.iter().map(|g| g[0].0).collect();
    let mut plans = Vec::new();
    let mut previous_end = 0;
    for (k, group) in groups.iter().enumerate() {
        let first = group[0].0;
        let subject = group[0].1;
        let (title_line, title) = find_title(lines, previous_end, first, subject);
        let plan_start = title_line.unwrap_or(first);
        let next_start = starts.get(k + 1).copied().unwrap_or(lines.len());
        // The next plan's title sits above its first domain.
        let plan_end = if k + 1 < groups.len() {
            find_title(lines, first, next_start, groups[k + 1][0].1)
                .0
                .unwrap_or(next_start)
        } else {
            lines.len()
        };
        let mut notes = Vec::new();
        let (locality, mut start_year, mut end_year) = title.clone();
        if start_year == 0 {
            // The period from the notice's title or anywhere in the plan.
            if let Some((s, e)) = lines[..plan_end].iter().find_map(|l| {
                ANY_PERIOD
                    .captures(l)
                    .and_then(|c| Some((c[1].parse().ok()?, c[2].parse().ok()?)))
            }) {
                start_year = s;
                end_year = e;
            } else {
                notes.push(Note::new(
                    Confidence::Low,
                    "未找到规划期（如“2021—2025年”），暂作 2021—2025 年，请核对",
                ));
                start_year = 2021;
                end_year = 2025;
            }
        }
        let locality = if locality.is_empty() {
            notes.push(Note::new(
                Confidence::Low,
                "未从标题中找到地区名称，请填写 locality",
            ));
            "待定地区".to_string()
        } else {
            locality
        };
        let title_text = format!(
            "{locality}{}发展规划（{start_year}—{end_year}年）",
            subject.label()
        );
        let domains: Vec<DomainOutline> = group
            .iter()
            .enumerate()
            .map(|(j, &(line, _, _))| {
                let end = group.get(j + 1).map(|g| g.0).unwrap_or(plan_end);
                domain(lines, line, end)
            })
            .collect();
        let last_domain_end = group.last().map(|g| g.0).unwrap_or(first);
        let (midterm, final_year, sentence, eval_notes) =
            evaluations(&lines[last_domain_end..plan_end], start_year, end_year);
        notes.extend(eval_notes);
        let baseline_year =
            stated_baseline_year(&lines[plan_start..plan_end]).unwrap_or(start_year - 1);
        plans.push(PlanOutline {
            title: title_text,
            locality,
            subject,
            start_year,
            end_year,
            baseline_year,
            issuing_body: issuing_body.clone(),
            document: document.clone(),
            midterm,
            final_year,
            evaluation_sentence: sentence,
            domains,
            preface: lines[plan_start..first].to_vec(),
            notes,
        });
        previous_end = plan_end;
    }
    plans
}

/// The value of a Chinese numeral up to 99.
pub fn chinese_value(s: &str) -> u32 {
    let digit = |c: char| CN_DIGITS.find(c).map(|i| (i / 3) as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => 0,
        ['十'] => 10,
        ['十', d] => 10 + digit(*d).unwrap_or(0),
        [d, '十'] => digit(*d).unwrap_or(0) * 10,
        [a, '十', b] => digit(*a).unwrap_or(0) * 10 + digit(*b).unwrap_or(0),
        [d] => digit(*d).unwrap_or(0),
        _ => 0,
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The issuing body of the notice: a `…文件` header, else the first line that names a
/// government body before `关于印发`.
fn issuing_body(lines: &[String]) -> Option<String> {
    let head: Vec<&String> = lines
        .iter()
        .take_while(|l| !l.contains("关于印发") && !l.contains("关于转发"))
        .take(12)
        .collect();
    let body = head.iter().find_map(|l| {
        let c = compact(l);
        BODY.captures(&c).map(|m| m[1].to_string())
    });
    if body.is_some() {
        return body;
    }
    // `常宁市人民政府办公室关于印发…` on one line.
    lines.iter().take(20).find_map(|l| {
        let c = compact(l);
        let pos = c.find("关于印发")?;
        let before = &c[..pos];
        BODY.captures(before).map(|m| m[1].to_string())
    })
}

/// The title line above a plan's first domain: (line index, (locality, start, end)).
fn find_title(
    lines: &[String],
    from: usize,
    to: usize,
    subject: Subject,
) -> (Option<usize>, (String, i32, i32)) {
    let word = format!("{}发展规划", subject.label());
    for i in (from..to).rev() {
        let line = compact(&lines[i]);
        if line.chars().count() > 40
            || line.contains('《')
            || line.contains('，')
            || line.contains('。')
            || line.starts_with("关于")
            || !line.contains(&word)
        {
            continue;
        }
        let mut text = line.clone();
        // `(2021-2025 年)` on the next line.
        if let Some(next) = lines.get(i + 1).map(|l| compact(l))
            && PERIOD.is_match(&next)
        {
            text.push_str(&next);
        }
        if let Some(c) = TITLE.captures(&text) {
            let locality = c[1].trim_end_matches(['：', ':']).to_string();
            let (start, end) = match (c.get(3), c.get(4)) {
                (Some(s), Some(e)) => (
                    s.as_str().parse().unwrap_or(0),
                    e.as_str().parse().unwrap_or(0),
                ),
                _ => (0, 0),
            };
            return (Some(i), (locality, start, end));
        }
    }
    (None, (String::new(), 0, 0))
}

/// `以2020年为基期` stated in the plan; else the year before the period.
fn stated_baseline_year(lines: &[String]) -> Option<i32> {
    static BASE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"以(20\d{2})年为基期").unwrap());
    lines
        .iter()
        .find_map(|l| BASE.captures(l).and_then(|c| c[1].parse().ok()))
}

/// The evaluations the 监测评估 section names: (midterm, final, sentence, notes).
fn evaluations(
    lines: &[String],
    start: i32,
    end: i32,
) -> (Option<i32>, Option<i32>, Option<String>, Vec<Note>) {
    let from = lines
        .iter()
        .position(|l| l.contains("监测评估") && TOP_HEADING.is_match(l))
        .unwrap_or(0);
    let text: String = lines[from..].join("\n");
    let sentence = text
        .split(['。', '；', '\n'])
        .find(|s| s.contains("年度监测") || s.contains("中期评估") || s.contains("终期评估"))
        .map(|s| {
            // From the clause that names the evaluations.
            let s = s.trim();
            match s.rfind(['：', '）']) {
                Some(i) if i + 3 < s.len() => s[i + 3..].to_string(),
                _ => s.to_string(),
            }
        });
    let mut notes = Vec::new();
    let Some(sentence) = sentence else {
        notes.push(Note::new(
            Confidence::Low,
            "未在“监测评估”部分找到年度监测、中期评估或终期评估的说法：评估年份请按规划填写",
        ));
        return (None, Some(end), None, notes);
    };
    static MID_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(20\d{2})年[^。；，]{0,8}?中期评估|中期评估[^。；，]{0,8}?(20\d{2})年")
            .unwrap()
    });
    static FINAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(20\d{2})年[^。；，]{0,8}?终期评估|终期评估[^。；，]{0,8}?(20\d{2})年")
            .unwrap()
    });
    let year_of = |re: &Regex| {
        re.captures(&text).and_then(|c| {
            c.get(1)
                .or(c.get(2))
                .and_then(|m| m.as_str().parse::<i32>().ok())
        })
    };
    let midterm = if sentence.contains("中期评估") || text.contains("进行中期评估") {
        Some(match year_of(&MID_YEAR) {
            Some(y) => y,
            None => {
                let y = start + (end - start) / 2;
                notes.push(Note::new(
                    Confidence::Medium,
                    format!("规划写了“中期评估”但未写年份，取规划期中间的 {y} 年，请核对"),
                ));
                y
            }
        })
    } else {
        None
    };
    let final_year = if sentence.contains("终期评估") {
        Some(year_of(&FINAL_YEAR).unwrap_or(end))
    } else {
        None
    };
    (midterm, final_year, Some(sentence), notes)
}

/// Units in `牵头单位：A、B。责任单位：C、D` (either may be missing).
pub fn unit_lists(text: &str) -> (Vec<String>, Vec<String>) {
    static LEAD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"牵头(?:单位|部门)\s*[：:]\s*([^。；;）)]+)").unwrap());
    static RESPONSIBLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:责任|配合|参与)(?:单位|部门)\s*[：:]\s*([^。；;）)]+)").unwrap()
    });
    let split = |re: &Regex| -> Vec<String> {
        re.captures(text)
            .map(|c| {
                c[1].split(['、', '，', ',', ' '])
                    .map(|s| s.trim().trim_end_matches("等").to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    (split(&LEAD), split(&RESPONSIBLE))
}

fn domain(lines: &[String], heading: usize, end: usize) -> DomainOutline {
    let c = DOMAIN_HEADING
        .captures(&lines[heading])
        .expect("a domain heading");
    let name = compact(c[3].trim());
    let mut units_text = c.get(4).map(|m| m.as_str().to_string()).unwrap_or_default();
    // The units may be on the line after the heading.
    if let Some(next) = lines.get(heading + 1)
        && (next.contains("牵头单位") || next.contains("责任单位"))
    {
        units_text.push_str(next);
    }
    let (lead, responsible) = unit_lists(&units_text);
    let mut notes = Vec::new();
    let body = &lines[heading + 1..end];
    let goals_at = body.iter().position(|l| GOALS_HEADING.is_match(l));
    let mut block: Vec<String> = Vec::new();
    if let Some(at) = goals_at {
        if let Some(rest) = GOALS_HEADING
            .captures(&body[at])
            .map(|c| c[1].trim().to_string())
            && !rest.is_empty()
        {
            block.push(rest);
        }
        for line in &body[at + 1..] {
            if MEASURES_HEADING.is_match(line)
                || TOP_HEADING.is_match(line)
                || DOMAIN_HEADING.is_match(line)
            {
                break;
            }
            block.push(line.clone());
        }
    } else {
        notes.push(Note::new(
            Confidence::Low,
            format!("领域“{name}”中没有找到“主要目标”"),
        ));
    }
    let goals = goal_items(&block);
    if goals.is_empty() && goals_at.is_some() {
        notes.push(Note::new(
            Confidence::Low,
            format!("领域“{name}”的“主要目标”下没有找到目标"),
        ));
    }
    DomainOutline {
        name,
        lead,
        responsible,
        goals,
        notes,
    }
}

/// The marker at the start of `s`: its style, number, and the length it takes.
fn marker(s: &str) -> Option<(Style, u32, usize)> {
    static ARABIC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[-•·*]?\s*([0-9０-９]{1,2})\s*[.．、](?:\s*)").unwrap());
    static PAREN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[-•·*]?\s*[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*").unwrap());
    static CN_PAREN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[-•·*]?\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*").unwrap()
    });
    static CN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[-•·*]?\s*([一二三四五六七八九十]{1,3})\s*、\s*").unwrap());
    let digits = |t: &str| -> u32 {
        t.chars()
            .map(|c| match c {
                '０'..='９' => (c as u32 - '０' as u32) as u8,
                _ => (c as u32 - '0' as u32) as u8,
            })
            .fold(0u32, |n, d| n * 10 + d as u32)
    };
    if let Some(c) = ARABIC.captures(s) {
        return Some((Style::Arabic, digits(&c[1]), c[0].len()));
    }
    if let Some(c) = PAREN.captures(s) {
        return Some((Style::Parenthesized, digits(&c[1]), c[0].len()));
    }
    if let Some(c) = CN_PAREN.captures(s) {
        return Some((
            Style::ChineseParenthesized,
            chinese_value(&c[1]),
            c[0].len(),
        ));
    }
    if let Some(c) = CN.captures(s) {
        return Some((Style::Chinese, chinese_value(&c[1]), c[0].len()));
    }
    let first = s.chars().next()?;
    if ('①'..='⑳').contains(&first) {
        return Some((
            Style::Circled,
            first as u32 - '①' as u32 + 1,
            first.len_utf8(),
        ));
    }
    None
}

/// Removes whitespace the layout inserted: any whitespace next to a non-ASCII character;
/// between two ASCII characters one space is kept.
pub fn clean_text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            let before = out.chars().last();
            let after = chars.get(j).copied();
            if let (Some(b), Some(a)) = (before, after)
                && b.is_ascii_alphanumeric()
                && a.is_ascii_alphanumeric()
            {
                out.push(' ');
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The numbered items of a goal list. Lines without the list's marker continue the item
/// before them (a goal wrapped across lines or pages); a marker counts only with the next
/// number in sequence, so `3.5岁以下儿童死亡率…` after goal 2 is goal 3 and a wrapped
/// `3.0‰以下` is not a new goal. Without any marker, `一是…二是…` items or one goal per
/// paragraph.
fn goal_items(block: &[String]) -> Vec<GoalOutline> {
    let style = block
        .iter()
        .find_map(|l| marker(l).filter(|m| m.1 == 1).map(|m| m.0));
    let mut items: Vec<(u32, String)> = Vec::new();
    match style {
        Some(style) => {
            for line in block {
                let next = items.last().map_or(1, |i| i.0 + 1);
                let ends_sentence = items
                    .last()
                    .map(|(_, t)| t.trim_end().ends_with(['。', '；', ';', '！', '？']))
                    .unwrap_or(true);
                match marker(line) {
                    Some((s, n, len)) if s == style && n == next => {
                        let rest = &line[len..];
                        // `3.0‰以下` continuing an unfinished sentence is not goal 3.
                        if !ends_sentence
                            && rest.starts_with(|c: char| c.is_ascii_digit())
                            && s == Style::Arabic
                        {
                            push_continuation(&mut items, line);
                        } else {
                            items.push((n, rest.to_string()));
                        }
                    }
                    _ => push_continuation(&mut items, line),
                }
            }
            // Items run together on one line: `…。2.…`.
            items = split_inline(items, style);
        }
        None => {
            let joined = block.join("");
            static IS: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"[一二三四五六七八九十]+是").unwrap());
            if joined.starts_with("一是") {
                let mut n = 0;
                let mut last = 0;
                let mut parts = Vec::new();
                for m in IS.find_iter(&joined) {
                    let value = chinese_value(m.as_str().trim_end_matches('是'));
                    if value == n + 1
                        && (m.start() == 0
                            || joined[..m.start()].ends_with(['；', '。', '，', ';']))
                    {
                        if n > 0 {
                            parts.push((n, joined[last..m.start()].to_string()));
                        }
                        n = value;
                        last = m.end();
                    }
                }
                if n > 0 {
                    parts.push((n, joined[last..].to_string()));
                }
                items = parts;
            } else {
                items = block
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i as u32 + 1, l.clone()))
                    .collect();
            }
        }
    }
    items
        .into_iter()
        .map(|(number, text)| {
            let mut text = clean_text(&text);
            let mut notes = Vec::new();
            let (mut lead, mut responsible) = (Vec::new(), Vec::new());
            // A trailing `（责任单位：…）` is not part of the goal.
            static UNITS: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"[（(]\s*(?:牵头|责任|配合)(?:单位|部门)[：:][^）)]*[）)]\s*$").unwrap()
            });
            if let Some(m) = UNITS.find(&text.clone()) {
                let (l, r) = unit_lists(m.as_str());
                lead = l;
                responsible = r;
                text = text[..m.start()].trim_end().to_string();
            }
            // Strip separators an item text may end with.
            let text = text.trim_end_matches(['；', ';']).to_string();
            if text.is_empty() {
                notes.push(Note::new(Confidence::Low, "目标文字为空，请核对"));
            }
            GoalOutline {
                number,
                text,
                lead,
                responsible,
                notes,
            }
        })
        .collect()
}

/// Appends a line to the last item; text before the first marker is an introduction, not
/// a goal, and is dropped.
fn push_continuation(items: &mut [(u32, String)], line: &str) {
    if let Some((_, text)) = items.last_mut() {
        text.push_str(line);
    }
}

fn split_inline(items: Vec<(u32, String)>, style: Style) -> Vec<(u32, String)> {
    let mut out: Vec<(u32, String)> = Vec::new();
    for (n, text) in items {
        let mut current_n = out
            .last()
            .map_or(n, |l: &(u32, String)| l.0.max(n - 1) + 1)
            .max(n);
        let mut rest = text.as_str();
        let mut pieces = Vec::new();
        loop {
            let next = current_n + 1;
            let found = rest.char_indices().find(|&(i, c)| {
                i > 0
                    && matches!(rest[..i].chars().last(), Some('。' | '；' | ';'))
                    && (c.is_ascii_digit() || c == '（' || c == '(' || ('①'..='⑳').contains(&c))
                    && marker(&rest[i..]).is_some_and(|(s, m, _)| s == style && m == next)
            });
            match found {
                Some((i, _)) => {
                    pieces.push((current_n, rest[..i].to_string()));
                    let (_, _, len) = marker(&rest[i..]).unwrap();
                    rest = &rest[i + len..];
                    current_n = next;
                }
                None => {
                    pieces.push((current_n, rest.to_string()));
                    break;
                }
            }
        }
        out.extend(pieces);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn wrapped_goals_are_joined_and_decimals_are_not_markers() {
        let block = lines(
            "- 2.儿童健康素养水平提升。\n- 3.5岁以下儿童死亡率、婴儿死亡率和新生儿死亡率分别控制在6‰、5‰和\n3.0‰以下。\n4.企业董事会、监事会成员及管理层中的女性比例逐步\n提高。",
        );
        let mut with_first = vec!["1.覆盖全市的儿童健康服务体系更加完善。".to_string()];
        with_first.extend(block);
        let goals = goal_items(&with_first);
        let texts: Vec<(u32, &str)> = goals.iter().map(|g| (g.number, g.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (1, "覆盖全市的儿童健康服务体系更加完善。"),
                (2, "儿童健康素养水平提升。"),
                (
                    3,
                    "5岁以下儿童死亡率、婴儿死亡率和新生儿死亡率分别控制在6‰、5‰和3.0‰以下。"
                ),
                (4, "企业董事会、监事会成员及管理层中的女性比例逐步提高。"),
            ]
        );
    }

    #[test]
    fn numbering_styles() {
        for block in [
            "(1) 甲目标。\n(2) 乙目标。",
            "（1）甲目标。\n（2）乙目标。",
            "１．甲目标。\n２．乙目标。",
            "1、甲目标。\n2、乙目标。",
            "①甲目标。\n②乙目标。",
            "一是甲目标。二是乙目标。",
            "1.甲目标。2.乙目标。",
        ] {
            let goals = goal_items(&lines(block));
            let texts: Vec<(u32, &str)> =
                goals.iter().map(|g| (g.number, g.text.as_str())).collect();
            assert_eq!(texts, vec![(1, "甲目标。"), (2, "乙目标。")], "{block}");
        }
    }

    #[test]
    fn inserted_spaces_are_removed() {
        assert_eq!(clean_text("控制在 12/10 万以下"), "控制在12/10万以下");
        assert_eq!(clean_text("COVID 19 疫苗"), "COVID 19疫苗");
    }

    #[test]
    fn unit_lists_are_read() {
        let (lead, responsible) =
            unit_lists("牵头单位：市公安局、市教育局。责任单位：市委宣传部、市民政局");
        assert_eq!(lead, vec!["市公安局", "市教育局"]);
        assert_eq!(responsible, vec!["市委宣传部", "市民政局"]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_value("一"), 1);
        assert_eq!(chinese_value("十"), 10);
        assert_eq!(chinese_value("十二"), 12);
        assert_eq!(chinese_value("二十三"), 23);
    }
}
