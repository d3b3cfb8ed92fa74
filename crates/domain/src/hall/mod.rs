//! The service hall (政务服务大厅) queue: numbers taken (取号), called to a
//! window (叫号) and served, and the "hall now" snapshot a supervisor sees
//! (queue length, waiting time, windows open).

/// What a hall looks like now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HallSnapshot {
    /// The hall's code.
    pub hall: String,
    /// The hall's name.
    pub name: String,
    /// Numbers taken and not yet called.
    pub waiting: u32,
    /// Average wait of the numbers called today, in minutes.
    pub average_wait_minutes: Option<u32>,
    /// The longest current wait, in minutes.
    pub longest_wait_minutes: Option<u32>,
    /// Windows that are open now.
    pub windows_open: u32,
    /// Numbers served today.
    pub served_today: u32,
}
