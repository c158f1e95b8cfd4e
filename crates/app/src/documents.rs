//! Official documents of a meeting (issue 10): the minutes and the monthly resolution as
//! DOCX or PDF, rendered by `chibo-render` from the approved snapshot only (MTG-MIN-01,
//! DOC-19), and the signing of the resolution, which numbers it (DOC-05/06) in the unit of
//! work that records it.
//!
//! What the snapshot does not hold comes from the organisation tree on the meeting's date
//! (the cell, its superior, the place of the date line) and from the store (the number given
//! on signing, last month's tasks as reviewed at the meeting). Conventions, documented here
//! because no rule fixes them: the place in the date line is the province's name (the
//! topmost organisation above the cell, "Đảng bộ tỉnh Điện Biên" → "Điện Biên"); the
//! resolution reports to the superior's committee ("Đảng bộ phường X" → "Đảng ủy phường X");
//! a meeting in the first half of a month leads that month, a later one the next; the
//! signer's title is "BÍ THƯ" and the name is the signer's (before signing: the chair's);
//! approved minutes are final and print unnumbered, as kept in the minutes book (DOC-19).

use chibo_domain::meeting::minutes::Minutes;
use chibo_domain::meeting::MeetingError;
use chibo_domain::org::OrgTree;
use chibo_domain::ruleset::{Area, DocumentKind};
use chibo_domain::{MeetingId, OrgId};
use chibo_render::{Context, Issuer, Progress, ResolutionInput, Stage};
use chibo_store::{Actor, DocumentRecord, Store};
use time::Date;

use crate::error::AppError;

/// A file format users download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
}

impl Format {
    /// `docx` or `pdf` (any case).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "docx" => Some(Self::Docx),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Docx => "docx",
            Self::Pdf => "pdf",
        }
    }
}

/// Which document of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Minutes,
    Resolution,
    /// The final text of a thematic meeting's topic (issue 10, document 4).
    Topic,
}

/// A rendered file.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// Vietnamese, NFC, without characters a file system refuses: "Bien-ban" is not enough
    /// for a secretary filing it ("Biên bản 03-11-2025.pdf").
    pub filename: String,
    /// The resolution's number once signed.
    pub number: Option<u32>,
}

pub(crate) fn render_error(e: chibo_render::RenderError) -> AppError {
    match e {
        chibo_render::RenderError::Rules(r) => AppError::from(r),
        other => AppError::Internal(other.to_string()),
    }
}

/// The place of the date line: the topmost organisation's name without its "Đảng bộ tỉnh"
/// (or "thành phố") prefix; the cell's own name when it has no superior.
pub fn place_of(tree: &OrgTree, org: OrgId, on: Date) -> String {
    let top = tree.ancestors_on(org, on).last().copied().unwrap_or(org);
    let name = tree
        .version_on(top, on)
        .map(|v| v.name.as_str().to_owned())
        .unwrap_or_default();
    for prefix in [
        "Đảng bộ tỉnh ",
        "Đảng bộ thành phố ",
        "Đảng bộ Tỉnh ",
        "Đảng bộ Thành phố ",
        "Tỉnh ",
        "Thành phố ",
        "Đảng bộ ",
    ] {
        if let Some(rest) = name.strip_prefix(prefix) {
            return rest.to_owned();
        }
    }
    name
}

/// The committee a body's documents report to: "Đảng bộ phường X" → "Đảng ủy phường X".
pub fn committee_of(body: &str) -> String {
    match body.strip_prefix("Đảng bộ ") {
        Some(rest) => format!("Đảng ủy {rest}"),
        None => body.to_owned(),
    }
}

/// Letters, digits, spaces and a few marks kept (Vietnamese included); anything a file system
/// or a header could trip on becomes "-".
pub fn safe_filename(stem: &str, ext: &str) -> String {
    let cleaned: String = chibo_render::model::nfc(stem)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{}.{ext}", cleaned.trim())
}

