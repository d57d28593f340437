//! Every identifier the generator emits is decided here.
//!
//! Names from the spec are converted with heck, made valid (keywords, leading
//! digits, punctuation, non-ASCII, empty names), and then claimed in a
//! [`Scope`] so that names colliding after conversion are resolved the same
//! way on every run: the first to claim keeps the name, later ones get a
//! numeric suffix.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The names the generator introduces itself. Lowering claims them before
/// any name from the spec, and emit writes exactly these, so the two cannot
/// drift (the emit tests compare what is written with these lists).
pub mod generated {
    /// The client type.
    pub const CLIENT: &str = "Client";
    /// The client builder type.
    pub const CLIENT_BUILDER: &str = "ClientBuilder";
    /// The module's error alias.
    pub const ERROR: &str = "Error";
    /// Suffix of an operation's parameters type (`ListItemsParams`).
    pub const PARAMS_SUFFIX: &str = "Params";
    /// Suffix of an inline request body type (`CreateItemBody`).
    pub const BODY_SUFFIX: &str = "Body";
    /// Suffix of an operation's success-response enum (`GetItemResponse`).
    pub const RESPONSE_SUFFIX: &str = "Response";
    /// Suffix of an operation's union of error bodies (`GetItemErrorBody`).
    pub const ERROR_BODY_SUFFIX: &str = "ErrorBody";
    /// Suffix of a pagination stream method (`list_items_stream`).
    pub const STREAM_SUFFIX: &str = "_stream";
    /// Suffix of a schema whose name is taken by the generator or std (`ResultModel`).
    pub const MODEL_SUFFIX: &str = "Model";
    /// Suffix of the inline value type of a named alias (`TagsValue`).
    pub const VALUE_SUFFIX: &str = "Value";
    /// Names of an open enum's catch-all variant, first free one wins.
    pub const ENUM_UNKNOWN: &[&str] = &["Unknown", "UnknownValue", "Other"];
    /// Names of a union's catch-all variant.
    pub const UNION_FALLBACK: &[&str] = &["Unknown", "Other"];
    /// Names of the catch-all variant of an operation's error-body union.
    pub const ERROR_FALLBACK: &[&str] = &["Other", "Unknown"];
    /// Names of the map field that keeps unknown properties.
    pub const EXTRA_FIELD: &[&str] = &["extra", "extra_fields", "additional_properties"];

    /// Names the generated module defines besides the spec's types, and the
    /// std names its code uses unqualified: a schema of one of these names
    /// gets a [`MODEL_SUFFIX`] (`Result` → `ResultModel`).
    pub const RESERVED_TYPE_NAMES: &[&str] = &[
        CLIENT,
        CLIENT_BUILDER,
        ERROR,
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
    ];

    /// Builder methods every client has; security and header setters avoid
    /// them. `credential` is kept free as well: it is the runtime's name
    /// (`Config::credential`) for what those setters do.
    pub const BUILDER_METHODS: &[&str] = &[
        "base_url",
        "credential",
        "default_header",
        "timeout",
        "connect_timeout",
        "retry",
        "user_agent",
        "hook",
        "http_client",
        "build",
    ];

    /// Methods of the generated `mock::MockServer` besides one per operation;
    /// operation names avoid them (whether or not mocks are generated, so
    /// that turning mocks on renames nothing).
    pub const MOCK_METHODS: &[&str] = &["start", "uri", "client_builder", "runtime"];

    /// The expectation type of an operation in the `mock` module:
    /// `ListItemsParams` → `ListItemsMock`. Params type names are unique and
    /// share the suffix, so these are unique too.
    pub fn mock_type(params_type: &str) -> String {
        let base = params_type
            .strip_suffix(PARAMS_SUFFIX)
            .unwrap_or(params_type);
        format!("{base}Mock")
    }

    /// Methods (and associated items) every client has; operation names avoid them.
    pub const CLIENT_METHODS: &[&str] = &["new", "builder", "from_config", "http", "clone"];
}

/// Rust keywords (2021 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Whether `name` must be written `r#name`.
pub fn needs_raw(name: &str) -> bool {
    KEYWORDS.contains(&name) && !NOT_RAW.contains(&name)
}

