//! Access requests in the web UI (A14–A16): the inbox of requests the viewer
//! may decide and the viewer's own requests (`GET /requests`), one request
//! (`GET /requests/{id}`, the link of the A15 email), and the approve, deny
//! and cancel forms.
//!
//! Decisions:
//! - Who may see or decide a request is the App's call: a request is shown
//!   when `App::access_requests` lists it (the viewer's own, or one they may
//!   decide), anything else is a 404; the forms call the App and show its
//!   refusals.
//! - "First decision wins" (A16): when someone else decided first, the App
//!   answers `Conflict`; the page the form was on is shown again with
//!   `?conflict=<id>` and a notice naming who decided and when, not an error.
//! - After a form, back to the page it was on (its hidden `back` field, a
//!   local `/requests...` path, anything else falls back to `/requests`)
//!   with `?done=approved|denied|cancelled`.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, AppError, RequestFilter, RequestView};
use casegate_core::{AccessRequestId, RequestStatus, Timestamp};
use serde::Deserialize;

use super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::wording::shown;
use super::{Tr, html};

/// How many requests one read of the App returns.
const BATCH: usize = 100;

/// How many reads the pages make at most (the newest requests first).
const MAX_BATCHES: usize = 10;

/// How many decided requests the inbox keeps below the pending ones.
const RECENT_DECIDED: usize = 20;

/// The requests pages' routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/requests", get(list))
        .route("/requests/{id}", get(one))
        .route("/requests/{id}/approve", post(approve))
        .route("/requests/{id}/deny", post(deny))
        .route("/requests/{id}/cancel", post(cancel))
}

/// A moment, for a `<time>` element.
#[derive(Clone)]
struct When {
    /// RFC 3339, for the `datetime` attribute.
    iso: String,
    /// As the viewer's language writes it.
    text: String,
}

impl When {
    fn new(t: &Tr, at: &Timestamp) -> When {
        When {
            iso: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            text: t.datetime(at),
        }
    }
}

/// One request as the pages show it.
struct Item {
    id: String,
    client_id: String,
    client_name: String,
    requester: String,
    message: Option<String>,
    created: When,
    expires: When,
    state: RequestStatus,
    /// `requests-status-*`.
    status: &'static str,
    pending: bool,
    /// Who decided (or cancelled), when.
    decided_by: Option<String>,
    decided_at: Option<When>,
    reason: Option<String>,
    /// Pending, and someone else's: the viewer may decide it (the App listed it).
    can_decide: bool,
    /// Pending, and the viewer's own.
    can_cancel: bool,
    /// The viewer asked for it.
    mine: bool,
}

impl Item {
    fn new(t: &Tr, me: &Viewer, view: RequestView) -> Item {
        let r = view.request;
        let mine = r.requester_id == me.actor.user_id;
        let pending = r.status == RequestStatus::Pending;
        Item {
            id: r.id.to_string(),
            client_id: r.client_id.to_string(),
            client_name: shown(t, &view.client_name, view.client_standing),
            requester: shown(t, &view.requester.name, view.requester.standing),
            message: r.message,
            created: When::new(t, &r.created_at),
            expires: When::new(t, &r.expires_at),
            state: r.status,
            status: status_key(r.status),
            pending,
            decided_by: view.decided_by.map(|n| shown(t, &n.name, n.standing)),
            decided_at: r.decided_at.as_ref().map(|at| When::new(t, at)),
            reason: r.reason,
            can_decide: pending && !mine,
            can_cancel: pending && mine,
            mine,
        }
    }

    /// The line saying who decided (A16): "Approved by Olga".
    fn decided_line(&self, t: &Tr) -> String {
        let who = self.decided_by.as_deref().unwrap_or("");
        match self.state {
            RequestStatus::Approved => t.arg("requests-approved-by", "name", who),
            RequestStatus::Denied => t.arg("requests-denied-by", "name", who),
            RequestStatus::Cancelled => t.arg("requests-cancelled-by", "name", who),
            RequestStatus::Expired => t.get("requests-expired-line"),
            RequestStatus::Pending => String::new(),
        }
    }

