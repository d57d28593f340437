//! The generated LeanRails and Yorlet clients (`checkout-clients`) against
//! wiremock servers: paging, error bodies, retries, timeouts, undecodable
//! bodies, authentication and version headers, parameter validation, secret
//! redaction, and lossless decoding of values and fields the specs do not
//! list.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apigen_runtime::{body_snippet, RetryPolicy, StatusCode, SNIPPET_LIMIT};
use checkout_clients::{leanrails, yorlet};
use futures::{Stream, StreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use support::{
    first_difference, fixture, leanrails_page, leanrails_session, pairs, sorted_query,
    yorlet_session,
};

const LEANRAILS_KEY: &str = "sk_test_123";
const YORLET_KEY: &str = "ylt_key_789";
const LIST_PATH: &str = "/v1/checkout_sessions";

/// Retries with backoffs short enough to keep the suite fast.
fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        jitter: false,
        max_retry_after: Duration::from_secs(5),
    }
}

fn leanrails_builder(server: &MockServer) -> leanrails::ClientBuilder {
    leanrails::Client::builder()
        .base_url(server.uri())
        .basic_auth(LEANRAILS_KEY, None)
        .retry(fast_retry(1))
}

fn leanrails_client(server: &MockServer) -> leanrails::Client {
    leanrails_builder(server)
        .build()
        .expect("building the client")
}

fn yorlet_builder(server: &MockServer) -> yorlet::ClientBuilder {
    yorlet::Client::builder()
        .base_url(server.uri())
        .bearer_auth(YORLET_KEY)
        .retry(fast_retry(1))
}

fn yorlet_client(server: &MockServer) -> yorlet::Client {
    yorlet_builder(server).build().expect("building the client")
}

/// Every item of `stream`, bounded in count and time so that a stream that
/// never ends fails the test instead of hanging it.
async fn drain<T, E>(stream: impl Stream<Item = Result<T, E>>) -> Vec<Result<T, E>> {
    tokio::time::timeout(Duration::from_secs(20), stream.take(1_000).collect())
        .await
        .expect("the stream did not end within 20 s")
}

/// The sorted query of every request the server received, in order.
async fn queries(server: &MockServer) -> Vec<Vec<(String, String)>> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .iter()
        .map(|r| sorted_query(&r.url))
        .collect()
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

fn ids(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(|i| format!("cs_{i:02}")).collect()
}

fn ok_ids(items: &[Result<leanrails::CheckoutSession, leanrails::Error>]) -> Vec<String> {
    items
        .iter()
        .map(|r| match r {
            Ok(s) => s.id.clone(),
            Err(e) => panic!("unexpected error in the stream: {e:?}"),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Paging (LeanRails: the only spec with cursor parameters)
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Cursors {
    /// Pages carry `next_cursor: null`: clients page with the last id.
    LastId,
    /// Pages carry an opaque `next_cursor` (`tok_<index>`) that is not an id;
    /// `starting_after` must be that token (an id is answered with 400).
    NextCursor,
}

/// A LeanRails list endpoint over sessions `cs_01..=cs_<n>`, all with one
/// status: `starting_after` and `ending_before` cursors, `limit` (default 10).
struct Pager {
    ids: Vec<String>,
    status: &'static str,
    cursors: Cursors,
}

impl Pager {
    fn new(n: usize, status: &'static str, cursors: Cursors) -> Pager {
        Pager {
            ids: ids(1..=n),
            status,
            cursors,
        }
    }
}

fn leanrails_error(status: u16, message: &str, param: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "error": {"type": "invalid_request_error", "message": message, "param": param}
    }))
}

