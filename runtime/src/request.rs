//! The request builder and URL encoding helpers.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::Method;
use serde::Serialize;

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

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
    utf8_percent_encode(s, PATH_SEGMENT).to_string()
}

/// Encodes a query parameter name or value as
/// `application/x-www-form-urlencoded` does: ASCII letters, digits and
/// `*-._` stay, a space becomes `+`, every other byte becomes `%XX`.
///
/// ```
/// assert_eq!(apigen_runtime::encode_query_component("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
/// ```
pub fn encode_query_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_form_encoded(&mut out, s);
    out
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

/// One encoded `name=value` query pair. Array styles join several encoded
/// values with an unencoded delimiter.
#[derive(Clone)]
struct QueryPair {
    /// Already encoded (deepObject names keep their brackets).
    name: String,
    /// Already encoded, delimiters included.
    value: String,
}

/// An HTTP request for [`HttpClient::execute`](crate::HttpClient::execute),
/// built by value:
///
/// ```
/// use apigen_runtime::{encode_path_segment, Method, Request};
///
/// let request = Request::new(
///     Method::GET,
///     format!("/customers/{}/invoices", encode_path_segment("cus 1")),
/// )
/// .query("limit", 10)
/// .query_opt("starting_after", None::<&str>)
/// .query_array("status", ["open", "paid"], false)
/// .query_deep_object("created", [("gte", 1700000000)])
/// .header("Accept", "application/json")
/// .security(&[&["bearerAuth"], &["apiKey"]]);
/// assert_eq!(request.path(), "/customers/cus%201/invoices");
/// assert_eq!(
///     request.query_string(),
///     "limit=10&status=open,paid&created[gte]=1700000000"
/// );
/// ```
///
/// Building never fails: a body that cannot be serialised is reported by
/// `execute` as [`Error::InvalidParam`](crate::Error::InvalidParam) before
/// anything is sent, and so are invalid header names or values.
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    query: Vec<QueryPair>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<(&'static str, Bytes)>,
    pub(crate) security: &'static [&'static [&'static str]],
    pub(crate) timeout: Option<Duration>,
    pub(crate) invalid: Option<(&'static str, String)>,
}

impl Request {
    /// A request for `path` (already percent-encoded, starting with `/`,
    /// relative to the client's base URL).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            security: &[],
            timeout: None,
            invalid: None,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The (encoded) path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The encoded query string (without `?`, without API keys).
    pub fn query_string(&self) -> String {
        let mut out = String::new();
        for (i, pair) in self.query.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(&pair.name);
            out.push('=');
            out.push_str(&pair.value);
        }
        out
    }

    /// The security requirements (see [`Request::security`]).
    pub fn security_requirements(&self) -> &'static [&'static [&'static str]] {
        self.security
    }

    fn push_query(&mut self, name: String, value: String) {
        self.query.push(QueryPair { name, value });
    }

    fn push_joined<I>(mut self, name: &str, values: I, delimiter: &str) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        let mut joined = String::new();
        let mut any = false;
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                joined.push_str(delimiter);
            }
            push_form_encoded(&mut joined, &v.to_string());
            any = true;
        }
        if any {
            self.push_query(encode_query_component(name), joined);
        }
        self
    }

    /// Adds the query parameter `name=value`.
    pub fn query(mut self, name: impl AsRef<str>, value: impl ToString) -> Self {
        self.push_query(
            encode_query_component(name.as_ref()),
            encode_query_component(&value.to_string()),
        );
        self
    }

    /// Adds `name=value` when `value` is `Some`.
    pub fn query_opt(self, name: impl AsRef<str>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds an array in OpenAPI `form` style: exploded `a=1&a=2`, or not
    /// exploded `a=1,2` (the commas are literal, commas inside values are
    /// encoded). An empty array adds nothing.
    pub fn query_array<I>(mut self, name: impl AsRef<str>, values: I, explode: bool) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        if explode {
            let name = encode_query_component(name.as_ref());
            for v in values {
                self.push_query(name.clone(), encode_query_component(&v.to_string()));
            }
            self
        } else {
            self.push_joined(name.as_ref(), values, ",")
        }
    }

    /// Adds an array in OpenAPI `spaceDelimited` style: `a=1%202`.
    pub fn query_space_delimited<I>(self, name: impl AsRef<str>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        self.push_joined(name.as_ref(), values, "%20")
    }

    /// Adds an array in OpenAPI `pipeDelimited` style: `a=1|2`.
    pub fn query_pipe_delimited<I>(self, name: impl AsRef<str>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        self.push_joined(name.as_ref(), values, "|")
    }

    /// Adds an object in OpenAPI `deepObject` style: `name[key]=value` for
    /// each entry (brackets literal, name and key encoded).
    pub fn query_deep_object<I, K, V>(mut self, name: impl AsRef<str>, entries: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: ToString,
    {
        let name = encode_query_component(name.as_ref());
        for (k, v) in entries {
            self.push_query(
                format!("{name}[{}]", encode_query_component(k.as_ref())),
                encode_query_component(&v.to_string()),
            );
        }
        self
    }

    /// Adds an object in OpenAPI `form` style: exploded `k1=v1&k2=v2`, or not
    /// exploded `name=k1,v1,k2,v2`. An empty object adds nothing.
    pub fn query_object<I, K, V>(mut self, name: impl AsRef<str>, entries: I, explode: bool) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: ToString,
    {
        if explode {
            for (k, v) in entries {
                self = self.query(k, v);
            }
            self
        } else {
            let flat = entries
                .into_iter()
                .flat_map(|(k, v)| [k.as_ref().to_owned(), v.to_string()]);
            self.push_joined(name.as_ref(), flat, ",")
        }
    }

    /// Sets a request header. It replaces a default header of the same name
    /// (and an earlier [`Request::header`] call adds a second value).
    pub fn header(mut self, name: impl Into<String>, value: impl ToString) -> Self {
        self.headers.push((name.into(), value.to_string()));
        self
    }

    /// Sets a request header when `value` is `Some`.
    pub fn header_opt(self, name: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.header(name, v),
            None => self,
        }
    }

    /// Sets the `Idempotency-Key` header, which also makes the request
    /// retryable whatever its method.
    pub fn idempotency_key(self, key: impl ToString) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// Sets the body and its `Content-Type` (a `Content-Type` set with
    /// [`Request::header`] wins).
    pub fn body(mut self, content_type: &'static str, bytes: impl Into<Bytes>) -> Self {
        self.body = Some((content_type, bytes.into()));
        self
    }

    /// Serialises `value` as the JSON body (`application/json`).
    ///
    /// Serialisation errors are reported by `execute` as
    /// `Error::InvalidParam { param: "body", .. }`.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body("application/json", bytes),
            Err(e) => {
                self.invalid
                    .get_or_insert(("body", format!("cannot serialise JSON body: {e}")));
                self
            }
        }
    }

    /// Serialises `value` as an `application/x-www-form-urlencoded` body.
    ///
    /// `value` must serialise to an object. Nested objects and arrays use
    /// bracket notation (`metadata[key]=v`, `items[0][price]=p`), `null`
    /// fields are left out, booleans are `true`/`false`.
    pub fn form<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(map)) => {
                let mut pairs = Vec::new();
                for (k, v) in &map {
                    flatten_form(encode_query_component(k), v, &mut pairs);
                }
                self.body(
                    "application/x-www-form-urlencoded",
                    join_pairs(&pairs).into_bytes(),
                )
            }
            Ok(_) => {
                self.invalid
                    .get_or_insert(("body", "form body must be an object".to_owned()));
                self
            }
            Err(e) => {
                self.invalid
                    .get_or_insert(("body", format!("cannot serialise form body: {e}")));
                self
            }
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from `name=value`
    /// pairs (names and values encoded).
    pub fn form_pairs<I, K, V>(self, pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: ToString,
    {
        let pairs: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(k, v)| {
                (
                    encode_query_component(k.as_ref()),
                    encode_query_component(&v.to_string()),
                )
            })
            .collect();
        self.body(
            "application/x-www-form-urlencoded",
            join_pairs(&pairs).into_bytes(),
        )
    }

    /// The operation's security requirements: alternatives, each a list of
    /// security scheme names that must all be applied.
    ///
    /// The first non-empty alternative whose schemes all have credentials in
    /// the [`Config`](crate::Config) is applied. An empty list (the default),
    /// or no satisfiable alternative, sends no credentials (the server will
    /// answer 401 if it needs them).
    pub fn security(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = requirements;
        self
    }

    /// Overrides the client's per-attempt timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

