//! The sharing panel of the web UI (A13, A17, A18, A19, A24, C5, X1) through
//! the router: what each viewer sees, every form, its CSRF refusals, and
//! snapshots in English, French and Danish.

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
    insta::assert_snapshot!("web_sharing_panel", s.snapshot(&reply));

    set_language(&s.w, &s.w.admin, "fr").await;
    let fr = s.get(&s.w.admin, "").await;
    let text = html(&fr);
    assert!(text.contains("Accordé par Ada Admin") && text.contains("Options de partage"));
    insta::assert_snapshot!("web_sharing_panel_fr", s.snapshot(&fr));
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
async fn a19_remove_a_group_line_and_the_owner_cannot_be_removed() {
    let s = scene(true).await;
    let removed = s
        .post(&s.w.admin, "remove", &format!("subject=group:{}", s.group))
        .await;
    assert_redirect(&removed, &s.path("?done=removed"));
    let after = s.get(&s.w.admin, "?done=removed").await;
    let text = html(&after);
    assert!(text.contains(r#"role="status">Access removed."#));
    assert!(!text.contains(r#"data-remove-name="Audit""#));
    assert!(text.contains("No longer has access"));
    assert!(text.contains(r#"data-regrant-name="Audit""#));
    assert!(text.contains("Removed by Ada Admin"));
    // Cy lost the access that came through the group.
    page(
        &s.w,
        Method::GET,
        &format!("/clients/{}", s.client),
        Some(&cookie_of(&s.cy)),
        None,
    )
    .await;
    let check =
        s.w.post(
            &s.w.admin,
            "/check",
            json!({"user_id": s.cy.id, "client_id": s.client, "action": "view"}),
        )
        .await;
    assert_eq!(check.body["allowed"], false, "{}", check.body);

    let owner = s
        .post(
            &s.w.admin,
            "remove",
            &format!("subject=user:{}", s.w.admin.id),
        )
        .await;
    owner.expect(422);
    let panel = s.get(&s.w.admin, "").await;
    assert!(html(&panel).contains("Owner"));
}

#[tokio::test]
async fn a19_without_the_right_to_share_there_are_no_buttons() {
    let s = scene(true).await;
    // A4 off: Cy has access through the group but may not share.
    let text = html(&s.get(&s.cy, "").await).to_owned();
    assert!(text.contains("Cy Staff"));
    assert!(!text.contains("data-remove-name") && !text.contains(r#"id="share-find""#));
    assert!(!text.contains(r#"id="transfer-owner""#));
    let refused = s
        .post(&s.cy, "remove", &format!("subject=group:{}", s.group))
        .await;
    refused.expect(403);
}

#[tokio::test]
async fn a4_add_through_the_picker_without_javascript() {
    let s = scene(true).await;
    let found = s.get(&s.w.admin, "?find=bob").await;
    let text = html(&found);
    assert!(text.contains(r#"id="share-find""#) && text.contains(r#"value="bob""#));
    assert!(text.contains(r#"data-add-name="Bob Staff""#));
    assert!(
        !text.contains(r#"data-add-name="Cy Staff""#),
        "only matches"
    );
    assert!(text.contains(r#"data-add-name="Whole company (Acme)""#));
    let groups = s.get(&s.w.admin, "?find=aud").await;
    assert!(
        !html(&groups).contains(r#"data-add-name="Audit""#),
        "already shared"
    );

    let added = s
        .post(&s.w.admin, "add", &format!("subject=user:{}", s.bob.id))
        .await;
    assert_redirect(&added, &s.path("?done=added"));
    page(
        &s.w,
        Method::GET,
        &format!("/clients/{}", s.client),
        Some(&cookie_of(&s.bob)),
        None,
    )
    .await
    .expect(200);
    let panel = s.get(&s.w.admin, "?done=added").await;
    assert!(html(&panel).contains(r#"data-remove-name="Bob Staff""#));
    assert!(html(&panel).contains("Access given."));

    let company = s.post(&s.w.admin, "add", "subject=company").await;
    assert_redirect(&company, &s.path("?done=added"));
    let panel = s.get(&s.w.admin, "").await;
    assert!(html(&panel).contains(r#"data-remove-kind="company""#));
    let bad = s.post(&s.w.admin, "add", "subject=nobody").await;
    bad.expect(422);
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
    s.post(&s.w.admin, "remove", &format!("subject=group:{}", s.group))
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
        ("remove", format!("subject=group:{}", s.group)),
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
