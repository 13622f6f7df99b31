//! The sharing page of the web UI (A4, A13, A17, A18, A19, A24, C5, X1)
//! through the router: what each viewer sees, the picker with "notify by
//! email", "General access", "Who can open it", the confirmation before a
//! removal, every form, its CSRF refusals, and snapshots in English, French
//! and Danish.

use axum::http::Method;
use serde_json::json;

use crate::support::{Reply, Session, World};
use crate::web::{cookie_of, csrf_of, html, locked_for_bob, page, redact, set_language};

/// "Initech" locked for Bob and shared with group "Audit" (Cy).
struct Scene {
    w: World,
    client: String,
    bob: Session,
    cy: Session,
    group: String,
}

async fn scene(requests: bool) -> Scene {
    let w = World::new().await;
    let (client, bob) = locked_for_bob(&w, requests).await;
    let cy = w.login("cy@acme.test").await;
    let groups = w.get(&w.admin, "/groups").await;
    let group = groups.body["items"]
        .as_array()
        .or_else(|| groups.body.as_array())
        .and_then(|items| items.iter().find(|g| g["name"] == "Audit"))
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .unwrap();
    Scene {
        w,
        client,
        bob,
        cy,
        group,
    }
}

impl Scene {
    fn path(&self, rest: &str) -> String {
        format!("/clients/{}/sharing{rest}", self.client)
    }

    async fn get(&self, who: &Session, rest: &str) -> Reply {
        page(
            &self.w,
            Method::GET,
            &self.path(rest),
            Some(&cookie_of(who)),
            None,
        )
        .await
    }

    /// Posts `form` to `/clients/{id}/sharing/{action}` with `who`'s token.
    async fn post(&self, who: &Session, action: &str, form: &str) -> Reply {
        let list = page(
            &self.w,
            Method::GET,
            "/clients",
            Some(&cookie_of(who)),
            None,
        )
        .await;
        let csrf = csrf_of(html(&list));
        let body = format!("csrf={csrf}&{form}");
        page(
            &self.w,
            Method::POST,
            &self.path(&format!("/{action}")),
            Some(&cookie_of(who)),
            Some(&body),
        )
        .await
    }

    /// The page with every id of the scene, the token and the times hidden.
    fn snapshot(&self, reply: &Reply) -> String {
        let ids = [
            (self.client.as_str(), "[initech]"),
            (self.w.admin.id.as_str(), "[ada]"),
            (self.bob.id.as_str(), "[bob]"),
            (self.cy.id.as_str(), "[cy]"),
            (self.group.as_str(), "[audit]"),
        ];
        hide_times(&redact(html(reply), &ids))
    }
}

