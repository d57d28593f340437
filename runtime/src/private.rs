//! Support for generated code. Not a public API: items here may change in any release.
