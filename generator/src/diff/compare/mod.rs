//! Pairs the two APIs and classifies every difference.
//!
//! Operations are paired by method and path (parameter names aside), parameters by
//! location and wire name (path parameters also by position), properties by wire name,
//! enum values by value. Named types are paired where the two APIs use them (a field's
//! type in the old API with the same field's type in the new one), so a renamed schema
//! is still compared with its old self; types no operation reaches are paired by name.
//! Each pair of types is compared once, knowing every direction it is used in (request,
//! response), which decides the wire verdicts of its changes.

mod operations;
mod raw;
mod rules;
mod settings;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use super::message::{Message, code, msg};
use super::side::{Draft, Side};
use super::{Change, Kind, Location};
use crate::diag::Origin;
use crate::ir::{Group, Operation, TypeId, TypeKind, TypeRef};
pub(crate) use rules::Usage;
use rules::{Rust, Wire};

/// Every difference between `old` and `new`, located by origin.
pub(crate) fn compare(old: &Side, new: &Side) -> Vec<Draft> {
    let mut comparer = Comparer {
        old,
        new,
        drafts: Vec::new(),
        pairs: BTreeMap::new(),
        queue: Vec::new(),
    };
    let operations = comparer.pair_operations();
    comparer.pair_error_bodies();
    comparer.drain();
    comparer.pair_unreached();
    settings::compare(&mut comparer);
    for pair in &operations {
        comparer.operation_pair(pair);
    }
    comparer.report_unpaired_operations();
    let pairs: Vec<((TypeId, TypeId), Usage)> =
        comparer.pairs.iter().map(|(k, v)| (*k, *v)).collect();
    for ((old_id, new_id), usage) in pairs {
        comparer.type_pair(old_id, new_id, usage);
    }
    comparer.report_unpaired_types();
    comparer.drafts
}

/// An operation with its group (`None`: a method of the client).
#[derive(Clone, Copy)]
pub(crate) struct OperationRef<'a> {
    pub group: Option<&'a Group>,
    pub operation: &'a Operation,
}

impl OperationRef<'_> {
    /// `GET /batches/{id}`.
    pub fn title(&self) -> Message {
        msg!(code(format!(
            "{} {}",
            self.operation.method, self.operation.path.raw
        )))
    }

    /// How Rust code calls it: `client.batches().get`.
    pub fn call(&self) -> String {
        match self.group {
            Some(group) => format!("client.{}().{}", group.name.rust, self.operation.name.rust),
            None => format!("client.{}", self.operation.name.rust),
        }
    }
}

/// The pairing key of an operation: method and path with parameter names left out.
fn operation_key(operation: &Operation) -> (String, String) {
    let mut path = String::new();
    let mut in_param = false;
    for c in operation.path.raw.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            c if !in_param => path.push(c),
            _ => {}
        }
    }
    (operation.method.clone(), path)
}

pub(crate) struct Comparer<'a> {
    pub old: &'a Side,
    pub new: &'a Side,
    pub drafts: Vec<Draft>,
    /// Paired types and every direction each pair is used in.
    pairs: BTreeMap<(TypeId, TypeId), Usage>,
    /// Pairs whose usage grew since they were last expanded.
    queue: Vec<(TypeId, TypeId)>,
}

