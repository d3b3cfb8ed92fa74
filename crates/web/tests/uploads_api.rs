//! Uploading materials over HTTP: a file bigger than the 2 MiB body default
//! reaches the upload route and is stored; an executable renamed `.pdf`
//! (415) and a file over the upload limit (413) are refused and leave the
//! draft's uploads as they were.

mod support;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;
use support::apply::{Applicant, ApplyApp, apply_app};

const BOUNDARY: &str = "tongban-test-boundary";

/// A multipart body with `material` and one `file`.
fn multipart(material: &str, file_name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"material\"\r\n\r\n{material}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &ApplyApp, who: &Applicant, draft: &str, body: Vec<u8>) -> support::Reply {
    app.app
        .send(
            Request::post(format!("/api/v1/drafts/{draft}/uploads"))
                .header(header::COOKIE, who.cookie())
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
}

async fn uploads(app: &ApplyApp, who: &Applicant, draft: &str) -> Vec<Value> {
    let reply = app
        .call(who, "GET", &format!("/api/v1/drafts/{draft}/uploads"), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json().as_array().unwrap().clone()
}

/// A PDF of `size` bytes: header, padding, trailer.
fn pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    bytes.resize(size - 7, b' ');
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_over_http_store_a_large_pdf_and_refuse_executables_and_oversized_files() {
    let app = apply_app().await;
    let zhang = app.zhang_san().await;
    let draft = app.chef_draft(&zhang).await;
    let materials = app
        .call(
            &zhang,
            "GET",
            &format!("/api/v1/drafts/{draft}/materials"),
            None,
        )
        .await
        .json();
    let to_upload = materials["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["need"]["disposition"].get("to_upload").is_some())
        .unwrap_or_else(|| panic!("some material is to be uploaded: {materials}"));
    let material = to_upload["need"]["material"].as_str().unwrap();

    // 3 MiB: more than the 2 MiB every other request may carry.
    let big = pdf(3 * 1024 * 1024);
    let stored = upload(&app, &zhang, &draft, multipart(material, "清单.pdf", &big)).await;
    assert_eq!(stored.status, 201, "{}", stored.text);
    assert_eq!(stored.json()["content_type"], "application/pdf");
    assert_eq!(stored.json()["size"], big.len());

    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.resize(4096, 0);
    let refused = upload(&app, &zhang, &draft, multipart(material, "清单.pdf", &elf)).await;
    assert_eq!(refused.status, 415, "{}", refused.text);
    assert_eq!(refused.error_code(), "upload_type_refused");

    let huge = pdf(11 * 1024 * 1024);
    let too_big = upload(
        &app,
        &zhang,
        &draft,
        multipart(material, "大文件.pdf", &huge),
    )
    .await;
    assert_eq!(too_big.status, 413, "{}", too_big.text);
    assert_eq!(too_big.error_code(), "upload_too_large");

    let kept = uploads(&app, &zhang, &draft).await;
    assert_eq!(kept.len(), 1, "only the accepted PDF is stored: {kept:?}");
    assert_eq!(kept[0]["size"], big.len());
}
