//! The whole workflow against a scripted server on 127.0.0.1.

use std::time::Duration;

use batch_workflow::{FileOutcome, run};
use llama_cloud::{BatchStatus, Client};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn batch(status: &str, results: Value) -> Value {
    json!({
        "id": "bat-1",
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
        "status": status,
        "results": results,
    })
}

#[tokio::test]
async fn directory_upload_batch_wait_and_results() {
    let server = MockServer::start().await;
    let directory =
        json!({"id": "dir-1", "name": "batch-input", "project_id": "prj-1", "type": "ephemeral"});
    Mock::given(method("POST"))
        .and(path("/api/v1/beta/directories"))
        .respond_with(ResponseTemplate::new(200).set_body_json(directory))
        .expect(1)
        .mount(&server)
        .await;
    let file = json!({"id": "dfl-1", "directory_id": "dir-1", "display_name": "a.txt", "project_id": "prj-1"});
    Mock::given(method("POST"))
        .and(path("/api/v1/beta/directories/dir-1/files/upload"))
        .respond_with(ResponseTemplate::new(201).set_body_json(file))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/batches"))
        .respond_with(ResponseTemplate::new(201).set_body_json(batch("PENDING", Value::Null)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/bat-1"))
        .and(query_param("expand", "results"))
        .respond_with(ResponseTemplate::new(200).set_body_json(batch("RUNNING", Value::Null)))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    let results = json!([
        {"source_directory_file_id": "dfl-1", "job_reference": {"type": "parse_v2", "id": "pjb-1"}, "error_message": null},
        {"source_directory_file_id": "dfl-2", "job_reference": null, "error_message": "unsupported file type"},
    ]);
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/bat-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(batch("COMPLETED", results)))
        .mount(&server)
        .await;

    let dir = std::env::temp_dir().join(format!("batch-workflow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (a, b) = (dir.join("a.txt"), dir.join("b.pdf"));
    std::fs::write(&a, "hello").expect("writable");
    std::fs::write(&b, "%PDF").expect("writable");

    let client = Client::builder()
        .api_key("sk-test")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        run(
            &client,
            &[a.as_path(), b.as_path()],
            "cfg-PARSE_AGENTIC",
            Duration::from_millis(10),
        ),
    )
    .await
    .expect("the workflow ends")
    .expect("the workflow succeeds");
    std::fs::remove_dir_all(&dir).expect("cleanup");

    let (done, files) = outcome;
    assert_eq!(done.status, BatchStatus::Completed);
    assert_eq!(
        files,
        vec![
            FileOutcome::Job {
                file: "dfl-1".into(),
                job_id: "pjb-1".into()
            },
            FileOutcome::Failed {
                file: "dfl-2".into(),
                message: "unsupported file type".into()
            },
        ]
    );

    let requests = server.received_requests().await.expect("recording is on");
    let create: Value = serde_json::from_slice(&requests[0].body).expect("JSON body");
    assert_eq!(create["type"], "ephemeral");
    assert!(create["expires_at"].is_string());
    let upload = String::from_utf8_lossy(&requests[1].body);
    assert!(
        upload.contains("name=\"upload_file\"; filename=\"a.txt\""),
        "{upload}"
    );
    let batch_body: Value = serde_json::from_slice(&requests[3].body).expect("JSON body");
    assert_eq!(batch_body["source_directory_id"], "dir-1");
    assert_eq!(batch_body["config"]["job"]["type"], "parse_v2");
    // Two RUNNING polls, then the COMPLETED one.
    assert_eq!(requests.len(), 7);
}
