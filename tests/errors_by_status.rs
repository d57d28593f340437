//! An operation whose error responses declare several types decodes each
//! error body as the type of its status (`tests/specs/operations.yaml`:
//! `404` is a `NotFound`, `default` a `Problem`), not as the first type
//! that accepts it: every object is a `NotFound` (all its properties are
//! optional), so a `Problem` body would otherwise never be one.

use apigen_runtime::mock::wiremock::{
    matchers::method, Mock, MockServer as WireMock, ResponseTemplate,
};
use apigen_runtime::Error;
use apigen_suite::fixtures::operations::{
    Client, CreatePartBody, CreatePartErrorBody, CreatePartParams,
};
use serde_json::{json, Value};

async fn error_of(status: u16, body: Value) -> (u16, Option<CreatePartErrorBody>) {
    let server = WireMock::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("k")
        .retry(apigen_runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let params = CreatePartParams {
        widget_id: 7,
        idempotency_key: None,
        filter: None,
        session: None,
    };
    let body = CreatePartBody {
        name: "n".into(),
        extra: Default::default(),
    };
    match client.create_part(&params, &body).await {
        Err(Error::Api(e)) => (e.status.as_u16(), e.body),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn each_status_decodes_as_its_declared_type() {
    let (status, body) = error_of(404, json!({"message": "no such widget"})).await;
    assert_eq!(status, 404);
    assert!(
        matches!(&body, Some(CreatePartErrorBody::NotFound(n)) if n.message.as_deref() == Some("no such widget")),
        "{body:?}"
    );
    // `default`: a `Problem`, though a `NotFound` would accept it too.
    let (_, body) = error_of(500, json!({"title": "boom", "status": 500})).await;
    assert!(
        matches!(&body, Some(CreatePartErrorBody::Problem(p)) if p.status == Some(500)),
        "{body:?}"
    );
    let (_, body) = error_of(409, json!({"title": "conflict"})).await;
    assert!(
        matches!(body, Some(CreatePartErrorBody::Problem(_))),
        "{body:?}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_its_status_type_is_not_decoded() {
    // A 404 whose `message` is not a string is no `NotFound`: no typed
    // body (the snippet keeps the text), though a `Problem` would accept it.
    let (status, body) = error_of(404, json!({"message": 5})).await;
    assert_eq!((status, body), (404, None));
}
