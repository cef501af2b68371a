//! SDKs generated at build time from every fixture spec (see `build.rs`), so that
//! `cargo build` and `cargo clippy` check the generator's output for each of them.

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
