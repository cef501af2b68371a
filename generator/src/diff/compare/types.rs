//! Named types: structs and their fields, enums, unions, aliases, results by status.

use super::super::Kind;
use super::super::message::{code, msg};
use super::super::side::Side;
use super::Comparer;
use super::operations::shape_eq;
use super::rules::{
    Reader, Usage, accepts, by_usage, rust_adds, rust_breaks, rust_same, wire_breaks, wire_ok,
};
use crate::ir::{Field, StatusVariant, TypeDef, TypeId, TypeKind, TypeRef, Variant};

/// The variant of `variants` that `variant` is: same discriminator value when both
/// unions are tagged, same Rust name otherwise.
pub(super) fn matching_variant<'v>(
    variant: &Variant,
    variants: &'v [Variant],
    tagged: bool,
) -> Option<&'v Variant> {
    if tagged {
        variants
            .iter()
            .find(|v| v.name.original == variant.name.original)
    } else {
        variants.iter().find(|v| v.name.rust == variant.name.rust)
    }
}

/// The Rust type of a field as declared (`Option`, `Box`, `Nullable` included).
fn field_type(side: &Side, field: &Field) -> String {
    let mut ty = side.spell(&field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.explicit_null {
        ty = format!("Nullable<{ty}>");
    }
    if field.optional() {
        ty = format!("Option<{ty}>");
    }
    ty
}

/// Whether a field is the same on both sides, as far as [`Comparer::field_pair`] looks:
/// the same in the IR (named types aside: their pair is compared on its own) and the same
/// raw schema, with no `$ref` that the raw comparison would follow. Most fields of a big
/// spec are, and this check allocates nothing.
fn unchanged(old_side: &Side, old: &Field, new_side: &Side, new: &Field) -> bool {
    fn plain(value: &serde_json::Value, depth: usize) -> bool {
        value.get("$ref").is_none()
            && match value.get("items") {
                Some(items) => depth < 4 && plain(items, depth + 1),
                None => true,
            }
    }
    old.name == new.name
        && old.required == new.required
        && old.nullable == new.nullable
        && old.boxed == new.boxed
        && old.explicit_null == new.explicit_null
        && old.docs.deprecated == new.docs.deprecated
        && shape_eq(old_side, &old.ty, new_side, &new.ty)
        && match (old_side.raw(&old.origin), new_side.raw(&new.origin)) {
            (Some(a), Some(b)) => a == b && plain(a, 0),
            _ => false,
        }
}

/// The arguments of a struct's `new`: (field, type).
fn constructor_args(side: &Side, fields: &[Field]) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|f| !f.optional())
        .map(|f| (f.name.rust.clone(), side.spell(&f.ty)))
        .collect()
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct {
            multipart: true, ..
        } => "a multipart struct",
        TypeKind::Struct { .. } => "a struct",
        TypeKind::StringEnum { .. } => "a string enum",
        TypeKind::IntegerEnum { .. } => "an integer enum",
        TypeKind::Union { tag: Some(_), .. } => "a tagged union",
        TypeKind::Union { tag: None, .. } => "an untagged union",
        TypeKind::Alias(_) => "a type alias",
        TypeKind::ByStatus { .. } => "a result by status",
    }
}

