//! Schemas that are only `$ref`s of each other in a loop (E0105, never valid Rust), or in
//! chains longer than the generator follows (E0107).

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{Api, TypeDef, TypeId, TypeKind, TypeRef};
use crate::limits::MAX_ALIAS_CHAIN;

/// Every type that is an alias of an alias … of itself (E0105), and every chain of
/// aliases longer than [`MAX_ALIAS_CHAIN`] (E0107).
pub(super) fn alias_cycles(api: &Api, diagnostics: &mut Diagnostics) {
    let (on_loop, too_long) = alias_chains(&api.types, MAX_ALIAS_CHAIN);
    for id in on_loop {
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
    for (id, length) in too_long {
        let type_def = &api.types[id.0];
        diagnostics.push(
            Diagnostic::error(
                "E0107",
                &type_def.origin,
                format!(
                    "schema `{}` starts a chain of {length} schemas that are each only a `$ref` to the next; the limit is {MAX_ALIAS_CHAIN}",
                    type_def.name.original
                ),
            )
            .help("this is the generator's limit; reference the final schema directly instead of through a chain of `$ref`s"),
        );
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
            sample: None,
            merged: false,
            round_trip_test: None,
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
