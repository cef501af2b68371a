//! Parses a large YAML document on several threads: the text is cut at mapping keys of
//! the first two levels, each part is parsed alone (by `yaml_events`), and the parts are
//! joined back.
//!
//! The cut is only taken where it cannot change the meaning of the document. A line that
//! starts a key at column 0, or at the indentation of a top-level key's children, ends
//! every block scalar and plain scalar above it; a quoted scalar or a flow collection
//! that runs across the cut leaves the part before it unterminated, which fails to parse.
//! Any failure (a part that does not parse, an alias to an anchor of another part, a key
//! found in two parts, document markers) gives `None`, and the caller parses the whole
//! text as one, so errors and their positions are always those of the whole document.

use serde_json::{Map, Value};

use crate::diag::nodes::NodePositions;

/// Below this size the threads cost more than they save.
const PARALLEL_FROM: usize = 96 * 1024;
/// Parts per thread the machine offers, at most.
const MAX_PARTS: usize = 4;

/// One part of the text, and the top-level key whose children it continues (it is then
/// parsed after that key, repeated).
struct Part<'t> {
    body: &'t str,
    continues: Option<&'t str>,
    /// Lines of the text before the part.
    lines_before: u32,
}

impl Part<'_> {
    /// The part parsed alone (on the thread that calls it).
    fn parse(&self) -> Option<(Value, NodePositions)> {
        match self.continues {
            Some(key) => super::yaml_events::parse(&format!("{key}:\n{}", self.body)),
            None => super::yaml_events::parse(self.body),
        }
    }
}

/// The document and its nodes' positions, parsed in parts on `threads` threads, or `None`
/// when it is too small, has no safe cut, or any part fails.
pub fn parse(text: &str, threads: usize) -> Option<(Value, NodePositions)> {
    if text.len() < PARALLEL_FROM {
        return None;
    }
    parse_any_size(text, threads)
}

pub(crate) fn parse_any_size(text: &str, threads: usize) -> Option<(Value, NodePositions)> {
    let parts_wanted = threads.min(MAX_PARTS);
    if parts_wanted < 2 {
        return None;
    }
    let cuts = Cuts::find(text)?;
    let parts = cuts.parts(text, parts_wanted)?;
    let parsed: Vec<Option<(Value, NodePositions)>> = std::thread::scope(|scope| {
        let (first, rest) = parts.split_first()?;
        let handles: Vec<_> = rest
            .iter()
            .map(|part| scope.spawn(|| part.parse()))
            .collect();
        let mut values = vec![first.parse()];
        for handle in handles {
            values.push(handle.join().ok().flatten());
        }
        Some(values)
    })?;
    join(parts.iter().zip(parsed))
}

/// Joins the parsed parts; `None` on a key that two parts both hold.
fn join<'p>(
    parsed: impl Iterator<Item = (&'p Part<'p>, Option<(Value, NodePositions)>)>,
) -> Option<(Value, NodePositions)> {
    let mut root = Map::new();
    let mut nodes: Option<NodePositions> = None;
    for (part, parsed) in parsed {
        let (Value::Object(object), part_nodes) = parsed? else {
            return None;
        };
        match &mut nodes {
            // The first part starts the text.
            None => nodes = Some(part_nodes),
            // A continuing part starts with the repeated key's line, which is not in the
            // text.
            Some(nodes) => match part.continues {
                Some(_) => nodes.append(part_nodes, 2, part.lines_before.checked_sub(1)?)?,
                None => nodes.append(part_nodes, 1, part.lines_before)?,
            },
        }
        let mut entries = object.into_iter();
        if let Some(key) = part.continues {
            // The part's first key is its header: the top-level key it continues, which
            // must be the last key so far, holding a mapping.
            let (first, children) = entries.next()?;
            let (last, Value::Object(held)) = root.iter_mut().next_back()? else {
                return None;
            };
            let Value::Object(children) = children else {
                return None;
            };
            if first != key || last != key {
                return None;
            }
            for (child, value) in children {
                if held.insert(child, value).is_some() {
                    return None;
                }
            }
        }
        for (key, value) in entries {
            if root.insert(key, value).is_some() {
                return None;
            }
        }
    }
    Some((Value::Object(root), nodes?))
}

/// What a top-level key holds, as far as its first lines tell.
enum Children {
    Unknown,
    /// A block mapping whose keys are indented this far.
    Mapping(usize),
    Sequence,
}

/// The places where the text may be cut.
struct Cuts<'t> {
    /// Byte offsets of lines that start a top-level key.
    top: Vec<usize>,
    /// Byte offsets of lines that start a second-level key (never a first child), each
    /// with the top-level key it belongs to.
    nested: Vec<(usize, &'t str)>,
}

