//! Part C, the desk's side, at the app level: one test per rule (C4, C6,
//! C8, C10), named after it. A contact acts as a `ContactActor`, which no
//! staff use case takes.

use casegate_app::{AppError, ContactActor, NewEntity};
use casegate_core::deal::DealRole;
use casegate_core::{ClientId, EntityId, How};

use crate::support::{World, fields, to, written};

async fn entity(w: &World, by: &casegate_app::Actor, name: &str) -> EntityId {
    w.app
        .create_entity(
            by,
            NewEntity {
                name: name.to_owned(),
                kind: DealRole::Lender,
                self_managed: false,
                email_domains: vec!["bank.example".to_owned()],
            },
        )
        .await
        .unwrap()
        .value
        .id
}

async fn deal(w: &World, by: &casegate_app::Actor, entity: EntityId, name: &str) -> ClientId {
    let client = w.client(by, name).await;
    w.app
        .add_entity_to_file(by, client, entity, DealRole::Lender)
        .await
        .unwrap();
    client
}

/// `email` given `client` through `entity` by `by`; the contact as an actor.
async fn contact(
    w: &World,
    by: &casegate_app::Actor,
    client: ClientId,
    entity: EntityId,
    email: &str,
) -> ContactActor {
    let added = w
        .app
        .add_contact(by, client, entity, email, None)
        .await
        .unwrap();
    ContactActor {
        account_id: added.value.line.share.account_id,
        token_hash: Vec::new(),
    }
}

fn files(list: &[casegate_app::DeskFile]) -> Vec<ClientId> {
    list.iter().map(|f| f.client_id).collect()
}

