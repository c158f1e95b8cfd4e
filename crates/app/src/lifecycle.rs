//! The membership lifecycle (issue 12) wired to the store: an exemption (MEM-EX-01/02), a
//! temporary transfer (MEM-TR-03), an official transfer and its steps (MEM-TR-01/02) and a
//! discipline by the cell with its vote (MEM-DIS-01), each parsed from what was typed (form
//! or JSON) into the domain's checked record and written with its dated effect and audit
//! event in one unit of work; a member's records with what falls due; and the one deadline
//! feed of an organisation's subtree — admission deadlines, lifecycle deadlines at both cells
//! of a transfer, and the MEM-DEL-01 removal grounds raised from the meetings record
//! (MTG-ATT-08).

use chibo_domain::admission::CellVote;
use chibo_domain::calendar::WorkingCalendar;
use chibo_domain::lifecycle::{
    Destination, Discipline, DisciplineForm, DueKind, Exemption, ExemptionGround, ExemptionStep,
    LifeDue, LifecycleError, Record, TemporaryTransfer, Transfer, TransferStep,
};
use chibo_domain::meeting::vote::{VoteMethod, VoteSubject};
use chibo_domain::member::{CellRoster, PlacementKind, TransferPurpose};
use chibo_domain::{OrgId, PersonId};
use chibo_store::{Actor, MemberEvent, Store};
use serde::{Deserialize, Serialize};
use time::Date;

use crate::admissions::{cell_vote, DeadlineLine, TypedVote};
use crate::error::{AppError, FieldError};
use crate::input::{clean, Parser};

impl From<LifecycleError> for AppError {
    /// The field the API names and the domain's stable code (the message cites the rule).
    fn from(err: LifecycleError) -> Self {
        AppError::Invalid(vec![FieldError::new(err.field(), err.code())])
    }
}

/// MEM-EX-01 as typed: the ground, the cell's resolution, the period, the certificate (poor
/// health) and the day the superior committee was informed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ExemptionInput {
    /// `elderly`, `poor_health`, `voluntary`, `long_treatment`, `abroad`, `remote_work`,
    /// `short_mobile_work`, `maternity`.
    pub ground: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-03-03")))]
    pub resolution_date: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-03-03")))]
    pub from: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-12-31")))]
    pub until: Option<String>,
    pub certificate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2025-03-10")))]
    pub reported_on: Option<String>,
    pub note: Option<String>,
}

/// MEM-TR-03 as typed: the purpose, the host cell (in chibo, or its name), the period.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TemporaryTransferInput {
    /// `work` (3 months to under 1 year) or `study` (3 months to 2 years).
    pub purpose: Option<String>,
    pub host: Option<i64>,
    pub host_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2026-01-05")))]
    pub from: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2026-07-04")))]
    pub until: Option<String>,
    pub note: Option<String>,
}

/// MEM-TR-01 as typed: the receiving cell (in chibo, or its name), the decision's date and
/// the reason (new job, retirement, move).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TransferInput {
    /// The receiving cell in chibo.
    pub receiving: Option<i64>,
    /// The receiving cell's name when it is not in chibo.
    pub receiving_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2026-10-01")))]
    pub decision_date: Option<String>,
    pub reason: Option<String>,
}

/// A step of an official transfer: `letter` (issued by the sending cell, MEM-TR-01) or
/// `received` (the member presented the letter to the receiving cell, MEM-TR-02); of an
/// exemption: `reported` (MEM-EX-01) or `returned` (MEM-EX-02).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct TransferStepInput {
    pub step: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2026-10-15")))]
    pub date: Option<String>,
    /// The version read (optimistic concurrency).
    pub version: Option<i64>,
}

/// MEM-DIS-01 as typed: the form, the vote's date, the reason, and the vote — from a
/// meeting's recorded vote on a discipline (its derived denominator, MTG-ATT-03) or the
/// counts typed from paper.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DisciplineInput {
    /// `reprimand` (khiển trách) or `warning` (cảnh cáo).
    pub form: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = Date, examples("2026-06-03")))]
    pub date: Option<String>,
    pub reason: Option<String>,
    pub meeting: Option<i64>,
    pub vote: Option<i64>,
    pub method: Option<String>,
    pub votes_for: Option<u32>,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    pub denominator: Option<u32>,
}

