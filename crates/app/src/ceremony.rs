//! The admission ceremony (Meetings II; ADM-CER-01..03, ADM-PRB-01/02, ADM-REC-01,
//! ADM-LL-01): recording its one act, what the meeting page shows of it, the admission when
//! its minutes are approved, and the probation a profile shows afterwards.
//!
//! Deadlines are counted here with the working-day calendar (VER-02), from the rule set in
//! force on the ceremony's date; the domain checks them ([`CeremonyAct::check_date`]).

use chibo_domain::meeting::ceremony::{
    AdmissionDecision, CeremonyAct, CeremonyTiming, DocumentRef, SuperiorAgreement,
};
use chibo_domain::meeting::MeetingError;
use chibo_domain::member::{Placement, PlacementKind};
use chibo_domain::ruleset::{Deadline, MeetingKind};
use chibo_domain::{MeetingId, Period, PersonId};
use chibo_store::{Actor, CellRecords, MeetingRecord, Store, UnitOfWork};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{AppError, FieldError};
use crate::input::{clean, Parser};

/// The act as typed. `new_members` lists who the act admits: exactly one (ADM-CER-02; two
/// names are refused with `one_member_per_act`, not silently split).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CeremonyInput {
    pub new_members: Vec<i64>,
    /// "456-QĐ/ĐUK" (DOC-06).
    pub decision_ref: Option<String>,
    /// The date on the decision (`dd/mm/yyyy` or ISO).
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-11-05")))]
    pub decision_date: Option<String>,
    /// The committee that issued it.
    pub issuer: Option<String>,
    /// The day the cell received the decision (ADM-CER-01 counts from it).
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-11-08")))]
    pub received_on: Option<String>,
    /// The official member assigned to help the new member (ADM-PRB-01).
    pub helper: Option<i64>,
    /// ADM-CER-01: the superior committee's agreement to a late ceremony, and its date.
    pub agreement_ref: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-12-18")))]
    pub agreement_date: Option<String>,
    pub version: Option<i64>,
}

impl CeremonyInput {
    /// Every field error at once, then the domain's checks.
    pub fn parse(&self) -> Result<CeremonyAct, AppError> {
        let mut p = Parser::default();
        let reference = match clean(&self.decision_ref) {
            None => {
                p.errors.push(FieldError::new("decision_ref", "required"));
                None
            }
            Some(raw) => match DocumentRef::parse(&raw) {
                Ok(r) => Some(r),
                Err(e) => {
                    p.errors.push(crate::error::meeting_error(&e));
                    None
                }
            },
        };
        let date = p.date("decision_date", &self.decision_date);
        let issuer = p.required_text("issuer", &self.issuer);
        let received_on = p.date("received_on", &self.received_on);
        if self.helper.is_none() {
            p.errors.push(FieldError::new("helper", "required"));
        }
        let agreement_ref = clean(&self.agreement_ref);
        let agreement_date = p.opt_date("agreement_date", &self.agreement_date);
        if agreement_ref.is_some() != agreement_date.is_some() && p.errors.is_empty() {
            let missing = if agreement_ref.is_none() {
                "agreement_ref"
            } else {
                "agreement_date"
            };
            p.errors.push(FieldError::new(missing, "required"));
        }
        let (Some(reference), Some(date), Some(issuer), Some(received_on), Some(helper), true) = (
            reference,
            date,
            issuer,
            received_on,
            self.helper,
            p.errors.is_empty(),
        ) else {
            return Err(AppError::Invalid(p.errors));
        };
        let agreement = agreement_ref
            .zip(agreement_date)
            .map(|(reference, date)| SuperiorAgreement { reference, date });
        let people: Vec<PersonId> = self.new_members.iter().copied().map(PersonId).collect();
        Ok(CeremonyAct::new(
            &people,
            AdmissionDecision {
                reference,
                date,
                issuer,
                received_on,
            },
            PersonId(helper),
            agreement,
        )?)
    }
}

/// ADM-CER-01: the last day of the ceremony's deadline — the rule set's number of working
/// days (in force on the ceremony's date) after the decision was received.
pub async fn last_day(store: &Store, act: &CeremonyAct, ceremony: Date) -> Result<Date, AppError> {
    let within = crate::rules::rules_on(store, ceremony)
        .await?
        .deadline(Deadline::Ceremony)
        .get();
    crate::calendar::add_working_days(store, act.decision.received_on, within).await
}

