//! How a page writes a kept name and a count: a deactivated person or a
//! deleted group or client keeps their name with "(deactivated)" or
//! "(deleted)" beside it (issue 9), and a count picks the singular or
//! plural sentence as the language does (French says "0 client").

use casegate_app::Standing;

use super::Tr;

/// `name`, marked when what it names is gone.
pub(crate) fn shown(t: &Tr, name: &str, standing: Standing) -> String {
    match standing {
        Standing::Current => name.to_owned(),
        Standing::Deactivated => t.arg("name-deactivated", "name", name),
        Standing::Deleted => t.arg("name-deleted", "name", name),
    }
}

/// `{base}-one` or `{base}-many` for `n`: one is 1 in English and Danish,
/// 0 and 1 in French.
pub(crate) fn count_key(t: &Tr, base: &str, n: usize) -> String {
    let one = match t.code() {
        "fr" => n <= 1,
        _ => n == 1,
    };
    format!("{base}-{}", if one { "one" } else { "many" })
}

/// The sentence `{base}-one`/`-many` with `$count` written as the language
/// writes numbers.
pub(crate) fn counted(t: &Tr, base: &str, n: usize) -> String {
    let count = t.number(u64::try_from(n).unwrap_or(u64::MAX));
    t.arg(&count_key(t, base, n), "count", &count)
}

#[cfg(test)]
mod tests {
    use casegate_core::Language;

    use super::*;

    #[test]
    fn kept_names_are_marked_in_every_language() {
        for (lang, deactivated, deleted) in [
            (Language::En, "Bob (deactivated)", "Audit (deleted)"),
            (Language::Fr, "Bob (compte désactivé)", "Audit (supprimé)"),
            (Language::Da, "Bob (deaktiveret)", "Audit (slettet)"),
        ] {
            let t = Tr::new(lang);
            assert_eq!(shown(&t, "Bob", Standing::Current), "Bob");
            assert_eq!(shown(&t, "Bob", Standing::Deactivated), deactivated);
            assert_eq!(shown(&t, "Audit", Standing::Deleted), deleted);
        }
    }

    #[test]
    fn french_counts_zero_as_one() {
        let (en, fr) = (Tr::new(Language::En), Tr::new(Language::Fr));
        assert_eq!(count_key(&en, "x", 0), "x-many");
        assert_eq!(count_key(&fr, "x", 0), "x-one");
        assert_eq!(count_key(&fr, "x", 2), "x-many");
        assert_eq!(count_key(&en, "x", 1), "x-one");
    }
}
