//! The draft use cases on a temporary SQLite database and a temporary
//! upload directory: drafts continued on another device, optimistic
//! versions, ownership, submitted drafts that no longer change, and
//! uploads that are sniffed, hashed and leave nothing behind when refused.

#[path = "drafts/harness.rs"]
mod harness;
#[path = "drafts/uploads.rs"]
mod uploads;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Duration;
use tongban_domain::case::CaseNo;
use tongban_domain::ident::RegionCode;
use tongban_service::drafts::{DraftPatch, DraftStatus, UploadLimits};
use tongban_store::Db;

use harness::{applicant, chef, clerk, env, material, service, small_pdf};

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn a_draft_saved_on_one_device_is_continued_on_another() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    assert_eq!(draft.version, 1);
    assert_eq!(draft.status, DraftStatus::Editing);
    let patch = DraftPatch {
        answers: Some(answers(&[
            ("applicant-name", "张三"),
            ("banquet-size", "120"),
        ])),
        phone: Some("13800138000".into()),
        ..DraftPatch::default()
    };
    let saved = env.drafts.save(&me, &draft.id, 1, patch).await.unwrap();
    assert_eq!(saved.version, 2);

    // The phone: its own connection to the same database, its own service.
    let phone_db = Db::connect(&env.file.url()).await.unwrap();
    let phone = service(
        Arc::new(phone_db),
        env.uploads_dir.path(),
        UploadLimits::default(),
        env.clock.clone(),
    );
    let there = phone.draft(&me, &draft.id).await.unwrap();
    assert_eq!(there.answers["applicant-name"], "张三");
    assert_eq!(there.answers["banquet-size"], "120");
    assert_eq!(there.phone.as_deref(), Some("13800138000"));
    assert_eq!(there, saved);
    let listed = phone.drafts(&me).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, draft.id);
}

#[tokio::test]
async fn a_save_from_an_out_of_date_version_is_refused_and_changes_nothing() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let first = DraftPatch {
        answers: Some(answers(&[("applicant-name", "张三")])),
        ..DraftPatch::default()
    };
    let saved = env.drafts.save(&me, &draft.id, 1, first).await.unwrap();

    // A second device still showing version 1.
    let late = DraftPatch {
        answers: Some(answers(&[("applicant-name", "李四")])),
        ..DraftPatch::default()
    };
    let err = env.drafts.save(&me, &draft.id, 1, late).await.unwrap_err();
    assert_eq!(err.code(), "draft_version_conflict");
    assert_eq!(env.drafts.draft(&me, &draft.id).await.unwrap(), saved);
}

#[tokio::test]
async fn drafts_are_listed_for_their_owner_most_recently_changed_first() {
    let env = env().await;
    let me = applicant("zhang");
    let older = env.drafts.create(&me, chef()).await.unwrap();
    env.clock.advance(Duration::minutes(1));
    let newer = env.drafts.create(&me, chef()).await.unwrap();
    env.clock.advance(Duration::minutes(1));
    env.drafts.create(&applicant("li"), chef()).await.unwrap();
    let ids = |list: Vec<tongban_service::drafts::Draft>| {
        list.into_iter().map(|d| d.id).collect::<Vec<_>>()
    };
    let mine = ids(env.drafts.drafts(&me).await.unwrap());
    assert_eq!(mine, [newer.id.clone(), older.id.clone()]);

    env.clock.advance(Duration::minutes(1));
    let phone = DraftPatch {
        phone: Some("13900139000".into()),
        ..DraftPatch::default()
    };
    env.drafts.save(&me, &older.id, 1, phone).await.unwrap();
    let mine = ids(env.drafts.drafts(&me).await.unwrap());
    assert_eq!(mine, [older.id, newer.id]);
}

