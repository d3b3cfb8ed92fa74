//! Resident ID numbers and unified social credit codes are parsed as
//! python-stdnum (`stdnum.cn.ric`, `stdnum.cn.uscc`) judges them, on more
//! than 100,000 generated and mutated inputs each, except on exactly the
//! inputs docs/identifiers.md lists as deliberate differences.
//! scripts/test.sh installs python-stdnum; without it these tests fail and
//! say how to install it.

use std::process::Command;

use tongban_domain::ident::{ResidentId, Uscc};

#[path = "ident_reference/generate.rs"]
mod generate;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ident_reference.py");
const TABLE: &str = include_str!("../src/ident/gb2260_history.txt");
const INSTALL: &str = "python-stdnum is missing: run scripts/test.sh, which installs it, \
                       or: python3 -m pip install python-stdnum==2.2";

/// Runs the reference script with `args`; its stdout.
fn python(args: &[&str]) -> String {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg(SCRIPT)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}; install Python 3"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'stdnum'"),
        "{INSTALL}\n{stderr}"
    );
    assert!(out.status.success(), "{SCRIPT} failed: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// Our verdict on a resident ID, in stdnum's vocabulary.
fn ric_kind(input: &str) -> &'static str {
    match ResidentId::parse(input) {
        Ok(_) => "ok",
        Err(e) => match e.code {
            "invalid_resident_id_length" | "invalid_resident_id_legacy" => "length",
            "invalid_resident_id_format" => "format",
            "invalid_resident_id_checksum" => "checksum",
            "invalid_resident_id_birth_date" => "date",
            "invalid_resident_id_region" => "place",
            other => panic!("unexpected error code {other}"),
        },
    }
}

/// Counts of what the comparison saw, printed and checked for coverage.
#[derive(Default, Debug)]
struct Tally {
    inputs: usize,
    reference_ok: usize,
    documented_differences: usize,
    reference_crashes: usize,
}

#[test]
fn resident_ids_and_credit_codes_agree_with_python_stdnum() {
    let rics = generate::resident_ids(0x7107_6a4e, 40_000);
    let usccs = generate::usccs(0x3210_0201, 40_000);
    assert!(rics.len() >= 100_000 && usccs.len() >= 100_000);

    let path = std::env::temp_dir().join(format!("tongban-ident-ref-{}.txt", std::process::id()));
    let mut lines = String::new();
    for (scheme, inputs) in [("ric", &rics), ("uscc", &usccs)] {
        for input in inputs {
            let quoted = serde_json::to_string(input).unwrap();
            lines.push_str(&format!("{scheme}\t{quoted}\n"));
        }
    }
    std::fs::write(&path, lines).unwrap();
    let output = python(&["verdicts", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    let verdicts: Vec<(&str, bool)> = output
        .lines()
        .map(|l| {
            let (kind, dev) = l.split_once('\t').unwrap();
            (kind, dev == "1")
        })
        .collect();
    assert_eq!(
        verdicts.len(),
        rics.len() + usccs.len(),
        "one verdict per input"
    );
    let (ric_verdicts, uscc_verdicts) = verdicts.split_at(rics.len());

    let mut disagreements = Vec::new();
    let mut ric = Tally::default();
    for (input, &(reference, documented)) in rics.iter().zip(ric_verdicts) {
        ric.inputs += 1;
        ric.reference_ok += usize::from(reference == "ok");
        ric.documented_differences += usize::from(documented);
        ric.reference_crashes += usize::from(reference.starts_with("crash"));
        // Documented: the address code only has to be in force in or after
        // the birth year; and where stdnum 2.2 crashes (KeyError on an
        // unknown county of a known province) the number is refused.
        let expected = match reference {
            _ if documented => "ok",
            "crash:KeyError" => "place",
            kind => kind,
        };
        let ours = ric_kind(input);
        if ours != expected {
            let why = ResidentId::parse(input).err().map(|e| e.message);
            disagreements.push(format!(
                "ric {input:?}: stdnum {reference}, expected {expected}, ours {ours} ({why:?})"
            ));
        }
    }
    let mut uscc = Tally::default();
    for (input, &(reference, documented)) in usccs.iter().zip(uscc_verdicts) {
        uscc.inputs += 1;
        uscc.reference_ok += usize::from(reference == "ok");
        uscc.documented_differences += usize::from(documented);
        uscc.reference_crashes += usize::from(reference.starts_with("crash"));
        // Documented: GB 32100 allows letters in positions 1-2.
        let expected = reference == "ok" || documented;
        let ours = Uscc::parse(input);
        if ours.is_ok() != expected {
            disagreements.push(format!(
                "uscc {input:?}: stdnum {reference}, documented difference {documented}, ours {:?}",
                ours.map_err(|e| e.message)
            ));
        }
    }
    println!("resident IDs: {ric:?}\ncredit codes: {uscc:?}");
    assert!(
        disagreements.is_empty(),
        "{} disagreements with python-stdnum; the first 10:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (name, t) in [("resident IDs", &ric), ("credit codes", &uscc)] {
        assert!(
            t.reference_ok * 5 > t.inputs,
            "{name}: too few valid inputs: {t:?}"
        );
        assert!(
            t.reference_ok * 5 < t.inputs * 4,
            "{name}: too few invalid: {t:?}"
        );
        assert!(
            t.documented_differences > 100,
            "{name}: difference not exercised: {t:?}"
        );
    }
    assert_eq!(uscc.reference_crashes, 0);
    assert!(
        ric.reference_crashes > 0,
        "unknown counties of known provinces are exercised"
    );
}

#[test]
fn the_embedded_county_history_is_python_stdnums_table() {
    let ours: Vec<&str> = TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    let reference = python(&["table"]);
    let theirs: Vec<&str> = reference.lines().collect();
    assert_eq!(ours.len(), theirs.len(), "number of county codes");
    let differing: Vec<_> = ours
        .iter()
        .zip(&theirs)
        .filter(|(a, b)| a != b)
        .take(10)
        .collect();
    assert!(
        differing.is_empty(),
        "regenerate gb2260_history.txt: {differing:?}"
    );
}
