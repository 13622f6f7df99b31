//! Email delivery: `.eml` files, one real SMTP conversation (with Debian's
//! aiosmtpd), and retries when the server is away.

use std::process::Stdio;
use std::time::Duration;

use casegate_core::{NewClientAccess, Role};

use crate::support::World;

/// A python with aiosmtpd, if any.
async fn python_with_aiosmtpd() -> Option<&'static str> {
    for python in ["python3", "/usr/bin/python3"] {
        let ok = tokio::process::Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .await
            .is_ok_and(|s| s.success());
        if ok {
            return Some(python);
        }
    }
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn emails_are_written_as_eml_files_without_smtp() {
    let w = World::new().await;
    w.user("Bob", Role::User).await; // invited: no password
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 1);
    let mails = w.delivered().await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("From: casegate <no-reply@casegate.invalid>"));
    assert!(mails[0].contains("invited to Acme"));
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 0);
    assert_eq!(
        w.app.deliver_outbox_once().await.unwrap(),
        0,
        "nothing is sent twice"
    );
}

#[tokio::test]
async fn a15_request_email_goes_through_a_real_smtp_server() {
    let Some(python) = python_with_aiosmtpd().await else {
        let msg = "no python3 with aiosmtpd (apt-get install python3-aiosmtpd)";
        if casegate_store::testing::services_required() {
            panic!("{msg}");
        }
        eprintln!("skipped: {msg}");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // aiosmtpd's Mailbox makes the maildir only when the folder is missing.
    let maildir = tmp.path().join("mail");
    let port = free_port();
    let mut server = tokio::process::Command::new(python)
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .args(["-c", "aiosmtpd.handlers.Mailbox"])
        .arg(&maildir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "aiosmtpd did not start on port {port}");

    let w = World::with_smtp(Some(format!("smtp://127.0.0.1:{port}"))).await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, true, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&owner, "Smtp file").await;
    w.app.deliver_outbox_once().await.unwrap();
    w.app
        .request_access(&bob, c, Some("via smtp".into()))
        .await
        .unwrap();
    let sent = w.app.deliver_outbox_once().await.unwrap();
    assert_eq!(sent, 2, "the owner and the primary admin");
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 0);

    let new = maildir.join("new");
    let mut bodies = Vec::new();
    for _ in 0..50 {
        bodies = std::fs::read_dir(&new)
            .map(|d| {
                d.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default();
        if bodies
            .iter()
            .filter(|b: &&String| b.contains("via smtp"))
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let requests: Vec<_> = bodies.iter().filter(|b| b.contains("via smtp")).collect();
    assert_eq!(requests.len(), 2, "{bodies:?}");
    assert!(requests.iter().any(|b| b.contains("olga@")));
    assert!(
        requests
            .iter()
            .all(|b| b.contains("Bob asks for access to Smtp file"))
    );
    server.kill().await.unwrap();
}

#[tokio::test]
async fn failed_deliveries_are_retried_with_backoff() {
    let port = free_port(); // nothing listens there
    let w = World::with_smtp(Some(format!("smtp://127.0.0.1:{port}"))).await;
    w.user("Bob", Role::User).await;
    assert_eq!(w.app.deliver_outbox_once().await.unwrap(), 0);
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 1);
    // Not due again before the backoff.
    assert_eq!(w.app.deliver_outbox_once().await.unwrap(), 0);
    w.clock.advance(chrono::Duration::minutes(1));
    assert_eq!(w.app.deliver_outbox_once().await.unwrap(), 0);
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 1);
}

#[tokio::test]
async fn run_outbox_stops_on_shutdown() {
    let w = World::new().await;
    w.user("Bob", Role::User).await;
    let (tx, rx) = tokio::sync::watch::channel(false);
    let app = w.app.clone();
    let task = tokio::spawn(async move { app.run_outbox(rx).await });
    for _ in 0..50 {
        if w.app.store().outbox_pending_count().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 0);
    tx.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .unwrap()
        .unwrap();
}
