//! Parameters: path-level and operation-level ones merged, checked against the path
//! template, and lowered in the order path, query, header, cookie.

use serde_json::Value;

use super::{Lowerer, OperationContext, paths};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{Docs, Name, Param, ParamLocation, QueryStyle};
use crate::lower::naming::{self, Namespace};
use crate::lower::schema::{example_of_schema, schema_docs};
use crate::spec;

/// The `parameters` listed in a path item or operation object.
fn listed(raw: &Value) -> &[Value] {
    (raw.get("parameters").and_then(Value::as_array)).map_or(&[], Vec::as_slice)
}

/// The operation's parameters, parsed: path-level first, overridden by operation-level
/// ones with the same (name, in).
pub(super) fn parse(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
) -> Vec<(Origin, spec::Parameter)> {
    let origin = &context.origin;
    let item_origin = Origin::new(
        origin.file.clone(),
        origin
            .pointer
            .rsplit_once('/')
            .map(|(p, _)| p.to_string())
            .unwrap_or_default(),
    );
    let item_params = (listed(context.item_raw).iter().enumerate()).map(|(index, value)| {
        (
            item_origin.child("parameters").child(index.to_string()),
            value,
        )
    });
    let operation_params = (listed(context.raw).iter().enumerate())
        .map(|(index, value)| (origin.child("parameters").child(index.to_string()), value));
    let mut parsed: Vec<(Origin, spec::Parameter)> = Vec::new();
    for (param_origin, value) in item_params.chain(operation_params) {
        let Some((resolved_origin, resolved)) = lowerer.resolve_fully(value, &param_origin) else {
            continue;
        };
        match serde_path_to_error::deserialize::<_, spec::Parameter>(&*resolved) {
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
    parsed
}

/// Lowers the parsed parameters, path ones in template order; field names are claimed
/// in `field_names`.
pub(super) fn lower(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    parsed: &[(Origin, spec::Parameter)],
    field_names: &mut Namespace,
) -> Vec<Param> {
    let template_params = paths::template_params(context.template);
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
            check_path_param(lowerer, param, param_origin, &template_params);
            check_header_name(lowerer, param, param_origin);
            params.push(lower_param(
                lowerer,
                context,
                param,
                param_origin,
                field_names,
            ));
        }
        if location_order == ParamLocation::Path {
            add_undeclared_path_params(
                lowerer,
                context,
                &template_params,
                &mut params,
                field_names,
            );
        }
    }
    check_locations(lowerer, parsed);
    params
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

/// Every parameter has a known `in` (E0302).
fn check_locations(lowerer: &mut Lowerer<'_>, parsed: &[(Origin, spec::Parameter)]) {
    for (param_origin, param) in parsed {
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
}

/// A `{placeholder}` of the template without a path parameter becomes a required string
/// path parameter (W0305); `params` holds the path parameters so far, which stay in
/// template order.
fn add_undeclared_path_params(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    template_params: &[&str],
    params: &mut Vec<Param>,
    field_names: &mut Namespace,
) {
    let mut added = false;
    for name in template_params {
        if params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.name.original == *name)
        {
            continue;
        }
        lowerer.diagnostics.push(
            Diagnostic::warning(
                "W0305",
                &context.origin,
                format!(
                    "the path has a `{{{name}}}` placeholder but no path parameter `{name}`; it is read as a required string path parameter"
                ),
            )
            .help(format!(
                "add a parameter with `name: {name}`, `in: path`, `required: true`"
            )),
        );
        params.push(Param {
            name: Name {
                original: (*name).to_string(),
                rust: field_names.claim(&naming::param_field(name), ""),
            },
            location: ParamLocation::Path,
            required: true,
            ty: crate::ir::TypeRef::String,
            style: QueryStyle::Form,
            example: None,
            docs: Docs {
                summary: None,
                description: Some(
                    "The path placeholder of the same name (the spec does not describe it)."
                        .to_string(),
                ),
                deprecated: false,
            },
            origin: context.origin.clone(),
        });
        added = true;
    }
    if added {
        params.sort_by_key(|param| {
            template_params
                .iter()
                .position(|name| *name == param.name.original)
                .unwrap_or(usize::MAX)
        });
    }
}

/// A path parameter is required (E0303) and appears in the template (E0304).
fn check_path_param(
    lowerer: &mut Lowerer<'_>,
    param: &spec::Parameter,
    origin: &Origin,
    template_params: &[&str],
) {
    if location_of(&param.location) != Some(ParamLocation::Path) {
        return;
    }
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

/// A header or cookie name is an HTTP token (E0315).
fn check_header_name(lowerer: &mut Lowerer<'_>, param: &spec::Parameter, origin: &Origin) {
    let is_token = |name: &str| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let location = location_of(&param.location);
    if matches!(
        location,
        Some(ParamLocation::Header | ParamLocation::Cookie)
    ) && !is_token(&param.name)
    {
        lowerer.error(
            Diagnostic::error(
                "E0315",
                &origin.child("name"),
                format!("`{}` is not a valid HTTP header or cookie name", param.name),
            )
            .help("use ASCII letters, digits and `-` (RFC 9110 token characters)"),
        );
    }
}

fn lower_param(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    param: &spec::Parameter,
    origin: &Origin,
    field_names: &mut Namespace,
) -> Param {
    let location = location_of(&param.location).unwrap_or(ParamLocation::Query);
    let hint = naming::param_type(&context.camel, &param.name);
    let (schema_value, schema_origin) = param_schema(param, origin);
    let lowered = lowerer.schema(&schema_value, &schema_origin, &hint);
    let description_docs = lowerer
        .parse_schema(&schema_value, &schema_origin)
        .map(|s| schema_docs(&s))
        .unwrap_or_default();
    Param {
        name: Name {
            original: param.name.clone(),
            rust: field_names.claim(&naming::param_field(&param.name), ""),
        },
        location,
        required: param.required || location == ParamLocation::Path,
        ty: lowered.ty,
        style: query_style(param, location),
        example: param.example.clone().or_else(|| {
            let items = lowerer.sample_items(&schema_value, &schema_origin);
            example_of_schema(
                &schema_value,
                !lowerer.ignored_defaults.contains(&schema_origin),
                items.as_ref(),
            )
        }),
        docs: Docs {
            summary: None,
            description: param.description.clone().or(description_docs.description),
            deprecated: param.deprecated,
        },
        origin: origin.clone(),
    }
}

/// The schema of a parameter and where it is: `schema`, else that of its first `content`
/// entry, else any value.
fn param_schema(param: &spec::Parameter, origin: &Origin) -> (Value, Origin) {
    match (&param.schema, &param.content) {
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
    }
}

fn query_style(param: &spec::Parameter, location: ParamLocation) -> QueryStyle {
    match (param.style.as_deref(), param.explode) {
        (Some("deepObject"), _) => QueryStyle::DeepObject,
        (Some("spaceDelimited"), _) => QueryStyle::SpaceDelimited,
        (Some("pipeDelimited"), _) => QueryStyle::PipeDelimited,
        (_, Some(false)) => QueryStyle::Form,
        _ if location == ParamLocation::Query || location == ParamLocation::Cookie => {
            QueryStyle::FormExploded
        }
        _ => QueryStyle::Form,
    }
}
