//! Identical types emitted once. A spec often repeats one inline schema in many places:
//! a dereferenced description (Sentry's) copies every shared schema into each use, and
//! vendors repeat small objects and enums by hand. Each copy would otherwise become its own
//! type with its own name, code and compile time. Types whose whole shape is the same
//! (fields, their names, types, docs and examples, enum values, union variants, docs of
//! the type) become one. The docs of an enum held only by fields described as it is do not
//! count: an inline enum's description is its property's too, and the property keeps it
//! (Twilio's 50 `GET`/`POST` enums, each described as the field that holds it, are one
//! type); copies described differently leave their type without a description of its own.
//! An enum's docs count anywhere else: a `oneOf` member's may be all that says what its
//! value means.
//!
//! - a component schema is never merged away, and copies of it become the component's
//!   type;
//! - copies of an inline schema share the type of the shallowest copy (fewest steps in its
//!   JSON pointer, then by file and pointer: a property's before an array item's, a
//!   component's before an operation's), so a name only changes when a shallower copy
//!   appears. (A name made of the words the copies' names share was tried: it moved from
//!   one group of copies to another as a spec grew.)
//! - the inline body or success response of an operation keeps its own type unless it is
//!   a copy of a component (a request body named after another operation would confuse).

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::diag::Origin;
use crate::ir::{self, Operation, TypeDef, TypeId, TypeKind, TypeRef, Variant};

/// Most rounds of merging: each round merges the copies whose parts are merged already, so
/// a round is needed per level of nesting. Deeper copies simply stay apart; the rounds of a
/// big spec are fewer still (`limits::MAX_SHARE_KEYS`).
const MAX_ROUNDS: usize = 64;

/// The types an operation uses at its top level, which keep their own names: its body,
/// its success bodies (by status too) and its error bodies.
pub(crate) fn pinned<'o>(
    types: &[TypeDef],
    operations: impl Iterator<Item = &'o Operation>,
    error_bodies: &[Variant],
) -> BTreeSet<TypeId> {
    let mut tops: Vec<&TypeRef> = error_bodies.iter().map(|variant| &variant.ty).collect();
    for operation in operations {
        tops.extend(operation.body.iter().map(|body| &body.ty));
        match &operation.success.body {
            ir::ResponseBody::Json(ty) => tops.push(ty),
            ir::ResponseBody::ByStatus(id) => {
                if let Some(TypeKind::ByStatus { variants }) = types.get(id.0).map(|t| &t.kind) {
                    tops.extend(variants.iter().filter_map(|variant| variant.ty.as_ref()));
                }
            }
            _ => {}
        }
    }
    tops.into_iter()
        .filter_map(|ty| match ty {
            TypeRef::Named(id) => Some(*id),
            _ => None,
        })
        .collect()
}

/// How one merge treats each type.
pub(crate) struct Roles<'r> {
    /// Component schemas: kept, and the type their copies become.
    pub components: &'r BTreeSet<TypeId>,
    /// Inline types an operation uses at its top level: merged only into a component.
    pub pinned: &'r BTreeSet<TypeId>,
}

/// Merges identical types, rewrites every reference (in `types`, the operations and the
/// error bodies) and drops the copies; the types left keep their order.
pub(crate) fn merge_identical(
    types: &mut Vec<TypeDef>,
    operations: &mut [&mut Operation],
    error_bodies: &mut [Variant],
    roles: &Roles,
) {
    let echoed = echoed_by_fields(types, operations, error_bodies);
    let shapes: Vec<Option<Shape>> = types
        .iter()
        .zip(&echoed)
        .map(|(type_def, echoed)| shape(type_def, *echoed))
        .collect();
    let mut rep: Vec<usize> = (0..types.len()).collect();
    let rounds = (crate::limits::MAX_SHARE_KEYS / types.len().max(1)).clamp(1, MAX_ROUNDS);
    for _ in 0..rounds {
        if !merge_round(types, &shapes, &mut rep, roles) {
            break;
        }
    }
    if rep.iter().enumerate().all(|(index, &to)| index == to) {
        return;
    }
    // An inline enum whose copies were described differently describes none of them.
    let mut undescribed = vec![false; types.len()];
    for index in 0..types.len() {
        let to = find(&mut rep, index);
        if to != index
            && !roles.components.contains(&TypeId(to))
            && types[index].docs != types[to].docs
        {
            undescribed[to] = true;
        }
    }
    for (type_def, _) in types
        .iter_mut()
        .zip(&undescribed)
        .filter(|(_, clear)| **clear)
    {
        type_def.docs = crate::ir::Docs {
            deprecated: type_def.docs.deprecated,
            ..Default::default()
        };
    }
    // Old index → new index of the type it became.
    let mut kept = vec![usize::MAX; types.len()];
    let mut next = 0;
    for (index, slot) in kept.iter_mut().enumerate() {
        if find(&mut rep, index) == index {
            *slot = next;
            next += 1;
        }
    }
    let map: Vec<usize> = (0..types.len())
        .map(|index| kept[find(&mut rep, index)])
        .collect();
    let mut remap = |id: &mut TypeId| id.0 = map[id.0];
    let mut index = 0;
    types.retain(|_| {
        let keep = kept[index] != usize::MAX;
        index += 1;
        keep
    });
    for type_def in types.iter_mut() {
        type_def.kind.for_each_type_id(&mut remap);
    }
    for operation in operations.iter_mut() {
        operation.for_each_type_id(&mut remap);
    }
    for variant in error_bodies.iter_mut() {
        variant.ty.for_each_type_id(&mut remap);
    }
}

