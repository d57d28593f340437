//! The typed scalars generated code uses for string formats.
//!
//! | `format` | type |
//! | --- | --- |
//! | `date-time` | [`DateTime`] (`chrono::DateTime<chrono::Utc>`), RFC 3339 on the wire |
//! | `date` | [`Date`] (`chrono::NaiveDate`), `2024-06-01` on the wire |
//! | `uuid` | [`Uuid`] |
//! | `uri` | [`Uri`] (`fluent_uri::Uri<String>`): an RFC 3986 URI, kept as received |
//! | `byte` | [`Base64`]: the decoded bytes of base64 text |
//! | `binary`, a top-level property of a `multipart/form-data` body | [`FilePart`]: a file part |
//!
//! Request and response bodies of `application/octet-stream` (`format:
//! binary`) are [`bytes::Bytes`]. A `format: binary` property of a JSON
//! model stays a `String`: JSON has no lossless form for bytes, and a
//! string keeps what was received. Each mapping can be turned off when the
//! code is generated, and the field is then a `String`.
//!
//! A date-time is written as RFC 3339 in UTC (`2024-06-01T12:30:00Z`, with
//! the fraction of a second when there is one), in bodies and in path,
//! query, header and cookie parameters alike; one with another offset is
//! accepted and converted to UTC.

use std::fmt;

use base64::Engine;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

pub use crate::file::FilePart;
pub use chrono;
pub use fluent_uri;
pub use url;
pub use url::Url;
pub use uuid;
pub use uuid::Uuid;

/// `format: date-time`: an instant, written as RFC 3339 in UTC.
pub type DateTime = chrono::DateTime<chrono::Utc>;

/// `format: date`: a calendar date (`full-date` of RFC 3339, `2024-06-01`).
pub type Date = chrono::NaiveDate;

/// `format: uri`: a URI as RFC 3986 defines it (JSON Schema's `uri`
/// format), with a scheme; its text is kept exactly as received and written
/// back unchanged.
///
/// Every RFC 3986 URI decodes, including those that a WHATWG URL parser
/// (the `url` crate's) refuses, such as a host whose last label is a number
/// (`https://x.y.1`); a relative reference or text outside the grammar
/// (a space, a bare `%`) fails the decode. For a [`Url`] (to hand to an
/// HTTP client, or to join paths), use [`to_url`], which fails where the
/// WHATWG parser does.
///
/// ```
/// use apigen_runtime::scalar::{to_url, Uri};
///
/// let uri: Uri = serde_json::from_str(r#""https://x.y.1/a?b#c""#).unwrap();
/// assert_eq!(uri.as_str(), "https://x.y.1/a?b#c");
/// assert!(to_url(&uri).is_err()); // the WHATWG parser refuses this host
///
/// let uri: Uri = "https://example.com/a%20b".parse().unwrap();
/// assert_eq!(to_url(&uri).unwrap().path(), "/a%20b");
/// assert!(serde_json::from_str::<Uri>(r#""/relative""#).is_err());
/// ```
pub type Uri = fluent_uri::Uri<String>;

/// A [`Uri`] as a [`url::Url`] (WHATWG parsing, which normalises the text
/// and refuses some RFC 3986 URIs, such as a numeric last host label).
pub fn to_url(uri: &Uri) -> Result<Url, url::ParseError> {
    Url::parse(uri.as_str())
}

/// `format: byte`: bytes sent as base64 text.
///
/// Written with the standard alphabet and padding (RFC 4648 §4); read from
/// the standard or the URL-safe alphabet, with or without padding.
///
/// ```
/// use apigen_runtime::scalar::Base64;
///
/// let value: Base64 = serde_json::from_str(r#""aGk/""#).unwrap();
/// assert_eq!(value.as_ref(), b"hi?");
/// assert_eq!(serde_json::to_string(&value).unwrap(), r#""aGk/""#);
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Decodes base64 text (either alphabet, padding optional).
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        let text = text.trim_end_matches('=');
        let engine = if text.contains(['-', '_']) {
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
        } else {
            &base64::engine::general_purpose::STANDARD_NO_PAD
        };
        engine.decode(text).map(Base64)
    }

    /// The bytes as base64 text, standard alphabet with padding.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({:?})", self.encode())
    }
}

/// The base64 text.
impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl std::ops::Deref for Base64 {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64(bytes.to_vec())
    }
}

impl From<Base64> for Vec<u8> {
    fn from(value: Base64) -> Self {
        value.0
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base64Visitor;
        impl Visitor<'_> for Base64Visitor {
            type Value = Base64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("base64 text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Base64, E> {
                Base64::decode(v).map_err(|e| E::custom(format_args!("invalid base64: {e}")))
            }
        }
        deserializer.deserialize_str(Base64Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_reads_both_alphabets_with_and_without_padding() {
        for text in ["+/8=", "+/8", "-_8=", "-_8"] {
            assert_eq!(Base64::decode(text).unwrap().0, vec![0xfb, 0xff], "{text}");
        }
        assert_eq!(Base64::from(vec![0xfb, 0xff]).encode(), "+/8=");
        assert!(Base64::decode("not base64!").is_err());
        let e = serde_json::from_str::<Base64>(r#""a*b""#).unwrap_err();
        assert!(e.to_string().contains("invalid base64"), "{e}");
    }

    /// RFC 3986 URIs decode, whatever a WHATWG parser thinks of them, and
    /// are written back as received; other text is refused.
    #[test]
    fn uris_are_rfc_3986() {
        for text in [
            "https://x.y.1",
            "https://x.y.1/a/b?c=d#e",
            "http://[::1]:8080/",
            "urn:isbn:0451450523",
            "mailto:a@example.com",
            "https://example.com/a%20b?x=1&y=%2F",
            "foo://user:pw@host:1/p;q?r",
            "https://EXAMPLE.com",
        ] {
            let json = serde_json::to_string(text).unwrap();
            let uri: Uri = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(uri.as_str(), text);
            assert_eq!(serde_json::to_string(&uri).unwrap(), json);
        }
        assert!(
            Url::parse("https://x.y.1").is_err(),
            "the WHATWG parser refuses it"
        );
        for text in [
            "",
            "/relative/path",
            "//host/only",
            "https://a b.example",
            "https://example.com/%zz",
            "1http://x",
            "https://example.com/<tag>",
        ] {
            let json = serde_json::to_string(text).unwrap();
            assert!(
                serde_json::from_str::<Uri>(&json).is_err(),
                "{text:?} was accepted"
            );
        }
        let uri: Uri = "https://example.com/a".parse().unwrap();
        assert_eq!(to_url(&uri).unwrap().as_str(), "https://example.com/a");
    }

    #[test]
    fn date_times_are_rfc_3339_in_utc() {
        let t: DateTime = serde_json::from_str(r#""2024-06-01T14:30:00.250+02:00""#).unwrap();
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#""2024-06-01T12:30:00.250Z""#
        );
        let d: Date = serde_json::from_str(r#""2024-06-01""#).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), r#""2024-06-01""#);
        assert!(serde_json::from_str::<DateTime>(r#""2024-06-01""#).is_err());
    }
}
