//! Per-year holiday adjustments (CAL-02), administrator-added rule versions (VER-01) and the
//! settings each committee sets for the units under it (MTG-QA-02/03/04, MTG-DUR-01,
//! MTG-DAY-01).
//!
//! Each mutation validates with the domain first (nothing is stored when the domain refuses)
//! and writes its audit event in the same transaction.

use std::collections::BTreeMap;

use chibo_domain::calendar::{
    Holiday, HolidayKind, SwappedWorkingDay, YearAdjustments, HOLIDAY_FIRST_YEAR, HOLIDAY_LAST_YEAR,
};
use chibo_domain::ruleset::local::{resolve, LocalOverrides, LocalSettings, LocalSettingsError};
use chibo_domain::ruleset::{Catalogue, RuleVersion};
use chibo_domain::OrgId;
use serde_json::json;
use sqlx::types::Json;
use time::Date;

use crate::audit::AuditAction;
use crate::codec::corrupt;
use crate::db::{q_all, q_exec, q_opt, Conn};
use crate::error::StoreError;
use crate::stamp::Stamp;
use crate::uow::UnitOfWork;
use crate::{Result, Store};

const DAY_OFF: &str = "day_off";
const WORKING_DAY: &str = "working_day";

fn holiday_kind_code(kind: HolidayKind) -> &'static str {
    match kind {
        HolidayKind::Statutory => "statutory",
        HolidayKind::Compensatory => "compensatory",
        HolidayKind::Swapped => "swapped",
        HolidayKind::Extra => "extra",
    }
}

fn holiday_kind_from_code(code: &str) -> Option<HolidayKind> {
    [
        HolidayKind::Statutory,
        HolidayKind::Compensatory,
        HolidayKind::Swapped,
        HolidayKind::Extra,
    ]
    .into_iter()
    .find(|k| holiday_kind_code(*k) == code)
}

/// The audit snapshot of a year's adjustments, with ISO dates so the log reads plainly.
fn adjustments_json(a: &YearAdjustments) -> serde_json::Value {
    json!({
        "year": a.year,
        "replaces_computed": a.replaces_computed,
        "days_off": a.days_off.iter().map(|h| json!({
            "date": h.date.to_string(), "name": h.name_vi, "kind": holiday_kind_code(h.kind)
        })).collect::<Vec<_>>(),
        "working_days": a.working_days.iter().map(|w| json!({
            "date": w.date.to_string(), "name": w.name_vi
        })).collect::<Vec<_>>(),
    })
}

/// A stored adjustment: year, day, kind, holiday kind, name.
type AdjustmentRow = (i64, Date, String, Option<String>, String);

async fn load_adjustments(conn: &mut Conn<'_>, year: Option<i32>) -> Result<Vec<YearAdjustments>> {
    let (years, rows): (Vec<(i64, bool)>, Vec<AdjustmentRow>) =
        match year {
            Some(y) => (
                q_all!(
                    conn,
                    (i64, bool),
                    "SELECT year, replaces_computed FROM holiday_year WHERE year = $1",
                    i64::from(y)
                )?,
                q_all!(
                    conn,
                    AdjustmentRow,
                    "SELECT year, day, kind, holiday_kind, name FROM holiday_adjustment WHERE year = $1 ORDER BY day",
                    i64::from(y)
                )?,
            ),
            None => (
                q_all!(
                    conn,
                    (i64, bool),
                    "SELECT year, replaces_computed FROM holiday_year ORDER BY year"
                )?,
                q_all!(
                    conn,
                    AdjustmentRow,
                    "SELECT year, day, kind, holiday_kind, name FROM holiday_adjustment ORDER BY day"
                )?,
            ),
        };
    let year_of =
        |v: i64| i32::try_from(v).map_err(|_| corrupt("holiday_year.year", &v.to_string()));
    let mut by_year: BTreeMap<i32, YearAdjustments> = BTreeMap::new();
    for (year, replaces_computed) in years {
        let year = year_of(year)?;
        by_year.insert(
            year,
            YearAdjustments {
                year,
                replaces_computed,
                days_off: Vec::new(),
                working_days: Vec::new(),
            },
        );
    }
    for (year, date, kind, holiday_kind, name) in rows {
        let year = year_of(year)?;
        let entry = by_year
            .get_mut(&year)
            .ok_or_else(|| corrupt("holiday_adjustment.year", &year.to_string()))?;
        match kind.as_str() {
            DAY_OFF => {
                let code = holiday_kind.unwrap_or_else(|| "extra".into());
                entry.days_off.push(Holiday {
                    date,
                    name_vi: name,
                    kind: holiday_kind_from_code(&code)
                        .ok_or_else(|| corrupt("holiday_adjustment.holiday_kind", &code))?,
                });
            }
            WORKING_DAY => entry.working_days.push(SwappedWorkingDay {
                date,
                name_vi: name,
            }),
            other => return Err(corrupt("holiday_adjustment.kind", other)),
        }
    }
    Ok(by_year.into_values().collect())
}

