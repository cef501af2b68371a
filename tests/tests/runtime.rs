//! Runtime behaviour of the generated `llama-cloud` SDK against a scripted
//! wiremock server on 127.0.0.1: retries and their headers, timeouts, error
//! classification, decoding failures, open enums and unknown fields,
//! auto-pagination, the `wait_for_completion` poller, explicit `null` versus an
//! absent field, API-key redaction, client configuration and argument checks.
//!
//! Every scenario asserts the exact number of requests the server saw, so a
//! missing behaviour (no retry, one retry too many, an endless page loop...)
//! fails the test instead of passing silently. Every loop is bounded and every
//! delay is short: the whole file runs in a couple of seconds.

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use llama_cloud::{
    ApiError, ApiErrorKind, BatchConfiguration, BatchCreateRequest, BatchJobConfig, BatchJobType,
    BatchResponse, BatchStatus, CancelBatchParams, Client, CreateBatchParams, DEFAULT_MAX_RETRIES,
    Error, GetBatchExpandItem, GetBatchParams, ListBatchesParams, Nullable, RequestOptions,
    WaitOptions, WebhookConfiguration, WebhookEvent,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const API_KEY: &str = "sk-test-secret-key";
const BATCH_PATH: &str = "/api/v2/batches/bat-1";
const LIST_PATH: &str = "/api/v2/batches";
/// Timeout of one attempt for clients that are not testing timeouts.
const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// Upper bound on any single scenario that could loop if a behaviour regressed.
const SCENARIO_BOUND: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A valid `BatchResponse` body.
fn batch(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
        "status": status,
    })
}

/// A `BatchQueryResponse` body with the given item ids and next page token.
fn page(ids: &[&str], next_page_token: Option<&str>) -> Value {
    json!({
        "items": ids.iter().map(|id| batch(id, "COMPLETED")).collect::<Vec<_>>(),
        "next_page_token": next_page_token,
    })
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A client for `server` with a short per-attempt timeout and default retries.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(CALL_TIMEOUT)
        .build()
        .expect("the client builds")
}

fn create_params() -> CreateBatchParams {
    CreateBatchParams::new(BatchCreateRequest::new(
        "dir-1",
        BatchConfiguration::new(BatchJobConfig::new(
            BatchJobType::ParseV2,
            "cfg-PARSE_AGENTIC",
        )),
    ))
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|value| value.to_str().expect("ASCII header value"))
}

/// The values of the query parameter `name` of `request`, in order.
fn query_values(request: &Request, name: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .collect()
}

fn retry_counts(requests: &[Request]) -> Vec<Option<&str>> {
    requests
        .iter()
        .map(|request| header(request, "x-retry-count"))
        .collect()
}

fn api_error(error: &Error) -> &ApiError {
    error
        .api()
        .unwrap_or_else(|| panic!("expected Error::Api, got {error:?}"))
}

/// Asserts that neither the Debug nor the Display form of `error` leaks the key.
fn assert_redacted(error: &Error) {
    let debug = format!("{error:?}");
    let display = format!("{error}");
    assert!(!debug.contains(API_KEY), "Debug leaks the API key: {debug}");
    assert!(
        !display.contains(API_KEY),
        "Display leaks the API key: {display}"
    );
}

// ---------------------------------------------------------------------------
// Futures
// ---------------------------------------------------------------------------

/// Calls return `Send` futures: they can be spawned, and a bad parameter fails when the
/// future is awaited, not when the call is made.
#[tokio::test]
async fn calls_can_be_spawned_and_report_bad_parameters_when_awaited() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "RUNNING")))
        .mount(&server)
        .await;
    let client = client(&server);
    let spawned = tokio::spawn({
        let client = client.clone();
        async move { client.batches().get(GetBatchParams::new("bat-1")).await }
    });
    let batch = spawned
        .await
        .expect("the task ran")
        .expect("the call succeeds");
    assert_eq!(batch.status, BatchStatus::Running);

    let batches = client.batches();
    let pending = batches.get(GetBatchParams::new(""));
    assert_eq!(
        received(&server).await.len(),
        1,
        "nothing is sent before awaiting"
    );
    let error = pending
        .await
        .expect_err("an empty path parameter is refused");
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert_eq!(
        received(&server).await.len(),
        1,
        "nothing was sent for the bad call"
    );
}

// Retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_call_is_retried_after_retry_after_and_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "PENDING")))
        .mount(&server)
        .await;

    let batch = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("the retry succeeds");
    assert_eq!(batch.id, "bat-1");
    assert_eq!(batch.status, BatchStatus::Pending);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "one attempt and one retry");
    assert_eq!(retry_counts(&requests), [Some("0"), Some("1")]);
}

