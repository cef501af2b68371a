//! `apis/`: one handle per group, one async method and one parameters struct per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::ir::{BodyEncoding, Group, Operation, ParamLocation, QueryStyle, ResponseBody, TypeRef};
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
                    &quote!(None),
                    &quote!(use<>),
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
                pub fn #method(&self) -> #method::#handle<'_> {
                    #method::#handle::new(self)
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
        let used = super::idents(&body);
        let imports = [
            (
                "Client",
                quote!(
                    use super::client::Client;
                ),
            ),
            (
                "RequestOptions",
                quote!(
                    use super::client::RequestOptions;
                ),
            ),
            (
                "Response",
                quote!(
                    use super::client::Response;
                ),
            ),
            (
                "WaitOptions",
                quote!(
                    use super::client::WaitOptions;
                ),
            ),
            (
                "Error",
                quote!(
                    use super::error::Error;
                ),
            ),
            (
                "ErrorBody",
                quote!(
                    use super::error::ErrorBody;
                ),
            ),
            (
                "runtime",
                quote!(
                    use super::runtime;
                ),
            ),
            (
                "types",
                quote!(
                    use super::types;
                ),
            ),
        ]
        .into_iter()
        .filter(|(name, _)| used.contains(*name))
        .map(|(_, import)| import);
        let allow = (!self.api.client_operations.is_empty()).then(|| {
            quote!(#![allow(clippy::type_complexity, reason = "futures of operations spell out the spec's types")])
        });
        quote! {
            //! API groups, one module per tag.
            #allow
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
                &quote!(super::super::error),
                &quote!(self.client),
                &quote!(Some(&self.options)),
                &quote!(use<'a>),
            )
        });
        let params = group
            .operations
            .iter()
            .map(|op| self.params_struct(op, &root, &quote!(#handle)));
        let accessor_doc = docs::line(md!(
            "Reached with `client.{}()`.",
            Markdown::ident(&group.name.rust)
        ));
        let body = quote! {
            #doc
            ///
            #accessor_doc
            #[derive(Debug, Clone)]
            pub struct #handle<'a> {
                client: &'a Client,
                options: RequestOptions,
            }

            impl<'a> #handle<'a> {
                pub(crate) fn new(client: &'a Client) -> Self {
                    Self { client, options: RequestOptions::default() }
                }

                /// Applies `options` (timeout, retries, extra headers or query) to the calls made through this handle.
                pub fn with_options(mut self, options: RequestOptions) -> Self {
                    self.options = options;
                    self
                }

                #(#methods)*
            }

            #(#params)*
        };
        let used = super::idents(&body);
        let imports = [
            (
                "Client",
                quote!(
                    use super::super::client::Client;
                ),
            ),
            (
                "RequestOptions",
                quote!(
                    use super::super::client::RequestOptions;
                ),
            ),
            (
                "Response",
                quote!(
                    use super::super::client::Response;
                ),
            ),
            (
                "WaitOptions",
                quote!(
                    use super::super::client::WaitOptions;
                ),
            ),
            (
                "Error",
                quote!(
                    use super::super::error::Error;
                ),
            ),
            (
                "ErrorBody",
                quote!(
                    use super::super::error::ErrorBody;
                ),
            ),
            (
                "runtime",
                quote!(
                    use super::super::runtime;
                ),
            ),
            (
                "types",
                quote!(
                    use super::super::types;
                ),
            ),
        ]
        .into_iter()
        .filter(|(name, _)| used.contains(*name))
        .map(|(_, import)| import);
        quote! {
            #module_doc
            #![allow(clippy::type_complexity, reason = "futures of operations spell out the spec's types")]
            #(#imports)*
            #body
        }
    }

    fn return_type(&self, op: &Operation, root: &TokenStream) -> TokenStream {
        let prefix = if root.is_empty() {
            quote!(types::)
        } else {
            quote!(#root::types::)
        };
        match &op.success.body {
            ResponseBody::Empty => quote!(()),
            ResponseBody::Json(ty) => self.ty(ty, &prefix),
            ResponseBody::ByStatus(id) => self.ty(&TypeRef::Named(*id), &prefix),
            ResponseBody::Text => quote!(String),
            ResponseBody::Binary => quote!(Vec<u8>),
        }
    }

    fn operation_method(
        &self,
        op: &Operation,
        root: &TokenStream,
        error_module: &TokenStream,
        client: &TokenStream,
        options: &TokenStream,
        capture: &TokenStream,
    ) -> TokenStream {
        let method_name = ident(&op.name.rust);
        let http_method = ident(&op.method);
        let return_type = self.return_type(op, root);
        let mut extra = vec![Markdown::code(&format!("{} {}", op.method, op.path.raw))];
        if op.name.original != op.name.rust {
            extra.push(md!("Operation {}.", Markdown::code(&op.name.original)));
        }
        let doc = docs::doc(&op.docs, &extra);
        let params_arg = op.params_type.as_ref().map(|p| {
            let p = ident(p);
            quote!(params: #p)
        });

        let mut steps = Vec::new();
        for part in &op.path.parts {
            match part {
                crate::ir::PathPart::Literal(text) => {
                    let text = encode_path_literal(text);
                    steps.push(quote!(request.literal(#text);))
                }
                crate::ir::PathPart::Param(name) => {
                    if let Some(param) = op
                        .params
                        .iter()
                        .find(|p| p.location == ParamLocation::Path && &p.name.original == name)
                    {
                        let field = ident(&param.name.rust);
                        let wire = &param.name.original;
                        steps.push(quote!(request.path_param(#wire, &params.#field)?;));
                    }
                }
            }
        }
        for param in op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
        {
            let field = ident(&param.name.rust);
            let wire = &param.name.original;
            steps.push(match param.location {
                ParamLocation::Query => {
                    let style = ident(match param.style {
                        QueryStyle::FormExploded => "FormExploded",
                        QueryStyle::Form => "Form",
                        QueryStyle::DeepObject => "DeepObject",
                        QueryStyle::SpaceDelimited => "SpaceDelimited",
                        QueryStyle::PipeDelimited => "PipeDelimited",
                    });
                    quote!(request.query(#wire, &params.#field, runtime::Style::#style)?;)
                }
                ParamLocation::Header => {
                    let wire = wire.to_ascii_lowercase();
                    quote!(request.header(#wire, &params.#field)?;)
                }
                ParamLocation::Cookie => quote!(request.cookie(#wire, &params.#field)?;),
                ParamLocation::Path => unreachable!("path parameters are handled above"),
            });
        }
        if let Some(body) = &op.body {
            let media = &body.media_type;
            let set = |value: TokenStream| match body.encoding {
                BodyEncoding::Json => quote!(request.json(&#value)?;),
                BodyEncoding::Form => quote!(request.form(&#value)?;),
                BodyEncoding::Text => quote!(request.raw(#value.into_bytes(), #media);),
                BodyEncoding::Multipart if matches!(body.ty, TypeRef::Named(_)) => {
                    quote!(request.multipart(#value.to_multipart()?);)
                }
                BodyEncoding::Binary | BodyEncoding::Multipart => {
                    quote!(request.raw(#value, #media);)
                }
            };
            if body.required {
                steps.push(set(quote!(params.body)));
            } else {
                let inner = set(quote!(body));
                steps.push(quote! {
                    if let Some(body) = params.body {
                        #inner
                    }
                });
            }
        }

        let error_table = match op.error_table {
            Some(index) => {
                let function = ident(&self.api.error_tables[index].function);
                quote!(#error_module::#function)
            }
            None => quote!(|_, _| None),
        };
        let finish = match &op.success.body {
            ResponseBody::ByStatus(id) => {
                let prefix = if root.is_empty() {
                    quote!(types::)
                } else {
                    quote!(#root::types::)
                };
                let name = self.ty(&TypeRef::Named(*id), &prefix);
                let crate::ir::TypeKind::ByStatus { variants } = &self.api.types[id.0].kind else {
                    unreachable!("ResponseBody::ByStatus names a ByStatus type")
                };
                let arms = variants.iter().map(|variant| {
                    let variant_name = ident(&variant.name);
                    let pattern = status_pattern(&variant.status);
                    match &variant.ty {
                        Some(_) => {
                            let wrap = if variant.boxed {
                                quote!(|body| #name::#variant_name(Box::new(body)))
                            } else {
                                quote!(#name::#variant_name)
                            };
                            quote!(#pattern => runtime::decode(raw).map(#wrap),)
                        }
                        None => quote!(#pattern => Ok(#name::#variant_name),),
                    }
                });
                let first = variants.first().map(|v| ident(&v.name));
                let fallback = match variants.first() {
                    Some(first_variant) if first_variant.ty.is_some() && first_variant.boxed => {
                        quote!(_ => runtime::decode(raw).map(|body| #name::#first(Box::new(body))),)
                    }
                    Some(first_variant) if first_variant.ty.is_some() => {
                        quote!(_ => runtime::decode(raw).map(#name::#first),)
                    }
                    _ => quote!(_ => Ok(#name::#first),),
                };
                quote!(by_status(response, #error_table, |status, raw| match status { #(#arms)* #fallback }))
            }
            body => {
                let finish = ident(match body {
                    ResponseBody::Empty => "empty",
                    ResponseBody::Json(_) => "json",
                    ResponseBody::Text => "text",
                    _ => "binary",
                });
                quote!(#finish(response, #error_table))
            }
        };
        // The operation's own scheme, or the API's (an API may name schemes only on
        // operations).
        let auth = match &op.auth {
            Some(crate::ir::Auth::Bearer) => Some(quote!(runtime::Auth::Bearer)),
            Some(crate::ir::Auth::Basic) => Some(quote!(runtime::Auth::Basic)),
            Some(crate::ir::Auth::Header(name)) => Some(quote!(runtime::Auth::Header(#name))),
            Some(crate::ir::Auth::Query(name)) => Some(quote!(runtime::Auth::Query(#name))),
            None => None,
        };
        if let Some(auth) = auth {
            steps.push(quote!(request.auth = Some(#auth);));
        }
        let request_mut = (!steps.is_empty()).then(|| quote!(mut));
        let with_response = ident(&op.with_response);
        let params_value = op.params_type.as_ref().map(|_| quote!(params));
        let with_response_doc = docs::line(md!(
            "Like [`Self::{}`], and also returns the status, headers and raw body.",
            Markdown::ident(&op.name.rust)
        ));
        let pagers = op
            .pagination
            .as_ref()
            .map(|pagination| self.pagers(op, pagination, root, capture));
        let waiter = op.wait.as_ref().map(|wait| self.waiter(op, wait, root));
        // Deprecated operations are marked so; the SDK's own calls between them are allowed.
        let (deprecated, allow) = if op.docs.deprecated {
            (quote!(#[deprecated]), quote!(#[allow(deprecated)]))
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        quote! {
            #doc
            #deprecated
            #allow
            pub fn #method_name(&self, #params_arg) -> impl ::std::future::Future<Output = Result<#return_type, Error>> {
                runtime::into_body(self.#with_response(#params_value))
            }

            #with_response_doc
            #deprecated
            pub fn #with_response(&self, #params_arg) -> impl ::std::future::Future<Output = Result<Response<#return_type>, Error>> {
                // Builds the request now; only sending is deferred to the returned future.
                fn build(#params_arg) -> Result<runtime::Request, Error> {
                    let #request_mut request = runtime::Request::new(::reqwest::Method::#http_method);
                    #(#steps)*
                    Ok(request)
                }
                #client.send(build(#params_value), #options, |response| runtime::#finish)
            }

            #pagers
            #waiter
        }
    }

    /// `<op>_pages` and `<op>_all`: streams that follow the next-page token.
    fn pagers(
        &self,
        op: &Operation,
        pagination: &crate::ir::Pagination,
        root: &TokenStream,
        capture: &TokenStream,
    ) -> TokenStream {
        let method = ident(&op.name.rust);
        let pages = ident(&pagination.pages_method);
        let items = ident(&pagination.items_method);
        let params_type = op.params_type.as_ref().map(|p| ident(p));
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
            pub fn #pages(&self, params: #params_type) -> impl ::futures_util::Stream<Item = Result<#page_type, Error>> + #capture {
                let handle = self.clone();
                // The state carries every token already followed: a server that sends one
                // again (directly or through a cycle) ends the listing instead of looping.
                let start = (params, ::std::collections::BTreeSet::<String>::new());
                ::futures_util::stream::unfold(Some(start), move |state| {
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
                })
            }

            #items_doc
            #allow
            pub fn #items(&self, params: #params_type) -> impl ::futures_util::Stream<Item = Result<#item_type, Error>> + #capture {
                ::futures_util::StreamExt::flat_map(self.#pages(params), |page| {
                    ::futures_util::stream::iter(match page {
                        Ok(page) => #page_items.into_iter().map(Ok).collect::<Vec<_>>(),
                        Err(error) => vec![Err(error)],
                    })
                })
            }
        }
    }

    /// The `x-wait` helper: polls the operation until a terminal status.
    fn waiter(&self, op: &Operation, wait: &crate::ir::Wait, root: &TokenStream) -> TokenStream {
        let method = ident(&op.name.rust);
        let helper = ident(&wait.method);
        let return_type = self.return_type(op, root);
        let params_arg = op.params_type.as_ref().map(|p| {
            let p = ident(p);
            quote!(params: #p,)
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
            pub async fn #helper(&self, #params_arg options: WaitOptions) -> Result<#return_type, Error> {
                let started = ::tokio::time::Instant::now();
                loop {
                    let value = self.#method(#call_args).await?;
                    if #done {
                        return Ok(value);
                    }
                    options.pause(started).await?;
                }
            }
        }
    }

    fn params_struct(
        &self,
        op: &Operation,
        root: &TokenStream,
        owner: &TokenStream,
    ) -> Option<TokenStream> {
        let name = ident(op.params_type.as_ref()?);
        let prefix = if root.is_empty() {
            quote!(types::)
        } else {
            quote!(#root::types::)
        };
        struct Member {
            field: proc_macro2::Ident,
            ty: TokenStream,
            stored: TokenStream,
            required: bool,
            is_string: bool,
            doc: TokenStream,
        }
        let mut members = Vec::new();
        for param in &op.params {
            let ty = self.ty(&param.ty, &prefix);
            let wire = Markdown::code(&param.name.original);
            let extra = vec![match param.location {
                ParamLocation::Path => md!("Path parameter {}.", wire),
                ParamLocation::Query => md!("Query parameter {}.", wire),
                ParamLocation::Header => md!("Header parameter {}.", wire),
                ParamLocation::Cookie => md!("Cookie parameter {}.", wire),
            }];
            members.push(Member {
                field: ident(&param.name.rust),
                stored: if param.required {
                    ty.clone()
                } else {
                    quote!(Option<#ty>)
                },
                ty,
                required: param.required,
                is_string: param.ty == TypeRef::String,
                doc: docs::doc(&param.docs, &extra),
            });
        }
        if let Some(body) = &op.body {
            let ty = self.ty(&body.ty, &prefix);
            let mut body_docs = body.docs.clone();
            if body_docs.description.is_none() {
                body_docs.description = Some("The request body.".to_string());
            }
            let extra = vec![md!("Sent as {}.", Markdown::code(&body.media_type))];
            members.push(Member {
                field: ident("body"),
                stored: if body.required {
                    ty.clone()
                } else {
                    quote!(Option<#ty>)
                },
                ty,
                required: body.required,
                is_string: body.ty == TypeRef::String,
                doc: docs::doc(&body_docs, &extra),
            });
        }
        let fields = members.iter().map(|m| {
            let (field, stored, doc) = (&m.field, &m.stored, &m.doc);
            quote!(#doc pub #field: #stored,)
        });
        let required: Vec<&Member> = members.iter().filter(|m| m.required).collect();
        let default = required.is_empty().then(|| quote!(Default,));
        let constructor = (!required.is_empty()).then(|| {
            let args = required.iter().map(|m| {
                let (field, ty) = (&m.field, &m.ty);
                if m.is_string {
                    quote!(#field: impl Into<String>)
                } else {
                    quote!(#field: #ty)
                }
            });
            let inits = members.iter().map(|m| {
                let field = &m.field;
                match (m.required, m.is_string) {
                    (true, true) => quote!(#field: #field.into()),
                    (true, false) => quote!(#field),
                    (false, _) => quote!(#field: None),
                }
            });
            let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")]));
            quote! {
                /// Parameters with every required value set and every optional one empty.
                #allow
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits,)* }
                }
            }
        });
        let setters = members.iter().filter(|m| !m.required).map(|m| {
            let (field, ty) = (&m.field, &m.ty);
            let doc = docs::line(md!("Sets `{}`.", Markdown::ident(&field.to_string())));
            if m.is_string {
                quote! {
                    #doc
                    pub fn #field(mut self, #field: impl Into<String>) -> Self {
                        self.#field = Some(#field.into());
                        self
                    }
                }
            } else {
                quote! {
                    #doc
                    pub fn #field(mut self, #field: #ty) -> Self {
                        self.#field = Some(#field);
                        self
                    }
                }
            }
        });
        let method = ident(&op.name.rust);
        let doc = docs::line(md!(
            "Parameters of [`{}::{}`].",
            Markdown::ident(&owner.to_string().replace(' ', "")),
            Markdown::ident(&method.to_string())
        ));
        Some(quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #name {
                #(#fields)*
            }

            impl #name {
                #constructor
                #(#setters)*
            }
        })
    }
}

/// Percent-encodes the characters of literal path text that a URL path cannot carry as
/// they are (`#`, `?`, spaces, quotes, non-ASCII…); `/` and the characters RFC 3986
/// allows in a path stay.
fn encode_path_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@%".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `match` pattern for a success status (`201`, or `200..=299` for `2XX`).
fn status_pattern(status: &str) -> TokenStream {
    match status.parse::<u16>() {
        Ok(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Err(_) => {
            let start = status[..1].parse::<u16>().map(|d| d * 100).unwrap_or(200);
            let (start, end) = (
                proc_macro2::Literal::u16_unsuffixed(start),
                proc_macro2::Literal::u16_unsuffixed(start + 99),
            );
            quote!(#start..=#end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::encode_path_literal;

    #[test]
    fn path_literals_are_encoded() {
        assert_eq!(encode_path_literal("/api/v2/batches/"), "/api/v2/batches/");
        assert_eq!(encode_path_literal("/r#/\"q\" x?"), "/r%23/%22q%22%20x%3F");
        assert_eq!(encode_path_literal("/ü"), "/%C3%BC");
    }
}
