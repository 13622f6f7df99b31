//! Part B's bulk operations, CSV export and import (B8, B9, B12), and the
//! CLI's way to act as a staff member.

use casegate_app::{
    Actor, AppError, BulkAction, ImportProgress, ImportStep, NewClient, NoProgress,
    PermissionsPatch, UserPatch,
};
use casegate_core::{ClientId, NewClientAccess, Role};

use crate::support::{World, fields};

/// Changes `who`'s toggles as the admin.
async fn toggles(w: &World, who: &Actor, permissions: PermissionsPatch) {
    w.app
        .update_user(
            &w.admin,
            who.user_id,
            UserPatch {
                permissions,
                ..UserPatch::default()
            },
        )
        .await
        .unwrap();
}

fn edit_rights(on: bool) -> PermissionsPatch {
    PermissionsPatch {
        edit_rights: Some(on),
        ..PermissionsPatch::default()
    }
}

async fn tags_of(w: &World, client: ClientId) -> Vec<String> {
    w.app.client(&w.admin, client).await.unwrap().tags
}

async fn tag(w: &World, who: &Actor, ids: &[ClientId], tag: &str) -> Result<usize, AppError> {
    w.app
        .bulk_clients(who, BulkAction::AddTag(tag.into()), ids)
        .await
        .map(|written| written.value)
}

#[tokio::test]
async fn b9_edit_rights_off_refuses_bulk_tags_and_import_export() {
    let w = World::new().await;
    let user = w.user("Ulla", Role::User).await;
    let contributor = w.user("Carl", Role::Contributor).await;
    let marketing = w.user("Mia", Role::Marketing).await;
    let client = w.client(&user, "Aurora").await;

    for who in [&user, &contributor] {
        let refused = tag(&w, who, &[client], "vip").await.unwrap_err();
        assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
        let refused = w.app.export_clients(who).await.unwrap_err();
        assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
        let refused = w
            .app
            .import_clients(who, b"name\nNew\n", &NoProgress)
            .await
            .unwrap_err();
        assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
    }
    // Marketing has them by role (B2); a user gets them with edit rights.
    assert_eq!(tag(&w, &marketing, &[client], "vip").await.unwrap(), 1);
    toggles(&w, &user, edit_rights(true)).await;
    assert_eq!(tag(&w, &user, &[client], "gold").await.unwrap(), 1);
    assert!(w.app.export_clients(&user).await.is_ok());
    let imported = w
        .app
        .import_clients(&user, b"name\nNew\n", &NoProgress)
        .await
        .unwrap();
    assert_eq!(imported.value.created, 1);
    assert_eq!(tags_of(&w, client).await, ["vip", "gold"]);
}

#[tokio::test]
async fn b12_bulk_acts_only_on_clients_the_user_can_open() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    w.settings(true, false, false).await;
    let user = w.user("Ulla", Role::User).await;
    toggles(&w, &user, edit_rights(true)).await;
    let own = w.client(&user, "Own").await;
    let locked = w.client(&w.admin, "Locked").await;
    let other = w.other_company("Globex").await;
    let foreign = w.client(&other, "Foreign").await;
    let unknown = ClientId::from_uuid(uuid::Uuid::now_v7());

    let before = w.app.revision();
    let done = tag(&w, &user, &[own, locked, foreign, unknown, own], "vip")
        .await
        .unwrap();
    assert_eq!(done, 1);
    assert_eq!(w.app.revision().0, before.0 + 1, "one change for the batch");
    assert_eq!(tags_of(&w, own).await, ["vip"]);
    assert!(tags_of(&w, locked).await.is_empty());
    assert!(w.app.client(&other, foreign).await.unwrap().tags.is_empty());

    // Only locked or unknown ids: nothing done, nothing written, no error.
    let rev = w.app.revision();
    assert_eq!(tag(&w, &user, &[locked, unknown], "x").await.unwrap(), 0);
    assert_eq!(w.app.revision(), rev);

    // Delete: only what the user can open and may delete (owner, admins).
    let shared = w.client(&w.admin, "Shared").await;
    w.app
        .grant(
            &w.admin,
            shared,
            casegate_core::Subject::User(user.user_id),
            false,
            None,
        )
        .await
        .unwrap();
    let deleted = w
        .app
        .bulk_clients(&user, BulkAction::Delete, &[own, shared, locked])
        .await
        .unwrap();
    assert_eq!(deleted.value, 1);
    assert!(matches!(
        w.app.client(&w.admin, own).await,
        Err(AppError::NotFound)
    ));
    assert!(w.app.client(&w.admin, shared).await.is_ok());
    assert!(w.app.client(&w.admin, locked).await.is_ok());
}

