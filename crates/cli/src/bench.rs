//! `chibo bench`: measures, in one run and on one machine, how many requests per second the
//! server answers on the cell page (session lookup, access check, roster query, Vietnamese
//! collation, template) compared with `/healthz` (no database work). Only the ratio is
//! meaningful: absolute figures depend on the machine, and the load generator shares it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One keep-alive HTTP/1.1 connection that reads responses by their Content-Length.
struct Conn {
    stream: BufReader<TcpStream>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Result<Self> {
        Ok(Self {
            stream: BufReader::new(TcpStream::connect(addr).await?),
        })
    }

    async fn request(
        &mut self,
        method: &str,
        path: &str,
        cookie: &str,
        body: &str,
    ) -> Result<(u16, Vec<String>, String)> {
        self.request_with(method, path, cookie, "", body).await
    }

    /// A request with `extra` header lines (each ending in CRLF).
    async fn request_with(
        &mut self,
        method: &str,
        path: &str,
        cookie: &str,
        extra: &str,
        body: &str,
    ) -> Result<(u16, Vec<String>, String)> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: bench\r\n");
        if !cookie.is_empty() {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        head.push_str(extra);
        if !body.is_empty() {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        head.push_str(body);
        self.stream.get_mut().write_all(head.as_bytes()).await?;
        let mut status_line = String::new();
        self.stream.read_line(&mut status_line).await?;
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow!("bad status line"))?;
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).await?;
            let line = line.trim_end().to_string();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            headers.push(line);
        }
        let mut body = vec![0u8; length];
        self.stream.read_exact(&mut body).await?;
        Ok((status, headers, String::from_utf8_lossy(&body).into_owned()))
    }
}

async fn hammer(
    addr: SocketAddr,
    path: String,
    cookie: String,
    connections: usize,
    duration: Duration,
) -> Result<f64> {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (path, cookie) = (path.clone(), cookie.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let mut count = 0u64;
            while started.elapsed() < duration {
                let (status, _, _) = conn.request("GET", &path, &cookie, "").await?;
                if status != 200 {
                    bail!("{path} answered {status}");
                }
                count += 1;
            }
            Ok::<u64, anyhow::Error>(count)
        }));
    }
    let mut total = 0u64;
    for t in tasks {
        total += t.await??;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

pub async fn run(seconds: u64, connections: usize, en: bool) -> Result<()> {
    let dir = std::env::temp_dir().join(format!("chibo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}/bench.db", dir.display());
    let store = chibo_store::Store::open(&url).await?;
    let summary =
        chibo_app::demo::load(&store, time::OffsetDateTime::now_utc().unix_timestamp()).await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = chibo_web::router(chibo_web::AppState::new(store.clone(), false));
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    let mut conn = Conn::open(addr).await?;
    let body = format!(
        r#"{{"login":"bithu.tgpl","password":"{}"}}"#,
        chibo_app::demo::DEMO_PASSWORD
    );
    let (status, headers, _) = conn.request("POST", "/api/v1/login", "", &body).await?;
    if status != 200 {
        bail!("login failed: {status}");
    }
    let cookie = headers
        .iter()
        .filter_map(|h| h.split_once(':').map(|(_, v)| v.trim()))
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(chibo_web::SESSION_COOKIE))
        .context("no session cookie")?
        .to_string();
    let cell = format!("/orgs/{}", summary.s1_cell.0);
    let duration = Duration::from_secs(seconds);
    // Warm-up, then the two measurements back to back in the same process.
    hammer(
        addr,
        cell.clone(),
        cookie.clone(),
        connections,
        Duration::from_millis(500),
    )
    .await?;
    let health = hammer(
        addr,
        "/healthz".into(),
        String::new(),
        connections,
        duration,
    )
    .await?;
    let page = hammer(addr, cell.clone(), cookie, connections, duration).await?;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    if en {
        println!("requests per second over {seconds} s with {connections} connections (server and load share this machine):");
    } else {
        println!("số yêu cầu mỗi giây trong {seconds} giây với {connections} kết nối (máy chủ và bộ tạo tải dùng chung máy):");
    }
    println!("  /healthz          {health:>10.0}");
    println!("  {cell:<17} {page:>10.0}");
    println!(
        "  {} {:.3}",
        if en {
            "ratio cell page / healthz:"
        } else {
            "tỉ lệ trang chi bộ / healthz:"
        },
        page / health
    );
    Ok(())
}

/// Mean time of `f` over `runs` runs, in milliseconds.
async fn mean_ms<F, Fut, T>(runs: u32, mut f: F) -> Result<(f64, T)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let started = Instant::now();
    let mut last = None;
    for _ in 0..runs {
        last = Some(f().await?);
    }
    let out = last.context("no run")?;
    Ok((
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs),
        out,
    ))
}

