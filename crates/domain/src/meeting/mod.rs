//! Meetings as the domain sees them (Meetings I, pure part): the lifecycle of a meeting,
//! its agenda instantiated from the rule set in force on its date, and the warnings a
//! chair sees, each citing its rule. Storage, screens and the live view build on this.

pub mod agenda;
pub mod ceremony;
pub mod details;
pub mod frequency;
pub mod lifecycle;
pub mod minutes;
pub mod quality;
pub mod roll_call;
pub mod vote;
pub mod warnings;
pub mod work;

pub use agenda::{Agenda, StepAction, StepRecord, StepState};
pub use lifecycle::{MeetingStatus, Transition};
pub use warnings::{duration_warning, Warning};

/// What a meeting operation refused. Codes are stable (the API reports them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MeetingError {
    #[error("a meeting that is {from} cannot be {to}")]
    Transition {
        from: &'static str,
        to: &'static str,
    },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("no agenda step {0}")]
    UnknownStep(String),
    #[error("step {code} is {state}")]
    StepState { code: String, state: &'static str },
    #[error("a step ends before it starts")]
    EndsBeforeStart,
    /// MTG-ATT-01: more votes than members present who may vote.
    #[error("{cast} votes cast but {voters} members present may vote")]
    TooManyVotes { cast: u32, voters: u32 },
    /// MTG-ATT-01/12: a probationary member, a member attached from elsewhere or a
    /// non-member, or someone not present.
    #[error("person {0} may not vote at this meeting")]
    NotAVoter(crate::PersonId),
    /// MTG-QA-03/05/06: a rating on a scale the meeting is not rated on.
    #[error("the rating is not on the scale of the profile in force")]
    WrongScale,
    #[error("no quality criterion {0}")]
    UnknownCriterion(String),
    #[error("criterion {criterion} has at most {max} points")]
    TooManyPoints { criterion: String, max: u32 },
    /// MTG-ORD-06/08: a task is assigned to someone.
    #[error("a task needs an owner")]
    TaskWithoutOwner,
    /// MTG-ORD-06/08: a task's deadline comes after the meeting.
    #[error("a task's deadline must come after the meeting")]
    DeadlineNotAfterMeeting,
    /// MTG-ONL-01: an online meeting records why members cannot meet in person.
    #[error("an online meeting needs its reason")]
    OnlineWithoutReason,
    /// MTG-ATT-05: guests are listed by name.
    #[error("a guest needs a name")]
    GuestWithoutName,
    /// MTG-TH-01: the secretary approves a draft that exists, for a topic and a presenter.
    #[error("the draft needs a topic, a presenter and a text or file before approval")]
    DraftIncomplete,
    /// What is recorded live (steps, contributions, tasks, votes) needs a meeting in progress.
    #[error("the meeting is {0}, not in progress")]
    NotInProgress(&'static str),
    /// The roll call, the officers, owners and speakers are people on the cell's roster on
    /// the meeting's date.
    #[error("person {0} is not on the cell's roster on the meeting's date")]
    NotOnRoster(crate::PersonId),
    /// CHR-VOTE-02: admission and recognition are not voted by a show of hands.
    #[error("this vote is taken by secret ballot or party card")]
    MethodNotAllowed,
    /// MTG-QA-03/07: only the superior delegate listed among the guests confirms a grade.
    #[error("no superior delegate of that name at this meeting")]
    NotSuperiorDelegate,
    /// MTG-TH-04/05: a topic group of the rule set in force on the meeting's date.
    #[error("no topic group {0} in the rule set in force")]
    UnknownTopicGroup(String),
    /// MTG-MIN-01: minutes and addenda exist only approved by a passed vote.
    #[error("the vote did not approve it")]
    NotApproved,
    /// MTG-MIN-01: approved minutes never change; corrections are addenda.
    #[error("the minutes are already approved")]
    MinutesAlreadyApproved,
    /// MTG-MIN-01, MTG-ORD-06: a meeting closes by approving its minutes; an addendum
    /// corrects approved minutes only.
    #[error("the minutes are not approved")]
    MinutesNotApproved,
    /// DOC-19, MTG-MIN-01: an official document (minutes, resolution) is made only from
    /// approved minutes.
    #[error("documents are made from approved minutes only")]
    DocumentNeedsApprovedMinutes,
    /// Issue 10, document 4: the final text of a topic belongs to a thematic meeting (or a
    /// combined session) whose approved minutes hold its thematic part.
    #[error("only a thematic meeting has a topic text")]
    TopicNeedsThematicMeeting,
    /// DOC-05/19: a resolution is signed, and numbered, once.
    #[error("the resolution is already signed")]
    ResolutionAlreadySigned,
    /// DOC-06: a document number "456-QĐ/ĐUK".
    #[error("{0:?} is not a document number of the form 456-QĐ/ĐUK")]
    MalformedReference(String),
    /// ADM-CER-02: an act admits one new member.
    #[error("each new member is admitted in a ceremony act of their own")]
    OneMemberPerAct,
    #[error("the ceremony needs the new member")]
    NewMemberRequired,
    #[error("the decision needs the committee that issued it")]
    IssuerRequired,
    #[error("the decision cannot be received before it was made")]
    ReceivedBeforeDecision,
    /// ADM-PRB-01: the helping member is another, official member.
    #[error("the helping member cannot be the new member")]
    HelperIsNewMember,
    /// ADM-PRB-01: the helping member is an official member of the cell.
    #[error("person {0} is not an official member of the cell on the ceremony's date")]
    HelperNotOfficial(crate::PersonId),
    #[error("the ceremony cannot be held before the admission decision")]
    CeremonyBeforeDecision,
    #[error("the ceremony cannot be held before the cell received the decision")]
    CeremonyBeforeReceipt,
    /// ADM-CER-01.
    #[error("the ceremony is due by {last_day}; later needs the superior committee's agreement")]
    LateWithoutAgreement { last_day: time::Date },
    #[error("the superior committee's agreement is dated after the ceremony")]
    AgreementAfterCeremony,
    #[error("person {0} has had their admission ceremony")]
    AlreadyAdmitted(crate::PersonId),
    /// The person is neither awaiting a ceremony in this cell nor one of its non-member staff.
    #[error("person {0} is not awaiting admission in this cell")]
    NotACandidate(crate::PersonId),
    /// ADM-CER-01..03: only a ceremony has an act, and it is approved with one.
    #[error("this meeting is not an admission ceremony")]
    NotACeremony,
    #[error("the ceremony has no act recorded (new member, decision, helping member)")]
    CeremonyActMissing,
}

impl MeetingError {
    pub fn code(&self) -> &'static str {
        match self {
            MeetingError::Transition { .. } => "meeting_transition",
            MeetingError::ReasonRequired => "reason_required",
            MeetingError::UnknownStep(_) => "unknown_step",
            MeetingError::StepState { .. } => "step_state",
            MeetingError::EndsBeforeStart => "ends_before_start",
            MeetingError::TooManyVotes { .. } => "too_many_votes",
            MeetingError::NotAVoter(_) => "not_a_voter",
            MeetingError::WrongScale => "wrong_scale",
            MeetingError::UnknownCriterion(_) => "unknown_criterion",
            MeetingError::TooManyPoints { .. } => "too_many_points",
            MeetingError::TaskWithoutOwner => "task_without_owner",
            MeetingError::DeadlineNotAfterMeeting => "deadline_not_after_meeting",
            MeetingError::OnlineWithoutReason => "online_without_reason",
            MeetingError::GuestWithoutName => "guest_without_name",
            MeetingError::DraftIncomplete => "draft_incomplete",
            MeetingError::NotInProgress(_) => "meeting_not_in_progress",
            MeetingError::NotOnRoster(_) => "not_on_roster",
            MeetingError::MethodNotAllowed => "method_not_allowed",
            MeetingError::NotSuperiorDelegate => "not_superior_delegate",
            MeetingError::UnknownTopicGroup(_) => "unknown_topic_group",
            MeetingError::NotApproved => "not_approved",
            MeetingError::MinutesAlreadyApproved => "minutes_already_approved",
            MeetingError::MinutesNotApproved => "minutes_not_approved",
            MeetingError::DocumentNeedsApprovedMinutes => "document_needs_approved_minutes",
            MeetingError::ResolutionAlreadySigned => "resolution_already_signed",
            MeetingError::TopicNeedsThematicMeeting => "topic_needs_thematic_meeting",
            MeetingError::MalformedReference(_) => "malformed_reference",
            MeetingError::OneMemberPerAct => "one_member_per_act",
            MeetingError::NewMemberRequired => "new_member_required",
            MeetingError::IssuerRequired => "issuer_required",
            MeetingError::ReceivedBeforeDecision => "received_before_decision",
            MeetingError::HelperIsNewMember => "helper_is_new_member",
            MeetingError::HelperNotOfficial(_) => "helper_not_official",
            MeetingError::CeremonyBeforeDecision => "ceremony_before_decision",
            MeetingError::CeremonyBeforeReceipt => "ceremony_before_receipt",
            MeetingError::LateWithoutAgreement { .. } => "ceremony_late_without_agreement",
            MeetingError::AgreementAfterCeremony => "agreement_after_ceremony",
            MeetingError::AlreadyAdmitted(_) => "already_admitted",
            MeetingError::NotACandidate(_) => "not_a_candidate",
            MeetingError::NotACeremony => "not_a_ceremony",
            MeetingError::CeremonyActMissing => "ceremony_act_missing",
        }
    }
}

/// A reason someone gave (postponement, cancellation, re-opening, a step not applicable):
/// trimmed, never empty.
pub(crate) fn reason(text: &str) -> Result<String, MeetingError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(MeetingError::ReasonRequired);
    }
    Ok(t.to_string())
}
