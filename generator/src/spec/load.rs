//! Reading spec files: bytes → YAML/JSON value → [`Document`], and `$ref` targets.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::Document;
use crate::Error;
use crate::diag::locate::{PositionIndex, Prefetched};
use crate::diag::nodes::NodePositions;
use crate::diag::{Diagnostic, Diagnostics, Origin};

/// One file of the spec: its text (for diagnostics) and its parsed value.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as given (root) or as resolved relative to the referring file.
    pub path: PathBuf,
    /// The file text.
    pub text: String,
    /// The parsed tree, shared: lowering reads a schema from it while it adds to itself.
    /// Private, so that changing it goes through [`Source::value_mut`].
    value: Arc<Value>,
    /// Where the nodes are in the text.
    positions: Positions,
}

/// Where a file's nodes are in its text, for placing diagnostics.
#[derive(Debug, Clone)]
enum Positions {
    /// Recorded by the parser: they hold for the value as parsed.
    Nodes(Arc<NodePositions>),
    /// A YAML file's index, built from the text on a thread of its own while the spec is
    /// lowered (a file the event parser left to serde_yaml, or whose value was changed).
    Indexing(Arc<Prefetched>),
    /// Found in the text when a diagnostic asks (JSON has a fast scan of its own).
    OnDemand,
}

impl Source {
    /// The parsed tree.
    pub fn value(&self) -> &Arc<Value> {
        &self.value
    }

    /// The parsed tree, to change: the positions the parser recorded no longer hold, so
    /// the text is indexed instead.
    pub fn value_mut(&mut self) -> &mut Value {
        if matches!(self.positions, Positions::Nodes(_)) {
            self.positions =
                Prefetched::start(&self.text).map_or(Positions::OnDemand, Positions::Indexing);
        }
        Arc::make_mut(&mut self.value)
    }

    /// An index of `pointers` in the text (each at its node or its nearest ancestor), when
    /// one is at hand; the caller otherwise indexes the text itself.
    fn index(&self, pointers: &[&str]) -> Option<Cow<'_, PositionIndex>> {
        match &self.positions {
            // Each pointer is a walk past its siblings: many pointers into one wide mapping
            // would cost their product, where indexing the text costs its length.
            Positions::Nodes(_) if pointers.len() > NodePositions::MAX_WALKS => None,
            Positions::Nodes(nodes) => Some(Cow::Owned(nodes.index_for(&self.value, pointers))),
            Positions::Indexing(ahead) => ahead.index(pointers).map(Cow::Borrowed),
            Positions::OnDemand => None,
        }
    }
}

/// The loaded spec: the root document and every file a `$ref` reached.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The root file.
    pub root: Source,
    /// The typed root document (shared: lowering reads it while it loads other files).
    pub document: std::sync::Arc<Document>,
    /// Other files, by path, loaded on demand by [`Loaded::resolve`].
    pub others: BTreeMap<PathBuf, Source>,
    /// Warnings found while loading, not yet placed (see [`Loaded::place`]).
    pub warnings: Diagnostics,
    /// The root spec's folder, the only place `$ref`s may read from.
    folder: Option<Folder>,
    /// The overlays applied to the root, in order.
    overlays: Vec<Source>,
    /// Which parts of the root the overlays wrote.
    provenance: super::overlay::Provenance,
}

/// The root spec's folder, spelled two ways: absolute as written (for a first, lexical
/// check that gives the clearest message) and with every symbolic link resolved (the
/// check that decides).
#[derive(Debug, Clone)]
struct Folder {
    lexical: PathBuf,
    canonical: PathBuf,
}

impl Folder {
    /// The folder of `spec` (a bare file name's folder is the current one); `None` when
    /// it cannot be resolved, and then no other file can be referenced.
    fn of(spec: &Path) -> Option<Folder> {
        let parent = match spec.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(Folder {
            lexical: normalize(&std::path::absolute(parent).ok()?),
            canonical: std::fs::canonicalize(parent).ok()?,
        })
    }
}

/// Reads and parses one file into a JSON value.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    source_from_bytes(path, bytes)
}

/// Decodes and parses the content of `path`.
fn source_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, Error> {
    let text = decode(path, bytes)?;
    let (value, nodes) = parse_text(path, &text)?;
    let positions = match nodes {
        Some(nodes) => Positions::Nodes(Arc::new(nodes)),
        None => Prefetched::start(&text).map_or(Positions::OnDemand, Positions::Indexing),
    };
    Ok(Source {
        path: path.to_path_buf(),
        text,
        value: Arc::new(value),
        positions,
    })
}

