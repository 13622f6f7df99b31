//! Companies, users, logins, paging and tokens.

use casegate_core::{CompanyId, Language, NewClientAccess, Role, Settings, UserId, View};
use casegate_store::{Store, StoreError};

use crate::fixtures::{self, MINUTE, T0, t};

pub async fn companies_are_inserted_updated_and_counted(store: Store) {
    assert_eq!(store.company_count().await.unwrap(), 0);
    let mut a = fixtures::company("A");
    let b = fixtures::company("B");
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&a).await.unwrap();
    tx.insert_company(&b).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.company_count().await.unwrap(), 2);
    assert_eq!(store.company(a.id).await.unwrap(), Some(a.clone()));

    a.name = "A renamed".to_owned();
    a.default_language = Language::Da;
    a.timezone = "UTC".to_owned();
    a.settings = Settings {
        client_access_enabled: true,
        allow_access_requests: true,
        allow_sharing: true,
        new_client_access: NewClientAccess::OwnerOnly,
    };
    let mut tx = store.begin().await.unwrap();
    tx.update_company(&a).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.company(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(store.company(b.id).await.unwrap(), Some(b.clone()));
    assert_eq!(store.company(CompanyId::from_u128(9)).await.unwrap(), None);

    // Inserting the same company twice is a conflict.
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_company(&b).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
}

