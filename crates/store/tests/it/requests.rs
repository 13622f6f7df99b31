//! Access requests (A14–A16) and digest preferences (A24).

use casegate_core::{AccessRequest, AccessRequestId, RequestStatus};
use casegate_store::{Store, StoreError};

use crate::fixtures::{self, MINUTE, T0, World, t};

/// Inserts requests of `w.other` on fresh clients, one per status, with
/// increasing ids (as UUIDv7 would be). Returns them in id order.
async fn seed_requests(
    store: &Store,
    w: &World,
    base: u128,
    statuses: &[RequestStatus],
) -> Vec<AccessRequest> {
    let mut made = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for (i, status) in statuses.iter().enumerate() {
        let client = fixtures::client(w.company.id, w.admin.id, &format!("C{i}"));
        tx.insert_client(&client).await.unwrap();
        let mut r = fixtures::request(
            AccessRequestId::from_u128(base + i as u128),
            w.company.id,
            client.id,
            w.other.id,
            T0 + i as i64 * MINUTE,
        );
        r.status = *status;
        if *status != RequestStatus::Pending {
            r.decided_by = Some(w.admin.id);
            r.decided_at = Some(t(T0 + 100 * MINUTE));
        }
        tx.insert_request(&r).await.unwrap();
        made.push(r);
    }
    tx.commit().await.unwrap();
    made
}

