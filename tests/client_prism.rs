//! The generated LeanRails and Yorlet clients against Prism mock servers
//! built from the same specs (`specs/*.yaml`).
//!
//! Static mode: the requests the clients send pass Prism's request
//! validation (checked on the raw responses the client received, through a
//! recording proxy: no `sl-violations` header), and the example responses
//! decode. Dynamic mode (`-d`): hundreds of responses generated from the
//! schemas, with random values and extra properties, all decode.
//!
//! Prism is installed by `scripts/install-prism.sh` on first use (node and
//! npm are required; these tests fail, never skip, without them).

mod support;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use apigen_runtime::{HttpClient, Method, Request, RetryPolicy, StatusCode};
use checkout_clients::{leanrails, yorlet};
use futures::{stream, StreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use support::first_difference;
use support::prism::{Prism, RawResponse, TapProxy};

const LEANRAILS_SPEC: &str = "specs/leanrails.yaml";
const YORLET_SPEC: &str = "specs/yorlet.yaml";

/// Requests per spec in dynamic mode.
const DYNAMIC_REQUESTS: usize = 500;
/// Dynamic responses per spec also checked for a lossless re-encode.
const ROUND_TRIPS: usize = 100;
/// Requests in flight at once in dynamic mode.
const CONCURRENCY: usize = 16;

fn no_retry() -> RetryPolicy {
    RetryPolicy::none()
}

/// Fails unless every response passed Prism's validation.
fn assert_no_violations(responses: &[RawResponse], expected_count: usize, prism: &Prism) {
    assert_eq!(
        responses.len(),
        expected_count,
        "responses seen by the proxy: {responses:?}\nPrism log:\n{}",
        prism.log()
    );
    for response in responses {
        assert_eq!(
            response.header("sl-violations"),
            None,
            "Prism found the request invalid: {response:?}"
        );
        assert_eq!(response.status, 200, "{response:?}");
    }
}

// ---------------------------------------------------------------------------
// Static mode
// ---------------------------------------------------------------------------

#[tokio::test]
async fn leanrails_requests_pass_prism_validation_and_responses_decode() {
    let prism = Prism::start(LEANRAILS_SPEC, false);
    let tap = TapProxy::start(prism.addr()).await;
    let client = leanrails::Client::builder()
        .base_url(tap.base_url())
        .basic_auth("sk_test_123", None)
        .x_api_version("2024-06-20")
        .retry(no_retry())
        .build()
        .unwrap();
    use leanrails::{CheckoutSessionStatus, ListCheckoutSessionsParams};
    let calls = [
        ListCheckoutSessionsParams::default(),
        ListCheckoutSessionsParams {
            limit: Some(5),
            starting_after: Some("cs_xxx".into()),
            status: Some(CheckoutSessionStatus::Complete),
            ..Default::default()
        },
        ListCheckoutSessionsParams {
            x_api_version: Some("2025-01-15".into()),
            limit: Some(100),
            ending_before: Some("cs_xxx".into()),
            status: Some(CheckoutSessionStatus::Expired),
            ..Default::default()
        },
    ];

    for params in &calls {
        let list = client
            .list_checkout_sessions(params)
            .await
            .unwrap_or_else(|e| panic!("{params:?}: {e}\nPrism log:\n{}", prism.log()));
        assert_eq!(list.object, leanrails::CheckoutSessionListObject::List);
        assert_eq!(list.url, "/v1/checkout_sessions");
        let session = &list.data[0];
        assert_eq!(session.id, "cs_xxx");
        assert_eq!(session.created, 1234567890);
        assert_eq!(session.status, Some(CheckoutSessionStatus::Open));
        assert_eq!(session.mode, Some(leanrails::CheckoutSessionMode::Payment));
        assert_eq!(session.metadata, Some(Default::default()));
    }
    assert_no_violations(&tap.responses(), calls.len(), &prism);

    // The example page says `has_more` with the same `next_cursor` every
    // time: the stream pages once more, then stops on the repeated cursor.
    let params = ListCheckoutSessionsParams {
        limit: Some(2),
        ..Default::default()
    };
    let items: Vec<_> = client
        .list_checkout_sessions_stream(&params)
        .take(10)
        .collect()
        .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2]
        .iter()
        .all(|i| i.as_ref().unwrap().id == "cs_xxx"));
    assert!(
        matches!(items[2], Err(leanrails::Error::Pagination { .. })),
        "{:?}",
        items[2]
    );
    assert_no_violations(&tap.responses(), calls.len() + 2, &prism);
}

