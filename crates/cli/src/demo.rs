//! `casegate demo`: serve a demo company (seeded only into an empty database)
//! and print the URL and the demo logins.

use std::net::{IpAddr, Ipv4Addr};

use casegate_app::{
    Acting, Actor, App, NewActivity, NewClient, NewDocument, NewEntity, NewPackage, NewUser,
    PermissionsPatch, SettingsPatch, UserPatch,
};
use casegate_core::deal::DealRole;
use casegate_core::{
    ActivityKind, ClientId, DocumentVisibility, GroupId, NewClientAccess, Role, Subject, UserId,
};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use tokio::net::TcpListener;

use crate::config::{self, ServerArgs};
use crate::serve;

/// Every demo login shares this password.
pub const DEMO_PASSWORD: &str = "casegate-demo";

/// The demo staff: email, name, role, and what the login shows (printed
/// beside it, never part of the name, so pages show plain names).
const STAFF: &[(&str, &str, Role, &str)] = &[
    (
        "primary@example.com",
        "Petra Primary",
        Role::PrimaryAdmin,
        "primary admin",
    ),
    ("admin@example.com", "Anders Admin", Role::Admin, "admin"),
    (
        "manager@example.com",
        "Mona Manager",
        Role::Manager,
        "manager",
    ),
    (
        "marketing@example.com",
        "Mika Marketing",
        Role::Marketing,
        "marketing",
    ),
    (
        "contributor@example.com",
        "Carla Contributor",
        Role::Contributor,
        "contributor",
    ),
    (
        "user@example.com",
        "Ulrik User",
        Role::User,
        "user; no payments, phone hidden",
    ),
    (
        "sofie@example.com",
        "Sofie Berg",
        Role::User,
        "user; edit rights",
    ),
    (
        "lucas@example.com",
        "Lucas Moreau",
        Role::User,
        "user; no documents, email hidden",
    ),
    (
        "ines@example.com",
        "Inès Dubois",
        Role::Contributor,
        "contributor; restricted view, no packages",
    ),
    (
        "jonas@example.com",
        "Jonas Holm",
        Role::User,
        "user; only his own clients listed",
    ),
];

/// Part B at work: per-member toggles (B3–B10) set after seeding, by email.
fn toggles(email: &str) -> Option<PermissionsPatch> {
    let none = PermissionsPatch::default();
    match email {
        "user@example.com" => Some(PermissionsPatch {
            payments: Some(false),
            hide_phone: Some(true),
            ..none
        }),
        "sofie@example.com" => Some(PermissionsPatch {
            edit_rights: Some(true),
            ..none
        }),
        "lucas@example.com" => Some(PermissionsPatch {
            documents: Some(false),
            hide_email: Some(true),
            ..none
        }),
        "jonas@example.com" => Some(PermissionsPatch {
            list_all_clients: Some(false),
            ..none
        }),
        "ines@example.com" => Some(PermissionsPatch {
            view: Some(casegate_core::View::Restricted),
            packages: Some(false),
            ..none
        }),
        _ => None,
    }
}

/// Groups and the indexes (into STAFF) of their members.
const GROUPS: &[(&str, &[usize])] = &[
    ("Audit team", &[4, 6, 7]),
    ("KYC analysts", &[5, 8, 9]),
    ("Deal desk", &[2, 6, 9]),
];

const FIRST: &[&str] = &[
    "Aurora",
    "Baltic",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Linden",
    "Meridian",
    "Nordic",
    "Oak",
    "Pioneer",
    "Quartz",
    "Riverside",
    "Saffron",
    "Tundra",
    "Umber",
    "Vega",
    "Willow",
    "Zephyr",
];
const SECOND: &[&str] = &[
    "Capital",
    "Holdings",
    "Logistics",
    "Shipping",
    "Foods",
    "Energy",
    "Pharma",
    "Textiles",
    "Partners",
    "Estates",
    "Analytics",
    "Motors",
    "Retail",
    "Marine",
    "Studios",
    "Foundry",
];
const TAGS: &[&str] = &["kyc", "audit", "deal"];
const SUFFIX: &[&str] = &["A/S", "ApS", "SAS", "SARL", "Ltd", "GmbH", "AB", "BV"];

/// The demo's outside contacts (Part C): email, name, entity (index into
/// `ENTITIES`) and how many of the first demo clients they follow.
pub const CONTACTS: &[(&str, &str, usize, usize)] = &[
    ("lea@lumiere.example", "Léa Lefèvre", 0, 3),
    ("max@havn.example", "Max Havn", 1, 2),
];

/// The demo's entities: name, role, email domain.
const ENTITIES: &[(&str, DealRole, &str)] = &[
    ("Banque Lumière", DealRole::Lender, "lumiere.example"),
    ("Havn Ejendomme", DealRole::Borrower, "havn.example"),
];

/// How many demo clients are created.
const CLIENTS: usize = 300;
/// Demo clients given activities, documents and packages (every section shows).
const CONTENT_CLIENTS: usize = 12;

