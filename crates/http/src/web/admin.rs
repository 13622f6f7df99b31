//! The administration pages: an overview, the client-access settings
//! (A1–A5), groups (A20, A21), staff (B1–B10, A7, A22), leaving and handing
//! over (C8, X11) and the company (B2 `account_settings`).
//!
//! Decisions:
//! - Who sees a page is asked of the core (`capabilities_of`: `staff` for
//!   settings, groups and staff, `account_settings` for the company); every
//!   change is decided by the App, whose refusals are shown on the form.
//! - The App's validation messages are shown as it writes them (English),
//!   under a translated heading and the translated field name.

mod groups;
mod handover;
mod staff;
mod switch;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use casegate_app::{App, AppError, CompanyPatch, SettingsPatch};
use casegate_core::permissions::{Capabilities, capabilities_of};
use casegate_core::{Language, NewClientAccess};
use serde::Deserialize;

use super::pages::{Viewer, failure, message_page, parse_language, signed_post, viewer};
use super::{Tr, html};

/// The admin pages' routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/admin", get(overview))
        .route("/admin/settings", get(settings).post(save_settings))
        .route("/admin/company", get(company).post(save_company))
        .merge(groups::routes())
        .merge(staff::routes())
}

/// What the core lets the viewer configure (B2).
fn caps(me: &Viewer) -> Capabilities {
    capabilities_of(&me.user)
}

/// The 403 page of an admin page the viewer's role does not reach.
fn forbidden(t: &Tr) -> Response {
    message_page(
        t,
        StatusCode::FORBIDDEN,
        "forbidden-title",
        "forbidden-body",
    )
}

/// The 404 page of an id that does not parse.
fn not_found(t: &Tr) -> Response {
    message_page(t, StatusCode::NOT_FOUND, "notfound-title", "notfound-body")
}

/// A refusal to show on the form itself (validation, conflict, forbidden):
/// the status and the lines to show; `None` for the errors that get a page.
fn form_problems(t: &Tr, err: &AppError) -> Option<(StatusCode, Vec<String>)> {
    match err {
        AppError::Validation(fields) => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            fields
                .iter()
                .map(|(field, message)| format!("{}: {}", field_name(t, field), t.message(message)))
                .collect(),
        )),
        AppError::Conflict(message) => Some((StatusCode::CONFLICT, vec![t.message(message)])),
        AppError::Forbidden(message) => Some((StatusCode::FORBIDDEN, vec![t.message(message)])),
        AppError::NotFound
        | AppError::AccessDenied { .. }
        | AppError::AccessRequestsDisabled
        | AppError::Unauthenticated
        | AppError::RateLimited { .. }
        | AppError::LinkUsed
        | AppError::LinkExpired
        | AppError::ConfirmationRequired { .. }
        | AppError::OwnsClients { .. }
        | AppError::RevisionUnavailable(_)
        | AppError::Internal(_) => None,
    }
}

/// The translated name of a field the App names, else the field itself.
fn field_name(t: &Tr, field: &str) -> String {
    let key = format!("admin-field-{field}");
    let text = t.get(&key);
    if text == key { field.to_owned() } else { text }
}

/// The `?done=` flag's status line, translated, if known.
fn done_message(t: &Tr, done: Option<&str>) -> Option<String> {
    let key = match done? {
        "saved" => "admin-done-saved",
        "access-on" => "admin-done-access-on",
        "created" => "admin-done-created",
        "deleted" => "admin-done-deleted",
        "renamed" => "admin-done-renamed",
        "added" => "admin-done-added",
        "removed" => "admin-done-removed",
        "deactivated" => "admin-done-deactivated",
        "reactivated" => "admin-done-reactivated",
        "handed-over" => "admin-done-handed-over",
        "handover" => "admin-done-handover",
        "deactivated-handover" => "admin-done-deactivated-handover",
        _ => return None,
    };
    Some(t.get(key))
}

/// `?done=` after a change (PRG).
#[derive(Deserialize)]
pub(crate) struct DoneQuery {
    done: Option<String>,
}

/// A language choice of a select: value, label, selected.
struct LanguageOption {
    code: &'static str,
    label: &'static str,
    selected: bool,
}

/// The three languages, `chosen` selected.
fn language_options(chosen: Option<Language>) -> Vec<LanguageOption> {
    Language::ALL
        .iter()
        .map(|lang| LanguageOption {
            code: lang.as_str(),
            label: match lang {
                Language::En => "English",
                Language::Fr => "Français",
                Language::Da => "Dansk",
            },
            selected: Some(*lang) == chosen,
        })
        .collect()
}

