//! The serde model of the OpenAPI 3.0 / 3.1 subset the generator reads.
//!
//! The model is deliberately raw: it mirrors the document, keeps the author's order
//! (`IndexMap`) and leaves every interpretation (references, nullability, naming) to
//! `lower`. Unknown keys are ignored so that specs carrying vendor extensions or newer
//! keywords still load; `lower` reports the constructs it cannot honour.

mod document;
pub mod load;
pub mod overlay;
mod schema_level;
mod strict;
pub(crate) mod yaml_events;
pub(crate) mod yaml_parts;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;

/// The root of an OpenAPI document.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Document {
    pub openapi: String,
    pub info: Info,
    #[serde(default)]
    pub servers: Vec<Server>,
    #[serde(default)]
    pub paths: IndexMap<String, RefOr<PathItem>>,
    #[serde(default)]
    pub components: Components,
    #[serde(default)]
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// `x-rust-sdk`: generator settings that OpenAPI cannot express.
    #[serde(rename = "x-rust-sdk", default)]
    pub sdk: SdkExtension,
}

/// Settings read from the document's top-level `x-rust-sdk` extension.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SdkExtension {
    /// Name of the generated crate (Cargo package name).
    pub crate_name: Option<String>,
    /// Version of the generated crate.
    pub crate_version: Option<String>,
    /// Environment variables read for the API key, in order of preference.
    #[serde(default)]
    pub api_key_env: Vec<String>,
    /// Environment variable that overrides the base URL.
    pub base_url_env: Option<String>,
    /// Header carrying an idempotency key on requests other than GET and HEAD.
    pub idempotency_header: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Info {
    pub title: String,
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Server {
    pub url: String,
    #[serde(default)]
    pub variables: IndexMap<String, ServerVariable>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerVariable {
    #[serde(default)]
    pub default: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Tag {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Components {
    #[serde(default)]
    pub schemas: IndexMap<String, Schema>,
    #[serde(default, rename = "securitySchemes")]
    pub security_schemes: IndexMap<String, RefOr<SecurityScheme>>,
}

/// Either a `$ref` or an inline value.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RefOr<T> {
    Ref(Reference),
    Item(T),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Reference {
    #[serde(rename = "$ref")]
    pub reference: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PathItem {
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Shared parameters: only their list is checked here; `lower` reads each one (maybe a
    /// `$ref`) from the tree.
    #[allow(
        dead_code,
        reason = "read for its shape only; lower reads it from the tree"
    )]
    #[serde(default)]
    pub parameters: Vec<IgnoredAny>,
    pub get: Option<Operation>,
    pub put: Option<Operation>,
    pub post: Option<Operation>,
    pub delete: Option<Operation>,
    pub options: Option<Operation>,
    pub head: Option<Operation>,
    pub patch: Option<Operation>,
    pub trace: Option<Operation>,
}

impl PathItem {
    /// The operations of this path item, in the fixed order of the OpenAPI field list.
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Operation)> {
        [
            ("get", &self.get),
            ("put", &self.put),
            ("post", &self.post),
            ("delete", &self.delete),
            ("options", &self.options),
            ("head", &self.head),
            ("patch", &self.patch),
            ("trace", &self.trace),
        ]
        .into_iter()
        .filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Operation {
    #[serde(default, rename = "operationId")]
    pub operation_id: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub deprecated: bool,
    /// Parameters, the request body and the responses: only their shape is checked here
    /// (a list, anything, a map); `lower` reads them (maybe `$ref`s) from the tree.
    #[allow(
        dead_code,
        reason = "read for its shape only; lower reads it from the tree"
    )]
    #[serde(default)]
    pub parameters: Vec<IgnoredAny>,
    #[allow(
        dead_code,
        reason = "read for its shape only; lower reads it from the tree"
    )]
    #[serde(default, rename = "requestBody")]
    pub request_body: Option<IgnoredAny>,
    #[allow(
        dead_code,
        reason = "read for its shape only; lower reads it from the tree"
    )]
    #[serde(default)]
    pub responses: Option<IndexMap<String, IgnoredAny>>,
    #[serde(default)]
    pub security: Option<Vec<IndexMap<String, Vec<String>>>>,
    /// `x-pagination`: how a list operation pages, or `false` for no paging helpers
    /// (see the README).
    #[serde(default, rename = "x-pagination")]
    pub pagination: Option<PaginationSetting>,
    /// `x-rust-name`: overrides the Rust method name.
    #[serde(default, rename = "x-rust-name")]
    pub rust_name: Option<String>,
    /// Callbacks (not generated; reported).
    #[serde(default)]
    pub callbacks: Option<IgnoredAny>,
    /// `x-wait`: generate a helper that polls this operation until a terminal status.
    #[serde(default, rename = "x-wait")]
    pub wait: Option<Wait>,
}

