//! Responses: the success type (an enum by status when several success statuses have
//! different bodies) and the error responses with a typed body.

use std::collections::BTreeMap;

use serde_json::Value;

use super::body::encoding_of;
use super::errors::{self, ErrorBodies};
use super::{Lowerer, OperationContext};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{
    BodyEncoding, Docs, ErrorResponse, ResponseBody, StatusVariant, Success, TypeKind, TypeRef,
};
use crate::lower::naming;
use crate::lower::schema::wrap_nullable;
use crate::spec;

/// What the responses of an operation lowered to, while they are being walked.
#[derive(Default)]
struct Collected {
    /// The first success response with content (or the first success).
    success: Option<Success>,
    /// Further success statuses and their body types.
    other_successes: Vec<(String, Option<TypeRef>)>,
    /// Error responses with a typed body.
    errors: Vec<ErrorResponse>,
}

/// The success response and the typed error responses of the operation.
pub(super) fn responses(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    error_bodies: &mut ErrorBodies,
) -> (Success, Vec<ErrorResponse>) {
    let responses_origin = context.origin.child("responses");
    let empty = serde_json::Map::new();
    let responses = (context.raw.get("responses").and_then(Value::as_object)).unwrap_or(&empty);
    if responses.is_empty() {
        warn_no_responses(lowerer, context);
    }
    let (ordered, empty_success) = ordered(lowerer, &responses_origin, responses);
    let mut collected = Collected::default();
    for (status, value) in ordered {
        let Some((origin, response)) = parse(lowerer, &responses_origin.child(status), value)
        else {
            continue;
        };
        let upper = status.to_ascii_uppercase();
        let is_success = upper.starts_with('2');
        let is_error = upper.starts_with('4') || upper.starts_with('5') || upper == "DEFAULT";
        if is_success && collected.success.is_some() {
            let ty = other_success_type(lowerer, context, status, &response, &origin);
            collected.other_successes.push((status.clone(), ty));
        } else if is_success {
            let success = first_success(lowerer, context, status, &response, &origin);
            collected.success = Some(nullable_if(success, empty_success));
        } else if is_error
            && let Some(error) =
                errors::error_response(lowerer, context, error_bodies, status, &response, &origin)
        {
            collected.errors.push(error);
        }
    }
    if let Some(success) = &mut collected.success {
        by_status(lowerer, context, success, collected.other_successes);
    }
    let success = collected.success.unwrap_or(Success {
        status: "2XX".to_string(),
        body: if responses.is_empty() {
            ResponseBody::Binary
        } else {
            ResponseBody::Empty
        },
        docs: Docs::default(),
        example: None,
        media_types: Vec::new(),
    });
    (success, collected.errors)
}

/// Real specs declare no responses for free-form ones (dropshot's "unpublished" ones):
/// the method hands back the raw body (W0307).
fn warn_no_responses(lowerer: &mut Lowerer<'_>, context: &OperationContext<'_>) {
    lowerer.diagnostics.push(
        Diagnostic::warning(
            "W0307",
            &context.origin,
            "the operation declares no responses; its method returns the raw body",
        )
        .help("declare the responses (at least the success one) to get a typed result"),
    );
}

/// The responses by status rank, the first 2xx with content first; and whether a 2xx
/// has no content (`200` JSON next to `204` empty makes the result optional).
fn ordered<'r>(
    lowerer: &mut Lowerer<'_>,
    responses_origin: &Origin,
    responses: &'r serde_json::Map<String, Value>,
) -> (Vec<(&'r String, &'r Value)>, bool) {
    let mut ordered: Vec<(&String, &Value)> = responses.iter().collect();
    ordered.sort_by_key(|(status, _)| status_rank(status));
    let mut with_content: BTreeMap<String, bool> = BTreeMap::new();
    for (status, value) in &ordered {
        if !status.starts_with('2') {
            continue;
        }
        let has_content = |response: &Value| {
            (response.get("content").and_then(Value::as_object)).is_some_and(|c| !c.is_empty())
        };
        let content = match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => match lowerer.loaded.locate(responses_origin, reference) {
                Ok(target) => lowerer.loaded.target(&target).is_some_and(has_content),
                Err(_) => false,
            },
            None => has_content(value),
        };
        with_content.insert((*status).clone(), content);
    }
    let empty_success = with_content.values().any(|content| !content);
    if let Some(position) = ordered
        .iter()
        .position(|(status, _)| with_content.get(*status) == Some(&true))
    {
        let chosen = ordered.remove(position);
        ordered.insert(0, chosen);
    }
    (ordered, empty_success)
}

/// The response object at `origin` (following `$ref`s) and where it is (E0312).
fn parse(
    lowerer: &mut Lowerer<'_>,
    origin: &Origin,
    value: &Value,
) -> Option<(Origin, spec::Response)> {
    let (resolved_origin, resolved) = lowerer.resolve_fully(value, origin)?;
    match serde::Deserialize::deserialize(&*resolved) {
        Ok(response) => Some((resolved_origin, response)),
        Err(error) => {
            lowerer.error(
                Diagnostic::error(
                    "E0312",
                    &resolved_origin,
                    format!("invalid response: {error}"),
                )
                .help("a response is a mapping with a `description` and, for a body, `content: {<media type>: {schema: ...}}`"),
            );
            None
        }
    }
}

