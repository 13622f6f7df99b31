//! The view log (X9): every opening of a client file and every document
//! download is recorded with who, when and through which access (the rule
//! ids of the access check at that moment). Always on; shown to the client's
//! owner and admin-like roles, newest first.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use casegate_core::{
    ClientId, CompanyIndex, DocumentId, GroupId, Membership, Role, Share, Subject, Timestamp,
    UserId, ViewEntry, ViewId, ViewKind,
};
use uuid::Uuid;

use crate::app::App;
use crate::error::AppError;
use crate::message::Message;
use crate::sharing::named;
use crate::types::{Actor, Named};
use crate::validate;

/// One line of `GET /clients/{id}/views`, with the names a reader needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewLine {
    pub entry: ViewEntry,
    pub user: Named<UserId>,
    /// B11: the contributor behind a "work as" view.
    pub real_user: Option<Named<UserId>>,
    /// The ways in of `entry.through`, in that order, as a page says them.
    pub ways: Vec<ViewWay>,
}

/// One way in to a client at the moment of a view (X9), read from the rule
/// ids recorded then, with the groups named from the share and membership
/// history at that moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewWay {
    /// A1: client access was not managed, every staff member opened it.
    AccessOff,
    /// A6: an admin-like role, as the person holds it now; `None` when
    /// they no longer hold one.
    Role(Option<Role>),
    /// A7: "Share all clients with this user".
    ShareAll,
    /// A8: the client's owner.
    Owner,
    /// A9: shared with them directly.
    Direct,
    /// A10: through these groups (by name; empty when none of them can be
    /// named any more, e.g. deleted since).
    Groups(Vec<String>),
    /// A11: shared with the whole company.
    Company,
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
                    .map_err(|_| AppError::invalid("cursor", Message::new("app-cursor-invalid")))?,
            ),
            None => None,
        };
        let limit = validate::limit(limit);
        self.read(actor, |company| {
            let owner = company.client_owner(client).ok_or(AppError::NotFound)?;
            if owner != actor.user_id && !actor.role.is_admin_like() {
                return Err(AppError::Forbidden(Message::new("app-view-log-forbidden")));
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
        let mut resolver = Ways::default();
        let mut items = Vec::with_capacity(entries.len());
        for entry in entries {
            let ways = resolver.resolve(self, actor, &entry).await?;
            items.push(self.read(actor, |company| {
                Ok(ViewLine {
                    user: named(company, entry.user_id),
                    real_user: entry.real_user_id.map(|u| named(company, u)),
                    ways,
                    entry,
                })
            })?);
        }
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

/// Reads the ways in of a page of view-log lines, loading each history
/// (the client's shares, a group's memberships, a person's role) once.
#[derive(Default)]
struct Ways {
    shares: Option<Vec<Share>>,
    members: HashMap<GroupId, Vec<Membership>>,
    roles: HashMap<UserId, Option<Role>>,
}

impl Ways {
    async fn resolve(
        &mut self,
        app: &App,
        actor: &Actor,
        entry: &ViewEntry,
    ) -> Result<Vec<ViewWay>, AppError> {
        let mut ways = Vec::with_capacity(entry.through.len());
        for rule in &entry.through {
            let way = match rule.as_str() {
                "A1" => ViewWay::AccessOff,
                "A6" => ViewWay::Role(self.role(app, actor, entry.user_id).await?),
                "A7" => ViewWay::ShareAll,
                "A8" => ViewWay::Owner,
                "A9" => ViewWay::Direct,
                "A10" => ViewWay::Groups(self.groups(app, actor, entry).await?),
                "A11" => ViewWay::Company,
                // Nothing else grants; an unknown id is left out.
                _ => continue,
            };
            ways.push(way);
        }
        Ok(ways)
    }

    /// The person's admin-like role now, if they hold one.
    async fn role(
        &mut self,
        app: &App,
        actor: &Actor,
        user: UserId,
    ) -> Result<Option<Role>, AppError> {
        if let Some(role) = self.roles.get(&user) {
            return Ok(*role);
        }
        let role = app
            .store()
            .user(actor.company_id, user)
            .await?
            .map(|u| u.role)
            .filter(|r| r.is_admin_like());
        self.roles.insert(user, role);
        Ok(role)
    }

    /// A10: the groups shared on the client at `entry.at` of which its
    /// reader was a member then, by name.
    async fn groups(
        &mut self,
        app: &App,
        actor: &Actor,
        entry: &ViewEntry,
    ) -> Result<Vec<String>, AppError> {
        if self.shares.is_none() {
            self.shares = Some(
                app.store()
                    .share_history(actor.company_id, entry.client_id)
                    .await?,
            );
        }
        let open_at = |from: Timestamp, until: Option<Timestamp>| {
            from <= entry.at && until.is_none_or(|u| u > entry.at)
        };
        let groups: Vec<GroupId> = self
            .shares
            .iter()
            .flatten()
            .filter(|s| open_at(s.granted_at, s.revoked.map(|r| r.at)))
            .filter_map(|s| match s.subject {
                Subject::Group(g) => Some(g),
                Subject::User(_) | Subject::Company => None,
            })
            .collect();
        let mut names = Vec::new();
        for group in groups {
            if let Entry::Vacant(slot) = self.members.entry(group) {
                slot.insert(
                    app.store()
                        .membership_history(actor.company_id, group)
                        .await?,
                );
            }
            let member = self.members.get(&group).is_some_and(|history| {
                history.iter().any(|m| {
                    m.user_id == entry.user_id && open_at(m.added_at, m.removed.map(|r| r.at))
                })
            });
            if !member {
                continue;
            }
            let name = app.read(actor, |company| {
                Ok(company.group_name(group).map(str::to_owned))
            })?;
            if let Some(name) = name
                && !names.contains(&name)
            {
                names.push(name);
            }
        }
        Ok(names)
    }
}
