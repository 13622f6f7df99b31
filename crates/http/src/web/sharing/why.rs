//! "Why" (X1): the App's decision for one person on one client
//! (`App::check` with `CheckAction::View`), each reason as a sentence.

use std::collections::HashMap;

use casegate_app::{App, AppError, CheckAction};
use casegate_core::index::Reason;
use casegate_core::{ClientId, Role, Timestamp, UserId};

use super::super::Tr;
use super::super::pages::Viewer;
use super::WhyView;

/// The translated name of a role.
pub(super) fn role(t: &Tr, role: Role) -> String {
    t.get(match role {
        Role::PrimaryAdmin => "sharing-role-primary-admin",
        Role::Admin => "sharing-role-admin",
        Role::Manager => "sharing-role-manager",
        Role::Marketing => "sharing-role-marketing",
        Role::Contributor => "sharing-role-contributor",
        Role::User => "sharing-role-user",
    })
}

/// "Given by Ada Admin on 30 Nov 2026, 14:05 UTC." (or without the name).
fn granted(t: &Tr, names: &HashMap<UserId, String>, by: Option<UserId>, at: &Timestamp) -> String {
    let when = t.arg("sharing-why-on", "when", &t.datetime(at));
    match by.and_then(|u| names.get(&u)) {
        Some(name) => format!("{} {when}", t.arg("sharing-why-by", "name", name)),
        None => format!("{} {when}", t.get("sharing-why-by-system")),
    }
}

/// One reason as a sentence (with who granted it and when).
fn sentence(t: &Tr, names: &HashMap<UserId, String>, reason: &Reason) -> String {
    match reason {
        Reason::AccessControlOff => t.get("sharing-why-off"),
        Reason::Role { role: r } => t.arg("sharing-why-role", "role", &role(t, *r)),
        Reason::ShareAll => t.get("sharing-why-share-all"),
        Reason::Owner => t.get("sharing-why-owner"),
        Reason::DirectShare {
            granted_by,
            granted_at,
            ..
        } => format!(
            "{} {}",
            t.get("sharing-why-direct"),
            granted(t, names, *granted_by, granted_at)
        ),
        Reason::GroupShare {
            group_name,
            granted_by,
            granted_at,
            ..
        } => format!(
            "{} {}",
            t.arg("sharing-why-group", "group", group_name),
            granted(t, names, *granted_by, granted_at)
        ),
        Reason::CompanyShare {
            granted_by,
            granted_at,
            ..
        } => format!(
            "{} {}",
            t.get("sharing-why-company"),
            granted(t, names, *granted_by, granted_at)
        ),
        Reason::Inactive => t.get("sharing-why-inactive"),
        Reason::UnknownUser => t.get("sharing-why-unknown-user"),
        Reason::UnknownClient => t.get("sharing-why-unknown-client"),
        Reason::NoAccess => t.get("sharing-why-none"),
        Reason::Restricted => t.get("sharing-why-restricted"),
        Reason::SharingRestricted => t.get("sharing-why-sharing-restricted"),
    }
}

/// The "why" section for `user` on `client`, as the App answers it.
pub(super) async fn explain(
    app: &App,
    me: &Viewer,
    client: ClientId,
    user: UserId,
    names: &HashMap<UserId, String>,
    owner: &str,
) -> Result<WhyView, AppError> {
    let t = &me.t;
    let answer = app
        .check(&me.actor, user, client, CheckAction::View)
        .await?;
    let name = names
        .get(&user)
        .cloned()
        .unwrap_or_else(|| t.get("sharing-why-someone"));
    let heading = if answer.allowed {
        t.arg("sharing-why-can", "name", &name)
    } else {
        t.arg("sharing-why-cannot", "name", &name)
    };
    let reasons = answer
        .reasons
        .iter()
        .map(|r| sentence(t, names, r))
        .collect();
    let ask =
        (!answer.allowed && !owner.is_empty()).then(|| t.arg("sharing-why-ask", "owner", owner));
    Ok(WhyView {
        heading,
        allowed: answer.allowed,
        reasons,
        ask,
    })
}
