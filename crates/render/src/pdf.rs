//! PDF backend: the model written as Typst markup and typeset in process by Typst used as a
//! library (no external program, no network, no system fonts).
//!
//! Why Typst: it has a real layout engine (justification, first-line indents, tables whose
//! header row repeats after a page break, a two-column header block) and embeds the font
//! subset, at about 10 ms per document in a release build (`../shared/design/stack.md`).
//! Every text of the model enters the markup only as an escaped string literal, so nothing
//! a user typed can be read as markup or code.
//!
//! The font is Liberation Serif (SIL OFL 1.1, `fonts/LICENSE-LiberationSerif.txt`), metric
//! compatible with Times New Roman that DOC-01 prescribes, and embedded in the binary so a
//! fresh server needs nothing installed.

use std::fmt::Write as _;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::model::{
    Align, Block, Corner, Document, Paragraph, Signature, Table, DRAFT_MARK, PARTY_NAME,
    RECIPIENTS_LABEL,
};
use crate::{paper_mm, paragraph_style, RenderError};

/// The family name of the embedded font, as Typst's markup selects it.
pub const PDF_FONT_FAMILY: &str = "Liberation Serif";

static FONT_FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Fonts and the standard library are built once per process; each document then costs
/// only its own layout.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    Shared {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// A world of one source file and the embedded fonts.
struct OneFile {
    main: Source,
}

impl World for OneFile {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }
    /// Documents carry their own date; nothing may depend on the clock.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// Renders the document as PDF bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    render_counted(doc).map(|(bytes, _)| bytes)
}

