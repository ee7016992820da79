//! The forms of issue #15 item 6: a target on one breakdown, a clause over several
//! indicators, a minimum for every sub-unit, a regional gap, the same quantity under two
//! goals. How they load, and every error their keys can give, located.

use std::path::Path;

use super::*;

/// A children's plan using all five forms.
pub(crate) const FORMS: &str = r#"plan:
  title: 测试市儿童发展规划（2021—2025年）
  locality: 测试市
  subject: children
  start_year: 2021
  end_year: 2025
  baseline_year: 2020
units:
  - name: 市卫生健康委
  - name: 市妇联
domains:
  - id: health
    name: 儿童与健康
    goals:
      - number: 1
        text: 新生儿、婴儿死亡率分别控制在3.0‰和5.0‰以下，城乡、区域差距缩小。
        indicators:
          - id: nmr
            name: 新生儿死亡率
            unit: ‰
            reporter: 市卫生健康委
            breakdowns: [城镇, 农村]
            targets:
              - comparator: at_most
                value: 3.0
          - id: imr
            name: 婴儿死亡率
            unit: ‰
            reporter: 市卫生健康委
            breakdowns: [城镇, 农村]
            targets:
              - comparator: at_most
                value: 5.0
        shared_targets:
          - comparator: gap_narrows
            between: [城镇, 农村]
            indicators: [nmr, imr]
            clause: 城乡差距缩小
          - comparator: gap_narrows
            regions: 县（市、区）
            indicators: [nmr, imr]
            clause: 区域差距缩小
      - number: 2
        text: 适龄儿童免疫规划疫苗接种率以乡镇（街道）为单位达到95%以上。
        indicators:
          - id: vaccination
            name: 适龄儿童免疫规划疫苗接种率
            unit: "%"
            reporter: 市卫生健康委
            targets:
              - comparator: at_least
                value: 95
                each: 乡镇（街道）
  - id: family
    name: 儿童与家庭
    goals:
      - number: 1
        text: 95%的城市社区、85%的农村社区（村）建立家长学校。
        indicators:
          - id: parent_school
            name: 建立家长学校的社区比例
            unit: "%"
            reporter: 市妇联
            breakdowns: [城市, 农村]
            targets:
              - comparator: at_least
                value: 95
                breakdown: 城市
              - comparator: at_least
                value: 85
                breakdown: 农村
      - number: 2
        text: 婴儿死亡率持续下降。
        indicators:
          - same_as: imr
            targets:
              - comparator: decrease
"#;

