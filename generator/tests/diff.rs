//! `generator diff`: one pair of specs per change kind (`fixtures/diff/<kind>/{old,new}.yaml`),
//! each report snapshotted in the three formats; the command line's exit codes; the
//! Markdown report read as GitHub would.

use std::path::Path;
use std::process::Command;

use generator::diff::{FailOn, Format, Kind, Report, Verdict};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// The report of fixture `kind`, its files named relative to the crate (as in the
/// snapshots).
fn report(kind: &str) -> Report {
    let spec = |side: &str| format!("tests/fixtures/diff/{kind}/{side}.yaml");
    generator::diff(&spec("old"), &spec("new")).unwrap_or_else(|error| panic!("{kind}: {error}"))
}

#[test]
fn every_kind_has_a_fixture_and_every_fixture_shows_its_kind() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures/diff exists")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    // `<kind>`, or `<kind>--<case>` for another case of the same kind.
    let mut kinds: Vec<&str> = folders
        .iter()
        .map(|folder| folder.split("--").next().unwrap_or(folder))
        .collect();
    kinds.dedup();
    let mut codes: Vec<&str> = Kind::ALL.iter().map(|kind| kind.code()).collect();
    codes.sort_unstable();
    assert_eq!(
        kinds, codes,
        "fixture folders are named after the change kinds"
    );
    for folder in &folders {
        let kind = folder.split("--").next().unwrap_or(folder);
        let report = report(folder);
        assert!(
            report
                .changes
                .iter()
                .any(|change| change.kind.code() == kind),
            "fixtures/diff/{folder} does not show a `{kind}` change:\n{}",
            report.render(Format::Text, false)
        );
    }
}

#[test]
fn reports() {
    insta::glob!("fixtures/diff/*/old.yaml", |path| {
        let kind = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|name| name.to_str())
            .expect("fixtures/diff/<kind>/old.yaml");
        let report = report(kind);
        let text = format!(
            "== text\n{}\n== markdown\n{}\n== json\n{}",
            report.render(Format::Text, false),
            report.render(Format::Markdown, false),
            report.render(Format::Json, false)
        );
        insta::assert_snapshot!("report", text);
    });
}

#[test]
fn a_spec_compared_with_itself_has_no_changes() {
    let spec = "../spec/batches.yaml";
    let report = generator::diff(spec, spec).expect("loads");
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(!report.fails(FailOn::Any));
    assert!(report.version.crate_version.ok && report.version.api_version.ok);
}

#[test]
fn every_change_is_located_in_both_specs() {
    for kind in Kind::ALL {
        for change in report(kind.code()).changes {
            for (side, location) in [("old", &change.old), ("new", &change.new)] {
                assert!(
                    location.line > 0 && location.pointer.starts_with('#'),
                    "{}: {side} location of {:?} is {location:?}",
                    kind.code(),
                    change.kind
                );
                assert!(
                    location
                        .file
                        .ends_with(&format!("{}/{side}.yaml", kind.code()))
                );
            }
        }
    }
}

#[test]
fn fail_on_levels_nest() {
    // Breaking on the wire and in Rust; Rust only; compatible only.
    let both = report("operation-removed");
    let rust_only = report("property-renamed");
    let compatible = report("operation-added");
    assert!(both.fails(FailOn::Breaking) && both.fails(FailOn::RustBreaking));
    assert!(!rust_only.fails(FailOn::Breaking) && rust_only.fails(FailOn::RustBreaking));
    assert!(!compatible.fails(FailOn::RustBreaking) && compatible.fails(FailOn::Any));
    assert!(
        compatible
            .changes
            .iter()
            .all(|c| c.wire == Verdict::Compatible)
    );
}

fn generator_cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_generator"));
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command.env("NO_COLOR", "1");
    command
}

