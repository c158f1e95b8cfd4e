//! The situation bank written by trainers (issue 13, TRN-02): a committee's bank (the
//! builtin situations, its own and those of the committees above it) is read with
//! `ViewTraining` there; its staff write and withdraw situations with `ManageTraining`.

use crate::routes::{access, Scope as S};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use chibo_app::training_bank::{BankEntry, SituationInput};
use chibo_domain::access::Capability as C;
use chibo_domain::training::Situation;
use chibo_domain::OrgId;
use serde::Deserialize;
use utoipa::ToSchema;

use super::ApiJson;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}/training/situations",
    summary = "A committee's situation bank: the builtin situations (`owner` null), its own (withdrawn ones with `retired`) and those in force of the committees above it (TRN-02)",
    tag = "training",
    params(("id" = i64, Path, description = "The committee")),
    responses((status = 200, description = "The bank")),
    extensions(("x-access" = json!(access(C::ViewTraining, S::Org))))
)]
pub async fn bank(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<BankEntry>>, WebError> {
    Ok(Json(
        chibo_app::training_bank::bank(&state.store, OrgId(id)).await?,
    ))
}

/// A situation a trainer writes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SituationBody {
    /// 2 to 16 letters, digits, `-` or `_`; unique in the committee, never a builtin code.
    pub code: String,
    pub title_vi: String,
    /// What happens in the room.
    pub setting_vi: String,
    /// What the chair should do, and why.
    pub expected_vi: String,
    /// The rules involved, at least one ("MTG-ATT-03").
    pub rules: Vec<String>,
    /// The agenda step where it fits best ("M5"), if any.
    pub step: Option<String>,
    /// Meeting kind codes it fits ("regular", "thematic"…); empty: any kind.
    pub kinds: Vec<String>,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/training/situations",
    summary = "Write a situation into a committee's bank, with the expected handling and the rules involved; its trainers then inject it into the mock meetings of its courses and of the courses of the committees under it (TRN-02)",
    tag = "training",
    params(("id" = i64, Path, description = "The committee")),
    request_body = SituationBody,
    responses((status = 201, description = "Written: the situation"), (status = 422, description = "`required`, `situation_malformed_code`, `situation_code_taken` on `code`; `required`, `practice_too_long` on `title_vi`, `setting_vi`, `expected_vi`; `situation_without_rule`, `situation_malformed_rule`, `situation_unknown_rule` on `rules`; `malformed` on `kinds`, `step`")),
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn write(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SituationBody>,
) -> Result<(axum::http::StatusCode, Json<Situation>), WebError> {
    let input = SituationInput {
        code: body.code,
        title_vi: body.title_vi,
        setting_vi: body.setting_vi,
        expected_vi: body.expected_vi,
        rules: body.rules,
        step: body.step.unwrap_or_default(),
        kinds: body.kinds,
    };
    let situation = chibo_app::training_bank::write(
        &state.store,
        &ctx.actor(),
        OrgId(id),
        &input,
        &crate::api::training::author(&ctx),
    )
    .await?;
    Ok((axum::http::StatusCode::CREATED, Json(situation)))
}

/// The situation to withdraw.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct WithdrawBody {
    /// Its code in the committee's bank.
    pub code: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/training/situations/withdrawals",
    summary = "Withdraw a situation the committee wrote: no longer injected; it stays readable and injections already made keep their copy (TRN-02)",
    tag = "training",
    params(("id" = i64, Path, description = "The committee")),
    request_body = WithdrawBody,
    responses((status = 204, description = "Withdrawn"), (status = 422, description = "`situation_unknown` on `situation`: the committee has no such situation in force")),
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<WithdrawBody>,
) -> Result<axum::http::StatusCode, WebError> {
    chibo_app::training_bank::withdraw(&state.store, &ctx.actor(), OrgId(id), &body.code).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
