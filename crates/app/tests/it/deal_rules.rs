//! Part C, staff side, at the app level: one test per rule (C1, C2, C3, C5,
//! C9), named after it. Nothing changes on a refusal.

use casegate_app::{AppError, ContactStatus, NewEntity};
use casegate_core::deal::DealRole;
use casegate_core::{ClientId, EntityId, How, Role};

use crate::support::{World, fields, to, written};

async fn entity(w: &World, name: &str, self_managed: bool, domains: &[&str]) -> EntityId {
    w.app
        .create_entity(
            &w.admin,
            NewEntity {
                name: name.to_owned(),
                kind: DealRole::Lender,
                self_managed,
                email_domains: domains.iter().map(|d| (*d).to_owned()).collect(),
            },
        )
        .await
        .unwrap()
        .value
        .id
}

/// A copy of the company's index, to ask it what it answers.
fn index(w: &World) -> casegate_core::CompanyIndex {
    w.app.with_company_index(w.company, Clone::clone).unwrap()
}

async fn deal(w: &World, entity: EntityId) -> ClientId {
    let client = w.client(&w.admin, "Deal X").await;
    let added = w
        .app
        .add_entity_to_file(&w.admin, client, entity, DealRole::Lender)
        .await
        .unwrap();
    assert!(added.value);
    client
}

