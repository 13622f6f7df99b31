//! Configuration: flags first, then environment, then defaults (API.md).

use std::path::{Path, PathBuf};

use casegate_app::{App, AppConfig};
use casegate_store::Store;
use clap::Args;

/// The default database: an SQLite file in the working directory's data folder.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://casegate-data/casegate.db";

/// Where the database lives.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://...`.
    #[arg(long, env = "CASEGATE_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

/// Options of `serve` and `demo`.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, env = "CASEGATE_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// SMTP server for outgoing email, e.g. `smtp://127.0.0.1:2525`; without
    /// one, emails are written as `.eml` files under the data folder's `outbox/`.
    #[arg(long, env = "CASEGATE_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The URL people use to reach this server, for links in emails
    /// (default: `http://` and the bound address).
    #[arg(long, env = "CASEGATE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Folder for `.eml` files when no SMTP server is set
    /// (default: `outbox/` beside the SQLite file, else `casegate-data/outbox`).
    #[arg(long, env = "CASEGATE_OUTBOX_DIR")]
    pub outbox_dir: Option<PathBuf>,
    /// The server runs behind a reverse proxy that appends the client's
    /// address to `X-Forwarded-For`: the sign-in throttle then counts that
    /// address instead of the proxy's. Leave off when clients connect directly,
    /// or they could name any address they like.
    #[arg(long, env = "CASEGATE_BEHIND_PROXY", value_parser = clap::builder::BoolishValueParser::new())]
    pub behind_proxy: bool,
}

/// Logs go to stderr; `RUST_LOG` filters them (default `info`).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// The folder beside an SQLite database file, or `casegate-data` otherwise.
pub fn data_dir(database_url: &str) -> PathBuf {
    database_url
        .strip_prefix("sqlite://")
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        .filter(|path| !path.is_empty() && !path.starts_with(':'))
        .and_then(|path| Path::new(path).parent().map(Path::to_path_buf))
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("casegate-data"))
}

/// Connects to the database (migrating it) and opens the app.
pub async fn open_app(
    database: &DatabaseArgs,
    smtp_url: Option<String>,
    public_url: String,
    outbox_dir: Option<PathBuf>,
    behind_proxy: bool,
) -> anyhow::Result<App> {
    let store = Store::connect(&database.database_url).await?;
    let outbox_dir = outbox_dir.unwrap_or_else(|| data_dir(&database.database_url).join("outbox"));
    let config = AppConfig {
        public_url,
        smtp_url,
        outbox_dir,
        behind_proxy,
        ..AppConfig::default()
    };
    Ok(App::open(store, config).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Serve {
        #[command(flatten)]
        args: ServerArgs,
    }

    #[test]
    fn behind_proxy_is_off_unless_asked_for() {
        let plain = Serve::try_parse_from(["serve"]).unwrap();
        assert!(!plain.args.behind_proxy);
        let proxied = Serve::try_parse_from(["serve", "--behind-proxy"]).unwrap();
        assert!(proxied.args.behind_proxy);
    }

    #[test]
    fn the_outbox_sits_beside_the_sqlite_file() {
        assert_eq!(
            data_dir(DEFAULT_DATABASE_URL),
            PathBuf::from("casegate-data")
        );
        assert_eq!(data_dir("sqlite:///tmp/x/c.db"), PathBuf::from("/tmp/x"));
        assert_eq!(data_dir("sqlite://c.db"), PathBuf::from("casegate-data"));
        assert_eq!(data_dir("postgres://h/db"), PathBuf::from("casegate-data"));
    }
}
