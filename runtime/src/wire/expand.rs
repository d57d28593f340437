//! The style rules: a [`Value`] as `name=value` pairs (query, cookie, form
//! body) or as one piece of text (path, header).

use super::escape::Escape;
use super::value::Value;
use super::Style;

/// Encoded `(name, value)` pairs, in order.
pub(crate) type Pairs = Vec<(String, String)>;

/// The delimiter of a non-exploded list in a query-like location.
fn delimiter(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "|",
        _ => ",",
    }
}

/// Appends the pairs of parameter `name` in `style` (`Form`,
/// `SpaceDelimited`, `PipeDelimited` or `DeepObject`; the path styles are
/// read as `Form`):
///
/// - a scalar is one pair `name=value` in every style;
/// - an exploded array repeats the name (`name=a&name=b`), an exploded
///   object gives a pair per property (`k1=v1&k2=v2`);
/// - a non-exploded array or object is one pair whose items (an object's
///   keys and values in turn) are joined by the style's delimiter: `,`,
///   `%20` or `|`;
/// - `DeepObject`, and any array or object nested inside an exploded
///   array or object, use bracket notation ([`bracket_pairs`]);
/// - a compound value nested in a non-exploded list is written as its JSON
///   text.
///
/// Names, keys and items are encoded with `esc`; delimiters and brackets
/// are literal. Undefined values (`null`, empty arrays and objects) give
/// no pair.
pub(crate) fn named_pairs(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    esc: Escape,
    out: &mut Pairs,
) {
    let style = match style {
        Style::Simple | Style::Label | Style::Matrix => Style::Form,
        other => other,
    };
    match value {
        Value::Null => {}
        Value::Str(s) | Value::Raw(s) => out.push((esc.apply(name), esc.apply(s))),
        _ if value.is_undefined() => {}
        _ if style == Style::DeepObject => bracket_pairs(esc.apply(name), value, esc, out),
        Value::List(items) if explode => {
            for (i, item) in items.iter().enumerate() {
                match item.scalar() {
                    Some(s) => out.push((esc.apply(name), esc.apply(s))),
                    None => bracket_pairs(format!("{}[{i}]", esc.apply(name)), item, esc, out),
                }
            }
        }
        Value::Map(entries) if explode => {
            for (key, item) in entries {
                bracket_pairs(esc.apply(key), item, esc, out);
            }
        }
        Value::List(items) => {
            let texts = items.iter().map(Value::text);
            out.push((esc.apply(name), joined(texts, delimiter(style), esc)));
        }
        Value::Map(entries) => {
            let texts = entries
                .iter()
                .flat_map(|(k, v)| [k.as_str().into(), v.text()]);
            out.push((esc.apply(name), joined(texts, delimiter(style), esc)));
        }
    }
}

/// Appends `value` in bracket (`deepObject`) notation under the encoded
/// name `prefix`: `prefix[key]=v` for object properties and `prefix[i]=v`
/// for array items (0-based), to any depth; a scalar is `prefix=v`.
pub(crate) fn bracket_pairs(prefix: String, value: &Value, esc: Escape, out: &mut Pairs) {
    match value {
        Value::Null => {}
        Value::Str(s) | Value::Raw(s) => out.push((prefix, esc.apply(s))),
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                bracket_pairs(format!("{prefix}[{i}]"), item, esc, out);
            }
        }
        Value::Map(entries) => {
            for (key, item) in entries {
                bracket_pairs(format!("{prefix}[{}]", esc.apply(key)), item, esc, out);
            }
        }
    }
}

/// `parts`, each encoded with `esc`, joined by the literal `delimiter`.
fn joined<'a>(
    parts: impl Iterator<Item = std::borrow::Cow<'a, str>>,
    delimiter: &str,
    esc: Escape,
) -> String {
    let mut out = String::new();
    for (i, part) in parts.enumerate() {
        if i > 0 {
            out.push_str(delimiter);
        }
        esc.push(&mut out, &part);
    }
    out
}

/// `value` as one piece of text in `style` (`Simple`, `Label` or `Matrix`;
/// other styles are read as `Simple`), by RFC 6570's `{name}`, `{.name}` and
/// `{;name}` expansions (with `*` when `explode`).
///
/// `esc` encodes scalars; items of arrays and objects use `esc.item()`, and
/// keys and values of exploded objects `esc.pair()` (these differ only for
/// headers). Compound values nested inside arrays or objects are written as
/// their JSON text. Undefined values give the empty string.
pub(crate) fn expand(
    name: &str,
    value: &Value,
    style: Style,
    explode: bool,
    esc: Escape,
) -> String {
    let (first, sep, named) = match style {
        Style::Label => (".", ".", false),
        Style::Matrix => (";", ";", true),
        _ => ("", ",", false),
    };
    let mut out = String::new();
    if value.is_undefined() {
        return out;
    }
    out.push_str(first);
    match value {
        Value::Str(s) | Value::Raw(s) if named => push_named(&mut out, name, s, esc, esc),
        Value::Str(s) | Value::Raw(s) => esc.push(&mut out, s),
        Value::List(items) if explode => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                if named {
                    push_named(&mut out, name, &item.text(), esc, esc.item());
                } else {
                    esc.item().push(&mut out, &item.text());
                }
            }
        }
        Value::Map(entries) if explode => {
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                let text = item.text();
                esc.pair().push(&mut out, key);
                // `;key` for an empty value, as RFC 6570 writes `{;keys*}`.
                if !(named && text.is_empty()) {
                    out.push('=');
                    esc.pair().push(&mut out, &text);
                }
            }
        }
        Value::List(items) => {
            let list = joined(items.iter().map(Value::text), ",", esc.item());
            push_named_list(&mut out, named.then_some(name), &list, esc);
        }
        Value::Map(entries) => {
            let texts = entries
                .iter()
                .flat_map(|(k, v)| [k.as_str().into(), v.text()]);
            let list = joined(texts, ",", esc.item());
            push_named_list(&mut out, named.then_some(name), &list, esc);
        }
        Value::Null => {}
    }
    out
}

/// `name=value` (`name` alone when `value` is empty, as in `;name`).
fn push_named(out: &mut String, name: &str, value: &str, name_esc: Escape, value_esc: Escape) {
    name_esc.push(out, name);
    if !value.is_empty() {
        out.push('=');
        value_esc.push(out, value);
    }
}

/// An already encoded list, after `name=` for named styles.
fn push_named_list(out: &mut String, name: Option<&str>, list: &str, esc: Escape) {
    if let Some(name) = name {
        esc.push(out, name);
        if !list.is_empty() {
            out.push('=');
        }
    }
    out.push_str(list);
}
