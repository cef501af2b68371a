//! `--with-tests`: tests for the generated SDK itself, like the Stainless SDKs ship. For
//! every operation, a call with its required parameters and one with every parameter,
//! against the mock server in `TEST_API_BASE_URL` (Prism serving the same spec checks
//! each request and answers with data shaped by the spec, which must decode; without the
//! variable the calls are skipped); for every schema with an example, a decode → encode →
//! decode round trip.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Emitter, ident};
use crate::ir::Operation;

impl Emitter<'_> {
    /// `tests/api.rs` of the generated crate.
    pub fn tests_file(&self) -> TokenStream {
        let krate = ident(&self.api.settings.library_name);
        // A credential of the right shape (mock servers check it): basic authentication
        // takes `user:password` in base64 (`test:test`).
        // The client asks for a key when the API or any operation has a scheme.
        let auth = self.api.auth.as_ref().or_else(|| {
            self.api
                .operations_with_groups()
                .find_map(|(_, op)| op.auth.as_ref())
        });
        let key = auth.map(|auth| match auth {
            crate::ir::Auth::Basic => quote!(.api_key("dGVzdDp0ZXN0")),
            _ => quote!(.api_key("test-api-key")),
        });
        let operations = self
            .api
            .operations_with_groups()
            .map(|(group, op)| (group.map(|g| g.name.rust.as_str()), op));
        let has_client = !self.api.groups.is_empty() || !self.api.client_operations.is_empty();
        let client_fn = has_client.then(|| {
            quote! {
                /// A client of the mock server in `TEST_API_BASE_URL`; without one, the calls
                /// are skipped (and say so).
                fn client() -> Option<#krate::Client> {
                    let Ok(base_url) = std::env::var("TEST_API_BASE_URL") else {
                        eprintln!("skipped: set TEST_API_BASE_URL to a mock server of the API (e.g. `prism mock spec.yaml`)");
                        return None;
                    };
                    let client = #krate::Client::builder()
                        #key
                        .base_url(base_url)
                        .max_retries(0)
                        .build()
                        .expect("the test client builds");
                    Some(client)
                }
            }
        });
        let mut tests = Vec::new();
        for (group, op) in operations {
            tests.push(self.operation_test(op, group, &op.tests.required_params, false, &krate));
            if let Some(all_params) = &op.tests.all_params {
                tests.push(self.operation_test(op, group, all_params, true, &krate));
            }
        }
        let with_examples = self.api.types.iter().filter_map(|type_def| {
            Some((
                type_def,
                type_def.round_trip_test.as_ref()?,
                type_def.example.as_ref()?,
            ))
        });
        let round_trips = with_examples.map(|(type_def, test, example)| {
            let name = ident(&type_def.name.rust);
            let test = ident(test);
            let example = serde_json::to_string(example).unwrap_or_default();
            quote! {
                #[test]
                fn #test() {
                    let example: ::serde_json::Value = ::serde_json::from_str(#example).expect("the example is JSON");
                    let decoded: #krate::#name = ::serde_json::from_value(example).expect("the example decodes");
                    let encoded = ::serde_json::to_value(decoded).expect("encodes");
                    let again: #krate::#name = ::serde_json::from_value(encoded.clone()).expect("decodes again");
                    assert_eq!(::serde_json::to_value(again).expect("encodes again"), encoded);
                }
            }
        });
        // The tests call every group: they build with all of them.
        let every_group = (!self.api.groups.is_empty()).then(|| quote!(#![cfg(feature = "full")]));
        quote! {
            //! Generated tests: every operation against the mock server in
            //! `TEST_API_BASE_URL` (for example Prism serving the same spec), and a decode →
            //! encode round trip of every schema example.
            #every_group

            #client_fn

            #(#tests)*
            #(#round_trips)*
        }
    }

    /// The test `test` of `op`: a call with the required parameters, or with every one
    /// (`all`).
    fn operation_test(
        &self,
        op: &Operation,
        group: Option<&str>,
        test: &str,
        all: bool,
        krate: &proc_macro2::Ident,
    ) -> TokenStream {
        let method = ident(&op.name.rust);
        let test = ident(test);
        let receiver = match group {
            Some(group) => {
                let group = ident(group);
                quote!(client.#group())
            }
            None => quote!(client),
        };
        let params = op.params_type.as_ref().map(|params_type| {
            let params_type = ident(params_type);
            let required: Vec<TokenStream> = op
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| self.example_arg(&p.ty, p.example.as_ref()))
                .chain(op.body.iter().filter(|b| b.required).map(|b| {
                    self.filled_body(&b.ty)
                        .unwrap_or_else(|| self.example_arg(&b.ty, None))
                }))
                .collect();
            let construct = if required.is_empty() {
                quote!(#krate::#params_type::default())
            } else {
                quote!(#krate::#params_type::new(#(#required),*))
            };
            let optional: Vec<TokenStream> = if all {
                op.params
                    .iter()
                    // An `Accept` parameter is left to the SDK, which asks for what it
                    // decodes (specs list formats their responses never describe).
                    .filter(|p| !p.required && !p.is_accept())
                    .map(|p| {
                        let field = ident(&p.name.rust);
                        let value = self.example_value(&p.ty, p.example.as_ref());
                        quote!(.#field(#value))
                    })
                    .chain(op.body.iter().filter(|b| !b.required).map(|b| {
                        let value = self
                            .filled_body(&b.ty)
                            .unwrap_or_else(|| self.example_value(&b.ty, None));
                        quote!(.body(#value))
                    }))
                    .collect()
            } else {
                Vec::new()
            };
            // The parameters struct is `#[non_exhaustive]`: built with `new` and setters.
            quote!(let params = #construct #(#optional)*;)
        });
        let args = op.params_type.as_ref().map(|_| quote!(params));
        let what = format!(
            "{} {} is accepted and its response decodes",
            op.method, op.path.raw
        );
        let allow = op.docs.deprecated.then(|| quote!(#[allow(deprecated)]));
        // A request too large to spell out (the examples' value budget ran out) has
        // `todo!()` in it: the test still compiles, and is ignored.
        let too_large = params
            .as_ref()
            .is_some_and(|params| params.to_string().contains("todo ! ()"))
            .then(|| {
                quote! {
                    #[ignore = "the request is too large to spell out; write this test by hand"]
                    #[allow(unreachable_code, unused_variables, reason = "the request has todo!()")]
                }
            });
        quote! {
            #[tokio::test]
            #allow
            #too_large
            async fn #test() {
                let Some(client) = client() else {
                    return;
                };
                #params
                let result = #receiver.#method(#args).await;
                if let Err(error) = &result {
                    panic!("{}: {error}", #what);
                }
            }
        }
    }
}
