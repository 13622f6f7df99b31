//! Client files: the list of all clients with locks (A12), creating one with
//! its A5 share, reading (locked → `access_denied`), changing and deleting.

use casegate_core::index::Cursor;
use casegate_core::permissions::lists_every_client;
use casegate_core::{
    Change, Client, ClientId, CompanyIndex, How, NewClientAccess, Revocation, Share, ShareId,
    Subject,
};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::profile::ProfileWrite;
use crate::types::{Actor, ClientListEntry, ClientPatch, NewClient, Page, Written};
use crate::validate::{self, Checks};

impl App {
    /// `GET /clients` (A12): every client of the company by name, each
    /// marked `locked` when the actor cannot open it; `query` filters by name.
    pub async fn clients(
        &self,
        actor: &Actor,
        query: Option<&str>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<ClientListEntry>, AppError> {
        let after = validate::cursor(after)?;
        let limit = validate::limit(limit);
        let viewer = self.me(actor).await?;
        if !lists_every_client(&viewer) {
            let worked = self
                .store()
                .activities_assigned(actor.company_id, actor.user_id)
                .await?;
            return self.read(actor, |company| {
                Ok(worked_with_list(
                    company, actor, &worked, query, after, limit,
                ))
            });
        }
        self.read(actor, |company| {
            let page = company.client_list(actor.user_id, query, after.as_ref(), limit);
            Ok(Page {
                items: page
                    .items
                    .into_iter()
                    .map(|c| ClientListEntry {
                        id: c.id,
                        name: c.name,
                        locked: c.locked,
                        owner_id: c.owner_id,
                    })
                    .collect(),
                next: page.next,
            })
        })
    }

    /// `POST /clients`: any staff member. The owner defaults to the creator
    /// (A8). With `new_client_access = company` the client starts with a
    /// whole-company share (A5) — also while A1 is off, so that switching A1
    /// on later changes nothing (A2).
    pub async fn create_client(
        &self,
        actor: &Actor,
        input: NewClient,
    ) -> Result<Written<Client>, AppError> {
        let mut checks = Checks::new();
        let name = checks.name("name", &input.name);
        let email = checks.optional_email("email", input.email.as_deref());
        let phone = checks.optional_short("phone", input.phone.as_deref());
        let tags = checks.tags("tags", &input.tags);
        checks.finish()?;

        let writing = self.writing().await?;
        let owner = input.owner_id.unwrap_or(actor.user_id);
        let settings = self.read(actor, |company| {
            if !company.has_user(owner) {
                return Err(AppError::NotFound);
            }
            if !company.is_active(owner) {
                return Err(AppError::invalid(
                    "owner_id",
                    Message::new("app-owner-inactive"),
                ));
            }
            Ok(company.settings())
        })?;
        let now = self.now();
        let client = Client {
            id: ClientId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            name,
            email,
            phone,
            tags,
            owner_id: owner,
            restricted: false,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_client(&client).await?;
        let mut changes = vec![Change::ClientSaved {
            client: client.clone(),
        }];
        if settings.new_client_access == NewClientAccess::Company {
            let share = Share {
                id: ShareId::from_uuid(Uuid::now_v7()),
                company_id: actor.company_id,
                client_id: client.id,
                subject: Subject::Company,
                granted_by: Some(actor.user_id),
                granted_at: now,
                granted_how: How::ClientCreated,
                revoked: None,
            };
            tx.insert_share(&share).await?;
            changes.push(Change::ShareGranted { share });
        }
        let entry = audit(
            actor,
            now,
            "client.created",
            client.id,
            serde_json::json!({
                "name": client.name,
                "owner_id": client.owner_id,
                "company_share": changes.len() > 1,
            }),
        );
        let change = match changes.len() {
            1 => changes.pop(),
            _ => Some(Change::Batch { changes }),
        };
        let revision = self
            .commit(&writing, tx, change, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: client,
            revision,
        })
    }

    /// `GET /clients/{id}`: with access; locked → `AccessDenied`.
    pub async fn client(&self, actor: &Actor, id: ClientId) -> Result<Client, AppError> {
        self.read(actor, |company| require_access(company, actor, id))?;
        self.load_client(actor, id).await
    }

    /// `PATCH /clients/{id}`: with access; `restricted` (X10) by admin-like roles only.
    pub async fn update_client(
        &self,
        actor: &Actor,
        id: ClientId,
        patch: ClientPatch,
    ) -> Result<Written<Client>, AppError> {
        self.update_client_with(actor, id, patch, None).await
    }

    /// [`App::update_client`], saving the profile fields of `profile` in the
    /// same transaction when they change (B8/B9 card edits).
    pub(crate) async fn update_client_with(
        &self,
        actor: &Actor,
        id: ClientId,
        patch: ClientPatch,
        profile: Option<ProfileWrite>,
    ) -> Result<Written<Client>, AppError> {
        let mut checks = Checks::new();
        let name = patch.name.as_deref().map(|n| checks.name("name", n));
        let email = patch
            .email
            .as_ref()
            .map(|e| checks.optional_email("email", e.as_deref()));
        let phone = patch
            .phone
            .as_ref()
            .map(|p| checks.optional_short("phone", p.as_deref()));
        let tags = patch.tags.as_deref().map(|t| checks.tags("tags", t));
        checks.finish()?;
        if patch.restricted.is_some() && !may_restrict(actor) {
            return Err(AppError::Forbidden(Message::new("app-restrict-forbidden")));
        }

        let writing = self.writing().await?;
        self.read(actor, |company| require_access(company, actor, id))?;
        let before = self.load_client(actor, id).await?;
        let now = self.now();
        let mut after = Client {
            name: name.unwrap_or_else(|| before.name.clone()),
            email: email.unwrap_or_else(|| before.email.clone()),
            phone: phone.unwrap_or_else(|| before.phone.clone()),
            tags: tags.unwrap_or_else(|| before.tags.clone()),
            restricted: patch.restricted.unwrap_or(before.restricted),
            ..before.clone()
        };
        let profile = profile.filter(|p| p.before != p.after);
        if after == before && profile.is_none() {
            return Ok(Written {
                value: after,
                revision: self.revision(),
            });
        }
        let mut tx = self.store().begin().await?;
        let mut entries = Vec::new();
        let mut change = None;
        if after != before {
            after.updated_at = now;
            tx.update_client(&after).await?;
            entries.push(audit(
                actor,
                now,
                "client.updated",
                after.id,
                serde_json::json!({"before": before, "after": after}),
            ));
            change = Some(Change::ClientSaved {
                client: after.clone(),
            });
        }
        if let Some(p) = profile {
            tx.set_client_profile(actor.company_id, id, &p.after)
                .await?;
            entries.push(audit(
                actor,
                now,
                "client.profile_updated",
                id,
                serde_json::json!({"before": p.before, "after": p.after}),
            ));
        }
        let revision = self
            .commit(&writing, tx, change, entries, Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// `DELETE /clients/{id}`: the owner or admin-like roles. Every open
    /// share ends (`client_deleted`); the rows stay for history.
    pub async fn delete_client(
        &self,
        actor: &Actor,
        id: ClientId,
    ) -> Result<Written<()>, AppError> {
        let writing = self.writing().await?;
        let shares = self.read(actor, |company| {
            require_deletable(company, actor, id)?;
            Ok(company.open_shares(id))
        })?;
        let now = self.now();
        let ended = Revocation {
            by: Some(actor.user_id),
            at: now,
            how: How::ClientDeleted,
        };
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::with_capacity(shares.len() + 1);
        for share in &shares {
            tx.revoke_share(actor.company_id, share.share_id, &ended)
                .await?;
            changes.push(Change::ShareRevoked {
                company_id: actor.company_id,
                client_id: id,
                share_id: share.share_id,
                revoked: ended,
            });
        }
        tx.mark_client_deleted(actor.company_id, id, actor.user_id, now)
            .await?;
        changes.push(Change::ClientDeleted {
            company_id: actor.company_id,
            client_id: id,
        });
        let entry = audit(
            actor,
            now,
            "client.deleted",
            id,
            serde_json::json!({"revoked_shares": shares.len()}),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::Batch { changes }),
                vec![entry],
                Vec::new(),
            )
            .await?;
        Ok(Written {
            value: (),
            revision,
        })
    }

    /// A live client of the actor's company, or `NotFound`.
    pub(crate) async fn load_client(
        &self,
        actor: &Actor,
        id: ClientId,
    ) -> Result<Client, AppError> {
        self.store()
            .client(actor.company_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }
}

/// `NotFound` for a client not in the company; `AccessDenied` (with
/// `can_request` per A14/A17) when the actor cannot open it.
pub(crate) fn require_access(
    company: &CompanyIndex,
    actor: &Actor,
    client: ClientId,
) -> Result<(), AppError> {
    if !company.has_client(client) {
        return Err(AppError::NotFound);
    }
    if company.check(actor.user_id, client).allowed {
        Ok(())
    } else {
        Err(AppError::AccessDenied {
            can_request: can_request(company),
        })
    }
}

/// Whether the actor may delete this live client (one by one or in bulk):
/// its owner and admin-like roles.
pub(crate) fn may_delete(company: &CompanyIndex, actor: &Actor, client: ClientId) -> bool {
    actor.role.is_admin_like() || company.client_owner(client) == Some(actor.user_id)
}

/// `NotFound` for a client not in the company; `Forbidden` unless
/// [`may_delete`].
pub(crate) fn require_deletable(
    company: &CompanyIndex,
    actor: &Actor,
    client: ClientId,
) -> Result<(), AppError> {
    if !company.has_client(client) {
        return Err(AppError::NotFound);
    }
    if may_delete(company, actor, client) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new(
            "app-delete-client-forbidden",
        )))
    }
}