/// The check above can see a violation: an `X-API-Version` that is not a
/// date breaks the spec's pattern, Prism says so, and the client surfaces
/// Prism's 422 as a typed error.
#[tokio::test]
async fn leanrails_invalid_request_is_flagged_by_prism() {
    let prism = Prism::start(LEANRAILS_SPEC, false);
    let tap = TapProxy::start(prism.addr()).await;
    let client = leanrails::Client::builder()
        .base_url(tap.base_url())
        .basic_auth("sk_test_123", None)
        .x_api_version("June 2024")
        .retry(no_retry())
        .build()
        .unwrap();

    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();

    let api = err.api_error().unwrap_or_else(|| panic!("{err:?}"));
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(api.body.is_some(), "{}", api.snippet);
    let responses = tap.responses();
    assert_eq!(responses.len(), 1);
    let violations = responses[0]
        .header("sl-violations")
        .expect("Prism flags the request");
    assert!(violations.contains("x-api-version"), "{violations}");
}

#[tokio::test]
async fn leanrails_without_credentials_gets_a_typed_401() {
    let prism = Prism::start(LEANRAILS_SPEC, false);
    let client = leanrails::Client::builder()
        .base_url(prism.base_url())
        .retry(no_retry())
        .build()
        .unwrap();

    // The generated call refuses to send without the credential...
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, apigen_runtime::Error::MissingCredential { .. }),
        "{err:?}"
    );
    // ...and the same request sent anyway gets Prism's 401, typed.
    let response = client
        .http()
        .execute::<leanrails::ErrorModel>(apigen_runtime::Request::new(
            apigen_runtime::Method::GET,
            "/v1/checkout_sessions",
        ))
        .await
        .unwrap();
    let err: leanrails::Error = response.into_api_error();

    let leanrails::Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    let body = api.body.as_ref().expect("the 401 body decodes");
    assert!(body.error.message.is_some());
    let violations = api.header("sl-violations").expect("Prism explains the 401");
    assert!(violations.contains("security"), "{violations}");
}

#[tokio::test]
async fn yorlet_requests_pass_prism_validation_and_responses_decode() {
    let prism = Prism::start(YORLET_SPEC, false);
    let tap = TapProxy::start(prism.addr()).await;
    let client = yorlet::Client::builder()
        .base_url(tap.base_url())
        .bearer_auth("ylt_key_789")
        .yorlet_account("acct_123")
        .retry(no_retry())
        .build()
        .unwrap();
    let calls = [
        yorlet::ListCheckoutSessionsParams::default(),
        yorlet::ListCheckoutSessionsParams {
            yorlet_account: Some("acct_456".into()),
            yorlet_context: Some("ctx_789".into()),
        },
    ];

    for params in &calls {
        let list = client
            .list_checkout_sessions(params)
            .await
            .unwrap_or_else(|e| panic!("{params:?}: {e}\nPrism log:\n{}", prism.log()));
        assert_eq!(list.count, 1.0);
        assert!(!list.has_more);
        let session = &list.data[0];
        assert_eq!(session.created, 123);
        assert_eq!(session.currency, Some(yorlet::Currency::Gbp));
        let sub = session.subscription_data.as_ref().unwrap();
        assert_eq!(sub.days_before_collection, Some(3));
        assert_eq!(
            sub.end_date_config.as_ref().unwrap().month,
            Some(6),
            "nested examples decode"
        );
    }
    assert_no_violations(&tap.responses(), calls.len(), &prism);
}

#[tokio::test]
async fn yorlet_without_credentials_gets_a_typed_401() {
    let prism = Prism::start(YORLET_SPEC, false);
    let client = yorlet::Client::builder()
        .base_url(prism.base_url())
        .retry(no_retry())
        .build()
        .unwrap();

    // The generated call refuses to send without the credential...
    let err = client
        .list_checkout_sessions(&Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, apigen_runtime::Error::MissingCredential { .. }),
        "{err:?}"
    );
    // ...and the same request sent anyway gets Prism's 401, typed.
    let response = client
        .http()
        .execute::<yorlet::ErrorModel>(apigen_runtime::Request::new(
            apigen_runtime::Method::GET,
            "/v1/checkout_sessions",
        ))
        .await
        .unwrap();
    let err: yorlet::Error = response.into_api_error();

    let yorlet::Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
    assert!(api.body.is_some(), "the 401 body decodes: {}", api.snippet);
    let violations = api.header("sl-violations").expect("Prism explains the 401");
    assert!(violations.contains("security"), "{violations}");
}

// ---------------------------------------------------------------------------
// Dynamic mode
// ---------------------------------------------------------------------------

