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
pub mod pages;
pub mod routes;

use std::net::SocketAddr;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use chibo_store::Store;

use crate::routes::Verb::{Get, Post};

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
}

impl AppState {
    pub fn new(store: Store, secure_cookies: bool) -> Self {
        Self {
            store,
            secure_cookies,
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
    let b = routes::Builder::new()
        .at(&[Get], "/healthz", get(pages::healthz))
        .at(&[Get], "/static/{*path}", get(assets::serve))
        .at(&[Get], "/lang/{code}", get(pages::set_lang))
        .at(
            &[Get, Post],
            "/login",
            get(pages::auth::login_page).post(pages::auth::login_submit),
        )
        .at(&[Post], "/logout", post(pages::auth::logout))
        .at(&[Get], "/", get(pages::home::home))
        .at(&[Get], "/orgs", get(pages::orgs::tree))
        .at(&[Get], "/orgs/{id}", get(pages::orgs::show))
        .at(
            &[Get, Post],
            "/orgs/{id}/edit",
            get(pages::orgs::edit_form).post(pages::orgs::edit_submit),
        )
        .at(
            &[Get],
            "/orgs/{id}/children/new",
            get(pages::orgs::child_form),
        )
        .at(
            &[Post],
            "/orgs/{id}/children",
            post(pages::orgs::child_submit),
        )
        .at(
            &[Get],
            "/orgs/{id}/members/new",
            get(pages::people::new_member_form),
        )
        .at(
            &[Post],
            "/orgs/{id}/members",
            post(pages::people::new_member_submit),
        )
        .at(
            &[Get],
            "/orgs/{id}/non-members/new",
            get(pages::people::new_non_member_form),
        )
        .at(
            &[Post],
            "/orgs/{id}/non-members",
            post(pages::people::new_non_member_submit),
        )
        .at(&[Get], "/orgs/{id}/audit", get(pages::orgs::audit))
        .at(&[Get], "/people/{id}", get(pages::people::show))
        .at(
            &[Get, Post],
            "/people/{id}/edit",
            get(pages::people::edit_form).post(pages::people::edit_submit),
        )
        .at(
            &[Post],
            "/people/{id}/statuses",
            post(pages::people::add_status),
        )
        .at(&[Post], "/people/{id}/roles", post(pages::people::add_role))
        .at(&[Get], "/calendar", get(pages::calendar::calendar))
        .at(
            &[Post],
            "/calendar/adjustments",
            post(pages::calendar::adjustments_submit),
        )
        .at(
            &[Get, Post],
            "/rulesets",
            get(pages::rulesets::rulesets).post(pages::rulesets::add_version_submit),
        )
        .at(&[Get], "/api/openapi.json", get(api::openapi::document))
        .at(&[Post], "/api/v1/login", post(api::auth::login))
        .at(&[Post], "/api/v1/logout", post(api::auth::logout))
        .at(&[Get], "/api/v1/me", get(api::auth::me))
        .at(&[Get], "/api/v1/orgs", get(api::orgs::list))
        .at(&[Get], "/api/v1/orgs/{id}", get(api::orgs::show))
        .at(
            &[Post],
            "/api/v1/orgs/{id}/children",
            post(api::orgs::create_child),
        )
        .at(
            &[Post],
            "/api/v1/orgs/{id}/changes",
            post(api::orgs::change),
        )
        .at(
            &[Get, Post],
            "/api/v1/orgs/{id}/members",
            get(api::people::roster).post(api::people::enrol),
        )
        .at(
            &[Get, Post],
            "/api/v1/people/{id}",
            get(api::people::show).post(api::people::update),
        )
        .at(
            &[Post],
            "/api/v1/people/{id}/membership",
            post(api::people::set_membership),
        )
        .at(
            &[Post],
            "/api/v1/people/{id}/statuses",
            post(api::people::add_status),
        )
        .at(
            &[Post],
            "/api/v1/people/{id}/roles",
            post(api::people::add_role),
        )
        .at(
            &[Get, Post],
            "/api/v1/orgs/{id}/local-settings",
            get(api::rules::local_settings).post(api::rules::set_local_settings),
        )
        .at(
            &[Get],
            "/api/v1/calendar/holidays/{year}",
            get(api::calendar::holidays),
        )
        .at(
            &[Get],
            "/api/v1/calendar/working-days",
            get(api::calendar::working_days),
        )
        .at(&[Get], "/api/v1/calendar/lunar", get(api::calendar::lunar))
        .at(
            &[Post],
            "/api/v1/calendar/adjustments/{year}",
            post(api::calendar::set_adjustments),
        )
        .at(
            &[Get, Post],
            "/api/v1/rulesets",
            get(api::rules::list).post(api::rules::add_version),
        )
        .at(&[Get], "/api/v1/rulesets/on", get(api::rules::on))
        .at(&[Get], "/api/v1/audit", get(api::orgs::audit));
    b.finish()
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
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
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
