//! Runtime support shared by clients that apigen generates.

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
