//! Inside a client file (Part B, X9): activities, documents and their bytes,
//! packages, the profile fields and the view log.

use casegate_core::{
    Activity, ActivityId, ActivityKind, ClientId, ClientProfile, CompanyId, Document, DocumentId,
    DocumentVisibility, Package, PackageId, UserId, ViewEntry, ViewId, ViewKind,
};
use casegate_store::testing::{DATABASE_URL_VAR, TempGuard};
use casegate_store::{ActivityFilter, DOCUMENT_CHUNK_SIZE, Store, StoreError};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Connection};
use uuid::Uuid;

use crate::fixtures::{self, MINUTE, T0, World, t};

fn activity(w: &World, id: ActivityId, kind: ActivityKind, assignee: UserId) -> Activity {
    Activity {
        id,
        company_id: w.company.id,
        client_id: w.client.id,
        kind,
        summary: format!("{kind} — résumé"),
        assignee_id: assignee,
        created_by: w.admin.id,
        created_by_real: None,
        starts_at: None,
        amount_cents: None,
        currency: None,
        created_at: t(T0 + 10),
        updated_at: t(T0 + 10),
    }
}

fn new_activity(w: &World, kind: ActivityKind) -> Activity {
    activity(w, ActivityId::from_uuid(Uuid::now_v7()), kind, w.admin.id)
}

fn document(w: &World, id: DocumentId, bytes: &[u8], created_at: i64) -> Document {
    Document {
        id,
        company_id: w.company.id,
        client_id: w.client.id,
        name: "relevé d'identité.pdf".to_owned(),
        content_type: "application/pdf".to_owned(),
        size: bytes.len() as u64,
        sha256: hex_sha256(bytes),
        visibility: DocumentVisibility::Shared,
        uploaded_by: casegate_core::deal::Party::Staff(w.admin.id),
        created_at: t(created_at),
    }
}