impl<'a> Comparer<'a> {
    /// Records a change.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        kind: Kind,
        subject: Message,
        message: Message,
        wire: Wire,
        rust: Rust,
        old: Origin,
        new: Origin,
    ) {
        let nowhere = Location {
            file: String::new(),
            line: 0,
            column: 0,
            pointer: String::new(),
        };
        self.drafts.push(Draft {
            change: Change {
                kind,
                subject,
                message,
                wire: wire.verdict,
                wire_reason: wire.reason,
                rust: rust.verdict,
                rust_reason: rust.reason,
                level: rust.level,
                old: nowhere.clone(),
                new: nowhere,
            },
            old,
            new,
        });
    }

    fn operations_of(side: &Side) -> Vec<OperationRef<'_>> {
        side.api
            .operations_with_groups()
            .map(|(group, operation)| OperationRef { group, operation })
            .collect()
    }

    /// Pairs the operations and the types of their inputs and outputs.
    fn pair_operations(&mut self) -> Vec<(OperationRef<'a>, OperationRef<'a>)> {
        let old_side: &'a Side = self.old;
        let new_side: &'a Side = self.new;
        let new_ops: BTreeMap<(String, String), OperationRef<'a>> = Self::operations_of(new_side)
            .into_iter()
            .map(|op| (operation_key(op.operation), op))
            .collect();
        let mut pairs = Vec::new();
        for old_op in Self::operations_of(old_side) {
            if let Some(new_op) = new_ops.get(&operation_key(old_op.operation)) {
                pairs.push((old_op, *new_op));
            }
        }
        for (old_op, new_op) in &pairs {
            let (old_op, new_op) = (old_op.operation, new_op.operation);
            for old_param in &old_op.params {
                if let Some(new_param) = operations::matching_param(old_op, old_param, new_op) {
                    self.pair_refs(&old_param.ty, &new_param.ty, Usage::REQUEST);
                }
            }
            if let (Some(old_body), Some(new_body)) = (&old_op.body, &new_op.body) {
                self.pair_refs(&old_body.ty, &new_body.ty, Usage::REQUEST);
            }
            if let (Some(old_ty), Some(new_ty)) = (
                operations::response_ref(&old_op.success.body),
                operations::response_ref(&new_op.success.body),
            ) {
                self.pair_refs(&old_ty, &new_ty, Usage::RESPONSE);
            }
        }
        pairs
    }

    /// Pairs the `ErrorBody` variants of the same name.
    fn pair_error_bodies(&mut self) {
        let old_side: &'a Side = self.old;
        let new_side: &'a Side = self.new;
        for old_variant in &old_side.api.error_bodies {
            if let Some(new_variant) =
                (new_side.api.error_bodies.iter()).find(|v| v.name.rust == old_variant.name.rust)
            {
                self.pair_refs(&old_variant.ty, &new_variant.ty, Usage::RESPONSE);
            }
        }
    }

    /// Pairs the named types inside two types at the same place.
    pub fn pair_refs(&mut self, old: &TypeRef, new: &TypeRef, usage: Usage) {
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b))
                if operations::same_type(self.old, *a, self.new, *b) =>
            {
                self.pair(*a, *b, usage)
            }
            (TypeRef::List(a), TypeRef::List(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => self.pair_refs(a, b, usage),
            (TypeRef::Nullable(a), b) => self.pair_refs(a, b, usage),
            (a, TypeRef::Nullable(b)) => self.pair_refs(a, b, usage),
            (TypeRef::Tuple(a), TypeRef::Tuple(b)) => {
                for (a, b) in a.iter().zip(b) {
                    self.pair_refs(a, b, usage);
                }
            }
            _ => {}
        }
    }

    fn pair(&mut self, old: TypeId, new: TypeId, usage: Usage) {
        match self.pairs.get_mut(&(old, new)) {
            Some(known) if known.union(usage) == *known => {}
            Some(known) => {
                *known = known.union(usage);
                self.queue.push((old, new));
            }
            None => {
                self.pairs.insert((old, new), usage);
                self.queue.push((old, new));
            }
        }
    }

    /// Pairs what is inside the queued pairs, until nothing new is paired.
    fn drain(&mut self) {
        let old_side: &'a Side = self.old;
        let new_side: &'a Side = self.new;
        while let Some((old_id, new_id)) = self.queue.pop() {
            let usage = self.pairs[&(old_id, new_id)];
            let old_kind = &old_side.api.types[old_id.0].kind;
            let new_kind = &new_side.api.types[new_id.0].kind;
            match (old_kind, new_kind) {
                (
                    TypeKind::Struct {
                        fields: old_fields,
                        additional: old_additional,
                        ..
                    },
                    TypeKind::Struct {
                        fields: new_fields,
                        additional: new_additional,
                        ..
                    },
                ) => {
                    for old_field in old_fields {
                        if let Some(new_field) = new_fields
                            .iter()
                            .find(|f| f.name.original == old_field.name.original)
                        {
                            self.pair_refs(&old_field.ty, &new_field.ty, usage);
                        }
                    }
                    if let (Some(a), Some(b)) = (old_additional, new_additional) {
                        self.pair_refs(a, b, usage);
                    }
                }
                (
                    TypeKind::Union {
                        variants: old_variants,
                        tag: old_tag,
                    },
                    TypeKind::Union {
                        variants: new_variants,
                        tag: new_tag,
                    },
                ) => {
                    let tagged = old_tag.is_some() && new_tag.is_some();
                    for old_variant in old_variants {
                        if let Some(new_variant) =
                            types::matching_variant(old_variant, new_variants, tagged)
                        {
                            self.pair_refs(&old_variant.ty, &new_variant.ty, usage);
                        }
                    }
                }
                (TypeKind::Alias(a), TypeKind::Alias(b)) => self.pair_refs(a, b, usage),
                (
                    TypeKind::ByStatus {
                        variants: old_variants,
                    },
                    TypeKind::ByStatus {
                        variants: new_variants,
                    },
                ) => {
                    for old_variant in old_variants {
                        let new_variant =
                            new_variants.iter().find(|v| v.status == old_variant.status);
                        if let (Some(a), Some(Some(b))) =
                            (&old_variant.ty, new_variant.map(|v| &v.ty))
                        {
                            self.pair_refs(a, b, usage);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn paired(&self) -> (BTreeSet<TypeId>, BTreeSet<TypeId>) {
        let old = self.pairs.keys().map(|(a, _)| *a).collect();
        let new = self.pairs.keys().map(|(_, b)| *b).collect();
        (old, new)
    }

    /// Pairs the types no operation reached (schemas only in `components`), by Rust
    /// name, then by their place in the spec; what they contain is paired too.
    fn pair_unreached(&mut self) {
        let old_side: &'a Side = self.old;
        let new_side: &'a Side = self.new;
        let (old_paired, new_paired) = self.paired();
        let new_by_name: BTreeMap<&str, TypeId> = (new_side.api.types.iter().enumerate())
            .filter(|(index, _)| !new_paired.contains(&TypeId(*index)))
            .map(|(index, t)| (t.name.rust.as_str(), TypeId(index)))
            .collect();
        let new_by_place: BTreeMap<(String, &str), TypeId> =
            (new_side.api.types.iter().enumerate())
                .filter(|(index, _)| !new_paired.contains(&TypeId(*index)))
                .map(|(index, t)| {
                    let file = relative_file(new_side, &t.origin);
                    ((file, t.origin.pointer.as_str()), TypeId(index))
                })
                .collect();
        let mut taken = BTreeSet::new();
        for (index, type_def) in old_side.api.types.iter().enumerate() {
            let old_id = TypeId(index);
            if old_paired.contains(&old_id) {
                continue;
            }
            let by_name = new_by_name.get(type_def.name.rust.as_str());
            let by_place = new_by_place.get(&(
                relative_file(old_side, &type_def.origin),
                type_def.origin.pointer.as_str(),
            ));
            if let Some(new_id) = by_name.or(by_place).filter(|id| !taken.contains(*id)) {
                taken.insert(*new_id);
                self.pair(old_id, *new_id, Usage::default());
            }
        }
        self.drain();
    }

    /// Operations only on one side.
    fn report_unpaired_operations(&mut self) {
        let old_side: &'a Side = self.old;
        let new_side: &'a Side = self.new;
        let old_keys: BTreeSet<(String, String)> = Self::operations_of(old_side)
            .iter()
            .map(|op| operation_key(op.operation))
            .collect();
        let new_keys: BTreeSet<(String, String)> = Self::operations_of(new_side)
            .iter()
            .map(|op| operation_key(op.operation))
            .collect();
        for op in Self::operations_of(old_side) {
            if !new_keys.contains(&operation_key(op.operation)) {
                operations::removed(self, &op);
            }
        }
        for op in Self::operations_of(new_side) {
            if !old_keys.contains(&operation_key(op.operation)) {
                operations::added(self, &op);
            }
        }
    }

    /// Schemas only on one side. Inline types that appear or go are reported where they
    /// are used (a property, an operation), not again as types.
    fn report_unpaired_types(&mut self) {
        let old_side: &'a Side = self.old;
        let new_side: &'a Side = self.new;
        let (old_paired, new_paired) = self.paired();
        for (index, type_def) in old_side.api.types.iter().enumerate() {
            if !old_paired.contains(&TypeId(index)) && is_schema(old_side, &type_def.origin) {
                types::removed(self, type_def);
            }
        }
        for (index, type_def) in new_side.api.types.iter().enumerate() {
            if !new_paired.contains(&TypeId(index)) && is_schema(new_side, &type_def.origin) {
                types::added(self, type_def);
            }
        }
    }
}

/// The file of `origin` relative to the root spec's folder (the two sides may live in
/// different folders: a git revision is read from a temporary one).
fn relative_file(side: &Side, origin: &Origin) -> String {
    let root_dir = side
        .loaded
        .root
        .path
        .parent()
        .unwrap_or(std::path::Path::new(""));
    origin
        .file
        .strip_prefix(root_dir)
        .unwrap_or(&origin.file)
        .to_string_lossy()
        .into_owned()
}

/// A schema of `components` (or a whole referenced file): a type the spec names.
fn is_schema(side: &Side, origin: &Origin) -> bool {
    let segments: Vec<&str> = origin.pointer.split('/').collect();
    (segments.len() == 4 && segments[1] == "components" && segments[2] == "schemas")
        || (origin.file != side.loaded.root.path && segments.len() <= 2)
}