/// The member's home cell on `date`.
async fn home_cell(store: &Store, person: PersonId, date: Date) -> Result<OrgId, AppError> {
    let (placements, _, _) = store.person_history(person).await?;
    placements
        .iter()
        .find(|p| p.kind == PlacementKind::Home && p.period.contains(date))
        .map(|p| p.org)
        .ok_or_else(|| LifecycleError::NotAtHome.into())
}

/// A cell in chibo named as host or receiving cell must exist and be a cell.
async fn check_cell(
    store: &Store,
    org: Option<OrgId>,
    field: &'static str,
) -> Result<(), AppError> {
    let Some(org) = org else {
        return Ok(());
    };
    let tree = store.org_tree().await?;
    let is_cell = tree.history(org).last().is_some_and(|v| v.kind.is_cell());
    if !is_cell {
        return Err(AppError::Invalid(vec![FieldError::new(
            field,
            "not_a_cell",
        )]));
    }
    Ok(())
}

/// MEM-EX-01: records an exemption decided by the cell's resolution; the member is
/// `Exempted` over its period (MEM-EX-02). Returns the record's id.
pub async fn record_exemption(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    input: &ExemptionInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let ground = p.code("ground", &input.ground, ExemptionGround::from_code);
    let resolution = p.date("resolution_date", &input.resolution_date);
    let from = p.opt_date("from", &input.from).or(resolution);
    let until = p.opt_date("until", &input.until);
    let period = p.period(from, until);
    let reported_on = p.opt_date("reported_on", &input.reported_on);
    let (ground, resolution, period) = p.finish(
        ground
            .zip(resolution)
            .zip(period)
            .map(|((g, r), pe)| (g, r, pe)),
    )?;
    let record = Record::Exemption(Exemption::new(
        ground,
        resolution,
        period,
        clean(&input.certificate),
        reported_on,
        clean(&input.note),
        actor.today(),
    )?);
    write_record(store, actor, person, &record).await
}

/// MEM-TR-03: records a temporary transfer from the member's home cell.
pub async fn record_temporary_transfer(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    input: &TemporaryTransferInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let purpose = p.code("purpose", &input.purpose, |c| match c {
        "work" => Some(TransferPurpose::Work),
        "study" => Some(TransferPurpose::Study),
        _ => None,
    });
    let from = p.date("from", &input.from);
    let until = p.date("until", &input.until);
    let period = p.period(from, until);
    let (purpose, period) = p.finish(purpose.zip(period))?;
    let host = input.host.map(OrgId);
    check_cell(store, host, "host").await?;
    let home = home_cell(store, person, period.from()).await?;
    let record = Record::TemporaryTransfer(TemporaryTransfer::new(
        purpose,
        home,
        Destination {
            org: host,
            name: clean(&input.host_name),
        },
        period,
        clean(&input.note),
    )?);
    write_record(store, actor, person, &record).await
}

/// MEM-TR-01: opens an official transfer from the member's home cell on the decision's date.
pub async fn record_transfer(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    input: &TransferInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let decided = p.date("decision_date", &input.decision_date);
    let decided = p.finish(decided)?;
    let to = input.receiving.map(OrgId);
    check_cell(store, to, "receiving").await?;
    let from = home_cell(store, person, decided).await?;
    let record = Record::Transfer(Transfer::decide(
        from,
        Destination {
            org: to,
            name: clean(&input.receiving_name),
        },
        decided,
        clean(&input.reason).unwrap_or_default(),
        actor.today(),
    )?);
    write_record(store, actor, person, &record).await
}

async fn write_record(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    record: &Record,
) -> Result<i64, AppError> {
    let mut w = store.write(actor).await?;
    let id = w.lifecycle().record(person, record).await?;
    w.commit().await?;
    Ok(id)
}

/// Who records a transfer's step: the member's cell through the member, or the sending or
/// receiving cell (MEM-TR-01/02: the transfer is followed at both).
#[derive(Debug, Clone, Copy)]
pub enum TransferScope {
    Person(PersonId),
    Org(OrgId),
}

