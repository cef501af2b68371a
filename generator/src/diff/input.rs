//! The two inputs of a diff: spec files, or `REV:PATH` read from git. A revision's spec is
//! materialized with its folder (the files its `$ref`s may reach) into a temporary folder
//! and loaded from there like any file; nothing is fetched.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::Error;

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A spec file.
    File(PathBuf),
    /// `PATH` at git revision `REV` (`main:spec/batches.yaml`); `PATH` is relative to the
    /// repository root, or to the current folder when it starts with `./` or `../`, as
    /// for `git show`.
    Git {
        /// The revision (`main`, `HEAD~1`, a commit).
        rev: String,
        /// The spec's path.
        path: String,
    },
}

impl Input {
    /// `REV:PATH` when the text has a `:` after a revision and is not an existing file;
    /// a file otherwise.
    pub fn parse(text: &str) -> Input {
        if Path::new(text).exists() {
            return Input::File(PathBuf::from(text));
        }
        match text.split_once(':') {
            // `C:\…` is a Windows path, not a revision named `C`.
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() && !is_drive(rev) => {
                Input::Git {
                    rev: rev.to_string(),
                    path: path.to_string(),
                }
            }
            _ => Input::File(PathBuf::from(text)),
        }
    }

    /// The input as the user wrote it.
    pub fn label(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Git { rev, path } => format!("{rev}:{path}"),
        }
    }
}

/// `C` in `C:\specs\a.yaml`.
fn is_drive(rev: &str) -> bool {
    rev.len() == 1 && rev.chars().all(|c| c.is_ascii_alphabetic())
}

/// A spec folder materialized from git, removed when dropped.
#[derive(Debug)]
pub(crate) struct Tree {
    /// The temporary folder.
    pub dir: PathBuf,
    /// The spec inside it.
    pub spec: PathBuf,
    /// The revision, for display names (`REV:path`).
    pub rev: String,
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Tree {
    /// The name to show for a file of the tree: `REV:path/in/repo`.
    pub fn display(&self, file: &Path) -> Option<String> {
        let relative = file.strip_prefix(&self.dir).ok()?;
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        Some(format!("{}:{}", self.rev, parts.join("/")))
    }
}

/// An error about `what` (the input's label): an I/O error with that path.
fn failed(what: &str, message: impl Into<String>) -> Error {
    Error::Io {
        path: PathBuf::from(what),
        source: std::io::Error::other(message.into()),
    }
}

/// Runs git with `args` in `dir`; its stdout, or an error with its stderr.
fn git(dir: &Path, args: &[&str], what: &str) -> Result<Vec<u8>, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| failed(what, format!("cannot run git: {error}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let line = stderr.lines().next().unwrap_or("").trim();
        return Err(failed(what, format!("git {}: {line}", args.join(" "))));
    }
    Ok(output.stdout)
}

fn git_line(dir: &Path, args: &[&str], what: &str) -> Result<String, Error> {
    let out = git(dir, args, what)?;
    Ok(String::from_utf8_lossy(&out).trim().to_string())
}

/// `a/./b/../c` → `a/c`, without touching the disk; `None` when it leaves the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Files a spec folder may `$ref`: YAML and JSON.
fn is_spec_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml") || lower.ends_with(".json")
}

