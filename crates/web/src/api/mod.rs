//! The JSON API under `/api/v1`: the same use cases as the pages, typed errors with stable
//! codes, described by the OpenAPI document at `/api/openapi.json`.

pub mod admissions;
pub mod auth;
pub mod calendar;
pub mod ical;
pub mod lifecycle;
pub mod live;
pub mod meetings;
pub mod notices;
pub mod openapi;
pub mod orgs;
pub mod people;
pub mod plans;
pub mod rules;
pub mod training;
pub mod training_bank;
pub mod training_setup;

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// A JSON body. Failures become typed errors: 413 over [`crate::error::BODY_LIMIT`], 400
/// `malformed_json` with the line and column for text that is not JSON, 422 naming the JSON
/// path (`person.birth_date`) and position of a value of the wrong type.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), crate::error::BODY_LIMIT)
            .await
            .map_err(|_| WebError::TooLarge)?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body, keeping the path and position of the first problem.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WebError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let syntax = !matches!(inner.classify(), serde_json::error::Category::Data);
        WebError::BadJson {
            path: if path == "." { String::new() } else { path },
            line: inner.line(),
            column: inner.column(),
            syntax,
            detail: inner.to_string(),
        }
    })?;
    de.end().map_err(|e| WebError::BadJson {
        path: String::new(),
        line: e.line(),
        column: e.column(),
        syntax: true,
        detail: e.to_string(),
    })?;
    Ok(value)
}
