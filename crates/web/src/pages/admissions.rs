//! The admission pipeline's pages (issue 12): the board of a cell or of a superior
//! committee's subtree (`/orgs/{id}/admissions`: open cases as cards by stage, each with its
//! deadlines in working days and their rule, overdue in red; a committee's cards grouped by
//! cell), the form opening a case, and the case page (`/admissions/{id}`: facts, deadlines,
//! timeline, checklist, and the forms of the next step, of going back, closing, removing
//! from probation, extending a decision deadline and recording a document). Every form is a
//! plain POST calling the same use cases as the API, answered with a redirect, or on a
//! refusal the page again with the rule's message and everything typed kept (422). The
//! "due soon" block of the home page reads the deadline feed
//! (`chibo_app::admissions::deadlines`) generically: whatever it lists is shown.

use std::collections::BTreeMap;

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use chibo_app::admissions::{
    CaseInput, CaseView, DeadlineLine, DocumentInput, IntroducerInput, TransitionInput,
};
use chibo_app::lifecycle::{FeedLine, LifeLine};
use chibo_app::{AppError, FieldError};
use chibo_domain::access::Capability as C;
use chibo_domain::admission::{Checked, Introducer, Stage, Step};
use chibo_domain::org::OrgTree;
use chibo_domain::ruleset::Deadline;
use chibo_domain::{OrgId, PersonId};

