//! Tokens → formatted Rust source with the `@generated` header. Pure: text in, text out.

use proc_macro2::TokenStream;

use crate::Error;

/// Rust to format: tokens (emitted with `quote`), or a runtime file already formatted
/// followed by tokens.
pub enum Rust {
    /// Tokens, parsed here as a whole file.
    Tokens(TokenStream),
    /// Text already formatted (a runtime file, prepared in advance), then tokens
    /// to append: formatted here and joined, as prettyplease puts no blank line between
    /// items.
    Formatted(String, TokenStream),
}

/// Formats an emitted file with prettyplease, adding `header` lines (without comment
/// markers) on top.
pub fn rust_file(path: &str, emitted: Rust, header: &[String]) -> Result<String, Error> {
    let body = unparse(path, emitted)?;
    Ok(with_header(header, &[body]))
}

/// Formats an emitted file or part; tokens that do not parse are a generator bug.
pub fn unparse(path: &str, emitted: Rust) -> Result<String, Error> {
    let parse = |tokens: TokenStream| {
        syn::parse2::<syn::File>(tokens).map_err(|error| Error::InvalidOutput {
            file: path.to_string(),
            message: error.to_string(),
        })
    };
    match emitted {
        Rust::Tokens(tokens) => Ok(prettyplease::unparse(&parse(tokens)?)),
        Rust::Formatted(text, then) if then.is_empty() => Ok(text),
        Rust::Formatted(text, then) => Ok(text + &prettyplease::unparse(&parse(then)?)),
    }
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
