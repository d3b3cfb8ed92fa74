//! Must-show 1: the `openssl` CLI (OpenSSL 3, SM2/SM3) verifies a licence
//! signature made by tongban from the documented canonical bytes and the
//! exported public key, and tongban verifies a signature made by openssl.
//! The commands are the ones docs/licence-signature.md gives.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use tongban_domain::licence::canonical_bytes;
use tongban_seal::{SealKey, SealPublicKey, Signature, verify};

/// Runs openssl; a missing binary fails the test (never skips).
fn openssl(args: &[&str], dir: &Path) -> Output {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("openssl (OpenSSL 3) is required for this test and could not run: {e}")
        })
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `openssl pkeyutl -verify` exactly as docs/licence-signature.md shows.
fn openssl_verifies(dir: &Path, payload: &str, sig: &str) -> (bool, String) {
    let out = openssl(
        &[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-rawin",
            "-in",
            payload,
            "-sigfile",
            sig,
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
        ],
        dir,
    );
    let said = text(&out);
    (
        out.status.success() && said.contains("Signature Verified Successfully"),
        said,
    )
}

#[test]
fn the_machine_has_openssl_3() {
    let dir = tempfile::tempdir().unwrap();
    let out = openssl(&["version"], dir.path());
    assert!(
        text(&out).starts_with("OpenSSL 3."),
        "need OpenSSL 3, found: {}",
        text(&out)
    );
}

#[test]
fn openssl_verifies_a_licence_signed_by_tongban_and_refuses_a_flipped_byte() {
    let dir = tempfile::tempdir().unwrap();
    let seal = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    let signature = seal.sign(&payload);
    std::fs::write(dir.path().join("pub.pem"), seal.public_key_pem()).unwrap();
    std::fs::write(dir.path().join("payload.bin"), &payload).unwrap();
    std::fs::write(dir.path().join("sig.der"), signature.as_der()).unwrap();

    let (ok, said) = openssl_verifies(dir.path(), "payload.bin", "sig.der");
    assert!(ok, "openssl refused tongban's signature: {said}");

    // A flipped byte in the payload (first, middle, last) or the signature.
    for at in [0, payload.len() / 2, payload.len() - 1] {
        let mut tampered = payload.clone();
        tampered[at] ^= 0x01;
        std::fs::write(dir.path().join("tampered.bin"), &tampered).unwrap();
        let (ok, said) = openssl_verifies(dir.path(), "tampered.bin", "sig.der");
        assert!(!ok, "openssl accepted a payload flipped at {at}: {said}");
        assert!(said.contains("Signature Verification Failure"), "{said}");
    }
    let der = signature.as_der();
    for at in [der.len() / 2, der.len() - 1] {
        let mut bad = der.to_vec();
        bad[at] ^= 0x01;
        std::fs::write(dir.path().join("bad.der"), &bad).unwrap();
        let (ok, said) = openssl_verifies(dir.path(), "payload.bin", "bad.der");
        assert!(!ok, "openssl accepted a signature flipped at {at}: {said}");
    }
}

#[test]
fn openssl_dgst_verifies_too_and_without_the_distinguishing_id_openssl_3_0_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let seal = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    std::fs::write(dir.path().join("pub.pem"), seal.public_key_pem()).unwrap();
    std::fs::write(dir.path().join("payload.bin"), &payload).unwrap();
    std::fs::write(dir.path().join("sig.der"), seal.sign(&payload).as_der()).unwrap();
    let dgst = openssl(
        &[
            "dgst",
            "-sm3",
            "-verify",
            "pub.pem",
            "-sigopt",
            "distid:1234567812345678",
            "-signature",
            "sig.der",
            "payload.bin",
        ],
        dir.path(),
    );
    assert!(
        dgst.status.success() && text(&dgst).contains("Verified OK"),
        "{}",
        text(&dgst)
    );
    // OpenSSL 3.0 hashes an empty ID when none is given: the docs insist on
    // the option because of this.
    let no_id = openssl(
        &[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-rawin",
            "-in",
            "payload.bin",
            "-sigfile",
            "sig.der",
            "-digest",
            "sm3",
        ],
        dir.path(),
    );
    assert!(
        text(&no_id).contains("Signature Verification Failure"),
        "{}",
        text(&no_id)
    );
}

#[test]
fn openssl_reads_the_exported_public_key_as_an_sm2_key() {
    let dir = tempfile::tempdir().unwrap();
    let seal = SealKey::generate().unwrap();
    std::fs::write(dir.path().join("pub.der"), seal.public_key_der()).unwrap();
    let out = openssl(
        &[
            "pkey", "-pubin", "-inform", "DER", "-in", "pub.der", "-text", "-noout",
        ],
        dir.path(),
    );
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("SM2"),
        "openssl did not see the SM2 curve: {said}"
    );
    let pem = openssl(
        &["pkey", "-pubin", "-inform", "DER", "-in", "pub.der"],
        dir.path(),
    );
    assert_eq!(
        SealPublicKey::from_pem(&String::from_utf8_lossy(&pem.stdout)).unwrap(),
        seal.public_key()
    );
}

#[test]
fn tongban_verifies_a_licence_signed_by_openssl_with_an_openssl_key() {
    let dir = tempfile::tempdir().unwrap();
    let payload = canonical_bytes(&support::licence());
    std::fs::write(dir.path().join("payload.bin"), &payload).unwrap();
    let steps: [&[&str]; 3] = [
        &["genpkey", "-algorithm", "SM2", "-out", "key.pem"],
        &["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"],
        &[
            "pkeyutl",
            "-sign",
            "-inkey",
            "key.pem",
            "-rawin",
            "-in",
            "payload.bin",
            "-out",
            "sig.der",
            "-digest",
            "sm3",
            "-pkeyopt",
            "distid:1234567812345678",
        ],
    ];
    for args in steps {
        let out = openssl(args, dir.path());
        assert!(out.status.success(), "openssl {args:?}: {}", text(&out));
    }
    let pem = std::fs::read_to_string(dir.path().join("pub.pem")).unwrap();
    let key = SealPublicKey::from_pem(&pem).unwrap();
    let signature = Signature::from_der(std::fs::read(dir.path().join("sig.der")).unwrap());
    assert_eq!(verify(&key, &payload, &signature), Ok(()));
    let mut tampered = payload.clone();
    tampered[10] ^= 0x01;
    assert!(verify(&key, &tampered, &signature).is_err());
}
