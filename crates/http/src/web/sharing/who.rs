//! "Who can open it": everyone who can open the client now, each with why
//! in words (owner, a role, a group, a direct share, the whole company,
//! "share all clients"), from `App::client_users`, paged by its cursor.

use casegate_app::{App, AppError};
use casegate_core::ClientId;
use casegate_core::index::Reason;

use super::super::Tr;
use super::super::pages::Viewer;
use super::why::role;

/// People per page.
const PAGE: usize = 25;

/// One person who can open the client.
pub(super) struct OpenRow {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) why: String,
}

/// One page of the table.
pub(super) struct OpenTable {
    pub(super) rows: Vec<OpenRow>,
    /// The cursor of the next page.
    pub(super) next: Option<String>,
    /// Whether this is a later page (a link back to the first).
    pub(super) later: bool,
}

/// One reason, as a few words.
fn phrase(t: &Tr, reason: &Reason) -> Option<String> {
    Some(match reason {
        Reason::AccessControlOff => t.get("sharing-via-off"),
        Reason::Role { role: r } => role(t, *r),
        Reason::ShareAll => t.get("sharing-via-share-all"),
        Reason::Owner => t.get("sharing-via-owner"),
        Reason::DirectShare { .. } => t.get("sharing-via-direct"),
        Reason::GroupShare { group_name, .. } => t.arg("sharing-via-group", "group", group_name),
        Reason::CompanyShare { .. } => t.get("sharing-via-company"),
        Reason::Inactive
        | Reason::UnknownUser
        | Reason::UnknownClient
        | Reason::NoAccess
        | Reason::Restricted
        | Reason::SharingRestricted => return None,
    })
}

/// The page of the table after `after` (the first without).
pub(super) async fn table(
    app: &App,
    me: &Viewer,
    client: ClientId,
    after: Option<&str>,
) -> Result<OpenTable, AppError> {
    let t = &me.t;
    let after = after.filter(|a| !a.is_empty());
    let page = app.client_users(&me.actor, client, after, PAGE).await?;
    let rows = page
        .items
        .into_iter()
        .map(|item| {
            let mut why: Vec<String> = Vec::new();
            for text in item.reasons.iter().filter_map(|r| phrase(t, r)) {
                if !why.contains(&text) {
                    why.push(text);
                }
            }
            OpenRow {
                name: item.user.name,
                email: item.user.email,
                why: why.join(" · "),
            }
        })
        .collect();
    Ok(OpenTable {
        rows,
        next: page.next.map(|c| c.encode()),
        later: after.is_some(),
    })
}
