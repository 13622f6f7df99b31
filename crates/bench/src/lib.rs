//! casegate's benchmark kit: a seeded, reproducible generator of the BENCH.md
//! data sets (`kyc-s`, `kyc-l`, `saas-m`) as an index [`Snapshot`], and
//! samplers of the queries Q1–Q4 run against them.

use casegate_core::deal::{ContactShare, DealRole, Entity, Participation, Party};
use casegate_core::index::{Index, Snapshot};
use casegate_core::{
    AccountId, Client, ClientId, Company, CompanyId, ContactShareId, EntityId, Group, GroupId, How,
    Language, Membership, MembershipId, NewClientAccess, Permissions, Role, Settings, Share,
    ShareId, Subject, Timestamp, User, UserId,
};
use chrono::{DateTime, Duration};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// The seed every published figure uses.
pub const SEED: u64 = 20_240_601;

/// The size of one BENCH.md data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub name: &'static str,
    pub companies: usize,
    /// Staff per company.
    pub users: usize,
    /// Groups per company.
    pub groups: usize,
    /// Clients per company.
    pub clients: usize,
}

/// 1 company, 1,000 staff, 50 groups, 10,000 clients.
pub const KYC_S: Spec = Spec {
    name: "kyc-s",
    companies: 1,
    users: 1_000,
    groups: 50,
    clients: 10_000,
};
/// 1 company, 20,000 staff, 1,000 groups, 1,000,000 clients.
pub const KYC_L: Spec = Spec {
    name: "kyc-l",
    companies: 1,
    users: 20_000,
    groups: 1_000,
    clients: 1_000_000,
};
/// 1,000 companies of 50 staff, 5 groups and 1,000 clients each.
pub const SAAS_M: Spec = Spec {
    name: "saas-m",
    companies: 1_000,
    users: 50,
    groups: 5,
    clients: 1_000,
};

/// The data set called `name`.
pub fn spec(name: &str) -> Option<Spec> {
    [KYC_S, KYC_L, SAAS_M].into_iter().find(|s| s.name == name)
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ten", "vo", "sel", "dar", "qui", "bel", "nor", "has", "tri", "gan",
    "pe", "ul", "zor", "fin", "ma", "ost", "ri", "lun", "cas", "ve", "do", "im", "sa", "ber",
];
const SUFFIXES: &[&str] = &[
    "Holdings", "Partners", "Capital", "Group", "Trust", "AG", "Ltd", "SA",
];

