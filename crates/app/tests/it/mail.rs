//! Email delivery: `.eml` files, one real SMTP conversation (with Debian's
//! aiosmtpd), and retries when the server is away.

use std::process::Stdio;
use std::time::Duration;

use casegate_app::Actor;
use casegate_core::{ClientId, Language, NewClientAccess, Role};

use crate::support::{World, to, written};

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
    assert!(mails[0].contains("invited you to Acme"));
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

/// Owner Olga (French) and manager Mia (Danish) decide; admin Ada (English);
/// Bob asks with A1 and A3 on, sharing off.
async fn multilingual() -> (World, Actor, Actor, Actor, ClientId) {
    let w = World::new().await;
    let olga = w.user("Olga", Role::User).await;
    let mia = w.user("Mia", Role::Manager).await;
    let bob = w.user("Bob", Role::User).await;
    w.app.set_my_language(&olga, Language::Fr).await.unwrap();
    w.app.set_my_language(&mia, Language::Da).await.unwrap();
    w.settings(true, true, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&olga, "Dossier Lumière").await;
    written(&w).await;
    (w, olga, mia, bob, c)
}

#[tokio::test]
async fn a15_request_email_in_recipients_language() {
    let (w, _olga, _mia, bob, c) = multilingual().await;
    let id = w
        .app
        .request_access(&bob, c, Some("pour l’audit".into()))
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    let mails = written(&w).await;
    assert_eq!(mails.len(), 3, "the owner, the manager and the admin");
    let link = format!("http://casegate.test/requests/{id}");

    let fr = to(&mails, "olga");
    assert_eq!(fr.subject, "Bob demande l’accès à Dossier Lumière");
    assert!(
        fr.body_text.starts_with("Bonjour Olga,"),
        "{}",
        fr.body_text
    );
    assert!(fr.body_text.contains("Acceptez ou refusez la demande ici"));
    // Asked on 6 January 2025, the request expires 30 days later.
    assert!(
        fr.body_text.contains("expire le 5 février 2025"),
        "{}",
        fr.body_text
    );

    let da = to(&mails, "mia");
    assert_eq!(da.subject, "Bob beder om adgang til Dossier Lumière");
    assert!(da.body_text.starts_with("Hej Mia"), "{}", da.body_text);
    assert!(da.body_text.contains("Godkend eller afvis anmodningen her"));
    assert!(
        da.body_text.contains("udløber den 5. februar 2025"),
        "{}",
        da.body_text
    );

    let en = to(&mails, "ada");
    assert_eq!(en.subject, "Bob asks for access to Dossier Lumière");
    assert!(en.body_text.contains("expires on 5 February 2025"));

    for m in [fr, da, en] {
        assert!(m.body_text.contains(&link) && m.body_text.contains("> pour l’audit"));
    }
}

#[tokio::test]
async fn a16_decision_emails_in_recipients_language() {
    let (w, olga, mia, bob, c) = multilingual().await;
    // A French requester hears of the approval in French.
    w.app.set_my_language(&bob, Language::Fr).await.unwrap();
    let id = w
        .app
        .request_access(&bob, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    written(&w).await;
    w.clock.advance(chrono::Duration::days(2));
    w.app.approve_request(&olga, id).await.unwrap();
    let mails = written(&w).await;
    let fr = to(&mails, "bob");
    assert_eq!(fr.subject, "Votre accès à Dossier Lumière a été accordé");
    assert!(
        fr.body_text
            .contains("Olga a accepté votre demande le 8 janvier 2025"),
        "{}",
        fr.body_text
    );
    assert!(
        fr.body_text
            .contains(&format!("http://casegate.test/clients/{c}"))
    );

    // A Danish requester hears of the denial, and its reason, in Danish.
    let dan = w.user("Dan", Role::User).await;
    w.app.set_my_language(&dan, Language::Da).await.unwrap();
    let id = w
        .app
        .request_access(&dan, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    written(&w).await;
    w.app
        .deny_request(&mia, id, Some("Ikke din sag".into()))
        .await
        .unwrap();
    let mails = written(&w).await;
    let da = to(&mails, "dan");
    assert_eq!(
        da.subject,
        "Din anmodning om adgang til Dossier Lumière er afvist"
    );
    assert!(
        da.body_text.contains("Mia afviste den 8. januar 2025"),
        "{}",
        da.body_text
    );
    assert!(da.body_text.contains("Begrundelse:") && da.body_text.contains("> Ikke din sag"));
}

#[tokio::test]
async fn x7_invitation_in_the_invited_users_language() {
    let w = World::new().await;
    written(&w).await;
    w.app
        .create_user(
            &w.admin,
            casegate_app::NewUser {
                email: "lea@acme.test".into(),
                name: "Léa".into(),
                role: Role::User,
                password: None,
                language: Some(Language::Fr),
            },
        )
        .await
        .unwrap();
    let mails = written(&w).await;
    let fr = to(&mails, "lea");
    assert_eq!(
        fr.subject,
        "Ada Admin vous invite à rejoindre Acme sur casegate"
    );
    assert!(fr.body_text.contains("http://casegate.test/invitations/"));
    assert!(fr.body_text.contains("Choisissez votre mot de passe"));
}

/// The masking guarantee (B8) holds in every language: the emails of a
/// request never carry the client's contact fields.
#[tokio::test]
async fn a15_a16_emails_never_carry_contact_fields() {
    let (w, olga, _mia, bob, c) = multilingual().await;
    w.app
        .update_client(
            &olga,
            c,
            casegate_app::ClientPatch {
                email: Some(Some("secret@lumiere.test".into())),
                phone: Some(Some("+45 12 34 56 78".into())),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    written(&w).await;
    let id = w
        .app
        .request_access(&bob, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    w.app.approve_request(&olga, id).await.unwrap();
    let mails = written(&w).await;
    assert_eq!(mails.len(), 4);
    for m in &mails {
        assert!(!m.body_text.contains("secret@") && !m.body_text.contains("12 34"));
    }
}
