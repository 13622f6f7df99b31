//! CSV injection (OWASP): a spreadsheet runs a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula. The export puts a
//! single quote before such a cell — the spreadsheets' own "this is text"
//! mark, so `+45 12 34 56 78` reads as the phone number it is — and the
//! import takes that quote off again, so an export imports back unchanged.
//!
//! The quote goes after any quotes the value already starts with: a value
//! whose first character after its leading quotes would start a formula gets
//! one more quote, and the import removes exactly one quote from such a cell.
//! So `'=x` (a value that really starts with a quote) exports as `''=x` and
//! imports as `'=x`, while `'Tis` is left alone both ways.

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether the first character after the leading quotes of `cell` starts a
/// formula.
fn starts_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(|c| TRIGGERS.contains(&c))
}

/// The cell as the export writes it: quoted when a spreadsheet would run it.
pub(super) fn neutralise(cell: String) -> String {
    if starts_formula(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// The value behind an imported cell: the export's quote taken off.
pub(super) fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote() {
        for cell in ["=1+1", "+45 12 34 56 78", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell.to_owned()), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["Ada", "", "a=b", "45 12 34 56 78", "'Tis", " =x"] {
            assert_eq!(neutralise(cell.to_owned()), cell, "{cell:?}");
        }
    }

    #[test]
    fn every_value_imports_back_as_it_was_exported() {
        for value in [
            "=HYPERLINK(\"http://x\")",
            "+45 12 34 56 78",
            "'=x",
            "''+y",
            "'Tis",
            "'",
            "",
            "plain",
            "@",
        ] {
            let exported = neutralise(value.to_owned());
            assert!(!exported.starts_with(&TRIGGERS[..]), "{exported:?}");
            assert_eq!(
                restore(&exported),
                value,
                "{value:?} exported as {exported:?}"
            );
        }
    }

    #[test]
    fn a_quote_before_ordinary_text_is_kept_on_import() {
        assert_eq!(restore("'Tis"), "'Tis");
        assert_eq!(restore("'+45 1"), "+45 1");
        assert_eq!(restore("''=x"), "'=x");
    }
}
