//! Setting up practice (issue 13, TRN-01): a committee's staff create a course (choosing the
//! version of the meeting guidance it practises), its classes, their practice groups (each
//! with a sandbox cell of generated members) and the people taking part; a group's learners
//! and the class's trainers plan the group's mock meetings. The route table decides who may
//! (`ManageTraining` at the owning committee, `PlanMockMeetings` in the group); these use
//! cases check the input and the links between the records.

use chibo_domain::ruleset::MeetingKind;
use chibo_domain::training::setup::{self, SetupError};
use chibo_domain::{MeetingId, OrgId};
use chibo_store::{Actor, ParticipantRole, Store};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{AppError, FieldError};
use crate::input::{clean, Parser};

impl From<SetupError> for AppError {
    fn from(e: SetupError) -> Self {
        AppError::Invalid(vec![FieldError::new(e.field(), e.code())])
    }
}

/// A course as typed: its title, the version of the meeting guidance it practises (its
/// code, e.g. "HD 12/2018") and, optionally, the day its meetings are dated (VER-01).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CourseInput {
    pub title: Option<String>,
    pub guidance: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2020-08-20")))]
    pub date: Option<String>,
}

/// A class as typed: its title and the day it is held.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClassInput {
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2020-08-20")))]
    pub held_on: Option<String>,
}

/// A practice group as typed: its name and the size of its sandbox cell.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct GroupInput {
    pub name: Option<String>,
    pub size: Option<String>,
}

/// Someone taking part in a group: the group, the role (`learner`, `trainer`, `guest`), the
/// name shown, and optionally the login that acts as them (learners chair with it).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ParticipantInput {
    pub group: Option<String>,
    pub role: Option<String>,
    pub full_name: Option<String>,
    pub login: Option<String>,
}

/// A mock meeting a learner plans: the kind, the guidance it practises (default: the
/// course's) and optionally its date (default: the course's practice date if that version
/// governs it, else today, else the version's last day).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MockInput {
    pub kind: Option<String>,
    pub guidance: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2020-08-20")))]
    pub date: Option<String>,
}

/// The default size of a group's sandbox cell: a village cell.
pub const DEFAULT_GROUP_SIZE: usize = 15;

fn invalid(errors: Vec<FieldError>) -> AppError {
    AppError::Invalid(errors)
}

/// The practice date of a guidance choice, the parse errors of the form added to `p`.
async fn practice_date(
    store: &Store,
    p: &mut Parser,
    guidance: &Option<String>,
    date: &Option<String>,
    preferred: &[Date],
) -> Result<Option<Date>, AppError> {
    let date = p.opt_date("date", date);
    let Some(guidance) = p.required_text("guidance", guidance) else {
        return Ok(None);
    };
    if !p.errors.is_empty() {
        return Ok(None);
    }
    let catalogue = crate::rules::catalogue(store).await?;
    match setup::practice_date(&catalogue, &guidance, date, preferred) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            p.errors.push(FieldError::new(e.field(), e.code()));
            Ok(None)
        }
    }
}

/// TRN-01: a course of committee `owner`, practising the guidance chosen.
pub async fn create_course(
    store: &Store,
    actor: &Actor,
    owner: OrgId,
    input: &CourseInput,
) -> Result<i64, AppError> {
    let today = actor.today();
    let tree = store.org_tree().await?;
    let kind = tree
        .version_on(owner, today)
        .ok_or(AppError::NotFound("org"))?
        .kind;
    setup::check_owner(kind)?;
    let mut p = Parser::default();
    let title = p.name("title", &input.title);
    let date = practice_date(store, &mut p, &input.guidance, &input.date, &[today]).await?;
    let (title, date) = p.finish(title.zip(date)).map_err(invalid)?;
    let mut w = store.write(actor).await?;
    let id = w
        .training()
        .create_course(owner, title.as_str(), date)
        .await?;
    w.commit().await?;
    Ok(id)
}

/// TRN-01: a class of course `course`.
pub async fn create_class(
    store: &Store,
    actor: &Actor,
    course: i64,
    input: &ClassInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let title = p.name("title", &input.title);
    let held_on = p.date("held_on", &input.held_on);
    let (title, held_on) = p.finish(title.zip(held_on)).map_err(invalid)?;
    let mut w = store.write(actor).await?;
    let id = w
        .training()
        .create_class(course, title.as_str(), held_on)
        .await?;
    w.commit().await?;
    Ok(id)
}

