//! The request builder. Every parameter and body helper encodes through
//! [`crate::wire`].

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use crate::wire::{self, join_pairs, Pairs, Style, Value};

/// An HTTP request for [`HttpClient::execute`](crate::HttpClient::execute),
/// built by value:
///
/// ```
/// use apigen_runtime::{encode_path_param, Method, Request, Style};
///
/// let request = Request::new(
///     Method::GET,
///     format!("/customers/{}/invoices", encode_path_param("id", "cus 1", Style::Simple, false)),
/// )
/// .query("limit", 10)
/// .query_opt("starting_after", None::<&str>)
/// .query_param("status", &["open", "paid"], Style::Form, false)
/// .query_deep_object("created", [("gte", 1700000000)])
/// .header("Accept", "application/json")
/// .cookie("session", "a b", false)
/// .security(&[&["bearerAuth"], &["apiKey"]]);
/// assert_eq!(request.path(), "/customers/cus%201/invoices");
/// assert_eq!(
///     request.query_string(),
///     "limit=10&status=open,paid&created[gte]=1700000000"
/// );
/// ```
///
/// Parameters are encoded as [`Style`] describes. Building never fails: a
/// body or parameter that cannot be serialised is reported by `execute` as
/// [`Error::InvalidParam`](crate::Error::InvalidParam) before anything is
/// sent, and so are invalid header names or values.
#[derive(Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    /// Encoded `name=value` pairs: delimiters and brackets literal.
    query: Pairs,
    pub(crate) headers: Vec<(String, String)>,
    /// Encoded `name=value` cookies, sent in one `Cookie` header.
    pub(crate) cookies: Pairs,
    pub(crate) body: Option<(Cow<'static, str>, Bytes)>,
    pub(crate) security: &'static [&'static [&'static str]],
    pub(crate) timeout: Option<Duration>,
    pub(crate) invalid: Option<(&'static str, String)>,
    /// The operation's own server (see [`Request::server`]).
    pub(crate) server: Option<&'static str>,
    /// The operation's id and path template (see [`Request::operation`]).
    pub(crate) operation: Option<(&'static str, &'static str)>,
}

/// Scalars given as text (the `ToString` helpers).
fn text_list<I: IntoIterator>(values: I) -> Value
where
    I::Item: ToString,
{
    Value::List(
        values
            .into_iter()
            .map(|v| Value::Str(v.to_string()))
            .collect(),
    )
}

/// An object of scalars given as text (the `ToString` helpers).
fn text_map<I, K, V>(entries: I) -> Value
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: ToString,
{
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_owned(), Value::Str(v.to_string())))
            .collect(),
    )
}