#[test]
fn exit_codes() {
    let pair = |kind: &str| {
        [
            format!("tests/fixtures/diff/{kind}/old.yaml"),
            format!("tests/fixtures/diff/{kind}/new.yaml"),
        ]
    };
    let status = |args: &[&str]| {
        generator_cli()
            .arg("diff")
            .args(args)
            .output()
            .expect("runs")
    };
    let [old, new] = pair("operation-removed");
    // 0 without --fail-on, 1 when the level is reached.
    assert_eq!(status(&[&old, &new]).status.code(), Some(0));
    assert_eq!(
        status(&[&old, &new, "--fail-on", "breaking"]).status.code(),
        Some(1)
    );
    let [old_added, new_added] = pair("operation-added");
    assert_eq!(
        status(&[&old_added, &new_added, "--fail-on", "rust-breaking"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        status(&[&old_added, &new_added, "--fail-on", "any"])
            .status
            .code(),
        Some(1)
    );
    // 2: usage.
    assert_eq!(status(&[&old]).status.code(), Some(2));
    assert_eq!(
        status(&[&old, &new, "--format", "yaml"]).status.code(),
        Some(2)
    );
    // 3: a spec that does not load, with its located diagnostics.
    let broken = status(&[&old, "tests/fixtures/err/empty.yaml"]);
    assert_eq!(broken.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(stderr.contains("empty.yaml:1:1"), "{stderr}");
    assert!(
        !stderr.contains('\x1b'),
        "no colour with NO_COLOR: {stderr}"
    );
    let missing = status(&[&old, "tests/fixtures/diff/missing.yaml"]);
    assert_eq!(missing.status.code(), Some(3));
    // Text output is not coloured when it is not a terminal.
    let text = status(&[&old, &new]);
    assert!(!String::from_utf8_lossy(&text.stdout).contains('\x1b'));
    // The JSON report parses.
    let json = status(&[&old, &new, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["schema"], "generator-diff/1");
    assert_eq!(value["changes"][0]["kind"], "operation-removed");
}

#[test]
fn git_revisions_are_read_with_their_folder() {
    // `HEAD:spec/batches.yaml` is the committed spec; the diff against the file on disk
    // has no changes unless someone is editing it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("root");
    if !root.join(".git").exists() {
        return;
    }
    let output = generator_cli()
        .current_dir(root)
        .args(["diff", "HEAD:spec/batches.yaml", "HEAD:spec/batches.yaml"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("HEAD:spec/batches.yaml"), "{stdout}");
    assert!(stdout.contains("0 change(s)"), "{stdout}");
    // A change is located in the revision's file, named `REV:path`.
    let located = generator_cli()
        .current_dir(root)
        .args([
            "diff",
            "HEAD:generator/tests/fixtures/diff/operation-removed/old.yaml",
            "generator/tests/fixtures/diff/operation-removed/new.yaml",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let value: serde_json::Value = serde_json::from_slice(&located.stdout).expect("JSON");
    assert_eq!(
        value["changes"][0]["old"]["file"],
        "HEAD:generator/tests/fixtures/diff/operation-removed/old.yaml"
    );
    assert!(value["changes"][0]["old"]["line"].as_u64().unwrap_or(0) > 0);
    let bad = generator_cli()
        .current_dir(root)
        .args([
            "diff",
            "no-such-revision:spec/batches.yaml",
            "spec/batches.yaml",
        ])
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no-such-revision"));
}

/// Spec text in the Markdown report never becomes HTML, a link or a code block: a spec
/// whose names and values carry them is reported as text.
#[test]
fn markdown_quotes_spec_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = "<img src=x onerror=alert(1)>`](https://evil.example)\n```rust\npanic!()";
    let spec = |extra: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: {title:?}, version: {title:?}}}\npaths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        {name:?}: {{type: string{extra}}}\n",
            title = hostile,
            name = hostile,
        )
    };
    std::fs::write(dir.path().join("old.yaml"), spec("")).expect("writes");
    std::fs::write(
        dir.path().join("new.yaml"),
        spec(&format!(", pattern: {hostile:?}")),
    )
    .expect("writes");
    let report = generator::diff(
        &dir.path().join("old.yaml").display().to_string(),
        &dir.path().join("new.yaml").display().to_string(),
    )
    .expect("loads");
    assert!(!report.changes.is_empty());
    let markdown = report.render(Format::Markdown, false);
    use pulldown_cmark::{Event, Parser, Tag};
    for event in Parser::new(&markdown) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let html = html.trim();
                assert!(
                    ["<details", "</details>", "<summary>", "</summary>"]
                        .iter()
                        .any(|allowed| html.starts_with(allowed)),
                    "spec text became HTML: {html}\n{markdown}"
                );
            }
            Event::Start(Tag::CodeBlock(_)) => panic!("a code block:\n{markdown}"),
            Event::Start(Tag::Link { .. }) => panic!("a link:\n{markdown}"),
            _ => {}
        }
    }
    let text = report.render(Format::Text, false);
    assert!(!text.contains("\n```rust"), "{text}");
}

