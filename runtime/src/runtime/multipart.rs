//! `multipart/form-data` bodies: text fields and files. A file comes from memory, from a
//! path (streamed from disk, and opened again for a retry) or from a reader (streamed
//! once); nothing else is read into memory.

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use super::super::error::Error;
use super::request::{scalar_text, to_json, Body, Request};
use super::retry::random_u64;

/// A file to send in a `multipart/form-data` body: bytes in memory
/// ([`FilePart::new`]), a file on disk ([`FilePart::from_path`]: streamed, and read
/// again if the request is retried) or any async reader ([`FilePart::from_reader`]:
/// streamed once, so a request with one is not retried).
#[derive(Clone)]
pub struct FilePart {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// Where the bytes of a file part come from.
#[derive(Clone)]
pub(crate) enum Source {
    Bytes(Bytes),
    Path(PathBuf),
    /// Taken by the first attempt that sends it.
    Reader(Arc<Mutex<Option<Reader>>>),
}

/// A reader of a file part.
type Reader = Pin<Box<dyn tokio::io::AsyncRead + Send>>;

impl FilePart {
    /// A part with these bytes (no file name, `application/octet-stream`).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart::from_source(Source::Bytes(Bytes::from(bytes.into())))
    }

    /// A part with the contents of the file at `path`, named after it. The file is not
    /// read here: each attempt opens it and streams it (with its length as part of the
    /// request's `Content-Length`). Fails when `path` is not a readable file now.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        if !std::fs::metadata(path)?.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("`{}` is not a file", path.display()),
            ));
        }
        let part = FilePart::from_source(Source::Path(path.to_path_buf()));
        Ok(match path.file_name().and_then(|name| name.to_str()) {
            Some(name) => part.file_name(name),
            None => part,
        })
    }

    /// A part streamed from `reader` (no file name, `application/octet-stream`). A reader
    /// can be read once: a request with this part is sent once, without retries, and
    /// sending the part again fails with [`Error::InvalidArgument`].
    pub fn from_reader(reader: impl tokio::io::AsyncRead + Send + 'static) -> Self {
        let reader: Reader = Box::pin(reader);
        FilePart::from_source(Source::Reader(Arc::new(Mutex::new(Some(reader)))))
    }

    fn from_source(source: Source) -> Self {
        FilePart {
            source,
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the content type of the part.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("FilePart");
        match &self.source {
            Source::Bytes(bytes) => debug.field("bytes", &bytes.len()),
            Source::Path(path) => debug.field("path", path),
            Source::Reader(_) => debug.field("reader", &".."),
        };
        debug
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Bytes(bytes) => write!(f, "{} bytes", bytes.len()),
            Source::Path(path) => write!(f, "{}", path.display()),
            Source::Reader(_) => f.write_str("a reader"),
        }
    }
}

/// Parts are equal when they send the same: the same bytes, the same path, or the very
/// same reader.
impl PartialEq for FilePart {
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Reader(a), Source::Reader(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

impl Eq for FilePart {}

/// A `multipart/form-data` body being built: framing and text fields in memory, files
/// as their sources.
#[derive(Debug)]
pub(crate) struct Multipart {
    boundary: String,
    segments: Vec<Segment>,
    /// Bytes not yet in a segment.
    pending: Vec<u8>,
}

/// A piece of an encoded multipart body.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    Bytes(Bytes),
    File(Source),
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Multipart {
            boundary: format!("sdk-boundary-{:016x}{:016x}", random_u64(), random_u64()),
            segments: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Starts a part. A name, file name or content type with a line break (or another
    /// control character, for the content type) is refused: it would end the part's
    /// headers. `"` in names is percent-encoded, as browsers do.
    fn part_header(
        &mut self,
        name: &str,
        file_name: Option<&str>,
        content_type: Option<&str>,
    ) -> Result<(), Error> {
        let breaks = |text: &str| text.contains(['\r', '\n']);
        if breaks(name) {
            return Err(Error::InvalidArgument(format!(
                "multipart part name {:?} has a line break",
                name
            )));
        }
        if let Some(file_name) = file_name.filter(|file_name| breaks(file_name)) {
            return Err(Error::InvalidArgument(format!(
                "multipart file name {:?} has a line break",
                file_name
            )));
        }
        if let Some(content_type) = content_type.filter(|content_type| {
            content_type
                .bytes()
                .any(|byte| byte.is_ascii_control() && byte != b'\t')
        }) {
            return Err(Error::InvalidArgument(format!(
                "multipart content type {:?} has a control character",
                content_type
            )));
        }
        let quote = |text: &str| text.replace('"', "%22");
        self.pending
            .extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        self.pending.extend_from_slice(disposition.as_bytes());
        self.pending.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            self.pending
                .extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        self.pending.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// Adds a text field: scalars as text, arrays as repeated fields, objects as JSON;
    /// `None` adds nothing.
    #[allow(
        dead_code,
        reason = "a spec's multipart bodies may have no text fields"
    )]
    pub(crate) fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        let items = match value {
            Value::Null => Vec::new(),
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items.iter().filter(|item| !item.is_null()) {
            let text = scalar_text(item).unwrap_or_else(|| item.to_string());
            self.part_header(name, None, None)?;
            self.pending.extend_from_slice(text.as_bytes());
            self.pending.extend_from_slice(b"\r\n");
        }
        Ok(())
    }

    /// Adds a file part.
    #[allow(
        dead_code,
        reason = "a spec's multipart bodies may have no file fields"
    )]
    pub(crate) fn file(&mut self, name: &str, part: &FilePart) -> Result<(), Error> {
        let content_type = part
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        self.part_header(
            name,
            Some(part.file_name.as_deref().unwrap_or(name)),
            Some(content_type),
        )?;
        match &part.source {
            Source::Bytes(bytes) if bytes.len() <= 64 * 1024 => {
                self.pending.extend_from_slice(bytes);
            }
            source => {
                if !self.pending.is_empty() {
                    let pending = std::mem::take(&mut self.pending);
                    self.segments.push(Segment::Bytes(pending.into()));
                }
                self.segments.push(match source {
                    Source::Bytes(bytes) => Segment::Bytes(bytes.clone()),
                    other => Segment::File(other.clone()),
                });
            }
        }
        self.pending.extend_from_slice(b"\r\n");
        Ok(())
    }
}

