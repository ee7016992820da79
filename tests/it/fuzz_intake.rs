//! Random cells and sheets through the cell parser and the layout detection: nothing may
//! panic, and every value read must come from a real cell and parse back to itself.
//!
//! Runs 2,000 sheets by default; `ATTAIN_FUZZ_SECONDS=600 cargo test --release --test
//! fuzz_intake -- --nocapture` keeps going for ten minutes and prints how many ran.

use std::path::Path;
use std::time::{Duration, Instant};

use attain::catalog;
use attain::intake::{CellValue, Matcher, read_cell, read_range, read_text};
use calamine::{CellErrorType, Data, Range};

/// xorshift64*: small, deterministic, good enough to spread inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "指标名称",
    "指标",
    "项目",
    "计量单位",
    "单位",
    "代码",
    "指标代码",
    "本年数值",
    "本年",
    "本期",
    "上年数值",
    "上年",
    "2025年",
    "2024年",
    "2025",
    "2020",
    "2021年",
    "2022",
    "2023年",
    "备注",
    "资料来源",
    "填报单位：市卫生健康委",
    "填报单位：",
    "负责人：张三",
    "填报日期：2026年3月15日",
    "填报日期",
    "注：",
    "其中：城镇",
    "其中：农村",
    "其中：女",
    "其中：",
    "城镇",
    "孕产妇死亡率",
    "孕产妇死亡率（1/10万）",
    "适龄妇女宫颈癌人群筛查率",
    "F0103a",
    "Ｆ０１０３ａ",
    "公民具备科学素质的比例",
    "其中：男",
    "目标编号",
    "目标内容",
    "自评结论",
    "已实现",
    "基本实现",
    "F0801",
    "主要措施",
    "%",
    "‰",
    "1/10万",
    "岁",
    "公斤",
    "—",
    "-",
    "/",
    "无",
    "暂无数据",
    "９．８",
    "1,234.5",
    "90.5%",
    "3.2‰",
    "约10",
    "1e400",
    "-0",
    "NaN",
    "inf",
    ".",
    "１２",
    "",
    " ",
    "\n",
    "＃",
    "#read(\"/etc/passwd\")",
    "]#panic(\"x\")[",
];

fn random_cell(rng: &mut Rng) -> Data {
    match rng.below(10) {
        0..=3 => Data::String(rng.pick(WORDS).to_string()),
        4 => Data::String(format!("{}{}", rng.pick(WORDS), rng.pick(WORDS))),
        5 => Data::Float((rng.next() % 2_000_000) as f64 / 100.0 - 1000.0),
        6 => Data::Int((rng.next() % 3000) as i64),
        7 => Data::Error(CellErrorType::Div0),
        8 => Data::Bool(rng.below(2) == 0),
        _ => Data::Empty,
    }
}

const HEADERS: &[&str] = &[
    "序号",
    "指标代码",
    "指标名称",
    "计量单位",
    "本年数值",
    "上年数值",
    "备注",
    "2025年",
    "2024年",
];
const NAMES: &[&str] = &[
    "孕产妇死亡率",
    "孕产妇死亡率（1/10万）",
    "其中：城镇",
    "其中：农村",
    "适龄妇女宫颈癌人群筛查率",
    "公民具备科学素质的比例",
    "其中：女",
    "其中：男",
    "不存在的指标",
    "",
    "负责人：李四",
    "高中阶段教育毛入学率",
];
const VALUES: &[&str] = &[
    "9.8",
    "１２．５",
    "90.5%",
    "3.2‰",
    "—",
    "",
    "约10",
    "1,234",
    "-1",
    "1e5",
];

