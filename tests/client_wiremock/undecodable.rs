//! Bodies that do not decode.

use super::*;

fn html_page() -> String {
    format!(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad \
         Gateway</h1><p>{}</p></body></html>",
        "The upstream server did not answer. ".repeat(200)
    )
}

/// The fixture's JSON cut in the middle.
fn truncated(name: &str) -> String {
    let text = serde_json::to_string_pretty(&fixture(name)).unwrap();
    text[..text.len() / 2].to_owned()
}

fn assert_decode_error<E: std::fmt::Debug>(
    err: &apigen_runtime::Error<E>,
    body: &str,
    message_part: &str,
) {
    let apigen_runtime::Error::Decode {
        status,
        message,
        snippet,
        ..
    } = err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(*status, StatusCode::OK);
    assert!(message.contains(message_part), "{message}");
    assert!(
        body.len() > SNIPPET_LIMIT,
        "the test body is longer than a snippet"
    );
    assert_eq!(*snippet, body_snippet(body.as_bytes()));
    assert!(snippet.len() <= SNIPPET_LIMIT);
    assert!(body.starts_with(snippet.as_str()));
    let text = err.to_string();
    assert!(
        text.len() < SNIPPET_LIMIT + 600,
        "Display is bounded: {text}"
    );
    assert!(!err.is_retryable());
}

async fn mount_body(server: &MockServer, status: u16, body: &str, mime: &str) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_owned(), mime))
        .mount(server)
        .await;
}

#[tokio::test]
async fn leanrails_undecodable_bodies_are_decode_errors() {
    let html = html_page();
    let server = MockServer::start().await;
    mount_body(&server, 200, &html, "text/html").await;
    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_decode_error(&err, &html, "expected value");

    let cut = truncated("leanrails_list.json");
    let server = MockServer::start().await;
    mount_body(&server, 200, &cut, "application/json").await;
    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_decode_error(&err, &cut, "EOF");

    // An HTML error page with an error status: an API error without body.
    let server = MockServer::start().await;
    mount_body(&server, 502, &html, "text/html").await;
    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    let api = err.api_error().expect("Error::Api");
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert!(api.body.is_none());
    assert_eq!(api.snippet, body_snippet(html.as_bytes()));
}

#[tokio::test]
async fn yorlet_undecodable_bodies_are_decode_errors() {
    let html = html_page();
    let server = MockServer::start().await;
    mount_body(&server, 200, &html, "text/html").await;
    let err = yorlet_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_decode_error(&err, &html, "expected value");

    let cut = truncated("yorlet_list.json");
    let server = MockServer::start().await;
    mount_body(&server, 200, &cut, "application/json").await;
    let err = yorlet_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_decode_error(&err, &cut, "EOF");

    let server = MockServer::start().await;
    mount_body(&server, 502, &html, "text/html").await;
    let err = yorlet_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    let api = err.api_error().expect("Error::Api");
    assert_eq!(api.status, StatusCode::BAD_GATEWAY);
    assert!(api.body.is_none());
}

#[tokio::test]
async fn a_decode_error_names_where_in_the_body_it_stopped() {
    // A second session whose `expires_at` is text: the error names that
    // field of that item, not just a line and column.
    let mut body = fixture("leanrails_list.json");
    let mut second = body["data"][0].clone();
    second["expires_at"] = serde_json::json!("tomorrow");
    body["data"].as_array_mut().unwrap().push(second);
    let server = MockServer::start().await;
    mount_body(&server, 200, &body.to_string(), "application/json").await;
    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    let apigen_runtime::Error::Decode { path, message, .. } = &err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(path.as_deref(), Some("data[1].expires_at"), "{message}");
    assert!(
        err.to_string()
            .contains("at `data[1].expires_at`: invalid type"),
        "{err}"
    );

    // A body that is not JSON at all stops at the top: no path.
    let server = MockServer::start().await;
    mount_body(&server, 200, "not json", "application/json").await;
    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, apigen_runtime::Error::Decode { path: None, .. }),
        "{err:?}"
    );
}