impl Request {
    /// Sets a `multipart/form-data` body: one buffer when every part is small and in
    /// memory, else the segments, streamed by each attempt; an error building the form
    /// is the call's.
    pub(crate) fn multipart(&mut self, form: Result<Multipart, Error>) {
        let mut form = match form {
            Ok(form) => form,
            Err(error) => return self.keep(Err(error)),
        };
        form.pending
            .extend_from_slice(format!("--{}--\r\n", form.boundary).as_bytes());
        let content_type = format!("multipart/form-data; boundary={}", form.boundary);
        // Small parts are copied into one buffer; files and large buffers stay segments.
        let body = if form.segments.is_empty() {
            Body::Bytes(form.pending.into())
        } else {
            form.segments.push(Segment::Bytes(form.pending.into()));
            Body::Parts(Arc::new(form.segments))
        };
        self.body = Some((body, content_type));
    }
}

/// Whether the segments can be sent again (a reader is read once).
pub(crate) fn replayable(segments: &[Segment]) -> bool {
    !segments
        .iter()
        .any(|segment| matches!(segment, Segment::File(Source::Reader(_))))
}

/// A stream of the segments for one attempt, and its length when every file's is known:
/// files are opened now (a missing one fails the call, never retried), and read in
/// chunks as the request is sent.
pub(crate) async fn open(segments: &[Segment]) -> Result<(reqwest::Body, Option<u64>), Error> {
    let (chunks, length) = stream(segments).await?;
    Ok((reqwest::Body::wrap_stream(chunks), length))
}

/// The chunks of [`open`].
async fn stream(segments: &[Segment]) -> Result<(Chunks, Option<u64>), Error> {
    let mut chunks: Vec<Chunks> = Vec::with_capacity(segments.len());
    let mut length = Some(0u64);
    for segment in segments {
        let (stream, size) = match segment {
            Segment::Bytes(bytes) | Segment::File(Source::Bytes(bytes)) => {
                let bytes = bytes.clone();
                let size = bytes.len() as u64;
                let once: Chunks = Box::pin(futures_util::stream::once(async move {
                    Ok::<_, std::io::Error>(bytes)
                }));
                (once, Some(size))
            }
            Segment::File(Source::Path(path)) => {
                let unreadable = |error: std::io::Error| {
                    Error::InvalidArgument(format!("cannot read `{}`: {}", path.display(), error))
                };
                let file = tokio::fs::File::open(path).await.map_err(unreadable)?;
                let size = file.metadata().await.map_err(unreadable)?.len();
                (read_chunks(file), Some(size))
            }
            Segment::File(Source::Reader(slot)) => {
                let reader = slot
                    .lock()
                    .ok()
                    .and_then(|mut slot| slot.take())
                    .ok_or_else(|| {
                        Error::InvalidArgument(
                            "a file part read from a reader was sent already; a reader \
                             can be sent once"
                                .to_string(),
                        )
                    })?;
                (read_chunks(reader), None)
            }
        };
        chunks.push(stream);
        length = length.and_then(|length| size.map(|size| length + size));
    }
    let stream = futures_util::StreamExt::flatten(futures_util::stream::iter(chunks));
    Ok((Box::pin(stream), length))
}

/// Chunks of a body being sent.
type Chunks = Pin<Box<dyn futures_util::Stream<Item = std::io::Result<Bytes>> + Send>>;

