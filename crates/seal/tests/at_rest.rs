//! Seal private keys at rest: SM4-GCM under the configuration key. The
//! right key gives the same seal back; a wrong key or a changed byte is an
//! error, never a different key.

use tongban_seal::{ConfigKey, EncryptedKey, SealError, SealKey};

const CONFIG_KEY: &str = "0123456789abcdeffedcba9876543210";

#[test]
fn an_encrypted_seal_decrypts_to_the_same_key_that_signs_the_same_way() {
    let seal = SealKey::generate().unwrap();
    let key = ConfigKey::parse(CONFIG_KEY).unwrap();
    let stored = EncryptedKey::parse(&seal.encrypt(&key).unwrap().to_text()).unwrap();
    let back = SealKey::decrypt(&stored, &key).unwrap();
    assert_eq!(back.public_key(), seal.public_key());
    assert_eq!(back.sign(b"licence"), seal.sign(b"licence"));
}

#[test]
fn a_wrong_configuration_key_is_refused() {
    let seal = SealKey::generate().unwrap();
    let stored = seal
        .encrypt(&ConfigKey::parse(CONFIG_KEY).unwrap())
        .unwrap();
    let wrong = ConfigKey::parse("0123456789abcdeffedcba9876543211").unwrap();
    let err = SealKey::decrypt(&stored, &wrong).err();
    assert_eq!(err, Some(SealError::DecryptFailed));
    assert_eq!(err.map(|e| e.code()), Some("seal_key_decrypt_failed"));
}

#[test]
fn any_changed_character_of_the_stored_text_is_refused() {
    let seal = SealKey::generate().unwrap();
    let key = ConfigKey::parse(CONFIG_KEY).unwrap();
    let text = seal.encrypt(&key).unwrap().to_text();
    let body_start = "sm4-gcm:v1:".len();
    for at in body_start..text.len() {
        let mut chars: Vec<char> = text.chars().collect();
        if chars[at] == ':' || chars[at] == '=' {
            continue;
        }
        chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
        let changed: String = chars.into_iter().collect();
        let result = EncryptedKey::parse(&changed).and_then(|e| SealKey::decrypt(&e, &key));
        assert!(result.is_err(), "changed character {at} still decrypted");
    }
}

#[test]
fn each_encryption_uses_a_fresh_nonce_and_holds_no_clear_key() {
    let seal = SealKey::generate().unwrap();
    let key = ConfigKey::parse(CONFIG_KEY).unwrap();
    let a = seal.encrypt(&key).unwrap().to_text();
    let b = seal.encrypt(&key).unwrap().to_text();
    assert_ne!(a, b);
    assert!(a.starts_with("sm4-gcm:v1:"), "{a}");
    assert_eq!(format!("{:?}", key), "ConfigKey(**)");
}

#[test]
fn a_configuration_key_must_be_32_hex_characters() {
    for bad in [
        "",
        "0123",
        "0123456789abcdeffedcba987654321g",
        "0123456789abcdeffedcba98765432100",
        "０１23456789abcdeffedcba98765432",
    ] {
        assert_eq!(
            ConfigKey::parse(bad).err(),
            Some(SealError::InvalidConfigKey),
            "{bad}"
        );
    }
    assert!(ConfigKey::parse("0123456789ABCDEFFEDCBA9876543210").is_ok());
}

#[test]
fn a_stored_text_of_the_wrong_shape_is_malformed() {
    for bad in [
        "",
        "sm4-cbc:v1:AAAA:BBBB",
        "sm4-gcm:v1:AAAA",
        "sm4-gcm:v1:AAAA:BBBB",
        "sm4-gcm:v1:!!!:BBBB",
    ] {
        assert_eq!(
            EncryptedKey::parse(bad).err(),
            Some(SealError::MalformedEncryptedKey),
            "{bad}"
        );
    }
}
