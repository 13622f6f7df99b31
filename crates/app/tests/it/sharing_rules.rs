//! Issue 9, sharing: what a removal would take away, asked before it (A19);
//! what switching client access would change (A1, A2); "notify by email"
//! when granting (A4); and the history keeping the names of what is gone
//! (C5, A20, A22).

use casegate_app::{AccessSwitch, AppError, Standing};
use casegate_core::{How, Language, NewClientAccess, Role, Subject};

use crate::support::{World, fields, to, written};

#[tokio::test]
async fn a19_removing_a_share_reports_who_loses_access_and_changes_nothing_until_confirmed() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    let dora = w.user("Dora", Role::User).await;
    w.settings(true, false, false).await;
    let team = w.group("Team", &[bob.user_id, carl.user_id]).await;
    let c = w.client(&owner, "File").await;
    w.app
        .grant(&owner, c, Subject::Group(team), false, None)
        .await
        .unwrap();
    w.app
        .grant(&owner, c, Subject::User(carl.user_id), false, None)
        .await
        .unwrap();

    // The whole-company share (A5 `company`) reaches Dora alone: everyone
    // else has another way in.
    let before = w.app.revision();
    let company = w
        .app
        .revoke_impact(&owner, c, Subject::Company, 20)
        .await
        .unwrap();
    assert_eq!(company.subject.name, "Acme");
    assert_eq!(company.total, 1);
    assert_eq!(company.losing[0].name, "Dora");
    // The group: nobody while the whole company has it too.
    let group = w
        .app
        .revoke_impact(&owner, c, Subject::Group(team), 20)
        .await
        .unwrap();
    assert_eq!(group.subject.name, "Team");
    assert_eq!((group.total, group.losing.len()), (0, 0));
    // A limit keeps the list short and the total whole.
    let short = w
        .app
        .revoke_impact(&w.admin, c, Subject::Company, 0)
        .await
        .unwrap();
    assert_eq!((short.losing.len(), short.total), (0, 1));

    assert_eq!(w.app.revision(), before, "asking changes nothing");
    assert!(w.opens(&dora, c).await && w.opens(&bob, c).await);
    w.app.revoke(&owner, c, Subject::Company).await.unwrap();
    assert!(!w.opens(&dora, c).await, "the removal takes what was said");
    assert!(w.opens(&bob, c).await && w.opens(&carl, c).await);

    // Now the group: Bob only (Carl has a direct share).
    let group = w
        .app
        .revoke_impact(&owner, c, Subject::Group(team), 20)
        .await
        .unwrap();
    let names: Vec<&str> = group.losing.iter().map(|n| n.name.as_str()).collect();
    assert_eq!((names, group.total), (vec!["Bob"], 1));
    // Carl's direct share: nobody (the group still lets him in).
    let direct = w
        .app
        .revoke_impact(&owner, c, Subject::User(carl.user_id), 20)
        .await
        .unwrap();
    assert_eq!((direct.total, direct.losing.len()), (0, 0));
}

#[tokio::test]
async fn a19_the_impact_is_refused_as_the_removal_would_be() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, false, false).await;
    let c = w.client(&owner, "File").await;
    w.app
        .grant(&owner, c, Subject::User(bob.user_id), false, None)
        .await
        .unwrap();
    // A4 off: Bob can open it but may not remove its shares.
    assert!(matches!(
        w.app.revoke_impact(&bob, c, Subject::Company, 20).await,
        Err(AppError::Forbidden(_))
    ));
    // The owner is not a share.
    let owner_line = w
        .app
        .revoke_impact(&w.admin, c, Subject::User(owner.user_id), 20)
        .await
        .unwrap_err();
    assert_eq!(fields(owner_line), vec!["subject"]);
    // Nothing shared with the admin: nothing to remove.
    assert!(matches!(
        w.app
            .revoke_impact(&w.admin, c, Subject::User(w.admin.user_id), 20)
            .await,
        Err(AppError::NotFound)
    ));
    let other = w.other_company("Globex").await;
    assert!(matches!(
        w.app.revoke_impact(&other, c, Subject::Company, 20).await,
        Err(AppError::NotFound)
    ));
}

