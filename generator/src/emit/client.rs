//! What the generated `client` module adds to the runtime's: the API's own settings.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime::Piece;
use super::{Emitter, docs};
use crate::escape::Markdown;

impl Emitter<'_> {
    /// The default base URL, the environment variables and the user agent of this API,
    /// appended to the runtime's `client.rs`.
    pub fn client_settings(&self) -> TokenStream {
        let settings = &self.api.settings;
        let default_base_url = self.api.default_base_url.clone().unwrap_or_default();
        let base_url_doc = docs::line(if default_base_url.is_empty() {
            Markdown::lit(
                "The spec names no absolute server URL: set one with [`ClientBuilder::base_url`] \
                 or the [`BASE_URL_ENV`] environment variable.",
            )
        } else {
            Markdown::lit("The server used when no base URL is configured.")
        });
        let user_agent = format!("{}/{} (Rust)", settings.crate_name, settings.crate_version);
        let base_url_env = settings.base_url_env.clone().unwrap_or_default();
        let key_env = self.runtime.pieces.has(Piece::Auth).then(|| {
            let names = &settings.api_key_env;
            quote! {
                /// The environment variables read for the API key, most preferred first.
                pub const API_KEY_ENV: &[&str] = &[#(#names),*];
            }
        });
        let idempotency = self.idempotency_header().map(|name| {
            quote! {
                /// The header carrying the idempotency key of requests other than GET and HEAD.
                const IDEMPOTENCY_HEADER: HeaderName = HeaderName::from_static(#name);
            }
        });
        quote! {
            #idempotency

            #base_url_doc
            pub const DEFAULT_BASE_URL: &str = #default_base_url;

            /// The environment variable that overrides [`DEFAULT_BASE_URL`].
            pub const BASE_URL_ENV: &str = #base_url_env;

            #key_env

            /// The `User-Agent` of every request.
            const USER_AGENT: &str = #user_agent;
        }
    }

    /// Names [`Self::client_settings`] adds to the crate's public items.
    pub fn client_settings_exports(&self) -> Vec<&'static str> {
        let mut names = vec!["DEFAULT_BASE_URL", "BASE_URL_ENV"];
        if self.runtime.pieces.has(Piece::Auth) {
            names.push("API_KEY_ENV");
        }
        names
    }

    /// `x-rust-sdk.idempotency-header`, when some operation sends it (one not a GET or HEAD).
    pub fn idempotency_header(&self) -> Option<&str> {
        (self.api.settings.idempotency_header.as_deref())
            .filter(|_| self.runtime.pieces.has(Piece::Idempotency))
    }
}
