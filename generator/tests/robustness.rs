//! Property test: mutated specs (the fixtures, the main spec and the small files of the
//! shared corpus, with nodes deleted, retyped, replaced by hostile strings or pointed at
//! other places) never make the generator panic, and never make it emit Rust that does
//! not parse (a generator bug, `Error::InvalidOutput`). It may only succeed or report
//! diagnostics.
//!
//! `ROBUSTNESS_CASES` sets the number of cases (default 256, what CI runs).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use serde_json::Value;

/// Strings that have broken generators before.
const HOSTILE: &[&str] = &[
    "",
    "*/",
    "\"#",
    "}",
    "r#",
    "`",
    "```",
    "<b>",
    "type",
    "Self",
    "self",
    "gen",
    "9",
    "🦀",
    "#/components/schemas/Nope",
    "#/",
    "#",
    "../x.yaml",
    "a b",
    "{}",
    "{x}",
    "/",
    "~1",
    "null",
];

fn seeds() -> &'static Vec<(PathBuf, Value)> {
    static SEEDS: OnceLock<Vec<(PathBuf, Value)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("workspace root");
        let mut files = vec![root.join("spec/batches.yaml")];
        for folder in ["generator/tests/fixtures/ok", "../shared/corpus"] {
            if let Ok(entries) = std::fs::read_dir(root.join(folder)) {
                files.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
            }
        }
        files.sort();
        files
            .into_iter()
            .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.len() < 120_000))
            .filter_map(|path| {
                let text = std::fs::read_to_string(&path).ok()?;
                let value: Value = serde_yaml::from_str(&text).ok()?;
                Some((path, value))
            })
            .collect()
    })
}

/// Every JSON pointer in `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

/// Applies mutation `kind` at the node chosen by `pick`.
fn mutate(spec: &mut Value, kind: u8, pick: usize, extra: usize) {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    let target = all[pick % all.len()].clone();
    let donor = all[extra % all.len()].clone();
    let hostile = HOSTILE[extra % HOSTILE.len()];
    let donor_value = spec.pointer(&donor).cloned().unwrap_or(Value::Null);
    let Some(node) = spec.pointer_mut(&target) else {
        return;
    };
    match kind % 9 {
        0 => *node = Value::Null,
        1 => *node = Value::String(hostile.to_string()),
        2 => *node = serde_json::json!(extra as i64 - 3),
        3 => *node = serde_json::json!({}),
        4 => *node = serde_json::json!([]),
        5 => *node = donor_value,
        6 => *node = serde_json::json!({ "$ref": format!("#{donor}") }),
        7 => {
            if let Value::Object(map) = node {
                let key = map.keys().nth(extra % map.len().max(1)).cloned();
                if let Some(key) = key {
                    map.remove(&key);
                }
            }
        }
        _ => {
            if let Value::Object(map) = node {
                map.insert(hostile.to_string(), donor_value);
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("ROBUSTNESS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_or_emit_invalid_rust(
        seed in any::<usize>(),
        mutations in proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..6),
        module in any::<bool>(),
    ) {
        let seeds = seeds();
        prop_assume!(!seeds.is_empty());
        let (path, original) = &seeds[seed % seeds.len()];
        let mut spec = original.clone();
        for (kind, pick, extra) in &mutations {
            mutate(&mut spec, *kind, *pick, *extra);
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("spec.yaml");
        std::fs::write(&file, serde_yaml::to_string(&spec).expect("serializable")).expect("writable");
        let output = if module { generator::Output::Module } else { generator::Output::Crate };
        let result = std::panic::catch_unwind(|| {
            generator::Config::new().spec(&file).output(output).generate()
        });
        match result {
            Err(_) => prop_assert!(false, "panic on a mutation of {} ({mutations:?})", path.display()),
            Ok(Err(generator::Error::InvalidOutput { file, message })) => prop_assert!(
                false,
                "invalid Rust in {file} for a mutation of {} ({mutations:?}): {message}",
                path.display()
            ),
            Ok(Err(generator::Error::Template(error))) => {
                prop_assert!(false, "template failure: {error}")
            }
            Ok(_) => {}
        }
    }
}
