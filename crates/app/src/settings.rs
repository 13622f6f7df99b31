//! The current user and the company's client-access settings (A1–A5),
//! including A2: switching client access on gives every live client without
//! one a whole-company share, so nobody's access changes at that moment;
//! and what switching it on or off would change, asked before.

use std::collections::HashSet;

use casegate_core::{Change, ClientId, How, Settings, Share, ShareId, Subject};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::types::{AccessSwitch, Actor, SettingsPatch, Written};

impl App {
    /// `GET /me`: the current user.
    pub async fn me(&self, actor: &Actor) -> Result<casegate_core::User, AppError> {
        self.read(actor, |_| Ok(()))?;
        self.store()
            .user(actor.company_id, actor.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)
    }

    /// `GET /settings`: any staff member.
    pub async fn settings(&self, actor: &Actor) -> Result<Settings, AppError> {
        self.read(actor, |company| Ok(company.settings()))
    }

    /// `PATCH /settings`: admins only (B2). Switching A1 on applies A2.
    pub async fn update_settings(
        &self,
        actor: &Actor,
        patch: SettingsPatch,
    ) -> Result<Written<Settings>, AppError> {
        require_staff_admin(actor)?;
        let writing = self.writing().await?;
        let now = self.now();
        let before = self.read(actor, |company| Ok(company.settings()))?;
        let switching_on =
            patch.client_access_enabled == Some(true) && !before.client_access_enabled;
        let a2_clients = if switching_on {
            self.a2_clients(actor).await?.0
        } else {
            Vec::new()
        };
        let after = Settings {
            client_access_enabled: patch
                .client_access_enabled
                .unwrap_or(before.client_access_enabled),
            allow_access_requests: patch
                .allow_access_requests
                .unwrap_or(before.allow_access_requests),
            allow_sharing: patch.allow_sharing.unwrap_or(before.allow_sharing),
            new_client_access: patch.new_client_access.unwrap_or(before.new_client_access),
        };
        if after == before {
            return Ok(Written {
                value: after,
                revision: self.revision(),
            });
        }
        let mut company = self
            .store()
            .company(actor.company_id)
            .await?
            .ok_or(AppError::NotFound)?;
        company.settings = after;

        let mut tx = self.store().begin().await?;
        tx.update_company(&company).await?;
        let mut changes = vec![Change::SettingsChanged {
            company_id: company.id,
            settings: after,
        }];
        for client_id in &a2_clients {
            let share = Share {
                id: ShareId::from_uuid(Uuid::now_v7()),
                company_id: company.id,
                client_id: *client_id,
                subject: Subject::Company,
                granted_by: Some(actor.user_id),
                granted_at: now,
                granted_how: How::SettingEnabled,
                revoked: None,
            };
            tx.insert_share(&share).await?;
            changes.push(Change::ShareGranted { share });
        }
        let entry = audit(
            actor,
            now,
            "settings.changed",
            company.id,
            serde_json::json!({
                "before": before,
                "after": after,
                "company_shares_granted": a2_clients.len(),
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
            value: after,
            revision,
        })
    }
}

impl App {
    /// What setting client access (A1) to `enabled` would change, in
    /// numbers, for a confirmation; admins only, as the change itself.
    /// Changes nothing.
    pub async fn client_access_impact(
        &self,
        actor: &Actor,
        enabled: bool,
    ) -> Result<AccessSwitch, AppError> {
        require_staff_admin(actor)?;
        let (on, census) = self.read(actor, |company| {
            Ok((company.settings().client_access_enabled, company.census()))
        })?;
        if on == enabled {
            return Ok(AccessSwitch::Unchanged);
        }
        if !enabled {
            return Ok(AccessSwitch::Off {
                clients: census
                    .live_clients
                    .saturating_sub(census.restricted_clients),
                people: census.active_users,
                restricted: census.restricted_clients,
            });
        }
        let (shared, kept) = self.a2_clients(actor).await?;
        Ok(AccessSwitch::On {
            company_shares: shared.len(),
            kept,
        })
    }

    /// A2: the live clients that get a whole-company share when client
    /// access is switched on, and how many unrestricted clients keep the
    /// shares they had instead.
    ///
    /// A2 with "turning it off keeps all shares for a later switch-on": a
    /// client without a whole-company share that has had shares before (say,
    /// restricted during an earlier on-period) keeps them as they are; only
    /// never-managed clients get the whole-company share.
    async fn a2_clients(&self, actor: &Actor) -> Result<(Vec<ClientId>, usize), AppError> {
        let (unshared, restricted) = self.read(actor, |company| {
            let unshared: Vec<ClientId> = company
                .live_clients()
                .into_iter()
                .filter(|c| {
                    !company
                        .open_shares(*c)
                        .iter()
                        .any(|s| s.subject == Subject::Company)
                })
                .collect();
            let restricted: HashSet<ClientId> = unshared
                .iter()
                .copied()
                .filter(|c| company.is_restricted(*c))
                .collect();
            Ok((unshared, restricted))
        })?;
        if unshared.is_empty() {
            return Ok((unshared, 0));
        }
        let managed: HashSet<ClientId> = self
            .store()
            .clients_with_share_history(actor.company_id)
            .await?
            .into_iter()
            .collect();
        let (kept, shared): (Vec<ClientId>, Vec<ClientId>) =
            unshared.into_iter().partition(|c| managed.contains(c));
        let kept = kept.iter().filter(|c| !restricted.contains(c)).count();
        Ok((shared, kept))
    }
}

/// B2: staff configuration (settings, users, groups) is for the primary admin and admins.
pub(crate) fn require_staff_admin(actor: &Actor) -> Result<(), AppError> {
    if actor.role.configures_staff() {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new("app-admins-only")))
    }
}