/// MEM-TR-01/02: a step of the official transfer `id`, which must belong to `scope` (else
/// it is not found); returns the new version. The input is checked first.
pub async fn transfer_step(
    store: &Store,
    actor: &Actor,
    id: i64,
    scope: TransferScope,
    input: &TransferStepInput,
) -> Result<i64, AppError> {
    let step = parse_step(
        input,
        &[
            ("letter", |date| TransferStep::Letter { date }),
            ("received", |date| TransferStep::Received { date }),
        ],
    )?;
    let event = member_event(store, id, |event| {
        let ours = match scope {
            TransferScope::Person(p) => p == event.person,
            TransferScope::Org(o) => o == event.org || Some(o) == event.other_org,
        };
        ours && matches!(event.record, Record::Transfer(_))
    })
    .await?;
    let (catalogue, calendar) = crate::admissions::rules_and_calendar(
        store,
        event.record.date(),
        actor.today().max(event.record.date()),
    )
    .await?;
    let mut w = store.write(actor).await?;
    let v = w
        .lifecycle()
        .transfer_step(event.id, step, &catalogue, &calendar, input.version)
        .await?;
    w.commit().await?;
    Ok(v)
}

/// A step's code with the step it makes on a date.
type StepCode<S> = (&'static str, fn(Date) -> S);

/// A step as typed: its date and its code, one of `steps` (each with the step it makes on
/// that date); a code not among them is `unknown_value`.
fn parse_step<S>(input: &TransferStepInput, steps: &[StepCode<S>]) -> Result<S, AppError> {
    let mut p = Parser::default();
    let date = p.date("date", &input.date);
    let code = p.required_text("step", &input.step).unwrap_or_default();
    let make = steps.iter().find(|(c, _)| *c == code).map(|(_, make)| make);
    if make.is_none() && !code.is_empty() {
        p.errors.push(FieldError::new("step", "unknown_value"));
    }
    Ok(p.finish(make.zip(date).map(|(make, date)| make(date)))?)
}

/// The lifecycle record `id` when `ours` says it belongs where it is asked from (else it is
/// not found, like a missing one).
async fn member_event(
    store: &Store,
    id: i64,
    ours: impl FnOnce(&MemberEvent) -> bool,
) -> Result<MemberEvent, AppError> {
    store
        .member_event(id)
        .await?
        .filter(ours)
        .ok_or(AppError::NotFound("member_event"))
}

/// MEM-EX-01/02: a step of the exemption `id` of `person` — `reported` (the superior
/// committee informed) or `returned` (the member back to work and activities from that day);
/// returns the new version. The input is checked first (the same `TransferStepInput` shape).
pub async fn exemption_step(
    store: &Store,
    actor: &Actor,
    id: i64,
    person: PersonId,
    input: &TransferStepInput,
) -> Result<i64, AppError> {
    let step = parse_step(
        input,
        &[
            ("reported", |date| ExemptionStep::Reported { date }),
            ("returned", |date| ExemptionStep::Returned { date }),
        ],
    )?;
    let event = member_event(store, id, |event| {
        event.person == person && matches!(event.record, Record::Exemption(_))
    })
    .await?;
    let mut w = store.write(actor).await?;
    let v = w
        .lifecycle()
        .exemption_step(event.id, step, input.version)
        .await?;
    w.commit().await?;
    Ok(v)
}

/// MEM-DIS-01: a discipline decided by the member's cell; the vote is checked against the
/// official members summoned that day (MTG-ATT-03) and the resolution threshold of the rule
/// set of its date (MTG-ATT-02).
pub async fn record_discipline(
    store: &Store,
    actor: &Actor,
    person: PersonId,
    input: &DisciplineInput,
) -> Result<i64, AppError> {
    let mut p = Parser::default();
    let form = p.code("form", &input.form, DisciplineForm::from_code);
    let date = p.date("date", &input.date);
    let reason = p.required_text("reason", &input.reason);
    let Some(on) = date else {
        return Err(AppError::Invalid(p.errors));
    };
    let cell = home_cell(store, person, on).await?;
    let vote = discipline_vote(store, &mut p, input, cell, on).await?;
    let (form, reason, vote) = p.finish(form.zip(reason).zip(vote).map(|((f, r), v)| (f, r, v)))?;
    let records = store.cell_records(cell).await?;
    let roster = CellRoster::on(
        cell,
        on,
        &records.members(),
        &records.placements,
        &records.statuses,
    );
    let summoned = roster
        .summoned(|_| chibo_domain::member::Attendance::Present)
        .len() as u32;
    let catalogue = crate::rules::catalogue(store).await?;
    let record = Record::Discipline(Discipline::new(
        form,
        on,
        reason,
        vote,
        summoned,
        &catalogue,
        actor.today(),
    )?);
    write_record(store, actor, person, &record).await
}

/// MEM-DIS-01's vote: a meeting's recorded discipline vote or the counts typed (with no
/// method typed, the discipline's default one).
async fn discipline_vote(
    store: &Store,
    p: &mut Parser,
    input: &DisciplineInput,
    cell: OrgId,
    on: Date,
) -> Result<Option<CellVote>, AppError> {
    let typed = TypedVote {
        meeting: input.meeting,
        vote: input.vote,
        votes_for: input.votes_for,
        against: input.against,
        abstain: input.abstain,
        denominator: input.denominator,
    };
    let method = |p: &mut Parser| {
        Some(
            p.opt_code("method", &input.method, VoteMethod::from_code)
                .unwrap_or(VoteSubject::Discipline.default_method()),
        )
    };
    cell_vote(store, p, typed, method, cell, on, VoteSubject::Discipline).await
}

/// A lifecycle record with what falls due on it.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub event: MemberEvent,
    pub dues: Vec<LifeDueView>,
}

