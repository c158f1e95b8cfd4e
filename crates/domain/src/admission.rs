//! The admission pipeline (issue 12, pure part; ADM-PIPE-01, ADM-AGE-01, ADM-EDU-01,
//! ADM-CERT-01, ADM-INT-01..03, ADM-BG-01, ADM-VOTE-01, ADM-DEC-01/02, ADM-CER-01,
//! ADM-LL-01, ADM-PRB-01..03, ADM-REC-01..06, CHR-VOTE-02, ORG-02).
//!
//! One [`Case`] per person and attempt. A case moves forward one stage at a time — a step
//! records the facts of the stage it reaches and is checked with the rule that governs it —
//! or back, explicitly, with a reason (a failed vote, an expired certificate, an introducer
//! who left). A closed case (withdrawn, refused, removed from the probationary list) lets the
//! person start a new attempt; an official member's case is over, so a person may be admitted
//! again later in life through a new case too. The ceremony itself is a meeting
//! ([`crate::meeting::ceremony`]); the case's `Ceremony` step records it and probation follows.
//!
//! Deadlines are counted in working days on the calendar, with the number of days of the
//! rule set in force on the trigger's date ([`Case::deadlines`]).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::calendar::WorkingCalendar;
use crate::meeting::ceremony::{DocumentRef, SuperiorAgreement};
use crate::meeting::vote::{Tally, VoteMethod, VoteSubject};
use crate::ruleset::{add_months, Catalogue, Deadline, VoteKind};
use crate::PersonId;

/// Why a step was refused; [`AdmissionError::rule`] names the rule it applies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdmissionError {
    #[error("a case at stage {from} cannot go to {to} (ADM-PIPE-01)")]
    Order {
        from: &'static str,
        to: &'static str,
    },
    #[error("a closed case takes no more steps")]
    Finished,
    #[error("going back needs an earlier stage before the ceremony and a reason")]
    BadBack,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("a step is dated before the previous one ({previous})")]
    BeforePrevious { previous: Date },
    #[error("{date} is in the future")]
    InFuture { date: Date },
    #[error("the awareness-course certificate expired on {last_valid} (ADM-CERT-01)")]
    CertificateExpired { last_valid: Date },
    #[error("the applicant's date of birth is not recorded (ADM-AGE-01)")]
    BirthDateUnknown,
    #[error("the applicant is {months} full months old; at least 216 are needed (ADM-AGE-01)")]
    TooYoung { months: i64 },
    #[error("the applicant is over 60 without the provincial agreement recorded (ADM-AGE-01)")]
    OverSixtyWithoutAgreement,
    #[error("lower-secondary education or a recorded exemption is required (ADM-EDU-01)")]
    Education,
    #[error(
        "the cell has {official} official members; at least 3 are needed (ORG-02, ADM-REC-06)"
    )]
    TooFewOfficialMembers { official: u32 },
    #[error("{votes_for} of {denominator} is below two thirds ({rule})")]
    VoteBelowTwoThirds {
        votes_for: u32,
        denominator: u32,
        rule: &'static str,
    },
    #[error("more votes ({cast}) than the denominator ({denominator})")]
    TooManyVotes { cast: u32, denominator: u32 },
    #[error("a show of hands is not allowed for this vote (CHR-VOTE-02)")]
    MethodNotAllowed,
    #[error("two introducers are needed: two official members, or a union committee and one official member (ADM-INT-03)")]
    IntroducerCount,
    #[error("introducer {0} is not an official member on that date (ADM-INT-01)")]
    IntroducerNotOfficial(PersonId),
    #[error("introducer {0} has less than 12 months together with the applicant (ADM-INT-01)")]
    IntroducerTooRecent(PersonId),
    #[error("the applicant cannot introduce themselves (ADM-INT-01)")]
    IntroducerIsApplicant,
    #[error("the background check must cover the applicant (ADM-BG-01)")]
    BackgroundCheckIncomplete,
    #[error("the ceremony is dated before the decision (ADM-CER-01)")]
    CeremonyBeforeDecision,
    #[error("the decision is received before it was made")]
    ReceivedBeforeDecision,
    #[error("the ceremony is after the last day {last_day} without the superior's agreement (ADM-CER-01)")]
    CeremonyLate { last_day: Date },
    #[error("the helping member cannot be the new member (ADM-PRB-01)")]
    HelperIsNewMember,
    #[error(
        "the helping member {0} is not an official member of the cell on that date (ADM-PRB-01)"
    )]
    HelperNotOfficial(PersonId),
    #[error("the recognition vote is dated inside probation, which ends on {ends} (ADM-REC-01)")]
    RecognitionInsideProbation { ends: Date },
    #[error("the recognition decision comes before the cell's resolution (ADM-REC-03)")]
    DecisionBeforeResolution,
    #[error("a decision deadline may be extended by at most {max} working days in all (ADM-DEC-02, ADM-REC-03)")]
    ExtensionTooLong { max: u32 },
    #[error("{0}")]
    Text(&'static str),
    #[error("no rule set or calendar for {0}")]
    NoRules(Date),
}

impl AdmissionError {
    /// Stable code for the API and the catalogues.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Order { .. } => "admission_order",
            Self::Finished => "admission_finished",
            Self::BadBack => "admission_bad_back",
            Self::ReasonRequired => "reason_required",
            Self::BeforePrevious { .. } => "admission_before_previous",
            Self::InFuture { .. } => "admission_in_future",
            Self::CertificateExpired { .. } => "certificate_expired",
            Self::BirthDateUnknown => "birth_date_unknown",
            Self::TooYoung { .. } => "applicant_too_young",
            Self::OverSixtyWithoutAgreement => "over_sixty_without_agreement",
            Self::Education => "education_required",
            Self::TooFewOfficialMembers { .. } => "too_few_official_members",
            Self::VoteBelowTwoThirds { .. } => "vote_below_two_thirds",
            Self::TooManyVotes { .. } => "too_many_votes",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::IntroducerCount => "introducer_count",
            Self::IntroducerNotOfficial(_) => "introducer_not_official",
            Self::IntroducerTooRecent(_) => "introducer_too_recent",
            Self::IntroducerIsApplicant => "introducer_is_applicant",
            Self::BackgroundCheckIncomplete => "background_check_incomplete",
            Self::CeremonyBeforeDecision => "ceremony_before_decision",
            Self::ReceivedBeforeDecision => "received_before_decision",
            Self::CeremonyLate { .. } => "late_without_agreement",
            Self::HelperIsNewMember => "helper_is_new_member",
            Self::HelperNotOfficial(_) => "helper_not_official",
            Self::RecognitionInsideProbation { .. } => "recognition_inside_probation",
            Self::DecisionBeforeResolution => "decision_before_resolution",
            Self::ExtensionTooLong { .. } => "extension_too_long",
            Self::Text(_) => "admission_invalid",
            Self::NoRules(_) => "no_rules_for_date",
        }
    }

    /// The rule the refusal applies, when one does.
    pub fn rule(&self) -> Option<&'static str> {
        Some(match self {
            Self::Order { .. } => "ADM-PIPE-01",
            Self::CertificateExpired { .. } => "ADM-CERT-01",
            Self::BirthDateUnknown | Self::TooYoung { .. } | Self::OverSixtyWithoutAgreement => {
                "ADM-AGE-01"
            }
            Self::Education => "ADM-EDU-01",
            Self::TooFewOfficialMembers { .. } => "ORG-02",
            Self::VoteBelowTwoThirds { rule, .. } => rule,
            Self::MethodNotAllowed => "CHR-VOTE-02",
            Self::IntroducerCount => "ADM-INT-03",
            Self::IntroducerNotOfficial(_)
            | Self::IntroducerTooRecent(_)
            | Self::IntroducerIsApplicant => "ADM-INT-01",
            Self::BackgroundCheckIncomplete => "ADM-BG-01",
            Self::CeremonyBeforeDecision | Self::CeremonyLate { .. } => "ADM-CER-01",
            Self::HelperIsNewMember | Self::HelperNotOfficial(_) => "ADM-PRB-01",
            Self::RecognitionInsideProbation { .. } => "ADM-REC-01",
            Self::DecisionBeforeResolution => "ADM-REC-03",
            Self::ExtensionTooLong { .. } => "ADM-DEC-02",
            _ => return None,
        })
    }
}

