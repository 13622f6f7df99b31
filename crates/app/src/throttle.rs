//! The throttle of guesses at a secret: sign-in passwords (scope [`LOGIN`]),
//! and the same way the secrets of emailed links. Two limits, both keyed by
//! the client's address, never by the guessed key alone:
//!
//! - per (key, address): the first [`FREE_FAILURES`] failures cost nothing;
//!   after them the address waits before its next try at that key, 1 s after
//!   the 5th failure, twice as long after each further one, at most
//!   15 minutes. A success clears the pair; a day without failures forgets it.
//! - per address, across all keys of a scope: 30 failures at once, then one
//!   more every 20 s (a sustained 30 per 10 minutes), kept by `governor`.
//!
//! So failing with somebody's email slows down only the address that fails:
//! the person signs in from anywhere else as usual, and nobody can lock an
//! account for everybody. An "address" is an IPv4 address or the /64
//! network of an IPv6 one (one host commonly holds a whole /64).
//!
//! Callers ask [`Throttle::check`] before they verify anything, then report
//! [`Throttle::failed`] or [`Throttle::succeeded`]. Attempts still running
//! when `check` is asked are not counted yet: a burst of simultaneous guesses
//! is slowed only once they have failed (the argon2 verification bounds how
//! many run at once).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use casegate_core::Timestamp;
use governor::clock::Clock as _;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::{Quota, RateLimiter};
use parking_lot::Mutex;

use crate::app::Clock;
use crate::error::AppError;

/// The scope of sign-in: the key is the lower-cased email.
pub(crate) const LOGIN: &str = "login";

/// The scope of the emailed links (invitations, resets, email changes): the
/// key is the link's purpose; a failure is an unknown, used or expired link.
pub(crate) const LINK: &str = "link";

/// The scope of asking for a reset link: the key is the lower-cased email,
/// and every request counts, so one address cannot flood one mailbox.
pub(crate) const RESET_REQUEST: &str = "reset_request";

/// The scope of the current password given to change it: the key is the email.
pub(crate) const CURRENT_PASSWORD: &str = "current_password";

/// Failures per (key, address) that cost no delay.
const FREE_FAILURES: u32 = 5;

/// The wait after the [`FREE_FAILURES`]th failure; each further one doubles it.
const FIRST_DELAY: Duration = Duration::from_secs(1);

/// The longest wait per (key, address).
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);

/// A (key, address) without failures for this long starts over.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The per-address budget of failures: 30 at once, then one more every 20 s.
const ADDRESS_QUOTA: Quota = Quota::per_minute(nonzero(3)).allow_burst(nonzero(30));

/// At most this many (key, address) pairs, and as many addresses, are kept:
/// beyond it the oldest pair, or the address nearest to a full budget, is
/// dropped, so an attacker cannot make the server hold unbounded memory.
const MAX_ENTRIES: usize = 100_000;

const fn nonzero(n: u32) -> NonZeroU32 {
    match NonZeroU32::new(n) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    }
}

