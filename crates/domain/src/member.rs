//! Party membership over time: the party record of a member (admission, ceremony, official
//! dates, card), placements in cells, dated statuses and dated party roles.
//!
//! Everything is dated because every later rule asks "on that date": the vote denominator of
//! a meeting (MTG-ATT-03, MTG-ATT-12), the rights of a former secretary, the membership
//! breakdown in minutes (MTG-MIN-03). Standing (official or probationary) is derived from the
//! dates, never stored, so it cannot disagree with them.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::DomainError;
use crate::ids::{OrgId, PartyGroupId, PersonId};
use crate::period::Period;
use crate::person::CardNumber;
use crate::ruleset::DenominatorExclusion;

/// Official or probationary (Charter Art. 3, MTG-ATT-01: only official members vote).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Official,
    Probationary,
}

/// The party record of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person: PersonId,
    /// Date written on the admission decision. Length of membership counts from here once
    /// the member is recognised (ADM-PRB-02), not from the ceremony.
    pub admission_date: Date,
    /// Number and code of the admission decision, e.g. "456-QĐ/ĐUK".
    pub decision_ref: Option<String>,
    /// Date of the admission ceremony. Probationary standing starts here and runs 12 months
    /// (ADM-PRB-01); before it, a person with an admission decision is not yet on any roster
    /// ([`Member::awaiting_ceremony_on`]). `None`: no ceremony recorded yet.
    pub ceremony_date: Option<Date>,
    /// The date the member is official *as of*, as written in the recognition decision:
    /// normally the anniversary of the ceremony (ADM-PRB-03). It is not the day standing
    /// changes: that is [`Self::recognition_date`].
    pub official_date: Option<Date>,
    /// The day the competent committee's recognition decision takes effect (ADM-REC-03).
    /// Until then the member is still probationary and does not vote (ADM-REC-05), even after
    /// the official date.
    #[serde(default)]
    pub recognition_date: Option<Date>,
    /// Number and code of the recognition decision.
    #[serde(default)]
    pub recognition_ref: Option<String>,
    pub card_number: Option<CardNumber>,
}

/// Age in whole years on `date` of someone born on `birth`.
pub fn age_on(birth: Date, date: Date) -> i32 {
    let mut age = date.year() - birth.year();
    if (date.month() as u8, date.day()) < (birth.month() as u8, birth.day()) {
        age -= 1;
    }
    age
}

/// A status is a fact of a party member: it cannot start before the admission.
pub fn check_status_start(member: Option<&Member>, from: Date) -> Result<(), DomainError> {
    match member {
        Some(m) if from < m.admission_date => Err(DomainError::StatusBeforeAdmission {
            from,
            admission: m.admission_date,
        }),
        _ => Ok(()),
    }
}

impl Member {
    /// ADM-PRB-02: decision and ceremony dates are distinct facts and must be in order.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.ceremony_date.is_some_and(|c| c < self.admission_date) {
            return Err(DomainError::DatesOutOfOrder(
                "ceremony before admission decision",
            ));
        }
        if self.official_date.is_some_and(|o| o < self.admission_date) {
            return Err(DomainError::DatesOutOfOrder(
                "official date before admission",
            ));
        }
        if let (Some(c), Some(o)) = (self.ceremony_date, self.official_date) {
            if o < c {
                return Err(DomainError::DatesOutOfOrder(
                    "official date before ceremony",
                ));
            }
        }
        // ADM-REC-03: the official date is written by a recognition decision; both go together.
        match (self.official_date, self.recognition_date) {
            (Some(_), None) => {
                return Err(DomainError::Required {
                    field: "recognition_date",
                })
            }
            (None, Some(_)) => {
                return Err(DomainError::Required {
                    field: "official_date",
                })
            }
            (Some(o), Some(r)) if r < o => {
                // ADM-REC-01/03: the decision follows the end of probation.
                return Err(DomainError::DatesOutOfOrder(
                    "recognition decision before the official date",
                ));
            }
            _ => {}
        }
        if self.recognition_ref.is_some() && self.recognition_date.is_none() {
            return Err(DomainError::Required {
                field: "recognition_date",
            });
        }
        Ok(())
    }

    /// Lowest age at admission a record may show. ADM-AGE-01 (18 at consideration) is
    /// checked when an admission is considered; this floor only catches typing mistakes.
    pub const MIN_RECORD_AGE: i32 = 16;

    /// The record against the person and the calendar: not admitted before birth nor below
    /// [`Self::MIN_RECORD_AGE`], and no date of the record after `today` (a future admission
    /// would make the member vanish from every roster).
    pub fn check_dates(&self, birth: Option<Date>, today: Date) -> Result<(), DomainError> {
        for (field, date) in [
            ("admission_date", Some(self.admission_date)),
            ("ceremony_date", self.ceremony_date),
            ("official_date", self.official_date),
            ("recognition_date", self.recognition_date),
        ] {
            if date.is_some_and(|d| d > today) {
                return Err(DomainError::InFuture { field });
            }
        }
        if let Some(birth) = birth {
            if self.admission_date < birth {
                return Err(DomainError::AdmissionBeforeBirth {
                    admission: self.admission_date,
                    birth,
                });
            }
            let age = age_on(birth, self.admission_date);
            if age < Self::MIN_RECORD_AGE {
                return Err(DomainError::AdmissionTooYoung {
                    age,
                    min: Self::MIN_RECORD_AGE,
                });
            }
        }
        Ok(())
    }

    /// Standing on `date`, as the roster of that date shows it:
    /// - official once the recognition decision has taken effect (ADM-REC-03/05) — between
    ///   the official date (the anniversary, ADM-PRB-03) and the decision the member is still
    ///   probationary;
    /// - probationary from the ceremony (ADM-PRB-01);
    /// - `None` before the ceremony (or with none recorded): admitted by decision but not yet
    ///   a member on any roster ([`Self::awaiting_ceremony_on`]).
    pub fn standing_on(&self, date: Date) -> Option<Standing> {
        if self.recognised_on(date) {
            Some(Standing::Official)
        } else if self.ceremony_date.is_some_and(|c| c <= date) {
            Some(Standing::Probationary)
        } else {
            None
        }
    }

    /// Whether the recognition decision is in effect on `date` (ADM-REC-03).
    pub fn recognised_on(&self, date: Date) -> bool {
        self.official_date.is_some_and(|o| o <= date)
            && self.recognition_date.is_some_and(|r| r <= date)
    }

    /// ADM-PRB-01: admitted by decision on or before `date`, but the ceremony has not taken
    /// place (or is not recorded): shown apart from the roster, neither counted nor summoned.
    pub fn awaiting_ceremony_on(&self, date: Date) -> bool {
        self.admission_date <= date && self.standing_on(date).is_none()
    }

    /// Length of membership in whole years on `date` (ADM-PRB-02: from the decision date,
    /// and only for a recognised member).
    pub fn party_age_on(&self, date: Date) -> Option<i32> {
        if self.standing_on(date) != Some(Standing::Official) {
            return None;
        }
        let start = self.admission_date;
        let mut years = date.year() - start.year();
        if (date.month() as u8, date.day()) < (start.month() as u8, start.day()) {
            years -= 1;
        }
        Some(years.max(0))
    }
}