/// A random capitalised word of 2–4 syllables.
fn word(rng: &mut StdRng) -> String {
    let n = rng.gen_range(2..=4);
    let mut w = String::new();
    for _ in 0..n {
        w.push_str(SYLLABLES.choose(rng).copied().unwrap_or("x"));
    }
    let mut chars = w.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A time-ordered id like the server's UUIDv7 (decision 5): milliseconds in
/// the top 48 bits, version 7, random low bits.
fn id_v7(rng: &mut StdRng, millis: u64) -> Uuid {
    let random: u128 = rng.r#gen::<u128>() & ((1u128 << 74) - 1);
    let variant: u128 = 0b10 << 62;
    Uuid::from_u128((u128::from(millis) << 80) | (7u128 << 76) | variant | random)
}

fn timestamp(secs: i64) -> Timestamp {
    DateTime::UNIX_EPOCH + Duration::seconds(1_700_000_000 + secs)
}

/// Generates `spec` from `seed`: every company with client access on
/// (A1), an owner per client, 0–3 direct user shares and 0–2 group shares
/// per client, 5% of clients shared with the whole company, 1% restricted,
/// each user in 0–3 groups (~25 members per group), 1% share-all, 3 admins
/// (primary admin and two admins) per company, random word names.
pub fn generate(spec: &Spec, seed: u64) -> Snapshot {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut snap = Snapshot::default();
    let mut millis: u64 = 1_700_000_000_000;
    let mut next_ms = || {
        millis += 1;
        millis
    };
    let settings = Settings {
        client_access_enabled: true,
        allow_access_requests: true,
        allow_sharing: false,
        new_client_access: NewClientAccess::Company,
    };
    for c in 0..spec.companies {
        let company_id = CompanyId::from_uuid(id_v7(&mut rng, next_ms()));
        snap.companies.push(Company {
            id: company_id,
            name: format!(
                "{} {}",
                word(&mut rng),
                SUFFIXES.choose(&mut rng).copied().unwrap_or("")
            ),
            default_language: Language::En,
            timezone: "Europe/Copenhagen".into(),
            settings,
            created_at: timestamp(0),
        });
        let first_user = snap.users.len();
        for i in 0..spec.users {
            let role = match i {
                0 => Role::PrimaryAdmin,
                1 | 2 => Role::Admin,
                _ => *[Role::User, Role::User, Role::Contributor, Role::Marketing]
                    .choose(&mut rng)
                    .unwrap_or(&Role::User),
            };
            let id = UserId::from_uuid(id_v7(&mut rng, next_ms()));
            snap.users.push(User {
                id,
                company_id,
                email: format!("u{c}-{i}@bench.example"),
                name: format!("{} {}", word(&mut rng), word(&mut rng)),
                role,
                active: true,
                share_all_clients: i >= 3 && rng.gen_bool(0.01),
                permissions: Permissions::defaults_for(role),
                language: Language::En,
                created_at: timestamp(1),
            });
        }
        let users: Vec<UserId> = snap
            .users
            .get(first_user..)
            .unwrap_or_default()
            .iter()
            .map(|u| u.id)
            .collect();
        let groups: Vec<GroupId> = (0..spec.groups)
            .map(|_| GroupId::from_uuid(id_v7(&mut rng, next_ms())))
            .collect();
        for &id in &groups {
            snap.groups.push(Group {
                id,
                company_id,
                name: format!("{} team", word(&mut rng)),
                created_at: timestamp(2),
            });
        }
        // 0–3 groups per user, weighted so that groups average ~25 members.
        let per_user = spec.groups as f64 * 25.0 / spec.users as f64;
        for &user_id in &users {
            let k = (0..3)
                .filter(|_| rng.gen_bool((per_user / 3.0).min(1.0)))
                .count();
            let mine: Vec<GroupId> = groups.choose_multiple(&mut rng, k).copied().collect();
            for group_id in mine {
                snap.memberships.push(Membership {
                    id: MembershipId::from_uuid(id_v7(&mut rng, next_ms())),
                    company_id,
                    group_id,
                    user_id,
                    added_by: users.first().copied(),
                    added_at: timestamp(3),
                    removed: None,
                });
            }
        }
        let staff = users.get(3..).unwrap_or_default();
        for i in 0..spec.clients {
            let client_id = ClientId::from_uuid(id_v7(&mut rng, next_ms()));
            let owner = staff.choose(&mut rng).or(users.first()).copied();
            let Some(owner_id) = owner else { break };
            snap.clients.push(Client {
                id: client_id,
                company_id,
                name: format!(
                    "{} {}",
                    word(&mut rng),
                    SUFFIXES.choose(&mut rng).copied().unwrap_or("")
                ),
                email: None,
                phone: None,
                tags: Vec::new(),
                owner_id,
                restricted: rng.gen_bool(0.01),
                created_at: timestamp(4),
                updated_at: timestamp(4),
            });
            let mut subjects: Vec<Subject> = Vec::new();
            let n_direct = rng.gen_range(0..=3);
            subjects.extend(
                staff
                    .choose_multiple(&mut rng, n_direct)
                    .map(|&u| Subject::User(u)),
            );
            let n_groups = rng.gen_range(0..=2);
            subjects.extend(
                groups
                    .choose_multiple(&mut rng, n_groups)
                    .map(|&g| Subject::Group(g)),
            );
            if rng.gen_bool(0.05) {
                subjects.push(Subject::Company);
            }
            for subject in subjects {
                snap.shares.push(Share {
                    id: ShareId::from_uuid(id_v7(&mut rng, next_ms())),
                    company_id,
                    client_id,
                    subject,
                    granted_by: Some(owner_id),
                    granted_at: timestamp(5 + i64::try_from(i).unwrap_or(0)),
                    granted_how: How::Manual,
                    revoked: None,
                });
            }
        }
    }
    snap
}

/// The deal desk's load on top of a data set (issue 10's benchmark row):
/// entities per company, how many of the first clients they take part in,
/// and the contacts (spread over the companies) with their files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeskSpec {
    pub entities: usize,
    /// Clients (the first ones of each company) that have an entity.
    pub files: usize,
    /// Contacts over the whole data set.
    pub contacts: usize,
    /// Files each contact is on, through their entity.
    pub files_per_contact: usize,
}

