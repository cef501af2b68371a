//! Spec → IR: `$ref` resolution, schema shapes, operations, names, recursion boxing.

mod cycles;
pub mod naming;
mod operation;
mod samples;
mod schema;
pub mod settings;
mod share;
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
/// included), and whether a limit stopped lowering. With errors, the API has placeholders
/// where lowering failed: it is fit for `check` (unless a limit stopped it halfway), not
/// for emitting.
pub fn lower(loaded: &mut Loaded, overrides: &Overrides) -> (Api, Diagnostics, bool) {
    let warnings = std::mem::take(&mut loaded.warnings);
    let mut lowerer = Lowerer::new(loaded);
    lowerer.diagnostics.extend(warnings);
    let api = lowerer.api(overrides);
    // Once a limit is hit, later diagnostics only follow from what was left out.
    let diagnostics = match lowerer.limit_at {
        None => lowerer.diagnostics,
        Some(count) => {
            let mut kept = Diagnostics::default();
            for diagnostic in lowerer.diagnostics.iter().take(count) {
                kept.push(diagnostic.clone());
            }
            kept
        }
    };
    (api, diagnostics, lowerer.limit_hit)
}

/// State of one lowering run.
pub(crate) struct Lowerer<'a> {
    pub(crate) loaded: &'a mut Loaded,
    pub(crate) diagnostics: Diagnostics,
    /// Type slots; `None` while a type is being lowered.
    pub(crate) types: Vec<Option<TypeDef>>,
    /// Named types by the location of their schema.
    pub(crate) by_location: BTreeMap<Origin, TypeId>,
    /// The location of each type's schema, by type: `by_location` the other way.
    pub(crate) locations: Vec<Origin>,
    /// The crate-wide type namespace.
    pub(crate) type_names: Namespace,
    /// Names of reserved type slots, moved into the `TypeDef` when it is defined.
    pub(crate) pending_names: BTreeMap<TypeId, ir::Name>,
    /// Types whose definition has started and not finished (cycle guard).
    pub(crate) defining: std::collections::BTreeSet<TypeId>,
    /// Properties copied so far from `allOf` members into the types that include them.
    pub(crate) merged_fields: usize,
    /// Schemas whose properties were merged into another (`allOf`): used.
    pub(crate) merged: std::collections::BTreeSet<Origin>,
    /// Named types (unions, enums, structs) whose schema also allows `null`: references
    /// to them may be `null`.
    pub(crate) nullable_types: std::collections::BTreeSet<TypeId>,
    /// Inline schemas already lowered to a named type, by location: a schema copied into
    /// several types (an `allOf` member) is lowered once.
    pub(crate) inline_types: BTreeMap<Origin, schema::Lowered>,
    /// Security schemes requirements name but `components/securitySchemes` does not
    /// define: where first named, and how often (reported once each, W0309).
    pub(crate) undefined_schemes: BTreeMap<String, (Origin, usize)>,
    /// Schemas whose `default` does not fit them (W0205): examples do not use it.
    pub(crate) ignored_defaults: std::collections::BTreeSet<Origin>,
    /// How many schemas are being lowered inside each other right now.
    pub(crate) depth: usize,
    /// A limit was reached and reported: nothing more is lowered.
    pub(crate) limit_hit: bool,
    /// Diagnostics recorded up to and including the limit's; later ones only follow from
    /// the schemas left out.
    limit_at: Option<usize>,
}

impl<'a> Lowerer<'a> {
    fn new(loaded: &'a mut Loaded) -> Self {
        Lowerer {
            loaded,
            diagnostics: Diagnostics::default(),
            types: Vec::new(),
            by_location: BTreeMap::new(),
            locations: Vec::new(),
            type_names: Namespace::for_types(),
            pending_names: BTreeMap::new(),
            defining: std::collections::BTreeSet::new(),
            merged_fields: 0,
            merged: std::collections::BTreeSet::new(),
            ignored_defaults: std::collections::BTreeSet::new(),
            nullable_types: std::collections::BTreeSet::new(),
            inline_types: BTreeMap::new(),
            undefined_schemes: BTreeMap::new(),
            depth: 0,
            limit_hit: false,
            limit_at: None,
        }
    }

    pub(crate) fn root_origin(&self) -> Origin {
        Origin::new(self.loaded.root.path.clone(), "#")
    }

