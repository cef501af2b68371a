//! An HTTP request before it is sent, and how parameters and bodies are encoded into it.

#[cfg(feature = "encode")]
use serde::Serialize;
#[cfg(feature = "encode")]
use serde_json::Value;

use super::super::error::Error;

/// How an operation sends the API key (its `security` requirement).
#[cfg(feature = "auth")]
#[allow(
    dead_code,
    reason = "the runtime supports every scheme; a spec may use only some"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// `Authorization: Basic <key>`.
    Basic,
    /// The key in this header.
    Header(&'static str),
    /// The key in this query parameter.
    Query(&'static str),
}

/// How a query parameter is serialized (OpenAPI `style` + `explode`).
#[cfg(feature = "query_style")]
#[allow(
    dead_code,
    reason = "the runtime supports every style; a spec may use only some"
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `form`, exploded: arrays as repeated keys, objects as one key per property.
    FormExploded,
    /// `form`: comma-separated values.
    Form,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
}

/// An HTTP request before it is sent: what an operation wants, independent of the client.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: reqwest::Method,
    /// The operation's path template (`/batches/{id}`), its literal text percent-encoded
    /// as it is sent: [`Request::path_param`] writes it up to each parameter, and
    /// [`Request::path_rest`] is the rest. Telemetry shows it as the route.
    pub(crate) template: &'static str,
    /// How much of `template` is written to `path`.
    consumed: usize,
    /// The `Accept` header: `application/json` for JSON responses, else `*/*`.
    pub(crate) accept: &'static str,
    /// The path written so far (see `template`).
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: reqwest::header::HeaderMap,
    #[cfg(feature = "cookie")]
    pub(crate) cookies: Vec<String>,
    /// Body and content type, sent again by every attempt.
    pub(crate) body: Option<(Body, String)>,
    #[cfg(feature = "auth")]
    pub(crate) auth: Option<Auth>,
    /// The first argument that could not be encoded while the request was built; the
    /// call fails with it ([`Request::checked`]) and sends nothing.
    invalid: Option<String>,
}

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// In memory (cloning `Bytes` copies nothing).
    #[allow(dead_code, reason = "an API may have no operation with a request body")]
    Bytes(bytes::Bytes),
    /// A multipart body with files streamed from disk or a reader.
    #[cfg(feature = "multipart")]
    Parts(std::sync::Arc<Vec<super::multipart::Segment>>),
}

impl Body {
    /// Whether another attempt can send the body again.
    pub(crate) fn replayable(&self) -> bool {
        match self {
            Body::Bytes(_) => true,
            #[cfg(feature = "multipart")]
            Body::Parts(segments) => super::multipart::replayable(segments),
        }
    }

    /// The body for one attempt, and its length if it must be declared (a stream's).
    pub(crate) async fn open(&self) -> Result<(reqwest::Body, Option<u64>), Error> {
        match self {
            Body::Bytes(bytes) => Ok((bytes.clone().into(), None)),
            #[cfg(feature = "multipart")]
            Body::Parts(segments) => super::multipart::open(segments).await,
        }
    }
}

/// The `Accept` header of an operation whose success body is JSON.
const JSON: &str = "application/json";

impl Request {
    /// A request of the operation at `template`, accepting `accept`; the operations'
    /// code starts from the constructor named by its method ([`Request::get`]…).
    pub(crate) fn new(
        method: reqwest::Method,
        template: &'static str,
        accept: &'static str,
    ) -> Self {
        Request {
            method,
            template,
            consumed: 0,
            accept,
            // Enough for most paths without growing.
            path: String::with_capacity(64),
            query: Vec::new(),
            headers: reqwest::header::HeaderMap::new(),
            #[cfg(feature = "cookie")]
            cookies: Vec::new(),
            body: None,
            #[cfg(feature = "auth")]
            auth: super::super::client::AUTH,
            invalid: None,
        }
    }

    /// The request, or the first error met while it was built: the builder methods
    /// record errors rather than return them, so an operation's code is a list of
    /// calls, like `reqwest::RequestBuilder`'s.
    pub(crate) fn checked(self) -> Result<Self, Error> {
        match self.invalid {
            Some(message) => Err(Error::InvalidArgument(message)),
            None => Ok(self),
        }
    }