/// `--check` on stale output points to the diff of the spec against the last commit.
#[test]
fn check_points_to_the_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = fixtures().join("operation-added");
    std::fs::copy(fixture.join("old.yaml"), dir.path().join("spec.yaml")).expect("copies");
    let run = |extra: &[&str]| {
        generator_cli()
            .current_dir(dir.path())
            .args(["--spec", "spec.yaml", "--out", "out"])
            .args(extra)
            .output()
            .expect("runs")
    };
    assert!(run(&[]).status.success());
    std::fs::copy(fixture.join("new.yaml"), dir.path().join("spec.yaml")).expect("copies");
    let check = run(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(
        stderr.contains("`cargo run -p generator -- diff HEAD:./spec.yaml spec.yaml`"),
        "{stderr}"
    );
}

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the workspace")
}

#[test]
fn the_readme_lists_every_kind() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    for kind in Kind::ALL {
        assert!(
            readme.contains(&format!("| `{}` | {} |", kind.code(), kind.meaning())),
            "README.md does not list `{}`",
            kind.code()
        );
    }
}

/// Resend's published spec at successive commits (`../shared/corpus/history/resend`, beside
/// the repository; skipped when it is not there): every step diffs, the results are the
/// ones reviewed, and the README's example is the first step's report.
#[test]
fn resend_history() {
    let history = workspace_root().join("../shared/corpus/history/resend");
    if !history.exists() {
        eprintln!("skipped: {} is absent", history.display());
        return;
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&history)
        .expect("reads the history")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let relative = |path: &Path| {
        format!(
            "../shared/corpus/history/resend/{}",
            path.file_name().and_then(|n| n.to_str()).expect("a name")
        )
    };
    let mut reports = Vec::new();
    for pair in files.windows(2) {
        let old = relative(&pair[0]);
        let new = relative(&pair[1]);
        // Relative to the workspace root, as the README shows it.
        let old_path = workspace_root().join(&old);
        let new_path = workspace_root().join(&new);
        let report = generator::diff(
            &old_path.display().to_string(),
            &new_path.display().to_string(),
        )
        .unwrap_or_else(|error| panic!("{old} → {new}: {error}"));
        reports.push((old, new, report));
    }
    let count =
        |report: &Report, kind: Kind| report.changes.iter().filter(|c| c.kind == kind).count();
    // 2026-04-10 → 04-20, "add new domain statuses": `status` strings became open enums.
    let first = &reports[0].2;
    assert_eq!(count(first, Kind::PropertyTypeChanged), 3);
    assert_eq!(count(first, Kind::EnumValueAdded), 2);
    assert_eq!(first.wire_breaking(), 0);
    assert_eq!(first.rust_breaking(), 3);
    if let Some((_, _, imports)) = reports.get(3) {
        // 05-11 → 06-03, "add contact imports endpoints".
        assert_eq!(count(imports, Kind::OperationAdded), 3);
        assert_eq!(imports.wire_breaking(), 0);
    }
    // The README's example: the first step, run from the workspace root.
    let output = generator_cli()
        .current_dir(workspace_root())
        .args(["diff", &reports[0].0, &reports[0].1, "--format", "markdown"])
        .output()
        .expect("runs");
    let markdown =
        String::from_utf8_lossy(&output.stdout).replacen("## API diff:", "#### API diff:", 1);
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README.md");
    assert!(
        readme.contains(markdown.trim_end()),
        "README.md's example is not the current report:\n{markdown}"
    );
}

/// Specs that have nothing to do with each other diff without a panic, and every format
/// renders (the JSON parses): each fixture spec against the next one.
#[test]
fn unrelated_specs_diff() {
    let mut specs: Vec<std::path::PathBuf> = Vec::new();
    for folder in [
        "tests/fixtures/ok",
        "tests/fixtures/warn",
        "tests/fixtures/attack",
    ] {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        specs.extend(
            std::fs::read_dir(&folder)
                .expect("fixtures")
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "yaml")),
        );
    }
    for kind in Kind::ALL {
        specs.push(fixtures().join(kind.code()).join("new.yaml"));
    }
    specs.sort();
    for pair in specs.windows(2) {
        let (old, new) = (pair[0].display().to_string(), pair[1].display().to_string());
        let report =
            generator::diff(&old, &new).unwrap_or_else(|error| panic!("{old} → {new}: {error}"));
        let json = report.render(Format::Json, false);
        serde_json::from_str::<serde_json::Value>(&json)
            .unwrap_or_else(|error| panic!("{old} → {new}: {error}"));
        let _ = report.render(Format::Text, true);
        let _ = report.render(Format::Markdown, false);
    }
}