fn join_pairs(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

fn flatten_form(prefix: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((prefix, b.to_string())),
        Value::Number(n) => out.push((prefix, encode_query_component(&n.to_string()))),
        Value::String(s) => out.push((prefix, encode_query_component(s))),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten_form(format!("{prefix}[{i}]"), item, out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                flatten_form(format!("{prefix}[{}]", encode_query_component(k)), v, out);
            }
        }
    }
}

impl fmt::Debug for Request {
    /// Shows header names only: header values may hold secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let body = self
            .body
            .as_ref()
            .map(|(ct, b)| format!("{ct}, {} bytes", b.len()));
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query_string())
            .field("headers", &headers)
            .field("body", &body)
            .field("security", &self.security)
            .field("timeout", &self.timeout)
            .finish()
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
    fn query_styles() {
        let r = Request::new(Method::GET, "/")
            .query("q", "a b&c")
            .query_opt("none", None::<u8>)
            .query_opt("some", Some(true))
            .query_array("e", [1, 2], true)
            .query_array("n", ["x,y", "z"], false)
            .query_array("empty", Vec::<String>::new(), false)
            .query_space_delimited("s", ["a", "b"])
            .query_pipe_delimited("p", ["a", "b"])
            .query_deep_object("filter", [("created[gte]", "1"), ("k", "v w")])
            .query_object("o", [("a", 1), ("b", 2)], false)
            .query_object("ignored", [("x", "1")], true);
        assert_eq!(
            r.query_string(),
            "q=a+b%26c&some=true&e=1&e=2&n=x%2Cy,z&s=a%20b&p=a|b\
             &filter[created%5Bgte%5D]=1&filter[k]=v+w&o=a,1,b,2&x=1"
        );
    }

    #[test]
    fn form_body_flattens() {
        let r = Request::new(Method::POST, "/").form(&serde_json::json!({
            "amount": 100,
            "currency": "usd",
            "metadata": {"order id": "a&b"},
            "items": [{"price": "p_1"}, {"price": "p_2"}],
            "skip": null,
            "flag": false,
        }));
        let (ct, body) = r.body.clone().unwrap();
        assert_eq!(ct, "application/x-www-form-urlencoded");
        // Pairs follow the JSON object's key order, which is insertion order
        // or sorted depending on serde_json's `preserve_order` feature.
        let mut pairs: Vec<&str> = std::str::from_utf8(&body).unwrap().split('&').collect();
        pairs.sort_unstable();
        assert_eq!(
            pairs,
            [
                "amount=100",
                "currency=usd",
                "flag=false",
                "items[0][price]=p_1",
                "items[1][price]=p_2",
                "metadata[order+id]=a%26b"
            ]
        );
        assert!(Request::new(Method::POST, "/")
            .form(&[1, 2])
            .invalid
            .is_some());
    }

    #[test]
    fn json_error_is_deferred() {
        use std::collections::HashMap;
        let mut bad = HashMap::new();
        bad.insert(vec![1u8], 1u8); // non-string map keys cannot be JSON
        let r = Request::new(Method::POST, "/").json(&bad);
        assert_eq!(r.invalid.as_ref().unwrap().0, "body");
        assert!(r.body.is_none());
    }

    #[test]
    fn debug_hides_header_values() {
        let r = Request::new(Method::GET, "/x").header("Authorization", "Bearer hidden-value");
        let dbg = format!("{r:?}");
        assert!(dbg.contains("Authorization"));
        assert!(!dbg.contains("hidden-value"), "{dbg}");
    }
}
