//! Every identifier decision: case conversion, keywords, leading digits, collisions.
//!
//! Nothing outside this module turns a spec string into a Rust identifier.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and 2024-edition) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated crate defines itself or takes from the prelude.
const RESERVED_TYPES: &[&str] = &[
    "Client",
    "FilePart",
    "WaitOptions",
    "DocExamples",
    "ApiErrorKind",
    "ClientBuilder",
    "Error",
    "ApiError",
    "ErrorBody",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "Value",
    "Map",
    "Serialize",
    "Deserialize",
    "Self",
    "RequestOptions",
    "Response",
    "Page",
    "Nullable",
];

/// True when `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keeps ASCII letters and digits (Latin letters with accents lose them: `é` → `e`,
/// `ß` → `ss`); everything else becomes a word break.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(plain) = latin_base(c) {
            out.push_str(plain);
        } else {
            out.push(' ');
        }
    }
    out
}

/// The ASCII letters of a Latin letter with diacritics, for names from specs in other
/// languages.
fn latin_base(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåā", "a"),
        ("ÀÁÂÃÄÅĀ", "A"),
        ("çćč", "c"),
        ("ÇĆČ", "C"),
        ("ď", "d"),
        ("Ď", "D"),
        ("èéêëēěę", "e"),
        ("ÈÉÊËĒĚĘ", "E"),
        ("ìíîïī", "i"),
        ("ÌÍÎÏĪ", "I"),
        ("ł", "l"),
        ("Ł", "L"),
        ("ñńň", "n"),
        ("ÑŃŇ", "N"),
        ("òóôõöøō", "o"),
        ("ÒÓÔÕÖØŌ", "O"),
        ("ř", "r"),
        ("Ř", "R"),
        ("śšş", "s"),
        ("ŚŠŞ", "S"),
        ("ť", "t"),
        ("Ť", "T"),
        ("ùúûüūů", "u"),
        ("ÙÚÛÜŪŮ", "U"),
        ("ýÿ", "y"),
        ("Ý", "Y"),
        ("źżž", "z"),
        ("ŹŻŽ", "Z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("Æ", "AE"),
        ("œ", "oe"),
        ("Œ", "OE"),
    ];
    TABLE
        .iter()
        .find(|(letters, _)| letters.contains(c))
        .map(|(_, plain)| *plain)
}

/// `UpperCamelCase` for a type or variant; `prefix` goes before a leading digit.
pub fn camel(raw: &str, fallback: &str, prefix: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{prefix}{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `snake_case` for a field, method or module; `prefix` goes before a leading digit.
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{fallback}_{name}");
    }
    if is_keyword(&name) || name == "_" {
        name.push('_');
    }
    name
}

/// A set of names already taken in one Rust namespace.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Per numbered stem, the first number not yet known to be taken: every number below
    /// it is, so a search resumes there (claiming many equal names stays linear).
    next_number: BTreeMap<String, usize>,
}

impl Namespace {
    /// A namespace where the generated crate's own type names are taken.
    pub fn for_types() -> Self {
        let mut namespace = Namespace::default();
        for name in RESERVED_TYPES {
            namespace.taken.insert((*name).to_string());
        }
        namespace
    }