/// The contents of `reader` in chunks of up to 64 KiB; ends after an error.
fn read_chunks(reader: impl tokio::io::AsyncRead + Send + Unpin + 'static) -> Chunks {
    Box::pin(futures_util::stream::unfold(
        Some(reader),
        |state| async move {
            let mut reader = state?;
            let mut buffer = bytes::BytesMut::with_capacity(64 * 1024);
            match tokio::io::AsyncReadExt::read_buf(&mut reader, &mut buffer).await {
                Ok(0) => None,
                Ok(_) => Some((Ok(buffer.freeze()), Some(reader))),
                Err(error) => Some((Err(error), None)),
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary() {
        let mut form = Multipart::new();
        let boundary = form.boundary.clone();
        form.text("tags", &["a", "b"]).expect("encodes");
        form.file(
            "upload",
            &FilePart::new(b"bytes".to_vec()).file_name("x\".txt"),
        )
        .expect("encodes");
        let mut request = Request::new(reqwest::Method::POST, "/upload", "*/*");
        request.multipart(Ok(form));
        let (body, content_type) = match request.body.expect("a body") {
            (Body::Bytes(body), content_type) => (body, content_type),
            other => panic!("small parts stay in memory: {:?}", other),
        };
        assert_eq!(
            content_type,
            format!("multipart/form-data; boundary={boundary}")
        );
        let text = String::from_utf8(body.to_vec()).expect("UTF-8");
        assert_eq!(text.matches(&format!("--{boundary}\r\n")).count(), 3);
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
        assert!(text.contains("name=\"upload\"; filename=\"x%22.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nbytes\r\n"));
    }

    #[test]
    fn line_breaks_in_names_and_types_are_refused() {
        let mut form = Multipart::new();
        for part in [
            FilePart::new(b"x".to_vec()).file_name("a\r\nContent-Type: text/html"),
            FilePart::new(b"x".to_vec()).content_type("text/plain\r\nX: y"),
        ] {
            assert!(matches!(
                form.file("upload", &part),
                Err(Error::InvalidArgument(_))
            ));
        }
        assert!(matches!(
            form.text("a\nb", "value"),
            Err(Error::InvalidArgument(_))
        ));
        assert!(!Error::InvalidArgument(String::new()).is_retryable());
    }

    /// Collects what one attempt sends.
    async fn sent(segments: &[Segment]) -> Result<(Vec<u8>, Option<u64>), Error> {
        let (mut chunks, length) = stream(segments).await?;
        let mut body = Vec::new();
        while let Some(chunk) = futures_util::StreamExt::next(&mut chunks).await {
            body.extend_from_slice(&chunk.expect("readable"));
        }
        Ok((body, length))
    }

    fn segments_of(form: Multipart) -> Vec<Segment> {
        let mut request = Request::new(reqwest::Method::POST, "/upload", "*/*");
        request.multipart(Ok(form));
        match request.body.expect("a body").0 {
            Body::Parts(segments) => segments.to_vec(),
            other => panic!("a file is streamed: {:?}", other),
        }
    }

    #[tokio::test]
    async fn files_are_streamed_from_their_path_on_every_attempt() {
        let dir =
            std::env::temp_dir().join(format!("sdk-runtime-multipart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temp dir");
        let path = dir.join("big.bin");
        std::fs::write(&path, vec![7u8; 200_000]).expect("writable");
        let part = FilePart::from_path(&path).expect("a file");
        assert_eq!(part.file_name.as_deref(), Some("big.bin"));
        let mut form = Multipart::new();
        form.file("upload", &part).expect("encodes");
        let segments = segments_of(form);
        assert!(replayable(&segments));
        // Read when sent, not before: the file changed after the part was made.
        std::fs::write(&path, vec![9u8; 100_000]).expect("writable");
        let (first, length) = sent(&segments).await.expect("opens");
        assert_eq!(length, Some(first.len() as u64));
        assert_eq!(first.iter().filter(|byte| **byte == 9).count(), 100_000);
        let (second, _) = sent(&segments).await.expect("opens again");
        assert_eq!(first, second);
        std::fs::remove_dir_all(&dir).expect("cleanup");
        let error = sent(&segments).await.expect_err("the file is gone");
        assert!(matches!(error, Error::InvalidArgument(_)), "{:?}", error);
    }

    #[tokio::test]
    async fn a_reader_is_streamed_once() {
        let reader: &'static [u8] = b"from a reader";
        let part = FilePart::from_reader(reader).file_name("r.txt");
        assert_eq!(part, part.clone());
        let mut form = Multipart::new();
        form.file("upload", &part).expect("encodes");
        let segments = segments_of(form);
        assert!(!replayable(&segments));
        let (body, length) = sent(&segments).await.expect("reads");
        assert_eq!(length, None);
        let text = String::from_utf8(body).expect("UTF-8");
        assert!(text.contains("filename=\"r.txt\"\r\nContent-Type: application/octet-stream\r\n\r\nfrom a reader\r\n"), "{}", text);
        assert!(matches!(
            sent(&segments).await,
            Err(Error::InvalidArgument(_))
        ));
    }
}
