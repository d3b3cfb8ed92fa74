//! `POST /workbench/cases/{case_no}/commands`: one action form, checked
//! for CSRF, issued through the case service under the form's own
//! idempotency key (a double click makes one transition).

use axum::extract::{Path, State};
use axum::response::Response;
use tongban_service::{CaseCommand, ServiceError};

use super::case::render;
use super::failure;
use super::forms::Posted;
use crate::AppState;
use crate::account::csrf::CsrfForm;
use crate::account::session::SignedInPage;
use crate::pages::context::PageContext;
use crate::pages::see_other_local;

/// Issues the posted command; back to the case page, with the refusal
/// shown there (409) when the service refuses it.
pub async fn command(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedInPage(user): SignedInPage,
    Path(case_no): Path<String>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let posted = Posted(fields);
    let parsed = posted
        .command()
        .and_then(|command| posted.item().map(|item| CaseCommand { item, command }));
    let command = match parsed {
        Ok(c) => c,
        Err(reason) => {
            let err = ServiceError::InvalidParameter {
                name: "command".into(),
                reason,
            };
            return failure(&ctx, err);
        }
    };
    let key = posted.key();
    match state
        .cases
        .act(&user.actor, &case_no, command, key.as_deref())
        .await
    {
        Ok(view) => see_other_local(&format!("/workbench/cases/{}", view.case.case_no)),
        Err(err @ (ServiceError::CaseRefused(_) | ServiceError::CaseBusy)) => {
            render(&state, &ctx, &user, &case_no, Some(err)).await
        }
        Err(err) => failure(&ctx, err),
    }
}
