//! Documents on the client page (B6, B7, X9): the upload form
//! (`multipart/form-data`, its CSRF field first, the file streamed into
//! `App::begin_upload`, at most 25 MiB) and downloads streamed chunk by
//! chunk from `App::open_document` as an attachment.

use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{App, DocumentUpload, NewDocument};
use casegate_core::{ClientId, DocumentId, DocumentVisibility};

use super::super::check_post;
use super::super::pages::{Viewer, failure, message_page, viewer};

/// Back to the client page with an outcome flag.
fn back(client: ClientId, flag: &str) -> Response {
    Redirect::to(&format!("/clients/{client}?{flag}")).into_response()
}

/// The page of a client that is not one.
fn not_found(me: &Viewer) -> Response {
    message_page(
        &me.t,
        StatusCode::NOT_FOUND,
        "notfound-title",
        "notfound-body",
    )
}

/// Why an upload stopped before the App saw the whole file.
pub(crate) enum Stop {
    /// Past 25 MiB.
    TooLarge,
    /// A broken form, or no file.
    Invalid,
    /// The CSRF check or the App refused: this page.
    Page(Response),
}

/// A multipart failure: past the limit, or a broken form.
pub(crate) fn multipart_stop(e: &MultipartError) -> Stop {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Stop::TooLarge
    } else {
        Stop::Invalid
    }
}

/// `POST /clients/{id}/documents`: `csrf` (before the file), `visibility`
/// and `file`.
pub(crate) async fn upload(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me);
    };
    let Ok(mut form) = form else {
        // Not a multipart form at all: no CSRF token could be read.
        return check_post(&headers, &me.t, Some(&me.csrf), "")
            .unwrap_or_else(|| back(client, "error=document"));
    };
    match receive(&app, &headers, &me, client, &mut form).await {
        Ok(upload) => match upload.finish().await {
            Ok(_) => back(client, "done=document"),
            Err(err) => failure(&me.t, &err),
        },
        Err(Stop::TooLarge) => back(client, "error=too-large"),
        Err(Stop::Invalid) => back(client, "error=document"),
        Err(Stop::Page(page)) => page,
    }
}

/// Reads the form: the CSRF token must come first; the file is streamed to
/// the App as it arrives.
async fn receive(
    app: &App,
    headers: &HeaderMap,
    me: &Viewer,
    client: ClientId,
    form: &mut Multipart,
) -> Result<DocumentUpload, Stop> {
    let mut checked = false;
    let mut visibility = DocumentVisibility::Shared;
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(|e| multipart_stop(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if !checked {
            let given = if name == "csrf" {
                field.text().await.map_err(|e| multipart_stop(&e))?
            } else {
                String::new()
            };
            if let Some(refused) = check_post(headers, &me.t, Some(&me.csrf), &given) {
                return Err(Stop::Page(refused));
            }
            checked = true;
            continue;
        }
        match name.as_str() {
            "visibility" => {
                let text = field.text().await.map_err(|e| multipart_stop(&e))?;
                visibility = text
                    .trim()
                    .parse::<DocumentVisibility>()
                    .map_err(|_| Stop::Invalid)?;
            }
            "file" if upload.is_none() => {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                if file_name.is_empty() {
                    return Err(Stop::Invalid);
                }
                let input = NewDocument {
                    name: file_name,
                    content_type: field.content_type().map(str::to_owned),
                    visibility,
                };
                let mut up = match app.begin_upload(&me.actor, client, input).await {
                    Ok(up) => up,
                    Err(casegate_app::AppError::Validation(_)) => return Err(Stop::Invalid),
                    Err(err) => return Err(Stop::Page(failure(&me.t, &err))),
                };
                stream_part(&mut up, &mut field, &me.t).await?;
                upload = Some(up);
            }
            _ => return Err(Stop::Invalid),
        }
    }
    if !checked {
        return Err(Stop::Page(
            check_post(headers, &me.t, Some(&me.csrf), "")
                .unwrap_or_else(|| back(client, "error=document")),
        ));
    }
    let mut upload = upload.ok_or(Stop::Invalid)?;
    // The visibility may come after the file.
    upload.set_visibility(visibility);
    Ok(upload)
}

/// Streams a form's file part into an upload; past 25 MiB → `TooLarge`.
pub(crate) async fn stream_part(
    up: &mut DocumentUpload,
    field: &mut axum::extract::multipart::Field<'_>,
    t: &crate::web::Tr,
) -> Result<(), Stop> {
    let mut size = 0_usize;
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_stop(&e))? {
        size = size.saturating_add(chunk.len());
        if size > casegate_app::MAX_DOCUMENT_BYTES {
            return Err(Stop::TooLarge);
        }
        up.write(&chunk)
            .await
            .map_err(|err| Stop::Page(failure(t, &err)))?;
    }
    Ok(())
}

/// `GET /clients/{id}/documents/{doc}`: the bytes as an attachment,
/// recorded in the access log (X9).
pub(crate) async fn download(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, doc)): Path<(String, String)>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let (Ok(client), Ok(doc)) = (id.parse::<ClientId>(), doc.parse::<DocumentId>()) else {
        return not_found(&me);
    };
    match app.open_document(&me.actor, doc).await {
        Ok(content) if content.document.client_id == client => {
            crate::api::documents::stream_response(app, me.actor.company_id, content)
        }
        Ok(_) => not_found(&me),
        Err(err) => failure(&me.t, &err),
    }
}
