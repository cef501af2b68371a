//! Tokens → formatted Rust source with the `@generated` header.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::emit::{Emitter, FileJob};
use crate::{Error, parallel};

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

/// Emits and formats every part of `files`, and renders `texts` (path, job), on up to `threads`
/// threads, then joins the parts of each Rust file in order. The result is the same
/// whatever the number of threads: parts are whole files to syn and prettyplease, which
/// put no blank line between items.
pub fn files(
    emitter: &Emitter<'_>,
    files: &[FileJob],
    texts: Vec<(String, parallel::Job<'_, Result<String, Error>>)>,
    header: &[String],
    threads: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let mut jobs: Vec<parallel::Job<'_, Result<String, Error>>> = Vec::new();
    for file in files {
        for part in &file.parts {
            jobs.push(parallel::Job {
                weight: emitter.part_weight(part),
                run: Box::new(move || unparse(&file.path, emitter.part(part))),
            });
        }
    }
    let (text_paths, text_jobs): (Vec<String>, Vec<_>) = texts.into_iter().unzip();
    jobs.extend(text_jobs);
    let mut results = parallel::run(&jobs, threads).into_iter();
    let mut out = BTreeMap::new();
    for file in files {
        let parts = results
            .by_ref()
            .take(file.parts.len())
            .collect::<Result<Vec<_>, _>>()?;
        out.insert(file.path.clone(), with_header(header, &parts));
    }
    for (path, text) in text_paths.into_iter().zip(results) {
        out.insert(path, text?);
    }
    Ok(out)
}

/// Formats a documentation snippet (items without a header), for Markdown files.
pub fn snippet(what: &str, tokens: TokenStream) -> Result<String, Error> {
    // Cloning a token stream only bumps a reference count; the text is for the error.
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|error| Error::InvalidOutput {
        file: what.to_string(),
        message: format!("{error} in `{tokens}`"),
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
                let files = files(&emitter, &jobs, Vec::new(), &header, threads).expect("formats");
                assert_eq!(files["src/types.rs"], whole, "{size} types per part");
            }
        }
    }
}
