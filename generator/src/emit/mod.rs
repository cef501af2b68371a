//! IR → Rust token streams, one function per output file. Emit makes no naming
//! decisions and cannot fail: it only reads the checked IR.

mod apis;
mod client;
pub mod docs;
mod error;
mod examples;
mod homes;
mod runtime;
mod tests;
pub(crate) mod types;

use std::collections::HashSet;

pub use apis::ApiModule;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::escape::Markdown;
use crate::format::Rust;
use crate::ir::{Api, FloatKind, IntKind, TypeRef};
use crate::md;

/// How many types go into one independently formatted part of `types.rs`.
const TYPES_PER_PART: usize = 24;

/// Operations per part of an `apis/` module: a group of thousands is emitted and
/// formatted in pieces, on every core and without all of it in memory at once.
const OPERATIONS_PER_PART: usize = 32;

/// `0..count` in ranges of `size` (one empty range for no items: the part that opens
/// the file).
fn chunks(count: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    let size = size.max(1);
    if count == 0 {
        return std::iter::once(0..0).collect();
    }
    (0..count.div_ceil(size))
        .map(|chunk| chunk * size..count.min(chunk * size + size))
        .collect()
}

/// One Rust file of the output and the parts it is made of.
#[derive(Debug, Clone)]
pub struct FileJob {
    /// Path relative to the crate root.
    pub path: String,
    /// Parts in output order.
    pub parts: Vec<Part>,
    /// A module of `apis/`: its doc and `use` lines come before the parts, once every
    /// part is emitted (they import what the parts use).
    pub head: Option<ApiModule>,
}

/// An independently emitted and formatted piece of a Rust file (plain data, so it can be
/// handed to another thread; token streams cannot).
#[derive(Debug, Clone)]
pub enum Part {
    /// `src/lib.rs`.
    Root,
    /// `src/apis/mod.rs`: these operations of the client (the first part also declares
    /// the group modules and their accessors).
    Apis(std::ops::Range<usize>),
    /// A file of the runtime, by its path under `src` (`client.rs`, `runtime/request.rs`).
    Runtime(String),
    /// The module file of the API group at this index: these of its operations (the
    /// first part also defines the group's handle).
    Group(usize, std::ops::Range<usize>),
    /// These types of `types.rs`; the first part also carries the module doc.
    Types(std::ops::Range<usize>),
    /// The generated tests (`tests/api.rs`).
    Tests,
}

/// Reads the IR and produces tokens.
pub struct Emitter<'a> {
    /// The API being emitted.
    pub api: &'a Api,
    /// Which runtime pieces and modules the API needs, computed once.
    runtime: runtime::Layout,
    /// The scheme requests start with (see [`client::default_auth`]), decided once.
    default_auth: Option<&'a crate::ir::Auth>,
    /// Per type, the API group whose module holds it (a crate's); `None`: `types.rs`.
    homes: Vec<Option<usize>>,
}

