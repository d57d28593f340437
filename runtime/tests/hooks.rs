//! Hooks run on every attempt: a header added by a hook is on the raw bytes
//! of each retry, timings are recorded per attempt, and retries behave as
//! without hooks.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_runtime::{Attempt, Config, Credential, Hook, HttpClient, Method, Outcome, Request};
use common::raw::RawServer;
use common::{fast_retry, E};

/// Adds `x-attempt: N` and a fixed `x-tenant` header to every attempt.
struct AddHeaders;

impl Hook for AddHeaders {
    fn on_request(&self, attempt: &Attempt<'_>, request: &mut apigen_runtime::reqwest::Request) {
        let headers = request.headers_mut();
        headers.insert("x-tenant", "acme".parse().unwrap());
        headers.insert("x-attempt", attempt.number.into());
    }
}

/// One recorded attempt: operation, template, attempt number, status (0 for
/// a failure) and how long it took.
type Record = (Option<&'static str>, String, u32, u16, Duration);

#[derive(Clone, Default)]
struct Timings(Arc<Mutex<Vec<Record>>>);

impl Hook for Timings {
    fn on_response(&self, attempt: &Attempt<'_>, outcome: &Outcome<'_>, elapsed: Duration) {
        let status = match outcome {
            Outcome::Response { status, .. } => status.as_u16(),
            _ => 0,
        };
        self.0.lock().unwrap().push((
            attempt.operation_id,
            attempt.path_template.to_owned(),
            attempt.number,
            status,
            elapsed,
        ));
    }
}

fn client(server: &RawServer, attempts: u32, f: impl FnOnce(Config) -> Config) -> HttpClient {
    HttpClient::new(f(Config::new(&server.url).retry(fast_retry(attempts)))).unwrap()
}

#[tokio::test]
async fn a_hook_header_is_on_the_bytes_of_every_attempt() {
    let server = RawServer::answering(&[503, 502]);
    let client = client(&server, 3, |c| {
        c.credential("bearer", Credential::bearer("tok"))
            .hook(AddHeaders)
    });
    let response = client
        .execute::<E>(Request::new(Method::GET, "/items").security(&[&["bearer"]]))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 3);
    for n in 1..=3 {
        let raw = server.next();
        assert_eq!(raw.line, "GET /items HTTP/1.1");
        assert_eq!(raw.header("x-tenant"), Some("acme"), "attempt {n}");
        assert_eq!(raw.header("x-attempt"), Some(n.to_string().as_str()));
        // The hook adds to the request; credentials are still there.
        assert_eq!(raw.header("authorization"), Some("Bearer tok"));
    }
}

#[tokio::test]
async fn a_hook_records_each_attempt_and_retries_are_unchanged() {
    let server = RawServer::answering(&[429, 500]);
    let timings = Timings::default();
    let client = client(&server, 3, |c| c.hook(timings.clone()));
    let response = client
        .execute::<E>(
            Request::new(Method::GET, "/v1/items/it%201").operation("getItem", "/v1/items/{id}"),
        )
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.attempts, 3);
    let records = timings.0.lock().unwrap().clone();
    let seen: Vec<_> = records
        .iter()
        .map(|(op, template, n, status, _)| (*op, template.as_str(), *n, *status))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("getItem"), "/v1/items/{id}", 1, 429),
            (Some("getItem"), "/v1/items/{id}", 2, 500),
            (Some("getItem"), "/v1/items/{id}", 3, 200),
        ]
    );
    // The wait between attempts is not counted in an attempt's time.
    for (.., elapsed) in &records {
        assert!(*elapsed < Duration::from_secs(5), "{elapsed:?}");
    }
    for _ in 0..3 {
        assert_eq!(server.next().line, "GET /v1/items/it%201 HTTP/1.1");
    }
}

#[tokio::test]
async fn hooks_run_in_order_and_see_failures() {
    struct Order(&'static str, Arc<Mutex<Vec<String>>>);
    impl Hook for Order {
        fn on_request(&self, a: &Attempt<'_>, _: &mut apigen_runtime::reqwest::Request) {
            self.1
                .lock()
                .unwrap()
                .push(format!("{} req {}", self.0, a.number));
        }
        fn on_response(&self, a: &Attempt<'_>, outcome: &Outcome<'_>, _: Duration) {
            let what = match outcome {
                Outcome::Transport(_) => "transport",
                Outcome::Timeout => "timeout",
                _ => "response",
            };
            self.1
                .lock()
                .unwrap()
                .push(format!("{} {what} {}", self.0, a.number));
        }
    }
    let log = Arc::new(Mutex::new(Vec::new()));
    let config = Config::new(format!("http://127.0.0.1:{}", common::closed_port()))
        .retry(fast_retry(2))
        .hook(Order("a", log.clone()))
        .hook(Order("b", log.clone()));
    assert!(format!("{config:?}").contains("hooks: 2"));
    let client = HttpClient::new(config).unwrap();
    let error = client
        .execute::<E>(Request::new(Method::GET, "/x"))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(
        *log.lock().unwrap(),
        [
            "a req 1",
            "b req 1",
            "a transport 1",
            "b transport 1",
            "a req 2",
            "b req 2",
            "a transport 2",
            "b transport 2"
        ]
    );
}

#[tokio::test]
async fn a_post_without_idempotency_key_is_sent_once_with_hooks() {
    let server = RawServer::answering(&[503]);
    let timings = Timings::default();
    let client = client(&server, 3, |c| c.hook(timings.clone()).hook(AddHeaders));
    let response = client
        .execute::<E>(Request::new(Method::POST, "/items"))
        .await
        .unwrap();
    assert_eq!(response.status, 503);
    assert_eq!(response.attempts, 1);
    assert_eq!(timings.0.lock().unwrap().len(), 1);
    assert_eq!(server.next().header("x-attempt"), Some("1"));
}