impl<'t> Cuts<'t> {
    fn find(text: &'t str) -> Option<Cuts<'t>> {
        // An alias in one part to an anchor in another fails that part, and the whole text
        // is parsed again: a text that may hold aliases is not cut at all.
        if may_alias(text) {
            return None;
        }
        let mut top = Vec::new();
        let mut nested = Vec::new();
        // The top-level key whose value we are in (when it starts on the next line), and
        // what its children are.
        let mut parent: Option<(&str, Children)> = None;
        let mut offset = 0;
        let mut seen_content = false;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let indent = line.bytes().take_while(|&byte| byte == b' ').count();
            // Most lines are deeper than any cut: nothing more to read in them.
            let deeper = match &parent {
                Some((_, Children::Mapping(at))) => indent > *at,
                Some((_, Children::Sequence)) => indent > 0,
                _ => false,
            };
            if deeper {
                continue;
            }
            let rest = line[indent..].trim_end_matches(['\n', '\r']);
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let item = rest == "-" || rest.starts_with("- ");
            if indent == 0 && !item {
                // Directives and document markers: several documents, or one whose end
                // is marked; either way, not cut.
                if rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%') {
                    if seen_content {
                        return None;
                    }
                    continue;
                }
                seen_content = true;
                let (key, value) = plain_key(rest)?;
                top.push(start);
                parent = value_is_empty(value).then_some((key, Children::Unknown));
                continue;
            }
            seen_content = true;
            // A top-level sequence item, or text that belongs to no key: not cut.
            let (key, children) = parent.as_mut()?;
            match children {
                Children::Unknown if item => *children = Children::Sequence,
                Children::Unknown => *children = Children::Mapping(indent),
                Children::Mapping(at) if *at == indent && plain_key(rest).is_some() => {
                    nested.push((start, *key));
                }
                Children::Mapping(_) | Children::Sequence => {}
            }
        }
        Some(Cuts { top, nested })
    }

    /// The text cut into about `wanted` parts of equal size.
    fn parts(&self, text: &'t str, wanted: usize) -> Option<Vec<Part<'t>>> {
        // Every cut, in order: top-level ones continue nothing.
        let mut all: Vec<(usize, Option<&str>)> = self
            .top
            .iter()
            .map(|&at| (at, None))
            .chain(self.nested.iter().map(|&(at, key)| (at, Some(key))))
            .filter(|(at, _)| *at > 0)
            .collect();
        all.sort_unstable_by_key(|(at, _)| *at);
        let mut chosen: Vec<(usize, Option<&str>)> = Vec::new();
        for k in 1..wanted {
            let target = text.len() * k / wanted;
            let index = all.partition_point(|(at, _)| *at < target);
            let nearest = [index.checked_sub(1), Some(index)]
                .into_iter()
                .flatten()
                .filter_map(|i| all.get(i))
                .min_by_key(|(at, _)| at.abs_diff(target))?;
            if chosen.last().is_none_or(|(last, _)| last < &nearest.0) {
                chosen.push(*nearest);
            }
        }
        if chosen.is_empty() {
            return None;
        }
        let mut parts = Vec::with_capacity(chosen.len() + 1);
        let mut from = 0;
        let mut continues: Option<&str> = None;
        let mut lines_before = 0usize;
        for (at, key) in chosen.into_iter().chain([(text.len(), None)]) {
            let body = &text[from..at];
            parts.push(Part {
                body,
                continues,
                lines_before: u32::try_from(lines_before).ok()?,
            });
            lines_before += body.bytes().filter(|&byte| byte == b'\n').count();
            from = at;
            continues = key;
        }
        Some(parts)
    }
}

/// The key and the rest of a line that is `key:` or `key: value` with a plain key of
/// word characters, slashes, dots, dashes, braces and dollar signs; `None` otherwise.
fn plain_key(line: &str) -> Option<(&str, &str)> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphanumeric() || matches!(first, '_' | '/' | '$')) {
        return None;
    }
    let end = line.find(':')?;
    let (key, after) = (&line[..end], &line[end + 1..]);
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.' | '-' | '{' | '}' | '$');
    if !key.chars().all(allowed) || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    Some((key, after))
}

/// Whether `text` may hold an alias (`key: *name`, `- *name`, `[*name`, `, *name`),
/// including what only looks like one (`- *emphasis*` in a Markdown list).
fn may_alias(text: &str) -> bool {
    text.match_indices('*').any(|(at, _)| {
        let before = text[..at].trim_end_matches(' ');
        let named = text[at + 1..]
            .bytes()
            .next()
            .is_some_and(|next| !matches!(next, b' ' | b'\t' | b'\r' | b'\n' | b'*'));
        named
            && (before.ends_with(':') && at > before.len()
                || before.ends_with('-') && at > before.len()
                || before.ends_with(['[', '{', ',']))
    })
}

