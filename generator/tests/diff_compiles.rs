//! The Rust verdict of `generator diff`, checked by the compiler: for every pair in
//! `fixtures/diff`, code written against the SDK generated from the old spec (it builds
//! every struct with `new` and fills every field, reads every field with its exact type,
//! matches every enum, calls every operation with every parameter and binds its result,
//! uses the pagers, waiters, `ErrorBody` and client settings) is compiled against the SDK
//! generated from the new spec. It must compile exactly when the diff says every change
//! is Rust-compatible, and it must compile against the old SDK (or the consumer is wrong).
//!
//! All of it is one `cargo check`: a crate with every generated module (old and new of
//! each pair) and a crate with every consumer, one module per pair and side, in a small
//! workspace under `target/diff-consumers` (dependencies are built once and reused).
//! `#[non_exhaustive]` only binds across crates, hence the two. Errors are attributed to
//! pairs by file path; the check is repeated without the modules that failed, as rustc
//! may stop before it reports every module.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::ir::{
    Api, Field, FloatKind, IntKind, Operation, ResponseBody, TypeDef, TypeKind, TypeRef,
};

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ is inside the workspace")
}

/// The Rust spelling of a type, with named types under `sdk::`.
fn spell(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => format!("sdk::{}", api.types[id.0].name.rust),
        TypeRef::String => "String".into(),
        TypeRef::Integer(kind) => match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::I128 => "i128",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
            IntKind::U128 => "u128",
        }
        .into(),
        TypeRef::Number(FloatKind::F32) => "f32".into(),
        TypeRef::Number(FloatKind::F64) => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::File => "sdk::FilePart".into(),
        TypeRef::List(item) => format!("Vec<{}>", spell(api, item)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", spell(api, value)),
        TypeRef::Tuple(members) => {
            let members: Vec<String> = members.iter().map(|m| spell(api, m)).collect();
            format!("({},)", members.join(", "))
        }
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Nullable(inner) => format!("Option<{}>", spell(api, inner)),
    }
}

