//! OpenAPI 3.0 / 3.1 → Rust SDK generator.
//!
//! The pipeline has one stage per module: `spec` loads the YAML or JSON file, `lower`
//! turns it into the [`ir`], `check` validates it, `emit` builds Rust with `quote` (and
//! embeds the SDK runtime, ordinary Rust in the workspace's `runtime/` crate), `render`
//! fills the askama templates, `format` runs syn + prettyplease, and `write` puts files on
//! disk (only those that changed). `pipeline` is the one place that runs them in order.
//!
//! ```no_run
//! let generated = generator::Config::new()
//!     .spec("spec/batches.yaml")
//!     .generate()
//!     .expect("spec is valid");
//! generated.write_to("generated").expect("folder is writable");
//! ```
#![deny(missing_docs)]

mod check;
pub mod diag;
pub mod diff;
mod emit;
mod error;
mod escape;
mod format;
pub mod ir;
mod limits;
mod lower;
mod parallel;
mod pipeline;
mod render;
mod spec;
#[cfg(test)]
mod test_support;
mod write;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics, Origin, Severity};
pub use diff::diff;
pub use error::Error;
pub use write::Drift;

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A complete crate: `Cargo.toml`, `README.md`, `src/**`.
    Crate,
    /// One self-contained module file, for `include!` from a build script.
    Module,
}

