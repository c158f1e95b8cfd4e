//! The membership lifecycle (issue 12), pure part: exemption from work and activities
//! (MEM-EX-01/02), temporary transfer (MEM-TR-03), official transfer with its two
//! working-day deadlines tracked at both cells (MEM-TR-01/02) and discipline by the cell with
//! its vote (MEM-DIS-01). Each record is built through its checking constructor and says
//! what it changes in the member's dated record ([`Effect`]) and what falls due
//! ([`LifeDue`]); the store applies the effect with the record in one unit of work. Grounds
//! for removal (MEM-DEL-01) are not records: they are computed from the meetings record
//! (MTG-ATT-08) and raised as alerts by the application.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::admission::CellVote;
use crate::calendar::WorkingCalendar;
use crate::ids::{OrgId, PersonId};
use crate::meeting::vote::VoteSubject;
use crate::member::{check_temporary_transfer, StatusKind, StatusPeriod, TransferPurpose};
use crate::period::Period;
use crate::ruleset::{Catalogue, Deadline, VoteKind};

/// Why a lifecycle record is refused; each names its rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("{date} is in the future")]
    InFuture { date: Date },
    #[error("the exemption starts before the cell's resolution (MEM-EX-01)")]
    ExemptionBeforeResolution,
    #[error("an exemption for poor health needs the medical certificate (MEM-EX-01)")]
    CertificateRequired,
    #[error("the report to the superior committee is dated before the resolution (MEM-EX-01)")]
    ReportBeforeResolution,
    #[error("a temporary transfer lasts 3 months to under 1 year for work, to 2 years for full-time study (MEM-TR-03)")]
    TemporaryTransferLength,
    #[error("the host cell is the member's own cell (MEM-TR-03)")]
    HostIsHome,
    #[error("the host cell is needed: a cell in chibo or its name (MEM-TR-03)")]
    HostRequired,
    #[error("the receiving cell is the sending cell (MEM-TR-01)")]
    ReceivingIsSending,
    #[error("the receiving cell is needed: a cell in chibo or its name (MEM-TR-01)")]
    ReceivingRequired,
    #[error("the transfer letter is dated before the decision (MEM-TR-01)")]
    LetterBeforeDecision,
    #[error("the member is received before the letter was issued (MEM-TR-02)")]
    ReceivedBeforeLetter,
    #[error("this step does not follow from the transfer's state (MEM-TR-01/02)")]
    TransferOrder,
    #[error("{votes_for} of {denominator} is not more than half (MEM-DIS-01, MTG-ATT-02)")]
    VoteNotMajority { votes_for: u32, denominator: u32 },
    #[error("more votes ({cast}) than the denominator ({denominator})")]
    TooManyVotes { cast: u32, denominator: u32 },
    #[error("the denominator {denominator} exceeds the {summoned} official members summoned (MTG-ATT-03)")]
    DenominatorTooLarge { denominator: u32, summoned: u32 },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the member is not at home in this cell on that date")]
    NotAtHome,
    #[error("the member already has an official transfer in progress (MEM-TR-01)")]
    TransferOpen,
    #[error("this step does not follow from the exemption's state (MEM-EX-01/02)")]
    ExemptionOrder,
    #[error("no rule set on {0}")]
    NoRules(Date),
}

impl LifecycleError {
    /// The stable code the API and the message catalogues use.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InFuture { .. } => "lifecycle_in_future",
            Self::ExemptionBeforeResolution => "exemption_before_resolution",
            Self::CertificateRequired => "exemption_certificate_required",
            Self::ReportBeforeResolution => "exemption_report_before_resolution",
            Self::TemporaryTransferLength => "temporary_transfer_length",
            Self::HostIsHome => "host_is_home",
            Self::HostRequired => "host_required",
            Self::ReceivingIsSending => "receiving_is_sending",
            Self::ReceivingRequired => "receiving_required",
            Self::LetterBeforeDecision => "letter_before_decision",
            Self::ReceivedBeforeLetter => "received_before_letter",
            Self::TransferOrder => "transfer_order",
            Self::VoteNotMajority { .. } => "discipline_vote_not_majority",
            Self::TooManyVotes { .. } => "too_many_votes",
            Self::DenominatorTooLarge { .. } => "denominator_too_large",
            Self::ReasonRequired => "reason_required",
            Self::NotAtHome => "not_at_home",
            Self::TransferOpen => "transfer_open",
            Self::ExemptionOrder => "exemption_order",
            Self::NoRules(_) => "no_rules",
        }
    }

    /// The field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::InFuture { .. } | Self::NoRules(_) => "date",
            Self::ExemptionBeforeResolution => "from",
            Self::CertificateRequired => "certificate",
            Self::ReportBeforeResolution => "reported_on",
            Self::TemporaryTransferLength => "until",
            Self::HostIsHome | Self::HostRequired => "host",
            Self::ReceivingIsSending | Self::ReceivingRequired => "receiving",
            Self::LetterBeforeDecision | Self::ReceivedBeforeLetter | Self::TransferOrder => "date",
            Self::VoteNotMajority { .. }
            | Self::TooManyVotes { .. }
            | Self::DenominatorTooLarge { .. } => "votes_for",
            Self::ReasonRequired => "reason",
            Self::NotAtHome => "person",
            Self::TransferOpen => "person",
            Self::ExemptionOrder => "date",
        }
    }
}

fn not_future(date: Date, today: Date) -> Result<(), LifecycleError> {
    if date > today {
        return Err(LifecycleError::InFuture { date });
    }
    Ok(())
}

