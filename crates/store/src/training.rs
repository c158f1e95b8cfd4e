//! Training mode (issue 13, TRN-01): a committee's courses, their classes and practice
//! groups, and each group's sandbox cell with its fictional members. The sandbox boundary is
//! kept here and in `sandbox.rs`: sandbox cells are created only by this repository, as
//! roots flagged `org.sandbox`, and the real organisation writes refuse to touch them.

use chibo_domain::member::{Member, Placement, PlacementKind, StatusKind, StatusPeriod};
use chibo_domain::org::{CellType, OrgKind, OrgTree, OrgVersion};
use chibo_domain::person::{PersonDraft, Sex};
use chibo_domain::ruleset::add_months;
use chibo_domain::text::Name;
use chibo_domain::training::practice::{check_comment_step, check_injection};
use chibo_domain::training::sandbox::{sample_members, SampleStanding};
use chibo_domain::training::{CommentKind, PracticeError, PracticeText, Situation};
use chibo_domain::{MeetingId, OrgId, Period, PersonId};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;
use time::{Date, Duration, Month};

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_one, q_opt};
use crate::error::StoreError;
use crate::stamp::Stamp;
use crate::uow::UnitOfWork;
use crate::{Result, Store};

/// Who takes part in a practice group (TRN-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipantRole {
    Learner,
    Trainer,
    Guest,
}

impl ParticipantRole {
    pub const ALL: [ParticipantRole; 3] = [Self::Learner, Self::Trainer, Self::Guest];

