//! Schemas → types.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Lowerer;
use super::naming::{self, Namespace};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{
    Docs, Field, FloatKind, IntKind, Name, TypeDef, TypeId, TypeKind, TypeRef, Variant,
};
use crate::spec::Schema;

/// A lowered schema: the type of a present value and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowered {
    fn of(ty: TypeRef) -> Self {
        Lowered {
            ty,
            nullable: false,
        }
    }
}

/// Docs of a schema object.
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    Docs {
        summary: schema.title.clone(),
        description: schema.description.clone(),
        deprecated: schema.deprecated,
    }
}

fn schema_example(schema: &Schema) -> Option<Value> {
    schema.example.clone().or_else(|| match &schema.examples {
        Some(Value::Array(items)) => items.first().cloned(),
        _ => None,
    })
}

impl Lowerer<'_> {
    /// Parses a schema object, reporting a located error when it has the wrong shape.
    ///
    /// The sub-schemas in the result are stand-ins (see [`Schema::parse_level`]): read them from
    /// `value` (with [`members_of`] and [`sub_schema`]).
    pub(crate) fn parse_schema(&mut self, value: &Value, origin: &Origin) -> Option<Schema> {
        match value {
            Value::Bool(_) => Some(Schema::default()),
            Value::Object(object) => match Schema::parse_level(object) {
                Ok(schema) => Some(schema),
                Err(error) => {
                    let mut at = origin.clone();
                    for segment in error.path().iter() {
                        if let serde_path_to_error::Segment::Map { key } = segment {
                            at = at.child(key);
                        }
                    }
                    self.error(
                        Diagnostic::error(
                            "E0201",
                            &at,
                            format!("invalid schema: {}", error.inner()),
                        )
                        .help("see the JSON Schema / OpenAPI Schema Object for the expected shape"),
                    );
                    None
                }
            },
            _ => {
                self.error(
                    Diagnostic::error("E0201", origin, "a schema must be an object or a boolean")
                        .help("write the schema as a mapping, e.g. `{type: string}`"),
                );
                None
            }
        }
    }

    /// Lowers the schema `value` found at `origin`. Structural inline schemas become named
    /// types called `hint`.
    pub(crate) fn schema(&mut self, value: &Value, origin: &Origin, hint: &str) -> Lowered {
        self.shape(value, origin, hint, None)
    }

    /// Defines the reserved type `id` from the schema at `origin`.
    pub(crate) fn define_named(&mut self, id: TypeId, origin: &Origin, value: &Value) {
        self.defining.insert(id);
        let lowered = self.shape(value, origin, "", Some(id));
        if self.types[id.0].is_some() && lowered.nullable {
            // A union, enum or struct that may be `null` (`anyOf: [X, {type: 'null'}]`,
            // `type: [object, 'null']`): the type holds a present value, and every
            // reference to it may be `null`.
            self.nullable_types.insert(id);
        }
        if self.types[id.0].is_none() {
            // Not structural: the named type is an alias.
            let ty = if lowered.nullable {
                TypeRef::Nullable(Box::new(lowered.ty))
            } else {
                lowered.ty
            };
            let (docs, example) = match self.parse_schema(value, origin) {
                Some(schema) => (schema_docs(&schema), schema_example(&schema)),
                None => (Docs::default(), None),
            };
            self.finish(id, origin, docs, TypeKind::Alias(ty), example);
        }
        let items = self.sample_items(value, origin);
        if let Some(type_def) = self.types[id.0].as_mut()
            && matches!(type_def.kind, TypeKind::Alias(_))
            && type_def.example.is_none()
        {
            // A named string or list with constraints: what generated tests send.
            type_def.sample = example_of_schema(
                value,
                !self.ignored_defaults.contains(origin),
                items.as_ref(),
            );
        }
    }

    /// Defines a reserved type outside schema lowering (for example a result by status).
    pub(crate) fn finish_type(&mut self, id: TypeId, origin: &Origin, docs: Docs, kind: TypeKind) {
        self.finish(id, origin, docs, kind, None);
    }

    fn finish(
        &mut self,
        id: TypeId,
        origin: &Origin,
        docs: Docs,
        kind: TypeKind,
        example: Option<Value>,
    ) {
        self.defining.remove(&id);
        let name = self.pending_names.remove(&id).unwrap_or_else(|| Name {
            original: String::new(),
            rust: naming::unnamed_type(id.0),
        });
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            origin: origin.clone(),
            kind,
            example,
            sample: None,
            merged: false,
            round_trip_test: None,
        });
    }

    /// The named type for the schema at a `$ref` target.
    fn referenced(&mut self, origin: &Origin, value: &Value) -> TypeId {
        if let Some(id) = self.by_location.get(origin).copied() {
            // A component reserved up front is defined on first use, so that operations
            // see complete types; one already being defined is a cycle and stays as is.
            if self.types[id.0].is_none() && !self.defining.contains(&id) {
                self.define_named(id, origin, value);
            }
            return id;
        }
        let raw_name = match origin.pointer.rsplit_once('/') {
            Some((_, segment)) => segment.replace("~1", "/").replace("~0", "~"),
            // A whole file (`$ref: ./schemas/Clock.yaml`): named after the file.
            None => file_schema_name(&origin.file),
        };
        let id = self.reserve_type(origin, &raw_name, naming::TYPE_SUFFIX);
        self.define_named(id, origin, value);
        id
    }

    /// The slot for a structural type: the caller's own, or a new inline one.
    fn slot(&mut self, own: Option<TypeId>, origin: &Origin, hint: &str) -> TypeId {
        let id = own.unwrap_or_else(|| self.reserve_type(origin, hint, ""));
        self.defining.insert(id);
        id
    }

    fn shape(
        &mut self,
        value: &Value,
        origin: &Origin,
        hint: &str,
        own: Option<TypeId>,
    ) -> Lowered {
        // Lowering recurses into nested schemas and into the targets of `$ref`s it meets
        // first: bounded, so that a chain of 100,000 references is an error, not a crash.
        if own.is_none()
            && let Some(done) = self.inline_types.get(origin)
        {
            return done.clone();
        }
        if !self.enter_nested(origin) {
            return Lowered::of(TypeRef::Any);
        }
        let lowered = self.shape_of(value, origin, hint, own);
        self.depth -= 1;
        if own.is_none()
            && let TypeRef::Named(id) = lowered.ty
            && self.locations.get(id.0) == Some(origin)
        {
            self.inline_types.insert(origin.clone(), lowered.clone());
        }
        if let Some(default) = value.get("default")
            && !lowered.ty.fits(
                default,
                &|id| self.types[id.0].as_ref().map(|t| &t.kind),
                lowered.nullable,
                0,
            )
        {
            // Only documentation and examples read a default: without it the SDK is the
            // same, so the spec's intent (the type) wins.
            self.ignored_defaults.insert(origin.clone());
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0205",
                    &origin.child("default"),
                    format!("the default {default} does not match the schema; it is ignored"),
                )
                .help("change the default to a value of the schema's type (or an enum value), or remove it"),
            );
        }
        lowered
    }

    fn shape_of(
        &mut self,
        value: &Value,
        origin: &Origin,
        hint: &str,
        own: Option<TypeId>,
    ) -> Lowered {
        let Some(schema) = self.parse_schema(value, origin) else {
            return Lowered::of(TypeRef::Any);
        };
        if let Some(reference) = &schema.reference {
            return match self.loaded.locate(origin, reference) {
                Ok(target_origin) => {
                    let known = self
                        .by_location
                        .get(&target_origin)
                        .copied()
                        .filter(|id| self.types[id.0].is_some() || self.defining.contains(id));
                    // A type already defined (or being defined) needs no copy of its schema:
                    // a big schema referenced from many places is copied once.
                    let id = match known {
                        Some(id) => id,
                        None => {
                            // The file's tree is shared, not the schema copied.
                            let tree = self.loaded.tree(&target_origin).cloned();
                            let target = tree.as_deref().and_then(|tree| {
                                crate::spec::load::target_in(tree, &target_origin)
                            });
                            self.referenced(&target_origin, target.unwrap_or(&Value::Null))
                        }
                    };
                    Lowered {
                        ty: TypeRef::Named(id),
                        nullable: schema.nullable || self.nullable_types.contains(&id),
                    }
                }
                Err(diagnostic) => {
                    self.unresolved_schema(*diagnostic);
                    Lowered {
                        ty: TypeRef::Any,
                        nullable: schema.nullable,
                    }
                }
            };
        }

        if schema.not.is_some() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0204",
                    &origin.child("not"),
                    "`not` is not enforced by the generated types",
                )
                .help(
                    "the rest of the schema is generated; values the `not` excludes still decode",
                ),
            );
        }
        let mut nullable = schema.nullable;
        let mut types: Vec<&str> = schema.types.as_ref().map(|t| t.names()).unwrap_or_default();
        if types.contains(&"null") {
            nullable = true;
            types.retain(|t| *t != "null");
        }

        // enum / const
        let mut values: Option<Vec<Value>> = schema.enum_values.clone();
        if values.is_none() {
            values = schema.const_value.clone().map(|v| vec![v]);
        }
        if let Some(mut values) = values {
            if values.iter().any(Value::is_null) {
                nullable = true;
                values.retain(|v| !v.is_null());
            }
            if values.is_empty() {
                return Lowered {
                    ty: TypeRef::Any,
                    nullable,
                };
            }
            let ty = self.enumeration(&schema, &values, origin, hint, own);
            return Lowered { ty, nullable };
        }

        // allOf
        // Members that only annotate (`{nullable: true}`, `{description: …}`) add no
        // properties: `allOf: [X, {nullable: true}]` is a nullable `X`.
        let real_members: Vec<(usize, &Value)> = members_of(value, "allOf")
            .iter()
            .enumerate()
            .filter(|(_, member)| {
                if is_annotation_only(member) {
                    nullable |= member.get("nullable") == Some(&Value::Bool(true));
                    false
                } else {
                    true
                }
            })
            .collect();
        if schema.all_of.is_some() && !real_members.is_empty() {
            let extra_keys =
                !schema.properties.is_empty() || schema.one_of.is_some() || schema.any_of.is_some();
            if let (false, [(index, member)]) = (extra_keys, real_members.as_slice()) {
                let lowered = self.shape(
                    member,
                    &origin.child("allOf").child(index.to_string()),
                    hint,
                    None,
                );
                return self.alias_or(own, origin, &schema, lowered, nullable);
            }
            let id = self.slot(own, origin, hint);
            let fields = self.merged_fields(&schema, value, origin, id, &mut Vec::new());
            self.finish(
                id,
                origin,
                schema_docs(&schema),
                TypeKind::Struct {
                    fields,
                    multipart: false,
                    additional: None,
                },
                schema_example(&schema),
            );
            return Lowered {
                ty: TypeRef::Named(id),
                nullable,
            };
        }

        // oneOf / anyOf
        let alternatives = match (&schema.one_of, &schema.any_of) {
            (Some(_), _) => Some("oneOf"),
            (None, Some(_)) => Some("anyOf"),
            (None, None) => None,
        };
        if let Some(keyword) = alternatives {
            let mut kept = Vec::new();
            for (index, member) in members_of(value, keyword).iter().enumerate() {
                if is_null_schema(member) {
                    nullable = true;
                } else {
                    kept.push((
                        origin.child(keyword).child(index.to_string()),
                        member.clone(),
                    ));
                }
            }
            if kept.is_empty() {
                return Lowered {
                    ty: TypeRef::Any,
                    nullable,
                };
            }
            if kept.len() == 1 && schema.properties.is_empty() {
                let (member_origin, member) = &kept[0];
                let lowered = self.shape(member, member_origin, hint, None);
                return self.alias_or(own, origin, &schema, lowered, nullable);
            }
            if let Some(values) = string_constants(&kept) {
                let ty = self.enumeration(&schema, &values, origin, hint, own);
                return Lowered { ty, nullable };
            }
            let (ty, null_member) = self.union(&schema, &kept, origin, hint, own);
            return Lowered {
                ty,
                nullable: nullable || null_member,
            };
        }

        let is_object = types.contains(&"object")
            || (types.is_empty()
                && (!schema.properties.is_empty() || schema.additional_properties.is_some()));
        if types.len() > 1 {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0203",
                    &origin.child("type"),
                    format!(
                        "a value of several types ({}) is mapped to `serde_json::Value`",
                        types.join(", ")
                    ),
                )
                .help("use `oneOf` with one schema per type to get a typed enum"),
            );
            // `type: [string, integer]` and similar: any JSON value.
            return Lowered {
                ty: TypeRef::Any,
                nullable,
            };
        }
        if is_object {
            let ty = self.object(&schema, value, origin, hint, own);
            return Lowered { ty, nullable };
        }
        let ty = match types.first().copied() {
            Some("string") => match schema.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                Some("uuid") => TypeRef::Uuid,
                // Inside JSON, binary data is a string; raw bodies use `Bytes`.
                Some("binary") => TypeRef::String,
                _ => TypeRef::String,
            },
            Some("integer") => match integer_type(&schema) {
                Some(kind) => TypeRef::Integer(kind),
                None => {
                    self.error(
                        Diagnostic::error(
                            "E0207",
                            origin,
                            "the integer bounds do not fit any Rust integer type (i128 or u128)",
                        )
                        .help("narrow `minimum` / `maximum`, or make the schema a `number` or a `string`"),
                    );
                    TypeRef::Integer(IntKind::I64)
                }
            },
            Some("number") => TypeRef::Number(if schema.format.as_deref() == Some("float") {
                FloatKind::F32
            } else {
                FloatKind::F64
            }),
            Some("boolean") => TypeRef::Boolean,
            Some("array") => {
                if schema.prefix_items.is_some() {
                    let members = members_of(value, "prefixItems")
                        .iter()
                        .enumerate()
                        .map(|(index, item)| {
                            let item_origin = origin.child("prefixItems").child(index.to_string());
                            let lowered = self.schema(
                                item,
                                &item_origin,
                                &naming::tuple_item_type(hint, index),
                            );
                            wrap_nullable(lowered)
                        })
                        .collect();
                    TypeRef::Tuple(members)
                } else {
                    match sub_schema(value, "items", &schema.items) {
                        Some(items) => {
                            let lowered = self.schema(
                                items,
                                &origin.child("items"),
                                &naming::item_type(hint),
                            );
                            TypeRef::List(Box::new(wrap_nullable(lowered)))
                        }
                        None => TypeRef::List(Box::new(TypeRef::Any)),
                    }
                }
            }
            Some(other) if other != "object" => {
                self.error(
                    Diagnostic::error(
                        "E0202",
                        &origin.child("type"),
                        format!("unknown schema type `{other}`"),
                    )
                    .help("use one of string, integer, number, boolean, array, object, null"),
                );
                TypeRef::Any
            }
            _ => TypeRef::Any,
        };
        Lowered { ty, nullable }
    }

    /// For wrappers (`allOf: [X]`, `anyOf: [X, null]`): at a named location, define an
    /// alias; inline, pass the member through.
    fn alias_or(
        &mut self,
        own: Option<TypeId>,
        origin: &Origin,
        schema: &Schema,
        lowered: Lowered,
        nullable: bool,
    ) -> Lowered {
        let nullable = nullable || lowered.nullable;
        if let Some(id) = own {
            if self.types[id.0].is_none() {
                self.finish(
                    id,
                    origin,
                    schema_docs(schema),
                    TypeKind::Alias(lowered.ty.clone()),
                    schema_example(schema),
                );
            }
            return Lowered {
                ty: TypeRef::Named(id),
                nullable,
            };
        }
        Lowered {
            ty: lowered.ty,
            nullable,
        }
    }

    /// The schema name of a type (its name as written), defined or not.
    fn original_name(&self, id: TypeId) -> String {
        self.pending_names
            .get(&id)
            .map(|name| name.original.clone())
            .or_else(|| self.types[id.0].as_ref().map(|t| t.name.original.clone()))
            .unwrap_or_default()
    }

    fn type_name(&self, id: TypeId) -> String {
        self.pending_names
            .get(&id)
            .map(|name| name.rust.clone())
            .or_else(|| self.types[id.0].as_ref().map(|t| t.name.rust.clone()))
            .unwrap_or_default()
    }

    fn enumeration(
        &mut self,
        schema: &Schema,
        values: &[Value],
        origin: &Origin,
        hint: &str,
        own: Option<TypeId>,
    ) -> TypeRef {
        let keyword = match (&schema.enum_values, &schema.one_of) {
            (Some(_), _) => "enum",
            (None, Some(_)) => "oneOf",
            (None, None) => "anyOf",
        };
        let values = &self.distinct_values(values, &origin.child(keyword));
        if values.iter().all(Value::is_string) {
            let id = self.slot(own, origin, hint);
            let mut namespace = Namespace::for_enum_variants();
            let variants = values
                .iter()
                .filter_map(Value::as_str)
                .map(|value| Name {
                    original: value.to_string(),
                    rust: namespace.claim(&naming::string_variant(value), ""),
                })
                .collect();
            self.finish(
                id,
                origin,
                schema_docs(schema),
                TypeKind::StringEnum { variants },
                schema_example(schema),
            );
            return TypeRef::Named(id);
        }
        if values.iter().all(|v| v.as_i64().is_some()) {
            let id = self.slot(own, origin, hint);
            let mut namespace = Namespace::for_enum_variants();
            let variants = values
                .iter()
                .filter_map(Value::as_i64)
                .map(|value| (namespace.claim(&naming::integer_variant(value), ""), value))
                .collect();
            self.finish(
                id,
                origin,
                schema_docs(schema),
                TypeKind::IntegerEnum { variants },
                schema_example(schema),
            );
            return TypeRef::Named(id);
        }
        let all_same_scalar =
            values.iter().all(Value::is_number) || values.iter().all(Value::is_boolean);
        if !all_same_scalar {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0206",
                    &origin.child("enum"),
                    "the enum mixes values of different types; it is typed as any JSON value",
                )
                .help("split the values into separate schemas combined with `oneOf`, or make them all strings"),
            );
        }
        if values.iter().all(Value::is_boolean) {
            TypeRef::Boolean
        } else if values.iter().all(Value::is_number) {
            TypeRef::Number(FloatKind::F64)
        } else {
            TypeRef::Any
        }
    }

    /// The values of an enum, each once: a value listed again is reported (W0208) and
    /// dropped (two variants with one wire value could never both decode).
    fn distinct_values(&mut self, values: &[Value], at: &Origin) -> Vec<Value> {
        let mut seen = BTreeSet::new();
        let mut distinct = Vec::with_capacity(values.len());
        let mut repeated = Vec::new();
        for value in values {
            // The JSON text tells `1` from `"1"` and is cheap for the scalars enums hold.
            if seen.insert(value.to_string()) {
                distinct.push(value.clone());
            } else {
                repeated.push(value.to_string());
            }
        }
        if !repeated.is_empty() {
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0208",
                    at,
                    format!(
                        "the enum lists {} more than once; each value becomes one variant",
                        repeated.join(", ")
                    ),
                )
                .help("remove the repeated values"),
            );
        }
        distinct
    }

    fn object(
        &mut self,
        schema: &Schema,
        value: &Value,
        origin: &Origin,
        hint: &str,
        own: Option<TypeId>,
    ) -> TypeRef {
        let additional =
            match sub_schema(value, "additionalProperties", &schema.additional_properties) {
                None | Some(Value::Bool(false)) => None,
                Some(Value::Bool(true)) => Some(TypeRef::Any),
                Some(additional) => {
                    let lowered = self.schema(
                        additional,
                        &origin.child("additionalProperties"),
                        &naming::map_value_type(hint),
                    );
                    Some(wrap_nullable(lowered))
                }
            };
        if schema.properties.is_empty() {
            let value = additional.unwrap_or(TypeRef::Any);
            let ty = TypeRef::Map(Box::new(value));
            if let Some(id) = own {
                self.finish(
                    id,
                    origin,
                    schema_docs(schema),
                    TypeKind::Alias(ty),
                    schema_example(schema),
                );
                return TypeRef::Named(id);
            }
            return ty;
        }
        let id = self.slot(own, origin, hint);
        let parent = self.type_name(id);
        let mut namespace = Namespace::default();
        if additional.is_some() {
            namespace.reserve(naming::ADDITIONAL_PROPERTIES_FIELD);
        }
        let fields = self.fields(schema, value, origin, &parent, &mut namespace, true);
        self.finish(
            id,
            origin,
            schema_docs(schema),
            TypeKind::Struct {
                fields,
                additional,
                multipart: false,
            },
            schema_example(schema),
        );
        TypeRef::Named(id)
    }

    /// The fields of the properties of `schema`, read from `schema_value`.
    fn fields(
        &mut self,
        schema: &Schema,
        schema_value: &Value,
        origin: &Origin,
        parent: &str,
        namespace: &mut Namespace,
        fill_undescribed: bool,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        let required: BTreeSet<&String> = schema.required.iter().collect();
        let properties = schema_value.get("properties").and_then(Value::as_object);
        for (property, value) in properties.into_iter().flatten() {
            let property_origin = origin.child("properties").child(property);
            let hint = naming::field_type(parent, property);
            let lowered = self.schema(value, &property_origin, &hint);
            let docs = match self.parse_schema(value, &property_origin) {
                Some(property_schema) => {
                    let mut docs = schema_docs(&property_schema);
                    if property_schema.reference.is_some()
                        && docs.description.is_none()
                        && docs.summary.is_none()
                    {
                        docs = self.referenced_docs(&lowered.ty);
                    }
                    docs
                }
                None => Docs::default(),
            };
            let rust_override = value.get("x-rust-name").and_then(Value::as_str);
            let base = self.bounded_name(
                naming::field_name(rust_override.unwrap_or(property)),
                &property_origin,
            );
            fields.push(Field {
                name: Name {
                    original: property.clone(),
                    rust: namespace.claim(&base, ""),
                },
                ty: lowered.ty,
                // A required `readOnly` property is absent from requests and a required
                // `writeOnly` one from responses: one type serves both, so it is optional.
                required: required.contains(property)
                    && !value
                        .get("readOnly")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                    && !value
                        .get("writeOnly")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                nullable: lowered.nullable,
                boxed: false,
                explicit_null: false,
                docs,
                example: example_of_schema(
                    value,
                    !self.ignored_defaults.contains(&property_origin),
                    self.sample_items(value, &property_origin).as_ref(),
                ),
                origin: property_origin,
            });
        }
        if fill_undescribed {
            let listed = required_listed(schema, origin);
            let undescribed = self.undescribed_required(listed, &fields, namespace);
            fields.extend(undescribed);
        }
        fields
    }

    /// Fields for the names `required` lists (with where each is listed) that no field
    /// describes. `required` may name properties the schema does not describe (a typo of a
    /// declared one, as often as not: Box's shared links require `accessed` beside an
    /// `access` property). Required, such a field would fail every response that lacks
    /// it, so it becomes an optional JSON value the caller can still send (W0209).
    fn undescribed_required(
        &mut self,
        listed: Vec<(String, Origin)>,
        fields: &[Field],
        namespace: &mut Namespace,
    ) -> Vec<Field> {
        let mut seen: BTreeSet<String> = fields.iter().map(|f| f.name.original.clone()).collect();
        let mut added = Vec::new();
        for (name, at) in listed {
            // Described, or listed twice in `required`: one field.
            if !seen.insert(name.clone()) {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0209",
                    &at,
                    format!(
                        "`required` names {}, which the schema does not describe; it becomes an optional field of any JSON value",
                        crate::lower::settings::quoted(&name)
                    ),
                )
                .help("declare the property under `properties`, or fix the name in `required`"),
            );
            added.push(Field {
                name: Name {
                    original: name.clone(),
                    rust: namespace.claim(&naming::field_name(&name), ""),
                },
                ty: TypeRef::Any,
                required: false,
                nullable: false,
                boxed: false,
                explicit_null: false,
                docs: Docs {
                    summary: None,
                    description: Some(
                        "Listed as required by the schema, which does not describe it: optional here, so that responses without it still decode.".to_string(),
                    ),
                    deprecated: false,
                },
                example: None,
                origin: at,
            });
        }
        added
    }

    /// Docs of a named type, for a property that only holds a `$ref`.
    fn referenced_docs(&self, ty: &TypeRef) -> Docs {
        match ty {
            TypeRef::Named(id) => self.types[id.0]
                .as_ref()
                // The type's description, without its title (which is just its name).
                .map(|t| Docs {
                    summary: None,
                    description: t.docs.description.clone(),
                    deprecated: false,
                })
                .unwrap_or_default(),
            _ => Docs::default(),
        }
    }

    /// `allOf`: the properties of every member (following `$ref`s), then the schema's own.
    fn merged_fields(
        &mut self,
        schema: &Schema,
        value: &Value,
        origin: &Origin,
        id: TypeId,
        visited: &mut Vec<Origin>,
    ) -> Vec<Field> {
        // `allOf` members that (indirectly) include themselves add nothing new.
        if visited.contains(origin) || self.limit_hit {
            return Vec::new();
        }
        // Only the outermost schema reports `required` names no member describes.
        let outermost = visited.is_empty();
        visited.push(origin.clone());
        let parent = self.type_name(id);
        let mut namespace = Namespace::default();
        let mut fields: Vec<Field> = Vec::new();
        // Position in `fields` by property name.
        let mut position: BTreeMap<String, usize> = BTreeMap::new();
        let mut required: BTreeSet<String> = schema.required.iter().cloned().collect();
        // Each name `required` lists, with where: the schema's own, then its members'.
        let mut listed = required_listed(schema, origin);
        let members = if schema.all_of.is_some() {
            members_of(value, "allOf")
        } else {
            &[]
        };
        for (index, member) in members.iter().enumerate() {
            let member_origin = origin.child("allOf").child(index.to_string());
            let Some((resolved_origin, resolved)) = self.resolve_schema(member, &member_origin)
            else {
                continue;
            };
            // Its properties are used here even if its own type never is.
            self.merged.insert(resolved_origin.clone());
            let Some(member_schema) = self.parse_schema(&resolved, &resolved_origin) else {
                continue;
            };
            if member_schema.all_of.is_some() {
                // Nested `allOf`s recurse: they count as nesting (E0106).
                if !self.enter_nested(&resolved_origin) {
                    return Vec::new();
                }
                let nested =
                    self.merged_fields(&member_schema, &resolved, &resolved_origin, id, visited);
                self.depth -= 1;
                if !self.copy_fields(nested.len(), &member_origin) {
                    return Vec::new();
                }
                for field in nested {
                    if !position.contains_key(&field.name.original) {
                        namespace.reserve(&field.name.rust);
                        position.insert(field.name.original.clone(), fields.len());
                        fields.push(field);
                    }
                }
                continue;
            }
            if !self.copy_fields(member_schema.properties.len(), &member_origin) {
                return Vec::new();
            }
            required.extend(member_schema.required.iter().cloned());
            listed.extend(required_listed(&member_schema, &resolved_origin));
            let member_fields = self.fields(
                &member_schema,
                &resolved,
                &resolved_origin,
                &parent,
                &mut namespace,
                false,
            );
            for mut field in member_fields {
                match position.get(&field.name.original) {
                    Some(at) => {
                        // The same property again: it keeps its place and its name.
                        field.name.rust = fields[*at].name.rust.clone();
                        fields[*at] = field;
                    }
                    None => {
                        position.insert(field.name.original.clone(), fields.len());
                        fields.push(field);
                    }
                }
            }
        }
        let own_fields = self.fields(schema, value, origin, &parent, &mut namespace, false);
        for mut field in own_fields {
            match position.get(&field.name.original) {
                Some(at) => {
                    field.name.rust = fields[*at].name.rust.clone();
                    fields[*at] = field;
                }
                None => {
                    position.insert(field.name.original.clone(), fields.len());
                    fields.push(field);
                }
            }
        }
        for field in &mut fields {
            if required.contains(&field.name.original) {
                field.required = true;
            }
        }
        if outermost {
            let undescribed = self.undescribed_required(listed, &fields, &mut namespace);
            fields.extend(undescribed);
        }
        fields
    }

    /// One level deeper into nested schemas, unless that passes [`crate::limits::MAX_SCHEMA_DEPTH`]
    /// (then reported once, at `origin`, and lowering stops).
    fn enter_nested(&mut self, origin: &Origin) -> bool {
        if self.limit_hit {
            return false;
        }
        if self.depth >= crate::limits::MAX_SCHEMA_DEPTH {
            self.stop(
                Diagnostic::error(
                    "E0106",
                    origin,
                    format!(
                        "schemas nest more than {} levels deep here, counting each `$ref` and `allOf` followed",
                        crate::limits::MAX_SCHEMA_DEPTH
                    ),
                )
                .help("this is the generator's limit; break the chain of nested schemas and references, for example with an untyped (`{}`) property"),
            );
            return false;
        }
        self.depth += 1;
        true
    }

    /// Counts `count` properties copied by an `allOf` (the member at `origin`); false,
    /// reported once, when the total passes [`crate::limits::MAX_MERGED_FIELDS`].
    fn copy_fields(&mut self, count: usize, origin: &Origin) -> bool {
        if self.limit_hit {
            return false;
        }
        self.merged_fields += count;
        if self.merged_fields > crate::limits::MAX_MERGED_FIELDS {
            self.stop(
                Diagnostic::error(
                    "E0108",
                    origin,
                    format!(
                        "`allOf` copies more than {} properties in all into the types that include their members",
                        crate::limits::MAX_MERGED_FIELDS
                    ),
                )
                .help("this is the generator's limit; a long chain of `allOf`s copies every property below each link: reference shared parts as properties instead"),
            );
            return false;
        }
        true
    }

    /// A `$ref` to a schema that does not exist is read as any JSON value (W0102); other
    /// reference problems (a file outside the folder or unreadable) stay errors.
    fn unresolved_schema(&mut self, diagnostic: Diagnostic) {
        if diagnostic.code != "E0101" {
            self.error(diagnostic);
            return;
        }
        let mut warning = Diagnostic::warning(
            "W0102",
            &diagnostic.origin,
            format!(
                "{}; the value is typed as any JSON value",
                diagnostic.message
            ),
        );
        warning.help = diagnostic.help;
        self.diagnostics.push(warning);
    }

    /// [`Self::resolve_fully`] for a schema: a reference to nothing is reported as
    /// [`Self::unresolved_schema`] says, and the schema is left out.
    fn resolve_schema<'v>(
        &mut self,
        value: &'v Value,
        origin: &Origin,
    ) -> Option<(Origin, Cow<'v, Value>)> {
        self.follow_refs(value, origin, Self::unresolved_schema)
    }

    /// The item schema of a list schema (`items`), its `$ref`s followed without reporting
    /// anything (they are reported where the items are lowered): what sample items of a
    /// `uniqueItems` list must tell apart. `None` for other lists (their items may repeat).
    pub(crate) fn sample_items(&mut self, value: &Value, origin: &Origin) -> Option<Value> {
        if value.get("uniqueItems") != Some(&Value::Bool(true)) {
            return None;
        }
        let mut current = (origin.child("items"), value.get("items")?.clone());
        for _ in 0..8 {
            let Some(reference) = current.1.get("$ref").and_then(Value::as_str) else {
                return Some(current.1);
            };
            let reference = reference.to_string();
            current = self.loaded.resolve(&current.0, &reference).ok()?;
        }
        None
    }

    /// Follows `$ref`s until a schema that is not a reference.
    pub(crate) fn resolve_fully<'v>(
        &mut self,
        value: &'v Value,
        origin: &Origin,
    ) -> Option<(Origin, Cow<'v, Value>)> {
        self.follow_refs(value, origin, Self::error)
    }

    /// Follows `$ref`s from `value` until a schema that is not a reference; a reference to
    /// nothing goes to `missing`, a chain that never ends is E0104. A `value` that is no
    /// reference comes back as it is, not copied.
    fn follow_refs<'v>(
        &mut self,
        value: &'v Value,
        origin: &Origin,
        missing: fn(&mut Self, Diagnostic),
    ) -> Option<(Origin, Cow<'v, Value>)> {
        let mut current = (origin.clone(), Cow::Borrowed(value));
        for _ in 0..64 {
            let Some(reference) = current
                .1
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return Some(current);
            };
            match self.loaded.resolve(&current.0, &reference) {
                Ok((origin, value)) => current = (origin, Cow::Owned(value)),
                Err(diagnostic) => {
                    missing(self, *diagnostic);
                    return None;
                }
            }
        }
        self.error(
            Diagnostic::error("E0104", origin, "this `$ref` chain never reaches a schema")
                .help("make one of the referenced schemas a real schema instead of another `$ref`"),
        );
        None
    }

    fn union(
        &mut self,
        schema: &Schema,
        members: &[(Origin, Value)],
        origin: &Origin,
        hint: &str,
        own: Option<TypeId>,
    ) -> (TypeRef, bool) {
        let id = self.slot(own, origin, hint);
        let parent = self.type_name(id);
        let mut namespace = Namespace::default();
        let mut variants = Vec::new();
        // An alternative that may be `null` makes the union one that may be `null`.
        let mut null_member = false;
        for (index, (member_origin, member)) in members.iter().enumerate() {
            let member_hint = naming::variant_type(&parent, index);
            let lowered = self.schema(member, member_origin, &member_hint);
            null_member |= lowered.nullable;
            let ty = lowered.ty;
            let base = match &ty {
                TypeRef::Named(named) => self.type_name(*named),
                other => naming::scalar_variant(other).to_string(),
            };
            variants.push(Variant {
                name: Name {
                    original: base.clone(),
                    rust: namespace.claim(&base, ""),
                },
                ty,
                boxed: false,
                other_tags: Vec::new(),
            });
        }
        let mut tag = None;
        if let Some(discriminator) = &schema.discriminator {
            let all_structs = variants.iter().all(|variant| match &variant.ty {
                TypeRef::Named(named) => self.is_struct_like(*named),
                _ => false,
            });
            if all_structs {
                let mut missing = Vec::new();
                // The mapping's values by the type each target resolves to (a schema
                // name, a pointer or a file, resolved from where the union is written).
                let mut mapped: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
                for (value, target) in &discriminator.mapping {
                    let is_file = [".yaml", ".yml", ".json"]
                        .iter()
                        .any(|extension| target.ends_with(extension));
                    let reference = if target.contains(['#', '/']) || is_file {
                        target.clone()
                    } else {
                        format!(
                            "#/components/schemas/{}",
                            crate::diag::escape_pointer(target)
                        )
                    };
                    let from = if reference.starts_with("#/components/") {
                        self.root_origin()
                    } else {
                        origin.clone()
                    };
                    let Ok(target_origin) = self.loaded.locate(&from, &reference) else {
                        continue;
                    };
                    if let Some(id) = self.by_location.get(&target_origin) {
                        mapped.entry(*id).or_default().push(value.clone());
                    }
                }
                for variant in &mut variants {
                    let TypeRef::Named(named) = variant.ty else {
                        continue;
                    };
                    let mut values = mapped.get(&named).cloned().unwrap_or_default().into_iter();
                    variant.name.original = match values.next() {
                        Some(value) => value,
                        // Unmapped: the schema's name.
                        None => match self.locations.get(named.0) {
                            Some(location) if location.pointer.contains('/') => location
                                .pointer
                                .rsplit('/')
                                .next()
                                .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
                                .unwrap_or_default(),
                            _ => self.original_name(named),
                        },
                    };
                    variant.other_tags = values.collect();
                    let has_tag = match self.struct_fields(named) {
                        Some(fields) => fields
                            .iter()
                            .any(|f| f.name.original == discriminator.property_name),
                        // Still being defined (recursion): cannot tell yet.
                        None => true,
                    };
                    if !has_tag {
                        missing.push(variant.name.rust.clone());
                    }
                }
                if missing.is_empty() {
                    tag = Some(discriminator.property_name.clone());
                } else {
                    // Without the property on every alternative the tag cannot pick one:
                    // decoding tries the alternatives in order instead.
                    self.diagnostics.push(
                        Diagnostic::warning(
                            "W0207",
                            &origin.child("discriminator").child("propertyName"),
                            format!(
                                "the discriminator property `{}` is not a property of {}; the union is decoded by trying each alternative in order",
                                discriminator.property_name,
                                missing
                                    .iter()
                                    .map(|name| format!("`{name}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                        .help("add the property to every alternative, or fix `propertyName`"),
                    );
                    for variant in &mut variants {
                        variant.name.original = variant.name.rust.clone();
                        variant.other_tags.clear();
                    }
                }
            } else {
                self.diagnostics.push(
                    Diagnostic::warning("W0201", &origin.child("discriminator"), "the discriminator is ignored because not every alternative is an object schema")
                        .help("reference object schemas from `oneOf` to get an internally tagged enum"),
                );
            }
        }
        self.finish(
            id,
            origin,
            schema_docs(schema),
            TypeKind::Union { tag, variants },
            schema_example(schema),
        );
        (TypeRef::Named(id), null_member)
    }

    /// The fields of a struct (through aliases), once it is defined.
    /// Follows `Alias(Named)` chains (bounded: alias loops are reported elsewhere).
    pub(crate) fn alias_target(&self, mut id: TypeId) -> TypeId {
        // Longer chains are refused once every type is lowered (E0107).
        for _ in 0..=crate::limits::MAX_ALIAS_CHAIN {
            match self.types[id.0].as_ref().map(|t| &t.kind) {
                Some(TypeKind::Alias(TypeRef::Named(inner))) => id = *inner,
                _ => break,
            }
        }
        id
    }

    /// The fields of a struct (through aliases), once it is defined.
    fn struct_fields(&self, id: TypeId) -> Option<&[Field]> {
        match self.types[self.alias_target(id).0]
            .as_ref()
            .map(|t| &t.kind)
        {
            Some(TypeKind::Struct { fields, .. }) => Some(fields),
            _ => None,
        }
    }

    fn is_struct_like(&self, id: TypeId) -> bool {
        match self.types[self.alias_target(id).0]
            .as_ref()
            .map(|t| &t.kind)
        {
            Some(TypeKind::Struct { .. }) => true,
            // Still being defined: assume an object (discriminated unions of recursive types).
            None => true,
            _ => false,
        }
    }
}

/// The name of a schema that is a whole file: the file name without its extensions
/// (`Clock.yaml` → `Clock`, `pet.schema.json` → `pet`).
fn file_schema_name(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_string()
}

/// Each name the schema's `required` lists, with where it is listed.
fn required_listed(schema: &Schema, origin: &Origin) -> Vec<(String, Origin)> {
    let at = origin.child("required");
    (schema.required.iter().enumerate())
        .map(|(index, name)| (name.clone(), at.child(index.to_string())))
        .collect()
}

/// The members of the `keyword` array of a schema (`allOf`, `oneOf`, `prefixItems`…).
fn members_of<'v>(schema: &'v Value, keyword: &str) -> &'v [Value] {
    schema
        .get(keyword)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The sub-schema under `keyword`, when the parsed schema has one (`parsed`: its stand-in).
fn sub_schema<'v>(schema: &'v Value, keyword: &str, parsed: &Option<Value>) -> Option<&'v Value> {
    parsed.as_ref().and(schema.get(keyword))
}

