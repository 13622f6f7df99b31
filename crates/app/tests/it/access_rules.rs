//! A1–A13: settings, who can open a client, the list and the panel.

use casegate_app::{AppError, SettingsPatch, UserPatch};
use casegate_core::index::Reason;
use casegate_core::{How, NewClientAccess, Role, Subject};

use crate::support::World;

#[tokio::test]
async fn a1_client_access_off_opens_every_client_to_all_staff() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::Contributor).await;
    let dora = w.user("Dora", Role::User).await;
    assert!(!w.app.settings(&carl).await.unwrap().client_access_enabled);
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let d = w.client(&bob, "Owner only").await;
    w.app
        .grant(&bob, d, Subject::User(dora.user_id), false, None)
        .await
        .unwrap();
    assert!(!w.opens(&carl, d).await);
    // Off: every active staff member opens every client.
    w.settings(false, false, false).await;
    assert!(w.opens(&carl, d).await);
    let answer = w
        .app
        .check(&carl, carl.user_id, d, casegate_app::CheckAction::View)
        .await
        .unwrap();
    assert_eq!(answer.reasons, vec![Reason::AccessControlOff]);
    // The shares are kept, not enforced.
    let history = w.app.access_history(&carl, d).await.unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].revoked_at.is_none());
    // An inactive user opens nothing (A22 still applies).
    w.deactivate(dora.user_id).await;
    assert!(matches!(
        w.app.client(&dora, d).await,
        Err(AppError::Unauthenticated)
    ));
}

#[tokio::test]
async fn a2_switching_on_changes_nobodys_access() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let clients = [w.client(&bob, "One").await, w.client(&bob, "Two").await];
    for c in clients {
        assert!(w.opens(&carl, c).await);
    }
    w.settings(true, false, false).await;
    for c in clients {
        assert!(
            w.opens(&carl, c).await,
            "carl lost access when A1 was switched on"
        );
        let history = w.app.access_history(&w.admin, c).await.unwrap();
        let company: Vec<_> = history
            .iter()
            .filter(|h| h.subject.subject == Subject::Company)
            .collect();
        assert_eq!(company.len(), 1);
        assert_eq!(company[0].granted_how, How::SettingEnabled);
        assert_eq!(company[0].granted_by.as_ref().unwrap().id, w.admin.user_id);
    }
    // Off again keeps the shares; on again adds none.
    w.settings(false, false, false).await;
    w.settings(true, false, false).await;
    for c in clients {
        let history = w.app.access_history(&w.admin, c).await.unwrap();
        assert_eq!(history.len(), 1);
        assert!(history[0].revoked_at.is_none());
    }
}

#[tokio::test]
async fn a2_switching_off_and_on_again_keeps_restrictions_for_later() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    let restricted = w.client(&bob, "Restricted later").await;
    let open = w.client(&bob, "Stays open").await;
    // The owner restricts one client while A1 is on.
    w.app
        .revoke(&w.admin, restricted, Subject::Company)
        .await
        .unwrap();
    assert!(!w.opens(&carl, restricted).await);
    // Off: everyone opens everything; on again: the restriction is back, the
    // open client stays open, and no new share was written.
    w.settings(false, false, false).await;
    assert!(w.opens(&carl, restricted).await);
    w.settings(true, false, false).await;
    assert!(!w.opens(&carl, restricted).await);
    assert!(w.opens(&carl, open).await);
    let history = w.app.access_history(&w.admin, restricted).await.unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].revoked_at.is_some());
}

#[tokio::test]
async fn a3_access_requests_are_off_by_default_and_admins_switch_them() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::Manager).await;
    let settings = w.app.settings(&bob).await.unwrap();
    assert!(!settings.allow_access_requests && !settings.allow_sharing);
    assert_eq!(settings.new_client_access, NewClientAccess::Company);
    let patch = SettingsPatch {
        allow_access_requests: Some(true),
        ..SettingsPatch::default()
    };
    assert!(matches!(
        w.app.update_settings(&bob, patch.clone()).await,
        Err(AppError::Forbidden(_))
    ));
    let written = w.app.update_settings(&w.admin, patch).await.unwrap();
    assert!(written.value.allow_access_requests);
    assert_eq!(w.app.revision(), written.revision);
}

