//! The admission ceremony's part of the meeting page (ADM-CER-01..03, ADM-PRB-01): the act
//! as recorded — new member, decision, helping member, the ADM-CER-01 deadline and what
//! probation will be — and the form that records it, a plain POST that works without
//! JavaScript and comes back with every refusal next to its field.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::{Extension, Form};
use chibo_app::ceremony::{CeremonyInput, CeremonyPart};
use chibo_app::{AppError, FieldError};
use chibo_domain::MeetingId;
use serde::Deserialize;

use super::meetings::{again, back_to, field_errors, FormState, Forms};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::i18n::Catalog;
use crate::routes::{access, Scope as S};
use crate::AppState;
use chibo_domain::access::Capability as C;

/// What the meeting page shows of a ceremony.
pub struct CeremonyBlock {
    /// (label, value) of the act as recorded; empty before it is.
    pub facts: Vec<(&'static str, String)>,
    /// ADM-CER-01: held after the deadline (with the superior's agreement recorded).
    pub late: bool,
    /// The act can still change (the meeting is not closed or cancelled).
    pub editable: bool,
    /// The form, open when nothing is recorded yet or a save was refused.
    pub open: bool,
    pub fields: Vec<Field>,
    /// Refusals about no field of the form.
    pub others: Vec<String>,
}

/// The fields of the act as stored (dates as users type them), for the form's first view.
fn stored_values(t: &'static Catalog, part: &CeremonyPart) -> Vec<(&'static str, String)> {
    let Some(c) = &part.act else {
        return Vec::new();
    };
    let d = &c.act.decision;
    let mut values = vec![
        ("new_members", c.act.new_member.0.to_string()),
        ("decision_ref", d.reference.as_str().to_string()),
        ("decision_date", t.date(&d.date)),
        ("issuer", d.issuer.clone()),
        ("received_on", t.date(&d.received_on)),
        ("helper", c.act.helper.0.to_string()),
    ];
    if let Some(a) = &c.act.agreement {
        values.push(("agreement_ref", a.reference.clone()));
        values.push(("agreement_date", t.date(&a.date)));
    }
    values
}

/// The block of a ceremony meeting; `None` for other kinds. `form` holds what was typed
/// when a save was refused.
pub fn block(
    t: &'static Catalog,
    part: Option<&CeremonyPart>,
    form: &FormState,
    editable: bool,
) -> Option<CeremonyBlock> {
    let part = part?;
    let stored = stored_values(t, part);
    let value = |name: &'static str| -> Option<String> {
        if form.has_errors() {
            Some(form.v(name).to_string())
        } else {
            stored
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }
    };
    let people = |list: &[chibo_app::ceremony::NamedPerson]| {
        list.iter()
            .map(|p| (p.person.0.to_string(), p.name.clone()))
            .collect::<Vec<_>>()
    };
    let mut fields = vec![
        Field::select_pairs(
            t,
            "new_members",
            &value("new_members"),
            people(&part.candidates),
        )
        .required(),
        Field::text(t, "decision_ref", &value("decision_ref"))
            .with_hint("456-QĐ/ĐUK")
            .required(),
        Field::date(t, "decision_date", &value("decision_date")).required(),
        Field::text(t, "issuer", &value("issuer")).required(),
        Field::date(t, "received_on", &value("received_on")).required(),
        Field::select_pairs(t, "helper", &value("helper"), people(&part.helpers)).required(),
        Field::text(t, "agreement_ref", &value("agreement_ref")),
        Field::date(t, "agreement_date", &value("agreement_date")),
    ];
    for f in &mut fields {
        f.error = form.err(f.name).map(str::to_string);
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let others = form
        .errors
        .iter()
        .filter(|(field, _)| !names.contains(&field.as_str()))
        .map(|(_, message)| message.clone())
        .collect();
    let mut facts = Vec::new();
    let mut late = false;
    if let Some(c) = &part.act {
        let d = &c.act.decision;
        facts.push((t.field("new_members"), c.new_member_name.clone()));
        facts.push((t.field("decision_ref"), d.reference.as_str().to_string()));
        facts.push((t.field("decision_date"), t.date(&d.date)));
        facts.push((t.field("issuer"), d.issuer.clone()));
        facts.push((t.field("received_on"), t.date(&d.received_on)));
        if let Some(timing) = c.timing {
            late = timing.late;
            facts.push((t.field("ceremony_deadline"), t.date(&timing.last_day)));
        }
        if let Some(a) = &c.act.agreement {
            facts.push((
                t.field("agreement_ref"),
                format!("{} ({})", a.reference, t.date(&a.date)),
            ));
        }
        facts.push((t.field("helper"), c.helper_name.clone()));
        if let Some(p) = &c.probation {
            facts.push((t.field("probation_ends"), t.date(&p.ends_on)));
            facts.push((t.field("recognition_by"), t.opt_date(&p.recognition_by)));
        }
    }
    Some(CeremonyBlock {
        open: part.act.is_none() || form.has_errors(),
        late,
        editable,
        facts,
        fields,
        others,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CeremonyForm {
    pub new_members: Option<String>,
    pub decision_ref: Option<String>,
    pub decision_date: Option<String>,
    pub issuer: Option<String>,
    pub received_on: Option<String>,
    pub helper: Option<String>,
    pub agreement_ref: Option<String>,
    pub agreement_date: Option<String>,
    pub version: Option<i64>,
    pub back: Option<String>,
}

#[utoipa::path(
    post,
    path = "/meetings/{id}/ceremony",
    summary = "The act of an admission ceremony: new member, decision, helping member, the superior's agreement when late (ADM-CER-01..03)",
    extensions(("x-access" = json!(access(C::ManageMeetings, S::Meeting))))
)]
pub async fn save(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<CeremonyForm>,
) -> Result<Response, WebError> {
    let mut errors = Vec::new();
    let mut person = |field: &'static str, raw: &Option<String>| -> Option<i64> {
        let raw = raw.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        raw.parse::<i64>()
            .map_err(|_| errors.push(FieldError::new(field, "unknown_value")))
            .ok()
    };
    let input = CeremonyInput {
        new_members: person("new_members", &f.new_members).into_iter().collect(),
        decision_ref: f.decision_ref.clone(),
        decision_date: f.decision_date.clone(),
        issuer: f.issuer.clone(),
        received_on: f.received_on.clone(),
        helper: person("helper", &f.helper),
        agreement_ref: f.agreement_ref.clone(),
        agreement_date: f.agreement_date.clone(),
        version: f.version,
    };
    let result = if errors.is_empty() {
        chibo_app::ceremony::set(&state.store, &ctx.actor(), MeetingId(id), &input)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => Ok(back_to(id, &f.back, "ceremony")),
        Err(e) => {
            let errors = match e {
                AppError::Stale { .. } => vec![FieldError::new("new_members", "stale")],
                other => field_errors(other)?,
            };
            let typed = |v: &Option<String>| v.clone().unwrap_or_default();
            let values = [
                ("new_members", typed(&f.new_members)),
                ("decision_ref", typed(&f.decision_ref)),
                ("decision_date", typed(&f.decision_date)),
                ("issuer", typed(&f.issuer)),
                ("received_on", typed(&f.received_on)),
                ("helper", typed(&f.helper)),
                ("agreement_ref", typed(&f.agreement_ref)),
                ("agreement_date", typed(&f.agreement_date)),
            ];
            let values: Vec<(&'static str, &str)> =
                values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let forms = Forms {
                ceremony: FormState::new(ctx.t, &values, &errors),
                ..Default::default()
            };
            again(&state, &ctx, id, &f.back, forms).await
        }
    }
}
