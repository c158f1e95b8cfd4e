//! The app layer's one error type. Field errors carry a stable code (for the API) and the
//! field name; the web crate turns codes into Vietnamese or English messages.

use chibo_domain::calendar::CalendarError;
use chibo_domain::meeting::MeetingError;
use chibo_domain::ruleset::local::LocalSettingsError;
use chibo_domain::ruleset::{ProfileError, RuleSetError};
use chibo_domain::DomainError;
use chibo_store::StoreError;
use serde::Serialize;

/// One problem with one input field. `code` is stable (API clients match on it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: &'static str,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("wrong login or password")]
    BadCredentials,
    #[error("too many failed logins; retry after {retry_after_secs}s")]
    Throttled { retry_after_secs: i64 },
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("forbidden")]
    Forbidden,
    /// Someone else saved the record after the user read it (optimistic versions):
    /// `current` is the record as stored now, `version` its version number.
    #[error("{entity} changed since it was read")]
    Stale {
        entity: &'static str,
        version: i64,
        current: serde_json::Value,
    },
    #[error(transparent)]
    Store(StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    /// The field errors of an invalid-input error (empty for other kinds).
    pub fn field_errors(self) -> Vec<FieldError> {
        match self {
            AppError::Invalid(errors) => errors,
            _ => Vec::new(),
        }
    }

    /// Stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid(_) => "invalid_input",
            AppError::BadCredentials => "bad_credentials",
            AppError::Throttled { .. } => "too_many_attempts",
            AppError::NotFound(_) => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Stale { .. } => "stale",
            AppError::Store(_) | AppError::Internal(_) => "internal",
        }
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(errors: Vec<FieldError>) -> Self {
        AppError::Invalid(errors)
    }
}

impl From<StoreError> for AppError {
    /// Store errors that are the user's doing (a clash, a broken rule) become field errors;
    /// the rest stay internal.
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict { field } => {
                AppError::Invalid(vec![FieldError::new(field, "duplicate")])
            }
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Stale {
                entity,
                actual,
                current,
                ..
            } => AppError::Stale {
                entity,
                version: actual,
                current,
            },
            StoreError::Overlap { .. } => {
                AppError::Invalid(vec![FieldError::new("from", "overlap")])
            }
            StoreError::Domain(d) => AppError::from(d),
            StoreError::Calendar(e) => AppError::from(e),
            StoreError::RuleSet(e) => AppError::from(e),
            StoreError::LocalSettings(e) => AppError::from(e),
            StoreError::Meeting(e) => AppError::from(e),
            StoreError::Plan(e) => AppError::from(e),
            // Issue 12: a step the domain refuses inside the unit of work (the rule cited).
            StoreError::Admission(e) => AppError::from(e),
            StoreError::Lifecycle(e) => AppError::from(e),
            StoreError::Practice(e) => {
                AppError::Invalid(vec![FieldError::new(e.field(), e.code())])
            }
            other => AppError::Store(other),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(err: DomainError) -> Self {
        let (field, code): (&str, &'static str) = match err {
            DomainError::PeriodReversed { .. } => ("until", "period_reversed"),
            DomainError::Required { field } => (field, "required"),
            DomainError::Malformed { field, .. } => (field, "malformed"),
            DomainError::TooLong { field, .. } => (field, "too_long"),
            DomainError::OrgCycle { .. } => ("parent", "org_cycle"),
            DomainError::OrgKindNotAllowed { .. } => ("parent", "kind_not_allowed"),
            DomainError::OrgNotInForce(_) => ("org", "org_not_in_force"),
            DomainError::CellTypeOnNonCell => ("cell_type", "cell_type_on_non_cell"),
            DomainError::MembershipOverlap(_) => ("org", "membership_overlap"),
            DomainError::AttachedAtHomeCell(_) => ("org", "attached_at_home_cell"),
            DomainError::TemporaryTransferLength { .. } => ("until", "transfer_length"),
            DomainError::StatusOverlap(_) => ("from", "status_overlap"),
            DomainError::FinalStatusHasEnd => ("until", "final_status_has_end"),
            DomainError::RoleOverlap => ("role", "role_overlap"),
            DomainError::DatesOutOfOrder(_) => ("date", "dates_out_of_order"),
            DomainError::OrgVersionOverlap => ("from", "version_overlap"),
            DomainError::OrgHasChildren(_) => ("until", "org_has_children"),
            DomainError::AdmissionBeforeBirth { .. } => ("admission_date", "before_birth"),
            DomainError::AdmissionTooYoung { .. } => ("admission_date", "too_young"),
            DomainError::InFuture { field } => (field, "in_future"),
            DomainError::StatusBeforeAdmission { .. } => ("from", "before_admission"),
            DomainError::CellTypeRequired => ("cell_type", "required"),
            DomainError::OrgKindEnded { .. } => ("kind", "kind_ended"),
            DomainError::DuplicateSiblingName { .. } => ("name", "duplicate_sibling"),
        };
        AppError::Invalid(vec![FieldError::new(field, code)])
    }
}

