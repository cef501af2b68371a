//! The client: configuration, authentication, and sending with retries and timeouts.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::error::Error;
use super::runtime::{self, Request};

/// The server used when no base URL is configured.
#[cfg(not(generated))]
pub const DEFAULT_BASE_URL: &str = "https://api.example.com";

/// The environment variable that overrides [`DEFAULT_BASE_URL`].
#[cfg(not(generated))]
pub const BASE_URL_ENV: &str = "EXAMPLE_BASE_URL";

/// The environment variables read for the API key, most preferred first.
#[cfg(all(not(generated), feature = "auth"))]
pub const API_KEY_ENV: &[&str] = &["EXAMPLE_API_KEY"];

/// How a request sends the API key unless its operation says otherwise: the scheme most
/// operations use (generated).
#[cfg(all(not(generated), feature = "auth"))]
pub(crate) const AUTH: Option<runtime::Auth> = None;

/// The `User-Agent` of every request.
#[cfg(not(generated))]
const USER_AGENT: &str = "example/0.0.0 (Rust)";

/// The header carrying the idempotency key of requests other than GET and HEAD
/// (`x-rust-sdk.idempotency-header`).
#[cfg(all(not(generated), feature = "idempotency"))]
const IDEMPOTENCY_HEADER: HeaderName = HeaderName::from_static("idempotency-key");

/// Header carrying the retry number (0 on the first attempt).
const RETRY_COUNT_HEADER: HeaderName = HeaderName::from_static("x-retry-count");

/// Timeout of one attempt unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Retries after the first attempt unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The largest response body read into memory unless configured otherwise: 100 MiB.
/// Far above any JSON document an API sends, low enough that a hostile or broken server
/// cannot make the client allocate without bound.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 100 * 1024 * 1024;

/// Redirects followed within one attempt (reqwest's and browsers' limit).
const MAX_REDIRECTS: usize = 10;

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// `base_url` parsed once: request URLs start from it, and redirects that leave its
    /// origin (scheme, host and port) lose every credential.
    base: reqwest::Url,
    #[cfg(feature = "auth")]
    credentials: Credentials,
    timeout: Duration,
    max_retries: u32,
    max_response_size: u64,
    headers: HeaderMap,
}

/// The API key, ready to send each way an operation may ask for it.
#[cfg(feature = "auth")]
struct Credentials {
    /// The key as given, for the query string.
    key: String,
    /// `Bearer <key>`, `Basic <key>` and the bare key, marked sensitive.
    bearer: HeaderValue,
    basic: HeaderValue,
    bare: HeaderValue,
}

