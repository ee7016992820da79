//! A filled return template reads back exactly as typed, for every member unit.

use crate::common::{sample_plan, sample_returns};
use attain::catalog;
use attain::intake::{self, Conclusion, EvaluationPrefill, Prefill};

#[test]
fn every_units_filled_template_reads_back_exactly() {
    let catalog = catalog::load(&sample_plan()).unwrap().catalog;
    let sample = intake::read_returns(&catalog, &sample_returns(), 2025);
    let dir = tempfile::tempdir().unwrap();
    let year_dir = dir.path().join("2025");
    std::fs::create_dir_all(&year_dir).unwrap();

    // Fill each unit's form with the sample's 2025 values and an answer for every goal.
    let mut typed: Vec<(String, Option<String>, f64)> = Vec::new();
    let mut answered = 0;
    let units = intake::template_units(&catalog);
    assert_eq!(units.len(), 21);
    for unit in &units {
        let mut values = Prefill::new();
        for r in catalog
            .indicators()
            .filter(|r| &r.indicator.reporter == unit)
        {
            let ind = r.indicator;
            for b in std::iter::once(None).chain(ind.breakdowns.iter().map(Some)) {
                if let Some(o) = sample.get(&ind.id, b.map(String::as_str), 2025) {
                    values.insert((ind.id.clone(), b.cloned()), o.value);
                    typed.push((ind.id.clone(), b.cloned(), o.value));
                }
            }
        }
        let mut evaluations = EvaluationPrefill::new();
        for (d, domain) in catalog.domains.iter().enumerate() {
            for goal in domain.goals.iter().filter(|g| g.is_qualitative()) {
                if goal.responsible.first() == Some(unit) {
                    evaluations.insert(
                        (d, goal.number),
                        (
                            Conclusion::BasicallyAchieved,
                            format!("措施{}：#read(\"x\") 与 $x$", goal.number),
                            "问题".into(),
                            String::new(),
                        ),
                    );
                    answered += 1;
                }
            }
        }
        let bytes =
            intake::write_template(&catalog, unit, 2025, Some(&sample), &values, &evaluations)
                .unwrap();
        std::fs::write(year_dir.join(format!("{unit}.xlsx")), bytes).unwrap();
    }

    let back = intake::read_returns(&catalog, dir.path(), 2025);
    let problems: Vec<String> = back
        .diagnostics
        .iter()
        .filter(|d| !d.message.contains("报表文件夹"))
        .map(|d| d.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    for (id, breakdown, value) in &typed {
        let got = back.get(id, breakdown.as_deref(), 2025).map(|o| o.value);
        assert_eq!(got, Some(*value), "{id} {breakdown:?}");
    }
    // 上年数值 was pre-filled from the sample's 2024 values and reads back as 2024.
    let mmr_2024 = sample
        .get("maternal_mortality_ratio", None, 2024)
        .unwrap()
        .value;
    assert_eq!(
        back.get("maternal_mortality_ratio", None, 2024)
            .map(|o| o.value),
        Some(mmr_2024)
    );
    assert_eq!(back.self_evaluations.len(), answered);
    assert!(answered > 30);
    let first = &back.self_evaluations[0];
    assert_eq!(first.conclusion, Conclusion::BasicallyAchieved);
    assert!(first.measures.ends_with("：#read(\"x\") 与 $x$"));
    assert_eq!(first.problems, "问题");
}
