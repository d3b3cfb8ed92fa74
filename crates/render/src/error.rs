//! Why a document could not be rendered: each refusal has a stable code and
//! a message in Chinese.

use std::path::PathBuf;

/// A rendering failure.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No usable CJK font at any of the searched places.
    #[error("未找到可用的中文字体（已查找：{}）；请安装 fonts-noto-cjk，或用环境变量 TONGBAN_CJK_FONT 指定字体文件", list(.searched))]
    NoCjkFont { searched: Vec<PathBuf> },
    /// The font file exists but cannot be read or holds no CJK face.
    #[error("字体文件 {} 不可用：{reason}", .path.display())]
    FontUnusable { path: PathBuf, reason: String },
    /// A character of the licence has no glyph in the font (a rare
    /// character, 生僻字): printing it as a blank box would be wrong.
    #[error("字体中没有字符“{character}”（U+{:04X}）的字形，无法打印：{context}", *.character as u32)]
    MissingGlyph { character: char, context: String },
    /// The verification address does not fit in any QR code version.
    #[error("核验地址过长，无法生成二维码（{len}字节）")]
    VerifyUrlTooLong { len: usize },
    /// The licence has more text than one page holds, even in small type.
    #[error("证照内容过多，一页无法容纳：{what}")]
    ContentTooLong { what: String },
    /// The PDF writer refused (a font it cannot embed, a PDF limit).
    #[error("生成PDF失败：{0}")]
    Pdf(String),
}

impl RenderError {
    /// The stable, machine-readable code of the failure.
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::NoCjkFont { .. } => "render_no_cjk_font",
            RenderError::FontUnusable { .. } => "render_font_unusable",
            RenderError::MissingGlyph { .. } => "render_missing_glyph",
            RenderError::VerifyUrlTooLong { .. } => "render_verify_url_too_long",
            RenderError::ContentTooLong { .. } => "render_content_too_long",
            RenderError::Pdf(_) => "render_pdf_failed",
        }
    }
}

fn list(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "无".to_string();
    }
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、")
}