    pub fn code(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Trainer => "trainer",
            Self::Guest => "guest",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CourseRecord {
    pub id: i64,
    pub owner: OrgId,
    pub title: String,
    /// The date whose rule set the course practises (VER-01), whatever day it is held.
    pub practice_date: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantRecord {
    pub id: i64,
    pub role: ParticipantRole,
    pub full_name: String,
    pub user: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupRecord {
    pub id: i64,
    pub name: String,
    pub sandbox: OrgId,
    pub participants: Vec<ParticipantRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassRecord {
    pub id: i64,
    pub course: CourseRecord,
    pub title: String,
    pub held_on: Date,
    pub groups: Vec<GroupRecord>,
}

#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    owner_org_id: i64,
    title: String,
    practice_date: Date,
}

impl From<CourseRow> for CourseRecord {
    fn from(r: CourseRow) -> Self {
        Self {
            id: r.id,
            owner: OrgId(r.owner_org_id),
            title: r.title,
            practice_date: r.practice_date,
        }
    }
}

impl Store {
    /// The courses a committee owns, newest practice date first.
    pub async fn training_courses(&self, owner: OrgId) -> Result<Vec<CourseRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CourseRow> = q_all!(
            &mut lease.conn(),
            CourseRow,
            "SELECT id, owner_org_id, title, practice_date FROM training_course
             WHERE owner_org_id = $1 ORDER BY practice_date DESC, id",
            owner.0
        )?;
        Ok(rows.into_iter().map(CourseRecord::from).collect())
    }

    /// The classes of a course: `(id, title, held_on)`, in date order.
    pub async fn training_classes(&self, course: i64) -> Result<Vec<(i64, String, Date)>> {
        let mut lease = self.lease().await?;
        Ok(q_all!(
            &mut lease.conn(),
            (i64, String, Date),
            "SELECT id, title, held_on FROM training_class WHERE course_id = $1 ORDER BY held_on, id",
            course
        )?)
    }

    /// A class with its course, groups and participants.
    pub async fn training_class(&self, id: i64) -> Result<Option<ClassRecord>> {
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let Some((course_id, title, held_on)): Option<(i64, String, Date)> = q_opt!(
            conn,
            (i64, String, Date),
            "SELECT course_id, title, held_on FROM training_class WHERE id = $1",
            id
        )?
        else {
            return Ok(None);
        };
        let course: CourseRow = q_one!(
            conn,
            CourseRow,
            "SELECT id, owner_org_id, title, practice_date FROM training_course WHERE id = $1",
            course_id
        )?;
        let groups: Vec<(i64, String, i64)> = q_all!(
            conn,
            (i64, String, i64),
            "SELECT id, name, sandbox_org_id FROM training_group WHERE class_id = $1 ORDER BY id",
            id
        )?;
        let people: Vec<(i64, i64, String, String, Option<i64>)> = q_all!(
            conn,
            (i64, i64, String, String, Option<i64>),
            "SELECT p.id, p.group_id, p.role, p.full_name, p.user_id FROM training_participant p
             JOIN training_group g ON g.id = p.group_id WHERE g.class_id = $1 ORDER BY p.id",
            id
        )?;
        let mut out = Vec::with_capacity(groups.len());
        for (gid, name, sandbox) in groups {
            let participants = people
                .iter()
                .filter(|p| p.1 == gid)
                .map(|(pid, _, role, full_name, user)| {
                    Ok(ParticipantRecord {
                        id: *pid,
                        role: ParticipantRole::from_code(role)
                            .ok_or_else(|| corrupt("training_participant.role", role))?,
                        full_name: full_name.clone(),
                        user: *user,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            out.push(GroupRecord {
                id: gid,
                name,
                sandbox: OrgId(sandbox),
                participants,
            });
        }
        Ok(Some(ClassRecord {
            id,
            course: course.into(),
            title,
            held_on,
            groups: out,
        }))
    }

    /// The practice group whose sandbox cell `org` is: `(group, class, practice date)`.
    pub async fn training_group_of(&self, org: OrgId) -> Result<Option<(i64, i64, Date)>> {
        let mut lease = self.lease().await?;
        Ok(q_opt!(
            &mut lease.conn(),
            (i64, i64, Date),
            "SELECT g.id, g.class_id, c.practice_date FROM training_group g
             JOIN training_class k ON k.id = g.class_id
             JOIN training_course c ON c.id = k.course_id WHERE g.sandbox_org_id = $1",
            org.0
        )?)
    }

    /// The tree a use case needs to check `org`: the real (cached) tree, or for a sandbox
    /// cell a tree of that cell alone (the real tree never holds it, `crate::sandbox`).
    pub async fn tree_for(&self, org: OrgId) -> Result<std::sync::Arc<OrgTree>> {
        if self.is_sandbox(org).await? {
            let mut lease = self.lease().await?;
            let versions = crate::closure::versions_of(&mut lease.conn(), &[org.0]).await?;
            return Ok(std::sync::Arc::new(OrgTree::new(versions)));
        }
        self.org_tree().await
    }

    /// Whether `org` is a practice group's sandbox cell.
    pub async fn is_sandbox(&self, org: OrgId) -> Result<bool> {
        let mut lease = self.lease().await?;
        crate::sandbox::is_sandbox(&mut lease.conn(), org).await
    }
}

/// Writes of training mode inside a unit of work.
pub struct Training<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn training(&mut self) -> Training<'_> {
        Training(self)
    }
}

fn text(field: &'static str, value: &str) -> Result<String> {
    Ok(Name::parse(field, value)?.as_str().to_string())
}

/// The sandbox cell's members enter the record well before the class, so every one of them
/// is on the roster on any practice day: official members admitted in their mid-twenties or
/// thirties (and at least two years before the class), the probationary ones months before.
fn member_dates(practice: Date, standing: SampleStanding, birth_year: i32, i: u32) -> (Date, Date) {
    let admitted = match standing {
        SampleStanding::Probationary => practice - Duration::days(150 + i64::from(i) * 7),
        _ => {
            let year =
                (birth_year + 25 + i32::try_from(i % 10).unwrap_or(0)).min(practice.year() - 2);
            Date::from_calendar_date(year, Month::March, 1 + u8::try_from(i % 27).unwrap_or(0))
                .unwrap_or(practice)
        }
    };
    (admitted, admitted + Duration::days(21))
}

impl Training<'_> {
    /// A committee's course, practising the rule set of `practice_date`.
    pub async fn create_course(
        &mut self,
        owner: OrgId,
        title: &str,
        practice_date: Date,
    ) -> Result<i64> {
        let w = &mut *self.0;
        let title = text("title", title)?;
        if crate::sandbox::is_sandbox(&mut w.conn(), owner).await? {
            return Err(StoreError::NotFound("org"));
        }
        let at = w.actor().at;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_course (owner_org_id, title, practice_date, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
            owner.0,
            title.as_str(),
            practice_date,
            Stamp(at)
        )?;
        w.audit(
            AuditAction::TrainingCreate,
            &format!("course/{id}"),
            Some(owner),
            None,
            Some(json!({ "course": id, "title": title, "practice_date": practice_date })),
        )
        .await?;
        Ok(id)
    }

    pub async fn create_class(&mut self, course: i64, title: &str, held_on: Date) -> Result<i64> {
        let w = &mut *self.0;
        let title = text("title", title)?;
        let owner: Option<(i64,)> = q_opt!(
            &mut w.conn(),
            (i64,),
            "SELECT owner_org_id FROM training_course WHERE id = $1",
            course
        )?;
        let (owner,) = owner.ok_or(StoreError::NotFound("training_course"))?;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_class (course_id, title, held_on) VALUES ($1, $2, $3) RETURNING id",
            course,
            title.as_str(),
            held_on
        )?;
        w.audit(
            AuditAction::TrainingCreate,
            &format!("class/{id}"),
            Some(OrgId(owner)),
            None,
            Some(json!({ "class": id, "course": course, "title": title, "held_on": held_on })),
        )
        .await?;
        Ok(id)
    }

    /// A practice group with its sandbox cell: a root cell flagged sandbox, named after the
    /// group, with `size` fictional members generated from the group's id (official,
    /// exempted, probationary, attached; TRN-01). Returns the group and its cell.
    pub async fn create_group(
        &mut self,
        class: i64,
        name: &str,
        size: usize,
    ) -> Result<(i64, OrgId)> {
        let name = text("name", name)?;
        let w = &mut *self.0;
        let row: Option<(i64, Date)> = q_opt!(
            &mut w.conn(),
            (i64, Date),
            "SELECT c.owner_org_id, c.practice_date FROM training_class k
             JOIN training_course c ON c.id = k.course_id WHERE k.id = $1",
            class
        )?;
        let (owner, practice) = row.ok_or(StoreError::NotFound("training_class"))?;
        let (org,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO org (version, sandbox) VALUES (1, TRUE) RETURNING id"
        )?;
        let org = OrgId(org);
        // In force before any generated member's admission (the oldest are born in 1945).
        let from = Date::from_calendar_date(1960, Month::January, 1).unwrap_or(practice);
        let version = OrgVersion {
            org,
            kind: OrgKind::Cell,
            name: Name::parse("name", &format!("Chi bộ thực hành — {name}"))?,
            cell_type: Some(CellType::Village),
            parent: None,
            period: Period::starting(from),
        };
        q_exec!(
            &mut w.conn(),
            "INSERT INTO org_version (org_id, kind, name, cell_type, parent_id, valid_from, valid_until)
             VALUES ($1, $2, $3, $4, NULL, $5, NULL)",
            org.0,
            version.kind.code(),
            version.name.as_str(),
            version.cell_type.map(|c| c.code()),
            from,
        )?;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_group (class_id, name, sandbox_org_id) VALUES ($1, $2, $3) RETURNING id",
            class,
            name.as_str(),
            org.0
        )?;
        w.audit(
            AuditAction::TrainingCreate,
            &format!("group/{id}"),
            Some(OrgId(owner)),
            None,
            Some(json!({ "group": id, "class": class, "name": name, "sandbox": org.0 })),
        )
        .await?;
        let seed = u64::try_from(id).unwrap_or(0);
        for (i, m) in sample_members(seed, size).into_iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(0);
            let draft = PersonDraft {
                full_name: Name::parse("full_name", &m.full_name)?,
                birth_date: Date::from_calendar_date(m.birth_year, Month::June, 1).ok(),
                sex: Some(if m.female { Sex::Female } else { Sex::Male }),
                ethnicity: None,
                citizen_id: None,
                phone: None,
                affiliation: None,
            };
            let (admitted, ceremony) = member_dates(practice, m.standing, m.birth_year, i);
            let official =
                (m.standing != SampleStanding::Probationary).then(|| add_months(ceremony, 12));
            let member = Member {
                person: PersonId(0),
                admission_date: admitted,
                decision_ref: None,
                ceremony_date: Some(ceremony),
                official_date: official,
                recognition_date: official,
                recognition_ref: None,
                card_number: None,
            };
            let placement = match m.standing {
                SampleStanding::Attached => Placement {
                    person: PersonId(0),
                    org,
                    kind: PlacementKind::Attached,
                    period: Period::new(
                        practice - Duration::days(60),
                        Some(add_months(practice, 6)),
                    )?,
                    note: Some("Chi bộ nơi cư trú cũ (giả định)".to_string()),
                },
                _ => Placement {
                    person: PersonId(0),
                    org,
                    kind: PlacementKind::Home,
                    period: Period::starting(ceremony),
                    note: None,
                },
            };
            let person = w
                .people()
                .enrol_in(&draft, &member, &placement, true)
                .await?;
            if m.standing == SampleStanding::Exempted {
                w.people()
                    .add_status(&StatusPeriod {
                        person,
                        kind: StatusKind::Exempted,
                        period: Period::starting(practice - Duration::days(365)),
                        note: Some("Tuổi cao (giả định)".to_string()),
                    })
                    .await?;
            }
        }
        w.touch(|t| t.tree = true);
        Ok((id, org))
    }

    pub async fn add_participant(
        &mut self,
        group: i64,
        role: ParticipantRole,
        full_name: &str,
        user: Option<i64>,
    ) -> Result<i64> {
        let w = &mut *self.0;
        let full_name = text("full_name", full_name)?;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_participant (group_id, role, full_name, user_id)
             VALUES ($1, $2, $3, $4) RETURNING id",
            group,
            role.code(),
            full_name.as_str(),
            user
        )?;
        let (org,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "SELECT sandbox_org_id FROM training_group WHERE id = $1",
            group
        )?;
        w.audit(
            AuditAction::TrainingCreate,
            &format!("participant/{id}"),
            Some(OrgId(org)),
            None,
            Some(json!({ "group": group, "role": role, "full_name": full_name, "user": user })),
        )
        .await?;
        Ok(id)
    }
}

