//! Schemas that are only `$ref`s of each other in a loop (E0105): never valid Rust.

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, TypeDef, TypeId, TypeKind, TypeRef};

/// Every type that is an alias of an alias … of itself (E0105).
pub(super) fn alias_cycles(api: &Api, diagnostics: &mut Diagnostics) {
    for id in cyclic_aliases(&api.types) {
        let type_def = &api.types[id.0];
        diagnostics.push(
            Diagnostic::error(
                "E0105",
                &type_def.origin,
                format!(
                    "schema `{}` is only a chain of `$ref`s that leads back to itself",
                    type_def.name.original
                ),
            )
            .help("give one schema in the loop real structure (properties, items, or a type)"),
        );
    }
}

/// Types that are aliases of each other in a loop (`A = B`, `B = A`).
fn cyclic_aliases(types: &[TypeDef]) -> Vec<TypeId> {
    let mut out = Vec::new();
    for (start, type_def) in types.iter().enumerate() {
        let mut current = type_def;
        for _ in 0..=types.len() {
            let target = match &current.kind {
                TypeKind::Alias(TypeRef::Named(next)) => Some(*next),
                TypeKind::Alias(TypeRef::Nullable(inner)) => match **inner {
                    TypeRef::Named(next) => Some(next),
                    _ => None,
                },
                _ => None,
            };
            let Some(next) = target else {
                break;
            };
            if next.0 == start {
                out.push(TypeId(start));
                break;
            }
            match types.get(next.0) {
                Some(next_def) => current = next_def,
                None => break,
            }
        }
    }
    out
}