/// The text of a spec file: UTF-8, with or without a byte-order mark, or UTF-16 with one.
/// Anything else is a located error at the first byte that is not valid.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    let fail = |line: usize, column: usize, message: String, help: &str, text: &str| {
        let mut diagnostics = Diagnostics::default();
        let pointer = crate::diag::locate::PositionIndex::build(text)
            .pointer_at(line, column)
            .unwrap_or_else(|| "#".to_string());
        diagnostics.push(
            Diagnostic::error("E0009", &Origin::new(path, pointer), message)
                .help(help)
                .at(line, column),
        );
        diagnostics.fill_from(path, text);
        Error::Spec(diagnostics)
    };
    const UTF8_HELP: &str = "save the file as UTF-8 (YAML and JSON are UTF-8 text)";
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Err(fail(
            1,
            1,
            "the file is UTF-32 (it starts with a UTF-32 byte-order mark)".to_string(),
            UTF8_HELP,
            "",
        ));
    }
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes as fn([u8; 2]) -> u16),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes as fn([u8; 2]) -> u16),
        _ => None,
    };
    if let Some(unit) = utf16 {
        let body = &bytes[2..];
        let units = body.chunks(2).map(|pair| match pair {
            [a, b] => Ok(unit([*a, *b])),
            // An odd number of bytes: the last one is half a code unit.
            _ => Err(()),
        });
        let mut text = String::with_capacity(body.len());
        let mut line = 1;
        let mut column = 1;
        for decoded in char::decode_utf16(units.map_while(Result::ok)) {
            match decoded {
                Ok(c) => {
                    text.push(c);
                    if c == '\n' {
                        line += 1;
                        column = 1;
                    } else {
                        column += 1;
                    }
                }
                Err(error) => {
                    return Err(fail(
                        line,
                        column,
                        format!(
                            "the file is not valid UTF-16: unpaired surrogate {:#06x} at line {line}, column {column}",
                            error.unpaired_surrogate()
                        ),
                        UTF8_HELP,
                        &text,
                    ));
                }
            }
        }
        if body.len() % 2 == 1 {
            return Err(fail(
                line,
                column,
                "the file is not valid UTF-16: it ends in the middle of a character".to_string(),
                UTF8_HELP,
                &text,
            ));
        }
        return Ok(text);
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        // A UTF-8 byte-order mark carries no text.
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let valid_up_to = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            // Everything before the bad byte is text: it gives the line, the column and
            // the node.
            let valid = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |at| at + 1);
            let column = valid[line_start..].chars().count() + 1;
            Err(fail(
                line,
                column,
                format!(
                    "the file is not valid UTF-8: byte {:#04x} at offset {valid_up_to} (line {line}, column {column})",
                    bytes[valid_up_to]
                ),
                UTF8_HELP,
                valid,
            ))
        }
    }
}

/// Parses YAML (or JSON, which is read with the JSON parser for sharper messages); for
/// YAML that the event parser reads, also where its nodes are.
pub fn parse_text(path: &Path, text: &str) -> Result<(Value, Option<NodePositions>), Error> {
    let root = Origin::new(path, "#");
    let fail = |diagnostic: Diagnostic| {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(diagnostic);
        diagnostics.fill_from(path, text);
        Error::Spec(diagnostics)
    };
    if text.trim().is_empty() {
        return Err(fail(
            Diagnostic::error("E0002", &root, "the spec file is empty")
                .help("write an OpenAPI 3.0 or 3.1 document starting with `openapi: 3.1.0`")
                .at(1, 1),
        ));
    }
    let is_json =
        path.extension().is_some_and(|ext| ext == "json") || text.trim_start().starts_with('{');
    let (format, parsed) = if is_json {
        let parsed = serde_json::from_str(text)
            .map_err(|error| (error.to_string(), Some((error.line(), error.column()))));
        ("JSON", parsed)
    } else {
        if let Some((line, column)) =
            crate::diag::locate::too_deep(text, crate::limits::PARSER_DEPTH)
        {
            let diagnostic = syntax_error(
                path,
                text,
                "YAML",
                "recursion limit exceeded",
                Some((line, column)),
            );
            return Err(fail(diagnostic));
        }
        // A large document is parsed in parts on every core when it can be cut safely;
        // otherwise whole, from yaml-rust2's events; serde_yaml decides what those leave
        // (anchors, tags, errors), so its messages are the ones users see.
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let fast =
            super::yaml_parts::parse(text, threads).or_else(|| super::yaml_events::parse(text));
        if let Some((value, nodes)) = fast {
            return Ok((value, Some(nodes)));
        }
        let parsed = serde_yaml::from_str(text).map_err(|error| {
            (
                error.to_string(),
                error.location().map(|l| (l.line(), l.column())),
            )
        });
        ("YAML", parsed)
    };
    match parsed {
        Ok(super::strict::StrictValue(value)) => Ok((value, None)),
        Err((message, position)) => Err(fail(syntax_error(path, text, format, &message, position))),
    }
}

