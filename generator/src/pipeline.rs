//! The one place that runs the stages, each only calling the ones below it:
//! load → lower → check → emit and render → format. Writing is the caller's
//! ([`Generated::write_to`], [`Generated::check_against`]).

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::diag::Diagnostics;
use crate::emit::{Emitter, FileJob, Part};
use crate::spec::load::Loaded;
use crate::{
    Config, Error, Generated, Output, Timings, check, format, ir, limits, lower, parallel, render,
    spec, write,
};

/// Loads and lowers the spec, with the warnings found, all located.
pub(crate) fn lower(config: &Config) -> Result<(ir::Api, Diagnostics, Loaded), Error> {
    on_a_big_stack(&|| {
        let (api, mut warnings, loaded) = lower_unlocated(config, &Clocks::default())?;
        locate(&mut warnings, &loaded);
        Ok((api, warnings, loaded))
    })
}

/// [`lower`] for `generator diff`: errors come back located, warnings not yet (the diff
/// places them itself, in the revision's own paths).
pub(crate) fn lower_for_diff(config: &Config) -> Result<(ir::Api, Diagnostics, Loaded), Error> {
    on_a_big_stack(&|| lower_unlocated(config, &Clocks::default()))
}

/// Every stage up to formatted files, in memory.
pub(crate) fn generate(config: &Config) -> Result<Generated, Error> {
    on_a_big_stack(&|| generate_here(config))
}

/// [`generate`] on the calling thread.
fn generate_here(config: &Config) -> Result<Generated, Error> {
    let clock = Clocks::default();
    // Files are made ready in the output folder while the spec loads and lowers.
    let slots = match (&config.output_hint, config.output) {
        (Some(dir), Output::Crate) => write::Slots::start(dir),
        _ => None,
    };
    let (mut api, mut warnings, loaded) = lower_unlocated(config, &clock)?;
    if config.types_only {
        api.keep_types_only();
    }
    let command = config.regenerate_command.clone().unwrap_or_else(|| {
        let mut command = format!("cargo run -p generator -- --spec {}", config.spec.display());
        for overlay in &config.overlays {
            command.push_str(&format!(" --overlay {}", overlay.display()));
        }
        command
    });
    let header = vec![
        format!(
            "{} from `{}`. Do not edit.",
            write::MARKER,
            config.spec.display()
        ),
        format!("Regenerate with `{command}`."),
    ];
    // Warnings get their positions while the files are produced: first by one of the
    // threads that produce them, or beside the one module file.
    let started = Instant::now();
    let files = match config.output {
        Output::Crate => {
            let unplaced = Mutex::new(&mut warnings);
            let place = || {
                let mut warnings = unplaced.lock().unwrap_or_else(|e| e.into_inner());
                clock.locate.time(|| locate(&mut warnings, &loaded));
            };
            crate_files(
                config,
                &Emitter::for_crate(&api),
                &header,
                &clock,
                slots.as_ref(),
                &place,
            )
        }
        Output::Module => std::thread::scope(|scope| {
            scope.spawn(|| clock.locate.time(|| locate(&mut warnings, &loaded)));
            module_file(&Emitter::new(&api), &header)
        }),
    }?;
    clock.files.add(started.elapsed());
    let generated = Generated {
        files,
        warnings,
        output: config.output,
        command,
        crate_name: api.settings.crate_name.clone(),
        inputs: inputs(&loaded),
        operations: api.operation_count(),
        types: api.types.len(),
        timings: clock.timings(),
        force: config.force,
        slots: slots.map(std::sync::Arc::new),
    };
    if !config.free_memory {
        // The process ends soon: its exit returns the memory at once.
        std::mem::forget(api);
        std::mem::forget(loaded);
    }
    Ok(generated)
}

/// The time spent in each stage, added up across threads.
#[derive(Default)]
struct Clocks {
    load: Clock,
    lower: Clock,
    files: Clock,
    emit: Clock,
    format: Clock,
    render: Clock,
    locate: Clock,
}

/// Nanoseconds, added to from any thread.
#[derive(Default)]
struct Clock(AtomicU64);

impl Clock {
    fn add(&self, elapsed: Duration) {
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
    }

