//! Per-operation latency of the access index on the BENCH.md data sets:
//! runs each operation many times, timing every call, and prints median,
//! p99 and operations per second as a markdown table (criterion gives no
//! p99). Run in release:
//! `cargo run --release -p casegate-bench --bin latency [kyc-s kyc-l saas-m]`.

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use casegate_bench::{
    DESK, Ids, SEED, add_desk, generate, sample_checks, sample_clients, sample_contact_checks,
    sample_direct, sample_regular_users, spec,
};
use casegate_core::index::{Cursor, Index};
use casegate_core::{Change, ClientId, CompanyId, How, Revision, Share, ShareId, Subject, UserId};

/// Times `op` once per item (after a warm-up pass over up to 1,000 items)
/// and prints one table row.
fn measure<T>(set: &str, label: &str, items: &[T], mut op: impl FnMut(&T)) {
    for item in items.iter().take(1_000) {
        op(item);
    }
    let mut times: Vec<Duration> = Vec::with_capacity(items.len());
    let wall = Instant::now();
    for item in items {
        let t = Instant::now();
        op(item);
        times.push(t.elapsed());
    }
    let wall = wall.elapsed();
    times.sort_unstable();
    let pick = |q: f64| {
        let i = ((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1));
        times.get(i).copied().unwrap_or_default()
    };
    let ops = items.len() as f64 / wall.as_secs_f64().max(1e-9);
    println!(
        "| {set} | {label} | {} | {} | {} | {} |",
        items.len(),
        show(pick(0.5)),
        show(pick(0.99)),
        show_ops(ops)
    );
}

fn show(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns < 10_000 {
        format!("{ns} ns")
    } else {
        format!("{:.1} µs", ns as f64 / 1_000.0)
    }
}

fn show_ops(ops: f64) -> String {
    if ops >= 1e6 {
        format!("{:.2} M", ops / 1e6)
    } else {
        format!("{:.0} k", ops / 1e3)
    }
}