/// A sheet shaped like a real form: title, header in random order, rows, footer.
fn structured_range(rng: &mut Rng) -> Range<Data> {
    let width = 4 + rng.below(5);
    let mut headers: Vec<&str> = (0..width).map(|_| rng.pick(HEADERS)).collect();
    headers[rng.below(width)] = "指标名称";
    headers[rng.below(width)] = "本年数值";
    let rows = 3 + rng.below(20);
    let top = rng.below(3) as u32;
    let mut range = Range::new((0, 0), (top + rows as u32 + 2, width as u32 - 1));
    range.set_value(
        (0, 0),
        Data::String("株洲市妇女发展规划统计监测报表".into()),
    );
    for (c, h) in headers.iter().enumerate() {
        range.set_value((top + 1, c as u32), Data::String(h.to_string()));
    }
    for r in 0..rows as u32 {
        for (c, h) in headers.iter().enumerate() {
            let cell = match *h {
                "指标名称" => Data::String(rng.pick(NAMES).into()),
                "计量单位" => Data::String(rng.pick(&["%", "1/10万", "‰", "岁", ""]).into()),
                "本年数值" | "上年数值" | "2025年" | "2024年" => match rng.below(3) {
                    0 => Data::Float((rng.next() % 100_000) as f64 / 100.0),
                    1 => Data::String(rng.pick(VALUES).into()),
                    _ => random_cell(rng),
                },
                _ => random_cell(rng),
            };
            if !matches!(cell, Data::Empty) {
                range.set_value((top + 2 + r, c as u32), cell);
            }
        }
    }
    range
}

fn random_range(rng: &mut Rng) -> Range<Data> {
    if rng.below(2) == 0 {
        return structured_range(rng);
    }
    let (r0, c0) = (rng.below(4) as u32, rng.below(4) as u32);
    let (h, w) = (1 + rng.below(30) as u32, 1 + rng.below(9) as u32);
    let mut range = Range::new((r0, c0), (r0 + h - 1, c0 + w - 1));
    for r in r0..r0 + h {
        for c in c0..c0 + w {
            // Mostly structured: a header-like first rows, then data-like rows.
            let cell = random_cell(rng);
            if !matches!(cell, Data::Empty) {
                range.set_value((r, c), cell);
            }
        }
    }
    range
}

fn check_text(text: &str) {
    if let CellValue::Number { value, .. } = read_text(text) {
        assert!(value.is_finite(), "{text:?} gave {value}");
    }
}

#[test]
fn random_cells_and_sheets_never_panic_and_read_true_values() {
    let catalog = catalog::load(&crate::common::sample_plan())
        .unwrap()
        .catalog;
    let matcher = Matcher::new(&catalog);
    let seconds: u64 = std::env::var("ATTAIN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut runs: u64 = 0;
    let mut read = 0u64;
    while runs < 2_000 || Instant::now() < deadline {
        // Free text through the value parser.
        let mut text = String::new();
        for _ in 0..rng.below(4) {
            text.push_str(rng.pick(WORDS));
        }
        if rng.below(4) == 0 {
            text.push(char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('?'));
        }
        check_text(&text);

        // A whole sheet through layout detection and row reading.
        let range = random_range(&mut rng);
        let year = 2020 + rng.below(7) as i32;
        let out = read_range(&range, Path::new("fuzz.xlsx"), "Sheet1", year, &matcher);
        for reading in &out.readings {
            let data = range
                .get_value((reading.cell.row, reading.cell.col))
                .unwrap_or_else(|| panic!("reading from outside the sheet: {}", reading.cell));
            match read_cell(data) {
                // The value itself, or converted between rate units (a power of ten)
                // when the row's unit or sign differs from the indicator's.
                CellValue::Number { value, .. } => {
                    let scaled = (-5..=5).any(|k| {
                        let factor: f64 = format!("1e{k}").parse().unwrap();
                        let converted: f64 = format!("{value}e{k}").parse().unwrap();
                        converted == reading.value || (value * factor - reading.value).abs() < 1e-9
                    });
                    assert!(
                        scaled,
                        "{}: {value} read as {}",
                        reading.cell, reading.value
                    );
                }
                other => panic!("{} read as {} from {other:?}", reading.cell, reading.value),
            }
            read += 1;
        }
        runs += 1;
    }
    println!("fuzz: {runs} sheets and texts, {read} values read, no panic");
}
