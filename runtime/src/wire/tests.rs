//! The encoder on OpenAPI's own examples and on values that hold the
//! characters each style uses as structure.

use serde::Serialize;

use super::*;

#[allow(non_snake_case)]
#[derive(Serialize)]
struct Rgb {
    R: u8,
    G: u8,
    B: u8,
}

/// An object with its properties in the given order.
struct Obj<'a>(&'a [(&'a str, &'a str)]);

impl Serialize for Obj<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}

const COLOR: [&str; 3] = ["blue", "black", "brown"];
const RGB: Rgb = Rgb {
    R: 100,
    G: 200,
    B: 150,
};

fn query<T: Serialize + ?Sized>(name: &str, value: &T, style: Style, explode: bool) -> String {
    join_pairs(
        &query_pairs(name, &Value::of(value).unwrap(), style, explode),
        "&",
    )
}

fn path<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
    encode_path_param("color", value, style, explode)
}

fn cookie<T: Serialize + ?Sized>(value: &T, explode: bool) -> String {
    join_pairs(
        &cookie_pairs("color", &Value::of(value).unwrap(), explode),
        "; ",
    )
}

fn form<T: Serialize + ?Sized>(value: &T, encoding: &[(&str, Style, bool)]) -> String {
    form_body(&Value::of(value).unwrap(), encoding).unwrap()
}

#[test]
fn openapi_examples_simple_label_matrix() {
    use Style::{Label, Matrix, Simple};
    let cases: [(Style, bool, &str, &str, &str); 6] = [
        (
            Simple,
            false,
            "blue",
            "blue,black,brown",
            "R,100,G,200,B,150",
        ),
        (
            Simple,
            true,
            "blue",
            "blue,black,brown",
            "R=100,G=200,B=150",
        ),
        (
            Label,
            false,
            ".blue",
            ".blue,black,brown",
            ".R,100,G,200,B,150",
        ),
        (
            Label,
            true,
            ".blue",
            ".blue.black.brown",
            ".R=100.G=200.B=150",
        ),
        (
            Matrix,
            false,
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150",
        ),
        (
            Matrix,
            true,
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150",
        ),
    ];
    for (style, explode, scalar, array, object) in cases {
        let what = format!("{style:?} explode={explode}");
        assert_eq!(path("blue", style, explode), scalar, "{what}");
        assert_eq!(path(&COLOR, style, explode), array, "{what}");
        assert_eq!(path(&RGB, style, explode), object, "{what}");
    }
    assert_eq!(encode_header_value(&COLOR, false), "blue,black,brown");
    assert_eq!(encode_header_value(&RGB, false), "R,100,G,200,B,150");
    assert_eq!(encode_header_value(&RGB, true), "R=100,G=200,B=150");
}

#[test]
fn openapi_examples_query_and_cookie() {
    use Style::{DeepObject, Form, PipeDelimited, SpaceDelimited};
    assert_eq!(query("color", "blue", Form, true), "color=blue");
    assert_eq!(
        query("color", &COLOR, Form, false),
        "color=blue,black,brown"
    );
    assert_eq!(
        query("color", &COLOR, Form, true),
        "color=blue&color=black&color=brown"
    );
    assert_eq!(query("color", &RGB, Form, false), "color=R,100,G,200,B,150");
    assert_eq!(query("color", &RGB, Form, true), "R=100&G=200&B=150");
    assert_eq!(
        query("color", &COLOR, SpaceDelimited, false),
        "color=blue%20black%20brown"
    );
    assert_eq!(
        query("color", &RGB, SpaceDelimited, false),
        "color=R%20100%20G%20200%20B%20150"
    );
    assert_eq!(
        query("color", &COLOR, PipeDelimited, false),
        "color=blue|black|brown"
    );
    assert_eq!(
        query("color", &RGB, PipeDelimited, false),
        "color=R|100|G|200|B|150"
    );
    assert_eq!(
        query("color", &RGB, DeepObject, true),
        "color[R]=100&color[G]=200&color[B]=150"
    );
    assert_eq!(cookie("blue", true), "color=blue");
    assert_eq!(cookie(&COLOR, false), "color=blue,black,brown");
    assert_eq!(cookie(&COLOR, true), "color=blue; color=black; color=brown");
    assert_eq!(cookie(&RGB, false), "color=R,100,G,200,B,150");
    assert_eq!(cookie(&RGB, true), "R=100; G=200; B=150");
}