#[tokio::test]
async fn a2_switching_client_access_on_is_counted_before_and_gives_those_clients_a_company_share() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    w.user("Bob", Role::User).await;
    let one = w.client(&owner, "One").await;
    w.client(&owner, "Two").await;
    let walled = w.client(&owner, "Walled").await;
    w.restrict(walled).await;
    // Managed during an earlier on-period: One was kept to its owner.
    w.settings(true, false, false).await;
    w.app.revoke(&w.admin, one, Subject::Company).await.unwrap();
    assert_eq!(
        w.app.client_access_impact(&w.admin, true).await.unwrap(),
        AccessSwitch::Unchanged
    );
    match w.app.client_access_impact(&w.admin, false).await.unwrap() {
        AccessSwitch::Off {
            clients,
            people,
            restricted,
        } => assert_eq!((clients, people, restricted), (2, 3, 1)),
        other => panic!("expected the switch-off count, got {other:?}"),
    }
    w.settings(false, false, false).await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let three = w.client(&owner, "Three").await;
    let before_on = w.app.revision();
    match w.app.client_access_impact(&w.admin, true).await.unwrap() {
        // Three is new; One keeps the shares it had (its owner only).
        AccessSwitch::On {
            company_shares,
            kept,
        } => assert_eq!((company_shares, kept), (1, 1)),
        other => panic!("expected the switch-on count, got {other:?}"),
    }
    assert_eq!(w.app.revision(), before_on, "asking changes nothing");
    w.settings(true, false, false).await;
    let shares = w.app.access_history(&w.admin, three).await.unwrap();
    assert_eq!(shares.len(), 1, "{shares:?}");
    assert_eq!(shares[0].subject.subject, Subject::Company);
    assert_eq!(shares[0].granted_how, How::SettingEnabled);
    assert!(w.app.access_history(&w.admin, one).await.unwrap().len() == 1);
    let refused = w.app.client_access_impact(&owner, false).await.unwrap_err();
    assert!(matches!(refused, AppError::Forbidden(_)), "admins only");
}

#[tokio::test]
async fn a4_notify_emails_the_person_in_their_language_with_the_message_and_a_link() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.app.set_my_language(&bob, Language::Fr).await.unwrap();
    w.settings(true, false, false).await;
    let c = w.client(&owner, "Initech").await;
    written(&w).await;

    let granted = w
        .app
        .grant(
            &owner,
            c,
            Subject::User(bob.user_id),
            true,
            Some("Peux-tu relire le dossier ?".to_owned()),
        )
        .await
        .unwrap();
    assert!(granted.value.created);
    assert_eq!(granted.value.notified, 1);
    let mails = written(&w).await;
    let mail = to(&mails, "bob");
    assert_eq!(mail.subject, "Olga a partagé Initech avec vous");
    assert!(
        mail.body_text
            .contains("Olga a partagé le dossier client Initech avec vous.")
    );
    assert!(mail.body_text.contains("> Peux-tu relire le dossier ?"));
    assert!(
        mail.body_text
            .contains(&format!("http://casegate.test/clients/{c}"))
    );
    assert_eq!(mails.len(), 1, "nobody else: {mails:?}");

    // Granted again: the share exists, nothing is sent twice.
    let again = w
        .app
        .grant(&owner, c, Subject::User(bob.user_id), true, None)
        .await
        .unwrap();
    assert!(!again.value.created);
    assert_eq!(again.value.notified, 0);
    assert!(written(&w).await.is_empty());
}

