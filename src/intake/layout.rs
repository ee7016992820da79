//! Finding the header of a returns table and the meaning of each column.
//!
//! A header is one to three rows. Its top row holds the indicator name column (`指标名称`,
//! `指标（单位）` …); the value columns are named by a year (`2025年`, a number `2025`), by
//! 本年/上年/基期, or, in a lower row under a merged cell, by a breakdown (`合计`/`城镇`/
//! `农村`, `计`/`女`/`男`, `小计`/`其中：女`) of the year above. An empty cell under a merged
//! header belongs to the nearest label to its left, as Excel shows it.

use calamine::{Data, Range};

use super::matcher::halfwidth;

/// Where the parts of a returns table are. Rows and columns are absolute, zero-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The last row of the header; data starts below it.
    pub header_row: u32,
    pub name_col: u32,
    pub code_col: Option<u32>,
    pub unit_col: Option<u32>,
    pub note_col: Option<u32>,
    /// The name column's header says the names carry their unit (`指标（单位）`).
    pub units_in_names: bool,
    /// The value columns, left to right.
    pub values: Vec<ValueColumn>,
}

/// One column of values: which year, and which breakdown (none for the total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueColumn {
    pub col: u32,
    pub year: ColumnYear,
    /// The breakdown as the header writes it (`城镇`, `女`), `其中` removed; `None` for the
    /// total (`合计`, `计`, `小计` or no breakdown row).
    pub breakdown: Option<String>,
}

/// The year a value column is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnYear {
    /// 本年, 本期: the workbook's year.
    Current,
    /// 上年, 上期: the year before.
    Previous,
    /// 基期: the plan's baseline year.
    Baseline,
    /// A year written out: `2025年`, `2025`.
    Year(i32),
}

/// A value column to read: the column, its year, its breakdown, and whether the year is
/// another than the workbook's own (a 上年 or 基期 column, or another year's column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSlot<'l> {
    pub col: u32,
    pub year: i32,
    pub breakdown: Option<&'l str>,
    pub other_year: bool,
}

impl Layout {
    /// The value columns of a workbook of `year`, with their years.
    pub fn value_columns(&self, year: i32, baseline_year: i32) -> Vec<ValueSlot<'_>> {
        self.values
            .iter()
            .map(|v| {
                let (value_year, other_year) = match v.year {
                    ColumnYear::Current => (year, false),
                    ColumnYear::Previous => (year - 1, true),
                    ColumnYear::Baseline => (baseline_year, true),
                    ColumnYear::Year(y) => (y, y != year),
                };
                ValueSlot {
                    col: v.col,
                    year: value_year,
                    breakdown: v.breakdown.as_deref(),
                    other_year,
                }
            })
            .collect()
    }

    /// Whether the table holds a column for `year` itself.
    pub fn has_year(&self, year: i32) -> bool {
        self.values
            .iter()
            .any(|v| matches!(v.year, ColumnYear::Current) || v.year == ColumnYear::Year(year))
    }
}

/// How many rows from the top a header may sit.
const HEADER_SEARCH_ROWS: usize = 40;

/// Text of a cell with all white space removed; empty for non-text cells.
pub fn cell_text(data: &Data) -> String {
    match data {
        Data::String(s) => s.chars().filter(|c| !c.is_whitespace()).collect(),
        _ => String::new(),
    }
}

/// A header cell's text: half-width, no white space; a whole number as its digits (a year
/// typed as a number).
fn header_text(data: &Data) -> String {
    match data {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e6 => format!("{f}"),
        Data::Int(i) => i.to_string(),
        _ => halfwidth(&cell_text(data)),
    }
}

