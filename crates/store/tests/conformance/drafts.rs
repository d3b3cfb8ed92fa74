//! Conformance checks: Drafts and upload metadata — round trips, the
//! optimistic version, listing by owner, submitted drafts that no longer
//! change, and upload rows that go with their draft.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use tongban_domain::case::CaseNo;
use tongban_domain::ident::Code;
use tongban_store::{
    DraftChange, DraftRemoval, DraftRow, DraftStore, DraftSubmitted, DraftWrite, StoreError,
    UploadRow, UploadWrite,
};

use crate::common::Fixture;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_737_680_400, 0).unwrap() // 2025-01-24T01:00:00Z
}

fn draft(id: &str, owner: &str, minutes: i64) -> DraftRow {
    let at = t0() + Duration::minutes(minutes);
    DraftRow {
        id: id.into(),
        owner: owner.into(),
        body: json!({
            "application": { "kind": "bundle", "bundle": "liancheng.itinerant-chef",
                             "answers": { "venue": "rural" } },
            "answers": { "applicant-name": "张三", "banquet-size": "120" },
            "commitments": ["health-certificate"],
            "phone": "13800138000"
        }),
        submitted: None,
        version: 1,
        created_at: at,
        updated_at: at,
    }
}

fn upload(id: &str, draft: &str, seconds: i64) -> UploadRow {
    UploadRow {
        id: id.into(),
        draft: draft.into(),
        material: Code::parse("floor-plan").unwrap(),
        file_name: "经营场所平面图.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1234,
        sha256: "ab".repeat(32),
        object_key: format!("drafts/{draft}/{id}"),
        created_at: t0() + Duration::seconds(seconds),
    }
}

fn change(id: &str, expected_version: i64, name: &str) -> DraftChange {
    DraftChange {
        id: id.into(),
        expected_version,
        body: json!({ "application": { "kind": "item", "item": "x" },
                      "answers": { "applicant-name": name } }),
        submitted: None,
        at: t0() + Duration::hours(1),
    }
}

fn case_no() -> CaseNo {
    let region = tongban_domain::ident::RegionCode::parse("350825").unwrap();
    CaseNo::new(&region, t0().date_naive(), 7).unwrap()
}

/// The count `sql` selects for `value`, read behind the store's back.
async fn count(f: &Fixture, sql: &'static str, value: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&f.url).await.unwrap();
    let n: i64 = sqlx::query_scalar(sql)
        .bind(value.to_string())
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}

pub async fn drafts_round_trip_with_their_json_content_and_a_taken_id_is_refused(f: Fixture) {
    let d = draft("d1", "applicant:a", 0);
    f.db.insert_draft(&d).await.unwrap();
    assert_eq!(f.db.draft("d1").await.unwrap(), Some(d.clone()));
    assert_eq!(f.db.draft("nope").await.unwrap(), None);

    let again = f.db.insert_draft(&draft("d1", "applicant:b", 5)).await;
    assert!(
        matches!(again, Err(StoreError::AlreadyExists { .. })),
        "{again:?}"
    );
    assert_eq!(
        f.db.draft("d1").await.unwrap().unwrap().owner,
        "applicant:a"
    );
}

pub async fn a_save_from_a_stale_version_is_refused_and_changes_nothing(f: Fixture) {
    f.db.insert_draft(&draft("d1", "applicant:a", 0))
        .await
        .unwrap();
    let saved = f.db.update_draft(&change("d1", 1, "李四")).await.unwrap();
    assert_eq!(saved, DraftWrite::Saved { version: 2 });
    let after_first = f.db.draft("d1").await.unwrap().unwrap();
    assert_eq!(after_first.version, 2);
    assert_eq!(after_first.body["answers"]["applicant-name"], "李四");
    assert_eq!(after_first.updated_at, t0() + Duration::hours(1));

    // A second device still holding version 1.
    let stale = f.db.update_draft(&change("d1", 1, "王五")).await.unwrap();
    assert_eq!(stale, DraftWrite::Stale);
    assert_eq!(f.db.draft("d1").await.unwrap().unwrap(), after_first);

    let missing = f.db.update_draft(&change("nope", 1, "王五")).await.unwrap();
    assert_eq!(missing, DraftWrite::Missing);
}

pub async fn a_submitted_draft_keeps_its_case_number_and_refuses_every_change(f: Fixture) {
    f.db.insert_draft(&draft("d1", "applicant:a", 0))
        .await
        .unwrap();
    f.db.insert_upload(&upload("u1", "d1", 1)).await.unwrap();
    let at = t0() + Duration::hours(2);
    let mut submit = change("d1", 1, "李四");
    submit.submitted = Some(DraftSubmitted {
        case_no: case_no(),
        at,
    });
    submit.body["submission"] = json!({ "form": { "applicant-name": "李四" } });
    assert_eq!(
        f.db.update_draft(&submit).await.unwrap(),
        DraftWrite::Saved { version: 2 }
    );

    let stored = f.db.draft("d1").await.unwrap().unwrap();
    assert_eq!(
        stored.submitted,
        Some(DraftSubmitted {
            case_no: case_no(),
            at
        })
    );
    assert_eq!(stored.body["submission"]["form"]["applicant-name"], "李四");

    assert_eq!(
        f.db.update_draft(&change("d1", 2, "王五")).await.unwrap(),
        DraftWrite::Submitted
    );
    assert_eq!(
        f.db.insert_upload(&upload("u2", "d1", 9)).await.unwrap(),
        UploadWrite::DraftSubmitted
    );
    assert_eq!(
        f.db.delete_upload("d1", "u1", at).await.unwrap(),
        UploadWrite::DraftSubmitted
    );
    assert_eq!(
        f.db.delete_draft("d1").await.unwrap(),
        DraftRemoval::Submitted
    );
    assert_eq!(f.db.draft("d1").await.unwrap().unwrap(), stored);
    let ids: Vec<String> =
        f.db.uploads("d1")
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
    assert_eq!(ids, ["u1"]);
}