#[tokio::test]
async fn a4_sharing_option_decides_who_may_share() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    let c = w.client(&owner, "File").await;
    // Company share: bob has access, but sharing is off.
    assert!(w.opens(&bob, c).await);
    assert!(matches!(
        w.app
            .grant(&bob, c, Subject::User(carl.user_id), false, None)
            .await,
        Err(AppError::Forbidden(_))
    ));
    // The owner and admins may.
    w.app
        .grant(&owner, c, Subject::User(carl.user_id), false, None)
        .await
        .unwrap();
    w.settings(true, false, true).await;
    let g = w
        .app
        .grant(&bob, c, Subject::User(owner.user_id), false, None)
        .await
        .unwrap();
    assert!(g.value.created);
    // With A4 on, whoever lacks access still may not.
    w.app.revoke(&w.admin, c, Subject::Company).await.unwrap();
    assert!(matches!(
        w.app.grant(&bob, c, Subject::Company, false, None).await,
        Err(AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn a5_new_clients_start_with_the_configured_share() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    let shared = w.client(&bob, "Shared").await;
    assert!(w.opens(&carl, shared).await);
    let history = w.app.access_history(&bob, shared).await.unwrap();
    assert_eq!(history[0].granted_how, How::ClientCreated);
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let private = w.client(&bob, "Private").await;
    assert!(w.opens(&bob, private).await);
    assert!(!w.opens(&carl, private).await);
    assert!(
        w.app
            .access_history(&bob, private)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a6_admin_like_roles_open_every_client() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let admin = w.user("Alan", Role::Admin).await;
    let manager = w.user("Mia", Role::Manager).await;
    let marketing = w.user("Max", Role::Marketing).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&bob, "Private").await;
    for who in [&w.admin, &admin, &manager] {
        assert!(w.opens(who, c).await);
    }
    assert!(!w.opens(&marketing, c).await);
}

#[tokio::test]
async fn a7_share_all_clients_opens_every_client() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&bob, "Private").await;
    assert!(!w.opens(&carl, c).await);
    let patch = UserPatch {
        share_all_clients: Some(true),
        ..UserPatch::default()
    };
    w.app
        .update_user(&w.admin, carl.user_id, patch)
        .await
        .unwrap();
    assert!(w.opens(&carl, c).await);
}

#[tokio::test]
async fn a8_the_owner_opens_their_client() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&bob, "Mine").await;
    assert!(w.opens(&bob, c).await);
    w.app.transfer_owner(&bob, c, carl.user_id).await.unwrap();
    assert!(w.opens(&carl, c).await);
    assert!(!w.opens(&bob, c).await);
}

#[tokio::test]
async fn a9_a_direct_share_opens_the_client() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&bob, "Mine").await;
    let granted = w
        .app
        .grant(&bob, c, Subject::User(carl.user_id), false, None)
        .await
        .unwrap();
    assert!(granted.value.created);
    assert!(w.opens(&carl, c).await);
    // Granting again changes nothing.
    let again = w
        .app
        .grant(&bob, c, Subject::User(carl.user_id), false, None)
        .await
        .unwrap();
    assert!(!again.value.created);
    assert_eq!(w.app.access_history(&bob, c).await.unwrap().len(), 1);
}

#[tokio::test]
async fn a10_a_group_share_opens_the_client_to_members() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    let dora = w.user("Dora", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let g = w.group("Team", &[carl.user_id]).await;
    let c = w.client(&bob, "Mine").await;
    w.app
        .grant(&bob, c, Subject::Group(g), false, None)
        .await
        .unwrap();
    assert!(w.opens(&carl, c).await);
    assert!(!w.opens(&dora, c).await);
    w.app.add_member(&w.admin, g, dora.user_id).await.unwrap();
    assert!(w.opens(&dora, c).await);
}

