//! The message catalogue is whole (issue 9, item 4): every file and key of
//! English exists in French and Danish with the same arguments, and every
//! key the code or a template names exists.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use casegate_core::Language;

use super::Tr;

/// A catalogue file's keys, each with the `$arguments` its value uses
/// (selectors and variants included).
fn entries(text: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            current = line.split_once(" =").map(|(k, _)| k.trim().to_owned());
            if let Some(key) = &current {
                out.entry(key.clone()).or_default();
            }
        }
        let Some(key) = &current else { continue };
        let args = out.entry(key.clone()).or_default();
        let mut rest = line;
        while let Some(at) = rest.find('$') {
            rest = &rest[at + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() {
                args.insert(name);
            }
        }
    }
    out
}

fn locales() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn every_key_is_in_every_language_with_the_same_arguments() {
    let mut english = Vec::new();
    files(&locales().join("en"), "ftl", &mut english);
    assert!(english.len() >= 8, "{english:?}");
    for en_path in english {
        let name = en_path.file_name().expect("a file name");
        let en = entries(&std::fs::read_to_string(&en_path).expect("readable"));
        for lang in ["fr", "da"] {
            let path = locales().join(lang).join(name);
            let other = entries(
                &std::fs::read_to_string(&path)
                    .unwrap_or_else(|_| panic!("{} is missing", path.display())),
            );
            let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<&String> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}/{}: missing {missing:?}, not in English {extra:?}",
                name.to_string_lossy()
            );
            for (key, args) in &en {
                // A `-one` sentence may leave out `$count` where the
                // language says one only for 1 (French's covers 0 too).
                let without_count = |a: &BTreeSet<String>| -> BTreeSet<String> {
                    a.iter().filter(|n| *n != "count").cloned().collect()
                };
                if key.ends_with("-one") {
                    assert_eq!(
                        without_count(args),
                        without_count(&other[key]),
                        "{lang}: `{key}`"
                    );
                    continue;
                }
                assert_eq!(
                    args,
                    &other[key],
                    "{lang}/{}: `{key}` takes other arguments",
                    name.to_string_lossy()
                );
            }
        }
    }
}

/// Every `"app-…"` key of the App's messages, and every key a template or
/// the web code looks up by a literal (`.get("…")`, `.arg("…"`,
/// `.args("…"`), exists in English (and so, by the test above, in all).
#[test]
fn every_key_the_code_names_exists() {
    let mut known = BTreeSet::new();
    let mut catalogues = Vec::new();
    files(&locales().join("en"), "ftl", &mut catalogues);
    for path in catalogues {
        known.extend(entries(&std::fs::read_to_string(path).expect("readable")).into_keys());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files(&root.join("src"), "rs", &mut sources);
    files(&root.join("templates"), "html", &mut sources);
    files(&root.join("../app/src"), "rs", &mut sources);
    let mut unknown = BTreeSet::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).expect("readable");
        for opener in ["\"app-", ".get(\"", ".arg(\"", ".args(\""] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(opener) {
                rest = &rest[at + opener.len()..];
                let tail: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                if !rest[tail.len()..].starts_with('"') || tail.is_empty() {
                    continue;
                }
                let key = if opener == "\"app-" {
                    format!("app-{tail}")
                } else {
                    tail
                };
                // Keys end in a letter or digit; `"app-x"` in the message
                // type's own test is not a key.
                // Header names (`x-forwarded-proto`) are looked up too.
                let header = key.starts_with("x-");
                if key.contains('-')
                    && !key.ends_with('-')
                    && key != "app-x"
                    && !header
                    && !known.contains(&key)
                {
                    unknown.insert(format!("{key} ({})", path.display()));
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "keys not in the catalogue: {unknown:#?}"
    );
}

#[test]
fn app_messages_render_with_counts_and_moments() {
    use casegate_app::Message;
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-30T14:05:00Z")
        .expect("a moment")
        .with_timezone(&chrono::Utc);
    let decided = Message::new("app-request-decided-by")
        .with("status", "denied")
        .with("name", "Olga")
        .time("at", at);
    assert_eq!(
        super::english(&decided),
        "Olga already denied this request on 30 Nov 2026, 14:05 UTC."
    );
    assert_eq!(
        Tr::new(Language::Fr).message(&decided),
        "Olga a déjà refusé cette demande le 30 nov. 2026 à 14:05 UTC."
    );
    let full = |n| {
        Message::new("app-bulk-tags-full")
            .count("count", n)
            .count("max", 50)
            .with("names", "Ada")
    };
    assert_eq!(
        Tr::new(Language::Da).message(&full(1)),
        "Én klient har allerede 50 mærker: Ada."
    );
    assert_eq!(
        Tr::new(Language::Fr).message(&full(3)),
        "3 clients ont déjà 50 étiquettes : Ada."
    );
}
