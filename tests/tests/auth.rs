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

/// An API that names a scheme only on some operations (the `vendor_shapes` fixture:
/// `getMine` has `security`, there is no top-level one) sends the key on those, and
/// nothing on the others.
#[tokio::test]
async fn a_scheme_named_only_on_an_operation_is_sent_there() {
    use sdk_tests::vendor_shapes::{Client, SearchFilesBody, SearchFilesParams};
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/files/me"))
        .and(header("authorization", "Bearer op-key"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/files/search"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("op-key")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    client.files().get_mine().await.expect("the key is sent");
    client
        .files()
        .search(SearchFilesParams::new(SearchFilesBody::default()))
        .await
        .expect("search succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    let search = requests
        .iter()
        .find(|request| request.url.path() == "/files/search")
        .expect("search was sent");
    assert!(
        !search.headers.contains_key("authorization"),
        "no key where no scheme is named"
    );
}
