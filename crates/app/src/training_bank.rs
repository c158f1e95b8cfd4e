//! The situation bank written by trainers (issue 13, TRN-02): a committee's staff write
//! situations (with the expected handling and the rules involved) and withdraw them; the
//! bank a committee sees is the builtin situations, its own, and those of the committees
//! above it (a province's training centre writes for its districts' courses); the bank of a
//! mock meeting is the bank of the committee owning its course.

use chibo_domain::ruleset::MeetingKind;
use chibo_domain::training::practice::MAX_TEXT;
use chibo_domain::training::situations::SituationError;
use chibo_domain::training::situations::{self, is_known_rule, is_rule_id, is_situation_code};
use chibo_domain::training::Situation;
use chibo_domain::{MeetingId, OrgId};
use chibo_store::{Actor, Store};
use serde::Serialize;

use crate::error::{AppError, FieldError};

/// A situation as typed in the form or the API.
#[derive(Debug, Clone, Default)]
pub struct SituationInput {
    pub code: String,
    pub title_vi: String,
    pub setting_vi: String,
    pub expected_vi: String,
    /// Rule IDs ("MTG-ATT-03").
    pub rules: Vec<String>,
    /// The agenda step where it fits best ("M5"), if any.
    pub step: String,
    /// Meeting kind codes ("regular"); none: any kind.
    pub kinds: Vec<String>,
}

/// One situation of a committee's bank.
#[derive(Debug, Clone, Serialize)]
pub struct BankEntry {
    #[serde(flatten)]
    pub situation: Situation,
    /// The committee that wrote it; `None` for a builtin situation.
    pub owner: Option<OrgId>,
    pub author: Option<String>,
    /// Withdrawn (shown to its own committee only, never injected).
    pub retired: bool,
}

/// Splits a typed list of rule IDs ("MTG-ATT-03, MTG-ATT-03") into its items.
pub fn split_rules(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// TRN-02: checks a typed situation field by field (every error at once, so the form keeps
/// what was typed), then builds it through [`Situation::new`].
pub fn parse(input: &SituationInput) -> Result<Situation, AppError> {
    let mut errors = Vec::new();
    let code = input.code.trim();
    if code.is_empty() {
        errors.push(FieldError::new("code", "required"));
    } else if !is_situation_code(code) {
        errors.push(FieldError::new("code", "situation_malformed_code"));
    }
    for (field, value) in [
        ("title_vi", &input.title_vi),
        ("setting_vi", &input.setting_vi),
        ("expected_vi", &input.expected_vi),
    ] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, "required"));
        } else if value.chars().count() > MAX_TEXT {
            errors.push(FieldError::new(field, "practice_too_long"));
        }
    }
    let rules: Vec<String> = input
        .rules
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if rules.is_empty() {
        errors.push(FieldError::new("rules", "situation_without_rule"));
    } else if rules.iter().any(|r| !is_rule_id(r)) {
        errors.push(FieldError::new("rules", "situation_malformed_rule"));
    } else if rules.iter().any(|r| !is_known_rule(r)) {
        errors.push(FieldError::new("rules", "situation_unknown_rule"));
    }
    let mut kinds = Vec::new();
    for k in input
        .kinds
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
    {
        match MeetingKind::from_code(k) {
            Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
            Some(_) => {}
            None => {
                errors.push(FieldError::new("kinds", "malformed"));
                break;
            }
        }
    }
    let step = input.step.trim();
    if step.chars().count() > 16 {
        errors.push(FieldError::new("step", "malformed"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Situation::new(
        code,
        &input.title_vi,
        &input.setting_vi,
        &input.expected_vi,
        rules,
        Some(step),
        kinds,
    )
    .map_err(|e| {
        let field = match e {
            SituationError::NoRule
            | SituationError::MalformedRule(_)
            | SituationError::UnknownRule(_) => "rules",
            _ => "code",
        };
        AppError::Invalid(vec![FieldError::new(field, e.code())])
    })
}

/// TRN-02: committee `owner` adds a situation to its bank, signed `author`.
pub async fn write(
    store: &Store,
    actor: &Actor,
    owner: OrgId,
    input: &SituationInput,
    author: &str,
) -> Result<Situation, AppError> {
    let situation = parse(input)?;
    let mut w = store.write(actor).await?;
    w.training()
        .write_situation(owner, &situation, author)
        .await?;
    w.commit().await?;
    Ok(situation)
}

/// TRN-02: committee `owner` withdraws its situation `code`.
pub async fn withdraw(
    store: &Store,
    actor: &Actor,
    owner: OrgId,
    code: &str,
) -> Result<(), AppError> {
    let mut w = store.write(actor).await?;
    w.training().withdraw_situation(owner, code.trim()).await?;
    w.commit().await?;
    Ok(())
}

/// The committees above `org`, nearest first: the superior of its latest version, and so
/// on (a district closed in 2025 still reaches its province).
async fn superiors(store: &Store, org: OrgId) -> Result<Vec<OrgId>, AppError> {
    let tree = store.org_tree().await?;
    let mut chain = Vec::new();
    let mut current = org;
    while let Some(parent) = tree.history(current).last().and_then(|v| v.parent) {
        if parent == org || chain.contains(&parent) || chain.len() >= 16 {
            break;
        }
        chain.push(parent);
        current = parent;
    }
    Ok(chain)
}

/// TRN-02: the bank committee `org` sees: the builtin situations, its own (withdrawn ones
/// marked), then those in force of the committees above it, nearest first.
pub async fn bank(store: &Store, org: OrgId) -> Result<Vec<BankEntry>, AppError> {
    let mut out: Vec<BankEntry> = situations::builtin()
        .into_iter()
        .map(|situation| BankEntry {
            situation,
            owner: None,
            author: None,
            retired: false,
        })
        .collect();
    let mut owners = vec![org];
    owners.extend(superiors(store, org).await?);
    for (i, owner) in owners.into_iter().enumerate() {
        for s in store.trainer_situations(owner).await? {
            let retired = s.retired_at.is_some();
            if retired && i > 0 {
                continue;
            }
            out.push(BankEntry {
                situation: s.situation,
                owner: Some(s.owner),
                author: Some(s.author),
                retired,
            });
        }
    }
    Ok(out)
}

/// TRN-02: the situations a trainer may inject into mock meeting `meeting`: the bank of the
/// committee owning its course, withdrawn ones left out; a code found twice (a committee
/// and one above it) is the nearest committee's.
pub async fn injectable(store: &Store, meeting: MeetingId) -> Result<Vec<Situation>, AppError> {
    let Some(owner) = crate::training::owner_of_mock(store, meeting).await? else {
        return Ok(situations::builtin());
    };
    let mut out: Vec<Situation> = Vec::new();
    for e in bank(store, owner).await? {
        if !e.retired && !out.iter().any(|s| s.code == e.situation.code) {
            out.push(e.situation);
        }
    }
    Ok(out)
}

/// TRN-02: situation `code` of mock meeting `meeting`'s bank, if injectable there.
pub async fn find_for_meeting(
    store: &Store,
    meeting: MeetingId,
    code: &str,
) -> Result<Option<Situation>, AppError> {
    let code = code.trim();
    Ok(injectable(store, meeting)
        .await?
        .into_iter()
        .find(|s| s.code == code))
}
