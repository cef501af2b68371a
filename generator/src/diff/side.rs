//! One side of a diff: the spec loaded and lowered as for generation, with its raw values
//! at hand for what the IR does not carry (constraints, defaults, formats, media types).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::input::{self, Input};
use super::{Change, Location, SpecSummary};
use crate::diag::Origin;
use crate::diag::locate::PositionIndex;
use crate::ir::{Api, FloatKind, TypeKind, TypeRef};
use crate::spec::load::{Loaded, Source};
use crate::{Config, Error};

/// A lowered spec and its sources.
pub(crate) struct Side {
    /// The input as given.
    pub label: String,
    /// The IR.
    pub api: Api,
    /// The files read.
    pub loaded: Loaded,
    /// For a git input: the temporary folder (already removed) and the revision.
    tree: Option<(PathBuf, String)>,
    /// The schema locations of the named types, by file.
    type_at: BTreeMap<PathBuf, BTreeSet<String>>,
    /// The public items of the runtime the generated crate keeps.
    pub runtime_surface: Vec<String>,
    /// The Rust names of the named types.
    type_names: BTreeSet<String>,
}

impl Side {
    /// Loads and lowers `input`; a spec that does not load is an error with located
    /// diagnostics (named `REV:path` for a git input).
    pub fn load(input: &Input) -> Result<Side, Error> {
        let tree = match input {
            Input::File(_) => None,
            Input::Git { rev, path } => Some(input::materialize(rev, path)?),
        };
        let spec = match (&tree, input) {
            (Some(tree), _) => tree.spec.clone(),
            (None, Input::File(path)) => path.clone(),
            (None, Input::Git { path, .. }) => PathBuf::from(path),
        };
        let mut config = Config::new();
        config.spec(&spec);
        let lowered = crate::pipeline::lower_for_diff(&config);
        // Everything the spec reaches was read while lowering: the folder can go.
        let tree = tree.map(|tree| {
            let mapping = (tree.dir.clone(), tree.rev.clone());
            (tree, mapping)
        });
        let display = |file: &Path| {
            tree.as_ref()
                .and_then(|(tree, _)| tree.display(file))
                .map(PathBuf::from)
        };
        let (api, _warnings, loaded) = match lowered {
            Ok(lowered) => lowered,
            Err(Error::Spec(mut diagnostics)) => {
                diagnostics.rename_files(display);
                return Err(Error::Spec(diagnostics));
            }
            Err(Error::Io { path, source }) => {
                return Err(Error::Io {
                    path: display(&path).unwrap_or(path),
                    source,
                });
            }
            Err(other) => return Err(other),
        };
        let tree = tree.map(|(_, mapping)| mapping);
        let mut type_at: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
        for type_def in &api.types {
            type_at
                .entry(type_def.origin.file.clone())
                .or_default()
                .insert(type_def.origin.pointer.clone());
        }
        let runtime_surface = crate::emit::Emitter::new(&api).runtime_surface();
        let type_names = api.types.iter().map(|t| t.name.rust.clone()).collect();
        Ok(Side {
            label: input.label(),
            api,
            loaded,
            tree,
            type_at,
            runtime_surface,
            type_names,
        })
    }

    /// What the report says about this side.
    pub fn summary(&self) -> SpecSummary {
        SpecSummary {
            spec: self.label.clone(),
            title: self.api.info.title.clone(),
            api_version: self.api.info.version.clone(),
            crate_name: self.api.settings.crate_name.clone(),
            crate_version: self.api.settings.crate_version.clone(),
        }
    }

    /// The name to show for `file`.
    pub fn display(&self, file: &Path) -> String {
        if let Some((dir, rev)) = &self.tree
            && let Ok(relative) = file.strip_prefix(dir)
        {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            return format!("{rev}:{}", parts.join("/"));
        }
        file.display().to_string()
    }

    fn source(&self, file: &Path) -> Option<&Source> {
        if file == self.loaded.root.path {
            Some(&self.loaded.root)
        } else {
            self.loaded.others.get(file)
        }
    }

    /// The raw value at `origin`.
    pub fn raw(&self, origin: &Origin) -> Option<&Value> {
        let source = self.source(&origin.file)?;
        let pointer = origin.pointer.strip_prefix('#').unwrap_or(&origin.pointer);
        source.value().pointer(pointer)
    }

    /// The origin of the root document.
    pub fn root(&self) -> Origin {
        Origin::new(self.loaded.root.path.clone(), "#")
    }

    /// `origin`, or its nearest ancestor that exists in this spec (where something added
    /// on the other side would go).
    pub fn nearest(&self, origin: &Origin) -> Origin {
        let mut pointer = origin.pointer.as_str();
        loop {
            let candidate = Origin::new(origin.file.clone(), pointer);
            if self.raw(&candidate).is_some() {
                return candidate;
            }
            match pointer.rfind('/') {
                Some(end) => pointer = &pointer[..end],
                None => return Origin::new(origin.file.clone(), "#"),
            }
        }
    }

