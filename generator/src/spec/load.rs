//! Reading spec files: bytes → YAML/JSON value → [`Document`], and `$ref` targets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Document;
use crate::Error;
use crate::diag::{Diagnostic, Diagnostics, Origin};

/// One file of the spec: its text (for diagnostics) and its parsed value.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as given (root) or as resolved relative to the referring file.
    pub path: PathBuf,
    /// The file text.
    pub text: String,
    /// The parsed tree.
    pub value: Value,
}

/// The loaded spec: the root document and every file a `$ref` reached.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The root file.
    pub root: Source,
    /// The typed root document.
    pub document: Document,
    /// Other files, by path, loaded on demand by [`Loaded::resolve`].
    pub others: BTreeMap<PathBuf, Source>,
    /// Warnings found while loading.
    pub warnings: Diagnostics,
}

/// Reads and parses one file into a JSON value.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let value = parse_text(path, &text)?;
    Ok(Source {
        path: path.to_path_buf(),
        text,
        value,
    })
}

/// Parses YAML (or JSON, which is read with the JSON parser for sharper messages).
pub fn parse_text(path: &Path, text: &str) -> Result<Value, Error> {
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
        let parsed = serde_yaml::from_str(text).map_err(|error| {
            (
                error.to_string(),
                error.location().map(|l| (l.line(), l.column())),
            )
        });
        ("YAML", parsed)
    };
    match parsed {
        Ok(super::strict::StrictValue(value)) => Ok(value),
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
            super::locate::PositionIndex::build(text).pointer_at(line, column)
        })
        .unwrap_or_else(|| "#".to_string());
    let origin = Origin::new(path, pointer);
    let mut diagnostic = if let Some(key) = message.strip_prefix("duplicate key ") {
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

/// Loads the root spec and checks that it is an OpenAPI 3.0 / 3.1 document.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let root = read_source(path)?;
    let origin = Origin::new(path, "#");
    let mut diagnostics = Diagnostics::default();
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
    let document: Document = match serde_path_to_error::deserialize(&root.value) {
        Ok(document) => document,
        Err(error) => {
            let pointer = path_to_pointer(error.path());
            let message = error.inner().to_string();
            diagnostics.push(
                Diagnostic::error(
                    "E0006",
                    &Origin::new(path, pointer),
                    format!("this part of the spec has the wrong shape: {message}"),
                )
                .help("compare it with the OpenAPI specification for this object"),
            );
            return Err(located(diagnostics, &root));
        }
    };
    diagnostics.fill_from(path, &root.text);
    Ok(Loaded {
        root,
        document,
        others: BTreeMap::new(),
        warnings: diagnostics,
    })
}

fn display_scalar(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

/// Converts a serde path (`paths./a.get.responses`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        let text = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&crate::diag::escape_pointer(&text));
    }
    pointer
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
        let (file_part, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, fragment),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            from.file.clone()
        } else {
            let base = from.file.parent().unwrap_or(Path::new(""));
            let joined = normalize(&base.join(file_part));
            let root_dir = normalize(self.root.path.parent().unwrap_or(Path::new("")));
            if file_part.contains("://") || !joined.starts_with(&root_dir) {
                return Err(Box::new(
                    Diagnostic::error(
                        "E0102",
                        from,
                        format!("`$ref: {reference}` points outside the spec's folder"),
                    )
                    .help("only files in the spec's folder (or below it) can be referenced"),
                ));
            }
            joined
        };
        if file != self.root.path && !self.others.contains_key(&file) {
            let source = read_source(&file).map_err(|error| {
                Box::new(Diagnostic::error(
                    "E0103",
                    from,
                    format!("`$ref: {reference}` names a file that cannot be read: {}", error_line(&error)),
                )
                .help("check the file name; it is resolved relative to the file that contains the `$ref`"))
            })?;
            self.others.insert(file.clone(), source);
        }
        let source = if file == self.root.path {
            &self.root
        } else {
            &self.others[&file]
        };
        let unescaped_ok = fragment.is_empty() || fragment.starts_with('/');
        let target = if unescaped_ok {
            source.value.pointer(&percent_decode(fragment))
        } else {
            None
        };
        match target {
            Some(value) => Ok((Origin::new(file, format!("#{fragment}")), value.clone())),
            None => Err(Box::new(Diagnostic::error(
                "E0101",
                from,
                format!("`$ref: {reference}` does not point to anything"),
            )
            .help("check the spelling of the reference; pointers look like `#/components/schemas/Name`"))),
        }
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
