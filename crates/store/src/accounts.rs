//! Accounts (AC1–AC4): the person behind staff memberships — email, name,
//! language, password — and the single-use links sent to them
//! (invitations, password resets, email changes), kept as the sha256 of
//! their token only.

use casegate_core::accounts::{Account, Link};
use casegate_core::{AccountId, CompanyId, Timestamp, User, UserId};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::error::{conflict_as, missing};
use crate::rows::{self, micros};
use crate::{Result, Store, Tx};

/// Columns of `accounts` (without the password hash).
const ACCOUNT_COLS: &str = "id, email, name, language, password_hash IS NOT NULL AS has_password, \
     timezone, created_at";

/// Columns of `account_links` (without the token hash).
const LINK_COLS: &str = "purpose, account_id, company_id, invitation_kind, invited_by, new_email, \
     created_at, expires_at, used_at, ended_at";

fn account(row: &AnyRow) -> Result<Account> {
    Ok(Account {
        id: rows::parsed(row, "id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        language: rows::parsed(row, "language")?,
        has_password: rows::flag(row, "has_password")?,
        timezone: row.try_get("timezone")?,
        created_at: rows::ts(row, "created_at")?,
    })
}

fn link(row: &AnyRow) -> Result<Link> {
    Ok(Link {
        purpose: rows::parsed(row, "purpose")?,
        account_id: rows::parsed(row, "account_id")?,
        company_id: rows::opt_parsed(row, "company_id")?,
        invitation_kind: rows::opt_parsed(row, "invitation_kind")?,
        invited_by: rows::opt_parsed(row, "invited_by")?,
        new_email: row.try_get("new_email")?,
        created_at: rows::ts(row, "created_at")?,
        expires_at: rows::ts(row, "expires_at")?,
        used_at: rows::opt_ts(row, "used_at")?,
        ended_at: rows::opt_ts(row, "ended_at")?,
    })
}

impl Store {
    /// The account with this email (compared lower-cased).
    pub async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        sqlx::query(&format!(
            "SELECT {ACCOUNT_COLS} FROM accounts WHERE email_key = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(account)
        .transpose()
    }

    /// An account by id.
    pub async fn account(&self, id: AccountId) -> Result<Option<Account>> {
        sqlx::query(&format!(
            "SELECT {ACCOUNT_COLS} FROM accounts WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(account)
        .transpose()
    }

    /// The account of a staff member of a company.
    pub async fn account_of(&self, company: CompanyId, user: UserId) -> Result<Option<AccountId>> {
        sqlx::query("SELECT account_id FROM users WHERE id = $1 AND company_id = $2")
            .bind(user.to_string())
            .bind(company.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|row| rows::parsed(&row, "account_id"))
            .transpose()
    }

    /// The argon2 PHC hash of an account, if a password was chosen.
    pub async fn account_password_hash(&self, id: AccountId) -> Result<Option<String>> {
        let row = sqlx::query("SELECT password_hash FROM accounts WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("password_hash")?,
            None => None,
        })
    }

    /// The staff memberships of an account (active or not), oldest first.
    pub async fn staff_of_account(&self, id: AccountId) -> Result<Vec<User>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM staff WHERE account_id = $1 ORDER BY created_at, id",
            rows::USER_COLS
        ))
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::user)
    }

    /// The staff of a company whose account has no password yet (their
    /// invitation is pending).
    pub async fn users_without_password(&self, company: CompanyId) -> Result<Vec<UserId>> {
        let found = sqlx::query(
            "SELECT id FROM staff WHERE company_id = $1 AND password_hash IS NULL ORDER BY id",
        )
        .bind(company.to_string())
        .fetch_all(&self.pool)
        .await?;
        found.iter().map(|row| rows::parsed(row, "id")).collect()
    }

    /// A single-use link by the sha256 of its token.
    pub async fn link(&self, token_hash: &[u8]) -> Result<Option<Link>> {
        sqlx::query(&format!(
            "SELECT {LINK_COLS} FROM account_links WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(link)
        .transpose()
    }

    /// The newest link of an account for a purpose that is neither used nor
    /// replaced (it may have expired).
    pub async fn latest_link(
        &self,
        account: AccountId,
        purpose: casegate_core::accounts::LinkPurpose,
    ) -> Result<Option<Link>> {
        sqlx::query(&format!(
            "SELECT {LINK_COLS} FROM account_links WHERE account_id = $1 AND purpose = $2 \
             AND used_at IS NULL AND ended_at IS NULL ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(account.to_string())
        .bind(purpose.as_str())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(link)
        .transpose()
    }
}

impl Tx {
    /// Creates an account that is no staff member (a contact of the deal
    /// desk, C2), with an optional argon2 PHC hash. `Err(Conflict)` when the
    /// email (compared lower-cased) belongs to any account of the installation.
    pub async fn insert_account(
        &mut self,
        account: &Account,
        password_hash: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO accounts (id, email, email_key, name, language, password_hash, \
             timezone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(account.id.to_string())
        .bind(&account.email)
        .bind(account.email.to_lowercase())
        .bind(&account.name)
        .bind(account.language.as_str())
        .bind(password_hash)
        .bind(account.timezone.as_deref())
        .bind(micros(account.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("email `{}`", account.email)))?;
        Ok(())
    }

    /// Stores a new link under the sha256 of its token.
    pub async fn insert_link(&mut self, token_hash: &[u8], link: &Link) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO account_links (token_hash, {LINK_COLS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(token_hash)
        .bind(link.purpose.as_str())
        .bind(link.account_id.to_string())
        .bind(link.company_id.map(|c| c.to_string()))
        .bind(link.invitation_kind.map(|k| k.as_str()))
        .bind(link.invited_by.map(|u| u.to_string()))
        .bind(link.new_email.as_deref())
        .bind(micros(link.created_at))
        .bind(micros(link.expires_at))
        .bind(link.used_at.map(micros))
        .bind(link.ended_at.map(micros))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || "link".to_owned()))?;
        Ok(())
    }

    /// Ends every open link of an account for a purpose (a newer one
    /// replaces them); returns how many there were.
    pub async fn end_links(
        &mut self,
        account: AccountId,
        purpose: casegate_core::accounts::LinkPurpose,
        at: Timestamp,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE account_links SET ended_at = $3 WHERE account_id = $1 AND purpose = $2 \
             AND used_at IS NULL AND ended_at IS NULL",
        )
        .bind(account.to_string())
        .bind(purpose.as_str())
        .bind(micros(at))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// Marks a link used if it is still open at `at` (not used, not
    /// replaced, not expired); `false` when it was not. Two transactions
    /// using the same link: only one gets `true`.
    pub async fn use_link(&mut self, token_hash: &[u8], at: Timestamp) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE account_links SET used_at = $2 WHERE token_hash = $1 \
             AND used_at IS NULL AND ended_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(micros(at))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Sets an account's argon2 PHC hash.
    pub async fn set_account_password(&mut self, id: AccountId, password_hash: &str) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET password_hash = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(password_hash)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(missing("account", id));
        }
        Ok(())
    }

    /// Sets an account's own time zone (`None`: the company's).
    pub async fn set_account_timezone(&mut self, id: AccountId, zone: Option<&str>) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET timezone = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(zone)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(missing("account", id));
        }
        Ok(())
    }

    /// Sets an account's name.
    pub async fn set_account_name(&mut self, id: AccountId, name: &str) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET name = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(name)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(missing("account", id));
        }
        Ok(())
    }

    /// Sets an account's language (X7: its emails and pages).
    pub async fn set_account_language(
        &mut self,
        id: AccountId,
        language: casegate_core::Language,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET language = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(language.as_str())
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(missing("account", id));
        }
        Ok(())
    }

    /// C7: the account's login becomes `email`. `Err(Conflict)` when another
    /// account has it.
    pub async fn set_account_email(&mut self, id: AccountId, email: &str) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET email = $2, email_key = $3 WHERE id = $1")
            .bind(id.to_string())
            .bind(email)
            .bind(email.to_lowercase())
            .execute(self.conn())
            .await
            .map_err(|e| conflict_as(e, || format!("email `{email}`")))?;
        if done.rows_affected() == 0 {
            return Err(missing("account", id));
        }
        Ok(())
    }

    /// Forgets every token of an account — its staff memberships' and its
    /// contact sessions — but `keep` (the session that asked, if any);
    /// returns how many ended.
    pub async fn delete_account_tokens(
        &mut self,
        id: AccountId,
        keep: Option<&[u8]>,
    ) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM tokens WHERE user_id IN (SELECT id FROM users WHERE account_id = $1) \
             AND token_hash <> $2",
        )
        .bind(id.to_string())
        .bind(keep.unwrap_or_default())
        .execute(self.conn())
        .await?;
        let contact =
            sqlx::query("DELETE FROM contact_tokens WHERE account_id = $1 AND token_hash <> $2")
                .bind(id.to_string())
                .bind(keep.unwrap_or_default())
                .execute(self.conn())
                .await?;
        Ok(done.rows_affected() + contact.rows_affected())
    }
}