#[tokio::test]
async fn draft_ids_are_random_and_not_guessable() {
    let env = env().await;
    let me = applicant("zhang");
    let a = env.drafts.create(&me, chef()).await.unwrap().id;
    let b = env.drafts.create(&me, chef()).await.unwrap().id;
    assert_ne!(a, b);
    for id in [&a, &b] {
        assert_eq!(id.as_str().len(), 32, "{id}");
        assert!(id.as_str().bytes().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
}

#[tokio::test]
async fn another_applicant_cannot_read_change_or_delete_a_draft() {
    let env = env().await;
    let owner = applicant("zhang");
    let other = applicant("li");
    let draft = env.drafts.create(&owner, chef()).await.unwrap();

    let read = env.drafts.draft(&other, &draft.id).await.unwrap_err();
    assert_eq!(read.code(), "draft_not_found");
    let missing = env
        .drafts
        .draft(&other, &"0".repeat(32).as_str().into())
        .await;
    assert_eq!(missing.unwrap_err().to_string(), read.to_string());
    assert!(env.drafts.drafts(&other).await.unwrap().is_empty());
    let patch = DraftPatch {
        phone: Some("13900139000".into()),
        ..DraftPatch::default()
    };
    let save = env.drafts.save(&other, &draft.id, 1, patch).await;
    assert_eq!(save.unwrap_err().code(), "draft_not_found");
    let delete = env.drafts.delete(&other, &draft.id).await;
    assert_eq!(delete.unwrap_err().code(), "draft_not_found");
    let no = CaseNo::new(&RegionCode::parse("350825").unwrap(), env.clock_day(), 1).unwrap();
    let submit = env
        .drafts
        .mark_submitted(&other, &draft.id, no, serde_json::json!({}))
        .await;
    assert_eq!(submit.unwrap_err().code(), "draft_not_found");

    // Staff do not keep drafts.
    let staff = env.drafts.drafts(&clerk()).await.unwrap_err();
    assert_eq!(staff.code(), "forbidden_role");

    assert_eq!(env.drafts.draft(&owner, &draft.id).await.unwrap(), draft);
}

#[tokio::test]
async fn a_submitted_draft_refuses_saves_uploads_and_deletion() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let kept = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("floor-plan"),
            "图.pdf",
            small_pdf(),
        )
        .await
        .unwrap();
    let no = CaseNo::new(&RegionCode::parse("350825").unwrap(), env.clock_day(), 3).unwrap();
    let frozen = serde_json::json!({ "form": { "applicant-name": "张三" } });
    let submitted = env
        .drafts
        .mark_submitted(&me, &draft.id, no.clone(), frozen.clone())
        .await
        .unwrap();
    assert!(matches!(&submitted.status, DraftStatus::Submitted { case_no, .. } if *case_no == no));
    assert_eq!(submitted.submission, Some(frozen));

    let patch = DraftPatch {
        phone: Some("13900139000".into()),
        ..DraftPatch::default()
    };
    let save = env
        .drafts
        .save(&me, &draft.id, submitted.version, patch)
        .await;
    assert_eq!(save.unwrap_err().code(), "draft_submitted");
    let upload = env
        .drafts
        .upload(&me, &draft.id, &material("id-card"), "a.pdf", small_pdf())
        .await;
    assert_eq!(upload.unwrap_err().code(), "draft_submitted");
    let remove = env.drafts.remove_upload(&me, &draft.id, &kept.id).await;
    assert_eq!(remove.unwrap_err().code(), "draft_submitted");
    let delete = env.drafts.delete(&me, &draft.id).await;
    assert_eq!(delete.unwrap_err().code(), "draft_submitted");
    let again = env
        .drafts
        .mark_submitted(&me, &draft.id, no, serde_json::json!({}))
        .await;
    assert_eq!(again.unwrap_err().code(), "draft_submitted");

    assert_eq!(env.drafts.draft(&me, &draft.id).await.unwrap(), submitted);
    assert_eq!(env.drafts.uploads(&me, &draft.id).await.unwrap(), [kept]);
    assert_eq!(env.stored_files().len(), 1);
}

#[tokio::test]
async fn a_bad_phone_or_an_oversized_answer_is_refused_and_not_saved() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let phone = DraftPatch {
        phone: Some("12345".into()),
        ..DraftPatch::default()
    };
    let err = env.drafts.save(&me, &draft.id, 1, phone).await.unwrap_err();
    assert_eq!(err.code(), "draft_phone_invalid");
    let long = DraftPatch {
        answers: Some(answers(&[("applicant-name", &"张".repeat(5000))])),
        ..DraftPatch::default()
    };
    let err = env.drafts.save(&me, &draft.id, 1, long).await.unwrap_err();
    assert_eq!(err.code(), "draft_answer_too_long");
    assert_eq!(env.drafts.draft(&me, &draft.id).await.unwrap(), draft);
}