#[tokio::test]
async fn bulk_tags_are_checked_and_removed() {
    let w = World::new().await;
    let a = w.client(&w.admin, "A").await;
    let b = w.client(&w.admin, "B").await;
    assert_eq!(
        fields(tag(&w, &w.admin, &[a], "  ").await.unwrap_err()),
        ["tag"]
    );
    let many = vec![a; casegate_app::MAX_BULK_IDS + 1];
    assert_eq!(
        fields(tag(&w, &w.admin, &many, "x").await.unwrap_err()),
        ["ids"]
    );
    assert_eq!(tag(&w, &w.admin, &[a, b], " vip ").await.unwrap(), 2);
    assert_eq!(tags_of(&w, b).await, ["vip"]);
    let removed = w
        .app
        .bulk_clients(&w.admin, BulkAction::RemoveTag("vip".into()), &[a])
        .await
        .unwrap();
    assert_eq!(removed.value, 1);
    assert!(tags_of(&w, a).await.is_empty());
    assert_eq!(tags_of(&w, b).await, ["vip"]);
    // A client at 50 tags refuses one more, and nothing changes.
    let full: Vec<String> = (0..50).map(|n| format!("t{n}")).collect();
    let c = w
        .app
        .create_client(
            &w.admin,
            NewClient {
                name: "Full".into(),
                tags: full,
                ..NewClient::default()
            },
        )
        .await
        .unwrap()
        .value
        .id;
    assert_eq!(
        fields(tag(&w, &w.admin, &[a, c], "new").await.unwrap_err()),
        ["tag"]
    );
    assert!(tags_of(&w, a).await.is_empty());
}

#[tokio::test]
async fn b8_hidden_contact_fields_are_left_out_of_exports() {
    let w = World::new().await;
    w.app
        .create_client(
            &w.admin,
            NewClient {
                name: "Aurora, \"the\" one".into(),
                email: Some("aurora@example.com".into()),
                phone: Some("+45 1234".into()),
                tags: vec!["kyc".into(), "vip".into()],
                owner_id: None,
            },
        )
        .await
        .unwrap();
    let user = w.user("Ulla", Role::User).await;
    toggles(
        &w,
        &user,
        PermissionsPatch {
            edit_rights: Some(true),
            hide_email: Some(true),
            hide_phone: Some(true),
            ..PermissionsPatch::default()
        },
    )
    .await;

    let full = w.app.export_clients(&w.admin).await.unwrap();
    let mut lines = full.lines();
    assert_eq!(
        lines.next(),
        Some("id,name,email,phone,tags,owner_id,marketing_opt_in")
    );
    let row = lines.next().unwrap();
    assert!(row.contains(",\"Aurora, \"\"the\"\" one\",aurora@example.com,'+45 1234,kyc;vip,"));

    let masked = w.app.export_clients(&user).await.unwrap();
    assert!(!masked.contains("aurora@example.com"), "{masked}");
    assert!(!masked.contains("1234"), "{masked}");
    let mut lines = masked.lines();
    assert_eq!(
        lines.next(),
        Some("id,name,email,phone,tags,owner_id,marketing_opt_in")
    );
    assert!(
        lines
            .next()
            .unwrap()
            .contains(",\"Aurora, \"\"the\"\" one\",,,kyc;vip,")
    );
}

