//! When to retry, and how long to wait before the next attempt.

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::super::error::Error;

/// An attempt that failed, and whether another attempt may succeed.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) retryable: bool,
}

impl Failure {
    /// A failure worth another attempt (a dropped connection, a timeout).
    pub(crate) fn retryable(error: Error) -> Self {
        Failure {
            error,
            retryable: true,
        }
    }

    /// A failure another attempt would repeat.
    pub(crate) fn fatal(error: Error) -> Self {
        Failure {
            error,
            retryable: false,
        }
    }

    /// The same failure with its error changed.
    pub(crate) fn map(self, change: impl FnOnce(Error) -> Error) -> Self {
        Failure {
            error: change(self.error),
            retryable: self.retryable,
        }
    }
}

/// Whether a failed response should be retried: `x-should-retry` wins, then 408, 409,
/// 429 and 5xx.
pub(crate) fn should_retry(status: StatusCode, headers: &HeaderMap) -> bool {
    // A success is final: retrying it would repeat a request that took effect.
    if status.is_success() {
        return false;
    }
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => {
            let status = status.as_u16();
            matches!(status, 408 | 409 | 429) || status >= 500
        }
    }
}

/// Delay before retry number `retry` (0-based): the server's `retry-after-ms` or
/// `retry-after` when it is between 0 and 60 seconds, else exponential backoff
/// `min(0.5 s · 2^retry, 8 s)` minus up to 25 % jitter.
pub(crate) fn retry_delay(headers: Option<&HeaderMap>, retry: u32) -> Duration {
    if let Some(delay) = headers
        .and_then(server_delay)
        .filter(|delay| *delay <= Duration::from_secs(60))
    {
        return delay;
    }
    backoff(retry, jitter())
}

/// `min(0.5 s · 2^retry, 8 s)`, shortened by `jitter` (in `[0, 1)`) times 25 %.
fn backoff(retry: u32, jitter: f64) -> Duration {
    let base = (0.5 * 2f64.powi(retry.min(16) as i32)).min(8.0);
    Duration::from_secs_f64(base * (1.0 - 0.25 * jitter))
}

/// The delay the server asks for: `retry-after-ms`, else `retry-after` in seconds or as
/// an HTTP date.
fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms")
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
    {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = header("retry-after")?;
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)` from the standard library's random hasher keys.
fn jitter() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A fresh idempotency key: a random (version 4) UUID.
#[cfg(feature = "idempotency")]
pub(crate) fn idempotency_key() -> reqwest::header::HeaderValue {
    let (high, low) = (random_u64(), random_u64());
    // Version 4 and the RFC 9562 variant, as a UUID's text.
    let high = (high & !0xF000) | 0x4000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    let text = format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    );
    reqwest::header::HeaderValue::from_str(&text).expect("hex digits and dashes")
}

/// A random number from the standard library's randomly keyed hasher.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("a valid header value"));
        }
        map
    }

    #[test]
    fn idempotency_keys_are_random_version_4_uuids() {
        let key = idempotency_key();
        let key = key.to_str().expect("ASCII");
        assert_eq!(key.len(), 36);
        assert_eq!(key.as_bytes()[14], b'4');
        assert!(
            matches!(key.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "{}",
            key
        );
        assert_ne!(idempotency_key(), idempotency_key());
    }

    #[test]
    fn retries_by_status_unless_the_server_says_otherwise() {
        let none = HeaderMap::new();
        for (status, expected) in [
            (200, false),
            (400, false),
            (408, true),
            (409, true),
            (429, true),
            (500, true),
            (503, true),
        ] {
            let status = StatusCode::from_u16(status).expect("valid");
            assert_eq!(should_retry(status, &none), expected, "{status}");
        }
        let no = headers(&[("x-should-retry", "false")]);
        assert!(!should_retry(StatusCode::SERVICE_UNAVAILABLE, &no));
        let yes = headers(&[("x-should-retry", "true")]);
        assert!(should_retry(StatusCode::BAD_REQUEST, &yes));
        // A success is never retried, whatever the header says.
        assert!(!should_retry(StatusCode::OK, &yes));
    }

    #[test]
    fn backoff_doubles_up_to_eight_seconds_with_at_most_a_quarter_of_jitter() {
        assert_eq!(backoff(0, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(4, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(40, 0.0), Duration::from_secs(8));
        assert_eq!(
            backoff(0, 0.999_999),
            Duration::from_secs_f64(0.5 * (1.0 - 0.25 * 0.999_999))
        );
        for retry in 0..6 {
            let delay = retry_delay(None, retry);
            assert!(
                delay <= backoff(retry, 0.0) && delay > backoff(retry, 1.0),
                "{:?}",
                delay
            );
        }
    }

    #[test]
    fn the_server_delay_wins_when_at_most_a_minute() {
        assert_eq!(
            retry_delay(Some(&headers(&[("retry-after-ms", "250")])), 3),
            Duration::from_millis(250)
        );
        assert_eq!(
            retry_delay(Some(&headers(&[("retry-after", "2")])), 3),
            Duration::from_secs(2)
        );
        // Too long, negative or garbage: ignored, the backoff applies.
        for value in ["120", "-1", "soon"] {
            let delay = retry_delay(Some(&headers(&[("retry-after", value)])), 0);
            assert!(
                delay <= Duration::from_millis(500),
                "{}: {:?}",
                value,
                delay
            );
        }
        let past = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(
            retry_delay(Some(&headers(&[("retry-after", past)])), 0),
            Duration::ZERO
        );
    }
}
