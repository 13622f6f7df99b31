//! Criterion benchmarks of the access index on `kyc-s` and `kyc-l`: Q1
//! check, Q2 first and next page, Q3 first page, Q4 panel without access.
//! `cargo bench -p casegate-bench --bench index` (p99 comes from the
//! `latency` binary; criterion reports means and spreads).

use std::hint::black_box;
use std::time::Duration;

use casegate_bench::{
    Ids, KYC_L, KYC_S, SEED, generate, sample_checks, sample_clients, sample_regular_users,
};
use casegate_core::Revision;
use casegate_core::index::{Cursor, Index};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_set(c: &mut Criterion, spec: casegate_bench::Spec) {
    let snap = generate(&spec, SEED);
    let ids = Ids::of(&snap);
    let Ok(index) = Index::load(snap, Revision(1)) else {
        return;
    };
    let checks = sample_checks(&index, &ids, 100_000, SEED + 1);
    let users = sample_regular_users(&ids, 1_000, SEED + 2);
    let clients = sample_clients(&ids, 1_000, SEED + 3);
    let denied: Vec<_> = checks
        .iter()
        .filter(|q| !q.allowed)
        .take(1_000)
        .copied()
        .collect();
    let seconds: Vec<_> = users
        .iter()
        .filter_map(|&(co, u)| Some((co, u, index.company(co)?.clients_for(u, None, 50).next?)))
        .collect::<Vec<(_, _, Cursor)>>();

    let mut group = c.benchmark_group(spec.name);
    group.measurement_time(Duration::from_secs(3));
    let mut i = 0usize;
    group.bench_function("Q1 may_open", |b| {
        b.iter(|| {
            i = (i + 1) % checks.len().max(1);
            let q = checks.get(i);
            black_box(q.and_then(|q| Some(index.company(q.company)?.may_open(q.user, q.client))))
        });
    });
    group.bench_function("Q1 check with reasons", |b| {
        b.iter(|| {
            i = (i + 1) % checks.len().max(1);
            let q = checks.get(i);
            black_box(q.and_then(|q| Some(index.company(q.company)?.check(q.user, q.client))))
        });
    });
    group.bench_function("Q2 first page", |b| {
        b.iter(|| {
            i = (i + 1) % users.len().max(1);
            let u = users.get(i);
            black_box(u.and_then(|&(co, u)| Some(index.company(co)?.clients_for(u, None, 50))))
        });
    });
    group.bench_function("Q2 next page", |b| {
        b.iter(|| {
            i = (i + 1) % seconds.len().max(1);
            let s = seconds.get(i);
            black_box(
                s.and_then(|(co, u, cur)| Some(index.company(*co)?.clients_for(*u, Some(cur), 50))),
            )
        });
    });
    group.bench_function("Q3 users_for first page", |b| {
        b.iter(|| {
            i = (i + 1) % clients.len().max(1);
            let x = clients.get(i);
            black_box(x.and_then(|&(co, x)| Some(index.company(co)?.users_for(x, None, 50))))
        });
    });
    group.bench_function("Q4 panel without access", |b| {
        b.iter(|| {
            i = (i + 1) % denied.len().max(1);
            let q = denied.get(i);
            black_box(q.and_then(|q| index.company(q.company)?.panel(q.user, q.client)))
        });
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    bench_set(c, KYC_S);
    bench_set(c, KYC_L);
}

criterion_group!(index, benches);
criterion_main!(index);
