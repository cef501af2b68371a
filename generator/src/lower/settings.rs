//! The generated crate's name and version: values with a grammar, checked before they
//! become a file name (`<name>.rs` in module mode), a Rust identifier or a line of
//! `Cargo.toml`.

use super::naming;

use crate::limits::MAX_CRATE_NAME;

/// The longest version accepted.
const MAX_VERSION: usize = 128;

/// Crates every Rust program can name; a crate called like one of them would shadow it.
const BUILT_IN_CRATES: &[&str] = &["alloc", "core", "proc_macro", "std", "test"];

/// File names Windows reserves for devices, whatever the extension: `nul.rs` is not a file.
const WINDOWS_DEVICES: &[&str] = &[
    "aux", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "con", "lpt1",
    "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "nul", "prn",
];

/// Why `name` cannot be the generated crate's Cargo package name, if it cannot: ASCII
/// letters, digits, `-` and `_`, starting with a letter, at most [`MAX_CRATE_NAME`]
/// characters, and a library name (`-` → `_`) that is a Rust identifier, not a keyword,
/// not a built-in crate and not a Windows device name.
pub fn crate_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("the crate name is empty".to_string());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Some(format!(
            "the crate name contains {}, which a Cargo package name cannot",
            describe_char(bad)
        ));
    }
    if name.len() > MAX_CRATE_NAME {
        return Some(format!(
            "the crate name is {} characters long; the limit is {MAX_CRATE_NAME}",
            name.len()
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some("the crate name does not start with an ASCII letter".to_string());
    }
    let library = name.replace('-', "_");
    if naming::is_keyword(&library) {
        return Some(format!(
            "the crate's library name `{library}` is a Rust keyword"
        ));
    }
    if BUILT_IN_CRATES.contains(&library.as_str()) {
        return Some(format!(
            "the crate's library name `{library}` is the name of a crate Rust provides"
        ));
    }
    if WINDOWS_DEVICES.contains(&library.to_ascii_lowercase().as_str()) {
        return Some(format!(
            "`{library}` is a device name on Windows, so `{library}.rs` cannot be a file there"
        ));
    }
    None
}

/// Why `version` is not a semantic version (`MAJOR.MINOR.PATCH`, then optionally
/// `-pre.release` and `+build.metadata`, as <https://semver.org> and Cargo define it).
pub fn version_problem(version: &str) -> Option<String> {
    if version.is_empty() {
        return Some("the version is empty".to_string());
    }
    if version.len() > MAX_VERSION {
        return Some(format!(
            "the version is {} characters long; the limit is {MAX_VERSION}",
            version.len()
        ));
    }
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    if numbers.len() != 3 {
        return Some(format!(
            "the version has {} dot-separated number(s) before any `-` or `+`; it needs three, MAJOR.MINOR.PATCH",
            numbers.len()
        ));
    }
    for (number, part) in numbers.iter().zip(["MAJOR", "MINOR", "PATCH"]) {
        if let Some(problem) = numeric_problem(number, part) {
            return Some(problem);
        }
    }
    if let Some(pre) = pre {
        for identifier in pre.split('.') {
            if let Some(problem) = identifier_problem(identifier, "pre-release") {
                return Some(problem);
            }
            let numeric = identifier.bytes().all(|b| b.is_ascii_digit());
            if numeric && identifier.len() > 1 && identifier.starts_with('0') {
                return Some(format!(
                    "the numeric pre-release identifier `{identifier}` has a leading zero"
                ));
            }
        }
    }
    if let Some(build) = build {
        for identifier in build.split('.') {
            if let Some(problem) = identifier_problem(identifier, "build metadata") {
                return Some(problem);
            }
        }
    }
    None
}

/// A `MAJOR`, `MINOR` or `PATCH` number: digits, no leading zero, fits in 64 bits.
fn numeric_problem(number: &str, part: &str) -> Option<String> {
    if number.is_empty() {
        return Some(format!("the {part} number is empty"));
    }
    if let Some(bad) = number.chars().find(|c| !c.is_ascii_digit()) {
        return Some(format!(
            "the {part} number contains {}, not only digits",
            describe_char(bad)
        ));
    }
    if number.len() > 1 && number.starts_with('0') {
        return Some(format!("the {part} number `{number}` has a leading zero"));
    }
    if number.parse::<u64>().is_err() {
        return Some(format!(
            "the {part} number `{number}` does not fit in 64 bits"
        ));
    }
    None
}

/// A pre-release or build identifier: one or more ASCII letters, digits or `-`.
fn identifier_problem(identifier: &str, part: &str) -> Option<String> {
    if identifier.is_empty() {
        return Some(format!("the version has an empty {part} identifier"));
    }
    identifier
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        .map(|bad| {
            format!(
                "the {part} part contains {}; only ASCII letters, digits, `-` and `.` are allowed",
                describe_char(bad)
            )
        })
}

/// A character for a message, readable whatever it is (`/`, a line break, a quote).
fn describe_char(c: char) -> String {
    match c {
        '\n' => "a line break".to_string(),
        '\r' => "a carriage return".to_string(),
        '\t' => "a tab".to_string(),
        ' ' => "a space".to_string(),
        '`' => "a backtick".to_string(),
        c if c.is_control() || c.is_whitespace() => format!("the character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// A spec value quoted for a one-line message: escaped, and cut when long.
pub fn quoted(value: &str) -> String {
    const SHOWN: usize = 60;
    let escaped: String = value
        .chars()
        .take(SHOWN)
        .flat_map(char::escape_debug)
        .collect();
    let more = if value.chars().count() > SHOWN {
        "…"
    } else {
        ""
    };
    format!("\"{escaped}{more}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names() {
        for good in ["llama-cloud", "a", "my_api2", "A-b_C", &"a".repeat(64)] {
            assert_eq!(crate_name_problem(good), None, "{good}");
        }
        let table = [
            ("", "empty"),
            ("a/b", "contains `/`"),
            ("..", "contains `.`"),
            ("/etc/x", "contains `/`"),
            ("C:\\x", "contains `:`"),
            ("a b", "a space"),
            ("a\nb", "a line break"),
            ("é", "contains `é`"),
            ("1api", "does not start with an ASCII letter"),
            ("-api", "does not start with an ASCII letter"),
            ("_api", "does not start with an ASCII letter"),
            ("self", "`self` is a Rust keyword"),
            ("async", "`async` is a Rust keyword"),
            ("gen", "`gen` is a Rust keyword"),
            ("std", "a crate Rust provides"),
            ("proc-macro", "a crate Rust provides"),
            ("NUL", "device name on Windows"),
            ("com1", "device name on Windows"),
        ];
        for (name, expected) in table {
            let problem = crate_name_problem(name).unwrap_or_default();
            assert!(problem.contains(expected), "{name:?}: {problem}");
        }
        let long = "a".repeat(65);
        assert!(
            crate_name_problem(&long)
                .unwrap_or_default()
                .contains("65 characters long")
        );
    }

    #[test]
    fn versions() {
        for good in [
            "0.1.0",
            "1.0.0",
            "10.20.30",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-0.3.7",
            "1.0.0-x.7.z.92",
            "1.0.0+20130313144700",
            "1.0.0-beta+exp.sha.5114f85",
            "1.0.0+21AF26D3----117B344092BD",
            "18446744073709551615.0.0",
        ] {
            assert_eq!(version_problem(good), None, "{good}");
        }
        let table = [
            ("", "the version is empty"),
            (".1.0", "the MAJOR number is empty"),
            ("1", "1 dot-separated number(s)"),
            ("1.0", "2 dot-separated number(s)"),
            ("1.0.0.0", "4 dot-separated number(s)"),
            ("01.0.0", "leading zero"),
            ("1.0.0-01", "leading zero"),
            ("v1.0.0", "contains `v`"),
            ("1.0.0\"\n[x]", "the PATCH number contains `\"`"),
            ("1.0.0\n", "a line break"),
            ("1.0.0-", "empty pre-release identifier"),
            ("1.0.0-a..b", "empty pre-release identifier"),
            ("1.0.0+", "empty build metadata identifier"),
            ("1.0.0-a b", "a space"),
            ("1.0.0+x/y", "contains `/`"),
            ("18446744073709551616.0.0", "does not fit in 64 bits"),
        ];
        for (version, expected) in table {
            let problem = version_problem(version).unwrap_or_default();
            assert!(problem.contains(expected), "{version:?}: {problem}");
        }
        assert!(version_problem(&format!("1.0.0-{}", "a".repeat(200))).is_some());
    }

    #[test]
    fn names_from_titles() {
        let table = [
            ("LlamaCloud API", "llama-cloud-api"),
            ("const", "const-api"),
            ("", "api"),
            ("🦀", "api"),
            ("Std", "std-api"),
            ("Con", "con-api"),
            ("123 Go", "api-123-go"),
        ];
        for (title, expected) in table {
            assert_eq!(super::naming::crate_name(title), expected, "{title:?}");
        }
        let long = super::naming::crate_name(&"word ".repeat(40));
        assert!(
            long.len() <= MAX_CRATE_NAME && !long.ends_with('-'),
            "{long}"
        );
        assert_eq!(crate_name_problem(&long), None);
        let one_word = super::naming::crate_name(&"x".repeat(200));
        assert_eq!(one_word.len(), MAX_CRATE_NAME);
    }
}