#[tokio::test]
async fn retry_after_ms_sets_the_delay_before_the_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "700"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "RUNNING")))
        .mount(&server)
        .await;

    let started = Instant::now();
    client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("the retry succeeds");
    // The default backoff before the first retry is at most 500 ms, so waiting
    // at least 700 ms shows the server's delay was used.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(700),
        "retry-after-ms: 700 was not honoured ({elapsed:?})"
    );
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn server_errors_are_retried_twice_by_default_then_surface() {
    assert_eq!(DEFAULT_MAX_RETRIES, 2);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(500)
                .insert_header("retry-after-ms", "1")
                .insert_header("x-request-id", "req-500")
                .set_body_string("internal boom"),
        )
        .expect(3)
        .mount(&server)
        .await;

    let error = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("500 every time");
    let api = api_error(&error);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(api.status.as_u16(), 500);
    assert_eq!(api.kind(), ApiErrorKind::Server);
    assert!(error.is_retryable());
    assert_eq!(api.body, "internal boom");
    assert_eq!(api.request_id.as_deref(), Some("req-500"));
    assert!(api.typed.is_none(), "no typed body is declared for 500");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "one attempt and two retries");
    assert_eq!(retry_counts(&requests), [Some("0"), Some("1"), Some("2")]);
}

#[tokio::test]
async fn x_should_retry_false_stops_a_retryable_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(503).insert_header("x-should-retry", "false"))
        .mount(&server)
        .await;

    let error = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("503");
    assert_eq!(api_error(&error).status.as_u16(), 503);
    assert_eq!(api_error(&error).kind(), ApiErrorKind::Server);
    assert_eq!(received(&server).await.len(), 1, "x-should-retry: false");
}

#[tokio::test]
async fn x_should_retry_true_retries_a_non_retryable_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-should-retry", "true")
                .insert_header("retry-after", "0"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "RUNNING")))
        .mount(&server)
        .await;

    let batch = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("the retry succeeds");
    assert_eq!(batch.status, BatchStatus::Running);
    assert_eq!(received(&server).await.len(), 2);
}

/// Known SDK bug: `should_retry` honours `x-should-retry: true` on any status,
/// so a successful response is thrown away and the request sent again; for
/// `create` that makes duplicate batches.
#[tokio::test]
async fn a_successful_response_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LIST_PATH))
        .respond_with(
            ok(batch("bat-1", "PENDING"))
                .insert_header("x-should-retry", "true")
                .insert_header("retry-after", "0"),
        )
        .mount(&server)
        .await;

    let batch = client(&server)
        .batches()
        .create(create_params())
        .await
        .expect("created");
    assert_eq!(batch.id, "bat-1");
    assert_eq!(
        received(&server).await.len(),
        1,
        "a 2xx is final whatever x-should-retry says"
    );
}

#[tokio::test]
async fn bad_request_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"detail": "bad page_size"})))
        .mount(&server)
        .await;

    let error = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("400");
    let api = api_error(&error);
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(api.kind(), ApiErrorKind::BadRequest);
    assert!(!error.is_retryable());
    assert!(
        api.body.contains("bad page_size"),
        "body kept: {}",
        api.body
    );
    assert_eq!(received(&server).await.len(), 1, "400 is not retried");
}

#[tokio::test]
async fn conflict_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/batches/bat-1/cancel"))
        .respond_with(ResponseTemplate::new(409).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v2/batches/bat-1/cancel"))
        .respond_with(ok(batch("bat-1", "CANCELLED")))
        .mount(&server)
        .await;

    let batch = client(&server)
        .batches()
        .cancel(CancelBatchParams::new("bat-1"))
        .await
        .expect("409 then 200");
    assert_eq!(batch.status, BatchStatus::Cancelled);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "409 is retried once, then succeeds");
    assert_eq!(retry_counts(&requests), [Some("0"), Some("1")]);
}

// ---------------------------------------------------------------------------
// Timeouts and per-call options
// ---------------------------------------------------------------------------

#[tokio::test]
async fn slow_responses_time_out_and_the_timeout_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "PENDING")).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .build()
        .expect("the client builds");

    let started = Instant::now();
    let error = client
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("every attempt is slower than the timeout");
    assert!(
        matches!(error, Error::Timeout),
        "expected Error::Timeout, got {error:?}"
    );
    assert!(error.is_retryable());
    assert!(
        started.elapsed() < Duration::from_millis(1900),
        "the 200 ms timeout did not cut the 2 s response ({:?})",
        started.elapsed()
    );
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "the timed-out attempt is retried once");
    assert_eq!(retry_counts(&requests), [Some("0"), Some("1")]);
}

