//! The generator's limits, in one place: a spec written to exhaust time, memory or the
//! stack stops at one of them with a located error that names it (see the README's
//! "Limits"). Each is far above what real specs need.

/// How deep serde_json and serde_yaml let a document nest (E0010).
pub const PARSER_DEPTH: usize = 128;

/// How deep schemas may nest while they are lowered, counting inline schemas and the
/// `$ref` targets defined on first use (E0106). Real specs stay far below it; the stack
/// of the generating thread ([`LOWER_STACK`]) holds it with room to spare.
pub const MAX_SCHEMA_DEPTH: usize = 1_000;

/// How many aliases may follow each other (`A = B = C …`, E0107): the emitter follows
/// such chains to build examples.
pub const MAX_ALIAS_CHAIN: usize = 64;

/// How many properties `allOf` may copy, in all, from members into the types that include
/// them (E0108): a chain of `allOf`s copies every property below each link, which grows
/// in the square of its length. Real specs copy a few thousand.
pub const MAX_MERGED_FIELDS: usize = 50_000;

/// How many types, fields and enum values one API may generate (E0109): generating and
/// formatting the Rust for them takes time and memory in proportion. The biggest real
/// specs have a few tens of thousands.
pub const MAX_ITEMS: usize = 200_000;

/// The longest Rust name of a type or field (E0208); real specs stay under 120.
pub const MAX_NAME: usize = 1_000;

/// The stack of the thread that loads, lowers and generates: recursion follows nested
/// schemas.
pub const LOWER_STACK: usize = 128 << 20;

/// The longest crate name accepted (crates.io's limit; E0011).
pub const MAX_CRATE_NAME: usize = 64;

/// How many type shapes merging identical types (`lower::share`) may compare, in all its
/// rounds: a round per level of nested copies, each over every type. Real specs need a
/// handful of rounds; a spec built to need many keeps its deeper copies apart (correct,
/// only bigger) instead of taking the square of its size. Not an error.
pub const MAX_SHARE_KEYS: usize = 1_000_000;
