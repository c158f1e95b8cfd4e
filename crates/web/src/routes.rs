//! Every route of the server, with the capability it requires and how its target
//! organisation is found. This table is the only place where access is decided: the
//! `authorize` middleware looks up the matched route here and asks the domain's access table
//! (`chibo_domain::access`). A route registered without an entry here stops the server from
//! starting (and fails every test), and a request to a route missing from the table is
//! refused.

use axum::body::{to_bytes, Body};
use axum::extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::MethodRouter;
use axum::Router;
use chibo_domain::access::{allows, Capability};
use chibo_domain::org::OrgTree;
use chibo_domain::{OrgId, PersonId};

use crate::ctx::{cookie, now, Ctx, CurrentUser};
use crate::error::{ErrorTag, WebError};
use crate::i18n::Catalog;
use crate::AppState;

/// How the organisation a request is about is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Not about an organisation (users, settings, own pages).
    None,
    /// The `{id}` path parameter is an organisation.
    Org,
    /// The `{id}` path parameter is a person; the organisation is their cell.
    Person,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

impl Verb {
    fn matches(self, m: &Method) -> bool {
        match self {
            Verb::Get => m == Method::GET || m == Method::HEAD,
            Verb::Post => m == Method::POST,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub verb: Verb,
    pub path: &'static str,
    pub capability: Capability,
    pub scope: Scope,
    /// One line for the OpenAPI document (API routes) and for reviewers.
    pub summary: &'static str,
}

const fn r(
    verb: Verb,
    path: &'static str,
    capability: Capability,
    scope: Scope,
    summary: &'static str,
) -> RouteSpec {
    RouteSpec {
        verb,
        path,
        capability,
        scope,
        summary,
    }
}

use Capability as C;
use Scope as S;
use Verb::{Get, Post};

pub const ROUTES: &[RouteSpec] = &[
    r(
        Get,
        "/healthz",
        C::Public,
        S::None,
        "Liveness probe; no database work",
    ),
    r(
        Get,
        "/static/{*path}",
        C::Public,
        S::None,
        "Embedded static assets",
    ),
    r(
        Get,
        "/lang/{code}",
        C::Public,
        S::None,
        "Switch the interface language",
    ),
    r(Get, "/login", C::Public, S::None, "Login page"),
    r(Post, "/login", C::Public, S::None, "Log in"),
    r(Post, "/logout", C::Authenticated, S::None, "Log out"),
    r(Get, "/", C::Authenticated, S::None, "Home: what to do next"),
    r(
        Get,
        "/orgs",
        C::Authenticated,
        S::None,
        "Organisation tree browser",
    ),
    r(
        Get,
        "/orgs/{id}",
        C::ViewOrg,
        S::Org,
        "Organisation or cell page",
    ),
    r(
        Get,
        "/orgs/{id}/edit",
        C::ManageOrgTree,
        S::Org,
        "Form: rename, change kind or superior",
    ),
    r(
        Post,
        "/orgs/{id}/edit",
        C::ManageOrgTree,
        S::Org,
        "Rename, change kind or superior from a date",
    ),
    r(
        Get,
        "/orgs/{id}/children/new",
        C::ManageOrgTree,
        S::Org,
        "Form: new organisation under this one",
    ),
    r(
        Post,
        "/orgs/{id}/children",
        C::ManageOrgTree,
        S::Org,
        "Create an organisation under this one",
    ),
    r(
        Get,
        "/orgs/{id}/members/new",
        C::EditMembers,
        S::Org,
        "Form: new member of the cell",
    ),
    r(
        Post,
        "/orgs/{id}/members",
        C::EditMembers,
        S::Org,
        "Add a member to the cell",
    ),
    r(
        Get,
        "/orgs/{id}/non-members/new",
        C::EditMembers,
        S::Org,
        "Form: new non-member of the cell",
    ),
    r(
        Post,
        "/orgs/{id}/non-members",
        C::EditMembers,
        S::Org,
        "Add a non-member to the cell",
    ),
    r(
        Get,
        "/orgs/{id}/audit",
        C::ViewAudit,
        S::Org,
        "Audit log of the organisation's subtree",
    ),
    r(
        Get,
        "/people/{id}",
        C::ViewMembers,
        S::Person,
        "Member profile",
    ),
    r(
        Get,
        "/people/{id}/edit",
        C::EditMembers,
        S::Person,
        "Form: edit a person",
    ),
    r(
        Post,
        "/people/{id}/edit",
        C::EditMembers,
        S::Person,
        "Edit a person and their party record",
    ),
    r(
        Post,
        "/people/{id}/statuses",
        C::EditMembers,
        S::Person,
        "Add a dated status",
    ),
    r(
        Post,
        "/people/{id}/roles",
        C::EditMembers,
        S::Person,
        "Add a dated party role",
    ),
    r(
        Get,
        "/calendar",
        C::Authenticated,
        S::None,
        "Calendar: a year's holidays and the working-day calculator (CAL-01..03, VER-02)",
    ),
    r(
        Post,
        "/calendar/adjustments",
        C::ManageRuleSets,
        S::None,
        "Enter a year's decreed days off and working days (CAL-02)",
    ),
    r(
        Get,
        "/rulesets",
        C::Authenticated,
        S::None,
        "Rule set versions by area and the agendas in force on a date (VER-01)",
    ),
    r(
        Post,
        "/rulesets",
        C::ManageRuleSets,
        S::None,
        "Add a future rule version (VER-01)",
    ),
    r(
        Get,
        "/api/openapi.json",
        C::Public,
        S::None,
        "This API's OpenAPI document",
    ),
    r(
        Post,
        "/api/v1/login",
        C::Public,
        S::None,
        "Log in; returns the CSRF token for later writes",
    ),
    r(Post, "/api/v1/logout", C::Authenticated, S::None, "Log out"),
    r(
        Get,
        "/api/v1/me",
        C::Authenticated,
        S::None,
        "The logged-in user and their roles",
    ),
    r(
        Get,
        "/api/v1/orgs",
        C::Authenticated,
        S::None,
        "Organisations visible to the user on a date",
    ),
    r(
        Get,
        "/api/v1/orgs/{id}",
        C::ViewOrg,
        S::Org,
        "An organisation: version on a date, history, children",
    ),
    r(
        Post,
        "/api/v1/orgs/{id}/children",
        C::ManageOrgTree,
        S::Org,
        "Create an organisation under this one",
    ),
    r(
        Post,
        "/api/v1/orgs/{id}/changes",
        C::ManageOrgTree,
        S::Org,
        "Change kind, name, type or superior from a date",
    ),
    r(
        Get,
        "/api/v1/orgs/{id}/members",
        C::ViewMembers,
        S::Org,
        "Roster of a cell on a date, with flags",
    ),
    r(
        Post,
        "/api/v1/orgs/{id}/members",
        C::EditMembers,
        S::Org,
        "Add a member to a cell",
    ),
    r(
        Get,
        "/api/v1/people/{id}",
        C::ViewMembers,
        S::Person,
        "A person with party record, placements, statuses, roles",
    ),
    r(
        Post,
        "/api/v1/people/{id}",
        C::EditMembers,
        S::Person,
        "Update a person",
    ),
    r(
        Post,
        "/api/v1/people/{id}/membership",
        C::EditMembers,
        S::Person,
        "Set the party record of a person",
    ),
    r(
        Post,
        "/api/v1/people/{id}/statuses",
        C::EditMembers,
        S::Person,
        "Add a dated status",
    ),
    r(
        Post,
        "/api/v1/people/{id}/roles",
        C::EditMembers,
        S::Person,
        "Add a dated party role",
    ),
    r(
        Get,
        "/api/v1/orgs/{id}/local-settings",
        C::ViewOrg,
        S::Org,
        "Local settings of an organisation: its own and those in force after inheritance (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01)",
    ),
    r(
        Post,
        "/api/v1/orgs/{id}/local-settings",
        C::ManageLocalSettings,
        S::Org,
        "Set the local settings of an organisation for the units under it (MTG-QA-02..04, MTG-DUR-01, MTG-DAY-01)",
    ),
    r(
        Get,
        "/api/v1/calendar/holidays/{year}",
        C::Authenticated,
        S::None,
        "Public holidays and swapped working days of a year, with the holiday law in force (CAL-01..03)",
    ),
    r(
        Get,
        "/api/v1/calendar/working-days",
        C::Authenticated,
        S::None,
        "Working days: ?date=&n= gives the n-th working day after date; ?from=&to= counts them; ?date= alone tells whether it is one (VER-02)",
    ),
    r(
        Get,
        "/api/v1/calendar/lunar",
        C::Authenticated,
        S::None,
        "Vietnamese lunar date of ?date= (CAL-01)",
    ),
    r(
        Post,
        "/api/v1/calendar/adjustments/{year}",
        C::ManageRuleSets,
        S::None,
        "Replace a year's decreed days off and working days (CAL-02; administrators)",
    ),
    r(
        Get,
        "/api/v1/rulesets",
        C::Authenticated,
        S::None,
        "Every rule version, by area (VER-01)",
    ),
    r(
        Get,
        "/api/v1/rulesets/on",
        C::Authenticated,
        S::None,
        "The rule set in force on ?date= (default today): versions, agendas, parameters (VER-01)",
    ),
    r(
        Post,
        "/api/v1/rulesets",
        C::ManageRuleSets,
        S::None,
        "Add a future rule version (VER-01; administrators)",
    ),
    r(
        Get,
        "/api/v1/audit",
        C::ManageSystem,
        S::None,
        "The whole audit log (administrators)",
    ),
];

/// The `Allow` header of a path in the table: the methods it accepts, or `None` when the
/// table does not know the path.
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    let has = |v: Verb| ROUTES.iter().any(|s| s.path == path && s.verb == v);
    match (has(Verb::Get), has(Verb::Post)) {
        (true, true) => Some("GET, HEAD, POST"),
        (true, false) => Some("GET, HEAD"),
        (false, true) => Some("POST"),
        (false, false) => None,
    }
}

pub fn spec_for(method: &Method, path: &str) -> Option<&'static RouteSpec> {
    ROUTES
        .iter()
        .find(|s| s.path == path && s.verb.matches(method))
}

