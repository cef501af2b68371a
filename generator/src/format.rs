//! Tokens → formatted Rust source with the `@generated` header.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::Error;
use crate::emit::{Emitter, FileJob, Part};

/// Parses `tokens` as a file and formats it with prettyplease, adding `header` lines
/// (without comment markers) on top.
pub fn rust_file(path: &str, tokens: TokenStream, header: &[String]) -> Result<String, Error> {
    let body = unparse(path, tokens)?;
    Ok(with_header(header, &[body]))
}

/// Parses `tokens` as a whole file and formats it; a parse failure is a generator bug.
fn unparse(path: &str, tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::InvalidOutput {
        file: path.to_string(),
        message: error.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

/// `header` lines as `//` comments, a blank line, then the formatted parts in order.
fn with_header(header: &[String], parts: &[String]) -> String {
    let size = parts.iter().map(String::len).sum::<usize>() + 256;
    let mut out = String::with_capacity(size);
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Emits and formats every part of `files` on up to `threads` threads and joins the parts
/// of each file in order. The result is the same whatever the number of threads: parts
/// are whole files to syn and prettyplease, which put no blank line between items.
pub fn files(
    emitter: &Emitter<'_>,
    files: &[FileJob],
    header: &[String],
    threads: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let work: Vec<(usize, usize, &Part)> = {
        let mut work: Vec<_> = files
            .iter()
            .enumerate()
            .flat_map(|(f, file)| {
                file.parts
                    .iter()
                    .enumerate()
                    .map(move |(p, part)| (f, p, part))
            })
            .collect();
        // Biggest first, so the last part to finish is a small one.
        work.sort_by_key(|(f, p, part)| (std::cmp::Reverse(emitter.part_weight(part)), *f, *p));
        work
    };
    let slots: Vec<Mutex<Option<Result<String, Error>>>> =
        work.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let run = || {
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some((f, _, part)) = work.get(index) else {
                break;
            };
            let text = unparse(&files[*f].path, emitter.part(part));
            *slots[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
        }
    };
    let threads = threads.clamp(1, work.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(run);
        }
        run();
    });
    let mut texts: Vec<Vec<String>> = files
        .iter()
        .map(|file| vec![String::new(); file.parts.len()])
        .collect();
    for ((f, p, _), slot) in work.iter().zip(slots) {
        let text = slot
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_else(|| {
                Err(Error::InvalidOutput {
                    file: files[*f].path.clone(),
                    message: "a formatting thread stopped before this part".to_string(),
                })
            })?;
        texts[*f][*p] = text;
    }
    Ok(files
        .iter()
        .zip(texts)
        .map(|(file, parts)| (file.path.clone(), with_header(header, &parts)))
        .collect())
}

/// Formats a documentation snippet (items without a header), for Markdown files.
pub fn snippet(what: &str, tokens: TokenStream) -> Result<String, Error> {
    let text = tokens.to_string();
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::InvalidOutput {
        file: what.to_string(),
        message: format!("{error} in `{text}`"),
    })?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Formatting `types.rs` in parts gives the same text as formatting it whole, for
    /// every part size (the main spec has items of every kind: structs, enums, unions).
    #[test]
    fn parts_join_into_the_whole_file() {
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/batches.yaml");
        let (api, _) = crate::Config::new()
            .spec(spec)
            .lower()
            .expect("the spec lowers");
        let emitter = Emitter::new(&api);
        let header = vec!["header".to_string()];
        let whole = rust_file("src/types.rs", emitter.types_module(), &header).expect("formats");
        for size in [1, 2, 5, api.types.len()] {
            for threads in [1, 2] {
                let jobs = emitter.crate_files_in_parts(size);
                let files = files(&emitter, &jobs, &header, threads).expect("formats");
                assert_eq!(files["src/types.rs"], whole, "{size} types per part");
            }
        }
    }
}
