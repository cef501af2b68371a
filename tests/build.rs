//! Compiles every fixture spec through the build.rs path a downstream crate would use:
//! each becomes one module file in `OUT_DIR`, included by `src/lib.rs`, so building this
//! crate compiles (and clippy lints) the generator's output for all of them.

use std::path::PathBuf;

fn main() {
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut specs: Vec<PathBuf> = Vec::new();
    // Specs that generate: without warnings (ok/), with them (warn/), and the attack specs
    // (attack/), whose doc comments must never become doctests that run.
    println!("cargo:rerun-if-changed=../generator/tests/fixtures/overlays");
    for folder in [
        "../generator/tests/fixtures/ok",
        "../generator/tests/fixtures/warn",
        "../generator/tests/fixtures/attack",
    ] {
        println!("cargo:rerun-if-changed={folder}");
        specs.extend(
            std::fs::read_dir(folder)
                .expect("fixtures folder exists")
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    path.extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "json")
                }),
        );
    }
    specs.push(PathBuf::from("../spec/batches.yaml"));
    specs.sort();
    let mut modules = String::new();
    for spec in &specs {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name")
            .replace('-', "_");
        // The build-script entry point: writes `$OUT_DIR/<stem>.rs` and prints the
        // `cargo:rerun-if-changed` lines; an error prints the rendered diagnostics.
        fixture_config(spec, &stem)
            .compile()
            .unwrap_or_else(|error| panic!("{}:\n{error}", spec.display()));
        modules.push_str(&format!(
            "#[doc = \"Generated from `{}`.\"]\npub mod {stem} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{stem}.rs\"));\n}}\n",
            spec.display()
        ));
    }
    // The main spec's data types alone (`types_only`): no client, errors or operations.
    generator::Config::new()
        .spec("../spec/batches.yaml")
        .crate_name("batches_types")
        .types_only(true)
        .compile()
        .unwrap_or_else(|error| panic!("types only:\n{error}"));
    modules.push_str(
        "#[doc = \"The data types of `spec/batches.yaml` alone (`Config::types_only`).\"]\npub mod batches_types {\n    include!(concat!(env!(\"OUT_DIR\"), \"/batches_types.rs\"));\n}\n",
    );
    std::fs::write(out_dir.join("fixtures.rs"), modules).expect("OUT_DIR is writable");
    generated_tests(&out_dir, &specs);
}

/// The configuration of a fixture: its spec, the crate name `stem`, and its overlay
/// (`fixtures/overlays/<its file name>`) when it has one.
fn fixture_config(spec: &std::path::Path, stem: &str) -> generator::Config {
    let mut config = generator::Config::new();
    config.spec(spec).crate_name(stem);
    if let (Some(fixtures), Some(name)) = (spec.parent().and_then(|p| p.parent()), spec.file_name())
    {
        let overlay = fixtures.join("overlays").join(name);
        if overlay.exists() {
            config.overlay(overlay);
        }
    }
    config
}

/// The `--with-tests` output of every fixture that generates without warnings or with
/// them (`ok/`, `warn/`), each in a module beside the fixture's SDK module, so that
/// `tests/generated.rs` compiles (and clippy lints) them and runs their round trips; their
/// calls skip without `TEST_API_BASE_URL`.
fn generated_tests(out_dir: &std::path::Path, specs: &[PathBuf]) {
    let folder = out_dir.join("with_tests");
    std::fs::create_dir_all(&folder).expect("OUT_DIR is writable");
    let mut modules = String::new();
    for spec in specs.iter().filter(|spec| {
        let text = spec.to_string_lossy();
        text.contains("/fixtures/ok/") || text.contains("/fixtures/warn/")
    }) {
        let stem = spec
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("UTF-8 file name")
            .replace('-', "_");
        let generated = fixture_config(spec, &stem)
            .with_tests(true)
            .threads(1)
            .generate()
            .unwrap_or_else(|error| panic!("{}:\n{error}", spec.display()));
        let Some(tests) = generated.files.get("tests/api.rs") else {
            continue;
        };
        // Inner doc comments and attributes cannot follow `include!` inside a module (the
        // fixture's SDK module there has every API group: no feature to ask for).
        let body: String = tests
            .lines()
            .filter(|line| !line.starts_with("//!") && !line.starts_with("#!["))
            .map(|line| format!("{line}\n"))
            .collect();
        std::fs::write(folder.join(format!("{stem}.rs")), body).expect("OUT_DIR is writable");
        modules.push_str(&format!(
            "#[doc = \"The generated tests of `{}`.\"]\nmod {stem} {{\n    #[allow(unused_imports, reason = \"an API without operations has no calls to test\")]\n    use sdk_tests::{stem};\n    include!(concat!(env!(\"OUT_DIR\"), \"/with_tests/{stem}.rs\"));\n}}\n",
            spec.display()
        ));
    }
    std::fs::write(out_dir.join("generated_tests.rs"), modules).expect("OUT_DIR is writable");
}