/// MEM-EX-01: the grounds for exemption from work and activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptionGround {
    Elderly,
    /// Illness needing 3 months or more of treatment, with a certificate.
    PoorHealth,
    Voluntary,
    LongTreatment,
    Abroad,
    /// Working far away where there is no party organisation.
    RemoteWork,
    ShortMobileWork,
    Maternity,
}

impl ExemptionGround {
    pub const ALL: [ExemptionGround; 8] = [
        Self::Elderly,
        Self::PoorHealth,
        Self::Voluntary,
        Self::LongTreatment,
        Self::Abroad,
        Self::RemoteWork,
        Self::ShortMobileWork,
        Self::Maternity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Elderly => "elderly",
            Self::PoorHealth => "poor_health",
            Self::Voluntary => "voluntary",
            Self::LongTreatment => "long_treatment",
            Self::Abroad => "abroad",
            Self::RemoteWork => "remote_work",
            Self::ShortMobileWork => "short_mobile_work",
            Self::Maternity => "maternity",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// MEM-EX-01: an exemption decided by the cell's resolution and reported to the directly
/// superior committee. Its effect is an `Exempted` status over `period` (MEM-EX-02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    pub ground: ExemptionGround,
    /// The cell's resolution deciding it.
    pub resolution_date: Date,
    pub period: Period,
    /// The medical certificate (poor health).
    pub certificate: Option<String>,
    /// The day the superior committee was informed, once it was.
    pub reported_on: Option<Date>,
    pub note: Option<String>,
}

impl Exemption {
    /// MEM-EX-01: refused when it starts before the resolution, when poor health comes
    /// without the certificate, when the report is dated before the resolution, or when
    /// the resolution is in the future.
    pub fn new(
        ground: ExemptionGround,
        resolution_date: Date,
        period: Period,
        certificate: Option<String>,
        reported_on: Option<Date>,
        note: Option<String>,
        today: Date,
    ) -> Result<Self, LifecycleError> {
        not_future(resolution_date, today)?;
        if period.from() < resolution_date {
            return Err(LifecycleError::ExemptionBeforeResolution);
        }
        if ground == ExemptionGround::PoorHealth && certificate.is_none() {
            return Err(LifecycleError::CertificateRequired);
        }
        if let Some(r) = reported_on {
            not_future(r, today)?;
            if r < resolution_date {
                return Err(LifecycleError::ReportBeforeResolution);
            }
        }
        Ok(Self {
            ground,
            resolution_date,
            period,
            certificate,
            reported_on,
            note,
        })
    }
}

/// What happens to an exemption after the resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum ExemptionStep {
    /// MEM-EX-01: the cell informed the directly superior committee.
    Reported { date: Date },
    /// MEM-EX-02: the member returned to work and activities on `date` (by applying to the
    /// cell); the exemption ends the day before.
    Returned { date: Date },
}

impl Exemption {
    /// The exemption after `step`: reported once, not before the resolution; returned on a
    /// day after the exemption started and while it lasts.
    pub fn apply(&self, step: ExemptionStep, today: Date) -> Result<Self, LifecycleError> {
        let mut next = self.clone();
        match step {
            ExemptionStep::Reported { date } => {
                not_future(date, today)?;
                if self.reported_on.is_some() {
                    return Err(LifecycleError::ExemptionOrder);
                }
                if date < self.resolution_date {
                    return Err(LifecycleError::ReportBeforeResolution);
                }
                next.reported_on = Some(date);
            }
            ExemptionStep::Returned { date } => {
                not_future(date, today)?;
                let last = date.previous_day().ok_or(LifecycleError::ExemptionOrder)?;
                if date <= self.period.from() || self.period.until().is_some_and(|u| last >= u) {
                    return Err(LifecycleError::ExemptionOrder);
                }
                next.period = Period::new(self.period.from(), Some(last))
                    .map_err(|_| LifecycleError::ExemptionOrder)?;
            }
        }
        Ok(next)
    }
}

/// MEM-EX-02: whether a member is graded in the annual review held on `review_date`: not
/// when the status on that day says so (an exempted member is not graded; one whose
/// exemption ended before the review is).
pub fn graded_in_annual_review(
    statuses: &[StatusPeriod],
    person: PersonId,
    review_date: Date,
) -> bool {
    crate::member::status_on(statuses, person, review_date)
        .is_none_or(|s| s.effects().graded_annually)
}

/// Where a member goes: a cell in chibo, or the name of one outside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Destination {
    pub org: Option<OrgId>,
    pub name: Option<String>,
}

impl Destination {
    fn check(
        &self,
        home: OrgId,
        missing: LifecycleError,
        same: LifecycleError,
    ) -> Result<(), LifecycleError> {
        if self.org.is_none() && self.name.is_none() {
            return Err(missing);
        }
        if self.org == Some(home) {
            return Err(same);
        }
        Ok(())
    }
}

/// MEM-TR-03: a temporary transfer from the home cell. The member keeps official membership
/// and any committee seat at home; at a host cell in chibo it is an attached placement, at
/// one outside it a `TemporarilyAway` status at home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporaryTransfer {
    pub purpose: TransferPurpose,
    pub home: OrgId,
    pub host: Destination,
    pub period: Period,
    pub note: Option<String>,
}

impl TemporaryTransfer {
    /// MEM-TR-03: 3 months to under 1 year for work, to 2 years for full-time study; a
    /// host other than the home cell.
    pub fn new(
        purpose: TransferPurpose,
        home: OrgId,
        host: Destination,
        period: Period,
        note: Option<String>,
    ) -> Result<Self, LifecycleError> {
        host.check(
            home,
            LifecycleError::HostRequired,
            LifecycleError::HostIsHome,
        )?;
        check_temporary_transfer(&period, Some(purpose))
            .map_err(|_| LifecycleError::TemporaryTransferLength)?;
        Ok(Self {
            purpose,
            home,
            host,
            period,
            note,
        })
    }
}

