//! Helpers shared by the web test suites: the real router over a fresh SQLite database with
//! the demo data ([`TestApp`]), spoken to over HTTP only, and demo states several suites need.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chibo_app::demo::{DemoSummary, DEMO_PASSWORD};
use chibo_domain::OrgId;
use chibo_store::{Actor, Store};
use chibo_web::AppState;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The server under test: the real router and its store, loaded with the demo.
pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub demo: DemoSummary,
    /// The server's year exports (issue 10), to occupy its slots in tests.
    pub archives: chibo_web::pages::archive::ArchiveJobs,
    _dir: tempfile::TempDir,
}

/// A browser's or client's session: the cookie it sends and the CSRF token it echoes.
#[derive(Clone, Default)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// An answer, with its body both as text and as bytes (documents are binary).
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Where a redirect points.
    pub fn location(&self) -> &str {
        self.header(header::LOCATION)
    }
}

impl TestApp {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite://{}/web.db", dir.path().display()))
            .await
            .unwrap();
        let demo = chibo_app::demo::load(&store, 1_763_700_000).await.unwrap();
        let state = AppState::new(store.clone(), false);
        let archives = state.archives.clone();
        let router = chibo_web::router(state);
        Self {
            router,
            store,
            demo,
            archives,
            _dir: dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let streams = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
        let bytes = if streams {
            // A live feed never ends: its first event is the answer.
            use http_body_util::BodyExt;
            let mut body = res.into_body();
            let frame = tokio::time::timeout(std::time::Duration::from_secs(10), body.frame())
                .await
                .expect("the first event comes at once");
            frame
                .and_then(|f| f.ok())
                .and_then(|f| f.into_data().ok())
                .unwrap_or_default()
        } else {
            // Documents (PDF, DOCX, zip) can be a few MiB.
            axum::body::to_bytes(res.into_body(), 32 << 20)
                .await
                .unwrap()
        };
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&self, s: &Session, path: &str) -> Reply {
        let req = Request::get(path)
            .header(header::COOKIE, &s.cookie)
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// A form post as a browser sends it, with the session's CSRF token.
    pub async fn post_form(&self, s: &Session, path: &str, fields: &[(&str, &str)]) -> Reply {
        let mut all: Vec<(&str, &str)> = vec![("csrf", s.csrf.as_str())];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        let req = Request::post(path)
            .header(header::COOKIE, &s.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn post_json(&self, s: &Session, path: &str, body: Value) -> Reply {
        self.send_json(s, "POST", path, body).await
    }

    /// A JSON write with any method (POST, PUT, PATCH, DELETE) and the CSRF header.
    pub async fn send_json(&self, s: &Session, method: &str, path: &str, body: Value) -> Reply {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, &s.cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-csrf-token", &s.csrf)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(req).await
    }

    /// Logs in through the API and keeps the session cookie and CSRF token.
    pub async fn login(&self, login: &str) -> Session {
        let r = self
            .post_json(
                &Session::default(),
                "/api/v1/login",
                json!({"login": login, "password": DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {login}: {}", r.body);
        let cookie = r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter(|kv| kv.starts_with(chibo_web::SESSION_COOKIE))
            .collect::<Vec<_>>()
            .join("; ");
        Session {
            cookie,
            csrf: r.json()["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    /// An anonymous visitor with the login form's CSRF cookie.
    pub async fn anonymous(&self) -> Session {
        let r = self.get(&Session::default(), "/login").await;
        let token = r
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.split(';')
                    .next()
                    .and_then(|kv| kv.strip_prefix("chibo_csrf="))
            })
            .unwrap()
            .to_string();
        Session {
            cookie: format!("chibo_csrf={token}"),
            csrf: token,
        }
    }
}

/// S3's December 2025 meeting (planned in the demo) chaired as the demo chaired
/// November's: the same roll call, the agenda held from 19:30, six minutes a step, up to
/// the vote (C4), and 10 of 18 in favour of the resolution (MTG-ATT-02/03/12). The demo's
/// November meeting is closed; these screens need one in progress.
pub async fn december_like_november(store: &Store, s3_cell: OrgId) -> i64 {
    use chibo_domain::meeting::vote::{Tally, VoteSubject};
    use chibo_domain::meeting::{StepAction, StepState, Transition};
    use chibo_store::VoteDraft;
    let meetings = chibo_app::meetings::list(store, s3_cell, 2025)
        .await
        .unwrap();
    let month = |m: time::Month| meetings.iter().find(|x| x.date.month() == m).unwrap().id;
    let (november, december) = (month(time::Month::November), month(time::Month::December));
    let november = chibo_app::meetings::show(store, november).await.unwrap();
    let actor = Actor::system("test", 1_763_700_000);
    let mut w = store.write(&actor).await.unwrap();
    w.meetings()
        .transition(december, &Transition::Start, None, None)
        .await
        .unwrap();
    for row in &november.roster {
        if let Some(presence) = &row.attendance {
            w.meetings()
                .set_attendance(december, row.person, presence.clone(), None)
                .await
                .unwrap();
        }
    }
    let steps = w.meetings().get(december).await.unwrap().unwrap().agenda;
    let mut at = time::Time::from_hms(19, 30, 0).unwrap();
    for step in steps
        .steps()
        .iter()
        .filter(|s| s.state == StepState::Pending)
    {
        w.meetings()
            .step(
                december,
                &StepAction::Start {
                    step: step.code.clone(),
                },
                Some(at),
                None,
            )
            .await
            .unwrap();
        if step.code == "C4" {
            break;
        }
        at += time::Duration::minutes(6);
    }
    w.meetings()
        .record_vote(
            december,
            &VoteDraft {
                subject: "Nghị quyết sinh hoạt chi bộ tháng 12/2025".into(),
                kind: VoteSubject::Resolution,
                method: None,
                tally: Tally {
                    votes_for: 10,
                    against: 4,
                    abstain: 2,
                },
            },
        )
        .await
        .unwrap();
    w.commit().await.unwrap();
    december.0
}
