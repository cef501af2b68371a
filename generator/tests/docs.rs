//! The README tells the truth: its build.rs snippet is the one the example crate uses,
//! and the dependencies it lists are the ones generated code needs.

use std::path::Path;

fn read(relative: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    std::fs::read_to_string(root.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The `[dependencies]` lines of a manifest.
fn dependencies(manifest: &str) -> Vec<String> {
    table(manifest, "[dependencies]")
}

/// The lines of a table of a manifest, without comments.
fn table(manifest: &str, header: &str) -> Vec<String> {
    manifest
        .split(header)
        .nth(1)
        .unwrap_or("")
        .lines()
        .take_while(|line| !line.starts_with('['))
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_build_script_example_uses_exactly_the_listed_dependencies() {
    let needed = dependencies(&read("generated/Cargo.toml"));
    assert!(needed.iter().any(|line| line.starts_with("reqwest")));
    let example_manifest = read("examples/build-script/Cargo.toml");
    let example = dependencies(&example_manifest);
    assert_eq!(example, needed);
    // And the generated crate's features, so they work in the generated module too: all
    // but the API groups' (a module has every group).
    let features: Vec<String> = table(&read("generated/Cargo.toml"), "[features]")
        .into_iter()
        .filter(|line| !line.ends_with("= []") && !line.starts_with("full = "))
        .map(|line| line.replace(r#", "full"]"#, "]"))
        .collect();
    assert!(!features.is_empty());
    assert_eq!(table(&example_manifest, "[features]"), features);
    let readme = read("README.md");
    for line in &needed {
        assert!(
            readme.contains(line.as_str()),
            "README.md does not list `{line}`"
        );
    }
}

#[test]
fn the_readme_shows_the_build_script_the_example_runs() {
    let readme = read("README.md");
    let build = read("examples/build-script/build.rs");
    let lib = read("examples/build-script/src/lib.rs");
    assert!(build.contains("generator::compile(") && readme.contains("generator::compile("));
    let include = r#"include!(concat!(env!("OUT_DIR"), "/llama_cloud.rs"));"#;
    assert!(lib.contains(include) && readme.contains(include));
    assert!(readme.contains("cargo run -p generator") && readme.contains("bash .ci/run"));
}

/// The generated crate claims the Rust version CI builds it with: the workspace's.
#[test]
fn the_generated_crate_claims_the_tested_rust_version() {
    let field = |manifest: &str| {
        manifest
            .lines()
            .find_map(|line| line.strip_prefix("rust-version = "))
            .map(|value| value.trim_matches('"').to_string())
    };
    let workspace = field(&read("Cargo.toml")).expect("the workspace sets rust-version");
    assert_eq!(field(&read("generated/Cargo.toml")), Some(workspace));
}

#[test]
fn the_readme_lists_every_warning_with_its_fallback() {
    let readme = read("README.md");
    let codes = read("generator/src/diag/codes.rs");
    let mut listed = 0;
    for (at, _) in codes.match_indices("warning(") {
        let rest = &codes[at..];
        let Some(start) = rest.find("\"W0") else {
            continue;
        };
        let code = &rest[start + 1..start + 6];
        assert!(
            readme.contains(&format!("| {code} |")),
            "README.md has no fallback row for {code}"
        );
        listed += 1;
    }
    assert!(listed > 10, "warnings found in codes.rs: {listed}");
}
