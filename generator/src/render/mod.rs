//! Text files from askama templates in `templates/`: the crate manifest, README and
//! API reference.

mod reference;

pub use reference::api_reference;

use askama::Template;

use crate::escape::{self, Markdown};
use crate::ir::{Api, Auth};
use crate::{Error, md};

/// The crates generated code needs, as `Cargo.toml` dependency lines. The README and the
/// build.rs documentation list the same. An API without operations (or generated types
/// only) needs [`TYPES_DEPENDENCIES`].
pub const DEPENDENCIES: &[&str] = &[
    r#"bytes = "1.10""#,
    r#"chrono = { version = "0.4.42", default-features = false, features = ["serde", "std", "clock"] }"#,
    r#"futures-util = { version = "0.3.31", default-features = false, features = ["std"] }"#,
    r#"reqwest = { version = "0.13.5", default-features = false, features = ["stream"] }"#,
    r#"rustls = { version = "0.23.31", default-features = false, features = ["ring", "std", "tls12"], optional = true }"#,
    r#"serde = { version = "1.0.228", features = ["derive"] }"#,
    r#"serde_json = "1.0.145""#,
    r#"serde_path_to_error = "0.1.20""#,
    r#"tokio = { version = "1.48", features = ["time", "fs", "io-util"] }"#,
    r#"tracing = { version = "0.1.41", default-features = false, features = ["std"], optional = true }"#,
    r#"url = "2.5.7""#,
    r#"uuid = { version = "1.18", features = ["serde"] }"#,
];

/// The crates the data types alone need.
pub const TYPES_DEPENDENCIES: &[&str] = &[
    r#"chrono = { version = "0.4.42", default-features = false, features = ["serde", "std", "clock"] }"#,
    r#"serde = { version = "1.0.228", features = ["derive"] }"#,
    r#"serde_json = "1.0.145""#,
    r#"uuid = { version = "1.18", features = ["serde"] }"#,
];

/// The `[features]` of the generated crate, as manifest lines (comments included): the
/// runtime's features that are not pieces (see `emit/runtime/pieces.rs`). A build script
/// user declares the same ones to turn them on in the generated module.
pub const FEATURES: &[&str] = &[
    r#"default = ["rustls"]"#,
    "# TLS, one of: rustls with the aws-lc-rs crypto provider (reqwest's default; builds aws-lc",
    "# from C sources),",
    r#"rustls = ["reqwest/rustls"]"#,
    "# rustls with the ring crypto provider (lighter to build; installed as the process's",
    "# default provider when the client is built, unless one is installed already),",
    r#"rustls-ring = ["reqwest/rustls-no-provider", "dep:rustls"]"#,
    "# the platform's TLS (OpenSSL on Linux, Security.framework on macOS, SChannel on Windows).",
    r#"native-tls = ["reqwest/native-tls"]"#,
    "# A tracing span per call and per attempt (OpenTelemetry HTTP client conventions).",
    r#"tracing = ["dep:tracing"]"#,
];

/// The `rust-version` of the generated crate: the toolchain this project's CI builds and
/// tests generated code with (the workspace's own `rust-version`; a test keeps them equal).
/// Older toolchains are not tested, so none is claimed.
pub const RUST_VERSION: &str = "1.95";

/// The `[features]` of `api`'s crate: the TLS and tracing choices belong to the client, so an
/// API without operations (or generated types only) has none. Each API group is a feature
/// too, all of them in `full`, which is on by default.
fn features(api: &Api) -> Vec<String> {
    if api.operation_count() == 0 {
        return Vec::new();
    }
    let mut lines: Vec<String> = FEATURES.iter().map(|line| line.to_string()).collect();
    if api.groups.is_empty() {
        return lines;
    }
    lines[0] = r#"default = ["rustls", "full"]"#.to_string();
    lines.push(
        "# Every API group (`client.<group>()`). Without `full`, only the groups turned on one by"
            .to_string(),
    );
    lines.push("# one are compiled, with the types only they use.".to_string());
    let members: Vec<String> = api
        .groups
        .iter()
        .map(|group| escape::toml_string(&group.feature))
        .collect();
    let one_line = format!("full = [{}]", members.join(", "));
    if one_line.len() <= 100 {
        lines.push(one_line);
    } else {
        lines.push("full = [".to_string());
        lines.extend(members.iter().map(|member| format!("    {member},")));
        lines.push("]".to_string());
    }
    lines.extend(
        api.groups
            .iter()
            .map(|group| format!("{} = []", escape::toml_key(&group.feature))),
    );
    lines
}

/// The dependencies of `api`'s crate.
fn dependencies(api: &Api) -> &'static [&'static str] {
    if api.operation_count() == 0 {
        TYPES_DEPENDENCIES
    } else {
        DEPENDENCIES
    }
}

