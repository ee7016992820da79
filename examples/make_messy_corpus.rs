//! Writes the messy-returns corpus in `tests/corpus/messy/`: one workbook per way a
//! member unit's return goes wrong, each named for what it proves. `tests/messy_corpus.rs`
//! reads every one and snapshots what intake makes of it.
//!
//! `cargo run --example make_messy_corpus` rewrites the .xlsx files; the .xls, .ods,
//! encrypted and broken files are made from them as `tests/corpus/README.md` says.

use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

type Sheet = Worksheet;

/// A cell as typed.
enum V {
    S(&'static str),
    N(f64),
    Blank,
}
use V::{Blank, N, S};

fn put(sheet: &mut Sheet, row: u32, col: u16, v: &V) -> Result<(), XlsxError> {
    match v {
        S(s) => {
            sheet.write_string(row, col, *s)?;
        }
        N(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Blank => {}
    }
    Ok(())
}

/// The usual form: title, 填报单位, header, rows, footer.
fn form(sheet: &mut Sheet, unit: &str, rows: &[&[V]]) -> Result<(), XlsxError> {
    form_of_year(sheet, 2025, unit, rows)
}

/// The standard form with `year` in its title.
fn form_of_year(sheet: &mut Sheet, year: i32, unit: &str, rows: &[&[V]]) -> Result<(), XlsxError> {
    sheet.write_string(0, 0, format!("株洲市妇女发展规划统计监测报表（{year}年）"))?;
    sheet.write_string(1, 0, format!("填报单位：{unit}"))?;
    for (c, h) in [
        "指标代码",
        "指标名称",
        "计量单位",
        "本年数值",
        "上年数值",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(2, c as u16, *h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            put(sheet, 3 + r as u32, c as u16, v)?;
        }
    }
    let footer = 3 + rows.len() as u32 + 1;
    sheet.write_string(footer, 0, "负责人：王××　　填报日期：2026年3月15日")?;
    Ok(())
}

/// Removes the saved result of every formula written with an empty result, as some
/// programs save formulas: `<c r="D4" t="str"><f>E4-0.4</f><v></v></c>` becomes
/// `<c r="D4"><f>E4-0.4</f></c>`.
fn drop_empty_results(path: &Path) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let re = regex::Regex::new(
        r#"<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="str"><f>([^<]*)</f><v></v></c>"#,
    )
    .unwrap();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            let text = String::from_utf8(content).unwrap();
            content = re
                .replace_all(&text, r#"<c r="$1"$2><f>$3</f></c>"#)
                .into_owned()
                .into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

fn save(dir: &Path, name: &str, build: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the files byte-stable across runs.
    workbook.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2026, 3, 15).unwrap()),
    );
    build(&mut workbook).unwrap_or_else(|e| panic!("{name}: {e}"));
    workbook.save(dir.join(name)).unwrap();
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/messy");
    std::fs::create_dir_all(&dir).unwrap();
    let mmr = |v: V| -> [V; 6] {
        [
            S("F0103a"),
            S("孕产妇死亡率"),
            S("1/10万"),
            v,
            N(10.2),
            Blank,
        ]
    };