#[tokio::test]
async fn per_call_options_override_timeout_and_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "PENDING")).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    // The client itself would wait 5 s per attempt and retry twice.
    let client = client(&server);

    let started = Instant::now();
    let error = client
        .batches()
        .with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(150))
                .max_retries(0),
        )
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("the per-call timeout is shorter than the delay");
    assert!(
        matches!(error, Error::Timeout),
        "expected Error::Timeout, got {error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "the per-call timeout was not applied ({:?})",
        started.elapsed()
    );
    assert_eq!(received(&server).await.len(), 1, "max_retries(0): no retry");
}

#[tokio::test]
async fn per_call_and_default_headers_and_extra_query_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "PENDING")))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(CALL_TIMEOUT)
        .default_header(
            reqwest::header::HeaderName::from_static("x-default"),
            reqwest::header::HeaderValue::from_static("from-builder"),
        )
        .build()
        .expect("the client builds");

    client
        .batches()
        .with_options(
            RequestOptions::new()
                .header(
                    reqwest::header::HeaderName::from_static("x-per-call"),
                    reqwest::header::HeaderValue::from_static("from-options"),
                )
                .query("extra", "1"),
        )
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("200");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(header(request, "x-default"), Some("from-builder"));
    assert_eq!(header(request, "x-per-call"), Some("from-options"));
    assert_eq!(query_values(request, "extra"), ["1"]);
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error_carrying_the_raw_body() {
    // The first body fails on `id` (a number) before the truncation is seen;
    // the second is a plain syntax error (truncated after a valid member).
    for raw in [r#"{"id": 1,"#, r#"{"id": "bat-1","#] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(BATCH_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_raw(raw, "application/json"))
            .mount(&server)
            .await;

        let error = client(&server)
            .batches()
            .get(GetBatchParams::new("bat-1"))
            .await
            .expect_err("the body is not valid JSON");
        match &error {
            Error::Decode { body, message, .. } => {
                assert_eq!(body, raw);
                assert!(!message.is_empty());
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        assert!(!error.is_retryable());
        assert_eq!(
            received(&server).await.len(),
            1,
            "decode errors are not retried"
        );
    }
}

#[tokio::test]
async fn wrong_type_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    let mut wrong = batch("bat-1", "PENDING");
    wrong["status"] = json!(5);
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(wrong.clone()))
        .mount(&server)
        .await;

    let error = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("status is a number");
    match &error {
        Error::Decode { path, body, .. } => {
            assert_eq!(path, "status");
            let sent: Value = serde_json::from_str(body).expect("the raw body is kept");
            assert_eq!(sent, wrong);
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert!(
        error.to_string().contains("`status`"),
        "Display names the field: {error}"
    );
}

#[tokio::test]
async fn decode_error_path_points_into_list_items() {
    let server = MockServer::start().await;
    let mut body = page(&["a", "b"], None);
    body["items"][1]["status"] = json!(false);
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(ok(body))
        .mount(&server)
        .await;

    let error = client(&server)
        .batches()
        .list(ListBatchesParams::default())
        .await
        .expect_err("items[1].status is a boolean");
    match &error {
        Error::Decode { path, .. } => assert_eq!(path, "items[1].status"),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_enum_values_and_fields_are_tolerated_and_exposed() {
    let server = MockServer::start().await;
    let mut body = batch("bat-1", "PAUSED");
    body["brand_new_field"] = json!({"x": 1});
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(
            ok(body)
                .insert_header("x-request-id", "req-42")
                .insert_header("x-custom", "yes"),
        )
        .mount(&server)
        .await;

    let response = client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .with_response()
        .await
        .expect("unknown values decode");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(
        response
            .headers
            .get("x-custom")
            .and_then(|v| v.to_str().ok()),
        Some("yes")
    );
    assert_eq!(response.request_id(), Some("req-42"));
    let raw = response.raw_json().expect("the raw body is JSON");
    assert_eq!(raw["brand_new_field"], json!({"x": 1}));

    let batch: BatchResponse = response.into_body();
    assert_eq!(batch.status, BatchStatus::Unknown("PAUSED".to_string()));
    assert_eq!(batch.status.as_str(), "PAUSED");
    let encoded = serde_json::to_value(&batch).expect("encodes");
    assert_eq!(encoded["status"], json!("PAUSED"));
    assert!(
        serde_json::to_string(&batch)
            .expect("encodes")
            .contains(r#""status":"PAUSED""#)
    );
    assert_eq!(received(&server).await.len(), 1);
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Three pages: [a, b] -> t2 -> [c] -> t3 -> [d] -> end.
async fn mount_three_pages(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("page_token"))
        .respond_with(ok(page(&["a", "b"], Some("t2"))))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t2"))
        .respond_with(ok(page(&["c"], Some("t3"))))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t3"))
        .respond_with(ok(page(&["d"], None)))
        .mount(server)
        .await;
}

fn assert_three_page_requests(requests: &[Request]) {
    assert_eq!(requests.len(), 3, "one request per page");
    for request in requests {
        assert_eq!(query_values(request, "page_size"), ["2"], "{}", request.url);
        assert_eq!(
            query_values(request, "status"),
            ["COMPLETED"],
            "{}",
            request.url
        );
    }
    let tokens: Vec<Vec<String>> = requests
        .iter()
        .map(|request| query_values(request, "page_token"))
        .collect();
    assert_eq!(
        tokens,
        [vec![], vec!["t2".to_string()], vec!["t3".to_string()]]
    );
}

fn three_page_params() -> ListBatchesParams {
    ListBatchesParams::default()
        .page_size(2)
        .status(BatchStatus::Completed)
}

#[tokio::test]
async fn list_all_walks_every_page_once_keeping_the_filters() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);

    let items: Vec<Result<BatchResponse, Error>> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_all(three_page_params())
            .take(20)
            .collect(),
    )
    .await
    .expect("the listing ends");
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("every page decodes").id)
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_three_page_requests(&received(&server).await);
}

#[tokio::test]
async fn list_pages_yields_each_page() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);

    let pages: Vec<_> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_pages(three_page_params())
            .take(20)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .map(|page| {
            page.expect("every page decodes")
                .items
                .into_iter()
                .map(|item| item.id)
                .collect()
        })
        .collect();
    assert_eq!(pages, [vec!["a", "b"], vec!["c"], vec!["d"]]);
    assert_three_page_requests(&received(&server).await);
}

