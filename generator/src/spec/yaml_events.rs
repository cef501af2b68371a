//! Builds a document's value straight from yaml-rust2's events, about twice as fast as
//! serde_yaml, for the YAML that real specs are made of.
//!
//! The value must be exactly the one serde_yaml gives (through `StrictValue`): plain
//! scalars are resolved by the same rules (YAML 1.2 core schema as serde_yaml reads it:
//! `~`/`null`, `true`/`false` in three casings, decimal, `0x`/`0o`/`0b` integers, floats,
//! `.inf`/`.nan`), and non-string keys become the same text. Anything this builder does
//! not reproduce gives `None`, and the caller parses with serde_yaml, whose messages and
//! positions are the ones users see: a parse error, a tag, an anchor or alias, a key that
//! is a collection or appears twice, a document nested deeper than serde_yaml allows, an
//! empty stream, a second document, a byte order mark after the start, or a tab.

use serde_json::{Map, Number, Value, map::Entry};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::diag::nodes::NodePositions;
use crate::limits::PARSER_DEPTH;

/// A collection being filled, and its node's number.
enum Open {
    Sequence(Vec<Value>, usize),
    /// A mapping, and the key whose value comes next, with the key's position.
    Mapping(Map<String, Value>, Option<(String, (usize, usize))>, usize),
}

/// The document's value and the positions of its nodes, or `None` when serde_yaml must
/// decide (see the module docs).
pub fn parse(text: &str) -> Option<(Value, NodePositions)> {
    // libyaml skips a byte order mark where yaml-rust2 reads it as text, and refuses
    // tabs in places yaml-rust2 allows them.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains(['\u{feff}', '\t']) {
        return None;
    }
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut nodes = NodePositions::default();
    let mut root: Option<Value> = None;
    let mut documents = 0;
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let here = (mark.line(), mark.col() + 1);
        // A mapping's value is found at its key, as the text index has it.
        let at = match stack.last() {
            Some(Open::Mapping(_, Some((_, key)), _)) => *key,
            _ => here,
        };
        let value = match event {
            Event::StreamStart | Event::Nothing => continue,
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::DocumentEnd => continue,
            Event::Alias(_) => return None,
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                if let Some(Open::Mapping(_, key @ None, _)) = stack.last_mut() {
                    *key = Some((key_text(text, style)?, here));
                    continue;
                }
                nodes.open(at);
                scalar(text, style)
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= PARSER_DEPTH {
                    return None;
                }
                if let Some(Open::Mapping(_, None, _)) = stack.last() {
                    // A collection as a mapping key.
                    return None;
                }
                let node = nodes.open(at);
                stack.push(match event {
                    Event::SequenceStart(..) => Open::Sequence(Vec::new(), node),
                    _ => Open::Mapping(Map::new(), None, node),
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop()? {
                Open::Sequence(items, node) => {
                    nodes.close(node);
                    Value::Array(items)
                }
                Open::Mapping(object, None, node) => {
                    nodes.close(node);
                    Value::Object(object)
                }
                Open::Mapping(_, Some(_), _) => return None,
            },
        };
        match stack.last_mut() {
            None => {
                if root.replace(value).is_some() {
                    return None;
                }
            }
            Some(Open::Sequence(items, _)) => items.push(value),
            Some(Open::Mapping(object, key, _)) => match object.entry(key.take()?.0) {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                Entry::Occupied(_) => return None,
            },
        }
    }
    if !stack.is_empty() {
        return None;
    }
    Some((root?, nodes))
}

/// A scalar's value: quoted and block scalars are strings, plain ones are resolved.
fn scalar(text: String, style: TScalarStyle) -> Value {
    if style != TScalarStyle::Plain {
        return Value::String(text);
    }
    match resolve(&text) {
        Plain::Null => Value::Null,
        Plain::Bool(value) => Value::Bool(value),
        Plain::Unsigned(value) => Value::Number(value.into()),
        Plain::Negative(value) => Value::Number(value.into()),
        Plain::Wide(value) => Number::from_f64(value).map_or(Value::Null, Value::Number),
        Plain::Float(value) => Number::from_f64(value).map_or(Value::Null, Value::Number),
        Plain::Text => Value::String(text),
    }
}

