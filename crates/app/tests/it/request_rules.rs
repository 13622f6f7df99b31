//! A14–A18: access requests, their emails and what a requester learns.

use casegate_app::{AppError, RequestFilter};
use casegate_core::{ClientId, How, NewClientAccess, RequestStatus, Role, Subject};

use crate::support::World;

/// Owner Olga's client with requests and A1 on, sharing off; Bob asks.
async fn setup() -> (World, casegate_app::Actor, casegate_app::Actor, ClientId) {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, true, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&owner, "Secret file").await;
    w.clear_mail().await;
    (w, owner, bob, c)
}

#[tokio::test]
async fn a14_one_pending_request_per_user_and_client() {
    let (w, owner, bob, c) = setup().await;
    let first = w
        .app
        .request_access(&bob, c, Some("please".into()))
        .await
        .unwrap();
    assert!(first.value.created);
    assert_eq!(first.value.request.request.status, RequestStatus::Pending);
    let again = w.app.request_access(&bob, c, None).await.unwrap();
    assert!(!again.value.created);
    assert_eq!(
        again.value.request.request.id,
        first.value.request.request.id
    );
    // Someone with access is told so.
    assert!(matches!(
        w.app.request_access(&owner, c, None).await,
        Err(AppError::Conflict(_))
    ));
    // A message over 2,000 characters names its field.
    let long = "x".repeat(2001);
    assert_eq!(
        crate::support::fields(w.app.request_access(&bob, c, Some(long)).await.unwrap_err()),
        vec!["message"]
    );
}

#[tokio::test]
async fn a15_requests_are_emailed_to_every_grantor() {
    let (w, owner, bob, c) = setup().await;
    let manager = w.user("Mia", Role::Manager).await;
    let colleague = w.user("Cleo", Role::User).await;
    w.app
        .grant(&owner, c, Subject::User(colleague.user_id), false, None)
        .await
        .unwrap();
    w.clear_mail().await;
    let request = w
        .app
        .request_access(&bob, c, Some("for the audit".into()))
        .await
        .unwrap()
        .value
        .request
        .request;
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 3);
    let mails = w.delivered().await;
    // Sharing off: admins, managers and the owner; not the colleague with access.
    let mut to: Vec<_> = mails
        .iter()
        .map(|m| {
            m.lines()
                .find(|l| l.starts_with("To: "))
                .unwrap()
                .to_owned()
        })
        .collect();
    to.sort();
    let _ = manager;
    assert_eq!(to.len(), 3, "{to:?}");
    assert!(to.iter().any(|t| t.contains("ada@acme.test")));
    assert!(!to.iter().any(|t| t.contains("cleo@")));
    for m in &mails {
        assert!(m.contains(&format!("http://casegate.test/requests/{}", request.id)));
        assert!(m.contains("for the audit"));
    }
    assert_eq!(w.app.store().outbox_pending_count().await.unwrap(), 0);
    // Sharing on: everyone with access is asked too.
    w.settings(true, true, true).await;
    let dora = w.user("Dora", Role::User).await;
    w.clear_mail().await;
    w.app.request_access(&dora, c, None).await.unwrap();
    let mails = w.delivered().await;
    assert_eq!(mails.len(), 4);
    assert!(mails.iter().any(|m| m.contains("cleo@")));
}

