//! `api.md`: the API reference, one section per operation, in the shape of the
//! LlamaCloud reference pages: the Rust call, HTTP method and path, every parameter
//! (nested body fields included), the returned type and its fields, a compiling Rust
//! example and an example response.

use askama::Template;

use crate::emit::Emitter;
use crate::escape::{self, Markdown};
use crate::ir::{Api, Docs, Operation, ParamLocation, ResponseBody, TypeKind, TypeRef};
use crate::{Error, md};

/// One row of a parameters or fields table.
struct Row {
    name: Markdown,
    location: Markdown,
    ty: Markdown,
    required: bool,
    description: Markdown,
}

/// One operation. Every text is [`Markdown`]: spec text escaped for it, or the
/// generator's own.
struct Section {
    title: Markdown,
    call: Markdown,
    request: Markdown,
    description: Markdown,
    deprecated: bool,
    parameters: Vec<Row>,
    returns: Markdown,
    return_fields: Vec<Row>,
    example: Markdown,
    response: Option<Markdown>,
}

#[derive(Template)]
#[template(path = "api.md.j2", escape = "none")]
struct Reference {
    header: String,
    title: Markdown,
    crate_name: Markdown,
    sections: Vec<Section>,
}

/// Renders `api.md`.
pub fn api_reference(emitter: &Emitter<'_>, header: &str) -> Result<String, Error> {
    let api = emitter.api;
    let operations = api
        .operations_with_groups()
        .map(|(group, op)| (group.map(|g| g.name.rust.as_str()), op));
    let mut sections = Vec::new();
    let mut fields = FieldTexts::default();
    for (group, op) in operations {
        sections.push(section(api, emitter, group, op, &mut fields)?);
    }
    Reference {
        header: escape::html_comment(header),
        title: Markdown::line(&api.info.title),
        crate_name: Markdown::code(&api.settings.crate_name),
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
    texts: &mut FieldTexts,
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
            name: Markdown::code(&param.name.rust),
            location: Markdown::lit(location),
            ty: Markdown::code(&emitter.type_text(&param.ty)),
            required: param.required,
            description: describe(api, &param.docs, &param.ty),
        });
    }
    if let Some(body) = &op.body {
        parameters.push(Row {
            name: Markdown::code("body"),
            location: md!("body ({})", Markdown::code(&body.media_type)),
            ty: Markdown::code(&emitter.type_text(&body.ty)),
            required: body.required,
            description: describe(api, &body.docs, &body.ty),
        });
        let mut rows = Vec::new();
        let mut walk = Walk {
            emitter,
            location: "body",
            rows: &mut rows,
            visiting: Vec::new(),
            texts,
        };
        walk.fields(&body.ty, "body");
        parameters.extend(capped(rows, "body"));
    }
    let (returns, return_fields) = match &op.success.body {
        ResponseBody::Empty => ("()".to_string(), Vec::new()),
        ResponseBody::Text => ("String".to_string(), Vec::new()),
        ResponseBody::Binary => ("Vec<u8>".to_string(), Vec::new()),
        ResponseBody::ByStatus(id) => (api.types[id.0].name.rust.clone(), Vec::new()),
        ResponseBody::Json(ty) => {
            let mut fields = Vec::new();
            let mut walk = Walk {
                emitter,
                location: "",
                rows: &mut fields,
                visiting: Vec::new(),
                texts,
            };
            walk.fields(ty, "");
            (emitter.type_text(ty), capped(fields, ""))
        }
    };
    let returns = Markdown::code(&returns);
    let example = crate::format::snippet(
        &format!("example for {}", op.name.original),
        emitter.operation_example(op, group),
    )?;
    let example = Markdown::code_block("rust,no_run", &example);
    let response = op
        .success
        .example
        .as_ref()
        .or(match &op.success.body {
            ResponseBody::Json(TypeRef::Named(id)) => api.types[id.0].example.as_ref(),
            _ => None,
        })
        .map(Markdown::json_block);
    let title = match op.docs.summary.as_deref() {
        Some(summary) => Markdown::first_paragraph(summary),
        None => Markdown::line(&op.name.original),
    };
    Ok(Section {
        title,
        call: Markdown::code(&format!("{receiver}.{}({args})", op.name.rust)),
        request: md!(
            "**{}** {}",
            Markdown::ident(&op.method),
            Markdown::code(&op.path.raw)
        ),
        description: Markdown::prose(op.docs.description.as_deref().unwrap_or_default()),
        deprecated: op.docs.deprecated,
        parameters,
        returns,
        return_fields,
        example,
        response,
    })
}

