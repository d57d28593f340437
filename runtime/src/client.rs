//! The HTTP engine: URL and header assembly, auth, timeouts and retries.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::{Method, Url};

use crate::auth::{ApiKeyLocation, Credential, Secret};
use crate::config::{redact_url, Config};
use crate::error::{is_retryable_status, BuildError, Error};
use crate::hook::{Attempt, Outcome};
use crate::request::Request;
use crate::response::{parse_retry_after, Response};
use crate::wire::encode_query_component;

/// A credential checked and turned into what goes on the wire.
#[derive(Clone)]
enum Prepared {
    Header(HeaderName, HeaderValue),
    Query { name: String, value: Secret },
    Cookie(Secret),
}

struct Inner {
    config: Config,
    client: reqwest::Client,
    /// Base URL without trailing `/`.
    base_url: String,
    default_headers: HeaderMap,
    credentials: BTreeMap<String, Prepared>,
}

/// The HTTP engine a generated client holds. Cheap to clone (shared state
/// behind an `Arc`); `Debug` never shows credentials.
///
/// Needs a Tokio runtime with the time driver enabled (timeouts and retry
/// backoff use `tokio::time`).
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
}

/// A request ready to send, possibly several times.
struct PreparedRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<bytes::Bytes>,
    timeout: Option<Duration>,
    idempotent: bool,
    operation_id: Option<&'static str>,
    /// The spec's path template, or the concrete path when there is none.
    path_template: std::borrow::Cow<'static, str>,
}

impl PreparedRequest {
    fn attempt(&self, number: u32) -> Attempt<'_> {
        Attempt {
            operation_id: self.operation_id,
            method: &self.method,
            path_template: &self.path_template,
            number,
        }
    }
}

/// Why an attempt is retried (reported by the `tracing` feature).
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) enum RetryReason {
    Status(reqwest::StatusCode),
    Timeout,
    Transport,
}

/// How one attempt failed.
enum Failure {
    Timeout,
    Transport(reqwest::Error),
}

impl HttpClient {
    /// Checks `config` (base URL, default headers, credentials) and builds
    /// the client.
    pub fn new(config: Config) -> Result<HttpClient, BuildError> {
        let base_url = config.base_url.trim_end_matches('/').to_owned();
        let invalid_base = |message: &str| BuildError::InvalidBaseUrl {
            url: redact_url(&config.base_url),
            message: message.to_owned(),
        };
        let parsed = Url::parse(&base_url).map_err(|e| invalid_base(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid_base("the scheme must be http or https"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid_base("must not have a query or fragment"));
        }

        let mut default_headers = HeaderMap::new();
        if config.user_agent.is_some() || config.http_client.is_none() {
            let ua = config.get_user_agent();
            let value = HeaderValue::from_str(ua).map_err(|_| BuildError::InvalidHeaderValue {
                name: USER_AGENT.to_string(),
            })?;
            default_headers.insert(USER_AGENT, value);
        }
        let mut seen: Vec<HeaderName> = Vec::new();
        for (name, value) in &config.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| BuildError::InvalidHeaderName { name: name.clone() })?;
            let mut header_value = HeaderValue::from_str(value)
                .map_err(|_| BuildError::InvalidHeaderValue { name: name.clone() })?;
            header_value.set_sensitive(true);
            if seen.contains(&header_name) {
                default_headers.append(header_name, header_value);
            } else {
                seen.push(header_name.clone());
                default_headers.insert(header_name, header_value);
            }
        }

        let mut credentials = BTreeMap::new();
        for (scheme, credential) in &config.credentials {
            credentials.insert(scheme.clone(), prepare_credential(scheme, credential)?);
        }

        let client = match &config.http_client {
            Some(client) => client.clone(),
            None => {
                let mut builder = reqwest::Client::builder();
                if let Some(t) = config.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder
                    .build()
                    .map_err(|e| BuildError::Client(e.without_url()))?
            }
        };

