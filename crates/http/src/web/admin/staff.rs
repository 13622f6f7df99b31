//! Staff: the list and the create form (B1), one member's page with role,
//! language, A7 "share all clients", the B3–B10 toggles where the core says
//! they apply, and the ways out of it (`handover`): A22 deactivation, C8
//! handover to a successor and B1's primary-admin handover, each behind a
//! confirmation page.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, NewUser, PermissionsPatch, UserPatch};
use casegate_core::permissions::{capabilities, may_hand_over};
use casegate_core::{Language, Permissions, Role, User, UserId, View};
use serde::Deserialize;

use super::{
    LanguageOption, caps, done_message, forbidden, form_problems, handover, language_options,
    not_found,
};
use crate::web::pages::{Viewer, failure, parse_language, signed_post, viewer};
use crate::web::{Tr, html};

/// How many members a page of the list shows.
const PAGE_SIZE: usize = 50;

/// The staff routes.
pub(super) fn routes() -> Router<App> {
    Router::new()
        .route("/admin/staff", get(list).post(create))
        .route("/admin/staff/{id}", get(member).post(save))
        .route("/admin/staff/{id}/active", post(handover::set_active))
        .route(
            "/admin/staff/{id}/deactivate",
            get(handover::confirm_deactivate),
        )
        .route(
            "/admin/staff/{id}/handover",
            get(handover::confirm_handover).post(handover::handover),
        )
        .route(
            "/admin/staff/{id}/primary-admin",
            get(handover::confirm_primary_admin).post(handover::primary_admin),
        )
        .route("/admin/staff/{id}/invitation", post(resend_invitation))
}

/// The translation key of a role's name.
fn role_key(role: Role) -> String {
    format!("admin-role-{}", role.as_str())
}

/// A role choice of a select.
struct RoleOption {
    value: &'static str,
    label: String,
    selected: bool,
}

/// The roles of `roles`, `chosen` selected.
fn role_options(t: &Tr, roles: &[Role], chosen: Option<Role>) -> Vec<RoleOption> {
    roles
        .iter()
        .map(|role| RoleOption {
            value: role.as_str(),
            label: t.get(&role_key(*role)),
            selected: Some(*role) == chosen,
        })
        .collect()
}

/// B3: whether the per-member toggles (B4–B10) count for `role`, asked of
/// the core: they do when the same role with every toggle on and every
/// toggle off gets different capabilities.
pub(super) fn toggles_apply(role: Role) -> bool {
    let on = Permissions {
        view: View::Shared,
        payments: true,
        documents: true,
        packages: true,
        hide_email: false,
        hide_phone: false,
        edit_rights: true,
        list_all_clients: true,
    };
    let off = Permissions {
        view: View::Restricted,
        payments: false,
        documents: false,
        packages: false,
        hide_email: true,
        hide_phone: true,
        edit_rights: false,
        list_all_clients: false,
    };
    capabilities(role, &on) != capabilities(role, &off)
}

/// One row of the list.
struct Row {
    id: String,
    name: String,
    email: String,
    role: String,
    active: bool,
    /// AC1: invited, no password chosen yet.
    invited: bool,
}

/// What was typed in the create form.
#[derive(Default)]
struct Typed {
    email: String,
    name: String,
    role: Option<Role>,
    language: Option<Language>,
    done: Option<String>,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin_staff.html")]
struct ListPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    rows: Vec<Row>,
    next: Option<String>,
    email: String,
    name: String,
    roles: Vec<RoleOption>,
    languages: Vec<LanguageOption>,
    done: Option<String>,
    errors: Vec<String>,
}

/// The list page, with what was typed and the errors of a failed create.
async fn list_page(
    app: &App,
    me: &Viewer,
    status: StatusCode,
    cursor: Option<&str>,
    typed: Typed,
) -> Response {
    let page = match app.users(&me.actor, cursor, PAGE_SIZE).await {
        Ok(p) => p,
        Err(err) => return failure(&me.t, &err),
    };
    let invited = match app.invited_users(&me.actor).await {
        Ok(ids) => ids,
        Err(err) => return failure(&me.t, &err),
    };
    let rows = page
        .items
        .into_iter()
        .map(|u| Row {
            id: u.id.to_string(),
            role: me.t.get(&role_key(u.role)),
            invited: invited.contains(&u.id),
            name: u.name,
            email: u.email,
            active: u.active,
        })
        .collect();
    // B1: exactly one primary admin, so a new member is never one.
    let creatable: Vec<Role> = Role::ALL
        .iter()
        .copied()
        .filter(|r| *r != Role::PrimaryAdmin)
        .collect();
    let view = ListPage {
        t: &me.t,
        me: Some(me),
        csrf: me.csrf.clone(),
        rows,
        next: page.next.map(|c| c.encode()),
        email: typed.email,
        name: typed.name,
        roles: role_options(&me.t, &creatable, Some(typed.role.unwrap_or(Role::User))),
        languages: language_options(typed.language),
        done: typed.done,
        errors: typed.errors,
    };
    html(status, view.render())
}