fn view(w: &World, id: ViewId, at: i64) -> ViewEntry {
    ViewEntry {
        id,
        company_id: w.company.id,
        client_id: w.client.id,
        user_id: w.other.id,
        real_user_id: None,
        kind: ViewKind::ClientOpened,
        document_id: None,
        through: vec!["A9".to_owned()],
        at: t(at),
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// `len` bytes that cover every value and do not repeat with the chunk size.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect()
}

/// Stores a document and its bytes in chunks of [`DOCUMENT_CHUNK_SIZE`], in
/// one transaction.
async fn store_document(store: &Store, doc: &Document, bytes: &[u8]) {
    let mut tx = store.begin().await.unwrap();
    tx.insert_document(doc).await.unwrap();
    for (seq, chunk) in bytes.chunks(DOCUMENT_CHUNK_SIZE).enumerate() {
        tx.append_document_chunk(doc.company_id, doc.id, seq as u32, chunk)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// Reads a document's bytes back chunk by chunk.
async fn read_document(store: &Store, company: CompanyId, id: DocumentId) -> Vec<u8> {
    let count = store.document_chunk_count(company, id).await.unwrap();
    let mut bytes = Vec::new();
    for seq in 0..count {
        let chunk = store
            .document_chunk(company, id, seq)
            .await
            .unwrap()
            .unwrap();
        assert!(chunk.len() <= DOCUMENT_CHUNK_SIZE);
        bytes.extend_from_slice(&chunk);
    }
    assert_eq!(
        store.document_chunk(company, id, count).await.unwrap(),
        None
    );
    bytes
}

pub async fn activities_round_trip_update_and_delete(store: Store) {
    let w = fixtures::world(&store, "act").await;
    let elsewhere = fixtures::world(&store, "act2").await;
    let co = w.company.id;
    let mut payment = new_activity(&w, ActivityKind::Payment);
    payment.assignee_id = w.other.id;
    payment.created_by = w.other.id;
    payment.created_by_real = Some(w.admin.id);
    payment.starts_at = Some(t(T0 + 3 * MINUTE));
    payment.amount_cents = Some(-12_345_678_901);
    payment.currency = Some("EUR".to_owned());
    let conversation = new_activity(&w, ActivityKind::Conversation);
    let mut tx = store.begin().await.unwrap();
    tx.insert_activity(&payment).await.unwrap();
    tx.insert_activity(&conversation).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.activity(co, payment.id).await.unwrap(),
        Some(payment.clone())
    );
    assert_eq!(
        store.activity(co, conversation.id).await.unwrap(),
        Some(conversation.clone())
    );
    // Another company's ids find nothing.
    assert_eq!(
        store
            .activity(elsewhere.company.id, payment.id)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .activity(co, ActivityId::from_uuid(Uuid::now_v7()))
            .await
            .unwrap(),
        None
    );

    // A duplicate id is a conflict.
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_activity(&payment).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    tx.rollback().await.unwrap();

    // Updates save the editable fields only.
    let mut edited = payment.clone();
    edited.kind = ActivityKind::Appointment;
    edited.summary = "rendez-vous déplacé".to_owned();
    edited.assignee_id = w.admin.id;
    edited.starts_at = None;
    edited.amount_cents = None;
    edited.currency = None;
    edited.updated_at = t(T0 + 5 * MINUTE);
    let mut sneaky = edited.clone();
    sneaky.created_by = w.admin.id;
    sneaky.created_by_real = None;
    sneaky.created_at = t(T0 + 9 * MINUTE);
    let mut tx = store.begin().await.unwrap();
    tx.update_activity(&sneaky).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.activity(co, payment.id).await.unwrap(),
        Some(edited.clone())
    );
    // Updating through another company fails and changes nothing.
    let mut foreign = edited.clone();
    foreign.company_id = elsewhere.company.id;
    foreign.summary = "hijacked".to_owned();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_activity(&foreign).await.is_err());
    tx.rollback().await.unwrap();
    assert_eq!(
        store.activity(co, payment.id).await.unwrap(),
        Some(edited.clone())
    );

    // Deleting through another company fails.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.mark_activity_deleted(elsewhere.company.id, payment.id, w.admin.id, t(T0))
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
    // Deleted: gone from every read, but the row stays (its id is never
    // free again); deleting or updating it again fails.
    let mut tx = store.begin().await.unwrap();
    tx.mark_activity_deleted(co, payment.id, w.admin.id, t(T0 + 6 * MINUTE))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.activity(co, payment.id).await.unwrap(), None);
    assert_eq!(
        store
            .activities(co, w.client.id, None, None, 100)
            .await
            .unwrap(),
        vec![conversation.clone()]
    );
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.mark_activity_deleted(co, payment.id, w.admin.id, t(T0))
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_activity(&edited).await.is_err());
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_activity(&payment).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();
}

