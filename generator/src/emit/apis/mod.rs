//! `apis/`: one handle per group, one async method and one parameters struct per operation.
//! This file writes the modules and group handles; `operation.rs` the methods of one
//! operation, `paging.rs` its pagers and waiter, `params.rs` its parameters struct.

mod operation;
mod paging;
mod params;

pub(in crate::emit) use params::shortcut;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::md;

/// The modules `apis/` writes in parts: the module file of the client's operations
/// (`apis/mod.rs`) or of a group; the `use` lines that open it name what all its parts use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiModule {
    Client,
    Group(usize),
}

impl Emitter<'_> {
    /// `apis/mod.rs`: the group modules, and the operations without a group as client
    /// methods; whole (a build-script module has the group modules inline).
    pub fn apis_module(&self, as_crate: bool) -> TokenStream {
        let modules = self.api.groups.iter().enumerate().map(|(index, group)| {
            let module = ident(&group.name.rust);
            if as_crate {
                let cfg = group_cfg(group);
                quote!(#cfg pub mod #module;)
            } else {
                let body = self.group_module(index);
                quote!(pub mod #module { #body })
            }
        });
        let body = self.apis_part(0..self.api.client_operations.len(), as_crate);
        let head = self.module_head(ApiModule::Client, &super::idents(&body));
        quote! {
            #head
            #(#modules)*
            #body
        }
    }

    /// The client's operations in `range` (of `client_operations`), as client methods
    /// and their parameters structs; the first part also has the group accessors, each
    /// compiled with its group's feature when `gated` (a crate; a module has every group).
    pub fn apis_part(&self, range: std::ops::Range<usize>, gated: bool) -> TokenStream {
        let first = range.start == 0;
        let operations = &self.api.client_operations[range];
        let client_ops = operations.iter().map(|op| {
            self.operation_method(
                op,
                &TokenStream::new(),
                &quote!(super::error),
                &quote!(self),
                &quote!(&RequestOptions::default()),
            )
        });
        let client_params = operations
            .iter()
            .map(|op| self.params_struct(op, &TokenStream::new(), &quote!(super::Client)));
        let accessors = self.api.groups.iter().filter(|_| first).map(|group| {
            let method = ident(&group.name.rust);
            let handle = ident(&group.handle);
            let cfg = gated.then(|| group_cfg(group));
            let doc = docs::line(match group.docs.summary.as_deref() {
                Some(summary) => Markdown::line(summary),
                None => md!(
                    "Operations tagged {}.",
                    Markdown::code(&group.name.original)
                ),
            });
            quote! {
                #doc
                #cfg
                pub fn #method(&self) -> #method::#handle {
                    #method::#handle::new(self.clone())
                }
            }
        });
        quote! {
            impl Client {
                #(#accessors)*
                #(#client_ops)*
            }
            #(#client_params)*
        }
    }

    /// The module doc and `use` lines of `module`, whose parts use `idents`.
    pub fn module_head(
        &self,
        module: ApiModule,
        idents: &std::collections::HashSet<String>,
    ) -> TokenStream {
        match module {
            ApiModule::Client => {
                let imports = imports(idents, &quote!(super), false);
                quote! {
                    //! API groups, one module per tag.
                    #(#imports)*
                }
            }
            ApiModule::Group(index) => {
                let group = &self.api.groups[index];
                let module_doc = docs::inner_attrs(&md!(
                    "The {} API group.",
                    Markdown::code(&group.name.original)
                ));
                // The operations name their error tables `error::…`.
                let tables = group.operations.iter().any(|op| op.error_table.is_some());
                let imports = imports(idents, &quote!(super::super), tables);
                quote! {
                    #module_doc
                    #(#imports)*
                }
            }
        }
    }

    /// `apis/<group>.rs` of the group at `index`, whole.
    pub fn group_module(&self, index: usize) -> TokenStream {
        let (body, used) =
            self.group_part_with_types(index, 0..self.api.groups[index].operations.len());
        let head = self.module_head(ApiModule::Group(index), &used);
        quote! {
            #head
            #body
        }
    }

    /// The operations in `range` of the group at `index`: methods of its handle and their
    /// parameters structs; the first part also has the handle itself. Items are
    /// referenced through short paths; the module head has the `use` lines.
    pub fn group_part(&self, index: usize, range: std::ops::Range<usize>) -> TokenStream {
        let group = &self.api.groups[index];
        let handle = ident(&group.handle);
        let root = TokenStream::new();
        let operations = &group.operations[range.clone()];
        let methods = operations.iter().map(|op| {
            self.operation_method(
                op,
                &root,
                &quote!(error),
                &quote!(self.client),
                &quote!(&self.options),
            )
        });
        let params = operations
            .iter()
            .map(|op| self.params_struct(op, &root, &quote!(#handle)));
        if range.start > 0 {
            return quote! {
                impl #handle {
                    #(#methods)*
                }

                #(#params)*
            };
        }
        let doc = docs::line(match group.docs.description.as_deref() {
            Some(description) => Markdown::prose(description),
            None => md!(
                "Operations tagged {}.",
                Markdown::code(&group.name.original)
            ),
        });
        let accessor_doc = docs::line(md!(
            "Reached with `client.{}()`; holds a clone of the client (an `Arc`), so calls made through it return futures that borrow nothing.",
            Markdown::ident(&group.name.rust)
        ));
        quote! {
            #doc
            ///
            #accessor_doc
            #[derive(Debug, Clone)]
            pub struct #handle {
                client: Client,
                options: RequestOptions,
            }

            impl #handle {
                pub(crate) fn new(client: Client) -> Self {
                    Self { client, options: RequestOptions::default() }
                }

                /// Applies `options` (timeout, retries, extra headers or query) to the calls made through this handle. Called again, it merges: settings given later win, headers are replaced by name, query parameters add up.
                pub fn with_options(mut self, options: RequestOptions) -> Self {
                    self.options = self.options.merge(options);
                    self
                }

                #(#methods)*
            }

            #(#params)*
        }
    }

    /// [`Self::group_part`], and after the last operations the types only the group uses;
    /// with the identifiers the module's head imports. Of the types' identifiers only
    /// `types` and `runtime` count: the rest are their own names and members (an enum's
    /// `Error` variant is not the crate's `Error`).
    pub fn group_part_with_types(
        &self,
        index: usize,
        range: std::ops::Range<usize>,
    ) -> (TokenStream, std::collections::HashSet<String>) {
        let last = range.end == self.api.groups[index].operations.len();
        let body = self.group_part(index, range);
        let mut used = super::idents(&body);
        if !last {
            return (body, used);
        }
        let types = self.group_types(index);
        let type_idents = super::idents(&types);
        used.extend(
            ["types", "runtime"]
                .into_iter()
                .filter(|name| type_idents.contains(*name))
                .map(str::to_string),
        );
        (quote!(#body #types), used)
    }
}

/// `#[cfg(feature = "…")]` of a group's module, accessor and re-exports in a crate: each
/// group is a feature, all of them on by default (`full`).
pub(in crate::emit) fn group_cfg(group: &crate::ir::Group) -> TokenStream {
    let feature = &group.feature;
    quote!(#[cfg(feature = #feature)])
}

/// The `use` lines a module whose code has `used` identifiers needs, of the items an API
/// module may take from the crate's `client`, `error`, `runtime` and `types` modules,
/// reached through `root`; with `error_module`, the `error` module itself too.
fn imports(
    used: &std::collections::HashSet<String>,
    root: &TokenStream,
    error_module: bool,
) -> Vec<TokenStream> {
    const ITEMS: &[(&str, &str)] = &[
        ("client", "Client"),
        ("client", "RequestOptions"),
        ("client", "Response"),
        ("client", "CallFuture"),
        ("client", "BoxFuture"),
        ("client", "ListStream"),
        ("client", "ByteStream"),
        ("client", "WaitOptions"),
        ("error", "Error"),
        ("error", "ErrorBody"),
    ];
    // One `use` per module, its names in the order above (`self` first when the module
    // itself is used too).
    let items = ["client", "error"].into_iter().filter_map(|module| {
        let itself = module == "error" && error_module;
        let names: Vec<Ident> = ITEMS
            .iter()
            .filter(|(from, name)| *from == module && used.contains(*name))
            .map(|(_, name)| ident(name))
            .collect();
        let module = ident(module);
        match (itself, names.as_slice()) {
            (false, []) => None,
            (true, []) => Some(quote!(use #root::#module;)),
            (false, [name]) => Some(quote!(use #root::#module::#name;)),
            (true, names) => Some(quote!(use #root::#module::{self, #(#names),*};)),
            (false, names) => Some(quote!(use #root::#module::{#(#names),*};)),
        }
    });
    let modules = ["runtime", "types"]
        .into_iter()
        .filter(|name| used.contains(*name))
        .map(|name| {
            let name = ident(name);
            quote!(use #root::#name;)
        });
    items.chain(modules).collect()
}
