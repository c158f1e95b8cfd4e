//! Numbering of party documents (DOC-05, DOC-06, DOC-19), pure.
//!
//! A number runs per organisation, per document type and per term: a term starts the day
//! after a congress closes (DOC-05, ORG-05), numbers start at 1 and run continuously through
//! the term, never reused, and a document gets its number when it is signed (DOC-19). The
//! store keeps the issued numbers (`document`) and settles races; what the next number is and
//! which term a date falls in is decided here.

use time::{Date, Month};

use crate::ruleset::DocumentKind;

/// The start of the term counted before any congress is recorded for an organisation: the
/// earliest date of the rule sets (1/1/2007, VER-01). Documents of an organisation whose
/// congresses were never entered are numbered in this one term until the first one is.
pub const FIRST_TERM_START: Date = match Date::from_calendar_date(2007, Month::January, 1) {
    Ok(d) => d,
    Err(_) => panic!("1/1/2007 is a date"),
};

/// The first day of the term `on` falls in, given the days the organisation's congresses
/// closed (in any order): the day after the last congress that closed before `on` (DOC-05),
/// or [`FIRST_TERM_START`] when none did. A document dated on a congress's closing day still
/// belongs to the term that congress ends.
pub fn term_start(congresses_closed_on: &[Date], on: Date) -> Date {
    congresses_closed_on
        .iter()
        .filter(|closed| **closed < on)
        .max()
        .and_then(|closed| closed.next_day())
        .map_or(FIRST_TERM_START, |start| start.max(FIRST_TERM_START))
}

/// The number a signing gets after the last one issued in its series (organisation, type,
/// term): 1 for the first, then one more than the last (DOC-05: continuous, never reused).
pub fn next_number(last_issued: Option<u32>) -> u32 {
    last_issued.map_or(1, |n| n.saturating_add(1))
}

/// A document's number as printed: "05-NQ/CB" (DOC-06: leading zero below 10, the type code,
/// the issuer's code). `Số` is added by the document's header.
pub fn number_text(number: u32, kind: DocumentKind, issuer_code: &str) -> String {
    format!("{number:02}-{}/{issuer_code}", kind.code())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;
    use time::macros::date;

    #[test]
    fn doc_05_a_term_starts_the_day_after_a_congress_closes() {
        let congresses = [date!(2025 - 04 - 15), date!(2022 - 04 - 15)];
        assert_eq!(
            term_start(&congresses, date!(2022 - 04 - 15)),
            FIRST_TERM_START
        );
        assert_eq!(
            term_start(&congresses, date!(2022 - 04 - 16)),
            date!(2022 - 04 - 16)
        );
        assert_eq!(
            term_start(&congresses, date!(2025 - 04 - 15)),
            date!(2022 - 04 - 16)
        );
        assert_eq!(
            term_start(&congresses, date!(2026 - 01 - 01)),
            date!(2025 - 04 - 16)
        );
        assert_eq!(term_start(&[], date!(2026 - 01 - 01)), FIRST_TERM_START);
    }

    #[test]
    fn doc_05_doc_06_numbers_and_their_text() {
        assert_eq!(next_number(None), 1);
        assert_eq!(next_number(Some(4)), 5);
        assert_eq!(number_text(5, DocumentKind::Resolution, "CB"), "05-NQ/CB");
        assert_eq!(number_text(12, DocumentKind::Minutes, "CB"), "12-BB/CB");
    }

    /// A register of issued numbers kept only with the two rules above, as the store keeps
    /// it: (kind, term) → numbers in the order of signing.
    fn sign_all(
        congresses: &[Date],
        signings: &[(DocumentKind, Date)],
    ) -> BTreeMap<(DocumentKind, Date), Vec<u32>> {
        let mut issued: BTreeMap<(DocumentKind, Date), Vec<u32>> = BTreeMap::new();
        for (kind, on) in signings {
            let series = issued
                .entry((*kind, term_start(congresses, *on)))
                .or_default();
            series.push(next_number(series.last().copied()));
        }
        issued
    }

    fn day(offset: u16) -> Date {
        date!(2010 - 01 - 01) + time::Duration::days(i64::from(offset))
    }

    proptest! {
        /// DOC-05: within a term, each type's numbers are 1, 2, 3 … in the order of signing
        /// (continuous, none reused); each term starts again at 1; a signing belongs to the
        /// term of its date.
        #[test]
        fn doc_05_numbers_are_continuous_per_term_and_restart(
            congress_days in proptest::collection::btree_set(0u16..5000, 0..5),
            mut signing_days in proptest::collection::vec((0usize..3, 0u16..5000), 0..60),
        ) {
            let congresses: Vec<Date> = congress_days.iter().map(|d| day(*d)).collect();
            signing_days.sort_by_key(|(_, d)| *d);
            let kinds = [DocumentKind::Resolution, DocumentKind::Minutes, DocumentKind::Notice];
            let signings: Vec<(DocumentKind, Date)> =
                signing_days.iter().map(|(k, d)| (kinds[*k], day(*d))).collect();
            let issued = sign_all(&congresses, &signings);
            let mut total = 0;
            for ((kind, term), numbers) in &issued {
                let expected: Vec<u32> = (1..).take(numbers.len()).collect();
                prop_assert_eq!(numbers, &expected, "{:?} from {}", kind, term);
                total += numbers.len();
            }
            prop_assert_eq!(total, signings.len());
            // Each signing's term: no congress closed between the term's start and the date.
            for (kind, on) in &signings {
                let start = term_start(&congresses, *on);
                prop_assert!(start <= *on);
                prop_assert!(issued.contains_key(&(*kind, start)));
                prop_assert!(!congresses.iter().any(|c| *c >= start && *c < *on));
            }
            // A congress starts a new term: documents after it never continue the old series.
            for c in &congresses {
                if let Some(after) = c.next_day() {
                    prop_assert_eq!(term_start(&congresses, after), after);
                }
            }
        }
    }
}
