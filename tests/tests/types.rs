//! Wire round trips of the generated Batches types.

use llama_cloud::{BatchResponse, BatchStatus, WebhookEvent};
use serde_json::json;

#[test]
fn batch_response_round_trips_with_date_times_and_nulls() {
    let wire = json!({
        "id": "bat-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "project_id": "prj-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "source_directory_id": "dir-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
        "status": "COMPLETED",
        "created_at": "2019-12-27T18:11:19.117Z",
        "results": [{
            "source_directory_file_id": "dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "job_reference": {"type": "parse_v2", "id": "pjb-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"},
            "error_message": "boom"
        }]
    });
    let batch: BatchResponse = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(batch.status, BatchStatus::Completed);
    assert_eq!(batch.updated_at, None);
    assert_eq!(serde_json::to_value(&batch).expect("encodes"), wire);
}

#[test]
fn unknown_enum_values_decode_and_encode_back_unchanged() {
    let status: BatchStatus = serde_json::from_value(json!("PAUSED")).expect("decodes");
    assert_eq!(status, BatchStatus::Unknown("PAUSED".to_string()));
    assert_eq!(
        serde_json::to_value(&status).expect("encodes"),
        json!("PAUSED")
    );
    let error = serde_json::from_str::<BatchStatus>("5").expect_err("not a string");
    assert!(error.to_string().contains("expected a string"), "{error}");
    let escaped: BatchStatus = serde_json::from_str(r#""RUNN\u0049NG""#).expect("decodes");
    assert_eq!(escaped, BatchStatus::Running);
    let event: WebhookEvent = serde_json::from_value(json!("batch.cancelled")).expect("decodes");
    assert_eq!(event, WebhookEvent::BatchCancelled);
    assert_eq!(event.as_str(), "batch.cancelled");
}

// The generated `Deserialize` impls (`runtime::FromMap`): the same results as serde's
// derive on everything JSON can say.

#[test]
fn a_missing_required_field_is_serdes_missing_field_error() {
    let mut wire = json!({
        "id": "bat-1",
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-1"}},
        "status": "RUNNING"
    });
    assert!(serde_json::from_value::<BatchResponse>(wire.clone()).is_ok());
    wire.as_object_mut()
        .expect("an object")
        .remove("source_directory_id");
    let error = serde_json::from_value::<BatchResponse>(wire).expect_err("a field is missing");
    assert_eq!(error.to_string(), "missing field `source_directory_id`");
}

#[test]
fn a_non_object_is_refused_with_the_type_name() {
    let error = serde_json::from_str::<BatchResponse>("[1, 2]").expect_err("not an object");
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected struct BatchResponse"),
        "{error}"
    );
    let error = serde_json::from_str::<BatchResponse>(r#"{"id": 5}"#).expect_err("id is a string");
    assert!(
        error
            .to_string()
            .starts_with("invalid type: integer `5`, expected a string"),
        "{error}"
    );
}

#[test]
fn escaped_keys_unknown_fields_and_repeated_fields_decode() {
    // `\u0069d` is `id`: a key with an escape cannot be borrowed from the input.
    let text = r#"{
        "\u0069d": "first", "project_id": "prj-1", "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-1", "extra": [1, {"a": null}]}},
        "status": "RUNNING", "unknown": {"deep": [true, 1.5, null]}, "id": "second"
    }"#;
    let batch: BatchResponse = serde_json::from_str(text).expect("decodes");
    assert_eq!(batch.id, "second", "a repeated field keeps its last value");
    assert_eq!(batch.config.job.configuration_id, "cfg-1");
    assert_eq!(batch.results, None);
}

