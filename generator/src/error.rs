//! The generator's one error type: what stops a run, for the CLI and for build scripts.

use std::path::PathBuf;

use crate::diag::Diagnostics;

/// Everything that can stop a generation.
///
/// `Debug` prints the same text as `Display`, so that a build script's
/// `fn main() -> Result<(), Box<dyn Error>>` or `unwrap()` shows the rendered diagnostics
/// rather than a dump of their fields.
#[derive(thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The spec has problems; all of them are listed.
    #[error("{0}")]
    Spec(Diagnostics),
    /// The generator produced Rust that does not parse: a bug in the generator.
    #[error(
        "generator bug: emitted invalid Rust in {file}: {message}; please report it with the spec"
    )]
    InvalidOutput {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
    /// A template failed to render: a bug in the generator.
    #[error("generator bug: template failed: {0}")]
    Template(askama::Error),
    /// Checked-in output differs from what the spec generates.
    #[error("{}", stale_message(.0, .1))]
    Stale(Vec<PathBuf>, String),
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

fn stale_message(paths: &[PathBuf], command: &str) -> String {
    let mut text = String::from("generated files are out of date:\n");
    for path in paths {
        text.push_str(&format!("  stale: {}\n", path.display()));
    }
    text.push_str(&format!("run `{command}` and commit the result"));
    text
}
