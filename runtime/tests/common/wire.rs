//! The values of OpenAPI's style examples, shared by the wire tests.

use serde::Serialize;

/// `{"R": 100, "G": 200, "B": 150}`.
#[allow(non_snake_case)]
#[derive(Serialize)]
pub struct Rgb {
    pub R: u8,
    pub G: u8,
    pub B: u8,
}

/// `["blue", "black", "brown"]`.
pub const COLOR: [&str; 3] = ["blue", "black", "brown"];

/// `{"R": 100, "G": 200, "B": 150}`.
pub const RGB: Rgb = Rgb {
    R: 100,
    G: 200,
    B: 150,
};

/// Values holding every character that is structure somewhere.
pub const TRICKY: [&str; 6] = ["a,b", "c d", "e|f&g=h", "/[i]", "é", "日本"];
