//! Configuration: defaults → file (`chibo.toml`, or `--config`) → `CHIBO_*` environment
//! variables → command-line flags. Unknown keys are warned about; the database password
//! never reaches a log line.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, Result};
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    pub database_url: String,
    pub address: SocketAddr,
    pub secure_cookies: bool,
    pub log: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://chibo.db".into(),
            address: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            log: "info".into(),
        }
    }
}

const KNOWN: [&str; 4] = ["database_url", "address", "secure_cookies", "log"];

impl Config {
    pub fn load(file: Option<&Path>, database_flag: Option<String>) -> Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        let path = file
            .map(Path::to_path_buf)
            .unwrap_or_else(|| "chibo.toml".into());
        if path.exists() {
            let text =
                std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
            for key in top_level_keys(&text) {
                if !KNOWN.contains(&key.as_str()) {
                    eprintln!("cảnh báo / warning: khóa cấu hình không biết / unknown config key `{key}` in {}", path.display());
                }
            }
            figment = figment.merge(Toml::file(&path));
        } else if file.is_some() {
            anyhow::bail!(
                "{}: không tìm thấy tệp cấu hình / config file not found",
                path.display()
            );
        }
        figment = figment.merge(Env::prefixed("CHIBO_").only(&KNOWN));
        let mut config: Config = figment
            .extract()
            .context("cấu hình không hợp lệ / invalid configuration")?;
        if let Some(db) = database_flag {
            config.database_url = db;
        }
        Ok(config)
    }

    /// The database URL with any password replaced by `***`.
    pub fn redacted_url(&self) -> String {
        redact(&self.database_url)
    }
}

pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://") {
        if let Some((creds, host)) = rest.split_once('@') {
            if let Some((user, _)) = creds.split_once(':') {
                return format!("{scheme}://{user}:***@{host}");
            }
        }
    }
    url.to_string()
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &self.redacted_url())
            .field("address", &self.address)
            .field("secure_cookies", &self.secure_cookies)
            .field("log", &self.log)
            .finish()
    }
}

/// Top-level keys of a flat TOML file, for the unknown-key warning (figment ignores them).
fn top_level_keys(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .take_while(|l| !l.starts_with('['))
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"').to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://chibo:secret@db:5432/chibo"),
            "postgres://chibo:***@db:5432/chibo"
        );
        assert_eq!(redact("sqlite://chibo.db"), "sqlite://chibo.db");
        let c = Config {
            database_url: "postgres://u:p@h/d".into(),
            ..Config::default()
        };
        assert!(!format!("{c:?}").contains(":p@"));
    }

    #[test]
    fn layers_file_then_env_then_flag() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(
            &file,
            "address = \"127.0.0.1:9000\"\ndatabase_url = \"sqlite://from-file.db\"\n",
        )
        .unwrap();
        let c = Config::load(Some(&file), None).unwrap();
        assert_eq!(c.address.port(), 9000);
        assert_eq!(c.database_url, "sqlite://from-file.db");
        let c = Config::load(Some(&file), Some("sqlite://flag.db".into())).unwrap();
        assert_eq!(c.database_url, "sqlite://flag.db");
    }
}
