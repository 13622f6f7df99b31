//! Rule tests: each proves one SPEC.md rule as index behaviour, named after it.

use super::testkit::World;
use super::{Panel, PanelEntry, Reason};
use crate::model::{Role, Subject};

#[test]
fn a1_off_opens_every_client_to_active_staff() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let c = w.client("Acme", owner);
    assert!(!w.opens(bob, c));
    w.settings(|s| s.client_access_enabled = false);
    assert!(w.opens(bob, c));
    assert_eq!(w.ci().check(bob, c).reasons, vec![Reason::AccessControlOff]);
    assert_eq!(w.all_clients_for(bob), vec![c]);
    assert_eq!(w.all_users_for(c), vec![bob, owner]);
}

#[test]
fn a1_off_keeps_shares_for_a_later_switch_on() {
    let mut w = World::new();
    w.settings(|s| s.client_access_enabled = false);
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let c = w.client("Acme", owner);
    let share = w.share(c, Subject::User(bob));
    assert!(w.opens(eve, c));
    assert_eq!(w.ci().open_shares(c).len(), 1);
    w.settings(|s| s.client_access_enabled = true);
    assert!(w.opens(bob, c));
    assert!(!w.opens(eve, c));
    assert!(matches!(
        w.ci().check(bob, c).reasons.as_slice(),
        [Reason::DirectShare { share_id, .. }] if *share_id == share
    ));
}

#[test]
fn a4_off_only_admin_like_roles_and_the_owner_may_share() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::Contributor);
    let manager = w.user("Mia", Role::Manager);
    let c = w.client("Acme", owner);
    w.share(c, Subject::User(bob));
    assert!(w.opens(bob, c));
    assert_eq!(
        w.ci().can_share(bob, c).reasons,
        vec![Reason::SharingRestricted]
    );
    assert_eq!(w.ci().can_share(owner, c).reasons, vec![Reason::Owner]);
    assert!(w.ci().can_share(manager, c).allowed);
}

#[test]
fn a4_on_everyone_with_access_may_share() {
    let mut w = World::new();
    w.settings(|s| s.allow_sharing = true);
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let c = w.client("Acme", owner);
    w.share(c, Subject::User(bob));
    assert!(w.ci().can_share(bob, c).allowed);
    assert!(!w.ci().can_share(eve, c).allowed);
    assert_eq!(w.ci().can_share(eve, c).reasons, vec![Reason::NoAccess]);
}

#[test]
fn a6_admins_open_every_client() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let c = w.client("Acme", owner);
    for role in [Role::PrimaryAdmin, Role::Admin, Role::Manager] {
        let u = w.user("Adm", role);
        assert!(w.opens(u, c));
        assert_eq!(w.ci().check(u, c).reasons, vec![Reason::Role { role }]);
    }
    for role in [Role::Marketing, Role::Contributor, Role::User] {
        let u = w.user("Staff", role);
        assert!(!w.opens(u, c));
        assert_eq!(w.ci().check(u, c).reasons, vec![Reason::NoAccess]);
    }
}

#[test]
fn a7_share_all_opens_every_client() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let s = w.user("Sam", Role::User);
    let c1 = w.client("One", owner);
    let c2 = w.client("Two", owner);
    w.edit_user(s, |u| u.share_all_clients = true);
    assert!(w.opens(s, c1) && w.opens(s, c2));
    assert_eq!(w.ci().check(s, c1).reasons, vec![Reason::ShareAll]);
    assert_eq!(w.all_clients_for(s), vec![c1, c2]);
    w.edit_user(s, |u| u.share_all_clients = false);
    assert!(!w.opens(s, c1));
}

#[test]
fn a8_owner_opens_own_client_and_transfer_moves_it() {
    let mut w = World::new();
    let olga = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let c = w.client("Acme", olga);
    assert_eq!(w.ci().check(olga, c).reasons, vec![Reason::Owner]);
    w.edit_client(c, |cl| cl.owner_id = bob);
    assert!(!w.opens(olga, c));
    assert!(w.opens(bob, c));
    assert_eq!(w.ci().client_owner(c), Some(bob));
}