/// The minutes or the resolution of a meeting as DOCX or PDF, from its approved snapshot.
pub async fn render(
    store: &Store,
    id: MeetingId,
    which: Which,
    format: Format,
) -> Result<Rendered, AppError> {
    let meeting = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let record = store
        .minutes(id)
        .await?
        .ok_or(AppError::from(MeetingError::DocumentNeedsApprovedMinutes))?;
    let catalogue = store.rule_catalogue().await?;
    // A mock meeting's cell is a sandbox, in no real tree (TRN-01): its own tree names it,
    // and its documents are marked THỰC HÀNH.
    let practice = store.is_sandbox(meeting.org).await?;
    let tree = store.tree_for(meeting.org).await?;
    let on = meeting.date;
    let cell = tree
        .version_on(meeting.org, on)
        .map(|v| v.name.as_str().to_owned())
        .unwrap_or_default();
    let superior = tree
        .superior_on(meeting.org, on)
        .and_then(|s| tree.version_on(s, on))
        .map(|v| v.name.as_str().to_owned());
    let issuer = Issuer {
        superior: superior.clone(),
        name: cell,
        code: "CB".to_owned(),
        place: place_of(&tree, meeting.org, on),
    };
    let snapshot: &Minutes = &record.minutes;
    let (mut doc, number, mut stem) = match which {
        Which::Minutes => {
            let ctx = Context {
                issuer,
                stage: Stage::Signed { number: None },
            };
            let doc = chibo_render::minutes(&catalogue, snapshot, &ctx, Some(&record.content_hash))
                .map_err(render_error)?;
            (doc, None, format!("Biên bản {}", dmy(on)))
        }
        Which::Topic => {
            let ctx = Context {
                issuer,
                stage: Stage::Signed { number: None },
            };
            let doc = chibo_render::topic(&catalogue, snapshot, &ctx)
                .map_err(render_error)?
                .ok_or(AppError::from(MeetingError::TopicNeedsThematicMeeting))?;
            (doc, None, format!("Chuyên đề {}", dmy(on)))
        }
        Which::Resolution => {
            let signed = store.document_of(id, DocumentKind::Resolution).await?;
            let stage = match &signed {
                Some(d) => Stage::Signed {
                    number: Some(d.number),
                },
                None => Stage::Draft,
            };
            let m = snapshot.latest();
            let (month, year) = if on.day() <= 15 {
                (u8::from(on.month()), on.year())
            } else {
                chibo_render::vi::next_month(u8::from(on.month()), on.year())
            };
            let view = crate::meetings::show(store, id).await?;
            let name = |p: chibo_domain::PersonId| {
                view.roster
                    .iter()
                    .find(|r| r.person == p)
                    .map(|r| r.full_name.clone())
            };
            let previous = view
                .carried_tasks
                .iter()
                .filter_map(|c| {
                    let review = c.reviews.iter().rev().find(|r| r.meeting == id)?;
                    let mut outcome = match review.review.progress.code() {
                        "done" => "Đã hoàn thành".to_owned(),
                        "in_progress" => "Đang thực hiện".to_owned(),
                        _ => "Chưa hoàn thành".to_owned(),
                    };
                    if let Some(c) = review.review.comment.as_deref().filter(|c| !c.is_empty()) {
                        outcome.push_str(&format!(": {c}"));
                    }
                    Some(Progress {
                        task: c.task.task.text.clone(),
                        owners: c.task.task.owners.iter().filter_map(|p| name(*p)).collect(),
                        outcome,
                    })
                })
                .collect();
            let signer_name = match &signed {
                Some(d) => d.signed_by.clone(),
                None => m.chair.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
            };
            let input = ResolutionInput {
                month,
                year,
                previous,
                report_to: superior.iter().map(|s| committee_of(s)).collect(),
                signer_title: "BÍ THƯ".to_owned(),
                signer_name,
            };
            let ctx = Context { issuer, stage };
            let doc = chibo_render::resolution(&catalogue, snapshot, &ctx, &input)
                .map_err(render_error)?;
            let number = signed.as_ref().map(|d| d.number);
            let stem = match number {
                Some(n) => format!(
                    "Nghị quyết {} {}",
                    chibo_domain::document::number_text(n, DocumentKind::Resolution, "CB"),
                    dmy(on)
                ),
                None => format!("Dự thảo nghị quyết {}", dmy(on)),
            };
            (doc, number, stem)
        }
    };
    if practice {
        chibo_render::mark_practice(&mut doc);
        stem = format!("THỰC HÀNH {stem}");
    }
    let bytes = match format {
        Format::Docx => chibo_render::docx::render(&doc),
        Format::Pdf => chibo_render::pdf::render(&doc),
    }
    .map_err(render_error)?;
    Ok(Rendered {
        bytes,
        content_type: format.content_type(),
        filename: safe_filename(&stem, format.extension()),
        number,
    })
}