/// A located diagnostic for a parser error; duplicate keys get their own code.
fn syntax_error(
    path: &Path,
    text: &str,
    format: &str,
    message: &str,
    position: Option<(usize, usize)>,
) -> Diagnostic {
    // Parser messages end with " at line L column C" and YAML ones may start with a
    // dotted path; the position and the pointer say both better.
    let mut message = message
        .split(" at line ")
        .next()
        .unwrap_or(message)
        .to_string();
    if let Some((_, rest)) = message
        .split_once(": ")
        .filter(|(head, _)| !head.contains(' '))
    {
        message = rest.to_string();
    }
    let pointer = position
        .and_then(|(line, column)| {
            crate::diag::locate::PositionIndex::build(text).pointer_at(line, column)
        })
        .unwrap_or_else(|| "#".to_string());
    let origin = Origin::new(path, pointer);
    let mut diagnostic = if message.starts_with("recursion limit exceeded") {
        Diagnostic::error(
            "E0010",
            &origin,
            format!("the {format} nests deeper than the parser's limit of 128 levels"),
        )
        .help("move deeply nested schemas to `components/schemas` and reference them with `$ref`")
    } else if message.starts_with("repetition limit exceeded") {
        Diagnostic::error(
            "E0010",
            &origin,
            "the YAML aliases (`*name`) expand to more nodes than the parser's limit",
        )
        .help("write the repeated parts out, or reference one copy with `$ref`")
    } else if let Some(key) = message.strip_prefix("duplicate key ") {
        let key = key.trim_end_matches(" in a mapping");
        Diagnostic::error("E0008", &origin, format!("duplicate key {key}"))
            .help("a key may appear only once in a mapping; remove or rename one of them")
    } else {
        Diagnostic::error("E0001", &origin, format!("invalid {format}: {message}"))
            .help(format!("fix the {format} syntax at this position"))
    };
    diagnostic.position = position;
    diagnostic
}

