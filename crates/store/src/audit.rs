//! X5: the audit log, append-only and tamper-evident. Each company has its
//! own chain: entry `seq` (1, 2, …) carries `prev_hash`, the hash of entry
//! `seq - 1` (64 zeros for the first), and
//! `hash = hex(sha256(prev_hash || canonical_json(entry without hash)))`.
//!
//! The canonical JSON is compact, with object keys sorted bytewise at every
//! level, of `{action, actor_id, at, company_id, details, prev_hash,
//! real_actor_id, seq, target}` where `at` is RFC 3339 UTC with microseconds
//! (`2024-01-02T03:04:05.123456Z`) and absent actors are `null`.
//!
//! Appending locks the company's row in `audit_heads` until commit, so two
//! writers (even in two processes) never fork a chain.

use casegate_core::{CompanyId, Timestamp, UserId};
use chrono::SecondsFormat;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::Result;
use crate::rows::{self, micros};
use crate::{Store, Tx};

/// The `prev_hash` of a company's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An audit entry to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    /// The company whose log it joins.
    pub company_id: CompanyId,
    /// When it happened.
    pub at: Timestamp,
    /// Who did it (`None` for the system).
    pub actor_id: Option<UserId>,
    /// B11 "work as": the real user behind the actor; `None` otherwise.
    pub real_actor_id: Option<UserId>,
    /// What happened, e.g. `share.granted`.
    pub action: String,
    /// What it happened to, e.g. a client id.
    pub target: String,
    /// Anything else worth keeping.
    pub details: Value,
}

/// A stored audit entry.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Its position in the company's chain, from 1.
    pub seq: i64,
    /// The company whose log it is in.
    pub company_id: CompanyId,
    /// When it happened.
    pub at: Timestamp,
    /// Who did it.
    pub actor_id: Option<UserId>,
    /// B11: the real user behind the actor.
    pub real_actor_id: Option<UserId>,
    /// What happened.
    pub action: String,
    /// What it happened to.
    pub target: String,
    /// Anything else worth keeping.
    pub details: Value,
    /// The hash of the previous entry ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// The hash of this entry: [`audit_hash`].
    pub hash: String,
}

/// The canonical JSON of an entry without its hash (see the module docs).
pub fn canonical_json(entry: &AuditEntry) -> String {
    let opt = |id: Option<UserId>| id.map_or(Value::Null, |id| Value::String(id.to_string()));
    let fields: [(&str, Value); 9] = [
        ("action", Value::String(entry.action.clone())),
        ("actor_id", opt(entry.actor_id)),
        (
            "at",
            Value::String(entry.at.to_rfc3339_opts(SecondsFormat::Micros, true)),
        ),
        ("company_id", Value::String(entry.company_id.to_string())),
        ("details", entry.details.clone()),
        ("prev_hash", Value::String(entry.prev_hash.clone())),
        ("real_actor_id", opt(entry.real_actor_id)),
        ("seq", Value::from(entry.seq)),
        ("target", Value::String(entry.target.clone())),
    ];
    let mut out = String::new();
    out.push('{');
    for (i, (key, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, key);
        out.push(':');
        write_canonical(&mut out, value);
    }
    out.push('}');
    out
}

