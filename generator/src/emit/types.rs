//! Schemas → `types.rs`: structs, open enums, unions and aliases.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Emitter, docs, ident};
use crate::escape::Markdown;
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, Variant};
use crate::md;

impl Emitter<'_> {
    /// The `types` module.
    pub fn types_module(&self) -> TokenStream {
        self.types_part(0..self.api.types.len())
    }

    /// The types of `types.rs` in `range`, with the module doc when the range starts at the
    /// first type.
    pub fn types_part(&self, range: std::ops::Range<usize>) -> TokenStream {
        let module_doc = (range.start == 0).then(|| {
            // Modules, not their items: lower-case names cannot collide with a schema's type
            // (GitHub's spec has a `Key`). The runtime's macros and helpers are reached
            // through `runtime`: by every struct, enum and union.
            let uses_runtime = self
                .api
                .types
                .iter()
                .enumerate()
                .any(|(index, type_def)| self.shared(index) && uses_runtime(type_def));
            let imports = uses_runtime.then(|| {
                quote!(
                    use super::runtime;
                )
            });
            let doc = if self
                .api
                .types
                .iter()
                .enumerate()
                .any(|(index, _)| !self.shared(index))
            {
                quote!(
                    //! Data types of the API, one per schema; those of one API group only are in its module, compiled with its feature.
                )
            } else {
                quote!(
                    //! Data types of the API, one per schema.
                )
            };
            quote! {
                #doc
                #imports
            }
        });
        // A `multipart/form-data` body is built for a request: without operations (types
        // only) it has no use, and no runtime to encode it.
        let calls = self.runtime.pieces.has(super::runtime::Piece::Operations);
        let empty = TokenStream::new();
        let items = self.api.types[range.clone()]
            .iter()
            .zip(range)
            .filter(|(type_def, index)| {
                self.shared(*index)
                    && (calls
                        || !matches!(
                            type_def.kind,
                            TypeKind::Struct {
                                multipart: true,
                                ..
                            }
                        ))
            })
            .map(|(type_def, _)| self.type_def(type_def, &empty));
        quote! {
            #module_doc
            #(#items)*
        }
    }

    /// The types only the group at `index` uses, for its module (which reaches the others
    /// as `types::…`).
    pub fn group_types(&self, index: usize) -> TokenStream {
        let prefix = quote!(types::);
        let items = self
            .api
            .types
            .iter()
            .zip(&self.homes)
            .filter(|(_, home)| **home == Some(index))
            .map(|(type_def, _)| self.type_def(type_def, &prefix));
        quote!(#(#items)*)
    }

    /// The items of one type; `prefix` reaches the types of `types.rs` from where they are
    /// written (nothing in `types.rs`, `types::` in a group's module).
    fn type_def(&self, type_def: &TypeDef, prefix: &TokenStream) -> TokenStream {
        let name = ident(&type_def.name.rust);
        let mut extra = Vec::new();
        if !type_def.name.original.is_empty() && type_def.name.original != type_def.name.rust {
            extra.push(md!("Schema {}.", Markdown::code(&type_def.name.original)));
        }
        if let Some(example) = &type_def.example {
            extra.push(md!("# Example\n{}", Markdown::json_block(example)));
        }
        // How values outside the declared ones are read.
        extra.push(match &type_def.kind {
            TypeKind::StringEnum { .. } => Markdown::lit(
                "Open enum: values this SDK does not know yet decode into `Unknown` and encode back unchanged.",
            ),
            TypeKind::IntegerEnum { .. } => Markdown::lit(
                "Open enum: values this SDK does not know yet decode into `Unknown`.",
            ),
            TypeKind::Union { tag: None, .. } => {
                Markdown::lit("Decoding tries the variants in order and keeps the first that fits.")
            }
            _ => Markdown::lit(""),
        });
        let doc = docs::doc(&type_def.docs, &extra);
        match &type_def.kind {
            TypeKind::Struct {
                fields,
                multipart: true,
                ..
            } => self.multipart_struct(&name, &doc, fields),
            TypeKind::Struct {
                fields, additional, ..
            } => self.struct_def(&name, &doc, fields, additional.as_ref(), prefix),
            TypeKind::StringEnum { variants } => self.string_enum(&name, &doc, variants),
            TypeKind::IntegerEnum { variants } => integer_enum(&name, &doc, variants),
            TypeKind::Union {
                tag: Some(tag),
                variants,
            } => self.tagged_union(&name, &doc, tag, variants, prefix),
            TypeKind::Union {
                tag: None,
                variants,
            } => self.untagged_union(&name, &doc, variants, prefix),
            TypeKind::ByStatus { variants } => {
                let arms = variants.iter().map(|variant| {
                    let variant_name = ident(&variant.name);
                    let text = docs::line(md!("The {} response.", Markdown::code(&variant.status)));
                    match &variant.ty {
                        Some(ty) => {
                            let mut payload = self.ty(ty, prefix);
                            if variant.boxed {
                                payload = quote!(Box<#payload>);
                            }
                            quote!(#text #variant_name(#payload),)
                        }
                        None => quote!(#text #variant_name,),
                    }
                });
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    #[non_exhaustive]
                    pub enum #name {
                        #(#arms)*
                    }
                }
            }
            TypeKind::Alias(ty) => {
                let ty = self.ty(ty, prefix);
                quote! {
                    #doc
                    pub type #name = #ty;
                }
            }
        }
    }

    /// The Rust type of a field as declared (with `Option` and `Box`).
    pub fn field_type(&self, field: &Field, prefix: &TokenStream) -> TokenStream {
        let mut ty = self.ty(&field.ty, prefix);
        if field.boxed {
            ty = quote!(Box<#ty>);
        }
        if field.explicit_null {
            ty = quote!(runtime::Nullable<#ty>);
        }
        if field.optional() {
            ty = quote!(Option<#ty>);
        }
        ty
    }

    /// A `multipart/form-data` body: plain fields (files are `FilePart`s, which serde
    /// cannot carry) and the encoder the operation calls.
    fn multipart_struct(&self, name: &Ident, doc: &TokenStream, fields: &[Field]) -> TokenStream {
        let empty = TokenStream::new();
        let field_tokens = fields.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            let ty = self.field_type(field, &empty);
            let extra = vec![md!("Form field {}.", Markdown::code(&field.name.original))];
            let doc = docs::doc(&field.docs, &extra);
            quote!(#doc pub #field_name: #ty,)
        });
        let parts = fields.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            let wire = &field.name.original;
            let (is_file, is_list) = match &field.ty {
                TypeRef::File => (true, false),
                TypeRef::List(item) => (**item == TypeRef::File, true),
                _ => (false, false),
            };
            match (is_file, is_list, field.optional()) {
                (true, false, false) => quote!(form.file(#wire, &self.#field_name)?;),
                (true, false, true) => quote! {
                    if let Some(part) = &self.#field_name {
                        form.file(#wire, part)?;
                    }
                },
                (true, true, false) => quote! {
                    for part in &self.#field_name {
                        form.file(#wire, part)?;
                    }
                },
                (true, true, true) => quote! {
                    for part in self.#field_name.iter().flatten() {
                        form.file(#wire, part)?;
                    }
                },
                (false, _, _) => quote!(form.text(#wire, &self.#field_name)?;),
            }
        });
        let constructor = self.constructor(name, fields, false, &empty);
        let mutability = (!fields.is_empty()).then(|| quote!(mut));
        let default = fields.iter().all(Field::optional).then(|| quote!(Default,));
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default)]
            #[non_exhaustive]
            pub struct #name {
                #(#field_tokens)*
            }
            #constructor
            impl #name {
                /// Encodes the form.
                pub(crate) fn to_multipart(&self) -> Result<super::runtime::Multipart, super::error::Error> {
                    let #mutability form = super::runtime::Multipart::new();
                    #(#parts)*
                    Ok(form)
                }
            }
        }
    }

    fn struct_def(
        &self,
        name: &Ident,
        doc: &TokenStream,
        fields: &[Field],
        additional: Option<&TypeRef>,
        prefix: &TokenStream,
    ) -> TokenStream {
        let field_tokens = fields.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            let ty = self.field_type(field, prefix);
            let mut extra = Vec::new();
            if field.required && field.nullable {
                extra.push(Markdown::lit("Required, but may be `null`."));
            }
            let doc = docs::doc(&field.docs, &extra);
            quote! {
                #doc
                pub #field_name: #ty,
            }
        });
        let additional_field = additional.map(|ty| {
            let ty = self.ty(ty, prefix);
            quote! {
                /// Properties not declared in the schema.
                pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
            }
        });
        let all_optional = fields.iter().all(Field::optional);
        let default = all_optional.then(|| quote!(, Default));
        let constructor = self.constructor(name, fields, additional.is_some(), prefix);
        let serde = object_impls(name, fields, additional.is_some());
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq #default)]
            #[non_exhaustive]
            pub struct #name {
                #(#field_tokens)*
                #additional_field
            }
            #constructor
            #serde
        }
    }

    /// `new(required fields…)`, with every optional field `None` (`Self::default()` when
    /// there are no required fields: such a struct derives `Default`). Every struct has one,
    /// whatever the number of required fields: structs are `#[non_exhaustive]`, so it is
    /// how code outside the crate builds them, and new optional fields leave it unchanged.
    fn constructor(
        &self,
        name: &Ident,
        fields: &[Field],
        has_additional: bool,
        prefix: &TokenStream,
    ) -> TokenStream {
        let required: Vec<&Field> = fields.iter().filter(|f| !f.optional()).collect();
        let allow = (required.len() > 7).then(|| {
            quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required field of the schema")])
        });
        let params = required.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            let ty = self.ty(&field.ty, prefix);
            if field.ty == TypeRef::String {
                quote!(#field_name: impl Into<String>)
            } else {
                quote!(#field_name: #ty)
            }
        });
        let inits = fields.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            if field.optional() {
                quote!(#field_name: None)
            } else {
                let mut value = if field.ty == TypeRef::String {
                    quote!(#field_name.into())
                } else {
                    quote!(#field_name)
                };
                if field.boxed {
                    value = quote!(Box::new(#value));
                }
                if field.ty == TypeRef::String || field.boxed {
                    quote!(#field_name: #value)
                } else {
                    quote!(#field_name)
                }
            }
        });
        let additional = has_additional
            .then(|| quote!(additional_properties: ::std::collections::BTreeMap::new(),));
        let doc = docs::line(if required.is_empty() {
            md!(
                "A `{}` with every field empty.",
                Markdown::ident(&name.to_string())
            )
        } else {
            md!(
                "A `{}` with the required fields set and every optional field empty.",
                Markdown::ident(&name.to_string())
            )
        });
        // Without required fields the struct derives `Default`, which is the same value.
        let body = if required.is_empty() {
            quote!(Self::default())
        } else {
            quote!(Self { #(#inits,)* #additional })
        };
        quote! {
            impl #name {
                #doc
                #allow
                pub fn new(#(#params),*) -> Self {
                    #body
                }
            }
        }
    }

    fn string_enum(
        &self,
        name: &Ident,
        doc: &TokenStream,
        variants: &[crate::ir::Name],
    ) -> TokenStream {
        let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.rust)).collect();
        let wires: Vec<&String> = variants.iter().map(|v| &v.original).collect();
        let variant_docs = variants
            .iter()
            .map(|v| docs::line(Markdown::code(&v.original)));
        let allow =
            needs_variant_name_allow(&name.to_string(), variants.iter().map(|v| v.rust.as_str()));
        quote! {
            #doc
            #allow
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub enum #name {
                #(#variant_docs #idents,)*
                /// A value not known when this SDK was generated.
                Unknown(String),
            }

            runtime::open_enum! {
                #name: #(#idents #wires,)*
            }
        }
    }

    fn variant_payload(&self, variant: &Variant, prefix: &TokenStream) -> TokenStream {
        let ty = self.ty(&variant.ty, prefix);
        if variant.boxed { quote!(Box<#ty>) } else { ty }
    }

    fn untagged_union(
        &self,
        name: &Ident,
        doc: &TokenStream,
        variants: &[Variant],
        prefix: &TokenStream,
    ) -> TokenStream {
        let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.name.rust)).collect();
        let payloads = variants.iter().map(|v| self.variant_payload(v, prefix));
        let variant_docs = variants
            .iter()
            .map(|v| docs::line(md!("The value is a {}.", Markdown::code(&v.name.rust))));
        let allow = needs_variant_name_allow(
            &name.to_string(),
            variants.iter().map(|v| v.name.rust.as_str()),
        );
        quote! {
            #doc
            #allow
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variant_docs #idents(#payloads),)*
            }
            runtime::one_of! {
                #name: #(#idents,)*
            }
        }
    }

    fn tagged_union(
        &self,
        name: &Ident,
        doc: &TokenStream,
        tag: &str,
        variants: &[Variant],
        prefix: &TokenStream,
    ) -> TokenStream {
        let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.name.rust)).collect();
        let wires: Vec<&String> = variants.iter().map(|v| &v.name.original).collect();
        // Every value that selects the variant, for decoding. A value two variants claim
        // (a mapping entry naming another variant's schema, a schema listed twice) selects
        // the first of them; a variant left with no value of its own has no arm, so no arm
        // is unreachable.
        let mut claimed = std::collections::BTreeSet::new();
        let arms: Vec<TokenStream> = variants
            .iter()
            .zip(&idents)
            .filter_map(|(v, ident)| {
                let values: Vec<&String> = std::iter::once(&v.name.original)
                    .chain(&v.other_tags)
                    .filter(|value| claimed.insert(value.as_str()))
                    .collect();
                (!values.is_empty()).then(|| {
                    quote!(#(Some(#values))|* => ::serde_json::from_value(value).map(Self::#ident),)
                })
            })
            .collect();
        let payloads = variants.iter().map(|v| self.variant_payload(v, prefix));
        let variant_docs = variants.iter().map(|v| {
            let values = Markdown::join(
                std::iter::once(&v.name.original)
                    .chain(&v.other_tags)
                    .map(|value| Markdown::code(value)),
                " or ",
            );
            docs::line(md!("{} is {}.", Markdown::code(tag), values))
        });
        let allow = needs_variant_name_allow(
            &name.to_string(),
            variants.iter().map(|v| v.name.rust.as_str()),
        );
        let unknown_doc = docs::line(md!(
            "A {} value not known when this SDK was generated, kept as JSON.",
            Markdown::code(tag)
        ));
        quote! {
            #doc
            #allow
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variant_docs #idents(#payloads),)*
                #unknown_doc
                Unknown(::serde_json::Value),
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(Self::#idents(value) => runtime::serialize_tagged(value, #tag, #wires, serializer),)*
                        Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let result = match value.get(#tag).and_then(::serde_json::Value::as_str) {
                        #(#arms)*
                        _ => return Ok(Self::Unknown(value)),
                    };
                    result.map_err(::serde::de::Error::custom)
                }
            }
        }
    }
}