/// Per type: whether it is an enum referenced only by struct fields whose docs are its own
/// (the property's description, which the enum's schema also had).
fn echoed_by_fields(
    types: &mut [TypeDef],
    operations: &mut [&mut Operation],
    error_bodies: &mut [Variant],
) -> Vec<bool> {
    let mut references = vec![0usize; types.len()];
    let mut count = |id: &mut TypeId| references[id.0] += 1;
    for type_def in types.iter_mut() {
        type_def.kind.for_each_type_id(&mut count);
    }
    for operation in operations.iter_mut() {
        operation.for_each_type_id(&mut count);
    }
    for variant in error_bodies.iter_mut() {
        variant.ty.for_each_type_id(&mut count);
    }
    let mut echoes = vec![0usize; types.len()];
    for type_def in types.iter() {
        let TypeKind::Struct { fields, .. } = &type_def.kind else {
            continue;
        };
        for field in fields {
            if let Some(id) = held(&field.ty)
                && types[id].docs == field.docs
            {
                echoes[id] += 1;
            }
        }
    }
    types
        .iter()
        .enumerate()
        .map(|(index, type_def)| {
            matches!(
                type_def.kind,
                TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. }
            ) && references[index] > 0
                && references[index] == echoes[index]
        })
        .collect()
}

/// The type a field holds, directly or as a list, map or nullable value of it.
fn held(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Named(id) => Some(id.0),
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => held(inner),
        _ => None,
    }
}

/// One round: every type that is still its own is keyed by its shape and the types its
/// references became; types with equal keys merge. Returns whether any did.
fn merge_round(
    types: &[TypeDef],
    shapes: &[Option<Shape>],
    rep: &mut [usize],
    roles: &Roles,
) -> bool {
    // Per key: the component its copies become, else the first shareable copy.
    let mut target: HashMap<(u64, Vec<usize>), usize> = HashMap::new();
    let mut merged = false;
    for index in 0..types.len() {
        if rep[index] != index {
            continue;
        }
        let Some(shape) = &shapes[index] else {
            continue;
        };
        let key = (
            shape.hash,
            shape.refs.iter().map(|&to| root(rep, to)).collect(),
        );
        let found = target.get(&key).copied();
        // Equal hashes of different shapes: kept apart.
        if found
            .is_some_and(|existing| shapes[existing].as_ref().map(|s| &s.text) != Some(&shape.text))
        {
            continue;
        }
        let id = TypeId(index);
        let is_component = roles.components.contains(&id);
        let is_pinned = roles.pinned.contains(&id);
        match found {
            None => {
                if !is_pinned || is_component {
                    target.insert(key, index);
                }
            }
            Some(existing) => {
                let existing_is_component = roles.components.contains(&TypeId(existing));
                if is_component {
                    // Two identical components both stay; inline copies met so far
                    // become this component when none was found before.
                    if !existing_is_component {
                        rep[existing] = index;
                        target.insert(key, index);
                        merged = true;
                    }
                } else if is_pinned && !existing_is_component {
                    // An operation's own body or response stays its own.
                } else if !existing_is_component
                    && precedes(&types[index].origin, &types[existing].origin)
                {
                    // Copies share the type of the one first in the spec.
                    rep[existing] = index;
                    target.insert(key, index);
                    merged = true;
                } else {
                    rep[index] = existing;
                    merged = true;
                }
            }
        }
    }
    // Merges found late in the round (a component after its copies) may have left
    // chains; flatten them.
    for index in 0..rep.len() {
        let to = find(rep, index);
        rep[index] = to;
    }
    merged
}

/// Which of two copies names their type: the shallower one (a property before an array
/// item inside another, a component's before an operation's), then by file and pointer.
fn precedes(a: &Origin, b: &Origin) -> bool {
    let depth = |origin: &Origin| origin.pointer.matches('/').count();
    (depth(a), &a.file, &a.pointer) < (depth(b), &b.file, &b.pointer)
}

