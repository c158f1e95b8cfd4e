//! Typed parameters of each area. They are serde data so the store can keep them as JSON in
//! `rule_version.parameters` and an administrator can add a version that changes parameters,
//! not code (VER-01).

use serde::{Deserialize, Serialize};

use super::agenda::{AgendaStep, AgendaTemplate};
use super::deadlines::WorkingDays;
use super::documents::{DocumentKind, FontSizes, MarginsMm, PageNumbering, ParagraphStyle};
use super::kinds::{CellType, MeetingKind};
use super::quality::QualityProfile;
use super::vote::{CommitteeDenominator, DenominatorExclusion, Threshold, VoteKind};
use super::Area;

/// The parameters of one rule version; the variant names its area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "area", content = "values")]
pub enum Parameters {
    MeetingGuidance(MeetingGuidanceParams),
    CharterImplementation(CharterParams),
    AdmissionGuidance(AdmissionParams),
    Dues(DuesParams),
    DocumentFormat(DocumentFormatParams),
    DocumentTypes(DocumentTypesParams),
}

impl Parameters {
    /// The area these parameters belong to.
    pub fn area(&self) -> Area {
        match self {
            Parameters::MeetingGuidance(_) => Area::MeetingGuidance,
            Parameters::CharterImplementation(_) => Area::CharterImplementation,
            Parameters::AdmissionGuidance(_) => Area::AdmissionGuidance,
            Parameters::Dues(_) => Area::Dues,
            Parameters::DocumentFormat(_) => Area::DocumentFormat,
            Parameters::DocumentTypes(_) => Area::DocumentTypes,
        }
    }

    /// Internal consistency, checked before a version enters the catalogue.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Parameters::MeetingGuidance(p) => p.validate(),
            Parameters::CharterImplementation(_) => Ok(()),
            Parameters::AdmissionGuidance(p) => p.validate(),
            Parameters::Dues(p) => p.validate(),
            Parameters::DocumentFormat(_) => Ok(()),
            Parameters::DocumentTypes(p) => p.validate(),
        }
    }
}

/// Minimum length of a meeting (MTG-DUR-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinDuration {
    /// The whole meeting (or the whole combined session) lasts at least this long.
    Total { minutes: u32 },
    /// Each part of a combined session lasts at least this long. No built-in version uses it
    /// any more (MTG-DUR-01 \[S\]: 120 minutes in total under both guidances); kept so that a
    /// stored version or a locality may still express it.
    EachPart { minutes: u32 },
}

impl MinDuration {
    pub fn minutes(self) -> u32 {
        match self {
            MinDuration::Total { minutes } | MinDuration::EachPart { minutes } => minutes,
        }
    }
}

/// A minimum duration for one meeting kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DurationRule {
    pub kind: MeetingKind,
    pub minimum: MinDuration,
}

/// A group of thematic topics (MTG-TH-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicGroup {
    pub code: String,
    pub title_vi: String,
}

/// Suggested topics for one type of cell (MTG-TH-05/07), shipped as editable templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellTopics {
    pub cell_type: CellType,
    pub topics: Vec<String>,
}

/// Parameters of a meeting guidance (HD 12/2018, HD 42/2025).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingGuidanceParams {
    /// Agenda templates of every meeting kind except the admission ceremony, whose order
    /// belongs to the admission guidance (ADM-CER-03).
    pub agendas: Vec<AgendaTemplate>,
    /// Minimum durations (MTG-DUR-01); a kind without an entry has no minimum.
    pub min_durations: Vec<DurationRule>,
    /// The opening announces the state of dues payments (MTG-ORD-02; HD 42/2025 only).
    pub dues_report_at_opening: bool,
    /// Documents reach members at least this many calendar days before the meeting
    /// (MTG-PREP-04; HD 42/2025: 1). `None` under HD 12/2018, which encouraged sending
    /// documents ahead with no minimum: no deadline, hence no warning.
    pub documents_days_before: Option<u32>,
    /// The secretary signs and publishes the final documents within this many calendar days
    /// after the meeting (MTG-PREP-05; HD 42/2025: 2). Whether the source means calendar or
    /// working days is unverified \[?\]: it is a setting of the rule set (an administrator
    /// changes it with a new version), counted in calendar days by default.
    pub publish_within_days: Option<u32>,
    /// Topic groups for thematic meetings (MTG-TH-04).
    pub topic_groups: Vec<TopicGroup>,
    /// Topic lists by cell type (MTG-TH-07; HD 42/2025 only).
    pub topics_by_cell_type: Vec<CellTopics>,
    /// Default quality profile (MTG-QA-05 under HD 12/2018; under HD 42/2025 the local
    /// 100-point profile, MTG-QA-06 \[L\]).
    pub quality: QualityProfile,
}