#[tokio::test]
async fn a16_first_decision_wins() {
    let (w, owner, bob, c) = setup().await;
    let id = w
        .app
        .request_access(&bob, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    w.clear_mail().await;
    let approved = w.app.approve_request(&owner, id).await.unwrap();
    assert_eq!(approved.value.request.status, RequestStatus::Approved);
    assert!(w.opens(&bob, c).await);
    let history = w.app.access_history(&bob, c).await.unwrap();
    assert_eq!(history.last().unwrap().granted_how, How::Request);
    // The requester is told.
    let mails = w.delivered().await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("bob@") && mails[0].contains("approved"));
    // The admin comes second and learns who decided and when.
    match w.app.deny_request(&w.admin, id, None).await {
        Err(AppError::Conflict(message)) => {
            let text = message.to_string();
            assert_eq!(message.key(), "app-request-decided-by", "{text}");
            assert!(text.contains("status=approved"), "{text}");
            assert!(text.contains("name=Olga"), "{text}");
            assert!(text.contains("2025-01-06T09:00:00"), "{text}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // Someone who may not share cannot decide.
    let carl = w.user("Carl", Role::User).await;
    let id2 = w
        .app
        .request_access(&carl, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    assert!(matches!(
        w.app.approve_request(&bob, id2).await,
        Err(AppError::Forbidden(_))
    ));
    w.clear_mail().await;
    let denied = w
        .app
        .deny_request(&owner, id2, Some("not your case".into()))
        .await
        .unwrap();
    assert_eq!(denied.value.request.status, RequestStatus::Denied);
    assert!(!w.opens(&carl, c).await);
    let mails = w.delivered().await;
    assert!(mails[0].contains("denied") && mails[0].contains("not your case"));
}

#[tokio::test]
async fn a16_the_requester_sees_the_status_and_can_cancel() {
    let (w, owner, bob, c) = setup().await;
    let id = w
        .app
        .request_access(&bob, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    assert!(matches!(
        w.app.cancel_request(&owner, id).await,
        Err(AppError::Forbidden(_))
    ));
    let mine = w
        .app
        .access_requests(&bob, RequestFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 1);
    let cancelled = w.app.cancel_request(&bob, id).await.unwrap();
    assert_eq!(cancelled.value.request.status, RequestStatus::Cancelled);
    assert!(matches!(
        w.app.approve_request(&owner, id).await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        w.app.cancel_request(&bob, id).await,
        Err(AppError::Conflict(_))
    ));
    // The owner sees it among the requests she can decide.
    let pending = RequestFilter {
        status: Some(RequestStatus::Pending),
    };
    assert!(
        w.app
            .access_requests(&owner, pending, None, 10)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let all = w
        .app
        .access_requests(&owner, RequestFilter::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(all.items[0].request.status, RequestStatus::Cancelled);
    // A user who can decide nothing sees only their own.
    let carl = w.user("Carl", Role::User).await;
    let theirs = w
        .app
        .access_requests(&carl, RequestFilter::default(), None, 10)
        .await
        .unwrap();
    assert!(theirs.items.is_empty());
}

#[tokio::test]
async fn a16_requests_expire_after_30_days() {
    let (w, owner, bob, c) = setup().await;
    let id = w
        .app
        .request_access(&bob, c, None)
        .await
        .unwrap()
        .value
        .request
        .request
        .id;
    w.clock.advance(chrono::Duration::days(29));
    assert_eq!(w.app.expire_requests().await.unwrap(), 0);
    w.clock.advance(chrono::Duration::days(1));
    // Read before the sweep: already expired.
    let expired = RequestFilter {
        status: Some(RequestStatus::Expired),
    };
    let listed = w
        .app
        .access_requests(&owner, expired, None, 10)
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    assert!(matches!(
        w.app.approve_request(&owner, id).await,
        Err(AppError::Conflict(m)) if m.key() == "app-request-expired"
    ));
    // Asking again makes a new request.
    let again = w.app.request_access(&bob, c, None).await.unwrap();
    assert!(again.value.created);
    assert_ne!(again.value.request.request.id, id);
    w.clock.advance(chrono::Duration::days(31));
    assert_eq!(w.app.expire_requests().await.unwrap(), 1);
}

#[tokio::test]
async fn a17_requests_refused_when_turned_off() {
    let (w, owner, bob, c) = setup().await;
    w.settings(true, false, false).await;
    assert!(matches!(
        w.app.request_access(&bob, c, None).await,
        Err(AppError::AccessRequestsDisabled)
    ));
    assert!(matches!(
        w.app.client(&bob, c).await,
        Err(AppError::AccessDenied { can_request: false })
    ));
    // The panel still shows whom to ask.
    let panel = w.app.access_panel(&bob, c).await.unwrap();
    assert!(!panel.can_request);
    assert_eq!(
        panel.entries[0].subject.subject,
        Subject::User(owner.user_id)
    );
}

#[tokio::test]
async fn a18_a_requester_never_learns_more_than_the_panel() {
    let (w, owner, bob, c) = setup().await;
    let member = w.user("Mo", Role::User).await;
    let g = w.group("Deal team", &[member.user_id]).await;
    w.app
        .grant(&owner, c, Subject::Group(g), false, None)
        .await
        .unwrap();
    let requested = w
        .app
        .request_access(&bob, c, Some("hi".into()))
        .await
        .unwrap()
        .value;
    // The request view names only the client, the requester and the decider.
    assert_eq!(requested.request.client_name, "Secret file");
    assert!(requested.request.decided_by.is_none());
    let panel = w.app.access_panel(&bob, c).await.unwrap();
    for e in &panel.entries {
        assert!(e.members.is_none() && e.granted_by.is_none() && e.granted_at.is_none());
    }
    // No data endpoint answers.
    assert!(w.app.client(&bob, c).await.is_err());
    assert!(w.app.access_history(&bob, c).await.is_err());
    assert!(w.app.client_users(&bob, c, None, 10).await.is_err());
    assert!(w.app.set_digest(&bob, c, false).await.is_err());
    assert!(matches!(
        w.app
            .check(&bob, owner.user_id, c, casegate_app::CheckAction::View)
            .await,
        Err(AppError::Forbidden(_))
    ));
    let mine = w
        .app
        .user_clients(&bob, bob.user_id, None, 10)
        .await
        .unwrap();
    assert!(mine.items.iter().all(|i| i.id != c));
}
