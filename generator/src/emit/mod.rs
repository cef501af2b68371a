//! IR → Rust token streams, one function per output file. Emit makes no naming
//! decisions and cannot fail: it only reads the checked IR.

mod apis;
mod client;
pub mod docs;
mod error;
mod examples;
mod runtime;
mod tests;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::format::Rust;
use crate::ir::{Api, TypeKind, TypeRef};

/// How many types go into one independently formatted part of `types.rs`.
const TYPES_PER_PART: usize = 24;

/// One Rust file of the output and the parts it is made of.
#[derive(Debug, Clone)]
pub struct FileJob {
    /// Path relative to the crate root.
    pub path: String,
    /// Parts in output order.
    pub parts: Vec<Part>,
}

/// An independently emitted and formatted piece of a Rust file (plain data, so it can be
/// handed to another thread; token streams cannot).
#[derive(Debug, Clone)]
pub enum Part {
    /// `src/lib.rs`.
    Root,
    /// `src/apis/mod.rs`.
    Apis,
    /// A file of the runtime, by its path under `src` (`client.rs`, `runtime/request.rs`).
    Runtime(String),
    /// The module file of the API group at this index.
    Group(usize),
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
        }
    }

    /// The Rust spelling of a type reference; named types get `prefix` (`super::types::`).
    pub fn ty(&self, ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let name = ident(&self.api.types[id.0].name.rust);
                quote!(#prefix #name)
            }
            TypeRef::String => quote!(String),
            TypeRef::Integer(spelling) | TypeRef::Number(spelling) => {
                let spelling = ident(spelling);
                quote!(#spelling)
            }
            TypeRef::Boolean => quote!(bool),
            TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
            TypeRef::Date => quote!(::chrono::NaiveDate),
            TypeRef::Uuid => quote!(::uuid::Uuid),
            TypeRef::Bytes => quote!(Vec<u8>),
            TypeRef::File => quote!(super::runtime::FilePart),
            TypeRef::List(item) => {
                let item = self.ty(item, prefix);
                quote!(Vec<#item>)
            }
            TypeRef::Map(value) => {
                let value = self.ty(value, prefix);
                quote!(::std::collections::BTreeMap<String, #value>)
            }
            TypeRef::Tuple(members) => {
                let members = members.iter().map(|m| self.ty(m, prefix));
                quote!((#(#members,)*))
            }
            TypeRef::Any => quote!(::serde_json::Value),
            TypeRef::Nullable(inner) => {
                let inner = self.ty(inner, prefix);
                quote!(Option<#inner>)
            }
        }
    }

    /// True for named structs and unions (boxed inside unions to keep enums small).
    pub fn is_struct_like(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => matches!(
                self.api.types[id.0].kind,
                TypeKind::Struct { .. } | TypeKind::Union { .. }
            ),
            _ => false,
        }
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
        self.crate_files_in_parts(TYPES_PER_PART)
    }

    /// [`Self::crate_files`] with `types_per_part` types in each part of `types.rs`.
    pub(crate) fn crate_files_in_parts(&self, types_per_part: usize) -> Vec<FileJob> {
        let types_per_part = types_per_part.max(1);
        let mut files = vec![FileJob {
            path: "src/lib.rs".to_string(),
            parts: vec![Part::Root],
        }];
        for (name, _) in self.module_list() {
            match name {
                "apis" => files.push(FileJob {
                    path: "src/apis/mod.rs".to_string(),
                    parts: vec![Part::Apis],
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
                        });
                    }
                }
                other => files.push(FileJob {
                    path: format!("src/{other}.rs"),
                    parts: vec![Part::Runtime(format!("{other}.rs"))],
                }),
            }
        }
        if self.runtime.pieces.has(runtime::Piece::Operations) {
            for (index, group) in self.api.groups.iter().enumerate() {
                files.push(FileJob {
                    path: format!("src/apis/{}.rs", group.name.rust),
                    parts: vec![Part::Group(index)],
                });
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// The tokens of one part of a crate file; each part is a whole Rust file by itself.
    /// Fails only when a runtime source cannot be embedded (a generator bug).
    pub fn part(&self, part: &Part) -> Result<Rust, String> {
        Ok(Rust::Tokens(match part {
            Part::Root => self.lib_root(true),
            Part::Apis => self.apis_module(true),
            Part::Runtime(path) => {
                let extra = self.runtime_extra(path);
                return runtime::crate_file(path, &self.runtime.pieces, extra).map(Rust::File);
            }
            Part::Group(index) => self.group_module(&self.api.groups[*index]),
            Part::Types(range) => self.types_part(range.clone()),
            Part::Tests => self.tests_file(),
        }))
    }

    /// A rough measure of the work in a part, to start the biggest ones first.
    pub fn part_weight(&self, part: &Part) -> usize {
        match part {
            Part::Group(index) => 4 * self.api.groups[*index].operations.len() + 1,
            Part::Types(range) => range.len(),
            Part::Tests => self.api.operation_count(),
            Part::Root | Part::Apis | Part::Runtime(_) => 8,
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
        let mut extra = vec![format!(
            "Rust SDK for {} (version {}), generated from its OpenAPI {} description.",
            docs::code(&info.title),
            docs::code(&info.version),
            info.openapi
        )];
        if let Some(first) = self.api.groups.first() {
            extra.push(String::new());
            extra.push(format!(
                "Start with [`Client::new`] (or [`Client::from_env`]), then call an API group, e.g. `client.{}()`.",
                first.name.rust
            ));
        }
        let title_docs = crate::ir::Docs {
            summary: Some(info.title.clone()),
            description: info.docs.description.clone(),
            deprecated: false,
        };
        let lines = docs::lines(&title_docs, &extra);
        // An `include!`d file cannot start with inner attributes: crate docs only in a crate.
        let inner = lines.iter().filter(|_| as_crate).map(|line| {
            let text = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#![doc = #text])
        });
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
        let handles = self.api.groups.iter().map(|group| {
            let module = ident(&group.name.rust);
            let handle = ident(&group.handle);
            quote!(pub use apis::#module::#handle;)
        });
        let params = self.api.groups.iter().flat_map(|group| {
            let module = ident(&group.name.rust);
            group.operations.iter().filter_map(move |op| {
                op.params_type.as_ref().map(|p| {
                    let p = ident(p);
                    quote!(pub use apis::#module::#p;)
                })
            })
        });
        let client_params = self.api.client_operations.iter().filter_map(|op| {
            op.params_type.as_ref().map(|p| {
                let p = ident(p);
                quote!(pub use apis::#p;)
            })
        });
        let attrs = as_crate.then(|| quote!(#![forbid(unsafe_code)]));
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
        let types_export = has("types").then(|| {
            quote!(
                pub use types::*;
            )
        });
        quote! {
            #(#inner)*
            #attrs
            #(#modules)*
            #(#runtime_exports)*
            #client_exports
            #types_export
            #doc_examples
            #(#handles)*
            #(#params)*
            #(#client_params)*
        }
    }
}
