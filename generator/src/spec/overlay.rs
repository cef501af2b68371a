//! OpenAPI Overlays (the OpenAPI Initiative's Overlay 1.0 format): JSONPath-targeted
//! changes applied to the parsed spec before anything reads it.
//!
//! An overlay is `overlay: 1.0.0`, `info` and `actions`; each action has a `target` (a
//! JSONPath), and an `update` (merged into every node the target selects) or
//! `remove: true` (deletes them). Objects merge recursively, an update of an array
//! appends to it, anything else is replaced. The JSONPath subset: `$`, `.name`,
//! `['name']`, `[n]`, `[*]`, `.*`, `..name` / `..*` (recursive descent) and filters
//! `[?(@.key == 'value')]` / `[?(@.key != 'value')]` / `[?(@.key)]` (`@.key` may be a
//! dotted path; the value a string, number, boolean or `null`).
//!
//! Problems are located in the overlay file: a document of the wrong shape or a target
//! that is not valid JSONPath is an error (E0013), a target that selects nothing a
//! warning (W0007). Every value an action adds is recorded ([`Provenance`]), so that a
//! diagnostic about it points into the overlay rather than the spec.

use std::path::Path;

use serde_json::{Map, Value};

use super::load::{Source, read_source};
use crate::Error;
use crate::diag::{Diagnostic, Diagnostics, Origin, escape_pointer};

/// Where the values an overlay added to the spec came from: spec pointer → overlay origin,
/// in the order they were applied (a later entry wins).
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    entries: Vec<(String, Origin)>,
}

impl Provenance {
    /// The overlay origin of the spec node at `pointer`, when an overlay wrote it: the
    /// innermost recorded node above or at `pointer`, with the rest of the pointer kept.
    pub fn origin_of(&self, pointer: &str) -> Option<Origin> {
        self.entries
            .iter()
            .rev()
            .filter(|(prefix, _)| {
                pointer == prefix
                    || pointer
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(prefix, origin)| {
                Origin::new(
                    origin.file.clone(),
                    format!("{}{}", origin.pointer, &pointer[prefix.len()..]),
                )
            })
    }

    /// Moves every diagnostic about a node an overlay wrote (in `spec`) into the overlay.
    pub fn remap(&self, diagnostics: &mut Diagnostics, spec: &Path) {
        if self.entries.is_empty() {
            return;
        }
        diagnostics.remap(|origin| {
            (origin.file == spec)
                .then(|| self.origin_of(&origin.pointer))
                .flatten()
        });
    }
}

/// Applies the overlay at `path` to `spec` (the parsed root document). Returns the
/// overlay's text (for locating diagnostics) and its warnings; a broken overlay is an
/// error located in it.
pub fn apply(
    path: &Path,
    spec: &mut Value,
    provenance: &mut Provenance,
) -> Result<(Source, Diagnostics), Error> {
    let source = read_source(path)?;
    let mut diagnostics = Diagnostics::default();
    let root = Origin::new(path, "#");
    let actions = match actions(source.value(), &root) {
        Ok(actions) => actions,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            diagnostics.fill_from(path, &source.text);
            return Err(Error::Spec(diagnostics));
        }
    };
    for action in actions {
        let selected = match parse(action.target).map(|path| select(spec, &path)) {
            Ok(selected) => selected,
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error(
                        "E0013",
                        &action.origin.child("target"),
                        format!("the target is not JSONPath this generator reads: {problem}"),
                    )
                    .help(SYNTAX_HELP),
                );
                continue;
            }
        };
        if selected.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "W0007",
                    &action.origin.child("target"),
                    format!("the target `{}` selects nothing in the spec", action.target),
                )
                .help("check the target against the spec (keys are case-sensitive); the action is skipped"),
            );
            continue;
        }
        if action.remove {
            // Last first, so that removing an array element does not shift the others.
            for node in selected.iter().rev() {
                remove(spec, node);
            }
        } else if let Some(update) = action.update {
            let update_origin = action.origin.child("update");
            for node in &selected {
                if let Some(target) = lookup_mut(spec, node) {
                    merge(target, update, &pointer(node), &update_origin, provenance);
                }
            }
        }
    }
    diagnostics.fill_from(path, &source.text);
    if diagnostics.has_errors() {
        return Err(Error::Spec(diagnostics));
    }
    Ok((source, diagnostics))
}

