//! The summary printed at the end of a run: outcomes by declared version,
//! refusals grouped by kind and reason, panics, and timings.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use crate::outcome::{Outcome, Record};
use crate::walk::Version;

/// How many examples each failure group shows without `--list-failures`.
const EXAMPLES: usize = 3;

/// Per declared version: specs, generated, refused, panicked.
type Counts = BTreeMap<Version, [usize; 4]>;

pub fn report(
    root: &Path,
    records: &[Record],
    not_specs: usize,
    wall: Duration,
    jobs: usize,
    list_all: bool,
) {
    let total = records.len();
    println!("corpus: {}", root.display());
    println!("specs: {total} (skipped {not_specs} JSON/YAML files that are not OpenAPI documents)");

    let by_version = count_by_version(records);
    print_versions(&by_version);

    let with = |keep: fn(&Outcome) -> bool| -> Vec<&Record> {
        records.iter().filter(|r| keep(&r.outcome)).collect()
    };
    let ok = with(|o| matches!(o, Outcome::Ok { .. }));
    let refused = with(|o| matches!(o, Outcome::Refused { .. }));
    let panicked = with(|o| matches!(o, Outcome::Panicked { .. }));
    print_totals(total, &ok, refused.len(), panicked.len());
    if !refused.is_empty() {
        print_refusals(&refused, list_all);
    }
    if !panicked.is_empty() {
        print_panics(&panicked);
    }

    let v30 = by_version.get(&Version::V30).copied().unwrap_or_default();
    println!();
    println!(
        "OpenAPI 3.0.x success rate: {}/{} = {} (goal >= 95%)",
        v30[1],
        v30[0],
        pct(v30[1], v30[0])
    );
    print_timings(records, wall, jobs);
}

fn count_by_version(records: &[Record]) -> Counts {
    let mut by_version = Counts::new();
    for r in records {
        let row = by_version.entry(r.version).or_default();
        row[0] += 1;
        match r.outcome {
            Outcome::Ok { .. } => row[1] += 1,
            Outcome::Refused { .. } => row[2] += 1,
            Outcome::Panicked { .. } => row[3] += 1,
        }
    }
    by_version
}

fn print_versions(by_version: &Counts) {
    println!("by declared version:");
    for v in Version::ALL {
        let row = by_version.get(&v).copied().unwrap_or_default();
        if row[0] == 0 && matches!(v, Version::Other | Version::Unknown) {
            continue;
        }
        println!(
            "  {:<8} {:>5} specs: {:>5} ok ({}), {:>4} refused, {:>3} panicked",
            v.label(),
            row[0],
            row[1],
            pct(row[1], row[0]),
            row[2],
            row[3]
        );
    }
}

fn print_totals(total: usize, ok: &[&Record], refused: usize, panicked: usize) {
    let lines: usize = ok
        .iter()
        .map(|r| match r.outcome {
            Outcome::Ok { lines } => lines,
            _ => 0,
        })
        .sum();
    println!();
    println!(
        "generated OK: {} of {total} ({}), {lines} lines in all",
        ok.len(),
        pct(ok.len(), total)
    );
    println!("refused with an error: {refused} ({})", pct(refused, total));
    println!("panicked: {panicked} ({})", pct(panicked, total));
}

/// Refusals counted by kind, then grouped by kind and reason, the largest
/// group first, with a few examples each (all with `list_all`).
fn print_refusals(refused: &[&Record], list_all: bool) {
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut groups: BTreeMap<(&str, &str), Vec<&Record>> = BTreeMap::new();
    for r in refused {
        if let Outcome::Refused { kind, reason, .. } = &r.outcome {
            *by_kind.entry(kind).or_default() += 1;
            groups.entry((kind, reason.as_str())).or_default().push(r);
        }
    }
    println!();
    println!("refused, by kind:");
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (kind, n) in kinds {
        println!("  {n:>5}  {kind}");
    }
    println!();
    println!("refused, by reason ({} groups):", groups.len());
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for ((kind, reason), members) in groups {
        println!("  {:>5}  [{kind}] {reason}", members.len());
        let shown = if list_all { members.len() } else { EXAMPLES };
        for r in members.iter().take(shown) {
            if let Outcome::Refused { message, place, .. } = &r.outcome {
                let place = if place.is_empty() {
                    String::new()
                } else {
                    format!(" {}", shorten_middle(place, 160))
                };
                println!("           {}{place}: {}", r.rel, one_line(message, 240));
            }
        }
        if members.len() > shown {
            println!("           ... and {} more", members.len() - shown);
        }
    }
}

fn print_panics(panicked: &[&Record]) {
    println!();
    println!("panicked:");
    for r in panicked {
        if let Outcome::Panicked { message } = &r.outcome {
            println!("  {}: {}", r.rel, one_line(message, 400));
        }
    }
}

fn print_timings(records: &[Record], wall: Duration, jobs: usize) {
    let mut times: Vec<Duration> = records.iter().map(|r| r.elapsed).collect();
    times.sort();
    let sum: Duration = times.iter().sum();
    println!();
    println!(
        "timings: wall {:.2?} on {jobs} thread(s), sum over specs {:.2?}, p50 {:.2?}, p95 {:.2?}, max {:.2?}",
        wall,
        sum,
        percentile(&times, 50),
        percentile(&times, 95),
        times.last().copied().unwrap_or_default()
    );
    let mut slowest: Vec<&Record> = records.iter().collect();
    slowest.sort_by(|a, b| b.elapsed.cmp(&a.elapsed).then(a.rel.cmp(&b.rel)));
    println!("slowest:");
    for r in slowest.iter().take(5) {
        println!(
            "  {:>10.2?}  {} ({})",
            r.elapsed,
            r.rel,
            r.outcome.summary()
        );
    }
}

fn percentile(sorted: &[Duration], pct: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = (sorted.len() * pct).div_ceil(100).saturating_sub(1);
    sorted[i.min(sorted.len() - 1)]
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "n/a".to_owned()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / of as f64)
    }
}

fn one_line(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > max {
        s.chars().take(max - 3).collect::<String>() + "..."
    } else {
        s
    }
}

/// Cuts the middle out of a long string (deep JSON pointers), keeping both ends.
fn shorten_middle(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        return s.to_owned();
    }
    let head = max * 2 / 3;
    let tail = max - head - 5;
    let skipped = chars.len() - head - tail;
    format!(
        "{}[...{skipped} chars...]{}",
        chars[..head].iter().collect::<String>(),
        chars[chars.len() - tail..].iter().collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_ranks() {
        let t: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&t, 50), Duration::from_millis(50));
        assert_eq!(percentile(&t, 95), Duration::from_millis(95));
        assert_eq!(percentile(&t, 100), Duration::from_millis(100));
    }

    #[test]
    fn long_text_is_cut() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("abcdefghijkl", 8), "abcde...");
        let long: String = ('a'..='z').collect();
        assert_eq!(shorten_middle(&long, 30), long);
        assert_eq!(shorten_middle(&long, 20), "abcdefghijklm[...11 chars...]yz");
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(0, 0), "n/a");
    }
}
