//! Which pieces of the runtime an API needs. A piece is a feature of `runtime/Cargo.toml`;
//! the features table there also says which pieces a piece needs (`form` needs `encode`),
//! so that table, not a copy of it, decides the closure.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, BodyEncoding, ParamLocation, QueryStyle, ResponseBody, TypeKind, TypeRef};

/// The runtime crate's manifest, for its `[features]` table.
const MANIFEST: &str = include_str!("../../../../runtime/Cargo.toml");

macro_rules! pieces {
    ($($piece:ident = $name:literal,)*) => {
        /// One piece of the runtime: a feature of `runtime/Cargo.toml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Piece {
            $(#[doc = concat!("Feature `", $name, "`.")] $piece,)*
        }

        impl Piece {
            /// Every piece.
            pub const ALL: &[Piece] = &[$(Piece::$piece,)*];

            /// The feature name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Piece::$piece => $name,)*
                }
            }
        }
    };
}

pieces! {
    Operations = "operations",
    Auth = "auth",
    Get = "get",
    Put = "put",
    Post = "post",
    Delete = "delete",
    Options = "options",
    Head = "head",
    Patch = "patch",
    Trace = "trace",
    Path = "path",
    PathShortcut = "path_shortcut",
    Query = "query",
    FormQuery = "form_query",
    StyledQuery = "styled_query",
    Header = "header",
    Cookie = "cookie",
    Json = "json",
    Form = "form",
    Raw = "raw",
    Multipart = "multipart",
    Encode = "encode",
    QueryStyle = "query_style",
    JsonResponse = "json_response",
    Text = "text",
    Empty = "empty",
    Binary = "binary",
    ByStatus = "by_status",
    Typed = "typed",
    Wait = "wait",
    Idempotency = "idempotency",
    Nullable = "nullable",
    Tagged = "tagged",
    Structs = "structs",
    KeyedFields = "keyed_fields",
    IndexedFields = "indexed_fields",
    RequiredFields = "required_fields",
    OptionalFields = "optional_fields",
    ReadOption = "read_option",
    ReadSome = "read_some",
    StringEnums = "string_enums",
    IntEnums = "int_enums",
    OneOf = "one_of",
    Lenient = "lenient",
    Dates = "dates",
}

impl Piece {
    /// The request constructor of an (upper-case) HTTP method.
    pub fn method(method: &str) -> Piece {
        match method {
            "GET" => Piece::Get,
            "PUT" => Piece::Put,
            "POST" => Piece::Post,
            "DELETE" => Piece::Delete,
            "OPTIONS" => Piece::Options,
            "HEAD" => Piece::Head,
            "PATCH" => Piece::Patch,
            _ => Piece::Trace,
        }
    }

    /// The piece with this feature name.
    pub fn named(name: &str) -> Option<Piece> {
        Piece::ALL
            .iter()
            .copied()
            .find(|piece| piece.name() == name)
    }
}

/// The pieces an API uses, closed under the features table.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pieces(BTreeSet<Piece>);

impl Pieces {
    /// Whether the API uses `piece`.
    pub fn has(&self, piece: Piece) -> bool {
        self.0.contains(&piece)
    }

    /// Every piece (what the runtime crate compiles by default).
    #[cfg(test)]
    pub fn all() -> Self {
        Pieces(Piece::ALL.iter().copied().collect())
    }

    /// `direct` and every piece they need, by the features table.
    pub fn closed(direct: impl IntoIterator<Item = Piece>) -> Self {
        let table = features();
        let mut set = BTreeSet::new();
        let mut stack: Vec<Piece> = direct.into_iter().collect();
        while let Some(piece) = stack.pop() {
            if set.insert(piece) {
                let needs = table
                    .get(piece.name())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                stack.extend(needs.iter().filter_map(|name| Piece::named(name)));
            }
        }
        Pieces(set)
    }

    /// The pieces `api` uses.
    pub fn of(api: &Api) -> Self {
        Pieces::closed(direct_pieces(api))
    }
}