#[cfg(feature = "auth")]
impl Credentials {
    fn new(key: String) -> Result<Self, Error> {
        let value = |text: &str| {
            let mut value = HeaderValue::from_str(text).map_err(|_| {
                Error::Config(
                    "the API key cannot be sent in a header: it has control characters".to_string(),
                )
            })?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        Ok(Credentials {
            bearer: value(&format!("Bearer {}", key))?,
            basic: value(&format!("Basic {}", key))?,
            bare: value(&key)?,
            key,
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Client");
        debug.field("base_url", &self.inner.base_url);
        #[cfg(feature = "auth")]
        debug.field("api_key", &"<redacted>");
        debug
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .field("max_response_size", &self.inner.max_response_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with this API key, the rest from the environment or the defaults (the
    /// base URL from [`BASE_URL_ENV`], else [`DEFAULT_BASE_URL`]): the common case.
    /// [`Client::builder`] sets anything else.
    ///
    /// Fails (with [`Error::Config`]) when the base URL is invalid or the HTTP client
    /// cannot be built, rather than panicking.
    #[cfg(feature = "auth")]
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A client for an API that takes no key: the base URL from [`BASE_URL_ENV`], else
    /// [`DEFAULT_BASE_URL`]. [`Client::builder`] sets anything else.
    ///
    /// Fails (with [`Error::Config`]) when the base URL is invalid or the HTTP client
    /// cannot be built, rather than panicking.
    #[cfg(not(feature = "auth"))]
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// A client configured from the environment: the API key from the first variable of
    /// `API_KEY_ENV` that is set (when the API takes one), the base URL from
    /// [`BASE_URL_ENV`] (default [`DEFAULT_BASE_URL`]).
    pub fn from_env() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// A builder to configure the client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The future of one call: sends a built request (or returns the error that building
    /// it gave) with `options`, then `finish`es the response into the operation's result,
    /// decoding a typed error body with `errors`. The future owns a clone of the client
    /// (an `Arc`), so it borrows nothing: it can be stored, returned, joined or spawned.
    pub(crate) fn call<T: Send + 'static>(
        &self,
        request: Request,
        options: &RequestOptions,
        finish: runtime::Finish<T>,
        errors: runtime::ErrorTable,
    ) -> CallFuture<T> {
        let client = self.clone();
        let options = options.clone();
        CallFuture::new(async move {
            let request = request.checked()?;
            finish(client.execute(request, &options, false).await?, errors)
        })
    }

    /// Sends `request` and reads the whole response, retrying as configured; each
    /// attempt (sending, following redirects and reading the body) has the timeout.
    /// Returns the final response, whatever its status; transport failures become
    /// errors. With `stream`, a success is returned with its body unread. With the
    /// `tracing` feature, the call has a span, and each attempt one inside it.
    pub(crate) async fn execute(
        &self,
        request: Request,
        options: &RequestOptions,
        stream: bool,
    ) -> Result<runtime::Received, Error> {
        #[cfg(feature = "tracing")]
        let span = telemetry::call_span(&request, &self.inner.base);
        let call = self.attempts(request, options, stream);
        #[cfg(feature = "tracing")]
        let call = tracing::Instrument::instrument(call, span.clone());
        let result = call.await;
        #[cfg(feature = "tracing")]
        telemetry::record_call(&span, &result);
        result
    }

    /// [`Self::execute`] without its span.
    async fn attempts(
        &self,
        request: Request,
        options: &RequestOptions,
        stream: bool,
    ) -> Result<runtime::Received, Error> {
        let url = self.url(&request, options);
        let headers = self.headers(&request, options)?;
        #[cfg(feature = "idempotency")]
        let headers = idempotent(headers, &request, options)?;
        // A body read from a reader can be sent once: no retry then.
        let replayable = request
            .body
            .as_ref()
            .is_none_or(|(body, _)| body.replayable());
        let max_retries = match replayable {
            true => options.max_retries.unwrap_or(self.inner.max_retries),
            false => 0,
        };
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        let mut retry: u32 = 0;
        loop {
            let last = retry >= max_retries;
            let attempt = self.attempt(&request, &url, &headers, retry, last, stream);
            #[cfg(feature = "tracing")]
            let span = telemetry::attempt_span(&request, &url, retry);
            #[cfg(feature = "tracing")]
            let attempt = tracing::Instrument::instrument(attempt, span.clone());
            let outcome = tokio::time::timeout(timeout, attempt).await;
            #[cfg(feature = "tracing")]
            telemetry::record_attempt(&span, &outcome);
            let retry_after = match outcome {
                Ok(Ok(runtime::Attempt::Done(received))) => return Ok(received),
                Ok(Ok(runtime::Attempt::Retry { headers, .. })) => Some(headers),
                Ok(Err(failure)) => {
                    if last || !failure.retryable {
                        return Err(failure.error);
                    }
                    None
                }
                Err(_elapsed) if last => return Err(Error::Timeout),
                Err(_elapsed) => None,
            };
            tokio::time::sleep(runtime::retry_delay(retry_after.as_ref(), retry)).await;
            retry += 1;
        }
    }

    /// The URL of `request`: the base URL's path, then the operation's, then the query
    /// (the operation's parameters, the per-call ones, and the key when it goes there).
    fn url(&self, request: &Request, options: &RequestOptions) -> reqwest::Url {
        let mut url = self.inner.base.clone();
        let base_path = self.inner.base.path().trim_end_matches('/');
        let rest = request.path_rest();
        let mut path = String::with_capacity(base_path.len() + request.path.len() + rest.len());
        path.push_str(base_path);
        path.push_str(&request.path);
        path.push_str(rest);
        url.set_path(&path);
        #[cfg(feature = "auth")]
        let key = match request.auth {
            Some(runtime::Auth::Query(name)) => Some((name, self.inner.credentials.key.as_str())),
            _ => None,
        };
        #[cfg(not(feature = "auth"))]
        let key: Option<(&str, &str)> = None;
        if !request.query.is_empty() || !options.query.is_empty() || key.is_some() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in request.query.iter().chain(&options.query) {
                pairs.append_pair(name, value);
            }
            if let Some((name, value)) = key {
                pairs.append_pair(name, value);
            }
        }
        url
    }

    /// The headers every attempt of `request` sends, credentials and the retry count
    /// aside: `Accept`, then the client's default headers, the operation's header
    /// parameters and the per-call headers, later ones winning; cookies.
    fn headers(&self, request: &Request, options: &RequestOptions) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::with_capacity(8);
        headers.insert(
            reqwest::header::ACCEPT,
            HeaderValue::from_static(request.accept),
        );
        for extra in [&self.inner.headers, &request.headers, &options.headers] {
            let mut current: Option<&HeaderName> = None;
            for (name, value) in extra {
                if current == Some(name) {
                    headers.append(name.clone(), value.clone());
                } else {
                    headers.insert(name.clone(), value.clone());
                    current = Some(name);
                }
            }
        }
        // Cookie parameters join the cookies of a `Cookie` header set above.
        #[cfg(feature = "cookie")]
        if !request.cookies.is_empty() {
            let mut cookies = request.cookies.join("; ");
            if let Some(set) = headers.get(reqwest::header::COOKIE) {
                let set = String::from_utf8_lossy(set.as_bytes());
                cookies = format!("{}; {}", set, cookies);
            }
            let cookies = HeaderValue::from_str(&cookies).map_err(|_| {
                Error::InvalidArgument("a cookie parameter cannot be sent".to_string())
            })?;
            headers.insert(reqwest::header::COOKIE, cookies);
        }
        Ok(headers)
    }

    /// One attempt: sends the request, follows redirects (at most [`MAX_REDIRECTS`]),
    /// and reads the body unless the response is to be retried.
    async fn attempt(
        &self,
        request: &Request,
        url: &reqwest::Url,
        headers: &HeaderMap,
        retry: u32,
        last: bool,
        stream: bool,
    ) -> Result<runtime::Attempt, runtime::Failure> {
        // The request's own URL until a redirect gives another.
        let mut url = std::borrow::Cow::Borrowed(url);
        let mut method = request.method.clone();
        let mut body = request.body.as_ref();
        let mut redirects = 0;
        let mut response = loop {
            // Credentials go to the configured origin only, whatever a redirect says.
            let trusted = redirects == 0 || self.same_origin(&url);
            let mut sent = headers.clone();
            sent.insert(RETRY_COUNT_HEADER, retry_count(retry));
            if trusted {
                self.add_credentials(&mut sent, request);
            } else {
                self.remove_credentials(&mut sent, url.to_mut(), request);
            }
            let mut outgoing = reqwest::Request::new(method.clone(), url.as_ref().clone());
            match body {
                Some((body, content_type)) => {
                    let content_type = HeaderValue::from_str(content_type).map_err(|_| {
                        runtime::Failure::fatal(Error::InvalidArgument(format!(
                            "`{}` is not a valid content type",
                            content_type
                        )))
                    })?;
                    sent.insert(reqwest::header::CONTENT_TYPE, content_type);
                    let (body, length) = body.open().await.map_err(runtime::Failure::fatal)?;
                    if let Some(length) = length {
                        sent.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(length));
                    }
                    *outgoing.body_mut() = Some(body);
                }
                // A request whose method defines content says it has none.
                None if matches!(
                    method,
                    reqwest::Method::POST | reqwest::Method::PUT | reqwest::Method::PATCH
                ) =>
                {
                    sent.insert(
                        reqwest::header::CONTENT_LENGTH,
                        HeaderValue::from_static("0"),
                    );
                }
                None => {}
            }
            *outgoing.headers_mut() = sent;
            let response = self
                .inner
                .http
                .execute(outgoing)
                .await
                .map_err(|error| self.sending_failed(error, request))?;
            match runtime::redirect(response.status(), response.headers(), &url) {
                // A body sent once cannot follow a 307 or 308: that response is final.
                Some((next, keep_body))
                    if redirects < MAX_REDIRECTS
                        && (!keep_body || body.is_none_or(|(body, _)| body.replayable())) =>
                {
                    redirects += 1;
                    if !keep_body {
                        if method != reqwest::Method::HEAD {
                            method = reqwest::Method::GET;
                        }
                        body = None;
                    }
                    url = std::borrow::Cow::Owned(next);
                }
                _ => break response,
            }
        };
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        if !last && runtime::should_retry(status, &headers) {
            // Retried: the body is not read.
            return Ok(runtime::Attempt::Retry {
                #[cfg(feature = "tracing")]
                status,
                headers,
            });
        }
        // A streamed success: the caller reads the body, as it arrives.
        #[cfg(feature = "binary")]
        if stream && status.is_success() {
            return Ok(runtime::Attempt::Done(runtime::Received {
                status,
                headers,
                body: bytes::Bytes::new(),
                unread: Some(response),
            }));
        }
        #[cfg(not(feature = "binary"))]
        let _ = stream;
        let body = runtime::read_body(response, self.inner.max_response_size)
            .await
            .map_err(|failure| failure.map(|error| self.connection_error(error, request)))?;
        Ok(runtime::Attempt::Done(runtime::Received {
            status,
            headers,
            body,
            #[cfg(feature = "binary")]
            unread: None,
        }))
    }

    /// The future of a call whose (binary) success body is streamed: a [`ByteStream`]
    /// once the headers are in; an error status is read and decoded as usual.
    #[cfg(feature = "binary")]
    pub(crate) fn call_stream(
        &self,
        request: Request,
        options: &RequestOptions,
        errors: runtime::ErrorTable,
    ) -> BoxFuture<ByteStream> {
        let client = self.clone();
        let options = options.clone();
        Box::pin(async move {
            let request = request.checked()?;
            let received = client.execute(request, &options, true).await?;
            runtime::byte_stream(received, errors)
        })
    }

    /// Whether `url` is on the configured origin: same scheme, host and port.
    fn same_origin(&self, url: &reqwest::Url) -> bool {
        let base = &self.inner.base;
        url.scheme() == base.scheme()
            && url.host() == base.host()
            && url.port_or_known_default() == base.port_or_known_default()
    }

    /// Adds the API key the way the operation asks for it (a key in the query is in
    /// the URL already).
    #[cfg(feature = "auth")]
    fn add_credentials(&self, headers: &mut HeaderMap, request: &Request) {
        match request.auth {
            Some(runtime::Auth::Bearer) => {
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    self.inner.credentials.bearer.clone(),
                );
            }
            Some(runtime::Auth::Basic) => {
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    self.inner.credentials.basic.clone(),
                );
            }
            Some(runtime::Auth::Header(name)) => {
                if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                    headers.insert(name, self.inner.credentials.bare.clone());
                }
            }
            Some(runtime::Auth::Query(_)) | None => {}
        }
    }

    /// An API without credentials adds none.
    #[cfg(not(feature = "auth"))]
    fn add_credentials(&self, _headers: &mut HeaderMap, _request: &Request) {}

    /// Before a request leaves the configured origin: drops every header that may carry
    /// a credential (the key's own header, `Authorization`, `Proxy-Authorization` and
    /// `Cookie`, whoever set them) and the key from the query string.
    #[allow(
        unused_variables,
        reason = "an API without credentials has only the usual headers to drop"
    )]
    fn remove_credentials(
        &self,
        headers: &mut HeaderMap,
        url: &mut reqwest::Url,
        request: &Request,
    ) {
        headers.remove(reqwest::header::AUTHORIZATION);
        headers.remove(reqwest::header::PROXY_AUTHORIZATION);
        headers.remove(reqwest::header::COOKIE);
        #[cfg(feature = "auth")]
        match request.auth {
            Some(runtime::Auth::Header(name)) => {
                headers.remove(name);
            }
            Some(runtime::Auth::Query(name)) => {
                runtime::remove_query_pair(url, name, &self.inner.credentials.key);
            }
            _ => {}
        }
    }

    /// What a failure to send becomes; connection failures and timeouts are retried.
    fn sending_failed(&self, error: reqwest::Error, request: &Request) -> runtime::Failure {
        // A timeout here comes from a timeout set on a custom `reqwest::Client`.
        if error.is_timeout() {
            return runtime::Failure::retryable(Error::Timeout);
        }
        let retryable = error.is_connect() || error.is_request();
        let error = self.connection_error(Error::Connection(error), request);
        if retryable {
            runtime::Failure::retryable(error)
        } else {
            runtime::Failure::fatal(error)
        }
    }

    /// `error` without the URL when the key is in the query string.
    #[allow(unused_variables, reason = "only a key in the query string is in URLs")]
    fn connection_error(&self, error: Error, request: &Request) -> Error {
        #[cfg(feature = "auth")]
        {
            if let (Error::Connection(inner), Some(runtime::Auth::Query(_))) =
                (&error, request.auth)
            {
                let _ = inner;
                if let Error::Connection(inner) = error {
                    return Error::Connection(inner.without_url());
                }
            }
        }
        error
    }
}