/// Whether the rest of a key line holds no value (a block collection follows), only
/// spaces and perhaps a comment.
fn value_is_empty(after: &str) -> bool {
    let after = after.trim_start();
    after.is_empty() || after.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::strict::StrictValue;

    /// The value as JSON text: unlike `==` on values, it tells the order of keys apart.
    fn json(value: &Value) -> String {
        serde_json::to_string(value).unwrap()
    }

    fn whole(text: &str) -> Value {
        serde_yaml::from_str::<StrictValue>(text).unwrap().0
    }

    /// A document big enough to be cut, with `tail` appended.
    fn big(tail: &str) -> String {
        let mut text = String::from("openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "  /p{i}:\n    get:\n      description: |\n        line one\n\n        line two {i}\n      responses:\n        '200':\n          description: ok\n"
            ));
        }
        text.push_str("components:\n  schemas:\n");
        for i in 0..1000 {
            text.push_str(&format!(
                "    S{i}:\n      type: string\n      enum: [a, \"b\", 'c']\n"
            ));
        }
        text.push_str(tail);
        text
    }

    #[test]
    fn parts_give_the_whole_document() {
        let text = big("x-end: true\n");
        assert!(text.len() > PARALLEL_FROM);
        for threads in 2..=4 {
            let cuts = Cuts::find(&text).unwrap();
            let parts = cuts.parts(&text, threads).unwrap();
            assert_eq!(parts.len(), threads, "{threads} threads");
            assert!(parts[1].continues.is_some());
            let (value, nodes) = parse(&text, threads).unwrap();
            assert_eq!(json(&value), json(&whole(&text)));
            // The nodes' positions too are those of the whole text.
            assert!(nodes == super::super::yaml_events::parse(&text).unwrap().1);
        }
    }

    #[test]
    fn what_may_not_be_cut_is_parsed_whole() {
        // A key found in two parts.
        assert!(parse(&big("paths:\n  /p1: {}\n"), 2).is_none());
        // An alias (to an anchor of another part, or not).
        let aliased = big("").replacen("openapi: 3.1.0", "openapi: &v 3.1.0", 1) + "x-v: *v\n";
        assert!(parse(&aliased, 2).is_none());
        assert!(may_alias("a: *v") && may_alias("- *v") && may_alias("[1, *v]"));
        assert!(!may_alias("a: '*v'") && !may_alias("a: b * c") && !may_alias("a: x*y"));
        // A second document.
        assert!(parse(&big("---\nother: 1\n"), 2).is_none());
        // A quoted scalar running across a cut: the part before it is unterminated.
        let text = big("");
        let cut = Cuts::find(&text).unwrap().parts(&text, 2).unwrap()[0]
            .body
            .len();
        let mut quoted = text.clone();
        quoted.insert_str(cut, "      x-note: \"open\n");
        let cuts = Cuts::find(&quoted).unwrap();
        let first = cuts.parts(&quoted, 2).unwrap()[0].body;
        assert!(
            first.ends_with("x-note: \"open\n"),
            "{}",
            &first[first.len() - 80..]
        );
        assert!(parse(&quoted, 2).is_none());
        // Too small to bother, and one thread.
        assert!(parse("a: 1\nb: 2\n", 2).is_none());
        assert!(parse(&text, 1).is_none());
    }

    /// Every YAML file of the project's tests and of the corpus beside it, cut in 2 to 4
    /// parts whatever its size, parses to the same value as whole, or is not cut.
    #[test]
    fn every_yaml_file_parses_the_same_in_parts() {
        let files = crate::test_support::yaml_files();
        let mut cut = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(StrictValue(whole)) = serde_yaml::from_str::<StrictValue>(&text) else {
                for threads in 2..=4 {
                    assert!(
                        parse_any_size(&text, threads).is_none(),
                        "{}",
                        path.display()
                    );
                }
                continue;
            };
            let nodes = super::super::yaml_events::parse(&text).map(|(_, nodes)| nodes);
            for threads in 2..=4 {
                if let Some((value, parts_nodes)) = parse_any_size(&text, threads) {
                    assert_eq!(
                        json(&value),
                        json(&whole),
                        "{} in {threads} parts",
                        path.display()
                    );
                    assert!(
                        nodes.as_ref() == Some(&parts_nodes),
                        "{} in {threads} parts: node positions",
                        path.display()
                    );
                    cut += 1;
                }
            }
        }
        eprintln!("{cut} cuts of {} files", files.len());
        assert!(
            files.len() > 50 && cut > files.len(),
            "{cut} cuts of {} files",
            files.len()
        );
    }

    #[test]
    fn keys_that_allow_a_cut() {
        assert_eq!(plain_key("paths:"), Some(("paths", "")));
        assert_eq!(plain_key("/v1/{id}: x"), Some(("/v1/{id}", " x")));
        assert_eq!(plain_key("'200':"), None);
        assert_eq!(plain_key("? complex"), None);
        assert_eq!(plain_key("- item: 1"), None);
        assert_eq!(plain_key("a:b"), None);
        assert!(value_is_empty("  # note"));
        assert!(!value_is_empty(" &anchor"));
        // Sequences at column 0 under a top-level key are items, not cuts.
        let cuts = Cuts::find("tags:\n- name: a\n  x: 1\npaths:\n  /a: 1\n  /b: 2\n").unwrap();
        assert_eq!(cuts.top, [0, 23]);
        assert_eq!(cuts.nested, [(38, "paths")]);
        // A top-level sequence or a quoted top-level key: nothing to cut.
        assert!(Cuts::find("- a\n- b\n").is_none());
        assert!(Cuts::find("\"a\": 1\n").is_none());
    }
}