    /// Records the error of a builder step, unless an earlier one failed already.
    #[allow(dead_code, reason = "an API may have no parameter and no body")]
    pub(crate) fn keep(&mut self, result: Result<(), Error>) {
        if let (Err(error), None) = (result, &self.invalid) {
            self.invalid = Some(match error {
                Error::InvalidArgument(message) => message,
                other => other.to_string(),
            });
        }
    }

    /// A `GET` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "get")]
    pub(crate) fn get(template: &'static str) -> Self {
        Self::new(reqwest::Method::GET, template, JSON)
    }

    /// A `PUT` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "put")]
    pub(crate) fn put(template: &'static str) -> Self {
        Self::new(reqwest::Method::PUT, template, JSON)
    }

    /// A `POST` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "post")]
    pub(crate) fn post(template: &'static str) -> Self {
        Self::new(reqwest::Method::POST, template, JSON)
    }

    /// A `DELETE` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "delete")]
    pub(crate) fn delete(template: &'static str) -> Self {
        Self::new(reqwest::Method::DELETE, template, JSON)
    }

    /// A `OPTIONS` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "options")]
    pub(crate) fn options(template: &'static str) -> Self {
        Self::new(reqwest::Method::OPTIONS, template, JSON)
    }

    /// A `HEAD` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "head")]
    pub(crate) fn head(template: &'static str) -> Self {
        Self::new(reqwest::Method::HEAD, template, JSON)
    }

    /// A `PATCH` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "patch")]
    pub(crate) fn patch(template: &'static str) -> Self {
        Self::new(reqwest::Method::PATCH, template, JSON)
    }

    /// A `TRACE` request of the operation at `template`, accepting JSON.
    #[cfg(feature = "trace")]
    pub(crate) fn trace(template: &'static str) -> Self {
        Self::new(reqwest::Method::TRACE, template, JSON)
    }

