//! Rating a meeting's quality (MTG-QA-*): by the central pass/fail framework of HD 12/2018
//! (MTG-QA-05) or by a points profile (the local 100-point default of MTG-QA-06, or the
//! criteria a committee set for its units, MTG-QA-03), with the grade thresholds and the
//! "full marks needed for Good" rule a committee may set (MTG-QA-02). The secretary proposes
//! the rating, the meeting votes on it (MTG-QA-07); this computes what is proposed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::MeetingError;
use crate::ruleset::{Criterion, Grade, LocalSettings, QualityProfile, RuleSet};

/// What the secretary fills in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rating {
    /// Points per criterion code (a points profile).
    Points(BTreeMap<String, u32>),
    /// The criteria met (the pass/fail framework).
    PassFail(BTreeSet<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "scale", rename_all = "snake_case")]
pub enum Outcome {
    Points {
        total: u32,
        grade: Grade,
        /// Criteria that needed full marks for Good and did not get them.
        short_of_full_marks: Vec<String>,
    },
    PassFail {
        /// "Đạt chất lượng": every criterion met.
        met: bool,
        missing: Vec<String>,
    },
}

/// The criteria a meeting is scored on: the committee's own (local settings), else the rule
/// set's points profile; `None` for the pass/fail framework.
fn points_criteria<'a>(rules: &'a RuleSet, local: &'a LocalSettings) -> Option<&'a [Criterion]> {
    if let Some(c) = &local.criteria {
        return Some(c);
    }
    match rules.quality_profile() {
        QualityProfile::Points(p) => Some(&p.criteria),
        QualityProfile::PassFail(_) => None,
    }
}

/// The outcome of `rating` under the rule set of the meeting's date and the unit's settings.
/// Refuses a rating on the wrong scale, an unknown criterion, or more points than a
/// criterion's maximum.
pub fn rate(
    rules: &RuleSet,
    local: &LocalSettings,
    rating: &Rating,
) -> Result<Outcome, MeetingError> {
    match (points_criteria(rules, local), rating) {
        (Some(criteria), Rating::Points(scores)) => {
            let mut total = 0u32;
            for (code, points) in scores {
                let c = criteria
                    .iter()
                    .find(|c| &c.code == code)
                    .ok_or_else(|| MeetingError::UnknownCriterion(code.clone()))?;
                if *points > c.max_points {
                    return Err(MeetingError::TooManyPoints {
                        criterion: code.clone(),
                        max: c.max_points,
                    });
                }
                total = total.saturating_add(*points);
            }
            let short_of_full_marks: Vec<String> = local
                .full_marks_for_good
                .iter()
                .filter(|code| {
                    let max = criteria
                        .iter()
                        .find(|c| &c.code == *code)
                        .map(|c| c.max_points);
                    max.is_some_and(|m| scores.get(*code).copied().unwrap_or(0) < m)
                })
                .cloned()
                .collect();
            let mut grade = local.grade_thresholds.grade(total);
            if grade == Grade::Good && !short_of_full_marks.is_empty() {
                grade = Grade::Fair;
            }
            Ok(Outcome::Points {
                total,
                grade,
                short_of_full_marks,
            })
        }
        (None, Rating::PassFail(met)) => {
            let QualityProfile::PassFail(framework) = rules.quality_profile() else {
                return Err(MeetingError::WrongScale);
            };
            if let Some(unknown) = met
                .iter()
                .find(|m| !framework.criteria.iter().any(|c| &c.code == *m))
            {
                return Err(MeetingError::UnknownCriterion(unknown.clone()));
            }
            let missing: Vec<String> = framework
                .criteria
                .iter()
                .filter(|c| !met.contains(&c.code))
                .map(|c| c.code.clone())
                .collect();
            Ok(Outcome::PassFail {
                met: missing.is_empty(),
                missing,
            })
        }
        _ => Err(MeetingError::WrongScale),
    }
}
