//! Writes the synthetic sample returns for a plan: one workbook per reporting member unit
//! per year, laid out like a statistics bureau's form.
//!
//! Usage: `cargo run --example make_sample_returns -- sample-data/zhuzhou/women.yaml`
//! reads `women.synthetic.yaml` beside the catalog and writes
//! `returns/women/<year>/<unit>.xlsx`. Units with a self-evaluation in the spec get the
//! `attain template` form, filled, in the plan's evaluation years. The values are
//! invented; the output is the same every run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use attain::catalog::{self, Catalog, Subject};
use attain::intake::{Conclusion, EvaluationPrefill, FORM_HEADERS, Prefill, write_template};
use attain::number::round_to;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use serde::Deserialize;

/// `<plan>.synthetic.yaml`: anchor values per indicator, deliberate conflicts and the
/// units' self-evaluations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    seed: u64,
    /// The last year to write; the plan's end year when absent (a ten-year plan's
    /// sample stops at its mid-term).
    #[serde(default)]
    last_year: Option<i32>,
    indicators: BTreeMap<String, IndicatorSpec>,
    /// Rows a unit reports although another unit is responsible, with a different value.
    #[serde(default)]
    conflicts: Vec<ConflictSpec>,
    /// Self-evaluations by unit, then by goal code (F0101): conclusion, measures,
    /// problems, next steps.
    #[serde(default)]
    self_evaluations: BTreeMap<String, BTreeMap<String, [String; 4]>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConflictSpec {
    indicator: String,
    unit: String,
    year: i32,
    value: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorSpec {
    /// Anchor values by year; years between are interpolated.
    values: BTreeMap<i32, f64>,
    decimals: usize,
    /// Offset of each breakdown from the total: one number, or anchors by year.
    #[serde(default)]
    breakdowns: BTreeMap<String, Offset>,
    /// Years left blank on purpose.
    #[serde(default)]
    missing: Vec<i32>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Offset {
    Fixed(f64),
    ByYear(BTreeMap<i32, f64>),
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let plan_path = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("用法：make-sample-returns <目标清单.yaml>")?,
    );
    let loaded = catalog::load(&plan_path)?;
    let catalog = &loaded.catalog;
    let dir = plan_path.parent().unwrap_or(Path::new("."));
    let stem = plan_path
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("目标清单文件名无效")?;
    let spec_path = dir.join(format!("{stem}.synthetic.yaml"));
    let spec: Spec = serde_yaml::from_str(&std::fs::read_to_string(&spec_path)?)
        .map_err(|e| format!("{}：{e}", spec_path.display()))?;
    check_spec(catalog, &spec)?;
    let out = dir.join("returns").join(stem);
    let evaluation_years: Vec<i32> = [
        catalog.plan.evaluations.midterm,
        catalog.plan.evaluations.final_year,
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut written = 0;
    let last_year = spec.last_year.unwrap_or(catalog.plan.end_year);
    for year in catalog.plan.baseline_year..=last_year {
        let year_dir = out.join(year.to_string());
        std::fs::create_dir_all(&year_dir)?;
        for unit in &catalog.units {
            let path = year_dir.join(format!("{}.xlsx", unit.name));
            let evaluations = spec.self_evaluations.get(&unit.name);
            if let Some(evaluations) = evaluations.filter(|_| evaluation_years.contains(&year)) {
                write_filled_template(catalog, &spec, &unit.name, year, evaluations, &path)?;
                written += 1;
                continue;
            }
            let rows: Vec<_> = catalog
                .indicators()
                .filter(|r| r.indicator.reporter == unit.name)
                .collect();
            let conflicts: Vec<_> = spec
                .conflicts
                .iter()
                .filter(|c| c.unit == unit.name && c.year == year)
                .collect();
            if rows.is_empty() && conflicts.is_empty() {
                continue;
            }
            write_return(catalog, &spec, &unit.name, year, &rows, &conflicts, &path)?;
            written += 1;
        }
    }
    println!("已写出 {written} 个工作簿到 {}", out.display());
    Ok(())
}

/// Every indicator has anchors; conflicts and self-evaluations name things that exist.
fn check_spec(catalog: &Catalog, spec: &Spec) -> Result<(), String> {
    for r in catalog.indicators() {
        if !spec.indicators.contains_key(&r.indicator.id) {
            return Err(format!("合成数据说明缺少指标 {}", r.indicator.id));
        }
    }
    for c in &spec.conflicts {
        if catalog.indicator(&c.indicator).is_none() {
            return Err(format!("冲突数据中的指标 {} 不在目标清单中", c.indicator));
        }
        if catalog.unit_named(&c.unit).is_none() {
            return Err(format!("冲突数据中的单位 {} 不在成员单位中", c.unit));
        }
        // Units with a self-evaluation get the template form in evaluation years, which
        // has no room for a row the unit does not answer for.
        let evaluation_year = [
            catalog.plan.evaluations.midterm,
            catalog.plan.evaluations.final_year,
        ]
        .contains(&Some(c.year));
        if evaluation_year && spec.self_evaluations.contains_key(&c.unit) {
            return Err(format!(
                "冲突数据放在了 {} {} 年的自评表格中，模板表格不能容纳别的单位的指标；请换一个单位",
                c.unit, c.year
            ));
        }
    }
    for (unit, goals) in &spec.self_evaluations {
        if catalog.unit_named(unit).is_none() {
            return Err(format!("自评中的单位 {unit} 不在成员单位中"));
        }
        for (code, [conclusion, ..]) in goals {
            if catalog.goal_by_code(code).is_none() {
                return Err(format!("自评中的目标编号 {code} 不在目标清单中"));
            }
            if Conclusion::parse(conclusion).is_none() {
                return Err(format!("{unit} 对 {code} 的自评结论“{conclusion}”无效"));
            }
        }
    }
    Ok(())
}

/// The `attain template` form of `unit`, filled with its values and self-evaluation.
fn write_filled_template(
    catalog: &Catalog,
    spec: &Spec,
    unit: &str,
    year: i32,
    evaluations: &BTreeMap<String, [String; 4]>,
    path: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut prefill = Prefill::new();
    for r in catalog
        .indicators()
        .filter(|r| r.indicator.reporter == unit)
    {
        let id = &r.indicator.id;
        if let Some(v) = total(spec, id, year) {
            prefill.insert((id.clone(), None), v);
        }
        for group in &r.indicator.breakdowns {
            if let Some(v) = breakdown(spec, id, group, year) {
                prefill.insert((id.clone(), Some(group.clone())), v);
            }
        }
    }
    let mut filled = EvaluationPrefill::new();
    for (code, [conclusion, measures, problems, plans]) in evaluations {
        let goal = catalog.goal_by_code(code).ok_or("目标编号无效")?;
        let conclusion = Conclusion::parse(conclusion).ok_or("自评结论无效")?;
        filled.insert(
            goal,
            (
                conclusion,
                measures.clone(),
                problems.clone(),
                plans.clone(),
            ),
        );
    }
    let bytes = write_template(catalog, unit, year, None, &prefill, &filled)?;
    std::fs::write(path, bytes)?;
    Ok(())
}

/// A number in [-1, 1] that depends only on its inputs.
fn noise(seed: u64, id: &str, year: i32) -> f64 {
    // FNV-1a: small, stable across platforms and Rust versions.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in id.bytes().chain(year.to_le_bytes()) {
        hash ^= byte as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % 20_001) as f64 / 10_000.0 - 1.0
}

/// Linear interpolation between anchors; flat outside them.
fn interpolate(anchors: &BTreeMap<i32, f64>, year: i32) -> f64 {
    if let Some(v) = anchors.get(&year) {
        return *v;
    }
    let before = anchors.range(..year).next_back();
    let after = anchors.range(year..).next();
    match (before, after) {
        (Some((y0, v0)), Some((y1, v1))) => v0 + (v1 - v0) * (year - y0) as f64 / (y1 - y0) as f64,
        (Some((_, v)), None) | (None, Some((_, v))) => *v,
        (None, None) => 0.0,
    }
}

/// The total of an indicator in a year, or `None` when left blank on purpose.
fn total(spec: &Spec, id: &str, year: i32) -> Option<f64> {
    let s = &spec.indicators[id];
    if s.missing.contains(&year) {
        return None;
    }
    let base = interpolate(&s.values, year);
    let anchored = s.values.contains_key(&year);
    let span = {
        let (first, last) = (s.values.values().next(), s.values.values().next_back());
        match (first, last) {
            (Some(a), Some(b)) => (b - a).abs(),
            _ => 0.0,
        }
    };
    // Anchors are exact; years between wobble by up to 8% of the whole change.
    let wobble = if anchored {
        0.0
    } else {
        noise(spec.seed, id, year) * span * 0.08
    };
    Some(round_to(base + wobble, s.decimals))
}

fn breakdown(spec: &Spec, id: &str, group: &str, year: i32) -> Option<f64> {
    let s = &spec.indicators[id];
    let base = total(spec, id, year)?;
    let offset = match s.breakdowns.get(group)? {
        Offset::Fixed(v) => *v,
        Offset::ByYear(anchors) => interpolate(anchors, year),
    };
    Some(round_to(base + offset, s.decimals))
}

fn write_return(
    catalog: &Catalog,
    spec: &Spec,
    unit: &str,
    year: i32,
    rows: &[catalog::IndicatorRef<'_>],
    conflicts: &[&ConflictSpec],
    path: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the files byte-stable across runs.
    let (month, day) = (3, 5 + (noise(spec.seed, unit, year).abs() * 20.0) as u8);
    workbook.set_properties(
        &DocProperties::new()
            .set_author(unit)
            .set_creation_datetime(&ExcelDateTime::from_ymd((year + 1) as u16, month, day)?),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("监测数据")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_background_color("#D9E1F2");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let number = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Right);

    let subject = match catalog.plan.subject {
        Subject::Women => "妇女",
        Subject::Children => "儿童",
    };
    sheet.merge_range(
        0,
        0,
        0,
        6,
        &format!(
            "{}{subject}发展规划统计监测报表（{year}年）",
            catalog.plan.locality
        ),
        &title,
    )?;
    sheet.write_string(1, 0, format!("填报单位：{unit}"))?;
    sheet.write_string(1, 5, "计量单位见各行")?;
    for (c, h) in FORM_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &header)?;
    }
    for (c, width) in [6, 10, 40, 10, 12, 12, 16].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }

    let mut row = 3u32;
    let mut serial = 0;
    for r in rows {
        let ind = r.indicator;
        serial += 1;
        let write_values = |sheet: &mut rust_xlsxwriter::Worksheet,
                            row: u32,
                            now: Option<f64>,
                            before: Option<f64>|
         -> Result<(), rust_xlsxwriter::XlsxError> {
            for (col, value) in [(4u16, now), (5u16, before)] {
                match value {
                    Some(v) => {
                        sheet.write_number_with_format(row, col, v, &number)?;
                    }
                    // Units leave cells empty or type a dash; both mean no data.
                    None if col == 4 && serial % 2 == 0 => {
                        sheet.write_string_with_format(row, col, "—", &number)?;
                    }
                    None => {
                        sheet.write_blank(row, col, &number)?;
                    }
                }
            }
            Ok(())
        };
        let now = total(spec, &ind.id, year);
        let before = (year > catalog.plan.baseline_year)
            .then(|| total(spec, &ind.id, year - 1))
            .flatten();
        sheet.write_number_with_format(row, 0, serial as f64, &cell)?;
        sheet.write_string_with_format(row, 1, r.code(catalog.plan.subject), &cell)?;
        sheet.write_string_with_format(row, 2, &ind.name, &cell)?;
        sheet.write_string_with_format(row, 3, ind.unit.symbol(), &cell)?;
        write_values(sheet, row, now, before)?;
        let note = if now.is_none() { "数据暂缺" } else { "" };
        sheet.write_string_with_format(row, 6, note, &cell)?;
        row += 1;
        for group in &ind.breakdowns {
            let now = breakdown(spec, &ind.id, group, year);
            let before = (year > catalog.plan.baseline_year)
                .then(|| breakdown(spec, &ind.id, group, year - 1))
                .flatten();
            sheet.write_blank(row, 0, &cell)?;
            sheet.write_blank(row, 1, &cell)?;
            sheet.write_string_with_format(row, 2, format!("  其中：{group}"), &cell)?;
            sheet.write_string_with_format(row, 3, ind.unit.symbol(), &cell)?;
            write_values(sheet, row, now, before)?;
            sheet.write_blank(row, 6, &cell)?;
            row += 1;
        }
    }
    // A row the unit keeps although another unit now answers for it.
    for conflict in conflicts {
        let Some(r) = catalog
            .indicators()
            .find(|r| r.indicator.id == conflict.indicator)
        else {
            continue;
        };
        serial += 1;
        sheet.write_number_with_format(row, 0, serial as f64, &cell)?;
        sheet.write_string_with_format(row, 1, r.code(catalog.plan.subject), &cell)?;
        sheet.write_string_with_format(row, 2, &r.indicator.name, &cell)?;
        sheet.write_string_with_format(row, 3, r.indicator.unit.symbol(), &cell)?;
        sheet.write_number_with_format(row, 4, conflict.value, &number)?;
        sheet.write_blank(row, 5, &number)?;
        sheet.write_string_with_format(row, 6, "本单位统计口径", &cell)?;
        row += 1;
    }
    row += 1;
    sheet.write_string(
        row,
        0,
        format!(
            "单位负责人：王××　　统计负责人：李××　　填报人：张××　　填报日期：{}年{month}月{day}日",
            year + 1
        ),
    )?;
    workbook.save(path)?;
    Ok(())
}
