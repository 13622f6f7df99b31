//! Sharing a client: the panel (A13, A18), granting shares with "notify by
//! email" (A4), what removing one would take away and removing it (A19),
//! transferring ownership, the full history (C5, names of what is gone
//! kept) and the digest box (A24).

mod notify;

use std::collections::HashMap;

use casegate_core::index::PanelEntry;
use casegate_core::{
    Change, ClientId, CompanyIndex, GroupId, How, Revocation, Share, ShareId, Subject, Timestamp,
    UserId,
};
use uuid::Uuid;

use crate::app::{App, audit, user_name};
use crate::clients::{can_request, require_access};
use crate::error::AppError;
use crate::message::Message;
use crate::types::{
    Actor, Granted, HistoryRow, Named, PanelLine, PanelView, RevokeImpact, Standing, SubjectView,
    Written,
};
use crate::validate::Checks;

impl App {
    /// `GET /clients/{id}/access` (A13): any staff member. Without access the
    /// entries are the requester's view (A18): owner, users and groups by
    /// name, no members, no grants, no whole-company line.
    pub async fn access_panel(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<PanelView, AppError> {
        let (panel, lines, requests_open) = self.read(actor, |company| {
            let panel = company
                .panel(actor.user_id, client)
                .ok_or(AppError::NotFound)?;
            let lines: Vec<(PanelEntry, SubjectView, Option<Named<UserId>>)> = panel
                .entries
                .iter()
                .map(|e| {
                    (
                        e.clone(),
                        subject_view(company, e.subject),
                        e.granted_by.map(|u| named(company, u)),
                    )
                })
                .collect();
            Ok((panel, lines, can_request(company)))
        })?;
        let company_name = self.company_name(actor).await?;
        let mut entries = Vec::with_capacity(lines.len());
        for (entry, mut subject, granted_by) in lines {
            if entry.subject == Subject::Company {
                subject.name.clone_from(&company_name);
            }
            let members = match (&entry.members, panel.viewer_has_access) {
                (Some(ids), true) => Some(self.users_by_ids(actor.company_id, ids).await?),
                _ => None,
            };
            entries.push(PanelLine {
                subject,
                owner: entry.owner,
                granted_by,
                granted_at: entry.granted_at,
                members,
            });
        }
        let digest_enabled = if panel.viewer_has_access {
            self.store()
                .digest_preference(actor.company_id, actor.user_id, client)
                .await?
                .unwrap_or(true)
        } else {
            false
        };
        Ok(PanelView {
            can_share: panel.can_share,
            can_request: requests_open && !panel.viewer_has_access,
            has_access: panel.viewer_has_access,
            digest_enabled,
            entries,
        })
    }

    /// `POST /clients/{id}/access` (A4): whoever may share the client. An
    /// existing open share for the subject is returned with `created: false`
    /// and nobody is emailed. With `notify`, a new user share emails that
    /// person and a new group share each active member, in their language,
    /// with `message` quoted (never the actor, never a whole-company share:
    /// `notify` is refused there, and `message` without `notify`).
    pub async fn grant(
        &self,
        actor: &Actor,
        client: ClientId,
        subject: Subject,
        notify: bool,
        message: Option<String>,
    ) -> Result<Written<Granted>, AppError> {
        let mut checks = Checks::new();
        let message = checks.message("message", message.as_deref());
        if notify && subject == Subject::Company {
            checks.fail("notify", Message::new("app-notify-company"));
        }
        if message.is_some() && !notify {
            checks.fail("message", Message::new("app-message-needs-notify"));
        }
        checks.finish()?;
        let writing = self.writing().await?;
        let existing = self.read(actor, |company| {
            require_sharer(company, actor, client)?;
            require_subject(company, subject)?;
            Ok(company
                .open_shares(client)
                .into_iter()
                .find(|s| s.subject == subject))
        })?;
        if let Some(share) = existing {
            drop(writing);
            let line = self
                .share_line(actor, subject, share.granted_by, share.granted_at)
                .await?;
            return Ok(Written {
                value: Granted {
                    line,
                    created: false,
                    notified: 0,
                },
                revision: self.revision(),
            });
        }
        let now = self.now();
        let emails = if notify {
            self.share_emails(actor, client, subject, message.as_deref(), now)
                .await?
        } else {
            Vec::new()
        };
        let notified = emails.len();
        let share = Share {
            id: ShareId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            client_id: client,
            subject,
            granted_by: Some(actor.user_id),
            granted_at: now,
            granted_how: How::Manual,
            revoked: None,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_share(&share).await?;
        let entry = audit(
            actor,
            now,
            "share.granted",
            client,
            serde_json::json!({
                "share_id": share.id,
                "subject": subject,
                "how": How::Manual,
                "notified": notified,
                "message": message,
            }),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::ShareGranted { share }),
                vec![entry],
                emails,
            )
            .await?;
        drop(writing);
        let line = self
            .share_line(actor, subject, Some(actor.user_id), now)
            .await?;
        Ok(Written {
            value: Granted {
                line,
                created: true,
                notified,
            },
            revision,
        })
    }

    /// A19 before the removal: who would lose access if every open share of
    /// `subject` on `client` were removed (the first `limit`, by name, and
    /// how many in all). Refused exactly as [`App::revoke`] would refuse the
    /// removal; changes nothing.
    pub async fn revoke_impact(
        &self,
        actor: &Actor,
        client: ClientId,
        subject: Subject,
        limit: usize,
    ) -> Result<RevokeImpact, AppError> {
        let (mut view, losing, total) = self.read(actor, |company| {
            removable(company, actor, client, subject)?;
            let losers = company.lose_access_if_revoked(client, subject);
            let losing = losers
                .iter()
                .take(limit)
                .map(|u| named(company, *u))
                .collect();
            Ok((subject_view(company, subject), losing, losers.len()))
        })?;
        if subject == Subject::Company {
            view.name = self.company_name(actor).await?;
        }
        Ok(RevokeImpact {
            subject: view,
            losing,
            total,
        })
    }

    /// `DELETE /clients/{id}/access/...` (A19): whoever may share the client.
    /// `NotFound` when the subject has no open share; `Validation` for the
    /// owner, who is not a share (transfer ownership instead).
    pub async fn revoke(
        &self,
        actor: &Actor,
        client: ClientId,
        subject: Subject,
    ) -> Result<Written<()>, AppError> {
        let writing = self.writing().await?;
        let shares = self.read(actor, |company| removable(company, actor, client, subject))?;
        let now = self.now();
        let revoked = Revocation {
            by: Some(actor.user_id),
            at: now,
            how: How::Manual,
        };
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::with_capacity(shares.len());
        for share_id in &shares {
            tx.revoke_share(actor.company_id, *share_id, &revoked)
                .await?;
            changes.push(Change::ShareRevoked {
                company_id: actor.company_id,
                client_id: client,
                share_id: *share_id,
                revoked,
            });
        }
        let entry = audit(
            actor,
            now,
            "share.revoked",
            client,
            serde_json::json!({"share_ids": shares, "subject": subject, "how": How::Manual}),
        );
        let change = match changes.len() {
            1 => changes.pop(),
            _ => Some(Change::Batch { changes }),
        };
        let revision = self
            .commit(&writing, tx, change, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: (),
            revision,
        })
    }

