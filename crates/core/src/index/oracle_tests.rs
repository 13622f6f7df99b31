//! Property test: after any sequence of changes, the index agrees with a
//! naive recomputation from the plain list of open rows (STYLE.md 12), and
//! `Index::load` of those rows answers exactly like the index built change
//! by change.

use proptest::prelude::*;

use super::oracle::{COMPANY, Model, op};
use super::testkit::company_row;
use super::{Census, CompanyIndex, Cursor, Holdings, Index, Page};
use crate::change::{Change, Revision};
use crate::model::{Settings, Subject};

fn walk<T>(mut page: impl FnMut(Option<&Cursor>) -> Page<T>) -> Vec<T> {
    let (mut out, mut cursor) = (Vec::new(), None::<Cursor>);
    for _ in 0..10_000 {
        let p = page(cursor.as_ref());
        assert!(
            p.next.is_none() || !p.items.is_empty(),
            "a page with a next cursor is never empty"
        );
        out.extend(p.items);
        match p.next {
            Some(next) => cursor = Some(Cursor::decode(&next.encode()).unwrap()),
            None => return out,
        }
    }
    panic!("paging does not end");
}

fn by_name<K: Ord + Copy>(items: impl Iterator<Item = (String, K)>) -> Vec<K> {
    let mut v: Vec<(String, K)> = items.collect();
    v.sort_by(|a, b| (a.0.to_lowercase(), &a.0, a.1).cmp(&(b.0.to_lowercase(), &b.0, b.1)));
    v.into_iter().map(|(_, k)| k).collect()
}

fn check_against_model(ci: &CompanyIndex, m: &Model, page: usize) {
    let uid = |u: usize| m.users[u].id;
    for u in 0..m.users.len() {
        for c in 0..m.clients.len() {
            let want = m.opens(u, c, None);
            let d = ci.check(uid(u), m.clients[c].0.id);
            assert_eq!(d.allowed, want, "check({u}, {c})");
            assert_eq!(ci.may_open(uid(u), m.clients[c].0.id), want);
            assert!(!d.reasons.is_empty() && d.reasons.iter().all(|r| r.grants() == want));
        }
        let want = by_name(
            m.live_clients()
                .into_iter()
                .filter(|&c| m.opens(u, c, None))
                .map(|c| (m.clients[c].0.name.clone(), m.clients[c].0.id)),
        );
        assert_eq!(
            walk(|cur| ci.clients_for(uid(u), cur, page)),
            want,
            "clients_for({u})"
        );
        if m.users[u].active {
            let list = walk(|cur| ci.client_list(uid(u), None, cur, page));
            let all = by_name(m.live_clients().into_iter().map(|c| {
                (
                    m.clients[c].0.name.clone(),
                    (m.clients[c].0.id, !m.opens(u, c, None)),
                )
            }));
            assert_eq!(
                list.iter().map(|i| (i.id, i.locked)).collect::<Vec<_>>(),
                all
            );
        }
    }
    for c in m.live_clients() {
        let cid = m.clients[c].0.id;
        let want = by_name(
            (0..m.users.len())
                .filter(|&u| m.opens(u, c, None))
                .map(|u| (m.users[u].name.clone(), uid(u))),
        );
        let got = walk(|cur| ci.users_for(cid, cur, page));
        assert_eq!(
            got.iter().map(|(u, _)| *u).collect::<Vec<_>>(),
            want,
            "users_for({c})"
        );
        for (u, reasons) in &got {
            assert_eq!(&ci.check(*u, cid).reasons, reasons);
        }
        let grantors = by_name(
            (0..m.users.len())
                .filter(|&u| {
                    let user = &m.users[u];
                    user.active
                        && (user.role.is_admin_like()
                            || user.id == m.clients[c].0.owner_id
                            || (m.settings.allow_sharing && m.opens(u, c, None)))
                })
                .map(|u| (m.users[u].name.clone(), uid(u))),
        );
        assert_eq!(ci.grantors(cid), grantors);
        assert_eq!(ci.is_restricted(cid), m.clients[c].0.restricted);
        // A19 impact: for every subject, shared on the client or not.
        let subjects = m
            .users
            .iter()
            .map(|u| Subject::User(u.id))
            .chain(m.groups.iter().map(|g| Subject::Group(g.0.id)))
            .chain([Subject::Company]);
        for subject in subjects {
            let losers = by_name(
                (0..m.users.len())
                    .filter(|&u| m.opens(u, c, None) && !m.opens_unless(u, c, None, Some(subject)))
                    .map(|u| (m.users[u].name.clone(), uid(u))),
            );
            assert_eq!(
                ci.lose_access_if_revoked(cid, subject),
                losers,
                "lose_access_if_revoked({c}, {subject:?})"
            );
        }
    }
    let live = m.live_clients();
    assert_eq!(
        ci.census(),
        Census {
            active_users: m.users.iter().filter(|u| u.active).count(),
            live_clients: live.len(),
            restricted_clients: live.iter().filter(|&&c| m.clients[c].0.restricted).count(),
        },
        "census"
    );
    for u in 0..m.users.len() {
        let want = holdings_in_model(m, u, None);
        assert_eq!(ci.holdings(uid(u)), want, "holdings({u})");
        for to in 0..m.users.len() {
            let plan = if to == u {
                Holdings::default()
            } else {
                holdings_in_model(m, u, Some(to))
            };
            assert_eq!(ci.handover_plan(uid(u), uid(to)), plan, "plan({u}, {to})");
        }
    }
    for g in m.live_groups() {
        let gid = m.groups[g].0.id;
        let clients: Vec<usize> = m
            .live_clients()
            .into_iter()
            .filter(|&c| {
                m.shares
                    .iter()
                    .any(|s| s.client_id == m.clients[c].0.id && s.subject == Subject::Group(gid))
            })
            .collect();
        let losers = (0..m.users.len())
            .filter(|&u| {
                m.members.contains(&(g, u))
                    && clients
                        .iter()
                        .any(|&c| m.opens(u, c, None) && !m.opens(u, c, Some(g)))
            })
            .count();
        assert_eq!(
            ci.group_deletion_impact(gid),
            (clients.len(), losers),
            "impact({g})"
        );
    }
}

