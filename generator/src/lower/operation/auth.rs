//! Security: which credential the client sends, for the API and for each operation.

use super::Lowerer;
use crate::diag::{Diagnostic, Origin};
use crate::ir::Auth;
use crate::spec::{self, Document, RefOr, SecurityScheme};

/// The client's credential style: the scheme of the first requirement anywhere in the
/// document (its own `security`, then the operations') that names a defined scheme (or
/// an undefined one whose name says it, see [`implied_by_name`]).
pub(in crate::lower) fn auth(lowerer: &mut Lowerer<'_>, document: &Document) -> Option<Auth> {
    let requirements: Vec<String> = document
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
        .filter_map(|requirement| requirement.keys().next().cloned())
        .collect();
    // Undefined schemes are reported where operations use them.
    requirements.iter().find_map(|requirement| {
        match scheme_auth(lowerer, document, requirement) {
            Ok(auth) => Some(auth),
            Err(Undefined) => implied_by_name(requirement).map(Some),
        }
    })?
}

/// How the operation authenticates: its own `security` (an empty list means none), else
/// the document's; the first scheme of the first requirement that names a defined scheme
/// is used. A requirement naming an undefined scheme is skipped (W0309).
pub(super) fn operation_auth(
    lowerer: &mut Lowerer<'_>,
    document: &Document,
    operation: &spec::Operation,
    operation_origin: &Origin,
) -> Option<Auth> {
    let (requirements, written_at) = match &operation.security {
        Some(requirements) => (requirements, operation_origin.child("security")),
        None => (
            document.security.as_ref()?,
            lowerer.root_origin().child("security"),
        ),
    };
    for (index, requirement) in requirements.iter().enumerate() {
        let Some(name) = requirement.keys().next() else {
            continue;
        };
        match scheme_auth(lowerer, document, name) {
            Ok(auth) => return auth,
            Err(Undefined) => {
                let uses = lowerer
                    .undefined_schemes
                    .entry(name.clone())
                    .or_insert_with(|| (written_at.child(index.to_string()), 0));
                uses.1 += 1;
                if let Some(auth) = implied_by_name(name) {
                    return Some(auth);
                }
            }
        }
    }
    None
}

/// The credential an undefined scheme's name spells out (`bearer`, `BearerAuth`,
/// `basic_auth`): specs that forgot `components/securitySchemes` still say how the
/// API authenticates.
fn implied_by_name(name: &str) -> Option<Auth> {
    let lower = name.to_ascii_lowercase();
    if lower.contains("bearer") {
        Some(Auth::Bearer)
    } else if lower.contains("basic") {
        Some(Auth::Basic)
    } else {
        None
    }
}

/// One warning (W0309) per undefined scheme, at its first use, with how often it is
/// named and what was assumed.
pub(in crate::lower) fn report_undefined_schemes(lowerer: &mut Lowerer<'_>) {
    let undefined = std::mem::take(&mut lowerer.undefined_schemes);
    for (name, (first, uses)) in undefined {
        let times = match uses {
            1 => String::new(),
            uses => format!(" (named by {uses} requirements)"),
        };
        let reading = match implied_by_name(&name) {
            Some(Auth::Basic) => "it is read as HTTP basic authentication, as its name says",
            Some(_) => "it is read as an HTTP bearer token, as its name says",
            None => "requirements naming it are skipped",
        };
        lowerer.diagnostics.push(
            Diagnostic::warning(
                "W0309",
                &first,
                format!("security scheme `{name}` is not defined{times}; {reading}"),
            )
            .help("add it under `components/securitySchemes`, or remove the requirements"),
        );
    }
}

/// A security requirement names a scheme `components/securitySchemes` does not define.
struct Undefined;

/// The credential style of the security scheme `requirement`.
fn scheme_auth(
    lowerer: &mut Lowerer<'_>,
    document: &Document,
    requirement: &str,
) -> Result<Option<Auth>, Undefined> {
    let requirement = requirement.to_string();
    let origin = lowerer
        .root_origin()
        .child("components")
        .child("securitySchemes")
        .child(&requirement);
    let scheme = match document.components.security_schemes.get(&requirement) {
        Some(RefOr::Item(scheme)) => scheme.clone(),
        Some(RefOr::Ref(reference)) => {
            let Ok(resolved) = lowerer.loaded.resolve(&origin, &reference.reference) else {
                return Ok(None);
            };
            let Ok(scheme) = serde_json::from_value(resolved.1) else {
                return Ok(None);
            };
            scheme
        }
        None => return Err(Undefined),
    };
    Ok(match scheme {
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
    })
}
