//! The 诉求 pages over the real router (oneshot requests): an enterprise
//! blows a whistle through `/appeals/new`, the supervisor dispatches it on
//! the board, the department answers and resolves it on its worklist, a
//! leader instructs, the enterprise rates it and its file shows it all.
//! Each page answers 200 for the right role and 403/404 for the wrong
//! one; a forged CSRF token is refused and files nothing.

mod support;

use support::Reply;
use support::apply::{Applicant, ApplyApp, apply_app};
use tongban_domain::subject::Profile;
use tongban_service::NewSession;

const PASSWORD: &str = "Tongban#2026";
/// The Qihe county the demo staff work in.
const QIHE: &str = "371425";

/// The first demo enterprise: (subject id, name, USCC).
fn demo_enterprise() -> (String, String, String) {
    tongban_service::subjects::demo_data()
        .unwrap()
        .into_iter()
        .find_map(|r| match r.subject.profile {
            Profile::Enterprise(e) => Some((
                r.subject.id.as_str().to_string(),
                e.name,
                e.uscc.as_str().to_string(),
            )),
            Profile::Person(_) => None,
        })
        .unwrap()
}

struct World {
    app: ApplyApp,
    enterprise: Applicant,
    enterprise_id: String,
    uscc: String,
}

async fn world() -> World {
    let app = apply_app().await;
    let (enterprise_id, name, uscc) = demo_enterprise();
    let enterprise = app.sign_in("13900000077").await;
    app.platform()
        .subjects
        .verify_identity(&enterprise.session.actor, &name, &uscc)
        .await
        .unwrap();
    World {
        app,
        enterprise,
        enterprise_id,
        uscc,
    }
}

impl World {
    async fn staff(&self, username: &str) -> Applicant {
        let session: NewSession = self
            .app
            .platform()
            .accounts
            .login_staff(username, PASSWORD)
            .await
            .unwrap();
        Applicant { session }
    }

    async fn get(&self, who: &Applicant, uri: &str) -> Reply {
        self.app.call(who, "GET", uri, None).await
    }

    /// Files a whistle through the page; its number.
    async fn whistle(&self) -> String {
        let reply = self
            .app
            .post_form(
                &self.enterprise,
                "/appeals/new",
                &[
                    ("source", "whistle"),
                    ("region", QIHE),
                    ("category", "用工招聘"),
                    ("title", "急需招聘技术工人"),
                    ("description", "新生产线投产，急需招聘30名技术工人"),
                    ("case_no", ""),
                    ("phone", "13900000077"),
                ],
            )
            .await;
        assert_eq!(reply.status, 303, "{}", reply.text);
        let location = reply.location.unwrap();
        location.strip_prefix("/appeals/").unwrap().to_string()
    }
}

#[tokio::test]
async fn a_whistle_goes_from_the_form_through_dispatch_answer_and_rating_into_the_enterprise_file()
{
    let w = world().await;
    let form = w.get(&w.enterprise, "/appeals/new").await;
    assert_eq!(form.status, 200);
    assert!(form.text.contains("企业吹哨"));
    let no = w.whistle().await;

    let mine = w.get(&w.enterprise, "/appeals").await;
    assert_eq!(mine.status, 200);
    assert!(mine.text.contains(&no));
    let detail = w.get(&w.enterprise, &format!("/appeals/{no}")).await;
    assert_eq!(detail.status, 200);
    assert!(detail.text.contains("已登记"));
    assert!(!detail.text.contains("13900000077"), "the phone is masked");

    let supervisor = w.staff("dezhou.supervisor").await;
    let board = w.get(&supervisor, "/workbench/appeals/board").await;
    assert_eq!(board.status, 200);
    assert!(board.text.contains(&no), "waiting for dispatch");
    let dispatched = w
        .app
        .post_form(
            &supervisor,
            &format!("/workbench/appeals/{no}/dispatch"),
            &[("lead", "371425-zrzy")],
        )
        .await;
    assert_eq!(dispatched.status, 303, "{}", dispatched.text);

    let examiner = w.staff("qihe.examiner").await;
    let list = w.get(&examiner, "/workbench/appeals").await;
    assert_eq!(list.status, 200);
    assert!(list.text.contains(&no));
    let page = w.get(&examiner, &format!("/workbench/appeals/{no}")).await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("report-form"));
    for (kind, text) in [
        ("answer", "已对接人社局，三日内发布招聘信息"),
        ("resolution", "招聘信息已发布，已到岗18人"),
    ] {
        let reply = w
            .app
            .post_form(
                &examiner,
                &format!("/workbench/appeals/{no}/reports"),
                &[("kind", kind), ("text", text)],
            )
            .await;
        assert_eq!(reply.status, 303, "{kind}: {}", reply.text);
    }
    let leader = w.staff("qihe.leader").await;
    let instructed = w
        .app
        .post_form(
            &leader,
            &format!("/workbench/appeals/{no}/instructions"),
            &[("text", "请持续跟进用工需求")],
        )
        .await;
    assert_eq!(instructed.status, 303, "{}", instructed.text);

    let resolved = w.get(&w.enterprise, &format!("/appeals/{no}")).await;
    assert!(resolved.text.contains("rate-form"), "the 评哨 form shows");
    assert!(resolved.text.contains("请持续跟进用工需求"));
    let rated = w
        .app
        .post_form(
            &w.enterprise,
            &format!("/appeals/{no}/rating"),
            &[("satisfied", "true"), ("comment", "响应很快")],
        )
        .await;
    assert_eq!(rated.status, 303, "{}", rated.text);

    let file = w.get(&w.enterprise, "/me/file").await;
    assert_eq!(file.status, 200);
    for needle in [
        no.as_str(),
        "招聘信息已发布，已到岗18人",
        "评哨：满意",
        "响应很快",
    ] {
        assert!(file.text.contains(needle), "{needle} in the file");
    }
    let staff_file = w
        .get(
            &supervisor,
            &format!("/workbench/subjects/{}", w.enterprise_id),
        )
        .await;
    assert_eq!(staff_file.status, 200);
    assert!(staff_file.text.contains(&no));
}

