//! Percent-encoding: which bytes of a name or value each location encodes.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`UNRESERVED`], and `.` too: the `label` style's delimiter.
const LABEL: &AsciiSet = &UNRESERVED.add(b'.');

/// What a header value cannot hold (control characters; non-ASCII is
/// always encoded by `utf8_percent_encode`).
const HEADER_TEXT: &AsciiSet = CONTROLS;

/// [`HEADER_TEXT`], and the list delimiter `,` and `%` itself, so that a
/// list splits on `,` and each item decodes back.
const HEADER_ITEM: &AsciiSet = &CONTROLS.add(b'%').add(b',');

/// [`HEADER_ITEM`], and `=`: the key-value delimiter of exploded objects.
const HEADER_PAIR: &AsciiSet = &HEADER_ITEM.add(b'=');

/// How one location writes the text of names and values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    /// Query strings and form bodies: `application/x-www-form-urlencoded`
    /// ([`encode_query_component`]).
    Form,
    /// Path segments (`simple`, `matrix`) and cookies: all but RFC 3986
    /// unreserved characters ([`encode_path_segment`]).
    Unreserved,
    /// `label` path segments: [`Escape::Unreserved`] and `.`.
    Label,
    /// A scalar header value: only control characters and non-ASCII.
    HeaderText,
    /// An item of a header list or object: also `%` and `,`.
    HeaderItem,
    /// A key or value of an exploded header object: also `=`.
    HeaderPair,
}

impl Escape {
    /// Appends `s`, encoded, to `out`.
    pub(crate) fn push(self, out: &mut String, s: &str) {
        let set = match self {
            Escape::Form => return push_form_encoded(out, s),
            Escape::Unreserved => UNRESERVED,
            Escape::Label => LABEL,
            Escape::HeaderText => HEADER_TEXT,
            Escape::HeaderItem => HEADER_ITEM,
            Escape::HeaderPair => HEADER_PAIR,
        };
        out.extend(utf8_percent_encode(s, set));
    }

    /// `s`, encoded.
    pub(crate) fn apply(self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        self.push(&mut out, s);
        out
    }

    /// The escape for an item of a list or object: a header's scalar text
    /// becomes item text; other locations encode items like scalars.
    pub(crate) fn item(self) -> Escape {
        match self {
            Escape::HeaderText => Escape::HeaderItem,
            other => other,
        }
    }

    /// The escape for the keys and values of an exploded object (`k=v`).
    pub(crate) fn pair(self) -> Escape {
        match self {
            Escape::HeaderText | Escape::HeaderItem => Escape::HeaderPair,
            other => other,
        }
    }
}

/// Percent-encodes one path segment: everything except RFC 3986 unreserved
/// characters is encoded, so `a/b c` becomes `a%2Fb%20c`.
///
/// ```
/// assert_eq!(apigen_runtime::encode_path_segment("a/b c"), "a%2Fb%20c");
/// ```
///
/// A value that is exactly `.` or `..` stays as it is; [`HttpClient::execute`](crate::HttpClient::execute)
/// refuses paths with such segments, since URL normalisation would remove them.
pub fn encode_path_segment(s: &str) -> String {
    Escape::Unreserved.apply(s)
}

/// Encodes a query parameter name or value as
/// `application/x-www-form-urlencoded` does: ASCII letters, digits and
/// `*-._` stay, a space becomes `+`, every other byte becomes `%XX`.
///
/// ```
/// assert_eq!(apigen_runtime::encode_query_component("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
/// ```
pub fn encode_query_component(s: &str) -> String {
    Escape::Form.apply(s)
}

fn push_form_encoded(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xF) as usize] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments() {
        assert_eq!(encode_path_segment("a/b c"), "a%2Fb%20c");
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(
            encode_path_segment("?#[]@!$&'()*+,;=%"),
            "%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25"
        );
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    #[test]
    fn query_components() {
        assert_eq!(encode_query_component("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode_query_component("*-._~,|[]"), "*-._%7E%2C%7C%5B%5D");
    }

    #[test]
    fn label_and_header_sets() {
        assert_eq!(Escape::Label.apply("v1.2,x"), "v1%2E2%2Cx");
        let text = "a b/\"c\",d=e%\r\né";
        assert_eq!(Escape::HeaderText.apply(text), "a b/\"c\",d=e%%0D%0A%C3%A9");
        assert_eq!(
            Escape::HeaderItem.apply(text),
            "a b/\"c\"%2Cd=e%25%0D%0A%C3%A9"
        );
        assert_eq!(
            Escape::HeaderPair.apply(text),
            "a b/\"c\"%2Cd%3De%25%0D%0A%C3%A9"
        );
        assert_eq!(Escape::HeaderText.item(), Escape::HeaderItem);
        assert_eq!(Escape::HeaderText.pair(), Escape::HeaderPair);
        assert_eq!(Escape::Form.pair(), Escape::Form);
    }
}
