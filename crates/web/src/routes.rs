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
use std::sync::OnceLock;

use chibo_domain::access::{allows, allows_at_meeting, Capability, MeetingRole};
use chibo_domain::org::OrgTree;
use chibo_domain::{MeetingId, OrgId, PersonId};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::ctx::{cookie, now, Ctx, CurrentUser};
use crate::error::{ErrorTag, WebError};
use crate::i18n::Catalog;
use crate::AppState;

/// What the `{id}` path parameter of a route names, and so how the organisation a request
/// is about is found. Access is decided against that organisation, in the access layer,
/// before the handler runs.
///
/// To scope routes by a new kind of record (a meeting, vote, plan, case or document), add a
/// variant here and its arm in [`Scope::resolve`] (the record's organisation on the date)
/// and in [`Scope::visible_with`] (what lets a user know the record exists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Not about an organisation (users, settings, own pages).
    None,
    /// The `{id}` path parameter is an organisation.
    Org,
    /// The `{id}` path parameter is a person; the organisation is the one governing their
    /// record (their cell).
    Person,
    /// The `{id}` path parameter is a meeting; the organisation is its cell.
    Meeting,
    /// The `{id}` path parameter is a thematic plan; the organisation is its cell.
    Plan,
    /// The `{id}` path parameter is an admission case; the organisation is its cell.
    Admission,
    /// The `{id}` path parameter is a practice course (TRN-01); the organisation is the
    /// committee owning it.
    TrainingCourse,
    /// The `{id}` path parameter is a practice class (TRN-01); the organisation is the
    /// committee owning its course.
    TrainingClass,
    /// The `{id}` path parameter is a practice group (TRN-01); the organisation is the
    /// committee owning its course, and the group's learners and the class's trainers hold
    /// their practice role there.
    TrainingGroup,
    /// The `{id}` path parameter is a mock meeting held in a practice group's sandbox cell
    /// (TRN-01); the organisation is the committee owning the course (a sandbox cell is in
    /// no real tree, so nobody's subtree reaches it).
    MockMeeting,
}

impl Scope {
    /// The organisation the path id belongs to on `today`; `None` when the id names
    /// nothing (answered as 404).
    pub async fn resolve(
        self,
        state: &AppState,
        id: i64,
        today: time::Date,
    ) -> Result<Option<OrgId>, WebError> {
        match self {
            Scope::None => Ok(None),
            Scope::Org => real_org(state, OrgId(id)).await,
            Scope::Person => {
                match chibo_app::people::governing_org(&state.store, PersonId(id), today).await {
                    Ok(Some(org)) => real_org(state, org).await,
                    Ok(None) => Ok(None),
                    Err(chibo_app::AppError::NotFound(_)) => Ok(None),
                    Err(e) => Err(e.into()),
                }
            }
            Scope::Meeting => {
                let Some(org) = state.store.meeting_org(MeetingId(id)).await? else {
                    return Ok(None);
                };
                // A mock meeting (TRN-01) is decided at the committee owning its class: its
                // sandbox cell is in no real tree, so nobody's subtree or roles reach it.
                match state.store.training_group_of(org).await? {
                    Some((_, class, _)) => match state.store.training_class(class).await? {
                        Some(c) => Ok(Some(standing_owner(state, c.course.owner, today).await?)),
                        None => Ok(None),
                    },
                    None => Ok(Some(org)),
                }
            }
            Scope::Plan => Ok(state.store.plan_org(id).await?),
            Scope::Admission => Ok(state.store.admission_org(id).await?),
            Scope::TrainingCourse => match state.store.training_course(id).await? {
                Some(c) => Ok(Some(standing_owner(state, c.owner, today).await?)),
                None => Ok(None),
            },
            Scope::TrainingClass => match state.store.training_class(id).await? {
                Some(c) => Ok(Some(standing_owner(state, c.course.owner, today).await?)),
                None => Ok(None),
            },
            Scope::TrainingGroup => {
                let Some((class, _)) = state.store.training_group(id).await? else {
                    return Ok(None);
                };
                match state.store.training_class(class).await? {
                    Some(c) => Ok(Some(standing_owner(state, c.course.owner, today).await?)),
                    None => Ok(None),
                }
            }
            Scope::MockMeeting => {
                match chibo_app::training::owner_of_mock(&state.store, MeetingId(id)).await? {
                    Some(owner) => Ok(Some(standing_owner(state, owner, today).await?)),
                    None => Ok(None),
                }
            }
        }
    }

