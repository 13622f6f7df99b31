//! Two apps on one database (another process, or a replica): each catches up
//! with the other's changes before writing, on authentication and on
//! `wait_for`.

use std::time::Duration;

use casegate_app::{App, AppConfig};
use casegate_core::Role;

use crate::support::{FROM, PASSWORD, World};

#[tokio::test]
async fn a_second_process_writes_are_seen_by_the_first() {
    let w = World::new().await;
    let config = AppConfig {
        outbox_dir: w.outbox.clone(),
        ..AppConfig::default()
    };
    let other = App::open(w.app.store().clone(), config).await.unwrap();
    // `casegate company create` from another process while serving.
    let (company, _) = other
        .create_company("Later", "lea@later.test", "Lea", PASSWORD)
        .await
        .unwrap()
        .value;
    let (token, _) = w.app.login("lea@later.test", PASSWORD, FROM).await.unwrap();
    let lea = w.app.authenticate(&token).await.unwrap();
    assert_eq!(lea.company_id, company.id);
    assert_eq!(w.app.me(&lea).await.unwrap().name, "Lea");

    // A write there, a read here that names its revision.
    let written = other
        .create_client(
            &w.admin,
            casegate_app::NewClient {
                name: "From elsewhere".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    w.app
        .wait_for(written.revision, Duration::from_secs(2))
        .await
        .unwrap();
    let list = w.app.clients(&w.admin, None, None, 10).await.unwrap();
    assert_eq!(list.items[0].id, written.value.id);
    // And a write here lands after it, in order.
    let bob = w.user("Bob", Role::User).await;
    assert!(w.app.revision() > written.revision);
    other
        .wait_for(w.app.revision(), Duration::from_secs(2))
        .await
        .unwrap();
    assert_eq!(other.user(&w.admin, bob.user_id).await.unwrap().name, "Bob");
}
