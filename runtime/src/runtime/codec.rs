//! Serde helpers of the generated types: structs decode through [`FromMap`] (one pass over
//! the entries of an object), open string enums decode from borrowed text, tagged unions
//! add their tag when they serialize.
//!
//! The generated structs implement `Deserialize` through these rather than with
//! `#[derive]`: a derived impl also accepts arrays and goes through a field enum, and
//! type-checking it was most of the `cargo check` time of a generated crate.

#[cfg(feature = "structs")]
use std::marker::PhantomData;

#[cfg(feature = "structs")]
use serde::de::{self, MapAccess, Visitor};

/// A field name of a JSON object, borrowed from the input when it has no escapes.
#[cfg(feature = "keyed_fields")]
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

#[cfg(feature = "keyed_fields")]
impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

#[cfg(feature = "keyed_fields")]
impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(value)))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value.to_string())))
            }
            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value)))
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A required field's value, or serde's `missing_field` error (the map access only
/// names the error type).
#[cfg(feature = "required_fields")]
pub(crate) fn required<'de, A: MapAccess<'de>, T>(
    value: Option<T>,
    name: &'static str,
    _: &A,
) -> Result<T, A::Error> {
    value.ok_or_else(|| de::Error::missing_field(name))
}

/// Reads a field name as the index `T::field` gives it, without copying the name.
#[cfg(feature = "indexed_fields")]
pub(crate) struct FieldIndex<T>(PhantomData<T>);

#[cfg(feature = "indexed_fields")]
impl<T> FieldIndex<T> {
    pub(crate) const SEED: Self = FieldIndex(PhantomData);
}

#[cfg(feature = "indexed_fields")]
impl<'de, T: FromMap> de::DeserializeSeed<'de> for FieldIndex<T> {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

#[cfg(feature = "indexed_fields")]
impl<'de, T: FromMap> Visitor<'de> for FieldIndex<T> {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<usize, E> {
        Ok(T::field(value))
    }
}

/// A struct decoded from the entries of a JSON object.
#[cfg(feature = "structs")]
pub(crate) trait FromMap: Sized {
    /// The type name, for error messages.
    const NAME: &'static str;
    /// The index of a declared field, `usize::MAX` for others (structs whose unknown
    /// fields are skipped read their keys this way).
    #[cfg(feature = "indexed_fields")]
    fn field(_name: &str) -> usize {
        usize::MAX
    }
    /// Reads every entry; unknown fields are skipped (or kept as additional properties).
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a generated struct.
#[cfg(feature = "structs")]
pub(crate) fn deserialize_struct<'de, T: FromMap, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct StructVisitor<T>(PhantomData<T>);
    impl<'de, T: FromMap> Visitor<'de> for StructVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "struct {}", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

/// Decodes an open string enum from the borrowed text: known values copy nothing,
/// unknown ones become `Unknown(String)`.
#[cfg(feature = "string_enums")]
pub(crate) fn string_enum<'de, T: for<'a> From<&'a str>, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct EnumVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str>> serde::de::Visitor<'de> for EnumVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(EnumVisitor(std::marker::PhantomData))
}

/// Serializes a variant of an internally tagged union, adding the tag when the
/// payload does not carry it.
#[cfg(feature = "tagged")]
pub(crate) fn serialize_tagged<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(tag.to_string())
            .or_insert_with(|| serde_json::Value::String(tag_value.to_string()));
    }
    serde::Serialize::serialize(&json, serializer)
}

/// The fields of a generated struct being serialized. The first error is kept and the
/// fields after it are skipped, so the generated `serialize` is a plain list of calls:
/// one `?` per field made `cargo check` of a large API noticeably slower.
#[cfg(feature = "indexed_fields")]
pub(crate) struct Fields<S: serde::Serializer>(Result<S::SerializeStruct, S::Error>);