/// Whether the user may open `GET path` (a pattern of the table, such as `/orgs/{id}`) for
/// the organisation `target`: the very decision the middleware would take, so pages link
/// only to what opens (breadcrumbs, child lists, rosters) and show plain names otherwise.
pub fn may_get(ctx: &crate::ctx::Ctx, tree: &OrgTree, path: &str, target: Option<OrgId>) -> bool {
    spec_for(&Method::GET, path).is_some_and(|spec| {
        (spec.scope == Scope::None || target.is_some())
            && allows(
                ctx.user.as_ref().map(|u| &u.subject),
                spec.capability,
                target,
                tree,
                ctx.today,
            )
    })
}

/// Registers handlers, refusing any route that the access table does not list.
pub struct Builder {
    router: Router<AppState>,
    registered: Vec<(Verb, &'static str)>,
}

impl Builder {
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            registered: Vec::new(),
        }
    }

    /// Startup-time check: a route without an access rule is a programming error, caught
    /// before the server listens.
    pub fn at(
        mut self,
        verbs: &[Verb],
        path: &'static str,
        handler: MethodRouter<AppState>,
    ) -> Self {
        for verb in verbs {
            assert!(
                ROUTES.iter().any(|s| s.path == path && s.verb == *verb),
                "route {} {path} is missing from the access table in routes.rs",
                verb.as_str()
            );
            self.registered.push((*verb, path));
        }
        self.router = self.router.route(path, handler);
        self
    }

    pub fn finish(self) -> Router<AppState> {
        for spec in ROUTES {
            assert!(
                self.registered.contains(&(spec.verb, spec.path)),
                "access table lists {} {} but no handler is registered",
                spec.verb.as_str(),
                spec.path
            );
        }
        self.router
    }
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Finds the session, decides access, checks the CSRF token of writes, and hands the
/// handler its [`Ctx`].
pub async fn authorize(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match authorize_inner(&state, request, next).await {
        Ok(response) => response,
        Err(e) => e,
    }
}

