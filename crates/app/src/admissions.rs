//! The admission pipeline (issue 12) wired to the store: opening a case, a step as typed
//! (form or JSON) parsed into the domain's [`Step`], the vote taken from the meeting that
//! held it when one is named (its derived denominator, MTG-ATT-03, ADM-VOTE-01), the case
//! view with its timeline, checklist and deadlines in working days, and what falls due in a
//! subtree.

use chibo_domain::admission::{
    AdmissionDocument, AdmissionError, Case, CellVote, Checked, Due, Education, Introducer, Stage,
    Step,
};
use chibo_domain::calendar::WorkingCalendar;
use chibo_domain::meeting::ceremony::{DocumentRef, SuperiorAgreement};
use chibo_domain::meeting::vote::{Tally, VoteMethod, VoteSubject};
use chibo_domain::ruleset::Catalogue;
use chibo_domain::{MeetingId, OrgId, PersonId};
use chibo_store::{Actor, CaseDocument, CaseDue, CaseRecord, CaseStep, NewCaseDocument, Store};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::{AppError, FieldError};
use crate::input::{clean, Parser};

impl From<AdmissionError> for AppError {
    /// Issue 12: the field the API names and the domain's stable code (the message cites
    /// the rule).
    fn from(err: AdmissionError) -> Self {
        use AdmissionError as E;
        let field = match &err {
            E::Order { .. } | E::Finished | E::BadBack => "step",
            E::ReasonRequired => "reason",
            E::BeforePrevious { .. } | E::InFuture { .. } | E::NoRules(_) => "date",
            E::CertificateExpired { .. } => "certificate_date",
            E::BirthDateUnknown | E::TooYoung { .. } => "person",
            E::OverSixtyWithoutAgreement => "provincial_agreement",
            E::Education => "lower_secondary",
            E::TooFewOfficialMembers { .. } => "org",
            E::VoteBelowTwoThirds { .. } | E::TooManyVotes { .. } => "votes_for",
            E::MethodNotAllowed => "method",
            E::IntroducerCount
            | E::IntroducerNotOfficial(_)
            | E::IntroducerTooRecent(_)
            | E::IntroducerIsApplicant => "introducers",
            E::BackgroundCheckIncomplete => "checked",
            E::CeremonyBeforeDecision
            | E::ReceivedBeforeDecision
            | E::RecognitionInsideProbation { .. }
            | E::DecisionBeforeResolution => "date",
            E::CeremonyLate { .. } => "agreement_reference",
            E::HelperIsNewMember | E::HelperNotOfficial(_) => "helper",
            E::ExtensionTooLong { .. } => "extension_days",
            E::Text(_) => "step",
        };
        AppError::Invalid(vec![FieldError::new(field, err.code())])
    }
}

/// A new case as typed: the sympathiser, the helping member, the day listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CaseInput {
    pub person: Option<i64>,
    pub helper: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-01-15")))]
    pub date: Option<String>,
}

/// ADM-PIPE-01: lists a sympathiser of `cell`; returns the case's id.
pub async fn open(
    store: &Store,
    actor: &Actor,
    cell: OrgId,
    input: &CaseInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let date = p.date("date", &input.date);
    if input.person.is_none() {
        p.errors.push(FieldError::new("person", "required"));
    }
    if input.helper.is_none() {
        p.errors.push(FieldError::new("helper", "required"));
    }
    let (Some(date), Some(person), Some(helper), true) =
        (date, input.person, input.helper, p.errors.is_empty())
    else {
        return Err(AppError::Invalid(p.errors));
    };
    let mut w = store.write(actor).await?;
    let id = w
        .admissions()
        .open(cell, PersonId(person), PersonId(helper), date)
        .await?;
    w.commit().await?;
    Ok(id)
}

/// One introducer as typed (ADM-INT-01..03): a member with the day they started working,
/// studying or living with the applicant, or a union committee's resolution.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct IntroducerInput {
    pub person: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2022-01-01")))]
    pub together_since: Option<String>,
    /// ADM-INT-02: a replacement introducer.
    pub replacement: bool,
    /// ADM-INT-03: the Youth Union's or trade union's committee, by its resolution.
    pub union_resolution: Option<String>,
}