    /// `POST /clients/{id}/owner` (A19): the owner or admin-like roles; the
    /// new owner must be an active staff member. The old owner keeps access
    /// only through whatever else grants it.
    pub async fn transfer_owner(
        &self,
        actor: &Actor,
        client: ClientId,
        new_owner: UserId,
    ) -> Result<Written<casegate_core::Client>, AppError> {
        let writing = self.writing().await?;
        self.read(actor, |company| {
            let owner = company.client_owner(client).ok_or(AppError::NotFound)?;
            if owner != actor.user_id && !actor.role.is_admin_like() {
                return Err(AppError::Forbidden(Message::new("app-transfer-forbidden")));
            }
            if !company.has_user(new_owner) {
                return Err(AppError::NotFound);
            }
            if !company.is_active(new_owner) {
                return Err(AppError::invalid(
                    "user_id",
                    Message::new("app-new-owner-inactive"),
                ));
            }
            Ok(())
        })?;
        let before = self.load_client(actor, client).await?;
        if before.owner_id == new_owner {
            return Ok(Written {
                value: before,
                revision: self.revision(),
            });
        }
        let now = self.now();
        let after = casegate_core::Client {
            owner_id: new_owner,
            updated_at: now,
            ..before.clone()
        };
        let mut tx = self.store().begin().await?;
        tx.update_client(&after).await?;
        let entry = audit(
            actor,
            now,
            "client.owner_transferred",
            client,
            serde_json::json!({"from": before.owner_id, "to": new_owner}),
        );
        let change = Change::ClientSaved {
            client: after.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// `GET /clients/{id}/access/history` (C5): with access; every share
    /// ever, open and revoked.
    pub async fn access_history(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<Vec<HistoryRow>, AppError> {
        self.read(actor, |company| require_access(company, actor, client))?;
        let shares = self.store().share_history(actor.company_id, client).await?;
        let company_name = self.company_name(actor).await?;
        // Deleted groups keep their names: read once each from the store,
        // which keeps the deleted row.
        let mut deleted: HashMap<GroupId, String> = HashMap::new();
        let mut rows = Vec::with_capacity(shares.len());
        for share in shares {
            let mut subject = self.read(actor, |c| Ok(subject_view(c, share.subject)))?;
            if share.subject == Subject::Company {
                subject.name.clone_from(&company_name);
            } else if let (Subject::Group(g), Standing::Deleted) = (share.subject, subject.standing)
            {
                let name = match deleted.get(&g) {
                    Some(name) => name.clone(),
                    None => {
                        let name = self
                            .store()
                            .group_name_ever(actor.company_id, g)
                            .await?
                            .map(|(name, _)| name)
                            .unwrap_or_default();
                        deleted.insert(g, name.clone());
                        name
                    }
                };
                subject.name = name;
            }
            let (granted_by, revoked_by) = self.read(actor, |c| {
                Ok((
                    share.granted_by.map(|u| named(c, u)),
                    share.revoked.and_then(|r| r.by).map(|u| named(c, u)),
                ))
            })?;
            rows.push(HistoryRow {
                share_id: share.id,
                subject,
                granted_by,
                granted_at: share.granted_at,
                granted_how: share.granted_how,
                revoked_by,
                revoked_at: share.revoked.map(|r| r.at),
                revoked_how: share.revoked.map(|r| r.how),
            });
        }
        Ok(rows)
    }

    /// `PUT /clients/{id}/digest` (A24): with access. Not an access change,
    /// so it appends no change; the revision is the current one.
    pub async fn set_digest(
        &self,
        actor: &Actor,
        client: ClientId,
        enabled: bool,
    ) -> Result<Written<bool>, AppError> {
        let writing = self.writing().await?;
        self.read(actor, |company| require_access(company, actor, client))?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.set_digest_preference(actor.company_id, actor.user_id, client, enabled, now)
            .await?;
        let entry = audit(
            actor,
            now,
            "digest.changed",
            client,
            serde_json::json!({"enabled": enabled}),
        );
        let revision = self
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: enabled,
            revision,
        })
    }

    /// The actor's company's name (for whole-company lines).
    async fn company_name(&self, actor: &Actor) -> Result<String, AppError> {
        Ok(self
            .store()
            .company(actor.company_id)
            .await?
            .map(|c| c.name)
            .unwrap_or_default())
    }

    /// The panel line of a share the actor just granted or found (the actor
    /// may share, so it sees grants and members).
    async fn share_line(
        &self,
        actor: &Actor,
        subject: Subject,
        granted_by: Option<UserId>,
        granted_at: Timestamp,
    ) -> Result<PanelLine, AppError> {
        let (mut view, by, member_ids) = self.read(actor, |company| {
            let members = match subject {
                Subject::Group(g) => Some(company.group_members(g)),
                _ => None,
            };
            Ok((
                subject_view(company, subject),
                granted_by.map(|u| named(company, u)),
                members,
            ))
        })?;
        if subject == Subject::Company {
            view.name = self.company_name(actor).await?;
        }
        let members = match member_ids {
            Some(ids) => Some(self.users_by_ids(actor.company_id, &ids).await?),
            None => None,
        };
        Ok(PanelLine {
            subject: view,
            owner: false,
            granted_by: by,
            granted_at: Some(granted_at),
            members,
        })
    }
}

/// `NotFound` for a client not in the company, `Forbidden` when the actor may
/// not share it (A4).
fn require_sharer(company: &CompanyIndex, actor: &Actor, client: ClientId) -> Result<(), AppError> {
    if !company.has_client(client) {
        return Err(AppError::NotFound);
    }
    if company.can_share(actor.user_id, client).allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new("app-share-forbidden")))
    }
}

