//! Doc comments: every `#[doc]` the emitter writes is made here, from [`Markdown`] only
//! (spec text gets there through its escaping constructors; a test checks that no other
//! module of `emit` writes a `#[doc]` of its own).

use proc_macro2::TokenStream;
use quote::quote;

use crate::escape::Markdown;
use crate::ir::Docs;

/// The docs of an item: summary, description, the deprecation note, then `extra`
/// paragraphs the generator adds.
pub fn markdown(docs: &Docs, extra: &[Markdown]) -> Markdown {
    let mut parts: Vec<Markdown> = Vec::new();
    if let Some(summary) = docs.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(Markdown::prose(summary));
    }
    if let Some(description) = docs.description.as_deref().filter(|s| !s.trim().is_empty()) {
        let described = Markdown::prose(description);
        let repeats_summary = parts.first().is_some_and(|summary| *summary == described);
        if !described.is_empty() && !repeats_summary {
            parts.push(described);
        }
    }
    if docs.deprecated {
        parts.push(Markdown::lit("**Deprecated.**"));
    }
    parts.extend(extra.iter().filter(|part| !part.is_empty()).cloned());
    Markdown::join(parts, "\n\n")
}

/// `#[doc = "…"]` attributes, one per line of `markdown`.
pub fn attrs(markdown: &Markdown) -> TokenStream {
    let lines = markdown.lines().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// `#![doc = "…"]` attributes (a module's own docs), one per line of `markdown`.
pub fn inner_attrs(markdown: &Markdown) -> TokenStream {
    let lines = markdown.lines().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #text])
    });
    quote!(#(#lines)*)
}

/// Doc attributes for `docs` plus `extra` paragraphs.
pub fn doc(docs: &Docs, extra: &[Markdown]) -> TokenStream {
    attrs(&markdown(docs, extra))
}

/// Doc attributes for one paragraph of the generator's (see [`md!`]).
pub fn line(markdown: Markdown) -> TokenStream {
    attrs(&markdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `#[doc]` of the emitted code is made in this module, from `Markdown`.
    #[test]
    fn no_other_module_writes_doc_attributes() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/emit"));
        let mut offenders = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("emit/ is readable") {
                let path = entry.expect("an entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.file_name().is_some_and(|name| name == "docs.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("readable");
                for pattern in [concat!("#[doc = ", "#"), concat!("#![doc = ", "#")] {
                    if text.contains(pattern) {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "doc attributes written outside emit/docs.rs: {offenders:?}"
        );
    }

    #[test]
    fn summaries_descriptions_and_notes() {
        let docs = Docs {
            summary: Some("Get a pet.".to_string()),
            description: Some("Get a pet.".to_string()),
            deprecated: true,
        };
        let text = markdown(&docs, &[Markdown::lit("`GET /pets`")]);
        assert_eq!(
            text.as_str(),
            "Get a pet.\n\n**Deprecated.**\n\n`GET /pets`"
        );
    }
}
