//! The apigen workspace's own test harness.
//!
//! Its build script generates the checkout clients from `specs/` at build
//! time, exactly as a downstream crate would, and this library compiles them;
//! the integration tests in `tests/` check them against the checked-in
//! `generated/` crate, decode the seed fixtures, and drive the clients
//! against mock servers.
//!
//! `deny(missing_docs)` checks that every public item apigen generates is
//! documented, in the checkout clients and in every fixture module, and
//! `warn(clippy::pedantic)` on each generated module (an error under the
//! `-D warnings` of `scripts/check.sh`) that the generated code is clean
//! under clippy's pedantic lints.
#![deny(missing_docs)]

/// The `leanrails` client, generated at build time from `specs/leanrails.yaml`.
#[warn(clippy::pedantic)]
pub mod leanrails {
    include!(concat!(env!("OUT_DIR"), "/leanrails.rs"));
}

/// The `yorlet` client, generated at build time from `specs/yorlet.yaml`.
#[warn(clippy::pedantic)]
pub mod yorlet {
    include!(concat!(env!("OUT_DIR"), "/yorlet.rs"));
}

/// Modules generated from the one-feature specs in `tests/specs/`; their
/// snapshots are in `tests/snapshots/`.
#[warn(clippy::pedantic)]
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}

/// `tests/specs/scalars.yaml` generated with every typed scalar off
/// (`Builder::typed_scalars(false)`): its strings are `String`s.
#[doc(hidden)]
#[warn(clippy::pedantic)]
pub mod fixtures_plain {
    /// The typed-scalar fixture, plain.
    pub mod scalars {
        include!(concat!(env!("OUT_DIR"), "/plain/scalars.rs"));
    }
}

/// The `pulls` tag and the `meta/get` operation of `tests/specs/tags.yaml`
/// (a selection: only those operations and the types they reach).
#[doc(hidden)]
#[warn(clippy::pedantic)]
pub mod selected_tags {
    include!(concat!(env!("OUT_DIR"), "/selected/tags.rs"));
}