/// Loads the root spec, applies the overlays to it in order, and checks that it is an
/// OpenAPI 3.0 / 3.1 document.
pub fn load(path: &Path, overlays: &[PathBuf]) -> Result<Loaded, Error> {
    let mut root = read_source(path)?;
    let origin = Origin::new(path, "#");
    let mut diagnostics = Diagnostics::default();
    let mut provenance = super::overlay::Provenance::default();
    let mut overlay_sources = Vec::new();
    for overlay in overlays {
        let (source, warnings) = super::overlay::apply(overlay, root.value_mut(), &mut provenance)?;
        diagnostics.extend(warnings);
        overlay_sources.push(source);
    }
    let located = |mut diagnostics: Diagnostics, root: &Source| {
        provenance.remap(&mut diagnostics, path);
        for source in &overlay_sources {
            diagnostics.fill_from(&source.path, &source.text);
        }
        located(diagnostics, root)
    };
    let Some(object) = root.value.as_object() else {
        diagnostics.push(
            Diagnostic::error("E0003", &origin, "the spec is not an object")
                .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths` keys"),
        );
        return Err(located(diagnostics, &root));
    };
    if let Some(version) = object.get("swagger") {
        diagnostics.push(
            Diagnostic::error(
                "E0004",
                &origin.child("swagger"),
                format!(
                    "Swagger {} documents are not supported",
                    display_scalar(version)
                ),
            )
            .help("convert the document to OpenAPI 3 first (for example with swagger2openapi)"),
        );
        return Err(located(diagnostics, &root));
    }
    match object.get("openapi") {
        None => diagnostics.push(
            Diagnostic::error("E0005", &origin, "the spec has no `openapi` version field")
                .help("add `openapi: 3.1.0` (or a 3.0.x version) at the top of the file"),
        ),
        Some(Value::String(version))
            if version.starts_with("3.0.") || version.starts_with("3.1.") || version == "3.0" || version == "3.1" => {}
        Some(Value::String(version)) if version.starts_with("3.2.") => diagnostics.push(
            Diagnostic::warning(
                "W0005",
                &origin.child("openapi"),
                format!("OpenAPI {version} is read as 3.1; keywords new in 3.2 are ignored"),
            )
            .help("check the generated SDK against the spec's 3.2 features, if it uses any"),
        ),
        Some(version) => diagnostics.push(
            Diagnostic::error(
                "E0005",
                &origin.child("openapi"),
                format!("unsupported OpenAPI version {}", display_scalar(version)),
            )
            .help("this generator reads OpenAPI 3.0.x and 3.1.x; quote the version as a string, e.g. `openapi: \"3.1.0\"`"),
        ),
    }
    if object.contains_key("webhooks") {
        diagnostics.push(
            Diagnostic::warning("W0006", &origin.child("webhooks"), "webhooks are not generated: the SDK only calls the API")
                .help("receive webhooks with your web framework; their payload schemas under `components` are still generated"),
        );
    }
    if !object.contains_key("info") {
        diagnostics.push(
            Diagnostic::error("E0007", &origin, "the spec has no `info` section")
                .help("add `info:` with at least `title` and `version`"),
        );
    }
    let is_3_0 = object
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.0"));
    if is_3_0 && !object.contains_key("paths") {
        diagnostics.push(
            Diagnostic::error(
                "E0007",
                &origin,
                "an OpenAPI 3.0 document needs a `paths` section",
            )
            .help("add `paths: {}` (or the API's paths); only 3.1 documents may leave it out"),
        );
    }
    if diagnostics.has_errors() {
        return Err(located(diagnostics, &root));
    }
    let mut loaded = Loaded {
        root,
        document: std::sync::Arc::new(Document::default()),
        others: BTreeMap::new(),
        warnings: Diagnostics::default(),
        folder: Folder::of(path),
        overlays: overlay_sources,
        provenance,
    };
    if let Err(diagnostic) = loaded.expand_referenced_maps() {
        diagnostics.push(*diagnostic);
        locate_all(&mut diagnostics, &loaded);
        return Err(Error::Spec(diagnostics));
    }
    let root = &loaded.root;
    let document: Document = match super::document::read_document(&root.value) {
        Ok(document) => document,
        Err(super::document::Misshapen { pointer, message }) => {
            diagnostics.push(
                Diagnostic::error(
                    "E0006",
                    &Origin::new(path, pointer),
                    format!("this part of the spec has the wrong shape: {message}"),
                )
                .help("compare it with the OpenAPI specification for this object"),
            );
            loaded.place(&mut diagnostics);
            return Err(Error::Spec(diagnostics));
        }
    };
    // Warnings are placed with those of the later stages ([`Loaded::place`]), when the
    // position index built ahead is done: not waited for here.
    loaded.document = std::sync::Arc::new(document);
    loaded.warnings = diagnostics;
    Ok(loaded)
}

/// Fills in positions from every file loaded so far and sorts.
fn locate_all(diagnostics: &mut Diagnostics, loaded: &Loaded) {
    loaded.place(diagnostics);
}

impl Loaded {
    /// Moves diagnostics about text an overlay added into that overlay, then fills in
    /// positions from every file read (spec, overlays, referenced files) and sorts.
    pub fn place(&self, diagnostics: &mut Diagnostics) {
        self.provenance.remap(diagnostics, &self.root.path);
        for source in std::iter::once(&self.root)
            .chain(&self.overlays)
            .chain(self.others.values())
        {
            let index = |pointers: &[&str]| source.index(pointers);
            diagnostics.fill_from_index(&source.path, &source.text, index);
        }
        diagnostics.sort();
    }

    /// Every file read: the spec, the overlays, and the files its `$ref`s reached.
    pub fn inputs(&self) -> Vec<PathBuf> {
        std::iter::once(self.root.path.clone())
            .chain(self.overlays.iter().map(|source| source.path.clone()))
            .chain(self.others.keys().cloned())
            .collect()
    }
}

