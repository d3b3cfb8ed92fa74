//! Fuzz target bodies: the identifier parsers, the catalog import (YAML and
//! XLSX) and the guidance / 秒批 rules, each a plain function over bytes.
//!
//! The same functions run in two places: `fuzz/fuzz_targets/<name>.rs` calls
//! them from `libfuzzer_sys::fuzz_target!` (bounded runs through
//! `scripts/fuzz.sh`), and `tests/corpus.rs` replays every file of the seed
//! corpus `fuzz/corpus/<name>/` through them in the normal `cargo test`.
//!
//! Each function checks invariants beyond "no panic" (an accepted
//! identifier re-parses to itself, an imported catalog round-trips through
//! the exporter, a rule evaluates the same way twice …) and panics when one
//! breaks: a panic is what the fuzzer reports as a finding. The returned
//! [`Outcome`] says whether the input was accepted, so the corpus test can
//! also check that the valid seeds stay valid. Invariants are listed in
//! `docs/fuzzing.md`.

mod catalog;
mod guidance;
mod ident;
mod sheets;

pub use catalog::{catalog_xlsx, catalog_yaml};
pub use guidance::guidance;
pub use ident::ident;

/// What a target made of its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The entry point accepted the input (an identifier parsed, a catalog
    /// imported, a rule set evaluated).
    Accepted,
    /// The entry point refused the input with an error, as it should for
    /// bad input.
    Refused,
}

impl Outcome {
    /// `Accepted` when `ok`, else `Refused`.
    fn from_bool(ok: bool) -> Outcome {
        if ok {
            Outcome::Accepted
        } else {
            Outcome::Refused
        }
    }
}

/// The names of the targets, as used for `fuzz/corpus/<name>/` and
/// `cargo fuzz run <name>`.
pub const TARGETS: [&str; 4] = ["ident", "catalog_yaml", "catalog_xlsx", "guidance"];

/// Runs the target called `name` on `data`; `None` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> Option<Outcome> {
    match name {
        "ident" => Some(ident(data)),
        "catalog_yaml" => Some(catalog_yaml(data)),
        "catalog_xlsx" => Some(catalog_xlsx(data)),
        "guidance" => Some(guidance(data)),
        _ => None,
    }
}

/// Replaces libFuzzer's panic hook (which aborts on every panic, even one
/// that is caught) with one that only prints the panic. The domain turns a
/// panic of the CEL parser into an error on purpose (`guidance::compile`,
/// `auto_decision::compile`), so such a panic is not a finding; a panic that
/// escapes a target still aborts, because `libfuzzer_sys` aborts when the
/// target unwinds. Called from the `init` of the targets that compile CEL.
pub fn report_panics_without_aborting() {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("caught or escaping panic: {info}")
    }));
}