fn load(text: &str) -> Catalog {
    parse(text, Path::new("plan.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
        .catalog
}

/// The errors of `FORMS` with `from` replaced by `to`.
fn errors_with(from: &str, to: &str) -> String {
    assert!(FORMS.contains(from), "{from}");
    match parse(&FORMS.replacen(from, to, 1), Path::new("plan.yaml")) {
        Ok(_) => "ok".into(),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

#[test]
fn the_five_forms_load_as_the_later_stages_use_them() {
    let catalog = load(FORMS);
    // Each quantity once as a data row; five entries to judge.
    let ids: Vec<&str> = catalog
        .indicators()
        .map(|r| r.indicator.id.as_str())
        .collect();
    assert_eq!(ids, ["nmr", "imr", "vaccination", "parent_school"]);
    assert_eq!(catalog.entries().count(), 5);

    // Shared targets after the indicator's own, marked; the regional gap's rows implied.
    let imr = catalog.indicator("imr").unwrap().indicator;
    assert_eq!(
        imr.breakdowns,
        ["城镇", "农村", "最高的县（市、区）", "最低的县（市、区）"]
    );
    let kinds: Vec<(Comparator, Option<usize>)> = imr
        .targets
        .iter()
        .map(|t| (t.comparator(), t.shared))
        .collect();
    assert_eq!(
        kinds,
        [
            (Comparator::AtMost, None),
            (Comparator::GapNarrows, Some(0)),
            (Comparator::GapNarrows, Some(1))
        ]
    );
    assert_eq!(
        imr.targets[2].rule.gap(),
        Some(("最高的县（市、区）", "最低的县（市、区）"))
    );
    assert_eq!(imr.targets[2].regions.as_deref(), Some("县（市、区）"));

    // A minimum for every township is judged on the lowest township.
    let vaccination = catalog.indicator("vaccination").unwrap().indicator;
    assert_eq!(vaccination.breakdowns, ["最低的乡镇（街道）"]);
    assert_eq!(
        vaccination.targets[0].breakdown.as_deref(),
        Some("最低的乡镇（街道）")
    );

    // Targets on one breakdown each.
    let school = catalog.indicator("parent_school").unwrap();
    let on: Vec<Option<&str>> = school
        .indicator
        .targets
        .iter()
        .map(|t| t.breakdown.as_deref())
        .collect();
    assert_eq!(on, [Some("城市"), Some("农村")]);
    assert_eq!(school.code(Subject::Children), "E0201a");

    // The repeat carries the definition, the code and the rows of what it repeats, and
    // its own target.
    let repeat = catalog.entry(1, 2, "imr").unwrap();
    assert!(repeat.indicator.is_repeat());
    assert_eq!(repeat.indicator.name, "婴儿死亡率");
    assert_eq!(repeat.indicator.reporter, "市卫生健康委");
    assert_eq!(repeat.code(Subject::Children), "E0101b");
    assert_eq!(repeat.indicator.breakdowns, imr.breakdowns);
    assert_eq!(repeat.indicator.targets.len(), 1);
    assert_eq!(repeat.indicator.better_direction(), Direction::Lower);
    // Lookups by id find the definition.
    assert_eq!(catalog.indicator("imr").unwrap().goal.number, 1);
}

#[test]
fn an_upper_bound_for_every_sub_unit_is_judged_on_the_highest() {
    let text = FORMS.replace(
        "              - comparator: at_least\n                value: 95\n                each:",
        "              - comparator: at_most\n                value: 5\n                each:",
    );
    let catalog = load(&text);
    let vaccination = catalog.indicator("vaccination").unwrap().indicator;
    assert_eq!(vaccination.breakdowns, ["最高的乡镇（街道）"]);
}

/// Every error the new keys can give, at its key's line.
#[test]
fn the_new_keys_are_validated_with_located_messages() {
    // (what is wrong, replace this, by this, the message)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "a definition key beside same_as",
            "          - same_as: imr\n",
            "          - same_as: imr\n            name: 婴儿死亡率\n",
            "错误: plan.yaml:76:19: 写了 same_as 的条目不写 name：它的名称、单位、填报单位、分组等都取自指标“imr”\n  提示: same_as 的条目只写 same_as 和 targets；要改定义，请改原指标",
        ),
        (
            "an unknown id",
            "same_as: imr",
            "same_as: infant",
            "错误: plan.yaml:75:22: same_as 引用的指标“infant”不存在\n  提示: same_as 写另一个目标中某个指标的 id",
        ),
        (
            "a plain indicator without its name",
            "            name: 建立家长学校的社区比例\n",
            "",
            "错误: plan.yaml:60:15: 指标缺少必填字段“name”\n  提示: 指标须写 id、name、unit、reporter；重复另一个目标中的指标时写 same_as: 该指标的 id",
        ),
        (
            "a shared target naming an indicator of another goal",
            "indicators: [nmr, imr]\n            clause: 区域差距缩小",
            "indicators: [nmr, vaccination]\n            clause: 区域差距缩小",
            "错误: plan.yaml:41:31: “vaccination”不是本目标的指标\n  提示: indicators 列出本目标 indicators 中的编号（重复其他目标的指标时，写它 same_as 的编号）",
        ),
        (
            "a shared target for one indicator",
            "indicators: [nmr, imr]\n            clause: 城乡差距缩小",
            "indicators: [nmr]\n            clause: 城乡差距缩小",
            "错误: plan.yaml:37:25: shared_targets 的 indicators 至少列出两个指标\n  提示: 只对一个指标的目标写在该指标的 targets 中",
        ),
        (
            "a shared target without indicators",
            "            indicators: [nmr, imr]\n            clause: 城乡差距缩小\n",
            "            clause: 城乡差距缩小\n",
            "错误: plan.yaml:35:23: shared_targets 中的目标须写 indicators：它适用的本目标指标的编号\n  提示: 例如 indicators: [hiv_test_rate, syphilis_test_rate]",
        ),
        (
            "indicators on an indicator's own target",
            "                value: 3.0\n",
            "                value: 3.0\n                indicators: [nmr, imr]\n",
            "错误: plan.yaml:26:29: indicators 只用于目标的 shared_targets（一句话对应本目标的几个指标）\n  提示: 把这个目标移到所在目标的 shared_targets 中，或删去 indicators",
        ),
        (
            "a breakdown the indicator does not have",
            "breakdown: 农村",
            "breakdown: 乡村",
            "错误: plan.yaml:71:28: 分组“乡村”不在该指标的 breakdowns 中\n  提示: 在指标的 breakdowns 中列出该分组",
        ),
        (
            "a shared gap between breakdowns one listed indicator lacks",
            "            breakdowns: [城镇, 农村]\n            targets:\n              - comparator: at_most\n                value: 5.0",
            "            targets:\n              - comparator: at_most\n                value: 5.0",
            "错误: plan.yaml:36:31: 分组“城镇”不在指标“婴儿死亡率”的 breakdowns 中\n  提示: 在指标的 breakdowns 中列出该分组\n错误: plan.yaml:36:31: 分组“农村”不在指标“婴儿死亡率”的 breakdowns 中\n  提示: 在指标的 breakdowns 中列出该分组",
        ),
        (
            "breakdown and each together",
            "                each: 乡镇（街道）\n",
            "                each: 乡镇（街道）\n                breakdown: 城镇\n",
            "错误: plan.yaml:53:23: breakdown（一个分组）与 each（每个下级单位）只能写一个\n错误: plan.yaml:54:28: 分组“城镇”不在该指标的 breakdowns 中\n  提示: 在指标的 breakdowns 中列出该分组",
        ),
        (
            "each with a range",
            "              - comparator: at_least\n                value: 95\n                each:",
            "              - comparator: about\n                value: 95\n                each:",
            "错误: plan.yaml:53:23: 比较方式 about 不能用 each 判断：each（每个下级单位都须达到）只用于 at_least、above、at_most、below 和 better_than_reference\n  提示: 每个下级单位都须达到的下限（上限）按最低（最高）的下级单位的数值判断",
        ),
        (
            "each with better-than and no direction",
            "              - comparator: at_least\n                value: 95\n                each:",
            "              - comparator: better_than_reference\n                reference: 全省平均水平\n                each:",
            "错误: plan.yaml:53:23: 该指标没有方向：each 与 better_than_reference 要知道越高越好还是越低越好\n  提示: 在指标中写 direction: higher 或 direction: lower",
        ),
        (
            "regions and between together",
            "            regions: 县（市、区）\n",
            "            regions: 县（市、区）\n            between: [城镇, 农村]\n",
            "错误: plan.yaml:40:22: 差距缩小写 between（两个分组）或 regions（区域），不能同时写",
        ),
        (
            "a gap on one breakdown",
            "            regions: 县（市、区）\n",
            "            regions: 县（市、区）\n            breakdown: 城镇\n",
            "错误: plan.yaml:41:24: 差距缩小比较的是两个分组，不写 breakdown",
        ),
        (
            "a repeat of an indicator of its own goal",
            "        text: 95%的城市社区、85%的农村社区（村）建立家长学校。\n        indicators:\n",
            "        text: 95%的城市社区、85%的农村社区（村）建立家长学校。\n        indicators:\n          - same_as: parent_school\n            targets:\n              - comparator: increase\n",
            "错误: plan.yaml:60:22: same_as 引用的“parent_school”就是本目标中的指标（domains[1].goals[0].indicators[1]）\n  提示: 同一目标中的另一个目标值直接写在该指标的 targets 中",
        ),
        (
            "two repeats of one indicator in a goal",
            "          - same_as: imr\n",
            "          - same_as: imr\n            targets:\n              - comparator: decrease\n          - same_as: imr\n",
            "错误: plan.yaml:78:22: 本目标中已有重复指标“imr”的条目（domains[1].goals[1].indicators[0]）",
        ),
    ];
    let mut failures = Vec::new();
    for (what, from, to, want) in cases {
        let got = errors_with(from, to);
        if got.trim_end() != *want {
            failures.push(format!("{what}:\n  want {want}\n  got  {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A repeat of a repeat, and a repeat of a part, are refused with what to reference.
#[test]
fn a_repeat_references_an_indicator_where_it_is_defined() {
    // The family goal 2 entry gets an id of its own (refused) and another goal repeats it.
    let text = FORMS
        .replace(
            "          - same_as: imr\n",
            "          - same_as: imr\n            id: imr_again\n",
        )
        .replace(
            "        text: 适龄儿童免疫规划疫苗接种率以乡镇（街道）为单位达到95%以上。\n        indicators:\n",
            "        text: 适龄儿童免疫规划疫苗接种率以乡镇（街道）为单位达到95%以上。\n        indicators:\n          - same_as: imr_again\n            targets:\n              - comparator: decrease\n",
        );
    let errors = match parse(&text, Path::new("plan.yaml")) {
        Ok(_) => panic!("loads"),
        Err(e) => e.to_string(),
    };
    assert!(
        errors.contains("same_as 引用的“imr_again”本身是一个 same_as 条目"),
        "{errors}"
    );
    assert!(errors.contains("写了 same_as 的条目不写 id"), "{errors}");

    let text = FORMS.replace("same_as: imr", "same_as: births").replace(
        "domains:\n",
        "parts:\n  - id: births\n    name: 活产数\n    unit: 人\n    reporter: 市卫生健康委\ndomains:\n",
    );
    let errors = match parse(&text, Path::new("plan.yaml")) {
        Ok(_) => panic!("loads"),
        Err(e) => e.to_string(),
    };
    assert!(
        errors.contains("same_as 只能引用指标，“births”是 parts 或 context 中的数据项"),
        "{errors}"
    );
}

/// An indicator whose only target is a shared one needs no `targets:` of its own; one
/// with neither is refused.
#[test]
fn an_indicator_may_have_only_shared_targets() {
    let text = FORMS.replace(
        "            targets:\n              - comparator: at_most\n                value: 3.0\n",
        "",
    );
    let catalog = load(&text);
    let nmr = catalog.indicator("nmr").unwrap().indicator;
    assert_eq!(nmr.targets.len(), 2);
    assert!(nmr.targets.iter().all(|t| t.shared.is_some()));
    let text = FORMS.replace(
        "            targets:\n              - comparator: decrease\n",
        "",
    );
    assert_eq!(
        errors_with_text(&text),
        "错误: plan.yaml:75:20: 指标“婴儿死亡率”没有目标值\n  提示: 至少写一个 comparator；只监测不设目标的数据不属于目标清单"
    );
}

fn errors_with_text(text: &str) -> String {
    match parse(text, Path::new("plan.yaml")) {
        Ok(_) => "ok".into(),
        Err(diagnostics) => diagnostics.to_string().trim_end().to_string(),
    }
}