/// `chibo bench --subtree-cells N`: how long "the subtree of X on a date" takes through the
/// ancestor table (one indexed query), for the demo province and for a generated province of
/// `cells` cells (communes of 50 cells), on the database given by `--database` (which must be
/// empty) or a temporary SQLite file. The whole-tree load that pages use is timed beside it.
pub async fn subtree(database: Option<String>, cells: usize, en: bool) -> Result<()> {
    use chibo_domain::org::{CellType, OrgKind};
    use chibo_domain::text::Name;

    let dir = std::env::temp_dir().join(format!("chibo-bench-tree-{}", std::process::id()));
    let url = match &database {
        Some(u) => u.clone(),
        None => {
            std::fs::create_dir_all(&dir)?;
            format!("sqlite://{}/bench.db", dir.display())
        }
    };
    let store = chibo_store::Store::open(&url).await?;
    if !chibo_app::demo::is_empty(&store).await? {
        bail!(if en {
            "the database must be empty: the benchmark writes the demo and a generated tree"
        } else {
            "cơ sở dữ liệu phải trống: phép đo ghi dữ liệu mẫu và một cây sinh thêm"
        });
    }
    let now = time::OffsetDateTime::now_utc();
    let summary = chibo_app::demo::load(&store, now.unix_timestamp()).await?;
    let day = now.date();
    let (demo_ms, demo_n) = mean_ms(200, || async {
        Ok(store.subtree_on(summary.province, day).await?.len())
    })
    .await?;

    let started = Instant::now();
    let actor = chibo_store::Actor::system("bench", now.unix_timestamp());
    let from = time::macros::date!(2020 - 01 - 01);
    let name = |s: String| Name::parse("name", &s).map_err(|e| anyhow!("{e}"));
    let mut w = store.write(&actor).await?;
    let root = w
        .orgs()
        .create(
            OrgKind::Province,
            name("Tỉnh sinh thử".into())?,
            None,
            None,
            from,
        )
        .await?;
    let per_commune = 50;
    for c in 0..cells.div_ceil(per_commune) {
        let commune = w
            .orgs()
            .create(
                OrgKind::Commune,
                name(format!("Đảng ủy xã thử {}", c + 1))?,
                None,
                Some(root),
                from,
            )
            .await?;
        for i in 0..per_commune.min(cells - c * per_commune) {
            w.orgs()
                .create(
                    OrgKind::Cell,
                    name(format!("Chi bộ thôn thử {}", i + 1))?,
                    Some(CellType::Village),
                    Some(commune),
                    from,
                )
                .await?;
        }
    }
    w.commit().await?;
    let generated = started.elapsed().as_secs_f64();
    let (big_ms, big_n) = mean_ms(50, || async {
        Ok(store.subtree_on(root, day).await?.len())
    })
    .await?;
    let (tree_ms, _) = mean_ms(5, || async {
        // A fresh store each time: the whole-tree load itself, not the cache.
        let fresh = chibo_store::Store::connect(&url).await?;
        let n = fresh.org_tree().await?.subtree_on(root, day).len();
        fresh.close().await;
        Ok(n)
    })
    .await?;
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    let backend = chibo_store::Backend::from_url(&url)?.name();
    if en {
        println!("subtree on {day} ({backend}), mean per call:");
        println!("  demo province          {demo_n:>6} organisations  {demo_ms:>8.3} ms");
        println!("  generated province     {big_n:>6} organisations  {big_ms:>8.3} ms");
        println!(
            "  whole-tree load + walk {big_n:>6} organisations  {tree_ms:>8.3} ms (for comparison)"
        );
        println!("  generating {cells} cells took {generated:.1} s in one unit of work");
    } else {
        println!("cây con ngày {day} ({backend}), trung bình mỗi lần:");
        println!("  tỉnh mẫu               {demo_n:>6} tổ chức  {demo_ms:>8.3} ms");
        println!("  tỉnh sinh thêm         {big_n:>6} tổ chức  {big_ms:>8.3} ms");
        println!("  nạp cả cây rồi duyệt   {big_n:>6} tổ chức  {tree_ms:>8.3} ms (để so sánh)");
        println!("  sinh {cells} chi bộ mất {generated:.1} giây trong một đơn vị ghi");
    }
    Ok(())
}