/// Runs `demo`.
pub async fn run(args: ServerArgs) -> anyhow::Result<()> {
    let listener = TcpListener::bind(&args.bind).await?;
    let addr = listener.local_addr()?;
    let url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let app = config::open_app(
        &args.database,
        args.smtp_url.clone(),
        url.clone(),
        args.outbox_dir.clone(),
        args.behind_proxy,
    )
    .await?;
    if app.company_count().await? == 0 {
        tracing::info!("seeding the demo company");
        seed(&app).await?;
    } else {
        tracing::info!("the database is not empty: the demo company is not created again");
    }
    let mut banner = vec![
        format!("casegate demo: {url}"),
        format!("  API documentation: {url}/api/docs"),
        format!("  sign in with any of these (password `{DEMO_PASSWORD}`):"),
    ];
    banner.extend(
        STAFF
            .iter()
            .map(|(email, name, _, note)| format!("    {email:<26} {name:<18} ({note})")),
    );
    banner.push("  outside contacts of the deal desk (their files at /desk):".to_owned());
    banner.extend(CONTACTS.iter().map(|(email, name, entity, files)| {
        let entity = ENTITIES.get(*entity).map_or("", |e| e.0);
        format!("    {email:<26} {name:<18} ({entity}, {files} files)")
    }));
    serve::serve_app(app, listener, addr, Some(banner)).await
}

/// Creates the demo company: staff of every role, groups, clients with every
/// kind of share, and pending access requests.
async fn seed(app: &App) -> anyhow::Result<()> {
    let Some((primary_email, primary_name, _, _)) = STAFF.first() else {
        anyhow::bail!("the demo has no staff");
    };
    app.create_company(
        "Nordlys Advisory",
        primary_email,
        primary_name,
        DEMO_PASSWORD,
    )
    .await?;
    let admin = sign_in(app, primary_email).await?;

    let mut staff: Vec<UserId> = vec![admin.user_id];
    for (email, name, role, _) in STAFF.iter().skip(1) {
        let user = app
            .create_user(
                &admin,
                NewUser {
                    email: (*email).to_owned(),
                    name: (*name).to_owned(),
                    role: *role,
                    password: Some(DEMO_PASSWORD.to_owned()),
                    language: None,
                },
            )
            .await?;
        staff.push(user.value.id);
    }

    let mut groups: Vec<GroupId> = Vec::new();
    for (name, members) in GROUPS {
        let member_ids: Vec<UserId> = members
            .iter()
            .filter_map(|i| staff.get(*i).copied())
            .collect();
        let group = app.create_group(&admin, name, &member_ids).await?;
        groups.push(group.value.id);
    }

    app.update_settings(
        &admin,
        SettingsPatch {
            client_access_enabled: Some(true),
            allow_access_requests: Some(true),
            allow_sharing: Some(false),
            new_client_access: Some(NewClientAccess::OwnerOnly),
        },
    )
    .await?;

    let mut rng = StdRng::seed_from_u64(7);
    let mut clients: Vec<ClientId> = Vec::new();
    for n in 0..CLIENTS {
        let name = format!(
            "{} {} {}",
            FIRST.choose(&mut rng).copied().unwrap_or("Aurora"),
            SECOND.choose(&mut rng).copied().unwrap_or("Capital"),
            SUFFIX.choose(&mut rng).copied().unwrap_or("A/S"),
        );
        let slug: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        let owner = staff.get(n % staff.len()).copied();
        let client = app
            .create_client(
                &admin,
                NewClient {
                    name,
                    email: Some(format!("contact{n}@{slug}.example")),
                    phone: Some(format!("+45 {:08}", rng.gen_range(20_000_000..99_999_999))),
                    tags: vec![
                        TAGS.get(n % TAGS.len())
                            .copied()
                            .unwrap_or("kyc")
                            .to_owned(),
                    ],
                    owner_id: owner,
                },
            )
            .await?;
        let id = client.value.id;
        clients.push(id);
        match n % 6 {
            0 | 1 => {
                app.grant(&admin, id, Subject::Company, false, None).await?;
            }
            2 => {
                if let Some(group) = groups.get(n % groups.len()) {
                    app.grant(&admin, id, Subject::Group(*group), false, None)
                        .await?;
                }
            }
            3 => {
                if let Some(user) = staff.get(rng.gen_range(0..staff.len())) {
                    app.grant(&admin, id, Subject::User(*user), false, None)
                        .await?;
                }
            }
            _ => {}
        }
    }

    // Two pending requests by the plain user, one by Sofie, on clients they cannot open.
    for email in ["user@example.com", "user@example.com", "sofie@example.com"] {
        let requester = sign_in(app, email).await?;
        let locked = app
            .clients(&requester, None, None, 500)
            .await?
            .items
            .into_iter()
            .filter(|entry| entry.locked)
            .map(|entry| entry.id)
            .collect::<Vec<_>>();
        let pick = locked.get(rng.gen_range(0..locked.len().max(1))).copied();
        if let Some(client) = pick {
            app.request_access(
                &requester,
                client,
                Some("I am preparing the quarterly review for this client.".to_owned()),
            )
            .await?;
        }
        app.logout(&requester).await?;
    }
    // Part B: toggles that show the permission table at work (B5, B6, B8–B10).
    for ((email, _, _, _), id) in STAFF.iter().zip(&staff) {
        if let Some(permissions) = toggles(email) {
            app.update_user(
                &admin,
                *id,
                UserPatch {
                    permissions,
                    ..UserPatch::default()
                },
            )
            .await?;
        }
    }
    contents(app, &admin, &clients, &staff).await?;
    deal_desk(app, &admin, &clients).await?;
    app.logout(&admin).await?;
    Ok(())
}