/// A19: the open shares of `subject` on `client` the actor may remove.
/// `NotFound` when there is none; `Validation` for the owner, who is not a
/// share (transfer ownership instead).
fn removable(
    company: &CompanyIndex,
    actor: &Actor,
    client: ClientId,
    subject: Subject,
) -> Result<Vec<ShareId>, AppError> {
    require_sharer(company, actor, client)?;
    let shares: Vec<ShareId> = company
        .open_shares(client)
        .into_iter()
        .filter(|s| s.subject == subject)
        .map(|s| s.share_id)
        .collect();
    if shares.is_empty() {
        if let Subject::User(u) = subject
            && company.client_owner(client) == Some(u)
        {
            return Err(AppError::invalid(
                "subject",
                Message::new("app-owner-not-removable"),
            ));
        }
        return Err(AppError::NotFound);
    }
    Ok(shares)
}

/// `NotFound` for a user or group that is not (or no longer) of the company.
fn require_subject(company: &CompanyIndex, subject: Subject) -> Result<(), AppError> {
    let known = match subject {
        Subject::User(u) => company.has_user(u),
        Subject::Group(g) => company.has_group(g),
        Subject::Company => true,
    };
    if known {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A subject with its name from the index (empty for the company and for
/// groups the index no longer knows, which are `Deleted`; the caller fills
/// those names in).
pub(crate) fn subject_view(company: &CompanyIndex, subject: Subject) -> SubjectView {
    let (name, standing) = match subject {
        Subject::User(u) => (user_name(company, u), user_standing(company, u)),
        Subject::Group(g) => match company.group_name(g) {
            Some(name) => (name.to_owned(), Standing::Current),
            None => (String::new(), Standing::Deleted),
        },
        Subject::Company => (String::new(), Standing::Current),
    };
    SubjectView {
        subject,
        name,
        standing,
    }
}

/// A user id with its name, marked when the account is deactivated.
pub(crate) fn named(company: &CompanyIndex, user: UserId) -> Named<UserId> {
    Named {
        id: user,
        name: user_name(company, user),
        standing: user_standing(company, user),
    }
}

/// `Deactivated` for a staff member of the company who is not active (A22).
fn user_standing(company: &CompanyIndex, user: UserId) -> Standing {
    if company.has_user(user) && !company.is_active(user) {
        Standing::Deactivated
    } else {
        Standing::Current
    }
}
