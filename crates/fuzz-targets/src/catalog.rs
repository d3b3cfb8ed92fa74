//! The `catalog_yaml` and `catalog_xlsx` targets: `tongban_catalog_io`'s
//! readers, then validation and the exporters on whatever they accept.

use tongban_catalog_io::{
    ImportError, Location, Parsed, STORED, read_xlsx, read_yaml, write_xlsx, write_yaml,
};
use tongban_domain::catalog::Catalog;
use tongban_domain::validate::validate;

use crate::{Outcome, sheets};

/// The file name the targets read under; errors must name it.
const YAML_FILE: &str = "fuzz.yaml";
/// The workbook name the targets read under.
const XLSX_FILE: &str = "fuzz.xlsx";

/// Reads `data` as one YAML catalog file, as `tongban import` does (bytes
/// that are not UTF-8 are refused before parsing, as `read_files` does).
/// An accepted catalog is validated, every problem located, and it must
/// read back equal from the YAML exporter's text; a valid one must also
/// read back equal from the XLSX exporter's workbook.
pub fn catalog_yaml(data: &[u8]) -> Outcome {
    let Ok(text) = std::str::from_utf8(data) else {
        return Outcome::Refused;
    };
    match read_yaml(YAML_FILE, text) {
        Ok(parsed) => {
            let valid = validated(&parsed, YAML_FILE);
            yaml_round_trip(&parsed.catalog);
            if valid {
                xlsx_round_trip(&parsed.catalog);
            }
            Outcome::Accepted
        }
        Err(errors) => {
            refusal(&errors, YAML_FILE, yaml_lines(text));
            Outcome::Refused
        }
    }
}

/// Reads `data` as a workbook. Bytes starting with `PK` (a zip archive)
/// are read as they are; any other bytes are first turned into a real
/// workbook by [`sheets::workbook`] (tab-separated rows under `#sheet`
/// lines), so the fuzzer reaches the sheet and cell readers instead of
/// stopping at the zip checksums. An accepted catalog is validated and must
/// read back equal from both exporters.
pub fn catalog_xlsx(data: &[u8]) -> Outcome {
    let built;
    let bytes = if data.starts_with(b"PK") {
        data
    } else {
        match sheets::workbook(data) {
            Some(b) => {
                built = b;
                built.as_slice()
            }
            None => return Outcome::Refused,
        }
    };
    match read_xlsx(XLSX_FILE, bytes) {
        Ok(parsed) => {
            validated(&parsed, XLSX_FILE);
            xlsx_round_trip(&parsed.catalog);
            yaml_round_trip(&parsed.catalog);
            Outcome::Accepted
        }
        Err(errors) => {
            refusal(&errors, XLSX_FILE, usize::MAX);
            Outcome::Refused
        }
    }
}

/// The number of lines as YAML counts them: `\r\n`, `\r` and `\n` each
/// end a line (a lone `\r` is a line break in YAML, not in `str::lines`).
fn yaml_lines(text: &str) -> usize {
    text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1
}

/// Validates a read catalog and locates every problem in `file` (or the
/// stored catalog); true when it is valid.
fn validated(parsed: &Parsed, file: &str) -> bool {
    let problems = validate(&parsed.catalog);
    for problem in &problems {
        let located = parsed.sources.locate(problem);
        assert!(
            located.file == file || located.file == STORED,
            "a problem is located in the file read or the stored catalog: {located}"
        );
        assert_eq!(located.code, problem.code, "locating keeps the code");
        assert!(!located.reason.is_empty(), "a problem explains itself");
    }
    assert_eq!(
        validate(&parsed.catalog),
        problems,
        "validation is deterministic"
    );
    problems.is_empty()
}

/// A refusal: at least one error, each naming the file, with a stable
/// code, a reason, and a line inside the text (`lines` lines long).
fn refusal(errors: &[ImportError], file: &str, lines: usize) {
    assert!(!errors.is_empty(), "a refused file has at least one error");
    for e in errors {
        assert_eq!(e.file, file, "an error names the file read");
        assert!(
            !e.code.is_empty() && e.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "stable snake_case error code: {:?}",
            e.code
        );
        assert!(!e.reason.is_empty(), "an error explains itself: {e}");
        if let Location::Line(line) = e.location {
            assert!(
                line >= 1 && line <= lines.max(1) + 1,
                "line {line} of {lines}: {e}"
            );
        }
    }
}

/// The YAML exporter's text reads back to the same (normalized) catalog,
/// and exporting that again gives the same text.
fn yaml_round_trip(catalog: &Catalog) {
    let text = write_yaml(catalog);
    let back = match read_yaml("export.yaml", &text) {
        Ok(back) => back.catalog,
        Err(errors) => panic!("the YAML export does not read back: {errors:#?}\n{text}"),
    };
    assert_eq!(
        back,
        catalog.clone().normalized(),
        "YAML round trip\n{text}"
    );
    assert_eq!(write_yaml(&back), text, "the YAML export is stable");
}

/// The XLSX exporter's workbook reads back to the same (normalized)
/// catalog. An export refusal (e.g. a text longer than a cell holds) must
/// be an error, not a panic.
fn xlsx_round_trip(catalog: &Catalog) {
    let Ok(bytes) = write_xlsx(catalog) else {
        return;
    };
    let back = match read_xlsx("export.xlsx", &bytes) {
        Ok(back) => back.catalog,
        Err(errors) => panic!(
            "the XLSX export does not read back: {errors:#?}\n{}",
            write_yaml(catalog)
        ),
    };
    assert_eq!(
        back,
        catalog.clone().normalized(),
        "XLSX round trip\n{}",
        write_yaml(catalog)
    );
}
