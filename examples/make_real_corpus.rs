//! Writes the real-returns corpus in `tests/corpus/real/`: one city's women's-plan returns
//! for 2025 as five member units send them (the sample plan `sample-data/zhuzhou/women.yaml`),
//! one workbook per way they differ from the template, each named for what it proves. It
//! also writes `present.tsv`, every value a careful clerk would read from each workbook,
//! and `指标对照.xlsx`, the mapping file as a clerk leaves it after confirming the names
//! `attain check` proposed. `tests/it/real_corpus.rs` reads every workbook (as .xlsx, .xls
//! and .ods) and compares what intake reads with `present.tsv`.
//!
//! `cargo run --example make_real_corpus` rewrites the .xlsx files; the .xls and .ods files
//! are converted from them with LibreOffice as `tests/corpus/README.md` says.

use std::io::{Read, Write};
use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

/// Every value written that a clerk would read: (case, year, catalog name, breakdown, value).
#[derive(Default)]
struct Present(Vec<(String, i32, String, String, String)>);

impl Present {
    fn add(&mut self, case: &str, year: i32, name: &str, breakdown: &str, value: f64) {
        self.0.push((
            case.into(),
            year,
            name.into(),
            breakdown.into(),
            format!("{value}"),
        ));
    }
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

/// Removes the saved result of every formula written with an empty result, as some
/// programs save formulas: `<c r="F6" t="str"><f>50.2+0.4</f><v></v></c>` becomes
/// `<c r="F6"><f>50.2+0.4</f></c>`.
fn drop_empty_results(path: &Path) {
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

fn strings(sheet: &mut Worksheet, row: u32, col: u16, texts: &[&str]) -> Result<(), XlsxError> {
    for (i, t) in texts.iter().enumerate() {
        if !t.is_empty() {
            sheet.write_string(row, col + i as u16, *t)?;
        }
    }
    Ok(())
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real");
    std::fs::create_dir_all(&dir).unwrap();
    let mut present = Present::default();
    let merge = Format::new()
        .set_align(rust_xlsxwriter::FormatAlign::Center)
        .set_align(rust_xlsxwriter::FormatAlign::VerticalCenter);

    // 1. 市卫生健康委: the full official name with 盖章, row numbers in every style, names
    //    that differ from the catalog's, 全市 and the city's name before names, a unit in
    //    brackets, breakdown rows, years as the value headers.
    let case = "full_official_unit_name_and_names_as_written";
    save(&dir, &format!("{case}.xlsx"), |wb| {
        let s = wb.add_worksheet().set_name("监测数据")?;
        s.merge_range(
            0,
            0,
            0,
            5,
            "株洲市妇女发展规划（2021—2025年）2025年度监测数据",
            &merge,
        )?;
        s.write_string(1, 0, "填报单位（盖章）：株洲市卫生健康委员会")?;
        strings(
            s,
            2,
            0,
            &["序号", "指标名称", "计量单位", "2025年", "2024年", "备注"],
        )?;
        // (row number, name as written, unit, 2025, 2024, catalog name, breakdown)
        let rows: &[(&str, &str, &str, f64, f64, &str, &str)] = &[
            (
                "1",
                "1、妇女人均预期寿命",
                "岁",
                81.06,
                80.9,
                "女性人均预期寿命",
                "",
            ),
            (
                "2",
                "（二）孕产妇死亡率",
                "1/10万",
                9.8,
                10.2,
                "孕产妇死亡率",
                "",
            ),
            ("", "其中：城镇", "1/10万", 8.6, 9.1, "孕产妇死亡率", "城镇"),
            ("", "农村", "1/10万", 10.9, 11.9, "孕产妇死亡率", "农村"),
            (
                "3",
                "3. 适龄妇女宫颈癌人群筛查率",
                "%",
                72.4,
                70.0,
                "适龄妇女宫颈癌人群筛查率",
                "",
            ),
            (
                "4",
                "4．乳腺癌人群筛查率",
                "%",
                66.8,
                64.1,
                "适龄妇女乳腺癌人群筛查率",
                "",
            ),
            (
                "5",
                "⑤艾滋病母婴传播率（%）",
                "",
                1.52,
                1.77,
                "艾滋病母婴传播率",
                "",
            ),
            (
                "6",
                "6、全市孕产妇贫血患病率",
                "%",
                13.2,
                13.9,
                "孕产妇贫血患病率",
                "",
            ),
            (
                "7",
                "7、株洲市妇女健康素养水平",
                "%",
                31.8,
                30.3,
                "妇女健康素养水平",
                "",
            ),
        ];
        for (i, (number, name, unit, now, before, catalog, breakdown)) in rows.iter().enumerate() {
            let r = 3 + i as u32;
            strings(s, r, 0, &[number, name, unit])?;
            // 72.4 is typed as text with its sign, as it often is.
            if *now == 72.4 {
                s.write_string(r, 3, "72.4%")?;
            } else {
                s.write_number(r, 3, *now)?;
            }
            s.write_number(r, 4, *before)?;
            present.add(case, 2025, catalog, breakdown, *now);
            present.add(case, 2024, catalog, breakdown, *before);
        }
        s.write_string(
            13,
            0,
            "负责人：李××　　填报人：王××　　联系电话：0731-2822××××　　填报日期：2026年3月10日",
        )?;
        let notes = wb.add_worksheet().set_name("指标解释")?;
        strings(notes, 0, 0, &["指标", "定义", "资料来源"])?;
        strings(
            notes,
            1,
            0,
            &["孕产妇死亡率", "每十万例活产中孕产妇死亡数", "妇幼卫生年报"],
        )?;
        Ok(())
    });

    // 2. 市统计局: values by sex in columns under merged two-level headers, years above
    //    计/女/男; the 填报单位 with the city's name.
    let case = "breakdowns_in_columns_under_merged_year_headers";
    save(&dir, &format!("{case}.xlsx"), |wb| {
        let s = wb.add_worksheet().set_name("Sheet1")?;
        s.merge_range(
            0,
            0,
            0,
            7,
            "2025年妇女发展规划统计监测指标（统计部门）",
            &merge,
        )?;
        s.write_string(1, 0, "填报单位：株洲市统计局")?;
        s.merge_range(2, 0, 3, 0, "指标名称", &merge)?;
        s.merge_range(2, 1, 3, 1, "计量单位", &merge)?;
        s.merge_range(2, 2, 2, 4, "2025年", &merge)?;
        s.merge_range(2, 5, 2, 7, "2024年", &merge)?;
        strings(s, 3, 2, &["计", "女", "男", "计", "女", "男"])?;
        // (name, unit, [2025 计 女 男], [2024 计 女 男]); NaN leaves the cell empty.
        let e = f64::NAN;
        let rows: &[(&str, &str, [f64; 3], [f64; 3])] = &[
            (
                "就业人员年人均收入",
                "元",
                [68500.0, 61200.0, 74800.0],
                [65800.0, 58600.0, 72100.0],
            ),
            ("日均家务劳动时间", "小时", [2.6, 3.4, 1.8], [2.7, 3.5, 1.9]),
            ("女性就业率", "%", [64.1, e, e], [63.8, e, e]),
            ("全部就业人员中女性比例", "%", [44.4, e, e], [44.4, e, e]),
            ("女性平均受教育年限", "年", [10.58, e, e], [10.46, e, e]),
        ];
        for (i, (name, unit, now, before)) in rows.iter().enumerate() {
            let r = 4 + i as u32;
            strings(s, r, 0, &[name, unit])?;
            for (year, values, col) in [(2025, now, 2u16), (2024, before, 5u16)] {
                for (k, (v, breakdown)) in values.iter().zip(["", "女", "男"]).enumerate() {
                    if v.is_nan() {
                        continue;
                    }
                    s.write_number(r, col + k as u16, *v)?;
                    present.add(case, year, name, breakdown, *v);
                }
            }
        }
        s.write_string(
            10,
            0,
            "单位负责人：赵××　　统计负责人：钱××　　填表人：孙××",
        )?;
        s.write_string(11, 0, "报出日期：2026年3月12日")?;
        Ok(())
    });

    // 3. 市民政局: the years as columns, inside the 2025 folder, with a combined 指标（单位）
    //    header, row numbers (1) …, formulas saved without their result, a name that
    //    differs from the catalog's, and the unit in the footer.
    let case = "years_as_columns_in_a_year_folder_with_formulas";
    save(&dir, &format!("{case}.xlsx"), |wb| {
        let s = wb.add_worksheet().set_name("民政")?;
        s.set_formula_result_default("");
        s.write_string(0, 0, "妇女参与决策和管理相关指标（2021—2025年）")?;
        strings(
            s,
            1,
            0,
            &[
                "指标（单位）",
                "2021年",
                "2022年",
                "2023年",
                "2024年",
                "2025年",
            ],
        )?;
        let rows: &[(&str, &str, [f64; 5])] = &[
            (
                "(1)村委会成员中女性比例（%）",
                "村委会成员中女性比例",
                [24.6, 25.3, 26.1, 26.8, 27.5],
            ),
            (
                "(2)村主职中女性比例（%）",
                "村主职干部中女性比例",
                [10.2, 10.9, 11.4, 11.8, 12.3],
            ),
            (
                "(3)社区居委会成员中女性比例（%）",
                "社区居委会成员中女性比例",
                [49.1, 49.6, 50.0, 50.2, 50.6],
            ),
            (
                "(4)社区居委会主任中女性比例（%）",
                "社区居委会主任中女性比例",
                [40.3, 41.0, 41.8, 42.5, 43.7],
            ),
            (
                "(5)社会组织负责人中女性比例（%）",
                "社会组织负责人中女性比例",
                [28.4, 29.0, 29.9, 30.6, 31.2],
            ),
        ];
        for (i, (written, catalog, values)) in rows.iter().enumerate() {
            let r = 2 + i as u32;
            s.write_string(r, 0, *written)?;
            for (k, v) in values.iter().enumerate() {
                let col = 1 + k as u16;
                let year = 2021 + k as i32;
                match (i, year) {
                    // Typed as formulas; saved without a result.
                    (2, 2025) => {
                        s.write_formula(r, col, Formula::new("=50.2+0.4"))?;
                    }
                    (3, 2025) => {
                        s.write_formula(r, col, Formula::new("=E6+1.2"))?;
                    }
                    _ => {
                        s.write_number(r, col, *v)?;
                    }
                }
                present.add(case, year, catalog, "", *v);
            }
        }
        s.write_string(8, 0, "报送单位（盖章）：株洲市民政局")?;
        s.write_string(9, 0, "填报日期：2026年3月9日")?;
        Ok(())
    });
    drop_empty_results(&dir.join(format!("{case}.xlsx")));

    // 4. 市委组织部 and 市医疗保障局: two units' sheets in one workbook, named after the
    //    units; the 医保局 sheet with three header rows (数值 › 本年/上年 › 合计/城镇/农村).
    let case = "two_units_sheets_in_one_workbook";
    save(&dir, &format!("{case}.xlsx"), |wb| {
        let s = wb.add_worksheet().set_name("市委组织部")?;
        s.write_string(0, 0, "填报单位：株洲市委组织部")?;
        strings(s, 1, 0, &["指标名称", "单位", "本年", "上年"])?;
        let rows: &[(&str, f64, f64)] = &[
            ("党员中女性比例", 29.8, 29.3),
            ("党代会代表中女党员代表比例", 31.5, 31.5),
            ("村党组织书记中女性比例", 12.6, 11.9),
        ];
        for (i, (name, now, before)) in rows.iter().enumerate() {
            let r = 2 + i as u32;
            strings(s, r, 0, &[name, "%"])?;
            s.write_number(r, 2, *now)?;
            s.write_number(r, 3, *before)?;
            present.add(case, 2025, name, "", *now);
            present.add(case, 2024, name, "", *before);
        }

        let s = wb.add_worksheet().set_name("医保局")?;
        s.merge_range(0, 0, 0, 7, "医疗保障相关指标", &merge)?;
        s.merge_range(1, 0, 3, 0, "指标", &merge)?;
        s.merge_range(1, 1, 3, 1, "计量单位", &merge)?;
        s.merge_range(1, 2, 1, 7, "数值", &merge)?;
        s.merge_range(2, 2, 2, 4, "本年", &merge)?;
        s.merge_range(2, 5, 2, 7, "上年", &merge)?;
        strings(s, 3, 2, &["合计", "城镇", "农村", "合计", "城镇", "农村"])?;
        let e = f64::NAN;
        let rows: &[(&str, [f64; 3], [f64; 3])] = &[
            (
                "住院分娩医疗费用医保报销比例",
                [72.5, 75.1, 69.8],
                [70.9, 73.6, 68.0],
            ),
            ("生育保险参保率", [93.2, e, e], [92.4, e, e]),
        ];
        for (i, (name, now, before)) in rows.iter().enumerate() {
            let r = 4 + i as u32;
            strings(s, r, 0, &[name, "%"])?;
            for (year, values, col) in [(2025, now, 2u16), (2024, before, 5u16)] {
                for (k, (v, breakdown)) in values.iter().zip(["", "城镇", "农村"]).enumerate() {
                    if v.is_nan() {
                        continue;
                    }
                    s.write_number(r, col + k as u16, *v)?;
                    present.add(case, year, name, breakdown, *v);
                }
            }
        }
        s.write_string(7, 0, "填表人：周××　　填报日期：2026年3月11日")?;
        Ok(())
    });

    let mut tsv = String::from("# case\tyear\tindicator\tbreakdown\tvalue\n");
    for (case, year, name, breakdown, value) in &present.0 {
        tsv.push_str(&format!("{case}\t{year}\t{name}\t{breakdown}\t{value}\n"));
    }
    std::fs::write(dir.join("present.tsv"), tsv).unwrap();

    // The mapping file as a clerk leaves it: the names attain check proposed, confirmed.
    save(&dir, "指标对照.xlsx", |wb| {
        let s = wb.add_worksheet().set_name("指标对照")?;
        strings(
            s,
            0,
            0,
            &[
                "工作簿",
                "工作表",
                "单元格",
                "填报的名称",
                "对应的指标",
                "确认",
                "其他可能",
                "备注",
            ],
        )?;
        let rows: &[[&str; 6]] = &[
            [
                "2025/full_official_unit_name_and_names_as_written.xlsx",
                "监测数据",
                "B4",
                "1、妇女人均预期寿命",
                "女性人均预期寿命",
                "是",
            ],
            [
                "2025/full_official_unit_name_and_names_as_written.xlsx",
                "监测数据",
                "B9",
                "4．乳腺癌人群筛查率",
                "适龄妇女乳腺癌人群筛查率",
                "是",
            ],
            [
                "2025/years_as_columns_in_a_year_folder_with_formulas.xlsx",
                "民政",
                "A4",
                "(2)村主职中女性比例（%）",
                "村主职干部中女性比例",
                "是",
            ],
        ];
        for (i, row) in rows.iter().enumerate() {
            strings(s, 1 + i as u32, 0, row)?;
        }
        Ok(())
    });
    println!(
        "wrote the real corpus ({} values present) to {}",
        present.0.len(),
        dir.display()
    );
}
