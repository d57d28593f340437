//! Runtime support shared by clients that apigen generates.
//!
//! A generated client module holds an [`HttpClient`] (built from a [`Config`]),
//! turns every operation call into a [`Request`], sends it with
//! [`HttpClient::execute`] and maps the returned [`Response`] by status into a
//! typed value, or into an [`Error`] whose [`ApiError`] carries the provider's
//! decoded error body.
//!
//! The runtime takes care of everything that is the same for every API:
//!
//! - one wire encoder for every parameter style and location, and for form
//!   bodies ([`Style`], [`Request::query_param`], [`Request::cookie`],
//!   [`encode_path_param`], [`encode_header_value`], [`Request::form`]);
//! - authentication chosen from the operation's security requirements
//!   ([`Credential`], [`Request::security`]);
//! - retries of idempotent requests with exponential backoff and `Retry-After`
//!   support ([`RetryPolicy`]);
//! - [`Hook`]s that see and change every attempt, and with the `tracing`
//!   feature a span per call;
//! - typed errors that never leak credentials ([`Error`], [`Secret`]);
//! - cursor pagination as a lazy [`futures::Stream`] ([`paginate`]);
//! - typed scalars for string formats ([`scalar`]: date-times, dates, UUIDs,
//!   URLs, base64 bytes), with the crates they come from re-exported
//!   ([`chrono`], [`uuid`], [`url`], [`bytes`]);
//! - files of multipart bodies ([`FilePart`]: bytes, file name, content type).
//!
//! ```no_run
//! use apigen_runtime::{Config, Credential, HttpClient, Method, Request};
//!
//! # async fn demo() -> Result<(), apigen_runtime::Error<serde_json::Value>> {
//! let client = HttpClient::new(
//!     Config::new("https://api.example.com/v1")
//!         .credential("bearerAuth", Credential::bearer("token")),
//! )?;
//! let response = client
//!     .execute::<serde_json::Value>(
//!         Request::new(Method::GET, "/widgets")
//!             .query("limit", 10)
//!             .security(&[&["bearerAuth"]]),
//!     )
//!     .await?;
//! let widgets: serde_json::Value = response.json()?;
//! # let _ = widgets;
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! `tracing` (off by default): every [`HttpClient::execute`] call, so every
//! operation call of a generated client, runs in an `apigen.request` span at
//! `INFO` level with the fields `operation_id`, `method`, `path_template`
//! (`/v1/items/{id}`, not the concrete path), and, when it ends, `status`,
//! `attempts`, `duration_ms` (or `error`: `transport`, `timeout`,
//! `invalid_param`, …). Each retry is a `WARN` event inside it with
//! `attempt`, `wait_ms` and, after an error status, `status`. No field holds
//! a URL, a header, a query, a body or a credential.
//!
//! ```toml
//! apigen-runtime = { version = "0.1", features = ["tracing"] }
//! ```
//!
//! `mock` (off by default): the `mock` module, wiremock servers whose expectations
//! are typed requests, which the `mock` module of generated code builds on.

#![warn(missing_docs)]

mod auth;
mod call;
mod client;
mod config;
mod error;
mod file;
mod hook;
#[cfg(feature = "mock")]
pub mod mock;
mod pagination;
mod request;
mod response;
pub mod scalar;
#[cfg(feature = "tracing")]
mod trace;
mod wire;

pub use bytes;
pub use chrono;
pub use futures;
pub use reqwest;
pub use reqwest::{header::HeaderMap, Method, StatusCode};
pub use serde;
pub use serde_json;
pub use url;
pub use uuid;

pub use auth::{ApiKeyLocation, Credential, Secret};
pub use call::{Call, Decode};
pub use client::HttpClient;
pub use config::{Config, RetryPolicy, DEFAULT_USER_AGENT};
pub use error::{body_snippet, ApiError, BuildError, Error, SNIPPET_LIMIT};
pub use file::FilePart;
pub use hook::{Attempt, Hook, Outcome};
pub use pagination::{paginate, Direction, Page};
pub use request::Request;
pub use response::{parse_retry_after, Response};
pub use wire::{
    encode_header_value, encode_path_param, encode_path_segment, encode_query_component, Style,
};

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;
