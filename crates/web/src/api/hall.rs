//! Hall queue API: take a number, call the next one, serve it, and the
//! hall-now snapshot.
//!
//! Public: a hall and its windows, its waiting display, taking a number
//! (kiosk; signed-in applicants may book `online`) and a number's state.
//! Window clerks: open/pause their window, call the next number, serve or
//! mark absent, their desk. Supervisors: the hall-now snapshots of their
//! region. Catalog administrators: create or update halls and windows.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;
use tongban_domain::hall::HallSnapshot;
use tongban_service::hall::{
    BoardView, DeskView, HallInput, HallView, TakeInput, TicketView, WindowInput, WindowView,
};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::account::session::{ApiCaller, CurrentUser};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};

/// The hall API routes.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(snapshots))
        .routes(routes!(get_hall, save_hall))
        .routes(routes!(save_window))
        .routes(routes!(board))
        .routes(routes!(take_ticket))
        .routes(routes!(get_ticket))
        .routes(routes!(open_window))
        .routes(routes!(close_window))
        .routes(routes!(call_next))
        .routes(routes!(serve))
        .routes(routes!(absent))
        .routes(routes!(desk))
}

/// A number to take.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TakeBody {
    /// `kiosk` (default) or `online` (网上预约, signed-in applicants).
    #[serde(default)]
    pub channel: Option<String>,
    /// The item or bundle code asked for; none for 综合业务.
    #[serde(default)]
    pub service: Option<String>,
    /// 11-digit mobile number for the call-back (shown masked only).
    #[serde(default)]
    pub phone: Option<String>,
}

/// A hall to create or update.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HallBody {
    /// 大厅名称, e.g. 连城县政务服务中心.
    pub name: String,
    /// 行政区划代码 of the catalog.
    pub region: String,
    /// 地址.
    #[serde(default)]
    pub address: Option<String>,
}

/// A window to create or update.
#[derive(Debug, Deserialize, ToSchema)]
pub struct WindowBody {
    /// 窗口名称, e.g. 1号综合窗口.
    pub name: String,
    /// Item, bundle or department codes served; empty for a 综合窗口.
    #[serde(default)]
    pub serves: Vec<String>,
}

/// How a served number ends.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ServeBody {
    /// The case number (办件编号) it became, if any.
    #[serde(default)]
    pub case_no: Option<String>,
}

/// What calling the next number gave.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct CallResult {
    /// The number now at the window; null when nobody it serves waits.
    #[schema(value_type = Option<Object>)]
    pub ticket: Option<TicketView>,
}

/// The hall-now snapshots of the halls in the supervisor's region: queue,
/// waiting time (minutes), windows open, numbers served today.
#[utoipa::path(get, path = "/halls", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "大厅实况", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是效能监察人员", body = ErrorBody),
    ))]
pub async fn snapshots(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<Vec<HallSnapshot>>, ApiError> {
    Ok(Json(state.hall.now(&user.actor).await?))
}

/// A hall with its windows and the items a number may ask for. Public.
#[utoipa::path(get, path = "/halls/{code}", tag = "hall",
    params(("code" = String, Path, description = "大厅编码")),
    responses(
        (status = 200, description = "大厅与窗口", body = Object),
        (status = 404, description = "大厅不存在（hall_not_found）", body = ErrorBody),
    ))]
pub async fn get_hall(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<HallView>, ApiError> {
    Ok(Json(state.hall.hall(&code).await?))
}

/// Creates (201) or updates (200) a hall (目录管理员 of its region).
#[utoipa::path(put, path = "/halls/{code}", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("code" = String, Path, description = "大厅编码")),
    request_body = HallBody,
    responses(
        (status = 200, description = "已更新", body = Object),
        (status = 201, description = "已创建", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "无权维护", body = ErrorBody),
        (status = 404, description = "不在辖区内", body = ErrorBody),
        (status = 422, description = "名称、编码或行政区划无效", body = ErrorBody),
    ))]
