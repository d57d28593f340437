//! The generated LeanRails and Yorlet clients (`checkout-clients`) against
//! wiremock servers: paging, error bodies, retries, timeouts, undecodable
//! bodies, authentication and version headers, parameter validation, secret
//! redaction, and lossless decoding of values and fields the specs do not
//! list.

#[path = "../support/mod.rs"]
mod support;

mod error_bodies;
mod headers;
mod hooks;

use headers::mount_ok;
use retries::slow_response;
mod lossless;
mod paging;
mod retries;
mod secrets;
mod undecodable;
mod validation;

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
