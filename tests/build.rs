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
        let mut config = generator::Config::new();
        config.spec(spec).crate_name(&stem);
        // A fixture's overlay: `fixtures/overlays/<its file name>`.
        if let (Some(fixtures), Some(name)) =
            (spec.parent().and_then(|p| p.parent()), spec.file_name())
        {
            let overlay = fixtures.join("overlays").join(name);
            if overlay.exists() {
                config.overlay(overlay);
            }
        }
        config
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
}