#[test]
fn delimiters_inside_values_are_encoded() {
    use Style::*;
    let tricky = ["a,b", "c d", "e|f", "g&h=i/j", "[k]", "é日本", "l.m;n"];
    assert_eq!(
        query("t", &tricky, Form, false),
        "t=a%2Cb,c+d,e%7Cf,g%26h%3Di%2Fj,%5Bk%5D,%C3%A9%E6%97%A5%E6%9C%AC,l.m%3Bn"
    );
    assert_eq!(query("t", &["a|b", "c"], PipeDelimited, false), "t=a%7Cb|c");
    assert_eq!(
        query("t", &["a b", "c"], SpaceDelimited, false),
        "t=a+b%20c"
    );
    assert_eq!(query("t", &["a&b", "c=d"], Form, true), "t=a%26b&t=c%3Dd");
    assert_eq!(
        query("f[x]", &Obj(&[("k]", "v")]), DeepObject, true),
        "f%5Bx%5D[k%5D]=v"
    );
    assert_eq!(
        path(&tricky, Simple, false),
        "a%2Cb,c%20d,e%7Cf,g%26h%3Di%2Fj,%5Bk%5D,%C3%A9%E6%97%A5%E6%9C%AC,l.m%3Bn"
    );
    assert_eq!(path(&["v1.2", "x"], Label, true), ".v1%2E2.x");
    assert_eq!(path(&Obj(&[("k=", "v;")]), Matrix, true), ";k%3D=v%3B");
    assert_eq!(path(&Obj(&[("k,", "v=")]), Simple, true), "k%2C=v%3D");
    assert_eq!(cookie(&["a; b", "c,d"], false), "color=a%3B%20b,c%2Cd");
    assert_eq!(encode_header_value("a, b=c/é", false), "a, b=c/%C3%A9");
    assert_eq!(encode_header_value(&["a,b", "100%"], false), "a%2Cb,100%25");
    assert_eq!(
        encode_header_value(&Obj(&[("k=", "v,")]), true),
        "k%3D=v%2C"
    );
    assert_eq!(
        encode_header_value("line\r\nX-Injected: 1", false),
        "line%0D%0AX-Injected: 1"
    );
}

/// A whole `f64` is an integer, `null`s are left out, and a value that
/// only holds `null`s is left out altogether.
#[test]
fn numbers_nulls_and_empty_values() {
    use Style::*;
    assert_eq!(query("n", &1.0f64, Form, true), "n=1");
    assert_eq!(query("n", &[1.0f64, 2.5], Form, false), "n=1,2.5");
    assert_eq!(query("n", &[Some(1), None, Some(3)], Form, true), "n=1&n=3");
    assert_eq!(query("n", &None::<u8>, Form, true), "");
    assert_eq!(query("n", &Vec::<u8>::new(), Form, false), "");
    assert_eq!(query("n", &[None::<u8>], PipeDelimited, false), "");
    assert_eq!(query("n", "", Form, true), "n=");
    assert_eq!(path("", Simple, false), "");
    assert_eq!(path("", Label, false), ".");
    assert_eq!(path("", Matrix, false), ";color");
    assert_eq!(path(&["", "a"], Matrix, true), ";color;color=a");
    assert_eq!(path(&Obj(&[("k", "")]), Matrix, true), ";k");
    assert_eq!(path(&Obj(&[("k", "")]), Simple, true), "k=");
    assert_eq!(path(&Vec::<u8>::new(), Label, false), "");
    assert_eq!(encode_header_value(&None::<u8>, false), "");
    assert_eq!(cookie(&None::<u8>, false), "");
}

