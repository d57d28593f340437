//! Hooks on every attempt, and credentials checked before sending.

use super::*;

/// A hook registered on the generated builder runs on every attempt, sees the
/// spec's operationId and path template, and its header reaches the server on
/// each retry.
#[tokio::test]
async fn leanrails_builder_hook_runs_on_every_attempt() {
    /// Operation id, path template, attempt number, status.
    type Record = (Option<&'static str>, String, u32, u16);
    #[derive(Clone, Default)]
    struct Seen(Arc<Mutex<Vec<Record>>>);
    impl apigen_runtime::Hook for Seen {
        fn on_request(
            &self,
            attempt: &apigen_runtime::Attempt<'_>,
            request: &mut reqwest::Request,
        ) {
            request
                .headers_mut()
                .insert("x-hook-attempt", attempt.number.into());
        }
        fn on_response(
            &self,
            attempt: &apigen_runtime::Attempt<'_>,
            outcome: &apigen_runtime::Outcome<'_>,
            _elapsed: Duration,
        ) {
            let status = match outcome {
                apigen_runtime::Outcome::Response { status, .. } => status.as_u16(),
                _ => 0,
            };
            self.0.lock().unwrap().push((
                attempt.operation_id,
                attempt.path_template.to_owned(),
                attempt.number,
                status,
            ));
        }
    }
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(vec![], false, None)))
        .mount(&server)
        .await;
    let seen = Seen::default();
    let client = leanrails_builder(&server)
        .retry(fast_retry(2))
        .hook(seen.clone())
        .build()
        .unwrap();
    client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap();
    let template = LIST_PATH.to_owned();
    assert_eq!(
        *seen.0.lock().unwrap(),
        [
            (Some("listCheckoutSessions"), template.clone(), 1, 503),
            (Some("listCheckoutSessions"), template, 2, 200),
        ]
    );
    let headers: Vec<_> = requests(&server)
        .await
        .iter()
        .map(|r| r.headers["x-hook-attempt"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(headers, ["1", "2"]);
}

/// A client built without the credential its operations need fails before
/// sending, naming the scheme and the builder method that sets it.
#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(vec![], false, None)))
        .mount(&server)
        .await;
    let client = leanrails::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let error = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            apigen_runtime::Error::MissingCredential {
                scheme: "basicAuth",
                setter: Some("ClientBuilder::basic_auth"),
                operation: Some("listCheckoutSessions"),
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "operation `listCheckoutSessions` needs a credential for security scheme `basicAuth`, \
         and the client has none: call `ClientBuilder::basic_auth` when building the client \
         (nothing was sent)"
    );
    // The stream reports it as its first item.
    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;
    assert!(matches!(
        items.as_slice(),
        [Err(apigen_runtime::Error::MissingCredential { .. })]
    ));
    let client = yorlet::Client::from_config(apigen_runtime::Config::new(server.uri())).unwrap();
    let error = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("call `ClientBuilder::bearer_auth`"),
        "{error}"
    );
    assert!(requests(&server).await.is_empty());
}
