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
    let value = context.spec.request_body.as_ref()?;
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
    let body: spec::RequestBody = match serde_json::from_value(resolved) {
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
    let root = &lowerer.loaded.root.value;
    let is_binary = |schema: Option<&Value>| {
        schema.is_some_and(|s| {
            s.get("format").and_then(Value::as_str) == Some("binary")
                || s.get("contentMediaType").is_some()
        })
    };
    for field in fields.iter_mut() {
        let property = root.pointer(&field.origin.pointer[1..]);
        if is_binary(property) {
            field.ty = TypeRef::File;
        } else if is_binary(property.and_then(|p| p.get("items"))) {
            field.ty = TypeRef::List(Box::new(TypeRef::File));
        }
    }
    TypeRef::Named(id)
}
