//! Server-rendered pages. Handlers parse input, call the app crate, and fill a template's
//! view model with strings already formatted for the user's language.

pub mod account;
pub mod admissions;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod ceremony;
pub mod home;
pub mod meetings;
pub mod minutes;
pub mod orgs;
pub mod people;
pub mod plans;
pub mod rulesets;
pub mod training;
pub mod training_bank;
pub mod training_setup;

use crate::routes::{access, Scope as S};
use askama::Template;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chibo_app::FieldError;
use chibo_domain::access::Capability as C;
use chibo_domain::access::Capability;
use chibo_domain::org::OrgTree;
use chibo_domain::OrgId;

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::forms::Field;
use crate::i18n::Catalog;

/// What the base template needs.
pub struct Layout {
    pub t: &'static Catalog,
    pub title: String,
    pub user: Option<String>,
    pub csrf: String,
    /// The page shows sandbox data (training mode, TRN-01): the "THỰC HÀNH" banner.
    pub practice: bool,
}

impl Layout {
    /// Marks the page as showing sandbox data (the "THỰC HÀNH" banner).
    pub fn practice(mut self, practice: bool) -> Self {
        self.practice = practice;
        self
    }

    pub fn new(ctx: &Ctx, title: impl Into<String>) -> Self {
        Self {
            t: ctx.t,
            title: title.into(),
            user: ctx.user.as_ref().map(|u| u.display_name.clone()),
            csrf: ctx.csrf.clone(),
            practice: false,
        }
    }
}

pub fn render<T: Template>(template: &T) -> Result<Response, WebError> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| WebError::Internal(e.to_string()))
}

/// `GET /healthz`: answers without touching the database, so a load balancer's probe
/// never adds load to it.
#[utoipa::path(
    get,
    path = "/healthz",
    summary = "Liveness probe; no database work",
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// `GET /lang/{code}`: remembers the language in a cookie and goes back home.
#[utoipa::path(
    get,
    path = "/lang/{code}",
    summary = "Switch the interface language",
    extensions(("x-access" = json!(access(C::Public, S::None))))
)]
pub async fn set_lang(Path(code): Path<String>) -> Response {
    let lang = if code == "en" { "en" } else { "vi" };
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax",
        crate::LANG_COOKIE
    )) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    l: Layout,
    message: &'a str,
    details: Vec<String>,
}

pub fn error_page(
    t: &'static Catalog,
    status: StatusCode,
    message: &str,
    fields: &[FieldError],
) -> Response {
    let page = ErrorPage {
        l: Layout {
            t,
            title: t.error_pages.error_title.to_string(),
            user: None,
            csrf: String::new(),
            practice: false,
        },
        message,
        details: fields
            .iter()
            .map(|f| format!("{}: {}", t.field(&f.field), t.field_error(&f.field, f.code)))
            .collect(),
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, message.to_string()).into_response(),
    }
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub l: Layout,
    pub heading: String,
    pub subheading: Option<String>,
    pub action: String,
    pub fields: Vec<Field>,
    pub summary: Vec<String>,
    pub submit: &'static str,
    pub cancel_url: String,
}

impl FormPage {
    /// Renders the form; with errors, status 422 and the typed values kept.
    pub fn respond(mut self, errors: &[FieldError]) -> Result<Response, WebError> {
        let mut summary = crate::forms::attach_errors(self.l.t, &mut self.fields, errors);
        summary.append(&mut self.summary);
        self.summary = summary;
        let mut response = render(&self)?;
        if !errors.is_empty() {
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Ok(response)
    }
}

/// Whether the current user holds `cap` over `org` (used to show or hide buttons; the
/// route table enforces it again on the request itself).
pub fn can(ctx: &Ctx, tree: &OrgTree, cap: Capability, org: Option<OrgId>) -> bool {
    crate::routes::may(ctx, tree, cap, org)
}

/// Parses the `?date=` of history views (dd/mm/yyyy or ISO), defaulting to today.
pub fn view_date(ctx: &Ctx, raw: &Option<String>) -> time::Date {
    raw.as_deref()
        .and_then(chibo_app::input::parse_date)
        .unwrap_or(ctx.today)
}

/// The one check for every `next` (where to go after login): only a path on this site.
/// One leading `/`, not followed by `/` or `\\` (a second slash or a backslash makes browsers
/// read another host), no backslash anywhere, no scheme, no control characters (browsers drop
/// tabs and newlines, so `/\t/evil.example` becomes `//evil.example`). Anything else is `/`.
pub fn same_site_path(next: Option<&str>) -> String {
    let ok = |n: &str| {
        let mut chars = n.chars();
        chars.next() == Some('/')
            && !matches!(chars.next(), Some('/') | Some('\\'))
            && !n.contains('\\')
            && !n.chars().any(|c| c.is_control() || c.is_whitespace())
            && !n.split(['?', '#']).next().unwrap_or("").contains(':')
    };
    match next {
        Some(n) if ok(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

/// 303 See Other after a successful POST, so a reload does not resubmit.
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}