/// What each operation, body, response and type asks for directly.
fn direct_pieces(api: &Api) -> BTreeSet<Piece> {
    let mut uses = BTreeSet::new();
    for op in api.operations() {
        uses.insert(Piece::Operations);
        uses.insert(Piece::method(&op.method));
        if crate::emit::apis::shortcut(op).is_some() {
            uses.insert(Piece::PathShortcut);
        }
        if op.auth.is_some() || api.auth.is_some() {
            uses.insert(Piece::Auth);
        }
        for param in &op.params {
            if param.location == ParamLocation::Query {
                uses.insert(match param.style {
                    QueryStyle::FormExploded => Piece::FormQuery,
                    _ => Piece::StyledQuery,
                });
            }
            uses.insert(match param.location {
                ParamLocation::Path => Piece::Path,
                ParamLocation::Query => Piece::Query,
                ParamLocation::Header => Piece::Header,
                ParamLocation::Cookie => Piece::Cookie,
            });
        }
        if let Some(body) = &op.body {
            uses.insert(match (body.encoding, &body.ty) {
                (BodyEncoding::Json, _) => Piece::Json,
                (BodyEncoding::Form, _) => Piece::Form,
                (BodyEncoding::Multipart, TypeRef::Named(_)) => Piece::Multipart,
                _ => Piece::Raw,
            });
        }
        uses.insert(match op.success.body {
            ResponseBody::Text => Piece::Text,
            ResponseBody::Empty => Piece::Empty,
            ResponseBody::Json(_) => Piece::JsonResponse,
            ResponseBody::ByStatus(_) => Piece::ByStatus,
            ResponseBody::Binary => Piece::Binary,
        });
        if !op.errors.is_empty() {
            uses.insert(Piece::Typed);
        }
        if op.wait.is_some() {
            uses.insert(Piece::Wait);
        }
        if api.settings.idempotency_header.is_some()
            && !matches!(op.method.as_str(), "GET" | "HEAD")
        {
            uses.insert(Piece::Idempotency);
        }
    }
    for type_def in &api.types {
        match &type_def.kind {
            TypeKind::Struct {
                fields,
                multipart: false,
                additional,
            } => {
                uses.insert(Piece::Structs);
                if fields.iter().any(|f| f.explicit_null) {
                    uses.insert(Piece::Nullable);
                }
                if !fields.is_empty() && additional.is_some() {
                    uses.insert(Piece::KeyedFields);
                }
                if !fields.is_empty() && additional.is_none() {
                    uses.insert(Piece::IndexedFields);
                }
                if fields.iter().any(|f| !f.optional()) {
                    uses.insert(Piece::RequiredFields);
                }
                for field in fields {
                    let mode = crate::emit::types::field_mode(field);
                    if additional.is_none() && matches!(mode, "optional" | "explicit") {
                        uses.insert(Piece::OptionalFields);
                    }
                    if !field.ty.reads_leniently() {
                        uses.insert(match mode {
                            "optional" | "nullable" => Piece::ReadOption,
                            _ => Piece::ReadSome,
                        });
                    }
                }
                if fields.iter().any(|f| f.ty.reads_leniently()) {
                    uses.insert(Piece::Lenient);
                }
                if fields.iter().any(|f| f.ty.holds_date_time()) {
                    uses.insert(Piece::Dates);
                }
            }
            TypeKind::Struct { fields, .. } if fields.iter().any(|f| f.explicit_null) => {
                uses.insert(Piece::Nullable);
            }
            TypeKind::Union { tag: Some(_), .. } => {
                uses.insert(Piece::Tagged);
            }
            TypeKind::Union { tag: None, .. } => {
                uses.insert(Piece::OneOf);
            }
            TypeKind::StringEnum { .. } => {
                uses.insert(Piece::StringEnums);
            }
            TypeKind::IntegerEnum { .. } => {
                uses.insert(Piece::IntEnums);
            }
            _ => {}
        }
    }
    uses
}

/// The `[features]` table of the runtime's manifest: feature → the features it enables.
fn features() -> BTreeMap<String, Vec<String>> {
    parse_features(MANIFEST)
}

/// Reads a TOML `[features]` table of the simple form the runtime's manifest uses:
/// `name = ["a", "b"]`, arrays possibly over several lines, `#` comments.
fn parse_features(manifest: &str) -> BTreeMap<String, Vec<String>> {
    let mut table = BTreeMap::new();
    let mut in_features = false;
    let mut current: Option<(String, String)> = None;
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if current.is_none() && line.starts_with('[') && !line.contains('=') {
            in_features = line == "[features]";
            continue;
        }
        if !in_features || line.is_empty() {
            continue;
        }
        let (name, mut values) = match current.take() {
            Some((name, values)) => (name, values),
            None => match line.split_once('=') {
                Some((name, _)) => (name.trim().to_string(), String::new()),
                None => continue,
            },
        };
        let rest = if values.is_empty() {
            line.split_once('=').map_or("", |(_, rest)| rest)
        } else {
            line
        };
        values.push_str(rest);
        values.push(' ');
        if values.contains(']') {
            let names = values
                .split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            table.insert(name, names);
        } else {
            current = Some((name, values));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_piece_is_a_feature_of_the_runtime_and_on_by_default() {
        let table = features();
        let features: BTreeSet<&str> = table
            .keys()
            .map(String::as_str)
            .filter(|name| *name != "default")
            .collect();
        let pieces: BTreeSet<&str> = Piece::ALL.iter().map(|p| p.name()).collect();
        let default: BTreeSet<&str> = table["default"].iter().map(String::as_str).collect();
        assert!(pieces.is_subset(&default), "{pieces:?} ⊄ {default:?}");
        // The runtime's other features are the generated crate's own: its manifest
        // template declares each of them (a `cfg` on one is kept as written).
        let template = include_str!("../../../../templates/Cargo.toml.j2");
        for feature in features.difference(&pieces) {
            assert!(
                crate::render::FEATURES
                    .iter()
                    .any(|line| line.starts_with(&format!("{feature} = "))),
                "`{feature}` is not a feature of the generated crate"
            );
        }
        assert!(template.contains("{%- for feature in features %}"));
    }

    #[test]
    fn the_closure_follows_the_features_table() {
        let pieces = Pieces::closed([Piece::Form]);
        for piece in [
            Piece::Form,
            Piece::Encode,
            Piece::QueryStyle,
            Piece::Operations,
        ] {
            assert!(pieces.has(piece), "{piece:?}");
        }
        assert!(!pieces.has(Piece::Query));
        assert!(Pieces::closed([Piece::ByStatus]).has(Piece::JsonResponse));
    }

    #[test]
    fn the_features_parser_reads_multi_line_arrays_and_comments() {
        let table = parse_features(
            "[package]\nname = \"x\"\n[features]\n# c\ndefault = [\n  \"a\", # one\n  \"b\",\n]\na = [\"b\"]\nb = []\n[dependencies]\nc = \"1\"\n",
        );
        assert_eq!(table.len(), 3);
        assert_eq!(table["default"], vec!["a", "b"]);
        assert_eq!(table["a"], vec!["b"]);
        assert!(table["b"].is_empty());
    }
}
