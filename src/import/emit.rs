//! The draft as catalog YAML, written by hand so that every uncertain reading carries a
//! `# 待核实：…` comment next to the line it concerns. Strings are always double-quoted.

use std::fmt::Write;

use crate::catalog::{Comparator, Subject};

use super::clause::{Confidence, DraftTarget, Note};
use super::{DraftPlan, Summary, Uncertain};

/// A string as a double-quoted YAML scalar.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// One comment line; a comment never breaks the YAML (no line breaks inside).
fn comment(out: &mut String, indent: usize, text: &str) {
    let text = text.replace(['\n', '\r'], " ");
    let _ = writeln!(out, "{:indent$}# {text}", "");
}

struct Collector<'a> {
    summary: &'a mut Summary,
    domain: Option<usize>,
    domain_name: String,
    goal: Option<u32>,
}

impl Collector<'_> {
    fn check(&mut self, out: &mut String, indent: usize, note: &Note) {
        comment(
            out,
            indent,
            &format!("待核实：{}（把握：{}）", note.text, note.confidence.label()),
        );
        self.summary.uncertain.push(Uncertain {
            domain: self.domain,
            domain_name: self.domain_name.clone(),
            goal: self.goal,
            confidence: note.confidence,
            text: note.text.clone(),
        });
    }

    /// A unit the plan did not name: commented, counted apart from parse readings.
    fn unit(&mut self, out: &mut String, indent: usize, text: &str) {
        comment(out, indent, &format!("待核实：{text}"));
        self.summary.unnamed_units += 1;
    }
}

/// One target, as an item of an indicator's `targets` or, with the ids it lists, of the
/// goal's `shared_targets` (two spaces less deep). Counted in the summary once per
/// indicator it is judged for.
fn write_target(
    body: &mut String,
    c: &mut Collector<'_>,
    t: &DraftTarget,
    shared: Option<&[String]>,
) {
    let (item, key) = if shared.is_some() { (10, 12) } else { (14, 16) };
    let count = shared.map_or(1, |ids| ids.len());
    c.summary.targets += count;
    if t.value.is_some() {
        c.summary.numeric_targets += count;
    }
    for note in &t.notes {
        c.check(body, item, note);
    }
    let _ = writeln!(body, "{:item$}- comparator: {}", "", t.comparator.key());
    let mut line = |k: &str, v: String| {
        let _ = writeln!(body, "{:key$}{k}: {v}", "");
    };
    if let Some(ids) = shared {
        line("indicators", format!("[{}]", ids.join(", ")));
    }
    if let Some(v) = &t.value
        && t.comparator.keys().contains(&"value")
    {
        line("value", v.clone());
    }
    if t.comparator == Comparator::GapNarrows {
        match (&t.between, &t.regions) {
            (_, Some(regions)) => line("regions", quote(regions)),
            (Some(between), None) => line("between", list(between)),
            (None, None) => {}
        }
    }
    if let Some(reference) = &t.reference {
        line("reference", quote(reference));
    }
    if let Some(breakdown) = &t.breakdown {
        line("breakdown", quote(breakdown));
    }
    if let Some(each) = &t.each {
        line("each", quote(each));
    }
    if let Some(y) = t.year {
        line("year", y.to_string());
    }
    if t.aspirational {
        line("aspirational", "true".into());
    }
    line("clause", quote(&t.clause));
}