impl Respond for Pager {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
        let n = self.ids.len();
        let limit: usize = query.get("limit").map_or(10, |l| l.parse().unwrap());
        let id_position = |id: &str| self.ids.iter().position(|x| x == id);
        let (start, end, has_more) = if let Some(after) = query.get("starting_after") {
            let position = match self.cursors {
                Cursors::LastId => id_position(after),
                Cursors::NextCursor => after.strip_prefix("tok_").and_then(|i| i.parse().ok()),
            };
            let Some(position) = position else {
                return leanrails_error(400, &format!("no such cursor: {after}"), "starting_after");
            };
            let start = position + 1;
            let end = (start + limit).min(n);
            (start, end, end < n)
        } else if let Some(before) = query.get("ending_before") {
            let Some(end) = id_position(before) else {
                return leanrails_error(400, &format!("no such object: {before}"), "ending_before");
            };
            let start = end.saturating_sub(limit);
            (start, end, start > 0)
        } else {
            let end = limit.min(n);
            (0, end, end < n)
        };
        let data = self.ids[start..end]
            .iter()
            .map(|id| leanrails_session(id, self.status))
            .collect();
        let forward = !query.contains_key("ending_before");
        let next_cursor = match self.cursors {
            Cursors::NextCursor if has_more && forward => Some(format!("tok_{}", end - 1)),
            _ => None,
        };
        ResponseTemplate::new(200).set_body_json(leanrails_page(
            data,
            has_more,
            next_cursor.as_deref(),
        ))
    }
}

async fn mount_pager(server: &MockServer, pager: Pager) {
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(pager)
        .mount(server)
        .await;
}

#[tokio::test]
async fn leanrails_stream_pages_forward_with_last_id() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(8, "open", Cursors::LastId)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        status: Some(leanrails::CheckoutSessionStatus::Open),
        ..Default::default()
    };

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    assert_eq!(ok_ids(&items), ids(1..=8));
    assert!(items
        .iter()
        .all(|r| r.as_ref().unwrap().status == Some(leanrails::CheckoutSessionStatus::Open)));
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[("limit", "3"), ("status", "open")]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "cs_03"),
                ("status", "open")
            ]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "cs_06"),
                ("status", "open")
            ]),
        ]
    );
}

#[tokio::test]
async fn leanrails_stream_pages_forward_with_next_cursor() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(8, "complete", Cursors::NextCursor)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        status: Some(leanrails::CheckoutSessionStatus::Complete),
        ..Default::default()
    };

    // One page by hand: the cursor is the page's `next_cursor`, not an id.
    let first = client.list_checkout_sessions(&params).await.unwrap();
    assert_eq!(first.next_cursor.as_deref(), Some("tok_2"));
    assert!(first.has_more);

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    assert_eq!(ok_ids(&items), ids(1..=8));
    let sent = queries(&server).await;
    assert_eq!(
        sent[1..],
        [
            pairs(&[("limit", "3"), ("status", "complete")]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "tok_2"),
                ("status", "complete")
            ]),
            pairs(&[
                ("limit", "3"),
                ("starting_after", "tok_5"),
                ("status", "complete")
            ]),
        ]
    );
}

#[tokio::test]
async fn leanrails_stream_resumes_after_a_given_starting_after() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(8, "open", Cursors::LastId)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        starting_after: Some("cs_02".into()),
        ..Default::default()
    };

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    assert_eq!(ok_ids(&items), ids(3..=8));
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[("limit", "3"), ("starting_after", "cs_02")]),
            pairs(&[("limit", "3"), ("starting_after", "cs_05")]),
        ]
    );
}

#[tokio::test]
async fn leanrails_stream_pages_backward_with_ending_before() {
    let server = MockServer::start().await;
    mount_pager(&server, Pager::new(10, "expired", Cursors::LastId)).await;
    let client = leanrails_client(&server);
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(3),
        ending_before: Some("cs_10".into()),
        status: Some(leanrails::CheckoutSessionStatus::Expired),
        ..Default::default()
    };

    let items = drain(client.list_checkout_sessions_stream(&params)).await;

    // Page by page, each page in the order the API returned it.
    let expected: Vec<String> = [7, 8, 9, 4, 5, 6, 1, 2, 3]
        .iter()
        .map(|i| format!("cs_{i:02}"))
        .collect();
    assert_eq!(ok_ids(&items), expected);
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[
                ("ending_before", "cs_10"),
                ("limit", "3"),
                ("status", "expired")
            ]),
            pairs(&[
                ("ending_before", "cs_07"),
                ("limit", "3"),
                ("status", "expired")
            ]),
            pairs(&[
                ("ending_before", "cs_04"),
                ("limit", "3"),
                ("status", "expired")
            ]),
        ]
    );
}

