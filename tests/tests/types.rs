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
    let event: WebhookEvent = serde_json::from_value(json!("batch.cancelled")).expect("decodes");
    assert_eq!(event, WebhookEvent::BatchCancelled);
    assert_eq!(event.as_str(), "batch.cancelled");
}
