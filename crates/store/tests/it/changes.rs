//! The change log and transactions: revisions, round trips, rollback, and
//! values that must survive storage exactly (microseconds, unicode).

use casegate_core::{
    AccessRequestId, Change, ClientId, GroupId, How, RequestStatus, Revision, Settings, Subject,
};
use casegate_store::{NewAuditEntry, NewEmail, Store};
use serde_json::json;

use crate::fixtures::{self, MINUTE, T0, t};

pub async fn revisions_strictly_increase_and_changes_round_trip(store: Store) {
    assert_eq!(store.last_revision().await.unwrap(), Revision(0));
    assert!(
        store
            .changes_since(Revision(0), 10)
            .await
            .unwrap()
            .is_empty()
    );

    let w = fixtures::world(&store, "rev").await;
    let mut expected = store.changes_since(Revision(0), 10).await.unwrap();
    assert_eq!(expected.len(), 1);
    assert_eq!(expected[0].0, Revision(1));

    let share = fixtures::share(
        w.company.id,
        w.client.id,
        Subject::Group(w.group.id),
        w.admin.id,
        T0 + MINUTE,
    );
    let changes = [
        Change::SettingsChanged {
            company_id: w.company.id,
            settings: Settings {
                client_access_enabled: true,
                ..Settings::default()
            },
        },
        Change::ShareGranted {
            share: share.clone(),
        },
        Change::ShareRevoked {
            company_id: w.company.id,
            client_id: w.client.id,
            share_id: share.id,
            revoked: fixtures::revocation(Some(w.admin.id), T0 + 2 * MINUTE, How::Manual),
        },
        Change::Batch {
            changes: vec![
                Change::GroupDeleted {
                    company_id: w.company.id,
                    group_id: w.group.id,
                },
                Change::ClientDeleted {
                    company_id: w.company.id,
                    client_id: w.client.id,
                },
            ],
        },
    ];
    let mut last = Revision(1);
    for (i, change) in changes.iter().enumerate() {
        let mut tx = store.begin().await.unwrap();
        // Two changes in one transaction get two revisions too.
        let first = tx.append_change(change, t(T0 + i as i64)).await.unwrap();
        let second = tx.append_change(change, t(T0 + i as i64)).await.unwrap();
        tx.commit().await.unwrap();
        assert!(first > last, "{first:?} after {last:?}");
        assert_eq!(second, Revision(first.0 + 1));
        expected.push((first, change.clone()));
        expected.push((second, change.clone()));
        last = second;
    }
    assert_eq!(store.last_revision().await.unwrap(), last);
    assert_eq!(
        store.changes_since(Revision(0), 100).await.unwrap(),
        expected
    );
    // Paging: after a revision, and with a limit.
    assert_eq!(
        store.changes_since(Revision(3), 2).await.unwrap(),
        expected[3..5].to_vec()
    );
    assert!(store.changes_since(last, 10).await.unwrap().is_empty());
    assert!(
        store
            .changes_since(Revision(u64::MAX), 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The revision is part of the snapshot too.
    assert_eq!(store.snapshot().await.unwrap().1, last);
}

pub async fn concurrent_writers_get_distinct_ordered_revisions(store: Store) {
    let w = fixtures::world(&store, "conc").await;
    let mut tasks = Vec::new();
    for task in 0..8 {
        let store = store.clone();
        let company_id = w.company.id;
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            for i in 0..5 {
                let mut tx = store.begin().await.unwrap();
                let change = Change::GroupDeleted {
                    company_id,
                    group_id: GroupId::from_u128(task * 100 + i),
                };
                let revision = tx.append_change(&change, t(T0)).await.unwrap();
                tokio::task::yield_now().await;
                tx.commit().await.unwrap();
                got.push((revision, change));
            }
            got
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    all.sort_by_key(|(revision, _)| *revision);
    let revisions: Vec<u64> = all.iter().map(|(r, _)| r.0).collect();
    assert_eq!(revisions, (2..42).collect::<Vec<u64>>());
    assert_eq!(store.changes_since(Revision(1), 100).await.unwrap(), all);
}

pub async fn rollback_leaves_nothing(store: Store) {
    let w = fixtures::world(&store, "rb").await;
    let before = store.last_revision().await.unwrap();
    let other = fixtures::company("Rolled back");
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&other).await.unwrap();
    let client = fixtures::client(w.company.id, w.admin.id, "Ghost");
    tx.insert_client(&client).await.unwrap();
    tx.append_change(
        &Change::CompanyCreated {
            company: other.clone(),
        },
        t(T0),
    )
    .await
    .unwrap();
    tx.append_audit(&NewAuditEntry {
        company_id: w.company.id,
        at: t(T0),
        actor_id: Some(w.admin.id),
        real_actor_id: None,
        action: "client.created".to_owned(),
        target: client.id.to_string(),
        details: json!({}),
    })
    .await
    .unwrap();
    tx.enqueue_email(&NewEmail {
        company_id: Some(w.company.id),
        to: "x@example.com".to_owned(),
        subject: "s".to_owned(),
        body_text: "b".to_owned(),
        created_at: t(T0),
    })
    .await
    .unwrap();
    tx.insert_token(
        b"secret-hash",
        w.company.id,
        w.admin.id,
        t(T0),
        t(T0 + MINUTE),
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();

    assert_eq!(store.company(other.id).await.unwrap(), None);
    assert_eq!(store.client(w.company.id, client.id).await.unwrap(), None);
    assert_eq!(store.company_count().await.unwrap(), 1);
    assert_eq!(store.last_revision().await.unwrap(), before);
    assert!(store.changes_since(before, 10).await.unwrap().is_empty());
    assert!(
        store
            .audit_entries(w.company.id, 0, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.outbox_pending_count().await.unwrap(), 0);
    assert_eq!(store.token_user(b"secret-hash", t(T0)).await.unwrap(), None);

    // The revision is not burnt: the next commit takes the next number.
    let mut tx = store.begin().await.unwrap();
    let next = tx
        .append_change(
            &Change::CompanyCreated {
                company: w.company.clone(),
            },
            t(T0),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(next, Revision(before.0 + 1));
}

pub async fn dropping_a_transaction_rolls_it_back(store: Store) {
    let company = fixtures::company("Dropped");
    {
        let mut tx = store.begin().await.unwrap();
        tx.insert_company(&company).await.unwrap();
        tx.append_change(
            &Change::CompanyCreated {
                company: company.clone(),
            },
            t(T0),
        )
        .await
        .unwrap();
    }
    assert_eq!(store.company(company.id).await.unwrap(), None);
    assert_eq!(store.last_revision().await.unwrap(), Revision(0));
    // The connection went back to the pool in a usable state.
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&company).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.company(company.id).await.unwrap(), Some(company));
}

pub async fn timestamps_round_trip_with_microseconds(store: Store) {
    let w = fixtures::world(&store, "ts").await;
    // The world's values carry microseconds: they come back equal.
    assert_eq!(
        store.company(w.company.id).await.unwrap(),
        Some(w.company.clone())
    );
    assert_eq!(
        store.client(w.company.id, w.client.id).await.unwrap(),
        Some(w.client.clone())
    );

    // Before the epoch, and far in the future.
    let mut old = fixtures::company("Old");
    old.created_at = t(-86_400_000_000 * 365 - 1);
    let mut future = fixtures::company("Future");
    future.created_at = t(253_402_300_799_999_999); // 9999-12-31T23:59:59.999999Z
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&old).await.unwrap();
    tx.insert_company(&future).await.unwrap();
    let mut request = fixtures::request(
        AccessRequestId::from_u128(7),
        w.company.id,
        w.client.id,
        w.other.id,
        T0 + 999_999,
    );
    request.status = RequestStatus::Denied;
    request.decided_by = Some(w.admin.id);
    request.decided_at = Some(t(T0 + 1_000_001));
    request.reason = Some("non".to_owned());
    tx.insert_request(&request).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.company(old.id).await.unwrap(), Some(old));
    assert_eq!(store.company(future.id).await.unwrap(), Some(future));
    assert_eq!(
        store
            .access_request(w.company.id, request.id)
            .await
            .unwrap(),
        Some(request)
    );
}

pub async fn unicode_names_round_trip(store: Store) {
    let mut company = fixtures::company("Société Générale — 日本 🏦");
    company.timezone = "America/Argentina/Buenos_Aires".to_owned();
    let user = fixtures::user(company.id, "zoë@exämple.dk", "Zoë Ångström-Ñúñez 🎉");
    let mut client = fixtures::client(
        company.id,
        user.id,
        "Ærøskøbing ApS “quoted” 'single' \\ back",
    );
    client.tags = vec!["日本".to_owned(), "emoji 🎯".to_owned(), String::new()];
    client.phone = Some("+45 12 34 56 78".to_owned());
    let group = fixtures::group(company.id, "Équipe ß ∑");
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&company).await.unwrap();
    tx.insert_user(&user, None).await.unwrap();
    tx.insert_client(&client).await.unwrap();
    tx.insert_group(&group).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.company(company.id).await.unwrap(),
        Some(company.clone())
    );
    assert_eq!(
        store.user(company.id, user.id).await.unwrap(),
        Some(user.clone())
    );
    assert_eq!(
        store.client(company.id, client.id).await.unwrap(),
        Some(client)
    );
    assert_eq!(
        store.group(company.id, group.id).await.unwrap(),
        Some(group)
    );
    let (found, hash) = store.login_lookup("ZOË@EXÄMPLE.DK").await.unwrap().unwrap();
    assert_eq!((found, hash), (user, None));
    assert_eq!(
        store
            .client(company.id, ClientId::from_u128(1))
            .await
            .unwrap(),
        None
    );
}