/// Generator settings, in the style of `prost_build::Config`.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    overlays: Vec<PathBuf>,
    crate_name: Option<String>,
    output: Output,
    regenerate_command: Option<String>,
    deny_warnings: bool,
    out_dir: Option<PathBuf>,
    emit_rerun_if_changed: Option<bool>,
    with_tests: bool,
    types_only: bool,
    threads: usize,
    force: bool,
    free_memory: bool,
    output_hint: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// Defaults: spec `openapi.yaml`, a whole crate, warnings allowed; for [`Config::compile`],
    /// output into `$OUT_DIR` with `cargo:rerun-if-changed` lines.
    pub fn new() -> Self {
        Config {
            spec: PathBuf::from("openapi.yaml"),
            overlays: Vec::new(),
            crate_name: None,
            output: Output::Crate,
            regenerate_command: None,
            deny_warnings: false,
            out_dir: None,
            emit_rerun_if_changed: None,
            with_tests: false,
            types_only: false,
            threads: 0,
            force: false,
            free_memory: true,
            output_hint: None,
        }
    }

    /// Whether [`Config::generate`] frees the parsed spec and the IR before it returns
    /// (default: yes). A process that ends right after generating, as the command-line
    /// tool does, can leave that to the operating system, like rustc leaves its arenas:
    /// on a large spec that is about 3 % of the run.
    ///
    /// ```
    /// generator::Config::new().free_memory(false);
    /// ```
    pub fn free_memory(&mut self, free: bool) -> &mut Self {
        self.free_memory = free;
        self
    }

    /// The folder the generated crate will be written to with [`Generated::write_to`].
    /// When it is a fresh output (missing, or without a manifest), [`Config::generate`]
    /// creates empty files there on a thread of its own while it lowers the spec (which
    /// leaves a core idle), and writing fills and renames them: creating files is most
    /// of the time writing takes. Files not used are removed after writing, or when
    /// generation fails, and so is the folder if it was made for them.
    ///
    /// ```
    /// generator::Config::new().output_hint("sdk");
    /// ```
    pub fn output_hint(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.output_hint = Some(dir.into());
        self
    }

    /// Overwrites existing files in the output folder that the generator did not write
    /// (default: refuse, with [`Error::NotOwned`] listing them). In crate mode the
    /// generator's own files are those listed in the folder's `.generator-manifest`; in
    /// module mode, a `<name>.rs` whose first line is the `@generated` header.
    ///
    /// ```
    /// generator::Config::new().force(true);
    /// ```
    pub fn force(&mut self, force: bool) -> &mut Self {
        self.force = force;
        self
    }

    /// Also generates tests for the SDK (crate output only): `tests/api.rs` calls every
    /// operation against the mock server in `TEST_API_BASE_URL` and round-trips every
    /// schema example.
    ///
    /// ```
    /// generator::Config::new().with_tests(true);
    /// ```
    pub fn with_tests(&mut self, with_tests: bool) -> &mut Self {
        self.with_tests = with_tests;
        self
    }

    /// Generates the data types only: the structs, enums and unions of the schemas with
    /// their serde impls, and no client, errors or operations (nor their dependencies:
    /// reqwest, tokio…). For code that shares the API's types without calling it.
    ///
    /// ```
    /// generator::Config::new().types_only(true);
    /// ```
    pub fn types_only(&mut self, types_only: bool) -> &mut Self {
        self.types_only = types_only;
        self
    }

    /// The folder [`Config::compile`] writes to (default: `$OUT_DIR`).
    ///
    /// ```
    /// generator::Config::new().out_dir("target/sdk");
    /// ```
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether [`Config::compile`] prints `cargo:rerun-if-changed` for the spec and every
    /// file it references (default: when run by cargo, i.e. `CARGO` is set). Printing
    /// them makes cargo rerun the build script only when those files change, instead of
    /// on any change in the package.
    ///
    /// ```
    /// generator::Config::new().emit_rerun_if_changed(false);
    /// ```
    pub fn emit_rerun_if_changed(&mut self, emit: bool) -> &mut Self {
        self.emit_rerun_if_changed = Some(emit);
        self
    }

    /// The build-script entry point: generates one module file, writes it to the output
    /// folder as `<crate_name>.rs` (only if it changed), prints `cargo:warning` lines for
    /// the spec's warnings and `cargo:rerun-if-changed` for every file read. Returns the
    /// path of the module file, for `include!(concat!(env!("OUT_DIR"), "/<name>.rs"))`.
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), generator::Error> {
    ///     generator::Config::new().spec("spec/batches.yaml").compile()?;
    ///     Ok(())
    /// }
    /// ```
    pub fn compile(&self) -> Result<PathBuf, Error> {
        let mut config = self.clone();
        config.output(Output::Module);
        let rerun = self
            .emit_rerun_if_changed
            .unwrap_or_else(|| std::env::var_os("CARGO").is_some());
        let result = config.generate();
        // Cargo reads these lines from stdout; one that cannot be written is an error, not
        // a panic.
        let mut stdout = std::io::stdout().lock();
        let mut say = |line: String| {
            writeln!(stdout, "{line}").map_err(|source| Error::Io {
                path: PathBuf::from("<stdout>"),
                source,
            })
        };
        if rerun {
            // Also on failure: fixing the spec must rerun the build script.
            let inputs = match &result {
                Ok(generated) => generated.inputs.clone(),
                Err(_) => std::iter::once(self.spec.clone())
                    .chain(self.overlays.iter().cloned())
                    .collect(),
            };
            for input in inputs {
                say(format!("cargo:rerun-if-changed={}", input.display()))?;
            }
        }
        let mut generated = result?;
        for warning in generated.warnings.iter() {
            for line in warning.render(false).lines() {
                say(format!("cargo:warning={line}"))?;
            }
        }
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::Io {
                path: PathBuf::from("$OUT_DIR"),
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "OUT_DIR is not set: call compile() from a build script or set Config::out_dir",
                ),
            })?,
        };
        generated.force(self.force).write_to(&dir)?;
        let name = generated.files.keys().next().cloned().unwrap_or_default();
        Ok(dir.join(name))
    }

    /// The OpenAPI file to read (YAML or JSON).
    ///
    /// ```
    /// let mut config = generator::Config::new();
    /// config.spec("spec/batches.yaml");
    /// ```
    pub fn spec(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.spec = path.into();
        self
    }

    /// Adds an OpenAPI Overlay (Overlay 1.0, YAML or JSON) to apply to the spec before
    /// generation; overlays apply in the order they are added. An overlay changes a spec
    /// you do not own (adds `x-pagination`, `x-rust-name`, fixes a mistake) without
    /// editing it; see the README for the JSONPath it reads.
    ///
    /// ```
    /// generator::Config::new()
    ///     .spec("vendor/openapi.json")
    ///     .overlay("vendor/names.overlay.yaml");
    /// ```
    pub fn overlay(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.overlays.push(path.into());
        self
    }

    /// Overrides the crate name (otherwise `x-rust-sdk.crate-name`, else from the title).
    /// It must be a Cargo package name (ASCII letters, digits, `-` and `_`, starting with a
    /// letter, at most 64 characters, not a keyword once `-` becomes `_`); otherwise
    /// generation fails with [`Error::InvalidSetting`].
    ///
    /// ```
    /// generator::Config::new().crate_name("my-api");
    /// ```
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = Some(name.into());
        self
    }

    /// A whole crate (default) or one module file.
    ///
    /// ```
    /// generator::Config::new().output(generator::Output::Module);
    /// ```
    pub fn output(&mut self, output: Output) -> &mut Self {
        self.output = output;
        self
    }

    /// The command written into the `@generated` header of every file.
    ///
    /// ```
    /// generator::Config::new().regenerate_command("cargo run -p generator");
    /// ```
    pub fn regenerate_command(&mut self, command: impl Into<String>) -> &mut Self {
        self.regenerate_command = Some(command.into());
        self
    }

    /// Treats warnings as errors.
    ///
    /// ```
    /// generator::Config::new().deny_warnings(true);
    /// ```
    pub fn deny_warnings(&mut self, deny: bool) -> &mut Self {
        self.deny_warnings = deny;
        self
    }

    /// How many threads emit and format the files of a crate; `0` (the default) uses
    /// every core. The output is the same whatever the number.
    ///
    /// ```
    /// generator::Config::new().threads(1);
    /// ```
    pub fn threads(&mut self, threads: usize) -> &mut Self {
        self.threads = threads;
        self
    }

    /// The spec path.
    pub fn spec_path(&self) -> &Path {
        &self.spec
    }

    /// Loads and lowers the spec into the IR, with the warnings found.
    pub fn lower(&self) -> Result<(ir::Api, Diagnostics), Error> {
        pipeline::lower(self).map(|(api, warnings, _)| (api, warnings))
    }

    /// Generates every file in memory; touches no disk except to read the spec.
    pub fn generate(&self) -> Result<Generated, Error> {
        pipeline::generate(self)
    }
}

