//! Finding the header row and the meaning of each column in a returns sheet.

use calamine::{Data, Range};

/// Where the parts of a returns table are. Rows and columns are absolute, zero-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub header_row: u32,
    pub name_col: u32,
    pub code_col: Option<u32>,
    pub unit_col: Option<u32>,
    /// The value for the reference year of the workbook.
    pub current_col: u32,
    /// The value for the year before, when the form has it.
    pub previous_col: Option<u32>,
    pub note_col: Option<u32>,
    /// The baseline value (基期), when the form has it.
    pub baseline_col: Option<u32>,
    /// For a workbook with the years as columns (2020 … 2025): each year's column. Empty
    /// for the one-year form.
    pub year_cols: Vec<(u32, i32)>,
}

impl Layout {
    /// The value columns to read: (column, year, whether it is the 上年 column).
    pub fn value_columns(&self, year: i32) -> Vec<(u32, i32, bool)> {
        if self.year_cols.is_empty() {
            std::iter::once((self.current_col, year, false))
                .chain(self.previous_col.map(|c| (c, year - 1, true)))
                .collect()
        } else {
            self.year_cols
                .iter()
                .filter(|(_, y)| *y <= year)
                .map(|(c, y)| (*c, *y, false))
                .collect()
        }
    }
}

/// A header naming a year: `2025`, `2025年`, `2025年数值`.
fn header_year(text: &str) -> Option<i32> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &text[digits.len()..];
    let year: i32 = digits.parse().ok()?;
    ((1949..=2100).contains(&year)
        && digits.len() == 4
        && ["", "年", "年数值", "年数据", "年度"].contains(&rest))
    .then_some(year)
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

/// Finds the header row of a returns table for `year`: the first row with a column of
/// indicator names and a column of this year's values.
pub fn detect(range: &Range<Data>, year: i32) -> Option<Layout> {
    let (row0, col0) = range.start()?;
    for (r, row) in range.rows().enumerate().take(HEADER_SEARCH_ROWS) {
        let mut layout = Layout {
            header_row: row0 + r as u32,
            name_col: u32::MAX,
            code_col: None,
            unit_col: None,
            current_col: u32::MAX,
            previous_col: None,
            note_col: None,
            baseline_col: None,
            year_cols: Vec::new(),
        };
        for (c, cell) in row.iter().enumerate() {
            let col = col0 + c as u32;
            let text = match cell {
                // A year typed as a number in the header: 2025.
                Data::Float(f) if f.fract() == 0.0 => format!("{f}"),
                Data::Int(i) => i.to_string(),
                _ => cell_text(cell),
            };
            if let Some(y) = header_year(&text) {
                layout.year_cols.push((col, y));
            }
            match classify(&text, year) {
                Some(Column::Name) if layout.name_col == u32::MAX => layout.name_col = col,
                Some(Column::Code) => {
                    layout.code_col.get_or_insert(col);
                }
                Some(Column::Unit) => {
                    layout.unit_col.get_or_insert(col);
                }
                Some(Column::Current) if layout.current_col == u32::MAX => layout.current_col = col,
                Some(Column::Previous) => {
                    layout.previous_col.get_or_insert(col);
                }
                Some(Column::Note) => {
                    layout.note_col.get_or_insert(col);
                }
                Some(Column::Baseline) => {
                    layout.baseline_col.get_or_insert(col);
                }
                _ => {}
            }
        }
        if layout.year_cols.len() < 3 {
            // Two year headers are this year and last year of a one-year form.
            layout.year_cols.clear();
        } else {
            layout.current_col = layout.year_cols[0].0;
            layout.previous_col = None;
        }
        if layout.name_col != u32::MAX && layout.current_col != u32::MAX {
            return Some(layout);
        }
        // A two-row header: 指标名称 merged down two rows, 本年/上年 under a merged 数值.
        if layout.name_col != u32::MAX
            && let Some(next) = range.rows().nth(r + 1)
        {
            let mut sub = layout.clone();
            sub.header_row += 1;
            for (c, cell) in next.iter().enumerate() {
                let col = col0 + c as u32;
                match classify(&cell_text(cell), year) {
                    Some(Column::Current) if sub.current_col == u32::MAX => sub.current_col = col,
                    Some(Column::Previous) => {
                        sub.previous_col.get_or_insert(col);
                    }
                    Some(Column::Unit) => {
                        sub.unit_col.get_or_insert(col);
                    }
                    Some(Column::Code) => {
                        sub.code_col.get_or_insert(col);
                    }
                    Some(Column::Note) => {
                        sub.note_col.get_or_insert(col);
                    }
                    _ => {}
                }
            }
            if sub.current_col != u32::MAX {
                return Some(sub);
            }
        }
    }
    None
}

