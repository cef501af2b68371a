//! Runtime overhead of the generated SDK (`llama_cloud`) against hand-written code.
//!
//! Prints one JSON object on stdout with the raw per-round numbers (`bench/run.py` takes the
//! medians and writes them into `BENCHMARKS.md`):
//!
//! * `get`: requests/second of `client.batches().get(..)` against a local HTTP server
//!   (127.0.0.1, std threads, keep-alive) versus the same GET made with plain `reqwest` and
//!   decoded by `serde_json` into hand-written structs; sequential requests, one in flight.
//!   "Plain" sends the same headers as the SDK (`user-agent`, `accept`, `x-retry-count`,
//!   bearer token); "plain_bare" sends the token only, to show what the extra header bytes
//!   cost; "plain_timeout" sends the same headers with a 60 s timeout on the request, as the
//!   SDK puts one on each attempt, to show what the timer costs.
//! * `list`: the same for a 10,000-batch list page (`client.batches().list(..)`).
//! * `decode`: decoding the same 10,000-batch page from memory into
//!   `llama_cloud::BatchQueryResponse` (as the client's `runtime::decode` does it, and
//!   with plain `serde_json::from_slice`) versus hand-written `#[derive(Deserialize)]` structs;
//!   also the single 592-byte GET body, to split the GET overhead into decode and the rest.
//! * For `get` and `list` also the process CPU time per request (client + server threads).
//!
//! The client thread is pinned to CPU 0 and the server threads to CPU 1 (when there are two).
//!
//! Variants are interleaved finely inside every round (GETs in blocks of requests/10, list
//! pages and decodes one at a time, order rotated) so a burst of load elsewhere on the machine
//! hits every variant about equally; `bench/run.py` reports medians of per-round ratios.
//! Every loop is bounded; the server accepts at most `MAX_REQUESTS` requests, stops after
//! `SERVER_DEADLINE`, and is stopped and joined before the program exits.
//!
//! Usage: `runtime-bench [--rounds N] [--requests N] [--items N]`

use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::Deserialize;

const MAX_REQUESTS: u64 = 2_000_000;
/// The `user-agent` the generated client sends (`generated/src/client.rs`).
const SDK_USER_AGENT: &str = "llama-cloud/0.1.0 (Rust)";
const SERVER_DEADLINE: Duration = Duration::from_secs(600);

