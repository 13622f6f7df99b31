//! Part B inside a client file at the app layer: documents (B6, B7),
//! packages and masking (B8), tags and opt-in (B9), the client list (B10),
//! the view log (X9), and a property: no sequence of uploads, visibility,
//! role and toggle changes lets anyone read another's personal document or
//! a contact field hidden from them.

use casegate_app::{
    Actor, App, AppError, ClientPatch, NewClient, NewDocument, NewPackage, PermissionsPatch,
    ProfilePatch, UserPatch,
};
use casegate_core::{ClientId, DocumentId, DocumentVisibility, Role, ViewKind};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::{World, actor};

/// Uploads `bytes` in uneven pieces; the new document's id.
async fn upload(
    app: &App,
    who: &Actor,
    client: ClientId,
    bytes: &[u8],
    visibility: DocumentVisibility,
) -> Result<DocumentId, AppError> {
    let input = NewDocument {
        name: "dir/file.bin".into(),
        content_type: None,
        visibility,
    };
    let mut up = app.begin_upload(who, client, input).await?;
    for piece in bytes.chunks(100_003) {
        up.write(piece).await?;
    }
    Ok(up.finish().await?.value.id)
}

/// Every byte of a document, chunk by chunk, as `who`.
async fn read_all(app: &App, who: &Actor, id: DocumentId) -> Result<Vec<u8>, AppError> {
    let content = app.open_document(who, id).await?;
    let mut out = Vec::new();
    for seq in 0..content.chunks {
        out.extend(app.document_chunk(who.company_id, id, seq).await?.unwrap());
    }
    Ok(out)
}

/// Changes `who`'s permissions and role as the admin; the refreshed actor.
async fn set(w: &World, who: &Actor, role: Option<Role>, p: PermissionsPatch) -> Actor {
    let patch = UserPatch {
        role,
        permissions: p,
        ..UserPatch::default()
    };
    let user = w
        .app
        .update_user(&w.admin, who.user_id, patch)
        .await
        .unwrap()
        .value;
    actor(&user)
}

async fn contact_client(w: &World) -> ClientId {
    let input = NewClient {
        name: "Contact Co".into(),
        email: Some("c@contact.test".into()),
        phone: Some("+45 5555".into()),
        tags: vec!["vip".into()],
        owner_id: None,
    };
    w.app.create_client(&w.admin, input).await.unwrap().value.id
}

#[tokio::test]
async fn b6_uploads_stream_into_chunks_and_read_back_exactly() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Bytes").await;
    let bytes: Vec<u8> = (0..(600 * 1024 + 5)).map(|i| (i % 251) as u8).collect();
    let id = upload(&w.app, &w.admin, client, &bytes, DocumentVisibility::Shared)
        .await
        .unwrap();
    let content = w.app.open_document(&w.admin, id).await.unwrap();
    assert_eq!(content.chunks, 3);
    assert_eq!(content.document.name, "file.bin");
    assert_eq!(content.document.size, bytes.len() as u64);
    assert_eq!(content.document.sha256.len(), 64);
    assert_eq!(read_all(&w.app, &w.admin, id).await.unwrap(), bytes);
}

#[tokio::test]
async fn b6_an_upload_under_way_holds_back_no_other_write() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Slow Upload").await;
    let input = NewDocument {
        name: "slow.bin".into(),
        content_type: Some("application/x-slow".into()),
        visibility: DocumentVisibility::Internal,
    };
    let mut up = w.app.begin_upload(&w.admin, client, input).await.unwrap();
    up.write(&[1; 1000]).await.unwrap();
    // Meanwhile, writes and view-log lines go through at once.
    let other = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        w.client(&w.admin, "Meanwhile"),
    )
    .await
    .expect("a write waited for the upload");
    w.app.open_client(&w.admin, other).await.unwrap();
    assert!(w.app.documents(&w.admin, client).await.unwrap().is_empty());
    up.write(&[2; 10]).await.unwrap();
    let doc = up.finish().await.unwrap().value;
    assert_eq!(doc.size, 1010);
    assert_eq!(doc.content_type, "application/x-slow");
    assert_eq!(w.app.documents(&w.admin, client).await.unwrap(), [doc]);
}