pub async fn activities_are_listed_newest_first_with_keyset_paging(store: Store) {
    use ActivityKind::*;
    let w = fixtures::world(&store, "page").await;
    let elsewhere = fixtures::world(&store, "page2").await;
    let co = w.company.id;
    let base: u128 = 0x0190_0000_0000_7000_8000_0000_0000_0000;
    let kinds = [
        Conversation,
        Payment,
        Appointment,
        Document,
        Payment,
        Conversation,
        Payment,
    ];
    // Inserted out of order: the order read back comes from the ids.
    let mut made: Vec<Activity> = kinds
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            let assignee = if i % 2 == 0 { w.admin.id } else { w.other.id };
            activity(&w, ActivityId::from_u128(base + i as u128), *kind, assignee)
        })
        .collect();
    let mut tx = store.begin().await.unwrap();
    for i in [3, 0, 6, 1, 5, 2, 4] {
        tx.insert_activity(&made[i]).await.unwrap();
    }
    // Another client's and another company's activities never show.
    let other_client = fixtures::client(co, w.admin.id, "Autre");
    tx.insert_client(&other_client).await.unwrap();
    let mut on_other = activity(&w, ActivityId::from_u128(base + 100), Payment, w.admin.id);
    on_other.client_id = other_client.id;
    tx.insert_activity(&on_other).await.unwrap();
    tx.insert_activity(&activity(
        &elsewhere,
        ActivityId::from_u128(base + 101),
        Payment,
        elsewhere.admin.id,
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let client = w.client.id;
    let newest_first: Vec<Activity> = made.iter().rev().cloned().collect();
    let list = async |kind, before, limit| {
        store
            .activities(co, client, kind, before, limit)
            .await
            .unwrap()
    };
    assert_eq!(list(None, None, 100).await, newest_first);
    assert_eq!(list(None, None, 3).await, newest_first[..3]);
    assert_eq!(list(None, None, 0).await, vec![]);
    // Paging through with `before` visits every activity once, in order.
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let page = list(None, before, 3).await;
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        paged.extend(page);
    }
    assert_eq!(paged, newest_first);
    assert_eq!(
        list(None, Some(made[3].id), 100).await,
        vec![made[2].clone(), made[1].clone(), made[0].clone()]
    );
    let payments: Vec<Activity> = newest_first
        .iter()
        .filter(|a| a.kind == Payment)
        .cloned()
        .collect();
    assert_eq!(list(Some(Payment), None, 100).await, payments);
    assert_eq!(
        list(Some(Payment), Some(made[6].id), 1).await,
        vec![made[4].clone()]
    );
    assert_eq!(
        store
            .activities(elsewhere.company.id, client, None, None, 100)
            .await
            .unwrap(),
        vec![]
    );

    // Several kinds and an assignee at once (B4–B6).
    let matching = async |filter: ActivityFilter, before, limit| {
        store
            .activities_matching(co, client, &filter, before, limit)
            .await
            .unwrap()
    };
    let no_money = ActivityFilter {
        kinds: Some(vec![Conversation, Appointment, Document]),
        assignee: None,
    };
    let expected: Vec<Activity> = newest_first
        .iter()
        .filter(|a| a.kind != Payment)
        .cloned()
        .collect();
    assert_eq!(matching(no_money.clone(), None, 100).await, expected);
    assert_eq!(matching(no_money, None, 2).await, expected[..2]);
    let mine = ActivityFilter {
        kinds: None,
        assignee: Some(w.other.id),
    };
    assert_eq!(
        matching(mine.clone(), None, 100).await,
        vec![made[5].clone(), made[3].clone(), made[1].clone()]
    );
    assert_eq!(
        matching(mine, Some(made[5].id), 1).await,
        vec![made[3].clone()]
    );
    let my_payments = ActivityFilter {
        kinds: Some(vec![Payment]),
        assignee: Some(w.admin.id),
    };
    assert_eq!(
        matching(my_payments, None, 100).await,
        vec![made[6].clone(), made[4].clone()]
    );
    let nothing = ActivityFilter {
        kinds: Some(vec![]),
        assignee: None,
    };
    assert_eq!(matching(nothing, None, 100).await, vec![]);
    assert_eq!(
        matching(ActivityFilter::default(), None, 100).await,
        newest_first
    );

    // A deleted activity leaves the pages; the others keep their order.
    let mut tx = store.begin().await.unwrap();
    tx.mark_activity_deleted(co, made[4].id, w.admin.id, t(T0 + MINUTE))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    made.remove(4);
    let newest_first: Vec<Activity> = made.iter().rev().cloned().collect();
    assert_eq!(list(None, None, 100).await, newest_first);
    assert_eq!(
        list(Some(Payment), None, 100).await,
        vec![made[5].clone(), made[1].clone()]
    );
}

pub async fn activities_assigned_lists_each_worked_with_client_once(store: Store) {
    let w = fixtures::world(&store, "b10").await;
    let elsewhere = fixtures::world(&store, "b10x").await;
    let co = w.company.id;
    let second = fixtures::client(co, w.admin.id, "Second");
    let only_deleted = fixtures::client(co, w.admin.id, "Only deleted activity");
    let gone = fixtures::client(co, w.admin.id, "Deleted client");
    let on = |client: ClientId, assignee: UserId| {
        let mut a = new_activity(&w, ActivityKind::Conversation);
        a.client_id = client;
        a.assignee_id = assignee;
        a
    };
    let dropped = on(only_deleted.id, w.other.id);
    let mut tx = store.begin().await.unwrap();
    for client in [&second, &only_deleted, &gone] {
        tx.insert_client(client).await.unwrap();
    }
    for a in [
        on(second.id, w.other.id),
        on(w.client.id, w.other.id),
        on(second.id, w.other.id),
        on(w.client.id, w.other.id),
        on(gone.id, w.other.id),
        on(w.client.id, w.admin.id),
        dropped.clone(),
    ] {
        tx.insert_activity(&a).await.unwrap();
    }
    // Created by `other` but assigned to the admin: not worked with.
    let mut by_other = on(only_deleted.id, w.admin.id);
    by_other.created_by = w.other.id;
    tx.insert_activity(&by_other).await.unwrap();
    tx.mark_activity_deleted(co, dropped.id, w.admin.id, t(T0))
        .await
        .unwrap();
    tx.mark_client_deleted(co, gone.id, w.admin.id, t(T0))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut expected = vec![w.client.id, second.id];
    expected.sort();
    assert_eq!(
        store.activities_assigned(co, w.other.id).await.unwrap(),
        expected
    );
    let mut expected = vec![w.client.id, only_deleted.id];
    expected.sort();
    assert_eq!(
        store.activities_assigned(co, w.admin.id).await.unwrap(),
        expected
    );
    assert_eq!(
        store
            .activities_assigned(elsewhere.company.id, w.other.id)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        store
            .activities_assigned(co, elsewhere.admin.id)
            .await
            .unwrap(),
        vec![]
    );
}

