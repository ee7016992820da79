//! Every sample plan loads and validates, with the goal counts of the published plans,
//! and every report kind due renders for it from its sample returns.

use crate::common::{attain, plan_paths, root};

/// A sample plan: region, subject, goals per domain as in the plan, mid-term and final
/// evaluation years.
type SamplePlan = (
    &'static str,
    &'static str,
    &'static [usize],
    Option<i32>,
    Option<i32>,
);

const PLANS: &[SamplePlan] = &[
    (
        "zhuzhou",
        "women",
        &[10, 10, 11, 10, 10, 9, 11, 9],
        None,
        Some(2025),
    ),
    (
        "zhuzhou",
        "children",
        &[12, 11, 11, 11, 8, 10, 11],
        None,
        Some(2025),
    ),
    (
        "luoyang",
        "women",
        &[10, 10, 9, 10, 9, 9, 10, 9],
        Some(2025),
        Some(2030),
    ),
    (
        "luoyang",
        "children",
        &[12, 10, 10, 11, 8, 10, 10],
        Some(2025),
        Some(2030),
    ),
    (
        "changning",
        "children",
        &[13, 11, 11, 9, 8, 11, 11],
        Some(2023),
        Some(2025),
    ),
];

#[test]
fn every_sample_catalog_validates_with_the_plans_goal_counts() {
    for (region, subject, counts, midterm, final_year) in PLANS {
        let (plan, _) = plan_paths(region, subject);
        let loaded = attain::catalog::load(&plan).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            loaded.warnings.is_empty(),
            "{region}/{subject}: {:?}",
            loaded.warnings
        );
        let catalog = loaded.catalog;
        let per_domain: Vec<usize> = catalog.domains.iter().map(|d| d.goals.len()).collect();
        assert_eq!(&per_domain, counts, "{region}/{subject}");
        assert_eq!(
            catalog.plan.evaluations.midterm, *midterm,
            "{region}/{subject}"
        );
        assert_eq!(
            catalog.plan.evaluations.final_year, *final_year,
            "{region}/{subject}"
        );
        assert!(
            catalog.indicators().count() > 25,
            "{region}/{subject} has its indicators"
        );
    }
    // The totals the plans state.
    let total = |r: &str, s: &str| {
        PLANS
            .iter()
            .find(|p| p.0 == r && p.1 == s)
            .map(|p| p.2.iter().sum::<usize>())
    };
    assert_eq!(total("zhuzhou", "women"), Some(80));
    assert_eq!(total("zhuzhou", "children"), Some(74));
    assert_eq!(total("luoyang", "women"), Some(76));
    assert_eq!(total("luoyang", "children"), Some(71));
    assert_eq!(total("changning", "children"), Some(74));
}

#[test]
fn changning_names_lead_and_responsible_units_per_domain() {
    let (plan, _) = plan_paths("changning", "children");
    let catalog = attain::catalog::load(&plan).unwrap().catalog;
    for domain in &catalog.domains {
        assert!(!domain.lead.is_empty(), "{} has a 牵头单位", domain.name);
        assert!(
            !domain.responsible.is_empty(),
            "{} has 责任单位",
            domain.name
        );
    }
}

/// `attain render` for a plan-year: exit 0, and the reports due are written.
fn render(region: &str, subject: &str, year: i32, evaluation: Option<&str>) {
    let (plan, returns) = plan_paths(region, subject);
    let out = tempfile::tempdir().unwrap();
    let result = attain(
        &[
            "render",
            "--plan",
            plan.to_str().unwrap(),
            "--data",
            returns.to_str().unwrap(),
            "--year",
            &year.to_string(),
            "--out",
            out.path().to_str().unwrap(),
        ],
        &root(),
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{region}/{subject} {year}: {stderr}"
    );
    assert!(stderr.contains("失败 0 份"), "{stderr}");
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let has = |suffix: &str| names.iter().any(|n| n.ends_with(suffix));
    assert!(has(&format!("{year}年统计监测报告.pdf")), "{names:?}");
    assert!(has(&format!("{year}年统计资料.pdf")), "{names:?}");
    match evaluation {
        Some(kind) => assert!(has(&format!("{kind}评估报告.pdf")), "{names:?}"),
        None => assert!(!names.iter().any(|n| n.contains("评估报告")), "{names:?}"),
    }
    let units = std::fs::read_dir(out.path().join("自评报告"))
        .unwrap()
        .count();
    assert!(
        units >= 10,
        "{region}/{subject}: {units} self-evaluation reports"
    );
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let pdf = lopdf::Document::load(&path).unwrap();
            assert!(pdf.get_pages().len() >= 3, "{}", path.display());
        }
    }
}

#[test]
fn every_report_kind_renders_for_every_sample_plan() {
    render("zhuzhou", "women", 2025, Some("终期"));
    render("zhuzhou", "children", 2025, Some("终期"));
    render("luoyang", "women", 2025, Some("中期"));
    render("luoyang", "children", 2025, Some("中期"));
    render("changning", "children", 2025, Some("终期"));
    render("changning", "children", 2023, Some("中期"));
    render("zhuzhou", "women", 2024, None);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_batch_renders_every_region_and_reports_the_one_that_fails() {
    let dir = tempfile::tempdir().unwrap();
    let regions = dir.path().join("regions");
    // A good region: 株洲 with its women's plan and returns.
    let good = regions.join("zhuzhou");
    let (plan, returns) = plan_paths("zhuzhou", "women");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::copy(&plan, good.join("women.yaml")).unwrap();
    copy_dir(&returns, &good.join("returns/women"));
    // A region whose catalog is broken.
    let bad = regions.join("broken");
    std::fs::create_dir_all(bad.join("returns/children/2025")).unwrap();
    std::fs::write(bad.join("children.yaml"), "plan:\n  title: [未闭合\n").unwrap();

    let out = dir.path().join("out");
    let result = attain(
        &[
            "render",
            "--regions",
            regions.to_str().unwrap(),
            "--year",
            "2025",
            "--reports",
            "annual,booklet",
            "--out",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("【broken/children】未能读取"), "{stderr}");
    assert!(
        stderr.contains("共写出 2 份，失败 0 份，跳过 0 份；1 个规划未能读取"),
        "{stderr}"
    );
    let written = out.join("zhuzhou/women");
    assert!(
        written
            .join("株洲市妇女发展规划（2021—2025年）2025年统计监测报告.pdf")
            .exists()
    );
    assert!(
        written
            .join("株洲市妇女发展规划（2021—2025年）2025年统计资料.pdf")
            .exists()
    );
    assert!(
        !written.join("自评报告").exists(),
        "--reports leaves the others out"
    );
}
