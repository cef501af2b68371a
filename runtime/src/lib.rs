//! The runtime of every generated SDK, written as ordinary Rust.
//!
//! The generator embeds these modules into each crate or module it writes: `client.rs`,
//! `error.rs` and the `runtime/` folder become the generated `client`, `error` and
//! `runtime` modules, with only the pieces the API uses (see the features in
//! `Cargo.toml`). Here every piece is on, so the code is compiled, linted, documented and
//! unit-tested like any other crate.
//!
//! Two conventions make that possible:
//! - `#[cfg(feature = "…")]` on an item, field, statement or match arm marks the piece it
//!   belongs to; the generator keeps it only when the API uses that piece, and removes the
//!   attribute.
//! - `#[cfg(not(generated))]` marks a stand-in for what the generator writes per API (the
//!   default base URL, the environment variables, the `ErrorBody` enum); stand-ins are
//!   never embedded.
//!
//! Paths between modules are relative (`super::error::Error`), because a generated module
//! may be `include!`d anywhere in a user's crate.
#![forbid(unsafe_code)]
#![allow(
    dead_code,
    unused_imports,
    unused_macros,
    reason = "the generated operations and types call these helpers (through the re-exports \
              of `runtime/mod.rs`); the runtime alone has no callers"
)]

// Like a generated crate, the client and its errors exist only for an API with operations.
#[cfg(feature = "operations")]
pub mod client;
#[cfg(feature = "operations")]
pub mod error;
pub mod runtime;

#[cfg(all(feature = "operations", any(feature = "wait", feature = "binary")))]
pub use client::BoxFuture;
#[cfg(all(feature = "operations", feature = "binary"))]
pub use client::ByteStream;
#[cfg(feature = "operations")]
pub use client::{
    CallFuture, Client, ClientBuilder, ListStream, RequestOptions, Response, ResponseFuture,
};
#[cfg(feature = "operations")]
pub use error::{ApiError, ApiErrorKind, Error, ErrorBody};