// ---------------------------------------------------------------------------------------------
// Hand-written types of the same shape as the generated `BatchQueryResponse` / `BatchResponse`
// (what a person would write: closed enums, chrono timestamps, `Option` for optional fields).

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct HandPage {
    items: Vec<HandBatch>,
    next_page_token: Option<String>,
    total_size: Option<i64>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct HandBatch {
    id: String,
    project_id: String,
    source_directory_id: String,
    config: HandConfig,
    status: HandStatus,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    results: Option<Vec<HandResult>>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct HandConfig {
    job: HandJob,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct HandJob {
    #[serde(rename = "type")]
    kind: HandJobType,
    configuration_id: String,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
enum HandJobType {
    #[serde(rename = "parse_v2")]
    ParseV2,
    #[serde(rename = "extract_v2")]
    ExtractV2,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum HandStatus {
    Pending,
    Throttled,
    Running,
    Completed,
    Failed,
    Cancelled,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct HandResult {
    source_directory_file_id: String,
    job_reference: Option<HandJobReference>,
    error_message: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, Deserialize)]
struct HandJobReference {
    #[serde(rename = "type")]
    kind: HandJobType,
    id: String,
}

// ---------------------------------------------------------------------------------------------
// Test data.

const STATUSES: [&str; 6] = [
    "PENDING",
    "THROTTLED",
    "RUNNING",
    "COMPLETED",
    "FAILED",
    "CANCELLED",
];

fn batch_json(i: usize) -> String {
    let kind = if i % 3 == 0 { "extract_v2" } else { "parse_v2" };
    let status = STATUSES[i % STATUSES.len()];
    format!(
        concat!(
            r#"{{"id":"bat-{i:08x}-4b1d-4c0e-9f00-{i:012x}","#,
            r#""project_id":"prj-7f3a2c10-1111-4e2b-a000-{p:012x}","#,
            r#""source_directory_id":"dir-0c9e5d2a-2222-4f1c-b000-{i:012x}","#,
            r#""config":{{"job":{{"type":"{kind}","configuration_id":"cfg-{i:08x}"}}}},"#,
            r#""status":"{status}","#,
            r#""created_at":"2026-03-{d:02}T10:{m:02}:{s:02}.123456Z","#,
            r#""updated_at":"2026-03-{d:02}T11:{m:02}:{s:02}.654321Z","#,
            r#""results":["#,
            r#"{{"source_directory_file_id":"dfl-{i:08x}-a","job_reference":{{"type":"{kind}","id":"job-{i:08x}-a"}},"error_message":null}},"#,
            r#"{{"source_directory_file_id":"dfl-{i:08x}-b","job_reference":null,"error_message":"unsupported file type"}}"#,
            r#"]}}"#
        ),
        i = i,
        p = i % 17,
        kind = kind,
        status = status,
        d = 1 + i % 28,
        m = i % 60,
        s = (i * 7) % 60,
    )
}

fn page_json(items: usize) -> Vec<u8> {
    let mut out = String::with_capacity(items * 600 + 64);
    out.push_str(r#"{"items":["#);
    for i in 0..items {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&batch_json(i));
    }
    out.push_str(r#"],"next_page_token":"tok-next","total_size":123456}"#);
    out.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// A tiny HTTP/1.1 keep-alive server on 127.0.0.1 (one thread per connection).

struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    served: Arc<AtomicU64>,
    acceptor: Option<JoinHandle<()>>,
    workers: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

fn response(body: &[u8]) -> Arc<Vec<u8>> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    Arc::new(out)
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

impl Server {
    fn start(single: Vec<u8>, page: Vec<u8>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let served = Arc::new(AtomicU64::new(0));
        let workers: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let single = response(&single);
        let page = response(&page);
        let started = Instant::now();
        let acceptor = {
            let (stop, served, workers) = (stop.clone(), served.clone(), workers.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) || started.elapsed() > SERVER_DEADLINE {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (stop, served) = (stop.clone(), served.clone());
                    let (single, page) = (single.clone(), page.clone());
                    let handle = std::thread::spawn(move || {
                        pin_to_cpu(1);
                        serve(stream, &stop, &served, started, &single, &page)
                    });
                    workers.lock().unwrap().push(handle);
                }
            })
        };
        Server {
            addr,
            stop,
            served,
            acceptor: Some(acceptor),
            workers,
        }
    }

    fn stop(mut self) -> u64 {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor up with one last connection.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            acceptor.join().unwrap();
        }
        let workers = std::mem::take(&mut *self.workers.lock().unwrap());
        for worker in workers {
            worker.join().unwrap();
        }
        self.served.load(Ordering::SeqCst)
    }
}

fn serve(
    mut stream: TcpStream,
    stop: &AtomicBool,
    served: &AtomicU64,
    started: Instant,
    single: &[u8],
    page: &[u8],
) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        if stop.load(Ordering::SeqCst) || started.elapsed() > SERVER_DEADLINE {
            break;
        }
        // One request per loop: read until the end of the headers (GET requests, no body).
        let end = loop {
            if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break Some(pos + 4);
            }
            if buf.len() > 64 * 1024 {
                break None;
            }
            match stream.read(&mut chunk) {
                Ok(0) => break None,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    if stop.load(Ordering::SeqCst) || started.elapsed() > SERVER_DEADLINE {
                        break None;
                    }
                }
                Err(_) => break None,
            }
        };
        let Some(end) = end else { break };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        buf.drain(..end);
        let path = head.split_whitespace().nth(1).unwrap_or("");
        let reply: &[u8] = if path.starts_with("/api/v2/batches/") {
            single
        } else if path == "/api/v2/batches" || path.starts_with("/api/v2/batches?") {
            page
        } else {
            NOT_FOUND
        };
        if stream.write_all(reply).is_err() {
            break;
        }
        if served.fetch_add(1, Ordering::SeqCst) + 1 >= MAX_REQUESTS {
            break;
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
}

// ---------------------------------------------------------------------------------------------

struct Args {
    /// `--profile generated|plain N`: only N GETs of one variant, for `perf` (no JSON).
    profile: Option<(String, usize)>,
    rounds: usize,
    requests: usize,
    items: usize,
    list_requests: usize,
}

fn args() -> Args {
    let mut out = Args {
        profile: None,
        rounds: 9,
        requests: 2000,
        items: 10_000,
        list_requests: 4,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < argv.len() {
        if argv[i] == "--profile" {
            let variant = argv.get(i + 1).cloned().unwrap_or_default();
            let count = argv
                .get(i + 2)
                .and_then(|v| v.parse().ok())
                .unwrap_or(10_000);
            out.profile = Some((variant, count.clamp(1, 1_000_000)));
            i += 3;
            continue;
        }
        let value = argv
            .get(i + 1)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or_else(|| {
                panic!("`{}` needs a number", argv[i]);
            });
        match argv[i].as_str() {
            "--rounds" => out.rounds = value.clamp(1, 100),
            "--requests" => out.requests = value.clamp(1, 100_000),
            "--items" => out.items = value.clamp(1, 1_000_000),
            "--list-requests" => out.list_requests = value.clamp(1, 1000),
            other => panic!("unknown argument `{other}`"),
        }
        i += 2;
    }
    out
}

/// Pins the calling thread to one CPU (when the machine has more than one), so the client and
/// the server threads do not migrate between cores mid-measurement: with two cores, whether a
/// connection's server thread happened to share the client's core changed a request's cost ~4×.
fn pin_to_cpu(cpu: usize) {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cpus < 2 {
        return;
    }
    // SAFETY: `set` is a zeroed, valid cpu_set_t; pid 0 means the calling thread.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu % cpus, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// CPU time of the whole process (client and server threads), in seconds.
fn cpu_now() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant Linux supports.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn secs<F: FnMut()>(mut f: F) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

fn list(values: &[f64]) -> String {
    let parts: Vec<String> = values.iter().map(|v| format!("{v:.9}")).collect();
    format!("[{}]", parts.join(","))
}

fn decode_generated_like_client(bytes: &[u8]) -> llama_cloud::BatchQueryResponse {
    decode_like_client(bytes)
}

fn decode_like_client<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    // What the SDK's `runtime::decode` does for every response body: plain serde_json, and
    // only when that fails a second pass with serde_path_to_error to locate the problem.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return value;
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).expect("generated decode (path_to_error)")
}

/// Only `count` GETs of one variant (after a warm-up), for a profiler: `generated` through
/// the SDK, `plain` with reqwest and the same headers.
fn profile(variant: &str, count: usize) {
    pin_to_cpu(0);
    let server = Server::start(batch_json(1).into_bytes(), page_json(1));
    let base = format!("http://{}", server.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = llama_cloud::Client::builder()
            .api_key("x")
            .base_url(base.clone())
            .max_retries(0)
            .build()
            .expect("client");
        let http = reqwest::Client::new();
        let url = format!("{base}/api/v2/batches/bat-1");
        let started = Instant::now();
        for _ in 0..count {
            if variant == "generated" {
                let batch = client
                    .batches()
                    .get(llama_cloud::GetBatchParams::new("bat-1"))
                    .await
                    .expect("generated get");
                black_box(batch);
            } else {
                let response = http
                    .get(&url)
                    .bearer_auth("x")
                    .header(reqwest::header::USER_AGENT, SDK_USER_AGENT)
                    .header(reqwest::header::ACCEPT, "application/json")
                    .header("x-retry-count", 0)
                    .send()
                    .await
                    .expect("plain get");
                let bytes = response.bytes().await.expect("plain body");
                black_box(serde_json::from_slice::<HandBatch>(&bytes).expect("plain decode"));
            }
        }
        eprintln!(
            "{variant}: {count} GETs, {:.2} µs each",
            started.elapsed().as_secs_f64() * 1e6 / count as f64
        );
    });
    drop(runtime);
    server.stop();
}

fn main() {
    let args = args();
    if let Some((variant, count)) = &args.profile {
        profile(variant, *count);
        return;
    }
    let page = page_json(args.items);
    let single = batch_json(1).into_bytes();

    // ---- sanity: both sides decode the same data ----
    let hand: HandPage = serde_json::from_slice(&page).expect("hand-written decode");
    let generated = decode_generated_like_client(&page);
    assert_eq!(hand.items.len(), args.items);
    assert_eq!(generated.items.len(), args.items);
    assert_eq!(generated.items[5].id, hand.items[5].id);
    assert_eq!(generated.items[4].status.as_str(), "FAILED");
    assert!(!matches!(
        generated.items[4].status,
        llama_cloud::BatchStatus::Unknown(_)
    ));
    drop((hand, generated));

    // ---- (b) decode from memory ----
    // Interleaved one decode at a time (order rotated), summed per round.
    let (mut dec_hand, mut dec_gen, mut dec_gen_plain) = (vec![], vec![], vec![]);
    const REPS: usize = 3;
    for round in 0..args.rounds {
        let mut t = [0.0f64; 3];
        for rep in 0..REPS {
            for k in 0..3 {
                let which = (k + rep + round) % 3;
                t[which] += match which {
                    0 => secs(|| {
                        black_box(serde_json::from_slice::<HandPage>(black_box(&page)).unwrap());
                    }),
                    1 => secs(|| {
                        black_box(decode_generated_like_client(black_box(&page)));
                    }),
                    _ => secs(|| {
                        black_box(
                            serde_json::from_slice::<llama_cloud::BatchQueryResponse>(black_box(
                                &page,
                            ))
                            .unwrap(),
                        );
                    }),
                };
            }
        }
        dec_hand.push(t[0] / REPS as f64);
        dec_gen.push(t[1] / REPS as f64);
        dec_gen_plain.push(t[2] / REPS as f64);
    }

    // The single 592-byte body of GET /api/v2/batches/{id}: per-decode cost, blocks interleaved.
    let single_body = batch_json(1).into_bytes();
    let (mut one_hand, mut one_gen) = (vec![], vec![]);
    const ONE_BLOCK: usize = 1000;
    for round in 0..args.rounds {
        let (mut th, mut tg) = (0.0, 0.0);
        for b in 0..10 {
            let hand = || {
                secs(|| {
                    for _ in 0..ONE_BLOCK {
                        black_box(
                            serde_json::from_slice::<HandBatch>(black_box(&single_body)).unwrap(),
                        );
                    }
                })
            };
            let generated = || {
                secs(|| {
                    for _ in 0..ONE_BLOCK {
                        black_box(decode_like_client::<llama_cloud::BatchResponse>(black_box(
                            &single_body,
                        )));
                    }
                })
            };
            if (b + round) % 2 == 0 {
                th += hand();
                tg += generated();
            } else {
                tg += generated();
                th += hand();
            }
        }
        one_hand.push(th / (10 * ONE_BLOCK) as f64);
        one_gen.push(tg / (10 * ONE_BLOCK) as f64);
    }

    // ---- (a) HTTP through the client vs plain reqwest ----
    pin_to_cpu(0); // client (this thread, current-thread runtime) on CPU 0, server on CPU 1
    let server = Server::start(single, page.clone());
    let base = format!("http://{}", server.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (
        get_gen,
        get_plain,
        list_gen,
        list_plain,
        cpu_get_gen,
        cpu_get_plain,
        cpu_list_gen,
        cpu_list_plain,
        get_bare,
        cpu_get_bare,
        get_timeout,
        cpu_get_timeout,
    ) = runtime.block_on(async {
        let client = llama_cloud::Client::builder()
            .api_key("x")
            .base_url(base.clone())
            .max_retries(0)
            .build()
            .expect("client");
        let http = reqwest::Client::new();
        let get_url = format!("{base}/api/v2/batches/bat-1");
        let list_url = format!("{base}/api/v2/batches");

        async fn gen_get(client: &llama_cloud::Client, n: usize) -> (f64, f64) {
            let (start, cpu) = (Instant::now(), cpu_now());
            for _ in 0..n {
                let batch = client
                    .batches()
                    .get(llama_cloud::GetBatchParams::new("bat-1"))
                    .await
                    .expect("generated get");
                black_box(batch);
            }
            (start.elapsed().as_secs_f64(), cpu_now() - cpu)
        }
        // Plain reqwest: a GET with the bearer token, shaped by `shape`, decoded by
        // serde_json into the hand-written structs.
        async fn plain_get_as(
            http: &reqwest::Client,
            url: &str,
            n: usize,
            shape: fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
        ) -> (f64, f64) {
            let (start, cpu) = (Instant::now(), cpu_now());
            for _ in 0..n {
                let response = shape(http.get(url).bearer_auth("x"))
                    .send()
                    .await
                    .expect("plain get");
                assert!(response.status().is_success());
                let bytes = response.bytes().await.expect("plain body");
                black_box(serde_json::from_slice::<HandBatch>(&bytes).expect("plain decode"));
            }
            (start.elapsed().as_secs_f64(), cpu_now() - cpu)
        }
        // The same request on the wire as the SDK's: its `user-agent`, `accept`,
        // `x-retry-count` and bearer token (the SDK's own header values, so only the code
        // path differs).
        fn sdk_headers(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
            request
                .header(reqwest::header::USER_AGENT, SDK_USER_AGENT)
                .header(reqwest::header::ACCEPT, "application/json")
                .header("x-retry-count", 0)
        }
        async fn plain_get(http: &reqwest::Client, url: &str, n: usize) -> (f64, f64) {
            plain_get_as(http, url, n, sdk_headers).await
        }
        // The same request with a timeout, as the SDK sets on every attempt (60 s by default):
        // the timer is registered with the runtime and removed again for each request.
        async fn plain_timeout_get(http: &reqwest::Client, url: &str, n: usize) -> (f64, f64) {
            plain_get_as(http, url, n, |request| {
                sdk_headers(request).timeout(Duration::from_secs(60))
            })
            .await
        }
        // A bare request: the bearer token only (fewer header bytes than the SDK sends).
        async fn plain_bare_get(http: &reqwest::Client, url: &str, n: usize) -> (f64, f64) {
            plain_get_as(http, url, n, |request| request).await
        }
        async fn gen_list(client: &llama_cloud::Client, n: usize) -> (f64, f64) {
            let (start, cpu) = (Instant::now(), cpu_now());
            for _ in 0..n {
                let page = client
                    .batches()
                    .list(llama_cloud::ListBatchesParams::default())
                    .await
                    .expect("generated list");
                black_box(page);
            }
            (start.elapsed().as_secs_f64(), cpu_now() - cpu)
        }
        async fn plain_list(http: &reqwest::Client, url: &str, n: usize) -> (f64, f64) {
            let (start, cpu) = (Instant::now(), cpu_now());
            for _ in 0..n {
                let response = http
                    .get(url)
                    .bearer_auth("x")
                    .header(reqwest::header::USER_AGENT, SDK_USER_AGENT)
                    .header(reqwest::header::ACCEPT, "application/json")
                    .header("x-retry-count", 0)
                    .send()
                    .await
                    .expect("plain list");
                assert!(response.status().is_success());
                let bytes = response.bytes().await.expect("plain body");
                black_box(serde_json::from_slice::<HandPage>(&bytes).expect("plain decode"));
            }
            (start.elapsed().as_secs_f64(), cpu_now() - cpu)
        }

        // Warm-up (connection set-up, allocator).
        gen_get(&client, 200).await;
        plain_get(&http, &get_url, 200).await;
        plain_bare_get(&http, &get_url, 200).await;
        plain_timeout_get(&http, &get_url, 200).await;
        gen_list(&client, 1).await;
        plain_list(&http, &list_url, 1).await;

        // Within a round the two variants alternate in blocks (order flipped every block), so
        // a burst of load from elsewhere on the machine hits both about equally.
        const BLOCKS: usize = 10;
        let block = (args.requests / BLOCKS).max(1);
        let (mut g, mut p, mut lg, mut lp) = (vec![], vec![], vec![], vec![]);
        let (mut cg, mut cp, mut clg, mut clp) = (vec![], vec![], vec![], vec![]);
        let (mut b0, mut cb0) = (vec![], vec![]);
        let (mut t0, mut ct0) = (vec![], vec![]);
        let add = |acc: &mut (f64, f64), d: (f64, f64)| {
            acc.0 += d.0;
            acc.1 += d.1;
        };
        for round in 0..args.rounds {
            let (mut tg, mut tp, mut tb, mut tt) = ((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0));
            for b in 0..BLOCKS {
                // The four variants in a rotating order.
                for k in 0..4 {
                    match (k + b + round) % 4 {
                        0 => add(&mut tg, gen_get(&client, block).await),
                        1 => add(&mut tp, plain_get(&http, &get_url, block).await),
                        2 => add(&mut tb, plain_bare_get(&http, &get_url, block).await),
                        _ => add(&mut tt, plain_timeout_get(&http, &get_url, block).await),
                    }
                }
            }
            let n = (block * BLOCKS) as f64;
            g.push(n / tg.0);
            p.push(n / tp.0);
            b0.push(n / tb.0);
            t0.push(n / tt.0);
            cg.push(tg.1 / n);
            cp.push(tp.1 / n);
            cb0.push(tb.1 / n);
            ct0.push(tt.1 / n);
            let (mut tg, mut tp) = ((0.0, 0.0), (0.0, 0.0));
            for i in 0..args.list_requests {
                if (i + round) % 2 == 0 {
                    add(&mut tg, gen_list(&client, 1).await);
                    add(&mut tp, plain_list(&http, &list_url, 1).await);
                } else {
                    add(&mut tp, plain_list(&http, &list_url, 1).await);
                    add(&mut tg, gen_list(&client, 1).await);
                }
            }
            let n = args.list_requests as f64;
            lg.push(n / tg.0);
            lp.push(n / tp.0);
            clg.push(tg.1 / n);
            clp.push(tp.1 / n);
        }
        (g, p, lg, lp, cg, cp, clg, clp, b0, cb0, t0, ct0)
    });
    drop(runtime); // closes the client connections
    let served = server.stop();

    println!(
        concat!(
            "{{\"rounds\":{},\"requests_per_round\":{},\"list_requests_per_round\":{},",
            "\"items\":{},\"page_bytes\":{},\"single_bytes\":{},\"served\":{},",
            "\"decode_single_secs\":{{\"hand\":{},\"generated\":{}}},",
            "\"decode_secs\":{{\"hand\":{},\"generated\":{},\"generated_plain_serde_json\":{}}},",
            "\"get_rps\":{{\"generated\":{},\"plain\":{},\"plain_bare\":{},\"plain_timeout\":{}}},",
            "\"list_rps\":{{\"generated\":{},\"plain\":{}}},",
            "\"get_cpu_secs\":{{\"generated\":{},\"plain\":{},\"plain_bare\":{},\"plain_timeout\":{}}},",
            "\"list_cpu_secs\":{{\"generated\":{},\"plain\":{}}}}}"
        ),
        args.rounds,
        args.requests,
        args.list_requests,
        args.items,
        page.len(),
        batch_json(1).len(),
        served,
        list(&one_hand),
        list(&one_gen),
        list(&dec_hand),
        list(&dec_gen),
        list(&dec_gen_plain),
        list(&get_gen),
        list(&get_plain),
        list(&get_bare),
        list(&get_timeout),
        list(&list_gen),
        list(&list_plain),
        list(&cpu_get_gen),
        list(&cpu_get_plain),
        list(&cpu_get_bare),
        list(&cpu_get_timeout),
        list(&cpu_list_gen),
        list(&cpu_list_plain),
    );
}
