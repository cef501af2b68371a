//! Command-line front end: arguments → `Config` → write or check. No logic of its own.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

// Generation allocates many small token trees; the system allocator took about a quarter
// of the run time (see BENCHMARKS.md). Library users (build scripts) keep their own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a Rust SDK crate from an OpenAPI 3.0 / 3.1 description.
///
/// With no arguments, regenerates `generated/` (with its tests) from `spec/batches.yaml`
/// (run it from the repository root). Files are written only when their content changes;
/// the files written are listed in `<out>/.generator-manifest`, and those no longer
/// produced are removed. Existing files it did not write are never overwritten without
/// `--force`.
///
/// `generator diff OLD NEW` compares two specs as APIs (see `generator diff --help`).
#[derive(Debug, Parser)]
#[command(name = "generator", version)]
struct Args {
    /// The OpenAPI file (YAML or JSON).
    #[arg(long, default_value = "spec/batches.yaml")]
    spec: PathBuf,
    /// An OpenAPI Overlay (Overlay 1.0) to apply to the spec first; repeat it to apply
    /// several, in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// Folder of the generated crate.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// Crate name (overrides `x-rust-sdk.crate-name` in the spec).
    #[arg(long)]
    name: Option<String>,
    /// Write nothing; exit 1 and list every stale, missing or extra file if the output
    /// folder is not up to date.
    #[arg(long)]
    check: bool,
    /// Treat warnings about the spec as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Overwrite existing files in the output folder that the generator did not write
    /// (files not listed in its `.generator-manifest`); without it, such files stop the
    /// run and are listed.
    #[arg(long)]
    force: bool,
    /// Print where the time went (load, lower, emit, format, render, write) to stderr.
    #[arg(long, hide = true)]
    timings: bool,
    /// Generate the data types only: no client, errors or operations (nor their
    /// dependencies).
    #[arg(long)]
    types_only: bool,
    /// Also generate tests for the SDK (`tests/api.rs`): every operation against the mock
    /// server in `TEST_API_BASE_URL`, and a round trip of every schema example.
    #[arg(long)]
    with_tests: bool,
}

fn main() -> ExitCode {
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if generator::diff::cli::is_diff(&arguments) {
        return generator::diff::cli::run(&arguments);
    }
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            // Help or usage text that cannot be printed (a closed pipe) is a failure too.
            return match error.print() {
                Ok(()) => ExitCode::from(code),
                Err(_) => ExitCode::from(code.max(1)),
            };
        }
    };
    let mut stderr = std::io::stderr();
    let (status, reported) = run(&args, &mut stderr);
    // A stderr that cannot be written (a pipe whose reader is gone) must not turn into a
    // panic: the run still ends, with status 1 if it had succeeded.
    match reported {
        Ok(()) => ExitCode::from(status),
        Err(_) => ExitCode::from(status.max(1)),
    }
}

/// Runs the command; returns its exit status and whether every message could be written.
fn run(args: &Args, stderr: &mut impl Write) -> (u8, std::io::Result<()>) {
    let defaults = args.spec.as_path() == std::path::Path::new("spec/batches.yaml")
        && args.out.as_path() == std::path::Path::new("generated")
        && args.name.is_none()
        && args.overlays.is_empty();
    let command = if defaults {
        "cargo run -p generator".to_string()
    } else {
        let mut command = format!(
            "cargo run -p generator -- --spec {} --out {}",
            args.spec.display(),
            args.out.display()
        );
        for overlay in &args.overlays {
            command.push_str(&format!(" --overlay {}", overlay.display()));
        }
        if let Some(name) = &args.name {
            command.push_str(&format!(" --name {name}"));
        }
        if args.with_tests {
            command.push_str(" --with-tests");
        }
        if args.types_only {
            command.push_str(" --types-only");
        }
        command
    };
    // The checked-in SDK carries its generated tests, so `cargo test` compiles them.
    let with_tests = args.with_tests || defaults;
    let mut config = generator::Config::new();
    config
        .spec(&args.spec)
        .regenerate_command(&command)
        .deny_warnings(args.deny_warnings)
        .with_tests(with_tests)
        .types_only(args.types_only)
        .force(args.force)
        // The process ends right after: its exit frees the spec and the IR at once.
        .free_memory(false);
    if let Some(name) = &args.name {
        config.crate_name(name);
    }
    if !args.check {
        config.output_hint(&args.out);
    }
    for overlay in &args.overlays {
        config.overlay(overlay);
    }
    // Colour only on a terminal, and never when NO_COLOR is set.
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let generated = match config.generate() {
        Ok(generated) => generated,
        Err(generator::Error::Spec(diagnostics)) => {
            return (1, writeln!(stderr, "{}", diagnostics.render(color)));
        }
        Err(error) => return (1, writeln!(stderr, "{error}")),
    };
    let warned = if generated.warnings.is_empty() {
        Ok(())
    } else {
        writeln!(stderr, "{}", generated.warnings.render(color))
    };
    let (status, result) = if args.check {
        match generated.check_against(&args.out) {
            Ok(()) => (0, writeln!(stderr, "{} is up to date", args.out.display())),
            Err(error) => {
                let written = writeln!(stderr, "{error}");
                // Stale because the spec changed: how to review that change as an API change.
                let hint = match generator::diff::cli::review_hint(&args.spec) {
                    Some(hint) => writeln!(stderr, "{hint}"),
                    None => Ok(()),
                };
                (1, written.and(hint))
            }
        }
    } else {
        let writing = std::time::Instant::now();
        let written = generated.write_to(&args.out);
        if args.timings {
            let t = generated.timings;
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            let _ = writeln!(
                stderr,
                "timings: load {:.1} ms, lower {:.1} ms, files {:.1} ms wall (threads: emit {:.1} ms, format {:.1} ms, render {:.1} ms, locate {:.1} ms), write {:.1} ms",
                ms(t.load),
                ms(t.lower),
                ms(t.files),
                ms(t.emit),
                ms(t.format),
                ms(t.render),
                ms(t.locate),
                ms(writing.elapsed()),
            );
        }
        match written {
            Ok(drift) => {
                let written = drift.changed.len() + drift.missing.len();
                let summary = writeln!(
                    stderr,
                    "{}: {} file(s) written, {} removed, {} unchanged ({} operations, {} types)",
                    args.out.display(),
                    written,
                    drift.extra.len(),
                    drift.unchanged.len(),
                    generated.operations,
                    generated.types,
                );
                (0, summary)
            }
            Err(error) => (1, writeln!(stderr, "{error}")),
        }
    };
    // Likewise the files and the warnings.
    std::mem::forget(generated);
    (status, warned.and(result))
}
