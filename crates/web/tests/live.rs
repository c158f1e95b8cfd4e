//! The live feed of a meeting over server-sent events, black-box over the real router: the
//! state at once, the next state after a write through the API, and access as for reading
//! the meeting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chibo_app::demo::DEMO_PASSWORD;
use chibo_web::AppState;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

struct Session {
    cookie: String,
    csrf: String,
}

async fn call(router: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .unwrap();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn login(router: &Router, login: &str) -> Session {
    let req = Request::post("/api/v1/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"login": login, "password": DEMO_PASSWORD}).to_string(),
        ))
        .unwrap();
    let (status, headers, body) = call(router, req).await;
    assert_eq!(status, StatusCode::OK, "login {login}");
    let cookie = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(chibo_web::SESSION_COOKIE))
        .unwrap()
        .to_string();
    Session {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap().to_string(),
    }
}

async fn write(router: &Router, s: &Session, method: &str, path: &str, body: Value) -> Value {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, &s.cookie)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-csrf-token", &s.csrf)
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, _, body) = call(router, req).await;
    assert!(status.is_success(), "{method} {path}: {status} {body}");
    body
}

/// One parsed server-sent event.
#[derive(Debug, Default)]
struct Sse {
    event: String,
    id: String,
    retry: Option<u64>,
    data: Value,
}

/// Reads the stream until the next event (comments are skipped).
async fn next_event(body: &mut Body, buffer: &mut String) -> Sse {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut e = Sse::default();
            let mut data = String::new();
            for line in block.lines() {
                match line.split_once(':') {
                    Some(("event", v)) => e.event = v.trim().into(),
                    Some(("id", v)) => e.id = v.trim().into(),
                    Some(("retry", v)) => e.retry = v.trim().parse().ok(),
                    Some(("data", v)) => data.push_str(v.strip_prefix(' ').unwrap_or(v)),
                    _ => {}
                }
            }
            if e.event.is_empty() {
                continue;
            }
            e.data = serde_json::from_str(&data).unwrap();
            return e;
        }
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame())
            .await
            .expect("an event within 10 s")
            .expect("the stream is open")
            .unwrap();
        if let Ok(bytes) = frame.into_data() {
            buffer.push_str(std::str::from_utf8(&bytes).unwrap());
        }
    }
}

