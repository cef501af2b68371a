//! Spec → IR: `$ref` resolution, schema shapes, operations, names, recursion boxing.

mod cycles;
pub mod naming;
mod operation;
mod schema;
pub mod settings;

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::ir::{self, Api, Docs, TypeDef, TypeId};
use crate::spec::load::Loaded;
use naming::Namespace;

/// Options that come from the caller rather than the spec.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Overrides `x-rust-sdk.crate-name`.
    pub crate_name: Option<String>,
}

/// Lowers a loaded spec. Returns the API and the warnings, or every error found.
pub fn lower(
    loaded: &mut Loaded,
    overrides: &Overrides,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let warnings = std::mem::take(&mut loaded.warnings);
    let mut lowerer = Lowerer::new(loaded);
    lowerer.diagnostics.extend(warnings);
    let api = lowerer.api(overrides);
    let mut diagnostics = lowerer.diagnostics;
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        diagnostics.sort();
        Ok((api, diagnostics))
    }
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    pub(crate) loaded: &'a mut Loaded,
    pub(crate) diagnostics: Diagnostics,
    /// Type slots; `None` while a type is being lowered.
    pub(crate) types: Vec<Option<TypeDef>>,
    /// Named types by the location of their schema.
    pub(crate) by_location: BTreeMap<Origin, TypeId>,
    /// The crate-wide type namespace.
    pub(crate) type_names: Namespace,
    /// Names of reserved type slots, moved into the `TypeDef` when it is defined.
    pub(crate) pending_names: BTreeMap<TypeId, ir::Name>,
    /// Types whose definition has started and not finished (cycle guard).
    pub(crate) defining: std::collections::BTreeSet<TypeId>,
    /// Schemas whose properties were merged into another (`allOf`): used.
    pub(crate) merged: std::collections::BTreeSet<Origin>,
}

impl<'a> Lowerer<'a> {
    fn new(loaded: &'a mut Loaded) -> Self {
        Lowerer {
            loaded,
            diagnostics: Diagnostics::default(),
            types: Vec::new(),
            by_location: BTreeMap::new(),
            type_names: Namespace::for_types(),
            pending_names: BTreeMap::new(),
            defining: std::collections::BTreeSet::new(),
            merged: std::collections::BTreeSet::new(),
        }
    }

    pub(crate) fn root_origin(&self) -> Origin {
        Origin::new(self.loaded.root.path.clone(), "#")
    }

