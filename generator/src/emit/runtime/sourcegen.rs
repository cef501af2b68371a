//! Writes `prepared.rs` and `prepared/`: each runtime source without its tests and its
//! private docs, formatted by prettyplease, with the line ranges of its gated nodes (see
//! [`super::assemble`]). Run by `cargo test -p generator`: when the runtime changed, the
//! test rewrites the files and fails, so the change is committed with them.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Meta, punctuated::Punctuated};

use super::{SOURCES, drop_private_docs, skip_rustfmt, without_tests};

/// The folder of `prepared.rs`, from the generator crate's root.
const FOLDER: &str = "src/emit/runtime";

/// One gate found in the formatted text: attribute lines, node lines, predicate.
struct Found {
    attr: (u32, u32),
    cut: TokenStream,
    node: (u32, u32),
    pred: TokenStream,
}

/// The formatted text of a runtime source and its gates and public names.
fn prepare(path: &str, source: &str) -> Result<(String, TokenStream), String> {
    let mut file =
        syn::parse_file(without_tests(source)).map_err(|error| format!("{path}: {error}"))?;
    drop_private_docs(&mut file.items);
    skip_rustfmt(&mut file);
    let text = prettyplease::unparse(&file);
    // Parsed again, the formatted text gives every node its lines.
    let mut formatted = syn::parse_file(&text).map_err(|error| format!("{path}: {error}"))?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut collector = Collector {
        lines: &lines,
        found: Vec::new(),
        error: None,
    };
    collector.retain_items(&mut formatted.items);
    collector.visit_file_mut(&mut formatted);
    if let Some(error) = collector.error {
        return Err(format!("{path}: {error}"));
    }
    let mut found = collector.found;
    found.sort_by_key(|gate| (gate.node.0, std::cmp::Reverse(gate.node.1), gate.attr.0));
    let gates = found.iter().map(|gate| {
        let number = proc_macro2::Literal::u32_unsuffixed;
        let (a0, a1, n0, n1, cut, pred) = (
            number(gate.attr.0),
            number(gate.attr.1),
            number(gate.node.0),
            number(gate.node.1),
            &gate.cut,
            &gate.pred,
        );
        quote!(Gate { attr: (#a0, #a1), cut: #cut, node: (#n0, #n1), pred: #pred })
    });
    let public = formatted.items.iter().filter_map(|item| {
        let ident = super::public_ident(item)?;
        let name = ident.to_string();
        let line = proc_macro2::Literal::u32_unsuffixed(line_of(ident.span().start().line));
        Some(quote!((#name, #line)))
    });
    let text_file = format!("prepared/{}.txt", path.replace('/', "__"));
    let entry = quote! {
        File {
            path: #path,
            text: include_str!(#text_file),
            gates: &[#(#gates),*],
            public: &[#(#public),*],
        }
    };
    Ok((text, entry))
}

/// A 1-based line number as a 0-based index.
fn line_of(line: usize) -> u32 {
    u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX)
}

/// The predicate of a `cfg` attribute as a `Pred` value.
fn pred(meta: &Meta) -> Result<TokenStream, String> {
    match meta {
        Meta::Path(path) if path.is_ident("generated") => Ok(quote!(Pred::Generated)),
        Meta::Path(path) if path.is_ident("test") => Ok(quote!(Pred::Test)),
        Meta::NameValue(pair) if pair.path.is_ident("feature") => match &pair.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            }) => {
                let name = name.value();
                Ok(quote!(Pred::Feature(#name)))
            }
            _ => Err("`feature` needs a string".to_string()),
        },
        Meta::List(list) => {
            let inner: Punctuated<Meta, syn::Token![,]> = list
                .parse_args_with(Punctuated::parse_terminated)
                .map_err(|error| error.to_string())?;
            let inner = inner.iter().map(pred).collect::<Result<Vec<_>, _>>()?;
            match list.path.get_ident().map(ToString::to_string).as_deref() {
                Some("not") if inner.len() == 1 => {
                    let inner = &inner[0];
                    Ok(quote!(Pred::Not(&#inner)))
                }
                Some("all") => Ok(quote!(Pred::All(&[#(#inner),*]))),
                Some("any") => Ok(quote!(Pred::Any(&[#(#inner),*]))),
                _ => Err(format!("unknown predicate `{}`", quote!(#list))),
            }
        }
        other => Err(format!("unknown predicate `{}`", quote!(#other))),
    }
}

/// Finds the gated nodes where [`super::cfg`] looks for them.
struct Collector<'a> {
    lines: &'a [&'a str],
    found: Vec<Found>,
    error: Option<String>,
}

impl Collector<'_> {
    /// Records the `cfg` attributes of a node spanning `span`; each must fill its own
    /// lines, and so must the node, so that dropping lines drops exactly them.
    fn node(&mut self, attrs: &[Attribute], span: proc_macro2::Span) {
        let cfgs: Vec<&Attribute> = attrs.iter().filter(|a| a.path().is_ident("cfg")).collect();
        if cfgs.is_empty() || self.error.is_some() {
            return;
        }
        let start = attrs.first().map_or(span.start(), |a| a.span().start());
        let node = (line_of(start.line), line_of(span.end().line));
        if let Err(error) = self.whole_lines(start, span.end(), ",") {
            self.error = Some(format!("gated node at line {}: {error}", start.line));
            return;
        }
        for attr in cfgs {
            let (first, last) = (attr.span().start(), attr.span().end());
            // On lines of its own, or (prettyplease writes some statements' attributes
            // so) at the start of the node's line: then the attribute and the space after
            // it are cut from the line.
            let cut = if self.whole_lines(first, last, "").is_ok() {
                quote!(Cut::Lines)
            } else if first.line == last.line {
                let text = self.lines.get(first.line - 1).copied().unwrap_or("");
                let byte = |column: usize| {
                    text.char_indices()
                        .nth(column)
                        .map_or(text.len(), |(at, _)| at)
                };
                let (from, to) = (byte(first.column), byte(last.column));
                let to = if text[to..].starts_with(' ') {
                    to + 1
                } else {
                    to
                };
                let (from, to) = (
                    proc_macro2::Literal::u32_unsuffixed(u32::try_from(from).unwrap_or(0)),
                    proc_macro2::Literal::u32_unsuffixed(u32::try_from(to).unwrap_or(0)),
                );
                quote!(Cut::Within(#from, #to))
            } else {
                self.error = Some(format!(
                    "cfg at line {}: spans lines shared with code",
                    first.line
                ));
                return;
            };
            match attr
                .parse_args::<Meta>()
                .map_err(|e| e.to_string())
                .and_then(|m| pred(&m))
            {
                Ok(pred) => self.found.push(Found {
                    attr: (line_of(first.line), line_of(last.line)),
                    cut,
                    node,
                    pred,
                }),
                Err(error) => {
                    self.error = Some(format!("cfg at line {}: {error}", first.line));
                    return;
                }
            }
        }
    }

    /// Whether the text from `start` to `end` has its lines to itself (only blanks before
    /// it, only blanks or `trailer` after it).
    fn whole_lines(
        &self,
        start: proc_macro2::LineColumn,
        end: proc_macro2::LineColumn,
        trailer: &str,
    ) -> Result<(), String> {
        let line = |number: usize| {
            self.lines
                .get(number.wrapping_sub(1))
                .copied()
                .unwrap_or("")
        };
        let before: String = line(start.line).chars().take(start.column).collect();
        let after: String = line(end.line).chars().skip(end.column).collect();
        let after = after.trim_end();
        if !before.trim().is_empty() || !(after.is_empty() || after == trailer) {
            return Err(format!(
                "shares a line with other code ({:?} before, {after:?} after)",
                before.trim()
            ));
        }
        Ok(())
    }

    fn retain_items(&mut self, items: &mut [syn::Item]) {
        for item in items {
            if let Some(attrs) = super::cfg::item_attrs(item) {
                let attrs = attrs.clone();
                self.node(&attrs, item.span());
            }
        }
    }
}

impl VisitMut for Collector<'_> {
    fn visit_item_mod_mut(&mut self, node: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut node.content {
            self.retain_items(items);
        }
        visit_mut::visit_item_mod_mut(self, node);
    }

    fn visit_item_impl_mut(&mut self, node: &mut syn::ItemImpl) {
        for item in &mut node.items {
            if let Some(attrs) = super::cfg::impl_item_attrs(item) {
                let attrs = attrs.clone();
                self.node(&attrs, item.span());
            }
        }
        visit_mut::visit_item_impl_mut(self, node);
    }

    fn visit_item_trait_mut(&mut self, node: &mut syn::ItemTrait) {
        for item in &mut node.items {
            if let Some(attrs) = super::cfg::trait_item_attrs(item) {
                let attrs = attrs.clone();
                self.node(&attrs, item.span());
            }
        }
        visit_mut::visit_item_trait_mut(self, node);
    }

    fn visit_fields_named_mut(&mut self, node: &mut syn::FieldsNamed) {
        for field in &node.named {
            self.node(&field.attrs, field.span());
        }
        visit_mut::visit_fields_named_mut(self, node);
    }

    fn visit_item_enum_mut(&mut self, node: &mut syn::ItemEnum) {
        for variant in &node.variants {
            self.node(&variant.attrs, variant.span());
        }
        visit_mut::visit_item_enum_mut(self, node);
    }

    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        for field in &node.fields {
            self.node(&field.attrs, field.span());
        }
        visit_mut::visit_expr_struct_mut(self, node);
    }

    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        for arm in &node.arms {
            self.node(&arm.attrs, arm.span());
        }
        visit_mut::visit_expr_match_mut(self, node);
    }

    fn visit_block_mut(&mut self, node: &mut syn::Block) {
        for stmt in &mut node.stmts {
            if let Some(attrs) = super::cfg::stmt_attrs(stmt) {
                let attrs = attrs.clone();
                self.node(&attrs, stmt.span());
            }
        }
        visit_mut::visit_block_mut(self, node);
    }
}

/// `prepared.rs` and the text files, by path under [`FOLDER`].
fn prepared_files() -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for (path, source) in SOURCES {
        let (text, entry) = prepare(path, source)?;
        files.push((format!("prepared/{}.txt", path.replace('/', "__")), text));
        entries.push(entry);
    }
    let module = quote! {
        use super::assemble::{Cut, File, Gate, Pred};

        /// The runtime files, formatted, with their gates.
        pub(super) const FILES: &[File] = &[#(#entries),*];
    };
    let syntax = syn::parse2(module).map_err(|error| error.to_string())?;
    let mut rust = String::new();
    let _ = writeln!(
        rust,
        "// @generated by `cargo test -p generator` (emit::runtime::sourcegen) from `runtime/src`. Do not edit."
    );
    rust.push_str(&prettyplease::unparse(&syntax));
    files.push(("prepared.rs".to_string(), rust));
    Ok(files)
}

#[test]
fn prepared_runtime_is_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FOLDER);
    let files = prepared_files().unwrap_or_else(|error| panic!("{error}"));
    let mut stale = Vec::new();
    let folder = root.join("prepared");
    // Text files no source writes any more go too.
    if let Ok(entries) = std::fs::read_dir(&folder) {
        for entry in entries.flatten() {
            let name = format!("prepared/{}", entry.file_name().to_string_lossy());
            if !files.iter().any(|(path, _)| *path == name) {
                let _ = std::fs::remove_file(entry.path());
                stale.push(name);
            }
        }
    }
    std::fs::create_dir_all(&folder).expect("creates prepared/");
    for (path, text) in &files {
        let target = root.join(path);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&target, text).expect("writes a prepared file");
            stale.push(path.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "the prepared runtime was out of date and has been rewritten: {stale:?}; commit it"
    );
}
