//! Credentials and the secret wrapper that keeps them out of logs.

use std::fmt;

/// A secret string (API key, token, password).
///
/// `Debug` and `Display` print `***` only, so a secret can sit in structs
/// that are logged or put in error messages without leaking. Use
/// [`Secret::expose`] to read the value when it has to go on the wire.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value itself. Avoid formatting it anywhere it could be logged.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Secret(value.clone())
    }
}

/// Where an API key is sent, as in the OpenAPI `apiKey` security scheme's `in`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiKeyLocation {
    /// As a request header named after the scheme's `name`.
    Header,
    /// As a query parameter named after the scheme's `name`.
    Query,
    /// As a cookie named after the scheme's `name`.
    Cookie,
}

/// The credential configured for one OpenAPI security scheme.
///
/// Credentials are registered on a [`Config`](crate::Config) under the
/// security scheme's name and applied to the requests whose security
/// requirements name that scheme. `Debug` never shows the secret parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// HTTP Basic authentication: `Authorization: Basic base64(username:password)`.
    ///
    /// A `None` password encodes `username:` (an API key sent as the user
    /// name, as several providers expect).
    Basic {
        /// The user name (or API key).
        username: Secret,
        /// The password, if any.
        password: Option<Secret>,
    },
    /// HTTP Bearer authentication: `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// An API key sent in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// The header, query parameter or cookie name.
        name: String,
        /// The key.
        value: Secret,
    },
}

impl Credential {
    /// HTTP Basic credentials. `Credential::basic("sk_test_123", None)` sends
    /// `Authorization: Basic base64("sk_test_123:")`.
    pub fn basic(username: impl Into<Secret>, password: Option<&str>) -> Self {
        Credential::Basic {
            username: username.into(),
            password: password.map(Secret::from),
        }
    }

    /// HTTP Bearer credentials: `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Credential::Bearer(token.into())
    }

    /// An API key sent as the header, query parameter or cookie `name`.
    pub fn api_key(
        location: ApiKeyLocation,
        name: impl Into<String>,
        value: impl Into<Secret>,
    ) -> Self {
        Credential::ApiKey {
            location,
            name: name.into(),
            value: value.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_redacted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn credential_debug_is_redacted() {
        let creds = [
            Credential::basic("user-secret", Some("pass-secret")),
            Credential::bearer("token-secret"),
            Credential::api_key(ApiKeyLocation::Header, "X-Key", "key-secret"),
        ];
        for c in creds {
            let dbg = format!("{c:?} {c:#?}");
            assert!(!dbg.contains("secret"), "{dbg}");
        }
    }
}