/// The maps of the root document that a multi-file layout may move to another file
/// whole (`paths: {$ref: ./paths/_index.yaml}`, as Redocly's `split` writes them).
const MAPS: &[&[&str]] = &[
    &["paths"],
    &["webhooks"],
    &["components", "schemas"],
    &["components", "responses"],
    &["components", "parameters"],
    &["components", "examples"],
    &["components", "requestBodies"],
    &["components", "headers"],
    &["components", "securitySchemes"],
    &["components", "links"],
    &["components", "callbacks"],
    &["components", "pathItems"],
];

impl Loaded {
    /// A map of the root document written as a `$ref` to a map in another file becomes
    /// the map itself, each entry a `$ref` to the entry there: references inside that
    /// file keep resolving relative to it, and pointers into the root
    /// (`#/components/schemas/Pet`) keep working. `components` itself may be a `$ref`
    /// too.
    fn expand_referenced_maps(&mut self) -> Result<(), Box<Diagnostic>> {
        let root_origin = Origin::new(self.root.path.clone(), "#");
        self.expand_map(&root_origin, &["components"], false)?;
        for map in MAPS {
            self.expand_map(&root_origin, map, true)?;
        }
        Ok(())
    }

    /// Expands the map at `keys` of the root document if it is only a `$ref`; `entries`:
    /// whether its entries become references (else the target is copied, for
    /// `components`, whose maps are expanded next).
    fn expand_map(
        &mut self,
        root_origin: &Origin,
        keys: &[&str],
        entries: bool,
    ) -> Result<(), Box<Diagnostic>> {
        let pointer: String = keys.iter().map(|key| format!("/{key}")).collect();
        let Some(reference) = self
            .root
            .value
            .pointer(&pointer)
            .and_then(|map| map.as_object())
            .filter(|map| map.len() == 1)
            .and_then(|map| map.get("$ref"))
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Ok(());
        };
        let origin = keys.iter().fold(root_origin.clone(), |o, key| o.child(key));
        let target = self.locate(&origin, &reference)?;
        let Some(Value::Object(map)) = self.target(&target).cloned() else {
            return Err(Box::new(
                Diagnostic::error(
                    "E0006",
                    &origin.child("$ref"),
                    format!("`$ref: {reference}` must point to a mapping here"),
                )
                .help("reference a file (or a part of one) whose content is the whole map"),
            ));
        };
        let expanded = if entries {
            // Written in the root, so relative to the root's folder: the reference as
            // written, with the entry's pointer appended.
            let (file_part, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
            let fragment = fragment.trim_end_matches('/');
            map.keys()
                .map(|key| {
                    let entry = format!(
                        "{file_part}#{fragment}/{}",
                        pointer_segment(&crate::diag::escape_pointer(key))
                    );
                    (key.clone(), serde_json::json!({ "$ref": entry }))
                })
                .collect()
        } else if target.file == self.root.path {
            map
        } else {
            // `components` from another file: its maps become references into it.
            let mut copied = serde_json::Map::new();
            for key in map.keys() {
                let (file_part, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
                let entry = format!(
                    "{file_part}#{}/{}",
                    fragment.trim_end_matches('/'),
                    pointer_segment(&crate::diag::escape_pointer(key))
                );
                copied.insert(key.clone(), serde_json::json!({ "$ref": entry }));
            }
            copied
        };
        if let Some(slot) = self.root.value_mut().pointer_mut(&pointer) {
            *slot = Value::Object(expanded);
        }
        Ok(())
    }
}

/// A JSON pointer segment as it may appear in a URI fragment (`%`, spaces and other
/// characters that are not allowed there are percent-encoded; [`Loaded::target`] decodes
/// them).
fn pointer_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// Fills in positions from the source text and wraps the diagnostics in an error.
pub fn located(mut diagnostics: Diagnostics, source: &Source) -> Error {
    diagnostics.fill_from(&source.path, &source.text);
    diagnostics.sort();
    Error::Spec(diagnostics)
}

impl Loaded {
    /// Resolves `reference` (as written in the file `from`) to its origin and value.
    ///
    /// Other files are loaded on first use. A reference must stay inside the folder of
    /// the root spec: a build script must not read arbitrary files.
    pub fn resolve(
        &mut self,
        from: &Origin,
        reference: &str,
    ) -> Result<(Origin, Value), Box<Diagnostic>> {
        let origin = self.locate(from, reference)?;
        let value = self.target(&origin).cloned().unwrap_or_default();
        Ok((origin, value))
    }