/// The manifest: every value a TOML string escaped by `escape::toml_string` (quotes
/// included), the header a comment line.
#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    header: String,
    crate_name: String,
    crate_version: String,
    description: String,
    dependencies: &'a [&'a str],
    features: Vec<String>,
    rust_version: &'a str,
    with_tests: bool,
}

/// How the README shows auto-pagination.
struct PagerExample {
    code: Markdown,
    items_method: Markdown,
    pages_method: Markdown,
    token_param: Markdown,
    next_field: Markdown,
}

/// How the README shows waiting.
struct WaiterExample {
    code: Markdown,
    method: Markdown,
    status_field: Markdown,
    terminal: Markdown,
}

/// One operation as the README lists it.
struct OperationRow {
    call: Markdown,
    request: Markdown,
    summary: Markdown,
}

/// The README: every value is [`Markdown`] (spec text escaped for it) or text the
/// generator wrote; the header an HTML comment.
#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct Readme<'a> {
    header: String,
    crate_name: Markdown,
    /// `<library>::prelude`.
    prelude: Markdown,
    title: Markdown,
    api_version: Markdown,
    openapi: Markdown,
    description: Markdown,
    api_key_env: Vec<Markdown>,
    base_url_env: Markdown,
    auth: Option<Markdown>,
    default_base_url: Option<Markdown>,
    /// The first server URL when none is absolute (a relative `/api`, or one with an
    /// undefined variable): the README says how to give the base URL.
    unusable_server: Option<Markdown>,
    operations: Vec<OperationRow>,
    /// A compiling example of the first operation.
    quick_start: Option<Markdown>,
    /// A call that takes its one path parameter directly, and the same call with the
    /// parameters struct, compiling.
    shortcut: Option<Markdown>,
    /// Configuration, per-call options, raw response and errors, compiling.
    handling: Option<Markdown>,
    /// `client.group().list_all(Params::default())` for the first paginated operation.
    pager: Option<PagerExample>,
    /// The first `x-wait` helper.
    waiter: Option<WaiterExample>,
    /// A request type with an optional nullable field: (type, field).
    explicit_null: Option<(Markdown, Markdown)>,
    /// `x-rust-sdk.idempotency-header`, when some operation sends it.
    idempotency_header: Option<Markdown>,
    /// Some operation sends a multipart body with typed parts.
    multipart: bool,
    /// The call of the first operation that can stream its binary body.
    stream_call: Option<Markdown>,
    dependencies: &'a [&'a str],
    features: Vec<String>,
    /// How a dependency turns on the first API group only, when there are several.
    group_feature: Option<Markdown>,
    /// The API groups are features (`full` among the defaults).
    groups: bool,
    rust_version: &'a str,
}

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(api: &Api, header: &str, with_tests: bool) -> Result<String, Error> {
    CargoToml {
        header: escape::comment_line(header),
        crate_name: escape::toml_string(&api.settings.crate_name),
        crate_version: escape::toml_string(&api.settings.crate_version),
        description: escape::toml_string(&format!(
            "Rust SDK for {} ({})",
            api.info.title, api.info.version
        )),
        dependencies: dependencies(api),
        features: features(api),
        rust_version: RUST_VERSION,
        with_tests,
    }
    .render()
    .map(|mut text| {
        text.push('\n');
        text
    })
    .map_err(Error::Template)
}