/// The most nested-field rows one table lists: fields 20 wide and 4 deep would otherwise
/// make 168,420 rows for one operation.
const MAX_ROWS: usize = 200;

/// `rows` cut to [`MAX_ROWS`], with a last row saying that more are left out.
fn capped(mut rows: Vec<Row>, location: &'static str) -> Vec<Row> {
    if rows.len() > MAX_ROWS {
        rows.truncate(MAX_ROWS);
        rows.push(Row {
            name: Markdown::lit("…"),
            location: Markdown::lit(location),
            ty: Markdown::lit(""),
            required: false,
            description: Markdown::lit(
                "More nested fields, not listed here: see the documentation of the types.",
            ),
        });
    }
    rows
}

/// The type and description cells of each struct field, by (type, field index): many
/// operations show the same structs, and the descriptions are the costly part.
type FieldTexts = std::collections::HashMap<(usize, usize), (Markdown, Markdown)>;

/// The rows of nested struct fields of one table.
struct Walk<'a, 'e> {
    emitter: &'a Emitter<'e>,
    location: &'static str,
    rows: &'a mut Vec<Row>,
    visiting: Vec<usize>,
    texts: &'a mut FieldTexts,
}

impl Walk<'_, '_> {
    /// Rows for the fields of the struct behind `ty`, recursively (dotted names); stops
    /// once there are more than [`MAX_ROWS`].
    fn fields(&mut self, ty: &TypeRef, prefix: &str) {
        let api = self.emitter.api;
        let Some(id) = struct_behind(api, ty) else {
            return;
        };
        if self.visiting.contains(&id) || self.visiting.len() >= 4 {
            return;
        }
        let TypeKind::Struct { fields, .. } = &api.types[id].kind else {
            return;
        };
        self.visiting.push(id);
        for (index, field) in fields.iter().enumerate() {
            if self.rows.len() > MAX_ROWS {
                break;
            }
            let name = if prefix.is_empty() {
                field.name.original.clone()
            } else {
                format!("{prefix}.{}", field.name.original)
            };
            let (ty, description) = self
                .texts
                .entry((id, index))
                .or_insert_with(|| {
                    (
                        Markdown::code(&self.emitter.type_text(&field.ty)),
                        describe(api, &field.docs, &field.ty),
                    )
                })
                .clone();
            self.rows.push(Row {
                name: Markdown::code(&name),
                location: Markdown::lit(self.location),
                ty,
                required: field.required,
                description,
            });
            self.fields(&field.ty, &name);
        }
        self.visiting.pop();
    }
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

/// The most enum values a parameter or field row lists (an enum of 10,000 values
/// referenced by 10,000 fields would otherwise repeat them all in every row).
const MAX_LISTED_VALUES: usize = 20;

/// The first paragraph of the docs, plus the values of an enum type (the first
/// [`MAX_LISTED_VALUES`] of them).
fn describe(api: &Api, item_docs: &Docs, ty: &TypeRef) -> Markdown {
    let type_docs = match ty {
        TypeRef::Named(id) => api.types[id.0].docs.description.as_deref(),
        _ => None,
    };
    let text = Markdown::first_paragraph(
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
                        let listed = Markdown::join(
                            variants
                                .iter()
                                .take(MAX_LISTED_VALUES)
                                .map(|v| Markdown::code(&v.original)),
                            ", ",
                        );
                        let values = match variants.len().checked_sub(MAX_LISTED_VALUES) {
                            Some(more) if more > 0 => md!(
                                "One of: {}, and {} more (see {}).",
                                listed,
                                Markdown::count(more),
                                Markdown::code(&api.types[id.0].name.rust)
                            ),
                            _ => md!("One of: {}.", listed),
                        };
                        return if text.is_empty() {
                            values
                        } else {
                            md!("{} {}", text, values)
                        };
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