/// Records the act of a ceremony (replacing an earlier one while it is open); returns the
/// meeting's new version.
pub async fn set(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    input: &CeremonyInput,
) -> Result<i64, AppError> {
    let act = input.parse()?;
    let meeting = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    if meeting.kind != MeetingKind::AdmissionCeremony {
        return Err(MeetingError::NotACeremony.into());
    }
    let last = last_day(store, &act, meeting.date).await?;
    let mut w = store.write(actor).await?;
    let v = w
        .meetings()
        .set_ceremony(id, &act, last, input.version)
        .await?;
    w.commit().await?;
    Ok(v)
}

/// A person as the ceremony screens name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedPerson {
    pub person: PersonId,
    pub name: String,
}

/// What follows from the ceremony's date (ADM-PRB-01/03, ADM-REC-01, ADM-LL-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Probation {
    pub ceremony_date: Date,
    /// ADM-LL-01: the new member's life history is due by this day.
    pub life_history_by: Option<Date>,
    /// ADM-PRB-01/03: probation is complete on the anniversary of the ceremony.
    pub ends_on: Date,
    /// ADM-REC-01: the cell considers recognition by this day (30 working days after).
    pub recognition_by: Option<Date>,
}

/// Probation from a ceremony on `ceremony`, by the rule set of that date; a deadline beyond
/// the working-day calendar is `None` (shown as unknown, never guessed).
pub async fn probation(store: &Store, ceremony: Date) -> Result<Probation, AppError> {
    let rules = crate::rules::rules_on(store, ceremony).await?;
    let ends_on = rules.probation_complete_on(ceremony);
    let life = rules.deadline(Deadline::LifeHistory).get();
    let rec = crate::rules::rules_on(store, ends_on)
        .await
        .map_or(30, |r| r.deadline(Deadline::Recognition).get());
    Ok(Probation {
        ceremony_date: ceremony,
        life_history_by: crate::calendar::add_working_days(store, ceremony, life)
            .await
            .ok(),
        ends_on,
        recognition_by: crate::calendar::add_working_days(store, ends_on, rec)
            .await
            .ok(),
    })
}

/// The act of a ceremony as the meeting page shows it: names, the ADM-CER-01 deadline and
/// what probation will be if it is held on its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CeremonyView {
    #[serde(flatten)]
    pub act: CeremonyAct,
    pub new_member_name: String,
    pub helper_name: String,
    /// `None` when the deadline is beyond the working-day calendar.
    pub timing: Option<CeremonyTiming>,
    pub probation: Option<Probation>,
}

/// The ceremony part of a meeting's view: its act if recorded, and who it may admit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CeremonyPart {
    pub act: Option<CeremonyView>,
    /// People awaiting admission in the cell on the ceremony's date (the act's choices).
    pub candidates: Vec<NamedPerson>,
    /// Official members on the roster who may be named helping member (ADM-PRB-01).
    pub helpers: Vec<NamedPerson>,
}

fn name_in(records: &CellRecords, person: PersonId) -> String {
    records
        .person(person)
        .map(|r| r.person.full_name.as_str().to_string())
        .or_else(|| {
            records
                .non_members
                .iter()
                .find(|p| p.id == person)
                .map(|p| p.full_name.as_str().to_string())
        })
        .unwrap_or_else(|| format!("#{}", person.0))
}

/// [`CeremonyPart`] of a ceremony meeting (`None` for other kinds).
pub async fn part_of(
    store: &Store,
    meeting: &MeetingRecord,
    records: &CellRecords,
    official: impl Iterator<Item = (PersonId, String)>,
) -> Result<Option<CeremonyPart>, AppError> {
    if meeting.kind != MeetingKind::AdmissionCeremony {
        return Ok(None);
    }
    let act = match &meeting.ceremony {
        None => None,
        Some(act) => {
            let timing = last_day(store, act, meeting.date)
                .await
                .ok()
                .map(|last| CeremonyTiming {
                    last_day: last,
                    late: meeting.date > last,
                });
            Some(CeremonyView {
                new_member_name: name_in(records, act.new_member),
                helper_name: name_in(records, act.helper),
                timing,
                probation: probation(store, meeting.date).await.ok(),
                act: act.clone(),
            })
        }
    };
    let mut candidates: Vec<NamedPerson> = records
        .people
        .iter()
        .map(|r| r.person.id)
        .chain(records.non_members.iter().map(|p| p.id))
        .filter(|p| records.awaiting_admission(*p, meeting.date))
        .map(|p| NamedPerson {
            person: p,
            name: name_in(records, p),
        })
        .collect();
    candidates.dedup_by_key(|c| c.person);
    let helpers = official
        .map(|(person, name)| NamedPerson { person, name })
        .collect();
    Ok(Some(CeremonyPart {
        act,
        candidates,
        helpers,
    }))
}

