//! A file on the desk (SPEC Part C, the seed's "Gestion des accès au
//! dossier"): what it is and whom to ask, its shared documents (download,
//! upload), and the access of my entity's people — add a colleague,
//! revoke one, the "no longer has access" list with "give access again",
//! hand over to a successor (C8) and leave the file (C10).
//!
//! Every form is a plain POST with the session's CSRF token that answers
//! with a redirect (or the page again with its problems), so the page works
//! without JavaScript; one column of cards, so it reads at 360 px.

use askama::Template;
use axum::Form;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{App, AppError, ContactActor, ContactLine, ContactStatus, NewDocument};
use casegate_core::{AccountId, ClientId, DocumentId, DocumentVisibility, Timestamp};
use serde::Deserialize;

use super::{contact, role_key};
use crate::web::account::Problems;
use crate::web::client::documents::{Stop, multipart_stop, stream_part};
use crate::web::i18n::Tr;
use crate::web::pages::{TokenForm, Viewer, failure, message_page};
use crate::web::{check_post, html, session_csrf};

/// A document on the page.
struct DocRow {
    id: String,
    name: String,
    size: String,
    created_at: Timestamp,
}

/// A person of my entity on the file.
struct PersonRow {
    id: String,
    name: String,
    email: String,
    invited: bool,
    team_manager: bool,
    /// "Added by … on …".
    added: String,
    me: bool,
}

/// Someone who no longer has access.
struct FormerRow {
    name: String,
    email: String,
    /// "Revoked by … on …" (C5: the full record).
    revoked: String,
}

/// What the forms bring back to the page.
#[derive(Default)]
struct Shown {
    notice: Option<String>,
    error: Option<String>,
    /// The section the notice and error belong to (`documents`, `access`),
    /// where the redirect's anchor lands.
    about: &'static str,
    add_email: String,
    add_name: String,
    add_problems: Problems,
    successor: String,
    handover_problems: Problems,
}

#[derive(Template)]
#[template(path = "desk_file.html")]
struct FilePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    name: String,
    id: String,
    company: String,
    entity: String,
    role_key: &'static str,
    manager: String,
    manager_email: String,
    documents: Vec<DocRow>,
    current: Vec<PersonRow>,
    former: Vec<FormerRow>,
    shown: Shown,
}

/// `?done=` and `?error=` after a form.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Flags {
    done: Option<String>,
    error: Option<String>,
}

/// The add-a-colleague form (also "give access again").
#[derive(Debug, Deserialize)]
pub(crate) struct AddForm {
    csrf: String,
    email: String,
    #[serde(default)]
    name: String,
}

/// The handover form (C8).
#[derive(Debug, Deserialize)]
pub(crate) struct HandoverForm {
    csrf: String,
    successor_email: String,
    /// The checkbox "and end my own access".
    #[serde(default)]
    revoke_me: Option<String>,
}

fn here(client: ClientId, flag: &str) -> Response {
    let section =
        if flag.contains("document") || flag.contains("uploaded") || flag.contains("large") {
            "documents"
        } else {
            "access"
        };
    Redirect::to(&format!("/desk/files/{client}?{flag}#{section}")).into_response()
}

fn not_found(t: &Tr) -> Response {
    message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
}

/// A party's name as a line of the page says it.
fn who(name: Option<&casegate_app::PartyName>) -> String {
    name.map_or_else(|| "—".to_owned(), |p| p.name.clone())
}

fn person(t: &Tr, line: &ContactLine, me: AccountId) -> PersonRow {
    PersonRow {
        id: line.share.account_id.to_string(),
        name: line.name.clone(),
        email: line.email.clone(),
        invited: line.status == ContactStatus::Invited,
        team_manager: line.team_manager,
        added: t.args(
            "desk-added-by",
            &[
                ("name", &who(line.added_by.as_ref())),
                ("date", &t.date(&line.share.granted_at)),
            ],
        ),
        me: line.share.account_id == me,
    }
}

fn former(t: &Tr, line: &ContactLine) -> FormerRow {
    let at = line.share.revoked.map_or(line.share.granted_at, |r| r.at);
    FormerRow {
        name: line.name.clone(),
        email: line.email.clone(),
        revoked: t.args(
            "desk-revoked-by",
            &[
                ("name", &who(line.revoked_by.as_ref())),
                ("date", &t.date(&at)),
            ],
        ),
    }
}

/// The contact of the session and the page's language.
async fn signed_in(app: &App, headers: &HeaderMap) -> Result<(ContactActor, String, Tr), Response> {
    let (contact, token) = contact(app, headers).await?;
    let account = app
        .contact_account(&contact)
        .await
        .map_err(|err| failure(&Tr::from_headers(headers), &err))?;
    Ok((contact, token, Tr::new(account.language)))
}

