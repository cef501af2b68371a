//! What the generated `client` module adds to the runtime's: the API's own settings.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime::Piece;
use super::{Emitter, docs};
use crate::escape::Markdown;
use crate::ir::Auth;

/// An `Option<runtime::Auth>` value.
pub(super) fn auth_value(auth: Option<&Auth>) -> TokenStream {
    match auth {
        Some(Auth::Bearer) => quote!(Some(runtime::Auth::Bearer)),
        Some(Auth::Basic) => quote!(Some(runtime::Auth::Basic)),
        Some(Auth::Header(name)) => quote!(Some(runtime::Auth::Header(#name))),
        Some(Auth::Query(name)) => quote!(Some(runtime::Auth::Query(#name))),
        None => quote!(None),
    }
}

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
            let auth = auth_value(self.default_auth());
            quote! {
                /// The environment variables read for the API key, most preferred first.
                pub const API_KEY_ENV: &[&str] = &[#(#names),*];

                /// How a request sends the API key unless its operation says otherwise.
                pub(crate) const AUTH: Option<runtime::Auth> = #auth;
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

    /// The scheme requests start with: see [`default_auth`].
    pub fn default_auth(&self) -> Option<&Auth> {
        self.default_auth
    }

    /// `x-rust-sdk.idempotency-header`, when some operation sends it (one not a GET or HEAD).
    pub fn idempotency_header(&self) -> Option<&str> {
        (self.api.settings.idempotency_header.as_deref())
            .filter(|_| self.runtime.pieces.has(Piece::Idempotency))
    }
}

/// The scheme most operations use (the first of the most used, in operation order):
/// the requests start with it, and only the operations that use another say so.
pub(super) fn default_auth(api: &crate::ir::Api) -> Option<&Auth> {
    let mut counts: Vec<(Option<&Auth>, usize)> = Vec::new();
    for op in api.operations() {
        match counts
            .iter_mut()
            .find(|(auth, _)| *auth == op.auth.as_ref())
        {
            Some((_, count)) => *count += 1,
            None => counts.push((op.auth.as_ref(), 1)),
        }
    }
    let most = counts.iter().map(|(_, count)| *count).max().unwrap_or(0);
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .and_then(|(auth, _)| auth)
}