/// The `x-wait` extension of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Wait {
    /// Name of the generated helper (default `wait`).
    #[serde(default)]
    pub method: Option<String>,
    /// Property of the response that holds the status.
    pub status_field: String,
    /// Status values that end the wait.
    pub terminal: Vec<String>,
}

/// `x-pagination` as written: `false` (no paging, not even detected) or the settings.
#[derive(Debug, Clone)]
pub enum PaginationSetting {
    /// `x-pagination: false`.
    Off,
    /// `x-pagination: {style: cursor, …}`.
    Cursor(Pagination),
}

impl<'de> Deserialize<'de> for PaginationSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Bool(false) => Ok(PaginationSetting::Off),
            value => Pagination::deserialize(value)
                .map(PaginationSetting::Cursor)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// The `x-pagination` extension of an operation.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pagination {
    pub style: PaginationStyle,
    pub page_token_param: String,
    pub next_token_field: String,
    pub items_field: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaginationStyle {
    Cursor,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub schema: Option<Value>,
    #[serde(default)]
    pub style: Option<String>,
    #[serde(default)]
    pub explode: Option<bool>,
    #[serde(default)]
    pub content: Option<IndexMap<String, Value>>,
    #[serde(default)]
    pub example: Option<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RequestBody {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub content: IndexMap<String, MediaType>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MediaType {
    #[serde(default)]
    pub schema: Option<Value>,
    #[serde(default)]
    pub example: Option<Value>,
    #[serde(default)]
    pub examples: Option<IndexMap<String, Value>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type")]
pub enum SecurityScheme {
    #[serde(rename = "http")]
    Http { scheme: String },
    #[serde(rename = "apiKey")]
    ApiKey {
        name: String,
        #[serde(rename = "in")]
        location: String,
    },
    #[serde(rename = "oauth2")]
    OAuth2 {},
    #[serde(rename = "openIdConnect")]
    OpenIdConnect {},
    #[serde(rename = "mutualTLS")]
    MutualTls {},
}

/// A JSON Schema object as OpenAPI uses it. Sub-schemas stay raw (`Value`) so that
/// `lower` can follow them with an exact JSON pointer and resolve `$ref`s lazily.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Schema {
    #[serde(default, rename = "$ref")]
    pub reference: Option<String>,
    #[serde(default, rename = "type")]
    pub types: Option<TypeSet>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub nullable: bool,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default, rename = "enum")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(default, rename = "const")]
    pub const_value: Option<Value>,
    #[serde(default)]
    pub properties: IndexMap<String, Value>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default, rename = "additionalProperties")]
    pub additional_properties: Option<Value>,
    #[serde(default)]
    pub items: Option<Value>,
    #[serde(default, rename = "prefixItems")]
    pub prefix_items: Option<Vec<Value>>,
    #[serde(default, rename = "allOf")]
    pub all_of: Option<Vec<Value>>,
    #[serde(default)]
    pub not: Option<Value>,
    #[serde(default, rename = "oneOf")]
    pub one_of: Option<Vec<Value>>,
    #[serde(default, rename = "anyOf")]
    pub any_of: Option<Vec<Value>>,
    #[serde(default)]
    pub discriminator: Option<Discriminator>,
    #[serde(default)]
    pub minimum: Option<serde_json::Number>,
    #[serde(default)]
    pub maximum: Option<serde_json::Number>,
    #[serde(default)]
    pub example: Option<Value>,
    #[serde(default)]
    pub examples: Option<Value>,
    /// `x-rust-name`: overrides the Rust name of the type or field.
    #[serde(default, rename = "x-rust-name")]
    pub rust_name: Option<String>,
}

/// `type` is a string in 3.0 and a string or an array of strings in 3.1.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TypeSet {
    One(String),
    Many(Vec<String>),
}

impl TypeSet {
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeSet::One(name) => vec![name.as_str()],
            TypeSet::Many(names) => names.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Discriminator {
    #[serde(rename = "propertyName")]
    pub property_name: String,
    #[serde(default)]
    pub mapping: IndexMap<String, String>,
}
