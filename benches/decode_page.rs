//! Decoding one 100-session LeanRails page: the generated
//! `leanrails::CheckoutSessionList` against a hand-written
//! `#[derive(Deserialize)]` struct of the same shape.
//!
//! `cargo bench --bench decode_page` measures (interleaved rounds, medians);
//! without `--bench` (as under `cargo test --benches`) it only checks that
//! both decoders agree.

mod common;

use checkout_clients::leanrails;
use common::{fixture_session, full_run, interleave, page, report, HandList};

fn main() {
    let template = fixture_session();
    let body = serde_json::to_vec(&page(&template, 0..100, true)).unwrap();

    // Both decoders read the same thing.
    let generated: leanrails::CheckoutSessionList = serde_json::from_slice(&body).unwrap();
    let hand: HandList = serde_json::from_slice(&body).unwrap();
    assert_eq!(generated.data.len(), 100);
    assert_eq!(hand.data.len(), 100);
    for (g, h) in generated.data.iter().zip(&hand.data) {
        assert_eq!(g.id, h.id);
        assert_eq!(g.amount_total, h.amount_total);
        assert_eq!(g.status.as_ref().map(|s| s.as_str()), h.status.as_deref());
        assert_eq!(g.metadata, h.metadata);
        assert!(g.extra.is_empty());
    }
    assert_eq!(generated.next_cursor, hand.next_cursor);

    let (rounds, warmup, ops) = if full_run() { (61, 5, 200) } else { (1, 0, 1) };
    let (generated, hand) = interleave(
        rounds,
        warmup,
        ops,
        ("generated (leanrails)", || {
            serde_json::from_slice::<leanrails::CheckoutSessionList>(&body).unwrap()
        }),
        ("hand-written derive", || {
            serde_json::from_slice::<HandList>(&body).unwrap()
        }),
    );
    let title = format!(
        "decode one LeanRails page: 100 sessions, {} bytes of JSON",
        body.len()
    );
    report(&title, &generated, &hand, 1.10);
    if full_run() {
        let mb_per_s = |d: std::time::Duration| body.len() as f64 / d.as_secs_f64() / 1e6;
        println!(
            "  throughput: generated {:.0} MB/s, hand-written {:.0} MB/s",
            mb_per_s(generated.median()),
            mb_per_s(hand.median())
        );
    }
}
