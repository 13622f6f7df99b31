//! Leaving and handing over in the browser. "Deactivate" (A22) opens a
//! confirmation page that counts what the member holds (clients owned,
//! direct shares, groups) and says their sessions end at once; when they own
//! clients it asks for a successor and hands everything over in the same
//! step (X11, C8). "Hand over to a successor" does the handover alone. B1's
//! primary-admin handover gets a confirmation page of its own. The App
//! decides every change; these pages only say what it will do.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{App, AppError, HandoverCounts, Message, UserPatch};
use casegate_core::{Role, User, UserId};
use serde::Deserialize;

use super::staff::member_page;
use super::{caps, forbidden, form_problems, not_found};
use crate::web::pages::{Viewer, failure, message_page, signed_post, viewer};
use crate::web::{Tr, html};

/// Up to this many staff members, the successor is chosen from a list of
/// them all; past it, a search comes first.
const LIST_MAX: usize = 100;
/// How many staff members a search reads at most.
const SEARCH_SCAN: usize = 1000;
/// How many matches a search offers.
const SEARCH_SHOWN: usize = 20;

/// Which confirmation: deactivation (with a handover when needed), or a
/// handover alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Deactivate,
    Handover,
}

/// A staff member offered as successor.
struct Choice {
    id: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "admin_staff_leave.html")]
struct LeavePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    id: String,
    title: String,
    /// What the member holds, one sentence each, with numbers.
    impact: Vec<String>,
    /// A22: the sessions end at once (deactivation only).
    sessions: Option<String>,
    explain: String,
    deactivate: bool,
    /// A successor must be chosen (a handover, or an owner's deactivation).
    needs_successor: bool,
    /// The staff list is long: a search form (to this page) before the choice.
    search: bool,
    here: String,
    find: String,
    choices: Vec<Choice>,
    /// Why there is nobody to choose, if so.
    nobody: Option<String>,
    /// Where the confirmation posts.
    action: String,
    submit: String,
    done: Option<String>,
    errors: Vec<String>,
}

/// One sentence of the impact: `<key>-none`, `-one` or `-many` with the
/// member's name and the count, written for the language.
fn count_line(t: &Tr, key: &str, n: usize, name: &str) -> String {
    let form = match n {
        0 => "none",
        1 => "one",
        _ => "many",
    };
    let count = t.number(u64::try_from(n).unwrap_or(u64::MAX));
    t.args(
        &format!("{key}-{form}"),
        &[("name", name), ("count", &count)],
    )
}

/// The impact sentences of `held`.
fn impact(t: &Tr, held: HandoverCounts, name: &str) -> Vec<String> {
    vec![
        count_line(t, "admin-leaver-owned", held.owned, name),
        count_line(t, "admin-leaver-shares", held.shares, name),
        count_line(t, "admin-leaver-groups", held.groups, name),
    ]
}

/// The active staff members other than `leaver` who may take over: all of
/// them when the staff fits one list, else the matches of `find` (none
/// before a search). The second value says whether the list is long.
async fn successors(
    app: &App,
    me: &Viewer,
    leaver: UserId,
    find: &str,
) -> Result<(Vec<User>, bool), AppError> {
    let first = app.users(&me.actor, None, LIST_MAX).await?;
    let eligible = |u: &User| u.active && u.id != leaver;
    if first.next.is_none() {
        return Ok((first.items.into_iter().filter(eligible).collect(), false));
    }
    let needle = find.trim().to_lowercase();
    if needle.is_empty() {
        return Ok((Vec::new(), true));
    }
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    let mut scanned = 0;
    loop {
        let page = app.users(&me.actor, cursor.as_deref(), 200).await?;
        scanned += page.items.len();
        found.extend(page.items.into_iter().filter(|u| {
            eligible(u)
                && (u.name.to_lowercase().contains(&needle)
                    || u.email.to_lowercase().contains(&needle))
        }));
        cursor = page.next.map(|c| c.encode());
        if cursor.is_none() || found.len() >= SEARCH_SHOWN || scanned >= SEARCH_SCAN {
            break;
        }
    }
    found.truncate(SEARCH_SHOWN);
    Ok((found, true))
}

/// What the confirmation page shows beside the member: the search, the
/// successor chosen before a refusal, the refusal's lines.
#[derive(Default)]
struct Shown {
    find: String,
    chosen: Option<String>,
    errors: Vec<String>,
}

