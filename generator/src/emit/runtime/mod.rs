//! The runtime every generated SDK carries. Its source is the `runtime/` crate of this
//! workspace, ordinary Rust compiled and tested on its own; this module embeds it: the
//! pieces the API does not use are removed from each source file, and what is left
//! becomes a module of the generated crate. A crate's files come from copies formatted
//! in advance (see [`assemble`]), so generating parses none of the runtime; a
//! build-script module prunes the parsed sources (see [`cfg`]), which a test holds to
//! the same result.

mod assemble;
mod cfg;
mod pieces;
// Written by `sourcegen` (prettyplease's layout), not by rustfmt.
#[rustfmt::skip]
mod prepared;
#[cfg(test)]
mod sourcegen;

pub use pieces::{Piece, Pieces};

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The runtime's modules, by their path under `runtime/src` (= under the generated
/// crate's `src`). `lib.rs` is the runtime crate's own root and is never embedded.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "client.rs",
        include_str!("../../../../runtime/src/client.rs"),
    ),
    ("error.rs", include_str!("../../../../runtime/src/error.rs")),
    (
        "runtime/mod.rs",
        include_str!("../../../../runtime/src/runtime/mod.rs"),
    ),
    (
        "runtime/codec.rs",
        include_str!("../../../../runtime/src/runtime/codec.rs"),
    ),
    (
        "runtime/dates.rs",
        include_str!("../../../../runtime/src/runtime/dates.rs"),
    ),
    (
        "runtime/lenient.rs",
        include_str!("../../../../runtime/src/runtime/lenient.rs"),
    ),
    (
        "runtime/multipart.rs",
        include_str!("../../../../runtime/src/runtime/multipart.rs"),
    ),
    (
        "runtime/nullable.rs",
        include_str!("../../../../runtime/src/runtime/nullable.rs"),
    ),
    (
        "runtime/request.rs",
        include_str!("../../../../runtime/src/runtime/request.rs"),
    ),
    (
        "runtime/response.rs",
        include_str!("../../../../runtime/src/runtime/response.rs"),
    ),
    (
        "runtime/retry.rs",
        include_str!("../../../../runtime/src/runtime/retry.rs"),
    ),
];

thread_local! {
    /// Runtime sources already parsed on this thread: parsing is most of the cost of
    /// embedding, and a process (a test run, a build script) generates many APIs.
    static PARSED: std::cell::RefCell<std::collections::BTreeMap<&'static str, syn::File>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// The source up to its unit tests: `#[cfg(test)] mod tests` closes a runtime file (rustfmt
/// keeps the attribute at the start of a line) and is never embedded, so it is not parsed.
fn without_tests(source: &str) -> &str {
    match source.find("\n#[cfg(test)]\nmod tests {") {
        Some(end) => &source[..end + 1],
        None => source,
    }
}

/// A runtime source parsed and pruned for one API.
fn pruned(path: &str, pieces: &Pieces) -> Result<syn::File, String> {
    pruned_and_features(path, pieces).map(|(file, _)| file)
}

/// The runtime source at `path` (under `runtime/src`): its `SOURCES` entry.
fn source(path: &str) -> Result<(&'static str, &'static str), String> {
    SOURCES
        .iter()
        .find(|(source, _)| *source == path)
        .copied()
        .ok_or_else(|| format!("no runtime source `{path}`"))
}

#[cfg(test)]
/// Marks the module declarations of a runtime file `#[rustfmt::skip]`: prettyplease
/// formatted the files they name, and `cargo fmt` would format them again.
fn skip_rustfmt(file: &mut syn::File) {
    for item in &mut file.items {
        if let syn::Item::Mod(module) = item
            && module.content.is_none()
        {
            module.attrs.push(syn::parse_quote!(#[rustfmt::skip]));
        }
    }
}

/// [`pruned`], and whether it keeps a `cfg` on a feature of the generated crate.
fn pruned_and_features(path: &str, pieces: &Pieces) -> Result<(syn::File, bool), String> {
    let (key, source) = source(path)?;
    let mut file = PARSED.with(|parsed| {
        if let Some(file) = parsed.borrow().get(key) {
            return Ok(file.clone());
        }
        let file = syn::parse_file(without_tests(source))
            .map_err(|error| format!("runtime/src/{path}: {error}"))?;
        parsed.borrow_mut().insert(key, file.clone());
        Ok::<_, String>(file)
    })?;
    let features =
        cfg::prune(&mut file, pieces).map_err(|error| format!("runtime/src/{path}: {error}"))?;
    drop_private_docs(&mut file.items);
    Ok((file, features))
}

/// What the runtime contributes to one API's crate: computed once per generation.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The pieces the API uses.
    pub pieces: Pieces,
    /// The top-level runtime modules (`client`, `error`, `runtime`) the crate has.
    pub modules: Vec<&'static str>,
    /// The submodules of `runtime/` that stay, by name, and whether `runtime/mod.rs`
    /// re-exports them publicly (`pub use x::*`: they have public items).
    pub submodules: Vec<(String, bool)>,
}

impl Layout {
    /// The layout for `pieces`. The sources are part of the generator and tested to embed
    /// (see the tests below), so a source that fails here is left out rather than failing
    /// the run; emitting it reports the same failure as a generator bug.
    pub fn of(pieces: Pieces) -> Self {
        let mut layout = Layout {
            pieces,
            ..Layout::default()
        };
        if let Ok(file) = pruned("runtime/mod.rs", &layout.pieces) {
            let public: Vec<String> = file
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Use(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                        match &item.tree {
                            syn::UseTree::Path(path) => Some(path.ident.to_string()),
                            _ => None,
                        }
                    }
                    _ => None,
                })
                .collect();
            layout.submodules = file
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Mod(module) if module.content.is_none() => {
                        let name = module.ident.to_string();
                        let exported = public.contains(&name);
                        Some((name, exported))
                    }
                    _ => None,
                })
                .collect();
        }
        if layout.pieces.has(Piece::Operations) {
            layout.modules.extend(["client", "error"]);
        }
        if !layout.submodules.is_empty() {
            layout.modules.push("runtime");
        }
        layout
    }

    /// The public items of the runtime modules as `(module, name)`: what the crate root
    /// re-exports. Only the files that can have any are read.
    pub fn exports(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for &module in &self.modules {
            let paths: Vec<String> = if module == "runtime" {
                self.submodules
                    .iter()
                    .filter(|(_, exported)| *exported)
                    .map(|(name, _)| format!("runtime/{name}.rs"))
                    .collect()
            } else {
                vec![format!("{module}.rs")]
            };
            for path in paths {
                if let Ok(file) = embedded(&path, &self.pieces) {
                    out.extend(file.public.iter().map(|name| (module, name.clone())));
                }
            }
        }
        out
    }
}

