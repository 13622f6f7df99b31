//! What the client pages of the web UI read: the list with owners, masked
//! emails and its total (A12, B8, B10), what a viewer may do to a client
//! and how many people it reaches (deletion, X10), what a bulk deletion
//! would touch (B9), the requester's own pending request (A14, A16), and
//! the access log's ways in named as they were at the time (X9).

use casegate_app::{BulkAction, NewClient, PermissionsPatch, UserPatch, ViewWay};
use casegate_core::{Role, Subject};

use crate::support::World;

#[tokio::test]
async fn a12_b8_b10_the_list_rows_carry_owner_email_and_total() {
    let w = World::new().await;
    w.settings(true, false, false).await;
    let uma = w.user("Uma", Role::User).await;
    for (name, email) in [("Acme", "one@acme.test"), ("Acme", "two@acme.test")] {
        w.app
            .create_client(
                &w.admin,
                NewClient {
                    name: name.into(),
                    email: Some(email.into()),
                    ..NewClient::default()
                },
            )
            .await
            .unwrap();
    }
    let private = w.client(&w.admin, "Private").await;
    w.app
        .revoke(&w.admin, private, Subject::Company)
        .await
        .unwrap();
    w.client(&uma, "Uma's own").await;

    let rows = w.app.client_rows(&uma, None, None, 50).await.unwrap();
    assert_eq!(rows.total, 4);
    let emails: Vec<Option<&str>> = rows.items.iter().map(|r| r.email.as_deref()).collect();
    assert_eq!(
        emails,
        [Some("one@acme.test"), Some("two@acme.test"), None, None]
    );
    let locked = &rows.items[2];
    assert!(locked.entry.locked, "A12: name only");
    assert_eq!(rows.items[3].owner, "Uma");
    assert_eq!(rows.items[0].owner, "Ada Admin");
    let found = w.app.client_rows(&uma, Some("acm"), None, 1).await.unwrap();
    assert_eq!(
        (found.items.len(), found.total),
        (1, 2),
        "a page, and the total"
    );

    // B8: emails hidden; B10: only what Uma owns or worked with.
    let patch = UserPatch {
        permissions: PermissionsPatch {
            hide_email: Some(true),
            list_all_clients: Some(false),
            ..PermissionsPatch::default()
        },
        ..UserPatch::default()
    };
    w.app
        .update_user(&w.admin, uma.user_id, patch)
        .await
        .unwrap();
    let rows = w.app.client_rows(&uma, None, None, 50).await.unwrap();
    assert_eq!(rows.total, 1);
    assert!(
        rows.items
            .iter()
            .all(|r| r.email.is_none() && r.email_hidden)
    );
}

#[tokio::test]
async fn x10_what_a_viewer_may_do_to_a_client_and_whom_it_reaches() {
    let w = World::new().await;
    w.settings(true, false, false).await;
    let olga = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let eve = w.user("Eve", Role::User).await;
    let client = w.client(&olga, "Initech").await;
    w.app
        .revoke(&w.admin, client, Subject::Company)
        .await
        .unwrap();
    w.app
        .grant(&w.admin, client, Subject::User(bob.user_id), false, None)
        .await
        .unwrap();
    let owner = w.app.client_actions(&olga, client).await.unwrap();
    assert!(owner.may_delete && !owner.may_restrict);
    assert_eq!(owner.people, 3, "Ada, Olga, Bob");
    let shared = w.app.client_actions(&bob, client).await.unwrap();
    assert!(!shared.may_delete && !shared.may_restrict);
    let admin = w.app.client_actions(&w.admin, client).await.unwrap();
    assert!(admin.may_delete && admin.may_restrict);
    assert!(w.app.client_actions(&eve, client).await.is_err(), "locked");
}