use super::meetings::field_errors;
use super::{render, see_other, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::i18n::Catalog;
use crate::AppState;

/// The name of a stage in the user's language.
pub fn stage_name(t: &'static Catalog, stage: Stage) -> &'static str {
    t.value(&format!("stage_{}", stage.code()))
}

/// What falls due, in words: the deadline's name, or its rule when the catalogue has no
/// name for it (a deadline another part of the feed adds).
pub fn deadline_name(t: &'static Catalog, deadline: Deadline) -> String {
    let code = serde_json::to_value(deadline)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let name = t.value(&format!("adm_deadline_{code}"));
    if name == "?" {
        deadline.rule_id().to_string()
    } else {
        name.to_string()
    }
}

/// "còn 12 ngày làm việc", "quá hạn 5 ngày làm việc", "hạn cuối là hôm nay".
pub fn left_text(t: &'static Catalog, left: i64, overdue: bool) -> String {
    if overdue {
        t.value("adm_overdue")
            .replace("{}", &(-left).max(1).to_string())
    } else if left == 0 {
        t.value("adm_due_today").to_string()
    } else {
        t.value("adm_left").replace("{}", &left.to_string())
    }
}

/// A deadline this close (in working days) is marked at risk.
pub const SOON: i64 = 5;

/// One deadline as a card, the case page and the home page show it.
pub struct DueRow {
    pub name: String,
    pub rule: String,
    pub trigger: String,
    pub from: String,
    pub last_day: String,
    pub left: String,
    pub overdue: bool,
    /// At risk: at most [`SOON`] working days left.
    pub soon: bool,
    /// Where it is handled (the case page), when the user may open it.
    pub url: Option<String>,
    /// Who and where (home page).
    pub who: String,
    pub stage: String,
}

fn due_row(t: &'static Catalog, l: &DeadlineLine, url: Option<String>, cell: String) -> DueRow {
    DueRow {
        name: deadline_name(t, l.row.deadline),
        rule: l.row.rule.clone(),
        trigger: t.date(&l.row.trigger),
        from: t.opt_date(&l.row.from),
        last_day: t.date(&l.row.last_day),
        left: left_text(t, l.working_days_left, l.overdue),
        overdue: l.overdue,
        soon: !l.overdue && l.working_days_left <= SOON,
        url,
        who: if cell.is_empty() {
            l.row.person_name.clone()
        } else {
            format!("{} · {cell}", l.row.person_name)
        },
        stage: stage_name(t, l.row.stage).to_string(),
    }
}

// ------------------------------------------------------------------------------- the board

pub struct Card {
    pub id: i64,
    pub person: String,
    pub attempt: u32,
    pub dues: Vec<DueRow>,
    pub overdue: bool,
}

pub struct Column {
    pub code: &'static str,
    pub name: &'static str,
    pub cards: Vec<Card>,
}

pub struct Group {
    pub id: i64,
    pub name: String,
    pub count: usize,
    pub columns: Vec<Column>,
}

#[derive(Template)]
#[template(path = "admissions.html")]
struct BoardPage {
    l: Layout,
    id: i64,
    name: String,
    is_cell: bool,
    groups: Vec<Group>,
    total: usize,
    overdue: usize,
    /// The form opening a case (the cell's secretary and committee).
    open_form: Option<Vec<Field>>,
    open_errors: Vec<String>,
}

fn org_name(tree: &OrgTree, org: OrgId, ctx: &Ctx) -> String {
    tree.version_on(org, ctx.today)
        .map(|v| v.name.to_string())
        .unwrap_or_default()
}

async fn board_page(
    state: &AppState,
    ctx: &Ctx,
    org: OrgId,
    typed: &BTreeMap<String, String>,
    errors: &[FieldError],
) -> Result<Response, WebError> {
    let t = ctx.t;
    let tree = state.store.org_tree().await?;
    let version = tree
        .version_on(org, ctx.today)
        .ok_or(WebError::NotFound)?
        .clone();
    let cards = chibo_app::admissions::board(&state.store, org, ctx.today).await?;
    let lines = chibo_app::admissions::deadlines(&state.store, org, ctx.today, None).await?;
    let mut by_cell: BTreeMap<(String, i64), Vec<&chibo_app::admissions::BoardCard>> =
        BTreeMap::new();
    for c in &cards {
        by_cell
            .entry((org_name(&tree, c.org, ctx), c.org.0))
            .or_default()
            .push(c);
    }
    let mut overdue = 0;
    let groups = by_cell
        .into_iter()
        .map(|((name, id), cards)| {
            let mut columns: Vec<Column> = Vec::new();
            for stage in Stage::PATH {
                let here: Vec<Card> = cards
                    .iter()
                    .filter(|c| c.stage == stage)
                    .map(|c| {
                        let dues: Vec<DueRow> = lines
                            .iter()
                            .filter(|l| l.row.case_id == c.id)
                            .map(|l| due_row(t, l, None, String::new()))
                            .collect();
                        let late = dues.iter().any(|d| d.overdue);
                        if late {
                            overdue += 1;
                        }
                        Card {
                            id: c.id,
                            person: c.person_name.clone(),
                            attempt: c.attempt,
                            overdue: late,
                            dues,
                        }
                    })
                    .collect();
                if !here.is_empty() {
                    columns.push(Column {
                        code: stage.code(),
                        name: stage_name(t, stage),
                        cards: here,
                    });
                }
            }
            Group {
                id,
                name,
                count: cards.len(),
                columns,
            }
        })
        .collect();
    let is_cell = version.kind.is_cell();
    let mut open_errors = Vec::new();
    let open_form = if is_cell && super::can(ctx, &tree, C::ManageAdmissions, Some(org)) {
        let view = chibo_app::people::cell_view(&state.store, org, ctx.today).await?;
        let value = |k: &str| typed.get(k).cloned();
        let mut fields = vec![
            Field::select_pairs(
                t,
                "person",
                &value("person"),
                view.non_members
                    .iter()
                    .map(|p| (p.id.0.to_string(), p.full_name.to_string()))
                    .collect(),
            )
            .required(),
            Field::select_pairs(t, "helper", &value("helper"), officials(&view)).required(),
            Field::date(t, "date", &value("date")).required(),
        ];
        open_errors = crate::forms::attach_errors(t, &mut fields, errors);
        Some(fields)
    } else {
        None
    };
    let mut response = render(&BoardPage {
        l: Layout::new(
            ctx,
            format!("{} — {}", t.value("adm_board_title"), version.name),
        ),
        id: org.0,
        name: version.name.to_string(),
        is_cell,
        total: cards.len(),
        overdue,
        groups,
        open_form,
        open_errors,
    })?;
    if !errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

/// The cell's official members today, for the helper and introducer choices (the domain
/// checks them again on the step's own date).
fn officials(view: &chibo_app::people::CellView) -> Vec<(String, String)> {
    view.members
        .iter()
        .filter(|r| r.standing == chibo_domain::member::Standing::Official)
        .map(|r| (r.person.id.0.to_string(), r.person.full_name.to_string()))
        .collect()
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/admissions",
    summary = "The admission board of a cell, or of a committee's subtree grouped by cell: open cases by stage with their deadlines in working days and rules, overdue in red (ADM-PIPE-01, ADM-DEC-02, ADM-CER-01, ADM-LL-01, ADM-REC-01/03)",
    extensions(("x-access" = json!(access(C::ViewAdmissions, S::Org))))
)]
pub async fn board(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    board_page(&state, &ctx, OrgId(id), &BTreeMap::new(), &[]).await
}

fn first(pairs: &[(String, String)]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (k, v) in pairs {
        out.entry(k.clone()).or_insert_with(|| v.clone());
    }
    out
}

fn opt(values: &BTreeMap<String, String>, k: &str) -> Option<String> {
    values
        .get(k)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A number typed in a form; a wrong one is reported on its field.
fn number<N: std::str::FromStr>(
    values: &BTreeMap<String, String>,
    k: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<N> {
    let raw = opt(values, k)?;
    match raw.parse::<N>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::new(k, "malformed"));
            None
        }
    }
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/admissions",
    summary = "Open an admission case from the board: the sympathiser, the helping official member, the day listed (ADM-PIPE-01)",
    extensions(("x-access" = json!(access(C::ManageAdmissions, S::Org))))
)]
pub async fn open(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let values = first(&crate::forms::pairs(&body)?);
    let mut errors = Vec::new();
    let input = CaseInput {
        person: number(&values, "person", &mut errors),
        helper: number(&values, "helper", &mut errors),
        date: opt(&values, "date"),
    };
    let result = if errors.is_empty() {
        chibo_app::admissions::open(&state.store, &ctx.actor(), OrgId(id), &input).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(case) => Ok(see_other(&format!("/admissions/{case}"))),
        Err(e) => {
            let errors = field_errors(e)?;
            board_page(&state, &ctx, OrgId(id), &values, &errors).await
        }
    }
}

