//! Secrets.

use super::*;

/// Fails when `text` shows `secret` or any of `encodings` of it.
fn assert_hidden(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} shows a secret: {text}");
    }
}

fn assert_error_hidden<E: std::fmt::Debug>(
    what: &str,
    err: &apigen_runtime::Error<E>,
    secrets: &[&str],
) {
    assert_hidden(what, &format!("{err:?}"), secrets);
    assert_hidden(what, &format!("{err:#?}"), secrets);
    assert_hidden(what, &err.to_string(), secrets);
}

/// A base URL where nothing listens.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[tokio::test]
async fn leanrails_key_never_shows_in_debug_or_errors() {
    const KEY: &str = "sk_test_SECRETKEY_4f9a";
    // base64("sk_test_SECRETKEY_4f9a:"), the Basic credential on the wire.
    const SECRETS: [&str; 3] = [KEY, "SECRETKEY", "c2tfdGVzdF9TRUNSRVRLRVlfNGY5YTo="];
    let server = MockServer::start().await;
    let builder = |url: String| {
        leanrails::Client::builder()
            .base_url(url)
            .basic_auth(KEY, None)
            .retry(RetryPolicy::none())
    };

    let b = builder(server.uri());
    assert_hidden("builder", &format!("{b:?} {b:#?}"), &SECRETS);
    let client = b.build().unwrap();
    assert_hidden("client", &format!("{client:?} {client:#?}"), &SECRETS);
    let client_new = leanrails::Client::new(KEY).unwrap();
    assert_hidden("Client::new", &format!("{client_new:?}"), &SECRETS);

    // API error.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "error": {"type": "authentication_error", "message": "Invalid API key provided."}
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_error_hidden("API error", &err, &SECRETS);

    // Decode error.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>", "text/html"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, leanrails::Error::Decode { .. }), "{err:?}");
    assert_error_hidden("decode error", &err, &SECRETS);

    // Pagination error.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(vec![], true, None)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;
    let err = items.into_iter().next().unwrap().unwrap_err();
    assert!(
        matches!(err, leanrails::Error::Pagination { .. }),
        "{err:?}"
    );
    assert_error_hidden("pagination error", &err, &SECRETS);

    // Timeout.
    Mock::given(method("GET"))
        .respond_with(slow_response(fixture("leanrails_list.json")))
        .mount(&server)
        .await;
    let slow = builder(server.uri())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = slow
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, leanrails::Error::Timeout { .. }), "{err:?}");
    assert_error_hidden("timeout", &err, &SECRETS);

    // Invalid parameter.
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(0),
        ..Default::default()
    };
    let err = client.list_checkout_sessions(&params).await.unwrap_err();
    assert_error_hidden("invalid parameter", &err, &SECRETS);

    // Transport error (nothing listens).
    let err = builder(closed_port_url())
        .build()
        .unwrap()
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, leanrails::Error::Transport { .. }), "{err:?}");
    assert_error_hidden("transport error", &err, &SECRETS);
}

#[tokio::test]
async fn yorlet_key_never_shows_in_debug_or_errors() {
    const KEY: &str = "ylt_SECRETTOKEN_77c1";
    const SECRETS: [&str; 2] = [KEY, "SECRETTOKEN"];
    let server = MockServer::start().await;
    let builder = |url: String| {
        yorlet::Client::builder()
            .base_url(url)
            .bearer_auth(KEY)
            .retry(RetryPolicy::none())
    };

    let b = builder(server.uri());
    assert_hidden("builder", &format!("{b:?} {b:#?}"), &SECRETS);
    let client = b.build().unwrap();
    assert_hidden("client", &format!("{client:?} {client:#?}"), &SECRETS);
    let client_new = yorlet::Client::new(KEY).unwrap();
    assert_hidden("Client::new", &format!("{client_new:?}"), &SECRETS);

    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": {"message": "Invalid API key"}, "status": 401})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_error_hidden("API error", &err, &SECRETS);

    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{\"count\":", "application/json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, yorlet::Error::Decode { .. }), "{err:?}");
    assert_error_hidden("decode error", &err, &SECRETS);

    Mock::given(method("GET"))
        .respond_with(slow_response(fixture("yorlet_list.json")))
        .mount(&server)
        .await;
    let err = builder(server.uri())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap()
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, yorlet::Error::Timeout { .. }), "{err:?}");
    assert_error_hidden("timeout", &err, &SECRETS);

    let err = builder(closed_port_url())
        .build()
        .unwrap()
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, yorlet::Error::Transport { .. }), "{err:?}");
    assert_error_hidden("transport error", &err, &SECRETS);
}