    /// Runs `work`, adding its time.
    fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        self.add(started.elapsed());
        result
    }

    fn read(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

impl Clocks {
    fn timings(&self) -> Timings {
        Timings {
            load: self.load.read(),
            lower: self.lower.read(),
            files: self.files.read(),
            emit: self.emit.read(),
            format: self.format.read(),
            render: self.render.read(),
            locate: self.locate.read(),
        }
    }
}

/// Loads and lowers; errors come back located, warnings not yet (finding positions in a
/// big spec takes a while, so [`generate`] does it alongside emitting).
fn lower_unlocated(
    config: &Config,
    clock: &Clocks,
) -> Result<(ir::Api, Diagnostics, Loaded), Error> {
    if let Some(name) = &config.crate_name
        && let Some(problem) = lower::settings::crate_name_problem(name)
    {
        return Err(Error::InvalidSetting(format!(
            "invalid crate name {} (from `--name` or `Config::crate_name`): {problem}; use ASCII letters, digits, `-` and `_`, starting with a letter",
            lower::settings::quoted(name)
        )));
    }
    let mut loaded = clock
        .load
        .time(|| spec::load::load(&config.spec, &config.overlays))?;
    let overrides = lower::Overrides {
        crate_name: config.crate_name.clone(),
    };
    let lowering = Instant::now();
    let (api, mut diagnostics, stopped) = lower::lower(&mut loaded, &overrides);
    let lowered_cleanly = !diagnostics.has_errors();
    // A limit stopped lowering halfway: whole-API checks would only report what it left out.
    if !stopped {
        diagnostics.extend(check::check(&api, lowered_cleanly));
    }
    if diagnostics.has_errors() {
        // Warnings stay warnings next to errors, even with `deny_warnings`.
        locate(&mut diagnostics, &loaded);
        return Err(Error::Spec(diagnostics));
    }
    if config.deny_warnings {
        diagnostics.deny_warnings();
    }
    if diagnostics.has_errors() {
        locate(&mut diagnostics, &loaded);
        return Err(Error::Spec(diagnostics));
    }
    clock.lower.add(lowering.elapsed());
    Ok((api, diagnostics, loaded))
}

/// Runs `work` (loading, lowering, and for [`generate`] every later stage) on a thread with
/// a stack of [`limits::LOWER_STACK`]: lowering recurses into nested schemas (up to
/// [`limits::MAX_SCHEMA_DEPTH`] levels), whatever stack the caller has (a test thread has
/// 2 MiB, a Windows main thread 1 MiB). The stack is reserved, not used: only the pages a
/// deep spec touches cost memory. One thread does it all, rather than one for lowering
/// only, so the allocator serves the stages from one warm heap: a fresh heap's first pages
/// cost about a fifth of lowering svix.json.
fn on_a_big_stack<T: Send>(work: &(dyn Fn() -> T + Sync)) -> T {
    let done = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("generate".to_string())
            .stack_size(limits::LOWER_STACK)
            .spawn_scoped(scope, work)
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
    });
    // No thread could be started: work here, within the same limits.
    done.unwrap_or_else(|_| work())
}

/// One self-contained module file for `include!` from a build script.
fn module_file(
    emitter: &Emitter<'_>,
    header: &[String],
) -> Result<BTreeMap<String, String>, Error> {
    let name = format!("{}.rs", emitter.api.settings.library_name);
    let tokens = emitter
        .module_file()
        .map_err(|message| Error::InvalidOutput {
            file: name.clone(),
            message,
        })?;
    let text = format::rust_file(&name, format::Rust::Tokens(tokens), header)?;
    Ok(BTreeMap::from([(name, text)]))
}

