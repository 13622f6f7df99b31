//! The client page: the fields (masked per B8), and for a locked client the
//! requester's view (A13) with "Request access" or the A17 notice.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{App, AppError, mask};
use casegate_core::{Client, ClientId, Subject};
use serde::Deserialize;

use super::pages::{TokenForm, Viewer, failure, message_page, viewer};
use super::{Tr, check_post, html};

/// One name on the requester's view.
struct Person {
    name: String,
    kind: &'static str,
    owner: bool,
}

#[derive(Template)]
#[template(path = "client.html")]
struct ClientPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    id: String,
    client: Option<Client>,
    /// B8: the email and phone hidden from this viewer.
    hide_email: bool,
    hide_phone: bool,
    people: Vec<Person>,
    can_request: bool,
    owner: String,
    requested: bool,
}

/// `?requested=1` after asking.
#[derive(Deserialize)]
pub(crate) struct ClientQuery {
    requested: Option<String>,
}

/// `GET /clients/{id}`: the fields, or for a locked client the requester's view.
pub(crate) async fn client(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<ClientQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client_id) = id.parse::<ClientId>() else {
        return message_page(
            &me.t,
            StatusCode::NOT_FOUND,
            "notfound-title",
            "notfound-body",
        );
    };
    let mut page = ClientPage {
        t: &me.t,
        me: Some(&me),
        id: id.clone(),
        client: None,
        hide_email: false,
        hide_phone: false,
        people: Vec::new(),
        can_request: false,
        owner: String::new(),
        requested: query.requested.is_some(),
    };
    match app.open_client(&me.actor, client_id).await {
        Ok(card) => {
            page.hide_email = card.masking.hide_email;
            page.hide_phone = card.masking.hide_phone;
            page.client = Some(mask(card.client, card.masking));
        }
        Err(AppError::AccessDenied { .. }) => match app.access_panel(&me.actor, client_id).await {
            Ok(panel) => {
                page.can_request = panel.can_request;
                for line in panel.entries {
                    let kind = match line.subject.subject {
                        Subject::User(_) => "kind-user",
                        Subject::Group(_) => "kind-group",
                        Subject::Company => "kind-company",
                    };
                    if line.owner {
                        page.owner = line.subject.name.clone();
                    } else if line.subject.name == page.owner && kind == "kind-user" {
                        // The owner shared with directly: one line is enough.
                        continue;
                    }
                    page.people.push(Person {
                        name: line.subject.name,
                        kind,
                        owner: line.owner,
                    });
                }
            }
            Err(err) => return failure(&me.t, &err),
        },
        Err(err) => return failure(&me.t, &err),
    }
    html(StatusCode::OK, page.render())
}

/// `POST /clients/{id}/request` (A14): asks the owner and sharers for access.
pub(crate) async fn request_access(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenForm>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if let Some(refused) = check_post(&headers, &me.t, Some(&me.csrf), &form.csrf) {
        return refused;
    }
    let Ok(client_id) = id.parse::<ClientId>() else {
        return message_page(
            &me.t,
            StatusCode::NOT_FOUND,
            "notfound-title",
            "notfound-body",
        );
    };
    let message = Some(form.message.trim().to_owned()).filter(|m| !m.is_empty());
    match app.request_access(&me.actor, client_id, message).await {
        Ok(_) | Err(AppError::Conflict(_)) => {
            Redirect::to(&format!("/clients/{client_id}?requested=1")).into_response()
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// The client page's further routes (contents: activities, documents, packages, tags).
pub(crate) fn routes() -> axum::Router<App> {
    axum::Router::new()
}
