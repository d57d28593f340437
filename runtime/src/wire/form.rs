//! `application/x-www-form-urlencoded` bodies.

use super::escape::Escape;
use super::expand::{bracket_pairs, named_pairs, Pairs};
use super::value::Value;
use super::Style;

/// The pairs of a form body: each property of the object `value` in the
/// style its `encoding` entry names (property name, style, explode), by
/// default `Form` with `explode: true`:
///
/// - scalars are `name=value`, arrays of scalars repeat the name
///   (`tags=a&tags=b`), or are joined by the style's delimiter when not
///   exploded (`tags=a,b`, `tags=a%20b`, `tags=a|b`);
/// - objects, when exploded or in `DeepObject` style, and every array or
///   object nested deeper, are in bracket notation: `metadata[key]=v`,
///   `items[0][price]=p_1` (an exploded object's properties are not spread
///   over the top level, where they would collide with the body's own);
///   not exploded, an object is `name=k1,v1,k2,v2` with the style's
///   delimiter;
/// - `null` properties and items are left out.
///
/// Names, keys and values are encoded as [`encode_query_component`]
/// does (space as `+`); `=`, `&`, brackets and delimiters are literal.
///
/// [`encode_query_component`]: crate::encode_query_component
pub(crate) fn form_pairs(
    value: &Value,
    encoding: &[(&str, Style, bool)],
) -> Result<Pairs, &'static str> {
    let Value::Map(entries) = value else {
        return Err("a form body must be an object");
    };
    let mut out = Pairs::new();
    for (name, item) in entries {
        let (style, explode) = encoding
            .iter()
            .find(|(n, ..)| n == name)
            .map_or((Style::Form, true), |&(_, style, explode)| (style, explode));
        match item {
            Value::Map(_) if explode || style == Style::DeepObject => {
                bracket_pairs(Escape::Form.apply(name), item, Escape::Form, &mut out);
            }
            _ => named_pairs(name, item, style, explode, Escape::Form, &mut out),
        }
    }
    Ok(out)
}

/// `name=value` pairs joined by `separator` (`&` in query strings and
/// form bodies).
pub(crate) fn join_pairs(pairs: &Pairs, separator: &str) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}
