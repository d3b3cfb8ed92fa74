//! The error answers every operation can give, added to the OpenAPI
//! document in one place instead of repeated on each handler.
//!
//! They follow from how a request is read, not from what a handler does:
//! a malformed path or query parameter is 400 `invalid_parameter`
//! ([`crate::extract::ApiPath`], [`crate::extract::ApiQuery`]); a body is
//! 400/413/415/422 ([`crate::extract::ApiJson`] and the upload readers); a
//! bad bearer token is 401 `invalid_token` on any route and a signed-in
//! operation is 401/403/404 (the gate answers out-of-scope objects like
//! missing ones); and any operation may meet 503 (`store_unavailable`,
//! `overloaded`, `timeout`). A status a handler documents itself keeps its
//! own description.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};

/// Adds the standard error answers to every operation of `doc`.
pub fn document(doc: &mut OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            add_to(operation);
        }
    }
}

fn add_to(operation: &mut Operation) {
    let has_param = |place: ParameterIn| {
        operation.parameters.iter().flatten().any(|p| match p {
            RefOr::T(p) => p.parameter_in == place,
            RefOr::Ref(_) => false,
        })
    };
    let in_path = has_param(ParameterIn::Path);
    let in_query = has_param(ParameterIn::Query);
    let has_body = operation.request_body.is_some();
    let signed_in = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());

    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| error_response(description));
    };
    if in_path || in_query {
        add("400", "参数无效（invalid_parameter）");
    }
    if has_body {
        add("400", "请求体不是有效的 JSON 或无法读取（invalid_body）");
        add("413", "请求体过大（payload_too_large）");
        add("415", "请求体类型不受支持（unsupported_media_type）");
        add("422", "请求体的字段不符合要求（invalid_body）或内容无效");
    }
    if signed_in {
        add(
            "401",
            "未登录（unauthenticated）或接口令牌无效（invalid_token）",
        );
        add("403", "角色无此权限（forbidden_role）");
        add("404", "对象不存在或不在您的范围内");
    } else {
        add("401", "携带的接口令牌无效（invalid_token）");
    }
    if in_path {
        add("404", "对象不存在");
    }
    add(
        "503",
        "服务暂不可用（store_unavailable、overloaded 或 timeout），请稍后重试",
    );
}

fn error_response(description: &str) -> RefOr<Response> {
    let content = Content::new(Some(Ref::from_schema_name("ErrorBody")));
    RefOr::T(
        Response::builder()
            .description(description)
            .content("application/json", content)
            .build(),
    )
}
