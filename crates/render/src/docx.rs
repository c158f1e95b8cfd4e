//! DOCX backend: the model as an editable Word document (docx-rs), for secretaries who must
//! adjust a document before it goes up, and for committees that accept only Word.
//!
//! The file names "Times New Roman" (DOC-01); Word has it, LibreOffice substitutes the
//! metric-compatible Liberation Serif, so lines break alike. docx-rs has no API for two
//! properties the format needs, so they are added to its XML after building, each by one
//! narrow, tested substitution: `w:tblHeader` (a table's header row repeats on every page)
//! and `w:mirrorMargins` (margins mirrored on back pages, DOC-02/DOC-13).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, Header as DocxHeader, HeightRule, LineSpacing, LineSpacingType,
    PageMargin, PageNum, Paragraph as P, Run as R, RunFonts, SpecialIndentType, Table as T,
    TableBorders, TableCell, TableRow, WidthType,
};

use crate::model::{
    Align, Block, Corner, Document, Paragraph, Signature, Table, DRAFT_MARK, PARTY_NAME,
    RECIPIENTS_LABEL,
};
use crate::{paper_mm, paragraph_style, RenderError};

/// Twentieths of a point per millimetre.
fn twips(mm: u32) -> i32 {
    (f64::from(mm) * 1440.0 / 25.4).round() as i32
}

/// The row height docx-rs writes for a header row, replaced by `w:tblHeader` after building:
/// "at least 1 twip" is the only height no other row of ours asks for.
const HEADER_ROW_MARK: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