impl Request {
    /// A request for `path` (already percent-encoded, starting with `/`,
    /// relative to the client's base URL; see [`encode_path_param`](crate::encode_path_param)).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Pairs::new(),
            headers: Vec::new(),
            cookies: Pairs::new(),
            body: None,
            security: &[],
            timeout: None,
            invalid: None,
            server: None,
            operation: None,
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
        join_pairs(&self.query, "&")
    }

    /// The security requirements (see [`Request::security`]).
    pub fn security_requirements(&self) -> &'static [&'static [&'static str]] {
        self.security
    }

    fn push_query(mut self, name: &str, value: &Value, style: Style, explode: bool) -> Self {
        self.query
            .extend(wire::query_pairs(name, value, style, explode));
        self
    }

    fn defer_error(mut self, param: &'static str, message: String) -> Self {
        self.invalid.get_or_insert((param, message));
        self
    }

    /// Adds the query parameter `name=value` (a scalar; both encoded as
    /// [`encode_query_component`](crate::encode_query_component) does).
    pub fn query(self, name: impl AsRef<str>, value: impl ToString) -> Self {
        let value = Value::Str(value.to_string());
        self.push_query(name.as_ref(), &value, Style::Form, true)
    }

    /// Adds `name=value` when `value` is `Some`.
    pub fn query_opt(self, name: impl AsRef<str>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    /// Adds a query parameter of any `Serialize` value (scalar, array,
    /// object) in `style` (`Form`, `SpaceDelimited`, `PipeDelimited` or
    /// `DeepObject`), written as [`Style`] describes: `tags=a,b`,
    /// `tags=a&tags=b`, `tags=a%20b`, `tags=a|b`, `filter[status]=open`.
    /// `null` and empty arrays or objects add nothing.
    ///
    /// ```
    /// use apigen_runtime::{Method, Request, Style};
    ///
    /// let r = Request::new(Method::GET, "/")
    ///     .query_param("tags", &["a,b", "c"], Style::Form, false)
    ///     .query_param("ids", &[1, 2], Style::PipeDelimited, false)
    ///     .query_param("limit", &Some(10), Style::Form, true);
    /// assert_eq!(r.query_string(), "tags=a%2Cb,c&ids=1|2&limit=10");
    /// ```
    pub fn query_param<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Self {
        match Value::of(value) {
            Ok(value) => self.push_query(name, &value, style, explode),
            Err(e) => self.defer_error(
                "query",
                format!("cannot serialise query parameter `{name}`: {e}"),
            ),
        }
    }

    /// Adds an array in OpenAPI `form` style: exploded `a=1&a=2`, or not
    /// exploded `a=1,2` (the commas are literal, commas inside values are
    /// encoded). An empty array adds nothing.
    pub fn query_array<I>(self, name: impl AsRef<str>, values: I, explode: bool) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        self.push_query(name.as_ref(), &text_list(values), Style::Form, explode)
    }

    /// Adds an array in OpenAPI `spaceDelimited` style: `a=1%202`.
    pub fn query_space_delimited<I>(self, name: impl AsRef<str>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        let values = text_list(values);
        self.push_query(name.as_ref(), &values, Style::SpaceDelimited, false)
    }

    /// Adds an array in OpenAPI `pipeDelimited` style: `a=1|2`.
    pub fn query_pipe_delimited<I>(self, name: impl AsRef<str>, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: ToString,
    {
        let values = text_list(values);
        self.push_query(name.as_ref(), &values, Style::PipeDelimited, false)
    }

    /// Adds an object in OpenAPI `deepObject` style: `name[key]=value` for
    /// each entry (brackets literal, name and key encoded).
    pub fn query_deep_object<I, K, V>(self, name: impl AsRef<str>, entries: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: ToString,
    {
        let entries = text_map(entries);
        self.push_query(name.as_ref(), &entries, Style::DeepObject, true)
    }

    /// Adds an object in OpenAPI `form` style: exploded `k1=v1&k2=v2`, or not
    /// exploded `name=k1,v1,k2,v2`. An empty object adds nothing.
    pub fn query_object<I, K, V>(self, name: impl AsRef<str>, entries: I, explode: bool) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: ToString,
    {
        self.push_query(name.as_ref(), &text_map(entries), Style::Form, explode)
    }

    /// Sets a request header. It replaces a default header of the same name
    /// (and an earlier [`Request::header`] call adds a second value). The
    /// value is sent as it is; [`encode_header_value`](crate::encode_header_value)
    /// writes a parameter in `simple` style.
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

    /// Adds a cookie parameter in OpenAPI `form` style (see [`Style`]):
    /// `name=v`, an array `name=a,b` (exploded: a `name=` cookie per item),
    /// an object `name=k1,v1,k2,v2` (exploded: a cookie per property).
    /// Names and values are percent-encoded as
    /// [`encode_path_segment`](crate::encode_path_segment) does, so `;`,
    /// `,`, spaces and quotes cannot break the header. `null` and empty
    /// arrays or objects add nothing.
    ///
    /// All cookies of a request, API key cookies included, go in one
    /// `Cookie` header: `a=1; b=2`.
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T, explode: bool) -> Self {
        match Value::of(value) {
            Ok(value) => {
                self.cookies
                    .extend(wire::cookie_pairs(name, &value, explode));
                self
            }
            Err(e) => self.defer_error("cookie", format!("cannot serialise cookie `{name}`: {e}")),
        }
    }

    /// Sets the `Idempotency-Key` header, which also makes the request
    /// retryable whatever its method.
    pub fn idempotency_key(self, key: impl ToString) -> Self {
        self.header("Idempotency-Key", key)
    }

    /// Sets the body and its `Content-Type` (a `Content-Type` set with
    /// [`Request::header`] wins).
    pub fn body(
        mut self,
        content_type: impl Into<Cow<'static, str>>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        self.body = Some((content_type.into(), bytes.into()));
        self
    }

    /// Serialises `value` as the JSON body (`application/json`).
    ///
    /// Serialisation errors are reported by `execute` as
    /// `Error::InvalidParam { param: "body", .. }`.
    pub fn json<T: Serialize + ?Sized>(self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body("application/json", bytes),
            Err(e) => self.defer_error("body", format!("cannot serialise JSON body: {e}")),
        }
    }

    /// Serialises `value` as an `application/x-www-form-urlencoded` body.
    ///
    /// `value` must serialise to an object. Scalars are `name=value`, arrays
    /// of scalars repeat the name (`tags=a&tags=b`), objects and anything
    /// nested use bracket notation (`metadata[key]=v`,
    /// `items[0][price]=p`); `null` fields are left out, booleans are
    /// `true`/`false`, whole `f64`s are integers.
    pub fn form<T: Serialize + ?Sized>(self, value: &T) -> Self {
        let body = Value::of(value)
            .map_err(|e| format!("cannot serialise form body: {e}"))
            .and_then(|value| wire::form_body(&value, &[]));
        match body {
            Ok(text) => self.body("application/x-www-form-urlencoded", text.into_bytes()),
            Err(message) => self.defer_error("body", message),
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
        let text = wire::form_body(&text_map(pairs), &[]).unwrap_or_default();
        self.body("application/x-www-form-urlencoded", text.into_bytes())
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

    /// Sends the request to this server (an operation's or path's own
    /// `servers` entry) while the client uses the spec's default server;
    /// a base URL set with [`Config::base_url`](crate::Config::base_url)
    /// wins, so a mock or sandbox receives every request.
    pub fn server(mut self, base_url: &'static str) -> Self {
        self.server = Some(base_url);
        self
    }

    /// Names the operation this request performs: its `operationId` and the
    /// path template as the spec writes it (`/v1/items/{id}`). Hooks
    /// ([`Attempt`](crate::Attempt)) and tracing spans report these instead
    /// of the concrete path, which may hold identifiers.
    pub fn operation(mut self, operation_id: &'static str, path_template: &'static str) -> Self {
        self.operation = Some((operation_id, path_template));
        self
    }

    /// The operation set with [`Request::operation`]: `(operationId, path template)`.
    pub fn operation_name(&self) -> Option<(&'static str, &'static str)> {
        self.operation
    }

    /// Overrides the client's per-attempt timeout for this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

impl fmt::Debug for Request {
    /// Shows header and cookie names only: their values may hold secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let cookies: Vec<&str> = self.cookies.iter().map(|(n, _)| n.as_str()).collect();
        let body = self
            .body
            .as_ref()
            .map(|(ct, b)| format!("{ct}, {} bytes", b.len()));
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query_string())
            .field("headers", &headers)
            .field("cookies", &cookies)
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
    fn query_param_and_cookie() {
        let r = Request::new(Method::GET, "/")
            .query_param("t", &["a,b", "c"], Style::Form, false)
            .query_param("t", &["a|b", "c"], Style::PipeDelimited, false)
            .query_param("n", &None::<u8>, Style::Form, true)
            .query_param("s", "x y", Style::Form, true)
            .cookie("c", &["a b", "c;d"], false)
            .cookie("e", &["1", "2"], true)
            .cookie("n", &None::<u8>, true);
        assert_eq!(r.query_string(), "t=a%2Cb,c&t=a%7Cb|c&s=x+y");
        let cookies = join_pairs(&r.cookies, "; ");
        assert_eq!(cookies, "c=a%20b,c%3Bd; e=1; e=2");
        let dbg = format!("{r:?}");
        assert!(dbg.contains(r#"cookies: ["c", "e", "e"]"#), "{dbg}");
        assert!(!dbg.contains("a%20b"), "{dbg}");
    }

    #[test]
    fn serialise_errors_are_deferred() {
        struct Bad;
        impl Serialize for Bad {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("nope"))
            }
        }
        let r = Request::new(Method::GET, "/").query_param("q", &Bad, Style::Form, true);
        assert_eq!(
            r.invalid,
            Some(("query", "cannot serialise query parameter `q`: nope".into()))
        );
        let r = Request::new(Method::GET, "/").cookie("c", &Bad, true);
        assert_eq!(r.invalid.unwrap().0, "cookie");
        let r = Request::new(Method::POST, "/").form(&Bad);
        assert_eq!(r.invalid.unwrap().1, "cannot serialise form body: nope");
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