    /// [`Loaded::resolve`] without copying the value: where `reference` (as written in
    /// `from`) points; [`Loaded::target`] reads the value there.
    pub fn locate(&mut self, from: &Origin, reference: &str) -> Result<Origin, Box<Diagnostic>> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            from.file.clone()
        } else {
            let base = from.file.parent().unwrap_or(Path::new(""));
            normalize(&base.join(file_part))
        };
        if file != self.root.path && !self.others.contains_key(&file) {
            let canonical = self.confine(from, reference, file_part, &file)?;
            let source = read_regular_file(&canonical)
                .and_then(|bytes| source_from_bytes(&file, bytes))
                .map_err(|error| {
                    Box::new(Diagnostic::error(
                        "E0103",
                        from,
                        format!("`$ref: {reference}` names a file that cannot be read: {}", error_line(&error)),
                    )
                    .help("check the file name; it is resolved relative to the file that contains the `$ref`"))
                })?;
            self.others.insert(file.clone(), source);
        }
        let origin = Origin::new(file, format!("#{fragment}"));
        if self.target(&origin).is_some() {
            Ok(origin)
        } else {
            Err(Box::new(Diagnostic::error(
                "E0101",
                from,
                format!("`$ref: {reference}` does not point to anything"),
            )
            .help("check the spelling of the reference; pointers look like `#/components/schemas/Name`")))
        }
    }

    /// The value at `origin`, in a file already loaded (by [`Loaded::locate`]).
    pub fn target(&self, origin: &Origin) -> Option<&Value> {
        target_in(self.tree(origin)?, origin)
    }

    /// The whole tree of the file of `origin` (loaded by [`Loaded::locate`]), shared: read
    /// the value at `origin` in it with [`target_in`] while changing `self`.
    pub fn tree(&self, origin: &Origin) -> Option<&std::sync::Arc<Value>> {
        let source = if origin.file == self.root.path {
            &self.root
        } else {
            self.others.get(&origin.file)?
        };
        Some(&source.value)
    }
}

impl Loaded {
    /// Checks that `file` (the target of `reference`, written in `from`) is a regular file
    /// inside the root spec's folder, symbolic links resolved, and returns its canonical
    /// path. URLs, absolute paths, `..` out of the folder, links that lead out of it,
    /// folders, FIFOs, sockets and devices are all refused.
    fn confine(
        &self,
        from: &Origin,
        reference: &str,
        file_part: &str,
        file: &Path,
    ) -> Result<PathBuf, Box<Diagnostic>> {
        let outside = || {
            Box::new(
                Diagnostic::error(
                    "E0102",
                    from,
                    format!("`$ref: {reference}` points outside the spec's folder"),
                )
                .help("only files in the spec's folder (or below it) can be referenced"),
            )
        };
        let unreadable = |why: String| {
            Box::new(
                Diagnostic::error(
                    "E0103",
                    from,
                    format!("`$ref: {reference}` names a file that cannot be read: {why}"),
                )
                .help("check the file name; it is resolved relative to the file that contains the `$ref`"),
            )
        };
        if has_scheme(file_part) {
            return Err(Box::new(
                Diagnostic::error(
                    "E0102",
                    from,
                    format!("`$ref: {reference}` is a URL; the generator reads no network resources"),
                )
                .help("save the referenced document in the spec's folder and reference it by its relative path"),
            ));
        }
        let folder = self.folder.as_ref().ok_or_else(outside)?;
        // As written: `..` and absolute paths (the clearest message, even for a file that
        // does not exist).
        let file = if file.as_os_str().is_empty() {
            Path::new(".")
        } else {
            file
        };
        let absolute = std::path::absolute(file).map_err(|_| outside())?;
        if !normalize(&absolute).starts_with(&folder.lexical) {
            return Err(outside());
        }
        // As the file system resolves it: symbolic links.
        let canonical =
            std::fs::canonicalize(file).map_err(|error| unreadable(error.to_string()))?;
        if !canonical.starts_with(&folder.canonical) {
            return Err(outside());
        }
        // Before opening: opening a FIFO waits for a writer, a device may never end.
        let metadata =
            std::fs::metadata(&canonical).map_err(|error| unreadable(error.to_string()))?;
        if !metadata.is_file() {
            return Err(unreadable(format!(
                "it is {}, not a regular file",
                file_kind(&metadata.file_type())
            )));
        }
        Ok(canonical)
    }
}

