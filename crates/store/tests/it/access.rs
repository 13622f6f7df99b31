//! Groups, memberships, clients, shares and the snapshot of open rows.

use casegate_core::{Change, How, Index, Revision, Subject};
use casegate_store::{Snapshot, Store, StoreError};

use crate::fixtures::{self, MINUTE, T0, t};

pub async fn groups_are_renamed_and_deleted_and_live_names_are_unique(store: Store) {
    let w = fixtures::world(&store, "grp").await;
    let elsewhere = fixtures::world(&store, "grp2").await;
    let alpha = fixtures::group(w.company.id, "Alpha");
    let mut tx = store.begin().await.unwrap();
    tx.insert_group(&alpha).await.unwrap();
    tx.commit().await.unwrap();

    // A duplicate live name in the company is a conflict.
    let twin = fixtures::group(w.company.id, "Alpha");
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_group(&twin).await.unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict(ref what) if what.contains("Alpha")),
        "{err:?}"
    );
    tx.rollback().await.unwrap();
    // The same name in another company is fine.
    let mut tx = store.begin().await.unwrap();
    tx.insert_group(&fixtures::group(elsewhere.company.id, "Alpha"))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // Renaming onto a live name is a conflict; onto a free one works.
    let mut renamed = w.group.clone();
    renamed.name = "Alpha".to_owned();
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.update_group(&renamed).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();
    renamed.name = "Zeta".to_owned();
    let mut tx = store.begin().await.unwrap();
    tx.update_group(&renamed).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.group(w.company.id, w.group.id).await.unwrap(),
        Some(renamed.clone())
    );
    assert_eq!(
        store.groups(w.company.id).await.unwrap(),
        vec![alpha.clone(), renamed.clone()]
    );

    // Deleted: gone from reads, its name free again, deleting twice fails.
    let mut tx = store.begin().await.unwrap();
    tx.mark_group_deleted(w.company.id, alpha.id, w.admin.id, t(T0 + MINUTE))
        .await
        .unwrap();
    tx.insert_group(&twin).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.group(w.company.id, alpha.id).await.unwrap(), None);
    assert_eq!(
        store.groups(w.company.id).await.unwrap(),
        vec![twin.clone(), renamed]
    );
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.mark_group_deleted(w.company.id, alpha.id, w.admin.id, t(T0))
            .await
            .is_err()
    );
    tx.rollback().await.unwrap();
    // Another company's group is invisible.
    assert_eq!(
        store.group(elsewhere.company.id, twin.id).await.unwrap(),
        None
    );
    // The history keeps the names of what is gone.
    assert_eq!(
        store.group_name_ever(w.company.id, alpha.id).await.unwrap(),
        Some(("Alpha".to_owned(), true))
    );
    assert_eq!(
        store.group_name_ever(w.company.id, twin.id).await.unwrap(),
        Some(("Alpha".to_owned(), false))
    );
    assert_eq!(
        store
            .group_name_ever(elsewhere.company.id, alpha.id)
            .await
            .unwrap(),
        None
    );
}

pub async fn memberships_are_never_deleted(store: Store) {
    let w = fixtures::world(&store, "mem").await;
    let first = fixtures::membership(w.company.id, w.group.id, w.other.id, T0 + MINUTE);
    let mut tx = store.begin().await.unwrap();
    tx.insert_membership(&first).await.unwrap();
    tx.commit().await.unwrap();

    // A second open membership of the same user is a conflict.
    let mut tx = store.begin().await.unwrap();
    let dup = fixtures::membership(w.company.id, w.group.id, w.other.id, T0 + 2 * MINUTE);
    assert!(matches!(
        tx.insert_membership(&dup).await,
        Err(StoreError::Conflict(_))
    ));
    tx.rollback().await.unwrap();

    let removed = fixtures::revocation(Some(w.admin.id), T0 + 3 * MINUTE, How::Manual);
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.end_membership(w.company.id, w.group.id, w.other.id, &removed)
            .await
            .unwrap()
    );
    assert!(
        !tx.end_membership(w.company.id, w.group.id, w.other.id, &removed)
            .await
            .unwrap()
    );
    let mut second = fixtures::membership(w.company.id, w.group.id, w.other.id, T0 + 4 * MINUTE);
    second.added_by = Some(w.admin.id);
    tx.insert_membership(&second).await.unwrap();
    let admin = fixtures::membership(w.company.id, w.group.id, w.admin.id, T0 + 5 * MINUTE);
    tx.insert_membership(&admin).await.unwrap();
    tx.commit().await.unwrap();

    let mut ended = first.clone();
    ended.removed = Some(removed);
    assert_eq!(
        store
            .membership_history(w.company.id, w.group.id)
            .await
            .unwrap(),
        vec![ended, second.clone(), admin.clone()]
    );
    // Another company sees nothing of it.
    let elsewhere = fixtures::world(&store, "mem2").await;
    assert!(
        store
            .membership_history(elsewhere.company.id, w.group.id)
            .await
            .unwrap()
            .is_empty()
    );
    let mut tx = store.begin().await.unwrap();
    assert!(
        !tx.end_membership(elsewhere.company.id, w.group.id, w.admin.id, &removed)
            .await
            .unwrap()
    );
}

