//! `spec/batches.yaml` passes the Redocly linter (installed by `.ci/run` with
//! `npm ci --prefix .ci`) with no errors and no warnings.

use std::path::Path;
use std::process::Command;

#[test]
fn redocly_lint_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let redocly = root.join(".ci/node_modules/.bin/redocly");
    assert!(
        redocly.exists(),
        "{} is missing: run `npm ci --prefix .ci`",
        redocly.display()
    );
    let output = Command::new(&redocly)
        .args(["lint", "spec/batches.yaml", "--format", "stylish"])
        .current_dir(root)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .output()
        .expect("redocly runs");
    let raw = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Drop the boxed banner about the Node.js version; keep the lint report.
    let text: String = raw
        .lines()
        .filter(|line| !line.contains('║'))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(output.status.success(), "redocly lint failed:\n{text}");
    assert!(
        text.contains("is valid"),
        "unexpected redocly output:\n{text}"
    );
    assert!(
        !text.to_lowercase().contains("warning"),
        "redocly reported warnings:\n{text}"
    );
}