impl MeetingGuidanceParams {
    pub fn validate(&self) -> Result<(), String> {
        for kind in MeetingKind::ALL {
            let count = self.agendas.iter().filter(|a| a.kind == kind).count();
            let expected = usize::from(kind != MeetingKind::AdmissionCeremony);
            if count != expected {
                return Err(format!(
                    "meeting guidance must have {expected} agenda(s) for {kind}, has {count}"
                ));
            }
        }
        for a in &self.agendas {
            a.validate()?;
        }
        for (i, d) in self.min_durations.iter().enumerate() {
            if d.minimum.minutes() == 0 {
                return Err(format!("minimum duration of {} is zero", d.kind));
            }
            if self.min_durations[..i].iter().any(|e| e.kind == d.kind) {
                return Err(format!("two minimum durations for {}", d.kind));
            }
        }
        self.quality.validate().map_err(|e| e.to_string())
    }
}

/// Vote thresholds, one per kind of vote (so none can be missing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VoteThresholds {
    /// MTG-ATT-02: more than half.
    pub resolution: Threshold,
    /// ADM-VOTE-01: at least 2/3.
    pub admission: Threshold,
    /// ADM-REC-02: at least 2/3.
    pub recognition: Threshold,
    /// MTG-ATT-11 meetings of the committee: more than half of all sitting members.
    pub committee_resolution: Threshold,
    /// ADM-DEC-01: 2/3 of the basic committee's members under delegated power.
    pub delegated_admission_decision: Threshold,
}

impl VoteThresholds {
    pub fn get(&self, kind: VoteKind) -> Threshold {
        match kind {
            VoteKind::Resolution => self.resolution,
            VoteKind::Admission => self.admission,
            VoteKind::Recognition => self.recognition,
            VoteKind::CommitteeResolution => self.committee_resolution,
            VoteKind::DelegatedAdmissionDecision => self.delegated_admission_decision,
        }
    }
}

/// Parameters of a regulation implementing the Charter (QĐ 45/2011, QĐ 24/2021, QĐ 232/2025,
/// QĐ 294/2025).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharterParams {
    pub votes: VoteThresholds,
    /// Who leaves the denominator (MTG-ATT-03). QĐ 45/2011: only the first two.
    pub denominator_exclusions: Vec<DenominatorExclusion>,
    /// MTG-ATT-11.
    pub committee_denominator: CommitteeDenominator,
    /// Probation length in months (ADM-PRB-01).
    pub probation_months: u32,
    /// ADM-DEC-02: the competent committee decides on an admission within this many working
    /// days of the cell's resolution proposing it (60).
    pub admission_decision_within: WorkingDays,
    /// ADM-DEC-02 / ADM-REC-03: the competent committee decides on recognition as an official
    /// member within this many working days of the cell's resolution proposing it (30).
    /// Defaults to 30 for versions stored before the parameter existed.
    #[serde(default = "thirty_working_days")]
    pub recognition_decision_within: WorkingDays,
    /// ADM-DEC-02: in special cases either decision deadline may be extended by at most this
    /// many working days (30). Defaults to 30 for versions stored before it existed.
    #[serde(default = "thirty_working_days")]
    pub decision_extension_max: WorkingDays,
    /// MEM-TR-01.
    pub official_transfer_within: WorkingDays,
    /// MEM-TR-02.
    pub transfer_letter_within: WorkingDays,
}

fn thirty_working_days() -> WorkingDays {
    WorkingDays(30)
}

