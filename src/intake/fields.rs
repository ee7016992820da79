//! The form fields around a returns table: who filled it in (填报单位 and its variants)
//! and when (填报日期), in the header or the footer, with or without （盖章）.

use calamine::{Data, Range};
use chrono::NaiveDate;

use super::layout::cell_text;

/// Labels that introduce the sending unit.
const UNIT_LABELS: &[&str] = &[
    "填报单位",
    "填表单位",
    "报送单位",
    "报表单位",
    "上报单位",
    "制表单位",
    "填报部门",
    "报送部门",
    "单位名称",
];

/// Labels that introduce the date the form was filled in.
const DATE_LABELS: &[&str] = &["填报日期", "填表日期", "报送日期", "报出日期", "制表日期"];

/// Other labels of a footer that end a field's text: `负责人：张三填报日期：…`.
const OTHER_LABELS: &[&str] = &[
    "负责人",
    "填报人",
    "填表人",
    "审核人",
    "联系电话",
    "联系人",
    "填报日期",
    "填表日期",
    "报送日期",
    "报出日期",
];

/// Seal marks written after a unit label or name.
const SEALS: &[&str] = &[
    "（盖章）",
    "(盖章)",
    "（公章）",
    "(公章)",
    "（签章）",
    "(签章)",
];

/// The form fields of one sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormFields {
    /// The sending unit as written, with its cell (zero-based row and column).
    pub unit: Option<(String, u32, u32)>,
    pub date: Option<NaiveDate>,
}

/// Finds the first 填报单位 (or 填表单位, 报送单位, 单位（盖章） …) and 填报日期 of a sheet.
pub fn form_fields(range: &Range<Data>) -> FormFields {
    let mut fields = FormFields::default();
    let (row0, col0) = range.start().unwrap_or((0, 0));
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let text = cell_text(cell);
            if text.is_empty() {
                continue;
            }
            let next = || {
                row[c + 1..]
                    .iter()
                    .find(|d| !matches!(d, Data::Empty))
                    .map(cell_text)
            };
            if fields.unit.is_none()
                && let Some(rest) = unit_field(&text)
            {
                let name = if rest.is_empty() {
                    // The next cell may already be the next field: 填报日期：…
                    next()
                        .map(|t| until_next_label(&t).to_string())
                        .unwrap_or_default()
                } else {
                    rest.to_string()
                };
                let name = strip_seals(&name);
                if !name.is_empty() {
                    fields.unit = Some((name, row0 + r as u32, col0 + c as u32));
                }
            }
            if fields.date.is_none()
                && let Some(rest) = DATE_LABELS.iter().find_map(|l| field_value(&text, l))
            {
                fields.date = if rest.is_empty() {
                    row[c + 1..]
                        .iter()
                        .find(|d| !matches!(d, Data::Empty))
                        .and_then(cell_date)
                } else {
                    parse_date(rest)
                };
            }
        }
    }
    fields
}

/// The text after a unit label, when the cell is a unit field: the label opens the cell or
/// is followed by a colon (`填报单位：…`, `填报单位（盖章）：…`, `单位（盖章）：…`), or the
/// label is the whole cell (the name is in the next cell). A sentence that merely mentions
/// 填报单位 (`各填报单位请于3月底前报送`) is no field.
fn unit_field(text: &str) -> Option<&str> {
    for label in UNIT_LABELS.iter().copied().chain(["单位"]) {
        let Some(at) = text.find(label) else {
            continue;
        };
        let mut rest = &text[at + label.len()..];
        let mut sealed = false;
        for seal in SEALS {
            if let Some(r) = rest.strip_prefix(seal) {
                rest = r;
                sealed = true;
            }
        }
        let colon = rest.starts_with([':', '：']);
        rest = rest.trim_start_matches([':', '：']);
        // Bare 单位 is the 计量单位 header unless sealed: 单位（盖章）：
        if label == "单位" && !sealed {
            continue;
        }
        if rest.starts_with("负责人") {
            continue;
        }
        let field = colon || (at == 0 && (sealed || rest.is_empty()));
        if field {
            return Some(until_next_label(rest));
        }
    }
    None
}