/// Every file of a crate: the Rust files emitted and formatted in parts, and the text files
/// rendered, all on up to `config.threads` threads.
fn crate_files(
    config: &Config,
    emitter: &Emitter<'_>,
    header: &[String],
    clock: &Clocks,
    slots: Option<&write::Slots>,
    beside: &(dyn Fn() + Sync),
) -> Result<BTreeMap<String, String>, Error> {
    let api = emitter.api;
    let mut rust_files = emitter.crate_files();
    if config.with_tests {
        rust_files.push(FileJob {
            path: "tests/api.rs".to_string(),
            parts: vec![Part::Tests],
            head: None,
        });
    }
    let threads = match config.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        threads => threads,
    };
    let one_line = header.join(" ");
    let one_line = one_line.as_str();
    let with_tests = config.with_tests;
    let text_files: Vec<(&str, parallel::Job<'_, Result<String, Error>>)> = vec![
        (
            "Cargo.toml",
            parallel::Job {
                weight: 1,
                run: Box::new(move || {
                    clock
                        .render
                        .time(|| render::cargo_toml(api, one_line, with_tests))
                }),
            },
        ),
        (
            "README.md",
            parallel::Job {
                weight: 8,
                run: Box::new(move || clock.render.time(|| render::readme(emitter, one_line))),
            },
        ),
        // Formats an example per operation: one of the biggest jobs.
        (
            "api.md",
            parallel::Job {
                weight: 8 * api.operation_count() + 8,
                run: Box::new(move || {
                    clock
                        .render
                        .time(|| render::api_reference(emitter, one_line))
                }),
            },
        ),
    ];
    if let Some(slots) = slots {
        // Every file, and the manifest twice (written first with the files this run may
        // write, last with those it wrote).
        slots.want(rust_files.len() + text_files.len() + 2);
    }
    rust_parts(
        emitter,
        &rust_files,
        text_files,
        header,
        threads,
        clock,
        beside,
    )
}