fn integer_enum(name: &Ident, doc: &TokenStream, variants: &[(String, i64)]) -> TokenStream {
    let idents: Vec<Ident> = variants.iter().map(|(rust, _)| ident(rust)).collect();
    let values: Vec<i64> = variants.iter().map(|(_, value)| *value).collect();
    let variant_docs = values
        .iter()
        .map(|value| docs::line(Markdown::number(value)));
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value not known when this SDK was generated.
            Unknown(i64),
        }

        runtime::int_enum! {
            #name: #(#idents #values,)*
        }
    }
}

/// How a field is sent and read (the mode `runtime::object!` takes): `required`, `explicit`
/// (`Option<Nullable<T>>`), `nullable` (required, may be `null`) or `optional`. The
/// runtime pieces an API needs follow from it too.
pub(crate) fn field_mode(field: &Field) -> &'static str {
    if !field.optional() {
        "required"
    } else if field.explicit_null {
        "explicit"
    } else if field.required {
        "nullable"
    } else {
        "optional"
    }
}

/// The `Serialize`, `Deserialize` and `FromMap` impls of a struct: one `runtime::object!`
/// call listing each field's wire name and how it is sent and read.
fn object_impls(name: &Ident, fields: &[Field], additional: bool) -> TokenStream {
    let entries = fields.iter().enumerate().map(|(index, field)| {
        let field_name = ident(&field.name.rust);
        let wire = &field.name.original;
        let mode = ident(field_mode(field));
        // Without additional properties, keys are read as field indexes (no copy of the
        // name); with them, as names, since unknown ones are kept.
        let index = (!additional).then(|| proc_macro2::Literal::usize_unsuffixed(index));
        // Numbers and date-times are read leniently (numbers sent as strings, date-times
        // without an offset); see `runtime::Lenient`.
        let lenient = field.ty.reads_leniently().then(|| quote!(lenient));
        quote!(#index #field_name #wire #mode #lenient,)
    });
    let rest = additional.then(|| quote!(..additional_properties));
    quote! {
        runtime::object! {
            #name: #(#entries)* #rest
        }
    }
}

/// Words of an UpperCamel identifier.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() || words.is_empty() {
            words.push(c.to_string());
        } else if let Some(last) = words.last_mut() {
            last.push(c);
        }
    }
    words
}