/// The text after `label：` in a cell such as `填报日期：2026年3月15日`.
fn field_value<'t>(text: &'t str, label: &str) -> Option<&'t str> {
    text.find(label).map(|at| {
        let rest = &text[at + label.len()..];
        until_next_label(rest.trim_start_matches([':', '：']))
    })
}

/// A footer cell may hold several fields: `负责人：张三填报日期：…`.
fn until_next_label(rest: &str) -> &str {
    let end = OTHER_LABELS
        .iter()
        .chain(UNIT_LABELS)
        .filter_map(|f| rest.find(f))
        .min()
        .unwrap_or(rest.len());
    &rest[..end]
}

fn strip_seals(name: &str) -> String {
    let mut name = name.trim_matches([':', '：']).to_string();
    for seal in SEALS {
        name = name.replace(seal, "");
    }
    name
}

fn cell_date(data: &Data) -> Option<NaiveDate> {
    match data {
        Data::DateTime(dt) => dt.as_datetime().map(|d| d.date()),
        Data::String(s) => parse_date(s),
        _ => None,
    }
}

/// Parses `2026年3月15日`, `2026-03-15`, `2026/3/15` or `2026.3.15`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let parts: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts.as_slice() {
        [y, m, d, ..] => NaiveDate::from_ymd_opt(*y as i32, *m, *d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_common_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 15);
        assert_eq!(parse_date("2026年3月15日"), d);
        assert_eq!(parse_date("2026-03-15"), d);
        assert_eq!(parse_date("2026/3/15"), d);
        assert_eq!(parse_date("三月"), None);
    }

    #[test]
    fn unit_fields_in_every_spelling_and_not_in_sentences() {
        let cases = [
            ("填报单位：市卫生健康委", Some("市卫生健康委")),
            ("填报单位:市卫生健康委", Some("市卫生健康委")),
            (
                "填报单位（盖章）：株洲市卫生健康委员会",
                Some("株洲市卫生健康委员会"),
            ),
            ("填表单位：市民政局", Some("市民政局")),
            ("报送单位(盖章)：市总工会", Some("市总工会")),
            ("单位（盖章）：市妇联", Some("市妇联")),
            ("单位名称：市妇联", Some("市妇联")),
            ("填报单位：市妇联负责人：张三", Some("市妇联")),
            ("负责人：张三填报单位：市妇联", Some("市妇联")),
            ("填报单位", Some("")),
            ("各填报单位请于3月底前报送", None),
            ("计量单位", None),
            ("单位", None),
            ("填报单位负责人：张三", None),
        ];
        for (text, want) in cases {
            assert_eq!(unit_field(text), want, "{text}");
        }
    }

    #[test]
    fn fields_anywhere_on_the_sheet_with_their_cell() {
        let mut range = Range::new((0, 0), (5, 3));
        range.set_value((0, 0), Data::String("各填报单位请于3月底前报送".into()));
        range.set_value((4, 0), Data::String("报送单位（盖章）".into()));
        range.set_value((4, 2), Data::String("株洲市卫生健康委员会（盖章）".into()));
        range.set_value(
            (5, 0),
            Data::String("负责人：张三　填报日期：2026年3月15日".into()),
        );
        let fields = form_fields(&range);
        assert_eq!(
            fields.unit,
            Some(("株洲市卫生健康委员会".to_string(), 4, 0))
        );
        assert_eq!(fields.date, NaiveDate::from_ymd_opt(2026, 3, 15));
        // A label whose next cell is another field names no unit.
        let mut range = Range::new((0, 0), (0, 2));
        range.set_value((0, 0), Data::String("填报单位：".into()));
        range.set_value((0, 2), Data::String("填报日期：2026年3月15日".into()));
        assert_eq!(form_fields(&range).unit, None);
    }
}