pub async fn requests_are_listed_newest_first_with_keyset_paging(store: Store) {
    use RequestStatus::*;
    let w = fixtures::world(&store, "req").await;
    let made = seed_requests(
        &store,
        &w,
        0x0190_0000_0000_7000_8000_0000_0000_0000,
        &[
            Pending, Approved, Pending, Denied, Cancelled, Pending, Expired,
        ],
    )
    .await;
    // Another company's requests never show.
    let elsewhere = fixtures::world(&store, "req2").await;
    seed_requests(
        &store,
        &elsewhere,
        0x0191_0000_0000_7000_8000_0000_0000_0000,
        &[Pending],
    )
    .await;

    let newest_first: Vec<AccessRequest> = made.iter().rev().cloned().collect();
    let co = w.company.id;
    assert_eq!(
        store.access_requests(co, None, None, 100).await.unwrap(),
        newest_first
    );
    assert_eq!(
        store.access_requests(co, None, None, 2).await.unwrap(),
        newest_first[..2]
    );
    assert_eq!(
        store
            .access_requests(co, None, Some(made[3].id), 100)
            .await
            .unwrap(),
        vec![made[2].clone(), made[1].clone(), made[0].clone()]
    );
    let pending: Vec<AccessRequest> = newest_first
        .iter()
        .filter(|r| r.status == Pending)
        .cloned()
        .collect();
    assert_eq!(
        store
            .access_requests(co, Some(Pending), None, 100)
            .await
            .unwrap(),
        pending
    );
    assert_eq!(
        store
            .access_requests(co, Some(Pending), Some(made[5].id), 1)
            .await
            .unwrap(),
        vec![made[2].clone()]
    );
    assert!(
        store
            .access_requests(co, Some(Approved), Some(made[1].id), 10)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(
        store.access_request(co, made[3].id).await.unwrap(),
        Some(made[3].clone())
    );
    assert_eq!(
        store
            .access_request(elsewhere.company.id, made[3].id)
            .await
            .unwrap(),
        None
    );
}

pub async fn pending_request_is_read_inside_the_transaction(store: Store) {
    let w = fixtures::world(&store, "pend").await;
    let (co, cl) = (w.company.id, w.client.id);
    let mut request = fixtures::request(AccessRequestId::from_u128(1), co, cl, w.other.id, T0);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.pending_request(co, cl, w.other.id).await.unwrap(), None);
    tx.insert_request(&request).await.unwrap();
    // Visible to the transaction before commit.
    assert_eq!(
        tx.pending_request(co, cl, w.other.id).await.unwrap(),
        Some(request.clone())
    );
    tx.commit().await.unwrap();

    // A second pending request of the same requester for the same client conflicts.
    let mut tx = store.begin().await.unwrap();
    let twin = fixtures::request(AccessRequestId::from_u128(2), co, cl, w.other.id, T0 + 1);
    assert!(matches!(
        tx.insert_request(&twin).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();

    request.status = RequestStatus::Approved;
    request.decided_by = Some(w.admin.id);
    request.decided_at = Some(t(T0 + MINUTE));
    request.reason = Some("ok".to_owned());
    let mut tx = store.begin().await.unwrap();
    tx.update_request(&request).await.unwrap();
    assert_eq!(tx.pending_request(co, cl, w.other.id).await.unwrap(), None);
    // Once decided, a new request may be made.
    tx.insert_request(&twin).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.access_request(co, request.id).await.unwrap(),
        Some(request)
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.pending_request(co, cl, w.other.id).await.unwrap(),
        Some(twin)
    );
    assert_eq!(tx.pending_request(co, cl, w.admin.id).await.unwrap(), None);
}

pub async fn expire_requests_expires_only_due_pending_requests(store: Store) {
    use RequestStatus::*;
    let w = fixtures::world(&store, "exp").await;
    let made = seed_requests(
        &store,
        &w,
        0x0190_0000_0000_7000_8000_0000_0000_0000,
        &[Pending, Pending, Approved, Pending],
    )
    .await;
    // Due: the first two pending ones (and the approved one, which stays approved).
    let now = made[1].expires_at;
    let mut tx = store.begin().await.unwrap();
    let expired = tx.expire_requests(now).await.unwrap();
    tx.commit().await.unwrap();
    let mut want: Vec<AccessRequest> = made[..2].to_vec();
    for r in &mut want {
        r.status = Expired;
    }
    assert_eq!(expired, want);
    for r in &want {
        assert_eq!(
            store
                .access_request(w.company.id, r.id)
                .await
                .unwrap()
                .as_ref(),
            Some(r)
        );
    }
    assert_eq!(
        store
            .access_request(w.company.id, made[2].id)
            .await
            .unwrap(),
        Some(made[2].clone())
    );
    assert_eq!(
        store
            .access_request(w.company.id, made[3].id)
            .await
            .unwrap(),
        Some(made[3].clone())
    );

    let mut tx = store.begin().await.unwrap();
    assert!(tx.expire_requests(now).await.unwrap().is_empty());
    let later = tx.expire_requests(made[3].expires_at).await.unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!((later[0].id, later[0].status), (made[3].id, Expired));
    // Rolled back: still pending.
    tx.rollback().await.unwrap();
    assert_eq!(
        store
            .access_request(w.company.id, made[3].id)
            .await
            .unwrap()
            .unwrap()
            .status,
        Pending
    );
}

pub async fn digest_preferences_default_to_unset_then_upsert(store: Store) {
    let w = fixtures::world(&store, "dig").await;
    let (co, cl) = (w.company.id, w.client.id);
    assert_eq!(
        store.digest_preference(co, w.other.id, cl).await.unwrap(),
        None
    );
    let mut tx = store.begin().await.unwrap();
    tx.set_digest_preference(co, w.other.id, cl, false, t(T0))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.digest_preference(co, w.other.id, cl).await.unwrap(),
        Some(false)
    );
    assert_eq!(
        store.digest_preference(co, w.admin.id, cl).await.unwrap(),
        None
    );
    let mut tx = store.begin().await.unwrap();
    tx.set_digest_preference(co, w.other.id, cl, true, t(T0 + 1))
        .await
        .unwrap();
    tx.set_digest_preference(co, w.admin.id, cl, false, t(T0 + 1))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.digest_preference(co, w.other.id, cl).await.unwrap(),
        Some(true)
    );
    assert_eq!(
        store.digest_preference(co, w.admin.id, cl).await.unwrap(),
        Some(false)
    );
    let elsewhere = fixtures::world(&store, "dig2").await;
    assert_eq!(
        store
            .digest_preference(elsewhere.company.id, w.other.id, cl)
            .await
            .unwrap(),
        None
    );
}
