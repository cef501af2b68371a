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
        let result = generator::Config::new().spec(relative).generate();
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
        let generated = generator::Config::new()
            .spec(relative)
            .generate()
            .unwrap_or_else(|error| panic!("{}: {error}", relative.display()));
        assert!(
            !generated.warnings.is_empty(),
            "{}: no warning",
            relative.display()
        );
        assert!(!generated.warnings.has_errors());
        insta::assert_snapshot!(generated.warnings.render(false));
        match generator::Config::new()
            .spec(relative)
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