pub async fn save_hall(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<HallBody>,
) -> Result<(StatusCode, Json<HallView>), ApiError> {
    let input = HallInput {
        name: body.name,
        region: body.region,
        address: body.address,
    };
    let created = state.hall.save_hall(&user.actor, &code, &input).await?;
    Ok((status_of(created), Json(state.hall.hall(&code).await?)))
}

/// Creates (201) or updates (200) a window of a hall (目录管理员).
#[utoipa::path(put, path = "/halls/{code}/windows/{window}", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("code" = String, Path, description = "大厅编码"), ("window" = String, Path, description = "窗口编码")),
    request_body = WindowBody,
    responses(
        (status = 200, description = "已更新", body = Object),
        (status = 201, description = "已创建", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "无权维护", body = ErrorBody),
        (status = 404, description = "大厅不存在或不在辖区内", body = ErrorBody),
        (status = 422, description = "名称无效或所列业务不在目录中", body = ErrorBody),
    ))]
pub async fn save_window(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath((code, window)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<WindowBody>,
) -> Result<(StatusCode, Json<HallView>), ApiError> {
    let input = WindowInput {
        name: body.name,
        serves: body.serves,
    };
    let created = state
        .hall
        .save_window(&user.actor, &code, &window, &input)
        .await?;
    Ok((status_of(created), Json(state.hall.hall(&code).await?)))
}

/// The waiting display (叫号屏): numbers at windows now and the queue. Public.
#[utoipa::path(get, path = "/halls/{code}/board", tag = "hall",
    params(("code" = String, Path, description = "大厅编码")),
    responses(
        (status = 200, description = "叫号信息", body = Object),
        (status = 404, description = "大厅不存在", body = ErrorBody),
    ))]
pub async fn board(
    State(state): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Json<BoardView>, ApiError> {
    Ok(Json(state.hall.board(&code).await?))
}

/// Takes a number (取号). Anyone at the kiosk; `online` needs a signed-in
/// applicant. The answer says how many wait before it.
#[utoipa::path(post, path = "/halls/{code}/tickets", tag = "hall",
    params(("code" = String, Path, description = "大厅编码")),
    request_body = TakeBody,
    responses(
        (status = 201, description = "排队号", body = Object),
        (status = 404, description = "大厅不存在", body = ErrorBody),
        (status = 422, description = "手机号、事项或取号方式无效", body = ErrorBody),
    ))]
pub async fn take_ticket(
    State(state): State<AppState>,
    user: Option<Extension<CurrentUser>>,
    ApiPath(code): ApiPath<String>,
    ApiJson(body): ApiJson<TakeBody>,
) -> Result<(StatusCode, Json<TicketView>), ApiError> {
    let input = TakeInput {
        channel: body.channel,
        service: body.service,
        phone: body.phone,
    };
    let actor = user.as_ref().map(|Extension(u)| &u.actor);
    let ticket = state.hall.take(actor, &code, &input).await?;
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// A number's state and how many wait before it. Public.
#[utoipa::path(get, path = "/hall-tickets/{id}", tag = "hall",
    params(("id" = String, Path, description = "排队号编号")),
    responses(
        (status = 200, description = "排队号", body = Object),
        (status = 404, description = "不存在（hall_ticket_not_found）", body = ErrorBody),
    ))]
pub async fn get_ticket(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(state.hall.ticket(&id).await?))
}

/// Opens the clerk's window (开窗); any other window they held is paused.
#[utoipa::path(post, path = "/halls/{code}/windows/{window}/open", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("code" = String, Path, description = "大厅编码"), ("window" = String, Path, description = "窗口编码")),
    responses(
        (status = 200, description = "窗口已开启", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是窗口工作人员", body = ErrorBody),
        (status = 404, description = "大厅或窗口不存在", body = ErrorBody),
        (status = 409, description = "窗口由他人使用（hall_window_held）", body = ErrorBody),
    ))]
