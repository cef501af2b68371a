//! Every diagnostic code with its severity and a one-line meaning: the one list that
//! `Diagnostic::error` / `Diagnostic::warning`, the fixtures and the docs agree on.
//!
//! Codes are grouped by stage: `E000x`/`W000x` loading, `E01xx` references, `E02xx` and
//! `W02xx` schemas, `E03xx` and `W03xx` operations, `W01xx` and `W04xx` whole-API
//! checks. Every code has a fixture in `generator/tests/fixtures/err` (errors) or
//! `fixtures/warn` (warnings) whose snapshot shows it; tests enforce both.

use super::Severity;

/// One diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// The code, for example `E0101`.
    pub code: &'static str,
    /// Whether it stops generation.
    pub severity: Severity,
    /// What it reports, in one line.
    pub meaning: &'static str,
}

const fn error(code: &'static str, meaning: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Error,
        meaning,
    }
}

const fn warning(code: &'static str, meaning: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Warning,
        meaning,
    }
}

/// Every code the generator reports, in code order.
pub const CODES: &[Code] = &[
    error("E0001", "the file is not valid YAML or JSON"),
    error("E0002", "the spec file is empty"),
    error("E0003", "the spec is not a mapping"),
    error(
        "E0004",
        "a Swagger 2 document: only OpenAPI 3.0 and 3.1 are read",
    ),
    error("E0005", "the `openapi` version is missing or not 3.x"),
    error(
        "E0006",
        "a part of the spec has the wrong shape for its OpenAPI object",
    ),
    error(
        "E0007",
        "a required section is missing (`info`; `paths` in 3.0)",
    ),
    error("E0008", "a key appears twice in one mapping"),
    error(
        "E0009",
        "the file is not UTF-8 (nor UTF-16 with a byte-order mark)",
    ),
    error("E0010", "the file nests deeper than the parsers' limit"),
    error(
        "E0011",
        "`x-rust-sdk.crate-name` is not a valid Cargo package name",
    ),
    error(
        "E0012",
        "`x-rust-sdk.crate-version` is not a semantic version",
    ),
    error(
        "E0013",
        "an overlay is not an Overlay 1.0 document, or a target is not JSONPath it reads",
    ),
    error("E0101", "a `$ref` points to nothing"),
    error("E0102", "a `$ref` points outside the spec's folder"),
    error("E0103", "a `$ref` names a file that cannot be read"),
    error("E0104", "a chain of `$ref`s never reaches an object"),
    error(
        "E0105",
        "schemas that are only `$ref`s of each other, in a loop",
    ),
    error("E0106", "schemas nest deeper than the generator's limit"),
    error(
        "E0107",
        "a chain of `$ref`-only schemas longer than the generator's limit",
    ),
    error(
        "E0108",
        "`allOf` copies more properties than the generator's limit",
    ),
    error(
        "E0109",
        "more types, fields and enum values than the generator's limit",
    ),
    error("E0201", "a schema has the wrong shape"),
    error("E0202", "a schema has an unknown `type`"),
    error(
        "E0206",
        "an `x-rust-name` is already the name of another type",
    ),
    error("E0207", "integer bounds that no Rust integer type holds"),
    error("E0208", "a Rust name longer than the generator's limit"),
    error("E0302", "a parameter has an unknown location (`in`)"),
    error("E0303", "a path parameter is not marked required"),
    error(
        "E0304",
        "a path parameter does not appear in the path template",
    ),
    error("E0306", "a request body has the wrong shape or no content"),
    error("E0310", "a path template is malformed"),
    error("E0311", "a parameter has the wrong shape"),
    error("E0312", "a response has the wrong shape"),
    error("E0313", "`x-pagination` does not fit the operation"),
    error("E0314", "`x-wait` does not fit the operation"),
    error(
        "E0315",
        "a header or cookie name (of a parameter, or `x-rust-sdk.idempotency-header`) is not an HTTP token",
    ),
    warning("W0005", "an OpenAPI 3.2 document, read as 3.1"),
    warning("W0006", "webhooks, which are not generated"),
    warning("W0007", "an overlay action whose target selects nothing"),
    warning("W0101", "a component schema that no operation uses"),
    warning(
        "W0102",
        "a `$ref` to a schema that does not exist, typed as any JSON value",
    ),
    warning(
        "W0201",
        "a discriminator ignored because an alternative is not an object",
    ),
    warning(
        "W0203",
        "a value of several types, mapped to `serde_json::Value`",
    ),
    warning("W0204", "`not`, which the generated types do not enforce"),
    warning(
        "W0205",
        "a `default` that does not match its schema, ignored",
    ),
    warning(
        "W0206",
        "an enum mixing values of different types, typed as any JSON value",
    ),
    warning(
        "W0207",
        "a discriminator property missing from an alternative: an untagged union",
    ),
    warning("W0208", "an enum value listed twice, kept once"),
    warning(
        "W0209",
        "a required property the schema does not describe: an optional JSON value",
    ),
    warning(
        "W0301",
        "an API key sent other than in a header or query: not sent",
    ),
    warning(
        "W0302",
        "a multipart body that is not an object: sent as raw bytes",
    ),
    warning(
        "W0303",
        "an operationId used twice: the later operation gets the method appended",
    ),
    warning(
        "W0305",
        "a path placeholder without a path parameter: a required string parameter",
    ),
    warning(
        "W0307",
        "an operation without responses: its method returns the raw body",
    ),
    warning("W0308", "callbacks, which are not generated"),
    warning(
        "W0309",
        "a security requirement naming an undefined scheme, skipped",
    ),
    warning(
        "W0310",
        "a generated operationId whose short name is taken: the whole id names it",
    ),
    warning(
        "W0311",
        "cursor pagination detected where the spec does not declare it",
    ),
    warning(
        "W0312",
        "a path with a `#fragment`, which is never sent: the fragment is dropped",
    ),
    warning(
        "W0401",
        "a union alternative that accepts any value before others",
    ),
];

