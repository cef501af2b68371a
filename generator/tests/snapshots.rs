//! One snapshot per fixture spec: the IR (YAML) and the generated module (Rust). A spec
//! change shows up as a reviewable snapshot diff. The main spec's code is pinned by the
//! checked-in `generated/` crate (see `up_to_date.rs`), so only its IR is snapshotted here.

use std::path::Path;

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the workspace")
}

/// Fixtures in `fixtures/ok` that warn on purpose (their `warnings` snapshot shows how);
/// every other one must not warn. A spec about a warning belongs in `fixtures/warn`.
const WARN_ON_PURPOSE: &[&str] = &[
    // `IdOrName` and `Pair` are compositions only their generated types exercise (W0101).
    "composition.yaml",
    // Schemas with hostile names that no operation needs (W0101).
    "hostile.yaml",
    // The raw-bytes fallback of a multipart body that is not an object (W0302), next to
    // the typed form the `tests` crate sends.
    "multipart.yaml",
    // A schema named `string`, generated only to take its name (W0101).
    "names.yaml",
    // A recursive union no operation uses (W0101).
    "recursive.yaml",
];

#[test]
fn fixtures() {
    insta::glob!("fixtures/ok/*.yaml", |path| {
        let relative = path.strip_prefix(workspace_root()).unwrap_or(path);
        let mut config = generator::Config::new();
        config.spec(relative_to_root(relative));
        if let Some(overlay) = overlay_of(relative) {
            config.overlay(overlay);
        }
        let (api, warnings) = config.lower().unwrap_or_else(|error| panic!("{error}"));
        insta::assert_yaml_snapshot!("ir", api);
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if WARN_ON_PURPOSE.contains(&name) {
            assert!(
                !warnings.is_empty(),
                "{name} is listed in WARN_ON_PURPOSE but does not warn"
            );
            insta::assert_snapshot!("warnings", warnings.to_string());
        } else {
            assert!(
                warnings.is_empty(),
                "{name}: a fixture in fixtures/ok must not warn (move it to fixtures/warn, \
                 or list it in WARN_ON_PURPOSE with the reason):\n{warnings}"
            );
        }
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

/// A snapshot file is a header and a body; an empty body locks nothing (and reads as if
/// something were checked), so none may be committed.
#[test]
fn no_snapshot_is_empty() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut empty = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("tests/snapshots exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|ext| ext != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("snapshot is UTF-8");
        // `---`, the header lines, `---`, then the body.
        let body = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map_or(text.as_str(), |(_, body)| body);
        if body.trim().is_empty() {
            empty.push(
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    empty.sort();
    assert!(empty.is_empty(), "snapshots with an empty body: {empty:?}");
}

/// The overlay of a fixture: `fixtures/overlays/<its file name>`, when there is one.
fn overlay_of(fixture: &Path) -> Option<std::path::PathBuf> {
    let overlay = fixture
        .parent()?
        .parent()?
        .join("overlays")
        .join(fixture.file_name()?);
    overlay.exists().then_some(overlay)
}

/// Paths are shown relative to the workspace root in snapshots and headers.
fn relative_to_root(relative: &Path) -> std::path::PathBuf {
    std::env::set_current_dir(workspace_root()).expect("workspace root exists");
    relative.to_path_buf()
}
