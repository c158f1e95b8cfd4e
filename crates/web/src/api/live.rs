//! The live feed of a meeting over server-sent events (issue 8, live view): members' phones
//! and the projector follow the meeting being chaired within a second. The path and the
//! event format are a contract with the browser code.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::HeaderValue;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use chibo_domain::access::Capability as C;
use chibo_domain::MeetingId;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::live::Watcher;
use crate::routes::{access, Scope as S};
use crate::AppState;

/// How long a browser waits before reconnecting after a lost connection.
pub const RETRY: Duration = Duration::from_millis(2000);
/// A comment line this often keeps proxies and phones from closing an idle stream.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often an open stream checks that its session is still live: a stream outlives the
/// request that opened it, so logging out, a password change, a disabled login or the
/// session's expiry must end it too, not only refuse the next request.
pub const SESSION_CHECK: Duration = Duration::from_secs(30);

/// The session a stream was opened with, rechecked every [`SESSION_CHECK`] (a cache hit in
/// the store, so it costs nothing per stream).
struct SessionGuard {
    store: chibo_store::Store,
    token_hash: String,
    tick: tokio::time::Interval,
}

impl SessionGuard {
    /// Waits for the next check and tells whether the session is still live (and its login enabled).
    async fn still_live(&mut self) -> bool {
        self.tick.tick().await;
        let (now, _) = crate::ctx::now();
        match self.store.session_context(&self.token_hash, now).await {
            Ok(Some(c)) => !c.user.disabled,
            Ok(None) => false,
            // A database hiccup does not cut a meeting's screen; the next check decides.
            Err(e) => {
                tracing::warn!(error = %e, "live stream: session check failed");
                true
            }
        }
    }
}

struct Stream {
    watcher: Watcher,
    first: bool,
    session: Option<SessionGuard>,
}

/// The next `state` event: at once the latest state, then one per newer state (states
/// published while the client was slow are skipped: it gets the newest).
async fn next_event(mut s: Stream) -> Option<(Result<Event, Infallible>, Stream)> {
    loop {
        if *s.watcher.closing.borrow() {
            return None;
        }
        if !s.first {
            let Stream {
                watcher, session, ..
            } = &mut s;
            let check = async {
                match session {
                    Some(g) => g.still_live().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                changed = watcher.rx.changed() => changed.ok()?,
                _ = watcher.closing.changed() => return None,
                live = check => {
                    if live {
                        continue;
                    }
                    return None;
                }
            }
        }
        let latest = s.watcher.rx.borrow_and_update().clone();
        let Some(p) = latest else {
            // Not loaded yet (cannot happen after `watch`): wait for the first state.
            s.first = false;
            continue;
        };
        let mut event = Event::default()
            .event("state")
            .id(p.version.to_string())
            .data(&*p.json);
        if s.first {
            event = event.retry(RETRY);
        }
        s.first = false;
        return Some((Ok(event), s));
    }
}

#[utoipa::path(
    get,
    path = "/api/v1/meetings/{id}/events",
    summary = "Follow a meeting live (server-sent events): its state at once, then after every change",
    description = "`text/event-stream`. Each event is `event: state`, `id: <the meeting's version>` and as `data` the live state as JSON: `meeting`, `version`, `status`, `kind`, `date`, `place`, `current_step` (`code`, `title`, `guidance`, `rules`, `started`) or null, `first_started`, `steps` (`code`, `title`, `state`), `attendance` (`summoned`, `present`, `absent_excused`, `absent_unexcused`, `not_called`, `voters_present`), `roster` (`person`, `name`, `presence`, `may_vote`, `summoned`), `last_vote` (`subject`, `kind`, `votes_for`, `against`, `abstain`, `denominator`, `passed`) or null, `contributions`, `tasks`. A comment every 15 s keeps the connection open; `retry: 2000`. A reconnecting client gets the whole state again at once. The stream ends when its session does (logout, password change, disabled login, expiry), checked every 30 s.",
    tag = "meetings",
    params(("id" = i64, Path, description = "Meeting id")),
    responses((status = 200, description = "The event stream", content_type = "text/event-stream")),
    extensions(("x-access" = json!(access(C::ViewMeetings, S::Meeting))))
)]
pub async fn events(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let watcher = state.live.watch(MeetingId(id)).await?;
    let session = ctx.user.as_ref().map(|u| {
        let mut tick = tokio::time::interval(state.session_check);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // The first tick of an interval fires at once; the session was just checked.
        tick.reset();
        SessionGuard {
            store: state.store.clone(),
            token_hash: u.token_hash.clone(),
            tick,
        }
    });
    let stream = futures_util::stream::unfold(
        Stream {
            watcher,
            first: true,
            session,
        },
        next_event,
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    // Reverse proxies (nginx) must pass events through as they come.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}