#[tokio::test]
async fn each_page_refuses_the_wrong_role_with_403_or_hides_the_appeal_with_404() {
    let w = world().await;
    let no = w.whistle().await;
    let other = w.app.zhang_san().await;
    let examiner = w.staff("qihe.examiner").await;
    let elsewhere = w.staff("liancheng.examiner").await;
    let clerk = w.staff("qihe.clerk").await;
    let supervisor = w.staff("dezhou.supervisor").await;
    let cases: Vec<(&Applicant, String, u16)> = vec![
        (&other, format!("/appeals/{no}"), 404),
        (&elsewhere, format!("/workbench/appeals/{no}"), 404),
        (&examiner, format!("/workbench/appeals/{no}"), 404),
        (&w.enterprise, "/workbench/appeals".into(), 403),
        // An applicant has no region to supervise: the board is hidden.
        (&w.enterprise, "/workbench/appeals/board".into(), 404),
        (&examiner, "/workbench/appeals/board".into(), 403),
        (&w.enterprise, "/workbench/appeals/import".into(), 404),
        (&examiner, "/workbench/appeals/import".into(), 403),
        (
            &other,
            format!("/workbench/subjects/{}", w.enterprise_id),
            404,
        ),
        (&examiner, "/workbench/appeals".into(), 200),
        (&clerk, "/workbench/appeals/import".into(), 200),
        (&supervisor, "/workbench/appeals/board".into(), 200),
        (&supervisor, format!("/workbench/appeals/{no}"), 200),
        (&other, "/me/file".into(), 200),
        (&other, "/appeals".into(), 200),
    ];
    let mut wrong = Vec::new();
    for (who, uri, status) in cases {
        let reply = w.get(who, &uri).await;
        if reply.status != status {
            wrong.push(format!(
                "{uri} as {}: {}",
                who.session.actor.id, reply.status
            ));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let unverified = w.app.sign_in("13900000078").await;
    assert_eq!(w.get(&unverified, "/me/file").await.status, 404);
    let anonymous = w.app.app.get("/appeals").await;
    assert_eq!(anonymous.status, 303, "sent to the login page");
}

#[tokio::test]
async fn a_forged_csrf_token_is_refused_and_files_nothing() {
    let w = world().await;
    let body = serde_urlencoded::to_string([
        ("_csrf", "forged-token"),
        ("source", "whistle"),
        ("region", QIHE),
        ("category", "用工招聘"),
        ("title", "伪造"),
        ("description", "伪造的请求"),
    ])
    .unwrap();
    let request = axum::http::Request::post("/appeals/new")
        .header(axum::http::header::COOKIE, w.enterprise.cookie())
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    let reply = w.app.app.send(request).await;
    assert_eq!(reply.status, 403);
    let mine = w.get(&w.enterprise, "/appeals").await;
    assert!(mine.text.contains("您还没有提交过诉求"));
}

#[tokio::test]
async fn the_enterprise_file_shows_the_public_credit_code_and_no_phone_number() {
    let w = world().await;
    w.whistle().await;
    let file = w.get(&w.enterprise, "/me/file").await;
    assert_eq!(file.status, 200);
    assert!(
        !file.text.contains("13900000077"),
        "no phone number on the file"
    );
    // A credit code is public and shown whole (masked identifiers are for persons).
    assert!(file.text.contains(&w.uscc));
}

/// A multipart body of the import form; its content type.
fn import_form(csrf: &str, mapping: &str, csv: &str) -> (String, String) {
    let boundary = "----tongban-import";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"mapping\"\r\n\r\n{mapping}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"12345.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    (body, format!("multipart/form-data; boundary={boundary}"))
}

#[tokio::test]
async fn the_import_page_reports_imported_rows_and_bad_rows_by_number_and_refuses_a_forged_token() {
    use std::collections::BTreeMap;
    use tongban_domain::appeal::{AppealField, AppealSource, ImportMapping};

    let w = world().await;
    let clerk = w.staff("qihe.clerk").await;
    let mapping = ImportMapping {
        name: "12345-齐河".into(),
        source: AppealSource::Hotline12345,
        columns: BTreeMap::from([
            (AppealField::WorkOrderNo, "工单编号".to_string()),
            (AppealField::ReceivedAt, "来电时间".to_string()),
            (AppealField::Category, "问题分类".to_string()),
            (AppealField::Description, "诉求内容".to_string()),
        ]),
    };
    w.app
        .platform()
        .appeals
        .save_mapping(&clerk.session.actor, mapping)
        .await
        .unwrap();
    let page = w.get(&clerk, "/workbench/appeals/import").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("12345-齐河"));

    let csv = "工单编号,来电时间,问题分类,诉求内容\n\
               QH-2025-000001,2025-09-01 08:30,市政设施,路灯不亮\n\
               QH-2025-000002,九月二日,市政设施,井盖缺失\n\
               QH-2025-000003,2025-09-03 10:00,市政设施,\n\
               QH-2025-000004,2025-09-04 11:00,噪音扰民,夜间施工\n";
    let send = |csrf: &str| {
        let (body, content_type) = import_form(csrf, "12345-齐河", csv);
        axum::http::Request::post("/workbench/appeals/import")
            .header(axum::http::header::COOKIE, clerk.cookie())
            .header(axum::http::header::CONTENT_TYPE, content_type)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let forged = w.app.app.send(send("forged")).await;
    assert_eq!(forged.status, 403);

    let first = w.app.app.send(send(&clerk.session.csrf_token)).await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert!(
        first.text.contains(r#"<dd id="imported">2</dd>"#),
        "{}",
        first.text
    );
    assert!(
        first.text.contains(r#"<tr data-row="3">"#),
        "row 3: bad time"
    );
    assert!(
        first.text.contains(r#"<tr data-row="4">"#),
        "row 4: no content"
    );
    assert!(!first.text.contains(r#"<tr data-row="2">"#));

    let again = w.app.app.send(send(&clerk.session.csrf_token)).await;
    assert!(again.text.contains(r#"<dd id="imported">0</dd>"#));
    assert!(again.text.contains(r#"<dd id="already">2</dd>"#));
}

/// A form post: who, where, which fields.
type Post<'a> = (&'a Applicant, String, Vec<(&'a str, &'a str)>);

#[tokio::test]
async fn an_unsatisfied_rating_on_the_page_reopens_the_whistle_and_the_board_counts_it() {
    let w = world().await;
    let no = w.whistle().await;
    let supervisor = w.staff("dezhou.supervisor").await;
    let examiner = w.staff("qihe.examiner").await;
    let posts: [Post; 3] = [
        (
            &supervisor,
            format!("/workbench/appeals/{no}/dispatch"),
            vec![("lead", "371425-zrzy")],
        ),
        (
            &examiner,
            format!("/workbench/appeals/{no}/reports"),
            vec![("kind", "resolution"), ("text", "已协调解决")],
        ),
        (
            &w.enterprise,
            format!("/appeals/{no}/rating"),
            vec![("satisfied", "false"), ("comment", "仍未招到人")],
        ),
    ];
    for (who, uri, fields) in posts {
        let reply = w.app.post_form(who, &uri, &fields).await;
        assert_eq!(reply.status, 303, "{uri}: {}", reply.text);
    }
    let detail = w.get(&w.enterprise, &format!("/appeals/{no}")).await;
    assert!(detail.text.contains("已派单"), "back with the department");
    assert!(detail.text.contains("重新交办"));
    let board = w.get(&supervisor, "/workbench/appeals/board").await;
    let reopened = format!(r#"data-appeal="{no}" data-level="0" data-reopened="1""#);
    assert!(board.text.contains(&reopened), "{}", board.text);
}
