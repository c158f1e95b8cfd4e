//! Rule sets versioned by effective date (VER-01): one timeline per area, composed by
//! `rules_on(date)`.
//!
//! The regulations change by area, each on its own timeline: meeting guidance (HD 12/2018 →
//! HD 42/2025), Charter implementation (QĐ 45/2011 → QĐ 24/2021 → QĐ 232/2025 → QĐ 294/2025),
//! admission guidance (HD 01/2016 → HD 01/2021 → HD 06/2025), dues, document format and
//! document types. A meeting, vote or deadline is judged by the versions in force on its own
//! date (VER-01), so a record of October 2025 keeps being judged by HD 12/2018 after HD
//! 42/2025 arrives. [`Catalogue::rules_on`] composes, for one date, the version of every area
//! in force on that date into a [`RuleSet`]; everything that varies between versions is typed
//! data ([`Parameters`]), so an administrator can add a future version that changes parameters
//! without a code change ([`Catalogue::add_version`]).
//!
//! # Dates before the first built-in version
//! The catalogue judges every date from 1/1/2007 ([`dates::RULES_FROM`]). The built-in
//! timelines start later (meetings: HD 12/2018 on 6/7/2018; Charter implementation: QĐ
//! 45/2011; admission: HD 01/2016; dues: QĐ 342/2010; document format: HD 36/2018; document
//! types: QĐ 66/2017). For a date before an area's first version, **the earliest built-in
//! version of that area is taken to apply**: the texts that governed earlier (for meetings,
//! HD 09-HD/BTCTW of 2012 and before it older guidance; for the Charter, QĐ 23-QĐ/TW of 2006)
//! are not catalogued, so their differences are not modelled. This is an approximation, made so
//! that records of 2007–2018 get deadlines, vote thresholds and agendas instead of an error;
//! [`RuleSet::extended_back`] tells which areas of a rule set were applied before their own
//! effective date, so a screen can say so. Dates before 2007 are refused
//! ([`RuleSetError::BeforeFirstVersion`]).
//!
//! # Moving a switch date
//! If the official effective date of a version turns out different from the one built in
//! (VER-01: 28/10/2025 is HD 42/2025's signing date), an administrator adds a *correction*:
//! the same version (same code, area and parameters) with the right `effective_from` and
//! `correction: true`, through the same add-version form. The correction replaces the version
//! with its code in the composed catalogue; it may be dated in the past (that is its purpose;
//! the store records it with its audit event) but may not reorder the area's timeline, change
//! parameters, or correct a correction ([`Catalogue::add_version`]).
//!
//! What the rules leave to localities (quality criteria, attendance bands, a cell's minimum
//! duration, the meeting day) is not here but in [`local`], inherited down the tree.

mod agenda;
mod builtin;
mod deadlines;
mod documents;
mod kinds;
pub mod local;
mod params;
mod quality;
mod templates;
mod vote;

use serde::{Deserialize, Serialize};
use time::Date;

pub use agenda::{AgendaStep, AgendaTemplate, THEMATIC_PART_PREFIX};
pub use builtin::dates;
pub use deadlines::{add_months, Deadline, WorkingDays};
pub use documents::{DocumentKind, FontSizes, MarginsMm, PageNumbering, ParagraphStyle, SizeRange};
pub use kinds::{CellType, MeetingKind, Phase};
pub use local::{LocalOverrides, LocalSettings, MeetingDay};
pub use params::{
    AdmissionParams, CellTopics, CharterParams, DocumentFormatParams, DocumentTypesParams,
    DuesParams, DurationRule, MeetingGuidanceParams, MinDuration, Parameters, ProbationCompletion,
    TopicGroup, VoteThresholds,
};
pub use quality::{
    validate_criteria, AttendanceBand, AttendanceBands, Criterion, Grade, GradeThresholds,
    PassFailCriterion, PassFailFramework, PointsProfile, ProfileError, ProfileOrigin,
    QualityProfile,
};
pub use vote::{CommitteeDenominator, DenominatorExclusion, Fraction, Threshold, VoteKind};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// An area of the rules with its own timeline of versions (architecture: `rule_version.area`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Guidance on cell meetings: HD 12/2018, then HD 42/2025 from 28/10/2025.
    MeetingGuidance,
    /// Regulation implementing the Charter: QĐ 45/2011, QĐ 24/2021, QĐ 232/2025, QĐ 294/2025.
    CharterImplementation,
    /// Guidance on specific Charter questions (admission): HD 01/2016, HD 01/2021, HD 06/2025.
    AdmissionGuidance,
    /// Party dues: the 2010 regulation, then QĐ 01/2026 from 1/2/2026.
    Dues,
    /// Document format: HD 36/2018, then HD 05/2026 from 27/5/2026.
    DocumentFormat,
    /// Document types and authority: QĐ 66/2017, then QĐ 399/2026 from 9/1/2026.
    DocumentTypes,
}

