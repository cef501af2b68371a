//! Every identifier decision: case conversion, keywords, leading digits, collisions,
//! and every name composed from other names (`{Op}Params`, `{Parent}{Field}`,
//! `error_body_{n}`, test names, …).
//!
//! Nothing outside this module turns a spec string into a Rust identifier or builds a
//! name from other names; the IR carries the results, and emit only reads them.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::ir::TypeRef;

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
    "CallFuture",
    "ResponseFuture",
    "BoxFuture",
    "ListStream",
    "ByteStream",
];

/// Methods the generated `Client` defines itself.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "clone",
    "fmt",
    "base_url",
    "http_client",
    // The runtime's request helpers (crate-private, but a method of the same name would
    // be a duplicate definition).
    "send",
    "execute",
];

/// Methods a group handle (`client.batches()`) defines itself.
const GROUP_METHODS: &[&str] = &["new", "with_options", "clone", "fmt"];

/// Methods of a parameters struct (its constructor and derived traits).
const PARAMS_METHODS: &[&str] = &["new", "clone", "default", "eq", "ne", "fmt"];

/// Functions of the generated tests file besides the tests.
const TEST_HELPERS: &[&str] = &["client"];

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

    /// A namespace for the methods of the client, where its own methods are taken.
    pub fn for_client_methods() -> Self {
        Namespace::taken(CLIENT_METHODS)
    }

    /// A namespace for the methods of a group handle, where its own methods are taken.
    pub fn for_group_methods() -> Self {
        Namespace::taken(GROUP_METHODS)
    }

    /// A namespace for the fields of a parameters struct, where its methods are taken.
    pub fn for_params_fields() -> Self {
        Namespace::taken(PARAMS_METHODS)
    }

    /// A namespace for the variants of an open enum, where `Unknown` is taken.
    pub fn for_enum_variants() -> Self {
        Namespace::taken(&[UNKNOWN_VARIANT])
    }

    /// A namespace for the functions of the generated tests file.
    pub fn for_tests() -> Self {
        Namespace::taken(TEST_HELPERS)
    }

    fn taken(names: &[&str]) -> Self {
        let mut namespace = Namespace::default();
        for name in names {
            namespace.reserve(name);
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
        // `type_` (a keyword made a name) numbers as `type_2`, not `type__2`.
        let separator = if stem.ends_with('_') {
            ""
        } else if stem.ends_with(|c: char| c.is_ascii_digit()) || stem.contains('_') {
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

/// The lower-case ASCII words of `text`, split at everything that is not a letter or digit.
fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// The function name inside an operation id that a framework generated from the function,
/// the path and the method, FastAPI's `{function}_{path}_{method}`
/// (`list_batches_api_v2_batches_get` for `get /api/v2/batches` → `list_batches`); `None`
/// for an id of any other form. Only the operation's own id, path and method decide.
pub fn generated_id_function(operation_id: &str, method: &str, path: &str) -> Option<String> {
    let words = lower_words(operation_id);
    let mut suffix = lower_words(path);
    if suffix.is_empty() {
        // `/` gives `{function}__{method}`: the method alone is too weak a sign.
        let lower = operation_id.to_ascii_lowercase();
        if !lower.ends_with(&format!("__{method}")) {
            return None;
        }
    }
    suffix.push(method.to_string());
    let keep = words.len().checked_sub(suffix.len())?;
    if keep == 0 || words[keep..] != suffix[..] {
        return None;
    }
    Some(words[..keep].join("_"))
}

/// True for a tag that qualifies operations rather than naming a resource: a version
/// (`V2`, `v1beta`, `2024-01-01`) or a stability or audience word (`Beta`, `Internal`).
fn is_qualifier_tag(tag: &str) -> bool {
    const WORDS: &[&str] = &[
        "alpha",
        "beta",
        "preview",
        "experimental",
        "deprecated",
        "internal",
        "legacy",
        "stable",
        "unstable",
        "public",
        "private",
        "latest",
        "ga",
        "api",
    ];
    let words = lower_words(tag);
    !words.is_empty()
        && words.iter().all(|word| {
            // `v2`, `v1beta1` (words hold only letters and digits).
            let version = word
                .strip_prefix('v')
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
            version || word.chars().all(|c| c.is_ascii_digit()) || WORDS.contains(&word.as_str())
        })
}

/// The tag that names an operation's group: of its tags, those that are not qualifiers
/// (versions, `Beta`, …), and of those the one whose words appear last in the path (the
/// most specific resource: `/projects/{id}/files` is in `Files` rather than `Projects`),
/// else the first. Only the operation's own tags and path decide, so adding operations
/// never moves another one.
pub fn primary_tag<'t>(tags: &'t [String], path: &str) -> Option<&'t str> {
    let specific: Vec<&String> = tags.iter().filter(|t| !is_qualifier_tag(t)).collect();
    let candidates = if specific.is_empty() {
        tags.iter().take(1).collect()
    } else {
        specific
    };
    if candidates.len() < 2 {
        return candidates.first().map(|t| t.as_str());
    }
    let path_words: Vec<String> = lower_words(path).iter().map(|w| singularize(w)).collect();
    let mut best: Option<(usize, &String)> = None;
    for tag in &candidates {
        let words: Vec<String> = lower_words(tag).iter().map(|w| singularize(w)).collect();
        if words.is_empty() {
            continue;
        }
        let end = path_words
            .windows(words.len())
            .rposition(|window| window == &words[..])
            .map(|start| start + words.len());
        if let Some(end) = end
            && best.is_none_or(|(best_end, _)| end > best_end)
        {
            best = Some((end, tag));
        }
    }
    Some(best.map_or(candidates[0], |(_, tag)| tag).as_str())
}

/// `{id}_{method}`: the operation id of a second operation that repeats `id`.
pub fn repeated_operation_id(id: &str, method: &str) -> String {
    format!("{id}_{method}")
}

/// The variant of an open enum that keeps values the spec does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The field of a struct that keeps additional properties.
pub const ADDITIONAL_PROPERTIES_FIELD: &str = "additional_properties";

/// The field of a parameters struct that holds the request body.
pub const BODY_FIELD: &str = "body";

/// Suffix for a schema whose name is already taken (`Error` → `ErrorModel`).
pub const TYPE_SUFFIX: &str = "Model";

// Names of schemas, fields and variants.

/// The type name of a schema (or of its `x-rust-name`).
pub fn type_name(raw: &str) -> String {
    camel(raw, "Unnamed", "T")
}

/// The Rust field name of a property (or of its `x-rust-name`).
pub fn field_name(property: &str) -> String {
    snake(property, "field")
}

/// `{Parent}{Property}`: the type of an inline object or enum in a property.
pub fn field_type(parent: &str, property: &str) -> String {
    format!("{parent}{}", camel(property, "Field", "F"))
}

/// `{Parent}Variant{n}`: the type of an inline alternative (`index` from 0).
pub fn variant_type(parent: &str, index: usize) -> String {
    format!("{parent}Variant{}", index + 1)
}

/// `{Parent}Item`: the type of an inline array item.
pub fn item_type(parent: &str) -> String {
    format!("{parent}Item")
}

/// `{Parent}Item{n}`: the type of an inline tuple member (`index` from 0).
pub fn tuple_item_type(parent: &str, index: usize) -> String {
    format!("{parent}Item{}", index + 1)
}

/// `{Parent}Value`: the type of inline additional properties.
pub fn map_value_type(parent: &str) -> String {
    format!("{parent}Value")
}

/// The variant of a string enum for `value`.
pub fn string_variant(value: &str) -> String {
    camel(value, "Empty", "V")
}

/// The variant of an integer enum for `value`: `V1`, `Minus1`.
pub fn integer_variant(value: i64) -> String {
    if value < 0 {
        format!("Minus{}", value.unsigned_abs())
    } else {
        format!("V{value}")
    }
}

/// The variant of a union for an alternative that is not a named type.
pub fn scalar_variant(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::Integer(_) => "Integer",
        TypeRef::Number(_) => "Number",
        TypeRef::Boolean => "Boolean",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Uuid => "Uuid",
        TypeRef::Bytes => "Bytes",
        TypeRef::File => "File",
        TypeRef::List(_) | TypeRef::Tuple(_) => "List",
        TypeRef::Map(_) => "Map",
        TypeRef::Any => "Value",
        TypeRef::Nullable(_) => "Nullable",
        TypeRef::Named(_) => "Named",
    }
}

