//! Settings the rules leave to localities, configured per superior committee and inherited
//! down the tree: quality criteria and thresholds (MTG-QA-02/03), attendance bands
//! (MTG-QA-04), a unit's minimum duration (MTG-DUR-01) and the meeting day (MTG-DAY-01).
//!
//! These are \[L\]/\[?\] rules, one committee's practice: settings, never constants.
//! A node stores only what it changes ([`LocalOverrides`]); [`resolve`] folds the chain from
//! the root down, the nearest committee winning, over the defaults.

use serde::{Deserialize, Serialize};

use super::kinds::MeetingKind;
use super::params::MinDuration;
use super::quality::{
    validate_criteria, AttendanceBands, Criterion, GradeThresholds, PointsProfile, ProfileError,
    QualityProfile,
};
use super::RuleSet;

/// The fixed meeting day a committee sets for its cells (MTG-DAY-01), e.g. the 3rd of each
/// month, within the first week if that day is a holiday, with the schedule published by the
/// 20th of the month before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MeetingDay {
    /// Day of the month, 1..=28 so that it exists in every month.
    pub day_of_month: u8,
    /// If that day is a holiday, the meeting moves to a working day within the first week.
    pub within_first_week_if_holiday: bool,
    /// Day of the previous month by which the next meeting's schedule is published.
    pub schedule_published_by: Option<u8>,
}

/// What one committee changes for the cells under it; every field is optional and absent
/// fields are inherited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalOverrides {
    /// Scored criteria replacing the rule set's default profile (MTG-QA-03); weights sum to 100.
    pub criteria: Option<Vec<Criterion>>,
    /// Grade thresholds on the 100-point scale (MTG-QA-02).
    pub grade_thresholds: Option<GradeThresholds>,
    /// Criteria (by code) that need full marks for Good (MTG-QA-02, some committees).
    pub full_marks_for_good: Option<Vec<String>>,
    /// Attendance bands (MTG-QA-04).
    pub attendance_bands: Option<AttendanceBands>,
    /// Minimum minutes of a single meeting for the unit (MTG-DUR-01: "the competent committee
    /// may set another minimum for small cells").
    pub min_meeting_minutes: Option<u32>,
    /// Minimum minutes of a combined session in total for the unit (MTG-DUR-01).
    pub min_combined_minutes: Option<u32>,
    /// MTG-DAY-01.
    pub meeting_day: Option<MeetingDay>,
}

/// Why a committee's overrides are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocalSettingsError {
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error("full marks required on unknown criterion {0}")]
    UnknownCriterion(String),
    #[error("minimum duration must be at least one minute (MTG-DUR-01)")]
    ZeroDuration,
    #[error("meeting day must be 1..=28 and the publication day 1..=31 (MTG-DAY-01)")]
    BadMeetingDay,
    /// VER-01: settings are dated like rule versions; a change may not take effect before
    /// today, so meetings already held keep the settings of their own date.
    #[error("settings cannot take effect ({effective_from}) before today ({today}) (VER-01)")]
    EffectiveInPast {
        effective_from: time::Date,
        today: time::Date,
    },
}

impl LocalSettingsError {
    /// VER-01: refuses settings that would take effect before `today`.
    pub fn check_effective(
        effective_from: time::Date,
        today: time::Date,
    ) -> Result<(), LocalSettingsError> {
        if effective_from < today {
            return Err(LocalSettingsError::EffectiveInPast {
                effective_from,
                today,
            });
        }
        Ok(())
    }
}

impl LocalOverrides {
    /// Checks one committee's overrides before they are stored: criteria weights sum to 100
    /// (MTG-QA-03), thresholds and bands strictly ordered (MTG-QA-02/04), durations positive
    /// (MTG-DUR-01), a meeting day that exists every month (MTG-DAY-01).
    pub fn validate(&self) -> Result<(), LocalSettingsError> {
        if let Some(c) = &self.criteria {
            validate_criteria(c)?;
        }
        if let Some(t) = &self.grade_thresholds {
            if !t.is_ordered(PointsProfile::SCALE) {
                return Err(ProfileError::ThresholdsNotOrdered.into());
            }
        }
        if let (Some(codes), Some(criteria)) = (&self.full_marks_for_good, &self.criteria) {
            if let Some(unknown) = codes
                .iter()
                .find(|c| !criteria.iter().any(|k| &k.code == *c))
            {
                return Err(LocalSettingsError::UnknownCriterion(unknown.clone()));
            }
        }
        if let Some(b) = &self.attendance_bands {
            if !b.is_ordered() {
                return Err(ProfileError::BandsNotOrdered.into());
            }
        }
        if self.min_meeting_minutes == Some(0) || self.min_combined_minutes == Some(0) {
            return Err(LocalSettingsError::ZeroDuration);
        }
        if let Some(d) = &self.meeting_day {
            let bad_publish = d
                .schedule_published_by
                .is_some_and(|p| !(1..=31).contains(&p));
            if !(1..=28).contains(&d.day_of_month) || bad_publish {
                return Err(LocalSettingsError::BadMeetingDay);
            }
        }
        Ok(())
    }
}

