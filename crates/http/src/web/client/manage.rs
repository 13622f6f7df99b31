//! The client page's wide actions: deleting the client after a page that
//! says what happens in numbers (its owner and admin-like roles), marking
//! it restricted or lifting it (X10, admin-like roles), and for a locked
//! client cancelling one's own pending request (A16). The App decides who
//! may; these handlers ask it and show its answer.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{App, AppError, ClientPatch, Message};
use casegate_core::{AccessRequestId, ClientId};
use serde::Deserialize;

use super::super::clients::counted;
use super::super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::super::{Tr, html};

/// The page of an id that is not a client's.
fn not_found(me: &Viewer) -> Response {
    message_page(
        &me.t,
        StatusCode::NOT_FOUND,
        "notfound-title",
        "notfound-body",
    )
}

#[derive(Template)]
#[template(path = "client_delete.html")]
struct DeletePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    id: String,
    name: String,
    people_line: String,
}

/// The confirmation page: the client's name and how many people can open
/// it now, all of whom lose it.
async fn delete_page(app: &App, me: &Viewer, client: ClientId, status: StatusCode) -> Response {
    let t = &me.t;
    let actions = match app.client_actions(&me.actor, client).await {
        Ok(actions) => actions,
        Err(err) => return failure(t, &err),
    };
    if !actions.may_delete {
        return failure(
            t,
            &AppError::Forbidden(Message::new("app-delete-client-forbidden")),
        );
    }
    let name = match app.client(&me.actor, client).await {
        Ok(c) => c.name,
        Err(err) => return failure(t, &err),
    };
    let page = DeletePage {
        t,
        me: Some(me),
        csrf: me.csrf.clone(),
        id: client.to_string(),
        name,
        people_line: counted(t, "clients-delete-people", actions.people),
    };
    html(status, page.render())
}

/// `GET /clients/{id}/delete`: asks before deleting; changes nothing.
pub(crate) async fn confirm_delete(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me);
    };
    delete_page(&app, &me, client, StatusCode::OK).await
}

/// The deletion form: `confirm=yes` from the confirmation page.
#[derive(Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /clients/{id}/delete`: without `confirm=yes` the confirmation page
/// again (nothing changes); with it the client and its shares end for
/// everyone, and the list says so.
pub(crate) async fn delete(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me);
    };
    if form.confirm != "yes" {
        return delete_page(&app, &me, client, StatusCode::CONFLICT).await;
    }
    match app.delete_client(&me.actor, client).await {
        Ok(_) => Redirect::to("/clients?done=deleted").into_response(),
        Err(err) => failure(&me.t, &err),
    }
}

/// The restriction form: `restricted=yes` marks it, anything else lifts it.
#[derive(Deserialize)]
pub(crate) struct RestrictForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    restricted: String,
}

/// `POST /clients/{id}/restricted` (X10): admin-like roles (the App refuses
/// anyone else).
pub(crate) async fn restrict(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<RestrictForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me);
    };
    let on = form.restricted == "yes";
    let patch = ClientPatch {
        restricted: Some(on),
        ..ClientPatch::default()
    };
    match app.update_client(&me.actor, client, patch).await {
        Ok(_) => {
            let flag = if on { "restricted" } else { "unrestricted" };
            Redirect::to(&format!("/clients/{client}?done={flag}")).into_response()
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// The cancel form of the locked page.
#[derive(Deserialize)]
pub(crate) struct CancelForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    request: String,
}

/// `POST /clients/{id}/request/cancel` (A16): the requester cancels their
/// pending request and is back on the locked page, with the form again.
pub(crate) async fn cancel_request(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<CancelForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(client), Ok(request)) = (
        id.parse::<ClientId>(),
        form.request.parse::<AccessRequestId>(),
    ) else {
        return not_found(&me);
    };
    match app.cancel_request(&me.actor, request).await {
        Ok(written) if written.value.request.client_id == client => {
            Redirect::to(&format!("/clients/{client}?done=cancelled")).into_response()
        }
        Ok(written) => Redirect::to(&format!(
            "/clients/{}?done=cancelled",
            written.value.request.client_id
        ))
        .into_response(),
        // Decided or expired meanwhile: the page says where it stands.
        Err(AppError::Conflict(_)) => Redirect::to(&format!("/clients/{client}")).into_response(),
        Err(err) => failure(&me.t, &err),
    }
}
