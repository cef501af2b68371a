//! One broken spec per file in `fixtures/err`, one snapshot of the rendered diagnostics
//! each: every problem is located (file:line:col and JSON pointer), explained and
//! paired with a help line, and a broken spec never produces output.

use std::path::Path;

#[test]
fn broken_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    std::env::set_current_dir(root).expect("workspace root exists");
    insta::glob!("fixtures/err/*", |path| {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let result = with_overlay(generator::Config::new().spec(relative), relative).generate();
        let diagnostics = match result {
            Err(generator::Error::Spec(diagnostics)) => diagnostics,
            Err(other) => panic!(
                "{}: expected spec diagnostics, got: {other}",
                relative.display()
            ),
            Ok(_) => panic!(
                "{}: generation succeeded on a broken spec",
                relative.display()
            ),
        };
        assert!(diagnostics.has_errors(), "{}", relative.display());
        for diagnostic in diagnostics.iter() {
            assert!(diagnostic.help.is_some(), "{diagnostic} has no help line");
            assert!(diagnostic.origin.pointer.starts_with('#'), "{diagnostic}");
            assert!(
                !diagnostic.message.ends_with('.'),
                "{diagnostic}: message ends with a period"
            );
        }
        insta::assert_snapshot!(diagnostics.render(false));
    });
}

/// Specs in `fixtures/warn` generate, with warnings that are shown (snapshot) and that
/// `deny_warnings` turns into a failure.
#[test]
fn warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    std::env::set_current_dir(root).expect("workspace root exists");
    insta::glob!("fixtures/warn/*", |path| {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let generated = with_overlay(generator::Config::new().spec(relative), relative)
            .generate()
            .unwrap_or_else(|error| panic!("{}: {error}", relative.display()));
        assert!(
            !generated.warnings.is_empty(),
            "{}: no warning",
            relative.display()
        );
        assert!(!generated.warnings.has_errors());
        insta::assert_snapshot!(generated.warnings.render(false));
        match with_overlay(generator::Config::new().spec(relative), relative)
            .deny_warnings(true)
            .generate()
        {
            Err(generator::Error::Spec(diagnostics)) => assert!(diagnostics.has_errors()),
            other => panic!(
                "{}: deny_warnings did not fail: {other:?}",
                relative.display()
            ),
        }
    });
}

/// Applies the fixture's overlay, `fixtures/overlays/<its file name>`, when there is one.
fn with_overlay<'c>(
    config: &'c mut generator::Config,
    fixture: &Path,
) -> &'c mut generator::Config {
    let overlay = fixture
        .parent()
        .and_then(Path::parent)
        .zip(fixture.file_name())
        .map(|(fixtures, name)| fixtures.join("overlays").join(name));
    match overlay.filter(|overlay| overlay.exists()) {
        Some(overlay) => config.overlay(overlay),
        None => config,
    }
}

/// Every code of `diag::codes::CODES` is shown by the snapshot of a fixture: errors by
/// one in `fixtures/err`, warnings by one in `fixtures/warn`.
#[test]
fn every_code_has_a_fixture() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    // The snapshots of the fixtures that exist (a stale snapshot proves nothing).
    let shown = |folder: &str, test: &str| -> String {
        let fixtures =
            std::fs::read_dir(tests.join("fixtures").join(folder)).expect("fixtures folder exists");
        fixtures
            .map(|entry| entry.expect("entry").file_name())
            .map(|name| {
                let name = name.to_string_lossy();
                let snapshot = tests.join(format!("snapshots/diagnostics__{test}@{name}.snap"));
                std::fs::read_to_string(&snapshot)
                    .unwrap_or_else(|_| panic!("{} is missing", snapshot.display()))
            })
            .collect()
    };
    let errors = shown("err", "broken_specs");
    let warnings = shown("warn", "warnings");
    // A fixture for E0109 would be megabytes (200,000 types, fields and enum values): the
    // unit tests of `lower` check the limit on generated types instead.
    let generated_elsewhere = ["E0109"];
    let missing: Vec<String> = generator::diag::codes::CODES
        .iter()
        .filter(|code| !generated_elsewhere.contains(&code.code))
        .filter(|code| {
            let (text, label) = match code.severity {
                generator::Severity::Error => (&errors, "error"),
                generator::Severity::Warning => (&warnings, "warning"),
            };
            !text.contains(&format!("{label}[{}]", code.code))
        })
        .map(|code| format!("{} ({})", code.code, code.meaning))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a fixture in fixtures/err (errors) or fixtures/warn (warnings): {missing:?}"
    );
}
