//! Several success statuses: `200` with a body and `204` without make the result an
//! `Option` (the `params` fixture's `setFlag`).

use sdk_tests::params::{Client, CreateDeploymentResult, SetFlagParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_204_next_to_a_200_decodes_as_none() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/flags/on"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"previous": false})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/flags/off"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("k")
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let changed = client
        .set_flag(SetFlagParams::new("on"))
        .await
        .expect("200 decodes");
    assert_eq!(changed.and_then(|body| body.previous), Some(false));
    let unchanged = client
        .set_flag(SetFlagParams::new("off"))
        .await
        .expect("204 decodes");
    assert_eq!(unchanged, None);
}

#[tokio::test]
async fn different_success_bodies_decode_by_status() {
    let server = MockServer::start().await;
    for (status, body) in [
        (201, Some(serde_json::json!({"id": 7}))),
        (202, Some(serde_json::json!({"message": "queued"}))),
        (204, None),
    ] {
        let mut template = ResponseTemplate::new(status);
        if let Some(body) = body {
            template = template.set_body_json(body);
        }
        Mock::given(method("POST"))
            .and(path("/deployments"))
            .respond_with(template)
            .up_to_n_times(1)
            .mount(&server)
            .await;
    }
    let client = Client::builder()
        .api_key("k")
        .base_url(server.uri())
        .build()
        .expect("client builds");
    match client.create_deployment().await.expect("201 decodes") {
        CreateDeploymentResult::Status201(deployment) => assert_eq!(deployment.id, 7),
        other => panic!("expected 201, got {other:?}"),
    }
    match client.create_deployment().await.expect("202 decodes") {
        CreateDeploymentResult::Status202(queued) => {
            assert_eq!(queued.message.as_deref(), Some("queued"))
        }
        other => panic!("expected 202, got {other:?}"),
    }
    assert_eq!(
        client.create_deployment().await.expect("204 decodes"),
        CreateDeploymentResult::Status204
    );
}

/// A binary body as a stream of chunks (the `text-and-binary` fixture's `download`):
/// everything arrives, in order, with the status and headers; an error status is the
/// usual `Error::Api`.
#[tokio::test]
async fn a_binary_body_can_be_read_as_a_stream() {
    use futures_util::StreamExt;
    use sdk_tests::text_and_binary::{Client, Error};
    let server = MockServer::start().await;
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/files/f-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-9")
                .set_body_bytes(bytes.clone()),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/files/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_string("no such file"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_response_size(1024) // the stream is not held to it
        .build()
        .expect("client builds");
    let mut stream = client.download_stream("f-1").await.expect("200");
    assert_eq!(stream.status().as_u16(), 200);
    assert_eq!(stream.request_id(), Some("req-9"));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }
    assert_eq!(received, bytes);
    assert!(chunks >= 1);
    // The same body read whole is over the limit.
    assert!(matches!(
        client.download("f-1").await,
        Err(Error::ResponseTooLarge { limit: 1024 })
    ));
    let error = client.download_stream("missing").await.expect_err("404");
    assert_eq!(
        error.api().map(|api| api.body.as_str()),
        Some("no such file")
    );
}