    /// The path parameters that may name the target, first found wins: an organisation is
    /// `{id}` or `{cell}`, a person `{id}` or `{person}`, a meeting `{id}` (on
    /// `/meetings/{id}/attendance/{person}` the meeting decides, the person is checked
    /// against its roster by the use case).
    pub fn path_params(self) -> &'static [&'static str] {
        match self {
            Scope::None => &[],
            Scope::Org => &["id", "cell", "committee", "org"],
            Scope::Person => &["id", "person"],
            Scope::Meeting
            | Scope::Plan
            | Scope::Admission
            | Scope::TrainingCourse
            | Scope::TrainingClass
            | Scope::TrainingGroup
            | Scope::MockMeeting => &["id"],
        }
    }

    /// The capability that lets a user know the target exists: without it, a refusal
    /// answers 404 like a missing record (no enumeration).
    pub fn visible_with(self) -> Capability {
        match self {
            Scope::None => Capability::Authenticated,
            Scope::Org => Capability::ViewOrg,
            Scope::Person => Capability::ViewMembers,
            Scope::Meeting => Capability::ViewMeetings,
            Scope::Plan => Capability::ViewPlans,
            Scope::Admission => Capability::ViewAdmissions,
            Scope::TrainingCourse
            | Scope::TrainingClass
            | Scope::TrainingGroup
            | Scope::MockMeeting => Capability::ViewTraining,
        }
    }
}

/// `org` as the target of an organisation's or a person's route: a practice group's
/// sandbox cell (TRN-01) is none — not even for an administrator — so its registers, year
/// archive, lists and member records never come out as a real cell's; it is reached only
/// through the training routes, which mark everything THỰC HÀNH. Sandbox cells are never in
/// the real (cached) tree, so only an organisation missing from it costs a lookup.
async fn real_org(state: &AppState, org: OrgId) -> Result<Option<OrgId>, WebError> {
    let tree = state.store.org_tree().await?;
    if tree.history(org).is_empty() && state.store.is_sandbox(org).await? {
        return Ok(None);
    }
    Ok(Some(org))
}

/// The committee answering today for a training course owned by `owner` (TRN-01): the
/// owner while it exists, else the superior it last stood under, and so on (a district
/// committee's classes of 2020 pass to the province after the 2025 reorganisation, ORG-01).
pub(crate) async fn standing_owner(
    state: &AppState,
    owner: OrgId,
    today: time::Date,
) -> Result<OrgId, WebError> {
    let tree = state.store.org_tree().await?;
    let mut org = owner;
    for _ in 0..16 {
        if tree.version_on(org, today).is_some() {
            return Ok(org);
        }
        match tree.history(org).last().and_then(|v| v.parent) {
            Some(parent) => org = parent,
            None => return Ok(org),
        }
    }
    Ok(org)
}

/// The access row of a route: the capability it requires and how its target organisation
/// is found. Declared on the handler, inside its `#[utoipa::path]` attribute, as the
/// operation extension `x-access`:
///
/// ```ignore
/// #[utoipa::path(get, path = "/api/v1/orgs/{id}", params(Id),
///     extensions(("x-access" = json!(access(C::ViewOrg, S::Org)))))]
/// pub async fn show(...)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    pub capability: Capability,
    pub scope: Scope,
    /// Also check the capability against the organisation named by the body's `org` field
    /// (a role or status given in another organisation than the person's cell).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub body_org: bool,
}

/// An access row (see [`Access`]).
pub const fn access(capability: Capability, scope: Scope) -> Access {
    Access {
        capability,
        scope,
        body_org: false,
    }
}

impl Access {
    /// The write also names an organisation in its body (`org`), checked as well.
    pub const fn and_body_org(mut self) -> Self {
        self.body_org = true;
        self
    }
}

/// One route of the server, as declared on its handler.
#[derive(Debug, Clone)]
pub struct Entry {
    pub method: Method,
    pub path: String,
    pub access: Access,
    pub summary: String,
}

/// Every route with its access row, read from the declarations (see [`declared`]).
#[derive(Debug)]
pub struct AccessTable {
    pub entries: Vec<Entry>,
}