/// The variant of `ErrorBody` for a body that is not a named type.
pub const ERROR_BODY_VARIANT: &str = "Json";

/// A type whose lowering stopped on an error (never emitted: errors stop generation).
pub fn unresolved_type(index: usize) -> String {
    format!("Unresolved{index}")
}

/// A type defined without a reserved name (a generator bug, kept visible).
pub fn unnamed_type(index: usize) -> String {
    format!("Type{index}")
}

// Names of an operation's types.

/// The UpperCamel stem of an operation's type names (`createBatch` → `CreateBatch`).
pub fn operation_stem(operation_id: &str) -> String {
    camel(operation_id, "Call", "Op")
}

/// `{Op}Params`: the parameters struct.
pub fn params_type(stem: &str) -> String {
    format!("{stem}Params")
}

/// `{Op}{Param}`: the type of an inline parameter schema.
pub fn param_type(stem: &str, param: &str) -> String {
    format!("{stem}{}", camel(param, "Param", "P"))
}

/// The field of a parameters struct for the parameter `param`.
pub fn param_field(param: &str) -> String {
    snake(param, "param")
}

/// `{Op}Body`: the type of an inline request body.
pub fn body_type(stem: &str) -> String {
    format!("{stem}Body")
}

/// `{Op}Response`: the type of the inline success body.
pub fn response_type(stem: &str) -> String {
    format!("{stem}Response")
}

