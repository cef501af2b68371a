//! The pagers (`…_pages`, `…_all`) and the waiter (`x-wait`) of an operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::ir::Operation;
use crate::md;

use super::params::shortcut;

impl Emitter<'_> {
    /// `<op>_pages` and `<op>_all`: streams that follow the next-page token.
    pub(super) fn pagers(
        &self,
        op: &Operation,
        pagination: &crate::ir::Pagination,
        root: &TokenStream,
    ) -> TokenStream {
        let method = ident(&op.name.rust);
        let pages = ident(&pagination.pages_method);
        let items = ident(&pagination.items_method);
        let params_type = op.params_type.as_ref().map(|p| {
            let p = ident(p);
            if shortcut(op).is_some() {
                quote!(impl Into<#p>)
            } else {
                quote!(#p)
            }
        });
        let into = shortcut(op).map(|_| quote!(.into()));
        let page_type = self.return_type(op, root);
        let prefix = if root.is_empty() {
            quote!(types::)
        } else {
            quote!(#root::types::)
        };
        let item_type = self.ty(&pagination.item_ty, &prefix);
        let token = ident(&pagination.page_token_param);
        let next = ident(&pagination.next_token_field);
        let list = ident(&pagination.items_field);
        let current = if pagination.token_required {
            quote!(Some(params.#token.as_str()))
        } else {
            quote!(params.#token.as_deref())
        };
        let next_token = if pagination.next_token_optional {
            quote!(page.#next.clone())
        } else {
            quote!(Some(page.#next.clone()))
        };
        let empty = if pagination.items_optional {
            quote!(page.#list.as_ref().is_none_or(Vec::is_empty))
        } else {
            quote!(page.#list.is_empty())
        };
        let set_token = if pagination.token_required {
            quote!(params.#token = token;)
        } else {
            quote!(params.#token = Some(token);)
        };
        let page_items = if pagination.items_optional {
            quote!(page.#list.unwrap_or_default())
        } else {
            quote!(page.#list)
        };
        let pages_doc = docs::line(md!(
            "Every page of [`Self::{}`], fetched as the stream is polled: repeats the call with `{}` set to the previous page's `{}` (every other parameter kept) until the token is empty or a page has no items.",
            Markdown::ident(&op.name.rust),
            Markdown::ident(&pagination.page_token_param),
            Markdown::ident(&pagination.next_token_field)
        ));
        let items_doc = docs::line(md!(
            "Every item of every page of [`Self::{}`] (see [`Self::{}`]).",
            Markdown::ident(&op.name.rust),
            Markdown::ident(&pagination.pages_method)
        ));
        let allow = op.docs.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #pages_doc
            #allow
            pub fn #pages(&self, params: #params_type) -> ListStream<#page_type> {
                let handle = self.clone();
                // The state carries every token already followed: a server that sends one
                // again (directly or through a cycle) ends the listing instead of looping.
                let start = (params #into, ::std::collections::BTreeSet::<String>::new());
                Box::pin(::futures_util::stream::unfold(Some(start), move |state| {
                    let handle = handle.clone();
                    async move {
                        let (mut params, mut seen) = state?;
                        if let Some(token) = #current {
                            seen.insert(token.to_string());
                        }
                        let page = match handle.#method(params.clone()).await {
                            Ok(page) => page,
                            Err(error) => return Some((Err(error), None)),
                        };
                        let next = #next_token.filter(|token| !token.is_empty());
                        let state = match next {
                            Some(token) if !#empty && !seen.contains(&token) => {
                                #set_token
                                Some((params, seen))
                            }
                            _ => None,
                        };
                        Some((Ok(page), state))
                    }
                }))
            }

            #items_doc
            #allow
            pub fn #items(&self, params: #params_type) -> ListStream<#item_type> {
                Box::pin(::futures_util::StreamExt::flat_map(self.#pages(params), |page| {
                    ::futures_util::stream::iter(match page {
                        Ok(page) => #page_items.into_iter().map(Ok).collect::<Vec<_>>(),
                        Err(error) => vec![Err(error)],
                    })
                }))
            }
        }
    }

    /// The `x-wait` helper: polls the operation until a terminal status.
    pub(super) fn waiter(
        &self,
        op: &Operation,
        wait: &crate::ir::Wait,
        root: &TokenStream,
    ) -> TokenStream {
        let method = ident(&op.name.rust);
        let helper = ident(&wait.method);
        let return_type = self.return_type(op, root);
        let params_arg = op.params_type.as_ref().map(|p| {
            let p = ident(p);
            if shortcut(op).is_some() {
                quote!(params: impl Into<#p>,)
            } else {
                quote!(params: #p,)
            }
        });
        let convert = op
            .params_type
            .as_ref()
            .filter(|_| shortcut(op).is_some())
            .map(|p| {
                let p = ident(p);
                quote!(let params: #p = params.into();)
            });
        let call_args = op.params_type.as_ref().map(|_| quote!(params.clone()));
        let status = ident(&wait.status_field);
        let terminal = &wait.terminal;
        let done = if wait.status_optional {
            quote! {
                match &value.#status {
                    Some(status) => matches!(status.as_str(), #(#terminal)|*),
                    None => false,
                }
            }
        } else {
            quote!(matches!(value.#status.as_str(), #(#terminal)|*))
        };
        let listed = Markdown::join(terminal.iter().map(|t| Markdown::code(t)), ", ");
        let doc = docs::line(md!(
            "Calls [`Self::{}`] every `options.poll_interval` until `{}` is one of {}, and returns that last response. Fails with `Error::WaitDeadline` when `options.deadline` passes first; drop the future to cancel.",
            Markdown::ident(&op.name.rust),
            Markdown::ident(&wait.status_field),
            listed
        ));
        let allow = op.docs.deprecated.then(|| quote!(#[allow(deprecated)]));
        quote! {
            #doc
            #allow
            pub fn #helper(&self, #params_arg options: WaitOptions) -> BoxFuture<#return_type> {
                let handle = self.clone();
                #convert
                Box::pin(async move {
                    let started = ::tokio::time::Instant::now();
                    loop {
                        let value = handle.#method(#call_args).await?;
                        if #done {
                            return Ok(value);
                        }
                        options.pause(started).await?;
                    }
                })
            }
        }
    }
}