/// For list items, map values and tuple members: nullability becomes part of the type.
pub(crate) fn wrap_nullable(lowered: Lowered) -> TypeRef {
    if lowered.nullable {
        TypeRef::Nullable(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

/// A schema of annotations only (`{nullable: true}`, `{description: …}`): it constrains
/// nothing, so as an `allOf` member it adds nothing but what it says about `null`.
fn is_annotation_only(value: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "nullable",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
        "externalDocs",
        "$comment",
    ];
    value.as_object().is_some_and(|object| {
        object
            .keys()
            .all(|key| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"))
    })
}

/// `{type: "null"}`, `{type: ["null"]}`, `{enum: [null]}` or `{const: null}`.
fn is_null_schema(value: &Value) -> bool {
    match value.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => {
            value.get("const").is_some_and(Value::is_null)
                || value
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|v| v.len() == 1 && v[0].is_null())
        }
    }
}

/// `anyOf: [{const: a}, {const: b}]` (FastAPI's literal unions): the string values.
fn string_constants(members: &[(Origin, Value)]) -> Option<Vec<Value>> {
    let mut values = Vec::new();
    for (_, member) in members {
        if let Some(value) = member.get("const").filter(|v| v.is_string()) {
            values.push(value.clone());
        } else if let Some(list) = member
            .get("enum")
            .and_then(Value::as_array)
            .filter(|l| l.iter().all(Value::is_string))
        {
            values.extend(list.iter().cloned());
        } else {
            return None;
        }
    }
    Some(values)
}

/// The Rust integer for a schema: its `format`, else the smallest of i64, u64, i128 and
/// u128 that holds `minimum..=maximum`; `None` when nothing does.
fn integer_type(schema: &Schema) -> Option<IntKind> {
    let fixed = match schema.format.as_deref() {
        Some("int8") => Some(IntKind::I8),
        Some("int16") => Some(IntKind::I16),
        Some("int32") => Some(IntKind::I32),
        Some("int64") => Some(IntKind::I64),
        Some("uint8") => Some(IntKind::U8),
        Some("uint16") => Some(IntKind::U16),
        Some("uint32") => Some(IntKind::U32),
        Some("uint64") => Some(IntKind::U64),
        _ => None,
    };
    let bound = |number: &Option<serde_json::Number>| {
        number.as_ref().and_then(|n| {
            n.as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
                .map(|v| v as f64)
                .or_else(|| n.as_f64())
        })
    };
    let (minimum, maximum) = (bound(&schema.minimum), bound(&schema.maximum));
    let min = minimum.unwrap_or(0.0);
    let max = maximum.unwrap_or(0.0);
    if min < i128::MIN as f64 || max > u128::MAX as f64 {
        return None;
    }
    if let Some(fixed) = fixed {
        return Some(fixed);
    }
    let non_negative = minimum.is_some_and(|m| m >= 0.0);
    Some(if min >= i64::MIN as f64 && max <= i64::MAX as f64 {
        IntKind::I64
    } else if non_negative && max <= u64::MAX as f64 {
        IntKind::U64
    } else if max <= i128::MAX as f64 {
        IntKind::I128
    } else {
        IntKind::U128
    })
}

/// An example value for an inline schema: its own `example` / `examples` / `default`
/// (unless `use_default` is false: a default that does not fit was ignored), else one that
/// satisfies its `format`, bounds, length, `pattern` or item count (so generated tests
/// pass validation). A list gets [`super::samples::list_length`] items: `null`
/// placeholders (each filled in with a value of the item type), or, with `uniqueItems`,
/// strings that differ (from `items`, the item schema with its `$ref`s followed), else
/// the one item the emitter writes.
pub(crate) fn example_of_schema(
    value: &Value,
    use_default: bool,
    items: Option<&Value>,
) -> Option<Value> {
    if let Some(example) = value
        .get("example")
        .or_else(|| value.get("examples").and_then(|e| e.get(0)))
    {
        return Some(example.clone());
    }
    if let Some(default) = value.get("default").filter(|d| use_default && !d.is_null()) {
        return Some(default.clone());
    }
    let types: Vec<&str> = match value.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"integer") || types.contains(&"number") {
        return super::samples::number(value, !types.contains(&"number"));
    }
    if types.contains(&"array") {
        let length = super::samples::list_length(value);
        let items = items.or_else(|| value.get("items"));
        if length == 1 {
            // One item (`maxItems: 1`): the item's own sample (a `format: uri` item is a
            // URL), else the emitter's.
            let item = items.and_then(|items| example_of_schema(items, true, None))?;
            return Some(Value::Array(vec![item]));
        }
        if value.get("uniqueItems") == Some(&Value::Bool(true)) {
            // Items that differ, by the item schema's kind.
            let distinct = items.and_then(|items| super::samples::distinct_items(items, length));
            return match distinct {
                Some(values) => Some(Value::Array(values)),
                // Equal items would break `uniqueItems`: one, unless more are required.
                None if super::samples::min_items(value) <= 1 => None,
                None => {
                    let item = items.and_then(|items| example_of_schema(items, true, None));
                    Some(Value::Array(vec![item.unwrap_or(Value::Null); length]))
                }
            };
        }
        let item = items
            .and_then(|items| example_of_schema(items, true, None))
            .unwrap_or(Value::Null);
        return Some(Value::Array(vec![item; length]));
    }
    if !types.contains(&"string") {
        return None;
    }
    let by_format = match value.get("format").and_then(Value::as_str) {
        Some("email") => "user@example.com",
        Some("uri" | "url" | "iri" | "uri-reference") => "https://example.com/",
        Some("hostname" | "idn-hostname") => "example.com",
        Some("ipv4" | "ip") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("date") => "2024-01-01",
        Some("time") => "12:00:00Z",
        Some("byte") => "ZXhhbXBsZQ==",
        Some("duration") => "PT1H",
        _ => return super::samples::string(value).map(Value::String),
    };
    Some(Value::String(by_format.to_string()))
}
