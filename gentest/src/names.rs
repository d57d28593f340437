//! Names and text: the awkward spellings a generator must survive.
//!
//! Every pool mixes Rust keywords, prelude and std names, the generator's own
//! names (`Client`, `extra`, `…Params`), spellings that collide after case
//! conversion, leading digits, punctuation and Unicode, with plain random
//! identifiers so that documents are not made of the pool alone.

use proptest::prelude::*;

/// Rust keywords, strict and reserved, and the four that cannot be raw.
pub const KEYWORDS: &[&str] = &[
    "type", "self", "Self", "crate", "super", "fn", "match", "async", "await", "dyn", "impl",
    "mod", "move", "ref", "return", "static", "struct", "trait", "true", "false", "use", "where",
    "while", "loop", "in", "let", "mut", "pub", "unsafe", "enum", "extern", "const", "abstract",
    "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof", "unsized",
    "virtual", "yield", "gen", "union", "_",
];

/// Prelude, std and dependency names, and names the generator writes itself.
pub const STD_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "BTreeMap",
    "HashMap",
    "Client",
    "ClientBuilder",
    "Error",
    "Default",
    "From",
    "Into",
    "Iterator",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Clone",
    "Debug",
    "Display",
    "Value",
    "Unknown",
    "Other",
    "Params",
    "Serialize",
    "Deserialize",
    "Stream",
    "Future",
    "Body",
    "Response",
    "Request",
    "Map",
    "str",
    "u8",
    "i64",
    "f64",
    "bool",
    "usize",
    "Object",
    "Enum",
    "core",
    "std",
    "alloc",
    "serde",
    "apigen_runtime",
    "__private",
];

/// Groups of names that become one identifier after case conversion.
pub const COLLISIONS: &[&str] = &[
    "fooBar",
    "foo_bar",
    "foo-bar",
    "FOO_BAR",
    "FooBar",
    "foo.bar",
    "Foo_Bar",
    "foo__bar",
    "foobar",
    "id",
    "ID",
    "Id",
    "iD",
    "getThing",
    "get_thing",
    "GetThing",
    "ListThingsParams",
    "list_things_params",
];

/// Leading digits, punctuation, empty and odd names (for properties and queries).
pub const ODD_NAMES: &[&str] = &[
    "2fa",
    "3D",
    "100",
    "0",
    "-",
    "--",
    "__",
    "a",
    "A",
    "x-foo",
    "a.b",
    "a/b",
    "a b",
    "@type",
    "$type",
    "+1",
    "-1",
    "ok",
    "err",
    "extra",
    "r#type",
    "self_",
    "type_",
    "_self",
    "é",
    "日本",
    "日本語",
    "🎉",
    "a\u{200b}b",
    "\u{202e}rtl",
    "Ünïcödé",
    "naïve",
    "ß",
    "ǅ",
    "x\ty",
    "",
];

