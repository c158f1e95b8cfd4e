//! Meeting quality rating: the default profile of each meeting-guidance rule set and the
//! building blocks localities configure (MTG-QA-01..06, MTG-ATT-10).

use serde::{Deserialize, Serialize};

use super::vote::{Fraction, Threshold};

/// The four grades (MTG-QA-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Good,
    Fair,
    Average,
    Poor,
}

impl Grade {
    pub fn label_vi(self) -> &'static str {
        match self {
            Grade::Good => "Tốt",
            Grade::Fair => "Khá",
            Grade::Average => "Trung bình",
            Grade::Poor => "Kém",
        }
    }
}

/// Lower bounds (inclusive) of Good, Fair and Average on the points scale; below `average`
/// is Poor. MTG-QA-02: Good ≥ 90, Fair 70–<90, Average 50–<70, Poor < 50.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GradeThresholds {
    pub good: u32,
    pub fair: u32,
    pub average: u32,
}

impl Default for GradeThresholds {
    /// MTG-QA-02 / MTG-QA-06 common thresholds.
    fn default() -> Self {
        Self {
            good: 90,
            fair: 70,
            average: 50,
        }
    }
}

impl GradeThresholds {
    /// The grade of a score. Thresholds are inclusive lower bounds ("Good ≥ 90").
    pub fn grade(&self, score: u32) -> Grade {
        if score >= self.good {
            Grade::Good
        } else if score >= self.fair {
            Grade::Fair
        } else if score >= self.average {
            Grade::Average
        } else {
            Grade::Poor
        }
    }

    /// Strictly decreasing and within the scale; otherwise some grade could never be given.
    pub fn is_ordered(&self, max_score: u32) -> bool {
        self.good <= max_score
            && self.good > self.fair
            && self.fair > self.average
            && self.average > 0
    }
}

/// One scored criterion of a points profile (MTG-QA-03, MTG-QA-06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable code, e.g. "attendance".
    pub code: String,
    pub title_vi: String,
    /// Maximum points; the weights of a profile sum to 100.
    pub max_points: u32,
}

impl Criterion {
    pub fn new(code: &str, title_vi: &str, max_points: u32) -> Self {
        Self {
            code: code.to_owned(),
            title_vi: title_vi.to_owned(),
            max_points,
        }
    }
}

/// A 100-point profile: criteria with weights and grade thresholds (MTG-QA-02/03/06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsProfile {
    pub criteria: Vec<Criterion>,
    pub thresholds: GradeThresholds,
    /// Attendance target for full marks on the attendance criterion (MTG-ATT-10).
    pub attendance_target: Threshold,
}

/// Why a quality profile (or a locality's criteria) is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("criteria weights sum to {0}, not 100 (MTG-QA-03)")]
    WeightsNot100(u32),
    #[error("criterion code {0} appears twice")]
    DuplicateCriterion(String),
    #[error("grade thresholds must be strictly decreasing within 1..=100 (MTG-QA-02)")]
    ThresholdsNotOrdered,
    #[error("attendance bands must be strictly decreasing within 1..=100 (MTG-QA-04)")]
    BandsNotOrdered,
    #[error("no criteria")]
    NoCriteria,
}

/// Checks a criteria list: non-empty, unique codes, weights summing to 100 (MTG-QA-03).
pub fn validate_criteria(criteria: &[Criterion]) -> Result<(), ProfileError> {
    if criteria.is_empty() {
        return Err(ProfileError::NoCriteria);
    }
    for (i, c) in criteria.iter().enumerate() {
        if criteria[..i].iter().any(|d| d.code == c.code) {
            return Err(ProfileError::DuplicateCriterion(c.code.clone()));
        }
    }
    let sum: u32 = criteria.iter().map(|c| c.max_points).sum();
    if sum != PointsProfile::SCALE {
        return Err(ProfileError::WeightsNot100(sum));
    }
    Ok(())
}

impl PointsProfile {
    /// The scale every points profile uses.
    pub const SCALE: u32 = 100;

    pub fn validate(&self) -> Result<(), ProfileError> {
        validate_criteria(&self.criteria)?;
        if !self.thresholds.is_ordered(Self::SCALE) {
            return Err(ProfileError::ThresholdsNotOrdered);
        }
        Ok(())
    }

    /// Weight of a criterion by code.
    pub fn max_points(&self, code: &str) -> Option<u32> {
        self.criteria
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.max_points)
    }
}

/// One criterion of the HD 12/2018 pass/fail framework (MTG-QA-05): met or not, no points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassFailCriterion {
    pub code: String,
    pub title_vi: String,
}

/// The HD 12/2018 central framework for a regular meeting "đạt chất lượng" (MTG-QA-05).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassFailFramework {
    pub criteria: Vec<PassFailCriterion>,
    /// Attendance above 85 % (MTG-QA-05, MTG-ATT-10), exempted members and armed-forces
    /// members on special duty not counted.
    pub attendance_target: Threshold,
    /// No member excused more than this many times in a row in the year (MTG-QA-05).
    pub max_consecutive_excused_absences: u32,
    /// At least 90 minutes (MTG-QA-05, MTG-DUR-01).
    pub min_minutes: u32,
}

/// Where a quality profile comes from: the central guidance, or a locality's practice shipped
/// as a default (MTG-QA-06 \[L\]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileOrigin {
    /// Set by the central guidance (MTG-QA-05, HD 12/2018).
    Central,
    /// A local profile: no central point scale exists (MTG-QA-06 \[L\]); two wards use the
    /// 100-point profile chibo ships as the default. Never labelled "HD 42".
    Local,
}