async fn authorize_inner(
    state: &AppState,
    request: Request,
    next: Next,
) -> Result<Response, Response> {
    let (now, today) = now();
    let matched = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let method = request.method().clone();
    let Some(spec) = spec_for(&method, &matched) else {
        // The path exists with other methods: 405 with the methods it accepts.
        if let Some(allow) = allowed_methods(&matched) {
            return Err(WebError::MethodNotAllowed(allow).into_response());
        }
        tracing::error!(%method, path = %matched, "route missing from the access table; refused");
        return Err(WebError::Forbidden.into_response());
    };
    let api = is_api(&matched);
    let headers = request.headers().clone();

    // The session, if any.
    let session_cookie = cookie(&headers, crate::SESSION_COOKIE).map(str::to_string);
    let mut user: Option<CurrentUser> = None;
    let mut csrf = cookie(&headers, crate::CSRF_COOKIE)
        .unwrap_or_default()
        .to_string();
    if let Some(token) = &session_cookie {
        // One query: session, login and the person's name; the access records come from
        // the store's cache (dropped on every change to users or people).
        let hash = chibo_app::auth::token_hash(token);
        let context = state
            .store
            .session_context(&hash, now)
            .await
            .map_err(|e| WebError::from(e).into_response())?;
        if let Some(c) = context.filter(|c| !c.user.disabled) {
            let subject = chibo_app::auth::subject_from(&c.access, today);
            let display_name = c.person_name.unwrap_or_else(|| c.user.login.clone());
            csrf = c.session.csrf_token;
            user = Some(CurrentUser {
                record: c.user,
                subject,
                token_hash: hash,
                display_name,
            });
        }
    }
    let lang = cookie(&headers, crate::LANG_COOKIE)
        .map(str::to_string)
        .or_else(|| user.as_ref().map(|u| u.record.locale.clone()))
        .unwrap_or_else(|| "vi".into());
    let t = Catalog::for_lang(&lang);

    // Access: the target organisation comes from the `{id}` path parameter.
    let (mut parts, body) = request.into_parts();
    let id = match spec.scope {
        Scope::None => None,
        Scope::Org | Scope::Person => RawPathParams::from_request_parts(&mut parts, state)
            .await
            .ok()
            .and_then(|p| {
                p.iter()
                    .find(|(k, _)| *k == "id")
                    .and_then(|(_, v)| v.parse::<i64>().ok())
            }),
    };
    let request = Request::from_parts(parts, body);
    continue_with(
        state,
        request,
        next,
        spec,
        id,
        user,
        csrf,
        t,
        now,
        today,
        api,
        session_cookie.is_some(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn continue_with(
    state: &AppState,
    request: Request,
    next: Next,
    spec: &'static RouteSpec,
    id: Option<i64>,
    user: Option<CurrentUser>,
    csrf: String,
    t: &'static Catalog,
    now: i64,
    today: time::Date,
    api: bool,
    had_session_cookie: bool,
) -> Result<Response, Response> {
    // Anonymous visitors are sent to the login page before anything is looked up, so a
    // missing and an existing target answer alike.
    if user.is_none() && spec.capability != Capability::Public {
        return Err(unauthenticated(&request, api, had_session_cookie));
    }
    let target = match (spec.scope, id) {
        (Scope::None, _) => None,
        (Scope::Org, Some(id)) => Some(OrgId(id)),
        (Scope::Person, Some(id)) => Some(
            org_of_person(state, PersonId(id), today)
                .await
                .map_err(IntoResponse::into_response)?,
        ),
        (_, None) => return Err(WebError::NotFound.into_response()),
    };
    let needs_tree = user
        .as_ref()
        .is_some_and(|u| !u.subject.system_roles.is_empty())
        && target.is_some();
    let tree = if needs_tree {
        state
            .store
            .org_tree()
            .await
            .map_err(|e| WebError::from(e).into_response())?
    } else {
        std::sync::Arc::new(OrgTree::default())
    };
    let subject = user.as_ref().map(|u| &u.subject);
    if !allows(subject, spec.capability, target, &tree, today) {
        if user.is_none() {
            return Err(unauthenticated(&request, api, had_session_cookie));
        }
        // A target the user may not even see answers exactly like a missing one (no
        // enumeration of organisations or people); a visible one the user may not act on
        // is 403.
        let visible = match spec.scope {
            Scope::None => true,
            Scope::Org => allows(subject, Capability::ViewOrg, target, &tree, today),
            Scope::Person => allows(subject, Capability::ViewMembers, target, &tree, today),
        };
        return Err(if visible {
            WebError::Forbidden
        } else {
            WebError::NotFound
        }
        .into_response());
    }

    // CSRF: every write carries the token, either as the `X-CSRF-Token` header (API) or as
    // the `csrf` form field (pages). API writes must be JSON, which a cross-site form cannot
    // send without a CORS preflight that this server never grants.
    let mut request = request;
    if request.method() == Method::POST {
        if api {
            let is_json = request
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/json"));
            // A POST without a body (logout) need not declare a type; the CSRF header below
            // is what a cross-site page cannot send.
            let no_body = match request.headers().get(header::CONTENT_LENGTH) {
                Some(len) => len.as_bytes() == b"0",
                None => !request.headers().contains_key(header::TRANSFER_ENCODING),
            };
            let too_large = request
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<usize>().ok())
                .is_some_and(|n| n > crate::error::BODY_LIMIT);
            if too_large {
                return Err(WebError::TooLarge.into_response());
            }
            if !is_json && !no_body {
                return Err(
                    WebError::BadRequest("API writes must be application/json".into())
                        .into_response(),
                );
            }
            if spec.capability != Capability::Public {
                let sent = request
                    .headers()
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if csrf.is_empty() || !constant_time_eq(sent, &csrf) {
                    return Err(WebError::Csrf.into_response());
                }
            }
        } else {
            let (parts, body) = request.into_parts();
            let bytes = to_bytes(body, crate::error::BODY_LIMIT)
                .await
                .map_err(|_| WebError::TooLarge.into_response())?;
            let fields: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
            let sent = fields
                .iter()
                .find(|(k, _)| k == "csrf")
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            if csrf.is_empty() || !constant_time_eq(sent, &csrf) {
                return Err(WebError::Csrf.into_response());
            }
            request = Request::from_parts(parts, Body::from(bytes));
        }
    }

    // Anonymous visitors get a CSRF cookie for the login form (double-submit pattern).
    let fresh = csrf.is_empty().then(chibo_app::auth::new_token);
    let csrf = fresh.clone().unwrap_or(csrf);
    let client = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "local".into());
    let ctx = Ctx {
        t,
        user,
        csrf,
        today,
        now,
        client,
    };
    request.extensions_mut().insert(ctx);
    let mut response = next.run(request).await;
    if let Some(token) = fresh {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{}",
            crate::CSRF_COOKIE,
            state.cookie_suffix()
        )) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(response)
}