/// Component keys must match `^[a-zA-Z0-9.\-_]+$` (OpenAPI 3.0, Components Object).
fn component_safe(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// HTTP header and cookie names are tokens (RFC 9110).
fn token_safe(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// A path parameter name must fit in `{…}` within one path segment.
fn template_safe(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| matches!(c, '{' | '}' | '/' | '?' | '#' | '%') || c.is_control())
}

fn pool(filter: fn(&str) -> bool) -> Vec<String> {
    KEYWORDS
        .iter()
        .chain(STD_NAMES)
        .chain(COLLISIONS)
        .chain(ODD_NAMES)
        .filter(|n| filter(n))
        .map(|n| (*n).to_owned())
        .collect()
}

fn from_pool(filter: fn(&str) -> bool, random: &'static str) -> BoxedStrategy<String> {
    let names = pool(filter);
    prop_oneof![
        3 => proptest::sample::select(names),
        1 => proptest::string::string_regex(random).expect("a valid regex"),
    ]
    .boxed()
}

/// A key of `components/schemas` (or of security schemes).
pub fn component_name() -> BoxedStrategy<String> {
    from_pool(component_safe, "[a-zA-Z][a-zA-Z0-9_]{0,12}")
}

/// A property name: anything a JSON key can be.
pub fn property_name() -> BoxedStrategy<String> {
    from_pool(|_| true, "[a-z][a-zA-Z0-9_-]{0,10}")
}

/// A query parameter name.
pub fn query_name() -> BoxedStrategy<String> {
    from_pool(|n| !n.is_empty(), "[a-z][a-zA-Z0-9_.-]{0,10}")
}

/// A header or cookie name.
pub fn token_name() -> BoxedStrategy<String> {
    from_pool(token_safe, "[A-Za-z][A-Za-z0-9-]{0,10}")
}

/// A path parameter name.
pub fn path_param_name() -> BoxedStrategy<String> {
    from_pool(template_safe, "[a-z][a-zA-Z0-9_]{0,8}")
}

/// An operationId (uniqueness is the document's job).
pub fn operation_id() -> BoxedStrategy<String> {
    from_pool(|n| !n.is_empty(), "[a-z][a-zA-Z0-9_]{0,14}")
}

/// A literal path segment.
pub fn path_segment() -> BoxedStrategy<String> {
    prop_oneof![
        3 => proptest::string::string_regex("[a-z][a-z0-9_-]{0,8}").expect("a valid regex"),
        1 => proptest::sample::select(vec![
            "v1", "type", "self", "Self", "日本", "é", "a.b", "~user", "1", "a b", "fooBar",
            "foo-bar", "$metadata", "a:b", "@me",
        ])
        .prop_map(str::to_owned),
    ]
    .boxed()
}

/// String enum values, including duplicates' raw material.
pub fn enum_value() -> BoxedStrategy<String> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            "", "ok", "err", "Ok", "Err", "+1", "-1", "1", "0", "1.5", "fooBar", "foo_bar",
            "foo-bar", "FOO_BAR", "Self", "self", "type", "None", "Some", "Unknown", "unknown",
            "Other", "as_str", "from", "日本", "é", "🎉", "a b", "a/b", " ", "_", "-", "null",
            "true", "\u{202e}", "a\u{200b}b",
        ])
        .prop_map(str::to_owned),
        1 => proptest::string::string_regex("[a-z][a-z0-9_]{0,8}").expect("a valid regex"),
    ]
    .boxed()
}

/// Description text: Markdown, HTML, code fences, comment terminators,
/// bidi and zero-width characters.
pub fn description() -> BoxedStrategy<String> {
    let pieces = vec![
        "Plain words.",
        "*/ /* not a comment",
        "```\nlet x = 1;\nassert!(false);\n```",
        "```rust\nfn main() { panic!() }\n```",
        "    indented code block\n    panic!()",
        "<b>bold</b> <br> <p>para</p> <unknown-tag>",
        "&amp; &lt; &gt; &nbsp;",
        "[link](http://example.com) [not a link] [^1]",
        "http://example.com/bare?x=1&y=2",
        "<http://example.com>",
        "\u{202e}reversed\u{202c} \u{2066}isolate\u{2069}",
        "zero\u{200b}width\u{feff}",
        "é 日本 🎉 Ünïcödé",
        "# Heading\n\n- list\n- items",
        "`unclosed backtick",
        "\\ backslash \\n",
        "\"quotes\" and 'apostrophes'",
        "tab\tand\r\nCRLF",
        "{braces} #hash $dollar",
        "Line one\n\nLine two",
        "",
        "#[doc = \"x\"] //! inner",
        "<!-- html comment -->",
        "| a | b |\n|---|---|\n| 1 | 2 |",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 1..4)
        .prop_map(|parts| parts.join(" "))
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_keep_component_keys_and_tokens_valid() {
        assert!(pool(component_safe).iter().all(|n| component_safe(n)));
        assert!(!pool(component_safe).contains(&"a b".to_owned()));
        assert!(pool(token_safe).contains(&"foo-bar".to_owned()));
        assert!(!pool(template_safe).contains(&"a/b".to_owned()));
    }
}