/// 1,000 entities on up to 200,000 files, 100,000 contacts on 5 files each.
pub const DESK: DeskSpec = DeskSpec {
    entities: 1_000,
    files: 200_000,
    contacts: 100_000,
    files_per_contact: 5,
};

/// One contact and the files they are on.
#[derive(Debug, Clone)]
pub struct DeskContact {
    pub company: CompanyId,
    pub account: AccountId,
    pub files: Vec<ClientId>,
}

/// Adds the deal desk to `snap`: each company's entities, each taking part
/// in its share of the company's first clients (client `i` has entity
/// `i % entities`), and contacts, each of one entity, on
/// `files_per_contact` of that entity's files. Returns the contacts with
/// their files, to sample C4 questions whose answer is known.
pub fn add_desk(snap: &mut Snapshot, desk: &DeskSpec, seed: u64) -> Vec<DeskContact> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut millis: u64 = 1_800_000_000_000;
    let mut next_ms = || {
        millis += 1;
        millis
    };
    let companies: Vec<(CompanyId, UserId)> = snap
        .companies
        .iter()
        .filter_map(|c| {
            let owner = snap.users.iter().find(|u| u.company_id == c.id)?.id;
            Some((c.id, owner))
        })
        .collect();
    let per_company = desk.contacts / companies.len().max(1);
    let mut out = Vec::with_capacity(desk.contacts);
    for (company, owner) in companies {
        let clients: Vec<ClientId> = snap
            .clients
            .iter()
            .filter(|c| c.company_id == company)
            .take(desk.files)
            .map(|c| c.id)
            .collect();
        let n_entities = desk.entities.min(clients.len()).max(1);
        let mut entities = Vec::with_capacity(n_entities);
        for e in 0..n_entities {
            let id = EntityId::from_uuid(id_v7(&mut rng, next_ms()));
            snap.entities.push(Entity {
                id,
                company_id: company,
                name: format!("{} {e}", word(&mut rng)),
                kind: DealRole::Lender,
                self_managed: false,
                email_domains: Vec::new(),
                created_at: timestamp(0),
            });
            entities.push(id);
        }
        let mut files_of: Vec<Vec<ClientId>> = vec![Vec::new(); n_entities];
        for (i, &client) in clients.iter().enumerate() {
            let e = i % n_entities;
            let (Some(&entity), Some(files)) = (entities.get(e), files_of.get_mut(e)) else {
                continue;
            };
            files.push(client);
            snap.participations.push(Participation {
                company_id: company,
                client_id: client,
                entity_id: entity,
                role: DealRole::Lender,
                added_by: Some(Party::Staff(owner)),
                added_at: timestamp(1),
            });
        }
        for k in 0..per_company {
            let e = k % n_entities;
            let (Some(&entity), Some(files)) = (entities.get(e), files_of.get(e)) else {
                continue;
            };
            let account = AccountId::from_uuid(id_v7(&mut rng, next_ms()));
            let mut mine: Vec<ClientId> = files
                .choose_multiple(&mut rng, desk.files_per_contact)
                .copied()
                .collect();
            mine.sort_unstable();
            for &client in &mine {
                snap.contact_shares.push(ContactShare {
                    id: ContactShareId::from_uuid(id_v7(&mut rng, next_ms())),
                    company_id: company,
                    client_id: client,
                    entity_id: entity,
                    account_id: account,
                    granted_by: Some(Party::Staff(owner)),
                    granted_at: timestamp(2),
                    how: How::Invitation,
                    succeeds: None,
                    revoked: None,
                });
            }
            out.push(DeskContact {
                company,
                account,
                files: mine,
            });
        }
    }
    out
}

