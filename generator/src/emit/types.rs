//! Schemas → `types.rs`: structs, open enums, unions and aliases.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Emitter, docs, ident};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, Variant};

impl Emitter<'_> {
    /// The `types` module.
    pub fn types_module(&self) -> TokenStream {
        self.types_part(0..self.api.types.len())
    }

    /// The types in `range`, with the module doc when the range starts at the first type.
    pub fn types_part(&self, range: std::ops::Range<usize>) -> TokenStream {
        let module_doc = (range.start == 0).then(|| {
            // Modules, not their items: lower-case names cannot collide with a schema's type
            // (GitHub's spec has a `Key`).
            let pieces = &self.runtime.pieces;
            let de = pieces.has(super::runtime::Piece::Structs).then(|| {
                quote!(
                    use ::serde::de;
                )
            });
            let runtime = (pieces.has(super::runtime::Piece::Structs)
                || pieces.has(super::runtime::Piece::StringEnums))
            .then(|| {
                quote!(
                    use super::runtime;
                )
            });
            let imports = quote! {
                #de
                #runtime
            };
            quote! {
                //! Data types of the API, one per schema.
                #imports
            }
        });
        let items = self.api.types[range]
            .iter()
            .map(|type_def| self.type_def(type_def));
        quote! {
            #module_doc
            #(#items)*
        }
    }

    fn type_def(&self, type_def: &TypeDef) -> TokenStream {
        let name = ident(&type_def.name.rust);
        let mut extra = Vec::new();
        if !type_def.name.original.is_empty() && type_def.name.original != type_def.name.rust {
            extra.push(format!("Schema {}.", docs::code(&type_def.name.original)));
        }
        if let Some(json) = type_def
            .example
            .as_ref()
            .and_then(|e| serde_json::to_string_pretty(e).ok())
        {
            {
                extra.push("# Example".to_string());
                extra.push("```json".to_string());
                extra.extend(json.lines().map(str::to_string));
                extra.push("```".to_string());
            }
        }
        let doc = docs::doc(&type_def.docs, &extra);
        match &type_def.kind {
            TypeKind::Struct {
                fields,
                multipart: true,
                ..
            } => self.multipart_struct(&name, &doc, fields),
            TypeKind::Struct {
                fields, additional, ..
            } => self.struct_def(&name, &doc, fields, additional.as_ref()),
            TypeKind::StringEnum { variants } => self.string_enum(&name, &doc, variants),
            TypeKind::IntegerEnum { variants } => integer_enum(&name, &doc, variants),
            TypeKind::Union {
                tag: Some(tag),
                variants,
            } => self.tagged_union(&name, &doc, tag, variants),
            TypeKind::Union {
                tag: None,
                variants,
            } => self.untagged_union(&name, &doc, variants),
            TypeKind::ByStatus { variants } => {
                let arms = variants.iter().map(|variant| {
                    let variant_name = ident(&variant.name);
                    let text = format!(" The `{}` response.", variant.status);
                    match &variant.ty {
                        Some(ty) => {
                            let mut payload = self.ty(ty, &TokenStream::new());
                            if self.is_struct_like(ty) {
                                payload = quote!(Box<#payload>);
                            }
                            quote!(#[doc = #text] #variant_name(#payload),)
                        }
                        None => quote!(#[doc = #text] #variant_name,),
                    }
                });
                quote! {
                    #doc
                    #[derive(Debug, Clone, PartialEq)]
                    pub enum #name {
                        #(#arms)*
                    }
                }
            }
            TypeKind::Alias(ty) => {
                let ty = self.ty(ty, &TokenStream::new());
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
            ty = quote!(super::runtime::Nullable<#ty>);
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
            let extra = vec![format!("Form field {}.", docs::code(&field.name.original))];
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
        let constructor = self.constructor(name, fields, false);
        let mutability = (!fields.is_empty()).then(|| quote!(mut));
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq)]
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
    ) -> TokenStream {
        let empty = TokenStream::new();
        let field_tokens = fields.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            let ty = self.field_type(field, &empty);
            let mut extra = Vec::new();
            if field.required && field.nullable {
                extra.push("Required, but may be `null`.".to_string());
            }
            let doc = docs::doc(&field.docs, &extra);
            let rename = (field.name.original != field.name.rust).then(|| {
                let wire = &field.name.original;
                quote!(#[serde(rename = #wire)])
            });
            // Decoding is `FromMap` below; serde attributes only shape the encoding.
            let skip = (field.explicit_null || !field.required)
                .then(|| quote!(#[serde(skip_serializing_if = "Option::is_none")]));
            quote! {
                #doc
                #rename
                #skip
                pub #field_name: #ty,
            }
        });
        let additional_field = additional.map(|ty| {
            let ty = self.ty(ty, &empty);
            quote! {
                /// Properties not declared in the schema.
                #[serde(flatten)]
                pub additional_properties: ::std::collections::BTreeMap<String, #ty>,
            }
        });
        let all_optional = fields.iter().all(Field::optional);
        let default = all_optional.then(|| quote!(Default,));
        let constructor = self.constructor(name, fields, additional.is_some());
        let from_map = self.deserialize_impl(name, fields, additional.is_some());
        quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize)]
            pub struct #name {
                #(#field_tokens)*
                #additional_field
            }
            #constructor
            #from_map
        }
    }

    /// `Deserialize` through `runtime::FromMap`: one pass over the object's entries, each
    /// field matched by its wire name. An absent `Option` field is `None`, an absent
    /// required field is serde's `missing_field` error, unknown fields are skipped (or kept
    /// in `additional_properties`), and a repeated field keeps its last value.
    fn deserialize_impl(&self, name: &Ident, fields: &[Field], additional: bool) -> TokenStream {
        let locals: Vec<Ident> = (0..fields.len())
            .map(|i| ident(&format!("field_{i}")))
            .collect();
        // Every local flows into a field of a declared type: inference types them.
        let declarations = locals.iter().map(|local| quote!(let mut #local = None;));
        // Without additional properties, keys are read as field indexes (like serde's
        // derive: no copy of the name); with them, as names, since unknown ones are kept.
        let indexed = !additional;
        let arms = fields
            .iter()
            .zip(&locals)
            .enumerate()
            .map(|(index, (field, local))| {
                let wire = &field.name.original;
                let pattern = if indexed {
                    let index = proc_macro2::Literal::usize_unsuffixed(index);
                    quote!(#index)
                } else {
                    quote!(#wire)
                };
                // A plain `Option` field reads `null` as `None`; `Nullable` keeps it.
                if field.optional() && !field.explicit_null {
                    quote!(#pattern => #local = map.next_value()?,)
                } else {
                    quote!(#pattern => #local = Some(map.next_value()?),)
                }
            });
        let inits = fields.iter().zip(&locals).map(|(field, local)| {
            let field_name = ident(&field.name.rust);
            if field.optional() {
                quote!(#field_name: #local,)
            } else {
                let wire = &field.name.original;
                quote!(#field_name: runtime::required(#local, #wire, &map)?,)
            }
        });
        let rest = if additional {
            quote!(_ => {
                additional_properties.insert(key.into_string(), map.next_value()?);
            })
        } else {
            quote!(_ => {
                map.next_value::<de::IgnoredAny>()?;
            })
        };
        let (additional_declaration, additional_init) = if additional {
            (
                quote!(let mut additional_properties = ::std::collections::BTreeMap::new();),
                quote!(additional_properties,),
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        };
        let entries = if fields.is_empty() && !additional {
            quote! {
                while map.next_key::<de::IgnoredAny>()?.is_some() {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        } else if fields.is_empty() {
            quote! {
                while let Some(key) = map.next_key::<String>()? {
                    additional_properties.insert(key, map.next_value()?);
                }
            }
        } else if indexed {
            quote! {
                while let Some(index) = map.next_key_seed(runtime::FieldIndex::<Self>::SEED)? {
                    match index {
                        #(#arms)*
                        #rest
                    }
                }
            }
        } else {
            quote! {
                while let Some(key) = map.next_key::<runtime::Key<'de>>()? {
                    match key.as_str() {
                        #(#arms)*
                        #rest
                    }
                }
            }
        };
        let field_fn = (indexed && !fields.is_empty()).then(|| {
            let wires = fields.iter().map(|field| &field.name.original);
            let indexes = (0..fields.len()).map(proc_macro2::Literal::usize_unsuffixed);
            quote! {
                #[inline]
                fn field(name: &str) -> usize {
                    match name {
                        #(#wires => #indexes,)*
                        _ => usize::MAX,
                    }
                }
            }
        });
        let type_name = name.to_string();
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    runtime::deserialize_struct(deserializer)
                }
            }
            impl runtime::FromMap for #name {
                const NAME: &'static str = #type_name;
                #field_fn
                fn from_map<'de, A: de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                    #(#declarations)*
                    #additional_declaration
                    #entries
                    Ok(Self { #(#inits)* #additional_init })
                }
            }
        }
    }

    /// `new(required fields…)`, with every optional field `None`.
    fn constructor(
        &self,
        name: &Ident,
        fields: &[Field],
        has_additional: bool,
    ) -> Option<TokenStream> {
        let required: Vec<&Field> = fields.iter().filter(|f| !f.optional()).collect();
        if required.is_empty() || required.len() > 7 {
            return None;
        }
        let empty = TokenStream::new();
        let params = required.iter().map(|field| {
            let field_name = ident(&field.name.rust);
            let ty = self.ty(&field.ty, &empty);
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
        let doc =
            format!(" A `{name}` with the required fields set and every optional field empty.");
        Some(quote! {
            impl #name {
                #[doc = #doc]
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* #additional }
                }
            }
        })
    }

    fn string_enum(
        &self,
        name: &Ident,
        doc: &TokenStream,
        variants: &[crate::ir::Name],
    ) -> TokenStream {
        let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.rust)).collect();
        let wires: Vec<&String> = variants.iter().map(|v| &v.original).collect();
        let variant_docs = variants.iter().map(|v| {
            let text = format!(" {}", docs::code(&v.original));
            quote!(#[doc = #text])
        });
        let allow =
            needs_variant_name_allow(&name.to_string(), variants.iter().map(|v| v.rust.as_str()));
        quote! {
            #doc
            ///
            /// Open enum: values this SDK does not know yet decode into `Unknown` and encode back unchanged.
            #allow
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum #name {
                #(#variant_docs #idents,)*
                /// A value not known when this SDK was generated.
                Unknown(String),
            }

            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#idents => #wires,)*
                        Self::Unknown(value) => value,
                    }
                }
            }

            impl From<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#wires => Self::#idents,)*
                        other => Self::Unknown(other.to_string()),
                    }
                }
            }

            impl From<String> for #name {
                fn from(value: String) -> Self {
                    match Self::from(value.as_str()) {
                        Self::Unknown(_) => Self::Unknown(value),
                        known => known,
                    }
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    runtime::string_enum(deserializer)
                }
            }
        }
    }

    fn variant_payload(&self, variant: &Variant) -> TokenStream {
        let ty = self.ty(&variant.ty, &TokenStream::new());
        if variant.boxed || self.is_struct_like(&variant.ty) {
            quote!(Box<#ty>)
        } else {
            ty
        }
    }

    fn untagged_union(&self, name: &Ident, doc: &TokenStream, variants: &[Variant]) -> TokenStream {
        let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.name.rust)).collect();
        let payloads = variants.iter().map(|v| self.variant_payload(v));
        let variant_docs = variants.iter().map(|v| {
            let text = format!(" The value is a {}.", docs::code(&v.name.rust));
            quote!(#[doc = #text])
        });
        let allow = needs_variant_name_allow(
            &name.to_string(),
            variants.iter().map(|v| v.name.rust.as_str()),
        );
        quote! {
            #doc
            ///
            /// Decoding tries the variants in order and keeps the first that fits.
            #allow
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variant_docs #idents(#payloads),)*
            }
        }
    }

    fn tagged_union(
        &self,
        name: &Ident,
        doc: &TokenStream,
        tag: &str,
        variants: &[Variant],
    ) -> TokenStream {
        let idents: Vec<Ident> = variants.iter().map(|v| ident(&v.name.rust)).collect();
        let wires: Vec<&String> = variants.iter().map(|v| &v.name.original).collect();
        let payloads = variants.iter().map(|v| self.variant_payload(v));
        let variant_docs = variants.iter().map(|v| {
            let text = format!(" `{tag}` is {}.", docs::code(&v.name.original));
            quote!(#[doc = #text])
        });
        let allow = needs_variant_name_allow(
            &name.to_string(),
            variants.iter().map(|v| v.name.rust.as_str()),
        );
        let unknown_doc = format!(
            " A {} value not known when this SDK was generated, kept as JSON.",
            docs::code(tag)
        );
        quote! {
            #doc
            #allow
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variant_docs #idents(#payloads),)*
                #[doc = #unknown_doc]
                Unknown(::serde_json::Value),
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(Self::#idents(value) => super::runtime::serialize_tagged(value, #tag, #wires, serializer),)*
                        Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let result = match value.get(#tag).and_then(::serde_json::Value::as_str) {
                        #(Some(#wires) => ::serde_json::from_value(value).map(Self::#idents),)*
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
    let variant_docs = values.iter().map(|value| {
        let text = format!(" `{value}`");
        quote!(#[doc = #text])
    });
    quote! {
        #doc
        ///
        /// Open enum: values this SDK does not know yet decode into `Unknown`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variant_docs #idents,)*
            /// A value not known when this SDK was generated.
            Unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
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
