//! The intermediate representation: plain data between the spec and the emitted code.
//!
//! Every name here is final (decided once, in `lower::naming`); emit only reads them.
//! Every node that came from the spec keeps its [`Origin`].

mod ops;
mod types;
mod walk;

pub use ops::*;
pub use types::*;
pub use walk::reachable;

use serde::Serialize;

use crate::diag::Origin;

/// A wire name together with the Rust identifier chosen for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Name {
    /// The name as it appears in the spec / on the wire.
    pub original: String,
    /// The sanitized, collision-free Rust identifier (without `r#`).
    pub rust: String,
}

/// Documentation carried from the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Docs {
    /// One-line summary (or title).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Longer description (CommonMark).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Marked deprecated in the spec.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// The whole API.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// The spec file this API came from.
    pub source: String,
    /// The root document (its file), to tell its schemas from those of referenced files.
    /// Not in the IR snapshots: `source` shows the same path.
    #[serde(skip)]
    pub origin: Origin,
    /// `info` of the spec.
    pub info: Info,
    /// Settings for the generated crate.
    pub settings: Settings,
    /// Server URLs as written.
    pub servers: Vec<String>,
    /// The base URL the client uses unless configured otherwise: the first server that is
    /// an absolute `http(s)` URL once its variables take their defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_base_url: Option<String>,
    /// How the client authenticates.
    pub auth: Option<Auth>,
    /// Operation groups (from tags), in order of first appearance.
    pub groups: Vec<Group>,
    /// Every named type.
    pub types: Vec<TypeDef>,
    /// Variants of the generated `ErrorBody` enum: every error body type any operation
    /// declares, in first-use order.
    pub error_bodies: Vec<Variant>,
    /// The distinct error tables of the operations, in operation order: operations that
    /// declare the same ones share a decoding function. Derived from the operations'
    /// `errors`, so not in the IR snapshots.
    #[serde(skip)]
    pub error_tables: Vec<ErrorTable>,
    /// Operations that are not in any tag: methods of the client itself.
    pub client_operations: Vec<Operation>,
}

impl Api {
    /// Every operation with its group (`None`: a method of the client itself), in
    /// emission order.
    pub fn operations_with_groups(&self) -> impl Iterator<Item = (Option<&Group>, &Operation)> {
        self.groups
            .iter()
            .flat_map(|group| group.operations.iter().map(move |op| (Some(group), op)))
            .chain(self.client_operations.iter().map(|op| (None, op)))
    }

    /// Operations in all groups and on the client itself.
    pub fn operation_count(&self) -> usize {
        self.operations().count()
    }
}

/// `info` of the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    /// API title.
    pub title: String,
    /// API version.
    pub version: String,
    /// Spec version (`3.0.3`, `3.1.0`).
    pub openapi: String,
    /// API description.
    pub docs: Docs,
}

/// Settings of the generated crate, from `x-rust-sdk` and the generator config.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// Cargo package name.
    pub crate_name: String,
    /// The library (and module file) name: the crate name as an identifier. Derived from
    /// `crate_name`, so not in the IR snapshots.
    #[serde(skip)]
    pub library_name: String,
    /// Cargo package version.
    pub crate_version: String,
    /// Environment variables read for the API key, most preferred first.
    pub api_key_env: Vec<String>,
    /// Environment variable that overrides the base URL.
    pub base_url_env: Option<String>,
    /// The header (lower case) carrying a key generated once per call, and sent again on
    /// each retry, on requests other than GET and HEAD (`x-rust-sdk.idempotency-header`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_header: Option<String>,
}

/// How credentials are sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <key>` (the key is `user:password`, base64 by the caller).
    Basic,
    /// The key in a header with this name.
    Header(String),
    /// The key in a query parameter with this name.
    Query(String),
}

/// A group of operations reached as `client.<group>()`.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// Tag name and Rust names: `rust` is the accessor method and module (snake case).
    pub name: Name,
    /// The handle type (`Batches`).
    pub handle: String,
    /// The cargo feature of the generated crate that compiles the group (`batches`).
    pub feature: String,
    /// Tag description.
    pub docs: Docs,
    /// The operations.
    pub operations: Vec<Operation>,
}