/// The stages of ADM-PIPE-01 and of probation, in order. A case "is at" the last stage it
/// reached; `Official`, `Removed` and `Closed` end it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Listed as a sympathiser with a helping member.
    Sympathiser,
    /// Awareness course done, certificate recorded (ADM-CERT-01).
    Course,
    /// Application letter (before the life history).
    Application,
    /// Life history written.
    LifeHistory,
    /// Background check done (ADM-BG-01).
    BackgroundCheck,
    /// Opinions of mass organisations and of the residence committee, summarised.
    Opinions,
    /// Introducers named (ADM-INT-01..03).
    Introducers,
    /// The cell's resolution proposing admission (ADM-VOTE-01).
    CellResolution,
    /// The basic committee's resolution.
    CommitteeResolution,
    /// The competent committee's decision (ADM-DEC-01/02).
    Decision,
    /// The cell received the decision: the case a ceremony act admits (ADM-CER-01).
    DecisionReceived,
    /// Ceremony held: probation runs 12 months from it (ADM-PRB-01).
    Probation,
    /// The new member's life history completed (ADM-LL-01).
    MemberLifeHistory,
    /// The cell's resolution proposing recognition (ADM-REC-01/02).
    RecognitionResolution,
    /// Recognised by the competent committee's decision (ADM-REC-03, ADM-PRB-03).
    Official,
    /// Removed from the probationary list (ADM-REC-02).
    Removed,
    /// Closed before the ceremony (withdrawn, refused), with a reason.
    Closed,
}

impl Stage {
    /// The forward path, in order.
    pub const PATH: [Stage; 15] = [
        Stage::Sympathiser,
        Stage::Course,
        Stage::Application,
        Stage::LifeHistory,
        Stage::BackgroundCheck,
        Stage::Opinions,
        Stage::Introducers,
        Stage::CellResolution,
        Stage::CommitteeResolution,
        Stage::Decision,
        Stage::DecisionReceived,
        Stage::Probation,
        Stage::MemberLifeHistory,
        Stage::RecognitionResolution,
        Stage::Official,
    ];

    pub const ALL: [Stage; 17] = [
        Stage::Sympathiser,
        Stage::Course,
        Stage::Application,
        Stage::LifeHistory,
        Stage::BackgroundCheck,
        Stage::Opinions,
        Stage::Introducers,
        Stage::CellResolution,
        Stage::CommitteeResolution,
        Stage::Decision,
        Stage::DecisionReceived,
        Stage::Probation,
        Stage::MemberLifeHistory,
        Stage::RecognitionResolution,
        Stage::Official,
        Stage::Removed,
        Stage::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Sympathiser => "sympathiser",
            Stage::Course => "course",
            Stage::Application => "application",
            Stage::LifeHistory => "life_history",
            Stage::BackgroundCheck => "background_check",
            Stage::Opinions => "opinions",
            Stage::Introducers => "introducers",
            Stage::CellResolution => "cell_resolution",
            Stage::CommitteeResolution => "committee_resolution",
            Stage::Decision => "decision",
            Stage::DecisionReceived => "decision_received",
            Stage::Probation => "probation",
            Stage::MemberLifeHistory => "member_life_history",
            Stage::RecognitionResolution => "recognition_resolution",
            Stage::Official => "official",
            Stage::Removed => "removed",
            Stage::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Position on the forward path; `None` for the two ends off it.
    pub fn position(self) -> Option<usize> {
        Self::PATH.iter().position(|s| *s == self)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Stage::Official | Stage::Removed | Stage::Closed)
    }

    /// Before the ceremony: a case may still go back or be closed.
    pub fn before_ceremony(self) -> bool {
        self <= Stage::DecisionReceived
    }

    /// The documents of the file reaching this stage (ADM-PIPE-01, ADM-REC-04). The
    /// catalogue numbers the forms 1-KNĐ … 15-KNĐ without naming them one by one, so the
    /// checklist names each document by what it is, not by a form number.
    pub fn checklist(self) -> &'static [AdmissionDocument] {
        use AdmissionDocument as D;
        match self {
            Stage::Sympathiser => &[],
            Stage::Course => &[D::AwarenessCertificate],
            Stage::Application => &[D::ApplicationLetter],
            Stage::LifeHistory => &[D::ApplicantLifeHistory],
            Stage::BackgroundCheck => &[D::BackgroundCheck],
            Stage::Opinions => &[D::OpinionsSummary],
            Stage::Introducers => &[D::Introduction],
            Stage::CellResolution => &[D::CellResolution],
            Stage::CommitteeResolution => &[D::CommitteeResolution],
            Stage::Decision | Stage::DecisionReceived => &[D::AdmissionDecision],
            Stage::Probation => &[D::CeremonyMinutes],
            Stage::MemberLifeHistory => &[D::MemberLifeHistory],
            Stage::RecognitionResolution => &[
                D::NewMemberCertificate,
                D::SelfAssessment,
                D::HelperComments,
                D::RecognitionOpinions,
                D::RecognitionResolution,
                D::RecognitionCommitteeResolution,
            ],
            Stage::Official => &[D::RecognitionDecision],
            Stage::Removed | Stage::Closed => &[],
        }
    }
}

/// A document of an admission file (ADM-PIPE-01, ADM-REC-04).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdmissionDocument {
    AwarenessCertificate,
    ApplicationLetter,
    ApplicantLifeHistory,
    BackgroundCheck,
    OpinionsSummary,
    Introduction,
    CellResolution,
    CommitteeResolution,
    AdmissionDecision,
    CeremonyMinutes,
    MemberLifeHistory,
    NewMemberCertificate,
    SelfAssessment,
    HelperComments,
    RecognitionOpinions,
    RecognitionResolution,
    RecognitionCommitteeResolution,
    RecognitionDecision,
}

impl AdmissionDocument {
    pub const ALL: [AdmissionDocument; 18] = [
        Self::AwarenessCertificate,
        Self::ApplicationLetter,
        Self::ApplicantLifeHistory,
        Self::BackgroundCheck,
        Self::OpinionsSummary,
        Self::Introduction,
        Self::CellResolution,
        Self::CommitteeResolution,
        Self::AdmissionDecision,
        Self::CeremonyMinutes,
        Self::MemberLifeHistory,
        Self::NewMemberCertificate,
        Self::SelfAssessment,
        Self::HelperComments,
        Self::RecognitionOpinions,
        Self::RecognitionResolution,
        Self::RecognitionCommitteeResolution,
        Self::RecognitionDecision,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AwarenessCertificate => "awareness_certificate",
            Self::ApplicationLetter => "application_letter",
            Self::ApplicantLifeHistory => "applicant_life_history",
            Self::BackgroundCheck => "background_check",
            Self::OpinionsSummary => "opinions_summary",
            Self::Introduction => "introduction",
            Self::CellResolution => "cell_resolution",
            Self::CommitteeResolution => "committee_resolution",
            Self::AdmissionDecision => "admission_decision",
            Self::CeremonyMinutes => "ceremony_minutes",
            Self::MemberLifeHistory => "member_life_history",
            Self::NewMemberCertificate => "new_member_certificate",
            Self::SelfAssessment => "self_assessment",
            Self::HelperComments => "helper_comments",
            Self::RecognitionOpinions => "recognition_opinions",
            Self::RecognitionResolution => "recognition_resolution",
            Self::RecognitionCommitteeResolution => "recognition_committee_resolution",
            Self::RecognitionDecision => "recognition_decision",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Education as the cell records it (ADM-EDU-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Education {
    /// At least lower-secondary education.
    pub lower_secondary: bool,
    /// The recorded exemption (mountain, island, ethnic-minority area, special case).
    pub exemption: Option<String>,
}

/// Who introduces the applicant (ADM-INT-01..03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Introducer {
    /// An official member who worked, studied or lived with the applicant since
    /// `together_since` (ADM-INT-01); a replacement is exempt from the 12 months (ADM-INT-02).
    Member {
        person: PersonId,
        together_since: Date,
        #[serde(default)]
        replacement: bool,
    },
    /// The Youth Union's or trade union's basic executive committee, by its resolution
    /// (ADM-INT-03).
    UnionCommittee { resolution: String },
}

/// A cell vote as recorded (ADM-VOTE-01, ADM-REC-02): the counts and the denominator derived
/// at the meeting (MTG-ATT-03), the method (CHR-VOTE-02), and the meeting vote it comes from
/// when the meeting was recorded in chibo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellVote {
    pub method: VoteMethod,
    pub tally: Tally,
    pub denominator: u32,
    pub meeting_vote: Option<i64>,
}

/// A relative or the applicant, checked in the background check (ADM-BG-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Checked {
    Applicant,
    Parents,
    ParentsInLaw,
    Spouse,
    AdultChildren,
}