/// Where an official transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferStage {
    /// Decided (new job, retirement, move); the sending cell has 60 working days
    /// (MEM-TR-01).
    Decided,
    /// The letter is issued; the member presents it to the receiving cell within 30
    /// working days (MEM-TR-02).
    LetterIssued,
    /// Received: the member's home cell is the receiving cell from that day.
    Received,
}

impl TransferStage {
    pub fn code(self) -> &'static str {
        match self {
            Self::Decided => "decided",
            Self::LetterIssued => "letter_issued",
            Self::Received => "received",
        }
    }
}

/// MEM-TR-01/02: an official transfer from `from` to `to`, tracked at both cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub from: OrgId,
    pub to: Destination,
    pub decision_date: Date,
    pub reason: String,
    pub stage: TransferStage,
    pub letter_on: Option<Date>,
    pub received_on: Option<Date>,
    /// MEM-TR-01: the letter was issued after the 60 working days.
    pub letter_late: bool,
    /// MEM-TR-02: the member presented the letter after the 30 working days; lateness is
    /// reported.
    pub received_late: bool,
}

/// A step of an official transfer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum TransferStep {
    Letter { date: Date },
    Received { date: Date },
}

impl Transfer {
    /// MEM-TR-01: a decided transfer to another cell.
    pub fn decide(
        from: OrgId,
        to: Destination,
        decision_date: Date,
        reason: String,
        today: Date,
    ) -> Result<Self, LifecycleError> {
        not_future(decision_date, today)?;
        to.check(
            from,
            LifecycleError::ReceivingRequired,
            LifecycleError::ReceivingIsSending,
        )?;
        if reason.trim().is_empty() {
            return Err(LifecycleError::ReasonRequired);
        }
        Ok(Self {
            from,
            to,
            decision_date,
            reason,
            stage: TransferStage::Decided,
            letter_on: None,
            received_on: None,
            letter_late: false,
            received_late: false,
        })
    }

    /// The next state after `step`, lateness computed with the working days of the rule set
    /// of each trigger's date (MEM-TR-01/02). A letter to a cell outside chibo ends the
    /// transfer at the sending cell: nobody in chibo records the reception.
    pub fn apply(
        &self,
        step: TransferStep,
        catalogue: &Catalogue,
        calendar: &WorkingCalendar,
        today: Date,
    ) -> Result<Self, LifecycleError> {
        let mut next = self.clone();
        match (self.stage, step) {
            (TransferStage::Decided, TransferStep::Letter { date }) => {
                not_future(date, today)?;
                if date < self.decision_date {
                    return Err(LifecycleError::LetterBeforeDecision);
                }
                let last = last_day(
                    catalogue,
                    calendar,
                    Deadline::OfficialTransfer,
                    self.decision_date,
                )?;
                next.letter_on = Some(date);
                next.letter_late = date > last;
                next.stage = TransferStage::LetterIssued;
            }
            (TransferStage::LetterIssued, TransferStep::Received { date }) => {
                not_future(date, today)?;
                let Some(letter) = self.letter_on else {
                    return Err(LifecycleError::TransferOrder);
                };
                if date < letter {
                    return Err(LifecycleError::ReceivedBeforeLetter);
                }
                if self.to.org.is_none() {
                    return Err(LifecycleError::TransferOrder);
                }
                let last = last_day(catalogue, calendar, Deadline::TransferLetter, letter)?;
                next.received_on = Some(date);
                next.received_late = date > last;
                next.stage = TransferStage::Received;
            }
            _ => return Err(LifecycleError::TransferOrder),
        }
        Ok(next)
    }

    /// Open while something remains to be done in chibo: decided, or the letter issued to a
    /// cell in chibo that has not received the member yet.
    pub fn is_open(&self) -> bool {
        match self.stage {
            TransferStage::Decided => true,
            TransferStage::LetterIssued => self.to.org.is_some(),
            TransferStage::Received => false,
        }
    }

    /// What falls due while open: the letter within 60 working days of the decision
    /// (MEM-TR-01), then the reception within 30 working days of the letter (MEM-TR-02).
    pub fn dues(
        &self,
        catalogue: &Catalogue,
        calendar: &WorkingCalendar,
    ) -> Result<Vec<LifeDue>, LifecycleError> {
        let due = |kind, deadline, trigger| -> Result<LifeDue, LifecycleError> {
            Ok(LifeDue {
                kind,
                rule: deadline_rule(deadline),
                trigger,
                last_day: last_day(catalogue, calendar, deadline, trigger)?,
            })
        };
        Ok(match (self.stage, self.letter_on) {
            (TransferStage::Decided, _) => vec![due(
                DueKind::TransferLetterIssued,
                Deadline::OfficialTransfer,
                self.decision_date,
            )?],
            (TransferStage::LetterIssued, Some(letter)) if self.is_open() => vec![due(
                DueKind::TransferReceived,
                Deadline::TransferLetter,
                letter,
            )?],
            _ => vec![],
        })
    }
}

fn deadline_rule(d: Deadline) -> &'static str {
    d.rule_id()
}

