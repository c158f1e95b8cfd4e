//! Use cases of the rule sets versioned by date (VER-01) and of the settings committees set
//! for the units under them (MTG-QA-02/03/04, MTG-DUR-01, MTG-DAY-01).

use chibo_domain::ruleset::local::{LocalOverrides, LocalSettings};
use chibo_domain::ruleset::{
    AdmissionParams, AgendaStep, Area, Catalogue, CharterParams, DocumentFormatParams,
    DocumentTypesParams, DuesParams, MeetingGuidanceParams, MeetingKind, RuleSet, RuleVersion,
    VersionStamp,
};
use chibo_domain::OrgId;
use chibo_store::{Actor, Store};
use serde::Serialize;
use time::Date;

use crate::error::{AppError, FieldError};

time::serde::format_description!(iso, Date, "[year]-[month]-[day]");

/// VER-01: the built-in versions and those administrators added.
pub async fn catalogue(store: &Store) -> Result<Catalogue, AppError> {
    Ok(store.rule_catalogue().await?)
}

/// VER-01: the rules in force on `date`, one version of every area.
pub async fn rules_on(store: &Store, date: Date) -> Result<RuleSet, AppError> {
    Ok(catalogue(store).await?.rules_on(date)?)
}

/// One area with its versions, oldest first (the rule sets page and `GET /api/v1/rulesets`).
#[derive(Debug, Clone, Serialize)]
pub struct AreaTimeline {
    pub area: Area,
    pub label_vi: &'static str,
    pub versions: Vec<RuleVersion>,
}

pub fn timelines(c: &Catalogue) -> Vec<AreaTimeline> {
    Area::ALL
        .into_iter()
        .map(|area| AreaTimeline {
            area,
            label_vi: area.label_vi(),
            versions: c.timeline(area).cloned().collect(),
        })
        .collect()
}

/// The agenda of one kind of meeting under a rule set.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaView {
    pub kind: MeetingKind,
    pub label_vi: &'static str,
    pub steps: Vec<AgendaStep>,
}

/// The composed rule set of a date, as data (VER-01): which version of each area, and its
/// parameters.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSetView {
    #[serde(with = "iso")]
    pub date: Date,
    pub versions: Vec<VersionStamp>,
    pub agendas: Vec<AgendaView>,
    pub meeting_guidance: MeetingGuidanceParams,
    pub charter: CharterParams,
    pub admission: AdmissionParams,
    pub dues: DuesParams,
    pub document_format: DocumentFormatParams,
    pub document_types: DocumentTypesParams,
}

impl RuleSetView {
    pub fn of(rules: &RuleSet) -> Self {
        Self {
            date: rules.date(),
            versions: Area::ALL
                .into_iter()
                .map(|a| rules.version(a).clone())
                .collect(),
            agendas: MeetingKind::ALL
                .into_iter()
                .map(|kind| AgendaView {
                    kind,
                    label_vi: kind.label_vi(),
                    steps: rules.agenda(kind).to_vec(),
                })
                .collect(),
            meeting_guidance: rules.meeting_guidance().clone(),
            charter: rules.charter().clone(),
            admission: rules.admission().clone(),
            dues: rules.dues().clone(),
            document_format: rules.document_format().clone(),
            document_types: rules.document_types().clone(),
        }
    }
}

/// Parses the JSON of a whole [`RuleVersion`] (as on the rule sets page or in the API);
/// `effective_from` given separately replaces the one in the JSON.
pub fn parse_version(
    json: &serde_json::Value,
    effective_from: Option<Date>,
) -> Result<RuleVersion, Vec<FieldError>> {
    let mut version: RuleVersion = serde_json::from_value(json.clone())
        .map_err(|_| vec![FieldError::new("version", "malformed_json")])?;
    if let Some(d) = effective_from {
        version.effective_from = d;
    }
    if version.code.trim().is_empty() {
        return Err(vec![FieldError::new("code", "required")]);
    }
    Ok(version)
}

/// As [`parse_version`], from text pasted into a form.
pub fn parse_version_text(
    text: &str,
    effective_from: Option<Date>,
) -> Result<RuleVersion, Vec<FieldError>> {
    if text.trim().is_empty() {
        return Err(vec![FieldError::new("version", "required")]);
    }
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|_| vec![FieldError::new("version", "malformed_json")])?;
    parse_version(&value, effective_from)
}

/// VER-01: an administrator adds a future version (parameters only, no code change). Past
/// records keep being judged by the version of their own date; the store refuses a version
/// that does not start after `today` or that clashes with another of its area.
pub async fn add_version(
    store: &Store,
    actor: &Actor,
    version: &RuleVersion,
    today: Date,
) -> Result<(), AppError> {
    let mut w = store.write(actor).await?;
    w.settings().add_rule_version(version, today).await?;
    Ok(w.commit().await?)
}

/// The settings of one organisation: what it sets itself and what is in force for it after
/// inheritance from its superiors on `date` (MTG-QA-02/03/04, MTG-DUR-01, MTG-DAY-01).
#[derive(Debug, Clone, Serialize)]
pub struct LocalSettingsView {
    pub org: OrgId,
    #[serde(with = "iso")]
    pub date: Date,
    pub own: Option<LocalOverrides>,
    pub resolved: LocalSettings,
}

pub async fn local_settings(
    store: &Store,
    org: OrgId,
    date: Date,
) -> Result<LocalSettingsView, AppError> {
    let tree = store.org_tree().await?;
    if tree.history(org).is_empty() {
        return Err(AppError::NotFound("org"));
    }
    Ok(LocalSettingsView {
        org,
        date,
        own: store.local_overrides(org, date).await?,
        resolved: store.local_settings(org, date).await?,
    })
}