    /// Marks `name` as taken without checking.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Claims `base`, or `base` + `suffix`, or that with `2`, `3`, … appended.
    pub fn claim(&mut self, base: &str, suffix: &str) -> String {
        let mut candidates = vec![base.to_string()];
        if !suffix.is_empty() {
            candidates.push(format!("{base}{suffix}"));
        }
        for candidate in candidates {
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        let stem = if suffix.is_empty() {
            base.to_string()
        } else {
            format!("{base}{suffix}")
        };
        let separator = if stem.ends_with(|c: char| c.is_ascii_digit()) || stem.contains('_') {
            "_"
        } else {
            ""
        };
        // Names are never released, so numbers found taken stay taken.
        let start = self.next_number.get(&stem).copied().unwrap_or(2);
        let mut number = start;
        let name = loop {
            let candidate = format!("{stem}{separator}{number}");
            number += 1;
            if self.taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next_number.insert(stem, number);
        name
    }
}

/// The method name of an operation inside its group: the operation id in snake case,
/// minus the words that repeat the group name (`list_batches` in `batches` → `list`).
pub fn method_name(operation_id: &str, group: &str) -> String {
    let full = snake(operation_id, "call");
    let group_words: Vec<String> = snake(group, "")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let singular: Vec<String> = group_words.iter().map(|w| singularize(w)).collect();
    let words: Vec<&str> = full.split('_').collect();
    for pattern in [&group_words, &singular] {
        if pattern.is_empty() {
            continue;
        }
        if let Some(start) = words
            .windows(pattern.len())
            .position(|window| window.iter().zip(pattern.iter()).all(|(a, b)| a == b))
        {
            let rest: Vec<&str> = words[..start]
                .iter()
                .chain(&words[start + pattern.len()..])
                .copied()
                .collect();
            if !rest.is_empty() {
                return snake(&rest.join("_"), "call");
            }
        }
    }
    full
}

fn singularize(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word
        .strip_suffix("ches")
        .or_else(|| word.strip_suffix("shes"))
    {
        format!("{stem}{}", &word[stem.len()..stem.len() + 2])
    } else if let Some(stem) = word.strip_suffix("sses") {
        format!("{stem}ss")
    } else if let Some(stem) = word.strip_suffix('s') {
        if stem.ends_with('s') {
            word.to_string()
        } else {
            stem.to_string()
        }
    } else {
        word.to_string()
    }
}

/// A stable operation id for an operation without one: method plus path words
/// (`get /pets/{id}` → `get_pets_id`).
pub fn synthesize_operation_id(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| {
            let trimmed = segment.trim_start_matches('{').trim_end_matches('}');
            if segment.starts_with('{') {
                format!("by_{trimmed}")
            } else {
                trimmed.to_string()
            }
        })
        .collect();
    snake(&format!("{method} {}", words.join(" ")), "call")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_cases() {
        let table = [
            ("BatchResponse", "BatchResponse"),
            ("batch.cancelled", "BatchCancelled"),
            ("PENDING", "Pending"),
            ("parse_v2", "ParseV2"),
            ("HTTPValidationError", "HttpValidationError"),
            ("2fa", "T2fa"),
            ("", "Empty"),
            ("!!", "Empty"),
            ("café au lait", "CafeAuLait"),
            ("ünïcödé", "Unicode"),
            ("Self", "Self_"),
        ];
        for (raw, expected) in table {
            assert_eq!(camel(raw, "Empty", "T"), expected, "camel({raw:?})");
        }
    }

    #[test]
    fn snake_cases() {
        let table = [
            ("source_directory_id", "source_directory_id"),
            ("pageSize", "page_size"),
            ("type", "type_"),
            ("gen", "gen_"),
            ("self", "self_"),
            ("2nd", "field_2nd"),
            ("", "field"),
            ("x-request-id", "x_request_id"),
            ("🦀", "field"),
            ("ß-Straße", "ss_strasse"),
        ];
        for (raw, expected) in table {
            assert_eq!(snake(raw, "field"), expected, "snake({raw:?})");
        }
    }

    #[test]
    fn method_names_drop_the_group() {
        let table = [
            ("createBatch", "batches", "create"),
            ("listBatches", "batches", "list"),
            ("get_batch", "batches", "get"),
            ("cancelBatch", "batches", "cancel"),
            ("showPetById", "pets", "show_by_id"),
            ("listPets", "pets", "list"),
            ("batches", "batches", "batches"),
            ("searchIndexes", "indexes", "search"),
            ("getCategory", "categories", "get"),
        ];
        for (operation_id, group, expected) in table {
            assert_eq!(method_name(operation_id, group), expected, "{operation_id}");
        }
    }

    #[test]
    fn namespace_suffixes_deterministically() {
        let mut namespace = Namespace::for_types();
        assert_eq!(namespace.claim("Pet", "Model"), "Pet");
        assert_eq!(namespace.claim("Pet", "Model"), "PetModel");
        assert_eq!(namespace.claim("Pet", "Model"), "PetModel2");
        assert_eq!(namespace.claim("Error", "Model"), "ErrorModel");
        let mut fields = Namespace::default();
        assert_eq!(fields.claim("page_size", ""), "page_size");
        assert_eq!(fields.claim("page_size", ""), "page_size_2");
        // A number taken by another claim is skipped, as before.
        fields.reserve("page_size_3");
        assert_eq!(fields.claim("page_size", ""), "page_size_4");
        assert_eq!(fields.claim("page_size_4", ""), "page_size_4_2");
        assert_eq!(fields.claim("page_size", ""), "page_size_5");
    }

    #[test]
    fn many_equal_names_are_claimed_in_linear_time() {
        let mut namespace = Namespace::for_types();
        let count = 100_000;
        for index in 0..count {
            let name = namespace.claim("Pet", "Model");
            let expected = match index {
                0 => "Pet".to_string(),
                1 => "PetModel".to_string(),
                n => format!("PetModel{n}"),
            };
            assert_eq!(name, expected);
        }
    }

    #[test]
    fn synthesized_operation_ids() {
        assert_eq!(
            synthesize_operation_id("get", "/pets/{petId}"),
            "get_pets_by_pet_id"
        );
        assert_eq!(synthesize_operation_id("post", "/"), "post");
    }
}