/// A step as typed. `step` is the stage reached (`course`, `application`, …,
/// `decision_received`, `probation` for the ceremony, `member_life_history`,
/// `recognition_resolution`, `official`), or `back`, `close`, `removed`, `extend`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TransitionInput {
    pub step: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-11-22")))]
    pub date: Option<String>,
    /// The version read (optimistic); absent: the current one.
    pub version: Option<i64>,
    /// ADM-CERT-01.
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-02-01")))]
    pub certificate_date: Option<String>,
    /// Going back (`back_to`, a stage code) or closing: why.
    pub reason: Option<String>,
    pub back_to: Option<String>,
    /// ADM-PIPE-01: the summary of opinions.
    pub summary: Option<String>,
    /// ADM-BG-01: `applicant`, `parents`, `parents_in_law`, `spouse`, `adult_children`.
    pub checked: Vec<String>,
    pub introducers: Vec<IntroducerInput>,
    /// The meeting whose recorded vote (subject admission or recognition) this is: its
    /// counts, method and derived denominator are taken from it.
    pub meeting: Option<i64>,
    pub vote: Option<i64>,
    /// Counts of a vote recorded on paper (when no meeting is named).
    pub method: Option<String>,
    pub votes_for: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    pub denominator: Option<u32>,
    /// ADM-EDU-01.
    pub lower_secondary: Option<bool>,
    pub education_exemption: Option<String>,
    /// ADM-AGE-01: over 60.
    pub provincial_agreement: Option<String>,
    /// A decision or resolution number, DOC-06 ("456-QĐ/ĐUK").
    pub reference: Option<String>,
    pub issuer: Option<String>,
    /// The helping member during probation (ADM-PRB-01).
    pub helper: Option<i64>,
    /// ADM-CER-01: the superior's agreement to a late ceremony.
    pub agreement_reference: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-12-18")))]
    pub agreement_date: Option<String>,
    /// `extend` (ADM-DEC-02, ADM-REC-03): working days added to the decision deadline
    /// running at the case's stage, with `reason`.
    pub days: Option<u32>,
}

fn reference(p: &mut Parser, raw: &Option<String>, required: bool) -> Option<DocumentRef> {
    match clean(raw) {
        None => {
            if required {
                p.errors.push(FieldError::new("reference", "required"));
            }
            None
        }
        Some(r) => match DocumentRef::parse(&r) {
            Ok(r) => Some(r),
            Err(e) => {
                p.errors.push(FieldError::new("reference", e.code()));
                None
            }
        },
    }
}

/// A cell resolution's vote as typed: a meeting's recorded vote, or the counts from paper
/// (shared by an admission step and a discipline; the method is parsed by the caller).
pub(crate) struct TypedVote {
    pub meeting: Option<i64>,
    pub vote: Option<i64>,
    pub votes_for: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    pub denominator: Option<u32>,
}

/// The vote of a cell resolution: from the named meeting's recorded vote (it must be of the
/// cell, on the resolution's date, on `subject`), or the counts typed from paper with the
/// method `method` parses (only read when no meeting's vote is named).
pub(crate) async fn cell_vote(
    store: &Store,
    p: &mut Parser,
    typed: TypedVote,
    method: impl FnOnce(&mut Parser) -> Option<VoteMethod>,
    cell: OrgId,
    on: Date,
    subject: VoteSubject,
) -> Result<Option<CellVote>, AppError> {
    if let (Some(meeting), Some(vote)) = (typed.meeting, typed.vote) {
        let m = store
            .meeting(MeetingId(meeting))
            .await?
            .ok_or(AppError::NotFound("meeting"))?;
        let Some(v) = m.votes.iter().find(|v| v.id == vote) else {
            return Err(AppError::NotFound("vote"));
        };
        if m.org != cell || m.date != on || v.kind != subject {
            p.errors.push(FieldError::new("vote", "vote_mismatch"));
            return Ok(None);
        }
        return Ok(Some(CellVote {
            method: v.method,
            tally: v.tally,
            denominator: v.denominator,
            meeting_vote: Some(v.id),
        }));
    }
    let method = method(p);
    for (field, value) in [
        ("votes_for", typed.votes_for),
        ("denominator", typed.denominator),
    ] {
        if value.is_none() {
            p.errors.push(FieldError::new(field, "required"));
        }
    }
    Ok(match (method, typed.votes_for, typed.denominator) {
        (Some(method), Some(votes_for), Some(denominator)) => Some(CellVote {
            method,
            tally: Tally {
                votes_for,
                against: typed.against.unwrap_or(0),
                abstain: typed.abstain.unwrap_or(0),
            },
            denominator,
            meeting_vote: None,
        }),
        _ => None,
    })
}