/// The annual thematic plan (issue 11) as DOCX or PDF: numbered and dated as submitted
/// ("Số 01-KH/CB", DOC-05/06) while submitted or acknowledged; a draft or a returned plan
/// prints "DỰ THẢO" and no number, dated `today` (DOC-19).
pub async fn render_plan(
    store: &Store,
    id: i64,
    format: Format,
    today: Date,
) -> Result<Rendered, AppError> {
    use chibo_domain::plan::PlanStatus;
    let record = store.plan(id).await?.ok_or(AppError::NotFound("plan"))?;
    let plan = &record.plan;
    let numbered = store.document_of_plan(id).await?;
    let issued = matches!(
        plan.status,
        PlanStatus::Submitted | PlanStatus::Acknowledged
    );
    let (stage, on) = match (&numbered, issued) {
        (Some(d), true) => (
            Stage::Signed {
                number: Some(d.number),
            },
            d.document_date,
        ),
        _ => (Stage::Draft, today),
    };
    let catalogue = store.rule_catalogue().await?;
    let tree = store.org_tree().await?;
    let cell = tree
        .version_on(plan.cell, on)
        .map(|v| v.name.as_str().to_owned())
        .unwrap_or_default();
    let superior = tree
        .superior_on(plan.cell, on)
        .and_then(|s| tree.version_on(s, on))
        .map(|v| v.name.as_str().to_owned());
    let issuer = Issuer {
        superior: superior.clone(),
        name: cell,
        code: "CB".to_owned(),
        place: place_of(&tree, plan.cell, on),
    };
    let directive = match record.directive {
        Some(d) => store
            .directives_for(plan.cell, plan.year)
            .await?
            .into_iter()
            .find(|r| r.id == d)
            .map(|r| {
                let d = &r.directive;
                let mut words = format!(
                    "văn bản số {} ngày {} của {}",
                    d.reference.as_str(),
                    chibo_render::vi::dmy(d.date),
                    d.issuer
                );
                if !d.title.trim().is_empty() {
                    words.push_str(&format!(" về {}", d.title.trim()));
                }
                words
            }),
        None => None,
    };
    let first = Date::from_calendar_date(plan.year, time::Month::January, 1)
        .map_err(|_| AppError::Internal(format!("plan year {}", plan.year)))?;
    let rules = catalogue.rules_on(first)?;
    let records = store.cell_records(plan.cell).await?;
    let items = plan
        .items
        .iter()
        .map(|i| chibo_render::PlanLine {
            quarter: i.quarter.get(),
            month: i.month,
            topic: match (&i.topic.title, &i.topic.group) {
                (Some(t), _) => t.clone(),
                (None, Some(g)) => rules
                    .topic_groups()
                    .iter()
                    .find(|tg| &tg.code == g)
                    .map_or_else(|| g.clone(), |tg| tg.title_vi.clone()),
                (None, None) => String::new(),
            },
            presenter: i
                .presenter
                .and_then(|p| records.person(p))
                .map(|r| r.person.full_name.as_str().to_owned()),
            note: i.note.clone(),
        })
        .collect();
    let input = chibo_render::PlanInput {
        year: plan.year,
        date: on,
        directive,
        items,
        report_to: superior.iter().map(|s| committee_of(s)).collect(),
        signer_name: numbered
            .as_ref()
            .filter(|_| issued)
            .map(|d| d.signed_by.clone()),
    };
    let ctx = Context { issuer, stage };
    let doc = chibo_render::plan(&catalogue, &ctx, &input).map_err(render_error)?;
    let bytes = match format {
        Format::Docx => chibo_render::docx::render(&doc),
        Format::Pdf => chibo_render::pdf::render(&doc),
    }
    .map_err(render_error)?;
    let number = match stage {
        Stage::Signed { number } => number,
        Stage::Draft => None,
    };
    let stem = match number {
        Some(n) => format!(
            "Kế hoạch {} năm {}",
            chibo_domain::document::number_text(n, DocumentKind::Plan, "CB"),
            plan.year
        ),
        None => format!("Dự thảo kế hoạch chuyên đề năm {}", plan.year),
    };
    Ok(Rendered {
        bytes,
        content_type: format.content_type(),
        filename: safe_filename(&stem, format.extension()),
        number,
    })
}

