//! Meetings as calendar files (issue 9, notices): one `.ics` per meeting and a per-user feed
//! whose URL carries a secret token, stored by its hash and revocable. The icalendar crate
//! writes the files; the tests read them back with its parser.

use chibo_domain::meeting::MeetingStatus;
use chibo_domain::{MeetingId, OrgId, UserId};
use chibo_store::{Actor, MeetingSummary, Store};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::auth::{new_token, token_hash};
use crate::error::AppError;

/// Length given to an event when the rule set sets no minimum for its kind.
const DEFAULT_MINUTES: i64 = 90;

/// A planned wall-clock time in Vietnam as UTC.
fn utc(date: time::Date, hhmm: Option<&str>) -> Option<chrono::DateTime<chrono::Utc>> {
    let t = hhmm
        .and_then(crate::meetings::parse_hhmm)
        .unwrap_or(time::Time::MIDNIGHT);
    let local = time::PrimitiveDateTime::new(date, t)
        .assume_utc()
        .unix_timestamp();
    chrono::DateTime::from_timestamp(local - crate::audit::VN_OFFSET, 0)
}

/// One meeting as an event: the cell's name and the kind in the summary, the place, the
/// planned start (all day when none was planned) and the minimum length of its kind.
fn event(m: &MeetingSummary, cell: &str, minutes: i64, host: &str) -> Event {
    let mut e = Event::new();
    e.uid(&format!("meeting-{}@{host}", m.id.0))
        .summary(&format!("{} — {cell}", m.kind.label_vi()))
        .location(&m.place)
        .status(match m.status {
            MeetingStatus::Cancelled => EventStatus::Cancelled,
            MeetingStatus::Postponed => EventStatus::Tentative,
            _ => EventStatus::Confirmed,
        });
    match (
        m.planned_start.as_deref(),
        utc(m.date, m.planned_start.as_deref()),
    ) {
        (Some(_), Some(start)) => {
            e.starts(start)
                .ends(start + chrono::Duration::minutes(minutes));
        }
        _ => {
            if let Some(d) = chrono::NaiveDate::from_ymd_opt(
                m.date.year(),
                u32::from(u8::from(m.date.month())),
                u32::from(m.date.day()),
            ) {
                e.all_day(d);
            }
        }
    }
    e.done()
}

async fn events(
    store: &Store,
    meetings: &[MeetingSummary],
    host: &str,
) -> Result<Vec<Event>, AppError> {
    let tree = store.org_tree().await?;
    let catalogue = store.rule_catalogue().await?;
    let mut out = Vec::with_capacity(meetings.len());
    for m in meetings {
        let cell = tree
            .version_on(m.org, m.date)
            .map(|v| v.name.as_str().to_string())
            .unwrap_or_default();
        let minutes = catalogue
            .rules_on(m.date)
            .ok()
            .and_then(|r| r.min_duration(m.kind))
            .map_or(DEFAULT_MINUTES, |d| i64::from(d.minutes()));
        out.push(event(m, &cell, minutes, host));
    }
    Ok(out)
}

fn calendar(name: &str, events: Vec<Event>) -> String {
    let mut c = Calendar::new();
    c.name(name);
    for e in events {
        c.push(e);
    }
    c.done().to_string()
}

/// The `.ics` of one meeting.
pub async fn meeting_ics(store: &Store, id: MeetingId, host: &str) -> Result<String, AppError> {
    let m = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let summary = MeetingSummary {
        id: m.id,
        org: m.org,
        kind: m.kind,
        date: m.date,
        planned_start: m.planned_start.clone(),
        place: m.place.clone(),
        status: m.status,
        version: m.version,
    };
    let events = events(store, std::slice::from_ref(&summary), host).await?;
    Ok(calendar("chibo", events))
}

/// Issues (or replaces) the user's feed token; returns the token, shown once.
pub async fn issue_feed(store: &Store, actor: &Actor, user: UserId) -> Result<String, AppError> {
    let token = new_token();
    let mut w = store.write(actor).await?;
    w.users()
        .set_calendar_feed(user, &token_hash(&token))
        .await?;
    w.commit().await?;
    Ok(token)
}

/// Revokes the user's feed: its URL answers 404 from now on.
pub async fn revoke_feed(store: &Store, actor: &Actor, user: UserId) -> Result<(), AppError> {
    let mut w = store.write(actor).await?;
    w.users().revoke_calendar_feed(user).await?;
    w.commit().await?;
    Ok(())
}

/// The feed of the token's user: the meetings of their home cell on `today`, from last year
/// to next. `None` for an unknown or revoked token.
pub async fn feed(
    store: &Store,
    token: &str,
    today: time::Date,
    host: &str,
) -> Result<Option<String>, AppError> {
    let Some(user) = store.calendar_feed_user(&token_hash(token)).await? else {
        return Ok(None);
    };
    let person = store
        .user(user)
        .await?
        .and_then(|u| u.person)
        .ok_or(AppError::NotFound("person"))?;
    let cell: Option<OrgId> = crate::people::governing_org(store, person, today).await?;
    let mut meetings = Vec::new();
    if let Some(cell) = cell {
        for year in today.year() - 1..=today.year() + 1 {
            meetings.extend(store.meetings_of(cell, year).await?);
        }
    }
    let events = events(store, &meetings, host).await?;
    Ok(Some(calendar("chibo — lịch sinh hoạt", events)))
}
