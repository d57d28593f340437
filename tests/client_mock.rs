//! The generated `mock` modules (feature `mock` of `checkout-clients`):
//! expectations written with the generated params and models, matched on
//! what the client sends, answered with typed bodies.

mod support;

use apigen_runtime::futures::TryStreamExt;
use checkout_clients::leanrails::{
    self, CheckoutSession, CheckoutSessionList, CheckoutSessionListObject, CheckoutSessionStatus,
    ErrorBody, ErrorModel, ErrorType, ListCheckoutSessionsParams,
};
use checkout_clients::yorlet;

use support::leanrails_session;

fn session(id: &str) -> CheckoutSession {
    serde_json::from_value(leanrails_session(id, "open")).expect("a session")
}

fn page(ids: &[&str], has_more: bool) -> CheckoutSessionList {
    CheckoutSessionList {
        object: CheckoutSessionListObject::List,
        data: ids.iter().map(|id| session(id)).collect(),
        has_more,
        url: "/v1/checkout_sessions".into(),
        next_cursor: None,
        extra: Default::default(),
    }
}

#[tokio::test]
async fn the_leanrails_stream_runs_through_three_mocked_pages() {
    let server = leanrails::mock::MockServer::start().await;
    let first = ListCheckoutSessionsParams {
        limit: Some(2),
        status: Some(CheckoutSessionStatus::Open),
        ..Default::default()
    };
    let after = |cursor: &str| ListCheckoutSessionsParams {
        starting_after: Some(cursor.into()),
        ..first.clone()
    };
    // Mounted out of order: each matches only its own parameters.
    server
        .list_checkout_sessions(&after("cs_4"))
        .times(1)
        .respond(&page(&["cs_5"], false))
        .await;
    server
        .list_checkout_sessions(&first)
        .times(1)
        .respond(&page(&["cs_1", "cs_2"], true))
        .await;
    server
        .list_checkout_sessions(&after("cs_2"))
        .times(1)
        .respond(&page(&["cs_3", "cs_4"], true))
        .await;

    let client = server.client_builder().build().unwrap();
    let mut stream = std::pin::pin!(client.list_checkout_sessions_stream(&first));
    let mut ids = Vec::new();
    while let Some(session) = stream.try_next().await.unwrap() {
        ids.push(session.id);
    }
    assert_eq!(ids, ["cs_1", "cs_2", "cs_3", "cs_4", "cs_5"]);
    assert_eq!(server.runtime().received().await.len(), 3);
}

#[tokio::test]
async fn a_typed_api_error_comes_back_typed() {
    let server = leanrails::mock::MockServer::start().await;
    let params = ListCheckoutSessionsParams {
        limit: Some(5),
        ..Default::default()
    };
    let body = ErrorModel {
        error: ErrorBody {
            r#type: Some(ErrorType::RateLimitError),
            message: Some("slow down".into()),
            ..Default::default()
        },
        extra: Default::default(),
    };
    server
        .list_checkout_sessions(&params)
        .respond_error(429, &body)
        .await;
    let client = server.client_builder().build().unwrap();
    let error = client.list_checkout_sessions(&params).await.unwrap_err();
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 429);
    assert_eq!(api.body.as_ref(), Some(&body));
}

#[tokio::test]
async fn other_params_do_not_match() {
    let server = leanrails::mock::MockServer::start().await;
    let params = ListCheckoutSessionsParams {
        limit: Some(5),
        ..Default::default()
    };
    server
        .list_checkout_sessions(&params)
        .respond(&page(&[], false))
        .await;
    let client = server.client_builder().build().unwrap();
    assert!(client.list_checkout_sessions(&params).await.is_ok());
    // Another limit or an extra filter: no match (wiremock answers 404).
    for other in [
        ListCheckoutSessionsParams {
            limit: Some(6),
            ..Default::default()
        },
        ListCheckoutSessionsParams {
            status: Some(CheckoutSessionStatus::Expired),
            ..params.clone()
        },
    ] {
        let error = client.list_checkout_sessions(&other).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{other:?}");
    }
}

#[tokio::test]
async fn the_yorlet_mock_answers_with_its_models() {
    let server = yorlet::mock::MockServer::start().await;
    let params = yorlet::ListCheckoutSessionsParams {
        yorlet_account: Some("acct_1".into()),
        ..Default::default()
    };
    let list: yorlet::CheckoutSessionList =
        serde_json::from_value(support::fixture("yorlet_list.json")).unwrap();
    server.list_checkout_sessions(&params).respond(&list).await;
    let client = server.client_builder().build().unwrap();
    let got = client.list_checkout_sessions(&params).await.unwrap();
    assert_eq!(got, list);
    // Without the header parameter the expectation does not match.
    let error = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
}
