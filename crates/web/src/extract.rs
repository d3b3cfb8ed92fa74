//! Axum extractors whose rejections are JSON [`ApiError`]s instead of
//! axum's default plain-text responses.

use axum::extract::{FromRequest, FromRequestParts};

use crate::error::ApiError;

/// Query-string parameters; a bad value is a 400 `invalid_parameter`.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters; a bad value is a 400 `invalid_parameter`.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// A JSON body; a bad body is a 4xx `invalid_body` (or
/// `unsupported_media_type`, `payload_too_large`).
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);