    /// Whether the API has a named type of this Rust name.
    pub fn has_type(&self, name: &str) -> bool {
        self.type_names.contains(name)
    }

    /// Whether a named type of the IR is defined at `origin`.
    pub fn is_type(&self, origin: &Origin) -> bool {
        self.type_at
            .get(&origin.file)
            .is_some_and(|pointers| pointers.contains(&origin.pointer))
    }

    /// The raw value at `origin`, following every `$ref`.
    pub fn resolved(&self, origin: &Origin) -> Option<(Origin, &Value)> {
        let mut current = origin.clone();
        for _ in 0..32 {
            let value = self.raw(&current)?;
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Some((current, value));
            };
            current = self.reference_target(&current, reference)?;
        }
        None
    }

    /// The raw schema at `origin`, following `$ref`s; `None` when it is, or refers to,
    /// a named type of the IR (compared as a type of its own).
    pub fn inline_schema(&self, origin: &Origin) -> Option<(Origin, &Value)> {
        let mut current = origin.clone();
        for _ in 0..32 {
            if self.is_type(&current) {
                return None;
            }
            let value = self.raw(&current)?;
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Some((current, value));
            };
            current = self.reference_target(&current, reference)?;
        }
        None
    }

    /// Where `reference`, written in `from`'s file, points.
    fn reference_target(&self, from: &Origin, reference: &str) -> Option<Origin> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file.is_empty() {
            from.file.clone()
        } else {
            normalize(&from.file.parent().unwrap_or(Path::new("")).join(file))
        };
        Some(Origin::new(file, format!("#{fragment}")))
    }

    /// The Rust spelling of a type, as a user imports it.
    pub fn spell(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.api.types[id.0].name.rust.clone(),
            TypeRef::String => "String".into(),
            TypeRef::Integer(kind) => crate::emit::int_spelling(*kind).into(),
            TypeRef::Number(FloatKind::F32) => "f32".into(),
            TypeRef::Number(FloatKind::F64) => "f64".into(),
            TypeRef::Boolean => "bool".into(),
            TypeRef::DateTime => "DateTime<Utc>".into(),
            TypeRef::Date => "NaiveDate".into(),
            TypeRef::Uuid => "Uuid".into(),
            TypeRef::Bytes => "Vec<u8>".into(),
            TypeRef::File => "FilePart".into(),
            TypeRef::List(item) => format!("Vec<{}>", self.spell(item)),
            TypeRef::Map(value) => format!("BTreeMap<String, {}>", self.spell(value)),
            TypeRef::Tuple(members) => {
                let members: Vec<String> = members.iter().map(|m| self.spell(m)).collect();
                format!("({})", members.join(", "))
            }
            TypeRef::Any => "serde_json::Value".into(),
            TypeRef::Nullable(inner) => format!("Option<{}>", self.spell(inner)),
        }
    }

    /// `ty` with named aliases replaced by what they name (bounded: alias cycles are
    /// errors, but a bug must not loop).
    pub fn resolve_alias<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..32 {
            match ty {
                TypeRef::Named(id) => match &self.api.types[id.0].kind {
                    TypeKind::Alias(target) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }
}

/// Lexically normalizes `a/./b/../c` to `a/c` (as the loader does for `$ref` files).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A change before its positions are known: origins in the old and the new spec.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub change: Change,
    pub old: Origin,
    pub new: Origin,
}

/// Fills in the locations of `drafts` (file names as shown, line and column).
pub(crate) fn locate(drafts: Vec<Draft>, old: &Side, new: &Side) -> Vec<Change> {
    let positions_of = |side: &Side, origins: Vec<&Origin>| {
        let mut by_file: BTreeMap<&Path, BTreeSet<&str>> = BTreeMap::new();
        for origin in origins {
            by_file
                .entry(origin.file.as_path())
                .or_default()
                .insert(origin.pointer.as_str());
        }
        by_file
            .into_iter()
            .filter_map(|(file, pointers)| {
                let source = side.source(file)?;
                let index = PositionIndex::build_for(&source.text, pointers.iter().copied());
                Some((file.to_path_buf(), index))
            })
            .collect::<BTreeMap<PathBuf, PositionIndex>>()
    };
    let (old_index, new_index) = std::thread::scope(|scope| {
        let old_index = scope.spawn(|| positions_of(old, drafts.iter().map(|d| &d.old).collect()));
        let new_index = positions_of(new, drafts.iter().map(|d| &d.new).collect());
        let old_index = old_index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old_index, new_index)
    });
    let location = |side: &Side, index: &BTreeMap<PathBuf, PositionIndex>, origin: &Origin| {
        let (line, column) = index
            .get(&origin.file)
            .and_then(|index| index.find(&origin.pointer))
            .unwrap_or((0, 0));
        Location {
            file: side.display(&origin.file),
            line,
            column,
            pointer: origin.pointer.clone(),
        }
    };
    drafts
        .into_iter()
        .map(|draft| {
            let mut change = draft.change;
            change.old = location(old, &old_index, &draft.old);
            change.new = location(new, &new_index, &draft.new);
            change
        })
        .collect()
}