const SYNTAX_HELP: &str = "write `$` followed by `.name`, `['name']`, `[0]`, `[*]`, `.*`, `..name` or `[?(@.key == 'value')]`";

/// One action of an overlay, checked.
struct Action<'v> {
    origin: Origin,
    target: &'v str,
    update: Option<&'v Value>,
    remove: bool,
}

/// The actions of an overlay document (E0013 when it has the wrong shape).
fn actions<'v>(value: &'v Value, root: &Origin) -> Result<Vec<Action<'v>>, Box<Diagnostic>> {
    let fail = |origin: &Origin, message: String, help: &str| {
        Box::new(Diagnostic::error("E0013", origin, message).help(help))
    };
    let Some(object) = value.as_object() else {
        return Err(fail(
            root,
            "the overlay is not a mapping".to_string(),
            "an overlay is a mapping with `overlay: 1.0.0`, `info` and `actions`",
        ));
    };
    match object.get("overlay") {
        Some(Value::String(version)) if version.starts_with("1.") => {}
        Some(_) => {
            return Err(fail(
                &root.child("overlay"),
                "unsupported overlay version".to_string(),
                "this generator reads Overlay 1.x documents: write `overlay: 1.0.0`",
            ));
        }
        None => {
            return Err(fail(
                root,
                "the file has no `overlay` version field, so it is not an overlay".to_string(),
                "start the overlay with `overlay: 1.0.0`",
            ));
        }
    }
    let Some(list) = object.get("actions").and_then(Value::as_array) else {
        return Err(fail(
            root,
            "the overlay has no `actions` list".to_string(),
            "add `actions:`, a list of `{target, update}` or `{target, remove: true}`",
        ));
    };
    let origin = root.child("actions");
    let mut actions = Vec::new();
    for (index, action) in list.iter().enumerate() {
        let origin = origin.child(index.to_string());
        let Some(action) = action.as_object() else {
            return Err(fail(
                &origin,
                "an action is not a mapping".to_string(),
                "write each action as `{target: <JSONPath>, update: {…}}` or `{target: …, remove: true}`",
            ));
        };
        let Some(target) = action.get("target").and_then(Value::as_str) else {
            return Err(fail(
                &origin,
                "the action has no `target` string".to_string(),
                "add `target:`, a JSONPath such as `$.paths['/pets'].get`",
            ));
        };
        let remove = match action.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(_) => {
                return Err(fail(
                    &origin.child("remove"),
                    "`remove` is not a boolean".to_string(),
                    "write `remove: true` to delete the selected nodes",
                ));
            }
        };
        let update = action.get("update");
        if update.is_none() && !remove {
            return Err(fail(
                &origin,
                "the action has neither `update` nor `remove: true`".to_string(),
                "add `update:` with the values to merge, or `remove: true`",
            ));
        }
        actions.push(Action {
            origin,
            target,
            update,
            remove,
        });
    }
    Ok(actions)
}

/// One step of a path to a node.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The JSON pointer (`#/a/0`) of a node.
fn pointer(node: &[Step]) -> String {
    let mut pointer = "#".to_string();
    for step in node {
        pointer.push('/');
        match step {
            Step::Key(key) => pointer.push_str(&escape_pointer(key)),
            Step::Index(index) => pointer.push_str(&index.to_string()),
        }
    }
    pointer
}

/// One segment of a JSONPath.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// `.name`, `['name']`.
    Child(String),
    /// `[n]`.
    Index(usize),
    /// `.*`, `[*]`.
    Wildcard,
    /// `..` before the next segment: the node and all its descendants.
    Descendants,
    /// `[?(@.a.b == value)]`, `[?(@.a.b != value)]`, `[?(@.a.b)]`.
    Filter {
        path: Vec<String>,
        test: Option<(bool, Value)>,
    },
}

