//! Reads outside a write transaction: the snapshot the access index is built
//! from, the change log, and the lookups of companies, users, tokens, groups,
//! clients (also by owner, for C8 and X11), history, access requests and
//! digest preferences.

use casegate_core::{
    AccessRequest, AccessRequestId, Change, Client, ClientId, Company, CompanyId, Group, GroupId,
    Membership, RequestStatus, Revision, Share, Timestamp, User, UserId,
};
use sqlx::Row;

use crate::rows::{self, micros};
use crate::{Result, Snapshot, Store, StoreError};

/// The last revision, read with any executor.
pub(crate) const LAST_REVISION_SQL: &str = "SELECT COALESCE(MAX(revision), 0) AS n FROM changes";

/// A stored revision.
pub(crate) fn revision(n: i64) -> Result<Revision> {
    u64::try_from(n)
        .map(Revision)
        .map_err(|_| StoreError::Corrupt(format!("negative revision {n}")))
}

impl Store {
    /// Every open row the access index needs, and the last revision, read in
    /// one transaction so they agree. Groups and clients that are deleted, and
    /// memberships and shares that ended (or whose group or client is
    /// deleted), are left out.
    pub async fn snapshot(&self) -> Result<(Snapshot, Revision)> {
        let mut tx = self.begin_read().await?;
        let conn = &mut *tx;
        let companies = sqlx::query(&format!(
            "SELECT {} FROM companies ORDER BY id",
            rows::COMPANY_COLS
        ))
        .fetch_all(&mut *conn)
        .await?;
        let users = sqlx::query(&format!(
            "SELECT {} FROM staff ORDER BY id",
            rows::USER_COLS
        ))
        .fetch_all(&mut *conn)
        .await?;
        let groups = sqlx::query(&format!(
            "SELECT {} FROM groups WHERE deleted_at IS NULL ORDER BY id",
            rows::GROUP_COLS
        ))
        .fetch_all(&mut *conn)
        .await?;
        let memberships = sqlx::query(&format!(
            "SELECT {} FROM memberships WHERE removed_at IS NULL \
             AND group_id IN (SELECT id FROM groups WHERE deleted_at IS NULL) ORDER BY id",
            rows::MEMBERSHIP_COLS
        ))
        .fetch_all(&mut *conn)
        .await?;
        let clients = sqlx::query(&format!(
            "SELECT {} FROM clients WHERE deleted_at IS NULL ORDER BY id",
            rows::CLIENT_COLS
        ))
        .fetch_all(&mut *conn)
        .await?;
        let shares = sqlx::query(&format!(
            "SELECT {} FROM shares WHERE revoked_at IS NULL \
             AND client_id IN (SELECT id FROM clients WHERE deleted_at IS NULL) \
             AND (subject_type <> 'group' \
                  OR subject_id IN (SELECT id FROM groups WHERE deleted_at IS NULL)) \
             ORDER BY id",
            rows::SHARE_COLS
        ))
        .fetch_all(&mut *conn)
        .await?;
        let last: i64 = sqlx::query(LAST_REVISION_SQL)
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
        let deal = crate::deal::snapshot_rows(&mut *conn).await?;
        tx.commit().await?;
        let snapshot = Snapshot {
            companies: rows::all(&companies, rows::company)?,
            users: rows::all(&users, rows::user)?,
            groups: rows::all(&groups, rows::group)?,
            memberships: rows::all(&memberships, rows::membership)?,
            clients: rows::all(&clients, rows::client)?,
            shares: rows::all(&shares, rows::share)?,
            entities: deal.entities,
            participations: deal.participations,
            team_managers: deal.team_managers,
            contact_shares: deal.contact_shares,
        };
        Ok((snapshot, revision(last)?))
    }

    /// Committed changes after `after`, in revision order, at most `limit`.
    pub async fn changes_since(
        &self,
        after: Revision,
        limit: u32,
    ) -> Result<Vec<(Revision, Change)>> {
        let after = i64::try_from(after.0).unwrap_or(i64::MAX);
        let found = sqlx::query(
            "SELECT revision, change FROM changes WHERE revision > $1 ORDER BY revision LIMIT $2",
        )
        .bind(after)
        .bind(rows::limit(limit))
        .fetch_all(&self.pool)
        .await?;
        found
            .iter()
            .map(|row| {
                Ok((
                    revision(row.try_get("revision")?)?,
                    rows::json(row, "change")?,
                ))
            })
            .collect()
    }