/// What `chibo bench live` runs.
#[derive(Debug, Clone)]
pub struct LiveOptions {
    /// `None`: a temporary SQLite file.
    pub database: Option<String>,
    pub seconds: f64,
    pub meetings: usize,
    pub members: usize,
    pub watchers: usize,
    pub writers: usize,
}

impl Default for LiveOptions {
    fn default() -> Self {
        Self {
            database: None,
            seconds: 10.0,
            meetings: 10,
            members: 20,
            watchers: 180,
            writers: 20,
        }
    }
}

/// One seeded cell: its meeting, a step of its agenda, its members and its secretary.
struct LiveCell {
    org: chibo_domain::OrgId,
    /// The meeting's year (it is dated today).
    year: i32,
    meeting: i64,
    step: String,
    members: Vec<i64>,
    login: String,
}

/// The seed password of the bench's secretaries (a throwaway database).
const LIVE_PASSWORD: &str = "bench-live-password";

/// Seeds `meetings` cells of `members` official members each (the first is the secretary,
/// with a login), and one meeting per cell in progress with the second half of the roster
/// present, in one unit of work.
async fn seed_live(store: &chibo_store::Store, o: &LiveOptions) -> Result<Vec<LiveCell>> {
    use chibo_domain::meeting::roll_call::Presence;
    use chibo_domain::meeting::Transition;
    use chibo_domain::member::{Member, PartyRole, Placement, PlacementKind, RoleAssignment};
    use chibo_domain::org::{CellType, OrgKind};
    use chibo_domain::person::PersonDraft;
    use chibo_domain::ruleset::MeetingKind;
    use chibo_domain::text::Name;
    use chibo_domain::{Period, PersonId};
    use time::macros::date;

    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let actor = chibo_store::Actor::system("bench", now);
    let today = actor.today();
    let name = |s: String| Name::parse("name", &s).map_err(|e| anyhow!("{e}"));
    let hash =
        chibo_app::auth::hash_password_with(LIVE_PASSWORD, 19456, 2).map_err(|e| anyhow!("{e}"))?;
    let from = date!(2020 - 01 - 01);
    let mut w = store.write(&actor).await?;
    let province = w
        .orgs()
        .create(
            OrgKind::Province,
            name("Tỉnh đo thử".into())?,
            None,
            None,
            from,
        )
        .await?;
    let commune = w
        .orgs()
        .create(
            OrgKind::Commune,
            name("Đảng ủy xã đo thử".into())?,
            None,
            Some(province),
            from,
        )
        .await?;
    let mut cells = Vec::new();
    for c in 0..o.meetings {
        let cell = w
            .orgs()
            .create(
                OrgKind::Cell,
                name(format!("Chi bộ thôn đo thử {}", c + 1))?,
                Some(CellType::Village),
                Some(commune),
                from,
            )
            .await?;
        let mut members = Vec::new();
        for m in 0..o.members {
            let draft = PersonDraft {
                full_name: name(format!("Đảng viên {} thôn {}", m + 1, c + 1))?,
                birth_date: None,
                sex: None,
                ethnicity: None,
                citizen_id: None,
                phone: None,
                affiliation: None,
            };
            let member = Member {
                person: PersonId(0),
                admission_date: date!(2010 - 01 - 01),
                decision_ref: None,
                ceremony_date: Some(date!(2010 - 02 - 01)),
                official_date: Some(date!(2011 - 02 - 01)),
                recognition_date: Some(date!(2011 - 02 - 01)),
                recognition_ref: None,
                card_number: None,
            };
            let placement = Placement {
                person: PersonId(0),
                org: cell,
                kind: PlacementKind::Home,
                period: Period::starting(from),
                note: None,
            };
            members.push(w.people().enrol(&draft, &member, &placement).await?);
        }
        let secretary = *members.first().context("a cell needs members")?;
        w.people()
            .add_role(&RoleAssignment {
                person: secretary,
                org: cell,
                role: PartyRole::Secretary,
                group: None,
                period: Period::starting(from),
            })
            .await?;
        let login = format!("bithu.do{}", c + 1);
        w.users()
            .create(&chibo_store::NewUser {
                login: login.clone(),
                password_hash: hash.clone(),
                person: Some(secretary),
                roles: vec![],
                display_name: None,
            })
            .await?;
        let meeting = w
            .meetings()
            .create(&chibo_store::MeetingDraft {
                org: cell,
                kind: MeetingKind::Regular,
                date: today,
                planned_start: None,
                place: "Nhà văn hoá".into(),
            })
            .await?;
        w.meetings()
            .transition(meeting, &Transition::Start, None, None)
            .await?;
        // The second half is present throughout, so votes always have voters; writers
        // toggle the first half.
        for p in &members[o.members / 2..] {
            w.meetings()
                .set_attendance(meeting, *p, Presence::present(), None)
                .await?;
        }
        cells.push((cell, meeting, members, login));
    }
    w.commit().await?;
    let mut out = Vec::new();
    for (org, meeting, members, login) in cells {
        let record = store.meeting(meeting).await?.context("seeded meeting")?;
        let step = record
            .agenda
            .steps()
            .first()
            .map(|s| s.code.clone())
            .context("an agenda step")?;
        out.push(LiveCell {
            org,
            year: record.date.year(),
            meeting: meeting.0,
            step,
            members: members.iter().map(|p| p.0).collect(),
            login,
        });
    }
    Ok(out)
}

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The top-level `"version"` of a JSON answer, if it has one.
fn version_of(body: &str) -> Option<i64> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("version")?
        .as_i64()
}

