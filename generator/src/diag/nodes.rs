//! The positions of a parsed document's nodes, recorded by the parser itself: one entry
//! per node in document order, so a pointer is found by walking the value beside them.
//!
//! This replaces a second reading of the text to index every node under its pointer
//! string (see [`super::locate::PositionIndex`]): recording costs the parser one push per
//! node, and a pointer costs a walk down the value, skipping siblings by their size. It
//! holds only for the value as parsed: whoever changes the value drops these positions
//! (see `spec::load::Source::value_mut`).

use serde_json::Value;

use super::locate::PositionIndex;

/// One node, in pre-order: where it is (for a mapping's value, where its key is, as the
/// text index records it) and how many nodes its subtree holds, itself included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Node {
    line: u32,
    column: u32,
    size: u32,
}

/// The nodes of one document, in pre-order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodePositions {
    nodes: Vec<Node>,
}

impl NodePositions {
    /// The most pointers worth finding by walking the value: each walk passes the siblings
    /// before its node, so beyond this many, indexing the text once costs less.
    pub const MAX_WALKS: usize = 64;

    /// Records a node at 1-based `line` and `column`; returns its number, for [`Self::close`]
    /// once its children are recorded.
    pub fn open(&mut self, (line, column): (usize, usize)) -> usize {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.nodes.push(Node {
            line: clamp(line),
            column: clamp(column),
            size: 1,
        });
        self.nodes.len() - 1
    }

    /// Ends node `at`: every node recorded since belongs to it.
    pub fn close(&mut self, at: usize) {
        let size = u32::try_from(self.nodes.len() - at).unwrap_or(u32::MAX);
        if let Some(node) = self.nodes.get_mut(at) {
            node.size = size;
        }
    }

    /// The number of nodes.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Appends the nodes of a part of the same document parsed alone (see
    /// `spec::yaml_parts`), whose text started `lines` lines further down: its first
    /// `repeated` nodes are the root and, when the part continues a top-level key, that
    /// key's node, both already here (the root first, the key last among the root's
    /// children). Their sizes grow by what the part adds below them.
    pub fn append(&mut self, part: NodePositions, repeated: usize, lines: u32) -> Option<()> {
        let added = u32::try_from(part.nodes.len().checked_sub(repeated)?).ok()?;
        let grow = |node: &mut Node, by: u32| node.size = node.size.saturating_add(by);
        grow(self.nodes.first_mut()?, added);
        match repeated {
            1 => {}
            2 => {
                // The continued key is the root's last child.
                let mut child = 1;
                let mut last = None;
                while child < self.nodes.len() {
                    last = Some(child);
                    child += self.nodes[child].size as usize;
                }
                let below = part.nodes.get(1)?.size.checked_sub(1)?;
                grow(self.nodes.get_mut(last?)?, below);
            }
            _ => return None,
        }
        self.nodes
            .extend(part.nodes.into_iter().skip(repeated).map(|node| Node {
                line: node.line.saturating_add(lines),
                ..node
            }));
        Some(())
    }

    /// The position of the node `pointer` names in `value` (the value these positions
    /// were recorded for), if there is one.
    pub fn find(&self, value: &Value, pointer: &str) -> Option<(usize, usize)> {
        let mut at = 0;
        let mut node = value;
        let rest = pointer.strip_prefix('#')?;
        if !rest.is_empty() {
            for segment in rest.strip_prefix('/')?.split('/') {
                let segment = unescape(segment);
                let mut child = at + 1;
                node = match node {
                    Value::Object(map) => {
                        let mut found = None;
                        for (key, value) in map {
                            if *key == segment {
                                found = Some(value);
                                break;
                            }
                            child += self.nodes.get(child)?.size as usize;
                        }
                        found?
                    }
                    Value::Array(items) => {
                        let index: usize = segment.parse().ok()?;
                        let item = items.get(index)?;
                        for _ in 0..index {
                            child += self.nodes.get(child)?.size as usize;
                        }
                        item
                    }
                    _ => return None,
                };
                at = child;
            }
        }
        let node_at = self.nodes.get(at)?;
        Some((node_at.line as usize, node_at.column as usize))
    }

