//! The SDK compiled as this crate's edition calls a scripted server on 127.0.0.1: one
//! call stored and awaited, one spawned, and a listing streamed.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn batch(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
        "status": "RUNNING"
    })
}

#[tokio::test]
async fn the_sdk_calls_the_api() {
    use sdk_edition_2021::prelude::TryStreamExt;
    use sdk_edition_2021::{BatchStatus, Client, GetBatchParams, ListBatchesParams};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/bat-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(batch("bat-1")))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"items": [batch("bat-1"), batch("bat-2")]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("sk-example")
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let stored = client.batches().get(GetBatchParams::new("bat-1"));
    let spawned = tokio::spawn(client.batches().get(GetBatchParams::new("bat-1")));
    let batch = stored.await.expect("the call succeeds");
    assert_eq!(batch.status, BatchStatus::Running);
    let batch = spawned
        .await
        .expect("the task ran")
        .expect("the call succeeds");
    assert_eq!(batch.id, "bat-1");
    let items: Vec<_> = client
        .batches()
        .list_all(ListBatchesParams::default())
        .try_collect()
        .await
        .expect("the listing succeeds");
    assert_eq!(items.len(), 2);
}
