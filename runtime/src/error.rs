//! Error types.

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The most bytes of a response body kept in error snippets.
pub const SNIPPET_LIMIT: usize = 512;

/// A bounded, printable excerpt of a response body: at most
/// [`SNIPPET_LIMIT`] bytes, cut on a character boundary, invalid UTF-8
/// replaced by U+FFFD.
pub fn body_snippet(body: &[u8]) -> String {
    let cut = body.len() > SNIPPET_LIMIT;
    let prefix = &body[..body.len().min(SNIPPET_LIMIT)];
    let mut out = String::with_capacity(prefix.len());
    let mut chunks = prefix.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        out.push_str(chunk.valid());
        let invalid = chunk.invalid();
        // A character split by the cut is dropped rather than replaced.
        let split_at_end = cut && chunks.peek().is_none() && invalid.len() < 4 && {
            let lead = invalid.first().copied().unwrap_or(0);
            let need = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 0,
            };
            invalid.len() < need
        };
        if !invalid.is_empty() && !split_at_end {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
    if out.len() > SNIPPET_LIMIT {
        let mut end = SNIPPET_LIMIT;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
    }
    out
}

/// A configuration problem found by [`HttpClient::new`](crate::HttpClient::new).
///
/// Messages name the offending header or scheme but never include header
/// values or secrets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL.
    #[error("invalid base URL `{url}`: {message}")]
    InvalidBaseUrl {
        /// The URL, with any user-info redacted.
        url: String,
        /// Why it was rejected.
        message: String,
    },
    /// A default header name is not a valid HTTP header name.
    #[error("invalid header name `{name}`")]
    InvalidHeaderName {
        /// The rejected name.
        name: String,
    },
    /// A default header value is not a valid HTTP header value.
    #[error("invalid value for header `{name}`")]
    InvalidHeaderValue {
        /// The header whose value was rejected.
        name: String,
    },
    /// A credential cannot be sent (for example a token with a line break,
    /// or an API key header name that is not a valid header name).
    #[error("invalid credential for security scheme `{scheme}`: {message}")]
    InvalidCredential {
        /// The security scheme name.
        scheme: String,
        /// What is wrong (never the secret itself).
        message: String,
    },
    /// The underlying `reqwest::Client` could not be built.
    #[error("could not build the HTTP client: {0}")]
    Client(#[source] reqwest::Error),
}

/// Every way an API call can fail. `E` is the type of the provider's error
/// body, decoded into [`ApiError::body`].
///
/// Error text never contains credentials: transport errors have their URL
/// stripped (it may carry an API key in the query) and response bodies are
/// only kept as bounded snippets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// A parameter failed client-side validation; no request was sent.
    #[error("invalid parameter `{param}`: {message}")]
    InvalidParam {
        /// The parameter (or `"body"`, `"header"`, `"path"`).
        param: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The request could not be sent or the response could not be read
    /// (connection refused, reset, TLS failure, ...).
    #[error("transport error after {attempts} attempt(s): {}", error_chain(source))]
    Transport {
        /// The underlying error, with its URL removed.
        #[source]
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The configured timeout elapsed on the last attempt.
    #[error("request timed out after {attempts} attempt(s)")]
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The response body could not be decoded into the expected type.
    #[error(
        "could not decode response with status {status}{}: {message}; body starts with: {snippet:?}",
        path.as_ref().map(|p| format!(" at `{p}`")).unwrap_or_default()
    )]
    Decode {
        /// The response status.
        status: StatusCode,
        /// Where in the body the decoder stopped, as serde_path_to_error
        /// writes it (`data[2].owner.login`); `None` when it stopped at the
        /// top level (a body that is not JSON, or of the wrong kind).
        path: Option<String>,
        /// The decoder's message.
        message: String,
        /// A bounded excerpt of the body (see [`body_snippet`]).
        snippet: String,
    },
    /// The API answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// A paginated listing cannot go on (for example a cursor repeated).
    #[error("pagination error: {message}")]
    Pagination {
        /// What went wrong.
        message: String,
    },
    /// The client configuration is invalid.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// Every security alternative of the operation needs a credential the
    /// client was built without; nothing was sent.
    #[error("{}", missing_credential_text(scheme, setter, operation))]
    MissingCredential {
        /// The security scheme (its key in `components.securitySchemes`) of
        /// the first alternative that lacks a credential.
        scheme: &'static str,
        /// The method that sets it (`ClientBuilder::basic_auth`), when the
        /// client knows one.
        setter: Option<&'static str>,
        /// The operation's id, when the request names it.
        operation: Option<&'static str>,
    },
}

fn missing_credential_text(
    scheme: &str,
    setter: &Option<&'static str>,
    operation: &Option<&'static str>,
) -> String {
    let what = match operation {
        Some(op) => format!("operation `{op}` needs"),
        None => "this request needs".to_owned(),
    };
    let how = match setter {
        Some(setter) => format!("call `{setter}` when building the client"),
        None => format!("register one with `Config::credential(\"{scheme}\", ..)`"),
    };
    format!("{what} a credential for security scheme `{scheme}`, and the client has none: {how} (nothing was sent)")
}

impl Error<Infallible> {
    /// The same error for any body type: it has no API body.
    pub(crate) fn widen<E>(self) -> Error<E> {
        self.map_api(|never| match never {})
    }
}

