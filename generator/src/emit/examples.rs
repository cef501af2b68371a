//! Example calls for the documentation (API reference, README): built with `quote` like
//! all Rust the generator writes, from the spec's example values where it has them.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{Emitter, ident};
use crate::ir::{Field, Operation, ResponseBody, TypeKind, TypeRef};

/// Which method an example calls.
#[derive(Clone, Copy)]
enum ExampleCall<'a> {
    /// The operation itself.
    Plain,
    /// The item stream of a paginated operation.
    Items(&'a str),
    /// The waiter.
    Wait(&'a str),
    /// Configuration, options, raw response and error handling.
    Handling,
    /// The README's first example: the call, and for a paginated operation its item
    /// stream too (with the prelude's trait).
    QuickStart(Option<&'a str>),
}

/// How deep nested required values are spelled out before falling back to defaults.
const MAX_DEPTH: usize = 6;

/// How many values one example spells out at most: a body whose required properties are
/// 20 wide and 6 deep would otherwise need 20^6 of them. Past the budget, values that have
/// a short spelling keep it and the others become `todo!()`.
const MAX_VALUES: usize = 500;

/// The most list items a generated test spells out (a `minItems` asks for that many).
const MAX_ITEMS: usize = 16;

/// What every value of one example shares.
struct Values<'k> {
    /// The generated crate, for type paths.
    krate: &'k proc_macro2::Ident,
    /// Tests fill a list that has no example with one item (so list parameters and bodies
    /// are exercised) and spell out every item of an example; documentation keeps lists
    /// short.
    for_tests: bool,
    /// Values still to spell out.
    budget: std::cell::Cell<usize>,
}

impl<'k> Values<'k> {
    fn new(krate: &'k proc_macro2::Ident, for_tests: bool) -> Self {
        Values {
            krate,
            for_tests,
            budget: std::cell::Cell::new(MAX_VALUES),
        }
    }

    /// Takes one value from the budget; false when it is spent.
    fn spend(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }
}

impl Emitter<'_> {
    /// A complete example: `async fn example() -> Result<(), Error>` calling `op` through
    /// `receiver` (`client.batches()`, or `client` for operations without a tag).
    pub fn operation_example(&self, op: &Operation, group: Option<&str>) -> TokenStream {
        self.example_of(op, group, ExampleCall::Plain)
    }

    /// The first operation of a group that takes its one path parameter directly, called
    /// with that value and with its parameters struct (for the README).
    pub fn shortcut_example(&self) -> Option<TokenStream> {
        let krate = ident(&self.api.settings.library_name);
        self.api.groups.iter().find_map(|group| {
            group.operations.iter().find_map(|op| {
                let param = super::apis::shortcut(op)?;
                let params_type = ident(op.params_type.as_ref()?);
                let value = self.arg_value(&param.ty, param.example.as_ref(), &Values::new(&krate, false), 0);
                let (group, method) = (ident(&group.name.rust), ident(&op.name.rust));
                Some(quote! {
                    async fn example(client: #krate::Client) -> Result<(), #krate::Error> {
                        let short = client.#group().#method(#value).await?;
                        // The same call; the parameters struct also sets the optional ones.
                        let long = client.#group().#method(#krate::#params_type::new(#value)).await?;
                        println!("{short:?} {long:?}");
                        Ok(())
                    }
                })
            })
        })
    }

    /// The README's quick start: `op`, and all its items when it is paginated.
    pub fn quick_start_example(&self, op: &Operation, group: Option<&str>) -> TokenStream {
        let items = op.pagination.as_ref().map(|p| p.items_method.as_str());
        self.example_of(op, group, ExampleCall::QuickStart(items))
    }

    /// An example that streams every item of a paginated operation.
    pub fn pager_example(&self, op: &Operation, group: Option<&str>) -> Option<TokenStream> {
        let pagination = op.pagination.as_ref()?;
        Some(self.example_of(op, group, ExampleCall::Items(&pagination.items_method)))
    }

    /// An example of configuration, per-call options, raw responses and error handling.
    pub fn handling_example(&self, op: &Operation, group: Option<&str>) -> TokenStream {
        self.example_of(op, group, ExampleCall::Handling)
    }

    /// An example that waits for a terminal status.
    pub fn wait_example(&self, op: &Operation, group: Option<&str>) -> Option<TokenStream> {
        let wait = op.wait.as_ref()?;
        Some(self.example_of(op, group, ExampleCall::Wait(&wait.method)))
    }

    fn example_of(
        &self,
        op: &Operation,
        group: Option<&str>,
        call: ExampleCall<'_>,
    ) -> TokenStream {
        let krate = ident(&self.api.settings.library_name);
        let values = Values::new(&krate, false);
        let method = ident(&op.name.rust);
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
                .map(|p| self.arg_value(&p.ty, p.example.as_ref(), &values, 0))
                .chain(
                    op.body
                        .iter()
                        .filter(|b| b.required)
                        .map(|b| self.arg_value(&b.ty, self.type_example(&b.ty), &values, 0)),
                )
                .collect();
            if required.is_empty() {
                quote!(let params = #krate::#params_type::default();)
            } else {
                quote!(let params = #krate::#params_type::new(#(#required),*);)
            }
        });
        let args = op.params_type.as_ref().map(|_| quote!(params));
        let (uses, show) = match call {
            ExampleCall::QuickStart(Some(items)) => {
                let items = ident(items);
                (
                    Some(quote!(
                        use #krate::prelude::TryStreamExt;
                    )),
                    quote! {
                        let page = #receiver.#method(params.clone()).await?;
                        println!("{page:?}");
                        let items: Vec<_> = #receiver.#items(params).try_collect().await?;
                        println!("{} items in all", items.len());
                    },
                )
            }
            ExampleCall::Plain | ExampleCall::QuickStart(None) => match op.success.body {
                ResponseBody::Empty => (None, quote!(#receiver.#method(#args).await?;)),
                _ => (
                    None,
                    quote! {
                        let response = #receiver.#method(#args).await?;
                        println!("{response:?}");
                    },
                ),
            },
            ExampleCall::Items(items) => {
                let items = ident(items);
                (
                    Some(quote!(
                        use #krate::prelude::TryStreamExt;
                    )),
                    quote! {
                        // Follows the next-page token until the last page.
                        let items: Vec<_> = #receiver.#items(#args).try_collect().await?;
                        println!("{} items", items.len());
                    },
                )
            }
            ExampleCall::Handling => {
                let key = self
                    .api
                    .auth
                    .as_ref()
                    .map(|_| quote!(.api_key("my-api-key")));
                let receiver = match group {
                    Some(group) => {
                        let group = ident(group);
                        quote!(client.#group().with_options(#krate::RequestOptions::new().max_retries(0)))
                    }
                    None => quote!(client),
                };
                (
                    None,
                    quote! {
                        let client = #krate::Client::builder()
                            #key
                            .timeout(std::time::Duration::from_secs(20))
                            .max_retries(4)
                            .build()?;
                        match #receiver.#method(#args).with_response().await {
                            Ok(response) => println!("{} {:?}", response.status, response.request_id()),
                            Err(#krate::Error::Api(error)) => println!("{:?}: {}", error.kind(), error.body),
                            Err(error) if error.is_retryable() => println!("try again later: {error}"),
                            Err(error) => return Err(error),
                        }
                    },
                )
            }
            ExampleCall::Wait(wait) => {
                let wait = ident(wait);
                let comma = args.as_ref().map(|_| quote!(,));
                (
                    None,
                    quote! {
                        let options = #krate::WaitOptions::new().poll_interval(std::time::Duration::from_secs(10));
                        let done = #receiver.#wait(#args #comma options).await?;
                        println!("{done:?}");
                    },
                )
            }
        };
        let client = (!matches!(call, ExampleCall::Handling))
            .then(|| quote!(let client = #krate::Client::from_env()?;));
        quote! {
            #uses

            async fn example() -> Result<(), #krate::Error> {
                #client
                #params
                #show
                Ok(())
            }
        }
    }

    /// A value of `ty` for generated tests, from `example` where given.
    pub fn example_value(&self, ty: &TypeRef, example: Option<&Value>) -> TokenStream {
        let krate = ident(&self.api.settings.library_name);
        let example = example.or_else(|| self.type_example(ty));
        self.value(ty, example, &Values::new(&krate, true), 0)
    }

    /// [`Self::example_value`] for an argument of a generated constructor.
    pub fn example_arg(&self, ty: &TypeRef, example: Option<&Value>) -> TokenStream {
        let krate = ident(&self.api.settings.library_name);
        let example = example.or_else(|| self.type_example(ty));
        self.arg_value(ty, example, &Values::new(&krate, true), 0)
    }

    /// A body whose fields are all optional, with those fields set (`default()` alone
    /// sends an empty body, which servers asking for a body refuse): a block that fills
    /// a default value field by field (the struct is `#[non_exhaustive]`). `None` for other
    /// bodies, and when no field can be filled.
    pub fn filled_body(&self, ty: &TypeRef) -> Option<TokenStream> {
        let krate = ident(&self.api.settings.library_name);
        let TypeRef::Named(id) = ty else {
            return None;
        };
        let type_def = &self.api.types[id.0];
        let TypeKind::Struct { fields, .. } = &type_def.kind else {
            return None;
        };
        if !fields.iter().all(Field::optional) {
            return None;
        }
        let values = Values::new(&krate, true);
        let sets: Vec<TokenStream> = fields
            .iter()
            .filter(|field| !field.nullable && !field.explicit_null)
            .map(|field| {
                let name = ident(&field.name.rust);
                let example = field
                    .example
                    .as_ref()
                    .or_else(|| self.type_example(&field.ty));
                let mut value = match (&field.ty, example) {
                    // Any JSON value (a name `required` lists but the schema does not
                    // describe, W0209): a string, which every body encoding can send.
                    (TypeRef::Any, None) => quote!(::serde_json::Value::from("string")),
                    _ => self.value(&field.ty, example, &values, 1),
                };
                if field.boxed {
                    value = quote!(Box::new(#value));
                }
                quote!(body.#name = Some(#value);)
            })
            .collect();
        if sets.is_empty() {
            return None;
        }
        let name = ident(&type_def.name.rust);
        Some(quote!({
            let mut body = #krate::#name::default();
            #(#sets)*
            body
        }))
    }

    /// The example value of a named type, if the spec gives one (or, for an alias, a
    /// sample that meets its constraints).
    fn type_example(&self, ty: &TypeRef) -> Option<&Value> {
        match ty {
            TypeRef::Named(id) => {
                let type_def = &self.api.types[id.0];
                type_def.example.as_ref().or(type_def.sample.as_ref())
            }
            _ => None,
        }
    }

    /// An expression of type `ty`, preferring `example` (JSON from the spec).
    /// Like [`Self::value`], for an argument of a generated constructor: those take
    /// `impl Into<String>`, so a string is a plain literal.
    fn arg_value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        values: &Values<'_>,
        depth: usize,
    ) -> TokenStream {
        match ty {
            TypeRef::String => {
                let text = example.and_then(Value::as_str).unwrap_or("string");
                quote!(#text)
            }
            _ => self.value(ty, example, values, depth),
        }
    }

    fn value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        values: &Values<'_>,
        depth: usize,
    ) -> TokenStream {
        let krate = values.krate;
        // `null`: a list item the sample left to the item type.
        let example = example.filter(|example| !example.is_null());
        if !values.spend() {
            return self.spent(ty, krate);
        }
        match ty {
            TypeRef::String => {
                let text = example.and_then(Value::as_str).unwrap_or("string");
                quote!(String::from(#text))
            }
            TypeRef::Integer(_) => {
                let number = example.and_then(Value::as_i64).unwrap_or(1);
                let literal = proc_macro2::Literal::i64_unsuffixed(number);
                quote!(#literal)
            }
            TypeRef::Number(_) => {
                let number = example.and_then(Value::as_f64).unwrap_or(1.0);
                let literal = proc_macro2::Literal::f64_unsuffixed(number);
                quote!(#literal)
            }
            TypeRef::Boolean => {
                let flag = example.and_then(Value::as_bool).unwrap_or(false);
                quote!(#flag)
            }
            TypeRef::DateTime => quote!(::chrono::Utc::now()),
            TypeRef::Date => quote!(::chrono::NaiveDate::default()),
            TypeRef::Uuid => quote!(::uuid::Uuid::nil()),
            TypeRef::Bytes => quote!(b"example".to_vec()),
            TypeRef::File => {
                quote!(#krate::FilePart::new(b"example".to_vec()).file_name("example.txt"))
            }
            TypeRef::List(item) => {
                const NO_EXAMPLE: &Value = &Value::Null;
                let items: Vec<&Value> = match example.and_then(Value::as_array) {
                    Some(items) if values.for_tests => items.iter().take(MAX_ITEMS).collect(),
                    Some(items) => items.iter().take(1).collect(),
                    None if values.for_tests => vec![NO_EXAMPLE],
                    None => Vec::new(),
                };
                if items.is_empty() || depth >= MAX_DEPTH {
                    quote!(Vec::new())
                } else {
                    let items = items
                        .into_iter()
                        .map(|example| self.value(item, Some(example), values, depth + 1));
                    quote!(vec![#(#items),*])
                }
            }
            TypeRef::Map(_) => quote!(Default::default()),
            TypeRef::Tuple(members) => {
                let members = members
                    .iter()
                    .map(|m| self.value(m, None, values, depth + 1));
                quote!((#(#members,)*))
            }
            TypeRef::Any => quote!(::serde_json::json!({})),
            TypeRef::Nullable(inner) => {
                let inner = self.value(inner, example, values, depth + 1);
                quote!(Some(#inner))
            }
            TypeRef::Named(id) => self.named_value(id.0, example, values, depth),
        }
    }

    /// A value of `ty` once the budget is spent: the shortest spelling there is, or
    /// `todo!()` for types that have none.
    fn spent(&self, ty: &TypeRef, krate: &proc_macro2::Ident) -> TokenStream {
        match ty {
            TypeRef::String => quote!(String::new()),
            TypeRef::Integer(_) => quote!(1),
            TypeRef::Number(_) => quote!(1.0),
            TypeRef::Boolean => quote!(false),
            TypeRef::List(_) => quote!(Vec::new()),
            TypeRef::Map(_) => quote!(Default::default()),
            TypeRef::Any => quote!(::serde_json::Value::Null),
            TypeRef::Named(id) => {
                let type_def = &self.api.types[id.0];
                match &type_def.kind {
                    TypeKind::Struct {
                        fields,
                        multipart: false,
                        ..
                    } if fields.iter().all(Field::optional) => {
                        let name = ident(&type_def.name.rust);
                        quote!(#krate::#name::default())
                    }
                    TypeKind::Alias(inner) => self.spent(inner, krate),
                    _ => quote!(todo!()),
                }
            }
            _ => quote!(todo!()),
        }
    }

    fn named_value(
        &self,
        index: usize,
        example: Option<&Value>,
        values: &Values<'_>,
        depth: usize,
    ) -> TokenStream {
        let krate = values.krate;
        let type_def = &self.api.types[index];
        let name = ident(&type_def.name.rust);
        let example = example
            .or(type_def.example.as_ref())
            .or(type_def.sample.as_ref());
        match &type_def.kind {
            TypeKind::StringEnum { variants } => {
                let chosen = example
                    .and_then(Value::as_str)
                    .and_then(|wire| variants.iter().find(|v| v.original == wire))
                    .or(variants.first());
                match chosen {
                    Some(variant) => {
                        let variant = ident(&variant.rust);
                        quote!(#krate::#name::#variant)
                    }
                    None => quote!(#krate::#name::Unknown(String::new())),
                }
            }
            TypeKind::IntegerEnum { variants } => match variants.first() {
                Some((variant, _)) => {
                    let variant = ident(variant);
                    quote!(#krate::#name::#variant)
                }
                None => quote!(#krate::#name::Unknown(0)),
            },
            TypeKind::Alias(inner) => self.value(inner, example, values, depth + 1),
            // Results by status are only returned, never built by callers.
            TypeKind::ByStatus { .. } => quote!(todo!()),
            TypeKind::Union { variants, tag } => {
                // The alternative the example is a value of (its payload spelled from the
                // example), else the first one.
                let fitting = example.and_then(|example| {
                    variants
                        .iter()
                        .find(|variant| {
                            let kind_of = |id: crate::ir::TypeId| Some(&self.api.types[id.0].kind);
                            variant.ty.fits(example, &kind_of, false, 0)
                        })
                        .map(|variant| (variant, Some(example)))
                });
                match fitting.or_else(|| variants.first().map(|variant| (variant, None))) {
                    Some((variant, variant_example)) if depth < MAX_DEPTH => {
                        let variant_name = ident(&variant.name.rust);
                        let mut payload =
                            self.value(&variant.ty, variant_example, values, depth + 1);
                        if variant.boxed {
                            // `Box::new(T::default())` is `Box::default()` (clippy's `box_default`).
                            payload = if payload.to_string().ends_with(":: default ()") {
                                quote!(Box::default())
                            } else {
                                quote!(Box::new(#payload))
                            };
                        }
                        quote!(#krate::#name::#variant_name(#payload))
                    }
                    _ if tag.is_some() => quote!(#krate::#name::Unknown(::serde_json::json!({}))),
                    _ => quote!(todo!()),
                }
            }
            TypeKind::Struct { fields, .. } => {
                let required: Vec<&Field> = fields.iter().filter(|f| !f.optional()).collect();
                if required.is_empty() {
                    return quote!(#krate::#name::default());
                }
                if depth >= MAX_DEPTH {
                    return quote!(todo!());
                }
                // Structs are `#[non_exhaustive]`: built with `new(required…)`.
                let args = required.iter().map(|field| {
                    let field_example = example
                        .and_then(|e| e.get(&field.name.original))
                        .or(field.example.as_ref());
                    self.arg_value(&field.ty, field_example, values, depth + 1)
                });
                quote!(#krate::#name::new(#(#args),*))
            }
        }
    }
}
