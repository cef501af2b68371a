//! `x-pagination` (cursor paging) and `x-wait` (polling until a terminal status),
//! validated against the operation's parameters and success response.

use super::{Lowerer, OperationContext};
use crate::diag::{Diagnostic, Origin};
use crate::ir::{
    Field, Pagination, Param, ParamLocation, ResponseBody, Success, TypeId, TypeKind, TypeRef, Wait,
};
use crate::lower::naming;
use crate::spec;

/// The operation's cursor pagination (E0313 when it does not fit the operation).
pub(super) fn pagination(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    spec_pagination: &spec::Pagination,
    params: &[Param],
    success: &Success,
) -> Option<Pagination> {
    let origin = &context.origin.child("x-pagination");
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
    let Some(fields) = response_fields(lowerer, success) else {
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
    let (next, items, item_ty) = page_fields(lowerer, spec_pagination, &fields, origin)?;
    Some(Pagination {
        page_token_param: token_param.name.rust.clone(),
        next_token_field: next.name.rust.clone(),
        items_field: items.name.rust.clone(),
        item_ty,
        token_required: token_param.required,
        next_token_optional: next.optional(),
        items_optional: items.optional(),
        // Claimed with the other method names of the group.
        pages_method: String::new(),
        items_method: String::new(),
    })
}

/// The next-token field (a string) and the items field (an array) of a page, and the
/// item type (E0313).
fn page_fields<'f>(
    lowerer: &mut Lowerer<'_>,
    spec_pagination: &spec::Pagination,
    fields: &'f [Field],
    origin: &Origin,
) -> Option<(&'f Field, &'f Field, TypeRef)> {
    let find = |wire: &str| fields.iter().find(|f| f.name.original == wire);
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
    let TypeRef::List(item_ty) = &items.ty else {
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
    Some((next, items, item_ty.as_ref().clone()))
}

/// The operation's waiter (E0314 when it does not fit the operation). Its method name
/// is claimed with the other method names of the group.
pub(super) fn wait(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    spec_wait: &spec::Wait,
    success: &Success,
) -> Option<Wait> {
    let origin = &context.origin.child("x-wait");
    let Some(fields) = response_fields(lowerer, success) else {
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
    check_status_field(lowerer, spec_wait, status, origin)?;
    Some(Wait {
        method: naming::wait_method(spec_wait.method.as_deref()),
        status_field: status.name.rust.clone(),
        status_optional: status.optional(),
        terminal: spec_wait.terminal.clone(),
    })
}

/// The status field is a string or string enum, and the terminal values are values of
/// that enum (E0314).
fn check_status_field(
    lowerer: &mut Lowerer<'_>,
    spec_wait: &spec::Wait,
    status: &Field,
    origin: &Origin,
) -> Option<()> {
    let status_kind = match &status.ty {
        TypeRef::Named(id) => lowerer.types[id.0].as_ref().map(|t| &t.kind),
        _ => None,
    };
    let string_like =
        status.ty == TypeRef::String || matches!(status_kind, Some(TypeKind::StringEnum { .. }));
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
    let Some(TypeKind::StringEnum { variants }) = status_kind else {
        return Some(());
    };
    let unknown: Vec<&String> = spec_wait
        .terminal
        .iter()
        .filter(|value| !variants.iter().any(|v| &v.original == *value))
        .collect();
    if unknown.is_empty() {
        return Some(());
    }
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
    None
}

/// The fields of the success response, when it is a JSON object (through aliases).
fn response_fields(lowerer: &Lowerer<'_>, success: &Success) -> Option<Vec<Field>> {
    match &success.body {
        ResponseBody::Json(TypeRef::Named(id)) => struct_fields(lowerer, *id),
        _ => None,
    }
}

fn struct_fields(lowerer: &Lowerer<'_>, id: TypeId) -> Option<Vec<Field>> {
    match lowerer.types[lowerer.alias_target(id).0]
        .as_ref()
        .map(|t| &t.kind)
    {
        Some(TypeKind::Struct { fields, .. }) => Some(fields.clone()),
        _ => None,
    }
}