/// `{Op}Response{Status}`: the inline body of a further success status.
pub fn status_response_type(stem: &str, status: &str) -> String {
    format!("{stem}Response{}", camel(status, "", ""))
}

/// `{Op}Error{Status}`: the inline body of an error status (`default` → `Default`).
pub fn error_type(stem: &str, status: &str) -> String {
    format!("{stem}Error{}", camel(status, "Default", ""))
}

/// `{Op}Result`: the result by status of an operation with several success bodies.
pub fn result_type(stem: &str) -> String {
    format!("{stem}Result")
}

/// `Status{Status}`: a variant of a result by status.
pub fn status_variant(status: &str) -> String {
    format!("Status{}", camel(status, "", ""))
}

// Names of methods.

/// Claims the accessor method (on the client) and the handle type of the group `tag`.
pub fn claim_group(
    tag: &str,
    client_methods: &mut Namespace,
    type_names: &mut Namespace,
) -> (String, String) {
    let accessor = client_methods.claim(&snake(tag, "api"), "_api");
    let handle = type_names.claim(&camel(tag, "Api", "Api"), "Api");
    (accessor, handle)
}

/// The cargo features of the API groups: a group's accessor in kebab case (`batch_jobs` →
/// `batch-jobs`), `-api` added while it is taken by a feature the crate always has.
#[derive(Debug)]
pub struct Features(BTreeSet<String>);

impl Default for Features {
    fn default() -> Self {
        // The generated crate's own features (templates/Cargo.toml.j2).
        let own = [
            "default",
            "full",
            "rustls",
            "rustls-ring",
            "native-tls",
            "tracing",
        ];
        Features(own.into_iter().map(str::to_string).collect())
    }
}