const METHODS: [(&str, Method); 5] = [
    ("get", Method::GET),
    ("post", Method::POST),
    ("put", Method::PUT),
    ("patch", Method::PATCH),
    ("delete", Method::DELETE),
];

impl AccessTable {
    /// Reads the `x-access` extension of every operation. An operation without one (a
    /// handler declared without its access row) is a programming error that stops the
    /// server before it listens.
    fn from_openapi(doc: &utoipa::openapi::OpenApi) -> Self {
        #[allow(clippy::expect_used)] // startup: a broken declaration must stop the server
        let doc = serde_json::to_value(doc).expect("the OpenAPI document serialises");
        let mut entries = Vec::new();
        if let Some(paths) = doc["paths"].as_object() {
            for (path, item) in paths {
                for (name, method) in &METHODS {
                    let Some(op) = item.get(*name) else { continue };
                    let access: Access =
                        match op.get("x-access").cloned().map(serde_json::from_value) {
                            Some(Ok(a)) => a,
                            _ => panic!(
                                "route {} {path} declares no access row (x-access) on its handler",
                                name.to_uppercase()
                            ),
                        };
                    let summary = op["summary"].as_str().unwrap_or_default().to_string();
                    assert!(
                        !summary.is_empty(),
                        "route {} {path} has no summary (the handler's doc comment)",
                        name.to_uppercase()
                    );
                    entries.push(Entry {
                        method: method.clone(),
                        path: path.clone(),
                        access,
                        summary,
                    });
                }
            }
        }
        Self { entries }
    }

    /// The entry of a request's method on a route pattern; `HEAD` is answered by `GET`.
    pub fn find(&self, method: &Method, path: &str) -> Option<&Entry> {
        let method = if method == Method::HEAD {
            &Method::GET
        } else {
            method
        };
        self.entries
            .iter()
            .find(|e| e.path == path && e.method == method)
    }

    /// The `Allow` header of a route pattern, or `None` when the table does not know it.
    pub fn allowed_methods(&self, path: &str) -> Option<String> {
        let mut names: Vec<&str> = Vec::new();
        for (_, method) in &METHODS {
            if self
                .entries
                .iter()
                .any(|e| e.path == path && e.method == method)
            {
                if *method == Method::GET {
                    names.extend(["GET", "HEAD"]);
                } else {
                    names.push(method.as_str());
                }
            }
        }
        (!names.is_empty()).then(|| names.join(", "))
    }
}

/// The access table, built once from the declarations.
pub fn table() -> &'static AccessTable {
    static TABLE: OnceLock<AccessTable> = OnceLock::new();
    TABLE.get_or_init(|| AccessTable::from_openapi(&declared().split_for_parts().1))
}

/// The OpenAPI document served at `/api/openapi.json`: the declared operations under
/// `/api/` (pages are declared the same way but are not part of the API).
pub fn api_document() -> &'static serde_json::Value {
    static DOC: OnceLock<serde_json::Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = declared().split_for_parts().1;
        doc.paths.paths.retain(|path, _| is_api(path));
        utoipa::Modify::modify(&crate::api::openapi::Common, &mut doc);
        serde_json::to_value(&doc).unwrap_or_default()
    })
}