/// `n` working days of `deadline` after `trigger`, with the number of the rule set in force
/// on the trigger's date (VER-01, VER-02).
pub fn last_day(
    catalogue: &Catalogue,
    calendar: &WorkingCalendar,
    deadline: Deadline,
    trigger: Date,
) -> Result<Date, LifecycleError> {
    crate::admission::last_day(catalogue, calendar, deadline, trigger)
        .map_err(|_| LifecycleError::NoRules(trigger))
}

/// MEM-DIS-01: what a cell may impose on its own members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisciplineForm {
    /// Khiển trách.
    Reprimand,
    /// Cảnh cáo.
    Warning,
}

impl DisciplineForm {
    pub fn code(self) -> &'static str {
        match self {
            Self::Reprimand => "reprimand",
            Self::Warning => "warning",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Reprimand, Self::Warning]
            .into_iter()
            .find(|f| f.code() == code)
    }
}

/// MEM-DIS-01: a discipline decided by the cell's vote, in effect from the day the result
/// is announced (the vote's date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discipline {
    pub form: DisciplineForm,
    pub date: Date,
    pub reason: String,
    pub vote: CellVote,
}

impl Discipline {
    /// MEM-DIS-01 with MTG-ATT-02/03: more than half of the derived denominator in favour
    /// (the threshold of a resolution in the rule set of the vote's date), the denominator at
    /// most the official members summoned that day (`summoned`), no more votes than the
    /// denominator. A vote below is refused, never recorded as passing.
    pub fn new(
        form: DisciplineForm,
        date: Date,
        reason: String,
        vote: CellVote,
        summoned: u32,
        catalogue: &Catalogue,
        today: Date,
    ) -> Result<Self, LifecycleError> {
        not_future(date, today)?;
        if reason.trim().is_empty() {
            return Err(LifecycleError::ReasonRequired);
        }
        let rules = catalogue
            .rules_on(date)
            .map_err(|_| LifecycleError::NoRules(date))?;
        if vote.denominator > summoned {
            return Err(LifecycleError::DenominatorTooLarge {
                denominator: vote.denominator,
                summoned,
            });
        }
        if vote.tally.cast() > vote.denominator {
            return Err(LifecycleError::TooManyVotes {
                cast: vote.tally.cast(),
                denominator: vote.denominator,
            });
        }
        debug_assert_eq!(VoteSubject::Discipline.decision(), VoteKind::Resolution);
        let kind = VoteSubject::Discipline.decision();
        if vote.denominator == 0 || !rules.vote_passes(kind, vote.tally.votes_for, vote.denominator)
        {
            return Err(LifecycleError::VoteNotMajority {
                votes_for: vote.tally.votes_for,
                denominator: vote.denominator,
            });
        }
        Ok(Self {
            form,
            date,
            reason,
            vote,
        })
    }
}

/// A lifecycle record, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Record {
    Exemption(Exemption),
    TemporaryTransfer(TemporaryTransfer),
    Transfer(Transfer),
    Discipline(Discipline),
}

impl Record {
    pub fn kind_code(&self) -> &'static str {
        match self {
            Self::Exemption(_) => "exemption",
            Self::TemporaryTransfer(_) => "temporary_transfer",
            Self::Transfer(_) => "transfer",
            Self::Discipline(_) => "discipline",
        }
    }

    /// The record's own date (resolution, start, decision, vote).
    pub fn date(&self) -> Date {
        match self {
            Self::Exemption(e) => e.resolution_date,
            Self::TemporaryTransfer(t) => t.period.from(),
            Self::Transfer(t) => t.decision_date,
            Self::Discipline(d) => d.date,
        }
    }

    /// The other cell in chibo that follows the record (the host or receiving cell).
    pub fn other_org(&self) -> Option<OrgId> {
        match self {
            Self::TemporaryTransfer(t) => t.host.org,
            Self::Transfer(t) => t.to.org,
            Self::Exemption(_) | Self::Discipline(_) => None,
        }
    }

    /// Whether the record still has something to follow.
    pub fn is_open(&self) -> bool {
        match self {
            Self::Exemption(e) => e.reported_on.is_none() || e.period.until().is_some(),
            Self::TemporaryTransfer(_) => true,
            Self::Transfer(t) => t.is_open(),
            Self::Discipline(_) => false,
        }
    }

    /// What falls due: the exemption's report upward (MEM-EX-01, due from the resolution)
    /// and its end (MEM-EX-02: the member returns by applying to the cell), the end of a
    /// temporary transfer (MEM-TR-03), the transfer's deadlines (MEM-TR-01/02).
    pub fn dues(
        &self,
        catalogue: &Catalogue,
        calendar: &WorkingCalendar,
    ) -> Result<Vec<LifeDue>, LifecycleError> {
        Ok(match self {
            Self::Exemption(e) => {
                let mut out = Vec::new();
                if e.reported_on.is_none() {
                    out.push(LifeDue {
                        kind: DueKind::ExemptionReport,
                        rule: "MEM-EX-01",
                        trigger: e.resolution_date,
                        last_day: e.resolution_date,
                    });
                }
                if let Some(until) = e.period.until() {
                    out.push(LifeDue {
                        kind: DueKind::ExemptionEnds,
                        rule: "MEM-EX-02",
                        trigger: e.resolution_date,
                        last_day: until,
                    });
                }
                out
            }
            Self::TemporaryTransfer(t) => t
                .period
                .until()
                .map(|until| LifeDue {
                    kind: DueKind::TemporaryTransferEnds,
                    rule: "MEM-TR-03",
                    trigger: t.period.from(),
                    last_day: until,
                })
                .into_iter()
                .collect(),
            Self::Transfer(t) => t.dues(catalogue, calendar)?,
            Self::Discipline(_) => vec![],
        })
    }
}

