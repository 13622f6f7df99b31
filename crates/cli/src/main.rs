//! The `casegate` binary: parses the command line and runs one command.

mod clients;
mod company;
mod config;
mod demo;
mod describe;
mod serve;

use clap::{Parser, Subcommand};

/// casegate: who may see which client file, and why.
#[derive(Debug, Parser)]
#[command(name = "casegate", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database, then serve the web UI and the API.
    Serve(config::ServerArgs),
    /// Like serve, on a demo company (created only if the database is empty).
    Demo(config::ServerArgs),
    /// Manage companies.
    #[command(subcommand)]
    Company(company::CompanyCommand),
    /// Work on clients (import a CSV file as a staff member).
    #[command(subcommand)]
    Clients(clients::ClientsCommand),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    config::init_tracing();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve::run(args).await,
            Command::Demo(args) => demo::run(args).await,
            Command::Company(command) => company::run(command).await,
            Command::Clients(command) => clients::run(command).await,
        }
    })
}
