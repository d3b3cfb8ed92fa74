//! A draft's materials (`GET /drafts/{id}/materials`), its commitments
//! (`PUT …/commitments`) and its uploads (`GET|POST …/uploads`,
//! `DELETE …/uploads/{upload}`).

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tongban_domain::ident::Code;
use tongban_service::applications::MaterialsView;
use tongban_service::drafts::{DraftId, Upload};
use utoipa::ToSchema;

use super::UPLOAD_BODY_LIMIT;
use super::multipart;
use crate::AppState;
use crate::account::session::ApiCaller;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// The commitments (告知承诺) the applicant signs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CommitmentsBody {
    /// The draft version they were computed from.
    pub version: i64,
    /// Material codes whose commitment is signed (replaces the list).
    #[schema(value_type = Vec<String>)]
    pub materials: Vec<Code>,
}

/// The one set of materials: 免提交 ones with their evidence, the rest
/// to upload (with how they could be exempted) and what was uploaded.
#[utoipa::path(
    get,
    path = "/drafts/{id}/materials",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "材料清单", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
    )
)]
pub async fn get_materials(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<MaterialsView>, ApiError> {
    Ok(Json(state.applications.materials(&user.actor, &id).await?))
}

/// Signs the commitments for these materials.
#[utoipa::path(
    put,
    path = "/drafts/{id}/commitments",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    request_body = CommitmentsBody,
    responses(
        (status = 200, description = "材料清单", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
        (status = 409, description = "草稿已被修改或已提交", body = ErrorBody),
        (status = 422, description = "该材料不能以承诺代替", body = ErrorBody),
    )
)]
pub async fn put_commitments(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<CommitmentsBody>,
) -> Result<Json<MaterialsView>, ApiError> {
    Ok(Json(
        state
            .applications
            .commit(&user.actor, &id, body.version, body.materials)
            .await?,
    ))
}

/// The files uploaded for a draft.
#[utoipa::path(
    get,
    path = "/drafts/{id}/uploads",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    responses(
        (status = 200, description = "已上传的文件", body = Vec<Object>),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
    )
)]
pub async fn list_uploads(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<Upload>>, ApiError> {
    Ok(Json(
        state
            .drafts
            .uploads(&user.actor, &DraftId::from(id.as_str()))
            .await?,
    ))
}

/// Uploads one file (multipart/form-data: `material`, `file`) for a
/// material the draft must upload. The type is sniffed from the content
/// (PDF, JPEG, PNG), the size limited, the SHA-256 recorded.
#[utoipa::path(
    post,
    path = "/drafts/{id}/uploads",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "草稿编号")),
    request_body(content = String, content_type = "multipart/form-data", description = "material：材料编码；file：文件"),
    responses(
        (status = 201, description = "已上传", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿不存在", body = ErrorBody),
        (status = 413, description = "文件过大", body = ErrorBody),
        (status = 415, description = "文件类型不支持", body = ErrorBody),
        (status = 422, description = "该材料无需上传", body = ErrorBody),
    )
)]
pub async fn post_upload(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Upload>), ApiError> {
    let form = multipart::read(&headers, body, UPLOAD_BODY_LIMIT).await?;
    let upload = state
        .applications
        .upload(
            &user.actor,
            &id,
            &form.material,
            &form.file_name,
            form.bytes,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(upload)))
}

/// Removes one uploaded file.
#[utoipa::path(
    delete,
    path = "/drafts/{id}/uploads/{upload}",
    tag = "applications",
    security(("session" = []), ("bearer" = [])),
    params(
        ("id" = String, Path, description = "草稿编号"),
        ("upload" = String, Path, description = "文件编号"),
    ),
    responses(
        (status = 204, description = "已删除"),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "草稿或文件不存在", body = ErrorBody),
        (status = 409, description = "已提交", body = ErrorBody),
    )
)]
pub async fn delete_upload(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath((id, upload)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state
        .applications
        .remove_upload(&user.actor, &id, &upload)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