/// (scope, key, address).
type Pair = (&'static str, String, IpAddr);

/// (scope, address).
type Address = (&'static str, IpAddr);

/// Failures of one (key, address) since its last success.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Timestamp,
}

/// The two limits: held in the app (`Inner::throttle`), shared by every use
/// case that checks a secret.
pub(crate) struct Throttle {
    clock: Arc<dyn Clock>,
    /// The doubling delay per (key, address). governor has no backoff (its
    /// cells refill at one fixed rate), hence this small map of counts.
    pairs: Mutex<HashMap<Pair, Failures>>,
    /// The failure budget per address.
    addresses: RateLimiter<Probe, Budgets, AppClock, NoOpMiddleware<Nanos>>,
}

impl Throttle {
    /// An empty throttle reading time from `clock`.
    pub(crate) fn new(clock: Arc<dyn Clock>) -> Self {
        Throttle {
            addresses: RateLimiter::new(ADDRESS_QUOTA, Budgets::default(), AppClock(clock.clone())),
            pairs: Mutex::new(HashMap::new()),
            clock,
        }
    }

    /// `RateLimited` with the time to wait when `from` may not try `key` of
    /// `scope` now; counts nothing.
    pub(crate) fn check(
        &self,
        scope: &'static str,
        key: &str,
        from: IpAddr,
    ) -> Result<(), AppError> {
        let from = network(from);
        let now = self.clock.now();
        let pair_wait = self
            .pairs
            .lock()
            .get(&(scope, key.to_owned(), from))
            .and_then(|failures| failures.wait(now));
        let address_wait = self
            .addresses
            .check_key(&Probe::peek(scope, from))
            .err()
            .map(|not_until| not_until.wait_time_from(self.addresses.clock().now()));
        match pair_wait.max(address_wait) {
            Some(retry_after) => Err(AppError::RateLimited { retry_after }),
            None => Ok(()),
        }
    }

    /// Counts a failed try of `key` from `from`.
    pub(crate) fn failed(&self, scope: &'static str, key: &str, from: IpAddr) {
        let from = network(from);
        let now = self.clock.now();
        {
            let mut pairs = self.pairs.lock();
            let pair = (scope, key.to_owned(), from);
            if !pairs.contains_key(&pair) && pairs.len() >= MAX_ENTRIES {
                let oldest = pairs
                    .iter()
                    .min_by_key(|(_, failures)| failures.last)
                    .map(|(pair, _)| pair.clone());
                if let Some(oldest) = oldest {
                    pairs.remove(&oldest);
                }
            }
            let failures = pairs.entry(pair).or_insert(Failures {
                count: 0,
                last: now,
            });
            if failures.forgotten(now) {
                failures.count = 0;
            }
            failures.count = failures.count.saturating_add(1);
            failures.last = now;
        }
        // Refused only when simultaneous failures overtook `check`: the
        // address then stays at its limit, which is all governor can record.
        let _refused = self.addresses.check_key(&Probe::take(scope, from));
    }

    /// A right guess of `key` from `from`: that pair starts over (the
    /// address's budget is not given back).
    pub(crate) fn succeeded(&self, scope: &'static str, key: &str, from: IpAddr) {
        self.pairs
            .lock()
            .remove(&(scope, key.to_owned(), network(from)));
    }
}

impl Failures {
    /// How long the address must still wait, if it must.
    fn wait(&self, now: Timestamp) -> Option<Duration> {
        if self.forgotten(now) {
            return None;
        }
        let since = (now - self.last).to_std().unwrap_or(Duration::ZERO);
        delay_after(self.count)?
            .checked_sub(since)
            .filter(|left| !left.is_zero())
    }

    fn forgotten(&self, now: Timestamp) -> bool {
        (now - self.last)
            .to_std()
            .is_ok_and(|since| since >= FORGET_AFTER)
    }
}

/// The wait after `failures` failures of one (key, address), if any:
/// 1 s after the 5th, doubling, at most [`MAX_DELAY`].
fn delay_after(failures: u32) -> Option<Duration> {
    let doublings = failures.checked_sub(FREE_FAILURES)?;
    Some(
        FIRST_DELAY
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(MAX_DELAY),
    )
}

/// What an address is throttled as: an IPv4 address (also when written as
/// IPv4-mapped IPv6), or the /64 network of an IPv6 address.
fn network(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        },
    }
}

/// One question to the per-address budget. governor's `check_key` takes one
/// failure's worth if there is one; the throttle must ask before a try and
/// take only when it failed, so a `take: false` probe gets governor's answer
/// while [`Budgets`] keeps the state as it was.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Probe {
    address: Address,
    take: bool,
}

impl Probe {
    fn peek(scope: &'static str, from: IpAddr) -> Self {
        Probe {
            address: (scope, from),
            take: false,
        }
    }

    fn take(scope: &'static str, from: IpAddr) -> Self {
        Probe {
            address: (scope, from),
            take: true,
        }
    }
}

/// governor's state per address: when its next failure would conform (the
/// GCRA "theoretical arrival time"), at most [`MAX_ENTRIES`] of them.
#[derive(Debug, Default)]
struct Budgets(Mutex<HashMap<Address, Nanos>>);

impl StateStore for Budgets {
    type Key = Probe;

    fn measure_and_replace<T, F, E>(&self, probe: &Probe, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut budgets = self.0.lock();
        let (answer, next) = f(budgets.get(&probe.address).copied())?;
        if probe.take {
            if !budgets.contains_key(&probe.address) && budgets.len() >= MAX_ENTRIES {
                // The smallest arrival time is the budget nearest to full:
                // dropping it forgets least.
                let fullest = budgets
                    .iter()
                    .min_by_key(|(_, at)| **at)
                    .map(|(address, _)| *address);
                if let Some(fullest) = fullest {
                    budgets.remove(&fullest);
                }
            }
            budgets.insert(probe.address, next);
        }
        Ok(answer)
    }
}

/// The app's clock as governor reads time: nanoseconds since the Unix epoch,
/// so tests move both limits with one `ManualClock`.
#[derive(Clone)]
struct AppClock(Arc<dyn Clock>);