    /// The end of the path: the template after the last parameter written (all of it
    /// when the operation has none).
    pub(crate) fn path_rest(&self) -> &'static str {
        &self.template[self.consumed..]
    }

    /// Writes the template's text up to its next parameter (`{name}`), then that
    /// parameter, percent-encoded; empty values are refused.
    #[cfg(feature = "path")]
    pub(crate) fn path_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let result = self.write_path_param(name, value);
        self.keep(result);
    }

    #[cfg(feature = "path")]
    fn write_path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let rest = self.path_rest();
        if let Some(open) = rest.find('{') {
            self.path.push_str(&rest[..open]);
            let close = rest[open..]
                .find('}')
                .map_or(rest.len(), |at| open + at + 1);
            self.consumed += close;
        }
        // Scalars (strings, numbers, enums, ids, dates) are written straight from their
        // text; anything else goes through JSON first.
        if let Some(result) = scalar(value, |text| self.segment(name, text.unwrap_or("null"))) {
            return result;
        }
        let value = to_json(name, value)?;
        let text = scalar_text(&value).unwrap_or_else(|| value.to_string());
        self.segment(name, &text)
    }

    /// Appends `text` as one percent-encoded path segment; empty text, `.` and `..` are
    /// refused.
    #[cfg(feature = "path")]
    fn segment(&mut self, name: &str, text: &str) -> Result<(), Error> {
        if text.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "path parameter `{name}` must not be empty"
            )));
        }
        // `.` and `..` would leave their segment however they are written: URLs are
        // normalized (WHATWG), and `%2E%2E` counts as `..` there too.
        if text == "." || text == ".." {
            return Err(Error::InvalidArgument(format!(
                "path parameter `{name}` must not be `{text}`: it cannot stay inside its \
                 path segment"
            )));
        }
        // Every byte but letters, digits and `-._~` is percent-encoded (`/`, `?`, `#`,
        // `%` included), so the value stays inside its own segment.
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                self.path.push(char::from(byte));
            } else {
                push_percent_encoded(&mut self.path, byte);
            }
        }
        Ok(())
    }

    /// Adds a query parameter in the default style (`form`, exploded); `None` adds
    /// nothing.
    #[cfg(feature = "form_query")]
    pub(crate) fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let result = self.push_query(name, value, Style::FormExploded);
        self.keep(result);
    }

    /// Adds a query parameter in another `style`; `None` adds nothing.
    #[cfg(feature = "styled_query")]
    pub(crate) fn query_with_style<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
    ) {
        let result = self.push_query(name, value, style);
        self.keep(result);
    }

    #[cfg(feature = "query")]
    fn push_query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
    ) -> Result<(), Error> {
        let query = &mut self.query;
        let pushed = scalar(value, |text| {
            if let Some(text) = text {
                query.push((name.to_string(), text.to_string()));
            }
        });
        if pushed.is_none() {
            let value = to_json(name, value)?;
            encode_query(&mut self.query, name, &value, style);
        }
        Ok(())
    }

    /// Sets a header parameter; `None` sets nothing.
    #[cfg(feature = "header")]
    pub(crate) fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let result = self.set_header(name, value);
        self.keep(result);
    }

    #[cfg(feature = "header")]
    fn set_header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let text = match scalar(value, |text| text.map(str::to_string)) {
            Some(Some(text)) => text,
            Some(None) => return Ok(()),
            None => match to_json(name, value)? {
                Value::Null => return Ok(()),
                Value::Array(items) => items
                    .iter()
                    .filter_map(scalar_text)
                    .collect::<Vec<_>>()
                    .join(","),
                other => scalar_text(&other).unwrap_or_else(|| other.to_string()),
            },
        };
        let header = reqwest::header::HeaderValue::from_str(&text).map_err(|_| {
            Error::InvalidArgument(format!(
                "header parameter `{name}` is not a valid header value"
            ))
        })?;
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::InvalidArgument(format!("`{name}` is not a valid header name")))?;
        self.headers.insert(name, header);
        Ok(())
    }

    /// Adds a cookie parameter; `None` adds nothing.
    #[cfg(feature = "cookie")]
    pub(crate) fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let result = self.push_cookie(name, value);
        self.keep(result);
    }

    #[cfg(feature = "cookie")]
    fn push_cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        let text = match scalar(value, |text| text.map(str::to_string)) {
            Some(text) => text,
            None => scalar_text(&to_json(name, value)?),
        };
        if let Some(text) = text {
            // Only RFC 6265 cookie-octets go as they are; the rest (`;`, `,`, spaces,
            // quotes, `\`, `%`, control and non-ASCII bytes) is percent-encoded, so a
            // value can neither end the cookie nor break the header.
            let mut cookie = String::with_capacity(name.len() + 1 + text.len());
            cookie.push_str(name);
            cookie.push('=');
            for byte in text.bytes() {
                if matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
                {
                    cookie.push(char::from(byte));
                } else {
                    push_percent_encoded(&mut cookie, byte);
                }
            }
            self.cookies.push(cookie);
        }
        Ok(())
    }

    /// Sets a JSON body.
    #[cfg(feature = "json")]
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((Body::Bytes(bytes.into()), "application/json".to_string()));
            }
            Err(error) => self.keep(Err(Error::InvalidArgument(format!(
                "the request body cannot be encoded as JSON: {error}"
            )))),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    #[cfg(feature = "form")]
    pub(crate) fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        let value = match to_json("body", body) {
            Ok(value) => value,
            Err(error) => return self.keep(Err(error)),
        };
        let mut pairs = Vec::new();
        encode_query(&mut pairs, "", &value, Style::FormExploded);
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &pairs {
            serializer.append_pair(key, value);
        }
        self.body = Some((
            Body::Bytes(serializer.finish().into_bytes().into()),
            "application/x-www-form-urlencoded".to_string(),
        ));
    }

    /// Sets a raw body with its content type.
    #[cfg(feature = "raw")]
    pub(crate) fn raw(&mut self, body: Vec<u8>, content_type: &'static str) {
        self.body = Some((Body::Bytes(body.into()), content_type.to_string()));
    }
}

