//! `generator diff OLD NEW`: the command line of the diff (`main.rs` hands it the
//! arguments when the first one is `diff`).
//!
//! Exit status: 0 when the report does not reach `--fail-on` (or there is none), 1 when
//! it does, 2 for a usage error, 3 when a spec does not load (its diagnostics are
//! printed) or a git revision cannot be read.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use super::{FailOn, Format, Input};

/// Compare two OpenAPI specs as APIs: every change, located in both, with a verdict on
/// the wire (do existing clients break) and in Rust (does code written against the old
/// generated crate still compile), and the version bump the crate needs.
#[derive(Debug, Parser)]
#[command(
    name = "generator diff",
    after_help = "Exit status: 0 when no change reaches --fail-on, 1 when one does, 2 for a usage error, 3 when a spec does not load or a revision cannot be read."
)]
pub struct DiffArgs {
    /// The old spec: a file, or `REV:PATH` read from git (`main:spec/batches.yaml`).
    pub old: String,
    /// The new spec: a file, or `REV:PATH`.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Exit with status 1 when a change reaches this level: `breaking` (breaks clients
    /// on the wire), `rust-breaking` (breaks on the wire or in Rust), `any`.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
}

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// A summary for a terminal (colour only on a terminal, never with `NO_COLOR`).
    Text,
    /// Markdown for a pull-request comment.
    Markdown,
    /// JSON (schema `generator-diff/1`).
    Json,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FailOnArg {
    /// A change breaks clients on the wire.
    Breaking,
    /// A change breaks on the wire or in Rust.
    RustBreaking,
    /// Any change.
    Any,
}

/// For `generator --check` when the output is stale: how to review the spec's change
/// since the last commit as an API change (`None` for a spec outside the current folder,
/// which `HEAD:PATH` cannot name). Spelled with `cargo run`, as the stale message is.
pub fn review_hint(spec: &std::path::Path) -> Option<String> {
    if spec.is_absolute() || spec.starts_with("..") {
        return None;
    }
    let path: Vec<String> = spec
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let path = path.join("/");
    // From the repository root, `HEAD:spec.yaml`; elsewhere `./` makes git read it
    // relative to the current folder.
    let rev_path = if std::path::Path::new(".git").exists() {
        format!("HEAD:{path}")
    } else {
        format!("HEAD:./{path}")
    };
    Some(format!(
        "if the spec changed, review the change as an API change: `cargo run -p generator -- diff {rev_path} {path}`"
    ))
}

/// Whether the command line asks for the `diff` subcommand.
pub fn is_diff(args: &[OsString]) -> bool {
    args.get(1).is_some_and(|arg| arg == "diff")
}

/// Runs `generator diff` with `args` (the program name first, then `diff`).
pub fn run(args: &[OsString]) -> ExitCode {
    let argv =
        std::iter::once(OsString::from("generator diff")).chain(args.iter().skip(2).cloned());
    let args = match DiffArgs::try_parse_from(argv) {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let report = match super::diff_inputs(&Input::parse(&args.old), &Input::parse(&args.new)) {
        Ok(report) => report,
        Err(crate::Error::Spec(diagnostics)) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprintln!("{}", diagnostics.render(color));
            return ExitCode::from(3);
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(3);
        }
    };
    let format = match args.format {
        FormatArg::Text => Format::Text,
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
    };
    let color = matches!(format, Format::Text)
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    // A closed stdout (`| head`) is not an error of the diff.
    let _ = std::io::stdout()
        .lock()
        .write_all(report.render(format, color).as_bytes());
    let failed = args.fail_on.is_some_and(|level| {
        report.fails(match level {
            FailOnArg::Breaking => FailOn::Breaking,
            FailOnArg::RustBreaking => FailOn::RustBreaking,
            FailOnArg::Any => FailOn::Any,
        })
    });
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
