//! SM2/SM3 signatures over a licence's canonical bytes: they verify, and
//! any single changed byte of the payload or the signature makes them fail
//! (must-show 2, at the library level).

mod support;

use tongban_domain::licence::canonical_bytes;
use tongban_seal::{SealKey, SealPublicKey, Signature, VerifyError, verify};

#[test]
fn a_licence_signed_by_a_seal_verifies_with_its_public_key() {
    let seal = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    let signature = seal.sign(&payload);
    assert_eq!(verify(&seal.public_key(), &payload, &signature), Ok(()));
}

#[test]
fn flipping_any_single_byte_of_the_payload_makes_verification_fail() {
    let seal = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    let signature = seal.sign(&payload);
    for at in 0..payload.len() {
        for mask in [0x01u8, 0x80, 0xFF] {
            let mut tampered = payload.clone();
            tampered[at] ^= mask;
            assert_eq!(
                verify(&seal.public_key(), &tampered, &signature),
                Err(VerifyError::Mismatch),
                "payload byte {at} ^ {mask:#04x} still verified"
            );
        }
    }
}

#[test]
fn flipping_any_single_byte_of_the_signature_makes_verification_fail() {
    let seal = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    let der = seal.sign(&payload).as_der().to_vec();
    for at in 0..der.len() {
        for mask in [0x01u8, 0x80, 0xFF] {
            let mut bad = der.clone();
            bad[at] ^= mask;
            let result = verify(&seal.public_key(), &payload, &Signature::from_der(bad));
            assert!(
                result.is_err(),
                "signature byte {at} ^ {mask:#04x} still verified"
            );
        }
    }
}

#[test]
fn a_truncated_extended_or_empty_signature_is_malformed() {
    let seal = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    let der = seal.sign(&payload).as_der().to_vec();
    let mut longer = der.clone();
    longer.push(0);
    for bad in [der[..der.len() - 1].to_vec(), longer, Vec::new()] {
        assert_eq!(
            verify(&seal.public_key(), &payload, &Signature::from_der(bad)),
            Err(VerifyError::MalformedSignature)
        );
    }
}

#[test]
fn another_seal_s_public_key_does_not_verify_the_signature() {
    let seal = SealKey::generate().unwrap();
    let other = SealKey::generate().unwrap();
    let payload = canonical_bytes(&support::licence());
    let signature = seal.sign(&payload);
    assert_eq!(
        verify(&other.public_key(), &payload, &signature),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn the_public_key_reads_back_from_its_pem_and_der_and_a_broken_key_is_refused() {
    let seal = SealKey::generate().unwrap();
    let pem = seal.public_key_pem();
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----"), "{pem}");
    assert_eq!(SealPublicKey::from_pem(&pem).unwrap(), seal.public_key());
    assert_eq!(
        SealPublicKey::from_der(&seal.public_key_der()).unwrap(),
        seal.public_key()
    );
    let mut der = seal.public_key_der();
    let last = der.len() - 1;
    der[last] ^= 0x01; // no longer a point on the curve
    let err = SealPublicKey::from_der(&der).err().map(|e| e.code());
    assert_eq!(err, Some("seal_public_key_invalid"));
}

#[test]
fn a_signature_travels_as_base64_and_debug_never_shows_the_private_key() {
    let seal = SealKey::generate().unwrap();
    let signature = seal.sign(b"payload");
    assert_eq!(
        Signature::from_base64(&signature.to_base64()),
        Ok(signature)
    );
    assert_eq!(
        Signature::from_base64("不是base64"),
        Err(VerifyError::MalformedSignature)
    );
    let debug = format!("{seal:?}");
    assert!(debug.contains(&seal.public_key().point_hex()), "{debug}");
}