#[tokio::test]
async fn b9_a_bulk_preview_counts_what_the_deletion_would_touch_and_changes_nothing() {
    let w = World::new().await;
    w.settings(true, false, false).await;
    let olga = w.user("Olga", Role::Marketing).await;
    let bob = w.user("Bob", Role::User).await;
    let mine = w.client(&olga, "Mine").await;
    let theirs = w.client(&w.admin, "Theirs").await;
    w.app.revoke(&olga, mine, Subject::Company).await.unwrap();
    let preview = w
        .app
        .bulk_preview(&olga, &BulkAction::Delete, &[mine, theirs, mine])
        .await
        .unwrap();
    assert_eq!(preview.clients, 1, "only her own, once");
    assert_eq!(preview.people, 2, "Ada and Olga");
    assert!(w.opens(&olga, mine).await, "nothing deleted");
    let tags = w
        .app
        .bulk_preview(&olga, &BulkAction::AddTag("x".into()), &[mine, theirs])
        .await
        .unwrap();
    assert_eq!(tags.clients, 2);
    assert!(
        w.app
            .bulk_preview(&bob, &BulkAction::Delete, &[mine])
            .await
            .is_err(),
        "B9: edit rights off"
    );
}

#[tokio::test]
async fn a16_the_requester_reads_their_pending_request_until_it_is_cancelled() {
    let w = World::new().await;
    w.settings(true, true, false).await;
    let bob = w.user("Bob", Role::User).await;
    let client = w.client(&w.admin, "Initech").await;
    w.app
        .revoke(&w.admin, client, Subject::Company)
        .await
        .unwrap();
    assert!(
        w.app
            .my_pending_request(&bob, client)
            .await
            .unwrap()
            .is_none()
    );
    let asked = w
        .app
        .request_access(&bob, client, Some("audit".into()))
        .await
        .unwrap()
        .value
        .request;
    let mine = w
        .app
        .my_pending_request(&bob, client)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mine.request.id, asked.request.id);
    assert_eq!(mine.request.message.as_deref(), Some("audit"));
    assert!(
        w.app
            .my_pending_request(&w.admin, client)
            .await
            .unwrap()
            .is_none(),
        "only one's own"
    );
    w.app.cancel_request(&bob, asked.request.id).await.unwrap();
    assert!(
        w.app
            .my_pending_request(&bob, client)
            .await
            .unwrap()
            .is_none()
    );
    // Past 30 days a pending request reads as none.
    w.app.request_access(&bob, client, None).await.unwrap();
    w.clock.advance(chrono::Duration::days(31));
    assert!(
        w.app
            .my_pending_request(&bob, client)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn x9_the_way_in_names_the_group_as_it_was_at_the_time() {
    let w = World::new().await;
    w.settings(true, false, false).await;
    let cy = w.user("Cy", Role::User).await;
    let client = w.client(&w.admin, "Initech").await;
    w.app
        .revoke(&w.admin, client, Subject::Company)
        .await
        .unwrap();
    let audit = w.group("Audit team", &[cy.user_id]).await;
    w.app
        .grant(&w.admin, client, Subject::Group(audit), false, None)
        .await
        .unwrap();
    w.app.open_client(&cy, client).await.unwrap();
    w.clock.advance(chrono::Duration::minutes(1));
    w.app
        .remove_member(&w.admin, audit, cy.user_id)
        .await
        .unwrap();
    w.app
        .grant(&w.admin, client, Subject::User(cy.user_id), false, None)
        .await
        .unwrap();
    w.clock.advance(chrono::Duration::minutes(1));
    w.app.open_client(&cy, client).await.unwrap();
    w.app.open_client(&w.admin, client).await.unwrap();
    let log = w.app.views(&w.admin, client, None, 50).await.unwrap();
    let ways: Vec<&[ViewWay]> = log.items.iter().map(|l| l.ways.as_slice()).collect();
    assert_eq!(
        ways,
        [
            &[ViewWay::Role(Some(Role::PrimaryAdmin)), ViewWay::Owner][..],
            &[ViewWay::Direct][..],
            &[ViewWay::Groups(vec!["Audit team".to_owned()])][..],
        ]
    );
}
