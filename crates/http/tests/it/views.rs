//! The view log (X9): client openings and document downloads are recorded
//! with who, when and through which access; shown newest first, paged, to
//! the owner and admins only.

use serde_json::json;

use crate::documents::{download, upload};
use crate::support::World;

#[tokio::test]
async fn x9_opening_a_client_is_logged_with_its_access() {
    let w = World::new().await;
    w.lock_down().await;
    let user = w.staff("user", "Vic").await;
    let client = w.client(&w.admin, "Watched").await;
    w.get(&user, &format!("/clients/{client}"))
        .await
        .expect(200);
    let log = w.get(&w.admin, &format!("/clients/{client}/views")).await;
    log.expect(200);
    let items = log.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["user"]["id"], user.id.as_str());
    assert_eq!(items[0]["user"]["name"], "Vic Staff");
    assert_eq!(items[0]["kind"], "client_opened");
    assert_eq!(items[0]["document_id"], json!(null));
    assert_eq!(items[0]["through"], json!(["A11"]));
    assert!(items[0].get("real_user").is_none());
    snap!("view", &items[0]);
}

#[tokio::test]
async fn x9_refused_openings_are_not_logged() {
    let w = World::new().await;
    w.lock_down().await;
    let user = w.staff("user", "Nia").await;
    let client = w.private_client(&w.admin, "Private").await;
    w.get(&user, &format!("/clients/{client}"))
        .await
        .expect_error(403, "access_denied");
    let log = w.get(&w.admin, &format!("/clients/{client}/views")).await;
    assert_eq!(log.body["items"], json!([]));
}

#[tokio::test]
async fn x9_document_downloads_are_logged() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Downloads").await;
    let doc = upload(&w, &w.admin, &client, "d.pdf", b"data", "shared")
        .await
        .id();
    let (status, _, _) = download(&w, &w.admin, &doc).await;
    assert_eq!(status.as_u16(), 200);
    let log = w.get(&w.admin, &format!("/clients/{client}/views")).await;
    let items = log.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["kind"], "document_downloaded");
    assert_eq!(items[0]["document_id"], doc.as_str());
    assert_eq!(items[0]["user"]["id"], w.admin.id.as_str());
}

#[tokio::test]
async fn x9_view_log_is_for_the_owner_and_admins_only() {
    let w = World::new().await;
    let owner = w.staff("user", "Owen").await;
    let other = w.staff("contributor", "Otto").await;
    let manager = w.staff("manager", "Mia").await;
    let client = w.client(&owner, "Owned").await;
    let path = format!("/clients/{client}/views");
    w.get(&owner, &path).await.expect(200);
    w.get(&manager, &path).await.expect(200);
    w.get(&w.admin, &path).await.expect(200);
    w.get(&other, &path).await.expect_error(403, "forbidden");
    w.get(
        &w.admin,
        &format!("/clients/{}/views", crate::support::random_id()),
    )
    .await
    .expect_error(404, "not_found");
}

#[tokio::test]
async fn x9_view_log_is_newest_first_and_paged() {
    let w = World::new().await;
    let client = w.client(&w.admin, "Popular").await;
    for _ in 0..5 {
        w.get(&w.admin, &format!("/clients/{client}"))
            .await
            .expect(200);
    }
    let path = format!("/clients/{client}/views");
    let first = w.get(&w.admin, &format!("{path}?limit=2")).await;
    first.expect(200);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let mut ids: Vec<String> = first.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    let second = w
        .get(&w.admin, &format!("{path}?limit=10&cursor={cursor}"))
        .await;
    assert_eq!(second.body["next_cursor"], json!(null));
    ids.extend(
        second.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_owned()),
    );
    assert_eq!(ids.len(), 5);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(ids, sorted, "newest first");
    w.get(&w.admin, &format!("{path}?cursor=nope"))
        .await
        .expect_error(422, "validation_failed");
}