/// The `From` conversions of a parameters struct from the value of its operation's one
/// required input, a path parameter (`client.pets().get("pet-1")`): from `&str` and
/// `String` for a string (`str`), else from the type.
#[cfg(feature = "path_shortcut")]
macro_rules! from_path_param {
    ($params:ident, str) => {
        impl From<&str> for $params {
            /// Parameters with the path parameter set and every optional one empty.
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }
        impl From<String> for $params {
            /// Parameters with the path parameter set and every optional one empty.
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }
    };
    ($params:ident, $value:ty) => {
        impl From<$value> for $params {
            /// Parameters with the path parameter set and every optional one empty.
            fn from(value: $value) -> Self {
                Self::new(value)
            }
        }
    };
}
#[cfg(feature = "path_shortcut")]
pub(crate) use from_path_param;

/// Calls `use_text` with the text of a scalar value (`None` for `None` and `()`), written
/// without an intermediate JSON value: strings as they are, integers and booleans in
/// decimal and `true`/`false`, unit enum variants by name, and whatever serializes
/// through `collect_str` or `serialize_str` (dates, UUIDs, open enums). Returns `None` for
/// anything else (floats, whose JSON spelling differs from Rust's, lists, objects, bytes):
/// those go through `serde_json::Value`, as before.
#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
pub(crate) fn scalar<T: Serialize + ?Sized, R>(
    value: &T,
    use_text: impl FnOnce(Option<&str>) -> R,
) -> Option<R> {
    value.serialize(Scalar(use_text)).ok()
}

/// The serializer behind [`scalar`].
#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
struct Scalar<F>(F);

/// What [`Scalar`] does not write as text.
#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
#[derive(Debug)]
struct NotScalar;

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl std::fmt::Display for NotScalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a scalar")
    }
}

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl std::error::Error for NotScalar {}

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl serde::ser::Error for NotScalar {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NotScalar
    }
}

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl<F, R> Scalar<F>
where
    F: FnOnce(Option<&str>) -> R,
{
    fn text(self, text: &str) -> Result<R, NotScalar> {
        Ok((self.0)(Some(text)))
    }

    fn display(self, value: impl std::fmt::Display) -> Result<R, NotScalar> {
        use std::fmt::Write;
        // Integers fit in 40 bytes; the buffer is on the stack.
        let mut buffer = StackText::new();
        write!(buffer, "{}", value).map_err(|_| NotScalar)?;
        self.text(buffer.as_str())
    }
}

