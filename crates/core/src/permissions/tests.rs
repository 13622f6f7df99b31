//! Part B's rules, one test per rule id (B1–B12), and the role × toggle ×
//! action matrix (`matrix`).

mod matrix;

use chrono::{TimeZone, Utc};

use super::*;
use crate::content::{Activity, ActivityKind, Document, DocumentVisibility};
use crate::ids::{ActivityId, ClientId, CompanyId, DocumentId, UserId};
use crate::model::{Language, Permissions, Role, Timestamp, User, View};

const COMPANY: CompanyId = CompanyId::from_u128(1);
const OTHER_COMPANY: CompanyId = CompanyId::from_u128(2);
const CLIENT: ClientId = ClientId::from_u128(100);

fn at() -> Timestamp {
    Utc.timestamp_opt(1_700_000_000, 0).unwrap()
}

/// An active staff member of `COMPANY` with the B3 defaults of `role`.
fn staff(id: u128, role: Role) -> User {
    User {
        id: UserId::from_u128(id),
        company_id: COMPANY,
        email: format!("{id}@example.com"),
        name: format!("staff {id}"),
        role,
        active: true,
        share_all_clients: false,
        permissions: Permissions::defaults_for(role),
        language: Language::En,
        created_at: at(),
    }
}

fn with(mut user: User, change: impl FnOnce(&mut Permissions)) -> User {
    change(&mut user.permissions);
    user
}

fn activity(kind: ActivityKind, assignee: UserId) -> Activity {
    Activity {
        id: ActivityId::from_u128(500),
        company_id: COMPANY,
        client_id: CLIENT,
        kind,
        summary: "call".into(),
        assignee_id: assignee,
        created_by: assignee,
        created_by_real: None,
        starts_at: None,
        amount_cents: None,
        currency: None,
        created_at: at(),
        updated_at: at(),
    }
}

fn document(visibility: DocumentVisibility, uploaded_by: UserId) -> Document {
    Document {
        id: DocumentId::from_u128(600),
        company_id: COMPANY,
        client_id: CLIENT,
        name: "contract.pdf".into(),
        content_type: "application/pdf".into(),
        size: 10,
        sha256: "00".into(),
        visibility,
        uploaded_by: crate::deal::Party::Staff(uploaded_by),
        created_at: at(),
    }
}

const KINDS: [ActivityKind; 4] = [
    ActivityKind::Conversation,
    ActivityKind::Appointment,
    ActivityKind::Payment,
    ActivityKind::Document,
];

#[test]
fn b1_only_the_primary_admin_changes_the_primary_admins_credentials() {
    let primary = staff(1, Role::PrimaryAdmin);
    let admin = staff(2, Role::Admin);
    let other_admin = staff(3, Role::Admin);
    let manager = staff(4, Role::Manager);
    assert!(may_change_credentials(&primary, &primary));
    assert!(!may_change_credentials(&admin, &primary));
    assert!(may_change_credentials(&admin, &other_admin));
    assert!(may_change_credentials(&primary, &admin));
    assert!(!may_change_credentials(&manager, &staff(5, Role::User)));
    let mut foreign = staff(6, Role::User);
    foreign.company_id = OTHER_COMPANY;
    assert!(!may_change_credentials(&primary, &foreign));
}

#[test]
fn c8_the_leaver_or_staff_admins_hand_over_the_primary_admin_s_only_by_themself() {
    let primary = staff(1, Role::PrimaryAdmin);
    let admin = staff(2, Role::Admin);
    let manager = staff(3, Role::Manager);
    let user = staff(4, Role::User);
    assert!(may_hand_over(&user, &user), "the leaver themself");
    assert!(may_hand_over(&admin, &user));
    assert!(may_hand_over(&primary, &admin));
    assert!(may_hand_over(&primary, &primary));
    assert!(!may_hand_over(&admin, &primary), "B1");
    assert!(!may_hand_over(&manager, &user), "no staff configuration");
    assert!(!may_hand_over(&user, &manager));
    let mut gone = staff(5, Role::Admin);
    gone.active = false;
    assert!(!may_hand_over(&gone, &user));
    assert!(!may_hand_over(&gone, &gone));
    let mut foreign = staff(6, Role::Admin);
    foreign.company_id = OTHER_COMPANY;
    assert!(!may_hand_over(&foreign, &user));
    assert!(!may_hand_over(&primary, &foreign));
}

