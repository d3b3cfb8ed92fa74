//! Replays the seed corpus `fuzz/corpus/<target>/` through the fuzz target
//! bodies, so every seed and every regression found by fuzzing runs in the
//! normal `cargo test`. Seeds named `ok-*` must be accepted and `bad-*`
//! refused; every file must pass the targets' invariants.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use tongban_fuzz_targets::{Outcome, TARGETS, run};

/// The corpus folder of a target.
fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target)
}

/// Runs every seed of `target`; returns how many ran, panicking with the
/// list of seeds that broke an invariant or were judged wrongly.
fn replay(target: &str) -> usize {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let data = std::fs::read(path).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| run(target, &data)));
        let expected = if name.starts_with("ok-") {
            Some(Outcome::Accepted)
        } else if name.starts_with("bad-") {
            Some(Outcome::Refused)
        } else {
            None
        };
        match outcome {
            Err(_) => failures.push(format!("{name}: broke an invariant (see the panic above)")),
            Ok(None) => failures.push(format!("{name}: unknown target {target}")),
            Ok(Some(got)) if expected.is_some_and(|e| e != got) => {
                failures.push(format!("{name}: expected {expected:?}, got {got:?}"))
            }
            Ok(Some(_)) => {}
        }
    }
    assert!(failures.is_empty(), "{target}:\n{}", failures.join("\n"));
    files.len()
}

/// How many `ok-` and `bad-` seeds a target has.
fn counts(target: &str) -> (usize, usize) {
    let names: Vec<String> = std::fs::read_dir(corpus_dir(target))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    let ok = names.iter().filter(|n| n.starts_with("ok-")).count();
    let bad = names.iter().filter(|n| n.starts_with("bad-")).count();
    (ok, bad)
}

#[test]
fn every_target_has_valid_and_invalid_seeds() {
    for target in TARGETS {
        let (ok, bad) = counts(target);
        assert!(ok >= 2, "{target} has {ok} ok- seeds");
        assert!(bad >= 2, "{target} has {bad} bad- seeds");
    }
}

#[test]
fn identifier_seeds_parse_or_are_refused_as_named() {
    assert!(replay("ident") > 10);
}

#[test]
fn yaml_catalog_seeds_import_round_trip_or_are_refused_as_named() {
    assert!(replay("catalog_yaml") > 5);
}

#[test]
fn xlsx_catalog_seeds_import_round_trip_or_are_refused_as_named() {
    assert!(replay("catalog_xlsx") > 3);
}

#[test]
fn guidance_seeds_evaluate_deterministically_or_are_refused_as_named() {
    assert!(replay("guidance") > 5);
}
