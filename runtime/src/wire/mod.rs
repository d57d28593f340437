//! The wire encoder: every parameter and form body, in every location and
//! style, goes through here ([`Style`] has the table).
//!
//! - `value.rs`: any `Serialize` value as a small tree (keys in
//!   serialisation order, whole `f64`s as integers, `null`s dropped);
//! - `escape.rs`: which bytes each location percent-encodes;
//! - `expand.rs`: the style rules, as pairs (query, cookie) or as text
//!   (path, header);
//! - `form.rs`: form bodies with per-property encodings.
//!
//! What the URL parser (the `url` crate, under reqwest) does to the text
//! built here, and why it changes nothing: in a path it percent-encodes
//! `"`, `<`, `>`, `` ` ``, `{`, `}`, space and non-ASCII and turns `\` into
//! `/`; in a query it encodes `"`, `'`, `<`, `>`, space and non-ASCII; it
//! keeps `%XX` as it is. Values never reach it with any of these raw (the
//! path encodes all but RFC 3986 unreserved characters, the query all but
//! `A-Z a-z 0-9 * - . _`), and the structure characters written literally
//! (`, ; = . | [ ] & +`, `%20`) pass through unchanged. hyper then sends
//! the URL's path and query as the request-target, byte for byte. The
//! raw-socket tests in `runtime/tests/wire_*.rs` check the bytes.

mod escape;
mod expand;
mod form;
mod value;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use escape::{encode_path_segment, encode_query_component};

pub(crate) use escape::Escape;
pub(crate) use expand::Pairs;
pub(crate) use form::join_pairs;
pub(crate) use value::Value;

/// OpenAPI parameter styles.
///
/// How each style writes `color` = `["blue","black","brown"]` and
/// `{"R":100,"G":200,"B":150}` (properties in serialisation order):
///
/// | location | style | explode | array | object |
/// | --- | --- | --- | --- | --- |
/// | path | `Simple` | no | `blue,black,brown` | `R,100,G,200,B,150` |
/// | path, header | `Simple` | yes | `blue,black,brown` | `R=100,G=200,B=150` |
/// | path | `Label` | no | `.blue,black,brown` | `.R,100,G,200,B,150` |
/// | path | `Label` | yes | `.blue.black.brown` | `.R=100.G=200.B=150` |
/// | path | `Matrix` | no | `;color=blue,black,brown` | `;color=R,100,G,200,B,150` |
/// | path | `Matrix` | yes | `;color=blue;color=black;color=brown` | `;R=100;G=200;B=150` |
/// | query, form body | `Form` | no | `color=blue,black,brown` | `color=R,100,G,200,B,150` |
/// | query | `Form` | yes | `color=blue&color=black&color=brown` | `R=100&G=200&B=150` |
/// | query, form body | `SpaceDelimited` | no | `color=blue%20black%20brown` | `color=R%20100%20G%20200%20B%20150` |
/// | query, form body | `PipeDelimited` | no | `color=blue\|black\|brown` | `color=R\|100\|G\|200\|B\|150` |
/// | query, form body | `DeepObject` | - | `color[0]=blue&color[1]=black&color[2]=brown` | `color[R]=100&color[G]=200&color[B]=150` |
/// | cookie | `Form` | no | `color=blue,black,brown` | `color=R,100,G,200,B,150` |
/// | cookie | `Form` | yes | `color=blue; color=black; color=brown` | `R=100; G=200; B=150` |
///
/// A scalar is `blue`, `.blue`, `;color=blue` or `color=blue`. An empty
/// string is the empty text, `.`, `;color` or `color=`; `null`, `None` and
/// empty arrays and objects are left out altogether (no query pair, no
/// cookie, empty path or header text), as RFC 6570 leaves out undefined
/// values. `SpaceDelimited` and `PipeDelimited` with `explode: true` are
/// written like `Form` with `explode: true`.
///
/// Delimiters, `=`, `&`, `;` and brackets are literal; names, keys and
/// values are percent-encoded, so a value holding a delimiter is never
/// read as structure:
///
/// - query and form bodies: as [`encode_query_component`] (space as `+`,
///   all but `A-Z a-z 0-9 * - . _` as `%XX`);
/// - path (`Simple`, `Matrix`) and cookies: as [`encode_path_segment`]
///   (all but RFC 3986 unreserved `A-Z a-z 0-9 - . _ ~`); `Label` also
///   encodes `.`, its delimiter;
/// - headers: a scalar is sent as it is, except control characters and
///   non-ASCII, which are percent-encoded (a header has no structure to
///   protect, and servers read header values literally); items of arrays
///   and objects also encode `%` and `,` (and `=` when exploded), so the
///   list splits and each item decodes back.
///
/// Arrays and objects nested inside an array or object are written in
/// bracket notation where the location has names (exploded query and
/// cookie values, form bodies, `DeepObject`), and as their JSON text
/// otherwise. Whole `f64` numbers are integers (`1`, not `1.0`).
///
/// A style that OpenAPI does not define for a location is read as the
/// location's default: `Form` for query, cookie and form bodies, `Simple`
/// for path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `simple`: comma-separated (path and header).
    Simple,
    /// `label`: `.`-prefixed (path).
    Label,
    /// `matrix`: `;name=`-prefixed (path).
    Matrix,
    /// `form`: `name=value` (query, cookie, form body).
    Form,
    /// `spaceDelimited`: array items joined by `%20` (query, form body).
    SpaceDelimited,
    /// `pipeDelimited`: array items joined by `|` (query, form body).
    PipeDelimited,
    /// `deepObject`: `name[key]=value` (query, form body).
    DeepObject,
}

