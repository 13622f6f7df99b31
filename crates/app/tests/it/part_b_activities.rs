//! Part B through the use cases: the primary-admin handover (B1), activities
//! per view and toggle (B4–B6), "work as" (B11) and Part A first (B12).

use casegate_app::{
    Acting, ActivityPatch, Actor, AppError, CompanyPatch, NewActivity, PermissionsPatch, UserPatch,
};
use casegate_core::{ActivityKind, ClientId, Language, Role, View};

use crate::support::{World, fields};

fn conversation(summary: &str, assignee: Option<&Actor>) -> NewActivity {
    NewActivity {
        kind: ActivityKind::Conversation,
        summary: summary.into(),
        assignee_id: assignee.map(|a| a.user_id),
        starts_at: None,
        amount_cents: None,
        currency: None,
    }
}

fn of_kind(kind: ActivityKind, summary: &str) -> NewActivity {
    let payment = kind == ActivityKind::Payment;
    NewActivity {
        kind,
        amount_cents: payment.then_some(4200),
        currency: payment.then(|| "eur".into()),
        ..conversation(summary, None)
    }
}

async fn set_permissions(w: &World, who: &Actor, permissions: PermissionsPatch) {
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

async fn summaries(w: &World, who: &Actor, client: ClientId) -> Vec<String> {
    let page = w
        .app
        .activities(&Acting::itself(who), client, None, None, 50)
        .await
        .unwrap();
    let mut out: Vec<String> = page.items.into_iter().map(|a| a.summary).collect();
    out.sort();
    out
}

async fn add(
    w: &World,
    by: &Actor,
    client: ClientId,
    input: NewActivity,
) -> casegate_core::Activity {
    w.app
        .create_activity(&Acting::itself(by), client, input)
        .await
        .unwrap()
        .value
}

#[tokio::test]
async fn b1_handover_of_the_primary_admin_is_one_explicit_action() {
    let w = World::new().await;
    let bob = w.user("Bob", Role::Admin).await;
    let carl = w.user("Carl", Role::Manager).await;

    // An admin cannot take the role, nor change the primary admin's role.
    let err = w.app.hand_over_primary_admin(&bob, bob.user_id).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let demote = UserPatch {
        role: Some(Role::Admin),
        ..UserPatch::default()
    };
    let err = w
        .app
        .update_user(&bob, w.admin.user_id, demote.clone())
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    // Nobody becomes primary admin through PATCH /users.
    let promote = UserPatch {
        role: Some(Role::PrimaryAdmin),
        ..UserPatch::default()
    };
    let err = w.app.update_user(&w.admin, carl.user_id, promote).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let err = w
        .app
        .hand_over_primary_admin(&w.admin, w.admin.user_id)
        .await;
    assert!(matches!(err, Err(AppError::Conflict(_))), "{err:?}");
    let gone = w.user("Gone", Role::Admin).await;
    w.deactivate(gone.user_id).await;
    let err = w
        .app
        .hand_over_primary_admin(&w.admin, gone.user_id)
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["user_id"]);

    // The one explicit action: Carl becomes primary admin, Ada admin.
    let done = w
        .app
        .hand_over_primary_admin(&w.admin, carl.user_id)
        .await
        .unwrap()
        .value;
    assert_eq!(done.new_primary_admin.role, Role::PrimaryAdmin);
    assert_eq!(done.previous.role, Role::Admin);
    let ada = w.app.user(&carl, w.admin.user_id).await.unwrap();
    assert_eq!(ada.role, Role::Admin);
    let page = w.app.users(&carl, None, 50).await.unwrap();
    let primaries = page
        .items
        .iter()
        .filter(|u| u.role == Role::PrimaryAdmin)
        .count();
    assert_eq!(primaries, 1, "exactly one primary admin");

    // Ada no longer holds it: she can hand nothing over, nor change Carl's role.
    let ada_actor = crate::support::actor(&ada);
    let err = w.app.hand_over_primary_admin(&ada_actor, bob.user_id).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let err = w.app.update_user(&ada_actor, carl.user_id, demote).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");

    // Audited once, by the former primary admin.
    let log = w
        .app
        .store()
        .audit_entries(w.company, 0, 1000)
        .await
        .unwrap();
    let handovers: Vec<_> = log
        .iter()
        .filter(|e| e.action == "user.primary_admin_handed_over")
        .collect();
    assert_eq!(handovers.len(), 1);
    assert_eq!(handovers[0].actor_id, Some(w.admin.user_id));
    assert_eq!(handovers[0].target, carl.user_id.to_string());
}