    /// When it was decided, cancelled or expired.
    fn decided_when(&self) -> Option<&When> {
        match self.state {
            RequestStatus::Expired => Some(&self.expires),
            _ => self.decided_at.as_ref(),
        }
    }
}

/// The Fluent key of a status.
fn status_key(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Pending => "requests-status-pending",
        RequestStatus::Approved => "requests-status-approved",
        RequestStatus::Denied => "requests-status-denied",
        RequestStatus::Cancelled => "requests-status-cancelled",
        RequestStatus::Expired => "requests-status-expired",
    }
}

/// `?done=` after a form, `?conflict=<id>` when someone decided first.
#[derive(Deserialize)]
pub(crate) struct Flags {
    done: Option<String>,
    conflict: Option<String>,
}

impl Flags {
    /// The notice key of `?done=`.
    fn done_key(&self) -> Option<&'static str> {
        match self.done.as_deref() {
            Some("approved") => Some("requests-done-approved"),
            Some("denied") => Some("requests-done-denied"),
            Some("cancelled") => Some("requests-done-cancelled"),
            _ => None,
        }
    }
}

/// The conflict notice: the request someone else decided first, if the
/// viewer can see it.
fn conflict_of<'a>(flags: &Flags, items: impl Iterator<Item = &'a Item>) -> Option<&'a Item> {
    let wanted = flags.conflict.as_deref()?;
    items.filter(|i| i.id == wanted).last()
}

#[derive(Template)]
#[template(path = "requests.html")]
struct ListPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    inbox: Vec<Item>,
    mine: Vec<Item>,
    /// How many wait for the viewer's decision, written for the language.
    pending: String,
    has_pending: bool,
    done: Option<&'static str>,
    /// `?conflict=` was given.
    conflict: bool,
    conflict_line: Option<Conflict>,
    back: String,
}

#[derive(Template)]
#[template(path = "requests_one.html")]
struct OnePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    /// The one request (a list, for the shared item template).
    items: Vec<Item>,
    done: Option<&'static str>,
    conflict: bool,
    conflict_line: Option<Conflict>,
    back: String,
}

/// Every request the viewer may see (own, or may decide), newest first,
/// read batch by batch until `stop` says enough.
async fn requests(
    app: &App,
    me: &Viewer,
    mut stop: impl FnMut(&RequestView) -> bool,
) -> Result<Vec<RequestView>, AppError> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_BATCHES {
        let page = app
            .access_requests(
                &me.actor,
                RequestFilter::default(),
                cursor.as_deref(),
                BATCH,
            )
            .await?;
        let mut done = false;
        for view in page.items {
            done = done || stop(&view);
            out.push(view);
        }
        match page.next {
            Some(next) if !done => cursor = Some(next.encode()),
            _ => break,
        }
    }
    Ok(out)
}

/// The conflict notice: who decided first, and when (A16).
struct Conflict {
    line: String,
    at: Option<When>,
}

/// The conflict notice of a request.
fn conflict_line(t: &Tr, item: &Item) -> Conflict {
    Conflict {
        line: item.decided_line(t),
        at: item.decided_when().cloned(),
    }
}

/// `GET /requests`: "To decide" (pending first, then the recent decided
/// ones) and "My requests".
pub(crate) async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    Query(flags): Query<Flags>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let views = match requests(&app, &me, |_| false).await {
        Ok(views) => views,
        Err(err) => return failure(&me.t, &err),
    };
    let (mine, others): (Vec<Item>, Vec<Item>) = views
        .into_iter()
        .map(|v| Item::new(&me.t, &me, v))
        .partition(|i| i.mine);
    let (mut inbox, decided): (Vec<Item>, Vec<Item>) = others.into_iter().partition(|i| i.pending);
    let pending = inbox.len();
    let has_pending = pending > 0;
    inbox.extend(decided.into_iter().take(RECENT_DECIDED));
    let conflict_line =
        conflict_of(&flags, inbox.iter().chain(mine.iter())).map(|i| conflict_line(&me.t, i));
    let page = ListPage {
        t: &me.t,
        me: Some(&me),
        pending: me.t.number(u64::try_from(pending).unwrap_or(u64::MAX)),
        has_pending,
        done: flags.done_key(),
        conflict: flags.conflict.is_some(),
        conflict_line,
        back: "/requests".to_owned(),
        inbox,
        mine,
    };
    html(StatusCode::OK, page.render())
}