#[test]
fn a9_direct_share_opens_for_that_user_only() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Admin);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let c = w.client("Acme", owner);
    let share = w.share_by(c, Subject::User(bob), Some(admin));
    assert!(w.opens(bob, c));
    assert!(!w.opens(eve, c));
    match w.ci().check(bob, c).reasons.as_slice() {
        [
            Reason::DirectShare {
                share_id,
                granted_by,
                ..
            },
        ] => {
            assert_eq!((*share_id, *granted_by), (share, Some(admin)));
        }
        other => panic!("unexpected reasons {other:?}"),
    }
}

#[test]
fn a10_group_share_opens_for_members() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let g = w.group("Auditors", &[bob]);
    let c = w.client("Acme", owner);
    w.share(c, Subject::Group(g));
    assert!(w.opens(bob, c));
    assert!(!w.opens(eve, c));
    assert!(matches!(
        w.ci().check(bob, c).reasons.as_slice(),
        [Reason::GroupShare { group_name, .. }] if group_name == "Auditors"
    ));
    w.add_member(g, eve);
    assert!(w.opens(eve, c));
    assert_eq!(w.all_users_for(c), vec![bob, eve, owner]);
}

#[test]
fn a11_company_share_opens_for_everyone() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let c = w.client("Acme", owner);
    let s = w.share(c, Subject::Company);
    assert!(w.opens(bob, c));
    assert!(matches!(
        w.ci().check(bob, c).reasons.as_slice(),
        [Reason::CompanyShare { .. }]
    ));
    assert_eq!(w.all_users_for(c), vec![bob, owner]);
    w.revoke(c, s);
    assert!(!w.opens(bob, c));
}

#[test]
fn a12_the_list_shows_every_client_with_locks() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let open = w.client("Beta Holdings", owner);
    let locked = w.client("Alpha Partners", owner);
    w.share(open, Subject::User(bob));
    let page = w.ci().client_list(bob, None, None, 10);
    let rows: Vec<_> = page
        .items
        .iter()
        .map(|i| (i.id, i.locked, i.owner_id))
        .collect();
    assert_eq!(rows, vec![(locked, true, owner), (open, false, owner)]);
    let found = w.ci().client_list(bob, Some("HOLD"), None, 10);
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].name, "Beta Holdings");
    let first = w.ci().client_list(bob, None, None, 1);
    let second = w.ci().client_list(bob, None, first.next.as_ref(), 1);
    assert_eq!((first.items[0].id, second.items[0].id), (locked, open));
    assert!(second.next.is_none());
}

fn subjects(panel: &Panel) -> Vec<Subject> {
    panel.entries.iter().map(|e| e.subject).collect()
}

#[test]
fn a13_panel_with_access_shows_every_share_in_order() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Admin);
    let zed = w.user("Zed", Role::User);
    let bob = w.user("Bob", Role::User);
    let inactive = w.user("Ina", Role::User);
    let g2 = w.group("Zulu team", &[zed]);
    let g1 = w.group("Alpha team", &[zed, bob, inactive]);
    w.edit_user(inactive, |u| u.active = false);
    let c = w.client("Acme", owner);
    w.share_by(c, Subject::Company, Some(admin));
    w.share_by(c, Subject::Group(g2), Some(admin));
    w.share_by(c, Subject::User(zed), Some(admin));
    w.share_by(c, Subject::Group(g1), Some(admin));
    w.share_by(c, Subject::User(bob), Some(admin));
    let panel = w.ci().panel(admin, c).unwrap();
    assert!(panel.viewer_has_access && panel.can_share);
    assert_eq!(
        subjects(&panel),
        vec![
            Subject::User(owner),
            Subject::User(bob),
            Subject::User(zed),
            Subject::Group(g1),
            Subject::Group(g2),
            Subject::Company,
        ]
    );
    assert!(panel.entries[0].owner && panel.entries[0].granted_by.is_none());
    assert!(
        panel.entries[1..]
            .iter()
            .all(|e| e.granted_by == Some(admin) && e.granted_at.is_some())
    );
    assert_eq!(panel.entries[3].members, Some(vec![bob, zed]));
}

