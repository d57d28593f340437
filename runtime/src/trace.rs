//! The `tracing` feature: a span per operation call, an event per retry.
//!
//! Fields hold the operation's name, method, path template, status, attempt
//! count and duration, never a URL, header, query or body: credentials and
//! secret headers cannot reach a subscriber through them.

use std::future::Future;
use std::time::{Duration, Instant};

use tracing::field::Empty;
use tracing::Instrument;

use crate::client::RetryReason;
use crate::error::Error;
use crate::request::Request;
use crate::response::Response;

/// Runs `execute` inside an `apigen.request` span and records the result.
pub(crate) async fn traced<E, F, Fut>(request: Request, execute: F) -> Result<Response, Error<E>>
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Result<Response, Error<E>>>,
{
    let (operation_id, path_template) = match request.operation {
        Some((id, template)) => (id, template.to_owned()),
        // No template: the path without any query (which may hold a key).
        None => (
            "",
            request
                .path
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_owned(),
        ),
    };
    let span = tracing::info_span!(
        "apigen.request",
        operation_id,
        method = %request.method,
        path_template = %path_template,
        status = Empty,
        attempts = Empty,
        duration_ms = Empty,
        error = Empty,
    );
    let started = Instant::now();
    let result = execute(request).instrument(span.clone()).await;
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &result {
        Ok(response) => {
            span.record("status", response.status.as_u16());
            span.record("attempts", response.attempts);
        }
        Err(error) => {
            span.record("attempts", error.attempts().unwrap_or(0));
            span.record("error", error_kind(error));
        }
    }
    result
}

/// An event in the current request span: attempt `attempt` failed and the
/// next one starts after `wait`.
pub(crate) fn retrying(attempt: u32, wait: Duration, reason: &RetryReason) {
    let wait_ms = wait.as_millis() as u64;
    match reason {
        RetryReason::Status(status) => tracing::warn!(
            attempt,
            wait_ms,
            status = status.as_u16(),
            "retrying after status {}",
            status.as_u16()
        ),
        RetryReason::Timeout => tracing::warn!(attempt, wait_ms, "retrying after a timeout"),
        RetryReason::Transport => {
            tracing::warn!(attempt, wait_ms, "retrying after a transport error")
        }
    }
}

/// The variant of an error, without its text (which may quote a body).
fn error_kind<E>(error: &Error<E>) -> &'static str {
    match error {
        Error::InvalidParam { .. } => "invalid_param",
        Error::Transport { .. } => "transport",
        Error::Timeout { .. } => "timeout",
        Error::Decode { .. } => "decode",
        Error::Api(_) => "api",
        Error::Pagination { .. } => "pagination",
        Error::Build(_) => "build",
        Error::MissingCredential { .. } => "missing_credential",
    }
}
