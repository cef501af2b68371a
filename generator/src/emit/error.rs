//! `error.rs`: the one error type of the SDK.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, docs, ident};
use crate::ir::ErrorTable;

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
            if variant.is_some_and(|v| self.is_struct_like(&v.ty)) {
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
        let users: Vec<String> = (self.api.operations())
            .filter(|op| op.error_table == Some(index))
            .map(|op| docs::code(&op.name.original))
            .collect();
        let doc = format!(" Typed error bodies of {}.", users.join(", "));
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
            #[doc = #doc]
            pub(crate) fn #function(#status: u16, body: &[u8]) -> Option<ErrorBody> {
                #dispatch
            }
        }
    }

    /// The `error` module.
    pub fn error_module(&self) -> TokenStream {
        let prefix = quote!(super::types::);
        let variants = self.api.error_bodies.iter().map(|variant| {
            let name = ident(&variant.name.rust);
            let mut ty = self.ty(&variant.ty, &prefix);
            if self.is_struct_like(&variant.ty) {
                ty = quote!(Box<#ty>);
            }
            let doc = format!(
                " The body declared as {}.",
                docs::code(&variant.name.original)
            );
            quote! {
                #[doc = #doc]
                #name(#ty),
            }
        });
        let tables = (self.api.error_tables.iter())
            .enumerate()
            .map(|(index, table)| self.error_table_fn(index, table));
        quote! {
            //! The error type of every call.

            use std::fmt;

            /// Everything that can go wrong in a call.
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum Error {
                /// The server answered with a non-success status.
                Api(Box<ApiError>),
                /// An attempt took longer than the configured timeout (after all retries).
                Timeout,
                /// The request could not be sent or the response not read (after all retries).
                Connection(::reqwest::Error),
                /// The response body did not match the declared schema.
                Decode {
                    /// Where in the body decoding failed (`items[0].status`).
                    path: String,
                    /// What was wrong.
                    message: String,
                    /// The raw body.
                    body: String,
                },
                /// An argument was rejected before any request was sent.
                InvalidArgument(String),
                /// The client is not configured correctly (for example, no API key).
                Config(String),
                /// A `wait…` helper reached its deadline before a terminal status.
                WaitDeadline(::std::time::Duration),
            }

            impl Error {
                /// The HTTP status, for API errors.
                pub fn status(&self) -> Option<::reqwest::StatusCode> {
                    match self {
                        Error::Api(error) => Some(error.status),
                        _ => None,
                    }
                }

                /// The API error, if the server answered with an error status.
                pub fn api(&self) -> Option<&ApiError> {
                    match self {
                        Error::Api(error) => Some(error),
                        _ => None,
                    }
                }

                /// True for errors that are worth retrying: timeouts, connection failures,
                /// 408, 409, 429 and 5xx responses.
                pub fn is_retryable(&self) -> bool {
                    match self {
                        Error::Timeout | Error::Connection(_) => true,
                        Error::Api(error) => {
                            let status = error.status.as_u16();
                            matches!(status, 408 | 409 | 429) || status >= 500
                        }
                        _ => false,
                    }
                }
            }

            impl fmt::Display for Error {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    match self {
                        Error::Api(error) => fmt::Display::fmt(error, f),
                        Error::Timeout => f.write_str("the request timed out"),
                        Error::Connection(error) => write!(f, "connection error: {error}"),
                        Error::Decode { path, message, .. } => {
                            if path.is_empty() || path == "." || path == "?" {
                                write!(f, "the response could not be decoded: {message}")
                            } else {
                                write!(f, "the response could not be decoded at `{path}`: {message}")
                            }
                        }
                        Error::InvalidArgument(message) => write!(f, "invalid argument: {message}"),
                        Error::Config(message) => write!(f, "client configuration error: {message}"),
                        Error::WaitDeadline(deadline) => write!(f, "no terminal status within {deadline:?}"),
                    }
                }
            }

            impl ::std::error::Error for Error {
                fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                    match self {
                        Error::Connection(error) => Some(error),
                        _ => None,
                    }
                }
            }

            /// Classes of API errors by status code.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum ApiErrorKind {
                /// 400.
                BadRequest,
                /// 401.
                Authentication,
                /// 403.
                PermissionDenied,
                /// 404.
                NotFound,
                /// 409.
                Conflict,
                /// 422.
                UnprocessableEntity,
                /// 429.
                RateLimit,
                /// 500 and above.
                Server,
                /// Any other status.
                Other,
            }

            /// A non-success response.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub struct ApiError {
                /// The status code.
                pub status: ::reqwest::StatusCode,
                /// The response headers.
                pub headers: ::reqwest::header::HeaderMap,
                /// The request id the server sent (`x-request-id`), if any.
                pub request_id: Option<String>,
                /// The raw body.
                pub body: String,
                /// The body decoded into the type the spec declares for this status, if any.
                pub typed: Option<ErrorBody>,
            }

            impl ApiError {
                /// The class of this error.
                pub fn kind(&self) -> ApiErrorKind {
                    match self.status.as_u16() {
                        400 => ApiErrorKind::BadRequest,
                        401 => ApiErrorKind::Authentication,
                        403 => ApiErrorKind::PermissionDenied,
                        404 => ApiErrorKind::NotFound,
                        409 => ApiErrorKind::Conflict,
                        422 => ApiErrorKind::UnprocessableEntity,
                        429 => ApiErrorKind::RateLimit,
                        500.. => ApiErrorKind::Server,
                        _ => ApiErrorKind::Other,
                    }
                }
            }

            impl fmt::Display for ApiError {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "the API returned {}", self.status)?;
                    if let Some(id) = &self.request_id {
                        write!(f, " (request id {id})")?;
                    }
                    if !self.body.is_empty() {
                        let mut end = self.body.len().min(500);
                        while !self.body.is_char_boundary(end) {
                            end -= 1;
                        }
                        write!(f, ": {}", &self.body[..end])?;
                    }
                    Ok(())
                }
            }

            impl ::std::error::Error for ApiError {}

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
