//! Text files from askama templates in `templates/`: the crate manifest and README.

use askama::Template;

use crate::Error;
use crate::ir::{Api, Auth};

/// The crates generated code needs, as `Cargo.toml` dependency lines. The README and the
/// build.rs documentation list the same.
pub const DEPENDENCIES: &[&str] = &[
    r#"bytes = "1.10""#,
    r#"chrono = { version = "0.4.42", default-features = false, features = ["serde", "std", "clock"] }"#,
    r#"futures-util = { version = "0.3.31", default-features = false, features = ["std"] }"#,
    r#"reqwest = { version = "0.13.5", default-features = false, features = ["rustls"] }"#,
    r#"serde = { version = "1.0.228", features = ["derive"] }"#,
    r#"serde_json = "1.0.145""#,
    r#"serde_path_to_error = "0.1.20""#,
    r#"tokio = { version = "1.48", features = ["time"] }"#,
    r#"url = "2.5.7""#,
    r#"uuid = { version = "1.18", features = ["serde"] }"#,
];

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
}

/// How the README shows auto-pagination.
struct PagerExample {
    items_call: String,
    pages_call: String,
    token_param: String,
    next_field: String,
}

/// How the README shows waiting.
struct WaiterExample {
    call: String,
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
    crate_ident: String,
    title: &'a str,
    api_version: &'a str,
    openapi: &'a str,
    description: String,
    api_key_env: &'a [String],
    base_url_env: String,
    auth: Option<String>,
    default_base_url: String,
    operations: Vec<OperationRow>,
    first_call: Option<String>,
    /// `client.group().list_all(Params::default())` for the first paginated operation.
    pager: Option<PagerExample>,
    /// The first `x-wait` helper.
    waiter: Option<WaiterExample>,
    /// A request type with an optional nullable field: (type, field).
    explicit_null: Option<(String, String)>,
    dependencies: &'a [&'a str],
}

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(api: &Api, header: &str) -> Result<String, Error> {
    CargoToml {
        header,
        crate_name: &api.settings.crate_name,
        crate_version: &api.settings.crate_version,
        title: &api.info.title,
        api_version: &api.info.version,
        dependencies: DEPENDENCIES,
    }
    .render()
    .map(|mut text| {
        text.push('\n');
        text
    })
    .map_err(Error::Template)
}

/// `README.md` of the generated crate.
pub fn readme(api: &Api, header: &str) -> Result<String, Error> {
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
    let first_call = api
        .groups
        .iter()
        .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
        .find(|(_, op)| {
            op.params_type.is_none() || op.params.iter().all(|p| !p.required) && op.body.is_none()
        })
        .map(|(group, op)| {
            let args = match &op.params_type {
                Some(params) => format!(
                    "{}::{params}::default()",
                    api.settings.crate_name.replace('-', "_")
                ),
                None => String::new(),
            };
            format!(
                "client.{}().{}({args}).await?",
                group.name.rust, op.name.rust
            )
        });
    let crate_ident = api.settings.crate_name.replace('-', "_");
    let all_ops = || {
        api.groups
            .iter()
            .flat_map(|g| {
                g.operations
                    .iter()
                    .map(move |op| (format!("client.{}()", g.name.rust), op))
            })
            .chain(
                api.client_operations
                    .iter()
                    .map(|op| ("client".to_string(), op)),
            )
    };
    let params_expr = |op: &crate::ir::Operation| match &op.params_type {
        Some(params) => format!("{crate_ident}::{params}::default()"),
        None => String::new(),
    };
    let pager = all_ops()
        .find_map(|(receiver, op)| op.pagination.as_ref().map(|p| (receiver, op, p)))
        .map(|(receiver, op, pagination)| PagerExample {
            items_call: format!(
                "{receiver}.{}({})",
                pagination.items_method,
                params_expr(op)
            ),
            pages_call: format!("{receiver}.{}(..)", pagination.pages_method),
            token_param: pagination.page_token_param.clone(),
            next_field: pagination.next_token_field.clone(),
        });
    let waiter = all_ops()
        .find_map(|(receiver, op)| op.wait.as_ref().map(|w| (receiver, op, w)))
        .map(|(receiver, op, wait)| WaiterExample {
            call: format!(
                "{receiver}.{}({}{crate_ident}::WaitOptions::new().poll_interval(std::time::Duration::from_secs(10)))",
                wait.method,
                op.params_type.as_ref().map(|p| format!("{p}::new(..), ")).unwrap_or_default(),
            ),
            status_field: wait.status_field.clone(),
            terminal: wait.terminal.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", "),
        });
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
        crate_ident: crate_ident.clone(),
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
        first_call,
        pager,
        waiter,
        explicit_null,
        dependencies: DEPENDENCIES,
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
