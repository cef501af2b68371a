//! The methods of one operation: the call (whose future also gives the whole response,
//! with `.with_response()`) and its `…_stream` twin.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{Emitter, docs, ident};
use crate::emit::runtime::Piece;
use crate::escape::Markdown;
use crate::ir::{BodyEncoding, Operation, ParamLocation, QueryStyle, ResponseBody, TypeRef};
use crate::md;

use super::params::shortcut;

impl Emitter<'_> {
    pub(super) fn return_type(&self, op: &Operation, root: &TokenStream) -> TokenStream {
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

    pub(super) fn operation_method(
        &self,
        op: &Operation,
        root: &TokenStream,
        error_module: &TokenStream,
        client: &TokenStream,
        options: &TokenStream,
    ) -> TokenStream {
        let method_name = ident(&op.name.rust);
        let return_type = self.return_type(op, root);
        // The route, and the spec's name of the operation when the method's differs.
        let route = Markdown::code(&format!("{} {}", op.method, op.path.raw));
        let route = if op.name.original != op.name.rust {
            md!(
                "{} (operation {})",
                route,
                Markdown::code(&op.name.original)
            )
        } else {
            route
        };
        // A deprecated operation's methods carry `#[deprecated]`, which rustdoc shows.
        let method_docs = crate::ir::Docs {
            deprecated: false,
            ..op.docs.clone()
        };
        let doc = docs::doc(&method_docs, &[route]);
        // What the public methods take: the struct, or (with the shortcut) anything that
        // converts into it, such as the one required path parameter's value.
        let public_arg = op.params_type.as_ref().map(|p| {
            let p = ident(p);
            if shortcut(op).is_some() {
                quote!(params: impl Into<#p>)
            } else {
                quote!(params: #p)
            }
        });
        // With the shortcut, the argument becomes the struct first.
        let into = shortcut(op).zip(op.params_type.as_ref()).map(|(_, p)| {
            let p = ident(p);
            quote!(let params: #p = params.into();)
        });

        // The template the request starts from, as it is sent: literal text encoded, each
        // parameter a `{name}` (its name encoded too, so that braces only mark
        // parameters); the runtime writes it around the parameters in order.
        let mut template = String::with_capacity(op.path.raw.len());
        let mut steps = Vec::new();
        for part in &op.path.parts {
            match part {
                crate::ir::PathPart::Literal(text) => template.push_str(&encode_path_literal(text)),
                crate::ir::PathPart::Param(name) => {
                    if let Some(param) = op
                        .params
                        .iter()
                        .find(|p| p.location == ParamLocation::Path && &p.name.original == name)
                    {
                        template.push('{');
                        template.push_str(&encode_path_literal(name));
                        template.push('}');
                        let field = ident(&param.name.rust);
                        let wire = &param.name.original;
                        steps.push(quote!(request.path_param(#wire, &params.#field);));
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
                    let style = match param.style {
                        QueryStyle::FormExploded => None,
                        QueryStyle::Form => Some("Form"),
                        QueryStyle::DeepObject => Some("DeepObject"),
                        QueryStyle::SpaceDelimited => Some("SpaceDelimited"),
                        QueryStyle::PipeDelimited => Some("PipeDelimited"),
                    };
                    match style.map(ident) {
                        None => quote!(request.query(#wire, &params.#field);),
                        Some(style) => quote! {
                            request.query_with_style(#wire, &params.#field, runtime::Style::#style);
                        },
                    }
                }
                ParamLocation::Header => {
                    let wire = wire.to_ascii_lowercase();
                    quote!(request.header(#wire, &params.#field);)
                }
                ParamLocation::Cookie => quote!(request.cookie(#wire, &params.#field);),
                ParamLocation::Path => unreachable!("path parameters are handled above"),
            });
        }
        if let Some(body) = &op.body {
            let media = &body.media_type;
            let set = |value: TokenStream| match body.encoding {
                BodyEncoding::Json => quote!(request.json(&#value);),
                BodyEncoding::Form => quote!(request.form(&#value);),
                BodyEncoding::Text => quote!(request.raw(#value.into_bytes(), #media);),
                BodyEncoding::Multipart if matches!(body.ty, TypeRef::Named(_)) => {
                    quote!(request.multipart(#value.to_multipart());)
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
        // How the response is read: a runtime function, or (a body by status) the
        // operation's own `finish` over `runtime::by_status`.
        let (finish, finish_fn) = match &op.success.body {
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
                let finish_fn = quote! {
                    fn finish(response: runtime::Received, errors: runtime::ErrorTable) -> Result<Response<#name>, Error> {
                        runtime::by_status(response, errors, |status, raw| match status { #(#arms)* #fallback })
                    }
                };
                (quote!(finish), Some(finish_fn))
            }
            body => {
                let finish = ident(match body {
                    ResponseBody::Empty => "empty",
                    ResponseBody::Json(_) => "json",
                    ResponseBody::Text => "text",
                    _ => "binary",
                });
                (quote!(runtime::#finish), None)
            }
        };
        // The operation's scheme, when it is not the one requests start with.
        if op.auth.as_ref() != self.default_auth() {
            let auth = super::super::client::auth_value(op.auth.as_ref());
            steps.push(quote!(request.auth = #auth;));
        }
        let accept = match (&op.accept, &op.success.body) {
            (Some(declared), _) => declared.as_str(),
            (None, ResponseBody::Json(_) | ResponseBody::ByStatus(_)) => "application/json",
            (None, ResponseBody::Empty | ResponseBody::Text | ResponseBody::Binary) => "*/*",
        };
        // The constructors accept JSON; any other `Accept` is set first.
        if accept != "application/json" {
            steps.insert(0, quote!(request.accept = #accept;));
        }
        let request_mut = (!steps.is_empty()).then(|| quote!(mut));
        let constructor = ident(Piece::method(&op.method).name());
        let pagers = op
            .pagination
            .as_ref()
            .map(|pagination| self.pagers(op, pagination, root));
        let waiter = op.wait.as_ref().map(|wait| self.waiter(op, wait, root));
        let deprecated = op.docs.deprecated.then(|| quote!(#[deprecated]));
        // A binary body can also come as a stream (the request built the same way).
        let streamer = op.stream_method.as_ref().map(|stream| {
            let stream = ident(stream);
            let doc = docs::line(md!(
                "Like [`Self::{}`], but the body comes as a stream of chunks, read as they arrive (not into memory, and without the response size limit).",
                Markdown::ident(&op.name.rust)
            ));
            quote! {
                #doc
                #deprecated
                pub fn #stream(&self, #public_arg) -> BoxFuture<ByteStream> {
                    #into
                    let #request_mut request = runtime::Request::#constructor(#template);
                    #(#steps)*
                    #client.call_stream(request, #options, #error_table)
                }
            }
        });
        quote! {
            #doc
            #deprecated
            pub fn #method_name(&self, #public_arg) -> CallFuture<#return_type> {
                #finish_fn
                #into
                // Built now (an argument that cannot be encoded is the future's error);
                // only sending is deferred to the returned future.
                let #request_mut request = runtime::Request::#constructor(#template);
                #(#steps)*
                #client.call(request, #options, #finish, #error_table)
            }

            #streamer
            #pagers
            #waiter
        }
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
