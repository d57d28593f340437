//! Credentials, security alternatives and headers as they reach the server.

mod common;

use apigen_runtime::{ApiKeyLocation, BuildError, Config, Credential, HttpClient, Method, Request};
use common::{client, received, E};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    server
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// Sends one GET with `security` and returns what the server saw.
async fn send(
    config: fn(Config) -> Config,
    security: &'static [&'static [&'static str]],
) -> wiremock::Request {
    let server = server().await;
    let client = client(&server, config);
    let response = client
        .execute::<E>(Request::new(Method::GET, "/thing").security(security))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let mut requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

#[tokio::test]
async fn basic_without_password_encodes_key_colon() {
    let r = send(
        |c| c.credential("basicAuth", Credential::basic("key", None)),
        &[&["basicAuth"]],
    )
    .await;
    // base64("key:") == "a2V5Og=="
    assert_eq!(header(&r, "authorization"), Some("Basic a2V5Og=="));
}

#[tokio::test]
async fn basic_with_password() {
    let r = send(
        |c| c.credential("basicAuth", Credential::basic("user", Some("pass"))),
        &[&["basicAuth"]],
    )
    .await;
    // base64("user:pass") == "dXNlcjpwYXNz"
    assert_eq!(header(&r, "authorization"), Some("Basic dXNlcjpwYXNz"));
}

#[tokio::test]
async fn bearer_token() {
    let r = send(
        |c| c.credential("bearerAuth", Credential::bearer("key")),
        &[&["bearerAuth"]],
    )
    .await;
    assert_eq!(header(&r, "authorization"), Some("Bearer key"));
}

#[tokio::test]
async fn api_key_in_header() {
    let r = send(
        |c| {
            c.credential(
                "apiKey",
                Credential::api_key(ApiKeyLocation::Header, "X-Api-Key", "k-123"),
            )
        },
        &[&["apiKey"]],
    )
    .await;
    assert_eq!(header(&r, "x-api-key"), Some("k-123"));
    assert_eq!(header(&r, "authorization"), None);
}

#[tokio::test]
async fn api_key_in_query_is_encoded_and_appended() {
    let server = server().await;
    let client = client(&server, |c| {
        c.credential(
            "apiKey",
            Credential::api_key(ApiKeyLocation::Query, "api_key", "a b&c"),
        )
    });
    client
        .execute::<E>(
            Request::new(Method::GET, "/thing")
                .query("limit", 5)
                .security(&[&["apiKey"]]),
        )
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(r.url.query(), Some("limit=5&api_key=a+b%26c"));
}

#[tokio::test]
async fn api_key_in_cookie_joins_existing_cookie() {
    let server = server().await;
    let client = client(&server, |c| {
        c.credential(
            "cookieKey",
            Credential::api_key(ApiKeyLocation::Cookie, "session", "s3cr3t"),
        )
    });
    client
        .execute::<E>(
            Request::new(Method::GET, "/thing")
                .header("Cookie", "theme=dark")
                .security(&[&["cookieKey"]]),
        )
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(header(r, "cookie"), Some("theme=dark; session=s3cr3t"));
}

#[tokio::test]
async fn alternatives_first_satisfiable_wins() {
    // The first alternative needs two schemes, only one is configured: the
    // second alternative is used.
    let r = send(
        |c| {
            c.credential("bearerAuth", Credential::bearer("tok"))
                .credential(
                    "apiKey",
                    Credential::api_key(ApiKeyLocation::Header, "X-Key", "k"),
                )
        },
        &[&["bearerAuth", "missing"], &["apiKey"], &["bearerAuth"]],
    )
    .await;
    assert_eq!(header(&r, "x-key"), Some("k"));
    assert_eq!(header(&r, "authorization"), None);
}

#[tokio::test]
async fn alternative_with_two_schemes_applies_both() {
    let r = send(
        |c| {
            c.credential("bearerAuth", Credential::bearer("tok"))
                .credential(
                    "apiKey",
                    Credential::api_key(ApiKeyLocation::Header, "X-Key", "k"),
                )
        },
        &[&["bearerAuth", "apiKey"]],
    )
    .await;
    assert_eq!(header(&r, "x-key"), Some("k"));
    assert_eq!(header(&r, "authorization"), Some("Bearer tok"));
}

/// Sends one GET with `security` that must fail before sending; returns the error.
async fn refused(
    config: fn(Config) -> Config,
    security: &'static [&'static [&'static str]],
) -> apigen_runtime::Error<E> {
    let server = server().await;
    let client = client(&server, config);
    let error = client
        .execute::<E>(
            Request::new(Method::GET, "/thing")
                .operation("getThing", "/thing")
                .security(security),
        )
        .await
        .unwrap_err();
    assert!(received(&server).await.is_empty(), "a request was sent");
    error
}

#[tokio::test]
async fn none_satisfiable_fails_before_sending() {
    let error = refused(
        |c| c.credential("other", Credential::bearer("tok")),
        &[&["bearerAuth"], &["apiKey"]],
    )
    .await;
    let apigen_runtime::Error::MissingCredential {
        scheme,
        setter,
        operation,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (*scheme, *setter, *operation),
        ("bearerAuth", None, Some("getThing"))
    );
    assert_eq!(
        error.to_string(),
        "operation `getThing` needs a credential for security scheme `bearerAuth`, and the client \
         has none: register one with `Config::credential(\"bearerAuth\", ..)` (nothing was sent)"
    );
    assert_eq!(error.attempts(), None);
}

#[tokio::test]
async fn missing_credential_names_the_setter() {
    const SETTERS: &[(&str, &str)] = &[
        ("bearerAuth", "ClientBuilder::bearer_auth"),
        ("apiKey", "ClientBuilder::api_key"),
    ];
    let error = refused(
        |c| c.credential_setters(SETTERS),
        &[&["bearerAuth", "apiKey"], &["apiKey"]],
    )
    .await;
    assert!(
        matches!(
            error,
            apigen_runtime::Error::MissingCredential {
                scheme: "bearerAuth",
                setter: Some("ClientBuilder::bearer_auth"),
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("call `ClientBuilder::bearer_auth` when building the client"),
        "{error}"
    );
    // Within an alternative, the first scheme still missing is named.
    let error = refused(
        |c| {
            c.credential_setters(SETTERS)
                .credential("bearerAuth", Credential::bearer("tok"))
        },
        &[&["bearerAuth", "apiKey"]],
    )
    .await;
    assert!(
        matches!(
            error,
            apigen_runtime::Error::MissingCredential {
                scheme: "apiKey",
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_optional_alternative_sends_without_auth() {
    // `security: [{bearerAuth: []}, {}]`: authentication is optional.
    let r = send(|c| c, &[&["bearerAuth"], &[]]).await;
    assert_eq!(header(&r, "authorization"), None);
}

#[tokio::test]
async fn schemes_without_a_setter_do_not_count_as_missing() {
    // The generator has no setter for HTTP Digest: a hook may handle it.
    let r = send(
        |c| c.credential_setters(&[("bearerAuth", "ClientBuilder::bearer_auth")]),
        &[&["digestAuth"]],
    )
    .await;
    assert_eq!(header(&r, "authorization"), None);
}

#[tokio::test]
async fn empty_security_sends_no_auth() {
    let r = send(
        |c| c.credential("bearerAuth", Credential::bearer("tok")),
        &[],
    )
    .await;
    assert_eq!(header(&r, "authorization"), None);
}

#[tokio::test]
async fn optional_auth_alternative_still_sends_configured_credential() {
    // OpenAPI `security: [{}, {bearerAuth: []}]`: auth is optional; a
    // configured credential is sent.
    let r = send(
        |c| c.credential("bearerAuth", Credential::bearer("tok")),
        &[&[], &["bearerAuth"]],
    )
    .await;
    assert_eq!(header(&r, "authorization"), Some("Bearer tok"));
}

#[tokio::test]
async fn default_and_request_headers() {
    let server = server().await;
    let client = client(&server, |c| {
        c.default_header("X-Version", "2024-01-01")
            .default_header("X-Overridden", "default")
            .user_agent("my-app/1.0")
    });
    client
        .execute::<E>(
            Request::new(Method::GET, "/thing")
                .header("X-Overridden", "request")
                .header("X-Extra", 42),
        )
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(header(r, "x-version"), Some("2024-01-01"));
    let overridden: Vec<_> = r.headers.get_all("x-overridden").iter().collect();
    assert_eq!(overridden, ["request"]);
    assert_eq!(header(r, "x-extra"), Some("42"));
    assert_eq!(header(r, "user-agent"), Some("my-app/1.0"));
}

#[tokio::test]
async fn default_user_agent() {
    let server = server().await;
    client(&server, |c| c)
        .execute::<E>(Request::new(Method::GET, "/thing"))
        .await
        .unwrap();
    let r = &received(&server).await[0];
    assert_eq!(
        header(r, "user-agent"),
        Some(apigen_runtime::DEFAULT_USER_AGENT)
    );
    assert!(apigen_runtime::DEFAULT_USER_AGENT.starts_with("apigen-runtime/"));
}

#[tokio::test]
async fn explicit_request_header_beats_credential() {
    let r = {
        let server = server().await;
        let client = client(&server, |c| {
            c.credential("bearerAuth", Credential::bearer("tok"))
        });
        client
            .execute::<E>(
                Request::new(Method::GET, "/thing")
                    .header("Authorization", "Bearer explicit")
                    .security(&[&["bearerAuth"]]),
            )
            .await
            .unwrap();
        received(&server).await.remove(0)
    };
    assert_eq!(header(&r, "authorization"), Some("Bearer explicit"));
}

#[tokio::test]
async fn invalid_request_header_is_rejected_before_sending() {
    let server = server().await;
    let client = client(&server, |c| c);
    let err = client
        .execute::<E>(Request::new(Method::GET, "/thing").header("X-Bad", "line\nbreak"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            apigen_runtime::Error::InvalidParam {
                param: "header",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("line"), "{err}");
    let err = client
        .execute::<E>(Request::new(Method::GET, "/thing").header("Bad Name", "v"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        apigen_runtime::Error::InvalidParam {
            param: "header",
            ..
        }
    ));
    assert!(received(&server).await.is_empty());
}

#[test]
fn build_errors_name_the_problem_without_secrets() {
    let err =
        HttpClient::new(Config::new("https://x.test").default_header("Bad Name", "v")).unwrap_err();
    assert!(
        matches!(err, BuildError::InvalidHeaderName { .. }),
        "{err:?}"
    );

    let err =
        HttpClient::new(Config::new("https://x.test").default_header("X-Key", "secret\r\nvalue"))
            .unwrap_err();
    assert!(matches!(err, BuildError::InvalidHeaderValue { .. }));
    assert!(!format!("{err} {err:?}").contains("secret"));

    let err = HttpClient::new(
        Config::new("https://x.test").credential("b", Credential::bearer("secret\nvalue")),
    )
    .unwrap_err();
    assert!(matches!(err, BuildError::InvalidCredential { .. }));
    assert!(!format!("{err} {err:?}").contains("secret"));

    for bad in [
        "not a url",
        "ftp://x.test",
        "https://x.test/v1?key=1",
        "/relative",
    ] {
        let err = HttpClient::new(Config::new(bad)).unwrap_err();
        assert!(
            matches!(err, BuildError::InvalidBaseUrl { .. }),
            "{bad}: {err:?}"
        );
    }
    let err = HttpClient::new(Config::new("ftp://user:secret@x.test")).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("secret"), "{err}");
}

#[test]
fn empty_credentials_are_refused_by_build() {
    let empty = [
        Credential::basic("", Some("password")),
        Credential::bearer(""),
        Credential::api_key(ApiKeyLocation::Header, "X-Key", ""),
        Credential::api_key(ApiKeyLocation::Query, "key", ""),
        Credential::api_key(ApiKeyLocation::Cookie, "key", ""),
    ];
    for credential in empty {
        let err =
            HttpClient::new(Config::new("https://api.example.com").credential("auth", credential))
                .unwrap_err();
        match err {
            BuildError::InvalidCredential { scheme, message } => {
                assert_eq!(scheme, "auth");
                assert_eq!(message, "the credential is empty");
            }
            other => panic!("{other:?}"),
        }
    }
    // An empty password with a key as the user name is the usual form.
    assert!(HttpClient::new(
        Config::new("https://api.example.com").credential("auth", Credential::basic("key", None))
    )
    .is_ok());
}
