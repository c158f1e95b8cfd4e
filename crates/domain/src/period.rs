//! Validity periods. Every dated fact in chibo (an organisation's name or parent, a role, a
//! status, a placement in a cell) holds over a `Period`; history survives because facts are
//! closed, never overwritten (ORG-01).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::error::DomainError;

/// A closed-open-ended range of civil dates. Both ends are inclusive: `until` is the last day
/// on which the fact holds ("district committee until 30/6/2025"). `until = None` means
/// "still in force".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "PeriodRepr")]
pub struct Period {
    from: Date,
    until: Option<Date>,
}

/// The JSON shape of a period; deserialising goes through [`Period::new`], so a reversed
/// period in JSON is refused like one typed in a form.
#[derive(Deserialize)]
struct PeriodRepr {
    from: Date,
    #[serde(default)]
    until: Option<Date>,
}

impl TryFrom<PeriodRepr> for Period {
    type Error = DomainError;
    fn try_from(r: PeriodRepr) -> Result<Self, DomainError> {
        Self::new(r.from, r.until)
    }
}

impl Period {
    /// Parse, don't validate: a period whose end precedes its start cannot exist.
    pub fn new(from: Date, until: Option<Date>) -> Result<Self, DomainError> {
        if let Some(u) = until {
            if u < from {
                return Err(DomainError::PeriodReversed { from, until: u });
            }
        }
        Ok(Self { from, until })
    }

    /// A period that starts on `from` and is still open.
    pub fn starting(from: Date) -> Self {
        Self { from, until: None }
    }

    pub fn from(&self) -> Date {
        self.from
    }

    pub fn until(&self) -> Option<Date> {
        self.until
    }

    pub fn contains(&self, date: Date) -> bool {
        date >= self.from && self.until.is_none_or(|u| date <= u)
    }

    pub fn overlaps(&self, other: &Period) -> bool {
        let self_ends_before = self.until.is_some_and(|u| u < other.from);
        let other_ends_before = other.until.is_some_and(|u| u < self.from);
        !(self_ends_before || other_ends_before)
    }

    /// The same period closed on `last_day`; fails if that would end it before it starts.
    pub fn closed_on(&self, last_day: Date) -> Result<Self, DomainError> {
        Self::new(self.from, Some(last_day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn inclusive_ends() {
        let p = Period::new(date!(2020 - 01 - 01), Some(date!(2025 - 06 - 30))).unwrap();
        assert!(p.contains(date!(2025 - 06 - 30)));
        assert!(!p.contains(date!(2025 - 07 - 01)));
        assert!(p.contains(date!(2020 - 01 - 01)));
        assert!(!p.contains(date!(2019 - 12 - 31)));
    }

    #[test]
    fn reversed_is_rejected() {
        assert!(Period::new(date!(2025 - 01 - 02), Some(date!(2025 - 01 - 01))).is_err());
    }

    #[test]
    fn reversed_json_is_rejected() {
        let ok: Period =
            serde_json::from_str(r#"{"from":"2025-01-01","until":"2025-01-02"}"#).unwrap();
        assert_eq!(ok.until(), Some(date!(2025 - 01 - 02)));
        let open: Period = serde_json::from_str(r#"{"from":"2025-01-01"}"#).unwrap();
        assert_eq!(open.until(), None);
        assert!(
            serde_json::from_str::<Period>(r#"{"from":"2025-01-02","until":"2025-01-01"}"#)
                .is_err()
        );
    }

    fn day(n: i32) -> Date {
        Date::from_julian_day(2_460_000 + n).unwrap()
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_matches_a_common_day(a in 0i32..200, la in 0i32..50, b in 0i32..200, lb in 0i32..50, open_a: bool, open_b: bool) {
            let pa = Period::new(day(a), if open_a { None } else { Some(day(a + la)) }).unwrap();
            let pb = Period::new(day(b), if open_b { None } else { Some(day(b + lb)) }).unwrap();
            prop_assert_eq!(pa.overlaps(&pb), pb.overlaps(&pa));
            let common = (0..400).map(day).any(|d| pa.contains(d) && pb.contains(d));
            prop_assert_eq!(pa.overlaps(&pb), common);
        }
    }
}