/// The settings in force for one unit after inheritance. `Default` is the state with no
/// override anywhere.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalSettings {
    /// `None`: use the rule set's default profile (MTG-QA-05 or MTG-QA-06).
    pub criteria: Option<Vec<Criterion>>,
    /// Default: Good ≥ 90, Fair ≥ 70, Average ≥ 50 (MTG-QA-02).
    pub grade_thresholds: GradeThresholds,
    /// Default: none.
    pub full_marks_for_good: Vec<String>,
    /// Default: ≥ 90 / 75 / 65 %, unexcused absence lowers the band (MTG-QA-04).
    pub attendance_bands: AttendanceBands,
    /// Default: `None`, the rule set's minimum (MTG-DUR-01).
    pub min_meeting_minutes: Option<u32>,
    pub min_combined_minutes: Option<u32>,
    /// Default: `None`, no fixed day (MTG-DAY-01).
    pub meeting_day: Option<MeetingDay>,
}

/// Folds the overrides of a chain of committees, root first (province, …, the cell's directly
/// superior committee, the cell itself), over the defaults: each field takes the value of the
/// nearest node that sets it. `None` entries are nodes without settings. Overrides are
/// validated when stored ([`LocalOverrides::validate`]); resolution itself cannot fail.
pub fn resolve(chain: &[Option<LocalOverrides>]) -> LocalSettings {
    let mut s = LocalSettings::default();
    for o in chain.iter().flatten() {
        if let Some(c) = &o.criteria {
            s.criteria = Some(c.clone());
        }
        if let Some(t) = o.grade_thresholds {
            s.grade_thresholds = t;
        }
        if let Some(f) = &o.full_marks_for_good {
            s.full_marks_for_good = f.clone();
        }
        if let Some(b) = o.attendance_bands {
            s.attendance_bands = b;
        }
        if o.min_meeting_minutes.is_some() {
            s.min_meeting_minutes = o.min_meeting_minutes;
        }
        if o.min_combined_minutes.is_some() {
            s.min_combined_minutes = o.min_combined_minutes;
        }
        if o.meeting_day.is_some() {
            s.meeting_day = o.meeting_day;
        }
    }
    s
}

impl LocalSettings {
    /// The quality profile the unit rates its meetings with: its committee's criteria and
    /// thresholds on the 100-point scale (MTG-QA-02/03) when set; otherwise the rule set's
    /// default profile, with the committee's thresholds if that profile has points.
    pub fn quality_profile(&self, rules: &RuleSet) -> QualityProfile {
        match (&self.criteria, rules.quality_profile()) {
            (Some(criteria), default) => QualityProfile::Points(PointsProfile {
                criteria: criteria.clone(),
                thresholds: self.grade_thresholds,
                attendance_target: default.attendance_target(),
            }),
            (None, QualityProfile::Points(p)) => QualityProfile::Points(PointsProfile {
                thresholds: self.grade_thresholds,
                ..p.clone()
            }),
            (None, pass_fail) => pass_fail.clone(),
        }
    }