/// Every identifier in `tokens` (at any depth), to import only the names a module uses.
pub(crate) fn idents(tokens: &TokenStream) -> std::collections::HashSet<String> {
    fn walk(tokens: &TokenStream, out: &mut std::collections::HashSet<String>) {
        for tree in tokens.clone() {
            match tree {
                proc_macro2::TokenTree::Ident(ident) => {
                    out.insert(ident.to_string());
                }
                proc_macro2::TokenTree::Group(group) => walk(&group.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = std::collections::HashSet::new();
    walk(tokens, &mut out);
    out
}

/// The Rust integer type of a kind.
pub(crate) fn int_spelling(kind: IntKind) -> &'static str {
    match kind {
        IntKind::I8 => "i8",
        IntKind::I16 => "i16",
        IntKind::I32 => "i32",
        IntKind::I64 => "i64",
        IntKind::I128 => "i128",
        IntKind::U8 => "u8",
        IntKind::U16 => "u16",
        IntKind::U32 => "u32",
        IntKind::U64 => "u64",
        IntKind::U128 => "u128",
    }
}

/// An identifier that lower already made valid (not a keyword, not starting with a digit).
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

impl<'a> Emitter<'a> {
    /// A new emitter.
    pub fn new(api: &'a Api) -> Self {
        Emitter {
            api,
            runtime: runtime::Layout::of(runtime::Pieces::of(api)),
            default_auth: client::default_auth(api),
            homes: vec![None; api.types.len()],
        }
    }

    /// The emitter of a crate: the types only one API group reaches go in its module,
    /// compiled with its feature (see `homes.rs`). A module for a build script has every
    /// type in `types`.
    pub fn for_crate(api: &'a Api) -> Self {
        Emitter {
            homes: homes::homes(api),
            ..Emitter::new(api)
        }
    }

    /// Whether the type at `index` is in `types.rs` (not in a group's module).
    fn shared(&self, index: usize) -> bool {
        self.homes[index].is_none()
    }

    /// The Rust spelling of a type reference in code; named types get `prefix`
    /// (`super::types::`).
    pub fn ty(&self, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
        self.spell(ty, Some(prefix))
    }

    /// The spelling of a type reference for readers (the API reference): short names as
    /// a user imports them (`DateTime<Utc>`, `BTreeMap<String, Pet>`).
    pub fn type_text(&self, ty: &TypeRef) -> String {
        // The tokens of a type are paths, `<…>`, `(…)` and commas: their text needs only
        // the spaces around those taken out (`Vec < String >` → `Vec<String>`).
        let text = self.spell(ty, None).to_string();
        let mut out = String::with_capacity(text.len());
        let mut words = text.split(' ').peekable();
        while let Some(word) = words.next() {
            out.push_str(word);
            let joins = matches!(word, "<" | "::" | "(")
                || matches!(words.peek(), Some(&(">" | "::" | "," | ")" | "<")));
            if !joins && words.peek().is_some() {
                out.push(' ');
            }
        }
        out
    }

    /// The one type-spelling function: `prefix` is `Some` in code (full paths), `None` in
    /// docs (short names).
    fn spell(&self, ty: &TypeRef, prefix: Option<&TokenStream>) -> TokenStream {
        let code = prefix.is_some();
        match ty {
            // A group's own type is only named in its group's module, where it is local.
            TypeRef::Named(id) if !self.shared(id.0) => {
                let name = ident(&self.api.types[id.0].name.rust);
                quote!(#name)
            }
            TypeRef::Named(id) => {
                let name = ident(&self.api.types[id.0].name.rust);
                quote!(#prefix #name)
            }
            TypeRef::String => quote!(String),
            TypeRef::Integer(kind) => {
                let spelling = ident(int_spelling(*kind));
                quote!(#spelling)
            }
            TypeRef::Number(FloatKind::F32) => quote!(f32),
            TypeRef::Number(FloatKind::F64) => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::DateTime if code => quote!(::chrono::DateTime<::chrono::Utc>),
            TypeRef::DateTime => quote!(DateTime<Utc>),
            TypeRef::Date if code => quote!(::chrono::NaiveDate),
            TypeRef::Date => quote!(NaiveDate),
            TypeRef::Uuid if code => quote!(::uuid::Uuid),
            TypeRef::Uuid => quote!(Uuid),
            TypeRef::Bytes => quote!(Vec<u8>),
            TypeRef::File if code => quote!(super::runtime::FilePart),
            TypeRef::File => quote!(FilePart),
            TypeRef::List(item) => {
                let item = self.spell(item, prefix);
                quote!(Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.spell(value, prefix);
                if code {
                    quote!(::std::collections::BTreeMap<String, #value>)
                } else {
                    quote!(BTreeMap<String, #value>)
                }
            }
            TypeRef::Tuple(members) => {
                let members: Vec<TokenStream> =
                    members.iter().map(|m| self.spell(m, prefix)).collect();
                if code {
                    quote!((#(#members,)*))
                } else {
                    quote!((#(#members),*))
                }
            }
            TypeRef::Any if code => quote!(::serde_json::Value),
            TypeRef::Any => quote!(serde_json::Value),
            TypeRef::Nullable(inner) => {
                let inner = self.spell(inner, prefix);
                quote!(Option<#inner>)
            }
        }
    }

    /// The public items the runtime gives the crate root for this API (`Client`,
    /// `WaitOptions`, `API_KEY_ENV`…, and `ClientBuilder::api_key` when it authenticates):
    /// the part of the crate's surface no schema names, for `diff`.
    pub(crate) fn runtime_surface(&self) -> Vec<String> {
        let mut items: Vec<String> = (self.runtime.exports().into_iter())
            .map(|(_, name)| name)
            .collect();
        if self.module_list().iter().any(|(name, _)| *name == "client") {
            items.extend(self.client_settings_exports().iter().map(|s| s.to_string()));
            items.push("ErrorBody".to_string());
        }
        if self.runtime.pieces.has(runtime::Piece::Auth) {
            items.push("ClientBuilder::api_key".to_string());
        }
        items.sort();
        items.dedup();
        items
    }

    /// The modules this API needs, as (name, public). An API without operations is types
    /// only: no client, errors or API groups.
    fn module_list(&self) -> Vec<(&'static str, bool)> {
        let mut modules = Vec::new();
        if self.runtime.pieces.has(runtime::Piece::Operations) {
            modules.push(("apis", true));
        }
        modules.extend(self.runtime.modules.iter().map(|name| (*name, false)));
        if !self.api.types.is_empty() {
            modules.push(("types", true));
        }
        modules.sort();
        modules
    }

    /// What the generator appends to a runtime module for this API.
    fn runtime_extra(&self, module: &str) -> TokenStream {
        match module {
            "client.rs" | "client" => self.client_settings(),
            "error.rs" | "error" => self.error_bodies(),
            _ => TokenStream::new(),
        }
    }

    /// Every Rust file of a crate, by path relative to the crate root, each as the parts
    /// it is made of. Parts are emitted and formatted independently (in parallel) and
    /// their text is concatenated in order.
    pub fn crate_files(&self) -> Vec<FileJob> {
        self.crate_files_in_parts(TYPES_PER_PART, OPERATIONS_PER_PART)
    }

    /// [`Self::crate_files`] with `types_per_part` types in each part of `types.rs` and
    /// `operations_per_part` operations in each part of an `apis/` module.
    pub(crate) fn crate_files_in_parts(
        &self,
        types_per_part: usize,
        operations_per_part: usize,
    ) -> Vec<FileJob> {
        let types_per_part = types_per_part.max(1);
        let mut files = vec![FileJob {
            path: "src/lib.rs".to_string(),
            parts: vec![Part::Root],
            head: None,
        }];
        for (name, _) in self.module_list() {
            match name {
                "apis" => files.push(FileJob {
                    path: "src/apis/mod.rs".to_string(),
                    parts: chunks(self.api.client_operations.len(), operations_per_part)
                        .into_iter()
                        .map(Part::Apis)
                        .collect(),
                    head: Some(ApiModule::Client),
                }),
                "types" => {
                    // Items of the types module formatted in chunks; the module doc goes
                    // with the first one.
                    let count = self.api.types.len();
                    let parts = (0..count.div_ceil(types_per_part))
                        .map(|chunk| {
                            let start = chunk * types_per_part;
                            Part::Types(start..count.min(start + types_per_part))
                        })
                        .collect();
                    files.push(FileJob {
                        path: "src/types.rs".to_string(),
                        parts,
                        head: None,
                    });
                }
                "runtime" => {
                    let mut paths = vec!["runtime/mod.rs".to_string()];
                    paths.extend(
                        self.runtime
                            .submodules
                            .iter()
                            .map(|(name, _)| format!("runtime/{name}.rs")),
                    );
                    for path in paths {
                        files.push(FileJob {
                            path: format!("src/{path}"),
                            parts: vec![Part::Runtime(path)],
                            head: None,
                        });
                    }
                }
                other => files.push(FileJob {
                    path: format!("src/{other}.rs"),
                    parts: vec![Part::Runtime(format!("{other}.rs"))],
                    head: None,
                }),
            }
        }
        if self.runtime.pieces.has(runtime::Piece::Operations) {
            for (index, group) in self.api.groups.iter().enumerate() {
                files.push(FileJob {
                    path: format!("src/apis/{}.rs", group.name.rust),
                    parts: chunks(group.operations.len(), operations_per_part)
                        .into_iter()
                        .map(|range| Part::Group(index, range))
                        .collect(),
                    head: Some(ApiModule::Group(index)),
                });
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// The tokens of one part of a crate file; each part is a whole Rust file by itself.
    /// A part of an `apis/` module also says which identifiers it uses (its module's
    /// head imports them). Fails only when a runtime source cannot be embedded (a
    /// generator bug).
    pub fn part(&self, part: &Part) -> Result<(Rust, Option<HashSet<String>>), String> {
        Ok(match part {
            Part::Root => (Rust::Tokens(self.lib_root(true)), None),
            Part::Apis(range) => {
                let body = self.apis_part(range.clone(), true);
                let used = idents(&body);
                // The first part declares the group modules (their names are no imports),
                // each compiled with its feature.
                let modules = (self.api.groups.iter())
                    .filter(|_| range.start == 0)
                    .map(|group| {
                        let (cfg, module) = (apis::group_cfg(group), ident(&group.name.rust));
                        quote!(#cfg pub mod #module;)
                    });
                let tokens = quote!(#(#modules)* #body);
                (Rust::Tokens(tokens), Some(used))
            }
            Part::Runtime(path) => {
                let extra = self.runtime_extra(path);
                let embedded = runtime::embedded(path, &self.runtime.pieces)?;
                (Rust::Formatted(embedded.text, extra), None)
            }
            Part::Group(index, range) => {
                let (body, used) = self.group_part_with_types(*index, range.clone());
                (Rust::Tokens(body), Some(used))
            }
            Part::Types(range) => (Rust::Tokens(self.types_part(range.clone())), None),
            Part::Tests => (Rust::Tokens(self.tests_file()), None),
        })
    }

    /// A rough measure of the work in a part, to start the biggest ones first.
    pub fn part_weight(&self, part: &Part) -> usize {
        match part {
            Part::Apis(range) | Part::Group(_, range) => 4 * range.len() + 8,
            Part::Types(range) => range.len(),
            Part::Tests => self.api.operation_count(),
            Part::Root => 0,
            Part::Runtime(_) => 8,
        }
    }

    /// One self-contained module file for `include!` from a build script.
    pub fn module_file(&self) -> Result<TokenStream, String> {
        let root = self.lib_root(false);
        let mut modules = Vec::new();
        for (name, public) in self.module_list() {
            let (tokens, features) = match name {
                "apis" => (self.apis_module(false), false),
                "types" => (self.types_module(), false),
                runtime_module => runtime::inline_module(
                    runtime_module,
                    &self.runtime.pieces,
                    self.runtime_extra(runtime_module),
                )?,
            };
            let name = ident(name);
            let visibility = public.then(|| quote!(pub));
            // The including crate declares the generated crate's features (`tracing`)
            // only if it wants them: without them the code is left out, silently.
            let allow = features.then(|| {
                quote!(#[allow(unexpected_cfgs, reason = "features the including crate may not declare")])
            });
            modules.push(quote!(#allow #visibility mod #name { #tokens }));
        }
        Ok(quote! {
            #root
            #(#modules)*
        })
    }

    fn lib_root(&self, as_crate: bool) -> TokenStream {
        let info = &self.api.info;
        let mut extra = vec![md!(
            "Rust SDK for {} (version {}), generated from its OpenAPI {} description.",
            Markdown::code(&info.title),
            Markdown::code(&info.version),
            Markdown::code(&info.openapi)
        )];
        if let Some(first) = self.api.groups.first() {
            extra.push(md!(
                "Start with [`Client::new`] (or [`Client::from_env`]), then call an API group, e.g. `client.{}()`.",
                Markdown::ident(&first.name.rust)
            ));
        }
        let title_docs = crate::ir::Docs {
            summary: None,
            description: info.docs.description.clone(),
            deprecated: false,
        };
        let crate_docs = md!(
            "{}\n\n{}",
            Markdown::line(&info.title),
            docs::markdown(&title_docs, &extra)
        );
        // An `include!`d file cannot start with inner attributes: crate docs only in a crate.
        let inner = as_crate.then(|| docs::inner_attrs(&crate_docs));
        let present = self.module_list();
        let has = |name: &str| present.iter().any(|(module, _)| *module == name);
        let modules = present.iter().filter(|_| as_crate).map(|(name, public)| {
            let name = ident(name);
            let visibility = public.then(|| quote!(pub));
            // prettyplease already formatted these files; keep `cargo fmt` away from them.
            quote! {
                #[rustfmt::skip]
                #visibility mod #name;
            }
        });
        // Each group's items: its handle, its parameters structs and (in a crate) the types
        // only it uses.
        let groups = self.api.groups.iter().map(|group| {
            let module = ident(&group.name.rust);
            let cfg = as_crate.then(|| apis::group_cfg(group));
            quote!(#cfg pub use apis::#module::*;)
        });
        let client_params: Vec<Ident> = (self.api.client_operations.iter())
            .filter_map(|op| op.params_type.as_deref().map(ident))
            .collect();
        let client_params =
            (!client_params.is_empty()).then(|| quote!(pub use apis::{#(#client_params),*};));
        let attrs = as_crate.then(|| quote!(#![forbid(unsafe_code)]));
        // Without every group, what only the others use is left unused.
        let subset = (as_crate && !self.api.groups.is_empty()).then(|| {
            quote!(#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports, unused_macros))])
        });
        // The Rust examples of the README and the API reference are compiled as doctests.
        let doc_examples = (as_crate && has("client")).then(|| {
            quote! {
                #[cfg(doctest)]
                #[doc = include_str!("../README.md")]
                #[doc = include_str!("../api.md")]
                pub struct DocExamples;
            }
        });
        let mut exports: std::collections::BTreeMap<&str, Vec<Ident>> = Default::default();
        for (module, name) in self.runtime.exports() {
            exports.entry(module).or_default().push(ident(&name));
        }
        if has("client") {
            let client = exports.entry("client").or_default();
            client.extend(self.client_settings_exports().into_iter().map(ident));
            exports.entry("error").or_default().push(ident("ErrorBody"));
        }
        let runtime_exports = exports.iter_mut().map(|(module, names)| {
            names.sort();
            let module = ident(module);
            quote!(pub use #module::{#(#names),*};)
        });
        let client_exports = has("client").then(|| {
            quote! {
                pub use reqwest;

                /// The traits that consume this SDK's streams (the `…_all` and `…_pages`
                /// pagers): `use` them with `prelude::*`.
                pub mod prelude {
                    pub use ::futures_util::{Stream, StreamExt, TryStreamExt};
                }
            }
        });
        // A glob of an empty `types` (every type in a group's module) would be unused.
        let shared_types = (0..self.api.types.len()).any(|index| self.shared(index));
        let types_export = (has("types") && shared_types).then(|| {
            quote!(
                pub use types::*;
            )
        });
        quote! {
            #inner
            #attrs
            #subset
            #(#modules)*
            #(#runtime_exports)*
            #client_exports
            #types_export
            #doc_examples
            #(#groups)*
            #client_params
        }
    }
}
