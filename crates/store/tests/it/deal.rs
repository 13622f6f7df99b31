//! The deal desk's rows (Part C): entities, participations, team managers
//! and contact shares round-trip, keep their history, and load into the
//! access index exactly as the changes built it.

use casegate_core::accounts::Account;
use casegate_core::deal::{
    ContactRevocation, ContactShare, DealRole, Entity, Participation, Party, TeamManager,
};
use casegate_core::{AccountId, Change, ContactShareId, EntityId, How, Index, Language, Revision};
use casegate_store::{Store, StoreError};
use uuid::Uuid;

use crate::fixtures::{self, MINUTE, T0, t};

fn entity(company: casegate_core::CompanyId, name: &str, self_managed: bool) -> Entity {
    Entity {
        id: EntityId::from_uuid(Uuid::now_v7()),
        company_id: company,
        name: name.to_owned(),
        kind: DealRole::Lender,
        self_managed,
        email_domains: vec!["banquex.example".to_owned()],
        created_at: t(T0),
    }
}

async fn contact(store: &Store, email: &str) -> AccountId {
    let account = Account {
        id: AccountId::from_uuid(Uuid::now_v7()),
        email: email.to_owned(),
        name: "Léa Lender".to_owned(),
        language: Language::Fr,
        has_password: false,
        timezone: None,
        created_at: t(T0),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_account(&account, None).await.unwrap();
    tx.commit().await.unwrap();
    account.id
}

pub async fn entities_are_unique_by_name_per_company_and_listed_by_name(store: Store) {
    let w = fixtures::world(&store, "ent").await;
    let elsewhere = fixtures::world(&store, "ent2").await;
    let bank = entity(w.company.id, "Banque X", false);
    let fund = entity(w.company.id, "Alpha Fund", true);
    let mut tx = store.begin().await.unwrap();
    tx.insert_entity(&bank).await.unwrap();
    tx.insert_entity(&fund).await.unwrap();
    tx.commit().await.unwrap();
    // The same name, case aside, is a conflict in the company, not elsewhere.
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_entity(&entity(w.company.id, "banque x", false))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.insert_entity(&entity(elsewhere.company.id, "Banque X", false))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        store.entity(w.company.id, bank.id).await.unwrap(),
        Some(bank.clone())
    );
    assert_eq!(
        store.entity(elsewhere.company.id, bank.id).await.unwrap(),
        None
    );
    let all = store.entities(w.company.id, None, None, 10).await.unwrap();
    assert_eq!(all, vec![fund.clone(), bank.clone()]);
    let found = store
        .entities(w.company.id, Some("BANQ"), None, 10)
        .await
        .unwrap();
    assert_eq!(found, vec![bank.clone()]);
    // A LIKE wildcard in the query is a plain character.
    assert!(
        store
            .entities(w.company.id, Some("%"), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let page = store
        .entities(w.company.id, None, Some(("alpha fund", fund.id)), 10)
        .await
        .unwrap();
    assert_eq!(page, vec![bank.clone()]);

    let mut renamed = bank.clone();
    renamed.name = "Banque X SA".to_owned();
    renamed.self_managed = true;
    renamed.email_domains = Vec::new();
    let mut tx = store.begin().await.unwrap();
    tx.update_entity(&renamed).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.entity(w.company.id, bank.id).await.unwrap(),
        Some(renamed)
    );
}

pub async fn contact_shares_keep_their_history_and_load_into_the_index(store: Store) {
    let w = fixtures::world(&store, "cs").await;
    let bank = entity(w.company.id, "Banque X", false);
    let lea = contact(&store, "lea@banquex.example").await;
    let max = contact(&store, "max@banquex.example").await;
    let part = Participation {
        company_id: w.company.id,
        client_id: w.client.id,
        entity_id: bank.id,
        role: DealRole::Lender,
        added_by: Some(Party::Staff(w.admin.id)),
        added_at: t(T0),
    };
    let share = |account: AccountId, by: Party, minutes: i64| ContactShare {
        id: ContactShareId::from_uuid(Uuid::now_v7()),
        company_id: w.company.id,
        client_id: w.client.id,
        entity_id: bank.id,
        account_id: account,
        granted_by: Some(by),
        granted_at: t(T0 + minutes * MINUTE),
        how: How::Invitation,
        succeeds: None,
        revoked: None,
    };
    let first = share(lea, Party::Staff(w.admin.id), 1);
    let colleague = ContactShare {
        succeeds: Some(lea),
        how: How::Handover,
        ..share(max, Party::Contact(lea), 2)
    };
    let tm = TeamManager {
        company_id: w.company.id,
        entity_id: bank.id,
        account_id: max,
        named_by: Some(Party::Staff(w.admin.id)),
        named_at: t(T0 + 3 * MINUTE),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_entity(&bank).await.unwrap();
    assert!(tx.save_participation(&part).await.unwrap());
    tx.insert_contact_share(&first).await.unwrap();
    tx.insert_contact_share(&colleague).await.unwrap();
    assert!(tx.add_team_manager(&tm).await.unwrap());
    assert!(!tx.add_team_manager(&tm).await.unwrap());
    let changes = Change::Batch {
        changes: vec![
            Change::EntitySaved {
                entity: bank.clone(),
            },
            Change::ParticipationSaved {
                participation: part.clone(),
            },
            Change::ContactShareGranted {
                share: first.clone(),
            },
            Change::ContactShareGranted {
                share: colleague.clone(),
            },
            Change::TeamManagerAdded {
                team_manager: tm.clone(),
            },
        ],
    };
    tx.append_change(&changes, t(T0)).await.unwrap();
    tx.commit().await.unwrap();

    // A second open share of the same file, entity and person is a conflict.
    let mut tx = store.begin().await.unwrap();
    let err = tx
        .insert_contact_share(&share(lea, Party::Staff(w.admin.id), 4))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    tx.rollback().await.unwrap();

    // The role changes in place; the participation does not start again.
    let mut tx = store.begin().await.unwrap();
    let as_borrower = Participation {
        role: DealRole::Borrower,
        ..part.clone()
    };
    assert!(!tx.save_participation(&as_borrower).await.unwrap());
    tx.append_change(
        &Change::ParticipationSaved {
            participation: as_borrower,
        },
        t(T0),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    // Revoked: gone from the snapshot, kept in the history with who and when.
    let revoked = ContactRevocation {
        by: Some(Party::Contact(lea)),
        at: t(T0 + 5 * MINUTE),
        how: How::SelfRevoked,
    };
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.revoke_contact_share(w.company.id, first.id, &revoked)
            .await
            .unwrap()
    );
    assert!(
        !tx.revoke_contact_share(w.company.id, first.id, &revoked)
            .await
            .unwrap()
    );
    tx.append_change(
        &Change::ContactShareRevoked {
            company_id: w.company.id,
            client_id: w.client.id,
            share_id: first.id,
            revoked,
        },
        t(T0),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let history = store
        .contact_share_history(w.company.id, w.client.id)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].id, first.id);
    assert_eq!(history[0].revoked, Some(revoked));
    assert_eq!(history[1], colleague);
    assert_eq!(
        store.contact_shares_of(w.company.id, max).await.unwrap(),
        vec![colleague.clone()]
    );

    // The snapshot holds the open rows; loaded, it answers as the changes did.
    let (snapshot, revision) = store.snapshot().await.unwrap();
    assert_eq!(snapshot.contact_shares, vec![colleague.clone()]);
    assert_eq!(snapshot.team_managers, vec![tm]);
    assert_eq!(snapshot.participations.len(), 1);
    assert_eq!(snapshot.participations[0].role, DealRole::Borrower);
    let loaded = Index::load(snapshot, revision).unwrap();
    let mut replayed = Index::new();
    for (rev, change) in store.changes_since(Revision(0), 10_000).await.unwrap() {
        replayed.apply(rev, &change).unwrap();
    }
    for index in [&loaded, &replayed] {
        let company = index.company(w.company.id).unwrap();
        assert!(!company.contact_may_open(lea, w.client.id));
        assert!(company.contact_may_open(max, w.client.id));
        assert_eq!(
            company.file_entities(w.client.id),
            vec![(bank.id, DealRole::Borrower)]
        );
        assert_eq!(company.team_managers(bank.id), vec![max]);
    }
    assert_eq!(
        loaded
            .company(w.company.id)
            .unwrap()
            .file_contacts(w.client.id),
        replayed
            .company(w.company.id)
            .unwrap()
            .file_contacts(w.client.id)
    );

    // Ended: the participation leaves the snapshot; its history row stays.
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.end_participation(
            w.company.id,
            w.client.id,
            bank.id,
            Some(Party::Staff(w.admin.id)),
            t(T0 + 6 * MINUTE)
        )
        .await
        .unwrap()
    );
    assert!(
        tx.remove_team_manager(w.company.id, bank.id, max, t(T0 + 6 * MINUTE))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let (snapshot, _) = store.snapshot().await.unwrap();
    assert!(snapshot.participations.is_empty());
    assert!(snapshot.team_managers.is_empty());
}

pub async fn a_contact_account_needs_a_free_email(store: Store) {
    let w = fixtures::world(&store, "acc").await;
    contact(&store, "lea@banquex.example").await;
    for taken in ["LEA@banquex.example", &w.admin.email] {
        let account = Account {
            id: AccountId::from_uuid(Uuid::now_v7()),
            email: taken.to_owned(),
            name: "Twin".to_owned(),
            language: Language::En,
            has_password: false,
            timezone: None,
            created_at: t(T0),
        };
        let mut tx = store.begin().await.unwrap();
        let err = tx.insert_account(&account, None).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{taken}: {err:?}");
        tx.rollback().await.unwrap();
    }
}

pub async fn contact_sessions_expire_and_end_with_the_account_s_other_tokens(store: Store) {
    let lea = contact(&store, "lea@banquex.example").await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_contact_token(b"one", lea, t(T0), t(T0 + MINUTE))
        .await
        .unwrap();
    tx.insert_contact_token(b"two", lea, t(T0), t(T0 + 10 * MINUTE))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.contact_token_account(b"one", t(T0)).await.unwrap(),
        Some(lea)
    );
    // Expired at its end, unknown when it never existed.
    assert_eq!(
        store
            .contact_token_account(b"one", t(T0 + MINUTE))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.contact_token_account(b"nope", t(T0)).await.unwrap(),
        None
    );
    // Ending every session but one (AC2) ends the desk's too.
    let mut tx = store.begin().await.unwrap();
    tx.insert_contact_token(b"three", lea, t(T0), t(T0 + 10 * MINUTE))
        .await
        .unwrap();
    assert_eq!(
        tx.delete_account_tokens(lea, Some(b"three")).await.unwrap(),
        2
    );
    tx.commit().await.unwrap();
    assert_eq!(
        store.contact_token_account(b"two", t(T0)).await.unwrap(),
        None
    );
    assert_eq!(
        store.contact_token_account(b"three", t(T0)).await.unwrap(),
        Some(lea)
    );
    let mut tx = store.begin().await.unwrap();
    tx.delete_contact_token(b"three").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.contact_token_account(b"three", t(T0)).await.unwrap(),
        None
    );
}

