//! Human words on every page (issue 9, item 4): every page, for every role,
//! in French and Danish, read as a person reads it, carries no rule id
//! (`A6`, `X11`), no API path or code in backticks, and no sentence of the
//! English catalogue that has its own French or Danish translation.

use std::collections::BTreeMap;
use std::path::Path;

use axum::http::Method;
use serde_json::json;

use crate::support::{Session, World};
use crate::web::{cookie_of, csrf_of, html, page, page_with, set_language};

/// The text a person reads on a page: text between tags, and the words of
/// `placeholder`, `title`, `aria-label` and `alt`; scripts and styles left out.
fn readable(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = &rest[open..];
        for (start, end) in [("<script", "</script>"), ("<style", "</style>")] {
            if rest.starts_with(start) {
                rest = rest.find(end).map_or("", |at| &rest[at..]);
            }
        }
        let close = rest.find('>').map_or(rest.len(), |at| at + 1);
        let tag = &rest[..close];
        for attribute in ["placeholder=\"", "title=\"", "aria-label=\"", "alt=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                text.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                text.push(' ');
            }
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A rule id as SPEC.md writes them: `A6`, `B12`, `X9`, `C1`, standing alone.
fn rule_id(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if !matches!(c, 'A' | 'B' | 'C' | 'X') {
            continue;
        }
        if i > 0 && chars[i - 1].is_alphanumeric() {
            continue;
        }
        let digits = chars[i + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        let after = chars.get(i + 1 + digits);
        if (1..=2).contains(&digits) && !after.is_some_and(|a| a.is_alphanumeric()) {
            return Some(chars[i..=i + digits].iter().collect());
        }
    }
    None
}

/// The English catalogue's sentences that French and Danish translate:
/// each literal run of at least four words between placeables, by key.
fn english_sentences() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let read = |lang: &str| -> BTreeMap<String, String> {
        let mut values = BTreeMap::new();
        for entry in std::fs::read_dir(dir.join(lang)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut key: Option<String> = None;
            for line in text.lines() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                if line.starts_with(' ') {
                    if let Some(k) = &key {
                        let v: &mut String = values.entry(k.clone()).or_default();
                        v.push(' ');
                        v.push_str(line.trim());
                    }
                } else if let Some((k, v)) = line.split_once(" =") {
                    key = Some(k.trim().to_owned());
                    values.insert(k.trim().to_owned(), v.trim().to_owned());
                }
            }
        }
        values
    };
    let (en, fr, da) = (read("en"), read("fr"), read("da"));
    let mut sentences = Vec::new();
    for (key, value) in &en {
        if fr.get(key) == Some(value) || da.get(key) == Some(value) {
            continue;
        }
        for run in value.split(['{', '}', '[', ']', '*']) {
            let run = run.trim().trim_end_matches(['.', ':', ',']);
            if run.split_whitespace().count() >= 4 && !run.contains("->") && !run.contains('$') {
                sentences.push((key.clone(), run.to_owned()));
            }
        }
    }
    assert!(sentences.len() > 300, "{}", sentences.len());
    sentences
}

/// What is wrong with a page's words, if anything.
fn problems(text: &str, english: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(id) = rule_id(text) {
        found.push(format!("rule id {id}"));
    }
    for code in [
        "`", "/api/", "{id}", "POST /", "GET /", "PATCH /", "DELETE /", "app-",
    ] {
        if text.contains(code) {
            found.push(format!("code {code:?}"));
        }
    }
    for (key, sentence) in english {
        if text.contains(sentence.as_str()) {
            found.push(format!("English {key}: {sentence:?}"));
        }
    }
    found
}

/// A company with something on every page: clients (one locked, one
/// restricted), a group, a pending request, a deactivated person.
struct Firm {
    w: World,
    people: Vec<(&'static str, Session)>,
    client: String,
    locked: String,
    group: String,
    request: String,
    leaver: String,
}

async fn firm() -> Firm {
    let w = World::new().await;
    let mut people = Vec::new();
    for role in ["admin", "manager", "contributor", "marketing", "user"] {
        people.push((role, w.staff(role, &format!("{role}x")).await));
    }
    let user = people.last().map(|(_, s)| s.clone()).unwrap();
    let leaver = w.staff("user", "Leaver").await;
    let group = w.group("Audit team", &[&user, &leaver]).await;
    let client = w.client(&w.admin, "Acme Trading").await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/access"),
        json!({"subject": {"type": "group", "id": group}}),
    )
    .await
    .expect(201);
    w.lock_down().await;
    w.settings(json!({"allow_access_requests": true})).await;
    let locked = w.private_client(&w.admin, "Locked Holdings").await;
    let request = w
        .post(
            &user,
            &format!("/clients/{locked}/access-requests"),
            json!({"message": "for the audit"}),
        )
        .await;
    request.expect(201);
    let request = request.id();
    w.patch(
        &w.admin,
        &format!("/users/{}", leaver.id),
        json!({"active": false}),
    )
    .await
    .expect(200);
    people.insert(0, ("primary_admin", w.admin.clone()));
    Firm {
        w,
        people,
        client,
        locked,
        group,
        request,
        leaver: leaver.id,
    }
}

