//! Lenient decoding for the fields of generated structs: values that real services send
//! in a form the spec did not declare, read instead of failing the whole response.
//!
//! - Numbers sent as strings (`"price": "-0.0025"` where the spec says `type: number`, as
//!   Twilio's API does): a string that parses as the declared number type is read as that
//!   number; any other string is still an error.
//! - Date-times without an offset, and dates sent as date-times (see `dates.rs`).
//!
//! The generated structs read a field whose type holds such values (a number, an integer
//! up to 64 bits, a date-time or a date, or an `Option`, `Vec`, `Box`, map or `Nullable`
//! of them) through [`Lenient`]; every other field keeps serde's own decoding. Encoding is
//! unchanged.

use std::collections::BTreeMap;

use serde::de::{self, Deserializer, Visitor};

/// A value read leniently: `Lenient<T>` deserializes whatever [`LenientDecode`] for `T`
/// accepts.
pub(crate) struct Lenient<T>(pub(crate) T);

impl<'de, T: LenientDecode> serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::decode(deserializer).map(Lenient)
    }
}

/// A type read leniently.
pub(crate) trait LenientDecode: Sized {
    /// Reads the value.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<T: LenientDecode> LenientDecode for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value: Option<Lenient<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map(|lenient| lenient.0))
    }
}

impl<T: LenientDecode> LenientDecode for Box<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::decode(deserializer).map(Box::new)
    }
}

impl<T: LenientDecode> LenientDecode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values: Vec<Lenient<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(values.into_iter().map(|lenient| lenient.0).collect())
    }
}

impl<T: LenientDecode> LenientDecode for BTreeMap<String, T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values: BTreeMap<String, Lenient<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(values
            .into_iter()
            .map(|(key, lenient)| (key, lenient.0))
            .collect())
    }
}

#[cfg(feature = "nullable")]
impl<T: LenientDecode> LenientDecode for super::Nullable<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value: Option<Lenient<T>> = serde::Deserialize::deserialize(deserializer)?;
        Ok(value.map_or(super::Nullable::Null, |lenient| {
            super::Nullable::Value(lenient.0)
        }))
    }
}

/// Integers: a JSON integer in range, or a string holding one.
macro_rules! lenient_integers {
    ($($int:ty),*) => {$(
        impl LenientDecode for $int {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct IntegerVisitor;
                impl Visitor<'_> for IntegerVisitor {
                    type Value = $int;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "{} (or a string holding one)", stringify!($int))
                    }
                    fn visit_i64<E: de::Error>(self, value: i64) -> Result<$int, E> {
                        <$int as std::convert::TryFrom<_>>::try_from(value).map_err(|_| {
                            E::invalid_value(de::Unexpected::Signed(value), &self)
                        })
                    }
                    fn visit_u64<E: de::Error>(self, value: u64) -> Result<$int, E> {
                        <$int as std::convert::TryFrom<_>>::try_from(value).map_err(|_| {
                            E::invalid_value(de::Unexpected::Unsigned(value), &self)
                        })
                    }
                    fn visit_str<E: de::Error>(self, value: &str) -> Result<$int, E> {
                        value.trim().parse().map_err(|_| {
                            E::invalid_value(de::Unexpected::Str(value), &self)
                        })
                    }
                }
                deserializer.deserialize_any(IntegerVisitor)
            }
        }
    )*};
}

lenient_integers!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Floating-point numbers: a JSON number, or a string holding a finite one.
macro_rules! lenient_floats {
    ($($float:ty),*) => {$(
        impl LenientDecode for $float {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FloatVisitor;
                impl Visitor<'_> for FloatVisitor {
                    type Value = $float;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "a number (or a string holding one)")
                    }
                    fn visit_f64<E: de::Error>(self, value: f64) -> Result<$float, E> {
                        Ok(value as $float)
                    }
                    fn visit_i64<E: de::Error>(self, value: i64) -> Result<$float, E> {
                        Ok(value as $float)
                    }
                    fn visit_u64<E: de::Error>(self, value: u64) -> Result<$float, E> {
                        Ok(value as $float)
                    }
                    fn visit_str<E: de::Error>(self, value: &str) -> Result<$float, E> {
                        match value.trim().parse::<$float>() {
                            Ok(number) if number.is_finite() => Ok(number),
                            _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
                        }
                    }
                }
                deserializer.deserialize_any(FloatVisitor)
            }
        }
    )*};
}

lenient_floats!(f32, f64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_strings_that_hold_them() {
        let prices: Lenient<Vec<Option<f64>>> =
            serde_json::from_str(r#"["-0.0025", 1.5, 2, null]"#).expect("decodes");
        assert_eq!(prices.0, vec![Some(-0.0025), Some(1.5), Some(2.0), None]);
        let counts: Lenient<Vec<u16>> = serde_json::from_str(r#"["4", 5]"#).expect("decodes");
        assert_eq!(counts.0, vec![4, 5]);
        for wrong in [r#""four""#, r#""NaN""#, "true"] {
            assert!(
                serde_json::from_str::<Lenient<f64>>(wrong).is_err(),
                "{}",
                wrong
            );
        }
        for wrong in [r#""70000""#, "70000", "-1", r#""1.5""#, "1.5"] {
            assert!(
                serde_json::from_str::<Lenient<u16>>(wrong).is_err(),
                "{}",
                wrong
            );
        }
    }
}
