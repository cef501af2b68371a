//! Spec → IR: `$ref` resolution, schema shapes, operations, names, recursion boxing.

mod cycles;
pub mod naming;
mod operation;
mod schema;
mod test_names;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::ir::{self, Api, Docs, TypeDef, TypeId};
use crate::spec::Document;
use crate::spec::load::Loaded;
use naming::Namespace;

/// Options that come from the caller rather than the spec.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Overrides `x-rust-sdk.crate-name`.
    pub crate_name: Option<String>,
}

/// Lowers a loaded spec into the API and every problem found (the loader's warnings
/// included). With errors, the API has placeholders where lowering failed: it is fit for
/// `check`, not for emitting.
pub fn lower(loaded: &mut Loaded, overrides: &Overrides) -> (Api, Diagnostics) {
    let warnings = std::mem::take(&mut loaded.warnings);
    let mut lowerer = Lowerer::new(loaded);
    lowerer.diagnostics.extend(warnings);
    let api = lowerer.api(overrides);
    (api, lowerer.diagnostics)
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
        let components = self.claim_components(&document);
        let operation::Operations {
            mut groups,
            mut client_operations,
            error_bodies,
            error_tables,
        } = operation::lower_operations(self, &document);
        self.define_components(components);
        let mut types = self.take_types();
        cycles::box_recursive_fields(&mut types);
        mark_explicit_nulls(
            &mut types,
            groups
                .iter()
                .flat_map(|g| &g.operations)
                .chain(&client_operations),
        );
        test_names::name_tests(&mut groups, &mut client_operations, &mut types);
        Api {
            source: self.loaded.root.path.display().to_string(),
            origin: self.root_origin(),
            info: info(&document),
            settings: self.settings(&document, overrides),
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
            error_tables,
        }
    }

    /// Component schemas claim their names first, in document order, so that names of
    /// inline types (derived from context) can never take a component's name. Returns
    /// their still empty slots.
    fn claim_components(&mut self, document: &Document) -> Vec<(Origin, TypeId)> {
        let schemas_origin = self.root_origin().child("components").child("schemas");
        let mut components = Vec::new();
        for (name, schema) in &document.components.schemas {
            let origin = schemas_origin.child(name);
            let raw_name = schema.rust_name.as_deref().unwrap_or(name);
            let id = self.reserve_type(&origin, raw_name, naming::TYPE_SUFFIX);
            if let Some(wanted) = &schema.rust_name {
                self.check_rust_name(id, wanted, &origin);
            }
            if let Some(id_name) = self.pending_names.get_mut(&id) {
                id_name.original = name.clone();
            }
            components.push((origin, id));
        }
        components
    }

    /// A component's `x-rust-name` got the name it asks for (E0206).
    fn check_rust_name(&mut self, id: TypeId, wanted: &str, origin: &Origin) {
        let given = self
            .pending_names
            .get(&id)
            .map(|n| n.rust.clone())
            .unwrap_or_default();
        if given != naming::type_name(wanted) {
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

    /// Defines the components no operation reached.
    fn define_components(&mut self, components: Vec<(Origin, TypeId)>) {
        for (origin, id) in components {
            if self.types[id.0].is_some() {
                continue;
            }
            if let Some(value) = self.loaded.root.value.pointer(&origin.pointer[1..]) {
                let value = value.clone();
                self.define_named(id, &origin, &value);
            }
        }
    }

    /// The defined types, in slot order, each marked if its properties were merged into
    /// another; a slot lowering gave up on becomes a placeholder.
    fn take_types(&mut self) -> Vec<TypeDef> {
        let root = self.root_origin();
        let slots = std::mem::take(&mut self.types);
        let mut types: Vec<TypeDef> = Vec::with_capacity(slots.len());
        for (index, slot) in slots.into_iter().enumerate() {
            types.push(slot.unwrap_or_else(|| TypeDef {
                // Only reachable if lowering stopped on an error in this type.
                name: ir::Name {
                    original: String::new(),
                    rust: naming::unresolved_type(index),
                },
                docs: Docs::default(),
                origin: root.clone(),
                kind: ir::TypeKind::Alias(ir::TypeRef::Any),
                example: None,
                merged: false,
                round_trip_test: None,
            }));
        }
        for type_def in &mut types {
            type_def.merged = self.merged.contains(&type_def.origin);
        }
        types
    }

    /// Claims a type name for the schema at `origin` and returns its empty slot.
    pub(crate) fn reserve_type(&mut self, origin: &Origin, raw_name: &str, suffix: &str) -> TypeId {
        if let Some(id) = self.by_location.get(origin) {
            return *id;
        }
        let base = naming::type_name(raw_name);
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

/// `info` of the spec.
fn info(document: &Document) -> ir::Info {
    let info = &document.info;
    ir::Info {
        title: info.title.clone(),
        version: info.version.clone(),
        openapi: document.openapi.clone(),
        docs: Docs {
            summary: info.summary.clone(),
            description: info.description.clone(),
            deprecated: false,
        },
    }
}

impl Lowerer<'_> {
    /// [`settings`], and the idempotency header checked: an HTTP token (E0315).
    fn settings(&mut self, document: &Document, overrides: &Overrides) -> ir::Settings {
        let settings = settings(document, overrides);
        if let Some(name) = &document.sdk.idempotency_header {
            let is_token = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !is_token {
                let origin = self
                    .root_origin()
                    .child("x-rust-sdk")
                    .child("idempotency-header");
                self.error(
                    Diagnostic::error(
                        "E0315",
                        &origin,
                        format!("`{name}` is not a valid HTTP header name"),
                    )
                    .help("use ASCII letters, digits and `-` (RFC 9110 token characters)"),
                );
            }
        }
        settings
    }
}

/// Settings of the generated crate: the caller's overrides, then `x-rust-sdk`, then
/// names derived from the title.
fn settings(document: &Document, overrides: &Overrides) -> ir::Settings {
    let sdk = &document.sdk;
    let crate_name = (overrides.crate_name.clone())
        .or_else(|| sdk.crate_name.clone())
        .unwrap_or_else(|| naming::crate_name(&document.info.title));
    let api_key_env = if sdk.api_key_env.is_empty() {
        vec![naming::api_key_env(&crate_name)]
    } else {
        sdk.api_key_env.clone()
    };
    let base_url_env =
        (sdk.base_url_env.clone()).unwrap_or_else(|| naming::base_url_env(&crate_name));
    ir::Settings {
        library_name: naming::library_name(&crate_name),
        crate_version: (sdk.crate_version.clone()).unwrap_or_else(|| "0.1.0".to_string()),
        api_key_env,
        base_url_env: Some(base_url_env),
        idempotency_header: (sdk.idempotency_header.as_ref()).map(|name| name.to_ascii_lowercase()),
        crate_name,
    }
}

/// Optional nullable fields of types sent in request bodies can carry an explicit `null`.
fn mark_explicit_nulls<'o>(
    types: &mut [TypeDef],
    operations: impl Iterator<Item = &'o ir::Operation>,
) {
    let in_request = ir::reachable(
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