#[cfg(feature = "indexed_fields")]
impl<S: serde::Serializer> Fields<S> {
    /// Starts the struct `name`; `len` counts every declared field (serde_json would close
    /// an object announced with none).
    #[inline]
    pub(crate) fn begin(serializer: S, name: &'static str, len: usize) -> Self {
        Fields(serializer.serialize_struct(name, len))
    }

    /// Sends a field.
    #[inline]
    pub(crate) fn put<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Ok(state) = &mut self.0 {
            let sent = serde::ser::SerializeStruct::serialize_field(state, name, value);
            self.keep_error(sent);
        }
    }

    /// Sends an optional field when it is set.
    #[cfg(feature = "optional_fields")]
    #[inline]
    pub(crate) fn put_some<T: serde::Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        match value {
            Some(value) => self.put(name, value),
            None => {
                if let Ok(state) = &mut self.0 {
                    let skipped = serde::ser::SerializeStruct::skip_field(state, name);
                    self.keep_error(skipped);
                }
            }
        }
    }

    #[inline]
    fn keep_error(&mut self, result: Result<(), S::Error>) {
        if let Err(error) = result {
            self.0 = Err(error);
        }
    }

    /// Closes the struct, or returns the first error.
    #[inline]
    pub(crate) fn end(self) -> Result<S::Ok, S::Error> {
        serde::ser::SerializeStruct::end(self.0?)
    }
}

/// Reads a field's value into `slot`: an optional field, where `null` reads as `None`.
/// Each read returns its result, and the generated `from_map` applies one `?` to the
/// whole `match`.
#[cfg(feature = "read_option")]
#[inline]
pub(crate) fn read<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// [`read`] for a field whose value is always there once sent (required, or `Nullable`),
/// held in an `Option` until the object ends.
#[cfg(feature = "read_some")]
#[inline]
pub(crate) fn read_some<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a field the struct does not declare.
#[cfg(feature = "indexed_fields")]
#[inline]
pub(crate) fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>()?;
    Ok(())
}

