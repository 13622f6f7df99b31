//! Bulk client operations (B9, B12): delete many clients, or add or remove a
//! tag on many, in one transaction, one change and one audit entry. Only the
//! clients the actor can open are touched; the others (locked, unknown, of
//! another company) are skipped without a word, so nothing leaks whether they
//! exist. Also the identity helpers Part B's use cases share: the acting
//! user's full record, and the CLI's way to act as a staff member.

use std::collections::HashSet;

use casegate_core::permissions;
use casegate_core::{Change, Client, ClientId, CompanyId, CompanyIndex, How, Revocation, User};

use crate::app::{App, audit};
use crate::clients::may_delete;
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, Written};
use crate::validate::{MAX_TAG, MAX_TAGS};

/// Most client ids one bulk call may name.
pub const MAX_BULK_IDS: usize = 500;

/// What a bulk action would touch ([`App::bulk_preview`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkPreview {
    /// The named clients it would act on.
    pub clients: usize,
    /// The people who can open at least one of them now.
    pub people: usize,
}

/// What `POST /clients/bulk` does to each client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Delete the client (as `DELETE /clients/{id}`: owner or admin-like roles).
    Delete,
    /// Add this tag (trimmed, 1–100 characters; at most 50 tags per client).
    AddTag(String),
    /// Remove this tag.
    RemoveTag(String),
}

impl BulkAction {
    /// The action's name on the wire and in the audit log.
    pub const fn name(&self) -> &'static str {
        match self {
            BulkAction::Delete => "delete",
            BulkAction::AddTag(_) => "add_tag",
            BulkAction::RemoveTag(_) => "remove_tag",
        }
    }
}

impl App {
    /// `POST /clients/bulk`: needs `bulk_edit` (B9). Acts on the named
    /// clients the actor can open (B12) — for `Delete`, only those the actor
    /// may delete one by one (owner, admin-like roles) — and answers how many
    /// it acted on (a client that already had, or lacked, the tag counts).
    /// At most [`MAX_BULK_IDS`] ids; duplicates count once.
    pub async fn bulk_clients(
        &self,
        actor: &Actor,
        action: BulkAction,
        ids: &[ClientId],
    ) -> Result<Written<usize>, AppError> {
        let user = self.acting_user(actor).await?;
        if !permissions::may_bulk_edit(&user) {
            return Err(AppError::Forbidden(Message::new("app-bulk-forbidden")));
        }
        if ids.len() > MAX_BULK_IDS {
            return Err(AppError::invalid(
                "ids",
                Message::new("app-bulk-too-many").count("max", MAX_BULK_IDS),
            ));
        }
        let action = match action {
            BulkAction::Delete => BulkAction::Delete,
            BulkAction::AddTag(tag) => BulkAction::AddTag(checked_tag(&tag)?),
            BulkAction::RemoveTag(tag) => BulkAction::RemoveTag(checked_tag(&tag)?),
        };

        let writing = self.writing().await?;
        let targets = self.read(actor, |company| Ok(targets(company, actor, &action, ids)))?;
        if targets.is_empty() {
            return Ok(Written {
                value: 0,
                revision: self.revision(),
            });
        }
        let now = self.now();
        // Tags: every change is worked out before the transaction begins.
        let retagged = match &action {
            BulkAction::Delete => Vec::new(),
            BulkAction::AddTag(tag) | BulkAction::RemoveTag(tag) => {
                let adding = matches!(action, BulkAction::AddTag(_));
                let mut full = Vec::new();
                let mut after = Vec::new();
                for id in &targets {
                    let Some(before) = self.store().client(actor.company_id, *id).await? else {
                        continue;
                    };
                    if let Some(client) = retagged(&before, tag, adding, &mut full) {
                        after.push(Client {
                            updated_at: now,
                            ..client
                        });
                    }
                }
                if !full.is_empty() {
                    return Err(AppError::invalid(
                        "tag",
                        Message::new("app-bulk-tags-full")
                            .count("count", full.len())
                            .count("max", MAX_TAGS)
                            .with("names", full.join(", ")),
                    ));
                }
                after
            }
        };
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::new();
        if action == BulkAction::Delete {
            let ended = Revocation {
                by: Some(actor.user_id),
                at: now,
                how: How::ClientDeleted,
            };
            for id in &targets {
                let shares = self.read(actor, |company| Ok(company.open_shares(*id)))?;
                for share in shares {
                    tx.revoke_share(actor.company_id, share.share_id, &ended)
                        .await?;
                    changes.push(Change::ShareRevoked {
                        company_id: actor.company_id,
                        client_id: *id,
                        share_id: share.share_id,
                        revoked: ended,
                    });
                }
                tx.mark_client_deleted(actor.company_id, *id, actor.user_id, now)
                    .await?;
                changes.push(Change::ClientDeleted {
                    company_id: actor.company_id,
                    client_id: *id,
                });
            }
        }
        for client in retagged {
            tx.update_client(&client).await?;
            changes.push(Change::ClientSaved { client });
        }
        let entry = audit(
            actor,
            now,
            "clients.bulk",
            actor.company_id,
            serde_json::json!({
                "action": action.name(),
                "tag": match &action {
                    BulkAction::Delete => None,
                    BulkAction::AddTag(t) | BulkAction::RemoveTag(t) => Some(t),
                },
                "client_ids": targets,
            }),
        );
        let change = (!changes.is_empty()).then_some(Change::Batch { changes });
        let revision = self
            .commit(&writing, tx, change, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: targets.len(),
            revision,
        })
    }

    /// What `bulk_clients` would do, without doing it (the confirmation
    /// page of a bulk deletion): how many of the named clients it would act
    /// on, and how many people can open at least one of those now (who lose
    /// access when they are deleted). Refused as `bulk_clients` refuses.
    pub async fn bulk_preview(
        &self,
        actor: &Actor,
        action: &BulkAction,
        ids: &[ClientId],
    ) -> Result<BulkPreview, AppError> {
        let user = self.acting_user(actor).await?;
        if !permissions::may_bulk_edit(&user) {
            return Err(AppError::Forbidden(Message::new("app-bulk-forbidden")));
        }
        if ids.len() > MAX_BULK_IDS {
            return Err(AppError::invalid(
                "ids",
                Message::new("app-bulk-too-many").count("max", MAX_BULK_IDS),
            ));
        }
        self.read(actor, |company| {
            let targets = targets(company, actor, action, ids);
            Ok(BulkPreview {
                clients: targets.len(),
                people: company.reach(&targets),
            })
        })
    }

    /// The CLI's way in (no token, no password: run by an operator on the
    /// server): the actor of the active staff member with this email in this
    /// company. `NotFound` for an unknown email, one of another company, or an
    /// inactive member.
    pub async fn actor_for_email(
        &self,
        company: CompanyId,
        email: &str,
    ) -> Result<Actor, AppError> {
        let email = email.trim().to_lowercase();
        let (user, _) = self
            .store()
            .login_lookup(&email)
            .await?
            .ok_or(AppError::NotFound)?;
        if user.company_id != company || !user.active {
            return Err(AppError::NotFound);
        }
        let known = self
            .inner
            .index
            .read()
            .company(company)
            .is_some_and(|c| c.has_user(user.id));
        if !known {
            // Created by another process since this one opened: catch up.
            let _writer = self.inner.writer.lock().await;
            self.catch_up().await?;
        }
        Ok(Actor {
            user_id: user.id,
            company_id: user.company_id,
            role: user.role,
            token_hash: Vec::new(),
        })
    }

    /// The acting staff member's full record (role and toggles, for the Part B
    /// table); `Unauthenticated` when no longer an active member (A22).
    pub(crate) async fn acting_user(&self, actor: &Actor) -> Result<User, AppError> {
        self.read(actor, |_| Ok(()))?;
        self.store()
            .user(actor.company_id, actor.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)
    }
}

