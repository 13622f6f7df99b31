//! The matrix of the issue: every role × every toggle (on and off) × every
//! action, against expectations written by hand from SPEC B2–B11 and the seed
//! (never computed by the code under test).
//!
//! `EXPECTED` is B2's table under the B3 defaults, one column per role;
//! `CHANGES` lists what flipping one toggle changes, for contributors and
//! users only (for other roles the stored toggles change nothing, B3).

use super::*;

const ROLES: [&str; 6] = [
    "primary_admin",
    "admin",
    "manager",
    "marketing",
    "contributor",
    "user",
];

const Y: bool = true;
const N: bool = false;

/// Under the B3 defaults. Columns: primary admin, admin, manager, marketing,
/// contributor, user. "Others'" means assigned to (or uploaded by) another
/// staff member.
#[rustfmt::skip]
const EXPECTED: &[(&str, [bool; 6])] = &[
    ("see_own_conversation",              [Y, Y, Y, Y, Y, Y]),
    ("see_others_conversation",           [Y, Y, Y, N, Y, N]),
    ("see_own_appointment",               [Y, Y, Y, Y, Y, Y]),
    ("see_others_appointment",            [Y, Y, Y, N, Y, N]),
    ("see_own_payment",                   [Y, Y, Y, N, Y, Y]),
    ("see_others_payment",                [Y, Y, Y, N, Y, N]),
    ("see_own_document_activity",         [Y, Y, Y, Y, Y, Y]),
    ("see_others_document_activity",      [Y, Y, Y, N, Y, N]),
    ("write_own_conversation",            [Y, Y, Y, Y, Y, Y]),
    ("write_others_conversation",         [Y, Y, Y, N, Y, N]),
    ("write_own_payment",                 [Y, Y, Y, N, Y, Y]),
    ("write_others_payment",              [Y, Y, Y, N, Y, N]),
    ("write_own_document_activity",       [Y, Y, Y, Y, Y, Y]),
    ("upload_document",                   [Y, Y, Y, Y, Y, Y]),
    ("see_own_shared_document",           [Y, Y, Y, Y, Y, Y]),
    ("see_own_internal_document",         [Y, Y, Y, Y, Y, Y]),
    ("see_own_personal_document",         [Y, Y, Y, Y, Y, Y]),
    ("see_others_shared_document",        [Y, Y, Y, N, Y, N]),
    ("see_others_internal_document",      [Y, Y, Y, N, Y, N]),
    ("see_others_personal_document",      [N, N, N, N, N, N]),
    ("packages",                          [Y, Y, Y, Y, Y, Y]),
    ("email_masked",                      [N, N, N, N, N, N]),
    ("phone_masked",                      [N, N, N, N, N, N]),
    ("bulk_edit",                         [Y, Y, Y, Y, N, N]),
    ("tags",                              [Y, Y, Y, Y, N, N]),
    ("import_export",                     [Y, Y, Y, Y, N, N]),
    ("opt_in",                            [Y, Y, Y, Y, N, N]),
    ("list_every_client",                 [Y, Y, Y, Y, Y, Y]),
    ("work_as_a_user",                    [N, N, N, N, Y, N]),
    ("change_primary_admin_credentials",  [Y, N, N, N, N, N]),
    ("change_other_staff_credentials",    [Y, Y, N, N, N, N]),
    ("cap_account_settings",              [Y, Y, Y, Y, N, N]),
    ("cap_online_presence",               [Y, Y, Y, Y, N, N]),
    ("cap_campaigns",                     [Y, Y, Y, Y, N, N]),
    ("cap_staff",                         [Y, Y, N, N, N, N]),
    ("cap_subscription",                  [Y, Y, N, N, N, N]),
    ("cap_payments",                      [Y, Y, Y, N, Y, Y]),
    ("cap_documents",                     [Y, Y, Y, Y, Y, Y]),
    ("cap_packages",                      [Y, Y, Y, Y, Y, Y]),
    ("cap_bulk_edit",                     [Y, Y, Y, Y, N, N]),
    ("cap_tags",                          [Y, Y, Y, Y, N, N]),
    ("cap_import_export",                 [Y, Y, Y, Y, N, N]),
    ("cap_marketing_opt_in",              [Y, Y, Y, Y, N, N]),
    ("cap_work_as",                       [N, N, N, N, Y, N]),
    ("cap_list_all_clients",              [Y, Y, Y, Y, Y, Y]),
];