        Ok(HttpClient {
            inner: Arc::new(Inner {
                config,
                client,
                base_url,
                default_headers,
                credentials,
            }),
        })
    }

    /// The configuration this client was built from.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The underlying `reqwest::Client`.
    pub fn reqwest_client(&self) -> &reqwest::Client {
        &self.inner.client
    }

    /// The base URL requests are sent to (without trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` and reads the whole response, retrying per the
    /// configured [`RetryPolicy`](crate::RetryPolicy).
    ///
    /// Any status is returned as `Ok(Response)`: when retries on 429/5xx
    /// run out, the last response comes back with
    /// [`Response::attempts`] telling how many were made, and the caller
    /// maps it (typically with [`Response::into_api_error`]).
    ///
    /// Errors: [`Error::InvalidParam`] for an invalid path, header or body
    /// (nothing sent); [`Error::Timeout`] when the last attempt timed out;
    /// [`Error::Transport`] (URL stripped) when the last attempt could not
    /// be sent or its response not read.
    ///
    /// With the `tracing` feature, each call is one `apigen.request` span
    /// (see the crate docs) and each retry an event inside it.
    pub async fn execute<E>(&self, request: Request) -> Result<Response, Error<E>> {
        self.send(request).await.map_err(Error::widen)
    }

    /// [`HttpClient::execute`] for every error body type at once: its
    /// errors carry no API body, so one instance of the retry loop serves
    /// every operation.
    pub(crate) async fn send(&self, request: Request) -> Result<Response, Error<Infallible>> {
        #[cfg(feature = "tracing")]
        {
            crate::trace::traced(request, |request| self.execute_untraced(request)).await
        }
        #[cfg(not(feature = "tracing"))]
        {
            self.execute_untraced(request).await
        }
    }

    async fn execute_untraced(&self, request: Request) -> Result<Response, Error<Infallible>> {
        let prepared = self.prepare(request)?;
        let policy = &self.inner.config.retry;
        let max_attempts = policy.max_attempts.max(1);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let may_retry = prepared.idempotent && attempt < max_attempts;
            let (wait, reason) = match self.send_once(&prepared, attempt).await {
                Ok(mut response) => {
                    if !(may_retry && is_retryable_status(response.status)) {
                        response.attempts = attempt;
                        return Ok(response);
                    }
                    let wait = match parse_retry_after(&response.headers) {
                        Some(wait) => wait.min(policy.max_retry_after),
                        None => policy.backoff(attempt),
                    };
                    (wait, RetryReason::Status(response.status))
                }
                Err(Failure::Timeout) => {
                    if !may_retry {
                        return Err(Error::Timeout { attempts: attempt });
                    }
                    (policy.backoff(attempt), RetryReason::Timeout)
                }
                Err(Failure::Transport(e)) => {
                    if !(may_retry && is_transient(&e)) {
                        return Err(Error::Transport {
                            source: e.without_url(),
                            attempts: attempt,
                        });
                    }
                    (policy.backoff(attempt), RetryReason::Transport)
                }
            };
            #[cfg(feature = "tracing")]
            crate::trace::retrying(attempt, wait, &reason);
            #[cfg(not(feature = "tracing"))]
            let _ = reason;
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once(
        &self,
        prepared: &PreparedRequest,
        number: u32,
    ) -> Result<Response, Failure> {
        let mut request = reqwest::Request::new(prepared.method.clone(), prepared.url.clone());
        *request.headers_mut() = prepared.headers.clone();
        if let Some(body) = &prepared.body {
            *request.body_mut() = Some(body.clone().into());
        }
        let hooks = &self.inner.config.hooks.0;
        let info = prepared.attempt(number);
        for hook in hooks {
            hook.on_request(&info, &mut request);
        }
        let started = std::time::Instant::now();
        let attempt = async {
            let mut response = self.inner.client.execute(request).await?;
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>(Response {
                status,
                headers,
                body,
                attempts: 1,
            })
        };
        let to_failure = |e: reqwest::Error| {
            if e.is_timeout() {
                Failure::Timeout
            } else {
                Failure::Transport(e)
            }
        };
        let result = match prepared.timeout {
            Some(limit) => match tokio::time::timeout(limit, attempt).await {
                Ok(result) => result.map_err(to_failure),
                Err(_) => Err(Failure::Timeout),
            },
            None => attempt.await.map_err(to_failure),
        };
        if !hooks.is_empty() {
            let elapsed = started.elapsed();
            let outcome = match &result {
                Ok(response) => Outcome::Response {
                    status: response.status,
                    headers: &response.headers,
                },
                Err(Failure::Timeout) => Outcome::Timeout,
                Err(Failure::Transport(e)) => Outcome::Transport(e),
            };
            for hook in hooks {
                hook.on_response(&info, &outcome, elapsed);
            }
        }
        result
    }

    /// Builds URL, headers and body; applies credentials.
    fn prepare<E>(&self, request: Request) -> Result<PreparedRequest, Error<E>> {
        if let Some((param, message)) = request.invalid {
            return Err(Error::InvalidParam { param, message });
        }
        // Credentials of the first satisfiable alternative.
        let has = |scheme: &str| self.inner.credentials.contains_key(scheme);
        let chosen: Vec<&Prepared> = match request
            .security
            .iter()
            .find(|alt| !alt.is_empty() && alt.iter().all(|s| has(s)))
        {
            Some(alt) => alt.iter().map(|s| &self.inner.credentials[*s]).collect(),
            None => {
                if let Some(scheme) = self.missing_credential(request.security) {
                    let setters = self.inner.config.setters.unwrap_or(&[]);
                    return Err(Error::MissingCredential {
                        scheme,
                        setter: setters.iter().find(|(k, _)| *k == scheme).map(|(_, m)| *m),
                        operation: request.operation.map(|(id, _)| id),
                    });
                }
                Vec::new()
            }
        };
        let url = self.url(&request, &chosen)?;
        let headers = self.headers(&request, &chosen)?;
        let idempotent = matches!(
            request.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        ) || headers.contains_key("idempotency-key");

        let (operation_id, path_template) = match request.operation {
            Some((id, template)) => (Some(id), std::borrow::Cow::Borrowed(template)),
            None => (None, std::borrow::Cow::Owned(request.path.clone())),
        };
        Ok(PreparedRequest {
            operation_id,
            path_template,
            method: request.method,
            url,
            headers,
            body: request.body.map(|(_, b)| b),
            timeout: request.timeout.or(self.inner.config.timeout),
            idempotent,
        })
    }

    /// When no alternative of `security` can be met (none is empty, each
    /// lacks a credential that counts, see [`Config::credential_setters`]):
    /// the first scheme missing from the first alternative.
    fn missing_credential(
        &self,
        security: &'static [&'static [&'static str]],
    ) -> Option<&'static str> {
        let counts = |scheme: &str| match self.inner.config.setters {
            Some(setters) => setters.iter().any(|(k, _)| *k == scheme),
            None => true,
        };
        let missing = |alt: &&'static [&'static str]| {
            alt.iter()
                .copied()
                .find(|s| counts(s) && !self.inner.credentials.contains_key(*s))
        };
        if security.is_empty() || security.iter().any(|alt| missing(alt).is_none()) {
            return None;
        }
        security.first().and_then(missing)
    }

    /// Base URL, path, the request's query, then API keys sent in the query.
    fn url<E>(&self, request: &Request, chosen: &[&Prepared]) -> Result<Url, Error<E>> {
        let path = if request.path.starts_with('/') || request.path.is_empty() {
            request.path.clone()
        } else {
            format!("/{}", request.path)
        };
        let path_only = path.split(['?', '#']).next().unwrap_or("");
        if path_only.split('/').any(is_dot_segment) {
            return Err(Error::invalid_param(
                "path",
                "a path segment is `.` or `..`, which URL normalisation would remove",
            ));
        }

        // An operation's own server, unless the client was sent elsewhere.
        let base = match request.server {
            Some(server) if self.inner.config.default_base => server.trim_end_matches('/'),
            _ => self.inner.base_url.as_str(),
        };
        let mut url = String::with_capacity(base.len() + path.len() + 64);
        url.push_str(base);
        url.push_str(&path);
        let mut query = request.query_string();
        for credential in chosen {
            if let Prepared::Query { name, value } = credential {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(&encode_query_component(name));
                query.push('=');
                query.push_str(&encode_query_component(value.expose()));
            }
        }
        if !query.is_empty() {
            url.push(if path.contains('?') { '&' } else { '?' });
            url.push_str(&query);
        }
        Url::parse(&url)
            .map_err(|e| Error::invalid_param("path", format!("cannot build the URL: {e}")))
    }

    /// Headers: defaults, then credentials, then the request's own; one
    /// `Cookie` header; the body's `Content-Type` unless one is set.
    fn headers<E>(&self, request: &Request, chosen: &[&Prepared]) -> Result<HeaderMap, Error<E>> {
        let mut headers = self.inner.default_headers.clone();
        let mut cookies: Vec<&Secret> = Vec::new();
        for credential in chosen {
            match credential {
                Prepared::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Prepared::Cookie(pair) => cookies.push(pair),
                Prepared::Query { .. } => {}
            }
        }
        let mut replaced: Vec<HeaderName> = Vec::new();
        for (name, value) in &request.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::invalid_param("header", format!("invalid header name `{name}`"))
            })?;
            let header_value = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid_param("header", format!("invalid value for header `{name}`"))
            })?;
            if !replaced.contains(&header_name) {
                headers.remove(&header_name);
                replaced.push(header_name.clone());
            }
            headers.append(header_name, header_value);
        }
        if !cookies.is_empty() || !request.cookies.is_empty() {
            merge_cookies(&mut headers, request, &cookies)?;
        }
        if let Some((content_type, _)) = &request.body {
            if !headers.contains_key(CONTENT_TYPE) {
                let value = HeaderValue::from_str(content_type).map_err(|_| {
                    Error::invalid_param("body", format!("invalid content type `{content_type}`"))
                })?;
                headers.insert(CONTENT_TYPE, value);
            }
        }
        Ok(headers)
    }
}

