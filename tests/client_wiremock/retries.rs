//! Retries and timeouts.

use super::*;

/// Answers with `responses` in turn (the last one repeats) and records when
/// each request arrived.
struct Sequence {
    responses: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(Instant::now());
        let i = (arrivals.len() - 1).min(self.responses.len() - 1);
        self.responses[i].clone()
    }
}

async fn mount_sequence(
    server: &MockServer,
    responses: Vec<ResponseTemplate>,
) -> Arc<Mutex<Vec<Instant>>> {
    let arrivals: Arc<Mutex<Vec<Instant>>> = Arc::default();
    Mock::given(method("GET"))
        .respond_with(Sequence {
            responses,
            arrivals: arrivals.clone(),
        })
        .mount(server)
        .await;
    arrivals
}

fn rate_limited(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_json(body)
}

fn assert_waited_for_retry_after(arrivals: &Mutex<Vec<Instant>>) {
    let arrivals = arrivals.lock().unwrap();
    assert_eq!(arrivals.len(), 2, "one 429, then one retry");
    let gap = arrivals[1] - arrivals[0];
    // The backoff is 5 ms: only `Retry-After: 1` explains a 1 s wait.
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
}

#[tokio::test]
async fn leanrails_honours_retry_after_on_429() {
    let server = MockServer::start().await;
    let arrivals = mount_sequence(
        &server,
        vec![
            rate_limited(json!({"error": {"type": "rate_limit_error", "message": "slow down"}})),
            ResponseTemplate::new(200).set_body_json(fixture("leanrails_list.json")),
        ],
    )
    .await;
    let client = leanrails_builder(&server)
        .retry(fast_retry(3))
        .build()
        .unwrap();

    let list = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap();

    assert_eq!(list.data[0].id, "cs_xxx");
    assert_waited_for_retry_after(&arrivals);
}

#[tokio::test]
async fn yorlet_honours_retry_after_on_429() {
    let server = MockServer::start().await;
    let arrivals = mount_sequence(
        &server,
        vec![
            rate_limited(json!({"error": {"message": "slow down"}, "status": 429})),
            ResponseTemplate::new(200).set_body_json(fixture("yorlet_list.json")),
        ],
    )
    .await;
    let client = yorlet_builder(&server)
        .retry(fast_retry(3))
        .build()
        .unwrap();

    let list = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap();

    assert_eq!(list.data.len(), 1);
    assert_waited_for_retry_after(&arrivals);
}

fn assert_attempts_exhausted<E: std::fmt::Debug>(err: &apigen_runtime::Error<E>) {
    let apigen_runtime::Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.attempts, 3);
    assert_eq!(err.attempts(), Some(3));
    assert!(
        api.body.is_some(),
        "the last 503 body decodes: {}",
        api.snippet
    );
    let text = err.to_string();
    assert!(text.contains("503"), "{text}");
    assert!(text.contains("3 attempts"), "{text}");
}

#[tokio::test]
async fn leanrails_gives_up_after_three_503s() {
    let server = MockServer::start().await;
    let arrivals = mount_sequence(
        &server,
        vec![ResponseTemplate::new(503)
            .set_body_json(json!({"error": {"type": "api_error", "message": "down"}}))],
    )
    .await;
    let client = leanrails_builder(&server)
        .retry(fast_retry(3))
        .build()
        .unwrap();

    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();

    assert_attempts_exhausted(&err);
    assert_eq!(arrivals.lock().unwrap().len(), 3);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn yorlet_gives_up_after_three_503s() {
    let server = MockServer::start().await;
    let arrivals = mount_sequence(
        &server,
        vec![ResponseTemplate::new(503)
            .set_body_json(json!({"error": {"message": "down"}, "status": 503}))],
    )
    .await;
    let client = yorlet_builder(&server)
        .retry(fast_retry(3))
        .build()
        .unwrap();

    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();

    assert_attempts_exhausted(&err);
    assert_eq!(arrivals.lock().unwrap().len(), 3);
}

pub(crate) fn slow_response(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(body)
        .set_delay(Duration::from_secs(5))
}

fn assert_timeout<E: std::fmt::Debug>(err: &apigen_runtime::Error<E>, attempts: u32) {
    match err {
        apigen_runtime::Error::Timeout { attempts: a } => assert_eq!(*a, attempts),
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(err.is_retryable());
}

#[tokio::test]
async fn leanrails_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(slow_response(fixture("leanrails_list.json")))
        .mount(&server)
        .await;
    let client = leanrails_builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = Instant::now();
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_timeout(&err, 1);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the limit applied"
    );

    // Timeouts are retried like other transient failures.
    let retrying = leanrails_builder(&server)
        .timeout(Duration::from_millis(200))
        .retry(fast_retry(2))
        .build()
        .unwrap();
    let err = retrying
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert_timeout(&err, 2);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn yorlet_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(slow_response(fixture("yorlet_list.json")))
        .mount(&server)
        .await;
    let client = yorlet_builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();

    assert_timeout(&err, 1);
}