/// Logs in through the API: the session cookie and the CSRF token.
async fn login_as(addr: SocketAddr, login: &str, password: &str) -> Result<(String, String)> {
    let mut conn = Conn::open(addr).await?;
    let body = serde_json::json!({"login": login, "password": password}).to_string();
    let (status, headers, answer) = conn.request("POST", "/api/v1/login", "", &body).await?;
    if status != 200 {
        bail!("login {login} failed: {status}");
    }
    let cookie = headers
        .iter()
        .filter_map(|h| h.split_once(':').map(|(_, v)| v.trim()))
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(chibo_web::SESSION_COOKIE))
        .context("no session cookie")?
        .to_string();
    let csrf = serde_json::from_str::<serde_json::Value>(&answer)?["csrf_token"]
        .as_str()
        .context("no csrf token")?
        .to_string();
    Ok((cookie, csrf))
}

/// One write: what was sent, the meeting's version after it, when it started and how long
/// it took.
struct Write {
    meeting: usize,
    version: i64,
    started: Instant,
    latency: Duration,
}

/// What one writer did.
#[derive(Default)]
struct WriterReport {
    writes: Vec<Write>,
    failed: u64,
    /// Versions that had to be read back with `GET /api/v1/meetings/{id}` (the write's
    /// answer did not carry `version`).
    read_back: u64,
}

