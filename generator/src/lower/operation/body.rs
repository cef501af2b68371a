//! Request bodies: the media type that is sent, and its type (typed multipart forms
//! included).

use serde_json::Value;

use super::{Lowerer, OperationContext};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{Body, BodyEncoding, Docs, TypeKind, TypeRef};
use crate::lower::naming;
use crate::lower::schema::wrap_nullable;
use crate::spec;

/// How a media type is encoded.
pub(super) fn encoding_of(media: &str) -> Option<BodyEncoding> {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Some(BodyEncoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(BodyEncoding::Form)
    } else if essence == "multipart/form-data" {
        Some(BodyEncoding::Multipart)
    } else if essence.starts_with("text/") {
        Some(BodyEncoding::Text)
    } else {
        Some(BodyEncoding::Binary)
    }
}

/// The request body of the operation, if it declares one: the most structured media
/// type wins (JSON, form, multipart, text, bytes).
pub(super) fn request_body(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
) -> Option<Body> {
    let value = context
        .raw
        .get("requestBody")
        .filter(|value| !value.is_null())?;
    let (origin, body) = parse(lowerer, value, &context.origin.child("requestBody"))?;
    let rank = |encoding: BodyEncoding| match encoding {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Binary => 4,
    };
    let (media, media_type, encoding) = body
        .content
        .iter()
        .filter_map(|(media, media_type)| encoding_of(media).map(|e| (media, media_type, e)))
        .min_by_key(|(_, _, encoding)| rank(*encoding))?;
    let schema_origin = origin.child("content").child(media).child("schema");
    let ty = match encoding {
        BodyEncoding::Text => TypeRef::String,
        BodyEncoding::Binary => TypeRef::Bytes,
        BodyEncoding::Multipart => multipart_body(lowerer, media_type, &schema_origin, context),
        BodyEncoding::Json | BodyEncoding::Form => {
            let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
            let hint = naming::body_type(&context.camel);
            wrap_nullable(lowerer.schema(&schema, &schema_origin, &hint))
        }
    };
    if encoding == BodyEncoding::Multipart && ty == TypeRef::Bytes {
        lowerer.diagnostics.push(
            Diagnostic::warning(
                "W0302",
                &origin.child("content").child(media),
                "multipart bodies are sent as raw bytes; build the multipart payload yourself",
            )
            .help("typed multipart parts are not generated yet"),
        );
    }
    Some(Body {
        media_type: media.clone(),
        encoding,
        ty,
        required: body.required,
        docs: Docs {
            summary: None,
            description: body.description.clone(),
            deprecated: false,
        },
        origin: origin.clone(),
    })
}

/// The request body object (following `$ref`s) and where it is; it must have content
/// (E0306).
fn parse(
    lowerer: &mut Lowerer<'_>,
    value: &Value,
    origin: &Origin,
) -> Option<(Origin, spec::RequestBody)> {
    let (origin, resolved) = lowerer.resolve_fully(value, origin)?;
    let body: spec::RequestBody = match serde::Deserialize::deserialize(&*resolved) {
        Ok(body) => body,
        Err(error) => {
            lowerer.error(
                Diagnostic::error("E0306", &origin, format!("invalid request body: {error}")).help(
                    "a request body is a mapping with `content: {<media type>: {schema: ...}}`",
                ),
            );
            return None;
        }
    };
    if body.content.is_empty() {
        lowerer.error(
            Diagnostic::error("E0306", &origin, "the request body has no `content`")
                .help("add a media type, e.g. `content: {application/json: {schema: ...}}`"),
        );
        return None;
    }
    Some((origin, body))
}

/// A `multipart/form-data` body: an object schema becomes a form struct whose binary
/// properties are file parts; anything else is sent as raw bytes.
fn multipart_body(
    lowerer: &mut Lowerer<'_>,
    media_type: &spec::MediaType,
    schema_origin: &Origin,
    context: &OperationContext<'_>,
) -> TypeRef {
    let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
    let hint = naming::body_type(&context.camel);
    let lowered = lowerer.schema(&schema, schema_origin, &hint);
    let TypeRef::Named(id) = lowered.ty else {
        return TypeRef::Bytes;
    };
    let id = lowerer.alias_target(id);
    let Some(type_def) = lowerer.types[id.0].as_mut() else {
        return TypeRef::Bytes;
    };
    let TypeKind::Struct {
        fields, multipart, ..
    } = &mut type_def.kind
    else {
        return TypeRef::Bytes;
    };
    *multipart = true;
    let mut fields = std::mem::take(fields);
    for field in &mut fields {
        match file_part(lowerer, &field.origin) {
            Some(FilePart::One) => field.ty = TypeRef::File,
            Some(FilePart::List) => field.ty = TypeRef::List(Box::new(TypeRef::File)),
            None => {}
        }
    }
    if let Some(TypeKind::Struct { fields: slot, .. }) =
        lowerer.types[id.0].as_mut().map(|t| &mut t.kind)
    {
        *slot = fields;
    }
    TypeRef::Named(id)
}

/// A form field sent as a file part: one, or a list of them.
enum FilePart {
    One,
    List,
}

/// Whether the property at `origin` is a file (`format: binary` or `contentMediaType`),
/// a list of files, or neither; `$ref`s are followed and a nullable wrapper
/// (`anyOf: [{type: string, format: binary}, {type: 'null'}]`) looks at what it wraps.
fn file_part(lowerer: &mut Lowerer<'_>, origin: &Origin) -> Option<FilePart> {
    let property = lowerer.loaded.target(origin)?.clone();
    let (origin, property) = non_null(lowerer, origin, property)?;
    if is_binary(&property) {
        return Some(FilePart::One);
    }
    let items = property.get("items")?.clone();
    let (_, items) = non_null(lowerer, &origin.child("items"), items)?;
    is_binary(&items).then_some(FilePart::List)
}

fn is_binary(schema: &Value) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("binary")
        || schema.get("contentMediaType").is_some()
}

/// The schema with `$ref`s followed and a nullable `anyOf` / `oneOf` wrapper (one
/// alternative besides `null`) unwrapped.
fn non_null(lowerer: &mut Lowerer<'_>, origin: &Origin, value: Value) -> Option<(Origin, Value)> {
    let mut current = (origin.clone(), value);
    for _ in 0..8 {
        if let Some(reference) = current.1.get("$ref").and_then(Value::as_str) {
            let reference = reference.to_string();
            current = lowerer.loaded.resolve(&current.0, &reference).ok()?;
            continue;
        }
        let keyword = ["anyOf", "oneOf"]
            .into_iter()
            .find(|keyword| current.1.get(*keyword).is_some());
        let Some(keyword) = keyword else {
            return Some(current);
        };
        let members = current.1.get(keyword)?.as_array()?.clone();
        let mut kept = members
            .iter()
            .enumerate()
            .filter(|(_, member)| member.get("type").and_then(Value::as_str) != Some("null"));
        let (index, member) = kept.next()?;
        if kept.next().is_some() {
            return Some(current);
        }
        current = (
            current.0.child(keyword).child(index.to_string()),
            member.clone(),
        );
    }
    Some(current)
}
