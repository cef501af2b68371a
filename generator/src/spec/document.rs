//! Reading the typed [`Document`] from the spec's tree.
//!
//! Serde reads the small top-level parts. The two big maps are read entry by entry:
//! each path item straight into [`PathItem`] (not buffered first, as an untagged
//! [`RefOr`] would), each component schema as its own level only
//! ([`Schema::parse_level`]), since lowering reads every sub-schema from the tree.

use serde_json::{Map, Value};

use super::{Document, PathItem, RefOr, Reference, Schema};
use crate::diag::escape_pointer;

/// A part of the spec with the wrong shape: its JSON pointer and what is wrong.
#[derive(Debug)]
pub struct Misshapen {
    pub pointer: String,
    pub message: String,
}

/// The keys of the root object that [`Document`] reads (a test holds this list to the
/// struct's fields); the others, `webhooks` and extensions, are not copied.
const DOCUMENT_KEYS: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "paths",
    "components",
    "security",
    "tags",
    "x-rust-sdk",
];

/// The keys of `components` that [`super::Components`] reads (held to its fields too).
const COMPONENTS_KEYS: &[&str] = &["schemas", "securitySchemes"];

/// The typed document of `root`.
pub fn read_document(root: &Value) -> Result<Document, Misshapen> {
    let object = root.as_object();
    let paths = object
        .and_then(|o| o.get("paths"))
        .and_then(Value::as_object);
    let schemas = (object.and_then(|o| o.get("components")))
        .and_then(|components| components.get("schemas"))
        .and_then(Value::as_object);
    // The root without the maps read below (left in place when they are not maps, so
    // that serde reports their shape).
    let top = match object {
        Some(object) => {
            let mut top = Map::new();
            for (key, value) in object {
                if !DOCUMENT_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let value = match (key.as_str(), value) {
                    ("paths", _) if paths.is_some() => Value::Object(Map::new()),
                    ("components", Value::Object(components)) => {
                        let mut copy = Map::new();
                        for (key, value) in components {
                            let value = match key.as_str() {
                                "schemas" if schemas.is_some() => Value::Object(Map::new()),
                                key if COMPONENTS_KEYS.contains(&key) => value.clone(),
                                _ => continue,
                            };
                            copy.insert(key.clone(), value);
                        }
                        Value::Object(copy)
                    }
                    _ => value.clone(),
                };
                top.insert(key.clone(), value);
            }
            Value::Object(top)
        }
        None => root.clone(),
    };
    let mut document: Document =
        serde_path_to_error::deserialize(&top).map_err(|error| misshapen("#", &error))?;
    for (path, item) in paths.into_iter().flatten() {
        let at = || format!("#/paths/{}", escape_pointer(path));
        let item = match item {
            Value::Object(fields) => match fields.get("$ref").and_then(Value::as_str) {
                Some(reference) => RefOr::Ref(Reference {
                    reference: reference.to_string(),
                }),
                None => RefOr::Item(
                    serde_path_to_error::deserialize::<_, PathItem>(item)
                        .map_err(|error| misshapen(&at(), &error))?,
                ),
            },
            _ => serde_path_to_error::deserialize::<_, RefOr<PathItem>>(item)
                .map_err(|error| misshapen(&at(), &error))?,
        };
        document.paths.insert(path.clone(), item);
    }
    for (name, schema) in schemas.into_iter().flatten() {
        let at = || format!("#/components/schemas/{}", escape_pointer(name));
        let schema = match schema {
            Value::Object(fields) => Schema::parse_level(fields),
            _ => serde_path_to_error::deserialize::<_, Schema>(schema),
        }
        .map_err(|error| misshapen(&at(), &error))?;
        document.components.schemas.insert(name.clone(), schema);
    }
    Ok(document)
}

/// The error of a serde read of the node at `base`.
fn misshapen(base: &str, error: &serde_path_to_error::Error<serde_json::Error>) -> Misshapen {
    let mut pointer = base.to_string();
    for segment in error.path().iter() {
        use serde_path_to_error::Segment;
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&escape_pointer(&text));
    }
    Misshapen {
        pointer,
        message: error.inner().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde::de::{self, Deserializer, Visitor};
    use std::cell::RefCell;

    /// A deserializer that only records the field names a struct asks for.
    struct Fields(RefCell<Vec<&'static str>>);

    impl<'de> Deserializer<'de> for &Fields {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only struct fields are recorded"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.borrow_mut().extend(fields);
            Err(de::Error::custom("recorded"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    fn fields<'de, T: Deserialize<'de>>() -> Vec<&'static str> {
        let fields = Fields(RefCell::new(Vec::new()));
        let _ = T::deserialize(&fields);
        let mut names = fields.0.into_inner();
        names.sort_unstable();
        names
    }

    fn sorted(keys: &[&'static str]) -> Vec<&'static str> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        keys
    }

    /// The keys copied for serde are every key the structs read: a new field of
    /// `Document` or `Components` must be added to the lists.
    #[test]
    fn the_copied_keys_are_the_fields_read() {
        assert_eq!(fields::<Document>(), sorted(DOCUMENT_KEYS));
        assert_eq!(
            fields::<super::super::Components>(),
            sorted(COMPONENTS_KEYS)
        );
    }

    /// Read entry by entry, the document is what serde reads of the whole tree (schemas:
    /// their own level), and errors point into the entry.
    #[test]
    fn the_document_is_read_as_serde_reads_it() {
        let root = serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}},
                "/b": {"$ref": "#/components/pathItems/B"},
                "/c": {"$ref": 5, "summary": "not a reference"}
            },
            "components": {
                "schemas": {"S": {"type": "object", "x-rust-name": "Ess"}, "R": {"$ref": "#/x"}},
                "securitySchemes": {"k": {"type": "apiKey", "name": "k", "in": "header"}},
                "responses": {"Big": {"description": "not read"}}
            },
            "webhooks": {"w": {}}
        });
        let read = read_document(&root).expect("reads");
        let whole: Document = serde_json::from_value(root.clone()).expect("reads");
        assert_eq!(format!("{:?}", read.info), format!("{:?}", whole.info));
        assert_eq!(format!("{:?}", read.paths), format!("{:?}", whole.paths));
        assert_eq!(
            format!("{:?}", read.components.security_schemes),
            format!("{:?}", whole.components.security_schemes)
        );
        let names = |document: &Document| -> Vec<(String, Option<String>, Option<String>)> {
            (document.components.schemas.iter())
                .map(|(name, s)| (name.clone(), s.reference.clone(), s.rust_name.clone()))
                .collect()
        };
        assert_eq!(names(&read), names(&whole));

        let mut wrong = root.clone();
        wrong["paths"]["/a"]["get"]["tags"] = serde_json::json!("not a list");
        let error = read_document(&wrong).expect_err("misshapen");
        assert_eq!(error.pointer, "#/paths/~1a/get/tags");
        let mut wrong = root.clone();
        wrong["components"]["schemas"]["S"]["required"] = serde_json::json!(7);
        let error = read_document(&wrong).expect_err("misshapen");
        assert_eq!(error.pointer, "#/components/schemas/S/required");
        let mut wrong = root;
        wrong["paths"] = serde_json::json!([1]);
        let error = read_document(&wrong).expect_err("misshapen");
        assert_eq!(error.pointer, "#/paths");
    }
}