/// Renders the document as DOCX bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, RenderError> {
    let f = &doc.format;
    let (paper_w, paper_h) = paper_mm(f)?;
    let page_width = twips(paper_w);
    let sizes = &f.font_sizes;
    let body = Document::size(sizes.body);
    let m = &f.margins;
    let pn = &f.page_numbering;
    let family = f.font_family.as_str();
    let fonts = RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family);
    let para = paragraph_style(f);
    // DOC-02/DOC-13: the page number from page 2, centred at the top: a first-page header
    // left empty, the default header with a PAGE field, the header at the prescribed
    // distance from the top edge.
    let pn_size = pn.size_pt.unwrap_or(body);
    let number_header = DocxHeader::new().add_paragraph(
        P::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(half_points(pn_size)),
    );
    let header_distance = pn.distance_from_top_mm.unwrap_or(m.top / 2);
    let mut docx = Docx::new()
        .page_size(page_width as u32, twips(paper_h) as u32)
        .page_margin(
            PageMargin::new()
                .top(twips(m.top))
                .bottom(twips(m.bottom))
                .left(twips(m.left))
                .right(twips(m.right))
                .header(twips(header_distance))
                .footer(twips(m.bottom / 2)),
        )
        .default_fonts(fonts)
        .default_size(half_points(body))
        .header(number_header);
    if pn.from_page >= 2 {
        docx = docx.first_header(DocxHeader::new()).title_pg();
    }
    let text_width = page_width - twips(m.left) - twips(m.right);
    let ctx = Ctx {
        doc,
        line: (f64::from(para.line_spacing_pt.min) * 20.0) as i32,
        after: (para.min_space_between_paragraphs_pt * 20) as i32,
        indent: twips(para.first_line_indent_mm),
        text_width,
        justify: para.justified,
    };

    docx = docx.add_table(header_table(&ctx));
    if let Some(t) = &doc.type_line {
        docx = docx.add_paragraph(
            ctx.plain_par(AlignmentType::Center)
                .add_run(
                    R::new()
                        .add_text(t)
                        .bold()
                        .size(half_points(Document::size(sizes.type_name))),
                )
                .line_spacing(ctx.spacing().before(280)),
        );
    }
    if let Some(sum) = &doc.summary {
        docx = docx.add_paragraph(
            ctx.plain_par(AlignmentType::Center)
                .add_run(
                    R::new()
                        .add_text(sum)
                        .bold()
                        .size(half_points(Document::size(sizes.summary))),
                )
                .line_spacing(ctx.spacing().after(0)),
        );
    }
    if doc.type_line.is_some() || doc.summary.is_some() {
        // DOC-07: the short rule of five hyphens.
        docx = docx.add_paragraph(
            ctx.plain_par(AlignmentType::Center)
                .add_run(R::new().add_text(&f.summary_rule))
                .line_spacing(ctx.spacing().after(120)),
        );
    }
    let has_closing = doc.closing.left.is_some() || doc.closing.right.is_some();
    // The body's last paragraph stays on the page of the signatures, so a signature row
    // never stands alone on a last page.
    let last = doc.body.len().saturating_sub(1);
    for (i, b) in doc.body.iter().enumerate() {
        match b {
            Block::Heading(h) => {
                let align = if h.centred {
                    AlignmentType::Center
                } else {
                    AlignmentType::Left
                };
                docx = docx.add_paragraph(
                    ctx.plain_par(align)
                        .keep_next(true)
                        .add_run(R::new().add_text(&h.text).bold())
                        .line_spacing(ctx.spacing().before(120)),
                );
            }
            Block::Paragraph(p) => {
                let par = ctx.paragraph(p);
                let keep = has_closing && i == last && p.keeps_with_closing();
                docx = docx.add_paragraph(if keep {
                    par.keep_next(true).keep_lines(true)
                } else {
                    par
                });
            }
            Block::Table(t) => {
                docx = docx
                    .add_table(ctx.table(t))
                    .add_paragraph(P::new().line_spacing(LineSpacing::new().after(0).line(120)));
            }
        }
    }
    if has_closing {
        docx = docx
            .add_paragraph(P::new().keep_next(true))
            .add_table(closing_table(&ctx));
    }
    if let Some(note) = &doc.footnote {
        docx = docx.add_paragraph(
            ctx.plain_par(AlignmentType::Left)
                .add_run(R::new().add_text(note).size(18).color("5A5A5A"))
                .line_spacing(LineSpacing::new().before(240)),
        );
    }

    let mut xml = docx.build();
    let document = String::from_utf8(xml.document)
        .map_err(|e| RenderError::Docx(format!("document.xml is not UTF-8: {e}")))?;
    xml.document = document
        .replace(HEADER_ROW_MARK, "<w:tblHeader />")
        .into_bytes();
    if f.mirrored_back_pages {
        xml.settings = mirror_margins(xml.settings)?;
    }
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| RenderError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}

/// Adds `<w:mirrorMargins />` after `<w:zoom …/>`, where the settings schema's order puts it.
fn mirror_margins(settings: Vec<u8>) -> Result<Vec<u8>, RenderError> {
    let s = String::from_utf8(settings)
        .map_err(|e| RenderError::Docx(format!("settings.xml is not UTF-8: {e}")))?;
    let at = s
        .find("<w:zoom")
        .and_then(|z| s[z..].find("/>").map(|e| z + e + 2))
        .ok_or_else(|| RenderError::Docx("settings.xml has no w:zoom to follow".to_owned()))?;
    Ok(format!("{}<w:mirrorMargins />{}", &s[..at], &s[at..]).into_bytes())
}

fn half_points(pt: u32) -> usize {
    (pt * 2) as usize
}

struct Ctx<'a> {
    doc: &'a Document,
    /// Exact line spacing in twentieths of a point (DOC-14).
    line: i32,
    /// Space after a paragraph (DOC-14: at least 6 pt).
    after: i32,
    /// First-line indent (DOC-14: about 10 mm).
    indent: i32,
    text_width: i32,
    justify: bool,
}