#[tokio::test]
async fn c4_a_contact_sees_their_files_and_their_entity_s_people_only() {
    let w = World::new().await;
    let bank = entity(&w, &w.admin, "Bank").await;
    let fund = entity(&w, &w.admin, "Fund").await;
    let deal_x = deal(&w, &w.admin, bank, "Deal X").await;
    let deal_y = deal(&w, &w.admin, bank, "Deal Y").await;
    w.app
        .add_entity_to_file(&w.admin, deal_x, fund, DealRole::Borrower)
        .await
        .unwrap();
    let lea = contact(&w, &w.admin, deal_x, bank, "lea@bank.example").await;
    let ola = contact(&w, &w.admin, deal_x, fund, "ola@bank.example").await;

    let mine = w.app.desk_files(&lea).await.unwrap();
    assert_eq!(files(&mine), [deal_x]);
    assert_eq!(mine[0].entity_id, bank);
    assert_eq!(mine[0].manager_email, "ada@acme.test");
    assert!(matches!(
        w.app.desk_file(&lea, deal_y).await,
        Err(AppError::NotFound)
    ));
    // The people of my own entity, never the other's.
    let (current, former) = w.app.desk_file_contacts(&lea, deal_x).await.unwrap();
    assert_eq!(
        current
            .iter()
            .map(|l| l.share.account_id)
            .collect::<Vec<_>>(),
        [lea.account_id]
    );
    assert!(former.is_empty());
    assert!(matches!(
        w.app
            .desk_revoke_contact(&lea, deal_x, ola.account_id)
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app.desk_file_contacts(&lea, deal_y).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn c6_no_other_company_and_no_contact_of_it_grants_access_to_a_file() {
    let w = World::new().await;
    let bank = entity(&w, &w.admin, "Bank").await;
    let deal_x = deal(&w, &w.admin, bank, "Deal X").await;
    let hank = w.other_company("Globex").await;
    let their_bank = entity(&w, &hank, "Bank").await;
    let theirs = deal(&w, &hank, their_bank, "Deal B").await;
    let lea = contact(&w, &hank, theirs, their_bank, "lea@bank.example").await;
    let before = w.app.revision();

    // Another company's staff: neither the file nor the entity exists.
    assert!(matches!(
        w.app
            .add_contact(&hank, deal_x, bank, "x@bank.example", None)
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app
            .add_entity_to_file(&hank, deal_x, their_bank, DealRole::Lender)
            .await,
        Err(AppError::NotFound)
    ));
    // Their contact: not one of our files.
    assert!(matches!(
        w.app
            .desk_add_contact(&lea, deal_x, None, "x@bank.example", None)
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app
            .desk_add_contact(&lea, deal_x, Some(bank), "x@bank.example", None)
            .await,
        Err(AppError::NotFound)
    ));
    assert!(matches!(
        w.app
            .desk_handover(&lea, bank, "x@bank.example", false)
            .await,
        Err(AppError::NotFound)
    ));
    assert_eq!(w.app.revision(), before);
}

#[tokio::test]
async fn c8_a_contact_hands_all_their_files_of_an_entity_over_in_one_change() {
    let w = World::new().await;
    let bank = entity(&w, &w.admin, "Bank").await;
    let deal_x = deal(&w, &w.admin, bank, "Deal X").await;
    let deal_y = deal(&w, &w.admin, bank, "Deal Y").await;
    let lea = contact(&w, &w.admin, deal_x, bank, "lea@bank.example").await;
    w.app
        .add_contact(&w.admin, deal_y, bank, "lea@bank.example", None)
        .await
        .unwrap();
    written(&w).await;

    // Refused without a change: myself, outside the domains.
    let before = w.app.revision();
    let err = w
        .app
        .desk_handover(&lea, bank, "lea@bank.example", true)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["successor_email"]);
    let err = w
        .app
        .desk_handover(&lea, bank, "max@mail.example", true)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["successor_email"]);
    assert_eq!(w.app.revision(), before);

    let done = w
        .app
        .desk_handover(&lea, bank, "max@bank.example", true)
        .await
        .unwrap();
    assert_eq!(done.value, 2);
    assert_eq!(done.revision.0, before.0 + 1);
    assert!(w.app.desk_files(&lea).await.unwrap().is_empty());
    let mail = written(&w).await;
    let invitation = to(&mail, "max");
    assert!(invitation.body_text.contains("Deal X") && invitation.body_text.contains("Deal Y"));
    let max = ContactActor {
        account_id: w
            .app
            .store()
            .account_by_email("max@bank.example")
            .await
            .unwrap()
            .unwrap()
            .id,
        token_hash: Vec::new(),
    };
    assert_eq!(
        files(&w.app.desk_files(&max).await.unwrap()),
        [deal_x, deal_y]
    );
    let history = w
        .app
        .store()
        .contact_share_history(w.company, deal_x)
        .await
        .unwrap();
    let lea_row = history
        .iter()
        .find(|s| s.account_id == lea.account_id)
        .unwrap();
    assert_eq!(lea_row.revoked.unwrap().how, How::Handover);
    let max_row = history
        .iter()
        .find(|s| s.account_id == max.account_id)
        .unwrap();
    assert_eq!(max_row.how, How::Handover);
    assert_eq!(max_row.succeeds, Some(lea.account_id));
}

#[tokio::test]
async fn c10_a_contact_leaves_and_the_successor_removes_the_one_they_succeed() {
    let w = World::new().await;
    let bank = entity(&w, &w.admin, "Bank").await;
    let deal_x = deal(&w, &w.admin, bank, "Deal X").await;
    let lea = contact(&w, &w.admin, deal_x, bank, "lea@bank.example").await;
    let ola = contact(&w, &w.admin, deal_x, bank, "ola@bank.example").await;

    // Leaving: recorded as `self`, by the contact.
    w.app
        .desk_revoke_contact(&ola, deal_x, ola.account_id)
        .await
        .unwrap();
    assert!(w.app.desk_files(&ola).await.unwrap().is_empty());
    let history = w
        .app
        .store()
        .contact_share_history(w.company, deal_x)
        .await
        .unwrap();
    let left = history
        .iter()
        .find(|s| s.account_id == ola.account_id)
        .unwrap()
        .revoked
        .unwrap();
    assert_eq!(left.how, How::SelfRevoked);

    // The successor by handover removes the person they succeed.
    w.app
        .desk_handover(&lea, bank, "max@bank.example", false)
        .await
        .unwrap();
    let max = w
        .app
        .store()
        .account_by_email("max@bank.example")
        .await
        .unwrap()
        .unwrap();
    let max = ContactActor {
        account_id: max.id,
        token_hash: Vec::new(),
    };
    let index = w.app.with_company_index(w.company, Clone::clone).unwrap();
    let decision = index.may_revoke_contact(
        casegate_core::deal::Party::Contact(max.account_id),
        deal_x,
        lea.account_id,
    );
    assert!(decision.allowed);
    assert!(
        decision
            .reasons
            .contains(&casegate_core::index::DealReason::Successor)
    );
    w.app
        .desk_revoke_contact(&max, deal_x, lea.account_id)
        .await
        .unwrap();
    assert!(w.app.desk_files(&lea).await.unwrap().is_empty());
}