/// X10: whether the actor may mark a client restricted or lift it
/// (admin-like roles).
pub(crate) fn may_restrict(actor: &Actor) -> bool {
    actor.role.is_admin_like()
}

/// B10: the client list of a member with "view every client" off: only the
/// clients they own or have an activity assigned to (`worked`), each still
/// marked `locked` per A12. Scans the full list page by page until `limit`
/// such clients are found.
fn worked_with_list(
    company: &CompanyIndex,
    actor: &Actor,
    worked: &[ClientId],
    query: Option<&str>,
    mut after: Option<Cursor>,
    limit: usize,
) -> Page<ClientListEntry> {
    let mut items = Vec::new();
    loop {
        let page = company.client_list(actor.user_id, query, after.as_ref(), limit);
        items.extend(
            page.items
                .into_iter()
                .filter(|c| c.owner_id == actor.user_id || worked.contains(&c.id))
                .map(|c| ClientListEntry {
                    id: c.id,
                    name: c.name,
                    locked: c.locked,
                    owner_id: c.owner_id,
                }),
        );
        // One more than a page tells whether another page follows.
        if items.len() > limit {
            items.truncate(limit);
            let next = items
                .last()
                .map(|e| Cursor::new(e.name.clone(), e.id.as_uuid()));
            return Page { items, next };
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Page { items, next: None },
        }
    }
}

/// A14/A17: whether a staff member without access may ask for it.
pub(crate) fn can_request(company: &CompanyIndex) -> bool {
    let settings = company.settings();
    settings.allow_access_requests && settings.client_access_enabled
}
