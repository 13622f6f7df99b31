//! The administration pages through the router: client-access settings
//! (A1–A5), groups (A20, A21), staff (B1–B10, A7, A22) and the company;
//! CSRF refusals, 403 for plain users, and HTML snapshots.

use axum::http::{Method, header};
use serde_json::json;

use crate::support::{Reply, Session, World};
use crate::web::{cookie_of, csrf_of, html, page, redact, set_language};

/// The CSRF token of `who`'s web session (from any signed-in page).
async fn csrf(w: &World, who: &Session) -> String {
    let reply = page(w, Method::GET, "/clients", Some(&cookie_of(who)), None).await;
    reply.expect(200);
    csrf_of(html(&reply))
}

/// GET a page as `who`.
async fn get(w: &World, who: &Session, path: &str) -> Reply {
    page(w, Method::GET, path, Some(&cookie_of(who)), None).await
}

/// POST a form as `who` with their CSRF token prepended.
async fn post(w: &World, who: &Session, path: &str, body: &str) -> Reply {
    let token = csrf(w, who).await;
    let form = if body.is_empty() {
        format!("csrf={token}")
    } else {
        format!("csrf={token}&{body}")
    };
    page(w, Method::POST, path, Some(&cookie_of(who)), Some(&form)).await
}

/// The `Location` of a redirect.
fn location(reply: &Reply) -> String {
    assert_eq!(reply.status.as_u16(), 303, "{:?}", reply.body);
    reply.headers[header::LOCATION].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a1_a2_turning_client_access_on_through_the_form_takes_nobody_s_access() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let client = w.client(&w.admin, "Acme Trading").await;
    // A2 counted first: nothing changes until it is confirmed.
    let asked = post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&allow_sharing=on&new_client_access=company",
    )
    .await;
    asked.expect(200);
    let text = html(&asked);
    assert!(text.contains("Turn client access on?"), "{text}");
    assert!(text.contains("access changes now"), "{text}");
    assert!(text.contains(r#"name="confirm" value="yes""#));
    assert!(
        text.contains(r#"name="allow_sharing" value="on""#),
        "the rest of the form is kept"
    );
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["client_access_enabled"], false);
    // Every new client gets a whole-company share while A5 says `company`
    // (also while A1 is off), so A2 has nothing left to give.
    assert!(
        text.contains("No client needs a new whole-company share"),
        "{text}"
    );

    let reply = post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&allow_sharing=on&new_client_access=company&confirm=yes",
    )
    .await;
    assert_eq!(location(&reply), "/admin/settings?done=access-on");
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["client_access_enabled"], true);
    assert_eq!(settings.body["allow_sharing"], true);
    // A2: a plain user still opens the client.
    let opened = get(&w, &bob, &format!("/clients/{client}")).await;
    opened.expect(200);
    assert!(html(&opened).contains("Acme Trading"));
    assert!(!html(&opened).contains("You do not have access"));
    let done = get(&w, &w.admin, "/admin/settings?done=access-on").await;
    assert!(html(&done).contains(r#"role="status""#));
    assert!(html(&done).contains("nobody has lost access"));
    assert!(html(&done).contains(r#"id="client_access_enabled" name="client_access_enabled" value="on" aria-describedby="client_access_enabled-help" checked"#));
}

#[tokio::test]
async fn a2_the_switch_on_page_counts_the_clients_that_get_a_whole_company_share() {
    let w = World::new().await;
    w.settings(json!({"new_client_access": "owner_only"})).await;
    w.client(&w.admin, "One").await;
    w.client(&w.admin, "Two").await;
    let asked = post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&new_client_access=owner_only",
    )
    .await;
    asked.expect(200);
    assert!(html(&asked).contains("2 clients get a whole-company share"));
    insta::assert_snapshot!("settings_switch_on_en", redact(html(&asked), &[]));
    set_language(&w, &w.admin, "fr").await;
    let fr = post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&new_client_access=owner_only",
    )
    .await;
    assert!(html(&fr).contains("2 clients reçoivent un partage avec toute l’entreprise"));
    insta::assert_snapshot!("settings_switch_on_fr", redact(html(&fr), &[]));
}

#[tokio::test]
async fn a1_turning_client_access_off_is_confirmed_with_the_numbers() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    w.lock_down().await;
    w.client(&w.admin, "Open").await;
    let walled = w.client(&w.admin, "Walled").await;
    w.patch(
        &w.admin,
        &format!("/clients/{walled}"),
        json!({"restricted": true}),
    )
    .await
    .expect(200);
    let private = w.private_client(&w.admin, "Private").await;
    let asked = post(&w, &w.admin, "/admin/settings", "new_client_access=company").await;
    asked.expect(200);
    let text = html(&asked);
    assert!(text.contains("Turn client access off?"));
    assert!(text.contains("2 clients, open to everyone"), "{text}");
    assert!(text.contains("2 active staff members"), "{text}");
    assert!(text.contains("1 restricted client stays closed"), "{text}");
    assert!(!text.contains(r#"name="client_access_enabled""#), "off");
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["client_access_enabled"], true, "not yet");
    let locked = get(&w, &bob, &format!("/clients/{private}")).await;
    assert!(html(&locked).contains("You do not have access"));

    // Without the CSRF token nothing happens.
    let forged = page(
        &w,
        Method::POST,
        "/admin/settings",
        Some(&cookie_of(&w.admin)),
        Some("new_client_access=company&confirm=yes"),
    )
    .await;
    forged.expect(403);
    assert_eq!(
        w.get(&w.admin, "/settings").await.body["client_access_enabled"],
        true
    );

    let done = post(
        &w,
        &w.admin,
        "/admin/settings",
        "new_client_access=company&confirm=yes",
    )
    .await;
    assert_eq!(location(&done), "/admin/settings?done=saved");
    let opened = get(&w, &bob, &format!("/clients/{private}")).await;
    assert!(!html(&opened).contains("You do not have access"));
    set_language(&w, &w.admin, "da").await;
    w.lock_down().await;
    let da = post(&w, &w.admin, "/admin/settings", "new_client_access=company").await;
    assert!(html(&da).contains("Slå klientadgang fra?"));
    insta::assert_snapshot!("settings_switch_off_da", redact(html(&da), &[]));
}

#[tokio::test]
async fn a3_a4_the_advanced_options_are_saved() {
    let w = World::new().await;
    post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&allow_access_requests=on&allow_sharing=on&new_client_access=company&confirm=yes",
    )
    .await;
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["allow_access_requests"], true);
    assert_eq!(settings.body["allow_sharing"], true);
    // Unticking them turns them off again.
    post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&new_client_access=company",
    )
    .await;
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["allow_access_requests"], false);
    assert_eq!(settings.body["allow_sharing"], false);
    assert_eq!(settings.body["client_access_enabled"], true);
}