/// Implements `Serialize`, `Deserialize` and [`FromMap`] for a generated struct, from its
/// fields, each `index field "wire" mode,`. The mode says how the field is sent and read:
/// `required` (always sent; absent is an error), `optional` (an `Option`, sent when
/// `Some`), `nullable` (required but may be `null`: an `Option`, always sent), `explicit`
/// (`Option<Nullable<T>>`: absent, `null` or a value); a mode followed by `lenient` reads a
/// value that holds numbers or date-times leniently (`runtime::Lenient`). With `.. field` after them, entries
/// the schema does not declare are kept in that map. The call site has `runtime` (this
/// module) in scope.
#[cfg(feature = "structs")]
macro_rules! object {
    ($name:ident: $($index:literal $field:ident $wire:literal $mode:ident $($via:ident)?),* $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let fields: &[&str] = &[$($wire),*];
                #[allow(unused_mut, reason = "a struct without fields sends none")]
                let mut out = runtime::Fields::begin(serializer, stringify!($name), fields.len());
                $(runtime::object!(@field out $mode $wire self.$field);)*
                out.end()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::deserialize_struct(deserializer)
            }
        }
        impl runtime::FromMap for $name {
            const NAME: &'static str = stringify!($name);
            #[inline]
            fn field(name: &str) -> usize {
                match name {
                    $($wire => $index,)*
                    _ => usize::MAX,
                }
            }
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                while let Some(index) = map.next_key_seed(runtime::FieldIndex::<Self>::SEED)? {
                    match index {
                        $($index => runtime::object!(@read map $mode $field $($via)?),)*
                        _ => runtime::skip_value(&mut map),
                    }?;
                }
                Ok(Self { $($field: runtime::object!(@finish map $mode $field $wire),)* })
            }
        }
    };
    ($name:ident: $($field:ident $wire:literal $mode:ident $($via:ident)?,)* .. $additional:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut state = serializer.serialize_map(None)?;
                $(runtime::object!(@entry state $mode $wire self.$field);)*
                for (key, value) in &self.$additional {
                    state.serialize_entry(key, value)?;
                }
                state.end()
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::deserialize_struct(deserializer)
            }
        }
        impl runtime::FromMap for $name {
            const NAME: &'static str = stringify!($name);
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                let mut $additional = ::std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<runtime::Key<'de>>()? {
                    match key.as_str() {
                        $($wire => runtime::object!(@read map $mode $field $($via)?),)*
                        _ => map.next_value().map(|value| {
                            $additional.insert(key.into_string(), value);
                        }),
                    }?;
                }
                Ok(Self { $($field: runtime::object!(@finish map $mode $field $wire),)* $additional })
            }
        }
    };
    (@field $out:ident required $wire:literal $value:expr) => { $out.put($wire, &$value) };
    (@field $out:ident nullable $wire:literal $value:expr) => { $out.put($wire, &$value) };
    (@field $out:ident $mode:ident $wire:literal $value:expr) => { $out.put_some($wire, &$value) };
    (@entry $state:ident required $wire:literal $value:expr) => { $state.serialize_entry($wire, &$value)? };
    (@entry $state:ident nullable $wire:literal $value:expr) => { $state.serialize_entry($wire, &$value)? };
    (@entry $state:ident $mode:ident $wire:literal $value:expr) => {
        if let Some(value) = &$value {
            $state.serialize_entry($wire, value)?;
        }
    };
    // A plain `Option` reads `null` as `None`; `Nullable` keeps it, as a required value does.
    // `lenient`: the value holds numbers or date-times, read by `Lenient` (numbers may be
    // strings, offsets may be missing).
    (@read $map:ident optional $field:ident lenient) => {
        $map.next_value::<runtime::Lenient<_>>().map(|value| $field = value.0)
    };
    (@read $map:ident nullable $field:ident lenient) => {
        $map.next_value::<runtime::Lenient<_>>().map(|value| $field = value.0)
    };
    (@read $map:ident $mode:ident $field:ident lenient) => {
        $map.next_value::<runtime::Lenient<_>>().map(|value| $field = Some(value.0))
    };
    (@read $map:ident optional $field:ident) => { runtime::read(&mut $map, &mut $field) };
    (@read $map:ident nullable $field:ident) => { runtime::read(&mut $map, &mut $field) };
    (@read $map:ident $mode:ident $field:ident) => { runtime::read_some(&mut $map, &mut $field) };
    (@finish $map:ident required $field:ident $wire:literal) => { runtime::required($field, $wire, &$map)? };
    (@finish $map:ident $mode:ident $field:ident $wire:literal) => { $field };
}
#[cfg(feature = "structs")]
pub(crate) use object;

/// Implements the methods and traits of a generated open string enum from its variants,
/// each `Variant "wire",`: `as_str`, `From<&str>`, `From<String>`, `Display`,
/// `Serialize` and `Deserialize` (unknown values are kept in `Unknown`).
#[cfg(feature = "string_enums")]
macro_rules! open_enum {
    ($name:ident: $($variant:ident $wire:literal),* $(,)?) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }
        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                runtime::string_enum(deserializer)
            }
        }
    };
}
#[cfg(feature = "string_enums")]
pub(crate) use open_enum;

/// Implements the methods and traits of a generated open integer enum from its variants,
/// each `Variant value,`: `value`, `From<i64>`, `Serialize` and `Deserialize` (unknown
/// values are kept in `Unknown`).
#[cfg(feature = "int_enums")]
macro_rules! int_enum {
    ($name:ident: $($variant:ident $value:literal),* $(,)?) => {
        impl $name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }
        }
        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
#[cfg(feature = "int_enums")]
pub(crate) use int_enum;