/// A situation injected into a mock meeting (TRN-02), with how it was handled once recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InjectionRecord {
    pub id: i64,
    pub meeting: MeetingId,
    pub situation: Situation,
    /// The step running when it was injected.
    pub step: Option<String>,
    pub injected_by: String,
    /// Unix seconds.
    pub injected_at: i64,
    pub handling: Option<String>,
    pub handled_by: Option<String>,
    pub handled_at: Option<i64>,
}

/// A comment on one step of a mock meeting (TRN-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentRecord {
    pub id: i64,
    pub step: String,
    pub kind: CommentKind,
    pub body: String,
    pub author: String,
    pub at: i64,
}

type InjectionRow = (
    i64,
    i64,
    Json<Situation>,
    Option<String>,
    String,
    Stamp,
    Option<String>,
    Option<String>,
    Option<Stamp>,
);

fn injection(r: InjectionRow) -> InjectionRecord {
    InjectionRecord {
        id: r.0,
        meeting: MeetingId(r.1),
        situation: r.2 .0,
        step: r.3,
        injected_by: r.4,
        injected_at: r.5 .0,
        handling: r.6,
        handled_by: r.7,
        handled_at: r.8.map(|s| s.0),
    }
}

impl Store {
    /// The situations injected into mock meeting `meeting`, in order (TRN-02).
    pub async fn mock_injections(&self, meeting: MeetingId) -> Result<Vec<InjectionRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<InjectionRow> = q_all!(
            &mut lease.conn(),
            InjectionRow,
            "SELECT id, meeting_id, situation_json, step, injected_by, injected_at, handling, handled_by, handled_at
             FROM training_injection WHERE meeting_id = $1 ORDER BY id",
            meeting.0
        )?;
        Ok(rows.into_iter().map(injection).collect())
    }

    /// The discussion of mock meeting `meeting`, step by step in the order written (TRN-01).
    pub async fn mock_comments(&self, meeting: MeetingId) -> Result<Vec<CommentRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, String, String, String, String, Stamp)> = q_all!(
            &mut lease.conn(),
            (i64, String, String, String, String, Stamp),
            "SELECT id, step, kind, body, author, at FROM training_comment WHERE meeting_id = $1 ORDER BY id",
            meeting.0
        )?;
        rows.into_iter()
            .map(|(id, step, kind, body, author, at)| {
                Ok(CommentRecord {
                    id,
                    step,
                    kind: CommentKind::from_code(&kind)
                        .ok_or_else(|| corrupt("training_comment.kind", &kind))?,
                    body,
                    author,
                    at: at.0,
                })
            })
            .collect()
    }

    /// The practice role of user `user` at mock meeting `meeting` (TRN-01; the access layer
    /// grants by it): a trainer of any group of its class, else a learner or guest of its
    /// own group, else none.
    pub async fn practice_role(
        &self,
        meeting: MeetingId,
        user: i64,
    ) -> Result<Option<ParticipantRole>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(String, bool)> = q_all!(
            &mut lease.conn(),
            (String, bool),
            "SELECT p.role, p.group_id = g.id FROM meeting m
             JOIN training_group g ON g.sandbox_org_id = m.org_id
             JOIN training_group h ON h.class_id = g.class_id
             JOIN training_participant p ON p.group_id = h.id
             WHERE m.id = $1 AND p.user_id = $2",
            meeting.0,
            user
        )?;
        Ok(strongest_role(&rows))
    }
}

