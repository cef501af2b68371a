//! The verdict rules that do not depend on where a change is: which values of one type
//! another accepts, and whether a constraint got tighter.

use serde_json::Value;

use super::super::Verdict;
use super::super::message::{Message, msg};
use super::super::side::Side;
use super::super::version::Level;
use crate::ir::{IntKind, TypeKind, TypeRef};

/// Where a type is used: what flows from clients to the server, and back.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Usage {
    /// Part of a request (parameters, request bodies).
    pub request: bool,
    /// Part of a response.
    pub response: bool,
}

impl Usage {
    pub const REQUEST: Usage = Usage {
        request: true,
        response: false,
    };
    pub const RESPONSE: Usage = Usage {
        request: false,
        response: true,
    };

    /// Both usages.
    pub fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
}

/// The wire verdict and why.
#[derive(Debug, Clone)]
pub(crate) struct Wire {
    pub verdict: Verdict,
    pub reason: Message,
}

/// Breaks on the wire.
pub(crate) fn wire_breaks(reason: Message) -> Wire {
    Wire {
        verdict: Verdict::Breaking,
        reason,
    }
}

/// Compatible on the wire.
pub(crate) fn wire_ok(reason: Message) -> Wire {
    Wire {
        verdict: Verdict::Compatible,
        reason,
    }
}

/// The wire verdict of a change to something used as `usage`: breaking when it breaks
/// in a direction it is used in.
pub(crate) fn by_usage(usage: Usage, request: (bool, Message), response: (bool, Message)) -> Wire {
    if usage.request && request.0 {
        return wire_breaks(request.1);
    }
    if usage.response && response.0 {
        return wire_breaks(response.1);
    }
    match (usage.request, usage.response) {
        (true, true) if request.1 != response.1 => wire_ok(
            msg!("in requests, ")
                .then(request.1)
                .then(msg!("; in responses, "))
                .then(response.1),
        ),
        (true, _) => wire_ok(request.1),
        (false, true) => wire_ok(response.1),
        (false, false) => wire_ok(msg!("no operation sends or returns it")),
    }
}

/// The Rust verdict, why, and what it means for semver.
#[derive(Debug, Clone)]
pub(crate) struct Rust {
    pub verdict: Verdict,
    pub reason: Message,
    pub level: Level,
}

/// Code written against the old crate may not compile.
pub(crate) fn rust_breaks(reason: Message) -> Rust {
    Rust {
        verdict: Verdict::Breaking,
        reason,
        level: Level::Breaking,
    }
}

/// New public items; old code compiles.
pub(crate) fn rust_adds(reason: Message) -> Rust {
    Rust {
        verdict: Verdict::Compatible,
        reason,
        level: Level::Additive,
    }
}

/// The public API is the same.
pub(crate) fn rust_same(reason: Message) -> Rust {
    Rust {
        verdict: Verdict::Compatible,
        reason,
        level: Level::Patch,
    }
}

fn int_range(kind: IntKind) -> (i128, u128) {
    // (lowest, highest) as i128 / u128 so every kind fits.
    match kind {
        IntKind::I8 => (i8::MIN.into(), i8::MAX as u128),
        IntKind::I16 => (i16::MIN.into(), i16::MAX as u128),
        IntKind::I32 => (i32::MIN.into(), i32::MAX as u128),
        IntKind::I64 => (i64::MIN.into(), i64::MAX as u128),
        IntKind::I128 => (i128::MIN, i128::MAX as u128),
        IntKind::U8 => (0, u8::MAX.into()),
        IntKind::U16 => (0, u16::MAX.into()),
        IntKind::U32 => (0, u32::MAX.into()),
        IntKind::U64 => (0, u64::MAX.into()),
        IntKind::U128 => (0, u128::MAX),
    }
}

/// Who reads the values: the server (strict: what the spec allows) or a client of the
/// generated SDK (lenient where the SDK is: open enums, unknown fields skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    /// The server reads a request.
    Server,
    /// A client built on the old spec reads a response.
    Sdk,
}