/// `headers` with an idempotency key when the request is not a GET or HEAD: the one
/// given in `options`, else a new random one, the same on every retry of the call (so the
/// server can tell a repeated request); an `IDEMPOTENCY_HEADER` already set stays.
#[cfg(feature = "idempotency")]
fn idempotent(
    mut headers: HeaderMap,
    request: &Request,
    options: &RequestOptions,
) -> Result<HeaderMap, Error> {
    if matches!(request.method, reqwest::Method::GET | reqwest::Method::HEAD)
        || headers.contains_key(IDEMPOTENCY_HEADER)
    {
        return Ok(headers);
    }
    let key = match &options.idempotency_key {
        Some(key) => HeaderValue::from_str(key).map_err(|_| {
            Error::InvalidArgument(format!(
                "the idempotency key {:?} is not a valid header value",
                key
            ))
        })?,
        None => runtime::idempotency_key(),
    };
    headers.insert(IDEMPOTENCY_HEADER, key);
    Ok(headers)
}

/// Spans of calls and attempts, with the attribute names of OpenTelemetry's semantic
/// conventions for HTTP clients: one span per call (its outcome), one per attempt (a
/// physical request, `otel.kind = "client"`), both named `{method} {url.template}`.
#[cfg(feature = "tracing")]
mod telemetry {
    use tracing::field::Empty;

