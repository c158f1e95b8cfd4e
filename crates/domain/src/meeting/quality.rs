//! Rating a meeting's quality (MTG-QA-*): by the central pass/fail framework of HD 12/2018
//! (MTG-QA-05) or by a points profile (the local 100-point default of MTG-QA-06, or the
//! criteria a committee set for its units, MTG-QA-03), with the grade thresholds and the
//! "full marks needed for Good" rule a committee may set (MTG-QA-02). The secretary proposes
//! the rating, the meeting votes on it (MTG-QA-07); this computes what is proposed.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::MeetingError;
use crate::ruleset::{Criterion, Grade, LocalSettings, QualityProfile, RuleSet};

/// What the secretary fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "scale", content = "scores", rename_all = "snake_case")]
pub enum Rating {
    /// Points per criterion code (a points profile).
    Points(BTreeMap<String, u32>),
    /// The criteria met (the pass/fail framework).
    PassFail(BTreeSet<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The rating of one meeting as the record keeps it: what the secretary proposed, its
/// outcome under the profile in force, and the superior delegate who confirmed it, if one
/// was present (MTG-QA-03/07). The meeting's vote on it is a vote on `quality_grade`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityRecord {
    pub rating: Rating,
    pub outcome: Outcome,
    pub confirmed_by: Option<String>,
}

impl QualityRecord {
    pub fn propose(
        rules: &RuleSet,
        local: &LocalSettings,
        rating: Rating,
    ) -> Result<Self, MeetingError> {
        let outcome = rate(rules, local, &rating)?;
        Ok(Self {
            rating,
            outcome,
            confirmed_by: None,
        })
    }

    /// MTG-QA-03/07: the superior delegate present confirms the grade; `name` must be a
    /// guest of the meeting listed as the superior delegate.
    pub fn confirm(
        &mut self,
        guests: &[super::details::Guest],
        name: &str,
    ) -> Result<(), MeetingError> {
        let delegate = guests.iter().find(|g| {
            g.role == super::details::GuestRole::SuperiorDelegate && g.name == name.trim()
        });
        match delegate {
            Some(g) => {
                self.confirmed_by = Some(g.name.clone());
                Ok(())
            }
            None => Err(MeetingError::NotSuperiorDelegate),
        }
    }
}