#[tokio::test]
async fn company_settings_follow_the_account_settings_capability() {
    let w = World::new().await;
    let mia = w.user("Mia", Role::Marketing).await;
    let cole = w.user("Cole", Role::Contributor).await;
    let patch = CompanyPatch {
        name: Some("Acme Ltd".into()),
        default_language: Some(Language::Da),
        timezone: Some("Europe/Copenhagen".into()),
    };
    let err = w.app.update_company(&cole, patch.clone()).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let company = w.app.update_company(&mia, patch).await.unwrap().value;
    assert_eq!(company.name, "Acme Ltd");
    assert_eq!(company.timezone, "Europe/Copenhagen");
    assert_eq!(w.app.company(&cole).await.unwrap(), company);
    let bad = CompanyPatch {
        timezone: Some("Mars/Olympus Mons".into()),
        name: Some(" ".into()),
        ..CompanyPatch::default()
    };
    let err = w.app.update_company(&w.admin, bad).await.unwrap_err();
    assert_eq!(fields(err), ["name", "timezone"]);
}

#[tokio::test]
async fn b4_restricted_view_shows_only_own_activities() {
    let w = World::new().await;
    let una = w.user("Una", Role::User).await; // restricted by default (B3)
    let cole = w.user("Cole", Role::Contributor).await; // shared by default
    let client = w.client(&w.admin, "Initech").await;
    add(&w, &w.admin, client, conversation("admin's", None)).await;
    add(&w, &w.admin, client, conversation("una's", Some(&una))).await;
    assert_eq!(summaries(&w, &una, client).await, ["una's"]);
    assert_eq!(summaries(&w, &cole, client).await, ["admin's", "una's"]);
    // Una may not record for someone else, nor touch what she cannot see.
    let err = w
        .app
        .create_activity(
            &Acting::itself(&una),
            client,
            conversation("x", Some(&cole)),
        )
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let hidden = add(&w, &w.admin, client, conversation("hidden", None)).await;
    let err = w
        .app
        .delete_activity(&Acting::itself(&una), hidden.id)
        .await;
    assert!(matches!(err, Err(AppError::NotFound)), "{err:?}");
    set_permissions(
        &w,
        &una,
        PermissionsPatch {
            view: Some(View::Shared),
            ..PermissionsPatch::default()
        },
    )
    .await;
    assert_eq!(summaries(&w, &una, client).await.len(), 3);
}