/// Renders the document as PDF bytes and tells how many pages it has.
pub fn render_counted(doc: &Document) -> Result<(Vec<u8>, usize), RenderError> {
    let markup = markup(doc)?;
    let path = VirtualPath::new("/document.typ")
        .map_err(|e| RenderError::Pdf(format!("virtual path: {e:?}")))?;
    let id = RootedPath::new(VirtualRoot::Project, path).intern();
    let world = OneFile {
        main: Source::new(id, markup),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    // Typst memoizes across compilations in a process-wide cache; a server rendering many
    // documents would keep every one's intermediate results. Entries unused for 10
    // compilations go, as the Typst CLI does between runs.
    typst::comemo::evict(10);
    let paged = compiled.output.map_err(|errors| {
        RenderError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let pages = paged.pages().len();
    let bytes = typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        RenderError::Pdf(
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok((bytes, pages))
}

/// A Typst string literal: the only way model text enters the markup.
fn lit(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn mm(v: u32) -> String {
    format!("{v}mm")
}

/// The Typst source of the whole document.
pub fn markup(doc: &Document) -> Result<String, RenderError> {
    let f = &doc.format;
    let (paper_w, paper_h) = paper_mm(f)?;
    let sizes = &f.font_sizes;
    let body = Document::size(sizes.body);
    let para = paragraph_style(f);
    // Exact line spacing (DOC-14): Typst measures leading from the baseline of one line to
    // the cap height of the next with the default text edges, so the baseline-to-baseline
    // distance is the cap height (0.655 em in Liberation Serif) plus the leading.
    let line_pt = f64::from(para.line_spacing_pt.min);
    let leading = (line_pt - 0.655 * f64::from(body)).max(1.0);
    let m = &f.margins;
    // DOC-02/DOC-13: margins mirrored on back pages — inside/outside instead of left/right.
    let margin = if f.mirrored_back_pages {
        format!(
            "(top: {}, bottom: {}, inside: {}, outside: {})",
            mm(m.top),
            mm(m.bottom),
            mm(m.left),
            mm(m.right)
        )
    } else {
        format!(
            "(top: {}, bottom: {}, left: {}, right: {})",
            mm(m.top),
            mm(m.bottom),
            mm(m.left),
            mm(m.right)
        )
    };
    let pn = &f.page_numbering;
    // DOC-02/DOC-13: page numbers from page 2, centred at the top (10 mm from the edge,
    // size 14 under HD 05/2026; half the top margin and the body size where unspecified).
    let pn_size = pn.size_pt.unwrap_or(body);
    let pn_dy = pn
        .distance_from_top_mm
        .map_or(f64::from(m.top) / 2.0 - 2.5, f64::from);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "#set document(title: {title}, author: {author}, date: none)",
        title = lit(&doc.title),
        author = lit(&doc.header.issuer),
    );
    let watermark = if doc.header.draft {
        format!(
            "place(center + horizon, rotate(-35deg, text(size: 80pt, fill: luma(225), weight: \
             \"bold\", {})))",
            lit(DRAFT_MARK)
        )
    } else {
        "none".to_owned()
    };
    let _ = writeln!(
        s,
        "#set page(width: {paper_w}mm, height: {paper_h}mm, margin: {margin}, header: none, footer: none, \
         background: {watermark}, foreground: context {{ let n = counter(page).get().first(); \
         if n >= {from} {{ place(top + center, dy: {pn_dy}mm, text(size: {pn_size}pt, str(n))) }} }})",
        from = pn.from_page,
    );
    let _ = writeln!(
        s,
        "#set text(font: {font}, size: {body}pt, lang: \"vi\", fill: black, hyphenate: false)",
        font = lit(PDF_FONT_FAMILY),
    );
    // Paragraph spacing is measured like leading (last baseline to the next cap height), so
    // the space the format asks for between paragraphs comes on top of the leading.
    let spacing = leading + f64::from(para.min_space_between_paragraphs_pt);
    let _ = writeln!(
        s,
        "#set par(justify: {justify}, leading: {leading:.2}pt, spacing: {spacing:.2}pt, \
         first-line-indent: (amount: {indent}mm, all: true))",
        justify = para.justified,
        indent = para.first_line_indent_mm,
    );
    let _ = writeln!(s, "#set table(stroke: 0.5pt, inset: (x: 4pt, y: 5pt))");
    header_block(&mut s, doc);
    if let Some(t) = &doc.type_line {
        let _ = writeln!(
            s,
            "#v(14pt)\n#align(center, text(size: {}pt, weight: \"bold\", {}))",
            Document::size(sizes.type_name),
            lit(t)
        );
    }
    if let Some(sum) = &doc.summary {
        let _ = writeln!(
            s,
            "#v(2pt)\n#align(center, block(width: 85%, par(justify: false, first-line-indent: 0pt, \
             text(size: {}pt, weight: \"bold\", {}))))",
            Document::size(sizes.summary),
            lit(sum)
        );
    }
    if doc.type_line.is_some() || doc.summary.is_some() {
        // DOC-07: the short rule of five hyphens before the body.
        let _ = writeln!(s, "#align(center, text({}))\n#v(6pt)", lit(&f.summary_rule));
    }
    let has_closing = doc.closing.left.is_some() || doc.closing.right.is_some();
    let last = doc.body.len().saturating_sub(1);
    for (i, b) in doc.body.iter().enumerate() {
        match b {
            Block::Heading(h) => {
                let align = if h.centred { "center" } else { "left" };
                let _ = writeln!(
                    s,
                    "#block(width: 100%, above: 14pt, below: 10pt, sticky: true, align({align}, \
                     par(justify: false, first-line-indent: 0pt, text(weight: \"bold\", {}))))",
                    lit(&h.text)
                );
            }
            // The body's last paragraph and the signature row are set as one unbreakable
            // block, so the signatures never stand alone on a last page.
            Block::Paragraph(p) if has_closing && i == last && p.keeps_with_closing() => {
                let _ = writeln!(
                    s,
                    "#block(breakable: false, above: {spacing:.2}pt, width: 100%)["
                );
                paragraph(&mut s, p);
                closing(&mut s, doc);
                let _ = writeln!(s, "]");
            }
            Block::Paragraph(p) => paragraph(&mut s, p),
            Block::Table(t) => table(&mut s, t),
        }
    }
    let closed = has_closing
        && matches!(doc.body.last(), Some(Block::Paragraph(p)) if p.keeps_with_closing());
    if !closed {
        closing(&mut s, doc);
    }
    if let Some(note) = &doc.footnote {
        let _ = writeln!(
            s,
            "#v(12pt)\n#par(first-line-indent: 0pt, justify: false, text(size: 9pt, fill: \
             luma(90), {}))",
            lit(note)
        );
    }
    Ok(s)
}

/// DOC-03/04: issuer block top left ending in "*", number under it; "ĐẢNG CỘNG SẢN VIỆT
/// NAM" top right with a rule the length of the words, the place and date under it.
fn header_block(s: &mut String, doc: &Document) {
    let sizes = &doc.format.font_sizes;
    let h = &doc.header;
    let mut left = Vec::new();
    if let Some(sup) = &h.superior {
        left.push(format!(
            "text(size: {}pt, {})",
            Document::size(sizes.superior_name),
            lit(sup)
        ));
    }
    left.push(format!(
        "text(size: {}pt, weight: \"bold\", {})",
        Document::size(sizes.issuer_name),
        lit(&h.issuer)
    ));
    left.push(format!(
        "text(size: {}pt, \"*\")",
        Document::size(sizes.issuer_name)
    ));
    if let Some(n) = &h.number {
        left.push(format!(
            "text(size: {}pt, {})",
            Document::size(sizes.number),
            lit(n)
        ));
    }
    if h.draft {
        left.push(format!(
            "box(stroke: 0.8pt, inset: (x: 6pt, y: 4pt), text(size: {}pt, weight: \"bold\", {}))",
            Document::size(sizes.number),
            lit(DRAFT_MARK)
        ));
    }
    let mut right = vec![format!(
        "box(stroke: (bottom: 0.8pt), inset: (bottom: 3pt), text(size: {}pt, weight: \"bold\", {}))",
        Document::size(sizes.party_name),
        lit(PARTY_NAME)
    )];
    if let Some(pd) = &h.place_date {
        right.push("v(6pt)".to_owned());
        right.push(format!(
            "text(size: {}pt, style: \"italic\", {})",
            Document::size(sizes.place_date),
            lit(pd)
        ));
    }
    let stack = |items: &[String]| {
        format!(
            "stack(dir: ttb, spacing: 7pt, {})",
            items
                .iter()
                .map(|i| format!("align(center, {i})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let _ = writeln!(
        s,
        "#block(width: 100%, {{ set par(justify: false, first-line-indent: 0pt); grid(columns: \
         (48%, 52%), {}, {}) }})",
        stack(&left),
        stack(&right)
    );
}

fn run_markup(p: &Paragraph) -> String {
    p.runs
        .iter()
        .map(|r| {
            let mut args = String::new();
            if r.bold {
                args.push_str("weight: \"bold\", ");
            }
            if r.italic {
                args.push_str("style: \"italic\", ");
            }
            format!("text({args}{})", lit(&r.text))
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn paragraph(s: &mut String, p: &Paragraph) {
    let align = match p.align {
        Align::Left => "left",
        Align::Centre => "center",
        Align::Justify => "left",
    };
    let justify = p.align == Align::Justify;
    let indent = if p.indent {
        ""
    } else {
        "first-line-indent: 0pt, "
    };
    let par = format!("par(justify: {justify}, {indent}{})", run_markup(p));
    // Only a centred paragraph is wrapped: a wrapper would be a block, and blocks are spaced
    // by the block rules rather than by the paragraph spacing of the format (DOC-14).
    if align == "center" {
        let _ = writeln!(s, "#align(center, {par})");
    } else {
        let _ = writeln!(s, "#{par}");
    }
}

fn table(s: &mut String, t: &Table) {
    let cols = t
        .columns
        .iter()
        .map(|c| format!("{}fr", c.width.max(1)))
        .collect::<Vec<_>>()
        .join(", ");
    let aligns = t
        .columns
        .iter()
        .map(|c| match c.align {
            Align::Centre => "center + horizon",
            _ => "left + horizon",
        })
        .collect::<Vec<_>>()
        .join(", ");
    let header = t
        .columns
        .iter()
        .map(|c| format!("align(center, text(weight: \"bold\", {}))", lit(&c.header)))
        .collect::<Vec<_>>()
        .join(", ");
    let cells = t
        .rows
        .iter()
        .flat_map(|r| r.iter().map(|c| lit(c)))
        .collect::<Vec<_>>()
        .join(", ");
    // The header row repeats on every page the table runs over.
    let _ = writeln!(
        s,
        "#block(above: 6pt, below: 8pt, {{ set par(justify: false, first-line-indent: 0pt); \
         table(columns: ({cols},), align: ({aligns},), table.header(repeat: true, {header}), \
         {cells}) }})"
    );
}

/// The signature row (DOC-08, DOC-17) with the recipients on the left where there are any.
fn closing(s: &mut String, doc: &Document) {
    let c = &doc.closing;
    if c.left.is_none() && c.right.is_none() {
        return;
    }
    let corner = |corner: &Option<Corner>| match corner {
        None => "[]".to_owned(),
        Some(Corner::Recipients(lines)) => {
            let sizes = &doc.format.font_sizes;
            let mut items = vec![format!(
                "text(size: {}pt, underline({}))",
                Document::size(sizes.recipients_label),
                lit(RECIPIENTS_LABEL)
            )];
            items.extend(lines.iter().map(|l| {
                format!(
                    "text(size: {}pt, {})",
                    Document::size(sizes.recipients),
                    lit(l)
                )
            }));
            format!("stack(dir: ttb, spacing: 6pt, {})", items.join(", "))
        }
        Some(Corner::Signature(sig)) => signature(doc, sig),
    };
    let _ = writeln!(
        s,
        "#v(12pt)\n#block(breakable: false, {{ set par(justify: false, first-line-indent: 0pt); \
         grid(columns: (1fr, 1fr), {}, {}) }})",
        corner(&c.left),
        corner(&c.right)
    );
}

fn signature(doc: &Document, sig: &Signature) -> String {
    let size = Document::size(doc.format.font_sizes.signature);
    let mut items = Vec::new();
    if let Some(a) = &sig.authority {
        items.push(format!(
            "text(size: {size}pt, weight: \"bold\", {})",
            lit(a)
        ));
    }
    // DOC-14: under HD 05/2026 the signer's title under "T/M CHI BỘ" is not bold; a title
    // standing alone (the minutes' "CHỦ TRÌ") is the heading of its block and stays bold.
    let bold = sig.authority.is_none() || doc.format.signer_title_bold;
    let weight = if bold { "bold" } else { "regular" };
    items.push(format!(
        "text(size: {size}pt, weight: \"{weight}\", {})",
        lit(&sig.title)
    ));
    if let Some(n) = &sig.note {
        items.push(format!(
            "text(size: {}pt, style: \"italic\", {})",
            size.saturating_sub(1),
            lit(n)
        ));
    }
    items.push("v(22mm)".to_owned());
    if let Some(name) = &sig.name {
        items.push(format!(
            "text(size: {size}pt, weight: \"bold\", {})",
            lit(name)
        ));
    }
    format!(
        "stack(dir: ttb, spacing: 4pt, {})",
        items
            .iter()
            .map(|i| format!("align(center, {i})"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
