//! A diff report for people (terminal text, Markdown for a pull-request comment) and for
//! machines (JSON with a stable schema, documented in the README).

use serde_json::json;

use super::message::Message;
use super::version::{Bump, Level};
use super::{Change, Location, Report, Verdict};
use crate::escape::Markdown;
use crate::md;

/// An output format of `generator diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A summary for a terminal.
    Text,
    /// A pull-request comment.
    Markdown,
    /// The JSON report.
    Json,
}

/// The groups of the report, most severe first: (severity, heading).
const GROUPS: [(u8, &str); 4] = [
    (0, "Breaking on the wire and in Rust"),
    (1, "Breaking on the wire"),
    (2, "Breaking in Rust"),
    (3, "Compatible"),
];

fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Breaking => "breaking",
        Verdict::Compatible => "compatible",
    }
}

fn bump_word(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::None => "none",
        Level::Patch => "patch",
        Level::Additive => "additive",
        Level::Breaking => "breaking",
    }
}

fn location_text(location: &Location) -> String {
    let place = if location.line > 0 {
        format!("{}:{}:{}", location.file, location.line, location.column)
    } else {
        location.file.clone()
    };
    crate::escape::visible_escapes(&format!("{place} ({})", location.pointer))
}

/// The version line, in plain words.
fn version_sentence(report: &Report) -> Message {
    use super::message::{code, msg};
    let version = &report.version;
    match (&version.crate_version.required, version.bump) {
        (_, Bump::None) => msg!("No change to the generated crate's API: no version bump needed."),
        (Some(required), bump) => msg!(
            "The crate needs a ",
            bump_word(bump),
            " bump: ",
            code(version.crate_version.old.clone()),
            " → at least ",
            code(required.clone()),
            " (",
            level_word(version.level),
            " changes)."
        ),
        (None, bump) => msg!(
            "The crate needs a ",
            bump_word(bump),
            " bump (",
            level_word(version.level),
            " changes)."
        ),
    }
}

fn counts(report: &Report) -> (usize, usize, usize) {
    (
        report.changes.len(),
        report.wire_breaking(),
        report.rust_breaking(),
    )
}