/// Spells symbols that carry meaning in enum values (`+1`, `-1`, `*`).
fn spell_symbols(raw: &str) -> String {
    let mut out = String::new();
    for (i, c) in raw.chars().enumerate() {
        let word = match c {
            '+' => Some("plus"),
            '-' if i == 0 => Some("minus"),
            '*' => Some("star"),
            '<' => Some("lt"),
            '>' => Some("gt"),
            '=' => Some("eq"),
            '!' => Some("not"),
            '@' => Some("at"),
            '#' => Some("hash"),
            '$' => Some("dollar"),
            '%' => Some("percent"),
            '&' => Some("and"),
            '|' => Some("or"),
            '~' => Some("tilde"),
            '^' => Some("caret"),
            '?' => Some("question"),
            _ => None,
        };
        match word {
            Some(w) => {
                out.push(' ');
                out.push_str(w);
                out.push(' ');
            }
            None => out.push(c),
        }
    }
    out
}

/// Replaces anything that is not ASCII alphanumeric by a word separator;
/// non-ASCII letters become `uXXXX` so distinct names stay distinct.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_ascii() {
            out.push(' ');
        } else {
            out.push_str(&format!(" u{:04x} ", c as u32));
        }
    }
    out
}

fn words(raw: &str, symbols: bool) -> String {
    let spelled = if symbols {
        spell_symbols(raw)
    } else {
        raw.to_owned()
    };
    ascii_words(&spelled)
}

/// A type name (`PascalCase`) for a schema or other item. Always a valid identifier.
pub fn type_name(raw: &str) -> String {
    pascal(&words(raw, false), "T", "Unnamed")
}

/// An enum variant name for a string value (`+1` → `Plus1`, `""` → `Empty`).
pub fn variant_name(raw: &str) -> String {
    pascal(&words(raw, true), "V", "Empty")
}