#[tokio::test]
async fn a_repeated_page_token_ends_the_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("page_token"))
        .respond_with(ok(page(&["a"], Some("t1"))))
        .mount(&server)
        .await;
    // A buggy server that hands out the token it was just given.
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t1"))
        .respond_with(ok(page(&["b"], Some("t1"))))
        .mount(&server)
        .await;
    let client = client(&server);

    let items: Vec<_> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_all(ListBatchesParams::default())
            .take(20)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("decodes").id)
        .collect();
    assert_eq!(ids, ["a", "b"], "the repeated token is not followed");
    assert_eq!(received(&server).await.len(), 2);
}

/// Known SDK gap: `list_pages` only compares a token with the one it just sent,
/// so a server that cycles through tokens (t1 -> t2 -> t1 ...) is followed
/// forever. The stream is capped at 12 items here so the failure is bounded.
#[tokio::test]
async fn a_cycling_page_token_ends_the_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("page_token"))
        .respond_with(ok(page(&["a"], Some("t1"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t1"))
        .respond_with(ok(page(&["b"], Some("t2"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t2"))
        .respond_with(ok(page(&["c"], Some("t1"))))
        .mount(&server)
        .await;
    let client = client(&server);

    let items: Vec<_> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_all(ListBatchesParams::default())
            .take(12)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("decodes").id)
        .collect();
    assert_eq!(ids, ["a", "b", "c"], "t1 is not followed a second time");
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn an_empty_page_ends_the_listing_even_with_a_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("page_token"))
        .respond_with(ok(page(&[], Some("t2"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t2"))
        .respond_with(ok(page(&["never"], None)))
        .mount(&server)
        .await;
    let client = client(&server);

    let pages: Vec<_> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_pages(ListBatchesParams::default())
            .take(20)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    assert_eq!(pages.len(), 1, "only the empty page");
    assert!(pages[0].as_ref().expect("decodes").items.is_empty());
    assert_eq!(received(&server).await.len(), 1, "t2 is not requested");
}

#[tokio::test]
async fn an_empty_string_token_ends_the_listing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(ok(page(&["a"], Some(""))))
        .mount(&server)
        .await;
    let client = client(&server);

    let items: Vec<_> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_all(ListBatchesParams::default())
            .take(20)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    assert_eq!(items.len(), 1);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param_is_missing("page_token"))
        .respond_with(ok(page(&["a"], Some("t2"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .and(query_param("page_token", "t2"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = client(&server);

    let items: Vec<_> = tokio::time::timeout(
        SCENARIO_BOUND,
        client
            .batches()
            .list_all(ListBatchesParams::default())
            .take(20)
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    assert_eq!(items.len(), 2, "item a, then the error");
    assert_eq!(items[0].as_ref().expect("page 1 decodes").id, "a");
    let error = items[1].as_ref().expect_err("page 2 fails");
    assert_eq!(api_error(error).kind(), ApiErrorKind::NotFound);
    assert_eq!(
        received(&server).await.len(),
        2,
        "no request after the error"
    );
}

// ---------------------------------------------------------------------------
// Waiting
// ---------------------------------------------------------------------------

async fn mount_status_once(server: &MockServer, status: &str) {
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", status)))
        .up_to_n_times(1)
        .mount(server)
        .await;
}

async fn mount_status_forever(server: &MockServer, status: &str) {
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", status)))
        .mount(server)
        .await;
}

#[tokio::test]
async fn wait_for_completion_polls_until_a_terminal_status() {
    let server = MockServer::start().await;
    mount_status_once(&server, "PENDING").await;
    mount_status_once(&server, "RUNNING").await;
    mount_status_forever(&server, "COMPLETED").await;
    let client = client(&server);

    let batch = tokio::time::timeout(
        SCENARIO_BOUND,
        client.batches().wait_for_completion(
            GetBatchParams::new("bat-1").expand(vec![GetBatchExpandItem::Results]),
            WaitOptions::new().poll_interval(Duration::from_millis(20)),
        ),
    )
    .await
    .expect("the wait ends")
    .expect("the batch completes");
    assert_eq!(batch.status, BatchStatus::Completed);

    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "PENDING, RUNNING, COMPLETED");
    for request in &requests {
        assert_eq!(request.url.path(), BATCH_PATH);
        assert_eq!(
            query_values(request, "expand"),
            ["results"],
            "{}",
            request.url
        );
    }
}

#[tokio::test]
async fn wait_for_completion_stops_at_failed_and_cancelled() {
    for terminal in [BatchStatus::Failed, BatchStatus::Cancelled] {
        let server = MockServer::start().await;
        mount_status_forever(&server, terminal.as_str()).await;
        let client = client(&server);

        let batch = tokio::time::timeout(
            SCENARIO_BOUND,
            client.batches().wait_for_completion(
                GetBatchParams::new("bat-1"),
                WaitOptions::new().poll_interval(Duration::from_millis(20)),
            ),
        )
        .await
        .expect("the wait ends")
        .expect("a terminal status is a success of the wait");
        assert_eq!(batch.status, terminal);
        assert_eq!(received(&server).await.len(), 1, "{terminal} is terminal");
    }
}

#[tokio::test]
async fn wait_for_completion_gives_up_at_the_deadline() {
    let server = MockServer::start().await;
    mount_status_forever(&server, "RUNNING").await;
    let client = client(&server);

    let deadline = Duration::from_millis(100);
    let started = Instant::now();
    let error = tokio::time::timeout(
        SCENARIO_BOUND,
        client.batches().wait_for_completion(
            GetBatchParams::new("bat-1"),
            WaitOptions::new()
                .poll_interval(Duration::from_millis(20))
                .deadline(Some(deadline)),
        ),
    )
    .await
    .expect("the deadline ends the wait")
    .expect_err("never terminal");
    let elapsed = started.elapsed();
    match error {
        Error::WaitDeadline(reported) => assert_eq!(reported, deadline),
        other => panic!("expected Error::WaitDeadline, got {other:?}"),
    }
    assert!(elapsed >= deadline, "gave up early ({elapsed:?})");
    assert!(
        elapsed < Duration::from_secs(2),
        "gave up late ({elapsed:?})"
    );
    let polls = received(&server).await.len();
    // 100 ms / 20 ms: about 6 polls.
    assert!(
        (2..=10).contains(&polls),
        "{polls} polls within the deadline"
    );
}

#[tokio::test]
async fn dropping_the_wait_future_stops_polling() {
    let server = MockServer::start().await;
    mount_status_forever(&server, "RUNNING").await;
    let client = client(&server);

    let outcome = tokio::time::timeout(
        Duration::from_millis(130),
        client.batches().wait_for_completion(
            GetBatchParams::new("bat-1"),
            WaitOptions::new()
                .poll_interval(Duration::from_millis(40))
                .deadline(None),
        ),
    )
    .await;
    assert!(outcome.is_err(), "the wait was still polling: {outcome:?}");

    // Let a request that was on the wire when the future was dropped land.
    tokio::time::sleep(Duration::from_millis(30)).await;
    let after_drop = received(&server).await.len();
    assert!(after_drop >= 2, "the wait polled ({after_drop} requests)");
    // Five poll intervals later, nothing more has arrived.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        received(&server).await.len(),
        after_drop,
        "polling continued after the future was dropped"
    );
}

// ---------------------------------------------------------------------------
// Explicit null versus absent
// ---------------------------------------------------------------------------

#[tokio::test]
async fn explicit_null_absent_and_value_are_distinct_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(LIST_PATH))
        .respond_with(ok(batch("bat-1", "PENDING")))
        .expect(4)
        .mount(&server)
        .await;
    let client = client(&server);
    let batches = client.batches();

    let mut null = create_params();
    null.body.webhook_configuration_ids = Some(Nullable::Null);
    let absent = create_params();
    let mut value = create_params();
    value.body.webhook_configuration_ids = Some(Nullable::Value(vec![
        "whc-1".to_string(),
        "whc-2".to_string(),
    ]));
    let mut nested = create_params();
    let mut webhook = WebhookConfiguration::new();
    webhook.webhook_url = Some(Nullable::Value("https://example.com/hook".to_string()));
    webhook.webhook_events = Some(Nullable::Null);
    nested.body.webhook_configurations = Some(Nullable::Value(vec![webhook]));
    for params in [null, absent, value, nested] {
        batches.create(params).await.expect("created");
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), 4);
    for request in &requests {
        assert_eq!(header(request, "content-type"), Some("application/json"));
    }
    let bodies: Vec<serde_json::Map<String, Value>> = requests
        .iter()
        .map(|request| request.body_json().expect("a JSON object body"))
        .collect();

    assert_eq!(
        bodies[0].get("webhook_configuration_ids"),
        Some(&Value::Null)
    );
    assert!(!bodies[0].contains_key("webhook_configurations"));

    assert!(!bodies[1].contains_key("webhook_configuration_ids"));
    assert!(!bodies[1].contains_key("webhook_configurations"));
    assert_eq!(bodies[1].get("source_directory_id"), Some(&json!("dir-1")));
    assert_eq!(
        bodies[1].get("config"),
        Some(&json!({"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}}))
    );

    assert_eq!(
        bodies[2].get("webhook_configuration_ids"),
        Some(&json!(["whc-1", "whc-2"]))
    );

    assert!(!bodies[3].contains_key("webhook_configuration_ids"));
    assert_eq!(
        bodies[3].get("webhook_configurations"),
        Some(&json!([{"webhook_url": "https://example.com/hook", "webhook_events": null}])),
        "nested: null sent, absent fields left out"
    );
}

#[test]
fn explicit_null_and_absent_round_trip_through_serde() {
    let base = json!({
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
    });

    let mut with_null = base.clone();
    with_null["webhook_configuration_ids"] = Value::Null;
    let decoded: BatchCreateRequest =
        serde_json::from_value(with_null.clone()).expect("null decodes");
    assert_eq!(decoded.webhook_configuration_ids, Some(Nullable::Null));
    assert_eq!(decoded.webhook_configurations, None);
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), with_null);

    let decoded: BatchCreateRequest = serde_json::from_value(base.clone()).expect("decodes");
    assert_eq!(decoded.webhook_configuration_ids, None);
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), base);

    let mut with_value = base.clone();
    with_value["webhook_configuration_ids"] = json!(["whc-1"]);
    with_value["webhook_configurations"] = json!([{
        "webhook_events": ["batch.success", "brand.new"],
        "webhook_headers": null,
    }]);
    let decoded: BatchCreateRequest =
        serde_json::from_value(with_value.clone()).expect("values decode");
    assert_eq!(
        decoded.webhook_configuration_ids,
        Some(Nullable::Value(vec!["whc-1".to_string()]))
    );
    let configurations = decoded
        .webhook_configurations
        .clone()
        .and_then(Nullable::into_option)
        .expect("configurations");
    assert_eq!(
        configurations[0].webhook_events,
        Some(Nullable::Value(vec![
            WebhookEvent::BatchSuccess,
            WebhookEvent::Unknown("brand.new".to_string()),
        ]))
    );
    assert_eq!(configurations[0].webhook_headers, Some(Nullable::Null));
    assert_eq!(configurations[0].webhook_url, None);
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), with_value);
}

// ---------------------------------------------------------------------------
// API key handling
// ---------------------------------------------------------------------------

#[tokio::test]
async fn requests_carry_the_bearer_key_and_a_user_agent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "PENDING")))
        .mount(&server)
        .await;

    client(&server)
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("200");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        header(&requests[0], "authorization"),
        Some("Bearer sk-test-secret-key")
    );
    let agent = header(&requests[0], "user-agent").unwrap_or_default();
    assert!(agent.starts_with("llama-cloud/"), "user-agent: {agent:?}");
}

#[tokio::test]
async fn the_api_key_never_appears_in_debug_or_errors() {
    let builder = Client::builder().api_key(API_KEY);
    let builder_debug = format!("{builder:?}");
    assert!(!builder_debug.contains(API_KEY), "{builder_debug}");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(500).insert_header("retry-after-ms", "1"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/slow"))
        .respond_with(ok(batch("slow", "PENDING")).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/garbled"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{not json"))
        .mount(&server)
        .await;
    let client = client(&server);
    let client_debug = format!("{client:?}");
    assert!(!client_debug.contains(API_KEY), "{client_debug}");
    assert!(client_debug.contains("redacted"), "{client_debug}");

    let server_error = client
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("500");
    assert_eq!(api_error(&server_error).status.as_u16(), 500);
    assert_redacted(&server_error);

    let timeout = client
        .batches()
        .with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(100))
                .max_retries(0),
        )
        .get(GetBatchParams::new("slow"))
        .await
        .expect_err("timeout");
    assert!(matches!(timeout, Error::Timeout), "{timeout:?}");
    assert_redacted(&timeout);

    let decode = client
        .batches()
        .get(GetBatchParams::new("garbled"))
        .await
        .expect_err("decode");
    assert!(matches!(decode, Error::Decode { .. }), "{decode:?}");
    assert_redacted(&decode);

    // A port nobody listens on: the connection is refused.
    let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed_url = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let unreachable = Client::builder()
        .api_key(API_KEY)
        .base_url(closed_url)
        .timeout(CALL_TIMEOUT)
        .max_retries(0)
        .build()
        .expect("the client builds");
    let connection = unreachable
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("connection refused");
    assert!(matches!(connection, Error::Connection(_)), "{connection:?}");
    assert!(connection.is_retryable());
    assert_redacted(&connection);
}

