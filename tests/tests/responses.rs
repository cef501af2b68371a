//! Several success statuses: `200` with a body and `204` without make the result an
//! `Option` (the `params` fixture's `setFlag`).

use sdk_tests::params::{Client, SetFlagParams};
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
