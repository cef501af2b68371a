//! Operations: what is called, with which parameters and body, and what comes back.

use super::super::Kind;
use super::super::message::{Message, code, msg};
use super::super::side::Side;
use super::rules::{
    Reader, Usage, accepts, by_usage, rust_adds, rust_breaks, rust_same, wire_breaks, wire_ok,
};
use super::{Comparer, OperationRef};
use crate::diag::Origin;
use crate::ir::{Auth, Operation, Param, ParamLocation, ResponseBody, TypeId, TypeRef};

/// The type of a success body that holds named types, for pairing.
pub(super) fn response_ref(body: &ResponseBody) -> Option<TypeRef> {
    match body {
        ResponseBody::Json(ty) => Some(ty.clone()),
        ResponseBody::ByStatus(id) => Some(TypeRef::Named(*id)),
        _ => None,
    }
}

/// The parameter of `other` that `param` (of `operation`) is: same location and wire
/// name (headers case-insensitively), or the path parameter at the same place.
pub(super) fn matching_param<'o>(
    operation: &Operation,
    param: &Param,
    other: &'o Operation,
) -> Option<&'o Param> {
    let same_name = |p: &&Param| {
        p.location == param.location
            && if param.location == ParamLocation::Header {
                p.name.original.eq_ignore_ascii_case(&param.name.original)
            } else {
                p.name.original == param.name.original
            }
    };
    if let Some(found) = other.params.iter().find(same_name) {
        return Some(found);
    }
    if param.location != ParamLocation::Path {
        return None;
    }
    let position = path_position(operation, &param.name.original)?;
    other.params.iter().find(|p| {
        p.location == ParamLocation::Path
            && path_position(other, &p.name.original) == Some(position)
            // Not a parameter that keeps its own name on the other side.
            && !operation.params.iter().any(|q| q.location == ParamLocation::Path && q.name.original == p.name.original)
    })
}

fn path_position(operation: &Operation, name: &str) -> Option<usize> {
    operation
        .path
        .parts
        .iter()
        .filter_map(|part| match part {
            crate::ir::PathPart::Param(param) => Some(param),
            crate::ir::PathPart::Literal(_) => None,
        })
        .position(|param| param == name)
}

/// Whether two types have the same shape, two named types counting as the same when they
/// are the same type (see [`same_type`]; their pair is compared on its own).
pub(crate) fn shape_eq(old_side: &Side, old: &TypeRef, new_side: &Side, new: &TypeRef) -> bool {
    match (old, new) {
        (TypeRef::Named(a), TypeRef::Named(b)) => same_type(old_side, *a, new_side, *b),
        (TypeRef::List(a), TypeRef::List(b))
        | (TypeRef::Map(a), TypeRef::Map(b))
        | (TypeRef::Nullable(a), TypeRef::Nullable(b)) => shape_eq(old_side, a, new_side, b),
        (TypeRef::Tuple(a), TypeRef::Tuple(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(a, b)| shape_eq(old_side, a, new_side, b))
        }
        (a, b) => a == b,
    }
}

/// Whether two named types at the same place are one type, perhaps renamed: the same
/// Rust name, or a name each side does not have (a type that took another existing
/// type's place is another type, not a rename).
pub(crate) fn same_type(a_side: &Side, a: TypeId, b_side: &Side, b: TypeId) -> bool {
    let (a_name, b_name) = (
        &a_side.api.types[a.0].name.rust,
        &b_side.api.types[b.0].name.rust,
    );
    a_name == b_name || (!b_side.has_type(a_name) && !a_side.has_type(b_name))
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => " › path parameter ",
        ParamLocation::Query => " › query parameter ",
        ParamLocation::Header => " › header ",
        ParamLocation::Cookie => " › cookie ",
    }
}

fn auth_text(auth: &Option<Auth>) -> Message {
    match auth {
        None => msg!("no credentials"),
        Some(Auth::Bearer) => msg!("a bearer token"),
        Some(Auth::Basic) => msg!("basic authentication"),
        Some(Auth::Header(name)) => msg!("an API key in header ", code(name.clone())),
        Some(Auth::Query(name)) => msg!("an API key in query parameter ", code(name.clone())),
    }
}

/// `format` of a parameter's or property's schema, from the raw spec.
fn format_of(side: &super::Side, origin: &Origin) -> Option<String> {
    side.inline_schema(origin)
        .and_then(|(_, value)| value.get("format"))
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
}

/// The `new` arguments of a parameters struct: (field, type) of the required members.
fn constructor_args(side: &super::Side, operation: &Operation) -> Vec<(String, String)> {
    (operation.params.iter())
        .filter(|p| p.required)
        .map(|p| (p.name.rust.clone(), side.spell(&p.ty)))
        .chain(
            (operation.body.iter())
                .filter(|b| b.required)
                .map(|b| ("body".to_string(), side.spell(&b.ty))),
        )
        .collect()
}

