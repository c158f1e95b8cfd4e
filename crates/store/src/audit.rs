//! Audit events: who did what, when, with the record before and after. Written only inside
//! a [`UnitOfWork`](crate::UnitOfWork) (or, for authentication events, by
//! [`Store::audit_auth`]), with a typed [`AuditAction`].

use chibo_domain::{OrgId, UserId};
use serde::Serialize;
use sqlx::types::Json;

use crate::db::{q_all, q_all_in, q_exec, Conn};
use crate::stamp::Stamp;
use crate::{Result, Store};

/// Who performs a mutation. The CLI acts as a named system actor; the web server as the
/// logged-in user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    /// Login, or `system:<command>` for the CLI and the demo loader.
    pub label: String,
    /// The instant of the request, Unix seconds (the domain never reads the clock).
    pub at: i64,
}

/// Vietnam's offset from UTC, in hours: "today" is the civil date there.
pub const VN_OFFSET_HOURS: i8 = 7;

impl Actor {
    pub fn system(command: &str, at: i64) -> Self {
        Self {
            user: None,
            label: format!("system:{command}"),
            at,
        }
    }

    /// The civil date of the actor's instant in Vietnam (UTC+7): "today" for the domain's
    /// checks inside a unit of work (nothing dated in the future). An instant out of range
    /// gives the earliest date, so such checks refuse rather than pass.
    pub fn today(&self) -> time::Date {
        let offset =
            time::UtcOffset::from_hms(VN_OFFSET_HOURS, 0, 0).unwrap_or(time::UtcOffset::UTC);
        time::OffsetDateTime::from_unix_timestamp(self.at)
            .map(|t| t.to_offset(offset).date())
            .unwrap_or(time::Date::MIN)
    }
}

/// Everything the audit log can say happened. The code is what the log stores; the entity
/// is the kind of record the event's `entity_id` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    OrgCreate,
    OrgChange,
    OrgClose,
    CongressCreate,
    PersonCreate,
    PersonUpdate,
    MemberSet,
    PlacementAdd,
    StatusAdd,
    RoleAdd,
    PlacementEnd,
    LifecycleRecord,
    LifecycleStep,
    UserCreate,
    UserPassword,
    UserLocale,
    CalendarAdjustments,
    RuleVersionCreate,
    LocalSettingsSet,
    MeetingCreate,
    MeetingTransition,
    MeetingAttendance,
    MeetingContribution,
    MeetingTask,
    MeetingVote,
    MeetingDetails,
    MeetingThematic,
    MeetingCeremony,
    MeetingDraftFile,
    MeetingDraftApproval,
    MeetingStep,
    MeetingQuality,
    MeetingMinutesApprove,
    MeetingAddendum,
    MeetingWording,
    MeetingTaskReview,
    MeetingResolutionSign,
    CalendarFeed,
    OrgLiaison,
    NoticeRead,
    DirectiveCreate,
    PlanCreate,
    PlanItems,
    PlanStep,
    PlanComment,
    PlanLink,
    TrainingCreate,
    MeetingSituationInject,
    MeetingSituationHandle,
    TrainingComment,
    TrainingSituationWrite,
    TrainingSituationWithdraw,
    AdmissionOpen,
    AdmissionStep,
    AdmissionDocument,
    Login,
    Logout,
    LoginFailed,
    LoginThrottled,
}

impl AuditAction {
    pub const ALL: [AuditAction; 59] = [
        Self::OrgCreate,
        Self::OrgChange,
        Self::OrgClose,
        Self::CongressCreate,
        Self::PersonCreate,
        Self::PersonUpdate,
        Self::MemberSet,
        Self::PlacementAdd,
        Self::StatusAdd,
        Self::RoleAdd,
        Self::UserCreate,
        Self::UserPassword,
        Self::UserLocale,
        Self::CalendarAdjustments,
        Self::RuleVersionCreate,
        Self::LocalSettingsSet,
        Self::MeetingCreate,
        Self::MeetingTransition,
        Self::MeetingAttendance,
        Self::MeetingContribution,
        Self::MeetingTask,
        Self::MeetingVote,
        Self::MeetingDetails,
        Self::MeetingThematic,
        Self::MeetingCeremony,
        Self::MeetingDraftFile,
        Self::MeetingDraftApproval,
        Self::MeetingStep,
        Self::MeetingQuality,
        Self::MeetingMinutesApprove,
        Self::MeetingAddendum,
        Self::MeetingWording,
        Self::MeetingTaskReview,
        Self::MeetingResolutionSign,
        Self::CalendarFeed,
        Self::OrgLiaison,
        Self::NoticeRead,
        Self::DirectiveCreate,
        Self::PlanCreate,
        Self::PlanItems,
        Self::PlanStep,
        Self::PlanComment,
        Self::PlanLink,
        Self::TrainingCreate,
        Self::MeetingSituationInject,
        Self::MeetingSituationHandle,
        Self::TrainingComment,
        Self::TrainingSituationWrite,
        Self::TrainingSituationWithdraw,
        Self::AdmissionOpen,
        Self::AdmissionStep,
        Self::AdmissionDocument,
        Self::PlacementEnd,
        Self::LifecycleRecord,
        Self::LifecycleStep,
        Self::Login,
        Self::Logout,
        Self::LoginFailed,
        Self::LoginThrottled,
    ];