    save(&dir, "clean_form.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(N(9.8))])
    });
    save(&dir, "title_and_blank_rows_above_header.xlsx", |wb| {
        let s = wb.add_worksheet();
        s.write_string(0, 0, "附表3")?;
        s.write_string(2, 0, "株洲市妇女发展规划统计监测报表")?;
        s.write_string(4, 1, "填报单位：市卫生健康委")?;
        for (c, h) in ["指标", "单位", "2025年", "2024年"].iter().enumerate() {
            s.write_string(7, 1 + c as u16, *h)?;
        }
        s.write_string(9, 1, "孕产妇死亡率")?;
        s.write_string(9, 2, "1/10万")?;
        s.write_number(9, 3, 9.8)?;
        s.write_number(9, 4, 10.2)?;
        Ok(())
    });
    save(&dir, "merged_two_row_header.xlsx", |wb| {
        let s = wb.add_worksheet();
        let f = Format::new();
        s.merge_range(0, 0, 0, 3, "株洲市妇女发展规划统计监测报表（2025年）", &f)?;
        s.merge_range(1, 0, 2, 0, "指标名称", &f)?;
        s.merge_range(1, 1, 2, 1, "计量单位", &f)?;
        s.merge_range(1, 2, 1, 3, "数值", &f)?;
        s.write_string(2, 2, "本年")?;
        s.write_string(2, 3, "上年")?;
        s.write_string(3, 0, "孕产妇死亡率")?;
        s.write_string(3, 1, "1/10万")?;
        s.write_number(3, 2, 9.8)?;
        s.write_number(3, 3, 10.2)?;
        Ok(())
    });
    save(&dir, "numbers_stored_as_text.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(S(" 9.8 "))])
    });
    save(&dir, "fullwidth_digits.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(S("９．８"))])
    });
    save(&dir, "thousands_separators.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市人力资源社会保障局",
            &[&[
                S(""),
                S("企业退休女性月人均基本养老金"),
                S("元"),
                S("2,768"),
                S("2，658"),
                Blank,
            ]],
        )
    });
    save(&dir, "percent_sign_on_percent_indicator.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S("适龄妇女宫颈癌人群筛查率"),
                S("%"),
                S("72.4%"),
                S("70％"),
                Blank,
            ]],
        )
    });
    save(&dir, "permille_for_percent_indicator.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S("艾滋病母婴传播率"),
                S("‰"),
                N(15.2),
                N(17.7),
                Blank,
            ]],
        )
    });
    save(&dir, "wrong_unit.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S("适龄妇女宫颈癌人群筛查率"),
                S("岁"),
                N(72.4),
                N(70.0),
                Blank,
            ]],
        )
    });
    save(&dir, "percent_sign_on_rate_per_100000.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(S("9.8%"))])
    });
    save(&dir, "no_data_marks.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[
                &[
                    S(""),
                    S("孕产妇死亡率"),
                    S("1/10万"),
                    S("—"),
                    S("无"),
                    Blank,
                ],
                &[
                    S(""),
                    S("适龄妇女宫颈癌人群筛查率"),
                    S("%"),
                    S("暂无数据"),
                    S("/"),
                    S("取数困难"),
                ],
                &[S(""), S("艾滋病母婴传播率"), S("%"), S("-"), Blank, Blank],
            ],
        )
    });
    save(&dir, "formula_cells.xlsx", |wb| {
        let s = wb.add_worksheet();
        form(s, "市卫生健康委", &[&mmr(Blank)])?;
        s.write_formula(3, 3, Formula::new("=F4*2").set_result("9.8"))?;
        s.write_formula(4, 1, Formula::new("=\"适龄妇女宫颈癌人群筛查率\""))?;
        s.write_string(4, 1, "适龄妇女宫颈癌人群筛查率")?;
        s.write_string(4, 2, "%")?;
        s.write_formula(4, 3, Formula::new("=1/0").set_result("#DIV/0!"))?;
        Ok(())
    });
    save(&dir, "unknown_indicator.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S("孕产妇死亡比例"),
                S("1/10万"),
                N(9.8),
                Blank,
                Blank,
            ]],
        )
    });
    save(&dir, "unit_in_brackets_and_spaces_in_name.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S(" 孕产妇 死亡率（1/10万）"),
                Blank,
                N(9.8),
                Blank,
                Blank,
            ]],
        )
    });
    save(&dir, "matched_by_code_despite_renamed_row.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S("Ｆ０１０３ａ"),
                S("孕产妇死亡率（全市）"),
                S("1/10万"),
                N(9.8),
                Blank,
                Blank,
            ]],
        )
    });
    save(&dir, "unit_name_is_an_alias.xlsx", |wb| {
        form(wb.add_worksheet(), "卫健委（盖章）", &[&mmr(N(9.8))])
    });
    save(&dir, "breakdown_rows.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[
                &mmr(N(9.8)),
                &[Blank, S("其中：城镇"), S("1/10万"), N(8.6), N(9.0), Blank],
                &[Blank, S("    农村"), S("1/10万"), N(10.9), N(11.4), Blank],
            ],
        )
    });
    save(&dir, "unknown_breakdown.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[
                &mmr(N(9.8)),
                &[Blank, S("其中：山区"), S("1/10万"), N(12.0), Blank, Blank],
            ],
        )
    });
    save(&dir, "value_without_indicator_name.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&mmr(N(9.8)), &[Blank, Blank, Blank, N(72.4), Blank, Blank]],
        )
    });
    save(&dir, "number_in_note_column.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S("F0103a"),
                S("孕产妇死亡率"),
                S("1/10万"),
                Blank,
                N(10.2),
                N(9.8),
            ]],
        )
    });
    save(&dir, "several_sheets.xlsx", |wb| {
        form(
            wb.add_worksheet().set_name("健康")?,
            "市卫生健康委",
            &[&mmr(N(9.8))],
        )?;
        form(
            wb.add_worksheet().set_name("健康（续）")?,
            "市卫生健康委",
            &[&[
                S(""),
                S("适龄妇女宫颈癌人群筛查率"),
                S("%"),
                N(72.4),
                N(70.0),
                Blank,
            ]],
        )?;
        let s = wb.add_worksheet().set_name("指标解释")?;
        s.write_string(0, 0, "指标")?;
        s.write_string(0, 1, "定义")?;
        s.write_string(1, 0, "孕产妇死亡率")?;
        s.write_string(1, 1, "每十万活产中孕产妇死亡人数")?;
        Ok(())
    });
    save(&dir, "empty_sheet.xlsx", |wb| {
        wb.add_worksheet();
        Ok(())
    });
    save(&dir, "no_recognisable_header.xlsx", |wb| {
        let s = wb.add_worksheet();
        s.write_string(0, 0, "孕产妇死亡率")?;
        s.write_number(0, 1, 9.8)?;
        Ok(())
    });
    save(&dir, "date_and_boolean_in_value_cells.xlsx", |wb| {
        let s = wb.add_worksheet();
        form(
            s,
            "市卫生健康委",
            &[
                &mmr(Blank),
                &[
                    S(""),
                    S("适龄妇女宫颈癌人群筛查率"),
                    S("%"),
                    Blank,
                    Blank,
                    Blank,
                ],
            ],
        )?;
        let date = Format::new().set_num_format("yyyy-mm-dd");
        s.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2025, 9, 8)?, &date)?;
        s.write_boolean(4, 3, true)?;
        Ok(())
    });
    save(&dir, "text_that_is_not_a_number.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(S("约10"))])
    });
    save(&dir, "share_above_100_percent.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S("适龄妇女宫颈癌人群筛查率"),
                S("%"),
                N(724.0),
                N(70.0),
                Blank,
            ]],
        )
    });
    save(&dir, "previous_year_column_disagrees.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(N(9.8))])
    });
    // Companions: `case@2024.xlsx` goes in the 2024 folder, `case@other.xlsx` beside it.
    save(&dir, "previous_year_column_disagrees@2024.xlsx", |wb| {
        form_of_year(
            wb.add_worksheet(),
            2024,
            "市卫生健康委",
            &[&[
                S("F0103a"),
                S("孕产妇死亡率"),
                S("1/10万"),
                N(10.4),
                N(10.9),
                Blank,
            ]],
        )
    });
    // Last year's form dropped into this year's folder: its title says 2024.
    save(&dir, "last_years_form_in_this_years_folder.xlsx", |wb| {
        form_of_year(wb.add_worksheet(), 2024, "市卫生健康委", &[&mmr(N(10.4))])
    });
    save(&dir, "baseline_column.xlsx", |wb| {
        let s = wb.add_worksheet();
        s.write_string(0, 0, "填报单位：市卫生健康委")?;
        for (c, h) in ["指标名称", "计量单位", "2020年（基期）", "上年", "本年"]
            .iter()
            .enumerate()
        {
            s.write_string(1, c as u16, *h)?;
        }
        s.write_string(2, 0, "孕产妇死亡率")?;
        s.write_string(2, 1, "1/10万")?;
        s.write_number(2, 2, 11.6)?;
        s.write_number(2, 3, 10.2)?;
        s.write_number(2, 4, 9.8)?;
        Ok(())
    });
    save(&dir, "extra_column_with_numbers.xlsx", |wb| {
        let s = wb.add_worksheet();
        form(s, "市卫生健康委", &[&mmr(N(9.8))])?;
        s.write_string(2, 6, "增减（%）")?;
        s.write_number(3, 6, -3.9)?;
        Ok(())
    });
    save(&dir, "conflict_between_units.xlsx", |wb| {
        form(wb.add_worksheet(), "市卫生健康委", &[&mmr(N(9.8))])
    });
    save(&dir, "conflict_between_units@市统计局.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市统计局",
            &[&[S(""), S("孕产妇死亡率"), S("1/10万"), N(10.1), Blank, Blank]],
        )
    });
    save(&dir, "unit_names_no_catalog_unit.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "株洲市妇女儿童工作委员会办公室",
            &[&mmr(N(9.8))],
        )
    });
    save(&dir, "unit_of_another_locality.xlsx", |wb| {
        form(wb.add_worksheet(), "长沙市卫生健康委员会", &[&mmr(N(9.8))])
    });
    save(&dir, "unit_in_the_footer_with_seal.xlsx", |wb| {
        let s = wb.add_worksheet();
        for (c, h) in ["指标名称", "计量单位", "本年", "上年"].iter().enumerate() {
            s.write_string(0, c as u16, *h)?;
        }
        s.write_string(1, 0, "孕产妇死亡率")?;
        s.write_string(1, 1, "1/10万")?;
        s.write_number(1, 2, 9.8)?;
        s.write_number(1, 3, 10.2)?;
        s.write_string(3, 0, "报送单位（盖章）：")?;
        s.write_string(3, 1, "株洲市卫生健康委员会")?;
        s.write_string(4, 0, "填表日期：2026年3月16日")?;
        Ok(())
    });
    save(&dir, "formula_without_cached_value.xlsx", |wb| {
        let s = wb.add_worksheet();
        s.set_formula_result_default("");
        form(
            s,
            "市卫生健康委",
            &[
                &mmr(Blank),
                &[
                    S(""),
                    S("适龄妇女宫颈癌人群筛查率"),
                    S("%"),
                    Blank,
                    N(70.0),
                    Blank,
                ],
                &[
                    S(""),
                    S("适龄妇女乳腺癌人群筛查率"),
                    S("%"),
                    Blank,
                    N(64.1),
                    Blank,
                ],
                &[S(""), S("艾滋病母婴传播率"), S("%"), Blank, N(1.77), Blank],
            ],
        )?;
        s.write_formula(3, 3, Formula::new("=E4-0.4"))?;
        s.write_formula(4, 3, Formula::new("=SUM(E5,2.4)"))?;
        s.write_formula(5, 3, Formula::new("=Sheet2!E6+2.7"))?;
        s.write_formula(6, 3, Formula::new("=E7/(E4-E4)"))?;
        // A formula in a note cell is not a value: left alone.
        s.write_formula(3, 5, Formula::new("=\"据妇幼年报\""))?;
        Ok(())
    });
    drop_empty_results(&dir.join("formula_without_cached_value.xlsx"));
    save(
        &dir,
        "years_as_columns_beside_that_years_return.xlsx",
        |wb| {
            let s = wb.add_worksheet().set_name("历年")?;
            s.write_string(0, 0, "填报单位：市卫生健康委")?;
            for (c, h) in ["指标名称（计量单位）", "2023年", "2024年", "2025年"]
                .iter()
                .enumerate()
            {
                s.write_string(1, c as u16, *h)?;
            }
            s.write_string(2, 0, "孕产妇死亡率（1/10万）")?;
            for (c, v) in [10.5, 10.2, 9.8].iter().enumerate() {
                s.write_number(2, 1 + c as u16, *v)?;
            }
            Ok(())
        },
    );
    save(
        &dir,
        "years_as_columns_beside_that_years_return@2024.xlsx",
        |wb| {
            form_of_year(
                wb.add_worksheet(),
                2024,
                "市卫生健康委",
                &[&[
                    S("F0103a"),
                    S("孕产妇死亡率"),
                    S("1/10万"),
                    N(10.3),
                    N(10.5),
                    Blank,
                ]],
            )
        },
    );
    save(&dir, "breakdown_in_brackets_after_the_name.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[
                &mmr(N(9.8)),
                &[
                    Blank,
                    S("孕产妇死亡率（城镇）"),
                    S("1/10万"),
                    N(8.6),
                    N(9.0),
                    Blank,
                ],
                &[
                    Blank,
                    S("孕产妇死亡率（农村）"),
                    S("1/10万"),
                    N(10.9),
                    N(11.4),
                    Blank,
                ],
                &[
                    Blank,
                    S("孕产妇死亡率（山区）"),
                    S("1/10万"),
                    N(12.0),
                    Blank,
                    Blank,
                ],
            ],
        )
    });
    save(&dir, "permille_in_brackets_after_the_name.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[&[
                S(""),
                S("艾滋病母婴传播率（‰）"),
                Blank,
                N(15.2),
                N(17.7),
                Blank,
            ]],
        )
    });
    save(&dir, "section_headings_and_column_numbers.xlsx", |wb| {
        form(
            wb.add_worksheet(),
            "市卫生健康委",
            &[
                &[S("甲"), S("乙"), S("丙"), N(1.0), N(2.0), S("丁")],
                &[Blank, S("一、妇女与健康"), Blank, Blank, Blank, Blank],
                &mmr(N(9.8)),
                &[Blank, S("（二）妇女与教育"), Blank, Blank, Blank, Blank],
                &[
                    Blank,
                    S("九年义务教育巩固率"),
                    S("%"),
                    N(99.3),
                    N(99.2),
                    Blank,
                ],
            ],
        )
    });
    save(
        &dir,
        "breakdowns_in_columns_without_a_year_header.xlsx",
        |wb| {
            let s = wb.add_worksheet();
            s.write_string(0, 0, "填报单位：市卫生健康委")?;
            for (c, h) in ["指标名称", "计量单位", "合计", "城镇", "农村"]
                .iter()
                .enumerate()
            {
                s.write_string(1, c as u16, *h)?;
            }
            s.write_string(2, 0, "孕产妇死亡率")?;
            s.write_string(2, 1, "1/10万")?;
            for (c, v) in [9.8, 8.6, 10.9].iter().enumerate() {
                s.write_number(2, 2 + c as u16, *v)?;
            }
            Ok(())
        },
    );
    save(
        &dir,
        "breakdown_column_the_indicator_does_not_have.xlsx",
        |wb| {
            let s = wb.add_worksheet();
            s.write_string(0, 0, "填报单位：市卫生健康委")?;
            let f = Format::new();
            s.merge_range(1, 0, 2, 0, "指标名称", &f)?;
            s.merge_range(1, 1, 1, 3, "本年", &f)?;
            for (c, h) in ["合计", "城镇", "农村"].iter().enumerate() {
                s.write_string(2, 1 + c as u16, *h)?;
            }
            s.write_string(3, 0, "适龄妇女宫颈癌人群筛查率（%）")?;
            for (c, v) in [72.4, 75.0, 69.1].iter().enumerate() {
                s.write_number(3, 1 + c as u16, *v)?;
            }
            Ok(())
        },
    );
    println!("wrote the messy corpus to {}", dir.display());
}
