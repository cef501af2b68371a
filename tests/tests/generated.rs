//! The tests `--with-tests` generates for every fixture in `generator/tests/fixtures/ok`
//! and `fixtures/warn`, compiled against the fixture's SDK module (see `build.rs`): they
//! must compile warning-free, their schema examples must round-trip, and their calls run
//! against the mock server in `TEST_API_BASE_URL` (skipped without it).

include!(concat!(env!("OUT_DIR"), "/generated_tests.rs"));
