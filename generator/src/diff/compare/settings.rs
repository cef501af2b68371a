//! What is not an operation or a type: servers, `x-rust-sdk`, the runtime items the crate
//! root exports, and the `ErrorBody` enum.

use super::super::Kind;
use super::super::message::{code, msg};
use super::super::version::Level;
use super::Comparer;
use super::rules::{rust_adds, rust_breaks, rust_same, wire_breaks, wire_ok};
use crate::diag::Origin;
use crate::ir::TypeRef;

pub(super) fn compare(comparer: &mut Comparer<'_>) {
    servers(comparer);
    sdk_settings(comparer);
    runtime_surface(comparer);
    error_bodies(comparer);
}

fn servers(comparer: &mut Comparer<'_>) {
    let (old, new) = (&comparer.old.api, &comparer.new.api);
    let server_origin = |side: &super::Side, servers: &[String], url: &str| {
        let root = side.root().child("servers");
        match servers.iter().position(|s| s == url) {
            Some(index) => root.child(index.to_string()),
            None => side.nearest(&root),
        }
    };
    let mut found = Vec::new();
    for url in &old.servers {
        if !new.servers.contains(url) {
            let default = old.default_base_url.as_deref() == Some(url.as_str());
            found.push((
                Kind::ServerRemoved,
                url.clone(),
                if default {
                    wire_breaks(msg!("it is the old clients' default base URL"))
                } else {
                    wire_ok(msg!("old clients call it only when configured to"))
                },
            ));
        }
    }
    for url in &new.servers {
        if !old.servers.contains(url) {
            found.push((
                Kind::ServerAdded,
                url.clone(),
                wire_ok(msg!("old clients keep the servers they know")),
            ));
        }
    }
    let old_servers = old.servers.clone();
    let new_servers = new.servers.clone();
    let (old_default, new_default) = (old.default_base_url.clone(), new.default_base_url.clone());
    for (kind, url, wire) in found {
        let origins = (
            server_origin(comparer.old, &old_servers, &url),
            server_origin(comparer.new, &new_servers, &url),
        );
        comparer.push(
            kind,
            msg!("server ", code(url)),
            if kind == Kind::ServerAdded {
                msg!("added")
            } else {
                msg!("removed")
            },
            wire,
            rust_same(msg!("the servers are not part of the Rust API")),
            origins.0,
            origins.1,
        );
    }
    if old_default != new_default {
        let show = |url: &Option<String>| url.clone().unwrap_or_else(|| "none".to_string());
        let still_served = old_default
            .as_ref()
            .is_some_and(|url| new_servers.contains(url));
        comparer.push(
            Kind::DefaultBaseUrlChanged,
            msg!("the default base URL"),
            msg!(code(show(&old_default)), " → ", code(show(&new_default))),
            if still_served || old_default.is_none() {
                wire_ok(msg!(
                    "old clients keep calling a server the spec still lists"
                ))
            } else {
                wire_breaks(msg!("old clients keep calling the old URL by default"))
            },
            rust_same(msg!(code("DEFAULT_BASE_URL"), " keeps its type")),
            server_origin(comparer.old, &old_servers, &show(&old_default)),
            server_origin(comparer.new, &new_servers, &show(&new_default)),
        );
    }
}

