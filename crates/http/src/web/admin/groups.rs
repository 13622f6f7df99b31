//! Groups: the list and the create form, one group's page (rename, members
//! with A21 removal, a no-JS member search) and A20's deletion: first the
//! impact the App counts, then an explicit confirmation.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, AppError, GroupView};
use casegate_core::{GroupId, User, UserId};
use serde::Deserialize;

use super::{DoneQuery, caps, done_message, forbidden, form_problems, not_found};
use crate::web::pages::{Viewer, failure, signed_post, viewer};
use crate::web::{Tr, check_post, html};

/// How many staff members the member search reads at most.
const SEARCH_SCAN: usize = 1000;
/// How many matches the member search shows.
const SEARCH_SHOWN: usize = 20;
/// How many staff members the create form offers as checkboxes; more are
/// added on the group's page.
const CREATE_CHOICES: usize = 50;

/// The group routes.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/admin/groups", get(list).post(create))
        .route("/admin/groups/{id}", get(group))
        .route("/admin/groups/{id}/rename", post(rename))
        .route("/admin/groups/{id}/members", post(add_member))
        .route(
            "/admin/groups/{id}/members/{user}/remove",
            post(remove_member),
        )
        .route(
            "/admin/groups/{id}/delete",
            get(confirm_delete).post(delete),
        )
}

/// One row of the list.
struct Row {
    id: String,
    name: String,
    members: String,
}

/// A staff member offered as a member of a new group.
struct Choice {
    id: String,
    name: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin_groups.html")]
struct ListPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    rows: Vec<Row>,
    name: String,
    choices: Vec<Choice>,
    /// More staff than the create form offers.
    more: bool,
    done: Option<String>,
    errors: Vec<String>,
}

/// What the create form had: the name, the ticked members, the errors.
#[derive(Default)]
struct Typed {
    name: String,
    members: Vec<String>,
    done: Option<String>,
    errors: Vec<String>,
}

/// The list page, with what was typed and the errors of a failed create.
async fn list_page(app: &App, me: &Viewer, status: StatusCode, typed: Typed) -> Response {
    let groups = match app.groups(&me.actor).await {
        Ok(g) => g,
        Err(err) => return failure(&me.t, &err),
    };
    let staff = match app.users(&me.actor, None, CREATE_CHOICES).await {
        Ok(p) => p,
        Err(err) => return failure(&me.t, &err),
    };
    let more = staff.next.is_some();
    let choices = staff
        .items
        .into_iter()
        .filter(|u| u.active)
        .map(|u| Choice {
            checked: typed.members.contains(&u.id.to_string()),
            id: u.id.to_string(),
            name: u.name,
        })
        .collect();
    let rows = groups
        .into_iter()
        .map(|g| Row {
            id: g.id.to_string(),
            name: g.name,
            members: me.t.number(u64::try_from(g.members.len()).unwrap_or(0)),
        })
        .collect();
    let page = ListPage {
        t: &me.t,
        me: Some(me),
        csrf: me.csrf.clone(),
        rows,
        name: typed.name,
        choices,
        more,
        done: typed.done,
        errors: typed.errors,
    };
    html(status, page.render())
}

/// `GET /admin/groups`: every group with its member count, and the create form.
pub(crate) async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<DoneQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !caps(&me).staff {
        return forbidden(&me.t);
    }
    let typed = Typed {
        done: done_message(&me.t, query.done.as_deref()),
        ..Typed::default()
    };
    list_page(&app, &me, StatusCode::OK, typed).await
}

/// The rename form.
#[derive(Deserialize)]
pub(crate) struct NameForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

/// `POST /admin/groups`: `csrf`, `name` and one `member` per ticked box
/// (repeated keys, hence the pairs); then the new group's page.
pub(crate) async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let field = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if let Some(refused) = check_post(&headers, &me.t, Some(&me.csrf), &field("csrf")) {
        return refused;
    }
    let mut typed = Typed {
        name: field("name"),
        members: pairs
            .iter()
            .filter(|(k, _)| k == "member")
            .map(|(_, v)| v.clone())
            .collect(),
        ..Typed::default()
    };
    let Ok(members) = typed
        .members
        .iter()
        .map(|m| m.parse::<UserId>())
        .collect::<Result<Vec<_>, _>>()
    else {
        return not_found(&me.t);
    };
    match app.create_group(&me.actor, &typed.name, &members).await {
        Ok(written) => Redirect::to(&format!("/admin/groups/{}?done=created", written.value.id))
            .into_response(),
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => {
                typed.errors = lines;
                list_page(&app, &me, status, typed).await
            }
            None => failure(&me.t, &err),
        },
    }
}

