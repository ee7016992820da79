//! Table-driven tests of clause parsing: each row a real goal from the seed plans
//! (000 株洲, 001 洛阳, 002 常宁) or a form the seeds' README names, and the targets it
//! must give.

use super::*;

const CTX: Context = Context {
    start_year: 2021,
    end_year: 2030,
    baseline_year: 2020,
    regions: "县（市、区）",
};

/// `name comparator value unit [year] [aspirational]` for every target of the goal, each
/// indicator's own then the shared ones that list it (marked `shared`), as the catalog
/// judges them.
fn targets(text: &str) -> Vec<String> {
    let goal = parse_goal(text, &CTX);
    let goal = &goal;
    goal.indicators
        .iter()
        .enumerate()
        .flat_map(|(k, i)| {
            let shared = goal
                .shared
                .iter()
                .filter(move |s| s.members.contains(&k))
                .map(|s| (&s.target, true));
            i.targets
                .iter()
                .map(|t| (t, false))
                .chain(shared)
                .map(move |(t, shared)| {
                    let mut s = format!("{} {}", i.name, t.comparator.key());
                    if let Some(v) = &t.value {
                        s.push_str(&format!(" {v}"));
                    }
                    s.push_str(&format!(" {}", i.unit));
                    if let Some(y) = t.year {
                        s.push_str(&format!(" {y}"));
                    }
                    if let Some(b) = &t.between {
                        s.push_str(&format!(" [{}/{}]", b[0], b[1]));
                    }
                    if let Some(r) = &t.reference {
                        s.push_str(&format!(" ref={r}"));
                    }
                    if let Some(r) = &t.regions {
                        s.push_str(&format!(" regions={r}"));
                    }
                    if let Some(b) = &t.breakdown {
                        s.push_str(&format!(" on={b}"));
                    }
                    if let Some(e) = &t.each {
                        s.push_str(&format!(" each={e}"));
                    }
                    if t.aspirational {
                        s.push_str(" 力争");
                    }
                    if shared {
                        s.push_str(" shared");
                    }
                    s
                })
        })
        .collect()
}

fn has_note(text: &str, fragment: &str) -> bool {
    parse_goal(text, &CTX)
        .all_notes()
        .any(|n| n.text.contains(fragment))
}

