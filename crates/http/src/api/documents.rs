//! Documents on a client (B6, B7, X9): the list of what the caller may see,
//! uploads as a multipart form streamed into the store, and downloads
//! streamed chunk by chunk and recorded in the view log.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use casegate_app::{App, DocumentContent, DocumentUpload, NewDocument};
use casegate_core::deal::Party;
use casegate_core::{ClientId, CompanyId, DocumentId, DocumentVisibility};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::types::ts;
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;
use crate::revision::Wrote;

/// B6/B7: who may see a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Shared,
    Internal,
    /// B7: the uploader alone.
    Personal,
}

impl From<DocumentVisibility> for Visibility {
    fn from(v: DocumentVisibility) -> Self {
        match v {
            DocumentVisibility::Shared => Visibility::Shared,
            DocumentVisibility::Internal => Visibility::Internal,
            DocumentVisibility::Personal => Visibility::Personal,
        }
    }
}

/// Who uploaded a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Uploader {
    Staff,
    Contact,
}

/// A document on a client (its bytes: `GET /documents/{id}/content`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Document {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    pub visibility: Visibility,
    /// The uploader's id: a staff member's, or a contact's (`uploader`).
    #[schema(format = Uuid)]
    pub uploaded_by: String,
    /// Who `uploaded_by` is: `staff`, or a `contact` from the desk.
    pub uploader: Uploader,
    /// In bytes.
    pub size: u64,
    pub content_type: String,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<casegate_core::Document> for Document {
    fn from(d: casegate_core::Document) -> Self {
        Document {
            id: d.id.to_string(),
            name: d.name,
            visibility: d.visibility.into(),
            uploaded_by: match d.uploaded_by {
                Party::Staff(user) => user.to_string(),
                Party::Contact(account) => account.to_string(),
            },
            uploader: match d.uploaded_by {
                Party::Staff(_) => Uploader::Staff,
                Party::Contact(_) => Uploader::Contact,
            },
            size: d.size,
            content_type: d.content_type,
            sha256: d.sha256,
            created_at: ts(d.created_at),
        }
    }
}

/// `{"items": [...]}` of documents.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<Document>,
}

/// The multipart form of an upload (documentation only; `Deserialize` with
/// `deny_unknown_fields` only so the document says no other part is taken).
#[derive(Debug, ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code, reason = "describes the form in the OpenAPI document")]
pub struct DocumentForm {
    /// The file; its name and content type come from the part.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub visibility: Visibility,
}

/// The documents of a client the caller may see (B6, B7), newest first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/documents", tag = "documents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    responses(
        (status = 200, description = "the documents", body = DocumentList),
        (status = 403, description = "`access_denied` (locked) or `forbidden` (documents off)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
    )
)]
pub async fn list_documents(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<DocumentList>, ApiError> {
    let docs = app.documents(&actor, id).await?;
    Ok(Json(DocumentList {
        items: docs.into_iter().map(Document::from).collect(),
    }))
}

/// Uploads a document: multipart form with `file` and `visibility`; the
/// file at most 25 MiB.
#[utoipa::path(post, path = "/api/v1/clients/{id}/documents", tag = "documents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "client id")),
    request_body(content = DocumentForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "the new document", body = Document,
            headers(("Casegate-Revision" = u64, description = "the revision of the write"))),
        (status = 403, description = "`access_denied` (locked) or `forbidden` (documents off)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 413, description = "larger than 25 MiB", body = ErrorBody),
        (status = 422, description = "no file, or a bad visibility", body = ErrorBody),
    )
)]
pub async fn upload_document(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Wrote<Document>, ApiError> {
    let mut form = form.map_err(|e| ApiError::invalid("content-type", e.body_text()))?;
    let mut visibility = None;
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some("visibility") => {
                let text = field.text().await.map_err(multipart_error)?;
                let v = text.trim().parse::<DocumentVisibility>().map_err(|_| {
                    ApiError::invalid("visibility", "must be shared, internal or personal")
                })?;
                visibility = Some(v);
            }
            Some("file") if upload.is_none() => {
                let input = NewDocument {
                    name: field.file_name().unwrap_or_default().to_owned(),
                    content_type: field.content_type().map(str::to_owned),
                    visibility: visibility.unwrap_or(DocumentVisibility::Shared),
                };
                let mut up = app.begin_upload(&actor, id, input).await?;
                write_part(&mut up, &mut field).await?;
                upload = Some(up);
            }
            _ => {
                return Err(ApiError::invalid(
                    "body",
                    "only `file` and `visibility` are accepted",
                ));
            }
        }
    }
    let Some(mut upload) = upload else {
        return Err(ApiError::invalid("file", "is required"));
    };
    let Some(visibility) = visibility else {
        return Err(ApiError::invalid("visibility", "is required"));
    };
    upload.set_visibility(visibility);
    let written = upload.finish().await?;
    Ok(Wrote::created(written.revision, written.value.into()))
}

