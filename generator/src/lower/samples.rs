//! Sample values that satisfy a schema's constraints (`minLength`, `maxLength`, simple
//! `pattern`s, `minItems`, `maxItems`, bounds), for the generated tests and examples when
//! the spec gives no example: a request built from them is one the server accepts.

use serde_json::Value;

/// The longest sample string or list made (a `minLength: 100000` asks for no more).
const MAX_SAMPLE: usize = 256;

/// The placeholder the emitter writes for a string without constraints.
const PLAIN_STRING: &str = "string";

/// A string that satisfies `pattern`, `minLength` and `maxLength` when the plain
/// placeholder does not; `None` when no constraint applies or none can be met.
pub(crate) fn string(schema: &Value) -> Option<String> {
    let min = usize_of(schema.get("minLength"))
        .unwrap_or(0)
        .min(MAX_SAMPLE);
    let max = usize_of(schema.get("maxLength")).unwrap_or(usize::MAX);
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        let text = pattern_sample(pattern)?;
        let length = text.chars().count();
        return (length >= min && length <= max).then_some(text);
    }
    let plain = PLAIN_STRING.len();
    if plain >= min && plain <= max {
        return None;
    }
    if min > max {
        return None;
    }
    Some("x".repeat(min.max(max.min(plain))))
}

/// `count` different strings for the items of a list with `uniqueItems`, each meeting
/// the item schema's pattern and length; `None` when they cannot be told apart.
pub(crate) fn distinct_strings(schema: &Value, count: usize) -> Option<Vec<String>> {
    let min = usize_of(schema.get("minLength"))
        .unwrap_or(0)
        .min(MAX_SAMPLE);
    let max = usize_of(schema.get("maxLength")).unwrap_or(usize::MAX);
    let fits = |text: &String| (min..=max).contains(&text.chars().count());
    let samples: Vec<String> = match schema.get("pattern").and_then(Value::as_str) {
        Some(pattern) => (0..count)
            .map(|n| pattern_sample_nth(pattern, n).filter(fits))
            .collect::<Option<_>>()?,
        None => (0..count)
            .map(|n| {
                let base = string(schema).unwrap_or_else(|| PLAIN_STRING.to_string());
                let text = if n == 0 { base } else { format!("{base}{n}") };
                Some(text).filter(fits)
            })
            .collect::<Option<_>>()?,
    };
    let unique: std::collections::BTreeSet<&String> = samples.iter().collect();
    (unique.len() == samples.len()).then_some(samples)
}

/// `count` different item values for a list with `uniqueItems`, by the item schema's kind:
/// its first `enum` values, integers or numbers counting up from a sample inside the
/// bounds, or [`distinct_strings`]. `None` when they cannot be told apart (objects, lists,
/// booleans, too few enum values, bounds too tight).
pub(crate) fn distinct_items(schema: &Value, count: usize) -> Option<Vec<Value>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let mut distinct: Vec<&Value> = Vec::new();
        for value in values {
            if !distinct.contains(&value) {
                distinct.push(value);
            }
        }
        return (distinct.len() >= count)
            .then(|| distinct.into_iter().take(count).cloned().collect());
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"integer") || types.contains(&"number") {
        let integer = !types.contains(&"number");
        let first = number(schema, integer)
            .and_then(|v| v.as_f64())
            .unwrap_or(1.0);
        let maximum = schema.get("maximum").and_then(Value::as_f64);
        let exclusive = schema.get("exclusiveMaximum");
        let values: Vec<f64> = (0..count).map(|n| first + n as f64).collect();
        let fits = |value: f64| match (maximum, exclusive) {
            (_, Some(Value::Number(bound))) => bound.as_f64().is_some_and(|b| value < b),
            (Some(bound), Some(Value::Bool(true))) => value < bound,
            (Some(bound), _) => value <= bound,
            (None, _) => true,
        };
        if !values
            .iter()
            .all(|value| fits(*value) && value.abs() < 9.0e15)
        {
            return None;
        }
        return Some(
            values
                .into_iter()
                .map(|value| {
                    if integer {
                        Value::from(value as i64)
                    } else {
                        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
                    }
                })
                .collect(),
        );
    }
    // Strings: declared so, or untyped with string constraints.
    let string_like = types.contains(&"string")
        || (types.is_empty()
            && ["pattern", "minLength", "maxLength", "format"]
                .iter()
                .any(|key| schema.get(key).is_some()));
    if !string_like {
        return None;
    }
    let mut strings = distinct_strings(schema, count)?;
    if let Some(Value::String(example)) = schema.get("example")
        && !strings.contains(example)
    {
        strings.pop();
        strings.insert(0, example.clone());
    }
    Some(strings.into_iter().map(Value::String).collect())
}

/// How many items a sample list has: `minItems`, and at least two (so a list parameter
/// is sent with the repetition or delimiter it uses between items), at most `maxItems`.
pub(crate) fn list_length(schema: &Value) -> usize {
    let max = usize_of(schema.get("maxItems")).unwrap_or(usize::MAX);
    min_items(schema).max(2).min(max)
}

