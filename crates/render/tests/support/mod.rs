//! What the render tests share (`mod support;` in each): the 2026 regular-minutes fixture
//! and the cell's issuer, and the real readers they call — poppler's `pdftotext` and
//! LibreOffice's PDF conversion — with the rule for a reader that is not installed (skipped
//! and said so, or a failure when `.ci/run` requires the readers). Each test file uses part
//! of it.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use chibo_domain::meeting::minutes::{Minutes, MinutesV1};
use chibo_render::{Context, Issuer, Stage};

pub const REGULAR_2026: &str = include_str!("../fixtures/minutes-regular-2026.json");
/// The domain's frozen schema-1 snapshot, as an older release stored it (a 2025 meeting,
/// HD 36/2018 format): it must still render.
pub const FROZEN_V1: &str = include_str!("../../../domain/tests/fixtures/minutes-v1.json");

/// The regular 2026 meeting's minutes, latest revision.
pub fn regular() -> MinutesV1 {
    Minutes::from_stored(1, REGULAR_2026)
        .unwrap()
        .latest()
        .clone()
}

/// The cell "Chi bộ Tổ dân phố số 3" under "Đảng bộ phường Him Lam", in Điện Biên, at `stage`.
pub fn ctx(stage: Stage) -> Context {
    Context {
        issuer: Issuer {
            superior: Some("Đảng bộ phường Him Lam".to_owned()),
            name: "Chi bộ Tổ dân phố số 3".to_owned(),
            code: "CB".to_owned(),
            place: "Điện Biên".to_owned(),
        },
        stage,
    }
}

/// The program can be started (it is installed).
pub fn tool(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok()
}

/// Says a reader part was skipped, on the raw stderr handle so the harness does not swallow
/// it; with `CHIBO_RENDER_READERS_REQUIRED=1` (set by `.ci/run`) it fails instead.
pub fn skip(note: &str) {
    if std::env::var("CHIBO_RENDER_READERS_REQUIRED").as_deref() == Ok("1") {
        panic!("CHIBO_RENDER_READERS_REQUIRED=1 but {note}");
    }
    let _ = writeln!(std::io::stderr(), "{note}");
}

/// The text poppler reads from a PDF, laid out as printed.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words of a text joined by single spaces (line and page breaks folded).
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// LibreOffice converts `files` (DOCX) to PDF into `out_dir`, with a private profile named
/// by `tag` in the temporary directory (never in a kept directory: it is megabytes), removed
/// afterwards.
pub fn libreoffice_pdfs<I>(tag: &str, out_dir: &Path, files: I)
where
    I: IntoIterator,
    I::Item: AsRef<OsStr>,
{
    let profile = std::env::temp_dir().join(format!("chibo-{tag}-lo-{}", std::process::id()));
    let out = Command::new("soffice")
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
        .arg(out_dir)
        .args(files)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
