//! What the generated `error` module adds to the runtime's: the error bodies the spec
//! declares and how each operation decodes them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::ir::ErrorTable;
use crate::md;

impl Emitter<'_> {
    /// `fn error_body_N(status, body)`: decodes the typed body declared for `status`.
    fn error_table_fn(&self, index: usize, table: &ErrorTable) -> TokenStream {
        let decode = |variant_name: &str| {
            let variant = self
                .api
                .error_bodies
                .iter()
                .find(|v| v.name.rust == variant_name);
            let name = ident(variant_name);
            if variant.is_some_and(|v| v.boxed) {
                quote!(super::runtime::typed(body, |value| ErrorBody::#name(Box::new(value))))
            } else {
                quote!(super::runtime::typed(body, ErrorBody::#name))
            }
        };
        let mut exact = Vec::new();
        let mut ranges = Vec::new();
        let mut fallback = quote!(None);
        for error in &table.responses {
            let decoder = decode(&error.variant);
            match (error.status, error.range) {
                (Some(code), false) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    exact.push(quote!(#code => #decoder,));
                }
                (Some(start), true) => {
                    let end = proc_macro2::Literal::u16_unsuffixed(start + 99);
                    let start = proc_macro2::Literal::u16_unsuffixed(start);
                    ranges.push(quote!(#start..=#end => #decoder,));
                }
                (None, _) => fallback = decoder,
            }
        }
        let users = (self.api.operations())
            .filter(|op| op.error_table == Some(index))
            .map(|op| Markdown::code(&op.name.original));
        let doc = docs::line(md!(
            "Typed error bodies of {}.",
            Markdown::join(users, ", ")
        ));
        let function = ident(&table.function);
        let (status, dispatch) = if exact.is_empty() && ranges.is_empty() {
            (quote!(_status), fallback)
        } else {
            (
                quote!(status),
                quote! {
                    match status {
                        #(#exact)*
                        #(#ranges)*
                        _ => #fallback,
                    }
                },
            )
        };
        quote! {
            #doc
            pub(crate) fn #function(#status: u16, body: &[u8]) -> Option<ErrorBody> {
                #dispatch
            }
        }
    }

    /// The `ErrorBody` enum and the error tables, appended to the runtime's `error.rs`.
    pub fn error_bodies(&self) -> TokenStream {
        let prefix = quote!(super::types::);
        let variants = self.api.error_bodies.iter().map(|variant| {
            let name = ident(&variant.name.rust);
            let mut ty = self.ty(&variant.ty, &prefix);
            if variant.boxed {
                ty = quote!(Box<#ty>);
            }
            let doc = docs::line(md!(
                "The body declared as {}.",
                Markdown::code(&variant.name.original)
            ));
            quote! {
                #doc
                #name(#ty),
            }
        });
        let tables = (self.api.error_tables.iter())
            .enumerate()
            .map(|(index, table)| self.error_table_fn(index, table));
        quote! {
            /// Error bodies the spec declares, decoded by status.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum ErrorBody {
                #(#variants)*
            }

            #(#tables)*
        }
    }
}
