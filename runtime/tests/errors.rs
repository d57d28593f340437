//! Decoding, API errors and secret redaction.

mod common;

use std::time::Duration;

use apigen_runtime::{
    ApiKeyLocation, Config, Credential, Error, HttpClient, Method, Request, Response, RetryPolicy,
    Secret, StatusCode, SNIPPET_LIMIT,
};
use common::{client, E};
use serde::Deserialize;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Debug, Deserialize, PartialEq)]
struct Widget {
    id: u32,
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ProviderError {
    error: ProviderErrorBody,
}

#[derive(Debug, Deserialize, PartialEq)]
struct ProviderErrorBody {
    code: String,
    message: String,
}

async fn respond(template: ResponseTemplate) -> Response {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    client(&server, |c| c.retry(RetryPolicy::none()))
        .execute::<E>(Request::new(Method::GET, "/w"))
        .await
        .unwrap()
}

#[tokio::test]
async fn json_decodes_success_body() {
    let response = respond(
        ResponseTemplate::new(200).set_body_raw(r#"{"id":7,"name":"gear"}"#, "application/json"),
    )
    .await;
    assert!(response.is_success());
    let widget: Widget = response.json::<Widget, E>().unwrap();
    assert_eq!(
        widget,
        Widget {
            id: 7,
            name: "gear".into()
        }
    );
    let decoded: Widget = response.decode::<Widget, ProviderError>().unwrap();
    assert_eq!(decoded.id, 7);
}

#[tokio::test]
async fn decode_error_on_html_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let response = respond(ResponseTemplate::new(200).set_body_raw(html, "text/html")).await;
    let err = response.json::<Widget, E>().unwrap_err();
    match &err {
        Error::Decode {
            status,
            path,
            message,
            snippet,
        } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(*path, None, "an HTML page stops at the top level");
            assert!(message.contains("expected value"), "{message}");
            assert_eq!(snippet, html);
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn decode_error_on_truncated_json_has_bounded_snippet() {
    // A long JSON document cut in the middle of a multi-byte character.
    // The 17-byte prefix makes the 512-byte cut split a 'ü'.
    let mut body = String::from(r#"{"id":1,"name":"x"#);
    body.push_str(&"ü".repeat(2000));
    let mut bytes = body.into_bytes();
    bytes.push(0xC3); // first byte of another 'ü'
    let response =
        respond(ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/json")).await;
    let err = response.json::<Widget, E>().unwrap_err();
    let Error::Decode {
        message, snippet, ..
    } = &err
    else {
        panic!("expected Decode, got {err:?}");
    };
    assert!(
        message.contains("EOF") || message.contains("invalid unicode"),
        "{message}"
    );
    assert!(snippet.len() <= SNIPPET_LIMIT, "{}", snippet.len());
    assert!(snippet.len() >= SNIPPET_LIMIT - 3);
    assert!(snippet.starts_with(r#"{"id":1,"name":"xüü"#));
    assert!(
        !snippet.contains('\u{fffd}'),
        "cut must fall on a char boundary"
    );
    assert!(err.to_string().len() < 2 * SNIPPET_LIMIT);
}

#[tokio::test]
async fn into_api_error_decodes_body_and_keeps_headers() {
    let response = respond(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "30")
            .insert_header("Request-Id", "req_123")
            .insert_header("X-Request-Id", "other")
            .set_body_raw(
                r#"{"error":{"code":"rate_limited","message":"Too many requests"}}"#,
                "application/json",
            ),
    )
    .await;
    assert!(!response.is_success());
    let err = response.into_api_error::<ProviderError>();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert!(err.is_retryable());
    let api = err.api_error().unwrap();
    assert_eq!(api.body.as_ref().unwrap().error.code, "rate_limited");
    assert_eq!(
        api.body.as_ref().unwrap().error.message,
        "Too many requests"
    );
    assert!(api.snippet.contains("rate_limited"));
    assert_eq!(api.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(api.request_id(), Some("req_123"));
    assert_eq!(api.header("x-request-id"), Some("other"));
    assert_eq!(api.header("missing"), None);
    assert_eq!(api.attempts, 1);
    let text = err.to_string();
    assert!(text.contains("429") && text.contains("req_123"), "{text}");
}

#[tokio::test]
async fn into_api_error_keeps_snippet_when_body_does_not_decode() {
    let response = respond(
        ResponseTemplate::new(500)
            .insert_header("x-amzn-RequestId", "amz-1")
            .insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
            .set_body_string("Internal Server Error"),
    )
    .await;
    let err = response.into_api_error::<ProviderError>();
    let api = err.api_error().unwrap();
    assert!(api.body.is_none());
    assert_eq!(api.snippet, "Internal Server Error");
    assert_eq!(api.request_id(), Some("amz-1"));
    assert_eq!(api.retry_after(), Some(Duration::ZERO));
    let api = err.into_api_error().unwrap();
    assert_eq!(api.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn decode_maps_error_status_to_api_error() {
    let response = respond(ResponseTemplate::new(404).set_body_raw(
        r#"{"error":{"code":"missing","message":"No such widget"}}"#,
        "application/json",
    ))
    .await;
    let err = response.decode::<Widget, ProviderError>().unwrap_err();
    assert_eq!(
        err.api_error().unwrap().body.as_ref().unwrap().error.code,
        "missing"
    );
    // `map_api` changes the body type and keeps everything else.
    let mapped: Error<String> = err.map_api(|e| e.error.code);
    assert_eq!(mapped.api_error().unwrap().body.as_deref(), Some("missing"));
    assert_eq!(mapped.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn api_error_snippet_is_bounded() {
    let response = respond(ResponseTemplate::new(400).set_body_string("x".repeat(10_000))).await;
    let err = response.into_api_error::<ProviderError>();
    assert_eq!(err.api_error().unwrap().snippet.len(), SNIPPET_LIMIT);
}

#[test]
fn debug_output_never_contains_secrets() {
    const SECRET: &str = "sk_live_TOPSECRET";
    let config = Config::new("https://api.example.com")
        .credential("basic", Credential::basic(SECRET, Some(SECRET)))
        .credential("bearer", Credential::bearer(SECRET))
        .credential(
            "header",
            Credential::api_key(ApiKeyLocation::Header, "X-Key", SECRET),
        )
        .credential(
            "query",
            Credential::api_key(ApiKeyLocation::Query, "key", SECRET),
        )
        .credential(
            "cookie",
            Credential::api_key(ApiKeyLocation::Cookie, "key", SECRET),
        )
        .default_header("X-Secret-Header", SECRET);
    let client = HttpClient::new(config.clone()).unwrap();
    let request =
        Request::new(Method::GET, "/x").header("Authorization", format!("Bearer {SECRET}"));
    let secret = Secret::new(SECRET);
    let credential = Credential::bearer(SECRET);
    let invalid: Error<E> = HttpClient::new(
        Config::new("https://x").credential("b", Credential::bearer(format!("{SECRET}\n"))),
    )
    .map(|_| ())
    .unwrap_err()
    .into();

    let outputs = [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{request:?}"),
        format!("{secret:?} {secret}"),
        format!("{credential:?}"),
        format!("{invalid:?} {invalid}"),
    ];
    for out in &outputs {
        assert!(!out.contains("TOPSECRET"), "{out}");
    }
    assert!(
        outputs[0].contains("bearer"),
        "scheme names are shown: {}",
        outputs[0]
    );
    assert_eq!(secret.expose(), SECRET);
}

#[tokio::test]
async fn query_api_key_does_not_leak_into_errors() {
    // The API key travels in the URL; a timeout and a refused connection
    // must not show it.
    const SECRET: &str = "sk_live_TOPSECRET";
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let client = client(&server, |c| {
        c.retry(RetryPolicy::none())
            .timeout(Duration::from_millis(20))
            .credential(
                "q",
                Credential::api_key(ApiKeyLocation::Query, "key", SECRET),
            )
    });
    let err = client
        .execute::<E>(Request::new(Method::GET, "/x").security(&[&["q"]]))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }));
    assert!(!format!("{err} {err:?}").contains("TOPSECRET"));
}