// ---------------------------------------------------------------------------
// Configuration and arguments
// ---------------------------------------------------------------------------

#[test]
fn building_without_an_api_key_is_a_config_error() {
    // Environment variables are process-global and the workspace forbids
    // `unsafe` (needed for `set_var` in edition 2024), so this test reads the
    // environment instead of changing it. CI never sets these variables.
    for name in ["LLAMA_CLOUD_API_KEY", "LLAMA_PARSE_API_KEY"] {
        assert!(
            std::env::var_os(name).is_none_or(|value| value.is_empty()),
            "{name} is set in the environment of this test run; unset it: this test checks \
             that a client without any API key refuses to build"
        );
    }
    for result in [Client::builder().build(), Client::from_env()] {
        match result {
            Err(Error::Config(message)) => {
                assert!(message.contains("LLAMA_CLOUD_API_KEY"), "{message}")
            }
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }
}

#[test]
fn an_invalid_base_url_is_a_config_error() {
    let result = Client::builder()
        .api_key(API_KEY)
        .base_url("not a url")
        .build();
    match result {
        Err(error @ Error::Config(_)) => assert_redacted(&error),
        other => panic!("expected Error::Config, got {other:?}"),
    }
}

#[tokio::test]
async fn an_empty_path_parameter_is_rejected_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);

    let get = client.batches().get(GetBatchParams::new("")).await;
    assert!(
        matches!(get, Err(Error::InvalidArgument(_))),
        "get: {get:?}"
    );
    let cancel = client.batches().cancel(CancelBatchParams::new("")).await;
    assert!(
        matches!(cancel, Err(Error::InvalidArgument(_))),
        "cancel: {cancel:?}"
    );
    let wait = client
        .batches()
        .wait_for_completion(GetBatchParams::new(""), WaitOptions::new())
        .await;
    assert!(
        matches!(wait, Err(Error::InvalidArgument(_))),
        "wait: {wait:?}"
    );
    assert_eq!(received(&server).await.len(), 0, "nothing was sent");
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(batch("a/b c?", "PENDING")))
        .mount(&server)
        .await;

    client(&server)
        .batches()
        .get(GetBatchParams::new("a/b c?"))
        .await
        .expect("200");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), "/api/v2/batches/a%2Fb%20c%3F");
    assert_eq!(requests[0].url.query(), None);
}