#[test]
fn a13_requester_sees_groups_without_members() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Admin);
    let bob = w.user("Bob", Role::User);
    let req = w.user("Rita", Role::User);
    let g = w.group("Auditors", &[bob]);
    let c = w.client_with("Acme", owner, true);
    w.share_by(c, Subject::Company, Some(admin));
    w.share_by(c, Subject::Group(g), Some(admin));
    w.share_by(c, Subject::User(bob), Some(admin));
    let panel = w.ci().panel(req, c).unwrap();
    assert!(!panel.viewer_has_access && !panel.can_share);
    assert_eq!(
        panel.entries,
        vec![
            PanelEntry {
                subject: Subject::User(owner),
                owner: true,
                granted_by: None,
                granted_at: None,
                members: None
            },
            PanelEntry {
                subject: Subject::User(bob),
                owner: false,
                granted_by: None,
                granted_at: None,
                members: None
            },
            PanelEntry {
                subject: Subject::Group(g),
                owner: false,
                granted_by: None,
                granted_at: None,
                members: None
            },
        ]
    );
}

#[test]
fn a15_grantors_follow_a4() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Admin);
    let manager = w.user("Mia", Role::Manager);
    let gone = w.user("Gus", Role::Admin);
    let bob = w.user("Bob", Role::User);
    w.edit_user(gone, |u| u.active = false);
    let c = w.client("Acme", owner);
    w.share(c, Subject::User(bob));
    assert_eq!(w.ci().grantors(c), vec![admin, manager, owner]);
    w.settings(|s| s.allow_sharing = true);
    assert_eq!(w.ci().grantors(c), vec![admin, bob, manager, owner]);
    w.edit_user(owner, |u| u.active = false);
    assert_eq!(w.ci().grantors(c), vec![admin, bob, manager]);
}

#[test]
fn a19_removing_any_share_removes_its_access() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let g = w.group("Auditors", &[bob]);
    let c = w.client("Acme", owner);
    let direct = w.share(c, Subject::User(bob));
    let group = w.share(c, Subject::Group(g));
    w.revoke(c, direct);
    assert!(w.opens(bob, c), "still through the group");
    w.revoke(c, group);
    assert!(!w.opens(bob, c));
    assert!(w.opens(owner, c), "the owner is not a share");
    assert!(w.ci().open_shares(c).is_empty());
}

#[test]
fn a19_removing_a_share_reports_who_loses_access_and_changes_nothing() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Admin);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let dan = w.user("Dan", Role::User);
    let g = w.group("Auditors", &[bob, eve, dan]);
    let c = w.client("Acme", owner);
    w.share(c, Subject::Group(g));
    w.share(c, Subject::User(dan));
    let rev = w.index.revision();
    // Bob and Eve only through the group, by name; Dan directly too; the
    // owner and the admin in their own right.
    assert_eq!(
        w.ci().lose_access_if_revoked(c, Subject::Group(g)),
        vec![bob, eve]
    );
    assert_eq!(
        w.ci().lose_access_if_revoked(c, Subject::User(dan)),
        Vec::new()
    );
    assert_eq!(w.index.revision(), rev, "asking changes nothing");
    assert!(w.opens(bob, c) && w.opens(eve, c));
    // Not shared: removing it would take nothing away.
    assert!(
        w.ci()
            .lose_access_if_revoked(c, Subject::User(bob))
            .is_empty()
    );
    assert!(
        w.ci()
            .lose_access_if_revoked(c, Subject::User(owner))
            .is_empty()
    );
    assert!(
        w.ci()
            .lose_access_if_revoked(c, Subject::User(admin))
            .is_empty()
    );
}

