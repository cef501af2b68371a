//! OpenAPI Overlays: applied before lowering, in order, from `Config::overlay` and
//! `--overlay`; problems located in the overlay, and diagnostics about the text an
//! overlay added located there too.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = r#"openapi: 3.1.0
info: {title: Overlaid, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  next: {type: string}
"#;

/// A folder with the spec and the given overlays (`name`, text).
fn files(overlays: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("openapi.yaml");
    std::fs::write(&spec, SPEC).expect("writable");
    let paths = overlays
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("writable");
            path
        })
        .collect();
    (dir, spec, paths)
}

fn config(spec: &Path, overlays: &[PathBuf]) -> generator::Config {
    let mut config = generator::Config::new();
    config.spec(spec);
    for overlay in overlays {
        config.overlay(overlay);
    }
    config
}

#[test]
fn overlays_apply_in_order_and_remove() {
    let first = "overlay: 1.0.0\ninfo: {title: a, version: '1'}\nactions:\n  - target: $.paths.*.get\n    update: {x-rust-name: everything, tags: [things]}\n";
    let second = "overlay: 1.0.0\ninfo: {title: b, version: '1'}\nactions:\n  - target: $.paths['/things'].get.x-rust-name\n    remove: true\n  - target: $.paths['/things'].get.tags\n    update: extra\n";
    let (_dir, spec, overlays) = files(&[("first.yaml", first), ("second.yaml", second)]);
    let (api, warnings) = config(&spec, &overlays).lower().expect("lowers");
    assert!(warnings.is_empty(), "{warnings}");
    // The second overlay removed the name the first added; `tags` got `extra` appended.
    let group = &api.groups[0];
    assert_eq!(group.name.original, "things");
    assert_eq!(group.operations[0].name.rust, "list");
    let generated = config(&spec, &overlays).generate().expect("generates");
    assert!(
        generated.inputs.ends_with(&overlays),
        "{:?}",
        generated.inputs
    );
}

#[test]
fn a_diagnostic_about_overlay_text_points_into_the_overlay() {
    let overlay = "overlay: 1.0.0\ninfo: {title: paging, version: '1'}\nactions:\n  - target: $.paths['/things'].get\n    update:\n      x-pagination:\n        style: cursor\n        page-token-param: page_token\n        next-token-field: next\n        items-field: items\n";
    let (_dir, spec, overlays) = files(&[("paging.yaml", overlay)]);
    let Err(generator::Error::Spec(diagnostics)) = config(&spec, &overlays).generate() else {
        panic!("a pagination naming a missing parameter fails");
    };
    let rendered = diagnostics.render(false);
    let error = diagnostics.iter().next().expect("one error");
    assert_eq!(error.code, "E0313", "{rendered}");
    assert_eq!(error.origin.file, overlays[0], "{rendered}");
    assert_eq!(
        error.origin.pointer, "#/actions/0/update/x-pagination/page-token-param",
        "{rendered}"
    );
    assert_eq!(error.position.map(|(line, _)| line), Some(8), "{rendered}");
}

#[test]
fn a_broken_overlay_is_a_located_error() {
    let cases = [
        ("not-an-overlay.yaml", "openapi: 3.1.0\n", "#"),
        (
            "no-target.yaml",
            "overlay: 1.0.0\nactions:\n  - update: {a: 1}\n",
            "#/actions/0",
        ),
        (
            "bad-remove.yaml",
            "overlay: 1.0.0\nactions:\n  - target: $\n    remove: yes please\n",
            "#/actions/0/remove",
        ),
        (
            "bad-filter.yaml",
            "overlay: 1.0.0\nactions:\n  - target: $.paths[?(@.a ~ 1)]\n    remove: true\n",
            "#/actions/0/target",
        ),
        ("syntax.yaml", "overlay: [1.0.0\n", ""),
    ];
    for (name, text, pointer) in cases {
        let (_dir, spec, overlays) = files(&[(name, text)]);
        let Err(generator::Error::Spec(diagnostics)) = config(&spec, &overlays).generate() else {
            panic!("{name}: a broken overlay fails");
        };
        let error = diagnostics.iter().next().expect("one error");
        assert_eq!(error.origin.file, overlays[0], "{name}: {diagnostics}");
        if !pointer.is_empty() {
            assert_eq!(error.origin.pointer, pointer, "{name}: {diagnostics}");
        }
        assert!(error.position.is_some(), "{name}: {diagnostics}");
    }
}

#[test]
fn the_cli_takes_repeated_overlays() {
    let names = "overlay: 1.0.0\nactions:\n  - target: $.paths.*.get\n    update: {x-rust-name: everything}\n";
    let miss = "overlay: 1.0.0\nactions:\n  - target: $.nothing\n    remove: true\n";
    let (dir, spec, overlays) = files(&[("names.yaml", names), ("miss.yaml", miss)]);
    let out = dir.path().join("sdk");
    let output = Command::new(env!("CARGO_BIN_EXE_generator"))
        .arg("--spec")
        .arg(&spec)
        .arg("--overlay")
        .arg(&overlays[0])
        .arg("--overlay")
        .arg(&overlays[1])
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("warning[W0007]"), "{stderr}");
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("generated");
    assert!(
        lib.contains("--overlay"),
        "the header names the overlays:\n{lib}"
    );
    let generated: String = ["src/client.rs", "src/apis/mod.rs", "src/lib.rs"]
        .iter()
        .filter_map(|file| std::fs::read_to_string(out.join(file)).ok())
        .collect();
    assert!(generated.contains("fn everything("), "{generated}");
}