#[test]
fn a_blank_api_key_counts_as_missing() {
    assert!(
        std::env::var_os("LLAMA_CLOUD_API_KEY").is_none()
            && std::env::var_os("LLAMA_PARSE_API_KEY").is_none(),
        "unset LLAMA_CLOUD_API_KEY and LLAMA_PARSE_API_KEY to run this test"
    );
    match Client::builder()
        .api_key("  ")
        .base_url("http://127.0.0.1:9")
        .build()
    {
        Err(Error::Config(message)) => {
            assert!(message.contains("LLAMA_CLOUD_API_KEY"), "{message}")
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Request hygiene
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_post_without_a_body_says_so_and_json_calls_accept_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/batches/bat-1/cancel"))
        .respond_with(ok(batch("bat-1", "CANCELLED")))
        .mount(&server)
        .await;
    client(&server)
        .batches()
        .cancel(CancelBatchParams::new("bat-1"))
        .await
        .expect("200");
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "content-length"), Some("0"));
    assert_eq!(header(&requests[0], "content-type"), None);
    assert_eq!(header(&requests[0], "accept"), Some("application/json"));
}

#[tokio::test]
async fn with_options_called_twice_merges() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let name = |n: &'static str| reqwest::header::HeaderName::from_static(n);
    let value = |v: &'static str| reqwest::header::HeaderValue::from_static(v);
    let error = client(&server)
        .batches()
        .with_options(
            RequestOptions::new()
                .max_retries(0)
                .header(name("x-first"), value("1"))
                .header(name("x-both"), value("first"))
                .query("a", "1"),
        )
        .with_options(
            RequestOptions::new()
                .header(name("x-both"), value("second"))
                .query("b", "2"),
        )
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let requests = received(&server).await;
    assert_eq!(
        requests.len(),
        1,
        "max_retries(0) from the first call stays"
    );
    assert_eq!(header(&requests[0], "x-first"), Some("1"));
    assert_eq!(header(&requests[0], "x-both"), Some("second"));
    assert_eq!(requests[0].url.query(), Some("a=1&b=2"));
}

