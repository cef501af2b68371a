//! Cursor pagination detected where the spec does not declare it (W0311), and
//! `x-pagination: false` opting out.

use std::path::Path;

#[test]
fn cursor_pagination_is_detected_and_can_be_refused() {
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/warn/pagination-detected.yaml");
    let (api, warnings) = generator::Config::new().spec(spec).lower().expect("lowers");
    let operations: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
    let find = |id: &str| {
        operations
            .iter()
            .find(|op| op.name.original == id)
            .unwrap_or_else(|| panic!("{id} is an operation"))
    };
    let detected = find("listEvents")
        .pagination
        .as_ref()
        .expect("listEvents pages");
    assert_eq!(detected.page_token_param, "page_token");
    assert_eq!(detected.next_token_field, "next_page_token");
    assert_eq!(detected.items_field, "events");
    assert_eq!(detected.items_method, "list_all");
    assert!(find("listArchivedEvents").pagination.is_none(), "opted out");
    assert!(find("search").pagination.is_none(), "two arrays: no guess");
    let codes: Vec<_> = warnings
        .iter()
        .map(|w| (w.code, w.origin.pointer.as_str()))
        .collect();
    assert_eq!(codes, [("W0311", "#/paths/~1events/get")], "{warnings}");
}
