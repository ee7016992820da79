//! Matching the indicator names and codes written on a form with the catalog's.

use std::collections::HashMap;

use crate::catalog::{Catalog, Indicator};

/// Looks indicators up by form code and by normalised name.
pub struct Matcher<'a> {
    pub(crate) catalog: &'a Catalog,
    by_code: HashMap<String, &'a Indicator>,
    by_name: HashMap<String, &'a Indicator>,
}

impl<'a> Matcher<'a> {
    /// Indexes the catalog's codes, names and aliases.
    pub fn new(catalog: &'a Catalog) -> Self {
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        let rows = catalog
            .indicators()
            .map(|r| (r.code(catalog.plan.subject), r.indicator))
            .chain(
                catalog
                    .part_rows
                    .iter()
                    .map(|p| (p.code.clone().unwrap_or_default(), p)),
            );
        for (code, indicator) in rows {
            by_code.insert(normalize_name(&code), indicator);
            for name in std::iter::once(&indicator.name).chain(&indicator.aliases) {
                by_name.insert(normalize_name(name), indicator);
            }
        }
        Matcher {
            catalog,
            by_code,
            by_name,
        }
    }

    /// The indicator (or part) whose form code is `code`.
    pub fn by_code(&self, code: &str) -> Option<&'a Indicator> {
        self.by_code.get(&normalize_name(code)).copied()
    }

    /// The indicator (or part) whose name or alias is `name`, after normalising both.
    pub fn by_name(&self, name: &str) -> Option<&'a Indicator> {
        self.by_name.get(&normalize_name(name)).copied()
    }

    /// Up to three catalog names that look most like `name`.
    pub fn closest(&self, name: &str) -> Vec<String> {
        let wanted = bigrams(&normalize_name(name));
        let mut scored: Vec<(usize, &str)> = self
            .catalog
            .indicators()
            .map(|r| {
                let theirs = bigrams(&normalize_name(&r.indicator.name));
                (
                    wanted.iter().filter(|b| theirs.contains(b)).count(),
                    r.indicator.name.as_str(),
                )
            })
            .filter(|(score, _)| *score > 0)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, n)| n.to_string())
            .collect()
    }
}

fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Normalises an indicator name or code for matching: full-width forms to half-width, no
/// white space, no leading numbering, no trailing unit in brackets.
pub fn normalize_name(name: &str) -> String {
    let mut text: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    // A trailing unit in brackets: 孕产妇死亡率(1/10万).
    while text.ends_with(')') {
        match text.rfind('(') {
            Some(open) if open > 0 => text.truncate(open),
            _ => break,
        }
    }
    // Leading numbering: "1.", "1、", "(1)".
    let trimmed = text
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', '、']);
    if trimmed.len() < text.len() && !trimmed.is_empty() {
        text = trimmed.to_string();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("孕产妇死亡率（1/10万）"), "孕产妇死亡率");
        assert_eq!(normalize_name(" 孕产妇 死亡率 "), "孕产妇死亡率");
        assert_eq!(normalize_name("3.孕产妇死亡率(%)"), "孕产妇死亡率");
        assert_eq!(normalize_name("Ｆ０１０３ａ"), "F0103a");
    }
}