fn assert_pagination_error(item: &Result<leanrails::CheckoutSession, leanrails::Error>) {
    match item {
        Err(leanrails::Error::Pagination { message }) => assert!(!message.is_empty()),
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
}

#[tokio::test]
async fn leanrails_stream_stops_on_a_repeated_next_cursor() {
    let server = MockServer::start().await;
    let page = |a: &str, b: &str| {
        leanrails_page(
            vec![leanrails_session(a, "open"), leanrails_session(b, "open")],
            true,
            Some("tok_same"),
        )
    };
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("cs_01", "cs_02")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "tok_same"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page("cs_03", "cs_04")))
        .expect(1)
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(ok_ids(&items[..4]), ids(1..=4));
    assert_pagination_error(&items[4]);
    assert_eq!(requests(&server).await.len(), 2);
    server.verify().await;
}

#[tokio::test]
async fn leanrails_stream_stops_when_the_last_id_repeats() {
    // A server that ignores the cursor and always sends the same page.
    let server = MockServer::start().await;
    let page = leanrails_page(
        vec![
            leanrails_session("cs_01", "open"),
            leanrails_session("cs_02", "open"),
        ],
        true,
        None,
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 5, "{items:?}");
    assert_eq!(ok_ids(&items[..4]), ["cs_01", "cs_02", "cs_01", "cs_02"]);
    assert_pagination_error(&items[4]);
    assert_eq!(
        queries(&server).await,
        [vec![], pairs(&[("starting_after", "cs_02")])]
    );
}

#[tokio::test]
async fn leanrails_stream_stops_when_no_cursor_can_be_derived() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(vec![], true, None)))
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 1, "{items:?}");
    assert_pagination_error(&items[0]);
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn leanrails_stream_sends_opaque_cursors_encoded() {
    // A cursor with characters that must be escaped in a query.
    const CURSOR: &str = "c+1/2=3&x y%z";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(
            vec![leanrails_session("cs_01", "open")],
            true,
            Some(CURSOR),
        )))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", CURSOR))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(
            vec![leanrails_session("cs_02", "open")],
            false,
            None,
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(ok_ids(&items), ids(1..=2));
    assert_eq!(
        queries(&server).await,
        [vec![], pairs(&[("starting_after", CURSOR)])]
    );
    server.verify().await;
}

#[tokio::test]
async fn leanrails_stream_ends_after_a_failed_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(leanrails_page(
            vec![
                leanrails_session("cs_01", "open"),
                leanrails_session("cs_02", "open"),
            ],
            true,
            None,
        )))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("starting_after", "cs_02"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": {"type": "api_error", "message": "boom"}})),
        )
        .mount(&server)
        .await;
    let client = leanrails_client(&server);

    let items = drain(client.list_checkout_sessions_stream(&Default::default())).await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(ok_ids(&items[..2]), ids(1..=2));
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    let body = err.api_error().unwrap().body.as_ref().unwrap();
    assert_eq!(body.error.message.as_deref(), Some("boom"));
    assert_eq!(
        requests(&server).await.len(),
        2,
        "no request after the error"
    );
}

// ---------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------

struct LeanRailsCase {
    status: u16,
    kind: &'static str,
    code: &'static str,
    param: Option<&'static str>,
}

const LEANRAILS_ERRORS: [LeanRailsCase; 8] = [
    LeanRailsCase {
        status: 400,
        kind: "invalid_request_error",
        code: "parameter_invalid_integer",
        param: Some("limit"),
    },
    LeanRailsCase {
        status: 401,
        kind: "authentication_error",
        code: "api_key_invalid",
        param: None,
    },
    LeanRailsCase {
        status: 402,
        kind: "payment_error",
        code: "card_declined",
        param: None,
    },
    LeanRailsCase {
        status: 404,
        kind: "invalid_request_error",
        code: "resource_missing",
        param: Some("starting_after"),
    },
    // A type this client does not know.
    LeanRailsCase {
        status: 409,
        kind: "idempotency_error",
        code: "idempotency_key_in_use",
        param: None,
    },
    LeanRailsCase {
        status: 422,
        kind: "invalid_request_error",
        code: "parameter_unknown",
        param: Some("status"),
    },
    LeanRailsCase {
        status: 429,
        kind: "rate_limit_error",
        code: "rate_limit",
        param: None,
    },
    LeanRailsCase {
        status: 500,
        kind: "api_error",
        code: "internal_error",
        param: None,
    },
];