#[tokio::test]
async fn a4_notify_a_group_emails_each_active_member_but_the_sharer() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let carl = w.user("Carl", Role::User).await;
    let gone = w.user("Gus", Role::User).await;
    w.app.set_my_language(&carl, Language::Da).await.unwrap();
    w.settings(true, false, false).await;
    let team = w
        .group(
            "Audit",
            &[owner.user_id, bob.user_id, carl.user_id, gone.user_id],
        )
        .await;
    w.deactivate(gone.user_id).await;
    let c = w.client(&owner, "Initech").await;
    written(&w).await;

    let granted = w
        .app
        .grant(&owner, c, Subject::Group(team), true, None)
        .await
        .unwrap();
    assert_eq!(granted.value.notified, 2);
    let mails = written(&w).await;
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(
        to(&mails, "bob")
            .body_text
            .contains("Olga shared the client Initech with the group Audit")
    );
    assert_eq!(to(&mails, "carl").subject, "Olga har delt Initech med dig");
    // B8: the email never carries the client's contact fields.
    assert!(mails.iter().all(|m| !m.body_text.contains('@')));
}

#[tokio::test]
async fn a4_notify_is_for_people_and_groups_and_a_message_needs_it() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, false, false).await;
    let c = w.client(&owner, "Initech").await;
    let before = w.app.revision();
    let company = w
        .app
        .grant(&owner, c, Subject::Company, true, None)
        .await
        .unwrap_err();
    assert_eq!(fields(company), vec!["notify"]);
    let silent = w
        .app
        .grant(
            &owner,
            c,
            Subject::User(bob.user_id),
            false,
            Some("hello".to_owned()),
        )
        .await
        .unwrap_err();
    assert_eq!(fields(silent), vec!["message"]);
    let long = w
        .app
        .grant(
            &owner,
            c,
            Subject::User(bob.user_id),
            true,
            Some("x".repeat(2001)),
        )
        .await
        .unwrap_err();
    assert_eq!(fields(long), vec!["message"]);
    assert_eq!(w.app.revision(), before, "nothing was granted");
    assert!(!w.opens(&bob, c).await);
}

#[tokio::test]
async fn c5_the_history_keeps_the_names_of_deleted_groups_and_deactivated_people() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, false, false).await;
    let team = w.group("Audit team", &[bob.user_id]).await;
    let c = w.client(&owner, "Initech").await;
    w.app
        .grant(&owner, c, Subject::Group(team), false, None)
        .await
        .unwrap();
    w.app
        .grant(&owner, c, Subject::User(bob.user_id), false, None)
        .await
        .unwrap();
    w.app.delete_group(&w.admin, team, true).await.unwrap();
    w.deactivate(bob.user_id).await;

    let history = w.app.access_history(&owner, c).await.unwrap();
    let group = history
        .iter()
        .find(|r| r.subject.subject == Subject::Group(team))
        .unwrap();
    assert_eq!(group.subject.name, "Audit team");
    assert_eq!(group.subject.standing, Standing::Deleted);
    let person = history
        .iter()
        .find(|r| r.subject.subject == Subject::User(bob.user_id))
        .unwrap();
    assert_eq!(person.subject.name, "Bob");
    assert_eq!(person.subject.standing, Standing::Deactivated);
    let olga = person.granted_by.as_ref().unwrap();
    assert_eq!(
        (olga.name.as_str(), olga.standing),
        ("Olga", Standing::Current)
    );
    // The panel marks Bob's open share too.
    let panel = w.app.access_panel(&owner, c).await.unwrap();
    let line = panel
        .entries
        .iter()
        .find(|l| l.subject.subject == Subject::User(bob.user_id))
        .unwrap();
    assert_eq!(line.subject.standing, Standing::Deactivated);
}

#[tokio::test]
async fn a14_a_deleted_client_keeps_its_name_in_the_requests() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    let owner = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    w.settings(true, true, false).await;
    let c = w.client(&owner, "Initech").await;
    w.app.request_access(&bob, c, None).await.unwrap();
    w.app.delete_client(&w.admin, c).await.unwrap();
    let mine = w
        .app
        .access_requests(&bob, Default::default(), None, 10)
        .await
        .unwrap();
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].client_name, "Initech");
    assert_eq!(mine.items[0].client_standing, Standing::Deleted);
}