/// One section of the overview.
struct Section {
    href: &'static str,
    title: &'static str,
    text: &'static str,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct OverviewPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    sections: Vec<Section>,
}

/// `GET /admin`: the sections the viewer's role reaches.
pub(crate) async fn overview(State(app): State<App>, headers: HeaderMap) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let caps = caps(&me);
    let mut sections = Vec::new();
    if caps.staff {
        sections.push(Section {
            href: "/admin/settings",
            title: "admin-settings-title",
            text: "admin-settings-summary",
        });
        sections.push(Section {
            href: "/admin/groups",
            title: "admin-groups-title",
            text: "admin-groups-summary",
        });
        sections.push(Section {
            href: "/admin/staff",
            title: "admin-staff-title",
            text: "admin-staff-summary",
        });
    }
    if caps.account_settings {
        sections.push(Section {
            href: "/admin/company",
            title: "admin-company-title",
            text: "admin-company-summary",
        });
    }
    if sections.is_empty() {
        return forbidden(&me.t);
    }
    let page = OverviewPage {
        t: &me.t,
        me: Some(&me),
        sections,
    };
    html(StatusCode::OK, page.render())
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    client_access_enabled: bool,
    allow_access_requests: bool,
    allow_sharing: bool,
    owner_only: bool,
    done: Option<String>,
    errors: Vec<String>,
}

/// `GET /admin/settings` (A1–A5).
pub(crate) async fn settings(
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
    let current = match app.settings(&me.actor).await {
        Ok(s) => s,
        Err(err) => return failure(&me.t, &err),
    };
    let page = SettingsPage {
        t: &me.t,
        me: Some(&me),
        csrf: me.csrf.clone(),
        client_access_enabled: current.client_access_enabled,
        allow_access_requests: current.allow_access_requests,
        allow_sharing: current.allow_sharing,
        owner_only: current.new_client_access == NewClientAccess::OwnerOnly,
        done: done_message(&me.t, query.done.as_deref()),
        errors: Vec::new(),
    };
    html(StatusCode::OK, page.render())
}

