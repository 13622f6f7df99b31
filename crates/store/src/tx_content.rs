//! The writes inside a client file (Part B, X9): activities, documents and
//! their bytes, packages, the profile fields and the view log. Nothing here
//! deletes a row: activities and documents get `deleted_at`, and the view
//! log refuses every update and delete (database triggers).

use casegate_core::{
    Activity, ActivityId, ClientId, ClientProfile, CompanyId, Document, DocumentId, Package,
    Timestamp, UserId, ViewEntry,
};

use casegate_core::deal::Party;

use crate::Tx;
use crate::error::{Result, StoreError, conflict_as, missing};
use crate::rows::{self, micros, opt_micros};
use crate::tx::SoftDeleted;

/// The size of the chunks [`Tx::append_document_chunk`] is meant to be given:
/// 256 KiB. Readers hold one chunk in memory at a time, so keeping to it
/// bounds their memory; the store itself accepts any size.
pub const DOCUMENT_CHUNK_SIZE: usize = 256 * 1024;

impl Tx {
    /// Records an activity. `Err(Conflict)` when the id exists (also when
    /// that activity is deleted: ids are never reused).
    pub async fn insert_activity(&mut self, a: &Activity) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO activities ({}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            rows::ACTIVITY_COLS
        ))
        .bind(a.id.to_string())
        .bind(a.company_id.to_string())
        .bind(a.client_id.to_string())
        .bind(a.kind.as_str())
        .bind(&a.summary)
        .bind(a.assignee_id.to_string())
        .bind(a.created_by.to_string())
        .bind(a.created_by_real.map(|u| u.to_string()))
        .bind(opt_micros(a.starts_at))
        .bind(a.amount_cents)
        .bind(a.currency.as_deref())
        .bind(micros(a.created_at))
        .bind(micros(a.updated_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("activity `{}`", a.id)))?;
        Ok(())
    }

    /// Saves an activity's kind, summary, assignee, start, amount, currency
    /// and `updated_at` (not its client, authors or creation time). An
    /// activity that is deleted, or of another company, is an error.
    pub async fn update_activity(&mut self, a: &Activity) -> Result<()> {
        let done = sqlx::query(
            "UPDATE activities SET kind = $3, summary = $4, assignee_id = $5, starts_at = $6, \
             amount_cents = $7, currency = $8, updated_at = $9 \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(a.id.to_string())
        .bind(a.company_id.to_string())
        .bind(a.kind.as_str())
        .bind(&a.summary)
        .bind(a.assignee_id.to_string())
        .bind(opt_micros(a.starts_at))
        .bind(a.amount_cents)
        .bind(a.currency.as_deref())
        .bind(micros(a.updated_at))
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing("activity", a.id));
        }
        Ok(())
    }

    /// Marks an activity deleted: it leaves every read, its row stays. An
    /// activity already deleted, or of another company, is an error.
    pub async fn mark_activity_deleted(
        &mut self,
        company: CompanyId,
        activity: ActivityId,
        by: UserId,
        at: Timestamp,
    ) -> Result<()> {
        self.soft_delete(SoftDeleted::Activities, company, &activity, by, at)
            .await
    }

    /// Records a document's metadata; its bytes follow with
    /// [`Tx::append_document_chunk`] (in the same transaction, so that a
    /// document is never visible without them). `Err(Conflict)` when the id
    /// exists.
    pub async fn insert_document(&mut self, d: &Document) -> Result<()> {
        let size = i64::try_from(d.size)
            .map_err(|_| StoreError::Database(format!("document size {} too large", d.size)))?;
        sqlx::query(&format!(
            "INSERT INTO documents ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            rows::DOCUMENT_COLS
        ))
        .bind(d.id.to_string())
        .bind(d.company_id.to_string())
        .bind(d.client_id.to_string())
        .bind(&d.name)
        .bind(&d.content_type)
        .bind(size)
        .bind(&d.sha256)
        .bind(d.visibility.as_str())
        .bind(match d.uploaded_by {
            Party::Staff(user) => Some(user.to_string()),
            Party::Contact(_) => None,
        })
        .bind(match d.uploaded_by {
            Party::Contact(account) => Some(account.to_string()),
            Party::Staff(_) => None,
        })
        .bind(micros(d.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("document `{}`", d.id)))?;
        Ok(())
    }

    /// Stores chunk `seq` of a document's bytes. Chunks are numbered from 0
    /// and appended in order: `seq` must be the number of chunks already
    /// stored, and the document must exist in `company` and not be deleted;
    /// otherwise nothing is stored and the call fails. See
    /// [`DOCUMENT_CHUNK_SIZE`].
    pub async fn append_document_chunk(
        &mut self,
        company: CompanyId,
        document: DocumentId,
        seq: u32,
        bytes: &[u8],
    ) -> Result<()> {
        let done = sqlx::query(
            "INSERT INTO document_blobs (document_id, seq, bytes) \
             SELECT d.id, $2, $3 FROM documents d \
             WHERE d.id = $1 AND d.company_id = $4 AND d.deleted_at IS NULL \
             AND (SELECT COUNT(*) FROM document_blobs b WHERE b.document_id = $1) = $2",
        )
        .bind(document.to_string())
        .bind(i64::from(seq))
        .bind(bytes)
        .bind(company.to_string())
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("chunk {seq} of document `{document}`")))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Database(format!(
                "no document `{document}` to append chunk {seq} to, \
                 or chunk {seq} is not the next one"
            )));
        }
        Ok(())
    }

    /// Marks a document deleted: it and its bytes leave every read, the rows
    /// stay. A document already deleted, or of another company, is an error.
    pub async fn mark_document_deleted(
        &mut self,
        company: CompanyId,
        document: DocumentId,
        by: UserId,
        at: Timestamp,
    ) -> Result<()> {
        self.soft_delete(SoftDeleted::Documents, company, &document, by, at)
            .await
    }

    /// B8: records a package sold to a client. `Err(Conflict)` when the id exists.
    pub async fn insert_package(&mut self, p: &Package) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO packages ({}) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            rows::PACKAGE_COLS
        ))
        .bind(p.id.to_string())
        .bind(p.company_id.to_string())
        .bind(p.client_id.to_string())
        .bind(&p.name)
        .bind(p.price_cents)
        .bind(p.created_by.to_string())
        .bind(micros(p.created_at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("package `{}`", p.id)))?;
        Ok(())
    }

    /// Saves a client's profile fields (marketing opt-in, loyalty card,
    /// notes). Leaves `updated_at` alone: save the client too if it should
    /// move. A client that is deleted, or of another company, is an error.
    pub async fn set_client_profile(
        &mut self,
        company: CompanyId,
        client: ClientId,
        profile: &ClientProfile,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE clients SET marketing_opt_in = $3, loyalty_card = $4, notes = $5 \
             WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
        )
        .bind(client.to_string())
        .bind(company.to_string())
        .bind(profile.marketing_opt_in)
        .bind(profile.loyalty_card.as_deref())
        .bind(profile.notes.as_deref())
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(missing("client", client));
        }
        Ok(())
    }

    /// X9: appends a line to a client's view log (the log is append-only:
    /// the database refuses to change or remove a line). `Err(Conflict)`
    /// when the id exists.
    pub async fn append_view(&mut self, v: &ViewEntry) -> Result<()> {
        sqlx::query(&format!(
            "INSERT INTO view_log ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            rows::VIEW_COLS
        ))
        .bind(v.id.to_string())
        .bind(v.company_id.to_string())
        .bind(v.client_id.to_string())
        .bind(v.user_id.to_string())
        .bind(v.real_user_id.map(|u| u.to_string()))
        .bind(v.kind.as_str())
        .bind(v.document_id.map(|d| d.to_string()))
        .bind(rows::to_json(&v.through)?)
        .bind(micros(v.at))
        .execute(self.conn())
        .await
        .map_err(|e| conflict_as(e, || format!("view `{}`", v.id)))?;
        Ok(())
    }
}
