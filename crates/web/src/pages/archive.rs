//! A cell's year as one zip, in the browser (issue 10): the secretary starts the export, a
//! page shows its progress — refreshing itself every second, so it works without JavaScript
//! — and offers the download once done. Jobs live in memory on this server
//! ([`ArchiveJobs`]); a restart forgets them (the export is simply started again).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use chibo_domain::access::Capability as C;
use chibo_domain::OrgId;
use serde::Deserialize;

use super::{render, Layout};
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::routes::{access, Scope as S};
use crate::AppState;

/// How many finished exports are kept (the oldest finished ones are dropped).
const KEEP: usize = 16;

/// How many exports may run at once on this server, all organisations together: an export
/// typesets every document of a year, and the server may have only two cores.
pub const MAX_RUNNING: usize = 2;

/// One export: its cell and year, progress, and the zip or the error once finished.
#[derive(Debug, Clone, Default)]
pub struct ArchiveJob {
    pub org: i64,
    pub year: i32,
    pub done: usize,
    pub total: usize,
    pub current: String,
    pub result: Option<Result<Arc<Vec<u8>>, String>>,
}

impl ArchiveJob {
    fn running(&self) -> bool {
        self.result.is_none()
    }
}

/// What asking for an export gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    /// A new export, started now: the caller runs it.
    New(u64),
    /// The organisation's export of that year is already running: follow that one.
    Running(u64),
}

/// Why an export was not started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The organisation already has an export of another year running (one at a time).
    OrgBusy { year: i32 },
    /// [`MAX_RUNNING`] exports are running on the server.
    ServerBusy,
}

/// The exports of this server, by id.
#[derive(Debug, Clone, Default)]
pub struct ArchiveJobs {
    inner: Arc<Mutex<(u64, HashMap<u64, ArchiveJob>)>>,
}

impl ArchiveJobs {
    /// Registers an export of `org`'s `year`, unless the organisation already has one running
    /// (the same year: that one is returned; another year: refused) or the server runs
    /// [`MAX_RUNNING`] already. Decided under one lock, so two quick requests cannot both
    /// start one.
    pub fn start(&self, org: i64, year: i32) -> Result<Started, Refused> {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((id, j)) = g.1.iter().find(|(_, j)| j.org == org && j.running()) {
            return if j.year == year {
                Ok(Started::Running(*id))
            } else {
                Err(Refused::OrgBusy { year: j.year })
            };
        }
        if g.1.values().filter(|j| j.running()).count() >= MAX_RUNNING {
            return Err(Refused::ServerBusy);
        }
        g.0 += 1;
        let id = g.0;
        if g.1.len() >= KEEP {
            let oldest_finished =
                g.1.iter()
                    .filter(|(_, j)| !j.running())
                    .map(|(id, _)| *id)
                    .min();
            if let Some(oldest) = oldest_finished {
                g.1.remove(&oldest);
            }
        }
        g.1.insert(
            id,
            ArchiveJob {
                org,
                year,
                ..Default::default()
            },
        );
        Ok(Started::New(id))
    }

    fn update(&self, id: u64, f: impl FnOnce(&mut ArchiveJob)) {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(j) = g.1.get_mut(&id) {
            f(j);
        }
    }

    /// Records the end of export `id` (kept if it already has one).
    pub fn finish(&self, id: u64, result: Result<Arc<Vec<u8>>, String>) {
        self.update(id, |j| {
            if j.result.is_none() {
                j.result = Some(result);
            }
        });
    }

    /// The job `id` of organisation `org` (another organisation's job is not found).
    fn get(&self, id: u64, org: i64) -> Option<ArchiveJob> {
        let g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.1.get(&id).filter(|j| j.org == org).cloned()
    }
}

/// Ends an export that stopped without a result (its task panicked or was dropped), so its
/// organisation and the server's slot are not held for ever.
struct Finished(ArchiveJobs, u64);