/// The default way a rule set rates a meeting. Localities may replace the criteria and
/// thresholds (see `local`). The HD 12/2018 pass/fail framework is central (MTG-QA-05); the
/// 100-point profile is a local one shipped as a default (MTG-QA-06 \[L\]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum QualityProfile {
    /// HD 12/2018: pass/fail criteria (MTG-QA-05).
    PassFail(PassFailFramework),
    /// 100 points: a local profile (two wards following HD 42/2025), MTG-QA-06 \[L\].
    Points(PointsProfile),
}

impl QualityProfile {
    pub fn validate(&self) -> Result<(), ProfileError> {
        match self {
            QualityProfile::PassFail(f) if f.criteria.is_empty() => Err(ProfileError::NoCriteria),
            QualityProfile::PassFail(_) => Ok(()),
            QualityProfile::Points(p) => p.validate(),
        }
    }

    /// Whether the profile is the central guidance's or a local one (MTG-QA-06 \[L\]): a
    /// points profile is always local, since no central point scale exists.
    pub fn origin(&self) -> ProfileOrigin {
        match self {
            QualityProfile::PassFail(_) => ProfileOrigin::Central,
            QualityProfile::Points(_) => ProfileOrigin::Local,
        }
    }

    /// Stable code of the profile's label, for the i18n catalogue of the web layer
    /// (`quality_profile_<code>`).
    pub fn label_code(&self) -> &'static str {
        match self {
            QualityProfile::PassFail(_) => "central_pass_fail",
            QualityProfile::Points(_) => "local_points",
        }
    }

    /// The attendance target of the profile (MTG-ATT-10: > 85 % in the HD 12/2018 framework
    /// \[S\]; > 90 % in the local points profile \[L\]).
    pub fn attendance_target(&self) -> Threshold {
        match self {
            QualityProfile::PassFail(f) => f.attendance_target,
            QualityProfile::Points(p) => p.attendance_target,
        }
    }
}

/// Attendance bands (MTG-QA-04): lower bounds in whole percent of bands A, B, C; below C is D.
/// Some committees lower the band by one for any unexcused absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttendanceBands {
    pub first: u32,
    pub second: u32,
    pub third: u32,
    pub unexcused_lowers_band: bool,
}

impl Default for AttendanceBands {
    /// MTG-QA-04: ≥ 90 %, 75–<90 %, 65–<75 %, < 65 %; any unexcused absence lowers the band.
    fn default() -> Self {
        Self {
            first: 90,
            second: 75,
            third: 65,
            unexcused_lowers_band: true,
        }
    }
}

/// An attendance band, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceBand {
    First,
    Second,
    Third,
    Fourth,
}

impl AttendanceBands {
    pub fn is_ordered(&self) -> bool {
        self.first <= 100 && self.first > self.second && self.second > self.third && self.third > 0
    }

    /// The band of `present` out of `expected`, in integer arithmetic (MTG-QA-04).
    pub fn band(&self, present: u32, expected: u32, unexcused_absences: u32) -> AttendanceBand {
        let at_least = |pct: u32| {
            Fraction::percent(pct.min(100))
                .is_some_and(|f| Threshold::AtLeast(f).is_met(present, expected))
        };
        let band = if at_least(self.first) {
            AttendanceBand::First
        } else if at_least(self.second) {
            AttendanceBand::Second
        } else if at_least(self.third) {
            AttendanceBand::Third
        } else {
            AttendanceBand::Fourth
        };
        if self.unexcused_lowers_band && unexcused_absences > 0 {
            match band {
                AttendanceBand::First => AttendanceBand::Second,
                AttendanceBand::Second => AttendanceBand::Third,
                AttendanceBand::Third | AttendanceBand::Fourth => AttendanceBand::Fourth,
            }
        } else {
            band
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtg_qa_02_grade_boundaries() {
        let t = GradeThresholds::default();
        assert_eq!(t.grade(100), Grade::Good);
        assert_eq!(t.grade(90), Grade::Good);
        assert_eq!(t.grade(89), Grade::Fair);
        assert_eq!(t.grade(70), Grade::Fair);
        assert_eq!(t.grade(69), Grade::Average);
        assert_eq!(t.grade(50), Grade::Average);
        assert_eq!(t.grade(49), Grade::Poor);
        assert!(t.is_ordered(100));
        assert!(!GradeThresholds {
            good: 70,
            fair: 90,
            average: 50
        }
        .is_ordered(100));
    }

    #[test]
    fn mtg_qa_04_bands() {
        let b = AttendanceBands::default();
        assert_eq!(b.band(18, 20, 0), AttendanceBand::First);
        assert_eq!(b.band(17, 20, 0), AttendanceBand::Second);
        assert_eq!(b.band(18, 20, 1), AttendanceBand::Second);
        assert_eq!(b.band(13, 20, 0), AttendanceBand::Third);
        assert_eq!(b.band(12, 20, 0), AttendanceBand::Fourth);
        assert_eq!(b.band(12, 20, 2), AttendanceBand::Fourth);
    }

    #[test]
    fn mtg_qa_03_weights_must_sum_to_100() {
        let c = vec![Criterion::new("a", "A", 60), Criterion::new("b", "B", 30)];
        assert_eq!(validate_criteria(&c), Err(ProfileError::WeightsNot100(90)));
        let c = vec![Criterion::new("a", "A", 60), Criterion::new("a", "B", 40)];
        assert_eq!(
            validate_criteria(&c),
            Err(ProfileError::DuplicateCriterion("a".into()))
        );
    }
}