/// What falls due on a lifecycle record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    ExemptionReport,
    ExemptionEnds,
    TemporaryTransferEnds,
    TransferLetterIssued,
    TransferReceived,
    /// MEM-DEL-01 from MTG-ATT-08: an alert, not a record's deadline.
    RemovalGround,
}

/// A dated item of the lifecycle, with its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifeDue {
    pub kind: DueKind,
    pub rule: &'static str,
    pub trigger: Date,
    pub last_day: Date,
}

/// What a record changes in the member's dated record, applied by the store with the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A status over a period (exemption; temporary transfer to a cell outside chibo).
    Status(StatusPeriod),
    /// An attached placement at the host cell (temporary transfer inside chibo).
    Attach {
        host: OrgId,
        period: Period,
        note: Option<String>,
    },
    /// The home placement at `from` ends on `last_day`; a new one starts at `to` the next
    /// day (official transfer received inside chibo).
    MoveHome {
        from: OrgId,
        last_day: Date,
        to: OrgId,
    },
    /// The home placement at `from` ends on `last_day` (letter to a cell outside chibo):
    /// the member leaves the roster.
    LeaveHome {
        from: OrgId,
        last_day: Date,
    },
    /// The status of `kind` that started on `from` ends on `last_day` (MEM-EX-02: the
    /// member returned).
    EndStatus {
        kind: StatusKind,
        from: Date,
        last_day: Date,
    },
    None,
}

/// The effect of recording `record` for `person` (MEM-EX-02, MEM-TR-03, MEM-TR-01).
pub fn effect_of_new(person: PersonId, record: &Record) -> Effect {
    match record {
        Record::Exemption(e) => Effect::Status(StatusPeriod {
            person,
            kind: StatusKind::Exempted,
            period: e.period,
            note: e.note.clone(),
        }),
        Record::TemporaryTransfer(t) => match t.host.org {
            Some(host) => Effect::Attach {
                host,
                period: t.period,
                note: t.note.clone(),
            },
            None => Effect::Status(StatusPeriod {
                person,
                kind: StatusKind::TemporarilyAway,
                period: t.period,
                note: t.host.name.clone(),
            }),
        },
        Record::Transfer(_) | Record::Discipline(_) => Effect::None,
    }
}

/// The effect of an exemption's step: a return ends the exempted status the day before
/// (MEM-EX-02); a report changes nothing in the dated record.
pub fn effect_of_exemption_step(before: &Exemption, after: &Exemption) -> Effect {
    match (before.period.until(), after.period.until()) {
        (b, Some(last_day)) if b != Some(last_day) => Effect::EndStatus {
            kind: StatusKind::Exempted,
            from: after.period.from(),
            last_day,
        },
        _ => Effect::None,
    }
}