#[tokio::test]
async fn c1_an_entity_takes_part_in_a_file_with_a_role_and_is_unique_by_name() {
    let w = World::new().await;
    let bank = entity(&w, "Banque X", false, &[]).await;
    let client = deal(&w, bank).await;
    let company = index(&w);
    assert_eq!(
        company.file_entities(client),
        vec![(bank, DealRole::Lender)]
    );
    // The same role again changes nothing; another role changes it in place.
    let again = w
        .app
        .add_entity_to_file(&w.admin, client, bank, DealRole::Lender)
        .await
        .unwrap();
    assert!(!again.value);
    w.app
        .add_entity_to_file(&w.admin, client, bank, DealRole::Guarantor)
        .await
        .unwrap();
    let company = index(&w);
    assert_eq!(
        company.file_entities(client),
        vec![(bank, DealRole::Guarantor)]
    );
    // A duplicate name, case aside, is a conflict.
    let err = w
        .app
        .create_entity(
            &w.admin,
            NewEntity {
                name: "banque x".into(),
                kind: DealRole::Borrower,
                self_managed: false,
                email_domains: Vec::new(),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    assert_eq!(
        w.app
            .entities(&w.admin, None, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    // Another company's entity does not exist here.
    let other = w.other_company("Other").await;
    assert!(matches!(
        w.app.entity(&other, bank).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn c2_an_unknown_email_is_invited_and_a_known_account_gets_access_at_once() {
    let w = World::new().await;
    let bank = entity(&w, "Banque X", false, &[]).await;
    let client = deal(&w, bank).await;
    written(&w).await;
    let added = w
        .app
        .add_contact(
            &w.admin,
            client,
            bank,
            "lea@banquex.example",
            Some("Léa Lender"),
        )
        .await
        .unwrap()
        .value;
    assert!(added.created);
    assert_eq!(added.line.status, ContactStatus::Invited);
    assert_eq!(added.line.share.how, How::Invitation);
    assert_eq!(added.line.name, "Léa Lender");
    let mails = written(&w).await;
    let invitation = to(&mails, "lea");
    assert!(
        invitation.subject.contains("invited you to follow Deal X"),
        "{}",
        invitation.subject
    );
    assert!(invitation.body_text.contains("/invitations/"));
    let company = index(&w);
    assert!(company.contact_may_open(added.line.share.account_id, client));

    // Adding the same person again answers as is.
    let again = w
        .app
        .add_contact(&w.admin, client, bank, "LEA@banquex.example", None)
        .await
        .unwrap()
        .value;
    assert!(!again.created);
    assert_eq!(again.line.share.id, added.line.share.id);
    assert!(written(&w).await.is_empty());

    // A known account (here invited on another file) gets access at once and an email.
    let other_file = deal(&w, bank).await;
    let known = w
        .app
        .add_contact(&w.admin, other_file, bank, "lea@banquex.example", None)
        .await
        .unwrap()
        .value;
    assert_eq!(known.line.share.how, How::Manual);
    assert_eq!(known.line.share.account_id, added.line.share.account_id);
    let mails = written(&w).await;
    assert!(
        to(&mails, "lea")
            .subject
            .contains("gave you access to Deal X")
    );
}

#[tokio::test]
async fn c3_only_those_who_may_share_add_contacts_and_never_for_a_self_managed_entity() {
    let w = World::new().await;
    w.settings(true, true, false).await; // A4 off: only admin-like roles and the owner share
    let bank = entity(&w, "Banque X", false, &[]).await;
    let fund = entity(&w, "Fund Y", true, &[]).await;
    let client = deal(&w, bank).await;
    w.app
        .add_entity_to_file(&w.admin, client, fund, DealRole::Lender)
        .await
        .unwrap();
    let bob = w.user("Bob", Role::User).await;
    let err = w
        .app
        .add_contact(&bob, client, bank, "lea@banquex.example", None)
        .await
        .unwrap_err();
    assert!(
        matches!(err, AppError::Forbidden(_) | AppError::NotFound),
        "{err:?}"
    );
    let err = w
        .app
        .add_contact(&w.admin, client, fund, "max@fund.example", None)
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::Forbidden(_)), "{err:?}");
    // An entity that does not take part is refused on its field.
    let idle = entity(&w, "Idle Z", false, &[]).await;
    let err = w
        .app
        .add_contact(&w.admin, client, idle, "zoe@idle.example", None)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["entity_id"]);
    let company = index(&w);
    assert!(company.file_contacts(client).is_empty());
}

#[tokio::test]
async fn c5_a_revoked_contact_is_listed_as_no_longer_having_access_and_can_come_back() {
    let w = World::new().await;
    let bank = entity(&w, "Banque X", false, &[]).await;
    let client = deal(&w, bank).await;
    let first = w
        .app
        .add_contact(&w.admin, client, bank, "lea@banquex.example", None)
        .await
        .unwrap()
        .value
        .line;
    let lea = first.share.account_id;
    let revoked = w.app.revoke_contact(&w.admin, client, lea).await.unwrap();
    assert_eq!(revoked.value, 1);
    let company = index(&w);
    assert!(!company.contact_may_open(lea, client));
    let (current, former) = w.app.file_contact_lines(&w.admin, client).await.unwrap();
    assert!(current.is_empty());
    assert_eq!(former.len(), 1);
    let record = former[0].share.revoked.unwrap();
    assert_eq!(record.how, How::Manual);
    assert!(former[0].share.granted_by.is_some());
    // Given access again: a new share, the old record stays.
    let again = w
        .app
        .add_contact(&w.admin, client, bank, "lea@banquex.example", None)
        .await
        .unwrap()
        .value;
    assert!(again.created);
    assert_ne!(again.line.share.id, first.share.id);
    let (current, former) = w.app.file_contact_lines(&w.admin, client).await.unwrap();
    assert_eq!((current.len(), former.len()), (1, 1));
    // Revoking someone who is not on the file is not found.
    assert!(matches!(
        w.app
            .revoke_contact(&w.admin, client, casegate_core::AccountId::from_u128(7))
            .await,
        Err(AppError::NotFound)
    ));
    // An entity leaving the file takes its contacts with it.
    let left = w
        .app
        .remove_entity_from_file(&w.admin, client, bank)
        .await
        .unwrap();
    assert_eq!(left.value, 1);
    let (current, former) = w.app.file_contact_lines(&w.admin, client).await.unwrap();
    assert!(current.is_empty());
    assert_eq!(former[1].share.revoked.unwrap().how, How::EntityRemoved);
}

#[tokio::test]
async fn c9_a_contact_email_must_be_in_the_entity_domains_and_not_a_colleague() {
    let w = World::new().await;
    let bank = entity(&w, "Banque X", false, &["BanqueX.example", "@bx.example"]).await;
    let stored = w.app.entity(&w.admin, bank).await.unwrap();
    assert_eq!(stored.email_domains, ["banquex.example", "bx.example"]);
    let client = deal(&w, bank).await;
    for bad in ["lea@gmail.example", "lea@mail.banquex.example"] {
        let err = w
            .app
            .add_contact(&w.admin, client, bank, bad, None)
            .await
            .unwrap_err();
        assert_eq!(fields(err), ["email"], "{bad}");
    }
    w.app
        .add_contact(&w.admin, client, bank, "lea@bx.example", None)
        .await
        .unwrap();
    // A staff member of this company is no contact of its files.
    let open = entity(&w, "Open Fund", false, &[]).await;
    w.app
        .add_entity_to_file(&w.admin, client, open, DealRole::Lender)
        .await
        .unwrap();
    let err = w
        .app
        .add_contact(&w.admin, client, open, "ada@acme.test", None)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["email"]);
    // A bad domain is refused when the entity is recorded.
    let err = w
        .app
        .create_entity(
            &w.admin,
            NewEntity {
                name: "Bad".into(),
                kind: DealRole::Other,
                self_managed: false,
                email_domains: vec!["not a domain".into()],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["email_domains"]);
}