/// The pages a signed-in person can reach by a link, for this firm.
fn pages(f: &Firm) -> Vec<String> {
    let (c, l, g, r, x) = (&f.client, &f.locked, &f.group, &f.request, &f.leaver);
    let member = &f.people[1].1.id;
    [
        "/",
        "/clients",
        "/clients?q=nothing-matches",
        "/clients/import",
        &format!("/clients/{c}"),
        &format!("/clients/{c}/sharing"),
        &format!("/clients/{c}/sharing/candidates?find=a"),
        &format!("/clients/{c}/delete"),
        &format!("/clients/{l}"),
        "/requests",
        &format!("/requests/{r}"),
        "/admin",
        "/admin/settings",
        "/admin/company",
        "/admin/groups",
        &format!("/admin/groups/{g}"),
        &format!("/admin/groups/{g}/delete"),
        "/admin/staff",
        &format!("/admin/staff/{member}"),
        &format!("/admin/staff/{member}/deactivate"),
        &format!("/admin/staff/{member}/handover"),
        &format!("/admin/staff/{member}/primary-admin"),
        &format!("/admin/staff/{x}"),
        "/account",
        "/work-as",
        "/no-such-page",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect()
}

#[tokio::test]
async fn every_page_for_every_role_reads_in_french_and_danish_without_codes_or_english() {
    let f = firm().await;
    let english = english_sentences();
    let mut failures = Vec::new();
    let mut pages_read = 0;
    for lang in ["fr", "da"] {
        for (_, who) in &f.people {
            set_language(&f.w, who, lang).await;
        }
        for (role, who) in &f.people {
            for path in pages(&f) {
                let reply = page(&f.w, Method::GET, &path, Some(&cookie_of(who)), None).await;
                let status = reply.status.as_u16();
                if status == 303 {
                    continue;
                }
                assert!(
                    [200, 403, 404, 409, 422].contains(&status),
                    "{role} {path}: {status}"
                );
                pages_read += 1;
                for problem in problems(&readable(html(&reply)), &english) {
                    failures.push(format!("{lang} {role} {path} ({status}): {problem}"));
                }
            }
            // A refused form: the App's messages in the reader's language.
            let token = {
                let reply = page(&f.w, Method::GET, "/clients", Some(&cookie_of(who)), None).await;
                csrf_of(html(&reply))
            };
            let refused = page(
                &f.w,
                Method::POST,
                "/clients",
                Some(&cookie_of(who)),
                Some(&format!(
                    "csrf={token}&name=%20&email=a%40b&phone=&tags=&owner="
                )),
            )
            .await;
            for problem in problems(&readable(html(&refused)), &english) {
                failures.push(format!("{lang} {role} POST /clients: {problem}"));
            }
        }
        // The signed-out pages, by the browser's language.
        for path in ["/login", "/password-reset", "/invitations/unknown-token"] {
            let reply = page_with(&f.w, Method::GET, path, None, None, None, Some(lang)).await;
            pages_read += 1;
            for problem in problems(&readable(html(&reply)), &english) {
                failures.push(format!("{lang} signed out {path}: {problem}"));
            }
        }
    }
    assert!(pages_read > 250, "{pages_read}");
    assert!(failures.is_empty(), "{:#?}", failures);
}

#[test]
fn the_scan_finds_what_it_looks_for() {
    assert_eq!(rule_id("see A6 and X11"), Some("A6".to_owned()));
    assert_eq!(rule_id("(B12)"), Some("B12".to_owned()));
    assert_eq!(rule_id("CSV UTF-8, A4B, XA1, A123"), None);
    let text = readable(
        r#"<p title="Why?">Hello <b>there</b></p><script>var A6 = 1;</script><input placeholder="Search">"#,
    );
    assert_eq!(text, "Why? Hello there Search");
    let english = vec![("k".to_owned(), "only admins may do this".to_owned())];
    assert_eq!(problems("fine words", &english), Vec::<String>::new());
    assert_eq!(problems("use `POST /users`", &english).len(), 2);
    assert_eq!(
        problems("Only so: only admins may do this.", &english).len(),
        1
    );
}
