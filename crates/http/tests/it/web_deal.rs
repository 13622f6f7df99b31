//! The deal desk's staff pages (SPEC Part C): "Entities and contacts" on a
//! client and the Entities pages, through their forms, in English and
//! French; every form refuses a wrong CSRF token and changes nothing then.

use axum::http::Method;
use serde_json::json;

use crate::support::{World, mails};
use crate::web::{cookie_of, csrf_of, html, page};
use crate::web_account::{enc, location};

#[tokio::test]
async fn c1_c2_c5_c9_a_new_firm_adds_an_entity_and_its_people_from_the_client_page() {
    let w = World::new().await;
    let admin = cookie_of(&w.admin);
    let deal = w.client(&w.admin, "Harbour Loan").await;

    // The Entities page: empty, then a new entity with its domain.
    let list = page(&w, Method::GET, "/entities", Some(&admin), None).await;
    list.expect(200);
    let csrf = csrf_of(html(&list));
    assert!(html(&list).contains("No entity yet."));
    let refused = page(
        &w,
        Method::POST,
        "/entities",
        Some(&admin),
        Some("csrf=wrong&name=Bank+X&kind=lender"),
    )
    .await;
    assert_eq!(refused.status, 403);
    let made = page(
        &w,
        Method::POST,
        "/entities",
        Some(&admin),
        Some(&format!(
            "csrf={csrf}&name=Bank+X&kind=lender&domains=bankx.example"
        )),
    )
    .await;
    let entity_path = location(&made);
    let entity = entity_path.trim_start_matches("/entities/").to_owned();
    let again = page(
        &w,
        Method::POST,
        "/entities",
        Some(&admin),
        Some(&format!("csrf={csrf}&name=bank+x&kind=lender")),
    )
    .await;
    again.expect(422);

    // The client links to "Entities and contacts"; the entity joins the file.
    let client = page(
        &w,
        Method::GET,
        &format!("/clients/{deal}"),
        Some(&admin),
        None,
    )
    .await;
    assert!(html(&client).contains(&format!("/clients/{deal}/contacts")));
    let path = format!("/clients/{deal}/contacts");
    let contacts = page(&w, Method::GET, &path, Some(&admin), None).await;
    contacts.expect(200);
    assert!(html(&contacts).contains("No entity takes part in this file yet."));
    let joined = page(
        &w,
        Method::POST,
        &format!("{path}/entity"),
        Some(&admin),
        Some(&format!("csrf={csrf}&entity_id={entity}&role=lender")),
    )
    .await;
    assert_eq!(location(&joined), format!("{path}?done=entity"));

    // Several addresses at once; each says what became of it.
    mails(&w).await;
    let emails = format!(
        "lea@bankx.example, max@bankx.example\nlea@gmail.example\n{}",
        w.admin.email
    );
    let added = page(
        &w,
        Method::POST,
        &format!("{path}/add"),
        Some(&admin),
        Some(&format!(
            "csrf={csrf}&entity_id={entity}&emails={}",
            enc(&emails)
        )),
    )
    .await;
    added.expect(200);
    let text = html(&added).to_owned();
    assert_eq!(
        text.matches("invited: an email asks them").count(),
        2,
        "{text}"
    );
    assert!(text.contains("lea@gmail.example"));
    // What failed stays in the box.
    assert!(
        text.contains(&format!("lea@gmail.example\n{}</textarea>", w.admin.email)),
        "{text}"
    );
    let sent = mails(&w).await;
    assert_eq!(sent.len(), 2);
    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    let lea = users.body["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["contact"]["email"] == "lea@bankx.example")
        .unwrap()["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Revoke, then "give access again" from "no longer have access".
    let revoked = page(
        &w,
        Method::POST,
        &format!("{path}/{lea}/revoke"),
        Some(&admin),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(location(&revoked), format!("{path}?done=revoked"));
    let contacts = page(&w, Method::GET, &path, Some(&admin), None).await;
    let former = html(&contacts)
        .split("Users who no longer have access")
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(former.contains("lea@bankx.example") && former.contains("Give access again"));
    let regranted = page(
        &w,
        Method::POST,
        &format!("{path}/add"),
        Some(&admin),
        Some(&format!(
            "csrf={csrf}&entity_id={entity}&emails=lea%40bankx.example"
        )),
    )
    .await;
    assert!(html(&regranted).contains("lea@bankx.example"));
    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    assert_eq!(users.body["contacts"].as_array().unwrap().len(), 2);

    // The entity page: a team manager, and "remove from every file".
    let named = page(
        &w,
        Method::POST,
        &format!("{entity_path}/team-managers"),
        Some(&admin),
        Some(&format!("csrf={csrf}&email=tess%40bankx.example")),
    )
    .await;
    assert_eq!(location(&named), format!("{entity_path}?done=manager"));
    let shown = page(&w, Method::GET, &entity_path, Some(&admin), None).await;
    let text = html(&shown).to_owned();
    assert!(
        text.contains("tess@bankx.example") && text.contains("Harbour Loan"),
        "{text}"
    );
    let everywhere = page(
        &w,
        Method::POST,
        &format!("{entity_path}/people/{lea}/remove-everywhere"),
        Some(&admin),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(
        location(&everywhere),
        format!("{entity_path}?done=everywhere")
    );
    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    assert_eq!(users.body["contacts"].as_array().unwrap().len(), 1);

    // The entity leaves the file: its people lose it.
    let left = page(
        &w,
        Method::POST,
        &format!("{path}/entity/{entity}/remove"),
        Some(&admin),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(location(&left), format!("{path}?done=entity-removed"));
    let users = w.get(&w.admin, &format!("/clients/{deal}/users")).await;
    assert_eq!(users.body["contacts"], json!([]));
}

#[tokio::test]
async fn the_deal_pages_in_french_and_a_user_without_sharing_sees_no_forms() {
    let w = World::new().await;
    w.patch(
        &w.admin,
        &format!("/users/{}", w.admin.id),
        json!({"language": "fr"}),
    )
    .await
    .expect(200);
    let admin = cookie_of(&w.admin);
    let deal = w.client(&w.admin, "Prêt Nordlys").await;
    let entity = w
        .post(
            &w.admin,
            "/entities",
            json!({"name": "Banque X", "kind": "lender"}),
        )
        .await
        .id();
    w.post(
        &w.admin,
        &format!("/clients/{deal}/entities"),
        json!({"entity_id": entity, "role": "lender"}),
    )
    .await
    .expect(201);
    let path = format!("/clients/{deal}/contacts");
    let fr = page(&w, Method::GET, &path, Some(&admin), None).await;
    let text = html(&fr);
    assert!(text.contains(r#"<html lang="fr">"#));
    for expected in [
        "Entités et contacts",
        "Banque X</a> · Prêteur",
        "Ajouter des contacts",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    let entities = page(&w, Method::GET, "/entities", Some(&admin), None).await;
    assert!(html(&entities).contains("Nouvelle entité"));

    // A member the file is shared with, who may not share it (A4 off).
    w.patch(&w.admin, "/settings", json!({"allow_sharing": false}))
        .await
        .expect(200);
    let bob = w.staff("user", "Bob").await;
    w.post(
        &w.admin,
        &format!("/clients/{deal}/access"),
        json!({"subject": {"type": "user", "id": bob.id}}),
    )
    .await;
    let seen = page(&w, Method::GET, &path, Some(&cookie_of(&bob)), None).await;
    seen.expect(200);
    assert!(!html(&seen).contains(&format!("{path}/add")));
    assert!(!html(&seen).contains("/revoke"));
}