/// Puts every cookie in one `Cookie` header (as HTTP/1.1 wants): any set
/// as a header, then the request's cookie parameters, then API keys.
fn merge_cookies<E>(
    headers: &mut HeaderMap,
    request: &Request,
    keys: &[&Secret],
) -> Result<(), Error<E>> {
    let mut parts: Vec<String> = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    parts.extend(request.cookies.iter().map(|(n, v)| format!("{n}={v}")));
    parts.extend(keys.iter().map(|c| c.expose().to_owned()));
    let mut value = HeaderValue::from_str(&parts.join("; "))
        .map_err(|_| Error::invalid_param("header", "invalid value for header `Cookie`"))?;
    value.set_sensitive(true);
    headers.insert(COOKIE, value);
    Ok(())
}

/// `.`, `..` and their percent-encoded spellings.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let unescaped = lower.replace("%2e", ".");
    unescaped == "." || unescaped == ".."
}

/// Connection-level failures worth another attempt.
fn is_transient(e: &reqwest::Error) -> bool {
    e.status().is_none() && (e.is_connect() || e.is_request() || e.is_body() || e.is_timeout())
}

fn prepare_credential(scheme: &str, credential: &Credential) -> Result<Prepared, BuildError> {
    let invalid = |message: &str| BuildError::InvalidCredential {
        scheme: scheme.to_owned(),
        message: message.to_owned(),
    };
    let sensitive = |text: String, what: &str| {
        HeaderValue::from_str(&text)
            .map(|mut v| {
                v.set_sensitive(true);
                v
            })
            .map_err(|_| invalid(&format!("the {what} is not a valid header value")))
    };
    let secret = match credential {
        Credential::Basic { username, .. } => username,
        Credential::Bearer(token) => token,
        Credential::ApiKey { value, .. } => value,
    };
    if secret.expose().is_empty() {
        // An empty key would be sent and refused by the server, or worse,
        // accepted as anonymous: a missing setting, caught at build time.
        return Err(invalid("the credential is empty"));
    }
    Ok(match credential {
        Credential::Basic { username, password } => {
            let raw = format!(
                "{}:{}",
                username.expose(),
                password.as_ref().map(Secret::expose).unwrap_or("")
            );
            let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
            Prepared::Header(
                AUTHORIZATION,
                sensitive(format!("Basic {encoded}"), "basic credential")?,
            )
        }
        Credential::Bearer(token) => Prepared::Header(
            AUTHORIZATION,
            sensitive(format!("Bearer {}", token.expose()), "bearer token")?,
        ),
        Credential::ApiKey {
            location,
            name,
            value,
        } => match location {
            ApiKeyLocation::Header => {
                let header_name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| invalid(&format!("`{name}` is not a valid header name")))?;
                Prepared::Header(
                    header_name,
                    sensitive(value.expose().to_owned(), "API key")?,
                )
            }
            ApiKeyLocation::Query => {
                if name.is_empty() {
                    return Err(invalid("the query parameter name is empty"));
                }
                Prepared::Query {
                    name: name.clone(),
                    value: value.clone(),
                }
            }
            ApiKeyLocation::Cookie => {
                let bad_name = name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
                if bad_name {
                    return Err(invalid(&format!("`{name}` is not a valid cookie name")));
                }
                let bad_value = !value
                    .expose()
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\",;\\".contains(&b));
                if bad_value {
                    return Err(invalid("the API key is not a valid cookie value"));
                }
                Prepared::Cookie(Secret::new(format!("{name}={}", value.expose())))
            }
        },
    })
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}