    use super::super::error::Error;
    use super::super::runtime::{self, Attempt, Failure, Received, Request};

    /// The span of one call.
    pub(super) fn call_span(request: &Request, base: &reqwest::Url) -> tracing::Span {
        tracing::info_span!(
            "http.client.call",
            otel.name = %format_args!("{} {}", request.method, request.template),
            http.request.method = %request.method,
            url.template = request.template,
            server.address = base.host_str().unwrap_or_default(),
            server.port = base.port_or_known_default(),
            http.response.status_code = Empty,
            error.type = Empty,
            "http.response.header.x-request-id" = Empty,
        )
    }

    /// The span of attempt `retry` (0 for the first) of a call. `url.full` leaves out the
    /// query string, which may carry the API key.
    pub(super) fn attempt_span(request: &Request, url: &reqwest::Url, retry: u32) -> tracing::Span {
        let span = tracing::info_span!(
            "http.client.request",
            otel.name = %format_args!("{} {}", request.method, request.template),
            otel.kind = "client",
            http.request.method = %request.method,
            url.template = request.template,
            url.full = %format_args!("{}{}", &url[..::url::Position::BeforePath], url.path()),
            server.address = url.host_str().unwrap_or_default(),
            server.port = url.port_or_known_default(),
            http.request.resend_count = Empty,
            http.response.status_code = Empty,
            error.type = Empty,
            "http.response.header.x-request-id" = Empty,
        );
        // Set on resends only, as the conventions say.
        if retry > 0 {
            span.record("http.request.resend_count", retry);
        }
        span
    }

