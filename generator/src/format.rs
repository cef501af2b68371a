//! Tokens → formatted Rust source with the `@generated` header.

use proc_macro2::TokenStream;

use crate::Error;

/// Parses `tokens` as a file and formats it with prettyplease, adding `header` lines
/// (without comment markers) on top.
pub fn rust_file(path: &str, tokens: TokenStream, header: &[String]) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::InvalidOutput {
        file: path.to_string(),
        message: error.to_string(),
    })?;
    let body = prettyplease::unparse(&file);
    let mut out = String::with_capacity(body.len() + 256);
    for line in header {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&body);
    Ok(out)
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
