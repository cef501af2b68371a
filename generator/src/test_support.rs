//! Helpers shared by the unit tests that read the generator's own sources.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir` (relative to this crate's root, e.g. `src/emit`), as (path
/// relative to `dir` with `/` separators, text), sorted by path.
pub fn rust_sources(dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("the folder is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).expect("below the folder");
            let text = std::fs::read_to_string(&path).expect("sources are UTF-8");
            (relative.to_string_lossy().replace('\\', "/"), text)
        })
        .collect()
}

/// Every YAML file of the project's spec and tests, and of the corpus beside the
/// project when it is there.
pub fn yaml_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    let mut folders = vec![
        root.join("spec"),
        root.join("generator/tests"),
        root.join("../shared/corpus"),
    ];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