/// Of a user's participant rows in a class `(role, in the group concerned)`: trainer of any
/// group of the class, else learner, else guest of the group itself.
fn strongest_role(rows: &[(String, bool)]) -> Option<ParticipantRole> {
    let own = |role: ParticipantRole| rows.iter().any(|(r, o)| *o && r == role.code());
    if rows
        .iter()
        .any(|(r, _)| r == ParticipantRole::Trainer.code())
    {
        Some(ParticipantRole::Trainer)
    } else if own(ParticipantRole::Learner) {
        Some(ParticipantRole::Learner)
    } else if own(ParticipantRole::Guest) {
        Some(ParticipantRole::Guest)
    } else {
        None
    }
}

/// A practice group a user takes part in (TRN-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MyGroup {
    pub group: i64,
    pub name: String,
    pub class: i64,
    pub class_title: String,
    pub sandbox: OrgId,
    pub role: ParticipantRole,
}

impl Store {
    /// Every course, newest practice date first (the training page filters them by access).
    pub async fn all_training_courses(&self) -> Result<Vec<CourseRecord>> {
        let mut lease = self.lease().await?;
        let rows: Vec<CourseRow> = q_all!(
            &mut lease.conn(),
            CourseRow,
            "SELECT id, owner_org_id, title, practice_date FROM training_course
             ORDER BY practice_date DESC, id"
        )?;
        Ok(rows.into_iter().map(CourseRecord::from).collect())
    }