/// One C4 question ("may contact K open file F") and its known answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactQuery {
    pub company: CompanyId,
    pub account: AccountId,
    pub client: ClientId,
    pub allowed: bool,
}

/// `n` C4 questions, half about one of the contact's files (allowed), half
/// about a random client of the company they are not on (denied), shuffled.
pub fn sample_contact_checks(
    contacts: &[DeskContact],
    ids: &Ids,
    n: usize,
    seed: u64,
) -> Vec<ContactQuery> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    if contacts.is_empty() {
        return out;
    }
    while out.len() < n {
        let Some(k) = contacts.choose(&mut rng) else {
            break;
        };
        let allowed = out.len() % 2 == 0;
        let client = if allowed {
            match k.files.choose(&mut rng) {
                Some(&c) => c,
                None => continue,
            }
        } else {
            let Some(company) = ids.companies.iter().find(|c| c.company == k.company) else {
                continue;
            };
            match company.clients.choose(&mut rng) {
                Some(&c) if !k.files.contains(&c) => c,
                _ => continue,
            }
        };
        out.push(ContactQuery {
            company: k.company,
            account: k.account,
            client,
            allowed,
        });
    }
    out.shuffle(&mut rng);
    out
}

/// The ids of a data set by company, kept before the snapshot is loaded.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub companies: Vec<CompanyIds>,
}

/// One company's user and client ids.
#[derive(Debug, Clone)]
pub struct CompanyIds {
    pub company: CompanyId,
    pub users: Vec<UserId>,
    /// Active users neither admin-like nor share-all: those whose client
    /// lists are a real selection (Q2).
    pub regular: Vec<UserId>,
    pub clients: Vec<ClientId>,
    /// Up to 200,000 (user, client) pairs of direct user shares.
    pub direct: Vec<(UserId, ClientId)>,
}

impl Ids {
    /// Collects the ids of `snap`.
    pub fn of(snap: &Snapshot) -> Ids {
        let companies = snap
            .companies
            .iter()
            .map(|c| {
                let mine = |company: CompanyId| company == c.id;
                let mut regular: Vec<UserId> = snap
                    .users
                    .iter()
                    .filter(|u| {
                        mine(u.company_id)
                            && u.active
                            && !u.role.is_admin_like()
                            && !u.share_all_clients
                    })
                    .map(|u| u.id)
                    .collect();
                regular.sort_unstable();
                CompanyIds {
                    company: c.id,
                    users: snap
                        .users
                        .iter()
                        .filter(|u| mine(u.company_id))
                        .map(|u| u.id)
                        .collect(),
                    regular,
                    clients: snap
                        .clients
                        .iter()
                        .filter(|x| mine(x.company_id))
                        .map(|x| x.id)
                        .collect(),
                    direct: snap
                        .shares
                        .iter()
                        .filter(|s| mine(s.company_id))
                        .filter_map(|s| match s.subject {
                            Subject::User(u) => Some((u, s.client_id)),
                            _ => None,
                        })
                        .take(200_000)
                        .collect(),
                }
            })
            .collect();
        Ids { companies }
    }
}

/// One Q1 question and its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    pub company: CompanyId,
    pub user: UserId,
    pub client: ClientId,
    pub allowed: bool,
}

/// `n` random (user, client) pairs of one company, half allowed and half
/// denied, shuffled.
pub fn sample_checks(index: &Index, ids: &Ids, n: usize, seed: u64) -> Vec<Query> {
    let mut rng = StdRng::seed_from_u64(seed);
    let (mut allowed, mut denied) = (Vec::new(), Vec::new());
    let half = n / 2;
    let mut tries = 0usize;
    while (allowed.len() < half || denied.len() < n - half) && tries < n.saturating_mul(1000) {
        tries += 1;
        let Some(c) = ids.companies.choose(&mut rng) else {
            break;
        };
        let (Some(&user), Some(&client), Some(ci)) = (
            c.users.choose(&mut rng),
            c.clients.choose(&mut rng),
            index.company(c.company),
        ) else {
            break;
        };
        let q = Query {
            company: c.company,
            user,
            client,
            allowed: ci.may_open(user, client),
        };
        match q.allowed {
            true if allowed.len() < half => allowed.push(q),
            false if denied.len() < n - half => denied.push(q),
            _ => {}
        }
    }
    allowed.append(&mut denied);
    allowed.shuffle(&mut rng);
    allowed
}