#[derive(Serialize)]
struct Nested {
    id: &'static str,
    sub: Sub,
    tags: [&'static str; 2],
}

#[derive(Serialize)]
struct Sub {
    a: u8,
    b: Option<u8>,
}

const NESTED: Nested = Nested {
    id: "x",
    sub: Sub { a: 1, b: None },
    tags: ["p", "q"],
};

#[test]
fn nested_values() {
    use Style::*;
    assert_eq!(
        query("f", &NESTED, DeepObject, true),
        "f[id]=x&f[sub][a]=1&f[tags][0]=p&f[tags][1]=q"
    );
    assert_eq!(
        query("f", &NESTED, Form, true),
        "id=x&sub[a]=1&tags[0]=p&tags[1]=q"
    );
    assert_eq!(
        query("f", &NESTED, Form, false),
        "f=id,x,sub,%7B%22a%22%3A1%7D,tags,%5B%22p%22%2C%22q%22%5D"
    );
    assert_eq!(query("f", &Obj(&[("a", "1")]), DeepObject, true), "f[a]=1");
    assert_eq!(query("f", &["a", "b"], DeepObject, true), "f[0]=a&f[1]=b");
    assert_eq!(
        query("f", &[&NESTED], Form, true),
        "f[0][id]=x&f[0][sub][a]=1&f[0][tags][0]=p&f[0][tags][1]=q"
    );
    assert_eq!(
        path(&NESTED, Simple, false),
        "id,x,sub,%7B%22a%22%3A1%7D,tags,%5B%22p%22%2C%22q%22%5D"
    );
    assert_eq!(
        encode_header_value(&NESTED, true),
        "id=x,sub={\"a\":1},tags=[\"p\"%2C\"q\"]"
    );
}

#[derive(Serialize)]
struct Order {
    amount: f64,
    currency: &'static str,
    note: Option<&'static str>,
    tags: Vec<&'static str>,
    metadata: std::collections::BTreeMap<&'static str, &'static str>,
    items: Vec<Item>,
    color: Rgb,
}

#[derive(Serialize)]
struct Item {
    price: &'static str,
    quantity: u8,
}

fn order() -> Order {
    Order {
        amount: 2000.0,
        currency: "usd",
        note: None,
        tags: vec!["a b", "c&d"],
        metadata: [("order id", "6735"), ("k[1]", "=")].into(),
        items: vec![
            Item {
                price: "p_1",
                quantity: 1,
            },
            Item {
                price: "p_2",
                quantity: 2,
            },
        ],
        color: RGB,
    }
}

#[test]
fn form_bodies_default_encoding() {
    assert_eq!(
        form(&order(), &[]),
        "amount=2000&currency=usd&tags=a+b&tags=c%26d\
         &metadata[k%5B1%5D]=%3D&metadata[order+id]=6735\
         &items[0][price]=p_1&items[0][quantity]=1&items[1][price]=p_2&items[1][quantity]=2\
         &color[R]=100&color[G]=200&color[B]=150"
    );
    assert_eq!(form(&Obj(&[("a", "1"), ("a", "2")]), &[]), "a=1&a=2");
    assert_eq!(
        form_body(&Value::of(&[1, 2]).unwrap(), &[]).unwrap_err(),
        "a form body must be an object"
    );
}

#[test]
fn form_bodies_with_encodings() {
    use Style::*;
    let body = order();
    let enc = [
        ("tags", Form, false),
        ("color", Form, false),
        ("items", DeepObject, true),
    ];
    let text = form(&body, &enc);
    assert!(text.contains("&tags=a+b,c%26d&"), "{text}");
    assert!(text.contains("&color=R,100,G,200,B,150"), "{text}");
    assert!(text.contains("&items[0][price]=p_1&"), "{text}");
    let text = form(
        &body,
        &[("tags", PipeDelimited, false), ("color", DeepObject, true)],
    );
    assert!(text.contains("&tags=a+b|c%26d&"), "{text}");
    assert!(text.contains("&color[R]=100&"), "{text}");
    let text = form(
        &body,
        &[("tags", SpaceDelimited, false), ("color", Form, true)],
    );
    assert!(text.contains("&tags=a+b%20c%26d&"), "{text}");
    assert!(text.contains("&color[R]=100&"), "{text}");
    // Path styles are not form styles: read as `form`.
    let text = form(&body, &[("tags", Matrix, false)]);
    assert!(text.contains("&tags=a+b,c%26d&"), "{text}");
}
