//! What the hall use cases answer and take: numbers, windows, halls, the
//! public board and a clerk's desk. Phone numbers leave masked only.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tongban_domain::mask;
use tongban_store::{HallRow, TicketRow, WindowRow};

/// A number (排队号) as shown to the person and the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketView {
    /// Its id, to look it up again.
    pub id: String,
    /// The hall's code.
    pub hall: String,
    /// The printed number (`A007`).
    pub number: String,
    /// `waiting`, `called`, `served` or `absent`.
    pub state: String,
    /// 等候中 / 已叫号 / 已办结 / 已过号.
    pub state_label: String,
    /// `kiosk` or `online`.
    pub channel: String,
    /// 现场取号 / 网上预约.
    pub channel_label: String,
    /// The item or bundle asked for.
    pub service: Option<String>,
    /// Its name (综合业务 when none).
    pub service_name: String,
    /// The window it was called to.
    pub window: Option<String>,
    /// The contact phone number, masked (`138****8000`).
    pub phone: Option<String>,
    /// When it was taken.
    pub taken_at: DateTime<Utc>,
    /// When it was called.
    pub called_at: Option<DateTime<Utc>>,
    /// When it was served or marked absent.
    pub finished_at: Option<DateTime<Utc>>,
    /// The case it was served for.
    pub case_no: Option<String>,
    /// Numbers of the day still waiting before it (while it waits).
    pub ahead: Option<u64>,
}

impl TicketView {
    /// The view of a stored number, `ahead` of it still waiting.
    pub(super) fn of(row: &TicketRow, ahead: Option<u64>) -> TicketView {
        TicketView {
            id: row.id.clone(),
            hall: row.hall.clone(),
            number: row.label.clone(),
            state: row.state.code().into(),
            state_label: row.state.label().into(),
            channel: row.channel.code().into(),
            channel_label: row.channel.label().into(),
            service: row.service.clone(),
            service_name: row.service_name.clone().unwrap_or_else(|| GENERAL.into()),
            window: row.window.clone(),
            phone: row.phone.as_deref().map(mask::phone),
            taken_at: row.taken_at,
            called_at: row.called_at,
            finished_at: row.finished_at,
            case_no: row.case_no.clone(),
            ahead,
        }
    }
}

/// The name of a number that asks for no particular item.
pub const GENERAL: &str = "综合业务";

/// A window as shown on pages and in the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WindowView {
    /// Its code within the hall.
    pub code: String,
    /// Its name.
    pub name: String,
    /// What it serves (item, bundle or department codes); empty for a
    /// 综合窗口.
    pub serves: Vec<String>,
    /// `open` or `paused`.
    pub state: String,
    /// 办理中 / 暂停服务.
    pub state_label: String,
}

impl WindowView {
    /// The view of a stored window.
    pub(super) fn of(row: &WindowRow) -> WindowView {
        WindowView {
            code: row.code.clone(),
            name: row.name.clone(),
            serves: row.serves.clone(),
            state: row.state.code().into(),
            state_label: row.state.label().into(),
        }
    }
}

/// A hall with its windows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HallView {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The region it serves.
    pub region: String,
    /// Where it is.
    pub address: Option<String>,
    /// Its windows by code.
    pub windows: Vec<WindowView>,
    /// What a number may ask for: the items and bundles its windows list,
    /// with their names.
    pub services: Vec<ServiceChoice>,
}

impl HallView {
    /// The view of a stored hall and its windows.
    pub(super) fn of(
        row: &HallRow,
        windows: &[WindowRow],
        services: Vec<ServiceChoice>,
    ) -> HallView {
        HallView {
            code: row.code.clone(),
            name: row.name.clone(),
            region: row.region.as_str().into(),
            address: row.address.clone(),
            windows: windows.iter().map(WindowView::of).collect(),
            services,
        }
    }
}

/// An item or bundle a number may ask for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceChoice {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// The public waiting display (叫号屏) of a hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardView {
    /// The hall's code.
    pub hall: String,
    /// The hall's name.
    pub name: String,
    /// Numbers waiting today.
    pub waiting: u32,
    /// Windows open now.
    pub windows_open: u32,
    /// Numbers at windows now, latest call first.
    pub calling: Vec<Calling>,
}

/// One number at a window, as the display shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Calling {
    /// The printed number.
    pub number: String,
    /// The window's code.
    pub window: String,
    /// The window's name.
    pub window_name: String,
    /// When it was called.
    pub called_at: Option<DateTime<Utc>>,
}

/// A clerk's desk: the window they hold open, the number at it and the
/// queue they call from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeskView {
    /// The hall's code.
    pub hall: String,
    /// The hall's name.
    pub hall_name: String,
    /// The window.
    pub window: WindowView,
    /// The number at the window now.
    pub current: Option<TicketView>,
    /// Numbers waiting in the hall today.
    pub waiting: u32,
}

/// A number to take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct TakeInput {
    /// `kiosk` (default) or `online` (signed-in applicants).
    #[serde(default)]
    pub channel: Option<String>,
    /// The item or bundle asked for (catalog code); none for 综合业务.
    #[serde(default)]
    pub service: Option<String>,
    /// A mobile number for the call-back (11 digits), optional.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A hall to create or update.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HallInput {
    /// Its name (e.g. 连城县政务服务中心).
    pub name: String,
    /// The region it serves (GB/T 2260 code in the catalog).
    pub region: String,
    /// Where it is.
    #[serde(default)]
    pub address: Option<String>,
}

/// A window to create or update.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WindowInput {
    /// Its name (e.g. 1号综合窗口).
    pub name: String,
    /// Item, bundle or department codes it serves; empty for a 综合窗口.
    #[serde(default)]
    pub serves: Vec<String>,
}

/// What [`super::HallService::seed_demo`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DemoHalls {
    /// Halls of the demo counties (created or found).
    pub halls: usize,
    /// Halls created by this call.
    pub created: usize,
    /// Numbers taken by this call.
    pub tickets: usize,
}
