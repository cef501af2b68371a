//! `x-rust-sdk: {idempotency-header: Idempotency-Key}` (the `idempotency` fixture): requests
//! other than GET and HEAD carry a key generated once per call and sent again on each retry,
//! which `RequestOptions::idempotency_key` overrides.

use sdk_tests::idempotency::{
    Client, CreateOrderBody, CreateOrderParams, GetOrderParams, RequestOptions,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Answers `POST /orders` with a 503 once, then 201; `GET /orders/{id}` with 200.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "o-1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "o-1"})))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds")
}

fn key(request: &Request) -> Option<String> {
    request
        .headers
        .get("idempotency-key")
        .map(|value| value.to_str().expect("ASCII").to_string())
}

fn order() -> CreateOrderParams {
    CreateOrderParams::new(CreateOrderBody::new("book"))
}

#[tokio::test]
async fn a_key_is_made_once_per_call_and_reused_by_its_retries() {
    let server = server().await;
    let client = client(&server);
    client
        .orders()
        .create(order())
        .await
        .expect("created after a retry");
    client.orders().create(order()).await.expect("created");
    client
        .orders()
        .get(GetOrderParams::new("o-1"))
        .await
        .expect("found");
    let requests = server.received_requests().await.expect("recording is on");
    let keys: Vec<Option<String>> = requests.iter().map(key).collect();
    assert_eq!(keys.len(), 4);
    let first = keys[0].clone().expect("a POST carries a key");
    assert_eq!(first.len(), 36, "a UUID: {first}");
    assert_eq!(
        keys[1].as_ref(),
        Some(&first),
        "the retry sends the same key"
    );
    let second = keys[2].clone().expect("the next call carries a key");
    assert_ne!(second, first, "each call has its own key");
    assert_eq!(keys[3], None, "a GET carries none");
}

#[tokio::test]
async fn the_key_can_be_given_per_call() {
    let server = server().await;
    client(&server)
        .orders()
        .with_options(RequestOptions::new().idempotency_key("order-42"))
        .create(order())
        .await
        .expect("created after a retry");
    let requests = server.received_requests().await.expect("recording is on");
    let keys: Vec<Option<String>> = requests.iter().map(key).collect();
    assert_eq!(
        keys,
        [Some("order-42".to_string()), Some("order-42".to_string())]
    );
}

#[tokio::test]
async fn a_key_that_cannot_be_sent_is_an_invalid_argument() {
    let server = server().await;
    let error = client(&server)
        .orders()
        .with_options(RequestOptions::new().idempotency_key("a\r\nb"))
        .create(order())
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        sdk_tests::idempotency::Error::InvalidArgument(_)
    ));
    let requests = server.received_requests().await.expect("recording is on");
    assert!(requests.is_empty());
}
