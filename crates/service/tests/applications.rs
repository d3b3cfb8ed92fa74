//! The applicant flow's use cases on a real (temporary) SQLite platform
//! with the demo catalog and subjects: an incomplete application is
//! refused with what is missing, a complete one becomes a case once (a
//! retry answers the same case) and the draft keeps the frozen record.

use std::sync::{Arc, Mutex};

use tongban_domain::auth::Actor;
use tongban_domain::subject::{Purpose, SourceRef};
use tongban_service::drafts::DraftStatus;
use tongban_service::{
    Application, DEMO_PERSON, DEMO_PHONE, Platform, PlatformConfig, ServiceError, SmsGateway,
    SystemClock, UploadLimits,
};
use tongban_store::Db;

#[derive(Default)]
struct Outbox(Mutex<Vec<String>>);

impl SmsGateway for Outbox {
    fn send_code(&self, _phone: &str, code: &str) -> Result<(), ServiceError> {
        self.0.lock().unwrap().push(code.into());
        Ok(())
    }
}

async fn platform() -> (
    Platform,
    Arc<Outbox>,
    tongban_testkit::TempSqlite,
    tempfile::TempDir,
) {
    let file = tongban_testkit::temp_sqlite().unwrap();
    let db = Arc::new(Db::connect(&file.url()).await.unwrap());
    db.migrate().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sms = Arc::new(Outbox::default());
    let p = Platform::open(
        db,
        PlatformConfig {
            uploads_dir: dir.path().join("uploads"),
            upload_limits: UploadLimits::default(),
            sms: sms.clone(),
            clock: Arc::new(SystemClock),
            licence_key: PlatformConfig::demo_licence_key(),
        },
    )
    .await
    .unwrap();
    let parsed = tongban_catalog_io::read_files(&tongban_testkit::demo_catalog_files()).unwrap();
    p.catalog.import(parsed).await.unwrap();
    p.accounts.seed_demo().await.unwrap();
    p.subjects.seed_demo(None).await.unwrap();
    (p, sms, file, dir)
}

async fn zhang_san(p: &Platform, sms: &Outbox) -> Actor {
    p.accounts.request_code(DEMO_PHONE).await.unwrap();
    let code = sms.0.lock().unwrap().last().unwrap().clone();
    let actor = p
        .accounts
        .login_applicant(DEMO_PHONE, &code)
        .await
        .unwrap()
        .actor;
    p.subjects
        .verify_identity(&actor, DEMO_PERSON.0, DEMO_PERSON.1)
        .await
        .unwrap();
    actor
}

#[tokio::test]
async fn a_complete_chef_application_becomes_one_case_and_the_draft_keeps_the_record() {
    let (p, sms, _file, _dir) = platform().await;
    let actor = zhang_san(&p, &sms).await;
    let chef = p
        .catalog
        .load_catalog()
        .await
        .unwrap()
        .bundles
        .iter()
        .find(|b| b.name.contains("游厨"))
        .unwrap()
        .code
        .to_string();
    let app = &p.applications;
    let draft = app
        .start(
            &actor,
            Application::Bundle {
                bundle: chef,
                answers: Default::default(),
            },
        )
        .await
        .unwrap();
    let id = draft.id.to_string();

    let refused = app.submit(&actor, &id).await.unwrap_err();
    assert_eq!(refused.code(), "application_incomplete");
    assert!(refused.to_string().contains("请上传材料"), "{refused}");

    let view = app.consent_view(&actor, &id).await.unwrap();
    let sources: Vec<SourceRef> = view.prefill.iter().map(|o| o.source.clone()).collect();
    app.grant(&actor, &id, Purpose::Prefill, sources)
        .await
        .unwrap();
    let form = app.form(&actor, &id).await.unwrap();
    let mut answers = tongban_domain::form::FormAnswers::new();
    for f in form.fields.iter().filter(|f| f.prefilled.is_none()) {
        let value = match f.kind {
            tongban_domain::catalog::ElementKind::Number => "3".to_string(),
            tongban_domain::catalog::ElementKind::Choice => f.dictionary[0].clone(),
            tongban_domain::catalog::ElementKind::Phone => DEMO_PHONE.to_string(),
            tongban_domain::catalog::ElementKind::Address => {
                "福建省龙岩市连城县莲峰镇北大路1号".to_string()
            }
            tongban_domain::catalog::ElementKind::Uscc => continue,
            _ => "张三游厨".to_string(),
        };
        answers.insert(f.element.to_string(), value);
    }
    app.save_form(&actor, &id, form.version, answers)
        .await
        .unwrap();
    let materials = app.materials(&actor, &id).await.unwrap();
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let commitments: Vec<_> = materials
        .lines
        .iter()
        .filter(|l| l.needs_commitment)
        .map(|l| l.need.material.clone())
        .collect();
    for l in materials.lines.iter().filter(|l| l.to_upload()) {
        app.upload(&actor, &id, l.need.material.as_str(), "a.pdf", pdf.clone())
            .await
            .unwrap();
    }
    let version = app.load_draft(&actor, &id).await.unwrap().version;
    app.commit(&actor, &id, version, commitments).await.unwrap();

    let review = app.review(&actor, &id).await.unwrap();
    assert!(review.ready(), "{:?}", review.problems);
    let first = app.submit(&actor, &id).await.unwrap();
    let again = app.submit(&actor, &id).await.unwrap();
    assert_eq!(
        first.case_no, again.case_no,
        "a retry answers the same case"
    );
    let case = p.cases.case(&actor, first.case_no.as_str()).await.unwrap();
    assert_eq!(case.case.members.len(), 3);
    let stored = app.load_draft(&actor, &id).await.unwrap();
    assert!(matches!(stored.status, DraftStatus::Submitted { .. }));
    let record = stored.submission.unwrap();
    assert_eq!(
        record["form"]["report"]["asked_merged"].as_u64(),
        Some(u64::from(review.form.report.asked_merged))
    );
    assert!(!record["form"]["prefilled"].as_array().unwrap().is_empty());
    assert!(!record["consents"].as_array().unwrap().is_empty());
    let refused = app
        .save_form(&actor, &id, stored.version, Default::default())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "draft_already_submitted");
}
