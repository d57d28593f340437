//! Support for generated code. Not a public API: items here may change in any release.
//!
//! - [`object!`](crate::__object) and the field [`kind`]s: serde impls of
//!   generated object types (`object.rs`);
//! - [`open_enum!`](crate::__open_enum): impls of open string enums
//!   (`enums.rs`);
//! - [`Num`]: whole `f64` numbers written as integers (`numbers.rs`);
//! - [`check_range`], [`check_len`]: parameter checks (`checks.rs`);
//! - [`json_body`], [`form_body_with`], [`multipart_body`]: request bodies
//!   (`bodies.rs`);
//! - `example`: example values from their JSON (`example.rs`);
//! - `conformance`: what `apigen conformance` records of a call;
//!
//! Parameters are written by [`crate::Request::query_param`],
//! [`crate::Request::cookie`], [`crate::encode_path_param`] and
//! [`crate::encode_header_value`].

mod bodies;
mod checks;
pub mod conformance;
mod enums;
mod example;
mod numbers;
mod object;
mod read;
mod status;
mod write;

pub use bodies::{form_body_with, json_body, multipart_body, MULTIPART_BOUNDARY};
pub use checks::{check_len, check_range, CheckedNumber};
pub use enums::{open_enum, EnumVisitor};
pub use example::example;
pub use numbers::{Num, Numbers};
pub use object::{kind, object, FromMap, Key, ObjectVisitor};
pub use read::{read_map, remember_null, Field, FieldSlot, NullValue, State};
pub use status::declared_status;
pub use write::{write_object, NumOut, Out};