/// Parses the JSONPath subset (see the module docs).
fn parse(text: &str) -> Result<Vec<Segment>, String> {
    let chars: Vec<char> = text.trim().chars().collect();
    if chars.first() != Some(&'$') {
        return Err("it must start with `$`".to_string());
    }
    let mut segments = Vec::new();
    let mut at = 1;
    while at < chars.len() {
        match chars[at] {
            '.' if chars.get(at + 1) == Some(&'.') => {
                segments.push(Segment::Descendants);
                at += 2;
                if chars.get(at) == Some(&'[') {
                    continue;
                }
                at = dot_member(&chars, at, &mut segments)?;
            }
            '.' => at = dot_member(&chars, at + 1, &mut segments)?,
            '[' => at = bracket(&chars, at + 1, &mut segments)?,
            other => return Err(format!("unexpected `{other}` at character {}", at + 1)),
        }
    }
    Ok(segments)
}

/// `name` or `*` after a dot; returns the position after it.
fn dot_member(chars: &[char], at: usize, segments: &mut Vec<Segment>) -> Result<usize, String> {
    if chars.get(at) == Some(&'*') {
        segments.push(Segment::Wildcard);
        return Ok(at + 1);
    }
    let end = (at..chars.len())
        .find(|&i| matches!(chars[i], '.' | '['))
        .unwrap_or(chars.len());
    if end == at {
        return Err(format!("a name is missing at character {}", at + 1));
    }
    segments.push(Segment::Child(chars[at..end].iter().collect()));
    Ok(end)
}

/// The inside of `[…]` from `at` (after the bracket); returns the position after `]`.
fn bracket(chars: &[char], at: usize, segments: &mut Vec<Segment>) -> Result<usize, String> {
    let unclosed = || "a `[` is not closed".to_string();
    match chars.get(at) {
        Some('\'' | '"') => {
            let (name, after) = quoted(chars, at)?;
            if chars.get(after) != Some(&']') {
                return Err(unclosed());
            }
            segments.push(Segment::Child(name));
            Ok(after + 1)
        }
        Some('*') if chars.get(at + 1) == Some(&']') => {
            segments.push(Segment::Wildcard);
            Ok(at + 2)
        }
        Some('?') => {
            let close = find_close(chars, at).ok_or_else(unclosed)?;
            let inner: String = chars[at + 1..close].iter().collect();
            segments.push(filter(inner.trim())?);
            Ok(close + 1)
        }
        Some(c) if c.is_ascii_digit() => {
            let end = (at..chars.len())
                .find(|&i| !chars[i].is_ascii_digit())
                .ok_or_else(unclosed)?;
            if chars[end] != ']' {
                return Err(unclosed());
            }
            let digits: String = chars[at..end].iter().collect();
            let index = digits
                .parse()
                .map_err(|_| format!("index {digits} is too large"))?;
            segments.push(Segment::Index(index));
            Ok(end + 1)
        }
        _ => Err(format!(
            "expected a quoted name, `*`, an index or a filter at character {}",
            at + 1
        )),
    }
}

/// A quoted string starting at `at`; returns it and the position after the closing quote.
fn quoted(chars: &[char], at: usize) -> Result<(String, usize), String> {
    let quote = chars[at];
    let mut text = String::new();
    let mut i = at + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                text.push(chars[i + 1]);
                i += 2;
            }
            c if c == quote => return Ok((text, i + 1)),
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    Err("a quoted name is not closed".to_string())
}

