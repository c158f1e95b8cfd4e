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
