//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod raw;
pub mod wire;

use std::time::Duration;

use apigen_runtime::{Config, HttpClient, RetryPolicy};
use wiremock::MockServer;

/// The error body type the tests decode into.
pub type E = serde_json::Value;

/// A retry policy with 10 ms backoffs and no jitter.
pub fn fast_retry(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        jitter: false,
        max_retry_after: Duration::from_secs(5),
    }
}

/// A config for `server` with fast retries.
pub fn config(server: &MockServer) -> Config {
    Config::new(server.uri()).retry(fast_retry(3))
}

/// A client for `server`, with `f` applied to the default test config.
pub fn client(server: &MockServer, f: impl FnOnce(Config) -> Config) -> HttpClient {
    HttpClient::new(f(config(server))).expect("valid config")
}

/// The requests `server` has received.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording enabled")
}

/// A `127.0.0.1` port nothing listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}