/// ADM-PRB-01/03, ADM-REC-01/02: the day a probationary member's 12 months ended, when on
/// `date` they have ended and no recognition decision is recorded: the cell must consider
/// this member's recognition (each member separately, ADM-REC-02) within the recognition
/// deadline after that day. `complete_on` is the rule set's
/// [`crate::ruleset::RuleSet::probation_complete_on`] (of the ceremony's date).
pub fn recognition_due(
    member: &Member,
    date: Date,
    complete_on: impl Fn(Date) -> Date,
) -> Option<Date> {
    if member.standing_on(date) != Some(Standing::Probationary) || member.recognition_date.is_some()
    {
        return None;
    }
    let end = complete_on(member.ceremony_date?);
    (end <= date).then_some(end)
}

/// Where a member takes part in party life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementKind {
    /// The member's own cell.
    Home,
    /// Attached temporarily at a host cell (sinh hoạt tạm thời, MTG-ATT-12): attends and
    /// speaks, is not counted in the host's membership or denominator, does not vote there.
    Attached,
}

impl PlacementKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Attached => "attached",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "home" => Some(Self::Home),
            "attached" => Some(Self::Attached),
            _ => None,
        }
    }
}

/// A person's placement in a cell over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub person: PersonId,
    pub org: OrgId,
    pub kind: PlacementKind,
    pub period: Period,
    /// For an attached member whose home cell is not in this system: its name.
    pub note: Option<String>,
}

/// A person has one home cell at a time and at most one host cell at a time: adding a member
/// to a cell twice, or to two cells at once, is refused. A home and an attached placement in
/// the same cell at once is refused too (MTG-ATT-12: one is attached to *another* cell), and
/// an attached placement is a temporary transfer whose length MEM-TR-03 bounds
/// ([`check_temporary_transfer`]; the purpose is not recorded on a placement, so the widest
/// bounds apply).
pub fn check_placement(existing: &[Placement], new: &Placement) -> Result<(), DomainError> {
    if new.kind == PlacementKind::Attached {
        check_temporary_transfer(&new.period, None)?;
    }
    let mine = || {
        existing
            .iter()
            .filter(|p| p.person == new.person && p.period.overlaps(&new.period))
    };
    if mine().any(|p| p.kind == new.kind) {
        return Err(DomainError::MembershipOverlap(new.person));
    }
    if mine().any(|p| p.org == new.org) {
        return Err(DomainError::AttachedAtHomeCell(new.person));
    }
    Ok(())
}

/// Why a member is on temporary transfer (MEM-TR-03).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferPurpose {
    /// Moving for work or residence: 3 months to under 1 year.
    Work,
    /// Full-time study: 3 months to 2 years.
    Study,
}

/// MEM-TR-03: a temporary transfer lasts from 3 months to under 1 year (moving) or to 2
/// years (full-time study); with the purpose unknown, from 3 months to 2 years. It must have
/// an end (`until`, inclusive). Months are calendar months from the first day (15/1 + 3
/// months = 15/4, so 15/1–14/4 is exactly 3 months).
pub fn check_temporary_transfer(
    period: &Period,
    purpose: Option<TransferPurpose>,
) -> Result<(), DomainError> {
    use crate::ruleset::add_months;
    let Some(until) = period.until() else {
        return Err(DomainError::Required { field: "until" });
    };
    let from = period.from();
    let (max_months, max_inclusive) = match purpose {
        Some(TransferPurpose::Work) => (12, false),
        Some(TransferPurpose::Study) | None => (24, true),
    };
    let err = DomainError::TemporaryTransferLength {
        min_months: 3,
        max_months,
    };
    // The day after the last day, to compare whole months.
    let end = until.next_day().ok_or_else(|| err.clone())?;
    let max_end = add_months(from, max_months);
    let too_long = if max_inclusive {
        end > max_end
    } else {
        end >= max_end
    };
    if end < add_months(from, 3) || too_long {
        return Err(err);
    }
    Ok(())
}

/// The organisation whose rights govern a person's record on `date`: the home cell then, else
/// the last home cell, else (for a non-member) the affiliated cell. Access to a profile and to
/// editing it is decided against this organisation.
pub fn governing_org(
    placements: &[Placement],
    affiliation: Option<OrgId>,
    date: Date,
) -> Option<OrgId> {
    let home = || placements.iter().filter(|p| p.kind == PlacementKind::Home);
    home()
        .find(|p| p.period.contains(date))
        .or_else(|| home().max_by_key(|p| p.period.from()))
        .map(|p| p.org)
        .or(affiliation)
}

/// Dated statuses besides "active" (which is the absence of any status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// Exempted from work and party activities (MEM-EX-01/02).
    Exempted,
    /// Away on a temporary transfer to another cell (MEM-TR-03).
    TemporarilyAway,
    Suspended,
    /// Prosecuted, indicted or detained.
    Prosecuted,
    /// Officially transferred out (MEM-TR-01).
    Transferred,
    /// Name removed from the list (xóa tên, MEM-DEL-01).
    Removed,
    /// Died (từ trần).
    Died,
    /// Expelled from the party (khai trừ), a discipline.
    Expelled,
    /// Left the party at their own request (xin ra khỏi Đảng).
    LeftParty,
}

/// The consequences of a status, in one place so that rosters, denominators and the annual
/// review cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusEffects {
    /// May vote at the home cell when present. Whether the status also takes the member out
    /// of the vote denominator is not a property of the status: it depends on the rule set
    /// in force on the meeting's date (MTG-ATT-03, see [`Summoned`]).
    pub votes: bool,
    /// Graded in the annual review (MEM-EX-02: exempted members are not).
    pub graded_annually: bool,
    /// Keeps party roles at the home cell (MEM-TR-03: a member on temporary transfer keeps
    /// official membership and the committee seat).
    pub keeps_roles: bool,
    /// Still listed in the cell's membership.
    pub on_roster: bool,
}

