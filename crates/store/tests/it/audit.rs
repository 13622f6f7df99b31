//! X5: the audit log's hash chain, recomputed here independently of the store.

use casegate_core::{CompanyId, UserId};
use casegate_store::{AuditEntry, NewAuditEntry, Store};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::fixtures::{self, T0, t};

/// Compact JSON with keys sorted at every level.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            format!(
                "[{}]",
                items.iter().map(canonical).collect::<Vec<_>>().join(",")
            )
        }
        other => other.to_string(),
    }
}

fn expected_hash(entry: &AuditEntry) -> String {
    let id = |u: Option<UserId>| u.map_or(Value::Null, |u| Value::String(u.to_string()));
    let body = json!({
        "seq": entry.seq,
        "company_id": entry.company_id.to_string(),
        "at": entry.at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        "actor_id": id(entry.actor_id),
        "real_actor_id": id(entry.real_actor_id),
        "action": entry.action,
        "target": entry.target,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
    });
    let digest = Sha256::digest(format!("{}{}", entry.prev_hash, canonical(&body)).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks the whole chain of a company and returns it.
async fn verified_chain(store: &Store, company: CompanyId) -> Vec<AuditEntry> {
    let entries = store.audit_entries(company, 0, 10_000).await.unwrap();
    let mut prev = "0".repeat(64);
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry.seq, i as i64 + 1);
        assert_eq!(entry.company_id, company);
        assert_eq!(entry.prev_hash, prev, "entry {}", entry.seq);
        assert_eq!(entry.hash, expected_hash(entry), "entry {}", entry.seq);
        assert_eq!(entry.hash, casegate_store::audit_hash(entry));
        prev = entry.hash.clone();
    }
    entries
}

fn new_entry(company: CompanyId, actor: Option<UserId>, i: i64) -> NewAuditEntry {
    NewAuditEntry {
        company_id: company,
        at: t(T0 + i),
        actor_id: actor,
        real_actor_id: if i % 3 == 0 { actor } else { None },
        action: "share.granted".to_owned(),
        target: format!("client-{i}"),
        details: json!({
            "z": [1, 2.5, {"b": null, "a": "é"}],
            "a": {"y": true, "x": i},
            "quote": "\"\\\n"
        }),
    }
}

pub async fn audit_chain_verifies_per_company(store: Store) {
    let a = fixtures::world(&store, "auda").await;
    let b = fixtures::world(&store, "audb").await;
    for i in 0..5 {
        let mut tx = store.begin().await.unwrap();
        tx.append_audit(&new_entry(a.company.id, Some(a.admin.id), i))
            .await
            .unwrap();
        if i % 2 == 0 {
            tx.append_audit(&new_entry(b.company.id, None, i))
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let chain_a = verified_chain(&store, a.company.id).await;
    let chain_b = verified_chain(&store, b.company.id).await;
    assert_eq!(chain_a.len(), 5);
    assert_eq!(chain_b.len(), 3);
    // Stored as given.
    let want = new_entry(a.company.id, Some(a.admin.id), 3);
    let got = &chain_a[3];
    assert_eq!(
        (
            &got.at,
            &got.actor_id,
            &got.real_actor_id,
            &got.action,
            &got.target,
            &got.details
        ),
        (
            &want.at,
            &want.actor_id,
            &want.real_actor_id,
            &want.action,
            &want.target,
            &want.details
        )
    );
    // Paging by seq.
    assert_eq!(
        store.audit_entries(a.company.id, 2, 2).await.unwrap(),
        chain_a[2..4].to_vec()
    );
    assert!(
        store
            .audit_entries(a.company.id, 5, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // A rolled-back append leaves the chain as it was, and the next one links on.
    let mut tx = store.begin().await.unwrap();
    tx.append_audit(&new_entry(a.company.id, None, 100))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.append_audit(&new_entry(a.company.id, None, 101))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let chain = verified_chain(&store, a.company.id).await;
    assert_eq!(chain.len(), 6);
    assert_eq!(chain[5].target, "client-101");
}

pub async fn concurrent_audit_appends_never_fork_the_chain(store: Store) {
    let w = fixtures::world(&store, "audc").await;
    let mut tasks = Vec::new();
    for task in 0..6 {
        let store = store.clone();
        let company = w.company.id;
        tasks.push(tokio::spawn(async move {
            for i in 0..5 {
                let mut tx = store.begin().await.unwrap();
                tx.append_audit(&new_entry(company, None, task * 10 + i))
                    .await
                    .unwrap();
                tokio::task::yield_now().await;
                tx.commit().await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(verified_chain(&store, w.company.id).await.len(), 30);
}