/// Renders the file page with what the forms brought back.
async fn page(
    app: &App,
    contact: &ContactActor,
    token: &str,
    t: &Tr,
    client: ClientId,
    status: StatusCode,
    shown: Shown,
) -> Response {
    let file = match app.desk_file(contact, client).await {
        Ok(mut on) => on.swap_remove(0),
        Err(AppError::NotFound) => return not_found(t),
        Err(err) => return failure(t, &err),
    };
    let documents = match app.desk_documents(contact, client).await {
        Ok(docs) => docs,
        Err(err) => return failure(t, &err),
    };
    let (current, former) = match app.desk_file_contacts(contact, client).await {
        Ok(found) => found,
        Err(err) => return failure(t, &err),
    };
    let page = FilePage {
        t,
        me: None,
        csrf: session_csrf(token),
        name: file.name,
        id: client.to_string(),
        company: file.company_name,
        entity: file.entity_name,
        role_key: role_key(file.role),
        manager: file.manager_name,
        manager_email: file.manager_email,
        documents: documents
            .into_iter()
            .map(|d| DocRow {
                id: d.id.to_string(),
                name: d.name,
                size: crate::web::client::size(t, d.size),
                created_at: d.created_at,
            })
            .collect(),
        current: current
            .iter()
            .map(|l| person(t, l, contact.account_id))
            .collect(),
        former: former.iter().map(|l| self::former(t, l)).collect(),
        shown,
    };
    html(status, page.render())
}

/// `GET /desk/files/{id}`: the file, its documents and its access.
pub(crate) async fn file(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(flags): Query<Flags>,
) -> Response {
    let (contact, token, t) = match signed_in(&app, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&t);
    };
    let notice = match flags.done.as_deref() {
        Some("added") => Some(t.get("desk-done-added")),
        Some("revoked") => Some(t.get("desk-done-revoked")),
        Some("uploaded") => Some(t.get("desk-done-uploaded")),
        Some("handed") => Some(t.get("desk-done-handed")),
        _ => None,
    };
    let error = match flags.error.as_deref() {
        Some("document") => Some(t.get("desk-error-document")),
        Some("too-large") => Some(t.get("desk-error-too-large")),
        _ => None,
    };
    let about = match (flags.done.as_deref(), flags.error.as_deref()) {
        (Some("uploaded"), _) | (_, Some(_)) => "documents",
        _ => "access",
    };
    let shown = Shown {
        notice,
        error,
        about,
        ..Shown::default()
    };
    page(&app, &contact, &token, &t, client, StatusCode::OK, shown).await
}

/// `POST /desk/files/{id}/contacts`: a colleague for my entity (C3), or
/// someone of "no longer has access" given it again (C5).
pub(crate) async fn add(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AddForm>,
) -> Response {
    let (contact, token, t) = match signed_in(&app, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    if let Some(refused) = check_post(&headers, &t, Some(&session_csrf(&token)), &form.csrf) {
        return refused;
    }
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&t);
    };
    let name = Some(form.name.as_str()).filter(|n| !n.trim().is_empty());
    let problems = match app
        .desk_add_contact(&contact, client, None, &form.email, name)
        .await
    {
        Ok(_) => return here(client, "done=added"),
        Err(AppError::Validation(fields)) => Problems::of(&t, &fields),
        Err(AppError::Forbidden(message)) => Problems::one("email", t.message(&message)),
        Err(err) => return failure(&t, &err),
    };
    let shown = Shown {
        add_email: form.email,
        add_name: form.name,
        add_problems: problems,
        ..Shown::default()
    };
    page(
        &app,
        &contact,
        &token,
        &t,
        client,
        StatusCode::UNPROCESSABLE_ENTITY,
        shown,
    )
    .await
}

