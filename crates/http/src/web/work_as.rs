//! B11 "work as" in the web UI: a contributor picks a member on `/work-as`;
//! the `casegate_work_as` cookie names them, and the client page's
//! activities are then listed and recorded as that member, exactly like the
//! API's `Casegate-Work-As` header (both identities recorded). Nothing else
//! changes: every other page and form acts as the signed-in user. The core
//! (`work_as_identity`) decides whom one may work as; [`current`] checks it
//! again on every page, so a cookie naming anyone else is ignored.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use casegate_app::{Actor, App};
use casegate_core::permissions::{capabilities_of, work_as_identity};
use casegate_core::{Role, UserId};
use serde::Deserialize;

use super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::{Tr, WORK_AS_COOKIE, cookie, html, set_cookie};

/// The work-as routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/work-as", get(page).post(start))
        .route("/work-as/stop", post(stop))
}

/// The member the viewer works as, from the work-as cookie: `None` without
/// the cookie (no store access then), and for anyone the core does not let
/// the viewer work as.
pub(crate) async fn current(
    app: &App,
    actor: &Actor,
    headers: &HeaderMap,
) -> Option<(UserId, String)> {
    let raw = cookie(headers, WORK_AS_COOKIE)?;
    let target = raw.trim().parse::<UserId>().ok()?;
    if actor.role != Role::Contributor {
        return None;
    }
    let me = app.me(actor).await.ok()?;
    let target = app.user(actor, target).await.ok()?;
    work_as_identity(&me, &target).map(|u| (u.id, u.name))
}

/// A member one may work as.
struct Member {
    id: String,
    name: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "work_as.html")]
struct WorkAsPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    members: Vec<Member>,
    stopped: bool,
}

/// `?stopped=1` after stopping.
#[derive(Deserialize)]
pub(crate) struct WorkAsQuery {
    stopped: Option<String>,
}

/// The 403 page of a viewer who may not work as anyone.
fn not_allowed(t: &Tr) -> Response {
    message_page(
        t,
        StatusCode::FORBIDDEN,
        "client-work-as-forbidden-title",
        "client-work-as-forbidden-body",
    )
}

/// `GET /work-as`: the members the contributor may work as.
async fn page(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<WorkAsQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !capabilities_of(&me.user).work_as {
        return not_allowed(&me.t);
    }
    let mut members = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let found = match app.users(&me.actor, cursor.as_deref(), 500).await {
            Ok(found) => found,
            Err(err) => return failure(&me.t, &err),
        };
        for user in found.items {
            if work_as_identity(&me.user, &user).is_some() {
                members.push(Member {
                    id: user.id.to_string(),
                    current: me.work_as.as_ref().is_some_and(|(id, _)| *id == user.id),
                    name: user.name,
                });
            }
        }
        match found.next {
            Some(next) => cursor = Some(next.encode()),
            None => break,
        }
    }
    let view = WorkAsPage {
        t: &me.t,
        me: Some(&me),
        members,
        stopped: query.stopped.is_some(),
    };
    html(StatusCode::OK, view.render())
}

/// The start form.
#[derive(Deserialize)]
pub(crate) struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    user: String,
}

/// `POST /work-as`: starts working as the chosen member (the core decides).
async fn start(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<StartForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(target) = form.user.trim().parse::<UserId>() else {
        return not_allowed(&me.t);
    };
    let target = match app.user(&me.actor, target).await {
        Ok(user) => user,
        Err(err) => return failure(&me.t, &err),
    };
    let Some(member) = work_as_identity(&me.user, &target) else {
        return not_allowed(&me.t);
    };
    let mut response = Redirect::to("/clients").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&app, &headers, WORK_AS_COOKIE, &member.id.to_string(), None),
    );
    response
}

/// The stop form: its CSRF token alone.
#[derive(Deserialize)]
pub(crate) struct StopForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /work-as/stop`: back to acting as oneself.
async fn stop(State(app): State<App>, headers: HeaderMap, Form(form): Form<StopForm>) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let to = if capabilities_of(&me.user).work_as {
        "/work-as?stopped=1"
    } else {
        "/clients"
    };
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&app, &headers, WORK_AS_COOKIE, "", Some(0)),
    );
    response
}