fn sdk_settings(comparer: &mut Comparer<'_>) {
    let (old, new) = (
        comparer.old.api.settings.clone(),
        comparer.new.api.settings.clone(),
    );
    let origin =
        |side: &super::Side, key: &str| side.nearest(&side.root().child("x-rust-sdk").child(key));
    if old.crate_name != new.crate_name {
        comparer.push(
            Kind::CrateRenamed,
            msg!("the crate"),
            msg!(
                "renamed ",
                code(old.crate_name.clone()),
                " → ",
                code(new.crate_name.clone())
            ),
            wire_ok(msg!("the crate name is not on the wire")),
            rust_breaks(msg!(
                "paths starting with ",
                code(old.library_name.clone()),
                " no longer resolve"
            )),
            origin(comparer.old, "crate-name"),
            origin(comparer.new, "crate-name"),
        );
    }
    // The variables matter only to an API that authenticates.
    let authenticates = |side: &super::Side| {
        side.runtime_surface
            .iter()
            .any(|item| item == "API_KEY_ENV")
    };
    if old.api_key_env != new.api_key_env
        && authenticates(comparer.old)
        && authenticates(comparer.new)
    {
        let dropped: Vec<String> = (old.api_key_env.iter())
            .filter(|name| !new.api_key_env.contains(name))
            .cloned()
            .collect();
        let mut rust = rust_same(msg!(code("API_KEY_ENV"), " keeps its type"));
        if !dropped.is_empty() {
            rust.reason = msg!(
                "the code compiles, but deployments that set ",
                code(dropped.join(", ")),
                " must set another variable: a breaking change for semver"
            );
            rust.level = Level::Breaking;
        }
        comparer.push(
            Kind::ApiKeyEnvChanged,
            msg!("the API key variables"),
            msg!(
                code(old.api_key_env.join(", ")),
                " → ",
                code(new.api_key_env.join(", "))
            ),
            wire_ok(msg!("the environment is not on the wire")),
            rust,
            origin(comparer.old, "api-key-env"),
            origin(comparer.new, "api-key-env"),
        );
    }
    if old.base_url_env != new.base_url_env {
        let show = |name: &Option<String>| name.clone().unwrap_or_else(|| "none".to_string());
        let mut rust = rust_same(msg!(code("BASE_URL_ENV"), " keeps its type"));
        if old.base_url_env.is_some() {
            rust.reason = msg!(
                "the code compiles, but deployments that set ",
                code(show(&old.base_url_env)),
                " must set another variable: a breaking change for semver"
            );
            rust.level = Level::Breaking;
        }
        comparer.push(
            Kind::BaseUrlEnvChanged,
            msg!("the base URL variable"),
            msg!(
                code(show(&old.base_url_env)),
                " → ",
                code(show(&new.base_url_env))
            ),
            wire_ok(msg!("the environment is not on the wire")),
            rust,
            origin(comparer.old, "base-url-env"),
            origin(comparer.new, "base-url-env"),
        );
    }
}

fn runtime_surface(comparer: &mut Comparer<'_>) {
    let (old, new) = (
        comparer.old.runtime_surface.clone(),
        comparer.new.runtime_surface.clone(),
    );
    let (old_root, new_root) = (comparer.old.root(), comparer.new.root());
    for item in old.iter().filter(|item| !new.contains(item)) {
        comparer.push(
            Kind::RuntimeItemRemoved,
            msg!("runtime item ", code(item.clone())),
            msg!("no longer generated: the API stopped using it"),
            wire_ok(msg!("it is client code")),
            rust_breaks(msg!(code(item.clone()), " is gone")),
            old_root.clone(),
            new_root.clone(),
        );
    }
    for item in new.iter().filter(|item| !old.contains(item)) {
        comparer.push(
            Kind::RuntimeItemAdded,
            msg!("runtime item ", code(item.clone())),
            msg!("now generated: the API uses it"),
            wire_ok(msg!("it is client code")),
            rust_adds(msg!("a new public item")),
            old_root.clone(),
            new_root.clone(),
        );
    }
}

fn error_bodies(comparer: &mut Comparer<'_>) {
    let old: Vec<(String, Origin)> = (comparer.old.api.error_bodies.iter())
        .map(|v| (v.name.rust.clone(), type_origin(comparer.old, &v.ty)))
        .collect();
    let new: Vec<(String, Origin)> = (comparer.new.api.error_bodies.iter())
        .map(|v| (v.name.rust.clone(), type_origin(comparer.new, &v.ty)))
        .collect();
    let (old_root, new_root) = (comparer.old.root(), comparer.new.root());
    for (name, origin) in &old {
        if !new.iter().any(|(n, _)| n == name) {
            comparer.push(
                Kind::ErrorBodyRemoved,
                msg!("error body ", code(format!("ErrorBody::{name}"))),
                msg!("removed: no operation declares it any more"),
                wire_ok(msg!("old clients get the error without its typed body")),
                rust_breaks(msg!(
                    "the variant ",
                    code(format!("ErrorBody::{name}")),
                    " is gone"
                )),
                origin.clone(),
                new_root.clone(),
            );
        }
    }
    for (name, origin) in &new {
        if !old.iter().any(|(n, _)| n == name) {
            comparer.push(
                Kind::ErrorBodyAdded,
                msg!("error body ", code(format!("ErrorBody::{name}"))),
                msg!("added"),
                wire_ok(msg!("old clients get the error without its typed body")),
                rust_adds(msg!("a new variant: `ErrorBody` is `#[non_exhaustive]`")),
                old_root.clone(),
                origin.clone(),
            );
        }
    }
}

fn type_origin(side: &super::Side, ty: &TypeRef) -> Origin {
    match ty {
        TypeRef::Named(id) => side.api.types[id.0].origin.clone(),
        _ => side.root(),
    }
}