/// One step of a case: the stage it reaches and the facts of that stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Course {
        certificate_date: Date,
    },
    Application,
    LifeHistory,
    BackgroundCheck {
        checked: Vec<Checked>,
    },
    Opinions {
        summary: String,
    },
    Introducers {
        introducers: Vec<Introducer>,
    },
    CellResolution {
        vote: CellVote,
        education: Education,
        /// ADM-AGE-01: the provincial standing committee's agreement for an applicant over 60.
        provincial_agreement: Option<String>,
    },
    CommitteeResolution {
        reference: Option<DocumentRef>,
    },
    Decision {
        reference: DocumentRef,
        issuer: String,
    },
    DecisionReceived,
    Ceremony {
        helper: PersonId,
        agreement: Option<SuperiorAgreement>,
    },
    MemberLifeHistory,
    RecognitionResolution {
        vote: CellVote,
    },
    RecognitionDecision {
        reference: DocumentRef,
    },
    /// ADM-REC-02: a probationary member who does not qualify.
    RemoveFromProbation {
        reason: String,
    },
    /// Back to an earlier stage before the ceremony, with the reason.
    Back {
        to: Stage,
        reason: String,
    },
    /// Closing a case before the ceremony (withdrawn, refused).
    Close {
        reason: String,
    },
    /// ADM-DEC-02, ADM-REC-03: in a special case, the competent committee's decision
    /// deadline running at this stage (admission after the cell's resolution, recognition
    /// after the recognition resolution) extended by `days` working days, with the reason;
    /// at most the rule set's maximum in all. The stage does not change.
    ExtendDecision {
        days: u32,
        reason: String,
    },
}

impl Step {
    /// The stage a step leads to; `None` for a step that stays at its stage (an extension).
    pub fn target(&self) -> Option<Stage> {
        Some(match self {
            Step::Course { .. } => Stage::Course,
            Step::Application => Stage::Application,
            Step::LifeHistory => Stage::LifeHistory,
            Step::BackgroundCheck { .. } => Stage::BackgroundCheck,
            Step::Opinions { .. } => Stage::Opinions,
            Step::Introducers { .. } => Stage::Introducers,
            Step::CellResolution { .. } => Stage::CellResolution,
            Step::CommitteeResolution { .. } => Stage::CommitteeResolution,
            Step::Decision { .. } => Stage::Decision,
            Step::DecisionReceived => Stage::DecisionReceived,
            Step::Ceremony { .. } => Stage::Probation,
            Step::MemberLifeHistory => Stage::MemberLifeHistory,
            Step::RecognitionResolution { .. } => Stage::RecognitionResolution,
            Step::RecognitionDecision { .. } => Stage::Official,
            Step::RemoveFromProbation { .. } => Stage::Removed,
            Step::Back { to, .. } => *to,
            Step::Close { .. } => Stage::Closed,
            Step::ExtendDecision { .. } => return None,
        })
    }
}

/// The dated facts a case has gathered; a step back forgets those of the stages it undoes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    pub certificate_date: Option<Date>,
    pub cell_resolution: Option<Date>,
    pub decision: Option<Date>,
    pub decision_ref: Option<DocumentRef>,
    pub decision_received: Option<Date>,
    pub ceremony: Option<Date>,
    pub helper: Option<PersonId>,
    pub member_life_history: Option<Date>,
    pub recognition_resolution: Option<Date>,
    pub recognition_decision: Option<Date>,
    pub recognition_ref: Option<DocumentRef>,
    /// ADM-DEC-02: working days added to the admission decision's deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_extension: Option<u32>,
    /// ADM-REC-03: working days added to the recognition decision's deadline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognition_extension: Option<u32>,
}

/// One admission case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub person: PersonId,
    /// The member helping the sympathiser (ADM-PIPE-01).
    pub sympathiser_helper: PersonId,
    pub opened_on: Date,
    pub stage: Stage,
    /// The date of the last step.
    pub last_step: Date,
    pub facts: Facts,
}

/// What a step is judged with, looked up by the caller for the step's date.
pub struct Context<'a> {
    pub catalogue: &'a Catalogue,
    pub calendar: &'a WorkingCalendar,
    /// The applicant's date of birth (ADM-AGE-01).
    pub birth_date: Option<Date>,
    /// Official members of the cell on the step's date (ORG-02, ADM-REC-06).
    pub official_members: u32,
    /// Introducers who are official members on the step's date (ADM-INT-01).
    pub official_introducers: &'a [PersonId],
    pub today: Date,
}

fn required(text: &str) -> Result<String, AdmissionError> {
    let t = text.trim();
    if t.is_empty() {
        Err(AdmissionError::ReasonRequired)
    } else {
        Ok(t.to_string())
    }
}

/// Full months between `birth` and `on` (ADM-AGE-01).
pub fn full_months(birth: Date, on: Date) -> i64 {
    let months = (i64::from(on.year()) - i64::from(birth.year())) * 12
        + i64::from(u8::from(on.month()))
        - i64::from(u8::from(birth.month()));
    // A month is full once the day of the month is reached, or the month ends before it.
    if add_months(birth, u32::try_from(months.max(0)).unwrap_or(0)) > on {
        months - 1
    } else {
        months
    }
}

/// ADM-AGE-01: 18 to 60 years in full months on the date the cell considers the case; over
/// 60 only with the provincial agreement recorded.
pub fn check_age(
    birth: Option<Date>,
    on: Date,
    provincial_agreement: bool,
) -> Result<(), AdmissionError> {
    let birth = birth.ok_or(AdmissionError::BirthDateUnknown)?;
    let months = full_months(birth, on);
    if months < 18 * 12 {
        return Err(AdmissionError::TooYoung { months });
    }
    if months > 60 * 12 && !provincial_agreement {
        return Err(AdmissionError::OverSixtyWithoutAgreement);
    }
    Ok(())
}

/// ADM-INT-01..03: two introducers — two official members, or one union committee and one
/// official member; each member official on the date, with 12 months together unless a
/// replacement (ADM-INT-02).
pub fn check_introducers(
    applicant: PersonId,
    introducers: &[Introducer],
    on: Date,
    official: &[PersonId],
) -> Result<(), AdmissionError> {
    let members = introducers
        .iter()
        .filter(|i| matches!(i, Introducer::Member { .. }))
        .count();
    let unions = introducers.len() - members;
    if introducers.len() != 2 || members == 0 || unions > 1 {
        return Err(AdmissionError::IntroducerCount);
    }
    let mut seen = Vec::new();
    for i in introducers {
        match i {
            Introducer::Member {
                person,
                together_since,
                replacement,
            } => {
                if *person == applicant {
                    return Err(AdmissionError::IntroducerIsApplicant);
                }
                if seen.contains(person) {
                    return Err(AdmissionError::IntroducerCount);
                }
                seen.push(*person);
                if !official.contains(person) {
                    return Err(AdmissionError::IntroducerNotOfficial(*person));
                }
                if !replacement && add_months(*together_since, 12) > on {
                    return Err(AdmissionError::IntroducerTooRecent(*person));
                }
            }
            Introducer::UnionCommittee { resolution } => {
                if resolution.trim().is_empty() {
                    return Err(AdmissionError::Text("union committee resolution required"));
                }
            }
        }
    }
    Ok(())
}

