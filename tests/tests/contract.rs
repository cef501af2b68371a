//! Contract test: the generated `llama-cloud` SDK against a Prism mock of
//! `spec/batches.yaml`.
//!
//! Prism validates every request against the spec. An invalid request gets an
//! error status and an `sl-violations` header; a valid one gets the first
//! example of the documented response. The SDK only exposes the headers of
//! failed calls, so the client talks to Prism through a small recording TCP
//! tap: every exchange is checked for `sl-violations` (Prism also sets it on
//! 2xx answers, for warnings), and the exact wire request (path, query,
//! headers, JSON body) is compared with what the spec expects.
//!
//! Prism comes from the CI tools: `npm ci --prefix .ci` at the workspace root.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use llama_cloud::{
    ApiErrorKind, BatchConfiguration, BatchCreateRequest, BatchJobConfig, BatchJobType,
    BatchResponse, BatchStatus, CancelBatchParams, Client, CreateBatchParams,
    CreateDirectoryParams, DeleteDirectoryParams, DirectoryCreateRequest, DirectoryType, Error,
    ErrorBody, FilePart, GetBatchExpandItem, GetBatchParams, GetDirectoryParams, ListBatchesParams,
    ListDirectoryFilesParams, Nullable, RequestOptions, UploadDirectoryFileBody,
    UploadDirectoryFileParams, WebhookConfiguration, WebhookEvent,
};
use serde_json::json;
use uuid::Uuid;

/// How long Prism may take to accept connections (it needs about 5 s).
const READY_TIMEOUT: Duration = Duration::from_secs(60);
/// How long Prism may take to exit after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);
/// Timeout of every SDK call.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);
/// How often blocked tap threads look at the stop flag.
const TAP_POLL: Duration = Duration::from_millis(100);

const API_KEY: &str = "llx-contract-test-key";
const ORGANIZATION_ID: &str = "3f1e9c2a-7b4d-4e8f-9a6b-1c2d3e4f5a6b";
const PROJECT_ID: &str = "8d7c6b5a-4f3e-4d2c-b1a0-9f8e7d6c5b4a";
/// Ids used by the examples of the spec, which Prism answers with.
const BATCH_ID: &str = "bat-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const EXAMPLE_PROJECT_ID: &str = "prj-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const DIRECTORY_ID: &str = "dir-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const DIRECTORY_FILE_ID: &str = "dfl-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const PARSE_JOB_ID: &str = "pjb-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const CONFIGURATION_ID: &str = "cfg-PARSE_AGENTIC";
const CREATED_AT: &str = "2019-12-27T18:11:19.117Z";
const CANCEL_UPDATED_AT: &str = "2019-12-27T18:12:02.540Z";

// ---------------------------------------------------------------------------
// Prism
// ---------------------------------------------------------------------------

/// A running `prism mock`, in its own process group. Dropping it stops the
/// whole group, also when the test panics.
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
    stopped: bool,
}

impl Prism {
    fn start() -> Prism {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the sdk-tests crate lives inside the workspace");
        let prism = workspace.join(".ci/node_modules/.bin/prism");
        assert!(
            prism.is_file(),
            "Prism is not installed: {} does not exist.\n\
             Install the CI tools first: run `npm ci --prefix .ci` in {}",
            prism.display(),
            workspace.display(),
        );
        let spec = workspace.join("spec/batches.yaml");
        assert!(spec.is_file(), "{} does not exist", spec.display());

        let port = free_port();
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
        let out = File::create(&log)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", log.display()));
        let err = out.try_clone().expect("the log file handle can be cloned");
        let child = Command::new(&prism)
            .arg("mock")
            .arg(&spec)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", prism.display()));
        // From here on, the guard stops Prism whatever happens.
        let mut prism = Prism {
            child,
            port,
            log,
            stopped: false,
        };
        prism.wait_until_ready();
        prism
    }