#[tokio::test]
async fn exports_hold_only_clients_the_user_can_open() {
    let w = World::new().await;
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    w.settings(true, false, false).await;
    let user = w.user("Ulla", Role::User).await;
    toggles(&w, &user, edit_rights(true)).await;
    w.client(&user, "Mine").await;
    w.client(&w.admin, "Locked").await;
    let other = w.other_company("Globex").await;
    w.client(&other, "Foreign").await;
    let csv = w.app.export_clients(&user).await.unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Mine") && !csv.contains("Locked") && !csv.contains("Foreign"));
    assert_eq!(
        w.app
            .export_clients(&w.admin)
            .await
            .unwrap()
            .lines()
            .count(),
        3
    );
}

/// Records the steps and how far each went.
#[derive(Default)]
struct Steps(parking_lot::Mutex<Vec<(ImportStep, u64, u64)>>);

impl ImportProgress for Steps {
    fn start(&self, step: ImportStep, total: u64) {
        self.0.lock().push((step, total, 0));
    }
    fn advance(&self, by: u64) {
        if let Some(last) = self.0.lock().last_mut() {
            last.2 += by;
        }
    }
}

#[tokio::test]
async fn imports_are_all_or_nothing_with_every_bad_line_listed() {
    let w = World::new().await;
    let csv = "name,email,phone,tags,owner_email\n\
               Good,good@example.com,+45 1,a;b,\n\
               ,not-an-email,,,\n\
               Fine,,,,nobody@example.com\n\
               \"Two\nlines\",x@y,,,\n\
               Short,only\n";
    let before = w.app.revision();
    let outcome = w
        .app
        .import_clients(&w.admin, csv.as_bytes(), &NoProgress)
        .await
        .unwrap()
        .value;
    assert_eq!(outcome.created, 0);
    let found: Vec<(u64, Option<&str>)> = outcome
        .errors
        .iter()
        .map(|e| (e.line, e.field.as_deref()))
        .collect();
    // Line 5 starts a record that spans two lines: its name holds a line
    // break (a control character in a name) and `x@y` has no domain dot.
    assert_eq!(
        found,
        [
            (3, Some("email")),
            (3, Some("name")),
            (4, Some("owner_email")),
            (5, Some("email")),
            (5, Some("name")),
            (7, None)
        ]
    );
    assert_eq!(outcome.errors[1].message.key(), "app-empty");
    assert!(
        outcome.errors[2]
            .message
            .to_string()
            .contains("nobody@example.com")
    );
    assert_eq!(outcome.errors[4].message.key(), "app-control-characters");
    assert_eq!(
        outcome.errors[5].message.to_string(),
        "app-import-cells(expected=5, found=2)"
    );
    assert_eq!(w.app.revision(), before, "nothing written");
    assert!(
        w.app
            .export_clients(&w.admin)
            .await
            .unwrap()
            .lines()
            .count()
            == 1
    );

    let headers = w
        .app
        .import_clients(&w.admin, b"name,colour\nA,red\n", &NoProgress)
        .await
        .unwrap()
        .value;
    assert_eq!(headers.errors.len(), 1);
    assert_eq!(headers.errors[0].line, 1);
}

