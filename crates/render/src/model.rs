//! The one intermediate document model every backend renders.
//!
//! Builders (`crate::build`) turn a frozen snapshot into a [`Document`]; the DOCX and PDF
//! backends only lay it out. So what a document *says* is decided once, tested once on the
//! model, and the two files cannot disagree. The model also carries the format parameters
//! of the rule set in force on the document's date (DOC-02, DOC-13/14), so a backend never
//! decides a margin or a font size itself.
//!
//! All text entering the model goes through [`nfc`]: snapshots written by older releases or
//! typed on devices that send decomposed Vietnamese (a base letter followed by combining
//! marks) would otherwise print with misplaced diacritics in some readers.

use chibo_domain::ruleset::{DocumentFormatParams, DocumentKind, SizeRange};
use time::Date;
use unicode_normalization::UnicodeNormalization;

/// Text in Unicode normalisation form C (pre-composed "ặ", "ờ", "ữ", "Đ").
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Capitals as the header block and type line print them (DOC-03). Rust's Unicode upper
/// case keeps pre-composed Vietnamese letters pre-composed ("ộ" → "Ộ").
pub fn upper(s: &str) -> String {
    nfc(s).to_uppercase()
}

/// A whole document: header block, type and summary lines, body, closing.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub kind: DocumentKind,
    /// The document's date, which chose [`Document::format`].
    pub date: Date,
    /// The format rule set's code ("HD 36/2018", "HD 05/2026"), for tests and metadata.
    pub format_code: String,
    /// Format parameters of the rule set in force on `date` (DOC-01..04, DOC-13/14).
    pub format: DocumentFormatParams,
    pub header: Header,
    /// DOC-07: the type name on its own line (none for a letter, DOC-06).
    pub type_line: Option<String>,
    /// DOC-07: the summary line under the type name, followed by the short rule.
    pub summary: Option<String>,
    pub body: Vec<Block>,
    pub closing: Closing,
    /// A small line after the closing (the minutes' content hash, so a printed copy can be
    /// matched to the record).
    pub footnote: Option<String>,
    /// Title for the file's metadata.
    pub title: String,
}

impl Document {
    /// Every piece of text of the document in reading order (tests, search, and a check
    /// that both backends receive the same words).
    pub fn plain_text(&self) -> String {
        let mut out = Vec::new();
        let h = &self.header;
        out.extend(h.superior.iter().cloned());
        out.push(h.issuer.clone());
        out.extend(h.number.iter().cloned());
        if h.draft {
            out.push(DRAFT_MARK.to_owned());
        }
        out.push(PARTY_NAME.to_owned());
        out.extend(h.place_date.iter().cloned());
        out.extend(self.type_line.iter().cloned());
        out.extend(self.summary.iter().cloned());
        for b in &self.body {
            match b {
                Block::Heading(hd) => out.push(hd.text.clone()),
                Block::Paragraph(p) => out.push(p.text()),
                Block::Table(t) => {
                    out.push(
                        t.columns
                            .iter()
                            .map(|c| c.header.as_str())
                            .collect::<Vec<_>>()
                            .join(" | "),
                    );
                    for r in &t.rows {
                        out.push(r.join(" | "));
                    }
                }
            }
        }
        for corner in [&self.closing.left, &self.closing.right]
            .into_iter()
            .flatten()
        {
            match corner {
                Corner::Recipients(r) => {
                    out.push(RECIPIENTS_LABEL.to_owned());
                    out.extend(r.iter().cloned());
                }
                Corner::Signature(s) => {
                    out.extend(s.authority.iter().cloned());
                    out.push(s.title.clone());
                    out.extend(s.note.iter().cloned());
                    out.extend(s.name.iter().cloned());
                }
            }
        }
        out.extend(self.footnote.iter().cloned());
        out.join("\n")
    }

    /// The point size a backend uses for a part: the smallest the rule set allows, so the
    /// layout is the same whichever backend renders it.
    pub fn size(range: SizeRange) -> u32 {
        range.min
    }
}