/// A member of the group, or a match of the search.
struct Person {
    id: String,
    name: String,
    email: String,
}

impl Person {
    fn of(user: &User) -> Self {
        Person {
            id: user.id.to_string(),
            name: user.name.clone(),
            email: user.email.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_group.html")]
struct GroupPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    id: String,
    name: String,
    rename: String,
    members: Vec<Person>,
    find: String,
    found: Option<Vec<Person>>,
    done: Option<String>,
    errors: Vec<String>,
}

/// `?find=` of the member search and `?done=`.
#[derive(Deserialize)]
pub(crate) struct GroupQuery {
    find: Option<String>,
    done: Option<String>,
}

/// Active staff members matching `find` (name or email, any case) who are
/// not members yet.
async fn search(
    app: &App,
    me: &Viewer,
    find: &str,
    members: &[User],
) -> Result<Vec<Person>, AppError> {
    let needle = find.trim().to_lowercase();
    let mut found = Vec::new();
    let mut cursor: Option<String> = None;
    let mut scanned = 0;
    loop {
        let page = app.users(&me.actor, cursor.as_deref(), 200).await?;
        scanned += page.items.len();
        for user in page.items {
            let hit = user.name.to_lowercase().contains(&needle)
                || user.email.to_lowercase().contains(&needle);
            if hit && user.active && !members.iter().any(|m| m.id == user.id) {
                found.push(Person::of(&user));
            }
        }
        cursor = page.next.map(|c| c.encode());
        if cursor.is_none() || found.len() >= SEARCH_SHOWN || scanned >= SEARCH_SCAN {
            break;
        }
    }
    found.truncate(SEARCH_SHOWN);
    Ok(found)
}

/// What the group page shows beside the group: the search, a rename that
/// failed (what was typed, the errors), the status line.
#[derive(Default)]
struct Shown {
    find: String,
    rename: Option<String>,
    done: Option<String>,
    errors: Vec<String>,
}

/// The group page.
async fn group_page(
    app: &App,
    me: &Viewer,
    status: StatusCode,
    view: GroupView,
    shown: Shown,
) -> Response {
    let Shown {
        find,
        rename,
        done,
        errors,
    } = shown;
    let found = if find.trim().is_empty() {
        None
    } else {
        match search(app, me, &find, &view.members).await {
            Ok(found) => Some(found),
            Err(err) => return failure(&me.t, &err),
        }
    };
    let page = GroupPage {
        t: &me.t,
        me: Some(me),
        csrf: me.csrf.clone(),
        id: view.id.to_string(),
        rename: rename.unwrap_or_else(|| view.name.clone()),
        name: view.name,
        members: view.members.iter().map(Person::of).collect(),
        find,
        found,
        done,
        errors,
    };
    html(status, page.render())
}

/// `GET /admin/groups/{id}`: rename, members, add a member, delete.
pub(crate) async fn group(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<GroupQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !caps(&me).staff {
        return forbidden(&me.t);
    }
    let Ok(group_id) = id.parse::<GroupId>() else {
        return not_found(&me.t);
    };
    let view = match app.group(&me.actor, group_id).await {
        Ok(v) => v,
        Err(err) => return failure(&me.t, &err),
    };
    let shown = Shown {
        find: query.find.unwrap_or_default(),
        done: done_message(&me.t, query.done.as_deref()),
        ..Shown::default()
    };
    group_page(&app, &me, StatusCode::OK, view, shown).await
}

/// `POST /admin/groups/{id}/rename`.
pub(crate) async fn rename(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<NameForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(group_id) = id.parse::<GroupId>() else {
        return not_found(&me.t);
    };
    match app.rename_group(&me.actor, group_id, &form.name).await {
        Ok(_) => Redirect::to(&format!("/admin/groups/{group_id}?done=renamed")).into_response(),
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => match app.group(&me.actor, group_id).await {
                Ok(view) => {
                    let shown = Shown {
                        rename: Some(form.name),
                        errors: lines,
                        ..Shown::default()
                    };
                    group_page(&app, &me, status, view, shown).await
                }
                Err(err) => failure(&me.t, &err),
            },
            None => failure(&me.t, &err),
        },
    }
}

/// The add-member form.
#[derive(Deserialize)]
pub(crate) struct MemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    user_id: String,
}