/// A mapping key as text, as `StrictValue` writes non-string keys; `None` for keys it
/// refuses (integers beyond 64 bits).
fn key_text(text: String, style: TScalarStyle) -> Option<String> {
    if style != TScalarStyle::Plain {
        return Some(text);
    }
    Some(match resolve(&text) {
        Plain::Null => "null".to_string(),
        Plain::Bool(value) => value.to_string(),
        Plain::Unsigned(value) => value.to_string(),
        Plain::Negative(value) => value.to_string(),
        Plain::Wide(_) => return None,
        Plain::Float(value) => value.to_string(),
        Plain::Text => text,
    })
}

/// What a plain scalar stands for.
#[derive(Debug, PartialEq)]
enum Plain {
    Null,
    Bool(bool),
    Unsigned(u64),
    Negative(i64),
    /// An integer beyond 64 bits, kept as its nearest float.
    Wide(f64),
    Float(f64),
    Text,
}

/// Resolves a plain scalar as serde_yaml 0.9 does.
fn resolve(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        _ => {}
    }
    // Most scalars are words: nothing numeric starts with a letter (the radix prefixes
    // start with `0`, the special floats with `.`, `+` or `-`).
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return Plain::Text;
    }
    if let Some(value) = integer(text) {
        return value;
    }
    if leading_zero_digits(text) {
        return Plain::Text;
    }
    float(text).map_or(Plain::Text, Plain::Float)
}

