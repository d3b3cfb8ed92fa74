//! The "hall now" panel (大厅实况): per hall, numbers waiting, average and
//! longest wait, windows open and numbers served today, as
//! `HallService::now` reports them within the supervisor's region.

use maud::{Markup, html};
use tongban_domain::auth::Actor;
use tongban_domain::hall::HallSnapshot;

use super::format::{NONE, Shown, figure};
use crate::AppState;

/// The halls now, or `None` when they cannot be read (logged; the rest
/// of the page still shows).
pub async fn snapshots(state: &AppState, actor: &Actor) -> Option<Vec<HallSnapshot>> {
    match state.hall.now(actor).await {
        Ok(list) => Some(list),
        Err(err) => {
            tracing::error!(code = err.code(), error = %err, "大厅实况无法读取");
            None
        }
    }
}

fn minutes(m: Option<u32>) -> String {
    m.map_or_else(|| NONE.to_string(), |m| format!("{m} 分钟"))
}

fn wait(metric: &str, m: Option<u32>) -> Markup {
    let value = m.map(|m| m.to_string()).unwrap_or_default();
    html! { span.figure data-metric=(metric) data-value=(value) { (minutes(m)) } }
}

/// The panel.
pub fn panel(halls: Option<&[HallSnapshot]>) -> Markup {
    html! {
        section #hall-now.hall-now {
            h2 { "大厅实况" }
            @match halls {
                None => p.empty { "大厅数据暂不可用，请稍后刷新。" },
                Some([]) => p.empty { "暂无大厅数据" },
                Some(list) => {
                    div.table-wrap { table.hall {
                        thead { tr {
                            th { "大厅" } th.num { "等候人数" } th.num { "平均等候" }
                            th.num { "最长等候" } th.num { "开放窗口" } th.num { "今日已办" }
                        } }
                        tbody {
                            @for h in list {
                                tr data-hall=(h.hall) {
                                    td { (h.name) }
                                    td.num { (figure("hall_waiting", Shown::Count(i64::from(h.waiting)))) }
                                    td.num { (wait("hall_average_wait", h.average_wait_minutes)) }
                                    td.num { (wait("hall_longest_wait", h.longest_wait_minutes)) }
                                    td.num { (figure("hall_windows_open", Shown::Count(i64::from(h.windows_open)))) }
                                    td.num { (figure("hall_served_today", Shown::Count(i64::from(h.served_today)))) }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}