#[allow(clippy::too_many_arguments)]
async fn writer(
    store: chibo_store::Store,
    addr: SocketAddr,
    cell: Arc<LiveCell>,
    meeting: usize,
    cookie: String,
    csrf: String,
    seed: u64,
    until: Instant,
) -> Result<WriterReport> {
    let mut conn = Conn::open(addr).await?;
    let mut rng = Rng(seed | 1);
    let mut report = WriterReport::default();
    let extra = format!("X-CSRF-Token: {csrf}\r\n");
    let half = (cell.members.len() / 2).max(1);
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let roll = rng.below(100);
        let id = cell.meeting;
        let (method, path, body) = if roll < 60 {
            let person = cell.members[rng.below(half)];
            let presence = if rng.below(2) == 0 {
                "present"
            } else {
                "absent"
            };
            (
                "PUT",
                format!("/api/v1/meetings/{id}/attendance/{person}"),
                serde_json::json!({ "presence": presence }),
            )
        } else if roll < 85 {
            let person = cell.members[rng.below(cell.members.len())];
            (
                "POST",
                format!("/api/v1/meetings/{id}/contributions"),
                serde_json::json!({"step": cell.step, "person": person, "text": format!("Ý kiến số {n}")}),
            )
        } else {
            (
                "POST",
                format!("/api/v1/meetings/{id}/votes"),
                serde_json::json!({"subject": format!("Biểu quyết số {n}"), "kind": "resolution",
                    "votes_for": 1, "against": 0, "abstain": 0}),
            )
        };
        let started = Instant::now();
        let (status, _, answer) = conn
            .request_with(method, &path, &cookie, &extra, &body.to_string())
            .await?;
        let latency = started.elapsed();
        if !(200..300).contains(&status) {
            report.failed += 1;
            continue;
        }
        let version = match version_of(&answer) {
            Some(v) => v,
            None => {
                // Not in the answer: read it back from the store (one query, outside the
                // measured latency). Another writer of the same meeting may have written
                // since, so this can only overstate the delay to watchers.
                report.read_back += 1;
                store
                    .meetings_of(cell.org, cell.year)
                    .await?
                    .iter()
                    .find(|m| m.id.0 == id)
                    .map(|m| m.version)
                    .context("the meeting has a version")?
            }
        };
        report.writes.push(Write {
            meeting,
            version,
            started,
            latency,
        });
    }
    Ok(report)
}

