//! The version verdict: which semver bump the generated crate needs, by Rust's rules
//! (before 1.0 the minor number is the breaking one), and whether the new spec's
//! `x-rust-sdk.crate-version` and `info.version` say so.

use serde::Serialize;

use super::message::{Message, code, msg};
use super::{Change, SpecSummary, Verdict};

/// What a change means for semver, whatever the version number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing that users of the crate can see.
    None,
    /// A fix: the public API is the same (docs, behaviour, wire details).
    Patch,
    /// New public items; code written against the old crate still compiles.
    Additive,
    /// Code written against the old crate may not compile.
    Breaking,
}

/// Which number of the version to raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// No change.
    None,
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

/// One version of the new spec checked against what the changes need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionCheck {
    /// In the old spec.
    pub old: String,
    /// In the new spec.
    pub new: String,
    /// The lowest version that fits the changes, when both are semver versions.
    pub required: Option<String>,
    /// Whether `new` fits the changes.
    pub ok: bool,
}

/// The version verdict of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionVerdict {
    /// The most severe change for semver.
    pub level: Level,
    /// The number of the crate version to raise, given the old version.
    pub bump: Bump,
    /// `x-rust-sdk.crate-version` (default `0.1.0`), checked against the Rust verdicts.
    pub crate_version: VersionCheck,
    /// `info.version`, checked against the wire (major for a wire-breaking change, minor
    /// for an addition, patch for another wire change; Rust names and the generator's
    /// extensions are not the API's) when both versions are semver; otherwise it only has
    /// to change when the API did.
    pub api_version: VersionCheck,
    /// What is wrong with the versions.
    #[serde(skip)]
    pub warnings: Vec<Message>,
}

/// `MAJOR.MINOR.PATCH` (a leading `v`, a missing patch number, pre-release and build
/// suffixes allowed).
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let version = version.trim().trim_start_matches('v');
    let core = version.split(['-', '+']).next()?;
    let mut numbers = core.split('.').map(|n| n.parse::<u64>().ok());
    let major = numbers.next()??;
    let minor = numbers.next()??;
    let patch = match numbers.next() {
        Some(patch) => patch?,
        None => 0,
    };
    if numbers.next().is_some() {
        return None;
    }
    Some((major, minor, patch))
}

/// The number to raise for `level` from `version`, by Cargo's rules: `0.0.z` changes
/// are all breaking, in `0.y.z` the minor number is the breaking one.
fn bump_for(level: Level, (major, minor, _): (u64, u64, u64)) -> Bump {
    match (level, major, minor) {
        (Level::None, ..) => Bump::None,
        (_, 0, 0) => Bump::Patch,
        (Level::Breaking, 0, _) => Bump::Minor,
        (_, 0, _) => Bump::Patch,
        (Level::Breaking, ..) => Bump::Major,
        (Level::Additive, ..) => Bump::Minor,
        (Level::Patch, ..) => Bump::Patch,
    }
}

fn bumped(bump: Bump, (major, minor, patch): (u64, u64, u64)) -> (u64, u64, u64) {
    match bump {
        Bump::None => (major, minor, patch),
        Bump::Patch => (major, minor, patch + 1),
        Bump::Minor => (major, minor + 1, 0),
        Bump::Major => (major + 1, 0, 0),
    }
}

fn check(old: &str, new: &str, level: Level) -> VersionCheck {
    match (parse(old), parse(new)) {
        (Some(old_version), Some(new_version)) => {
            let required = bumped(bump_for(level, old_version), old_version);
            VersionCheck {
                old: old.to_string(),
                new: new.to_string(),
                required: Some(format!("{}.{}.{}", required.0, required.1, required.2)),
                ok: new_version >= required,
            }
        }
        _ => VersionCheck {
            old: old.to_string(),
            new: new.to_string(),
            required: None,
            ok: level == Level::None || old != new,
        },
    }
}

