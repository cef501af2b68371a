//! Error responses: the registry of error body types (the variants of the generated
//! `ErrorBody`, one per distinct type), the typed error responses of an operation, and
//! the error tables operations share.

use super::responses::{json_content, media_schema};
use super::{Lowerer, OperationContext};
use crate::diag::Origin;
use crate::ir::{ErrorResponse, ErrorTable, Name, Operation, TypeRef, Variant};
use crate::lower::naming::{self, Namespace};
use crate::lower::schema::wrap_nullable;
use crate::spec;

/// The error body types of the API, in first-use order, with their variant names.
#[derive(Default)]
pub(super) struct ErrorBodies {
    variants: Vec<Variant>,
    names: Namespace,
}

impl ErrorBodies {
    /// The variant that carries `ty`, added on first use.
    fn variant_for(&mut self, lowerer: &Lowerer<'_>, ty: TypeRef) -> String {
        if let Some(existing) = self.variants.iter().find(|v| v.ty == ty) {
            return existing.name.rust.clone();
        }
        let base = match &ty {
            TypeRef::Named(id) => lowerer.types[id.0]
                .as_ref()
                .map(|t| t.name.rust.clone())
                .or_else(|| lowerer.pending_names.get(id).map(|n| n.rust.clone()))
                .unwrap_or_else(|| naming::ERROR_BODY_VARIANT.to_string()),
            _ => naming::ERROR_BODY_VARIANT.to_string(),
        };
        let rust = self.names.claim(&base, "");
        self.variants.push(Variant {
            name: Name {
                original: base,
                rust: rust.clone(),
            },
            ty,
            boxed: false,
            other_tags: Vec::new(),
        });
        rust
    }

    /// The variants, for the IR.
    pub(super) fn into_variants(self) -> Vec<Variant> {
        self.variants
    }
}

/// An error response (`4XX`, `5XX` or `default`) with a JSON body schema; others carry
/// no typed body.
pub(super) fn error_response(
    lowerer: &mut Lowerer<'_>,
    context: &OperationContext<'_>,
    error_bodies: &mut ErrorBodies,
    status: &str,
    response: &spec::Response,
    origin: &Origin,
) -> Option<ErrorResponse> {
    let (media, media_type) = json_content(response)?;
    // Without a schema the body stays untyped.
    media_type.schema.as_ref()?;
    let (schema, schema_origin) = media_schema(media, media_type, origin);
    let hint = naming::error_type(&context.camel, status);
    let ty = wrap_nullable(lowerer.schema(&schema, &schema_origin, &hint));
    let variant = error_bodies.variant_for(lowerer, ty);
    let upper = status.to_ascii_uppercase();
    let (code, range) = if upper == "DEFAULT" {
        (None, false)
    } else if upper.ends_with("XX") {
        (upper[..1].parse::<u16>().ok().map(|d| d * 100), true)
    } else {
        (upper.parse::<u16>().ok(), false)
    };
    Some(ErrorResponse {
        status: code,
        range,
        variant,
    })
}

/// The distinct error tables of `operations` (in their order), each with the name of
/// its decoding function; every operation learns the index of its own.
pub(super) fn error_tables<'o>(
    operations: impl Iterator<Item = &'o mut Operation>,
) -> Vec<ErrorTable> {
    let mut tables: Vec<ErrorTable> = Vec::new();
    for operation in operations {
        if operation.errors.is_empty() {
            continue;
        }
        let index = match tables.iter().position(|t| t.responses == operation.errors) {
            Some(index) => index,
            None => {
                tables.push(ErrorTable {
                    function: naming::error_table_function(tables.len()),
                    responses: operation.errors.clone(),
                });
                tables.len() - 1
            }
        };
        operation.error_table = Some(index);
    }
    tables
}
