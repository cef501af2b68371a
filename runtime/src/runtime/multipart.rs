//! `multipart/form-data` bodies: files and text fields, encoded once.

use serde::Serialize;
use serde_json::Value;

use super::super::error::Error;
use super::request::{scalar_text, to_json, Request};
use super::retry::random_u64;

/// A file to send in a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part with these bytes (no file name, `application/octet-stream`).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Reads a file; the part is named after it.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let part = FilePart::new(std::fs::read(path)?);
        Ok(match path.file_name().and_then(|name| name.to_str()) {
            Some(name) => part.file_name(name),
            None => part,
        })
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

/// A `multipart/form-data` body being built; encoded once, so retries send the
/// same bytes.
#[derive(Debug)]
pub(crate) struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Multipart {
            boundary: format!("sdk-boundary-{:016x}{:016x}", random_u64(), random_u64()),
            body: Vec::new(),
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
        self.body
            .extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
        if let Some(file_name) = file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        self.body.extend_from_slice(disposition.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        if let Some(content_type) = content_type {
            self.body
                .extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        self.body.extend_from_slice(b"\r\n");
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
            self.body.extend_from_slice(text.as_bytes());
            self.body.extend_from_slice(b"\r\n");
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
        self.body.extend_from_slice(&part.bytes);
        self.body.extend_from_slice(b"\r\n");
        Ok(())
    }
}

impl Request {
    /// Sets a `multipart/form-data` body.
    pub(crate) fn multipart(&mut self, mut form: Multipart) {
        form.body
            .extend_from_slice(format!("--{}--\r\n", form.boundary).as_bytes());
        self.body = Some((
            form.body.into(),
            format!("multipart/form-data; boundary={}", form.boundary),
        ));
    }
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
        request.multipart(form);
        let (body, content_type) = request.body.expect("a body");
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
}
