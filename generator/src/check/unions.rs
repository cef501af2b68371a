//! Unions whose alternatives can never be told apart (W0401).

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, TypeKind, TypeRef};

/// An alternative that accepts any value shadows the ones after it (W0401).
pub(super) fn any_variant(api: &Api, diagnostics: &mut Diagnostics) {
    for type_def in &api.types {
        if let TypeKind::Union { variants, .. } = &type_def.kind {
            let any = variants.iter().filter(|v| v.ty == TypeRef::Any).count();
            if any > 0 && variants.len() > 1 {
                diagnostics.push(
                    Diagnostic::warning("W0401", &type_def.origin, format!("`{}` has an alternative that accepts any value; later alternatives never match", type_def.name.rust))
                        .help("give the alternative a type, or move it last"),
                );
            }
        }
    }
}