#[tokio::test]
async fn a5_new_clients_for_the_owner_only() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let reply = post(
        &w,
        &w.admin,
        "/admin/settings",
        "client_access_enabled=on&new_client_access=owner_only&confirm=yes",
    )
    .await;
    location(&reply);
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["new_client_access"], "owner_only");
    let client = w.client(&w.admin, "Fresh Client").await;
    let opened = get(&w, &bob, &format!("/clients/{client}")).await;
    assert!(html(&opened).contains("You do not have access"));
    let form = get(&w, &w.admin, "/admin/settings").await;
    assert!(html(&form).contains(r#"value="owner_only" checked"#));
}

#[tokio::test]
async fn a_bad_choice_re_renders_the_settings_form() {
    let w = World::new().await;
    let reply = post(
        &w,
        &w.admin,
        "/admin/settings",
        "allow_sharing=on&new_client_access=everyone",
    )
    .await;
    assert_eq!(reply.status.as_u16(), 422);
    assert!(html(&reply).contains(r#"role="alert""#));
    assert!(html(&reply).contains(r#"id="allow_sharing" name="allow_sharing" value="on" aria-describedby="allow_sharing-help" checked"#));
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["allow_sharing"], false);
}

#[tokio::test]
async fn the_settings_page_in_english_and_danish() {
    let w = World::new().await;
    let en = get(&w, &w.admin, "/admin/settings").await;
    en.expect(200);
    insta::assert_snapshot!("settings_en", redact(html(&en), &[]));
    set_language(&w, &w.admin, "da").await;
    let da = get(&w, &w.admin, "/admin/settings").await;
    assert!(html(&da).contains("Administrer brugeradgang til klienter"));
    insta::assert_snapshot!("settings_da", redact(html(&da), &[]));
}

#[tokio::test]
async fn a20_deleting_a_group_shows_the_impact_and_needs_the_confirmation() {
    let w = World::new().await;
    w.lock_down().await;
    let cy = w.staff("user", "Cy").await;
    let group = w.group("Audit", &[&cy]).await;
    let client = w.private_client(&w.admin, "Initech").await;
    w.post(
        &w.admin,
        &format!("/clients/{client}/access"),
        json!({"subject": {"type": "group", "id": group}}),
    )
    .await
    .expect(201);

    let ask = get(&w, &w.admin, &format!("/admin/groups/{group}/delete")).await;
    ask.expect(200);
    let text = html(&ask);
    assert!(text.contains(r#"id="impact""#));
    assert!(text.contains("1 client will no longer be shared"));
    assert!(text.contains("1 person will lose access"));
    assert!(text.contains(r#"id="group-delete-confirm""#));
    insta::assert_snapshot!("group_delete", redact(text, &[(&group, "[group]")]));

    // Without the confirmation nothing changes.
    let unconfirmed = post(&w, &w.admin, &format!("/admin/groups/{group}/delete"), "").await;
    assert_eq!(unconfirmed.status.as_u16(), 409);
    assert!(html(&unconfirmed).contains(r#"id="impact""#));
    w.get(&w.admin, &format!("/groups/{group}"))
        .await
        .expect(200);
    get(&w, &cy, &format!("/clients/{client}"))
        .await
        .expect(200);
    assert!(
        !html(&get(&w, &cy, &format!("/clients/{client}")).await)
            .contains("You do not have access")
    );

    let confirmed = post(
        &w,
        &w.admin,
        &format!("/admin/groups/{group}/delete"),
        "confirm=yes",
    )
    .await;
    assert_eq!(location(&confirmed), "/admin/groups?done=deleted");
    w.get(&w.admin, &format!("/groups/{group}"))
        .await
        .expect(404);
    assert!(
        html(&get(&w, &cy, &format!("/clients/{client}")).await).contains("You do not have access")
    );
    let list = get(&w, &w.admin, "/admin/groups?done=deleted").await;
    assert!(html(&list).contains("The group has been deleted"));
}

#[tokio::test]
async fn a21_removing_a_member_ends_only_that_membership() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    let group = w.group("Audit", &[&bob, &cy]).await;
    let other = w.group("Tax", &[&cy]).await;
    let page_html = get(&w, &w.admin, &format!("/admin/groups/{group}")).await;
    assert!(html(&page_html).contains(r#"data-remove-member="Cy Staff""#));
    let reply = post(
        &w,
        &w.admin,
        &format!("/admin/groups/{group}/members/{}/remove", cy.id),
        "",
    )
    .await;
    assert_eq!(
        location(&reply),
        format!("/admin/groups/{group}?done=removed")
    );
    let audit = w.get(&w.admin, &format!("/groups/{group}")).await;
    let names: Vec<&str> = audit.body["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Bob Staff"]);
    let tax = w.get(&w.admin, &format!("/groups/{other}")).await;
    assert_eq!(tax.body["members"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn groups_are_created_renamed_and_filled_through_the_forms() {
    let w = World::new().await;
    let cy = w.staff("user", "Cy").await;
    w.staff("user", "Bob").await;
    let created = post(&w, &w.admin, "/admin/groups", "name=Audit+team").await;
    let to = location(&created);
    let group = to
        .strip_prefix("/admin/groups/")
        .and_then(|r| r.strip_suffix("?done=created"))
        .unwrap()
        .to_owned();
    let list = get(&w, &w.admin, "/admin/groups").await;
    assert!(html(&list).contains("Audit team"));

    let found = get(&w, &w.admin, &format!("/admin/groups/{group}?find=cy")).await;
    assert!(html(&found).contains(r#"data-add-member="Cy Staff""#));
    assert!(!html(&found).contains(r#"data-add-member="Bob Staff""#));
    let added = post(
        &w,
        &w.admin,
        &format!("/admin/groups/{group}/members"),
        &format!("user_id={}", cy.id),
    )
    .await;
    assert_eq!(
        location(&added),
        format!("/admin/groups/{group}?done=added")
    );

    let renamed = post(
        &w,
        &w.admin,
        &format!("/admin/groups/{group}/rename"),
        "name=Auditors",
    )
    .await;
    location(&renamed);
    let shown = get(&w, &w.admin, &format!("/admin/groups/{group}")).await;
    assert!(html(&shown).contains(r#"data-remove-member="Cy Staff""#));
    insta::assert_snapshot!(
        "group",
        redact(html(&shown), &[(&group, "[group]"), (&cy.id, "[cy]")])
    );

    // An empty name is refused, what was typed stays.
    let empty = post(
        &w,
        &w.admin,
        &format!("/admin/groups/{group}/rename"),
        "name=+",
    )
    .await;
    assert_eq!(empty.status.as_u16(), 422);
    assert!(html(&empty).contains(r#"role="alert""#));
    let group_json = w.get(&w.admin, &format!("/groups/{group}")).await;
    assert_eq!(group_json.body["name"], "Auditors");
}

#[tokio::test]
async fn a_group_is_created_with_ticked_members() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let cy = w.staff("user", "Cy").await;
    w.group("Audit", &[&cy]).await;
    let form = get(&w, &w.admin, "/admin/groups").await;
    assert!(html(&form).contains(&format!(r#"id="member-{}""#, cy.id)));
    let mut ids = vec![
        (w.admin.id.clone(), "[ada]"),
        (bob.id.clone(), "[bob]"),
        (cy.id.clone(), "[cy]"),
    ];
    let audit = w.get(&w.admin, "/groups").await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ids.push((audit, "[audit]"));
    let ids: Vec<(&str, &str)> = ids.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    insta::assert_snapshot!("groups_list", redact(html(&form), &ids));
    let created = post(
        &w,
        &w.admin,
        "/admin/groups",
        &format!("name=Board&member={}&member={}", bob.id, cy.id),
    )
    .await;
    let to = location(&created);
    let group = to
        .strip_prefix("/admin/groups/")
        .and_then(|r| r.strip_suffix("?done=created"))
        .unwrap()
        .to_owned();
    let json = w.get(&w.admin, &format!("/groups/{group}")).await;
    assert_eq!(json.body["members"].as_array().unwrap().len(), 2);
    // A duplicate name: refused, the name and the ticks kept.
    let again = post(
        &w,
        &w.admin,
        "/admin/groups",
        &format!("name=Board&member={}", cy.id),
    )
    .await;
    assert_eq!(again.status.as_u16(), 409);
    let text = html(&again);
    assert!(text.contains(r#"value="Board""#) && text.contains(r#"role="alert""#));
    assert!(text.contains(&format!(r#"value="{}" checked"#, cy.id)));
    assert!(!text.contains(&format!(r#"value="{}" checked"#, bob.id)));
}

#[tokio::test]
async fn staff_are_created_and_their_role_changed() {
    let w = World::new().await;
    let created = post(
        &w,
        &w.admin,
        "/admin/staff",
        "email=dee%40acme.test&name=Dee+Staff&role=user&language=fr&password=",
    )
    .await;
    let to = location(&created);
    let id = to
        .strip_prefix("/admin/staff/")
        .and_then(|r| r.strip_suffix("?done=created"))
        .unwrap()
        .to_owned();
    let user = w.get(&w.admin, &format!("/users/{id}")).await;
    assert_eq!(user.body["role"], "user");
    assert_eq!(user.body["language"], "fr");

    let changed = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{id}"),
        "role=contributor&language=fr",
    )
    .await;
    assert_eq!(location(&changed), format!("/admin/staff/{id}?done=saved"));
    let user = w.get(&w.admin, &format!("/users/{id}")).await;
    assert_eq!(user.body["role"], "contributor");

    // A wrong email: 422, what was typed kept.
    let bad = post(
        &w,
        &w.admin,
        "/admin/staff",
        "email=nope&name=Eve+Staff&role=manager&language=&password=",
    )
    .await;
    assert_eq!(bad.status.as_u16(), 422);
    let text = html(&bad);
    assert!(text.contains(r#"value="nope""#) && text.contains(r#"value="Eve Staff""#));
    assert!(text.contains(r#"<option value="manager" selected>"#));
    assert!(text.contains(r#"role="alert""#));
}

#[tokio::test]
async fn b3_b10_toggles_are_saved_for_users_and_not_shown_for_managers() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let mia = w.staff("manager", "Mia").await;
    let bob_page = get(&w, &w.admin, &format!("/admin/staff/{}", bob.id)).await;
    assert!(html(&bob_page).contains(r#"id="payments""#));
    let mia_page = get(&w, &w.admin, &format!("/admin/staff/{}", mia.id)).await;
    assert!(!html(&mia_page).contains(r#"id="payments""#));

    let saved = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}", bob.id),
        "role=user&language=en&share_all_clients=on&toggles=on&view=shared&documents=on&hide_phone=on&list_all_clients=on",
    )
    .await;
    location(&saved);
    let user = w.get(&w.admin, &format!("/users/{}", bob.id)).await;
    let p = &user.body["permissions"];
    assert_eq!(p["view"], "shared");
    assert_eq!(p["payments"], false);
    assert_eq!(p["documents"], true);
    assert_eq!(p["packages"], false);
    assert_eq!(p["hide_phone"], true);
    assert_eq!(p["hide_email"], false);
    assert_eq!(user.body["share_all_clients"], true);
}

#[tokio::test]
async fn b1_the_primary_admin_is_not_changed_here() {
    let w = World::new().await;
    let eve = w.staff("admin", "Eve").await;
    let ada = w.admin.id.clone();
    let refused = post(
        &w,
        &eve,
        &format!("/admin/staff/{ada}"),
        "role=admin&language=en",
    )
    .await;
    assert_eq!(refused.status.as_u16(), 403);
    let text = html(&refused);
    assert!(text.contains(r#"role="alert""#) && text.contains("primary admin"));
    assert!(
        text.contains(r#"id="staff-save""#),
        "the form is shown again"
    );
    let user = w.get(&w.admin, &format!("/users/{ada}")).await;
    assert_eq!(user.body["role"], "primary_admin");
}

#[tokio::test]
async fn b1_the_primary_admin_hands_the_role_over() {
    let w = World::new().await;
    let eve = w.staff("admin", "Eve").await;
    let member = get(&w, &w.admin, &format!("/admin/staff/{}", eve.id)).await;
    assert!(html(&member).contains(r#"id="staff-handover""#));
    // Another admin is not offered it.
    let bob = w.staff("user", "Bob").await;
    let seen_by_eve = get(&w, &eve, &format!("/admin/staff/{}", bob.id)).await;
    assert!(!html(&seen_by_eve).contains(r#"id="staff-handover""#));
    let refused = post(
        &w,
        &eve,
        &format!("/admin/staff/{}/primary-admin", bob.id),
        "confirm=yes",
    )
    .await;
    assert_eq!(refused.status.as_u16(), 403);
    get(&w, &eve, &format!("/admin/staff/{}/primary-admin", bob.id))
        .await
        .expect(403);

    // First the confirmation: who becomes what.
    let ask = get(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/primary-admin", eve.id),
    )
    .await;
    ask.expect(200);
    let text = html(&ask);
    assert!(
        text.contains("Eve Staff becomes the primary admin"),
        "{text}"
    );
    assert!(text.contains("You become an admin at the same moment"));
    assert!(text.contains(r#"id="primary-admin-confirm""#));
    let ids = [(eve.id.as_str(), "[eve]")];
    insta::assert_snapshot!("primary_admin_confirm_en", redact(text, &ids));
    // Without the confirmation nothing changes.
    let unconfirmed = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/primary-admin", eve.id),
        "",
    )
    .await;
    assert_eq!(unconfirmed.status.as_u16(), 409);
    assert!(html(&unconfirmed).contains(r#"id="primary-admin-confirm""#));
    let still = w.get(&w.admin, &format!("/users/{}", w.admin.id)).await;
    assert_eq!(still.body["role"], "primary_admin");

    let done = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/primary-admin", eve.id),
        "confirm=yes",
    )
    .await;
    assert_eq!(
        location(&done),
        format!("/admin/staff/{}?done=handed-over", eve.id)
    );
    let eve_json = w.get(&w.admin, &format!("/users/{}", eve.id)).await;
    assert_eq!(eve_json.body["role"], "primary_admin");
    let ada_json = w.get(&w.admin, &format!("/users/{}", w.admin.id)).await;
    assert_eq!(ada_json.body["role"], "admin");
}

#[tokio::test]
async fn a22_deactivating_ends_that_user_s_web_session() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    get(&w, &bob, "/clients").await.expect(200);
    let member = get(&w, &w.admin, &format!("/admin/staff/{}", bob.id)).await;
    assert!(html(&member).contains("signs them out everywhere"));
    let reply = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/active", bob.id),
        "active=false",
    )
    .await;
    assert_eq!(
        location(&reply),
        format!("/admin/staff/{}?done=deactivated", bob.id)
    );
    let gone = get(&w, &bob, "/clients").await;
    assert_eq!(location(&gone), "/login");
    let shown = get(&w, &w.admin, &format!("/admin/staff/{}", bob.id)).await;
    assert!(html(&shown).contains(r#"id="staff-reactivate""#));
    let back = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/active", bob.id),
        "active=true",
    )
    .await;
    location(&back);
    let user = w.get(&w.admin, &format!("/users/{}", bob.id)).await;
    assert_eq!(user.body["active"], true);
}

#[tokio::test]
async fn the_staff_pages_in_english_and_french() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let list = get(&w, &w.admin, "/admin/staff").await;
    list.expect(200);
    let ids = [(w.admin.id.as_str(), "[ada]"), (bob.id.as_str(), "[bob]")];
    insta::assert_snapshot!("staff_list_en", redact(html(&list), &ids));
    let member = get(&w, &w.admin, &format!("/admin/staff/{}", bob.id)).await;
    insta::assert_snapshot!("staff_member_en", redact(html(&member), &ids));
    set_language(&w, &w.admin, "fr").await;
    let member = get(&w, &w.admin, &format!("/admin/staff/{}", bob.id)).await;
    assert!(html(&member).contains("Partager tous les clients avec cet utilisateur"));
    insta::assert_snapshot!("staff_member_fr", redact(html(&member), &ids));
}

#[tokio::test]
async fn the_overview_and_the_company_page() {
    let w = World::new().await;
    let overview = get(&w, &w.admin, "/admin").await;
    overview.expect(200);
    insta::assert_snapshot!("overview_en", redact(html(&overview), &[]));
    set_language(&w, &w.admin, "da").await;
    let company = get(&w, &w.admin, "/admin/company").await;
    company.expect(200);
    assert!(html(&company).contains("Virksomhedens navn"));
    insta::assert_snapshot!("company_da", redact(html(&company), &[]));
}

#[tokio::test]
async fn the_company_is_changed_through_its_form() {
    let w = World::new().await;
    let reply = post(
        &w,
        &w.admin,
        "/admin/company",
        "name=Acme+Holding&default_language=da&timezone=Europe%2FCopenhagen",
    )
    .await;
    assert_eq!(location(&reply), "/admin/company?done=saved");
    let company = w.get(&w.admin, "/company").await;
    assert_eq!(company.body["name"], "Acme Holding");
    assert_eq!(company.body["default_language"], "da");
    assert_eq!(company.body["timezone"], "Europe/Copenhagen");
    let bad = post(
        &w,
        &w.admin,
        "/admin/company",
        "name=Acme+Holding&default_language=da&timezone=Mars%2F%2FBase",
    )
    .await;
    assert_eq!(bad.status.as_u16(), 422);
    assert!(html(&bad).contains(r#"value="Mars//Base""#));
}

#[tokio::test]
async fn a_plain_user_gets_no_admin_page() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let group = w.group("Audit", &[]).await;
    for path in [
        "/admin".to_owned(),
        "/admin/settings".to_owned(),
        "/admin/groups".to_owned(),
        format!("/admin/groups/{group}"),
        format!("/admin/groups/{group}/delete"),
        "/admin/staff".to_owned(),
        format!("/admin/staff/{}", w.admin.id),
        "/admin/company".to_owned(),
    ] {
        let reply = get(&w, &bob, &path).await;
        assert!(
            [403, 404].contains(&reply.status.as_u16()),
            "{path}: {}",
            reply.status
        );
        assert!(!html(&reply).contains(r#"name="csrf" value="" "#));
    }
    let refused = post(
        &w,
        &bob,
        "/admin/settings",
        "client_access_enabled=on&new_client_access=company",
    )
    .await;
    assert_eq!(refused.status.as_u16(), 403);
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["client_access_enabled"], false);
    // No admin link in a plain user's navigation.
    assert!(!html(&get(&w, &bob, "/clients").await).contains(r#"href="/admin""#));
}

#[tokio::test]
async fn a_manager_sees_only_the_company() {
    let w = World::new().await;
    let mia = w.staff("manager", "Mia").await;
    let overview = get(&w, &mia, "/admin").await;
    overview.expect(200);
    assert!(html(&overview).contains(r#"href="/admin/company""#));
    assert!(!html(&overview).contains(r#"href="/admin/staff""#));
    get(&w, &mia, "/admin/settings").await.expect(403);
    get(&w, &mia, "/admin/company").await.expect(200);
    // B2: account settings are the manager's to change.
    let saved = post(
        &w,
        &mia,
        "/admin/company",
        "name=Acme+Partners&default_language=en&timezone=UTC",
    )
    .await;
    assert_eq!(location(&saved), "/admin/company?done=saved");
    // Staff configuration is not: the App refuses, shown on the form.
    let refused = post(
        &w,
        &mia,
        "/admin/settings",
        "client_access_enabled=on&new_client_access=company",
    )
    .await;
    assert_eq!(refused.status.as_u16(), 403);
    assert!(html(&refused).contains(r#"role="alert""#));
}

#[tokio::test]
async fn a22_the_primary_admin_cannot_be_deactivated() {
    let w = World::new().await;
    let ada = w.admin.id.clone();
    let refused = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{ada}/active"),
        "active=false",
    )
    .await;
    assert_eq!(refused.status.as_u16(), 422);
    assert!(html(&refused).contains("The primary admin cannot be deactivated."));
    get(&w, &w.admin, "/clients").await.expect(200);
}

#[tokio::test]
async fn every_admin_form_refuses_a_missing_or_wrong_csrf_token() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let group = w.group("Audit", &[&bob]).await;
    let bobs_client = w.client(&bob, "Bob's file").await;
    let forms = [
        (
            "/admin/settings".to_owned(),
            "client_access_enabled=on&new_client_access=owner_only".to_owned(),
        ),
        (
            "/admin/company".to_owned(),
            "name=Evil&default_language=fr&timezone=UTC".to_owned(),
        ),
        ("/admin/groups".to_owned(), "name=Evil".to_owned()),
        (
            format!("/admin/groups/{group}/rename"),
            "name=Evil".to_owned(),
        ),
        (
            format!("/admin/groups/{group}/members"),
            format!("user_id={}", w.admin.id),
        ),
        (
            format!("/admin/groups/{group}/members/{}/remove", bob.id),
            String::new(),
        ),
        (
            format!("/admin/groups/{group}/delete"),
            "confirm=yes".to_owned(),
        ),
        (
            "/admin/staff".to_owned(),
            "email=evil%40acme.test&name=Evil&role=admin&language=&password=".to_owned(),
        ),
        (
            format!("/admin/staff/{}", bob.id),
            "role=admin&language=fr".to_owned(),
        ),
        (
            format!("/admin/staff/{}/primary-admin", bob.id),
            "confirm=yes".to_owned(),
        ),
        (
            format!("/admin/staff/{}/active", bob.id),
            "active=false".to_owned(),
        ),
        (
            format!("/admin/staff/{}/active", bob.id),
            format!("active=false&successor_id={}", w.admin.id),
        ),
        (
            format!("/admin/staff/{}/handover", bob.id),
            format!("successor_id={}", w.admin.id),
        ),
    ];
    let cookie = cookie_of(&w.admin);
    for (path, body) in &forms {
        for token in [None, Some("wrong")] {
            let form = match token {
                Some(t) => format!("csrf={t}&{body}"),
                None => body.clone(),
            };
            let reply = page(&w, Method::POST, path, Some(&cookie), Some(&form)).await;
            assert_eq!(reply.status.as_u16(), 403, "{path} with {token:?}");
        }
    }
    // Nothing changed.
    let settings = w.get(&w.admin, "/settings").await;
    assert_eq!(settings.body["client_access_enabled"], false);
    assert_eq!(settings.body["new_client_access"], "company");
    let company = w.get(&w.admin, "/company").await;
    assert_ne!(company.body["name"], "Evil");
    let groups = w.get(&w.admin, "/groups").await;
    let groups = groups.body["items"].as_array().unwrap().clone();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["name"], "Audit");
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 1);
    let user = w.get(&w.admin, &format!("/users/{}", bob.id)).await;
    assert_eq!(user.body["role"], "user");
    assert_eq!(user.body["active"], true);
    let users = w.get(&w.admin, "/users").await;
    assert_eq!(users.body["items"].as_array().unwrap().len(), 2);
    let bobs = w.get(&w.admin, &format!("/clients/{bobs_client}")).await;
    assert_eq!(bobs.body["owner_id"], bob.id, "nothing was handed over");
}

/// Lea (a user) owns two clients, has a direct share on a third and is in
/// a group; Sam is another user. Their sessions.
async fn leaver(w: &World) -> (Session, Session, String) {
    w.lock_down().await;
    let lea = w.staff("user", "Lea").await;
    let sam = w.staff("user", "Sam").await;
    let alpha = w.private_client(&lea, "Alpha").await;
    w.private_client(&lea, "Beta").await;
    let gamma = w.private_client(&w.admin, "Gamma").await;
    w.post(
        &w.admin,
        &format!("/clients/{gamma}/access"),
        json!({"subject": {"type": "user", "id": lea.id}}),
    )
    .await
    .expect(201);
    w.group("Audit", &[&lea]).await;
    (lea, sam, alpha)
}

#[tokio::test]
async fn x11_deactivating_an_owner_asks_for_a_successor_and_hands_over_first() {
    let w = World::new().await;
    let (lea, sam, alpha) = leaver(&w).await;
    let member = get(&w, &w.admin, &format!("/admin/staff/{}", lea.id)).await;
    assert!(html(&member).contains(&format!(r#"action="/admin/staff/{}/deactivate""#, lea.id)));

    let ask = get(&w, &w.admin, &format!("/admin/staff/{}/deactivate", lea.id)).await;
    ask.expect(200);
    let text = html(&ask);
    assert!(text.contains("Lea Staff owns 2 clients."), "{text}");
    assert!(text.contains("1 client is shared with Lea Staff directly."));
    assert!(text.contains("Lea Staff is a member of 1 group."));
    assert!(text.contains("signed out everywhere at once"));
    assert!(text.contains(r#"name="successor_id""#));
    assert!(text.contains(&format!(r#"<option value="{}">"#, sam.id)));
    assert!(
        !text.contains(&format!(r#"<option value="{}">"#, lea.id)),
        "not herself"
    );
    let ids = [
        (lea.id.as_str(), "[lea]"),
        (sam.id.as_str(), "[sam]"),
        (w.admin.id.as_str(), "[ada]"),
    ];
    insta::assert_snapshot!("staff_deactivate_en", redact(text, &ids));
    set_language(&w, &w.admin, "fr").await;
    let fr = get(&w, &w.admin, &format!("/admin/staff/{}/deactivate", lea.id)).await;
    let text = html(&fr);
    assert!(
        text.contains("Lea Staff est propriétaire de 2 clients."),
        "{text}"
    );
    insta::assert_snapshot!("staff_deactivate_fr", redact(text, &ids));
    set_language(&w, &w.admin, "en").await;

    // Without a successor the App refuses (X11): the page again, nothing changed.
    let refused = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/active", lea.id),
        "active=false&successor_id=",
    )
    .await;
    assert_eq!(refused.status.as_u16(), 409);
    let text = html(&refused);
    assert!(text.contains(r#"role="alert""#) && text.contains("choose who takes over first"));
    assert!(text.contains(r#"name="successor_id""#));
    get(&w, &lea, "/clients").await.expect(200);
    // Herself as successor: refused on the page, her choice kept.
    let herself = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/active", lea.id),
        &format!("active=false&successor_id={}", lea.id),
    )
    .await;
    assert_eq!(herself.status.as_u16(), 422);
    assert!(html(&herself).contains("Successor: The successor must be someone else."));

    let done = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/active", lea.id),
        &format!("active=false&successor_id={}", sam.id),
    )
    .await;
    assert_eq!(
        location(&done),
        format!("/admin/staff/{}?done=deactivated-handover", lea.id)
    );
    let client = w.get(&sam, &format!("/clients/{alpha}")).await;
    client.expect(200);
    assert_eq!(client.body["owner_id"], sam.id);
    assert_eq!(location(&get(&w, &lea, "/clients").await), "/login");
    let shown = get(&w, &w.admin, &location(&done)).await;
    assert!(html(&shown).contains("Handed over and deactivated"));
}

#[tokio::test]
async fn a22_deactivating_a_member_without_clients_still_asks_to_confirm() {
    let w = World::new().await;
    let bob = w.staff("user", "Bob").await;
    let ask = get(&w, &w.admin, &format!("/admin/staff/{}/deactivate", bob.id)).await;
    ask.expect(200);
    let text = html(&ask);
    assert!(text.contains("Bob Staff owns no clients."), "{text}");
    assert!(text.contains("Bob Staff is not a member of any group."));
    assert!(text.contains("nobody needs to take over"));
    assert!(!text.contains(r#"name="successor_id""#));
    assert!(text.contains(r#"id="leave-confirm""#));
    let done = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/active", bob.id),
        "active=false",
    )
    .await;
    assert_eq!(
        location(&done),
        format!("/admin/staff/{}?done=deactivated", bob.id)
    );
    // An inactive member's deactivation page leads back to their page.
    let again = get(&w, &w.admin, &format!("/admin/staff/{}/deactivate", bob.id)).await;
    assert_eq!(location(&again), format!("/admin/staff/{}", bob.id));
}

#[tokio::test]
async fn c8_handing_over_from_the_member_page_keeps_the_member_active() {
    let w = World::new().await;
    let (lea, sam, alpha) = leaver(&w).await;
    let member = get(&w, &w.admin, &format!("/admin/staff/{}", lea.id)).await;
    assert!(html(&member).contains(r#"id="staff-successor""#));
    let ask = get(&w, &w.admin, &format!("/admin/staff/{}/handover", lea.id)).await;
    ask.expect(200);
    let text = html(&ask);
    assert!(text.contains("Lea Staff owns 2 clients."));
    assert!(!text.contains("signed out everywhere"));
    assert!(text.contains(&format!(r#"action="/admin/staff/{}/handover""#, lea.id)));
    // No choice made: the page again.
    let none = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/handover", lea.id),
        "successor_id=",
    )
    .await;
    assert_eq!(none.status.as_u16(), 422);
    assert!(html(&none).contains(r#"role="alert""#));
    let done = post(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/handover", lea.id),
        &format!("successor_id={}", sam.id),
    )
    .await;
    assert_eq!(
        location(&done),
        format!("/admin/staff/{}?done=handover", lea.id)
    );
    let client = w.get(&sam, &format!("/clients/{alpha}")).await;
    assert_eq!(client.body["owner_id"], sam.id);
    let user = w.get(&w.admin, &format!("/users/{}", lea.id)).await;
    assert_eq!(user.body["active"], true);
    get(&w, &lea, "/clients").await.expect(200);
    // A plain user reaches none of these pages.
    for path in ["deactivate", "handover", "primary-admin"] {
        let reply = get(&w, &sam, &format!("/admin/staff/{}/{path}", lea.id)).await;
        assert_eq!(reply.status.as_u16(), 403, "{path}");
    }
}

#[tokio::test]
async fn the_successor_is_searched_for_when_the_staff_list_is_long() {
    let w = World::new().await;
    let (lea, _, _) = leaver(&w).await;
    let admin = w.app.authenticate(&w.admin.token).await.unwrap();
    for n in 0..100 {
        w.app
            .create_user(
                &admin,
                casegate_app::NewUser {
                    email: format!("extra{n}@acme.test"),
                    name: format!("Extra {n:03}"),
                    role: casegate_core::Role::User,
                    password: None,
                    language: None,
                },
            )
            .await
            .unwrap();
    }
    let ask = get(&w, &w.admin, &format!("/admin/staff/{}/deactivate", lea.id)).await;
    let text = html(&ask);
    assert!(text.contains(r#"id="successor-find""#));
    assert!(text.contains("search for the successor first"));
    assert!(!text.contains(r#"name="successor_id""#));
    let found = get(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/deactivate?find=sam", lea.id),
    )
    .await;
    let text = html(&found);
    assert!(text.contains(r#"name="successor_id""#));
    assert!(text.contains("Sam Staff (sam@acme.test)"));
    assert!(!text.contains("Extra 001"));
    let nobody = get(
        &w,
        &w.admin,
        &format!("/admin/staff/{}/deactivate?find=zzz", lea.id),
    )
    .await;
    assert!(html(&nobody).contains("No other active staff member matches"));
}