/// clippy's `enum_variant_names` fires when every variant shares a first or last word,
/// or a variant repeats the enum's name; the names come from the spec, so allow it there.
fn needs_variant_name_allow<'a>(
    enum_name: &str,
    variants: impl Iterator<Item = &'a str>,
) -> Option<TokenStream> {
    let names: Vec<&str> = variants.collect();
    let words: Vec<Vec<String>> = names.iter().map(|n| camel_words(n)).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        names.len() >= 3 && words.iter().all(|w| w.len() > 1) && {
            let first = words.first().and_then(pick);
            first.is_some() && words.iter().all(|w| pick(w) == first)
        }
    };
    let lower_enum = enum_name.to_ascii_lowercase();
    let repeats_enum = names.iter().any(|n| {
        let lower = n.to_ascii_lowercase();
        lower.len() > lower_enum.len()
            && (lower.starts_with(&lower_enum) || lower.ends_with(&lower_enum))
    });
    (shared(|w| w.first()) || shared(|w| w.last()) || repeats_enum)
        .then(|| quote!(#[allow(clippy::enum_variant_names, reason = "variant names come from the spec")]))
}

/// Whether the items of a type reach the runtime (its macros, `Nullable`, the tagged
/// union's encoder): every struct but a multipart body, enum and union.
fn uses_runtime(type_def: &TypeDef) -> bool {
    match &type_def.kind {
        TypeKind::Struct { multipart, .. } => !multipart,
        TypeKind::StringEnum { .. } | TypeKind::IntegerEnum { .. } | TypeKind::Union { .. } => true,
        TypeKind::Alias(_) | TypeKind::ByStatus { .. } => false,
    }
}
