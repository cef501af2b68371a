//! Diagnostics: problems found in a spec, collected across a stage and reported together.
//! Every code is listed, with its severity and meaning, in [`codes`].

pub mod codes;
pub(crate) mod locate;
pub(crate) mod nodes;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Where something came from in the spec: a file, a JSON pointer and, once located,
/// a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// JSON pointer into the file, always starting with `#`. First, so that comparing two
    /// origins (they key maps while lowering) rarely compares the paths.
    pub pointer: String,
    /// The spec file (as given on the command line or in the config).
    #[serde(skip)]
    pub file: PathBuf,
}

impl Origin {
    /// An origin at `pointer` in `file`.
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Origin {
            file: file.into(),
            pointer: pointer.into(),
        }
    }

    /// The origin of a child node, `segment` being an unescaped key or index.
    pub fn child(&self, segment: impl AsRef<str>) -> Self {
        let segment = segment.as_ref();
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + segment.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        push_escaped_pointer(&mut pointer, segment);
        Origin {
            file: self.file.clone(),
            pointer,
        }
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_escaped_pointer(&mut out, segment);
    out
}

/// Appends `segment` to `out`, escaped as a JSON pointer segment.
fn push_escaped_pointer(out: &mut String, segment: &str) {
    if !segment.contains(['~', '/']) {
        out.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    /// Generation fails.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Short stable code, for example `E0101`.
    pub code: &'static str,
    /// One sentence, no trailing period.
    pub message: String,
    /// Where in the spec.
    pub origin: Origin,
    /// 1-based line and column, when the parser can tell.
    pub position: Option<(usize, usize)>,
    /// How to fix it.
    pub help: Option<String>,
    /// The source line at `position`, for the rendered snippet.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A new error; `code` is an error code of [`codes::CODES`].
    pub fn error(code: &'static str, origin: &Origin, message: impl Into<String>) -> Self {
        debug_assert!(
            codes::lookup(code).is_some_and(|entry| entry.severity == Severity::Error),
            "{code} is not an error code of diag::codes::CODES"
        );
        Diagnostic::new(Severity::Error, code, origin, message.into())
    }

    /// A new warning; `code` is a warning code of [`codes::CODES`].
    pub fn warning(code: &'static str, origin: &Origin, message: impl Into<String>) -> Self {
        debug_assert!(
            codes::lookup(code).is_some_and(|entry| entry.severity == Severity::Warning),
            "{code} is not a warning code of diag::codes::CODES"
        );
        Diagnostic::new(Severity::Warning, code, origin, message.into())
    }

    fn new(severity: Severity, code: &'static str, origin: &Origin, message: String) -> Self {
        Diagnostic {
            severity,
            code,
            message,
            origin: origin.clone(),
            position: None,
            help: None,
            snippet: None,
        }
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    fn sort_key(&self) -> (PathBuf, usize, usize, String) {
        let (line, column) = self.position.unwrap_or((usize::MAX, 0));
        (
            self.origin.file.clone(),
            line,
            column,
            self.origin.pointer.clone(),
        )
    }
}

impl Diagnostic {
    /// Renders the diagnostic like a compiler error: a headline, the location (file,
    /// line, column and JSON pointer), the source line with a caret, and the help line.
    /// `color` adds ANSI colours (use it only on a terminal).
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_string()
            }
        };
        let (kind, kind_color) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let mut out = format!(
            "{}{}",
            paint(kind_color, &format!("{kind}[{}]", self.code)),
            paint("1", &format!(": {}", self.message))
        );
        let mut location = self.origin.file.display().to_string();
        if let Some((line, column)) = self.position {
            location.push_str(&format!(":{line}:{column}"));
        }
        out.push_str(&format!(
            "\n  {} {location} ({})",
            paint("1;34", "-->"),
            self.origin.pointer
        ));
        if let (Some((line, column)), Some(snippet)) = (self.position, &self.snippet) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            let bar = paint("1;34", "|");
            let caret_pad: String = snippet
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("\n {pad} {bar}"));
            out.push_str(&format!("\n {} {bar} {snippet}", paint("1;34", &number)));
            out.push_str(&format!(
                "\n {pad} {bar} {caret_pad}{}",
                paint(kind_color, "^")
            ));
        }
        if let Some(help) = &self.help {
            let pad = " ".repeat(self.position.map_or(1, |(line, _)| line.to_string().len()));
            out.push_str(&format!("\n {pad} {} {help}", paint("1;36", "= help:")));
        }
        out
    }

    /// Fills in the position (from the pointer) and the snippet line from `text`, the
    /// content of the diagnostic's file.
    fn fill(&mut self, text: &str, index: Option<&locate::PositionIndex>, lines: &LineStarts) {
        if self.position.is_none() {
            self.position = index.and_then(|index| index.find(&self.origin.pointer));
        }
        if let Some((line, _)) = self.position {
            self.snippet = lines
                .line(text, line)
                .map(|l| l.chars().take(200).collect());
        }
    }
}