/// `0` followed by digits only (after an optional sign): text in YAML 1.2, not an octal.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer: decimal, or `0x`, `0o`, `0b` with an optional sign before the prefix.
fn integer(text: &str) -> Option<Plain> {
    // Non-negative first, then negative, each in 64 bits and then in 128.
    let (negative, unsigned) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    // After the sign, the digits (or the prefix) must start at once: `+-1`, `0x+1` and
    // `0x-1` are text.
    if unsigned.starts_with(['+', '-']) {
        return None;
    }
    let (radix, digits) = if let Some(rest) = unsigned.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = unsigned.strip_prefix("0b") {
        (2, rest)
    } else {
        if leading_zero_digits(text) {
            return None;
        }
        (10, unsigned)
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    if !negative {
        return Some(match u64::try_from(magnitude) {
            Ok(small) => Plain::Unsigned(small),
            Err(_) => Plain::Wide(magnitude as f64),
        });
    }
    if magnitude == 0 {
        // `-0` is the integer 0.
        return Some(Plain::Unsigned(0));
    }
    if magnitude <= i64::MIN.unsigned_abs() as u128 {
        return Some(Plain::Negative((magnitude as i128).wrapping_neg() as i64));
    }
    if magnitude <= i128::MIN.unsigned_abs() {
        return Some(Plain::Wide(-(magnitude as f64)));
    }
    None
}

/// A finite float, or one of YAML's infinities and not-a-numbers.
fn float(text: &str) -> Option<f64> {
    let (sign, unsigned) = match text.as_bytes()[0] {
        b'-' => (-1.0, &text[1..]),
        b'+' => (1.0, &text[1..]),
        _ => (1.0, text),
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(sign * f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    if unsigned.starts_with(['+', '-']) {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::strict::StrictValue;

    fn json(value: &Value) -> String {
        serde_json::to_string(value).unwrap()
    }

    fn serde_yaml_value(text: &str) -> Option<Value> {
        serde_yaml::from_str::<StrictValue>(text)
            .ok()
            .map(|StrictValue(value)| value)
    }

    /// Plain scalars of every kind, and their near misses, resolve as serde_yaml resolves
    /// them, as values and as keys.
    #[test]
    fn plain_scalars_resolve_as_serde_yaml_does() {
        let mut scalars: Vec<String> = [
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "False",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "0",
            "-0",
            "+0",
            "00",
            "-00",
            "007",
            "+007",
            "08",
            "0.5",
            "00.5",
            "-0.5",
            "+.5",
            ".5",
            "5.",
            "1e3",
            "1E3",
            "1e+3",
            "-1e-3",
            "1_000",
            "1,000",
            "0x1F",
            "0X1F",
            "-0x1F",
            "+0x1F",
            "0x",
            "0x+1",
            "0x-1",
            "-0x-1",
            "0xG",
            "0o17",
            "-0o17",
            "0o8",
            "0b101",
            "-0b101",
            "+0b1",
            "0b2",
            "+-1",
            "-+1",
            "++1",
            "--1",
            "+",
            "-",
            ".",
            "..",
            "-.",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "-.inf",
            "-.Inf",
            "-.INF",
            ".nan",
            ".NaN",
            ".NAN",
            "-.nan",
            "+.nan",
            "inf",
            "-inf",
            "nan",
            "NaN",
            "infinity",
            "Infinity",
            "1e400",
            "-1e400",
            "1e-400",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "340282366920938463463374607431768211455",
            "340282366920938463463374607431768211456",
            "-170141183460469231731687303715884105728",
            "-170141183460469231731687303715884105729",
            "0xFFFFFFFFFFFFFFFFFF",
            "12:30",
            "1.2.3",
            "2024-01-01",
            "v1",
            "1a",
            "0.1.0",
            "3.0.3",
            "200",
            "4XX",
            "default",
            "0e0",
            "-0.0",
            "1.0",
            "1.5e10",
            "123456789012345678901234567890.5",
            "+1.5",
            "+-.inf",
            "0b",
            "0o",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // And every two-character text of the characters that matter.
        let alphabet = [
            '0', '1', '9', '+', '-', '.', 'x', 'e', 'o', 'b', '_', 'n', 'i',
        ];
        for a in alphabet {
            for b in alphabet {
                scalars.push(format!("{a}{b}"));
                for c in ['0', 'f', '.', '5'] {
                    scalars.push(format!("{a}{b}{c}"));
                }
            }
        }
        for scalar in &scalars {
            let document = format!("value: {scalar}\n");
            assert_eq!(
                parse(&document).map(|(v, _)| json(&v)),
                serde_yaml_value(&document).map(|v| json(&v)),
                "value `{scalar}`"
            );
            let document = format!("{scalar}: value\n");
            let ours = parse(&document).map(|(v, _)| json(&v));
            // A key this builder refuses is left to serde_yaml; one it takes must agree.
            if ours.is_some() {
                assert_eq!(
                    ours,
                    serde_yaml_value(&document).map(|v| json(&v)),
                    "key `{scalar}`"
                );
            }
        }
    }

    /// The scalar styles, escapes, line endings and layouts YAML allows give serde_yaml's
    /// value, or are left to it.
    #[test]
    fn every_kind_of_scalar_and_layout_reads_as_serde_yaml_does() {
        let documents = [
            "a: plain text\n  folded on\n\n  two lines\nb: 1\n",
            "a: 'single ''quoted''\n  and folded'\n",
            "a: \"escapes \\x41 \\u00e9 \\U0001F600 \\t \\n \\\" \\\\ \\/ \\0 \\a \\b \\e \\f \\r \\v \\N \\_ \\L \\P \\ \"\n",
            "a: \"line\\\n  joined\"\n",
            "a: \"folded\n\n  quoted  \"\n",
            "a: |\n  literal\n   kept\n\n\nb: 1\n",
            "a: |-\n  stripped\n\nb: 1\n",
            "a: |+\n  kept\n\n\nb: 1\n",
            "a: >\n  folded\n  text\n\n   more\n  end\n",
            "a: >-\n  folded\n",
            "a: |2\n    indented\n",
            "a: >\n\n  leading blank\n",
            "a: # comment\n  - 1 # more\n  - two\n",
            "a: {b: 1, 'c': \"d\", e: [f, 'g', 3.5]}\n",
            "a: [ ]\nb: { }\nc: []\n",
            "? explicit\n: value\n\"quoted key\": 1\n'single key': 2\n",
            "a:\r\n  b: 1\r\n  c: |\r\n    crlf\r\n    text\r\n",
            "\u{feff}a: bom\n",
            "%YAML 1.2\n---\na: 1\n",
            "---\na: 1\n...\n",
            "a: tab\there\n",
            "a: trailing   \n",
            "a: ünïcödé ✓\n",
            "- 1\n- - 2\n  - 3\n- a: 4\n  b: 5\n",
            "a:\n- 1\n- 2\n",
            "a: 1 # comment\n# between\nb: 'x' # after\n",
            "a: -\nb: - x\n",
            "a: x:y\nb: http://example.com/#frag\nc: a #b\n",
            "a: \"\"\nb: ''\nc:\n",
            "a: |\n  \ttab in block\n",
            "a: >\n  more\n    indented\n  back\n",
            "a: 'multi\n\n\n  blank lines'\n",
            "a: plain\n\n\n  with blank lines\n",
            "key with spaces: 1\n200: ok\n4XX: bad\n1.5: float\ntrue: yes\n~: none\n",
        ];
        let mut built = 0;
        for text in documents {
            let ours = parse(text).map(|(v, _)| json(&v));
            if ours.is_some() {
                built += 1;
                assert_eq!(ours, serde_yaml_value(text).map(|v| json(&v)), "{text:?}");
            }
        }
        let left: Vec<_> = documents
            .iter()
            .filter(|text| parse(text).is_none())
            .collect();
        // Tabs are always left to serde_yaml; a block sequence on a key's line is an error.
        assert_eq!(
            left,
            [
                &"a: tab\there\n",
                &"a: -\nb: - x\n",
                &"a: |\n  \ttab in block\n"
            ],
            "{built} built"
        );
    }

    #[test]
    fn what_serde_yaml_must_decide_is_left_to_it() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !custom 1\n",
            "? [a, b]\n: 1\n",
            "? {a: 1}\n: 1\n",
            "a: 1\na: 2\n",
            "a: 1\n---\nb: 2\n",
            "# only a comment\n",
            "a: [1, 2\n",
            "a: 'open\n",
            "a:\n\t- tab\n",
            "18446744073709551616: 1\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
        let deep = format!(
            "{}1{}\n",
            "[".repeat(PARSER_DEPTH + 1),
            "]".repeat(PARSER_DEPTH + 1)
        );
        assert!(parse(&deep).is_none());
        let fits = format!(
            "{}1{}\n",
            "[".repeat(PARSER_DEPTH - 1),
            "]".repeat(PARSER_DEPTH - 1)
        );
        assert!(parse(&fits).is_some());
    }

    /// Every YAML file of the project's tests and of the corpus beside it gives exactly
    /// serde_yaml's value (key order included), or is left to serde_yaml.
    #[test]
    fn every_yaml_file_parses_as_serde_yaml_does() {
        let files = crate::test_support::yaml_files();
        let mut built = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let whole = serde_yaml_value(&text);
            let ours = parse(&text).map(|(value, _)| value);
            if let Some(ours) = &ours {
                let whole = whole.as_ref().unwrap_or_else(|| {
                    panic!("{}: serde_yaml refuses what we build", path.display())
                });
                assert_eq!(json(ours), json(whole), "{}", path.display());
                built += 1;
            } else if whole.as_ref().is_some_and(|whole| !whole.is_null())
                && !text.contains(['&', '!'])
            {
                panic!("{}: left to serde_yaml without a reason", path.display());
            }
        }
        eprintln!("{built} of {} files built from events", files.len());
        assert!(files.len() > 50 && built * 10 > files.len() * 9);
    }
}
