//! Paths and operations → the operations of the IR, grouped by tag.
//!
//! One file per job: `paths` (path items and templates), `auth` (security), `params`,
//! `body` (request bodies), `responses` (success and results by status), `errors` (the
//! error-body registry), `paging` (`x-pagination` and `x-wait`) and `groups` (tags and
//! method names). This file walks the paths and puts one operation together.

mod auth;
mod body;
mod errors;
mod groups;
mod paging;
mod params;
mod paths;
mod responses;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Lowerer;
use super::naming::{self, Namespace};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{
    BodyEncoding, Docs, ErrorTable, Group, Name, Operation, Param, PathTemplate, ResponseBody,
    Success, Variant,
};
use crate::spec::{self, Document};

pub(super) use auth::{auth, report_undefined_schemes};
use errors::ErrorBodies;
use groups::Pending;

/// What lowering one operation needs to know about it.
pub(super) struct OperationContext<'s> {
    /// The path item the operation is in (its shared parameters and docs).
    item: &'s spec::PathItem,
    /// The operation object.
    spec: &'s spec::Operation,
    /// The path item and the operation object as written (in the tree of their file).
    item_raw: &'s Value,
    raw: &'s Value,
    /// Lower-case HTTP method.
    method: &'static str,
    /// The parsed path template.
    template: &'s PathTemplate,
    /// The operation id, given or synthesized.
    id: String,
    /// The id the operation's Rust names come from: `id`, or the function name inside a
    /// generated id (see [`short_id`]).
    name_id: String,
    /// UpperCamel stem of the operation's type names (`CreateBatch`).
    camel: String,
    /// Where the operation is.
    origin: Origin,
}

/// The lowered operations of an API.
pub(super) struct Operations {
    /// Operations with a tag, by group.
    pub groups: Vec<Group>,
    /// Operations without a tag: methods of the client.
    pub client_operations: Vec<Operation>,
    /// The error body types, in first-use order.
    pub error_bodies: Vec<Variant>,
    /// The distinct error tables, in operation order.
    pub error_tables: Vec<ErrorTable>,
}

pub(super) fn lower_operations(lowerer: &mut Lowerer<'_>, document: &Document) -> Operations {
    let paths_origin = lowerer.root_origin().child("paths");
    let mut pending = Vec::new();
    let mut error_bodies = ErrorBodies::default();
    let mut seen_ids: BTreeMap<String, Origin> = BTreeMap::new();
    let written_ids = written_ids(document);
    let mut short_ids: BTreeMap<String, Origin> = BTreeMap::new();

    for (path, item) in &document.paths {
        let Some((item_origin, item)) = paths::path_item(lowerer, &paths_origin, path, item) else {
            continue;
        };
        let Some(template) = paths::template(lowerer, path, &item_origin) else {
            continue;
        };
        // The file's tree, shared: the operations' parameters, bodies and responses are
        // read from it.
        let tree = lowerer.loaded.tree(&item_origin).cloned();
        let item_raw = (tree.as_deref())
            .and_then(|tree| crate::spec::load::target_in(tree, &item_origin))
            .unwrap_or(&Value::Null);
        for (method, spec_operation) in item.operations() {
            let origin = item_origin.child(method);
            let raw = item_raw.get(method).unwrap_or(&Value::Null);
            let id = spec_operation
                .operation_id
                .clone()
                .unwrap_or_else(|| naming::synthesize_operation_id(method, path));
            let id = unique_id(lowerer, &mut seen_ids, id, method, &origin);
            let name_id = short_id(
                lowerer,
                &written_ids,
                &mut short_ids,
                &id,
                method,
                path,
                &origin,
            );
            let context = OperationContext {
                item: &item,
                spec: spec_operation,
                item_raw,
                raw,
                method,
                template: &template,
                camel: naming::operation_stem(&name_id),
                id,
                name_id,
                origin,
            };
            let mut operation = lower_operation(lowerer, &context, &mut error_bodies);
            operation.auth =
                auth::operation_auth(lowerer, document, spec_operation, &context.origin);
            warn_callbacks(lowerer, &context);
            pending.push(Pending {
                group: naming::primary_tag(&spec_operation.tags, path).map(str::to_string),
                name_id: context.name_id,
                operation,
            });
        }
    }
    let (mut groups, mut client_operations) = groups::group(lowerer, document, pending);
    let error_tables = errors::error_tables(
        groups
            .iter_mut()
            .flat_map(|group| &mut group.operations)
            .chain(&mut client_operations),
    );
    Operations {
        groups,
        client_operations,
        error_bodies: error_bodies.into_variants(),
        error_tables,
    }
}