pub async fn open_window(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath((code, window)): ApiPath<(String, String)>,
) -> Result<Json<WindowView>, ApiError> {
    Ok(Json(
        state.hall.open_window(&user.actor, &code, &window).await?,
    ))
}

/// Pauses the clerk's window (暂停).
#[utoipa::path(post, path = "/halls/{code}/windows/{window}/close", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("code" = String, Path, description = "大厅编码"), ("window" = String, Path, description = "窗口编码")),
    responses(
        (status = 200, description = "窗口已暂停", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是窗口工作人员", body = ErrorBody),
        (status = 404, description = "大厅或窗口不存在", body = ErrorBody),
        (status = 409, description = "窗口由他人使用", body = ErrorBody),
    ))]
pub async fn close_window(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath((code, window)): ApiPath<(String, String)>,
) -> Result<Json<WindowView>, ApiError> {
    Ok(Json(
        state.hall.close_window(&user.actor, &code, &window).await?,
    ))
}

/// Calls the next number the window serves (叫号), first come first
/// served; `ticket` is null when nobody waits.
#[utoipa::path(post, path = "/halls/{code}/windows/{window}/call", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("code" = String, Path, description = "大厅编码"), ("window" = String, Path, description = "窗口编码")),
    responses(
        (status = 200, description = "叫到的号", body = CallResult),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 403, description = "不是窗口工作人员", body = ErrorBody),
        (status = 404, description = "大厅不存在", body = ErrorBody),
        (status = 409, description = "窗口未开启（hall_window_not_open）或当前号未处理（hall_window_busy）", body = ErrorBody),
    ))]
pub async fn call_next(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath((code, window)): ApiPath<(String, String)>,
) -> Result<Json<CallResult>, ApiError> {
    let ticket = state.hall.call_next(&user.actor, &code, &window).await?;
    Ok(Json(CallResult { ticket }))
}

/// Marks the called number served (办结), optionally with its case number.
#[utoipa::path(post, path = "/hall-tickets/{id}/serve", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "排队号编号")),
    request_body = ServeBody,
    responses(
        (status = 200, description = "已办结", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "不存在", body = ErrorBody),
        (status = 409, description = "不是您叫的号或已处理（hall_ticket_not_called）", body = ErrorBody),
        (status = 422, description = "办件编号无效", body = ErrorBody),
    ))]
pub async fn serve(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ServeBody>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(
        state
            .hall
            .serve(&user.actor, &id, body.case_no.as_deref())
            .await?,
    ))
}

/// Marks the called number absent (过号).
#[utoipa::path(post, path = "/hall-tickets/{id}/absent", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    params(("id" = String, Path, description = "排队号编号")),
    responses(
        (status = 200, description = "已过号", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "不存在", body = ErrorBody),
        (status = 409, description = "不是您叫的号或已处理", body = ErrorBody),
    ))]
pub async fn absent(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<TicketView>, ApiError> {
    Ok(Json(state.hall.absent(&user.actor, &id).await?))
}

/// The clerk's desk: their open window and the number at it (null when
/// they hold no window).
#[utoipa::path(get, path = "/workbench/hall", tag = "hall",
    security(("session" = []), ("bearer" = [])),
    responses(
        (status = 200, description = "本人窗口", body = Object),
        (status = 401, description = "未登录", body = ErrorBody),
        (status = 404, description = "本人未开启窗口（no_window_open）", body = ErrorBody),
    ))]
pub async fn desk(
    State(state): State<AppState>,
    ApiCaller(user): ApiCaller,
) -> Result<Json<DeskView>, ApiError> {
    match state.hall.desk(&user.actor).await? {
        Some(desk) => Ok(Json(desk)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no_window_open",
            "您当前未开启窗口，请先开窗",
        )),
    }
}

fn status_of(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}