pub async fn documents_round_trip_and_deleted_ones_vanish(store: Store) {
    let w = fixtures::world(&store, "doc").await;
    let elsewhere = fixtures::world(&store, "doc2").await;
    let co = w.company.id;
    let bytes = b"%PDF-1.7 \x00\xff\xfe une page".to_vec();
    let base: u128 = 0x0190_0000_0000_7000_8000_0000_0000_0000;
    // The newest has the smallest id: the creation time decides first.
    let first = document(&w, DocumentId::from_u128(base + 9), &bytes, T0);
    let mut internal = document(&w, DocumentId::from_u128(base + 1), b"", T0 + MINUTE);
    internal.visibility = DocumentVisibility::Internal;
    internal.content_type = "text/plain; charset=utf-8".to_owned();
    let mut personal = document(&w, DocumentId::from_u128(base + 2), b"x", T0 + MINUTE);
    personal.visibility = DocumentVisibility::Personal;
    personal.uploaded_by = casegate_core::deal::Party::Staff(w.other.id);
    store_document(&store, &first, &bytes).await;
    store_document(&store, &internal, b"").await;
    store_document(&store, &personal, b"x").await;
    // Another client's documents never show.
    let other_client = fixtures::client(co, w.admin.id, "Autre");
    let mut tx = store.begin().await.unwrap();
    tx.insert_client(&other_client).await.unwrap();
    tx.commit().await.unwrap();
    let mut elsewhere_doc = document(&w, DocumentId::from_uuid(Uuid::now_v7()), b"y", T0);
    elsewhere_doc.client_id = other_client.id;
    store_document(&store, &elsewhere_doc, b"y").await;

    for doc in [&first, &internal, &personal] {
        assert_eq!(store.document(co, doc.id).await.unwrap(), Some(doc.clone()));
    }
    // Newest first: by creation time, then id.
    assert_eq!(
        store.documents(co, w.client.id).await.unwrap(),
        vec![personal.clone(), internal.clone(), first.clone()]
    );
    assert_eq!(read_document(&store, co, first.id).await, bytes);
    assert_eq!(
        store.document_chunk_count(co, internal.id).await.unwrap(),
        0
    );
    assert_eq!(read_document(&store, co, internal.id).await, b"");

    // Another company's ids find nothing, bytes included.
    let foreign = elsewhere.company.id;
    assert_eq!(store.document(foreign, first.id).await.unwrap(), None);
    assert_eq!(store.documents(foreign, w.client.id).await.unwrap(), vec![]);
    assert_eq!(
        store.document_chunk_count(foreign, first.id).await.unwrap(),
        0
    );
    assert_eq!(
        store.document_chunk(foreign, first.id, 0).await.unwrap(),
        None
    );

    // A duplicate id is a conflict.
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_document(&first).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();

    // Deleting through another company fails.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.mark_document_deleted(foreign, first.id, w.admin.id, t(T0))
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
    // Deleted: it and its bytes leave every read; the rows stay (the id is
    // never free again, and view log lines still point at it).
    let mut tx = store.begin().await.unwrap();
    tx.append_view(&ViewEntry {
        kind: ViewKind::DocumentDownloaded,
        document_id: Some(first.id),
        ..view(&w, ViewId::from_uuid(Uuid::now_v7()), T0)
    })
    .await
    .unwrap();
    tx.mark_document_deleted(co, first.id, w.admin.id, t(T0 + 2 * MINUTE))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.document(co, first.id).await.unwrap(), None);
    assert_eq!(
        store.documents(co, w.client.id).await.unwrap(),
        vec![personal.clone(), internal.clone()]
    );
    assert_eq!(store.document_chunk_count(co, first.id).await.unwrap(), 0);
    assert_eq!(store.document_chunk(co, first.id, 0).await.unwrap(), None);
    let views = store.views(co, w.client.id, None, 10).await.unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].document_id, Some(first.id));
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.mark_document_deleted(co, first.id, w.admin.id, t(T0))
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_document(&first).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();
    // No more bytes can be added to a deleted document.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.append_document_chunk(co, first.id, 1, b"more")
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
}