#[test]
fn b1_roles_are_listed_highest_first() {
    assert_eq!(
        Role::ALL,
        &[
            Role::PrimaryAdmin,
            Role::Admin,
            Role::Manager,
            Role::Marketing,
            Role::Contributor,
            Role::User
        ]
    );
}

#[test]
fn b2_manager_is_admin_without_staff_configuration_or_subscription() {
    let p = Permissions::defaults_for(Role::Manager);
    let admin = capabilities(Role::Admin, &p);
    let manager = capabilities(Role::Manager, &p);
    assert!(admin.staff && admin.subscription);
    assert!(!manager.staff && !manager.subscription);
    let expected = Capabilities {
        staff: false,
        subscription: false,
        ..admin
    };
    assert_eq!(manager, expected);
}

#[test]
fn b2_marketing_own_activities_no_payments_own_documents_bulk_operations() {
    let m = staff(10, Role::Marketing);
    let caps = capabilities_of(&m);
    assert!(caps.account_settings && caps.online_presence && caps.campaigns);
    assert!(caps.bulk_edit && caps.tags && caps.import_export && caps.marketing_opt_in);
    assert!(caps.list_all_clients && caps.documents);
    assert!(!caps.payments && !caps.staff && !caps.subscription && !caps.work_as);
    let other = UserId::from_u128(20);
    assert!(may_see_activity(
        &m,
        &activity(ActivityKind::Conversation, m.id)
    ));
    assert!(!may_see_activity(
        &m,
        &activity(ActivityKind::Conversation, other)
    ));
    assert!(!may_see_activity(
        &m,
        &activity(ActivityKind::Payment, m.id)
    ));
    assert!(!may_write_activity(&m, ActivityKind::Payment, m.id));
    assert!(may_see_document(
        &m,
        &document(DocumentVisibility::Shared, m.id)
    ));
    assert!(!may_see_document(
        &m,
        &document(DocumentVisibility::Shared, other)
    ));
}

#[test]
fn b3_toggles_apply_to_contributors_and_users_only() {
    let everything_off = |p: &mut Permissions| {
        *p = Permissions {
            view: View::Restricted,
            payments: false,
            documents: false,
            packages: false,
            hide_email: true,
            hide_phone: true,
            edit_rights: false,
            list_all_clients: false,
        };
    };
    for role in [
        Role::PrimaryAdmin,
        Role::Admin,
        Role::Manager,
        Role::Marketing,
    ] {
        let stored = with(staff(10, role), everything_off);
        let defaults = staff(10, role);
        assert_eq!(
            capabilities_of(&stored),
            capabilities_of(&defaults),
            "{role}"
        );
        assert_eq!(masking(&stored), masking(&defaults), "{role}");
        for kind in KINDS {
            let other = activity(kind, UserId::from_u128(20));
            assert_eq!(
                may_see_activity(&stored, &other),
                may_see_activity(&defaults, &other),
                "{role} {kind}"
            );
        }
    }
    for role in [Role::Contributor, Role::User] {
        let stored = with(staff(10, role), everything_off);
        assert!(!capabilities_of(&stored).payments, "{role}");
        assert!(masking(&stored).hide_email, "{role}");
    }
}

#[test]
fn b3_defaults_restricted_users_shared_contributors() {
    let user = capabilities_of(&staff(10, Role::User));
    let contributor = capabilities_of(&staff(10, Role::Contributor));
    for caps in [user, contributor] {
        assert!(caps.payments && caps.documents && caps.packages && caps.list_all_clients);
        assert!(!caps.bulk_edit && !caps.tags && !caps.import_export && !caps.marketing_opt_in);
    }
    let other = activity(ActivityKind::Conversation, UserId::from_u128(20));
    assert!(!may_see_activity(&staff(10, Role::User), &other));
    assert!(may_see_activity(&staff(10, Role::Contributor), &other));
}