    /// Records the outcome of an attempt.
    pub(super) fn record_attempt(
        span: &tracing::Span,
        outcome: &Result<Result<Attempt, Failure>, tokio::time::error::Elapsed>,
    ) {
        match outcome {
            Ok(Ok(Attempt::Done(received))) => {
                record_response(span, received.status, &received.headers)
            }
            Ok(Ok(Attempt::Retry { status, headers })) => record_response(span, *status, headers),
            Ok(Err(failure)) => {
                span.record("error.type", error_type(&failure.error));
            }
            Err(_elapsed) => {
                span.record("error.type", "timeout");
            }
        }
    }

    /// Records the outcome of a call.
    pub(super) fn record_call(span: &tracing::Span, result: &Result<Received, Error>) {
        match result {
            Ok(received) => record_response(span, received.status, &received.headers),
            Err(error) => {
                span.record("error.type", error_type(error));
            }
        }
    }

    fn record_response(
        span: &tracing::Span,
        status: reqwest::StatusCode,
        headers: &reqwest::header::HeaderMap,
    ) {
        span.record("http.response.status_code", status.as_u16());
        if status.is_client_error() || status.is_server_error() {
            span.record("error.type", status.as_str());
        }
        if let Some(id) = runtime::request_id(headers) {
            span.record("http.response.header.x-request-id", id);
        }
    }

