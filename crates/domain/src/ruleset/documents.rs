//! Party document types (DOC-06, DOC-09, DOC-18) and format parameters (DOC-01..04,
//! DOC-13/14). Both are rule-set data chosen by the document's date (VER-01).

use serde::{Deserialize, Serialize};

/// A type of party document, with its code in the number "Số 05-NQ/CB" (DOC-06). Which
/// types a cell may issue is data of the document-types rule set (DOC-18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Nghị quyết.
    Resolution,
    /// Quyết định.
    Decision,
    /// Quy định (not issued by cells).
    Regulation,
    /// Kết luận.
    Conclusion,
    /// Quy chế (internal rules).
    InternalRules,
    /// Thông báo.
    Notice,
    /// Báo cáo.
    Report,
    /// Kế hoạch.
    Plan,
    /// Chương trình.
    Programme,
    /// Tờ trình.
    Proposal,
    /// Công văn (its type name is not printed, DOC-06).
    Letter,
    /// Biên bản (DOC-09).
    Minutes,
    /// Đề án.
    Project,
    /// Phương án.
    Scheme,
    /// Hướng dẫn (not issued by cells).
    Guideline,
    /// Chỉ thị (not issued by cells).
    Directive,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 16] = [
        DocumentKind::Resolution,
        DocumentKind::Decision,
        DocumentKind::Regulation,
        DocumentKind::Conclusion,
        DocumentKind::InternalRules,
        DocumentKind::Notice,
        DocumentKind::Report,
        DocumentKind::Plan,
        DocumentKind::Programme,
        DocumentKind::Proposal,
        DocumentKind::Letter,
        DocumentKind::Minutes,
        DocumentKind::Project,
        DocumentKind::Scheme,
        DocumentKind::Guideline,
        DocumentKind::Directive,
    ];

    /// The type code in the document number (DOC-06). Decision and regulation share "QĐ".
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Resolution => "NQ",
            DocumentKind::Decision | DocumentKind::Regulation => "QĐ",
            DocumentKind::Conclusion => "KL",
            DocumentKind::InternalRules => "QC",
            DocumentKind::Notice => "TB",
            DocumentKind::Report => "BC",
            DocumentKind::Plan => "KH",
            DocumentKind::Programme => "CTr",
            DocumentKind::Proposal => "TTr",
            DocumentKind::Letter => "CV",
            DocumentKind::Minutes => "BB",
            DocumentKind::Project => "ĐA",
            DocumentKind::Scheme => "PA",
            DocumentKind::Guideline => "HD",
            DocumentKind::Directive => "CT",
        }
    }

    /// The type name as printed on its own line (DOC-07), capitals.
    pub fn name_vi(self) -> &'static str {
        match self {
            DocumentKind::Resolution => "NGHỊ QUYẾT",
            DocumentKind::Decision => "QUYẾT ĐỊNH",
            DocumentKind::Regulation => "QUY ĐỊNH",
            DocumentKind::Conclusion => "KẾT LUẬN",
            DocumentKind::InternalRules => "QUY CHẾ",
            DocumentKind::Notice => "THÔNG BÁO",
            DocumentKind::Report => "BÁO CÁO",
            DocumentKind::Plan => "KẾ HOẠCH",
            DocumentKind::Programme => "CHƯƠNG TRÌNH",
            DocumentKind::Proposal => "TỜ TRÌNH",
            DocumentKind::Letter => "CÔNG VĂN",
            DocumentKind::Minutes => "BIÊN BẢN",
            DocumentKind::Project => "ĐỀ ÁN",
            DocumentKind::Scheme => "PHƯƠNG ÁN",
            DocumentKind::Guideline => "HƯỚNG DẪN",
            DocumentKind::Directive => "CHỈ THỊ",
        }
    }

    /// A letter carries no type-name line (DOC-06).
    pub fn prints_type_name(self) -> bool {
        self != DocumentKind::Letter
    }
}

/// Page margins in millimetres (DOC-02, DOC-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MarginsMm {
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
}

/// An inclusive range of font sizes in points ("15–16", DOC-03); `min == max` for a fixed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SizeRange {
    pub min: u32,
    pub max: u32,
}

impl SizeRange {
    pub const fn fixed(pt: u32) -> Self {
        Self { min: pt, max: pt }
    }
    pub const fn range(min: u32, max: u32) -> Self {
        Self { min, max }
    }
}

/// Font sizes of the header and body parts (DOC-03, DOC-14), in points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontSizes {
    /// "ĐẢNG CỘNG SẢN VIỆT NAM", capitals, bold.
    pub party_name: SizeRange,
    /// Superior committee name, capitals.
    pub superior_name: SizeRange,
    /// Issuing body, capitals, bold.
    pub issuer_name: SizeRange,
    pub number: SizeRange,
    /// Place and date, italic.
    pub place_date: SizeRange,
    /// Document type, capitals, bold.
    pub type_name: SizeRange,
    /// Summary line, bold.
    pub summary: SizeRange,
    pub body: SizeRange,
    /// Authority line "T/M CHI BỘ", signer's title and name (DOC-14: 14).
    pub signature: SizeRange,
    /// "Nơi nhận:" label (DOC-14: 14, underlined).
    pub recipients_label: SizeRange,
    /// Recipient lines (DOC-14: 12).
    pub recipients: SizeRange,
}

/// Where and how pages are numbered (DOC-02, DOC-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageNumbering {
    /// First page that carries a number (2: never on page 1).
    pub from_page: u32,
    /// Centred at the top of the page.
    pub top_centre: bool,
    /// Distance from the top edge, where the guidance gives it (DOC-13: 10 mm).
    pub distance_from_top_mm: Option<u32>,
    /// Font size, where the guidance gives it (DOC-13: 14).
    pub size_pt: Option<u32>,
}

/// Paragraph styles where the guidance fixes them (DOC-14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ParagraphStyle {
    pub first_line_indent_mm: u32,
    pub min_space_between_paragraphs_pt: u32,
    /// Exact line spacing allowed, in points (DOC-14: 18–22).
    pub line_spacing_pt: SizeRange,
    pub justified: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_06_codes() {
        assert_eq!(DocumentKind::Resolution.code(), "NQ");
        assert_eq!(DocumentKind::Programme.code(), "CTr");
        assert_eq!(DocumentKind::Minutes.code(), "BB");
        assert!(!DocumentKind::Letter.prints_type_name());
        assert!(DocumentKind::Minutes.prints_type_name());
    }
}
