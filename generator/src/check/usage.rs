//! Component schemas no operation uses (W0101).

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, reachable};

/// A schema under `components/schemas` of the root document that no operation reaches
/// (through parameters, bodies, responses and error bodies) and whose properties are not
/// merged into another schema (W0101).
pub(super) fn unused_schemas(api: &Api, diagnostics: &mut Diagnostics) {
    let roots = api
        .operations()
        .flat_map(|operation| operation.mentioned_types())
        .chain(api.error_bodies.iter().map(|variant| &variant.ty));
    let used = reachable(&api.types, roots);
    for (type_def, used) in api.types.iter().zip(used) {
        let is_component = type_def.origin.pointer.starts_with("#/components/schemas/")
            && type_def.origin.pointer.matches('/').count() == 3;
        if !used && is_component && type_def.origin.file == api.origin.file && !type_def.merged {
            diagnostics.push(
                Diagnostic::warning(
                    "W0101",
                    &type_def.origin,
                    format!(
                        "schema `{}` is not used by any operation",
                        type_def.name.original
                    ),
                )
                .help("its type is still generated; remove the schema if nothing needs it"),
            );
        }
    }
}
