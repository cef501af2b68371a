//! The parameters struct of an operation, its setters and conversions.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::ir::{Operation, ParamLocation, TypeRef};
use crate::md;

impl Emitter<'_> {
    pub(super) fn params_struct(
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
        // Always a constructor: the struct is `#[non_exhaustive]`, and a new optional
        // parameter leaves `new` unchanged.
        let constructor = {
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
            let doc = docs::line(if required.is_empty() {
                Markdown::lit("Parameters with every value empty.")
            } else {
                Markdown::lit(
                    "Parameters with every required value set and every optional one empty.",
                )
            });
            let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")]));
            // Without required parameters, the derived `Default` is the empty value.
            let body = if required.is_empty() {
                quote!(Self::default())
            } else {
                quote!(Self { #(#inits,)* })
            };
            quote! {
                #doc
                #allow
                pub fn new(#(#args),*) -> Self {
                    #body
                }
            }
        };
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
        let conversions = shortcut(op).map(|param| {
            let value = if param.ty == TypeRef::String {
                quote!(str)
            } else {
                self.ty(&param.ty, &prefix)
            };
            quote!(runtime::from_path_param!(#name, #value);)
        });
        let doc = docs::line(md!(
            "Parameters of [`{}::{}`].",
            Markdown::ident(&owner.to_string().replace(' ', "")),
            Markdown::ident(&method.to_string())
        ));
        Some(quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            impl #name {
                #constructor
                #(#setters)*
            }

            #conversions
        })
    }
}

/// The one required input of `op`, when it is a path parameter: the methods of `op` then
/// take anything that converts into its parameters struct, which converts from that
/// parameter's value (`client.batches().get("bat-1")`).
pub(in crate::emit) fn shortcut(op: &Operation) -> Option<&crate::ir::Param> {
    op.params_type.as_ref()?;
    if op.body.as_ref().is_some_and(|body| body.required) {
        return None;
    }
    let mut required = op.params.iter().filter(|param| param.required);
    let param = required.next()?;
    (required.next().is_none() && param.location == ParamLocation::Path).then_some(param)
}
