//! The runtime every generated SDK carries: request building, encoding, retries' timing,
//! decoding. It does not depend on the spec, so it is emitted verbatim.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, BodyEncoding, ParamLocation, ResponseBody, TypeKind, TypeRef};

/// Which optional runtime pieces the operations of an API need (unused helpers would be
/// dead code in the generated crate).
#[derive(Debug, Default, Clone, Copy)]
pub struct Uses {
    pub(super) operations: bool,
    pub(super) path: bool,
    pub(super) query: bool,
    pub(super) header: bool,
    pub(super) cookie: bool,
    pub(super) json_response: bool,
    pub(super) binary: bool,
    pub(super) nullable: bool,
    pub(super) json: bool,
    pub(super) form: bool,
    pub(super) raw: bool,
    pub(super) by_status: bool,
    pub(super) auth: bool,
    pub(super) multipart: bool,
    pub(super) wait: bool,
    pub(super) tagged: bool,
    pub(super) text: bool,
    pub(super) empty: bool,
    pub(super) typed: bool,
    /// Some struct type gets the `FromMap` helpers.
    pub(super) structs: bool,
    /// Some struct has fields and additional properties (`Key` is used).
    pub(super) keyed_fields: bool,
    /// Some struct has fields and no additional properties (`FieldIndex` is used).
    pub(super) indexed_fields: bool,
    /// Some struct has a required field (`required` is used).
    pub(super) required_fields: bool,
    /// Some open string enum decodes through `string_enum`.
    pub(super) string_enums: bool,
}

impl Uses {
    /// Scans the API.
    pub fn of(api: &Api) -> Self {
        let mut uses = Uses {
            operations: !api.groups.is_empty() || !api.client_operations.is_empty(),
            auth: api.auth.is_some(),
            ..Uses::default()
        };
        let operations = api
            .groups
            .iter()
            .flat_map(|g| &g.operations)
            .chain(&api.client_operations);
        for op in operations {
            for param in &op.params {
                match param.location {
                    ParamLocation::Path => uses.path = true,
                    ParamLocation::Query => uses.query = true,
                    ParamLocation::Header => uses.header = true,
                    ParamLocation::Cookie => uses.cookie = true,
                }
            }
            if let Some(body) = &op.body {
                match (body.encoding, &body.ty) {
                    (BodyEncoding::Json, _) => uses.json = true,
                    (BodyEncoding::Form, _) => uses.form = true,
                    (BodyEncoding::Multipart, TypeRef::Named(_)) => uses.multipart = true,
                    _ => uses.raw = true,
                }
            }
            match op.success.body {
                ResponseBody::Text => uses.text = true,
                ResponseBody::Empty => uses.empty = true,
                ResponseBody::Json(_) => uses.json_response = true,
                ResponseBody::ByStatus(_) => {
                    uses.json_response = true;
                    uses.by_status = true;
                }
                ResponseBody::Binary => uses.binary = true,
            }
            uses.typed |= !op.errors.is_empty();
        }
        uses.wait = api
            .groups
            .iter()
            .flat_map(|g| &g.operations)
            .chain(&api.client_operations)
            .any(|op| op.wait.is_some());
        uses.nullable = api.types.iter().any(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => fields.iter().any(|f| f.explicit_null),
            _ => false,
        });
        uses.tagged = api
            .types
            .iter()
            .any(|t| matches!(t.kind, TypeKind::Union { tag: Some(_), .. }));
        uses.string_enums = api
            .types
            .iter()
            .any(|t| matches!(t.kind, TypeKind::StringEnum { .. }));
        for t in &api.types {
            if let TypeKind::Struct {
                fields,
                multipart: false,
                additional,
            } = &t.kind
            {
                uses.structs = true;
                uses.keyed_fields |= !fields.is_empty() && additional.is_some();
                uses.indexed_fields |= !fields.is_empty() && additional.is_none();
                uses.required_fields |= fields.iter().any(|f| !f.optional());
            }
        }
        uses
    }
}