/// The named clients a bulk action acts on (B12): each once, only those
/// the actor can open, and for `Delete` only those they may delete one by
/// one (owner, admin-like roles).
fn targets(
    company: &CompanyIndex,
    actor: &Actor,
    action: &BulkAction,
    ids: &[ClientId],
) -> Vec<ClientId> {
    let mut seen = HashSet::new();
    ids.iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .filter(|id| company.has_client(*id) && company.may_open(actor.user_id, *id))
        .filter(|id| match action {
            BulkAction::Delete => may_delete(company, actor, *id),
            BulkAction::AddTag(_) | BulkAction::RemoveTag(_) => true,
        })
        .collect()
}

/// A bulk tag: trimmed, 1–100 characters.
fn checked_tag(tag: &str) -> Result<String, AppError> {
    let tag = tag.trim();
    let len = tag.chars().count();
    if len == 0 || len > MAX_TAG {
        return Err(AppError::invalid(
            "tag",
            Message::new("app-tag-length").count("max", MAX_TAG),
        ));
    }
    Ok(tag.to_owned())
}

/// The client with `tag` added or removed; `None` when nothing changes. A
/// client that would pass [`MAX_TAGS`] is named in `full` instead.
fn retagged(before: &Client, tag: &str, adding: bool, full: &mut Vec<String>) -> Option<Client> {
    let has = before.tags.iter().any(|t| t == tag);
    let mut tags = before.tags.clone();
    match (adding, has) {
        (true, false) if tags.len() >= MAX_TAGS => {
            full.push(format!("`{}`", before.name));
            return None;
        }
        (true, false) => tags.push(tag.to_owned()),
        (false, true) => tags.retain(|t| t != tag),
        (true, true) | (false, false) => return None,
    }
    Some(Client {
        tags,
        ..before.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_and_bounded() {
        assert_eq!(checked_tag("  vip ").unwrap(), "vip");
        assert!(checked_tag("   ").is_err());
        assert!(checked_tag(&"x".repeat(MAX_TAG + 1)).is_err());
        assert!(checked_tag(&"é".repeat(MAX_TAG)).is_ok());
    }
}