// ---------------------------------------------------------------------------
// Bodies that break off or never end (a raw server on 127.0.0.1)
// ---------------------------------------------------------------------------

/// A server on 127.0.0.1 that answers its n-th connection with `replies[n]` (written as
/// they are, then the connection is closed) and counts the connections; it stops after
/// the last reply.
async fn raw_server(replies: Vec<Vec<u8>>) -> (String, std::sync::Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let address = listener.local_addr().expect("an address");
    let connections = std::sync::Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        for reply in replies {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counted.fetch_add(1, Ordering::SeqCst);
            // Read the request head (these requests have no body).
            let mut head = Vec::new();
            let mut buffer = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65_536 {
                match socket.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(read) => head.extend_from_slice(&buffer[..read]),
                }
            }
            let _ = socket.write_all(&reply).await;
            let _ = socket.shutdown().await;
        }
    });
    (format!("http://{address}"), connections)
}

#[tokio::test]
async fn a_connection_that_drops_while_the_body_is_read_is_retried() {
    let body = batch("bat-1", "RUNNING").to_string();
    let broken = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"id\":".to_vec();
    let whole = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes();
    let (base_url, connections) = raw_server(vec![broken, whole]).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .build()
        .expect("the client builds");
    let batch = client
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect("the second attempt reads the whole body");
    assert_eq!(batch.id, "bat-1");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit() {
    let chunk = "x".repeat(1024);
    let endless = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n400\r\n{chunk}\r\n400\r\n{chunk}\r\n0\r\n\r\n"
    )
    .into_bytes();
    let (base_url, connections) = raw_server(vec![endless.clone(), endless]).await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .max_response_size(1500)
        .build()
        .expect("the client builds");
    let error = client
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("over the limit");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1500 }),
        "{error:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1, "not retried");
}

