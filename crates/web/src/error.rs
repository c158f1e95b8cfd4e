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
        let fields = match self {
            WebError::Invalid(ref f) => f.clone(),
            _ => Vec::new(),
        };
        response.extensions_mut().insert(ErrorTag {
            code: self.code(),
            fields,
        });
        response
    }
}
