//! Retry policy, Retry-After, timeouts and transport errors.

mod common;

use std::time::{Duration, Instant};

use apigen_runtime::{ApiKeyLocation, Config, Credential, Error, HttpClient, Method, Request};
use common::{closed_port, config, fast_retry, received, E};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server_answering(statuses: &[u16]) -> MockServer {
    let server = MockServer::start().await;
    for &status in statuses {
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status))
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let client = HttpClient::new(config(&server)).unwrap();
    let started = Instant::now();
    let response = client
        .execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 2);
    assert_eq!(response.text(), "ok");
    assert!(
        elapsed >= Duration::from_millis(950),
        "retried after {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn retry_after_is_capped() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let mut policy = fast_retry(2);
    policy.max_retry_after = Duration::from_millis(20);
    let client = HttpClient::new(config(&server).retry(policy)).unwrap();
    let started = Instant::now();
    let response = client
        .execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn exhausted_retries_return_the_last_response() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("{\"error\":\"busy\"}"))
        .mount(&server)
        .await;
    let client = HttpClient::new(config(&server).retry(fast_retry(3))).unwrap();
    let response = client
        .execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!(response.status, 503);
    assert_eq!(response.attempts, 3);
    assert_eq!(received(&server).await.len(), 3);

    let err = response.into_api_error::<E>();
    let api = err.api_error().unwrap();
    assert_eq!(api.attempts, 3);
    assert_eq!(api.body.as_ref().unwrap()["error"], "busy");
    assert!(err.is_retryable());
    assert_eq!(err.attempts(), Some(3));
}

#[tokio::test]
async fn status_sequence_500_502_then_success() {
    let server = server_answering(&[500, 502, 200]).await;
    let client = HttpClient::new(config(&server).retry(fast_retry(3))).unwrap();
    let response = client
        .execute::<E>(Request::new(Method::DELETE, "/x"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = server_answering(&[400, 200]).await;
    let client = HttpClient::new(config(&server)).unwrap();
    let response = client
        .execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!(response.status, 400);
    assert_eq!(response.attempts, 1);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_is_not_retried() {
    let server = server_answering(&[503, 200]).await;
    let client = HttpClient::new(config(&server)).unwrap();
    let response = client
        .execute::<E>(Request::new(Method::POST, "/x").json(&1))
        .await
        .unwrap();
    assert_eq!(response.status, 503);
    assert_eq!(response.attempts, 1);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn post_with_idempotency_key_is_retried() {
    let server = server_answering(&[503, 429, 201]).await;
    let client = HttpClient::new(config(&server)).unwrap();
    let response = client
        .execute::<E>(
            Request::new(Method::POST, "/x")
                .idempotency_key("key-1")
                .json(&serde_json::json!({"a": 1})),
        )
        .await
        .unwrap();
    assert_eq!(response.status, 201);
    assert_eq!(response.attempts, 3);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert_eq!(r.headers["idempotency-key"], "key-1");
        assert_eq!(r.body, br#"{"a":1}"#);
    }
}

#[tokio::test]
async fn retry_policy_none_makes_one_attempt() {
    let server = server_answering(&[503, 200]).await;
    let client =
        HttpClient::new(Config::new(server.uri()).retry(apigen_runtime::RetryPolicy::none()))
            .unwrap();
    let response = client
        .execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap();
    assert_eq!(response.status, 503);
    assert_eq!(response.attempts, 1);
}

#[tokio::test]
async fn connection_refused_is_retried_then_transport_error() {
    let port = closed_port();
    let client = HttpClient::new(
        Config::new(format!("http://127.0.0.1:{port}"))
            .retry(fast_retry(3))
            .credential(
                "k",
                Credential::api_key(ApiKeyLocation::Query, "api_key", "sk_live_SECRET"),
            ),
    )
    .unwrap();
    let started = Instant::now();
    let err = client
        .execute::<E>(Request::new(Method::GET, "/x").security(&[&["k"]]))
        .await
        .unwrap_err();
    match &err {
        Error::Transport { source, attempts } => {
            assert_eq!(*attempts, 3);
            assert!(source.is_connect(), "{source:?}");
            assert!(source.url().is_none());
        }
        other => panic!("expected Transport, got {other:?}"),
    }
    // Two backoffs of 10 ms and 20 ms happened.
    assert!(started.elapsed() >= Duration::from_millis(30));
    assert!(err.is_retryable());
    assert_eq!(err.attempts(), Some(3));
    assert_eq!(err.status(), None);
    // The root cause is spelled out, not just "error sending request".
    assert!(err.to_string().to_lowercase().contains("refused"), "{err}");
    let text = format!("{err} {err:?} {:?}", std::error::Error::source(&err));
    assert!(!text.contains("SECRET"), "{text}");
    assert!(!text.contains("api_key"), "{text}");
}

#[tokio::test]
async fn connection_refused_post_is_not_retried() {
    let client = HttpClient::new(
        Config::new(format!("http://127.0.0.1:{}", closed_port())).retry(fast_retry(3)),
    )
    .unwrap();
    let err = client
        .execute::<E>(Request::new(Method::POST, "/x"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn timeout_is_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let client = HttpClient::new(
        config(&server)
            .retry(fast_retry(2))
            .timeout(Duration::from_millis(100)),
    )
    .unwrap();
    let started = Instant::now();
    let err = client
        .execute::<E>(Request::new(Method::GET, "/slow"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 2 }), "{err:?}");
    assert!(err.is_retryable());
    assert!(started.elapsed() < Duration::from_millis(590));
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn per_request_timeout_overrides_config() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    let client = HttpClient::new(
        config(&server)
            .retry(fast_retry(1))
            .timeout(Duration::from_secs(10)),
    )
    .unwrap();
    let err = client
        .execute::<E>(Request::new(Method::GET, "/slow").timeout(Duration::from_millis(50)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    // Without the override the slow response arrives.
    let response = client
        .execute::<E>(Request::new(Method::GET, "/slow"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
}
