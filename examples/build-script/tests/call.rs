//! The SDK generated at build time calls the API (a scripted server on 127.0.0.1).

use build_script_example::{BatchStatus, Client, GetBatchParams};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_build_script_sdk_gets_a_batch() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/bat-1"))
        .and(header("authorization", "Bearer sk-example"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": "bat-1",
            "project_id": "prj-1",
            "source_directory_id": "dir-1",
            "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
            "status": "RUNNING"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("sk-example")
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let batch = client
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("the call succeeds");
    assert_eq!(batch.id, "bat-1");
    assert_eq!(batch.status, BatchStatus::Running);
}