/// ADM-VOTE-01, ADM-REC-02, CHR-VOTE-02: at least two thirds of the derived denominator, by
/// ballot or party card. A vote below is refused, never recorded as passing.
pub fn check_vote(
    catalogue: &Catalogue,
    on: Date,
    subject: VoteSubject,
    vote: &CellVote,
) -> Result<(), AdmissionError> {
    let rules = catalogue
        .rules_on(on)
        .map_err(|_| AdmissionError::NoRules(on))?;
    if subject.check_method(vote.method).is_err() {
        return Err(AdmissionError::MethodNotAllowed);
    }
    if vote.tally.cast() > vote.denominator {
        return Err(AdmissionError::TooManyVotes {
            cast: vote.tally.cast(),
            denominator: vote.denominator,
        });
    }
    let (kind, rule) = match subject {
        VoteSubject::Recognition => (VoteKind::Recognition, "ADM-REC-02"),
        _ => (VoteKind::Admission, "ADM-VOTE-01"),
    };
    if vote.denominator == 0 || !rules.vote_passes(kind, vote.tally.votes_for, vote.denominator) {
        return Err(AdmissionError::VoteBelowTwoThirds {
            votes_for: vote.tally.votes_for,
            denominator: vote.denominator,
            rule,
        });
    }
    Ok(())
}

/// A deadline of a case: what falls due, by which rule, counted from which trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub deadline: Deadline,
    pub rule: &'static str,
    pub trigger: Date,
    /// The earliest day it may be done, when the rule fixes one (recognition: after
    /// probation ends, ADM-REC-01).
    pub from: Option<Date>,
    /// The last working day.
    pub last_day: Date,
}

/// `n` working days of `deadline` after `trigger`, with the number of the rule set in force on
/// the trigger's date.
pub fn last_day(
    catalogue: &Catalogue,
    calendar: &WorkingCalendar,
    deadline: Deadline,
    trigger: Date,
) -> Result<Date, AdmissionError> {
    last_day_extended(catalogue, calendar, deadline, trigger, 0)
}

/// [`last_day`] with `extra` working days added (ADM-DEC-02, ADM-REC-03: an extended
/// decision deadline).
pub fn last_day_extended(
    catalogue: &Catalogue,
    calendar: &WorkingCalendar,
    deadline: Deadline,
    trigger: Date,
    extra: u32,
) -> Result<Date, AdmissionError> {
    let n = catalogue
        .rules_on(trigger)
        .map_err(|_| AdmissionError::NoRules(trigger))?
        .deadline(deadline)
        .get();
    calendar
        .add_working_days(trigger, n.saturating_add(extra))
        .map_err(|_| AdmissionError::NoRules(trigger))
}

impl Case {
    /// A sympathiser listed with a helping member (ADM-PIPE-01).
    pub fn open(
        person: PersonId,
        helper: PersonId,
        on: Date,
        today: Date,
    ) -> Result<Self, AdmissionError> {
        if helper == person {
            return Err(AdmissionError::HelperIsNewMember);
        }
        if on > today {
            return Err(AdmissionError::InFuture { date: on });
        }
        Ok(Self {
            person,
            sympathiser_helper: helper,
            opened_on: on,
            stage: Stage::Sympathiser,
            last_step: on,
            facts: Facts::default(),
        })
    }

    pub fn is_open(&self) -> bool {
        !self.stage.is_final()
    }

    /// ADM-PRB-03: the day probation is complete, once the ceremony is recorded.
    pub fn probation_ends(&self, catalogue: &Catalogue) -> Option<Date> {
        let c = self.facts.ceremony?;
        catalogue
            .rules_on(c)
            .ok()
            .map(|r| r.probation_complete_on(c))
    }

    /// Applies one step dated `on`: forward to the next stage only, or back/closed with a
    /// reason. Returns the case after the step; the original is untouched.
    pub fn apply(&self, step: &Step, on: Date, ctx: &Context) -> Result<Case, AdmissionError> {
        if self.stage.is_final() {
            return Err(AdmissionError::Finished);
        }
        if on > ctx.today {
            return Err(AdmissionError::InFuture { date: on });
        }
        if on < self.last_step {
            return Err(AdmissionError::BeforePrevious {
                previous: self.last_step,
            });
        }
        let mut next = self.clone();
        next.last_step = on;
        match step {
            Step::Back { to, reason } => {
                required(reason)?;
                if !self.stage.before_ceremony() || *to >= self.stage || to.is_final() {
                    return Err(AdmissionError::BadBack);
                }
                next.stage = *to;
                next.forget_after(*to);
                return Ok(next);
            }
            Step::Close { reason } => {
                required(reason)?;
                if !self.stage.before_ceremony() {
                    return Err(AdmissionError::Order {
                        from: self.stage.code(),
                        to: Stage::Closed.code(),
                    });
                }
                next.stage = Stage::Closed;
                return Ok(next);
            }
            Step::RemoveFromProbation { reason } => {
                required(reason)?;
                if !(Stage::Probation..=Stage::RecognitionResolution).contains(&self.stage) {
                    return Err(AdmissionError::Order {
                        from: self.stage.code(),
                        to: Stage::Removed.code(),
                    });
                }
                next.stage = Stage::Removed;
                return Ok(next);
            }
            Step::ExtendDecision { days, reason } => {
                required(reason)?;
                let (deadline, already) = match self.stage {
                    Stage::CellResolution | Stage::CommitteeResolution => (
                        Deadline::AdmissionDecision,
                        &mut next.facts.decision_extension,
                    ),
                    Stage::RecognitionResolution => (
                        Deadline::RecognitionDecision,
                        &mut next.facts.recognition_extension,
                    ),
                    _ => {
                        return Err(AdmissionError::Order {
                            from: self.stage.code(),
                            to: self.stage.code(),
                        })
                    }
                };
                // The maximum of the rule set in force on the day of the extension.
                let rules = ctx
                    .catalogue
                    .rules_on(on)
                    .map_err(|_| AdmissionError::NoRules(on))?;
                let max = rules
                    .extended_deadline(deadline)
                    .map(|w| w.get().saturating_sub(rules.deadline(deadline).get()))
                    .unwrap_or(0);
                let total = already.unwrap_or(0).saturating_add(*days);
                if *days == 0 || total > max {
                    return Err(AdmissionError::ExtensionTooLong { max });
                }
                *already = Some(total);
                return Ok(next);
            }
            _ => {}
        }
        let target = step.target().ok_or(AdmissionError::Text("step"))?;
        // ADM-PIPE-01: forward by exactly one stage.
        let expected = self
            .stage
            .position()
            .and_then(|i| Stage::PATH.get(i + 1))
            .copied();
        if expected != Some(target) {
            return Err(AdmissionError::Order {
                from: self.stage.code(),
                to: target.code(),
            });
        }
        match step {
            Step::Course { certificate_date } => {
                if *certificate_date > on {
                    return Err(AdmissionError::InFuture {
                        date: *certificate_date,
                    });
                }
                next.facts.certificate_date = Some(*certificate_date);
            }
            Step::BackgroundCheck { checked } if !checked.contains(&Checked::Applicant) => {
                return Err(AdmissionError::BackgroundCheckIncomplete);
            }
            Step::Opinions { summary } if summary.trim().is_empty() => {
                return Err(AdmissionError::Text("summary required"));
            }
            Step::Introducers { introducers } => {
                check_introducers(self.person, introducers, on, ctx.official_introducers)?;
            }
            Step::CellResolution {
                vote,
                education,
                provincial_agreement,
            } => {
                let rules = ctx
                    .catalogue
                    .rules_on(on)
                    .map_err(|_| AdmissionError::NoRules(on))?;
                // ADM-CERT-01: still valid on the day the cell considers the case.
                let issued = self
                    .facts
                    .certificate_date
                    .ok_or(AdmissionError::Text("certificate missing"))?;
                if !rules.certificate_valid_on(issued, on) {
                    return Err(AdmissionError::CertificateExpired {
                        last_valid: rules.certificate_last_valid_day(issued).unwrap_or(issued),
                    });
                }
                check_age(
                    ctx.birth_date,
                    on,
                    provincial_agreement
                        .as_deref()
                        .is_some_and(|a| !a.trim().is_empty()),
                )?;
                if !education.lower_secondary
                    && education
                        .exemption
                        .as_deref()
                        .is_none_or(|e| e.trim().is_empty())
                {
                    return Err(AdmissionError::Education);
                }
                if ctx.official_members < 3 {
                    return Err(AdmissionError::TooFewOfficialMembers {
                        official: ctx.official_members,
                    });
                }
                check_vote(ctx.catalogue, on, VoteSubject::Admission, vote)?;
                next.facts.cell_resolution = Some(on);
            }
            Step::Decision { reference, issuer } => {
                if issuer.trim().is_empty() {
                    return Err(AdmissionError::Text("issuer required"));
                }
                next.facts.decision = Some(on);
                next.facts.decision_ref = Some(reference.clone());
            }
            Step::DecisionReceived => {
                next.facts.decision_received = Some(on);
            }
            Step::Ceremony { helper, agreement } => {
                if *helper == self.person {
                    return Err(AdmissionError::HelperIsNewMember);
                }
                let decision = self
                    .facts
                    .decision
                    .ok_or(AdmissionError::Text("decision"))?;
                if on < decision {
                    return Err(AdmissionError::CeremonyBeforeDecision);
                }
                let received = self.facts.decision_received.unwrap_or(decision);
                let last = last_day(ctx.catalogue, ctx.calendar, Deadline::Ceremony, received)?;
                match agreement {
                    None if on > last => {
                        return Err(AdmissionError::CeremonyLate { last_day: last })
                    }
                    Some(a) if a.reference.trim().is_empty() || a.date > on => {
                        return Err(AdmissionError::CeremonyLate { last_day: last })
                    }
                    _ => {}
                }
                next.facts.ceremony = Some(on);
                next.facts.helper = Some(*helper);
            }
            Step::MemberLifeHistory => {
                next.facts.member_life_history = Some(on);
            }
            Step::RecognitionResolution { vote } => {
                let ends = self
                    .probation_ends(ctx.catalogue)
                    .ok_or(AdmissionError::Text("ceremony"))?;
                // ADM-REC-01, ADM-PRB-03: dated from the day probation is complete.
                if on < ends {
                    return Err(AdmissionError::RecognitionInsideProbation { ends });
                }
                // ADM-REC-06: the recognition meeting needs 3 official members.
                if ctx.official_members < 3 {
                    return Err(AdmissionError::TooFewOfficialMembers {
                        official: ctx.official_members,
                    });
                }
                check_vote(ctx.catalogue, on, VoteSubject::Recognition, vote)?;
                next.facts.recognition_resolution = Some(on);
            }
            Step::RecognitionDecision { reference } => {
                if self.facts.recognition_resolution.is_some_and(|r| on < r) {
                    return Err(AdmissionError::DecisionBeforeResolution);
                }
                next.facts.recognition_decision = Some(on);
                next.facts.recognition_ref = Some(reference.clone());
            }
            _ => {}
        }
        if matches!(step, Step::Decision { .. })
            && self.facts.cell_resolution.is_some_and(|r| on < r)
        {
            return Err(AdmissionError::Text(
                "decision before the cell's resolution",
            ));
        }
        next.stage = target;
        Ok(next)
    }

