//! The page frame every page shares: head, the site header with search,
//! the 简/繁 and 大字版 switches and the account corner, and the footer.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::context::{PageContext, Script};
use super::prefs::switch_href;
use crate::script::html_tag;

/// The common page frame around `body`, in the reader's script and size.
pub(crate) fn layout(ctx: &PageContext, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        (PreEscaped(html_tag(ctx.script, ctx.large)))
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " - 通办" }
            link rel="stylesheet" href="/static/app.css";
        }
        body {
            a.skip href="#main" { "跳到正文" }
            (site_header(ctx))
            main #main { (body) }
            footer { "通办政务服务平台 · 事项目录与一件事" }
        }
        (PreEscaped("</html>"))
    }
}

fn site_header(ctx: &PageContext) -> Markup {
    let on_home = ctx.path == "/" || ctx.path.starts_with("/?");
    let (script_route, script_text, script_lang) = match ctx.script {
        Script::Simplified => ("/prefs/script/hant", "繁體", "zh-Hant"),
        Script::Traditional => ("/prefs/script/hans", "简体", "zh-CN"),
    };
    let (large_route, large_text) = if ctx.large {
        ("/prefs/large/off", "标准版")
    } else {
        ("/prefs/large/on", "大字版")
    };
    html! {
        header.site {
            div.bar {
                a.brand href="/" { "通办 · 政务服务" }
                @if !on_home {
                    form.site-search role="search" method="get" action="/" {
                        input type="search" name="q" aria-label="搜索事项或一件事" placeholder="搜索事项或一件事";
                        button type="submit" { "搜索" }
                    }
                }
                nav.switches aria-label="显示设置" {
                    a #switch-script href=(switch_href(script_route, &ctx.path)) lang=(script_lang) { (script_text) }
                    a #switch-large href=(switch_href(large_route, &ctx.path)) { (large_text) }
                }
                nav.account aria-label="账号" {
                    @if let Some(user) = &ctx.user {
                        span.who { (user.display_name) span.role { (user.role_label) } }
                        a href=(user.workbench_href) { "工作台" }
                        form #logout method="post" action="/logout" {
                            input type="hidden" name="_csrf" value=(user.csrf_token);
                            button type="submit" { "退出登录" }
                        }
                    } @else {
                        a #login href="/login" { "登录" }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::context::UserBadge;

    fn ctx(user: Option<UserBadge>) -> PageContext {
        PageContext {
            path: "/items/x".into(),
            user,
            ..PageContext::default()
        }
    }

    #[test]
    fn a_visitor_sees_the_login_link_and_no_logout_form() {
        let page = layout(&ctx(None), "t", html! {}).into_string();
        assert!(page.contains(r#"id="login" href="/login""#));
        assert!(!page.contains("logout"));
        assert!(page.contains(r#"<html lang="zh-CN">"#));
        assert!(page.contains(r#"name="viewport""#));
    }

    #[test]
    fn a_logged_in_person_sees_their_name_role_workbench_and_logout() {
        let user = UserBadge {
            display_name: "王<小>明".into(),
            role_label: "综窗受理人员".into(),
            csrf_token: "tok123".into(),
            workbench_href: "/workbench/clerk".into(),
        };
        let page = layout(&ctx(Some(user)), "t", html! {}).into_string();
        assert!(page.contains("王&lt;小&gt;明"));
        assert!(page.contains("综窗受理人员"));
        assert!(page.contains(r#"href="/workbench/clerk""#));
        assert!(page.contains(r#"id="logout" method="post" action="/logout""#));
        assert!(page.contains(r#"name="_csrf" value="tok123""#));
        assert!(!page.contains(r#"id="login""#));
    }

    #[test]
    fn the_switches_lead_back_to_the_current_page() {
        let page = layout(&ctx(None), "t", html! {}).into_string();
        assert!(page.contains(r#"href="/prefs/script/hant?next=%2Fitems%2Fx""#));
        assert!(page.contains(r#"href="/prefs/large/on?next=%2Fitems%2Fx""#));
    }
}
