//! Removing a share (A19) after a confirmation: the page says how many
//! people lose access (those who can open the client now and could not
//! after), names the first of them, or says that nobody does, and asks to
//! confirm. `App::revoke_impact` counts and changes nothing; a POST
//! without `confirm=yes` shows the page again (409), as deleting a group
//! does (A20).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use casegate_app::{App, AppError};
use casegate_core::{ClientId, Subject};
use serde::Deserialize;

use super::super::pages::{Viewer, failure, signed_post, viewer};
use super::super::wording::{counted, shown};
use super::super::{Tr, html};
use super::{back, invalid, not_found, parse_subject, person};

/// How many of those who lose access the page names.
const NAMED: usize = 20;

#[derive(Template)]
#[template(path = "sharing_remove.html")]
struct ConfirmPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    id: String,
    subject: String,
    title: String,
    /// "3 people will lose access…", or that nobody does.
    count: String,
    losing: Vec<String>,
    /// "and 12 more".
    more: Option<String>,
    /// Client access off: nothing is enforced right now.
    unmanaged: bool,
}

/// `?subject=` of the confirmation.
#[derive(Deserialize)]
pub(crate) struct SubjectQuery {
    #[serde(default)]
    subject: String,
}

/// The removal form: `confirm=yes` is the explicit confirmation.
#[derive(Deserialize)]
pub(crate) struct RemoveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    confirm: String,
}

/// The confirmation page, with what the App counted.
async fn page(
    app: &App,
    me: &Viewer,
    status: StatusCode,
    client: ClientId,
    subject: Subject,
    value: &str,
) -> Result<Response, AppError> {
    let t = &me.t;
    let impact = app.revoke_impact(&me.actor, client, subject, NAMED).await?;
    let client_name = app.client(&me.actor, client).await?.name;
    let managed = app.settings(&me.actor).await?.client_access_enabled;
    let title = match subject {
        Subject::Company => t.arg("sharing-remove-title-company", "client", &client_name),
        Subject::User(_) | Subject::Group(_) => t.args(
            "sharing-remove-title",
            &[
                ("client", &client_name),
                (
                    "name",
                    &shown(t, &impact.subject.name, impact.subject.standing),
                ),
            ],
        ),
    };
    let count = if impact.total == 0 {
        t.get("sharing-remove-lose-none")
    } else {
        counted(t, "sharing-remove-lose", impact.total)
    };
    let rest = impact.total.saturating_sub(impact.losing.len());
    let page = ConfirmPage {
        t,
        me: Some(me),
        id: client.to_string(),
        subject: value.to_owned(),
        title,
        count,
        losing: impact.losing.iter().map(|n| person(t, n)).collect(),
        more: (rest > 0).then(|| counted(t, "sharing-remove-more", rest)),
        unmanaged: !managed,
    };
    Ok(html(status, page.render()))
}

/// `GET /clients/{id}/sharing/remove?subject=`: the confirmation (A19).
pub(crate) async fn confirm(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<SubjectQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Some(subject) = parse_subject(&query.subject) else {
        return invalid(&me.t, "invalid-body");
    };
    page(&app, &me, StatusCode::OK, client, subject, &query.subject)
        .await
        .unwrap_or_else(|err| failure(&me.t, &err))
}

/// `POST /clients/{id}/sharing/remove` (A19): `App::revoke` with
/// `confirm=yes`; without it nothing changes and the page is shown again.
pub(crate) async fn remove(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<RemoveForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let Some(subject) = parse_subject(&form.subject) else {
        return invalid(&me.t, "invalid-body");
    };
    if form.confirm != "yes" {
        return page(
            &app,
            &me,
            StatusCode::CONFLICT,
            client,
            subject,
            &form.subject,
        )
        .await
        .unwrap_or_else(|err| failure(&me.t, &err));
    }
    match app.revoke(&me.actor, client, subject).await {
        Ok(_) => back(client, "removed"),
        Err(err) => failure(&me.t, &err),
    }
}