impl Area {
    pub const ALL: [Area; 6] = [
        Area::MeetingGuidance,
        Area::CharterImplementation,
        Area::AdmissionGuidance,
        Area::Dues,
        Area::DocumentFormat,
        Area::DocumentTypes,
    ];

    /// Stable code, as stored in `rule_version.area`.
    pub fn code(self) -> &'static str {
        match self {
            Area::MeetingGuidance => "meeting_guidance",
            Area::CharterImplementation => "charter_implementation",
            Area::AdmissionGuidance => "admission_guidance",
            Area::Dues => "dues",
            Area::DocumentFormat => "document_format",
            Area::DocumentTypes => "document_types",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Area::MeetingGuidance => "Hướng dẫn sinh hoạt chi bộ",
            Area::CharterImplementation => "Quy định thi hành Điều lệ Đảng",
            Area::AdmissionGuidance => "Hướng dẫn thi hành Điều lệ Đảng (kết nạp đảng viên)",
            Area::Dues => "Chế độ đảng phí",
            Area::DocumentFormat => "Thể thức văn bản của Đảng",
            Area::DocumentTypes => "Thể loại, thẩm quyền ban hành văn bản của Đảng",
        }
    }
}

impl std::fmt::Display for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One version of one area: what it is, from when, and its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleVersion {
    pub area: Area,
    /// Short code, e.g. "HD 42/2025"; unique in the catalogue.
    pub code: String,
    /// Official Vietnamese title, e.g. "Hướng dẫn số 42-HD/BTCTW ngày 28/10/2025 của Ban Tổ
    /// chức Trung ương".
    pub title_vi: String,
    /// First day on which the version governs (inclusive), ISO "YYYY-MM-DD" in JSON.
    #[serde(with = "iso_date")]
    pub effective_from: Date,
    /// Where the parameters come from (document and clause, secondary sources).
    pub sources: Vec<String>,
    /// What the version changed, in Vietnamese, for the administrator and the audit trail.
    pub summary_vi: String,
    pub parameters: Parameters,
    /// VER-01: this version corrects the version with the same code, moving its switch date
    /// (see the module documentation). Absent (false) in ordinary versions.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub correction: bool,
}

/// Why a correction of a version's switch date is refused (VER-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectionProblem {
    /// No version has the correction's code.
    NoSuchVersion,
    /// The version with that code is in another area.
    OtherArea,
    /// The version with that code is itself a correction: correct it in the store instead.
    AlreadyCorrected,
    /// A correction moves a date; it may not change the parameters.
    ChangesParameters,
    /// The new date is not strictly between the neighbouring versions of the area.
    ReordersTimeline,
}

impl std::fmt::Display for CorrectionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CorrectionProblem::NoSuchVersion => "no version has this code",
            CorrectionProblem::OtherArea => "the version with this code is in another area",
            CorrectionProblem::AlreadyCorrected => "the version has already been corrected",
            CorrectionProblem::ChangesParameters => "a correction may not change parameters",
            CorrectionProblem::ReordersTimeline => {
                "the new date is not between the neighbouring versions of the area"
            }
        })
    }
}

