//! Operation futures compose: each owns a clone of the client, so it borrows nothing
//! (`'static`) and is `Send`. This file is a compile test as much as a behaviour test:
//! every shape below failed to compile (E0716 / E0515) while futures borrowed the group
//! handle that `client.batches()` returns.

use futures_util::future::join_all;
use llama_cloud::prelude::*;
use llama_cloud::{BatchResponse, CallFuture, Client, GetBatchParams, ListBatchesParams};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn batch(id: &str) -> Value {
    json!({
        "id": id,
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
        "status": "RUNNING",
    })
}

/// A server that answers `GET /api/v2/batches/{id}` with the batch of that id, and the
/// list with one page of two batches.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path_regex(r"^/api/v2/batches/[^/]+$"))
        .respond_with(|request: &Request| {
            let id = request.url.path().rsplit('/').next().unwrap_or_default();
            ResponseTemplate::new(200).set_body_json(batch(id))
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [batch("bat-1"), batch("bat-2")]})),
        )
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("sk-test")
        .base_url(server.uri())
        .build()
        .expect("the client builds")
}

/// Proves at compile time that a value is `Send + 'static` (what `tokio::spawn` needs).
fn assert_send_static<T: Send + 'static>(value: T) -> T {
    value
}

/// A function returning the future of a call on a handle it made itself (E0515 before).
fn fetch(client: &Client, id: &str) -> CallFuture<BatchResponse> {
    client.batches().get(GetBatchParams::new(id))
}

#[tokio::test]
async fn a_future_can_be_stored_then_awaited() {
    let server = server().await;
    let client = client(&server);
    // The handle is a temporary dropped at the end of the statement (E0716 before).
    let future = client.batches().get(GetBatchParams::new("bat-1"));
    let future = assert_send_static(future);
    assert_eq!(future.await.expect("the call succeeds").id, "bat-1");
}

#[tokio::test]
async fn futures_made_in_a_closure_are_joined() {
    let server = server().await;
    let client = client(&server);
    let ids = ["bat-1", "bat-2", "bat-3"];
    let futures: Vec<_> = ids
        .iter()
        .map(|id| client.batches().get(GetBatchParams::new(*id)))
        .collect();
    let batches = join_all(futures).await;
    let got: Vec<String> = batches
        .into_iter()
        .map(|batch| batch.expect("each call succeeds").id)
        .collect();
    assert_eq!(got, ids);
}

#[tokio::test]
async fn a_function_can_return_the_future() {
    let server = server().await;
    let client = client(&server);
    let future = fetch(&client, "bat-7");
    drop(client); // the future owns its own clone of the client
    assert_eq!(future.await.expect("the call succeeds").id, "bat-7");
}

#[tokio::test]
async fn a_future_can_be_spawned_as_it_is() {
    let server = server().await;
    let client = client(&server);
    let with_response = client
        .batches()
        .get(GetBatchParams::new("bat-2"))
        .with_response();
    let tasks = (
        tokio::spawn(client.batches().get(GetBatchParams::new("bat-1"))),
        tokio::spawn(with_response),
    );
    let batch = tasks
        .0
        .await
        .expect("the task ran")
        .expect("the call succeeds");
    let response = tasks
        .1
        .await
        .expect("the task ran")
        .expect("the call succeeds");
    assert_eq!(
        (batch.id.as_str(), response.body.id.as_str()),
        ("bat-1", "bat-2")
    );
}

#[tokio::test]
async fn streams_and_waiters_borrow_nothing_either() {
    let server = server().await;
    let client = client(&server);
    let items = assert_send_static(client.batches().list_all(ListBatchesParams::default()));
    let pages = assert_send_static(client.batches().list_pages(ListBatchesParams::default()));
    let items: Vec<BatchResponse> = tokio::spawn(items.try_collect())
        .await
        .expect("the task ran")
        .expect("the listing succeeds");
    assert_eq!(items.len(), 2);
    assert_eq!(pages.count().await, 1);
    // A waiter on a batch that stays RUNNING, cut short by its deadline.
    let options = llama_cloud::WaitOptions::new()
        .poll_interval(std::time::Duration::from_millis(1))
        .deadline(Some(std::time::Duration::ZERO));
    let wait = assert_send_static(
        client
            .batches()
            .wait_for_completion(GetBatchParams::new("bat-1"), options),
    );
    assert!(matches!(
        wait.await,
        Err(llama_cloud::Error::WaitDeadline(_))
    ));
}