/// A small text buffer on the stack, for numbers.
#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl StackText {
    fn new() -> Self {
        StackText {
            bytes: [0; 40],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl std::fmt::Write for StackText {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let end = self.len + text.len();
        if end > self.bytes.len() {
            return Err(std::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(any(
    feature = "path",
    feature = "query",
    feature = "header",
    feature = "cookie"
))]
impl<F, R> serde::Serializer for Scalar<F>
where
    F: FnOnce(Option<&str>) -> R,
{
    type Ok = R;
    type Error = NotScalar;
    type SerializeSeq = serde::ser::Impossible<R, NotScalar>;
    type SerializeTuple = serde::ser::Impossible<R, NotScalar>;
    type SerializeTupleStruct = serde::ser::Impossible<R, NotScalar>;
    type SerializeTupleVariant = serde::ser::Impossible<R, NotScalar>;
    type SerializeMap = serde::ser::Impossible<R, NotScalar>;
    type SerializeStruct = serde::ser::Impossible<R, NotScalar>;
    type SerializeStructVariant = serde::ser::Impossible<R, NotScalar>;

    fn serialize_bool(self, value: bool) -> Result<R, NotScalar> {
        self.text(if value { "true" } else { "false" })
    }
    fn serialize_i8(self, value: i8) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_i16(self, value: i16) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_i32(self, value: i32) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_i64(self, value: i64) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_i128(self, value: i128) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_u8(self, value: u8) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_u16(self, value: u16) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_u32(self, value: u32) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_u64(self, value: u64) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_u128(self, value: u128) -> Result<R, NotScalar> {
        self.display(value)
    }
    fn serialize_f32(self, _: f32) -> Result<R, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_f64(self, _: f64) -> Result<R, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_char(self, value: char) -> Result<R, NotScalar> {
        self.text(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result<R, NotScalar> {
        self.text(value)
    }
    fn collect_str<V: std::fmt::Display + ?Sized>(self, value: &V) -> Result<R, NotScalar> {
        self.text(&value.to_string())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<R, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_none(self) -> Result<R, NotScalar> {
        Ok((self.0)(None))
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<R, NotScalar> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<R, NotScalar> {
        Ok((self.0)(None))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<R, NotScalar> {
        Ok((self.0)(None))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<R, NotScalar> {
        self.text(variant)
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<R, NotScalar> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<R, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotScalar> {
        Err(NotScalar)
    }
}

/// Appends `%XX` for `byte`.
#[cfg(any(feature = "path", feature = "cookie"))]
fn push_percent_encoded(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(byte >> 4)]));
    out.push(char::from(HEX[usize::from(byte & 15)]));
}

/// Where a redirect response points, and whether the request keeps its method and body
/// there (307, 308) or becomes a body-less `GET` (301, 302, 303; a `HEAD` stays one),
/// as browsers and reqwest do. Only `http` and `https` targets are followed.
pub(crate) fn redirect(
    status: reqwest::StatusCode,
    headers: &reqwest::header::HeaderMap,
    url: &reqwest::Url,
) -> Option<(reqwest::Url, bool)> {
    let keep = match status.as_u16() {
        307 | 308 => true,
        301..=303 => false,
        _ => return None,
    };
    let location = headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
    let next = url.join(location).ok()?;
    if matches!(next.scheme(), "http" | "https") {
        Some((next, keep))
    } else {
        None
    }
}

/// Removes every `name=value` pair from the query string of `url`.
#[cfg(feature = "auth")]
pub(crate) fn remove_query_pair(url: &mut reqwest::Url, name: &str, value: &str) {
    let matches = |(key, text): &(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)| {
        key == name && text == value
    };
    if !url.query_pairs().any(|pair| matches(&pair)) {
        return;
    }
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|pair| !matches(pair))
        .map(|(key, text)| (key.into_owned(), text.into_owned()))
        .collect();
    url.set_query(None);
    if !kept.is_empty() {
        url.query_pairs_mut().extend_pairs(kept);
    }
}

/// A parameter value as JSON, or the error that names the parameter.
#[cfg(feature = "encode")]
pub(crate) fn to_json<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|error| Error::InvalidArgument(format!("`{name}` cannot be encoded: {error}")))
}

/// The text of a scalar JSON value; `None` for null, arrays and objects.
#[cfg(feature = "encode")]
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// Appends the pairs of one query parameter (or, with an empty name, of a form body).
#[cfg(feature = "query_style")]
fn encode_query(out: &mut Vec<(String, String)>, name: &str, value: &Value, style: Style) {
    let text = |value: &Value| scalar_text(value).unwrap_or_else(|| value.to_string());
    match value {
        Value::Null => {}
        Value::Array(items) => {
            let items = items.iter().filter(|item| !item.is_null());
            let separator = match style {
                Style::FormExploded | Style::DeepObject => {
                    out.extend(items.map(|item| (name.to_string(), text(item))));
                    return;
                }
                Style::Form => ",",
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
            };
            out.push((
                name.to_string(),
                items.map(text).collect::<Vec<_>>().join(separator),
            ));
        }
        Value::Object(map) => {
            let entries = map.iter().filter(|(_, v)| !v.is_null());
            match style {
                Style::DeepObject => {
                    out.extend(entries.map(|(key, v)| (format!("{name}[{key}]"), text(v))))
                }
                Style::FormExploded => {
                    for (key, v) in entries {
                        encode_query(out, key, v, style);
                    }
                }
                _ => {
                    let joined = entries
                        .flat_map(|(key, v)| [key.clone(), text(v)])
                        .collect::<Vec<_>>()
                        .join(",");
                    out.push((name.to_string(), joined));
                }
            }
        }
        scalar => out.push((name.to_string(), text(scalar))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        Request::new(reqwest::Method::GET, "/files/{id}", "*/*")
    }

    #[test]
    fn path_parameters_are_percent_encoded_and_never_empty() {
        let mut r = request();
        r.write_path_param("id", "a b/c?d#é").expect("encodes");
        assert_eq!(r.path, "/files/a%20b%2Fc%3Fd%23%C3%A9");
        let mut r = Request::new(reqwest::Method::GET, "{n}", "*/*");
        r.write_path_param("n", &42).expect("encodes");
        assert_eq!(r.path, "42");
        assert!(matches!(
            request().write_path_param("id", ""),
            Err(Error::InvalidArgument(_))
        ));
    }

    /// The scalar fast path writes what the JSON path would, and declines the rest.
    #[test]
    fn scalars_are_written_as_their_json_text() {
        #[derive(serde::Serialize)]
        enum Color {
            #[serde(rename = "dark-red")]
            DarkRed,
        }
        #[derive(serde::Serialize)]
        struct Id(u32);
        fn same<T: Serialize>(value: T) {
            let fast = scalar(&value, |text| text.map(str::to_string)).expect("a scalar");
            let json = scalar_text(&to_json("v", &value).expect("encodes"));
            assert_eq!(fast, json);
        }
        same("a b/ü");
        same(String::from("x"));
        same(i64::MIN);
        same(u64::MAX);
        same(u128::from(u64::MAX));
        same(-7i8);
        same(true);
        same('é');
        same(Color::DarkRed);
        same(Id(42));
        same(Some(3u8));
        same(None::<String>);
        same(());
        same(
            chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")
                .expect("a date")
                .with_timezone(&chrono::Utc),
        );
        for declined in [
            scalar(&1.5f64, |_| ()),
            scalar(&vec![1, 2], |_| ()),
            scalar(&serde_json::json!({"a": 1}), |_| ()),
        ] {
            assert!(declined.is_none());
        }
    }

    #[test]
    fn path_parameters_never_leave_their_segment() {
        for value in [".", ".."] {
            assert!(
                matches!(
                    request().write_path_param("id", value),
                    Err(Error::InvalidArgument(_))
                ),
                "{}",
                value
            );
        }
        let mut r = Request::new(reqwest::Method::GET, "/files/{id}/meta", "*/*");
        r.write_path_param("id", "../..%2F..").expect("encodes");
        let path = r.path.clone() + r.path_rest();
        assert_eq!(path, "/files/..%2F..%252F../meta");
        // What the URL parser keeps of it: the parameter is still one segment.
        let mut url = reqwest::Url::parse("http://127.0.0.1/").expect("a URL");
        url.set_path(&path);
        assert_eq!(url.path(), "/files/..%2F..%252F../meta");
        let mut r = request();
        r.write_path_param("id", "a..b.")
            .expect("dots inside a value stay");
        assert_eq!(r.path, "/files/a..b.");
    }

    /// The template's text is written around the parameters, in order, adjacent ones too.
    #[test]
    fn the_template_is_written_around_each_parameter() {
        let mut r = Request::new(reqwest::Method::GET, "/a/{x}/b/{y}{z}.json", "*/*");
        assert_eq!(r.path_rest(), "/a/{x}/b/{y}{z}.json");
        r.path_param("x", "1");
        assert_eq!((r.path.as_str(), r.path_rest()), ("/a/1", "/b/{y}{z}.json"));
        r.path_param("y", "2");
        r.path_param("z", "3");
        assert_eq!((r.path.as_str(), r.path_rest()), ("/a/1/b/23", ".json"));
        assert!(r.checked().is_ok());
        let r = Request::new(reqwest::Method::GET, "/plain/path", "*/*");
        assert_eq!((r.path.as_str(), r.path_rest()), ("", "/plain/path"));
    }

    #[test]
    fn cookie_values_cannot_end_the_cookie_or_the_header() {
        let mut r = request();
        r.push_cookie("session", "a; admin=1, b\r\nX: y \"%é")
            .expect("encodes");
        assert_eq!(
            r.cookies,
            vec!["session=a%3B%20admin=1%2C%20b%0D%0AX:%20y%20%22%25%C3%A9".to_string()]
        );
    }

    #[test]
    fn redirects_keep_the_method_only_for_307_and_308() {
        let url = reqwest::Url::parse("http://127.0.0.1:1/a?b=c").expect("a URL");
        let response = |status: u16, location: &str| {
            let mut headers = reqwest::header::HeaderMap::new();
            headers.insert(
                reqwest::header::LOCATION,
                location.parse().expect("a header value"),
            );
            let status = reqwest::StatusCode::from_u16(status).expect("a status");
            redirect(status, &headers, &url).map(|(next, keep)| (next.to_string(), keep))
        };
        assert_eq!(
            response(307, "/x"),
            Some(("http://127.0.0.1:1/x".to_string(), true))
        );
        assert_eq!(
            response(303, "http://127.0.0.1:2/y"),
            Some(("http://127.0.0.1:2/y".to_string(), false))
        );
        assert_eq!(response(301, "file:///etc/passwd"), None);
        assert_eq!(response(200, "/x"), None);
    }

    #[test]
    fn the_key_is_removed_from_a_query_string() {
        let mut url = reqwest::Url::parse("http://h/p?key=s3cret&a=1&key=other").expect("a URL");
        remove_query_pair(&mut url, "key", "s3cret");
        assert_eq!(url.as_str(), "http://h/p?a=1&key=other");
        let mut url = reqwest::Url::parse("http://h/p?key=s3cret").expect("a URL");
        remove_query_pair(&mut url, "key", "s3cret");
        assert_eq!(url.as_str(), "http://h/p");
    }

    #[test]
    fn query_styles() {
        let pairs = |value: Value, style| {
            let mut out = Vec::new();
            encode_query(&mut out, "q", &value, style);
            out
        };
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let list = serde_json::json!(["a", "b", null]);
        assert_eq!(
            pairs(list.clone(), Style::FormExploded),
            vec![pair("q", "a"), pair("q", "b")]
        );
        assert_eq!(pairs(list.clone(), Style::Form), vec![pair("q", "a,b")]);
        assert_eq!(
            pairs(list.clone(), Style::SpaceDelimited),
            vec![pair("q", "a b")]
        );
        assert_eq!(pairs(list, Style::PipeDelimited), vec![pair("q", "a|b")]);
        let object = serde_json::json!({"x": 1, "y": true, "z": null});
        assert_eq!(
            pairs(object.clone(), Style::DeepObject),
            vec![pair("q[x]", "1"), pair("q[y]", "true")]
        );
        assert_eq!(
            pairs(object.clone(), Style::FormExploded),
            vec![pair("x", "1"), pair("y", "true")]
        );
        assert_eq!(pairs(object, Style::Form), vec![pair("q", "x,1,y,true")]);
        assert!(pairs(Value::Null, Style::Form).is_empty());
    }

    #[test]
    fn headers_reject_values_that_cannot_be_sent() {
        let mut r = request();
        r.set_header("x-tags", &["a", "b"])
            .expect("a list is comma-separated");
        assert_eq!(r.headers["x-tags"], "a,b");
        r.set_header("x-none", &None::<String>)
            .expect("None sets nothing");
        assert!(!r.headers.contains_key("x-none"));
        assert!(matches!(
            r.set_header("x-bad", "a\r\nb"),
            Err(Error::InvalidArgument(_))
        ));
    }

    /// A builder step that fails is recorded: the first error is the call's, and
    /// steps after it still run.
    #[test]
    fn the_first_error_of_the_steps_fails_the_request() {
        let mut r = request();
        r.header("x-bad", "a\r\nb");
        r.path_param("id", "");
        r.query("q", "1");
        assert_eq!(r.query, vec![("q".to_string(), "1".to_string())]);
        match r.checked() {
            Err(Error::InvalidArgument(message)) => {
                assert!(message.contains("x-bad"), "{}", message)
            }
            other => panic!("the header's error: {:?}", other),
        }
    }

    #[test]
    fn form_bodies_explode_objects_and_lists() {
        let mut r = request();
        r.form(&serde_json::json!({"name": "a b", "tags": ["x", "y"]}));
        match r.body.expect("a body") {
            (Body::Bytes(body), content_type) => {
                assert_eq!(content_type, "application/x-www-form-urlencoded");
                assert_eq!(&body[..], b"name=a+b&tags=x&tags=y");
            }
            other => panic!("a form body is in memory: {:?}", other),
        }
    }
}
