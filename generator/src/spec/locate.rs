//! Maps JSON pointers to 1-based line and column in the spec text.
//!
//! Built only when there is something to report, from the YAML event stream (JSON is
//! YAML too), so positions cost nothing on the happy path.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::escape_pointer;

/// Pointer → position of the node (for mapping values: of their key).
#[derive(Debug, Default)]
pub struct PositionIndex {
    positions: BTreeMap<String, (usize, usize)>,
}

enum Frame {
    Mapping { key: Option<String> },
    Sequence { index: usize },
}

struct Builder {
    stack: Vec<(Frame, String)>,
    positions: BTreeMap<String, (usize, usize)>,
    root_done: bool,
}

impl Builder {
    /// Called at the start of every node; returns the node's pointer, or `None` when the
    /// node is a mapping key.
    fn enter(&mut self, scalar: Option<&str>, mark: Marker) -> Option<String> {
        let position = (mark.line(), mark.col() + 1);
        let Some((frame, base)) = self.stack.last_mut() else {
            if !self.root_done {
                self.root_done = true;
                self.positions.entry("#".to_string()).or_insert(position);
            }
            return Some("#".to_string());
        };
        match frame {
            Frame::Mapping { key } => match key.take() {
                None => {
                    let name = scalar.unwrap_or("").to_string();
                    let pointer = format!("{base}/{}", escape_pointer(&name));
                    self.positions.entry(pointer).or_insert(position);
                    *key = Some(name);
                    None
                }
                Some(name) => Some(format!("{base}/{}", escape_pointer(&name))),
            },
            Frame::Sequence { index } => {
                let pointer = format!("{base}/{index}");
                *index += 1;
                self.positions.entry(pointer.clone()).or_insert(position);
                Some(pointer)
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                self.enter(Some(&value), mark);
            }
            Event::Alias(_) => {
                self.enter(Some(""), mark);
            }
            Event::MappingStart(..) => {
                let pointer = self.enter(None, mark);
                match pointer {
                    Some(pointer) => self.stack.push((Frame::Mapping { key: None }, pointer)),
                    // A complex mapping key: track it under a placeholder.
                    None => self
                        .stack
                        .push((Frame::Mapping { key: None }, "#?".to_string())),
                }
            }
            Event::SequenceStart(..) => {
                let pointer = self.enter(None, mark).unwrap_or_else(|| "#?".to_string());
                self.stack.push((Frame::Sequence { index: 0 }, pointer));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

impl PositionIndex {
    /// Indexes `text`; a text that does not parse gives an empty index.
    pub fn build(text: &str) -> Self {
        let mut builder = Builder {
            stack: Vec::new(),
            positions: BTreeMap::new(),
            root_done: false,
        };
        let mut parser = Parser::new_from_str(text);
        // Errors only shorten the index: positions found so far remain useful.
        let _ = parser.load(&mut builder, false);
        PositionIndex {
            positions: builder.positions,
        }
    }

    /// The deepest pointer whose node starts at or before `line:column` (for errors the
    /// parser reports by position only).
    pub fn pointer_at(&self, line: usize, column: usize) -> Option<String> {
        self.positions
            .iter()
            .filter(|(_, position)| **position <= (line, column))
            .max_by(|(a_pointer, a), (b_pointer, b)| {
                a.cmp(b).then(a_pointer.len().cmp(&b_pointer.len()))
            })
            .map(|(pointer, _)| pointer.clone())
    }

    /// The position of `pointer`, or of its nearest ancestor that exists.
    pub fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        if pointer == "#" {
            return Some((1, 1));
        }
        let mut current = pointer;
        loop {
            if let Some(position) = self.positions.get(current) {
                return Some(*position);
            }
            current = &current[..current.rfind('/')?];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_yaml_positions() {
        let text = "openapi: 3.1.0\npaths:\n  /a/b:\n    get:\n      responses: {}\nlist:\n  - x\n  - y: 1\n";
        let index = PositionIndex::build(text);
        assert_eq!(index.find("#/openapi"), Some((1, 1)));
        assert_eq!(index.find("#/paths/~1a~1b/get"), Some((4, 5)));
        assert_eq!(index.find("#/paths/~1a~1b/get/responses"), Some((5, 7)));
        assert_eq!(index.find("#/list/1/y"), Some((8, 5)));
        assert_eq!(
            index.find("#/paths/~1a~1b/get/missing/deeper"),
            Some((4, 5))
        );
    }

    #[test]
    fn finds_json_positions() {
        let text = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\"title\": \"x\"}\n}";
        let index = PositionIndex::build(text);
        assert_eq!(index.find("#/info/title"), Some((3, 12)));
    }
}