    /// A low-cardinality name for an error, as `error.type` wants.
    fn error_type(error: &Error) -> &'static str {
        match error {
            Error::Api(_) => "api",
            Error::Timeout => "timeout",
            Error::Connection(_) => "connection",
            Error::Decode { .. } => "decode",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::InvalidArgument(_) => "invalid_argument",
            Error::Config(_) => "config",
            _ => "other",
        }
    }
}

/// The `x-retry-count` value of attempt `retry`.
fn retry_count(retry: u32) -> HeaderValue {
    if retry == 0 {
        HeaderValue::from_static("0")
    } else {
        HeaderValue::from(retry)
    }
}

/// Configures a [`Client`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    #[cfg(feature = "auth")]
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_size: Option<u64>,
    headers: HeaderMap,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ClientBuilder");
        debug.field("base_url", &self.base_url);
        #[cfg(feature = "auth")]
        debug.field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"));
        debug
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_size", &self.max_response_size)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sets the API key. Without it, `build` reads the variables of [`API_KEY_ENV`], in
    /// order.
    #[cfg(feature = "auth")]
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Sets the base URL. Without it, `build` reads [`BASE_URL_ENV`], then uses
    /// [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the timeout of each attempt (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sets how many times a failed attempt is retried (default [`DEFAULT_MAX_RETRIES`]).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Sets the largest response body read into memory, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_SIZE`]); a larger one fails the call with
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// Adds a header sent with every request. Headers that may carry credentials
    /// (`Authorization`, `Proxy-Authorization`, `Cookie`) are not sent to another
    /// origin after a redirect.
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Uses an existing `reqwest::Client` (its proxy, TLS and pool settings). Build it
    /// with `.redirect(reqwest::redirect::Policy::none())`: the SDK follows redirects
    /// itself and drops credentials when one leaves the configured origin, which a
    /// client that follows them on its own bypasses.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        #[cfg(feature = "auth")]
        let api_key = match self.api_key.filter(|key| !key.trim().is_empty()) {
            Some(key) => key,
            None => API_KEY_ENV
                .iter()
                .find_map(|name| {
                    std::env::var(name)
                        .ok()
                        .filter(|value| !value.trim().is_empty())
                })
                .ok_or_else(|| {
                    Error::Config(format!(
                        "no API key: pass one to `ClientBuilder::api_key` or set {}",
                        API_KEY_ENV
                            .iter()
                            .map(|name| format!("`{name}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ))
                })?,
        };
        let base_url = self
            .base_url
            .or_else(|| {
                std::env::var(BASE_URL_ENV)
                    .ok()
                    .filter(|value| !value.trim().is_empty())
            })
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        if base_url.is_empty() {
            return Err(Error::Config(format!(
                "no base URL: pass one to `ClientBuilder::base_url` or set `{BASE_URL_ENV}`"
            )));
        }
        let base_url = base_url.trim_end_matches('/').to_string();
        let base = reqwest::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("invalid base URL `{base_url}`: {error}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "invalid base URL `{base_url}`: not an http or https URL"
            )));
        }
        // reqwest with `rustls-no-provider` panics when it builds a client before a
        // crypto provider is installed: install ring as the process default, unless
        // another provider was installed first (that one is then used).
        #[cfg(feature = "rustls-ring")]
        if self.http.is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let http = match self.http {
            Some(http) => http,
            // Redirects are followed by the client itself (see `execute`), and no
            // `Referer` is sent (it would carry a key in the query string).
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
                .build()
                .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base,
                #[cfg(feature = "auth")]
                credentials: Credentials::new(api_key)?,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
                headers: self.headers,
            }),
        })
    }
}

