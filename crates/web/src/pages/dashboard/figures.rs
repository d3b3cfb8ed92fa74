//! Every figure `MetricsService` returns, named and grouped for the
//! cards of the dashboard, the drill-downs and the big screen.

use maud::{Markup, html};
use tongban_domain::metrics::Figures;

use super::format::{Shown, figure};

/// One figure: its stable name (`data-metric`), Chinese label and value.
pub struct Metric {
    /// The stable name: the field of `Figures`, or a pending code.
    pub name: &'static str,
    /// Chinese label.
    pub label: &'static str,
    /// Reads the figure.
    pub read: fn(&Figures) -> Shown,
}

const fn m(name: &'static str, label: &'static str, read: fn(&Figures) -> Shown) -> Metric {
    Metric { name, label, read }
}

/// The headline figures, first on every page.
pub const HEADLINE: &[Metric] = &[
    m("cases_submitted", "申报件数", |f| {
        Shown::Count(f.cases_submitted)
    }),
    m("cases_done", "办结件数", |f| Shown::Count(f.cases_done)),
    m("on_time_promised", "按期办结率", |f| {
        Shown::rate(&f.on_time_promised)
    }),
    m("average_days", "平均办理工作日", |f| {
        Shown::Days(f.average_days)
    }),
    m("p90_days", "P90办理工作日", |f| Shown::P90(f.p90_days)),
    m("online_available", "网上可办率", |f| {
        Shown::Percent(f.online_available.and_then(|r| r.percent))
    }),
    m("fully_online", "全程网办率", |f| {
        Shown::Percent(f.fully_online.and_then(|r| r.percent))
    }),
    m("at_most_one_trip", "最多跑一次率", |f| {
        Shown::rate(&f.at_most_one_trip)
    }),
    m("zero_trip", "零跑动率", |f| Shown::rate(&f.zero_trip)),
    m("immediate_share", "即办件占比", |f| {
        Shown::rate(&f.immediate_share)
    }),
    m("warnings_raised", "预警数", |f| {
        Shown::Count(f.warnings_raised)
    }),
    m("satisfaction", "满意率", |f| {
        Shown::rate(&f.satisfaction)
    }),
];

/// The other figures, in groups.
pub const GROUPS: &[(&str, &[Metric])] = &[
    (
        "办件量",
        &[
            m("items_submitted", "申报事项数", |f| {
                Shown::Count(f.items_submitted)
            }),
            m("items_decided", "办结事项数", |f| {
                Shown::Count(f.items_decided)
            }),
            m("items_granted", "准予事项数", |f| {
                Shown::Count(f.items_granted)
            }),
        ],
    ),
    (
        "时效",
        &[
            m("on_time_statutory", "法定时限内办结率", |f| {
                Shown::rate(&f.on_time_statutory)
            }),
            m(
                "average_promised_days",
                "平均承诺时限（工作日）",
                |f| Shown::Days(f.average_promised_days),
            ),
            m(
                "average_statutory_days",
                "平均法定时限（工作日）",
                |f| Shown::Days(f.average_statutory_days),
            ),
            m("time_cut_vs_promised", "较承诺时限压减", |f| {
                Shown::Percent(f.time_cut_vs_promised)
            }),
            m(
                "time_cut_vs_statutory",
                "平均减时间（较法定时限）",
                |f| Shown::Percent(f.time_cut_vs_statutory),
            ),
            m("suspended_items", "挂起事项数", |f| {
                Shown::Count(f.suspended_items)
            }),
            m("suspended_days", "挂起天数", |f| {
                Shown::Count(f.suspended_days)
            }),
        ],
    ),
    (
        "预警",
        &[
            m("warnings_red", "红牌数", |f| {
                Shown::Count(f.warnings_red)
            }),
            m("warnings_resolved", "已消除预警数", |f| {
                Shown::Count(f.warnings_resolved)
            }),
        ],
    ),
    (
        "数据共享",
        &[
            m("prefilled_fields", "预填字段数", |f| {
                Shown::Count(f.prefilled_fields)
            }),
            m("exempted_materials", "免提交材料数", |f| {
                Shown::Count(f.exempted_materials)
            }),
            m("licence_uses", "用证次数", |f| {
                Shown::Count(f.licence_uses)
            }),
        ],
    ),
    (
        "一件事改革成效",
        &[
            m("bundle_cases_done", "一件事办结件数", |f| {
                Shown::Count(f.bundle_cases_done)
            }),
            m("saved_materials", "减材料", |f| {
                Shown::Count(f.saved_materials)
            }),
            m("saved_days", "减时限（工作日）", |f| {
                Shown::Days(Some(f.saved_days))
            }),
            m("saved_steps", "减环节", |f| Shown::Count(f.saved_steps)),
            m("saved_trips", "减跑动", |f| Shown::Count(f.saved_trips)),
            m("saved_fields", "减表单字段", |f| {
                Shown::Count(f.saved_fields)
            }),
        ],
    ),
    (
        "诉求",
        &[
            m("appeals_on_time", "诉求按期办结率", |f| {
                Shown::rate(&f.appeals_on_time)
            }),
            m("appeals_reopened", "诉求重办率", |f| {
                Shown::rate(&f.appeals_reopened)
            }),
        ],
    ),
];

/// One card.
fn card(name: &str, label: &str, shown: Shown, href: Option<&str>) -> Markup {
    html! {
        div.card data-card=(name) {
            div.label { (label) }
            div.value { (figure(name, shown)) }
            @if let Some(h) = href { a.more href=(h) { "查看" } }
        }
    }
}

/// The headline cards; `warnings` links the warning count to the board.
pub fn headline(f: &Figures, warnings: Option<&str>) -> Markup {
    html! {
        div.cards.headline {
            @for x in HEADLINE {
                (card(x.name, x.label, (x.read)(f), if x.name == "warnings_raised" { warnings } else { None }))
            }
        }
    }
}

/// Every other figure in its group.
pub fn groups(f: &Figures) -> Markup {
    html! {
        @for (title, list) in GROUPS {
            section.figure-group {
                h3 { (title) }
                div.cards {
                    @for x in *list { (card(x.name, x.label, (x.read)(f), None)) }
                }
            }
        }
    }
}