#[tokio::test]
async fn a11_a_company_share_opens_the_client_to_all_staff() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&bob, "Mine").await;
    let later = w.user("Later", Role::User).await;
    assert!(!w.opens(&later, c).await);
    w.app
        .grant(&bob, c, Subject::Company, false, None)
        .await
        .unwrap();
    assert!(w.opens(&later, c).await);
}

#[tokio::test]
async fn a12_locked_clients_are_listed_but_not_opened() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    w.settings(true, true, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let c = w.client(&bob, "Secret file").await;
    let open = w.client(&carl, "Carl's file").await;
    let list = w.app.clients(&carl, None, None, 50).await.unwrap();
    let names: Vec<_> = list
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.locked))
        .collect();
    assert_eq!(names, vec![("Carl's file", false), ("Secret file", true)]);
    let filtered = w
        .app
        .clients(&carl, Some("secret"), None, 50)
        .await
        .unwrap();
    assert_eq!(filtered.items.len(), 1);
    assert!(matches!(
        w.app.client(&carl, c).await,
        Err(AppError::AccessDenied { can_request: true })
    ));
    assert!(matches!(
        w.app.access_history(&carl, c).await,
        Err(AppError::AccessDenied { .. })
    ));
    assert!(matches!(
        w.app.client_users(&carl, c, None, 10).await,
        Err(AppError::AccessDenied { .. })
    ));
    assert!(w.opens(&carl, open).await);
    // The panel opens without access.
    assert!(!w.app.access_panel(&carl, c).await.unwrap().has_access);
}

#[tokio::test]
async fn a13_panel_shows_more_with_access_than_without() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let outsider = w.user("Zed", Role::User).await;
    w.settings(true, true, false).await;
    let g = w.group("Team", &[bob.user_id]).await;
    let c = w.client(&owner, "File").await;
    w.app
        .grant(&owner, c, Subject::Group(g), false, None)
        .await
        .unwrap();
    w.app
        .grant(&owner, c, Subject::User(bob.user_id), false, None)
        .await
        .unwrap();

    let full = w.app.access_panel(&bob, c).await.unwrap();
    assert!(full.has_access && !full.can_request);
    let kinds: Vec<_> = full
        .entries
        .iter()
        .map(|e| e.subject.subject.kind())
        .collect();
    assert_eq!(kinds, vec!["user", "user", "group", "company"]);
    assert!(full.entries[0].owner && full.entries[0].subject.name == "Olga");
    assert_eq!(full.entries[1].granted_by.as_ref().unwrap().name, "Olga");
    let members = full.entries[2].members.as_ref().unwrap();
    assert_eq!(members[0].name, "Bob");
    assert_eq!(full.entries[3].subject.name, "Acme");

    w.app.revoke(&owner, c, Subject::Company).await.unwrap();
    let limited = w.app.access_panel(&outsider, c).await.unwrap();
    assert!(!limited.has_access && limited.can_request && !limited.can_share);
    let kinds: Vec<_> = limited
        .entries
        .iter()
        .map(|e| e.subject.subject.kind())
        .collect();
    assert_eq!(kinds, vec!["user", "user", "group"]);
    for e in &limited.entries {
        assert!(e.granted_by.is_none() && e.granted_at.is_none() && e.members.is_none());
    }
    assert_eq!(limited.entries[2].subject.name, "Team");
}

#[tokio::test]
async fn x10_a_restricted_client_ignores_company_shares_and_share_all() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let manager = w.user("Mia", Role::Manager).await;
    w.settings(true, false, false).await;
    let c = w.client(&owner, "Walled").await;
    assert!(w.opens(&bob, c).await);
    assert!(matches!(
        w.app
            .update_client(
                &owner,
                c,
                casegate_app::ClientPatch {
                    restricted: Some(true),
                    ..Default::default()
                }
            )
            .await,
        Err(AppError::Forbidden(_))
    ));
    w.restrict(c).await;
    assert!(!w.opens(&bob, c).await);
    assert!(w.opens(&owner, c).await && w.opens(&manager, c).await);
    w.app
        .grant(&owner, c, Subject::User(bob.user_id), false, None)
        .await
        .unwrap();
    assert!(w.opens(&bob, c).await);
}
