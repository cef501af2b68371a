//! Types: schemas lowered to Rust-shaped data.

use serde::Serialize;

use super::{Docs, Name};
use crate::diag::Origin;

/// Index of a [`TypeDef`] in `Api::types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// A named type of the generated crate.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// Schema name and Rust type name.
    pub name: Name,
    /// Docs from the schema.
    pub docs: Docs,
    /// Where the schema is.
    pub origin: Origin,
    /// The shape.
    pub kind: TypeKind,
    /// An example value from the spec (`example` or first of `examples`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// For an alias without an example: a value that satisfies its schema's constraints
    /// (length, pattern, item count, bounds), for generated tests and examples. Not in
    /// the IR snapshots.
    #[serde(skip)]
    pub sample: Option<serde_json::Value>,
    /// Its properties were copied into another struct (an `allOf` member), so it is used
    /// even where no reference reaches it. Bookkeeping for `check`, not in the IR
    /// snapshots.
    #[serde(skip)]
    pub merged: bool,
    /// Name of the generated round-trip test of `example` (`--with-tests`), when there is
    /// an example; not in the IR snapshots (the generated tests show it).
    #[serde(skip)]
    pub round_trip_test: Option<String>,
}

/// The shape of a named type.
#[derive(Debug, Clone, Serialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// Properties in spec order.
        fields: Vec<Field>,
        /// Type of additional properties, kept in a flattened map.
        #[serde(skip_serializing_if = "Option::is_none")]
        additional: Option<TypeRef>,
        /// Sent as a `multipart/form-data` body (file fields; no serde).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        multipart: bool,
    },
    /// A string enum; unknown values decode into an `Unknown(String)` variant.
    StringEnum {
        /// Variants in spec order.
        variants: Vec<Name>,
    },
    /// An integer enum, unknown values decode into `Unknown(i64)`.
    IntegerEnum {
        /// Variants in spec order (`rust` name, value).
        variants: Vec<(String, i64)>,
    },
    /// `oneOf` / `anyOf`.
    Union {
        /// Internally tagged by this property when a discriminator is present.
        #[serde(skip_serializing_if = "Option::is_none")]
        tag: Option<String>,
        /// The variants.
        variants: Vec<Variant>,
    },
    /// Anything else: a type alias.
    Alias(TypeRef),
    /// The success result of an operation whose 2xx responses have different bodies,
    /// decoded by status (not a serde type).
    ByStatus {
        /// One variant per status; `ty` is `None` for a status without content.
        variants: Vec<StatusVariant>,
    },
}

/// One success status of a [`TypeKind::ByStatus`].
#[derive(Debug, Clone, Serialize)]
pub struct StatusVariant {
    /// The status as written (`201`, `2XX`).
    pub status: String,
    /// Rust variant name (`Status201`).
    pub name: String,
    /// The body type, if the status has content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    /// Box the payload (a struct or union).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// One variant of a union.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Rust variant name; `original` is the discriminator value when tagged.
    pub name: Name,
    /// Payload.
    pub ty: TypeRef,
    /// Box the payload (a struct or union, or a recursive type).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// Further discriminator values that select this variant (a mapping may send several
    /// values to one schema); decoded, never sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_tags: Vec<String>,
}

/// One property of a struct.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Wire name and Rust field name.
    pub name: Name,
    /// Type of a present, non-null value.
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// May be `null` on the wire.
    pub nullable: bool,
    /// Box the value (the field closes a cycle).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// Optional, nullable, and part of a request body: absent, `null` and a value are
    /// three different things to send (`Option<Nullable<T>>`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub explicit_null: bool,
    /// Docs.
    pub docs: Docs,
    /// An example value (the property's own, or one that satisfies its format).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// Where the property is.
    pub origin: Origin,
}