/// A lifecycle deadline with the working days left on `today`.
#[derive(Debug, Clone, Serialize)]
pub struct LifeDueView {
    #[serde(flatten)]
    pub due: LifeDue,
    pub working_days_left: i64,
    pub overdue: bool,
}

fn due_view(due: LifeDue, calendar: &WorkingCalendar, today: Date) -> LifeDueView {
    LifeDueView {
        working_days_left: calendar
            .working_days_between(today, due.last_day)
            .unwrap_or(0),
        overdue: today > due.last_day,
        due,
    }
}

async fn feed_calendar(
    store: &Store,
    today: Date,
) -> Result<(chibo_domain::ruleset::Catalogue, WorkingCalendar), AppError> {
    use chibo_domain::calendar::{HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR};
    let first = (today.year() - 3).max(HOLIDAY_FIRST_YEAR);
    let last = (today.year() + 3).min(HOLIDAY_LAST_YEAR);
    let catalogue = crate::rules::catalogue(store).await?;
    let calendar = crate::calendar::working_calendar(store, first..=last).await?;
    Ok((catalogue, calendar))
}

/// An end (of an exemption, of a temporary transfer) that has passed is history, not
/// something to do; a missed deadline (report, letter, reception) stays until it is done.
fn ended(due: &LifeDue, today: Date) -> bool {
    matches!(
        due.kind,
        DueKind::ExemptionEnds | DueKind::TemporaryTransferEnds
    ) && due.last_day < today
}

/// A member's lifecycle records, oldest first, each with what falls due.
pub async fn events(
    store: &Store,
    person: PersonId,
    today: Date,
) -> Result<Vec<EventView>, AppError> {
    let (catalogue, calendar) = feed_calendar(store, today).await?;
    let mut out = Vec::new();
    for event in store.member_events(person).await? {
        let dues = if event.is_open {
            event
                .record
                .dues(&catalogue, &calendar)?
                .into_iter()
                .filter(|d| !ended(d, today))
                .map(|d| due_view(d, &calendar, today))
                .collect()
        } else {
            Vec::new()
        };
        out.push(EventView { event, dues });
    }
    Ok(out)
}

/// One line of the lifecycle part of the deadline feed.
#[derive(Debug, Clone, Serialize)]
pub struct LifeLine {
    /// `lifecycle`, to tell it from an admission line.
    pub source: &'static str,
    /// The record, or `None` for a removal ground (computed, not recorded).
    pub event_id: Option<i64>,
    pub org: OrgId,
    /// The host or receiving cell (a transfer is followed at both).
    pub other_org: Option<OrgId>,
    pub person: PersonId,
    pub person_name: String,
    #[serde(flatten)]
    pub due: LifeDueView,
    /// For a removal ground (MTG-ATT-08): the distinct months of unexcused absence.
    pub months: Option<u32>,
}

