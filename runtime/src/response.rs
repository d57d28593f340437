//! The response returned by [`HttpClient::execute`](crate::HttpClient::execute).

use std::fmt::Debug;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{body_snippet, ApiError, Error, REQUEST_ID_HEADERS};

/// How deeply nested a JSON response may be. serde_json stops at 128
/// levels; a schema nested deeper (which the generated types allow: levels
/// past 40 are kept as JSON) is valid, so bodies up to this depth are
/// decoded without that limit. Deeper bodies fail to decode, and never
/// overflow the stack.
pub const MAX_JSON_DEPTH: usize = 256;

/// Decodes JSON; a body nested deeper than serde_json's 128 levels but at
/// most [`MAX_JSON_DEPTH`] is decoded again without serde_json's limit
/// (the fast path is unchanged).
fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(body) {
        Err(e)
            if e.to_string().starts_with("recursion limit exceeded")
                && json_depth(body) <= MAX_JSON_DEPTH =>
        {
            let mut de = serde_json::Deserializer::from_slice(body);
            de.disable_recursion_limit();
            let value = T::deserialize(&mut de)?;
            de.end()?;
            Ok(value)
        }
        other => other,
    }
}

/// Where decoding `body` as `T` stops, for a body [`decode_json`] refused:
/// the same decoder once more, under serde_path_to_error (only on this
/// failure path, so a body that decodes pays nothing for it). `None` at the
/// top level or for a body too deep to decode.
fn error_path<T: DeserializeOwned>(body: &[u8]) -> Option<String> {
    let depth = json_depth(body);
    if depth > MAX_JSON_DEPTH {
        return None;
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    if depth > 100 {
        de.disable_recursion_limit();
    }
    let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => e.path().to_string(),
        // The trailing characters after a whole value.
        Ok(_) => return None,
    };
    (path != ".").then_some(path)
}

/// The deepest nesting of arrays and objects in a JSON text (brackets
/// inside strings not counted).
fn json_depth(body: &[u8]) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in body {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// A complete HTTP response: status, headers and the whole body.
///
/// Generated code matches on [`Response::status`] and decodes the body with
/// [`Response::json`], or turns an error status into [`Error::Api`] with
/// [`Response::into_api_error`].
#[derive(Debug, Clone)]
pub struct Response {
    /// The status of the final attempt.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole response body.
    pub body: Bytes,
    /// How many attempts were made (1 unless the request was retried).
    pub attempts: u32,
}

impl Response {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Decodes the body as JSON.
    ///
    /// An empty body decodes like `null` (so `()` and `Option<T>` accept
    /// it). On failure the [`Error::Decode`] keeps the status, the decoder's
    /// message and a bounded snippet of the body.
    ///
    /// With `?` the error type cannot be inferred; name it:
    /// `response.json::<Widget, MyError>()?`.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"null"
        } else {
            &self.body
        };
        let decoded = decode_json(body);
        // A 204 or 205 has no body by definition (RFC 9110), even where a
        // spec gives it a JSON schema: an object type with no required
        // field decodes as an empty object.
        let decoded = match decoded {
            Err(_) if body == b"null" && matches!(self.status.as_u16(), 204 | 205) => {
                decode_json(b"{}").or(decoded)
            }
            other => other,
        };
        decoded.map_err(|e| Error::Decode {
            status: self.status,
            path: error_path::<T>(body),
            message: if body == b"null" && self.body.as_ref() != b"null" {
                format!("empty response body: {e}")
            } else {
                e.to_string()
            },
            snippet: body_snippet(&self.body),
        })
    }

    /// The body as text (invalid UTF-8 replaced by U+FFFD).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Turns this (error) response into [`Error::Api`], decoding the body
    /// into `E` when it can. The raw snippet and headers are kept either way.
    pub fn into_api_error<E: DeserializeOwned + Debug>(self) -> Error<E> {
        self.into_api_error_by(|_, body| serde_json::from_slice::<E>(body).ok())
    }

    /// [`Response::into_api_error`] with the body decoded by `decode`,
    /// which is given the status: the generated decoder of an operation
    /// whose error responses declare several types decodes each body as
    /// the type of its status, not as the first that accepts it.
    pub fn into_api_error_by<E: Debug>(self, decode: fn(u16, &[u8]) -> Option<E>) -> Error<E> {
        let body = if self.body.is_empty() {
            None
        } else {
            decode(self.status.as_u16(), &self.body)
        };
        Error::Api(Box::new(ApiError {
            status: self.status,
            body,
            snippet: body_snippet(&self.body),
            headers: self.headers,
            attempts: self.attempts,
        }))
    }

    /// `Ok(self)` for a 2xx status, otherwise [`Response::into_api_error`].
    pub fn error_for_status<E: DeserializeOwned + Debug>(self) -> Result<Response, Error<E>> {
        if self.is_success() {
            Ok(self)
        } else {
            Err(self.into_api_error())
        }
    }

    /// Decodes a 2xx body as JSON `T`; any other status becomes
    /// [`Error::Api`] with the body decoded as `E`.
    pub fn decode<T: DeserializeOwned, E: DeserializeOwned + Debug>(self) -> Result<T, Error<E>> {
        self.error_for_status()?.json()
    }

    /// A response header as text (`None` if absent or not visible ASCII).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The wait asked for by the `Retry-After` header, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        parse_retry_after(&self.headers)
    }

    /// The provider's request id (see [`ApiError::request_id`]).
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

