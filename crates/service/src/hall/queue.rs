//! The queue: taking a number (kiosk or online), a clerk opening, pausing
//! and calling from their window, serving or marking a number absent, and
//! the public board.

use tongban_domain::auth::{Action, Actor, ActorKind};
use tongban_domain::case::CaseNo;
use tongban_domain::hall::{self as rules, TicketChannel, business_day};
use tongban_store::{CallOutcome, Finish, NewTicket, WindowChange};

use super::admin::window_not_found;
use super::views::{BoardView, Calling, DeskView, TakeInput, TicketView, WindowView};
use super::{HallService, hall_not_found};
use crate::error::{Refusal, ServiceError};

/// The actor id recorded for an anonymous kiosk visitor.
const KIOSK: &str = "kiosk";
/// How many called numbers the board shows.
const BOARD_SIZE: i64 = 12;

impl HallService {
    /// Takes a number at hall `hall`: at the kiosk (anyone, `actor` may be
    /// `None`) or as an online appointment (a signed-in applicant).
    pub async fn take(
        &self,
        actor: Option<&Actor>,
        hall: &str,
        input: &TakeInput,
    ) -> Result<TicketView, ServiceError> {
        let row = self.hall_row(hall).await?;
        let channel = match input.channel.as_deref().map(str::trim) {
            None | Some("") => TicketChannel::Kiosk,
            Some(code) => TicketChannel::parse(code).ok_or_else(|| {
                ServiceError::refused(
                    Refusal::Invalid,
                    "hall_channel_invalid",
                    format!("取号方式“{code}”无效：应为 kiosk（现场取号）或 online（网上预约）"),
                )
            })?,
        };
        let booked_by = match (channel, actor) {
            (TicketChannel::Online, Some(a)) if a.kind == ActorKind::Applicant => {
                Some(a.id.clone())
            }
            (TicketChannel::Online, _) => {
                return Err(ServiceError::refused(
                    Refusal::Invalid,
                    "hall_online_sign_in",
                    "网上预约取号请先以申请人身份登录",
                ));
            }
            (TicketChannel::Kiosk, _) => None,
        };
        let (service, service_name, department) = match input.service.as_deref().map(str::trim) {
            None | Some("") => (None, None, None),
            Some(code) => {
                let entry = self
                    .store
                    .catalog_entry(code)
                    .await
                    .map_err(ServiceError::store)?
                    .filter(|e| e.kind != "department")
                    .ok_or_else(|| {
                        ServiceError::refused(
                            Refusal::Invalid,
                            "hall_service_unknown",
                            format!("“{code}”不是目录中的事项或一件事"),
                        )
                    })?;
                (
                    Some(code.to_string()),
                    Some(entry.name),
                    Some(entry.department),
                )
            }
        };
        let phone = match input.phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(mobile(p)?),
        };
        let new = NewTicket {
            hall: row.code,
            channel,
            service,
            service_name,
            department,
            phone,
            taken_by: booked_by.clone(),
        };
        let stamp = self.stamp(booked_by.as_deref().unwrap_or(KIOSK));
        let ticket = self
            .store
            .take_ticket(&new, &stamp)
            .await
            .map_err(ServiceError::store)?;
        let ahead = self
            .store
            .waiting_ahead(&ticket)
            .await
            .map_err(ServiceError::store)?;
        Ok(TicketView::of(&ticket, Some(ahead)))
    }

    /// A number's state and how many wait before it (public: the id is on
    /// the printed slip; the phone number is masked).
    pub async fn ticket(&self, id: &str) -> Result<TicketView, ServiceError> {
        let row = self
            .store
            .ticket(id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(ticket_not_found)?;
        let ahead = if row.state == rules::TicketState::Waiting {
            Some(
                self.store
                    .waiting_ahead(&row)
                    .await
                    .map_err(ServiceError::store)?,
            )
        } else {
            None
        };
        Ok(TicketView::of(&row, ahead))
    }

    /// Opens window `window` of hall `hall` for the clerk (开窗); a window
    /// they held elsewhere is paused.
    pub async fn open_window(
        &self,
        actor: &Actor,
        hall: &str,
        window: &str,
    ) -> Result<WindowView, ServiceError> {
        self.set_window(actor, hall, window, true).await
    }

    /// Pauses the clerk's window (暂停).
    pub async fn close_window(
        &self,
        actor: &Actor,
        hall: &str,
        window: &str,
    ) -> Result<WindowView, ServiceError> {
        self.set_window(actor, hall, window, false).await
    }

    async fn set_window(
        &self,
        actor: &Actor,
        hall: &str,
        window: &str,
        open: bool,
    ) -> Result<WindowView, ServiceError> {
        let hall = self.hall_for(actor, Action::IntakeCase, hall).await?;
        let stamp = self.stamp(&actor.id);
        match self
            .store
            .set_window(&hall.code, window, open, &stamp)
            .await
            .map_err(ServiceError::store)?
        {
            WindowChange::Done(w) => Ok(WindowView::of(&w)),
            WindowChange::NotFound => Err(window_not_found(window)),
            WindowChange::HeldBy(_) => Err(ServiceError::refused(
                Refusal::Conflict,
                "hall_window_held",
                "该窗口正由其他工作人员使用",
            )),
        }
    }

    /// Calls the next number the clerk's window serves (叫号); `None` when
    /// nobody it serves is waiting.
    pub async fn call_next(
        &self,
        actor: &Actor,
        hall: &str,
        window: &str,
    ) -> Result<Option<TicketView>, ServiceError> {
        let hall = self.hall_for(actor, Action::IntakeCase, hall).await?;
        let stamp = self.stamp(&actor.id);
        match self
            .store
            .call_next(&hall.code, window, &stamp)
            .await
            .map_err(ServiceError::store)?
        {
            CallOutcome::Called(t) => Ok(Some(TicketView::of(&t, None))),
            CallOutcome::Empty => Ok(None),
            CallOutcome::WindowNotOpen => Err(ServiceError::refused(
                Refusal::Conflict,
                "hall_window_not_open",
                "请先开启本人窗口再叫号",
            )),
            CallOutcome::Busy(t) => Err(ServiceError::refused(
                Refusal::Conflict,
                "hall_window_busy",
                format!("当前号码 {} 尚未办结或过号，请先处理", t.label),
            )),
        }
    }

    /// Marks the number the clerk called as served (办结), optionally
    /// linked to the case it became.
    pub async fn serve(
        &self,
        actor: &Actor,
        ticket: &str,
        case_no: Option<&str>,
    ) -> Result<TicketView, ServiceError> {
        let case_no = match case_no.map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => Some(
                CaseNo::parse(c)
                    .map_err(|e| {
                        ServiceError::refused(Refusal::Invalid, "hall_case_no_invalid", e.message)
                    })?
                    .to_string(),
            ),
            None => None,
        };
        self.finish(actor, ticket, Finish::Served { case_no }).await
    }

    /// Marks the number the clerk called as absent (过号).
    pub async fn absent(&self, actor: &Actor, ticket: &str) -> Result<TicketView, ServiceError> {
        self.finish(actor, ticket, Finish::Absent).await
    }

    async fn finish(
        &self,
        actor: &Actor,
        id: &str,
        how: Finish,
    ) -> Result<TicketView, ServiceError> {
        let row = self
            .store
            .ticket(id)
            .await
            .map_err(ServiceError::store)?
            .ok_or_else(ticket_not_found)?;
        self.hall_for(actor, Action::IntakeCase, &row.hall).await?;
        let stamp = self.stamp(&actor.id);
        self.store
            .finish_ticket(id, &how, &stamp)
            .await
            .map_err(ServiceError::store)?
            .map(|t| TicketView::of(&t, None))
            .ok_or_else(|| {
                ServiceError::refused(
                    Refusal::Conflict,
                    "hall_ticket_not_called",
                    format!("号码 {} 不是您叫到窗口的号，或已办结", row.label),
                )
            })
    }

    /// The clerk's desk: their open window, its number and the queue;
    /// `None` when they hold no window.
    pub async fn desk(&self, actor: &Actor) -> Result<Option<DeskView>, ServiceError> {
        let Some(window) = self
            .store
            .window_of_clerk(&actor.id)
            .await
            .map_err(ServiceError::store)?
        else {
            return Ok(None);
        };
        let hall = self
            .hall_for(actor, Action::IntakeCase, &window.hall)
            .await?;
        let current = self
            .store
            .current_ticket(&hall.code, &window.code)
            .await
            .map_err(ServiceError::store)?;
        let board = self.board(&hall.code).await?;
        Ok(Some(DeskView {
            hall: hall.code,
            hall_name: hall.name,
            window: WindowView::of(&window),
            current: current.map(|t| TicketView::of(&t, None)),
            waiting: board.waiting,
        }))
    }

    /// The public waiting display of a hall: numbers at windows now and
    /// how many wait.
    pub async fn board(&self, hall: &str) -> Result<BoardView, ServiceError> {
        let row = self.hall_row(hall).await?;
        let now = self.clock.now();
        let day = business_day(now);
        let figures = self
            .store
            .hall_figures(&row.region, day)
            .await
            .map_err(ServiceError::store)?
            .into_iter()
            .find(|h| h.hall.code == row.code)
            .ok_or_else(|| hall_not_found(hall))?;
        let snapshot = rules::snapshot(&row.code, &row.name, &figures.figures, now);
        let windows = self
            .store
            .windows(&row.code)
            .await
            .map_err(ServiceError::store)?;
        let calling = self
            .store
            .called_tickets(&row.code, day, BOARD_SIZE)
            .await
            .map_err(ServiceError::store)?
            .into_iter()
            .map(|t| {
                let window = t.window.clone().unwrap_or_default();
                let window_name = windows
                    .iter()
                    .find(|w| w.code == window)
                    .map_or_else(|| window.clone(), |w| w.name.clone());
                Calling {
                    number: t.label,
                    window,
                    window_name,
                    called_at: t.called_at,
                }
            })
            .collect();
        Ok(BoardView {
            hall: row.code,
            name: row.name,
            waiting: snapshot.waiting,
            windows_open: snapshot.windows_open,
            calling,
        })
    }
}

fn ticket_not_found() -> ServiceError {
    ServiceError::refused(Refusal::NotFound, "hall_ticket_not_found", "未找到该排队号")
}

/// A mobile number: 11 digits starting with 1 (spaces and dashes dropped).
fn mobile(text: &str) -> Result<String, ServiceError> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(ServiceError::refused(
            Refusal::Invalid,
            "hall_phone_invalid",
            format!(
                "手机号码“{}”无效：应为 11 位数字",
                tongban_domain::mask::phone(text)
            ),
        ))
    }
}