/// Every route of the server: one `routes!` per path, each handler carrying its
/// `#[utoipa::path]` declaration (method, path, access row, OpenAPI operation).
pub fn declared() -> OpenApiRouter<AppState> {
    use crate::{api, assets, pages};
    OpenApiRouter::with_openapi(crate::api::openapi::ApiDoc::openapi())
        .routes(routes!(pages::healthz))
        .routes(routes!(assets::serve))
        .routes(routes!(pages::set_lang))
        .routes(routes!(pages::auth::login_page, pages::auth::login_submit))
        .routes(routes!(pages::auth::logout))
        .routes(routes!(pages::home::home))
        .routes(routes!(pages::home::read_notices))
        .routes(routes!(
            pages::account::password_form,
            pages::account::password_submit
        ))
        .routes(routes!(
            pages::account::calendar_page,
            pages::account::calendar_issue
        ))
        .routes(routes!(pages::account::calendar_revoke))
        .routes(routes!(pages::orgs::tree))
        .routes(routes!(pages::orgs::show))
        .routes(routes!(pages::orgs::edit_form, pages::orgs::edit_submit))
        .routes(routes!(pages::orgs::child_form))
        .routes(routes!(pages::orgs::child_submit))
        .routes(routes!(pages::people::new_member_form))
        .routes(routes!(pages::people::new_member_submit))
        .routes(routes!(pages::people::new_non_member_form))
        .routes(routes!(pages::people::new_non_member_submit))
        .routes(routes!(pages::orgs::audit))
        .routes(routes!(pages::orgs::search))
        .routes(routes!(pages::orgs::roster_csv))
        .routes(routes!(pages::people::show))
        .routes(routes!(
            pages::people::edit_form,
            pages::people::edit_submit
        ))
        .routes(routes!(pages::people::add_status))
        .routes(routes!(pages::people::add_role))
        .routes(routes!(pages::people::exemption_submit))
        .routes(routes!(pages::people::exemption_step_submit))
        .routes(routes!(pages::people::temporary_transfer_submit))
        .routes(routes!(pages::people::transfer_submit))
        .routes(routes!(pages::people::transfer_step_submit))
        .routes(routes!(pages::people::discipline_submit))
        .routes(routes!(pages::calendar::calendar))
        .routes(routes!(pages::calendar::adjustments_submit))
        .routes(routes!(
            pages::rulesets::rulesets,
            pages::rulesets::add_version_submit
        ))
        .routes(routes!(pages::meetings::create))
        .routes(routes!(pages::meetings::show))
        .routes(routes!(pages::meetings::live))
        .routes(routes!(pages::meetings::view))
        .routes(routes!(pages::meetings::projector))
        .routes(routes!(pages::meetings::attendance))
        .routes(routes!(pages::meetings::contribution))
        .routes(routes!(pages::meetings::task))
        .routes(routes!(pages::meetings::vote))
        .routes(routes!(pages::meetings::transition))
        .routes(routes!(pages::meetings::step))
        .routes(routes!(pages::meetings::details))
        .routes(routes!(pages::ceremony::save))
        .routes(routes!(pages::admissions::board, pages::admissions::open))
        .routes(routes!(pages::admissions::show))
        .routes(routes!(pages::admissions::transition))
        .routes(routes!(pages::admissions::add_document))
        .routes(routes!(pages::admissions::resolution))
        .routes(routes!(pages::plans::under))
        .routes(routes!(pages::plans::cell_plan, pages::plans::create))
        .routes(routes!(pages::plans::show))
        .routes(routes!(pages::plans::items))
        .routes(routes!(pages::plans::cell_step))
        .routes(routes!(pages::plans::review))
        .routes(routes!(pages::plans::comment))
        .routes(routes!(pages::plans::from_item))
        .routes(routes!(pages::plans::directive_form))
        .routes(routes!(pages::plans::directive_submit))
        .routes(routes!(pages::meetings::my_absence))
        .routes(routes!(pages::meetings::approve_minutes))
        .routes(routes!(pages::minutes::show))
        .routes(routes!(pages::minutes::edit_wording))
        .routes(routes!(pages::minutes::review_task))
        .routes(routes!(pages::minutes::book))
        .routes(routes!(pages::archive::start))
        .routes(routes!(pages::archive::show))
        .routes(routes!(pages::archive::download))
        .routes(routes!(pages::minutes::sign_resolution))
        .routes(routes!(api::openapi::document))
        .routes(routes!(api::auth::login))
        .routes(routes!(api::auth::logout))
        .routes(routes!(api::auth::me))
        .routes(routes!(api::orgs::list))
        .routes(routes!(api::orgs::show))
        .routes(routes!(api::orgs::create_child))
        .routes(routes!(api::orgs::change))
        .routes(routes!(api::people::roster, api::people::enrol))
        .routes(routes!(
            api::people::show,
            api::people::replace,
            api::people::patch
        ))
        .routes(routes!(api::people::set_membership))
        .routes(routes!(api::people::add_status))
        .routes(routes!(api::people::add_role))
        .routes(routes!(
            api::rules::local_settings,
            api::rules::set_local_settings
        ))
        .routes(routes!(api::calendar::holidays))
        .routes(routes!(api::calendar::working_days))
        .routes(routes!(api::calendar::lunar))
        .routes(routes!(api::calendar::set_adjustments))
        .routes(routes!(api::rules::list, api::rules::add_version))
        .routes(routes!(api::rules::on))
        .routes(routes!(api::orgs::audit))
        .routes(routes!(api::meetings::list, api::meetings::create))
        .routes(routes!(api::meetings::show))
        .routes(routes!(api::meetings::set_attendance))
        .routes(routes!(api::meetings::add_contribution))
        .routes(routes!(api::meetings::add_task))
        .routes(routes!(api::meetings::record_vote))
        .routes(routes!(api::meetings::transition))
        .routes(routes!(api::live::events))
        .routes(routes!(api::meetings::step))
        .routes(routes!(api::meetings::set_details))
        .routes(routes!(api::meetings::set_thematic))
        .routes(routes!(api::meetings::set_ceremony))
        .routes(routes!(api::meetings::attach_draft_file))
        .routes(routes!(api::meetings::draft_file))
        .routes(routes!(api::meetings::approve_draft))
        .routes(routes!(api::meetings::propose_quality))
        .routes(routes!(api::meetings::excuse_own_absence))
        .routes(routes!(api::meetings::minutes))
        .routes(routes!(api::meetings::approve_minutes))
        .routes(routes!(api::meetings::resolution))
        .routes(routes!(api::meetings::topic))
        .routes(routes!(api::meetings::sign_resolution))
        .routes(routes!(api::meetings::add_addendum))
        .routes(routes!(api::meetings::edit_wording))
        .routes(routes!(api::meetings::review_task))
        .routes(routes!(api::meetings::open_tasks))
        .routes(routes!(api::meetings::unexcused_absences))
        .routes(routes!(api::meetings::minutes_book))
        .routes(routes!(api::meetings::register))
        .routes(routes!(api::meetings::attendance_of))
        .routes(routes!(api::ical::meeting_ics))
        .routes(routes!(api::ical::issue_feed, api::ical::revoke_feed))
        .routes(routes!(api::notices::list))
        .routes(routes!(api::notices::read))
        .routes(routes!(api::notices::set_liaison))
        .routes(routes!(api::plans::add_directive, api::plans::directives))
        .routes(routes!(api::plans::create, api::plans::under))
        .routes(routes!(api::plans::show))
        .routes(routes!(api::plans::document))
        .routes(routes!(api::plans::set_items))
        .routes(routes!(api::plans::submit))
        .routes(routes!(api::plans::revise))
        .routes(routes!(api::plans::acknowledge))
        .routes(routes!(api::plans::return_plan))
        .routes(routes!(api::plans::meeting_from_item))
        .routes(routes!(api::plans::comment))
        .routes(routes!(api::admissions::open, api::admissions::board))
        .routes(routes!(api::admissions::show))
        .routes(routes!(api::admissions::transition))
        .routes(routes!(api::admissions::add_document))
        .routes(routes!(api::admissions::deadlines))
        .routes(routes!(api::lifecycle::list))
        .routes(routes!(api::lifecycle::exemption))
        .routes(routes!(api::lifecycle::exemption_step))
        .routes(routes!(api::lifecycle::temporary_transfer))
        .routes(routes!(api::lifecycle::transfer))
        .routes(routes!(api::lifecycle::member_transfer_step))
        .routes(routes!(api::lifecycle::cell_transfer_step))
        .routes(routes!(api::lifecycle::discipline))
        .routes(routes!(api::ical::feed))
        // TRN-02: the situation bank written by trainers.
        .routes(routes!(api::training_bank::bank, api::training_bank::write))
        .routes(routes!(api::training_bank::withdraw))
        .routes(routes!(
            pages::training_bank::bank_page,
            pages::training_bank::write_form
        ))
        .routes(routes!(pages::training_bank::withdraw_form))
        .routes(routes!(api::training::courses))
        .routes(routes!(api::training::class))
        .routes(routes!(api::training::comparison))
        .routes(routes!(api::training::review))
        .routes(routes!(api::training::inject))
        .routes(routes!(api::training::handling))
        .routes(routes!(api::training::comment))
        .routes(routes!(api::training::discussion))
        .routes(routes!(api::training::results))
        .routes(routes!(pages::training::inject_form))
        .routes(routes!(pages::training::handling_form))
        .routes(routes!(pages::training::comment_form))
        .routes(routes!(api::training::situations_list))
        .routes(routes!(
            api::training::quiz_questions,
            api::training::quiz_answer
        ))
        .routes(routes!(api::training_setup::create_course))
        .routes(routes!(api::training_setup::create_class))
        .routes(routes!(api::training_setup::create_group))
        .routes(routes!(api::training_setup::add_participant))
        .routes(routes!(api::training_setup::plan_meeting))
        .routes(routes!(pages::training_setup::org_page))
        .routes(routes!(
            pages::training_setup::course_new,
            pages::training_setup::course_submit
        ))
        .routes(routes!(
            pages::training_setup::class_new,
            pages::training_setup::class_submit
        ))
        .routes(routes!(
            pages::training_setup::group_new,
            pages::training_setup::group_submit
        ))
        .routes(routes!(
            pages::training_setup::participant_new,
            pages::training_setup::participant_submit
        ))
        .routes(routes!(
            pages::training_setup::mock_new,
            pages::training_setup::mock_submit
        ))
        .routes(routes!(pages::training::class_page))
        .routes(routes!(pages::training::home_page))
        .routes(routes!(pages::training::review_page))
        .routes(routes!(pages::training::situations_page))
        .routes(routes!(
            pages::training::quiz_page,
            pages::training::quiz_submit
        ))
}

