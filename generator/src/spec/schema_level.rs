//! Parsing one level of a schema object: what the loader checks of each component schema
//! and lowering reads of every schema, without copying the sub-schemas.

use serde_json::Value;

use super::Schema;

/// The keys of a schema object that [`Schema`] reads; the others are never read.
const SCHEMA_KEYS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "title",
    "description",
    "nullable",
    "deprecated",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "prefixItems",
    "allOf",
    "not",
    "oneOf",
    "anyOf",
    "discriminator",
    "minimum",
    "maximum",
    "example",
    "examples",
    "x-rust-name",
];

impl Schema {
    /// Parses one level of a schema object into [`Schema`], without its sub-schemas: each
    /// one (a property's schema, `items`, an `allOf` member…) is read as a stand-in of the
    /// same kind (`true`, or `{}` for an object `additionalProperties`), so the parse sees the
    /// same shape and reports the same errors. Parsing a schema so reads its own level only;
    /// the whole tree at every level would cost time and memory in the depth times the size.
    /// Only the [`SCHEMA_KEYS`] are read, in that order, straight from the spec's tree.
    pub fn parse_level(
        object: &serde_json::Map<String, Value>,
    ) -> Result<Schema, serde_path_to_error::Error<serde_json::Error>> {
        static TRUE: Value = Value::Bool(true);
        static NULL: Value = Value::Null;
        static EMPTY: std::sync::LazyLock<Value> =
            std::sync::LazyLock::new(|| Value::Object(serde_json::Map::new()));
        let stand_in = |value: &Value| match value {
            Value::Null => Value::Null,
            _ => Value::Bool(true),
        };
        // Stand-ins that are collections of their own: built first, borrowed below.
        let mut owned: Vec<(usize, Value)> = Vec::new();
        let mut read: Vec<(usize, &str, &Value)> = Vec::with_capacity(object.len());
        for (key, value) in object {
            let Some(at) = SCHEMA_KEYS.iter().position(|known| *known == key) else {
                continue;
            };
            match (key.as_str(), value) {
                ("properties", Value::Object(properties)) => owned.push((
                    at,
                    Value::Object(
                        (properties.iter())
                            .map(|(name, property)| (name.clone(), stand_in(property)))
                            .collect(),
                    ),
                )),
                ("allOf" | "oneOf" | "anyOf" | "prefixItems", Value::Array(members)) => {
                    owned.push((at, Value::Array(members.iter().map(stand_in).collect())));
                }
                _ => {}
            }
            read.push((at, key, value));
        }
        read.sort_unstable_by_key(|(at, ..)| *at);
        let entries = read.iter().map(|&(at, key, value)| {
            let value: &Value = match (key, value) {
                ("properties", Value::Object(_))
                | ("allOf" | "oneOf" | "anyOf" | "prefixItems", Value::Array(_)) => owned
                    .iter()
                    .find(|(index, _)| *index == at)
                    .map_or(&NULL, |(_, value)| value),
                ("additionalProperties", Value::Object(_)) => &EMPTY,
                ("items" | "not", Value::Null) => &NULL,
                ("items" | "not", _) => &TRUE,
                (_, value) => value,
            };
            (key, value)
        });
        let level = serde::de::value::MapDeserializer::<_, serde_json::Error>::new(entries);
        serde_path_to_error::deserialize(level)
    }
}
