//! The `tracing` feature, seen by a subscriber that records every span and
//! event with its fields: one span per call with operation id, method, path
//! template, status, attempt count and duration; one event per retry; no
//! credential or secret header value in any field.
//!
//! `cargo test -p apigen-runtime --features tracing --test tracing`

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use apigen_runtime::{ApiKeyLocation, Config, Credential, HttpClient, Method, Request};
use common::raw::RawServer;
use common::{fast_retry, E};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A recorded span or event: its name (an event's message) and fields.
#[derive(Debug, Clone, Default)]
struct Recorded {
    name: String,
    fields: BTreeMap<String, String>,
    /// For events: the id of the span they happened in.
    parent: Option<u64>,
}

#[derive(Default)]
struct Log {
    spans: BTreeMap<u64, Recorded>,
    events: Vec<Recorded>,
    stack: Vec<u64>,
}

/// Records everything into a shared [`Log`].
#[derive(Clone, Default)]
struct Recorder {
    log: Arc<Mutex<Log>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Recorder {
    /// The runtime's spans and events only (hyper and reqwest trace too).
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("apigen_runtime")
    }
    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut span = Recorded {
            name: attrs.metadata().name().to_owned(),
            ..Recorded::default()
        };
        attrs.record(&mut Fields(&mut span.fields));
        self.log.lock().unwrap().spans.insert(id, span);
        Id::from_u64(id)
    }
    fn record(&self, id: &Id, values: &Record<'_>) {
        let mut log = self.log.lock().unwrap();
        let span = log.spans.get_mut(&id.into_u64()).expect("a known span");
        values.record(&mut Fields(&mut span.fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut recorded = Recorded::default();
        event.record(&mut Fields(&mut recorded.fields));
        recorded.name = recorded.fields.remove("message").unwrap_or_default();
        let mut log = self.log.lock().unwrap();
        recorded.parent = log.stack.last().copied();
        log.events.push(recorded);
    }
    fn enter(&self, id: &Id) {
        self.log.lock().unwrap().stack.push(id.into_u64());
    }
    fn exit(&self, id: &Id) {
        let mut log = self.log.lock().unwrap();
        let at = log.stack.iter().rposition(|s| *s == id.into_u64());
        if let Some(at) = at {
            log.stack.remove(at);
        }
    }
}

const SECRETS: [&str; 3] = ["sk_secret_key", "hdr-secret-value", "query-secret-key"];

/// Every text a subscriber saw: names, field names and values.
fn all_text(log: &Log) -> String {
    let mut out = String::new();
    for r in log.spans.values().chain(&log.events) {
        out.push_str(&r.name);
        for (k, v) in &r.fields {
            out.push_str(&format!(" {k}={v}"));
        }
        out.push('\n');
    }
    out
}

fn client(server: &RawServer) -> HttpClient {
    HttpClient::new(
        Config::new(&server.url)
            .retry(fast_retry(3))
            .credential("basic", Credential::basic(SECRETS[0], Some("pw")))
            .credential(
                "query",
                Credential::api_key(ApiKeyLocation::Query, "api_key", SECRETS[2]),
            )
            .default_header("X-Secret", SECRETS[1]),
    )
    .unwrap()
}

#[tokio::test]
async fn one_span_per_call_and_one_event_per_retry() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = RawServer::answering(&[503, 429]);
    let response = client(&server)
        .execute::<E>(
            Request::new(Method::GET, "/v1/items/it_123")
                .operation("getItem", "/v1/items/{id}")
                .security(&[&["basic", "query"]]),
        )
        .await
        .unwrap();
    assert_eq!(response.attempts, 3);
    // The credentials were sent...
    let first = server.next();
    assert!(first.target().contains(SECRETS[2]));
    assert_eq!(first.header("x-secret"), Some(SECRETS[1]));

    let log = recorder.log.lock().unwrap();
    assert_eq!(log.spans.len(), 1, "{:?}", log.spans);
    let (&span_id, span) = log.spans.iter().next().unwrap();
    assert_eq!(span.name, "apigen.request");
    let field = |name: &str| span.fields.get(name).map(String::as_str);
    assert_eq!(field("operation_id"), Some("getItem"));
    assert_eq!(field("method"), Some("GET"));
    assert_eq!(field("path_template"), Some("/v1/items/{id}"));
    assert_eq!(field("status"), Some("200"));
    assert_eq!(field("attempts"), Some("3"));
    let duration: u64 = field("duration_ms").unwrap().parse().unwrap();
    assert!(duration < 10_000, "{duration}");
    assert_eq!(field("error"), None);

    let retries: Vec<_> = log
        .events
        .iter()
        .map(|e| (e.name.as_str(), e.fields["attempt"].as_str(), e.parent))
        .collect();
    assert_eq!(
        retries,
        [
            ("retrying after status 503", "1", Some(span_id)),
            ("retrying after status 429", "2", Some(span_id)),
        ]
    );
    assert!(log.events.iter().all(|e| e.fields.contains_key("wait_ms")));

    // ...and no subscriber saw them.
    let text = all_text(&log);
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(!text.contains("Basic "), "{text}");
}

#[tokio::test]
async fn a_failed_call_records_its_error_kind_and_attempts() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let port = common::closed_port();
    let client = HttpClient::new(
        Config::new(format!("http://127.0.0.1:{port}"))
            .retry(fast_retry(2))
            .credential("bearer", Credential::bearer(SECRETS[0])),
    )
    .unwrap();
    let error = client
        .execute::<E>(
            Request::new(Method::GET, format!("/x?token={}", SECRETS[2])).security(&[&["bearer"]]),
        )
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), Some(2));
    let log = recorder.log.lock().unwrap();
    let span = log.spans.values().next().unwrap();
    // No template: the path without its query.
    assert_eq!(span.fields["path_template"], "/x");
    assert_eq!(span.fields["operation_id"], "");
    assert_eq!(span.fields["error"], "transport");
    assert_eq!(span.fields["attempts"], "2");
    assert!(!span.fields.contains_key("status"));
    assert_eq!(log.events.len(), 1);
    assert_eq!(log.events[0].name, "retrying after a transport error");
    let text = all_text(&log);
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}
