//! Maps JSON pointers to 1-based line and column in the spec text.
//!
//! Built from the YAML event stream (JSON is YAML too, and has a faster scanner of its
//! own): for a JSON spec only when there is something to report; for a YAML spec the
//! event parser left to serde_yaml (or whose value was changed after parsing), on a
//! thread of its own while the spec is lowered ([`Prefetched`]), which leaves the other
//! core idle, so that placing the warnings is a lookup. The YAML the event parser reads
//! needs no index: its parser recorded where each node is (`super::nodes`).

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap as HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::push_escaped_pointer;

/// Pointer → position of the node (for mapping values: of their key). A hash map: the
/// pointers of a spec share long prefixes, which an ordered map compares again and again;
/// with Fx hashing, which reads 8 bytes a step where the default SipHash reads one block
/// at a much higher cost (and no hostile input can choose these keys to collide on purpose
/// beyond slowing its own run).
#[derive(Debug, Default, Clone)]
pub struct PositionIndex {
    positions: HashMap<String, (usize, usize)>,
}

enum Frame {
    /// `value`: once its key is read, the pointer of the value (`None`: not tracked).
    Mapping {
        value: Option<Option<String>>,
    },
    Sequence {
        index: usize,
    },
}

/// What [`Builder::enter`] found at the start of a node.
enum Entered {
    /// A mapping key (its position was recorded under the value's pointer).
    Key,
    /// A node and its pointer; `None` when nothing below it is wanted.
    Node(Option<String>),
}

/// Nodes deeper than this are not indexed: the parsers refuse documents nested deeper than
/// 128 levels, so no diagnostic points below it, and a pointer per node of a deeper
/// document would cost time and memory in the square of its depth.
const MAX_DEPTH: usize = 160;

struct Builder<'w> {
    /// Open collections and their pointers (`None`: not tracked).
    stack: Vec<(Frame, Option<String>)>,
    positions: HashMap<String, (usize, usize)>,
    root_done: bool,
    /// Only these pointers (and everything below them, for fallbacks) are recorded;
    /// `None` records every node.
    wanted: Option<&'w HashSet<String>>,
}

impl Builder<'_> {
    fn tracked(&self, pointer: &str) -> bool {
        self.wanted.is_none_or(|wanted| wanted.contains(pointer))
    }

    fn record(&mut self, pointer: &str, position: (usize, usize)) {
        if self.tracked(pointer) {
            // Nearly every pointer is new: one hash for the lookup and the insertion.
            self.positions
                .entry(pointer.to_string())
                .or_insert(position);
        }
    }

    /// Called at the start of every node.
    fn enter(&mut self, scalar: Option<&str>, position: (usize, usize)) -> Entered {
        let Some((frame, base)) = self.stack.last_mut() else {
            if !self.root_done {
                self.root_done = true;
                self.positions.entry("#".to_string()).or_insert(position);
            }
            return Entered::Node(Some("#".to_string()));
        };
        match frame {
            Frame::Mapping { value } => match value.take() {
                // A key: the value's pointer is recorded at the key's position.
                None => {
                    let pointer = base.as_deref().map(|base| {
                        let name = scalar.unwrap_or("");
                        let mut pointer = String::with_capacity(base.len() + 1 + name.len());
                        pointer.push_str(base);
                        pointer.push('/');
                        push_escaped_pointer(&mut pointer, name);
                        pointer
                    });
                    if let Some(pointer) = &pointer {
                        self.record(pointer, position);
                    }
                    if let Some((Frame::Mapping { value }, _)) = self.stack.last_mut() {
                        *value = Some(pointer);
                    }
                    Entered::Key
                }
                Some(pointer) => Entered::Node(pointer.filter(|pointer| self.tracked(pointer))),
            },
            Frame::Sequence { index } => {
                let current = *index;
                *index += 1;
                let pointer = base.as_deref().map(|base| format!("{base}/{current}"));
                Entered::Node(pointer.filter(|pointer| {
                    self.record(pointer, position);
                    self.tracked(pointer)
                }))
            }
        }
    }
}