/// Replaces every `<time ...>...</time>` by `<time>[time]</time>`.
fn hide_times(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<time") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("</time>").unwrap() + at + "</time>".len();
        out.push_str("<time>[time]</time>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn assert_redirect(reply: &Reply, to: &str) {
    assert_eq!(reply.status.as_u16(), 303, "{}", html(reply));
    assert_eq!(reply.headers["location"], to);
}

/// The emails waiting in the outbox (marked sent, so the next call sees
/// only newer ones).
async fn mails(w: &World) -> Vec<casegate_store::OutboxMessage> {
    let now = chrono::Utc::now();
    let store = w.app.store();
    let rows = store
        .outbox_claim(now, now + chrono::Duration::hours(1), 100)
        .await
        .unwrap();
    for row in &rows {
        store.outbox_mark_sent(row.id, now).await.unwrap();
    }
    rows
}

/// Whether `who` can open the scene's client, by `POST /check`.
async fn opens(s: &Scene, who: &Session) -> bool {
    let check =
        s.w.post(
            &s.w.admin,
            "/check",
            json!({"user_id": who.id, "client_id": s.client, "action": "view"}),
        )
        .await;
    check.body["allowed"].as_bool().unwrap()
}

#[tokio::test]
async fn a13_with_access_the_panel_lists_members_grantor_and_date() {
    let s = scene(true).await;
    let reply = s.get(&s.w.admin, "").await;
    reply.expect(200);
    let text = html(&reply);
    assert!(text.contains("Initech"));
    assert!(
        text.contains("Audit") && text.contains("Cy Staff"),
        "members"
    );
    assert!(text.contains("Given by Ada Admin"));
    assert!(text.contains("<time datetime="));
    assert!(text.contains("also have access"));
    assert!(text.contains(r#"data-remove-name="Audit""#));
    assert!(
        !text.contains(r#"data-remove-name="Ada Admin""#),
        "the owner line has no remove button"
    );
    assert!(text.contains(r#"id="digest""#) && text.contains(r#"id="transfer-owner""#));
    // General access: restricted, with the way to open it to everyone.
    assert!(text.contains("General access") && text.contains("Restricted"));
    assert!(text.contains(r#"data-add-kind="company""#));
    assert!(text.contains(r#"<script src="/static/sharing.js" defer></script>"#));
    insta::assert_snapshot!("web_sharing_panel", s.snapshot(&reply));

    set_language(&s.w, &s.w.admin, "fr").await;
    let fr = s.get(&s.w.admin, "").await;
    let text = html(&fr);
    assert!(text.contains("Accordé par Ada Admin") && text.contains("Options de partage"));
    assert!(text.contains("Propriétaire") && !text.contains("Responsable"));
    assert!(text.contains("Accès général") && text.contains("Qui peut l’ouvrir"));
    insta::assert_snapshot!("web_sharing_panel_fr", s.snapshot(&fr));
}

#[tokio::test]
async fn a13_who_can_open_it_says_why_for_everyone_in_pages() {
    let s = scene(true).await;
    let text = html(&s.get(&s.w.admin, "").await).to_owned();
    let table = &text[text.find(r#"id="who-can""#).unwrap()..];
    let table = &table[..table.find("</section>").unwrap()];
    assert!(table.contains("Ada Admin") && table.contains("primary administrator · owner"));
    assert!(table.contains("Cy Staff") && table.contains("through the group Audit"));
    assert!(!table.contains("Bob Staff"), "Bob cannot open it");
    assert!(!table.contains("rel=\"next\""), "one page");

    // 30 more staff members (invited, no password) and a whole-company share:
    // two pages.
    for n in 0..30 {
        s.w.post(
            &s.w.admin,
            "/users",
            json!({"email": format!("p{n:02}@acme.test"), "name": format!("Person {n:02}"), "role": "user"}),
        )
        .await
        .expect(201);
    }
    s.post(&s.w.admin, "add", "subject=company").await;
    let first = html(&s.get(&s.w.admin, "").await).to_owned();
    let table = &first[first.find(r#"id="who-can""#).unwrap()..];
    assert!(table.contains("Bob Staff") && table.contains("whole company"));
    let start = table.find("?who=").unwrap() + "?who=".len();
    let cursor = &table[start..start + table[start..].find('#').unwrap()];
    let second = html(&s.get(&s.w.admin, &format!("?who={cursor}")).await).to_owned();
    let table = &second[second.find(r#"id="who-can""#).unwrap()..];
    let table = &table[..table.find("</section>").unwrap()];
    assert!(
        table.contains("Person 29"),
        "the last one is on the second page"
    );
    assert!(!table.contains("Ada Admin"), "the first page's are not");
    assert!(table.contains("First page"));
}

#[tokio::test]
async fn a13_a18_without_access_the_requester_sees_names_only() {
    let s = scene(true).await;
    let reply = s.get(&s.bob, "").await;
    reply.expect(200);
    let text = html(&reply);
    assert!(text.contains("Audit") && text.contains("Ada Admin"));
    assert!(!text.contains("Cy Staff"), "A18: no members of a group");
    assert!(!text.contains("Given by"), "A18: no grantors");
    assert!(!text.contains("Initech"), "A18: not even the name");
    assert!(!text.contains("data-remove-name") && !text.contains(r#"id="digest""#));
    assert!(!text.contains("who-can"), "nobody who can open it");
    assert!(text.contains(r#"<textarea id="message""#) && text.contains("Request access"));
    assert!(text.contains(&format!(r#"action="/clients/{}/request""#, s.client)));
    insta::assert_snapshot!("web_sharing_locked", s.snapshot(&reply));

    set_language(&s.w, &s.bob, "da").await;
    let da = s.get(&s.bob, "").await;
    assert!(html(&da).contains("Anmod om adgang"));
    insta::assert_snapshot!("web_sharing_locked_da", s.snapshot(&da));
}

#[tokio::test]
async fn a17_without_requests_the_panel_says_whom_to_ask() {
    let s = scene(false).await;
    let text = html(&s.get(&s.bob, "").await).to_owned();
    assert!(!text.contains("Request access"));
    assert!(text.contains("Ask Ada Admin, the owner"));
}

#[tokio::test]
async fn a19_removing_a_group_shows_who_loses_access_then_removes_it_once_confirmed() {
    let s = scene(true).await;
    let asked = s
        .get(&s.w.admin, &format!("/remove?subject=group:{}", s.group))
        .await;
    asked.expect(200);
    let text = html(&asked);
    assert!(text.contains("Stop sharing Initech with Audit?"), "{text}");
    assert!(text.contains("1 person will lose access to this client:"));
    assert!(text.contains("<li>Cy Staff</li>"));
    assert!(text.contains(r#"name="confirm" value="yes""#));
    insta::assert_snapshot!("web_sharing_remove", s.snapshot(&asked));
    assert!(opens(&s, &s.cy).await, "asking changes nothing");

    // Without `confirm=yes` the page comes again, and nothing changes.
    let unconfirmed = s
        .post(&s.w.admin, "remove", &format!("subject=group:{}", s.group))
        .await;
    unconfirmed.expect(409);
    assert!(html(&unconfirmed).contains("1 person will lose access"));
    assert!(opens(&s, &s.cy).await);

    let removed = s
        .post(
            &s.w.admin,
            "remove",
            &format!("subject=group:{}&confirm=yes", s.group),
        )
        .await;
    assert_redirect(&removed, &s.path("?done=removed"));
    let after = s.get(&s.w.admin, "?done=removed").await;
    let text = html(&after);
    assert!(text.contains(r#"role="status">Access removed."#));
    assert!(!text.contains(r#"data-remove-name="Audit""#));
    assert!(text.contains("No longer has access"));
    assert!(text.contains(r#"data-regrant-name="Audit""#));
    assert!(text.contains("Removed by Ada Admin"));
    assert!(
        !opens(&s, &s.cy).await,
        "Cy lost the access through the group"
    );

    // The owner is not a share: refused before and at the removal.
    let owner = format!("subject=user:{}", s.w.admin.id);
    s.get(&s.w.admin, &format!("/remove?{owner}"))
        .await
        .expect(422);
    s.post(&s.w.admin, "remove", &format!("{owner}&confirm=yes"))
        .await
        .expect(422);
    assert!(html(&s.get(&s.w.admin, "").await).contains("Owner"));
    // Nothing shared with Bob: nothing to remove.
    s.get(&s.w.admin, &format!("/remove?subject=user:{}", s.bob.id))
        .await
        .expect(404);
    s.get(&s.w.admin, "/remove?subject=nobody")
        .await
        .expect(422);
}

#[tokio::test]
async fn a19_removing_the_whole_company_share_counts_everyone_it_locks_out() {
    let s = scene(true).await;
    s.post(&s.w.admin, "add", "subject=company").await;
    let text = html(&s.get(&s.w.admin, "").await).to_owned();
    assert!(text.contains("Every active staff member of Acme can open it."));
    assert!(text.contains(r#"data-remove-kind="company""#));
    assert!(opens(&s, &s.bob).await);

    let asked = s.get(&s.w.admin, "/remove?subject=company").await;
    asked.expect(200);
    let text = html(&asked);
    assert!(text.contains("Stop sharing Initech with the whole company?"));
    // Bob only: Ada owns it, Cy has the group.
    assert!(text.contains("1 person will lose access") && text.contains("<li>Bob Staff</li>"));
    set_language(&s.w, &s.w.admin, "fr").await;
    let fr = s.get(&s.w.admin, "/remove?subject=company").await;
    assert!(html(&fr).contains("Ne plus partager Initech avec toute l’entreprise ?"));
    assert!(html(&fr).contains("1 personne perdra l’accès à ce client :"));
    insta::assert_snapshot!("web_sharing_remove_company_fr", s.snapshot(&fr));

    let removed = s
        .post(&s.w.admin, "remove", "subject=company&confirm=yes")
        .await;
    assert_redirect(&removed, &s.path("?done=removed"));
    assert!(!opens(&s, &s.bob).await);
}

#[tokio::test]
async fn a19_a_removal_that_locks_nobody_out_says_so_and_still_asks() {
    let s = scene(true).await;
    // Cy directly too: removing the group takes nothing from anyone.
    s.post(&s.w.admin, "add", &format!("subject=user:{}", s.cy.id))
        .await;
    let asked = s
        .get(&s.w.admin, &format!("/remove?subject=group:{}", s.group))
        .await;
    asked.expect(200);
    let text = html(&asked);
    assert!(text.contains("Nobody loses access"), "{text}");
    assert!(!text.contains("share-losers"));
    assert!(text.contains(r#"id="remove-confirm""#));
}

#[tokio::test]
async fn a19_without_the_right_to_share_there_are_no_buttons() {
    let s = scene(true).await;
    // A4 off: Cy has access through the group but may not share.
    let text = html(&s.get(&s.cy, "").await).to_owned();
    assert!(text.contains("Cy Staff"));
    assert!(!text.contains("data-remove-name") && !text.contains(r#"id="share-find""#));
    assert!(!text.contains(r#"id="transfer-owner""#) && !text.contains("data-add-kind"));
    let refused = s
        .post(
            &s.cy,
            "remove",
            &format!("subject=group:{}&confirm=yes", s.group),
        )
        .await;
    refused.expect(403);
    s.get(&s.cy, &format!("/remove?subject=group:{}", s.group))
        .await
        .expect(403);
    s.get(&s.cy, "/candidates?find=bob").await.expect(403);
}

#[tokio::test]
async fn a4_the_picker_marks_who_has_access_and_gives_it_without_javascript() {
    let s = scene(true).await;
    let before = s.get(&s.w.admin, "").await;
    assert!(
        html(&before).contains("Type part of a name"),
        "no search yet"
    );
    let found = s.get(&s.w.admin, "?find=staff").await;
    let text = html(&found);
    assert!(text.contains(r#"id="share-find""#) && text.contains(r#"value="staff""#));
    assert!(text.contains(r#"data-add-name="Bob Staff""#));
    assert!(
        text.contains(r#"data-add-name="Cy Staff""#),
        "access through a group only: a direct share is still offered"
    );
    let list = &text[text.find(r#"id="share-candidates""#).unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert!(!list.contains("Whole company"), "only what matches: {list}");
    let company = s.get(&s.w.admin, "?find=compa").await;
    assert!(html(&company).contains(r#"data-add-name="Whole company (Acme)""#));
    let everyone = s.get(&s.w.admin, "?find=").await;
    assert!(html(&everyone).contains(r#"data-add-name="Whole company (Acme)""#));
    assert!(html(&everyone).contains(r#"data-add-name="Bob Staff""#));
    let ada = s.get(&s.w.admin, "?find=ada").await;
    assert!(
        html(&ada).contains(r#"data-taken-name="Ada Admin""#)
            && !html(&ada).contains(r#"data-add-name="Ada Admin""#),
        "the owner is never offered"
    );
    let groups = s.get(&s.w.admin, "?find=aud").await;
    assert!(
        html(&groups).contains(r#"data-taken-name="Audit""#)
            && !html(&groups).contains(r#"data-add-name="Audit""#),
        "already shared: marked, not offered"
    );

    let added = s
        .post(&s.w.admin, "add", &format!("subject=user:{}", s.bob.id))
        .await;
    assert_redirect(&added, &s.path("?done=added"));
    assert!(mails(&s.w).await.iter().all(|m| !m.to.starts_with("bob@")));
    assert!(opens(&s, &s.bob).await);
    let panel = s.get(&s.w.admin, "?done=added").await;
    assert!(html(&panel).contains(r#"data-remove-name="Bob Staff""#));
    assert!(html(&panel).contains("Access given."));
    let again = s.get(&s.w.admin, "?find=bob").await;
    assert!(html(&again).contains(r#"data-taken-name="Bob Staff""#));

    let company = s.post(&s.w.admin, "add", "subject=company&notify=on").await;
    assert_redirect(&company, &s.path("?done=added"));
    assert!(
        mails(&s.w).await.is_empty(),
        "the whole company is not emailed"
    );
    let panel = s.get(&s.w.admin, "").await;
    assert!(html(&panel).contains(r#"data-remove-kind="company""#));
    let bad = s.post(&s.w.admin, "add", "subject=nobody").await;
    bad.expect(422);
    let none = s.post(&s.w.admin, "add", "notify=on").await;
    none.expect(422);
    assert!(html(&none).contains("Choose a person, a group or the whole company"));
}

#[tokio::test]
async fn a4_notify_by_email_with_a_message_in_the_recipients_language() {
    let s = scene(true).await;
    set_language(&s.w, &s.bob, "fr").await;
    mails(&s.w).await;
    let added = s
        .post(
            &s.w.admin,
            "add",
            &format!(
                "subject=user:{}&notify=on&message=Merci+de+relire+le+dossier",
                s.bob.id
            ),
        )
        .await;
    assert_redirect(&added, &s.path("?done=added&notified=1"));
    let sent = mails(&s.w).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].to, "bob@acme.test");
    assert_eq!(sent[0].subject, "Ada Admin a partagé Initech avec vous");
    assert!(sent[0].body_text.contains("> Merci de relire le dossier"));
    assert!(
        sent[0]
            .body_text
            .contains(&format!("http://casegate.test/clients/{}", s.client))
    );
    let done = s.get(&s.w.admin, "?done=added&notified=1").await;
    assert!(html(&done).contains("Access given. 1 person was told by email."));

    // A message without "notify", or for the whole company, is refused,
    // nothing is granted.
    let company = s
        .post(&s.w.admin, "add", "subject=company&notify=on&message=hello")
        .await;
    company.expect(422);
    assert!(html(&company).contains("takes no message"));
    assert!(!opens(&s, &s.w.staff("user", "Eve").await).await);

    let other = s.w.staff("user", "Dan").await;
    let refused = s
        .post(
            &s.w.admin,
            "add",
            &format!("subject=user:{}&message=hello", other.id),
        )
        .await;
    refused.expect(422);
    assert!(html(&refused).contains("tick “Notify by email”"));
    let long = s
        .post(
            &s.w.admin,
            "add",
            &format!(
                "subject=user:{}&notify=on&message={}",
                other.id,
                "x".repeat(2001)
            ),
        )
        .await;
    long.expect(422);
    assert!(mails(&s.w).await.is_empty());
}

#[tokio::test]
async fn a4_the_picker_narrows_as_you_type_from_a_fragment() {
    let s = scene(true).await;
    let fragment = s.get(&s.w.admin, "/candidates?find=bo").await;
    fragment.expect(200);
    let text = html(&fragment);
    assert!(text.contains(r#"data-add-name="Bob Staff""#));
    assert!(!text.contains("<html"), "a fragment, not a page");
    assert!(!text.contains("Cy Staff"));
    let nobody = s.get(&s.w.admin, "/candidates?find=zzz").await;
    assert!(html(&nobody).contains("Nobody matches"));
    // The script is a file of this origin, as the CSP wants.
    let script = page(&s.w, Method::GET, "/static/sharing.js", None, None).await;
    script.expect(200);
    assert_eq!(
        script.headers["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(html(&script).contains("share-candidates"));
    let hank = s.w.other_company().await;
    s.get(&hank, "/candidates?find=bo").await.expect(404);
}

#[tokio::test]
async fn c5_deleted_groups_and_deactivated_people_keep_their_names() {
    let s = scene(true).await;
    s.post(&s.w.admin, "add", &format!("subject=user:{}", s.bob.id))
        .await;
    s.w.delete(&s.w.admin, &format!("/groups/{}?confirm=true", s.group))
        .await
        .expect(200);
    s.w.patch(
        &s.w.admin,
        &format!("/users/{}", s.bob.id),
        json!({"active": false}),
    )
    .await
    .expect(200);
    let text = html(&s.get(&s.w.admin, "").await).to_owned();
    assert!(!text.contains("(deleted group)"));
    let history = &text[text.find("history-heading").unwrap()..];
    assert!(history.contains("Audit (deleted)"), "{history}");
    assert!(history.contains("Bob Staff (deactivated)"));
    assert!(
        !text.contains(r#"data-regrant-name="Audit (deleted)""#),
        "a deleted group is not given access again"
    );
    set_language(&s.w, &s.w.admin, "da").await;
    let da = html(&s.get(&s.w.admin, "").await).to_owned();
    assert!(da.contains("Audit (slettet)") && da.contains("Bob Staff (deaktiveret)"));
}

#[tokio::test]
async fn a24_untick_the_daily_digest_and_it_stays_unticked() {
    let s = scene(true).await;
    let before = s.get(&s.cy, "").await;
    assert!(html(&before).contains(r#"id="digest" name="digest" value="on" checked"#));
    let saved = s.post(&s.cy, "digest", "").await;
    assert_redirect(&saved, &s.path("?done=digest"));
    let after = s.get(&s.cy, "?done=digest").await;
    let text = html(&after);
    assert!(text.contains(r#"id="digest" name="digest" value="on">"#));
    assert!(text.contains("Your daily digest choice is saved."));
    let access =
        s.w.get(&s.cy, &format!("/clients/{}/access", s.client))
            .await;
    assert_eq!(access.body["digest_enabled"], false, "{}", access.body);
    let again = s.post(&s.cy, "digest", "digest=on").await;
    assert_redirect(&again, &s.path("?done=digest"));
    assert!(html(&s.get(&s.cy, "").await).contains("checked"));
}

#[tokio::test]
async fn a19_transfer_ownership() {
    let s = scene(true).await;
    let moved = s
        .post(&s.w.admin, "owner", &format!("owner={}", s.cy.id))
        .await;
    assert_redirect(&moved, &s.path("?done=owner"));
    let client = s.w.get(&s.w.admin, &format!("/clients/{}", s.client)).await;
    assert_eq!(client.body["owner_id"], s.cy.id.as_str());
    // Cy, now the owner, may hand it on.
    let text = html(&s.get(&s.cy, "?done=owner").await).to_owned();
    assert!(text.contains("Ownership transferred."));
    assert!(text.contains(r#"id="transfer-owner""#) && text.contains(r#"id="transfer-submit""#));
    // Bob may not.
    let refused = s
        .post(&s.bob, "owner", &format!("owner={}", s.bob.id))
        .await;
    refused.expect(403);
}

#[tokio::test]
async fn c5_give_access_again_from_the_history() {
    let s = scene(true).await;
    s.post(
        &s.w.admin,
        "remove",
        &format!("subject=group:{}&confirm=yes", s.group),
    )
    .await;
    let again = s
        .post(
            &s.w.admin,
            "add",
            &format!("subject=group:{}&regrant=1", s.group),
        )
        .await;
    assert_redirect(&again, &s.path("?done=regranted"));
    let text = html(&s.get(&s.w.admin, "?done=regranted").await).to_owned();
    assert!(text.contains("Access given again."));
    assert!(text.contains("Cy Staff"), "members are back");
    assert!(
        !text.contains(r#"data-regrant-name="Audit""#),
        "has access again"
    );
    // The history keeps both shares: the revoked one and the new one.
    let history = &text[text.find("history-heading").unwrap()..];
    assert_eq!(history.matches("<th scope=\"row\">Audit").count(), 2);
    assert!(history.contains("Still has access"));
}

#[tokio::test]
async fn x1_why_through_a_group_and_why_not() {
    let s = scene(true).await;
    let member = s.get(&s.w.admin, &format!("?why={}", s.cy.id)).await;
    let text = html(&member);
    let why = &text[text.find(r#"id="why""#).unwrap()..];
    assert!(why.contains("Cy Staff can open this client"));
    assert!(why.contains("member of the group Audit"));
    assert!(why.contains("Given by Ada Admin on "));

    let outsider = s.get(&s.w.admin, &format!("?why={}", s.bob.id)).await;
    let text = html(&outsider);
    let why = &text[text.find(r#"id="why""#).unwrap()..];
    assert!(why.contains("Bob Staff cannot open this client"));
    assert!(why.contains("They are not the owner"));
    assert!(why.contains("ask Ada Admin, the owner"));

    // Bob may ask about himself only.
    let own = s.get(&s.bob, &format!("?why={}", s.bob.id)).await;
    assert!(html(&own).contains("Bob Staff cannot open this client"));
    assert!(!html(&own).contains(&format!(r#"value="{}""#, s.cy.id)));
    s.get(&s.bob, &format!("?why={}", s.cy.id))
        .await
        .expect(403);
}

#[tokio::test]
async fn another_companys_client_is_not_found() {
    let s = scene(true).await;
    let hank = s.w.other_company().await;
    let reply = s.get(&hank, "").await;
    reply.expect(404);
    assert!(html(&reply).contains("Not found"));
    page(
        &s.w,
        Method::GET,
        "/clients/not-an-id/sharing",
        Some(&cookie_of(&hank)),
        None,
    )
    .await
    .expect(404);
    let refused = s.post(&hank, "add", "subject=company").await;
    refused.expect(404);
}

#[tokio::test]
async fn every_form_refuses_a_missing_or_wrong_csrf_token() {
    let s = scene(true).await;
    let forms = [
        ("add", format!("subject=user:{}", s.bob.id)),
        ("add", format!("subject=user:{}&notify=on", s.bob.id)),
        ("remove", format!("subject=group:{}&confirm=yes", s.group)),
        ("digest", String::new()),
        ("owner", format!("owner={}", s.cy.id)),
    ];
    for (action, form) in &forms {
        for token in ["", "csrf=0123abcd&"] {
            let reply = page(
                &s.w,
                Method::POST,
                &s.path(&format!("/{action}")),
                Some(&cookie_of(&s.w.admin)),
                Some(&format!("{token}{form}")),
            )
            .await;
            reply.expect(403);
            assert!(html(&reply).contains("Form expired"), "{action}");
        }
    }
    // Nothing changed.
    let text = html(&s.get(&s.w.admin, "").await).to_owned();
    assert!(text.contains(r#"data-remove-name="Audit""#));
    assert!(!text.contains(r#"data-remove-name="Bob Staff""#));
    assert!(text.contains(r#"id="digest" name="digest" value="on" checked"#));
    let client = s.w.get(&s.w.admin, &format!("/clients/{}", s.client)).await;
    assert_eq!(client.body["owner_id"], s.w.admin.id.as_str());
}

/// The words a page must never show: a rule id (`A19`, `X1`) or an API path.
fn rule_ids_or_api_paths(text: &str) -> Vec<String> {
    let body = &text[text.find("<main").unwrap_or(0)..];
    let mut found = Vec::new();
    let words = body.split(|c: char| !c.is_ascii_alphanumeric());
    for word in words {
        let mut chars = word.chars();
        if let (Some(first), rest) = (chars.next(), chars.as_str())
            && "ABCX".contains(first)
            && (1..=2).contains(&rest.len())
            && rest.chars().all(|c| c.is_ascii_digit())
        {
            found.push(word.to_owned());
        }
    }
    if body.contains("/api/") {
        found.push("/api/".to_owned());
    }
    found
}

#[tokio::test]
async fn the_sharing_pages_name_no_rule_ids_nor_api_paths_in_any_language() {
    let s = scene(true).await;
    s.post(&s.w.admin, "add", "subject=company").await;
    for lang in ["en", "fr", "da"] {
        set_language(&s.w, &s.w.admin, lang).await;
        set_language(&s.w, &s.bob, lang).await;
        for (who, rest) in [
            (&s.w.admin, format!("?find=&why={}", s.cy.id)),
            (&s.w.admin, "/remove?subject=company".to_owned()),
            (&s.w.admin, format!("/remove?subject=group:{}", s.group)),
            (&s.w.admin, "/candidates?find=a".to_owned()),
            (&s.bob, String::new()),
        ] {
            let reply = s.get(who, &rest).await;
            reply.expect(200);
            let found = rule_ids_or_api_paths(html(&reply));
            assert!(found.is_empty(), "{lang} {rest}: {found:?}");
        }
        let switch = page(
            &s.w,
            Method::POST,
            "/admin/settings",
            Some(&cookie_of(&s.w.admin)),
            Some(&format!(
                "csrf={}&new_client_access=company",
                csrf_of(html(&s.get(&s.w.admin, "").await))
            )),
        )
        .await;
        switch.expect(200);
        let found = rule_ids_or_api_paths(html(&switch));
        assert!(found.is_empty(), "{lang} switch: {found:?}");
    }
}
