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
                // A response without a body (to HEAD): the violations say
                // what Prism found wrong.
                Some(v) if e.snippet.is_empty() => Outcome {
                    kind: "api-error",
                    status,
                    typed: false,
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
            path,
            message,
            snippet,
        }) => Outcome {
            kind: "decode",
            status: status.as_u16(),
            typed: false,
            detail: match path {
                Some(p) => format!("at `{p}`: {message}; body: {snippet}"),
                None => format!("{message}; body: {snippet}"),
            },
        },
        Err(Error::InvalidParam { param, message }) => {
            simple("invalid-param", format!("{param}: {message}"))
        }
        Err(e @ Error::Transport { .. }) => simple("transport", e.to_string()),
        Err(e @ Error::Timeout { .. }) => simple("timeout", e.to_string()),
        Err(e) => simple("other", e.to_string()),
    }
}

/// One operation of a generated client, as the conformance driver lists
/// it (`CONFORMANCE_OPERATIONS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The client method.
    pub name: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template as the spec writes it.
    pub path: &'static str,
    /// Whether every security alternative needs a credential.
    pub secured: bool,
    /// The declared error responses: the status as the spec writes it
    /// (`404`, `4XX`, `default`) and whether its body has a JSON schema,
    /// which an error of that status must decode into.
    pub errors: &'static [(&'static str, bool)],
    /// A JSON request body that the operation's body schema refuses (`[]`
    /// for an object, a string or a number, `{}` for an array), when it
    /// has a JSON body whose schema refuses one of them.
    pub bad_body: Option<&'static str>,
    /// Why no request of the operation can be valid, when the generator
    /// found the spec contradicting itself (a `oneOf` body that no value
    /// matches exactly one alternative of, an object body under a media
    /// type that is neither JSON nor a form): the conformance command
    /// counts its rejections as spec contradictions, not as rejected.
    pub contradiction: Option<&'static str>,
    /// Why the spec's own example of the operation's first success
    /// response, which a mock server answers in its static mode, does not
    /// fit the response's schema: the command counts a static response
    /// of it that does not decode as a spec contradiction, not as D.
    pub served_misfit: Option<&'static str>,
}

/// Replaces the body of every attempt with the operation's
/// [`Operation::bad_body`] (operations without one are sent unchanged):
/// the driver's check that a body the server must refuse comes back as
/// the typed 422 or 400 error.
#[derive(Debug, Clone, Copy)]
pub struct ReplaceBody {
    /// The operations, matched by method and path template.
    pub operations: &'static [Operation],
}

impl crate::Hook for ReplaceBody {
    fn on_request(&self, attempt: &crate::Attempt<'_>, request: &mut reqwest::Request) {
        let bad = self.operations.iter().find_map(|op| {
            (op.method == attempt.method.as_str() && op.path == attempt.path_template)
                .then_some(op.bad_body)
                .flatten()
        });
        if let Some(bad) = bad {
            *request.body_mut() = Some(reqwest::Body::from(bad));
            request.headers_mut().insert(
                reqwest::header::CONTENT_TYPE,
                reqwest::header::HeaderValue::from_static("application/json"),
            );
            request
                .headers_mut()
                .remove(reqwest::header::CONTENT_LENGTH);
        }
    }
}

/// Takes the credentials off every attempt, after the client has added
/// them: the conformance driver's call "without credentials" reaches the
/// server this way (a client without them fails before sending, with
/// [`Error::MissingCredential`]), so that the server's 401 is what comes
/// back, decoded as the operation's error.
#[derive(Debug, Clone, Default)]
pub struct StripCredentials {
    /// Header names (`authorization`, API key headers).
    pub headers: &'static [&'static str],
    /// Query parameter names of API keys.
    pub query: &'static [&'static str],
    /// Whether an API key travels in a cookie (the `Cookie` header goes).
    pub cookie: bool,
}

impl crate::Hook for StripCredentials {
    fn on_request(&self, _: &crate::Attempt<'_>, request: &mut reqwest::Request) {
        for name in self.headers {
            request.headers_mut().remove(*name);
        }
        if self.cookie {
            request.headers_mut().remove(reqwest::header::COOKIE);
        }
        if !self.query.is_empty() {
            let url = request.url_mut();
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(k, _)| !self.query.contains(&k.as_ref()))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            if kept.is_empty() {
                url.set_query(None);
            } else {
                url.query_pairs_mut().clear().extend_pairs(kept);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Hook;

    #[test]
    fn the_bad_body_replaces_the_body_of_its_operation_only() {
        const OPS: &[Operation] = &[
            Operation {
                name: "create",
                method: "POST",
                path: "/things",
                secured: false,
                errors: &[],
                bad_body: Some("[]"),
                contradiction: None,
                served_misfit: None,
            },
            Operation {
                name: "update",
                method: "PUT",
                path: "/things",
                secured: false,
                errors: &[],
                bad_body: None,
                contradiction: None,
                served_misfit: None,
            },
        ];
        let hook = ReplaceBody { operations: OPS };
        let client = reqwest::Client::new();
        let send = |method: reqwest::Method| {
            let mut request = client
                .request(method.clone(), "http://127.0.0.1/things")
                .header("Content-Type", "application/json")
                .body(r#"{"name":"a"}"#)
                .build()
                .unwrap();
            let attempt = crate::Attempt {
                operation_id: None,
                method: &method,
                path_template: "/things",
                number: 1,
            };
            hook.on_request(&attempt, &mut request);
            request.body().and_then(|b| b.as_bytes()).unwrap().to_vec()
        };
        assert_eq!(send(reqwest::Method::POST), b"[]");
        assert_eq!(send(reqwest::Method::PUT), br#"{"name":"a"}"#);
    }

    #[test]
    fn credentials_come_off_headers_query_and_cookies() {
        let strip = StripCredentials {
            headers: &["authorization", "x-api-key"],
            query: &["api_key"],
            cookie: true,
        };
        let client = reqwest::Client::new();
        let mut request = client
            .get("http://127.0.0.1/a?api_key=k&limit=2")
            .header("Authorization", "Bearer t")
            .header("X-Api-Key", "k")
            .header("Cookie", "session=s")
            .header("Accept", "application/json")
            .build()
            .unwrap();
        let method = reqwest::Method::GET;
        let attempt = crate::Attempt {
            operation_id: None,
            method: &method,
            path_template: "/a",
            number: 1,
        };
        strip.on_request(&attempt, &mut request);
        assert_eq!(request.url().query(), Some("limit=2"));
        let names: Vec<&str> = request.headers().keys().map(|k| k.as_str()).collect();
        assert_eq!(names, ["accept"]);
    }
}