    fn forget_after(&mut self, to: Stage) {
        let f = &mut self.facts;
        if to < Stage::Course {
            f.certificate_date = None;
        }
        if to < Stage::CellResolution {
            f.cell_resolution = None;
            f.decision_extension = None;
        }
        if to < Stage::Decision {
            f.decision = None;
            f.decision_ref = None;
        }
        if to < Stage::DecisionReceived {
            f.decision_received = None;
        }
    }

    /// ADM-PRB-03: the official date once recognised — the anniversary of the ceremony.
    pub fn official_from(&self, catalogue: &Catalogue) -> Option<Date> {
        (self.stage == Stage::Official)
            .then(|| self.probation_ends(catalogue))
            .flatten()
    }

    /// What falls due now at this stage, each with its rule and last working day
    /// (ADM-DEC-02, ADM-CER-01, ADM-LL-01, ADM-REC-01, ADM-REC-03). A deadline is counted with
    /// the number of working days of the rule set in force on its trigger's date.
    pub fn deadlines(
        &self,
        catalogue: &Catalogue,
        calendar: &WorkingCalendar,
    ) -> Result<Vec<Due>, AdmissionError> {
        let mut out = Vec::new();
        let f = &self.facts;
        let extra = |deadline: Deadline| match deadline {
            Deadline::AdmissionDecision => f.decision_extension.unwrap_or(0),
            Deadline::RecognitionDecision => f.recognition_extension.unwrap_or(0),
            _ => 0,
        };
        let mut push = |deadline: Deadline, trigger: Date, from: Option<Date>| {
            last_day_extended(catalogue, calendar, deadline, trigger, extra(deadline)).map(|last| {
                out.push(Due {
                    deadline,
                    rule: deadline.rule_id(),
                    trigger,
                    from,
                    last_day: last,
                })
            })
        };
        match self.stage {
            Stage::CellResolution | Stage::CommitteeResolution => {
                if let Some(r) = f.cell_resolution {
                    push(Deadline::AdmissionDecision, r, None)?;
                }
            }
            Stage::DecisionReceived => {
                if let Some(r) = f.decision_received {
                    push(Deadline::Ceremony, r, None)?;
                }
            }
            Stage::Probation | Stage::MemberLifeHistory => {
                if let Some(c) = f.ceremony {
                    if self.stage == Stage::Probation {
                        push(Deadline::LifeHistory, c, None)?;
                    }
                    if let Some(end) = self.probation_ends(catalogue) {
                        push(Deadline::Recognition, end, Some(end))?;
                    }
                }
            }
            Stage::RecognitionResolution => {
                if let Some(r) = f.recognition_resolution {
                    push(Deadline::RecognitionDecision, r, None)?;
                }
            }
            _ => {}
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const APPLICANT: PersonId = PersonId(100);
    const HELPER: PersonId = PersonId(1);
    const A: PersonId = PersonId(2);
    const B: PersonId = PersonId(3);

    fn catalogue() -> Catalogue {
        Catalogue::builtin()
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::builtin(2018..=2028).unwrap()
    }

    fn passing_vote() -> CellVote {
        CellVote {
            method: VoteMethod::SecretBallot,
            tally: Tally {
                votes_for: 8,
                against: 1,
                abstain: 0,
            },
            denominator: 9,
            meeting_vote: None,
        }
    }

    fn step_for(stage: Stage) -> Step {
        match stage {
            Stage::Course => Step::Course {
                certificate_date: date!(2024 - 01 - 10),
            },
            Stage::Application => Step::Application,
            Stage::LifeHistory => Step::LifeHistory,
            Stage::BackgroundCheck => Step::BackgroundCheck {
                checked: vec![Checked::Applicant, Checked::Parents],
            },
            Stage::Opinions => Step::Opinions {
                summary: "Tốt".into(),
            },
            Stage::Introducers => Step::Introducers {
                introducers: vec![
                    Introducer::Member {
                        person: A,
                        together_since: date!(2020 - 01 - 01),
                        replacement: false,
                    },
                    Introducer::Member {
                        person: B,
                        together_since: date!(2020 - 01 - 01),
                        replacement: false,
                    },
                ],
            },
            Stage::CellResolution => Step::CellResolution {
                vote: passing_vote(),
                education: Education {
                    lower_secondary: true,
                    exemption: None,
                },
                provincial_agreement: None,
            },
            Stage::CommitteeResolution => Step::CommitteeResolution { reference: None },
            Stage::Decision => Step::Decision {
                reference: DocumentRef::parse("456-QĐ/ĐUK").unwrap(),
                issuer: "Đảng ủy Khối".into(),
            },
            Stage::DecisionReceived => Step::DecisionReceived,
            Stage::Probation => Step::Ceremony {
                helper: HELPER,
                agreement: None,
            },
            Stage::MemberLifeHistory => Step::MemberLifeHistory,
            Stage::RecognitionResolution => Step::RecognitionResolution {
                vote: passing_vote(),
            },
            Stage::Official => Step::RecognitionDecision {
                reference: DocumentRef::parse("12-QĐ/ĐUK").unwrap(),
            },
            Stage::Sympathiser | Stage::Removed | Stage::Closed => {
                Step::Close { reason: "x".into() }
            }
        }
    }

    /// The S1 dates: cell resolution 10/9/2024, decision 5/11, received 8/11, ceremony
    /// 22/11/2024, recognition 25/11/2025.
    fn date_for(stage: Stage) -> Date {
        match stage {
            Stage::Course => date!(2024 - 02 - 01),
            Stage::Application => date!(2024 - 03 - 01),
            Stage::LifeHistory => date!(2024 - 04 - 01),
            Stage::BackgroundCheck => date!(2024 - 06 - 01),
            Stage::Opinions => date!(2024 - 07 - 01),
            Stage::Introducers => date!(2024 - 08 - 01),
            Stage::CellResolution => date!(2024 - 09 - 10),
            Stage::CommitteeResolution => date!(2024 - 09 - 20),
            Stage::Decision => date!(2024 - 11 - 05),
            Stage::DecisionReceived => date!(2024 - 11 - 08),
            Stage::Probation => date!(2024 - 11 - 22),
            Stage::MemberLifeHistory => date!(2024 - 12 - 20),
            Stage::RecognitionResolution => date!(2025 - 11 - 25),
            Stage::Official => date!(2025 - 12 - 10),
            _ => date!(2026 - 01 - 01),
        }
    }

    fn ctx<'a>(cat: &'a Catalogue, cal: &'a WorkingCalendar) -> Context<'a> {
        Context {
            catalogue: cat,
            calendar: cal,
            birth_date: Some(date!(1995 - 05 - 05)),
            official_members: 9,
            official_introducers: &[A, B],
            today: date!(2026 - 11 - 29),
        }
    }

    fn case_at(stage: Stage) -> Case {
        let (cat, cal) = (catalogue(), calendar());
        let c = ctx(&cat, &cal);
        let mut case = Case::open(APPLICANT, HELPER, date!(2024 - 01 - 02), c.today).unwrap();
        for s in Stage::PATH.iter().skip(1) {
            if case.stage == stage {
                break;
            }
            case = case.apply(&step_for(*s), date_for(*s), &c).unwrap();
        }
        case
    }

    #[test]
    fn adm_pipe_01_full_case_from_sympathiser_to_official_member() {
        let case = case_at(Stage::Official);
        assert_eq!(case.stage, Stage::Official);
        // ADM-PRB-03: official from the anniversary of the ceremony.
        assert_eq!(
            case.official_from(&catalogue()),
            Some(date!(2025 - 11 - 22))
        );
    }

    #[test]
    fn adm_pipe_01_a_stage_cannot_be_skipped() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::Application);
        let err = case
            .apply(
                &step_for(Stage::BackgroundCheck),
                date!(2024 - 06 - 01),
                &ctx(&cat, &cal),
            )
            .unwrap_err();
        assert_eq!(err.rule(), Some("ADM-PIPE-01"));
    }