/// Calendar errors as field errors (CAL-01..03, VER-02). The field is `days` for what is
/// wrong with a year's adjustments, `date`/`year`/`n` for queries; the codes are stable.
pub fn calendar_error(err: &CalendarError) -> FieldError {
    let (field, code): (&str, &'static str) = match err {
        CalendarError::BadDate { .. } => ("date", "bad_date"),
        CalendarError::YearOutOfRange { .. } => ("year", "year_out_of_range"),
        CalendarError::DateOutOfRange { .. } => ("date", "date_out_of_range"),
        CalendarError::NoSuchLunarDate { .. } => ("date", "no_such_lunar_date"),
        CalendarError::DuplicateDate { .. } => ("days", "duplicate_date"),
        CalendarError::DayOffAndWorkingDay { .. } => ("days", "day_off_and_working_day"),
        CalendarError::DateOutsideYear { .. } | CalendarError::AdjustmentYearMismatch { .. } => {
            ("days", "date_outside_year")
        }
        CalendarError::WorkingDayNotWeekend { .. } => ("days", "working_day_not_weekend"),
        CalendarError::EmptyYearSpan { .. } => ("year", "year_out_of_range"),
        CalendarError::BeyondCalendar { .. } => ("n", "beyond_calendar"),
        CalendarError::DuplicateAdjustments { .. } | CalendarError::BadReferenceData { .. } => {
            ("days", "invalid")
        }
    };
    FieldError::new(field, code)
}

impl From<CalendarError> for AppError {
    fn from(err: CalendarError) -> Self {
        AppError::Invalid(vec![calendar_error(&err)])
    }
}

/// A meeting rule's refusal as a field error: the field the API names and the domain's
/// stable code ([`MeetingError::code`]).
pub fn meeting_error(err: &MeetingError) -> FieldError {
    let field = match err {
        MeetingError::Transition { .. } => "action",
        MeetingError::ReasonRequired => "reason",
        MeetingError::UnknownStep(_) | MeetingError::StepState { .. } => "step",
        MeetingError::EndsBeforeStart => "left_early",
        MeetingError::TooManyVotes { .. } => "votes_for",
        MeetingError::NotAVoter(_) => "person",
        MeetingError::WrongScale => "rating",
        MeetingError::UnknownCriterion(_) | MeetingError::TooManyPoints { .. } => "criteria",
        MeetingError::TaskWithoutOwner => "owners",
        MeetingError::DeadlineNotAfterMeeting => "deadline",
        MeetingError::OnlineWithoutReason => "online_reason",
        MeetingError::GuestWithoutName => "guests",
        MeetingError::DraftIncomplete => "draft_text",
        MeetingError::NotInProgress(_) => "status",
        MeetingError::NotOnRoster(_) => "person",
        MeetingError::MethodNotAllowed => "method",
        MeetingError::NotSuperiorDelegate => "confirmed_by",
        MeetingError::UnknownTopicGroup(_) => "topic_group",
        MeetingError::NotApproved => "votes_for",
        MeetingError::MinutesAlreadyApproved
        | MeetingError::MinutesNotApproved
        | MeetingError::DocumentNeedsApprovedMinutes => "minutes",
        MeetingError::ResolutionAlreadySigned => "resolution",
        MeetingError::TopicNeedsThematicMeeting => "kind",
        MeetingError::MalformedReference(_) => "decision_ref",
        MeetingError::OneMemberPerAct
        | MeetingError::NewMemberRequired
        | MeetingError::AlreadyAdmitted(_)
        | MeetingError::NotACandidate(_) => "new_members",
        MeetingError::IssuerRequired => "issuer",
        MeetingError::ReceivedBeforeDecision => "received_on",
        MeetingError::HelperIsNewMember | MeetingError::HelperNotOfficial(_) => "helper",
        MeetingError::CeremonyBeforeDecision | MeetingError::CeremonyBeforeReceipt => "date",
        MeetingError::LateWithoutAgreement { .. } | MeetingError::AgreementAfterCeremony => {
            "agreement"
        }
        MeetingError::NotACeremony | MeetingError::CeremonyActMissing => "ceremony",
    };
    FieldError::new(field, err.code())
}

