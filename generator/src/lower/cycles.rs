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

/// The named type an alias stands for directly, if it is an alias of one.
fn alias_of(type_def: &TypeDef) -> Option<TypeId> {
    match &type_def.kind {
        TypeKind::Alias(TypeRef::Named(next)) => Some(*next),
        TypeKind::Alias(TypeRef::Nullable(inner)) => match **inner {
            TypeRef::Named(next) => Some(next),
            _ => None,
        },
        _ => None,
    }
}

/// Chains of aliases (`A = B`, `B = C`, …): the types on a loop (`A = B`, `B = A`, never
/// valid Rust), and the types that start a chain of more than `limit` aliases (no alias
/// points to them), with its length: the emitter follows chains to build examples.
/// Linear: each type is walked once.
pub fn alias_chains(types: &[TypeDef], limit: usize) -> (Vec<TypeId>, Vec<(TypeId, usize)>) {
    const UNSEEN: usize = usize::MAX;
    const WALKING: usize = usize::MAX - 1;
    const LOOP: usize = usize::MAX - 2;
    // Per type: the number of aliases from it to a type that is not one, or a state.
    let mut length = vec![UNSEEN; types.len()];
    let mut on_loop = Vec::new();
    let mut path = Vec::new();
    for start in 0..types.len() {
        let mut current = start;
        // Walk until a type whose length is known, the end of the chain, or the path itself.
        let tail = loop {
            if length[current] != UNSEEN {
                break length[current];
            }
            length[current] = WALKING;
            path.push(current);
            match alias_of(&types[current]).filter(|next| next.0 < types.len()) {
                Some(next) => current = next.0,
                None => {
                    // Not an alias of a named type: the end of the chain.
                    path.pop();
                    length[current] = 0;
                    break 0;
                }
            }
        };
        let mut tail = match tail {
            WALKING => {
                // The walk came back to a type on this path: from there on, a loop.
                let first = path.iter().position(|t| *t == current).unwrap_or(0);
                for member in path.drain(first..) {
                    length[member] = LOOP;
                    on_loop.push(TypeId(member));
                }
                LOOP
            }
            known => known,
        };
        // Types leading into a loop are not on it; they are reported where the loop is.
        while let Some(member) = path.pop() {
            if tail != LOOP {
                tail += 1;
            }
            length[member] = tail;
        }
    }
    on_loop.sort();
    let mut pointed = vec![false; types.len()];
    for type_def in types {
        if let Some(next) = alias_of(type_def).filter(|next| next.0 < types.len()) {
            pointed[next.0] = true;
        }
    }
    let too_long = (0..types.len())
        .filter(|id| length[*id] != LOOP && length[*id] > limit && !pointed[*id])
        .map(|id| (TypeId(id), length[id]))
        .collect();
    (on_loop, too_long)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Origin;
    use crate::ir::{Docs, Name};

    fn alias(to: Option<usize>) -> TypeDef {
        TypeDef {
            name: Name {
                original: String::new(),
                rust: String::new(),
            },
            docs: Docs::default(),
            origin: Origin::new("spec.yaml", "#"),
            kind: match to {
                Some(next) => TypeKind::Alias(TypeRef::Named(TypeId(next))),
                None => TypeKind::Alias(TypeRef::String),
            },
            example: None,
        }
    }

    #[test]
    fn loops_and_long_chains() {
        // 0 → 1 → 2 → 0 (a loop), 3 → 0 (leads into it), 4 → 5 → 6 → 7 (end), 8 → 8.
        let types: Vec<TypeDef> = [
            Some(1),
            Some(2),
            Some(0),
            Some(0),
            Some(5),
            Some(6),
            Some(7),
            None,
            Some(8),
        ]
        .into_iter()
        .map(alias)
        .collect();
        let (on_loop, too_long) = alias_chains(&types, 2);
        assert_eq!(on_loop, [TypeId(0), TypeId(1), TypeId(2), TypeId(8)]);
        // 7 is not an alias of a named type (length 0), 6 → 1, 5 → 2, 4 → 3.
        assert_eq!(too_long, [(TypeId(4), 3)]);
        assert!(alias_chains(&types, 3).1.is_empty());
    }

    #[test]
    fn a_chain_as_long_as_the_spec_is_walked_once() {
        let count = 200_000;
        let types: Vec<TypeDef> = (0..count)
            .map(|index| alias((index + 1 < count).then_some(index + 1)))
            .collect();
        let (on_loop, too_long) = alias_chains(&types, 64);
        assert!(on_loop.is_empty());
        assert_eq!(too_long, [(TypeId(0), count - 1)]);
    }
}