#[test]
fn a19_removing_the_whole_company_share_locks_out_everyone_without_another_way() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Manager);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let gone = w.user("Gus", Role::User);
    w.edit_user(gone, |u| u.active = false);
    let c = w.client("Acme", owner);
    w.share(c, Subject::Company);
    w.share(c, Subject::User(eve));
    assert_eq!(
        w.ci().lose_access_if_revoked(c, Subject::Company),
        vec![bob]
    );
    assert!(
        w.opens(admin, c) && w.opens(owner, c),
        "roles and the owner are not shares"
    );
    // A1 off: the shares are not enforced, nobody loses anything.
    w.settings(|s| s.client_access_enabled = false);
    assert!(
        w.ci()
            .lose_access_if_revoked(c, Subject::Company)
            .is_empty()
    );
    // X10: a whole-company share does not reach a restricted client.
    w.settings(|s| s.client_access_enabled = true);
    w.edit_client(c, |client| client.restricted = true);
    assert!(
        w.ci()
            .lose_access_if_revoked(c, Subject::Company)
            .is_empty()
    );
    assert!(w.ci().is_restricted(c));
    w.delete_client(c);
    assert!(
        w.ci()
            .lose_access_if_revoked(c, Subject::User(eve))
            .is_empty()
    );
    assert!(!w.ci().is_restricted(c));
}

#[test]
fn a1_the_census_counts_active_staff_and_live_clients() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    w.client("One", owner);
    let two = w.client_with("Two", owner, true);
    let three = w.client("Three", owner);
    w.delete_client(three);
    w.edit_user(bob, |u| u.active = false);
    let census = w.ci().census();
    assert_eq!(
        (
            census.active_users,
            census.live_clients,
            census.restricted_clients
        ),
        (1, 2, 1)
    );
    w.edit_client(two, |c| c.restricted = false);
    assert_eq!(w.ci().census().restricted_clients, 0);
}

#[test]
fn a20_deleting_a_group_revokes_its_shares_and_reports_the_impact() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let also_direct = w.user("Dan", Role::User);
    let g = w.group("Auditors", &[bob, eve, also_direct]);
    let c1 = w.client("One", owner);
    let c2 = w.client("Two", owner);
    w.share(c1, Subject::Group(g));
    w.share(c2, Subject::Group(g));
    w.share(c1, Subject::User(also_direct));
    w.share(c2, Subject::User(also_direct));
    w.share(c2, Subject::User(eve));
    assert_eq!(w.ci().group_deletion_impact(g), (2, 2));
    assert_eq!(w.ci().group_shares(g).len(), 2);
    w.delete_group(g);
    assert!(!w.ci().has_group(g));
    assert!(w.ci().group_name(g).is_none());
    assert!(!w.opens(bob, c1) && !w.opens(eve, c1) && w.opens(eve, c2));
    assert!(w.opens(also_direct, c1));
    assert!(
        w.ci()
            .open_shares(c1)
            .iter()
            .all(|s| s.subject != Subject::Group(g))
    );
    assert_eq!(w.ci().group_deletion_impact(g), (0, 0));
}

#[test]
fn a21_removing_member_removes_only_group_access() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let g = w.group("Auditors", &[bob]);
    let via_group = w.client("One", owner);
    let direct = w.client("Two", owner);
    let both = w.client("Three", owner);
    w.share(via_group, Subject::Group(g));
    w.share(both, Subject::Group(g));
    w.share(direct, Subject::User(bob));
    w.share(both, Subject::User(bob));
    w.remove_member(g, bob);
    assert!(!w.opens(bob, via_group));
    assert!(w.opens(bob, direct) && w.opens(bob, both));
    assert!(w.ci().group_members(g).is_empty());
}

#[test]
fn a22_inactive_users_never_have_access() {
    let mut w = World::new();
    let admin = w.user("Ada", Role::Admin);
    let c = w.client("Acme", admin);
    w.share(c, Subject::Company);
    w.edit_user(admin, |u| u.active = false);
    assert_eq!(w.ci().check(admin, c).reasons, vec![Reason::Inactive]);
    assert!(!w.opens(admin, c));
    assert!(w.all_clients_for(admin).is_empty());
    assert!(w.all_users_for(c).is_empty());
    assert!(w.ci().grantors(c).is_empty());
    assert!(!w.ci().can_share(admin, c).allowed);
    w.settings(|s| s.client_access_enabled = false);
    assert!(!w.opens(admin, c));
}