/// "ĐẢNG CỘNG SẢN VIỆT NAM", top right of every party document (DOC-03/04).
pub const PARTY_NAME: &str = "ĐẢNG CỘNG SẢN VIỆT NAM";
/// What a draft prints where its number would be (DOC-19).
pub const DRAFT_MARK: &str = "DỰ THẢO";
/// The recipients block's label (DOC-14).
pub const RECIPIENTS_LABEL: &str = "Nơi nhận:";

/// The header block (DOC-03/04).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Superior committee, capitals ("ĐẢNG BỘ PHƯỜNG TÂN THANH"); none when unknown.
    pub superior: Option<String>,
    /// Issuing body, capitals, bold ("CHI BỘ TỔ DÂN PHỐ SỐ 3"); a "*" follows it.
    pub issuer: String,
    /// "Số 05-NQ/CB" (DOC-06); none on drafts (DOC-19) and on unnumbered minutes.
    pub number: Option<String>,
    /// "Điện Biên, ngày 22 tháng 11 năm 2024", italic; none on minutes (DOC-17).
    pub place_date: Option<String>,
    /// A draft prints "DỰ THẢO" and never a number (DOC-19).
    pub draft: bool,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    Table(Table),
}

/// A section heading ("I. ĐÁNH GIÁ …", "2. Thông qua chương trình"), bold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub text: String,
    /// 1: a numbered section in capitals, centred or flush left; 2: a sub-heading.
    pub level: u8,
    pub centred: bool,
}

/// A paragraph of runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub runs: Vec<Run>,
    /// Body paragraphs take the first-line indent of the format (DOC-14); list lines
    /// ("- đồng chí …") and labels do not.
    pub indent: bool,
    pub align: Align,
}

impl Paragraph {
    /// A body paragraph: justified, first line indented.
    pub fn body(runs: Vec<Run>) -> Self {
        Self {
            runs,
            indent: true,
            align: Align::Justify,
        }
    }

    /// A list line ("- …"): justified, no first-line indent.
    pub fn item(runs: Vec<Run>) -> Self {
        Self {
            runs,
            indent: false,
            align: Align::Justify,
        }
    }

    pub fn centred(runs: Vec<Run>) -> Self {
        Self {
            runs,
            indent: false,
            align: Align::Centre,
        }
    }

    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// Whether this paragraph, ending the body, is short enough to be kept on the page of
    /// the signatures, so a signature row never stands alone on a last page. A long one (a
    /// conclusion typed at length) breaks as usual: a block kept whole that is taller than
    /// a page would be cut off.
    pub fn keeps_with_closing(&self) -> bool {
        self.runs
            .iter()
            .map(|r| r.text.chars().count())
            .sum::<usize>()
            <= KEEP_WITH_CLOSING_CHARS
    }
}

/// About six lines of body text (see [`Paragraph::keeps_with_closing`]).
pub const KEEP_WITH_CLOSING_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Centre,
    Justify,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Run {
    pub fn plain(text: &str) -> Self {
        Self {
            text: nfc(text),
            bold: false,
            italic: false,
        }
    }
    pub fn bold(text: &str) -> Self {
        Self {
            bold: true,
            ..Self::plain(text)
        }
    }
    pub fn italic(text: &str) -> Self {
        Self {
            italic: true,
            ..Self::plain(text)
        }
    }
}

/// A table whose header row repeats on every page it runs over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub header: String,
    /// Relative width (the backends share out the text width by these).
    pub width: u32,
    pub align: Align,
}

/// The closing row: recipients or a signature on the left, a signature on the right.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Closing {
    pub left: Option<Corner>,
    pub right: Option<Corner>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Corner {
    /// "Nơi nhận:" and its lines (DOC-14).
    Recipients(Vec<String>),
    Signature(Signature),
}

/// A signature block (DOC-08, DOC-17).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// "T/M CHI BỘ", bold (DOC-08, DOC-14); none on minutes.
    pub authority: Option<String>,
    /// "BÍ THƯ", "NGƯỜI GHI BIÊN BẢN", "CHỦ TRÌ" — bold or not by the format (DOC-14).
    pub title: String,
    /// "(ký, ghi rõ họ tên)", italic.
    pub note: Option<String>,
    /// The signer's name, bold, under the space for the signature.
    pub name: Option<String>,
}