enum Column {
    Baseline,
    Name,
    Code,
    Unit,
    Current,
    Previous,
    Note,
}

fn classify(text: &str, year: i32) -> Option<Column> {
    const NAMES: &[&str] = &[
        "指标名称",
        "指标",
        "项目",
        "指标项目",
        "项目名称",
        "监测指标",
    ];
    const CODES: &[&str] = &["指标代码", "代码", "编码", "指标编码", "编号", "指标编号"];
    const UNITS: &[&str] = &["计量单位", "单位"];
    const NOTES: &[&str] = &["备注", "资料来源", "数据来源", "说明"];
    if text.is_empty() {
        return None;
    }
    let this_year = format!("{year}");
    let last_year = format!("{}", year - 1);
    if text.starts_with("基期") || text.ends_with("（基期）") || text.ends_with("(基期)") {
        Some(Column::Baseline)
    } else if NAMES.contains(&text) {
        Some(Column::Name)
    } else if CODES.contains(&text) {
        Some(Column::Code)
    } else if UNITS.contains(&text) {
        Some(Column::Unit)
    } else if NOTES.iter().any(|n| text.starts_with(n)) {
        Some(Column::Note)
    } else if text.starts_with("本年") || text.starts_with("本期") || text.starts_with(&this_year)
    {
        Some(Column::Current)
    } else if text.starts_with("上年") || text.starts_with("上期") || text.starts_with(&last_year)
    {
        Some(Column::Previous)
    } else {
        None
    }
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
        let layout = detect(&sheet, 2025).unwrap();
        assert_eq!(
            layout,
            Layout {
                header_row: 2,
                name_col: 2,
                code_col: Some(1),
                unit_col: Some(3),
                current_col: 4,
                previous_col: Some(5),
                note_col: Some(6),
                baseline_col: None,
                year_cols: Vec::new(),
            }
        );
    }

    #[test]
    fn years_as_columns() {
        let sheet = range(&[&["指标名称", "单位", "2020年", "2021年", "2022年", "备注"]]);
        let layout = detect(&sheet, 2021).unwrap();
        assert_eq!(layout.year_cols, vec![(2, 2020), (3, 2021), (4, 2022)]);
        assert_eq!(
            layout.value_columns(2021),
            vec![(2, 2020, false), (3, 2021, false)]
        );
    }

    #[test]
    fn year_headers_count_as_current_and_previous() {
        let sheet = range(&[&["指 标", "单位", "2025年", "2024年"]]);
        let layout = detect(&sheet, 2025).unwrap();
        assert_eq!((layout.current_col, layout.previous_col), (2, Some(3)));
    }

    #[test]
    fn two_row_headers_under_merged_cells() {
        let sheet = range(&[
            &["指标名称", "计量单位", "数值", ""],
            &["", "", "本年", "上年"],
            &["孕产妇死亡率", "1/10万", "9.8", "10.2"],
        ]);
        let layout = detect(&sheet, 2025).unwrap();
        assert_eq!(
            (
                layout.header_row,
                layout.name_col,
                layout.current_col,
                layout.previous_col
            ),
            (1, 0, 2, Some(3))
        );
    }

    #[test]
    fn no_header_no_layout() {
        let sheet = range(&[&["说明"], &["本表由各单位填写"]]);
        assert_eq!(detect(&sheet, 2025), None);
    }
}
