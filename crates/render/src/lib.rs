//! Official party documents rendered from frozen snapshots (issue 10): minutes of regular,
//! thematic and combined meetings and the monthly resolution, as DOCX and PDF.
//!
//! One intermediate document model ([`model::Document`]) is built from a snapshot by one
//! builder per document type ([`build`]) and rendered by two backends that read only the
//! model: [`docx`] (editable, docx-rs) and [`pdf`] (typeset in process by Typst). So the
//! two files of one document say the same thing, and a format change is made once. Format
//! parameters — margins, sizes, page numbering, paragraph style — come from the document
//! rule set in force on the document's date (HD 36/2018 before 27/5/2026, HD 05/2026 from
//! then; DOC-02, DOC-13/14), chosen like any rule set (VER-01).
//!
//! The crate is pure apart from the backends' in-memory work: no file system, no clock, no
//! network, no async. It is kept out of the server's dependency graph for now so the inner
//! build loop of `chibo-cli` does not compile Typst.

pub mod build;
pub mod docx;
pub mod model;
pub mod pdf;
pub mod vi;
pub mod xlsx;

use chibo_domain::ruleset::{
    DocumentFormatParams, DocumentKind, ParagraphStyle, RuleSetError, SizeRange,
};

pub use build::{
    admission_resolution, mark_practice, minutes, plan, resolution, topic,
    AdmissionResolutionInput, Context, Issuer, PlanInput, PlanLine, Progress, ResolutionInput,
    Stage,
};
pub use model::Document;

/// Why a document cannot be produced.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The document's date has no rule set (before 2007).
    #[error(transparent)]
    Rules(#[from] RuleSetError),
    /// DOC-18: the rule set in force does not let a cell issue this type.
    #[error("a cell may not issue a {kind:?} under {rules}")]
    NotIssuedByCell { kind: DocumentKind, rules: String },
    /// The format names a paper size the backends do not know (every version so far says
    /// A4, DOC-01/DOC-13).
    #[error("paper size {0:?} is not supported (A4 only)")]
    Paper(String),
    #[error("DOCX: {0}")]
    Docx(String),
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("XLSX: {0}")]
    Xlsx(String),
}

/// The page size of the format in millimetres (DOC-01/DOC-13: A4).
pub fn paper_mm(format: &DocumentFormatParams) -> Result<(u32, u32), RenderError> {
    match format.paper.to_ascii_uppercase().as_str() {
        "A4" => Ok((210, 297)),
        _ => Err(RenderError::Paper(format.paper.clone())),
    }
}

/// The paragraph style of the format, or the house style where the rule set fixes none
/// (HD 36/2018 as catalogued): the same values HD 05/2026 prescribes, which are also what
/// documents under the earlier guidance were commonly typed with, so documents on both
/// sides of 27/5/2026 look alike apart from what changed.
pub fn paragraph_style(format: &DocumentFormatParams) -> ParagraphStyle {
    format.paragraph.unwrap_or(HOUSE_PARAGRAPH)
}

/// See [`paragraph_style`].
pub const HOUSE_PARAGRAPH: ParagraphStyle = ParagraphStyle {
    first_line_indent_mm: 10,
    min_space_between_paragraphs_pt: 6,
    line_spacing_pt: SizeRange::fixed(18),
    justified: true,
};