/// One SSE watcher: the (version, arrival) of every `state` event until `stop` turns true.
async fn watcher(
    addr: SocketAddr,
    meeting: i64,
    cookie: String,
    ready: Arc<tokio::sync::Semaphore>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Result<Vec<(i64, Instant)>> {
    let mut stream = BufReader::new(TcpStream::connect(addr).await?);
    let head = format!(
        "GET /api/v1/meetings/{meeting}/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    );
    stream.get_mut().write_all(head.as_bytes()).await?;
    let mut line = String::new();
    stream.read_line(&mut line).await?;
    if !line.contains(" 200 ") {
        bail!("events of meeting {meeting}: {}", line.trim());
    }
    let mut chunked = false;
    loop {
        line.clear();
        stream.read_line(&mut line).await?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.contains("chunked") {
            chunked = true;
        }
    }
    let mut events = Vec::new();
    let mut text = String::new();
    let mut signalled = false;
    loop {
        if *stop.borrow() {
            break;
        }
        // One chunk (or whatever arrived), unless told to stop first.
        let read = async {
            if chunked {
                line.clear();
                stream.read_line(&mut line).await?;
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                if size == 0 {
                    return Ok::<_, anyhow::Error>(None);
                }
                let mut buf = vec![0u8; size + 2];
                stream.read_exact(&mut buf).await?;
                buf.truncate(size);
                Ok(Some(buf))
            } else {
                let mut buf = vec![0u8; 8192];
                let n = stream.read(&mut buf).await?;
                buf.truncate(n);
                Ok((n > 0).then_some(buf))
            }
        };
        let chunk = tokio::select! {
            chunk = read => chunk?,
            _ = stop.changed() => break,
        };
        let Some(chunk) = chunk else { break };
        let at = Instant::now();
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let state = block.lines().any(|l| l == "event: state");
            let id = block
                .lines()
                .find_map(|l| l.strip_prefix("id:"))
                .and_then(|v| v.trim().parse::<i64>().ok());
            if let (true, Some(v)) = (state, id) {
                events.push((v, at));
                if !signalled {
                    ready.add_permits(1);
                    signalled = true;
                }
            }
        }
    }
    Ok(events)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// `chibo bench live`: members' phones following meetings over SSE while secretaries
/// record the roll call, contributions and votes, all through the real HTTP API of an
/// in-process server on a throwaway database. Reports write throughput against `/healthz`
/// at the same concurrency, write latency, and the delay from a write's request to the
/// watchers receiving the event that carries it.
pub async fn live(o: LiveOptions, en: bool) -> Result<LiveFigures> {
    let dir = std::env::temp_dir().join(format!(
        "chibo-bench-live-{}-{}",
        std::process::id(),
        time::OffsetDateTime::now_utc().unix_timestamp_nanos()
    ));
    let url = match &o.database {
        Some(u) => u.clone(),
        None => {
            std::fs::create_dir_all(&dir)?;
            format!("sqlite://{}/bench.db", dir.display())
        }
    };
    let result = live_on(&url, &o, en).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The figures of one `chibo bench live` run.
#[derive(Debug, Clone)]
pub struct LiveFigures {
    pub healthz_per_s: f64,
    pub writes_per_s: f64,
    pub writes: usize,
    pub failed: u64,
    pub read_back: u64,
    pub write_p50_ms: f64,
    pub write_p99_ms: f64,
    pub delivery_p50_ms: f64,
    pub delivery_p99_ms: f64,
    pub deliveries: usize,
    pub missed: usize,
    pub events: usize,
}

async fn live_on(url: &str, o: &LiveOptions, en: bool) -> Result<LiveFigures> {
    if o.meetings == 0 || o.members < 2 || o.writers == 0 {
        bail!(if en {
            "at least one meeting, two members and one writer"
        } else {
            "cần ít nhất một cuộc họp, hai đảng viên và một người ghi"
        });
    }
    let store = chibo_store::Store::open(url).await?;
    if !chibo_app::demo::is_empty(&store).await? {
        bail!(if en {
            "the database must be empty: the benchmark seeds its own cells"
        } else {
            "cơ sở dữ liệu phải trống: phép đo tự tạo các chi bộ"
        });
    }
    let backend = store.backend().name();
    let cells: Vec<Arc<LiveCell>> = seed_live(&store, o)
        .await?
        .into_iter()
        .map(Arc::new)
        .collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = chibo_web::router(chibo_web::AppState::new(store.clone(), false));
    let server = tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    let mut sessions = Vec::new();
    for c in &cells {
        sessions.push(login_as(addr, &c.login, LIVE_PASSWORD).await?);
    }
    let duration = Duration::from_secs_f64(o.seconds.max(0.1));

    // /healthz at the writers' concurrency, just before the live run.
    let healthz = hammer(addr, "/healthz".into(), String::new(), o.writers, duration).await?;

    // Watchers first; the writers start once every watcher has its first state.
    let ready = Arc::new(tokio::sync::Semaphore::new(0));
    let setup = Duration::from_secs(30);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut watchers = Vec::new();
    for i in 0..o.watchers {
        let m = i % cells.len();
        let (cookie, _) = sessions[m].clone();
        watchers.push((
            m,
            tokio::spawn(watcher(
                addr,
                cells[m].meeting,
                cookie,
                ready.clone(),
                stopped.clone(),
            )),
        ));
    }
    let all = u32::try_from(o.watchers).unwrap_or(u32::MAX);
    tokio::time::timeout(setup, ready.acquire_many(all))
        .await
        .map_err(|_| anyhow!("watchers did not all connect within {} s", setup.as_secs()))?
        .map_err(|e| anyhow!("{e}"))?
        .forget();
    let started = Instant::now();
    let until = started + duration;
    let mut writers = Vec::new();
    for i in 0..o.writers {
        let m = i % cells.len();
        let (cookie, csrf) = sessions[m].clone();
        writers.push(tokio::spawn(writer(
            store.clone(),
            addr,
            cells[m].clone(),
            m,
            cookie,
            csrf,
            0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1),
            until,
        )));
    }
    let mut writes = Vec::new();
    let (mut failed, mut read_back) = (0, 0);
    for w in writers {
        let r = w.await??;
        failed += r.failed;
        read_back += r.read_back;
        writes.extend(r.writes);
    }
    let elapsed = started.elapsed().as_secs_f64();
    // Let the last events arrive, then stop the watchers.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut seen: Vec<(usize, Vec<(i64, Instant)>)> = Vec::new();
    let _ = stop.send(true);
    for (m, w) in watchers {
        seen.push((m, w.await??));
    }
    server.abort();
    store.close().await;

    let mut latencies: Vec<f64> = writes
        .iter()
        .map(|w| w.latency.as_secs_f64() * 1000.0)
        .collect();
    latencies.sort_by(f64::total_cmp);
    // Delivery: for each write and each watcher of its meeting, the first event carrying
    // that version or a later one (watch channels coalesce, so a later state delivers it).
    let mut deliveries = Vec::new();
    let mut missed = 0;
    for w in &writes {
        for (m, events) in &seen {
            if *m != w.meeting {
                continue;
            }
            let i = events.partition_point(|(v, _)| *v < w.version);
            match events.get(i) {
                Some((_, at)) => {
                    deliveries.push(at.saturating_duration_since(w.started).as_secs_f64() * 1000.0)
                }
                None => missed += 1,
            }
        }
    }
    deliveries.sort_by(f64::total_cmp);
    let figures = LiveFigures {
        healthz_per_s: healthz,
        writes_per_s: writes.len() as f64 / elapsed,
        writes: writes.len(),
        failed,
        read_back,
        write_p50_ms: percentile(&latencies, 0.50),
        write_p99_ms: percentile(&latencies, 0.99),
        delivery_p50_ms: percentile(&deliveries, 0.50),
        delivery_p99_ms: percentile(&deliveries, 0.99),
        deliveries: deliveries.len(),
        missed,
        events: seen.iter().map(|(_, e)| e.len()).sum(),
    };
    print_live(&figures, o, backend, en);
    Ok(figures)
}

fn print_live(f: &LiveFigures, o: &LiveOptions, backend: &str, en: bool) {
    let ratio = f.writes_per_s / f.healthz_per_s;
    if en {
        println!(
            "live meetings ({backend}): {} meetings × {} members, {} SSE watchers, {} writers, {:.0} s (server and load share this machine)",
            o.meetings, o.members, o.watchers, o.writers, o.seconds
        );
        println!(
            "  /healthz, {} connections       {:>9.0} req/s",
            o.writers, f.healthz_per_s
        );
        println!(
            "  meeting writes, {} writers     {:>9.0} req/s  ({} writes, {} refused)",
            o.writers, f.writes_per_s, f.writes, f.failed
        );
        println!(
            "  writes / healthz                {:>9.3}  (target ≥ 0.20)",
            ratio
        );
        println!(
            "  write latency p50 / p99         {:>9.1} / {:.1} ms",
            f.write_p50_ms, f.write_p99_ms
        );
        println!("  write → watchers p50 / p99      {:>9.1} / {:.1} ms  ({} deliveries, {} missed, {} events)", f.delivery_p50_ms, f.delivery_p99_ms, f.deliveries, f.missed, f.events);
        if f.read_back > 0 {
            println!("  note: {} write answers carried no \"version\"; it was read back from the store (the delay can only be overstated)", f.read_back);
        }
    } else {
        println!(
            "theo dõi cuộc họp trực tiếp ({backend}): {} cuộc họp × {} đảng viên, {} người theo dõi SSE, {} người ghi, {:.0} giây (máy chủ và bộ tạo tải dùng chung máy)",
            o.meetings, o.members, o.watchers, o.writers, o.seconds
        );
        println!(
            "  /healthz, {} kết nối            {:>9.0} yêu cầu/giây",
            o.writers, f.healthz_per_s
        );
        println!(
            "  ghi cuộc họp, {} người ghi      {:>9.0} yêu cầu/giây  ({} lần ghi, {} bị từ chối)",
            o.writers, f.writes_per_s, f.writes, f.failed
        );
        println!(
            "  tỉ lệ ghi / healthz             {:>9.3}  (mục tiêu ≥ 0,20)",
            ratio
        );
        println!(
            "  thời gian ghi p50 / p99         {:>9.1} / {:.1} ms",
            f.write_p50_ms, f.write_p99_ms
        );
        println!("  từ lúc ghi đến người theo dõi   {:>9.1} / {:.1} ms (p50 / p99; {} lượt nhận, {} lượt thiếu, {} sự kiện)", f.delivery_p50_ms, f.delivery_p99_ms, f.deliveries, f.missed, f.events);
        if f.read_back > 0 {
            println!("  ghi chú: {} câu trả lời ghi không có \"version\"; đã đọc lại từ cơ sở dữ liệu (độ trễ chỉ có thể bị tính dư)", f.read_back);
        }
    }
}

/// `chibo bench documents` (issue 10): on the demo (a temporary SQLite file), the S3
/// November minutes — our PDF (Typst, in process) against LibreOffice converting our DOCX
/// of the same minutes to PDF (the path users take today; target ratio ≤ 1/20) — plus the
/// DOCX, one register as XLSX, and the year's zip of the S3 cell. Mean of `runs` runs each
/// (LibreOffice: `lo_runs`, a cold process each time, as a user's conversion is).
pub async fn documents(runs: u32, lo_runs: u32, en: bool) -> Result<()> {
    use chibo_app::documents::{render, Format, Which};
    let dir = std::env::temp_dir().join(format!("chibo-bench-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let url = format!("sqlite://{}/bench.db", dir.display());
    let store = chibo_store::Store::open(&url).await?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let summary = chibo_app::demo::load(&store, now).await?;
    let today = chibo_store::Actor::system("bench", now).today();
    let meeting = chibo_app::meetings::list(&store, summary.s3_cell, 2025)
        .await?
        .into_iter()
        .find(|m| m.date.month() == time::Month::November)
        .context("no November meeting in the demo")?
        .id;
    let (pdf_ms, pdf) = mean_ms(runs, || async {
        Ok(render(&store, meeting, Which::Minutes, Format::Pdf).await?)
    })
    .await?;
    let (docx_ms, docx) = mean_ms(runs, || async {
        Ok(render(&store, meeting, Which::Minutes, Format::Docx).await?)
    })
    .await?;
    let (xlsx_ms, _) = mean_ms(runs, || async {
        Ok(chibo_app::registers::render(
            &store,
            summary.s3_cell,
            chibo_app::registers::Register::Attendance,
            2025,
            today,
        )
        .await?)
    })
    .await?;
    let files = std::cell::Cell::new(0usize);
    let (zip_ms, zip) = mean_ms(runs.min(3), || async {
        Ok(
            chibo_app::archive::year_archive(&store, summary.s3_cell, 2025, today, |_, t, _| {
                files.set(t)
            })
            .await?,
        )
    })
    .await?;
    let files = files.get();
    let docx_path = dir.join("minutes.docx");
    std::fs::write(&docx_path, &docx.bytes)?;
    let profile = dir.join("lo-profile");
    let mut lo_ms = None;
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok()
    {
        // One conversion to create the profile, not timed.
        let convert = || {
            std::process::Command::new("soffice")
                .arg(format!(
                    "-env:UserInstallation=file://{}",
                    profile.display()
                ))
                .args([
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                ])
                .arg(&dir)
                .arg(&docx_path)
                .output()
        };
        convert()?;
        let started = Instant::now();
        for _ in 0..lo_runs {
            let out = convert()?;
            if !out.status.success() {
                bail!("soffice failed: {}", String::from_utf8_lossy(&out.stderr));
            }
        }
        lo_ms = Some(started.elapsed().as_secs_f64() * 1000.0 / f64::from(lo_runs.max(1)));
    }
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    let (title, lo_label, ratio_label, target) = if en {
        (
            format!("S3 minutes of November 2025, mean of {runs} runs (LibreOffice: {lo_runs}):"),
            "LibreOffice DOCX → PDF",
            "ratio our PDF / LibreOffice",
            "target ≤ 0.050",
        )
    } else {
        (
            format!("biên bản S3 tháng 11/2025, trung bình {runs} lần (LibreOffice: {lo_runs}):"),
            "LibreOffice DOCX → PDF",
            "tỉ lệ PDF của chibo / LibreOffice",
            "mục tiêu ≤ 0,050",
        )
    };
    println!("{title}");
    println!(
        "  PDF (Typst)             {pdf_ms:>9.1} ms  ({} byte)",
        pdf.bytes.len()
    );
    println!(
        "  DOCX                    {docx_ms:>9.1} ms  ({} byte)",
        docx.bytes.len()
    );
    match lo_ms {
        Some(lo) => {
            println!("  {lo_label:<23} {lo:>9.1} ms");
            println!("  {ratio_label}: {:.3} ({target})", pdf_ms / lo);
        }
        None => println!(
            "  {lo_label:<23} {}",
            if en {
                "soffice not installed"
            } else {
                "chưa cài soffice"
            }
        ),
    }
    println!("  XLSX (attendance 2025)  {xlsx_ms:>9.1} ms");
    println!(
        "  zip 2025 ({files} {})      {zip_ms:>9.1} ms  ({} byte)",
        if en { "files" } else { "tệp" },
        zip.len()
    );
    Ok(())
}