/// The encoded text that replaces `{name}` in a path template, in `style`
/// (`Simple`, `Label` or `Matrix`; other styles are read as `Simple`). See
/// [`Style`] for the format.
///
/// ```
/// use apigen_runtime::{encode_path_param, Style};
///
/// assert_eq!(encode_path_param("id", "a/b c", Style::Simple, false), "a%2Fb%20c");
/// assert_eq!(encode_path_param("id", &["x,y", "z"], Style::Simple, false), "x%2Cy,z");
/// assert_eq!(encode_path_param("id", &[1, 2], Style::Label, true), ".1.2");
/// assert_eq!(encode_path_param("id", &[1, 2], Style::Matrix, true), ";id=1;id=2");
/// ```
///
/// A value whose `Serialize` impl fails gives the empty string.
pub fn encode_path_param<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> String {
    let (style, esc) = match style {
        Style::Label => (Style::Label, Escape::Label),
        Style::Matrix => (Style::Matrix, Escape::Unreserved),
        _ => (Style::Simple, Escape::Unreserved),
    };
    match Value::of(value) {
        Ok(value) => expand::expand(name, &value, style, explode, esc),
        Err(_) => String::new(),
    }
}

/// A header value in `simple` style. See [`Style`] for the format.
///
/// ```
/// use apigen_runtime::encode_header_value;
///
/// assert_eq!(encode_header_value("2024-06-01", false), "2024-06-01");
/// assert_eq!(encode_header_value(&["a,b", "c d"], false), "a%2Cb,c d");
/// ```
///
/// A value whose `Serialize` impl fails gives the empty string.
pub fn encode_header_value<T: Serialize + ?Sized>(value: &T, explode: bool) -> String {
    match Value::of(value) {
        Ok(value) => expand::expand("", &value, Style::Simple, explode, Escape::HeaderText),
        Err(_) => String::new(),
    }
}

/// The encoded query pairs of parameter `name`.
pub(crate) fn query_pairs(name: &str, value: &Value, style: Style, explode: bool) -> Pairs {
    let mut out = Pairs::new();
    expand::named_pairs(name, value, style, explode, Escape::Form, &mut out);
    out
}

/// The encoded `name=value` cookie pairs of cookie parameter `name`
/// (`form` style; exploded items are cookies of their own).
pub(crate) fn cookie_pairs(name: &str, value: &Value, explode: bool) -> Pairs {
    let mut out = Pairs::new();
    expand::named_pairs(
        name,
        value,
        Style::Form,
        explode,
        Escape::Unreserved,
        &mut out,
    );
    out
}

/// An `application/x-www-form-urlencoded` body (see [`form::form_pairs`]).
pub(crate) fn form_body(value: &Value, encoding: &[(&str, Style, bool)]) -> Result<String, String> {
    form::form_pairs(value, encoding)
        .map(|pairs| join_pairs(&pairs, "&"))
        .map_err(str::to_owned)
}