/// `?cursor=` and `?done=` of the list.
#[derive(Deserialize)]
pub(crate) struct ListQuery {
    cursor: Option<String>,
    done: Option<String>,
}

/// `GET /admin/staff`: name, email, role, active; the create form.
pub(crate) async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !caps(&me).staff {
        return forbidden(&me.t);
    }
    let cursor = query.cursor.filter(|c| !c.is_empty());
    let typed = Typed {
        done: done_message(&me.t, query.done.as_deref()),
        ..Typed::default()
    };
    list_page(&app, &me, StatusCode::OK, cursor.as_deref(), typed).await
}

/// The create form.
#[derive(Deserialize)]
pub(crate) struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/staff`: then the new member's page. Without a password the
/// App emails an invitation.
pub(crate) async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<CreateForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let mut typed = Typed {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.parse::<Role>().ok(),
        language: parse_language(&form.language),
        ..Typed::default()
    };
    let Some(role) = typed.role else {
        typed.errors.push(format!(
            "{}: {}",
            super::field_name(&me.t, "role"),
            me.t.get("admin-choose-one")
        ));
        return list_page(&app, &me, StatusCode::UNPROCESSABLE_ENTITY, None, typed).await;
    };
    let input = NewUser {
        email: form.email,
        name: form.name,
        role,
        password: Some(form.password).filter(|p| !p.is_empty()),
        language: typed.language,
    };
    match app.create_user(&me.actor, input).await {
        Ok(written) => {
            Redirect::to(&format!("/admin/staff/{}?done=created", written.value.id)).into_response()
        }
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => {
                typed.errors = lines;
                list_page(&app, &me, status, None, typed).await
            }
            None => failure(&me.t, &err),
        },
    }
}

/// One B4–B10 checkbox of the member page.
struct ToggleBox {
    /// Field name and id.
    name: &'static str,
    /// Translation key of the label (`admin-toggle-<name>`).
    label: String,
    /// Translation key of the explanation (`admin-toggle-<name>-help`).
    help: String,
    checked: bool,
}

/// The B5–B10 checkboxes of `p` (B4's view is a radio of its own).
fn toggle_boxes(p: &Permissions) -> Vec<ToggleBox> {
    [
        ("payments", p.payments),
        ("documents", p.documents),
        ("packages", p.packages),
        ("hide_email", p.hide_email),
        ("hide_phone", p.hide_phone),
        ("edit_rights", p.edit_rights),
        ("list_all_clients", p.list_all_clients),
    ]
    .into_iter()
    .map(|(name, checked)| ToggleBox {
        name,
        label: format!("admin-toggle-{name}"),
        help: format!("admin-toggle-{name}-help"),
        checked,
    })
    .collect()
}

#[derive(Template)]
#[template(path = "admin_staff_member.html")]
struct MemberPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    id: String,
    name: String,
    email: String,
    active: bool,
    role_name: String,
    roles: Vec<RoleOption>,
    languages: Vec<LanguageOption>,
    share_all: bool,
    /// B3: the toggles shown only where they count for the role.
    toggles: bool,
    shared_view: bool,
    boxes: Vec<ToggleBox>,
    /// B1: the primary admin viewing another active member may hand the
    /// role over (the App decides; this only chooses whether to offer it).
    handover: bool,
    /// C8: the viewer may hand the member's clients, shares and groups over
    /// to a successor (the core decides whether to offer it).
    successor_handover: bool,
    /// AC1: invited and no password chosen yet: "send the invitation again".
    invited: bool,
    done: Option<String>,
    errors: Vec<String>,
}

/// The member page for `shown` (stored, or with what was typed applied).
/// A form's refusal shows it without the pending invitation's section
/// (`GET` shows that, [`member_page_invited`]).
pub(super) fn member_page(
    me: &Viewer,
    status: StatusCode,
    stored: &User,
    shown: &User,
    done: Option<String>,
    errors: Vec<String>,
) -> Response {
    member_page_invited(me, status, stored, shown, done, errors, false)
}

/// [`member_page`], with the invitation's state (AC1).
fn member_page_invited(
    me: &Viewer,
    status: StatusCode,
    stored: &User,
    shown: &User,
    done: Option<String>,
    errors: Vec<String>,
    invited: bool,
) -> Response {
    let page = MemberPage {
        t: &me.t,
        me: Some(me),
        csrf: me.csrf.clone(),
        id: stored.id.to_string(),
        name: stored.name.clone(),
        email: stored.email.clone(),
        active: stored.active,
        role_name: me.t.get(&role_key(stored.role)),
        roles: role_options(&me.t, Role::ALL, Some(shown.role)),
        languages: language_options(Some(shown.language)),
        share_all: shown.share_all_clients,
        toggles: toggles_apply(stored.role),
        shared_view: shown.permissions.view == View::Shared,
        boxes: toggle_boxes(&shown.permissions),
        handover: me.user.role == Role::PrimaryAdmin && stored.id != me.user.id && stored.active,
        successor_handover: may_hand_over(&me.user, stored),
        invited: invited && stored.active,
        done,
        errors,
    };
    html(status, page.render())
}

/// `?done=` of the member page.
#[derive(Deserialize)]
pub(crate) struct MemberQuery {
    done: Option<String>,
}

/// `GET /admin/staff/{id}`.
pub(crate) async fn member(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<MemberQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !caps(&me).staff {
        return forbidden(&me.t);
    }
    let Ok(user_id) = id.parse::<UserId>() else {
        return not_found(&me.t);
    };
    let user = match app.user(&me.actor, user_id).await {
        Ok(u) => u,
        Err(err) => return failure(&me.t, &err),
    };
    let done = match query.done.as_deref() {
        Some("invitation-sent") => {
            Some(me.t.arg("account-staff-invitation-sent", "email", &user.email))
        }
        other => done_message(&me.t, other),
    };
    let invited = match app.invited_users(&me.actor).await {
        Ok(ids) => ids.contains(&user_id),
        Err(err) => return failure(&me.t, &err),
    };
    member_page_invited(&me, StatusCode::OK, &user, &user, done, Vec::new(), invited)
}

/// The member form: unticked boxes are absent; `toggles` says the B4–B10
/// fields were on the form.
#[derive(Deserialize)]
pub(crate) struct MemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    language: String,
    share_all_clients: Option<String>,
    toggles: Option<String>,
    #[serde(default)]
    view: String,
    payments: Option<String>,
    documents: Option<String>,
    packages: Option<String>,
    hide_email: Option<String>,
    hide_phone: Option<String>,
    edit_rights: Option<String>,
    list_all_clients: Option<String>,
}

/// `POST /admin/staff/{id}`: role, language, A7 and the toggles. The App
/// refuses what the actor may not change (the primary admin's account).
pub(crate) async fn save(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<MemberForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(user_id) = id.parse::<UserId>() else {
        return not_found(&me.t);
    };
    let stored = match app.user(&me.actor, user_id).await {
        Ok(u) => u,
        Err(err) => return failure(&me.t, &err),
    };
    let permissions = if form.toggles.is_some() {
        PermissionsPatch {
            view: form.view.parse::<View>().ok(),
            payments: Some(form.payments.is_some()),
            documents: Some(form.documents.is_some()),
            packages: Some(form.packages.is_some()),
            hide_email: Some(form.hide_email.is_some()),
            hide_phone: Some(form.hide_phone.is_some()),
            edit_rights: Some(form.edit_rights.is_some()),
            list_all_clients: Some(form.list_all_clients.is_some()),
        }
    } else {
        PermissionsPatch::default()
    };
    let role = form.role.parse::<Role>().ok();
    let language = parse_language(&form.language);
    let shown = User {
        role: role.unwrap_or(stored.role),
        language: language.unwrap_or(stored.language),
        share_all_clients: form.share_all_clients.is_some(),
        permissions: permissions.apply(stored.permissions),
        ..stored.clone()
    };
    let (Some(role), Some(language)) = (role, language) else {
        let field = if role.is_none() { "role" } else { "language" };
        let line = format!(
            "{}: {}",
            super::field_name(&me.t, field),
            me.t.get("admin-choose-one")
        );
        return member_page(
            &me,
            StatusCode::UNPROCESSABLE_ENTITY,
            &stored,
            &shown,
            None,
            vec![line],
        );
    };
    let patch = UserPatch {
        name: None,
        role: Some(role),
        active: None,
        share_all_clients: Some(shown.share_all_clients),
        permissions,
        language: Some(language),
        successor_id: None,
    };
    match app.update_user(&me.actor, user_id, patch).await {
        Ok(_) => Redirect::to(&format!("/admin/staff/{user_id}?done=saved")).into_response(),
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => member_page(&me, status, &stored, &shown, None, lines),
            None => failure(&me.t, &err),
        },
    }
}

/// A form that carries only its CSRF token.
#[derive(Deserialize)]
pub(crate) struct TokenOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/staff/{id}/invitation` (AC1): the invitation again, to a
/// member who has not chosen a password; the earlier link stops working.
pub(crate) async fn resend_invitation(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<TokenOnly>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let Ok(user_id) = id.parse::<UserId>() else {
        return not_found(&me.t);
    };
    match app.resend_invitation(&me.actor, user_id).await {
        Ok(_) => {
            Redirect::to(&format!("/admin/staff/{user_id}?done=invitation-sent")).into_response()
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