    #[test]
    fn adm_int_01_probationary_or_recent_introducer_refused() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::Opinions);
        // B not official on that date (probationary).
        let mut c = ctx(&cat, &cal);
        c.official_introducers = &[A];
        let err = case
            .apply(&step_for(Stage::Introducers), date!(2024 - 08 - 01), &c)
            .unwrap_err();
        assert_eq!(err, AdmissionError::IntroducerNotOfficial(B));
        assert_eq!(err.rule(), Some("ADM-INT-01"));
        // Less than 12 months together.
        let recent = Step::Introducers {
            introducers: vec![
                Introducer::Member {
                    person: A,
                    together_since: date!(2023 - 08 - 02),
                    replacement: false,
                },
                Introducer::UnionCommittee {
                    resolution: "05-NQ/ĐTN".into(),
                },
            ],
        };
        let c = ctx(&cat, &cal);
        assert_eq!(
            case.apply(&recent, date!(2024 - 08 - 01), &c),
            Err(AdmissionError::IntroducerTooRecent(A))
        );
        // ADM-INT-02: a replacement is exempt; ADM-INT-03: union committee plus one member.
        let replacement = Step::Introducers {
            introducers: vec![
                Introducer::Member {
                    person: A,
                    together_since: date!(2024 - 06 - 01),
                    replacement: true,
                },
                Introducer::UnionCommittee {
                    resolution: "05-NQ/ĐTN".into(),
                },
            ],
        };
        assert!(case.apply(&replacement, date!(2024 - 08 - 01), &c).is_ok());
        // ADM-INT-03: two union committees, or one introducer, are not enough.
        let one = Step::Introducers {
            introducers: vec![Introducer::UnionCommittee {
                resolution: "05-NQ/ĐTN".into(),
            }],
        };
        assert_eq!(
            case.apply(&one, date!(2024 - 08 - 01), &c),
            Err(AdmissionError::IntroducerCount)
        );
    }

    #[test]
    fn adm_vote_01_below_two_thirds_refused() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::Introducers);
        let mut vote = passing_vote();
        vote.tally.votes_for = 5; // 5/9 < 2/3
        let step = Step::CellResolution {
            vote,
            education: Education {
                lower_secondary: true,
                exemption: None,
            },
            provincial_agreement: None,
        };
        let err = case
            .apply(&step, date!(2024 - 09 - 10), &ctx(&cat, &cal))
            .unwrap_err();
        assert_eq!(err.rule(), Some("ADM-VOTE-01"));
        // 6/9 is exactly two thirds: passes.
        let mut vote = passing_vote();
        vote.tally.votes_for = 6;
        assert!(check_vote(&cat, date!(2024 - 09 - 10), VoteSubject::Admission, &vote).is_ok());
        // CHR-VOTE-02: never by show of hands.
        vote.method = VoteMethod::ShowOfHands;
        assert_eq!(
            check_vote(&cat, date!(2024 - 09 - 10), VoteSubject::Admission, &vote),
            Err(AdmissionError::MethodNotAllowed)
        );
    }

    #[test]
    fn adm_cert_01_certificate_older_than_60_months_refused() {
        let (cat, cal) = (catalogue(), calendar());
        let mut case = case_at(Stage::Introducers);
        // Issued 15/1/2020: valid to 15/1/2025; a resolution of 3/2/2025 is invalid.
        case.facts.certificate_date = Some(date!(2020 - 01 - 15));
        let err = case
            .apply(
                &step_for(Stage::CellResolution),
                date!(2025 - 02 - 03),
                &ctx(&cat, &cal),
            )
            .unwrap_err();
        assert_eq!(
            err,
            AdmissionError::CertificateExpired {
                last_valid: date!(2025 - 01 - 15)
            }
        );
        assert_eq!(err.rule(), Some("ADM-CERT-01"));
        // An expired certificate is an explicit step back with a reason.
        let back = case
            .apply(
                &Step::Back {
                    to: Stage::Sympathiser,
                    reason: "Giấy chứng nhận hết hạn".into(),
                },
                date!(2025 - 02 - 03),
                &ctx(&cat, &cal),
            )
            .unwrap();
        assert_eq!(back.stage, Stage::Sympathiser);
        assert_eq!(back.facts.certificate_date, None);
    }

    #[test]
    fn adm_age_01_seventeen_years_eleven_months_refused() {
        let on = date!(2024 - 09 - 10);
        assert_eq!(
            check_age(Some(date!(2006 - 10 - 10)), on, false),
            Err(AdmissionError::TooYoung { months: 215 })
        );
        assert!(check_age(Some(date!(2006 - 09 - 10)), on, false).is_ok());
        // Over 60 only with the provincial agreement.
        assert_eq!(
            check_age(Some(date!(1964 - 08 - 10)), on, false),
            Err(AdmissionError::OverSixtyWithoutAgreement)
        );
        assert!(check_age(Some(date!(1964 - 08 - 10)), on, true).is_ok());
        assert!(check_age(Some(date!(1964 - 08 - 11)), on, false).is_ok());
        assert!(check_age(Some(date!(1964 - 09 - 10)), on, false).is_ok());
        assert_eq!(
            check_age(None, on, false),
            Err(AdmissionError::BirthDateUnknown)
        );
        // Through the case: the whole step is refused.
        let (cat, cal) = (catalogue(), calendar());
        let mut c = ctx(&cat, &cal);
        c.birth_date = Some(date!(2006 - 10 - 10));
        let err = case_at(Stage::Introducers)
            .apply(&step_for(Stage::CellResolution), on, &c)
            .unwrap_err();
        assert_eq!(err.rule(), Some("ADM-AGE-01"));
    }

    #[test]
    fn adm_edu_01_and_org_02_at_the_cell_resolution() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::Introducers);
        let on = date!(2024 - 09 - 10);
        let no_edu = Step::CellResolution {
            vote: passing_vote(),
            education: Education {
                lower_secondary: false,
                exemption: None,
            },
            provincial_agreement: None,
        };
        assert_eq!(
            case.apply(&no_edu, on, &ctx(&cat, &cal)),
            Err(AdmissionError::Education)
        );
        let exempt = Step::CellResolution {
            vote: passing_vote(),
            education: Education {
                lower_secondary: false,
                exemption: Some("Vùng cao".into()),
            },
            provincial_agreement: None,
        };
        assert!(case.apply(&exempt, on, &ctx(&cat, &cal)).is_ok());
        let mut c = ctx(&cat, &cal);
        c.official_members = 2;
        let err = case.apply(&exempt, on, &c).unwrap_err();
        assert_eq!(err.rule(), Some("ORG-02"));
    }

    #[test]
    fn adm_cer_01_ceremony_before_the_decision_or_late_refused() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::DecisionReceived);
        let step = step_for(Stage::Probation);
        // The decision is dated 5/11/2024 and the case stepped on 8/11: a ceremony on
        // 4/11 is refused as dated before the previous step; with the step dates relaxed,
        // as before the decision.
        let mut early = case.clone();
        early.last_step = date!(2024 - 11 - 01);
        assert_eq!(
            early.apply(&step, date!(2024 - 11 - 04), &ctx(&cat, &cal)),
            Err(AdmissionError::CeremonyBeforeDecision)
        );
        let last = last_day(&cat, &cal, Deadline::Ceremony, date!(2024 - 11 - 08)).unwrap();
        let err = case
            .apply(&step, last.next_day().unwrap(), &ctx(&cat, &cal))
            .unwrap_err();
        assert_eq!(err, AdmissionError::CeremonyLate { last_day: last });
        let agreed = Step::Ceremony {
            helper: HELPER,
            agreement: Some(SuperiorAgreement {
                reference: "30-CV/ĐUK".into(),
                date: last,
            }),
        };
        assert!(case
            .apply(&agreed, last.next_day().unwrap(), &ctx(&cat, &cal))
            .is_ok());
    }

    #[test]
    fn adm_rec_01_recognition_vote_inside_probation_refused() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::MemberLifeHistory);
        let err = case
            .apply(
                &step_for(Stage::RecognitionResolution),
                date!(2025 - 11 - 21),
                &ctx(&cat, &cal),
            )
            .unwrap_err();
        assert_eq!(
            err,
            AdmissionError::RecognitionInsideProbation {
                ends: date!(2025 - 11 - 22)
            }
        );
        assert_eq!(err.rule(), Some("ADM-REC-01"));
        // ADM-REC-06: fewer than 3 official members cannot hold the recognition meeting.
        let mut c = ctx(&cat, &cal);
        c.official_members = 2;
        assert!(matches!(
            case.apply(
                &step_for(Stage::RecognitionResolution),
                date!(2025 - 11 - 25),
                &c
            ),
            Err(AdmissionError::TooFewOfficialMembers { official: 2 })
        ));
    }

    #[test]
    fn s1_step_4_recognition_deadline_after_probation() {
        // ADM-PRB-01/03, ADM-REC-01: ceremony 22/11/2024 → probation complete 22/11/2025,
        // recognition considered within 30 working days after it.
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::MemberLifeHistory);
        assert_eq!(case.probation_ends(&cat), Some(date!(2025 - 11 - 22)));
        let due = case.deadlines(&cat, &cal).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].rule, "ADM-REC-01");
        assert_eq!(due[0].from, Some(date!(2025 - 11 - 22)));
        assert_eq!(
            cal.working_days_between(date!(2025 - 11 - 22), due[0].last_day)
                .unwrap(),
            30
        );
        // ADM-LL-01 is due while the life history is not recorded.
        let probation = case_at(Stage::Probation);
        let rules: Vec<_> = probation
            .deadlines(&cat, &cal)
            .unwrap()
            .iter()
            .map(|d| d.rule)
            .collect();
        assert_eq!(rules, ["ADM-LL-01", "ADM-REC-01"]);
        // ADM-DEC-02: 60 working days after the cell's resolution.
        let d = case_at(Stage::CellResolution)
            .deadlines(&cat, &cal)
            .unwrap();
        assert_eq!(d[0].rule, "ADM-DEC-02");
        assert_eq!(
            cal.working_days_between(date!(2024 - 09 - 10), d[0].last_day)
                .unwrap(),
            60
        );
    }

    #[test]
    fn adm_rec_03_recognition_decision_extended_by_at_most_30_working_days() {
        // ADM-REC-03, ADM-DEC-02: the decision on recognition is due 30 working days after
        // the cell's resolution; in a special case extendable by at most 30 in all.
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::RecognitionResolution);
        let resolution = case.facts.recognition_resolution.unwrap();
        let due = case.deadlines(&cat, &cal).unwrap();
        assert_eq!(due[0].rule, "ADM-REC-03");
        assert_eq!(
            cal.working_days_between(resolution, due[0].last_day)
                .unwrap(),
            30
        );
        let on = case.last_step;
        let extend = |days: u32, reason: &str| Step::ExtendDecision {
            days,
            reason: reason.into(),
        };
        // A reason is required; more than 30 is refused citing the rule.
        assert_eq!(
            case.apply(&extend(10, " "), on, &ctx(&cat, &cal)),
            Err(AdmissionError::ReasonRequired)
        );
        let err = case
            .apply(&extend(31, "Chờ xác minh"), on, &ctx(&cat, &cal))
            .unwrap_err();
        assert_eq!(err, AdmissionError::ExtensionTooLong { max: 30 });
        assert_eq!(err.rule(), Some("ADM-DEC-02"));
        // 20 then 10 more: 60 working days in all, the stage unchanged; then no more.
        let once = case
            .apply(&extend(20, "Chờ xác minh"), on, &ctx(&cat, &cal))
            .unwrap();
        assert_eq!(once.stage, Stage::RecognitionResolution);
        let twice = once
            .apply(&extend(10, "Chờ xác minh thêm"), on, &ctx(&cat, &cal))
            .unwrap();
        let due = twice.deadlines(&cat, &cal).unwrap();
        assert_eq!(
            cal.working_days_between(resolution, due[0].last_day)
                .unwrap(),
            60
        );
        assert!(matches!(
            twice.apply(&extend(1, "x"), on, &ctx(&cat, &cal)),
            Err(AdmissionError::ExtensionTooLong { max: 30 })
        ));
        // ADM-DEC-02: the admission decision's deadline likewise (60 + 30).
        let adm = case_at(Stage::CellResolution);
        let r = adm.facts.cell_resolution.unwrap();
        let ext = adm
            .apply(&extend(30, "Đặc biệt"), adm.last_step, &ctx(&cat, &cal))
            .unwrap();
        let due = ext.deadlines(&cat, &cal).unwrap();
        assert_eq!(cal.working_days_between(r, due[0].last_day).unwrap(), 90);
        // No decision deadline runs during probation: nothing to extend.
        assert!(matches!(
            case_at(Stage::Probation).apply(
                &extend(5, "x"),
                date!(2024 - 12 - 02),
                &ctx(&cat, &cal)
            ),
            Err(AdmissionError::Order { .. })
        ));
        // Going back before the cell's resolution forgets the extension.
        let back = ext
            .apply(
                &Step::Back {
                    to: Stage::Opinions,
                    reason: "Bổ sung ý kiến".into(),
                },
                ext.last_step,
                &ctx(&cat, &cal),
            )
            .unwrap();
        assert_eq!(back.facts.decision_extension, None);
    }

    #[test]
    fn second_attempt_after_a_closed_case_and_no_step_on_a_closed_one() {
        let (cat, cal) = (catalogue(), calendar());
        let closed = case_at(Stage::Opinions)
            .apply(
                &Step::Close {
                    reason: "Rút đơn".into(),
                },
                date!(2024 - 07 - 02),
                &ctx(&cat, &cal),
            )
            .unwrap();
        assert!(!closed.is_open());
        assert_eq!(
            closed.apply(&Step::Application, date!(2024 - 07 - 03), &ctx(&cat, &cal)),
            Err(AdmissionError::Finished)
        );
        // Back needs a reason and an earlier stage; no going back after the ceremony.
        let case = case_at(Stage::Opinions);
        assert_eq!(
            case.apply(
                &Step::Back {
                    to: Stage::Course,
                    reason: " ".into()
                },
                date!(2024 - 07 - 02),
                &ctx(&cat, &cal)
            ),
            Err(AdmissionError::ReasonRequired)
        );
        assert_eq!(
            case_at(Stage::Probation).apply(
                &Step::Back {
                    to: Stage::Decision,
                    reason: "x".into()
                },
                date!(2024 - 12 - 02),
                &ctx(&cat, &cal)
            ),
            Err(AdmissionError::BadBack)
        );
        // ADM-REC-02: removal from the probationary list.
        let removed = case_at(Stage::MemberLifeHistory)
            .apply(
                &Step::RemoveFromProbation {
                    reason: "Không đủ tư cách".into(),
                },
                date!(2025 - 11 - 25),
                &ctx(&cat, &cal),
            )
            .unwrap();
        assert_eq!(removed.stage, Stage::Removed);
    }

    #[test]
    fn adm_bg_01_background_check_must_cover_the_applicant() {
        let (cat, cal) = (catalogue(), calendar());
        let case = case_at(Stage::LifeHistory);
        let on = date_for(Stage::BackgroundCheck);
        let only_relatives = Step::BackgroundCheck {
            checked: vec![Checked::Parents, Checked::Spouse],
        };
        let err = case
            .apply(&only_relatives, on, &ctx(&cat, &cal))
            .unwrap_err();
        assert_eq!(err, AdmissionError::BackgroundCheckIncomplete);
        assert_eq!(err.rule(), Some("ADM-BG-01"));
        let with_applicant = Step::BackgroundCheck {
            checked: vec![Checked::Applicant, Checked::Parents],
        };
        let next = case.apply(&with_applicant, on, &ctx(&cat, &cal)).unwrap();
        assert_eq!(next.stage, Stage::BackgroundCheck);
    }

    /// ADM-REC-04: the recognition file lists the course certificate, the self-assessment,
    /// the helper's comments, the opinions, and the cell's and basic committee's resolutions.
    #[test]
    fn adm_rec_04_recognition_file_checklist() {
        use AdmissionDocument as D;
        let file = Stage::RecognitionResolution.checklist();
        for d in [
            D::NewMemberCertificate,
            D::SelfAssessment,
            D::HelperComments,
            D::RecognitionOpinions,
            D::RecognitionResolution,
            D::RecognitionCommitteeResolution,
        ] {
            assert!(file.contains(&d), "{d:?} missing from the recognition file");
        }
    }

    #[test]
    fn checklist_names_every_document_once() {
        let mut all: Vec<_> = Stage::ALL
            .iter()
            .flat_map(|s| s.checklist().iter().copied())
            .collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), AdmissionDocument::ALL.len());
        for d in AdmissionDocument::ALL {
            assert_eq!(AdmissionDocument::from_code(d.code()), Some(d));
        }
        for s in Stage::ALL {
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
    }

    fn any_step() -> impl Strategy<Value = (usize, u8)> {
        (0usize..Stage::ALL.len(), 0u8..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// ADM-PIPE-01: whatever steps are tried, in whatever order, a case only ever moves
        /// forward by one stage on the path (or back / closed explicitly).
        #[test]
        fn adm_pipe_01_no_path_skips_a_required_stage(steps in proptest::collection::vec(any_step(), 1..60)) {
            let (cat, cal) = (catalogue(), calendar());
            let c = ctx(&cat, &cal);
            let mut case = Case::open(APPLICANT, HELPER, date!(2024 - 01 - 02), c.today).unwrap();
            for (i, kind) in steps {
                let stage = Stage::ALL[i];
                let step = match kind {
                    0 => Step::Back { to: stage, reason: "lý do".into() },
                    _ => step_for(stage),
                };
                let on = date_for(stage).max(case.last_step);
                let before = case.stage;
                if let Ok(next) = case.apply(&step, on, &c) {
                    match step {
                        Step::Back { to, .. } => prop_assert!(to < before),
                        Step::Close { .. } => prop_assert!(before.before_ceremony()),
                        Step::RemoveFromProbation { .. } => prop_assert!(before >= Stage::Probation),
                        _ => prop_assert_eq!(next.stage.position(), before.position().map(|p| p + 1)),
                    }
                    case = next;
                }
            }
        }

        /// Every computed deadline is a working day strictly after its trigger.
        #[test]
        fn every_deadline_is_a_working_day_after_its_trigger(offset in 0i64..2500) {
            let (cat, cal) = (catalogue(), calendar());
            let trigger = date!(2019 - 01 - 01) + time::Duration::days(offset);
            for d in Deadline::ALL {
                let last = last_day(&cat, &cal, d, trigger).unwrap();
                prop_assert!(last > trigger);
                prop_assert!(cal.is_working_day(last).unwrap());
            }
            let mut case = case_at(Stage::MemberLifeHistory);
            case.facts.ceremony = Some(trigger);
            for due in case.deadlines(&cat, &cal).unwrap() {
                prop_assert!(due.last_day > due.trigger);
                prop_assert!(cal.is_working_day(due.last_day).unwrap());
            }
        }

        /// ADM-VOTE-01, ADM-REC-02: a vote below two thirds never advances the case.
        #[test]
        fn a_vote_below_two_thirds_never_advances(denominator in 1u32..60, votes_for in 0u32..60) {
            prop_assume!(votes_for <= denominator);
            let (cat, cal) = (catalogue(), calendar());
            let vote = CellVote {
                method: VoteMethod::PartyCard,
                tally: Tally { votes_for, against: 0, abstain: 0 },
                denominator,
                meeting_vote: None,
            };
            let below = u64::from(votes_for) * 3 < u64::from(denominator) * 2;
            let step = Step::CellResolution {
                vote: vote.clone(),
                education: Education { lower_secondary: true, exemption: None },
                provincial_agreement: None,
            };
            let case = case_at(Stage::Introducers);
            let r = case.apply(&step, date!(2024 - 09 - 10), &ctx(&cat, &cal));
            prop_assert_eq!(r.is_err(), below);
            let case = case_at(Stage::MemberLifeHistory);
            let r = case.apply(&Step::RecognitionResolution { vote }, date!(2025 - 11 - 25), &ctx(&cat, &cal));
            prop_assert_eq!(r.is_err(), below);
        }
    }
}
