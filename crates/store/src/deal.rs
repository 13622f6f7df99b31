//! The deal desk's rows (SPEC Part C): entities, participations, team
//! managers and contact shares, their writes inside a [`Tx`] and their
//! reads. Nothing is deleted: participations get `ended_*`, team managers
//! `removed_at`, contact shares `revoked_*`, so the history stays (C5).

use casegate_core::deal::{
    ContactRevocation, ContactShare, Entity, Participation, Party, TeamManager,
};
use casegate_core::{AccountId, ClientId, CompanyId, ContactShareId, EntityId, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{Result, StoreError, conflict_as, missing};
use crate::rows::{self, flag, json, micros, opt_parsed, opt_ts, parsed, ts};
use crate::{Store, Tx};

/// Columns of `entities` (without `name_key`).
pub(crate) const ENTITY_COLS: &str =
    "id, company_id, name, kind, self_managed, email_domains, created_at";

/// Columns of `participations`.
pub(crate) const PARTICIPATION_COLS: &str =
    "company_id, client_id, entity_id, role, added_by_type, added_by_id, added_at";

/// Columns of `team_managers`.
pub(crate) const TEAM_MANAGER_COLS: &str =
    "company_id, entity_id, account_id, named_by_type, named_by_id, named_at";

/// Columns of `contact_shares`.
pub(crate) const CONTACT_SHARE_COLS: &str = "id, company_id, client_id, entity_id, account_id, \
     granted_by_type, granted_by_id, granted_at, granted_how, succeeds, \
     revoked_by_type, revoked_by_id, revoked_at, revoked_how";

/// A party as its two columns: `staff` or `contact`, and the id.
fn party_columns(party: Option<Party>) -> (Option<&'static str>, Option<String>) {
    match party {
        None => (None, None),
        Some(Party::Staff(user)) => (Some("staff"), Some(user.to_string())),
        Some(Party::Contact(account)) => (Some("contact"), Some(account.to_string())),
    }
}

/// A party read back from its two columns `{prefix}_type` and `{prefix}_id`.
fn party(row: &AnyRow, prefix: &str) -> Result<Option<Party>> {
    let kind: Option<String> = row.try_get(format!("{prefix}_type").as_str())?;
    let id_col = format!("{prefix}_id");
    match kind.as_deref() {
        None => Ok(None),
        Some("staff") => Ok(opt_parsed(row, &id_col)?.map(Party::Staff)),
        Some("contact") => Ok(opt_parsed(row, &id_col)?.map(Party::Contact)),
        Some(other) => Err(StoreError::Corrupt(format!(
            "`{prefix}_type`: unknown party `{other}`"
        ))),
    }
}

/// The key a name is unique under within its company.
fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

pub(crate) fn entity(row: &AnyRow) -> Result<Entity> {
    Ok(Entity {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        name: row.try_get("name")?,
        kind: parsed(row, "kind")?,
        self_managed: flag(row, "self_managed")?,
        email_domains: json(row, "email_domains")?,
        created_at: ts(row, "created_at")?,
    })
}

pub(crate) fn participation(row: &AnyRow) -> Result<Participation> {
    Ok(Participation {
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        entity_id: parsed(row, "entity_id")?,
        role: parsed(row, "role")?,
        added_by: party(row, "added_by")?,
        added_at: ts(row, "added_at")?,
    })
}

pub(crate) fn team_manager(row: &AnyRow) -> Result<TeamManager> {
    Ok(TeamManager {
        company_id: parsed(row, "company_id")?,
        entity_id: parsed(row, "entity_id")?,
        account_id: parsed(row, "account_id")?,
        named_by: party(row, "named_by")?,
        named_at: ts(row, "named_at")?,
    })
}

pub(crate) fn contact_share(row: &AnyRow) -> Result<ContactShare> {
    let revoked = match opt_ts(row, "revoked_at")? {
        None => None,
        Some(at) => Some(ContactRevocation {
            by: party(row, "revoked_by")?,
            at,
            how: parsed(row, "revoked_how")?,
        }),
    };
    Ok(ContactShare {
        id: parsed(row, "id")?,
        company_id: parsed(row, "company_id")?,
        client_id: parsed(row, "client_id")?,
        entity_id: parsed(row, "entity_id")?,
        account_id: parsed(row, "account_id")?,
        granted_by: party(row, "granted_by")?,
        granted_at: ts(row, "granted_at")?,
        how: parsed(row, "granted_how")?,
        succeeds: opt_parsed(row, "succeeds")?,
        revoked,
    })
}

impl Tx {
    /// C1: records an entity. `Err(Conflict)` when the company already has
    /// one of this name (case aside).
    pub async fn insert_entity(&mut self, entity: &Entity) -> Result<()> {
        sqlx::query(
            "INSERT INTO entities (id, company_id, name, name_key, kind, self_managed, \
             email_domains, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(entity.id.to_string())
        .bind(entity.company_id.to_string())
        .bind(&entity.name)
        .bind(name_key(&entity.name))
        .bind(entity.kind.as_str())
        .bind(entity.self_managed)
        .bind(rows::to_json(&entity.email_domains)?)
        .bind(micros(entity.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("entity `{}`", entity.name)))?;
        Ok(())
    }

    /// Saves an entity's name, kind, C3 and C9 settings. `Err(Conflict)` on
    /// a name the company already has; `Err(NotFound)` for another company's.
    pub async fn update_entity(&mut self, entity: &Entity) -> Result<()> {
        let done = sqlx::query(
            "UPDATE entities SET name = $3, name_key = $4, kind = $5, self_managed = $6, \
             email_domains = $7 WHERE id = $1 AND company_id = $2",
        )
        .bind(entity.id.to_string())
        .bind(entity.company_id.to_string())
        .bind(&entity.name)
        .bind(name_key(&entity.name))
        .bind(entity.kind.as_str())
        .bind(entity.self_managed)
        .bind(rows::to_json(&entity.email_domains)?)
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("entity `{}`", entity.name)))?;
        if done.rows_affected() == 0 {
            return Err(missing("entity", entity.id));
        }
        Ok(())
    }

    /// An entity begins to take part in a file, or its role there changes.
    /// `true` when it newly takes part.
    pub async fn save_participation(&mut self, p: &Participation) -> Result<bool> {
        let changed = sqlx::query(
            "UPDATE participations SET role = $4 \
             WHERE company_id = $1 AND client_id = $2 AND entity_id = $3 AND ended_at IS NULL",
        )
        .bind(p.company_id.to_string())
        .bind(p.client_id.to_string())
        .bind(p.entity_id.to_string())
        .bind(p.role.as_str())
        .execute(self.conn())
        .await?;
        if changed.rows_affected() > 0 {
            return Ok(false);
        }
        let (by_type, by_id) = party_columns(p.added_by);
        sqlx::query(&format!(
            "INSERT INTO participations ({PARTICIPATION_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        ))
        .bind(p.company_id.to_string())
        .bind(p.client_id.to_string())
        .bind(p.entity_id.to_string())
        .bind(p.role.as_str())
        .bind(by_type)
        .bind(by_id)
        .bind(micros(p.added_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || "open participation".to_owned()))?;
        Ok(true)
    }

    /// An entity stops taking part in a file; `false` if it did not. The
    /// caller revokes its contact shares there in the same transaction.
    pub async fn end_participation(
        &mut self,
        company: CompanyId,
        client: ClientId,
        entity: EntityId,
        by: Option<Party>,
        at: Timestamp,
    ) -> Result<bool> {
        let (by_type, by_id) = party_columns(by);
        let done = sqlx::query(
            "UPDATE participations SET ended_by_type = $4, ended_by_id = $5, ended_at = $6 \
             WHERE company_id = $1 AND client_id = $2 AND entity_id = $3 AND ended_at IS NULL",
        )
        .bind(company.to_string())
        .bind(client.to_string())
        .bind(entity.to_string())
        .bind(by_type)
        .bind(by_id)
        .bind(micros(at))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// C3: names a team manager; `false` if they already are one.
    pub async fn add_team_manager(&mut self, tm: &TeamManager) -> Result<bool> {
        let open = sqlx::query(
            "SELECT 1 AS x FROM team_managers WHERE entity_id = $1 AND account_id = $2 \
             AND removed_at IS NULL",
        )
        .bind(tm.entity_id.to_string())
        .bind(tm.account_id.to_string())
        .fetch_optional(self.conn())
        .await?;
        if open.is_some() {
            return Ok(false);
        }
        let (by_type, by_id) = party_columns(tm.named_by);
        sqlx::query(&format!(
            "INSERT INTO team_managers ({TEAM_MANAGER_COLS}) VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(tm.company_id.to_string())
        .bind(tm.entity_id.to_string())
        .bind(tm.account_id.to_string())
        .bind(by_type)
        .bind(by_id)
        .bind(micros(tm.named_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || "team manager".to_owned()))?;
        Ok(true)
    }

    /// C3: removes a team manager; `false` if they were none.
    pub async fn remove_team_manager(
        &mut self,
        company: CompanyId,
        entity: EntityId,
        account: AccountId,
        at: Timestamp,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE team_managers SET removed_at = $4 \
             WHERE company_id = $1 AND entity_id = $2 AND account_id = $3 AND removed_at IS NULL",
        )
        .bind(company.to_string())
        .bind(entity.to_string())
        .bind(account.to_string())
        .bind(micros(at))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// C2: gives a contact a file through an entity. `Err(Conflict)` when
    /// they already have it open through that entity.
    pub async fn insert_contact_share(&mut self, share: &ContactShare) -> Result<()> {
        let (granted_type, granted_id) = party_columns(share.granted_by);
        let revoked = share.revoked.as_ref();
        let (revoked_type, revoked_id) = party_columns(revoked.and_then(|r| r.by));
        sqlx::query(&format!(
            "INSERT INTO contact_shares ({CONTACT_SHARE_COLS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        ))
        .bind(share.id.to_string())
        .bind(share.company_id.to_string())
        .bind(share.client_id.to_string())
        .bind(share.entity_id.to_string())
        .bind(share.account_id.to_string())
        .bind(granted_type)
        .bind(granted_id)
        .bind(micros(share.granted_at))
        .bind(share.how.as_str())
        .bind(share.succeeds.map(|a| a.to_string()))
        .bind(revoked_type)
        .bind(revoked_id)
        .bind(revoked.map(|r| micros(r.at)))
        .bind(revoked.map(|r| r.how.as_str()))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || "open contact share".to_owned()))?;
        Ok(())
    }

    /// C5, C10: revokes a contact share; `false` if it was already revoked
    /// (or is not this company's).
    pub async fn revoke_contact_share(
        &mut self,
        company: CompanyId,
        share: ContactShareId,
        revoked: &ContactRevocation,
    ) -> Result<bool> {
        let (by_type, by_id) = party_columns(revoked.by);
        let done = sqlx::query(
            "UPDATE contact_shares SET revoked_by_type = $3, revoked_by_id = $4, \
             revoked_at = $5, revoked_how = $6 \
             WHERE id = $1 AND company_id = $2 AND revoked_at IS NULL",
        )
        .bind(share.to_string())
        .bind(company.to_string())
        .bind(by_type)
        .bind(by_id)
        .bind(micros(revoked.at))
        .bind(revoked.how.as_str())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

/// Part C's open rows for the snapshot, read inside its transaction.
pub(crate) struct DealRows {
    pub(crate) entities: Vec<Entity>,
    pub(crate) participations: Vec<Participation>,
    pub(crate) team_managers: Vec<TeamManager>,
    pub(crate) contact_shares: Vec<ContactShare>,
}

/// Reads [`DealRows`]: every entity, and the participations and contact
/// shares that are open on live clients, the team managers not removed.
pub(crate) async fn snapshot_rows(conn: &mut sqlx::AnyConnection) -> Result<DealRows> {
    let live = "client_id IN (SELECT id FROM clients WHERE deleted_at IS NULL)";
    let entities = sqlx::query(&format!(
        "SELECT {ENTITY_COLS} FROM entities ORDER BY created_at, id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let participations = sqlx::query(&format!(
        "SELECT {PARTICIPATION_COLS} FROM participations WHERE ended_at IS NULL AND {live} \
         ORDER BY added_at, entity_id, client_id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let team_managers = sqlx::query(&format!(
        "SELECT {TEAM_MANAGER_COLS} FROM team_managers WHERE removed_at IS NULL \
         ORDER BY named_at, account_id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let contact_shares = sqlx::query(&format!(
        "SELECT {CONTACT_SHARE_COLS} FROM contact_shares WHERE revoked_at IS NULL AND {live} \
         ORDER BY granted_at, id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(DealRows {
        entities: rows::all(&entities, entity)?,
        participations: rows::all(&participations, participation)?,
        team_managers: rows::all(&team_managers, team_manager)?,
        contact_shares: rows::all(&contact_shares, contact_share)?,
    })
}

impl Store {
    /// An entity of the company.
    pub async fn entity(&self, company: CompanyId, id: EntityId) -> Result<Option<Entity>> {
        sqlx::query(&format!(
            "SELECT {ENTITY_COLS} FROM entities WHERE id = $1 AND company_id = $2"
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(entity)
        .transpose()
    }

    /// The company's entities by name, those whose name contains `q` (case
    /// aside) when given, after the `(name key, id)` of `after`, at most `limit`.
    pub async fn entities(
        &self,
        company: CompanyId,
        q: Option<&str>,
        after: Option<(&str, EntityId)>,
        limit: u32,
    ) -> Result<Vec<Entity>> {
        let (after_key, after_id) = after
            .map(|(key, id)| (key.to_owned(), id.to_string()))
            .unwrap_or_default();
        let filter = if q.is_some() {
            "AND name_key LIKE $5 ESCAPE '\\'"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {ENTITY_COLS} FROM entities WHERE company_id = $1 {filter} \
             AND (name_key > $2 OR (name_key = $2 AND id > $3)) \
             ORDER BY name_key, id LIMIT $4"
        );
        let mut query = sqlx::query(&sql)
            .bind(company.to_string())
            .bind(after_key)
            .bind(after_id)
            .bind(rows::limit(limit));
        if let Some(q) = q {
            query = query.bind(format!("%{}%", like_escape(&name_key(q))));
        }
        let found = query.fetch_all(&self.pool).await?;
        rows::all(&found, entity)
    }

    /// The current team managers of an entity, in the order they were
    /// named (C3).
    pub async fn team_managers_of(
        &self,
        company: CompanyId,
        entity: EntityId,
    ) -> Result<Vec<TeamManager>> {
        let found = sqlx::query(&format!(
            "SELECT {TEAM_MANAGER_COLS} FROM team_managers \
             WHERE company_id = $1 AND entity_id = $2 AND removed_at IS NULL \
             ORDER BY named_at, account_id"
        ))
        .bind(company.to_string())
        .bind(entity.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, team_manager)
    }

    /// Every contact share of a file, open and revoked, oldest first: the
    /// "no longer has access" list and the history (C5).
    pub async fn contact_share_history(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<ContactShare>> {
        let found = sqlx::query(&format!(
            "SELECT {CONTACT_SHARE_COLS} FROM contact_shares \
             WHERE company_id = $1 AND client_id = $2 ORDER BY granted_at, id"
        ))
        .bind(company.to_string())
        .bind(client.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, contact_share)
    }

    /// The contact shares of an account in one company, open and revoked
    /// (an entity page's people, a handover's files).
    pub async fn contact_shares_of(
        &self,
        company: CompanyId,
        account: AccountId,
    ) -> Result<Vec<ContactShare>> {
        let found = sqlx::query(&format!(
            "SELECT {CONTACT_SHARE_COLS} FROM contact_shares \
             WHERE company_id = $1 AND account_id = $2 ORDER BY granted_at, id"
        ))
        .bind(company.to_string())
        .bind(account.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, contact_share)
    }
}

/// `q` with LIKE's wildcards escaped by `\`.
fn like_escape(q: &str) -> String {
    q.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Tx {
    /// A contact's new session (the sha256 of its token).
    pub async fn insert_contact_token(
        &mut self,
        token_hash: &[u8],
        account: AccountId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO contact_tokens (token_hash, account_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(account.to_string())
        .bind(micros(created_at))
        .bind(micros(expires_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || "token".to_owned()))?;
        Ok(())
    }

    /// Ends a contact's session; nothing happens when it does not exist.
    pub async fn delete_contact_token(&mut self, token_hash: &[u8]) -> Result<()> {
        sqlx::query("DELETE FROM contact_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Store {
    /// The account a contact session belongs to, if it has not expired.
    pub async fn contact_token_account(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<AccountId>> {
        let row = sqlx::query(
            "SELECT account_id FROM contact_tokens WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(micros(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| parsed(&row, "account_id")).transpose()
    }
}

/// X9 for contacts: one download (or opening) of a file from the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactView {
    pub id: casegate_core::ViewId,
    pub company_id: CompanyId,
    pub client_id: ClientId,
    pub account_id: AccountId,
    pub kind: casegate_core::ViewKind,
    pub document_id: Option<casegate_core::DocumentId>,
    /// The contact shares that opened the file at that moment (C4).
    pub through: Vec<ContactShareId>,
    pub at: Timestamp,
}

const CONTACT_VIEW_COLS: &str =
    "id, company_id, client_id, account_id, kind, document_id, through, at";

impl Tx {
    /// X9: appends a contact's view (append-only, like the view log).
    pub async fn append_contact_view(&mut self, v: &ContactView) -> Result<()> {
        let through: Vec<String> = v.through.iter().map(ToString::to_string).collect();
        sqlx::query(&format!(
            "INSERT INTO contact_views ({CONTACT_VIEW_COLS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(v.id.to_string())
        .bind(v.company_id.to_string())
        .bind(v.client_id.to_string())
        .bind(v.account_id.to_string())
        .bind(v.kind.as_str())
        .bind(v.document_id.map(|d| d.to_string()))
        .bind(rows::to_json(&through)?)
        .bind(micros(v.at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("contact view `{}`", v.id)))?;
        Ok(())
    }
}

impl Store {
    /// The contacts' views of a file, newest first.
    pub async fn contact_views(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Vec<ContactView>> {
        let found = sqlx::query(&format!(
            "SELECT {CONTACT_VIEW_COLS} FROM contact_views \
             WHERE company_id = $1 AND client_id = $2 ORDER BY id DESC"
        ))
        .bind(company.to_string())
        .bind(client.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, |row| {
            let through: Vec<String> = json(row, "through")?;
            Ok(ContactView {
                id: parsed(row, "id")?,
                company_id: parsed(row, "company_id")?,
                client_id: parsed(row, "client_id")?,
                account_id: parsed(row, "account_id")?,
                kind: parsed(row, "kind")?,
                document_id: opt_parsed(row, "document_id")?,
                through: through
                    .iter()
                    .map(|t| {
                        t.parse()
                            .map_err(|_| StoreError::Corrupt(format!("share id `{t}`")))
                    })
                    .collect::<Result<_>>()?,
                at: ts(row, "at")?,
            })
        })
    }
}