/// Whether the user may open `GET path` (a pattern of the table, such as `/orgs/{id}`) for
/// the organisation `target`: the very decision the middleware would take, so pages link
/// only to what opens (breadcrumbs, child lists, rosters) and show plain names otherwise.
pub fn may_get(ctx: &crate::ctx::Ctx, tree: &OrgTree, path: &str, target: Option<OrgId>) -> bool {
    table().find(&Method::GET, path).is_some_and(|e| {
        (e.access.scope == Scope::None || target.is_some())
            && allows(
                ctx.user.as_ref().map(|u| &u.subject),
                e.access.capability,
                target,
                tree,
                ctx.today,
            )
    })
}

/// Whether the user holds `capability` in `org` on the request's date: for what a page or
/// response shows (contact fields, buttons), never to let a request through.
pub fn may(
    ctx: &crate::ctx::Ctx,
    tree: &OrgTree,
    capability: Capability,
    org: Option<OrgId>,
) -> bool {
    allows(
        ctx.user.as_ref().map(|u| &u.subject),
        capability,
        org,
        tree,
        ctx.today,
    )
}

/// Whether the user sees the contact fields (citizen ID, phone) of `person`, whose record
/// is governed by `org`: always their own; others' with `ViewMemberContact` there (members
/// see their cell's list but not others' contacts, access.md). The one place this is
/// decided, for pages and API alike.
pub fn sees_contacts(
    ctx: &crate::ctx::Ctx,
    tree: &OrgTree,
    org: Option<OrgId>,
    person: PersonId,
) -> bool {
    ctx.user.as_ref().and_then(|u| u.record.person) == Some(person)
        || may(ctx, tree, Capability::ViewMemberContact, org)
}

