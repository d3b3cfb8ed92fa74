//! The seal crate's errors, each with a stable code and a Chinese message.

/// Why a seal key could not be made, loaded, encrypted or decrypted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The operating system's random source failed.
    #[error("系统随机数源不可用，无法生成印章密钥或加密向量，请检查服务器环境后重试")]
    RandomUnavailable,
    /// The configured SM4 key is not 32 hexadecimal characters.
    #[error("配置的印章加密密钥无效：应为32位十六进制字符（128位SM4密钥）")]
    InvalidConfigKey,
    /// The encrypted key text is not in the `sm4-gcm:v1:…` form.
    #[error("加密的印章私钥格式无效：应为“sm4-gcm:v1:向量:密文”形式")]
    MalformedEncryptedKey,
    /// SM4-GCM refused the ciphertext: wrong configuration key or tampering.
    #[error("印章私钥解密失败：加密密钥不正确，或密文已被篡改")]
    DecryptFailed,
    /// The decrypted bytes are not an SM2 private key.
    #[error("印章私钥无效：不是合法的SM2私钥")]
    InvalidPrivateKey,
    /// A public key could not be read as an SM2 SubjectPublicKeyInfo.
    #[error("印章公钥无效：应为含SM2曲线标识（1.2.156.10197.1.301）的公钥（PEM或DER）")]
    InvalidPublicKey,
}

impl SealError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SealError::RandomUnavailable => "seal_random_unavailable",
            SealError::InvalidConfigKey => "seal_config_key_invalid",
            SealError::MalformedEncryptedKey => "seal_encrypted_key_malformed",
            SealError::DecryptFailed => "seal_key_decrypt_failed",
            SealError::InvalidPrivateKey => "seal_private_key_invalid",
            SealError::InvalidPublicKey => "seal_public_key_invalid",
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The signature is not a DER-encoded SM2 signature.
    #[error("签名格式无效：应为DER编码的SM2签名")]
    MalformedSignature,
    /// The signature is well formed but does not match the bytes and key.
    #[error("签名验证失败：证照内容或签名已被篡改，或签名不是该印章所签")]
    Mismatch,
}

impl VerifyError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MalformedSignature => "signature_malformed",
            VerifyError::Mismatch => "signature_mismatch",
        }
    }
}
