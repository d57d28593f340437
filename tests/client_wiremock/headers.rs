//! Authentication and version headers.

use super::*;

fn header_values(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

pub(crate) async fn mount_ok(server: &MockServer, body: Value) {
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn leanrails_sends_basic_auth_with_the_key_as_user_name() {
    let server = MockServer::start().await;
    mount_ok(&server, fixture("leanrails_list.json")).await;

    leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    // base64("sk_test_123:")
    assert_eq!(
        header_values(&sent[0], "authorization"),
        ["Basic c2tfdGVzdF8xMjM6"]
    );
}

#[tokio::test]
async fn yorlet_sends_the_key_as_bearer_token() {
    let server = MockServer::start().await;
    mount_ok(&server, fixture("yorlet_list.json")).await;

    yorlet_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        header_values(&sent[0], "authorization"),
        ["Bearer ylt_key_789"]
    );
}

#[tokio::test]
async fn leanrails_x_api_version_from_builder_and_request() {
    let server = MockServer::start().await;
    mount_ok(&server, fixture("leanrails_list.json")).await;
    let cases: [(Option<&str>, Option<&str>, Option<&str>); 4] = [
        (Some("2024-01-01"), Some("2025-02-02"), Some("2025-02-02")),
        (Some("2024-01-01"), None, Some("2024-01-01")),
        (None, Some("2025-02-02"), Some("2025-02-02")),
        (None, None, None),
    ];
    for (builder_value, request_value, _) in cases {
        let mut builder = leanrails_builder(&server);
        if let Some(v) = builder_value {
            builder = builder.x_api_version(v);
        }
        let params = leanrails::ListCheckoutSessionsParams {
            x_api_version: request_value.map(str::to_owned),
            ..Default::default()
        };
        builder
            .build()
            .unwrap()
            .list_checkout_sessions(&params)
            .await
            .unwrap();
    }

    let sent = requests(&server).await;
    assert_eq!(sent.len(), cases.len());
    for (request, (builder_value, request_value, expected)) in sent.iter().zip(cases) {
        let expected: Vec<String> = expected.iter().map(|v| (*v).to_owned()).collect();
        assert_eq!(
            header_values(request, "x-api-version"),
            expected,
            "builder {builder_value:?}, request {request_value:?}"
        );
    }
}

#[tokio::test]
async fn yorlet_account_header_from_builder_and_request() {
    let server = MockServer::start().await;
    mount_ok(&server, fixture("yorlet_list.json")).await;
    let cases: [(Option<&str>, Option<&str>, Option<&str>); 4] = [
        (
            Some("acct_builder"),
            Some("acct_request"),
            Some("acct_request"),
        ),
        (Some("acct_builder"), None, Some("acct_builder")),
        (None, Some("acct_request"), Some("acct_request")),
        (None, None, None),
    ];
    for (builder_value, request_value, _) in cases {
        let mut builder = yorlet_builder(&server);
        if let Some(v) = builder_value {
            builder = builder.yorlet_account(v);
        }
        let params = yorlet::ListCheckoutSessionsParams {
            yorlet_account: request_value.map(str::to_owned),
            ..Default::default()
        };
        builder
            .build()
            .unwrap()
            .list_checkout_sessions(&params)
            .await
            .unwrap();
    }

    let sent = requests(&server).await;
    assert_eq!(sent.len(), cases.len());
    for (request, (_, _, expected)) in sent.iter().zip(cases) {
        let expected: Vec<String> = expected.iter().map(|v| (*v).to_owned()).collect();
        assert_eq!(header_values(request, "yorlet-account"), expected);
        assert!(header_values(request, "yorlet-context").is_empty());
    }
}
