//! `x-pagination` (cursor paging) and `x-wait` (polling until a terminal status),
//! validated against the operation's parameters and success response; cursor paging is
//! also detected where the spec does not say it (W0311).

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

/// Query parameters that carry a page token, as words (`pageToken` is `page token`).
const TOKEN_PARAMS: &[&str] = &[
    "page token",
    "page cursor",
    "cursor",
    "next token",
    "next page token",
    "continuation token",
    "pagination token",
];

/// Response properties that hold the next page's token, as words.
const NEXT_TOKEN_FIELDS: &[&str] = &[
    "next page token",
    "next cursor",
    "next page cursor",
    "next token",
    "next continuation token",
    "continuation token",
    "next pagination token",
    "pagination token",
];

/// `name` as lower-case words: `nextPageToken`, `next_page_token` and `Next-Page-Token` all
/// read `next page token`.
fn words(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && previous_lower {
                out.push(' ');
            }
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            previous_lower = false;
        }
    }
    out.trim_end().to_string()
}

/// Cursor pagination an operation has without saying so (no `x-pagination`): a query
/// parameter named like a page token (`page_token`, `cursor`, …), and a JSON object
/// response with a string property named like a next-page token (`next_page_token`,
/// `next_cursor`, …) next to exactly one array. Reported (W0311) so that the user knows,
/// and can write `x-pagination: false` to opt out or `x-pagination` to state it.
pub(super) fn detect(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    params: &[Param],
    success: &Success,
) -> Option<Pagination> {
    let token_param = params.iter().find(|p| {
        p.location == ParamLocation::Query
            && TOKEN_PARAMS.contains(&words(&p.name.original).as_str())
    })?;
    let fields = response_fields(lowerer, success)?;
    let next = fields.iter().find(|f| {
        f.ty == TypeRef::String && NEXT_TOKEN_FIELDS.contains(&words(&f.name.original).as_str())
    })?;
    let mut arrays = fields.iter().filter(|f| matches!(f.ty, TypeRef::List(_)));
    let (Some(items), None) = (arrays.next(), arrays.next()) else {
        return None;
    };
    let detected = spec::Pagination {
        style: spec::PaginationStyle::Cursor,
        page_token_param: token_param.name.original.clone(),
        next_token_field: next.name.original.clone(),
        items_field: items.name.original.clone(),
    };
    let pagination = pagination(lowerer, context, &detected, params, success)?;
    lowerer.diagnostics.push(
        Diagnostic::warning(
            "W0311",
            &context.origin,
            format!(
                "cursor pagination detected: the query parameter `{}` takes the response's `{}`, the items are `{}`; paging helpers are generated",
                detected.page_token_param, detected.next_token_field, detected.items_field
            ),
        )
        .help(format!(
            "write `x-pagination: {{style: cursor, page-token-param: {}, next-token-field: {}, items-field: {}}}` on the operation to confirm it (an overlay can), or `x-pagination: false` for none",
            detected.page_token_param, detected.next_token_field, detected.items_field
        )),
    );
    Some(pagination)
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

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn names_read_as_words() {
        for (name, expected) in [
            ("nextPageToken", "next page token"),
            ("next_page_token", "next page token"),
            ("Next-Page-Token", "next page token"),
            ("cursor", "cursor"),
            ("page[cursor]", "page cursor"),
            ("_next__token_", "next token"),
        ] {
            assert_eq!(words(name), expected, "{name}");
        }
    }
}