#[tokio::test]
async fn b5_payments_off_hides_payment_activities() {
    let w = World::new().await;
    let cole = w.user("Cole", Role::Contributor).await;
    let mia = w.user("Mia", Role::Marketing).await;
    let client = w.client(&w.admin, "Initech").await;
    add(&w, &w.admin, client, of_kind(ActivityKind::Payment, "paid")).await;
    add(&w, &w.admin, client, conversation("talked", None)).await;
    assert_eq!(summaries(&w, &cole, client).await, ["paid", "talked"]);
    set_permissions(
        &w,
        &cole,
        PermissionsPatch {
            payments: Some(false),
            ..PermissionsPatch::default()
        },
    )
    .await;
    assert_eq!(summaries(&w, &cole, client).await, ["talked"]);
    let err = w
        .app
        .create_activity(
            &Acting::itself(&cole),
            client,
            of_kind(ActivityKind::Payment, "p"),
        )
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    // Marketing never has payments (B2).
    let err = w
        .app
        .create_activity(
            &Acting::itself(&mia),
            client,
            of_kind(ActivityKind::Payment, "p"),
        )
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    // A payment needs an amount and a currency; other kinds take neither.
    let err = w
        .app
        .create_activity(
            &Acting::itself(&w.admin),
            client,
            NewActivity {
                kind: ActivityKind::Payment,
                ..conversation("no amount", None)
            },
        )
        .await
        .unwrap_err();
    assert_eq!(fields(err), ["amount_cents", "currency"]);
    let paid = add(&w, &w.admin, client, of_kind(ActivityKind::Payment, "p2")).await;
    assert_eq!(paid.currency.as_deref(), Some("EUR"));
    // Changed into a conversation, it drops its amount and currency.
    let talk = w
        .app
        .update_activity(
            &Acting::itself(&w.admin),
            paid.id,
            ActivityPatch {
                kind: Some(ActivityKind::Conversation),
                ..ActivityPatch::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!((talk.amount_cents, talk.currency), (None, None));
    // And Cole, without payments, cannot turn it back into one.
    let err = w
        .app
        .update_activity(
            &Acting::itself(&cole),
            paid.id,
            ActivityPatch {
                kind: Some(ActivityKind::Payment),
                amount_cents: Some(Some(1)),
                currency: Some(Some("EUR".into())),
                ..ActivityPatch::default()
            },
        )
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
}

#[tokio::test]
async fn b6_documents_off_hides_document_activities() {
    let w = World::new().await;
    let cole = w.user("Cole", Role::Contributor).await;
    let client = w.client(&w.admin, "Initech").await;
    add(
        &w,
        &w.admin,
        client,
        of_kind(ActivityKind::Document, "sent a form"),
    )
    .await;
    add(&w, &w.admin, client, conversation("talked", None)).await;
    assert_eq!(summaries(&w, &cole, client).await.len(), 2);
    set_permissions(
        &w,
        &cole,
        PermissionsPatch {
            documents: Some(false),
            ..PermissionsPatch::default()
        },
    )
    .await;
    assert_eq!(summaries(&w, &cole, client).await, ["talked"]);
    let only_docs = w
        .app
        .activities(
            &Acting::itself(&cole),
            client,
            Some(ActivityKind::Document),
            None,
            50,
        )
        .await
        .unwrap();
    assert!(only_docs.items.is_empty());
    let err = w
        .app
        .create_activity(
            &Acting::itself(&cole),
            client,
            of_kind(ActivityKind::Document, "d"),
        )
        .await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
}

#[tokio::test]
async fn b11_work_as_acts_for_the_member_with_both_identities_recorded() {
    let w = World::new().await;
    let cole = w.user("Cole", Role::Contributor).await;
    let una = w.user("Una", Role::User).await;
    let max = w.user("Max", Role::Manager).await;
    let client = w.client(&w.admin, "Initech").await;
    add(&w, &w.admin, client, conversation("admin's", None)).await;
    add(&w, &w.admin, client, conversation("una's", Some(&una))).await;
    let as_una = Acting {
        actor: cole.clone(),
        work_as: Some(una.user_id),
    };
    // Answers as Una would: her restricted view.
    let page = w
        .app
        .activities(&as_una, client, None, None, 50)
        .await
        .unwrap();
    let seen: Vec<_> = page.items.iter().map(|a| a.summary.as_str()).collect();
    assert_eq!(seen, ["una's"]);
    // Writes record both identities, in the activity and in the audit log.
    let made = w
        .app
        .create_activity(&as_una, client, conversation("called", None))
        .await
        .unwrap()
        .value;
    assert_eq!(made.assignee_id, una.user_id);
    assert_eq!(made.created_by, una.user_id);
    assert_eq!(made.created_by_real, Some(cole.user_id));
    let changed = w
        .app
        .update_activity(
            &as_una,
            made.id,
            ActivityPatch {
                summary: Some("called back".into()),
                ..ActivityPatch::default()
            },
        )
        .await
        .unwrap()
        .value;
    assert_eq!(changed.summary, "called back");
    w.app.delete_activity(&as_una, made.id).await.unwrap();
    let log = w
        .app
        .store()
        .audit_entries(w.company, 0, 1000)
        .await
        .unwrap();
    let writes: Vec<_> = log
        .iter()
        .filter(|e| e.action.starts_with("activity.") && e.target == made.id.to_string())
        .collect();
    assert_eq!(writes.len(), 3);
    for e in writes {
        assert_eq!(e.actor_id, Some(una.user_id));
        assert_eq!(e.real_actor_id, Some(cole.user_id));
    }
    // Never as a higher role, never by a non-contributor, never an unknown id.
    let as_max = Acting {
        actor: cole.clone(),
        work_as: Some(max.user_id),
    };
    let err = w.app.activities(&as_max, client, None, None, 50).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let una_as_cole = Acting {
        actor: una.clone(),
        work_as: Some(cole.user_id),
    };
    let err = w.app.activities(&una_as_cole, client, None, None, 50).await;
    assert!(matches!(err, Err(AppError::Forbidden(_))), "{err:?}");
    let other = w.other_company("Globex").await;
    let as_stranger = Acting {
        actor: cole.clone(),
        work_as: Some(other.user_id),
    };
    let err = w.app.activities(&as_stranger, client, None, None, 50).await;
    assert!(matches!(err, Err(AppError::NotFound)), "{err:?}");
}

#[tokio::test]
async fn b12_activities_need_access_to_the_client() {
    let w = World::new().await;
    w.settings(true, false, false).await;
    let cole = w.user("Cole", Role::Contributor).await;
    let una = w.user("Una", Role::User).await;
    w.new_client_access(casegate_core::NewClientAccess::OwnerOnly)
        .await;
    let client = w.client(&w.admin, "Locked").await;
    let made = add(&w, &w.admin, client, conversation("secret", Some(&una))).await;
    let err = w
        .app
        .activities(&Acting::itself(&cole), client, None, None, 50)
        .await;
    assert!(matches!(err, Err(AppError::AccessDenied { .. })), "{err:?}");
    let err = w
        .app
        .create_activity(&Acting::itself(&cole), client, conversation("x", None))
        .await;
    assert!(matches!(err, Err(AppError::AccessDenied { .. })), "{err:?}");
    // Even Una, to whom it is assigned, cannot reach it without access.
    let err = w.app.delete_activity(&Acting::itself(&una), made.id).await;
    assert!(matches!(err, Err(AppError::AccessDenied { .. })), "{err:?}");
    // Work as never widens Part A: Cole as Una is refused too.
    let as_una = Acting {
        actor: cole.clone(),
        work_as: Some(una.user_id),
    };
    let err = w.app.activities(&as_una, client, None, None, 50).await;
    assert!(matches!(err, Err(AppError::AccessDenied { .. })), "{err:?}");
}

#[tokio::test]
async fn activity_pages_hold_only_visible_activities() {
    let w = World::new().await;
    let una = w.user("Una", Role::User).await;
    let client = w.client(&w.admin, "Initech").await;
    for i in 0..5 {
        add(
            &w,
            &w.admin,
            client,
            conversation(&format!("other {i}"), None),
        )
        .await;
        add(
            &w,
            &w.admin,
            client,
            conversation(&format!("mine {i}"), Some(&una)),
        )
        .await;
    }
    let acting = Acting::itself(&una);
    let first = w
        .app
        .activities(&acting, client, None, None, 3)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 3);
    let cursor = first.next.unwrap().to_string();
    let second = w
        .app
        .activities(&acting, client, None, Some(&cursor), 3)
        .await
        .unwrap();
    assert_eq!(second.items.len(), 2);
    assert!(second.next.is_none());
    let all: Vec<_> = first.items.iter().chain(&second.items).collect();
    assert!(all.iter().all(|a| a.assignee_id == una.user_id));
    let err = w
        .app
        .activities(&acting, client, None, Some("nope"), 3)
        .await;
    assert_eq!(fields(err.unwrap_err()), ["cursor"]);
}