/// A field's declared type.
fn field_type(api: &Api, field: &Field) -> String {
    let mut ty = spell(api, &field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    if field.explicit_null {
        ty = format!("sdk::Nullable<{ty}>");
    }
    if field.optional() {
        ty = format!("Option<{ty}>");
    }
    ty
}

fn success_type(api: &Api, op: &Operation) -> String {
    match &op.success.body {
        ResponseBody::Empty => "()".into(),
        ResponseBody::Json(ty) => spell(api, ty),
        ResponseBody::ByStatus(id) => spell(api, &TypeRef::Named(*id)),
        ResponseBody::Text => "String".into(),
        ResponseBody::Binary => "Vec<u8>".into(),
    }
}

/// Code that uses every item of the SDK generated for `api`, reached as `sdk`.
fn consumer(api: &Api) -> String {
    let mut out = String::new();
    out.push_str("fn make<T>() -> T {\n    unimplemented!()\n}\n\n");
    if api.operation_count() == 0 {
        // Types only: no client.
        for (index, type_def) in api.types.iter().enumerate() {
            write_type(&mut out, api, index, type_def);
        }
        return out;
    }
    // Client settings, and what authentication adds.
    out.push_str("pub fn client_settings() {\n");
    out.push_str(
        "    let _: &str = sdk::DEFAULT_BASE_URL;\n    let _: &str = sdk::BASE_URL_ENV;\n",
    );
    out.push_str("    let _: Result<sdk::Client, sdk::Error> = sdk::Client::from_env();\n");
    let authenticates = api.auth.is_some()
        || api
            .operations_with_groups()
            .any(|(_, op)| op.auth.is_some());
    if authenticates {
        out.push_str("    let _: &[&str] = sdk::API_KEY_ENV;\n");
        out.push_str("    let _ = sdk::Client::builder().api_key(\"key\");\n");
    }
    out.push_str("}\n\n");
    for (index, type_def) in api.types.iter().enumerate() {
        write_type(&mut out, api, index, type_def);
    }
    if !api.error_bodies.is_empty() {
        out.push_str("pub fn error_body(body: &sdk::ErrorBody) {\n    match body {\n");
        for variant in &api.error_bodies {
            let mut ty = spell(api, &variant.ty);
            if variant.boxed {
                ty = format!("Box<{ty}>");
            }
            let _ = writeln!(
                out,
                "        sdk::ErrorBody::{}(payload) => {{ let _: &{ty} = payload; }}",
                variant.name.rust
            );
        }
        out.push_str("        _ => {}\n    }\n}\n\n");
    }
    for (index, (group, op)) in api.operations_with_groups().enumerate() {
        let receiver = match group {
            Some(group) => format!("client.{}()", group.name.rust),
            None => "client".to_string(),
        };
        write_operation(&mut out, api, index, &receiver, op);
    }
    out
}

fn write_type(out: &mut String, api: &Api, index: usize, type_def: &TypeDef) {
    let name = format!("sdk::{}", type_def.name.rust);
    let _ = writeln!(out, "pub fn type_{index}(value: {name}) {{");
    match &type_def.kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            let args: Vec<String> = fields
                .iter()
                .filter(|f| !f.optional())
                .map(|f| format!("make::<{}>()", spell(api, &f.ty)))
                .collect();
            let _ = writeln!(
                out,
                "    let mut built: {name} = {name}::new({});",
                args.join(", ")
            );
            for field in fields {
                let ty = field_type(api, field);
                let _ = writeln!(out, "    let _: &{ty} = &value.{};", field.name.rust);
                let _ = writeln!(out, "    built.{} = make::<{ty}>();", field.name.rust);
            }
            if let Some(additional) = additional {
                let ty = format!(
                    "std::collections::BTreeMap<String, {}>",
                    spell(api, additional)
                );
                let _ = writeln!(out, "    let _: &{ty} = &value.additional_properties;");
                let _ = writeln!(out, "    built.additional_properties = make::<{ty}>();");
            }
        }
        TypeKind::StringEnum { variants } => {
            let _ = writeln!(out, "    let _: &str = value.as_str();");
            let _ = writeln!(out, "    let _: {name} = {name}::from(\"text\");");
            out.push_str("    match value {\n");
            for variant in variants {
                let _ = writeln!(out, "        {name}::{} => {{}}", variant.rust);
            }
            let _ = writeln!(
                out,
                "        {name}::Unknown(_) => {{}}\n        _ => {{}}\n    }}"
            );
            for variant in variants {
                let _ = writeln!(out, "    let _ = {name}::{};", variant.rust);
            }
        }
        TypeKind::IntegerEnum { variants } => {
            let _ = writeln!(out, "    let _: i64 = value.value();");
            out.push_str("    match value {\n");
            for (variant, _) in variants {
                let _ = writeln!(out, "        {name}::{variant} => {{}}");
            }
            let _ = writeln!(
                out,
                "        {name}::Unknown(_) => {{}}\n        _ => {{}}\n    }}"
            );
        }
        TypeKind::Union { tag, variants } => {
            out.push_str("    match &value {\n");
            for variant in variants {
                let mut ty = spell(api, &variant.ty);
                if variant.boxed {
                    ty = format!("Box<{ty}>");
                }
                let _ = writeln!(
                    out,
                    "        {name}::{}(payload) => {{ let _: &{ty} = payload; }}",
                    variant.name.rust
                );
            }
            if tag.is_some() {
                let _ = writeln!(out, "        {name}::Unknown(_) => {{}}");
            }
            out.push_str("        _ => {}\n    }\n");
            for variant in variants {
                let mut ty = spell(api, &variant.ty);
                if variant.boxed {
                    ty = format!("Box<{ty}>");
                }
                let _ = writeln!(
                    out,
                    "    let _: {name} = {name}::{}(make::<{ty}>());",
                    variant.name.rust
                );
            }
        }
        TypeKind::Alias(target) => {
            let _ = writeln!(out, "    let _: {name} = make::<{}>();", spell(api, target));
        }
        TypeKind::ByStatus { variants } => {
            out.push_str("    match &value {\n");
            for variant in variants {
                match &variant.ty {
                    Some(ty) => {
                        let mut ty = spell(api, ty);
                        if variant.boxed {
                            ty = format!("Box<{ty}>");
                        }
                        let _ = writeln!(
                            out,
                            "        {name}::{}(payload) => {{ let _: &{ty} = payload; }}",
                            variant.name
                        );
                    }
                    None => {
                        let _ = writeln!(out, "        {name}::{} => {{}}", variant.name);
                    }
                }
            }
            out.push_str("        _ => {}\n    }\n");
        }
    }
    out.push_str("}\n\n");
}

