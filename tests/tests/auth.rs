//! Each operation authenticates as its `security` says (the `access` fixture): the
//! document's bearer token by default, nothing for `security: []`, and a query-string
//! API key where that scheme is required.

use sdk_tests::access::{Account, Client, CreateAccountParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn every_operation_sends_the_key_its_own_way() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/accounts"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"id": "acc-1", "name": "ada"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/legacy"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("secret-key")
        .base_url(server.uri())
        .build()
        .expect("client builds");
    let mut account = Account::new("ada");
    account.password = Some("hunter2".to_string());
    let created = client
        .accounts()
        .create(CreateAccountParams::new(account))
        .await
        .expect("created");
    // `id` is readOnly: optional in the type, present in the response.
    assert_eq!(created.id.as_deref(), Some("acc-1"));
    client.accounts().health().await.expect("healthy");
    assert_eq!(client.accounts().legacy_lookup().await.expect("text"), "ok");

    let requests = server.received_requests().await.expect("recording is on");
    let auth = |index: usize| {
        requests[index]
            .headers
            .get("authorization")
            .map(|value| value.to_str().expect("ASCII").to_string())
    };
    assert_eq!(auth(0).as_deref(), Some("Bearer secret-key"));
    assert_eq!(auth(1), None, "security: [] sends no credentials");
    assert_eq!(auth(2), None);
    assert_eq!(requests[2].url.query(), Some("api_key=secret-key"));
    let body: serde_json::Value = serde_json::from_slice(&requests[0].body).expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({"name": "ada", "password": "hunter2"})
    );
}