impl Ctx<'_> {
    fn spacing(&self) -> LineSpacing {
        LineSpacing::new()
            .line(self.line)
            .line_rule(LineSpacingType::Exact)
            .after(self.after as u32)
    }

    /// A paragraph without indent: headings, header lines, table cells.
    fn plain_par(&self, align: AlignmentType) -> P {
        P::new().align(align).line_spacing(self.spacing())
    }

    fn paragraph(&self, p: &Paragraph) -> P {
        let align = match p.align {
            Align::Left => AlignmentType::Left,
            Align::Centre => AlignmentType::Center,
            Align::Justify if self.justify => AlignmentType::Both,
            Align::Justify => AlignmentType::Left,
        };
        let mut out = P::new().align(align).line_spacing(self.spacing());
        if p.indent {
            out = out.indent(
                None,
                Some(SpecialIndentType::FirstLine(self.indent)),
                None,
                None,
            );
        }
        for r in &p.runs {
            let mut run = R::new().add_text(&r.text);
            if r.bold {
                run = run.bold();
            }
            if r.italic {
                run = run.italic();
            }
            out = out.add_run(run);
        }
        out
    }

    /// A bordered table whose first row is its header, repeated on every page.
    fn table(&self, t: &Table) -> T {
        let total: u32 = t.columns.iter().map(|c| c.width.max(1)).sum();
        let widths: Vec<usize> = t
            .columns
            .iter()
            .map(|c| {
                (self.text_width as i64 * i64::from(c.width.max(1)) / i64::from(total.max(1)))
                    as usize
            })
            .collect();
        let cell = |text: &str, width: usize, align: AlignmentType, bold: bool| {
            let mut run = R::new().add_text(text);
            if bold {
                run = run.bold();
            }
            TableCell::new().width(width, WidthType::Dxa).add_paragraph(
                P::new()
                    .align(align)
                    .add_run(run)
                    .line_spacing(LineSpacing::new().after(0).before(40)),
            )
        };
        let header = TableRow::new(
            t.columns
                .iter()
                .zip(&widths)
                .map(|(c, w)| cell(&c.header, *w, AlignmentType::Center, true))
                .collect(),
        )
        .row_height(1.0)
        .height_rule(HeightRule::AtLeast)
        .cant_split();
        let mut rows = vec![header];
        for r in &t.rows {
            rows.push(
                TableRow::new(
                    r.iter()
                        .zip(&t.columns)
                        .zip(&widths)
                        .map(|((text, c), w)| {
                            let align = match c.align {
                                Align::Centre => AlignmentType::Center,
                                _ => AlignmentType::Left,
                            };
                            cell(text, *w, align, false)
                        })
                        .collect(),
                )
                .cant_split(),
            );
        }
        T::new(rows)
            .set_grid(widths)
            .width(self.text_width as usize, WidthType::Dxa)
    }

    fn line(&self, text: &str, size: u32, bold: bool, italic: bool) -> P {
        let mut run = R::new().add_text(text).size(half_points(size));
        if bold {
            run = run.bold();
        }
        if italic {
            run = run.italic();
        }
        P::new()
            .align(AlignmentType::Center)
            .add_run(run)
            .line_spacing(
                LineSpacing::new()
                    .after(0)
                    .line(300)
                    .line_rule(LineSpacingType::Auto),
            )
    }
}

