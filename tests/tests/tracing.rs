//! The `tracing` feature of the generated crate: one span per call and one per attempt,
//! with OpenTelemetry's HTTP client attribute names. A small subscriber written here
//! records every span with its fields; the server is wiremock on 127.0.0.1.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use llama_cloud::{Client, GetBatchParams};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A span as the subscriber saw it: its name, parent and fields (as text).
#[derive(Debug, Clone)]
struct Span {
    name: &'static str,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Default, Clone)]
struct Recorder {
    spans: Arc<Mutex<Vec<Span>>>,
    current: Arc<Mutex<Vec<u64>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().expect("not poisoned");
        let parent = if attributes.is_contextual() {
            self.current.lock().expect("not poisoned").last().copied()
        } else {
            attributes.parent().map(Id::into_u64)
        };
        spans.push(Span {
            name: attributes.metadata().name(),
            parent,
            fields,
        });
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().expect("not poisoned");
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut spans[index].fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, span: &Id) {
        self.current
            .lock()
            .expect("not poisoned")
            .push(span.into_u64());
    }

    fn exit(&self, _: &Id) {
        self.current.lock().expect("not poisoned").pop();
    }
}

fn batch(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "project_id": "prj-1",
        "source_directory_id": "dir-1",
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_AGENTIC"}},
        "status": "RUNNING",
    })
}

#[tokio::test(flavor = "current_thread")]
async fn a_call_and_each_attempt_have_a_span_with_the_http_client_attributes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/bat-1"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after-ms", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/batches/bat-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-42")
                .set_body_json(batch("bat-1")),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("sk-secret")
        .base_url(server.uri())
        .build()
        .expect("the client builds");

    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    client
        .batches()
        .get(GetBatchParams::new("bat-1").expand(vec![llama_cloud::GetBatchExpandItem::Results]))
        .await
        .expect("200 after one retry");
    drop(guard);

    let spans = recorder.spans.lock().expect("not poisoned").clone();
    let names: Vec<&str> = spans.iter().map(|span| span.name).collect();
    assert_eq!(
        names,
        [
            "http.client.call",
            "http.client.request",
            "http.client.request"
        ],
        "{spans:#?}"
    );
    let port = server.address().port().to_string();
    let (call, first, second) = (&spans[0].fields, &spans[1].fields, &spans[2].fields);
    let expected_call = [
        ("otel.name", "GET /api/v2/batches/{batch_id}"),
        ("http.request.method", "GET"),
        ("url.template", "/api/v2/batches/{batch_id}"),
        ("server.address", "127.0.0.1"),
        ("server.port", port.as_str()),
        ("http.response.status_code", "200"),
        ("http.response.header.x-request-id", "req-42"),
    ];
    for (name, value) in expected_call {
        assert_eq!(
            call.get(name).map(String::as_str),
            Some(value),
            "call {name}: {call:?}"
        );
    }
    assert!(!call.contains_key("error.type"), "{call:?}");
    // Both attempts are children of the call.
    assert_eq!((spans[1].parent, spans[2].parent), (Some(1), Some(1)));
    for attempt in [first, second] {
        assert_eq!(attempt.get("otel.kind").map(String::as_str), Some("client"));
        assert_eq!(
            attempt.get("url.full").map(String::as_str),
            Some(format!("{}/api/v2/batches/bat-1", server.uri()).as_str()),
            "no query string, where a key could be"
        );
    }
    assert_eq!(
        first.get("http.response.status_code").map(String::as_str),
        Some("503")
    );
    assert_eq!(first.get("error.type").map(String::as_str), Some("503"));
    assert!(
        !first.contains_key("http.request.resend_count"),
        "{first:?}"
    );
    assert_eq!(
        second.get("http.request.resend_count").map(String::as_str),
        Some("1")
    );
    assert_eq!(
        second.get("http.response.status_code").map(String::as_str),
        Some("200")
    );
    for span in &spans {
        let text = format!("{:?}", span.fields);
        assert!(!text.contains("sk-secret"), "{text}");
    }
}