pub async fn a_one_mib_document_reassembles_byte_exact_from_its_chunks(store: Store) {
    let w = fixtures::world(&store, "mib").await;
    let elsewhere = fixtures::world(&store, "mib2").await;
    let co = w.company.id;
    let bytes = noise(1024 * 1024, 7);
    let doc = document(&w, DocumentId::from_uuid(Uuid::now_v7()), &bytes, T0);
    store_document(&store, &doc, &bytes).await;
    assert_eq!(
        store.document_chunk_count(co, doc.id).await.unwrap(),
        4, // 1 MiB in chunks of 256 KiB
    );
    let back = read_document(&store, co, doc.id).await;
    assert_eq!(back.len(), bytes.len());
    assert!(back == bytes, "the bytes read back differ");
    let stored = store.document(co, doc.id).await.unwrap().unwrap();
    assert_eq!(stored.size, 1024 * 1024);
    assert_eq!(hex_sha256(&back), stored.sha256);

    // A size that is not a multiple of the chunk size: the last one is short.
    let odd = noise(DOCUMENT_CHUNK_SIZE * 2 + 17, 11);
    let odd_doc = document(&w, DocumentId::from_uuid(Uuid::now_v7()), &odd, T0 + 1);
    store_document(&store, &odd_doc, &odd).await;
    assert_eq!(store.document_chunk_count(co, odd_doc.id).await.unwrap(), 3);
    assert_eq!(
        store
            .document_chunk(co, odd_doc.id, 2)
            .await
            .unwrap()
            .unwrap()
            .len(),
        17
    );
    let back = read_document(&store, co, odd_doc.id).await;
    assert_eq!(hex_sha256(&back), odd_doc.sha256);
    // Each document keeps its own bytes.
    assert!(read_document(&store, co, doc.id).await == bytes);

    // Another company reads nothing.
    let foreign = elsewhere.company.id;
    assert_eq!(
        store.document_chunk_count(foreign, doc.id).await.unwrap(),
        0
    );
    for seq in 0..4 {
        assert_eq!(
            store.document_chunk(foreign, doc.id, seq).await.unwrap(),
            None
        );
    }
}

pub async fn document_chunks_are_appended_in_order_within_the_company(store: Store) {
    let w = fixtures::world(&store, "chunk").await;
    let elsewhere = fixtures::world(&store, "chunk2").await;
    let co = w.company.id;
    let doc = document(&w, DocumentId::from_uuid(Uuid::now_v7()), b"abcdef", T0);
    let mut tx = store.begin().await.unwrap();
    tx.insert_document(&doc).await.unwrap();
    tx.append_document_chunk(co, doc.id, 0, b"ab")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tries: [(CompanyId, DocumentId, u32); 5] = [
        (co, doc.id, 0),                                     // again
        (co, doc.id, 2),                                     // a gap
        (elsewhere.company.id, doc.id, 1),                   // another company
        (co, DocumentId::from_uuid(Uuid::now_v7()), 0),      // no such document
        (elsewhere.company.id, DocumentId::from_u128(1), 0), // neither
    ];
    for (company, id, seq) in tries {
        let mut tx = store.begin().await.unwrap();
        assert!(
            tx.append_document_chunk(company, id, seq, b"zz")
                .await
                .is_err(),
            "{company} {id} {seq}"
        );
        tx.rollback().await.unwrap();
    }
    assert_eq!(read_document(&store, co, doc.id).await, b"ab");

    let mut tx = store.begin().await.unwrap();
    tx.append_document_chunk(co, doc.id, 1, b"cd")
        .await
        .unwrap();
    tx.append_document_chunk(co, doc.id, 2, b"ef")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(read_document(&store, co, doc.id).await, b"abcdef");

    // Chunks of a rolled-back transaction are gone, with their document.
    let lost = document(&w, DocumentId::from_uuid(Uuid::now_v7()), b"lost", T0);
    let mut tx = store.begin().await.unwrap();
    tx.insert_document(&lost).await.unwrap();
    tx.append_document_chunk(co, lost.id, 0, b"lost")
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(store.document(co, lost.id).await.unwrap(), None);
    assert_eq!(store.document_chunk_count(co, lost.id).await.unwrap(), 0);
}

