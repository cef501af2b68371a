//! Identical schemas become one type (`lower/share.rs`), on `fixtures/ok/shared-types.yaml`.

use std::path::Path;

use generator::ir::{Api, ResponseBody, TypeKind, TypeRef};

fn lowered() -> Api {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok/shared-types.yaml");
    let (api, warnings) = generator::Config::new().spec(spec).lower().expect("lowers");
    assert!(warnings.is_empty(), "{warnings}");
    api
}

/// The name of the type a reference names, through lists.
fn named(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types[id.0].name.rust.clone(),
        TypeRef::List(inner) => named(api, inner),
        other => panic!("not a named type: {other:?}"),
    }
}

/// The type of `field` in the struct `type_name`, by name.
fn field_type(api: &Api, type_name: &str, field: &str) -> String {
    let type_def = api
        .types
        .iter()
        .find(|t| t.name.rust == type_name)
        .unwrap_or_else(|| panic!("{type_name} is a type"));
    let TypeKind::Struct { fields, .. } = &type_def.kind else {
        panic!("{type_name} is a struct");
    };
    let field = fields
        .iter()
        .find(|f| f.name.rust == field)
        .unwrap_or_else(|| panic!("{type_name}.{field} is a field"));
    named(api, &field.ty)
}

#[test]
fn copies_share_one_type() {
    let api = lowered();
    let names: Vec<&str> = api.types.iter().map(|t| t.name.rust.as_str()).collect();
    assert_eq!(
        names,
        [
            "Team",
            "Signal",
            "Alarm",
            "Low",
            "High",
            "Levels",
            "Profile",
            "TeamOwner",
            "TeamOwnerAvatar",
            "CreateTeamBody",
            "RenameTeamBody",
            "SignalVariant1",
            "SignalVariant2",
            "AlarmVariant1",
            "AlarmVariant2",
            "LevelsLevel",
        ]
    );
    // Nested copies merge once their parts have; the shallower copy names the type.
    assert_eq!(field_type(&api, "Team", "owner"), "TeamOwner");
    assert_eq!(field_type(&api, "Team", "members"), "TeamOwner");
    assert_eq!(field_type(&api, "TeamOwner", "avatar"), "TeamOwnerAvatar");
    // The same enum described as its field is the same type; its description stays on the
    // field, not on the type the copies share.
    assert_eq!(field_type(&api, "Team", "level"), "LevelsLevel");
    assert_eq!(field_type(&api, "Levels", "level"), "LevelsLevel");
    assert_eq!(field_type(&api, "Team", "mood"), "LevelsLevel");
    let level = api
        .types
        .iter()
        .find(|t| t.name.rust == "LevelsLevel")
        .expect("a type");
    assert_eq!(level.docs.description, None);
    // `oneOf` members equal but for their docs stay apart: their docs say what they mean.
    let variants = |name: &str| match &api
        .types
        .iter()
        .find(|t| t.name.rust == name)
        .expect("a type")
        .kind
    {
        TypeKind::Union { variants, .. } => variants
            .iter()
            .map(|v| named(&api, &v.ty))
            .collect::<Vec<_>>(),
        other => panic!("{name} is a union: {other:?}"),
    };
    assert_eq!(variants("Signal"), ["SignalVariant1", "SignalVariant2"]);
    assert_eq!(variants("Alarm"), ["AlarmVariant1", "AlarmVariant2"]);
    // Copies of a component are the component; identical components both stay.
    assert_eq!(field_type(&api, "Levels", "profile"), "Profile");
    assert_eq!(field_type(&api, "Levels", "low"), "Low");
    assert_eq!(field_type(&api, "Levels", "high"), "High");
    // An operation's own body keeps its type; its response, a copy of a component, is it.
    let operations: Vec<_> = api.operations().collect();
    let find = |id: &str| {
        *operations
            .iter()
            .find(|op| op.name.original == id)
            .unwrap_or_else(|| panic!("{id} is an operation"))
    };
    let body = |id: &str| named(&api, &find(id).body.as_ref().expect("a body").ty);
    assert_eq!(body("createTeam"), "CreateTeamBody");
    assert_eq!(body("renameTeam"), "RenameTeamBody");
    let ResponseBody::Json(response) = &find("renameTeam").success.body else {
        panic!("renameTeam returns JSON");
    };
    assert_eq!(named(&api, response), "Profile");
}
