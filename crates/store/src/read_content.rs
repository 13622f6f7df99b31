//! The reads inside a client file (Part B, X9): activities, documents and
//! their bytes chunk by chunk, packages, the profile fields and the view log.
//! Every read is scoped to a company: another company's ids find nothing.
//! Deleted activities and documents are left out of every read.

use casegate_core::{
    Activity, ActivityId, ActivityKind, ClientId, ClientProfile, CompanyId, Document, DocumentId,
    Package, UserId, ViewEntry, ViewId,
};
use sqlx::Row;

use crate::rows;
use crate::{Result, Store, StoreError};

/// Which activities of a client [`Store::activities_matching`] returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    /// Only these kinds (B5, B6 leave some out); `None`: every kind. An
    /// empty list matches nothing.
    pub kinds: Option<Vec<ActivityKind>>,
    /// Only those assigned to this staff member (B4 restricted view, B11
    /// "work as"); `None`: whoever they are assigned to.
    pub assignee: Option<UserId>,
}

impl Store {
    /// An activity of a company that is not deleted.
    pub async fn activity(&self, company: CompanyId, id: ActivityId) -> Result<Option<Activity>> {
        sqlx::query(&format!(
            "SELECT {} FROM activities WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
            rows::ACTIVITY_COLS
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::activity)
        .transpose()
    }

    /// The activities of a client that are not deleted, newest first (ids
    /// are UUIDv7, so by id descending), optionally only those of `kind`, and
    /// only those before the id `before` (keyset paging), at most `limit`.
    pub async fn activities(
        &self,
        company: CompanyId,
        client: ClientId,
        kind: Option<ActivityKind>,
        before: Option<ActivityId>,
        limit: u32,
    ) -> Result<Vec<Activity>> {
        let filter = ActivityFilter {
            kinds: kind.map(|k| vec![k]),
            assignee: None,
        };
        self.activities_matching(company, client, &filter, before, limit)
            .await
    }

    /// Like [`Store::activities`], with the kinds and assignee of `filter`,
    /// so that a page holds `limit` activities the caller may show (B4–B6).
    pub async fn activities_matching(
        &self,
        company: CompanyId,
        client: ClientId,
        filter: &ActivityFilter,
        before: Option<ActivityId>,
        limit: u32,
    ) -> Result<Vec<Activity>> {
        if filter.kinds.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        let mut sql = format!(
            "SELECT {} FROM activities \
             WHERE company_id = $1 AND client_id = $2 AND deleted_at IS NULL",
            rows::ACTIVITY_COLS
        );
        let mut n = 2;
        if let Some(kinds) = &filter.kinds {
            let mut marks = Vec::with_capacity(kinds.len());
            for _ in kinds {
                n += 1;
                marks.push(format!("${n}"));
            }
            sql.push_str(&format!(" AND kind IN ({})", marks.join(", ")));
        }
        if filter.assignee.is_some() {
            n += 1;
            sql.push_str(&format!(" AND assignee_id = ${n}"));
        }
        if before.is_some() {
            n += 1;
            sql.push_str(&format!(" AND id < ${n}"));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", n + 1));
        let mut query = sqlx::query(&sql)
            .bind(company.to_string())
            .bind(client.to_string());
        for kind in filter.kinds.iter().flatten() {
            query = query.bind(kind.as_str());
        }
        if let Some(assignee) = filter.assignee {
            query = query.bind(assignee.to_string());
        }
        if let Some(before) = before {
            query = query.bind(before.to_string());
        }
        let found = query.bind(rows::limit(limit)).fetch_all(&self.pool).await?;
        rows::all(&found, rows::activity)
    }

    /// B10 "worked with": the clients (not deleted) on which the user has an
    /// activity assigned to them that is not deleted, each once, by id.
    pub async fn activities_assigned(
        &self,
        company: CompanyId,
        user: UserId,
    ) -> Result<Vec<ClientId>> {
        let found = sqlx::query(
            "SELECT DISTINCT a.client_id FROM activities a \
             JOIN clients c ON c.id = a.client_id \
             WHERE a.company_id = $1 AND a.assignee_id = $2 AND a.deleted_at IS NULL \
             AND c.deleted_at IS NULL ORDER BY a.client_id",
        )
        .bind(company.to_string())
        .bind(user.to_string())
        .fetch_all(&self.pool)
        .await?;
        found
            .iter()
            .map(|row| rows::parsed(row, "client_id"))
            .collect()
    }

    /// A document of a company that is not deleted.
    pub async fn document(&self, company: CompanyId, id: DocumentId) -> Result<Option<Document>> {
        sqlx::query(&format!(
            "SELECT {} FROM documents WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
            rows::DOCUMENT_COLS
        ))
        .bind(id.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::document)
        .transpose()
    }

    /// The documents of a client that are not deleted, newest first (by
    /// creation time, then id). Every visibility: the caller filters (B6, B7).
    pub async fn documents(&self, company: CompanyId, client: ClientId) -> Result<Vec<Document>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM documents \
             WHERE company_id = $1 AND client_id = $2 AND deleted_at IS NULL \
             ORDER BY created_at DESC, id DESC",
            rows::DOCUMENT_COLS
        ))
        .bind(company.to_string())
        .bind(client.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::document)
    }

    /// How many chunks hold a document's bytes (numbered `0..count`); 0 for a
    /// document that is empty, deleted, of another company or missing. Read
    /// them one by one with [`Store::document_chunk`].
    pub async fn document_chunk_count(
        &self,
        company: CompanyId,
        document: DocumentId,
    ) -> Result<u32> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM document_blobs b JOIN documents d ON d.id = b.document_id \
             WHERE b.document_id = $1 AND d.company_id = $2 AND d.deleted_at IS NULL",
        )
        .bind(document.to_string())
        .bind(company.to_string())
        .fetch_one(&self.pool)
        .await?;
        let n = rows::count(&row, "n")?;
        u32::try_from(n).map_err(|_| StoreError::Corrupt(format!("{n} chunks in `{document}`")))
    }

    /// Chunk `seq` of a document's bytes; `None` past the last chunk, or for
    /// a document that is deleted, of another company or missing.
    pub async fn document_chunk(
        &self,
        company: CompanyId,
        document: DocumentId,
        seq: u32,
    ) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query(
            "SELECT b.bytes FROM document_blobs b JOIN documents d ON d.id = b.document_id \
             WHERE b.document_id = $1 AND b.seq = $2 AND d.company_id = $3 \
             AND d.deleted_at IS NULL",
        )
        .bind(document.to_string())
        .bind(i64::from(seq))
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| row.try_get("bytes")).transpose()?)
    }

    /// B8: the packages of a client, oldest first (by creation time, then id).
    pub async fn packages(&self, company: CompanyId, client: ClientId) -> Result<Vec<Package>> {
        let found = sqlx::query(&format!(
            "SELECT {} FROM packages WHERE company_id = $1 AND client_id = $2 \
             ORDER BY created_at, id",
            rows::PACKAGE_COLS
        ))
        .bind(company.to_string())
        .bind(client.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows::all(&found, rows::package)
    }

    /// The profile fields of a client that is not deleted (the defaults —
    /// no opt-in, no card, no notes — until set).
    pub async fn client_profile(
        &self,
        company: CompanyId,
        client: ClientId,
    ) -> Result<Option<ClientProfile>> {
        sqlx::query(&format!(
            "SELECT {} FROM clients WHERE id = $1 AND company_id = $2 AND deleted_at IS NULL",
            rows::PROFILE_COLS
        ))
        .bind(client.to_string())
        .bind(company.to_string())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(rows::profile)
        .transpose()
    }

    /// X9: a client's view log, newest first (ids are UUIDv7, so by id
    /// descending), only the lines before the id `before` (keyset paging),
    /// at most `limit`.
    pub async fn views(
        &self,
        company: CompanyId,
        client: ClientId,
        before: Option<ViewId>,
        limit: u32,
    ) -> Result<Vec<ViewEntry>> {
        let found = match before {
            None => {
                sqlx::query(&format!(
                    "SELECT {} FROM view_log WHERE company_id = $1 AND client_id = $2 \
                     ORDER BY id DESC LIMIT $3",
                    rows::VIEW_COLS
                ))
                .bind(company.to_string())
                .bind(client.to_string())
                .bind(rows::limit(limit))
                .fetch_all(&self.pool)
                .await?
            }
            Some(before) => {
                sqlx::query(&format!(
                    "SELECT {} FROM view_log WHERE company_id = $1 AND client_id = $2 \
                     AND id < $3 ORDER BY id DESC LIMIT $4",
                    rows::VIEW_COLS
                ))
                .bind(company.to_string())
                .bind(client.to_string())
                .bind(before.to_string())
                .bind(rows::limit(limit))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows::all(&found, rows::view)
    }
}