pub(crate) async fn stored_versions(conn: &mut Conn<'_>) -> Result<Vec<RuleVersion>> {
    let rows: Vec<(Json<RuleVersion>,)> = q_all!(
        conn,
        (Json<RuleVersion>,),
        "SELECT version_json FROM rule_version ORDER BY area, effective_from"
    )?;
    Ok(rows.into_iter().map(|(j,)| j.0).collect())
}

/// VER-01: what `org` itself sets on `date`: its row with the latest effective date not
/// after `date`.
async fn stored_overrides(
    conn: &mut Conn<'_>,
    org: OrgId,
    date: Date,
) -> Result<Option<LocalOverrides>> {
    let row: Option<(Json<LocalOverrides>,)> = q_opt!(
        conn,
        (Json<LocalOverrides>,),
        "SELECT overrides_json FROM local_setting WHERE org_id = $1 AND effective_from <= $2
         ORDER BY effective_from DESC LIMIT 1",
        org.0,
        date
    )?;
    Ok(row.map(|(j,)| j.0))
}

/// Administrative settings (calendar, rule versions, local settings) inside a unit of work.
pub struct Settings<'u>(&'u mut UnitOfWork);

impl UnitOfWork {
    pub fn settings(&mut self) -> Settings<'_> {
        Settings(self)
    }
}

impl Settings<'_> {
    /// CAL-02: replaces the decreed days of `adj.year` (days off and swapped working days).
    /// The adjustments are validated first ([`YearAdjustments::validate`]: a day both off
    /// and working, a date outside the year, a "working day" that is not a weekend day are
    /// refused and nothing is stored). Once stored, the year's rows replace the built-in
    /// decreed days of that year.
    pub async fn set_year_adjustments(&mut self, adj: &YearAdjustments) -> Result<()> {
        adj.validate()?;
        let mut sorted = adj.clone();
        sorted.days_off.sort_by_key(|h| h.date);
        sorted.working_days.sort_by_key(|w| w.date);
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let before = load_adjustments(conn, Some(adj.year)).await?;
        let year = i64::from(adj.year);
        q_exec!(conn, "DELETE FROM holiday_adjustment WHERE year = $1", year)?;
        q_exec!(conn, "DELETE FROM holiday_year WHERE year = $1", year)?;
        q_exec!(
            conn,
            "INSERT INTO holiday_year (year, replaces_computed, updated_at) VALUES ($1, $2, $3)",
            year,
            sorted.replaces_computed,
            Stamp(at)
        )?;
        let rows = sorted
            .days_off
            .iter()
            .map(|h| (h.date, DAY_OFF, Some(holiday_kind_code(h.kind)), &h.name_vi))
            .chain(
                sorted
                    .working_days
                    .iter()
                    .map(|w| (w.date, WORKING_DAY, None, &w.name_vi)),
            );
        for (date, kind, holiday_kind, name) in rows {
            q_exec!(
                conn,
                "INSERT INTO holiday_adjustment (year, day, kind, holiday_kind, name) VALUES ($1, $2, $3, $4, $5)",
                year,
                date,
                kind,
                holiday_kind,
                name.as_str()
            )?;
        }
        let before = before.first().map(adjustments_json);
        let after = adjustments_json(&sorted);
        w.audit(
            AuditAction::CalendarAdjustments,
            &adj.year.to_string(),
            None,
            before,
            Some(after),
        )
        .await
    }

    /// VER-01: adds an administrator's rule version. Checked against the built-in and
    /// stored versions ([`Catalogue::add_version`]): it must start after `today`, its area
    /// must have no version starting that day, its code must be new and its parameters
    /// consistent. Refused versions store nothing.
    pub async fn add_rule_version(&mut self, version: &RuleVersion, today: Date) -> Result<()> {
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let mut all = Catalogue::builtin().versions().to_vec();
        all.extend(stored_versions(conn).await?);
        let mut catalogue = Catalogue::from_versions(all)?;
        catalogue.add_version(version.clone(), today)?;
        q_exec!(
            conn,
            "INSERT INTO rule_version (area, code, effective_from, version_json, created_at) VALUES ($1, $2, $3, $4, $5)",
            version.area.code(),
            &version.code,
            version.effective_from,
            Json(version),
            Stamp(at)
        )?;
        w.audit(
            AuditAction::RuleVersionCreate,
            &version.code,
            None,
            None,
            Some(serde_json::to_value(version)?),
        )
        .await
    }

    /// Sets what `org` changes for the units under it (MTG-QA-02/03/04, MTG-DUR-01,
    /// MTG-DAY-01) from `effective_from` on. Settings are dated like rule versions (VER-01):
    /// the earlier rows stay in force for earlier dates, so meetings already held are not
    /// re-judged; `effective_from` may not be before `today`; setting again on the same
    /// effective date replaces that row. Validated first ([`LocalOverrides::validate`]);
    /// refused overrides store nothing.
    pub async fn set_local_overrides(
        &mut self,
        org: OrgId,
        overrides: &LocalOverrides,
        effective_from: Date,
        today: Date,
    ) -> Result<()> {
        LocalSettingsError::check_effective(effective_from, today)?;
        overrides.validate()?;
        let w = &mut *self.0;
        let at = w.actor().at;
        let conn = &mut w.conn();
        let exists: Option<(i64,)> =
            q_opt!(conn, (i64,), "SELECT id FROM org WHERE id = $1", org.0)?;
        if exists.is_none() {
            return Err(StoreError::NotFound("org"));
        }
        let before = stored_overrides(conn, org, effective_from).await?;
        q_exec!(
            conn,
            "DELETE FROM local_setting WHERE org_id = $1 AND effective_from = $2",
            org.0,
            effective_from
        )?;
        q_exec!(
            conn,
            "INSERT INTO local_setting (org_id, effective_from, overrides_json, updated_at) VALUES ($1, $2, $3, $4)",
            org.0,
            effective_from,
            Json(overrides),
            Stamp(at)
        )?;
        let dated = |o: &LocalOverrides| {
            serde_json::to_value(o)
                .map(|v| json!({ "effective_from": effective_from, "overrides": v }))
        };
        let before = before.as_ref().map(dated).transpose()?;
        let after = dated(overrides)?;
        w.audit(
            AuditAction::LocalSettingsSet,
            &org.to_string(),
            Some(org),
            before,
            Some(after),
        )
        .await
    }
}