/// Records `id` as used at `origin` and returns it; an id already used is reported
/// (W0303) and made unique with the method (`{id}_{method}`, then numbered).
fn unique_id(
    lowerer: &mut Lowerer<'_>,
    seen_ids: &mut BTreeMap<String, Origin>,
    id: String,
    method: &str,
    origin: &Origin,
) -> String {
    let Some(first) = seen_ids.get(&id) else {
        seen_ids.insert(id.clone(), origin.clone());
        return id;
    };
    let first = first.pointer.clone();
    let stem = naming::repeated_operation_id(&id, method);
    let mut unique = stem.clone();
    let mut number = 2;
    while seen_ids.contains_key(&unique) {
        unique = format!("{stem}_{number}");
        number += 1;
    }
    lowerer.diagnostics.push(
        Diagnostic::warning(
            "W0303",
            &origin.child("operationId"),
            format!("operationId `{id}` is used twice; this operation is named `{unique}`"),
        )
        .help(format!(
            "the first use is at {first}; operation ids must be unique"
        )),
    );
    seen_ids.insert(unique.clone(), origin.clone());
    unique
}

/// The operation ids written in the document's own path items.
fn written_ids(document: &Document) -> BTreeSet<String> {
    document
        .paths
        .values()
        .filter_map(|item| match item {
            spec::RefOr::Item(item) => Some(item),
            spec::RefOr::Ref(_) => None,
        })
        .flat_map(|item| item.operations())
        .filter_map(|(_, operation)| operation.operation_id.clone())
        .collect()
}

/// The id the operation's Rust names come from. A generated id (FastAPI's
/// `{function}_{path}_{method}`) gives its function name, unless another operation's
/// written id is that name or an earlier operation already took it: then the whole id
/// is kept, with a warning (W0310). Only the operation itself and those before it
/// decide, so adding an operation after it never renames it.
fn short_id(
    lowerer: &mut Lowerer<'_>,
    written_ids: &BTreeSet<String>,
    short_ids: &mut BTreeMap<String, Origin>,
    id: &str,
    method: &str,
    path: &str,
    origin: &Origin,
) -> String {
    let Some(short) = naming::generated_id_function(id, method, path) else {
        return id.to_string();
    };
    let clash = if written_ids.contains(&short) {
        Some(format!("another operation's id is `{short}`"))
    } else {
        short_ids.get(&short).map(|first| {
            format!(
                "`{short}` is already the name of the operation at {}",
                first.pointer
            )
        })
    };
    if let Some(clash) = clash {
        lowerer.diagnostics.push(
            Diagnostic::warning(
                "W0310",
                &origin.child("operationId"),
                format!("the generated operationId `{id}` keeps its path and method: {clash}"),
            )
            .help("name the operation with `x-rust-name` (an overlay can add it), or give it a distinct operationId"),
        );
        return id.to_string();
    }
    short_ids.insert(short.clone(), origin.clone());
    short
}

/// Callbacks are requests the API makes: nothing for a client to generate (W0308).
fn warn_callbacks(lowerer: &mut Lowerer<'_>, context: &OperationContext<'_>) {
    if context.spec.callbacks.is_some() {
        lowerer.diagnostics.push(
            Diagnostic::warning(
                "W0308",
                &context.origin.child("callbacks"),
                "callbacks are not generated: the SDK only calls the API",
            )
            .help("serve the callback requests with your web framework"),
        );
    }
}

