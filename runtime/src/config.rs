//! Client configuration and retry policy.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use rand::Rng;

use crate::auth::Credential;
use crate::hook::{Hook, Hooks};

/// The `User-Agent` sent when none is configured: `apigen-runtime/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("apigen-runtime/", env!("CARGO_PKG_VERSION"));

/// When and how [`HttpClient::execute`](crate::HttpClient::execute) retries.
///
/// Only idempotent requests are retried (GET, HEAD, OPTIONS, PUT, DELETE, or
/// any request carrying an `Idempotency-Key` header), on connection errors,
/// timeouts, and responses with status 429 or 5xx.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total number of attempts, the first one included. `1` (or `0`) means no retry.
    pub max_attempts: u32,
    /// Backoff before the first retry.
    pub initial_backoff: Duration,
    /// Upper bound of the exponential backoff.
    pub max_backoff: Duration,
    /// Randomise the backoff ("equal jitter": half fixed, half random).
    pub jitter: bool,
    /// Cap on the wait asked for by a `Retry-After` response header.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 500 ms initial backoff, 8 s maximum backoff, jitter on,
    /// `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries (one attempt).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1 for the first retry).
    ///
    /// Exponential: `initial_backoff * 2^(retry - 1)`, capped at `max_backoff`.
    /// With `jitter`, the result is uniformly drawn from `[d/2, d]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let base = self
            .initial_backoff
            .checked_mul(1u32 << exponent)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff);
        if !self.jitter || base.is_zero() {
            return base;
        }
        let half = base / 2;
        let spread = (base - half).as_nanos().min(u64::MAX as u128) as u64;
        half + Duration::from_nanos(rand::thread_rng().gen_range(0..=spread))
    }
}

/// Everything an [`HttpClient`](crate::HttpClient) needs: base URL,
/// credentials, default headers, timeouts, retry policy.
///
/// Built with [`Config::new`] and by-value setters:
///
/// ```
/// use std::time::Duration;
/// use apigen_runtime::{Config, Credential, RetryPolicy};
///
/// let config = Config::new("https://api.example.com")
///     .credential("basicAuth", Credential::basic("sk_test_123", None))
///     .default_header("Stripe-Version", "2024-06-20")
///     .timeout(Duration::from_secs(30))
///     .retry(RetryPolicy::none());
/// assert!(config.has_credential("basicAuth"));
/// ```
///
/// `Debug` shows credential scheme names and header names, never secrets or
/// header values.
#[derive(Clone)]
pub struct Config {
    pub(crate) base_url: String,
    /// Whether `base_url` is still the one given to [`Config::new`] (the
    /// spec's default server): operations with servers of their own then
    /// use those ([`Request::server`](crate::Request::server)).
    pub(crate) default_base: bool,
    pub(crate) credentials: BTreeMap<String, Credential>,
    pub(crate) default_headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: Option<String>,
    pub(crate) http_client: Option<reqwest::Client>,
    pub(crate) hooks: Hooks,
    pub(crate) setters: Option<&'static [(&'static str, &'static str)]>,
}

impl Config {
    /// A configuration for the API served at `base_url` (for example the
    /// spec's first server URL). No credentials, default retry policy, no
    /// timeout.
    pub fn new(base_url: impl Into<String>) -> Self {
        Config {
            base_url: base_url.into(),
            default_base: true,
            credentials: BTreeMap::new(),
            default_headers: Vec::new(),
            timeout: None,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            user_agent: None,
            http_client: None,
            hooks: Hooks::default(),
            setters: None,
        }
    }

