//! Lenient `date-time` decoding for the fields of generated structs.
//!
//! RFC 3339 requires an offset (`2026-04-22T12:34:41Z`, `…+02:00`), but many services
//! (Python's `datetime.isoformat()` on a naive value, for one) send timestamps without
//! one: `2026-04-22T12:34:41.342245`. Such a timestamp is read as UTC instead of failing
//! the whole response. A space instead of the `T` is accepted too. Values are still
//! `chrono::DateTime<Utc>`, and encoding is unchanged (RFC 3339 with `Z`). A `date` field
//! that receives a date-time keeps its date as written.
//!
//! The generated structs read a field whose type holds date-times or dates through
//! `Lenient` (see `lenient.rs`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::de::{self, Deserializer, Visitor};

#[cfg(test)]
use super::Lenient;
use super::LenientDecode;

impl LenientDecode for DateTime<Utc> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateTimeVisitor;
        impl Visitor<'_> for DateTimeVisitor {
            type Value = DateTime<Utc>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date-time string")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<DateTime<Utc>, E> {
                parse_date_time(value).ok_or_else(|| {
                    E::custom(format_args!(
                        "invalid date-time `{value}`: expected RFC 3339"
                    ))
                })
            }
        }
        deserializer.deserialize_str(DateTimeVisitor)
    }
}

impl LenientDecode for NaiveDate {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = NaiveDate;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date string")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<NaiveDate, E> {
                parse_date(value).ok_or_else(|| {
                    E::custom(format_args!("invalid date `{value}`: expected YYYY-MM-DD"))
                })
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// An RFC 3339 date-time (what chrono's own decoding reads), or one without an offset,
/// read as UTC: `2026-04-22T12:34:41.342245`, `2026-04-22 12:34:41`.
pub(crate) fn parse_date_time(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(with_offset) = text.parse::<DateTime<chrono::FixedOffset>>() {
        return Some(with_offset.with_timezone(&Utc));
    }
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .map(|naive| naive.and_utc())
}

/// A full date (`2026-04-22`), or the date of a date-time sent where a date was declared
/// (`2026-04-22T12:34:41Z`: the date as written, its time and offset dropped).
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    let (date, _time) = text.split_once(['T', ' '])?;
    parse_date_time(text)?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn timestamps_without_an_offset_are_utc() {
        let with_z = parse_date_time("2026-04-22T12:34:41.342245Z").expect("RFC 3339");
        let without = parse_date_time("2026-04-22T12:34:41.342245").expect("no offset");
        assert_eq!(with_z, without);
        let offset = parse_date_time("2026-04-22T14:34:41.342245+02:00").expect("offset");
        assert_eq!(offset, with_z);
        assert!(parse_date_time("2026-04-22 12:34:41").is_some());
        assert!(parse_date_time("2026-04-22T12:34").is_some());
        assert!(parse_date_time("yesterday").is_none());
        assert!(parse_date_time("2026-04-22").is_none());
    }

    #[test]
    fn dates_accept_the_date_of_a_date_time() {
        let date = NaiveDate::from_ymd_opt(2026, 4, 22).expect("a date");
        assert_eq!(parse_date("2026-04-22"), Some(date));
        assert_eq!(parse_date("2026-04-22T23:34:41+05:00"), Some(date));
        assert_eq!(parse_date("2026-04-22T12:34:41.342245"), Some(date));
        assert_eq!(parse_date("2026-04-22Tnoon"), None);
        assert_eq!(parse_date("April"), None);
        let dates: Lenient<Vec<Option<NaiveDate>>> =
            serde_json::from_str(r#"["2026-04-22", null, "2026-04-22T00:00:00Z"]"#)
                .expect("decodes");
        assert_eq!(dates.0, vec![Some(date), None, Some(date)]);
    }

    #[test]
    fn wrappers_read_their_date_times_leniently() {
        let list: Lenient<Vec<DateTime<Utc>>> =
            serde_json::from_str(r#"["2026-04-22T12:34:41", "2026-04-22T12:34:41Z"]"#)
                .expect("decodes");
        assert_eq!(list.0[0], list.0[1]);
        let none: Lenient<Option<DateTime<Utc>>> = serde_json::from_str("null").expect("decodes");
        assert_eq!(none.0, None);
        let map: Lenient<BTreeMap<String, Box<DateTime<Utc>>>> =
            serde_json::from_str(r#"{"a": "2026-04-22 12:34:41.5"}"#).expect("decodes");
        assert_eq!(map.0.len(), 1);
        let error = serde_json::from_str::<Lenient<DateTime<Utc>>>(r#""soon""#)
            .err()
            .expect("not a date-time");
        assert!(
            error.to_string().contains("invalid date-time `soon`"),
            "{}",
            error
        );
    }
}