/// DOC-03/04: a borderless two-column table — issuer block on the left, the party's name
/// underlined by a rule the width of the words and the place and date on the right.
fn header_table(ctx: &Ctx) -> T {
    let doc = ctx.doc;
    let sizes = &doc.format.font_sizes;
    let h = &doc.header;
    let left_w = ctx.text_width * 48 / 100;
    let right_w = ctx.text_width - left_w;
    let mut left = TableCell::new().width(left_w as usize, WidthType::Dxa);
    if let Some(sup) = &h.superior {
        left = left.add_paragraph(ctx.line(sup, Document::size(sizes.superior_name), false, false));
    }
    left = left
        .add_paragraph(ctx.line(&h.issuer, Document::size(sizes.issuer_name), true, false))
        .add_paragraph(ctx.line("*", Document::size(sizes.issuer_name), false, false));
    if let Some(n) = &h.number {
        left = left.add_paragraph(ctx.line(n, Document::size(sizes.number), false, false));
    }
    if h.draft {
        // DOC-19: "DỰ THẢO" where the number would be.
        left = left.add_paragraph(ctx.line(DRAFT_MARK, Document::size(sizes.number), true, false));
    }
    let party = P::new()
        .align(AlignmentType::Center)
        .add_run(
            R::new()
                .add_text(PARTY_NAME)
                .bold()
                .underline("single")
                .size(half_points(Document::size(sizes.party_name))),
        )
        .line_spacing(
            LineSpacing::new()
                .after(120)
                .line(300)
                .line_rule(LineSpacingType::Auto),
        );
    let mut right = TableCell::new()
        .width(right_w as usize, WidthType::Dxa)
        .add_paragraph(party);
    if let Some(pd) = &h.place_date {
        right = right.add_paragraph(ctx.line(pd, Document::size(sizes.place_date), false, true));
    }
    T::new(vec![TableRow::new(vec![left, right])])
        .set_borders(TableBorders::with_empty())
        .set_grid(vec![left_w as usize, right_w as usize])
        .width(ctx.text_width as usize, WidthType::Dxa)
}

/// DOC-08/DOC-17: the signature row, with the recipients (DOC-14) on the left where there
/// are any; a borderless table keeps the two sides level.
fn closing_table(ctx: &Ctx) -> T {
    let doc = ctx.doc;
    let half = ctx.text_width / 2;
    let corner = |c: &Option<Corner>| {
        let mut cell = TableCell::new().width(half as usize, WidthType::Dxa);
        match c {
            None => cell = cell.add_paragraph(P::new()),
            Some(Corner::Recipients(lines)) => {
                let sizes = &doc.format.font_sizes;
                cell = cell.add_paragraph(
                    P::new()
                        .add_run(
                            R::new()
                                .add_text(RECIPIENTS_LABEL)
                                .underline("single")
                                .size(half_points(Document::size(sizes.recipients_label))),
                        )
                        .line_spacing(LineSpacing::new().after(0)),
                );
                for l in lines {
                    cell = cell.add_paragraph(
                        P::new()
                            .add_run(
                                R::new()
                                    .add_text(l)
                                    .size(half_points(Document::size(sizes.recipients))),
                            )
                            .line_spacing(LineSpacing::new().after(0)),
                    );
                }
            }
            Some(Corner::Signature(sig)) => {
                for p in signature(ctx, sig) {
                    cell = cell.add_paragraph(p);
                }
            }
        }
        cell
    };
    T::new(vec![TableRow::new(vec![
        corner(&doc.closing.left),
        corner(&doc.closing.right),
    ])
    .cant_split()])
    .set_borders(TableBorders::with_empty())
    .set_grid(vec![half as usize, (ctx.text_width - half) as usize])
    .width(ctx.text_width as usize, WidthType::Dxa)
}

fn signature(ctx: &Ctx, sig: &Signature) -> Vec<P> {
    let size = Document::size(ctx.doc.format.font_sizes.signature);
    let mut out = Vec::new();
    if let Some(a) = &sig.authority {
        out.push(ctx.line(a, size, true, false));
    }
    // DOC-14: the signer's title under "T/M CHI BỘ" is not bold under HD 05/2026; a title
    // standing alone ("CHỦ TRÌ") heads its block and stays bold.
    let bold = sig.authority.is_none() || ctx.doc.format.signer_title_bold;
    out.push(ctx.line(&sig.title, size, bold, false));
    if let Some(n) = &sig.note {
        out.push(ctx.line(n, size.saturating_sub(1), false, true));
    }
    // Room for the signature.
    for _ in 0..4 {
        out.push(ctx.line("", size, false, false));
    }
    if let Some(name) = &sig.name {
        out.push(ctx.line(name, size, true, false));
    }
    out
}
