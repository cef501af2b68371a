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
    doc_lines(markdown, |text| quote!(#[doc = #text]))
}

/// `#![doc = "…"]` attributes (a module's own docs), one per line of `markdown`.
pub fn inner_attrs(markdown: &Markdown) -> TokenStream {
    doc_lines(markdown, |text| quote!(#![doc = #text]))
}

/// One attribute per line of `markdown`, each made by `attr` from the line's text (with the
/// space rustdoc expects after `///`).
fn doc_lines(markdown: &Markdown, attr: impl Fn(String) -> TokenStream) -> TokenStream {
    markdown
        .lines()
        .map(|line| {
            attr(if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            })
        })
        .collect()
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
        let patterns = [concat!("#[doc = ", "#"), concat!("#![doc = ", "#")];
        let offenders: Vec<String> = crate::test_support::rust_sources("src/emit")
            .into_iter()
            .filter(|(path, text)| {
                path != "docs.rs" && patterns.iter().any(|pattern| text.contains(pattern))
            })
            .map(|(path, _)| path)
            .collect();
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
