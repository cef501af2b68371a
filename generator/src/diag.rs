//! Diagnostics: problems found in a spec, collected across a stage and reported together.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Where something came from in the spec: a file, a JSON pointer and, once located,
/// a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    /// The spec file (as given on the command line or in the config).
    #[serde(skip)]
    pub file: PathBuf,
    /// JSON pointer into that file, always starting with `#`.
    pub pointer: String,
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
        Origin {
            file: self.file.clone(),
            pointer: format!("{}/{}", self.pointer, escape_pointer(segment.as_ref())),
        }
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
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
}

impl Diagnostic {
    /// A new error.
    pub fn error(code: &'static str, origin: &Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            origin: origin.clone(),
            position: None,
            help: None,
        }
    }

    /// A new warning.
    pub fn warning(code: &'static str, origin: &Origin, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, origin, message)
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.origin.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(
            f,
            " ({}): {kind}[{}]: {}",
            self.origin.pointer, self.code, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
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

    /// Fills in line and column from the given locator where missing.
    pub fn locate(&mut self, mut locate: impl FnMut(&Origin) -> Option<(usize, usize)>) {
        for diagnostic in &mut self.items {
            if diagnostic.position.is_none() {
                diagnostic.position = locate(&diagnostic.origin);
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
        for (index, diagnostic) in self.items.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self
            .items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.items.len() - errors;
        if !self.items.is_empty() {
            write!(f, "\n{errors} error(s), {warnings} warning(s)")?;
        }
        Ok(())
    }
}