/// The JSON media type of a response, if it has one.
pub(super) fn json_content(response: &spec::Response) -> Option<(&String, &spec::MediaType)> {
    response
        .content
        .iter()
        .find(|(media, _)| encoding_of(media) == Some(BodyEncoding::Json))
}

/// The schema of a media type (any value if it has none) and where it is.
pub(super) fn media_schema(
    media: &str,
    media_type: &spec::MediaType,
    response_origin: &Origin,
) -> (Value, Origin) {
    let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
    let origin = response_origin
        .child("content")
        .child(media)
        .child("schema");
    (schema, origin)
}

/// The success response: JSON decoded into its type, text, bytes or nothing.
fn first_success(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    status: &str,
    response: &spec::Response,
    origin: &Origin,
) -> Success {
    let (body, example) = match (json_content(response), response.content.iter().next()) {
        (Some((media, media_type)), _) => {
            let (schema, schema_origin) = media_schema(media, media_type, origin);
            let hint = naming::response_type(&context.camel);
            let ty = wrap_nullable(lowerer.schema(&schema, &schema_origin, &hint));
            (ResponseBody::Json(ty), media_example(media_type))
        }
        (None, Some((media, _))) if media.starts_with("text/") => (ResponseBody::Text, None),
        (None, Some(_)) => (ResponseBody::Binary, None),
        (None, None) => (ResponseBody::Empty, None),
    };
    Success {
        status: status.to_string(),
        body,
        docs: Docs {
            summary: None,
            description: response.description.clone(),
            deprecated: false,
        },
        example,
        media_types: response.content.keys().cloned().collect(),
    }
}

/// A JSON success body becomes optional when another success status has no content.
fn nullable_if(mut success: Success, empty_success: bool) -> Success {
    if let ResponseBody::Json(ty) = &mut success.body
        && empty_success
        && !matches!(ty, TypeRef::Nullable(_))
    {
        *ty = TypeRef::Nullable(Box::new(ty.clone()));
    }
    success
}

/// The body type of a further success status; if it differs from the first one, the
/// result becomes an enum by status.
fn other_success_type(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    status: &str,
    response: &spec::Response,
    origin: &Origin,
) -> Option<TypeRef> {
    let (media, media_type) = json_content(response)?;
    let (schema, schema_origin) = media_schema(media, media_type, origin);
    let hint = naming::status_response_type(&context.camel, status);
    Some(wrap_nullable(lowerer.schema(
        &schema,
        &schema_origin,
        &hint,
    )))
}

/// When further success statuses have other body types, the success body becomes a
/// `{Op}Result` enum with one variant per status.
fn by_status(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    success: &mut Success,
    other_successes: Vec<(String, Option<TypeRef>)>,
) {
    let ResponseBody::Json(primary) = &success.body else {
        return;
    };
    let differs = |ty: &Option<TypeRef>| match (ty, primary) {
        (None, _) => false,
        (Some(ty), TypeRef::Nullable(inner)) => ty != inner.as_ref() && ty != primary,
        (Some(ty), primary) => ty != primary,
    };
    if !other_successes.iter().any(|(_, ty)| differs(ty)) {
        return;
    }
    let primary = match primary {
        TypeRef::Nullable(inner) => inner.as_ref().clone(),
        other => other.clone(),
    };
    let mut variants = vec![StatusVariant {
        name: naming::status_variant(&success.status),
        status: success.status.clone(),
        ty: Some(primary),
        boxed: false,
    }];
    for (status, ty) in other_successes {
        variants.push(StatusVariant {
            name: naming::status_variant(&status),
            status,
            ty,
            boxed: false,
        });
    }
    variants.sort_by_key(|v| status_rank(&v.status));
    let origin = context.origin.child("responses");
    let id = lowerer.reserve_type(&origin, &naming::result_type(&context.camel), "");
    lowerer.finish_type(
        id,
        &origin,
        Docs {
            summary: None,
            description: Some("The result of the call, by success status.".to_string()),
            deprecated: false,
        },
        TypeKind::ByStatus { variants },
    );
    success.body = ResponseBody::ByStatus(id);
}

fn media_example(media_type: &spec::MediaType) -> Option<Value> {
    media_type.example.clone().or_else(|| {
        media_type
            .examples
            .as_ref()
            .and_then(|examples| examples.values().next())
            .and_then(|example| example.get("value").cloned())
    })
}

/// Sorts `200` < `201` < `2XX` < `400` < … < `default`.
fn status_rank(status: &str) -> (u16, u8) {
    let upper = status.to_ascii_uppercase();
    if let Ok(code) = upper.parse::<u16>() {
        (code, 0)
    } else if upper.ends_with("XX") {
        // `get`, not `[..1]`: the first character of a key may be wider than a byte.
        let class = upper.get(..1).and_then(|digit| digit.parse::<u16>().ok());
        (class.map_or(999, |digit| digit * 100 + 99), 1)
    } else {
        (1000, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::status_rank;

    #[test]
    fn statuses_rank_in_order() {
        let mut statuses = ["default", "4XX", "201", "2XX", "200", "400", "éXX", "x"];
        statuses.sort_by_key(|status| status_rank(status));
        assert_eq!(
            statuses,
            ["200", "201", "2XX", "400", "4XX", "éXX", "default", "x"]
        );
    }
}