/// `minItems`, bounded to what a sample spells out.
pub(crate) fn min_items(schema: &Value) -> usize {
    usize_of(schema.get("minItems"))
        .unwrap_or(0)
        .min(MAX_SAMPLE)
}

/// A number inside the schema's bounds (the emitter's default is 1).
pub(crate) fn number(schema: &Value, integer: bool) -> Option<Value> {
    let exclusive = |key: &str| schema.get(key).and_then(Value::as_f64);
    let flag = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
    let step = if integer { 1.0 } else { 0.5 };
    let minimum = schema.get("minimum").and_then(Value::as_f64);
    let maximum = schema.get("maximum").and_then(Value::as_f64);
    // 3.1 writes exclusive bounds as numbers, 3.0 as flags on minimum / maximum.
    let low = match (exclusive("exclusiveMinimum"), minimum) {
        (Some(bound), _) => Some(bound + step),
        (None, Some(minimum)) if flag("exclusiveMinimum") => Some(minimum + step),
        (None, minimum) => minimum,
    };
    let high = match (exclusive("exclusiveMaximum"), maximum) {
        (Some(bound), _) => Some(bound - step),
        (None, Some(maximum)) if flag("exclusiveMaximum") => Some(maximum - step),
        (None, maximum) => maximum,
    };
    let mut value = low.unwrap_or(1.0);
    if let Some(high) = high
        && value > high
    {
        value = high;
    }
    if low.is_none() && high.is_none() {
        return None;
    }
    if integer {
        let rounded = if low.is_some() {
            value.ceil()
        } else {
            value.floor()
        };
        if rounded.abs() < 9.0e15 {
            return Some(Value::from(rounded as i64));
        }
        return None;
    }
    serde_json::Number::from_f64(value).map(Value::Number)
}