const OTHERS_ACTIVITIES_AND_DOCUMENTS: &[&str] = &[
    "see_others_conversation",
    "see_others_appointment",
    "see_others_payment",
    "see_others_document_activity",
    "write_others_conversation",
    "write_others_payment",
    "see_others_shared_document",
    "see_others_internal_document",
];

/// (roles, toggle=state, actions, outcome): departures from `EXPECTED`.
/// Toggle states that equal the B3 default list nothing.
const CHANGES: &[(&[&str], &str, &[&str], bool)] = &[
    (
        &["user"],
        "view=shared",
        OTHERS_ACTIVITIES_AND_DOCUMENTS,
        true,
    ),
    (
        &["contributor"],
        "view=restricted",
        OTHERS_ACTIVITIES_AND_DOCUMENTS,
        false,
    ),
    (
        &["contributor"],
        "payments=off",
        &[
            "see_own_payment",
            "see_others_payment",
            "write_own_payment",
            "write_others_payment",
            "cap_payments",
        ],
        false,
    ),
    (
        &["user"],
        "payments=off",
        &["see_own_payment", "write_own_payment", "cap_payments"],
        false,
    ),
    (
        &["contributor", "user"],
        "documents=off",
        &[
            "see_own_document_activity",
            "write_own_document_activity",
            "upload_document",
            "see_own_shared_document",
            "see_own_internal_document",
            "see_own_personal_document",
            "cap_documents",
        ],
        false,
    ),
    (
        &["contributor"],
        "documents=off",
        &[
            "see_others_document_activity",
            "see_others_shared_document",
            "see_others_internal_document",
        ],
        false,
    ),
    (
        &["contributor", "user"],
        "packages=off",
        &["packages", "cap_packages"],
        false,
    ),
    (
        &["contributor", "user"],
        "hide_email=on",
        &["email_masked"],
        true,
    ),
    (
        &["contributor", "user"],
        "hide_phone=on",
        &["phone_masked"],
        true,
    ),
    (
        &["contributor", "user"],
        "edit_rights=on",
        &[
            "bulk_edit",
            "tags",
            "import_export",
            "opt_in",
            "cap_bulk_edit",
            "cap_tags",
            "cap_import_export",
            "cap_marketing_opt_in",
        ],
        true,
    ),
    (
        &["contributor", "user"],
        "list_all_clients=off",
        &["list_every_client", "cap_list_all_clients"],
        false,
    ),
];

/// The eight toggles of B3–B10, each in both states.
const TOGGLES: [&str; 16] = [
    "view=shared",
    "view=restricted",
    "payments=on",
    "payments=off",
    "documents=on",
    "documents=off",
    "packages=on",
    "packages=off",
    "hide_email=on",
    "hide_email=off",
    "hide_phone=on",
    "hide_phone=off",
    "edit_rights=on",
    "edit_rights=off",
    "list_all_clients=on",
    "list_all_clients=off",
];

const ME: u128 = 10;
const SOMEONE_ELSE: u128 = 20;

fn subject(role: &str, toggle: &str) -> User {
    let role: Role = role.parse().unwrap();
    let (name, state) = toggle.split_once('=').unwrap();
    let on = state == "on";
    with(staff(ME, role), |p| match name {
        "view" => p.view = state.parse().unwrap(),
        "payments" => p.payments = on,
        "documents" => p.documents = on,
        "packages" => p.packages = on,
        "hide_email" => p.hide_email = on,
        "hide_phone" => p.hide_phone = on,
        "edit_rights" => p.edit_rights = on,
        "list_all_clients" => p.list_all_clients = on,
        other => panic!("unknown toggle {other}"),
    })
}

