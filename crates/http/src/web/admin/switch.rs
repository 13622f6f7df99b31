//! Turning client access (A1) on or off after a confirmation that says
//! what changes, in numbers, as `App::client_access_impact` counts it
//! (which changes nothing): off, every active staff member can open every
//! client that is not restricted again; on, nobody's access changes and
//! each client without one gets a whole-company share (A2). The page
//! carries the rest of the settings form, so confirming saves it all.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use casegate_app::{AccessSwitch, App, AppError};
use casegate_core::NewClientAccess;

use super::super::pages::{Viewer, failure};
use super::super::wording::counted;
use super::super::{Tr, html};

#[derive(Template)]
#[template(path = "admin_settings_confirm.html")]
struct ConfirmPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    /// Turning client access on (else off).
    enabling: bool,
    allow_access_requests: bool,
    allow_sharing: bool,
    new_client_access: &'static str,
    intro: String,
    /// What changes, one sentence each.
    counts: Vec<String>,
    /// What stays, or what to do next.
    after: Vec<String>,
}

/// The rest of the settings form, carried through the confirmation.
pub(super) struct Carried {
    pub(super) allow_access_requests: bool,
    pub(super) allow_sharing: bool,
    pub(super) new_client_access: NewClientAccess,
}

/// The confirmation of setting client access to `enabling`; `None` when
/// that changes nothing (no confirmation needed).
pub(super) async fn confirmation(
    app: &App,
    me: &Viewer,
    enabling: bool,
    carried: &Carried,
) -> Option<Response> {
    let t = &me.t;
    let impact = match app.client_access_impact(&me.actor, enabling).await {
        Ok(impact) => impact,
        // The save refuses it too, on the form itself.
        Err(AppError::Forbidden(_)) => return None,
        Err(err) => return Some(failure(t, &err)),
    };
    let (intro, counts, after) = match impact {
        AccessSwitch::Unchanged => return None,
        AccessSwitch::Off {
            clients,
            people,
            restricted,
        } => {
            let mut counts = vec![
                counted(t, "admin-switch-off-clients", clients),
                counted(t, "admin-switch-off-people", people),
            ];
            if restricted > 0 {
                counts.push(counted(t, "admin-switch-off-restricted", restricted));
            }
            (
                t.get("admin-switch-off-intro"),
                counts,
                vec![t.get("admin-switch-off-kept")],
            )
        }
        AccessSwitch::On {
            company_shares,
            kept,
        } => {
            let mut counts = vec![if company_shares == 0 {
                t.get("admin-switch-on-shares-none")
            } else {
                counted(t, "admin-switch-on-shares", company_shares)
            }];
            if kept > 0 {
                counts.push(counted(t, "admin-switch-on-kept", kept));
            }
            (
                t.get("admin-switch-on-intro"),
                counts,
                vec![t.get("admin-switch-on-next"), t.get("admin-digest-warning")],
            )
        }
    };
    let page = ConfirmPage {
        t,
        me: Some(me),
        csrf: me.csrf.clone(),
        enabling,
        allow_access_requests: carried.allow_access_requests,
        allow_sharing: carried.allow_sharing,
        new_client_access: carried.new_client_access.as_str(),
        intro,
        counts,
        after,
    };
    Some(html(StatusCode::OK, page.render()))
}
