//! Whole-API checks over the lowered IR: problems that only show once every operation
//! and schema is lowered. Check reads the IR and never changes it.

mod cycles;
mod unions;
mod usage;

use crate::diag::Diagnostics;
use crate::ir::Api;

/// Checks the lowered API. `lowered_cleanly` is false when lowering reported errors:
/// the IR then has placeholders, and only the checks that cannot mistake a placeholder
/// for a problem run.
pub fn check(api: &Api, lowered_cleanly: bool) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    cycles::alias_cycles(api, &mut diagnostics);
    usage::unused_schemas(api, &mut diagnostics);
    if lowered_cleanly && !diagnostics.has_errors() {
        unions::any_variant(api, &mut diagnostics);
    }
    diagnostics
}