/// Part C: a lender and a borrower taking part in the first demo clients,
/// with contacts who accept their invitations as they would from the email
/// (the demo reads the link from its own outbox), so they can sign in.
async fn deal_desk(app: &App, admin: &Actor, clients: &[ClientId]) -> anyhow::Result<()> {
    let mut entities = Vec::new();
    for (name, role, domain) in ENTITIES {
        let entity = app
            .create_entity(
                admin,
                NewEntity {
                    name: (*name).to_owned(),
                    kind: *role,
                    self_managed: false,
                    email_domains: vec![(*domain).to_owned()],
                },
            )
            .await?;
        entities.push((entity.value.id, *role));
    }
    for (email, name, entity, files) in CONTACTS {
        let Some(&(entity, role)) = entities.get(*entity) else {
            continue;
        };
        for client in clients.iter().take(*files) {
            app.add_entity_to_file(admin, *client, entity, role).await?;
            app.add_contact(admin, *client, entity, email, Some(name))
                .await?;
        }
        accept_from_outbox(app, email).await?;
    }
    Ok(())
}

/// Accepts the invitation waiting in the outbox for `email` with the demo
/// password; the other messages stay in the outbox, to be delivered.
async fn accept_from_outbox(app: &App, email: &str) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let waiting = app.store().outbox_claim(now, now, 1_000).await?;
    let prefix = format!(
        "{}/invitations/",
        app.config().public_url.trim_end_matches('/')
    );
    for message in waiting.iter().filter(|m| m.to == email) {
        let Some(start) = message.body_text.find(&prefix) else {
            continue;
        };
        let token: String = message.body_text[start + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        app.accept_any_invitation(&token, None, DEMO_PASSWORD, IpAddr::V4(Ipv4Addr::LOCALHOST))
            .await?;
        app.store().outbox_mark_sent(message.id, now).await?;
    }
    Ok(())
}

/// Activities of every kind, documents of every visibility and packages on
/// the first demo clients, so every section of a client page shows.
async fn contents(
    app: &App,
    admin: &Actor,
    clients: &[ClientId],
    staff: &[UserId],
) -> anyhow::Result<()> {
    let now = chrono::Utc::now();
    let as_admin = Acting::itself(admin);
    for (n, client) in clients.iter().take(CONTENT_CLIENTS).enumerate() {
        let assignee = staff.get(n % staff.len()).copied();
        let day = chrono::Duration::days(i64::try_from(n).unwrap_or(0) + 1);
        for (kind, summary, amount) in [
            (
                ActivityKind::Conversation,
                "Call about the beneficial owners",
                None,
            ),
            (ActivityKind::Appointment, "Annual KYC review meeting", None),
            (
                ActivityKind::Payment,
                "Audit fee, first half",
                Some(1_250_000),
            ),
            (ActivityKind::Document, "Passport copy requested", None),
        ] {
            app.create_activity(
                &as_admin,
                *client,
                NewActivity {
                    kind,
                    summary: summary.to_owned(),
                    assignee_id: assignee,
                    starts_at: Some(match kind {
                        ActivityKind::Appointment => now + day,
                        _ => now - day,
                    }),
                    amount_cents: amount,
                    currency: amount.map(|_| "DKK".to_owned()),
                },
            )
            .await?;
        }
        for (name, visibility, text) in [
            (
                "engagement-letter.txt",
                DocumentVisibility::Shared,
                "Engagement letter (demo).\n",
            ),
            (
                "risk-assessment.txt",
                DocumentVisibility::Internal,
                "Risk assessment: low (demo).\n",
            ),
            (
                "my-notes.txt",
                DocumentVisibility::Personal,
                "Notes only the uploader sees (demo).\n",
            ),
        ] {
            let mut upload = app
                .begin_upload(
                    admin,
                    *client,
                    NewDocument {
                        name: name.to_owned(),
                        content_type: Some("text/plain".to_owned()),
                        visibility,
                    },
                )
                .await?;
            upload.write(text.as_bytes()).await?;
            upload.finish().await?;
        }
        for (name, price) in [
            ("Onboarding package", 450_000),
            ("Annual monitoring", 120_000),
        ] {
            app.add_package(
                admin,
                *client,
                NewPackage {
                    name: name.to_owned(),
                    price_cents: Some(price),
                },
            )
            .await?;
        }
    }
    Ok(())
}

async fn sign_in(app: &App, email: &str) -> anyhow::Result<Actor> {
    let here = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let (token, _) = app.login(email, DEMO_PASSWORD, here).await?;
    Ok(app.authenticate(&token).await?)
}