/// Streams a form's file part into an upload; past 25 MiB → 413.
pub(crate) async fn write_part(
    up: &mut DocumentUpload,
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<(), ApiError> {
    let mut size = 0_usize;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        size = size.saturating_add(chunk.len());
        if size > casegate_app::MAX_DOCUMENT_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        up.write(&chunk).await?;
    }
    Ok(())
}

/// Room for a form's boundaries and part headers around a file of the
/// largest size.
pub const FORM_OVERHEAD: usize = 64 * 1024;

/// A multipart failure: past the limit → 413, otherwise 422.
pub(crate) fn multipart_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::invalid("body", e.body_text())
    }
}

/// A document's bytes, streamed, with its content type; recorded in the view
/// log (X9).
#[utoipa::path(get, path = "/api/v1/documents/{id}/content", tag = "documents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "document id")),
    responses(
        (status = 200, description = "the bytes, `Content-Disposition: attachment`",
            content_type = "application/octet-stream", body = Vec<u8>),
        (status = 403, description = "`forbidden` (documents off)", body = ErrorBody),
        (status = 404, description = "no such document, or not one the caller may see", body = ErrorBody),
    )
)]
pub async fn download_document(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<DocumentId>,
) -> Result<Response, ApiError> {
    let content = app.open_document(&actor, id).await?;
    Ok(stream_response(app, actor.company_id, content))
}

/// The response streaming `content` chunk by chunk (the API's and the web
/// UI's downloads).
pub(crate) fn stream_response(app: App, company: CompanyId, content: DocumentContent) -> Response {
    let DocumentContent { document, chunks } = content;
    let id = document.id;
    let stream = futures_util::stream::unfold(0_u32, move |seq| {
        let app = app.clone();
        async move {
            if seq >= chunks {
                return None;
            }
            let item = match app.document_chunk(company, id, seq).await {
                Ok(Some(bytes)) => Ok(bytes),
                Ok(None) => Err(std::io::Error::other(format!(
                    "chunk {seq} of {id} is missing"
                ))),
                Err(e) => Err(std::io::Error::other(e.to_string())),
            };
            Some((item, seq.saturating_add(1)))
        }
    });
    let content_type = HeaderValue::from_str(&document.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static(casegate_app::DEFAULT_CONTENT_TYPE));
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename*=UTF-8''{}",
        percent_encode(&document.name)
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let mut response = (StatusCode::OK, Body::from_stream(stream)).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, content_type);
    headers.insert(CONTENT_LENGTH, HeaderValue::from(document.size));
    headers.insert(CONTENT_DISPOSITION, disposition);
    headers.insert(
        axum::http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// RFC 5987 `attr-char` percent-encoding of a file name.
fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn file_names_are_percent_encoded() {
        assert_eq!(percent_encode("a b.pdf"), "a%20b.pdf");
        assert_eq!(percent_encode("é\"x"), "%C3%A9%22x");
    }
}
