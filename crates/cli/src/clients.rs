//! `casegate clients import FILE --company ID --as EMAIL`: the CSV import of
//! `POST /clients/import`, run by an operator on the server as a staff member
//! (no password: whoever runs the binary already holds the database), with a
//! progress bar on stderr and the JSON result on stdout.

use std::path::PathBuf;

use anyhow::Context;
use casegate_app::{AppError, ImportProgress, ImportStep};

use casegate_core::CompanyId;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::{self, DatabaseArgs};
use crate::describe::{describe, line_problem};

/// `casegate clients ...`
#[derive(Debug, Subcommand)]
pub enum ClientsCommand {
    /// Import clients from a CSV file, all or nothing, as a staff member of
    /// the company; prints `{"created", "errors": [{"line", "message"}]}`.
    Import(ImportArgs),
}

/// `casegate clients import`
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The CSV file: header `name,email,phone,tags,owner_email,marketing_opt_in`
    /// (only `name` required), tags separated by `;`; at most 10,000 rows, 5 MiB.
    file: PathBuf,
    /// The company to import into.
    #[arg(long, value_name = "COMPANY_ID")]
    company: CompanyId,
    /// The staff member to act as (their rights apply: `import_export`, B9).
    #[arg(long = "as", value_name = "EMAIL")]
    as_email: String,
}

/// Runs a `clients` command.
pub async fn run(command: ClientsCommand) -> anyhow::Result<()> {
    match command {
        ClientsCommand::Import(args) => import(args).await,
    }
}

async fn import(args: ImportArgs) -> anyhow::Result<()> {
    let csv = tokio::fs::read(&args.file)
        .await
        .with_context(|| format!("reading `{}`", args.file.display()))?;
    let app = config::open_app(
        &args.database,
        None,
        "http://127.0.0.1:8080".to_owned(),
        None,
        false,
    )
    .await?;
    let actor = app
        .actor_for_email(args.company, &args.as_email)
        .await
        .map_err(|e| match e {
            AppError::NotFound => anyhow::anyhow!(
                "no active staff member `{}` in company `{}`",
                args.as_email,
                args.company
            ),
            other => describe(other),
        })?;
    let bar = Bar::new();
    let result = app.import_clients(&actor, &csv, &bar).await;
    bar.0.finish_and_clear();
    app.store().close().await;
    let outcome = result.map_err(describe)?.value;
    let errors: Vec<serde_json::Value> = outcome
        .errors
        .iter()
        .map(|e| serde_json::json!({"line": e.line, "message": line_problem(e)}))
        .collect();
    println!(
        "{}",
        serde_json::json!({"created": outcome.created, "errors": errors})
    );
    if !errors.is_empty() {
        anyhow::bail!(
            "nothing was imported: {} problem(s) in `{}`",
            errors.len(),
            args.file.display()
        );
    }
    Ok(())
}

/// The progress bar (stderr; hidden when stderr is not a terminal).
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Bar {
        let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} lines")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        Bar(ProgressBar::new(0).with_style(style))
    }
}

impl ImportProgress for Bar {
    fn start(&self, step: ImportStep, total: u64) {
        self.0.set_length(total);
        self.0.set_position(0);
        self.0.set_message(match step {
            ImportStep::Validate => "checking",
            ImportStep::Write => "writing",
        });
    }

    fn advance(&self, by: u64) {
        self.0.inc(by);
    }
}
