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
