use super::*;

fn changes(old: &str, new: &str) -> Vec<(Impact, String, String)> {
    compare_code(old, new)
        .unwrap()
        .into_iter()
        .map(|c| (c.impact, c.item, c.what))
        .collect()
}

#[test]
fn fields_variants_and_methods() {
    let old = "
        pub struct A { pub x: i64, pub y: Option<String>, pub z: String, pub gone: bool, extra: u8 }
        #[non_exhaustive] pub enum Open { A, B, Unknown(String) }
        pub enum Closed { A }
        pub struct Client;
        impl Client { pub async fn list(&self, p: &P) -> Result<A, Error> { todo!() } pub fn keep(&self) {} fn private(&self) {} }
        pub type Error = E<A>;
    ";
    let new = "
        pub struct A { pub x: Option<i64>, pub y: String, pub z: Vec<String>, pub w: Option<u8>, pub v: u8 }
        #[non_exhaustive] pub enum Open { A, C, Unknown(String) }
        pub enum Closed { A, B }
        pub struct Client;
        impl Client { pub async fn list(&self, p: &P, q: u8) -> Result<A, Error> { todo!() } pub fn keep(&self) {} pub fn added(&self) {} }
        pub type Error = E<A>;
        pub struct New { pub a: u8 }
    ";
    let got = changes(old, new);
    let b = Impact::Breaking;
    let a = Impact::Additive;
    let want = [
        (b, "A.gone", "field removed"),
        (b, "A.v", "required field added (`u8`): struct literals must set it"),
        (b, "A.x", "field became optional (now an `Option`)"),
        (b, "A.y", "field became required (no longer an `Option`)"),
        (b, "A.z", "field type changed from `String` to `Vec<String>`"),
        (b, "Client::list", "changed from `async fn list(&self, p: &P) -> Result<A, Error>` to `async fn list(&self, p: &P, q: u8) -> Result<A, Error>`"),
        (b, "Closed::B", "variant added to an exhaustive enum"),
        (b, "Open::B", "variant removed"),
        (a, "A.w", "optional field added (`Option<u8>`)"),
        (a, "Client::added", "member added"),
        (a, "New", "struct added"),
        (a, "Open::C", "variant added (the enum is `#[non_exhaustive]`)"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(i, n, w)| (*i, n.to_string(), w.to_string()))
        .collect();
    assert_eq!(got, want);
}

const CLIENT: &str = "pub struct Client; pub type Error<E = Problem> = R<E>;";

#[test]
fn a_type_that_becomes_an_alias_of_itself_or_a_renamed_alias_is_no_change() {
    let old = format!(
        "{CLIENT}
        pub struct A {{ pub x: i64, pub y: Option<Money>, pub z: Vec<Money>, pub e: Error<i64> }}
        #[non_exhaustive] pub enum U {{ V(Money), W {{ m: Money }} }}
        impl Client {{ pub fn f(&self, m: &Money) -> Result<Vec<Money>, Error> {{ todo!() }} }}
        pub type Money = i64;
        pub type Total = Money;"
    );
    let new = format!(
        "{CLIENT}
        pub struct A {{ pub x: Count, pub y: Option<Cost>, pub z: Vec<i64>, pub e: Error<Count> }}
        #[non_exhaustive] pub enum U {{ V(Cost), W {{ m: i64 }} }}
        impl Client {{ pub fn f(&self, m: &Cost) -> Result<Vec<Count>, R<Problem>> {{ todo!() }} }}
        pub type Count = i64;
        pub type Cost = Count;
        pub type Total = Cost;"
    );
    let b = Impact::Breaking;
    let a = Impact::Additive;
    let want = [
        (b, "Money", "type alias removed"),
        (a, "Cost", "type alias added"),
        (a, "Count", "type alias added"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(i, n, w)| (*i, n.to_string(), w.to_string()))
        .collect();
    assert_eq!(changes(&old, &new), want);
}

#[test]
fn an_alias_that_points_elsewhere_breaks_every_use() {
    let code = |money: &str| {
        format!(
            "{CLIENT}
            pub struct A {{ pub x: i64, pub y: Option<Money>, pub e: Error<Total> }}
            pub enum U {{ V(Money) }}
            impl Client {{ pub fn f(&self, m: &Money) -> Result<(), Error> {{ todo!() }} }}
            pub type Money = {money};
            pub type Total = Money;"
        )
    };
    let b = Impact::Breaking;
    let was = "it was";
    let want = [
        (b, "A.e", format!("field type `Error<Total>` is unchanged in the source, but an alias in it changed: {was} `R<i64>`, now `R<u64>`")),
        (b, "A.y", format!("field type `Option<Money>` is unchanged in the source, but an alias in it changed: {was} `Option<i64>`, now `Option<u64>`")),
        (b, "Client::f", format!("signature `fn f(&self, m: &Money) -> Result<(), Error>` is unchanged in the source, but an alias in it changed: {was} `fn f(&self, m: &i64) -> Result<(), R<Problem>>`, now `fn f(&self, m: &u64) -> Result<(), R<Problem>>`")),
        (b, "Money", "changed from `i64` to `u64`".to_owned()),
        (b, "Total", format!("target `Money` is unchanged in the source, but an alias in it changed: {was} `i64`, now `u64`")),
        (b, "U::V", format!("variant payload `(Money)` is unchanged in the source, but an alias in it changed: {was} `(i64)`, now `(u64)`")),
    ];
    let want: Vec<_> = want
        .into_iter()
        .map(|(i, n, w)| (i, n.to_string(), w))
        .collect();
    assert_eq!(changes(&code("i64"), &code("u64")), want);
    // Written differently and meaning something else: both are shown.
    assert_eq!(
        changes(
            "pub struct A { pub x: i64 }",
            "pub struct A { pub x: Money } pub type Money = String;"
        )[0],
        (
            b,
            "A.x".to_owned(),
            "field type changed from `i64` to `Money` (= `String`)".to_owned()
        )
    );
}

#[test]
fn the_same_code_has_no_changes_and_kinds_that_change_break() {
    let code = "pub struct A { pub x: i64 } pub enum B { X }";
    assert_eq!(changes(code, code), []);
    assert_eq!(
        changes("pub struct A { pub x: i64 }", "pub enum A { X }"),
        [(
            Impact::Breaking,
            "A".to_owned(),
            "struct became an enum".to_owned()
        )]
    );
    assert!(compare_code("fn (", "").is_err());
}
