//! L1: time to build the index from a snapshot of a BENCH.md data set, and
//! the resident memory. Run in release:
//! `cargo run --release -p casegate-bench --bin l1 [kyc-l]`.

use std::error::Error;
use std::time::Instant;

use casegate_bench::{SEED, generate, spec};
use casegate_core::Revision;
use casegate_core::index::Index;

/// A `/proc/self/status` field in MiB (Linux only; 0 elsewhere).
fn status_mib(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn Error>> {
    let name = std::env::args().nth(1).unwrap_or_else(|| "kyc-l".into());
    let spec = spec(&name).ok_or_else(|| format!("unknown data set `{name}`"))?;
    let t = Instant::now();
    let snap = generate(&spec, SEED);
    let generated = t.elapsed().as_secs_f64();
    let (users, clients, shares) = (snap.users.len(), snap.clients.len(), snap.shares.len());
    let rss_snapshot = status_mib("VmRSS:");
    let t = Instant::now();
    let index = Index::load(snap, Revision(1))?;
    let load = t.elapsed().as_secs_f64();
    let rss_after = status_mib("VmRSS:");
    let peak = status_mib("VmHWM:");
    println!(
        "| data set | users | clients | shares | load (s) | RSS with snapshot (MiB) | RSS after load, snapshot dropped (MiB) | peak RSS (MiB) |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {name} | {users} | {clients} | {shares} | {load:.2} | {rss_snapshot:.0} | {rss_after:.0} | {peak:.0} |"
    );
    eprintln!(
        "generated in {generated:.1} s; index at {:?}",
        index.revision()
    );
    Ok(())
}
