//! How often a cell meets (MTG-FREQ-*): a regular meeting every month, a thematic meeting at
//! least once a quarter that never replaces the month's regular meeting, and a combined
//! session that counts as both. Judged over the meetings a cell actually held.

use std::collections::BTreeSet;

use serde::Serialize;
use time::{Date, Month};

use crate::ruleset::MeetingKind;

/// A gap in a cell's meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// MTG-FREQ-01: no regular meeting (or combined session) in this month.
    NoRegularMeeting { year: i32, month: u8 },
    /// MTG-FREQ-02: no thematic meeting (or combined session) in this quarter.
    NoThematicMeeting { year: i32, quarter: u8 },
}

impl Gap {
    pub fn rule(&self) -> &'static str {
        match self {
            Gap::NoRegularMeeting { .. } => "MTG-FREQ-01",
            Gap::NoThematicMeeting { .. } => "MTG-FREQ-02",
        }
    }
}

fn quarter(m: Month) -> u8 {
    (m as u8 - 1) / 3 + 1
}

/// The gaps in `held` (date and kind of each meeting held) over the months from `from` to
/// `until` inclusive. A quarter is judged only once it is over (its last month is within the
/// range) — a cell still has time before then.
pub fn gaps(held: &[(Date, MeetingKind)], from: Date, until: Date) -> Vec<Gap> {
    let regular: BTreeSet<(i32, u8)> = held
        .iter()
        .filter(|(_, k)| matches!(k, MeetingKind::Regular | MeetingKind::Combined))
        .map(|(d, _)| (d.year(), d.month() as u8))
        .collect();
    let thematic: BTreeSet<(i32, u8)> = held
        .iter()
        .filter(|(_, k)| matches!(k, MeetingKind::Thematic | MeetingKind::Combined))
        .map(|(d, _)| (d.year(), quarter(d.month())))
        .collect();
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    while (y, m as u8) <= (until.year(), until.month() as u8) {
        if !regular.contains(&(y, m as u8)) {
            out.push(Gap::NoRegularMeeting {
                year: y,
                month: m as u8,
            });
        }
        if (m as u8).is_multiple_of(3) && !thematic.contains(&(y, quarter(m))) {
            out.push(Gap::NoThematicMeeting {
                year: y,
                quarter: quarter(m),
            });
        }
        m = m.next();
        if m == Month::January {
            y += 1;
        }
    }
    out
}