pub async fn packages_round_trip_oldest_first(store: Store) {
    let w = fixtures::world(&store, "pkg").await;
    let elsewhere = fixtures::world(&store, "pkg2").await;
    let co = w.company.id;
    let package = |name: &str, price_cents, at| Package {
        id: PackageId::from_uuid(Uuid::now_v7()),
        company_id: co,
        client_id: w.client.id,
        name: name.to_owned(),
        price_cents,
        created_by: w.other.id,
        created_at: t(at),
    };
    let later = package("Forfait été", Some(49_900), T0 + MINUTE);
    let free = package("Découverte", None, T0);
    let big = package("Annual", Some(i64::MAX), T0 + MINUTE);
    let mut tx = store.begin().await.unwrap();
    for p in [&later, &free, &big] {
        tx.insert_package(p).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(
        store.packages(co, w.client.id).await.unwrap(),
        vec![free.clone(), later.clone(), big.clone()]
    );
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_package(&free).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();
    assert_eq!(
        store
            .packages(elsewhere.company.id, w.client.id)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        store.packages(co, elsewhere.client.id).await.unwrap(),
        vec![]
    );
}

pub async fn client_profile_defaults_then_is_set(store: Store) {
    let w = fixtures::world(&store, "prof").await;
    let elsewhere = fixtures::world(&store, "prof2").await;
    let co = w.company.id;
    assert_eq!(
        store.client_profile(co, w.client.id).await.unwrap(),
        Some(ClientProfile::default())
    );
    let profile = ClientProfile {
        marketing_opt_in: true,
        loyalty_card: Some("CARTE-0042".to_owned()),
        notes: Some("préfère le matin\nallergique 🌰".to_owned()),
    };
    let mut tx = store.begin().await.unwrap();
    tx.set_client_profile(co, w.client.id, &profile)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.client_profile(co, w.client.id).await.unwrap(),
        Some(profile.clone())
    );
    // The client itself is untouched.
    assert_eq!(
        store.client(co, w.client.id).await.unwrap(),
        Some(w.client.clone())
    );
    // Back to the defaults.
    let mut tx = store.begin().await.unwrap();
    tx.set_client_profile(co, w.client.id, &ClientProfile::default())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.client_profile(co, w.client.id).await.unwrap(),
        Some(ClientProfile::default())
    );

    // Another company's client: nothing to read, and setting fails.
    let foreign = elsewhere.company.id;
    assert_eq!(
        store.client_profile(foreign, w.client.id).await.unwrap(),
        None
    );
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.set_client_profile(foreign, w.client.id, &profile)
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
    assert_eq!(
        store.client_profile(co, w.client.id).await.unwrap(),
        Some(ClientProfile::default())
    );

    // A deleted client has no profile to read or set.
    let mut tx = store.begin().await.unwrap();
    tx.set_client_profile(co, w.client.id, &profile)
        .await
        .unwrap();
    tx.mark_client_deleted(co, w.client.id, w.admin.id, t(T0))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.client_profile(co, w.client.id).await.unwrap(), None);
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.set_client_profile(co, w.client.id, &profile)
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
}

