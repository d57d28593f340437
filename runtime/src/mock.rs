//! Typed test doubles (the `mock` feature): a [wiremock] server whose
//! expectations are requests built the way generated clients build them.
//!
//! Generated modules built with mocks (`apigen::Builder::mock(true)`,
//! `apigen generate --mock`) wrap this in a `mock::MockServer` per spec with
//! one method per operation taking the operation's typed params and answering
//! with its typed success or error body. This module is what they share.

use std::fmt;

use reqwest::Url;
use serde::Serialize;

pub use wiremock;

use crate::request::Request;

/// A wiremock server for one API.
pub struct MockServer {
    server: wiremock::MockServer,
    ignored_query: &'static [&'static str],
}

impl MockServer {
    /// Starts a server on a free local port. `ignored_query` names query
    /// parameters that carry API keys: they are not compared.
    pub async fn start(ignored_query: &'static [&'static str]) -> MockServer {
        MockServer {
            server: wiremock::MockServer::start().await,
            ignored_query,
        }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The wiremock server itself, for expectations of your own.
    pub fn server(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// The requests received so far.
    pub async fn received(&self) -> Vec<wiremock::Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// An expectation matching requests like `request`: the same method,
    /// path and query parameters (in any order; API keys in the query are
    /// not compared), at least the headers `request` sets, with the same
    /// values, and at least its cookies. The body is compared when
    /// [`Expectation::body`] sets one.
    pub fn expect(&self, request: Request) -> Expectation<'_> {
        let base = "http://mock.invalid";
        let path = Url::parse(&format!("{base}{}", request.path))
            .map(|u| u.path().to_owned())
            .unwrap_or_else(|_| request.path.clone());
        let query = request.query_string();
        let query = Url::parse(&format!("{base}/?{query}"))
            .ok()
            .and_then(|u| u.query().map(str::to_owned))
            .unwrap_or(query);
        Expectation {
            server: &self.server,
            matcher: RequestMatcher {
                method: request.method.as_str().to_owned(),
                path,
                query: sorted_pairs(Some(&query), &[]),
                headers: request.headers.clone(),
                cookies: request.cookies.clone(),
                body: None,
                ignored_query: self.ignored_query,
            },
            times: None,
        }
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

/// One expected request; mounted by one of the `respond` methods.
#[must_use = "an expectation does nothing until a respond method mounts it"]
pub struct Expectation<'a> {
    server: &'a wiremock::MockServer,
    matcher: RequestMatcher,
    times: Option<u64>,
}

impl Expectation<'_> {
    /// Requires exactly `n` matching requests; the server panics when it is
    /// dropped otherwise (wiremock's `Mock::expect`).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Matches only requests with the body of `request` (a request built
    /// as the client builds one, for its body alone): a JSON body equal as
    /// JSON (key order and spacing aside), a form body with the same name
    /// and value pairs in the same order (however they are percent-encoded),
    /// any other body byte for byte; the media type of `Content-Type` must
    /// be the same too.
    ///
    /// # Panics
    ///
    /// When the body could not be encoded (`request` is an error, or holds
    /// a serialisation error): the expectation could match nothing.
    pub fn body<E: fmt::Display>(mut self, request: Result<Request, E>) -> Self {
        let request =
            request.unwrap_or_else(|e| panic!("the expected body cannot be encoded: {e}"));
        if let Some((_, message)) = &request.invalid {
            panic!("the expected body cannot be encoded: {message}");
        }
        self.matcher.body = request.body.map(|(content_type, bytes)| {
            (media_type(&content_type), Body::new(&content_type, &bytes))
        });
        self
    }

    /// Answers with `status` and `body` as JSON.
    pub async fn respond_json<T: Serialize + ?Sized>(self, status: u16, body: &T) {
        let template = wiremock::ResponseTemplate::new(status).set_body_json(body);
        self.respond_with(template).await;
    }

    /// Answers with `status` and no body.
    pub async fn respond_status(self, status: u16) {
        self.respond_with(wiremock::ResponseTemplate::new(status))
            .await;
    }

    /// Answers with a wiremock template of your own (headers, delays, text).
    pub async fn respond_with(self, template: wiremock::ResponseTemplate) {
        let mut mock = wiremock::Mock::given(self.matcher).respond_with(template);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        mock.mount(self.server).await;
    }
}

impl fmt::Debug for Expectation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("method", &self.matcher.method)
            .field("path", &self.matcher.path)
            .finish_non_exhaustive()
    }
}

/// Method, path, query pairs (sorted), headers and cookies that must be
/// present, the body when one is expected.
struct RequestMatcher {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    /// Encoded `name=value` cookies, as the client sends them.
    cookies: Vec<(String, String)>,
    /// The media type and the body.
    body: Option<(String, Body)>,
    ignored_query: &'static [&'static str],
}

/// An expected body, in the form it is compared in.
#[derive(Debug, PartialEq)]
enum Body {
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
    Bytes(Vec<u8>),
}

/// The media type of a `Content-Type` value: `application/json` of
/// `application/json; charset=utf-8`, lowercased.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Body {
    fn new(content_type: &str, bytes: &[u8]) -> Body {
        let media = media_type(content_type);
        let json = media == "application/json" || media.ends_with("+json");
        match serde_json::from_slice(bytes) {
            Ok(value) if json => return Body::Json(value),
            _ => {}
        }
        if media == "application/x-www-form-urlencoded" {
            return Body::Form(url::form_urlencoded::parse(bytes).into_owned().collect());
        }
        Body::Bytes(bytes.to_vec())
    }
}

/// The `name=value` pairs of every `Cookie` header of `request`.
fn cookie_pairs(request: &wiremock::Request) -> Vec<(String, String)> {
    request
        .headers
        .get_all(reqwest::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

/// `a=1&b=2` as sorted `(name, value)` pairs, without the `ignored` names.
fn sorted_pairs(query: Option<&str>, ignored: &[&str]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (n.to_owned(), v.to_owned()),
            None => (p.to_owned(), String::new()),
        })
        .filter(|(n, _)| !ignored.contains(&n.as_str()))
        .collect();
    pairs.sort();
    pairs
}

impl wiremock::Match for RequestMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.method.as_str() == self.method
            && request.url.path() == self.path
            && sorted_pairs(request.url.query(), self.ignored_query) == self.query
            && self.headers.iter().all(|(name, value)| {
                request
                    .headers
                    .get_all(name.as_str())
                    .iter()
                    .any(|v| v.as_bytes() == value.as_bytes())
            })
            && (self.cookies.is_empty() || {
                let sent = cookie_pairs(request);
                self.cookies.iter().all(|c| sent.contains(c))
            })
            && match &self.body {
                None => true,
                Some((media, body)) => {
                    let content_type = request
                        .headers
                        .get(reqwest::header::CONTENT_TYPE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    media_type(content_type) == *media
                        && Body::new(content_type, &request.body) == *body
                }
            }
    }
}
