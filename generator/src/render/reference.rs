//! `api.md`: the API reference, one section per operation, in the shape of the
//! LlamaCloud reference pages: the Rust call, HTTP method and path, every parameter
//! (nested body fields included), the returned type and its fields, a compiling Rust
//! example and an example response.

use askama::Template;

use crate::Error;
use crate::emit::{Emitter, docs};
use crate::ir::{Api, Docs, Operation, ParamLocation, ResponseBody, TypeKind, TypeRef};

/// One row of a parameters or fields table.
struct Row {
    name: String,
    location: String,
    ty: String,
    required: bool,
    description: String,
}

struct Section {
    title: String,
    call: String,
    method: String,
    path: String,
    description: String,
    deprecated: bool,
    parameters: Vec<Row>,
    returns: String,
    return_fields: Vec<Row>,
    example: String,
    response: Option<String>,
}

#[derive(Template)]
#[template(path = "api.md.j2", escape = "none")]
struct Reference<'a> {
    header: &'a str,
    title: &'a str,
    crate_name: &'a str,
    sections: Vec<Section>,
}

/// Renders `api.md`.
pub fn api_reference(emitter: &Emitter<'_>, header: &str) -> Result<String, Error> {
    let api = emitter.api;
    let operations = api
        .operations_with_groups()
        .map(|(group, op)| (group.map(|g| g.name.rust.as_str()), op));
    let mut sections = Vec::new();
    for (group, op) in operations {
        sections.push(section(api, emitter, group, op)?);
    }
    Reference {
        header,
        title: &api.info.title,
        crate_name: &api.settings.crate_name,
        sections,
    }
    .render()
    .map(|mut text| {
        text.push('\n');
        text
    })
    .map_err(Error::Template)
}

fn section(
    api: &Api,
    emitter: &Emitter<'_>,
    group: Option<&str>,
    op: &Operation,
) -> Result<Section, Error> {
    let receiver = group.map_or("client".to_string(), |g| format!("client.{g}()"));
    let args = if op.params_type.is_some() {
        "params"
    } else {
        ""
    };
    let mut parameters = Vec::new();
    for param in &op.params {
        let location = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        parameters.push(Row {
            name: param.name.rust.clone(),
            location: location.to_string(),
            ty: emitter.type_text(&param.ty),
            required: param.required,
            description: describe(api, &param.docs, &param.ty),
        });
    }
    if let Some(body) = &op.body {
        parameters.push(Row {
            name: "body".to_string(),
            location: format!("body (`{}`)", body.media_type),
            ty: emitter.type_text(&body.ty),
            required: body.required,
            description: describe(api, &body.docs, &body.ty),
        });
        nested_fields(
            emitter,
            &body.ty,
            "body",
            "body",
            &mut parameters,
            &mut Vec::new(),
        );
    }
    let (returns, return_fields) = match &op.success.body {
        ResponseBody::Empty => ("()".to_string(), Vec::new()),
        ResponseBody::Text => ("String".to_string(), Vec::new()),
        ResponseBody::Binary => ("Vec<u8>".to_string(), Vec::new()),
        ResponseBody::ByStatus(id) => (api.types[id.0].name.rust.clone(), Vec::new()),
        ResponseBody::Json(ty) => {
            let mut fields = Vec::new();
            nested_fields(emitter, ty, "", "", &mut fields, &mut Vec::new());
            (emitter.type_text(ty), fields)
        }
    };
    let example = crate::format::snippet(
        &format!("example for {}", op.name.original),
        emitter.operation_example(op, group),
    )?;
    let response = op
        .success
        .example
        .as_ref()
        .or(match &op.success.body {
            ResponseBody::Json(TypeRef::Named(id)) => api.types[id.0].example.as_ref(),
            _ => None,
        })
        .and_then(|value| serde_json::to_string_pretty(value).ok());
    let title = op
        .docs
        .summary
        .clone()
        .unwrap_or_else(|| op.name.original.clone());
    Ok(Section {
        title: one_line(&title),
        call: format!("{receiver}.{}({args})", op.name.rust),
        method: op.method.clone(),
        path: op.path.raw.clone(),
        description: op
            .docs
            .description
            .as_deref()
            .map(|d| docs::sanitize(d).join("\n"))
            .unwrap_or_default(),
        deprecated: op.docs.deprecated,
        parameters,
        returns,
        return_fields,
        example,
        response,
    })
}

/// Rows for the fields of the struct behind `ty`, recursively (dotted names).
fn nested_fields(
    emitter: &Emitter<'_>,
    ty: &TypeRef,
    prefix: &str,
    location: &str,
    rows: &mut Vec<Row>,
    visiting: &mut Vec<usize>,
) {
    let api = emitter.api;
    let Some(id) = struct_behind(api, ty) else {
        return;
    };
    if visiting.contains(&id) || visiting.len() >= 4 {
        return;
    }
    let TypeKind::Struct { fields, .. } = &api.types[id].kind else {
        return;
    };
    visiting.push(id);
    for field in fields {
        let name = if prefix.is_empty() {
            field.name.original.clone()
        } else {
            format!("{prefix}.{}", field.name.original)
        };
        rows.push(Row {
            name: name.clone(),
            location: location.to_string(),
            ty: emitter.type_text(&field.ty),
            required: field.required,
            description: describe(api, &field.docs, &field.ty),
        });
        nested_fields(emitter, &field.ty, &name, location, rows, visiting);
    }
    visiting.pop();
}

/// The struct a type reference leads to through aliases, options and lists.
fn struct_behind(api: &Api, ty: &TypeRef) -> Option<usize> {
    let mut current = ty;
    for _ in 0..16 {
        match current {
            TypeRef::Named(id) => match &api.types[id.0].kind {
                TypeKind::Struct { .. } => return Some(id.0),
                TypeKind::Alias(inner) => current = inner,
                _ => return None,
            },
            TypeRef::List(inner) | TypeRef::Nullable(inner) => current = inner,
            _ => return None,
        }
    }
    None
}

/// The first line of the docs, plus the values of an enum type.
fn describe(api: &Api, item_docs: &Docs, ty: &TypeRef) -> String {
    let type_docs = match ty {
        TypeRef::Named(id) => api.types[id.0].docs.description.as_deref(),
        _ => None,
    };
    let mut text = one_line(
        item_docs
            .description
            .as_deref()
            .or(item_docs.summary.as_deref())
            .or(type_docs)
            .unwrap_or(""),
    );
    let mut current = ty;
    for _ in 0..8 {
        match current {
            TypeRef::List(inner) | TypeRef::Nullable(inner) => current = inner,
            TypeRef::Named(id) => {
                match &api.types[id.0].kind {
                    TypeKind::StringEnum { variants } => {
                        let values: Vec<String> =
                            variants.iter().map(|v| docs::code(&v.original)).collect();
                        if !text.is_empty() {
                            text.push(' ');
                        }
                        text.push_str(&format!("One of: {}.", values.join(", ")));
                    }
                    TypeKind::Alias(inner) => {
                        current = inner;
                        continue;
                    }
                    _ => {}
                }
                break;
            }
            _ => break,
        }
    }
    text
}

/// The first paragraph of a description, on one line (for a table cell).
fn one_line(text: &str) -> String {
    let paragraph: Vec<String> = docs::sanitize(text)
        .into_iter()
        .take_while(|line| !line.trim().is_empty() && !line.starts_with("```"))
        .map(|line| line.trim().to_string())
        .collect();
    paragraph.join(" ").replace('|', "\\|")
}