    /// An index of `pointers`, each at its node or, when it names none, at its nearest
    /// ancestor that exists.
    pub fn index_for(&self, value: &Value, pointers: &[&str]) -> PositionIndex {
        let mut index = PositionIndex::default();
        for pointer in pointers {
            let mut current: &str = pointer;
            let position = loop {
                if let Some(position) = self.find(value, current) {
                    break Some(position);
                }
                match current.rfind('/') {
                    Some(end) => current = &current[..end],
                    None => break None,
                }
            };
            if let Some(position) = position {
                index.insert(pointer, position);
            }
        }
        index
    }
}

/// A JSON pointer segment unescaped (`~1` is `/`, `~0` is `~`).
fn unescape(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~").into()
    } else {
        segment.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pointer to a node of `value`, in document order.
    fn pointers(value: &Value, base: &str, out: &mut Vec<String>) {
        out.push(base.to_string());
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let pointer = format!("{base}/{}", crate::diag::escape_pointer(key));
                    pointers(child, &pointer, out);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pointers(child, &format!("{base}/{index}"), out);
                }
            }
            _ => {}
        }
    }

    /// Every YAML file of the project and the corpus that the event parser builds, whole
    /// and in parts: each node is where the text index puts it.
    #[test]
    fn nodes_are_where_the_text_index_puts_them() {
        let mut compared = 0;
        for path in crate::test_support::yaml_files() {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Some((value, nodes)) = crate::spec::yaml_events::parse(&text) else {
                continue;
            };
            let index = PositionIndex::build(&text);
            let mut all = Vec::new();
            pointers(&value, "#", &mut all);
            assert_eq!(all.len(), nodes.len(), "{}", path.display());
            let mut parts = Vec::new();
            for threads in 2..=4 {
                if let Some(parsed) = crate::spec::yaml_parts::parse_any_size(&text, threads) {
                    parts.push(parsed);
                }
            }
            for pointer in all.iter().skip(1) {
                let Some(expected) = index.get(pointer) else {
                    // A key the text spells otherwise (`1.0` read as `1`).
                    continue;
                };
                assert_eq!(
                    nodes.find(&value, pointer),
                    Some(expected),
                    "{} {pointer}",
                    path.display()
                );
                for (value, nodes) in &parts {
                    assert_eq!(
                        nodes.find(value, pointer),
                        Some(expected),
                        "{} in parts: {pointer}",
                        path.display()
                    );
                }
                compared += 1;
            }
        }
        eprintln!("{compared} pointers compared");
        assert!(compared > 100_000, "{compared} pointers compared");
    }

    #[test]
    fn missing_nodes_fall_back_to_their_ancestors() {
        let text = "a:\n  b: [1, 2]\n  c~/d: x\nlist:\n  - k: v\n";
        let (value, nodes) = crate::spec::yaml_events::parse(text).unwrap();
        assert_eq!(nodes.find(&value, "#/a/b"), Some((2, 3)));
        assert_eq!(nodes.find(&value, "#/a/b/1"), Some((2, 10)));
        assert_eq!(nodes.find(&value, "#/a/c~0~1d"), Some((3, 3)));
        assert_eq!(nodes.find(&value, "#/list/0/k"), Some((5, 5)));
        assert_eq!(nodes.find(&value, "#/a/zz"), None);
        assert_eq!(nodes.find(&value, "#/a/b/7"), None);
        assert_eq!(nodes.find(&value, "#/a/b/x"), None);
        let index = nodes.index_for(&value, &["#/a/b/9/y", "#/list/0/k"]);
        assert_eq!(index.find("#/a/b/9/y"), Some((2, 3)));
        assert_eq!(index.find("#/list/0/k"), Some((5, 5)));
    }
}
