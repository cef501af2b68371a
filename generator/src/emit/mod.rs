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

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeKind, TypeRef};

/// Reads the IR and produces tokens.
pub struct Emitter<'a> {
    /// The API being emitted.
    pub api: &'a Api,
}

/// An identifier that lower already made valid (not a keyword, not starting with a digit).
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

impl<'a> Emitter<'a> {
    /// A new emitter.
    pub fn new(api: &'a Api) -> Self {
        Emitter { api }
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

    /// The modules this API needs, as (name, public, tokens). An API without operations
    /// is types only: no client, errors or API groups.
    fn modules(&self, as_crate: bool) -> Vec<(&'static str, bool, TokenStream)> {
        let uses = runtime::Uses::of(self.api);
        let mut modules = Vec::new();
        if uses.operations {
            modules.push(("apis", true, self.apis_module(as_crate)));
            modules.push(("client", false, self.client_module()));
            modules.push(("error", false, self.error_module()));
        }
        if uses.operations || uses.tagged {
            modules.push(("runtime", false, runtime::module(&uses)));
        }
        if !self.api.types.is_empty() {
            modules.push(("types", true, self.types_module()));
        }
        modules
    }

    /// Every Rust file of a crate, by path relative to the crate root.
    pub fn crate_files(&self) -> BTreeMap<String, TokenStream> {
        let mut files = BTreeMap::new();
        files.insert("src/lib.rs".to_string(), self.lib_root(true));
        for (name, _, tokens) in self.modules(true) {
            let path = if name == "apis" {
                "src/apis/mod.rs".to_string()
            } else {
                format!("src/{name}.rs")
            };
            files.insert(path, tokens);
        }
        if runtime::Uses::of(self.api).operations {
            for group in &self.api.groups {
                files.insert(
                    format!("src/apis/{}.rs", group.name.rust),
                    self.group_module(group),
                );
            }
        }
        files
    }

    /// One self-contained module file for `include!` from a build script.
    pub fn module_file(&self) -> TokenStream {
        let root = self.lib_root(false);
        let modules = self
            .modules(false)
            .into_iter()
            .map(|(name, public, tokens)| {
                let name = ident(name);
                let visibility = public.then(|| quote!(pub));
                quote!(#visibility mod #name { #tokens })
            });
        quote! {
            #root
            #(#modules)*
        }
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
                "Start with [`Client::from_env`], then call an API group, e.g. `client.{}()`.",
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
        let present = self.modules(false);
        let has = |name: &str| present.iter().any(|(module, _, _)| *module == name);
        let modules = present
            .iter()
            .filter(|_| as_crate)
            .map(|(name, public, _)| {
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
        let uses = runtime::Uses::of(self.api);
        let nullable = uses.nullable.then(|| {
            quote!(
                pub use runtime::Nullable;
            )
        });
        let file_part = uses.multipart.then(|| {
            quote!(
                pub use runtime::FilePart;
            )
        });
        let wait_options = uses.wait.then(|| {
            quote!(
                pub use client::WaitOptions;
            )
        });
        let client_exports = has("client").then(|| {
            quote! {
                pub use client::{Client, ClientBuilder, RequestOptions, Response, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT};
                #nullable
                #wait_options
                #file_part
                pub use reqwest;
                pub use error::{ApiError, ApiErrorKind, Error, ErrorBody};
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
            #client_exports
            #types_export
            #doc_examples
            #(#handles)*
            #(#params)*
            #(#client_params)*
        }
    }
}
