//! Where each type of a crate is emitted. A type that the operations of one API group reach,
//! and nothing else (no operation of the client's own, no error body), lives in that
//! group's module: the group's cargo feature then compiles it, so a crate that turns on a
//! few groups compiles a few groups' types. Every other type is in `types.rs`, always
//! compiled. A type in `types.rs` never refers to one in a group (a type reached from it is
//! reached from its groups too), and a group's code refers to no other group's types.

use crate::ir::{Api, Operation, ResponseBody, TypeKind, TypeRef, reachable};

/// Per type (by index), the group whose module holds it; `None`: `types.rs`. With fewer
/// than two groups every type stays in `types.rs`.
pub(super) fn homes(api: &Api) -> Vec<Option<usize>> {
    let mut homes = vec![None; api.types.len()];
    if api.groups.len() < 2 {
        return homes;
    }
    // Per type: unreached, reached by one group, or by several. A walk stops at a type
    // this group has passed already, or that several groups have (its members are reached
    // by them all): each type is walked at most twice, whatever the number of groups.
    let mut reach = vec![Reach::None; api.types.len()];
    for (index, group) in api.groups.iter().enumerate() {
        let mut pending: Vec<TypeRef> = group.operations.iter().flat_map(roots).collect();
        while let Some(ty) = pending.pop() {
            let id = match ty {
                TypeRef::Named(id) => id.0,
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                    pending.push(*inner);
                    continue;
                }
                TypeRef::Tuple(members) => {
                    pending.extend(members);
                    continue;
                }
                _ => continue,
            };
            reach[id] = match reach[id] {
                Reach::None => Reach::One(index),
                Reach::One(other) if other != index => Reach::Several,
                Reach::One(_) | Reach::Several => continue,
            };
            pending.extend(members(&api.types[id].kind));
        }
    }
    // Always compiled: what the client's own operations, the error bodies, the types no
    // operation reaches and the multipart bodies (all kept in `types.rs`) reach.
    let always_roots: Vec<TypeRef> = api
        .client_operations
        .iter()
        .flat_map(roots)
        .chain(api.error_bodies.iter().map(|variant| variant.ty.clone()))
        .chain(
            (0..api.types.len())
                .filter(|index| reach[*index] == Reach::None || multipart(&api.types[*index]))
                .map(|index| TypeRef::Named(crate::ir::TypeId(index))),
        )
        .collect();
    let always = reachable(&api.types, always_roots.iter());
    for (type_index, home) in homes.iter_mut().enumerate() {
        if let Reach::One(group) = reach[type_index]
            && !always[type_index]
        {
            *home = Some(group);
        }
    }
    homes
}

/// How many groups reach a type.
#[derive(Clone, Copy, PartialEq)]
enum Reach {
    None,
    One(usize),
    Several,
}

/// The type references inside a type: fields, variants, the aliased type.
fn members(kind: &TypeKind) -> Vec<TypeRef> {
    match kind {
        TypeKind::Struct {
            fields, additional, ..
        } => fields
            .iter()
            .map(|field| field.ty.clone())
            .chain(additional.clone())
            .collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| v.ty.clone()).collect(),
        TypeKind::Alias(inner) => vec![inner.clone()],
        TypeKind::ByStatus { variants } => variants.iter().filter_map(|v| v.ty.clone()).collect(),
        TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } => Vec::new(),
    }
}

/// A multipart body, whose encoder reaches the crate's `error` module as `super::error`:
/// it stays in `types.rs`.
fn multipart(type_def: &crate::ir::TypeDef) -> bool {
    matches!(
        type_def.kind,
        TypeKind::Struct {
            multipart: true,
            ..
        }
    )
}

/// The types an operation names itself: parameters, body, success body (by status too).
fn roots(op: &Operation) -> impl Iterator<Item = TypeRef> + '_ {
    let by_status = match &op.success.body {
        ResponseBody::ByStatus(id) => Some(TypeRef::Named(*id)),
        _ => None,
    };
    op.mentioned_types().cloned().chain(by_status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeId;

    /// The named types a type refers to directly.
    fn refers_to(kind: &TypeKind) -> Vec<usize> {
        let mut ids = Vec::new();
        let mut kind = kind.clone();
        kind.for_each_type_id(&mut |id: &mut TypeId| ids.push(id.0));
        ids
    }

    /// On every fixture, the spec, and the corpus descriptions under 1 MB (when the corpus
    /// is there): a type of `types.rs` names no group's type, the client's operations and
    /// the error bodies name none, and a group's operations and types name only their own.
    #[test]
    fn a_group_type_is_named_only_in_its_group() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut specs = vec![std::path::PathBuf::from(format!(
            "{root}/../spec/batches.yaml"
        ))];
        for folder in [
            "tests/fixtures/ok",
            "tests/fixtures/warn",
            "../../shared/corpus",
        ] {
            let Ok(entries) = std::fs::read_dir(format!("{root}/{folder}")) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let small = entry
                    .metadata()
                    .is_ok_and(|m| m.is_file() && m.len() < 1 << 20);
                let spec = path
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json");
                if small && spec {
                    specs.push(path);
                }
            }
        }
        specs.sort();
        let mut with_groups = 0;
        for spec in &specs {
            let Ok((api, _)) = crate::Config::new().spec(spec).lower() else {
                continue;
            };
            let homes = homes(&api);
            with_groups += usize::from(homes.iter().any(Option::is_some));
            let name = |id: usize| &api.types[id].name.rust;
            for (index, type_def) in api.types.iter().enumerate() {
                assert!(
                    homes[index].is_none() || !multipart(type_def),
                    "{}: the multipart body `{}` is in a group",
                    spec.display(),
                    name(index)
                );
                for target in refers_to(&type_def.kind) {
                    assert!(
                        homes[target].is_none() || homes[target] == homes[index],
                        "{}: `{}` ({:?}) names `{}` ({:?})",
                        spec.display(),
                        name(index),
                        homes[index],
                        name(target),
                        homes[target]
                    );
                }
            }
            let named = |op: &Operation| roots(op).collect::<Vec<_>>();
            let ids = |types: Vec<TypeRef>| {
                let mut ids = Vec::new();
                for mut ty in types {
                    ty.for_each_type_id(&mut |id: &mut TypeId| ids.push(id.0));
                }
                ids
            };
            let outside = api
                .client_operations
                .iter()
                .flat_map(named)
                .chain(api.error_bodies.iter().map(|variant| variant.ty.clone()))
                .collect();
            for id in ids(outside) {
                assert_eq!(homes[id], None, "{}: `{}`", spec.display(), name(id));
            }
            for (group, operations) in api.groups.iter().enumerate() {
                for id in ids(operations.operations.iter().flat_map(named).collect()) {
                    assert!(
                        homes[id].is_none() || homes[id] == Some(group),
                        "{}: `{}` in group {group}",
                        spec.display(),
                        name(id)
                    );
                }
            }
        }
        assert!(
            with_groups >= 3,
            "only {with_groups} of {} specs have group types",
            specs.len()
        );
    }
}