// ---------------------------------------------------------------------------- the case page

pub struct TimelineRow {
    pub date: String,
    pub from: &'static str,
    pub to: &'static str,
    pub to_code: &'static str,
    pub detail: String,
    pub by: String,
}

pub struct DocRow {
    pub stage: &'static str,
    pub name: &'static str,
    /// Needed for the next step, not yet reached.
    pub next: bool,
    /// What was recorded: "dd/mm/yyyy · số · tệp".
    pub recorded: Vec<String>,
}

/// A form of the case page: its step code (the hidden `step`), title, fields, refusals
/// about no field of it, the submit label.
pub struct StepForm {
    pub step: String,
    pub title: String,
    pub fields: Vec<Field>,
    pub errors: Vec<String>,
    pub submit: &'static str,
    /// Open (a refusal to show, or the main form).
    pub open: bool,
    pub action: &'static str,
}

#[derive(Template)]
#[template(path = "admission.html")]
struct CasePage {
    l: Layout,
    id: i64,
    org: i64,
    org_name: String,
    person: String,
    attempt: u32,
    stage: &'static str,
    stage_code: &'static str,
    facts: Vec<(&'static str, String)>,
    dues: Vec<DueRow>,
    timeline: Vec<TimelineRow>,
    docs: Vec<DocRow>,
    forms: Vec<StepForm>,
    /// The cell's resolutions generated by the documents renderer, when available.
    downloads: Vec<(String, String)>,
    /// Refusals of a posted step whose form the page does not show (a stale page, a step
    /// typed by hand): shown at the top.
    general_errors: Vec<String>,
}

/// What the user typed in the form that was refused, and why.
#[derive(Default)]
struct Typed {
    step: String,
    values: BTreeMap<String, String>,
    checked: Vec<String>,
    errors: Vec<FieldError>,
}

fn names_of(view: &chibo_app::people::CellView) -> BTreeMap<i64, String> {
    view.members
        .iter()
        .map(|r| (r.person.id.0, r.person.full_name.to_string()))
        .chain(
            view.non_members
                .iter()
                .map(|p| (p.id.0, p.full_name.to_string())),
        )
        .collect()
}

fn step_detail(t: &'static Catalog, step: &Step, names: &BTreeMap<i64, String>) -> String {
    let name = |p: PersonId| {
        names
            .get(&p.0)
            .cloned()
            .unwrap_or_else(|| format!("#{}", p.0))
    };
    let vote = |v: &chibo_domain::admission::CellVote| {
        format!(
            "{}/{} {} · {} {} · {}",
            v.tally.votes_for,
            v.denominator,
            t.value("adm_in_favour"),
            v.tally.against,
            t.value("adm_against"),
            t.meetings.vote_method(v.method.code())
        )
    };
    match step {
        Step::Course { certificate_date } => format!(
            "{}: {}",
            t.field("certificate_date"),
            t.date(certificate_date)
        ),
        Step::BackgroundCheck { checked } => checked
            .iter()
            .map(|c| t.value(&format!("adm_checked_{}", checked_code(*c))))
            .collect::<Vec<_>>()
            .join(", "),
        Step::Opinions { summary } => summary.clone(),
        Step::Introducers { introducers } => introducers
            .iter()
            .map(|i| match i {
                Introducer::Member { person, .. } => name(*person),
                Introducer::UnionCommittee { resolution } => {
                    format!("{} ({resolution})", t.value("adm_union_committee"))
                }
            })
            .collect::<Vec<_>>()
            .join(", "),
        Step::CellResolution { vote: v, .. } | Step::RecognitionResolution { vote: v } => vote(v),
        Step::CommitteeResolution { reference } => reference
            .as_ref()
            .map(|r| r.as_str().to_string())
            .unwrap_or_default(),
        Step::Decision { reference, issuer } => format!("{} · {issuer}", reference.as_str()),
        Step::Ceremony { helper, agreement } => {
            let mut s = format!("{}: {}", t.field("helper"), name(*helper));
            if let Some(a) = agreement {
                s.push_str(&format!(
                    " · {}: {} ({})",
                    t.field("agreement_reference"),
                    a.reference,
                    t.date(&a.date)
                ));
            }
            s
        }
        Step::RecognitionDecision { reference } => reference.as_str().to_string(),
        Step::RemoveFromProbation { reason }
        | Step::Back { reason, .. }
        | Step::Close { reason } => format!("{}: {reason}", t.field("reason")),
        Step::ExtendDecision { days, reason } => format!(
            "{} {days} {} · {}: {reason}",
            t.value("adm_extended_by"),
            t.value("adm_working_days"),
            t.field("reason")
        ),
        Step::Application
        | Step::LifeHistory
        | Step::DecisionReceived
        | Step::MemberLifeHistory => String::new(),
    }
}

fn checked_code(c: Checked) -> &'static str {
    match c {
        Checked::Applicant => "applicant",
        Checked::Parents => "parents",
        Checked::ParentsInLaw => "parents_in_law",
        Checked::Spouse => "spouse",
        Checked::AdultChildren => "adult_children",
    }
}

