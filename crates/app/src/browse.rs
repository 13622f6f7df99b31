//! What the client pages of the web UI read beyond the plain use cases: the
//! clients list with what tells two clients of one name apart (owner, email
//! masked per B8, locked ones by name only per A12) and its total, and what
//! the viewer may do to one client (delete, restrict) with how many people
//! can open it — the numbers a confirmation page gives.

use std::collections::HashSet;

use casegate_core::index::Cursor;
use casegate_core::permissions::{lists_every_client, masking};
use casegate_core::{ClientId, UserId};

use crate::app::{App, user_name};
use crate::clients::{may_delete, may_restrict, require_access};
use crate::error::AppError;
use crate::types::{Actor, ClientListEntry};

/// One line of the clients list as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub entry: ClientListEntry,
    /// The owner's display name.
    pub owner: String,
    /// The client's email; `None` when it has none, when it is hidden from
    /// the viewer (B8) or when the client is locked (A12: name only).
    pub email: Option<String>,
    /// B8: the viewer may not see clients' emails.
    pub email_hidden: bool,
}

/// One page of the clients list, with the number of clients in the whole
/// list (the same filter, every page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRows {
    pub items: Vec<ClientRow>,
    pub next: Option<Cursor>,
    pub total: usize,
}

/// What the viewer may do to a client they can open, and how many people
/// can open it now (who would lose access if it were deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientActions {
    /// Its owner and admin-like roles.
    pub may_delete: bool,
    /// X10: admin-like roles.
    pub may_restrict: bool,
    /// Active staff members who can open it, the viewer included.
    pub people: usize,
}

impl App {
    /// [`App::clients`] with each line's owner name and email (masked for
    /// the viewer per B8; none for a locked client, A12) and the total of
    /// the list (B10: the clients the viewer owns or worked with).
    pub async fn client_rows(
        &self,
        actor: &Actor,
        query: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<ClientRows, AppError> {
        let page = self.clients(actor, query, after, limit).await?;
        let viewer = self.me(actor).await?;
        let hidden = masking(&viewer).hide_email;
        let total = if lists_every_client(&viewer) {
            self.read(
                actor,
                |company| Ok(company.client_count(query, |_, _| true)),
            )?
        } else {
            let worked: HashSet<ClientId> = self
                .store()
                .activities_assigned(actor.company_id, actor.user_id)
                .await?
                .into_iter()
                .collect();
            let me: UserId = actor.user_id;
            self.read(actor, |company| {
                Ok(company.client_count(query, |id, owner| owner == me || worked.contains(&id)))
            })?
        };
        let mut items = Vec::with_capacity(page.items.len());
        for entry in page.items {
            let email = if entry.locked || hidden {
                None
            } else {
                self.store()
                    .client(actor.company_id, entry.id)
                    .await?
                    .and_then(|c| c.email)
            };
            let owner = self.read(actor, |company| Ok(user_name(company, entry.owner_id)))?;
            items.push(ClientRow {
                entry,
                owner,
                email,
                email_hidden: hidden,
            });
        }
        Ok(ClientRows {
            items,
            next: page.next,
            total,
        })
    }

    /// What the actor may do to a client they can open (locked →
    /// `AccessDenied`, unknown → `NotFound`), decided as `delete_client` and
    /// `update_client` decide, and how many people can open it.
    pub async fn client_actions(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<ClientActions, AppError> {
        self.read(actor, |company| {
            require_access(company, actor, client)?;
            Ok(ClientActions {
                may_delete: may_delete(company, actor, client),
                may_restrict: may_restrict(actor),
                people: company.reach(&[client]),
            })
        })
    }
}