/// An operation only in the old spec.
pub(super) fn removed(comparer: &mut Comparer<'_>, op: &OperationRef<'_>) {
    let new_origin = comparer.new.nearest(&Origin::new(
        comparer.new.root().file,
        op.operation.origin.pointer.clone(),
    ));
    comparer.push(
        Kind::OperationRemoved,
        op.title(),
        msg!("removed (it was ", code(op.call()), ")"),
        wire_breaks(msg!("clients that call it get an error")),
        rust_breaks(msg!("the method ", code(op.call()), " is gone")),
        op.operation.origin.clone(),
        new_origin,
    );
}

/// An operation only in the new spec.
pub(super) fn added(comparer: &mut Comparer<'_>, op: &OperationRef<'_>) {
    let old_origin = comparer.old.nearest(&Origin::new(
        comparer.old.root().file,
        op.operation.origin.pointer.clone(),
    ));
    comparer.push(
        Kind::OperationAdded,
        op.title(),
        msg!("added as ", code(op.call())),
        wire_ok(msg!("existing clients do not call it")),
        rust_adds(msg!("a new method")),
        old_origin,
        op.operation.origin.clone(),
    );
}

impl Comparer<'_> {
    /// Everything that differs in one operation.
    pub(super) fn operation_pair(&mut self, (old, new): &(OperationRef<'_>, OperationRef<'_>)) {
        let (old_op, new_op) = (old.operation, new.operation);
        let subject = new.title();
        let origins = (old_op.origin.clone(), new_op.origin.clone());
        if old_op.docs.deprecated != new_op.docs.deprecated {
            let (kind, message) = if new_op.docs.deprecated {
                (Kind::OperationDeprecated, msg!("marked deprecated"))
            } else {
                (Kind::OperationUndeprecated, msg!("no longer deprecated"))
            };
            self.push(
                kind,
                subject.clone(),
                message,
                wire_ok(msg!("the operation is still served")),
                rust_same(msg!(
                    "`#[deprecated]` on the method gives a warning, not an error"
                )),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        let old_group = old.group.map(|g| g.name.rust.as_str());
        let new_group = new.group.map(|g| g.name.rust.as_str());
        if old_group != new_group {
            self.push(
                Kind::OperationMoved,
                subject.clone(),
                msg!("moved: ", code(old.call()), " → ", code(new.call())),
                wire_ok(msg!("the HTTP call is the same")),
                self.method_gone(old),
                origins.0.clone(),
                origins.1.clone(),
            );
        } else if old_op.name.rust != new_op.name.rust {
            let cause = if old_op.name.original != new_op.name.original {
                msg!(
                    " (`operationId` ",
                    code(old_op.name.original.clone()),
                    " → ",
                    code(new_op.name.original.clone()),
                    ")"
                )
            } else {
                msg!(" (`x-rust-name`)")
            };
            self.push(
                Kind::OperationRenamed,
                subject.clone(),
                msg!("renamed: ", code(old.call()), " → ", code(new.call())).then(cause),
                wire_ok(msg!("the HTTP call is the same")),
                self.method_gone(old),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        self.params_argument(old, new, &subject, &origins);
        self.params(old, new, &subject);
        self.body(old_op, new_op, &subject);
        self.success(old_op, new_op, &subject);
        self.errors(old_op, new_op, &subject);
        self.security(old_op, new_op, &subject, &origins);
        self.pagination(old, new, &subject, &origins);
        self.wait(old, new, &subject, &origins);
    }

    /// The Rust verdict for an old method that no longer calls its operation: gone, or
    /// taken by another operation.
    fn method_gone(&self, old: &OperationRef<'_>) -> super::rules::Rust {
        let call = old.call();
        let taken = (self.new.api.operations_with_groups())
            .map(|(group, operation)| OperationRef { group, operation })
            .find(|op| op.call() == call);
        match taken {
            Some(other) => {
                rust_breaks(msg!("the method ", code(call), " now calls ").then(other.title()))
            }
            None => rust_breaks(msg!("the method ", code(call), " is gone")),
        }
    }

    fn params_argument(
        &mut self,
        old: &OperationRef<'_>,
        new: &OperationRef<'_>,
        subject: &Message,
        origins: &(Origin, Origin),
    ) {
        let (old_op, new_op) = (old.operation, new.operation);
        match (&old_op.params_type, &new_op.params_type) {
            (None, Some(params)) => self.push(
                Kind::ParamsArgumentAdded,
                subject.clone(),
                msg!(
                    code(new.call()),
                    " now takes a ",
                    code(params.clone()),
                    " argument"
                ),
                wire_ok(msg!("the parameters are compared one by one")),
                rust_breaks(msg!("calls without an argument no longer compile")),
                origins.0.clone(),
                origins.1.clone(),
            ),
            (Some(params), None) => self.push(
                Kind::ParamsArgumentRemoved,
                subject.clone(),
                msg!(
                    code(new.call()),
                    " no longer takes a ",
                    code(params.clone()),
                    " argument"
                ),
                wire_ok(msg!("the parameters are compared one by one")),
                rust_breaks(msg!(
                    "calls with an argument and the type ",
                    code(params.clone()),
                    " are gone"
                )),
                origins.0.clone(),
                origins.1.clone(),
            ),
            (Some(old_params), Some(new_params)) => {
                if old_params != new_params {
                    self.push(
                        Kind::ParamsTypeRenamed,
                        subject.clone(),
                        msg!(
                            "parameters type renamed: ",
                            code(old_params.clone()),
                            " → ",
                            code(new_params.clone())
                        ),
                        wire_ok(msg!("names are not on the wire")),
                        rust_breaks(msg!("the type ", code(old_params.clone()), " is gone")),
                        origins.0.clone(),
                        origins.1.clone(),
                    );
                }
                let old_args = constructor_args(self.old, old_op);
                let new_args = constructor_args(self.new, new_op);
                let constructor = format!("{new_params}::new");
                if let Some((message, rust)) =
                    super::types::reordered(&constructor, &old_args, &new_args)
                {
                    self.push(
                        Kind::ConstructorReordered,
                        subject.clone(),
                        message,
                        wire_ok(msg!("the order of parameters is not on the wire")),
                        rust,
                        origins.0.clone(),
                        origins.1.clone(),
                    );
                }
            }
            (None, None) => {}
        }
    }

    fn params(&mut self, old: &OperationRef<'_>, new: &OperationRef<'_>, title: &Message) {
        let (old_op, new_op) = (old.operation, new.operation);
        let params_type = new_op
            .params_type
            .clone()
            .or_else(|| old_op.params_type.clone())
            .unwrap_or_default();
        for old_param in &old_op.params {
            let subject = title.clone().then(msg!(
                location_word(old_param.location),
                code(old_param.name.original.clone())
            ));
            match matching_param(old_op, old_param, new_op) {
                Some(new_param) => self.param_pair(old_param, new_param, &params_type, title),
                None => {
                    let new_origin = self.new.nearest(&Origin::new(
                        new_op.origin.file.clone(),
                        new_op.origin.child("parameters").pointer,
                    ));
                    self.push(
                        Kind::ParameterRemoved,
                        subject,
                        msg!("removed"),
                        wire_ok(msg!("the server no longer reads it; clients that still send it are not refused for it")),
                        rust_breaks(msg!("the field ", code(format!("{params_type}::{}", old_param.name.rust)), " is gone")),
                        old_param.origin.clone(),
                        new_origin,
                    );
                }
            }
        }
        for new_param in &new_op.params {
            if matching_param(new_op, new_param, old_op).is_some() {
                continue;
            }
            let subject = title.clone().then(msg!(
                location_word(new_param.location),
                code(new_param.name.original.clone())
            ));
            let old_origin = self.old.nearest(&Origin::new(
                old_op.origin.file.clone(),
                old_op.origin.child("parameters").pointer,
            ));
            let field = code(format!("{params_type}::{}", new_param.name.rust));
            if new_param.required {
                self.push(
                    Kind::ParameterAddedRequired,
                    subject,
                    msg!(
                        "added, required, of type ",
                        code(self.new.spell(&new_param.ty))
                    ),
                    wire_breaks(msg!("clients built on the old spec do not send it")),
                    rust_breaks(msg!(
                        code(format!("{params_type}::new")),
                        " takes a new argument"
                    )),
                    old_origin,
                    new_param.origin.clone(),
                );
            } else {
                self.push(
                    Kind::ParameterAddedOptional,
                    subject,
                    msg!(
                        "added, optional, of type ",
                        code(self.new.spell(&new_param.ty))
                    ),
                    wire_ok(msg!("clients may leave it out")),
                    rust_adds(msg!("a new field and setter ").then(msg!(field)).then(msg!(
                        "; ",
                        code(format!("{params_type}::new")),
                        " is unchanged"
                    ))),
                    old_origin,
                    new_param.origin.clone(),
                );
            }
        }
    }

    fn param_pair(&mut self, old: &Param, new: &Param, params_type: &str, title: &Message) {
        let subject = title.clone().then(msg!(
            location_word(new.location),
            code(new.name.original.clone())
        ));
        let origins = (old.origin.clone(), new.origin.clone());
        let old_field = format!("{params_type}::{}", old.name.rust);
        let new_field = format!("{params_type}::{}", new.name.rust);
        if old.name.original != new.name.original {
            let rust = if old.name.rust != new.name.rust {
                rust_breaks(msg!(
                    "the field ",
                    code(old_field.clone()),
                    " is now ",
                    code(new_field.clone())
                ))
            } else {
                rust_same(msg!("the Rust field keeps its name"))
            };
            self.push(
                Kind::PathParameterRenamed,
                subject.clone(),
                msg!(
                    "renamed ",
                    code(old.name.original.clone()),
                    " → ",
                    code(new.name.original.clone())
                ),
                wire_ok(msg!("path parameter names are not on the wire")),
                rust,
                origins.0.clone(),
                origins.1.clone(),
            );
        } else if old.name.rust != new.name.rust {
            self.push(
                Kind::ParameterRenamed,
                subject.clone(),
                msg!(
                    "Rust name ",
                    code(old.name.rust.clone()),
                    " → ",
                    code(new.name.rust.clone())
                ),
                wire_ok(msg!("the wire name is the same")),
                rust_breaks(msg!("the field ", code(old_field.clone()), " is gone")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        if old.required != new.required {
            let (old_ty, new_ty) = (self.old.spell(&old.ty), self.new.spell(&new.ty));
            if new.required {
                self.push(
                    Kind::ParameterBecameRequired,
                    subject.clone(),
                    msg!("now required"),
                    wire_breaks(msg!("clients built on the old spec may leave it out")),
                    rust_breaks(msg!(
                        code(format!("{params_type}::new")),
                        " takes it as an argument, and the field is ",
                        code(new_ty),
                        ", not ",
                        code(format!("Option<{old_ty}>"))
                    )),
                    origins.0.clone(),
                    origins.1.clone(),
                );
            } else {
                self.push(
                    Kind::ParameterBecameOptional,
                    subject.clone(),
                    msg!("now optional"),
                    wire_ok(msg!("clients that send it still may")),
                    rust_breaks(msg!(
                        code(format!("{params_type}::new")),
                        " no longer takes it, and the field is ",
                        code(format!("Option<{new_ty}>")),
                        ", not ",
                        code(old_ty)
                    )),
                    origins.0.clone(),
                    origins.1.clone(),
                );
            }
        }
        let schema = (old.origin.child("schema"), new.origin.child("schema"));
        let type_changed = !shape_eq(self.old, &old.ty, self.new, &new.ty);
        if type_changed {
            self.type_change(
                Kind::ParameterTypeChanged,
                &subject,
                (&old.ty, &new.ty),
                (&schema.0, &schema.1),
                Usage::REQUEST,
                msg!("the field ", code(new_field.clone()), " changes type"),
                (origins.0.clone(), origins.1.clone()),
            );
        }
        if !old.docs.deprecated && new.docs.deprecated {
            self.push(
                Kind::ParameterDeprecated,
                subject.clone(),
                msg!("marked deprecated"),
                wire_ok(msg!("it is still read")),
                rust_same(msg!("the field is unchanged")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        if old.style != new.style {
            self.push(
                Kind::ParameterStyleChanged,
                subject.clone(),
                msg!(
                    "serialized as ",
                    code(format!("{:?}", new.style)),
                    ", was ",
                    code(format!("{:?}", old.style))
                ),
                wire_breaks(msg!("clients built on the old spec write it the old way")),
                rust_same(msg!("the field is unchanged")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        self.raw_schema(&subject, &schema.0, &schema.1, Usage::REQUEST, type_changed);
    }

    /// A type that changed at a use site (not two paired named types): the kind given, or
    /// `format-changed` when the spec's `format` is what changed.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn type_change(
        &mut self,
        kind: Kind,
        subject: &Message,
        (old_ty, new_ty): (&TypeRef, &TypeRef),
        (old_schema, new_schema): (&Origin, &Origin),
        usage: Usage,
        rust_reason: Message,
        origins: (Origin, Origin),
    ) {
        let (old_text, new_text) = (self.old.spell(old_ty), self.new.spell(new_ty));
        let old_format = format_of(self.old, old_schema);
        let new_format = format_of(self.new, new_schema);
        let (kind, message) = if old_format != new_format {
            let show = |format: Option<String>| format.unwrap_or_else(|| "none".to_string());
            (
                Kind::FormatChanged,
                msg!(
                    "`format` ",
                    code(show(old_format)),
                    " → ",
                    code(show(new_format)),
                    ": type ",
                    code(old_text.clone()),
                    " → ",
                    code(new_text.clone())
                ),
            )
        } else {
            (
                kind,
                msg!(
                    "type ",
                    code(old_text.clone()),
                    " → ",
                    code(new_text.clone())
                ),
            )
        };
        let sent = accepts(self.new, new_ty, self.old, old_ty, Reader::Server);
        let read = accepts(self.old, old_ty, self.new, new_ty, Reader::Sdk);
        let wire = by_usage(
            usage,
            if sent {
                (
                    false,
                    msg!("the new type accepts every value of the old one"),
                )
            } else {
                (
                    true,
                    msg!("clients built on the old spec send values the new type does not accept"),
                )
            },
            if read {
                (
                    false,
                    msg!("old clients decode every value of the new type"),
                )
            } else {
                (
                    true,
                    msg!("old clients cannot decode every value of the new type"),
                )
            },
        );
        self.push(
            kind,
            subject.clone(),
            message,
            wire,
            rust_breaks(rust_reason),
            origins.0,
            origins.1,
        );
    }

    fn body(&mut self, old_op: &Operation, new_op: &Operation, title: &Message) {
        let subject = title.clone().then(msg!(" › request body"));
        let params_type = new_op
            .params_type
            .clone()
            .or_else(|| old_op.params_type.clone())
            .unwrap_or_default();
        match (&old_op.body, &new_op.body) {
            (None, None) => {}
            (None, Some(body)) => {
                let old_origin = self.old.nearest(&Origin::new(
                    old_op.origin.file.clone(),
                    body.origin.pointer.clone(),
                ));
                let (wire, rust) = if body.required {
                    (
                        wire_breaks(msg!("clients built on the old spec send no body")),
                        rust_breaks(msg!(
                            code(format!("{params_type}::new")),
                            " takes the body as an argument"
                        )),
                    )
                } else {
                    (
                        wire_ok(msg!("the body is optional")),
                        rust_adds(msg!(
                            "a new field and setter ",
                            code(format!("{params_type}::body"))
                        )),
                    )
                };
                self.push(
                    Kind::RequestBodyAdded,
                    subject,
                    msg!(
                        if body.required {
                            "added, required, "
                        } else {
                            "added, optional, "
                        },
                        code(body.media_type.clone()),
                        " of type ",
                        code(self.new.spell(&body.ty))
                    ),
                    wire,
                    rust,
                    old_origin,
                    body.origin.clone(),
                );
            }
            (Some(body), None) => {
                let new_origin = self.new.nearest(&Origin::new(
                    new_op.origin.file.clone(),
                    body.origin.pointer.clone(),
                ));
                self.push(
                    Kind::RequestBodyRemoved,
                    subject,
                    msg!("removed"),
                    wire_breaks(msg!(
                        "the operation no longer reads the body old clients send"
                    )),
                    rust_breaks(msg!(
                        "the field ",
                        code(format!("{params_type}::body")),
                        " is gone"
                    )),
                    body.origin.clone(),
                    new_origin,
                );
            }
            (Some(old_body), Some(new_body)) => {
                let origins = (old_body.origin.clone(), new_body.origin.clone());
                let (old_ty, new_ty) = (self.old.spell(&old_body.ty), self.new.spell(&new_body.ty));
                if old_body.required != new_body.required {
                    if new_body.required {
                        self.push(
                            Kind::RequestBodyBecameRequired,
                            subject.clone(),
                            msg!("now required"),
                            wire_breaks(msg!("clients built on the old spec may send no body")),
                            rust_breaks(msg!(
                                code(format!("{params_type}::new")),
                                " takes the body as an argument"
                            )),
                            origins.0.clone(),
                            origins.1.clone(),
                        );
                    } else {
                        self.push(
                            Kind::RequestBodyBecameOptional,
                            subject.clone(),
                            msg!("now optional"),
                            wire_ok(msg!("clients that send it still may")),
                            rust_breaks(msg!(
                                code(format!("{params_type}::new")),
                                " no longer takes the body, and the field is ",
                                code(format!("Option<{new_ty}>")),
                                ", not ",
                                code(old_ty.clone())
                            )),
                            origins.0.clone(),
                            origins.1.clone(),
                        );
                    }
                }
                if old_body.media_type != new_body.media_type {
                    self.push(
                        Kind::RequestMediaTypeChanged,
                        subject.clone(),
                        msg!(
                            "sent as ",
                            code(new_body.media_type.clone()),
                            ", was ",
                            code(old_body.media_type.clone())
                        ),
                        wire_breaks(msg!(
                            "clients built on the old spec send ",
                            code(format!("Content-Type: {}", old_body.media_type))
                        )),
                        rust_same(msg!("the body's Rust type is compared on its own")),
                        origins.0.clone(),
                        origins.1.clone(),
                    );
                }
                if !shape_eq(self.old, &old_body.ty, self.new, &new_body.ty) {
                    let schema = (
                        old_body
                            .origin
                            .child("content")
                            .child(&old_body.media_type)
                            .child("schema"),
                        new_body
                            .origin
                            .child("content")
                            .child(&new_body.media_type)
                            .child("schema"),
                    );
                    self.type_change(
                        Kind::RequestBodyTypeChanged,
                        &subject,
                        (&old_body.ty, &new_body.ty),
                        (&schema.0, &schema.1),
                        Usage::REQUEST,
                        msg!(
                            "the field ",
                            code(format!("{params_type}::body")),
                            " changes type"
                        ),
                        origins,
                    );
                }
            }
        }
    }

    /// The Rust type an operation returns.
    fn return_type(side: &super::Side, body: &ResponseBody) -> String {
        match body {
            ResponseBody::Empty => "()".to_string(),
            ResponseBody::Json(ty) => side.spell(ty),
            ResponseBody::ByStatus(id) => side.spell(&TypeRef::Named(*id)),
            ResponseBody::Text => "String".to_string(),
            ResponseBody::Binary => "Vec<u8>".to_string(),
        }
    }

    fn success(&mut self, old_op: &Operation, new_op: &Operation, title: &Message) {
        let subject = title.clone().then(msg!(" › response"));
        let response = |op: &Operation| op.origin.child("responses").child(&op.success.status);
        let origins = (
            self.old.nearest(&response(old_op)),
            self.new.nearest(&response(new_op)),
        );
        let (old_body, new_body) = (&old_op.success.body, &new_op.success.body);
        let by_status = |body: &ResponseBody| matches!(body, ResponseBody::ByStatus(_));
        if old_op.success.status != new_op.success.status
            && !by_status(old_body)
            && !by_status(new_body)
        {
            self.push(
                Kind::SuccessStatusChanged,
                subject.clone(),
                msg!(
                    "status ",
                    code(old_op.success.status.clone()),
                    " → ",
                    code(new_op.success.status.clone())
                ),
                wire_ok(msg!("the SDK reads every 2xx status the same way")),
                rust_same(msg!("the return type is compared on its own")),
                origins.0.clone(),
                origins.1.clone(),
            );
        }
        let (old_return, new_return) = (
            Self::return_type(self.old, old_body),
            Self::return_type(self.new, new_body),
        );
        let rust = || {
            rust_breaks(msg!(
                "the method returns ",
                code(new_return.clone()),
                ", not ",
                code(old_return.clone())
            ))
        };
        let mut body_reported = true;
        match (old_body, new_body) {
            (ResponseBody::Empty, ResponseBody::Empty) => body_reported = false,
            (ResponseBody::Empty, _) => self.push(
                Kind::ResponseBodyAdded,
                subject.clone(),
                msg!("now has a body: ", code(new_return.clone())),
                wire_ok(msg!("old clients do not read the body")),
                rust(),
                origins.0.clone(),
                origins.1.clone(),
            ),
            (_, ResponseBody::Empty) => self.push(
                Kind::ResponseBodyRemoved,
                subject.clone(),
                msg!("no longer has a body (was ", code(old_return.clone()), ")"),
                wire_breaks(msg!("old clients decode a body that is no longer sent")),
                rust(),
                origins.0.clone(),
                origins.1.clone(),
            ),
            (ResponseBody::Json(a), ResponseBody::Json(b))
                if shape_eq(self.old, a, self.new, b) =>
            {
                body_reported = false
            }
            (ResponseBody::ByStatus(_), ResponseBody::ByStatus(_))
            | (ResponseBody::Text, ResponseBody::Text)
            | (ResponseBody::Binary, ResponseBody::Binary) => body_reported = false,
            (ResponseBody::Json(a), ResponseBody::Json(b)) => {
                let schema = |side: &super::Side, op: &Operation| {
                    let response = response(op);
                    let media = side.resolved(&response).and_then(|(origin, value)| {
                        let media = value
                            .get("content")?
                            .as_object()?
                            .keys()
                            .find(|k| k.contains("json"))?
                            .clone();
                        Some(origin.child("content").child(media).child("schema"))
                    });
                    media.unwrap_or(response)
                };
                let schemas = (schema(self.old, old_op), schema(self.new, new_op));
                self.type_change(
                    Kind::ResponseTypeChanged,
                    &subject,
                    (a, b),
                    (&schemas.0, &schemas.1),
                    Usage::RESPONSE,
                    msg!(
                        "the method returns ",
                        code(new_return.clone()),
                        ", not ",
                        code(old_return.clone())
                    ),
                    origins.clone(),
                );
            }
            (_, _) => {
                let read = matches!(
                    (old_body, new_body),
                    (ResponseBody::Binary, ResponseBody::Text)
                );
                self.push(
                    Kind::ResponseTypeChanged,
                    subject.clone(),
                    msg!(
                        "type ",
                        code(old_return.clone()),
                        " → ",
                        code(new_return.clone())
                    ),
                    if read {
                        wire_ok(msg!("old clients read the text as bytes"))
                    } else {
                        wire_breaks(msg!("old clients decode the body the old way"))
                    },
                    rust(),
                    origins.0.clone(),
                    origins.1.clone(),
                );
            }
        }
        if !body_reported {
            let media_types = |side: &super::Side, op: &Operation| -> Vec<String> {
                side.resolved(&response(op))
                    .and_then(|(_, value)| {
                        value
                            .get("content")?
                            .as_object()
                            .map(|c| c.keys().cloned().collect())
                    })
                    .unwrap_or_default()
            };
            let (old_media, new_media) =
                (media_types(self.old, old_op), media_types(self.new, new_op));
            if old_media != new_media {
                self.push(
                    Kind::ResponseMediaTypeChanged,
                    subject.clone(),
                    msg!(
                        "media types ",
                        code(old_media.join(", ")),
                        " → ",
                        code(new_media.join(", "))
                    ),
                    wire_ok(msg!("the SDK decodes the body the same way")),
                    rust_same(msg!("the return type is the same")),
                    origins.0,
                    origins.1,
                );
            }
        }
    }

    fn errors(&mut self, old_op: &Operation, new_op: &Operation, title: &Message) {
        let key = |error: &crate::ir::ErrorResponse| match (error.status, error.range) {
            (None, _) => "default".to_string(),
            (Some(status), true) => format!("{}XX", status / 100),
            (Some(status), false) => status.to_string(),
        };
        let origin = |op: &Operation, status: &str| op.origin.child("responses").child(status);
        for old_error in &old_op.errors {
            let status = key(old_error);
            if !new_op.errors.iter().any(|e| key(e) == status) {
                self.push(
                    Kind::ErrorResponseRemoved,
                    title.clone().then(msg!(" › error ", code(status.clone()))),
                    msg!(
                        "no longer declared (its body was ",
                        code(old_error.variant.clone()),
                        ")"
                    ),
                    wire_ok(msg!("old clients still get an error for that status")),
                    rust_same(msg!("`ErrorBody` variants are compared on their own")),
                    origin(old_op, &status),
                    self.new.nearest(&origin(new_op, &status)),
                );
            }
        }
        for new_error in &new_op.errors {
            let status = key(new_error);
            if !old_op.errors.iter().any(|e| key(e) == status) {
                self.push(
                    Kind::ErrorResponseAdded,
                    title.clone().then(msg!(" › error ", code(status.clone()))),
                    msg!("declared, with body ", code(new_error.variant.clone())),
                    wire_ok(msg!(
                        "old clients get an error for that status, without its typed body"
                    )),
                    rust_same(msg!("`ErrorBody` variants are compared on their own")),
                    self.old.nearest(&origin(old_op, &status)),
                    origin(new_op, &status),
                );
            }
        }
    }

    fn security(
        &mut self,
        old_op: &Operation,
        new_op: &Operation,
        subject: &Message,
        origins: &(Origin, Origin),
    ) {
        if old_op.auth == new_op.auth {
            return;
        }
        let message = msg!("sends ")
            .then(auth_text(&new_op.auth))
            .then(msg!(", was "))
            .then(auth_text(&old_op.auth));
        let (kind, wire) = match (&old_op.auth, &new_op.auth) {
            (None, _) => (
                Kind::SecurityAdded,
                wire_breaks(msg!("old clients send no credentials")),
            ),
            (_, None) => (
                Kind::SecurityRemoved,
                wire_ok(msg!("credentials old clients send are not needed")),
            ),
            _ => (
                Kind::SecurityChanged,
                wire_breaks(msg!("old clients send their credentials the old way")),
            ),
        };
        self.push(
            kind,
            subject.clone(),
            message,
            wire,
            rust_same(msg!(
                "credentials are set on the client, whatever the scheme"
            )),
            origins.0.clone(),
            origins.1.clone(),
        );
    }

    fn pagination(
        &mut self,
        old: &OperationRef<'_>,
        new: &OperationRef<'_>,
        subject: &Message,
        origins: &(Origin, Origin),
    ) {
        let (old_op, new_op) = (old.operation, new.operation);
        let origin = |op: &Operation| op.origin.child("x-pagination");
        match (&old_op.pagination, &new_op.pagination) {
            (None, None) => {}
            (None, Some(pages)) => self.push(
                Kind::PaginationAdded,
                subject.clone(),
                msg!(
                    "paginated: ",
                    code(pages.pages_method.clone()),
                    " and ",
                    code(pages.items_method.clone())
                ),
                wire_ok(msg!("the helpers repeat the same call")),
                rust_adds(msg!("new methods")),
                origins.0.clone(),
                origin(new_op),
            ),
            (Some(pages), None) => self.push(
                Kind::PaginationRemoved,
                subject.clone(),
                msg!("no longer paginated"),
                wire_ok(msg!("the call itself is the same")),
                rust_breaks(msg!(
                    "the methods ",
                    code(pages.pages_method.clone()),
                    " and ",
                    code(pages.items_method.clone()),
                    " are gone"
                )),
                origin(old_op),
                origins.1.clone(),
            ),
            (Some(a), Some(b)) => {
                let renamed = a.pages_method != b.pages_method || a.items_method != b.items_method;
                let item_changed = !shape_eq(self.old, &a.item_ty, self.new, &b.item_ty);
                let fields_changed = a.page_token_param != b.page_token_param
                    || a.next_token_field != b.next_token_field
                    || a.items_field != b.items_field;
                if !(renamed || item_changed || fields_changed) {
                    return;
                }
                let mut parts = Vec::new();
                for (what, old_name, new_name) in [
                    ("page token ", &a.page_token_param, &b.page_token_param),
                    ("next token ", &a.next_token_field, &b.next_token_field),
                    ("items ", &a.items_field, &b.items_field),
                    ("pages method ", &a.pages_method, &b.pages_method),
                    ("items method ", &a.items_method, &b.items_method),
                ] {
                    if old_name != new_name {
                        parts.push(msg!(
                            what,
                            code(old_name.clone()),
                            " → ",
                            code(new_name.clone())
                        ));
                    }
                }
                if item_changed {
                    parts.push(msg!(
                        "item type ",
                        code(self.old.spell(&a.item_ty)),
                        " → ",
                        code(self.new.spell(&b.item_ty))
                    ));
                }
                let mut message = msg!();
                for (index, part) in parts.into_iter().enumerate() {
                    if index > 0 {
                        message = message.then(msg!(", "));
                    }
                    message = message.then(part);
                }
                let rust = if renamed {
                    rust_breaks(msg!(
                        "the methods are now ",
                        code(b.pages_method.clone()),
                        " and ",
                        code(b.items_method.clone())
                    ))
                } else if item_changed {
                    rust_breaks(msg!(
                        code(b.items_method.clone()),
                        " yields ",
                        code(self.new.spell(&b.item_ty)),
                        ", not ",
                        code(self.old.spell(&a.item_ty))
                    ))
                } else {
                    rust_same(msg!("the methods keep their signatures"))
                };
                self.push(
                    Kind::PaginationChanged,
                    subject.clone(),
                    message,
                    wire_ok(msg!("the helpers repeat the same call")),
                    rust,
                    origin(old_op),
                    origin(new_op),
                );
            }
        }
    }

    fn wait(
        &mut self,
        old: &OperationRef<'_>,
        new: &OperationRef<'_>,
        subject: &Message,
        origins: &(Origin, Origin),
    ) {
        let (old_op, new_op) = (old.operation, new.operation);
        let origin = |op: &Operation| op.origin.child("x-wait");
        match (&old_op.wait, &new_op.wait) {
            (None, None) => {}
            (None, Some(wait)) => self.push(
                Kind::WaitAdded,
                subject.clone(),
                msg!("has a wait helper: ", code(wait.method.clone())),
                wire_ok(msg!("the helper repeats the same call")),
                rust_adds(msg!("a new method")),
                origins.0.clone(),
                origin(new_op),
            ),
            (Some(wait), None) => self.push(
                Kind::WaitRemoved,
                subject.clone(),
                msg!("no longer has a wait helper"),
                wire_ok(msg!("the call itself is the same")),
                rust_breaks(msg!("the method ", code(wait.method.clone()), " is gone")),
                origin(old_op),
                origins.1.clone(),
            ),
            (Some(a), Some(b)) => {
                if a.method == b.method
                    && a.status_field == b.status_field
                    && a.terminal == b.terminal
                {
                    return;
                }
                let rust = if a.method != b.method {
                    rust_breaks(msg!(
                        "the method ",
                        code(a.method.clone()),
                        " is now ",
                        code(b.method.clone())
                    ))
                } else {
                    rust_same(msg!("the method keeps its signature"))
                };
                self.push(
                    Kind::WaitChanged,
                    subject.clone(),
                    msg!(
                        "waits on ",
                        code(b.status_field.clone()),
                        " for ",
                        code(b.terminal.join(", ")),
                        ", was ",
                        code(a.status_field.clone()),
                        " for ",
                        code(a.terminal.join(", "))
                    ),
                    wire_ok(msg!("the helper repeats the same call")),
                    rust,
                    origin(old_op),
                    origin(new_op),
                );
            }
        }
    }
}