/// The vote of an admission step's cell resolution (the method typed is required).
async fn vote_of(
    store: &Store,
    p: &mut Parser,
    input: &TransitionInput,
    cell: OrgId,
    on: Date,
    subject: VoteSubject,
) -> Result<Option<CellVote>, AppError> {
    let typed = TypedVote {
        meeting: input.meeting,
        vote: input.vote,
        votes_for: input.votes_for,
        against: input.against,
        abstain: input.abstain,
        denominator: input.denominator,
    };
    let method = |p: &mut Parser| p.code("method", &input.method, VoteMethod::from_code);
    cell_vote(store, p, typed, method, cell, on, subject).await
}

async fn parse_step(
    store: &Store,
    input: &TransitionInput,
    cell: OrgId,
) -> Result<(Step, Date), AppError> {
    let mut p = Parser::default();
    let date = p.date("date", &input.date);
    let code = p.required_text("step", &input.step).unwrap_or_default();
    let reason = || clean(&input.reason).unwrap_or_default();
    let step = match code.as_str() {
        "course" => p
            .date("certificate_date", &input.certificate_date)
            .map(|certificate_date| Step::Course { certificate_date }),
        "application" => Some(Step::Application),
        "life_history" => Some(Step::LifeHistory),
        "background_check" => {
            let mut checked = Vec::new();
            for c in &input.checked {
                match serde_json::from_value::<Checked>(serde_json::Value::String(c.clone())) {
                    Ok(c) => checked.push(c),
                    Err(_) => p.errors.push(FieldError::new("checked", "unknown_value")),
                }
            }
            Some(Step::BackgroundCheck { checked })
        }
        "opinions" => Some(Step::Opinions {
            summary: clean(&input.summary).unwrap_or_default(),
        }),
        "introducers" => {
            let mut introducers = Vec::new();
            for i in &input.introducers {
                if let Some(resolution) = clean(&i.union_resolution) {
                    introducers.push(Introducer::UnionCommittee { resolution });
                    continue;
                }
                let since = p.date("together_since", &i.together_since);
                match (i.person, since) {
                    (Some(person), Some(together_since)) => introducers.push(Introducer::Member {
                        person: PersonId(person),
                        together_since,
                        replacement: i.replacement,
                    }),
                    _ => p.errors.push(FieldError::new("introducers", "required")),
                }
            }
            Some(Step::Introducers { introducers })
        }
        "cell_resolution" | "recognition_resolution" => {
            let subject = if code == "cell_resolution" {
                VoteSubject::Admission
            } else {
                VoteSubject::Recognition
            };
            let vote = match date {
                Some(on) => vote_of(store, &mut p, input, cell, on, subject).await?,
                None => None,
            };
            vote.map(|vote| {
                if subject == VoteSubject::Admission {
                    Step::CellResolution {
                        vote,
                        education: Education {
                            lower_secondary: input.lower_secondary.unwrap_or(false),
                            exemption: clean(&input.education_exemption),
                        },
                        provincial_agreement: clean(&input.provincial_agreement),
                    }
                } else {
                    Step::RecognitionResolution { vote }
                }
            })
        }
        "committee_resolution" => Some(Step::CommitteeResolution {
            reference: reference(&mut p, &input.reference, false),
        }),
        "decision" => {
            let issuer = p.required_text("issuer", &input.issuer);
            reference(&mut p, &input.reference, true)
                .zip(issuer)
                .map(|(reference, issuer)| Step::Decision { reference, issuer })
        }
        "decision_received" => Some(Step::DecisionReceived),
        "probation" => {
            if input.helper.is_none() {
                p.errors.push(FieldError::new("helper", "required"));
            }
            let agreement_date = p.opt_date("agreement_date", &input.agreement_date);
            let agreement = clean(&input.agreement_reference).map(|reference| SuperiorAgreement {
                reference,
                date: agreement_date.or(date).unwrap_or(Date::MIN),
            });
            input.helper.map(|h| Step::Ceremony {
                helper: PersonId(h),
                agreement,
            })
        }
        "member_life_history" => Some(Step::MemberLifeHistory),
        "official" => reference(&mut p, &input.reference, true)
            .map(|reference| Step::RecognitionDecision { reference }),
        "removed" => Some(Step::RemoveFromProbation { reason: reason() }),
        "close" => Some(Step::Close { reason: reason() }),
        "extend" => match input.days {
            Some(days) => Some(Step::ExtendDecision {
                days,
                reason: reason(),
            }),
            None => {
                p.errors.push(FieldError::new("extension_days", "required"));
                None
            }
        },
        "back" => p
            .code("back_to", &input.back_to, Stage::from_code)
            .map(|to| Step::Back {
                to,
                reason: reason(),
            }),
        "" => None,
        _ => {
            p.errors.push(FieldError::new("step", "unknown_value"));
            None
        }
    };
    match (step, date) {
        (Some(step), Some(date)) if p.errors.is_empty() => Ok((step, date)),
        _ => Err(AppError::Invalid(p.errors)),
    }
}

