//! The rule sets page (VER-01): each area's versions with what they changed and their
//! sources, the agendas of the versions in force on a chosen date, and for administrators a
//! form to add a future version by pasting its JSON.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::rules;
use chibo_app::{AppError, FieldError};
use chibo_domain::access::Capability as C;
use chibo_domain::access::Capability;
use chibo_domain::org::OrgTree;
use chibo_domain::ruleset::{Area, Catalogue, MeetingKind};
use serde::Deserialize;
use time::Duration;

use super::{can, render, see_other, view_date, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Opt;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RulesetsQuery {
    pub date: Option<String>,
    pub area: Option<String>,
    pub saved: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionForm {
    pub area: Option<String>,
    pub effective_from: Option<String>,
    pub version: Option<String>,
}

pub struct VersionRow {
    pub code: String,
    pub title: String,
    pub effective: String,
    pub summary: String,
    pub sources: Vec<String>,
    pub in_force: bool,
}

pub struct AreaBlock {
    pub label: &'static str,
    pub versions: Vec<VersionRow>,
}

pub struct StepRow {
    pub title: String,
    pub guidance: String,
    pub mandatory: bool,
    pub rules: String,
}

pub struct AgendaBlock {
    pub label: &'static str,
    pub steps: Vec<StepRow>,
}

#[derive(Template)]
#[template(path = "rulesets.html")]
struct RulesetsPage {
    l: Layout,
    date: String,
    in_force: Vec<(&'static str, String)>,
    no_rules: Option<&'static str>,
    areas: Vec<AreaBlock>,
    agendas: Vec<AgendaBlock>,
    is_admin: bool,
    area_options: Vec<Opt>,
    area: String,
    effective_from: String,
    version_json: String,
    errors: Vec<String>,
    saved: bool,
}

fn area_key(a: Area) -> String {
    format!("area_{}", a.code())
}

struct FormState {
    area: Area,
    effective_from: String,
    version_json: String,
    errors: Vec<FieldError>,
    saved: bool,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    date: time::Date,
    form: FormState,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let catalogue: Catalogue = rules::catalogue(&state.store).await?;
    let rule_set = catalogue.rules_on(date);
    let areas = Area::ALL
        .into_iter()
        .map(|area| {
            let current = catalogue
                .version_on(area, date)
                .ok()
                .map(|v| v.code.clone());
            AreaBlock {
                label: t.value(&area_key(area)),
                versions: catalogue
                    .timeline(area)
                    .map(|v| VersionRow {
                        code: v.code.clone(),
                        title: v.title_vi.clone(),
                        effective: t.date(&v.effective_from),
                        summary: v.summary_vi.clone(),
                        sources: v.sources.clone(),
                        in_force: current.as_deref() == Some(v.code.as_str()),
                    })
                    .collect(),
            }
        })
        .collect();
    let (in_force, agendas, no_rules) = match &rule_set {
        Ok(rs) => (
            Area::ALL
                .into_iter()
                .map(|a| {
                    // VER-01: a version applied before its own date (2007–2018) says so.
                    let code = rs.version(a).code.clone();
                    let code = if rs.extended_back(a) {
                        format!("{code} {}", t.value("rulesets_extended_back"))
                    } else {
                        code
                    };
                    (t.value(&area_key(a)), code)
                })
                // MTG-QA-06 [L]: the default profile says whether it is central or local.
                .chain(std::iter::once((
                    t.value("quality_profile"),
                    t.value(&format!(
                        "quality_profile_{}",
                        rs.quality_profile().label_code()
                    ))
                    .to_owned(),
                )))
                .collect(),
            MeetingKind::ALL
                .into_iter()
                .map(|kind| AgendaBlock {
                    label: t.value(&format!("meeting_{}", kind.code())),
                    steps: rs
                        .agenda(kind)
                        .iter()
                        .map(|s| StepRow {
                            title: s.title_vi.clone(),
                            guidance: s.guidance_vi.clone(),
                            mandatory: s.mandatory,
                            rules: s.rules.join(", "),
                        })
                        .collect(),
                })
                .collect(),
            None,
        ),
        Err(_) => (
            Vec::new(),
            Vec::new(),
            Some(t.error("before_first_version")),
        ),
    };
    let is_admin = can(ctx, &OrgTree::default(), Capability::ManageRuleSets, None);
    let area_options = Area::ALL
        .into_iter()
        .map(|a| Opt {
            value: a.code().to_string(),
            label: t.value(&area_key(a)).to_string(),
            selected: a == form.area,
        })
        .collect();
    let errors: Vec<String> = form
        .errors
        .iter()
        .map(|e| format!("{}: {}", t.field(&e.field), t.error(e.code)))
        .collect();
    let page = RulesetsPage {
        l: Layout::new(ctx, t.rules.rulesets_title),
        date: t.date(&date),
        in_force,
        no_rules,
        areas,
        agendas,
        is_admin,
        area_options,
        area: form.area.code().to_string(),
        effective_from: form.effective_from,
        version_json: form.version_json,
        errors,
        saved: form.saved,
    };
    let mut response = render(&page)?;
    if !form.errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The JSON of the version of `area` in force today, as the starting point of a new one.
fn current_json(catalogue: &Catalogue, area: Area, today: time::Date) -> String {
    catalogue
        .version_on(area, today)
        .ok()
        .or_else(|| catalogue.timeline(area).last())
        .and_then(|v| serde_json::to_string_pretty(v).ok())
        .unwrap_or_default()
}

/// `GET /rulesets?date=&area=`.
#[utoipa::path(
    get,
    path = "/rulesets",
    summary = "Rule set versions by area and the agendas in force on a date (VER-01)",
    extensions(("x-access" = json!(access(C::Authenticated, S::None))))
)]
pub async fn rulesets(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Query(q): Query<RulesetsQuery>,
) -> Result<Response, WebError> {
    let date = view_date(&ctx, &q.date);
    let area = q
        .area
        .as_deref()
        .and_then(Area::from_code)
        .unwrap_or(Area::MeetingGuidance);
    let catalogue = rules::catalogue(&state.store).await?;
    let tomorrow = ctx.today + Duration::days(1);
    let form = FormState {
        area,
        effective_from: ctx.t.date(&tomorrow),
        version_json: current_json(&catalogue, area, ctx.today),
        errors: Vec::new(),
        saved: q.saved.is_some(),
    };
    page(&state, &ctx, date, form).await
}

/// `POST /rulesets` (administrators, VER-01): adds a future version from pasted JSON; the
/// date field replaces the JSON's `effective_from`. Errors keep what was typed.
#[utoipa::path(
    post,
    path = "/rulesets",
    summary = "Add a future rule version (VER-01)",
    extensions(("x-access" = json!(access(C::ManageRuleSets, S::None))))
)]
pub async fn add_version_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(form): Form<VersionForm>,
) -> Result<Response, WebError> {
    let area = form
        .area
        .as_deref()
        .and_then(Area::from_code)
        .unwrap_or(Area::MeetingGuidance);
    let effective_raw = form.effective_from.clone().unwrap_or_default();
    let text = form.version.clone().unwrap_or_default();
    let mut p = chibo_app::input::Parser::default();
    let effective = p.date("effective_from", &form.effective_from);
    let result = match (p.errors.is_empty(), effective) {
        (true, Some(d)) => match rules::parse_version_text(&text, Some(d)) {
            Ok(v) => rules::add_version(&state.store, &ctx.actor(), &v, ctx.today)
                .await
                .map(|()| v),
            Err(errors) => Err(AppError::Invalid(errors)),
        },
        _ => Err(AppError::Invalid(p.errors)),
    };
    match result {
        Ok(v) => Ok(see_other(&format!(
            "/rulesets?date={}&area={}&saved=1",
            ctx.t.date(&v.effective_from),
            v.area.code()
        ))),
        Err(AppError::Invalid(errors)) => {
            let form = FormState {
                area,
                effective_from: effective_raw,
                version_json: text,
                errors,
                saved: false,
            };
            page(&state, &ctx, ctx.today, form).await
        }
        Err(e) => Err(e.into()),
    }
}
