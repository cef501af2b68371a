//! Names of the tests `--with-tests` generates: one or two calls per operation (its
//! required parameters; every parameter, when some are optional) and a round trip per
//! type example, all claimed in the one namespace of the tests file.

use super::naming::{self, Namespace};
use crate::ir::{Group, Operation, TypeDef};

/// Names every generated test, in the order the tests file lists them.
pub(super) fn name_tests(
    groups: &mut [Group],
    client_operations: &mut [Operation],
    types: &mut [TypeDef],
) {
    let mut names = Namespace::for_tests();
    for Group {
        name, operations, ..
    } in groups.iter_mut()
    {
        for operation in operations {
            name_operation_tests(operation, Some(&name.rust), &mut names);
        }
    }
    for operation in client_operations {
        name_operation_tests(operation, None, &mut names);
    }
    // A multipart form has no serde impls: nothing to round-trip.
    let round_trips = types.iter_mut().filter(|t| {
        t.example.is_some()
            && !matches!(
                t.kind,
                crate::ir::TypeKind::Struct {
                    multipart: true,
                    ..
                }
            )
    });
    for type_def in round_trips {
        let base = naming::round_trip_test(&type_def.name.rust);
        type_def.round_trip_test = Some(names.claim(&base, ""));
    }
}

fn name_operation_tests(operation: &mut Operation, group: Option<&str>, names: &mut Namespace) {
    let method = &operation.name.rust;
    let required = naming::operation_test(group, method, false);
    let has_optional = operation.params.iter().any(|p| !p.required)
        || operation.body.as_ref().is_some_and(|b| !b.required);
    let all = has_optional.then(|| naming::operation_test(group, method, true));
    operation.tests.required_params = names.claim(&required, "");
    operation.tests.all_params = all.map(|all| names.claim(&all, ""));
}
