//! Text files from askama templates in `templates/`: the crate manifest, README and
//! API reference.

mod reference;

pub use reference::api_reference;

use askama::Template;

use crate::Error;
use crate::ir::{Api, Auth};

/// The crates generated code needs, as `Cargo.toml` dependency lines. The README and the
/// build.rs documentation list the same.
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

mod filters {
    use askama::{Result, Values};

    /// Escapes a value for a TOML basic string.
    #[askama::filter_fn]
    pub fn toml_escape(value: impl std::fmt::Display, _: &dyn Values) -> Result<String> {
        Ok(value.to_string().replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[derive(Template)]
#[template(path = "Cargo.toml.j2", escape = "none")]
struct CargoToml<'a> {
    header: &'a str,
    crate_name: &'a str,
    crate_version: &'a str,
    title: &'a str,
    api_version: &'a str,
    dependencies: &'a [&'a str],
    features: &'a [&'a str],
    rust_version: &'a str,
    with_tests: bool,
}

/// How the README shows auto-pagination.
struct PagerExample {
    code: String,
    items_method: String,
    pages_method: String,
    token_param: String,
    next_field: String,
}

/// How the README shows waiting.
struct WaiterExample {
    code: String,
    method: String,
    status_field: String,
    terminal: String,
}

/// One operation as the README lists it.
struct OperationRow {
    call: String,
    method: String,
    path: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "README.md.j2", escape = "none")]