/// Headers every error response carries; 429 adds `Retry-After: 30`.
fn with_error_headers(
    template: ResponseTemplate,
    status: u16,
    id_header: &str,
) -> ResponseTemplate {
    let template = template
        .insert_header(id_header, format!("req_{status}").as_str())
        .insert_header("X-RateLimit-Limit", "1500")
        .insert_header("X-RateLimit-Remaining", "0");
    if status == 429 {
        template.insert_header("Retry-After", "30")
    } else {
        template
    }
}

/// What every error of either client must carry, whatever its body.
fn check_api_error_envelope<E: std::fmt::Debug>(
    err: &apigen_runtime::Error<E>,
    status: u16,
) -> &apigen_runtime::ApiError<E> {
    let apigen_runtime::Error::Api(api) = err else {
        panic!("{status}: expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), status);
    assert_eq!(err.status(), Some(StatusCode::from_u16(status).unwrap()));
    assert_eq!(
        api.attempts, 1,
        "{status}: no retry with a one-attempt policy"
    );
    assert_eq!(api.request_id(), Some(format!("req_{status}").as_str()));
    assert_eq!(api.header("x-ratelimit-limit"), Some("1500"));
    assert_eq!(api.header("x-ratelimit-remaining"), Some("0"));
    let expected_wait = (status == 429).then(|| Duration::from_secs(30));
    assert_eq!(api.retry_after(), expected_wait, "{status}");
    assert_eq!(err.is_retryable(), status == 429 || status >= 500);
    let text = err.to_string();
    assert!(text.contains(&status.to_string()), "{text}");
    assert!(text.contains(&format!("req_{status}")), "{text}");
    api
}

#[tokio::test]
async fn leanrails_error_bodies_decode_into_the_error_schema() {
    for case in &LEANRAILS_ERRORS {
        let server = MockServer::start().await;
        let message = format!("Something about {} went wrong.", case.code);
        let doc_url = format!("https://docs.leanrails.com/errors#{}", case.code);
        let mut error = json!({
            "type": case.kind,
            "code": case.code,
            "message": message,
            "doc_url": doc_url,
        });
        if let Some(param) = case.param {
            error["param"] = json!(param);
        }
        let template = ResponseTemplate::new(case.status).set_body_json(json!({ "error": error }));
        Mock::given(method("GET"))
            .respond_with(with_error_headers(template, case.status, "Request-Id"))
            .mount(&server)
            .await;
        let client = leanrails_client(&server);

        let err = client
            .list_checkout_sessions(&Default::default())
            .await
            .unwrap_err();

        let api = check_api_error_envelope(&err, case.status);
        let body = api
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{}: body not decoded: {}", case.status, api.snippet));
        assert_eq!(
            body.error.r#type,
            Some(leanrails::ErrorType::from(case.kind))
        );
        assert_eq!(
            body.error.r#type.as_ref().map(|t| t.as_str()),
            Some(case.kind)
        );
        assert_eq!(body.error.code.as_deref(), Some(case.code));
        assert_eq!(body.error.message.as_deref(), Some(message.as_str()));
        assert_eq!(body.error.param.as_deref(), case.param);
        assert_eq!(body.error.doc_url.as_deref(), Some(doc_url.as_str()));
        assert!(body.extra.is_empty() && body.error.extra.is_empty());
        assert!(api.snippet.contains(case.code));
        assert_eq!(requests(&server).await.len(), 1);
    }
    // The known types map to their variants, the unknown one is kept.
    assert_eq!(
        leanrails::ErrorType::from("rate_limit_error"),
        leanrails::ErrorType::RateLimitError
    );
    assert_eq!(
        leanrails::ErrorType::from("idempotency_error"),
        leanrails::ErrorType::Unknown("idempotency_error".into())
    );
}

#[tokio::test]
async fn yorlet_error_bodies_decode_into_the_error_schema() {
    let cases: [(u16, &str, Option<&str>); 8] = [
        (400, "invalid_request_error", Some("limit")),
        (401, "authentication_error", None),
        (402, "payment_error", None),
        (403, "permission_error", None),
        (404, "invalid_request_error", Some("id")),
        (422, "invalid_request_error", Some("currency")),
        (429, "rate_limit_error", None),
        (500, "api_error", None),
    ];
    for (status, kind, param) in cases {
        let server = MockServer::start().await;
        let message = format!("Error {status} from Yorlet.");
        let mut error = json!({"message": message, "type": kind});
        if let Some(param) = param {
            error["param"] = json!(param);
        }
        let template =
            ResponseTemplate::new(status).set_body_json(json!({"error": error, "status": status}));
        Mock::given(method("GET"))
            .respond_with(with_error_headers(template, status, "X-Request-Id"))
            .mount(&server)
            .await;
        let client = yorlet_client(&server);

        let err = client
            .list_checkout_sessions(&Default::default())
            .await
            .unwrap_err();

        let api = check_api_error_envelope(&err, status);
        let body = api
            .body
            .as_ref()
            .unwrap_or_else(|| panic!("{status}: body not decoded: {}", api.snippet));
        assert_eq!(body.status, Some(i32::from(status)));
        assert_eq!(body.error.message.as_deref(), Some(message.as_str()));
        assert_eq!(body.error.param.as_deref(), param);
        assert_eq!(body.error.r#type.as_deref(), Some(kind));
        assert!(body.extra.is_empty() && body.error.extra.is_empty());
        assert_eq!(requests(&server).await.len(), 1);
    }
}

// ---------------------------------------------------------------------------
// Retries and timeouts
// ---------------------------------------------------------------------------

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

fn slow_response(body: Value) -> ResponseTemplate {
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

// ---------------------------------------------------------------------------
// Bodies that do not decode
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Authentication and version headers
// ---------------------------------------------------------------------------

fn header_values(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

async fn mount_ok(server: &MockServer, body: Value) {
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

// ---------------------------------------------------------------------------
// Parameter validation
// ---------------------------------------------------------------------------

#[tokio::test]
async fn leanrails_refuses_limit_outside_1_to_100_before_sending() {
    let server = MockServer::start().await;
    mount_ok(&server, fixture("leanrails_list.json")).await;
    let client = leanrails_client(&server);

    for limit in [0, 101, -1] {
        let params = leanrails::ListCheckoutSessionsParams {
            limit: Some(limit),
            ..Default::default()
        };
        let err = client.list_checkout_sessions(&params).await.unwrap_err();
        match &err {
            leanrails::Error::InvalidParam { param, message } => {
                assert_eq!(*param, "limit");
                assert!(message.contains(&limit.to_string()), "{message}");
            }
            other => panic!("limit {limit}: expected InvalidParam, got {other:?}"),
        }
        assert!(err.to_string().contains("limit"), "{err}");

        // The stream reports the same error once and ends.
        let items = drain(client.list_checkout_sessions_stream(&params)).await;
        assert_eq!(items.len(), 1);
        assert!(matches!(
            items[0],
            Err(leanrails::Error::InvalidParam { param: "limit", .. })
        ));
    }
    assert!(
        requests(&server).await.is_empty(),
        "nothing may be sent for an invalid limit"
    );

    // The bounds themselves are valid.
    for limit in [1, 100] {
        let params = leanrails::ListCheckoutSessionsParams {
            limit: Some(limit),
            ..Default::default()
        };
        client.list_checkout_sessions(&params).await.unwrap();
    }
    assert_eq!(
        queries(&server).await,
        [pairs(&[("limit", "1")]), pairs(&[("limit", "100")])]
    );
}

// ---------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// Values and fields the specs do not list
// ---------------------------------------------------------------------------

/// Fails, naming the first difference, unless `again` equals `body`.
fn assert_round_trip(again: &Value, body: &Value) {
    if let Some(difference) = first_difference(again, body) {
        panic!("re-encoding changed the JSON at {difference} (re-encoded vs input)");
    }
    assert_eq!(again, body);
}

/// Serves `body`, decodes it with the client, and checks that re-encoding
/// the decoded value gives back exactly `body`.
async fn leanrails_round_trip(body: &Value) -> leanrails::CheckoutSessionList {
    let server = MockServer::start().await;
    mount_ok(&server, body.clone()).await;
    let list = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_or_else(|e| panic!("decoding {body}: {e}"));
    assert_round_trip(&serde_json::to_value(&list).unwrap(), body);
    list
}

async fn yorlet_round_trip(body: &Value) -> yorlet::CheckoutSessionList {
    let server = MockServer::start().await;
    mount_ok(&server, body.clone()).await;
    let list = yorlet_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_or_else(|e| panic!("decoding {body}: {e}"));
    assert_round_trip(&serde_json::to_value(&list).unwrap(), body);
    list
}

#[tokio::test]
async fn leanrails_unknown_enum_values_and_fields_round_trip() {
    let mut odd = leanrails_session("cs_odd", "teleported");
    odd["mode"] = json!("order");
    odd["ui_mode"] = json!("custom"); // known: listed by the spec
    odd["payment_status"] = json!("partially_refunded");
    odd["customer_creation"] = json!("never");
    odd["billing_address_collection"] = json!("optional");
    odd["object"] = json!("checkout.session.v2");
    odd["risk_score"] = json!(42);
    odd["shipping_rate"] = json!({"id": "shr_1", "amount": 500, "tags": ["a", null]});
    odd["customer_details"]["tax_ids"] = json!([{"type": "eu_vat", "value": "DE123"}]);
    odd["customer_details"]["address"]["county"] = json!("Kent");
    odd["total_details"]["amount_fees"] = json!(7);
    odd["total_details"]["breakdown"] = json!({"discounts": [], "taxes": [{"rate": 0.2}]});
    let mut body = leanrails_page(
        vec![odd, leanrails_session("cs_plain", "open")],
        true,
        Some("cs_plain"),
    );
    body["request_meta"] = json!({"region": "eu-west", "replayed": false});

    let list = leanrails_round_trip(&body).await;

    let s = &list.data[0];
    use leanrails::*;
    assert_eq!(
        s.status,
        Some(CheckoutSessionStatus::Unknown("teleported".into()))
    );
    assert_eq!(s.mode, Some(CheckoutSessionMode::Unknown("order".into())));
    assert_eq!(s.ui_mode, Some(UiMode::Custom));
    assert_eq!(
        s.payment_status,
        Some(PaymentStatus::Unknown("partially_refunded".into()))
    );
    assert_eq!(
        s.customer_creation,
        Some(CustomerCreation::Unknown("never".into()))
    );
    assert_eq!(
        s.billing_address_collection,
        Some(BillingAddressCollection::Unknown("optional".into()))
    );
    assert_eq!(
        s.object,
        CheckoutSessionObject::Unknown("checkout.session.v2".into())
    );
    assert_eq!(s.status.as_ref().unwrap().to_string(), "teleported");
    assert_eq!(s.extra["risk_score"], json!(42));
    assert_eq!(s.extra["shipping_rate"]["amount"], json!(500));
    let details = s.customer_details.as_ref().unwrap();
    assert_eq!(details.extra["tax_ids"][0]["value"], json!("DE123"));
    assert_eq!(
        details.address.as_ref().unwrap().extra["county"],
        json!("Kent")
    );
    let totals = s.total_details.as_ref().unwrap();
    assert_eq!(totals.amount_tax, Some(123));
    assert_eq!(totals.extra["amount_fees"], json!(7));
    assert_eq!(list.extra["request_meta"]["region"], json!("eu-west"));
    // The known values of the plain session decode to their variants.
    let plain = &list.data[1];
    assert_eq!(plain.status, Some(CheckoutSessionStatus::Open));
    assert_eq!(plain.mode, Some(CheckoutSessionMode::Payment));
    assert_eq!(plain.object, CheckoutSessionObject::CheckoutSession);
    assert!(plain.extra.is_empty());
}

#[tokio::test]
async fn leanrails_fixture_round_trips() {
    leanrails_round_trip(&fixture("leanrails_list.json")).await;
}

/// The last page of a LeanRails list has `"next_cursor": null` (the spec
/// says so); decoding and re-encoding it must keep that `null`.
#[tokio::test]
async fn leanrails_last_page_with_null_next_cursor_round_trips() {
    let body = leanrails_page(vec![leanrails_session("cs_last", "expired")], false, None);
    assert_eq!(body["next_cursor"], Value::Null);

    let list = leanrails_round_trip(&body).await;

    assert_eq!(list.next_cursor, None);
}

#[tokio::test]
async fn leanrails_error_body_with_unknown_values_round_trips() {
    let server = MockServer::start().await;
    let body = json!({
        "error": {
            "type": "idempotency_error",
            "code": "idempotency_key_in_use",
            "message": "Keys are for one request.",
            "decline_code": "do_not_honor",
            "details": {"retry": false}
        },
        "request_log_url": "https://dashboard.leanrails.com/logs/req_1"
    });
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(409).set_body_json(body.clone()))
        .mount(&server)
        .await;

    let err = leanrails_client(&server)
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();

    let model = err.into_api_error().unwrap().body.expect("decoded body");
    assert_eq!(
        model.error.r#type,
        Some(leanrails::ErrorType::Unknown("idempotency_error".into()))
    );
    assert_eq!(model.error.extra["decline_code"], json!("do_not_honor"));
    assert_eq!(
        model.extra["request_log_url"],
        json!("https://dashboard.leanrails.com/logs/req_1")
    );
    assert_round_trip(&serde_json::to_value(&model).unwrap(), &body);
}

/// The Yorlet fixture with a second session's worth of count. `number`
/// fields decode to `f64`; whole values are written back as integers, as the
/// provider writes them (`"count": 2`), so the round trip is exact.
fn yorlet_fixture_with_count_2() -> Value {
    let mut body = fixture("yorlet_list.json");
    body["count"] = json!(2);
    body
}

/// A whole number written as a float (`2.0`) is the same JSON number; it
/// decodes to the same `f64` and is written back as `2`.
#[test]
fn yorlet_whole_floats_are_written_as_integers() {
    let mut body = fixture("yorlet_list.json");
    body["count"] = json!(2.0);
    body["data"][0]["subscription_data"]["add_invoice_items"][0]["tax_percent"] = json!(12.5);
    let list: yorlet::CheckoutSessionList = serde_json::from_value(body).unwrap();
    assert_eq!(list.count, 2.0);
    let out = serde_json::to_value(&list).unwrap();
    assert_eq!(out["count"], json!(2));
    assert!(out["count"].is_i64());
    assert_eq!(
        out["data"][0]["subscription_data"]["add_invoice_items"][0]["tax_percent"],
        json!(12.5)
    );
}

#[tokio::test]
async fn yorlet_unknown_enum_values_and_fields_round_trip() {
    let mut body = yorlet_fixture_with_count_2();
    let first = &mut body["data"][0];
    first["status"] = json!("teleported");
    first["currency"] = json!("jpy");
    first["livemode"] = json!(true);
    first["merchant"]["statement_descriptor"] = json!("YORLET*RENT");
    first["subscription_data"]["phases"][0]["items"][0]["price_data"]["unit_label"] = json!("seat");
    first["subscription_data"]["billing_anchor_config"]["timezone"] = json!("Europe/London");
    let mut second = yorlet_session("cs_second");
    second["status"] = json!("canceled"); // known: listed by the spec
    second["currency"] = json!("sek");
    second["subscription_data"] = json!({"description": "none", "trial": {"days": 14}});
    body["data"].as_array_mut().unwrap().push(second);
    body["url"] = json!("/v1/checkout_sessions");

    let list = yorlet_round_trip(&body).await;

    use yorlet::*;
    let s = &list.data[0];
    assert_eq!(
        s.status,
        Some(CheckoutSessionStatus::Unknown("teleported".into()))
    );
    assert_eq!(s.currency, Some(Currency::Unknown("jpy".into())));
    assert_eq!(s.extra["livemode"], json!(true));
    assert_eq!(
        s.merchant.as_ref().unwrap().extra["statement_descriptor"],
        json!("YORLET*RENT")
    );
    let sub = s.subscription_data.as_ref().unwrap();
    let price_data = sub.phases.as_ref().unwrap()[0].items.as_ref().unwrap()[0]
        .price_data
        .as_ref()
        .unwrap();
    assert_eq!(price_data.extra["unit_label"], json!("seat"));
    assert_eq!(price_data.tax_percent, Some(123.0));
    assert_eq!(
        sub.billing_anchor_config.as_ref().unwrap().extra["timezone"],
        json!("Europe/London")
    );
    let second = &list.data[1];
    assert_eq!(second.status, Some(CheckoutSessionStatus::Canceled));
    assert_eq!(second.currency, Some(Currency::Sek));
    assert_eq!(
        second.subscription_data.as_ref().unwrap().extra["trial"],
        json!({"days": 14})
    );
    assert_eq!(list.extra["url"], json!("/v1/checkout_sessions"));
    assert_eq!(list.count, 2.0);
}

/// The provider's own example writes `"count": 1` and `"tax_percent": 50`;
/// decoding and re-encoding it must not turn them into `1.0` and `50.0`.
#[tokio::test]
async fn yorlet_integral_numbers_round_trip_unchanged() {
    let list = yorlet_round_trip(&fixture("yorlet_list.json")).await;
    assert_eq!(list.count, 1.0);
}

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