impl Field {
    /// The field is an `Option` in Rust.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum TypeRef {
    /// A named type.
    Named(TypeId),
    /// `String`.
    String,
    /// An integer of this width and sign.
    Integer(IntKind),
    /// A floating-point number (`format: float` is single precision).
    Number(FloatKind),
    /// `bool`.
    Boolean,
    /// `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `uuid`.
    Uuid,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// A file part of a multipart body: bytes with a file name and a content type.
    File,
    /// A list.
    List(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A fixed-length tuple.
    Tuple(Vec<TypeRef>),
    /// Any JSON value.
    Any,
    /// A value that may be `null` (only where nullability is not a field property:
    /// list items, map values, tuple members).
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// Whether a JSON value fits this type by its shape (as far as the named types are
    /// known: `kind_of` gives a named type's kind, `None` while it is still being defined,
    /// which is accepted). A union accepts any value: its alternatives are weighed one by
    /// one by whoever picks among them. Used for defaults (lowering) and examples (emit).
    pub fn fits<'t>(
        &self,
        value: &serde_json::Value,
        kind_of: &dyn Fn(TypeId) -> Option<&'t TypeKind>,
        nullable: bool,
        depth: usize,
    ) -> bool {
        use serde_json::Value;
        if depth > 32 {
            // Deeper than any real default or example: accept rather than recurse further.
            return true;
        }
        let depth = depth + 1;
        match (value, self) {
            (Value::Null, ty) => nullable || matches!(ty, TypeRef::Any | TypeRef::Nullable(_)),
            (_, TypeRef::Any) => true,
            (_, TypeRef::Nullable(inner)) => inner.fits(value, kind_of, true, depth),
            (
                Value::String(_),
                TypeRef::String
                | TypeRef::DateTime
                | TypeRef::Date
                | TypeRef::Uuid
                | TypeRef::Bytes,
            ) => true,
            (Value::Number(n), TypeRef::Integer(_)) => n.as_i64().is_some() || n.as_u64().is_some(),
            (Value::Number(_), TypeRef::Number(_)) => true,
            (Value::Bool(_), TypeRef::Boolean) => true,
            (Value::Array(items), TypeRef::List(item)) => {
                items.iter().all(|i| item.fits(i, kind_of, false, depth))
            }
            (Value::Array(items), TypeRef::Tuple(members)) => items.len() == members.len(),
            (Value::Object(map), TypeRef::Map(item)) => {
                map.values().all(|v| item.fits(v, kind_of, false, depth))
            }
            (_, TypeRef::Named(id)) => match kind_of(*id) {
                None => true,
                Some(TypeKind::StringEnum { variants }) => value
                    .as_str()
                    .is_some_and(|s| variants.iter().any(|v| v.original == s)),
                Some(TypeKind::IntegerEnum { variants }) => value
                    .as_i64()
                    .is_some_and(|n| variants.iter().any(|(_, v)| *v == n)),
                Some(TypeKind::Struct { .. }) => value.is_object(),
                Some(TypeKind::Union { .. }) => true,
                Some(TypeKind::Alias(inner)) => inner.fits(value, kind_of, nullable, depth),
                Some(TypeKind::ByStatus { .. }) => true,
            },
            _ => false,
        }
    }

    /// Read through `runtime::Lenient` as a struct field: a number, an integer up to 64
    /// bits, a date-time or a date, or a list, map or nullable of them (named types aside:
    /// they decode themselves).
    pub fn reads_leniently(&self) -> bool {
        match self {
            TypeRef::DateTime | TypeRef::Date | TypeRef::Number(_) => true,
            // 128-bit integers keep serde_json's exact decoding of large numbers.
            TypeRef::Integer(kind) => !matches!(kind, IntKind::I128 | IntKind::U128),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.reads_leniently()
            }
            _ => false,
        }
    }

    /// Holds `date-time` or `date` values (directly, or in a list, map or nullable).
    pub fn holds_date_time(&self) -> bool {
        match self {
            TypeRef::DateTime | TypeRef::Date => true,
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                inner.holds_date_time()
            }
            _ => false,
        }
    }
}

/// The width and sign of an integer type (from `format`, or the smallest that holds the
/// schema's bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntKind {
    /// 8-bit signed.
    I8,
    /// 16-bit signed.
    I16,
    /// 32-bit signed.
    I32,
    /// 64-bit signed.
    I64,
    /// 128-bit signed.
    I128,
    /// 8-bit unsigned.
    U8,
    /// 16-bit unsigned.
    U16,
    /// 32-bit unsigned.
    U32,
    /// 64-bit unsigned.
    U64,
    /// 128-bit unsigned.
    U128,
}

/// The precision of a floating-point number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FloatKind {
    /// Single precision (`format: float`).
    F32,
    /// Double precision.
    F64,
}