#[tokio::test]
async fn b6_an_upload_dropped_unfinished_stores_nothing() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Dropped").await;
    let input = NewDocument {
        name: "gone.bin".into(),
        content_type: None,
        visibility: DocumentVisibility::Shared,
    };
    let mut up = w.app.begin_upload(&w.admin, client, input).await.unwrap();
    up.write(b"half").await.unwrap();
    drop(up);
    assert!(w.app.documents(&w.admin, client).await.unwrap().is_empty());
}

#[tokio::test]
async fn b6_documents_off_forbids_everything() {
    let w = World::new().await;
    let user = w.user("Dora", Role::User).await;
    let client = w.client(&w.admin, "Docs").await;
    let doc = upload(&w.app, &w.admin, client, b"x", DocumentVisibility::Shared)
        .await
        .unwrap();
    let off = PermissionsPatch {
        documents: Some(false),
        ..PermissionsPatch::default()
    };
    let user = set(&w, &user, None, off).await;
    let refused = |r: Result<_, AppError>| matches!(r, Err(AppError::Forbidden(_)));
    assert!(refused(w.app.documents(&user, client).await.map(|_| ())));
    assert!(refused(
        upload(&w.app, &user, client, b"y", DocumentVisibility::Shared)
            .await
            .map(|_| ())
    ));
    assert!(refused(w.app.open_document(&user, doc).await.map(|_| ())));
}

#[tokio::test]
async fn b7_personal_documents_reach_their_uploader_alone() {
    let w = World::new().await;
    let contributor = w.user("Cleo", Role::Contributor).await;
    let client = w.client(&w.admin, "Mine").await;
    let doc = upload(
        &w.app,
        &contributor,
        client,
        b"p",
        DocumentVisibility::Personal,
    )
    .await
    .unwrap();
    assert!(w.app.documents(&w.admin, client).await.unwrap().is_empty());
    assert!(matches!(
        w.app.open_document(&w.admin, doc).await,
        Err(AppError::NotFound)
    ));
    assert_eq!(
        w.app.documents(&contributor, client).await.unwrap().len(),
        1
    );
    assert_eq!(read_all(&w.app, &contributor, doc).await.unwrap(), b"p");
}

