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

/// The `User-Agent` of every request.
#[cfg(not(generated))]
const USER_AGENT: &str = "example/0.0.0 (Rust)";

/// Header carrying the retry number (0 on the first attempt).
const RETRY_COUNT_HEADER: HeaderName = HeaderName::from_static("x-retry-count");

/// Timeout of one attempt unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Retries after the first attempt unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    #[cfg(feature = "auth")]
    api_key: Option<String>,
    timeout: Duration,
    max_retries: u32,
    headers: HeaderMap,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Client");
        debug.field("base_url", &self.inner.base_url);
        #[cfg(feature = "auth")]
        debug.field(
            "api_key",
            &self.inner.api_key.as_ref().map(|_| "<redacted>"),
        );
        debug
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
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
    /// it gave) with `options` (the client's own settings when `None`), then `finish`es
    /// the response into the operation's result. The future owns a clone of the client
    /// (an `Arc`), so it borrows nothing: it can be stored, returned, joined or spawned.
    pub(crate) fn call<T, F>(
        &self,
        request: Result<Request, Error>,
        options: Option<&RequestOptions>,
        finish: F,
    ) -> ResponseFuture<T>
    where
        T: Send + 'static,
        F: FnOnce(runtime::Received) -> Result<Response<T>, Error> + Send + 'static,
    {
        let client = self.clone();
        let options = options.cloned().unwrap_or_default();
        ResponseFuture::new(async move {
            let request = request?;
            finish(client.execute(request, &options).await?)
        })
    }

    /// Sends `request` and reads the whole response, retrying as configured; each
    /// attempt (sending and reading) has the timeout. Returns the final response,
    /// whatever its status; transport failures become errors.
    pub(crate) async fn execute(
        &self,
        request: Request,
        options: &RequestOptions,
    ) -> Result<runtime::Received, Error> {
        let mut url = String::with_capacity(self.inner.base_url.len() + request.path.len());
        url.push_str(&self.inner.base_url);
        url.push_str(&request.path);
        let mut url = reqwest::Url::parse(&url).map_err(|error| {
            Error::Config(format!(
                "invalid base URL `{}`: {error}",
                self.inner.base_url
            ))
        })?;
        if !request.query.is_empty() || !options.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in request.query.iter().chain(&options.query) {
                pairs.append_pair(key, value);
            }
        }
        // Each request says how its operation authenticates (`security` per operation);
        // the client applies its one key that way. A key in the query is added to the URL
        // once, before the attempts.
        #[cfg(feature = "auth")]
        if let (Some(key), Some(runtime::Auth::Query(name))) = (&self.inner.api_key, request.auth) {
            url.query_pairs_mut().append_pair(name, key);
        }
        let max_retries = options.max_retries.unwrap_or(self.inner.max_retries);
        let timeout = options.timeout.unwrap_or(self.inner.timeout);
        let mut retry: u32 = 0;
        loop {
            let mut builder = self.inner.http.request(request.method.clone(), url.clone());
            // Default, operation and per-call headers, in that order (later ones win).
            for headers in [&self.inner.headers, &request.headers, &options.headers] {
                if !headers.is_empty() {
                    builder = builder.headers(headers.clone());
                }
            }
            builder = builder.header(RETRY_COUNT_HEADER, retry);
            #[cfg(feature = "auth")]
            if let Some(key) = &self.inner.api_key {
                builder = match request.auth {
                    Some(runtime::Auth::Bearer) => builder.bearer_auth(key),
                    Some(runtime::Auth::Basic) => {
                        builder.header(reqwest::header::AUTHORIZATION, format!("Basic {key}"))
                    }
                    Some(runtime::Auth::Header(name)) => builder.header(name, key.as_str()),
                    Some(runtime::Auth::Query(_)) | None => builder,
                };
            }
            #[cfg(feature = "cookie")]
            if !request.cookies.is_empty() {
                builder = builder.header(reqwest::header::COOKIE, request.cookies.join("; "));
            }
            if let Some((body, content_type)) = &request.body {
                builder = builder
                    .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                    .body(body.clone());
            }
            // One timer per attempt covers sending and reading the whole body.
            let last = retry >= max_retries;
            let attempt = tokio::time::timeout(timeout, async {
                let mut response = builder.send().await?;
                let status = response.status();
                let headers = std::mem::take(response.headers_mut());
                if !last && runtime::should_retry(status, &headers) {
                    // Retried: the body is not read.
                    return Ok((status, headers, None));
                }
                let body = response.bytes().await?;
                Ok::<_, reqwest::Error>((status, headers, Some(body)))
            })
            .await;
            let retry_after = match attempt {
                Ok(Ok((status, headers, Some(body)))) => {
                    return Ok(runtime::Received {
                        status,
                        headers,
                        body,
                    });
                }
                Ok(Ok((_, headers, None))) => Some(headers),
                Ok(Err(error)) => {
                    // A timeout here comes from a timeout set on a custom `reqwest::Client`.
                    let retryable = error.is_timeout() || error.is_connect() || error.is_request();
                    if last || !retryable {
                        if error.is_timeout() {
                            return Err(Error::Timeout);
                        }
                        // With the key in the query string, errors must not carry the URL.
                        #[cfg(feature = "auth")]
                        let error = if matches!(request.auth, Some(runtime::Auth::Query(_))) {
                            error.without_url()
                        } else {
                            error
                        };
                        return Err(Error::Connection(error));
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
}

/// Configures a [`Client`].
#[derive(Clone, Default)]
pub struct ClientBuilder {
    #[cfg(feature = "auth")]
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
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

    /// Adds a header sent with every request.
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// Uses an existing `reqwest::Client` (its proxy, TLS and pool settings).
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
        reqwest::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("invalid base URL `{base_url}`: {error}")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .build()
                .map_err(|error| Error::Config(format!("cannot build the HTTP client: {error}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                #[cfg(feature = "auth")]
                api_key: Some(api_key),
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                headers: self.headers,
            }),
        })
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

/// A boxed future of a call's result: `'static` and `Send`.
type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// The future of an operation call; resolves to the decoded body.
///
/// It owns everything it needs (a clone of the [`Client`], which is an `Arc`, and the
/// built request), so it is `'static` and `Send`: store it, return it from a function,
/// collect many into `futures::future::join_all`, or `tokio::spawn` it. Nothing is sent
/// until it is polled; dropping it cancels the call.
#[must_use = "futures do nothing unless awaited"]
pub struct CallFuture<T> {
    inner: CallInner<T>,
}

enum CallInner<T> {
    /// An operation's response future, unwrapped to its body.
    Body(ResponseFuture<T>),
    /// Any other call (a waiter).
    #[cfg(feature = "wait")]
    Other(Boxed<T>),
}

impl<T> CallFuture<T> {
    /// The body of `response`.
    pub(crate) fn body(response: ResponseFuture<T>) -> Self {
        CallFuture {
            inner: CallInner::Body(response),
        }
    }

    /// Any future of a result.
    #[cfg(feature = "wait")]
    pub(crate) fn new(future: impl Future<Output = Result<T, Error>> + Send + 'static) -> Self {
        CallFuture {
            inner: CallInner::Other(Box::pin(future)),
        }
    }
}

impl<T> Future for CallFuture<T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.get_mut().inner {
            CallInner::Body(response) => Pin::new(response)
                .poll(cx)
                .map(|result| result.map(Response::into_body)),
            #[cfg(feature = "wait")]
            CallInner::Other(future) => future.as_mut().poll(cx),
        }
    }
}

impl<T> fmt::Debug for CallFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").finish_non_exhaustive()
    }
}

/// The future of an operation's `…_with_response` twin; resolves to the [`Response`]
/// (status, headers, raw body and decoded body). `'static` and `Send` like
/// [`CallFuture`].
#[must_use = "futures do nothing unless awaited"]
pub struct ResponseFuture<T> {
    inner: Boxed<Response<T>>,
}

impl<T> ResponseFuture<T> {
    pub(crate) fn new(
        future: impl Future<Output = Result<Response<T>, Error>> + Send + 'static,
    ) -> Self {
        ResponseFuture {
            inner: Box::pin(future),
        }
    }
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
        self
    }
}