/// Writes the folder of `path` at `rev` (its YAML and JSON files, subfolders included)
/// into a new temporary folder.
pub(crate) fn materialize(rev: &str, path: &str) -> Result<Tree, Error> {
    let what = format!("{rev}:{path}");
    let here = std::env::current_dir().map_err(|error| failed(&what, error.to_string()))?;
    let root = PathBuf::from(git_line(&here, &["rev-parse", "--show-toplevel"], &what)?);
    let relative = if path.starts_with("./") || path.starts_with("../") {
        let prefix = git_line(&here, &["rev-parse", "--show-prefix"], &what)?;
        format!("{prefix}{path}")
    } else {
        path.to_string()
    };
    let relative = normalize(&relative)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| failed(&what, "the path leaves the repository"))?;
    let commit = git_line(
        &root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
        &what,
    )
    .map_err(|_| {
        failed(
            &what,
            format!("`{rev}` is not a revision of this repository"),
        )
    })?;
    let folder = match relative.rsplit_once('/') {
        Some((folder, _)) => folder.to_string(),
        None => String::new(),
    };
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit.as_str()];
    if !folder.is_empty() {
        args.push("--");
        args.push(folder.as_str());
    }
    let listing = git(&root, &args, &what)?;
    // `<mode> <type> <object>\t<path>` entries, NUL-terminated.
    let mut blobs: Vec<(String, String)> = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, file)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (mode, kind, object) = (meta.next(), meta.next(), meta.next());
        // Files only: a symbolic link's blob is the link's target, not a spec.
        if let (Some("blob"), Some(object)) = (kind, object)
            && mode != Some("120000")
            && is_spec_file(file)
        {
            blobs.push((object.to_string(), file.to_string()));
        }
    }
    if !blobs.iter().any(|(_, file)| *file == relative) {
        return Err(failed(
            &what,
            format!("`{relative}` does not exist at `{rev}`"),
        ));
    }
    let dir = temp_dir();
    std::fs::create_dir_all(&dir).map_err(|error| failed(&what, error.to_string()))?;
    let tree = Tree {
        spec: dir.join(&relative),
        dir,
        rev: rev.to_string(),
    };
    let contents = cat_blobs(&root, &blobs, &what)?;
    for ((_, file), content) in blobs.iter().zip(contents) {
        let target = tree.dir.join(file);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|error| failed(&what, error.to_string()))?;
        }
        std::fs::write(&target, content).map_err(|error| failed(&what, error.to_string()))?;
    }
    Ok(tree)
}

/// The contents of `blobs`, in order, from one `git cat-file --batch`.
fn cat_blobs(root: &Path, blobs: &[(String, String)], what: &str) -> Result<Vec<Vec<u8>>, Error> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| failed(what, format!("cannot run git: {error}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed(what, "git cat-file has no stdin"))?;
    let request: String = blobs
        .iter()
        .map(|(object, _)| format!("{object}\n"))
        .collect();
    // Written from another thread: git answers while it reads, and a full pipe would
    // block both sides.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_end(&mut out)
            .map_err(|error| failed(what, error.to_string()))?;
    }
    let _ = writer.join();
    let _ = child.wait();
    // `<object> blob <size>\n<content>\n` per blob.
    let mut contents = Vec::new();
    let mut rest = out.as_slice();
    for _ in blobs {
        let header_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| failed(what, "git cat-file ended early"))?;
        let header = String::from_utf8_lossy(&rest[..header_end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed(what, format!("git cat-file: {header}")))?;
        let start = header_end + 1;
        let content = rest
            .get(start..start + size)
            .ok_or_else(|| failed(what, "git cat-file ended early"))?;
        contents.push(content.to_vec());
        rest = rest.get(start + size + 1..).unwrap_or_default();
    }
    Ok(contents)
}

/// A new folder name under the system's temporary folder.
fn temp_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    std::env::temp_dir().join(format!(
        "generator-diff-{}-{}-{nanos}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_files_or_revisions() {
        assert_eq!(
            Input::parse("main:spec/batches.yaml"),
            Input::Git {
                rev: "main".into(),
                path: "spec/batches.yaml".into()
            }
        );
        assert_eq!(
            Input::parse("HEAD~1:./a.yaml").label(),
            "HEAD~1:./a.yaml".to_string()
        );
        assert_eq!(
            Input::parse("C:\\specs\\a.yaml"),
            Input::File(PathBuf::from("C:\\specs\\a.yaml"))
        );
        assert_eq!(
            Input::parse("missing.yaml"),
            Input::File(PathBuf::from("missing.yaml"))
        );
        assert_eq!(Input::parse(":x"), Input::File(PathBuf::from(":x")));
    }

    #[test]
    fn paths_are_normalized_inside_the_repository() {
        assert_eq!(
            normalize("spec/./a/../b.yaml").as_deref(),
            Some("spec/b.yaml")
        );
        assert_eq!(normalize("../b.yaml"), None);
        assert_eq!(normalize("/etc/passwd"), None);
    }
}