fn usize_of(value: Option<&Value>) -> Option<usize> {
    value
        .and_then(Value::as_u64)
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// A string matching a simple regular expression: literals, escapes (`\d`, `\w`, `\s`,
/// escaped punctuation), classes (`[a-z0-9_]`, `[^…]` gives up), `.`, groups, top-level
/// and group alternation (the first branch), quantifiers (`?`, `*`, `+`, `{n}`, `{n,}`,
/// `{n,m}`, lazy or not) and anchors. `None` for anything else (lookarounds,
/// backreferences): the caller then sends its plain placeholder.
pub(crate) fn pattern_sample(pattern: &str) -> Option<String> {
    pattern_sample_nth(pattern, 0)
}

/// The `n`th of several samples of `pattern`: alternations take branch `n` (modulo their
/// count) and unbounded quantifiers `n` more repetitions, so samples 0 and 1 usually differ.
fn pattern_sample_nth(pattern: &str, n: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars, at: 0, n };
    let text = parser.alternation()?;
    (parser.at == parser.chars.len() && text.chars().count() <= MAX_SAMPLE).then_some(text)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    /// Which sample (see [`pattern_sample_nth`]).
    n: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// `a|b|c`: branch `n` modulo their count; the others are parsed and dropped.
    fn alternation(&mut self) -> Option<String> {
        let mut branches = vec![self.sequence()?];
        while self.peek() == Some('|') {
            self.at += 1;
            branches.push(self.sequence()?);
        }
        let chosen = self.n % branches.len();
        Some(branches.swap_remove(chosen))
    }

    fn sequence(&mut self) -> Option<String> {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let count = self.quantifier()?;
            for _ in 0..count {
                out.push_str(&atom);
                if out.len() > MAX_SAMPLE {
                    return None;
                }
            }
        }
        Some(out)
    }

    fn atom(&mut self) -> Option<String> {
        match self.next()? {
            '^' | '$' => Some(String::new()),
            '.' => Some("a".to_string()),
            '(' => {
                if self.peek() == Some('?') {
                    // Only a non-capturing group; lookarounds and the rest give up.
                    self.at += 1;
                    if self.next()? != ':' {
                        return None;
                    }
                }
                let inner = self.alternation()?;
                (self.next()? == ')').then_some(inner)
            }
            '[' => self.class().map(String::from),
            '\\' => self.escape().map(String::from),
            '*' | '+' | '?' | '{' | ')' | ']' => None,
            c => Some(c.to_string()),
        }
    }

    /// An escaped character outside a class.
    fn escape(&mut self) -> Option<char> {
        match self.next()? {
            'd' => Some('1'),
            'w' => Some('a'),
            's' => Some(' '),
            'D' | 'W' | 'S' => Some('-'),
            c if c.is_ascii_punctuation() => Some(c),
            _ => None,
        }
    }

    /// `[...]`: the first character the class allows.
    fn class(&mut self) -> Option<char> {
        if self.peek() == Some('^') {
            return None;
        }
        let mut first = None;
        loop {
            let c = self.next()?;
            if c == ']' && first.is_some() {
                return first;
            }
            let c = if c == '\\' {
                match self.next()? {
                    'd' => '1',
                    'w' => 'a',
                    's' => ' ',
                    other if other.is_ascii_punctuation() => other,
                    _ => return None,
                }
            } else {
                c
            };
            first.get_or_insert(c);
        }
    }

    /// How often the atom before repeats: the least its quantifier allows.
    fn quantifier(&mut self) -> Option<usize> {
        let count = match self.peek() {
            Some('?') => {
                self.at += 1;
                0
            }
            Some('*') => {
                self.at += 1;
                self.n
            }
            Some('+') => {
                self.at += 1;
                1 + self.n
            }
            Some('{') => {
                self.at += 1;
                let mut digits = String::new();
                while let Some(c) = self.peek().filter(char::is_ascii_digit) {
                    digits.push(c);
                    self.at += 1;
                }
                while let Some(c) = self.peek().filter(|c| *c != '}') {
                    if !(c.is_ascii_digit() || c == ',') {
                        return None;
                    }
                    self.at += 1;
                }
                self.next()?;
                digits.parse().ok()?
            }
            _ => return Some(1),
        };
        // A lazy or possessive marker changes nothing for the least count.
        if matches!(self.peek(), Some('?') | Some('+')) {
            self.at += 1;
        }
        Some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns_give_a_matching_sample() {
        let table = [
            ("^[a-z]{3}-\\d{2}$", Some("aaa-11")),
            ("^cfg-[A-Z0-9_]+$", Some("cfg-A")),
            ("^(dir|file)-[0-9a-f]{8}$", Some("dir-00000000")),
            ("^\\+?[1-9]\\d{1,14}$", Some("11")),
            ("^[^@]+@[^@]+$", None),
            ("^(?=a)b$", None),
            ("^(?:ab)+c?$", Some("ab")),
            ("a{2,}", Some("aa")),
        ];
        for (pattern, expected) in table {
            assert_eq!(pattern_sample(pattern).as_deref(), expected, "{pattern}");
        }
        // Snowflakes (Discord), with `uniqueItems`: two different ones.
        assert_eq!(
            distinct_strings(&json!({"pattern": "^(0|[1-9][0-9]*)$"}), 2),
            Some(vec!["0".to_string(), "10".to_string()])
        );
        assert_eq!(
            distinct_strings(&json!({"maxLength": 7}), 2),
            Some(vec!["string".to_string(), "string1".to_string()])
        );
        assert_eq!(distinct_strings(&json!({"pattern": "^x$"}), 2), None);
    }

    #[test]
    fn strings_lists_and_numbers_meet_their_bounds() {
        assert_eq!(string(&json!({"type": "string"})), None);
        assert_eq!(
            string(&json!({"minLength": 10})).as_deref(),
            Some("xxxxxxxxxx")
        );
        assert_eq!(string(&json!({"maxLength": 2})).as_deref(), Some("xx"));
        assert_eq!(
            string(&json!({"pattern": "^[A-Z]{2}$"})).as_deref(),
            Some("AA")
        );
        assert_eq!(list_length(&json!({})), 2);
        assert_eq!(
            distinct_items(&json!({"enum": ["a", "a", "b"]}), 2),
            Some(vec![json!("a"), json!("b")])
        );
        assert_eq!(distinct_items(&json!({"enum": ["a"]}), 2), None);
        assert_eq!(
            distinct_items(&json!({"type": "integer", "minimum": 3}), 2),
            Some(vec![json!(3), json!(4)])
        );
        assert_eq!(
            distinct_items(&json!({"type": "integer", "maximum": 1}), 2),
            None
        );
        assert_eq!(distinct_items(&json!({"type": "object"}), 2), None);
        assert_eq!(distinct_items(&json!({"type": "boolean"}), 2), None);
        assert_eq!(
            distinct_items(&json!({"type": "string", "example": "x"}), 2),
            Some(vec![json!("x"), json!("string")])
        );
        assert_eq!(list_length(&json!({"maxItems": 1})), 1);
        assert_eq!(min_items(&json!({"minItems": 4})), 4);
        assert_eq!(list_length(&json!({"minItems": 3, "maxItems": 5})), 3);
        assert_eq!(list_length(&json!({"maxItems": 0})), 0);
        assert_eq!(number(&json!({"minimum": 5}), true), Some(json!(5)));
        assert_eq!(number(&json!({"maximum": -2}), true), Some(json!(-2)));
        assert_eq!(
            number(&json!({"exclusiveMinimum": 0}), true),
            Some(json!(1))
        );
        assert_eq!(
            number(&json!({"minimum": 0, "exclusiveMinimum": true}), false),
            Some(json!(0.5))
        );
        assert_eq!(number(&json!({}), true), None);
    }
}