impl Drop for Finished {
    fn drop(&mut self) {
        self.0.finish(self.1, Err("interrupted".to_owned()));
    }
}

#[derive(Deserialize)]
pub struct StartForm {
    pub year: Option<i32>,
}

#[utoipa::path(
    post,
    path = "/orgs/{id}/archive",
    summary = "Starts the export of the cell's year as one zip (every approved document in DOCX and PDF, the registers) and shows its progress page",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn start(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
    Form(f): Form<StartForm>,
) -> Result<Response, WebError> {
    let year = f.year.unwrap_or(ctx.today.year()).clamp(2007, 2199);
    let jobs = state.archives.clone();
    let job = match jobs.start(id, year) {
        Ok(Started::New(job)) => job,
        Ok(Started::Running(job)) => {
            return Ok(Redirect::to(&format!("/orgs/{id}/archive/{job}")).into_response())
        }
        Err(Refused::OrgBusy { .. }) => return Err(WebError::Busy("archive_org_busy")),
        Err(Refused::ServerBusy) => return Err(WebError::Busy("archive_server_busy")),
    };
    let store = state.store.clone();
    let today = ctx.today;
    tokio::spawn(async move {
        let _finished = Finished(jobs.clone(), job);
        let progress = jobs.clone();
        let result = chibo_app::archive::year_archive(
            &store,
            OrgId(id),
            year,
            today,
            |done, total, name| {
                progress.update(job, |j| {
                    j.done = done;
                    j.total = total;
                    j.current = name.to_owned();
                })
            },
        )
        .await;
        jobs.finish(job, result.map(Arc::new).map_err(|e| e.to_string()));
    });
    Ok(Redirect::to(&format!("/orgs/{id}/archive/{job}")).into_response())
}

#[derive(Template)]
#[template(path = "archive.html")]
struct ArchivePage {
    l: Layout,
    id: i64,
    job: u64,
    name: String,
    year: i32,
    done: usize,
    total: usize,
    current: String,
    finished: bool,
    error: Option<String>,
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/archive/{job}",
    summary = "The progress of a year export; refreshes itself until the zip is ready, then offers it",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, job)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let job_id: u64 = job.parse().map_err(|_| WebError::NotFound)?;
    let j = state.archives.get(job_id, id).ok_or(WebError::NotFound)?;
    let tree = state.store.org_tree().await?;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .or_else(|| tree.history(OrgId(id)).last())
        .map(|v| v.name.to_string())
        .unwrap_or_default();
    let (finished, error) = match &j.result {
        None => (false, None),
        Some(Ok(_)) => (true, None),
        Some(Err(e)) => (true, Some(e.clone())),
    };
    render(&ArchivePage {
        l: Layout::new(&ctx, format!("{} · {name}", ctx.t.value("archive_title"))),
        id,
        job: job_id,
        name,
        year: j.year,
        done: j.done,
        total: j.total,
        current: j.current,
        finished,
        error,
    })
}

#[utoipa::path(
    get,
    path = "/orgs/{id}/archive/{job}/download",
    summary = "The finished year export as a zip",
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Org))))
)]
pub async fn download(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((id, job)): Path<(i64, String)>,
) -> Result<Response, WebError> {
    let job_id: u64 = job.parse().map_err(|_| WebError::NotFound)?;
    let j = state.archives.get(job_id, id).ok_or(WebError::NotFound)?;
    let Some(Ok(bytes)) = j.result else {
        return Ok(Redirect::to(&format!("/orgs/{id}/archive/{job_id}")).into_response());
    };
    let tree = state.store.org_tree().await?;
    let name = tree
        .version_on(OrgId(id), ctx.today)
        .map(|v| v.name.to_string())
        .unwrap_or_default();
    let filename = chibo_app::documents::safe_filename(&format!("{name} năm {}", j.year), "zip");
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                chibo_app::documents::content_disposition(&filename),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        bytes.as_ref().clone(),
    )
        .into_response())
}