struct Readme<'a> {
    header: &'a str,
    crate_name: &'a str,
    library_name: &'a str,
    title: &'a str,
    api_version: &'a str,
    openapi: &'a str,
    description: String,
    api_key_env: &'a [String],
    base_url_env: String,
    auth: Option<String>,
    default_base_url: String,
    operations: Vec<OperationRow>,
    /// A compiling example of the first operation.
    quick_start: Option<String>,
    /// A call that takes its one path parameter directly, and the same call with the
    /// parameters struct, compiling.
    shortcut: Option<String>,
    /// Configuration, per-call options, raw response and errors, compiling.
    handling: Option<String>,
    /// `client.group().list_all(Params::default())` for the first paginated operation.
    pager: Option<PagerExample>,
    /// The first `x-wait` helper.
    waiter: Option<WaiterExample>,
    /// A request type with an optional nullable field: (type, field).
    explicit_null: Option<(String, String)>,
    /// `x-rust-sdk.idempotency-header`, when some operation sends it.
    idempotency_header: Option<&'a str>,
    /// Some operation sends a multipart body with typed parts.
    multipart: bool,
    /// The call of the first operation that can stream its binary body.
    stream_call: Option<String>,
    dependencies: &'a [&'a str],
    features: &'a [&'a str],
    rust_version: &'a str,
}

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(api: &Api, header: &str, with_tests: bool) -> Result<String, Error> {
    CargoToml {
        header,
        crate_name: &api.settings.crate_name,
        crate_version: &api.settings.crate_version,
        title: &api.info.title,
        api_version: &api.info.version,
        dependencies: DEPENDENCIES,
        features: FEATURES,
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
    let mut operations = Vec::new();
    for group in &api.groups {
        for op in &group.operations {
            let args = if op.params_type.is_some() {
                "params"
            } else {
                ""
            };
            operations.push(OperationRow {
                call: format!("client.{}().{}({args})", group.name.rust, op.name.rust),
                method: op.method.clone(),
                path: op.path.raw.clone(),
                summary: one_line(
                    op.docs
                        .summary
                        .as_deref()
                        .or(op.docs.description.as_deref())
                        .unwrap_or(""),
                ),
            });
        }
    }
    for op in &api.client_operations {
        let args = if op.params_type.is_some() {
            "params"
        } else {
            ""
        };
        operations.push(OperationRow {
            call: format!("client.{}({args})", op.name.rust),
            method: op.method.clone(),
            path: op.path.raw.clone(),
            summary: one_line(
                op.docs
                    .summary
                    .as_deref()
                    .or(op.docs.description.as_deref())
                    .unwrap_or(""),
            ),
        });
    }
    let all_ops = || {
        api.groups
            .iter()
            .flat_map(|g| {
                g.operations
                    .iter()
                    .map(move |op| (Some(g.name.rust.as_str()), op))
            })
            .chain(api.client_operations.iter().map(|op| (None, op)))
    };
    // Prefer a call without required inputs, like a list.
    let first = all_ops().min_by_key(|(_, op)| {
        op.params.iter().filter(|p| p.required).count() + usize::from(op.body.is_some())
    });
    let quick_start = match first {
        Some((group, op)) => Some(crate::format::snippet(
            "README quick start",
            emitter.quick_start_example(op, group),
        )?),
        None => None,
    };
    let shortcut = match emitter.shortcut_example() {
        Some(example) => Some(crate::format::snippet("README shortcut example", example)?),
        None => None,
    };
    let handling = match first {
        Some((group, op)) => Some(crate::format::snippet(
            "README error handling example",
            emitter.handling_example(op, group),
        )?),
        None => None,
    };
    let pager =
        match all_ops().find_map(|(group, op)| op.pagination.as_ref().map(|p| (group, op, p))) {
            Some((group, op, pagination)) => Some(PagerExample {
                code: crate::format::snippet(
                    "README pagination example",
                    emitter.pager_example(op, group).unwrap_or_default(),
                )?,
                items_method: pagination.items_method.clone(),
                pages_method: pagination.pages_method.clone(),
                token_param: pagination.page_token_param.clone(),
                next_field: pagination.next_token_field.clone(),
            }),
            None => None,
        };
    let waiter = match all_ops().find_map(|(group, op)| op.wait.as_ref().map(|w| (group, op, w))) {
        Some((group, op, wait)) => Some(WaiterExample {
            code: crate::format::snippet(
                "README waiting example",
                emitter.wait_example(op, group).unwrap_or_default(),
            )?,
            method: wait.method.clone(),
            status_field: wait.status_field.clone(),
            terminal: wait
                .terminal
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", "),
        }),
        None => None,
    };
    let explicit_null = api.types.iter().find_map(|t| match &t.kind {
        crate::ir::TypeKind::Struct { fields, .. } => fields
            .iter()
            .find(|f| f.explicit_null)
            .map(|f| (t.name.rust.clone(), f.name.rust.clone())),
        _ => None,
    });
    let auth = api.auth.as_ref().map(|auth| match auth {
        Auth::Bearer => "an `Authorization: Bearer <key>` header".to_string(),
        Auth::Basic => "an `Authorization: Basic <key>` header".to_string(),
        Auth::Header(name) => format!("the `{name}` header"),
        Auth::Query(name) => format!("the `{name}` query parameter"),
    });
    Readme {
        header,
        crate_name: &api.settings.crate_name,
        library_name: &api.settings.library_name,
        title: &api.info.title,
        api_version: &api.info.version,
        openapi: &api.info.openapi,
        description: api
            .info
            .docs
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_string(),
        api_key_env: &api.settings.api_key_env,
        base_url_env: api.settings.base_url_env.clone().unwrap_or_default(),
        auth,
        default_base_url: api.servers.first().cloned().unwrap_or_default(),
        operations,
        quick_start,
        shortcut,
        handling,
        pager,
        waiter,
        explicit_null,
        idempotency_header: api.settings.idempotency_header.as_deref().filter(|_| {
            api.groups
                .iter()
                .flat_map(|g| &g.operations)
                .chain(&api.client_operations)
                .any(|op| !matches!(op.method.as_str(), "GET" | "HEAD"))
        }),
        multipart: all_ops().any(|(_, op)| {
            op.body.as_ref().is_some_and(|body| {
                body.encoding == crate::ir::BodyEncoding::Multipart
                    && matches!(body.ty, crate::ir::TypeRef::Named(_))
            })
        }),
        stream_call: all_ops().find_map(|(group, op)| {
            let stream = op.stream_method.as_ref()?;
            Some(match group {
                Some(group) => format!("client.{group}().{stream}(…)"),
                None => format!("client.{stream}(…)"),
            })
        }),
        dependencies: DEPENDENCIES,
        features: FEATURES,
        rust_version: RUST_VERSION,
    }
    .render()
    .map(|mut text| {
        text.push('\n');
        text
    })
    .map_err(Error::Template)
}

fn one_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .replace('|', "\\|")
        .trim()
        .to_string()
}
