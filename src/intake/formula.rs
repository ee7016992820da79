//! Formula cells saved without their result.
//!
//! Excel and WPS save a formula's last result beside it, and intake reads that result like
//! any value. Some programs that write workbooks save the formula alone; such a cell reads
//! as empty. [`evaluate`] computes it when it is plain arithmetic — numbers, cells of the same
//! sheet, `+ − × ÷` and brackets (`=98.1+0.2`, `=C4/C5*100`) — and says why not otherwise.
//! A referenced cell that is itself such a formula is computed the same way.

use calamine::{Data, Range};

use super::value::{CellValue, read_text};
use crate::diag::column_letters;

/// The cells a formula may refer to: values, and formulas of cells saved without a result.
pub trait Cells {
    /// The value of a cell (zero-based row and column).
    fn value(&self, row: u32, col: u32) -> &Data;
    /// The formula of a cell, without its `=`, if it has one.
    fn formula(&self, row: u32, col: u32) -> Option<&str>;
}

/// A sheet's values with a function giving formulas.
pub struct SheetCells<'s, F: Fn(u32, u32) -> Option<&'s str>> {
    pub range: &'s Range<Data>,
    pub formulas: F,
}

impl<'s, F: Fn(u32, u32) -> Option<&'s str>> Cells for SheetCells<'s, F> {
    fn value(&self, row: u32, col: u32) -> &Data {
        self.range.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    fn formula(&self, row: u32, col: u32) -> Option<&str> {
        (self.formulas)(row, col)
    }
}

/// How deep formulas may refer to formulas.
const MAX_DEPTH: usize = 16;

/// The formula as users see it: `=C4/C5*100`. OpenDocument's `of:=[.C4]/[.C5]*100` is
/// shown as written.
pub fn shown(formula: &str) -> String {
    let text = formula.trim();
    if text.starts_with('=') || text.starts_with("of:") {
        text.to_string()
    } else {
        format!("={text}")
    }
}

/// Computes the formula of the cell at (`row`, `col`); the error says, in Chinese, why it
/// cannot be computed.
pub fn evaluate(cells: &dyn Cells, row: u32, col: u32) -> Result<f64, String> {
    let mut stack = Vec::new();
    let value = evaluate_at(cells, row, col, &mut stack)?;
    // Fifteen significant digits, as Excel computes: 98.1 + 0.2 is 98.3.
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    Ok(rounded)
}

fn evaluate_at(
    cells: &dyn Cells,
    row: u32,
    col: u32,
    stack: &mut Vec<(u32, u32)>,
) -> Result<f64, String> {
    let formula = cells
        .formula(row, col)
        .ok_or_else(|| format!("{}没有公式", a1(row, col)))?;
    if stack.contains(&(row, col)) {
        return Err(format!("公式循环引用了 {}", a1(row, col)));
    }
    if stack.len() >= MAX_DEPTH {
        return Err("公式层层引用其他公式，超过 16 层".into());
    }
    stack.push((row, col));
    let tokens = tokenize(formula)?;
    let mut parser = Parser {
        tokens: &tokens,
        at: 0,
        cells,
        stack,
    };
    let value = parser.expression()?;
    if parser.at != tokens.len() {
        return Err("公式不是四则运算".into());
    }
    stack.pop();
    if value.is_finite() {
        Ok(value)
    } else {
        Err("公式的结果不是有限的数值".into())
    }
}

fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Cell(u32, u32),
    Op(char),
    Open,
    Close,
}

