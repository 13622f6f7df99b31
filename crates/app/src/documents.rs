//! Documents on a client (B6, B7, X9): listing only what the viewer may see,
//! uploading by streaming the bytes through a temporary file into store
//! chunks (hashing them on the way), and opening one for download, which the view log records.

use casegate_core::deal::Party;
use casegate_core::index::DealReason;
use casegate_core::permissions::{may_see_document, may_upload_document};
use casegate_core::{
    AccountId, ClientId, CompanyId, ContactShareId, Document, DocumentId, DocumentVisibility, User,
    ViewId, ViewKind,
};
use casegate_store::ContactView;
use casegate_store::DOCUMENT_CHUNK_SIZE;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::app::{App, audit};
use crate::clients::require_access;
use crate::contacts::By;
use crate::desk::ContactActor;
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, Written};
use crate::views::through;

/// The largest document accepted, in bytes (25 MiB).
pub const MAX_DOCUMENT_BYTES: usize = 25 * 1024 * 1024;
/// Longest document name, in characters.
const MAX_DOCUMENT_NAME: usize = 255;
/// The content type of a document whose upload named none.
pub const DEFAULT_CONTENT_TYPE: &str = "application/octet-stream";

/// `POST /clients/{id}/documents`: what comes with the bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    /// The file name as sent; only its last path segment is kept.
    pub name: String,
    /// `None`: [`DEFAULT_CONTENT_TYPE`].
    pub content_type: Option<String>,
    pub visibility: DocumentVisibility,
}

/// A document open for download: its record and how many chunks hold its
/// bytes (read them in order with [`App::document_chunk`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentContent {
    pub document: Document,
    pub chunks: u32,
}

/// An upload under way: feed it the bytes with [`DocumentUpload::write`],
/// then [`DocumentUpload::finish`]. The bytes are spooled to an anonymous
/// temporary file (hashed on the way) and go to the store in one short
/// transaction at the end, so a slow upload never holds the store's write
/// lock. Dropped unfinished, nothing is stored.
pub struct DocumentUpload {
    app: App,
    uploader: Uploader,
    document: Document,
    spool: tokio::fs::File,
    hasher: Sha256,
    size: u64,
}

/// Who uploads: a staff member (B6) or a contact on the desk (Part C,
/// always `shared`).
#[derive(Debug, Clone)]
enum Uploader {
    Staff(Actor),
    Contact {
        account: AccountId,
        company: CompanyId,
    },
}

impl std::fmt::Debug for DocumentUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentUpload")
            .field("document", &self.document.id)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl DocumentUpload {
    /// Appends bytes. Past [`MAX_DOCUMENT_BYTES`] → `Validation`.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), AppError> {
        self.size = self.size.saturating_add(bytes.len() as u64);
        if self.size > MAX_DOCUMENT_BYTES as u64 {
            return Err(AppError::invalid(
                "file",
                Message::new("app-file-too-large").count("megabytes", MAX_DOCUMENT_BYTES >> 20),
            ));
        }
        self.hasher.update(bytes);
        self.spool.write_all(bytes).await.map_err(spool_error)
    }

    /// Sets the visibility (a form may send it after the file).
    /// A contact's upload stays `shared` (C4: they never see another kind).
    pub fn set_visibility(&mut self, visibility: DocumentVisibility) {
        if let Uploader::Staff(_) = self.uploader {
            self.document.visibility = visibility;
        }
    }

    /// Checks access again (it may have changed meanwhile), then stores the
    /// record and its bytes chunk by chunk in one transaction, and commits.
    pub async fn finish(mut self) -> Result<Written<Document>, AppError> {
        let app = self.app.clone();
        let uploader = self.uploader.clone();
        let client = self.document.client_id;
        match &uploader {
            Uploader::Staff(actor) => {
                app.read(actor, |company| require_access(company, actor, client))?;
                app.documents_user(actor).await?;
            }
            Uploader::Contact { account, company } => {
                let open = app
                    .with_company_index(*company, |c| c.contact_may_open(*account, client))
                    .unwrap_or(false);
                if !open {
                    return Err(AppError::NotFound);
                }
            }
        }
        self.spool.flush().await.map_err(spool_error)?;
        self.spool
            .seek(std::io::SeekFrom::Start(0))
            .await
            .map_err(spool_error)?;
        self.document.size = self.size;
        self.document.sha256 = hex(&self.hasher.finalize_reset());
        let writing = app.writing().await?;
        self.document.created_at = app.now();
        let d = self.document;
        let mut tx = app.store().begin().await?;
        tx.insert_document(&d).await?;
        let mut chunk = vec![0_u8; DOCUMENT_CHUNK_SIZE];
        let mut seq = 0_u32;
        loop {
            let filled = fill(&mut self.spool, &mut chunk).await?;
            if filled == 0 {
                break;
            }
            let bytes = chunk.get(..filled).unwrap_or_default();
            tx.append_document_chunk(d.company_id, d.id, seq, bytes)
                .await?;
            seq = seq.saturating_add(1);
        }
        let details = serde_json::json!({
            "client_id": d.client_id,
            "name": d.name,
            "size": d.size,
            "sha256": d.sha256,
            "visibility": d.visibility.as_str(),
        });
        let entry = match &uploader {
            Uploader::Staff(actor) => {
                audit(actor, d.created_at, "document.uploaded", d.id, details)
            }
            Uploader::Contact { account, company } => By::Contact {
                account: *account,
                company: *company,
            }
            .audit(d.created_at, "document.uploaded", d.id, details),
        };
        let revision = app
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(Written { value: d, revision })
    }
}

