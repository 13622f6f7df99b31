//! Opening stores: SQLite files and directories, memory databases, reopening,
//! and urls the store does not support.

use casegate_core::Change;
use casegate_store::{Backend, Store, StoreError};

use crate::fixtures::{self, T0, t};

#[tokio::test]
async fn sqlite_creates_parent_directories_and_the_file_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b").join("casegate.db");
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert!(path.exists());
    let company = fixtures::company("On disk");
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&company).await.unwrap();
    tx.commit().await.unwrap();
    // WAL mode: the write-ahead log sits next to the database.
    assert!(
        dir.path()
            .join("a")
            .join("b")
            .join("casegate.db-wal")
            .exists()
    );
    store.close().await;

    // Reopening keeps the data and does not re-run the migrations.
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(store.company(company.id).await.unwrap(), Some(company));
    store.close().await;
}

#[tokio::test]
async fn sqlite_paths_may_hold_spaces_raw_or_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    for (given, created) in [("with space", "with space"), ("per%20cent", "per cent")] {
        let url = format!("sqlite://{}/{given}/x.db", dir.path().display());
        let store = Store::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(store.company_count().await.unwrap(), 0);
        store.close().await;
        assert!(dir.path().join(created).join("x.db").exists(), "{url}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_memory_is_one_database_for_the_whole_pool() {
    let store = Store::connect("sqlite::memory:").await.unwrap();
    let company = fixtures::company("In memory");
    let mut tx = store.begin().await.unwrap();
    tx.insert_company(&company).await.unwrap();
    tx.append_change(
        &Change::CompanyCreated {
            company: company.clone(),
        },
        t(T0),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // A transaction holds one connection while reads use others.
    let tx = store.begin().await.unwrap();
    assert_eq!(store.company(company.id).await.unwrap(), Some(company));
    assert_eq!(store.company_count().await.unwrap(), 1);
    tx.rollback().await.unwrap();
    // Two memory stores are two databases.
    let other = Store::connect("sqlite::memory:").await.unwrap();
    assert_eq!(other.company_count().await.unwrap(), 0);
}

#[tokio::test]
async fn unsupported_urls_are_refused() {
    for url in ["mysql://root:hunter2@localhost/db", "casegate.db", ""] {
        match Store::connect(url).await {
            Err(StoreError::UnsupportedUrl(shown)) => assert!(!shown.contains("hunter2")),
            other => panic!("{url}: expected UnsupportedUrl, got {other:?}"),
        }
    }
}