/// TRN-01: a practice group of class `class`, with its sandbox cell of `size` generated
/// members (default [`DEFAULT_GROUP_SIZE`]). Returns the group.
pub async fn create_group(
    store: &Store,
    actor: &Actor,
    class: i64,
    input: &GroupInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let name = p.name("name", &input.name);
    let size = match clean(&input.size) {
        None => Some(DEFAULT_GROUP_SIZE),
        Some(raw) => match raw
            .parse::<i64>()
            .map_err(|_| SetupError::GroupSize)
            .and_then(setup::group_size)
        {
            Ok(n) => Some(n),
            Err(e) => {
                p.errors.push(FieldError::new(e.field(), e.code()));
                None
            }
        },
    };
    let (name, size) = p.finish(name.zip(size)).map_err(invalid)?;
    let mut w = store.write(actor).await?;
    let (id, _) = w
        .training()
        .create_group(class, name.as_str(), size)
        .await?;
    w.commit().await?;
    Ok(id)
}

/// TRN-01: someone taking part in a group of class `class`. A login given must exist and
/// not already take part in that group; with no name typed, the login's name is shown.
pub async fn add_participant(
    store: &Store,
    actor: &Actor,
    class: i64,
    input: &ParticipantInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let group = p.opt_id("group", &input.group);
    if clean(&input.group).is_none() {
        p.errors.push(FieldError::new("group", "required"));
    }
    let role = p.code("role", &input.role, ParticipantRole::from_code);
    let record = store
        .training_class(class)
        .await?
        .ok_or(AppError::NotFound("training_class"))?;
    let found = group.and_then(|g| record.groups.iter().find(|x| x.id == g));
    if group.is_some() && found.is_none() {
        p.errors.push(FieldError::new("group", "unknown_value"));
    }
    let mut user = None;
    let mut shown = clean(&input.full_name);
    if let Some(login) = clean(&input.login) {
        match store.user_by_login(&login).await? {
            Some(u) if !u.disabled => {
                if found.is_some_and(|g| g.participants.iter().any(|x| x.user == Some(u.id.0))) {
                    p.errors
                        .push(FieldError::new("login", "training_already_in_group"));
                }
                if shown.is_none() {
                    shown = Some(u.shown_name(None));
                }
                user = Some(u.id.0);
            }
            _ => p.errors.push(FieldError::new("login", "unknown_login")),
        }
    }
    let name = p.name("full_name", &shown);
    let (group, (role, name)) = p
        .finish(found.map(|g| g.id).zip(role.zip(name)))
        .map_err(invalid)?;
    let mut w = store.write(actor).await?;
    let id = w
        .training()
        .add_participant(group, role, name.as_str(), user)
        .await?;
    w.commit().await?;
    Ok(id)
}

/// TRN-01: a mock meeting of group `group`, planned for a learner to chair on the live
/// screen, dated inside the guidance it practises (VER-01) whatever day it is held.
pub async fn plan_meeting(
    store: &Store,
    actor: &Actor,
    group: i64,
    input: &MockInput,
) -> Result<MeetingId, AppError> {
    let (class, cell) = store
        .training_group(group)
        .await?
        .ok_or(AppError::NotFound("training_group"))?;
    let record = store
        .training_class(class)
        .await?
        .ok_or(AppError::NotFound("training_class"))?;
    let course_date = record.course.practice_date;
    let mut p = Parser::default();
    // The kinds the review and the comparison know (TRN-01).
    let kind = p.code("kind", &input.kind, |c| {
        MeetingKind::from_code(c)
            .filter(|k| matches!(k, MeetingKind::Regular | MeetingKind::Thematic))
    });
    // The course's guidance unless another is chosen.
    let guidance = match clean(&input.guidance) {
        Some(g) => Some(g),
        None => {
            let catalogue = crate::rules::catalogue(store).await?;
            catalogue
                .version_on(chibo_domain::ruleset::Area::MeetingGuidance, course_date)
                .ok()
                .map(|v| v.code.clone())
        }
    };
    let date = practice_date(
        store,
        &mut p,
        &guidance,
        &input.date,
        &[course_date, actor.today()],
    )
    .await?;
    let (kind, date) = p.finish(kind.zip(date)).map_err(invalid)?;
    crate::training::plan_mock(store, actor, cell, date, kind).await
}