    pub(crate) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn api(&mut self, overrides: &Overrides) -> Api {
        let document = self.loaded.document.clone();
        let root = self.root_origin();

        // Component schemas claim their names first, in document order, so that names of
        // inline types (derived from context) can never take a component's name.
        let schemas_origin = root.child("components").child("schemas");
        let mut components = Vec::new();
        for (name, schema) in &document.components.schemas {
            let origin = schemas_origin.child(name);
            let raw_name = schema.rust_name.as_deref().unwrap_or(name);
            let id = self.reserve_type(&origin, raw_name, "Model");
            if let Some(wanted) = &schema.rust_name {
                let given = self
                    .pending_names
                    .get(&id)
                    .map(|n| n.rust.clone())
                    .unwrap_or_default();
                if given != naming::camel(wanted, "Unnamed", "T") {
                    self.error(
                        Diagnostic::error(
                            "E0206",
                            &origin.child("x-rust-name"),
                            format!("`x-rust-name: {wanted}` is already the name of another type"),
                        )
                        .help("choose a name no other schema (or generated helper type) uses"),
                    );
                }
            }
            if let Some(id_name) = self.pending_names.get_mut(&id) {
                id_name.original = name.clone();
            }
            components.push((origin, id));
        }

        let (groups, client_operations, error_bodies) =
            operation::lower_operations(self, &document);

        for (origin, id) in components {
            if self.types[id.0].is_none() {
                let value = match self.loaded.root.value.pointer(&origin.pointer[1..]) {
                    Some(value) => value.clone(),
                    None => continue,
                };
                self.define_named(id, &origin, &value);
            }
        }

        let mut types: Vec<TypeDef> = Vec::with_capacity(self.types.len());
        for (index, slot) in self.types.drain(..).enumerate() {
            match slot {
                Some(type_def) => types.push(type_def),
                // Only reachable if lowering stopped on an error in this type.
                None => types.push(TypeDef {
                    name: ir::Name {
                        original: String::new(),
                        rust: format!("Unresolved{index}"),
                    },
                    docs: Docs::default(),
                    origin: root.clone(),
                    kind: ir::TypeKind::Alias(ir::TypeRef::Any),
                    example: None,
                }),
            }
        }
        for id in cycles::alias_cycles(&types) {
            let type_def = &types[id.0];
            self.diagnostics.push(
                Diagnostic::error(
                    "E0105",
                    &type_def.origin,
                    format!(
                        "schema `{}` is only a chain of `$ref`s that leads back to itself",
                        type_def.name.original
                    ),
                )
                .help("give one schema in the loop real structure (properties, items, or a type)"),
            );
        }
        cycles::box_recursive_fields(&mut types);
        let used = reachable(
            &types,
            groups
                .iter()
                .flat_map(|g| &g.operations)
                .chain(&client_operations)
                .flat_map(operation_types)
                .chain(error_bodies.iter().map(|v| &v.ty)),
        );
        for (type_def, used) in types.iter().zip(used) {
            let is_component = type_def.origin.pointer.starts_with("#/components/schemas/")
                && type_def.origin.pointer.matches('/').count() == 3;
            if !used
                && is_component
                && type_def.origin.file == self.loaded.root.path
                && !self.merged.contains(&type_def.origin)
            {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "W0101",
                        &type_def.origin,
                        format!(
                            "schema `{}` is not used by any operation",
                            type_def.name.original
                        ),
                    )
                    .help("its type is still generated; remove the schema if nothing needs it"),
                );
            }
        }
        mark_explicit_nulls(
            &mut types,
            groups
                .iter()
                .flat_map(|g| &g.operations)
                .chain(&client_operations),
        );

        let info = &document.info;
        let (crate_name, crate_version) = self.crate_settings(&document, overrides);
        let api_key_env = if document.sdk.api_key_env.is_empty() {
            vec![format!("{}_API_KEY", crate_name.to_shouty_snake_case())]
        } else {
            document.sdk.api_key_env.clone()
        };
        let base_url_env = Some(
            document
                .sdk
                .base_url_env
                .clone()
                .unwrap_or_else(|| format!("{}_BASE_URL", crate_name.to_shouty_snake_case())),
        );

        Api {
            source: self.loaded.root.path.display().to_string(),
            info: ir::Info {
                title: info.title.clone(),
                version: info.version.clone(),
                openapi: document.openapi.clone(),
                docs: Docs {
                    summary: info.summary.clone(),
                    description: info.description.clone(),
                    deprecated: false,
                },
            },
            settings: ir::Settings {
                crate_name,
                crate_version,
                api_key_env,
                base_url_env,
            },
            servers: document
                .servers
                .iter()
                .map(|server| server.url.trim_end_matches('/').to_string())
                .collect(),
            auth: operation::auth(self, &document),
            groups,
            client_operations,
            types,
            error_bodies,
        }
    }

    /// The crate name (the caller's override, else `x-rust-sdk.crate-name`, else from the
    /// title) and version (`x-rust-sdk.crate-version`, else `0.1.0`); values from the spec
    /// that break their grammar are reported where they are written.
    fn crate_settings(
        &mut self,
        document: &crate::spec::Document,
        overrides: &Overrides,
    ) -> (String, String) {
        let sdk = self.root_origin().child("x-rust-sdk");
        let derived = || settings::crate_name_from_title(&document.info.title);
        let crate_name = match (&overrides.crate_name, &document.sdk.crate_name) {
            // Checked by the caller, which reports it without a spec location.
            (Some(name), _) => name.clone(),
            (None, Some(name)) => match settings::crate_name_problem(name) {
                None => name.clone(),
                Some(problem) => {
                    self.error(
                        Diagnostic::error(
                            "E0011",
                            &sdk.child("crate-name"),
                            format!("invalid crate name {}: {problem}", settings::quoted(name)),
                        )
                        .help("use a Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter, at most 64 characters, whose `-` → `_` form is not a Rust keyword"),
                    );
                    derived()
                }
            },
            (None, None) => derived(),
        };
        let crate_version = match &document.sdk.crate_version {
            None => "0.1.0".to_string(),
            Some(version) => {
                if let Some(problem) = settings::version_problem(version) {
                    self.error(
                        Diagnostic::error(
                            "E0012",
                            &sdk.child("crate-version"),
                            format!(
                                "invalid crate version {}: {problem}",
                                settings::quoted(version)
                            ),
                        )
                        .help("write a semantic version such as `1.2.3` or `1.2.3-beta.1` (MAJOR.MINOR.PATCH, as Cargo requires)"),
                    );
                }
                version.clone()
            }
        };
        (crate_name, crate_version)
    }

    /// Claims a type name for the schema at `origin` and returns its empty slot.
    pub(crate) fn reserve_type(&mut self, origin: &Origin, raw_name: &str, suffix: &str) -> TypeId {
        if let Some(id) = self.by_location.get(origin) {
            return *id;
        }
        let base = naming::camel(raw_name, "Unnamed", "T");
        let rust = self.type_names.claim(&base, suffix);
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.by_location.insert(origin.clone(), id);
        self.pending_names.insert(
            id,
            ir::Name {
                original: raw_name.to_string(),
                rust,
            },
        );
        id
    }
}

