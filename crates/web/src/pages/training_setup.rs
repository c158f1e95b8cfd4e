//! Setting up practice in the browser (issue 13, TRN-01): a committee's training page (its
//! courses and their classes), and the forms creating a course (choosing the version of the
//! meeting guidance it practises), a class, a practice group, a participant, and a group's
//! next mock meeting. Every form is the shell's generic form: refused input comes back with
//! status 422, the messages in Vietnamese and everything typed kept.

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::training_setup::{ClassInput, CourseInput, GroupInput, MockInput, ParticipantInput};
use chibo_app::AppError;
use chibo_domain::access::Capability as C;
use chibo_domain::training::setup::guidances;
use chibo_domain::OrgId;
use chibo_store::ParticipantRole;

use super::{can, render, see_other, FormPage, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::AppState;

/// A form of this module with its heading, action and way back.
fn form(
    ctx: &Ctx,
    heading: &'static str,
    subheading: String,
    action: String,
    back: String,
    fields: Vec<Field>,
) -> FormPage {
    FormPage {
        l: Layout::new(ctx, heading).practice(true),
        heading: heading.to_string(),
        subheading: Some(subheading),
        action,
        fields,
        summary: Vec::new(),
        submit: ctx.t.common.save,
        cancel_url: back,
    }
}

/// A field labelled by a training catalogue entry (the shell's field names mean other
/// things elsewhere: "title" is a document's summary there).
fn labelled(ctx: &Ctx, field: Field, label: &str) -> Field {
    Field {
        label: ctx.t.value(label),
        ..field
    }
}

/// The result of a form's use case: on success where to go, on refused input the form again.
fn answer<T>(
    result: Result<T, AppError>,
    page: FormPage,
    to: impl FnOnce(T) -> String,
) -> Result<Response, WebError> {
    match result {
        Ok(v) => Ok(see_other(&to(v))),
        Err(AppError::Invalid(errors)) => page.respond(&errors),
        Err(e) => Err(e.into()),
    }
}

/// The versions of the meeting guidance a course or a mock meeting may practise, each with
/// the day it took effect: `(code, "HD 12/2018 — từ 02/10/2018")`.
async fn guidance_choices(state: &AppState, ctx: &Ctx) -> Result<Vec<(String, String)>, WebError> {
    let catalogue = chibo_app::rules::catalogue(&state.store).await?;
    Ok(guidances(&catalogue)
        .into_iter()
        .rev()
        .map(|(code, _, from)| {
            let label = format!("{code} — {} {}", ctx.t.value("trn_from"), ctx.t.date(&from));
            (code, label)
        })
        .collect())
}

/// The name of organisation `org` today, for the forms' subheadings.
async fn org_name(state: &AppState, ctx: &Ctx, org: OrgId) -> Result<String, WebError> {
    let tree = state.store.org_tree().await?;
    tree.version_on(org, ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)
}

pub struct CourseRow {
    pub id: i64,
    pub title: String,
    pub guidance: String,
    pub practice_date: String,
    /// `(id, title, held on)`.
    pub classes: Vec<(i64, String, String)>,
}

#[derive(Template)]
#[template(path = "training_org.html")]
struct OrgTrainingPage {
    l: Layout,
    id: i64,
    name: String,
    courses: Vec<CourseRow>,
    may_manage: bool,
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/training",
    summary = "A committee's training: its practice courses (with the guidance each practises) and their classes, with the forms to create them (TRN-01)",
    extensions(("x-access" = json!(access(C::ViewTraining, S::Org))))
)]
pub async fn org_page(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let tree = state.store.org_tree().await?;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .ok_or(WebError::NotFound)?;
    let catalogue = chibo_app::rules::catalogue(&state.store).await?;
    // Its own courses, and those of committees since dissolved that passed to it (a
    // district's classes of 2020 stand under the province after 2025, ORG-01).
    let mut own = Vec::new();
    for c in state.store.all_training_courses().await? {
        if c.owner.0 == id
            || crate::routes::standing_owner(&state, c.owner, ctx.today)
                .await?
                .0
                == id
        {
            own.push(c);
        }
    }
    let mut courses = Vec::new();
    for c in own {
        let guidance = catalogue
            .version_on(
                chibo_domain::ruleset::Area::MeetingGuidance,
                c.practice_date,
            )
            .map(|v| v.code.clone())
            .unwrap_or_default();
        let classes = state
            .store
            .training_classes(c.id)
            .await?
            .into_iter()
            .map(|(id, title, held_on)| (id, title, t.date(&held_on)))
            .collect();
        courses.push(CourseRow {
            id: c.id,
            title: c.title,
            guidance,
            practice_date: t.date(&c.practice_date),
            classes,
        });
    }
    let may_manage = can(&ctx, &tree, C::ManageTraining, Some(OrgId(id)));
    render(&OrgTrainingPage {
        l: Layout::new(&ctx, format!("{} · {name}", t.value("trn_courses"))),
        id,
        name,
        courses,
        may_manage,
    })
}