/// The catalog text of a draft and its summary.
pub fn catalog_text(plan: &DraftPlan, source_name: &str) -> (String, Summary) {
    let o = &plan.outline;
    let mut summary = Summary {
        title: o.title.clone(),
        domains: plan.domains.len(),
        ..Summary::default()
    };
    let mut out = String::new();
    let mut body = String::new();
    {
        let mut c = Collector {
            summary: &mut summary,
            domain: None,
            domain_name: "规划".to_string(),
            goal: None,
        };
        // plan:
        body.push_str("plan:\n");
        for note in &o.notes {
            c.check(&mut body, 2, note);
        }
        let _ = writeln!(body, "  title: {}", quote(&o.title));
        let _ = writeln!(body, "  locality: {}", quote(&o.locality));
        let _ = writeln!(
            body,
            "  subject: {}",
            match o.subject {
                Subject::Women => "women",
                Subject::Children => "children",
            }
        );
        let _ = writeln!(body, "  start_year: {}", o.start_year);
        let _ = writeln!(body, "  end_year: {}", o.end_year);
        let _ = writeln!(
            body,
            "  baseline_year: {}{}",
            o.baseline_year,
            if o.baseline_year == o.start_year - 1 {
                "   # 规划起始年的上一年"
            } else {
                ""
            }
        );
        match &o.issuing_body {
            Some(issuer) if issuer.contains("妇女儿童工作委员会") => {
                let _ = writeln!(body, "  issuer: {}", quote(issuer));
            }
            Some(issuer) => {
                comment(
                    &mut body,
                    2,
                    &format!(
                        "发文机关为“{issuer}”；报告封面落款缺省为“{}人民政府妇女儿童工作委员会”，需要时写 issuer",
                        o.locality
                    ),
                );
            }
            None => {}
        }
        if let Some(document) = &o.document {
            let _ = writeln!(body, "  document: {}", quote(document));
        }
        if o.midterm.is_some() || o.final_year.is_some() {
            if let Some(sentence) = &o.evaluation_sentence {
                comment(&mut body, 2, &format!("监测评估：{sentence}"));
            }
            body.push_str("  evaluations:\n");
            if let Some(y) = o.midterm {
                let _ = writeln!(body, "    midterm: {y}");
            }
            if let Some(y) = o.final_year {
                let _ = writeln!(body, "    final: {y}");
            }
        }
        body.push('\n');

        // units:
        body.push_str("units:\n");
        if plan.units.is_empty() {
            body.push_str("  []\n");
        }
        for (name, aliases) in &plan.units {
            if name == super::PLACEHOLDER_UNIT {
                comment(
                    &mut body,
                    2,
                    "待核实：规划未写明的填报、责任单位暂记为“待定单位”；请在此列出成员单位，并替换下文各处的“待定单位”",
                );
            }
            let _ = writeln!(body, "  - name: {}", quote(name));
            if !aliases.is_empty() {
                let _ = writeln!(body, "    aliases: {}", list(aliases));
            }
        }
        body.push('\n');

        // domains:
        body.push_str("domains:\n");
        for (di, d) in plan.domains.iter().enumerate() {
            c.domain = Some(di);
            c.domain_name = d.name.clone();
            c.goal = None;
            for note in &d.notes {
                c.check(&mut body, 2, note);
            }
            let _ = writeln!(body, "  - id: {}", d.id);
            let _ = writeln!(body, "    name: {}", quote(&d.name));
            if !d.lead.is_empty() {
                let _ = writeln!(body, "    lead: {}", list(&d.lead));
            }
            if !d.responsible.is_empty() {
                let _ = writeln!(body, "    responsible: {}", list(&d.responsible));
            }
            body.push_str("    goals:\n");
            for g in &d.goals {
                c.goal = Some(g.number);
                c.summary.goals += 1;
                for note in g.notes.iter().chain(&g.parsed.notes) {
                    c.check(&mut body, 6, note);
                }
                let _ = writeln!(body, "      - number: {}", g.number);
                let _ = writeln!(body, "        text: {}", quote(&g.text));
                if !g.responsible.is_empty() {
                    if let Some(why) = &g.responsible_note {
                        c.unit(&mut body, 8, why);
                    }
                    let _ = writeln!(body, "        responsible: {}", list(&g.responsible));
                }
                if g.parsed.indicators.is_empty() {
                    c.summary.qualitative_goals += 1;
                    continue;
                }
                if !g.parsed.qualitative.is_empty() {
                    let _ = writeln!(body, "        qualitative: {}", list(&g.parsed.qualitative));
                }
                body.push_str("        indicators:\n");
                for (indicator, placed) in g.parsed.indicators.iter().zip(&g.placed) {
                    for note in indicator.notes.iter().chain(&placed.notes) {
                        c.check(&mut body, 10, note);
                    }
                    if let Some(of) = &placed.same_as {
                        // A repeat: its definition is the other goal's indicator.
                        let _ = writeln!(body, "          - same_as: {of}");
                        if !indicator.targets.is_empty() {
                            body.push_str("            targets:\n");
                        }
                        for t in &indicator.targets {
                            write_target(&mut body, &mut c, t, None);
                        }
                        continue;
                    }
                    c.summary.indicators += 1;
                    let _ = writeln!(body, "          - id: {}", placed.id);
                    let _ = writeln!(body, "            name: {}", quote(&indicator.name));
                    let _ = writeln!(
                        body,
                        "            unit: {}",
                        quote(&indicator.unit.symbol())
                    );
                    if let Some(why) = &placed.reporter_note {
                        c.unit(&mut body, 12, why);
                    }
                    let _ = writeln!(body, "            reporter: {}", quote(&placed.reporter));
                    if !indicator.breakdowns.is_empty() {
                        let _ = writeln!(
                            body,
                            "            breakdowns: {}",
                            list(&indicator.breakdowns)
                        );
                    }
                    if let Some((value, source)) = &placed.baseline {
                        c.check(
                            &mut body,
                            12,
                            &Note {
                                text: format!("基期数据取自规划序言“{source}”"),
                                confidence: Confidence::Medium,
                            },
                        );
                        let _ = writeln!(body, "            baseline:");
                        let _ = writeln!(body, "              value: {value}");
                        let _ = writeln!(body, "              source: 规划序言");
                    }
                    if indicator.targets.is_empty() {
                        // Its targets are all shared (below).
                        continue;
                    }
                    body.push_str("            targets:\n");
                    for t in &indicator.targets {
                        write_target(&mut body, &mut c, t, None);
                    }
                }
                if !g.parsed.shared.is_empty() {
                    body.push_str("        shared_targets:\n");
                }
                for shared in &g.parsed.shared {
                    let ids: Vec<String> = shared
                        .members
                        .iter()
                        .map(|&i| g.placed[i].id.clone())
                        .collect();
                    write_target(&mut body, &mut c, &shared.target, Some(&ids));
                }
            }
        }
    }
    let _ = writeln!(out, "# {}目标清单（attain import 生成的草稿）", o.title);
    let _ = writeln!(out, "# 来源：{source_name}");
    let _ = writeln!(
        out,
        "# {} 个领域，{} 项目标（定性 {} 项），{} 个指标，{} 个目标值；待核实 {} 处，规划未写明的单位 {} 处。",
        summary.domains,
        summary.goals,
        summary.qualitative_goals,
        summary.indicators,
        summary.targets,
        summary.uncertain.len(),
        summary.unnamed_units
    );
    out.push_str("# 请逐条核对标有“待核实”的注释，改好后删去该注释。规则见 docs/import.md。\n");
    out.push_str(&body);
    (out, summary)
}