/// C8, X11 the plain way: what user `u` holds, or with `successor` what a
/// handover to them passes on (what the successor already has left out).
fn holdings_in_model(m: &Model, u: usize, successor: Option<usize>) -> Holdings {
    let id = m.users[u].id;
    let direct = |user: usize, c: usize| {
        m.shares.iter().any(|s| {
            s.client_id == m.clients[c].0.id && s.subject == Subject::User(m.users[user].id)
        })
    };
    let client = |c: usize| (m.clients[c].0.name.clone(), m.clients[c].0.id);
    Holdings {
        owned: by_name(
            m.live_clients()
                .into_iter()
                .filter(|&c| m.clients[c].0.owner_id == id)
                .map(client),
        ),
        shared: by_name(
            m.live_clients()
                .into_iter()
                .filter(|&c| direct(u, c) && !successor.is_some_and(|s| direct(s, c)))
                .map(client),
        ),
        groups: by_name(
            m.live_groups()
                .into_iter()
                .filter(|&g| {
                    m.members.contains(&(g, u))
                        && !successor.is_some_and(|s| m.members.contains(&(g, s)))
                })
                .map(|g| (m.groups[g].0.name.clone(), m.groups[g].0.id)),
        ),
    }
}

fn same_answers(a: &CompanyIndex, b: &CompanyIndex, m: &Model) {
    for user in &m.users {
        assert_eq!(a.holdings(user.id), b.holdings(user.id));
        for (client, _) in &m.clients {
            assert_eq!(a.check(user.id, client.id), b.check(user.id, client.id));
            assert_eq!(
                a.can_share(user.id, client.id),
                b.can_share(user.id, client.id)
            );
            assert_eq!(a.panel(user.id, client.id), b.panel(user.id, client.id));
        }
        assert_eq!(
            a.clients_for(user.id, None, 3),
            b.clients_for(user.id, None, 3)
        );
    }
    for (client, _) in &m.clients {
        assert_eq!(
            a.users_for(client.id, None, 3),
            b.users_for(client.id, None, 3)
        );
        assert_eq!(a.open_shares(client.id), b.open_shares(client.id));
        assert_eq!(
            a.lose_access_if_revoked(client.id, Subject::Company),
            b.lose_access_if_revoked(client.id, Subject::Company)
        );
        for user in &m.users {
            let subject = Subject::User(user.id);
            assert_eq!(
                a.lose_access_if_revoked(client.id, subject),
                b.lose_access_if_revoked(client.id, subject)
            );
        }
    }
    assert_eq!(a.census(), b.census());
    for (group, _) in &m.groups {
        assert_eq!(a.group_members(group.id), b.group_members(group.id));
        assert_eq!(a.group_shares(group.id), b.group_shares(group.id));
    }
    assert_eq!(a.live_clients(), b.live_clients());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn index_agrees_with_a_recomputation_from_open_rows(
        ops in prop::collection::vec(op(), 1..90),
        a1 in any::<bool>(),
        page in 1usize..4,
    ) {
        let mut m = Model::with_settings(Settings {
            client_access_enabled: a1,
            ..Settings::default()
        });
        let mut index = Index::new();
        index.apply(Revision(1), &Change::CompanyCreated { company: company_row(COMPANY, m.settings) }).unwrap();
        let mut rev = 1;
        for op in &ops {
            if let Some(change) = m.interpret(op) {
                rev += 1;
                index.apply(Revision(rev), &change).unwrap();
            }
        }
        let ci = index.company(COMPANY).unwrap();
        check_against_model(ci, &m, page);
        let loaded = Index::load(m.snapshot(), Revision(rev)).unwrap();
        prop_assert_eq!(loaded.revision(), index.revision());
        same_answers(ci, loaded.company(COMPANY).unwrap(), &m);
        for user in &m.users {
            prop_assert_eq!(loaded.company_of_user(user.id), Some(COMPANY));
        }
    }

    #[test]
    fn apply_never_panics_on_arbitrary_changes(ops in prop::collection::vec(op(), 1..40), skip in prop::collection::vec(any::<bool>(), 40)) {
        // Changes computed for one history, applied with some left out: they
        // then refer to things the index never saw. Errors are fine; panics
        // and a stuck revision are not.
        let mut m = Model::default();
        let mut index = Index::new();
        let mut rev = 0;
        if !skip[0] {
            rev += 1;
            let _ = index.apply(Revision(rev), &Change::CompanyCreated { company: company_row(COMPANY, m.settings) });
        }
        for (i, op) in ops.iter().enumerate() {
            if let Some(change) = m.interpret(op) {
                if skip[i % skip.len()] && i % 3 == 0 {
                    continue;
                }
                rev += 1;
                let _ = index.apply(Revision(rev), &change);
                prop_assert_eq!(index.revision(), Revision(rev));
            }
        }
        if let Some(ci) = index.company(COMPANY) {
            for user in &m.users {
                for (client, _) in &m.clients {
                    let _ = (ci.check(user.id, client.id), ci.panel(user.id, client.id));
                    prop_assert_eq!(ci.check(user.id, client.id).allowed, ci.may_open(user.id, client.id));
                }
                let _ = walk(|cur| ci.clients_for(user.id, cur, 2));
            }
        }
    }
}
