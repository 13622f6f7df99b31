//! The access log on the client page (X9), complete but readable: repeated
//! openings by one person close together become one line ("Petra Primary
//! opened it 12 times between 05:56 and 05:57"), pages are counted in such
//! lines, and the way in is written in words, never as rule ids.

use casegate_app::{ViewLine, ViewWay};
use casegate_core::{Role, ViewId, ViewKind};

use super::super::Tr;

/// Openings by one person within this span of the run's latest read as one
/// line.
pub(crate) const RUN_MINUTES: i64 = 10;

/// One line of the log as shown: `len` consecutive entries from `start`
/// (newest first). More than one only for openings of the file by the same
/// person (and the same "work as" contributor), through the same ways, all
/// within [`RUN_MINUTES`] of the run's newest; a download is always alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) start: usize,
    pub(crate) len: usize,
}

/// Whether the older `line` joins the run whose newest line is `newest`.
fn joins(newest: &ViewLine, line: &ViewLine) -> bool {
    let (a, b) = (&newest.entry, &line.entry);
    a.kind == ViewKind::ClientOpened
        && b.kind == ViewKind::ClientOpened
        && a.user_id == b.user_id
        && a.real_user_id == b.real_user_id
        && newest.ways == line.ways
        && a.at.signed_duration_since(b.at) <= chrono::Duration::minutes(RUN_MINUTES)
}

/// The runs of `lines` (newest first), in order; every line is in exactly
/// one run, so the log stays complete.
pub(crate) fn runs(lines: &[ViewLine]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let joined = out.last_mut().is_some_and(|run| {
            let newest = lines.get(run.start);
            if newest.is_some_and(|n| run.start + run.len == i && joins(n, line)) {
                run.len += 1;
                true
            } else {
                false
            }
        });
        if !joined {
            out.push(Run { start: i, len: 1 });
        }
    }
    out
}

/// One page of at most `limit` runs of `lines`, and where the next page
/// starts: after the last entry kept when runs are left over, else `more`
/// (the App's cursor after the last line read). A run cut by the end of
/// `lines` may go on in the next page; the caller reads on until more than
/// `limit` runs are found or the log ends.
pub(crate) fn page(
    lines: &[ViewLine],
    limit: usize,
    more: Option<ViewId>,
) -> (Vec<Run>, Option<ViewId>) {
    let mut all = runs(lines);
    if all.len() <= limit {
        return (all, more);
    }
    all.truncate(limit);
    let next = all
        .last()
        .and_then(|run| lines.get(run.start + run.len - 1))
        .map(|line| line.entry.id);
    (all, next)
}

/// One way in, in words.
fn way(t: &Tr, way: &ViewWay) -> Vec<String> {
    match way {
        ViewWay::AccessOff => vec![t.get("client-way-access-off")],
        ViewWay::Role(Some(Role::PrimaryAdmin)) => vec![t.get("client-way-primary-admin")],
        ViewWay::Role(Some(Role::Admin)) => vec![t.get("client-way-admin")],
        ViewWay::Role(Some(Role::Manager)) => vec![t.get("client-way-manager")],
        ViewWay::Role(Some(Role::Marketing | Role::Contributor | Role::User) | None) => {
            vec![t.get("client-way-role")]
        }
        ViewWay::ShareAll => vec![t.get("client-way-share-all")],
        ViewWay::Owner => vec![t.get("client-way-owner")],
        ViewWay::Direct => vec![t.get("client-way-direct")],
        ViewWay::Groups(names) if names.is_empty() => vec![t.get("client-way-a-group")],
        ViewWay::Groups(names) => names
            .iter()
            .map(|n| t.arg("client-way-group", "name", n))
            .collect(),
        ViewWay::Company => vec![t.get("client-way-company")],
    }
}