/// Plain text for a terminal; `color` adds ANSI colours.
pub(crate) fn text(report: &Report, color: bool) -> String {
    let paint = |code: &str, text: &str| {
        if color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    };
    let clean = crate::escape::visible_escapes;
    let mut out = String::new();
    out.push_str(&paint(
        "1",
        &format!(
            "API diff: {} → {}",
            clean(&report.old.spec),
            clean(&report.new.spec)
        ),
    ));
    out.push('\n');
    out.push_str(&format!(
        "{} {} → {}; crate {} {} → {}\n",
        clean(&report.new.title),
        clean(&report.old.api_version),
        clean(&report.new.api_version),
        clean(&report.new.crate_name),
        clean(&report.old.crate_version),
        clean(&report.new.crate_version),
    ));
    let (changes, wire, rust) = counts(report);
    out.push_str(&format!(
        "\n{changes} change(s): {wire} break clients on the wire, {rust} break Rust code\n"
    ));
    for (severity, heading) in GROUPS {
        let group: Vec<&Change> = (report.changes.iter())
            .filter(|c| c.severity() == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let colour = match severity {
            0 => "1;31",
            1 | 2 => "1;33",
            _ => "1;32",
        };
        out.push_str(&format!("\n{} ({})\n", paint(colour, heading), group.len()));
        for change in group {
            out.push_str(&format!(
                "  {} {}: {}\n",
                paint("1", change.kind.code()),
                change.subject.to_text(),
                change.message.to_text()
            ));
            let verdict = |verdict: Verdict| match verdict {
                Verdict::Breaking => paint("31", "breaking"),
                Verdict::Compatible => paint("32", "compatible"),
            };
            out.push_str(&format!(
                "      wire: {}: {}\n",
                verdict(change.wire),
                change.wire_reason.to_text()
            ));
            out.push_str(&format!(
                "      Rust: {}: {}\n",
                verdict(change.rust),
                change.rust_reason.to_text()
            ));
            out.push_str(&format!("      old: {}\n", location_text(&change.old)));
            out.push_str(&format!("      new: {}\n", location_text(&change.new)));
        }
    }
    out.push('\n');
    out.push_str(&version_sentence(report).to_text());
    out.push('\n');
    for warning in &report.version.warnings {
        out.push_str(&format!(
            "{}: {}\n",
            paint("1;33", "warning"),
            warning.to_text()
        ));
    }
    out
}

fn location_markdown(location: &Location) -> Markdown {
    let place = if location.line > 0 {
        format!("{}:{}", location.file, location.line)
    } else {
        location.file.clone()
    };
    md!(
        "{} {}",
        Markdown::code(&place),
        Markdown::code(&location.pointer)
    )
}

/// Markdown for a pull-request comment: a summary, then the changes most severe first,
/// each group in a collapsible `<details>` (the breaking ones open).
pub(crate) fn markdown(report: &Report) -> String {
    let (changes, wire, rust) = counts(report);
    let number = |n: usize| Markdown::ident(&n.to_string());
    let mut blocks: Vec<Markdown> = vec![md!(
        "## API diff: {} → {}",
        Markdown::code(&report.old.spec),
        Markdown::code(&report.new.spec)
    )];
    blocks.push(md!(
        "{} {} → {}, crate {} {} → {}.",
        Markdown::code(&report.new.title),
        Markdown::code(&report.old.api_version),
        Markdown::code(&report.new.api_version),
        Markdown::code(&report.new.crate_name),
        Markdown::code(&report.old.crate_version),
        Markdown::code(&report.new.crate_version)
    ));
    blocks.push(md!(
        "**{} change(s)**: {} break clients on the wire, {} break Rust code. {}",
        number(changes),
        number(wire),
        number(rust),
        version_sentence(report).to_markdown()
    ));
    for warning in &report.version.warnings {
        blocks.push(md!("**Warning:** {}", warning.to_markdown()));
    }
    for (severity, heading) in GROUPS {
        let group: Vec<&Change> = (report.changes.iter())
            .filter(|c| c.severity() == severity)
            .collect();
        if group.is_empty() {
            continue;
        }
        let open = if severity < 3 {
            Markdown::lit(" open")
        } else {
            Markdown::lit("")
        };
        let items = group.iter().map(|change| {
            md!(
                "- **{}** {}: {}\n  - wire: **{}**: {}\n  - Rust: **{}**: {}\n  - old: {}; new: {}",
                Markdown::lit(change.kind.code()),
                change.subject.to_markdown(),
                change.message.to_markdown(),
                Markdown::lit(verdict_word(change.wire)),
                change.wire_reason.to_markdown(),
                Markdown::lit(verdict_word(change.rust)),
                change.rust_reason.to_markdown(),
                location_markdown(&change.old),
                location_markdown(&change.new)
            )
        });
        blocks.push(md!(
            "<details{}>\n<summary>{} ({})</summary>\n\n{}\n\n</details>",
            open,
            Markdown::lit(heading),
            number(group.len()),
            Markdown::join(items, "\n")
        ));
    }
    if report.changes.is_empty() {
        blocks.push(Markdown::lit("No changes."));
    }
    let mut out = Markdown::join(blocks, "\n\n").to_string();
    out.push('\n');
    out
}

fn location_json(location: &Location) -> serde_json::Value {
    json!({
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "pointer": location.pointer,
    })
}

/// The JSON report (schema `generator-diff/1`, documented in the README).
pub(crate) fn json(report: &Report) -> String {
    let (changes, wire, rust) = counts(report);
    let side = |summary: &super::SpecSummary| {
        json!({
            "spec": summary.spec,
            "title": summary.title,
            "api_version": summary.api_version,
            "crate_name": summary.crate_name,
            "crate_version": summary.crate_version,
        })
    };
    let check = |check: &super::VersionCheck| {
        json!({
            "old": check.old,
            "new": check.new,
            "required": check.required,
            "ok": check.ok,
        })
    };
    let version = &report.version;
    let value = json!({
        "schema": "generator-diff/1",
        "old": side(&report.old),
        "new": side(&report.new),
        "summary": {
            "changes": changes,
            "wire_breaking": wire,
            "rust_breaking": rust,
        },
        "version": {
            "level": level_word(version.level),
            "bump": bump_word(version.bump),
            "crate_version": check(&version.crate_version),
            "api_version": check(&version.api_version),
            "warnings": version.warnings.iter().map(Message::to_raw).collect::<Vec<_>>(),
        },
        "changes": report.changes.iter().map(|change| json!({
            "kind": change.kind.code(),
            "subject": change.subject.to_raw(),
            "message": change.message.to_raw(),
            "wire": verdict_word(change.wire),
            "wire_reason": change.wire_reason.to_raw(),
            "rust": verdict_word(change.rust),
            "rust_reason": change.rust_reason.to_raw(),
            "level": level_word(change.level),
            "old": location_json(&change.old),
            "new": location_json(&change.new),
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}