async fn course_form(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &CourseInput,
) -> Result<FormPage, WebError> {
    let t = ctx.t;
    let choices = guidance_choices(state, ctx).await?;
    let fields = vec![
        labelled(
            ctx,
            Field::text(t, "title", &input.title).required(),
            "trn_f_course_title",
        ),
        labelled(
            ctx,
            Field::select_pairs(t, "guidance", &input.guidance, choices).required(),
            "trn_f_guidance",
        ),
        labelled(
            ctx,
            Field::date(t, "date", &input.date),
            "trn_f_practice_date",
        ),
    ];
    Ok(form(
        ctx,
        t.value("trn_new_course"),
        format!(
            "{} · {}",
            org_name(state, ctx, OrgId(id)).await?,
            t.value("trn_f_guidance_hint")
        ),
        format!("/orgs/{id}/training/courses/new"),
        format!("/orgs/{id}/training"),
        fields,
    ))
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/training/courses/new",
    summary = "Form: a practice course of this committee (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn course_new(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    // Today's guidance is the usual choice.
    let catalogue = chibo_app::rules::catalogue(&state.store).await?;
    let input = CourseInput {
        guidance: catalogue
            .version_on(chibo_domain::ruleset::Area::MeetingGuidance, ctx.today)
            .ok()
            .map(|v| v.code.clone()),
        ..Default::default()
    };
    course_form(&state, &ctx, id, &input).await?.respond(&[])
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/training/courses/new",
    summary = "Create a practice course of this committee (TRN-01, VER-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::Org))))
)]
pub async fn course_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<CourseInput>,
) -> Result<Response, WebError> {
    let result =
        chibo_app::training_setup::create_course(&state.store, &ctx.actor(), OrgId(id), &input)
            .await;
    let page = course_form(&state, &ctx, id, &input).await?;
    answer(result, page, |_| format!("/orgs/{id}/training"))
}

async fn class_form(
    state: &AppState,
    ctx: &Ctx,
    course: i64,
    input: &ClassInput,
) -> Result<FormPage, WebError> {
    let t = ctx.t;
    let c = state
        .store
        .training_course(course)
        .await?
        .ok_or(WebError::NotFound)?;
    let fields = vec![
        labelled(
            ctx,
            Field::text(t, "title", &input.title).required(),
            "trn_f_class_title",
        ),
        labelled(
            ctx,
            Field::date(t, "held_on", &input.held_on).required(),
            "trn_held_on",
        ),
    ];
    Ok(form(
        ctx,
        t.value("trn_new_class"),
        c.title,
        format!("/training/courses/{course}/classes/new"),
        format!("/orgs/{}/training", c.owner.0),
        fields,
    ))
}

#[utoipa::path(
    get,
    path = "/training/courses/{id}/classes/new",
    summary = "Form: a class of a practice course (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingCourse))))
)]
pub async fn class_new(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let input = ClassInput {
        held_on: Some(ctx.t.date(&ctx.today)),
        ..Default::default()
    };
    class_form(&state, &ctx, id, &input).await?.respond(&[])
}

#[utoipa::path(
    post,
    path = "/training/courses/{id}/classes/new",
    summary = "Create a class of a practice course (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingCourse))))
)]
pub async fn class_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<ClassInput>,
) -> Result<Response, WebError> {
    let result =
        chibo_app::training_setup::create_class(&state.store, &ctx.actor(), id, &input).await;
    let page = class_form(&state, &ctx, id, &input).await?;
    answer(result, page, |class| format!("/training/classes/{class}"))
}