#[tokio::test]
async fn imports_create_clients_as_post_clients_would() {
    let w = World::new().await;
    let owner = w.user("Olga", Role::User).await;
    let owner_email = format!("olga@{}.test", w.company);
    let csv = format!(
        "\u{feff}Name,Tags,Owner_Email,marketing_opt_in\n\
         Aurora,kyc; vip ,{owner_email},yes\n\
         Baltic,,,\n"
    );
    let steps = Steps::default();
    let written = w
        .app
        .import_clients(&w.admin, csv.as_bytes(), &steps)
        .await
        .unwrap();
    assert_eq!(written.value.created, 2);
    assert!(written.value.errors.is_empty());
    assert_eq!(
        *steps.0.lock(),
        [(ImportStep::Validate, 2, 2), (ImportStep::Write, 2, 2)]
    );
    // A5 (company default): everyone can open them; the owner is as named.
    let export = w.app.export_clients(&owner).await;
    assert!(matches!(export, Err(AppError::Forbidden(_))));
    let page = w.app.clients(&owner, None, None, 50).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.items.iter().all(|c| !c.locked));
    let aurora = page.items.iter().find(|c| c.name == "Aurora").unwrap();
    assert_eq!(aurora.owner_id, owner.user_id);
    assert_eq!(tags_of(&w, aurora.id).await, ["kyc", "vip"]);
    let csv = w.app.export_clients(&w.admin).await.unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains("Aurora") && l.ends_with(",true"))
    );
    assert!(
        csv.lines()
            .any(|l| l.contains("Baltic") && l.ends_with(",false"))
    );

    // Owner-only (A5): a client imported by a user with A1 on is theirs alone.
    w.new_client_access(NewClientAccess::OwnerOnly).await;
    w.settings(true, false, false).await;
    let user = w.user("Ulla", Role::User).await;
    toggles(&w, &user, edit_rights(true)).await;
    w.app
        .import_clients(&user, b"name\nSecret\n", &NoProgress)
        .await
        .unwrap();
    let page = w
        .app
        .clients(&owner, Some("Secret"), None, 50)
        .await
        .unwrap();
    assert!(page.items[0].locked);
}

#[tokio::test]
async fn actor_for_email_finds_only_active_staff_of_the_company() {
    let w = World::new().await;
    let user = w.user("Ulla", Role::User).await;
    let email = format!("ulla@{}.test", w.company);
    let found = w
        .app
        .actor_for_email(w.company, &email.to_uppercase())
        .await
        .unwrap();
    assert_eq!(found.user_id, user.user_id);
    assert_eq!(found.role, Role::User);
    let other = w.other_company("Globex").await;
    for (company, email) in [
        (other.company_id, email.as_str()),
        (w.company, "nobody@acme.test"),
        (w.company, "admin@globex.test"),
    ] {
        let missing = w.app.actor_for_email(company, email).await.unwrap_err();
        assert!(
            matches!(missing, AppError::NotFound),
            "{email}: {missing:?}"
        );
    }
    w.deactivate(user.user_id).await;
    let gone = w.app.actor_for_email(w.company, &email).await.unwrap_err();
    assert!(matches!(gone, AppError::NotFound));
}

#[tokio::test]
async fn imports_take_ten_thousand_rows_and_refuse_more() {
    let w = World::new().await;
    let mut csv = String::from("name,email,tags\n");
    for n in 0..casegate_app::MAX_IMPORT_ROWS {
        csv.push_str(&format!("Client {n},c{n}@example.com,a;b\n"));
    }
    let mut more = csv.clone();
    more.push_str("One too many,,\n");
    let refused = w
        .app
        .import_clients(&w.admin, more.as_bytes(), &NoProgress)
        .await
        .unwrap_err();
    assert_eq!(fields(refused), ["body"]);
    let before = w.app.revision();
    let written = w
        .app
        .import_clients(&w.admin, csv.as_bytes(), &NoProgress)
        .await
        .unwrap();
    assert_eq!(written.value.created, casegate_app::MAX_IMPORT_ROWS);
    assert_eq!(
        written.revision.0,
        before.0 + 1,
        "one change for the import"
    );
    let export = w.app.export_clients(&w.admin).await.unwrap();
    assert_eq!(export.lines().count(), casegate_app::MAX_IMPORT_ROWS + 1);
}

#[tokio::test]
async fn b10_exports_follow_the_client_list() {
    let w = World::new().await;
    let user = w.user("Ulla", Role::User).await;
    toggles(
        &w,
        &user,
        PermissionsPatch {
            edit_rights: Some(true),
            list_all_clients: Some(false),
            ..PermissionsPatch::default()
        },
    )
    .await;
    w.client(&user, "Mine").await;
    w.client(&w.admin, "Theirs").await;
    let csv = w.app.export_clients(&user).await.unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains("Mine"));
    toggles(
        &w,
        &user,
        PermissionsPatch {
            list_all_clients: Some(true),
            ..PermissionsPatch::default()
        },
    )
    .await;
    assert_eq!(
        w.app.export_clients(&user).await.unwrap().lines().count(),
        3
    );
}