/// A runtime file pruned for one set of pieces, formatted, with its public names.
#[derive(Debug)]
pub struct Embedded {
    /// The file's text, formatted, without the `@generated` header.
    pub text: String,
    /// The names of its public items.
    pub public: Vec<String>,
}

/// The runtime file `path` embedded for `pieces`: assembled from its prepared copy, a
/// walk over its lines.
pub fn embedded(path: &str, pieces: &Pieces) -> Result<Embedded, String> {
    let file = (prepared::FILES.iter())
        .find(|file| file.path == path)
        .ok_or_else(|| format!("runtime/src/{path} is not prepared"))?;
    let (text, public) = file.assemble(pieces);
    Ok(Embedded { text, public })
}

/// One top-level module, inline (for a module file): the submodules of `runtime/` are
/// written inside it. Also says whether the module keeps a `cfg` on a feature of the
/// generated crate (`tracing`): in a user's crate that may not declare it, the module
/// then allows `unexpected_cfgs`.
pub fn inline_module(
    name: &str,
    pieces: &Pieces,
    extra: TokenStream,
) -> Result<(TokenStream, bool), String> {
    let path = match name {
        "runtime" => "runtime/mod.rs".to_string(),
        other => format!("{other}.rs"),
    };
    let (mut file, mut features) = pruned_and_features(&path, pieces)?;
    let mut items = Vec::with_capacity(file.items.len());
    for item in std::mem::take(&mut file.items) {
        match item {
            syn::Item::Mod(module) if module.content.is_none() => {
                let (inner, inner_features) =
                    pruned_and_features(&format!("runtime/{}.rs", module.ident), pieces)?;
                features |= inner_features;
                let syn::ItemMod {
                    attrs, vis, ident, ..
                } = module;
                let inner_attrs = inner.attrs;
                let inner_items = inner.items;
                items.push(syn::parse_quote! {
                    #(#attrs)*
                    #vis mod #ident {
                        #(#inner_attrs)*
                        #(#inner_items)*
                    }
                });
            }
            other => items.push(other),
        }
    }
    file.items = items;
    let tokens = file.into_token_stream().into_iter().chain(extra).collect();
    Ok((tokens, features))
}

