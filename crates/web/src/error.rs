//! The web crate's one error type and its mapping to HTTP, in one place.
//!
//! Handlers return [`WebError`]; its `IntoResponse` sets the status and tags the response
//! with the error kind. The `render_errors` middleware (in `routes.rs`) then writes the body
//! in the user's language: an HTML page for pages, a typed JSON error with a stable code for
//! `/api`. Internal details go to the log, never to the user.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chibo_app::{AppError, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("csrf token missing or wrong")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("too many attempts")]
    Throttled,
    /// The record changed since the user read it; the body carries the record as it is now.
    #[error("stale")]
    Stale(serde_json::Value),
    #[error("internal: {0}")]
    Internal(String),
}

impl From<AppError> for WebError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::Invalid(errors) => WebError::Invalid(errors),
            AppError::NotFound(_) => WebError::NotFound,
            AppError::Forbidden => WebError::Forbidden,
            AppError::BadCredentials => {
                WebError::Invalid(vec![FieldError::new("login", "bad_credentials")])
            }
            AppError::Throttled { .. } => WebError::Throttled,
            AppError::Stale { current, .. } => WebError::Stale(current),
            AppError::Store(e) => WebError::Internal(e.to_string()),
            AppError::Internal(e) => WebError::Internal(e),
        }
    }
}

impl From<chibo_store::StoreError> for WebError {
    fn from(err: chibo_store::StoreError) -> Self {
        WebError::from(AppError::from(err))
    }
}

/// The error as carried from the handler to the renderer.
#[derive(Debug, Clone)]
pub struct ErrorTag {
    pub code: &'static str,
    pub fields: Vec<FieldError>,
    /// The record as stored now, for a conflict (`stale`).
    pub current: Option<serde_json::Value>,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Throttled => StatusCode::TOO_MANY_REQUESTS,
            WebError::Stale(_) => StatusCode::CONFLICT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound => "not_found",
            WebError::Forbidden => "forbidden",
            WebError::Unauthenticated => "unauthenticated",
            WebError::Csrf => "csrf",
            WebError::BadRequest(_) => "bad_request",
            WebError::Invalid(_) => "invalid_input",
            WebError::Throttled => "too_many_attempts",
            WebError::Stale(_) => "stale",
            WebError::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match &self {
            WebError::Internal(detail) => tracing::error!(%detail, "internal error"),
            WebError::BadRequest(detail) => tracing::info!(%detail, "bad request"),
            _ => {}
        }
        let mut response = self.status().into_response();
        let code = self.code();
        let (fields, current) = match self {
            WebError::Invalid(f) => (f, None),
            WebError::Stale(current) => (Vec::new(), Some(current)),
            _ => (Vec::new(), None),
        };
        response.extensions_mut().insert(ErrorTag {
            code,
            fields,
            current,
        });
        response
    }
}
