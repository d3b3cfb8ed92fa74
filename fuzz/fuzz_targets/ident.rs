//! cargo-fuzz entry for the `ident` target; the body and its invariants are
//! `tongban_fuzz_targets::ident` (docs/fuzzing.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tongban_fuzz_targets::ident(data);
});
