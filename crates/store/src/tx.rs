//! The write transaction: commit and rollback, the change log (each change's
//! revision comes from a one-row counter locked until commit, so revisions
//! become visible in the order they were handed out), and the writes of
//! companies, users, passwords and tokens. The writes of groups, clients,
//! shares, memberships, requests and digest preferences are in `tx_access`.

use casegate_core::{Change, Company, CompanyId, Revision, Timestamp, User, UserId};
use sqlx::{Any, AnyConnection, Row, Transaction};

use crate::connect::Backend;
use crate::error::{Result, conflict_as, missing};
use crate::read::revision;
use crate::rows::{self, micros};

/// One write transaction. Dropping it without [`Tx::commit`] rolls it back.
///
/// After any error inside it, roll it back: PostgreSQL refuses further
/// statements in a failed transaction. [`Tx::append_change`] locks the
/// revision counter and [`Tx::append_audit`] the company's audit head until
/// commit; on PostgreSQL with several writers, write the rows first, then the
/// audit entry and outbox messages, then the change, then commit, so that
/// every transaction takes those locks in the same order and holds them briefly.
pub struct Tx {
    inner: Transaction<'static, Any>,
    backend: Backend,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Tx {
    pub(crate) fn new(inner: Transaction<'static, Any>, backend: Backend) -> Tx {
        Tx { inner, backend }
    }

    /// The connection the transaction runs on.
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }

    /// Makes every write of the transaction durable and visible.
    pub async fn commit(self) -> Result<()> {
        Ok(self.inner.commit().await?)
    }

    /// Undoes every write of the transaction.
    pub async fn rollback(self) -> Result<()> {
        Ok(self.inner.rollback().await?)
    }

    /// Appends `change` to the change log; the returned id is the new
    /// revision. Revisions strictly increase and are never reused.
    pub async fn append_change(&mut self, change: &Change, at: Timestamp) -> Result<Revision> {
        // INVARIANT: the counter row stays locked until commit or rollback, so
        // no later revision commits before this one (replicas tail in order).
        let next: i64 =
            sqlx::query("UPDATE revision_counter SET last = last + 1 WHERE id = 1 RETURNING last")
                .fetch_one(self.conn())
                .await?
                .try_get("last")?;
        sqlx::query(
            "INSERT INTO changes (revision, at, company_id, change) VALUES ($1, $2, $3, $4)",
        )
        .bind(next)
        .bind(micros(at))
        .bind(change.company_id().map(|c| c.to_string()))
        .bind(rows::to_json(change)?)
        .execute(self.conn())
        .await?;
        revision(next)
    }

    /// Creates a company.
    pub async fn insert_company(&mut self, company: &Company) -> Result<()> {
        let s = &company.settings;
        sqlx::query(&format!(
            "INSERT INTO companies ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            rows::COMPANY_COLS
        ))
        .bind(company.id.to_string())
        .bind(&company.name)
        .bind(company.default_language.as_str())
        .bind(&company.timezone)
        .bind(s.client_access_enabled)
        .bind(s.allow_access_requests)
        .bind(s.allow_sharing)
        .bind(s.new_client_access.as_str())
        .bind(micros(company.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("company `{}`", company.id)))?;
        Ok(())
    }