#[tokio::test]
async fn live_feed_sends_the_state_then_each_change_and_is_read_like_the_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let store = chibo_store::Store::open(&format!("sqlite://{}/web.db", dir.path().display()))
        .await
        .unwrap();
    let demo = chibo_app::demo::load(&store, 1_763_700_000).await.unwrap();
    let state = AppState::new(store.clone(), false);
    let hub = state.live.clone();
    let router = chibo_web::router(state);
    let secretary = login(&router, "bithu.to3").await;
    let cell = demo.s3_cell.0;
    let m = write(
        &router,
        &secretary,
        "POST",
        &format!("/api/v1/orgs/{cell}/meetings"),
        json!({"kind": "regular", "date": "2025-12-01", "planned_start": "19:30", "place": "Nhà văn hoá tổ 3"}),
    )
    .await;
    let id = m["id"].as_i64().unwrap();
    let person = m["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["summoned"] == true && r["status"].is_null())
        .and_then(|r| r["person"].as_i64())
        .unwrap();

    // The stream, with the session cookie as EventSource sends it.
    let req = Request::get(format!("/api/v1/meetings/{id}/events"))
        .header(header::COOKIE, &secretary.cookie)
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body();
    let mut buffer = String::new();
    let first = next_event(&mut body, &mut buffer).await;
    assert_eq!((first.event.as_str(), first.id.as_str()), ("state", "1"));
    assert_eq!(first.retry, Some(2000));
    assert_eq!(first.data["meeting"], id);
    assert_eq!(first.data["version"], 1);
    assert_eq!(first.data["status"], "planned");
    assert_eq!(first.data["current_step"], Value::Null);
    assert_eq!(first.data["last_vote"], Value::Null);
    let summoned = first.data["attendance"]["summoned"].as_i64().unwrap();
    assert_eq!(summoned, 20);
    assert_eq!(first.data["attendance"]["not_called"], summoned);
    assert_eq!(hub.watchers(chibo_domain::MeetingId(id)), 1);

    // A write through the API: the next event carries the new version (the one the write
    // answered with) and counts.
    let answer = write(
        &router,
        &secretary,
        "PUT",
        &format!("/api/v1/meetings/{id}/attendance/{person}"),
        json!({"presence": "present"}),
    )
    .await;
    let next = next_event(&mut body, &mut buffer).await;
    assert_eq!((next.event.as_str(), next.id.as_str()), ("state", "2"));
    assert_eq!(answer["version"], 2, "{answer}");
    assert_eq!(next.retry, None);
    assert_eq!(next.data["version"], 2);
    assert_eq!(next.data["attendance"]["present"], 1);
    assert_eq!(next.data["attendance"]["not_called"], summoned - 1);
    let row = next.data["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["person"] == person)
        .unwrap()
        .clone();
    assert_eq!(row["presence"], "present");

    // A vote and a transition: each comes as the latest state.
    write(
        &router,
        &secretary,
        "POST",
        &format!("/api/v1/meetings/{id}/transitions"),
        json!({"action": "start"}),
    )
    .await;
    let next = next_event(&mut body, &mut buffer).await;
    assert_eq!(
        (next.id.as_str(), &next.data["status"]),
        ("3", &json!("in_progress"))
    );
    write(
        &router,
        &secretary,
        "POST",
        &format!("/api/v1/meetings/{id}/votes"),
        json!({"subject": "Nghị quyết tháng 12", "kind": "resolution", "votes_for": 1}),
    )
    .await;
    let next = next_event(&mut body, &mut buffer).await;
    assert_eq!(next.id, "4");
    assert_eq!(next.data["last_vote"]["votes_for"], 1);
    assert_eq!(next.data["last_vote"]["subject"], "Nghị quyết tháng 12");

    // The last watcher leaving drops the meeting's channel.
    drop(body);
    for _ in 0..50 {
        if hub.watchers(chibo_domain::MeetingId(id)) == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(hub.watchers(chibo_domain::MeetingId(id)), 0);
    assert!(hub.watched().is_empty());

    // Access as for reading the meeting: another cell's secretary does not even see it,
    // and without a session the API answers 401.
    let stranger = login(&router, "bithu.tgpl").await;
    let req = Request::get(format!("/api/v1/meetings/{id}/events"))
        .header(header::COOKIE, &stranger.cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = call(&router, req).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let req = Request::get(format!("/api/v1/meetings/{id}/events"))
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = call(&router, req).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let req = Request::get("/api/v1/meetings/999999/events")
        .header(header::COOKIE, &secretary.cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = call(&router, req).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Shutting down ends the streams (the graceful shutdown would wait for them otherwise).
    let req = Request::get(format!("/api/v1/meetings/{id}/events"))
        .header(header::COOKIE, &secretary.cookie)
        .body(Body::empty())
        .unwrap();
    let mut body = router.clone().oneshot(req).await.unwrap().into_body();
    let mut buffer = String::new();
    assert_eq!(next_event(&mut body, &mut buffer).await.id, "4");
    hub.close();
    let end = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(frame) = body.frame().await {
            frame.unwrap();
        }
    })
    .await;
    assert!(end.is_ok(), "the stream ended");
}

/// One load per change and meeting, whatever the number of watchers: the queries a write
/// costs, feed included, are the same with one watcher as with three.
#[tokio::test]
async fn the_hub_loads_a_changed_meeting_once_for_all_its_watchers() {
    let dir = tempfile::tempdir().unwrap();
    let store = chibo_store::Store::open(&format!("sqlite://{}/web.db", dir.path().display()))
        .await
        .unwrap();
    let demo = chibo_app::demo::load(&store, 1_763_700_000).await.unwrap();
    let router = chibo_web::router(AppState::new(store.clone(), false));
    let secretary = login(&router, "bithu.to3").await;
    let m = write(
        &router,
        &secretary,
        "POST",
        &format!("/api/v1/orgs/{}/meetings", demo.s3_cell.0),
        json!({"kind": "regular", "date": "2025-12-01", "place": "Nhà văn hoá tổ 3"}),
    )
    .await;
    let id = m["id"].as_i64().unwrap();
    let person = m["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["summoned"] == true)
        .and_then(|r| r["person"].as_i64())
        .unwrap();
    let open = || async {
        let req = Request::get(format!("/api/v1/meetings/{id}/events"))
            .header(header::COOKIE, &secretary.cookie)
            .body(Body::empty())
            .unwrap();
        let mut body = router.clone().oneshot(req).await.unwrap().into_body();
        let mut buffer = String::new();
        next_event(&mut body, &mut buffer).await;
        (body, buffer)
    };
    let actor = chibo_store::Actor::system("test", 1_763_700_000);
    let toggle = |present: bool| {
        let store = store.clone();
        let actor = actor.clone();
        async move {
            let input = chibo_app::meetings::AttendanceInput {
                presence: Some(if present { "present" } else { "absent" }.into()),
                ..Default::default()
            };
            chibo_app::meetings::set_attendance(
                &store,
                &actor,
                chibo_domain::MeetingId(id),
                chibo_domain::PersonId(person),
                &input,
            )
            .await
            .unwrap();
        }
    };
    let mut watchers = vec![open().await];
    let mut costs = Vec::new();
    for (round, present) in [(2, true), (3, false)] {
        let before = store.query_count();
        toggle(present).await;
        for (body, buffer) in &mut watchers {
            assert_eq!(next_event(body, buffer).await.id, round.to_string());
        }
        costs.push(store.query_count() - before);
        // Two more watchers for the second round.
        watchers.push(open().await);
        watchers.push(open().await);
    }
    assert_eq!(costs[0], costs[1], "queries per change: {costs:?}");
}

/// A stream outlives the request that opened it, so the session is rechecked while it is
/// open: logging out ends the stream, and so would an expired session or a disabled login
/// (the same check). Another user's stream on the same meeting goes on.
#[tokio::test]
async fn logging_out_ends_the_live_streams_of_that_session_only() {
    let dir = tempfile::tempdir().unwrap();
    let store = chibo_store::Store::open(&format!("sqlite://{}/web.db", dir.path().display()))
        .await
        .unwrap();
    let demo = chibo_app::demo::load(&store, 1_763_700_000).await.unwrap();
    let mut state = AppState::new(store.clone(), false);
    state.session_check = Duration::from_millis(100);
    let router = chibo_web::router(state);
    let secretary = login(&router, "bithu.to3").await;
    let other = login(&router, "bithu.to3").await;
    let cell = demo.s3_cell.0;
    let m = write(
        &router,
        &secretary,
        "POST",
        &format!("/api/v1/orgs/{cell}/meetings"),
        json!({"kind": "regular", "date": "2025-12-01", "planned_start": "19:30", "place": "Nhà văn hoá tổ 3"}),
    )
    .await;
    let id = m["id"].as_i64().unwrap();
    let open = |s: &Session| {
        Request::get(format!("/api/v1/meetings/{id}/events"))
            .header(header::COOKIE, &s.cookie)
            .body(Body::empty())
            .unwrap()
    };
    let mut mine = router
        .clone()
        .oneshot(open(&secretary))
        .await
        .unwrap()
        .into_body();
    let mut theirs = router
        .clone()
        .oneshot(open(&other))
        .await
        .unwrap()
        .into_body();
    let (mut b1, mut b2) = (String::new(), String::new());
    assert_eq!(next_event(&mut mine, &mut b1).await.id, "1");
    assert_eq!(next_event(&mut theirs, &mut b2).await.id, "1");

    // Several checks pass while the session is live: the stream stays open.
    let early = tokio::time::timeout(Duration::from_millis(450), mine.frame()).await;
    assert!(
        early.is_err(),
        "the stream ended while its session was live"
    );

    write(&router, &secretary, "POST", "/api/v1/logout", json!({})).await;
    let end = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(frame) = mine.frame().await {
            frame.unwrap();
        }
    })
    .await;
    assert!(end.is_ok(), "the stream of the ended session is still open");

    // The other session's stream still gets the next change.
    let person = m["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["summoned"] == true)
        .and_then(|r| r["person"].as_i64())
        .unwrap();
    write(
        &router,
        &other,
        "PUT",
        &format!("/api/v1/meetings/{id}/attendance/{person}"),
        json!({"presence": "present"}),
    )
    .await;
    assert_eq!(next_event(&mut theirs, &mut b2).await.id, "2");
}
