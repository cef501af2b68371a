//! A received response → the operation's result: the status check, typed error bodies and
//! decoding of each kind of success body.

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::super::client::Response;
use super::super::error::{ApiError, Error, ErrorBody};
use super::retry::Failure;

/// A response as received: status, headers and the whole body.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// A success whose body is left to read, for a `…_stream` call.
    #[cfg(feature = "binary")]
    pub(crate) unread: Option<reqwest::Response>,
}

/// How an attempt ended without an error: a response to return, or the status and
/// headers of one to retry (its body unread).
#[derive(Debug)]
pub(crate) enum Attempt {
    Done(Received),
    Retry {
        /// For telemetry.
        #[cfg(feature = "tracing")]
        status: StatusCode,
        headers: HeaderMap,
    },
}

/// Reads a whole body, refusing more than `limit` bytes (before reading any when the
/// length is declared). A connection that drops meanwhile is a retryable failure.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, Failure> {
    let too_large = || Failure::fatal(Error::ResponseTooLarge { limit });
    let dropped = |error| Failure::retryable(Error::Connection(error));
    if let Some(length) = response.content_length() {
        if length > limit {
            return Err(too_large());
        }
        // The connection delivers exactly `length` bytes or fails.
        return response.bytes().await.map_err(dropped);
    }
    // Unknown length: chunk by chunk, counting; a single chunk is kept without a copy.
    let mut read: u64 = 0;
    let mut first: Option<Bytes> = None;
    let mut joined: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(dropped)? {
        read += chunk.len() as u64;
        if read > limit {
            return Err(too_large());
        }
        match first.take() {
            None if joined.is_empty() => first = Some(chunk),
            Some(previous) => {
                joined.extend_from_slice(&previous);
                joined.extend_from_slice(&chunk);
            }
            None => joined.extend_from_slice(&chunk),
        }
    }
    Ok(first.unwrap_or_else(|| joined.into()))
}

/// Decodes the typed error body declared for a status, if any.
pub(crate) type ErrorTable = fn(u16, &[u8]) -> Option<ErrorBody>;

/// Reads a received response into an operation's result (`json`, `text`, `empty`,
/// `binary`, or an operation's own function over `by_status`).
pub(crate) type Finish<T> = fn(Received, ErrorTable) -> Result<Response<T>, Error>;

/// The request id the server sent, under any of the usual header names.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-request-id", "request-id", "x-amzn-requestid"]
        .iter()
        .find_map(|name| headers.get(*name).and_then(|v| v.to_str().ok()))
}

/// Reads a response; a non-success status becomes [`Error::Api`].
fn finish(response: Received, errors: ErrorTable) -> Result<(StatusCode, HeaderMap, Bytes), Error> {
    let Received {
        status,
        headers,
        body: raw,
        ..
    } = response;
    if status.is_success() {
        return Ok((status, headers, raw));
    }
    Err(Error::Api(Box::new(ApiError {
        status,
        request_id: request_id(&headers).map(str::to_string),
        typed: errors(status.as_u16(), &raw),
        body: String::from_utf8_lossy(&raw).into_owned(),
        headers,
    })))
}

/// Finishes a JSON response.
#[cfg(feature = "json_response")]
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    response: Received,
    errors: ErrorTable,
) -> Result<Response<T>, Error> {
    let (status, headers, raw) = finish(response, errors)?;
    // An empty body (a `204` next to a `200` with content) reads as `null`.
    let body = if raw.is_empty() {
        decode(b"null")?
    } else {
        decode(&raw)?
    };
    Ok(Response {
        status,
        headers,
        body,
        raw,
    })
}

/// Decodes JSON, keeping the raw body and the path of the failure.
#[cfg(feature = "json_response")]
pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    // The fast path is plain serde_json; only a failure pays for a second pass that
    // finds the path of the problem.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Decode {
        path: error.path().to_string(),
        message: error.inner().to_string(),
        body: String::from_utf8_lossy(body).into_owned(),
    })
}

/// Finishes a text response.
#[cfg(feature = "text")]
pub(crate) fn text(response: Received, errors: ErrorTable) -> Result<Response<String>, Error> {
    let (status, headers, raw) = finish(response, errors)?;
    let body = String::from_utf8(raw.to_vec()).map_err(|error| Error::Decode {
        path: String::new(),
        message: error.to_string(),
        body: String::new(),
    })?;
    Ok(Response {
        status,
        headers,
        body,
        raw,
    })
}

