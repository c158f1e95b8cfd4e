//! Setting up practice (TRN-01): the checks behind a committee's course, a class, a practice
//! group and a mock meeting a learner plans. Above all the choice of the rule set to
//! practise: a course (and each mock meeting) practises one version of the meeting guidance
//! — HD 12/2018 for a 2020 course, HD 42/2025 today — whatever day it is held, so its
//! meetings are dated inside that version's period and judged by the rules of that date
//! (VER-01).

use time::{Date, Duration};

use crate::org::OrgKind;
use crate::ruleset::{Area, Catalogue};
use crate::training::sandbox::MIN_SIZE;

/// The largest sandbox cell a group may have: a village cell of a big commune; more makes
/// the roll call a chore without teaching anything new.
pub const MAX_SIZE: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// TRN-01: courses belong to a committee (the district, the province's training
    /// centre), never to a cell.
    #[error("a course is owned by a committee, not by a cell")]
    OwnerIsCell,
    #[error("no version {0:?} of the meeting guidance")]
    UnknownGuidance(String),
    /// VER-01: the practice date must fall in the chosen version's period, or the meeting
    /// would be judged by another version.
    #[error("{date} is not in the period of {guidance}")]
    OutsideGuidance { guidance: String, date: Date },
    #[error("a group has between {MIN_SIZE} and {MAX_SIZE} members")]
    GroupSize,
}

impl SetupError {
    /// The stable code the API and the pages name.
    pub fn code(&self) -> &'static str {
        match self {
            Self::OwnerIsCell => "training_owner_is_cell",
            Self::UnknownGuidance(_) => "training_unknown_guidance",
            Self::OutsideGuidance { .. } => "training_date_outside_guidance",
            Self::GroupSize => "training_group_size",
        }
    }

    /// The form field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::OwnerIsCell => "org",
            Self::UnknownGuidance(_) => "guidance",
            Self::OutsideGuidance { .. } => "date",
            Self::GroupSize => "size",
        }
    }
}

/// TRN-01: the owner of a course is a committee.
pub fn check_owner(kind: OrgKind) -> Result<(), SetupError> {
    if kind.is_cell() {
        Err(SetupError::OwnerIsCell)
    } else {
        Ok(())
    }
}

/// TRN-01: the size of a group's sandbox cell, between [`MIN_SIZE`] (enough official
/// members for a committee and the mix of standings) and [`MAX_SIZE`].
pub fn group_size(n: i64) -> Result<usize, SetupError> {
    usize::try_from(n)
        .ok()
        .filter(|n| (MIN_SIZE..=MAX_SIZE).contains(n))
        .ok_or(SetupError::GroupSize)
}

/// The versions of the meeting guidance a course or a mock meeting may practise, oldest
/// first, each once (a correction of a switch date keeps its code), with the first day it
/// governs: `(code, official title, from)`.
pub fn guidances(c: &Catalogue) -> Vec<(String, String, Date)> {
    let mut out: Vec<(String, String, Date)> = Vec::new();
    for v in c.timeline(Area::MeetingGuidance) {
        if let Some(seen) = out.iter_mut().find(|(code, _, _)| *code == v.code) {
            seen.2 = v.effective_from;
        } else {
            out.push((v.code.clone(), v.title_vi.clone(), v.effective_from));
        }
    }
    out
}

/// VER-01 for practice: the day a course or a mock meeting practising `guidance` is dated.
/// A `date` given must be judged by that version; with none, the first of `preferred` (the
/// course's practice date, then today) that is, else the version's last day (the day before
/// the next one), else its first.
pub fn practice_date(
    c: &Catalogue,
    guidance: &str,
    date: Option<Date>,
    preferred: &[Date],
) -> Result<Date, SetupError> {
    let guidance = guidance.trim();
    let all = guidances(c);
    let Some(pos) = all.iter().position(|(code, _, _)| code == guidance) else {
        return Err(SetupError::UnknownGuidance(guidance.to_string()));
    };
    let governs = |d: Date| {
        c.version_on(Area::MeetingGuidance, d)
            .is_ok_and(|v| v.code == guidance)
    };
    if let Some(d) = date {
        return if governs(d) {
            Ok(d)
        } else {
            Err(SetupError::OutsideGuidance {
                guidance: guidance.to_string(),
                date: d,
            })
        };
    }
    let from = all[pos].2;
    let last = all
        .get(pos + 1)
        .map(|(_, _, next)| *next - Duration::days(1));
    preferred
        .iter()
        .copied()
        .chain(last)
        .chain([from])
        .find(|d| governs(*d))
        .ok_or(SetupError::OutsideGuidance {
            guidance: guidance.to_string(),
            date: from,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn codes(c: &Catalogue) -> Vec<String> {
        guidances(c).into_iter().map(|g| g.0).collect()
    }

    #[test]
    fn trn_01_guidances_are_listed_once_oldest_first() {
        let c = Catalogue::builtin();
        let all = codes(&c);
        let hd12 = all.iter().position(|g| g == "HD 12/2018");
        let hd42 = all.iter().position(|g| g == "HD 42/2025");
        assert!(hd12.is_some() && hd42.is_some(), "{all:?}");
        assert!(hd12 < hd42);
        let mut dedup = all.clone();
        dedup.dedup();
        assert_eq!(dedup, all);
    }

    /// VER-01/TRN-01: a 2020 course practises HD 12/2018 on its own date; today's course
    /// practises HD 42/2025; a date of the other version is refused, not silently moved.
    #[test]
    fn trn_01_ver_01_practice_date_stays_in_the_chosen_guidance() {
        let c = Catalogue::builtin();
        let s2 = date!(2020 - 08 - 20);
        let today = date!(2026 - 11 - 30);
        assert_eq!(practice_date(&c, "HD 12/2018", Some(s2), &[]), Ok(s2));
        assert_eq!(practice_date(&c, "HD 42/2025", None, &[today]), Ok(today));
        // No date: the course's date if the version governs it, else today, else the
        // version's last day.
        assert_eq!(practice_date(&c, "HD 12/2018", None, &[s2, today]), Ok(s2));
        let last = practice_date(&c, "HD 12/2018", None, &[today]).unwrap();
        assert_eq!(
            c.version_on(Area::MeetingGuidance, last).unwrap().code,
            "HD 12/2018"
        );
        assert_ne!(
            c.version_on(Area::MeetingGuidance, last + Duration::days(1))
                .unwrap()
                .code,
            "HD 12/2018",
            "the last day it governs"
        );
        assert_eq!(
            practice_date(&c, "HD 12/2018", Some(today), &[]),
            Err(SetupError::OutsideGuidance {
                guidance: "HD 12/2018".into(),
                date: today
            })
        );
        assert_eq!(
            practice_date(&c, " HD 99/2030 ", None, &[today])
                .unwrap_err()
                .code(),
            "training_unknown_guidance"
        );
    }

    #[test]
    fn trn_01_group_size_and_owner() {
        assert_eq!(group_size(12), Ok(12));
        assert_eq!(group_size(60), Ok(60));
        assert_eq!(group_size(11), Err(SetupError::GroupSize));
        assert_eq!(group_size(61), Err(SetupError::GroupSize));
        assert_eq!(group_size(-3), Err(SetupError::GroupSize));
        assert_eq!(check_owner(OrgKind::Cell), Err(SetupError::OwnerIsCell));
        assert!(check_owner(OrgKind::District).is_ok());
    }
}