/// Whether every value written as `from` (on side `from_side`) is read as `to` (on side
/// `to_side`). Two named types of the same shape count as accepted here: their own
/// changes are compared, and reported, as a pair.
pub(crate) fn accepts(
    to_side: &Side,
    to: &TypeRef,
    from_side: &Side,
    from: &TypeRef,
    reader: Reader,
) -> bool {
    let to = to_side.resolve_alias(to);
    let from = from_side.resolve_alias(from);
    match (to, from) {
        (TypeRef::Any, _) => true,
        (TypeRef::Named(to), TypeRef::Named(from)) => {
            let to_kind = &to_side.api.types[to.0].kind;
            let from_kind = &from_side.api.types[from.0].kind;
            std::mem::discriminant(to_kind) == std::mem::discriminant(from_kind)
                && super::operations::same_type(to_side, *to, from_side, *from)
        }
        (TypeRef::Integer(to), TypeRef::Integer(from)) => {
            let (to_low, to_high) = int_range(*to);
            let (from_low, from_high) = int_range(*from);
            to_low <= from_low && to_high >= from_high
        }
        (TypeRef::Number(_), TypeRef::Integer(_)) => true,
        (TypeRef::Number(to), TypeRef::Number(from)) => to >= from,
        (TypeRef::String, TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid) => true,
        (TypeRef::String, TypeRef::Named(id)) => {
            matches!(from_side.api.types[id.0].kind, TypeKind::StringEnum { .. })
        }
        (TypeRef::Named(id), TypeRef::String) => {
            reader == Reader::Sdk
                && matches!(to_side.api.types[id.0].kind, TypeKind::StringEnum { .. })
        }
        (TypeRef::Integer(to), TypeRef::Named(id)) => {
            *to >= IntKind::I64
                && matches!(from_side.api.types[id.0].kind, TypeKind::IntegerEnum { .. })
        }
        (TypeRef::Named(id), TypeRef::Integer(from)) => {
            reader == Reader::Sdk
                && *from <= IntKind::I64
                && matches!(to_side.api.types[id.0].kind, TypeKind::IntegerEnum { .. })
        }
        (TypeRef::List(to), TypeRef::List(from)) | (TypeRef::Map(to), TypeRef::Map(from)) => {
            accepts(to_side, to, from_side, from, reader)
        }
        (TypeRef::Nullable(to), TypeRef::Nullable(from)) => {
            accepts(to_side, to, from_side, from, reader)
        }
        (TypeRef::Nullable(to), from) => accepts(to_side, to, from_side, from, reader),
        (TypeRef::Tuple(to), TypeRef::Tuple(from)) => {
            to.len() == from.len()
                && to
                    .iter()
                    .zip(from)
                    .all(|(to, from)| accepts(to_side, to, from_side, from, reader))
        }
        (to, from) => to == from,
    }
}

/// How a constraint compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Larger is tighter (`minimum`, `minLength`).
    Lower,
    /// Smaller is tighter (`maximum`, `maxLength`).
    Upper,
    /// Any new or changed value may be tighter (`pattern`, `format`, `multipleOf`).
    Opaque,
    /// `true` is tighter (`uniqueItems`; also any boolean value, as the 3.0
    /// `exclusiveMinimum`).
    Flag,
}

/// Whether the constraint from `old` to `new` (either may be absent) is tighter: some
/// value valid before is not any more.
pub(crate) fn tighter(bound: Bound, old: Option<&Value>, new: Option<&Value>) -> bool {
    let number = |value: Option<&Value>| value.and_then(Value::as_f64);
    let flag = |value: Option<&Value>| value.and_then(Value::as_bool);
    if bound == Bound::Flag || flag(old).is_some() || flag(new).is_some() {
        // `uniqueItems`, and the boolean `exclusiveMinimum` of OpenAPI 3.0.
        return flag(new).unwrap_or(false) && !flag(old).unwrap_or(false);
    }
    match bound {
        Bound::Flag => false,
        Bound::Lower => match (number(old), number(new)) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new > old,
        },
        Bound::Upper => match (number(old), number(new)) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(old), Some(new)) => new < old,
        },
        Bound::Opaque => new.is_some() && old != new,
    }
}

