//! `casegate clients import`: the real binary on a temporary SQLite file,
//! all or nothing, acting as a staff member named by email.

use std::path::Path;
use std::process::Output;

use casegate_app::{App, AppConfig};
use casegate_core::CompanyId;
use serde_json::Value;

use crate::binary::casegate;

fn run(args: &[&str], database_url: &str) -> Output {
    casegate()
        .args(args)
        .env("CASEGATE_DATABASE_URL", database_url)
        .env("CASEGATE_ADMIN_PASSWORD", "correct horse battery")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

fn import(dir: &Path, database_url: &str, company: &str, who: &str, csv: &str) -> Output {
    let file = dir.join("clients.csv");
    std::fs::write(&file, csv).unwrap();
    let file = file.display().to_string();
    run(
        &[
            "clients",
            "import",
            &file,
            "--company",
            company,
            "--as",
            who,
        ],
        database_url,
    )
}

fn stdout_json(output: &Output) -> Value {
    let parsed = serde_json::from_slice(&output.stdout);
    assert!(
        parsed.is_ok(),
        "stdout is not JSON: {} / stderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    parsed.unwrap()
}

/// The lines of the company's export, read through the app on the same file.
async fn exported(database_url: &str, company: &str, who: &str) -> Vec<String> {
    let store = casegate_store::Store::connect(database_url).await.unwrap();
    let app = App::open(store, AppConfig::default()).await.unwrap();
    let company: CompanyId = company.parse().unwrap();
    let actor = app.actor_for_email(company, who).await.unwrap();
    let csv = app.export_clients(&actor).await.unwrap();
    app.store().close().await;
    csv.lines().map(str::to_owned).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn clients_import_is_all_or_nothing_as_the_named_member() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/casegate.db", dir.path().display());
    let created = run(
        &[
            "company",
            "create",
            "--name",
            "Acme",
            "--admin-email",
            "alice@acme.example",
        ],
        &database_url,
    );
    assert!(created.status.success());
    let company = stdout_json(&created)["company_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A bad line: nothing is created, every problem is printed, exit non-zero.
    let bad = import(
        dir.path(),
        &database_url,
        &company,
        "alice@acme.example",
        "name,email,tags\nAurora,a@aurora.example,kyc;vip\n,nope,\n",
    );
    assert!(!bad.status.success());
    let result = stdout_json(&bad);
    assert_eq!(result["created"], 0);
    let errors = result["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{result}");
    assert!(errors.iter().all(|e| e["line"] == 3));
    assert_eq!(
        exported(&database_url, &company, "alice@acme.example")
            .await
            .len(),
        1
    );

    let good = import(
        dir.path(),
        &database_url,
        &company,
        "ALICE@acme.example",
        "name,email,tags\nAurora,a@aurora.example,kyc;vip\nBaltic,,\n",
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert_eq!(
        stdout_json(&good),
        serde_json::json!({"created": 2, "errors": []})
    );
    let lines = exported(&database_url, &company, "alice@acme.example").await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains(",Aurora,a@aurora.example,,kyc;vip,"))
    );

    // Nobody of that email in the company: refused, nothing printed on stdout.
    let stranger = import(
        dir.path(),
        &database_url,
        &company,
        "bob@acme.example",
        "name\nX\n",
    );
    assert!(!stranger.status.success());
    assert!(stranger.stdout.is_empty());
    assert!(String::from_utf8_lossy(&stranger.stderr).contains("no active staff member"));
}