impl Features {
    /// The feature of the group whose accessor is `accessor`.
    pub fn claim(&mut self, accessor: &str) -> String {
        // `type_` (a keyword's escape) is `type`.
        let mut feature = accessor
            .trim_start_matches("r#")
            .trim_end_matches('_')
            .replace('_', "-");
        // A feature name starts with a letter, a digit or `_`.
        if feature.is_empty() || feature.starts_with('-') {
            feature.insert_str(0, "api");
        }
        while self.0.contains(&feature) {
            feature.push_str("-api");
        }
        self.0.insert(feature.clone());
        feature
    }
}

/// The method of an operation from its `x-rust-name`.
pub fn method_override(rust_name: &str) -> String {
    snake(rust_name, "call")
}

/// The client method of an untagged operation.
pub fn client_method(operation_id: &str) -> String {
    snake(operation_id, "call")
}

/// `{method}_call`: the client method of an untagged operation whose name is a group
/// accessor.
pub fn client_method_beside_accessor(method: &str) -> String {
    format!("{method}_call")
}

/// `{method}_stream`: the variant that streams a binary body.
pub fn stream_method(method: &str) -> String {
    format!("{method}_stream")
}

/// `{method}_pages`: the pager that streams pages.
pub fn pages_method(method: &str) -> String {
    format!("{method}_pages")
}

/// `{method}_all`: the pager that streams items.
pub fn items_method(method: &str) -> String {
    format!("{method}_all")
}

/// The waiter of an operation: `x-wait.method`, else `wait`.
pub fn wait_method(custom: Option<&str>) -> String {
    custom.map_or_else(|| "wait".to_string(), |method| snake(method, "wait"))
}

// Names of the generated crate and of functions emit writes.

/// The crate name for an API title: kebab case; a keyword gets `-api`.
pub fn crate_name(title: &str) -> String {
    use super::settings::crate_name_problem;
    use crate::limits::MAX_CRATE_NAME;
    // `snake` avoids keywords with a trailing `_` (`const_`); a crate name takes a
    // suffix instead, since its library name must be an identifier.
    let name = snake(title, "api");
    let mut name = match name.strip_suffix('_') {
        Some(keyword) => format!("{keyword}-api"),
        None => name.to_kebab_case(),
    };
    if name.is_empty() {
        name = "api-client".to_string();
    }
    if name.len() > MAX_CRATE_NAME {
        // ASCII only: any byte index is a char boundary.
        let cut = name[..=MAX_CRATE_NAME]
            .rfind('-')
            .filter(|at| *at > 0)
            .unwrap_or(MAX_CRATE_NAME);
        name.truncate(cut);
    }
    if crate_name_problem(&name).is_some() {
        // A built-in crate or a device name (`std`, `con`): a suffix makes it a name.
        name.truncate(MAX_CRATE_NAME - 4);
        name.push_str("-api");
    }
    name
}