    /// A course by id.
    pub async fn training_course(&self, id: i64) -> Result<Option<CourseRecord>> {
        let mut lease = self.lease().await?;
        let row: Option<CourseRow> = q_opt!(
            &mut lease.conn(),
            CourseRow,
            "SELECT id, owner_org_id, title, practice_date FROM training_course WHERE id = $1",
            id
        )?;
        Ok(row.map(CourseRecord::from))
    }

    /// The class and sandbox cell of practice group `group`: `(class, sandbox)`.
    pub async fn training_group(&self, group: i64) -> Result<Option<(i64, OrgId)>> {
        let mut lease = self.lease().await?;
        let row: Option<(i64, i64)> = q_opt!(
            &mut lease.conn(),
            (i64, i64),
            "SELECT class_id, sandbox_org_id FROM training_group WHERE id = $1",
            group
        )?;
        Ok(row.map(|(class, org)| (class, OrgId(org))))
    }

    /// The practice role of user `user` in group `group` (TRN-01; the access layer grants
    /// by it): a trainer of any group of its class, else a learner or guest of the group.
    pub async fn group_practice_role(
        &self,
        group: i64,
        user: i64,
    ) -> Result<Option<ParticipantRole>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(String, bool)> = q_all!(
            &mut lease.conn(),
            (String, bool),
            "SELECT p.role, p.group_id = g.id FROM training_group g
             JOIN training_group h ON h.class_id = g.class_id
             JOIN training_participant p ON p.group_id = h.id
             WHERE g.id = $1 AND p.user_id = $2",
            group,
            user
        )?;
        Ok(strongest_role(&rows))
    }

    /// Whether user `user` is a trainer of class `class` (TRN-01).
    pub async fn is_class_trainer(&self, class: i64, user: i64) -> Result<bool> {
        let mut lease = self.lease().await?;
        let row: Option<(i64,)> = q_opt!(
            &mut lease.conn(),
            (i64,),
            "SELECT p.id FROM training_participant p JOIN training_group g ON g.id = p.group_id
             WHERE g.class_id = $1 AND p.user_id = $2 AND p.role = 'trainer'",
            class,
            user
        )?;
        Ok(row.is_some())
    }

    /// The practice groups user `user` takes part in, with their role there.
    pub async fn practice_groups_of(&self, user: i64) -> Result<Vec<MyGroup>> {
        let mut lease = self.lease().await?;
        let rows: Vec<(i64, String, i64, String, i64, String)> = q_all!(
            &mut lease.conn(),
            (i64, String, i64, String, i64, String),
            "SELECT g.id, g.name, k.id, k.title, g.sandbox_org_id, p.role
             FROM training_participant p JOIN training_group g ON g.id = p.group_id
             JOIN training_class k ON k.id = g.class_id
             WHERE p.user_id = $1 ORDER BY k.held_on DESC, g.id",
            user
        )?;
        rows.into_iter()
            .map(|(group, name, class, class_title, sandbox, role)| {
                Ok(MyGroup {
                    group,
                    name,
                    class,
                    class_title,
                    sandbox: OrgId(sandbox),
                    role: ParticipantRole::from_code(&role)
                        .ok_or_else(|| corrupt("training_participant.role", &role))?,
                })
            })
            .collect()
    }
}

