//! The situation bank page of a committee (issue 13, TRN-02): the situations its trainers
//! wrote and those of the committees above it, the builtin ones, and for its staff the
//! form "Viết tình huống" and a button to withdraw each of their own. Works without
//! JavaScript; a refused form comes back (422) with its messages and what was typed.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use chibo_app::training_bank::{split_rules, SituationInput};
use chibo_domain::access::Capability as C;
use chibo_domain::org::{OrgKind, OrgTree};
use chibo_domain::ruleset::MeetingKind;
use chibo_domain::OrgId;

use super::{render, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::AppState;

/// The meeting kinds a trainer may tie a situation to.
const KINDS: [MeetingKind; 4] = [
    MeetingKind::Regular,
    MeetingKind::Thematic,
    MeetingKind::Combined,
    MeetingKind::Extraordinary,
];

/// One trainer's situation on the page.
pub struct BankRow {
    pub code: String,
    pub title: String,
    pub setting: String,
    pub expected: String,
    pub rules: Vec<String>,
    pub step: String,
    pub kinds: String,
    pub author: String,
    pub owner: String,
    pub retired: bool,
    pub own: bool,
}

/// What a refused form typed, and its messages.
#[derive(Default)]
pub struct Kept {
    pub code: String,
    pub title_vi: String,
    pub setting_vi: String,
    pub expected_vi: String,
    pub rules: String,
    pub step: String,
    pub kinds: Vec<String>,
    pub errors: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "training_bank.html")]
struct BankPage {
    l: Layout,
    id: i64,
    name: String,
    may_manage: bool,
    written: Vec<BankRow>,
    builtin: Vec<(String, String)>,
    /// `(code, label, checked)`.
    kinds: Vec<(&'static str, &'static str, bool)>,
    kept: Kept,
}

impl BankPage {
    /// The message of a rejected field, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.kept
            .errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn name_of(tree: &OrgTree, org: OrgId) -> String {
    tree.history(org)
        .last()
        .map(|v| v.name.to_string())
        .unwrap_or_default()
}

async fn bank_render(
    state: &AppState,
    ctx: &Ctx,
    org: OrgId,
    kept: Kept,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let tree = state.store.org_tree().await?;
    if tree.history(org).is_empty() {
        return Err(WebError::NotFound);
    }
    let may_manage = crate::routes::may(ctx, &tree, C::ManageTraining, Some(org));
    let kind_label = |k: MeetingKind| t.value(&format!("meeting_{}", k.code()));
    let mut written = Vec::new();
    let mut builtin = Vec::new();
    for e in chibo_app::training_bank::bank(&state.store, org).await? {
        let s = e.situation;
        match e.owner {
            None => builtin.push((s.code, s.title_vi)),
            Some(owner) => written.push(BankRow {
                kinds: if s.kinds.is_empty() {
                    t.value("trn_bank_any_kind").to_string()
                } else {
                    s.kinds
                        .iter()
                        .map(|k| kind_label(*k))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                code: s.code,
                title: s.title_vi,
                setting: s.setting_vi,
                expected: s.expected_vi,
                rules: s.rules,
                step: s.step.unwrap_or_default(),
                author: e.author.unwrap_or_default(),
                owner: name_of(&tree, owner),
                retired: e.retired,
                own: owner == org,
            }),
        }
    }
    let failed = !kept.errors.is_empty();
    let mut response = render(&BankPage {
        l: Layout::new(
            ctx,
            format!("{} — {}", t.value("trn_bank_title"), name_of(&tree, org)),
        ),
        id: org.0,
        name: name_of(&tree, org),
        may_manage,
        written,
        builtin,
        kinds: KINDS
            .into_iter()
            .map(|k| {
                (
                    k.code(),
                    kind_label(k),
                    kept.kinds.iter().any(|c| c == k.code()),
                )
            })
            .collect(),
        kept,
    })?;
    if failed {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/training/situations",
    summary = "A committee's situation bank: its trainers' situations, those of the committees above it and the builtin ones; for its staff the form to write one and the buttons to withdraw (TRN-02)",
    extensions(("x-access" = json!(access(C::ViewTraining, S::Org))))
)]
pub async fn bank_page(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    bank_render(&state, &ctx, OrgId(id), Kept::default()).await
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/training/situations",
    summary = "Write a situation into the committee's bank from its page (TRN-02)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn write_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = crate::forms::pairs(&body)?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let kinds: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "kinds" && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let input = SituationInput {
        code: value("code"),
        title_vi: value("title_vi"),
        setting_vi: value("setting_vi"),
        expected_vi: value("expected_vi"),
        rules: split_rules(&value("rules")),
        step: value("step"),
        kinds: kinds.clone(),
    };
    let author = crate::api::training::author(&ctx);
    match chibo_app::training_bank::write(&state.store, &ctx.actor(), OrgId(id), &input, &author)
        .await
    {
        Ok(s) => Ok(super::see_other(&format!(
            "/orgs/{id}/training/situations#s-{}",
            s.code
        ))),
        Err(e) => {
            let kept = Kept {
                errors: crate::forms::refused_messages(ctx.t, e)?,
                code: input.code,
                title_vi: input.title_vi,
                setting_vi: input.setting_vi,
                expected_vi: input.expected_vi,
                rules: value("rules"),
                step: input.step,
                kinds,
            };
            bank_render(&state, &ctx, OrgId(id), kept).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct WithdrawForm {
    pub code: String,
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/training/situations/withdrawals",
    summary = "Withdraw one of the committee's situations from its page (TRN-02)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn withdraw_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    axum::Form(f): axum::Form<WithdrawForm>,
) -> Result<Response, WebError> {
    match chibo_app::training_bank::withdraw(&state.store, &ctx.actor(), OrgId(id), &f.code).await {
        Ok(()) => Ok(super::see_other(&format!(
            "/orgs/{id}/training/situations#s-{}",
            f.code.trim()
        ))),
        Err(e) => {
            let kept = Kept {
                errors: crate::forms::refused_messages(ctx.t, e)?,
                ..Default::default()
            };
            bank_render(&state, &ctx, OrgId(id), kept).await
        }
    }
}

/// The committees whose bank the user may open, for links from the training pages: the
/// committees where they hold a role and those owning a course, in force today and not
/// cells, as `(id, name)`.
pub async fn banks_for(state: &AppState, ctx: &Ctx) -> Result<Vec<(i64, String)>, WebError> {
    let Some(user) = ctx.user.as_ref() else {
        return Ok(Vec::new());
    };
    let tree = state.store.org_tree().await?;
    let mut candidates: Vec<OrgId> = user
        .subject
        .system_roles
        .iter()
        .filter_map(|r| match r {
            chibo_domain::access::SystemRole::Staff { org } => Some(*org),
            chibo_domain::access::SystemRole::Admin => None,
        })
        .collect();
    candidates.extend(user.subject.party_roles.iter().map(|(o, _)| *o));
    candidates.extend(
        state
            .store
            .all_training_courses()
            .await?
            .into_iter()
            .map(|c| c.owner),
    );
    let mut out: Vec<(i64, String)> = Vec::new();
    for org in candidates {
        let Some(v) = tree.version_on(org, ctx.today) else {
            continue;
        };
        if matches!(v.kind, OrgKind::Cell)
            || out.iter().any(|(o, _)| *o == org.0)
            || !crate::routes::may_get(ctx, &tree, "/orgs/{id}/training/situations", Some(org))
        {
            continue;
        }
        out.push((org.0, v.name.to_string()));
    }
    Ok(out)
}