/// The table entry of `code`.
pub fn lookup(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|entry| entry.code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_prefixed_by_severity() {
        for pair in CODES.windows(2) {
            assert!(
                pair[0].code < pair[1].code,
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        for entry in CODES {
            let prefix = match entry.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(entry.code.starts_with(prefix), "{}", entry.code);
            assert_eq!(entry.code.len(), 5, "{}", entry.code);
            assert!(!entry.meaning.ends_with('.'), "{}", entry.code);
        }
    }

    /// The `"E0…"` / `"W0…"` literals of every source file under `src/`.
    fn codes_in_sources(dir: &Path, out: &mut BTreeSet<String>) {
        let entries = std::fs::read_dir(dir).expect("src/ is readable");
        for path in entries.map(|entry| entry.expect("entry").path()) {
            if path.is_dir() {
                codes_in_sources(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && !path.ends_with("diag/codes.rs")
            {
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                for (start, _) in text.match_indices('"') {
                    let literal = text.get(start + 1..start + 7);
                    if let Some(literal) = literal.filter(|l| is_code_literal(l)) {
                        out.insert(literal[..5].to_string());
                    }
                }
            }
        }
    }

    /// `E0123"` or `W0123"`: a code and the closing quote.
    fn is_code_literal(text: &str) -> bool {
        let bytes = text.as_bytes();
        matches!(bytes[0], b'E' | b'W')
            && bytes[1..5].iter().all(u8::is_ascii_digit)
            && bytes[5] == b'"'
    }

    #[test]
    fn every_code_in_the_sources_is_in_the_table_and_back() {
        let mut used = BTreeSet::new();
        codes_in_sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut used,
        );
        let listed: BTreeSet<String> = CODES.iter().map(|c| c.code.to_string()).collect();
        let unlisted: Vec<_> = used.difference(&listed).collect();
        let unused: Vec<_> = listed.difference(&used).collect();
        assert!(
            unlisted.is_empty(),
            "codes used but not in CODES: {unlisted:?}"
        );
        assert!(
            unused.is_empty(),
            "codes in CODES that nothing reports: {unused:?}"
        );
    }
}