/// `GET /requests/{id}`: one request the viewer may see, else 404.
pub(crate) async fn one(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(flags): Query<Flags>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(wanted) = id.parse::<AccessRequestId>() else {
        return not_found(&me.t);
    };
    let found = match requests(&app, &me, |v| v.request.id == wanted).await {
        Ok(views) => views.into_iter().find(|v| v.request.id == wanted),
        Err(err) => return failure(&me.t, &err),
    };
    let Some(view) = found else {
        return not_found(&me.t);
    };
    let item = Item::new(&me.t, &me, view);
    let conflict_line =
        conflict_of(&flags, std::iter::once(&item)).map(|i| conflict_line(&me.t, i));
    let page = OnePage {
        t: &me.t,
        me: Some(&me),
        done: flags.done_key(),
        conflict: flags.conflict.is_some(),
        conflict_line,
        back: format!("/requests/{wanted}"),
        items: vec![item],
    };
    html(StatusCode::OK, page.render())
}

fn not_found(t: &Tr) -> Response {
    message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
}

/// The approve and cancel forms.
#[derive(Deserialize)]
pub(crate) struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
}

/// The deny form.
#[derive(Deserialize)]
pub(crate) struct DenyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back: String,
    #[serde(default)]
    reason: String,
}

/// The page to go back to: a local `/requests` or `/requests/<id>` path,
/// its query dropped; anything else is `/requests` (never another site).
fn back_to(back: &str) -> String {
    let path = back.split(['?', '#']).next().unwrap_or("");
    let ok = path == "/requests"
        || path.strip_prefix("/requests/").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if ok {
        path.to_owned()
    } else {
        "/requests".to_owned()
    }
}

/// The answer to a decision or cancellation: back with `?done=`, back with
/// `?conflict=` when it was decided first by someone else, else the App's
/// refusal.
fn outcome<T>(
    t: &Tr,
    result: Result<T, AppError>,
    back: &str,
    id: AccessRequestId,
    done: &str,
) -> Response {
    let back = back_to(back);
    match result {
        Ok(_) => Redirect::to(&format!("{back}?done={done}")).into_response(),
        Err(AppError::Conflict(_)) => {
            Redirect::to(&format!("{back}?conflict={id}")).into_response()
        }
        Err(err) => failure(t, &err),
    }
}

/// `POST /requests/{id}/approve` (A16).
pub(crate) async fn approve(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(id) = id.parse::<AccessRequestId>() else {
        return not_found(&me.t);
    };
    let result = app.approve_request(&me.actor, id).await;
    outcome(&me.t, result, &form.back, id, "approved")
}

/// `POST /requests/{id}/deny` (A16), with an optional reason.
pub(crate) async fn deny(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<DenyForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(id) = id.parse::<AccessRequestId>() else {
        return not_found(&me.t);
    };
    let reason = Some(form.reason.trim().to_owned()).filter(|r| !r.is_empty());
    let result = app.deny_request(&me.actor, id, reason).await;
    outcome(&me.t, result, &form.back, id, "denied")
}

/// `POST /requests/{id}/cancel` (A16): the requester, while pending.
pub(crate) async fn cancel(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActionForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(id) = id.parse::<AccessRequestId>() else {
        return not_found(&me.t);
    };
    let result = app.cancel_request(&me.actor, id).await;
    outcome(&me.t, result, &form.back, id, "cancelled")
}

#[cfg(test)]
mod tests {
    use super::back_to;

    #[test]
    fn back_is_a_local_requests_path() {
        assert_eq!(back_to("/requests"), "/requests");
        assert_eq!(back_to("/requests?done=approved"), "/requests");
        assert_eq!(back_to("/requests/0193-ab"), "/requests/0193-ab");
        assert_eq!(back_to("https://evil.test/requests"), "/requests");
        assert_eq!(back_to("//evil.test"), "/requests");
        assert_eq!(back_to("/requests/../admin"), "/requests");
        assert_eq!(back_to("/requests//evil.test"), "/requests");
        assert_eq!(back_to("/clients"), "/requests");
        assert_eq!(back_to(""), "/requests");
    }
}
