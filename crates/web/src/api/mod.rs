//! The JSON API under `/api/v1`, declared once for both the router and the
//! OpenAPI document (utoipa-axum), so the two cannot drift apart.

pub mod appeals;
pub mod applications;
pub mod bundles;
pub mod cases;
pub mod catalog;
pub mod dto;
pub mod hall;
pub mod items;
pub mod licences;
pub mod metrics;
pub mod notifications;
pub mod objections;
pub mod params;
pub mod proofs;
pub mod reviews;
pub mod schema;
pub mod staff;
pub mod standard_errors;
pub mod wallet;

use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::params::{LevelParam, ScopeParam};
use crate::error::ErrorBody;
use crate::{AppState, health};

/// The document's fixed parts; paths and schemas come from the routes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "通办 tongban API",
        version = "1",
        description = "政务服务事项目录、一件事、搜索与改革成效。错误一律为 JSON：{\"error\":{\"code\":…,\"message\":…}}。"
    ),
    components(schemas(ErrorBody, LevelParam, ScopeParam)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "items", description = "政务服务事项"),
        (name = "bundles", description = "一件事与改革成效"),
        (name = "catalog", description = "行政区划与部门"),
        (name = "accounts", description = "账号、会话与数据权限"),
        (name = "cases", description = "办件：申报、受理、审查、决定、送达与工作台"),
        (name = "applications", description = "申请人：情形引导、一次性告知、一表申请、材料、草稿、授权与用数记录"),
        (name = "notifications", description = "站内消息、预警与事件推送"),
        (name = "licences", description = "电子证照：公开核验、异议与纠错"),
        (name = "wallet", description = "我的证照：本人证照、证照授权与委托、用证记录"),
        (name = "proofs", description = "电子证明：证明目录、申请、开具与核验"),
        (name = "reviews", description = "好差评：评价、整改与满意率"),
        (name = "appeals", description = "诉求：办不成事、企业吹哨、12345 工单、派单、督办与评哨"),
        (name = "hall", description = "政务服务大厅：取号、叫号与大厅实况"),
        (name = "metrics", description = "效能监察与改革成效统计"),
        (name = "health", description = "健康检查"),
        (name = "meta", description = "接口文档"),
    )
)]
struct ApiDoc;

/// The two ways to authenticate that the account endpoints accept.
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApiDoc) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("部门系统的接口令牌（Authorization: Bearer …）"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                "tb_session",
                "网页登录后的会话 Cookie",
            ))),
        );
    }
}

/// Every documented route: `/healthz` and the `/api/v1` endpoints.
pub fn routes() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(items::list_items))
        .routes(routes!(items::get_item))
        .routes(routes!(bundles::list_bundles))
        .routes(routes!(bundles::get_bundle))
        .routes(routes!(bundles::get_metrics, bundles::post_metrics))
        .routes(routes!(catalog::regions))
        .routes(routes!(catalog::departments))
        .routes(routes!(staff::me))
        .routes(routes!(staff::staff_account))
        .routes(routes!(staff::department_staff))
        .routes(routes!(openapi_json))
        .merge(cases::routes())
        .merge(applications::routes())
        .merge(notifications::routes())
        .merge(licences::routes())
        .merge(metrics::routes())
        .merge(reviews::routes())
        .merge(appeals::routes())
        .merge(proofs::routes())
        .merge(objections::routes())
        .merge(wallet::routes())
        .merge(hall::routes());
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .nest("/api/v1", v1);
    standard_errors::document(router.get_openapi_mut());
    router
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses((status = 200, description = "OpenAPI 文档", body = Object))
)]
pub async fn openapi_json(Extension(doc): Extension<Arc<OpenApiDoc>>) -> Json<OpenApiDoc> {
    Json(doc.as_ref().clone())
}