/// The ways in of a line, in words, joined: "as the owner, through the
/// group Audit team".
pub(crate) fn ways(t: &Tr, ways: &[ViewWay]) -> String {
    ways.iter()
        .flat_map(|w| way(t, w))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a run says: "Petra Primary opened it", "… opened it 12 times
/// between 05:56 and 05:57", "… downloaded a document".
pub(crate) fn sentence(t: &Tr, lines: &[ViewLine], run: Run) -> String {
    let (Some(newest), Some(oldest)) = (lines.get(run.start), lines.get(run.start + run.len - 1))
    else {
        return String::new();
    };
    let name = super::super::wording::shown(t, &newest.user.name, newest.user.standing);
    let name = name.as_str();
    match (newest.entry.kind, run.len) {
        (ViewKind::DocumentDownloaded, _) => t.arg("client-log-downloaded", "name", name),
        (ViewKind::ClientOpened, 1) => t.arg("client-log-opened", "name", name),
        (ViewKind::ClientOpened, n) if t.time(&oldest.entry.at) == t.time(&newest.entry.at) => t
            .args(
                "client-log-opened-many-at",
                &[
                    ("name", name),
                    ("count", &t.number(u64::try_from(n).unwrap_or(u64::MAX))),
                    ("at", &t.time(&newest.entry.at)),
                ],
            ),
        (ViewKind::ClientOpened, n) => t.args(
            "client-log-opened-many",
            &[
                ("name", name),
                ("count", &t.number(u64::try_from(n).unwrap_or(u64::MAX))),
                ("from", &t.time(&oldest.entry.at)),
                ("to", &t.time(&newest.entry.at)),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use casegate_app::Named;
    use casegate_core::{ClientId, CompanyId, Language, Timestamp, UserId, ViewEntry};

    fn at(minute: i64, second: i64) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339("2026-03-02T05:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc)
            + chrono::Duration::minutes(minute)
            + chrono::Duration::seconds(second)
    }

    fn line(n: u128, who: u128, kind: ViewKind, when: Timestamp, ways: Vec<ViewWay>) -> ViewLine {
        ViewLine {
            entry: ViewEntry {
                id: ViewId::from_u128(n),
                company_id: CompanyId::from_u128(1),
                client_id: ClientId::from_u128(2),
                user_id: UserId::from_u128(who),
                real_user_id: None,
                kind,
                document_id: None,
                through: Vec::new(),
                at: when,
            },
            user: Named {
                id: UserId::from_u128(who),
                name: if who == 10 {
                    "Petra Primary"
                } else {
                    "Bob Berg"
                }
                .to_owned(),
                standing: casegate_app::Standing::Current,
            },
            real_user: None,
            ways,
        }
    }

    fn opened(n: u128, who: u128, when: Timestamp) -> ViewLine {
        line(
            n,
            who,
            ViewKind::ClientOpened,
            when,
            vec![ViewWay::Role(Some(Role::PrimaryAdmin))],
        )
    }

    #[test]
    fn twelve_openings_in_a_minute_read_as_one_line() {
        // Newest first, as the App answers: 05:57:00 back to 05:56:05.
        let lines: Vec<ViewLine> = (0..12)
            .map(|i| opened(100 - i, 10, at(57, -(i as i64) * 5)))
            .collect();
        let found = runs(&lines);
        assert_eq!(found, vec![Run { start: 0, len: 12 }]);
        let en = Tr::new(Language::En);
        assert_eq!(
            sentence(&en, &lines, found[0]),
            "Petra Primary opened it 12 times between 05:56 and 05:57"
        );
        assert_eq!(ways(&en, &lines[0].ways), "as the primary administrator");
        let fr = Tr::new(Language::Fr);
        assert_eq!(
            sentence(&fr, &lines, found[0]),
            "Petra Primary l’a ouvert 12 fois entre 05:56 et 05:57"
        );
    }

    #[test]
    fn openings_within_one_minute_say_at_what_time() {
        let lines = vec![opened(2, 10, at(57, 30)), opened(1, 10, at(57, 5))];
        let found = runs(&lines);
        assert_eq!(
            sentence(&Tr::new(Language::En), &lines, found[0]),
            "Petra Primary opened it 2 times at 05:57"
        );
        assert_eq!(
            sentence(&Tr::new(Language::Da), &lines, found[0]),
            "Petra Primary åbnede den 2 gange kl. 05.57"
        );
    }

    #[test]
    fn runs_break_on_another_person_a_download_another_way_or_ten_minutes() {
        let lines = vec![
            opened(9, 10, at(30, 0)),
            opened(8, 10, at(25, 0)),
            opened(7, 10, at(20, 0)), // exactly ten minutes after 05:20: still one run
            opened(6, 10, at(19, 59)), // past ten minutes of the run's newest
            opened(5, 20, at(19, 0)), // Bob in between
            opened(4, 10, at(18, 0)),
            line(3, 10, ViewKind::DocumentDownloaded, at(17, 0), Vec::new()),
            line(2, 10, ViewKind::DocumentDownloaded, at(16, 59), Vec::new()),
            line(
                1,
                10,
                ViewKind::ClientOpened,
                at(16, 0),
                vec![ViewWay::Owner],
            ),
        ];
        let found = runs(&lines);
        let lens: Vec<usize> = found.iter().map(|r| r.len).collect();
        assert_eq!(lens, vec![3, 1, 1, 1, 1, 1, 1]);
        assert_eq!(lens.iter().sum::<usize>(), lines.len(), "complete");
        let en = Tr::new(Language::En);
        assert_eq!(sentence(&en, &lines, found[1]), "Petra Primary opened it");
        assert_eq!(
            sentence(&en, &lines, found[4]),
            "Petra Primary downloaded a document"
        );
    }

    #[test]
    fn a_page_counts_runs_and_starts_the_next_after_the_last_run_kept() {
        let lines = vec![
            opened(9, 10, at(30, 0)),
            opened(8, 10, at(29, 0)),
            opened(7, 20, at(28, 0)),
            opened(6, 10, at(27, 0)),
        ];
        let (kept, next) = page(&lines, 2, None);
        assert_eq!(kept.len(), 2);
        assert_eq!(next, Some(ViewId::from_u128(7)));
        let more = Some(ViewId::from_u128(6));
        assert_eq!(page(&lines, 3, more), (runs(&lines), more));
    }

    #[test]
    fn ways_are_words_never_rule_ids() {
        let en = Tr::new(Language::En);
        let all = vec![
            ViewWay::Owner,
            ViewWay::Groups(vec!["Audit team".to_owned()]),
            ViewWay::Direct,
            ViewWay::Company,
            ViewWay::ShareAll,
            ViewWay::Role(Some(Role::Admin)),
            ViewWay::Role(None),
            ViewWay::Groups(Vec::new()),
            ViewWay::AccessOff,
        ];
        let text = ways(&en, &all);
        assert!(
            text.starts_with(
                "as the owner, through the group Audit team, shared with them directly"
            ),
            "{text}"
        );
        for lang in [Language::En, Language::Fr, Language::Da] {
            let text = ways(&Tr::new(lang), &all);
            assert!(!text.contains("client-way"), "{lang:?}: {text}");
            assert!(
                !text.split(|c: char| !c.is_alphanumeric()).any(|w| {
                    w.len() >= 2
                        && w.len() <= 3
                        && w.starts_with(['A', 'B', 'C', 'X'])
                        && w[1..].chars().all(|c| c.is_ascii_digit())
                }),
                "{lang:?}: {text}"
            );
        }
    }
}
