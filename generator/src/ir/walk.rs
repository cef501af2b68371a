//! Read-only walks over the IR, shared by the stages that need them (lower marks
//! request types, check finds unused schemas).

use super::{Api, Operation, ResponseBody, TypeDef, TypeId, TypeKind, TypeRef};

impl Api {
    /// Drops what only calling the API needs (`Config::types_only`): the operations, their
    /// groups, error bodies and authentication. (The emitter leaves out the
    /// `multipart/form-data` bodies of an API without operations.)
    pub fn keep_types_only(&mut self) {
        self.groups.clear();
        self.client_operations.clear();
        self.error_bodies.clear();
        self.error_tables.clear();
        self.auth = None;
    }

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
/// tuples and results by status), by type index. A work list, not recursion: a chain of
/// types can be as long as the spec.
pub fn reachable<'t>(types: &'t [TypeDef], roots: impl Iterator<Item = &'t TypeRef>) -> Vec<bool> {
    let mut seen = vec![false; types.len()];
    let mut pending: Vec<&'t TypeRef> = roots.collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) => {
                if seen[id.0] {
                    continue;
                }
                seen[id.0] = true;
                match &types[id.0].kind {
                    TypeKind::Struct {
                        fields, additional, ..
                    } => {
                        pending.extend(fields.iter().map(|field| &field.ty));
                        pending.extend(additional);
                    }
                    TypeKind::Union { variants, .. } => {
                        pending.extend(variants.iter().map(|variant| &variant.ty));
                    }
                    TypeKind::Alias(inner) => pending.push(inner),
                    TypeKind::ByStatus { variants } => {
                        pending.extend(variants.iter().filter_map(|v| v.ty.as_ref()));
                    }
                    TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => {}
                }
            }
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            TypeRef::Tuple(members) => pending.extend(members),
            _ => {}
        }
    }
    seen
}

impl TypeRef {
    /// Calls `f` on every type this reference names.
    pub fn for_each_type_id(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            TypeRef::Named(id) => f(id),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.for_each_type_id(f)
            }
            TypeRef::Tuple(members) => {
                for member in members {
                    member.for_each_type_id(f);
                }
            }
            _ => {}
        }
    }
}

impl TypeKind {
    /// Calls `f` on every type the fields, variants or alias name.
    pub fn for_each_type_id(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        match self {
            TypeKind::Struct {
                fields, additional, ..
            } => {
                for field in fields {
                    field.ty.for_each_type_id(f);
                }
                if let Some(additional) = additional {
                    additional.for_each_type_id(f);
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    variant.ty.for_each_type_id(f);
                }
            }
            TypeKind::Alias(inner) => inner.for_each_type_id(f),
            TypeKind::ByStatus { variants } => {
                for ty in variants.iter_mut().filter_map(|v| v.ty.as_mut()) {
                    ty.for_each_type_id(f);
                }
            }
            TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => {}
        }
    }
}

impl Operation {
    /// Calls `f` on every type the operation names: parameters, body, success body
    /// (results by status included) and the item type of its pages.
    pub fn for_each_type_id(&mut self, f: &mut impl FnMut(&mut TypeId)) {
        for param in &mut self.params {
            param.ty.for_each_type_id(f);
        }
        if let Some(body) = &mut self.body {
            body.ty.for_each_type_id(f);
        }
        match &mut self.success.body {
            ResponseBody::Json(ty) => ty.for_each_type_id(f),
            ResponseBody::ByStatus(id) => f(id),
            ResponseBody::Empty | ResponseBody::Text | ResponseBody::Binary => {}
        }
        if let Some(pagination) = &mut self.pagination {
            pagination.item_ty.for_each_type_id(f);
        }
    }
}