#[test]
fn clause_forms() {
    let table: &[(&str, &[&str])] = &[
        // 控制在…以下, with a gap clause (000 women health 3).
        (
            "孕产妇死亡率控制在12/10万以下，城乡、区域差距缩小。",
            &[
                "孕产妇死亡率 at_most 12 1/10万",
                "孕产妇死亡率 gap_narrows 1/10万 [城镇/农村]",
                "孕产妇死亡率 gap_narrows 1/10万 regions=县（市、区）",
            ],
        ),
        // 达…以上 and 逐步提高 (000 women health 4).
        (
            "适龄妇女宫颈癌人群筛查率达70%以上，乳腺癌人群筛查率逐步提高。",
            &[
                "适龄妇女宫颈癌人群筛查率 at_least 70 %",
                "乳腺癌人群筛查率 increase %",
            ],
        ),
        // 下降至…以下 (000 women health 5).
        (
            "减少艾滋病、梅毒和乙肝母婴传播，艾滋病母婴传播率下降至3%以下。",
            &["艾滋病母婴传播率 at_most 3 %"],
        ),
        // 稳定在 (000 women education 5).
        (
            "女童平等接受九年义务教育,消除女童辍学现象,九年义务教育巩固率稳定在99%。",
            &["九年义务教育巩固率 at_least 99 %"],
        ),
        // 不低于 (000 women education 7).
        (
            "女性平等接受高等教育,高等学校在校生男女比例保持均衡,高等教育毛入学率不低于55%。",
            &[
                "高等学校在校生男女比例 maintain %",
                "高等教育毛入学率 at_least 55 %",
            ],
        ),
        // 达到…左右 (000 women economy 6).
        (
            "促进女性人才发展。高技能劳动者中女性比例逐年提高。专业技术人员中女性高级职称获得者比例达到40%左右。",
            &[
                "高技能劳动者中女性比例 increase %",
                "专业技术人员中女性高级职称获得者比例 about 40 %",
            ],
        ),
        // 保持在…左右, and 达到…以上 after ； (001 women decision 9).
        (
            "社区党组织成员、社区党组织书记中女性比例逐步提高。社区居委会成员中女性比例保持在50%左右；社区居委会主任中女性比例达到40%以上。",
            &[
                "社区党组织成员中女性比例 increase % shared",
                "社区党组织书记中女性比例 increase % shared",
                "社区居委会成员中女性比例 about 50 %",
                "社区居委会主任中女性比例 at_least 40 %",
            ],
        ),
        // 分别 with a shared ending (001 children health 3).
        (
            "新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、5.0‰和6.0‰以下，城乡差距逐步缩小。",
            &[
                "新生儿死亡率 at_most 3.0 ‰",
                "新生儿死亡率 gap_narrows ‰ [城镇/农村] shared",
                "婴儿死亡率 at_most 5.0 ‰",
                "婴儿死亡率 gap_narrows ‰ [城镇/农村] shared",
                "5岁以下儿童死亡率 at_most 6.0 ‰",
                "5岁以下儿童死亡率 gap_narrows ‰ [城镇/农村] shared",
            ],
        ),
        // 分别 with a shared population prefix (000 children health 6).
        (
            "5岁以下儿童贫血患病率和生长迟缓率分别控制在9%和4%以下。儿童超重、肥胖上升趋势得到有效控制。",
            &[
                "5岁以下儿童贫血患病率 at_most 9 %",
                "5岁以下儿童生长迟缓率 at_most 4 %",
            ],
        ),
        // 均达到 (002 health 2).
        (
            "开展儿童健康管理服务，普及儿童健康生活方式，提高儿童健康素养水平，3岁以下儿童系统管理率和7岁以下儿童健康管理率均达到90%以上。",
            &[
                "儿童健康素养水平 increase %",
                "3岁以下儿童系统管理率 at_least 90 % shared",
                "7岁以下儿童健康管理率 at_least 90 % shared",
            ],
        ),
        // One indicator whose name holds 和; ages in names are not values (002 health 9).
        (
            "儿童总体近视率明显下降。0—6岁儿童眼保健和视力检查覆盖率达到90%以上，小学生近视率降至38%以下，初中生近视率降至60%以下，高中阶段学生近视率降至70%以下。",
            &[
                "儿童总体近视率 decrease %",
                "0—6岁儿童眼保健和视力检查覆盖率 at_least 90 %",
                "小学生近视率 at_most 38 %",
                "初中生近视率 at_most 60 %",
                "高中阶段学生近视率 at_most 70 %",
            ],
        ),
        // A relative target; the unit comes from the dictionary (000 children safety 2).
        (
            "减少儿童伤害所致死亡和残疾。儿童伤害死亡率以2020年为基数下降20%。",
            &["儿童伤害死亡率 decrease_by 20 1/10万"],
        ),
        // 个 after 每千人 is per thousand (000 children welfare 5).
        (
            "覆盖城乡、主体多元、设施完善、管理规范、保障有力的婴幼儿照护服务体系基本形成，每千人拥有3岁以下婴幼儿托位数达到4.5个以上。",
            &["每千人拥有3岁以下婴幼儿托位数 at_least 4.5 个/千人"],
        ),
        // 力争 (001 women environment 6).
        (
            "减少环境污染对妇女健康的危害。农村自来水普及率力争达到93%，提升城市集中式饮用水水源水质。",
            &["农村自来水普及率 at_least 93 % 力争"],
        ),
        // A name that contains 达到; 总体为…左右 (002 environment 8).
        (
            "城市集中式饮用水水源水质达到或优于Ⅲ类比例总体为98%左右。",
            &["城市集中式饮用水水源水质达到或优于Ⅲ类比例 about 98 %"],
        ),
        // 达到并保持在 (001 women education 5).
        (
            "女性平等接受高中阶段教育，高中阶段教育毛入学率达到并保持在96%以上。",
            &["高中阶段教育毛入学率 at_least 96 %"],
        ),
        // 以乡镇为单位: a minimum for every sub-unit, written on the total (000 children health 7).
        (
            "适龄儿童免疫规划疫苗接种率以乡(镇、街道)为单位达到95%以上。",
            &["适龄儿童免疫规划疫苗接种率 at_least 95 % each=乡镇（街道）"],
        ),
        // A share of subjects (001 children family 6).
        (
            "覆盖城乡的家庭教育指导服务体系基本建成，指导服务能力进一步提升。95%的城市社区和85%的农村社区（村）建立家长学校或家庭教育指导服务站点。",
            &[
                "建立家长学校或家庭教育指导服务站点的社区（村）比例 at_least 95 % on=城市",
                "建立家长学校或家庭教育指导服务站点的社区（村）比例 at_least 85 % on=农村",
            ],
        ),
        // A reference to another quantity (001 women decision 2).
        (
            "中国共产党女党员保持合理比例。全市各级党员代表大会中女党员代表比例一般不低于本地党员总数中女性比例。",
            &[],
        ),
        // 上升趋势减缓 on named rates (001 women health 6).
        (
            "妇女心理健康素养水平不断提升。妇女焦虑障碍、抑郁症患病率上升趋势减缓。",
            &[
                "妇女心理健康素养水平 increase %",
                "妇女焦虑障碍患病率 decrease % shared",
                "妇女抑郁症患病率 decrease % shared",
            ],
        ),
        // Verb first (000 women economy 3, 000 children health 9).
        (
            "保障妇女平等享有劳动就业权利，提高妇女就业率，全部就业人员中女性就业人员比例保持稳定。",
            &[
                "妇女就业率 increase %",
                "全部就业人员中女性就业人员比例 maintain %",
            ],
        ),
        (
            "重视儿童口腔保健和疾病预防,降低龋患率。",
            &["龋患率 decrease %"],
        ),
        // 延长 (000 women health 2).
        (
            "妇女人全生命周期享有良好的卫生健康服务，妇女人均预期寿命延长，妇女人均健康预期寿命提高。",
            &[
                "妇女人均预期寿命 increase 岁",
                "妇女人均健康预期寿命 increase 岁",
            ],
        ),
        // A gap with its own object (000 women family 7).
        (
            "倡导和支持夫妻双方共同承担家务，缩小两性家务劳动时间差距。",
            &["家务劳动时间 gap_narrows 小时 [女/男]"],
        ),
        // Interim and final targets (the seeds' README).
        (
            "到2025年和2030年，产前筛查率分别达80%以上和82%以上。",
            &["产前筛查率 at_least 80 % 2025", "产前筛查率 at_least 82 %"],
        ),
        // A rate in words (the seeds' README).
        (
            "孕产妇死亡率控制在十万分之九以下。",
            &["孕产妇死亡率 at_most 9 1/10万"],
        ),
        // Full-width digits and 1．.
        (
            "孕产妇死亡率控制在１２/１０万以下。",
            &["孕产妇死亡率 at_most 12 1/10万"],
        ),
        // Relative to the provincial average.
        (
            "孕产妇死亡率优于全省平均水平。",
            &["孕产妇死亡率 better_than_reference 1/10万 ref=全省平均水平"],
        ),
        // 高于 / 低于 are strict.
        (
            "城镇新增就业中女性比例高于45%。",
            &["城镇新增就业中女性比例 above 45 %"],
        ),
        // Qualitative.
        ("妇女健康服务体系更加完善。", &[]),
        // 全覆盖 is never written as 100 (000 children environment 7).
        (
            "儿童遭受环境污染伤害风险有效控制。农村自来水普及率达到90%，实现农村卫生厕所全覆盖。",
            &["农村自来水普及率 at_least 90 %"],
        ),
        // A minimum count (000 women decision 4, simplified).
        (
            "市党政正职中至少配备1名女干部。",
            &["市党政正职中女干部人数 at_least 1 名"],
        ),
    ];
    let mut failures = Vec::new();
    for (text, expected) in table {
        let got = targets(text);
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        if got != expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn uncertain_readings_are_noted() {
    // A promise of full coverage is flagged, not turned into 100.
    assert!(has_note("实现农村卫生厕所全覆盖。", "100%"));
    // A minimum for every township.
    assert!(has_note(
        "适龄儿童免疫规划疫苗接种率以乡(镇、街道)为单位达到95%以上。",
        "每个下级单位"
    ));
    // The regional gap cannot be expressed.
    assert!(has_note(
        "孕产妇死亡率控制在12/10万以下，城乡、区域差距缩小。",
        "区域差距"
    ));
    // A gap clause over three indicators.
    assert!(has_note(
        "新生儿、婴儿和5岁以下儿童死亡率分别降至3.0‰、5.0‰和6.0‰以下，城乡差距逐步缩小。",
        "一句话对应多个指标"
    ));
    // A unit the clause does not state.
    assert!(has_note("儿童意外死亡率持续下降。", "计量单位"));
    // A target year outside the plan period.
    let five_year = Context {
        start_year: 2021,
        end_year: 2025,
        baseline_year: 2020,
        ..CTX
    };
    let goal = parse_goal("到2030年，产前筛查率达82%以上。", &five_year);
    assert!(goal.all_notes().any(|n| n.text.contains("不在规划期")));
    assert!(goal.indicators.iter().all(|i| i.targets.is_empty()));
}

#[test]
fn clear_readings_carry_no_note() {
    for text in [
        "孕产妇死亡率控制在12/10万以下。",
        "高中阶段教育毛入学率达到98%以上。",
        "高等教育毛入学率不低于55%。",
        "社区居委会成员中女性比例保持在50%左右。",
    ] {
        let notes: Vec<String> = parse_goal(text, &CTX)
            .all_notes()
            .map(|n| n.text.clone())
            .collect();
        assert!(notes.is_empty(), "{text}: {notes:?}");
    }
}

#[test]
fn chinese_numbers() {
    assert_eq!(parse_chinese_number("九").as_deref(), Some("9"));
    assert_eq!(parse_chinese_number("十二").as_deref(), Some("12"));
    assert_eq!(parse_chinese_number("九十五").as_deref(), Some("95"));
    assert_eq!(parse_chinese_number("一百").as_deref(), Some("100"));
    assert_eq!(parse_chinese_number("零点五").as_deref(), Some("0.5"));
}

/// The forms the catalog states directly since issue #15 item 6: what the draft writes.
#[test]
fn forms_written_with_their_keys() {
    let table: &[(&str, &[&str])] = &[
        // 002 健康 3: 逐步缩小 before the gap, and a regional gap, both for the three rates.
        (
            "新生儿死亡率、婴儿死亡率和5岁以下儿童死亡率分别控制在3.0‰、5.0‰和6.0‰以下。逐步缩小城乡区域差距。",
            &[
                "新生儿死亡率 at_most 3.0 ‰",
                "新生儿死亡率 gap_narrows ‰ [城镇/农村] shared",
                "新生儿死亡率 gap_narrows ‰ regions=县（市、区） shared",
                "婴儿死亡率 at_most 5.0 ‰",
                "婴儿死亡率 gap_narrows ‰ [城镇/农村] shared",
                "婴儿死亡率 gap_narrows ‰ regions=县（市、区） shared",
                "5岁以下儿童死亡率 at_most 6.0 ‰",
                "5岁以下儿童死亡率 gap_narrows ‰ [城镇/农村] shared",
                "5岁以下儿童死亡率 gap_narrows ‰ regions=县（市、区） shared",
            ],
        ),
        // `其中农村…` after an indicator of the same unit: that indicator's breakdown.
        (
            "城镇单位就业人员中女性比例达到40%以上，其中农村妇女就业人员比例达到35%以上。",
            &[
                "城镇单位就业人员中女性比例 at_least 40 %",
                "城镇单位就业人员中女性比例 at_least 35 % on=农村",
            ],
        ),
        // 001 儿童 健康 6: 以乡镇（街道）为单位, kept in the catalog's spelling.
        (
            "适龄儿童免疫规划疫苗接种率以乡镇（街道）为单位保持在90%以上。",
            &["适龄儿童免疫规划疫苗接种率 at_least 90 % each=乡镇（街道）"],
        ),
        // Different values for each subject (分别) are not one shared requirement.
        (
            "5岁以下儿童贫血患病率和生长迟缓率分别控制在9%和4%以下。",
            &[
                "5岁以下儿童贫血患病率 at_most 9 %",
                "5岁以下儿童生长迟缓率 at_most 4 %",
            ],
        ),
    ];
    let mut failures = Vec::new();
    for (text, want) in table {
        let got = targets(text);
        if got != *want {
            failures.push(format!("{text}\n  expected {want:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    // Each written form says what was written, for the reviewer.
    assert!(has_note(
        "适龄儿童免疫规划疫苗接种率以乡镇（街道）为单位保持在90%以上。",
        "写作 each: 乡镇（街道）"
    ));
    assert!(has_note(
        "孕产妇死亡率控制在12/10万以下，城乡、区域差距缩小。",
        "写作 regions: 县（市、区）"
    ));
}