/// Splits a formula (Excel's `C4/C5*100` or OpenDocument's `of:=[.C4]/[.C5]*100`) into
/// numbers, same-sheet cell references, operators and brackets.
fn tokenize(formula: &str) -> Result<Vec<Token>, String> {
    let text = formula.trim();
    let text = text.strip_prefix("of:").unwrap_or(text);
    let text = text.strip_prefix('=').unwrap_or(text);
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '+' | '-' | '*' | '/' => {
                tokens.push(Token::Op(c));
                i += 1;
            }
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '[' => {
                // OpenDocument: [.C4] on this sheet, [Sheet2.C4] on another.
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .ok_or("公式的单元格引用不完整")?;
                let inner: String = chars[i + 1..i + end].iter().collect();
                let Some(reference) = inner.strip_prefix('.') else {
                    return Err(format!("公式引用了其他工作表（{inner}）"));
                };
                let (row, col) = cell_reference(reference)
                    .ok_or_else(|| format!("公式含有无法计算的引用 {reference}"))?;
                tokens.push(Token::Cell(row, col));
                i += end + 1;
            }
            '0'..='9' | '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                if i < chars.len() && matches!(chars[i], 'e' | 'E') {
                    i += 1;
                    if i < chars.len() && matches!(chars[i], '+' | '-') {
                        i += 1;
                    }
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let number: String = chars[start..i].iter().collect();
                let value = number
                    .parse()
                    .map_err(|_| format!("公式中的“{number}”不是数值"))?;
                tokens.push(Token::Number(value));
            }
            '$' | 'A'..='Z' | 'a'..='z' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '$') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match chars.get(i) {
                    Some('(') => return Err(format!("公式含有函数 {}", word.to_uppercase())),
                    Some('!') => return Err(format!("公式引用了其他工作表（{word}）")),
                    Some(':') => return Err("公式引用了单元格区域".into()),
                    _ => {}
                }
                let (row, col) = cell_reference(&word)
                    .ok_or_else(|| format!("公式含有无法计算的名称 {word}"))?;
                tokens.push(Token::Cell(row, col));
            }
            '%' => return Err("公式含有百分号运算".into()),
            '^' => return Err("公式含有乘方".into()),
            '!' | '\'' => return Err("公式引用了其他工作表".into()),
            _ => return Err(format!("公式含有“{c}”，不是四则运算")),
        }
    }
    if tokens.is_empty() {
        return Err("公式为空".into());
    }
    Ok(tokens)
}

/// `C4`, `$C$4` → zero-based (row, column).
fn cell_reference(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let letters: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = &text[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return None;
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32);
    (row >= 1).then(|| (row - 1, col - 1))
}

/// Recursive descent over `expression := term (± term)*`, `term := factor (×÷ factor)*`,
/// `factor := ± factor | number | cell | ( expression )`.
struct Parser<'t, 'c> {
    tokens: &'t [Token],
    at: usize,
    cells: &'c dyn Cells,
    stack: &'t mut Vec<(u32, u32)>,
}

