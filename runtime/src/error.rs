//! The error type of every call.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Everything that can go wrong in a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-success status.
    Api(Box<ApiError>),
    /// An attempt took longer than the configured timeout (after all retries).
    Timeout,
    /// The request could not be sent or the response not read (after all retries).
    Connection(reqwest::Error),
    /// The response body did not match the declared schema.
    Decode {
        /// Where in the body decoding failed (`items[0].status`).
        path: String,
        /// What was wrong.
        message: String,
        /// The raw body.
        body: String,
    },
    /// The response body is larger than the configured limit
    /// (`ClientBuilder::max_response_size`); never retried.
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// An argument was rejected before any request was sent (an empty path parameter,
    /// a header value or multipart name with a line break…); never retried.
    InvalidArgument(String),
    /// The client is not configured correctly (for example, no API key).
    Config(String),
    /// A `wait…` helper reached its deadline before a terminal status.
    WaitDeadline(std::time::Duration),
}

impl Error {
    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            _ => None,
        }
    }

    /// The API error, if the server answered with an error status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// True for errors that are worth retrying: timeouts, connection failures,
    /// 408, 409, 429 and 5xx responses.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout | Error::Connection(_) => true,
            Error::Api(error) => {
                let status = error.status.as_u16();
                matches!(status, 408 | 409 | 429) || status >= 500
            }
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => fmt::Display::fmt(error, f),
            Error::Timeout => f.write_str("the request timed out"),
            Error::Connection(error) => write!(f, "connection error: {error}"),
            Error::Decode { path, message, .. } => {
                if path.is_empty() || path == "." || path == "?" {
                    write!(f, "the response could not be decoded: {message}")
                } else {
                    write!(
                        f,
                        "the response could not be decoded at `{path}`: {message}"
                    )
                }
            }
            Error::ResponseTooLarge { limit } => write!(
                f,
                "the response body is larger than the limit of {limit} bytes \
                 (`ClientBuilder::max_response_size`)"
            ),
            Error::InvalidArgument(message) => write!(f, "invalid argument: {message}"),
            Error::Config(message) => write!(f, "client configuration error: {message}"),
            Error::WaitDeadline(deadline) => write!(f, "no terminal status within {deadline:?}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Connection(error) => Some(error),
            _ => None,
        }
    }
}

/// Classes of API errors by status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400.
    BadRequest,
    /// 401.
    Authentication,
    /// 403.
    PermissionDenied,
    /// 404.
    NotFound,
    /// 409.
    Conflict,
    /// 422.
    UnprocessableEntity,
    /// 429.
    RateLimit,
    /// 500 and above.
    Server,
    /// Any other status.
    Other,
}

/// A non-success response.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The status code.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The request id the server sent (`x-request-id`), if any.
    pub request_id: Option<String>,
    /// The raw body.
    pub body: String,
    /// The body decoded into the type the spec declares for this status, if any.
    pub typed: Option<ErrorBody>,
}

impl ApiError {
    /// The class of this error.
    pub fn kind(&self) -> ApiErrorKind {
        match self.status.as_u16() {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::PermissionDenied,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            422 => ApiErrorKind::UnprocessableEntity,
            429 => ApiErrorKind::RateLimit,
            500.. => ApiErrorKind::Server,
            _ => ApiErrorKind::Other,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the API returned {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if !self.body.is_empty() {
            let mut end = self.body.len().min(500);
            while !self.body.is_char_boundary(end) {
                end -= 1;
            }
            write!(f, ": {}", &self.body[..end])?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// Error bodies the spec declares, decoded by status (the generator writes one variant per
/// declared error schema).
#[cfg(not(generated))]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// A body declared as any JSON value.
    Json(serde_json::Value),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(status: u16, body: &str) -> Error {
        Error::Api(Box::new(ApiError {
            status: StatusCode::from_u16(status).expect("a valid status"),
            headers: HeaderMap::new(),
            request_id: Some("req-1".to_string()),
            body: body.to_string(),
            typed: None,
        }))
    }

    #[test]
    fn retryable_errors() {
        for status in [408, 409, 429, 500, 503] {
            assert!(api_error(status, "").is_retryable(), "{}", status);
        }
        for status in [400, 401, 404, 422] {
            assert!(!api_error(status, "").is_retryable(), "{}", status);
        }
        assert!(Error::Timeout.is_retryable());
        assert!(!Error::InvalidArgument("x".to_string()).is_retryable());
    }

    #[test]
    fn display_cuts_long_bodies_at_a_character_boundary() {
        let body = "é".repeat(400);
        let text = api_error(500, &body).to_string();
        assert!(
            text.starts_with("the API returned 500 Internal Server Error (request id req-1): é")
        );
        assert_eq!(text.split(": ").nth(1).map(str::len), Some(500));
    }

    #[test]
    fn kinds_by_status() {
        let kind = |status| api_error(status, "").api().map(ApiError::kind);
        assert_eq!(kind(404), Some(ApiErrorKind::NotFound));
        assert_eq!(kind(503), Some(ApiErrorKind::Server));
        assert_eq!(kind(418), Some(ApiErrorKind::Other));
    }
}