const CHECKED: [&str; 5] = [
    "applicant",
    "parents",
    "parents_in_law",
    "spouse",
    "adult_children",
];

/// The fields of the form reaching `stage` (the next one).
fn step_fields(
    t: &'static Catalog,
    stage: Stage,
    v: &dyn Fn(&str) -> Option<String>,
    checked: &[String],
    officials: &[(String, String)],
) -> Vec<Field> {
    let date = Field::date(t, "date", &v("date")).required();
    let methods = || {
        ["secret_ballot", "party_card"]
            .iter()
            .map(|m| (m.to_string(), t.meetings.vote_method(m).to_string()))
            .collect::<Vec<_>>()
    };
    let vote = |fields: &mut Vec<Field>| {
        fields.push(Field::select_pairs(t, "method", &v("method"), methods()).required());
        fields.push(
            Field::text(t, "votes_for", &v("votes_for"))
                .numeric()
                .required(),
        );
        fields.push(Field::text(t, "against", &v("against")).numeric());
        fields.push(Field::text(t, "abstain", &v("abstain")).numeric());
        fields.push(
            Field::text(t, "denominator", &v("denominator"))
                .numeric()
                .required(),
        );
    };
    let mut fields = vec![date];
    match stage {
        Stage::Course => {
            fields.push(Field::date(t, "certificate_date", &v("certificate_date")).required())
        }
        Stage::BackgroundCheck => {
            let mut f = Field::multi_select(t, "checked", checked, &[]);
            f.options = CHECKED
                .iter()
                .map(|c| crate::forms::Opt {
                    value: (*c).to_string(),
                    label: t.value(&format!("adm_checked_{c}")).to_string(),
                    selected: checked.iter().any(|x| x == c),
                })
                .collect();
            fields.push(f.required());
        }
        Stage::Opinions => fields.push(Field::textarea(t, "summary", &v("summary")).required()),
        Stage::Introducers => {
            for (p, s) in [
                ("introducer1", "together_since1"),
                ("introducer2", "together_since2"),
            ] {
                fields.push(Field::select_pairs(t, p, &v(p), officials.to_vec()));
                fields.push(Field::date(t, s, &v(s)));
            }
            fields.push(Field::text(t, "union_resolution", &v("union_resolution")));
            fields.push(Field::checkbox(
                t,
                "replacement",
                v("replacement").is_some(),
            ));
        }
        Stage::CellResolution => {
            vote(&mut fields);
            fields.push(Field::checkbox(
                t,
                "lower_secondary",
                v("lower_secondary").is_some(),
            ));
            fields.push(Field::text(
                t,
                "education_exemption",
                &v("education_exemption"),
            ));
            fields.push(Field::text(
                t,
                "provincial_agreement",
                &v("provincial_agreement"),
            ));
        }
        Stage::RecognitionResolution => vote(&mut fields),
        Stage::CommitteeResolution => {
            fields.push(Field::text(t, "reference", &v("reference")).with_hint("25-NQ/ĐU"))
        }
        Stage::Decision => {
            fields.push(
                Field::text(t, "reference", &v("reference"))
                    .with_hint("456-QĐ/ĐUK")
                    .required(),
            );
            fields.push(Field::text(t, "issuer", &v("issuer")).required());
        }
        Stage::Probation => {
            fields.push(
                Field::select_pairs(t, "helper", &v("helper"), officials.to_vec()).required(),
            );
            fields.push(Field::text(
                t,
                "agreement_reference",
                &v("agreement_reference"),
            ));
            fields.push(Field::date(t, "agreement_date", &v("agreement_date")));
        }
        Stage::Official => fields.push(
            Field::text(t, "reference", &v("reference"))
                .with_hint("12-QĐ/ĐUK")
                .required(),
        ),
        _ => {}
    }
    fields
}