fn pascal(words: &str, digit_prefix: &str, empty: &str) -> String {
    let mut name = words.to_upper_camel_case();
    if name.is_empty() {
        name = empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if name == "Self" {
        name.push_str("Type");
    }
    name
}

/// A field, parameter or function name (`snake_case`). Keywords are returned
/// as they are (emit writes them raw, see [`needs_raw`]), except those that
/// cannot be raw, which get a trailing `_`.
pub fn field_name(raw: &str) -> String {
    let mut name = words(raw, true).to_snake_case();
    if name.is_empty() {
        name = "field".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// A set of names already taken in one namespace (a module, a struct's
/// fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope where `names` are already taken.
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Scope {
            taken: names.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Whether a name is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `base`, or `base2`, `base3`, … if taken. `sep` goes between the
    /// base and the number (`"_"` for snake case, `""` for Pascal case).
    /// A base that already ends with the separator (`self_`, the spelling
    /// of `self`) is not given a second one: `self_2`, not `self__2`, which
    /// would not be snake case.
    pub fn claim(&mut self, base: &str, sep: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        let sep = if !sep.is_empty() && base.ends_with(sep) {
            ""
        } else {
            sep
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }

    /// Claims the first free name among `candidates`, falling back to numbering the first.
    pub fn claim_first(&mut self, candidates: &[&str], sep: &str) -> String {
        for c in candidates {
            if self.taken.insert((*c).to_owned()) {
                return (*c).to_owned();
            }
        }
        self.claim(candidates[0], sep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("checkout.session"), "CheckoutSession");
        assert_eq!(type_name("customer_details"), "CustomerDetails");
        assert_eq!(type_name("2fa-config"), "T2faConfig");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("self"), "SelfType");
        assert_eq!(type_name("café"), "CafU00e9");
    }

    #[test]
    fn variant_names_spell_symbols() {
        assert_eq!(variant_name("+1"), "Plus1");
        assert_eq!(variant_name("-1"), "Minus1");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("checkout.session"), "CheckoutSession");
        assert_eq!(variant_name("no_payment_required"), "NoPaymentRequired");
        assert_eq!(variant_name("2xx"), "V2xx");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("X-API-Version"), "x_api_version");
        assert_eq!(field_name("fooBar"), "foo_bar");
        assert_eq!(field_name("type"), "type");
        assert!(needs_raw("type"));
        assert_eq!(field_name("self"), "self_");
        assert!(!needs_raw("self_"));
        assert_eq!(field_name("3d"), "n3d");
        assert_eq!(field_name("$"), "dollar");
        assert_eq!(field_name("@"), "at");
        assert_eq!(field_name(""), "field");
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut scope = Scope::new();
        let names: Vec<String> = ["foo_bar", "fooBar", "foo-bar"]
            .iter()
            .map(|raw| scope.claim(&field_name(raw), "_"))
            .collect();
        assert_eq!(names, ["foo_bar", "foo_bar_2", "foo_bar_3"]);
    }

    /// Every spelling in one table: (raw name, field name, type name).
    #[test]
    fn identifier_table() {
        let table = [
            ("type", "type", "Type"),
            ("self", "self_", "SelfType"),
            ("Self", "self_", "SelfType"),
            ("crate", "crate_", "Crate"),
            ("super", "super_", "Super"),
            ("_", "field", "Unnamed"),
            ("fooBar", "foo_bar", "FooBar"),
            ("foo-bar", "foo_bar", "FooBar"),
            ("FOO_BAR", "foo_bar", "FooBar"),
            ("2fa", "n2fa", "T2fa"),
            ("ünïcode", "u00fc_n_u00ef_code", "U00fcNU00efCode"),
            ("a.b/c", "a_b_c", "ABC"),
            ("", "field", "Unnamed"),
        ];
        for (raw, field, ty) in table {
            assert_eq!(field_name(raw), field, "field name of {raw:?}");
            assert_eq!(type_name(raw), ty, "type name of {raw:?}");
            assert!(is_snake_case(&field_name(raw)), "{raw:?}");
        }
    }

    /// rustc's `non_snake_case` rule: lower case, digits and single `_`
    /// between words.
    fn is_snake_case(name: &str) -> bool {
        !name.contains("__")
            && name
                .trim_end_matches('_')
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }

    #[test]
    fn collisions_stay_snake_case() {
        let mut scope = Scope::new();
        let names: Vec<String> = ["self", "Self", "self_", "crate", "Crate"]
            .iter()
            .map(|raw| scope.claim(&field_name(raw), "_"))
            .collect();
        assert_eq!(names, ["self_", "self_2", "self_3", "crate_", "crate_2"]);
        assert!(names.iter().all(|n| is_snake_case(n)), "{names:?}");
    }

    #[test]
    fn generated_names_are_reserved_type_names() {
        for name in [
            generated::CLIENT,
            generated::CLIENT_BUILDER,
            generated::ERROR,
        ] {
            assert!(generated::RESERVED_TYPE_NAMES.contains(&name), "{name}");
        }
    }

    #[test]
    fn claim_first_takes_a_free_candidate() {
        let mut scope = Scope::with_reserved(["Unknown"]);
        assert_eq!(scope.claim_first(&["Unknown", "Other"], ""), "Other");
        assert_eq!(scope.claim_first(&["Unknown", "Other"], ""), "Unknown2");
    }
}

/// A cargo feature name for a tag: lower case, each run of other
/// characters than letters and digits one `-` (`Code Scanning` →
/// `code-scanning`), `prefix` in front.
pub fn feature_name(prefix: &str, tag: &str) -> String {
    let mut name = String::new();
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    while name.ends_with('-') {
        name.pop();
    }
    if name.is_empty() {
        name.push_str("tag");
    }
    format!("{prefix}{name}")
}

#[cfg(test)]
mod feature_name_tests {
    use super::feature_name;

    #[test]
    fn tags_become_cargo_feature_names() {
        assert_eq!(feature_name("", "issues"), "issues");
        assert_eq!(feature_name("", "Code Scanning"), "code-scanning");
        assert_eq!(feature_name("", "  Äpfel & Birnen! "), "pfel-birnen");
        assert_eq!(feature_name("", "---"), "tag");
        assert_eq!(feature_name("gh-", "Repos/Pages"), "gh-repos-pages");
    }
}