/// The settings form: an unticked box is absent.
#[derive(Deserialize)]
pub(crate) struct SettingsForm {
    #[serde(default)]
    csrf: String,
    client_access_enabled: Option<String>,
    allow_access_requests: Option<String>,
    allow_sharing: Option<String>,
    #[serde(default)]
    new_client_access: String,
    /// `yes` once the switch of client access is confirmed.
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/settings`: A2 applies when A1 is switched on (the App).
/// Switching client access on or off first shows what it changes, and
/// needs `confirm=yes`.
pub(crate) async fn save_settings(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<SettingsForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let mut page = SettingsPage {
        t: &me.t,
        me: Some(&me),
        csrf: me.csrf.clone(),
        client_access_enabled: form.client_access_enabled.is_some(),
        allow_access_requests: form.allow_access_requests.is_some(),
        allow_sharing: form.allow_sharing.is_some(),
        owner_only: form.new_client_access == NewClientAccess::OwnerOnly.as_str(),
        done: None,
        errors: Vec::new(),
    };
    let Ok(new_client_access) = form.new_client_access.parse::<NewClientAccess>() else {
        page.errors.push(format!(
            "{}: {}",
            field_name(&me.t, "new_client_access"),
            me.t.get("admin-choose-one")
        ));
        return html(StatusCode::UNPROCESSABLE_ENTITY, page.render());
    };
    let was_on = match app.settings(&me.actor).await {
        Ok(before) => before.client_access_enabled,
        Err(err) => return failure(&me.t, &err),
    };
    if page.client_access_enabled != was_on && form.confirm != "yes" {
        let carried = switch::Carried {
            allow_access_requests: page.allow_access_requests,
            allow_sharing: page.allow_sharing,
            new_client_access,
        };
        if let Some(confirm) =
            switch::confirmation(&app, &me, page.client_access_enabled, &carried).await
        {
            return confirm;
        }
    }
    let patch = SettingsPatch {
        client_access_enabled: Some(page.client_access_enabled),
        allow_access_requests: Some(page.allow_access_requests),
        allow_sharing: Some(page.allow_sharing),
        new_client_access: Some(new_client_access),
    };
    match app.update_settings(&me.actor, patch).await {
        // A2: say that switching on took nobody's access.
        Ok(written) if written.value.client_access_enabled && !was_on => {
            Redirect::to("/admin/settings?done=access-on").into_response()
        }
        Ok(_) => Redirect::to("/admin/settings?done=saved").into_response(),
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => {
                page.errors = lines;
                html(status, page.render())
            }
            None => failure(&me.t, &err),
        },
    }
}

#[derive(Template)]
#[template(path = "admin_company.html")]
struct CompanyPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    name: String,
    timezone: String,
    languages: Vec<LanguageOption>,
    done: Option<String>,
    errors: Vec<String>,
}

/// `GET /admin/company`: name, default language, timezone.
pub(crate) async fn company(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<DoneQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !caps(&me).account_settings {
        return forbidden(&me.t);
    }
    let current = match app.company(&me.actor).await {
        Ok(c) => c,
        Err(err) => return failure(&me.t, &err),
    };
    let page = CompanyPage {
        t: &me.t,
        me: Some(&me),
        csrf: me.csrf.clone(),
        name: current.name,
        timezone: current.timezone,
        languages: language_options(Some(current.default_language)),
        done: done_message(&me.t, query.done.as_deref()),
        errors: Vec::new(),
    };
    html(StatusCode::OK, page.render())
}

/// The company form.
#[derive(Deserialize)]
pub(crate) struct CompanyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    default_language: String,
    #[serde(default)]
    timezone: String,
}

/// `POST /admin/company`: the App decides who may (B2 `account_settings`).
pub(crate) async fn save_company(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<CompanyForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let language = parse_language(&form.default_language);
    let mut page = CompanyPage {
        t: &me.t,
        me: Some(&me),
        csrf: me.csrf.clone(),
        name: form.name.clone(),
        timezone: form.timezone.clone(),
        languages: language_options(language),
        done: None,
        errors: Vec::new(),
    };
    let Some(language) = language else {
        page.errors.push(format!(
            "{}: {}",
            field_name(&me.t, "default_language"),
            me.t.get("admin-choose-one")
        ));
        return html(StatusCode::UNPROCESSABLE_ENTITY, page.render());
    };
    let patch = CompanyPatch {
        name: Some(form.name),
        default_language: Some(language),
        timezone: Some(form.timezone),
    };
    match app.update_company(&me.actor, patch).await {
        Ok(_) => Redirect::to("/admin/company?done=saved").into_response(),
        Err(err) => match form_problems(&me.t, &err) {
            Some((status, lines)) => {
                page.errors = lines;
                html(status, page.render())
            }
            None => failure(&me.t, &err),
        },
    }
}

#[cfg(test)]
mod tests {
    use casegate_core::{Language, Role};

    use super::*;

    /// The keys built at run time (`format!`) exist in every language.
    #[test]
    fn every_built_key_is_translated() {
        let mut keys: Vec<String> = Role::ALL
            .iter()
            .map(|r| format!("admin-role-{}", r.as_str()))
            .collect();
        for name in [
            "payments",
            "documents",
            "packages",
            "hide_email",
            "hide_phone",
            "edit_rights",
            "list_all_clients",
        ] {
            keys.push(format!("admin-toggle-{name}"));
            keys.push(format!("admin-toggle-{name}-help"));
        }
        for done in [
            "saved",
            "access-on",
            "created",
            "deleted",
            "renamed",
            "added",
            "removed",
            "deactivated",
            "reactivated",
            "handed-over",
            "handover",
            "deactivated-handover",
        ] {
            keys.push(format!("admin-done-{done}"));
        }
        let mut counted = Vec::new();
        for what in ["owned", "shares", "groups"] {
            for form in ["none", "one", "many"] {
                counted.push(format!("admin-leaver-{what}-{form}"));
            }
        }
        for lang in [Language::En, Language::Fr, Language::Da] {
            let t = Tr::new(lang);
            for key in &keys {
                assert_ne!(&t.get(key), key, "{lang:?}");
            }
            for key in &counted {
                let text = t.args(key, &[("name", "Lea"), ("count", "2")]);
                assert!(text.contains("Lea"), "{lang:?} {key}: {text}");
            }
            assert_eq!(field_name(&t, "nothing_known"), "nothing_known");
            assert_ne!(field_name(&t, "timezone"), "timezone");
        }
    }

    /// B3: the per-member toggles count for contributors and users only.
    #[test]
    fn b3_toggles_apply_to_contributors_and_users() {
        let with: Vec<Role> = Role::ALL
            .iter()
            .copied()
            .filter(|r| staff::toggles_apply(*r))
            .collect();
        assert_eq!(with, vec![Role::Contributor, Role::User]);
    }
}