/// Parses a committee's overrides from JSON; a value of the wrong type is an error.
pub fn parse_overrides(json: &serde_json::Value) -> Result<LocalOverrides, Vec<FieldError>> {
    serde_json::from_value(json.clone())
        .map_err(|_| vec![FieldError::new("settings", "malformed_json")])
}

/// Sets a committee's overrides from `today` on (validated by the store, audited). Earlier
/// dates keep the settings they had (VER-01).
pub async fn set_local_settings(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    overrides: &LocalOverrides,
    today: Date,
) -> Result<LocalSettingsView, AppError> {
    set_local_settings_from(store, actor, org, overrides, today, today).await
}

/// Sets a committee's overrides from `effective_from` (today or later, VER-01) on.
pub async fn set_local_settings_from(
    store: &Store,
    actor: &Actor,
    org: OrgId,
    overrides: &LocalOverrides,
    effective_from: Date,
    today: Date,
) -> Result<LocalSettingsView, AppError> {
    let mut w = store.write(actor).await?;
    w.settings()
        .set_local_overrides(org, overrides, effective_from, today)
        .await?;
    w.commit().await?;
    local_settings(store, org, effective_from).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    async fn store() -> (Store, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/rules.db", dir.path().display()))
            .await
            .unwrap();
        (store, dir)
    }

    fn meeting_version_on(date: Date) -> RuleVersion {
        let c = Catalogue::builtin();
        c.version_on(Area::MeetingGuidance, date).unwrap().clone()
    }

    #[tokio::test]
    async fn ver_01_rules_on_27_and_28_october_2025() {
        let (store, _dir) = store().await;
        let before = RuleSetView::of(&rules_on(&store, date!(2025 - 10 - 27)).await.unwrap());
        let after = RuleSetView::of(&rules_on(&store, date!(2025 - 10 - 28)).await.unwrap());
        assert_eq!(before.versions[0].code, "HD 12/2018");
        assert_eq!(after.versions[0].code, "HD 42/2025");
        assert!(after
            .agendas
            .iter()
            .any(|a| a.kind == MeetingKind::Regular && !a.steps.is_empty()));
        let json = serde_json::to_value(&after).unwrap();
        assert_eq!(json["date"], "2025-10-28");
    }

    #[tokio::test]
    async fn ver_01_admin_adds_a_future_version_past_ones_are_refused() {
        let (store, _dir) = store().await;
        let today = date!(2026 - 03 - 01);
        let mut v = meeting_version_on(today);
        v.code = "HD 99/2026".into();
        let text = serde_json::to_string(&v).unwrap();
        // Past date: refused, nothing stored.
        let past = parse_version_text(&text, Some(date!(2026 - 02 - 01))).unwrap();
        let err = add_version(&store, &Actor::system("test", 0), &past, today)
            .await
            .unwrap_err()
            .field_errors();
        assert_eq!(
            (err[0].field.as_str(), err[0].code),
            ("effective_from", "not_in_future")
        );
        assert!(store.stored_rule_versions().await.unwrap().is_empty());
        // Future date: stored, and the rules of that date use it; earlier dates do not.
        let future = parse_version_text(&text, Some(date!(2026 - 06 - 01))).unwrap();
        add_version(&store, &Actor::system("test", 0), &future, today)
            .await
            .unwrap();
        let on = rules_on(&store, date!(2026 - 06 - 01)).await.unwrap();
        assert_eq!(on.version(Area::MeetingGuidance).code, "HD 99/2026");
        let before = rules_on(&store, date!(2026 - 05 - 31)).await.unwrap();
        assert_eq!(before.version(Area::MeetingGuidance).code, "HD 42/2025");
        assert_eq!(
            parse_version_text("{", None).unwrap_err()[0].code,
            "malformed_json"
        );
        assert_eq!(
            parse_version_text(" ", None).unwrap_err()[0].code,
            "required"
        );
    }

    /// VER-01: an administrator moves HD 42/2025's built-in switch date with a correction
    /// through the ordinary add-version path (no store change): stored, audited like any
    /// version, and the catalogue then judges 28–31/10/2025 by HD 12/2018. A second
    /// correction of the same version is refused.
    #[tokio::test]
    async fn ver_01_admin_moves_a_builtin_switch_date_by_correction() {
        let (store, _dir) = store().await;
        let today = date!(2026 - 03 - 01);
        let mut v = meeting_version_on(date!(2025 - 10 - 28));
        v.correction = true;
        let text = serde_json::to_string(&v).unwrap();
        let correction = parse_version_text(&text, Some(date!(2025 - 11 - 01))).unwrap();
        add_version(&store, &Actor::system("test", 0), &correction, today)
            .await
            .unwrap();
        let r = rules_on(&store, date!(2025 - 10 - 31)).await.unwrap();
        assert_eq!(r.version(Area::MeetingGuidance).code, "HD 12/2018");
        let r = rules_on(&store, date!(2025 - 11 - 01)).await.unwrap();
        assert_eq!(r.version(Area::MeetingGuidance).code, "HD 42/2025");
        let again = parse_version_text(&text, Some(date!(2025 - 11 - 02))).unwrap();
        let err = add_version(&store, &Actor::system("test", 0), &again, today)
            .await
            .unwrap_err()
            .field_errors();
        assert_eq!(
            (err[0].field.as_str(), err[0].code),
            ("version", "invalid_correction")
        );
    }

    #[test]
    fn mtg_qa_02_overrides_parse_from_json() {
        let o = parse_overrides(&serde_json::json!({"min_meeting_minutes": 60})).unwrap();
        assert_eq!(o.min_meeting_minutes, Some(60));
        assert_eq!(
            parse_overrides(&serde_json::json!({"min_meeting_minutes": "x"})).unwrap_err()[0].code,
            "malformed_json"
        );
    }
}