#[test]
fn b4_restricted_view_sees_only_own_activities() {
    for role in [Role::Contributor, Role::User] {
        let u = with(staff(10, role), |p| p.view = View::Restricted);
        for kind in KINDS {
            assert!(may_see_activity(&u, &activity(kind, u.id)), "{role} {kind}");
            assert!(!may_see_activity(
                &u,
                &activity(kind, UserId::from_u128(20))
            ));
            assert!(!may_write_activity(&u, kind, UserId::from_u128(20)));
        }
    }
}

#[test]
fn b4_shared_view_sees_every_activity_of_the_client() {
    let u = with(staff(10, Role::User), |p| p.view = View::Shared);
    for kind in KINDS {
        assert!(
            may_see_activity(&u, &activity(kind, UserId::from_u128(20))),
            "{kind}"
        );
    }
}

#[test]
fn b5_payments_off_hides_payment_activities_even_assigned() {
    for role in [Role::Contributor, Role::User] {
        let u = with(staff(10, role), |p| p.payments = false);
        assert!(!may_see_activity(
            &u,
            &activity(ActivityKind::Payment, u.id)
        ));
        assert!(!may_write_activity(&u, ActivityKind::Payment, u.id));
        assert!(!capabilities_of(&u).payments);
        assert!(may_see_activity(
            &u,
            &activity(ActivityKind::Conversation, u.id)
        ));
    }
}

#[test]
fn b6_documents_off_hides_all_documents_internal_included() {
    for role in [Role::Contributor, Role::User] {
        let u = with(staff(10, role), |p| {
            p.documents = false;
            p.view = View::Shared;
        });
        for visibility in DocumentVisibility::ALL {
            assert!(
                !may_see_document(&u, &document(*visibility, u.id)),
                "{role} {visibility}"
            );
            let others = document(*visibility, UserId::from_u128(20));
            assert!(!may_see_document(&u, &others), "{role} {visibility}");
        }
        assert!(!may_see_activity(
            &u,
            &activity(ActivityKind::Document, u.id)
        ));
        assert!(!may_upload_document(&u));
    }
}

#[test]
fn b7_personal_documents_only_to_the_uploader_even_admins() {
    let uploader = staff(10, Role::User);
    let personal = document(DocumentVisibility::Personal, uploader.id);
    assert!(may_see_document(&uploader, &personal));
    for role in Role::ALL {
        assert!(!may_see_document(&staff(20, *role), &personal), "{role}");
    }
    let primary = staff(30, Role::PrimaryAdmin);
    assert!(may_see_document(
        &primary,
        &document(DocumentVisibility::Personal, primary.id)
    ));
}

#[test]
fn b8_packages_off_and_contact_masking() {
    let u = with(staff(10, Role::Contributor), |p| {
        p.packages = false;
        p.hide_phone = true;
    });
    assert!(!may_use_packages(&u));
    let hidden = masking(&u);
    assert!(hidden.hide_phone && !hidden.hide_email);
    for role in [
        Role::PrimaryAdmin,
        Role::Admin,
        Role::Manager,
        Role::Marketing,
    ] {
        let m = masking(&with(staff(10, role), |p| p.hide_email = true));
        assert!(!m.hide_email && !m.hide_phone, "{role}");
    }
}

#[test]
fn b9_edit_rights_off_forbids_bulk_tags_opt_in_import_export() {
    for role in [Role::Contributor, Role::User] {
        let off = staff(10, role);
        let on = with(staff(10, role), |p| p.edit_rights = true);
        let all = |u: &User| {
            [
                may_bulk_edit(u),
                may_edit_tags(u),
                may_change_marketing_opt_in(u),
                may_import_export(u),
            ]
        };
        assert_eq!(all(&off), [false; 4], "{role}");
        assert_eq!(all(&on), [true; 4], "{role}");
    }
}

#[test]
fn b10_view_every_client_off_limits_the_client_list() {
    for role in [Role::Contributor, Role::User] {
        assert!(lists_every_client(&staff(10, role)));
        let off = with(staff(10, role), |p| p.list_all_clients = false);
        assert!(!lists_every_client(&off), "{role}");
    }
    let manager = with(staff(10, Role::Manager), |p| p.list_all_clients = false);
    assert!(lists_every_client(&manager));
}