/// The `]` that closes a filter starting at `at`, skipping quoted text.
fn find_close(chars: &[char], at: usize) -> Option<usize> {
    let mut quote = None;
    let mut i = at;
    while i < chars.len() {
        match (quote, chars[i]) {
            (Some(_), '\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(chars[i]),
            (None, ']') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// `?(@.a.b == value)` (parentheses optional) → a filter.
fn filter(text: &str) -> Result<Segment, String> {
    let body = text.trim_start_matches('?').trim();
    let body = body
        .strip_prefix('(')
        .and_then(|b| b.strip_suffix(')'))
        .unwrap_or(body)
        .trim();
    let unsupported = || format!("unsupported filter `{text}`: write `?(@.key == 'value')`");
    let (left, test) = match body
        .split_once("==")
        .map(|(l, r)| (l, r, true))
        .or_else(|| body.split_once("!=").map(|(l, r)| (l, r, false)))
    {
        Some((left, right, equal)) => {
            let right = right.trim();
            let value = if right.starts_with(['\'', '"']) {
                let chars: Vec<char> = right.chars().collect();
                let (text, after) = quoted(&chars, 0)?;
                if after != chars.len() {
                    return Err(unsupported());
                }
                Value::String(text)
            } else {
                serde_json::from_str(right).map_err(|_| unsupported())?
            };
            (left.trim(), Some((equal, value)))
        }
        None => (body, None),
    };
    let path = left.strip_prefix("@.").ok_or_else(unsupported)?;
    let path: Vec<String> = path.split('.').map(str::to_string).collect();
    let plain = |key: &String| {
        !key.is_empty()
            && !key.contains(|c: char| c.is_whitespace() || "=!<>~()&|'\"[]".contains(c))
    };
    if !path.iter().all(plain) {
        return Err(unsupported());
    }
    Ok(Segment::Filter { path, test })
}

/// The nodes `path` selects in `root`, in document order, each once.
fn select(root: &Value, path: &[Segment]) -> Vec<Vec<Step>> {
    let mut nodes: Vec<(Vec<Step>, &Value)> = vec![(Vec::new(), root)];
    for segment in path {
        let mut next = Vec::new();
        for (at, value) in nodes {
            match segment {
                Segment::Child(name) => {
                    if let Some(child) = value.as_object().and_then(|o| o.get(name)) {
                        next.push((extend(&at, Step::Key(name.clone())), child));
                    }
                }
                Segment::Index(index) => {
                    if let Some(child) = value.as_array().and_then(|a| a.get(*index)) {
                        next.push((extend(&at, Step::Index(*index)), child));
                    }
                }
                Segment::Wildcard => children(&at, value, &mut next),
                Segment::Descendants => descendants(at, value, &mut next),
                Segment::Filter { path, test } => {
                    let mut candidates = Vec::new();
                    children(&at, value, &mut candidates);
                    next.extend(
                        candidates
                            .into_iter()
                            .filter(|(_, child)| passes(child, path, test.as_ref())),
                    );
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        next.retain(|(at, _)| seen.insert(pointer(at)));
        nodes = next;
    }
    nodes.into_iter().map(|(at, _)| at).collect()
}

fn extend(at: &[Step], step: Step) -> Vec<Step> {
    let mut path = at.to_vec();
    path.push(step);
    path
}

fn children<'v>(at: &[Step], value: &'v Value, out: &mut Vec<(Vec<Step>, &'v Value)>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                out.push((extend(at, Step::Key(key.clone())), child));
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                out.push((extend(at, Step::Index(index)), child));
            }
        }
        _ => {}
    }
}

/// The node and every node below it, depth first, without recursion.
fn descendants<'v>(at: Vec<Step>, value: &'v Value, out: &mut Vec<(Vec<Step>, &'v Value)>) {
    let mut stack = vec![(at, value)];
    while let Some((at, value)) = stack.pop() {
        let mut below = Vec::new();
        children(&at, value, &mut below);
        out.push((at, value));
        stack.extend(below.into_iter().rev());
    }
}

fn passes(value: &Value, path: &[String], test: Option<&(bool, Value)>) -> bool {
    let mut node = Some(value);
    for key in path {
        node = node.and_then(|n| n.as_object()).and_then(|o| o.get(key));
    }
    match (node, test) {
        (found, None) => found.is_some(),
        (found, Some((equal, expected))) => (found == Some(expected)) == *equal,
    }
}

fn lookup_mut<'v>(root: &'v mut Value, node: &[Step]) -> Option<&'v mut Value> {
    let mut value = root;
    for step in node {
        value = match step {
            Step::Key(key) => value.as_object_mut()?.get_mut(key)?,
            Step::Index(index) => value.as_array_mut()?.get_mut(*index)?,
        };
    }
    Some(value)
}

fn remove(root: &mut Value, node: &[Step]) {
    let Some((last, parent)) = node.split_last() else {
        // `$` itself: the document cannot be removed; an empty one is what is left.
        *root = Value::Object(Map::new());
        return;
    };
    match (lookup_mut(root, parent), last) {
        (Some(Value::Object(object)), Step::Key(key)) => {
            object.shift_remove(key);
        }
        (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
}

/// Merges `update` into `target`: objects key by key (recursively), arrays by appending,
/// anything else replaced. Records where every value it writes came from.
fn merge(target: &mut Value, update: &Value, at: &str, from: &Origin, provenance: &mut Provenance) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                let at = format!("{at}/{}", escape_pointer(key));
                let from = from.child(key);
                match target.get_mut(key) {
                    Some(existing @ (Value::Object(_) | Value::Array(_)))
                        if existing.is_object() == value.is_object()
                            && existing.is_array() == value.is_array() =>
                    {
                        merge(existing, value, &at, &from, provenance);
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                        provenance.entries.push((at, from));
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => {
            for (index, value) in update.iter().enumerate() {
                let at = format!("{at}/{}", target.len());
                provenance.entries.push((at, from.child(index.to_string())));
                target.push(value.clone());
            }
        }
        (Value::Array(target), update) => {
            provenance
                .entries
                .push((format!("{at}/{}", target.len()), from.clone()));
            target.push(update.clone());
        }
        (target, update) => {
            *target = update.clone();
            provenance.entries.push((at.to_string(), from.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(spec: &Value, target: &str) -> Vec<String> {
        let path = parse(target).expect("parses");
        select(spec, &path).iter().map(|n| pointer(n)).collect()
    }

    #[test]
    fn selects_the_subset() {
        let spec = json!({
            "paths": {
                "/pets": {"get": {"operationId": "list", "tags": ["a"]}, "post": {"operationId": "add"}},
                "/pets/{id}": {"get": {"operationId": "get"}}
            }
        });
        assert_eq!(run(&spec, "$"), ["#"]);
        assert_eq!(run(&spec, "$.paths['/pets'].get"), ["#/paths/~1pets/get"]);
        assert_eq!(
            run(&spec, "$.paths[\"/pets\"].get.tags[0]"),
            ["#/paths/~1pets/get/tags/0"]
        );
        assert_eq!(
            run(&spec, "$.paths.*.get"),
            ["#/paths/~1pets/get", "#/paths/~1pets~1{id}/get"]
        );
        assert_eq!(
            run(&spec, "$..operationId").len(),
            3,
            "recursive descent finds every id"
        );
        assert_eq!(
            run(&spec, "$.paths[*][?(@.operationId == 'add')]"),
            ["#/paths/~1pets/post"]
        );
        assert_eq!(run(&spec, "$.paths.*[?(@.operationId != 'add')]").len(), 2);
        assert_eq!(run(&spec, "$.paths.*[?(@.tags)]"), ["#/paths/~1pets/get"]);
        assert!(run(&spec, "$.nothing").is_empty());
        for bad in ["paths", "$.", "$[", "$['a'", "$[?(@.a ~ 1)]", "$[x]"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]
        /// Any target text parses or is refused, and selecting with it never panics.
        #[test]
        fn any_target_is_read_without_panicking(target in "\\$[.\\[\\]'\"?@=!*()a-z0-9 ~]{0,24}") {
            let spec = json!({"a": [{"b": 1}, {"b": "x"}], "c": {"d": {"b": null}}});
            if let Ok(path) = parse(&target) {
                for node in select(&spec, &path) {
                    let mut copy = spec.clone();
                    remove(&mut copy, &node);
                }
            }
        }
    }

    #[test]
    fn merges_appends_and_records() {
        let mut spec = json!({"a": {"b": 1, "list": [1]}, "arr": [1]});
        let mut provenance = Provenance::default();
        let from = Origin::new("o.yaml", "#/actions/0/update");
        merge(
            &mut spec,
            &json!({"a": {"c": {"d": 2}, "list": [2]}}),
            "#",
            &from,
            &mut provenance,
        );
        assert_eq!(
            spec,
            json!({"a": {"b": 1, "c": {"d": 2}, "list": [1, 2]}, "arr": [1]})
        );
        assert_eq!(
            provenance
                .origin_of("#/a/c/d")
                .map(|o| o.pointer)
                .as_deref(),
            Some("#/actions/0/update/a/c/d")
        );
        assert_eq!(provenance.origin_of("#/a/b"), None);
        remove(
            &mut spec,
            &[Step::Key("a".into()), Step::Key("list".into())],
        );
        assert_eq!(spec, json!({"a": {"b": 1, "c": {"d": 2}}, "arr": [1]}));
    }
}
