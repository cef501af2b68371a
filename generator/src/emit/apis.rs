//! `apis/`: one handle per group, one async method and one parameters struct per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, docs, ident};
use crate::ir::{BodyEncoding, Group, Operation, ParamLocation, QueryStyle, ResponseBody, TypeRef};

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
        let client_impl = (!client_ops.is_empty()).then(|| {
            quote! {
                impl Client {
                    #(#client_ops)*
                }
            }
        });
        let body = quote! {
            #client_impl
            #(#client_params)*
        };
        let text = body.to_string();
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
        .filter(|(name, _)| {
            text.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|word| word == *name)
        })
        .map(|(_, import)| import);
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
        let doc_text = group
            .docs
            .description
            .as_deref()
            .map(docs::sanitize)
            .unwrap_or_else(|| {
                vec![format!(
                    "Operations tagged {}.",
                    docs::code(&group.name.original)
                )]
            });
        let doc = docs::attrs(&doc_text);
        let module_doc = format!(" The {} API group.", docs::code(&group.name.original));
        let methods = group.operations.iter().map(|op| {
            self.operation_method(
                op,
                &root,
                &quote!(super::super::error),
                &quote!(self.client),
                &quote!(&self.options),
            )
        });
        let params = group
            .operations
            .iter()
            .map(|op| self.params_struct(op, &root, &quote!(#handle)));
        let accessor_doc = format!(" Reached with `client.{}()`.", group.name.rust);
        let body = quote! {
            #doc
            ///
            #[doc = #accessor_doc]
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
        let text = body.to_string();
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
        .filter(|(name, _)| {
            text.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|word| word == *name)
        })
        .map(|(_, import)| import);
        quote! {
            #![doc = #module_doc]
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
    ) -> TokenStream {
        let method_name = ident(&op.name.rust);
        let http_method = ident(&op.method);
        let return_type = self.return_type(op, root);
        let mut extra = vec![format!("`{} {}`", op.method, op.path.raw.replace('`', "'"))];
        if op.name.original != op.name.rust {
            extra.push(String::new());
            extra.push(format!("Operation {}.", docs::code(&op.name.original)));
        }
        let doc = docs::doc(&op.docs, &extra);
        let params_arg = op.params_type.as_ref().map(|p| {
            let p = ident(p);
            quote!(params: #p)
        });

        let mut steps = Vec::new();
        for part in &op.path.parts {
            match part {
                crate::ir::PathPart::Literal(text) => steps.push(quote!(request.literal(#text);)),
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

        let error_table = match self.error_table_index(op) {
            Some(index) => {
                let function = ident(&format!("error_body_{}", index + 1));
                quote!(#error_module::#function)
            }
            None => quote!(|_, _| None),
        };
        let read = match &op.success.body {
            ResponseBody::Empty => quote!(runtime::read_empty(response).await),
            ResponseBody::Json(_) => quote!(runtime::read_json(response).await),
            ResponseBody::Text => quote!(runtime::read_text(response).await),
            ResponseBody::Binary => quote!(runtime::read_body(response).await),
        };
        let request_mut = (!steps.is_empty()).then(|| quote!(mut));
        let deprecated_allow = TokenStream::new();
        quote! {
            #doc
            #deprecated_allow
            pub async fn #method_name(&self, #params_arg) -> Result<#return_type, Error> {
                let #request_mut request = runtime::Request::new(::reqwest::Method::#http_method);
                #(#steps)*
                let response = #client.execute(request, #options).await?;
                if !response.status().is_success() {
                    return Err(runtime::api_error(response, #error_table).await);
                }
                #read
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
            let location = match param.location {
                ParamLocation::Path => "Path",
                ParamLocation::Query => "Query",
                ParamLocation::Header => "Header",
                ParamLocation::Cookie => "Cookie",
            };
            let extra = vec![format!(
                "{location} parameter {}.",
                docs::code(&param.name.original)
            )];
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
            let extra = vec![format!("Sent as {}.", docs::code(&body.media_type))];
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
            let doc = format!(" Sets `{field}`.");
            if m.is_string {
                quote! {
                    #[doc = #doc]
                    pub fn #field(mut self, #field: impl Into<String>) -> Self {
                        self.#field = Some(#field.into());
                        self
                    }
                }
            } else {
                quote! {
                    #[doc = #doc]
                    pub fn #field(mut self, #field: #ty) -> Self {
                        self.#field = Some(#field);
                        self
                    }
                }
            }
        });
        let method = ident(&op.name.rust);
        let doc = format!(
            " Parameters of [`{owner}::{method}`].",
            owner = owner.to_string().replace(' ', "")
        );
        Some(quote! {
            #[doc = #doc]
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
