//! A cell's whole year as one zip (issue 10): every approved document of the year — the
//! minutes of each meeting whose minutes were approved, the signed resolutions, the topic
//! texts of thematic meetings, the numbered thematic plan — in DOCX and PDF, and the four
//! registers as workbooks. The caller is told of each file as it is made (the CLI's
//! progress bar).

use std::io::Write;

use chibo_domain::ruleset::{DocumentKind, MeetingKind};
use chibo_domain::OrgId;
use chibo_store::Store;
use time::Date;

use crate::documents::{render, render_plan, Format, Which};
use crate::error::AppError;
use crate::registers::Register;

/// One file to put in the archive, before it is rendered.
#[derive(Debug, Clone)]
enum Job {
    Meeting(chibo_domain::MeetingId, Which, Format),
    Plan(i64, Format),
    Register(Register),
}

/// What goes in the archive of `org`'s `year`, in order: (folder, job).
async fn plan_jobs(
    store: &Store,
    org: OrgId,
    year: i32,
    today: Date,
) -> Result<Vec<(&'static str, Job)>, AppError> {
    let mut jobs = Vec::new();
    let meetings = crate::meetings::list(store, org, year).await?;
    for entry in store.minutes_book(org, year).await? {
        let kind = meetings
            .iter()
            .find(|m| m.id == entry.meeting)
            .map(|m| m.kind);
        for f in [Format::Docx, Format::Pdf] {
            jobs.push(("Biên bản", Job::Meeting(entry.meeting, Which::Minutes, f)));
        }
        if store
            .document_of(entry.meeting, DocumentKind::Resolution)
            .await?
            .is_some()
        {
            for f in [Format::Docx, Format::Pdf] {
                jobs.push((
                    "Nghị quyết",
                    Job::Meeting(entry.meeting, Which::Resolution, f),
                ));
            }
        }
        if matches!(kind, Some(MeetingKind::Thematic | MeetingKind::Combined)) {
            for f in [Format::Docx, Format::Pdf] {
                jobs.push(("Chuyên đề", Job::Meeting(entry.meeting, Which::Topic, f)));
            }
        }
    }
    for row in store.plans_under(org, year, today).await? {
        let Some(plan) = row.plan.filter(|_| row.cell == org) else {
            continue;
        };
        if store.document_of_plan(plan.id).await?.is_some() {
            for f in [Format::Docx, Format::Pdf] {
                jobs.push(("Kế hoạch", Job::Plan(plan.id, f)));
            }
        }
    }
    for r in Register::ALL {
        jobs.push(("Sổ sách", Job::Register(r)));
    }
    Ok(jobs)
}

/// The zip of `org`'s `year`. `progress(done, total, name)` is called after each file.
pub async fn year_archive(
    store: &Store,
    org: OrgId,
    year: i32,
    today: Date,
    mut progress: impl FnMut(usize, usize, &str),
) -> Result<Vec<u8>, AppError> {
    let jobs = plan_jobs(store, org, year, today).await?;
    let total = jobs.len();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut names = std::collections::HashSet::new();
    for (done, (folder, job)) in jobs.into_iter().enumerate() {
        let file = match job {
            Job::Meeting(id, which, f) => render(store, id, which, f).await?,
            Job::Plan(id, f) => render_plan(store, id, f, today).await?,
            Job::Register(r) => crate::registers::render(store, org, r, year, today).await?,
        };
        // Two documents of one day would share a name: number the second.
        let mut name = format!("{folder}/{}", file.filename);
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{folder}/{n} {}", file.filename);
            n += 1;
        }
        zip.start_file(name.as_str(), options)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        zip.write_all(&file.bytes)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        progress(done + 1, total, &name);
    }
    let out = zip
        .finish()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(out.into_inner())
}