    pub(crate) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports that a limit was reached and stops lowering (every later schema lowers to
    /// `Any` at once). Only the first limit is reported.
    pub(crate) fn stop(&mut self, diagnostic: Diagnostic) {
        if !self.limit_hit {
            self.limit_hit = true;
            self.limit_at = Some(self.diagnostics.len() + 1);
            self.diagnostics.push(diagnostic);
        }
    }

    fn api(&mut self, overrides: &Overrides) -> Api {
        // Shared, not copied: a big spec's typed document is a good part of its memory.
        let document = std::sync::Arc::clone(&self.loaded.document);
        let components = self.claim_components(&document);
        let component_ids: std::collections::BTreeSet<TypeId> =
            components.iter().map(|(_, id)| *id).collect();
        let operation::Operations {
            mut groups,
            mut client_operations,
            mut error_bodies,
            error_tables,
        } = operation::lower_operations(self, &document);
        self.define_components(components);
        let mut types = self.take_types();
        self.check_size(&types);
        let pinned = share::pinned(
            &types,
            groups
                .iter()
                .flat_map(|g| &g.operations)
                .chain(&client_operations),
            &error_bodies,
        );
        let mut operations: Vec<&mut ir::Operation> = groups
            .iter_mut()
            .flat_map(|g| &mut g.operations)
            .chain(&mut client_operations)
            .collect();
        share::merge_identical(
            &mut types,
            &mut operations,
            &mut error_bodies,
            &share::Roles {
                components: &component_ids,
                pinned: &pinned,
            },
        );
        cycles::box_recursive_fields(&mut types);
        cycles::box_enum_payloads(&mut types, &mut error_bodies);
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
            default_base_url: default_base_url(&document.servers),
            auth: {
                let auth = operation::auth(self, &document);
                operation::report_undefined_schemes(self);
                auth
            },
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
            let written = schemas_origin.child(name);
            // A component that only references a schema in another file (a multi-file
            // layout) is that schema, under the component's name.
            let external = schema
                .reference
                .as_ref()
                .and_then(|_| self.external_schema(&written));
            let origin = external.clone().unwrap_or_else(|| written.clone());
            let raw_name = schema.rust_name.as_deref().unwrap_or(name);
            let id = self.reserve_type(&origin, raw_name, naming::TYPE_SUFFIX);
            if external.is_some() {
                self.by_location.insert(written, id);
            }
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

    /// Where the chain of `$ref`-only schemas starting at `origin` ends, when that is in
    /// another file and no type is there yet; problems are left to lowering.
    fn external_schema(&mut self, origin: &Origin) -> Option<Origin> {
        let mut current = origin.clone();
        for _ in 0..crate::limits::MAX_ALIAS_CHAIN {
            let value = self.loaded.target(&current)?;
            let only_ref = value.as_object().is_some_and(|object| {
                object
                    .keys()
                    .all(|key| key == "$ref" || key == "description")
            });
            let Some(reference) = value.get("$ref").and_then(serde_json::Value::as_str) else {
                break;
            };
            if !only_ref {
                break;
            }
            let reference = reference.to_string();
            current = self.loaded.locate(&current, &reference).ok()?;
        }
        let outside = current.file != self.loaded.root.path;
        let is_ref = self
            .loaded
            .target(&current)
            .is_some_and(|value| value.get("$ref").is_some());
        (outside && !is_ref && !self.by_location.contains_key(&current)).then_some(current)
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
            if let Some(value) = self.loaded.target(&origin) {
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
                sample: None,
                merged: false,
                round_trip_test: None,
            }));
        }
        for type_def in &mut types {
            type_def.merged = self.merged.contains(&type_def.origin);
        }
        types
    }

    /// Settings of the generated crate: the caller's overrides, then `x-rust-sdk`, then
    /// names derived from the title.
    fn settings(&mut self, document: &Document, overrides: &Overrides) -> ir::Settings {
        let (crate_name, crate_version) = self.crate_settings(document, overrides);
        let sdk = &document.sdk;
        let api_key_env = if sdk.api_key_env.is_empty() {
            vec![naming::api_key_env(&crate_name)]
        } else {
            sdk.api_key_env.clone()
        };
        let base_url_env =
            (sdk.base_url_env.clone()).unwrap_or_else(|| naming::base_url_env(&crate_name));
        let idempotency_header = sdk.idempotency_header.as_ref().map(|name| {
            if !is_http_token(name) {
                let origin = self
                    .root_origin()
                    .child("x-rust-sdk")
                    .child("idempotency-header");
                self.error(
                    Diagnostic::error(
                        "E0315",
                        &origin,
                        format!("{} is not a valid HTTP header name", settings::quoted(name)),
                    )
                    .help("use ASCII letters, digits and `-` (RFC 9110 token characters)"),
                );
            }
            name.to_ascii_lowercase()
        });
        ir::Settings {
            library_name: naming::library_name(&crate_name),
            crate_version,
            api_key_env,
            base_url_env: Some(base_url_env),
            idempotency_header,
            crate_name,
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
        let derived = || naming::crate_name(&document.info.title);
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

    /// Reports an API bigger than [`MAX_ITEMS`](crate::limits::MAX_ITEMS), at its biggest type.
    fn check_size(&mut self, types: &[TypeDef]) {
        if let Some((items, biggest)) = too_big(types, crate::limits::MAX_ITEMS) {
            self.stop(
                Diagnostic::error(
                    "E0109",
                    &biggest.origin,
                    format!(
                        "the API has {items} types, fields and enum values to generate; the limit is {} (the biggest type, `{}`, has {})",
                        crate::limits::MAX_ITEMS,
                        biggest.name.rust,
                        items_of(biggest)
                    ),
                )
                .help("this is the generator's limit; generate a smaller part of the API (one spec per group of paths)"),
            );
        }
    }

    /// `name`, unless it is longer than [`MAX_NAME`](crate::limits::MAX_NAME): then an error at `origin`, lowering
    /// stops, and the name is cut to the limit (names of nested inline types repeat their
    /// parents' names, so they would otherwise grow with the depth and with every long
    /// property name).
    pub(crate) fn bounded_name(&mut self, mut name: String, origin: &Origin) -> String {
        if name.len() > crate::limits::MAX_NAME {
            // A limit like the others: deeper names (and JSON pointers) would only be longer.
            self.stop(
                Diagnostic::error(
                    "E0208",
                    origin,
                    format!(
                        "the Rust name derived here is {} characters long; the limit is {}",
                        name.len(),
                        crate::limits::MAX_NAME
                    ),
                )
                .help("shorten the schema or property names, or move the nested schema to `components/schemas` (a component's type is named after it alone)"),
            );
            // Names are ASCII: any length is a character boundary.
            name.truncate(crate::limits::MAX_NAME);
        }
        name
    }

    /// Claims a type name for the schema at `origin` and returns its empty slot.
    pub(crate) fn reserve_type(&mut self, origin: &Origin, raw_name: &str, suffix: &str) -> TypeId {
        if let Some(id) = self.by_location.get(origin) {
            return *id;
        }
        let base = self.bounded_name(naming::type_name(raw_name), origin);
        let rust = self.type_names.claim(&base, suffix);
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.by_location.insert(origin.clone(), id);
        self.locations.push(origin.clone());
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

/// A type and its fields or variants.
fn items_of(type_def: &TypeDef) -> usize {
    1 + match &type_def.kind {
        ir::TypeKind::Struct { fields, .. } => fields.len(),
        ir::TypeKind::StringEnum { variants } => variants.len(),
        ir::TypeKind::IntegerEnum { variants } => variants.len(),
        ir::TypeKind::Union { variants, .. } => variants.len(),
        ir::TypeKind::ByStatus { variants } => variants.len(),
        ir::TypeKind::Alias(_) => 0,
    }
}

/// The number of types, fields and variants, and the biggest type, when there are more
/// than `limit`.
fn too_big(types: &[TypeDef], limit: usize) -> Option<(usize, &TypeDef)> {
    let items: usize = types.iter().map(items_of).sum();
    if items <= limit {
        return None;
    }
    types
        .iter()
        .max_by_key(|type_def| items_of(type_def))
        .map(|biggest| (items, biggest))
}

/// The first server that is an absolute `http(s)` URL once its variables take their
/// defaults (a variable without a default rules the server out).
fn default_base_url(servers: &[crate::spec::Server]) -> Option<String> {
    servers.iter().find_map(|server| {
        let mut url = server.url.clone();
        for (name, variable) in &server.variables {
            let placeholder = format!("{{{name}}}");
            if url.contains(&placeholder) {
                url = url.replace(&placeholder, variable.default.as_deref()?);
            }
        }
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        (absolute && !url.contains(['{', '}'])).then(|| url.trim_end_matches('/').to_string())
    })
}

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

/// An HTTP header name: an RFC 9110 token.
fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
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
        // A form field cannot be `null`: multipart bodies have no explicit nulls.
        if let (
            true,
            ir::TypeKind::Struct {
                fields,
                multipart: false,
                ..
            },
        ) = (in_request, &mut type_def.kind)
        {
            for field in fields {
                field.explicit_null = !field.required && field.nullable;
            }
        }
    }
}
