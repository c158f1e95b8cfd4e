//! The user's own account: changing the password.

use crate::routes::{access, Scope as S};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::users::PasswordChange;
use chibo_domain::access::Capability as C;
use serde::Deserialize;

use super::{see_other, FormPage, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

fn page(ctx: &Ctx, notice: Option<String>) -> FormPage {
    let t = ctx.t;
    FormPage {
        l: Layout::new(ctx, t.auth.password_title),
        heading: t.auth.password_title.to_string(),
        subheading: notice,
        action: "/account/password".into(),
        fields: vec![
            Field::password(t, "current_password", "current-password").required(),
            Field::password(t, "new_password", "new-password")
                .required()
                .with_hint(t.auth.password_rule),
            Field::password(t, "new_password_repeat", "new-password").required(),
        ],
        summary: Vec::new(),
        submit: t.auth.password_submit,
        cancel_url: "/".into(),
    }
}

#[utoipa::path(
    get,
    path = "/account/password",
    summary = "Form: change one's own password",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn password_form(
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let notice = q.done.map(|_| ctx.t.auth.password_changed.to_string());
    page(&ctx, notice).respond(&[])
}

#[utoipa::path(
    post,
    path = "/account/password",
    summary = "Change one's own password (ends the user's other sessions)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn password_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(change): Form<PasswordChange>,
) -> Result<Response, WebError> {
    let user = ctx.user.clone().ok_or(WebError::Unauthenticated)?;
    match chibo_app::users::change_own_password(&state.store, &ctx.actor(), user.record.id, &change)
        .await
    {
        Ok(()) => {
            // Every session of the user ended with the change; this browser gets a new one.
            let cookies =
                super::auth::start_session(&state, &user.record, &ctx.client, ctx.now).await?;
            let mut response = see_other("/account/password?done=1");
            for c in cookies {
                response.headers_mut().append(header::SET_COOKIE, c);
            }
            Ok(response)
        }
        // The typed passwords are never sent back.
        Err(chibo_app::AppError::Invalid(errors)) => page(&ctx, None).respond(&errors),
        Err(e) => Err(e.into()),
    }
}

// ------------------------------------------------------------------ the calendar feed (issue 9)

#[derive(askama::Template)]
#[template(path = "account_calendar.html")]
struct CalendarPage {
    l: Layout,
    /// The URL just issued: shown this once (only its hash is stored).
    url: Option<String>,
    revoked: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct Revoked {
    pub revoked: Option<String>,
}

#[utoipa::path(
    get,
    path = "/account/calendar",
    summary = "The user's calendar feed: create (or replace) and revoke its private URL",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn calendar_page(
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<Revoked>,
) -> Result<Response, WebError> {
    super::render(&CalendarPage {
        l: Layout::new(&ctx, ctx.t.followup.feed_title),
        url: None,
        revoked: q.revoked.is_some(),
    })
}

#[utoipa::path(
    post,
    path = "/account/calendar",
    summary = "Issue (or replace) the user's calendar feed URL and show it once",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn calendar_issue(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    headers: axum::http::HeaderMap,
) -> Result<Response, WebError> {
    let user = ctx
        .user
        .as_ref()
        .ok_or(WebError::Unauthenticated)?
        .record
        .id;
    let token = chibo_app::ical::issue_feed(&state.store, &ctx.actor(), user).await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let mut response = super::render(&CalendarPage {
        l: Layout::new(&ctx, ctx.t.followup.feed_title),
        url: Some(format!("http://{host}/calendar/feed/{token}")),
        revoked: false,
    })?;
    // The secret is in this page alone: no cache keeps it.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

#[utoipa::path(
    post,
    path = "/account/calendar/revoke",
    summary = "Revoke the user's calendar feed URL",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn calendar_revoke(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Response, WebError> {
    let user = ctx
        .user
        .as_ref()
        .ok_or(WebError::Unauthenticated)?
        .record
        .id;
    chibo_app::ical::revoke_feed(&state.store, &ctx.actor(), user).await?;
    Ok(see_other("/account/calendar?revoked=1"))
}