#[test]
fn optional_nullable_and_renamed_fields_decode_like_serde_derive() {
    use sdk_tests::decode_edges::{Bag, Thing};

    // A required nullable field may be absent (serde treats a missing `Option` as `None`)
    // or null; wire names that are not Rust names, or that name the decoder's own locals,
    // land in their fields.
    let thing: Thing = serde_json::from_value(json!({
        "map": "m", "key": 3, "field_0": true, "Display-Name": "d", "inner": {}, "other": 1
    }))
    .expect("decodes");
    assert_eq!(thing.note, None);
    assert_eq!(thing.map.as_deref(), Some("m"));
    assert_eq!(thing.key, Some(3));
    assert_eq!(thing.field_0, Some(true));
    assert_eq!(thing.display_name.as_deref(), Some("d"));
    let thing: Thing = serde_json::from_value(json!({"note": null, "map": null})).expect("decodes");
    assert_eq!((thing.note, thing.map), (None, None));
    let thing: Thing = serde_json::from_value(json!({"note": "n"})).expect("decodes");
    assert_eq!(thing.note.as_deref(), Some("n"));

    // Types named like the decoder's helpers (`Key`, `FromMap`, ...) decode too.
    let thing: Thing = serde_json::from_value(json!({
        "names": {"from_map": {"key": "k"}, "ignored": {"runtime": "r"}, "map_access": {}}
    }))
    .expect("decodes");
    let names = thing.names.expect("present");
    assert_eq!(names.from_map.key.as_deref(), Some("k"));
    assert_eq!(names.ignored.and_then(|i| i.runtime).as_deref(), Some("r"));
    let error =
        serde_json::from_value::<Thing>(json!({"names": {}})).expect_err("from_map is required");
    assert_eq!(error.to_string(), "missing field `from_map`");

    // Declared fields and additional properties side by side, both ways.
    let wire = json!({"total": 3, "a": 1, "b": 2});
    let bag: Bag = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(bag.total, Some(3));
    assert_eq!(bag.additional_properties.len(), 2);
    assert_eq!(bag.additional_properties["b"], 2);
    assert_eq!(serde_json::to_value(&bag).expect("encodes"), wire);
    let error = serde_json::from_value::<Bag>(json!({"a": "x"})).expect_err("values are integers");
    assert!(error.to_string().contains("expected i64"), "{error}");
}

/// The types-only output decodes and encodes like the SDK's own types, and has no client.
#[test]
fn types_only_output_round_trips() {
    use sdk_tests::batches_types::{BatchResponse, BatchStatus};
    let json = serde_json::json!({
        "id": "bat-1",
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-1"}},
        "status": "RUNNING",
        "created_at": "2026-04-22T12:34:41Z"
    });
    let batch: BatchResponse = serde_json::from_value(json).expect("decodes");
    assert_eq!(batch.status, BatchStatus::Running);
    let again: BatchResponse =
        serde_json::from_value(serde_json::to_value(&batch).expect("encodes")).expect("decodes");
    assert_eq!(again, batch);
}

/// Identical schemas are one type (`fixtures/ok/shared-types.yaml`): the team's owner and
/// its members are the same Rust type, and a copy of a component is the component.
#[test]
fn identical_schemas_share_a_type() {
    use sdk_tests::shared_types::{Levels, Profile, Team, TeamOwner, TeamOwnerAvatar};

    let mut owner = TeamOwner::new("Ada");
    let mut avatar = TeamOwnerAvatar::new();
    avatar.url = Some("https://example.com/ada.png".into());
    owner.avatar = Some(avatar);
    let mut team = Team::new("t1", owner.clone());
    team.members = Some(vec![owner.clone(), TeamOwner::new("Grace")]);
    let sent = serde_json::to_value(&team).expect("encodes");
    assert_eq!(
        sent,
        json!({
            "id": "t1",
            "owner": {"name": "Ada", "avatar": {"url": "https://example.com/ada.png"}},
            "members": [
                {"name": "Ada", "avatar": {"url": "https://example.com/ada.png"}},
                {"name": "Grace"},
            ],
        })
    );
    let back: Team = serde_json::from_value(sent).expect("decodes");
    assert_eq!(back, team);
    let levels: Levels =
        serde_json::from_value(json!({"profile": {"name": "Ada"}})).expect("decodes");
    let profile: Option<Profile> = levels.profile;
    assert_eq!(profile.and_then(|p| p.name).as_deref(), Some("Ada"));
}
