//! Staff members: listing, creating (B1: never a second primary admin) and
//! changing them, including A22: deactivation ends every token and all access
//! in the same transaction.

use casegate_core::accounts::Account;
use casegate_core::index::Cursor;
use casegate_core::{AccountId, Change, CompanyId, Permissions, Role, User, UserId};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::auth::{email_taken, hash_password};
use crate::error::AppError;
use crate::message::Message;
use crate::settings::require_staff_admin;
use crate::types::{Actor, NewUser, Page, UserPatch, Written};
use crate::validate::{self, Checks};

impl App {
    /// `GET /users`: the company's staff by `(name, id)`, paged.
    pub async fn users(
        &self,
        actor: &Actor,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<User>, AppError> {
        self.read(actor, |_| Ok(()))?;
        let after =
            validate::cursor(after)?.map(|c| (c.name().to_owned(), UserId::from_uuid(c.id())));
        let limit = validate::limit(limit);
        let fetch = u32::try_from(limit.saturating_add(1)).unwrap_or(u32::MAX);
        let mut items = self
            .store()
            .users_page(actor.company_id, after, fetch)
            .await?;
        let more = items.len() > limit;
        items.truncate(limit);
        let next = if more {
            items
                .last()
                .map(|u| Cursor::new(u.name.clone(), u.id.as_uuid()))
        } else {
            None
        };
        Ok(Page { items, next })
    }

    /// `GET /users/{id}`.
    pub async fn user(&self, actor: &Actor, id: UserId) -> Result<User, AppError> {
        self.read(actor, |_| Ok(()))?;
        self.store()
            .user(actor.company_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// `POST /users`: admins only; `primary_admin` is refused (B1: exactly
    /// one). Without a password an invitation email is sent.
    pub async fn create_user(
        &self,
        actor: &Actor,
        input: NewUser,
    ) -> Result<Written<User>, AppError> {
        require_staff_admin(actor)?;
        self.read(actor, |_| Ok(()))?;
        let mut checks = Checks::new();
        let email = checks.email("email", &input.email);
        let name = checks.name("name", &input.name);
        if input.role == Role::PrimaryAdmin {
            checks.fail("role", Message::new("app-one-primary-admin"));
        }
        if let Some(password) = &input.password {
            checks.new_password("password", password, &email, &name);
        }
        checks.finish()?;
        let hash = match input.password {
            Some(password) => Some(hash_password(password).await?),
            None => None,
        };
        let company = self
            .store()
            .company(actor.company_id)
            .await?
            .ok_or(AppError::NotFound)?;

        let writing = self.writing().await?;
        let now = self.now();
        let user = User {
            id: UserId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            email,
            name,
            role: input.role,
            active: true,
            share_all_clients: false,
            permissions: Permissions::defaults_for(input.role),
            language: input.language.unwrap_or(company.default_language),
            created_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_user(&user, hash.as_deref())
            .await
            .map_err(|e| email_taken(e, &user.email))?;
        let mut emails = Vec::new();
        if hash.is_none() {
            // AC1: the account was just made with the user's id.
            let account = Account {
                id: AccountId::from_uuid(user.id.as_uuid()),
                email: user.email.clone(),
                name: user.name.clone(),
                language: user.language,
                has_password: false,
                timezone: None,
                created_at: now,
            };
            emails.push(self.invite(&mut tx, actor, &account, &company, now).await?);
        }
        let entry = audit(
            actor,
            now,
            "user.created",
            user.id,
            serde_json::json!({"email": user.email, "name": user.name, "role": user.role, "invited": hash.is_none()}),
        );
        let change = Change::UserSaved { user: user.clone() };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], emails)
            .await?;
        Ok(Written {
            value: user,
            revision,
        })
    }

    /// `PATCH /users/{id}`: admins only. Nobody is made or unmade primary
    /// admin here, and only the primary admin changes the primary admin's
    /// account (B2). A22: `active = false` ends the user's tokens at once.
    /// X11: deactivating a member who owns clients is refused
    /// (`OwnsClients`) unless the patch names a `successor_id`; the handover
    /// (C8) then runs first, in the same transaction and the same change.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        patch: UserPatch,
    ) -> Result<Written<User>, AppError> {
        require_staff_admin(actor)?;
        self.read(actor, |_| Ok(()))?;
        let mut checks = Checks::new();
        let name = patch.name.as_deref().map(|n| checks.name("name", n));
        if patch.successor_id.is_some() && patch.active != Some(false) {
            checks.fail(
                "successor_id",
                Message::new("app-successor-needs-deactivation"),
            );
        }
        checks.finish()?;

        let writing = self.writing().await?;
        let before = self.load_user(actor.company_id, id).await?;
        if before.role == Role::PrimaryAdmin && actor.role != Role::PrimaryAdmin {
            return Err(AppError::Forbidden(Message::new(
                "app-primary-admin-account",
            )));
        }
        if let Some(role) = patch.role
            && (role == Role::PrimaryAdmin) != (before.role == Role::PrimaryAdmin)
        {
            return Err(AppError::Forbidden(Message::new("app-primary-admin-role")));
        }
        // B1/B2: a role change is a credentials change, decided by the core.
        if patch.role.is_some_and(|role| role != before.role) {
            let me = self.load_user(actor.company_id, actor.user_id).await?;
            if !casegate_core::permissions::may_change_credentials(&me, &before) {
                return Err(AppError::Forbidden(Message::new("app-role-forbidden")));
            }
        }
        if before.role == Role::PrimaryAdmin && patch.active == Some(false) {
            return Err(AppError::invalid(
                "active",
                Message::new("app-primary-admin-active"),
            ));
        }
        let after = User {
            name: name.unwrap_or_else(|| before.name.clone()),
            role: patch.role.unwrap_or(before.role),
            active: patch.active.unwrap_or(before.active),
            share_all_clients: patch.share_all_clients.unwrap_or(before.share_all_clients),
            permissions: patch.permissions.apply(before.permissions),
            language: patch.language.unwrap_or(before.language),
            ..before.clone()
        };
        let deactivated = before.active && !after.active;
        // X11: nobody responsible for a client leaves without a successor.
        let handover = match patch.successor_id {
            Some(successor) => Some(self.prepare_handover(actor, &before, successor).await?),
            None => {
                let owned = self.read(actor, |c| Ok(c.holdings(id).owned.len()))?;
                if deactivated && owned > 0 {
                    return Err(AppError::OwnsClients {
                        owned_clients: owned,
                    });
                }
                None
            }
        };
        let handover = handover.filter(|h| !h.is_empty());
        if after == before && handover.is_none() {
            return Ok(Written {
                value: after,
                revision: self.revision(),
            });
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::new();
        let mut entries = Vec::new();
        if let Some(prepared) = &handover {
            let (passed, _, entry) =
                crate::handover::write_handover(&mut tx, actor, &before, prepared, now).await?;
            changes.extend(passed);
            entries.push(entry);
        }
        if after != before {
            tx.update_user(&after).await?;
            let ended_tokens = if deactivated {
                tx.delete_user_tokens(after.id).await?
            } else {
                0
            };
            let action = match (before.active, after.active) {
                (true, false) => "user.deactivated",
                (false, true) => "user.reactivated",
                _ => "user.updated",
            };
            entries.push(audit(
                actor,
                now,
                action,
                after.id,
                serde_json::json!({"before": before, "after": after, "ended_tokens": ended_tokens}),
            ));
            changes.push(Change::UserSaved {
                user: after.clone(),
            });
        }
        let change = match changes.len() {
            1 => changes.pop(),
            _ => Some(Change::Batch { changes }),
        };
        let revision = self
            .commit(&writing, tx, change, entries, Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// Any staff member's own language (the web UI's language switcher):
    /// the one thing a user changes about their own account without an admin.
    pub async fn set_my_language(
        &self,
        actor: &Actor,
        language: casegate_core::Language,
    ) -> Result<Written<User>, AppError> {
        self.read(actor, |_| Ok(()))?;
        let writing = self.writing().await?;
        let before = self.load_user(actor.company_id, actor.user_id).await?;
        if before.language == language {
            return Ok(Written {
                value: before,
                revision: self.revision(),
            });
        }
        let after = User {
            language,
            ..before.clone()
        };
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.update_user(&after).await?;
        let entry = audit(
            actor,
            now,
            "user.updated",
            after.id,
            serde_json::json!({"before": before, "after": after}),
        );
        let change = Change::UserSaved {
            user: after.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// A user of the company, or `NotFound`.
    pub(crate) async fn load_user(&self, company: CompanyId, id: UserId) -> Result<User, AppError> {
        self.store()
            .user(company, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Users by id, in the order given; ids the store does not know are skipped.
    pub(crate) async fn users_by_ids(
        &self,
        company: CompanyId,
        ids: &[UserId],
    ) -> Result<Vec<User>, AppError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(user) = self.store().user(company, *id).await? {
                out.push(user);
            }
        }
        Ok(out)
    }
}
