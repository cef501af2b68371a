//! Path items (inline or `$ref`) and path templates (`/a/{b}/c`).

use std::borrow::Cow;

use super::Lowerer;
use crate::diag::{Diagnostic, Origin};
use crate::ir::{PathPart, PathTemplate};
use crate::lower::settings::quoted;
use crate::spec::{self, RefOr};

/// The path item at `paths/<path>` and where it is: borrowed unless it comes from a
/// `$ref` (a path item is big: no copy of it).
pub(super) fn path_item<'d>(
    lowerer: &mut Lowerer<'_>,
    paths_origin: &Origin,
    path: &str,
    item: &'d RefOr<spec::PathItem>,
) -> Option<(Origin, Cow<'d, spec::PathItem>)> {
    let item_origin = paths_origin.child(path);
    let reference = match item {
        RefOr::Item(item) => return Some((item_origin, Cow::Borrowed(item))),
        RefOr::Ref(reference) => &reference.reference,
    };
    // A chain of references (an index file whose entries reference one file per path).
    let written = serde_json::json!({ "$ref": reference });
    let (origin, value) = lowerer.resolve_fully(&written, &item_origin)?;
    match <spec::PathItem as serde::Deserialize>::deserialize(&*value) {
        Ok(item) => Some((origin, Cow::Owned(item))),
        Err(error) => {
            lowerer.error(
                Diagnostic::error("E0006", &origin, format!("invalid path item: {error}"))
                    .help("a path item maps HTTP methods (`get`, `post`, …) to operations"),
            );
            None
        }
    }
}

/// The parsed template of `path`; reports a malformed one (E0310).
///
/// A `#fragment` is never part of a request (RFC 3986, 3.5): specs that describe two
/// operations on one path and method keep their keys apart with one (Box's
/// `/files/{file_id}#add_shared_link`). It is dropped, with a warning (W0312). A `#`
/// followed by a placeholder is not such a key: it stays part of the path (sent as `%23`).
pub(super) fn template(
    lowerer: &mut Lowerer<'_>,
    path: &str,
    item_origin: &Origin,
) -> Option<PathTemplate> {
    let path = match path.split_once('#') {
        Some((sent, fragment)) if !fragment.contains(['{', '}']) => {
            lowerer.diagnostics.push(
                Diagnostic::warning(
                    "W0312",
                    item_origin,
                    format!(
                        "the path has a fragment ({}), which is never sent: requests go to {}",
                        quoted(&format!("#{fragment}")),
                        quoted(sent)
                    ),
                )
                .help("a fragment only keeps two keys of `paths` apart; the operationId already names the operation"),
            );
            sent
        }
        _ => path,
    };
    match parse_path(path) {
        Ok(template) => Some(template),
        Err(message) => {
            lowerer.error(
                Diagnostic::error(
                    "E0310",
                    item_origin,
                    format!("invalid path template: {message}"),
                )
                .help("path parameters are written `{name}`"),
            );
            None
        }
    }
}

/// The names of the `{placeholders}` of a template, in order.
pub(super) fn template_params(template: &PathTemplate) -> Vec<&str> {
    template
        .parts
        .iter()
        .filter_map(|part| match part {
            PathPart::Param(name) => Some(name.as_str()),
            PathPart::Literal(_) => None,
        })
        .collect()
}

/// Parses `/a/{b}/c` into literal and parameter parts.
fn parse_path(raw: &str) -> Result<PathTemplate, String> {
    let mut parts = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_string()));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err("a `{` has no matching `}`".to_string());
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("`{{{name}}}` is not a valid path parameter"));
        }
        parts.push(PathPart::Param(name.to_string()));
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') {
        return Err("a `}` has no matching `{`".to_string());
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    Ok(PathTemplate {
        raw: raw.to_string(),
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_path_templates() {
        let template = parse_path("/api/v2/batches/{batch_id}/cancel").unwrap();
        assert_eq!(
            template.parts,
            vec![
                PathPart::Literal("/api/v2/batches/".into()),
                PathPart::Param("batch_id".into()),
                PathPart::Literal("/cancel".into()),
            ]
        );
        assert_eq!(template_params(&template), ["batch_id"]);
        assert!(parse_path("/a/{b").is_err());
        assert!(parse_path("/a/b}").is_err());
        assert!(parse_path("/a/{}").is_err());
        assert_eq!(parse_path("/{a}{b}").unwrap().parts.len(), 3);
    }
}
