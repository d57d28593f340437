//! What one call of a conformance run came to (`apigen conformance`), as
//! plain data the driver prints.

use crate::Error;

/// One call's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// `ok`, `rejected` (the server reported the request invalid),
    /// `api-error` (an error status; `typed` says whether its body decoded
    /// as the error type), `decode` (a response that did not decode),
    /// `invalid-param` (refused before sending), `transport`, `timeout`,
    /// `other`.
    pub kind: &'static str,
    /// The response status, 0 when there was none.
    pub status: u16,
    /// Whether an error body decoded as the operation's error type.
    pub typed: bool,
    /// The violation text, the decoder's message or the error.
    pub detail: String,
}

/// The header in which Prism lists a request's violations.
pub const VIOLATIONS_HEADER: &str = "sl-violations";

/// The outcome of a generated client call.
pub fn outcome<T, E>(result: Result<T, Error<E>>) -> Outcome {
    let simple = |kind, detail: String| Outcome {
        kind,
        status: 0,
        typed: false,
        detail,
    };
    match result {
        Ok(_) => simple("ok", String::new()),
        Err(Error::Api(e)) => {
            let violations = e
                .headers
                .get(VIOLATIONS_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            // Prism's own errors (with `--errors`) are problem documents
            // whose type is on its site.
            let prism_error = e.snippet.contains("stoplight.io/prism/errors#");
            let status = e.status.as_u16();
            match violations {
                Some(v) if e.status.is_client_error() => Outcome {
                    kind: "rejected",
                    status,
                    typed: e.body.is_some(),
                    detail: v,
                },
                _ => Outcome {
                    kind: if prism_error && (status == 422 || status == 400) {
                        "rejected"
                    } else {
                        "api-error"
                    },
                    status,
                    typed: e.body.is_some(),
                    detail: e.snippet.clone(),
                },
            }
        }
        Err(Error::Decode {
            status,
            message,
            snippet,
        }) => Outcome {
            kind: "decode",
            status: status.as_u16(),
            typed: false,
            detail: format!("{message}; body: {snippet}"),
        },
        Err(Error::InvalidParam { param, message }) => {
            simple("invalid-param", format!("{param}: {message}"))
        }
        Err(e @ Error::Transport { .. }) => simple("transport", e.to_string()),
        Err(e @ Error::Timeout { .. }) => simple("timeout", e.to_string()),
        Err(e) => simple("other", e.to_string()),
    }
}