impl Builder<'_> {
    fn scalar(&mut self, value: &str, position: (usize, usize)) {
        self.enter(Some(value), position);
    }

    fn start(&mut self, frame: Frame, position: (usize, usize)) {
        // A complex mapping key is not tracked, nor is anything too deep.
        let pointer = match self.enter(None, position) {
            Entered::Node(pointer) if self.stack.len() < MAX_DEPTH => pointer,
            Entered::Node(_) | Entered::Key => None,
        };
        self.stack.push((frame, pointer));
    }

    fn end(&mut self) {
        self.stack.pop();
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(value, ..) => self.scalar(&value, position),
            Event::Alias(_) => self.scalar("", position),
            Event::MappingStart(..) => self.start(Frame::Mapping { value: None }, position),
            Event::SequenceStart(..) => self.start(Frame::Sequence { index: 0 }, position),
            Event::MappingEnd | Event::SequenceEnd => self.end(),
            _ => {}
        }
    }
}

/// Feeds the nodes of a JSON text to `builder` with the positions the YAML parser would
/// give them (line, and column in characters), an order of magnitude faster than the YAML
/// parser on big JSON specs. Returns `false`, having fed something or not, as soon as the
/// text is not plain JSON; the caller then starts over with the YAML parser.
fn scan_json(text: &str, builder: &mut Builder<'_>) -> bool {
    let bytes = text.as_bytes();
    // Line, where it starts, and a column cache that only moves forward.
    let (mut line, mut line_start) = (1, 0);
    let (mut counted_to, mut column) = (0, 1);
    let mut position = |at: usize, line: usize, line_start: usize| {
        if counted_to < line_start {
            (counted_to, column) = (line_start, 1);
        }
        column += text[counted_to..at].chars().count();
        counted_to = at;
        (line, column)
    };
    // Open containers: `true` for objects. `expect_key`: an object wants a key (or `}`).
    let mut open: Vec<bool> = Vec::new();
    let mut expect_key = false;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'\n' => {
                line += 1;
                line_start = at + 1;
                at += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                at += 1;
                continue;
            }
            b',' => {
                expect_key = open.last() == Some(&true);
                at += 1;
                continue;
            }
            b':' => {
                at += 1;
                continue;
            }
            b'}' | b']' => {
                if open.pop() != Some(byte == b'}') {
                    return false;
                }
                builder.end();
                expect_key = false;
                at += 1;
                continue;
            }
            _ => {}
        }
        let here = position(at, line, line_start);
        match byte {
            b'{' | b'[' if !expect_key => {
                let object = byte == b'{';
                let frame = if object {
                    Frame::Mapping { value: None }
                } else {
                    Frame::Sequence { index: 0 }
                };
                builder.start(frame, here);
                open.push(object);
                expect_key = object;
                at += 1;
            }
            b'"' => {
                let mut end = at + 1;
                let mut escaped = false;
                while end < bytes.len() && bytes[end] != b'"' {
                    escaped |= bytes[end] == b'\\';
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                if end >= bytes.len() {
                    return false;
                }
                let raw = &text[at..=end];
                if expect_key || escaped {
                    let value = if escaped {
                        match serde_json::from_str::<String>(raw) {
                            Ok(value) => value,
                            Err(_) => return false,
                        }
                    } else {
                        raw[1..raw.len() - 1].to_string()
                    };
                    builder.scalar(&value, here);
                } else {
                    builder.scalar("", here);
                }
                expect_key = false;
                at = end + 1;
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' if !expect_key => {
                let end = bytes[at..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')))
                    .map_or(bytes.len(), |length| at + length);
                let literal = &text[at..end];
                let number = literal
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
                if !(number || matches!(literal, "true" | "false" | "null")) {
                    return false;
                }
                builder.scalar("", here);
                at = end;
            }
            _ => return false,
        }
    }
    open.is_empty()
}

