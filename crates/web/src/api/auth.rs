//! API login: the session cookie is the same as for pages; the CSRF token comes back in the
//! body and must be sent as `X-CSRF-Token` on every write.

use crate::routes::{access, Scope as S};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use chibo_domain::access::Capability as C;
use serde::Deserialize;

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginBody {
    login: String,
    password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/login",
    summary = "Log in; returns the CSRF token for later writes",
    tag = "session", request_body = LoginBody, responses((status = 200, description = "Logged in; the session cookie is set and the body carries `csrf`")),
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn login(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Response, WebError> {
    let client = ctx.client.clone();
    let user =
        chibo_app::auth::login(&state.store, &body.login, &body.password, &client, ctx.now).await?;
    let cookies = crate::pages::auth::start_session(&state, &user, &client, ctx.now).await?;
    // Read back the session's CSRF token to hand it to the client.
    let token = cookies
        .first()
        .and_then(|c| c.to_str().ok())
        .and_then(|c| c.split(';').next())
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let session = state
        .store
        .session(&chibo_app::auth::token_hash(&token), ctx.now)
        .await?
        .ok_or_else(|| WebError::Internal("session vanished".into()))?;
    let mut response = Json(serde_json::json!({
        "user": {"id": user.id, "login": user.login, "roles": user.roles, "person": user.person},
        "csrf_token": session.csrf_token,
        "expires_at": session.expires_at,
    }))
    .into_response();
    for c in cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    Ok(response)
}

#[utoipa::path(
    post,
    path = "/api/v1/logout",
    summary = "Log out",
    tag = "session", responses((status = 200, description = "Logged out")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn logout(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Json<serde_json::Value>, WebError> {
    if let Some(u) = &ctx.user {
        chibo_app::auth::end_session(&state.store, &ctx.actor(), &u.token_hash).await?;
    }
    Ok(Json(serde_json::json!({"ok": true})))
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    summary = "The logged-in user and their roles",
    tag = "session", responses((status = 200, description = "The user, their person and roles")),
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn me(Extension(ctx): Extension<Ctx>) -> Result<Json<serde_json::Value>, WebError> {
    let u = ctx.user.as_ref().ok_or(WebError::Unauthenticated)?;
    Ok(Json(serde_json::json!({
        "id": u.record.id,
        "login": u.record.login,
        "person": u.record.person,
        "display_name": u.display_name,
        "system_roles": u.subject.system_roles,
        "party_roles": u.subject.party_roles.iter().map(|(o, r)| serde_json::json!({"org": o, "role": r})).collect::<Vec<_>>(),
        "home_cell": u.subject.home_cell,
        "locale": u.record.locale,
        "csrf_token": ctx.csrf,
    })))
}
