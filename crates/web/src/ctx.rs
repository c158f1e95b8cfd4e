//! The request context every handler receives: the user (if logged in) with their access
//! subject, the language catalogue, the CSRF token to embed in forms, and "today" in
//! Vietnam's time zone (UTC+7, no daylight saving).

use chibo_domain::access::Subject;
use chibo_store::UserRecord;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::i18n::Catalog;

#[derive(Clone)]
pub struct CurrentUser {
    pub record: UserRecord,
    pub subject: Subject,
    pub token_hash: String,
    pub display_name: String,
}

#[derive(Clone)]
pub struct Ctx {
    pub t: &'static Catalog,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub today: Date,
    pub now: i64,
    /// The client's address, for login throttling.
    pub client: String,
}

impl Ctx {
    /// The user's name as shown (what a record signed by them keeps).
    pub fn display_name(&self) -> &str {
        self.user.as_ref().map_or("", |u| u.display_name.as_str())
    }

    pub fn actor(&self) -> chibo_store::Actor {
        match &self.user {
            Some(u) => chibo_store::Actor {
                user: Some(u.record.id),
                label: u.record.login.clone(),
                at: self.now,
            },
            None => chibo_store::Actor {
                user: None,
                label: "anonymous".into(),
                at: self.now,
            },
        }
    }
}

pub const VN_OFFSET_HOURS: i8 = 7;

/// Now, as Unix seconds and as the civil date in Vietnam.
pub fn now() -> (i64, Date) {
    let utc = OffsetDateTime::now_utc();
    let offset = UtcOffset::from_hms(VN_OFFSET_HOURS, 0, 0).unwrap_or(UtcOffset::UTC);
    (utc.unix_timestamp(), utc.to_offset(offset).date())
}

/// Reads one cookie from the `Cookie` header.
pub fn cookie<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}
