//! The README's example for a spec that declares no error schema
//! ("Typed errors when the spec declares no error schema"): the code block is
//! `tests/readme/typed_errors.rs` verbatim (checked here), compiled against
//! the client of `tests/specs/untyped_errors.yaml` and run against its
//! generated mock server.

use apigen_runtime::mock::wiremock::ResponseTemplate;
use serde_json::json;

/// The module the README calls `things`.
mod things {
    pub use apigen_suite::fixtures::untyped_errors::*;
}

include!("readme/typed_errors.rs");

use things::mock::MockServer;

const HEADING: &str = "**Typed errors when the spec declares no error schema.**";

#[test]
fn the_readme_block_is_the_compiled_example() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let after = &readme[readme.find(HEADING).expect("the heading is in README.md")..];
    let block = after
        .split_once("```rust\n")
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(block, _)| block)
        .expect("a rust block after the heading");
    assert_eq!(block, include_str!("readme/typed_errors.rs"));
}

fn params(limit: i64) -> ListThingsParams {
    ListThingsParams { limit: Some(limit) }
}

#[tokio::test]
async fn a_list_is_counted() {
    let server = MockServer::start().await;
    let things: Vec<things::Thing> =
        serde_json::from_value(json!([{"id": "t1"}, {"id": "t2"}])).unwrap();
    server.list_things(&params(2)).respond(&things).await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(report(&client, &params(2)).await, "2 things");
}

#[tokio::test]
async fn an_error_answer_is_read_as_json_with_its_request_id() {
    let server = MockServer::start().await;
    server
        .list_things(&params(5))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req_42")
                .set_body_json(json!({"message": "no such shelf", "code": 7})),
        )
        .await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(
        report(&client, &params(5)).await,
        r#"HTTP 404 Not Found: Some("no such shelf") (request Some("req_42"))"#
    );
}

#[tokio::test]
async fn an_error_answer_that_is_not_json_has_no_body() {
    let server = MockServer::start().await;
    server
        .list_things(&params(5))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>down</html>"))
        .await;
    let client = server.client_builder().build().unwrap();
    assert_eq!(
        report(&client, &params(5)).await,
        "HTTP 503 Service Unavailable: None (request None)"
    );
}

#[tokio::test]
async fn a_client_without_its_token_sends_nothing() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    assert_eq!(
        report(&client, &params(5)).await,
        r#"configure the client first: Some("ClientBuilder::bearer_auth")"#
    );
    assert!(server.runtime().received().await.is_empty());
}

#[tokio::test]
async fn other_errors_are_their_text() {
    let server = MockServer::start().await;
    let client = server.client_builder().build().unwrap();
    let line = report(&client, &params(0)).await;
    assert!(line.starts_with("invalid parameter `limit`"), "{line}");
    assert!(server.runtime().received().await.is_empty());
}