/// ADM-CER-01..03, ADM-PRB-01/02: on approving a ceremony's minutes, in the same unit of
/// work: the act is re-checked against the ceremony's date (the date may have moved since
/// it was recorded), the person's party record gets the decision and the ceremony date, and
/// they are placed in the cell from that day unless already placed. Returns the act.
pub async fn admit_on_approval(
    store: &Store,
    w: &mut UnitOfWork,
    meeting: &MeetingRecord,
) -> Result<Option<CeremonyAct>, AppError> {
    if meeting.kind != MeetingKind::AdmissionCeremony {
        return Ok(None);
    }
    let act = meeting
        .ceremony
        .clone()
        .ok_or(MeetingError::CeremonyActMissing)?;
    let last = last_day(store, &act, meeting.date).await?;
    act.check_date(meeting.date, last)?;
    let existing = store.person(act.new_member).await?;
    let member = act.admit(
        existing.as_ref().and_then(|r| r.member.as_ref()),
        meeting.date,
    )?;
    w.people().set_member(&member, None).await?;
    let records = store.cell_records(meeting.org).await?;
    let placed = records.placements.iter().any(|pl| {
        pl.person == act.new_member
            && pl.kind == PlacementKind::Home
            && pl.period.contains(meeting.date)
    });
    if !placed {
        let period = Period::new(meeting.date, None)
            .map_err(|e| AppError::Internal(format!("ceremony placement: {e}")))?;
        w.people()
            .add_placement(&Placement {
                person: act.new_member,
                org: meeting.org,
                kind: PlacementKind::Home,
                period,
                note: Some(format!(
                    "Kết nạp theo Quyết định số {}",
                    act.decision.reference.as_str()
                )),
            })
            .await?;
    }
    advance_case(store, w, &act, meeting.date).await?;
    Ok(Some(act))
}

/// Issue 12: the new member's open admission case waiting at "decision received" takes its
/// ceremony step with the approval that admits them, in the same unit of work, so the case
/// and the party record cannot disagree (ADM-CER-01 judged again by the case, ADM-PRB-01:
/// probation from the ceremony). A person admitted without a case in chibo (history entered
/// after the fact) has nothing to advance; a case at another stage is left alone: it was
/// recorded out of step and the board shows it where it is.
async fn advance_case(
    store: &Store,
    w: &mut UnitOfWork,
    act: &CeremonyAct,
    on: Date,
) -> Result<(), AppError> {
    use chibo_domain::admission::{Stage, Step};
    let waiting = store
        .admissions_of_person(act.new_member)
        .await?
        .into_iter()
        .find(|c| c.case.is_open() && c.case.stage == Stage::DecisionReceived);
    let Some(case) = waiting else {
        return Ok(());
    };
    let (catalogue, calendar) =
        crate::admissions::rules_and_calendar(store, case.case.opened_on, on).await?;
    w.admissions()
        .step(
            case.id,
            &Step::Ceremony {
                helper: act.helper,
                agreement: act.agreement.clone(),
            },
            on,
            &catalogue,
            &calendar,
            None,
        )
        .await?;
    Ok(())
}

/// A member's admission as their profile shows it: the ceremony meeting, the decision,
/// the helping member and probation's dates — while they are probationary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Admission {
    pub meeting: MeetingId,
    pub decision_ref: String,
    pub decision_date: Date,
    pub helper: NamedPerson,
    pub probation: Probation,
}

/// The admission of `person` by a ceremony held in chibo, if any, with probation's dates.
pub async fn admission_of(store: &Store, person: PersonId) -> Result<Option<Admission>, AppError> {
    let Some((meeting, date, act)) = store.ceremony_of(person).await? else {
        return Ok(None);
    };
    let helper = store
        .person(act.helper)
        .await?
        .map(|r| r.person.full_name.as_str().to_string())
        .unwrap_or_else(|| format!("#{}", act.helper.0));
    Ok(Some(Admission {
        meeting,
        decision_ref: act.decision.reference.as_str().to_string(),
        decision_date: act.decision.date,
        helper: NamedPerson {
            person: act.helper,
            name: helper,
        },
        probation: probation(store, date).await?,
    }))
}