async fn class_record(state: &AppState, class: i64) -> Result<chibo_store::ClassRecord, WebError> {
    state
        .store
        .training_class(class)
        .await?
        .ok_or(WebError::NotFound)
}

async fn group_form(
    state: &AppState,
    ctx: &Ctx,
    class: i64,
    input: &GroupInput,
) -> Result<FormPage, WebError> {
    let t = ctx.t;
    let record = class_record(state, class).await?;
    let fields = vec![
        labelled(
            ctx,
            Field::text(t, "name", &input.name).required(),
            "trn_f_group_name",
        ),
        labelled(
            ctx,
            Field::text(t, "size", &input.size).numeric(),
            "trn_f_group_size",
        ),
    ];
    Ok(form(
        ctx,
        t.value("trn_new_group"),
        format!("{} · {}", record.title, t.value("trn_f_group_size_hint")),
        format!("/training/classes/{class}/groups/new"),
        format!("/training/classes/{class}"),
        fields,
    ))
}

#[utoipa::path(
    get,
    path = "/training/classes/{id}/groups/new",
    summary = "Form: a practice group of the class, with its sandbox cell (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingClass))))
)]
pub async fn group_new(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let record = class_record(&state, id).await?;
    let input = GroupInput {
        name: Some(format!("Tổ {}", record.groups.len() + 1)),
        size: Some(chibo_app::training_setup::DEFAULT_GROUP_SIZE.to_string()),
    };
    group_form(&state, &ctx, id, &input).await?.respond(&[])
}

#[utoipa::path(
    post,
    path = "/training/classes/{id}/groups/new",
    summary = "Create a practice group of the class and its sandbox cell of generated members (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingClass))))
)]
pub async fn group_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<GroupInput>,
) -> Result<Response, WebError> {
    let result =
        chibo_app::training_setup::create_group(&state.store, &ctx.actor(), id, &input).await;
    let page = group_form(&state, &ctx, id, &input).await?;
    answer(result, page, |_| format!("/training/classes/{id}#groups"))
}

async fn participant_form(
    state: &AppState,
    ctx: &Ctx,
    class: i64,
    input: &ParticipantInput,
) -> Result<FormPage, WebError> {
    let t = ctx.t;
    let record = class_record(state, class).await?;
    let groups = record
        .groups
        .iter()
        .map(|g| (g.id.to_string(), g.name.clone()))
        .collect();
    let roles = ParticipantRole::ALL
        .iter()
        .map(|r| {
            let key = match r {
                ParticipantRole::Learner => "trn_learners",
                ParticipantRole::Trainer => "trn_trainers",
                ParticipantRole::Guest => "trn_guests",
            };
            (r.code().to_string(), t.value(key).to_string())
        })
        .collect();
    let fields = vec![
        labelled(
            ctx,
            Field::select_pairs(t, "group", &input.group, groups).required(),
            "trn_group",
        ),
        labelled(
            ctx,
            Field::select_pairs(t, "role", &input.role, roles).required(),
            "trn_f_role",
        ),
        labelled(
            ctx,
            Field::text(t, "full_name", &input.full_name),
            "trn_f_full_name",
        )
        .with_hint(t.value("trn_f_full_name_hint")),
        labelled(ctx, Field::text(t, "login", &input.login), "trn_f_login")
            .with_hint(t.value("trn_f_login_hint")),
    ];
    Ok(form(
        ctx,
        t.value("trn_new_participant"),
        record.title,
        format!("/training/classes/{class}/participants/new"),
        format!("/training/classes/{class}"),
        fields,
    ))
}

#[utoipa::path(
    get,
    path = "/training/classes/{id}/participants/new",
    summary = "Form: someone taking part in a group of the class (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingClass))))
)]
pub async fn participant_new(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    // The group created last is the usual one to fill.
    let record = class_record(&state, id).await?;
    let input = ParticipantInput {
        group: record.groups.last().map(|g| g.id.to_string()),
        role: Some(ParticipantRole::Learner.code().to_string()),
        ..Default::default()
    };
    participant_form(&state, &ctx, id, &input)
        .await?
        .respond(&[])
}