impl<E> Error<E> {
    /// A client-side validation error for `param`.
    pub fn invalid_param(param: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidParam {
            param,
            message: message.into(),
        }
    }

    /// The HTTP status involved, for API and decode errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            Error::Api(api) => Some(api.status),
            Error::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// The API error, if the API answered with an error status.
    pub fn api_error(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The API error by value, if the API answered with an error status.
    pub fn into_api_error(self) -> Option<ApiError<E>> {
        match self {
            Error::Api(api) => Some(*api),
            _ => None,
        }
    }

    /// How many attempts were made, when a request was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Transport { attempts, .. } | Error::Timeout { attempts } => Some(*attempts),
            Error::Api(api) => Some(api.attempts),
            _ => None,
        }
    }

    /// Whether trying the same call again later could succeed: transport
    /// failures, timeouts, and API errors with status 429 or 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { source, .. } => {
                source.is_connect()
                    || source.is_timeout()
                    || source.is_request()
                    || source.is_body()
            }
            Error::Timeout { .. } => true,
            Error::Api(api) => is_retryable_status(api.status),
            _ => false,
        }
    }

    /// Converts the API error body type with `f`, keeping everything else.
    pub fn map_api<E2>(self, f: impl FnOnce(E) -> E2) -> Error<E2> {
        match self {
            Error::InvalidParam { param, message } => Error::InvalidParam { param, message },
            Error::Transport { source, attempts } => Error::Transport { source, attempts },
            Error::Timeout { attempts } => Error::Timeout { attempts },
            Error::Decode {
                status,
                path,
                message,
                snippet,
            } => Error::Decode {
                status,
                path,
                message,
                snippet,
            },
            Error::Api(api) => {
                let api = *api;
                Error::Api(Box::new(ApiError {
                    status: api.status,
                    body: api.body.map(f),
                    snippet: api.snippet,
                    headers: api.headers,
                    attempts: api.attempts,
                }))
            }
            Error::Pagination { message } => Error::Pagination { message },
            Error::Build(e) => Error::Build(e),
            Error::MissingCredential {
                scheme,
                setter,
                operation,
            } => Error::MissingCredential {
                scheme,
                setter,
                operation,
            },
        }
    }
}

/// An error and its causes, joined with `: `.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        let part = e.to_string();
        if !text.ends_with(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = e.source();
    }
    text
}

/// Status codes worth retrying: 429 and 5xx.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// An error response from the API.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The response status.
    pub status: StatusCode,
    /// The provider's error body, if it decoded as `E`.
    pub body: Option<E>,
    /// A bounded excerpt of the raw body (see [`body_snippet`]).
    pub snippet: String,
    /// The response headers.
    pub headers: HeaderMap,
    /// How many attempts were made (more than one when retries happened).
    pub attempts: u32,
}

/// Response headers that commonly carry a request id, in lookup order.
pub(crate) const REQUEST_ID_HEADERS: [&str; 5] = [
    "request-id",
    "x-request-id",
    "x-amzn-requestid",
    "x-github-request-id",
    "cf-ray",
];

impl<E> ApiError<E> {
    /// The wait asked for by the `Retry-After` header (delta-seconds or HTTP
    /// date; a date in the past gives zero).
    pub fn retry_after(&self) -> Option<Duration> {
        crate::response::parse_retry_after(&self.headers)
    }

    /// The provider's request id, from the first present of `request-id`,
    /// `x-request-id`, `x-amzn-requestid`, `x-github-request-id`, `cf-ray`.
    pub fn request_id(&self) -> Option<&str> {
        crate::response::request_id(&self.headers)
    }

    /// A response header as text (`None` if absent or not visible ASCII).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error: HTTP {}", self.status)?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        if !self.snippet.is_empty() {
            write!(f, ": {}", self.snippet)?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_short_body_unchanged() {
        assert_eq!(body_snippet(b"hello"), "hello");
        assert_eq!(body_snippet(b""), "");
    }

    #[test]
    fn snippet_bounded_and_on_char_boundary() {
        let body = "é".repeat(400); // 800 bytes
        let s = body_snippet(body.as_bytes());
        assert_eq!(s.len(), 512);
        assert!(s.chars().all(|c| c == 'é'));

        let mut body = vec![b'a'; 511];
        body.extend_from_slice("€€".as_bytes()); // cut inside the first euro sign
        let s = body_snippet(&body);
        assert_eq!(s, "a".repeat(511));
    }

    #[test]
    fn snippet_lossy() {
        let s = body_snippet(b"ab\xffcd");
        assert_eq!(s, "ab\u{fffd}cd");
        let body = vec![0xffu8; 600];
        let s = body_snippet(&body);
        assert!(s.len() <= 512);
        assert!(s.chars().all(|c| c == '\u{fffd}'));
    }

    #[test]
    fn display_does_not_need_display_e() {
        #[derive(Debug)]
        struct Opaque;
        let e: Error<Opaque> = Error::Api(Box::new(ApiError {
            status: StatusCode::NOT_FOUND,
            body: Some(Opaque),
            snippet: "{\"error\":\"missing\"}".into(),
            headers: HeaderMap::new(),
            attempts: 1,
        }));
        let text = e.to_string();
        assert!(text.contains("404"), "{text}");
        assert!(text.contains("missing"), "{text}");
        assert_eq!(e.status(), Some(StatusCode::NOT_FOUND));
        assert!(!e.is_retryable());
        let _: &dyn std::error::Error = &e;
    }
}
