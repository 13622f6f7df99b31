//! The outbox: claims with leases, sent and failed attempts, exclusivity.

use std::collections::HashSet;

use casegate_core::CompanyId;
use casegate_store::{NewEmail, OutboxMessage, Store};

use crate::fixtures::{self, MINUTE, T0, t};

fn email(company: Option<CompanyId>, i: i64) -> NewEmail {
    NewEmail {
        company_id: company,
        to: format!("to{i}@example.com"),
        subject: format!("Demande d’accès n°{i}"),
        body_text: format!("Bonjour,\n\nligne {i} — ✓\n"),
        created_at: t(T0 + i),
    }
}

async fn enqueue(store: &Store, emails: &[NewEmail]) -> Vec<i64> {
    let mut tx = store.begin().await.unwrap();
    let mut ids = Vec::new();
    for e in emails {
        ids.push(tx.enqueue_email(e).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

fn as_message(id: i64, e: &NewEmail, attempts: i32) -> OutboxMessage {
    OutboxMessage {
        id,
        company_id: e.company_id,
        to: e.to.clone(),
        subject: e.subject.clone(),
        body_text: e.body_text.clone(),
        created_at: e.created_at,
        attempts,
    }
}

pub async fn outbox_claims_mark_sent_and_mark_failed(store: Store) {
    let w = fixtures::world(&store, "out").await;
    assert_eq!(store.outbox_pending_count().await.unwrap(), 0);
    let emails = [
        email(Some(w.company.id), 0),
        email(None, 1),
        email(Some(w.company.id), 2),
    ];
    let ids = enqueue(&store, &emails).await;
    assert!(ids.windows(2).all(|p| p[0] < p[1]), "{ids:?}");
    assert_eq!(store.outbox_pending_count().await.unwrap(), 3);

    // Not due before its creation time.
    assert!(
        store
            .outbox_claim(t(T0 - 1), t(T0 + MINUTE), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let now = T0 + 10;
    let lease = T0 + MINUTE;
    let claimed = store.outbox_claim(t(now), t(lease), 2).await.unwrap();
    assert_eq!(
        claimed,
        vec![
            as_message(ids[0], &emails[0], 0),
            as_message(ids[1], &emails[1], 0)
        ]
    );
    // Claimed messages are not handed out again while leased.
    let rest = store.outbox_claim(t(now), t(lease), 10).await.unwrap();
    assert_eq!(rest, vec![as_message(ids[2], &emails[2], 0)]);
    assert!(
        store
            .outbox_claim(t(now), t(lease), 10)
            .await
            .unwrap()
            .is_empty()
    );

    store.outbox_mark_sent(ids[0], t(now + 1)).await.unwrap();
    assert_eq!(store.outbox_pending_count().await.unwrap(), 2);
    let retry_at = T0 + 5 * MINUTE;
    store
        .outbox_mark_failed(ids[1], "smtp: 451 try later", t(retry_at))
        .await
        .unwrap();
    // Marking a sent message failed is refused.
    assert!(
        store
            .outbox_mark_failed(ids[0], "late", t(retry_at))
            .await
            .is_err()
    );
    assert!(store.outbox_mark_sent(9_999, t(now)).await.is_err());
    assert_eq!(store.outbox_pending_count().await.unwrap(), 2);

    // After the lease, before the retry time: only the third comes back.
    let after_lease = lease + 1;
    let claimed = store
        .outbox_claim(t(after_lease), t(retry_at + MINUTE), 10)
        .await
        .unwrap();
    assert_eq!(claimed, vec![as_message(ids[2], &emails[2], 0)]);
    // At the retry time the failed one comes back with its attempt counted;
    // the sent one never does.
    let claimed = store
        .outbox_claim(t(retry_at), t(retry_at + MINUTE), 10)
        .await
        .unwrap();
    assert_eq!(claimed, vec![as_message(ids[1], &emails[1], 1)]);
    store
        .outbox_mark_failed(ids[1], "again", t(retry_at + 1))
        .await
        .unwrap();
    let claimed = store
        .outbox_claim(t(retry_at + 2 * MINUTE), t(retry_at + 3 * MINUTE), 10)
        .await
        .unwrap();
    assert_eq!(
        claimed,
        vec![
            as_message(ids[1], &emails[1], 2),
            as_message(ids[2], &emails[2], 0)
        ]
    );
    store
        .outbox_mark_sent(ids[1], t(retry_at + 2 * MINUTE))
        .await
        .unwrap();
    store
        .outbox_mark_sent(ids[2], t(retry_at + 2 * MINUTE))
        .await
        .unwrap();
    assert_eq!(store.outbox_pending_count().await.unwrap(), 0);
    assert!(
        store
            .outbox_claim(t(i64::MAX / 2), t(i64::MAX / 2), 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn outbox_claim_leases_expire(store: Store) {
    let ids = enqueue(&store, &[email(None, 0)]).await;
    let first = store.outbox_claim(t(T0), t(T0 + MINUTE), 1).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        store
            .outbox_claim(t(T0 + MINUTE - 1), t(T0 + 2 * MINUTE), 1)
            .await
            .unwrap()
            .is_empty()
    );
    // The claimer died: at the end of the lease another may take it.
    let again = store
        .outbox_claim(t(T0 + MINUTE), t(T0 + 2 * MINUTE), 1)
        .await
        .unwrap();
    assert_eq!(again.iter().map(|m| m.id).collect::<Vec<_>>(), ids);
}

pub async fn concurrent_outbox_claims_are_exclusive(store: Store) {
    let emails: Vec<NewEmail> = (0..60).map(|i| email(None, i)).collect();
    let ids = enqueue(&store, &emails).await;
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let claimed = store
                    .outbox_claim(t(T0 + 1_000), t(T0 + 1_000 * MINUTE), 4)
                    .await
                    .unwrap();
                if claimed.is_empty() {
                    return mine;
                }
                mine.extend(claimed.into_iter().map(|m| m.id));
                tokio::task::yield_now().await;
            }
        }));
    }
    let mut seen = HashSet::new();
    let mut total = 0;
    for task in tasks {
        for id in task.await.unwrap() {
            total += 1;
            assert!(seen.insert(id), "message {id} was claimed twice");
        }
    }
    assert_eq!(total, ids.len());
    assert_eq!(seen, ids.into_iter().collect::<HashSet<_>>());
}