pub async fn clients_are_updated_and_deleted(store: Store) {
    let w = fixtures::world(&store, "cli").await;
    let mut client = w.client.clone();
    client.name = "Renamed client".to_owned();
    client.email = None;
    client.phone = Some("+33 1 23 45 67 89".to_owned());
    client.tags = Vec::new();
    client.owner_id = w.other.id;
    client.restricted = true;
    client.updated_at = t(T0 + MINUTE + 7);
    let mut ignored = client.clone();
    ignored.created_at = t(0);
    let mut tx = store.begin().await.unwrap();
    tx.update_client(&ignored).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store.client(w.company.id, client.id).await.unwrap(),
        Some(client.clone())
    );

    let mut tx = store.begin().await.unwrap();
    tx.mark_client_deleted(w.company.id, client.id, w.admin.id, t(T0 + 2 * MINUTE))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.client(w.company.id, client.id).await.unwrap(), None);
    assert_eq!(
        store
            .client_name_ever(w.company.id, client.id)
            .await
            .unwrap(),
        Some(("Renamed client".to_owned(), true)),
        "the history keeps its name"
    );
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_client(&client).await.is_err());
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(
        tx.mark_client_deleted(w.company.id, client.id, w.admin.id, t(T0))
            .await
            .is_err()
    );
}