#[tokio::test]
async fn b8_packages_need_the_packages_permission() {
    let w = World::new().await;
    let user = w.user("Pat", Role::User).await;
    let client = w.client(&w.admin, "Packs").await;
    let pack = NewPackage {
        name: "Ten visits".into(),
        price_cents: Some(1000),
    };
    w.app
        .add_package(&user, client, pack.clone())
        .await
        .unwrap();
    assert_eq!(w.app.packages(&user, client).await.unwrap().len(), 1);
    let off = PermissionsPatch {
        packages: Some(false),
        ..PermissionsPatch::default()
    };
    let user = set(&w, &user, None, off).await;
    assert!(matches!(
        w.app.packages(&user, client).await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        w.app.add_package(&user, client, pack).await,
        Err(AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn b8_hidden_contact_fields_are_masked_per_viewer() {
    let w = World::new().await;
    let user = w.user("Mo", Role::User).await;
    let client = contact_client(&w).await;
    let hide = PermissionsPatch {
        hide_email: Some(true),
        ..PermissionsPatch::default()
    };
    let user = set(&w, &user, None, hide).await;
    let card = w.app.open_client(&user, client).await.unwrap();
    assert_eq!(card.client.email, None);
    assert!(card.masking.hide_email);
    assert_eq!(card.client.phone.as_deref(), Some("+45 5555"));
    // A manager is never masked, whatever is stored (B3).
    let user = set(&w, &user, Some(Role::Manager), PermissionsPatch::default()).await;
    let card = w.app.open_client(&user, client).await.unwrap();
    assert_eq!(card.client.email.as_deref(), Some("c@contact.test"));
}

#[tokio::test]
async fn b8_hidden_contact_fields_never_reach_emails() {
    let w = World::new().await;
    w.settings(true, true, false).await;
    w.new_client_access(casegate_core::NewClientAccess::OwnerOnly)
        .await;
    let olga = w.user("Olga", Role::User).await;
    let bob = w.user("Bob", Role::User).await;
    let client = contact_client(&w).await;
    let hide = PermissionsPatch {
        hide_email: Some(true),
        hide_phone: Some(true),
        ..PermissionsPatch::default()
    };
    let olga = set(&w, &olga, None, hide).await;
    w.app
        .transfer_owner(&w.admin, client, olga.user_id)
        .await
        .unwrap();
    w.clear_mail().await;
    // Bob asks; Olga (the owner, masked) and the admin are asked (A15).
    let request = w
        .app
        .request_access(&bob, client, Some("for the audit".into()))
        .await
        .unwrap()
        .value
        .request
        .request;
    w.app.approve_request(&olga, request.id).await.unwrap();
    let mail = w.delivered().await;
    assert!(mail.len() >= 3, "request to two grantors, decision to Bob");
    for text in &mail {
        assert!(text.contains("Contact Co"), "every email names the client");
        assert!(!text.contains("c@contact.test"), "no client email in mail");
        assert!(!text.contains("5555"), "no client phone in mail");
    }
}

#[tokio::test]
async fn b9_tags_and_opt_in_need_edit_rights_and_nothing_changes() {
    let w = World::new().await;
    let user = w.user("Ed", Role::Contributor).await;
    let client = contact_client(&w).await;
    let tags = ClientPatch {
        tags: Some(vec!["gold".into()]),
        name: Some("Renamed".into()),
        ..ClientPatch::default()
    };
    let r = w
        .app
        .update_client_card(&user, client, tags.clone(), ProfilePatch::default())
        .await;
    assert!(matches!(r, Err(AppError::Forbidden(_))));
    let opt_in = ProfilePatch {
        marketing_opt_in: Some(true),
        notes: Some(Some("n".into())),
        ..ProfilePatch::default()
    };
    let r = w
        .app
        .update_client_card(&user, client, ClientPatch::default(), opt_in.clone())
        .await;
    assert!(matches!(r, Err(AppError::Forbidden(_))));
    let card = w
        .app
        .card_for(&w.admin, w.app.client(&w.admin, client).await.unwrap())
        .await
        .unwrap();
    assert_eq!(card.client.name, "Contact Co");
    assert_eq!(card.client.tags, ["vip"]);
    assert!(!card.profile.marketing_opt_in);
    assert_eq!(card.profile.notes, None);
    let on = PermissionsPatch {
        edit_rights: Some(true),
        ..PermissionsPatch::default()
    };
    let user = set(&w, &user, None, on).await;
    let done = w
        .app
        .update_client_card(&user, client, tags, opt_in)
        .await
        .unwrap()
        .value;
    assert_eq!(done.client.tags, ["gold"]);
    assert!(done.profile.marketing_opt_in);
    assert_eq!(done.profile.notes.as_deref(), Some("n"));
}

#[tokio::test]
async fn b10_list_without_view_every_client_shows_owned_and_worked_with() {
    let w = World::new().await;
    let user = w.user("Lu", Role::User).await;
    let owned = w.client(&user, "Owned").await;
    let _other = w.client(&w.admin, "Other").await;
    let off = PermissionsPatch {
        list_all_clients: Some(false),
        ..PermissionsPatch::default()
    };
    let user = set(&w, &user, None, off).await;
    let page = w.app.clients(&user, None, None, 50).await.unwrap();
    let ids: Vec<ClientId> = page.items.iter().map(|c| c.id).collect();
    assert_eq!(ids, [owned]);
    assert!(!page.items[0].locked);
    let all = w.app.clients(&w.admin, None, None, 50).await.unwrap();
    assert_eq!(all.items.len(), 2);
}

#[tokio::test]
async fn x9_openings_and_downloads_are_logged_newest_first() {
    let w = World::new().await;
    let user = w.user("Viv", Role::User).await;
    let client = w.client(&w.admin, "Logged").await;
    w.app.open_client(&user, client).await.unwrap();
    let doc = upload(&w.app, &w.admin, client, b"d", DocumentVisibility::Shared)
        .await
        .unwrap();
    w.app.open_document(&w.admin, doc).await.unwrap();
    let page = w.app.views(&w.admin, client, None, 50).await.unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].entry.kind, ViewKind::DocumentDownloaded);
    assert_eq!(page.items[0].entry.document_id, Some(doc));
    assert_eq!(page.items[1].entry.kind, ViewKind::ClientOpened);
    assert_eq!(page.items[1].entry.user_id, user.user_id);
    assert_eq!(page.items[1].user.name, "Viv");
    assert!(!page.items[1].entry.through.is_empty());
    assert!(matches!(
        w.app.views(&user, client, None, 50).await,
        Err(AppError::Forbidden(_))
    ));
}

#[derive(Debug, Clone)]
enum Op {
    Upload { by: usize, visibility: u8 },
    Toggle { user: usize, which: u8, on: bool },
    Role { user: usize, role: u8 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3_usize, 0..3_u8).prop_map(|(by, visibility)| Op::Upload { by, visibility }),
        (0..3_usize, 0..5_u8, any::<bool>()).prop_map(|(user, which, on)| Op::Toggle {
            user,
            which,
            on
        }),
        (0..3_usize, 0..5_u8).prop_map(|(user, role)| Op::Role { user, role }),
    ]
}

const VISIBILITIES: [DocumentVisibility; 3] = [
    DocumentVisibility::Shared,
    DocumentVisibility::Internal,
    DocumentVisibility::Personal,
];
const ROLES: [Role; 5] = [
    Role::Admin,
    Role::Manager,
    Role::Marketing,
    Role::Contributor,
    Role::User,
];

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

proptest! {
    #![proptest_config(Config { cases: 12, failure_persistence: None, ..Config::default() })]

    #[test]
    fn no_sequence_leaks_personal_documents_or_hidden_fields(
        ops in prop::collection::vec(op(), 1..12),
    ) {
        block_on(async move {
            let w = World::new().await;
            let client = contact_client(&w).await;
            let mut staff = [
                w.user("Ann", Role::User).await,
                w.user("Ben", Role::Contributor).await,
                w.user("Cat", Role::Manager).await,
            ];
            let mut personal: Vec<(DocumentId, casegate_core::UserId)> = Vec::new();
            for op in ops {
                match op {
                    Op::Upload { by, visibility } => {
                        let v = VISIBILITIES[visibility as usize];
                        let done = upload(&w.app, &staff[by], client, b"s", v).await;
                        if let (Ok(id), DocumentVisibility::Personal) = (done, v) {
                            personal.push((id, staff[by].user_id));
                        }
                    }
                    Op::Toggle { user, which, on } => {
                        let mut p = PermissionsPatch::default();
                        match which {
                            0 => p.documents = Some(on),
                            1 => p.hide_email = Some(on),
                            2 => p.hide_phone = Some(on),
                            3 => p.list_all_clients = Some(on),
                            _ => p.edit_rights = Some(on),
                        }
                        staff[user] = set(&w, &staff[user], None, p).await;
                    }
                    Op::Role { user, role } => {
                        let role = ROLES[role as usize];
                        staff[user] = set(&w, &staff[user], Some(role), PermissionsPatch::default()).await;
                    }
                }
                for who in staff.iter().chain(std::iter::once(&w.admin)) {
                    let me = w.app.me(who).await.unwrap();
                    let masked_role = matches!(me.role, Role::Contributor | Role::User);
                    let card = w.app.open_client(who, client).await.unwrap();
                    if masked_role && me.permissions.hide_email {
                        assert_eq!(card.client.email, None);
                    }
                    if masked_role && me.permissions.hide_phone {
                        assert_eq!(card.client.phone, None);
                    }
                    let listed = w.app.documents(who, client).await.unwrap_or_default();
                    for (doc, owner) in &personal {
                        if *owner != who.user_id {
                            assert!(listed.iter().all(|d| d.id != *doc));
                            assert!(w.app.open_document(who, *doc).await.is_err());
                        }
                    }
                }
            }
        });
    }
}
