//! Recursive types: box exactly the fields and variants that close a cycle of direct
//! containment (`Vec` and maps already add indirection).

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Named types a type reference contains without indirection.
fn direct(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Nullable(inner) => direct(inner, out),
        TypeRef::Tuple(members) => members.iter().for_each(|m| direct(m, out)),
        _ => {}
    }
}

fn edges(type_def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &type_def.kind {
        TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| direct(&f.ty, &mut out)),
        TypeKind::Union { variants, .. } => variants.iter().for_each(|v| direct(&v.ty, &mut out)),
        TypeKind::Alias(ty) => direct(ty, &mut out),
        TypeKind::ByStatus { variants } => variants
            .iter()
            .filter_map(|v| v.ty.as_ref())
            .for_each(|ty| direct(ty, &mut out)),
        TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => {}
    }
    out
}

/// Strongly connected components (Tarjan, iterative), as a component index per type.
fn components(types: &[TypeDef]) -> Vec<usize> {
    let graph: Vec<Vec<TypeId>> = types.iter().map(edges).collect();
    let count = types.len();
    let mut index = vec![usize::MAX; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; count];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..count {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((node, edge)) = work.pop() {
            if edge == 0 {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(target) = graph[node].get(edge).map(|t| t.0) {
                work.push((node, edge + 1));
                if target >= count {
                    continue;
                }
                if index[target] == usize::MAX {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}

/// Marks the payloads of enums (union variants, results by status, error bodies) `boxed`
/// when they are structs or unions, which keeps the enums small: the one decision on
/// boxing besides the cycles above.
pub fn box_enum_payloads(types: &mut [TypeDef], error_bodies: &mut [crate::ir::Variant]) {
    let struct_like: Vec<bool> = types
        .iter()
        .map(|t| matches!(t.kind, TypeKind::Struct { .. } | TypeKind::Union { .. }))
        .collect();
    let is_struct_like = |ty: &TypeRef| matches!(ty, TypeRef::Named(id) if struct_like[id.0]);
    for type_def in types.iter_mut() {
        match &mut type_def.kind {
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    variant.boxed |= is_struct_like(&variant.ty);
                }
            }
            TypeKind::ByStatus { variants } => {
                for variant in variants {
                    variant.boxed = variant.ty.as_ref().is_some_and(is_struct_like);
                }
            }
            _ => {}
        }
    }
    for variant in error_bodies {
        variant.boxed = is_struct_like(&variant.ty);
    }
}

/// Marks fields and variants `boxed` where they point back into their own cycle.
pub fn box_recursive_fields(types: &mut [TypeDef]) {
    let component = components(types);
    let same = |from: usize, ty: &TypeRef| {
        let mut targets = Vec::new();
        direct(ty, &mut targets);
        targets
            .iter()
            .any(|t| component.get(t.0) == Some(&component[from]))
    };
    for (position, type_def) in types.iter_mut().enumerate() {
        match &mut type_def.kind {
            TypeKind::Struct { fields, .. } => {
                for field in fields {
                    field.boxed = same(position, &field.ty);
                }
            }
            TypeKind::Union { variants, .. } => {
                for variant in variants {
                    variant.boxed = same(position, &variant.ty);
                }
            }
            _ => {}
        }
    }
}
