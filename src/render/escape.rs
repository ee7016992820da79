//! Escaping that fails closed: every value a template prints is Typst-escaped unless the
//! template marks it safe.

use minijinja::value::Value;
use minijinja::{Error, Output, State};

/// Characters that mean something in Typst markup (or start a comment, list, heading,
/// label, reference, math, code, escape or smart quote).
const MARKUP_SPECIAL: &[char] = &[
    '\\', '#', '$', '*', '_', '`', '<', '>', '@', '[', ']', '~', '/', '-', '+', '=', '.', ':',
    '\'', '"',
];

/// Escapes text for Typst markup: special characters get a backslash, line breaks become
/// spaces, so the text prints literally whatever it holds.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            c if MARKUP_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Quotes text as a Typst string literal, for values used in code position.
pub fn quote_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The formatter for every template: safe strings as they are, everything else escaped.
pub fn typst_formatter(out: &mut Output, _state: &mut State, value: &Value) -> Result<(), Error> {
    if value.is_safe() {
        return write!(out, "{value}").map_err(Error::from);
    }
    if value.is_none() {
        return Ok(());
    }
    write!(out, "{}", escape_markup(&value.to_string())).map_err(Error::from)
}

/// The `typst_str` filter: a value as a quoted Typst string, for code position.
pub fn typst_str(value: &Value) -> Value {
    Value::from_safe_string(quote_string(&value.to_string()))
}

/// The `typst_value` filter: any value as a Typst code literal (strings quoted, numbers
/// as numbers, none, arrays, dictionaries), for data handed to Typst functions such as
/// the charts. Nothing in it is markup, so nothing in it can run.
pub fn typst_value(value: &Value) -> Result<Value, Error> {
    let mut out = String::new();
    write_value(value, &mut out)?;
    Ok(Value::from_safe_string(out))
}

fn write_value(value: &Value, out: &mut String) -> Result<(), Error> {
    use minijinja::value::ValueKind;
    match value.kind() {
        ValueKind::Undefined | ValueKind::None => out.push_str("none"),
        ValueKind::Bool => out.push_str(if value.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            let text = value.to_string();
            match text.parse::<f64>() {
                Ok(n) if n.is_finite() => out.push_str(&text),
                _ => out.push_str("none"),
            }
        }
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('(');
            for item in value.try_iter()? {
                write_value(&item, out)?;
                out.push_str(", ");
            }
            out.push(')');
        }
        ValueKind::Map => {
            out.push('(');
            let mut empty = true;
            for key in value.try_iter()? {
                out.push_str(&quote_string(&key.to_string()));
                out.push_str(": ");
                write_value(&value.get_item(&key)?, out)?;
                out.push_str(", ");
                empty = false;
            }
            if empty {
                out.push(':');
            }
            out.push(')');
        }
        _ => out.push_str(&quote_string(&value.to_string())),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_typst_literals() {
        let value = Value::from(minijinja::value::Serde(&serde_json::json!({
            "title": "x\"#y", "n": 9.8, "none": null, "list": [1, null, "a"], "empty": {}
        })));
        assert_eq!(
            typst_value(&value).unwrap().to_string(),
            "(\"empty\": (:), \"list\": (1, none, \"a\", ), \"n\": 9.8, \"none\": none, \"title\": \"x\\\"#y\", )"
        );
    }

    #[test]
    fn markup_specials_are_escaped() {
        assert_eq!(
            escape_markup("#read(\"/etc/passwd\")"),
            "\\#read(\\\"\\/etc\\/passwd\\\")"
        );
        assert_eq!(
            escape_markup("]#panic(\"x\")["),
            "\\]\\#panic(\\\"x\\\")\\["
        );
        assert_eq!(escape_markup("$x$"), "\\$x\\$");
        assert_eq!(escape_markup("= 标题"), "\\= 标题");
        assert_eq!(escape_markup("9.8/10万"), "9\\.8\\/10万");
        assert_eq!(escape_markup("a\nb"), "a b");
    }

    #[test]
    fn strings_are_quoted() {
        assert_eq!(quote_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