/// Implements `Serialize` and `Deserialize` for a generated union whose alternatives carry
/// no tag, from its variants, each `Variant,`: encoding writes the payload; decoding reads
/// the value once and keeps the first alternative it fits, in order.
#[cfg(feature = "one_of")]
macro_rules! one_of {
    ($name:ident: $($variant:ident),* $(,)?) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $(
                    if let Ok(payload) = ::serde::Deserialize::deserialize(&value) {
                        return Ok(Self::$variant(payload));
                    }
                )*
                // None fits: say why each did not (decoded again, so that the common path
                // never formats an error), each reason cut to a readable length.
                let mut reasons = ::std::vec::Vec::new();
                $(
                    let attempt: Result<Self, ::serde_json::Error> =
                        ::serde::Deserialize::deserialize(&value).map(Self::$variant);
                    if let Err(error) = attempt {
                        let reason: String = error.to_string().chars().take(200).collect();
                        reasons.push(format!("{}: {}", stringify!($variant), reason));
                    }
                )*
                Err(::serde::de::Error::custom(format!(
                    "data did not match any variant of untagged enum {} ({})",
                    stringify!($name),
                    reasons.join("; ")
                )))
            }
        }
    };
}
#[cfg(feature = "one_of")]
pub(crate) use one_of;

#[cfg(test)]
mod tests {
    use super::*;

    // The macros are called as the generated types call them: through `runtime`.
    use crate::runtime;

    /// A struct as the generator writes it: a required, an optional and a nullable field,
    /// and one that keeps an explicit `null`.
    #[derive(Debug, Clone, PartialEq)]
    struct Pet {
        name: String,
        age: Option<u8>,
        owner: Option<String>,
        tag: Option<runtime::Nullable<String>>,
    }

    runtime::object! {
        Pet: 0 name "name" required, 1 age "age" optional, 2 owner "owner" nullable,
        3 tag "tag" explicit,
    }

    /// A struct with additional properties.
    #[derive(Debug, PartialEq)]
    struct Labels {
        kind: String,
        additional_properties: std::collections::BTreeMap<String, u32>,
    }

