//! Request building, parameter encoding, retry timing, response decoding, and the
//! helpers of the generated types.

#[cfg(feature = "operations")]
mod request;
#[cfg(feature = "operations")]
pub(crate) use request::*;

#[cfg(feature = "operations")]
mod retry;
#[cfg(feature = "operations")]
pub(crate) use retry::*;

#[cfg(feature = "operations")]
mod response;
#[cfg(feature = "operations")]
pub(crate) use response::*;

#[cfg(feature = "multipart")]
mod multipart;
#[cfg(feature = "multipart")]
pub use multipart::*;

#[cfg(feature = "nullable")]
mod nullable;
#[cfg(feature = "nullable")]
pub use nullable::*;

#[cfg(feature = "lenient")]
mod lenient;
#[cfg(feature = "lenient")]
pub(crate) use lenient::*;

// Implementations of `LenientDecode` for date-times and dates: nothing to re-export.
#[cfg(feature = "dates")]
mod dates;

#[cfg(any(
    feature = "structs",
    feature = "string_enums",
    feature = "int_enums",
    feature = "one_of",
    feature = "tagged"
))]
mod codec;
#[cfg(any(
    feature = "structs",
    feature = "string_enums",
    feature = "int_enums",
    feature = "one_of",
    feature = "tagged"
))]
pub(crate) use codec::*;