#[test]
fn b11_work_as_a_contributor_for_lower_or_equal_staff_of_the_company() {
    let contributor = staff(10, Role::Contributor);
    assert!(may_work_as(&contributor, &staff(20, Role::User)));
    assert!(may_work_as(&contributor, &staff(20, Role::Contributor)));
    assert!(!may_work_as(&contributor, &contributor));
    for role in [
        Role::PrimaryAdmin,
        Role::Admin,
        Role::Manager,
        Role::Marketing,
    ] {
        assert!(!may_work_as(&contributor, &staff(20, role)), "{role}");
        assert!(
            !may_work_as(&staff(30, role), &staff(20, Role::User)),
            "{role}"
        );
    }
    assert!(!may_work_as(&staff(30, Role::User), &staff(20, Role::User)));
    let mut foreign = staff(20, Role::User);
    foreign.company_id = OTHER_COMPANY;
    assert!(!may_work_as(&contributor, &foreign));
    let mut gone = staff(20, Role::User);
    gone.active = false;
    assert!(!may_work_as(&contributor, &gone));
}

#[test]
fn b11_working_as_never_lifts_the_actors_own_restrictions() {
    let actor = with(staff(10, Role::Contributor), |p| p.payments = false);
    let target = with(staff(20, Role::User), |p| p.edit_rights = true);
    let acting = work_as_identity(&actor, &target).unwrap();
    assert_eq!(acting.id, target.id);
    assert!(!acting.permissions.payments);
    assert!(!acting.permissions.edit_rights);
    let caps = capabilities_of(&acting);
    assert!(!caps.account_settings && !caps.staff && !caps.work_as);
    assert!(may_see_activity(
        &acting,
        &activity(ActivityKind::Appointment, target.id)
    ));
    assert!(may_write_activity(
        &acting,
        ActivityKind::Appointment,
        target.id
    ));
    assert!(!may_see_activity(
        &acting,
        &activity(ActivityKind::Payment, target.id)
    ));
    assert!(work_as_identity(&actor, &staff(30, Role::Manager)).is_none());
}

#[test]
fn b12_part_b_never_widens_with_part_a_grants_nor_crosses_companies() {
    let mut u = staff(10, Role::User);
    u.share_all_clients = true;
    assert!(!may_see_activity(
        &u,
        &activity(ActivityKind::Conversation, UserId::from_u128(20))
    ));
    let primary = staff(30, Role::PrimaryAdmin);
    let mut foreign = activity(ActivityKind::Conversation, primary.id);
    foreign.company_id = OTHER_COMPANY;
    assert!(!may_see_activity(&primary, &foreign));
    let mut foreign_doc = document(DocumentVisibility::Shared, primary.id);
    foreign_doc.company_id = OTHER_COMPANY;
    assert!(!may_see_document(&primary, &foreign_doc));
}

#[test]
fn inactive_users_may_do_nothing() {
    for role in Role::ALL {
        let mut u = staff(10, *role);
        u.active = false;
        assert_eq!(capabilities_of(&u), Capabilities::NONE, "{role}");
        for kind in KINDS {
            assert!(
                !may_see_activity(&u, &activity(kind, u.id)),
                "{role} {kind}"
            );
            assert!(!may_write_activity(&u, kind, u.id), "{role} {kind}");
        }
        assert!(!may_see_document(
            &u,
            &document(DocumentVisibility::Personal, u.id)
        ));
        assert!(!may_upload_document(&u) && !may_use_packages(&u) && !may_bulk_edit(&u));
        assert!(!may_edit_tags(&u) && !may_change_marketing_opt_in(&u) && !may_import_export(&u));
        assert!(!lists_every_client(&u));
        assert_eq!(
            masking(&u),
            Masking {
                hide_email: true,
                hide_phone: true
            }
        );
        assert!(!may_work_as(&u, &staff(20, Role::User)));
        assert!(!may_change_credentials(&u, &staff(20, Role::User)));
    }
}