/// `POST /admin/groups/{id}/members`.
pub(crate) async fn add_member(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<MemberForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(group_id), Ok(user_id)) = (id.parse::<GroupId>(), form.user_id.parse::<UserId>())
    else {
        return not_found(&me.t);
    };
    match app.add_member(&me.actor, group_id, user_id).await {
        Ok(_) => Redirect::to(&format!("/admin/groups/{group_id}?done=added")).into_response(),
        Err(err) => failure(&me.t, &err),
    }
}

/// `POST /admin/groups/{id}/members/{user}/remove` (A21): only the access
/// that came through this group ends.
pub(crate) async fn remove_member(
    State(app): State<App>,
    headers: HeaderMap,
    Path((id, user)): Path<(String, String)>,
    Form(form): Form<MemberForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let (Ok(group_id), Ok(user_id)) = (id.parse::<GroupId>(), user.parse::<UserId>()) else {
        return not_found(&me.t);
    };
    match app.remove_member(&me.actor, group_id, user_id).await {
        Ok(_) => Redirect::to(&format!("/admin/groups/{group_id}?done=removed")).into_response(),
        Err(err) => failure(&me.t, &err),
    }
}

#[derive(Template)]
#[template(path = "admin_group_delete.html")]
struct DeletePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    id: String,
    name: String,
    clients: String,
    users: String,
    /// The key of the clients line (one or several).
    clients_key: &'static str,
    users_key: &'static str,
}

/// A20: the confirmation page with the impact the App counted.
async fn delete_page(
    app: &App,
    me: &Viewer,
    status: StatusCode,
    group_id: GroupId,
    clients: usize,
    users: usize,
) -> Response {
    let name = match app.group(&me.actor, group_id).await {
        Ok(view) => view.name,
        Err(err) => return failure(&me.t, &err),
    };
    let count = |n: usize| me.t.number(u64::try_from(n).unwrap_or(u64::MAX));
    let page = DeletePage {
        t: &me.t,
        me: Some(me),
        csrf: me.csrf.clone(),
        id: group_id.to_string(),
        name,
        clients: count(clients),
        users: count(users),
        clients_key: if clients == 1 {
            "admin-delete-impact-client"
        } else {
            "admin-delete-impact-clients"
        },
        users_key: if users == 1 {
            "admin-delete-impact-user"
        } else {
            "admin-delete-impact-users"
        },
    };
    html(status, page.render())
}

/// `GET /admin/groups/{id}/delete` (A20): asks the App without confirmation,
/// which changes nothing and answers the impact.
pub(crate) async fn confirm_delete(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(group_id) = id.parse::<GroupId>() else {
        return not_found(&me.t);
    };
    match app.delete_group(&me.actor, group_id, false).await {
        Err(AppError::ConfirmationRequired { clients, users }) => {
            delete_page(&app, &me, StatusCode::OK, group_id, clients, users).await
        }
        // Without confirmation the App never deletes; should it ever, the
        // list says so.
        Ok(_) => Redirect::to("/admin/groups?done=deleted").into_response(),
        Err(err) => failure(&me.t, &err),
    }
}

/// The deletion form: `confirm=yes` is the explicit confirmation.
#[derive(Deserialize)]
pub(crate) struct DeleteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/groups/{id}/delete` (A20): without `confirm=yes` nothing
/// changes and the impact is shown again.
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
    let Ok(group_id) = id.parse::<GroupId>() else {
        return not_found(&me.t);
    };
    let confirmed = form.confirm == "yes";
    match app.delete_group(&me.actor, group_id, confirmed).await {
        Ok(_) => Redirect::to("/admin/groups?done=deleted").into_response(),
        Err(AppError::ConfirmationRequired { clients, users }) => {
            delete_page(&app, &me, StatusCode::CONFLICT, group_id, clients, users).await
        }
        Err(err) => failure(&me.t, &err),
    }
}
