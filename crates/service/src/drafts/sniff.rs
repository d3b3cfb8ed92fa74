//! What an uploaded file is, from its content alone, and a display-safe
//! version of its name.
//!
//! The file name never decides the type: a file is accepted only when its
//! bytes are a PDF, a JPEG or a PNG (sniffed with `infer`, plus a check
//! that a PDF ends with `%%EOF`, so a truncated one is refused too). OFD
//! is a ZIP container that cannot be told from any other ZIP by its
//! first bytes alone, so it is not accepted.

use crate::error::{Refusal, ServiceError};

/// MIME types accepted for materials.
const ACCEPTED: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// How far from the end a PDF's `%%EOF` marker may be.
const PDF_TRAILER_WINDOW: usize = 1024;

/// The longest kept file name, in characters.
const MAX_NAME_CHARS: usize = 100;

/// The MIME type of `bytes`, when it is an accepted kind of file.
pub(super) fn content_type(bytes: &[u8]) -> Result<&'static str, ServiceError> {
    let Some(kind) = infer::get(bytes) else {
        return Err(refused("无法识别的文件类型"));
    };
    let mime = kind.mime_type();
    if kind.matcher_type() == infer::MatcherType::App || mime == "text/x-shellscript" {
        return Err(refused("文件内容是可执行程序或脚本"));
    }
    let Some(accepted) = ACCEPTED.into_iter().find(|a| *a == mime) else {
        return Err(refused("不支持的文件类型"));
    };
    if accepted == "application/pdf" && !is_whole_pdf(bytes) {
        return Err(refused("PDF 文件不完整或已损坏"));
    }
    Ok(accepted)
}

/// A PDF header (`%PDF-`) and an end-of-file marker near the end.
fn is_whole_pdf(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(PDF_TRAILER_WINDOW)..];
    bytes.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

/// The refusal for a file of the wrong kind.
fn refused(why: &str) -> ServiceError {
    ServiceError::refused(
        Refusal::UnsupportedType,
        "upload_type_refused",
        format!("{why}：只接受 PDF、JPEG、PNG 格式的材料（按文件内容识别，与文件名无关）"),
    )
}

/// The user's file name without any path, control characters or
/// surrounding blanks, at most [`MAX_NAME_CHARS`] characters (keeping the
/// extension); `未命名文件` when nothing is left.
pub(super) fn display_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let clean = clean.trim().trim_start_matches('.').trim();
    if clean.is_empty() {
        return "未命名文件".to_string();
    }
    if clean.chars().count() <= MAX_NAME_CHARS {
        return clean.to_string();
    }
    let extension = clean
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|ext| !ext.is_empty() && ext.chars().count() <= 10);
    match extension {
        Some(ext) => {
            let keep = MAX_NAME_CHARS - ext.chars().count() - 1;
            let stem: String = clean.chars().take(keep).collect();
            format!("{stem}.{ext}")
        }
        None => clean.chars().take(MAX_NAME_CHARS).collect(),
    }
}

/// A byte count as megabytes for messages: `10`, `0.5`.
pub(super) fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let text = format!("{mb:.1}");
    text.strip_suffix(".0").map(str::to_string).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_cut_to_its_last_part_and_control_characters_are_dropped() {
        assert_eq!(display_name("../../etc/passwd"), "passwd");
        assert_eq!(display_name("C:\\Users\\张三\\身份证.pdf"), "身份证.pdf");
        assert_eq!(display_name("a\u{0}b\n.pdf"), "ab.pdf");
        assert_eq!(display_name("  ..  "), "未命名文件");
        assert_eq!(display_name("evil\u{202e}fdp.exe"), "evilfdp.exe");
    }

    #[test]
    fn a_long_name_keeps_its_extension_within_the_limit() {
        let name = display_name(&format!("{}.pdf", "材".repeat(300)));
        assert_eq!(name.chars().count(), MAX_NAME_CHARS);
        assert!(name.ends_with(".pdf"));
    }

    #[test]
    fn executables_and_scripts_are_refused_whatever_their_name() {
        let mut elf = vec![0x7f, b'E', b'L', b'F', 2, 1, 1];
        elf.resize(128, 0);
        for bytes in [
            elf,
            b"MZ\x90\x00rest".to_vec(),
            b"#!/bin/sh\nrm -rf /\n".to_vec(),
        ] {
            let err = content_type(&bytes).unwrap_err();
            assert_eq!(err.code(), "upload_type_refused");
            assert!(err.to_string().contains("可执行"), "{err}");
        }
    }

    #[test]
    fn a_truncated_pdf_is_refused_and_a_whole_one_accepted() {
        assert!(content_type(b"%PDF-1.4\n1 0 obj\n").is_err());
        assert_eq!(
            content_type(b"%PDF-1.4\n1 0 obj\nendobj\n%%EOF\n").unwrap(),
            "application/pdf"
        );
    }

    #[test]
    fn sizes_are_shown_in_megabytes() {
        assert_eq!(megabytes(10 * 1024 * 1024), "10");
        assert_eq!(megabytes(512 * 1024), "0.5");
    }
}
