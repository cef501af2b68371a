//! `generator diff OLD NEW`: a spec change reviewed as an API change.
//!
//! Both specs are loaded and lowered as for generation (a spec that does not load gives
//! the usual located diagnostics); `compare` pairs their operations, parameters, bodies,
//! responses and types, and classifies every difference twice: on the *wire* (does a
//! client built on the old spec break against the new API) and in *Rust* (does code
//! written against the old generated crate still compile against the new one). The
//! [`VersionVerdict`] follows from the Rust one. Inputs are files or `REV:PATH` read from
//! git ([`Input`]). Output for people and machines: [`Report::render`].

#[cfg(feature = "cli")]
pub mod cli;
mod compare;
mod input;
mod kind;
pub mod message;
mod render;
mod side;
mod version;

use serde::Serialize;

pub use input::Input;
pub use kind::Kind;
pub use message::Message;
pub use render::Format;
pub use version::{Bump, Level, VersionCheck, VersionVerdict};

use crate::Error;

/// Whether a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Something that worked before fails now.
    Breaking,
    /// What worked before still works.
    Compatible,
}

/// A place in one of the two specs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file, as given (`spec/batches.yaml`, or `main:spec/batches.yaml` for a git
    /// revision).
    pub file: String,
    /// 1-based line (0 when the text has no such node).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub column: usize,
    /// JSON pointer into the file.
    pub pointer: String,
}

/// One difference between the two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: Kind,
    /// Where in the API, as a reader names it (operation, parameter, schema, property).
    pub subject: Message,
    /// What changed, in a sentence.
    pub message: Message,
    /// Does a client built on the old spec break against the new API?
    pub wire: Verdict,
    /// Why.
    pub wire_reason: Message,
    /// Does code written against the old generated crate break against the new one?
    pub rust: Verdict,
    /// Why.
    pub rust_reason: Message,
    /// What the change means for semver by itself.
    pub level: Level,
    /// Where it is (or, when added, would be) in the old spec.
    pub old: Location,
    /// Where it is (or, when removed, was) in the new spec.
    pub new: Location,
}

impl Change {
    /// 0 for the most severe: breaking on the wire and in Rust, then wire only, Rust only.
    pub fn severity(&self) -> u8 {
        match (self.wire, self.rust) {
            (Verdict::Breaking, Verdict::Breaking) => 0,
            (Verdict::Breaking, Verdict::Compatible) => 1,
            (Verdict::Compatible, Verdict::Breaking) => 2,
            (Verdict::Compatible, Verdict::Compatible) => 3,
        }
    }
}

/// What one side of the diff is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpecSummary {
    /// The input as given.
    pub spec: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub api_version: String,
    /// The crate name of the generated SDK.
    pub crate_name: String,
    /// The crate version (`x-rust-sdk.crate-version`, default `0.1.0`).
    pub crate_version: String,
}

/// The result of a diff.
#[derive(Debug, Clone)]
pub struct Report {
    /// The old spec.
    pub old: SpecSummary,
    /// The new spec.
    pub new: SpecSummary,
    /// Every change, most severe first.
    pub changes: Vec<Change>,
    /// The version the generated crate needs, and whether the specs say so.
    pub version: VersionVerdict,
}

/// When `generator diff` fails (exit status 1), for CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any change that breaks clients on the wire.
    Breaking,
    /// Any change that breaks on the wire or in Rust (the crate needs a major bump).
    RustBreaking,
    /// Any change at all.
    Any,
}

impl Report {
    /// Changes that break on the wire.
    pub fn wire_breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.wire == Verdict::Breaking)
            .count()
    }

    /// Changes that break Rust code.
    pub fn rust_breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.rust == Verdict::Breaking)
            .count()
    }

    /// Whether the report reaches `level`.
    pub fn fails(&self, level: FailOn) -> bool {
        match level {
            FailOn::Breaking => self.wire_breaking() > 0,
            FailOn::RustBreaking => self.wire_breaking() > 0 || self.rust_breaking() > 0,
            FailOn::Any => !self.changes.is_empty(),
        }
    }

    /// The report in `format` (`color`: ANSI colours in the text format).
    pub fn render(&self, format: Format, color: bool) -> String {
        match format {
            Format::Text => render::text(self, color),
            Format::Markdown => render::markdown(self),
            Format::Json => render::json(self),
        }
    }
}

/// Compares two specs, each a file or `REV:PATH` read from git (see [`Input::parse`]).
///
/// ```no_run
/// let report = generator::diff("main:spec/batches.yaml", "spec/batches.yaml")?;
/// if report.fails(generator::diff::FailOn::Breaking) {
///     eprintln!("{}", report.render(generator::diff::Format::Text, false));
/// }
/// # Ok::<(), generator::Error>(())
/// ```
pub fn diff(old: &str, new: &str) -> Result<Report, Error> {
    diff_inputs(&Input::parse(old), &Input::parse(new))
}

/// [`diff`] with parsed inputs.
pub fn diff_inputs(old: &Input, new: &Input) -> Result<Report, Error> {
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| side::Side::load(old));
        let new = side::Side::load(new);
        let old = old
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (old, new)
    });
    let (old, new) = (old?, new?);
    let mut changes = side::locate(compare::compare(&old, &new), &old, &new);
    changes.sort_by(|a, b| {
        (a.severity(), &a.new, &a.old, a.kind, &a.subject, &a.message).cmp(&(
            b.severity(),
            &b.new,
            &b.old,
            b.kind,
            &b.subject,
            &b.message,
        ))
    });
    changes.dedup();
    let old_summary = old.summary();
    let new_summary = new.summary();
    let version = version::verdict(&old_summary, &new_summary, &changes);
    Ok(Report {
        old: old_summary,
        new: new_summary,
        changes,
        version,
    })
}