/// When `new` takes the same arguments in another order: the message and the Rust verdict.
pub(super) fn reordered(
    constructor: &str,
    old: &[(String, String)],
    new: &[(String, String)],
) -> Option<(super::super::message::Message, super::rules::Rust)> {
    let mut sorted_old = old.to_vec();
    let mut sorted_new = new.to_vec();
    sorted_old.sort();
    sorted_new.sort();
    if old == new || sorted_old != sorted_new {
        return None;
    }
    let show = |args: &[(String, String)]| {
        args.iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let message = msg!(
        code(constructor.to_string()),
        " takes its arguments in another order: (",
        code(show(old)),
        ") → (",
        code(show(new)),
        ")"
    );
    let same_types = old
        .iter()
        .map(|(_, ty)| ty)
        .eq(new.iter().map(|(_, ty)| ty));
    let rust = if same_types {
        rust_breaks(msg!(
            "calls still compile, and give each value to another field"
        ))
    } else {
        rust_breaks(msg!("calls pass the arguments in the old order"))
    };
    Some((message, rust))
}

/// A schema only in the old spec.
pub(super) fn removed(comparer: &mut Comparer<'_>, type_def: &TypeDef) {
    let new_origin = comparer.new.nearest(&crate::diag::Origin::new(
        comparer.new.root().file,
        type_def.origin.pointer.clone(),
    ));
    comparer.push(
        Kind::SchemaRemoved,
        msg!("type ", code(type_def.name.rust.clone())),
        msg!(
            "removed (schema ",
            code(type_def.name.original.clone()),
            ")"
        ),
        wire_ok(msg!("operations that used it are compared on their own")),
        rust_breaks(msg!(
            "the type ",
            code(type_def.name.rust.clone()),
            " is gone"
        )),
        type_def.origin.clone(),
        new_origin,
    );
}

/// A schema only in the new spec.
pub(super) fn added(comparer: &mut Comparer<'_>, type_def: &TypeDef) {
    let old_origin = comparer.old.nearest(&crate::diag::Origin::new(
        comparer.old.root().file,
        type_def.origin.pointer.clone(),
    ));
    comparer.push(
        Kind::SchemaAdded,
        msg!("type ", code(type_def.name.rust.clone())),
        msg!("added (schema ", code(type_def.name.original.clone()), ")"),
        wire_ok(msg!("operations that use it are compared on their own")),
        rust_adds(msg!("a new type")),
        old_origin,
        type_def.origin.clone(),
    );
}

impl Comparer<'_> {
    /// Everything that differs between two paired types used as `usage`.
    pub(super) fn type_pair(&mut self, old_id: TypeId, new_id: TypeId, usage: Usage) {
        let old_side: &Side = self.old;
        let new_side: &Side = self.new;
        let (old, new) = (&old_side.api.types[old_id.0], &new_side.api.types[new_id.0]);
        let subject = msg!("type ", code(new.name.rust.clone()));
        let origins = (old.origin.clone(), new.origin.clone());
        if old.name.rust != new.name.rust {
            self.push(
                Kind::TypeRenamed,
                subject.clone(),
                msg!(
                    "renamed ",
                    code(old.name.rust.clone()),
                    " → ",
                    code(new.name.rust.clone())
                ),
                wire_ok(msg!("type names are not on the wire")),
                rust_breaks(msg!("the type ", code(old.name.rust.clone()), " is gone")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                Kind::SchemaDeprecated,
                subject.clone(),
                msg!("marked deprecated"),
                wire_ok(msg!("it is still accepted and sent")),
                rust_same(msg!("the type is unchanged")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        match (&old.kind, &new.kind) {
            (
                TypeKind::Struct {
                    fields: old_fields,
                    additional: old_additional,
                    multipart: old_multipart,
                },
                TypeKind::Struct {
                    fields: new_fields,
                    additional: new_additional,
                    multipart: new_multipart,
                },
            ) if old_multipart == new_multipart => {
                self.struct_pair(
                    (old, new),
                    (old_fields, new_fields),
                    (old_additional.as_ref(), new_additional.as_ref()),
                    usage,
                );
            }
            (TypeKind::StringEnum { variants: a }, TypeKind::StringEnum { variants: b }) => {
                let a: Vec<(String, String)> = a
                    .iter()
                    .map(|v| (v.original.clone(), v.rust.clone()))
                    .collect();
                let b: Vec<(String, String)> = b
                    .iter()
                    .map(|v| (v.original.clone(), v.rust.clone()))
                    .collect();
                self.enum_pair((old, new), &a, &b, usage);
            }
            (TypeKind::IntegerEnum { variants: a }, TypeKind::IntegerEnum { variants: b }) => {
                let a: Vec<(String, String)> = a
                    .iter()
                    .map(|(rust, value)| (value.to_string(), rust.clone()))
                    .collect();
                let b: Vec<(String, String)> = b
                    .iter()
                    .map(|(rust, value)| (value.to_string(), rust.clone()))
                    .collect();
                self.enum_pair((old, new), &a, &b, usage);
            }
            (
                TypeKind::Union {
                    tag: old_tag,
                    variants: old_variants,
                },
                TypeKind::Union {
                    tag: new_tag,
                    variants: new_variants,
                },
            ) => self.union_pair(
                (old, new),
                (old_tag, new_tag),
                (old_variants, new_variants),
                usage,
            ),
            (TypeKind::Alias(a), TypeKind::Alias(b)) => {
                if !shape_eq(self.old, a, self.new, b) {
                    self.type_change(
                        Kind::AliasTargetChanged,
                        &subject,
                        (a, b),
                        (&origins.0, &origins.1),
                        usage,
                        msg!(
                            "the alias ",
                            code(new.name.rust.clone()),
                            " names ",
                            code(new_side.spell(b)),
                            ", not ",
                            code(old_side.spell(a))
                        ),
                        origins.clone(),
                    );
                }
            }
            (TypeKind::ByStatus { variants: a }, TypeKind::ByStatus { variants: b }) => {
                self.by_status_pair((old, new), a, b);
            }
            (old_kind, new_kind) => {
                let same_values = accepts(
                    new_side,
                    &TypeRef::Named(new_id),
                    old_side,
                    &TypeRef::Named(old_id),
                    Reader::Server,
                );
                self.push(
                    Kind::TypeKindChanged,
                    subject.clone(),
                    msg!("was ", kind_word(old_kind), ", is ", kind_word(new_kind)),
                    by_usage(
                        usage,
                        (!same_values, msg!("its values are written another way")),
                        (!same_values, msg!("its values are written another way")),
                    ),
                    rust_breaks(msg!(
                        "code that builds, reads or matches the old shape no longer compiles"
                    )),
                    origins.0.clone(),
                    origins.1.clone(),
                );
            }
        }
        self.raw_type_schema(&subject, &origins.0, &origins.1, usage);
    }

    fn struct_pair(
        &mut self,
        (old, new): (&TypeDef, &TypeDef),
        (old_fields, new_fields): (&[Field], &[Field]),
        (old_additional, new_additional): (Option<&TypeRef>, Option<&TypeRef>),
        usage: Usage,
    ) {
        let old_side: &Side = self.old;
        let new_side: &Side = self.new;
        let type_name = new.name.rust.clone();
        let property = |name: &str| {
            msg!(
                "type ",
                code(type_name.clone()),
                " › property ",
                code(name.to_string())
            )
        };
        for old_field in old_fields {
            match new_fields
                .iter()
                .find(|f| f.name.original == old_field.name.original)
            {
                Some(new_field) if unchanged(old_side, old_field, new_side, new_field) => {}
                Some(new_field) => self.field_pair(&type_name, old_field, new_field, usage),
                None => {
                    let closed = new_side
                        .raw(&new.origin)
                        .and_then(|schema| schema.get("additionalProperties"))
                        == Some(&serde_json::Value::Bool(false));
                    let request = if closed {
                        (
                            true,
                            msg!(
                                "the new schema refuses properties it does not list, and old clients send it"
                            ),
                        )
                    } else {
                        (
                            false,
                            msg!(
                                "the server no longer reads it; old clients that send it are not refused for it"
                            ),
                        )
                    };
                    let response = if old_field.optional() {
                        (false, msg!("old clients read it as an `Option`"))
                    } else {
                        (true, msg!("old clients require it"))
                    };
                    self.push(
                        Kind::PropertyRemoved,
                        property(&old_field.name.original),
                        msg!("removed"),
                        by_usage(usage, request, response),
                        rust_breaks(msg!(
                            "the field ",
                            code(format!("{}::{}", old.name.rust, old_field.name.rust)),
                            " is gone"
                        )),
                        old_field.origin.clone(),
                        new.origin.clone(),
                    );
                }
            }
        }
        for new_field in new_fields {
            if old_fields
                .iter()
                .any(|f| f.name.original == new_field.name.original)
            {
                continue;
            }
            let ty = field_type(new_side, new_field);
            let (kind, message) = if new_field.required {
                (
                    Kind::PropertyAddedRequired,
                    msg!("added, required: ", code(ty)),
                )
            } else {
                (
                    Kind::PropertyAddedOptional,
                    msg!("added, optional: ", code(ty)),
                )
            };
            let wire = by_usage(
                usage,
                if new_field.required {
                    (true, msg!("clients built on the old spec do not send it"))
                } else {
                    (false, msg!("clients may leave it out"))
                },
                (false, msg!("old clients skip properties they do not know")),
            );
            let rust = if new_field.optional() {
                rust_adds(msg!(
                    "a new `Option` field: the struct is `#[non_exhaustive]` and ",
                    code(format!("{type_name}::new")),
                    " is unchanged"
                ))
            } else {
                rust_breaks(msg!(
                    code(format!("{type_name}::new")),
                    " takes a new argument"
                ))
            };
            self.push(
                kind,
                property(&new_field.name.original),
                message,
                wire,
                rust,
                old.origin.clone(),
                new_field.origin.clone(),
            );
        }
        match (old_additional, new_additional) {
            (None, None) => {}
            (None, Some(ty)) => self.push(
                Kind::AdditionalPropertiesAdded,
                msg!("type ", code(type_name.clone())),
                msg!(
                    "keeps undeclared properties of type ",
                    code(new_side.spell(ty))
                ),
                wire_ok(msg!("it accepts more than before")),
                rust_adds(msg!(
                    "a new field ",
                    code("additional_properties"),
                    "; ",
                    code(format!("{type_name}::new")),
                    " fills it"
                )),
                old.origin.clone(),
                new.origin.clone(),
            ),
            (Some(_), None) => self.push(
                Kind::AdditionalPropertiesRemoved,
                msg!("type ", code(type_name.clone())),
                msg!("no longer keeps undeclared properties"),
                by_usage(
                    usage,
                    (
                        true,
                        msg!(
                            "clients built on the old spec may send properties it no longer allows"
                        ),
                    ),
                    (false, msg!("old clients keep what they get in a map")),
                ),
                rust_breaks(msg!(
                    "the field ",
                    code(format!("{}::additional_properties", old.name.rust)),
                    " is gone"
                )),
                old.origin.clone(),
                new.origin.clone(),
            ),
            (Some(a), Some(b)) => {
                if !shape_eq(self.old, a, self.new, b) {
                    let origins = (
                        old.origin.child("additionalProperties"),
                        new.origin.child("additionalProperties"),
                    );
                    self.type_change(
                        Kind::PropertyTypeChanged,
                        &msg!("type ", code(type_name.clone()), " › additional properties"),
                        (a, b),
                        (&origins.0, &origins.1),
                        usage,
                        msg!(
                            "the field ",
                            code(format!("{type_name}::additional_properties")),
                            " changes type"
                        ),
                        (old.origin.clone(), new.origin.clone()),
                    );
                }
            }
        }
        let old_args = constructor_args(old_side, old_fields);
        let new_args = constructor_args(new_side, new_fields);
        if let Some((message, rust)) = reordered(&format!("{type_name}::new"), &old_args, &new_args)
        {
            self.push(
                Kind::ConstructorReordered,
                msg!("type ", code(type_name.clone())),
                message,
                wire_ok(msg!("the order of properties is not on the wire")),
                rust,
                old.origin.clone(),
                new.origin.clone(),
            );
        }
    }

    fn field_pair(&mut self, type_name: &str, old: &Field, new: &Field, usage: Usage) {
        let old_side: &Side = self.old;
        let new_side: &Side = self.new;
        let subject = msg!(
            "type ",
            code(type_name.to_string()),
            " › property ",
            code(new.name.original.clone())
        );
        let origins = (old.origin.clone(), new.origin.clone());
        let (old_ty, new_ty) = (field_type(old_side, old), field_type(new_side, new));
        let field = code(format!("{type_name}::{}", new.name.rust));
        if old.name.rust != new.name.rust {
            self.push(
                Kind::PropertyRenamed,
                subject.clone(),
                msg!(
                    "Rust name ",
                    code(old.name.rust.clone()),
                    " → ",
                    code(new.name.rust.clone())
                ),
                wire_ok(msg!("the wire name is the same")),
                rust_breaks(msg!(
                    "the field ",
                    code(format!("{type_name}::{}", old.name.rust)),
                    " is gone"
                )),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        // Whether the Rust field (its `Option`, `Box`, `Nullable`) or `new` changes.
        let rust_shape_changed = old.optional() != new.optional()
            || old.explicit_null != new.explicit_null
            || old.boxed != new.boxed;
        let rust = || {
            if rust_shape_changed {
                rust_breaks(
                    msg!(
                        "the field is ",
                        code(new_ty.clone()),
                        ", not ",
                        code(old_ty.clone())
                    )
                    .then(if old.optional() != new.optional() {
                        msg!(
                            ", and ",
                            code(format!("{type_name}::new")),
                            " takes other arguments"
                        )
                    } else {
                        msg!()
                    }),
                )
            } else {
                rust_same(msg!("the field stays ", code(new_ty.clone())))
            }
        };
        if old.required != new.required {
            let (kind, message, wire) = if new.required {
                (
                    Kind::PropertyBecameRequired,
                    msg!("now required"),
                    by_usage(
                        usage,
                        (true, msg!("clients built on the old spec may leave it out")),
                        (false, msg!("old clients read it whether or not it is sent")),
                    ),
                )
            } else {
                (
                    Kind::PropertyBecameOptional,
                    msg!("now optional"),
                    by_usage(
                        usage,
                        (false, msg!("clients that send it still may")),
                        if old.optional() {
                            (false, msg!("old clients read it as an `Option`"))
                        } else {
                            (true, msg!("old clients require it"))
                        },
                    ),
                )
            };
            self.push(
                kind,
                subject.clone(),
                message,
                wire,
                rust(),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        if old.nullable != new.nullable {
            let (kind, message, wire) = if new.nullable {
                (
                    Kind::PropertyBecameNullable,
                    msg!("may now be `null`"),
                    by_usage(
                        usage,
                        (false, msg!("old clients never send `null`")),
                        if old.optional() {
                            (false, msg!("old clients read `null` as `None`"))
                        } else {
                            (true, msg!("old clients cannot read `null`"))
                        },
                    ),
                )
            } else {
                let sent_null = old.explicit_null || (old.required && old.nullable);
                (
                    Kind::PropertyBecameNonNullable,
                    msg!("may no longer be `null`"),
                    by_usage(
                        usage,
                        if sent_null {
                            (true, msg!("clients built on the old spec may send `null`"))
                        } else {
                            (false, msg!("old clients never send `null`"))
                        },
                        (false, msg!("old clients read values as before")),
                    ),
                )
            };
            self.push(
                kind,
                subject.clone(),
                message,
                wire,
                rust(),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        let type_changed = !shape_eq(old_side, &old.ty, new_side, &new.ty);
        if type_changed {
            self.type_change(
                Kind::PropertyTypeChanged,
                &subject,
                (&old.ty, &new.ty),
                (&origins.0, &origins.1),
                usage,
                msg!(
                    "the field ",
                    field.clone(),
                    " is ",
                    code(new_ty.clone()),
                    ", not ",
                    code(old_ty.clone())
                ),
                origins.clone(),
            );
        } else if old.required == new.required
            && old.nullable == new.nullable
            && old_ty != new_ty
            && rust_shape_changed
        {
            // Same schema, another Rust type: boxing (a new cycle) or `Nullable` (the type
            // is now used in a request body).
            self.push(
                Kind::PropertyTypeChanged,
                subject.clone(),
                msg!(
                    "Rust type ",
                    code(old_ty.clone()),
                    " → ",
                    code(new_ty.clone())
                ),
                wire_ok(msg!("the schema is the same")),
                rust(),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                Kind::PropertyDeprecated,
                subject.clone(),
                msg!("marked deprecated"),
                wire_ok(msg!("it is still accepted and sent")),
                rust_same(msg!("the field is unchanged")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        self.raw_schema(&subject, &origins.0, &origins.1, usage, type_changed);
    }

    /// Values are `(wire value, Rust variant)`.
    fn enum_pair(
        &mut self,
        (old, new): (&TypeDef, &TypeDef),
        old_values: &[(String, String)],
        new_values: &[(String, String)],
        usage: Usage,
    ) {
        let subject = msg!("type ", code(new.name.rust.clone()));
        let origins = (old.origin.clone(), new.origin.clone());
        let enum_origin = |origin: &crate::diag::Origin| origin.child("enum");
        for (value, rust) in old_values {
            match new_values.iter().find(|(v, _)| v == value) {
                None => self.push(
                    Kind::EnumValueRemoved,
                    subject.clone(),
                    msg!("value ", code(value.clone()), " removed"),
                    by_usage(
                        usage,
                        (true, msg!("clients built on the old spec may send it")),
                        (false, msg!("old clients just never receive it")),
                    ),
                    rust_breaks(msg!(
                        "the variant ",
                        code(format!("{}::{rust}", old.name.rust)),
                        " is gone"
                    )),
                    enum_origin(&origins.0),
                    enum_origin(&origins.1),
                ),
                Some((_, new_rust)) if new_rust != rust => self.push(
                    Kind::EnumVariantRenamed,
                    subject.clone(),
                    msg!(
                        "value ",
                        code(value.clone()),
                        ": variant ",
                        code(rust.clone()),
                        " → ",
                        code(new_rust.clone())
                    ),
                    wire_ok(msg!("the wire value is the same")),
                    match new_values.iter().find(|(_, r)| r == rust) {
                        // Another value took the name: old code compiles and means it.
                        Some((other, _)) => rust_breaks(msg!(
                            "the variant ",
                            code(format!("{}::{rust}", old.name.rust)),
                            " now stands for ",
                            code(other.clone()),
                            ": old code compiles and means the other value"
                        )),
                        None => rust_breaks(msg!(
                            "the variant ",
                            code(format!("{}::{rust}", old.name.rust)),
                            " is gone"
                        )),
                    },
                    enum_origin(&origins.0),
                    enum_origin(&origins.1),
                ),
                Some(_) => {}
            }
        }
        for (value, rust) in new_values {
            if old_values.iter().any(|(v, _)| v == value) {
                continue;
            }
            self.push(
                Kind::EnumValueAdded,
                subject.clone(),
                msg!("value ", code(value.clone()), " added"),
                by_usage(
                    usage,
                    (false, msg!("old clients never send it")),
                    (
                        false,
                        msg!("the enum is open: old clients decode it as `Unknown`"),
                    ),
                ),
                rust_adds(msg!(
                    "a new variant ",
                    code(format!("{}::{rust}", new.name.rust)),
                    ": the enum is `#[non_exhaustive]`"
                )),
                enum_origin(&origins.0),
                enum_origin(&origins.1),
            );
        }
    }

    fn union_pair(
        &mut self,
        (old, new): (&TypeDef, &TypeDef),
        (old_tag, new_tag): (&Option<String>, &Option<String>),
        (old_variants, new_variants): (&[Variant], &[Variant]),
        usage: Usage,
    ) {
        let old_side: &Side = self.old;
        let new_side: &Side = self.new;
        let subject = msg!("type ", code(new.name.rust.clone()));
        let origins = (old.origin.clone(), new.origin.clone());
        if old_tag != new_tag {
            let show = |tag: &Option<String>| tag.clone().unwrap_or_else(|| "none".to_string());
            let rust = if old_tag.is_some() && new_tag.is_none() {
                rust_breaks(msg!(
                    "the variant ",
                    code(format!("{}::Unknown", old.name.rust)),
                    " of tagged unions is gone"
                ))
            } else {
                rust_same(msg!("the variants keep their payloads"))
            };
            self.push(
                Kind::DiscriminatorChanged,
                subject.clone(),
                msg!(
                    "discriminator ",
                    code(show(old_tag)),
                    " → ",
                    code(show(new_tag))
                ),
                by_usage(
                    usage,
                    (true, msg!("values are told apart another way")),
                    (true, msg!("values are told apart another way")),
                ),
                rust,
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        let tagged = old_tag.is_some() && new_tag.is_some();
        let open = new_tag.is_some();
        let variant_name = |type_def: &TypeDef, variant: &Variant| {
            format!("{}::{}", type_def.name.rust, variant.name.rust)
        };
        for old_variant in old_variants {
            match matching_variant(old_variant, new_variants, tagged) {
                None => self.push(
                    Kind::UnionVariantRemoved,
                    subject.clone(),
                    msg!(
                        "alternative ",
                        code(old_variant.name.original.clone()),
                        " removed"
                    ),
                    by_usage(
                        usage,
                        (true, msg!("clients built on the old spec may send it")),
                        (false, msg!("old clients just never receive it")),
                    ),
                    rust_breaks(msg!(
                        "the variant ",
                        code(variant_name(old, old_variant)),
                        " is gone"
                    )),
                    origins.0.clone(),
                    origins.1.clone(),
                ),
                Some(new_variant) => {
                    if new_variant.name.rust != old_variant.name.rust {
                        self.push(
                            Kind::UnionVariantRenamed,
                            subject.clone(),
                            msg!(
                                "alternative ",
                                code(old_variant.name.original.clone()),
                                ": variant ",
                                code(old_variant.name.rust.clone()),
                                " → ",
                                code(new_variant.name.rust.clone())
                            ),
                            wire_ok(msg!("the wire value is the same")),
                            rust_breaks(msg!(
                                "the variant ",
                                code(variant_name(old, old_variant)),
                                " is gone"
                            )),
                            origins.0.clone(),
                            origins.1.clone(),
                        );
                    }
                    if !shape_eq(old_side, &old_variant.ty, new_side, &new_variant.ty)
                        || old_variant.boxed != new_variant.boxed
                    {
                        let (old_ty, new_ty) = (
                            old_side.spell(&old_variant.ty),
                            new_side.spell(&new_variant.ty),
                        );
                        let sent = accepts(
                            new_side,
                            &new_variant.ty,
                            old_side,
                            &old_variant.ty,
                            Reader::Server,
                        );
                        let read = accepts(
                            old_side,
                            &old_variant.ty,
                            new_side,
                            &new_variant.ty,
                            Reader::Sdk,
                        );
                        self.push(
                            Kind::UnionVariantTypeChanged,
                            subject.clone(),
                            msg!(
                                "alternative ",
                                code(new_variant.name.original.clone()),
                                ": ",
                                code(old_ty.clone()),
                                " → ",
                                code(new_ty.clone())
                            ),
                            by_usage(
                                usage,
                                (
                                    !sent,
                                    msg!(
                                        "clients built on the old spec send values of the old type"
                                    ),
                                ),
                                (
                                    !read,
                                    msg!("old clients decode the new payload as the old type"),
                                ),
                            ),
                            rust_breaks(msg!(
                                "the variant ",
                                code(variant_name(new, new_variant)),
                                " holds ",
                                code(new_ty),
                                ", not ",
                                code(old_ty)
                            )),
                            origins.0.clone(),
                            origins.1.clone(),
                        );
                    }
                }
            }
        }
        for new_variant in new_variants {
            if matching_variant(new_variant, old_variants, tagged).is_some() {
                continue;
            }
            let response = if open {
                (
                    false,
                    msg!("the union is tagged: old clients decode an unknown tag as `Unknown`"),
                )
            } else {
                (
                    true,
                    msg!("the union is untagged: old clients cannot decode the new alternative"),
                )
            };
            self.push(
                Kind::UnionVariantAdded,
                subject.clone(),
                msg!(
                    "alternative ",
                    code(new_variant.name.original.clone()),
                    " added"
                ),
                by_usage(usage, (false, msg!("old clients never send it")), response),
                rust_adds(msg!(
                    "a new variant ",
                    code(variant_name(new, new_variant)),
                    ": the enum is `#[non_exhaustive]`"
                )),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
    }

    fn by_status_pair(
        &mut self,
        (old, new): (&TypeDef, &TypeDef),
        old_variants: &[StatusVariant],
        new_variants: &[StatusVariant],
    ) {
        let old_side: &Side = self.old;
        let new_side: &Side = self.new;
        let subject = msg!("type ", code(new.name.rust.clone()));
        let origins = (old.origin.clone(), new.origin.clone());
        let payload = |side: &Side, variant: &StatusVariant| {
            variant
                .ty
                .as_ref()
                .map_or_else(|| "()".to_string(), |ty| side.spell(ty))
        };
        for old_variant in old_variants {
            match new_variants.iter().find(|v| v.status == old_variant.status) {
                None => self.push(
                    Kind::SuccessStatusRemoved,
                    subject.clone(),
                    msg!("status ", code(old_variant.status.clone()), " removed"),
                    wire_ok(msg!("old clients just never receive it")),
                    rust_breaks(msg!(
                        "the variant ",
                        code(format!("{}::{}", old.name.rust, old_variant.name)),
                        " is gone"
                    )),
                    origins.0.clone(),
                    origins.1.clone(),
                ),
                Some(new_variant) => {
                    let same = match (&old_variant.ty, &new_variant.ty) {
                        (Some(a), Some(b)) => shape_eq(old_side, a, new_side, b),
                        (None, None) => true,
                        _ => false,
                    } && old_variant.boxed == new_variant.boxed;
                    if !same {
                        let read = match (&old_variant.ty, &new_variant.ty) {
                            (Some(a), Some(b)) => accepts(old_side, a, new_side, b, Reader::Sdk),
                            (None, _) => true,
                            (Some(_), None) => false,
                        };
                        self.push(
                            Kind::ResponseTypeChanged,
                            subject
                                .clone()
                                .then(msg!(" › status ", code(new_variant.status.clone()))),
                            msg!(
                                "type ",
                                code(payload(old_side, old_variant)),
                                " → ",
                                code(payload(new_side, new_variant))
                            ),
                            if read {
                                wire_ok(msg!("old clients decode every value of the new type"))
                            } else {
                                wire_breaks(msg!(
                                    "old clients cannot decode every value of the new type"
                                ))
                            },
                            rust_breaks(msg!("the variant holds another type")),
                            origins.0.clone(),
                            origins.1.clone(),
                        );
                    }
                }
            }
        }
        for new_variant in new_variants {
            if old_variants.iter().any(|v| v.status == new_variant.status) {
                continue;
            }
            self.push(
                Kind::SuccessStatusAdded,
                subject.clone(),
                msg!(
                    "status ",
                    code(new_variant.status.clone()),
                    " added: ",
                    code(payload(new_side, new_variant))
                ),
                wire_breaks(msg!(
                    "old clients decode its body as their first success status"
                )),
                rust_adds(msg!("a new variant: the enum is `#[non_exhaustive]`")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
    }
}