/// The catalogue and a working calendar spanning the case from its opening to a few years
/// after `until` (deadlines run past the last step).
pub(crate) async fn rules_and_calendar(
    store: &Store,
    from: Date,
    until: Date,
) -> Result<(Catalogue, WorkingCalendar), AppError> {
    use chibo_domain::calendar::{HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR};
    let first = from.year().max(HOLIDAY_FIRST_YEAR);
    let last = (until.year() + 3).min(HOLIDAY_LAST_YEAR).max(first);
    let catalogue = crate::rules::catalogue(store).await?;
    let calendar = crate::calendar::working_calendar(store, first..=last).await?;
    Ok((catalogue, calendar))
}

/// One step of a case; returns the new version.
pub async fn transition(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &TransitionInput,
) -> Result<i64, AppError> {
    let case = store
        .admission(id)
        .await?
        .ok_or(AppError::NotFound("admission"))?;
    let (step, on) = parse_step(store, input, case.org).await?;
    let (catalogue, calendar) =
        rules_and_calendar(store, case.case.opened_on.min(on), on.max(actor.today())).await?;
    let mut w = store.write(actor).await?;
    let v = w
        .admissions()
        .step(id, &step, on, &catalogue, &calendar, input.version)
        .await?;
    w.commit().await?;
    Ok(v)
}

/// A document of the checklist as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DocumentInput {
    pub kind: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2024-09-10")))]
    pub date: Option<String>,
    pub reference: Option<String>,
    pub file_name: Option<String>,
    pub note: Option<String>,
}

/// Records a document of a case's checklist; returns its id.
pub async fn add_document(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &DocumentInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let kind = p.code("kind", &input.kind, AdmissionDocument::from_code);
    let date = p.date("date", &input.date);
    let doc = p.finish(kind.zip(date).map(|(kind, date)| NewCaseDocument {
        kind,
        date,
        reference: clean(&input.reference),
        file_name: clean(&input.file_name),
        note: clean(&input.note),
    }))?;
    let mut w = store.write(actor).await?;
    let doc_id = w.admissions().add_document(id, &doc).await?;
    w.commit().await?;
    Ok(doc_id)
}

/// A deadline with the working days left on `today` (negative: overdue by that many).
#[derive(Debug, Clone, Serialize)]
pub struct DueView {
    #[serde(flatten)]
    pub due: Due,
    pub working_days_left: i64,
    pub overdue: bool,
}

/// One line of the checklist: a document of a stage reached or next, and what was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistLine {
    pub stage: Stage,
    pub document: AdmissionDocument,
    pub recorded: Vec<CaseDocument>,
}

/// The case page and `GET /api/v1/admissions/{id}`.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    #[serde(flatten)]
    pub record: CaseRecord,
    pub person_name: String,
    /// ADM-PRB-03: probation complete on, once the ceremony is recorded.
    pub probation_ends: Option<Date>,
    /// ADM-PRB-03: official from, once recognised.
    pub official_from: Option<Date>,
    pub deadlines: Vec<DueView>,
    pub timeline: Vec<CaseStep>,
    pub checklist: Vec<ChecklistLine>,
    /// The stage a forward step would reach.
    pub next_stage: Option<Stage>,
}

fn due_views(due: Vec<Due>, calendar: &WorkingCalendar, today: Date) -> Vec<DueView> {
    due.into_iter()
        .map(|d| {
            let left = calendar
                .working_days_between(today, d.last_day)
                .unwrap_or(0);
            DueView {
                overdue: today > d.last_day,
                working_days_left: left,
                due: d,
            }
        })
        .collect()
}

