//! The JSON API under `/api/v1`: the same use cases as the pages, typed errors with stable
//! codes, described by the OpenAPI document at `/api/openapi.json`.

pub mod auth;
pub mod calendar;
pub mod openapi;
pub mod orgs;
pub mod people;
pub mod rules;

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// A JSON body whose parse failures become typed `bad_request` errors instead of axum's
/// plain-text rejections.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Json::<T>::from_request(req, state)
            .await
            .map(|axum::Json(v)| ApiJson(v))
            .map_err(|e| WebError::BadRequest(e.body_text()))
    }
}