/// Parses a `Retry-After` header: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past gives zero.
pub fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_204_without_a_body_decodes_as_an_empty_object() {
        #[derive(serde::Deserialize, Debug)]
        struct Out {
            #[allow(dead_code)]
            note: Option<String>,
        }
        let response = |status: u16| super::Response {
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            headers: Default::default(),
            body: bytes::Bytes::new(),
            attempts: 1,
        };
        assert!(response(204).json::<Out, ()>().is_ok());
        assert!(response(204).json::<(), ()>().is_ok());
        // A 200 must have its body.
        assert!(response(200).json::<Out, ()>().is_err());
    }

    #[test]
    fn deep_bodies_decode_up_to_the_bound() {
        fn nested(levels: usize) -> Vec<u8> {
            let mut text = String::new();
            text.push_str(&"[".repeat(levels));
            text.push_str(&"]".repeat(levels));
            text.into_bytes()
        }
        let ok = super::decode_json::<serde_json::Value>(&nested(200));
        assert!(ok.is_ok(), "{ok:?}");
        let too_deep = super::decode_json::<serde_json::Value>(&nested(300)).unwrap_err();
        assert!(
            too_deep.to_string().starts_with("recursion limit exceeded"),
            "{too_deep}"
        );
        // Brackets inside strings are not nesting.
        assert_eq!(super::json_depth(br#"{"a": "[[[\"{{"}"#), 1);
    }

    #[test]
    fn the_error_path_is_found_past_serde_jsons_depth_limit() {
        #[derive(serde::Deserialize, Debug)]
        struct Node {
            #[allow(dead_code)]
            next: Option<Box<Node>>,
            #[allow(dead_code)]
            id: u32,
        }
        // 150 levels, the innermost `id` a string.
        let mut text = String::new();
        for _ in 0..150 {
            text.push_str(r#"{"id": 1, "next": "#);
        }
        text.push_str(r#"{"id": "x"}"#);
        text.push_str(&"}".repeat(150));
        let body = text.as_bytes();
        assert!(super::decode_json::<Node>(body).is_err());
        let path = super::error_path::<Node>(body).expect("a path");
        assert_eq!(path, format!("{}id", "next.".repeat(150)));
        // Too deep to decode at all: no path.
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert_eq!(super::error_path::<Node>(deep.as_bytes()), None);
    }

    use super::*;
    use reqwest::header::HeaderValue;

    fn with_retry_after(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(
            parse_retry_after(&with_retry_after("7")),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after(&with_retry_after("Wed, 21 Oct 2015 07:28:00 GMT")),
            Some(Duration::ZERO)
        );
        let future = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let d = parse_retry_after(&with_retry_after(&future)).unwrap();
        assert!(
            d > Duration::from_secs(27) && d <= Duration::from_secs(30),
            "{d:?}"
        );
        assert_eq!(parse_retry_after(&with_retry_after("soon")), None);
        assert_eq!(parse_retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn empty_body_decodes_as_null() {
        let r = Response {
            status: StatusCode::NO_CONTENT,
            headers: HeaderMap::new(),
            body: Bytes::new(),
            attempts: 1,
        };
        r.json::<(), ()>().unwrap();
        assert_eq!(r.json::<Option<u32>, ()>().unwrap(), None);
        let err = r.json::<Vec<u32>, ()>().unwrap_err();
        assert!(err.to_string().contains("empty response body"), "{err}");
    }
}