pub async fn users_are_looked_up_and_updated(store: Store) {
    let w = fixtures::world(&store, "users").await;
    let (admin, hash) = store
        .login_lookup("ADMIN-users@Example.COM")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(admin, w.admin);
    assert_eq!(hash.as_deref(), Some("$argon2id$v=19$fake"));
    let (other, hash) = store
        .login_lookup("other-users@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((other, hash), (w.other.clone(), None));
    assert!(
        store
            .login_lookup("nobody@example.com")
            .await
            .unwrap()
            .is_none()
    );

    assert_eq!(
        store.user(w.company.id, w.other.id).await.unwrap(),
        Some(w.other.clone())
    );
    // Another company's id answers nothing.
    let elsewhere = fixtures::world(&store, "elsewhere").await;
    assert_eq!(
        store.user(elsewhere.company.id, w.other.id).await.unwrap(),
        None
    );

    // Every field but id/company/email/created_at is saved.
    let mut changed = w.other.clone();
    changed.name = "Renamed".to_owned();
    changed.role = Role::Manager;
    changed.active = false;
    changed.share_all_clients = true;
    changed.permissions.view = View::Restricted;
    changed.permissions.payments = false;
    changed.permissions.documents = false;
    changed.permissions.packages = false;
    changed.permissions.hide_email = true;
    changed.permissions.hide_phone = true;
    changed.permissions.edit_rights = true;
    changed.permissions.list_all_clients = false;
    changed.language = Language::En;
    let mut ignored = changed.clone();
    ignored.email = "ignored@example.com".to_owned();
    ignored.created_at = t(0);
    let mut tx = store.begin().await.unwrap();
    tx.update_user(&ignored).await.unwrap();
    tx.set_password(w.other.id, "$argon2id$new").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.user(w.company.id, w.other.id).await.unwrap(),
        Some(changed.clone())
    );
    let (found, hash) = store
        .login_lookup("other-users@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((found, hash.as_deref()), (changed, Some("$argon2id$new")));
}

pub async fn duplicate_email_is_a_conflict_whatever_the_case(store: Store) {
    let w = fixtures::world(&store, "dup").await;
    let elsewhere = fixtures::world(&store, "dup2").await;
    // Same email in another case, in another company: still taken.
    let twin = fixtures::user(elsewhere.company.id, "ADMIN-DUP@example.com", "Twin");
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_user(&twin, None).await.unwrap_err();
    match err {
        StoreError::Conflict(what) => assert!(what.contains("ADMIN-DUP@example.com"), "{what}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    tx.rollback().await.unwrap();
    assert!(
        store
            .user(elsewhere.company.id, twin.id)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store
            .login_lookup("admin-dup@example.com")
            .await
            .unwrap()
            .unwrap()
            .0,
        w.admin
    );
}

pub async fn users_page_orders_by_name_then_id(store: Store) {
    let w = fixtures::world(&store, "page").await;
    let mut users = vec![w.admin.clone(), w.other.clone()];
    let names = [
        "Émile",
        "bob",
        "Bob",
        "Bob",
        "Zoë",
        "Ångström",
        "alice",
        "Bob",
    ];
    let mut tx = store.begin().await.unwrap();
    for (i, name) in names.iter().enumerate() {
        let mut user = fixtures::user(w.company.id, &format!("u{i}@example.com"), name);
        // Ties on the name are broken by id, whatever the insertion order.
        user.id = UserId::from_u128(1000 - i as u128);
        tx.insert_user(&user, None).await.unwrap();
        users.push(user);
    }
    tx.commit().await.unwrap();
    // Users of other companies never show.
    fixtures::world(&store, "page-other").await;

    users.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
    let all = store.users_page(w.company.id, None, 100).await.unwrap();
    assert_eq!(all, users);

    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .users_page(w.company.id, after.clone(), 3)
            .await
            .unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        after = Some((last.name.clone(), last.id));
        paged.extend(page);
    }
    assert_eq!(paged, users);
}

pub async fn tokens_expire_and_are_deleted(store: Store) {
    let w = fixtures::world(&store, "tok").await;
    let expires = T0 + 10 * MINUTE;
    let mut tx = store.begin().await.unwrap();
    tx.insert_token(&[1; 32], w.company.id, w.admin.id, t(T0), t(expires))
        .await
        .unwrap();
    tx.insert_token(&[2; 32], w.company.id, w.other.id, t(T0), t(expires))
        .await
        .unwrap();
    tx.insert_token(&[3; 32], w.company.id, w.other.id, t(T0), t(expires))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let admin = Some((w.company.id, w.admin.id));
    assert_eq!(store.token_user(&[1; 32], t(T0)).await.unwrap(), admin);
    assert_eq!(
        store.token_user(&[1; 32], t(expires - 1)).await.unwrap(),
        admin
    );
    assert_eq!(store.token_user(&[1; 32], t(expires)).await.unwrap(), None);
    assert_eq!(store.token_user(&[9; 32], t(T0)).await.unwrap(), None);

    let mut tx = store.begin().await.unwrap();
    tx.delete_token(&[1; 32]).await.unwrap();
    tx.delete_token(&[9; 32]).await.unwrap();
    assert_eq!(tx.delete_user_tokens(w.other.id).await.unwrap(), 2);
    assert_eq!(tx.delete_user_tokens(w.other.id).await.unwrap(), 0);
    tx.commit().await.unwrap();
    for token in [[1; 32], [2; 32], [3; 32]] {
        assert_eq!(store.token_user(&token, t(T0)).await.unwrap(), None);
    }
}

pub async fn updating_a_missing_row_is_an_error(store: Store) {
    let w = fixtures::world(&store, "missing").await;
    let ghost = fixtures::user(w.company.id, "ghost@example.com", "Ghost");
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.update_user(&ghost).await,
        Err(StoreError::Database(_))
    ));
    assert!(matches!(
        tx.update_company(&fixtures::company("ghost")).await,
        Err(StoreError::Database(_))
    ));
    tx.rollback().await.unwrap();
    // A user of the wrong company is not updated either.
    let mut moved = w.other.clone();
    moved.company_id = fixtures::world(&store, "missing2").await.company.id;
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_user(&moved).await.is_err());
}

pub async fn foreign_keys_are_enforced(store: Store) {
    let orphan = fixtures::user(CompanyId::from_u128(404), "orphan@example.com", "Orphan");
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_user(&orphan, None).await.unwrap_err();
    assert!(matches!(err, StoreError::Database(_)), "{err:?}");
}