#[test]
fn x10_restricted_ignores_company_share() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let c = w.client_with("Wall", owner, true);
    w.share(c, Subject::Company);
    assert!(!w.opens(bob, c));
    assert_eq!(w.ci().check(bob, c).reasons, vec![Reason::Restricted]);
    assert_eq!(w.all_users_for(c), vec![owner]);
}

#[test]
fn x10_restricted_ignores_share_all_but_not_explicit_paths() {
    let mut w = World::new();
    let owner = w.user("Olga", Role::User);
    let admin = w.user("Ada", Role::Admin);
    let all = w.user("Sam", Role::User);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let g = w.group("Team", &[eve]);
    w.edit_user(all, |u| u.share_all_clients = true);
    let c = w.client_with("Wall", owner, true);
    w.share(c, Subject::User(bob));
    w.share(c, Subject::Group(g));
    assert!(!w.opens(all, c));
    assert!(w.opens(owner, c) && w.opens(admin, c) && w.opens(bob, c) && w.opens(eve, c));
    assert!(w.all_clients_for(all).is_empty());
    w.edit_client(c, |cl| cl.restricted = false);
    assert!(w.opens(all, c));
}

#[test]
fn x10_restricted_keeps_its_wall_while_a1_is_off() {
    let mut w = World::new();
    w.settings(|s| s.client_access_enabled = false);
    let owner = w.user("Olga", Role::User);
    let bob = w.user("Bob", Role::User);
    let eve = w.user("Eve", Role::User);
    let c = w.client_with("Wall", owner, true);
    let open = w.client("Open", owner);
    w.share(c, Subject::User(bob));
    assert!(w.opens(bob, c) && w.opens(owner, c));
    assert!(!w.opens(eve, c));
    assert_eq!(w.ci().check(eve, c).reasons, vec![Reason::Restricted]);
    assert_eq!(w.all_clients_for(eve), vec![open]);
    assert_eq!(w.all_clients_for(bob), vec![open, c]);
}

#[test]
fn deleted_clients_vanish_from_every_answer() {
    let mut w = World::new();
    let admin = w.user("Ada", Role::Admin);
    let c = w.client("Acme", admin);
    w.share(c, Subject::Company);
    w.delete_client(c);
    let ci = w.ci();
    assert!(!ci.has_client(c) && ci.client_name(c).is_none() && ci.client_owner(c).is_none());
    assert_eq!(ci.check(admin, c).reasons, vec![Reason::UnknownClient]);
    assert!(ci.panel(admin, c).is_none());
    assert!(ci.open_shares(c).is_empty() && ci.live_clients().is_empty());
    assert!(ci.client_list(admin, None, None, 10).items.is_empty());
    assert!(w.all_clients_for(admin).is_empty() && w.all_users_for(c).is_empty());
}

#[test]
fn c8_holdings_and_the_handover_plan_leave_out_what_the_successor_has() {
    let mut w = World::new();
    let lea = w.user("Lea", Role::User);
    let sam = w.user("Sam", Role::User);
    let owned_b = w.client("Beta", lea);
    let owned_a = w.client("Alpha", lea);
    let shared = w.client("Gamma", sam);
    let both = w.client("Delta", sam);
    w.share(shared, Subject::User(lea));
    w.share(both, Subject::User(lea));
    w.share(both, Subject::User(sam));
    let team = w.group("Team", &[lea]);
    let desk = w.group("Desk", &[lea, sam]);
    let gone = w.client("Gone", lea);
    w.delete_client(gone);

    let held = w.ci().holdings(lea);
    assert_eq!(held.owned, vec![owned_a, owned_b], "live clients, by name");
    assert_eq!(held.shared, vec![both, shared]);
    assert_eq!(held.groups, vec![desk, team]);

    let plan = w.ci().handover_plan(lea, sam);
    assert_eq!(plan.owned, vec![owned_a, owned_b]);
    assert_eq!(plan.shared, vec![shared], "Sam already has Delta");
    assert_eq!(plan.groups, vec![team], "Sam is already in Desk");
    assert_eq!(w.ci().handover_plan(lea, lea), super::Holdings::default());
    // Inactive users keep what they hold until it is handed over (X11).
    w.edit_user(lea, |u| u.active = false);
    assert_eq!(w.ci().holdings(lea), held);
}
