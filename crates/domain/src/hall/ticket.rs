//! Queue numbers (排队号) and windows: their states, the channel a number
//! was taken through, and the number's printed label.

use serde::{Deserialize, Serialize};

/// Where a number is in the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    /// 等候中: taken, not yet called.
    Waiting,
    /// 已叫号: called to a window, being served.
    Called,
    /// 已办结: served at the window.
    Served,
    /// 已过号: called but the person did not come.
    Absent,
}

impl TicketState {
    /// Every state.
    pub const ALL: [TicketState; 4] = [
        TicketState::Waiting,
        TicketState::Called,
        TicketState::Served,
        TicketState::Absent,
    ];

    /// Stable code, as stored and in the API.
    pub fn code(self) -> &'static str {
        match self {
            TicketState::Waiting => "waiting",
            TicketState::Called => "called",
            TicketState::Served => "served",
            TicketState::Absent => "absent",
        }
    }

    /// The state named by `code`.
    pub fn parse(code: &str) -> Option<TicketState> {
        TicketState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Chinese name shown on pages.
    pub fn label(self) -> &'static str {
        match self {
            TicketState::Waiting => "等候中",
            TicketState::Called => "已叫号",
            TicketState::Served => "已办结",
            TicketState::Absent => "已过号",
        }
    }
}

/// How a number was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketChannel {
    /// 现场取号 at the hall's kiosk.
    Kiosk,
    /// 网上预约 by a signed-in applicant.
    Online,
}

impl TicketChannel {
    /// Every channel.
    pub const ALL: [TicketChannel; 2] = [TicketChannel::Kiosk, TicketChannel::Online];

    /// Stable code, as stored and in the API.
    pub fn code(self) -> &'static str {
        match self {
            TicketChannel::Kiosk => "kiosk",
            TicketChannel::Online => "online",
        }
    }

    /// The channel named by `code`.
    pub fn parse(code: &str) -> Option<TicketChannel> {
        TicketChannel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// Chinese name shown on pages.
    pub fn label(self) -> &'static str {
        match self {
            TicketChannel::Kiosk => "现场取号",
            TicketChannel::Online => "网上预约",
        }
    }

    /// The letter a number of this channel starts with (A 现场, Y 预约).
    pub fn prefix(self) -> char {
        match self {
            TicketChannel::Kiosk => 'A',
            TicketChannel::Online => 'Y',
        }
    }
}

/// The printed number: the channel's letter and the day's sequence,
/// at least three digits (`A007`, `Y120`, `A1000`).
pub fn ticket_label(channel: TicketChannel, seq: u32) -> String {
    format!("{}{seq:03}", channel.prefix())
}

/// Whether a window is taking numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowState {
    /// 开窗: a clerk is at the window and calls numbers.
    Open,
    /// 暂停: nobody calls from this window.
    Paused,
}

impl WindowState {
    /// Stable code, as stored and in the API.
    pub fn code(self) -> &'static str {
        match self {
            WindowState::Open => "open",
            WindowState::Paused => "paused",
        }
    }

    /// The state named by `code`.
    pub fn parse(code: &str) -> Option<WindowState> {
        [WindowState::Open, WindowState::Paused]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// Chinese name shown on pages.
    pub fn label(self) -> &'static str {
        match self {
            WindowState::Open => "办理中",
            WindowState::Paused => "暂停服务",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_carry_the_channel_letter_and_three_digits() {
        assert_eq!(ticket_label(TicketChannel::Kiosk, 7), "A007");
        assert_eq!(ticket_label(TicketChannel::Online, 120), "Y120");
        assert_eq!(ticket_label(TicketChannel::Kiosk, 1000), "A1000");
    }

    #[test]
    fn codes_round_trip() {
        for s in TicketState::ALL {
            assert_eq!(TicketState::parse(s.code()), Some(s));
        }
        for c in TicketChannel::ALL {
            assert_eq!(TicketChannel::parse(c.code()), Some(c));
        }
        assert_eq!(WindowState::parse("paused"), Some(WindowState::Paused));
        assert_eq!(TicketState::parse("gone"), None);
    }
}