impl Store {
    /// CAL-02: the decreed days an administrator entered for `year`, if any.
    pub async fn year_adjustments(&self, year: i32) -> Result<Option<YearAdjustments>> {
        if !(HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&year) {
            return Ok(None);
        }
        let mut lease = self.lease().await?;
        Ok(load_adjustments(&mut lease.conn(), Some(year))
            .await?
            .into_iter()
            .next())
    }

    /// CAL-02: every year an administrator entered, by year.
    pub async fn all_adjustments(&self) -> Result<Vec<YearAdjustments>> {
        let mut lease = self.lease().await?;
        load_adjustments(&mut lease.conn(), None).await
    }

    /// The versions administrators added (VER-01), oldest first within each area.
    pub async fn stored_rule_versions(&self) -> Result<Vec<RuleVersion>> {
        let mut lease = self.lease().await?;
        stored_versions(&mut lease.conn()).await
    }

    /// VER-01: the built-in catalogue plus the versions administrators added.
    pub async fn rule_catalogue(&self) -> Result<Catalogue> {
        let mut all = Catalogue::builtin().versions().to_vec();
        all.extend(self.stored_rule_versions().await?);
        Ok(Catalogue::from_versions(all)?)
    }

    /// What `org` itself sets (not inherited) on `date`; `None` when it sets nothing then.
    pub async fn local_overrides(&self, org: OrgId, date: Date) -> Result<Option<LocalOverrides>> {
        let mut lease = self.lease().await?;
        stored_overrides(&mut lease.conn(), org, date).await
    }

    /// The settings in force for `org` on `date`: the overrides of its superiors on that date
    /// and its own, folded root first, the nearest winning ([`resolve`]).
    pub async fn local_settings(&self, org: OrgId, date: Date) -> Result<LocalSettings> {
        let tree = self.org_tree().await?;
        let mut chain_orgs = tree.ancestors_on(org, date);
        chain_orgs.reverse();
        chain_orgs.push(org);
        let mut lease = self.lease().await?;
        let conn = &mut lease.conn();
        let mut chain = Vec::with_capacity(chain_orgs.len());
        for o in chain_orgs {
            chain.push(stored_overrides(conn, o, date).await?);
        }
        Ok(resolve(&chain))
    }
}