/// Emits and formats every part of `files` and runs the `texts` jobs on up to `threads`
/// threads, then joins the parts of each Rust file in order. The result is the same
/// whatever the number of threads: parts are whole files to syn and prettyplease, which
/// put no blank line between items.
fn rust_parts(
    emitter: &Emitter<'_>,
    files: &[FileJob],
    texts: Vec<(&str, parallel::Job<'_, Result<String, Error>>)>,
    header: &[String],
    threads: usize,
    clock: &Clocks,
    beside: &(dyn Fn() + Sync),
) -> Result<BTreeMap<String, String>, Error> {
    type Formatted = Result<(String, Option<HashSet<String>>), Error>;
    let mut jobs: Vec<parallel::Job<'_, Formatted>> = Vec::new();
    for file in files {
        for part in &file.parts {
            jobs.push(parallel::Job {
                weight: emitter.part_weight(part),
                run: Box::new(move || {
                    let (emitted, used) =
                        clock.emit.time(|| emitter.part(part)).map_err(|message| {
                            Error::InvalidOutput {
                                file: file.path.clone(),
                                message,
                            }
                        })?;
                    let text = clock.format.time(|| format::unparse(&file.path, emitted))?;
                    Ok((text, used))
                }),
            });
        }
    }
    let (text_paths, text_jobs): (Vec<&str>, Vec<_>) = texts.into_iter().unzip();
    jobs.extend(text_jobs.into_iter().map(|job| parallel::Job {
        weight: job.weight,
        run: Box::new(move || (job.run)().map(|text| (text, None))) as Box<_>,
    }));
    let mut results = parallel::run(&jobs, threads, beside).into_iter();
    let mut out = BTreeMap::new();
    for file in files {
        let parts = results
            .by_ref()
            .take(file.parts.len())
            .collect::<Result<Vec<_>, _>>()?;
        let mut texts = Vec::with_capacity(parts.len() + 1);
        // An `apis/` module opens with its doc and the `use` lines of what its parts use.
        if let Some(module) = file.head {
            let mut used = HashSet::new();
            for (_, part_used) in &parts {
                used.extend(part_used.iter().flatten().cloned());
            }
            let head = emitter.module_head(module, &used);
            texts.push(
                clock
                    .format
                    .time(|| format::unparse(&file.path, crate::format::Rust::Tokens(head)))?,
            );
        }
        texts.extend(parts.into_iter().map(|(text, _)| text));
        out.insert(file.path.clone(), format::with_header(header, &texts));
    }
    for (path, result) in text_paths.into_iter().zip(results) {
        out.insert(path.to_string(), result?.0);
    }
    Ok(out)
}

/// Every file read: the spec and the files its `$ref`s reach.
fn inputs(loaded: &Loaded) -> Vec<PathBuf> {
    loaded.inputs()
}

/// Fills in the positions of `diagnostics` from the files they point into, and sorts them.
fn locate(diagnostics: &mut Diagnostics, loaded: &Loaded) {
    loaded.place(diagnostics);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The IR of `spec` (a path under the generator crate).
    fn lowered(spec: &str) -> ir::Api {
        let path = format!("{}/{spec}", env!("CARGO_MANIFEST_DIR"));
        crate::Config::new()
            .spec(path)
            .lower()
            .expect("the spec lowers")
            .0
    }

    /// Formatting `types.rs` in parts gives the same text as formatting it whole, for
    /// every part size (the main spec has items of every kind: structs, enums, unions).
    #[test]
    fn parts_join_into_the_whole_file() {
        let api = lowered("../spec/batches.yaml");
        let emitter = Emitter::new(&api);
        let header = vec!["header".to_string()];
        let whole = format::rust_file(
            "src/types.rs",
            format::Rust::Tokens(emitter.types_module()),
            &header,
        )
        .expect("formats");
        for size in [1, 2, 5, api.types.len()] {
            for threads in [1, 2] {
                let jobs = emitter.crate_files_in_parts(size, 1000);
                let files = rust_parts(
                    &emitter,
                    &jobs,
                    Vec::new(),
                    &header,
                    threads,
                    &Clocks::default(),
                    &|| {},
                )
                .expect("formats");
                assert_eq!(files["src/types.rs"], whole, "{size} types per part");
            }
        }
    }

    /// An `apis/` module in parts has the items of the whole module: the same `use`
    /// lines, handle and parameters structs, and every method once (in more `impl`
    /// blocks); with one part it is the whole module's text.
    #[test]
    fn api_modules_in_parts_have_the_whole_modules_items() {
        // Operations of the client (params.yaml) and of groups (batches.yaml).
        for spec in ["tests/fixtures/ok/params.yaml", "../spec/batches.yaml"] {
            api_modules_in_parts(spec);
        }
    }

    fn api_modules_in_parts(spec: &str) {
        let api = lowered(spec);
        let emitter = Emitter::new(&api);
        let header = vec!["header".to_string()];
        // The impl blocks of a type merged into its first one, in order.
        let merged = |text: &str| {
            let file = syn::parse_file(text).expect("parses");
            let mut items: Vec<syn::Item> = Vec::new();
            for item in file.items {
                if let syn::Item::Impl(block) = &item
                    && block.trait_.is_none()
                    && let Some(syn::Item::Impl(first)) = items.iter_mut().find(|earlier| {
                        let same = |e: &syn::ItemImpl| {
                            let (a, b) = (&e.self_ty, &block.self_ty);
                            quote::quote!(#a).to_string() == quote::quote!(#b).to_string()
                        };
                        matches!(earlier, syn::Item::Impl(e) if e.trait_.is_none() && same(e))
                    })
                {
                    first.items.extend(block.items.clone());
                    continue;
                }
                items.push(item);
            }
            prettyplease::unparse(&syn::File { items, ..file })
        };
        let whole = rust_parts(
            &emitter,
            &emitter.crate_files_in_parts(1000, 1000),
            Vec::new(),
            &header,
            1,
            &Clocks::default(),
            &|| {},
        )
        .expect("formats");
        let modules: Vec<&String> = whole.keys().filter(|path| path.contains("apis/")).collect();
        assert!(!modules.is_empty(), "{spec}");
        let mut chunked = false;
        for size in [1, 2, 3] {
            let jobs = emitter.crate_files_in_parts(1000, size);
            chunked |= jobs
                .iter()
                .any(|job| job.parts.len() > 1 && job.head.is_some());
            let files = rust_parts(
                &emitter,
                &jobs,
                Vec::new(),
                &header,
                2,
                &Clocks::default(),
                &|| {},
            )
            .expect("formats");
            for path in &modules {
                assert_eq!(
                    merged(&files[*path]),
                    merged(&whole[*path]),
                    "{path}, {size}"
                );
            }
        }
        assert!(chunked, "no module of {spec} was cut in parts");
        // One part is the whole module.
        let one = whole.get("src/apis/mod.rs").expect("apis/mod.rs");
        let text = format::rust_file(
            "src/apis/mod.rs",
            format::Rust::Tokens(emitter.apis_module(true)),
            &header,
        )
        .expect("formats");
        assert_eq!(*one, text);
    }
}