/// Why a rule set cannot be composed or a version cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleSetError {
    /// The date precedes what the catalogue covers for the area: 1/1/2007
    /// ([`dates::RULES_FROM`]), or the area's first version if an area starts later in a
    /// catalogue that does not extend it.
    #[error("no {area} rules in force on {date}: the catalogue covers dates from {first}")]
    BeforeFirstVersion { area: Area, date: Date, first: Date },
    #[error("the catalogue has no version of {area}")]
    NoVersionOfArea { area: Area },
    /// Two versions of one area cannot start the same day: the date would be ambiguous.
    #[error("{area} already has version {existing} effective from {effective_from}")]
    DuplicateEffectiveDate {
        area: Area,
        effective_from: Date,
        existing: String,
    },
    #[error("rule version code {0} already exists")]
    DuplicateCode(String),
    /// VER-01: a new version may only start after today, so past records keep being judged
    /// by the rules of their own date.
    #[error("a new version must take effect after today ({today}), not on {effective_from}")]
    NotInFuture { effective_from: Date, today: Date },
    #[error("version declared for {area} carries parameters of {parameters_area}")]
    WrongAreaParameters { area: Area, parameters_area: Area },
    #[error("invalid parameters for {code}: {reason}")]
    InvalidParameters { code: String, reason: String },
    /// VER-01: a correction of a switch date that cannot be applied.
    #[error("correction of {code} refused: {problem}")]
    InvalidCorrection {
        code: String,
        problem: CorrectionProblem,
    },
}

/// All known versions of all areas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    /// Sorted by area, then effective date.
    versions: Vec<RuleVersion>,
}

impl Catalogue {
    /// The versions chibo ships (see `builtin.rs`).
    pub fn builtin() -> Self {
        let mut versions = builtin::versions();
        sort_versions(&mut versions);
        Self { versions }
    }

    /// A catalogue from stored versions (the builtin ones plus those an administrator added).
    /// Checks each version's consistency but not "after today": stored versions may since
    /// have come into force. Corrections (VER-01) are applied after every ordinary version,
    /// whatever their order in `versions`.
    pub fn from_versions(versions: Vec<RuleVersion>) -> Result<Self, RuleSetError> {
        let mut catalogue = Self {
            versions: Vec::with_capacity(versions.len()),
        };
        let (corrections, ordinary): (Vec<RuleVersion>, Vec<RuleVersion>) =
            versions.into_iter().partition(|v| v.correction);
        for v in ordinary {
            catalogue.check_new(&v)?;
            catalogue.versions.push(v);
        }
        sort_versions(&mut catalogue.versions);
        for v in corrections {
            catalogue.apply_correction(v)?;
        }
        Ok(catalogue)
    }

    pub fn versions(&self) -> &[RuleVersion] {
        &self.versions
    }