    runtime::object! {
        Labels: kind "kind" required, .. additional_properties
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Color {
        Red,
        DarkBlue,
        Unknown(String),
    }

    runtime::open_enum! {
        Color: Red "red", DarkBlue "dark-blue",
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Level {
        Low,
        High,
        Unknown(i64),
    }

    runtime::int_enum! {
        Level: Low 1, High 9,
    }

    #[test]
    fn objects_encode_what_is_set_and_decode_null_and_absent_apart() {
        let pet = Pet {
            name: "Rex".to_string(),
            age: None,
            owner: None,
            tag: Some(runtime::Nullable::Null),
        };
        assert_eq!(
            serde_json::to_string(&pet).expect("encodes"),
            r#"{"name":"Rex","owner":null,"tag":null}"#
        );
        let back: Pet =
            serde_json::from_str(r#"{"name":"Rex","owner":null,"tag":null}"#).expect("decodes");
        assert_eq!(back, pet);
        let absent: Pet = serde_json::from_str(r#"{"name":"Rex"}"#).expect("decodes");
        assert_eq!(absent.tag, None);
        let labels: Labels = serde_json::from_str(r#"{"kind":"k","a":1,"b":2}"#).expect("decodes");
        assert_eq!(labels.additional_properties.len(), 2);
        assert_eq!(
            serde_json::to_string(&labels).expect("encodes"),
            r#"{"kind":"k","a":1,"b":2}"#
        );
    }

    /// Fields that hold date-times, read leniently.
    #[cfg(feature = "dates")]
    #[derive(Debug, PartialEq)]
    struct Event {
        at: chrono::DateTime<chrono::Utc>,
        seen: Option<Vec<chrono::DateTime<chrono::Utc>>>,
    }

    #[cfg(feature = "dates")]
    runtime::object! {
        Event: 0 at "at" required lenient, 1 seen "seen" optional lenient,
    }

    #[cfg(feature = "dates")]
    #[test]
    fn date_time_fields_accept_timestamps_without_an_offset() {
        let event: Event = serde_json::from_str(
            r#"{"at":"2026-04-22T12:34:41.342245","seen":["2026-04-22T12:34:41.342245Z"]}"#,
        )
        .expect("decodes");
        assert_eq!(event.seen, Some(vec![event.at]));
        assert_eq!(
            serde_json::to_string(&event).expect("encodes"),
            r#"{"at":"2026-04-22T12:34:41.342245Z","seen":["2026-04-22T12:34:41.342245Z"]}"#
        );
        let error = serde_json::from_str::<Event>(r#"{"at":"later"}"#).expect_err("not a date");
        assert!(error.to_string().contains("invalid date-time"), "{}", error);
    }

    #[derive(Debug, Clone, PartialEq)]
    enum IdOrName {
        Id(u64),
        Name(String),
        Pet(Box<Pet>),
    }

    runtime::one_of! {
        IdOrName: Id, Name, Pet,
    }

    #[test]
    fn unions_keep_the_first_alternative_that_fits() {
        let id: IdOrName = serde_json::from_str("7").expect("decodes");
        assert_eq!(id, IdOrName::Id(7));
        let name: IdOrName = serde_json::from_str(r#""rex""#).expect("decodes");
        assert_eq!(serde_json::to_string(&name).expect("encodes"), r#""rex""#);
        let pet: IdOrName = serde_json::from_str(r#"{"name":"Rex"}"#).expect("decodes");
        assert!(matches!(pet, IdOrName::Pet(_)));
        let error = serde_json::from_str::<IdOrName>("true").expect_err("no alternative fits");
        assert!(error
            .to_string()
            .contains("did not match any variant of untagged enum IdOrName"));
        // The error says why each alternative did not fit: here the object lacks `name`.
        let error = serde_json::from_str::<IdOrName>(r#"{"age":3}"#).expect_err("no name");
        let text = error.to_string();
        assert!(
            text.contains("Id: invalid type: map, expected u64"),
            "{}",
            text
        );
        assert!(
            text.contains("Name: invalid type: map, expected a string"),
            "{}",
            text
        );
        assert!(text.contains("Pet: missing field `name`"), "{}", text);
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        let color: Color = serde_json::from_str(r#""dark-blue""#).expect("decodes");
        assert_eq!(color, Color::DarkBlue);
        let other: Color = serde_json::from_str(r#""green""#).expect("decodes");
        assert_eq!(other.as_str(), "green");
        assert_eq!(
            serde_json::to_string(&other).expect("encodes"),
            r#""green""#
        );
        assert_eq!(Color::from("red".to_string()).to_string(), "red");
        let level: Level = serde_json::from_str("7").expect("decodes");
        assert_eq!((level, Level::from(9).value()), (Level::Unknown(7), 9));
        assert_eq!(serde_json::to_string(&Level::Low).expect("encodes"), "1");
    }

    #[test]
    fn structs_decode_by_field_index_and_skip_unknown_fields() {
        let pet: Pet =
            serde_json::from_str(r#"{"extra":[1],"name":"Rex","age":null}"#).expect("decodes");
        assert_eq!(
            pet,
            Pet {
                name: "Rex".to_string(),
                age: None,
                owner: None,
                tag: None,
            }
        );
        let error = serde_json::from_str::<Pet>(r#"{"age":3}"#).expect_err("name is required");
        assert!(
            error.to_string().contains("missing field `name`"),
            "{}",
            error
        );
        let error = serde_json::from_str::<Pet>("[]").expect_err("not an object");
        assert!(
            error.to_string().contains("expected struct Pet"),
            "{}",
            error
        );
    }

    #[test]
    fn keys_borrow_when_they_can() {
        let key: Key<'_> = serde_json::from_str(r#""plain""#).expect("decodes");
        assert!(matches!(key.0, std::borrow::Cow::Borrowed("plain")));
        let key: Key<'_> = serde_json::from_str(r#""esc\"aped""#).expect("decodes");
        assert_eq!(key.into_string(), "esc\"aped");
    }

    #[test]
    fn tagged_values_get_their_tag() {
        let mut out = Vec::new();
        let serializer = &mut serde_json::Serializer::new(&mut out);
        serialize_tagged(&serde_json::json!({"a": 1}), "kind", "dog", serializer).expect("encodes");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            r#"{"a":1,"kind":"dog"}"#
        );
    }
}
