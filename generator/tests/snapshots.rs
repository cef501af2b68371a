//! One snapshot per fixture spec: the IR (YAML) and the generated module (Rust). A spec
//! change shows up as a reviewable snapshot diff. The main spec's code is pinned by the
//! checked-in `generated/` crate (see `up_to_date.rs`), so only its IR is snapshotted here.

use std::path::Path;

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the workspace")
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/ok/*.yaml", |path| {
        let relative = path.strip_prefix(workspace_root()).unwrap_or(path);
        let mut config = generator::Config::new();
        config.spec(relative_to_root(relative));
        let (api, warnings) = config.lower().unwrap_or_else(|error| panic!("{error}"));
        insta::assert_yaml_snapshot!("ir", api);
        insta::assert_snapshot!("warnings", warnings.to_string());
        // Types and operations; the runtime, client and error modules are the same for
        // every spec (modulo settings) and are compiled by the `tests` crate instead.
        let generated = config.generate().unwrap_or_else(|error| panic!("{error}"));
        let code: String = generated
            .files
            .iter()
            .filter(|(path, _)| *path == "src/types.rs" || path.starts_with("src/apis/"))
            .map(|(path, text)| format!("==> {path}\n{text}\n"))
            .collect();
        insta::assert_snapshot!("code", code);
    });
}

#[test]
fn batches_ir() {
    let mut config = generator::Config::new();
    config.spec(relative_to_root(Path::new("spec/batches.yaml")));
    let (api, warnings) = config.lower().unwrap_or_else(|error| panic!("{error}"));
    assert!(warnings.is_empty(), "{warnings}");
    insta::assert_yaml_snapshot!(api);
}

/// Paths are shown relative to the workspace root in snapshots and headers.
fn relative_to_root(relative: &Path) -> std::path::PathBuf {
    std::env::set_current_dir(workspace_root()).expect("workspace root exists");
    relative.to_path_buf()
}
