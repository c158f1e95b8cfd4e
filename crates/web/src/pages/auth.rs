//! Login and logout pages.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use chibo_app::AppError;
use chibo_domain::access::Capability as C;
use chibo_store::SessionRecord;
use serde::Deserialize;

use super::{render, see_other, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    message: Option<&'static str>,
    login: String,
    next: String,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    expired: Option<String>,
}

#[utoipa::path(
    get,
    path = "/login",
    summary = "Login page",
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn login_page(
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    if ctx.user.is_some() {
        return Ok(see_other(&safe_next(q.next)));
    }
    let message = q.expired.is_some().then_some(ctx.t.auth.session_expired);
    render(&LoginPage {
        l: Layout::new(&ctx, ctx.t.auth.login_title),
        message,
        login: String::new(),
        next: safe_next(q.next),
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

/// Only same-site paths are followed after login (no open redirect).
fn safe_next(next: Option<String>) -> String {
    super::same_site_path(next.as_deref())
}

#[utoipa::path(
    post,
    path = "/login",
    summary = "Log in",
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn login_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let client = ctx.client.clone();
    match chibo_app::auth::login(&state.store, &form.login, &form.password, &client, ctx.now).await
    {
        Ok(user) => {
            let cookie = start_session(&state, &user, &client, ctx.now).await?;
            let mut response = see_other(&safe_next(form.next));
            for c in cookie {
                response.headers_mut().append(header::SET_COOKIE, c);
            }
            Ok(response)
        }
        Err(e @ (AppError::BadCredentials | AppError::Throttled { .. })) => {
            let (status, message, retry) = match e {
                AppError::Throttled { retry_after_secs } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    ctx.t.auth.login_throttled,
                    Some(retry_after_secs),
                ),
                _ => (StatusCode::UNAUTHORIZED, ctx.t.auth.login_failed, None),
            };
            tracing::info!(login = %form.login, %client, "login refused");
            let mut response = render(&LoginPage {
                l: Layout::new(&ctx, ctx.t.auth.login_title),
                message: Some(message),
                login: form.login,
                next: safe_next(form.next),
            })?;
            *response.status_mut() = status;
            if let Some(secs) = retry {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, crate::error::retry_after(secs));
            }
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

/// Creates the server-side session and returns the cookies to set: the session token
/// (HttpOnly, SameSite=Lax) and the language remembered from the user's profile.
pub async fn start_session(
    state: &AppState,
    user: &chibo_store::UserRecord,
    client: &str,
    now: i64,
) -> Result<Vec<HeaderValue>, WebError> {
    let locale = user.locale.as_str();
    let token = chibo_app::auth::new_token();
    let session = SessionRecord {
        user: user.id,
        csrf_token: chibo_app::auth::new_token(),
        expires_at: now + chibo_app::auth::SESSION_SECONDS,
    };
    chibo_app::auth::start_session(
        &state.store,
        user,
        &chibo_app::auth::token_hash(&token),
        &session,
        client,
        now,
    )
    .await?;
    let suffix = state.cookie_suffix();
    let mut cookies = Vec::new();
    for c in [
        format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{suffix}",
            crate::SESSION_COOKIE,
            chibo_app::auth::SESSION_SECONDS
        ),
        format!(
            "{}={locale}; Path=/; Max-Age=31536000; SameSite=Lax{suffix}",
            crate::LANG_COOKIE
        ),
    ] {
        cookies.push(HeaderValue::from_str(&c).map_err(|e| WebError::Internal(e.to_string()))?);
    }
    Ok(cookies)
}

#[utoipa::path(
    post,
    path = "/logout",
    summary = "Log out",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn logout(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Response, WebError> {
    if let Some(u) = &ctx.user {
        chibo_app::auth::end_session(&state.store, &ctx.actor(), &u.token_hash).await?;
    }
    let mut response = see_other("/login");
    let expire = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        crate::SESSION_COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&expire) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(response.into_response())
}