/// `n` random pairs allowed only through a direct share: regular users on
/// clients that they do not own and that have no whole-company share (the
/// longest allowed path of Q1).
pub fn sample_direct(index: &Index, ids: &Ids, n: usize, seed: u64) -> Vec<Query> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(n);
    let mut tries = 0usize;
    while out.len() < n && tries < n.saturating_mul(100) {
        tries += 1;
        let Some(c) = ids.companies.choose(&mut rng) else {
            break;
        };
        let (Some(&(user, client)), Some(ci)) =
            (c.direct.choose(&mut rng), index.company(c.company))
        else {
            break;
        };
        let only_direct = ci.client_owner(client) != Some(user)
            && c.regular.binary_search(&user).is_ok()
            && ci
                .check(user, client)
                .reasons
                .iter()
                .all(|r| matches!(r, casegate_core::index::Reason::DirectShare { .. }));
        if only_direct {
            out.push(Query {
                company: c.company,
                user,
                client,
                allowed: true,
            });
        }
    }
    out
}

/// `n` random regular users (see [`CompanyIds::regular`]) for Q2.
pub fn sample_regular_users(ids: &Ids, n: usize, seed: u64) -> Vec<(CompanyId, UserId)> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .filter_map(|_| {
            let c = ids.companies.choose(&mut rng)?;
            Some((c.company, *c.regular.choose(&mut rng)?))
        })
        .collect()
}

/// `n` random clients (Q3).
pub fn sample_clients(ids: &Ids, n: usize, seed: u64) -> Vec<(CompanyId, ClientId)> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n)
        .filter_map(|_| {
            let c = ids.companies.choose(&mut rng)?;
            Some((c.company, *c.clients.choose(&mut rng)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_reproducible_and_has_the_bench_shape() {
        let a = generate(&KYC_S, SEED);
        assert_eq!(a, generate(&KYC_S, SEED));
        assert_ne!(a, generate(&KYC_S, SEED + 1));
        assert_eq!(
            (a.users.len(), a.groups.len(), a.clients.len()),
            (1_000, 50, 10_000)
        );
        let admins = a.users.iter().filter(|u| u.role.is_admin_like()).count();
        assert_eq!(admins, 3);
        let restricted = a.clients.iter().filter(|c| c.restricted).count();
        assert!((50..=150).contains(&restricted), "{restricted}");
        let company = a
            .shares
            .iter()
            .filter(|s| s.subject == Subject::Company)
            .count();
        assert!((400..=600).contains(&company), "{company}");
        let per_group = a.memberships.len() as f64 / a.groups.len() as f64;
        assert!((20.0..=30.0).contains(&per_group), "{per_group}");
        let index = Index::load(a, casegate_core::Revision(1)).unwrap();
        let ids = Ids::of(&generate(&KYC_S, SEED));
        let checks = sample_checks(&index, &ids, 1_000, 1);
        assert_eq!(checks.iter().filter(|q| q.allowed).count(), 500);
    }

    #[test]
    fn the_desk_load_is_answered_by_the_index_as_generated() {
        let mut snap = generate(&KYC_S, SEED);
        let desk = DeskSpec {
            entities: 100,
            files: 5_000,
            contacts: 2_000,
            files_per_contact: 5,
        };
        let contacts = add_desk(&mut snap, &desk, SEED);
        assert_eq!(contacts.len(), 2_000);
        assert_eq!(snap.contact_shares.len(), 10_000);
        let ids = Ids::of(&snap);
        let index = Index::load(snap, casegate_core::Revision(1)).unwrap();
        let checks = sample_contact_checks(&contacts, &ids, 2_000, 3);
        assert_eq!(checks.iter().filter(|q| q.allowed).count(), 1_000);
        for q in &checks {
            assert_eq!(
                index.contact_may_open(q.account, q.company, q.client),
                q.allowed,
                "{q:?}"
            );
        }
    }
}