/// `POST /desk/files/{id}/contacts/{contact}/revoke`: revokes a colleague
/// (C3) or, for myself, leaves the file (C10) and goes back to "My files".
pub(crate) async fn revoke(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, target)): Path<(String, String)>,
    Form(form): Form<TokenForm>,
) -> Response {
    let (contact, token, t) = match signed_in(&app, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    if let Some(refused) = check_post(&headers, &t, Some(&session_csrf(&token)), &form.csrf) {
        return refused;
    }
    let (Ok(client), Ok(target)) = (id.parse::<ClientId>(), target.parse::<AccountId>()) else {
        return not_found(&t);
    };
    match app.desk_revoke_contact(&contact, client, target).await {
        Ok(_) if target == contact.account_id => Redirect::to("/desk?done=left").into_response(),
        Ok(_) => here(client, "done=revoked"),
        Err(err) => failure(&t, &err),
    }
}

/// `POST /desk/files/{id}/handover` (C8): every file I follow for this
/// file's entity goes to my successor; with the box ticked I leave them.
pub(crate) async fn handover(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HandoverForm>,
) -> Response {
    let (contact, token, t) = match signed_in(&app, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    if let Some(refused) = check_post(&headers, &t, Some(&session_csrf(&token)), &form.csrf) {
        return refused;
    }
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&t);
    };
    let entity = match app.desk_file(&contact, client).await {
        Ok(on) => match on.first() {
            Some(file) => file.entity_id,
            None => return not_found(&t),
        },
        Err(err) => return failure(&t, &err),
    };
    let revoke_me = form.revoke_me.is_some();
    let problems = match app
        .desk_handover(&contact, entity, &form.successor_email, revoke_me)
        .await
    {
        Ok(_) if revoke_me => return Redirect::to("/desk?done=handed").into_response(),
        Ok(_) => return here(client, "done=handed"),
        Err(AppError::Validation(fields)) => Problems::of(&t, &fields),
        Err(err) => return failure(&t, &err),
    };
    let shown = Shown {
        successor: form.successor_email,
        handover_problems: problems,
        ..Shown::default()
    };
    page(
        &app,
        &contact,
        &token,
        &t,
        client,
        StatusCode::UNPROCESSABLE_ENTITY,
        shown,
    )
    .await
}

/// `POST /desk/files/{id}/documents`: `csrf` first, then `file`; the
/// document is `shared`.
pub(crate) async fn upload(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let (contact, token, t) = match signed_in(&app, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&t);
    };
    let csrf = session_csrf(&token);
    let Ok(mut form) = form else {
        return check_post(&headers, &t, Some(&csrf), "")
            .unwrap_or_else(|| here(client, "error=document"));
    };
    let received = receive(&app, &headers, &t, &csrf, &contact, client, &mut form).await;
    match received {
        Ok(upload) => match upload.finish().await {
            Ok(_) => here(client, "done=uploaded"),
            Err(err) => failure(&t, &err),
        },
        Err(Stop::TooLarge) => here(client, "error=too-large"),
        Err(Stop::Invalid) => here(client, "error=document"),
        Err(Stop::Page(page)) => page,
    }
}

async fn receive(
    app: &App,
    headers: &HeaderMap,
    t: &Tr,
    csrf: &str,
    contact: &ContactActor,
    client: ClientId,
    form: &mut Multipart,
) -> Result<casegate_app::DocumentUpload, Stop> {
    let mut checked = false;
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(|e| multipart_stop(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if !checked {
            let given = if name == "csrf" {
                field.text().await.map_err(|e| multipart_stop(&e))?
            } else {
                String::new()
            };
            if let Some(refused) = check_post(headers, t, Some(csrf), &given) {
                return Err(Stop::Page(refused));
            }
            checked = true;
            continue;
        }
        if name != "file" || upload.is_some() {
            return Err(Stop::Invalid);
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        if file_name.is_empty() {
            return Err(Stop::Invalid);
        }
        let input = NewDocument {
            name: file_name,
            content_type: field.content_type().map(str::to_owned),
            visibility: DocumentVisibility::Shared,
        };
        let mut up = match app.desk_begin_upload(contact, client, input).await {
            Ok(up) => up,
            Err(AppError::Validation(_)) => return Err(Stop::Invalid),
            Err(err) => return Err(Stop::Page(failure(t, &err))),
        };
        stream_part(&mut up, &mut field, t).await?;
        upload = Some(up);
    }
    if !checked {
        return Err(Stop::Page(
            check_post(headers, t, Some(csrf), "")
                .unwrap_or_else(|| here(client, "error=document")),
        ));
    }
    upload.ok_or(Stop::Invalid)
}

/// `GET /desk/files/{id}/documents/{doc}`: a shared document's bytes,
/// recorded (X9).
pub(crate) async fn download(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, doc)): Path<(String, String)>,
) -> Response {
    let (contact, _, t) = match signed_in(&app, &headers).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let (Ok(client), Ok(doc)) = (id.parse::<ClientId>(), doc.parse::<DocumentId>()) else {
        return not_found(&t);
    };
    match app.desk_open_document(&contact, doc).await {
        Ok((company, content)) if content.document.client_id == client => {
            crate::api::documents::stream_response(app, company, content)
        }
        Ok(_) => not_found(&t),
        Err(err) => failure(&t, &err),
    }
}
