//! chibo's HTTP front door: server-rendered pages in Vietnamese (English complete), the JSON
//! API under `/api/v1` described at `/api/openapi.json`, sessions and CSRF, and the
//! route-by-route access table. Only this crate knows HTTP; handlers stay thin and call the
//! app crate's use cases.

pub mod api;
pub mod assets;
pub mod ctx;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod live;
pub mod pages;
pub mod routes;

use std::net::SocketAddr;

use axum::middleware;
use axum::Router;
use chibo_store::Store;

pub const SESSION_COOKIE: &str = "chibo_session";
pub const CSRF_COOKIE: &str = "chibo_csrf";
pub const LANG_COOKIE: &str = "chibo_lang";

/// Shared by every request; holds no per-user state, so several servers can run behind a
/// load balancer.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Live views of meetings being chaired (one per server; see [`live`]).
    pub live: live::LiveHub,
    /// How often an open live stream rechecks its session ([`api::live::SESSION_CHECK`];
    /// tests shorten it).
    pub session_check: std::time::Duration,
    /// Year exports running or finished in the browser (issue 10).
    pub archives: pages::archive::ArchiveJobs,
}

impl AppState {
    pub fn new(store: Store, secure_cookies: bool) -> Self {
        Self {
            live: live::LiveHub::new(store.clone()),
            store,
            secure_cookies,
            session_check: api::live::SESSION_CHECK,
            archives: Default::default(),
        }
    }

    pub(crate) fn cookie_suffix(&self) -> &'static str {
        if self.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    }
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    // Every operation must carry its access row: this stops the server before it listens
    // otherwise (and fails every test).
    let table = routes::table();
    tracing::debug!(routes = table.entries.len(), "access table");
    let (declared, _) = routes::declared().split_for_parts();
    declared
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            routes::authorize,
        ))
        .fallback(pages::not_found)
        .layer(middleware::from_fn(routes::render_errors))
        .layer(middleware::from_fn(routes::security_headers))
        .with_state(state)
}

/// Binds the listening socket; its `local_addr` is the address actually bound (port 0
/// picks a free port).
pub async fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await
}

/// Binds `addr` and serves until Ctrl-C or SIGTERM, finishing requests in flight.
pub async fn serve(state: AppState, addr: SocketAddr) -> std::io::Result<()> {
    serve_on(state, bind(addr).await?).await
}

/// Serves on a bound listener until Ctrl-C or SIGTERM; logs the address actually bound.
pub async fn serve_on(state: AppState, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "listening");
    let live = state.live.clone();
    let housekeeping = tokio::spawn(housekeeping(state.store.clone()));
    let served = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Live streams never end by themselves: end them, or shutdown would wait forever.
        live.close();
    })
    .await;
    housekeeping.abort();
    served
}

/// How often the server purges expired sessions and stale login failures.
const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Runs [`chibo_app::auth::housekeeping`] at start and then hourly, for the server's life.
/// A failure is logged and retried at the next round: it never stops the server.
async fn housekeeping(store: chibo_store::Store) {
    let mut every = tokio::time::interval(HOUSEKEEPING_EVERY);
    loop {
        every.tick().await;
        let (now, _) = ctx::now();
        match chibo_app::auth::housekeeping(&store, now).await {
            Ok((sessions, failures)) => {
                tracing::info!(
                    sessions,
                    failures,
                    "housekeeping: purged expired login state"
                )
            }
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