    /// The versions of one area, oldest first.
    pub fn timeline(&self, area: Area) -> impl Iterator<Item = &RuleVersion> + '_ {
        self.versions.iter().filter(move |v| v.area == area)
    }

    /// The version of `area` in force on `date`: the latest one whose effective date is on or
    /// before it (VER-01). For a date from 1/1/2007 ([`dates::RULES_FROM`]) that precedes the
    /// area's first version, that first version is taken to apply (see the module
    /// documentation); a date before 2007 is an error.
    pub fn version_on(&self, area: Area, date: Date) -> Result<&RuleVersion, RuleSetError> {
        let mut first = None;
        let mut in_force = None;
        for v in self.timeline(area) {
            first.get_or_insert(v);
            if v.effective_from <= date {
                in_force = Some(v);
            }
        }
        match (in_force, first) {
            (Some(v), _) => Ok(v),
            (None, Some(first)) if date >= dates::RULES_FROM => Ok(first),
            (None, Some(first)) => Err(RuleSetError::BeforeFirstVersion {
                area,
                date,
                first: first.effective_from.min(dates::RULES_FROM),
            }),
            (None, None) => Err(RuleSetError::NoVersionOfArea { area }),
        }
    }

    /// The rules in force on `date`: the version of every area in force on that date (VER-01).
    pub fn rules_on(&self, date: Date) -> Result<RuleSet, RuleSetError> {
        Ok(RuleSet {
            date,
            meeting: self.versioned(Area::MeetingGuidance, date, |p| match p {
                Parameters::MeetingGuidance(x) => Some(x.clone()),
                _ => None,
            })?,
            charter: self.versioned(Area::CharterImplementation, date, |p| match p {
                Parameters::CharterImplementation(x) => Some(x.clone()),
                _ => None,
            })?,
            admission: self.versioned(Area::AdmissionGuidance, date, |p| match p {
                Parameters::AdmissionGuidance(x) => Some(x.clone()),
                _ => None,
            })?,
            dues: self.versioned(Area::Dues, date, |p| match p {
                Parameters::Dues(x) => Some(x.clone()),
                _ => None,
            })?,
            format: self.versioned(Area::DocumentFormat, date, |p| match p {
                Parameters::DocumentFormat(x) => Some(x.clone()),
                _ => None,
            })?,
            doc_types: self.versioned(Area::DocumentTypes, date, |p| match p {
                Parameters::DocumentTypes(x) => Some(x.clone()),
                _ => None,
            })?,
        })
    }

    /// Adds an administrator's version (VER-01: "an administrator can add a future rule set
    /// without a code change where the change is a parameter"). Refused when it would start
    /// on or before `today` (records already dated must keep their rules), when its area
    /// already has a version starting that day, when its parameters belong to another area
    /// or are inconsistent, or when its code is taken.
    ///
    /// A correction (`version.correction`, VER-01: "an administrator can move a switch
    /// date") replaces the version with the same code and may be dated in the past: it must
    /// keep that version's area and parameters, must not correct a correction, and its date
    /// must lie strictly between the neighbouring versions of the area.
    pub fn add_version(&mut self, version: RuleVersion, today: Date) -> Result<(), RuleSetError> {
        if version.correction {
            return self.apply_correction(version);
        }
        if version.effective_from <= today {
            return Err(RuleSetError::NotInFuture {
                effective_from: version.effective_from,
                today,
            });
        }
        self.check_new(&version)?;
        self.versions.push(version);
        sort_versions(&mut self.versions);
        Ok(())
    }

    /// VER-01: replaces the version with `v`'s code by `v`, which moves its switch date.
    fn apply_correction(&mut self, v: RuleVersion) -> Result<(), RuleSetError> {
        let refuse = |problem| RuleSetError::InvalidCorrection {
            code: v.code.clone(),
            problem,
        };
        let index = self
            .versions
            .iter()
            .position(|e| e.code == v.code)
            .ok_or_else(|| refuse(CorrectionProblem::NoSuchVersion))?;
        let target = &self.versions[index];
        if target.area != v.area {
            return Err(refuse(CorrectionProblem::OtherArea));
        }
        if target.correction {
            return Err(refuse(CorrectionProblem::AlreadyCorrected));
        }
        if target.parameters != v.parameters {
            return Err(refuse(CorrectionProblem::ChangesParameters));
        }
        let old = target.effective_from;
        let others = || self.timeline(v.area).filter(|e| e.code != v.code);
        let previous = others().filter(|e| e.effective_from < old).last();
        let next = others().find(|e| e.effective_from > old);
        let after_previous = previous.is_none_or(|p| p.effective_from < v.effective_from);
        let before_next = next.is_none_or(|n| v.effective_from < n.effective_from);
        if !(after_previous && before_next) {
            return Err(refuse(CorrectionProblem::ReordersTimeline));
        }
        self.versions[index] = v;
        sort_versions(&mut self.versions);
        Ok(())
    }

    fn check_new(&self, v: &RuleVersion) -> Result<(), RuleSetError> {
        let parameters_area = v.parameters.area();
        if parameters_area != v.area {
            return Err(RuleSetError::WrongAreaParameters {
                area: v.area,
                parameters_area,
            });
        }
        if let Some(existing) = self
            .timeline(v.area)
            .find(|e| e.effective_from == v.effective_from)
        {
            return Err(RuleSetError::DuplicateEffectiveDate {
                area: v.area,
                effective_from: v.effective_from,
                existing: existing.code.clone(),
            });
        }
        if self.versions.iter().any(|e| e.code == v.code) {
            return Err(RuleSetError::DuplicateCode(v.code.clone()));
        }
        v.parameters
            .validate()
            .map_err(|reason| RuleSetError::InvalidParameters {
                code: v.code.clone(),
                reason,
            })
    }

    fn versioned<T>(
        &self,
        area: Area,
        date: Date,
        extract: impl Fn(&Parameters) -> Option<T>,
    ) -> Result<Versioned<T>, RuleSetError> {
        let v = self.version_on(area, date)?;
        // `check_new` guarantees area and parameters agree, and `builtin` is tested to; a
        // mismatch here would be a stored row edited by hand.
        let params = extract(&v.parameters).ok_or(RuleSetError::WrongAreaParameters {
            area,
            parameters_area: v.parameters.area(),
        })?;
        Ok(Versioned {
            stamp: VersionStamp::of(v),
            params,
        })
    }
}