/// One operation: its inputs, responses and helpers. Method names are claimed later,
/// with the other methods of its group.
fn lower_operation(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    error_bodies: &mut ErrorBodies,
) -> Operation {
    let parsed = params::parse(lowerer, context);
    // Body first, so that a parameter called `body` gets the suffix.
    let mut field_names = Namespace::for_params_fields();
    let body = body::request_body(lowerer, context);
    if body.is_some() {
        field_names.reserve(naming::BODY_FIELD);
    }
    let params = params::lower(lowerer, context, &parsed, &mut field_names);
    let (success, errors) = responses::responses(lowerer, context, error_bodies);
    let pagination = match &context.spec.pagination {
        Some(spec::PaginationSetting::Cursor(pagination)) => {
            paging::pagination(lowerer, context, pagination, &params, &success)
        }
        Some(spec::PaginationSetting::Off) => None,
        None => paging::detect(lowerer, context, &params, &success),
    };
    let wait = (context.spec.wait.as_ref())
        .and_then(|wait| paging::wait(lowerer, context, wait, &success));
    let has_inputs = !params.is_empty() || body.is_some();
    let params_type = has_inputs.then(|| {
        lowerer
            .type_names
            .claim(&naming::params_type(&context.camel), "")
    });
    let spec_operation = context.spec;
    let accept = declared_accept(&params, &success).or_else(|| vendor_json(&success));
    Operation {
        name: Name {
            original: context.id.clone(),
            rust: spec_operation
                .rust_name
                .as_deref()
                .map(naming::method_override)
                .unwrap_or_default(),
        },
        params_type,
        method: context.method.to_uppercase(),
        path: context.template.clone(),
        // A blank summary or description (`summary: ''`, as Twilio writes them) says
        // nothing: the path item's is used, or none, and the reference titles the
        // operation by its name instead of an empty heading.
        docs: Docs {
            summary: given(&spec_operation.summary).or_else(|| given(&context.item.summary)),
            description: given(&spec_operation.description)
                .or_else(|| given(&context.item.description)),
            deprecated: spec_operation.deprecated,
        },
        params,
        body,
        success,
        errors,
        // Set once every operation is lowered.
        error_table: None,
        stream_method: None,
        pagination,
        auth: None,
        wait,
        accept,
        origin: context.origin.clone(),
        tests: Default::default(),
    }
}

/// The JSON media type a JSON success response declares, when it is not plain
/// `application/json` (Lichess's `application/vnd.lichess.v3+json`): the `Accept` to send,
/// since a server may refuse a plain `application/json`.
fn vendor_json(success: &Success) -> Option<String> {
    if !returns_json(success) {
        return None;
    }
    let media = (success.media_types.iter())
        .find(|media| body::encoding_of(media) == Some(BodyEncoding::Json))?;
    (header_text(media) && media_essence(media) != "application/json").then(|| media.clone())
}

/// The `Accept` an operation sends by default when the spec declares an `Accept` header
/// parameter: its example or default, when that is a header value (visible ASCII), a media
/// type the success response declares, and one the SDK decodes the body from (JSON for a
/// JSON body). Otherwise the body's own `Accept` is sent (Lichess declares PGN as the
/// default of operations whose responses it only describes as JSON or NDJSON).
fn declared_accept(params: &[Param], success: &Success) -> Option<String> {
    let value = params
        .iter()
        .find(|param| param.is_accept())?
        .example
        .as_ref()?
        .as_str()?;
    let declared =
        (success.media_types.iter()).any(|media| media_essence(media) == media_essence(value));
    let decoded = !returns_json(success) || body::encoding_of(value) == Some(BodyEncoding::Json);
    (header_text(value) && declared && decoded).then(|| value.to_string())
}

/// The success body is decoded from JSON.
fn returns_json(success: &Success) -> bool {
    matches!(
        success.body,
        ResponseBody::Json(_) | ResponseBody::ByStatus(_)
    )
}

/// Text that can be sent as a header value as it is: visible ASCII and spaces.
fn header_text(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| (0x20..0x7f).contains(&byte))
}

/// A media type without its parameters, lowercase (`application/json; charset=utf-8` is
/// `application/json`).
fn media_essence(media: &str) -> String {
    let base = media.split(';').next().unwrap_or_default();
    base.trim().to_ascii_lowercase()
}

/// A text of the spec, unless it is blank.
fn given(text: &Option<String>) -> Option<String> {
    text.as_ref()
        .filter(|text| !text.trim().is_empty())
        .cloned()
}
