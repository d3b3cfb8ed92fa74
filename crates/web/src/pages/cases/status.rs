//! `GET /status`: the public progress lookup (办件进度查询) by case number
//! and the last four digits of the applicant's phone. Nothing about the
//! applicant is shown; a mismatch answers like an unknown number.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use tongban_service::ServiceError;

use super::{spaced, state_badge};
use crate::AppState;
use crate::pages::context::PageContext;
use crate::pages::layout;

/// The lookup form's fields.
#[derive(Debug, Default, Deserialize)]
pub struct Lookup {
    #[serde(default)]
    case_no: String,
    #[serde(default)]
    phone_last4: String,
}

/// `GET /status`.
pub async fn status_page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(lookup): Query<Lookup>,
) -> Response {
    let asked = !lookup.case_no.trim().is_empty();
    let found = if asked {
        Some(
            state
                .cases
                .public_status(&lookup.case_no, &lookup.phone_last4)
                .await,
        )
    } else {
        None
    };
    let status = match &found {
        Some(Err(ServiceError::CaseNotFound)) => StatusCode::NOT_FOUND,
        Some(Err(_)) => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::OK,
    };
    let body = html! {
        h1 { "办件进度查询" }
        form #status-form method="get" action="/status" {
            div.field { label for="case_no" { "申办流水号（18位）" }
                input #case_no type="text" name="case_no" inputmode="numeric" value=(lookup.case_no) required; }
            div.field { label for="phone_last4" { "申请时所留手机号后四位" }
                input #phone_last4 type="text" name="phone_last4" inputmode="numeric" maxlength="4" autocomplete="off" required; }
            button type="submit" { "查询" }
        }
        @match &found {
            Some(Ok(s)) => {
                section #status-result data-state=(s.state.code()) {
                    h2 { (s.name) }
                    p { "流水号 " (spaced(&s.case_no)) "：" (state_badge(s.state)) }
                    table.members {
                        thead { tr { th { "事项" } th { "状态" } } }
                        tbody { @for (name, st) in &s.members { tr { td { (name) } td { (state_badge(*st)) } } } }
                    }
                }
            }
            Some(Err(ServiceError::CaseNotFound)) => {
                p.error #status-result data-code="case_not_found" { "未查到该办件：请核对流水号和手机号后四位。" }
            }
            Some(Err(err)) => { p.error #status-result { (err.to_string()) } }
            None => {}
        }
    };
    (status, layout(&ctx, "办件进度查询", body)).into_response()
}
