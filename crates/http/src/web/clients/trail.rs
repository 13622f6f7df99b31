//! The way back through a list paged by cursor (the clients list, the
//! access log): the App pages forward only, so each link carries the
//! cursors of the pages before it in the query string, and "Previous"
//! works without JavaScript and without server state.

/// Most earlier pages remembered; past that, "Previous" from the oldest
/// remembered page leads to the first.
const MAX_BACK: usize = 20;

/// Where a paged list stands: this page's cursor (empty on the first page)
/// and the cursors of the pages before it, oldest first (an empty one is
/// the first page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Trail {
    /// The query parameter of the cursor (`cursor`, `log`).
    cursor_param: &'static str,
    /// The query parameter of the earlier cursors (`back`, `logback`).
    back_param: &'static str,
    here: String,
    back: Vec<String>,
}

/// Whether a cursor can travel in a query string as it is: the App's
/// cursors are hex digits or UUIDs. Anything else is dropped.
fn plain(cursor: &str) -> bool {
    cursor.len() <= 4096
        && cursor
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl Trail {
    /// The trail of a request: `cursor` and `back` as they came (`back` is
    /// the earlier cursors joined with `.`).
    pub(crate) fn parse(
        cursor_param: &'static str,
        back_param: &'static str,
        cursor: Option<&str>,
        back: Option<&str>,
    ) -> Trail {
        let here = cursor.filter(|c| plain(c)).unwrap_or_default().to_owned();
        let mut back: Vec<String> = back
            .map(|b| {
                b.split('.')
                    .filter(|c| plain(c))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if back.len() > MAX_BACK {
            back.drain(..back.len() - MAX_BACK);
        }
        Trail {
            cursor_param,
            back_param,
            here,
            back,
        }
    }

    /// This page's cursor; `None` on the first page.
    pub(crate) fn cursor(&self) -> Option<&str> {
        Some(self.here.as_str()).filter(|c| !c.is_empty())
    }

    /// The query (without `?`) of this page again.
    pub(crate) fn here_query(&self) -> String {
        self.query(&self.here, &self.back)
    }

    /// The query (without `?`) of the page that starts at `next`.
    pub(crate) fn next_query(&self, next: &str) -> String {
        let mut back = self.back.clone();
        back.push(self.here.clone());
        if back.len() > MAX_BACK {
            back.drain(..back.len() - MAX_BACK);
        }
        self.query(next, &back)
    }

    /// The query (without `?`) of the page before, `None` on the first
    /// page (an empty query is the first page).
    pub(crate) fn previous_query(&self) -> Option<String> {
        if self.here.is_empty() {
            return None;
        }
        let mut back = self.back.clone();
        let before = back.pop().unwrap_or_default();
        Some(self.query(&before, &back))
    }

    fn query(&self, cursor: &str, back: &[String]) -> String {
        let mut parts = Vec::new();
        if !cursor.is_empty() {
            parts.push(format!("{}={cursor}", self.cursor_param));
        }
        if !back.is_empty() {
            parts.push(format!("{}={}", self.back_param, back.join(".")));
        }
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trail(cursor: Option<&str>, back: Option<&str>) -> Trail {
        Trail::parse("cursor", "back", cursor, back)
    }

    #[test]
    fn forward_and_back_again_without_javascript() {
        let first = trail(None, None);
        assert_eq!(first.cursor(), None);
        assert_eq!(first.previous_query(), None);
        let to_second = first.next_query("c1");
        assert_eq!(to_second, "cursor=c1&back=");
        let second = trail(Some("c1"), Some(""));
        assert_eq!(
            second.previous_query().as_deref(),
            Some(""),
            "the first page"
        );
        let to_third = second.next_query("c2");
        assert_eq!(to_third, "cursor=c2&back=.c1");
        let third = trail(Some("c2"), Some(".c1"));
        assert_eq!(
            third.previous_query().as_deref(),
            Some("cursor=c1&back="),
            "the second page, which knows its own way back"
        );
        assert_eq!(third.here_query(), "cursor=c2&back=.c1");
    }

    #[test]
    fn a_cursor_opened_directly_goes_back_to_the_first_page() {
        let t = trail(Some("c9"), None);
        assert_eq!(t.previous_query().as_deref(), Some(""));
    }

    #[test]
    fn only_plain_cursors_travel_and_the_trail_is_bounded() {
        let t = trail(Some("a&b=c"), Some("x\"y.ok"));
        assert_eq!(t.cursor(), None);
        assert_eq!(t.next_query("n"), "cursor=n&back=ok.");
        let long: Vec<String> = (0..30).map(|i| format!("c{i}")).collect();
        let t = trail(Some("here"), Some(&long.join(".")));
        let next = t.next_query("n");
        assert_eq!(next.matches('.').count(), MAX_BACK - 1);
        assert!(next.ends_with(".here"));
        let log = Trail::parse("log", "logback", Some("v1"), None);
        assert_eq!(log.next_query("v2"), "log=v2&logback=v1");
    }
}