/// When probation counts as complete (ADM-PRB-03, a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProbationCompletion {
    /// On the anniversary of the ceremony: ceremony 15/9/2024 → complete 15/9/2025.
    Anniversary,
}

/// Parameters of an admission guidance (HD 01/2016, HD 01/2021, HD 06/2025).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdmissionParams {
    /// The ceremony order K0–K7 (ADM-CER-03; K3–K5 per member, ADM-CER-02).
    pub ceremony: Vec<AgendaStep>,
    /// ADM-CER-01.
    pub ceremony_within: WorkingDays,
    /// ADM-LL-01.
    pub life_history_within: WorkingDays,
    /// ADM-REC-01.
    pub recognition_within: WorkingDays,
    /// Validity of the awareness-course certificate in months (ADM-CERT-01; HD 06/2025: 60).
    /// `None`: the catalogue knows no limit for this version.
    pub certificate_validity_months: Option<u32>,
    /// ADM-PRB-03.
    pub probation_completion: ProbationCompletion,
}

impl AdmissionParams {
    pub fn validate(&self) -> Result<(), String> {
        AgendaTemplate {
            kind: MeetingKind::AdmissionCeremony,
            steps: self.ceremony.clone(),
        }
        .validate()
    }
}

/// Parameters of a dues regulation (FEE-02, FEE-03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesParams {
    /// FEE-02: share of the salary on which social insurance is paid, in basis points (1 % =
    /// 100), so amounts are computed in integers.
    pub salary_rate_bp: u32,
    /// FEE-02: share of a pension, in basis points (0.5 % = 50).
    pub pension_rate_bp: u32,
    /// FEE-03: exempt after this many years of membership.
    pub exempt_after_membership_years: Option<u32>,
    /// FEE-03: allowed reductions for hardship, in percent.
    pub hardship_reductions_percent: Vec<u32>,
    /// FEE-03: a reduction lasts at most this many months.
    pub hardship_max_months: u32,
}

impl DuesParams {
    pub fn validate(&self) -> Result<(), String> {
        if self.salary_rate_bp > 10_000 || self.pension_rate_bp > 10_000 {
            return Err("dues rate above 100 %".to_owned());
        }
        if self.hardship_reductions_percent.iter().any(|p| *p > 100) {
            return Err("dues reduction above 100 %".to_owned());
        }
        Ok(())
    }
}

/// Parameters of a document-format guidance (HD 36/2018, HD 05/2026).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentFormatParams {
    /// DOC-01 / DOC-13.
    pub paper: String,
    /// DOC-01: Times New Roman in practice.
    pub font_family: String,
    /// DOC-01: metric-compatible free fallbacks.
    pub fallback_fonts: Vec<String>,
    /// DOC-02 / DOC-13.
    pub margins: MarginsMm,
    /// Margins mirrored on back pages (DOC-02, DOC-13).
    pub mirrored_back_pages: bool,
    pub page_numbering: PageNumbering,
    /// DOC-03, DOC-14.
    pub font_sizes: FontSizes,
    /// DOC-14; `None` where the guidance (as catalogued) does not fix it.
    pub paragraph: Option<ParagraphStyle>,
    /// "Số 05-NQ/CB": numbers below 10 with a leading zero (DOC-06, DOC-14).
    pub number_leading_zero: bool,
    /// In the date, days below 10 and months 1–2 with a leading zero (DOC-14).
    pub date_leading_zero: bool,
    /// Signer's title ("BÍ THƯ") in bold (DOC-14: not bold under HD 05/2026).
    pub signer_title_bold: bool,
    /// The short rule under the summary line (DOC-07, DOC-14).
    pub summary_rule: String,
}

/// Parameters of a regulation on document types and authority (QĐ 66/2017, QĐ 399/2026).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentTypesParams {
    /// Types a cell may issue (DOC-18).
    pub cell_may_issue: Vec<DocumentKind>,
}

impl DocumentTypesParams {
    pub fn validate(&self) -> Result<(), String> {
        if self.cell_may_issue.is_empty() {
            return Err("a cell must be allowed at least one document type".to_owned());
        }
        Ok(())
    }
}
