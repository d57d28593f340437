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
mod doc_examples;
mod driver;
mod examples;
mod mock;
mod operation;
mod pagination;
mod respond;
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
    pub doc_examples: Option<String>,
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            runtime: quote!(::apigen_runtime),
            doc_examples: None,
        }
    }
}

/// Which parts a module has besides its client and types.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extras<'a> {
    /// The `mock` module (behind the including crate's `mock` feature).
    pub mock: bool,
    /// See [`EmitOptions::doc_examples`].
    pub doc_examples: Option<&'a str>,
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
    /// The example values (when the API has them).
    Examples,
    /// The conformance driver.
    Driver,
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
    if api.examples.is_some() {
        parts.push(Part::Examples);
        if api.conformance_driver {
            parts.push(Part::Driver);
        }
    }
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
        doc_examples: options.doc_examples.as_deref(),
    };
    match part {
        Part::Client => e.client(),
        Part::Operations(range) => {
            let ops = api.operations[range.clone()]
                .iter()
                .map(|o| gate(e.operation_types(o), &o.features));
            quote!(#(#ops)*)
        }
        Part::Types(range) => {
            let types = api.types[range.clone()]
                .iter()
                .map(|t| gate(e.type_def(t), &t.features));
            quote!(#(#types)*)
        }
        Part::Examples => e.examples(),
        Part::Driver => e.driver(),
        Part::Mock => e.mock_module(),
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", …))]` for several;
/// nothing for none.
fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Items behind `cfg(features)`: the attribute on each item (a struct and
/// its impls and macro calls alike).
fn gate(items: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return items;
    }
    let Ok(mut file) = syn::parse2::<syn::File>(items.clone()) else {
        // Not parsed here: format reports it.
        return items;
    };
    let attr: syn::Attribute = match features {
        [one] => syn::parse_quote!(#[cfg(feature = #one)]),
        many => syn::parse_quote!(#[cfg(any(#(feature = #many),*))]),
    };
    for item in &mut file.items {
        let attrs = match item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Macro(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Union(i) => &mut i.attrs,
            _ => continue,
        };
        attrs.insert(0, attr.clone());
    }
    quote!(#file)
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
    // Spec text stays as the provider wrote it (see `doc::flagged_by_doc_markdown`).
    let allow = if crate::doc::flagged_by_doc_markdown(&lines) {
        quote!(#[allow(clippy::doc_markdown)])
    } else {
        quote!()
    };
    quote!(#(#attrs)* #allow)
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

/// A numeric literal with `_` between groups of three digits in its integer
/// and fraction parts (`10_000_000_000f64`, `0.123_456`): pedantic's
/// `unreadable_literal`. `literal` is a literal as proc-macro2 writes it.
pub(crate) fn readable_number(literal: &proc_macro2::Literal) -> TokenStream {
    let text = literal.to_string();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let digits_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, tail) = rest.split_at(digits_end);
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (number, None),
    };
    let group = |digits: &str, from_left: bool| -> String {
        if digits.len() <= 4 {
            return digits.to_owned();
        }
        // Groups of three from the decimal point outwards.
        let mut chars: Vec<char> = digits.chars().collect();
        if !from_left {
            chars.reverse();
        }
        let mut out: Vec<char> = chars.chunks(3).collect::<Vec<_>>().join(&'_');
        if !from_left {
            out.reverse();
        }
        out.into_iter().collect()
    };
    let mut out = format!("{sign}{}", group(int, false));
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(&group(frac, true));
    }
    out.push_str(tail);
    out.parse().unwrap_or_else(|_| quote!(#literal))
}

/// A spec value shown in a code span (the empty string as `""`).
pub(crate) fn code(value: &str) -> String {
    if value.is_empty() {
        return "`\"\"`".to_owned();
    }
    format!(
        "`{}`",
        crate::doc::visible(&value.replace('`', "'").replace('\n', " "))
    )
}

struct Emitter<'a> {
    api: &'a Api,
    rt: TokenStream,
    /// The module's path in its crate, for `no_run` doc examples.
    doc_examples: Option<&'a str>,
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
            TypeRef::Scalar(s) => {
                let s = quote::format_ident!("{}", s.rust_name());
                quote!(scalar::#s)
            }
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
            TypeRef::Option(inner) => {
                let inner = self.ty(inner);
                quote!(Option<#inner>)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::Literal;

    #[test]
    fn long_numbers_are_grouped() {
        let text = |l: Literal| super::readable_number(&l).to_string().replace(' ', "");
        assert_eq!(text(Literal::f64_suffixed(1e10)), "10_000_000_000f64");
        assert_eq!(text(Literal::f64_suffixed(100.0)), "100f64");
        assert_eq!(text(Literal::f64_suffixed(-12345.0)), "-12_345f64");
        assert_eq!(text(Literal::f64_unsuffixed(0.123456)), "0.123_456");
        assert_eq!(
            text(Literal::i64_unsuffixed(1_700_000_000)),
            "1_700_000_000"
        );
        assert_eq!(
            text(Literal::f64_unsuffixed(1e20)),
            "100_000_000_000_000_000_000.0"
        );
    }
}