    /// Replaces the base URL. A trailing `/` is ignored when URLs are built.
    /// Every request then goes there, also those of operations that list
    /// servers of their own.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self.default_base = false;
        self
    }

    /// Registers the credential for the OpenAPI security scheme `scheme_name`
    /// (replacing any earlier one for that scheme).
    pub fn credential(mut self, scheme_name: impl Into<String>, credential: Credential) -> Self {
        self.credentials.insert(scheme_name.into(), credential);
        self
    }

    /// Adds a header sent with every request (a request's own header of the
    /// same name replaces it). Names and values are validated by
    /// [`HttpClient::new`](crate::HttpClient::new).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Time limit for each attempt, from sending the request until the whole
    /// response body has been read. No limit by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time limit for establishing a connection. Applies only when the
    /// runtime builds the `reqwest::Client` itself (not with
    /// [`Config::http_client`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets the retry policy ([`RetryPolicy::default`] unless set).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets the `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` instead of building one. Its own default
    /// headers and timeouts still apply; [`Config::connect_timeout`] does not.
    /// The `User-Agent` is only overridden if [`Config::user_agent`] was set.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Adds a [`Hook`] run on every attempt of every request, after the
    /// hooks added before it.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.0.push(std::sync::Arc::new(hook));
        self
    }

    /// Names, for each security scheme a client can set a credential for,
    /// the method that sets it (`("basicAuth", "ClientBuilder::basic_auth")`).
    /// Generated clients pass their table here.
    ///
    /// A request whose every security alternative needs a credential this
    /// configuration lacks fails before sending with
    /// [`Error::MissingCredential`](crate::Error::MissingCredential), which
    /// names the scheme and its setter. With a table, only the schemes in it
    /// count as missing (a scheme the generator has no setter for, such as
    /// HTTP Digest, may be handled by a [`Hook`]); without one, every scheme
    /// does.
    pub fn credential_setters(mut self, setters: &'static [(&'static str, &'static str)]) -> Self {
        self.setters = Some(setters);
        self
    }

    /// The configured base URL, as given.
    pub fn get_base_url(&self) -> &str {
        &self.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Whether a credential is registered for the security scheme `scheme_name`.
    pub fn has_credential(&self, scheme_name: &str) -> bool {
        self.credentials.contains_key(scheme_name)
    }

    /// The credential registered for the security scheme `scheme_name`.
    pub fn get_credential(&self, scheme_name: &str) -> Option<&Credential> {
        self.credentials.get(scheme_name)
    }

    /// The per-attempt timeout, if any.
    pub fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The connect timeout, if any.
    pub fn get_connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// The `User-Agent` that is sent.
    pub fn get_user_agent(&self) -> &str {
        self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT)
    }

    /// The default headers, in the order they were added.
    pub fn default_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.default_headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

/// Replaces the user-info part of a URL (`user:pass@`) with `***@`.
pub(crate) fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => (&url[..i + 3], &url[i + 3..]),
        None => ("", url),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}***{}", &rest[at..]),
        None => url.to_owned(),
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Names<'a, I: Iterator<Item = &'a str> + Clone>(I);
        impl<'a, I: Iterator<Item = &'a str> + Clone> fmt::Debug for Names<'a, I> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0.clone()).finish()
            }
        }
        f.debug_struct("Config")
            .field("base_url", &redact_url(&self.base_url))
            .field(
                "credentials",
                &Names(self.credentials.keys().map(String::as_str)),
            )
            .field(
                "default_headers",
                &Names(self.default_headers.iter().map(|(n, _)| n.as_str())),
            )
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent", &self.get_user_agent())
            .field("custom_http_client", &self.http_client.is_some())
            .field("hooks", &self.hooks)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_exponential_and_capped() {
        let p = RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        };
        assert_eq!(p.backoff(1), Duration::from_millis(500));
        assert_eq!(p.backoff(2), Duration::from_secs(1));
        assert_eq!(p.backoff(3), Duration::from_secs(2));
        assert_eq!(p.backoff(5), Duration::from_secs(8));
        assert_eq!(p.backoff(6), Duration::from_secs(8));
        assert_eq!(p.backoff(1000), Duration::from_secs(8));
        assert_eq!(p.backoff(0), Duration::from_millis(500));
    }

    #[test]
    fn backoff_jitter_stays_in_upper_half() {
        let p = RetryPolicy::default();
        for retry in 1..8 {
            let fixed = RetryPolicy {
                jitter: false,
                ..p.clone()
            }
            .backoff(retry);
            for _ in 0..50 {
                let d = p.backoff(retry);
                assert!(d >= fixed / 2 && d <= fixed, "{d:?} vs {fixed:?}");
            }
        }
    }

    #[test]
    fn redacts_userinfo() {
        assert_eq!(redact_url("https://u:p@host/x@y"), "https://***@host/x@y");
        assert_eq!(redact_url("https://host/a@b"), "https://host/a@b");
    }

    #[test]
    fn config_debug_hides_secrets() {
        let c = Config::new("https://user:pw-secret@api.example.com")
            .credential("b", Credential::bearer("tok-secret"))
            .default_header("X-Api-Key", "hdr-secret");
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("secret"), "{dbg}");
        assert!(dbg.contains("X-Api-Key"));
    }
}