/// Outcome of many calls: how many decoded, the failures, distinct ids.
struct Tally {
    ok: usize,
    failures: Vec<String>,
    ids: HashSet<String>,
    items: usize,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            ok: 0,
            failures: Vec::new(),
            ids: HashSet::new(),
            items: 0,
        }
    }

    fn add<E: std::fmt::Display>(&mut self, result: Result<Vec<String>, E>) {
        match result {
            Ok(ids) => {
                self.ok += 1;
                self.items += ids.len();
                self.ids.extend(ids);
            }
            Err(e) => self.failures.push(e.to_string()),
        }
    }

    fn check(&self, name: &str, elapsed: Duration, prism: &Prism) {
        println!(
            "{name}: {} of {DYNAMIC_REQUESTS} dynamic responses decoded, {} failed \
             ({} sessions, {} distinct ids) in {elapsed:.1?}",
            self.ok,
            self.failures.len(),
            self.items,
            self.ids.len()
        );
        assert!(
            self.failures.is_empty(),
            "{name}: {} of {DYNAMIC_REQUESTS} responses failed; first ones: {:#?}\nPrism log:\n{}",
            self.failures.len(),
            &self.failures[..self.failures.len().min(5)],
            prism.log()
        );
        assert_eq!(self.ok, DYNAMIC_REQUESTS);
        // Random data, not one example over and over.
        assert!(self.ids.len() > 10, "only {} distinct ids", self.ids.len());
    }
}

/// Fetches `ROUND_TRIPS` dynamic responses with the client's own HTTP
/// engine (same base URL, credentials and decoder as the generated method)
/// and checks that decoding then re-encoding each gives back the raw JSON,
/// random extra properties included. Returns the failures.
async fn dynamic_round_trips<T: DeserializeOwned + Serialize>(
    http: &HttpClient,
    security: &'static [&'static [&'static str]],
) -> Vec<String> {
    stream::iter(0..ROUND_TRIPS)
        .map(|_| async move {
            let request = Request::new(Method::GET, "/v1/checkout_sessions").security(security);
            let response = http
                .execute::<Value>(request)
                .await
                .map_err(|e| e.to_string())?;
            if !response.is_success() {
                return Err(format!("status {}: {}", response.status, response.text()));
            }
            let raw: Value = serde_json::from_slice(&response.body).map_err(|e| e.to_string())?;
            let typed: T = response.json::<T, Value>().map_err(|e| e.to_string())?;
            let again = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
            match first_difference(&again, &raw) {
                None => Ok(()),
                Some(d) => Err(format!("re-encoding changed {d} (re-encoded vs received)")),
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter_map(|r| async move { r.err() })
        .collect()
        .await
}

fn check_round_trips(name: &str, failures: &[String]) {
    println!(
        "{name}: {} of {ROUND_TRIPS} dynamic responses re-encoded unchanged",
        ROUND_TRIPS - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{name}: {} of {ROUND_TRIPS} dynamic responses did not round-trip; first ones: {:#?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leanrails_dynamic_responses_all_decode() {
    let prism = Prism::start(LEANRAILS_SPEC, true);
    let client = leanrails::Client::builder()
        .base_url(prism.base_url())
        .basic_auth("sk_test_123", None)
        .timeout(Duration::from_secs(20))
        .retry(no_retry())
        .build()
        .unwrap();
    let params = leanrails::ListCheckoutSessionsParams {
        limit: Some(10),
        ..Default::default()
    };

    let started = Instant::now();
    let mut tally = Tally::new();
    let mut results = stream::iter(0..DYNAMIC_REQUESTS)
        .map(|_| {
            let client = client.clone();
            let params = params.clone();
            async move {
                let list = client.list_checkout_sessions(&params).await?;
                Ok::<_, leanrails::Error>(list.data.into_iter().map(|s| s.id).collect())
            }
        })
        .buffer_unordered(CONCURRENCY);
    while let Some(result) = results.next().await {
        tally.add(result);
    }

    tally.check("leanrails", started.elapsed(), &prism);

    let failures =
        dynamic_round_trips::<leanrails::CheckoutSessionList>(client.http(), &[&["basicAuth"]])
            .await;
    check_round_trips("leanrails", &failures);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yorlet_dynamic_responses_all_decode() {
    let prism = Prism::start(YORLET_SPEC, true);
    let client = yorlet::Client::builder()
        .base_url(prism.base_url())
        .bearer_auth("ylt_key_789")
        .timeout(Duration::from_secs(20))
        .retry(no_retry())
        .build()
        .unwrap();

    let started = Instant::now();
    let mut tally = Tally::new();
    let mut results = stream::iter(0..DYNAMIC_REQUESTS)
        .map(|_| {
            let client = client.clone();
            async move {
                let list = client.list_checkout_sessions(&Default::default()).await?;
                Ok::<_, yorlet::Error>(list.data.into_iter().map(|s| s.id).collect())
            }
        })
        .buffer_unordered(CONCURRENCY);
    while let Some(result) = results.next().await {
        tally.add(result);
    }

    tally.check("yorlet", started.elapsed(), &prism);

    let failures =
        dynamic_round_trips::<yorlet::CheckoutSessionList>(client.http(), &[&["bearerAuth"]]).await;
    check_round_trips("yorlet", &failures);
}