/// The one-line build script: generates the SDK module for `spec` into `$OUT_DIR`, or
/// prints the rendered diagnostics and fails the build.
///
/// ```no_run
/// // the body of `fn main` in build.rs:
/// generator::compile("spec/batches.yaml");
/// ```
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/llama_cloud.rs"));`
pub fn compile(spec: impl AsRef<Path>) {
    if let Err(error) = Config::new().spec(spec.as_ref()).compile() {
        // Nothing more can be done if stderr is gone; the exit status still fails the build.
        let _ = writeln!(std::io::stderr(), "{error}");
        std::process::exit(1);
    }
}

/// The generated files, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path → content, in path order.
    pub files: BTreeMap<String, String>,
    /// Warnings about the spec (errors stop generation earlier).
    pub warnings: Diagnostics,
    pub(crate) output: Output,
    pub(crate) command: String,
    /// The crate name.
    pub crate_name: String,
    /// Every file read: the spec, its overlays and the files its `$ref`s reach.
    pub inputs: Vec<PathBuf>,
    /// Number of operations in the API.
    pub operations: usize,
    /// Number of generated types.
    pub types: usize,
    /// Where the time went.
    pub timings: Timings,
    force: bool,
    /// Empty files made ready in the folder of [`Config::output_hint`].
    slots: Option<std::sync::Arc<write::Slots>>,
}

/// Where the time of one generation went: wall time of the serial stages, and the time
/// the worker threads spent in each part of the parallel one (emitting, formatting and
/// rendering run side by side on every core). For the benchmark's breakdown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading and parsing the spec (and the files it references, as lowering reaches them).
    pub load: std::time::Duration,
    /// Lowering to the IR and the whole-API checks.
    pub lower: std::time::Duration,
    /// The parallel stage, wall time.
    pub files: std::time::Duration,
    /// Thread time emitting Rust tokens.
    pub emit: std::time::Duration,
    /// Thread time parsing the tokens and formatting them (syn + prettyplease).
    pub format: std::time::Duration,
    /// Thread time rendering the text files (README, api.md, Cargo.toml; their examples
    /// formatted too).
    pub render: std::time::Duration,
    /// Thread time finding the warnings' positions in the spec text.
    pub locate: std::time::Duration,
}

impl Generated {
    /// Overwrites existing files that the generator did not write (see [`Config::force`]).
    ///
    /// ```no_run
    /// let mut generated = generator::Config::new().spec("openapi.yaml").generate()?;
    /// generated.force(true).write_to("sdk")?;
    /// # Ok::<(), generator::Error>(())
    /// ```
    pub fn force(&mut self, force: bool) -> &mut Self {
        self.force = force;
        self
    }

    /// Writes the files under `dir`, only those that changed; in crate mode also keeps
    /// `dir/.generator-manifest` (the files it wrote) and removes the files listed there
    /// that are no longer produced. Refuses ([`Error::NotOwned`]) to overwrite existing
    /// files it did not write, unless forced. Returns what changed.
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<Drift, Error> {
        let dir = dir.as_ref();
        let slots = self.slots.as_deref().filter(|slots| slots.dir() == dir);
        let written = write::write(&self.files, dir, self.ownership(), self.force, slots);
        if let Some(slots) = &self.slots {
            slots.release();
        }
        written
    }

    fn ownership(&self) -> write::Ownership {
        match self.output {
            Output::Crate => write::Ownership::Manifest,
            Output::Module => write::Ownership::Marker,
        }
    }

    /// Fails with [`Error::Stale`] when `dir` differs from the generated files (in crate
    /// mode, its manifest included).
    pub fn check_against(&self, dir: impl AsRef<Path>) -> Result<(), Error> {
        let drift = write::compare(&self.files, dir.as_ref(), self.ownership())?;
        if drift.is_empty() {
            Ok(())
        } else {
            Err(Error::Stale(drift.paths(), self.command.clone()))
        }
    }
}
