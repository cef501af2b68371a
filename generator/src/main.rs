//! Command-line front end: arguments → `Config` → write or check. No logic of its own.

use std::io::IsTerminal;
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
/// (run it from the repository root). Files are written only when their content changes, and generated
/// files that are no longer produced are removed.
///
/// `generator diff OLD NEW` compares two specs as APIs (see `generator diff --help`).
#[derive(Debug, Parser)]
#[command(name = "generator", version)]
struct Args {
    /// The OpenAPI file (YAML or JSON).
    #[arg(long, default_value = "spec/batches.yaml")]
    spec: PathBuf,
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
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let defaults = args.spec.as_path() == std::path::Path::new("spec/batches.yaml")
        && args.out.as_path() == std::path::Path::new("generated")
        && args.name.is_none();
    let command = if defaults {
        "cargo run -p generator".to_string()
    } else {
        let mut command = format!(
            "cargo run -p generator -- --spec {} --out {}",
            args.spec.display(),
            args.out.display()
        );
        if let Some(name) = &args.name {
            command.push_str(&format!(" --name {name}"));
        }
        if args.with_tests {
            command.push_str(" --with-tests");
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
        .with_tests(with_tests);
    if let Some(name) = &args.name {
        config.crate_name(name);
    }
    // Colour only on a terminal, and never when NO_COLOR is set.
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let generated = match config.generate() {
        Ok(generated) => generated,
        Err(generator::Error::Spec(diagnostics)) => {
            eprintln!("{}", diagnostics.render(color));
            return ExitCode::from(1);
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(1);
        }
    };
    if !generated.warnings.is_empty() {
        eprintln!("{}", generated.warnings.render(color));
    }
    if args.check {
        return match generated.check_against(&args.out) {
            Ok(()) => {
                eprintln!("{} is up to date", args.out.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                if let Some(hint) = generator::diff::cli::review_hint(&args.spec) {
                    eprintln!("{hint}");
                }
                ExitCode::from(1)
            }
        };
    }
    match generated.write_to(&args.out) {
        Ok(drift) => {
            let changed = drift.changed.len() + drift.missing.len();
            eprintln!(
                "{}: {} file(s) written, {} removed, {} unchanged ({} operations, {} types)",
                args.out.display(),
                changed,
                drift.extra.len(),
                generated.files.len() - changed,
                generated.operations,
                generated.types,
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(1)
        }
    }
}