impl Training<'_> {
    /// TRN-02: injects `situation` into mock meeting `meeting`, which must be in progress and
    /// of a kind the situation fits; bumps the meeting's version so its live screens show it.
    pub async fn inject(&mut self, meeting: MeetingId, situation: &Situation) -> Result<i64> {
        let w = &mut *self.0;
        let org = mock_org(w, meeting).await?;
        let (m, _) = w.meetings().load_for_change(meeting, None).await?;
        check_injection(situation, m.kind, m.status)?;
        let step = m.agenda.current().map(|s| s.code.clone());
        let by = w.actor().label.clone();
        let at = w.actor().at;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_injection (meeting_id, situation_json, step, injected_by, injected_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            meeting.0,
            Json(situation),
            step.as_deref(),
            by.as_str(),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::MeetingSituationInject,
            &meeting.0.to_string(),
            Some(org),
            None,
            Some(json!({ "injection": id, "situation": situation.code, "title": situation.title_vi, "step": step })),
        )
        .await?;
        Ok(id)
    }

    /// TRN-02: records how injection `injection` of mock meeting `meeting` was handled (once).
    pub async fn handle(
        &mut self,
        meeting: MeetingId,
        injection: i64,
        handling: &PracticeText,
    ) -> Result<()> {
        let w = &mut *self.0;
        let org = mock_org(w, meeting).await?;
        let row: Option<(Option<String>,)> = q_opt!(
            &mut w.conn(),
            (Option<String>,),
            "SELECT handling FROM training_injection WHERE id = $1 AND meeting_id = $2",
            injection,
            meeting.0
        )?;
        let (before,) = row.ok_or(StoreError::NotFound("training_injection"))?;
        if before.is_some() {
            return Err(PracticeError::AlreadyHandled.into());
        }
        w.meetings().load_for_change(meeting, None).await?;
        let by = w.actor().label.clone();
        let at = w.actor().at;
        q_exec!(
            &mut w.conn(),
            "UPDATE training_injection SET handling = $1, handled_by = $2, handled_at = $3 WHERE id = $4",
            handling.as_str(),
            by.as_str(),
            Stamp(at),
            injection
        )?;
        w.audit(
            AuditAction::MeetingSituationHandle,
            &meeting.0.to_string(),
            Some(org),
            None,
            Some(json!({ "injection": injection, "handling": handling.as_str() })),
        )
        .await?;
        Ok(())
    }

    /// TRN-01: a comment on step `step` of mock meeting `meeting` by `author`.
    pub async fn comment(
        &mut self,
        meeting: MeetingId,
        step: &str,
        kind: CommentKind,
        body: &PracticeText,
        author: &str,
    ) -> Result<i64> {
        let w = &mut *self.0;
        let org = mock_org(w, meeting).await?;
        let m = w
            .meetings()
            .get(meeting)
            .await?
            .ok_or(StoreError::NotFound("meeting"))?;
        check_comment_step(step, m.agenda.steps().iter().map(|s| s.code.as_str()))?;
        let author = text("author", author)?;
        let user = w.actor().user.map(|u| u.0);
        let at = w.actor().at;
        let (id,): (i64,) = q_one!(
            &mut w.conn(),
            (i64,),
            "INSERT INTO training_comment (meeting_id, step, kind, body, author, author_user_id, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            meeting.0,
            step,
            kind.code(),
            body.as_str(),
            author.as_str(),
            user,
            Stamp(at)
        )?;
        w.audit(
            AuditAction::TrainingComment,
            &format!("comment/{id}"),
            Some(org),
            None,
            Some(
                json!({ "meeting": meeting.0, "step": step, "kind": kind, "body": body.as_str() }),
            ),
        )
        .await?;
        Ok(id)
    }
}

/// The sandbox cell of mock meeting `meeting`; a meeting of a real cell is not found here.
async fn mock_org(w: &mut UnitOfWork, meeting: MeetingId) -> Result<OrgId> {
    let row: Option<(i64,)> = q_opt!(
        &mut w.conn(),
        (i64,),
        "SELECT m.org_id FROM meeting m JOIN training_group g ON g.sandbox_org_id = m.org_id WHERE m.id = $1",
        meeting.0
    )?;
    row.map(|(o,)| OrgId(o))
        .ok_or(StoreError::NotFound("meeting"))
}

impl Training<'_> {
    /// The unit of work these writes run in (for the situation bank, `training_bank.rs`).
    pub(crate) fn uow(&mut self) -> &mut UnitOfWork {
        self.0
    }
}