pub async fn drafts_are_listed_for_their_owner_only_most_recent_first(f: Fixture) {
    f.db.insert_draft(&draft("old", "applicant:a", 0))
        .await
        .unwrap();
    f.db.insert_draft(&draft("new", "applicant:a", 10))
        .await
        .unwrap();
    f.db.insert_draft(&draft("theirs", "applicant:b", 20))
        .await
        .unwrap();
    let ids = |rows: Vec<DraftRow>| rows.into_iter().map(|d| d.id).collect::<Vec<_>>();
    assert_eq!(
        ids(f.db.drafts_of("applicant:a").await.unwrap()),
        ["new", "old"]
    );
    assert_eq!(
        ids(f.db.drafts_of("applicant:b").await.unwrap()),
        ["theirs"]
    );
    assert!(f.db.drafts_of("applicant:c").await.unwrap().is_empty());

    // Saving the older one makes it the most recent.
    f.db.update_draft(&change("old", 1, "李四")).await.unwrap();
    assert_eq!(
        ids(f.db.drafts_of("applicant:a").await.unwrap()),
        ["old", "new"]
    );
}

pub async fn upload_rows_round_trip_and_are_deleted_with_their_draft(f: Fixture) {
    f.db.insert_draft(&draft("d1", "applicant:a", 0))
        .await
        .unwrap();
    f.db.insert_draft(&draft("d2", "applicant:a", 0))
        .await
        .unwrap();
    let (first, second, other) = (
        upload("u1", "d1", 1),
        upload("u2", "d1", 2),
        upload("u3", "d2", 3),
    );
    for u in [&first, &second, &other] {
        assert_eq!(f.db.insert_upload(u).await.unwrap(), UploadWrite::Done);
    }
    assert_eq!(f.db.upload("u1").await.unwrap(), Some(first.clone()));
    assert_eq!(
        f.db.uploads("d1").await.unwrap(),
        [first.clone(), second.clone()]
    );
    // An upload marks its draft changed at the upload's time.
    let touched = f.db.draft("d1").await.unwrap().unwrap().updated_at;
    assert_eq!(touched, second.created_at);
    // Uploads come back in the order they were made, even within one
    // second.
    let third = upload("u0", "d1", 2);
    f.db.insert_upload(&third).await.unwrap();
    let order: Vec<String> =
        f.db.uploads("d1")
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect();
    assert_eq!(order, ["u1", "u2", "u0"]);
    f.db.delete_upload("d1", "u0", third.created_at)
        .await
        .unwrap();

    let orphan = f.db.insert_upload(&upload("u9", "nope", 1)).await.unwrap();
    assert_eq!(orphan, UploadWrite::Missing);
    assert_eq!(f.db.upload("u9").await.unwrap(), None);

    let removed = f.db.delete_draft("d1").await.unwrap();
    assert_eq!(removed, DraftRemoval::Removed(vec![first, second]));
    assert_eq!(f.db.draft("d1").await.unwrap(), None);
    assert!(f.db.uploads("d1").await.unwrap().is_empty());
    let left = count(
        &f,
        "SELECT COUNT(*) FROM draft_uploads WHERE draft_id = $1",
        "d1",
    )
    .await;
    assert_eq!(left, 0);
    // The other draft and its upload are untouched.
    assert_eq!(f.db.uploads("d2").await.unwrap(), [other]);
    assert_eq!(
        f.db.delete_draft("d1").await.unwrap(),
        DraftRemoval::Missing
    );
}

pub async fn an_upload_is_removed_from_its_own_draft_only(f: Fixture) {
    f.db.insert_draft(&draft("d1", "applicant:a", 0))
        .await
        .unwrap();
    f.db.insert_draft(&draft("d2", "applicant:b", 0))
        .await
        .unwrap();
    f.db.insert_upload(&upload("u1", "d1", 1)).await.unwrap();
    let at = t0() + Duration::hours(3);
    assert_eq!(
        f.db.delete_upload("d2", "u1", at).await.unwrap(),
        UploadWrite::Missing
    );
    assert!(f.db.upload("u1").await.unwrap().is_some());
    assert_eq!(
        f.db.delete_upload("d1", "u1", at).await.unwrap(),
        UploadWrite::Done
    );
    assert_eq!(f.db.upload("u1").await.unwrap(), None);
    assert_eq!(f.db.draft("d1").await.unwrap().unwrap().updated_at, at);
    assert_eq!(
        f.db.delete_upload("d1", "u1", at).await.unwrap(),
        UploadWrite::Missing
    );
}

pub async fn a_corrupt_draft_body_is_reported_not_a_panic(f: Fixture) {
    f.db.insert_draft(&draft("d1", "applicant:a", 0))
        .await
        .unwrap();
    let changed = f
        .execute_raw(
            "UPDATE drafts SET body = $1 WHERE id = $2",
            &["{\"answers\":", "d1"],
        )
        .await;
    assert_eq!(changed, 1);
    let read = f.db.draft("d1").await;
    assert!(
        matches!(&read, Err(StoreError::Corrupt(m)) if m.contains("drafts.body")),
        "{read:?}"
    );
}