pub async fn clients_owned_by_lists_the_owner_s_live_clients_by_name(store: Store) {
    let w = fixtures::world(&store, "own").await;
    let elsewhere = fixtures::world(&store, "own2").await;
    let zed = fixtures::client(w.company.id, w.other.id, "Zed");
    let alpha = fixtures::client(w.company.id, w.other.id, "Alpha");
    let gone = fixtures::client(w.company.id, w.other.id, "Gone");
    let mut tx = store.begin().await.unwrap();
    for c in [&zed, &alpha, &gone] {
        tx.insert_client(c).await.unwrap();
    }
    tx.mark_client_deleted(w.company.id, gone.id, w.admin.id, t(T0 + MINUTE))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        store
            .clients_owned_by(w.company.id, w.other.id)
            .await
            .unwrap(),
        vec![alpha.clone(), zed.clone()],
        "live clients only, by name"
    );
    assert_eq!(
        store
            .clients_owned_by(w.company.id, w.admin.id)
            .await
            .unwrap(),
        vec![w.client.clone()]
    );
    // A transfer moves the client to the new owner's list.
    let mut moved = alpha.clone();
    moved.owner_id = w.admin.id;
    let mut tx = store.begin().await.unwrap();
    tx.update_client(&moved).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        store
            .clients_owned_by(w.company.id, w.other.id)
            .await
            .unwrap(),
        vec![zed]
    );
    // Another company's id sees nothing of it.
    assert!(
        store
            .clients_owned_by(elsewhere.company.id, w.other.id)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn shares_are_never_deleted(store: Store) {
    let w = fixtures::world(&store, "shr").await;
    let (co, cl) = (w.company.id, w.client.id);
    let mut by_user = fixtures::share(co, cl, Subject::User(w.other.id), w.admin.id, T0 + MINUTE);
    let mut whole = fixtures::share(co, cl, Subject::Company, w.admin.id, T0 + 2 * MINUTE);
    whole.granted_by = None;
    whole.granted_how = How::ClientCreated;
    let by_group = fixtures::share(
        co,
        cl,
        Subject::Group(w.group.id),
        w.admin.id,
        T0 + 3 * MINUTE,
    );
    let mut tx = store.begin().await.unwrap();
    tx.insert_share(&by_user).await.unwrap();
    tx.insert_share(&whole).await.unwrap();
    tx.insert_share(&by_group).await.unwrap();
    tx.commit().await.unwrap();

    let revoked = fixtures::revocation(Some(w.admin.id), T0 + 4 * MINUTE, How::Manual);
    let mut tx = store.begin().await.unwrap();
    assert!(tx.revoke_share(co, by_user.id, &revoked).await.unwrap());
    assert!(!tx.revoke_share(co, by_user.id, &revoked).await.unwrap());
    let regranted = fixtures::share(
        co,
        cl,
        Subject::User(w.other.id),
        w.admin.id,
        T0 + 5 * MINUTE,
    );
    tx.insert_share(&regranted).await.unwrap();
    let system = fixtures::revocation(None, T0 + 6 * MINUTE, How::SettingEnabled);
    assert!(tx.revoke_share(co, whole.id, &system).await.unwrap());
    tx.commit().await.unwrap();

    by_user.revoked = Some(revoked);
    whole.revoked = Some(system);
    assert_eq!(
        store.share_history(co, cl).await.unwrap(),
        vec![by_user, whole, by_group.clone(), regranted]
    );
    // Another company's id sees nothing and revokes nothing.
    let elsewhere = fixtures::world(&store, "shr2").await;
    assert!(
        store
            .share_history(elsewhere.company.id, cl)
            .await
            .unwrap()
            .is_empty()
    );
    let mut tx = store.begin().await.unwrap();
    assert!(
        !tx.revoke_share(elsewhere.company.id, by_group.id, &revoked)
            .await
            .unwrap()
    );
}

pub async fn duplicate_open_share_is_a_conflict(store: Store) {
    let w = fixtures::world(&store, "dupshr").await;
    let (co, cl) = (w.company.id, w.client.id);
    for subject in [
        Subject::Company,
        Subject::User(w.other.id),
        Subject::Group(w.group.id),
    ] {
        let first = fixtures::share(co, cl, subject, w.admin.id, T0);
        let mut tx = store.begin().await.unwrap();
        tx.insert_share(&first).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let err = tx
            .insert_share(&fixtures::share(co, cl, subject, w.admin.id, T0 + 1))
            .await
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Conflict(_)),
            "{subject:?}: {err:?}"
        );
        tx.rollback().await.unwrap();
        // Once revoked, the same subject may be shared again.
        let mut tx = store.begin().await.unwrap();
        let revoked = fixtures::revocation(None, T0 + 2, How::Manual);
        assert!(tx.revoke_share(co, first.id, &revoked).await.unwrap());
        tx.insert_share(&fixtures::share(co, cl, subject, w.admin.id, T0 + 3))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

pub async fn snapshot_holds_only_open_rows_and_loads_into_the_index(store: Store) {
    let (empty, revision) = store.snapshot().await.unwrap();
    assert_eq!((empty, revision), (Snapshot::default(), Revision(0)));

    let w = fixtures::world(&store, "snap").await;
    let (co, cl) = (w.company.id, w.client.id);
    let gone_group = fixtures::group(co, "Gone");
    let gone_client = fixtures::client(co, w.admin.id, "Gone client");
    let open_member = fixtures::membership(co, w.group.id, w.other.id, T0);
    let ended_member = fixtures::membership(co, w.group.id, w.admin.id, T0);
    let member_of_gone = fixtures::membership(co, gone_group.id, w.other.id, T0);
    let open_share = fixtures::share(co, cl, Subject::Group(w.group.id), w.admin.id, T0);
    let revoked_share = fixtures::share(co, cl, Subject::User(w.other.id), w.admin.id, T0);
    let share_of_gone_client =
        fixtures::share(co, gone_client.id, Subject::Company, w.admin.id, T0);
    let share_to_gone_group =
        fixtures::share(co, cl, Subject::Group(gone_group.id), w.admin.id, T0);
    let end = fixtures::revocation(Some(w.admin.id), T0 + MINUTE, How::Manual);

    let mut tx = store.begin().await.unwrap();
    tx.insert_group(&gone_group).await.unwrap();
    tx.insert_client(&gone_client).await.unwrap();
    for m in [&open_member, &ended_member, &member_of_gone] {
        tx.insert_membership(m).await.unwrap();
    }
    for s in [
        &open_share,
        &revoked_share,
        &share_of_gone_client,
        &share_to_gone_group,
    ] {
        tx.insert_share(s).await.unwrap();
    }
    tx.end_membership(co, w.group.id, w.admin.id, &end)
        .await
        .unwrap();
    tx.revoke_share(co, revoked_share.id, &end).await.unwrap();
    tx.mark_group_deleted(co, gone_group.id, w.admin.id, t(T0 + MINUTE))
        .await
        .unwrap();
    tx.mark_client_deleted(co, gone_client.id, w.admin.id, t(T0 + MINUTE))
        .await
        .unwrap();
    let revision = tx
        .append_change(
            &Change::MemberAdded {
                membership: open_member.clone(),
            },
            t(T0),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let (snapshot, at) = store.snapshot().await.unwrap();
    assert_eq!(at, revision);
    assert_eq!(snapshot.companies, vec![w.company.clone()]);
    let mut users = vec![w.admin.clone(), w.other.clone()];
    users.sort_by_key(|u| u.id);
    assert_eq!(snapshot.users, users);
    assert_eq!(snapshot.groups, vec![w.group.clone()]);
    assert_eq!(snapshot.clients, vec![w.client.clone()]);
    assert_eq!(snapshot.memberships, vec![open_member]);
    assert_eq!(snapshot.shares, vec![open_share]);

    // The access index accepts it.
    let index = Index::load(snapshot, at).unwrap();
    assert_eq!(index.revision(), at);
    assert!(index.company(co).is_some());
}
