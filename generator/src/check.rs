//! Cross-cutting checks over the finished IR.

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, TypeKind, TypeRef};

/// Problems that only show once the whole API is lowered.
pub fn check(api: &Api) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
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
    diagnostics
}