    /// The revision of the last committed change (0 when the log is empty).
    pub async fn last_revision(&self) -> Result<Revision> {
        let n: i64 = sqlx::query(LAST_REVISION_SQL)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        revision(n)
    }

    /// A company by id.
    pub async fn company(&self, id: CompanyId) -> Result<Option<Company>> {
        sqlx::query(&format!(
            "SELECT {} FROM companies WHERE id = $1",
            rows::COMPANY_COLS
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::company)
        .transpose()
    }

    /// How many companies exist (the demo seeds only an empty installation).
    pub async fn company_count(&self) -> Result<u64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM companies")
            .fetch_one(&self.pool)
            .await?;
        rows::count(&row, "n")
    }

    /// Login: the user with this email (compared lower-cased) and its argon2
    /// PHC hash (`None` when no password is set).
    pub async fn login_lookup(&self, email: &str) -> Result<Option<(User, Option<String>)>> {
        let row = sqlx::query(&format!(
            "SELECT {}, password_hash FROM staff WHERE email_key = $1",
            rows::USER_COLS
        ))
        .bind(email.to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((rows::user(&row)?, row.try_get("password_hash")?)))
            .transpose()
    }

    /// A user of a company.
    pub async fn user(&self, company: CompanyId, id: UserId) -> Result<Option<User>> {
        sqlx::query(&format!(
            "SELECT {} FROM staff WHERE id = $1 AND company_id = $2",
            rows::USER_COLS
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::user)
        .transpose()
    }

    /// Users of a company ordered by (name, id), after the given (name, id).
    pub async fn users_page(
        &self,
        company: CompanyId,
        after: Option<(String, UserId)>,
        limit: u32,
    ) -> Result<Vec<User>> {
        let found = match after {
            None => {
                sqlx::query(&format!(
                    "SELECT {} FROM staff WHERE company_id = $1 ORDER BY name, id LIMIT $2",
                    rows::USER_COLS
                ))
                .bind(company.to_string())
                .bind(rows::limit(limit))
                .fetch_all(&self.pool)
                .await?
            }
            Some((name, id)) => {
                sqlx::query(&format!(
                    "SELECT {} FROM staff WHERE company_id = $1 \
                     AND (name > $2 OR (name = $2 AND id > $3)) ORDER BY name, id LIMIT $4",
                    rows::USER_COLS
                ))
                .bind(company.to_string())
                .bind(name)
                .bind(id.to_string())
                .bind(rows::limit(limit))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows::all(&found, rows::user)
    }

    /// The user a token (sha256 of its secret) belongs to, if it has not
    /// expired (`expires_at > now`).
    pub async fn token_user(
        &self,
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<Option<(CompanyId, UserId)>> {
        let row = sqlx::query(
            "SELECT company_id, user_id FROM tokens WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(micros(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok((
                rows::parsed(&row, "company_id")?,
                rows::parsed(&row, "user_id")?,
            ))
        })
        .transpose()
    }

    /// A group of a company that is not deleted.
    pub async fn group(&self, company: CompanyId, id: GroupId) -> Result<Option<Group>> {
        sqlx::query(&format!(
            "SELECT {} FROM groups WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
            rows::GROUP_COLS
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::group)
        .transpose()
    }

    /// A group's name, deleted or not, and whether it is deleted: the
    /// history keeps the names of what is gone.
    pub async fn group_name_ever(
        &self,
        company: CompanyId,
        id: GroupId,
    ) -> Result<Option<(String, bool)>> {
        self.name_ever("groups", company, &id.to_string()).await
    }

    /// A client's name, deleted or not, and whether it is deleted.
    pub async fn client_name_ever(
        &self,
        company: CompanyId,
        id: ClientId,
    ) -> Result<Option<(String, bool)>> {
        self.name_ever("clients", company, &id.to_string()).await
    }

    /// `name` and whether `deleted_at` is set, of a row of `table`.
    async fn name_ever(
        &self,
        table: &'static str,
        company: CompanyId,
        id: &str,
    ) -> Result<Option<(String, bool)>> {
        let row = sqlx::query(&format!(
            "SELECT name, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END AS gone \
             FROM {table} WHERE id = $1 AND company_id = $2"
        ))
        .bind(id)
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let gone: i32 = row.try_get("gone")?;
            Ok((row.try_get("name")?, gone != 0))
        })
        .transpose()
    }