/// One line of `GET /api/v1/orgs/{org}/deadlines` and `chibo deadlines`: an admission
/// deadline as before, or a lifecycle one.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum FeedLine {
    Admission(DeadlineLine),
    Lifecycle(LifeLine),
}

impl FeedLine {
    pub fn last_day(&self) -> Date {
        match self {
            Self::Admission(a) => a.row.last_day,
            Self::Lifecycle(l) => l.due.due.last_day,
        }
    }

    pub fn rule(&self) -> &str {
        match self {
            Self::Admission(a) => &a.row.rule,
            Self::Lifecycle(l) => l.due.due.rule,
        }
    }

    pub fn person_name(&self) -> &str {
        match self {
            Self::Admission(a) => &a.row.person_name,
            Self::Lifecycle(l) => &l.person_name,
        }
    }

    pub fn working_days_left(&self) -> i64 {
        match self {
            Self::Admission(a) => a.working_days_left,
            Self::Lifecycle(l) => l.due.working_days_left,
        }
    }

    /// What falls due, as a code: the admission deadline's or the lifecycle item's.
    pub fn what(&self) -> String {
        match self {
            Self::Admission(a) => serde_json::to_value(a.row.deadline)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            Self::Lifecycle(l) => serde_json::to_value(l.due.due.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        }
    }
}

/// What falls due in `org`'s subtree, earliest first: the admission deadlines
/// ([`crate::admissions::deadlines`]), the open lifecycle records' deadlines — a transfer's
/// at both the sending and the receiving cell (MEM-TR-01/02), an exemption's report upward
/// and end (MEM-EX-01/02), a temporary transfer's end (MEM-TR-03); ends already passed are
/// left out, missed deadlines stay (overdue) — and the MEM-DEL-01 removal grounds of this
/// year raised from the meetings record (MTG-ATT-08), dated today. `within` working days
/// as for the admissions (overdue ones always).
pub async fn feed(
    store: &Store,
    org: OrgId,
    today: Date,
    within: Option<u32>,
) -> Result<Vec<FeedLine>, AppError> {
    feed_with(store, org, today, within, true).await
}

/// [`feed`], with the MEM-DEL-01 removal grounds only when `alerts`: they are computed from
/// the year's attendance of the whole subtree, which a home page showing a province's
/// deadlines should not pay for on every load (the superior's dashboards list them).
pub async fn feed_with(
    store: &Store,
    org: OrgId,
    today: Date,
    within: Option<u32>,
    alerts: bool,
) -> Result<Vec<FeedLine>, AppError> {
    let mut lines: Vec<FeedLine> = crate::admissions::deadlines(store, org, today, within)
        .await?
        .into_iter()
        .map(FeedLine::Admission)
        .collect();
    let (catalogue, calendar) = feed_calendar(store, today).await?;
    let until = match within {
        Some(n) => Some(calendar.add_working_days(today, n)?),
        None => None,
    };
    let in_window = |d: &LifeDue| until.is_none_or(|u| d.last_day <= u);
    for (event, name) in store.open_member_events_under(org, today).await? {
        for due in event.record.dues(&catalogue, &calendar)? {
            if ended(&due, today) || !in_window(&due) {
                continue;
            }
            lines.push(FeedLine::Lifecycle(LifeLine {
                source: "lifecycle",
                event_id: Some(event.id),
                org: event.org,
                other_org: event.other_org,
                person: event.person,
                person_name: name.clone(),
                due: due_view(due, &calendar, today),
                months: None,
            }));
        }
    }
    let alerts = if alerts {
        crate::meetings::subtree_absence_alerts(store, org, today.year(), today).await?
    } else {
        Vec::new()
    };
    for cell in alerts {
        for member in cell.members {
            lines.push(FeedLine::Lifecycle(LifeLine {
                source: "lifecycle",
                event_id: None,
                org: cell.cell,
                other_org: None,
                person: member.person,
                person_name: member.name,
                due: due_view(
                    LifeDue {
                        kind: DueKind::RemovalGround,
                        rule: "MEM-DEL-01",
                        trigger: today,
                        last_day: today,
                    },
                    &calendar,
                    today,
                ),
                months: Some(member.months),
            }));
        }
    }
    lines.sort_by(|a, b| {
        a.last_day()
            .cmp(&b.last_day())
            .then_with(|| a.person_name().cmp(b.person_name()))
    });
    Ok(lines)
}
