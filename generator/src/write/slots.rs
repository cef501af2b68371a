//! Empty files made ready in a fresh output folder while the spec is generated, so that
//! writing afterwards only fills them and renames them into place.
//!
//! Creating a file is the slowest part of writing on common file systems (ext4 looks for
//! a free inode each time, the longer the more files were just deleted); lowering runs on
//! one core and leaves the other idle, which is when these files are made. They are
//! temporary files of the manifest in name (`..generator-manifest.<pid>-<n>.generator-tmp`,
//! as [`super::create_temporary`] names them), so a run killed before writing leaves only files the
//! next run removes, and those not used are removed once the files are written, or when
//! generation fails.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Files made ready before the number wanted is known, at most.
const AHEAD: usize = 32;

/// Empty files in one output folder, made on a thread of their own.
pub struct Slots {
    dir: PathBuf,
    shared: Arc<Shared>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

struct Shared {
    ready: Mutex<Vec<(PathBuf, File)>>,
    /// How many to make: [`AHEAD`] until the pipeline knows.
    wanted: AtomicUsize,
    stop: AtomicBool,
    /// Whether the thread made `dir` (removed again when nothing was written in it).
    made_dir: AtomicBool,
}

impl Slots {
    /// Starts making files in `dir` when it is a fresh output: missing, or without a
    /// manifest (a folder written before mostly keeps its files, and gets few new ones).
    pub fn start(dir: &Path) -> Option<Slots> {
        Self::start_wanting(dir, AHEAD)
    }

    fn start_wanting(dir: &Path, wanted: usize) -> Option<Slots> {
        if std::fs::symlink_metadata(dir.join(super::MANIFEST)).is_ok() {
            return None;
        }
        let shared = Arc::new(Shared {
            ready: Mutex::new(Vec::new()),
            wanted: AtomicUsize::new(wanted),
            stop: AtomicBool::new(false),
            made_dir: AtomicBool::new(false),
        });
        let (folder, filler) = (dir.to_path_buf(), Arc::clone(&shared));
        let thread = std::thread::Builder::new()
            .name("slots".to_string())
            .spawn(move || fill(&folder, &filler))
            .ok()?;
        Some(Slots {
            dir: dir.to_path_buf(),
            shared,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// The folder the files are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sets how many files the writing will need.
    pub fn want(&self, count: usize) {
        self.shared.wanted.store(count, Ordering::Relaxed);
    }

    /// Stops making files and waits for the thread: from then on the set only shrinks.
    pub fn finish(&self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        let thread = self.thread.lock().ok().and_then(|mut thread| thread.take());
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }

    /// One ready file, if any is left.
    pub fn take(&self) -> Option<(PathBuf, File)> {
        self.shared.ready.lock().ok()?.pop()
    }

    /// Whether `path` is one of the ready files (not a killed run's leftover).
    pub fn holds(&self, path: &Path) -> bool {
        self.shared
            .ready
            .lock()
            .is_ok_and(|ready| ready.iter().any(|(held, _)| held == path))
    }

    /// Removes the files not taken, and the folder if the thread made it and it is empty.
    pub fn release(&self) {
        self.finish();
        let left = self
            .shared
            .ready
            .lock()
            .map(|mut ready| std::mem::take(&mut *ready))
            .unwrap_or_default();
        for (path, file) in left {
            drop(file);
            let _ = std::fs::remove_file(path);
        }
        if self.shared.made_dir.load(Ordering::Relaxed) {
            // Fails, as it should, once anything was written in it.
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

impl Drop for Slots {
    fn drop(&mut self) {
        self.release();
    }
}

impl std::fmt::Debug for Slots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slots")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// The thread: makes the folder if needed, then files until enough or stopped.
fn fill(dir: &Path, shared: &Shared) {
    if std::fs::symlink_metadata(dir).is_err() {
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        shared.made_dir.store(true, Ordering::Relaxed);
    }
    let manifest = dir.join(super::MANIFEST);
    loop {
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
        let made = shared.ready.lock().map_or(usize::MAX, |ready| ready.len());
        if made >= shared.wanted.load(Ordering::Relaxed) {
            return;
        }
        let Ok(slot) = super::create_temporary(&manifest) else {
            return;
        };
        match shared.ready.lock() {
            Ok(mut ready) => ready.push(slot),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn files_not_taken_are_removed_with_the_folder_they_made() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("fresh/out");
        let slots = Slots::start_wanting(&dir, 3).unwrap();
        // The thread stops at 3; waited for at most 10 s.
        for _ in 0..1000 {
            if names(&dir).len() >= 3 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        slots.finish();
        let made = names(&dir);
        assert_eq!(made.len(), 3, "{made:?}");
        assert!(
            made.iter()
                .all(|name| name.starts_with("..generator-manifest.")
                    && name.ends_with(".generator-tmp"))
        );
        let (path, _) = slots.take().unwrap();
        assert!(!slots.holds(&path));
        let others: Vec<PathBuf> = made.iter().map(|name| dir.join(name)).collect();
        assert_eq!(others.iter().filter(|other| slots.holds(other)).count(), 2);
        std::fs::remove_file(path).unwrap();
        drop(slots);
        assert!(!dir.exists());
    }

    #[test]
    fn a_folder_written_before_gets_none_and_a_used_folder_stays() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(crate::write::MANIFEST), "").unwrap();
        assert!(Slots::start(root.path()).is_none());
        let dir = root.path().join("out");
        let slots = Slots::start(&dir).unwrap();
        slots.finish();
        std::fs::write(dir.join("kept.rs"), "").unwrap();
        slots.release();
        assert_eq!(names(&dir), ["kept.rs"]);
    }
}