async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Typed,
) -> Result<Response, WebError> {
    let t = ctx.t;
    let view: CaseView = chibo_app::admissions::show(&state.store, id, ctx.today).await?;
    let tree = state.store.org_tree().await?;
    let org = view.record.org;
    let cell = chibo_app::people::cell_view(&state.store, org, ctx.today).await?;
    let names = names_of(&cell);
    let case = &view.record.case;
    let mut facts = vec![
        (t.value("adm_opened"), t.date(&case.opened_on)),
        (
            t.field("helper"),
            names
                .get(&case.sympathiser_helper.0)
                .cloned()
                .unwrap_or_default(),
        ),
    ];
    let f = &case.facts;
    if let Some(d) = f.certificate_date {
        facts.push((t.field("certificate_date"), t.date(&d)));
    }
    if let Some(d) = f.cell_resolution {
        facts.push((stage_name(t, Stage::CellResolution), t.date(&d)));
    }
    if let (Some(d), Some(r)) = (f.decision, &f.decision_ref) {
        facts.push((
            stage_name(t, Stage::Decision),
            format!("{} · {}", r.as_str(), t.date(&d)),
        ));
    }
    if let Some(d) = f.decision_received {
        facts.push((t.field("received_on"), t.date(&d)));
    }
    if let Some(d) = f.ceremony {
        facts.push((t.field("ceremony_date"), t.date(&d)));
    }
    if let Some(d) = view.probation_ends {
        facts.push((t.field("probation_ends"), t.date(&d)));
    }
    if let Some(d) = f.recognition_resolution {
        facts.push((stage_name(t, Stage::RecognitionResolution), t.date(&d)));
    }
    if let Some(d) = view.official_from {
        facts.push((t.value("adm_official_from"), t.date(&d)));
    }
    let dues = view
        .deadlines
        .iter()
        .map(|d| DueRow {
            name: deadline_name(t, d.due.deadline),
            rule: d.due.rule.to_string(),
            trigger: t.date(&d.due.trigger),
            from: t.opt_date(&d.due.from),
            last_day: t.date(&d.due.last_day),
            left: left_text(t, d.working_days_left, d.overdue),
            overdue: d.overdue,
            soon: !d.overdue && d.working_days_left <= SOON,
            url: None,
            who: String::new(),
            stage: String::new(),
        })
        .collect();
    let timeline = view
        .timeline
        .iter()
        .map(|s| TimelineRow {
            date: t.date(&s.date),
            from: stage_name(t, s.from),
            to: stage_name(t, s.to),
            to_code: s.to.code(),
            detail: step_detail(t, &s.step, &names),
            by: s.recorded_by.clone(),
        })
        .collect();
    let docs = view
        .checklist
        .iter()
        .map(|c| DocRow {
            stage: stage_name(t, c.stage),
            name: t.value(&format!("adm_doc_{}", c.document.code())),
            next: Some(c.stage) == view.next_stage,
            recorded: c
                .recorded
                .iter()
                .map(|r| {
                    [
                        Some(t.date(&r.date)),
                        r.reference.clone(),
                        r.file_name.clone(),
                        r.note.clone(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ")
                })
                .collect(),
        })
        .collect();
    let mut forms = Vec::new();
    let manage = super::can(ctx, &tree, C::ManageAdmissions, Some(org));
    if manage {
        let officials = officials(&cell);
        let typed_values = &typed.values;
        let mine = |step: &str| typed.step == step;
        let value_of = |step: &str| {
            let on = mine(step);
            move |k: &str| {
                if on {
                    typed_values.get(k).cloned()
                } else {
                    None
                }
            }
        };
        let finish = |step: String,
                      title: String,
                      mut fields: Vec<Field>,
                      submit: &'static str,
                      main: bool,
                      action: &'static str| {
            for f in &mut fields {
                f.key = format!("{step}-{}", f.name);
            }
            let errors = if typed.step == step {
                crate::forms::attach_errors(t, &mut fields, &typed.errors)
            } else {
                Vec::new()
            };
            StepForm {
                open: main || !errors.is_empty(),
                step,
                title,
                fields,
                errors,
                submit,
                action,
            }
        };
        if let Some(next) = view.next_stage.filter(|_| case.is_open()) {
            let code = next.code();
            let v = value_of(code);
            let checked: &[String] = if mine(code) { &typed.checked } else { &[] };
            let fields = step_fields(t, next, &v, checked, &officials);
            forms.push(finish(
                code.to_string(),
                format!("{}: {}", t.value("adm_next"), stage_name(t, next)),
                fields,
                t.value("adm_next_submit"),
                true,
                "transitions",
            ));
        }
        // ADM-DEC-02, ADM-REC-03: a decision deadline may be extended once, in a special
        // case, by at most the rule set's maximum.
        if case.is_open()
            && matches!(
                case.stage,
                Stage::CellResolution | Stage::CommitteeResolution | Stage::RecognitionResolution
            )
        {
            let v = value_of("extend");
            forms.push(finish(
                "extend".into(),
                t.value("adm_extend").to_string(),
                vec![
                    Field::date(t, "date", &v("date")).required(),
                    Field::text(t, "extension_days", &v("extension_days"))
                        .numeric()
                        .with_hint("30")
                        .required(),
                    Field::textarea(t, "reason", &v("reason")).required(),
                ],
                t.value("adm_extend_submit"),
                false,
                "transitions",
            ));
        }
        if case.is_open() && case.stage.before_ceremony() && case.stage > Stage::Sympathiser {
            let v = value_of("back");
            let earlier: Vec<(String, String)> = Stage::PATH
                .iter()
                .filter(|s| **s < case.stage)
                .map(|s| (s.code().to_string(), stage_name(t, *s).to_string()))
                .collect();
            forms.push(finish(
                "back".into(),
                t.value("adm_back").to_string(),
                vec![
                    Field::select_pairs(t, "back_to", &v("back_to"), earlier).required(),
                    Field::date(t, "date", &v("date")).required(),
                    Field::textarea(t, "reason", &v("reason")).required(),
                ],
                t.value("adm_back_submit"),
                false,
                "transitions",
            ));
        }
        if case.is_open() && case.stage.before_ceremony() {
            let v = value_of("close");
            forms.push(finish(
                "close".into(),
                t.value("adm_close").to_string(),
                vec![
                    Field::date(t, "date", &v("date")).required(),
                    Field::textarea(t, "reason", &v("reason")).required(),
                ],
                t.value("adm_close_submit"),
                false,
                "transitions",
            ));
        }
        if (Stage::Probation..=Stage::RecognitionResolution).contains(&case.stage) {
            let v = value_of("removed");
            forms.push(finish(
                "removed".into(),
                t.value("adm_remove").to_string(),
                vec![
                    Field::date(t, "date", &v("date")).required(),
                    Field::textarea(t, "reason", &v("reason")).required(),
                ],
                t.value("adm_remove_submit"),
                false,
                "transitions",
            ));
        }
        // Documents may still be filed once the case is over (the file is kept).
        let v = value_of("document");
        let kinds: Vec<(String, String)> = view
            .checklist
            .iter()
            .map(|c| {
                (
                    c.document.code().to_string(),
                    t.value(&format!("adm_doc_{}", c.document.code()))
                        .to_string(),
                )
            })
            .collect();
        forms.push(finish(
            "document".into(),
            t.value("adm_doc_add").to_string(),
            vec![
                Field::select_pairs(t, "kind", &v("kind"), kinds).required(),
                Field::date(t, "date", &v("date")).required(),
                Field::text(t, "reference", &v("reference")),
                Field::text(t, "file_name", &v("file_name")),
                Field::text(t, "note", &v("note")),
            ],
            t.value("adm_doc_submit"),
            false,
            "documents",
        ));
    }
    let general_errors = if forms.iter().any(|f| f.step == typed.step) {
        Vec::new()
    } else {
        crate::forms::attach_errors(t, &mut [], &typed.errors)
    };
    // The cell's own proposal resolutions, once their vote is recorded (draft documents).
    let mut downloads = Vec::new();
    for (fact, which) in [
        (f.cell_resolution, "admission"),
        (f.recognition_resolution, "recognition"),
    ] {
        if fact.is_some() {
            for format in ["pdf", "docx"] {
                downloads.push((
                    format!("/admissions/{id}/resolution/{which}?format={format}"),
                    format!(
                        "{} ({})",
                        t.value(&format!("adm_resolution_{which}")),
                        format.to_uppercase()
                    ),
                ));
            }
        }
    }
    let mut response = render(&CasePage {
        l: Layout::new(
            ctx,
            format!("{} — {}", t.value("adm_case_title"), view.person_name),
        ),
        id,
        org: org.0,
        org_name: org_name(&tree, org, ctx),
        person: view.person_name.clone(),
        attempt: view.record.attempt,
        stage: stage_name(t, case.stage),
        stage_code: case.stage.code(),
        facts,
        dues,
        timeline,
        docs,
        forms,
        downloads,
        general_errors,
    })?;
    if !typed.errors.is_empty() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

#[utoipa::path(
    get,
    path = "/admissions/{id}",
    summary = "An admission case: facts, deadlines with rule and working days left, timeline, checklist of documents, and the forms of the next step",
    extensions(("x-access" = json!(access(C::ViewAdmissions, S::Admission))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    case_page(&state, &ctx, id, Typed::default()).await
}

/// The posted step form as the app's input (the same use case as the API).
fn transition_input(
    values: &BTreeMap<String, String>,
    checked: Vec<String>,
    errors: &mut Vec<FieldError>,
) -> TransitionInput {
    let mut introducers = Vec::new();
    let union = opt(values, "union_resolution");
    for (p, s) in [
        ("introducer1", "together_since1"),
        ("introducer2", "together_since2"),
    ] {
        let person: Option<i64> = number(values, p, errors);
        if person.is_none() && opt(values, s).is_none() {
            continue;
        }
        introducers.push(IntroducerInput {
            person,
            together_since: opt(values, s),
            replacement: values.contains_key("replacement"),
            union_resolution: None,
        });
    }
    if union.is_some() {
        introducers.push(IntroducerInput {
            union_resolution: union,
            ..Default::default()
        });
    }
    let step = opt(values, "step");
    let is_extend = step.as_deref() == Some("extend");
    TransitionInput {
        step,
        date: opt(values, "date"),
        version: number(values, "version", errors),
        certificate_date: opt(values, "certificate_date"),
        reason: opt(values, "reason"),
        back_to: opt(values, "back_to"),
        summary: opt(values, "summary"),
        checked,
        introducers,
        meeting: None,
        vote: None,
        method: opt(values, "method"),
        votes_for: number(values, "votes_for", errors),
        against: number(values, "against", errors),
        abstain: number(values, "abstain", errors),
        denominator: number(values, "denominator", errors),
        lower_secondary: Some(values.contains_key("lower_secondary")),
        education_exemption: opt(values, "education_exemption"),
        provincial_agreement: opt(values, "provincial_agreement"),
        reference: opt(values, "reference"),
        issuer: opt(values, "issuer"),
        helper: number(values, "helper", errors),
        agreement_reference: opt(values, "agreement_reference"),
        agreement_date: opt(values, "agreement_date"),
        days: if is_extend {
            number(values, "extension_days", errors)
        } else {
            None
        },
    }
}

#[utoipa::path(
    post,
    path = "/admissions/{id}/transitions",
    summary = "Record a step of a case from its page: the next stage, back with a reason, closed, removed from probation, a decision deadline extended (ADM-PIPE-01, ADM-DEC-02, ADM-REC-03)",
    extensions(("x-access" = json!(access(C::ManageAdmissions, S::Admission))))
)]
pub async fn transition(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let pairs = crate::forms::pairs(&body)?;
    let values = first(&pairs);
    let checked: Vec<String> = pairs
        .iter()
        .filter(|(k, v)| k == "checked" && !v.is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let mut errors = Vec::new();
    let input = transition_input(&values, checked.clone(), &mut errors);
    let result = if errors.is_empty() {
        chibo_app::admissions::transition(&state.store, &ctx.actor(), id, &input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/admissions/{id}"))),
        Err(e) => {
            let errors = match e {
                AppError::Stale { .. } => vec![FieldError::new("date", "stale")],
                other => field_errors(other)?,
            };
            let typed = Typed {
                step: input.step.unwrap_or_default(),
                values,
                checked,
                errors,
            };
            case_page(&state, &ctx, id, typed).await
        }
    }
}

#[utoipa::path(
    post,
    path = "/admissions/{id}/documents",
    summary = "Record a document of the case's checklist from its page (ADM-PIPE-01, ADM-REC-04)",
    extensions(("x-access" = json!(access(C::ManageAdmissions, S::Admission))))
)]
pub async fn add_document(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, WebError> {
    let values = first(&crate::forms::pairs(&body)?);
    let input = DocumentInput {
        kind: opt(&values, "kind"),
        date: opt(&values, "date"),
        reference: opt(&values, "reference"),
        file_name: opt(&values, "file_name"),
        note: opt(&values, "note"),
    };
    match chibo_app::admissions::add_document(&state.store, &ctx.actor(), id, &input).await {
        Ok(_) => Ok(see_other(&format!("/admissions/{id}#documents"))),
        Err(e) => {
            let typed = Typed {
                step: "document".into(),
                values,
                checked: Vec::new(),
                errors: field_errors(e)?,
            };
            case_page(&state, &ctx, id, typed).await
        }
    }
}

#[utoipa::path(
    get,
    path = "/admissions/{id}/resolution/{which}",
    summary = "The cell's resolution proposing the admission (`which` = admission) or the recognition (`recognition`) of the case's person, from its recorded vote, as a draft PDF or DOCX (`?format=`; ADM-VOTE-01, ADM-REC-02, DOC-19)",
    extensions(("x-access" = json!(access(C::ViewAdmissions, S::Admission))))
)]
pub async fn resolution(
    State(state): State<AppState>,
    Path((id, which)): Path<(i64, String)>,
    axum::extract::Query(q): axum::extract::Query<crate::api::meetings::FormatQuery>,
) -> Result<Response, WebError> {
    let recognition = match which.as_str() {
        "admission" => false,
        "recognition" => true,
        _ => return Err(WebError::NotFound),
    };
    let format = q.parse()?.unwrap_or(chibo_app::documents::Format::Pdf);
    let file =
        chibo_app::documents::render_case_resolution(&state.store, id, recognition, format).await?;
    Ok(crate::api::meetings::download(file))
}

