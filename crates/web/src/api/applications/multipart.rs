//! Reads a material upload form (multipart/form-data): the `material`
//! field, the `file` part with its name and bytes, and `_csrf` for pages.

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};

use crate::error::ApiError;

/// One upload form.
pub(crate) struct UploadForm {
    /// The material code.
    pub material: String,
    /// The user's file name (the service sanitises it).
    pub file_name: String,
    /// The content.
    pub bytes: Vec<u8>,
    /// The CSRF field, when a page sent one.
    pub csrf: Option<String>,
}

fn bad(message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_upload_form", message)
}

/// Parses the body; a part over `limit` bytes answers 413.
pub(crate) async fn read(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
) -> Result<UploadForm, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "上传材料的请求体应为 multipart/form-data，含 material 与 file 两个字段",
        )
    })?;
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(limit as u64));
    let mut multipart =
        multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let (mut material, mut file, mut csrf) = (None, None, None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(e)),
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                let file_name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                file = Some((file_name, bytes.to_vec()));
            }
            "material" => material = Some(field.text().await.map_err(multipart_error)?),
            "_csrf" => csrf = Some(field.text().await.map_err(multipart_error)?),
            _ => {}
        }
    }
    let material = material
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .ok_or_else(|| bad("缺少字段 material（材料编码）"))?;
    let (file_name, bytes) = file.ok_or_else(|| bad("缺少文件字段 file，请选择要上传的文件"))?;
    Ok(UploadForm {
        material,
        file_name,
        bytes,
        csrf,
    })
}

fn multipart_error(e: multer::Error) -> ApiError {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "upload_too_large",
                "上传的文件过大，请压缩后重新上传",
            )
        }
        _ => bad("上传的表单无法解析，请重新选择文件上传"),
    }
}
