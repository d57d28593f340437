//! Stage 3: IR to tokens. Every name and every decision comes from the IR:
//! emit only maps it, one file per concept ([`types`], [`operation`],
//! [`client`], [`pagination`]).
//!
//! Std items are written by their prelude names (`Option`, `String`,
//! `Result`, …) or, for `BTreeMap`, imported; lowering keeps those names
//! free by renaming schemas that have them (`ResultModel`). Other std
//! items are written by full path. The runtime's `serde`, `serde_json` and
//! `__private` are imported once at the top of the module, and its macros
//! write the serde impls of objects and the shared impls of enums. Fewer
//! tokens make generation faster (the output is re-parsed by syn) and the
//! code easier to read.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

mod client;
mod examples;
mod mock;
mod operation;
mod pagination;
mod types;

use crate::doc::doc_lines;
use crate::ir::*;
use crate::naming::needs_raw;

/// Emission settings.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate as generated code names it (`::apigen_runtime`).
    pub runtime: TokenStream,
    /// The path the module has in its crate (`checkout_clients::leanrails`),
    /// when known: the client, each operation and each stream method then
    /// get a `no_run` example that uses it.
    pub examples: Option<String>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime: quote!(::apigen_runtime),
            examples: None,
        }
    }
}

/// Which parts a module has besides its client and types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras<'a> {
    /// The `mock` module (behind the including crate's `mock` feature).
    pub mock: bool,
    /// See [`EmitOptions::examples`].
    pub examples: Option<&'a str>,
}

/// A slice of the module, emitted (and formatted) on its own so that large
/// APIs can use several threads. The split depends only on the API, so the
/// output is the same however many threads run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// The client, its builder and the error alias.
    Client,
    /// Params and response types of these operations.
    Operations(std::ops::Range<usize>),
    /// These types.
    Types(std::ops::Range<usize>),
    /// The `mock` module.
    Mock,
}

/// Items per part.
const PART_SIZE: usize = 256;

/// The parts of a module, in output order.
pub fn parts(api: &Api, extras: Extras<'_>) -> Vec<Part> {
    let mut parts = vec![Part::Client];
    let chunks = |n: usize| {
        (0..n)
            .step_by(PART_SIZE)
            .map(move |s| s..(s + PART_SIZE).min(n))
    };
    parts.extend(chunks(api.operations.len()).map(Part::Operations));
    parts.extend(chunks(api.types.len()).map(Part::Types));
    if extras.mock {
        parts.push(Part::Mock);
    }
    parts
}

/// Emits one part of the module.
pub fn emit_part(api: &Api, options: &EmitOptions, part: &Part) -> TokenStream {
    let e = Emitter {
        api,
        rt: options.runtime.clone(),
        examples: options.examples.as_deref(),
    };
    match part {
        Part::Client => e.client(),
        Part::Operations(range) => {
            let ops = api.operations[range.clone()]
                .iter()
                .map(|o| e.operation_types(o));
            quote!(#(#ops)*)
        }
        Part::Types(range) => {
            let types = api.types[range.clone()].iter().map(|t| e.type_def(t));
            quote!(#(#types)*)
        }
        Part::Mock => e.mock_module(),
    }
}

/// An identifier, raw when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines = doc_lines(text);
    let attrs = lines.iter().map(|l| {
        let l = format!(" {l}");
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

fn doc_str(text: &str) -> TokenStream {
    docs(Some(text))
}

/// Doc lines written by the generator itself (links and code spans intact).
/// Spec-provided names inside must be in code spans, backticks removed.
fn own_doc(text: &str) -> TokenStream {
    let attrs = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)*)
}

/// Generator-written text, then (after a blank line) spec text.
fn own_then_spec(own: &str, spec: Option<&str>) -> TokenStream {
    let own = own_doc(own);
    match spec {
        Some(spec) if !doc_lines(spec).is_empty() => {
            let spec = docs(Some(spec));
            quote!(#own #[doc = ""] #spec)
        }
        _ => own,
    }
}

/// A spec value shown in a code span.
fn code(value: &str) -> String {
    format!(
        "`{}`",
        crate::doc::visible(&value.replace('`', "'").replace('\n', " "))
    )
}

struct Emitter<'a> {
    api: &'a Api,
    rt: TokenStream,
    examples: Option<&'a str>,
}

impl Emitter<'_> {
    fn ty(&self, t: &TypeRef) -> TokenStream {
        match t {
            TypeRef::Named(n) => {
                let n = ident(n);
                quote!(#n)
            }
            TypeRef::String => quote!(String),
            TypeRef::Integer(IntKind::I32) => quote!(i32),
            TypeRef::Integer(IntKind::I64) => quote!(i64),
            TypeRef::Integer(IntKind::U64) => quote!(u64),
            TypeRef::Number => quote!(f64),
            TypeRef::Bool => quote!(bool),
            TypeRef::Json => quote!(serde_json::Value),
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner);
                quote!(Vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.ty(inner);
                quote!(BTreeMap<String, #inner>)
            }
            TypeRef::Boxed(inner) => {
                let inner = self.ty(inner);
                quote!(Box<#inner>)
            }
        }
    }
}