/// A response body as a stream of chunks, read as they arrive: what an operation's
/// `…_stream` twin returns (for binary bodies, such as downloads), with the status and
/// headers. Neither the call's timeout (it covered the response headers) nor the
/// response size limit applies; a connection that drops ends the stream with
/// [`Error::Connection`].
#[cfg(feature = "binary")]
pub struct ByteStream {
    status: reqwest::StatusCode,
    headers: HeaderMap,
    chunks: Pin<Box<dyn futures_util::Stream<Item = Result<bytes::Bytes, Error>> + Send>>,
}

#[cfg(feature = "binary")]
impl ByteStream {
    /// The chunks of `response`'s body.
    pub(crate) fn new(
        status: reqwest::StatusCode,
        headers: HeaderMap,
        response: reqwest::Response,
    ) -> Self {
        let chunks = futures_util::stream::unfold(Some(response), |state| async move {
            let mut response = state?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(error) => Some((Err(Error::Connection(error.without_url())), None)),
            }
        });
        Self::from_chunks(status, headers, chunks)
    }

    /// A body of these chunks.
    pub(crate) fn from_chunks(
        status: reqwest::StatusCode,
        headers: HeaderMap,
        chunks: impl futures_util::Stream<Item = Result<bytes::Bytes, Error>> + Send + 'static,
    ) -> Self {
        ByteStream {
            status,
            headers,
            chunks: Box::pin(chunks),
        }
    }

    /// The status code.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server sent (`x-request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        runtime::request_id(&self.headers)
    }
}

#[cfg(feature = "binary")]
impl futures_util::Stream for ByteStream {
    type Item = Result<bytes::Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().chunks.as_mut().poll_next(cx)
    }
}

#[cfg(feature = "binary")]
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// A decoded response together with its status, headers and raw body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The status code.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
    /// The body as received, for fields this SDK does not model.
    pub raw: bytes::Bytes,
}

impl<T> Response<T> {
    /// The decoded body.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The request id the server sent (`x-request-id`), if any.
    pub fn request_id(&self) -> Option<&str> {
        runtime::request_id(&self.headers)
    }

    /// The raw body as JSON, including properties the spec does not declare.
    pub fn raw_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::from_slice(&self.raw)
    }
}

/// A boxed future of a result, `'static` and `Send`: what a `wait…` helper and a
/// body streamed as it arrives (`…_stream`) return. The same shape as
/// `futures::future::BoxFuture<'static, Result<T, Error>>`: store it, join it or
/// `tokio::spawn` it; dropping it cancels.
#[cfg(any(feature = "wait", feature = "binary"))]
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// The future of an operation call; resolves to the decoded body, or with
/// [`CallFuture::with_response`] to the whole [`Response`].
///
/// It owns everything it needs (a clone of the [`Client`], which is an `Arc`, and the
/// built request), so it is `'static` and `Send`: store it, return it from a function,
/// collect many into `futures::future::join_all`, or `tokio::spawn` it. Nothing is sent
/// until it is polled; dropping it cancels the call.
#[must_use = "futures do nothing unless awaited"]
pub struct CallFuture<T> {
    inner: Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>,
}

impl<T> CallFuture<T> {
    pub(crate) fn new(
        future: impl Future<Output = Result<Response<T>, Error>> + Send + 'static,
    ) -> Self {
        CallFuture {
            inner: Box::pin(future),
        }
    }