    /// Saves a company's name, language, timezone and settings (A1–A5).
    pub async fn update_company(&mut self, company: &Company) -> Result<()> {
        let s = &company.settings;
        let done = sqlx::query(
            "UPDATE companies SET name = $2, default_language = $3, timezone = $4, \
             client_access_enabled = $5, allow_access_requests = $6, allow_sharing = $7, \
             new_client_access = $8 WHERE id = $1",
        )
        .bind(company.id.to_string())
        .bind(&company.name)
        .bind(company.default_language.as_str())
        .bind(&company.timezone)
        .bind(s.client_access_enabled)
        .bind(s.allow_access_requests)
        .bind(s.allow_sharing)
        .bind(s.new_client_access.as_str())
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing("company", company.id));
        }
        Ok(())
    }

    /// Creates a staff member and their account (whose id is the user's),
    /// with an optional argon2 PHC hash. `Err(Conflict)` when the email
    /// (compared lower-cased) belongs to any account of the installation.
    pub async fn insert_user(&mut self, user: &User, password_hash: Option<&str>) -> Result<()> {
        sqlx::query(
            "INSERT INTO accounts (id, email, email_key, name, language, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(user.id.to_string())
        .bind(&user.email)
        .bind(user.email.to_lowercase())
        .bind(&user.name)
        .bind(user.language.as_str())
        .bind(password_hash)
        .bind(micros(user.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("email `{}`", user.email)))?;
        let p = &user.permissions;
        sqlx::query(
            "INSERT INTO users (id, company_id, account_id, role, active, share_all_clients, \
             perm_view, perm_payments, perm_documents, perm_packages, perm_hide_email, \
             perm_hide_phone, perm_edit_rights, perm_list_all_clients, created_at) VALUES \
             ($1, $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(user.id.to_string())
        .bind(user.company_id.to_string())
        .bind(user.role.as_str())
        .bind(user.active)
        .bind(user.share_all_clients)
        .bind(p.view.as_str())
        .bind(p.payments)
        .bind(p.documents)
        .bind(p.packages)
        .bind(p.hide_email)
        .bind(p.hide_phone)
        .bind(p.edit_rights)
        .bind(p.list_all_clients)
        .bind(micros(user.created_at))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Saves every field of a user but its id, company, email and creation
    /// time; the name and language are the account's.
    pub async fn update_user(&mut self, user: &User) -> Result<()> {
        let p = &user.permissions;
        let done = sqlx::query(
            "UPDATE users SET role = $3, active = $4, share_all_clients = $5, \
             perm_view = $6, perm_payments = $7, perm_documents = $8, perm_packages = $9, \
             perm_hide_email = $10, perm_hide_phone = $11, perm_edit_rights = $12, \
             perm_list_all_clients = $13 WHERE id = $1 AND company_id = $2",
        )
        .bind(user.id.to_string())
        .bind(user.company_id.to_string())
        .bind(user.role.as_str())
        .bind(user.active)
        .bind(user.share_all_clients)
        .bind(p.view.as_str())
        .bind(p.payments)
        .bind(p.documents)
        .bind(p.packages)
        .bind(p.hide_email)
        .bind(p.hide_phone)
        .bind(p.edit_rights)
        .bind(p.list_all_clients)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing("user", user.id));
        }
        sqlx::query(
            "UPDATE accounts SET name = $2, language = $3 \
             WHERE id = (SELECT account_id FROM users WHERE id = $1)",
        )
        .bind(user.id.to_string())
        .bind(&user.name)
        .bind(user.language.as_str())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Sets the argon2 PHC hash of a user's account.
    pub async fn set_password(&mut self, user: UserId, password_hash: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE accounts SET password_hash = $2 \
             WHERE id = (SELECT account_id FROM users WHERE id = $1)",
        )
        .bind(user.to_string())
        .bind(password_hash)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing("user", user));
        }
        Ok(())
    }

    /// Stores a session or API token (the sha256 of its secret).
    pub async fn insert_token(
        &mut self,
        token_hash: &[u8],
        company: CompanyId,
        user: UserId,
        created_at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO tokens (token_hash, company_id, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(company.to_string())
        .bind(user.to_string())
        .bind(micros(created_at))
        .bind(micros(expires_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || "token".to_owned()))?;
        Ok(())
    }

    /// Forgets a token (logout); nothing happens when it does not exist.
    pub async fn delete_token(&mut self, token_hash: &[u8]) -> Result<()> {
        sqlx::query("DELETE FROM tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A22: forgets every token of a user; returns how many there were.
    pub async fn delete_user_tokens(&mut self, user: UserId) -> Result<u64> {
        let done = sqlx::query("DELETE FROM tokens WHERE user_id = $1")
            .bind(user.to_string())
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected())
    }
}

/// The tables whose rows are deleted by marking them (`deleted_at`,
/// `deleted_by`) and never removed.
#[derive(Debug, Clone, Copy)]
pub(crate) enum SoftDeleted {
    Groups,
    Clients,
    Activities,
    Documents,
}

impl SoftDeleted {
    fn table(self) -> &'static str {
        match self {
            SoftDeleted::Groups => "groups",
            SoftDeleted::Clients => "clients",
            SoftDeleted::Activities => "activities",
            SoftDeleted::Documents => "documents",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            SoftDeleted::Groups => "group",
            SoftDeleted::Clients => "client",
            SoftDeleted::Activities => "activity",
            SoftDeleted::Documents => "document",
        }
    }
}

impl Tx {
    /// Marks a live row of `kind` deleted; an error when there is none in
    /// the company (unknown, another company's, or deleted already).
    pub(crate) async fn soft_delete(
        &mut self,
        kind: SoftDeleted,
        company: CompanyId,
        id: &(dyn std::fmt::Display + Sync),
        by: UserId,
        at: Timestamp,
    ) -> Result<()> {
        let done = sqlx::query(&format!(
            "UPDATE {} SET deleted_at = $3, deleted_by = $4 \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
            kind.table()
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .bind(micros(at))
        .bind(by.to_string())
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing(kind.noun(), id));
        }
        Ok(())
    }
}