fn act(action: &str, u: &User) -> bool {
    let me = u.id;
    let other = UserId::from_u128(SOMEONE_ELSE);
    let see = |kind, who| may_see_activity(u, &activity(kind, who));
    let doc = |visibility, who| may_see_document(u, &document(visibility, who));
    let caps = capabilities_of(u);
    use ActivityKind as K;
    use DocumentVisibility as D;
    match action {
        "see_own_conversation" => see(K::Conversation, me),
        "see_others_conversation" => see(K::Conversation, other),
        "see_own_appointment" => see(K::Appointment, me),
        "see_others_appointment" => see(K::Appointment, other),
        "see_own_payment" => see(K::Payment, me),
        "see_others_payment" => see(K::Payment, other),
        "see_own_document_activity" => see(K::Document, me),
        "see_others_document_activity" => see(K::Document, other),
        "write_own_conversation" => may_write_activity(u, K::Conversation, me),
        "write_others_conversation" => may_write_activity(u, K::Conversation, other),
        "write_own_payment" => may_write_activity(u, K::Payment, me),
        "write_others_payment" => may_write_activity(u, K::Payment, other),
        "write_own_document_activity" => may_write_activity(u, K::Document, me),
        "upload_document" => may_upload_document(u),
        "see_own_shared_document" => doc(D::Shared, me),
        "see_own_internal_document" => doc(D::Internal, me),
        "see_own_personal_document" => doc(D::Personal, me),
        "see_others_shared_document" => doc(D::Shared, other),
        "see_others_internal_document" => doc(D::Internal, other),
        "see_others_personal_document" => doc(D::Personal, other),
        "packages" => may_use_packages(u),
        "email_masked" => masking(u).hide_email,
        "phone_masked" => masking(u).hide_phone,
        "bulk_edit" => may_bulk_edit(u),
        "tags" => may_edit_tags(u),
        "import_export" => may_import_export(u),
        "opt_in" => may_change_marketing_opt_in(u),
        "list_every_client" => lists_every_client(u),
        "work_as_a_user" => may_work_as(u, &staff(SOMEONE_ELSE, Role::User)),
        "change_primary_admin_credentials" => {
            let primary = staff(SOMEONE_ELSE, Role::PrimaryAdmin);
            let primary = if u.role == Role::PrimaryAdmin {
                u
            } else {
                &primary
            };
            may_change_credentials(u, primary)
        }
        "change_other_staff_credentials" => {
            may_change_credentials(u, &staff(SOMEONE_ELSE, Role::Contributor))
        }
        "cap_account_settings" => caps.account_settings,
        "cap_online_presence" => caps.online_presence,
        "cap_campaigns" => caps.campaigns,
        "cap_staff" => caps.staff,
        "cap_subscription" => caps.subscription,
        "cap_payments" => caps.payments,
        "cap_documents" => caps.documents,
        "cap_packages" => caps.packages,
        "cap_bulk_edit" => caps.bulk_edit,
        "cap_tags" => caps.tags,
        "cap_import_export" => caps.import_export,
        "cap_marketing_opt_in" => caps.marketing_opt_in,
        "cap_work_as" => caps.work_as,
        "cap_list_all_clients" => caps.list_all_clients,
        other => panic!("unknown action {other}"),
    }
}

fn expected(role_index: usize, role: &str, toggle: &str, action: &str, base: [bool; 6]) -> bool {
    CHANGES
        .iter()
        .filter(|(roles, t, actions, _)| {
            roles.contains(&role) && *t == toggle && actions.contains(&action)
        })
        .map(|(_, _, _, outcome)| *outcome)
        .next_back()
        .unwrap_or(base[role_index])
}

#[test]
fn b2_to_b11_every_role_toggle_and_action_matches_the_written_table() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (role_index, role) in ROLES.iter().enumerate() {
        for toggle in TOGGLES {
            let u = subject(role, toggle);
            for (action, base) in EXPECTED {
                let want = expected(role_index, role, toggle, action, *base);
                let got = act(action, &u);
                checked += 1;
                if got != want {
                    wrong.push(format!(
                        "({role}, {toggle}, {action}): expected {want}, got {got}"
                    ));
                }
            }
        }
    }
    assert_eq!(checked, 6 * 16 * EXPECTED.len());
    assert!(
        wrong.is_empty(),
        "{} of {checked} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn the_matrix_tables_name_only_known_roles_toggles_and_actions() {
    let actions: Vec<&str> = EXPECTED.iter().map(|(a, _)| *a).collect();
    for (roles, toggle, changed, _) in CHANGES {
        assert!(TOGGLES.contains(toggle), "{toggle}");
        assert!(roles.iter().all(|r| ROLES.contains(r)), "{roles:?}");
        assert!(changed.iter().all(|a| actions.contains(a)), "{changed:?}");
    }
    let mut unique = actions.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), actions.len(), "an action is listed twice");
}

#[test]
fn capabilities_of_an_active_user_are_those_of_role_and_permissions() {
    for role in ROLES {
        for toggle in TOGGLES {
            let u = subject(role, toggle);
            assert_eq!(capabilities_of(&u), capabilities(u.role, &u.permissions));
        }
    }
}