#[utoipa::path(
    post,
    path = "/training/classes/{id}/participants/new",
    summary = "Add someone to a group of the class: learner, trainer or guest, optionally with a login (TRN-01)",
    extensions(("x-access" = json!(access(C::ManageTraining, S::TrainingClass))))
)]
pub async fn participant_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<ParticipantInput>,
) -> Result<Response, WebError> {
    let result =
        chibo_app::training_setup::add_participant(&state.store, &ctx.actor(), id, &input).await;
    let page = participant_form(&state, &ctx, id, &input).await?;
    answer(result, page, |_| format!("/training/classes/{id}#groups"))
}

async fn mock_form(
    state: &AppState,
    ctx: &Ctx,
    group: i64,
    input: &MockInput,
) -> Result<FormPage, WebError> {
    let t = ctx.t;
    let (class, _) = state
        .store
        .training_group(group)
        .await?
        .ok_or(WebError::NotFound)?;
    let record = class_record(state, class).await?;
    let name = record
        .groups
        .iter()
        .find(|g| g.id == group)
        .map(|g| g.name.clone())
        .unwrap_or_default();
    let kinds = [
        chibo_domain::ruleset::MeetingKind::Regular,
        chibo_domain::ruleset::MeetingKind::Thematic,
    ]
    .into_iter()
    .map(|k| {
        (
            k.code().to_string(),
            t.value(&format!("meeting_{}", k.code())).to_string(),
        )
    })
    .collect();
    let fields = vec![
        labelled(
            ctx,
            Field::select_pairs(t, "kind", &input.kind, kinds).required(),
            "trn_kind",
        ),
        labelled(
            ctx,
            Field::select_pairs(
                t,
                "guidance",
                &input.guidance,
                guidance_choices(state, ctx).await?,
            ),
            "trn_f_guidance",
        ),
        labelled(
            ctx,
            Field::date(t, "date", &input.date),
            "trn_f_practice_date",
        ),
    ];
    Ok(form(
        ctx,
        t.value("trn_new_mock"),
        format!(
            "{name} · {} · {}",
            record.title,
            t.value("trn_f_mock_guidance_hint")
        ),
        format!("/training/groups/{group}/meetings/new"),
        "/training".to_string(),
        fields,
    ))
}

#[utoipa::path(
    get,
    path = "/training/groups/{id}/meetings/new",
    summary = "Form: the group's next mock meeting, with the guidance it practises (TRN-01)",
    extensions(("x-access" = json!(access(C::PlanMockMeetings, S::TrainingGroup))))
)]
pub async fn mock_new(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    // The course's guidance is the usual choice.
    let (class, _) = state
        .store
        .training_group(id)
        .await?
        .ok_or(WebError::NotFound)?;
    let practice = class_record(&state, class).await?.course.practice_date;
    let catalogue = chibo_app::rules::catalogue(&state.store).await?;
    let input = MockInput {
        kind: Some(
            chibo_domain::ruleset::MeetingKind::Regular
                .code()
                .to_string(),
        ),
        guidance: catalogue
            .version_on(chibo_domain::ruleset::Area::MeetingGuidance, practice)
            .ok()
            .map(|v| v.code.clone()),
        ..Default::default()
    };
    mock_form(&state, &ctx, id, &input).await?.respond(&[])
}

#[utoipa::path(
    post,
    path = "/training/groups/{id}/meetings/new",
    summary = "Plan the group's next mock meeting and open its live screen (TRN-01, VER-01)",
    extensions(("x-access" = json!(access(C::PlanMockMeetings, S::TrainingGroup))))
)]
pub async fn mock_submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(input): Form<MockInput>,
) -> Result<Response, WebError> {
    let result =
        chibo_app::training_setup::plan_meeting(&state.store, &ctx.actor(), id, &input).await;
    // A learner goes on to chair it; a trainer or the staff to its review page.
    let chair = match &result {
        Ok(m) => {
            let owner = S::MockMeeting
                .resolve(&state, m.0, ctx.today)
                .await?
                .ok_or(WebError::NotFound)?;
            let tree = state.store.org_tree().await?;
            crate::routes::may_at_meeting(&state, &ctx, &tree, C::ManageMeetings, m.0, owner)
                .await?
        }
        Err(_) => false,
    };
    let page = mock_form(&state, &ctx, id, &input).await?;
    answer(result, page, |m| {
        if chair {
            format!("/meetings/{}/live", m.0)
        } else {
            format!("/training/meetings/{}/review", m.0)
        }
    })
}
