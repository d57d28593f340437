//! Parameter checks before sending: ranges and lengths.

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        v.to_string()
    }
}

/// The number types of generated parameters, read as `f64` for a range
/// check (the spec's `minimum` and `maximum` are JSON numbers). The
/// conversion is here, not in generated code, so that generated code has no
/// `as` casts (clippy's pedantic `cast_lossless`, `cast_precision_loss`).
pub trait CheckedNumber: Copy {
    /// The value as compared with the bounds.
    fn to_f64(self) -> f64;
}

impl CheckedNumber for f64 {
    fn to_f64(self) -> f64 {
        self
    }
}

impl CheckedNumber for i32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

// Beyond 2^53 an `i64` or `u64` rounds to the nearest `f64`, as the bounds
// themselves (JSON numbers) do.
#[allow(clippy::cast_precision_loss)]
impl CheckedNumber for i64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

#[allow(clippy::cast_precision_loss)]
impl CheckedNumber for u64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

/// Checks a number against the schema's `minimum`/`maximum` (each with its
/// exclusive flag). The message names the allowed range and the value.
///
/// # Errors
///
/// The message when the value is out of range.
pub fn check_range(
    value: impl CheckedNumber,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
) -> Result<(), String> {
    range(value.to_f64(), min, max)
}

fn range(value: f64, min: Option<(f64, bool)>, max: Option<(f64, bool)>) -> Result<(), String> {
    let low_ok = match min {
        Some((m, true)) => value > m,
        Some((m, false)) => value >= m,
        None => true,
    };
    let high_ok = match max {
        Some((m, true)) => value < m,
        Some((m, false)) => value <= m,
        None => true,
    };
    if low_ok && high_ok {
        return Ok(());
    }
    let bound = |b: Option<(f64, bool)>, incl: &str, excl: &str| {
        b.map(|(m, e)| format!("{} {}", if e { excl } else { incl }, fmt_num(m)))
    };
    let parts: Vec<String> = [bound(min, ">=", ">"), bound(max, "<=", "<")]
        .into_iter()
        .flatten()
        .collect();
    Err(format!(
        "must be {}, got {}",
        parts.join(" and "),
        fmt_num(value)
    ))
}

/// Checks a length (characters or items) against `min`/`max`.
pub fn check_len(len: usize, min: Option<usize>, max: Option<usize>) -> Result<(), String> {
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        let range = match (min, max) {
            (Some(a), Some(b)) => format!("between {a} and {b}"),
            (Some(a), None) => format!("at least {a}"),
            (None, Some(b)) => format!("at most {b}"),
            (None, None) => String::new(),
        };
        return Err(format!("length must be {range}, got {len}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_name_the_bounds() {
        assert!(check_range(1.0, Some((1.0, false)), Some((100.0, false))).is_ok());
        assert_eq!(
            check_range(0.0, Some((1.0, false)), Some((100.0, false))).unwrap_err(),
            "must be >= 1 and <= 100, got 0"
        );
        assert!(check_range(1.0, Some((1.0, true)), None).is_err());
        assert_eq!(
            check_len(3, Some(1), Some(2)).unwrap_err(),
            "length must be between 1 and 2, got 3"
        );
    }
}