    /// The unit's minimum duration for `kind` (MTG-DUR-01): the rule set's, unless the
    /// committee set another for the unit. The combined total (120 minutes under both
    /// guidances) changes only with `min_combined_minutes`; a single-meeting override also
    /// replaces a per-part minimum, should a stored version use one.
    pub fn min_duration(&self, rules: &RuleSet, kind: MeetingKind) -> Option<MinDuration> {
        let base = rules.min_duration(kind)?;
        Some(match (kind, base) {
            (MeetingKind::Combined, MinDuration::Total { minutes }) => MinDuration::Total {
                minutes: self.min_combined_minutes.unwrap_or(minutes),
            },
            (MeetingKind::Combined, MinDuration::EachPart { minutes }) => {
                match self.min_combined_minutes {
                    Some(total) => MinDuration::Total { minutes: total },
                    None => MinDuration::EachPart {
                        minutes: self.min_meeting_minutes.unwrap_or(minutes),
                    },
                }
            }
            (_, MinDuration::Total { minutes }) => MinDuration::Total {
                minutes: self.min_meeting_minutes.unwrap_or(minutes),
            },
            (_, MinDuration::EachPart { minutes }) => MinDuration::EachPart {
                minutes: self.min_meeting_minutes.unwrap_or(minutes),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eight_criteria() -> Vec<Criterion> {
        // MTG-QA-03: the 8-criterion variant (running 30 + chairing 10).
        vec![
            Criterion::new("time", "Thời gian", 5),
            Criterion::new("attendance", "Tham dự", 5),
            Criterion::new("preparation", "Chuẩn bị", 10),
            Criterion::new("running", "Điều hành", 30),
            Criterion::new("chairing", "Chủ trì", 10),
            Criterion::new("principles", "Nguyên tắc", 5),
            Criterion::new("last_resolution", "Kết quả nghị quyết kỳ trước", 30),
            Criterion::new("closing", "Kết thúc", 5),
        ]
    }

    #[test]
    fn empty_chain_gives_defaults() {
        assert_eq!(resolve(&[]), LocalSettings::default());
        assert_eq!(resolve(&[None, None]), LocalSettings::default());
    }

    #[test]
    fn nearest_committee_wins_field_by_field() {
        let province = LocalOverrides {
            criteria: Some(eight_criteria()),
            min_meeting_minutes: Some(90),
            ..Default::default()
        };
        let commune = LocalOverrides {
            min_meeting_minutes: Some(60),
            meeting_day: Some(MeetingDay {
                day_of_month: 3,
                within_first_week_if_holiday: true,
                schedule_published_by: Some(20),
            }),
            ..Default::default()
        };
        let s = resolve(&[Some(province), None, Some(commune)]);
        assert_eq!(s.criteria.as_ref().map(Vec::len), Some(8));
        assert_eq!(s.min_meeting_minutes, Some(60));
        assert_eq!(s.meeting_day.map(|d| d.day_of_month), Some(3));
        assert_eq!(s.grade_thresholds, GradeThresholds::default());
    }

    #[test]
    fn validation_mtg_qa_02_03_04_dur_01_day_01() {
        let mut o = LocalOverrides {
            criteria: Some(eight_criteria()),
            ..Default::default()
        };
        assert_eq!(o.validate(), Ok(()));
        if let Some(c) = o.criteria.as_mut() {
            c[0].max_points = 10;
        }
        assert_eq!(o.validate(), Err(ProfileError::WeightsNot100(105).into()));

        let o = LocalOverrides {
            grade_thresholds: Some(GradeThresholds {
                good: 90,
                fair: 90,
                average: 50,
            }),
            ..Default::default()
        };
        assert_eq!(o.validate(), Err(ProfileError::ThresholdsNotOrdered.into()));

        let o = LocalOverrides {
            attendance_bands: Some(AttendanceBands {
                first: 75,
                second: 90,
                third: 65,
                unexcused_lowers_band: true,
            }),
            ..Default::default()
        };
        assert_eq!(o.validate(), Err(ProfileError::BandsNotOrdered.into()));

        let o = LocalOverrides {
            min_meeting_minutes: Some(0),
            ..Default::default()
        };
        assert_eq!(o.validate(), Err(LocalSettingsError::ZeroDuration));

        let o = LocalOverrides {
            meeting_day: Some(MeetingDay {
                day_of_month: 31,
                within_first_week_if_holiday: false,
                schedule_published_by: None,
            }),
            ..Default::default()
        };
        assert_eq!(o.validate(), Err(LocalSettingsError::BadMeetingDay));

        let o = LocalOverrides {
            criteria: Some(eight_criteria()),
            full_marks_for_good: Some(vec!["minutes".into()]),
            ..Default::default()
        };
        assert_eq!(
            o.validate(),
            Err(LocalSettingsError::UnknownCriterion("minutes".into()))
        );
    }
}