fn run(name: &str) -> Result<(), Box<dyn Error>> {
    let spec = spec(name).ok_or_else(|| format!("unknown data set `{name}`"))?;
    let t = Instant::now();
    let snap = generate(&spec, SEED);
    let generated = t.elapsed();
    let mut desk_snap = snap.clone();
    let ids = Ids::of(&snap);
    let shares = snap.shares.len();
    let memberships = snap.memberships.len();
    let t = Instant::now();
    let mut index = Index::load(snap, Revision(1))?;
    let loaded = t.elapsed();
    eprintln!(
        "{name}: generated in {:.1} s, {shares} shares, {memberships} memberships; loaded in {:.2} s",
        generated.as_secs_f64(),
        loaded.as_secs_f64()
    );

    let checks = sample_checks(&index, &ids, 200_000, SEED + 1);
    measure(name, "(timer overhead: empty operation)", &checks, |q| {
        black_box(q);
    });
    measure(name, "Q1 check, `may_open` (½ allowed)", &checks, |q| {
        black_box(
            index
                .company(q.company)
                .map(|ci| ci.may_open(q.user, q.client)),
        );
    });
    measure(name, "Q1 check with reasons, `check`", &checks, |q| {
        black_box(
            index
                .company(q.company)
                .map(|ci| ci.check(q.user, q.client)),
        );
    });
    let direct = sample_direct(&index, &ids, 100_000, SEED + 4);
    measure(
        name,
        "Q1 `may_open`, allowed only by a direct share",
        &direct,
        |q| {
            black_box(
                index
                    .company(q.company)
                    .map(|ci| ci.may_open(q.user, q.client)),
            );
        },
    );
    let denied_only: Vec<_> = checks.iter().filter(|q| !q.allowed).copied().collect();
    measure(name, "Q1 `may_open`, denied only", &denied_only, |q| {
        black_box(
            index
                .company(q.company)
                .map(|ci| ci.may_open(q.user, q.client)),
        );
    });

    // C4 on the desk: 100,000 contacts on 5 files each, beside the staff.
    let contacts = add_desk(&mut desk_snap, &DESK, SEED + 7);
    let desk_ids = Ids::of(&desk_snap);
    let desk_index = Index::load(desk_snap, Revision(1))?;
    let contact_checks = sample_contact_checks(&contacts, &desk_ids, 200_000, SEED + 8);
    let wrong = contact_checks
        .iter()
        .filter(|q| desk_index.contact_may_open(q.account, q.company, q.client) != q.allowed)
        .count();
    if wrong > 0 {
        return Err(format!("{wrong} contact checks disagree with the generated shares").into());
    }
    measure(
        name,
        "C4 contact check, `contact_may_open` (½ allowed; 100,000 contacts)",
        &contact_checks,
        |q| {
            black_box(
                desk_index
                    .company(q.company)
                    .map(|ci| ci.contact_may_open(q.account, q.client)),
            );
        },
    );
    measure(
        name,
        "C4 contact check with reasons, `contact_check`",
        &contact_checks,
        |q| {
            black_box(
                desk_index
                    .company(q.company)
                    .map(|ci| ci.contact_check(q.account, q.client)),
            );
        },
    );
    drop(desk_index);

    let users = sample_regular_users(&ids, 2_000, SEED + 2);
    let mut sizes: Vec<u64> = Vec::new();
    let ci_of = |c: CompanyId| index.company(c);
    for &(c, u) in users.iter().take(20) {
        if let Some(ci) = ci_of(c) {
            let mut n = 0u64;
            let mut cursor: Option<Cursor> = None;
            loop {
                let page = ci.clients_for(u, cursor.as_ref(), 500);
                n += page.items.len() as u64;
                match page.next {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
            sizes.push(n);
        }
    }
    sizes.sort_unstable();
    eprintln!(
        "{name}: regular users open {:?} clients (sample of 20, sorted)",
        (sizes.first(), sizes.last())
    );
    measure(
        name,
        "Q2 first page (50), regular user",
        &users,
        |&(c, u)| {
            black_box(ci_of(c).map(|ci| ci.clients_for(u, None, 50)));
        },
    );
    let seconds: Vec<(CompanyId, UserId, Cursor)> = users
        .iter()
        .filter_map(|&(c, u)| Some((c, u, ci_of(c)?.clients_for(u, None, 50).next?)))
        .collect();
    measure(
        name,
        "Q2 next page (50), by cursor",
        &seconds,
        |(c, u, cur)| {
            black_box(ci_of(*c).map(|ci| ci.clients_for(*u, Some(cur), 50)));
        },
    );
    let admins: Vec<(CompanyId, UserId)> = ids
        .companies
        .iter()
        .flat_map(|c| c.users.iter().take(3).map(move |&u| (c.company, u)))
        .cycle()
        .take(2_000)
        .collect();
    measure(
        name,
        "Q2 first page (50), admin (every client)",
        &admins,
        |&(c, u)| {
            black_box(ci_of(c).map(|ci| ci.clients_for(u, None, 50)));
        },
    );
    measure(
        name,
        "A12 client list page (50), regular user",
        &users,
        |&(c, u)| {
            black_box(ci_of(c).map(|ci| ci.client_list(u, None, None, 50)));
        },
    );

    let clients = sample_clients(&ids, 2_000, SEED + 3);
    measure(
        name,
        "Q3 users who can open C, first page (50)",
        &clients,
        |&(c, x)| {
            black_box(ci_of(c).map(|ci| ci.users_for(x, None, 50)));
        },
    );
    let denied: Vec<_> = checks
        .iter()
        .filter(|q| !q.allowed)
        .take(2_000)
        .copied()
        .collect();
    measure(name, "Q4 panel, viewer without access", &denied, |q| {
        black_box(ci_of(q.company).map(|ci| ci.panel(q.user, q.client)));
    });

    let grants: Vec<(CompanyId, UserId, ClientId, u128)> = denied
        .iter()
        .enumerate()
        .map(|(i, q)| (q.company, q.user, q.client, u128::MAX - i as u128))
        .collect();
    let mut rev = 1u64;
    let changes: Vec<Change> = grants
        .iter()
        .flat_map(|&(company_id, user, client_id, id)| {
            let share = Share {
                id: ShareId::from_u128(id),
                company_id,
                client_id,
                subject: Subject::User(user),
                granted_by: Some(user),
                granted_at: chrono::DateTime::UNIX_EPOCH,
                granted_how: How::Manual,
                revoked: None,
            };
            let revoked = casegate_core::Revocation {
                by: None,
                at: share.granted_at,
                how: How::Manual,
            };
            [
                Change::ShareGranted { share },
                Change::ShareRevoked {
                    company_id,
                    client_id,
                    share_id: ShareId::from_u128(id),
                    revoked,
                },
            ]
        })
        .collect();
    let mut failures = 0usize;
    measure(
        name,
        "W1 index part: apply share / unshare",
        &changes,
        |change| {
            rev += 1;
            if index.apply(Revision(rev), change).is_err() {
                failures += 1;
            }
        },
    );
    if failures > 0 {
        return Err(format!("{failures} changes were refused").into());
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut sets: Vec<String> = std::env::args().skip(1).collect();
    if sets.is_empty() {
        sets = vec!["kyc-s".into(), "kyc-l".into()];
    }
    println!("| data set | operation | n | median | p99 | ops/s (1 thread) |");
    println!("|---|---|---|---|---|---|");
    for name in &sets {
        run(name)?;
    }
    Ok(())
}