impl StatusKind {
    pub const ALL: [StatusKind; 9] = [
        Self::Exempted,
        Self::TemporarilyAway,
        Self::Suspended,
        Self::Prosecuted,
        Self::Transferred,
        Self::Removed,
        Self::Died,
        Self::Expelled,
        Self::LeftParty,
    ];

    /// Whether the status ends party membership for good (removed, died, expelled, left at
    /// their own request): it has a start date and no end, takes the person off every
    /// roster and denominator from that date, and keeps the history before it.
    pub fn ends_membership(self) -> bool {
        matches!(
            self,
            Self::Removed | Self::Died | Self::Expelled | Self::LeftParty
        )
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Exempted => "exempted",
            Self::TemporarilyAway => "temporarily_away",
            Self::Suspended => "suspended",
            Self::Prosecuted => "prosecuted",
            Self::Transferred => "transferred",
            Self::Removed => "removed",
            Self::Died => "died",
            Self::Expelled => "expelled",
            Self::LeftParty => "left_party",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn effects(self) -> StatusEffects {
        match self {
            // MEM-EX-02: not graded, may attend and vote.
            Self::Exempted => StatusEffects {
                votes: true,
                graded_annually: false,
                keeps_roles: true,
                on_roster: true,
            },
            // MEM-TR-03: keeps official membership and committee seat at home; takes part
            // in party life at the host cell.
            Self::TemporarilyAway => StatusEffects {
                votes: false,
                graded_annually: true,
                keeps_roles: true,
                on_roster: true,
            },
            Self::Suspended | Self::Prosecuted => StatusEffects {
                votes: false,
                graded_annually: true,
                keeps_roles: false,
                on_roster: true,
            },
            Self::Transferred | Self::Removed | Self::Died | Self::Expelled | Self::LeftParty => {
                StatusEffects {
                    votes: false,
                    graded_annually: false,
                    keeps_roles: false,
                    on_roster: false,
                }
            }
        }
    }

    /// The MTG-ATT-03 situation a summoned member in this status is in, given whether they
    /// attended. Whether the situation excludes them is the rule set's data
    /// ([`crate::ruleset::RuleSet::vote_denominator`]).
    pub fn denominator_situation(self, attended: bool) -> Option<DenominatorExclusion> {
        match self {
            Self::TemporarilyAway => Some(DenominatorExclusion::TemporaryTransferElsewhere),
            Self::Exempted => (!attended).then_some(DenominatorExclusion::ExemptedAbsent),
            Self::Suspended => Some(DenominatorExclusion::Suspended),
            Self::Prosecuted => Some(DenominatorExclusion::ProsecutedOrDetained),
            // Not on the roster, hence never summoned.
            Self::Transferred | Self::Removed | Self::Died | Self::Expelled | Self::LeftParty => {
                None
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusPeriod {
    pub person: PersonId,
    pub kind: StatusKind,
    pub period: Period,
    pub note: Option<String>,
}

/// One status at a time: overlapping statuses are refused so that "the status on a date"
/// always has one answer.
///
/// A status that ends membership ([`StatusKind::ends_membership`]) has no end date.
pub fn check_status(existing: &[StatusPeriod], new: &StatusPeriod) -> Result<(), DomainError> {
    if new.kind.ends_membership() && new.period.until().is_some() {
        return Err(DomainError::FinalStatusHasEnd);
    }
    let clash = existing
        .iter()
        .filter(|s| s.person == new.person)
        .any(|s| s.period.overlaps(&new.period));
    if clash {
        return Err(DomainError::StatusOverlap(new.person));
    }
    Ok(())
}

/// The status recorded for `person` on `date`.
pub fn status_on(statuses: &[StatusPeriod], person: PersonId, date: Date) -> Option<StatusKind> {
    statuses
        .iter()
        .find(|s| s.person == person && s.period.contains(date))
        .map(|s| s.kind)
}

/// The status of `person` at their home cell on `date`: the recorded status, else
/// `TemporarilyAway` when an attached placement at another cell covers the date
/// (MTG-ATT-12, MEM-TR-03: attachment elsewhere *is* the temporary transfer, so no second
/// record is needed; a recorded status still serves a host cell outside chibo).
pub fn home_status_on(
    statuses: &[StatusPeriod],
    placements: &[Placement],
    person: PersonId,
    date: Date,
) -> Option<StatusKind> {
    status_on(statuses, person, date).or_else(|| {
        placements
            .iter()
            .any(|p| {
                p.person == person && p.kind == PlacementKind::Attached && p.period.contains(date)
            })
            .then_some(StatusKind::TemporarilyAway)
    })
}

/// Party roles held in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyRole {
    Secretary,
    DeputySecretary,
    CommitteeMember,
    GroupLeader,
    GroupDeputy,
}

impl PartyRole {
    pub const ALL: [PartyRole; 5] = [
        Self::Secretary,
        Self::DeputySecretary,
        Self::CommitteeMember,
        Self::GroupLeader,
        Self::GroupDeputy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Secretary => "secretary",
            Self::DeputySecretary => "deputy_secretary",
            Self::CommitteeMember => "committee_member",
            Self::GroupLeader => "group_leader",
            Self::GroupDeputy => "group_deputy",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Secretary and deputy are seats of the cell committee (ORG-03).
    pub fn is_committee_seat(self) -> bool {
        matches!(
            self,
            Self::Secretary | Self::DeputySecretary | Self::CommitteeMember
        )
    }

    /// One holder at a time per organisation (or per party group for group roles).
    fn is_single_seat(self) -> bool {
        !matches!(self, Self::CommitteeMember)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub person: PersonId,
    pub org: OrgId,
    pub role: PartyRole,
    pub group: Option<PartyGroupId>,
    pub period: Period,
}

/// Refuses a role the person already holds over the period, and a second holder of a
/// single seat (secretary, deputy, group leader/deputy of one group) at the same time.
pub fn check_role(existing: &[RoleAssignment], new: &RoleAssignment) -> Result<(), DomainError> {
    let clash = existing
        .iter()
        .filter(|r| r.org == new.org && r.role == new.role)
        .any(|r| {
            let same_seat =
                r.person == new.person || (new.role.is_single_seat() && r.group == new.group);
            same_seat && r.period.overlaps(&new.period)
        });
    if clash {
        return Err(DomainError::RoleOverlap);
    }
    Ok(())
}

/// One line of a cell's roster on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub person: PersonId,
    pub placement: PlacementKind,
    pub standing: Standing,
    pub status: Option<StatusKind>,
}

impl RosterEntry {
    /// May vote in this cell: official (MTG-ATT-01), at home (MTG-ATT-12), and in no status
    /// that takes the vote away (away on temporary transfer, suspended, prosecuted).
    pub fn may_vote(&self) -> bool {
        self.standing == Standing::Official
            && self.placement == PlacementKind::Home
            && self.status.is_none_or(|s| s.effects().votes)
    }

    /// Summoned to the meetings of this cell (see [`Summoned`]).
    pub fn is_summoned(&self) -> bool {
        self.standing == Standing::Official && self.placement == PlacementKind::Home
    }
}

/// Whether a summoned member attended a meeting; an absence records whether the cell
/// committee accepted its reason (MTG-ATT-03, MTG-ATT-07).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Attendance {
    Present,
    /// Absent for the whole session.
    Absent {
        reason_accepted: bool,
    },
}

/// A member **summoned** to a cell meeting (đảng viên được triệu tập). The one definition
/// chibo uses, from the glossary and MTG-ATT-03: every *official* member whose *home* cell
/// holds the meeting, on the meeting's date, including exempted, suspended, prosecuted and
/// temporarily away members (the rule set in force then subtracts the ones it excludes).
/// Not summoned: probationary members (MTG-ATT-01), members attached here from another cell
/// (MTG-ATT-12), people admitted whose ceremony has not taken place (ADM-PRB-01), and those
/// transferred out or removed. The vote denominator is the summoned minus the exclusions of
/// the rule set in force on the meeting's date, each person counted once
/// ([`crate::ruleset::RuleSet::vote_denominator`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summoned {
    pub person: PersonId,
    /// Status at the home cell on the meeting's date ([`home_status_on`]).
    pub status: Option<StatusKind>,
    pub attendance: Attendance,
}

impl Summoned {
    /// Every MTG-ATT-03 situation this member is in (possibly several: away *and* absent
    /// with an accepted reason). The rule set decides which of them exclude.
    pub fn situations(&self) -> Vec<DenominatorExclusion> {
        let attended = self.attendance == Attendance::Present;
        let mut out: Vec<DenominatorExclusion> = self
            .status
            .and_then(|s| s.denominator_situation(attended))
            .into_iter()
            .collect();
        if self.attendance
            == (Attendance::Absent {
                reason_accepted: true,
            })
        {
            out.push(DenominatorExclusion::AbsentWithAcceptedReason);
        }
        out
    }
}

/// The membership breakdown printed in minutes (MTG-MIN-03).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Breakdown {
    pub total: u32,
    pub official: u32,
    pub probationary: u32,
    pub attached_here: u32,
    pub exempted: u32,
    pub away: u32,
}

#[derive(Debug, Clone, Default)]
pub struct CellRoster {
    pub entries: Vec<RosterEntry>,
}

impl CellRoster {
    /// The roster of `cell` on `date` from the raw dated records.
    pub fn on(
        cell: OrgId,
        date: Date,
        members: &[Member],
        placements: &[Placement],
        statuses: &[StatusPeriod],
    ) -> Self {
        let entries = placements
            .iter()
            .filter(|p| p.org == cell && p.period.contains(date))
            .filter_map(|p| {
                let member = members.iter().find(|m| m.person == p.person)?;
                let standing = member.standing_on(date)?;
                let status = match p.kind {
                    PlacementKind::Home => home_status_on(statuses, placements, p.person, date),
                    PlacementKind::Attached => status_on(statuses, p.person, date),
                };
                if status.is_some_and(|s| !s.effects().on_roster) {
                    return None;
                }
                Some(RosterEntry {
                    person: p.person,
                    placement: p.kind,
                    standing,
                    status,
                })
            })
            .collect();
        Self { entries }
    }

    pub fn home(&self) -> impl Iterator<Item = &RosterEntry> {
        self.entries
            .iter()
            .filter(|e| e.placement == PlacementKind::Home)
    }

    /// The members summoned to a meeting of this cell on the roster's date (see
    /// [`Summoned`]), with their attendance.
    pub fn summoned(&self, attendance: impl Fn(PersonId) -> Attendance) -> Vec<Summoned> {
        self.entries
            .iter()
            .filter(|e| e.is_summoned())
            .map(|e| Summoned {
                person: e.person,
                status: e.status,
                attendance: attendance(e.person),
            })
            .collect()
    }

    /// Official members of the cell itself (attached members belong to their home cell).
    pub fn official_count(&self) -> u32 {
        self.home()
            .filter(|e| e.standing == Standing::Official)
            .count() as u32
    }

    /// MTG-MIN-03: total (home members), official, probationary, attached here, exempted,
    /// away on temporary transfer.
    pub fn breakdown(&self) -> Breakdown {
        let mut b = Breakdown::default();
        for e in &self.entries {
            if e.placement == PlacementKind::Attached {
                b.attached_here += 1;
                continue;
            }
            b.total += 1;
            match e.standing {
                Standing::Official => b.official += 1,
                Standing::Probationary => b.probationary += 1,
            }
            match e.status {
                Some(StatusKind::Exempted) => b.exempted += 1,
                Some(StatusKind::TemporarilyAway) => b.away += 1,
                _ => {}
            }
        }
        b
    }
}

/// Warnings about a cell's composition, shown on the cell page and in dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CellFlag {
    /// ORG-02: fewer than 3 official members; the superior committee must add members or
    /// merge the cell.
    BelowThreeOfficial { official: u32 },
    /// ORG-03: 9 or more official members need an elected cell committee.
    NeedsCommittee { official: u32 },
    /// No secretary in office on the date.
    NoSecretary,
}

impl CellFlag {
    pub fn rule_id(self) -> Option<&'static str> {
        match self {
            Self::BelowThreeOfficial { .. } => Some(ORG_02),
            Self::NeedsCommittee { .. } => Some(ORG_03),
            Self::NoSecretary => None,
        }
    }
}

