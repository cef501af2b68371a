//! Operations → groups (by their most specific tag) and client methods; every method name of a group
//! (operations first, then their helpers) is claimed here.

use std::collections::BTreeMap;

use super::Lowerer;
use crate::ir::{Docs, Group, Name, Operation};
use crate::lower::naming::{self, Namespace};
use crate::spec::Document;

/// A lowered operation waiting for its group.
pub(super) struct Pending {
    /// The tag that names the group ([`naming::primary_tag`]), if any.
    pub group: Option<String>,
    /// The id the method name comes from (the operation id, or its short form).
    pub name_id: String,
    /// The operation, its method name not yet claimed.
    pub operation: Operation,
}

/// Groups in order of first appearance, and the untagged operations; handles,
/// accessors and methods get their names here.
pub(super) fn group(
    lowerer: &mut Lowerer<'_>,
    document: &Document,
    pending: Vec<Pending>,
) -> (Vec<Group>, Vec<Operation>) {
    let mut client_methods = Namespace::for_client_methods();
    let tag_docs: BTreeMap<&str, Option<String>> = document
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.description.clone()))
        .collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut group_methods: Vec<Namespace> = Vec::new();
    let mut client_operations = Vec::new();
    for Pending {
        group,
        name_id,
        mut operation,
    } in pending
    {
        let Some(tag) = group else {
            if operation.name.rust.is_empty() {
                operation.name.rust = naming::client_method(&name_id);
            }
            client_operations.push(operation);
            continue;
        };
        let index = match groups.iter().position(|g| g.name.original == tag) {
            Some(index) => index,
            None => {
                let docs = tag_docs.get(tag.as_str()).cloned().flatten();
                groups.push(new_group(lowerer, &mut client_methods, &tag, docs));
                group_methods.push(Namespace::for_group_methods());
                groups.len() - 1
            }
        };
        let base = match operation.name.rust.as_str() {
            overridden if !overridden.is_empty() => overridden.to_string(),
            _ => naming::method_name(&name_id, &tag),
        };
        operation.name.rust = group_methods[index].claim(&base, "");
        groups[index].operations.push(operation);
    }
    // Helper methods take what the operations left, so adding a helper never renames an
    // operation.
    for (group, methods) in groups.iter_mut().zip(&mut group_methods) {
        for operation in &mut group.operations {
            claim_helpers(operation, methods);
        }
    }
    name_client_operations(&groups, &mut client_operations);
    let mut features = naming::Features::default();
    for group in &mut groups {
        group.feature = features.claim(&group.name.rust);
    }
    (groups, client_operations)
}

/// A new, empty group for `tag`: its accessor on the client and its handle type.
fn new_group(
    lowerer: &mut Lowerer<'_>,
    client_methods: &mut Namespace,
    tag: &str,
    description: Option<String>,
) -> Group {
    let (accessor, handle) = naming::claim_group(tag, client_methods, &mut lowerer.type_names);
    Group {
        name: Name {
            original: tag.to_string(),
            rust: accessor,
        },
        handle,
        // Named once every group is known (see `group`).
        feature: String::new(),
        docs: Docs {
            summary: description.as_deref().and_then(first_sentence),
            description,
            deprecated: false,
        },
        operations: Vec::new(),
    }
}

/// The first sentence of the first paragraph of `text`, on one line: the summary of a
/// group (its accessor's doc). A paragraph without a sentence end is taken whole.
fn first_sentence(text: &str) -> Option<String> {
    let paragraph = text
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if paragraph.is_empty() {
        return None;
    }
    // A period ends the sentence when followed by a space and not part of an abbreviation
    // or inside inline code.
    let mut in_code = false;
    for (index, c) in paragraph.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' | '!' | '?' if !in_code => {
                let after = &paragraph[index + 1..];
                let before = &paragraph[..index];
                let word = before.rsplit(' ').next().unwrap_or("");
                let abbreviation = ["e.g", "i.e", "etc", "vs", "cf"]
                    .iter()
                    .any(|short| word.eq_ignore_ascii_case(short));
                if after.starts_with(' ') && !abbreviation {
                    return Some(paragraph[..=index].to_string());
                }
            }
            _ => {}
        }
    }
    Some(paragraph)
}

/// Names the untagged operations, methods of the client beside its own methods and the
/// group accessors, then their helpers.
fn name_client_operations(groups: &[Group], client_operations: &mut [Operation]) {
    let mut names = Namespace::for_client_methods();
    for operation in client_operations.iter_mut() {
        let base = if operation.name.rust.is_empty() {
            naming::client_method(&operation.name.original)
        } else {
            operation.name.rust.clone()
        };
        operation.name.rust = names.claim(&base, "");
        // Group accessors live on the client too.
        if groups.iter().any(|g| g.name.rust == operation.name.rust) {
            operation.name.rust = names.claim(&naming::client_method_beside_accessor(&base), "");
        }
    }
    for group in groups {
        names.reserve(&group.name.rust);
    }
    for operation in client_operations.iter_mut() {
        claim_helpers(operation, &mut names);
    }
}

/// Names the helper methods of an operation: the `_stream` variant of a binary response,
/// the pagers and the waiter.
fn claim_helpers(operation: &mut Operation, methods: &mut Namespace) {
    let name = operation.name.rust.clone();
    if operation.success.body == crate::ir::ResponseBody::Binary {
        operation.stream_method = Some(methods.claim(&naming::stream_method(&name), ""));
    }
    if let Some(pagination) = &mut operation.pagination {
        pagination.pages_method = methods.claim(&naming::pages_method(&name), "");
        pagination.items_method = methods.claim(&naming::items_method(&name), "");
    }
    if let Some(wait) = &mut operation.wait {
        wait.method = methods.claim(&wait.method, "");
    }
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn summaries_are_whole_sentences() {
        assert_eq!(
            first_sentence("Run one job per file and track the\nbatch until done. Then more.")
                .as_deref(),
            Some("Run one job per file and track the batch until done.")
        );
        assert_eq!(
            first_sentence("No period here\n\nSecond paragraph.").as_deref(),
            Some("No period here")
        );
        assert_eq!(
            first_sentence("Uses `a. b` and e.g. this. Next.").as_deref(),
            Some("Uses `a. b` and e.g. this.")
        );
        assert_eq!(first_sentence("  \n "), None);
    }
}