/// The effect of a transfer's step: received inside chibo moves the home cell from the
/// reception day; a letter to a cell outside chibo ends the home placement on the letter's
/// day (MEM-TR-01/02).
pub fn effect_of_step(after: &Transfer) -> Effect {
    match (after.stage, after.to.org) {
        (TransferStage::Received, Some(to)) => match after.received_on.and_then(Date::previous_day)
        {
            Some(last_day) => Effect::MoveHome {
                from: after.from,
                last_day,
                to,
            },
            None => Effect::None,
        },
        (TransferStage::LetterIssued, None) => match after.letter_on {
            Some(last_day) => Effect::LeaveHome {
                from: after.from,
                last_day,
            },
            None => Effect::None,
        },
        _ => Effect::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::vote::{Tally, VoteMethod};
    use time::macros::date;

    fn catalogue() -> Catalogue {
        Catalogue::builtin()
    }

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::builtin(2023..=2027).unwrap()
    }

    fn period(from: Date, until: Option<Date>) -> Period {
        Period::new(from, until).unwrap()
    }

    const TODAY: Date = date!(2026 - 11 - 30);

    /// MEM-EX-01: poor health needs the certificate; the exemption cannot start before the
    /// cell's resolution; the report upward is not before the resolution.
    #[test]
    fn mem_ex_01_exemption_checks() {
        let p = period(date!(2025 - 03 - 01), None);
        let ok = Exemption::new(
            ExemptionGround::Elderly,
            date!(2025 - 03 - 01),
            p,
            None,
            Some(date!(2025 - 03 - 05)),
            None,
            TODAY,
        );
        assert!(ok.is_ok());
        assert_eq!(
            Exemption::new(
                ExemptionGround::PoorHealth,
                date!(2025 - 03 - 01),
                p,
                None,
                None,
                None,
                TODAY
            ),
            Err(LifecycleError::CertificateRequired)
        );
        assert_eq!(
            Exemption::new(
                ExemptionGround::Voluntary,
                date!(2025 - 03 - 02),
                p,
                None,
                None,
                None,
                TODAY
            ),
            Err(LifecycleError::ExemptionBeforeResolution)
        );
        assert_eq!(
            Exemption::new(
                ExemptionGround::Voluntary,
                date!(2025 - 03 - 01),
                p,
                None,
                Some(date!(2025 - 02 - 28)),
                None,
                TODAY
            ),
            Err(LifecycleError::ReportBeforeResolution)
        );
        assert!(matches!(
            Exemption::new(
                ExemptionGround::Voluntary,
                date!(2027 - 01 - 01),
                period(date!(2027 - 01 - 01), None),
                None,
                None,
                None,
                TODAY
            ),
            Err(LifecycleError::InFuture { .. })
        ));
    }

    /// MEM-EX-01/02: an unreported exemption is due upward from the resolution; a dated one
    /// lists its end; once reported and open-ended nothing more falls due.
    #[test]
    fn mem_ex_01_02_dues() {
        let e = Exemption::new(
            ExemptionGround::Maternity,
            date!(2026 - 05 - 04),
            period(date!(2026 - 05 - 04), Some(date!(2026 - 11 - 03))),
            None,
            None,
            None,
            TODAY,
        )
        .unwrap();
        let dues = Record::Exemption(e.clone())
            .dues(&catalogue(), &calendar())
            .unwrap();
        assert_eq!(
            dues.iter().map(|d| (d.kind, d.rule)).collect::<Vec<_>>(),
            vec![
                (DueKind::ExemptionReport, "MEM-EX-01"),
                (DueKind::ExemptionEnds, "MEM-EX-02")
            ]
        );
        assert_eq!(dues[1].last_day, date!(2026 - 11 - 03));
        let reported = Exemption {
            reported_on: Some(date!(2026 - 05 - 06)),
            period: period(date!(2026 - 05 - 04), None),
            ..e
        };
        let r = Record::Exemption(reported);
        assert!(r.dues(&catalogue(), &calendar()).unwrap().is_empty());
        assert!(!r.is_open());
    }

    /// MEM-EX-02: an exempted member is not graded in the annual review held while the
    /// exemption lasts, and is graded once it has ended.
    #[test]
    fn mem_ex_02_not_graded_while_exempted() {
        let person = PersonId(7);
        let statuses = vec![StatusPeriod {
            person,
            kind: StatusKind::Exempted,
            period: period(date!(2025 - 03 - 01), Some(date!(2025 - 10 - 31))),
            note: None,
        }];
        assert!(!graded_in_annual_review(
            &statuses,
            person,
            date!(2025 - 06 - 30)
        ));
        assert!(graded_in_annual_review(
            &statuses,
            person,
            date!(2025 - 12 - 15)
        ));
        assert!(graded_in_annual_review(
            &statuses,
            PersonId(8),
            date!(2025 - 06 - 30)
        ));
    }

    /// MEM-TR-03: a move lasts 3 months to under 1 year, study up to 2 years; the host is
    /// another cell; the effect is an attached placement inside chibo, a temporarily-away
    /// status for a host outside it.
    #[test]
    fn mem_tr_03_temporary_transfer() {
        let home = OrgId(1);
        let host = Destination {
            org: Some(OrgId(2)),
            name: None,
        };
        let year = period(date!(2025 - 01 - 15), Some(date!(2026 - 01 - 14)));
        assert_eq!(
            TemporaryTransfer::new(TransferPurpose::Work, home, host.clone(), year, None),
            Err(LifecycleError::TemporaryTransferLength)
        );
        let study =
            TemporaryTransfer::new(TransferPurpose::Study, home, host.clone(), year, None).unwrap();
        let short = period(date!(2025 - 01 - 15), Some(date!(2025 - 04 - 13)));
        assert_eq!(
            TemporaryTransfer::new(TransferPurpose::Study, home, host.clone(), short, None),
            Err(LifecycleError::TemporaryTransferLength)
        );
        assert_eq!(
            TemporaryTransfer::new(
                TransferPurpose::Work,
                home,
                Destination {
                    org: Some(home),
                    name: None
                },
                period(date!(2025 - 01 - 15), Some(date!(2025 - 06 - 14))),
                None
            ),
            Err(LifecycleError::HostIsHome)
        );
        assert!(matches!(
            effect_of_new(PersonId(3), &Record::TemporaryTransfer(study.clone())),
            Effect::Attach { host: OrgId(2), .. }
        ));
        let outside = TemporaryTransfer {
            host: Destination {
                org: None,
                name: Some("Chi bộ Trường Đại học".into()),
            },
            ..study
        };
        match effect_of_new(PersonId(3), &Record::TemporaryTransfer(outside.clone())) {
            Effect::Status(s) => assert_eq!(s.kind, StatusKind::TemporarilyAway),
            other => panic!("{other:?}"),
        }
        let dues = Record::TemporaryTransfer(outside)
            .dues(&catalogue(), &calendar())
            .unwrap();
        assert_eq!(dues[0].rule, "MEM-TR-03");
        assert_eq!(dues[0].last_day, date!(2026 - 01 - 14));
    }

    fn transfer(decided: Date) -> Transfer {
        Transfer::decide(
            OrgId(1),
            Destination {
                org: Some(OrgId(2)),
                name: None,
            },
            decided,
            "Nghỉ hưu, về nơi cư trú".into(),
            TODAY,
        )
        .unwrap()
    }

    /// MEM-TR-01: the letter within 60 working days of the decision, counted on the
    /// working-day calendar (VER-02), tracked until issued; a late letter is flagged.
    #[test]
    fn mem_tr_01_sixty_working_days() {
        let (cat, cal) = (catalogue(), calendar());
        let t = transfer(date!(2026 - 03 - 02));
        let dues = t.dues(&cat, &cal).unwrap();
        assert_eq!(dues.len(), 1);
        assert_eq!(dues[0].rule, "MEM-TR-01");
        assert_eq!(dues[0].kind, DueKind::TransferLetterIssued);
        let last = dues[0].last_day;
        assert_eq!(
            cal.working_days_between(date!(2026 - 03 - 02), last)
                .unwrap(),
            60
        );
        assert!(cal.is_working_day(last).unwrap());
        let on_time = t
            .apply(TransferStep::Letter { date: last }, &cat, &cal, TODAY)
            .unwrap();
        assert!(!on_time.letter_late);
        let next = cal.add_working_days(last, 1).unwrap();
        let late = t
            .apply(TransferStep::Letter { date: next }, &cat, &cal, TODAY)
            .unwrap();
        assert!(late.letter_late);
        assert_eq!(
            t.apply(
                TransferStep::Letter {
                    date: date!(2026 - 03 - 01)
                },
                &cat,
                &cal,
                TODAY
            ),
            Err(LifecycleError::LetterBeforeDecision)
        );
        assert_eq!(
            t.apply(
                TransferStep::Received {
                    date: date!(2026 - 04 - 01)
                },
                &cat,
                &cal,
                TODAY
            ),
            Err(LifecycleError::TransferOrder)
        );
        assert_eq!(
            Transfer::decide(
                OrgId(1),
                Destination {
                    org: Some(OrgId(1)),
                    name: None
                },
                date!(2026 - 03 - 02),
                "x".into(),
                TODAY
            ),
            Err(LifecycleError::ReceivingIsSending)
        );
    }

    /// MEM-TR-02: reception within 30 working days of the letter; later is recorded as
    /// late (reported), earlier than the letter is refused; reception moves the home cell
    /// from that day.
    #[test]
    fn mem_tr_02_thirty_working_days() {
        let (cat, cal) = (catalogue(), calendar());
        let t = transfer(date!(2026 - 03 - 02))
            .apply(
                TransferStep::Letter {
                    date: date!(2026 - 03 - 16),
                },
                &cat,
                &cal,
                TODAY,
            )
            .unwrap();
        let dues = t.dues(&cat, &cal).unwrap();
        assert_eq!(dues[0].rule, "MEM-TR-02");
        let last = dues[0].last_day;
        assert_eq!(
            cal.working_days_between(date!(2026 - 03 - 16), last)
                .unwrap(),
            30
        );
        assert_eq!(
            t.apply(
                TransferStep::Received {
                    date: date!(2026 - 03 - 15)
                },
                &cat,
                &cal,
                TODAY
            ),
            Err(LifecycleError::ReceivedBeforeLetter)
        );
        let in_time = t
            .apply(TransferStep::Received { date: last }, &cat, &cal, TODAY)
            .unwrap();
        assert!(!in_time.received_late && !in_time.is_open());
        assert!(in_time.dues(&cat, &cal).unwrap().is_empty());
        let late_day = cal.add_working_days(last, 1).unwrap();
        let late = t
            .apply(TransferStep::Received { date: late_day }, &cat, &cal, TODAY)
            .unwrap();
        assert!(late.received_late);
        assert_eq!(
            effect_of_step(&late),
            Effect::MoveHome {
                from: OrgId(1),
                last_day: late_day.previous_day().unwrap(),
                to: OrgId(2)
            }
        );
    }

    /// MEM-TR-01: a letter to a cell outside chibo ends the home placement on its day and
    /// closes the transfer.
    #[test]
    fn mem_tr_01_outside_chibo() {
        let (cat, cal) = (catalogue(), calendar());
        let t = Transfer::decide(
            OrgId(1),
            Destination {
                org: None,
                name: Some("Chi bộ Khu phố 2, tỉnh khác".into()),
            },
            date!(2026 - 03 - 02),
            "Chuyển nơi cư trú".into(),
            TODAY,
        )
        .unwrap();
        let after = t
            .apply(
                TransferStep::Letter {
                    date: date!(2026 - 03 - 10),
                },
                &cat,
                &cal,
                TODAY,
            )
            .unwrap();
        assert!(!after.is_open());
        assert_eq!(
            effect_of_step(&after),
            Effect::LeaveHome {
                from: OrgId(1),
                last_day: date!(2026 - 03 - 10)
            }
        );
    }

    /// MEM-EX-02 with MTG-ATT-03: the exemption recorded through its effect takes an absent
    /// exempted member out of the vote denominator of meetings on dates the exemption covers,
    /// by the rule set in force on each meeting's date; present, they count; before the
    /// exemption starts, an absence counts like anyone's. Under QĐ 23/45 (2019) as under
    /// QĐ 24 (2025) the absent exempted member is excluded, while a reason accepted by the
    /// committee only excludes from QĐ 24 on: the exclusion list is the rule set's.
    #[test]
    fn mem_ex_02_exempted_member_in_the_denominator_of_the_meeting_date() {
        use crate::member::{Attendance, CellRoster, Member, Placement, PlacementKind};
        let cat = catalogue();
        let cell = OrgId(3);
        let members: Vec<Member> = (1..=5)
            .map(|i| Member {
                person: PersonId(i),
                admission_date: date!(2005 - 01 - 01),
                decision_ref: None,
                ceremony_date: Some(date!(2005 - 01 - 01)),
                official_date: Some(date!(2006 - 01 - 01)),
                recognition_date: Some(date!(2006 - 01 - 01)),
                recognition_ref: None,
                card_number: None,
            })
            .collect();
        let placements: Vec<Placement> = (1..=5)
            .map(|i| Placement {
                person: PersonId(i),
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(date!(2005 - 01 - 01)),
                note: None,
            })
            .collect();
        let denominator =
            |statuses: &[StatusPeriod], on: Date, att: &dyn Fn(PersonId) -> Attendance| {
                let roster = CellRoster::on(cell, on, &members, &placements, statuses);
                cat.rules_on(on)
                    .unwrap()
                    .vote_denominator(&roster.summoned(att))
            };
        for (resolution, before, during) in [
            (
                date!(2019 - 03 - 01),
                date!(2019 - 02 - 11),
                date!(2019 - 04 - 01),
            ),
            (
                date!(2025 - 03 - 03),
                date!(2025 - 02 - 03),
                date!(2025 - 04 - 07),
            ),
        ] {
            let e = Exemption::new(
                ExemptionGround::Elderly,
                resolution,
                Period::starting(resolution),
                None,
                Some(resolution),
                None,
                TODAY,
            )
            .unwrap();
            let Effect::Status(status) = effect_of_new(PersonId(5), &Record::Exemption(e)) else {
                panic!("an exemption is a status");
            };
            let statuses = vec![status];
            let fifth_absent = |p: PersonId| {
                if p == PersonId(5) {
                    Attendance::Absent {
                        reason_accepted: false,
                    }
                } else {
                    Attendance::Present
                }
            };
            assert_eq!(denominator(&statuses, before, &fifth_absent), 5, "{before}");
            assert_eq!(denominator(&statuses, during, &fifth_absent), 4, "{during}");
            assert_eq!(
                denominator(&statuses, during, &|_| Attendance::Present),
                5,
                "present, the exempted member counts"
            );
        }
        let fourth_excused = |p: PersonId| {
            if p == PersonId(4) {
                Attendance::Absent {
                    reason_accepted: true,
                }
            } else {
                Attendance::Present
            }
        };
        assert_eq!(denominator(&[], date!(2019 - 04 - 01), &fourth_excused), 5);
        assert_eq!(denominator(&[], date!(2025 - 04 - 07), &fourth_excused), 4);
    }

    /// MEM-EX-01: reported once, not before the resolution; MEM-EX-02: the member returns
    /// on a day after the start while the exemption lasts, and the exempted status ends the
    /// day before; the report due disappears once reported.
    #[test]
    fn mem_ex_01_02_report_and_return() {
        let e = Exemption::new(
            ExemptionGround::Voluntary,
            date!(2025 - 03 - 03),
            period(date!(2025 - 03 - 03), None),
            None,
            None,
            None,
            TODAY,
        )
        .unwrap();
        assert_eq!(
            e.apply(
                ExemptionStep::Reported {
                    date: date!(2025 - 03 - 02)
                },
                TODAY
            ),
            Err(LifecycleError::ReportBeforeResolution)
        );
        let reported = e
            .apply(
                ExemptionStep::Reported {
                    date: date!(2025 - 03 - 06),
                },
                TODAY,
            )
            .unwrap();
        assert!(Record::Exemption(reported.clone())
            .dues(&catalogue(), &calendar())
            .unwrap()
            .is_empty());
        assert_eq!(
            reported.apply(
                ExemptionStep::Reported {
                    date: date!(2025 - 03 - 07)
                },
                TODAY
            ),
            Err(LifecycleError::ExemptionOrder)
        );
        assert_eq!(
            reported.apply(
                ExemptionStep::Returned {
                    date: date!(2025 - 03 - 03)
                },
                TODAY
            ),
            Err(LifecycleError::ExemptionOrder)
        );
        let back = reported
            .apply(
                ExemptionStep::Returned {
                    date: date!(2026 - 01 - 05),
                },
                TODAY,
            )
            .unwrap();
        assert_eq!(back.period.until(), Some(date!(2026 - 01 - 04)));
        assert_eq!(
            effect_of_exemption_step(&reported, &back),
            Effect::EndStatus {
                kind: StatusKind::Exempted,
                from: date!(2025 - 03 - 03),
                last_day: date!(2026 - 01 - 04)
            }
        );
        assert_eq!(
            back.apply(
                ExemptionStep::Returned {
                    date: date!(2026 - 02 - 02)
                },
                TODAY
            ),
            Err(LifecycleError::ExemptionOrder)
        );
        assert_eq!(effect_of_exemption_step(&e, &reported), Effect::None);
    }

    fn vote(votes_for: u32, against: u32, denominator: u32) -> CellVote {
        CellVote {
            method: VoteMethod::ShowOfHands,
            tally: Tally {
                votes_for,
                against,
                abstain: 0,
            },
            denominator,
            meeting_vote: None,
        }
    }

    /// MEM-DIS-01 with MTG-ATT-02/03: more than half of the denominator (exactly half
    /// fails), the denominator no larger than the official members summoned, no more votes
    /// than the denominator.
    #[test]
    fn mem_dis_01_vote() {
        let cat = catalogue();
        let d = |v: CellVote, summoned: u32| {
            Discipline::new(
                DisciplineForm::Reprimand,
                date!(2026 - 06 - 03),
                "Vi phạm quy định".into(),
                v,
                summoned,
                &cat,
                TODAY,
            )
        };
        assert!(d(vote(9, 8, 17), 20).is_ok());
        assert_eq!(
            d(vote(8, 9, 17), 20),
            Err(LifecycleError::VoteNotMajority {
                votes_for: 8,
                denominator: 17
            })
        );
        assert!(matches!(
            d(vote(5, 5, 10), 20),
            Err(LifecycleError::VoteNotMajority { .. })
        ));
        assert!(matches!(
            d(vote(15, 6, 21), 20),
            Err(LifecycleError::DenominatorTooLarge { .. })
        ));
        assert!(matches!(
            d(vote(10, 9, 17), 20),
            Err(LifecycleError::TooManyVotes { .. })
        ));
        assert!(matches!(
            Discipline::new(
                DisciplineForm::Warning,
                date!(2026 - 06 - 03),
                " ".into(),
                vote(9, 8, 17),
                20,
                &cat,
                TODAY
            ),
            Err(LifecycleError::ReasonRequired)
        ));
    }
}