/// `README.md` of the generated crate.
pub fn readme(emitter: &crate::emit::Emitter<'_>, header: &str) -> Result<String, Error> {
    let api = emitter.api;
    let all_ops = || {
        api.operations_with_groups()
            .map(|(group, op)| (group.map(|g| g.name.rust.as_str()), op))
    };
    let operations = all_ops()
        .map(|(group, op)| {
            let args = if op.params_type.is_some() {
                "params"
            } else {
                ""
            };
            let receiver = group.map_or("client".to_string(), |g| format!("client.{g}()"));
            OperationRow {
                call: Markdown::code(&format!("{receiver}.{}({args})", op.name.rust)),
                request: Markdown::code(&format!("{} {}", op.method, op.path.raw)),
                summary: Markdown::first_paragraph(
                    op.docs
                        .summary
                        .as_deref()
                        .or(op.docs.description.as_deref())
                        .unwrap_or(""),
                ),
            }
        })
        .collect();
    // Prefer a call without required inputs, like a list.
    let first = all_ops().min_by_key(|(_, op)| {
        op.params.iter().filter(|p| p.required).count() + usize::from(op.body.is_some())
    });
    let quick_start = match first {
        Some((group, op)) => Some(rust_example(
            "README quick start",
            emitter.quick_start_example(op, group),
        )?),
        None => None,
    };
    let shortcut = match emitter.shortcut_example() {
        Some(example) => Some(rust_example("README shortcut example", example)?),
        None => None,
    };
    let handling = match first {
        Some((group, op)) => Some(rust_example(
            "README error handling example",
            emitter.handling_example(op, group),
        )?),
        None => None,
    };
    let pager =
        match all_ops().find_map(|(group, op)| op.pagination.as_ref().map(|p| (group, op, p))) {
            Some((group, op, pagination)) => Some(PagerExample {
                code: rust_example(
                    "README pagination example",
                    emitter.pager_example(op, group).unwrap_or_default(),
                )?,
                items_method: Markdown::code(&pagination.items_method),
                pages_method: Markdown::code(&pagination.pages_method),
                token_param: Markdown::code(&pagination.page_token_param),
                next_field: Markdown::code(&pagination.next_token_field),
            }),
            None => None,
        };
    let waiter = match all_ops().find_map(|(group, op)| op.wait.as_ref().map(|w| (group, op, w))) {
        Some((group, op, wait)) => Some(WaiterExample {
            code: rust_example(
                "README waiting example",
                emitter.wait_example(op, group).unwrap_or_default(),
            )?,
            method: Markdown::code(&wait.method),
            status_field: Markdown::code(&wait.status_field),
            terminal: Markdown::join(wait.terminal.iter().map(|t| Markdown::code(t)), ", "),
        }),
        None => None,
    };
    let explicit_null = api.types.iter().find_map(|t| match &t.kind {
        crate::ir::TypeKind::Struct { fields, .. } => fields
            .iter()
            .find(|f| f.explicit_null)
            .map(|f| (Markdown::ident(&t.name.rust), Markdown::ident(&f.name.rust))),
        _ => None,
    });
    let auth = api.auth.as_ref().map(|auth| match auth {
        Auth::Bearer => Markdown::lit("an `Authorization: Bearer <key>` header"),
        Auth::Basic => Markdown::lit("an `Authorization: Basic <key>` header"),
        Auth::Header(name) => md!("the {} header", Markdown::code(name)),
        Auth::Query(name) => md!("the {} query parameter", Markdown::code(name)),
    });
    Readme {
        header: escape::html_comment(header),
        crate_name: Markdown::line(&api.settings.crate_name),
        prelude: Markdown::code(&format!("{}::prelude", api.settings.library_name)),
        title: Markdown::line(&api.info.title),
        api_version: Markdown::line(&api.info.version),
        openapi: Markdown::line(&api.info.openapi),
        description: Markdown::prose(api.info.docs.description.as_deref().unwrap_or_default()),
        api_key_env: api
            .settings
            .api_key_env
            .iter()
            .map(|env| Markdown::code(env))
            .collect(),
        base_url_env: Markdown::code(api.settings.base_url_env.as_deref().unwrap_or_default()),
        auth,
        default_base_url: api.default_base_url.as_deref().map(Markdown::code),
        unusable_server: api
            .default_base_url
            .is_none()
            .then(|| api.servers.first().map(|url| Markdown::code(url)))
            .flatten(),
        operations,
        quick_start,
        shortcut,
        handling,
        pager,
        waiter,
        explicit_null,
        idempotency_header: emitter.idempotency_header().map(Markdown::code),
        multipart: all_ops().any(|(_, op)| {
            op.body.as_ref().is_some_and(|body| {
                body.encoding == crate::ir::BodyEncoding::Multipart
                    && matches!(body.ty, crate::ir::TypeRef::Named(_))
            })
        }),
        stream_call: all_ops().find_map(|(group, op)| {
            let stream = op.stream_method.as_ref()?;
            Some(Markdown::code(&match group {
                Some(group) => format!("client.{group}().{stream}(…)"),
                None => format!("client.{stream}(…)"),
            }))
        }),
        dependencies: dependencies(api),
        features: features(api),
        groups: api.operation_count() > 0 && !api.groups.is_empty(),
        group_feature: (api.groups.len() > 1).then(|| {
            Markdown::code(&format!(
                "default-features = false, features = [\"rustls\", {}]",
                escape::toml_string(&api.groups[0].feature)
            ))
        }),
        rust_version: RUST_VERSION,
    }
    .render()
    .map(|mut text| {
        text.push('\n');
        text
    })
    .map_err(Error::Template)
}

/// A Rust example the generator wrote, formatted, as a `rust,no_run` block (compiled by
/// the crate's doctests).
fn rust_example(what: &str, tokens: proc_macro2::TokenStream) -> Result<Markdown, Error> {
    let code = crate::format::snippet(what, tokens)?;
    Ok(Markdown::code_block("rust,no_run", &code))
}
