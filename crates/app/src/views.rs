//! The view log (X9): every opening of a client file and every document
//! download is recorded with who, when and through which access (the rule
//! ids of the access check at that moment). Always on; shown to the client's
//! owner and admin-like roles, newest first.

use casegate_core::{ClientId, CompanyIndex, DocumentId, UserId, ViewEntry, ViewId, ViewKind};
use uuid::Uuid;

use crate::app::{App, user_name};
use crate::error::AppError;
use crate::types::{Actor, Named};
use crate::validate;

/// One line of `GET /clients/{id}/views`, with the names a reader needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewLine {
    pub entry: ViewEntry,
    pub user: Named<UserId>,
    /// B11: the contributor behind a "work as" view.
    pub real_user: Option<Named<UserId>>,
}

/// One page of the view log, newest first; `next` is the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewPage {
    pub items: Vec<ViewLine>,
    pub next: Option<ViewId>,
}

impl App {
    /// `GET /clients/{id}/views` (X9): the client's owner and admin-like
    /// roles; anyone else `Forbidden`.
    pub async fn views(
        &self,
        actor: &Actor,
        client: ClientId,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ViewPage, AppError> {
        let before = match cursor {
            Some(text) => Some(
                text.parse::<ViewId>()
                    .map_err(|_| AppError::invalid("cursor", "not a cursor of this list"))?,
            ),
            None => None,
        };
        let limit = validate::limit(limit);
        self.read(actor, |company| {
            let owner = company.client_owner(client).ok_or(AppError::NotFound)?;
            if owner != actor.user_id && !actor.role.is_admin_like() {
                return Err(AppError::Forbidden(
                    "only the client's owner and admins may see its view log".to_owned(),
                ));
            }
            Ok(())
        })?;
        let fetch = u32::try_from(limit.saturating_add(1)).unwrap_or(u32::MAX);
        let mut entries = self
            .store()
            .views(actor.company_id, client, before, fetch)
            .await?;
        let more = entries.len() > limit;
        entries.truncate(limit);
        let next = if more {
            entries.last().map(|e| e.id)
        } else {
            None
        };
        let items = self.read(actor, |company| {
            Ok(entries
                .into_iter()
                .map(|entry| ViewLine {
                    user: named(company, entry.user_id),
                    real_user: entry.real_user_id.map(|u| named(company, u)),
                    entry,
                })
                .collect())
        })?;
        Ok(ViewPage { items, next })
    }

    /// X9: appends one line to a client's view log. The log touches no
    /// access state, so it is written in a transaction of its own, without
    /// the writer lock (a read stays a read for the index).
    pub(crate) async fn log_view(
        &self,
        actor: &Actor,
        client: ClientId,
        kind: ViewKind,
        document: Option<DocumentId>,
        through: Vec<String>,
    ) -> Result<(), AppError> {
        let entry = ViewEntry {
            id: ViewId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            client_id: client,
            user_id: actor.user_id,
            // The actor does not carry a "work as" identity on these routes
            // (they refuse `Casegate-Work-As`).
            real_user_id: None,
            kind,
            document_id: document,
            through,
            at: self.now(),
        };
        let mut tx = self.store().begin().await?;
        tx.append_view(&entry).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// X9 "through which access": the rule ids of the reasons that open
/// `client` to the actor right now, e.g. `["A8", "A11"]`.
pub(crate) fn through(company: &CompanyIndex, actor: &Actor, client: ClientId) -> Vec<String> {
    company
        .check(actor.user_id, client)
        .reasons
        .iter()
        .filter(|r| r.grants())
        .map(|r| r.rule().to_owned())
        .collect()
}

/// A user's id and display name.
fn named(company: &CompanyIndex, user: UserId) -> Named<UserId> {
    Named {
        id: user,
        name: user_name(company, user),
    }
}
