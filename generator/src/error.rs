//! The generator's one error type: what stops a run, for the CLI and for build scripts.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::write;

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
    /// Writing would overwrite existing files that the generator did not write; nothing
    /// was written. [`Config::force`](crate::Config::force) (`--force`) overwrites them.
    #[error("{}", not_owned_message(dir, files, *by_manifest))]
    NotOwned {
        /// The output folder.
        dir: PathBuf,
        /// The files, relative to `dir`.
        files: Vec<PathBuf>,
        /// Whether ownership is decided by the folder's manifest (crate output) rather
        /// than by the `@generated` line (module output).
        by_manifest: bool,
    },
    /// A setting given by the caller (not the spec) is invalid, such as a crate name from
    /// `--name` or [`Config::crate_name`](crate::Config::crate_name).
    #[error("{0}")]
    InvalidSetting(String),
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

fn not_owned_message(dir: &Path, files: &[PathBuf], by_manifest: bool) -> String {
    let why = if by_manifest {
        format!("they are not listed in its `{}`", write::MANIFEST)
    } else {
        "they do not start with its `@generated` line".to_string()
    };
    let mut text = format!(
        "refusing to overwrite {} file(s) in {} that the generator did not write ({why}):\n",
        files.len(),
        dir.display()
    );
    for file in files {
        text.push_str(&format!("  {}\n", file.display()));
    }
    text.push_str("nothing was written; move them away, or overwrite them with `--force` (`Config::force` or `Generated::force` from a build script)");
    text
}
