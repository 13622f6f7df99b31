//! A person's own account in the web UI through the router (AC1–AC3, C7):
//! the invitation page and its link states, the forgotten password, the
//! account page (password, email, sign out everywhere), the email change
//! confirmed through its link, and the staff page's "send the invitation
//! again". Every link is followed from the email that carries it.

use axum::http::{Method, header};
use casegate_store::OutboxMessage;
use serde_json::json;

use crate::support::{PASSWORD, Reply, Session, World, mails};
use crate::web::{cookie_of, csrf_of, html, page, page_with, redact, set_cookie, sign_in};

const NEW_PASSWORD: &str = "lanterns over the harbour";

/// The one email of `mails` to `to`.
fn to<'a>(mails: &'a [OutboxMessage], to: &str) -> &'a OutboxMessage {
    let found: Vec<_> = mails.iter().filter(|m| m.to == to).collect();
    assert_eq!(found.len(), 1, "{mails:#?}");
    found[0]
}

/// The path `/{kind}/TOKEN` of the first such link in an email body.
fn link(body: &str, kind: &str) -> String {
    let prefix = format!("http://casegate.test/{kind}/");
    let start = body
        .find(&prefix)
        .unwrap_or_else(|| panic!("no {kind} link in {body}"))
        + prefix.len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("/{kind}/{token}")
}

/// Percent-encodes a form value.
pub(crate) fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The `Location` of a redirect.
pub(crate) fn location(reply: &Reply) -> String {
    assert_eq!(reply.status.as_u16(), 303, "{:?}", reply.body);
    reply.headers[header::LOCATION].to_str().unwrap().to_owned()
}

/// `first` (`first@acme.test`, "First Staff") added by the admin without a
/// password, in `language`; their id and the invitation's path.
async fn invite(w: &World, first: &str, language: &str) -> (String, String) {
    mails(w).await;
    let email = format!("{}@acme.test", first.to_lowercase());
    let reply = w
        .post(
            &w.admin,
            "/users",
            json!({"email": email, "name": format!("{first} Staff"), "role": "user", "language": language}),
        )
        .await;
    reply.expect(201);
    let sent = mails(w).await;
    (
        reply.id(),
        link(&to(&sent, &email).body_text, "invitations"),
    )
}

/// A signed-out form's page: its double-submit cookie and token.
async fn signed_out_form(w: &World, path: &str) -> (String, String, Reply) {
    let reply = page(w, Method::GET, path, None, None).await;
    reply.expect(200);
    let cookie = set_cookie(&reply, "casegate_csrf");
    let token = csrf_of(html(&reply));
    (cookie, token, reply)
}

/// Fills and sends a signed-out form (`fields` after its token).
async fn send_signed_out(w: &World, path: &str, fields: &str) -> Reply {
    let (cookie, token, _) = signed_out_form(w, path).await;
    let body = format!("csrf={token}&{fields}");
    page(w, Method::POST, path, Some(&cookie), Some(&body)).await
}

/// The password fields of a form, `password` typed twice.
fn twice(password: &str) -> String {
    format!("password={0}&confirm={0}", enc(password))
}

