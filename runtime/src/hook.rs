//! Hooks: your own behaviour on every attempt of every request.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// What a [`Hook`] is told about the attempt in progress.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The OpenAPI `operationId` (or the generated method's name), when the
    /// request comes from a generated operation.
    pub operation_id: Option<&'static str>,
    /// The HTTP method.
    pub method: &'a Method,
    /// The path template as the spec writes it (`/v1/items/{id}`), or the
    /// request's path when it has none.
    pub path_template: &'a str,
    /// The attempt number, 1 for the first.
    pub number: u32,
}

/// How an attempt ended, as a [`Hook`] sees it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// A response arrived (any status) and its body was read.
    Response {
        /// The response status.
        status: StatusCode,
        /// The response headers.
        headers: &'a HeaderMap,
    },
    /// The attempt hit the configured timeout.
    Timeout,
    /// The request could not be sent or the response not read.
    Transport(&'a reqwest::Error),
}

/// Behaviour added to every request a client sends, registered with
/// [`Config::hook`](crate::Config::hook) (or a generated `ClientBuilder::hook`).
///
/// Hooks run in the order they were added, on **every attempt**: a retried
/// request passes through [`Hook::on_request`] again, so a header added there
/// is on each attempt's bytes. Both methods have empty defaults.
///
/// ```
/// use std::sync::atomic::{AtomicU32, Ordering};
/// use apigen_runtime::{Attempt, Hook, Outcome};
///
/// struct Tag(AtomicU32);
///
/// impl Hook for Tag {
///     fn on_request(&self, _attempt: &Attempt<'_>, request: &mut apigen_runtime::reqwest::Request) {
///         let n = self.0.fetch_add(1, Ordering::Relaxed);
///         request.headers_mut().insert("x-trace-seq", n.into());
///     }
///     fn on_response(&self, attempt: &Attempt<'_>, outcome: &Outcome<'_>, elapsed: std::time::Duration) {
///         if let Outcome::Response { status, .. } = outcome {
///             eprintln!("{} attempt {}: {status} in {elapsed:?}", attempt.path_template, attempt.number);
///         }
///     }
/// }
///
/// let config = apigen_runtime::Config::new("https://api.example.com").hook(Tag(AtomicU32::new(0)));
/// # let _ = config;
/// ```
///
/// The request a hook sees already carries the credentials: a hook that logs
/// headers must leave `Authorization`, cookies and API key headers out (their
/// values are marked sensitive, `HeaderValue::is_sensitive`).
pub trait Hook: Send + Sync + 'static {
    /// Called just before an attempt is sent; may change the request
    /// (add headers, change the URL).
    fn on_request(&self, attempt: &Attempt<'_>, request: &mut reqwest::Request) {
        let _ = (attempt, request);
    }

    /// Called when an attempt has ended, with how long it took (from just
    /// after the `on_request` hooks until the body was read or it failed).
    fn on_response(&self, attempt: &Attempt<'_>, outcome: &Outcome<'_>, elapsed: Duration) {
        let _ = (attempt, outcome, elapsed);
    }
}

/// The hooks of a [`Config`](crate::Config), shown by count in `Debug`.
#[derive(Clone, Default)]
pub(crate) struct Hooks(pub(crate) Vec<std::sync::Arc<dyn Hook>>);

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.len())
    }
}
