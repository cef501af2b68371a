//! Paths and operations → groups of operations.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Lowerer;
use super::naming::{self, Namespace};
use super::schema::{schema_docs, wrap_nullable};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{
    Auth, Body, BodyEncoding, Docs, ErrorResponse, Group, Name, Operation, Pagination, Param,
    ParamLocation, PathPart, PathTemplate, QueryStyle, ResponseBody, Success, TypeKind, TypeRef,
    Variant, Wait,
};
use crate::spec::{self, Document, RefOr, SecurityScheme};

/// Client methods the generated `Client` defines itself.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "clone",
    "fmt",
    "base_url",
    "http_client",
];

/// Parses `/a/{b}/c` into literal and parameter parts.
pub(crate) fn parse_path(raw: &str) -> Result<PathTemplate, String> {
    let mut parts = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` has no matching `}`".to_string());
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("`{{{name}}}` is not a valid path parameter"));
        }
        parts.push(PathPart::Param(name.to_string()));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err("a `}` has no matching `{`".to_string());
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    Ok(PathTemplate {
        raw: raw.to_string(),
        parts,
    })
}

pub(super) fn auth(lowerer: &mut Lowerer<'_>, document: &Document) -> Option<Auth> {
    let requirement: String = document
        .security
        .iter()
        .flatten()
        .chain(document.paths.values().flat_map(|item| {
            match item {
                RefOr::Item(item) => item
                    .operations()
                    .filter_map(|(_, op)| op.security.as_ref())
                    .flatten()
                    .collect::<Vec<_>>(),
                RefOr::Ref(_) => Vec::new(),
            }
        }))
        .find_map(|requirement| requirement.keys().next().cloned())?;
    scheme_auth(lowerer, document, &requirement)
}

/// How the operation authenticates: its own `security` (an empty list means none), else
/// the document's; the first scheme of the first requirement is used.
fn operation_auth(
    lowerer: &mut Lowerer<'_>,
    document: &Document,
    operation: &spec::Operation,
) -> Option<Auth> {
    let requirements = operation.security.as_ref().or(document.security.as_ref())?;
    let requirement = requirements.iter().find_map(|r| r.keys().next().cloned())?;
    scheme_auth(lowerer, document, &requirement)
}

/// The credential style of the security scheme `requirement`.
fn scheme_auth(lowerer: &mut Lowerer<'_>, document: &Document, requirement: &str) -> Option<Auth> {
    let requirement = requirement.to_string();
    let origin = lowerer
        .root_origin()
        .child("components")
        .child("securitySchemes")
        .child(&requirement);
    let scheme = match document.components.security_schemes.get(&requirement) {
        Some(RefOr::Item(scheme)) => scheme.clone(),
        Some(RefOr::Ref(reference)) => {
            let resolved = lowerer.loaded.resolve(&origin, &reference.reference).ok()?;
            serde_json::from_value(resolved.1).ok()?
        }
        None => {
            lowerer.error(
                Diagnostic::error(
                    "E0309",
                    &lowerer.root_origin().child("security"),
                    format!("security scheme `{requirement}` is not defined"),
                )
                .help("add it under `components/securitySchemes`"),
            );
            return None;
        }
    };
    match scheme {
        SecurityScheme::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some(Auth::Basic)
        }
        SecurityScheme::Http { .. }
        | SecurityScheme::OAuth2 { .. }
        | SecurityScheme::OpenIdConnect { .. } => Some(Auth::Bearer),
        SecurityScheme::ApiKey { name, location, .. } => match location.as_str() {
            "header" => Some(Auth::Header(name)),
            "query" => Some(Auth::Query(name)),
            _ => {
                lowerer.diagnostics.push(
                    Diagnostic::warning("W0301", &origin, format!("API keys in a {location} are not supported; the client sends no credentials"))
                        .help("set the credential with a default header on the client builder"),
                );
                None
            }
        },
        SecurityScheme::MutualTls { .. } => None,
    }
}

struct Pending {
    group: Option<String>,
    operation: Operation,
}

pub(super) fn lower_operations(
    lowerer: &mut Lowerer<'_>,
    document: &Document,
) -> (Vec<Group>, Vec<Operation>, Vec<Variant>) {
    let paths_origin = lowerer.root_origin().child("paths");
    let mut pending = Vec::new();
    let mut error_bodies: Vec<Variant> = Vec::new();
    let mut error_names = Namespace::default();
    let mut seen_ids: BTreeMap<String, Origin> = BTreeMap::new();

    for (path, item) in &document.paths {
        let item_origin = paths_origin.child(path);
        // Borrowed unless it comes from a `$ref` (a path item is big: no copy of it).
        let (item_origin, item) = match item {
            RefOr::Item(item) => (item_origin, std::borrow::Cow::Borrowed(item)),
            RefOr::Ref(reference) => {
                match lowerer.loaded.resolve(&item_origin, &reference.reference) {
                    Ok((origin, value)) => match serde_json::from_value::<spec::PathItem>(value) {
                        Ok(item) => (origin, std::borrow::Cow::Owned(item)),
                        Err(error) => {
                            lowerer.error(Diagnostic::error(
                                "E0006",
                                &origin,
                                format!("invalid path item: {error}"),
                            ));
                            continue;
                        }
                    },
                    Err(diagnostic) => {
                        lowerer.error(*diagnostic);
                        continue;
                    }
                }
            }
        };
        let template = match parse_path(path) {
            Ok(template) => template,
            Err(message) => {
                lowerer.error(
                    Diagnostic::error(
                        "E0310",
                        &item_origin,
                        format!("invalid path template: {message}"),
                    )
                    .help("path parameters are written `{name}`"),
                );
                continue;
            }
        };
        for (method, spec_operation) in item.operations() {
            let origin = item_origin.child(method);
            let operation_id = spec_operation
                .operation_id
                .clone()
                .unwrap_or_else(|| naming::synthesize_operation_id(method, path));
            if let Some(first) = seen_ids.get(&operation_id) {
                lowerer.error(
                    Diagnostic::error(
                        "E0301",
                        &origin.child("operationId"),
                        format!("operationId `{operation_id}` is used twice"),
                    )
                    .help(format!(
                        "the first use is at {}; operation ids must be unique",
                        first.pointer
                    )),
                );
                continue;
            }
            seen_ids.insert(operation_id.clone(), origin.clone());
            let mut operation = lower_operation(
                lowerer,
                &item,
                spec_operation,
                method,
                &template,
                &operation_id,
                &origin,
                &mut error_bodies,
                &mut error_names,
            );
            operation.auth = operation_auth(lowerer, document, spec_operation);
            if spec_operation.callbacks.is_some() {
                lowerer.diagnostics.push(
                    Diagnostic::warning(
                        "W0308",
                        &origin.child("callbacks"),
                        "callbacks are not generated: the SDK only calls the API",
                    )
                    .help("serve the callback requests with your web framework"),
                );
            }
            pending.push(Pending {
                group: spec_operation.tags.first().cloned(),
                operation,
            });
        }
    }

    // Groups, in order of first appearance; handles and accessors get their names here.
    let mut client_methods = Namespace::default();
    for name in CLIENT_METHODS {
        client_methods.reserve(name);
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_methods: Vec<Namespace> = Vec::new();
    let mut client_operations = Vec::new();
    let mut client_op_names = Namespace::default();
    for name in CLIENT_METHODS {
        client_op_names.reserve(name);
    }
    let tag_docs: BTreeMap<&str, Option<String>> = document
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.description.clone()))
        .collect();
    for Pending {
        group,
        mut operation,
    } in pending
    {
        let Some(tag) = group else {
            client_operations.push(operation);
            continue;
        };
        let index = match groups.iter().position(|g| g.name.original == tag) {
            Some(index) => index,
            None => {
                let accessor = client_methods.claim(&naming::snake(&tag, "api"), "_api");
                let handle = lowerer
                    .type_names
                    .claim(&naming::camel(&tag, "Api", "Api"), "Api");
                groups.push(Group {
                    name: Name {
                        original: tag.clone(),
                        rust: accessor,
                    },
                    handle,
                    docs: Docs {
                        summary: None,
                        description: tag_docs.get(tag.as_str()).cloned().flatten(),
                        deprecated: false,
                    },
                    operations: Vec::new(),
                });
                group_methods.push(Namespace::default());
                groups.len() - 1
            }
        };
        let base = match operation.name.rust.as_str() {
            overridden if !overridden.is_empty() => overridden.to_string(),
            _ => naming::method_name(&operation.name.original, &tag),
        };
        operation.name.rust = group_methods[index].claim(&base, "");
        groups[index].operations.push(operation);
    }
    // Helper methods take what the operations left, so adding a helper never renames an
    // operation.
    for (group, methods) in groups.iter_mut().zip(&mut group_methods) {
        for operation in &mut group.operations {
            claim_helpers(operation, methods);
        }
    }
    for operation in &mut client_operations {
        let base = if operation.name.rust.is_empty() {
            naming::snake(&operation.name.original, "call")
        } else {
            operation.name.rust.clone()
        };
        operation.name.rust = client_op_names.claim(&base, "");
        // Group accessors live on the client too.
        if groups.iter().any(|g| g.name.rust == operation.name.rust) {
            operation.name.rust = client_op_names.claim(&format!("{base}_call"), "");
        }
    }
    for group in &groups {
        client_op_names.reserve(&group.name.rust);
    }
    for operation in &mut client_operations {
        claim_helpers(operation, &mut client_op_names);
    }
    (groups, client_operations, error_bodies)
}

/// Names the helper methods of an operation: the `_with_response` variant, the pagers
/// and the waiter.
fn claim_helpers(operation: &mut Operation, methods: &mut Namespace) {
    let name = operation.name.rust.clone();
    operation.with_response = methods.claim(&format!("{name}_with_response"), "");
    if let Some(pagination) = &mut operation.pagination {
        pagination.pages_method = methods.claim(&format!("{name}_pages"), "");
        pagination.items_method = methods.claim(&format!("{name}_all"), "");
    }
    if let Some(wait) = &mut operation.wait {
        wait.method = methods.claim(&wait.method, "");
    }
}

#[allow(clippy::too_many_arguments)]
fn lower_operation(
    lowerer: &mut Lowerer<'_>,
    item: &spec::PathItem,
    spec_operation: &spec::Operation,
    method: &str,
    template: &PathTemplate,
    operation_id: &str,
    origin: &Origin,
    error_bodies: &mut Vec<Variant>,
    error_names: &mut Namespace,
) -> Operation {
    let op_camel = naming::camel(operation_id, "Call", "Op");

    // Parameters: path-level first, overridden by operation-level ones with the same (name, in).
    let mut raw_params: Vec<(Origin, Value)> = Vec::new();
    let parent_origin = Origin::new(
        origin.file.clone(),
        origin
            .pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default(),
    );
    for (index, value) in item.parameters.iter().enumerate() {
        raw_params.push((
            parent_origin.child("parameters").child(index.to_string()),
            value.clone(),
        ));
    }
    for (index, value) in spec_operation.parameters.iter().enumerate() {
        raw_params.push((
            origin.child("parameters").child(index.to_string()),
            value.clone(),
        ));
    }
    let mut parsed: Vec<(Origin, spec::Parameter)> = Vec::new();
    for (param_origin, value) in raw_params {
        let Some((resolved_origin, resolved)) = lowerer.resolve_fully(&value, &param_origin) else {
            continue;
        };
        match serde_path_to_error::deserialize::<_, spec::Parameter>(&resolved) {
            Ok(param) => {
                if let Some(existing) = parsed
                    .iter_mut()
                    .find(|(_, p)| p.name == param.name && p.location == param.location)
                {
                    *existing = (resolved_origin, param);
                } else {
                    parsed.push((resolved_origin, param));
                }
            }
            Err(error) => lowerer.error(
                Diagnostic::error(
                    "E0311",
                    &resolved_origin,
                    format!("invalid parameter: {}", error.inner()),
                )
                .help("a parameter needs at least `name`, `in` and `schema`"),
            ),
        }
    }

    // Body first, so that a parameter called `body` gets the suffix.
    let mut field_names = Namespace::default();
    // Methods of the parameters struct (constructor and derived traits).
    for taken in ["new", "clone", "default", "eq", "ne", "fmt"] {
        field_names.reserve(taken);
    }
    let body = spec_operation
        .request_body
        .as_ref()
        .and_then(|value| request_body(lowerer, value, &origin.child("requestBody"), &op_camel));
    if body.is_some() {
        field_names.reserve("body");
    }

    let template_params: Vec<&str> = template
        .parts
        .iter()
        .filter_map(|part| match part {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
        .collect();
    let mut params = Vec::new();
    for location_order in [
        ParamLocation::Path,
        ParamLocation::Query,
        ParamLocation::Header,
        ParamLocation::Cookie,
    ] {
        let mut ordered: Vec<&(Origin, spec::Parameter)> = parsed
            .iter()
            .filter(|(_, p)| location_of(&p.location) == Some(location_order))
            .collect();
        if location_order == ParamLocation::Path {
            ordered.sort_by_key(|(_, p)| {
                template_params
                    .iter()
                    .position(|t| *t == p.name)
                    .unwrap_or(usize::MAX)
            });
        }
        for (param_origin, param) in ordered {
            params.push(lower_param(
                lowerer,
                param,
                param_origin,
                &op_camel,
                &mut field_names,
                &template_params,
            ));
        }
    }
    for (param_origin, param) in &parsed {
        if location_of(&param.location).is_none() {
            lowerer.error(
                Diagnostic::error(
                    "E0302",
                    &param_origin.child("in"),
                    format!(
                        "parameter `{}` has an unknown location `{}`",
                        param.name, param.location
                    ),
                )
                .help("`in` must be one of path, query, header, cookie"),
            );
        }
    }
    for name in &template_params {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.name.original == *name)
        {
            lowerer.error(
                Diagnostic::error(
                    "E0305",
                    origin,
                    format!(
                        "the path has a `{{{name}}}` placeholder but no path parameter `{name}`"
                    ),
                )
                .help(format!(
                    "add a parameter with `name: {name}`, `in: path`, `required: true`"
                )),
            );
        }
    }

    let (success, errors) = responses(
        lowerer,
        spec_operation,
        origin,
        &op_camel,
        error_bodies,
        error_names,
    );

    let pagination = spec_operation
        .pagination
        .as_ref()
        .and_then(|p| pagination(lowerer, p, &params, &success, &origin.child("x-pagination")));

    let wait = spec_operation
        .wait
        .as_ref()
        .and_then(|w| wait(lowerer, w, &success, &origin.child("x-wait")));

    let has_inputs = !params.is_empty() || body.is_some();
    let params_type =
        has_inputs.then(|| lowerer.type_names.claim(&format!("{op_camel}Params"), ""));

    Operation {
        name: Name {
            original: operation_id.to_string(),
            rust: spec_operation
                .rust_name
                .as_deref()
                .map(|n| naming::snake(n, "call"))
                .unwrap_or_default(),
        },
        params_type,
        method: method.to_uppercase(),
        path: template.clone(),
        docs: Docs {
            summary: spec_operation
                .summary
                .clone()
                .or_else(|| item.summary.clone()),
            description: spec_operation
                .description
                .clone()
                .or_else(|| item.description.clone()),
            deprecated: spec_operation.deprecated,
        },
        params,
        body,
        success,
        errors,
        with_response: String::new(),
        pagination,
        auth: None,
        wait,
        origin: origin.clone(),
    }
}

fn location_of(location: &str) -> Option<ParamLocation> {
    match location {
        "path" => Some(ParamLocation::Path),
        "query" => Some(ParamLocation::Query),
        "header" => Some(ParamLocation::Header),
        "cookie" => Some(ParamLocation::Cookie),
        _ => None,
    }
}

fn lower_param(
    lowerer: &mut Lowerer<'_>,
    param: &spec::Parameter,
    origin: &Origin,
    op_camel: &str,
    field_names: &mut Namespace,
    template_params: &[&str],
) -> Param {
    let location = location_of(&param.location).unwrap_or(ParamLocation::Query);
    if location == ParamLocation::Path {
        if !param.required {
            lowerer.error(
                Diagnostic::error(
                    "E0303",
                    origin,
                    format!(
                        "path parameter `{}` is not marked `required: true`",
                        param.name
                    ),
                )
                .help("path parameters are always required; add `required: true`"),
            );
        }
        if !template_params.contains(&param.name.as_str()) {
            lowerer.error(
                Diagnostic::error(
                    "E0304",
                    origin,
                    format!(
                        "path parameter `{}` does not appear in the path template",
                        param.name
                    ),
                )
                .help(format!(
                    "add `{{{}}}` to the path, or remove the parameter",
                    param.name
                )),
            );
        }
    }
    let is_token = |name: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if matches!(location, ParamLocation::Header | ParamLocation::Cookie) && !is_token(&param.name) {
        lowerer.error(
            Diagnostic::error(
                "E0315",
                &origin.child("name"),
                format!("`{}` is not a valid HTTP header or cookie name", param.name),
            )
            .help("use ASCII letters, digits and `-` (RFC 9110 token characters)"),
        );
    }
    let hint = format!("{op_camel}{}", naming::camel(&param.name, "Param", "P"));
    let (schema_value, schema_origin) = match (&param.schema, &param.content) {
        (Some(schema), _) => (schema.clone(), origin.child("schema")),
        (None, Some(content)) => match content.iter().next() {
            Some((media, media_type)) => (
                media_type
                    .get("schema")
                    .cloned()
                    .unwrap_or(Value::Bool(true)),
                origin.child("content").child(media).child("schema"),
            ),
            None => (Value::Bool(true), origin.clone()),
        },
        (None, None) => (Value::Bool(true), origin.clone()),
    };
    let lowered = lowerer.schema(&schema_value, &schema_origin, &hint);
    let style = match (param.style.as_deref(), param.explode) {
        (Some("deepObject"), _) => QueryStyle::DeepObject,
        (Some("spaceDelimited"), _) => QueryStyle::SpaceDelimited,
        (Some("pipeDelimited"), _) => QueryStyle::PipeDelimited,
        (_, Some(false)) => QueryStyle::Form,
        _ if location == ParamLocation::Query || location == ParamLocation::Cookie => {
            QueryStyle::FormExploded
        }
        _ => QueryStyle::Form,
    };
    let description_docs = lowerer
        .parse_schema(&schema_value, &schema_origin)
        .map(|s| schema_docs(&s))
        .unwrap_or_default();
    Param {
        name: Name {
            original: param.name.clone(),
            rust: field_names.claim(&naming::snake(&param.name, "param"), ""),
        },
        location,
        required: param.required || location == ParamLocation::Path,
        ty: lowered.ty,
        style,
        example: param
            .example
            .clone()
            .or_else(|| super::schema::example_of_schema(&schema_value)),
        docs: Docs {
            summary: None,
            description: param.description.clone().or(description_docs.description),
            deprecated: param.deprecated,
        },
        origin: origin.clone(),
    }
}

fn encoding_of(media: &str) -> Option<BodyEncoding> {
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

fn request_body(
    lowerer: &mut Lowerer<'_>,
    value: &Value,
    origin: &Origin,
    op_camel: &str,
) -> Option<Body> {
    let (origin, resolved) = lowerer.resolve_fully(value, origin)?;
    let body: spec::RequestBody = match serde_json::from_value(resolved) {
        Ok(body) => body,
        Err(error) => {
            lowerer.error(Diagnostic::error(
                "E0306",
                &origin,
                format!("invalid request body: {error}"),
            ));
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
        BodyEncoding::Multipart => multipart_body(lowerer, media_type, &schema_origin, op_camel),
        BodyEncoding::Json | BodyEncoding::Form => {
            let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
            wrap_nullable(lowerer.schema(&schema, &schema_origin, &format!("{op_camel}Body")))
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

/// A `multipart/form-data` body: an object schema becomes a form struct whose binary
/// properties are file parts; anything else is sent as raw bytes.
fn multipart_body(
    lowerer: &mut Lowerer<'_>,
    media_type: &spec::MediaType,
    schema_origin: &Origin,
    op_camel: &str,
) -> TypeRef {
    let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
    let lowered = lowerer.schema(&schema, schema_origin, &format!("{op_camel}Body"));
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
    let root = lowerer.loaded.root.value.clone();
    for field in fields.iter_mut() {
        let property = root.pointer(&field.origin.pointer[1..]);
        let is_binary = |schema: Option<&Value>| {
            schema.is_some_and(|s| {
                s.get("format").and_then(Value::as_str) == Some("binary")
                    || s.get("contentMediaType").is_some()
            })
        };
        if is_binary(property) {
            field.ty = TypeRef::File;
        } else if is_binary(property.and_then(|p| p.get("items"))) {
            field.ty = TypeRef::List(Box::new(TypeRef::File));
        }
    }
    TypeRef::Named(id)
}

fn responses(
    lowerer: &mut Lowerer<'_>,
    spec_operation: &spec::Operation,
    origin: &Origin,
    op_camel: &str,
    error_bodies: &mut Vec<Variant>,
    error_names: &mut Namespace,
) -> (Success, Vec<ErrorResponse>) {
    let responses_origin = origin.child("responses");
    let empty = indexmap::IndexMap::new();
    let responses = spec_operation.responses.as_ref().unwrap_or(&empty);
    if responses.is_empty() {
        // Real specs use this for free-form responses (dropshot's "unpublished" ones):
        // the method hands back the raw body.
        lowerer.diagnostics.push(
            Diagnostic::warning(
                "W0307",
                origin,
                "the operation declares no responses; its method returns the raw body",
            )
            .help("declare the responses (at least the success one) to get a typed result"),
        );
    }
    let mut success: Option<Success> = None;
    let mut errors = Vec::new();
    let mut ordered: Vec<(&String, &Value)> = responses.iter().collect();
    ordered.sort_by_key(|(status, _)| status_rank(status));
    // The success type comes from the first 2xx with content; a 2xx without content next
    // to it (`200` JSON, `204` empty) makes the result optional.
    let mut with_content: BTreeMap<String, bool> = BTreeMap::new();
    for (status, value) in &ordered {
        if !status.starts_with('2') {
            continue;
        }
        let resolved = match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => lowerer
                .loaded
                .resolve(&responses_origin, reference)
                .map(|(_, v)| v)
                .unwrap_or_default(),
            None => (*value).clone(),
        };
        let content = resolved
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|c| !c.is_empty());
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
    let mut other_successes: Vec<(String, Option<TypeRef>)> = Vec::new();
    for (status, value) in ordered {
        let status_origin = responses_origin.child(status);
        let Some((resolved_origin, resolved)) = lowerer.resolve_fully(value, &status_origin) else {
            continue;
        };
        let response: spec::Response = match serde_json::from_value(resolved) {
            Ok(response) => response,
            Err(error) => {
                lowerer.error(Diagnostic::error(
                    "E0312",
                    &resolved_origin,
                    format!("invalid response: {error}"),
                ));
                continue;
            }
        };
        let upper = status.to_ascii_uppercase();
        let is_success = upper.starts_with('2');
        let is_error = upper.starts_with('4') || upper.starts_with('5') || upper == "DEFAULT";
        if !is_success && !is_error {
            continue;
        }
        let json = response
            .content
            .iter()
            .find(|(media, _)| encoding_of(media) == Some(BodyEncoding::Json));
        if is_success && success.is_some() {
            // A further success status: its body type, if it differs, makes the result an
            // enum by status.
            let ty = json.map(|(media, media_type)| {
                let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
                let schema_origin = resolved_origin
                    .child("content")
                    .child(media)
                    .child("schema");
                let hint = format!("{op_camel}Response{}", naming::camel(status, "", ""));
                wrap_nullable(lowerer.schema(&schema, &schema_origin, &hint))
            });
            other_successes.push((status.clone(), ty));
            continue;
        }
        if is_success && success.is_none() {
            let docs = Docs {
                summary: None,
                description: response.description.clone(),
                deprecated: false,
            };
            let (body, example) = match (json, response.content.iter().next()) {
                (Some((media, media_type)), _) => {
                    let schema = media_type.schema.clone().unwrap_or(Value::Bool(true));
                    let schema_origin = resolved_origin
                        .child("content")
                        .child(media)
                        .child("schema");
                    let lowered =
                        lowerer.schema(&schema, &schema_origin, &format!("{op_camel}Response"));
                    let ty = wrap_nullable(lowered);
                    let ty = if empty_success && !matches!(ty, TypeRef::Nullable(_)) {
                        TypeRef::Nullable(Box::new(ty))
                    } else {
                        ty
                    };
                    (ResponseBody::Json(ty), media_example(media_type))
                }
                (None, Some((media, _))) if media.starts_with("text/") => {
                    (ResponseBody::Text, None)
                }
                (None, Some(_)) => (ResponseBody::Binary, None),
                (None, None) => (ResponseBody::Empty, None),
            };
            success = Some(Success {
                status: status.clone(),
                body,
                docs,
                example,
            });
        } else if is_error {
            let Some((media, media_type)) = json else {
                continue;
            };
            let Some(schema) = media_type.schema.clone() else {
                continue;
            };
            let schema_origin = resolved_origin
                .child("content")
                .child(media)
                .child("schema");
            let hint = format!("{op_camel}Error{}", naming::camel(status, "Default", ""));
            let ty = wrap_nullable(lowerer.schema(&schema, &schema_origin, &hint));
            let variant = match error_bodies.iter().find(|v| v.ty == ty) {
                Some(existing) => existing.name.rust.clone(),
                None => {
                    let base = match &ty {
                        TypeRef::Named(id) => lowerer.types[id.0]
                            .as_ref()
                            .map(|t| t.name.rust.clone())
                            .or_else(|| lowerer.pending_names.get(id).map(|n| n.rust.clone()))
                            .unwrap_or_else(|| "Json".to_string()),
                        _ => "Json".to_string(),
                    };
                    let rust = error_names.claim(&base, "");
                    error_bodies.push(Variant {
                        name: Name {
                            original: base,
                            rust: rust.clone(),
                        },
                        ty,
                        boxed: false,
                    });
                    rust
                }
            };
            let (code, range) = if upper == "DEFAULT" {
                (None, false)
            } else if upper.ends_with("XX") {
                (upper[..1].parse::<u16>().ok().map(|d| d * 100), true)
            } else {
                (upper.parse::<u16>().ok(), false)
            };
            errors.push(ErrorResponse {
                status: code,
                range,
                variant,
            });
        }
    }
    let differs = |ty: &Option<TypeRef>, primary: &TypeRef| match (ty, primary) {
        (None, _) => false,
        (Some(ty), TypeRef::Nullable(inner)) => ty != inner.as_ref() && ty != primary,
        (Some(ty), primary) => ty != primary,
    };
    if let Some(found) = &mut success
        && let ResponseBody::Json(primary) = &found.body
        && other_successes.iter().any(|(_, ty)| differs(ty, primary))
    {
        let primary = match primary {
            TypeRef::Nullable(inner) => inner.as_ref().clone(),
            other => other.clone(),
        };
        let mut variants = vec![crate::ir::StatusVariant {
            name: format!("Status{}", naming::camel(&found.status, "", "")),
            status: found.status.clone(),
            ty: Some(primary),
        }];
        for (status, ty) in other_successes {
            variants.push(crate::ir::StatusVariant {
                name: format!("Status{}", naming::camel(&status, "", "")),
                status,
                ty,
            });
        }
        variants.sort_by_key(|v| status_rank(&v.status));
        let origin = responses_origin.clone();
        let id = lowerer.reserve_type(&origin, &format!("{op_camel}Result"), "");
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
        found.body = ResponseBody::ByStatus(id);
    }
    let success = success.unwrap_or(Success {
        status: "2XX".to_string(),
        body: if responses.is_empty() {
            ResponseBody::Binary
        } else {
            ResponseBody::Empty
        },
        docs: Docs::default(),
        example: None,
    });
    (success, errors)
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
        (
            upper[..1]
                .parse::<u16>()
                .map(|d| d * 100 + 99)
                .unwrap_or(999),
            1,
        )
    } else {
        (1000, 0)
    }
}

fn pagination(
    lowerer: &mut Lowerer<'_>,
    spec_pagination: &spec::Pagination,
    params: &[Param],
    success: &Success,
    origin: &Origin,
) -> Option<Pagination> {
    let spec::PaginationStyle::Cursor = spec_pagination.style;
    let Some(token_param) = params.iter().find(|p| {
        p.location == ParamLocation::Query && p.name.original == spec_pagination.page_token_param
    }) else {
        lowerer.error(
            Diagnostic::error(
                "E0313",
                &origin.child("page-token-param"),
                format!(
                    "the operation has no query parameter `{}`",
                    spec_pagination.page_token_param
                ),
            )
            .help("name the query parameter that carries the page token"),
        );
        return None;
    };
    let ResponseBody::Json(TypeRef::Named(id)) = &success.body else {
        lowerer.error(
            Diagnostic::error(
                "E0313",
                origin,
                "a paginated operation must return a JSON object",
            )
            .help("give the success response an object schema with the items and the next token"),
        );
        return None;
    };
    let Some(fields) = resolve_struct_fields(lowerer, *id) else {
        lowerer.error(
            Diagnostic::error(
                "E0313",
                origin,
                "a paginated operation must return a JSON object",
            )
            .help("give the success response an object schema with the items and the next token"),
        );
        return None;
    };
    let find = |wire: &str| fields.iter().find(|f| f.name.original == wire).cloned();
    let (Some(next), Some(items)) = (
        find(&spec_pagination.next_token_field),
        find(&spec_pagination.items_field),
    ) else {
        lowerer.error(
            Diagnostic::error(
                "E0313",
                origin,
                format!(
                    "the response has no `{}` or no `{}` property",
                    spec_pagination.next_token_field, spec_pagination.items_field
                ),
            )
            .help(
                "`next-token-field` and `items-field` must name properties of the response object",
            ),
        );
        return None;
    };
    let TypeRef::List(item_ty) = items.ty.clone() else {
        lowerer.error(
            Diagnostic::error(
                "E0313",
                &origin.child("items-field"),
                format!("`{}` is not an array", spec_pagination.items_field),
            )
            .help("the items field must be an array of the listed objects"),
        );
        return None;
    };
    if next.ty != TypeRef::String {
        lowerer.error(
            Diagnostic::error(
                "E0313",
                &origin.child("next-token-field"),
                format!("`{}` is not a string", spec_pagination.next_token_field),
            )
            .help("the next-page token must be a string"),
        );
        return None;
    }
    Some(Pagination {
        page_token_param: token_param.name.rust.clone(),
        next_token_field: next.name.rust.clone(),
        items_field: items.name.rust.clone(),
        item_ty: *item_ty,
        token_required: token_param.required,
        next_token_optional: next.optional(),
        items_optional: items.optional(),
        // Claimed with the other method names of the group.
        pages_method: String::new(),
        items_method: String::new(),
    })
}

fn wait(
    lowerer: &mut Lowerer<'_>,
    spec_wait: &spec::Wait,
    success: &Success,
    origin: &Origin,
) -> Option<Wait> {
    let fields = match &success.body {
        ResponseBody::Json(TypeRef::Named(id)) => resolve_struct_fields(lowerer, *id),
        _ => None,
    };
    let Some(fields) = fields else {
        lowerer.error(
            Diagnostic::error(
                "E0314",
                origin,
                "`x-wait` needs an operation that returns a JSON object",
            )
            .help("put `x-wait` on the operation that fetches the resource (its `get`)"),
        );
        return None;
    };
    let Some(status) = fields
        .iter()
        .find(|f| f.name.original == spec_wait.status_field)
    else {
        lowerer.error(
            Diagnostic::error(
                "E0314",
                &origin.child("status-field"),
                format!("the response has no `{}` property", spec_wait.status_field),
            )
            .help("`status-field` must name a property of the response object"),
        );
        return None;
    };
    let string_like = match &status.ty {
        TypeRef::String => true,
        TypeRef::Named(id) => matches!(
            lowerer.types[id.0].as_ref().map(|t| &t.kind),
            Some(TypeKind::StringEnum { .. })
        ),
        _ => false,
    };
    if !string_like || spec_wait.terminal.is_empty() {
        lowerer.error(
            Diagnostic::error(
                "E0314",
                origin,
                format!(
                    "`{}` must be a string (or string enum) with at least one terminal value",
                    spec_wait.status_field
                ),
            )
            .help("list the values that end the wait under `terminal`"),
        );
        return None;
    }
    if let TypeRef::Named(id) = &status.ty
        && let Some(TypeKind::StringEnum { variants }) =
            lowerer.types[id.0].as_ref().map(|t| &t.kind)
    {
        let unknown: Vec<&String> = spec_wait
            .terminal
            .iter()
            .filter(|value| !variants.iter().any(|v| &v.original == *value))
            .collect();
        if !unknown.is_empty() {
            let variants = variants
                .iter()
                .map(|v| v.original.clone())
                .collect::<Vec<_>>()
                .join(", ");
            lowerer.error(
                Diagnostic::error(
                    "E0314",
                    &origin.child("terminal"),
                    format!("terminal value(s) {unknown:?} are not values of the status enum"),
                )
                .help(format!("the status enum has: {variants}")),
            );
            return None;
        }
    }
    Some(Wait {
        method: spec_wait
            .method
            .as_deref()
            .map(|m| naming::snake(m, "wait"))
            .unwrap_or_else(|| "wait".to_string()),
        status_field: status.name.rust.clone(),
        status_optional: status.optional(),
        terminal: spec_wait.terminal.clone(),
    })
}

fn resolve_struct_fields(
    lowerer: &Lowerer<'_>,
    id: crate::ir::TypeId,
) -> Option<Vec<crate::ir::Field>> {
    match lowerer.types[lowerer.alias_target(id).0]
        .as_ref()
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct { fields, .. }) => Some(fields.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_path_templates() {
        let template = parse_path("/api/v2/batches/{batch_id}/cancel").unwrap();
        assert_eq!(
            template.parts,
            vec![
                PathPart::Literal("/api/v2/batches/".into()),
                PathPart::Param("batch_id".into()),
                PathPart::Literal("/cancel".into()),
            ]
        );
        assert!(parse_path("/a/{b").is_err());
        assert!(parse_path("/a/b}").is_err());
        assert!(parse_path("/a/{}").is_err());
        assert_eq!(parse_path("/{a}{b}").unwrap().parts.len(), 3);
    }
}