/// Reads a file checked to be a regular one, checking again on the opened handle (the
/// path may have been replaced in between).
fn read_regular_file(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let metadata = file.metadata().map_err(io)?;
    if !metadata.is_file() {
        return Err(io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "it is {}, not a regular file",
                file_kind(&metadata.file_type())
            ),
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// What a file that is not a regular file is, for messages.
fn file_kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "something other than a file"
    }
}

/// `http:`, `https:`, `file:`, `data:`…: a URI scheme (two or more characters, so that a
/// Windows drive letter is left to the path checks).
fn has_scheme(file_part: &str) -> bool {
    match file_part.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() >= 2
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn error_line(error: &Error) -> String {
    match error {
        Error::Io { source, .. } => source.to_string(),
        Error::Spec(diagnostics) => diagnostics
            .iter()
            .next()
            .map(|d| d.message.clone())
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Lexically normalizes `a/./b/../c` to `a/c` without touching the disk.
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

/// The value at `origin` in `tree`, the tree of its file.
pub fn target_in<'v>(tree: &'v Value, origin: &Origin) -> Option<&'v Value> {
    let fragment = origin.pointer.strip_prefix('#')?;
    if fragment.contains('%') {
        walk(tree, &percent_decode(fragment))
    } else {
        walk(tree, fragment)
    }
}

/// The node at JSON pointer `pointer` (without its `#`) in `root`: what
/// `serde_json::Value::pointer` finds, without a copy of each segment.
fn walk<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut node = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = if token.contains('~') {
            std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
        } else {
            std::borrow::Cow::Borrowed(token)
        };
        node = match node {
            Value::Object(map) => map.get(token.as_ref())?,
            Value::Array(items) => {
                // As in RFC 6901: decimal digits, no sign, no leading zero.
                let index = token.as_ref();
                let digits = !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit());
                if !digits || (index.len() > 1 && index.starts_with('0')) {
                    return None;
                }
                items.get(index.parse::<usize>().ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::walk;
    use crate::diag::nodes::NodePositions;

    /// The parser's positions are used while the value is as parsed; once it changes,
    /// the text decides.
    #[test]
    fn a_changed_value_is_placed_from_its_text() {
        let path = std::path::Path::new("spec.yaml");
        let text = "a: 1\nb:\n  c: 2\n";
        let mut source = super::source_from_bytes(path, text.as_bytes().to_vec()).unwrap();
        assert!(matches!(source.positions, super::Positions::Nodes(_)));
        let at = |source: &super::Source| source.index(&["#/b/c"]).unwrap().find("#/b/c");
        assert_eq!(at(&source), Some((3, 3)));
        // Many pointers are found in the text instead.
        let many: Vec<String> = (0..=NodePositions::MAX_WALKS)
            .map(|n| format!("#/b/{n}"))
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(source.index(&many).is_none());
        // Without `a`, the recorded nodes no longer match the value's.
        let root = source.value_mut().as_object_mut().unwrap();
        root.shift_remove("a");
        assert!(matches!(source.positions, super::Positions::Indexing(_)));
        assert_eq!(at(&source), Some((3, 3)));
    }

    /// The walk finds what `serde_json`'s own pointer lookup finds, escapes included.
    #[test]
    fn walk_agrees_with_serde_json_pointers() {
        let root = serde_json::json!({
            "a": {"b/c": [10, {"d~e": true}], "": {"x": 1}},
            "list": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        });
        for pointer in [
            "",
            "/a",
            "/a/b~1c",
            "/a/b~1c/0",
            "/a/b~1c/1/d~0e",
            "/a/",
            "/a//x",
            "/list/11",
            "/list/01",
            "/list/+1",
            "/list/-1",
            "/list/12",
            "/list/",
            "/a/b~1c/x",
            "a",
            "/zz",
            "/a/b~1c/0/q",
            "/list/1e1",
        ] {
            assert_eq!(walk(&root, pointer), root.pointer(pointer), "{pointer:?}");
        }
    }
}
