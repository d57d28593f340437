//! Generative compile testing for apigen: random valid OpenAPI 3.0
//! documents (proptest strategies), generated and compiled in batches with
//! `cargo clippy -- -D warnings`; failing documents are found, grouped into
//! classes and shrunk to minimal specs.
//!
//! - [`names`]: awkward names and text; [`schema`]: every schema construct;
//!   [`operation`]: parameters, bodies, responses, security;
//!   [`document`]: whole documents; [`exclude`]: constructs left out of the
//!   everyday run because of known bugs.
//! - [`harness`]: generation and the batch crate; [`validate`] and
//!   [`shrink`]: minimal failing documents; [`run`]: the whole run.
//!
//! The everyday run is `tests/everyday.rs`; the long run is
//! `scripts/generative.sh [CASES] [SEED]`.

pub mod document;
pub mod exclude;
pub mod harness;
pub mod names;
pub mod operation;
pub mod run;
pub mod schema;
pub mod shrink;
pub mod validate;