/// `hex(sha256(prev_hash || canonical_json(entry)))`, using the entry's own `prev_hash`.
pub fn audit_hash(entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    hasher.update(entry.prev_hash.as_bytes());
    hasher.update(canonical_json(entry).as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write_string(out: &mut String, s: &str) {
    // Serializing a str to JSON cannot fail.
    out.push_str(&Value::String(s.to_owned()).to_string());
}

fn write_canonical(out: &mut String, value: &Value) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                write_canonical(out, value);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(out, item);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

const ENTRY_COLS: &str =
    "seq, company_id, at, actor_id, real_actor_id, action, target, details, prev_hash, hash";

fn entry(row: &AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        company_id: rows::parsed(row, "company_id")?,
        at: rows::ts(row, "at")?,
        actor_id: rows::opt_parsed(row, "actor_id")?,
        real_actor_id: rows::opt_parsed(row, "real_actor_id")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        details: rows::json(row, "details")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

impl Tx {
    /// Appends to the company's audit log, chained to its last entry.
    pub async fn append_audit(&mut self, new: &NewAuditEntry) -> Result<()> {
        let company = new.company_id.to_string();
        sqlx::query(
            "INSERT INTO audit_heads (company_id, last_seq, last_hash) VALUES ($1, 0, $2) \
             ON CONFLICT (company_id) DO NOTHING",
        )
        .bind(&company)
        .bind(GENESIS_HASH)
        .execute(self.conn())
        .await?;
        // INVARIANT: this UPDATE locks the head row until commit; whoever
        // appends next to this company waits and then sees the new head.
        let head = sqlx::query(
            "UPDATE audit_heads SET last_seq = last_seq + 1 WHERE company_id = $1 \
             RETURNING last_seq, last_hash",
        )
        .bind(&company)
        .fetch_one(self.conn())
        .await?;
        let mut entry = AuditEntry {
            seq: head.try_get("last_seq")?,
            company_id: new.company_id,
            at: new.at,
            actor_id: new.actor_id,
            real_actor_id: new.real_actor_id,
            action: new.action.clone(),
            target: new.target.clone(),
            details: new.details.clone(),
            prev_hash: head.try_get("last_hash")?,
            hash: String::new(),
        };
        entry.hash = audit_hash(&entry);
        sqlx::query(&format!(
            "INSERT INTO audit_log ({ENTRY_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        ))
        .bind(entry.seq)
        .bind(&company)
        .bind(micros(entry.at))
        .bind(entry.actor_id.map(|u| u.to_string()))
        .bind(entry.real_actor_id.map(|u| u.to_string()))
        .bind(&entry.action)
        .bind(&entry.target)
        .bind(rows::to_json(&entry.details)?)
        .bind(&entry.prev_hash)
        .bind(&entry.hash)
        .execute(self.conn())
        .await?;
        sqlx::query("UPDATE audit_heads SET last_hash = $2 WHERE company_id = $1")
            .bind(&company)
            .bind(&entry.hash)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Store {
    /// The company's audit log in chain order: entries with `seq > after_seq`,
    /// at most `limit`.
    pub async fn audit_entries(
        &self,
        company: CompanyId,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<AuditEntry>> {
        let found = sqlx::query(&format!(
            "SELECT {ENTRY_COLS} FROM audit_log WHERE company_id = $1 AND seq > $2 \
             ORDER BY seq LIMIT $3"
        ))
        .bind(company.to_string())
        .bind(after_seq)
        .bind(rows::limit(limit))
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> AuditEntry {
        AuditEntry {
            seq: 1,
            company_id: CompanyId::from_u128(1),
            at: chrono::DateTime::from_timestamp_micros(1_700_000_000_000_001).unwrap(),
            actor_id: Some(UserId::from_u128(2)),
            real_actor_id: None,
            action: "share.granted".to_owned(),
            target: "c".to_owned(),
            details: json!({"b": [2, {"z": 1, "a": "é\""}], "a": null}),
            prev_hash: GENESIS_HASH.to_owned(),
            hash: String::new(),
        }
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level_and_is_compact() {
        assert_eq!(
            canonical_json(&sample()),
            concat!(
                r#"{"action":"share.granted","actor_id":"00000000-0000-0000-0000-000000000002","#,
                r#""at":"2023-11-14T22:13:20.000001Z","company_id":"00000000-0000-0000-0000-000000000001","#,
                r#""details":{"a":null,"b":[2,{"a":"é\"","z":1}]},"prev_hash":"#,
                r#""0000000000000000000000000000000000000000000000000000000000000000","#,
                r#""real_actor_id":null,"seq":1,"target":"c"}"#
            )
        );
    }

    #[test]
    fn the_hash_covers_every_field_but_itself() {
        let entry = sample();
        let hash = audit_hash(&entry);
        assert_eq!(hash.len(), 64);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        let mut with_hash = entry.clone();
        with_hash.hash = "anything".to_owned();
        assert_eq!(audit_hash(&with_hash), hash);
        let mut tampered = entry.clone();
        tampered.target = "d".to_owned();
        assert_ne!(audit_hash(&tampered), hash);
        let mut relinked = entry;
        relinked.prev_hash = "1".repeat(64);
        assert_ne!(audit_hash(&relinked), hash);
    }
}