/// Reads into `buf` until it is full or the file ends; how many bytes.
async fn fill(file: &mut tokio::fs::File, buf: &mut [u8]) -> Result<usize, AppError> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        let n = file.read(rest).await.map_err(spool_error)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// A failure of the temporary file an upload is spooled to.
fn spool_error(e: std::io::Error) -> AppError {
    AppError::Internal(format!("document upload spool: {e}"))
}

impl App {
    /// `GET /clients/{id}/documents` (B6, B7): the client must open; the
    /// documents capability off → `Forbidden`; only the documents
    /// `may_see_document` allows, newest first.
    pub async fn documents(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<Vec<Document>, AppError> {
        self.read(actor, |company| require_access(company, actor, client))?;
        let viewer = self.documents_user(actor).await?;
        let all = self.store().documents(actor.company_id, client).await?;
        Ok(all
            .into_iter()
            .filter(|d| may_see_document(&viewer, d))
            .collect())
    }

    /// `POST /clients/{id}/documents` (B6): starts an upload; the client
    /// must open and the actor have the documents capability.
    pub async fn begin_upload(
        &self,
        actor: &Actor,
        client: ClientId,
        input: NewDocument,
    ) -> Result<DocumentUpload, AppError> {
        let name = file_name(&input.name)?;
        let content_type = content_type(input.content_type);
        self.read(actor, |company| require_access(company, actor, client))?;
        self.documents_user(actor).await?;
        let document = Document {
            id: DocumentId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            client_id: client,
            name,
            content_type,
            size: 0,
            sha256: String::new(),
            visibility: input.visibility,
            uploaded_by: Party::Staff(actor.user_id),
            created_at: self.now(),
        };
        self.upload(Uploader::Staff(actor.clone()), document).await
    }

    /// `POST /desk/files/{id}/documents` (Part C): a contact on the file
    /// adds a document; it is `shared`, so the company and the file's other
    /// contacts see it.
    pub async fn desk_begin_upload(
        &self,
        contact: &ContactActor,
        client: ClientId,
        input: NewDocument,
    ) -> Result<DocumentUpload, AppError> {
        let name = file_name(&input.name)?;
        let company = self.desk_open_company(contact, client)?;
        let document = Document {
            id: DocumentId::from_uuid(Uuid::now_v7()),
            company_id: company,
            client_id: client,
            name,
            content_type: content_type(input.content_type),
            size: 0,
            sha256: String::new(),
            visibility: DocumentVisibility::Shared,
            uploaded_by: Party::Contact(contact.account_id),
            created_at: self.now(),
        };
        self.upload(
            Uploader::Contact {
                account: contact.account_id,
                company,
            },
            document,
        )
        .await
    }

    /// `GET /desk/files/{id}/documents` (C4): the file's `shared`
    /// documents, newest first, for a contact on it.
    pub async fn desk_documents(
        &self,
        contact: &ContactActor,
        client: ClientId,
    ) -> Result<Vec<Document>, AppError> {
        let company = self.desk_open_company(contact, client)?;
        let all = self.store().documents(company, client).await?;
        Ok(all
            .into_iter()
            .filter(|d| d.visibility == DocumentVisibility::Shared)
            .collect())
    }

    /// `GET /desk/documents/{id}/content` (C4, X9): a `shared` document of
    /// a file the contact is on; anything else is `NotFound`. Recorded,
    /// with the contact shares that opened the file.
    pub async fn desk_open_document(
        &self,
        contact: &ContactActor,
        id: DocumentId,
    ) -> Result<(CompanyId, DocumentContent), AppError> {
        let companies = {
            let index = self.inner.index.read();
            index.contact_companies(contact.account_id)
        };
        for company in companies {
            let Some(document) = self.store().document(company, id).await? else {
                continue;
            };
            let through = self
                .with_company_index(company, |c| {
                    c.contact_check(contact.account_id, document.client_id)
                })
                .filter(|d| d.allowed && document.visibility == DocumentVisibility::Shared)
                .ok_or(AppError::NotFound)?;
            let through: Vec<ContactShareId> = through
                .reasons
                .iter()
                .filter_map(|r| match r {
                    DealReason::ContactShare { share_id, .. } => Some(*share_id),
                    _ => None,
                })
                .collect();
            let chunks = self.store().document_chunk_count(company, id).await?;
            let view = ContactView {
                id: ViewId::from_uuid(Uuid::now_v7()),
                company_id: company,
                client_id: document.client_id,
                account_id: contact.account_id,
                kind: ViewKind::DocumentDownloaded,
                document_id: Some(id),
                through,
                at: self.now(),
            };
            let mut tx = self.store().begin().await?;
            tx.append_contact_view(&view).await?;
            tx.commit().await?;
            return Ok((company, DocumentContent { document, chunks }));
        }
        Err(AppError::NotFound)
    }

    /// The company running `client` where the contact is on it (C4).
    fn desk_open_company(
        &self,
        contact: &ContactActor,
        client: ClientId,
    ) -> Result<CompanyId, AppError> {
        let index = self.inner.index.read();
        index
            .contact_companies(contact.account_id)
            .into_iter()
            .find(|&c| index.contact_may_open(contact.account_id, c, client))
            .ok_or(AppError::NotFound)
    }

    /// An upload under way of `document`, spooled to a temporary file.
    async fn upload(
        &self,
        uploader: Uploader,
        document: Document,
    ) -> Result<DocumentUpload, AppError> {
        let spool = tokio::task::spawn_blocking(tempfile::tempfile)
            .await
            .map_err(|e| AppError::Internal(format!("document upload spool: {e}")))?
            .map_err(spool_error)?;
        Ok(DocumentUpload {
            app: self.clone(),
            uploader,
            document,
            spool: tokio::fs::File::from_std(spool),
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// `GET /documents/{id}/content` (B6, B7, X9): capability off →
    /// `Forbidden`; a document the viewer may not see, or on a client they
    /// cannot open → `NotFound` (never revealing another's personal
    /// document). Recorded in the view log.
    pub async fn open_document(
        &self,
        actor: &Actor,
        id: DocumentId,
    ) -> Result<DocumentContent, AppError> {
        let viewer = self.documents_user(actor).await?;
        let document = self
            .store()
            .document(actor.company_id, id)
            .await?
            .filter(|d| may_see_document(&viewer, d))
            .ok_or(AppError::NotFound)?;
        let rules = self.read(actor, |company| {
            require_access(company, actor, document.client_id).map_err(|_| AppError::NotFound)?;
            Ok(through(company, actor, document.client_id))
        })?;
        let chunks = self
            .store()
            .document_chunk_count(actor.company_id, id)
            .await?;
        self.log_view(
            actor,
            document.client_id,
            ViewKind::DocumentDownloaded,
            Some(id),
            rules,
        )
        .await?;
        Ok(DocumentContent { document, chunks })
    }

    /// Chunk `seq` of a document opened with [`App::open_document`]; `None`
    /// past the last one.
    pub async fn document_chunk(
        &self,
        company: CompanyId,
        id: DocumentId,
        seq: u32,
    ) -> Result<Option<Vec<u8>>, AppError> {
        Ok(self.store().document_chunk(company, id, seq).await?)
    }

    /// The actor as a user with the documents capability (B6), or `Forbidden`.
    async fn documents_user(&self, actor: &Actor) -> Result<User, AppError> {
        let viewer = self.me(actor).await?;
        if may_upload_document(&viewer) {
            Ok(viewer)
        } else {
            Err(AppError::Forbidden(Message::new("app-documents-off")))
        }
    }
}

/// The last path segment of an uploaded file name, without control
/// characters; 1–255 characters.
pub fn file_name(raw: &str) -> Result<String, AppError> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    if clean.is_empty() || clean == "." || clean == ".." {
        return Err(AppError::invalid(
            "file",
            Message::new("app-file-name-required"),
        ));
    }
    Ok(clean.chars().take(MAX_DOCUMENT_NAME).collect())
}

/// The content type an upload named, or [`DEFAULT_CONTENT_TYPE`].
fn content_type(named: Option<String>) -> String {
    named
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty() && c.len() <= MAX_DOCUMENT_NAME && c.is_ascii())
        .unwrap_or_else(|| DEFAULT_CONTENT_TYPE.to_owned())
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