// ----------------------------------------------------------------------- home: due soon

/// "Sắp đến hạn" on the home page: for the user's cell (its secretary and committee) and
/// each committee the user is staff of, what the deadline feed lists within `within`
/// working days (overdue included), earliest first, with a link where the user may open
/// it. Only organisations whose feed the user may read.
pub async fn due_soon(
    state: &AppState,
    ctx: &Ctx,
    tree: &OrgTree,
    orgs: &[OrgId],
    within: u32,
) -> Result<Vec<DueRow>, WebError> {
    let t = ctx.t;
    let mut seen = std::collections::BTreeSet::new();
    let mut rows: Vec<(time::Date, DueRow)> = Vec::new();
    for org in orgs {
        if !crate::routes::may_get(ctx, tree, "/orgs/{id}/admissions", Some(*org)) {
            continue;
        }
        // Removal grounds (MEM-DEL-01) only for a cell: a committee's come from the whole
        // subtree's attendance, too costly for every load of a home page.
        let is_cell = tree
            .version_on(*org, ctx.today)
            .is_some_and(|v| v.kind.is_cell());
        for line in
            chibo_app::lifecycle::feed_with(&state.store, *org, ctx.today, Some(within), is_cell)
                .await?
        {
            match line {
                FeedLine::Admission(l) => {
                    if !seen.insert(("case", l.row.case_id, l.row.rule.clone(), l.row.last_day)) {
                        continue;
                    }
                    let url =
                        crate::routes::may_get(ctx, tree, "/admissions/{id}", Some(l.row.org))
                            .then(|| format!("/admissions/{}", l.row.case_id));
                    let cell = if orgs.contains(&l.row.org) {
                        String::new()
                    } else {
                        org_name(tree, l.row.org, ctx)
                    };
                    rows.push((l.row.last_day, due_row(t, &l, url, cell)));
                }
                FeedLine::Lifecycle(l) => {
                    // A transfer is followed at both cells: show it once per record and rule.
                    let key = match l.event_id {
                        Some(id) => ("record", id, l.due.due.rule.to_string(), l.due.due.last_day),
                        None => (
                            "alert",
                            l.person.0,
                            l.due.due.rule.to_string(),
                            l.due.due.last_day,
                        ),
                    };
                    if !seen.insert(key) {
                        continue;
                    }
                    rows.push((l.due.due.last_day, life_row(ctx, tree, orgs, &l)));
                }
            }
        }
    }
    rows.sort_by_key(|(d, _)| *d);
    Ok(rows.into_iter().map(|(_, r)| r).take(50).collect())
}

/// A membership lifecycle line of the feed (MEM-EX, MEM-TR, MEM-DEL-01) as a "due soon" row,
/// linked to the member's profile where its forms are.
fn life_row(ctx: &Ctx, tree: &OrgTree, orgs: &[OrgId], l: &LifeLine) -> DueRow {
    let t = ctx.t;
    let kind = serde_json::to_value(l.due.due.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let cell = if orgs.contains(&l.org) {
        String::new()
    } else {
        org_name(tree, l.org, ctx)
    };
    DueRow {
        name: t.value(&kind).to_string(),
        rule: l.due.due.rule.to_string(),
        trigger: t.date(&l.due.due.trigger),
        from: String::new(),
        last_day: t.date(&l.due.due.last_day),
        left: left_text(t, l.due.working_days_left, l.due.overdue),
        overdue: l.due.overdue,
        soon: !l.due.overdue && l.due.working_days_left <= SOON,
        url: crate::routes::may_get(ctx, tree, "/people/{id}", Some(l.org))
            .then(|| format!("/people/{}", l.person.0)),
        who: if cell.is_empty() {
            l.person_name.clone()
        } else {
            format!("{} · {cell}", l.person_name)
        },
        stage: String::new(),
    }
}