/// Where each line of a text starts, for the source line of many diagnostics.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineStarts(starts)
    }

    /// Line `line` (1-based) without its line break, as `str::lines` gives it.
    fn line<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = *self.0.get(line.checked_sub(1)?)?;
        if start >= text.len() {
            return None;
        }
        let end = self.0.get(line).map_or(text.len(), |next| next - 1);
        let line = &text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The problems of a run, in the order they are rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when at least one error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics, sorted by position.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Moves the diagnostics of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Sorts by file, line, column and pointer, and drops exact duplicates.
    pub fn sort(&mut self) {
        self.items.sort_by_cached_key(Diagnostic::sort_key);
        self.items.dedup();
    }

    /// Moves diagnostics to the origin `to` gives (unlocated again); others stay.
    pub(crate) fn remap(&mut self, to: impl Fn(&Origin) -> Option<Origin>) {
        for diagnostic in &mut self.items {
            if let Some(origin) = to(&diagnostic.origin) {
                diagnostic.origin = origin;
                diagnostic.position = None;
                diagnostic.snippet = None;
            }
        }
    }

    /// Fills in positions and source lines for the diagnostics about `file`, whose
    /// content is `text`. The position index is built only if a pointer needs it.
    pub fn fill_from(&mut self, file: &std::path::Path, text: &str) {
        self.fill_from_index(file, text, |_| None);
    }

    /// [`Self::fill_from`] with an index of `text` built ahead, if there is one that holds
    /// the pointers to place: `whole` is asked for it only when a diagnostic is about
    /// `file`.
    pub fn fill_from_index<'a>(
        &mut self,
        file: &std::path::Path,
        text: &str,
        whole: impl FnOnce(&[&str]) -> Option<std::borrow::Cow<'a, locate::PositionIndex>>,
    ) {
        if !self.items.iter().any(|d| d.origin.file == file) {
            return;
        }
        let unplaced: Vec<&str> = self
            .items
            .iter()
            .filter(|d| d.origin.file == file && d.position.is_none())
            .map(|d| d.origin.pointer.as_str())
            .collect();
        // Asked only now, with the pointers to place: a prefetched index may still be in
        // the making, and stops once it has them.
        let whole = whole(&unplaced);
        let built;
        let index = match &whole {
            Some(whole) => Some(&**whole),
            None if unplaced.is_empty() => None,
            None => {
                built = locate::PositionIndex::build_for(text, unplaced);
                Some(&built)
            }
        };
        let lines = LineStarts::new(text);
        for diagnostic in self.items.iter_mut().filter(|d| d.origin.file == file) {
            diagnostic.fill(text, index, &lines);
        }
    }

    /// Renders every diagnostic and a summary line; `color` only for terminals.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for diagnostic in &self.items {
            out.push_str(&diagnostic.render(color));
            out.push_str("\n\n");
        }
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.items.len() - errors;
        if !self.items.is_empty() {
            out.push_str(&format!("{errors} error(s), {warnings} warning(s)"));
        }
        out
    }

    /// Renames the files of the diagnostics `rename` maps (a spec read from git into a
    /// temporary folder is shown as `REV:path`).
    pub(crate) fn rename_files(&mut self, rename: impl Fn(&std::path::Path) -> Option<PathBuf>) {
        for diagnostic in &mut self.items {
            if let Some(name) = rename(&diagnostic.origin.file) {
                diagnostic.origin.file = name;
            }
        }
    }

    /// Keeps only the errors and warnings; used when warnings are promoted to errors.
    pub fn deny_warnings(&mut self) {
        for diagnostic in &mut self.items {
            diagnostic.severity = Severity::Error;
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}
