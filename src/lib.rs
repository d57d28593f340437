//! Integration tests and build-time generation for apigen.
