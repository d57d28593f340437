//! Whole `f64` numbers written as integers.

use serde::Serialize;

/// Numbers (`type: number`, decoded as `f64`) that hold a whole value are
/// written as integers, so `1` re-encodes as `1`, not `1.0`.
pub struct Num<'a, T: ?Sized>(pub &'a T);

/// Types that contain `f64` numbers at some depth.
pub trait Numbers {
    /// Serialises with whole numbers written as integers.
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

impl Numbers for f64 {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // 2^53: every integer below it is exact in an f64.
        if self.is_finite() && self.fract() == 0.0 && self.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(*self as i64)
        } else {
            serializer.serialize_f64(*self)
        }
    }
}

impl<T: Numbers> Numbers for Option<T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.serialize_numbers(serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: Numbers> Numbers for Box<T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_numbers(serializer)
    }
}

impl<T: Numbers> Numbers for Vec<T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(Num))
    }
}

impl<T: Numbers> Numbers for std::collections::BTreeMap<String, T> {
    fn serialize_numbers<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(k, v)| (k, Num(v))))
    }
}

impl<T: Numbers + ?Sized> Serialize for Num<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_numbers(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_integers() {
        let json = |v: &dyn erased::Ser| v.to_json();
        assert_eq!(json(&Num(&1.0f64)), "1");
        assert_eq!(json(&Num(&-2.0f64)), "-2");
        assert_eq!(json(&Num(&1.5f64)), "1.5");
        assert_eq!(json(&Num(&1e300f64)), "1e+300");
        assert_eq!(json(&Num(&Some(vec![3.0f64, 0.25]))), "[3,0.25]");
        assert_eq!(json(&Num(&None::<f64>)), "null");
        let map: std::collections::BTreeMap<String, f64> = [("a".to_owned(), 7.0)].into();
        assert_eq!(json(&Num(&map)), "{\"a\":7}");
    }

    mod erased {
        pub trait Ser {
            fn to_json(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn to_json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }
}