fn write_operation(out: &mut String, api: &Api, index: usize, receiver: &str, op: &Operation) {
    let _ = writeln!(
        out,
        "pub async fn operation_{index}(client: &sdk::Client) {{"
    );
    let result = success_type(api, op);
    let args = match &op.params_type {
        Some(params_type) => {
            let required: Vec<String> = (op.params.iter())
                .filter(|p| p.required)
                .map(|p| format!("make::<{}>()", spell(api, &p.ty)))
                .chain(
                    (op.body.iter())
                        .filter(|b| b.required)
                        .map(|b| format!("make::<{}>()", spell(api, &b.ty))),
                )
                .collect();
            let _ = writeln!(
                out,
                "    let params: sdk::{params_type} = sdk::{params_type}::new({});",
                required.join(", ")
            );
            for param in &op.params {
                let ty = spell(api, &param.ty);
                if param.required {
                    let _ = writeln!(out, "    let _: &{ty} = &params.{};", param.name.rust);
                } else {
                    let _ = writeln!(
                        out,
                        "    let _: &Option<{ty}> = &params.{};",
                        param.name.rust
                    );
                    let _ = writeln!(
                        out,
                        "    let params = params.{}(make::<{ty}>());",
                        param.name.rust
                    );
                }
            }
            if let Some(body) = &op.body {
                let ty = spell(api, &body.ty);
                if body.required {
                    let _ = writeln!(out, "    let _: &{ty} = &params.body;");
                } else {
                    let _ = writeln!(out, "    let _: &Option<{ty}> = &params.body;");
                    let _ = writeln!(out, "    let params = params.body(make::<{ty}>());");
                }
            }
            "params.clone()"
        }
        None => "",
    };
    let deprecated = if op.docs.deprecated {
        "    #[allow(deprecated)]\n"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{deprecated}    let _: Result<{result}, sdk::Error> = {receiver}.{}({args}).await;",
        op.name.rust
    );
    let _ = writeln!(
        out,
        "{deprecated}    let _: Result<sdk::Response<{result}>, sdk::Error> = {receiver}.{}({args}).with_response().await;",
        op.name.rust
    );
    if let Some(pagination) = &op.pagination {
        let item = spell(api, &pagination.item_ty);
        let _ = writeln!(
            out,
            "    let mut pages = Box::pin({receiver}.{}({args}));\n    let _: Option<Result<{result}, sdk::Error>> = futures_util::StreamExt::next(&mut pages).await;",
            pagination.pages_method
        );
        let _ = writeln!(
            out,
            "    let mut items = Box::pin({receiver}.{}({args}));\n    let _: Option<Result<{item}, sdk::Error>> = futures_util::StreamExt::next(&mut items).await;",
            pagination.items_method
        );
    }
    if let Some(wait) = &op.wait {
        let params = if args.is_empty() {
            String::new()
        } else {
            format!("{args}, ")
        };
        let _ = writeln!(
            out,
            "    let _: Result<{result}, sdk::Error> = {receiver}.{}({params}sdk::WaitOptions::new()).await;",
            wait.method
        );
    }
    out.push_str("}\n\n");
}

