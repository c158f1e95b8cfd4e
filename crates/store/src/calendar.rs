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
use chibo_domain::ruleset::local::{resolve, LocalOverrides, LocalSettings};
use chibo_domain::ruleset::{Catalogue, RuleVersion};
use chibo_domain::OrgId;
use serde_json::json;
use sqlx::{Any, AnyConnection, Executor, Row};
use time::Date;

use crate::audit::{record, Actor};
use crate::codec::{corrupt, date_text, parse_date};
use crate::error::StoreError;
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
            "date": date_text(h.date), "name": h.name_vi, "kind": holiday_kind_code(h.kind)
        })).collect::<Vec<_>>(),
        "working_days": a.working_days.iter().map(|w| json!({
            "date": date_text(w.date), "name": w.name_vi
        })).collect::<Vec<_>>(),
    })
}

async fn load_adjustments(
    conn: &mut AnyConnection,
    year: Option<i32>,
) -> Result<Vec<YearAdjustments>> {
    let (years, rows) = match year {
        Some(y) => (
            sqlx::query("SELECT year, replaces_computed FROM holiday_year WHERE year = $1")
                .bind(i64::from(y))
                .fetch_all(&mut *conn)
                .await?,
            sqlx::query(
                "SELECT year, day, kind, holiday_kind, name FROM holiday_adjustment
                 WHERE year = $1 ORDER BY day",
            )
            .bind(i64::from(y))
            .fetch_all(&mut *conn)
            .await?,
        ),
        None => (
            sqlx::query("SELECT year, replaces_computed FROM holiday_year ORDER BY year")
                .fetch_all(&mut *conn)
                .await?,
            sqlx::query(
                "SELECT year, day, kind, holiday_kind, name FROM holiday_adjustment ORDER BY day",
            )
            .fetch_all(&mut *conn)
            .await?,
        ),
    };
    let year_of =
        |v: i64| i32::try_from(v).map_err(|_| corrupt("holiday_year.year", &v.to_string()));
    let mut by_year: BTreeMap<i32, YearAdjustments> = BTreeMap::new();
    for r in &years {
        let year = year_of(r.try_get("year")?)?;
        by_year.insert(
            year,
            YearAdjustments {
                year,
                replaces_computed: r.try_get::<i64, _>("replaces_computed")? != 0,
                days_off: Vec::new(),
                working_days: Vec::new(),
            },
        );
    }
    for r in &rows {
        let year = year_of(r.try_get("year")?)?;
        let date: Date = parse_date("holiday_adjustment.day", &r.try_get::<String, _>("day")?)?;
        let kind: String = r.try_get("kind")?;
        let name: String = r.try_get("name")?;
        let entry = by_year
            .get_mut(&year)
            .ok_or_else(|| corrupt("holiday_adjustment.year", &year.to_string()))?;
        match kind.as_str() {
            DAY_OFF => {
                let code: Option<String> = r.try_get("holiday_kind")?;
                let code = code.unwrap_or_else(|| "extra".into());
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

async fn stored_versions<'e, E: Executor<'e, Database = Any>>(exec: E) -> Result<Vec<RuleVersion>> {
    let rows = sqlx::query("SELECT version_json FROM rule_version ORDER BY area, effective_from")
        .fetch_all(exec)
        .await?;
    rows.iter()
        .map(|r| {
            let text: String = r.try_get("version_json")?;
            serde_json::from_str(&text).map_err(|_| corrupt("rule_version.version_json", &text))
        })
        .collect()
}

async fn stored_overrides<'e, E: Executor<'e, Database = Any>>(
    exec: E,
    org: OrgId,
) -> Result<Option<LocalOverrides>> {
    let row = sqlx::query("SELECT overrides_json FROM local_setting WHERE org_id = $1")
        .bind(org.0)
        .fetch_optional(exec)
        .await?;
    row.map(|r| {
        let text: String = r.try_get("overrides_json")?;
        serde_json::from_str(&text).map_err(|_| corrupt("local_setting.overrides_json", &text))
    })
    .transpose()
}

impl Store {
    /// CAL-02: replaces the decreed days of `adj.year` (days off and swapped working days) in
    /// one transaction. The adjustments are validated first ([`YearAdjustments::validate`]:
    /// a day both off and working, a date outside the year, a "working day" that is not a
    /// weekend day are refused and nothing is stored). Once stored, the year's rows replace
    /// the built-in decreed days of that year.
    pub async fn set_year_adjustments(&self, actor: &Actor, adj: &YearAdjustments) -> Result<()> {
        adj.validate()?;
        let mut sorted = adj.clone();
        sorted.days_off.sort_by_key(|h| h.date);
        sorted.working_days.sort_by_key(|w| w.date);
        let mut tx = self.pool().begin().await?;
        let before = load_adjustments(&mut tx, Some(adj.year)).await?;
        let year = i64::from(adj.year);
        sqlx::query("DELETE FROM holiday_adjustment WHERE year = $1")
            .bind(year)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM holiday_year WHERE year = $1")
            .bind(year)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO holiday_year (year, replaces_computed, updated_at) VALUES ($1, $2, $3)",
        )
        .bind(year)
        .bind(i64::from(sorted.replaces_computed))
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
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
            sqlx::query(
                "INSERT INTO holiday_adjustment (year, day, kind, holiday_kind, name)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(year)
            .bind(date_text(date))
            .bind(kind)
            .bind(holiday_kind)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        }
        let before = before.first().map(adjustments_json);
        let after = adjustments_json(&sorted);
        record(
            &mut tx,
            actor,
            "calendar.adjustments",
            "holiday_year",
            &adj.year.to_string(),
            None,
            before.as_ref(),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// CAL-02: the decreed days an administrator entered for `year`, if any.
    pub async fn year_adjustments(&self, year: i32) -> Result<Option<YearAdjustments>> {
        if !(HOLIDAY_FIRST_YEAR..=HOLIDAY_LAST_YEAR).contains(&year) {
            return Ok(None);
        }
        let mut conn = self.pool().acquire().await?;
        Ok(load_adjustments(&mut conn, Some(year))
            .await?
            .into_iter()
            .next())
    }

    /// CAL-02: every year an administrator entered, by year.
    pub async fn all_adjustments(&self) -> Result<Vec<YearAdjustments>> {
        let mut conn = self.pool().acquire().await?;
        load_adjustments(&mut conn, None).await
    }

    /// VER-01: adds an administrator's rule version. Checked inside the transaction against
    /// the built-in and stored versions ([`Catalogue::add_version`]): it must start after
    /// `today`, its area must have no version starting that day, its code must be new and
    /// its parameters consistent. Refused versions store nothing.
    pub async fn add_rule_version(
        &self,
        actor: &Actor,
        version: &RuleVersion,
        today: Date,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let mut all = Catalogue::builtin().versions().to_vec();
        all.extend(stored_versions(&mut *tx).await?);
        let mut catalogue = Catalogue::from_versions(all)?;
        catalogue.add_version(version.clone(), today)?;
        let text = serde_json::to_string(version)?;
        sqlx::query(
            "INSERT INTO rule_version (area, code, effective_from, version_json, created_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(version.area.code())
        .bind(&version.code)
        .bind(date_text(version.effective_from))
        .bind(&text)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::to_value(version)?;
        record(
            &mut tx,
            actor,
            "rule_version.create",
            "rule_version",
            &version.code,
            None,
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The versions administrators added (VER-01), oldest first within each area.
    pub async fn stored_rule_versions(&self) -> Result<Vec<RuleVersion>> {
        stored_versions(self.pool()).await
    }

    /// VER-01: the built-in catalogue plus the versions administrators added.
    pub async fn rule_catalogue(&self) -> Result<Catalogue> {
        let mut all = Catalogue::builtin().versions().to_vec();
        all.extend(stored_versions(self.pool()).await?);
        Ok(Catalogue::from_versions(all)?)
    }

    /// Sets what `org` changes for the units under it (MTG-QA-02/03/04, MTG-DUR-01,
    /// MTG-DAY-01), replacing its previous overrides. Validated first
    /// ([`LocalOverrides::validate`]); refused overrides store nothing.
    pub async fn set_local_overrides(
        &self,
        actor: &Actor,
        org: OrgId,
        overrides: &LocalOverrides,
    ) -> Result<()> {
        overrides.validate()?;
        let mut tx = self.pool().begin().await?;
        let exists = sqlx::query("SELECT id FROM org WHERE id = $1")
            .bind(org.0)
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound("org"));
        }
        let before = stored_overrides(&mut *tx, org).await?;
        sqlx::query("DELETE FROM local_setting WHERE org_id = $1")
            .bind(org.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO local_setting (org_id, overrides_json, updated_at) VALUES ($1, $2, $3)",
        )
        .bind(org.0)
        .bind(serde_json::to_string(overrides)?)
        .bind(actor.at)
        .execute(&mut *tx)
        .await?;
        let before = before.map(serde_json::to_value).transpose()?;
        let after = serde_json::to_value(overrides)?;
        record(
            &mut tx,
            actor,
            "local_settings.set",
            "org",
            &org.to_string(),
            Some(org),
            before.as_ref(),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// What `org` itself sets (not inherited); `None` when it sets nothing.
    pub async fn local_overrides(&self, org: OrgId) -> Result<Option<LocalOverrides>> {
        stored_overrides(self.pool(), org).await
    }

    /// The settings in force for `org` on `date`: the overrides of its superiors on that date
    /// (OrgTree::ancestors_on) and its own, folded root first, the nearest winning
    /// ([`resolve`]).
    pub async fn local_settings(&self, org: OrgId, date: Date) -> Result<LocalSettings> {
        let tree = self.org_tree().await?;
        let mut chain_orgs = tree.ancestors_on(org, date);
        chain_orgs.reverse();
        chain_orgs.push(org);
        let mut chain = Vec::with_capacity(chain_orgs.len());
        for o in chain_orgs {
            chain.push(stored_overrides(self.pool(), o).await?);
        }
        Ok(resolve(&chain))
    }
}
