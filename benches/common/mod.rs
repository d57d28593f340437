//! Shared by the benchmarks: LeanRails pages built from the fixture, a
//! hand-written decoder of the same shape as the generated types, and an
//! interleaved timing loop.

// Each benchmark uses its own subset.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{json, Value};

/// `cargo bench` passes `--bench`; `cargo test --benches` does not, and
/// then the benchmarks only run a quick check.
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The session of `tests/fixtures/leanrails_list.json`.
pub fn fixture_session() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/leanrails_list.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let list: Value = serde_json::from_str(&text).expect("parsing the fixture");
    list["data"][0].clone()
}

/// The id of session number `i`.
pub fn session_id(i: usize) -> String {
    format!("cs_{i:06}")
}

/// Session number `i`: the fixture's session with its id, timestamps,
/// amounts, status and metadata varied.
pub fn session(template: &Value, i: usize) -> Value {
    let mut s = template.clone();
    s["id"] = json!(session_id(i));
    s["created"] = json!(1_700_000_000 + i as i64 * 37);
    s["expires_at"] = json!(1_700_086_400 + i as i64 * 37);
    s["amount_subtotal"] = json!(1_000 + (i % 977) as i64);
    s["amount_total"] = json!(1_200 + (i % 977) as i64);
    s["status"] = json!(["open", "complete", "expired"][i % 3]);
    s["payment_status"] = json!(["unpaid", "paid", "no_payment_required"][i % 3]);
    s["client_reference_id"] = json!(format!("order-{i}"));
    s["metadata"] = json!({"order_id": format!("ord_{i}"), "channel": "web"});
    s
}

/// A page of the list with sessions `range`.
pub fn page(template: &Value, range: std::ops::Range<usize>, has_more: bool) -> Value {
    let next_cursor = has_more.then(|| session_id(range.end - 1));
    json!({
        "object": "list",
        "data": range.map(|i| session(template, i)).collect::<Vec<_>>(),
        "has_more": has_more,
        "url": "/v1/checkout_sessions",
        "next_cursor": next_cursor,
    })
}

// A hand-written decoder of the LeanRails list: the generated types' fields,
// `Option` where they have `Option`, string enums as `String`, no map for
// unknown fields.

#[derive(Debug, Deserialize)]
pub struct HandList {
    pub data: Vec<HandSession>,
    pub has_more: bool,
    pub next_cursor: Option<String>,
    pub object: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
pub struct HandSession {
    pub amount_subtotal: Option<i64>,
    pub amount_total: Option<i64>,
    pub billing_address_collection: Option<String>,
    pub cancel_url: Option<String>,
    pub client_reference_id: Option<String>,
    pub client_secret: Option<String>,
    pub created: i64,
    pub currency: Option<String>,
    pub customer: Option<String>,
    pub customer_creation: Option<String>,
    pub customer_details: Option<HandCustomerDetails>,
    pub customer_email: Option<String>,
    pub expires_at: Option<i64>,
    pub id: String,
    pub livemode: Option<bool>,
    pub metadata: Option<BTreeMap<String, String>>,
    pub mode: Option<String>,
    pub object: String,
    pub payment_intent: Option<String>,
    pub payment_status: Option<String>,
    pub status: Option<String>,
    pub success_url: Option<String>,
    pub total_details: Option<HandTotalDetails>,
    pub ui_mode: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct HandCustomerDetails {
    pub email: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub address: Option<HandAddress>,
}

#[derive(Debug, Deserialize)]
pub struct HandAddress {
    pub city: Option<String>,
    pub country: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct HandTotalDetails {
    pub amount_discount: Option<i64>,
    pub amount_shipping: Option<i64>,
    pub amount_tax: Option<i64>,
}

/// Timings of one contender: the time of one operation in each round.
pub struct Samples {
    pub name: &'static str,
    pub per_op: Vec<Duration>,
}

impl Samples {
    pub fn median(&self) -> Duration {
        let mut v = self.per_op.clone();
        v.sort();
        v[v.len() / 2]
    }

    pub fn min(&self) -> Duration {
        *self.per_op.iter().min().unwrap()
    }
}

/// Runs `a` and `b` in alternating rounds (`a` first in even rounds, `b`
/// first in odd ones), `ops` operations per round, after `warmup` rounds
/// that are not recorded. Each call returns a value that is kept from the
/// optimiser.
pub fn interleave<A, B, RA, RB>(
    rounds: usize,
    warmup: usize,
    ops: usize,
    (name_a, mut a): (&'static str, A),
    (name_b, mut b): (&'static str, B),
) -> (Samples, Samples)
where
    A: FnMut() -> RA,
    B: FnMut() -> RB,
{
    let mut sa = Samples {
        name: name_a,
        per_op: Vec::new(),
    };
    let mut sb = Samples {
        name: name_b,
        per_op: Vec::new(),
    };
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..ops {
            f();
        }
        start.elapsed() / ops as u32
    };
    for round in 0..warmup + rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = time(&mut || {
                black_box(a());
            });
            let tb = time(&mut || {
                black_box(b());
            });
            (ta, tb)
        } else {
            let tb = time(&mut || {
                black_box(b());
            });
            let ta = time(&mut || {
                black_box(a());
            });
            (ta, tb)
        };
        if round >= warmup {
            sa.per_op.push(ta);
            sb.per_op.push(tb);
        }
    }
    (sa, sb)
}

/// The median of the per-round ratios `a / b`. Both run back to back in
/// each round, so a slow phase of the machine weighs on both sides of a
/// ratio: steadier than the ratio of the medians on a shared machine.
pub fn paired_ratio(a: &Samples, b: &Samples) -> f64 {
    let mut ratios: Vec<f64> = a
        .per_op
        .iter()
        .zip(&b.per_op)
        .map(|(x, y)| x.as_secs_f64() / y.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

/// Prints both contenders and the ratio `a / b` (median of the per-round
/// ratios, and ratio of the medians); returns the first.
pub fn report(title: &str, a: &Samples, b: &Samples, goal: f64) -> f64 {
    let ratio = paired_ratio(a, b);
    if !full_run() {
        println!("{title}: quick check only (no measurement without `cargo bench`)");
        return ratio;
    }
    println!("{title}");
    for s in [a, b] {
        println!(
            "  {:<28} median {:>10.3?}   min {:>10.3?}   ({} rounds)",
            s.name,
            s.median(),
            s.min(),
            s.per_op.len()
        );
    }
    let of_medians = a.median().as_secs_f64() / b.median().as_secs_f64();
    println!(
        "  ratio {} / {}: {ratio:.3}x median of per-round ratios, {of_medians:.3}x of medians \
         (goal <= {goal:.2}x: {})",
        a.name,
        b.name,
        if ratio <= goal { "met" } else { "NOT met" }
    );
    ratio
}
