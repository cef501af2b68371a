//! A hostile (or broken) server or argument cannot make the SDK leak credentials, leave a
//! path segment, inject header lines or allocate without bound. Every server is a
//! wiremock instance on 127.0.0.1; two of them on different ports are different origins.

use sdk_tests::credentials::{Client, WithCookieParams};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "sk-secret-key";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("the client builds")
}

/// Answers `GET {from}` with a 307 to `{to}` (a URL or a path).
async fn redirect(server: &MockServer, from: &str, to: &str) {
    Mock::given(method("GET"))
        .and(path(from))
        .respond_with(ResponseTemplate::new(307).insert_header("location", to))
        .mount(server)
        .await;
}

async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
}

/// Every header of `request`, as `name: value` lines, and its query string.
fn wire(request: &Request) -> String {
    let mut lines: Vec<String> = request
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<binary>")))
        .collect();
    lines.push(format!("query: {}", request.url.query().unwrap_or("")));
    lines.join("\n")
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    let origin = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&elsewhere)
        .await;
    for (from, to) in [
        ("/bearer", "/landed/bearer".to_string()),
        ("/basic", "/landed/basic".to_string()),
        ("/header", "/landed/header".to_string()),
        // The server even puts the key into the new URL: it is taken out.
        ("/query", format!("/landed/query?api_key={KEY}&page=2")),
        ("/cookie", "/landed/cookie".to_string()),
    ] {
        redirect(&origin, from, &format!("{}{to}", elsewhere.uri())).await;
    }
    // Credentials set by the user as default headers go no further either.
    let client = Client::builder()
        .api_key(KEY)
        .base_url(origin.uri())
        .default_header(
            reqwest::header::COOKIE,
            reqwest::header::HeaderValue::from_static("sid=user-cookie"),
        )
        .default_header(
            reqwest::header::PROXY_AUTHORIZATION,
            reqwest::header::HeaderValue::from_static("Basic cHJveHk="),
        )
        .build()
        .expect("the client builds");
    let keys = client.keys();
    keys.with_bearer().await.expect("bearer call lands");
    keys.with_basic().await.expect("basic call lands");
    keys.with_header().await.expect("header call lands");
    keys.with_query().await.expect("query call lands");
    keys.with_cookie(WithCookieParams::new("session-secret"))
        .await
        .expect("cookie call lands");

    // The origin saw each credential where its operation puts it…
    let first = received(&origin).await;
    assert_eq!(first.len(), 5);
    let at_origin: Vec<String> = first.iter().map(wire).collect();
    assert!(at_origin[0].contains(&format!("authorization: Bearer {KEY}")));
    assert!(at_origin[1].contains(&format!("authorization: Basic {KEY}")));
    assert!(at_origin[2].contains(&format!("x-api-key: {KEY}")));
    assert!(at_origin[3].contains(&format!("query: api_key={KEY}")));
    assert!(at_origin[4].contains("cookie: sid=user-cookie; session=session-secret"));
    // …and the other origin none of them, nor a `Referer` naming the first URL.
    let landed = received(&elsewhere).await;
    let paths: Vec<&str> = landed.iter().map(|request| request.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/landed/bearer",
            "/landed/basic",
            "/landed/header",
            "/landed/query",
            "/landed/cookie"
        ]
    );
    for request in &landed {
        let seen = wire(request).to_ascii_lowercase();
        for leak in [
            KEY,
            "authorization",
            "x-api-key",
            "cookie",
            "session-secret",
            "referer",
        ] {
            assert!(!seen.contains(leak), "`{leak}` reached {seen}");
        }
    }
    assert_eq!(landed[3].url.query(), Some("page=2"));
}

#[tokio::test]
async fn a_redirect_within_the_origin_stays_authenticated() {
    let origin = MockServer::start().await;
    redirect(&origin, "/bearer", "/moved/bearer").await;
    Mock::given(method("GET"))
        .and(path("/moved/bearer"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&origin)
        .await;
    client(&origin)
        .keys()
        .with_bearer()
        .await
        .expect("the call follows the redirect");
    let requests = received(&origin).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(
            request.headers.get("authorization").map(|v| v.as_bytes()),
            Some(format!("Bearer {KEY}").as_bytes())
        );
    }
}

#[tokio::test]
async fn a_redirect_loop_ends() {
    let origin = MockServer::start().await;
    redirect(&origin, "/bearer", "/bearer").await;
    let error = client(&origin)
        .keys()
        .with_bearer()
        .await
        .expect_err("a loop never lands");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(307));
    // The first request and ten redirects.
    assert_eq!(received(&origin).await.len(), 11);
}

#[tokio::test]
async fn path_parameters_stay_in_their_segment() {
    use llama_cloud::{Error, GetBatchParams};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = llama_cloud::Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("the client builds");
    for value in ["..", "."] {
        let error = client
            .batches()
            .get(GetBatchParams::new(value))
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::InvalidArgument(_)) && !error.is_retryable(),
            "{error:?}"
        );
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
    for value in ["../../admin", "a/b?c#d", "%2e%2e", "..%2F"] {
        let error = client
            .batches()
            .get(GetBatchParams::new(value))
            .await
            .expect_err("the server says 404");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    }
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v2/batches/..%2F..%2Fadmin",
            "/api/v2/batches/a%2Fb%3Fc%23d",
            "/api/v2/batches/%252e%252e",
            "/api/v2/batches/..%252F",
        ]
    );
}

#[tokio::test]
async fn line_breaks_in_headers_and_multipart_parts_are_refused_before_sending() {
    use sdk_tests::multipart::{FilePart, UploadFileBody, UploadFileParams};
    use sdk_tests::params::GetItemsByItemIdParams;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let params = sdk_tests::params::Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("the client builds");
    let error = params
        .get_items_by_item_id(GetItemsByItemIdParams::new(1).x_trace_id("a\r\nX-Admin: 1"))
        .await
        .expect_err("refused");
    assert!(matches!(
        error,
        sdk_tests::params::Error::InvalidArgument(_)
    ));
    assert!(!error.is_retryable());
    let uploads = sdk_tests::multipart::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("the client builds");
    for part in [
        FilePart::new(b"x".to_vec()).file_name("a.txt\r\nContent-Type: text/html"),
        FilePart::new(b"x".to_vec()).content_type("text/plain\r\nX-Admin: 1"),
    ] {
        let error = uploads
            .files()
            .upload(UploadFileParams::new("dir-1", UploadFileBody::new(part)))
            .await
            .expect_err("refused");
        assert!(
            matches!(error, sdk_tests::multipart::Error::InvalidArgument(_)),
            "{error:?}"
        );
        assert!(!error.is_retryable());
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn cookie_values_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .keys()
        .with_cookie(WithCookieParams::new("a; admin=1, b \"c\"%"))
        .await
        .expect("the call succeeds");
    let requests = received(&server).await;
    assert_eq!(
        requests[0].headers.get("cookie").map(|v| v.as_bytes()),
        Some(&b"session=a%3B%20admin=1%2C%20b%20%22c%22%25"[..])
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_error_that_says_so_and_is_not_retried() {
    use llama_cloud::{Error, GetBatchParams};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(4096)))
        .mount(&server)
        .await;
    let client = llama_cloud::Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .max_response_size(1024)
        .build()
        .expect("the client builds");
    let error = client
        .batches()
        .get(GetBatchParams::new("bat-1"))
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024 }),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert!(
        error
            .to_string()
            .contains("larger than the limit of 1024 bytes"),
        "{error}"
    );
    assert_eq!(received(&server).await.len(), 1, "not retried");
}
