//! `/verify/{number}`: the public licence verification page (证照核验) the
//! licence's QR code points to; `/verify?payload=…&signature=…`: the same
//! page for a signed payload a relying party holds (both standard base64,
//! URL-encoded). No sign-in; the holder is masked.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{Markup, html};
use serde::Deserialize;
use tongban_domain::licence::{LicenceStatus, PublicLicenceView};
use tongban_service::Verification;

use super::{PageContext, error_page, layout};
use crate::AppState;

/// The page routes of this module.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/verify", get(verify_payload_page))
        .route("/verify/{number}", get(verify_page))
}

/// The query of `/verify`.
#[derive(Debug, Deserialize)]
struct PayloadQuery {
    payload: Option<String>,
    signature: Option<String>,
}

/// `GET /verify?payload=…&signature=…`.
async fn verify_payload_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(query): Query<PayloadQuery>,
) -> Response {
    let given = query.payload.zip(query.signature);
    let Some((payload, signature)) = given else {
        let body = html! {
            h1 { "电子证照核验" }
            p { "请扫描证照上的二维码，或提供证照数据（payload）和签名（signature）。" }
        };
        return (StatusCode::BAD_REQUEST, layout(&ctx, "电子证照核验", body)).into_response();
    };
    match state.licences.verify_payload(&payload, &signature).await {
        Ok(v) => answer(&ctx, &v),
        Err(err) => error_page(&ctx, err),
    }
}

/// `GET /verify/{number}`.
async fn verify_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(number): Path<String>,
) -> Response {
    match state.licences.verify(&number).await {
        Ok(v) => answer(&ctx, &v),
        Err(err) => error_page(&ctx, err),
    }
}

/// The verification page: 404 for `not_found`, 200 otherwise.
fn answer(ctx: &PageContext, v: &Verification) -> Response {
    let status = if v.outcome == "not_found" {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    (status, layout(ctx, "电子证照核验", page(v))).into_response()
}

fn page(v: &Verification) -> Markup {
    html! {
        h1 { "电子证照核验" }
        p class={ "verdict verdict-" (v.outcome) } {
            "核验结果：" strong data-outcome=(v.outcome) { (v.label) }
        }
        @match v.outcome {
            "invalid" => p { "证照内容或签名与发证机关的电子印章不符，可能已被篡改，请勿采信。" },
            "not_found" => p { "未找到该编号的电子证照，请核对证照编号。" },
            _ => {}
        }
        @if let Some(licence) = &v.licence { (details(licence)) }
    }
}

fn details(l: &PublicLicenceView) -> Markup {
    html! {
        dl class="licence" {
            dt { "证照名称" } dd { (l.type_name) }
            dt { "证照编号" } dd { (l.number.grouped()) }
            dt { "持证主体" } dd { (l.holder_name) }
            dt { "证件号码" } dd { (l.holder_identifier) }
            dt { "发证机关" } dd { (l.issuer_name) }
            dt { "发证日期" } dd { (l.issued_on.format("%Y年%m月%d日")) }
            dt { "有效期至" } dd {
                @match l.valid_until {
                    Some(d) => (d.format("%Y年%m月%d日")),
                    None => "长期有效",
                }
            }
            @if let LicenceStatus::Revoked { on, reason } = &l.status {
                dt { "撤销日期" } dd { (on.format("%Y年%m月%d日")) }
                dt { "撤销原因" } dd { (reason) }
            }
            @for f in &l.fields {
                dt { (f.label) } dd { (f.value) }
            }
            dt { "版本" } dd { (l.version) }
            @if let Some(composite) = &l.replaced_by {
                dt { "一业一证" }
                dd data-replaced-by=(composite.as_str()) {
                    "已纳入行业综合许可证 " a href={ "/verify/" (composite.as_str()) } { (composite.grouped()) }
                }
            }
        }
        @if !l.replaces.is_empty() {
            section class="composite" {
                h2 { "一业一证：本证替代以下 " (l.replaces.len()) " 张许可证" }
                ul {
                    @for n in &l.replaces {
                        li data-replaces=(n.as_str()) {
                            a href={ "/verify/" (n.as_str()) } { (n.grouped()) }
                        }
                    }
                }
            }
        }
    }
}
