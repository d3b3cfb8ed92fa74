//! JSON errors of the API: `{"error":{"code":…,"message":…}}` with a stable
//! code and a Chinese message, from service errors and extractor rejections.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tongban_service::{Refusal, ServiceError};
use utoipa::ToSchema;

/// The body of every API error.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// A stable machine-readable code and a Chinese message for people.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code, e.g. `item_not_found`, `invalid_parameter`.
    #[schema(example = "item_not_found")]
    pub code: String,
    /// Chinese message naming the input and what to do.
    #[schema(example = "未找到事项“x”")]
    pub message: String,
}

/// An API error: HTTP status, code and message.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status to answer with.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// Chinese message.
    pub message: String,
}

impl ApiError {
    /// An error with the given status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// The JSON body.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> ApiError {
        if let ServiceError::Forbidden(denial) = &err
            && denial.hides_existence()
        {
            // Out of scope answers like missing, without naming the reason.
            return ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                "所请求的对象不存在或不在您的辖区范围内",
            );
        }
        let status = match &err {
            ServiceError::ItemNotFound(_) | ServiceError::BundleNotFound(_) => {
                StatusCode::NOT_FOUND
            }
            ServiceError::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            ServiceError::InvalidAnswers(_) | ServiceError::InvalidCatalog(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ServiceError::StoreUnavailable | ServiceError::SearchUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ServiceError::StoreCorrupt
            | ServiceError::CatalogInconsistent(_)
            | ServiceError::ExportFailed(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ServiceError::InvalidCredentials | ServiceError::InvalidCode => {
                StatusCode::UNAUTHORIZED
            }
            ServiceError::AccountLocked => StatusCode::LOCKED,
            ServiceError::WeakPassword(_) | ServiceError::InvalidAccount { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            // (Out-of-scope refusals returned as not found above.)
            ServiceError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServiceError::StaffNotFound => StatusCode::NOT_FOUND,
            ServiceError::AccountExists(_) => StatusCode::CONFLICT,
            ServiceError::AccountsUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ServiceError::CaseNotFound => StatusCode::NOT_FOUND,
            // A transition the case's state or the actor's role does not
            // allow: the domain's stable code, nothing changed.
            ServiceError::CaseRefused(_) => StatusCode::CONFLICT,
            ServiceError::CaseInvalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::CaseBusy => StatusCode::CONFLICT,
            ServiceError::CaseNumbersExhausted(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServiceError::Refused { kind, .. } => match kind {
                Refusal::NotFound => StatusCode::NOT_FOUND,
                Refusal::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
                Refusal::Conflict => StatusCode::CONFLICT,
                Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                Refusal::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            },
            ServiceError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        ApiError::new(status, err.code(), err.to_string())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!(
                "查询参数无效：{}。请检查参数的取值（如 limit 应为整数，level 应为 province、city、county、town 或 village）",
                detail(&rejection.body_text())
            ),
        )
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("路径参数无效：{}", detail(&rejection.body_text())),
        )
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let text = detail(&rejection.body_text());
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "请求体应为 JSON，并带有 Content-Type: application/json",
            ),
            JsonRejection::JsonDataError(_) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                format!("请求体的字段不符合要求：{text}"),
            ),
            JsonRejection::JsonSyntaxError(_) => ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("请求体不是有效的 JSON：{text}"),
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "请求体过大（上限 2 MiB）",
            ),
            other => ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("无法读取请求体：{}", detail(&other.body_text())),
            ),
        }
    }
}

/// The useful part of axum's English rejection text (after its prefix).
fn detail(text: &str) -> String {
    let text = text.split_once(": ").map_or(text, |(_, rest)| rest).trim();
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_and_bad_parameters_are_client_errors_and_store_faults_are_not() {
        let cases = [
            (
                ServiceError::ItemNotFound("x".into()),
                404,
                "item_not_found",
            ),
            (
                ServiceError::BundleNotFound("x".into()),
                404,
                "bundle_not_found",
            ),
            (
                ServiceError::InvalidParameter {
                    name: "limit".into(),
                    reason: "太大".into(),
                },
                400,
                "invalid_parameter",
            ),
            (ServiceError::StoreUnavailable, 503, "store_unavailable"),
            (ServiceError::StoreCorrupt, 500, "store_corrupt"),
        ];
        for (err, status, code) in cases {
            let api = ApiError::from(err);
            assert_eq!(api.status.as_u16(), status, "{code}");
            assert_eq!(api.code, code);
        }
    }

    #[test]
    fn the_item_not_found_message_names_the_code_in_chinese() {
        let api = ApiError::from(ServiceError::ItemNotFound("x".into()));
        assert_eq!(api.body().error.message, "未找到事项“x”");
    }

    #[test]
    fn rejection_details_drop_axums_english_prefix() {
        assert_eq!(
            detail("Failed to deserialize query string: limit: invalid digit found in string"),
            "limit: invalid digit found in string"
        );
    }
}