pub async fn desk_documents_views_team_managers_and_a_contact_s_language_round_trip(store: Store) {
    use casegate_core::{Document, DocumentId, DocumentVisibility, ViewId, ViewKind};
    use casegate_store::ContactView;

    let w = fixtures::world(&store, "dd").await;
    let bank = entity(w.company.id, "Banque X", true);
    let lea = contact(&store, "lea@banquex.example").await;
    let mut tx = store.begin().await.unwrap();
    tx.insert_entity(&bank).await.unwrap();
    tx.commit().await.unwrap();

    // A contact's upload keeps its uploader.
    let doc = Document {
        id: DocumentId::from_uuid(Uuid::now_v7()),
        company_id: w.company.id,
        client_id: w.client.id,
        name: "signed.pdf".to_owned(),
        content_type: "application/pdf".to_owned(),
        size: 1,
        sha256: "00".to_owned(),
        visibility: DocumentVisibility::Shared,
        uploaded_by: Party::Contact(lea),
        created_at: t(T0),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_document(&doc).await.unwrap();
    tx.commit().await.unwrap();
    let back = store.document(w.company.id, doc.id).await.unwrap().unwrap();
    assert_eq!(back, doc);

    // X9 for contacts: recorded, newest first, each id once.
    let view = |minutes: i64| ContactView {
        id: ViewId::from_uuid(Uuid::now_v7()),
        company_id: w.company.id,
        client_id: w.client.id,
        account_id: lea,
        kind: ViewKind::DocumentDownloaded,
        document_id: Some(doc.id),
        through: vec![ContactShareId::from_uuid(Uuid::now_v7())],
        at: t(T0 + minutes * MINUTE),
    };
    let (first, second) = (view(1), view(2));
    let mut tx = store.begin().await.unwrap();
    tx.append_contact_view(&first).await.unwrap();
    tx.append_contact_view(&second).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.append_contact_view(&first).await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);
    let views = store
        .contact_views(w.company.id, w.client.id)
        .await
        .unwrap();
    assert_eq!(views, [second, first]);

    // Team managers of an entity, in the order named; removed, gone.
    let tm = TeamManager {
        company_id: w.company.id,
        entity_id: bank.id,
        account_id: lea,
        named_by: Some(Party::Staff(w.admin.id)),
        named_at: t(T0),
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.add_team_manager(&tm).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(
        store.team_managers_of(w.company.id, bank.id).await.unwrap(),
        [tm]
    );
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.remove_team_manager(w.company.id, bank.id, lea, t(T0 + MINUTE))
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    assert!(
        store
            .team_managers_of(w.company.id, bank.id)
            .await
            .unwrap()
            .is_empty()
    );

    // A contact's own language.
    let mut tx = store.begin().await.unwrap();
    tx.set_account_language(lea, Language::Da).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.account(lea).await.unwrap().unwrap().language,
        Language::Da
    );
}