fn bump_word(bump: Bump) -> &'static str {
    match bump {
        Bump::None => "no",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

/// What a change means for the API's own version (`info.version`): breaking on the wire,
/// something new on the wire, another wire change, or nothing on the wire at all (Rust
/// names and the generator's extensions).
fn api_level(change: &Change) -> Level {
    use super::Kind::*;
    if change.wire == Verdict::Breaking {
        return Level::Breaking;
    }
    match change.kind {
        OperationRenamed
        | OperationMoved
        | ParamsArgumentAdded
        | ParamsArgumentRemoved
        | ParamsTypeRenamed
        | ParameterRenamed
        | PropertyRenamed
        | TypeRenamed
        | EnumVariantRenamed
        | UnionVariantRenamed
        | ConstructorReordered
        | PaginationAdded
        | PaginationRemoved
        | PaginationChanged
        | WaitAdded
        | WaitRemoved
        | WaitChanged
        | CrateRenamed
        | ApiKeyEnvChanged
        | BaseUrlEnvChanged
        | RuntimeItemAdded
        | RuntimeItemRemoved
        | ErrorBodyAdded
        | ErrorBodyRemoved => Level::None,
        OperationAdded
        | ParameterAddedOptional
        | RequestBodyAdded
        | SuccessStatusAdded
        | ResponseBodyAdded
        | ErrorResponseAdded
        | PropertyAddedOptional
        | PropertyAddedRequired
        | AdditionalPropertiesAdded
        | EnumValueAdded
        | UnionVariantAdded
        | SchemaAdded
        | ServerAdded => Level::Additive,
        _ => Level::Patch,
    }
}

/// The verdict for `changes` between `old` and `new`.
pub(crate) fn verdict(old: &SpecSummary, new: &SpecSummary, changes: &[Change]) -> VersionVerdict {
    let level = changes.iter().map(|c| c.level).max().unwrap_or(Level::None);
    let bump = parse(&old.crate_version).map_or(Bump::None, |v| bump_for(level, v));
    let crate_version = check(&old.crate_version, &new.crate_version, level);
    let wire_level = changes.iter().map(api_level).max().unwrap_or(Level::None);
    let api_version = check(&old.api_version, &new.api_version, wire_level);
    let mut warnings = Vec::new();
    if !crate_version.ok {
        let needed = match &crate_version.required {
            Some(required) => msg!(
                ": the changes need at least ",
                code(required.clone()),
                " (a ",
                bump_word(bump),
                " bump)"
            ),
            None => msg!(": the changes need a new version"),
        };
        warnings.push(
            msg!(
                "`x-rust-sdk.crate-version` is ",
                code(new.crate_version.clone()),
                " (was ",
                code(old.crate_version.clone()),
                ")"
            )
            .then(needed),
        );
    }
    if !api_version.ok {
        let needed = match &api_version.required {
            Some(required) => msg!(
                ": the changes need at least ",
                code(required.clone()),
                if wire_level == Level::Breaking {
                    " (a wire-breaking change)"
                } else {
                    ""
                }
            ),
            None => msg!(": the API changed, its version did not"),
        };
        warnings.push(
            msg!(
                "`info.version` is ",
                code(new.api_version.clone()),
                " (was ",
                code(old.api_version.clone()),
                ")"
            )
            .then(needed),
        );
    }
    VersionVerdict {
        level,
        bump,
        crate_version,
        api_version,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_leniently() {
        assert_eq!(parse("1.2.3"), Some((1, 2, 3)));
        assert_eq!(parse("v2.0"), Some((2, 0, 0)));
        assert_eq!(parse("1.0.0-beta.1+x"), Some((1, 0, 0)));
        assert_eq!(parse("2024-01-01"), None);
        assert_eq!(parse("1.2.3.4"), None);
    }

    #[test]
    fn bumps_follow_cargo_rules() {
        let table = [
            (Level::Breaking, "1.4.2", "2.0.0"),
            (Level::Additive, "1.4.2", "1.5.0"),
            (Level::Patch, "1.4.2", "1.4.3"),
            (Level::Breaking, "0.4.2", "0.5.0"),
            (Level::Additive, "0.4.2", "0.4.3"),
            (Level::Patch, "0.4.2", "0.4.3"),
            (Level::Breaking, "0.0.3", "0.0.4"),
            (Level::Additive, "0.0.3", "0.0.4"),
            (Level::None, "0.4.2", "0.4.2"),
        ];
        for (level, old, required) in table {
            let checked = check(old, required, level);
            assert_eq!(
                checked.required.as_deref(),
                Some(required),
                "{level:?} {old}"
            );
            assert!(checked.ok);
            assert!(!check(old, old, level).ok || level == Level::None);
        }
        assert!(check("0.4.2", "1.0.0", Level::Breaking).ok);
        assert!(!check("2024-01-01", "2024-01-01", Level::Patch).ok);
        assert!(check("2024-01-01", "2024-02-01", Level::Breaking).ok);
    }
}
