//! `apis/`: one handle per group, one async method and one parameters struct per operation.
//! This file writes the modules and group handles; `operation.rs` the methods of one
//! operation, `paging.rs` its pagers and waiter, `params.rs` its parameters struct.

mod operation;
mod paging;
mod params;

pub(in crate::emit) use params::shortcut;

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::ir::Group;
use crate::md;

impl Emitter<'_> {
    /// `apis/mod.rs`: the group modules, and the operations without a group as client methods.
    pub fn apis_module(&self, as_crate: bool) -> TokenStream {
        let modules = self.api.groups.iter().map(|group| {
            let module = ident(&group.name.rust);
            if as_crate {
                quote!(pub mod #module;)
            } else {
                let body = self.group_module(group);
                quote!(pub mod #module { #body })
            }
        });
        let client_ops: Vec<TokenStream> = self
            .api
            .client_operations
            .iter()
            .map(|op| {
                self.operation_method(
                    op,
                    &TokenStream::new(),
                    &quote!(super::error),
                    &quote!(self),
                    &quote!(&RequestOptions::default()),
                )
            })
            .collect();
        let client_params = self
            .api
            .client_operations
            .iter()
            .map(|op| self.params_struct(op, &TokenStream::new(), &quote!(super::Client)));
        let accessors = self.api.groups.iter().map(|group| {
            let method = ident(&group.name.rust);
            let handle = ident(&group.handle);
            let doc = docs::line(match group.docs.summary.as_deref() {
                Some(summary) => Markdown::line(summary),
                None => md!(
                    "Operations tagged {}.",
                    Markdown::code(&group.name.original)
                ),
            });
            quote! {
                #doc
                pub fn #method(&self) -> #method::#handle {
                    #method::#handle::new(self.clone())
                }
            }
        });
        let client_impl = quote! {
            impl Client {
                #(#accessors)*
                #(#client_ops)*
            }
        };
        let body = quote! {
            #client_impl
            #(#client_params)*
        };
        let imports = imports(&body, &quote!(super), false);
        quote! {
            //! API groups, one module per tag.
            #(#imports)*
            #(#modules)*
            #body
        }
    }

    /// `apis/<group>.rs`.
    pub fn group_module(&self, group: &Group) -> TokenStream {
        let handle = ident(&group.handle);
        // Items are referenced through short paths; `use` lines are added for those used.
        let root = TokenStream::new();
        let doc = docs::line(match group.docs.description.as_deref() {
            Some(description) => Markdown::prose(description),
            None => md!(
                "Operations tagged {}.",
                Markdown::code(&group.name.original)
            ),
        });
        let module_doc = docs::inner_attrs(&md!(
            "The {} API group.",
            Markdown::code(&group.name.original)
        ));
        let methods = group.operations.iter().map(|op| {
            self.operation_method(
                op,
                &root,
                &quote!(error),
                &quote!(self.client),
                &quote!(&self.options),
            )
        });
        let params = group
            .operations
            .iter()
            .map(|op| self.params_struct(op, &root, &quote!(#handle)));
        let accessor_doc = docs::line(md!(
            "Reached with `client.{}()`; holds a clone of the client (an `Arc`), so calls made through it return futures that borrow nothing.",
            Markdown::ident(&group.name.rust)
        ));
        let body = quote! {
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
        };
        // The operations name their error tables `error::…`.
        let tables = group.operations.iter().any(|op| op.error_table.is_some());
        let imports = imports(&body, &quote!(super::super), tables);
        quote! {
            #module_doc
            #(#imports)*
            #body
        }
    }
}

/// The `use` lines `body` needs, of the items an API module may take from the crate's
/// `client`, `error`, `runtime` and `types` modules, reached through `root`; with
/// `error_module`, the `error` module itself too.
fn imports(body: &TokenStream, root: &TokenStream, error_module: bool) -> Vec<TokenStream> {
    const ITEMS: &[(&str, &str)] = &[
        ("client", "Client"),
        ("client", "RequestOptions"),
        ("client", "Response"),
        ("client", "CallFuture"),
        ("client", "ResponseFuture"),
        ("client", "ListStream"),
        ("client", "ByteStream"),
        ("client", "WaitOptions"),
        ("error", "Error"),
        ("error", "ErrorBody"),
    ];
    let used = super::idents(body);
    // One `use` per module, its names in the order above (`self` first when the module
    // itself is used too).
    let items = ["client", "error"].into_iter().filter_map(|module| {
        let itself = (module == "error" && error_module).then(|| quote!(self));
        let names: Vec<TokenStream> = itself
            .into_iter()
            .chain(
                ITEMS
                    .iter()
                    .filter(|(from, name)| *from == module && used.contains(*name))
                    .map(|(_, name)| {
                        let name = ident(name);
                        quote!(#name)
                    }),
            )
            .collect();
        let module = ident(module);
        match names.as_slice() {
            [] => None,
            [name] if name.to_string() == "self" => Some(quote!(use #root::#module;)),
            [name] => Some(quote!(use #root::#module::#name;)),
            names => Some(quote!(use #root::#module::{#(#names),*};)),
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
