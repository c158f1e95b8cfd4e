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
    /// Login throttling: the client may try again after this many seconds (`Retry-After`).
    #[error("too many attempts")]
    Throttled { retry_after_secs: i64 },
    /// The record changed since the user read it; the body carries the record as it is now.
    #[error("stale")]
    Stale(serde_json::Value),
    /// The path exists but not with this method; carries the methods it does accept.
    #[error("method not allowed")]
    MethodNotAllowed(String),
    /// The request body is over [`BODY_LIMIT`].
    #[error("request body too large")]
    TooLarge,
    /// A JSON body that is not JSON, or whose value at `path` has the wrong shape.
    #[error("bad JSON at {path} (line {line}, column {column}): {detail}")]
    BadJson {
        /// JSON path of the wrong value (`person.birth_date`), empty for syntax errors.
        path: String,
        line: usize,
        column: usize,
        /// `true` when the text is not JSON at all; `false` when a value has the wrong type.
        syntax: bool,
        detail: String,
    },
    /// A long job cannot start now (one is running already, or the server runs as many as it
    /// allows); the code says which, for the message.
    #[error("busy: {0}")]
    Busy(&'static str),
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
            AppError::Throttled { retry_after_secs } => WebError::Throttled { retry_after_secs },
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

/// A `Retry-After` value in whole seconds (at least 1).
pub fn retry_after(secs: i64) -> axum::http::HeaderValue {
    axum::http::HeaderValue::from(secs.max(1))
}

/// The largest request body accepted (forms and JSON alike); larger ones answer 413.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The error as carried from the handler to the renderer.
#[derive(Debug, Clone)]
pub struct ErrorTag {
    pub code: &'static str,
    pub fields: Vec<FieldError>,
    /// The record as stored now, for a conflict (`stale`).
    pub current: Option<serde_json::Value>,
    /// Where in a JSON body the problem is (line, column), 1-based.
    pub position: Option<(usize, usize)>,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::Stale(_) | WebError::Busy(_) => StatusCode::CONFLICT,
            WebError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::BadJson { syntax: true, .. } => StatusCode::BAD_REQUEST,
            WebError::BadJson { syntax: false, .. } => StatusCode::UNPROCESSABLE_ENTITY,
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
            WebError::Throttled { .. } => "too_many_attempts",
            WebError::Stale(_) => "stale",
            WebError::Busy(code) => code,
            WebError::MethodNotAllowed(_) => "method_not_allowed",
            WebError::TooLarge => "too_large",
            WebError::BadJson { syntax: true, .. } => "malformed_json",
            WebError::BadJson { syntax: false, .. } => "invalid_input",
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
        if let WebError::MethodNotAllowed(allow) = &self {
            if let Ok(value) = axum::http::HeaderValue::from_str(allow) {
                response
                    .headers_mut()
                    .insert(axum::http::header::ALLOW, value);
            }
        }
        if let WebError::Throttled { retry_after_secs } = &self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                retry_after(*retry_after_secs),
            );
        }
        let (fields, position, current) = match self {
            WebError::Invalid(f) => (f, None, None),
            WebError::Stale(current) => (Vec::new(), None, Some(current)),
            WebError::BadJson {
                ref path,
                line,
                column,
                syntax,
                ..
            } => {
                let fields = if syntax {
                    Vec::new()
                } else {
                    vec![FieldError::new(
                        if path.is_empty() { "." } else { path.as_str() },
                        "wrong_type",
                    )]
                };
                (fields, Some((line, column)), None)
            }
            _ => (Vec::new(), None, None),
        };
        response.extensions_mut().insert(ErrorTag {
            code,
            fields,
            position,
            current,
        });
        response
    }
}
