//! What the IR does not carry, read from the raw schemas: constraints, `format` and
//! `default`.

use serde_json::Value;

use super::super::Kind;
use super::super::message::{Message, code, msg};
use super::Comparer;
use super::rules::{Bound, CONSTRAINTS, Usage, by_usage, rust_same, tighter};
use crate::diag::Origin;

/// A raw value as shown in a message.
fn show(value: Option<&Value>) -> String {
    match value {
        None => "none".to_string(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

impl Comparer<'_> {
    /// Compares the keywords of the schemas at `old` and `new` that the IR does not carry
    /// (when neither is a named type, which is compared on its own), and those of their
    /// `items`. `format` is left out when `type_reported`: the type change said it.
    pub(super) fn raw_schema(
        &mut self,
        subject: &Message,
        old: &Origin,
        new: &Origin,
        usage: Usage,
        type_reported: bool,
    ) {
        let (Some((old_origin, old_value)), Some((new_origin, new_value))) =
            (self.old.inline_schema(old), self.new.inline_schema(new))
        else {
            return;
        };
        self.keywords(
            subject,
            (&old_origin, old_value),
            (&new_origin, new_value),
            usage,
            type_reported,
            0,
        );
    }

    /// The keywords of a named type's own schema.
    pub(super) fn raw_type_schema(
        &mut self,
        subject: &Message,
        old: &Origin,
        new: &Origin,
        usage: Usage,
    ) {
        let (Some(old_value), Some(new_value)) = (self.old.raw(old), self.new.raw(new)) else {
            return;
        };
        self.keywords(subject, (old, old_value), (new, new_value), usage, true, 0);
    }

    fn keywords(
        &mut self,
        subject: &Message,
        (old_origin, old_value): (&Origin, &Value),
        (new_origin, new_value): (&Origin, &Value),
        usage: Usage,
        type_reported: bool,
        depth: usize,
    ) {
        let mut checks: Vec<(&str, Kind, Bound)> = CONSTRAINTS.to_vec();
        if !type_reported {
            checks.push(("format", Kind::FormatChanged, Bound::Opaque));
        }
        for (keyword, kind, bound) in checks {
            let (old, new) = (old_value.get(keyword), new_value.get(keyword));
            if old == new {
                continue;
            }
            let tight = tighter(bound, old, new);
            let request = if tight {
                (
                    true,
                    msg!(
                        "clients built on the old spec may send values the new ",
                        code(keyword),
                        " refuses"
                    ),
                )
            } else {
                (
                    false,
                    msg!(
                        "the new ",
                        code(keyword),
                        " accepts every value the old one did"
                    ),
                )
            };
            self.push(
                kind,
                subject.clone(),
                msg!(code(keyword), " ", code(show(old)), " → ", code(show(new))),
                by_usage(
                    usage,
                    request,
                    (
                        false,
                        msg!("the SDK does not check constraints on what it reads"),
                    ),
                ),
                rust_same(msg!("constraints are not part of the Rust types")),
                keyword_origin(old_origin, old, keyword),
                keyword_origin(new_origin, new, keyword),
            );
        }
        let (old_default, new_default) = (old_value.get("default"), new_value.get("default"));
        if old_default != new_default {
            let request = match new_default {
                None => (
                    true,
                    msg!("the server no longer promises a value for clients that leave it out"),
                ),
                Some(value) if old_default.is_some() => (
                    true,
                    msg!(
                        "clients that leave it out now get ",
                        code(show(Some(value)))
                    ),
                ),
                Some(_) => (
                    false,
                    msg!("it documents the value used when clients leave it out"),
                ),
            };
            self.push(
                Kind::DefaultChanged,
                subject.clone(),
                msg!(
                    "`default` ",
                    code(show(old_default)),
                    " → ",
                    code(show(new_default))
                ),
                by_usage(
                    usage,
                    request,
                    (
                        false,
                        msg!("the SDK does not use defaults of what it reads"),
                    ),
                ),
                rust_same(msg!("defaults are not part of the Rust types")),
                keyword_origin(old_origin, old_default, "default"),
                keyword_origin(new_origin, new_default, "default"),
            );
        }
        if depth < 4 && old_value.get("items").is_some() && new_value.get("items").is_some() {
            let (old_items, new_items) = (old_origin.child("items"), new_origin.child("items"));
            if let (Some((old_origin, old_value)), Some((new_origin, new_value))) = (
                self.old.inline_schema(&old_items),
                self.new.inline_schema(&new_items),
            ) {
                self.keywords(
                    &subject.clone().then(msg!(" › items")),
                    (&old_origin, old_value),
                    (&new_origin, new_value),
                    usage,
                    type_reported,
                    depth + 1,
                );
            }
        }
    }
}

/// The keyword's own node when it is there, else its schema.
fn keyword_origin(schema: &Origin, value: Option<&Value>, keyword: &str) -> Origin {
    if value.is_some() {
        schema.child(keyword)
    } else {
        schema.clone()
    }
}