/// The `runtime` module.
pub fn module(uses: &Uses) -> TokenStream {
    let header = uses.header.then(|| quote! {
            /// Sets a header parameter; `None` sets nothing.
            pub(crate) fn header<T: ::serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
                let value = to_json(name, value)?;
                let text = match &value {
                    ::serde_json::Value::Null => return Ok(()),
                    ::serde_json::Value::Array(items) => items.iter().filter_map(scalar_text).collect::<Vec<_>>().join(","),
                    other => scalar_text(other).unwrap_or_else(|| other.to_string()),
                };
                let header = ::reqwest::header::HeaderValue::from_str(&text)
                    .map_err(|_| Error::InvalidArgument(format!("header parameter `{name}` is not a valid header value")))?;
                let name = ::reqwest::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::InvalidArgument(format!("`{name}` is not a valid header name")))?;
                self.headers.insert(name, header);
                Ok(())
            }

    });
    let cookie = uses.cookie.then(|| quote! {
            /// Adds a cookie parameter; `None` adds nothing.
            pub(crate) fn cookie<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
                let value = to_json(name, value)?;
                if let Some(text) = scalar_text(&value) {
                    self.cookies.push(format!("{name}={text}"));
                }
                Ok(())
            }

    });
    let json = uses.json.then(|| quote! {
            /// Sets a JSON body.
            pub(crate) fn json<T: ::serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
                let bytes = ::serde_json::to_vec(body).map_err(|error| Error::InvalidArgument(format!("the request body cannot be encoded as JSON: {error}")))?;
                self.body = Some((bytes.into(), "application/json".to_string()));
                Ok(())
            }

    });
    let form = uses.form.then(|| quote! {
            /// Sets an `application/x-www-form-urlencoded` body.
            pub(crate) fn form<T: ::serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
                let value = to_json("body", body)?;
                let mut pairs = Vec::new();
                encode_query(&mut pairs, "", &value, Style::FormExploded);
                let mut serializer = ::url::form_urlencoded::Serializer::new(String::new());
                for (key, value) in &pairs {
                    serializer.append_pair(key, value);
                }
                self.body = Some((serializer.finish().into_bytes().into(), "application/x-www-form-urlencoded".to_string()));
                Ok(())
            }

    });
    let raw = uses.raw.then(|| {
        quote! {
                /// Sets a raw body with its content type.
                pub(crate) fn raw(&mut self, body: Vec<u8>, content_type: &'static str) {
                    self.body = Some((body.into(), content_type.to_string()));
                }
        }
    });
    let tagged = uses.tagged.then(|| quote! {
        /// Serializes a variant of an internally tagged union, adding the tag when the
        /// payload does not carry it.
        pub(crate) fn serialize_tagged<T: ::serde::Serialize, S: ::serde::Serializer>(value: &T, tag: &str, tag_value: &str, serializer: S) -> Result<S::Ok, S::Error> {
            let mut json = ::serde_json::to_value(value).map_err(::serde::ser::Error::custom)?;
            if let ::serde_json::Value::Object(map) = &mut json {
                map.entry(tag.to_string()).or_insert_with(|| ::serde_json::Value::String(tag_value.to_string()));
            }
            ::serde::Serialize::serialize(&json, serializer)
        }

    });
    let text = uses.text.then(|| {
        quote! {
            /// Finishes a text response.
            pub(crate) fn text(response: Received, errors: ErrorTable) -> Result<Response<String>, Error> {
                let (status, headers, raw) = finish(response, errors)?;
                let body = String::from_utf8(raw.to_vec()).map_err(|error| Error::Decode {
                    path: String::new(),
                    message: error.to_string(),
                    body: String::new(),
                })?;
                Ok(Response { status, headers, body, raw })
            }
        }
    });
    let empty = uses.empty.then(|| {
        quote! {
            /// Finishes a response without a body.
            pub(crate) fn empty(response: Received, errors: ErrorTable) -> Result<Response<()>, Error> {
                let (status, headers, raw) = finish(response, errors)?;
                Ok(Response { status, headers, body: (), raw })
            }
        }
    });
    let binary = uses.binary.then(|| {
        quote! {
            /// Finishes a binary response.
            pub(crate) fn binary(response: Received, errors: ErrorTable) -> Result<Response<Vec<u8>>, Error> {
                let (status, headers, raw) = finish(response, errors)?;
                Ok(Response { status, headers, body: raw.to_vec(), raw })
            }
        }
    });
    let nullable = uses.nullable.then(|| {
        quote! {
            /// A value that may be sent as an explicit `null`. Fields of this type are
            /// `Option<Nullable<T>>`: `None` leaves the field out, `Some(Nullable::Null)`
            /// sends `null`, `Some(Nullable::Value(v))` sends `v`.
            #[derive(Debug, Clone, PartialEq)]
            pub enum Nullable<T> {
                /// Sent as `null`.
                Null,
                /// Sent as the value.
                Value(T),
            }

            impl<T> Nullable<T> {
                /// The value, if not null.
                pub fn as_option(&self) -> Option<&T> {
                    match self {
                        Nullable::Null => None,
                        Nullable::Value(value) => Some(value),
                    }
                }

                /// The value, if not null.
                pub fn into_option(self) -> Option<T> {
                    match self {
                        Nullable::Null => None,
                        Nullable::Value(value) => Some(value),
                    }
                }
            }

            impl<T> From<T> for Nullable<T> {
                fn from(value: T) -> Self {
                    Nullable::Value(value)
                }
            }

            impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        Nullable::Null => serializer.serialize_none(),
                        Nullable::Value(value) => value.serialize(serializer),
                    }
                }
            }

            impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
                /// `null` is [`Nullable::Null`]; an absent field stays `None` in its `Option`.
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <Option<T> as ::serde::Deserialize>::deserialize(deserializer)?;
                    Ok(value.map_or(Nullable::Null, Nullable::Value))
                }
            }
        }
    });
    // The generated structs implement `Deserialize` through these rather than with
    // `#[derive]`: a derived impl also accepts arrays and goes through a field enum, and
    // type-checking it was most of the `cargo check` time of a generated crate.
    let key = uses.keyed_fields.then(|| quote! {
        /// A field name of a JSON object, borrowed from the input when it has no escapes.
        pub(crate) struct Key<'de>(::std::borrow::Cow<'de, str>);

        impl Key<'_> {
            pub(crate) fn as_str(&self) -> &str {
                &self.0
            }

            pub(crate) fn into_string(self) -> String {
                self.0.into_owned()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Key<'de> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = Key<'de>;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a field name")
                    }
                    fn visit_borrowed_str<E: ::serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                        Ok(Key(::std::borrow::Cow::Borrowed(value)))
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                        Ok(Key(::std::borrow::Cow::Owned(value.to_string())))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                        Ok(Key(::std::borrow::Cow::Owned(value)))
                    }
                }
                deserializer.deserialize_identifier(Visitor)
            }
        }

    });
    let required = uses.required_fields.then(|| quote! {
        /// A required field's value, or serde's `missing_field` error (the map access only
        /// names the error type).
        pub(crate) fn required<'de, A: ::serde::de::MapAccess<'de>, T>(value: Option<T>, name: &'static str, _: &A) -> Result<T, A::Error> {
            value.ok_or_else(|| ::serde::de::Error::missing_field(name))
        }
    });
    let field_index = uses.indexed_fields.then(|| quote! {
        /// Reads a field name as the index `T::field` gives it, without copying the name.
        pub(crate) struct FieldIndex<T>(::std::marker::PhantomData<T>);

        impl<T> FieldIndex<T> {
            pub(crate) const SEED: Self = FieldIndex(::std::marker::PhantomData);
        }

        impl<'de, T: FromMap> ::serde::de::DeserializeSeed<'de> for FieldIndex<T> {
            type Value = usize;
            fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
                deserializer.deserialize_identifier(self)
            }
        }

        impl<'de, T: FromMap> ::serde::de::Visitor<'de> for FieldIndex<T> {
            type Value = usize;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<usize, E> {
                Ok(T::field(value))
            }
        }
    });
    let string_enum = uses.string_enums.then(|| quote! {
        /// Decodes an open string enum from the borrowed text: known values copy nothing,
        /// unknown ones become `Unknown(String)`.
        pub(crate) fn string_enum<'de, T: for<'a> From<&'a str>, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            struct Visitor<T>(::std::marker::PhantomData<T>);
            impl<'de, T: for<'a> From<&'a str>> ::serde::de::Visitor<'de> for Visitor<T> {
                type Value = T;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("a string")
                }
                fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
                    Ok(T::from(value))
                }
            }
            deserializer.deserialize_str(Visitor(::std::marker::PhantomData))
        }
    });
    let field_method = uses.indexed_fields.then(|| {
        quote! {
            /// The index of a declared field, `usize::MAX` for others (structs whose unknown
            /// fields are skipped read their keys this way).
            fn field(_name: &str) -> usize {
                usize::MAX
            }
        }
    });
    let structs = uses.structs.then(|| quote! {
        #key
        #required
        #field_index

        /// A struct decoded from the entries of a JSON object.
        pub(crate) trait FromMap: Sized {
            /// The type name, for error messages.
            const NAME: &'static str;
            #field_method
            /// Reads every entry; unknown fields are skipped (or kept as additional properties).
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
        }

        /// `Deserialize::deserialize` of a generated struct.
        pub(crate) fn deserialize_struct<'de, T: FromMap, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            struct Visitor<T>(::std::marker::PhantomData<T>);
            impl<'de, T: FromMap> ::serde::de::Visitor<'de> for Visitor<T> {
                type Value = T;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    write!(f, "struct {}", T::NAME)
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                    T::from_map(map)
                }
            }
            deserializer.deserialize_map(Visitor(::std::marker::PhantomData))
        }
    });
    let path = uses.path.then(|| quote! {
            /// Appends a percent-encoded path parameter; empty values are refused.
            pub(crate) fn path_param<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
                let value = to_json(name, value)?;
                let text = match &value {
                    ::serde_json::Value::String(text) => ::std::borrow::Cow::Borrowed(text.as_str()),
                    other => ::std::borrow::Cow::Owned(scalar_text(other).unwrap_or_else(|| other.to_string())),
                };
                if text.is_empty() {
                    return Err(Error::InvalidArgument(format!("path parameter `{name}` must not be empty")));
                }
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                for byte in text.bytes() {
                    if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                        self.path.push(char::from(byte));
                    } else {
                        self.path.push('%');
                        self.path.push(char::from(HEX[usize::from(byte >> 4)]));
                        self.path.push(char::from(HEX[usize::from(byte & 15)]));
                    }
                }
                Ok(())
            }

    });
    let query = uses.query.then(|| quote! {
            /// Adds a query parameter; `None` adds nothing.
            pub(crate) fn query<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style) -> Result<(), Error> {
                let value = to_json(name, value)?;
                encode_query(&mut self.query, name, &value, style);
                Ok(())
            }

    });
    let to_json = (uses.path || uses.query || uses.header || uses.cookie || uses.form || uses.multipart).then(|| quote! {
        fn to_json<T: ::serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<::serde_json::Value, Error> {
            ::serde_json::to_value(value).map_err(|error| Error::InvalidArgument(format!("`{name}` cannot be encoded: {error}")))
        }

    });
    let scalar_text =
        (uses.path || uses.query || uses.header || uses.cookie || uses.form || uses.multipart)
            .then(|| {
                quote! {
                    /// The text of a scalar JSON value; `None` for null, arrays and objects.
                    fn scalar_text(value: &::serde_json::Value) -> Option<String> {
                        match value {
                            ::serde_json::Value::String(text) => Some(text.clone()),
                            ::serde_json::Value::Number(number) => Some(number.to_string()),
                            ::serde_json::Value::Bool(flag) => Some(flag.to_string()),
                            _ => None,
                        }
                    }

                }
            });
    let encode_query = (uses.query || uses.form).then(|| quote! {
        fn encode_query(out: &mut Vec<(String, String)>, name: &str, value: &::serde_json::Value, style: Style) {
            let text = |value: &::serde_json::Value| scalar_text(value).unwrap_or_else(|| value.to_string());
            match value {
                ::serde_json::Value::Null => {}
                ::serde_json::Value::Array(items) => {
                    let items = items.iter().filter(|item| !item.is_null());
                    let separator = match style {
                        Style::FormExploded | Style::DeepObject => {
                            out.extend(items.map(|item| (name.to_string(), text(item))));
                            return;
                        }
                        Style::Form => ",",
                        Style::SpaceDelimited => " ",
                        Style::PipeDelimited => "|",
                    };
                    out.push((name.to_string(), items.map(text).collect::<Vec<_>>().join(separator)));
                }
                ::serde_json::Value::Object(map) => {
                    let entries = map.iter().filter(|(_, v)| !v.is_null());
                    match style {
                        Style::DeepObject => out.extend(entries.map(|(key, v)| (format!("{name}[{key}]"), text(v)))),
                        Style::FormExploded => {
                            for (key, v) in entries {
                                encode_query(out, key, v, style);
                            }
                        }
                        _ => {
                            let joined = entries.flat_map(|(key, v)| [key.clone(), text(v)]).collect::<Vec<_>>().join(",");
                            out.push((name.to_string(), joined));
                        }
                    }
                }
                scalar => out.push((name.to_string(), text(scalar))),
            }
        }

    });
    let json_response = uses.json_response.then(|| quote! {
        /// Finishes a JSON response.
        pub(crate) fn json<T: ::serde::de::DeserializeOwned>(response: Received, errors: ErrorTable) -> Result<Response<T>, Error> {
            let (status, headers, raw) = finish(response, errors)?;
            // An empty body (a `204` next to a `200` with content) reads as `null`.
            let body = if raw.is_empty() { decode(b"null")? } else { decode(&raw)? };
            Ok(Response { status, headers, body, raw })
        }

        /// Decodes JSON, keeping the raw body and the path of the failure.
        pub(crate) fn decode<T: ::serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
            // The fast path is plain serde_json; only a failure pays for a second pass that
            // finds the path of the problem.
            if let Ok(value) = ::serde_json::from_slice(body) {
                return Ok(value);
            }
            let deserializer = &mut ::serde_json::Deserializer::from_slice(body);
            ::serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Decode {
                path: error.path().to_string(),
                message: error.inner().to_string(),
                body: String::from_utf8_lossy(body).into_owned(),
            })
        }
    });
    let by_status = uses.by_status.then(|| quote! {
        /// Finishes a response whose body type depends on the success status.
        pub(crate) fn by_status<T>(response: Received, errors: ErrorTable, decode: fn(u16, &[u8]) -> Result<T, Error>) -> Result<Response<T>, Error> {
            let (status, headers, raw) = finish(response, errors)?;
            let body = decode(status.as_u16(), &raw)?;
            Ok(Response { status, headers, body, raw })
        }
    });
    let multipart = uses.multipart.then(|| quote! {
        /// A file to send in a `multipart/form-data` body.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct FilePart {
            bytes: Vec<u8>,
            file_name: Option<String>,
            content_type: Option<String>,
        }

        impl FilePart {
            /// A part with these bytes (no file name, `application/octet-stream`).
            pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
                FilePart { bytes: bytes.into(), file_name: None, content_type: None }
            }

            /// Reads a file; the part is named after it.
            pub fn from_path(path: impl AsRef<::std::path::Path>) -> ::std::io::Result<Self> {
                let path = path.as_ref();
                let part = FilePart::new(::std::fs::read(path)?);
                Ok(match path.file_name().and_then(|name| name.to_str()) {
                    Some(name) => part.file_name(name),
                    None => part,
                })
            }

            /// Sets the file name sent with the part.
            pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
                self.file_name = Some(file_name.into());
                self
            }

            /// Sets the content type of the part.
            pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
                self.content_type = Some(content_type.into());
                self
            }
        }

        /// A `multipart/form-data` body being built; encoded once, so retries send the
        /// same bytes.
        #[derive(Debug)]
        pub(crate) struct Multipart {
            boundary: String,
            body: Vec<u8>,
        }

        impl Multipart {
            pub(crate) fn new() -> Self {
                Multipart {
                    boundary: format!("sdk-boundary-{:016x}{:016x}", random_u64(), random_u64()),
                    body: Vec::new(),
                }
            }

            fn part_header(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
                let quote = |text: &str| text.replace('"', "%22").replace(['\r', '\n'], " ");
                self.body.extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
                let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
                if let Some(file_name) = file_name {
                    disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
                }
                self.body.extend_from_slice(disposition.as_bytes());
                self.body.extend_from_slice(b"\r\n");
                if let Some(content_type) = content_type {
                    self.body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
                }
                self.body.extend_from_slice(b"\r\n");
            }

            /// Adds a text field: scalars as text, arrays as repeated fields, objects as JSON;
            /// `None` adds nothing.
            #[allow(dead_code, reason = "a spec's multipart bodies may have no text fields")]
            pub(crate) fn text<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
                let value = to_json(name, value)?;
                let items = match value {
                    ::serde_json::Value::Null => Vec::new(),
                    ::serde_json::Value::Array(items) => items,
                    other => vec![other],
                };
                for item in items.iter().filter(|item| !item.is_null()) {
                    let text = scalar_text(item).unwrap_or_else(|| item.to_string());
                    self.part_header(name, None, None);
                    self.body.extend_from_slice(text.as_bytes());
                    self.body.extend_from_slice(b"\r\n");
                }
                Ok(())
            }

            /// Adds a file part.
            #[allow(dead_code, reason = "a spec's multipart bodies may have no file fields")]
            pub(crate) fn file(&mut self, name: &str, part: &FilePart) {
                let content_type = part.content_type.as_deref().unwrap_or("application/octet-stream");
                self.part_header(name, Some(part.file_name.as_deref().unwrap_or(name)), Some(content_type));
                self.body.extend_from_slice(&part.bytes);
                self.body.extend_from_slice(b"\r\n");
            }
        }

        impl Request {
            /// Sets a `multipart/form-data` body.
            pub(crate) fn multipart(&mut self, mut form: Multipart) {
                form.body.extend_from_slice(format!("--{}--\r\n", form.boundary).as_bytes());
                self.body = Some((form.body.into(), format!("multipart/form-data; boundary={}", form.boundary)));
            }
        }
    });
    let typed = uses.typed.then(|| quote! {
        /// Decodes a typed error body, if the body matches the declared schema.
        pub(crate) fn typed<T: ::serde::de::DeserializeOwned>(body: &[u8], wrap: impl FnOnce(T) -> ErrorBody) -> Option<ErrorBody> {
            ::serde_json::from_slice(body).ok().map(wrap)
        }

    });
    let auth_field = uses.auth.then(|| quote!(pub(crate) auth: Option<Auth>,));
    let auth_init = uses.auth.then(|| quote!(auth: None,));
    let auth_enum = uses.auth.then(|| {
        quote! {
            /// How an operation sends the API key (its `security` requirement).
            #[allow(dead_code, reason = "the runtime supports every scheme; a spec may use only some")]
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub(crate) enum Auth {
                /// `Authorization: Bearer <key>`.
                Bearer,
                /// `Authorization: Basic <key>`.
                Basic,
                /// The key in this header.
                Header(&'static str),
                /// The key in this query parameter.
                Query(&'static str),
            }
        }
    });
    if !uses.operations {
        // Types only: just what the types need.
        return quote! {
            //! Helpers of the generated types.
            #tagged
            #structs
            #string_enum
        };
    }
    quote! {
        //! Request building, parameter encoding, retry timing and response decoding.

        use std::time::Duration;

        use super::client::Response;
        use super::error::{ApiError, Error, ErrorBody};

        #auth_enum

        /// How a query parameter is serialized (OpenAPI `style` + `explode`).
        #[allow(dead_code, reason = "the runtime supports every style; a spec may use only some")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Style {
            /// `form`, exploded: arrays as repeated keys, objects as one key per property.
            FormExploded,
            /// `form`: comma-separated values.
            Form,
            /// `deepObject`: `name[key]=value`.
            DeepObject,
            /// `spaceDelimited`.
            SpaceDelimited,
            /// `pipeDelimited`.
            PipeDelimited,
        }

        /// An HTTP request before it is sent: what an operation wants, independent of the client.
        #[derive(Debug, Clone)]
        pub(crate) struct Request {
            pub(crate) method: ::reqwest::Method,
            pub(crate) path: String,
            pub(crate) query: Vec<(String, String)>,
            pub(crate) headers: ::reqwest::header::HeaderMap,
            pub(crate) cookies: Vec<String>,
            /// Body and content type, sent as they are on every attempt (cloning `Bytes`
            /// copies nothing).
            pub(crate) body: Option<(::bytes::Bytes, String)>,
            #auth_field
        }

        impl Request {
            pub(crate) fn new(method: ::reqwest::Method) -> Self {
                Request {
                    method,
                    // Enough for most paths without growing.
                    path: String::with_capacity(64),
                    query: Vec::new(),
                    headers: ::reqwest::header::HeaderMap::new(),
                    cookies: Vec::new(),
                    body: None,
                    #auth_init
                }
            }

            /// Appends literal path text.
            pub(crate) fn literal(&mut self, text: &str) {
                self.path.push_str(text);
            }

            #path
            #query
            #header
            #cookie
            #json
            #form
            #raw

        }

        #to_json
        #scalar_text
        #encode_query
        #tagged

        /// Whether a failed response should be retried: `x-should-retry` wins, then 408, 409,
        /// 429 and 5xx.
        pub(crate) fn should_retry(status: ::reqwest::StatusCode, headers: &::reqwest::header::HeaderMap) -> bool {
            // A success is final: retrying it would repeat a request that took effect.
            if status.is_success() {
                return false;
            }
            match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
                Some("true") => true,
                Some("false") => false,
                _ => {
                    let status = status.as_u16();
                    matches!(status, 408 | 409 | 429) || status >= 500
                }
            }
        }

        /// Delay before retry number `retry` (0-based): the server's `retry-after-ms` or
        /// `retry-after` when it is between 0 and 60 seconds, else exponential backoff
        /// `min(0.5 s · 2^retry, 8 s)` minus up to 25 % jitter.
        pub(crate) fn retry_delay(headers: Option<&::reqwest::header::HeaderMap>, retry: u32) -> Duration {
            if let Some(delay) = headers.and_then(server_delay).filter(|delay| *delay <= Duration::from_secs(60)) {
                return delay;
            }
            let base = (0.5 * 2f64.powi(retry.min(16) as i32)).min(8.0);
            Duration::from_secs_f64(base * (1.0 - 0.25 * jitter()))
        }

        fn server_delay(headers: &::reqwest::header::HeaderMap) -> Option<Duration> {
            let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
            if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()).filter(|ms| ms.is_finite() && *ms >= 0.0) {
                return Some(Duration::from_secs_f64(ms / 1000.0));
            }
            let value = header("retry-after")?;
            if let Ok(seconds) = value.parse::<f64>() {
                return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
            }
            let date = ::chrono::DateTime::parse_from_rfc2822(value).ok()?;
            let wait = date.with_timezone(&::chrono::Utc) - ::chrono::Utc::now();
            Some(wait.to_std().unwrap_or(Duration::ZERO))
        }

        /// A number in `[0, 1)` from the standard library's random hasher keys.
        fn jitter() -> f64 {
            (random_u64() >> 11) as f64 / (1u64 << 53) as f64
        }

        /// A random number from the standard library's randomly keyed hasher.
        fn random_u64() -> u64 {
            use ::std::hash::{BuildHasher, Hasher};
            let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(0);
            hasher.finish()
        }

        /// The body of a response future's result (a generic function, so each operation
        /// needs no second `async` body of its own).
        pub(crate) async fn into_body<T>(response: impl ::std::future::Future<Output = Result<Response<T>, Error>>) -> Result<T, Error> {
            response.await.map(Response::into_body)
        }

        /// A response as received: status, headers and the whole body.
        #[derive(Debug)]
        pub(crate) struct Received {
            pub(crate) status: ::reqwest::StatusCode,
            pub(crate) headers: ::reqwest::header::HeaderMap,
            pub(crate) body: ::bytes::Bytes,
        }

        /// Decodes the typed error body declared for a status, if any.
        pub(crate) type ErrorTable = fn(u16, &[u8]) -> Option<ErrorBody>;

        /// Reads a response; a non-success status becomes [`Error::Api`].
        fn finish(response: Received, errors: ErrorTable) -> Result<(::reqwest::StatusCode, ::reqwest::header::HeaderMap, ::bytes::Bytes), Error> {
            let Received { status, headers, body: raw } = response;
            if status.is_success() {
                return Ok((status, headers, raw));
            }
            let request_id = ["x-request-id", "request-id", "x-amzn-requestid"]
                .iter()
                .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()).map(str::to_string));
            Err(Error::Api(Box::new(ApiError {
                status,
                request_id,
                typed: errors(status.as_u16(), &raw),
                body: String::from_utf8_lossy(&raw).into_owned(),
                headers,
            })))
        }

        #json_response
        #text
        #empty
        #binary
        #typed
        #nullable
        #structs
        #string_enum
        #multipart
        #by_status
    }
}
