//! Security: which credential the client sends, for the API and for each operation.

use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::Auth;
use crate::spec::{self, Document, RefOr, SecurityScheme};

/// The client's credential style: the scheme of the first requirement anywhere in the
/// document (its own `security`, then the operations').
pub(in crate::lower) fn auth(lowerer: &mut Lowerer<'_>, document: &Document) -> Option<Auth> {
    let requirement: String = document
        .security
        .iter()
        .flatten()
        .chain(document.paths.values().flat_map(|item| {
            match item {
                RefOr::Item(item) => item
                    .operations()
                    .filter_map(|(_, op)| op.security.as_ref())
                    .flatten()
                    .collect::<Vec<_>>(),
                RefOr::Ref(_) => Vec::new(),
            }
        }))
        .find_map(|requirement| requirement.keys().next().cloned())?;
    scheme_auth(lowerer, document, &requirement)
}

/// How the operation authenticates: its own `security` (an empty list means none), else
/// the document's; the first scheme of the first requirement is used.
pub(super) fn operation_auth(
    lowerer: &mut Lowerer<'_>,
    document: &Document,
    operation: &spec::Operation,
) -> Option<Auth> {
    let requirements = operation.security.as_ref().or(document.security.as_ref())?;
    let requirement = requirements.iter().find_map(|r| r.keys().next().cloned())?;
    scheme_auth(lowerer, document, &requirement)
}

/// The credential style of the security scheme `requirement`.
fn scheme_auth(lowerer: &mut Lowerer<'_>, document: &Document, requirement: &str) -> Option<Auth> {
    let requirement = requirement.to_string();
    let origin = lowerer
        .root_origin()
        .child("components")
        .child("securitySchemes")
        .child(&requirement);
    let scheme = match document.components.security_schemes.get(&requirement) {
        Some(RefOr::Item(scheme)) => scheme.clone(),
        Some(RefOr::Ref(reference)) => {
            let resolved = lowerer.loaded.resolve(&origin, &reference.reference).ok()?;
            serde_json::from_value(resolved.1).ok()?
        }
        None => {
            lowerer.error(
                Diagnostic::error(
                    "E0309",
                    &lowerer.root_origin().child("security"),
                    format!("security scheme `{requirement}` is not defined"),
                )
                .help("add it under `components/securitySchemes`"),
            );
            return None;
        }
    };
    match scheme {
        SecurityScheme::Http { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some(Auth::Basic)
        }
        SecurityScheme::Http { .. }
        | SecurityScheme::OAuth2 { .. }
        | SecurityScheme::OpenIdConnect { .. } => Some(Auth::Bearer),
        SecurityScheme::ApiKey { name, location, .. } => match location.as_str() {
            "header" => Some(Auth::Header(name)),
            "query" => Some(Auth::Query(name)),
            _ => {
                lowerer.diagnostics.push(
                    Diagnostic::warning("W0301", &origin, format!("API keys in a {location} are not supported; the client sends no credentials"))
                        .help("set the credential with a default header on the client builder"),
                );
                None
            }
        },
        SecurityScheme::MutualTls { .. } => None,
    }
}