/// Blanks the contact fields the user may not see (see [`sees_contacts`]).
pub fn redact_contacts(
    ctx: &crate::ctx::Ctx,
    tree: &OrgTree,
    org: Option<OrgId>,
    person: &mut chibo_domain::person::Person,
) {
    if !sees_contacts(ctx, tree, org, person.id) {
        person.citizen_id = None;
        person.phone = None;
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
    let Some(spec) = table().find(&method, &matched) else {
        // The path exists with other methods: 405 with the methods it accepts.
        if let Some(allow) = table().allowed_methods(&matched) {
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
            let display_name = c.user.shown_name(c.person_name.as_deref());
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
    let id = match spec.access.scope {
        Scope::None => None,
        _ => RawPathParams::from_request_parts(&mut parts, state)
            .await
            .ok()
            .and_then(|p| {
                spec.access.scope.path_params().iter().find_map(|name| {
                    p.iter()
                        .find(|(k, _)| *k == *name)
                        .and_then(|(_, v)| v.parse::<i64>().ok())
                })
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

/// Whether the user holds `capability` at meeting `id` of `org`: through their roles in the
/// organisation or, failing those, through a role at the meeting itself (the minute-taker's
/// while it is in progress) — the middleware's own decision, for what a page shows.
pub async fn may_at_meeting(
    state: &AppState,
    ctx: &crate::ctx::Ctx,
    tree: &OrgTree,
    capability: Capability,
    id: i64,
    org: OrgId,
) -> Result<bool, WebError> {
    if may(ctx, tree, capability, Some(org)) {
        return Ok(true);
    }
    let Some(user) = ctx.user.as_ref() else {
        return Ok(false);
    };
    let roles = meeting_roles(state, id, user).await?;
    Ok(!roles.is_empty()
        && allows_at_meeting(
            ctx.user.as_ref().map(|u| &u.subject),
            capability,
            Some(org),
            tree,
            ctx.today,
            &roles,
        ))
}

/// The roles `user` holds at meeting `id`: minute-taker while it is in progress; at a mock
/// meeting, learner or guest of its group or trainer of its class (TRN-01).
async fn meeting_roles(
    state: &AppState,
    id: i64,
    user: &CurrentUser,
) -> Result<Vec<MeetingRole>, WebError> {
    let mut roles = Vec::new();
    if let Some(person) = user.record.person {
        let found = state.store.meeting_minute_taker(MeetingId(id)).await?;
        if let Some((Some(taker), chibo_domain::meeting::MeetingStatus::InProgress)) = found {
            if taker == person {
                roles.push(MeetingRole::MinuteTaker);
            }
        }
    }
    let role = state
        .store
        .practice_role(MeetingId(id), user.record.id.0)
        .await?;
    roles.extend(role.map(practice_role));
    Ok(roles)
}

/// The access role a participant's role in a practice group grants (TRN-01).
fn practice_role(role: chibo_store::ParticipantRole) -> MeetingRole {
    use chibo_store::ParticipantRole as P;
    match role {
        P::Learner => MeetingRole::PracticeLearner,
        P::Guest => MeetingRole::PracticeGuest,
        P::Trainer => MeetingRole::PracticeTrainer,
    }
}

#[allow(clippy::too_many_arguments)]
async fn continue_with(
    state: &AppState,
    request: Request,
    next: Next,
    spec: &'static Entry,
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
    let capability = spec.access.capability;
    let scope = spec.access.scope;
    if user.is_none() && capability != Capability::Public {
        return Err(unauthenticated(&request, api, had_session_cookie));
    }
    let target = match (scope, id) {
        (Scope::None, _) => None,
        (_, Some(id)) => Some(
            scope
                .resolve(state, id, today)
                .await
                .map_err(IntoResponse::into_response)?
                .ok_or_else(|| WebError::NotFound.into_response())?,
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
    let mut allowed = allows(subject, capability, target, &tree, today);
    let mut at_meeting: Vec<MeetingRole> = Vec::new();
    if !allowed && matches!(scope, Scope::Meeting | Scope::MockMeeting) {
        // Rights held at this meeting only (the minute-taker's, the practice roles at a mock
        // meeting), looked up only when the organisation's roles do not suffice.
        let roles = match (id, user.as_ref()) {
            (Some(id), Some(user)) => meeting_roles(state, id, user)
                .await
                .map_err(IntoResponse::into_response)?,
            _ => Vec::new(),
        };
        allowed = !roles.is_empty()
            && allows_at_meeting(subject, capability, target, &tree, today, &roles);
        at_meeting = roles;
    }
    if !allowed && scope == Scope::TrainingClass {
        // TRN-01: a class's trainers follow it like the owning committee's staff.
        if let (Some(id), Some(user)) = (id, user.as_ref()) {
            let trainer = state
                .store
                .is_class_trainer(id, user.record.id.0)
                .await
                .map_err(|e| WebError::from(e).into_response())?;
            allowed = trainer
                && allows_at_meeting(
                    subject,
                    capability,
                    target,
                    &tree,
                    today,
                    &[MeetingRole::PracticeTrainer],
                );
        }
    }
    if !allowed && scope == Scope::TrainingGroup {
        // TRN-01: the group's learners and guests, the class's trainers, in their role.
        if let (Some(id), Some(user)) = (id, user.as_ref()) {
            let role = state
                .store
                .group_practice_role(id, user.record.id.0)
                .await
                .map_err(|e| WebError::from(e).into_response())?;
            let roles: Vec<MeetingRole> = role.map(practice_role).into_iter().collect();
            allowed = !roles.is_empty()
                && allows_at_meeting(subject, capability, target, &tree, today, &roles);
            at_meeting = roles;
        }
    }
    if !allowed {
        if user.is_none() {
            return Err(unauthenticated(&request, api, had_session_cookie));
        }
        // A target the user may not even see answers exactly like a missing one (no
        // enumeration of organisations or people); a visible one the user may not act on
        // is 403.
        let visible = scope == Scope::None
            || allows(subject, scope.visible_with(), target, &tree, today)
            || (!at_meeting.is_empty()
                && allows_at_meeting(
                    subject,
                    scope.visible_with(),
                    target,
                    &tree,
                    today,
                    &at_meeting,
                ));
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
    let write = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if write {
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
            if capability != Capability::Public {
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
            // Pages: the `X-CSRF-Token` header, or the `csrf` field of the form in any
            // encoding (urlencoded or multipart).
            let (parts, body) = request.into_parts();
            let bytes = to_bytes(body, crate::error::BODY_LIMIT)
                .await
                .map_err(|_| WebError::TooLarge.into_response())?;
            let sent = match parts.headers.get("x-csrf-token") {
                Some(v) => v.to_str().unwrap_or("").to_string(),
                None => body_field(&parts.headers, &bytes, "csrf")
                    .await
                    .unwrap_or_default(),
            };
            if csrf.is_empty() || !constant_time_eq(&sent, &csrf) {
                return Err(WebError::Csrf.into_response());
            }
            request = Request::from_parts(parts, Body::from(bytes));
        }
    }

    // A write that names another organisation in its body (a role held in the committee
    // above) is checked against that organisation too.
    if spec.access.body_org {
        let (parts, body) = request.into_parts();
        let bytes = to_bytes(body, crate::error::BODY_LIMIT)
            .await
            .map_err(|_| WebError::TooLarge.into_response())?;
        let named = body_field(&parts.headers, &bytes, "org")
            .await
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(OrgId);
        if let Some(org) = named.filter(|org| Some(*org) != target) {
            let tree = state
                .store
                .org_tree()
                .await
                .map_err(|e| WebError::from(e).into_response())?;
            let subject = user.as_ref().map(|u| &u.subject);
            if !allows(subject, capability, Some(org), &tree, today) {
                let visible = allows(subject, Capability::ViewOrg, Some(org), &tree, today);
                return Err(if visible {
                    WebError::Forbidden
                } else {
                    WebError::NotFound
                }
                .into_response());
            }
        }
        request = Request::from_parts(parts, Body::from(bytes));
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

/// One field of a request body, whatever its encoding: JSON (a string or number at the top
/// level), `application/x-www-form-urlencoded` or `multipart/form-data`.
pub async fn body_field(
    headers: &axum::http::HeaderMap,
    bytes: &[u8],
    name: &str,
) -> Option<String> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") {
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        return match &value[name] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
    }
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(content_type).ok()?;
        let data = bytes.to_vec();
        let stream = futures_util::stream::once(async move {
            Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(data))
        });
        let mut form = multer::Multipart::new(stream, boundary);
        while let Ok(Some(field)) = form.next_field().await {
            if field.name() == Some(name) && field.file_name().is_none() {
                return field.text().await.ok();
            }
        }
        return None;
    }
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
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
        StatusCode::NOT_FOUND => t.error_pages.error_not_found,
        StatusCode::FORBIDDEN if tag.code == "csrf" => t.auth.csrf_failed,
        StatusCode::FORBIDDEN => t.error_pages.error_forbidden,
        StatusCode::TOO_MANY_REQUESTS => t.auth.login_throttled,
        StatusCode::INTERNAL_SERVER_ERROR => t.error_pages.error_internal,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A handler declared without its access row.
    #[utoipa::path(get, path = "/undeclared", summary = "No access row")]
    async fn undeclared() -> &'static str {
        ""
    }

    #[test]
    #[should_panic(expected = "declares no access row")]
    fn a_route_without_an_access_row_stops_the_server() {
        let (_, doc) = OpenApiRouter::<AppState>::new()
            .routes(routes!(undeclared))
            .split_for_parts();
        AccessTable::from_openapi(&doc);
    }

    #[test]
    fn the_table_knows_every_method_of_a_path() {
        let t = table();
        assert_eq!(
            t.allowed_methods("/api/v1/orgs/{id}/members").as_deref(),
            Some("GET, HEAD, POST")
        );
        assert!(t.find(&Method::HEAD, "/orgs/{id}").is_some());
        assert!(t.find(&Method::DELETE, "/orgs/{id}").is_none());
        assert!(t.allowed_methods("/nowhere").is_none());
    }
}
