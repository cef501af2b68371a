//! `#[cfg]` attributes of the runtime sources, evaluated for one API: what belongs to a
//! piece the API does not use is removed, and the attribute of what stays is dropped.
//!
//! Understood: `feature = "<piece>"`, `generated` (true: stand-ins go), `test` (false:
//! tests stay in the runtime crate), and `all`, `any`, `not` of those. A `feature` that is
//! not a piece is a feature of the generated crate itself: its attribute is kept as it is.

use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Meta, punctuated::Punctuated};

use super::pieces::{Piece, Pieces};

/// Removes what `pieces` does not keep from `file`; an attribute the evaluator does not
/// understand is an error (a runtime source the generator cannot embed).
/// Returns whether a `cfg` on a feature of the generated crate itself was kept.
pub fn prune(file: &mut syn::File, pieces: &Pieces) -> Result<bool, String> {
    let mut pruner = Pruner {
        pieces,
        error: None,
        kept: false,
    };
    pruner.retain(&mut file.items, item_attrs);
    pruner.visit_file_mut(file);
    match pruner.error {
        Some(error) => Err(error),
        None => Ok(pruner.kept),
    }
}

/// What a `cfg` predicate says for one API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Truth {
    Yes,
    No,
    /// About the generated crate's own features: decided when the user builds it.
    Later,
}