/// The position of the first collection of a YAML `text` that opens deeper than `limit`
/// levels, if any. YAML parsers spend time in the square of the depth of flow collections
/// (`[[[…]]]`); this finds such a document in time proportional to its length, stopping
/// at the first node too deep, so that it can be refused before the full parse. A text
/// without that many unclosed brackets at any point is passed at once.
pub fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    // Brackets in quoted text or comments count too: this only decides whether to look
    // closer.
    let mut open = 0usize;
    let mut deepest = 0usize;
    let bracket = |byte: u8| matches!(byte, b'[' | b'{' | b']' | b'}');
    // Brackets are rare: a block of 64 bytes without any (tested without branches, which
    // the compiler vectorizes) is skipped whole.
    for block in text.as_bytes().chunks(64) {
        if !block.iter().fold(false, |any, &byte| any | bracket(byte)) {
            continue;
        }
        for &byte in block {
            match byte {
                b'[' | b'{' => {
                    open += 1;
                    deepest = deepest.max(open);
                }
                b']' | b'}' => open = open.saturating_sub(1),
                _ => {}
            }
        }
    }
    if deepest <= limit {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), mark)) => {
                depth += 1;
                if depth > limit {
                    return Some((mark.line(), mark.col() + 1));
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            // The scanner reads ahead, and stops at 255 open flow collections.
            Err(error) if error.info() == "recursion limit exceeded" => {
                let mark = error.marker();
                return Some((mark.line(), mark.col() + 1));
            }
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

impl PositionIndex {
    /// Indexes every node of `text`; a text that does not parse gives an empty index.
    pub fn build(text: &str) -> Self {
        Self::index(text, None)
    }

    /// Indexes only the nodes on the way to `pointers` (each pointer and its ancestors):
    /// enough for [`Self::find`] on them, without a pointer string per node of a big spec.
    pub fn build_for<'p>(text: &str, pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = HashSet::new();
        for pointer in pointers {
            let mut current = pointer;
            while wanted.insert(current.to_string()) {
                match current.rfind('/') {
                    Some(end) => current = &current[..end],
                    None => break,
                }
            }
        }
        Self::index(text, Some(&wanted))
    }

    fn index(text: &str, wanted: Option<&HashSet<String>>) -> Self {
        Self::index_until(text, wanted, &AtomicBool::new(false), None).0
    }

    /// [`Self::index`], stopping early (with part of the index) once `stop` is set or the
    /// index holds every pointer `enough` asks for; `true` if it read the whole text.
    fn index_until(
        text: &str,
        wanted: Option<&HashSet<String>>,
        stop: &AtomicBool,
        enough: Option<&Asked>,
    ) -> (Self, bool) {
        let mut builder = Builder {
            stack: Vec::new(),
            positions: HashMap::default(),
            root_done: false,
            wanted,
        };
        let json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
        let mut complete = true;
        if !(json && scan_json(text, &mut builder)) {
            builder.stack.clear();
            builder.positions.clear();
            builder.root_done = false;
            let mut parser = Parser::new_from_str(text);
            // The first document, as `Parser::load` reads it; errors only shorten the
            // index: positions found so far remain useful.
            for events in 0usize.. {
                // Checked every 1024 events (about 10 µs of work).
                if events % 1024 == 0
                    && (stop.load(Ordering::Relaxed)
                        || enough.is_some_and(|asked| asked.met_by(&builder.positions)))
                {
                    complete = false;
                    break;
                }
                match parser.next_token() {
                    Ok((Event::DocumentEnd | Event::StreamEnd, _)) | Err(_) => break,
                    Ok((event, mark)) => builder.on_event(event, mark),
                }
            }
        }
        let index = PositionIndex {
            positions: builder.positions,
        };
        (index, complete)
    }

    /// The deepest pointer whose node starts at or before `line:column` (for errors the
    /// parser reports by position only).
    pub fn pointer_at(&self, line: usize, column: usize) -> Option<String> {
        self.positions
            .iter()
            .filter(|(_, position)| **position <= (line, column))
            .max_by(|(a_pointer, a), (b_pointer, b)| {
                // The text decides a tie, so that the answer does not depend on the map's
                // order.
                a.cmp(b)
                    .then(a_pointer.len().cmp(&b_pointer.len()))
                    .then(b_pointer.cmp(a_pointer))
            })
            .map(|(pointer, _)| pointer.clone())
    }

    /// The position recorded for exactly `pointer`.
    #[cfg(test)]
    pub fn get(&self, pointer: &str) -> Option<(usize, usize)> {
        self.positions.get(pointer).copied()
    }

    /// Records `pointer` at `position`.
    pub fn insert(&mut self, pointer: &str, position: (usize, usize)) {
        self.positions.insert(pointer.to_string(), position);
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

/// YAML texts up to this size are indexed ahead ([`Prefetched`]); the index of a bigger
/// one would hold a pointer string per node, so it is built only for the pointers asked.
const PREFETCH_LIMIT: usize = 4 << 20;

/// The [`PositionIndex`] of a YAML spec file, built on its own thread once the file is
/// parsed: lowering runs on one core, so the index costs no wall time there, where
/// building it when the warnings are known would take a core from emitting. Once the
/// pointers to place are asked for, the thread stops as soon as it has them all.
/// Dropping it stops the thread and waits for it, so no thread outlives the run.
pub struct Prefetched {
    stop: Arc<AtomicBool>,
    asked: Arc<Asked>,
    thread: Mutex<Option<std::thread::JoinHandle<(PositionIndex, bool)>>>,
    /// The index, and whether it holds every node of the text.
    index: OnceLock<Option<(PositionIndex, bool)>>,
}

/// The pointers the first caller of [`Prefetched::index`] needs.
#[derive(Default)]
struct Asked {
    set: AtomicBool,
    pointers: Mutex<Vec<String>>,
}

impl Asked {
    /// Whether the pointers were asked for and `positions` holds them all.
    fn met_by(&self, positions: &HashMap<String, (usize, usize)>) -> bool {
        self.set.load(Ordering::Acquire)
            && self
                .pointers
                .lock()
                .is_ok_and(|pointers| pointers.iter().all(|p| positions.contains_key(p)))
    }
}

impl Prefetched {
    /// Starts indexing `text` if it is YAML (a JSON text has its fast scan) of at most
    /// [`PREFETCH_LIMIT`] bytes and a thread can be started.
    pub fn start(text: &str) -> Option<Arc<Prefetched>> {
        let json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
        if json || text.len() > PREFETCH_LIMIT {
            return None;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let asked = Arc::new(Asked::default());
        let (flag, wanted, text) = (Arc::clone(&stop), Arc::clone(&asked), text.to_string());
        let thread = std::thread::Builder::new()
            .name("locate".to_string())
            .spawn(move || PositionIndex::index_until(&text, None, &flag, Some(&wanted)))
            .ok()?;
        Some(Arc::new(Prefetched {
            stop,
            asked,
            thread: Mutex::new(Some(thread)),
            index: OnceLock::new(),
        }))
    }

    /// The index, once the thread has found `pointers` (or finished); `None` if it failed,
    /// or if it stopped for an earlier caller's pointers without these.
    pub fn index(&self, pointers: &[&str]) -> Option<&PositionIndex> {
        let (index, complete) = self
            .index
            .get_or_init(|| {
                if let Ok(mut asked) = self.asked.pointers.lock() {
                    asked.extend(pointers.iter().map(|p| p.to_string()));
                }
                self.asked.set.store(true, Ordering::Release);
                let thread = self.thread.lock().ok()?.take()?;
                thread.join().ok()
            })
            .as_ref()?;
        let found = *complete || pointers.iter().all(|p| index.positions.contains_key(*p));
        found.then_some(index)
    }
}

impl Drop for Prefetched {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.get_mut().ok().and_then(Option::take) {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for Prefetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefetched").finish_non_exhaustive()
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

    /// The index built ahead is the whole index of a YAML text when a pointer asked is not
    /// in it; JSON texts are left to their own scan.
    #[test]
    fn the_index_built_ahead_is_the_whole_index() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/batches.yaml"))
                .expect("the spec");
        let ahead = Prefetched::start(&text).expect("a YAML text is indexed ahead");
        let index = ahead.index(&["#/nowhere"]).expect("the thread finished");
        let whole = PositionIndex::build(&text);
        assert!(whole.positions.len() > 100);
        assert_eq!(index.positions, whole.positions);
        let pointer = "#/components/schemas/BatchResponse/properties/status";
        assert_eq!(
            index.find(pointer),
            PositionIndex::build_for(&text, [pointer]).find(pointer)
        );
        assert!(Prefetched::start(" {\"openapi\": \"3.1.0\"}").is_none());
        assert!(Prefetched::start(&"a: b\n".repeat(PREFETCH_LIMIT)).is_none());
    }

    /// Asked for pointers, the index built ahead may stop once it has them; asked later
    /// for others it no longer holds, it gives none, and the caller builds its own.
    #[test]
    fn the_index_built_ahead_stops_at_what_was_asked() {
        let mut text = String::from("first:\n  a: 1\nlist:\n");
        for i in 0..20_000 {
            text.push_str(&format!("  - item: {i}\n"));
        }
        text.push_str("last: 2\n");
        let whole = PositionIndex::build(&text);
        let ahead = Prefetched::start(&text).expect("indexed ahead");
        let index = ahead.index(&["#/first/a"]).expect("found");
        assert_eq!(index.find("#/first/a"), Some((2, 3)));
        // Whether the thread stopped early or not, what it gives is right.
        match ahead.index(&["#/last"]) {
            Some(index) => assert_eq!(index.positions, whole.positions),
            None => assert!(!ahead.index.get().unwrap().as_ref().unwrap().1),
        }
        assert_eq!(
            ahead.index(&["#/first"]).unwrap().find("#/first"),
            Some((1, 1))
        );
    }

    #[test]
    fn a_partial_index_finds_what_was_asked() {
        let text = "openapi: 3.1.0\npaths:\n  /a/b:\n    get:\n      responses: {}\nlist:\n  - x\n  - y: 1\n";
        let full = PositionIndex::build(text);
        let asked = [
            "#/paths/~1a~1b/get/responses",
            "#/list/1/y",
            "#/paths/~1a~1b/get/missing/deeper",
            "#/nothing",
        ];
        let partial = PositionIndex::build_for(text, asked);
        for pointer in asked {
            assert_eq!(partial.find(pointer), full.find(pointer), "{pointer}");
        }
        assert!(partial.positions.len() < full.positions.len());
        assert!(
            partial.find("#/openapi").is_some(),
            "untracked: an ancestor's position"
        );
    }

    /// The YAML parser's index of `text`, for comparison with the JSON scanner.
    fn yaml_index(text: &str) -> PositionIndex {
        let mut builder = Builder {
            stack: Vec::new(),
            positions: HashMap::default(),
            root_done: false,
            wanted: None,
        };
        Parser::new_from_str(text)
            .load(&mut builder, false)
            .unwrap();
        PositionIndex {
            positions: builder.positions,
        }
    }

    #[test]
    fn the_json_scanner_agrees_with_the_yaml_parser() {
        let text = concat!(
            "{\n  \"openapi\": \"3.0.0\", \"é\": [1, -2.5e3, true, null, {\"a\\/b\": {}}],\n",
            "\t\"paths\": {\"/x~y\": {\"get\": {\"x\": \"q\\\"uote\", \"emoji 🦀\": [[], [\"z\"]]}}},\r\n",
            "  \"\\u00e9t\\u00e9\": false}"
        );
        let mut builder = Builder {
            stack: Vec::new(),
            positions: HashMap::default(),
            root_done: false,
            wanted: None,
        };
        assert!(scan_json(text, &mut builder));
        assert_eq!(builder.positions, yaml_index(text).positions);
        assert!(
            builder
                .positions
                .contains_key("#/paths/~1x~0y/get/emoji 🦀/1/0")
        );
        assert!(builder.positions.contains_key("#/été"));
        assert!(builder.positions.contains_key("#/é/4/a~1b"));
    }

    #[test]
    fn flow_yaml_that_is_not_json_falls_back_to_the_yaml_parser() {
        let text = "{openapi: 3.0.0, info: {title: x}}";
        assert_eq!(
            PositionIndex::build(text).positions,
            yaml_index(text).positions
        );
        assert_eq!(
            PositionIndex::build(text).find("#/info/title"),
            Some((1, 25))
        );
    }

    #[test]
    fn deep_documents_are_indexed_to_a_bounded_depth() {
        let depth = 5_000;
        for text in [
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            format!("x: {}{}", "[".repeat(depth), "]".repeat(depth)),
        ] {
            let index = PositionIndex::build(&text);
            assert!(
                index.positions.len() <= MAX_DEPTH + 2,
                "{}",
                index.positions.len()
            );
            let longest = index.positions.keys().map(String::len).max().unwrap_or(0);
            assert!(longest <= 2 * MAX_DEPTH + 4, "{longest}");
        }
    }

    #[test]
    fn too_deep_finds_the_first_node_below_the_limit() {
        let text = format!("a: 1\nb: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
        let (line, column) = too_deep(&text, 128).expect("too deep");
        assert_eq!(line, 2);
        assert!((132..=300).contains(&column), "{column}");
        // Brackets in quoted text do not count.
        let quoted = format!("a: '{}'\n", "[".repeat(500));
        assert_eq!(too_deep(&quoted, 128), None);
        assert_eq!(too_deep("a: [[1]]\n", 128), None);
        assert_eq!(too_deep("a: [[[1]]]\n", 2), Some((1, 5)));
    }

    #[test]
    fn finds_json_positions() {
        let text = "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\"title\": \"x\"}\n}";
        let index = PositionIndex::build(text);
        assert_eq!(index.find("#/info/title"), Some((3, 12)));
    }
}
