//! Packages on a client card (B8): list and add with the packages
//! capability; refused without it.

use serde_json::json;

use crate::documents::set_permission;
use crate::support::{World, random_id};

#[tokio::test]
async fn b8_packages_are_added_and_listed() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Spa Guest").await;
    let path = format!("/clients/{client}/packages");
    let reply = w
        .post(
            &w.admin,
            &path,
            json!({"name": "10 massages", "price_cents": 45000}),
        )
        .await;
    reply.expect(201);
    assert!(reply.revision().is_some());
    snap!("package", &reply.body);
    w.post(&w.admin, &path, json!({"name": "Gift"}))
        .await
        .expect(201);
    let list = w.get(&w.admin, &path).await;
    list.expect(200);
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["10 massages", "Gift"]);
    assert_eq!(list.body["items"][1]["price_cents"], json!(null));
}

#[tokio::test]
async fn b8_packages_off_refuses_list_and_add() {
    let w = World::new().await;
    let user = w.staff("user", "Pia").await;
    let client = w.client(&w.admin, "No Packages").await;
    let path = format!("/clients/{client}/packages");
    w.get(&user, &path).await.expect(200);
    set_permission(&w, &user, "packages", false).await;
    w.get(&user, &path).await.expect_error(403, "forbidden");
    w.post(&user, &path, json!({"name": "Sneaky"}))
        .await
        .expect_error(403, "forbidden");
    let list = w.get(&w.admin, &path).await;
    assert_eq!(list.body["items"], json!([]));
}

#[tokio::test]
async fn b8_packages_validate_their_input() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Bad Packages").await;
    let path = format!("/clients/{client}/packages");
    w.post(&w.admin, &path, json!({"name": " "}))
        .await
        .expect_error(422, "validation_failed");
    w.post(&w.admin, &path, json!({"name": "Neg", "price_cents": -1}))
        .await
        .expect_error(422, "validation_failed");
    w.post(&w.admin, &path, json!({"name": "X", "colour": "red"}))
        .await
        .expect_error(422, "validation_failed");
}

#[tokio::test]
async fn b8_packages_of_a_locked_or_unknown_client_are_refused() {
    let w = World::new().await;
    w.lock_down().await;
    let user = w.staff("user", "Lock").await;
    let client = w.private_client(&w.admin, "Private Packages").await;
    let path = format!("/clients/{client}/packages");
    w.get(&user, &path).await.expect_error(403, "access_denied");
    w.post(&user, &path, json!({"name": "Nope"}))
        .await
        .expect_error(403, "access_denied");
    w.get(&w.admin, &format!("/clients/{}/packages", random_id()))
        .await
        .expect_error(404, "not_found");
    let hank = w.other_company().await;
    w.get(&hank, &path).await.expect_error(404, "not_found");
}