/// Not logged in: 401 for the API, the login page (coming back here afterwards) for pages.
fn unauthenticated(request: &Request, api: bool, had_session_cookie: bool) -> Response {
    if api {
        return WebError::Unauthenticated.into_response();
    }
    let next_url = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let expired = if had_session_cookie { "&expired=1" } else { "" };
    let to = format!("/login?next={}{expired}", urlencode(next_url));
    Redirect::to(&to).into_response()
}

async fn org_of_person(
    state: &AppState,
    person: PersonId,
    today: time::Date,
) -> Result<OrgId, WebError> {
    chibo_app::people::governing_org(&state.store, person, today)
        .await?
        .ok_or(WebError::NotFound)
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Turns tagged errors into bodies in the user's language: an HTML page, or for `/api` a
/// JSON object `{"error": {"code", "message", "fields": [{"field", "code", "message"}]}}`.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let api = is_api(request.uri().path());
    let lang = cookie(request.headers(), crate::LANG_COOKIE)
        .unwrap_or("vi")
        .to_string();
    let mut response = next.run(request).await;
    let Some(tag) = response.extensions_mut().remove::<ErrorTag>() else {
        return response;
    };
    let t = Catalog::for_lang(&lang);
    let status = response.status();
    let allow = response.headers().get(header::ALLOW).cloned();
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    if api {
        let fields: Vec<serde_json::Value> = tag
            .fields
            .iter()
            .map(|f| serde_json::json!({"field": f.field, "code": f.code, "message": t.field_error(&f.field, f.code)}))
            .collect();
        let mut error =
            serde_json::json!({"code": tag.code, "message": t.error(tag.code), "fields": fields});
        if let Some(current) = tag.current {
            error["current"] = current;
        }
        if let Some((line, column)) = tag.position {
            error["line"] = line.into();
            error["column"] = column.into();
            let at = t.json_position(line, column);
            error["message"] = format!("{} {at}", t.error(tag.code)).into();
            if let Some(first) = error["fields"].get_mut(0) {
                let m = format!(
                    "{} {at}",
                    t.field_error(&tag.fields[0].field, tag.fields[0].code)
                );
                first["message"] = m.into();
            }
        }
        let mut response = (status, axum::Json(body_of(error))).into_response();
        if let Some(allow) = allow {
            response.headers_mut().insert(header::ALLOW, allow);
        }
        if let Some(retry_after) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, retry_after);
        }
        return response;
    }
    let message = match status {
        StatusCode::NOT_FOUND => t.error_not_found,
        StatusCode::FORBIDDEN if tag.code == "csrf" => t.csrf_failed,
        StatusCode::FORBIDDEN => t.error_forbidden,
        StatusCode::TOO_MANY_REQUESTS => t.login_throttled,
        StatusCode::INTERNAL_SERVER_ERROR => t.error_internal,
        _ => t.error(tag.code),
    };
    let mut response = crate::pages::error_page(t, status, message, &tag.fields);
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    if let Some(retry_after) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, retry_after);
    }
    response
}

fn body_of(error: serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "error": error })
}

/// Security headers on every response: a strict CSP (everything is served by us), no
/// framing, no MIME sniffing, and no caching of pages that may show personal data.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_static = request.uri().path().starts_with("/static/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    if !is_static && !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    response
}