/// Whether `email` signs in with `password` (through the API).
async fn signs_in(w: &World, email: &str, password: &str) -> bool {
    w.call(
        Method::POST,
        "/auth/login",
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
    .status
        == 200
}

/// The HTML of a page with the `<time>` elements' moments hidden.
fn hide_times(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<time") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</time>").unwrap() + at + "</time>".len();
        out.push_str("<time>[moment]</time>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// No password field of the page has a value: a password is never written
/// back into a form.
#[track_caller]
fn assert_no_password_typed(html: &str) {
    for tag in html.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        assert!(
            !(tag.contains(r#"type="password""#) && tag.contains("value=")),
            "{tag}"
        );
    }
}

/// A signed-in person's session cookie and CSRF token.
async fn session_of(w: &World, who: &Session) -> (String, String) {
    let cookie = cookie_of(who);
    let reply = page(w, Method::GET, "/account", Some(&cookie), None).await;
    reply.expect(200);
    let csrf = csrf_of(html(&reply));
    (cookie, csrf)
}

#[tokio::test]
async fn ac1_the_invitation_page_in_english_and_french() {
    let w = World::new().await;
    for (first, lang, expected) in [
        ("Bob", "en", "Join Acme"),
        ("Chloe", "fr", "Rejoindre Acme"),
    ] {
        let (_, path) = invite(&w, first, lang).await;
        let reply = page(&w, Method::GET, &path, None, None).await;
        reply.expect(200);
        let text = html(&reply);
        assert!(text.contains(&format!(r#"<html lang="{lang}">"#)), "{lang}");
        assert!(text.contains(expected), "{text}");
        assert!(text.contains("Ada Admin"), "who invited");
        assert!(text.contains(&format!(
            r#"value="{}@acme.test" readonly"#,
            first.to_lowercase()
        )));
        assert!(text.contains(&format!(r#"value="{first} Staff""#)));
        let token = path.trim_start_matches("/invitations/");
        insta::assert_snapshot!(
            format!("invitation_{lang}"),
            hide_times(&redact(text, &[(token, "[token]")]))
        );
    }
}

#[tokio::test]
async fn ac1_accepting_the_invitation_signs_in_on_the_home_page() {
    let w = World::new().await;
    let (_, path) = invite(&w, "Bob", "en").await;
    let fields = format!("name=Bob+Builder&{}", twice(NEW_PASSWORD));
    let reply = send_signed_out(&w, &path, &fields).await;
    assert_eq!(location(&reply), "/");
    let session = set_cookie(&reply, "casegate_session");
    let home = page(&w, Method::GET, "/", Some(&session), None).await;
    assert_eq!(location(&home), "/clients", "signed in");
    let clients = page(&w, Method::GET, "/clients", Some(&session), None).await;
    clients.expect(200);
    assert!(html(&clients).contains("Bob Builder"), "the chosen name");
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);

    // AC1: single use; the page says so, and so does its form.
    let used = page(&w, Method::GET, &path, None, None).await;
    used.expect(410);
    assert!(html(&used).contains("This link was used already"));
    let again = page(
        &w,
        Method::POST,
        &path,
        None,
        Some(&format!("csrf=x&{}", twice("another fine password"))),
    )
    .await;
    again.expect(410);
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
}

#[tokio::test]
async fn ac1_a_signed_in_visitor_still_sees_the_invitation() {
    let w = World::new().await;
    let (_, path) = invite(&w, "Bob", "en").await;
    let reply = page(&w, Method::GET, &path, Some(&cookie_of(&w.admin)), None).await;
    reply.expect(200);
    assert!(html(&reply).contains("Join Acme"));
}

#[tokio::test]
async fn ac1_an_unknown_link_says_so() {
    let w = World::new().await;
    for path in [
        "/invitations/not-a-real-token",
        "/password-reset/not-a-real-token",
        "/email-changes/not-a-real-token",
    ] {
        let reply = page(&w, Method::GET, path, None, None).await;
        reply.expect(404);
        let text = html(&reply);
        assert!(text.contains("This link does not work"), "{path}: {text}");
        assert!(text.contains("Copy the whole link"), "what to do");
    }
    let danish = page_with(
        &w,
        Method::GET,
        "/invitations/nope",
        None,
        None,
        None,
        Some("da"),
    )
    .await;
    assert!(html(&danish).contains("Linket virker ikke"));
}

#[tokio::test]
async fn ac1_a_weak_password_is_refused_with_the_reason_and_the_name_kept() {
    let w = World::new().await;
    let (_, path) = invite(&w, "Bob", "en").await;
    for (password, confirm, reason) in [
        ("short", "short", "Use at least 10 characters"),
        ("bob@acme.test", "bob@acme.test", "other than your email"),
        ("password123", "password123", "most commonly used"),
        (NEW_PASSWORD, "something else", "not the same"),
    ] {
        let fields = format!(
            "name=Robert+B&password={}&confirm={}",
            enc(password),
            enc(confirm)
        );
        let reply = send_signed_out(&w, &path, &fields).await;
        reply.expect(422);
        let text = html(&reply);
        assert!(text.contains(reason), "{reason}: {text}");
        assert!(text.contains(r#"value="Robert B""#), "the typed name stays");
        assert_no_password_typed(text);
        assert!(text.contains(r#"aria-invalid="true""#));
        assert!(!signs_in(&w, "bob@acme.test", password).await);
    }
    // Nothing changed: the link still works, with the inviter's name.
    let reply = page(&w, Method::GET, &path, None, None).await;
    reply.expect(200);
    assert!(html(&reply).contains(r#"value="Bob Staff""#));
    // In the invitee's language.
    let (_, fr) = invite(&w, "Chloe", "fr").await;
    let reply = send_signed_out(&w, &fr, &twice("court")).await;
    reply.expect(422);
    assert!(html(&reply).contains("Utilisez au moins 10 caractères"));
}

#[tokio::test]
async fn ac1_the_invitation_form_needs_its_csrf_token_and_origin() {
    let w = World::new().await;
    let (_, path) = invite(&w, "Bob", "en").await;
    let (cookie, token, _) = signed_out_form(&w, &path).await;
    let fields = twice(NEW_PASSWORD);
    let cases = [
        // No token.
        (
            Some(cookie.clone()),
            fields.clone(),
            Some("http://casegate.test"),
        ),
        // A wrong token.
        (
            Some(cookie.clone()),
            format!("csrf=0123abcd&{fields}"),
            Some("http://casegate.test"),
        ),
        // The token without its cookie.
        (
            None,
            format!("csrf={token}&{fields}"),
            Some("http://casegate.test"),
        ),
        // Another site's form.
        (
            Some(cookie.clone()),
            format!("csrf={token}&{fields}"),
            Some("http://evil.test"),
        ),
        (Some(cookie.clone()), format!("csrf={token}&{fields}"), None),
    ];
    for (cookie, body, origin) in cases {
        let reply = page_with(
            &w,
            Method::POST,
            &path,
            cookie.as_deref(),
            Some(&body),
            origin,
            None,
        )
        .await;
        reply.expect(403);
        assert!(html(&reply).contains("Form expired"));
    }
    assert!(!signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
    page(&w, Method::GET, &path, None, None).await.expect(200);
}

#[tokio::test]
async fn ac1_sending_the_invitation_again_from_the_staff_page_ends_the_earlier_link() {
    let w = World::new().await;
    let (bob, first) = invite(&w, "Bob", "en").await;
    let admin = cookie_of(&w.admin);
    let list = page(&w, Method::GET, "/admin/staff", Some(&admin), None).await;
    let text = html(&list);
    let row = &text[text.find("bob@acme.test").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Invitation sent — not accepted yet"), "{row}");
    let ada = &text[text.find("ada@acme.test").unwrap()..];
    assert!(!ada[..ada.find("</tr>").unwrap()].contains("Invitation sent"));

    let member_path = format!("/admin/staff/{bob}");
    let member = page(&w, Method::GET, &member_path, Some(&admin), None).await;
    assert!(html(&member).contains("Send the invitation again"));
    let csrf = csrf_of(html(&member));
    let sent = page(
        &w,
        Method::POST,
        &format!("{member_path}/invitation"),
        Some(&admin),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    let done = location(&sent);
    assert_eq!(done, format!("{member_path}?done=invitation-sent"));
    let shown = page(&w, Method::GET, &done, Some(&admin), None).await;
    assert!(
        html(&shown)
            .contains("Invitation sent again to bob@acme.test; the earlier link no longer works.")
    );

    // The earlier link has ended (shown as expired); the new one works.
    let ended = page(&w, Method::GET, &first, None, None).await;
    ended.expect(410);
    assert!(html(&ended).contains("This link has expired"));
    let again = mails(&w).await;
    let second = link(&to(&again, "bob@acme.test").body_text, "invitations");
    assert_ne!(second, first);
    let reply = send_signed_out(&w, &second, &twice(NEW_PASSWORD)).await;
    assert_eq!(location(&reply), "/");

    // Accepted: no more "invitation sent", no more button.
    let member = page(&w, Method::GET, &member_path, Some(&admin), None).await;
    assert!(!html(&member).contains("Send the invitation again"));
    // CSRF: a wrong token sends nothing.
    let refused = page(
        &w,
        Method::POST,
        &format!("{member_path}/invitation"),
        Some(&admin),
        Some("csrf=nope"),
    )
    .await;
    refused.expect(403);
    assert!(mails(&w).await.is_empty());
}

#[tokio::test]
async fn ac2_asking_for_a_reset_answers_the_same_whatever_the_email() {
    let w = World::new().await;
    let login = page(&w, Method::GET, "/login", None, None).await;
    assert!(html(&login).contains(r#"<a href="/password-reset">Forgot your password?</a>"#));
    let form = page(&w, Method::GET, "/password-reset", None, None).await;
    form.expect(200);
    insta::assert_snapshot!("password_reset", redact(html(&form), &[]));
    let known = send_signed_out(&w, "/password-reset", "email=ada%40acme.test").await;
    let unknown = send_signed_out(&w, "/password-reset", "email=nobody%40acme.test").await;
    known.expect(200);
    unknown.expect(200);
    assert_eq!(html(&known), html(&unknown), "byte-identical bodies");
    assert!(html(&known).contains(
        "If an account exists for that address, we have sent it a link valid for one hour."
    ));
    assert!(known.headers.get(header::SET_COOKIE).is_none());
    assert!(unknown.headers.get(header::SET_COOKIE).is_none());
    // CSRF: refused without the token.
    let refused = page(
        &w,
        Method::POST,
        "/password-reset",
        None,
        Some("email=ada%40acme.test"),
    )
    .await;
    refused.expect(403);
}

/// Waits for the spawned reset request to write its email to `email`.
async fn reset_link(w: &World, email: &str) -> String {
    for _ in 0..100 {
        let sent = mails(w).await;
        if let Some(mail) = sent.iter().find(|m| m.to == email) {
            return link(&mail.body_text, "password-reset");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no reset email to {email}");
}

#[tokio::test]
async fn ac2_a_reset_through_the_emailed_link_then_sign_in_with_the_new_password() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    mails(&w).await;
    send_signed_out(&w, "/password-reset", "email=bob%40acme.test")
        .await
        .expect(200);
    let path = reset_link(&w, "bob@acme.test").await;

    let form = page(&w, Method::GET, &path, None, None).await;
    form.expect(200);
    assert!(html(&form).contains("Choose a new password"));
    assert!(html(&form).contains(r#"value="bob@acme.test" readonly"#));
    // A weak one is refused, nothing changes.
    // Ten characters that are the name, spaces aside.
    let weak = send_signed_out(&w, &path, &twice("bob  staff")).await;
    weak.expect(422);
    assert!(html(&weak).contains("Choose something other than your name."));
    assert!(signs_in(&w, "bob@acme.test", PASSWORD).await);

    let done = send_signed_out(&w, &path, &twice(NEW_PASSWORD)).await;
    assert_eq!(location(&done), "/login?reset=1");
    let login = page(&w, Method::GET, "/login?reset=1", None, None).await;
    assert!(html(&login).contains("Your password was changed. Sign in with the new one."));
    // AC2: every session ended.
    let old = page(&w, Method::GET, "/clients", Some(&cookie_of(&bob)), None).await;
    assert_eq!(location(&old), "/login");
    let signed = sign_in(&w, "bob@acme.test", NEW_PASSWORD).await;
    assert_eq!(location(&signed), "/clients");
    assert_eq!(
        sign_in(&w, "bob@acme.test", PASSWORD).await.status.as_u16(),
        401
    );
    // Single use.
    let used = page(&w, Method::GET, &path, None, None).await;
    used.expect(410);
    assert!(html(&used).contains("This link was used already"));
}

#[tokio::test]
async fn ac3_the_account_page_changes_the_password_given_the_current_one() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let other = w.login("bob@acme.test").await;
    let (cookie, csrf) = session_of(&w, &bob).await;
    let account = page(&w, Method::GET, "/account", Some(&cookie), None).await;
    insta::assert_snapshot!("account_page_en", redact(html(&account), &[]));
    assert!(html(&account).contains(r#"<a class="name" href="/account">Bob Staff"#));

    let post = |fields: String| {
        let body = format!("csrf={csrf}&{fields}");
        let cookie = cookie.clone();
        let w = &w;
        async move {
            page(
                w,
                Method::POST,
                "/account/password",
                Some(&cookie),
                Some(&body),
            )
            .await
        }
    };
    let wrong = post(format!(
        "current_password=wrong+one&new_password={0}&confirm={0}",
        enc(NEW_PASSWORD)
    ))
    .await;
    wrong.expect(422);
    assert!(html(&wrong).contains("This is not your current password."));
    assert_no_password_typed(html(&wrong));
    let differ = post(format!(
        "current_password={}&new_password={}&confirm=typo",
        enc(PASSWORD),
        enc(NEW_PASSWORD)
    ))
    .await;
    differ.expect(422);
    assert!(html(&differ).contains("The two passwords are not the same."));
    let weak = post(format!(
        "current_password={}&new_password=short&confirm=short",
        enc(PASSWORD)
    ))
    .await;
    weak.expect(422);
    assert!(html(&weak).contains("Use at least 10 characters"));
    assert!(
        signs_in(&w, "bob@acme.test", PASSWORD).await,
        "nothing changed"
    );

    let done = post(format!(
        "current_password={}&new_password={1}&confirm={1}",
        enc(PASSWORD),
        enc(NEW_PASSWORD)
    ))
    .await;
    assert_eq!(location(&done), "/account?done=password");
    let shown = page(
        &w,
        Method::GET,
        "/account?done=password",
        Some(&cookie),
        None,
    )
    .await;
    shown.expect(200);
    assert!(
        html(&shown).contains("Your password was changed."),
        "this session stays"
    );
    let ended = page(&w, Method::GET, "/clients", Some(&cookie_of(&other)), None).await;
    assert_eq!(location(&ended), "/login", "the other session ended");
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
    // CSRF: a wrong token changes nothing.
    let refused = page(
        &w,
        Method::POST,
        "/account/password",
        Some(&cookie),
        Some(&format!(
            "csrf=nope&current_password={}&new_password={1}&confirm={1}",
            enc(NEW_PASSWORD),
            enc("a third good password")
        )),
    )
    .await;
    refused.expect(403);
    assert!(signs_in(&w, "bob@acme.test", NEW_PASSWORD).await);
}

#[tokio::test]
async fn c7_the_email_changes_through_the_link_sent_to_the_new_address() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let (cookie, csrf) = session_of(&w, &bob).await;
    mails(&w).await;
    let same = page(
        &w,
        Method::POST,
        "/account/email",
        Some(&cookie),
        Some(&format!("csrf={csrf}&email=bob%40acme.test")),
    )
    .await;
    same.expect(422);
    assert!(html(&same).contains("This is already your email address."));
    let sent = page(
        &w,
        Method::POST,
        "/account/email",
        Some(&cookie),
        Some(&format!("csrf={csrf}&email=Robert%40Example.test")),
    )
    .await;
    sent.expect(200);
    assert!(html(&sent).contains(
        "We sent a link to robert@example.test; your email changes when you use it. \
         A notice went to your current address."
    ));
    let written = mails(&w).await;
    assert!(
        to(&written, "bob@acme.test")
            .body_text
            .contains("robert@example.test")
    );
    let path = link(
        &to(&written, "robert@example.test").body_text,
        "email-changes",
    );

    // Looking at the link changes nothing (mail scanners follow links).
    for _ in 0..2 {
        let shown = page(&w, Method::GET, &path, None, None).await;
        shown.expect(200);
        assert!(html(&shown).contains("Confirm my new address"));
        assert!(html(&shown).contains("robert@example.test"));
    }
    assert!(signs_in(&w, "bob@acme.test", PASSWORD).await);
    // CSRF: the button's POST needs its token.
    let refused = page(&w, Method::POST, &path, None, Some("csrf=nope")).await;
    refused.expect(403);

    // Confirmed signed out: the way on is the sign-in page.
    let done = send_signed_out(&w, &path, "").await;
    done.expect(200);
    let text = html(&done);
    assert!(
        text.contains("Your email is now robert@example.test."),
        "{text}"
    );
    assert!(text.contains(r#"href="/login""#));
    assert!(signs_in(&w, "robert@example.test", PASSWORD).await);
    assert!(!signs_in(&w, "bob@acme.test", PASSWORD).await);
    let used = page(&w, Method::GET, &path, None, None).await;
    used.expect(410);
    // The session stays, and the account page shows the new address.
    let account = page(&w, Method::GET, "/account", Some(&cookie), None).await;
    assert!(html(&account).contains("<dd>robert@example.test</dd>"));
}

#[tokio::test]
async fn c7_confirmed_while_signed_in_leads_to_the_account_page() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let (cookie, csrf) = session_of(&w, &bob).await;
    mails(&w).await;
    page(
        &w,
        Method::POST,
        "/account/email",
        Some(&cookie),
        Some(&format!("csrf={csrf}&email=robert%40example.test")),
    )
    .await
    .expect(200);
    let path = link(
        &to(&mails(&w).await, "robert@example.test").body_text,
        "email-changes",
    );
    let shown = page(&w, Method::GET, &path, Some(&cookie), None).await;
    let pre = set_cookie(&shown, "casegate_csrf");
    // The form's own token, after the header's (the session's).
    let text = html(&shown);
    let token = csrf_of(&text[text.find(r#"action="/email-changes/"#).unwrap()..]);
    let both = format!("{cookie}; {pre}");
    let done = page(
        &w,
        Method::POST,
        &path,
        Some(&both),
        Some(&format!("csrf={token}")),
    )
    .await;
    done.expect(200);
    assert!(html(&done).contains(r#"href="/account""#));
}

#[tokio::test]
async fn ac3_sign_out_everywhere_ends_every_session_this_one_too() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let other = w.login("bob@acme.test").await;
    let (cookie, csrf) = session_of(&w, &bob).await;
    let refused = page(
        &w,
        Method::POST,
        "/account/sign-out-everywhere",
        Some(&cookie),
        Some("csrf=nope"),
    )
    .await;
    refused.expect(403);
    let out = page(
        &w,
        Method::POST,
        "/account/sign-out-everywhere",
        Some(&cookie),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(location(&out), "/login?everywhere=1");
    assert!(set_cookie(&out, "casegate_session").ends_with('='));
    for session in [cookie_of(&bob), cookie_of(&other)] {
        let after = page(&w, Method::GET, "/account", Some(&session), None).await;
        assert_eq!(location(&after), "/login");
    }
    let login = page(&w, Method::GET, "/login?everywhere=1", None, None).await;
    assert!(html(&login).contains("You are signed out on every device."));
}

#[tokio::test]
async fn the_account_pages_in_danish() {
    let w = World::new().await;
    let (_, path) = invite(&w, "Mette", "da").await;
    let reply = page(&w, Method::GET, &path, None, None).await;
    let text = html(&reply);
    assert!(text.contains("Velkommen til Acme"), "{text}");
    assert!(text.contains("Mindst 10 tegn"));
    let done = send_signed_out(&w, &path, &twice(NEW_PASSWORD)).await;
    let session = set_cookie(&done, "casegate_session");
    let account = page(&w, Method::GET, "/account", Some(&session), None).await;
    let text = html(&account);
    assert!(text.contains("<h1>Din konto</h1>"), "{text}");
    assert!(text.contains("Log ud overalt"));
    assert!(text.contains("Skift adgangskode"));
}

/// C2, C4 in the browser: a contact invited to a file by email chooses a
/// password on the invitation page and lands on "My files" in the
/// company's language, with the file, the company, their entity and role
/// and the manager to ask; the staff pages refuse the desk session, and
/// signing out ends it.
#[tokio::test]
async fn c4_an_invited_contact_lands_on_my_files() {
    let w = World::new().await;
    w.patch(&w.admin, "/company", json!({"default_language": "fr"}))
        .await
        .expect(200);
    let entity = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Banque X", "kind": "lender"}),
        )
        .await
        .id();
    let deal = w.client(&w.admin, "Prêt Nordlys").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    mails(&w).await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/contacts"),
        json!({"entity_id": entity, "email": "lea@banquex.example", "name": "Léa Lender"}),
    )
    .await
    .expect(201);
    let sent = mails(&w).await;
    let invitation = to(&sent, "lea@banquex.example");
    assert!(
        invitation
            .subject
            .contains("vous invite à suivre Prêt Nordlys"),
        "{}",
        invitation.subject
    );
    let path = link(&invitation.body_text, "invitations");

    let fields = format!("name=L%C3%A9a+Lender&{}", twice(NEW_PASSWORD));
    let reply = send_signed_out(&w, &path, &fields).await;
    assert_eq!(location(&reply), "/desk");
    let session = set_cookie(&reply, "casegate_session");
    let desk = page(&w, Method::GET, "/desk", Some(&session), None).await;
    desk.expect(200);
    let text = html(&desk);
    assert!(text.contains(r#"<html lang="fr">"#));
    assert!(text.contains("Mes dossiers"));
    for expected in [
        "Prêt Nordlys",
        "Acme",
        "Banque X",
        "Prêteur",
        "Ada Admin",
        "ada@acme.test",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // The staff pages do not take a desk session; the desk no staff one.
    let clients = page(&w, Method::GET, "/clients", Some(&session), None).await;
    assert_eq!(location(&clients), "/login");
    let staff = page(&w, Method::GET, "/desk", Some(&cookie_of(&w.admin)), None).await;
    assert_eq!(location(&staff), "/clients");
    // Signing in again through the form goes to the desk.
    let again = sign_in(&w, "lea@banquex.example", NEW_PASSWORD).await;
    assert_eq!(location(&again), "/desk");
    // Signing out ends the session.
    let csrf = csrf_of(text);
    let out = page(
        &w,
        Method::POST,
        "/desk/logout",
        Some(&session),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(location(&out), "/login");
    let after = page(&w, Method::GET, "/desk", Some(&session), None).await;
    assert_eq!(location(&after), "/login");
}

/// A lender invited to `deal` through the API and signed in through the
/// invitation page; their session cookie.
async fn desk_contact(w: &World, deal: &str, entity: &str, email: &str) -> String {
    mails(w).await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/contacts"),
        json!({"entity_id": entity, "email": email}),
    )
    .await
    .expect(201);
    let sent = mails(w).await;
    let path = link(&to(&sent, email).body_text, "invitations");
    let reply = send_signed_out(w, &path, &twice(NEW_PASSWORD)).await;
    assert_eq!(location(&reply), "/desk");
    set_cookie(&reply, "casegate_session")
}

#[tokio::test]
async fn c3_c5_c8_c10_the_desk_file_page_manages_access_without_javascript() {
    let w = World::new().await;
    let entity = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Bank X", "kind": "lender", "email_domains": ["bankx.example"]}),
        )
        .await
        .id();
    let deal = w.client(&w.admin, "Harbour Loan").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    let shared = crate::documents::upload(&w, &w.admin, &deal, "term sheet.pdf", b"t", "shared")
        .await
        .id();
    let internal =
        crate::documents::upload(&w, &w.admin, &deal, "credit memo.pdf", b"m", "internal")
            .await
            .id();
    let session = desk_contact(&w, &deal, &entity, "lea@bankx.example").await;

    // "My files" links to the file page; it shows the shared document only.
    let desk = page(&w, Method::GET, "/desk", Some(&session), None).await;
    assert!(html(&desk).contains(&format!("/desk/files/{deal}")));
    let path = format!("/desk/files/{deal}");
    let file = page(&w, Method::GET, &path, Some(&session), None).await;
    file.expect(200);
    let text = html(&file).to_owned();
    for expected in [
        "Harbour Loan",
        "Acme",
        "Bank X",
        "Ada Admin",
        "term sheet.pdf",
        "Access management",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    assert!(!text.contains("credit memo.pdf"));
    let csrf = csrf_of(&text);
    let got = page(
        &w,
        Method::GET,
        &format!("{path}/documents/{shared}"),
        Some(&session),
        None,
    )
    .await;
    got.expect(200);
    page(
        &w,
        Method::GET,
        &format!("{path}/documents/{internal}"),
        Some(&session),
        None,
    )
    .await
    .expect(404);
    page(
        &w,
        Method::GET,
        &format!("/desk/files/{}", crate::support::random_id()),
        Some(&session),
        None,
    )
    .await
    .expect(404);

    // Add a colleague; a wrong CSRF token changes nothing.
    let refused = page(
        &w,
        Method::POST,
        &format!("{path}/contacts"),
        Some(&session),
        Some("csrf=wrong&email=max%40bankx.example"),
    )
    .await;
    assert_eq!(refused.status, 403);
    let outside = page(
        &w,
        Method::POST,
        &format!("{path}/contacts"),
        Some(&session),
        Some(&format!("csrf={csrf}&email=max%40gmail.example&name=Max")),
    )
    .await;
    outside.expect(422);
    assert!(html(&outside).contains("max@gmail.example"));
    let added = page(
        &w,
        Method::POST,
        &format!("{path}/contacts"),
        Some(&session),
        Some(&format!(
            "csrf={csrf}&email=max%40bankx.example&name=Max+Colleague"
        )),
    )
    .await;
    assert_eq!(location(&added), format!("{path}?done=added#access"));
    let file = page(
        &w,
        Method::GET,
        &format!("{path}?done=added"),
        Some(&session),
        None,
    )
    .await;
    let text = html(&file).to_owned();
    assert!(
        text.contains("Max Colleague") && text.contains("Access given"),
        "{text}"
    );
    let max: String = w
        .get(&w.admin, &format!("/clients/{deal}/users"))
        .await
        .body["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contact"]["email"] == "max@bankx.example")
        .unwrap()["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Revoke: Max moves to "no longer have access"; given access again.
    let revoked = page(
        &w,
        Method::POST,
        &format!("{path}/contacts/{max}/revoke"),
        Some(&session),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(location(&revoked), format!("{path}?done=revoked#access"));
    let file = page(&w, Method::GET, &path, Some(&session), None).await;
    let text = html(&file).to_owned();
    let former = text
        .split("Users who no longer have access")
        .nth(1)
        .unwrap();
    assert!(former.contains("Max Colleague") && former.contains("Give access again"));
    let again = page(
        &w,
        Method::POST,
        &format!("{path}/contacts"),
        Some(&session),
        Some(&format!("csrf={csrf}&email=max%40bankx.example")),
    )
    .await;
    assert_eq!(location(&again), format!("{path}?done=added#access"));

    // Hand over to a successor, then leave: the desk is empty.
    let handed = page(
        &w,
        Method::POST,
        &format!("{path}/handover"),
        Some(&session),
        Some(&format!("csrf={csrf}&successor_email=noa%40bankx.example")),
    )
    .await;
    assert_eq!(location(&handed), format!("{path}?done=handed#access"));
    let me = w
        .get(&w.admin, &format!("/clients/{deal}/users"))
        .await
        .body["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contact"]["email"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(me.contains(&"noa@bankx.example".to_owned()), "{me:?}");
    let lea = w
        .get(&w.admin, &format!("/clients/{deal}/users"))
        .await
        .body["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contact"]["email"] == "lea@bankx.example")
        .unwrap()["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let left = page(
        &w,
        Method::POST,
        &format!("{path}/contacts/{lea}/revoke"),
        Some(&session),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(location(&left), "/desk?done=left");
    let desk = page(&w, Method::GET, "/desk?done=left", Some(&session), None).await;
    let text = html(&desk).to_owned();
    assert!(text.contains("You left the file") && !text.contains("Harbour Loan"));
    page(&w, Method::GET, &path, Some(&session), None)
        .await
        .expect(404);
}

#[tokio::test]
async fn x7_a_contact_chooses_their_own_language_on_the_desk() {
    let w = World::new().await;
    let entity = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Bank X", "kind": "lender"}),
        )
        .await
        .id();
    let deal = w.client(&w.admin, "Harbour Loan").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    let session = desk_contact(&w, &deal, &entity, "lea@bankx.example").await;
    let desk = page(&w, Method::GET, "/desk", Some(&session), None).await;
    let csrf = csrf_of(html(&desk)).to_owned();
    let back = format!("/desk/files/{deal}");
    let changed = page(
        &w,
        Method::POST,
        "/desk/language",
        Some(&session),
        Some(&format!("csrf={csrf}&language=da&back={}", enc(&back))),
    )
    .await;
    assert_eq!(location(&changed), back);
    let file = page(&w, Method::GET, &back, Some(&session), None).await;
    let text = html(&file);
    assert!(text.contains(r#"<html lang="da">"#));
    assert!(text.contains("Adgang til sagen"), "{text}");
    // Elsewhere than the desk, the form goes back to "My files".
    let changed = page(
        &w,
        Method::POST,
        "/desk/language",
        Some(&session),
        Some(&format!("csrf={csrf}&language=fr&back=%2F%2Fevil.example")),
    )
    .await;
    assert_eq!(location(&changed), "/desk");
    page(
        &w,
        Method::POST,
        "/desk/language",
        Some(&session),
        Some("csrf=wrong&language=en"),
    )
    .await
    .expect(403);
}

#[tokio::test]
async fn c3_a_team_manager_adds_people_to_the_entity_s_files_from_my_files() {
    let w = World::new().await;
    let entity = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Bank X", "kind": "lender", "self_managed": true}),
        )
        .await
        .id();
    let deal = w.client(&w.admin, "Harbour Loan").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    mails(&w).await;
    w.post(
        &w.admin,
        &format!("/entities/{entity}/team-managers"),
        json!({"email": "tess@bankx.example"}),
    )
    .await
    .expect(201);
    let sent = mails(&w).await;
    let path = link(&to(&sent, "tess@bankx.example").body_text, "invitations");
    let reply = send_signed_out(&w, &path, &twice(NEW_PASSWORD)).await;
    assert_eq!(location(&reply), "/desk");
    let session = set_cookie(&reply, "casegate_session");

    let desk = page(&w, Method::GET, "/desk", Some(&session), None).await;
    let text = html(&desk).to_owned();
    assert!(
        text.contains("Teams you manage") && text.contains("Harbour Loan"),
        "{text}"
    );
    let csrf = csrf_of(&text);
    let action = format!("/desk/entities/{entity}/files/{deal}/contacts");
    page(
        &w,
        Method::POST,
        &action,
        Some(&session),
        Some("csrf=wrong&email=max%40bankx.example"),
    )
    .await
    .expect(403);
    let added = page(
        &w,
        Method::POST,
        &action,
        Some(&session),
        Some(&format!("csrf={csrf}&email=max%40bankx.example")),
    )
    .await;
    assert_eq!(location(&added), "/desk?done=added#teams");
    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    let emails: Vec<&str> = users.body["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["contact"]["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["max@bankx.example"]);
}