impl Parser<'_, '_> {
    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn expression(&mut self) -> Result<f64, String> {
        let mut value = self.term()?;
        while let Some(Token::Op(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            let right = self.term()?;
            value = if op == '+' {
                value + right
            } else {
                value - right
            };
        }
        Ok(value)
    }

    fn term(&mut self) -> Result<f64, String> {
        let mut value = self.factor()?;
        while let Some(Token::Op(op @ ('*' | '/'))) = self.peek().cloned() {
            self.at += 1;
            let right = self.factor()?;
            if op == '/' && right == 0.0 {
                return Err("公式的除数为 0".into());
            }
            value = if op == '*' {
                value * right
            } else {
                value / right
            };
        }
        Ok(value)
    }

    fn factor(&mut self) -> Result<f64, String> {
        match self.next() {
            Some(Token::Op('-')) => Ok(-self.factor()?),
            Some(Token::Op('+')) => self.factor(),
            Some(Token::Number(n)) => Ok(n),
            Some(Token::Cell(row, col)) => self.cell(row, col),
            Some(Token::Open) => {
                let value = self.expression()?;
                match self.next() {
                    Some(Token::Close) => Ok(value),
                    _ => Err("公式的括号不配对".into()),
                }
            }
            _ => Err("公式不是完整的四则运算".into()),
        }
    }

    fn cell(&mut self, row: u32, col: u32) -> Result<f64, String> {
        let name = a1(row, col);
        match self.cells.value(row, col) {
            Data::Float(f) => Ok(*f),
            Data::Int(i) => Ok(*i as f64),
            Data::String(s) if !s.trim().is_empty() => match read_text(s) {
                CellValue::Number { value, sign: None } => Ok(value),
                _ => Err(format!("公式引用的 {name} 是文字“{}”", s.trim())),
            },
            Data::Empty | Data::String(_) | Data::Error(_)
                if self.cells.formula(row, col).is_some() =>
            {
                evaluate_at(self.cells, row, col, self.stack)
            }
            Data::Empty | Data::String(_) => Err(format!("公式引用的 {name} 是空白单元格")),
            Data::Error(e) => Err(format!("公式引用的 {name} 是错误值 {e}")),
            Data::Bool(_) => Err(format!("公式引用的 {name} 是逻辑值")),
            Data::DateTime(_) | Data::DateTimeIso(_) | Data::DurationIso(_) => {
                Err(format!("公式引用的 {name} 是日期"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Grid {
        range: Range<Data>,
        formulas: HashMap<(u32, u32), &'static str>,
    }

    impl Cells for Grid {
        fn value(&self, row: u32, col: u32) -> &Data {
            self.range.get_value((row, col)).unwrap_or(&Data::Empty)
        }
        fn formula(&self, row: u32, col: u32) -> Option<&str> {
            self.formulas.get(&(row, col)).copied()
        }
    }

    /// C4 = 1234, C5 = 2500, C6 = "12" (text), C7 = "约5", C8 empty;
    /// D4 holds the formula under test.
    fn grid(formula: &'static str) -> Grid {
        let mut range = Range::new((0, 0), (9, 5));
        range.set_value((3, 2), Data::Float(1234.0));
        range.set_value((4, 2), Data::Int(2500));
        range.set_value((5, 2), Data::String("12".into()));
        range.set_value((6, 2), Data::String("约5".into()));
        let mut formulas = HashMap::from([((3, 3), formula)]);
        formulas.insert((8, 2), "C4+1");
        formulas.insert((9, 2), "D4+1");
        Grid { range, formulas }
    }

    #[test]
    fn plain_arithmetic_is_computed() {
        let cases = [
            ("98.1+0.2", 98.3),
            ("=98.1+0.2", 98.3),
            ("C4/C5*100", 49.36),
            ("$C$4/$C$5*100", 49.36),
            ("(C4-C5)/-2", 633.0),
            ("C6*2", 24.0),
            ("C9*2", 2470.0),
            ("of:=[.C4]/[.C5]*100", 49.36),
            ("1.5e2+1", 151.0),
        ];
        for (formula, want) in cases {
            assert_eq!(evaluate(&grid(formula), 3, 3), Ok(want), "{formula}");
        }
    }

    #[test]
    fn anything_else_says_why() {
        let cases = [
            ("SUM(C4:C5)", "公式含有函数 SUM"),
            ("Sheet2!C4*2", "公式引用了其他工作表（Sheet2）"),
            ("of:=[$Sheet2.C4]", "公式引用了其他工作表（$Sheet2.C4）"),
            ("C4/0", "公式的除数为 0"),
            ("C8*2", "公式引用的 C8 是空白单元格"),
            ("C7*2", "公式引用的 C7 是文字“约5”"),
            ("C10+1", "公式循环引用了 D4"),
            ("C4%", "公式含有百分号运算"),
            ("(C4+1", "公式的括号不配对"),
            ("C4:C5", "公式引用了单元格区域"),
            ("TRUE", "公式含有无法计算的名称 TRUE"),
        ];
        for (formula, want) in cases {
            assert_eq!(
                evaluate(&grid(formula), 3, 3),
                Err(want.to_string()),
                "{formula}"
            );
        }
    }

    #[test]
    fn formulas_show_with_their_equals_sign() {
        assert_eq!(shown("C4/C5*100"), "=C4/C5*100");
        assert_eq!(shown("of:=[.C4]"), "of:=[.C4]");
    }
}
