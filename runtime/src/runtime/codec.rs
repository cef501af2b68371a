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

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct as the generator writes it: one required and one optional field.
    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        age: Option<u8>,
    }

    impl FromMap for Pet {
        const NAME: &'static str = "Pet";
        fn field(name: &str) -> usize {
            match name {
                "name" => 0,
                "age" => 1,
                _ => usize::MAX,
            }
        }
        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = None;
            let mut age = None;
            while let Some(index) = map.next_key_seed(FieldIndex::<Self>::SEED)? {
                match index {
                    0 => name = Some(map.next_value()?),
                    1 => age = map.next_value()?,
                    _ => {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
            }
            Ok(Pet {
                name: required(name, "name", &map)?,
                age,
            })
        }
    }

    impl<'de> serde::Deserialize<'de> for Pet {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_struct(deserializer)
        }
    }

    #[test]
    fn structs_decode_by_field_index_and_skip_unknown_fields() {
        let pet: Pet =
            serde_json::from_str(r#"{"extra":[1],"name":"Rex","age":null}"#).expect("decodes");
        assert_eq!(
            pet,
            Pet {
                name: "Rex".to_string(),
                age: None
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
