//! The writes on the access path: groups, memberships, clients, shares,
//! access requests and digest preferences. Nothing here deletes a row:
//! groups and clients get `deleted_at`, memberships `removed_*`, shares
//! `revoked_*`, requests a final status.

use casegate_core::{
    AccessRequest, Client, ClientId, CompanyId, Group, GroupId, Membership, RequestStatus,
    Revocation, Share, ShareId, Timestamp, UserId,
};

use crate::Tx;
use crate::error::{Result, conflict_as, missing};
use crate::rows::{self, micros, opt_micros};
use crate::tx::SoftDeleted;

impl Tx {
    /// Creates a group. `Err(Conflict)` when a group of the company that is
    /// not deleted already has this name.
    pub async fn insert_group(&mut self, group: &Group) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO groups ({}) VALUES ($1, $2, $3, $4)",
            rows::GROUP_COLS
        ))
        .bind(group.id.to_string())
        .bind(group.company_id.to_string())
        .bind(&group.name)
        .bind(micros(group.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("group `{}`", group.name)))?;
        Ok(())
    }

    /// Renames a group (not deleted). `Err(Conflict)` on a duplicate live name.
    pub async fn update_group(&mut self, group: &Group) -> Result<()> {
        let done = sqlx::query(
            "UPDATE groups SET name = $3 WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(group.id.to_string())
        .bind(group.company_id.to_string())
        .bind(&group.name)
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("group `{}`", group.name)))?;
        if done.rows_affected() == 0 {
            return Err(missing("group", group.id));
        }
        Ok(())
    }

    /// A20: marks a group deleted (its row stays; the caller ends its
    /// memberships and revokes its shares in the same transaction).
    pub async fn mark_group_deleted(
        &mut self,
        company: CompanyId,
        group: GroupId,
        by: UserId,
        at: Timestamp,
    ) -> Result<()> {
        self.soft_delete(SoftDeleted::Groups, company, &group, by, at)
            .await
    }

    /// Adds a user to a group. `Err(Conflict)` when the user already is an
    /// open member of the group.
    pub async fn insert_membership(&mut self, m: &Membership) -> Result<()> {
        let removed = m.removed.as_ref();
        sqlx::query(&format!(
            "INSERT INTO memberships ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            rows::MEMBERSHIP_COLS
        ))
        .bind(m.id.to_string())
        .bind(m.company_id.to_string())
        .bind(m.group_id.to_string())
        .bind(m.user_id.to_string())
        .bind(m.added_by.map(|u| u.to_string()))
        .bind(micros(m.added_at))
        .bind(removed.and_then(|r| r.by).map(|u| u.to_string()))
        .bind(removed.map(|r| micros(r.at)))
        .bind(removed.map(|r| r.how.as_str()))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("membership of `{}`", m.user_id)))?;
        Ok(())
    }

    /// A21: ends the open membership of `user` in `group`; `false` if none is open.
    pub async fn end_membership(
        &mut self,
        company: CompanyId,
        group: GroupId,
        user: UserId,
        removed: &Revocation,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE memberships SET removed_by = $4, removed_at = $5, removed_how = $6 \
             WHERE company_id = $1 AND group_id = $2 AND user_id = $3 AND removed_at IS NULL",
        )
        .bind(company.to_string())
        .bind(group.to_string())
        .bind(user.to_string())
        .bind(removed.by.map(|u| u.to_string()))
        .bind(micros(removed.at))
        .bind(removed.how.as_str())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Creates a client.
    pub async fn insert_client(&mut self, client: &Client) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO clients ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            rows::CLIENT_COLS
        ))
        .bind(client.id.to_string())
        .bind(client.company_id.to_string())
        .bind(&client.name)
        .bind(client.email.as_deref())
        .bind(client.phone.as_deref())
        .bind(rows::to_json(&client.tags)?)
        .bind(client.owner_id.to_string())
        .bind(client.restricted)
        .bind(micros(client.created_at))
        .bind(micros(client.updated_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("client `{}`", client.id)))?;
        Ok(())
    }

    /// Saves a client's name, contact, tags, owner, restriction and `updated_at`.
    pub async fn update_client(&mut self, client: &Client) -> Result<()> {
        let done = sqlx::query(
            "UPDATE clients SET name = $3, email = $4, phone = $5, tags = $6, owner_id = $7, \
             restricted = $8, updated_at = $9 \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(client.id.to_string())
        .bind(client.company_id.to_string())
        .bind(&client.name)
        .bind(client.email.as_deref())
        .bind(client.phone.as_deref())
        .bind(rows::to_json(&client.tags)?)
        .bind(client.owner_id.to_string())
        .bind(client.restricted)
        .bind(micros(client.updated_at))
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing("client", client.id));
        }
        Ok(())
    }

    /// Marks a client deleted (its row and history stay).
    pub async fn mark_client_deleted(
        &mut self,
        company: CompanyId,
        client: ClientId,
        by: UserId,
        at: Timestamp,
    ) -> Result<()> {
        self.soft_delete(SoftDeleted::Clients, company, &client, by, at)
            .await
    }

    /// Grants a share. `Err(Conflict)` when the client already has an open
    /// share with the same subject.
    pub async fn insert_share(&mut self, share: &Share) -> Result<()> {
        let (subject_type, subject_id) = rows::subject_columns(&share.subject);
        let revoked = share.revoked.as_ref();
        sqlx::query(&format!(
            "INSERT INTO shares ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            rows::SHARE_COLS
        ))
        .bind(share.id.to_string())
        .bind(share.company_id.to_string())
        .bind(share.client_id.to_string())
        .bind(subject_type)
        .bind(subject_id)
        .bind(share.granted_by.map(|u| u.to_string()))
        .bind(micros(share.granted_at))
        .bind(share.granted_how.as_str())
        .bind(revoked.and_then(|r| r.by).map(|u| u.to_string()))
        .bind(revoked.map(|r| micros(r.at)))
        .bind(revoked.map(|r| r.how.as_str()))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("open {} share", subject_type)))?;
        Ok(())
    }

    /// Revokes a share; `false` if it was already revoked (or does not exist).
    pub async fn revoke_share(
        &mut self,
        company: CompanyId,
        share: ShareId,
        revoked: &Revocation,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE shares SET revoked_by = $3, revoked_at = $4, revoked_how = $5 \
             WHERE id = $1 AND company_id = $2 AND revoked_at IS NULL",
        )
        .bind(share.to_string())
        .bind(company.to_string())
        .bind(revoked.by.map(|u| u.to_string()))
        .bind(micros(revoked.at))
        .bind(revoked.how.as_str())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A14: records an access request. `Err(Conflict)` when the requester
    /// already has a pending request for the client.
    pub async fn insert_request(&mut self, r: &AccessRequest) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO access_requests ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            rows::REQUEST_COLS
        ))
        .bind(r.id.to_string())
        .bind(r.company_id.to_string())
        .bind(r.client_id.to_string())
        .bind(r.requester_id.to_string())
        .bind(r.message.as_deref())
        .bind(r.status.as_str())
        .bind(micros(r.created_at))
        .bind(micros(r.expires_at))
        .bind(r.decided_by.map(|u| u.to_string()))
        .bind(opt_micros(r.decided_at))
        .bind(r.reason.as_deref())
        .execute(self.conn())
        .await
        .map_err(|e| {
            conflict_as(e, || {
                format!(
                    "access request `{}` or a pending request of `{}` for `{}`",
                    r.id, r.requester_id, r.client_id
                )
            })
        })?;
        Ok(())
    }

    /// Saves a request's status, decider, decision time and reason.
    pub async fn update_request(&mut self, r: &AccessRequest) -> Result<()> {
        let done = sqlx::query(
            "UPDATE access_requests SET status = $3, decided_by = $4, decided_at = $5, \
             reason = $6 WHERE id = $1 AND company_id = $2",
        )
        .bind(r.id.to_string())
        .bind(r.company_id.to_string())
        .bind(r.status.as_str())
        .bind(r.decided_by.map(|u| u.to_string()))
        .bind(opt_micros(r.decided_at))
        .bind(r.reason.as_deref())
        .execute(self.conn())
        .await
        .map_err(|e| {
            conflict_as(e, || {
                format!(
                    "a pending request of `{}` for `{}`",
                    r.requester_id, r.client_id
                )
            })
        })?;
        if done.rows_affected() == 0 {
            return Err(missing("access request", r.id));
        }
        Ok(())
    }

    /// A14: the pending request of `requester` for `client`, read inside the
    /// transaction (idempotent requests).
    pub async fn pending_request(
        &mut self,
        company: CompanyId,
        client: ClientId,
        requester: UserId,
    ) -> Result<Option<AccessRequest>> {
        sqlx::query(&format!(
            "SELECT {} FROM access_requests \
             WHERE company_id = $1 AND client_id = $2 AND requester_id = $3 AND status = $4",
            rows::REQUEST_COLS
        ))
        .bind(company.to_string())
        .bind(client.to_string())
        .bind(requester.to_string())
        .bind(RequestStatus::Pending.as_str())
        .fetch_optional(self.conn())
        .await?
        .as_ref()
        .map(rows::request)
        .transpose()
    }

    /// A16: every pending request with `expires_at <= now` becomes expired;
    /// returns them (with their new status), by id.
    pub async fn expire_requests(&mut self, now: Timestamp) -> Result<Vec<AccessRequest>> {
        let found = sqlx::query(&format!(
            "UPDATE access_requests SET status = $2 WHERE status = $3 AND expires_at <= $1 \
             RETURNING {}",
            rows::REQUEST_COLS
        ))
        .bind(micros(now))
        .bind(RequestStatus::Expired.as_str())
        .bind(RequestStatus::Pending.as_str())
        .fetch_all(self.conn())
        .await?;
        let mut expired = rows::all(&found, rows::request)?;
        expired.sort_by_key(|r| r.id);
        Ok(expired)
    }

    /// A24: ticks or unticks "Receive daily digest" for one user and client.
    pub async fn set_digest_preference(
        &mut self,
        company: CompanyId,
        user: UserId,
        client: ClientId,
        enabled: bool,
        at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO digest_preferences (company_id, user_id, client_id, enabled, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, client_id) \
             DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
        )
        .bind(company.to_string())
        .bind(user.to_string())
        .bind(client.to_string())
        .bind(enabled)
        .bind(micros(at))
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
