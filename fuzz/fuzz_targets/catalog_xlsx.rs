//! cargo-fuzz entry for the `catalog_xlsx` target; the body and its invariants are
//! `tongban_fuzz_targets::catalog_xlsx` (docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: tongban_fuzz_targets::report_panics_without_aborting(),
    |data: &[u8]| {
        tongban_fuzz_targets::catalog_xlsx(data);
    }
);