fn sort_versions(versions: &mut [RuleVersion]) {
    versions.sort_by_key(|v| (v.area, v.effective_from));
}

/// Which version of an area a rule set used: recorded with a judged record, so the audit
/// shows "judged by HD 12/2018".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VersionStamp {
    pub area: Area,
    pub code: String,
    #[serde(with = "iso_date")]
    pub effective_from: Date,
}

impl VersionStamp {
    fn of(v: &RuleVersion) -> Self {
        Self {
            area: v.area,
            code: v.code.clone(),
            effective_from: v.effective_from,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Versioned<T> {
    stamp: VersionStamp,
    params: T,
}

/// The rules in force on one date: one version of every area (VER-01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    date: Date,
    meeting: Versioned<MeetingGuidanceParams>,
    charter: Versioned<CharterParams>,
    admission: Versioned<AdmissionParams>,
    dues: Versioned<DuesParams>,
    format: Versioned<DocumentFormatParams>,
    doc_types: Versioned<DocumentTypesParams>,
}

impl RuleSet {
    /// The date the rule set was composed for.
    pub fn date(&self) -> Date {
        self.date
    }

    /// Whether `area`'s version is applied to a date before its own effective date (dates
    /// from 1/1/2007 that precede the area's first built-in version; see the module
    /// documentation). Such a judgement is an approximation and should be shown as one.
    pub fn extended_back(&self, area: Area) -> bool {
        self.date < self.version(area).effective_from
    }

    /// The areas whose version is applied before its own effective date.
    pub fn extended_areas(&self) -> Vec<Area> {
        Area::ALL
            .into_iter()
            .filter(|a| self.extended_back(*a))
            .collect()
    }

    /// The version of `area` this rule set uses.
    pub fn version(&self, area: Area) -> &VersionStamp {
        match area {
            Area::MeetingGuidance => &self.meeting.stamp,
            Area::CharterImplementation => &self.charter.stamp,
            Area::AdmissionGuidance => &self.admission.stamp,
            Area::Dues => &self.dues.stamp,
            Area::DocumentFormat => &self.format.stamp,
            Area::DocumentTypes => &self.doc_types.stamp,
        }
    }

    pub fn meeting_guidance(&self) -> &MeetingGuidanceParams {
        &self.meeting.params
    }

    pub fn charter(&self) -> &CharterParams {
        &self.charter.params
    }

    pub fn admission(&self) -> &AdmissionParams {
        &self.admission.params
    }

    pub fn dues(&self) -> &DuesParams {
        &self.dues.params
    }

    pub fn document_format(&self) -> &DocumentFormatParams {
        &self.format.params
    }

    pub fn document_types(&self) -> &DocumentTypesParams {
        &self.doc_types.params
    }

    // --- meetings -------------------------------------------------------------------------

    /// The ordered steps of a meeting of `kind` (docs/agendas.md). The admission ceremony's
    /// order comes from the admission guidance (ADM-CER-03), the others from the meeting
    /// guidance (MTG-ORD-*, MTG-TH-*).
    pub fn agenda(&self, kind: MeetingKind) -> &[AgendaStep] {
        if kind == MeetingKind::AdmissionCeremony {
            return &self.admission.params.ceremony;
        }
        self.meeting
            .params
            .agendas
            .iter()
            .find(|a| a.kind == kind)
            .map_or(&[], |a| a.steps.as_slice())
    }

    /// Minimum duration of a meeting of `kind` (MTG-DUR-01 \[S\]): 90 minutes; a combined
    /// session 120 in total, under HD 12/2018 (II.3.3) and HD 42/2025 alike. `None` where no
    /// minimum applies (extraordinary, committee, ceremony). A locality may override it
    /// ([`LocalSettings::min_duration`]).
    pub fn min_duration(&self, kind: MeetingKind) -> Option<MinDuration> {
        self.meeting
            .params
            .min_durations
            .iter()
            .find(|d| d.kind == kind)
            .map(|d| d.minimum)
    }

    /// MTG-ORD-02: the opening announces the state of dues payments (HD 42/2025).
    pub fn dues_report_at_opening(&self) -> bool {
        self.meeting.params.dues_report_at_opening
    }

    /// MTG-PREP-04: the last day on which meeting documents may be published, counted in
    /// calendar days ("at least 1 day before" = no later than the day before). `None` when
    /// the guidance sets no such deadline (HD 12/2018).
    pub fn documents_due_by(&self, meeting_date: Date) -> Option<Date> {
        self.meeting
            .params
            .documents_days_before
            .map(|d| deadlines::shift_days(meeting_date, -i64::from(d)))
    }

    /// MTG-PREP-05: the last day on which the signed resolution and final documents must be
    /// published and reported upward, counted in calendar days after the meeting.
    pub fn publish_due_by(&self, meeting_date: Date) -> Option<Date> {
        self.meeting
            .params
            .publish_within_days
            .map(|d| deadlines::shift_days(meeting_date, i64::from(d)))
    }

    /// Topic groups for the annual thematic plan (MTG-TH-04).
    pub fn topic_groups(&self) -> &[TopicGroup] {
        &self.meeting.params.topic_groups
    }

    /// Suggested topics for a type of cell (MTG-TH-07; empty under HD 12/2018 and for
    /// `CellType::Other`).
    pub fn topics_for(&self, cell_type: CellType) -> &[String] {
        self.meeting
            .params
            .topics_by_cell_type
            .iter()
            .find(|t| t.cell_type == cell_type)
            .map_or(&[], |t| t.topics.as_slice())
    }

    /// The default quality profile of the rule set: HD 12/2018's central pass/fail framework
    /// (MTG-QA-05), or the local 100-point profile shipped with HD 42/2025 (MTG-QA-06 \[L\];
    /// see [`QualityProfile::origin`]).
    pub fn quality_profile(&self) -> &QualityProfile {
        &self.meeting.params.quality
    }

    /// Attendance target of the default profile (MTG-ATT-10).
    pub fn attendance_target(&self) -> Threshold {
        self.meeting.params.quality.attendance_target()
    }

    // --- votes ----------------------------------------------------------------------------

    pub fn threshold(&self, kind: VoteKind) -> Threshold {
        self.charter.params.votes.get(kind)
    }

    /// Whether `votes_for` out of `denominator` passes a vote of `kind`: more than half for a
    /// resolution (MTG-ATT-02, strictly: exactly half fails), at least 2/3 for admission and
    /// recognition (ADM-VOTE-01, ADM-REC-02). Exact integer arithmetic.
    pub fn vote_passes(&self, kind: VoteKind, votes_for: u32, denominator: u32) -> bool {
        self.threshold(kind).is_met(votes_for, denominator)
    }

    /// MTG-ATT-03: whether an official member in this situation leaves the denominator under
    /// this rule set.
    pub fn excludes_from_denominator(&self, reason: DenominatorExclusion) -> bool {
        self.charter.params.denominator_exclusions.contains(&reason)
    }

    /// MTG-ATT-03: the vote denominator of a cell meeting held on this rule set's date: the
    /// members summoned (see [`crate::member::Summoned`] for the one definition), minus each
    /// one in a situation this rule set excludes. A person is counted once and subtracted at
    /// most once, however many situations they are in or however often they are listed.
    pub fn vote_denominator(&self, summoned: &[crate::member::Summoned]) -> u32 {
        let mut people: std::collections::BTreeMap<crate::ids::PersonId, bool> =
            std::collections::BTreeMap::new();
        for s in summoned {
            let excluded = s
                .situations()
                .into_iter()
                .any(|e| self.excludes_from_denominator(e));
            *people.entry(s.person).or_insert(false) |= excluded;
        }
        let counted = people.values().filter(|excluded| !**excluded).count();
        u32::try_from(counted).unwrap_or(u32::MAX)
    }

    /// MTG-ATT-11: the denominator at a meeting of the cell committee itself.
    pub fn committee_denominator(&self, sitting_members: u32) -> u32 {
        match self.charter.params.committee_denominator {
            CommitteeDenominator::AllSittingMembers => sitting_members,
        }
    }

    // --- deadlines ------------------------------------------------------------------------

    /// A working-day deadline (ADM-DEC-02, ADM-REC-03, ADM-CER-01, ADM-LL-01, ADM-REC-01,
    /// MEM-TR-01, MEM-TR-02). Adding it to a date is the calendar's job (VER-02).
    pub fn deadline(&self, deadline: Deadline) -> WorkingDays {
        let c = &self.charter.params;
        let a = &self.admission.params;
        match deadline {
            Deadline::AdmissionDecision => c.admission_decision_within,
            Deadline::RecognitionDecision => c.recognition_decision_within,
            Deadline::Ceremony => a.ceremony_within,
            Deadline::LifeHistory => a.life_history_within,
            Deadline::Recognition => a.recognition_within,
            Deadline::OfficialTransfer => c.official_transfer_within,
            Deadline::TransferLetter => c.transfer_letter_within,
        }
    }

    /// ADM-DEC-02: the longest a deadline may run when extended in a special case (the
    /// deadline plus at most 30 working days), or `None` when it cannot be extended.
    pub fn extended_deadline(&self, deadline: Deadline) -> Option<WorkingDays> {
        deadline.extendable().then(|| {
            WorkingDays(
                self.deadline(deadline)
                    .get()
                    .saturating_add(self.charter.params.decision_extension_max.get()),
            )
        })
    }

    /// ADM-PRB-01/03: probation lasts 12 months and is complete on the anniversary of the
    /// ceremony (15/9/2024 → 15/9/2025); a ceremony on 29 February completes on 28 February.
    pub fn probation_complete_on(&self, ceremony: Date) -> Date {
        match self.admission.params.probation_completion {
            ProbationCompletion::Anniversary => {
                add_months(ceremony, self.charter.params.probation_months)
            }
        }
    }

    /// ADM-CERT-01: the last day an awareness-course certificate issued on `issued` is valid
    /// (60 months: 15/1/2020 → 15/1/2025). `None` when the version sets no limit.
    pub fn certificate_last_valid_day(&self, issued: Date) -> Option<Date> {
        self.admission
            .params
            .certificate_validity_months
            .map(|m| add_months(issued, m))
    }

    /// ADM-CERT-01: whether the certificate is still valid on `on` (the date the cell
    /// considers the case; use the rule set of that date).
    pub fn certificate_valid_on(&self, issued: Date, on: Date) -> bool {
        on >= issued
            && self
                .certificate_last_valid_day(issued)
                .is_none_or(|last| on <= last)
    }

    // --- documents ------------------------------------------------------------------------

    /// DOC-18: whether a cell may issue a document of this kind.
    pub fn cell_may_issue(&self, kind: DocumentKind) -> bool {
        self.doc_types.params.cell_may_issue.contains(&kind)
    }
}