/// The type `index` became, without shortening the way there.
fn root(rep: &[usize], index: usize) -> usize {
    let mut at = index;
    while rep[at] != at {
        at = rep[at];
    }
    at
}

/// The type `index` became.
fn find(rep: &mut [usize], index: usize) -> usize {
    let mut root = index;
    while rep[root] != root {
        root = rep[root];
    }
    let mut at = index;
    while rep[at] != root {
        let next = rep[at];
        rep[at] = root;
        at = next;
    }
    root
}

/// The whole shape of a type, its references aside: the text says everything else
/// (docs, examples, names, flags, enum values, how references are wrapped), `refs` the
/// types referenced, in order. Two types are identical when their texts are equal and their
/// references became the same types.
struct Shape {
    text: String,
    hash: u64,
    refs: Vec<usize>,
}

/// The shape of a type; `None` for a type that is never shared (an operation's results
/// by status). The docs of an enum `echoed` by the fields that hold it are left out (see
/// the module docs).
fn shape(type_def: &TypeDef, echoed: bool) -> Option<Shape> {
    let mut out = String::with_capacity(256);
    let mut refs = Vec::new();
    if echoed {
        out.push(if type_def.docs.deprecated { 'D' } else { '.' });
    } else {
        write_docs(&mut out, &type_def.docs);
    }
    let _ = write!(out, "{:?}\u{1}{:?}\u{1}", type_def.example, type_def.sample);
    match &type_def.kind {
        TypeKind::Struct {
            fields,
            additional,
            multipart,
        } => {
            let _ = write!(out, "struct {multipart}");
            for field in fields {
                out.push('\u{1}');
                write_name(&mut out, &field.name);
                let _ = write!(
                    out,
                    " {} {} {} {} ",
                    field.required, field.nullable, field.boxed, field.explicit_null
                );
                write_docs(&mut out, &field.docs);
                let _ = write!(out, "{:?} ", field.example);
                write_ref(&mut out, &mut refs, &field.ty);
            }
            out.push_str("\u{1}additional ");
            if let Some(additional) = additional {
                write_ref(&mut out, &mut refs, additional);
            }
        }
        TypeKind::StringEnum { variants } => {
            let _ = write!(out, "strings {variants:?}");
        }
        TypeKind::IntegerEnum { variants } => {
            let _ = write!(out, "integers {variants:?}");
        }
        TypeKind::Union { tag, variants } => {
            let _ = write!(out, "union {tag:?}");
            for variant in variants {
                let _ = write!(
                    out,
                    "\u{1}{:?} {} {:?} ",
                    variant.name, variant.boxed, variant.other_tags
                );
                write_ref(&mut out, &mut refs, &variant.ty);
            }
        }
        TypeKind::Alias(ty) => {
            out.push_str("alias ");
            write_ref(&mut out, &mut refs, ty);
        }
        TypeKind::ByStatus { .. } => return None,
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&out, &mut hasher);
    Some(Shape {
        hash: std::hash::Hasher::finish(&hasher),
        text: out,
        refs,
    })
}

/// `text` in a shape, its length first: two texts are written alike only when they are
/// equal, whatever they contain (and faster than their `Debug` form).
fn write_text(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => {
            let _ = write!(out, "{}:", text.len());
            out.push_str(text);
        }
        None => out.push('-'),
    }
}

/// A name in a shape (every field of it: a new one must be written here too).
fn write_name(out: &mut String, name: &crate::ir::Name) {
    let crate::ir::Name { original, rust } = name;
    write_text(out, Some(original));
    write_text(out, Some(rust));
}

/// Docs in a shape (every field of them: a new one must be written here too).
fn write_docs(out: &mut String, docs: &crate::ir::Docs) {
    let crate::ir::Docs {
        summary,
        description,
        deprecated,
    } = docs;
    write_text(out, summary.as_deref());
    write_text(out, description.as_deref());
    out.push(if *deprecated { 'D' } else { '.' });
}

/// A reference in a shape: `#` for a named type (listed in `refs`), the rest written out.
fn write_ref(out: &mut String, refs: &mut Vec<usize>, ty: &TypeRef) {
    match ty {
        TypeRef::Named(id) => {
            out.push('#');
            refs.push(id.0);
        }
        TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            out.push_str(match ty {
                TypeRef::List(_) => "list(",
                TypeRef::Map(_) => "map(",
                _ => "null(",
            });
            write_ref(out, refs, inner);
            out.push(')');
        }
        TypeRef::Tuple(members) => {
            out.push_str("tuple(");
            for member in members {
                write_ref(out, refs, member);
                out.push(',');
            }
            out.push(')');
        }
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}
