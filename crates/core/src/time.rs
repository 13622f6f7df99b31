//! Time zones: names of the IANA database (the company's zone, a person's
//! own) and the conversion of a local wall-clock moment, as a form gives
//! it, to the UTC instant the store keeps.

use chrono::{NaiveDateTime, TimeZone as _};
pub use chrono_tz::Tz;

use crate::model::Timestamp;

/// The zone named `name` (`Europe/Copenhagen`, `UTC`), if the IANA database
/// knows it; `Mars/Olympus` is not one.
pub fn zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// Every zone's name, in the database's order (for a picker).
pub fn zone_names() -> impl Iterator<Item = &'static str> {
    chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())
}

/// The instant of a local moment in `tz`. A moment that happens twice (the
/// hour the clocks go back) is the first; one that never happens (the hour
/// they go forward) is `None`.
pub fn local_to_utc(local: NaiveDateTime, tz: Tz) -> Option<Timestamp> {
    tz.from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&chrono::Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_iana_names_are_zones() {
        assert_eq!(zone("Europe/Copenhagen"), Some(Tz::Europe__Copenhagen));
        assert_eq!(zone(" UTC "), Some(Tz::UTC));
        assert_eq!(zone("Mars/Olympus"), None);
        assert_eq!(zone(""), None);
        assert!(zone_names().any(|n| n == "Europe/Paris"));
    }

    #[test]
    fn local_moments_become_utc_instants() {
        let at = |s| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        let winter = local_to_utc(at("2026-12-01T09:30"), Tz::Europe__Copenhagen).unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-12-01T08:30:00+00:00");
        let summer = local_to_utc(at("2026-07-01T09:30"), Tz::Europe__Copenhagen).unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T07:30:00+00:00");
        // 02:30 on the last Sunday of March does not exist in Copenhagen.
        assert_eq!(
            local_to_utc(at("2026-03-29T02:30"), Tz::Europe__Copenhagen),
            None
        );
        // 02:30 on the last Sunday of October happens twice: the first one.
        let twice = local_to_utc(at("2026-10-25T02:30"), Tz::Europe__Copenhagen).unwrap();
        assert_eq!(twice.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }
}
