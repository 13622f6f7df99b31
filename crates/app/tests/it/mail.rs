//! Email delivery: `.eml` files, one real SMTP conversation (with Debian's
//! aiosmtpd), and retries when the server is away.

use std::process::Stdio;
use std::time::Duration;

use casegate_app::{Actor, AppError};
use casegate_core::{ClientId, Language, NewClientAccess, Role};

use crate::accounts::link_token;
use crate::support::{FROM, World, to, written};

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

/// Debian's aiosmtpd listening on a free port, writing every message it
/// receives into a maildir; `None` (the test skips, or fails when services
/// are required) without it.
struct SmtpSink {
    server: tokio::process::Child,
    port: u16,
    maildir: std::path::PathBuf,
    _tmp: tempfile::TempDir,
}

impl SmtpSink {
    async fn start() -> Option<SmtpSink> {
        let Some(python) = python_with_aiosmtpd().await else {
            let msg = "no python3 with aiosmtpd (apt-get install python3-aiosmtpd)";
            if casegate_store::testing::services_required() {
                panic!("{msg}");
            }
            eprintln!("skipped: {msg}");
            return None;
        };
        let tmp = tempfile::tempdir().unwrap();
        // aiosmtpd's Mailbox makes the maildir only when the folder is missing.
        let maildir = tmp.path().join("mail");
        let port = free_port();
        let server = tokio::process::Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(SmtpSink {
                    server,
                    port,
                    maildir,
                    _tmp: tmp,
                });
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far, once `enough` holds of them (waits up to 5 s).
    async fn received(&self, enough: impl Fn(&[String]) -> bool) -> Vec<String> {
        let new = self.maildir.join("new");
        let mut messages = Vec::new();
        for _ in 0..50 {
            messages = std::fs::read_dir(&new)
                .map(|d| {
                    d.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                        .collect()
                })
                .unwrap_or_default();
            if enough(&messages) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        messages
    }
}

/// The text of a received message, its transfer encoding undone
/// (quoted-printable soft breaks joined, base64 decoded).
fn decoded(message: &str) -> String {
    let message = message.replace("\r\n", "\n");
    let (head, body) = message.split_once("\n\n").unwrap_or((&message, ""));
    let head = head.to_ascii_lowercase();
    if head.contains("content-transfer-encoding: base64") {
        use base64::Engine as _;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    } else if head.contains("content-transfer-encoding: quoted-printable") {
        body.replace("=\n", "").replace("=3D", "=")
    } else {
        body.to_owned()
    }
}

#[tokio::test]
async fn a15_request_email_goes_through_a_real_smtp_server() {
    let Some(mut sink) = SmtpSink::start().await else {
        return;
    };
    let w = World::with_smtp(Some(sink.url())).await;
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

    let is_request = |b: &String| b.contains("via smtp");
    let bodies = sink
        .received(|all| all.iter().filter(|b| is_request(b)).count() == 2)
        .await;
    let requests: Vec<_> = bodies.iter().filter(|b| is_request(b)).collect();
    assert_eq!(requests.len(), 2, "{bodies:?}");
    assert!(requests.iter().any(|b| b.contains("olga@")));
    assert!(
        requests
            .iter()
            .all(|b| b.contains("Bob asks for access to Smtp file"))
    );
    sink.server.kill().await.unwrap();
}

/// AC1, AC2 over a real SMTP conversation: the invitation and the reset
/// link arrive at the SMTP server, and the link read from the received
/// message works, once.
#[tokio::test]
async fn ac1_ac2_invitation_and_reset_links_arrive_by_smtp_and_work_once() {
    let Some(mut sink) = SmtpSink::start().await else {
        return;
    };
    let w = World::with_smtp(Some(sink.url())).await;
    w.app.deliver_outbox_once().await.unwrap();
    w.user("Bob", Role::User).await; // no password: invited
    assert_eq!(w.app.deliver_outbox_once().await.unwrap(), 1);
    let received = sink
        .received(|all| all.iter().any(|m| decoded(m).contains("/invitations/")))
        .await;
    let invitation = received
        .iter()
        .map(|m| decoded(m))
        .find(|m| m.contains("/invitations/"))
        .unwrap_or_else(|| panic!("no invitation among {received:?}"));
    let token = link_token(&invitation, "invitations");
    let chosen = "lanterns over the harbour";
    w.app
        .accept_invitation(&token, None, chosen, FROM)
        .await
        .unwrap();
    assert!(matches!(
        w.app.accept_invitation(&token, None, chosen, FROM).await,
        Err(AppError::LinkUsed)
    ));
    let bob = format!("bob@{}.test", w.company);
    assert!(w.app.login(&bob, chosen, FROM).await.is_ok());

    w.app
        .request_password_reset("ada@acme.test", FROM)
        .await
        .unwrap();
    assert_eq!(w.app.deliver_outbox_once().await.unwrap(), 1);
    let received = sink
        .received(|all| all.iter().any(|m| decoded(m).contains("/password-reset/")))
        .await;
    let reset = received
        .iter()
        .map(|m| decoded(m))
        .find(|m| m.contains("/password-reset/"))
        .unwrap();
    let token = link_token(&reset, "password-reset");
    let new_password = "another quiet harbour";
    w.app
        .reset_password(&token, new_password, FROM)
        .await
        .unwrap();
    assert!(matches!(
        w.app.reset_password(&token, new_password, FROM).await,
        Err(AppError::LinkUsed)
    ));
    assert!(
        w.app
            .login("ada@acme.test", new_password, FROM)
            .await
            .is_ok()
    );
    sink.server.kill().await.unwrap();
}

/// C2 over a real SMTP conversation: a contact's invitation to follow a
/// file arrives, names the inviter, company, file and role, and its link
/// signs the contact in on the desk, once.
#[tokio::test]
async fn c2_a_contact_s_invitation_to_a_file_arrives_by_smtp_and_works_once() {
    let Some(mut sink) = SmtpSink::start().await else {
        return;
    };
    let w = World::with_smtp(Some(sink.url())).await;
    w.app.deliver_outbox_once().await.unwrap();
    let bank = w
        .app
        .create_entity(
            &w.admin,
            casegate_app::NewEntity {
                name: "Banque X".into(),
                kind: casegate_core::deal::DealRole::Lender,
                self_managed: false,
                email_domains: vec!["banquex.example".into()],
            },
        )
        .await
        .unwrap()
        .value
        .id;
    let deal = w.client(&w.admin, "Deal X").await;
    w.app
        .add_entity_to_file(&w.admin, deal, bank, casegate_core::deal::DealRole::Lender)
        .await
        .unwrap();
    w.app
        .add_contact(&w.admin, deal, bank, "lea@banquex.example", Some("Léa"))
        .await
        .unwrap();
    assert_eq!(w.app.deliver_outbox_once().await.unwrap(), 1);
    let received = sink
        .received(|all| all.iter().any(|m| decoded(m).contains("/invitations/")))
        .await;
    let invitation = received
        .iter()
        .map(|m| decoded(m))
        .find(|m| m.contains("/invitations/"))
        .unwrap_or_else(|| panic!("no invitation among {received:?}"));
    assert!(
        invitation.contains("Ada Admin of Acme invited you to follow Deal X as a lender"),
        "{invitation}"
    );
    let token = link_token(&invitation, "invitations");
    let chosen = "lanterns over the harbour";
    let signed = w
        .app
        .accept_any_invitation(&token, None, chosen, FROM)
        .await
        .unwrap();
    assert!(matches!(signed, casegate_app::SignedIn::Contact(_, _)));
    assert!(matches!(
        w.app
            .accept_any_invitation(&token, None, chosen, FROM)
            .await,
        Err(AppError::LinkUsed)
    ));
    sink.server.kill().await.unwrap();
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