/// `Cargo.toml` dependency lines the generated modules need: those of the `tests` crate
/// (which compiles every fixture the same way), with workspace versions filled in.
fn dependencies() -> String {
    let root = std::fs::read_to_string(workspace_root().join("Cargo.toml")).expect("Cargo.toml");
    let tests = std::fs::read_to_string(workspace_root().join("tests/Cargo.toml"))
        .expect("tests/Cargo.toml");
    let workspace: BTreeMap<&str, &str> = root
        .lines()
        .filter_map(|line| {
            line.split_once(" = ")
                .map(|(name, rest)| (name.trim(), rest))
        })
        .collect();
    let mut out = String::new();
    let mut in_dependencies = false;
    for line in tests.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if !in_dependencies || line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_suffix(".workspace = true") {
            let spec = workspace
                .get(name)
                .unwrap_or_else(|| panic!("{name} is not a workspace dependency"));
            // TLS is no part of the SDK's API: a check without it builds no TLS stack.
            let spec = if name == "reqwest" {
                spec.replace(r#", features = ["rustls"]"#, "")
            } else {
                spec.to_string()
            };
            let _ = writeln!(out, "{name} = {spec}");
        } else if !line.starts_with("llama-cloud") {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

struct Pair {
    kind: String,
    rust_breaking: bool,
    /// The SDK modules of the old and the new spec.
    sides: [String; 2],
    /// The old SDK's library name.
    library: String,
    /// The consumer's code.
    code: String,
}

/// The generated SDKs are split into this many crates, checked in parallel.
const CRATES: usize = 2;

fn module_name(kind: &str, side: &str) -> String {
    format!("{}_{side}", kind.replace('-', "_"))
}

/// `cargo check` of the consumers crate with the given modules; the files rustc reports
/// errors in, with the messages.
fn check(dir: &Path, modules: &BTreeSet<String>) -> BTreeMap<String, Vec<String>> {
    let mut lib = String::from("#![allow(warnings)]\n");
    for module in modules {
        let _ = writeln!(lib, "#[path = \"{module}.rs\"]\nmod {module};");
    }
    write_if_changed(&dir.join("consumers/src/lib.rs"), &lib);
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .args([
            "check",
            "--offline",
            "--quiet",
            "--message-format=json",
            "-p",
            "diff-consumers",
        ])
        .output()
        .expect("cargo runs");
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let rendered = message["message"]["rendered"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let files: BTreeSet<String> = message["message"]["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|span| span["is_primary"] == true)
            .filter_map(|span| span["file_name"].as_str().map(str::to_string))
            .collect();
        if files.is_empty() {
            errors
                .entry(String::new())
                .or_default()
                .push(rendered.clone());
        }
        for file in files {
            errors.entry(file).or_default().push(rendered.clone());
        }
    }
    if !output.status.success() && errors.is_empty() {
        panic!(
            "cargo check failed without compiler errors:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    errors
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates folders");
        std::fs::write(path, text).expect("writes");
    }
}

/// Pairs whose change breaks Rust code without a compile error: old code still compiles
/// against the new SDK, and does something else. The diff says Rust-breaking; the
/// compiler cannot tell.
const COMPILES_BUT_BREAKS: &[(&str, &str)] = &[(
    "enum-variant-renamed",
    "the old variant's name now stands for another value",
)];

/// The first compiler message, to keep a failure readable.
fn first(messages: &[String]) -> String {
    let message = messages.first().cloned().unwrap_or_default();
    let lines: Vec<&str> = message.lines().take(30).collect();
    format!("{}\n({} error(s) in all)", lines.join("\n"), messages.len())
}

#[test]
fn rust_verdicts_match_the_compiler() {
    let started = std::time::Instant::now();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut kinds: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("fixtures/diff")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    kinds.sort();
    let dir: PathBuf = workspace_root().join("target/diff-consumers");
    // Each distinct SDK once (many old specs are the same), in one of two crates that
    // cargo checks in parallel: (library name, code) → module name.
    let mut sdks: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut by_spec: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut pairs = Vec::new();
    for kind in &kinds {
        let report = generator::diff(
            &fixtures.join(kind).join("old.yaml").display().to_string(),
            &fixtures.join(kind).join("new.yaml").display().to_string(),
        )
        .unwrap_or_else(|error| panic!("{kind}: {error}"));
        let mut sides = Vec::new();
        for side in ["old", "new"] {
            let spec = fixtures.join(kind).join(format!("{side}.yaml"));
            let text = std::fs::read_to_string(&spec).expect("reads the fixture");
            let (library, code) = match by_spec.get(&text) {
                Some(known) => known.clone(),
                None => {
                    let mut config = generator::Config::new();
                    config
                        .spec(&spec)
                        .output(generator::Output::Module)
                        .threads(1);
                    let generated = config
                        .generate()
                        .unwrap_or_else(|error| panic!("{kind}/{side}: {error}"));
                    let (file, code) = generated.files.into_iter().next().expect("one module file");
                    let known = (file.trim_end_matches(".rs").to_string(), code);
                    by_spec.insert(text, known.clone());
                    known
                }
            };
            let count = sdks.len();
            let module = sdks
                .entry((library.clone(), code))
                .or_insert_with(|| format!("sdk_{count}"))
                .clone();
            sides.push((module, library));
        }
        let (old_api, _) = generator::Config::new()
            .spec(fixtures.join(kind).join("old.yaml"))
            .lower()
            .unwrap_or_else(|error| panic!("{kind}: {error}"));
        let code = consumer(&old_api);
        pairs.push(Pair {
            kind: kind.clone(),
            rust_breaking: report.rust_breaking() > 0,
            sides: [sides[0].0.clone(), sides[1].0.clone()],
            library: old_api.settings.library_name.clone(),
            code,
        });
    }
    // Two crates of about the same size.
    let mut crates: [(String, usize); CRATES] = Default::default();
    let mut crate_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut ordered: Vec<(&(String, String), &String)> = sdks.iter().collect();
    ordered.sort_by_key(|((_, code), _)| std::cmp::Reverse(code.len()));
    for ((library, code), module) in ordered {
        let index = (0..CRATES).min_by_key(|i| crates[*i].1).unwrap_or(0);
        write_if_changed(&dir.join(format!("sdks{index}/src/{module}.rs")), code);
        // Inside a module named after the crate, as `use <crate>::…` reaches it.
        let _ = writeln!(
            crates[index].0,
            "pub mod {module} {{\n    pub mod {library} {{\n        include!(\"{module}.rs\");\n    }}\n}}"
        );
        crates[index].1 += code.len();
        crate_of.insert(module.clone(), index);
    }
    let dependencies = dependencies();
    let mut sdk_dependencies = String::new();
    for (index, (lib, _)) in crates.iter().enumerate() {
        write_if_changed(
            &dir.join(format!("sdks{index}/src/lib.rs")),
            &format!("#![allow(warnings)]\n{lib}"),
        );
        write_if_changed(
            &dir.join(format!("sdks{index}/Cargo.toml")),
            &format!(
                "[package]\nname = \"diff-sdks-{index}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{dependencies}"
            ),
        );
        let _ = writeln!(
            sdk_dependencies,
            "diff-sdks-{index} = {{ path = \"../sdks{index}\" }}"
        );
    }
    for pair in &pairs {
        for (side, module) in ["old", "new"].iter().zip(&pair.sides) {
            let name = module_name(&pair.kind, side);
            let text = format!(
                "//! Written against the old SDK of `{}`, compiled against the {side} one.\nuse diff_sdks_{}::{module}::{} as sdk;\n\n{}",
                pair.kind, crate_of[module], pair.library, pair.code
            );
            write_if_changed(&dir.join(format!("consumers/src/{name}.rs")), &text);
        }
    }
    let members: Vec<String> = (0..CRATES).map(|i| format!("\"sdks{i}\"")).collect();
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "# Written by generator/tests/diff_compiles.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{}, \"consumers\"]\n",
            members.join(", ")
        ),
    );
    write_if_changed(
        &dir.join("consumers/Cargo.toml"),
        &format!(
            "[package]\nname = \"diff-consumers\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{sdk_dependencies}{dependencies}"
        ),
    );
    // The workspace's versions, so that nothing is resolved (or fetched) anew.
    if !dir.join("Cargo.lock").exists() {
        std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock"))
            .expect("copies Cargo.lock");
    }
    let generated = started.elapsed();

    let mut modules: BTreeSet<String> = kinds
        .iter()
        .flat_map(|kind| [module_name(kind, "old"), module_name(kind, "new")])
        .collect();
    let mut failed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut passes = 0;
    loop {
        passes += 1;
        let errors = check(&dir, &modules);
        if let Some(sdk_errors) = errors
            .iter()
            .find(|(file, _)| !file.starts_with("consumers/"))
        {
            panic!(
                "the generated SDKs do not compile ({}):\n{}",
                sdk_errors.0,
                first(sdk_errors.1)
            );
        }
        if errors.is_empty() {
            break;
        }
        for (file, messages) in errors {
            let module = file
                .trim_start_matches("consumers/src/")
                .trim_end_matches(".rs")
                .to_string();
            assert!(modules.remove(&module), "errors in {file} again");
            failed.insert(module, messages);
        }
    }
    let mut problems = Vec::new();
    for pair in &pairs {
        if let Some(messages) = failed.get(&module_name(&pair.kind, "old")) {
            problems.push(format!(
                "{}: the consumer does not compile against the old SDK:\n{}",
                pair.kind,
                first(messages)
            ));
        }
        let new_failed = failed.get(&module_name(&pair.kind, "new"));
        if let Some((_, why)) = COMPILES_BUT_BREAKS
            .iter()
            .find(|(kind, _)| *kind == pair.kind)
        {
            if !pair.rust_breaking || new_failed.is_some() {
                problems.push(format!(
                    "{}: listed in COMPILES_BUT_BREAKS ({why}), but the diff says {} and old code {}",
                    pair.kind,
                    if pair.rust_breaking { "Rust-breaking" } else { "Rust-compatible" },
                    if new_failed.is_some() { "does not compile" } else { "compiles" },
                ));
            }
            continue;
        }
        match (pair.rust_breaking, new_failed) {
            (true, None) => problems.push(format!(
                "{}: the diff says Rust-breaking, but old code compiles against the new SDK",
                pair.kind
            )),
            (false, Some(messages)) => problems.push(format!(
                "{}: the diff says Rust-compatible, but old code does not compile against the new SDK:\n{}",
                pair.kind,
                first(messages)
            )),
            _ => {}
        }
    }
    eprintln!(
        "{} pairs: generated in {:.1?}, checked in {:.1?} ({passes} cargo check runs), {} Rust-breaking",
        pairs.len(),
        generated,
        started.elapsed() - generated,
        pairs.iter().filter(|p| p.rust_breaking).count()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
