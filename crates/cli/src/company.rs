//! `casegate company create`: a company and its primary admin.

use std::io::{BufRead, Write};

use anyhow::Context;
use clap::{Args, Subcommand};

use crate::config::{self, DatabaseArgs};
use crate::describe::describe;

/// `casegate company ...`
#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Create a company and its primary admin; prints `{"company_id", "user_id"}`.
    Create(CreateArgs),
}

/// `casegate company create`
#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The company's name.
    #[arg(long)]
    name: String,
    /// The primary admin's email (their login).
    #[arg(long)]
    admin_email: String,
    /// The primary admin's name (default: the part of the email before `@`).
    #[arg(long)]
    admin_name: Option<String>,
}

/// Runs a `company` command.
pub async fn run(command: CompanyCommand) -> anyhow::Result<()> {
    match command {
        CompanyCommand::Create(args) => create(args).await,
    }
}

async fn create(args: CreateArgs) -> anyhow::Result<()> {
    let password = match std::env::var("CASEGATE_ADMIN_PASSWORD") {
        Ok(password) => password,
        Err(_) => prompt_password()?,
    };
    let admin_name = args.admin_name.clone().unwrap_or_else(|| {
        args.admin_email
            .split('@')
            .next()
            .unwrap_or(&args.admin_email)
            .to_owned()
    });
    let app = config::open_app(
        &args.database,
        None,
        "http://127.0.0.1:8080".to_owned(),
        None,
        false,
    )
    .await?;
    let written = app
        .create_company(&args.name, &args.admin_email, &admin_name, &password)
        .await
        .map_err(describe)?;
    let (company, user) = written.value;
    println!(
        "{}",
        serde_json::json!({"company_id": company.id.to_string(), "user_id": user.id.to_string()})
    );
    app.store().close().await;
    Ok(())
}

/// Reads the password from the terminal (or standard input when piped).
fn prompt_password() -> anyhow::Result<String> {
    eprint!("password for the primary admin: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}