/// The library name of a crate: `-` → `_` (the crate name is already an identifier
/// otherwise).
pub fn library_name(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// `{CRATE}_API_KEY`: the default environment variable of the API key.
pub fn api_key_env(crate_name: &str) -> String {
    format!("{}_API_KEY", crate_name.to_shouty_snake_case())
}

/// `{CRATE}_BASE_URL`: the default environment variable that overrides the base URL.
pub fn base_url_env(crate_name: &str) -> String {
    format!("{}_BASE_URL", crate_name.to_shouty_snake_case())
}

/// `error_body_{n}`: the function that decodes the error bodies of one error table
/// (`index` from 0).
pub fn error_table_function(index: usize) -> String {
    format!("error_body_{}", index + 1)
}

/// `{group}_{method}_required_params` / `…_all_params`: a generated operation test.
pub fn operation_test(group: Option<&str>, method: &str, all_params: bool) -> String {
    // `type_` (a keyword made a name) joins as `type_call`, not `type__call`.
    let prefix = group
        .map(|g| format!("{}_", g.trim_end_matches('_')))
        .unwrap_or_default();
    let suffix = if all_params {
        "all_params"
    } else {
        "required_params"
    };
    format!("{prefix}{}_{suffix}", method.trim_end_matches('_'))
}

/// `round_trip_{type}`: the generated decode → encode test of a type's example.
pub fn round_trip_test(type_name: &str) -> String {
    format!("round_trip_{}", snake(type_name, "type"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Group features: kebab case of the accessor, never one of the crate's own features,
    /// never taken twice, always a valid feature name.
    #[test]
    fn group_features() {
        let mut features = Features::default();
        let claimed: Vec<String> = [
            "batch_jobs",
            "type_",
            "tracing",
            "tracing_api",
            "full",
            "_x",
        ]
        .into_iter()
        .map(|accessor| features.claim(accessor))
        .collect();
        assert_eq!(
            claimed,
            [
                "batch-jobs",
                "type",
                "tracing-api",
                "tracing-api-api",
                "full-api",
                "api-x"
            ]
        );
    }

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
    fn generated_operation_ids_lose_path_and_method() {
        let table = [
            (
                "list_batches_api_v2_batches_get",
                "get",
                "/api/v2/batches",
                Some("list_batches"),
            ),
            (
                "get_batch_api_v2_batches__batch_id__get",
                "get",
                "/api/v2/batches/{batch_id}",
                Some("get_batch"),
            ),
            (
                "create_data_sink_api_v1_data_sinks_post",
                "post",
                "/api/v1/data-sinks",
                Some("create_data_sink"),
            ),
            ("read_root__get", "get", "/", Some("read_root")),
            ("root_get", "get", "/", None),
            ("listBatches", "get", "/api/v2/batches", None),
            ("api_v2_batches_get", "get", "/api/v2/batches", None),
            (
                "list_batches_api_v2_batches_post",
                "get",
                "/api/v2/batches",
                None,
            ),
        ];
        for (id, method, path, expected) in table {
            assert_eq!(
                generated_id_function(id, method, path).as_deref(),
                expected,
                "{id}"
            );
        }
    }

    #[test]
    fn the_specific_tag_names_the_group() {
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let table = [
            (tags(&["V2", "Batches"]), "/api/v2/batches", "Batches"),
            (
                tags(&["Beta", "Directories"]),
                "/api/v1/beta/directories",
                "Directories",
            ),
            (tags(&["v1beta1"]), "/x", "v1beta1"),
            (
                tags(&["Projects", "Files"]),
                "/projects/{id}/files",
                "Files",
            ),
            (tags(&["Files", "Projects"]), "/projects/{id}", "Projects"),
            (tags(&["Pets", "Store"]), "/other", "Pets"),
            (
                tags(&["2024-01-01", "Data Sinks"]),
                "/data-sinks",
                "Data Sinks",
            ),
        ];
        for (tags, path, expected) in table {
            assert_eq!(primary_tag(&tags, path), Some(expected), "{tags:?}");
        }
        assert_eq!(primary_tag(&[], "/x"), None);
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
        assert_eq!(fields.claim("type_", ""), "type_");
        assert_eq!(fields.claim("type_", ""), "type_2");
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

    #[test]
    fn schema_type_names() {
        let table = [
            (field_type("Batch", "config"), "BatchConfig"),
            (field_type("Batch", "2nd"), "BatchF2nd"),
            (field_type("Batch", ""), "BatchField"),
            (variant_type("Shape", 0), "ShapeVariant1"),
            (item_type("ListBatchesResponse"), "ListBatchesResponseItem"),
            (tuple_item_type("Pair", 1), "PairItem2"),
            (map_value_type("Labels"), "LabelsValue"),
            (string_variant("in_progress"), "InProgress"),
            (string_variant("1st"), "V1st"),
            (string_variant(""), "Empty"),
            (integer_variant(3), "V3"),
            (integer_variant(-3), "Minus3"),
            (type_name("batch.item"), "BatchItem"),
            (type_name(""), "Unnamed"),
            (field_name("x-rust"), "x_rust"),
            (unresolved_type(4), "Unresolved4"),
            (unnamed_type(4), "Type4"),
        ];
        for (name, expected) in table {
            assert_eq!(name, expected);
        }
        assert_eq!(scalar_variant(&TypeRef::Any), "Value");
        assert_eq!(
            scalar_variant(&TypeRef::List(Box::new(TypeRef::String))),
            "List"
        );
    }

    #[test]
    fn operation_type_names() {
        let stem = operation_stem("createBatch");
        let table = [
            (stem.clone(), "CreateBatch"),
            (operation_stem("2fa"), "Op2fa"),
            (operation_stem(""), "Call"),
            (params_type(&stem), "CreateBatchParams"),
            (param_type(&stem, "page_size"), "CreateBatchPageSize"),
            (param_type(&stem, "1"), "CreateBatchP1"),
            (param_field("Page-Size"), "page_size"),
            (body_type(&stem), "CreateBatchBody"),
            (response_type(&stem), "CreateBatchResponse"),
            (status_response_type(&stem, "202"), "CreateBatchResponse202"),
            (error_type(&stem, "4XX"), "CreateBatchError4xx"),
            (error_type(&stem, "default"), "CreateBatchErrorDefault"),
            (result_type(&stem), "CreateBatchResult"),
            (status_variant("2XX"), "Status2xx"),
        ];
        for (name, expected) in table {
            assert_eq!(name, expected);
        }
    }

    #[test]
    fn method_names() {
        let table = [
            (method_override("listAll"), "list_all"),
            (client_method("getHealth"), "get_health"),
            (client_method_beside_accessor("batches"), "batches_call"),
            (stream_method("download"), "download_stream"),
            (pages_method("list"), "list_pages"),
            (items_method("list"), "list_all"),
            (wait_method(None), "wait"),
            (wait_method(Some("waitUntilDone")), "wait_until_done"),
        ];
        for (name, expected) in table {
            assert_eq!(name, expected);
        }
        let mut client_methods = Namespace::for_client_methods();
        let mut type_names = Namespace::for_types();
        assert_eq!(
            claim_group("Batches", &mut client_methods, &mut type_names),
            ("batches".to_string(), "Batches".to_string())
        );
        assert_eq!(
            claim_group("new", &mut client_methods, &mut type_names),
            ("new_api".to_string(), "New".to_string())
        );
        assert_eq!(
            claim_group("client", &mut client_methods, &mut type_names),
            ("client".to_string(), "ClientApi".to_string())
        );
    }

    #[test]
    fn crate_and_emitted_names() {
        let table = [
            (crate_name("LlamaCloud API"), "llama-cloud-api"),
            (crate_name("const"), "const-api"),
            (crate_name("🦀"), "api"),
            (library_name("llama-cloud"), "llama_cloud"),
            (api_key_env("llama-cloud"), "LLAMA_CLOUD_API_KEY"),
            (base_url_env("llama-cloud"), "LLAMA_CLOUD_BASE_URL"),
            (error_table_function(0), "error_body_1"),
            (
                operation_test(Some("batches"), "list", false),
                "batches_list_required_params",
            ),
            (operation_test(None, "health", true), "health_all_params"),
            (
                operation_test(Some("self_"), "type_", false),
                "self_type_required_params",
            ),
            (round_trip_test("BatchItem"), "round_trip_batch_item"),
        ];
        for (name, expected) in table {
            assert_eq!(name, expected);
        }
        let mut tests = Namespace::for_tests();
        assert_eq!(tests.claim("client", ""), "client2");
        let test = operation_test(Some("a"), "b_c", false);
        assert_eq!(tests.claim(&test, ""), "a_b_c_required_params");
        let clash = operation_test(Some("a_b"), "c", false);
        assert_eq!(tests.claim(&clash, ""), "a_b_c_required_params_2");
    }
}