/// Finds the header of a returns table: the first row with a column of indicator names
/// whose header (with up to two rows below it) names at least one value column.
pub fn detect(range: &Range<Data>) -> Option<Layout> {
    let (row0, col0) = range.start()?;
    let (_, end_col) = range.end()?;
    let text_at = |r: u32, c: u32| header_text(range.get_value((r, c)).unwrap_or(&Data::Empty));
    for (r, row) in range.rows().enumerate().take(HEADER_SEARCH_ROWS) {
        let top = row0 + r as u32;
        let mut fixed = Fixed::default();
        for (c, cell) in row.iter().enumerate() {
            let col = col0 + c as u32;
            match classify(&header_text(cell)) {
                Some(Label::Name { with_unit }) if fixed.name.is_none() => {
                    fixed.name = Some(col);
                    fixed.units_in_names = with_unit;
                }
                Some(Label::Code) => {
                    fixed.code.get_or_insert(col);
                }
                Some(Label::Unit) => {
                    fixed.unit.get_or_insert(col);
                }
                Some(Label::Note) => {
                    fixed.note.get_or_insert(col);
                }
                _ => {}
            }
        }
        let Some(name_col) = fixed.name else {
            continue;
        };
        // The header band: this row and up to two rows below that hold only labels.
        let mut band = vec![top];
        for next in top + 1..=top + 2 {
            if is_sub_header(range, next, name_col, col0, end_col) {
                band.push(next);
            } else {
                break;
            }
        }
        let is_fixed =
            |c: u32| [Some(name_col), fixed.code, fixed.unit, fixed.note].contains(&Some(c));
        // Each band row's labels, an empty cell under a merged header taking the label
        // to its left when a lower row labels the column.
        let mut labels: Vec<Vec<String>> = Vec::new();
        for (i, &h) in band.iter().enumerate() {
            let mut row_labels = Vec::new();
            let mut carried = String::new();
            for c in col0..=end_col {
                let own = text_at(h, c);
                let below = band[i + 1..].iter().any(|&b| !text_at(b, c).is_empty());
                let label = if is_fixed(c) {
                    carried.clear();
                    String::new()
                } else if !own.is_empty() {
                    carried = own.clone();
                    own
                } else if below {
                    carried.clone()
                } else {
                    carried.clear();
                    String::new()
                };
                row_labels.push(label);
            }
            labels.push(row_labels);
        }
        let mut values: Vec<ValueColumn> = Vec::new();
        let mut totals_only = Vec::new();
        for c in col0..=end_col {
            if is_fixed(c) {
                continue;
            }
            let column: Vec<&str> = labels
                .iter()
                .map(|l| l[(c - col0) as usize].as_str())
                .collect();
            let year_at = column
                .iter()
                .rposition(|l| matches!(classify(l), Some(Label::Value(_))));
            let breakdown_below = |from: usize| {
                column[from..]
                    .iter()
                    .rev()
                    .find(|l| !l.is_empty() && !is_generic(l) && classify(l).is_none())
                    .map(|l| breakdown_of(l))
            };
            match year_at {
                Some(at) => {
                    let Some(Label::Value(year)) = classify(column[at]) else {
                        unreachable!("found above");
                    };
                    let breakdown = breakdown_below(at + 1).flatten();
                    if !values
                        .iter()
                        .any(|v| v.year == year && v.breakdown == breakdown)
                    {
                        values.push(ValueColumn {
                            col: c,
                            year,
                            breakdown,
                        });
                    }
                }
                None => {
                    // 合计/城镇/农村 with no year over them: this year's form.
                    if let Some(b) = breakdown_below(0)
                        && column.iter().any(|l| is_breakdown_word(l))
                    {
                        totals_only.push((c, b));
                    }
                }
            }
        }
        if values.is_empty() && totals_only.iter().any(|(_, b)| b.is_none()) {
            for (col, breakdown) in totals_only {
                if !values.iter().any(|v| v.breakdown == breakdown) {
                    values.push(ValueColumn {
                        col,
                        year: ColumnYear::Current,
                        breakdown,
                    });
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        return Some(Layout {
            header_row: *band.last().expect("band holds the top row"),
            name_col,
            code_col: fixed.code,
            unit_col: fixed.unit,
            note_col: fixed.note,
            units_in_names: fixed.units_in_names,
            values,
        });
    }
    None
}

#[derive(Default)]
struct Fixed {
    name: Option<u32>,
    code: Option<u32>,
    unit: Option<u32>,
    note: Option<u32>,
    units_in_names: bool,
}

/// Whether row `r` continues a header: no numbers, nothing in the name column but a
/// header word, and at least one label that names a year or a breakdown.
fn is_sub_header(range: &Range<Data>, r: u32, name_col: u32, col0: u32, end_col: u32) -> bool {
    let (end_row, _) = range.end().unwrap_or((0, 0));
    if r > end_row {
        return false;
    }
    let get = |c: u32| range.get_value((r, c)).unwrap_or(&Data::Empty);
    let name = header_text(get(name_col));
    if !name.is_empty() && !matches!(classify(&name), Some(Label::Name { .. })) {
        return false;
    }
    let mut labelled = false;
    for c in col0..=end_col {
        match get(c) {
            Data::Float(f) if !(f.fract() == 0.0 && (1949.0..=2100.0).contains(f)) => {
                return false;
            }
            Data::Int(i) if !(1949..=2100).contains(i) => return false,
            _ => {}
        }
        let text = header_text(get(c));
        labelled |= matches!(classify(&text), Some(Label::Value(_))) || is_breakdown_word(&text);
    }
    labelled
}

/// Words of a breakdown row.
const BREAKDOWN_WORDS: &[&str] = &[
    "城镇", "农村", "城市", "乡村", "城区", "女", "男", "女性", "男性", "女童", "男童",
];
/// Words for the total in a breakdown row.
const TOTAL_WORDS: &[&str] = &["合计", "总计", "小计", "计", "总数", "全部", "总体", "全市"];

fn is_breakdown_word(text: &str) -> bool {
    let text = strip_of_which(text);
    BREAKDOWN_WORDS.contains(&text) || TOTAL_WORDS.contains(&text)
}

/// `其中：女` → `女`.
fn strip_of_which(text: &str) -> &str {
    text.strip_prefix("其中")
        .map(|rest| rest.trim_start_matches([':', '：']))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(text)
}

/// The breakdown a header label names: `None` for the total.
fn breakdown_of(label: &str) -> Option<String> {
    let label = strip_of_which(label);
    (!TOTAL_WORDS.contains(&label)).then(|| label.to_string())
}

/// Header words that say nothing about the column: `数值` over 本年/上年.
fn is_generic(text: &str) -> bool {
    [
        "数值",
        "数据",
        "指标值",
        "填报数",
        "填报数值",
        "统计数",
        "值",
    ]
    .contains(&text)
}

enum Label {
    Name { with_unit: bool },
    Code,
    Unit,
    Note,
    Value(ColumnYear),
}

/// What a (half-width) header label names.
fn classify(text: &str) -> Option<Label> {
    const NAMES: &[&str] = &[
        "指标名称",
        "指标",
        "项目",
        "指标项目",
        "项目名称",
        "监测指标",
        "监测指标名称",
    ];
    const CODES: &[&str] = &["指标代码", "代码", "编码", "指标编码", "编号", "指标编号"];
    const UNITS: &[&str] = &["计量单位", "单位"];
    const NOTES: &[&str] = &["备注", "资料来源", "数据来源", "说明"];
    if text.is_empty() {
        return None;
    }
    if NAMES.contains(&text) {
        return Some(Label::Name { with_unit: false });
    }
    // 指标（单位）, 指标名称(计量单位), 指标名称及计量单位
    for unit in UNITS {
        for form in [format!("({unit})"), format!("及{unit}"), format!("/{unit}")] {
            if let Some(name) = text.strip_suffix(form.as_str())
                && NAMES.contains(&name)
            {
                return Some(Label::Name { with_unit: true });
            }
        }
    }
    if CODES.contains(&text) {
        return Some(Label::Code);
    }
    if UNITS.contains(&text) {
        return Some(Label::Unit);
    }
    if NOTES.iter().any(|n| text.starts_with(n)) {
        return Some(Label::Note);
    }
    if text.starts_with("基期") || text.contains("(基期)") {
        return Some(Label::Value(ColumnYear::Baseline));
    }
    if let Some(year) = header_year(text) {
        return year.map(|y| Label::Value(ColumnYear::Year(y)));
    }
    if ["本年", "本期", "当年", "今年"]
        .iter()
        .any(|p| text.starts_with(p))
    {
        return Some(Label::Value(ColumnYear::Current));
    }
    if ["上年", "上期", "去年"].iter().any(|p| text.starts_with(p)) {
        return Some(Label::Value(ColumnYear::Previous));
    }
    None
}

/// A header opening with a year: `2025`, `2025年`, `2025年数值`, `2025年1-12月`. `Some(None)`
/// when the year heads something other than that year's value (`2025年目标值`,
/// `2025年比上年增长`).
fn header_year(text: &str) -> Option<Option<i32>> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 {
        return None;
    }
    let year: i32 = digits.parse().ok()?;
    if !(1949..=2100).contains(&year) {
        return None;
    }
    let rest = &text[4..];
    if !(rest.is_empty() || rest.starts_with('年')) {
        return None;
    }
    const NOT_A_VALUE: &[&str] = &[
        "目标", "规划", "计划", "预计", "增", "减", "变化", "比", "差",
    ];
    Some((!NOT_A_VALUE.iter().any(|w| rest.contains(w))).then_some(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(rows: &[&[&str]]) -> Range<Data> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut range = Range::new((0, 0), (rows.len() as u32 - 1, width as u32 - 1));
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    range.set_value((r as u32, c as u32), Data::String(text.to_string()));
                }
            }
        }
        range
    }

    fn col(col: u32, year: ColumnYear, breakdown: Option<&str>) -> ValueColumn {
        ValueColumn {
            col,
            year,
            breakdown: breakdown.map(str::to_string),
        }
    }

    use ColumnYear::{Baseline, Current, Previous, Year};

    #[test]
    fn finds_a_header_below_title_rows() {
        let sheet = range(&[
            &["株洲市妇女发展规划监测统计表（2025年）"],
            &["填报单位：市卫生健康委"],
            &[
                "序号",
                "指标代码",
                "指标名称",
                "计量单位",
                "本年数值",
                "上年数值",
                "备注",
            ],
            &["1", "F0103a", "孕产妇死亡率", "1/10万", "9.8", "10.4", ""],
        ]);
        let layout = detect(&sheet).unwrap();
        assert_eq!(
            layout,
            Layout {
                header_row: 2,
                name_col: 2,
                code_col: Some(1),
                unit_col: Some(3),
                note_col: Some(6),
                units_in_names: false,
                values: vec![col(4, Current, None), col(5, Previous, None)],
            }
        );
    }

    #[test]
    fn years_as_columns() {
        let sheet = range(&[&["指标名称", "单位", "2020年", "2021年", "2022年", "备注"]]);
        let layout = detect(&sheet).unwrap();
        assert_eq!(
            layout.values,
            vec![
                col(2, Year(2020), None),
                col(3, Year(2021), None),
                col(4, Year(2022), None)
            ]
        );
        let slots = layout.value_columns(2021, 2020);
        assert_eq!(
            slots
                .iter()
                .map(|s| (s.col, s.year, s.other_year))
                .collect::<Vec<_>>(),
            vec![(2, 2020, true), (3, 2021, false), (4, 2022, true)]
        );
    }

    #[test]
    fn year_headers_and_the_baseline() {
        let sheet = range(&[&[
            "指 标",
            "单位",
            "2025年",
            "2024年",
            "2020年（基期）",
            "2025年目标值",
        ]]);
        let layout = detect(&sheet).unwrap();
        assert_eq!(
            layout.values,
            vec![
                col(2, Year(2025), None),
                col(3, Year(2024), None),
                col(4, Baseline, None)
            ]
        );
    }

    #[test]
    fn two_row_headers_under_merged_cells() {
        let sheet = range(&[
            &["指标名称", "计量单位", "数值", ""],
            &["", "", "本年", "上年"],
            &["孕产妇死亡率", "1/10万", "9.8", "10.2"],
        ]);
        let layout = detect(&sheet).unwrap();
        assert_eq!((layout.header_row, layout.name_col), (1, 0));
        assert_eq!(
            layout.values,
            vec![col(2, Current, None), col(3, Previous, None)]
        );
    }

    #[test]
    fn breakdowns_under_merged_year_headers() {
        let sheet = range(&[
            &["指标名称", "计量单位", "2025年", "", "", "2024年", "", ""],
            &["", "", "合计", "城镇", "农村", "合计", "城镇", "农村"],
            &[
                "孕产妇死亡率",
                "1/10万",
                "9.8",
                "7.6",
                "9.9",
                "10.2",
                "8",
                "11",
            ],
        ]);
        let layout = detect(&sheet).unwrap();
        assert_eq!(layout.header_row, 1);
        assert_eq!(
            layout.values,
            vec![
                col(2, Year(2025), None),
                col(3, Year(2025), Some("城镇")),
                col(4, Year(2025), Some("农村")),
                col(5, Year(2024), None),
                col(6, Year(2024), Some("城镇")),
                col(7, Year(2024), Some("农村")),
            ]
        );
        // 本年/上年 over 计/女/男 under a generic 数值, three rows.
        let sheet = range(&[
            &["指标", "数值", "", "", "", "", ""],
            &["", "本年", "", "", "上年", "", ""],
            &["", "计", "女", "男", "小计", "其中：女", "其中：男"],
            &["就业人员年人均收入", "1", "2", "3", "4", "5", "6"],
        ]);
        let layout = detect(&sheet).unwrap();
        assert_eq!(layout.header_row, 2);
        assert_eq!(
            layout.values,
            vec![
                col(1, Current, None),
                col(2, Current, Some("女")),
                col(3, Current, Some("男")),
                col(4, Previous, None),
                col(5, Previous, Some("女")),
                col(6, Previous, Some("男")),
            ]
        );
    }

    #[test]
    fn name_and_unit_in_one_header() {
        for header in ["指标（单位）", "指标名称(计量单位)", "指标名称及计量单位"]
        {
            let sheet = range(&[&[header, "2023", "2024", "2025"]]);
            let layout = detect(&sheet).unwrap();
            assert!(layout.units_in_names, "{header}");
            assert_eq!(layout.name_col, 0);
            assert_eq!(layout.values.len(), 3);
        }
    }

    #[test]
    fn a_header_row_then_data_is_not_a_band() {
        let sheet = range(&[&["指标名称", "本年", "上年"], &["女", "50", "49"]]);
        // 女 in the name column is data, not a breakdown label.
        assert_eq!(detect(&sheet).unwrap().header_row, 0);
    }

    #[test]
    fn no_header_no_layout() {
        let sheet = range(&[&["说明"], &["本表由各单位填写"]]);
        assert_eq!(detect(&sheet), None);
    }
}