// ---------------------------------------------------------------------------
// What users of other SDKs expect
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_lone_path_parameter_is_passed_as_it_is_and_the_prelude_consumes_streams() {
    use llama_cloud::prelude::TryStreamExt;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(BATCH_PATH))
        .respond_with(ok(batch("bat-1", "RUNNING")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(LIST_PATH))
        .respond_with(ok(page(&["bat-1"], None)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .build()
        .expect("the client builds");
    let id = String::from("bat-1");
    let by_str = client.batches().get("bat-1").await.expect("200");
    let by_string = client.batches().get(id.clone()).await.expect("200");
    let by_params = client
        .batches()
        .get(GetBatchParams::new(id).expand(vec![GetBatchExpandItem::Results]))
        .await
        .expect("200");
    assert_eq!(
        (by_str.id, by_string.id, by_params.id),
        ("bat-1".into(), "bat-1".into(), "bat-1".into())
    );
    let cancelled = client.batches().cancel("").await;
    assert!(matches!(cancelled, Err(Error::InvalidArgument(_))));
    let items: Vec<BatchResponse> = client
        .batches()
        .list_all(ListBatchesParams::default())
        .try_collect()
        .await
        .expect("one page");
    assert_eq!(items.len(), 1);
    let requests = received(&server).await;
    assert_eq!(query_values(&requests[2], "expand"), ["results"]);
    assert_eq!(
        header(&requests[0], "authorization"),
        Some("Bearer sk-test-secret-key")
    );
}

#[test]
fn client_new_takes_the_key_and_the_default_base_url() {
    assert!(
        std::env::var_os("LLAMA_CLOUD_BASE_URL").is_none(),
        "unset LLAMA_CLOUD_BASE_URL to run this test"
    );
    let client = Client::new(API_KEY).expect("the client builds");
    assert_eq!(client.base_url(), llama_cloud::DEFAULT_BASE_URL);
    assert!(!format!("{client:?}").contains(API_KEY));
}
