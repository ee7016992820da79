//! Purpose-built cases: `tests/cases/<what it proves>/` holds a small plan (`plan.yaml`),
//! its returns as CSV (`returns/<year>/*.csv`, readable in review) and `snapshot.txt`, the
//! list of what to snapshot:
//!
//! ```text
//! year 2025            # the run that the following lines show
//! verdicts             # one line per target
//! values | messages    # every value read with its cell; every diagnostic
//! annual | booklet | midterm | final | self-eval UNIT        # a report model (YAML)
//! annual.typ | booklet.typ | evaluation.typ | unit.typ UNIT  # its generated Typst
//! ```
//!
//! Each case is one snapshot; `insta::glob!` runs every case and reports all that fail.

use std::fmt::Write;
use std::path::Path;

use attain::pipeline::{Inputs, ReportKind, Run};
use attain::render::Renderer;

/// Everything `snapshot.txt` asks for, as one text.
fn snapshot_of(dir: &Path, renderer: &Renderer) -> String {
    let spec = std::fs::read_to_string(dir.join("snapshot.txt")).expect("snapshot.txt");
    let mut out = String::new();
    let mut run: Option<Run> = None;
    for line in spec.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (item, arg) = line.split_once(' ').unwrap_or((line, ""));
        if item == "year" {
            let year: i32 = arg.parse().expect("year N");
            run = Some(
                Run::load(Inputs {
                    plan: dir.join("plan.yaml"),
                    data: dir.join("returns"),
                    year,
                    method: None,
                })
                .unwrap_or_else(|e| panic!("{}: {}", dir.display(), e.chain().join("; "))),
            );
            writeln!(out, "=== {year} ===").unwrap();
            continue;
        }
        let run = run.as_ref().expect("a `year N` line first");
        let date = run.report_date(None);
        let kind = |name: &str| match name {
            "annual" | "annual.typ" => ReportKind::Annual,
            "booklet" | "booklet.typ" => ReportKind::Booklet,
            "midterm" => ReportKind::Midterm,
            "final" => ReportKind::Final,
            "evaluation.typ" => match run.catalog.plan.evaluations.final_year {
                Some(y) if y == run.year() => ReportKind::Final,
                _ => ReportKind::Midterm,
            },
            "self-eval" | "unit.typ" => ReportKind::SelfEval(arg.to_string()),
            other => panic!("unknown snapshot item {other}"),
        };
        writeln!(out, "--- {line} ---").unwrap();
        match item {
            "verdicts" => {
                for r in &run.assessment.results {
                    let ind = run.catalog.indicator(&r.indicator_id).unwrap().indicator;
                    let value = |p: &Option<attain::assess::Point>| {
                        p.as_ref()
                            .map_or("—".to_string(), |p| format!("{}@{}", p.value, p.year))
                    };
                    let warnings: Vec<&str> = r.warnings.iter().map(|w| w.code()).collect();
                    // What the target is judged on, when not the total or a plain gap: one
                    // breakdown (`breakdown`, `each`), a regional gap, a shared clause.
                    let mut on = String::new();
                    match &r.measure {
                        attain::assess::Measure::Breakdown { breakdown } => {
                            on.push_str(&format!(" on {breakdown}"))
                        }
                        attain::assess::Measure::Gap { a, .. } if a.starts_with("最高的") => {
                            on.push_str(" regions")
                        }
                        _ => {}
                    }
                    if r.shared.is_some() {
                        on.push_str(", shared");
                    }
                    writeln!(
                        out,
                        "{}.{} {} [{}{on}{}] base={} now={} → {}{}{}",
                        r.domain_id,
                        r.goal_number,
                        ind.name,
                        r.comparator.key(),
                        if r.applies { "" } else { ", not applicable" },
                        value(&r.baseline),
                        value(&r.current),
                        r.verdict.code(),
                        if warnings.is_empty() {
                            String::new()
                        } else {
                            format!(" warnings={}", warnings.join(","))
                        },
                        r.note
                            .as_deref()
                            .map(|n| format!(" ({n})"))
                            .unwrap_or_default(),
                    )
                    .unwrap();
                }
                for g in &run.assessment.goals {
                    writeln!(
                        out,
                        "{}.{} (qualitative) → {}",
                        g.domain_id,
                        g.goal_number,
                        g.verdict.code()
                    )
                    .unwrap();
                }
            }
            "values" => {
                for r in run.catalog.indicators() {
                    let ind = r.indicator;
                    for b in std::iter::once(None).chain(ind.breakdowns.iter().map(Some)) {
                        for year in run.catalog.plan.baseline_year..=run.year() {
                            if let Some(o) = run.data.get(&ind.id, b.map(String::as_str), year) {
                                writeln!(
                                    out,
                                    "{year} {}{} = {} ← {}",
                                    ind.name,
                                    b.map(|b| format!("（{b}）")).unwrap_or_default(),
                                    o.value,
                                    o.source
                                )
                                .unwrap();
                            }
                        }
                    }
                }
            }
            "messages" => {
                for d in &run.diagnostics {
                    writeln!(out, "{d}").unwrap();
                }
            }
            name if name.ends_with(".typ") => {
                let report = kind(name).build(run, date);
                out.push_str(&report.typst(renderer).unwrap());
                out.push('\n');
            }
            name => {
                let report = kind(name).build(run, date);
                out.push_str(&serde_yaml::to_string(&report.model).unwrap());
            }
        }
    }
    out
}

#[test]
fn every_case_gives_its_snapshot() {
    let renderer = Renderer::new().unwrap();
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
        "cases/*/snapshot.txt",
        |path| {
            insta::assert_snapshot!(snapshot_of(path.parent().unwrap(), &renderer));
        }
    );
}

/// Tables are numbered consecutively even when a domain in between has no indicators.
#[test]
fn tables_are_numbered_consecutively_across_a_domain_without_indicators() {
    let dir = crate::common::root().join("tests/cases/qualitative_goals_and_evaluation_reports");
    let run = Run::load(Inputs {
        plan: dir.join("plan.yaml"),
        data: dir.join("returns"),
        year: 2025,
        method: None,
    })
    .unwrap();
    // The middle domain (家庭建设) is qualitative only: its section has no table.
    assert!(
        run.catalog.domains[1]
            .goals
            .iter()
            .all(|g| g.is_qualitative())
    );
    let date = run.report_date(None);
    let report = ReportKind::Annual.build(&run, date);
    let text = crate::common::laid_out_text("annual.typ", &report.model, date);
    assert!(text.contains("表1妇女与健康领域监测指标"), "{text}");
    assert!(text.contains("表2妇女与环境领域监测指标"), "{text}");
    assert!(!text.contains("表3"), "{text}");
}
