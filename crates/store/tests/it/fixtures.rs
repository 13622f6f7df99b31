//! Builders of model values and a small seeded world for the conformance tests.

use casegate_core::{
    AccessRequest, AccessRequestId, Change, Client, ClientId, Company, CompanyId, Group, GroupId,
    How, Language, Membership, MembershipId, Permissions, RequestStatus, Revocation, Role,
    Settings, Share, ShareId, Subject, Timestamp, User, UserId,
};
use casegate_store::Store;
use chrono::DateTime;
use uuid::Uuid;

/// A timestamp from microseconds since the epoch.
pub fn t(micros: i64) -> Timestamp {
    DateTime::from_timestamp_micros(micros).unwrap()
}

/// A base instant with a non-zero microsecond part (2023-11-14T22:13:20.123456Z).
pub const T0: i64 = 1_700_000_000_123_456;

/// A minute in microseconds.
pub const MINUTE: i64 = 60_000_000;

fn v7() -> Uuid {
    Uuid::now_v7()
}

pub fn company(name: &str) -> Company {
    Company {
        id: CompanyId::from_uuid(v7()),
        name: name.to_owned(),
        default_language: Language::Fr,
        timezone: "Europe/Paris".to_owned(),
        settings: Settings::default(),
        created_at: t(T0),
    }
}

pub fn user(company: CompanyId, email: &str, name: &str) -> User {
    User {
        id: UserId::from_uuid(v7()),
        company_id: company,
        email: email.to_owned(),
        name: name.to_owned(),
        role: Role::Contributor,
        active: true,
        share_all_clients: false,
        permissions: Permissions::defaults_for(Role::Contributor),
        language: Language::Da,
        created_at: t(T0 + 1),
    }
}

pub fn group(company: CompanyId, name: &str) -> Group {
    Group {
        id: GroupId::from_uuid(v7()),
        company_id: company,
        name: name.to_owned(),
        created_at: t(T0 + 2),
    }
}

pub fn client(company: CompanyId, owner: UserId, name: &str) -> Client {
    Client {
        id: ClientId::from_uuid(v7()),
        company_id: company,
        name: name.to_owned(),
        email: Some("contact@example.com".to_owned()),
        phone: None,
        tags: vec!["kyc".to_owned(), "été".to_owned()],
        owner_id: owner,
        restricted: false,
        created_at: t(T0 + 3),
        updated_at: t(T0 + 4),
    }
}

pub fn share(company: CompanyId, client: ClientId, subject: Subject, by: UserId, at: i64) -> Share {
    Share {
        id: ShareId::from_uuid(v7()),
        company_id: company,
        client_id: client,
        subject,
        granted_by: Some(by),
        granted_at: t(at),
        granted_how: How::Manual,
        revoked: None,
    }
}

pub fn membership(company: CompanyId, group: GroupId, user: UserId, at: i64) -> Membership {
    Membership {
        id: MembershipId::from_uuid(v7()),
        company_id: company,
        group_id: group,
        user_id: user,
        added_by: None,
        added_at: t(at),
        removed: None,
    }
}

pub fn revocation(by: Option<UserId>, at: i64, how: How) -> Revocation {
    Revocation { by, at: t(at), how }
}

pub fn request(
    id: AccessRequestId,
    company: CompanyId,
    client: ClientId,
    requester: UserId,
    created_at: i64,
) -> AccessRequest {
    AccessRequest {
        id,
        company_id: company,
        client_id: client,
        requester_id: requester,
        message: Some("please, s'il vous plaît".to_owned()),
        status: RequestStatus::Pending,
        created_at: t(created_at),
        expires_at: t(created_at + 30 * 24 * 60 * MINUTE),
        decided_by: None,
        decided_at: None,
        reason: None,
    }
}

/// A committed company with an admin, a second user, a client and a group.
pub struct World {
    pub company: Company,
    pub admin: User,
    pub other: User,
    pub client: Client,
    pub group: Group,
}

/// Creates a [`World`] in one transaction (with its change).
pub async fn world(store: &Store, tag: &str) -> World {
    let company = company(&format!("Cabinet {tag}"));
    let mut admin = user(company.id, &format!("admin-{tag}@example.com"), "Admin");
    admin.role = Role::PrimaryAdmin;
    let other = user(company.id, &format!("other-{tag}@example.com"), "Other");
    let client = client(company.id, admin.id, &format!("Client {tag}"));
    let group = group(company.id, &format!("Group {tag}"));
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&company).await.unwrap();
    tx.insert_user(&admin, Some("$argon2id$v=19$fake"))
        .await
        .unwrap();
    tx.insert_user(&other, None).await.unwrap();
    tx.insert_client(&client).await.unwrap();
    tx.insert_group(&group).await.unwrap();
    let change = Change::Batch {
        changes: vec![
            Change::CompanyCreated {
                company: company.clone(),
            },
            Change::UserSaved {
                user: admin.clone(),
            },
            Change::UserSaved {
                user: other.clone(),
            },
            Change::ClientSaved {
                client: client.clone(),
            },
            Change::GroupSaved {
                group: group.clone(),
            },
        ],
    };
    tx.append_change(&change, t(T0)).await.unwrap();
    tx.commit().await.unwrap();
    World {
        company,
        admin,
        other,
        client,
        group,
    }
}