fn evaluate(meta: &Meta, pieces: &Pieces) -> Result<Truth, String> {
    match meta {
        Meta::Path(path) if path.is_ident("generated") => Ok(Truth::Yes),
        Meta::Path(path) if path.is_ident("test") => Ok(Truth::No),
        Meta::NameValue(pair) if pair.path.is_ident("feature") => {
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            }) = &pair.value
            else {
                return Err("`feature` needs a string".to_string());
            };
            Ok(feature(&name.value(), pieces))
        }
        Meta::List(list) => {
            let name = list
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let inner: Punctuated<Meta, syn::Token![,]> = list
                .parse_args_with(Punctuated::parse_terminated)
                .map_err(|error| format!("`{}`: {error}", quote::quote!(#list)))?;
            let values = inner
                .iter()
                .map(|meta| evaluate(meta, pieces))
                .collect::<Result<Vec<_>, _>>()?;
            let combined = match name.as_str() {
                "not" if values.len() == 1 => not(values[0]),
                "all" => combine(&values, Truth::No, Truth::Yes),
                "any" => combine(&values, Truth::Yes, Truth::No),
                _ => return Err(format!("unknown predicate `{}`", quote::quote!(#list))),
            };
            Ok(combined)
        }
        other => Err(format!("unknown predicate `{}`", quote::quote!(#other))),
    }
}

/// `feature = "name"`: a piece the API uses or not, or a feature of the generated crate.
pub(super) fn feature(name: &str, pieces: &Pieces) -> Truth {
    match Piece::named(name) {
        Some(piece) if pieces.has(piece) => Truth::Yes,
        Some(_) => Truth::No,
        None => Truth::Later,
    }
}

/// `not(…)`.
pub(super) fn not(truth: Truth) -> Truth {
    match truth {
        Truth::Yes => Truth::No,
        Truth::No => Truth::Yes,
        Truth::Later => Truth::Later,
    }
}

/// `all` (decisive `No`) or `any` (decisive `Yes`); mixing pieces with the generated
/// crate's own features in one predicate is refused, as it could not be kept as written.
pub(super) fn combine(values: &[Truth], decisive: Truth, otherwise: Truth) -> Truth {
    if values.contains(&Truth::Later) {
        return Truth::Later;
    }
    if values.contains(&decisive) {
        decisive
    } else {
        otherwise
    }
}

struct Pruner<'a> {
    pieces: &'a Pieces,
    error: Option<String>,
    /// A `cfg` about the generated crate's own features was kept.
    kept: bool,
}

impl Pruner<'_> {
    /// Whether a node with these attributes stays; removes the decided `cfg`s.
    fn keep(&mut self, attrs: &mut Vec<Attribute>) -> bool {
        let mut keep = true;
        let mut failure = None;
        let mut kept_later = false;
        attrs.retain(|attr| {
            if !attr.path().is_ident("cfg") {
                return true;
            }
            let truth = attr
                .parse_args::<Meta>()
                .map_err(|error| error.to_string())
                .and_then(|meta| evaluate(&meta, self.pieces));
            match truth {
                Ok(Truth::Yes) => false,
                Ok(Truth::No) => {
                    keep = false;
                    false
                }
                Ok(Truth::Later) => {
                    kept_later = true;
                    true
                }
                Err(error) => {
                    failure = Some(error);
                    true
                }
            }
        });
        if let Some(error) = failure {
            self.error.get_or_insert(error);
        }
        self.kept |= kept_later && keep;
        keep
    }

    fn retain<T>(
        &mut self,
        nodes: &mut Vec<T>,
        attrs: impl Fn(&mut T) -> Option<&mut Vec<Attribute>>,
    ) {
        nodes.retain_mut(|node| attrs(node).is_none_or(|attrs| self.keep(attrs)));
    }

    fn retain_punctuated<T, P: Default>(
        &mut self,
        nodes: &mut Punctuated<T, P>,
        attrs: impl Fn(&mut T) -> &mut Vec<Attribute>,
    ) {
        let kept: Vec<T> = std::mem::take(nodes)
            .into_iter()
            .filter_map(|mut node| self.keep(attrs(&mut node)).then_some(node))
            .collect();
        nodes.extend(kept);
    }
}

pub(super) fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::ExternCrate(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::ForeignMod(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Static(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::TraitAlias(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        Item::Union(item) => &mut item.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return None,
    })
}

pub(super) fn impl_item_attrs(item: &mut syn::ImplItem) -> Option<&mut Vec<Attribute>> {
    use syn::ImplItem;
    Some(match item {
        ImplItem::Const(item) => &mut item.attrs,
        ImplItem::Fn(item) => &mut item.attrs,
        ImplItem::Type(item) => &mut item.attrs,
        ImplItem::Macro(item) => &mut item.attrs,
        _ => return None,
    })
}

pub(super) fn trait_item_attrs(item: &mut syn::TraitItem) -> Option<&mut Vec<Attribute>> {
    use syn::TraitItem;
    Some(match item {
        TraitItem::Const(item) => &mut item.attrs,
        TraitItem::Fn(item) => &mut item.attrs,
        TraitItem::Type(item) => &mut item.attrs,
        TraitItem::Macro(item) => &mut item.attrs,
        _ => return None,
    })
}

pub(super) fn stmt_attrs(stmt: &mut syn::Stmt) -> Option<&mut Vec<Attribute>> {
    match stmt {
        syn::Stmt::Local(local) => Some(&mut local.attrs),
        syn::Stmt::Item(item) => item_attrs(item),
        syn::Stmt::Expr(expr, _) => expr_attrs(expr),
        syn::Stmt::Macro(mac) => Some(&mut mac.attrs),
    }
}

fn expr_attrs(expr: &mut syn::Expr) -> Option<&mut Vec<Attribute>> {
    use syn::Expr;
    Some(match expr {
        Expr::Assign(e) => &mut e.attrs,
        Expr::Block(e) => &mut e.attrs,
        Expr::Call(e) => &mut e.attrs,
        Expr::ForLoop(e) => &mut e.attrs,
        Expr::If(e) => &mut e.attrs,
        Expr::Macro(e) => &mut e.attrs,
        Expr::Match(e) => &mut e.attrs,
        Expr::MethodCall(e) => &mut e.attrs,
        Expr::Return(e) => &mut e.attrs,
        Expr::While(e) => &mut e.attrs,
        _ => return None,
    })
}

impl VisitMut for Pruner<'_> {
    fn visit_item_mod_mut(&mut self, node: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut node.content {
            self.retain(items, item_attrs);
        }
        visit_mut::visit_item_mod_mut(self, node);
    }

    fn visit_item_impl_mut(&mut self, node: &mut syn::ItemImpl) {
        self.retain(&mut node.items, impl_item_attrs);
        visit_mut::visit_item_impl_mut(self, node);
    }

    fn visit_item_trait_mut(&mut self, node: &mut syn::ItemTrait) {
        self.retain(&mut node.items, trait_item_attrs);
        visit_mut::visit_item_trait_mut(self, node);
    }

    fn visit_fields_named_mut(&mut self, node: &mut syn::FieldsNamed) {
        self.retain_punctuated(&mut node.named, |field| &mut field.attrs);
        visit_mut::visit_fields_named_mut(self, node);
    }

    fn visit_item_enum_mut(&mut self, node: &mut syn::ItemEnum) {
        self.retain_punctuated(&mut node.variants, |variant| &mut variant.attrs);
        visit_mut::visit_item_enum_mut(self, node);
    }

    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        self.retain_punctuated(&mut node.fields, |field| &mut field.attrs);
        visit_mut::visit_expr_struct_mut(self, node);
    }

    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        self.retain(&mut node.arms, |arm| Some(&mut arm.attrs));
        visit_mut::visit_expr_match_mut(self, node);
    }

    fn visit_block_mut(&mut self, node: &mut syn::Block) {
        self.retain(&mut node.stmts, stmt_attrs);
        visit_mut::visit_block_mut(self, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pruned(source: &str, pieces: &Pieces) -> String {
        let mut file = syn::parse_file(source).expect("parses");
        prune(&mut file, pieces).expect("prunes");
        prettyplease::unparse(&file)
    }

    #[test]
    fn items_fields_statements_and_arms_follow_their_piece() {
        let source = r#"
            #[cfg(feature = "multipart")] fn multipart() {}
            #[cfg(not(generated))] const STAND_IN: u8 = 0;
            #[cfg(feature = "tracing")] fn traced() {}
            struct S { #[cfg(feature = "auth")] key: u8, other: u8 }
            fn f(x: u8) -> u8 {
                #[cfg(feature = "auth")]
                let x = x + 1;
                let s = S { #[cfg(feature = "auth")] key: 1, other: 2 };
                match x { #[cfg(any(feature = "auth", feature = "cookie"))] 0 => 1, _ => s.other }
            }
            #[cfg(test)] mod tests {}
        "#;
        let none = pruned(source, &Pieces::closed([]));
        assert!(!none.contains("multipart") && !none.contains("STAND_IN") && !none.contains("key"));
        assert!(!none.contains("0 => 1") && !none.contains("x + 1") && !none.contains("mod tests"));
        assert!(none.contains("#[cfg(feature = \"tracing\")]"), "{none}");
        let auth = pruned(source, &Pieces::closed([Piece::Auth]));
        assert!(auth.contains("key: u8") && auth.contains("key: 1") && auth.contains("0 => 1"));
        assert!(auth.contains("let x = x + 1;") && !auth.contains("cfg(feature = \"auth\")"));
    }

    #[test]
    fn kept_features_of_the_generated_crate_are_reported() {
        let kept = |source: &str| {
            let mut file = syn::parse_file(source).expect("parses");
            prune(&mut file, &Pieces::closed([])).expect("prunes")
        };
        assert!(kept("fn f() { #[cfg(feature = \"tracing\")] let x = 1; }"));
        // Inside an item that goes, it goes too.
        assert!(!kept(
            "#[cfg(feature = \"auth\")] fn f() { #[cfg(feature = \"tracing\")] let x = 1; }"
        ));
        assert!(!kept("#[cfg(feature = \"auth\")] fn f() {}"));
    }

    #[test]
    fn unknown_predicates_are_refused() {
        for source in [
            "#[cfg(unix)] fn f() {}",
            "#[cfg(feature)] fn f() {}",
            "#[cfg(nope(test))] fn f() {}",
        ] {
            let mut file = syn::parse_file(source).expect("parses");
            assert!(prune(&mut file, &Pieces::all()).is_err(), "{source}");
        }
    }
}
