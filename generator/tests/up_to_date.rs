//! The checked-in `generated/` crate must be exactly what the spec generates.
//! Outside CI a stale crate is rewritten (and the test still fails, so the change is
//! noticed); with `CI` set nothing is written.

use std::path::Path;

/// Spec paths (and the headers that name them) are relative to the workspace root.
fn enter_workspace_root() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    std::env::set_current_dir(root).expect("workspace root exists");
}

#[test]
fn generated_crate_is_up_to_date() {
    enter_workspace_root();
    let generated = generator::Config::new()
        .spec("spec/batches.yaml")
        .regenerate_command("cargo run -p generator")
        .with_tests(true)
        .generate()
        .unwrap_or_else(|error| panic!("{error}"));
    if let Err(error) = generated.check_against("generated") {
        if std::env::var_os("CI").is_none() {
            generated
                .write_to("generated")
                .expect("generated/ is writable");
        }
        panic!("{error}");
    }
}

/// The attack specs generated as crates (`tests/attacks/<name>`): workspace members, so
/// clippy, the doctests of their README and `api.md`, and rustdoc cover them.
#[test]
fn attack_crates_are_up_to_date() {
    enter_workspace_root();
    let mut stale = Vec::new();
    for name in ["prose", "names", "values"] {
        let spec = format!("generator/tests/fixtures/attack/attack-{name}.yaml");
        let out = format!("tests/attacks/{name}");
        let command = format!("cargo run -p generator -- --spec {spec} --out {out} --with-tests");
        let generated = generator::Config::new()
            .spec(&spec)
            .regenerate_command(&command)
            .with_tests(true)
            .generate()
            .unwrap_or_else(|error| panic!("{spec}: {error}"));
        if let Err(error) = generated.check_against(&out) {
            if std::env::var_os("CI").is_none() {
                generated.write_to(&out).expect("tests/attacks is writable");
            }
            stale.push(error.to_string());
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    enter_workspace_root();
    let fixtures: Vec<_> = std::fs::read_dir("generator/tests/fixtures/ok")
        .expect("fixtures exist")
        .map(|entry| entry.expect("readable").path())
        // Specs only: `external/` holds files the specs reference.
        .filter(|path| path.is_file())
        .chain([std::path::PathBuf::from("spec/batches.yaml")])
        .collect();
    for spec in fixtures {
        for output in [generator::Output::Crate, generator::Output::Module] {
            let first = generator::Config::new()
                .spec(&spec)
                .output(output)
                .threads(1)
                .generate()
                .unwrap_or_else(|e| panic!("{e}"));
            // Another thread count: parts are formatted in a different order.
            let second = generator::Config::new()
                .spec(&spec)
                .output(output)
                .threads(3)
                .generate()
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                first.files,
                second.files,
                "{} differs between two runs",
                spec.display()
            );
        }
    }
}
