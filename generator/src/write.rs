//! The in-memory file map → disk: write-if-changed, stale-file removal, `--check`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Error;

/// Marker every generated file carries in its first lines; files under the output folder
/// that have it but are no longer generated are removed.
pub const MARKER: &str = "@generated";

/// Differences between generated files and a folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Files whose content differs.
    pub changed: Vec<PathBuf>,
    /// Files that do not exist yet.
    pub missing: Vec<PathBuf>,
    /// Generated files that should no longer exist.
    pub extra: Vec<PathBuf>,
}

impl Drift {
    /// True when the folder is up to date.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// Every path that differs, sorted.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = self
            .changed
            .iter()
            .chain(&self.missing)
            .chain(&self.extra)
            .cloned()
            .collect();
        all.sort();
        all
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Generated files found under `dir` (recursively) by their marker.
fn generated_files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).map_err(io(&current))? {
            let entry = entry.map_err(io(&current))?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(io(&path))?;
            if file_type.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|n| n == "target" || n == ".git")
                {
                    continue;
                }
                stack.push(path);
            } else if file_type.is_file() {
                let head = std::fs::read(&path).map_err(io(&path))?;
                let head = String::from_utf8_lossy(&head[..head.len().min(400)]).into_owned();
                if head.contains(MARKER) {
                    out.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Compares `files` with the content of `dir`.
pub fn compare(
    files: &BTreeMap<String, String>,
    dir: &Path,
    remove_extra: bool,
) -> Result<Drift, Error> {
    let mut drift = Drift::default();
    for (relative, content) in files {
        let path = dir.join(relative);
        match std::fs::read(&path) {
            Ok(existing) if existing == content.as_bytes() => {}
            Ok(_) => drift.changed.push(PathBuf::from(relative)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                drift.missing.push(PathBuf::from(relative))
            }
            Err(source) => return Err(Error::Io { path, source }),
        }
    }
    if remove_extra {
        for existing in generated_files_in(dir)? {
            let key = existing.to_string_lossy().replace('\\', "/");
            if !files.contains_key(&key) {
                drift.extra.push(existing);
            }
        }
    }
    Ok(drift)
}

/// Writes the files that changed and removes generated files that are gone. Everything is
/// generated before this runs, so a failed generation never leaves half an output; each
/// file is written to a temporary sibling and renamed into place.
pub fn write(
    files: &BTreeMap<String, String>,
    dir: &Path,
    remove_extra: bool,
) -> Result<Drift, Error> {
    let drift = compare(files, dir, remove_extra)?;
    for relative in drift.changed.iter().chain(&drift.missing) {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let key = relative.to_string_lossy().replace('\\', "/");
        let temporary = path.with_extension("tmp~");
        std::fs::write(&temporary, files[&key].as_bytes()).map_err(io(&temporary))?;
        std::fs::rename(&temporary, &path).map_err(io(&path))?;
    }
    for relative in &drift.extra {
        let path = dir.join(relative);
        std::fs::remove_file(&path).map_err(io(&path))?;
        // Remove folders left empty.
        let mut parent = path.parent();
        while let Some(folder) = parent.filter(|f| *f != dir) {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
            parent = folder.parent();
        }
    }
    Ok(drift)
}
