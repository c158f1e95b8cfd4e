//! `chibo bench`: measures, in one run and on one machine, how many requests per second the
//! server answers on the cell page (session lookup, access check, roster query, Vietnamese
//! collation, template) compared with `/healthz` (no database work). Only the ratio is
//! meaningful: absolute figures depend on the machine, and the load generator shares it.

use std::net::SocketAddr;
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
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: bench\r\n");
        if !cookie.is_empty() {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
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
