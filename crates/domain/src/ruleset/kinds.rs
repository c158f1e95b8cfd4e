//! The small closed vocabularies the rule sets are keyed by: meeting kinds, agenda phases and
//! cell types. They are enums (not strings) because code branches on them; their stable
//! snake_case codes are what the store and the JSON parameters carry.

use serde::{Deserialize, Serialize};

/// The kinds of meeting a rule set carries an agenda template for (glossary: `MeetingKind`).
///
/// `Combined` is the combined session of MTG-FREQ-03 (a regular meeting, then a thematic one):
/// it is stored as two linked meetings, but it has its own template and its own minimum
/// duration (MTG-DUR-01), so the rule set needs a name for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Sinh hoạt thường kỳ (MTG-FREQ-01).
    Regular,
    /// Sinh hoạt chuyên đề (MTG-FREQ-02, MTG-TH-*).
    Thematic,
    /// Sinh hoạt thường kỳ kết hợp chuyên đề (MTG-FREQ-03).
    Combined,
    /// Sinh hoạt bất thường.
    Extraordinary,
    /// Lễ kết nạp đảng viên (ADM-CER-01..03).
    AdmissionCeremony,
    /// Họp chi ủy, including the preparatory meeting (MTG-PREP-02/06, MTG-ATT-11).
    Committee,
}

impl MeetingKind {
    /// Every kind, in the order the screens list them.
    pub const ALL: [MeetingKind; 6] = [
        MeetingKind::Regular,
        MeetingKind::Thematic,
        MeetingKind::Combined,
        MeetingKind::Extraordinary,
        MeetingKind::AdmissionCeremony,
        MeetingKind::Committee,
    ];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Regular => "regular",
            MeetingKind::Thematic => "thematic",
            MeetingKind::Combined => "combined",
            MeetingKind::Extraordinary => "extraordinary",
            MeetingKind::AdmissionCeremony => "admission_ceremony",
            MeetingKind::Committee => "committee",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The name used on screen and in minutes.
    pub fn label_vi(self) -> &'static str {
        match self {
            MeetingKind::Regular => "Sinh hoạt thường kỳ",
            MeetingKind::Thematic => "Sinh hoạt chuyên đề",
            MeetingKind::Combined => "Sinh hoạt thường kỳ kết hợp chuyên đề",
            MeetingKind::Extraordinary => "Sinh hoạt bất thường",
            MeetingKind::AdmissionCeremony => "Lễ kết nạp đảng viên",
            MeetingKind::Committee => "Họp chi ủy",
        }
    }
}

/// Where a step sits in a meeting's lifecycle. `Prep` and `After` steps happen outside the
/// room but belong to the meeting (docs/agendas.md), so deadlines such as MTG-PREP-04/05 hang
/// on a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Prep,
    Opening,
    Main,
    Closing,
    After,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Prep,
        Phase::Opening,
        Phase::Main,
        Phase::Closing,
        Phase::After,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Prep => "prep",
            Phase::Opening => "opening",
            Phase::Main => "main",
            Phase::Closing => "closing",
            Phase::After => "after",
        }
    }

    /// The English name used in docs/agendas.md ("Prep", "Opening", …).
    pub fn doc_name(self) -> &'static str {
        match self {
            Phase::Prep => "Prep",
            Phase::Opening => "Opening",
            Phase::Main => "Main",
            Phase::Closing => "Closing",
            Phase::After => "After",
        }
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Phase::Prep => "Chuẩn bị",
            Phase::Opening => "Khai mạc",
            Phase::Main => "Nội dung",
            Phase::Closing => "Kết thúc",
            Phase::After => "Sau sinh hoạt",
        }
    }

    /// Whether the step happens in the room, during the meeting itself.
    pub fn in_room(self) -> bool {
        matches!(self, Phase::Opening | Phase::Main | Phase::Closing)
    }
}

/// Type of cell (loại hình chi bộ). HD 42/2025 ships topic lists per type (MTG-TH-05,
/// MTG-TH-07), so the type is a property of the cell; the organisation module re-uses this
/// enum. Codes are stable: they are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellType {
    /// Chi bộ thôn, tổ dân phố (village or residential group).
    Village,
    /// Chi bộ cơ quan nhà nước, đơn vị sự nghiệp công lập.
    StateAgency,
    /// Chi bộ doanh nghiệp nhà nước.
    StateEnterprise,
    /// Chi bộ doanh nghiệp tư nhân, doanh nghiệp có vốn đầu tư nước ngoài.
    PrivateEnterprise,
    /// Chi bộ trường học (học sinh, sinh viên).
    School,
    /// Chi bộ trong lực lượng vũ trang.
    ArmedForces,
    /// Any other cell; it gets the general topic groups only (MTG-TH-04).
    Other,
}

impl CellType {
    pub const ALL: [CellType; 7] = [
        CellType::Village,
        CellType::StateAgency,
        CellType::StateEnterprise,
        CellType::PrivateEnterprise,
        CellType::School,
        CellType::ArmedForces,
        CellType::Other,
    ];

    /// Stable snake_case code, as stored (same as the serde representation).
    pub fn code(self) -> &'static str {
        match self {
            CellType::Village => "village",
            CellType::StateAgency => "state_agency",
            CellType::StateEnterprise => "state_enterprise",
            CellType::PrivateEnterprise => "private_enterprise",
            CellType::School => "school",
            CellType::ArmedForces => "armed_forces",
            CellType::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            CellType::Village => "Chi bộ thôn, tổ dân phố",
            CellType::StateAgency => "Chi bộ cơ quan nhà nước, đơn vị sự nghiệp công lập",
            CellType::StateEnterprise => "Chi bộ doanh nghiệp nhà nước",
            CellType::PrivateEnterprise => {
                "Chi bộ doanh nghiệp tư nhân, doanh nghiệp có vốn đầu tư nước ngoài"
            }
            CellType::School => "Chi bộ trường học",
            CellType::ArmedForces => "Chi bộ trong lực lượng vũ trang",
            CellType::Other => "Chi bộ khác",
        }
    }
}

impl std::fmt::Display for CellType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for MeetingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for t in CellType::ALL {
            assert_eq!(CellType::from_code(t.code()), Some(t));
            assert!(!t.label_vi().is_empty());
        }
        for k in MeetingKind::ALL {
            assert_eq!(MeetingKind::from_code(k.code()), Some(k));
        }
        assert_eq!(CellType::from_code("village"), Some(CellType::Village));
        assert_eq!(CellType::from_code("Village"), None);
    }
}
