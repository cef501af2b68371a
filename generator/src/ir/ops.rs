//! Operations: requests and responses.

use serde::Serialize;

use super::{Auth, Docs, Name, TypeRef};
use crate::diag::Origin;

/// One HTTP operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `operationId` and the Rust method name inside its group.
    pub name: Name,
    /// The Rust name of the parameters struct (`CreateBatchParams`), if the operation has inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params_type: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template.
    pub path: PathTemplate,
    /// Docs.
    pub docs: Docs,
    /// Parameters in order: path, query, header, cookie (each in spec order).
    pub params: Vec<Param>,
    /// The request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// The success response.
    pub success: Success,
    /// Error responses with a typed body (status or `default`).
    pub errors: Vec<ErrorResponse>,
    /// Index of these errors in `Api::error_tables`, if there are any. Derived from
    /// `errors`, so not in the IR snapshots.
    #[serde(skip)]
    pub error_table: Option<usize>,
    /// Rust name of the variant that returns the body as a stream of chunks
    /// (`download_stream`): binary responses only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_method: Option<String>,
    /// Cursor pagination, when declared with `x-pagination`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// How this operation authenticates (`None`: no credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth: Option<Auth>,
    /// Polling until a terminal status, when declared with `x-wait`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<Wait>,
    /// The `Accept` sent when the caller does not choose one: the example or default of
    /// an `Accept` header parameter the spec declares, instead of the one the response
    /// body implies (Lichess lets callers pick PGN or NDJSON so).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
    /// Where the operation is.
    pub origin: Origin,
    /// Names of the generated tests of the operation (`--with-tests`); not in the IR
    /// snapshots (the generated tests show them).
    #[serde(skip)]
    pub tests: OperationTests,
}

/// Names of the generated tests of an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OperationTests {
    /// The call with the required parameters only.
    pub required_params: String,
    /// The call with every parameter, when some are optional.
    pub all_params: Option<String>,
}

/// A path like `/api/v2/batches/{batch_id}` split into parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    /// The template as written.
    pub raw: String,
    /// Literal text and parameters in order.
    pub parts: Vec<PathPart>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// A `{name}` placeholder.
    Param(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// As a header.
    Header,
    /// As a cookie.
    Cookie,
}

/// How a query parameter is serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryStyle {
    /// `form`, `explode: true`: arrays as repeated keys, objects as one key per property.
    FormExploded,
    /// `form`, `explode: false`: comma-separated.
    Form,
    /// `deepObject`: `name[prop]=value`.
    DeepObject,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
}

/// One parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Wire name and Rust field name.
    pub name: Name,
    /// Where it goes.
    pub location: ParamLocation,
    /// Required by the spec.
    pub required: bool,
    /// Type of a present value.
    pub ty: TypeRef,
    /// Query serialization.
    pub style: QueryStyle,
    /// An example value from the spec (the parameter's or its schema's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// Docs.
    pub docs: Docs,
    /// Where the parameter is.
    pub origin: Origin,
}

impl Param {
    /// A header parameter named `Accept` (any case): it picks the response's media type.
    pub fn is_accept(&self) -> bool {
        self.location == ParamLocation::Header && self.name.original.eq_ignore_ascii_case("accept")
    }
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyEncoding {
    /// `application/json` (and `+json`).
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/plain`.
    Text,
    /// Raw bytes.
    Binary,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// Encoding.
    pub encoding: BodyEncoding,
    /// Rust type of the body.
    pub ty: TypeRef,
    /// Required by the spec.
    pub required: bool,
    /// Docs.
    pub docs: Docs,
    /// Where the body is.
    pub origin: Origin,
}

/// How the success response is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ResponseBody {
    /// No body (`()`).
    Empty,
    /// JSON decoded into a type.
    Json(TypeRef),
    /// Decoded by status into a [`TypeKind::ByStatus`](super::TypeKind::ByStatus) enum.
    ByStatus(super::TypeId),
    /// Text.
    Text,
    /// Bytes.
    Binary,
}

/// The success response of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Success {
    /// Declared status (`201`), or `2XX`.
    pub status: String,
    /// Body.
    pub body: ResponseBody,
    /// Description.
    pub docs: Docs,
    /// An example of the body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// The media types the response declares (`content`'s keys); not in the IR snapshots.
    #[serde(skip)]
    pub media_types: Vec<String>,
}

/// A declared error response with a JSON body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorResponse {
    /// Status code; `None` for `default`; `Some(400)` with `range: true` for `4XX`.
    pub status: Option<u16>,
    /// `4XX`-style range.
    pub range: bool,
    /// Name of the `ErrorBody` variant the body decodes into.
    pub variant: String,
}

/// The typed error responses shared by one or more operations, decoded by one function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorTable {
    /// Rust name of the decoding function (`error_body_1`).
    pub function: String,
    /// The responses, as each of the operations declares them.
    pub responses: Vec<ErrorResponse>,
}

/// Cursor pagination of a list operation.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    /// Rust name of the query field carrying the token.
    pub page_token_param: String,
    /// Rust name of the response field with the next token.
    pub next_token_field: String,
    /// Rust name of the response field with the items.
    pub items_field: String,
    /// Type of one item.
    pub item_ty: TypeRef,
    /// The page-token parameter is required (not an `Option`).
    pub token_required: bool,
    /// The next-token field is an `Option`.
    pub next_token_optional: bool,
    /// The items field is an `Option`.
    pub items_optional: bool,
    /// Rust name of the method that streams pages (`list_pages`).
    pub pages_method: String,
    /// Rust name of the method that streams items (`list_all`).
    pub items_method: String,
}

/// Polling an operation until its response reaches a terminal status.
#[derive(Debug, Clone, Serialize)]
pub struct Wait {
    /// Rust name of the helper method.
    pub method: String,
    /// Rust name of the status field of the response.
    pub status_field: String,
    /// The status field is an `Option`.
    pub status_optional: bool,
    /// Wire values that end the wait.
    pub terminal: Vec<String>,
}