/// The confirmation page of `mode` for `user`.
async fn leave_page(
    app: &App,
    me: &Viewer,
    status: StatusCode,
    user: &User,
    mode: Mode,
    shown: Shown,
) -> Response {
    let held = match app.holdings(&me.actor, user.id).await {
        Ok(h) => h,
        Err(err) => return failure(&me.t, &err),
    };
    let t = &me.t;
    let name = user.name.as_str();
    let deactivate = mode == Mode::Deactivate;
    let needs_successor = !deactivate || held.owned > 0;
    let (people, search) = if needs_successor {
        match successors(app, me, user.id, &shown.find).await {
            Ok(found) => found,
            Err(err) => return failure(t, &err),
        }
    } else {
        (Vec::new(), false)
    };
    let nobody = match (people.is_empty(), search, shown.find.trim().is_empty()) {
        (false, _, _) => None,
        (true, false, _) => Some(t.get("admin-successor-nobody")),
        (true, true, true) => Some(t.get("admin-successor-search-first")),
        (true, true, false) => Some(t.get("admin-successor-found-none")),
    };
    let choices = people
        .into_iter()
        .map(|u| Choice {
            selected: shown.chosen.as_deref() == Some(u.id.to_string().as_str()),
            id: u.id.to_string(),
            label: format!("{} ({})", u.name, u.email),
        })
        .collect();
    let (title, explain, action, submit) = match (deactivate, needs_successor) {
        (true, true) => (
            t.arg("admin-leaver-title", "name", name),
            t.arg("admin-leaver-successor-needed", "name", name),
            format!("/admin/staff/{}/active", user.id),
            t.arg("admin-leaver-confirm-handover", "name", name),
        ),
        (true, false) => (
            t.arg("admin-leaver-title", "name", name),
            t.arg("admin-leaver-no-successor", "name", name),
            format!("/admin/staff/{}/active", user.id),
            t.arg("admin-leaver-confirm", "name", name),
        ),
        (false, _) => (
            t.arg("admin-handover-page-title", "name", name),
            t.arg("admin-handover-page-explain", "name", name),
            format!("/admin/staff/{}/handover", user.id),
            t.get("admin-handover-confirm"),
        ),
    };
    let page = LeavePage {
        t,
        me: Some(me),
        csrf: me.csrf.clone(),
        id: user.id.to_string(),
        title,
        impact: impact(t, held, name),
        sessions: deactivate.then(|| t.arg("admin-leaver-sessions", "name", name)),
        explain,
        deactivate,
        needs_successor,
        search,
        here: match mode {
            Mode::Deactivate => format!("/admin/staff/{}/deactivate", user.id),
            Mode::Handover => format!("/admin/staff/{}/handover", user.id),
        },
        find: shown.find,
        choices,
        nobody,
        action,
        submit,
        done: None,
        errors: shown.errors,
    };
    html(status, page.render())
}

/// `?find=` of the successor search.
#[derive(Deserialize)]
pub(crate) struct FindQuery {
    find: Option<String>,
}

/// The member of a confirmation page, for a viewer who configures staff.
async fn member_of(app: &App, me: &Viewer, id: &str) -> Result<User, Response> {
    if !caps(me).staff {
        return Err(forbidden(&me.t));
    }
    let Ok(user_id) = id.parse::<UserId>() else {
        return Err(not_found(&me.t));
    };
    app.user(&me.actor, user_id)
        .await
        .map_err(|err| failure(&me.t, &err))
}

/// `GET /admin/staff/{id}/deactivate` (A22, X11): what deactivating the
/// member means, in numbers, and the confirmation (with a successor when
/// they own clients).
pub(crate) async fn confirm_deactivate(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<FindQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let user = match member_of(&app, &me, &id).await {
        Ok(u) => u,
        Err(refused) => return refused,
    };
    if !user.active {
        return Redirect::to(&format!("/admin/staff/{}", user.id)).into_response();
    }
    let shown = Shown {
        find: query.find.unwrap_or_default(),
        ..Shown::default()
    };
    leave_page(&app, &me, StatusCode::OK, &user, Mode::Deactivate, shown).await
}

/// `GET /admin/staff/{id}/handover` (C8): what passes on, the successor's
/// choice and the confirmation; the member stays active.
pub(crate) async fn confirm_handover(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<FindQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let user = match member_of(&app, &me, &id).await {
        Ok(u) => u,
        Err(refused) => return refused,
    };
    let shown = Shown {
        find: query.find.unwrap_or_default(),
        ..Shown::default()
    };
    leave_page(&app, &me, StatusCode::OK, &user, Mode::Handover, shown).await
}

/// A successor field as typed: empty is none; `Err` for one that is not an id.
fn successor_field(value: &str) -> Result<Option<UserId>, ()> {
    match value.trim() {
        "" => Ok(None),
        id => id.parse::<UserId>().map(Some).map_err(|_| ()),
    }
}

/// Shows a refusal of a handover or deactivation on its confirmation page;
/// the refusals that get a page of their own get it.
async fn refused(
    app: &App,
    me: &Viewer,
    user_id: UserId,
    mode: Mode,
    chosen: Option<String>,
    err: &AppError,
) -> Response {
    let (status, errors) = match err {
        AppError::OwnsClients { .. } => (
            StatusCode::CONFLICT,
            vec![me.t.get("admin-leaver-choose-first")],
        ),
        other => match form_problems(&me.t, other) {
            Some(problems) => problems,
            None => return failure(&me.t, err),
        },
    };
    let user = match app.user(&me.actor, user_id).await {
        Ok(u) => u,
        Err(err) => return failure(&me.t, &err),
    };
    let shown = Shown {
        chosen,
        errors,
        ..Shown::default()
    };
    leave_page(app, me, status, &user, mode, shown).await
}