impl From<chibo_domain::plan::PlanError> for AppError {
    /// PLAN-01..04: the field the API names and the domain's stable code.
    fn from(err: chibo_domain::plan::PlanError) -> Self {
        use chibo_domain::plan::PlanError as P;
        let field = match &err {
            P::BadQuarter(_) => "quarter",
            P::MonthOutsideQuarter { .. } => "month",
            P::UnknownTopicGroup(_) => "topic_group",
            P::TopicRequired => "title",
            P::MissingQuarter(_) => "items",
            P::Transition { .. } => "status",
            P::CommentRequired => "comment",
            P::DueBeforeDirective => "due_by",
            P::DirectiveIncomplete => "title",
            P::OutsideSubtree => "addressed_to",
            P::MeetingMismatch(_) => "meeting",
        };
        AppError::Invalid(vec![FieldError::new(field, err.code())])
    }
}

impl From<MeetingError> for AppError {
    fn from(err: MeetingError) -> Self {
        AppError::Invalid(vec![meeting_error(&err)])
    }
}

impl From<RuleSetError> for AppError {
    /// VER-01: why a version was refused or no rule set exists for a date.
    fn from(err: RuleSetError) -> Self {
        let (field, code): (&str, &'static str) = match err {
            RuleSetError::BeforeFirstVersion { .. } => ("date", "before_first_version"),
            RuleSetError::NoVersionOfArea { .. } => ("area", "no_version_of_area"),
            RuleSetError::DuplicateEffectiveDate { .. } => {
                ("effective_from", "duplicate_effective_date")
            }
            RuleSetError::DuplicateCode(_) => ("code", "duplicate_code"),
            RuleSetError::NotInFuture { .. } => ("effective_from", "not_in_future"),
            RuleSetError::WrongAreaParameters { .. } => ("parameters", "wrong_area_parameters"),
            RuleSetError::InvalidParameters { .. } => ("parameters", "invalid_parameters"),
            RuleSetError::InvalidCorrection { .. } => ("version", "invalid_correction"),
        };
        AppError::Invalid(vec![FieldError::new(field, code)])
    }
}

impl From<LocalSettingsError> for AppError {
    /// MTG-QA-02/03/04, MTG-DUR-01, MTG-DAY-01: why a committee's settings were refused.
    fn from(err: LocalSettingsError) -> Self {
        let (field, code): (&str, &'static str) = match err {
            LocalSettingsError::Profile(ProfileError::WeightsNot100(_)) => {
                ("criteria", "weights_not_100")
            }
            LocalSettingsError::Profile(ProfileError::DuplicateCriterion(_)) => {
                ("criteria", "duplicate_criterion")
            }
            LocalSettingsError::Profile(ProfileError::NoCriteria) => ("criteria", "no_criteria"),
            LocalSettingsError::Profile(ProfileError::ThresholdsNotOrdered) => {
                ("grade_thresholds", "thresholds_not_ordered")
            }
            LocalSettingsError::Profile(ProfileError::BandsNotOrdered) => {
                ("attendance_bands", "bands_not_ordered")
            }
            LocalSettingsError::UnknownCriterion(_) => ("full_marks_for_good", "unknown_criterion"),
            LocalSettingsError::ZeroDuration => ("min_meeting_minutes", "zero_duration"),
            LocalSettingsError::BadMeetingDay => ("meeting_day", "bad_meeting_day"),
            LocalSettingsError::EffectiveInPast { .. } => ("effective_from", "in_past"),
        };
        AppError::Invalid(vec![FieldError::new(field, code)])
    }
}