/// The constraints compared on every schema: keyword, change kind and direction.
pub(crate) const CONSTRAINTS: &[(&str, super::super::Kind, Bound)] = {
    use super::super::Kind;
    &[
        ("minimum", Kind::MinimumChanged, Bound::Lower),
        ("maximum", Kind::MaximumChanged, Bound::Upper),
        (
            "exclusiveMinimum",
            Kind::ExclusiveMinimumChanged,
            Bound::Lower,
        ),
        (
            "exclusiveMaximum",
            Kind::ExclusiveMaximumChanged,
            Bound::Upper,
        ),
        ("minLength", Kind::MinLengthChanged, Bound::Lower),
        ("maxLength", Kind::MaxLengthChanged, Bound::Upper),
        ("pattern", Kind::PatternChanged, Bound::Opaque),
        ("minItems", Kind::MinItemsChanged, Bound::Lower),
        ("maxItems", Kind::MaxItemsChanged, Bound::Upper),
        ("uniqueItems", Kind::UniqueItemsChanged, Bound::Flag),
        ("multipleOf", Kind::MultipleOfChanged, Bound::Opaque),
    ]
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_used_both_ways_is_judged_both_ways() {
        let both = Usage::REQUEST.union(Usage::RESPONSE);
        let verdict = by_usage(both, (false, msg!("sent")), (true, msg!("read")));
        assert_eq!(verdict.verdict, Verdict::Breaking);
        assert_eq!(verdict.reason.to_text(), "read");
        let verdict = by_usage(both, (false, msg!("sent")), (false, msg!("read")));
        assert_eq!(verdict.verdict, Verdict::Compatible);
        assert_eq!(
            verdict.reason.to_text(),
            "in requests, sent; in responses, read"
        );
        let verdict = by_usage(Usage::RESPONSE, (true, msg!("sent")), (false, msg!("read")));
        assert_eq!(verdict.verdict, Verdict::Compatible);
        let unused = by_usage(Usage::default(), (true, msg!("sent")), (true, msg!("read")));
        assert_eq!(unused.verdict, Verdict::Compatible);
    }

    #[test]
    fn constraints_tighten_by_their_direction() {
        let v = |value: Value| Some(value);
        assert!(tighter(Bound::Lower, None, v(json!(1)).as_ref()));
        assert!(tighter(
            Bound::Lower,
            v(json!(1)).as_ref(),
            v(json!(2)).as_ref()
        ));
        assert!(!tighter(
            Bound::Lower,
            v(json!(2)).as_ref(),
            v(json!(1)).as_ref()
        ));
        assert!(!tighter(Bound::Lower, v(json!(2)).as_ref(), None));
        assert!(tighter(
            Bound::Upper,
            v(json!(10)).as_ref(),
            v(json!(5)).as_ref()
        ));
        assert!(!tighter(
            Bound::Upper,
            v(json!(5)).as_ref(),
            v(json!(10)).as_ref()
        ));
        assert!(tighter(Bound::Opaque, None, v(json!("^a")).as_ref()));
        assert!(tighter(
            Bound::Opaque,
            v(json!("^a")).as_ref(),
            v(json!("^b")).as_ref()
        ));
        assert!(!tighter(Bound::Opaque, v(json!("^a")).as_ref(), None));
        assert!(tighter(Bound::Flag, None, v(json!(true)).as_ref()));
        assert!(!tighter(
            Bound::Flag,
            v(json!(true)).as_ref(),
            v(json!(false)).as_ref()
        ));
        assert!(tighter(
            Bound::Lower,
            v(json!(false)).as_ref(),
            v(json!(true)).as_ref()
        ));
        assert!(tighter(
            Bound::Lower,
            v(json!(1)).as_ref(),
            v(json!(3)).as_ref()
        ));
    }
}