/// The deactivate/reactivate form; `successor_id` from the confirmation page.
#[derive(Deserialize)]
pub(crate) struct ActiveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    successor_id: String,
}

/// `POST /admin/staff/{id}/active` (A22): `active=false` ends the member's
/// sessions and access at once, after handing over to `successor_id` when
/// given (X11; the App refuses an owner's deactivation without one);
/// `true` lets them sign in again.
pub(crate) async fn set_active(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActiveForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(user_id), Ok(successor_id)) =
        (id.parse::<UserId>(), successor_field(&form.successor_id))
    else {
        return not_found(&me.t);
    };
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => {
            return message_page(
                &me.t,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-title",
                "invalid-body",
            );
        }
    };
    let patch = UserPatch {
        active: Some(active),
        successor_id: successor_id.filter(|_| !active),
        ..UserPatch::default()
    };
    let handed_over = patch.successor_id.is_some();
    match app.update_user(&me.actor, user_id, patch).await {
        Ok(_) => {
            let done = match (active, handed_over) {
                (true, _) => "reactivated",
                (false, true) => "deactivated-handover",
                (false, false) => "deactivated",
            };
            Redirect::to(&format!("/admin/staff/{user_id}?done={done}")).into_response()
        }
        Err(err @ AppError::OwnsClients { .. }) => {
            refused(&app, &me, user_id, Mode::Deactivate, None, &err).await
        }
        Err(AppError::Validation(fields)) if fields.contains_key("successor_id") => {
            let err = AppError::Validation(fields);
            let chosen = successor_id.map(|s| s.to_string());
            refused(&app, &me, user_id, Mode::Deactivate, chosen, &err).await
        }
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => match app.user(&me.actor, user_id).await {
                Ok(stored) => member_page(&me, status, &stored, &stored, None, lines),
                Err(err) => failure(&me.t, &err),
            },
            None => failure(&me.t, &err),
        },
    }
}

/// The handover form.
#[derive(Deserialize)]
pub(crate) struct HandoverForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    successor_id: String,
}

/// `POST /admin/staff/{id}/handover` (C8): the successor takes over the
/// member's clients, gets their direct shares and joins their groups; the
/// member stays active with their own access.
pub(crate) async fn handover(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<HandoverForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(user_id), Ok(successor_id)) =
        (id.parse::<UserId>(), successor_field(&form.successor_id))
    else {
        return not_found(&me.t);
    };
    let Some(successor_id) = successor_id else {
        let err = AppError::invalid("successor_id", Message::new("admin-choose-one"));
        return refused(&app, &me, user_id, Mode::Handover, None, &err).await;
    };
    match app.handover(&me.actor, user_id, successor_id).await {
        Ok(_) => Redirect::to(&format!("/admin/staff/{user_id}?done=handover")).into_response(),
        Err(err) => {
            let chosen = Some(successor_id.to_string());
            refused(&app, &me, user_id, Mode::Handover, chosen, &err).await
        }
    }
}

#[derive(Template)]
#[template(path = "admin_staff_primary.html")]
struct PrimaryPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    id: String,
    name: String,
}

/// B1: the confirmation page of the primary-admin handover to `user`, for
/// the primary admin alone (whom the App alone lets do it).
fn primary_page(me: &Viewer, status: StatusCode, user: &User) -> Response {
    if me.user.role != Role::PrimaryAdmin || user.id == me.user.id || !user.active {
        return forbidden(&me.t);
    }
    let page = PrimaryPage {
        t: &me.t,
        me: Some(me),
        csrf: me.csrf.clone(),
        id: user.id.to_string(),
        name: user.name.clone(),
    };
    html(status, page.render())
}

/// `GET /admin/staff/{id}/primary-admin` (B1): who becomes primary admin,
/// what the current one becomes, and the confirmation.
pub(crate) async fn confirm_primary_admin(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    match member_of(&app, &me, &id).await {
        Ok(user) => primary_page(&me, StatusCode::OK, &user),
        Err(refused) => refused,
    }
}

/// The primary-admin handover form: `confirm=yes` is the confirmation.
#[derive(Deserialize)]
pub(crate) struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/staff/{id}/primary-admin` (B1): with `confirm=yes` the
/// primary admin hands the role over and becomes an admin; without it the
/// confirmation page again, nothing changed.
pub(crate) async fn primary_admin(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(user_id) = id.parse::<UserId>() else {
        return not_found(&me.t);
    };
    if form.confirm != "yes" {
        return match member_of(&app, &me, &id).await {
            Ok(user) => primary_page(&me, StatusCode::CONFLICT, &user),
            Err(refused) => refused,
        };
    }
    match app.hand_over_primary_admin(&me.actor, user_id).await {
        Ok(_) => Redirect::to(&format!("/admin/staff/{user_id}?done=handed-over")).into_response(),
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => match app.user(&me.actor, user_id).await {
                Ok(stored) => member_page(&me, status, &stored, &stored, None, lines),
                Err(err) => failure(&me.t, &err),
            },
            None => failure(&me.t, &err),
        },
    }
}