/// Removes the doc comments of items no user of the generated crate can see: what is
/// not `pub` (items, fields, and the methods of inherent impls). They are for whoever
/// works on the runtime and stay in `runtime/src`; rustdoc shows none of them, and they
/// were about a tenth of an embedded runtime's lines. Trait impls keep theirs.
fn drop_private_docs(items: &mut [syn::Item]) {
    use syn::{Fields, ImplItem, Item, Visibility};
    fn undocument(attrs: &mut Vec<syn::Attribute>, vis: &Visibility) {
        if !matches!(vis, Visibility::Public(_)) {
            attrs.retain(|attr| !attr.path().is_ident("doc"));
        }
    }
    for item in items {
        match item {
            Item::Const(item) => undocument(&mut item.attrs, &item.vis),
            Item::Enum(item) => undocument(&mut item.attrs, &item.vis),
            Item::Fn(item) => undocument(&mut item.attrs, &item.vis),
            Item::Static(item) => undocument(&mut item.attrs, &item.vis),
            Item::Trait(item) => undocument(&mut item.attrs, &item.vis),
            Item::Type(item) => undocument(&mut item.attrs, &item.vis),
            Item::Macro(item) => {
                // `macro_rules!` is private to the crate however it is re-exported.
                item.attrs.retain(|attr| !attr.path().is_ident("doc"));
            }
            Item::Struct(item) => {
                undocument(&mut item.attrs, &item.vis);
                if let Fields::Named(fields) = &mut item.fields {
                    for field in &mut fields.named {
                        undocument(&mut field.attrs, &field.vis);
                    }
                }
            }
            Item::Impl(item) if item.trait_.is_none() => {
                for member in &mut item.items {
                    match member {
                        ImplItem::Fn(member) => undocument(&mut member.attrs, &member.vis),
                        ImplItem::Const(member) => undocument(&mut member.attrs, &member.vis),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The name of an item visible outside the crate.
#[cfg(test)]
fn public_ident(item: &syn::Item) -> Option<&syn::Ident> {
    use syn::{Item, Visibility};
    let (vis, ident) = match item {
        Item::Const(item) => (&item.vis, &item.ident),
        Item::Enum(item) => (&item.vis, &item.ident),
        Item::Fn(item) => (&item.vis, &item.sig.ident),
        Item::Static(item) => (&item.vis, &item.ident),
        Item::Struct(item) => (&item.vis, &item.ident),
        Item::Trait(item) => (&item.vis, &item.ident),
        Item::Type(item) => (&item.vis, &item.ident),
        _ => return None,
    };
    matches!(vis, Visibility::Public(_)).then_some(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cutting the tests off before parsing removes exactly the `tests` module.
    #[test]
    fn only_the_tests_are_cut() {
        for (path, source) in SOURCES {
            let whole = syn::parse_file(source).unwrap_or_else(|error| panic!("{path}: {error}"));
            let cut = syn::parse_file(without_tests(source))
                .unwrap_or_else(|error| panic!("{path}: {error}"));
            let tests = whole.items.len() - cut.items.len();
            assert!(tests <= 1, "{path}");
            if tests == 1 {
                assert!(
                    matches!(whole.items.last(), Some(syn::Item::Mod(m)) if m.ident == "tests"),
                    "{path}"
                );
            }
            let (cut, kept) = (&cut.items, &whole.items[..cut.items.len()]);
            assert_eq!(
                quote::quote!(#(#cut)*).to_string(),
                quote::quote!(#(#kept)*).to_string(),
                "{path}"
            );
        }
    }

    /// Piece sets to embed the runtime with: all, none, each piece with what it needs,
    /// and each piece left out of all.
    fn piece_sets() -> Vec<Pieces> {
        let mut sets = vec![Pieces::all(), Pieces::closed([])];
        for &piece in Piece::ALL {
            sets.push(Pieces::closed([piece]));
            sets.push(Pieces::closed(
                Piece::ALL.iter().copied().filter(|p| *p != piece),
            ));
        }
        sets
    }

    /// The prepared files assemble into what pruning the parsed source gives: the same
    /// tokens and the same public names.
    #[test]
    fn prepared_files_assemble_like_pruned_sources() {
        for pieces in piece_sets() {
            for (path, _) in SOURCES {
                let mut pruned = pruned(path, &pieces).unwrap_or_else(|error| panic!("{error}"));
                skip_rustfmt(&mut pruned);
                let public: Vec<String> = pruned
                    .items
                    .iter()
                    .filter_map(public_ident)
                    .map(ToString::to_string)
                    .collect();
                let embedded = embedded(path, &pieces).expect("embeds");
                let assembled: syn::File = syn::parse_file(&embedded.text)
                    .unwrap_or_else(|error| panic!("{path} {pieces:?}: {error}"));
                // Formatted, both are free of layout (and of trailing commas).
                let expected = prettyplease::unparse(&pruned);
                assert_eq!(
                    prettyplease::unparse(&assembled),
                    expected,
                    "{path} with {pieces:?}"
                );
                assert_eq!(embedded.public, public, "{path} with {pieces:?}");
                if embedded.text != expected {
                    eprintln!("layout differs: {path} {pieces:?}");
                }
            }
        }
    }

    /// A prepared runtime file and the items appended to it, formatted on their own, join
    /// into one file: the pruned source with the items after it.
    #[test]
    fn embedded_text_joins_like_one_file() {
        let extra: TokenStream = quote::quote! {
            impl Client {
                /// The `pets` group.
                pub fn pets(&self) -> Pets { Pets::new(self.clone()) }
            }
            pub const API_KEY_ENV: &[&str] = &["PET_API_KEY"];
        };
        for pieces in [Pieces::all(), Pieces::closed([Piece::Operations])] {
            for (path, _) in SOURCES {
                let Ok(mut whole) = pruned(path, &pieces) else {
                    continue;
                };
                skip_rustfmt(&mut whole);
                let appended: syn::File = syn::parse2(extra.clone()).expect("parses");
                whole.items.extend(appended.items);
                let joined = crate::format::unparse(
                    path,
                    crate::format::Rust::Formatted(
                        embedded(path, &pieces).expect("embeds").text,
                        extra.clone(),
                    ),
                )
                .expect("formats");
                let joined: syn::File = syn::parse_file(&joined).expect("parses");
                assert_eq!(
                    prettyplease::unparse(&joined),
                    prettyplease::unparse(&whole),
                    "{path}"
                );
            }
        }
    }

    /// Public items keep their docs; what no user can see loses them.
    #[test]
    fn only_public_items_keep_their_docs() {
        let client = embedded("client.rs", &Pieces::all()).expect("embeds");
        // `pub struct Client`, `pub fn base_url`.
        assert!(
            client.text.contains("/// The API client."),
            "{}",
            client.text
        );
        assert!(client.text.contains("/// The base URL requests go to."));
        // `const RETRY_COUNT_HEADER`, the private `Inner::base` field, `fn attempts`.
        assert!(!client.text.contains("Header carrying the retry number"));
        assert!(
            !client
                .text
                .contains("parsed once: request URLs start from it")
        );
        assert!(!client.text.contains("without its span"));
    }

    /// Every source embeds with every piece on and with none.
    #[test]
    fn every_source_embeds() {
        for pieces in [Pieces::all(), Pieces::closed([])] {
            for (path, _) in SOURCES {
                pruned(path, &pieces).unwrap_or_else(|error| panic!("{error}"));
            }
        }
    }

    /// `SOURCES` lists exactly the runtime crate's modules (its `lib.rs` aside).
    #[test]
    fn sources_are_the_runtime_crate() {
        let mut found: Vec<String> = crate::test_support::rust_sources("../runtime/src")
            .into_iter()
            .map(|(path, _)| path)
            .collect();
        found.retain(|path| path != "lib.rs");
        found.sort();
        let mut listed: Vec<String> = SOURCES.iter().map(|(path, _)| path.to_string()).collect();
        listed.sort();
        assert_eq!(found, listed);
        // And the runtime crate's root declares the same modules the generated crates get.
        let every = Layout::of(Pieces::all());
        assert_eq!(every.modules, vec!["client", "error", "runtime"]);
    }

    /// Names the crate root re-exports from the runtime are reserved: no schema can take them.
    #[test]
    fn exported_names_are_reserved_for_types() {
        let exports = Layout::of(Pieces::all()).exports();
        let names: Vec<&str> = exports.iter().map(|(_, name)| name.as_str()).collect();
        for expected in [
            "Client",
            "Error",
            "ApiError",
            "Nullable",
            "FilePart",
            "WaitOptions",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} is not exported: {names:?}"
            );
        }
        let mut types = crate::lower::naming::Namespace::for_types();
        for name in names
            .iter()
            .filter(|name| !name.contains('_') && !name.chars().all(|c| c.is_ascii_uppercase()))
        {
            assert_ne!(
                types.claim(name, "Model"),
                *name,
                "`{name}` is not reserved"
            );
        }
    }
}