pub const ORG_02: &str = "ORG-02";
pub const ORG_03: &str = "ORG-03";

/// Flags of a cell on `date` from its roster and the roles in force.
pub fn cell_flags(
    cell: OrgId,
    roster: &CellRoster,
    roles: &[RoleAssignment],
    date: Date,
) -> Vec<CellFlag> {
    let official = roster.official_count();
    let in_force: Vec<&RoleAssignment> = roles
        .iter()
        .filter(|r| r.org == cell && r.period.contains(date))
        .collect();
    let mut flags = Vec::new();
    if official < 3 {
        flags.push(CellFlag::BelowThreeOfficial { official });
    }
    let has_committee = in_force
        .iter()
        .any(|r| r.role == PartyRole::CommitteeMember);
    if official >= 9 && !has_committee {
        flags.push(CellFlag::NeedsCommittee { official });
    }
    if !in_force.iter().any(|r| r.role == PartyRole::Secretary) {
        flags.push(CellFlag::NoSecretary);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn record(admission: Date) -> Member {
        Member {
            person: PersonId(1),
            admission_date: admission,
            decision_ref: None,
            ceremony_date: None,
            official_date: None,
            recognition_date: None,
            recognition_ref: None,
            card_number: None,
        }
    }

    #[test]
    /// ADM-AGE-01 (18 to 60 at consideration) is not a check on stored records: a record
    /// admitted at 17 (the consideration may have been months earlier, or under an older
    /// Charter) is kept; only the sanity floor of 16 refuses.
    fn adm_age_01_is_not_applied_to_records_only_the_floor_and_dates_are() {
        let today = date!(2025 - 11 - 20);
        let birth = Some(date!(1990 - 05 - 17));
        assert_eq!(
            record(date!(1980 - 01 - 01)).check_dates(birth, today),
            Err(DomainError::AdmissionBeforeBirth {
                admission: date!(1980 - 01 - 01),
                birth: date!(1990 - 05 - 17)
            })
        );
        // Age 10: below the floor of records.
        assert!(matches!(
            record(date!(2000 - 06 - 01)).check_dates(birth, today),
            Err(DomainError::AdmissionTooYoung { age: 10, min: 16 })
        ));
        // The day before the 16th birthday is still too young; the birthday is fine.
        assert!(record(date!(2006 - 05 - 16))
            .check_dates(birth, today)
            .is_err());
        assert!(record(date!(2006 - 05 - 17))
            .check_dates(birth, today)
            .is_ok());
        // Admitted at 17: below ADM-AGE-01's 18, still a valid record.
        assert!(record(date!(2007 - 06 - 01))
            .check_dates(birth, today)
            .is_ok());
        assert_eq!(
            record(date!(2025 - 11 - 21)).check_dates(None, today),
            Err(DomainError::InFuture {
                field: "admission_date"
            })
        );
        assert_eq!(age_on(date!(2000 - 02 - 29), date!(2016 - 02 - 28)), 15);
        assert_eq!(age_on(date!(2000 - 02 - 29), date!(2016 - 03 - 01)), 16);
    }

    #[test]
    fn a_status_cannot_start_before_admission() {
        let m = record(date!(2010 - 03 - 08));
        assert!(check_status_start(Some(&m), date!(2010 - 03 - 07)).is_err());
        assert!(check_status_start(Some(&m), date!(2010 - 03 - 08)).is_ok());
        assert!(check_status_start(None, date!(2010 - 03 - 07)).is_ok());
    }

    /// MEM-DEL-01 and the other ends of membership (died, expelled, left at their own
    /// request): dated, open-ended, off the roster and out of the summoned (so out of every
    /// vote denominator) from that date; the roster before it is unchanged.
    #[test]
    fn mem_del_01_statuses_that_end_membership() {
        let members: Vec<Member> = (1..=4)
            .map(|i| member(i, date!(2000 - 01 - 01), Some(date!(2001 - 01 - 01))))
            .collect();
        let placements: Vec<Placement> = (1..=4).map(|i| home(i, 3)).collect();
        let ends = [
            StatusKind::Removed,
            StatusKind::Died,
            StatusKind::Expelled,
            StatusKind::LeftParty,
        ];
        let from = date!(2025 - 06 - 10);
        let statuses: Vec<StatusPeriod> = ends
            .iter()
            .zip(1..)
            .map(|(kind, i)| StatusPeriod {
                person: PersonId(i),
                kind: *kind,
                period: Period::starting(from),
                note: None,
            })
            .collect();
        for kind in ends {
            assert!(kind.ends_membership());
            assert!(!kind.effects().on_roster);
            assert!(!kind.effects().votes);
            assert_eq!(StatusKind::from_code(kind.code()), Some(kind));
        }
        assert!(!StatusKind::Exempted.ends_membership());
        assert!(!StatusKind::Transferred.ends_membership());
        let before = CellRoster::on(
            OrgId(3),
            date!(2025 - 06 - 09),
            &members,
            &placements,
            &statuses,
        );
        assert_eq!(before.entries.len(), 4);
        assert_eq!(before.summoned(|_| Attendance::Present).len(), 4);
        let after = CellRoster::on(OrgId(3), from, &members, &placements, &statuses);
        assert!(after.entries.is_empty());
        assert!(after.summoned(|_| Attendance::Present).is_empty());
        assert_eq!(after.breakdown().official, 0);
        // No end date; nothing may follow it (the open period overlaps every later one).
        let ended = StatusPeriod {
            person: PersonId(9),
            kind: StatusKind::Died,
            period: Period::new(from, Some(date!(2025 - 12 - 31))).unwrap(),
            note: None,
        };
        assert_eq!(
            check_status(&[], &ended),
            Err(DomainError::FinalStatusHasEnd)
        );
        let later = StatusPeriod {
            person: PersonId(1),
            kind: StatusKind::Suspended,
            period: Period::new(date!(2026 - 01 - 01), Some(date!(2026 - 02 - 01))).unwrap(),
            note: None,
        };
        assert!(check_status(&statuses, &later).is_err());
    }

    /// ADM-PRB-01/03, ADM-REC-01/02: a probationary member is due for recognition from the
    /// anniversary of the ceremony until the decision is recorded; not before, and not once
    /// recognised.
    #[test]
    fn adm_prb_01_03_adm_rec_01_recognition_due_after_twelve_months() {
        let anniversary = |c: Date| c.replace_year(c.year() + 1).unwrap();
        let mut m = record(date!(2024 - 11 - 05));
        m.ceremony_date = Some(date!(2024 - 11 - 22));
        assert_eq!(
            recognition_due(&m, date!(2025 - 11 - 21), anniversary),
            None
        );
        assert_eq!(
            recognition_due(&m, date!(2025 - 11 - 22), anniversary),
            Some(date!(2025 - 11 - 22))
        );
        assert_eq!(
            recognition_due(&m, date!(2026 - 03 - 01), anniversary),
            Some(date!(2025 - 11 - 22))
        );
        // Before the ceremony: not a probationary member at all.
        assert_eq!(
            recognition_due(&m, date!(2024 - 11 - 21), anniversary),
            None
        );
        // The decision recorded (even if it takes effect later): nothing left to consider.
        m.official_date = Some(date!(2025 - 11 - 22));
        m.recognition_date = Some(date!(2026 - 01 - 10));
        assert_eq!(
            recognition_due(&m, date!(2025 - 12 - 01), anniversary),
            None
        );
    }

    fn member(id: i64, admitted: Date, official: Option<Date>) -> Member {
        Member {
            person: PersonId(id),
            admission_date: admitted,
            decision_ref: None,
            ceremony_date: Some(admitted),
            official_date: official,
            recognition_date: official,
            recognition_ref: None,
            card_number: None,
        }
    }

    fn home(id: i64, cell: i64) -> Placement {
        Placement {
            person: PersonId(id),
            org: OrgId(cell),
            kind: PlacementKind::Home,
            period: Period::starting(date!(2000 - 01 - 01)),
            note: None,
        }
    }

    #[test]
    fn adm_prb_02_party_age_counts_from_the_decision() {
        let m = Member {
            person: PersonId(1),
            admission_date: date!(2024 - 08 - 25),
            decision_ref: Some("456-QĐ/ĐUK".into()),
            ceremony_date: Some(date!(2024 - 09 - 15)),
            official_date: Some(date!(2025 - 09 - 15)),
            recognition_date: Some(date!(2025 - 09 - 15)),
            recognition_ref: None,
            card_number: None,
        };
        m.validate().unwrap();
        assert_eq!(
            m.standing_on(date!(2025 - 09 - 14)),
            Some(Standing::Probationary)
        );
        assert_eq!(
            m.standing_on(date!(2025 - 09 - 15)),
            Some(Standing::Official)
        );
        assert_eq!(m.party_age_on(date!(2026 - 08 - 25)), Some(2));
        assert_eq!(m.party_age_on(date!(2026 - 08 - 24)), Some(1));
        let bad = Member {
            ceremony_date: Some(date!(2024 - 08 - 01)),
            ..m
        };
        assert!(bad.validate().is_err());
    }

    /// ADM-PRB-03, ADM-REC-03, ADM-REC-05: ceremony 15/9/2024, probation complete (and the
    /// official date) 15/9/2025, recognition decision in effect 20/10/2025. In between the
    /// member is still probationary on the roster and does not vote; from the decision the
    /// member is official, and party age counts from the admission decision (ADM-PRB-02).
    #[test]
    fn adm_rec_05_probationary_until_the_recognition_decision() {
        let m = Member {
            person: PersonId(1),
            admission_date: date!(2024 - 08 - 25),
            decision_ref: None,
            ceremony_date: Some(date!(2024 - 09 - 15)),
            official_date: Some(date!(2025 - 09 - 15)),
            recognition_date: Some(date!(2025 - 10 - 20)),
            recognition_ref: Some("789-QĐ/ĐUK".into()),
            card_number: None,
        };
        m.validate().unwrap();
        for d in [date!(2025 - 09 - 15), date!(2025 - 10 - 19)] {
            assert_eq!(m.standing_on(d), Some(Standing::Probationary), "{d}");
            assert_eq!(m.party_age_on(d), None);
        }
        assert_eq!(
            m.standing_on(date!(2025 - 10 - 20)),
            Some(Standing::Official)
        );
        let placements = vec![home(1, 3)];
        let between = CellRoster::on(
            OrgId(3),
            date!(2025 - 10 - 01),
            std::slice::from_ref(&m),
            &placements,
            &[],
        );
        assert_eq!(between.breakdown().probationary, 1);
        assert!(!between.entries[0].may_vote());
        assert!(between.summoned(|_| Attendance::Present).is_empty());
        let after = CellRoster::on(
            OrgId(3),
            date!(2025 - 10 - 20),
            std::slice::from_ref(&m),
            &placements,
            &[],
        );
        assert!(after.entries[0].may_vote());
        // ADM-REC-03: the official date and the decision go together, in order.
        let no_decision = Member {
            recognition_date: None,
            recognition_ref: None,
            ..m.clone()
        };
        assert_eq!(
            no_decision.validate(),
            Err(DomainError::Required {
                field: "recognition_date"
            })
        );
        let early = Member {
            recognition_date: Some(date!(2025 - 09 - 14)),
            ..m
        };
        assert!(matches!(
            early.validate(),
            Err(DomainError::DatesOutOfOrder(_))
        ));
    }

    /// ADM-PRB-01: probationary standing starts at the ceremony. Between the admission
    /// decision and the ceremony the person is awaiting the ceremony: not on the roster, not
    /// counted, not summoned.
    #[test]
    fn adm_prb_01_not_on_the_roster_before_the_ceremony() {
        let m = Member {
            ceremony_date: Some(date!(2024 - 09 - 15)),
            ..record(date!(2024 - 08 - 25))
        };
        let placements = vec![home(1, 3)];
        let before = date!(2024 - 09 - 14);
        assert_eq!(m.standing_on(before), None);
        assert!(m.awaiting_ceremony_on(before));
        assert!(!m.awaiting_ceremony_on(date!(2024 - 08 - 24)));
        let roster = CellRoster::on(OrgId(3), before, std::slice::from_ref(&m), &placements, &[]);
        assert!(roster.entries.is_empty());
        assert_eq!(roster.breakdown().total, 0);
        let on = date!(2024 - 09 - 15);
        assert_eq!(m.standing_on(on), Some(Standing::Probationary));
        assert!(!m.awaiting_ceremony_on(on));
        // No ceremony recorded yet: awaiting it.
        let none = record(date!(2024 - 08 - 25));
        assert!(none.awaiting_ceremony_on(date!(2026 - 01 - 01)));
    }

    /// MTG-ATT-12: a home and an attached placement in the same cell at once is refused;
    /// attached elsewhere over the same period is fine.
    #[test]
    fn mtg_att_12_attached_to_the_home_cell_is_refused() {
        let existing = vec![home(1, 10)];
        let attach = |cell| Placement {
            kind: PlacementKind::Attached,
            org: OrgId(cell),
            period: Period::new(date!(2025 - 01 - 01), Some(date!(2025 - 06 - 30))).unwrap(),
            ..home(1, cell)
        };
        assert_eq!(
            check_placement(&existing, &attach(10)),
            Err(DomainError::AttachedAtHomeCell(PersonId(1)))
        );
        assert!(check_placement(&existing, &attach(11)).is_ok());
        // And the other way round: a home placement where the member is attached.
        let mut moved = home(1, 11);
        moved.period = Period::starting(date!(2025 - 03 - 01));
        assert_eq!(
            check_placement(&[attach(11)], &moved),
            Err(DomainError::AttachedAtHomeCell(PersonId(1)))
        );
    }

    /// MEM-TR-03: 3 months to under 1 year for a move, to 2 years for full-time study; an
    /// attached placement with no end, or outside the widest bounds, is refused.
    #[test]
    fn mem_tr_03_temporary_transfer_length() {
        let p = |from, until| Period::new(from, until).unwrap();
        let jan = date!(2025 - 01 - 15);
        let len = DomainError::TemporaryTransferLength {
            min_months: 3,
            max_months: 12,
        };
        let work = Some(TransferPurpose::Work);
        let study = Some(TransferPurpose::Study);
        // Exactly 3 months (15/1–14/4) is enough; a day less is not.
        assert!(check_temporary_transfer(&p(jan, Some(date!(2025 - 04 - 14))), work).is_ok());
        assert_eq!(
            check_temporary_transfer(&p(jan, Some(date!(2025 - 04 - 13))), work),
            Err(len.clone())
        );
        // Under 1 year for a move: 15/1/2025–13/1/2026 yes, a whole year (–14/1/2026) no.
        assert!(check_temporary_transfer(&p(jan, Some(date!(2026 - 01 - 13))), work).is_ok());
        assert_eq!(
            check_temporary_transfer(&p(jan, Some(date!(2026 - 01 - 14))), work),
            Err(len)
        );
        // Study: up to 2 years inclusive.
        assert!(check_temporary_transfer(&p(jan, Some(date!(2027 - 01 - 14))), study).is_ok());
        assert!(check_temporary_transfer(&p(jan, Some(date!(2027 - 01 - 15))), study).is_err());
        assert_eq!(
            check_temporary_transfer(&p(jan, None), None),
            Err(DomainError::Required { field: "until" })
        );
        // On a placement: the purpose is unknown, the widest bounds apply.
        let attached = |until| Placement {
            kind: PlacementKind::Attached,
            org: OrgId(11),
            period: p(jan, until),
            ..home(1, 11)
        };
        assert!(check_placement(&[], &attached(Some(date!(2026 - 06 - 30)))).is_ok());
        assert!(check_placement(&[], &attached(Some(date!(2025 - 02 - 28)))).is_err());
        assert!(check_placement(&[], &attached(None)).is_err());
    }

    #[test]
    fn a_member_added_twice_to_a_cell_is_refused() {
        let existing = vec![home(1, 10)];
        assert_eq!(
            check_placement(&existing, &home(1, 10)),
            Err(DomainError::MembershipOverlap(PersonId(1)))
        );
        assert_eq!(
            check_placement(&existing, &home(1, 11)),
            Err(DomainError::MembershipOverlap(PersonId(1)))
        );
        let attached = Placement {
            kind: PlacementKind::Attached,
            org: OrgId(11),
            period: Period::new(date!(2025 - 01 - 01), Some(date!(2025 - 12 - 31))).unwrap(),
            ..home(1, 11)
        };
        assert!(check_placement(&existing, &attached).is_ok());
    }

    #[test]
    fn governing_org_prefers_the_current_then_the_last_home_cell() {
        let mut moved = home(1, 10);
        moved.period = Period::new(date!(2000 - 01 - 01), Some(date!(2020 - 12 - 31))).unwrap();
        let mut now = home(1, 11);
        now.period = Period::starting(date!(2021 - 01 - 01));
        let placements = vec![moved, now];
        assert_eq!(
            governing_org(&placements, None, date!(2019 - 01 - 01)),
            Some(OrgId(10))
        );
        assert_eq!(
            governing_org(&placements, None, date!(2025 - 01 - 01)),
            Some(OrgId(11))
        );
        assert_eq!(
            governing_org(&placements[..1], None, date!(2025 - 01 - 01)),
            Some(OrgId(10))
        );
        assert_eq!(
            governing_org(&[], Some(OrgId(5)), date!(2025 - 01 - 01)),
            Some(OrgId(5))
        );
    }

    #[test]
    fn overlapping_statuses_are_refused() {
        let s = |from, until| StatusPeriod {
            person: PersonId(1),
            kind: StatusKind::Exempted,
            period: Period::new(from, until).unwrap(),
            note: None,
        };
        let existing = vec![s(date!(2024 - 01 - 01), Some(date!(2024 - 06 - 30)))];
        assert!(check_status(&existing, &s(date!(2024 - 06 - 30), None)).is_err());
        assert!(check_status(&existing, &s(date!(2024 - 07 - 01), None)).is_ok());
    }

    #[test]
    fn one_secretary_at_a_time() {
        let r = |person, role| RoleAssignment {
            person: PersonId(person),
            org: OrgId(10),
            role,
            group: None,
            period: Period::starting(date!(2025 - 04 - 15)),
        };
        let existing = vec![r(1, PartyRole::Secretary), r(2, PartyRole::CommitteeMember)];
        assert_eq!(
            check_role(&existing, &r(3, PartyRole::Secretary)),
            Err(DomainError::RoleOverlap)
        );
        assert!(check_role(&existing, &r(3, PartyRole::CommitteeMember)).is_ok());
        assert_eq!(
            check_role(&existing, &r(2, PartyRole::CommitteeMember)),
            Err(DomainError::RoleOverlap)
        );
    }

    /// S3 composition: 20 official (one exempted), 2 probationary, 1 attached from elsewhere.
    fn s3() -> (Vec<Member>, Vec<Placement>, Vec<StatusPeriod>) {
        let d = date!(2010 - 01 - 01);
        let mut members: Vec<Member> = (1..=20).map(|i| member(i, d, Some(d))).collect();
        members.push(member(21, date!(2024 - 03 - 01), None));
        members.push(member(22, date!(2024 - 05 - 01), None));
        members.push(member(23, d, Some(d)));
        let mut placements: Vec<Placement> = (1..=22).map(|i| home(i, 3)).collect();
        placements.push(Placement {
            kind: PlacementKind::Attached,
            ..home(23, 3)
        });
        let statuses = vec![StatusPeriod {
            person: PersonId(20),
            kind: StatusKind::Exempted,
            period: Period::starting(date!(2023 - 01 - 01)),
            note: None,
        }];
        (members, placements, statuses)
    }

    #[test]
    fn mtg_min_03_breakdown_and_mtg_att_12_attached_do_not_vote() {
        let (m, p, s) = s3();
        let roster = CellRoster::on(OrgId(3), date!(2025 - 11 - 03), &m, &p, &s);
        assert_eq!(
            roster.breakdown(),
            Breakdown {
                total: 22,
                official: 20,
                probationary: 2,
                attached_here: 1,
                exempted: 1,
                away: 0
            }
        );
        // MTG-ATT-01 probationary members and MTG-ATT-12 attached members do not vote; the
        // exempted member (MEM-EX-02) votes if present.
        assert_eq!(roster.entries.iter().filter(|e| e.may_vote()).count(), 20);
    }

    /// MTG-ATT-12, MEM-TR-03: a member attached to another cell is temporarily away at home
    /// over exactly that period, without a status record; away, they are summoned at home
    /// but do not vote, and the rule set subtracts them (MTG-ATT-03).
    #[test]
    fn mtg_att_12_attached_elsewhere_is_away_at_home() {
        let (m, mut p, s) = s3();
        p.push(Placement {
            kind: PlacementKind::Attached,
            org: OrgId(9),
            period: Period::new(date!(2025 - 03 - 01), Some(date!(2025 - 08 - 31))).unwrap(),
            ..home(5, 9)
        });
        let before = CellRoster::on(OrgId(3), date!(2025 - 02 - 28), &m, &p, &s);
        let during = CellRoster::on(OrgId(3), date!(2025 - 03 - 01), &m, &p, &s);
        let after = CellRoster::on(OrgId(3), date!(2025 - 09 - 01), &m, &p, &s);
        let status = |r: &CellRoster| {
            r.entries
                .iter()
                .find(|e| e.person == PersonId(5))
                .and_then(|e| e.status)
        };
        assert_eq!(status(&before), None);
        assert_eq!(status(&during), Some(StatusKind::TemporarilyAway));
        assert_eq!(status(&after), None);
        assert_eq!(during.breakdown().away, 1);
        assert_eq!(during.entries.iter().filter(|e| e.may_vote()).count(), 19);
        // At the host cell the member is attached, not counted, not summoned.
        let host = CellRoster::on(OrgId(9), date!(2025 - 03 - 01), &m, &p, &s);
        assert_eq!(host.breakdown().attached_here, 1);
        assert!(host.summoned(|_| Attendance::Present).is_empty());
        // Summoned at home: the 20 official home members (exempted and away included).
        let summoned = during.summoned(|_| Attendance::Present);
        assert_eq!(summoned.len(), 20);
        let away = summoned.iter().find(|x| x.person == PersonId(5)).unwrap();
        assert_eq!(
            away.situations(),
            vec![DenominatorExclusion::TemporaryTransferElsewhere]
        );
        assert_eq!(
            home_status_on(&s, &p, PersonId(5), date!(2025 - 06 - 01)),
            Some(StatusKind::TemporarilyAway)
        );
    }

    #[test]
    fn mem_ex_02_and_mem_tr_03_status_effects() {
        let ex = StatusKind::Exempted.effects();
        assert!(ex.votes && !ex.graded_annually);
        assert_eq!(StatusKind::Exempted.denominator_situation(true), None);
        assert_eq!(
            StatusKind::Exempted.denominator_situation(false),
            Some(DenominatorExclusion::ExemptedAbsent)
        );
        let away = StatusKind::TemporarilyAway.effects();
        assert!(!away.votes && away.keeps_roles && away.on_roster);
        assert_eq!(
            StatusKind::TemporarilyAway.denominator_situation(true),
            Some(DenominatorExclusion::TemporaryTransferElsewhere)
        );
        assert!(!StatusKind::Transferred.effects().on_roster);
        assert!(!StatusKind::Removed.effects().on_roster);
    }

    #[test]
    fn org_02_and_org_03_flags() {
        let d = date!(2010 - 01 - 01);
        let members: Vec<Member> = (1..=9).map(|i| member(i, d, Some(d))).collect();
        let placements: Vec<Placement> = (1..=9).map(|i| home(i, 5)).collect();
        let roster = CellRoster::on(OrgId(5), date!(2025 - 01 - 01), &members, &placements, &[]);
        let flags = cell_flags(OrgId(5), &roster, &[], date!(2025 - 01 - 01));
        assert!(flags.contains(&CellFlag::NeedsCommittee { official: 9 }));
        assert_eq!(
            CellFlag::NeedsCommittee { official: 9 }.rule_id(),
            Some("ORG-03")
        );
        let roster2 = CellRoster::on(
            OrgId(5),
            date!(2025 - 01 - 01),
            &members[..2],
            &placements[..2],
            &[],
        );
        let flags2 = cell_flags(OrgId(5), &roster2, &[], date!(2025 - 01 - 01));
        assert!(flags2.contains(&CellFlag::BelowThreeOfficial { official: 2 }));
        assert_eq!(
            CellFlag::BelowThreeOfficial { official: 2 }.rule_id(),
            Some("ORG-02")
        );
    }

    proptest! {
        /// Invariant: the breakdown's parts add up, and standing is monotone in time (once
        /// official, always official).
        #[test]
        fn breakdown_adds_up(n_off in 0u32..30, n_prob in 0u32..10, n_att in 0u32..5) {
            let d = date!(2010 - 01 - 01);
            let mut members = Vec::new();
            let mut placements = Vec::new();
            let mut id = 0;
            for (count, official, kind) in [(n_off, true, PlacementKind::Home), (n_prob, false, PlacementKind::Home), (n_att, true, PlacementKind::Attached)] {
                for _ in 0..count {
                    id += 1;
                    members.push(member(id, d, official.then_some(d)));
                    placements.push(Placement { kind, ..home(id, 1) });
                }
            }
            let roster = CellRoster::on(OrgId(1), date!(2025 - 01 - 01), &members, &placements, &[]);
            let b = roster.breakdown();
            prop_assert_eq!(b.total, b.official + b.probationary);
            prop_assert_eq!(b.official, n_off);
            prop_assert_eq!(b.attached_here, n_att);
        }

        #[test]
        fn standing_is_monotone(a in 0i32..3000, o in 0i32..3000, x in 0i32..4000, y in 0i32..4000) {
            let base = Date::from_julian_day(2_450_000).unwrap();
            let adm = base + time::Duration::days(a as i64);
            let off = adm + time::Duration::days(o as i64);
            let m = member(1, adm, Some(off));
            let (d1, d2) = (base + time::Duration::days(x.min(y) as i64), base + time::Duration::days(x.max(y) as i64));
            if m.standing_on(d1) == Some(Standing::Official) {
                prop_assert_eq!(m.standing_on(d2), Some(Standing::Official));
            }
        }
    }
}
