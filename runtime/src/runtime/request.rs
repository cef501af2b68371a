//! An HTTP request before it is sent, and how parameters and bodies are encoded into it.

#[cfg(feature = "encode")]
use serde::Serialize;
#[cfg(feature = "encode")]
use serde_json::Value;

#[cfg(any(feature = "encode", feature = "json"))]
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
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: reqwest::header::HeaderMap,
    #[cfg(feature = "cookie")]
    pub(crate) cookies: Vec<String>,
    /// Body and content type, sent as they are on every attempt (cloning `Bytes`
    /// copies nothing).
    pub(crate) body: Option<(bytes::Bytes, String)>,
    #[cfg(feature = "auth")]
    pub(crate) auth: Option<Auth>,
}

impl Request {
    pub(crate) fn new(method: reqwest::Method) -> Self {
        Request {
            method,
            // Enough for most paths without growing.
            path: String::with_capacity(64),
            query: Vec::new(),
            headers: reqwest::header::HeaderMap::new(),
            #[cfg(feature = "cookie")]
            cookies: Vec::new(),
            body: None,
            #[cfg(feature = "auth")]
            auth: None,
        }
    }

    /// Appends literal path text.
    pub(crate) fn literal(&mut self, text: &str) {
        self.path.push_str(text);
    }

    /// Appends a percent-encoded path parameter; empty values are refused.
    #[cfg(feature = "path")]
    pub(crate) fn path_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        let text = match &value {
            Value::String(text) => std::borrow::Cow::Borrowed(text.as_str()),
            other => {
                std::borrow::Cow::Owned(scalar_text(other).unwrap_or_else(|| other.to_string()))
            }
        };
        if text.is_empty() {
            return Err(Error::InvalidArgument(format!(
                "path parameter `{name}` must not be empty"
            )));
        }
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                self.path.push(char::from(byte));
            } else {
                self.path.push('%');
                self.path.push(char::from(HEX[usize::from(byte >> 4)]));
                self.path.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
        Ok(())
    }

    /// Adds a query parameter; `None` adds nothing.
    #[cfg(feature = "query")]
    pub(crate) fn query<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        encode_query(&mut self.query, name, &value, style);
        Ok(())
    }

    /// Sets a header parameter; `None` sets nothing.
    #[cfg(feature = "header")]
    pub(crate) fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        let text = match &value {
            Value::Null => return Ok(()),
            Value::Array(items) => items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(","),
            other => scalar_text(other).unwrap_or_else(|| other.to_string()),
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
    pub(crate) fn cookie<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = to_json(name, value)?;
        if let Some(text) = scalar_text(&value) {
            self.cookies.push(format!("{name}={text}"));
        }
        Ok(())
    }

    /// Sets a JSON body.
    #[cfg(feature = "json")]
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|error| {
            Error::InvalidArgument(format!(
                "the request body cannot be encoded as JSON: {error}"
            ))
        })?;
        self.body = Some((bytes.into(), "application/json".to_string()));
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    #[cfg(feature = "form")]
    pub(crate) fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let value = to_json("body", body)?;
        let mut pairs = Vec::new();
        encode_query(&mut pairs, "", &value, Style::FormExploded);
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &pairs {
            serializer.append_pair(key, value);
        }
        self.body = Some((
            serializer.finish().into_bytes().into(),
            "application/x-www-form-urlencoded".to_string(),
        ));
        Ok(())
    }

    /// Sets a raw body with its content type.
    #[cfg(feature = "raw")]
    pub(crate) fn raw(&mut self, body: Vec<u8>, content_type: &'static str) {
        self.body = Some((body.into(), content_type.to_string()));
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
        Request::new(reqwest::Method::GET)
    }

    #[test]
    fn path_parameters_are_percent_encoded_and_never_empty() {
        let mut r = request();
        r.literal("/files/");
        r.path_param("id", "a b/c?d#é").expect("encodes");
        assert_eq!(r.path, "/files/a%20b%2Fc%3Fd%23%C3%A9");
        let mut r = request();
        r.path_param("n", &42).expect("encodes");
        assert_eq!(r.path, "42");
        assert!(matches!(
            request().path_param("id", ""),
            Err(Error::InvalidArgument(_))
        ));
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
        r.header("x-tags", &["a", "b"])
            .expect("a list is comma-separated");
        assert_eq!(r.headers["x-tags"], "a,b");
        r.header("x-none", &None::<String>)
            .expect("None sets nothing");
        assert!(!r.headers.contains_key("x-none"));
        assert!(matches!(
            r.header("x-bad", "a\r\nb"),
            Err(Error::InvalidArgument(_))
        ));
    }

    #[test]
    fn form_bodies_explode_objects_and_lists() {
        let mut r = request();
        r.form(&serde_json::json!({"name": "a b", "tags": ["x", "y"]}))
            .expect("encodes");
        let (body, content_type) = r.body.expect("a body");
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(&body[..], b"name=a+b&tags=x&tags=y");
    }
}