pub async fn show(store: &Store, id: i64, today: Date) -> Result<CaseView, AppError> {
    let record = store
        .admission(id)
        .await?
        .ok_or(AppError::NotFound("admission"))?;
    let person_name = store
        .person(record.case.person)
        .await?
        .map(|p| p.person.full_name.as_str().to_string())
        .unwrap_or_default();
    let (timeline, documents) = store.admission_history(id).await?;
    let (catalogue, calendar) = rules_and_calendar(
        store,
        record.case.opened_on,
        today.max(record.case.last_step),
    )
    .await?;
    let deadlines = due_views(
        record.case.deadlines(&catalogue, &calendar)?,
        &calendar,
        today,
    );
    let case: &Case = &record.case;
    let next_stage = case
        .stage
        .position()
        .and_then(|i| Stage::PATH.get(i + 1))
        .copied()
        .filter(|_| case.is_open());
    let shown: Vec<Stage> = Stage::PATH
        .iter()
        .copied()
        .filter(|s| Some(*s) <= next_stage.or(Some(case.stage)))
        .collect();
    let checklist = shown
        .iter()
        .flat_map(|s| s.checklist().iter().map(move |d| (*s, *d)))
        .map(|(stage, document)| ChecklistLine {
            stage,
            document,
            recorded: documents
                .iter()
                .filter(|r| r.kind == document)
                .cloned()
                .collect(),
        })
        .collect();
    Ok(CaseView {
        probation_ends: case.probation_ends(&catalogue),
        official_from: case.official_from(&catalogue),
        deadlines,
        timeline,
        checklist,
        next_stage,
        person_name,
        record,
    })
}

/// One line of `GET /api/v1/orgs/{org}/deadlines` and `chibo deadlines`.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineLine {
    #[serde(flatten)]
    pub row: CaseDue,
    pub working_days_left: i64,
    pub overdue: bool,
}

/// What falls due in `org`'s subtree: open cases' deadlines whose last day is at most
/// `within` working days after `today` (all when `None`; overdue ones always), earliest
/// first. One query over the ancestor table.
pub async fn deadlines(
    store: &Store,
    org: OrgId,
    today: Date,
    within: Option<u32>,
) -> Result<Vec<DeadlineLine>, AppError> {
    use chibo_domain::calendar::{HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR};
    let first = (today.year() - 3).max(HOLIDAY_FIRST_YEAR);
    let last = (today.year() + 3).min(HOLIDAY_LAST_YEAR);
    let calendar = crate::calendar::working_calendar(store, first..=last).await?;
    let until = match within {
        Some(n) => Some(calendar.add_working_days(today, n)?),
        None => None,
    };
    let rows = store.deadlines_under(org, today, until).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let left = calendar
                .working_days_between(today, row.last_day)
                .unwrap_or(0);
            DeadlineLine {
                overdue: today > row.last_day,
                working_days_left: left,
                row,
            }
        })
        .collect())
}

/// A card of the pipeline board.
#[derive(Debug, Clone, Serialize)]
pub struct BoardCard {
    pub id: i64,
    pub org: OrgId,
    pub person: PersonId,
    pub person_name: String,
    pub stage: Stage,
    pub attempt: u32,
    /// The nearest deadline, if any.
    pub next: Option<DueView>,
}

/// The pipeline board of a cell or a committee's subtree: open cases by stage, each with
/// its nearest deadline in working days.
pub async fn board(store: &Store, org: OrgId, today: Date) -> Result<Vec<BoardCard>, AppError> {
    let cases = store.admissions_under(org, today).await?;
    let rows = store.deadlines_under(org, today, None).await?;
    use chibo_domain::calendar::{HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR};
    let first = (today.year() - 3).max(HOLIDAY_FIRST_YEAR);
    let last = (today.year() + 3).min(HOLIDAY_LAST_YEAR);
    let calendar = crate::calendar::working_calendar(store, first..=last).await?;
    let mut cards = Vec::new();
    for (c, person_name) in cases.into_iter().filter(|(c, _)| c.case.is_open()) {
        let due = rows
            .iter()
            .filter(|r| r.case_id == c.id)
            .map(|r| Due {
                deadline: r.deadline,
                rule: r.deadline.rule_id(),
                trigger: r.trigger,
                from: r.from,
                last_day: r.last_day,
            })
            .collect::<Vec<_>>();
        let next = due_views(due, &calendar, today).into_iter().next();
        cards.push(BoardCard {
            id: c.id,
            org: c.org,
            person: c.case.person,
            person_name,
            stage: c.case.stage,
            attempt: c.attempt,
            next,
        });
    }
    cards.sort_by_key(|c| (c.stage, c.id));
    Ok(cards)
}