/// `Content-Disposition` for a download: an ASCII `filename` for old clients (diacritics
/// dropped, "đ" → "d") and the Vietnamese name as `filename*=UTF-8''…` (RFC 6266/8187).
pub fn content_disposition(filename: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let ascii: String = filename
        .nfd()
        .filter_map(|c| match c {
            'đ' => Some('d'),
            'Đ' => Some('D'),
            c if c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.') => Some(c),
            c if c.is_ascii() => Some('_'),
            _ => None,
        })
        .collect();
    let mut encoded = String::new();
    for b in filename.as_bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(b) {
            encoded.push(char::from(*b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn dmy(d: Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

/// The signing as sent: the meeting version read, to refuse a stale signing (optional).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct SignInput {
    pub version: Option<i64>,
}

/// DOC-19, MTG-PREP-05: the secretary signs the meeting's resolution (a closed meeting with
/// approved minutes, once); it is numbered in the same unit of work, under the document
/// format version of the meeting's date.
pub async fn sign_resolution(
    store: &Store,
    actor: &Actor,
    id: MeetingId,
    signed_by: &str,
    input: &SignInput,
) -> Result<DocumentRecord, AppError> {
    let meeting = store
        .meeting(id)
        .await?
        .ok_or(AppError::NotFound("meeting"))?;
    let rules = store.rule_catalogue().await?.rules_on(meeting.date)?;
    let format_version = rules.version(Area::DocumentFormat).code.clone();
    let mut w = store.write(actor).await?;
    let (doc, _) = w
        .meetings()
        .sign_resolution(id, signed_by, &format_version, input.version)
        .await?;
    w.commit().await?;
    Ok(doc)
}

/// Issue 12: the cell's resolution proposing to admit the case's person (`recognition`
/// false) or to recognise them as an official member, from the case's recorded vote
/// (ADM-VOTE-01, ADM-REC-02), as DOCX or PDF. A draft (DOC-19): chibo does not yet number
/// these resolutions, so the cell numbers the signed copy in its register.
pub async fn render_case_resolution(
    store: &Store,
    id: i64,
    recognition: bool,
    format: Format,
) -> Result<Rendered, AppError> {
    use chibo_domain::admission::Step;
    let record = store
        .admission(id)
        .await?
        .ok_or(AppError::NotFound("admission"))?;
    let (timeline, _) = store.admission_history(id).await?;
    // The latest vote of that kind still in force (a step back forgets an earlier one).
    let on = if recognition {
        record.case.facts.recognition_resolution
    } else {
        record.case.facts.cell_resolution
    }
    .ok_or(AppError::NotFound("resolution"))?;
    let vote = timeline
        .iter()
        .rev()
        .filter(|s| s.date == on)
        .find_map(|s| match (&s.step, recognition) {
            (Step::CellResolution { vote, .. }, false) => Some(vote.clone()),
            (Step::RecognitionResolution { vote }, true) => Some(vote.clone()),
            _ => None,
        })
        .ok_or(AppError::NotFound("resolution"))?;
    let person = store
        .person(record.case.person)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let catalogue = store.rule_catalogue().await?;
    let tree = store.org_tree().await?;
    let cell = tree
        .version_on(record.org, on)
        .map(|v| v.name.as_str().to_owned())
        .unwrap_or_default();
    let superior = tree
        .superior_on(record.org, on)
        .and_then(|s| tree.version_on(s, on))
        .map(|v| v.name.as_str().to_owned());
    let issuer = Issuer {
        superior: superior.clone(),
        name: cell,
        code: "CB".to_owned(),
        place: place_of(&tree, record.org, on),
    };
    let input = chibo_render::AdmissionResolutionInput {
        recognition,
        date: on,
        person: person.person.full_name.as_str().to_owned(),
        birth_date: person.person.birth_date,
        votes_for: vote.tally.votes_for,
        against: vote.tally.against,
        abstain: vote.tally.abstain,
        denominator: vote.denominator,
        method: vote.method,
        ceremony: record.case.facts.ceremony.filter(|_| recognition),
        probation_ends: if recognition {
            record.case.probation_ends(&catalogue)
        } else {
            None
        },
        propose_to: superior.as_deref().map(committee_of),
        signer_name: None,
    };
    let ctx = Context {
        issuer,
        stage: Stage::Draft,
    };
    let doc = chibo_render::admission_resolution(&catalogue, &ctx, &input).map_err(render_error)?;
    let bytes = match format {
        Format::Docx => chibo_render::docx::render(&doc),
        Format::Pdf => chibo_render::pdf::render(&doc),
    }
    .map_err(render_error)?;
    let stem = format!(
        "Dự thảo nghị quyết {} {} {}",
        if recognition {
            "đề nghị công nhận chính thức"
        } else {
            "đề nghị kết nạp"
        },
        person.person.full_name.as_str(),
        chibo_render::vi::dmy(on).replace('/', "-")
    );
    Ok(Rendered {
        bytes,
        content_type: format.content_type(),
        filename: safe_filename(&stem, format.extension()),
        number: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filenames_keep_vietnamese_and_drop_separators() {
        assert_eq!(
            safe_filename("Nghị quyết 05-NQ/CB 03-11-2025", "pdf"),
            "Nghị quyết 05-NQ-CB 03-11-2025.pdf"
        );
        assert_eq!(safe_filename("a\"b\\c\r\n", "docx"), "a-b-c--.docx");
    }

    #[test]
    fn content_disposition_has_both_names() {
        assert_eq!(
            content_disposition("Biên bản 03-11-2025.pdf"),
            "attachment; filename=\"Bien ban 03-11-2025.pdf\"; filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%2003-11-2025.pdf"
        );
        assert!(content_disposition("Đảng.docx").contains("filename=\"Dang.docx\""));
    }

    #[test]
    fn committee_of_a_body() {
        assert_eq!(
            committee_of("Đảng bộ phường Him Lam"),
            "Đảng ủy phường Him Lam"
        );
        assert_eq!(committee_of("Chi bộ X"), "Chi bộ X");
    }
}
