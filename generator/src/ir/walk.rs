//! Read-only walks over the IR, shared by the stages that need them (lower marks
//! request types, check finds unused schemas).

use super::{Api, Operation, ResponseBody, TypeDef, TypeKind, TypeRef};

impl Api {
    /// Every operation: those of the groups in group order, then the client's own.
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.groups
            .iter()
            .flat_map(|group| &group.operations)
            .chain(&self.client_operations)
    }
}

impl Operation {
    /// Every type the operation mentions directly: parameters, body, JSON success body.
    pub fn mentioned_types(&self) -> impl Iterator<Item = &TypeRef> {
        let success = match &self.success.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        };
        self.params
            .iter()
            .map(|p| &p.ty)
            .chain(self.body.iter().map(|b| &b.ty))
            .chain(success)
    }
}

/// Which of `types` the `roots` reach (through fields, variants, aliases, lists, maps,
/// tuples and results by status), by type index.
pub fn reachable<'t>(types: &[TypeDef], roots: impl Iterator<Item = &'t TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    for root in roots {
        visit(root, types, &mut seen);
    }
    seen
}

fn visit(ty: &TypeRef, types: &[TypeDef], seen: &mut Vec<bool>) {
    match ty {
        TypeRef::Named(id) => {
            if seen[id.0] {
                return;
            }
            seen[id.0] = true;
            match &types[id.0].kind {
                TypeKind::Struct {
                    fields, additional, ..
                } => {
                    for field in fields {
                        visit(&field.ty, types, seen);
                    }
                    if let Some(additional) = additional {
                        visit(additional, types, seen);
                    }
                }
                TypeKind::Union { variants, .. } => {
                    for variant in variants {
                        visit(&variant.ty, types, seen);
                    }
                }
                TypeKind::Alias(inner) => visit(inner, types, seen),
                TypeKind::ByStatus { variants } => {
                    for ty in variants.iter().filter_map(|v| v.ty.as_ref()) {
                        visit(ty, types, seen);
                    }
                }
                TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => {}
            }
        }
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            visit(inner, types, seen)
        }
        TypeRef::Tuple(members) => members.iter().for_each(|m| visit(m, types, seen)),
        _ => {}
    }
}
