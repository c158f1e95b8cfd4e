//! Conversions between domain values and the portable column encodings (ISO date text,
//! snake_case codes).

use time::format_description::well_known::Iso8601;
use time::Date;

use crate::error::StoreError;

pub(crate) fn date_text(d: Date) -> String {
    let (y, m, day) = (d.year(), d.month() as u8, d.day());
    format!("{y:04}-{m:02}-{day:02}")
}

pub(crate) fn opt_date_text(d: Option<Date>) -> Option<String> {
    d.map(date_text)
}

pub(crate) fn parse_date(column: &'static str, s: &str) -> Result<Date, StoreError> {
    Date::parse(s, &Iso8601::DATE).map_err(|_| StoreError::Corrupt {
        column,
        value: s.to_string(),
    })
}

pub(crate) fn parse_opt_date(
    column: &'static str,
    s: Option<String>,
) -> Result<Option<Date>, StoreError> {
    s.map(|s| parse_date(column, &s)).transpose()
}

pub(crate) fn corrupt(column: &'static str, value: &str) -> StoreError {
    StoreError::Corrupt {
        column,
        value: value.to_string(),
    }
}