/// Finishes a response without a body.
#[cfg(feature = "empty")]
pub(crate) fn empty(response: Received, errors: ErrorTable) -> Result<Response<()>, Error> {
    let (status, headers, raw) = finish(response, errors)?;
    Ok(Response {
        status,
        headers,
        body: (),
        raw,
    })
}

/// Finishes a binary response.
#[cfg(feature = "binary")]
pub(crate) fn binary(response: Received, errors: ErrorTable) -> Result<Response<Vec<u8>>, Error> {
    let (status, headers, raw) = finish(response, errors)?;
    Ok(Response {
        status,
        headers,
        body: raw.to_vec(),
        raw,
    })
}

/// Finishes a streamed response: the body's chunks on success, else the usual error.
#[cfg(feature = "binary")]
pub(crate) fn byte_stream(
    mut response: Received,
    errors: ErrorTable,
) -> Result<super::super::client::ByteStream, Error> {
    use super::super::client::ByteStream;
    match response.unread.take() {
        Some(unread) => Ok(ByteStream::new(response.status, response.headers, unread)),
        None => {
            let (status, headers, raw) = finish(response, errors)?;
            let whole = futures_util::stream::iter(std::iter::once(Ok(raw)));
            Ok(ByteStream::from_chunks(status, headers, whole))
        }
    }
}

/// Finishes a response whose body type depends on the success status.
#[cfg(feature = "by_status")]
pub(crate) fn by_status<T>(
    response: Received,
    errors: ErrorTable,
    decode: fn(u16, &[u8]) -> Result<T, Error>,
) -> Result<Response<T>, Error> {
    let (status, headers, raw) = finish(response, errors)?;
    let body = decode(status.as_u16(), &raw)?;
    Ok(Response {
        status,
        headers,
        body,
        raw,
    })
}

/// Decodes a typed error body, if the body matches the declared schema.
#[cfg(feature = "typed")]
pub(crate) fn typed<T: serde::de::DeserializeOwned>(
    body: &[u8],
    wrap: impl FnOnce(T) -> ErrorBody,
) -> Option<ErrorBody> {
    serde_json::from_slice(body).ok().map(wrap)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(status: u16, body: &'static str) -> Received {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", "req-7".parse().expect("valid"));
        Received {
            status: StatusCode::from_u16(status).expect("valid"),
            headers,
            body: Bytes::from_static(body.as_bytes()),
            #[cfg(feature = "binary")]
            unread: None,
        }
    }

    fn no_errors(_: u16, _: &[u8]) -> Option<ErrorBody> {
        None
    }

    fn json_errors(status: u16, body: &[u8]) -> Option<ErrorBody> {
        match status {
            422 => typed(body, ErrorBody::Json),
            _ => None,
        }
    }

    #[test]
    fn success_bodies_decode_and_keep_the_raw_bytes() {
        let response: Response<Vec<u32>> =
            json(received(200, "[1,2]"), no_errors).expect("decodes");
        assert_eq!(response.body, vec![1, 2]);
        assert_eq!(&response.raw[..], b"[1,2]");
        assert_eq!(response.request_id(), Some("req-7"));
        let empty: Response<Option<u32>> = json(received(204, ""), no_errors).expect("null");
        assert_eq!(empty.body, None);
    }

    #[test]
    fn a_decode_failure_names_the_path() {
        let result: Result<Response<Vec<u32>>, Error> =
            json(received(200, r#"[1,"x"]"#), no_errors);
        match result {
            Err(Error::Decode { path, body, .. }) => {
                assert_eq!(path, "[1]");
                assert_eq!(body, r#"[1,"x"]"#);
            }
            other => panic!("expected a decode error, got {:?}", other),
        }
    }

    #[test]
    fn error_statuses_carry_the_typed_body() {
        let result: Result<Response<()>, Error> =
            empty(received(422, r#"{"detail":[]}"#), json_errors);
        let error = result.expect_err("422 is an error");
        let api = error.api().expect("an API error");
        assert_eq!(api.request_id.as_deref(), Some("req-7"));
        assert_eq!(
            api.typed,
            Some(ErrorBody::Json(serde_json::json!({"detail": []})))
        );
        let result: Result<Response<String>, Error> = text(received(500, "not json"), json_errors);
        assert_eq!(
            result.expect_err("500").api().map(|e| e.typed.clone()),
            Some(None)
        );
    }
}