    /// The same call, resolving to the [`Response`]: the status, the headers and the raw
    /// body along with the decoded one: `client.things().get(id).with_response().await?`.
    pub fn with_response(self) -> ResponseFuture<T> {
        ResponseFuture { inner: self.inner }
    }
}

impl<T> Future for CallFuture<T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut()
            .inner
            .as_mut()
            .poll(cx)
            .map(|result| result.map(Response::into_body))
    }
}

impl<T> fmt::Debug for CallFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").finish_non_exhaustive()
    }
}

/// The future of [`CallFuture::with_response`]; resolves to the [`Response`] (status,
/// headers, raw body and decoded body). `'static` and `Send` like [`CallFuture`].
#[must_use = "futures do nothing unless awaited"]
pub struct ResponseFuture<T> {
    inner: Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>,
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<Response<T>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut().inner.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// The stream of a paginated operation's `…_pages` or `…_all` twin: `'static` and
/// `Send`, fetching the next page as it is polled. Consume it with
/// [`StreamExt`](futures_util::StreamExt) or [`TryStreamExt`](futures_util::TryStreamExt)
/// (re-exported in this crate's `prelude`).
pub type ListStream<T> = Pin<Box<dyn futures_util::Stream<Item = Result<T, Error>> + Send>>;

/// How a `wait…` helper polls: every `poll_interval` (default 5 s) until a
/// terminal status, giving up with [`Error::WaitDeadline`] after `deadline`
/// (default 2 hours). To cancel a wait, drop its future (for example from a
/// `tokio::select!` branch): no request is left running.
#[cfg(feature = "wait")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitOptions {
    poll_interval: Duration,
    deadline: Option<Duration>,
}

#[cfg(feature = "wait")]
impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            poll_interval: Duration::from_secs(5),
            deadline: Some(Duration::from_secs(2 * 60 * 60)),
        }
    }
}

#[cfg(feature = "wait")]
impl WaitOptions {
    /// The defaults: poll every 5 s, for at most 2 hours.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the pause between two polls.
    pub fn poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// Sets the overall deadline; `None` waits for as long as it takes.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Waits before the next poll; fails when the deadline has passed.
    pub(crate) async fn pause(&self, started: tokio::time::Instant) -> Result<(), Error> {
        let mut pause = self.poll_interval;
        if let Some(deadline) = self.deadline {
            let left = deadline.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(Error::WaitDeadline(deadline));
            }
            pause = pause.min(left);
        }
        tokio::time::sleep(pause).await;
        Ok(())
    }
}

/// Settings for the calls made through one API handle
/// (`client.<group>().with_options(..)`); calling `with_options` again merges the new
/// options into the earlier ones.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    headers: HeaderMap,
    query: Vec<(String, String)>,
    #[cfg(feature = "idempotency")]
    idempotency_key: Option<String>,
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// Overrides the timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the number of retries.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Adds a header to each request.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Adds a query parameter to each request.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sets the idempotency key of the calls (instead of a random key per call). Only
    /// requests other than GET and HEAD carry one.
    #[cfg(feature = "idempotency")]
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// These options with `later` on top: what `later` sets wins, its headers replace
    /// those of the same name, its query parameters are added after these (what
    /// `with_options` does when called again).
    pub fn merge(mut self, later: RequestOptions) -> Self {
        if later.timeout.is_some() {
            self.timeout = later.timeout;
        }
        if later.max_retries.is_some() {
            self.max_retries = later.max_retries;
        }
        // A header with several values comes as its name and then `None`s.
        let mut current: Option<HeaderName> = None;
        for (name, value) in later.headers {
            match name {
                Some(name) => {
                    self.headers.insert(name.clone(), value);
                    current = Some(name);
                }
                None => {
                    if let Some(name) = &current {
                        self.headers.append(name.clone(), value);
                    }
                }
            }
        }
        self.query.extend(later.query);
        #[cfg(feature = "idempotency")]
        if later.idempotency_key.is_some() {
            self.idempotency_key = later.idempotency_key;
        }
        self
    }
}