impl governor::clock::Clock for AppClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        let nanos = self
            .0
            .now()
            .timestamp_nanos_opt()
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0);
        Nanos::from(nanos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ManualClock;
    use chrono::TimeZone;
    use std::net::Ipv4Addr;

    fn throttle() -> (Throttle, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new(
            chrono::Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).unwrap(),
        ));
        (Throttle::new(clock.clone()), clock)
    }

    fn wait(result: Result<(), AppError>) -> Option<Duration> {
        match result {
            Ok(()) => None,
            Err(AppError::RateLimited { retry_after }) => Some(retry_after),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    const X: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));

    #[test]
    fn the_delay_doubles_after_five_failures_up_to_fifteen_minutes() {
        let delays: Vec<_> = (4..=16).map(delay_after).collect();
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(
            delays,
            vec![
                None,
                secs(1),
                secs(2),
                secs(4),
                secs(8),
                secs(16),
                secs(32),
                secs(64),
                secs(128),
                secs(256),
                secs(512),
                secs(900),
                secs(900)
            ]
        );
        assert_eq!(delay_after(u32::MAX), secs(900));
    }

    #[test]
    fn checking_counts_nothing() {
        let (t, _) = throttle();
        for _ in 0..100 {
            assert_eq!(wait(t.check(LOGIN, "a@x.test", X)), None);
        }
    }

    #[test]
    fn a_pair_is_forgotten_after_a_day_without_failures() {
        let (t, clock) = throttle();
        for _ in 0..10 {
            t.failed(LOGIN, "a@x.test", X);
        }
        assert!(wait(t.check(LOGIN, "a@x.test", X)).is_some());
        clock.advance(chrono::Duration::hours(24));
        assert_eq!(wait(t.check(LOGIN, "a@x.test", X)), None);
        t.failed(LOGIN, "a@x.test", X);
        assert_eq!(wait(t.check(LOGIN, "a@x.test", X)), None, "it starts over");
    }

    #[test]
    fn an_ipv6_network_is_one_address_and_scopes_are_apart() {
        let (t, _) = throttle();
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let other_host: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let other_net: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        for _ in 0..5 {
            t.failed(LOGIN, "a@x.test", one);
        }
        assert!(wait(t.check(LOGIN, "a@x.test", other_host)).is_some());
        assert_eq!(wait(t.check(LOGIN, "a@x.test", other_net)), None);
        assert_eq!(wait(t.check("link", "a@x.test", one)), None);
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(network(mapped), X);
    }

    #[test]
    fn the_address_budget_refills_one_failure_every_twenty_seconds() {
        let (t, clock) = throttle();
        for i in 0..30 {
            assert_eq!(wait(t.check(LOGIN, &format!("{i}@x.test"), X)), None);
            t.failed(LOGIN, &format!("{i}@x.test"), X);
        }
        assert_eq!(
            wait(t.check(LOGIN, "new@x.test", X)),
            Some(Duration::from_secs(20))
        );
        clock.advance(chrono::Duration::seconds(20));
        assert_eq!(wait(t.check(LOGIN, "new@x.test", X)), None);
        t.failed(LOGIN, "new@x.test", X);
        assert!(wait(t.check(LOGIN, "newer@x.test", X)).is_some());
    }

    #[test]
    fn memory_is_bounded() {
        let (t, clock) = throttle();
        let first = IpAddr::V4(Ipv4Addr::from(0));
        for i in 0..=MAX_ENTRIES {
            let from = IpAddr::V4(Ipv4Addr::from(u32::try_from(i).unwrap()));
            t.failed(LOGIN, "a@x.test", from);
            clock.advance(chrono::Duration::milliseconds(1));
        }
        let pairs = t.pairs.lock();
        assert_eq!(pairs.len(), MAX_ENTRIES);
        assert!(
            !pairs.contains_key(&(LOGIN, "a@x.test".to_owned(), first)),
            "the oldest went"
        );
    }

    #[test]
    fn the_budget_store_is_bounded_and_a_peek_keeps_nothing() {
        let budgets = Budgets::default();
        let at = |n: u64| -> Result<((), Nanos), ()> { Ok(((), Nanos::from(n))) };
        for i in 0..=MAX_ENTRIES {
            let from = IpAddr::V4(Ipv4Addr::from(u32::try_from(i).unwrap()));
            let n = u64::try_from(i).unwrap() + 1;
            budgets
                .measure_and_replace(&Probe::take(LOGIN, from), |_| at(n))
                .unwrap();
        }
        budgets
            .measure_and_replace(&Probe::peek(LOGIN, X), |_| at(7))
            .unwrap();
        let budgets = budgets.0.lock();
        assert_eq!(budgets.len(), MAX_ENTRIES);
        assert!(!budgets.contains_key(&(LOGIN, IpAddr::V4(Ipv4Addr::from(0)))));
        assert!(!budgets.contains_key(&(LOGIN, X)));
    }
}
