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
    /// not compared), and at least the headers `request` sets. Cookies and
    /// bodies are not compared.
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

/// Method, path, query pairs (sorted), headers that must be present.
struct RequestMatcher {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    ignored_query: &'static [&'static str],
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
    }
}
