//! Reading an import's CSV into lines keyed by column name: the header is
//! checked (known columns, `name` present, none twice), each record keeps the
//! line it starts on (quoted newlines span lines; `\r\n`, `\n` and `\r` each
//! end one), and records that cannot be read (bad UTF-8, a wrong number of
//! cells) become line errors. A cell the export quoted against formulas
//! loses that quote (formula.rs).

use std::collections::HashMap;

use super::{IMPORT_COLUMNS, ImportLineError, formula};
use crate::error::AppError;
use crate::message::Message;

/// One data record of the import, by column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    /// 1-based line the record starts on; the header is line 1.
    pub(super) number: u64,
    values: HashMap<&'static str, String>,
}

impl Line {
    /// The cell of a column, when the file has that column.
    pub(super) fn get(&self, column: &str) -> Option<&str> {
        self.values.get(column).map(String::as_str)
    }
}

/// The records of `csv`, and the problems found while reading it. A bad
/// header stops the reading there (its columns decide everything else).
pub(super) fn parse(csv: &[u8]) -> Result<(Vec<Line>, Vec<ImportLineError>), AppError> {
    let csv = csv.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(csv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut records = reader.byte_records();
    let mut errors = Vec::new();
    let header = match records.next() {
        None => {
            errors.push(error(1, Message::new("app-import-empty")));
            return Ok((Vec::new(), errors));
        }
        Some(Err(e)) => {
            errors.push(error(
                1,
                Message::new("app-import-header-unreadable").with("detail", e.to_string()),
            ));
            return Ok((Vec::new(), errors));
        }
        Some(Ok(header)) => header,
    };
    let columns = match columns(&header) {
        Ok(columns) => columns,
        Err(problems) => {
            errors.extend(problems.into_iter().map(|m| error(1, m)));
            return Ok((Vec::new(), errors));
        }
    };
    let mut counter = LineCounter::new(csv);
    let mut lines = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let number = e.position().map_or(0, |p| counter.line_of(p));
                errors.push(error(
                    number,
                    Message::new("app-import-line-unreadable").with("detail", e.to_string()),
                ));
                continue;
            }
        };
        let number = record.position().map_or(0, |p| counter.line_of(p));
        if record.len() != columns.len() {
            errors.push(error(
                number,
                Message::new("app-import-cells")
                    .count("expected", columns.len())
                    .count("found", record.len()),
            ));
            continue;
        }
        let mut values = HashMap::with_capacity(columns.len());
        let mut bad_utf8 = false;
        for (column, cell) in columns.iter().zip(record.iter()) {
            match std::str::from_utf8(cell) {
                Ok(text) => {
                    values.insert(*column, formula::restore(text).to_owned());
                }
                Err(_) => bad_utf8 = true,
            }
        }
        if bad_utf8 {
            errors.push(error(number, Message::new("app-import-not-utf8")));
            continue;
        }
        lines.push(Line { number, values });
    }
    Ok((lines, errors))
}

/// The line numbers of records, counted as an editor shows them: `\r\n`,
/// `\n` and a lone `\r` each end a line, inside quoted cells too.
///
/// The csv crate's own `Position::line` falls one short after every CRLF
/// (it stops a record at the `\r` and counts the `\n` only once the next
/// record has begun), so the lines are counted here from the records' byte
/// offsets, in one pass over the text as the records come.
struct LineCounter<'a> {
    text: &'a [u8],
    /// How far the text has been counted, and the line there.
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line a record starting at `position` begins on. The end of the
    /// line before (a `\n` the reader has not consumed yet) is skipped first.
    fn line_of(&mut self, position: &csv::Position) -> u64 {
        let mut start = usize::try_from(position.byte())
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start = start.saturating_add(1);
        }
        for i in self.at..start {
            let ends_line = match self.text.get(i) {
                Some(b'\n') => true,
                Some(b'\r') => self.text.get(i.saturating_add(1)) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                self.line = self.line.saturating_add(1);
            }
        }
        self.at = self.at.max(start);
        self.line
    }
}

/// The header's columns, each one of [`IMPORT_COLUMNS`] (compared trimmed
/// and lower-cased); every problem when it is not usable.
fn columns(header: &csv::ByteRecord) -> Result<Vec<&'static str>, Vec<Message>> {
    let mut columns = Vec::with_capacity(header.len());
    let mut problems = Vec::new();
    for cell in header {
        let name = String::from_utf8_lossy(cell).trim().to_lowercase();
        match IMPORT_COLUMNS.iter().find(|c| **c == name) {
            Some(known) if columns.contains(known) => {
                problems.push(Message::new("app-import-column-twice").with("column", *known));
            }
            Some(known) => columns.push(*known),
            None => problems.push(
                Message::new("app-import-column-unknown")
                    .with("column", name)
                    .with("columns", IMPORT_COLUMNS.join(", ")),
            ),
        }
    }
    if !columns.contains(&"name") {
        problems.push(Message::new("app-import-name-required"));
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

fn error(line: u64, message: Message) -> ImportLineError {
    ImportLineError {
        line,
        field: None,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_the_header_and_quoted_newlines() {
        let csv = b"name,tags\nAda,\"a;b\"\n\"Two\nLines\",x\nBob,y\n";
        let (lines, errors) = parse(csv).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let numbers: Vec<u64> = lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [2, 3, 5]);
        assert_eq!(lines[1].get("name"), Some("Two\nLines"));
        assert_eq!(lines[0].get("email"), None);
    }

    fn numbers(csv: &[u8]) -> Vec<u64> {
        let (lines, errors) = parse(csv).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        lines.iter().map(|l| l.number).collect()
    }

    #[test]
    fn lines_count_right_with_crlf_line_endings() {
        let crlf = b"name,phone\r\nAda,1\r\nBob,2\r\nCleo,3\r\n";
        assert_eq!(numbers(crlf), [2, 3, 4]);
        let (_, errors) = parse(b"name\r\nA\r\nB,C\r\nD\r\n").unwrap();
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3]);
        // Old Mac line endings: a lone CR ends a line too.
        assert_eq!(numbers(b"name\rAda\rBob\r"), [2, 3]);
    }

    #[test]
    fn lines_count_quoted_newlines_with_crlf_line_endings() {
        let csv = b"name,tags\r\n\"Two\r\nLines\",x\r\n\"Three\nmore\r\nlines\",y\r\nBob,z\r\n";
        assert_eq!(numbers(csv), [2, 4, 7]);
        let (lines, _) = parse(csv).unwrap();
        assert_eq!(lines[0].get("name"), Some("Two\r\nLines"));
    }

    #[test]
    fn bad_headers_and_ragged_lines_are_reported() {
        let (_, errors) = parse(b"nom,email,email\n").unwrap();
        let keys: Vec<&str> = errors.iter().map(|e| e.message.key()).collect();
        assert_eq!(
            keys,
            [
                "app-import-column-unknown",
                "app-import-column-twice",
                "app-import-name-required"
            ]
        );
        assert!(errors.iter().all(|e| e.line == 1));
        let (lines, errors) = parse(b"\xEF\xBB\xBFName\nA\nB,C\n").unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(
            errors,
            [error(
                3,
                Message::new("app-import-cells")
                    .count("expected", 1)
                    .count("found", 2)
            )]
        );
        let (_, errors) = parse(b"").unwrap();
        assert_eq!(errors[0].line, 1);
    }
}