pub async fn view_log_is_ordered_newest_first_with_keyset_paging(store: Store) {
    let w = fixtures::world(&store, "views").await;
    let elsewhere = fixtures::world(&store, "views2").await;
    let co = w.company.id;
    let doc = document(&w, DocumentId::from_uuid(Uuid::now_v7()), b"z", T0);
    store_document(&store, &doc, b"z").await;
    let base: u128 = 0x0190_0000_0000_7000_8000_0000_0000_0000;
    let made: Vec<ViewEntry> = (0..7u32)
        .map(|i| {
            let mut v = view(
                &w,
                ViewId::from_u128(base + u128::from(i)),
                T0 + i64::from(i),
            );
            match i % 3 {
                0 => {}
                1 => {
                    v.kind = ViewKind::DocumentDownloaded;
                    v.document_id = Some(doc.id);
                    v.through = vec!["A6".to_owned(), "A8".to_owned()];
                }
                _ => {
                    v.user_id = w.admin.id;
                    v.real_user_id = Some(w.other.id);
                    v.through = vec![];
                }
            }
            v
        })
        .collect();
    // Appended one per transaction, out of order: the ids decide the order.
    for i in [2, 0, 6, 4, 1, 3, 5] {
        let mut tx = store.begin().await.unwrap();
        tx.append_view(&made[i]).await.unwrap();
        tx.commit().await.unwrap();
    }
    // Another client's and another company's lines never show.
    let mut tx = store.begin().await.unwrap();
    let other_client = fixtures::client(co, w.admin.id, "Autre");
    tx.insert_client(&other_client).await.unwrap();
    tx.append_view(&ViewEntry {
        client_id: other_client.id,
        ..view(&w, ViewId::from_u128(base + 100), T0)
    })
    .await
    .unwrap();
    tx.append_view(&view(&elsewhere, ViewId::from_u128(base + 101), T0))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let newest_first: Vec<ViewEntry> = made.iter().rev().cloned().collect();
    let client = w.client.id;
    assert_eq!(
        store.views(co, client, None, 100).await.unwrap(),
        newest_first
    );
    assert_eq!(
        store.views(co, client, None, 2).await.unwrap(),
        newest_first[..2]
    );
    let mut paged = Vec::new();
    let mut before = None;
    loop {
        let page = store.views(co, client, before, 3).await.unwrap();
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        paged.extend(page);
    }
    assert_eq!(paged, newest_first);
    assert_eq!(
        store
            .views(co, client, Some(made[2].id), 100)
            .await
            .unwrap(),
        vec![made[1].clone(), made[0].clone()]
    );
    assert_eq!(
        store
            .views(elsewhere.company.id, client, None, 100)
            .await
            .unwrap(),
        vec![]
    );

    // Append-only: a line is never replaced, and a rolled-back append leaves nothing.
    let mut tx = store.begin().await.unwrap();
    let mut replaced = made[0].clone();
    replaced.user_id = w.admin.id;
    assert!(matches!(
        tx.append_view(&replaced).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.append_view(&view(&w, ViewId::from_u128(base + 50), T0))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(
        store.views(co, client, None, 100).await.unwrap(),
        newest_first
    );
}

/// A connection to the database behind a test store, bypassing the store.
async fn raw_connection(guard: &TempGuard) -> AnyConnection {
    sqlx::any::install_default_drivers();
    let url = match (guard.dir(), guard.schema()) {
        (Some(dir), _) => format!(
            "sqlite://{}",
            dir.join("data").join("casegate.db").display()
        ),
        (None, Some(schema)) => {
            let admin_url = std::env::var(DATABASE_URL_VAR).unwrap();
            let separator = if admin_url.contains('?') { '&' } else { '?' };
            format!("{admin_url}{separator}options=-c%20search_path%3D{schema}")
        }
        (None, None) => panic!("a guard holds a directory or a schema"),
    };
    AnyConnection::connect(&url).await.unwrap()
}

pub async fn view_log_refuses_updates_and_deletes(store: Store, guard: &TempGuard) {
    let w = fixtures::world(&store, "ro").await;
    let line = view(&w, ViewId::from_uuid(Uuid::now_v7()), T0);
    let mut tx = store.begin().await.unwrap();
    tx.append_view(&line).await.unwrap();
    tx.commit().await.unwrap();

    let mut conn = raw_connection(guard).await;
    for sql in [
        "UPDATE view_log SET user_id = company_id",
        "DELETE FROM view_log",
    ] {
        let err = sqlx::query(sql).execute(&mut conn).await.unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    if guard.schema().is_some() {
        let err = sqlx::query("TRUNCATE view_log")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    conn.close().await.unwrap();
    assert_eq!(
        store
            .views(w.company.id, w.client.id, None, 10)
            .await
            .unwrap(),
        vec![line]
    );
}