    /// The groups of a company that are not deleted, by (name, id).
    pub async fn groups(&self, company: CompanyId) -> Result<Vec<Group>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM groups WHERE company_id = $1 AND deleted_at IS NULL ORDER BY name, id",
            rows::GROUP_COLS
        ))
        .bind(company.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::group)
    }

    /// A client of a company that is not deleted.
    pub async fn client(&self, company: CompanyId, id: ClientId) -> Result<Option<Client>> {
        sqlx::query(&format!(
            "SELECT {} FROM clients WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
            rows::CLIENT_COLS
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::client)
        .transpose()
    }

    /// C8, X11: the clients of a company a user owns that are not deleted,
    /// by (name, id).
    pub async fn clients_owned_by(&self, company: CompanyId, owner: UserId) -> Result<Vec<Client>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM clients WHERE owner_id = $1 AND company_id = $2 \
             AND deleted_at IS NULL ORDER BY name, id",
            rows::CLIENT_COLS
        ))
        .bind(owner.to_string())
        .bind(company.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::client)
    }

    /// Every share of the client ever, open and revoked, by (granted_at, id).
    pub async fn share_history(&self, company: CompanyId, client: ClientId) -> Result<Vec<Share>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM shares WHERE client_id = $1 AND company_id = $2 \
             ORDER BY granted_at, id",
            rows::SHARE_COLS
        ))
        .bind(client.to_string())
        .bind(company.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::share)
    }

    /// A2: the clients of a company that have ever had a share, open or
    /// revoked (the others have never been managed).
    pub async fn clients_with_share_history(&self, company: CompanyId) -> Result<Vec<ClientId>> {
        let found = sqlx::query("SELECT DISTINCT client_id FROM shares WHERE company_id = $1")
            .bind(company.to_string())
            .fetch_all(&self.pool)
            .await?;
        found
            .iter()
            .map(|row| {
                let id: String = sqlx::Row::try_get(row, 0)?;
                id.parse()
                    .map_err(|_| StoreError::Corrupt(format!("client id `{id}`")))
            })
            .collect()
    }

    /// Every membership of a group ever, open and ended, by (added_at, id).
    pub async fn membership_history(
        &self,
        company: CompanyId,
        group: GroupId,
    ) -> Result<Vec<Membership>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM memberships WHERE group_id = $1 AND company_id = $2 \
             ORDER BY added_at, id",
            rows::MEMBERSHIP_COLS
        ))
        .bind(group.to_string())
        .bind(company.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::membership)
    }

    /// An access request of a company.
    pub async fn access_request(
        &self,
        company: CompanyId,
        id: AccessRequestId,
    ) -> Result<Option<AccessRequest>> {
        sqlx::query(&format!(
            "SELECT {} FROM access_requests WHERE id = $1 AND company_id = $2",
            rows::REQUEST_COLS
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::request)
        .transpose()
    }

    /// Requests of a company, newest first (ids are UUIDv7, so by id
    /// descending), optionally only those with `status`, and only those before
    /// the id `before` (keyset paging).
    pub async fn access_requests(
        &self,
        company: CompanyId,
        status: Option<RequestStatus>,
        before: Option<AccessRequestId>,
        limit: u32,
    ) -> Result<Vec<AccessRequest>> {
        let mut sql = format!(
            "SELECT {} FROM access_requests WHERE company_id = $1",
            rows::REQUEST_COLS
        );
        let mut n = 1;
        if status.is_some() {
            n += 1;
            sql.push_str(&format!(" AND status = ${n}"));
        }
        if before.is_some() {
            n += 1;
            sql.push_str(&format!(" AND id < ${n}"));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", n + 1));
        let mut query = sqlx::query(&sql).bind(company.to_string());
        if let Some(status) = status {
            query = query.bind(status.as_str());
        }
        if let Some(before) = before {
            query = query.bind(before.to_string());
        }
        let found = query.bind(rows::limit(limit)).fetch_all(&self.pool).await?;
        rows::all(&found, rows::request)
    }

    /// A24: whether the user receives the client in their daily digest;
    /// `None` when never set (the caller applies the default: ticked).
    pub async fn digest_preference(
        &self,
        company: CompanyId,
        user: UserId,
        client: ClientId,
    ) -> Result<Option<bool>> {
        let row = sqlx::query(
            "SELECT enabled FROM digest_preferences \
             WHERE user_id = $1 AND client_id = $2 AND company_id = $3",
        )
        .bind(user.to_string())
        .bind(client.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| rows::flag(&row, "enabled")).transpose()
    }
}