    fn wait_until_ready(&mut self) {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        while started.elapsed() < READY_TIMEOUT {
            if let Some(status) = self
                .child
                .try_wait()
                .expect("the Prism process can be polled")
            {
                panic!(
                    "Prism exited ({status}) before accepting connections on port {}. Its output:\n{}",
                    self.port,
                    self.output()
                );
            }
            if TcpStream::connect_timeout(&address, Duration::from_millis(250)).is_ok() {
                eprintln!("Prism ready on {address} after {:?}", started.elapsed());
                return;
            }
            thread::sleep(Duration::from_millis(150));
        }
        panic!(
            "Prism did not accept connections on {address} within {READY_TIMEOUT:?}. Its output:\n{}",
            self.output()
        );
    }

    fn output(&self) -> String {
        std::fs::read_to_string(&self.log)
            .unwrap_or_else(|error| format!("<cannot read {}: {error}>", self.log.display()))
    }

    /// The process group: the child leads it (`process_group(0)`).
    fn pgid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the whole process group: SIGTERM, a bounded wait, then SIGKILL.
    fn stop(&mut self) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let pgid = self.pgid();
        signal_group("TERM", pgid);
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(50)),
                _ => {
                    signal_group("KILL", pgid);
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        // Anything the node process may have forked and left in the group.
        if group_alive(pgid) {
            signal_group("KILL", pgid);
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        self.stop();
        if thread::panicking() {
            eprintln!(
                "--- Prism output ({}) ---\n{}",
                self.log.display(),
                self.output()
            );
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("can bind an ephemeral port");
    listener
        .local_addr()
        .expect("a bound listener has an address")
        .port()
}

fn signal_group(signal: &str, pgid: u32) {
    let _ = Command::new("kill")
        .args(["-s", signal, "--", &format!("-{pgid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn group_alive(pgid: u32) -> bool {
    Command::new("kill")
        .args(["-0", "--", &format!("-{pgid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

// ---------------------------------------------------------------------------
// Recording tap between the SDK and Prism
// ---------------------------------------------------------------------------

/// Bytes seen on one connection since the last [`Tap::take`].
#[derive(Default)]
struct Transcript {
    requests: Vec<u8>,
    responses: Vec<u8>,
}

/// A TCP forwarder to Prism that records both directions of every connection.
/// Bytes are recorded before they are forwarded, so once an SDK call has
/// returned, its whole request and response are in the transcript.
struct Tap {
    port: u16,
    stop: Arc<AtomicBool>,
    transcripts: Arc<Mutex<Vec<Transcript>>>,
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl Tap {
    fn start(upstream_port: u16) -> Tap {
        let listener = TcpListener::bind("127.0.0.1:0").expect("can bind the tap");
        let port = listener.local_addr().expect("tap address").port();
        listener
            .set_nonblocking(true)
            .expect("the tap listener can be non-blocking");
        let stop = Arc::new(AtomicBool::new(false));
        let transcripts = Arc::new(Mutex::new(Vec::new()));
        let threads = Arc::new(Mutex::new(Vec::new()));
        let acceptor = {
            let (stop, transcripts, threads) = (stop.clone(), transcripts.clone(), threads.clone());
            thread::spawn(move || {
                accept_loop(&listener, upstream_port, &stop, &transcripts, &threads)
            })
        };
        Tap {
            port,
            stop,
            transcripts,
            threads,
            acceptor: Some(acceptor),
        }
    }

    /// The complete exchanges recorded since the last call, oldest first per
    /// connection.
    fn take(&self) -> Vec<Exchange> {
        let mut transcripts = lock(&self.transcripts);
        let mut exchanges = Vec::new();
        for transcript in transcripts.iter_mut() {
            let requests = parse_messages(&std::mem::take(&mut transcript.requests), false)
                .unwrap_or_else(|error| panic!("the tap cannot parse a request: {error}"));
            let responses = parse_messages(&std::mem::take(&mut transcript.responses), true)
                .unwrap_or_else(|error| panic!("the tap cannot parse a response: {error}"));
            assert_eq!(
                requests.len(),
                responses.len(),
                "a connection carried {} request(s) but {} response(s): {requests:#?} {responses:#?}",
                requests.len(),
                responses.len()
            );
            exchanges.extend(
                requests
                    .into_iter()
                    .zip(responses)
                    .map(|(request, response)| Exchange { request, response }),
            );
        }
        exchanges
    }
}

impl Drop for Tap {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let threads = std::mem::take(&mut *lock(&self.threads));
        for handle in threads {
            let _ = handle.join();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn accept_loop(
    listener: &TcpListener,
    upstream_port: u16,
    stop: &Arc<AtomicBool>,
    transcripts: &Arc<Mutex<Vec<Transcript>>>,
    threads: &Arc<Mutex<Vec<JoinHandle<()>>>>,
) {
    while !stop.load(Ordering::SeqCst) {
        let client = match listener.accept() {
            Ok((client, _)) => client,
            Err(error) if error.kind() == ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(5));
                continue;
            }
            Err(error) => {
                eprintln!("tap: accept failed: {error}");
                return;
            }
        };
        let Ok(upstream) = TcpStream::connect(("127.0.0.1", upstream_port)) else {
            eprintln!("tap: cannot connect to Prism on port {upstream_port}");
            continue;
        };
        let connection = {
            let mut transcripts = lock(transcripts);
            transcripts.push(Transcript::default());
            transcripts.len() - 1
        };
        let (Ok(client_reader), Ok(upstream_reader)) = (client.try_clone(), upstream.try_clone())
        else {
            eprintln!("tap: cannot clone sockets");
            continue;
        };
        let mut handles = lock(threads);
        for (from, to, is_response) in [
            (client_reader, upstream, false),
            (upstream_reader, client, true),
        ] {
            let (stop, transcripts) = (stop.clone(), transcripts.clone());
            handles.push(thread::spawn(move || {
                pump(from, to, &stop, |bytes| {
                    let mut transcripts = lock(&transcripts);
                    let transcript = &mut transcripts[connection];
                    if is_response {
                        transcript.responses.extend_from_slice(bytes);
                    } else {
                        transcript.requests.extend_from_slice(bytes);
                    }
                });
            }));
        }
    }
}

/// Copies `from` to `to`, recording every chunk first, until end of stream,
/// an error, or the stop flag.
fn pump(mut from: TcpStream, mut to: TcpStream, stop: &AtomicBool, record: impl Fn(&[u8])) {
    let _ = from.set_nonblocking(false);
    let _ = to.set_nonblocking(false);
    if from.set_read_timeout(Some(TAP_POLL)).is_err() {
        return;
    }
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                record(&buffer[..n]);
                if to.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
            Err(error) if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

/// One HTTP/1.1 message seen on the wire.
#[derive(Debug)]
struct Message {
    /// Start line and header lines, without the final blank line.
    head: String,
    body: Vec<u8>,
}

impl Message {
    fn start_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// The first value of header `name` (case-insensitive).
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then_some(value.trim())
        })
    }

    fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A request and the response it got.
#[derive(Debug)]
struct Exchange {
    request: Message,
    response: Message,
}

impl Exchange {
    fn method(&self) -> &str {
        self.request
            .start_line()
            .split(' ')
            .next()
            .unwrap_or_default()
    }

    fn target(&self) -> &str {
        self.request
            .start_line()
            .split(' ')
            .nth(1)
            .unwrap_or_default()
    }

    fn path(&self) -> &str {
        self.target().split('?').next().unwrap_or_default()
    }

    /// The decoded query pairs, sorted (order carries no meaning).
    fn query(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .target()
            .split_once('?')
            .map(|(_, query)| query)
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (percent_decode(key), percent_decode(value))
            })
            .collect();
        pairs.sort();
        pairs
    }

    fn status(&self) -> u16 {
        self.response
            .start_line()
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_default()
    }

    fn violations(&self) -> Option<&str> {
        self.response.header("sl-violations")
    }

    fn describe(&self) -> String {
        format!(
            "request:\n{}\n\n{}\nresponse:\n{}\n\n{}",
            self.request.head,
            self.request.body_text(),
            self.response.head,
            self.response.body_text()
        )
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Splits a connection's bytes in one direction into complete HTTP/1.1 messages.
fn parse_messages(mut bytes: &[u8], responses: bool) -> Result<Vec<Message>, String> {
    let mut messages = Vec::new();
    while !bytes.is_empty() {
        let end = find(bytes, b"\r\n\r\n").ok_or_else(|| {
            format!(
                "incomplete head: {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(200)])
            )
        })?;
        let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
        bytes = &bytes[end + 4..];
        let mut message = Message {
            head,
            body: Vec::new(),
        };
        if let Some(length) = message.header("content-length") {
            let length: usize = length
                .parse()
                .map_err(|_| format!("bad content-length in {}", message.head))?;
            let body = bytes
                .get(..length)
                .ok_or_else(|| format!("truncated body after {}", message.head))?;
            message.body = body.to_vec();
            bytes = &bytes[length..];
        } else if message
            .header("transfer-encoding")
            .is_some_and(|value| value.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let line_end =
                    find(bytes, b"\r\n").ok_or_else(|| "incomplete chunk size".to_string())?;
                let size_text = String::from_utf8_lossy(&bytes[..line_end]);
                let size_text = size_text.split(';').next().unwrap_or_default().trim();
                let size = usize::from_str_radix(size_text, 16)
                    .map_err(|_| format!("bad chunk size {size_text:?}"))?;
                bytes = &bytes[line_end + 2..];
                if size == 0 {
                    // No trailer: a blank line; else trailer lines ending in one.
                    let trailer_end = if bytes.starts_with(b"\r\n") {
                        2
                    } else {
                        find(bytes, b"\r\n\r\n")
                            .map(|at| at + 4)
                            .ok_or_else(|| "incomplete chunked trailer".to_string())?
                    };
                    bytes = &bytes[trailer_end..];
                    break;
                }
                let chunk = bytes
                    .get(..size)
                    .ok_or_else(|| "truncated chunk".to_string())?;
                message.body.extend_from_slice(chunk);
                bytes = bytes
                    .get(size + 2..)
                    .ok_or_else(|| "truncated chunk end".to_string())?;
            }
        } else if responses {
            let status = message.start_line().split(' ').nth(1).unwrap_or_default();
            if !(status.starts_with('1') || status == "204" || status == "304") {
                // Delimited by the end of the connection.
                message.body = bytes.to_vec();
                bytes = &[];
            }
        }
        messages.push(message);
    }
    Ok(messages)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' => match bytes
                .get(index + 1..index + 3)
                .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
                .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok())
            {
                Some(byte) => {
                    out.push(byte);
                    index += 2;
                }
                None => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// What one SDK call must have put on the wire.
struct Expected<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    body: Option<serde_json::Value>,
    status: u16,
}

/// Describes an SDK error, with the status, `sl-violations` and body of API errors.
fn describe_error(error: &Error) -> String {
    let mut text = format!("{error}");
    if let Some(api) = error.api() {
        let violations = api
            .headers
            .get("sl-violations")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("<none>");
        text.push_str(&format!(
            "\n  status: {}\n  sl-violations: {violations}\n  headers: {:?}\n  body: {}",
            api.status, api.headers, api.body
        ));
    }
    text
}

/// Awaits one SDK call and checks it end to end: it succeeded, it was the only
/// exchange, Prism reported no violation, and the request on the wire is the
/// expected one.
async fn check<T>(
    tap: &Tap,
    name: &str,
    call: impl Future<Output = Result<T, Error>>,
    expected: Expected<'_>,
) -> T {
    let result = call.await;
    let exchanges = tap.take();
    let exchange = match exchanges.as_slice() {
        [exchange] => exchange,
        other => panic!(
            "{name}: expected exactly one HTTP exchange, saw {}: {other:#?} (call result: {})",
            other.len(),
            match &result {
                Ok(_) => "Ok".to_string(),
                Err(error) => describe_error(error),
            }
        ),
    };
    let value = match result {
        Ok(value) => value,
        Err(error) => panic!(
            "{name}: the call failed: {}\n\non the wire:\n{}",
            describe_error(&error),
            exchange.describe()
        ),
    };
    if let Some(violations) = exchange.violations() {
        panic!(
            "{name}: Prism reported violations: {violations}\n\non the wire:\n{}",
            exchange.describe()
        );
    }
    assert_eq!(
        exchange.status(),
        expected.status,
        "{name}: unexpected status\n{}",
        exchange.describe()
    );
    assert_eq!(exchange.method(), expected.method, "{name}: method");
    assert_eq!(exchange.path(), expected.path, "{name}: path");
    let mut query: Vec<(String, String)> = expected
        .query
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    query.sort();
    assert_eq!(
        exchange.query(),
        query,
        "{name}: query string of {}",
        exchange.target()
    );
    assert_eq!(
        exchange.request.header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str()),
        "{name}: authorization header"
    );
    match expected.body {
        Some(body) => {
            assert_eq!(
                exchange.request.header("content-type"),
                Some("application/json"),
                "{name}: content type"
            );
            let sent: serde_json::Value = serde_json::from_slice(&exchange.request.body)
                .unwrap_or_else(|error| {
                    panic!("{name}: the request body is not JSON ({error}): {exchange:#?}")
                });
            assert_eq!(sent, body, "{name}: request body");
        }
        None => assert!(
            exchange.request.body.is_empty(),
            "{name}: unexpected request body {:?}",
            exchange.request.body_text()
        ),
    }
    value
}

fn timestamp(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|error| panic!("{text} is not RFC 3339: {error}"))
        .with_timezone(&Utc)
}

/// Checks a batch decoded from one of the spec's `BatchResponse` examples.
fn assert_example_batch(
    name: &str,
    batch: &BatchResponse,
    status: BatchStatus,
    updated_at: &str,
    with_results: bool,
) {
    assert_eq!(batch.id, BATCH_ID, "{name}: id");
    assert_eq!(batch.project_id, EXAMPLE_PROJECT_ID, "{name}: project_id");
    assert_eq!(
        batch.source_directory_id, DIRECTORY_ID,
        "{name}: source_directory_id"
    );
    assert_eq!(
        batch.config,
        BatchConfiguration::new(BatchJobConfig::new(BatchJobType::ParseV2, CONFIGURATION_ID)),
        "{name}: config"
    );
    assert_eq!(batch.status, status, "{name}: status");
    assert_eq!(
        batch.created_at,
        Some(timestamp(CREATED_AT)),
        "{name}: created_at"
    );
    assert_eq!(
        batch.updated_at,
        Some(timestamp(updated_at)),
        "{name}: updated_at"
    );
    if with_results {
        let results = batch
            .results
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: results missing: {batch:#?}"));
        let [result] = results else {
            panic!("{name}: expected one result, got {results:#?}");
        };
        assert_eq!(result.source_directory_file_id, DIRECTORY_FILE_ID);
        let reference = result
            .job_reference
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: job_reference missing: {result:#?}"));
        assert_eq!(reference.type_, BatchJobType::ParseV2);
        assert_eq!(reference.id, PARSE_JOB_ID);
        assert_eq!(result.error_message, None);
    } else {
        assert_eq!(batch.results, None, "{name}: results");
    }
}

// ---------------------------------------------------------------------------
// The test
// ---------------------------------------------------------------------------

#[tokio::test]
async fn sdk_requests_conform_to_the_spec() {
    let started = Instant::now();
    let prism = Prism::start();
    let pgid = prism.pgid();
    let tap = Tap::start(prism.port);
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://127.0.0.1:{}", tap.port))
        .max_retries(0)
        .timeout(CALL_TIMEOUT)
        .build()
        .expect("the client builds");
    let batches = client.batches();

    let organization = Uuid::parse_str(ORGANIZATION_ID).expect("valid UUID literal");
    let project = Uuid::parse_str(PROJECT_ID).expect("valid UUID literal");
    let scope: &[(&str, &str)] = &[
        ("organization_id", ORGANIZATION_ID),
        ("project_id", PROJECT_ID),
    ];
    let batch_path = format!("/api/v2/batches/{BATCH_ID}");
    let cancel_path = format!("/api/v2/batches/{BATCH_ID}/cancel");
    let job =
        || BatchConfiguration::new(BatchJobConfig::new(BatchJobType::ParseV2, CONFIGURATION_ID));

    // --- create: every optional field and parameter set -------------------
    let mut body = BatchCreateRequest::new(DIRECTORY_ID, job());
    body.webhook_configuration_ids = Some(Nullable::Value(vec![
        "whc-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee".to_string(),
        "whc-ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee".to_string(),
    ]));
    let mut webhook = WebhookConfiguration::new();
    webhook.webhook_url = Some("https://example.com/webhooks/llamacloud".to_string().into());
    webhook.webhook_events = Some(Nullable::Value(vec![
        WebhookEvent::BatchSuccess,
        WebhookEvent::BatchError,
        WebhookEvent::BatchCancelled,
    ]));
    webhook.webhook_headers = Some(Nullable::Value(BTreeMap::from([
        (
            "Authorization".to_string(),
            "Bearer my-webhook-token".to_string(),
        ),
        ("X-Source".to_string(), "contract-test".to_string()),
    ])));
    webhook.webhook_output_format = Some("json".to_string().into());
    webhook.webhook_signing_secret = Some("whsec-contract-test".to_string().into());
    body.webhook_configurations = Some(Nullable::Value(vec![webhook]));
    let created = check(
        &tap,
        "create (all options)",
        batches.create(
            CreateBatchParams::new(body)
                .organization_id(organization)
                .project_id(project),
        ),
        Expected {
            method: "POST",
            path: "/api/v2/batches",
            query: scope,
            body: Some(json!({
                "source_directory_id": DIRECTORY_ID,
                "config": {"job": {"type": "parse_v2", "configuration_id": CONFIGURATION_ID}},
                "webhook_configuration_ids": [
                    "whc-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
                    "whc-ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee"
                ],
                "webhook_configurations": [{
                    "webhook_url": "https://example.com/webhooks/llamacloud",
                    "webhook_events": ["batch.success", "batch.error", "batch.cancelled"],
                    "webhook_headers": {
                        "Authorization": "Bearer my-webhook-token",
                        "X-Source": "contract-test"
                    },
                    "webhook_output_format": "json",
                    "webhook_signing_secret": "whsec-contract-test"
                }]
            })),
            status: 201,
        },
    )
    .await;
    assert_example_batch(
        "create (all options)",
        &created,
        BatchStatus::Pending,
        CREATED_AT,
        false,
    );

    // --- create: required fields only --------------------------------------
    let created = check(
        &tap,
        "create (required only)",
        batches.create(CreateBatchParams::new(BatchCreateRequest::new(
            DIRECTORY_ID,
            job(),
        ))),
        Expected {
            method: "POST",
            path: "/api/v2/batches",
            query: &[],
            body: Some(json!({
                "source_directory_id": DIRECTORY_ID,
                "config": {"job": {"type": "parse_v2", "configuration_id": CONFIGURATION_ID}}
            })),
            status: 201,
        },
    )
    .await;
    assert_example_batch(
        "create (required only)",
        &created,
        BatchStatus::Pending,
        CREATED_AT,
        false,
    );

    // --- list: every filter -------------------------------------------------
    let page = check(
        &tap,
        "list (all filters)",
        batches.list(
            ListBatchesParams::default()
                .organization_id(organization)
                .project_id(project)
                .page_size(25)
                .page_token("tok-opaque-page-2")
                .created_at_on_or_after(timestamp("2024-01-01T00:00:00Z"))
                .created_at_on_or_before(timestamp("2024-12-31T23:59:59.250Z"))
                .status(BatchStatus::Completed)
                .source_directory_id(DIRECTORY_ID),
        ),
        Expected {
            method: "GET",
            path: "/api/v2/batches",
            query: &[
                ("organization_id", ORGANIZATION_ID),
                ("project_id", PROJECT_ID),
                ("page_size", "25"),
                ("page_token", "tok-opaque-page-2"),
                ("created_at_on_or_after", "2024-01-01T00:00:00Z"),
                ("created_at_on_or_before", "2024-12-31T23:59:59.250Z"),
                ("status", "COMPLETED"),
                ("source_directory_id", DIRECTORY_ID),
            ],
            body: None,
            status: 200,
        },
    )
    .await;
    let [item] = page.items.as_slice() else {
        panic!("list (all filters): expected one item, got {page:#?}");
    };
    assert_example_batch(
        "list (all filters)",
        item,
        BatchStatus::Completed,
        CREATED_AT,
        false,
    );
    assert_eq!(page.next_page_token, None, "list: next_page_token");
    assert_eq!(page.total_size, Some(1), "list: total_size");

    // --- list: no filter ----------------------------------------------------
    let page = check(
        &tap,
        "list (no filter)",
        batches.list(ListBatchesParams::default()),
        Expected {
            method: "GET",
            path: "/api/v2/batches",
            query: &[],
            body: None,
            status: 200,
        },
    )
    .await;
    assert_eq!(page.items.len(), 1, "list (no filter): {page:#?}");
    assert_example_batch(
        "list (no filter)",
        &page.items[0],
        BatchStatus::Completed,
        CREATED_AT,
        false,
    );

    // --- get: expand=results and the scope ----------------------------------
    let batch = check(
        &tap,
        "get (all options)",
        batches.get(
            GetBatchParams::new(BATCH_ID)
                .expand(vec![GetBatchExpandItem::Results])
                .organization_id(organization)
                .project_id(project),
        ),
        Expected {
            method: "GET",
            path: &batch_path,
            query: &[
                ("expand", "results"),
                ("organization_id", ORGANIZATION_ID),
                ("project_id", PROJECT_ID),
            ],
            body: None,
            status: 200,
        },
    )
    .await;
    assert_example_batch(
        "get (all options)",
        &batch,
        BatchStatus::Completed,
        CREATED_AT,
        true,
    );

    // --- get: id only -------------------------------------------------------
    let batch = check(
        &tap,
        "get (id only)",
        batches.get(GetBatchParams::new(BATCH_ID)),
        Expected {
            method: "GET",
            path: &batch_path,
            query: &[],
            body: None,
            status: 200,
        },
    )
    .await;
    // Prism always answers with the documented example, which has results.
    assert_example_batch(
        "get (id only)",
        &batch,
        BatchStatus::Completed,
        CREATED_AT,
        true,
    );

    // --- cancel: with and without the scope ----------------------------------
    let cancelled = check(
        &tap,
        "cancel (all options)",
        batches.cancel(
            CancelBatchParams::new(BATCH_ID)
                .organization_id(organization)
                .project_id(project),
        ),
        Expected {
            method: "POST",
            path: &cancel_path,
            query: scope,
            body: None,
            status: 200,
        },
    )
    .await;
    assert_example_batch(
        "cancel (all options)",
        &cancelled,
        BatchStatus::Running,
        CANCEL_UPDATED_AT,
        false,
    );
    let cancelled = check(
        &tap,
        "cancel (id only)",
        batches.cancel(CancelBatchParams::new(BATCH_ID)),
        Expected {
            method: "POST",
            path: &cancel_path,
            query: &[],
            body: None,
            status: 200,
        },
    )
    .await;
    assert_example_batch(
        "cancel (id only)",
        &cancelled,
        BatchStatus::Running,
        CANCEL_UPDATED_AT,
        false,
    );

    // --- directories: the batch's input, including a multipart upload ------------
    let directories = client.directories();
    let mut request = DirectoryCreateRequest::new("batch-input");
    request.type_ = Some(DirectoryType::Ephemeral);
    request.expires_at = Some(timestamp("2030-01-01T00:00:00Z").into());
    let directory = check(
        &tap,
        "create directory",
        directories.create(CreateDirectoryParams::new(request)),
        Expected {
            method: "POST",
            path: "/api/v1/beta/directories",
            query: &[],
            body: Some(json!({
                "name": "batch-input",
                "type": "ephemeral",
                "expires_at": "2030-01-01T00:00:00Z",
            })),
            status: 200,
        },
    )
    .await;
    assert!(directory.id.starts_with("dir-"), "{directory:?}");
    let directory_path = format!("/api/v1/beta/directories/{}", directory.id);
    let fetched = check(
        &tap,
        "get directory",
        directories.get(GetDirectoryParams::new(directory.id.clone())),
        Expected {
            method: "GET",
            path: &directory_path,
            query: &[],
            body: None,
            status: 200,
        },
    )
    .await;
    assert_eq!(fetched.id, directory.id);
    let files_path = format!("{directory_path}/files");
    let page = check(
        &tap,
        "list directory files",
        directories.list_files(ListDirectoryFilesParams::new(directory.id.clone()).page_size(10)),
        Expected {
            method: "GET",
            path: &files_path,
            query: &[("page_size", "10")],
            body: None,
            status: 200,
        },
    )
    .await;
    assert!(!page.items.is_empty(), "{page:?}");
    let mut form = UploadDirectoryFileBody::new(
        FilePart::new(b"hello".to_vec())
            .file_name("hello.txt")
            .content_type("text/plain"),
    );
    form.display_name = Some("hello.txt".to_string());
    let upload = directories
        .upload_file(UploadDirectoryFileParams::new(directory.id.clone(), form))
        .await;
    let exchanges = tap.take();
    let [exchange] = exchanges.as_slice() else {
        panic!("upload: expected one exchange, saw {exchanges:#?}");
    };
    let uploaded = upload.unwrap_or_else(|error| {
        panic!(
            "upload: {}\n{}",
            describe_error(&error),
            exchange.describe()
        )
    });
    assert!(
        exchange.violations().is_none(),
        "upload: {}",
        exchange.describe()
    );
    assert_eq!(exchange.status(), 201, "upload: {}", exchange.describe());
    assert!(
        exchange
            .request
            .header("content-type")
            .is_some_and(|value| value.starts_with("multipart/form-data; boundary=")),
        "upload: {}",
        exchange.describe()
    );
    assert!(uploaded.id.starts_with("dfl-"), "{uploaded:?}");
    check(
        &tap,
        "delete directory",
        directories.delete(DeleteDirectoryParams::new(directory.id.clone())),
        Expected {
            method: "DELETE",
            path: &directory_path,
            query: &[],
            body: None,
            status: 204,
        },
    )
    .await;

    // --- negative: Prism really validates ------------------------------------
    // `expand` only accepts `results`; the extra query pair makes the request invalid.
    let result = client
        .batches()
        .with_options(RequestOptions::new().query("expand", "bogus"))
        .get(GetBatchParams::new(BATCH_ID))
        .await;
    let exchanges = tap.take();
    let [exchange] = exchanges.as_slice() else {
        panic!("negative case: expected one exchange, saw {exchanges:#?}");
    };
    let error = match result {
        Ok(batch) => panic!(
            "negative case: Prism accepted `expand=bogus` ({batch:?}):\n{}",
            exchange.describe()
        ),
        Err(error) => error,
    };
    let api = error
        .api()
        .unwrap_or_else(|| panic!("negative case: not an API error: {error:?}"));
    assert_eq!(api.status.as_u16(), 422, "{}", describe_error(&error));
    assert_eq!(api.kind(), ApiErrorKind::UnprocessableEntity);
    assert!(error.status().is_some_and(|status| status.as_u16() == 422));
    assert!(!error.is_retryable());
    let violations = api
        .headers
        .get("sl-violations")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| panic!("negative case: no sl-violations header: {api:#?}"));
    assert!(
        violations.contains("expand"),
        "negative case: the violation should name `expand`: {violations}"
    );
    assert_eq!(
        exchange.violations(),
        Some(violations),
        "the tap sees the same violations as the SDK"
    );
    assert_eq!(exchange.target(), format!("{batch_path}?expand=bogus"));
    assert!(!api.body.is_empty(), "negative case: empty body");
    match &api.typed {
        Some(ErrorBody::HttpValidationError(validation)) => {
            let detail = validation.detail.as_deref().unwrap_or_default();
            assert!(
                !detail.is_empty(),
                "negative case: empty `detail`: {validation:#?}"
            );
        }
        other => panic!(
            "negative case: the body was not decoded as HTTPValidationError: {other:?}\nbody: {}",
            api.body
        ),
    }

    // --- teardown: nothing of Prism may survive --------------------------------
    drop(client);
    drop(tap);
    drop(prism);
    assert!(
        !group_alive(pgid),
        "processes of Prism's group {pgid} are still running"
    );
    eprintln!("contract test finished in {:?}", started.elapsed());
}