    /// A change to a meeting or to what is recorded at it; the event's entity is the
    /// meeting's id (the change feed relies on it, see `feed.rs`).
    pub fn is_meeting(self) -> bool {
        // By code, so that a meeting action added later is covered without a second list.
        self.code().starts_with("meeting.")
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::OrgCreate => "org.create",
            Self::OrgChange => "org.change",
            Self::OrgClose => "org.close",
            Self::CongressCreate => "congress.create",
            Self::PersonCreate => "person.create",
            Self::PersonUpdate => "person.update",
            Self::MemberSet => "member.set",
            Self::PlacementAdd => "placement.add",
            Self::StatusAdd => "status.add",
            Self::RoleAdd => "role.add",
            Self::UserCreate => "user.create",
            Self::UserPassword => "user.password",
            Self::UserLocale => "user.locale",
            Self::CalendarAdjustments => "calendar.adjustments",
            Self::RuleVersionCreate => "rule_version.create",
            Self::LocalSettingsSet => "local_settings.set",
            Self::MeetingCreate => "meeting.create",
            Self::MeetingTransition => "meeting.transition",
            Self::MeetingAttendance => "meeting.attendance",
            Self::MeetingContribution => "meeting.contribution",
            Self::MeetingTask => "meeting.task",
            Self::MeetingVote => "meeting.vote",
            Self::MeetingDetails => "meeting.details",
            Self::MeetingThematic => "meeting.thematic",
            Self::MeetingCeremony => "meeting.ceremony",
            Self::MeetingDraftFile => "meeting.draft_file",
            Self::MeetingDraftApproval => "meeting.draft_approval",
            Self::MeetingStep => "meeting.step",
            Self::MeetingQuality => "meeting.quality",
            Self::MeetingMinutesApprove => "meeting.minutes_approve",
            Self::MeetingAddendum => "meeting.addendum",
            Self::MeetingWording => "meeting.wording",
            Self::MeetingTaskReview => "meeting.task_review",
            Self::MeetingResolutionSign => "meeting.resolution_sign",
            Self::CalendarFeed => "user.calendar_feed",
            Self::OrgLiaison => "org.liaison",
            Self::NoticeRead => "user.notice_read",
            Self::DirectiveCreate => "plan.directive",
            Self::PlanCreate => "plan.create",
            Self::PlanItems => "plan.items",
            Self::PlanStep => "plan.step",
            Self::PlanComment => "plan.comment",
            Self::PlanLink => "plan.link",
            Self::TrainingCreate => "training.create",
            Self::MeetingSituationInject => "meeting.situation_inject",
            Self::MeetingSituationHandle => "meeting.situation_handle",
            Self::TrainingComment => "training.comment",
            Self::TrainingSituationWrite => "training.situation_write",
            Self::TrainingSituationWithdraw => "training.situation_withdraw",
            Self::AdmissionOpen => "admission.open",
            Self::AdmissionStep => "admission.step",
            Self::AdmissionDocument => "admission.document",
            Self::PlacementEnd => "placement.end",
            Self::LifecycleRecord => "lifecycle.record",
            Self::LifecycleStep => "lifecycle.step",
            Self::Login => "auth.login",
            Self::Logout => "auth.logout",
            Self::LoginFailed => "auth.login_failed",
            Self::LoginThrottled => "auth.throttled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn entity(self) -> &'static str {
        match self {
            Self::OrgCreate | Self::OrgChange | Self::OrgClose | Self::CongressCreate => "org",
            Self::LocalSettingsSet => "org",
            Self::PersonCreate
            | Self::PersonUpdate
            | Self::MemberSet
            | Self::PlacementAdd
            | Self::PlacementEnd
            | Self::StatusAdd
            | Self::RoleAdd => "person",
            Self::LifecycleRecord | Self::LifecycleStep => "member_event",
            Self::UserCreate
            | Self::UserPassword
            | Self::UserLocale
            | Self::CalendarFeed
            | Self::NoticeRead => "user",
            Self::OrgLiaison => "org",
            Self::DirectiveCreate => "directive",
            Self::PlanCreate
            | Self::PlanItems
            | Self::PlanStep
            | Self::PlanComment
            | Self::PlanLink => "plan",
            Self::TrainingCreate
            | Self::TrainingComment
            | Self::TrainingSituationWrite
            | Self::TrainingSituationWithdraw => "training",
            Self::AdmissionOpen | Self::AdmissionStep | Self::AdmissionDocument => "admission",
            Self::Login | Self::Logout | Self::LoginFailed | Self::LoginThrottled => "login",
            Self::CalendarAdjustments => "holiday_year",
            Self::RuleVersionCreate => "rule_version",
            Self::MeetingCreate
            | Self::MeetingTransition
            | Self::MeetingAttendance
            | Self::MeetingContribution
            | Self::MeetingTask
            | Self::MeetingVote
            | Self::MeetingDetails
            | Self::MeetingThematic
            | Self::MeetingCeremony
            | Self::MeetingDraftFile
            | Self::MeetingDraftApproval
            | Self::MeetingStep
            | Self::MeetingQuality
            | Self::MeetingMinutesApprove
            | Self::MeetingAddendum
            | Self::MeetingWording
            | Self::MeetingTaskReview
            | Self::MeetingResolutionSign
            | Self::MeetingSituationInject
            | Self::MeetingSituationHandle => "meeting",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEvent {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub org_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Filter for reading the log, newest first: events about the given organisations (a
/// subtree) or about one entity. Pages are keyed by id (`before_id`), so a page is stable
/// while new events arrive.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub orgs: Option<Vec<OrgId>>,
    pub entity: Option<(String, String)>,
    /// Only events with a smaller id (the last id of the previous page).
    pub before_id: Option<i64>,
    /// Only events at or after / at or before these instants (Unix seconds).
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub limit: i64,
}

/// The documented page size of the audit log and its ceiling.
pub const AUDIT_PAGE: i64 = 100;
pub const AUDIT_PAGE_MAX: i64 = 5000;

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    at: Stamp,
    user_id: Option<i64>,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    org_id: Option<i64>,
    before_json: Option<Json<serde_json::Value>>,
    after_json: Option<Json<serde_json::Value>>,
}

impl From<EventRow> for AuditEvent {
    fn from(r: EventRow) -> Self {
        AuditEvent {
            id: r.id,
            at: r.at.0,
            user_id: r.user_id,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            org_id: r.org_id,
            before: r.before_json.map(|j| j.0),
            after: r.after_json.map(|j| j.0),
        }
    }
}

pub(crate) async fn record(
    conn: &mut Conn<'_>,
    actor: &Actor,
    action: AuditAction,
    entity_id: &str,
    org: Option<OrgId>,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<()> {
    q_exec!(
        conn,
        "INSERT INTO audit_event (at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        Stamp(actor.at),
        actor.user.map(|u| u.0),
        &actor.label,
        action.code(),
        action.entity(),
        entity_id,
        org.map(|o| o.0),
        before.as_ref().map(Json),
        after.as_ref().map(Json),
    )?;
    Ok(())
}

macro_rules! select_events {
    ($rest:literal) => {
        concat!(
            "SELECT id, at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json FROM audit_event ",
            $rest
        )
    };
}

impl Store {
    pub async fn audit_events(&self, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
        let limit = if q.limit <= 0 {
            AUDIT_PAGE
        } else {
            q.limit.min(AUDIT_PAGE_MAX)
        };
        let before = q.before_id.unwrap_or(i64::MAX);
        let since = Stamp(q.since.unwrap_or(0));
        let until = Stamp(q.until.unwrap_or(253_402_300_799)); // 9999-12-31T23:59:59Z
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        // An empty entity filter matches every event ('' = '' is true).
        let (entity, entity_id) = match &q.entity {
            Some((e, id)) => (e.as_str(), id.as_str()),
            None => ("", ""),
        };
        let rows: Vec<EventRow> = match &q.orgs {
            // Within a subtree: an organisation's page never shows events of another.
            Some(orgs) => {
                let ids: Vec<i64> = orgs.iter().map(|o| o.0).collect();
                q_all_in!(
                    conn,
                    EventRow,
                    "SELECT id, at, user_id, actor, action, entity, entity_id, org_id, before_json, after_json FROM audit_event WHERE org_id",
                    " AND id < $2 AND at >= $3 AND at <= $4
                      AND ($5 = '' OR (entity = $5 AND entity_id = $6))
                      ORDER BY id DESC LIMIT $7",
                    &ids,
                    before,
                    since,
                    until,
                    entity,
                    entity_id,
                    limit
                )?
            }
            None => q_all!(
                conn,
                EventRow,
                select_events!(
                    "WHERE id < $1 AND at >= $2 AND at <= $3
                       AND ($4 = '' OR (entity = $4 AND entity_id = $5))
                       ORDER BY id DESC LIMIT $6"
                ),
                before,
                since,
                until,
                entity,
                entity_id,
                limit
            )?,
        };
        Ok(rows.into_iter().map(AuditEvent::from).collect())
    }
}
