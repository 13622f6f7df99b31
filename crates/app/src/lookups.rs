//! Check and lookups (X1, X6): may this user open or share that client and
//! why; which clients a user can open; who can open a client and why. All
//! answered from the index, with the revision they were read at.

use casegate_core::index::DealDecision;
use casegate_core::{AccountId, ClientId, Revision, UserId};

use crate::app::App;
use crate::clients::require_access;
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, CheckAction, CheckAnswer, ClientListEntry, Page, UserWithReasons};
use crate::validate;

impl App {
    /// `POST /check` (X1): admin-like roles about anyone; others only about
    /// themselves. A user or client of another company is `NotFound`.
    pub async fn check(
        &self,
        actor: &Actor,
        user: UserId,
        client: ClientId,
        action: CheckAction,
    ) -> Result<CheckAnswer, AppError> {
        let (decision, revision) = self.read_at(actor, |company| {
            if !company.has_user(user) || !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            require_self_or_admin(actor, user, "check")?;
            Ok(match action {
                CheckAction::View => company.check(user, client),
                CheckAction::Share => company.can_share(user, client),
            })
        })?;
        Ok(CheckAnswer {
            allowed: decision.allowed,
            reasons: decision.reasons,
            revision,
        })
    }

    /// `POST /check` with `contact_id` (X1 for C4): may this contact open
    /// that client, through which shares. Admin-like roles only; an account
    /// that is no contact of this company is `NotFound`, as is a client of
    /// another, so no company learns of another's people.
    pub async fn check_contact(
        &self,
        actor: &Actor,
        contact: AccountId,
        client: ClientId,
    ) -> Result<(DealDecision, Revision), AppError> {
        self.read_at(actor, |company| {
            if !company.has_client(client) || !company.knows_contact(contact) {
                return Err(AppError::NotFound);
            }
            if !actor.role.is_admin_like() {
                return Err(AppError::Forbidden(
                    Message::new("app-others-access-forbidden").with("what", "check"),
                ));
            }
            Ok(company.contact_check(contact, client))
        })
    }

    /// `GET /users/{id}/clients`: the clients `user` can open, by name, paged;
    /// admin-like roles or the user themself.
    pub async fn user_clients(
        &self,
        actor: &Actor,
        user: UserId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<ClientListEntry>, AppError> {
        let after = validate::cursor(after)?;
        let limit = validate::limit(limit);
        self.read(actor, |company| {
            if !company.has_user(user) {
                return Err(AppError::NotFound);
            }
            require_self_or_admin(actor, user, "list")?;
            let page = company.clients_for(user, after.as_ref(), limit);
            let items = page
                .items
                .into_iter()
                .filter_map(|id| {
                    Some(ClientListEntry {
                        id,
                        name: company.client_name(id)?.to_owned(),
                        locked: false,
                        owner_id: company.client_owner(id)?,
                    })
                })
                .collect();
            Ok(Page {
                items,
                next: page.next,
            })
        })
    }

    /// `GET /clients/{id}/users`: the users who can open the client, with
    /// why; only for viewers who can open it themselves.
    pub async fn client_users(
        &self,
        actor: &Actor,
        client: ClientId,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<UserWithReasons>, AppError> {
        let after = validate::cursor(after)?;
        let limit = validate::limit(limit);
        let page = self.read(actor, |company| {
            require_access(company, actor, client)?;
            Ok(company.users_for(client, after.as_ref(), limit))
        })?;
        let mut items = Vec::with_capacity(page.items.len());
        for (id, reasons) in page.items {
            if let Some(user) = self.store().user(actor.company_id, id).await? {
                items.push(UserWithReasons { user, reasons });
            }
        }
        Ok(Page {
            items,
            next: page.next,
        })
    }
}

/// Admin-like roles may ask about anyone; others only about themselves.
fn require_self_or_admin(actor: &Actor, user: UserId, what: &str) -> Result<(), AppError> {
    if actor.user_id == user || actor.role.is_admin_like() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            Message::new("app-others-access-forbidden").with("what", what),
        ))
    }
}
