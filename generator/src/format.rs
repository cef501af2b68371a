//! Tokens → formatted Rust source with the `@generated` header. Pure: text in, text out.

use proc_macro2::TokenStream;

use crate::Error;

/// Rust to format: tokens (emitted with `quote`), or a file already parsed (the runtime's).
pub enum Rust {
    /// Tokens, parsed here as a whole file.
    Tokens(TokenStream),
    /// A parsed file.
    File(syn::File),
}

/// Formats an emitted file with prettyplease, adding `header` lines (without comment
/// markers) on top.
pub fn rust_file(path: &str, emitted: Rust, header: &[String]) -> Result<String, Error> {
    let body = unparse(path, emitted)?;
    Ok(with_header(header, &[body]))
}

/// Formats an emitted file or part; tokens that do not parse are a generator bug.
pub fn unparse(path: &str, emitted: Rust) -> Result<String, Error> {
    let file: syn::File = match emitted {
        Rust::Tokens(tokens) => syn::parse2(tokens).map_err(|error| Error::InvalidOutput {
            file: path.to_string(),
            message: error.to_string(),
        })?,
        Rust::File(file) => file,
    };
    Ok(prettyplease::unparse(&file))
}

/// `header` lines as `//` comments, a blank line, then the formatted parts in order.
pub fn with_header(header: &[String], parts: &[String]) -> String {
    let size = parts.iter().map(String::len).sum::<usize>() + 256;
    let mut out = String::with_capacity(size);
    for line in header {
        out.push_str("// ");
        out.push_str(&crate::escape::comment_line(line));
        out.push('\n');
    }
    out.push('\n');
    for part in parts {
        out.push_str(part);
    }
    out
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
