//! Accounts and their single-use links (AC1–AC3, C7).

use casegate_core::accounts::{InvitationKind, Link, LinkPurpose, LinkState};
use casegate_core::{AccountId, Language};
use casegate_store::{Store, StoreError};

use crate::fixtures::{self, MINUTE, T0, t};

fn invitation(account: AccountId, w: &fixtures::World, at: i64) -> Link {
    Link {
        purpose: LinkPurpose::Invitation,
        account_id: account,
        company_id: Some(w.company.id),
        invitation_kind: Some(InvitationKind::Staff),
        invited_by: Some(w.admin.id),
        new_email: None,
        created_at: t(at),
        expires_at: t(at) + LinkPurpose::Invitation.lifetime(),
        used_at: None,
        ended_at: None,
    }
}

pub async fn every_staff_member_has_an_account_with_their_email(store: Store) {
    let w = fixtures::world(&store, "acc").await;
    let account = store
        .account_of(w.company.id, w.other.id)
        .await
        .unwrap()
        .unwrap();
    let found = store.account(account).await.unwrap().unwrap();
    assert_eq!(found.email, w.other.email);
    assert_eq!(found.name, w.other.name);
    assert!(!found.has_password);
    let by_email = store
        .account_by_email(" OTHER-acc@example.com ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(by_email, found);
    assert!(
        store
            .account_password_hash(account)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.staff_of_account(account).await.unwrap(),
        vec![w.other.clone()]
    );
    // Another company's id never finds the account.
    let elsewhere = fixtures::company("Elsewhere");
    assert_eq!(
        store.account_of(elsewhere.id, w.other.id).await.unwrap(),
        None
    );

    // Name and language live on the account: updating the user saves them there.
    let mut other = w.other.clone();
    other.name = "Other Renamed".to_owned();
    other.language = Language::Fr;
    let mut tx = store.begin().await.unwrap();
    tx.update_user(&other).await.unwrap();
    tx.set_account_password(account, "$argon2id$v=19$chosen")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let found = store.account(account).await.unwrap().unwrap();
    assert_eq!(
        (found.name.as_str(), found.language),
        ("Other Renamed", Language::Fr)
    );
    assert!(found.has_password);
    assert_eq!(
        store.user(w.company.id, other.id).await.unwrap(),
        Some(other)
    );
}

pub async fn links_are_used_once_and_replaced_links_end(store: Store) {
    let w = fixtures::world(&store, "links").await;
    let account = store
        .account_of(w.company.id, w.other.id)
        .await
        .unwrap()
        .unwrap();
    let first = invitation(account, &w, T0);
    let mut tx = store.begin().await.unwrap();
    tx.insert_link(b"first", &first).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.link(b"first").await.unwrap(), Some(first.clone()));
    assert_eq!(
        store
            .latest_link(account, LinkPurpose::Invitation)
            .await
            .unwrap(),
        Some(first.clone())
    );
    assert_eq!(store.link(b"unknown").await.unwrap(), None);

    // A second invitation ends the first.
    let second = invitation(account, &w, T0 + MINUTE);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.end_links(account, LinkPurpose::Invitation, t(T0 + MINUTE))
            .await
            .unwrap(),
        1
    );
    tx.insert_link(b"second", &second).await.unwrap();
    assert!(!tx.use_link(b"first", t(T0 + 2 * MINUTE)).await.unwrap());
    tx.commit().await.unwrap();
    let ended = store.link(b"first").await.unwrap().unwrap();
    assert_eq!(ended.state(t(T0 + 2 * MINUTE)), LinkState::Expired);
    // Other purposes are left alone.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.end_links(account, LinkPurpose::PasswordReset, t(T0))
            .await
            .unwrap(),
        0
    );
    // Used once, then never again.
    assert!(tx.use_link(b"second", t(T0 + 2 * MINUTE)).await.unwrap());
    assert!(!tx.use_link(b"second", t(T0 + 3 * MINUTE)).await.unwrap());
    tx.commit().await.unwrap();
    let used = store.link(b"second").await.unwrap().unwrap();
    assert_eq!(used.used_at, Some(t(T0 + 2 * MINUTE)));
    assert_eq!(used.state(t(T0 + 3 * MINUTE)), LinkState::Used);
    assert_eq!(
        store
            .latest_link(account, LinkPurpose::Invitation)
            .await
            .unwrap(),
        None
    );

    // An expired link cannot be used.
    let mut late = invitation(account, &w, T0);
    late.purpose = LinkPurpose::PasswordReset;
    late.expires_at = t(T0) + LinkPurpose::PasswordReset.lifetime();
    let mut tx = store.begin().await.unwrap();
    tx.insert_link(b"late", &late).await.unwrap();
    assert!(!tx.use_link(b"late", late.expires_at).await.unwrap());
    tx.commit().await.unwrap();

    // Reusing a token hash is a conflict.
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_link(b"late", &late).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
}

pub async fn email_changes_keep_the_account_and_refuse_a_taken_address(store: Store) {
    let w = fixtures::world(&store, "mail").await;
    let account = store
        .account_of(w.company.id, w.other.id)
        .await
        .unwrap()
        .unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.set_account_email(account, "New.Address@Example.com")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let user = store.user(w.company.id, w.other.id).await.unwrap().unwrap();
    assert_eq!(user.email, "New.Address@Example.com");
    assert!(
        store
            .login_lookup("new.address@example.com")
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.login_lookup(&w.other.email).await.unwrap().is_none());

    let mut tx = store.begin().await.unwrap();
    let err = tx
        .set_account_email(account, &w.admin.email.to_uppercase())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
}

pub async fn account_tokens_end_but_the_one_kept(store: Store) {
    let w = fixtures::world(&store, "tok").await;
    let account = store
        .account_of(w.company.id, w.other.id)
        .await
        .unwrap()
        .unwrap();
    let later = t(T0 + 60 * MINUTE);
    let mut tx = store.begin().await.unwrap();
    for token in [b"a".as_slice(), b"b", b"c"] {
        tx.insert_token(token, w.company.id, w.other.id, t(T0), later)
            .await
            .unwrap();
    }
    tx.insert_token(b"admin", w.company.id, w.admin.id, t(T0), later)
        .await
        .unwrap();
    assert_eq!(
        tx.delete_account_tokens(account, Some(b"b")).await.unwrap(),
        2
    );
    tx.commit().await.unwrap();
    assert!(store.token_user(b"a", t(T0)).await.unwrap().is_none());
    assert!(store.token_user(b"b", t(T0)).await.unwrap().is_some());
    assert!(store.token_user(b"admin", t(T0)).await.unwrap().is_some());
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.delete_account_tokens(account, None).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert!(store.token_user(b"b", t(T0)).await.unwrap().is_none());
}