/// Which types `roots` reach (through fields, variants, aliases, lists and maps).
fn reachable<'t>(types: &[TypeDef], roots: impl Iterator<Item = &'t ir::TypeRef>) -> Vec<bool> {
    fn visit(ty: &ir::TypeRef, types: &[TypeDef], seen: &mut Vec<bool>) {
        match ty {
            ir::TypeRef::Named(id) => {
                if seen[id.0] {
                    return;
                }
                seen[id.0] = true;
                match &types[id.0].kind {
                    ir::TypeKind::Struct {
                        fields, additional, ..
                    } => {
                        for field in fields {
                            visit(&field.ty, types, seen);
                        }
                        if let Some(additional) = additional {
                            visit(additional, types, seen);
                        }
                    }
                    ir::TypeKind::Union { variants, .. } => {
                        for variant in variants {
                            visit(&variant.ty, types, seen);
                        }
                    }
                    ir::TypeKind::Alias(inner) => visit(inner, types, seen),
                    ir::TypeKind::ByStatus { variants } => {
                        for ty in variants.iter().filter_map(|v| v.ty.as_ref()) {
                            visit(ty, types, seen);
                        }
                    }
                    ir::TypeKind::StringEnum { .. } | ir::TypeKind::IntegerEnum { .. } => {}
                }
            }
            ir::TypeRef::List(inner) | ir::TypeRef::Map(inner) | ir::TypeRef::Nullable(inner) => {
                visit(inner, types, seen)
            }
            ir::TypeRef::Tuple(members) => members.iter().for_each(|m| visit(m, types, seen)),
            _ => {}
        }
    }
    let mut seen = vec![false; types.len()];
    for root in roots {
        visit(root, types, &mut seen);
    }
    seen
}

/// Every type an operation mentions directly.
fn operation_types(operation: &ir::Operation) -> impl Iterator<Item = &ir::TypeRef> {
    let success = match &operation.success.body {
        ir::ResponseBody::Json(ty) => Some(ty),
        _ => None,
    };
    operation
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(operation.body.iter().map(|b| &b.ty))
        .chain(success)
}

/// Optional nullable fields of types sent in request bodies can carry an explicit `null`.
fn mark_explicit_nulls<'o>(
    types: &mut [TypeDef],
    operations: impl Iterator<Item = &'o ir::Operation>,
) {
    let in_request = reachable(
        types,
        operations.filter_map(|op| op.body.as_ref().map(|b| &b.ty)),
    );
    for (type_def, in_request) in types.iter_mut().zip(in_request) {
        if let (true, ir::TypeKind::Struct { fields, .. }) = (in_request, &mut type_def.kind) {
            for field in fields {
                field.explicit_null = !field.required && field.nullable;
            }
        }
    }
}
