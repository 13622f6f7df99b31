//! The company itself: its name, default language and timezone (`GET` and
//! `PATCH /company`, the `account_settings` section of B2), and B1's one
//! explicit primary-admin handover.

use casegate_core::permissions::capabilities_of;
use casegate_core::{Change, Company, Language, Role, User, UserId};

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, Written};
use crate::validate::Checks;

/// Longest timezone name, in characters.
const MAX_TIMEZONE: usize = 64;

/// `PATCH /company`: only the given fields change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyPatch {
    pub name: Option<String>,
    pub default_language: Option<Language>,
    pub timezone: Option<String>,
}

/// B1: the outcome of a handover: the new primary admin and the old one (now admin).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub new_primary_admin: User,
    pub previous: User,
}

impl App {
    /// `GET /company`: any staff member.
    pub async fn company(&self, actor: &Actor) -> Result<Company, AppError> {
        self.read(actor, |_| Ok(()))?;
        self.store()
            .company(actor.company_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// `PATCH /company`: the `account_settings` section (B2: primary admin,
    /// admin, manager, marketing).
    pub async fn update_company(
        &self,
        actor: &Actor,
        patch: CompanyPatch,
    ) -> Result<Written<Company>, AppError> {
        let me = self.me(actor).await?;
        if !capabilities_of(&me).account_settings {
            return Err(AppError::Forbidden(Message::new("app-settings-forbidden")));
        }
        let mut checks = Checks::new();
        let name = patch.name.as_deref().map(|n| checks.name("name", n));
        let timezone = patch.timezone.as_deref().map(|t| timezone(&mut checks, t));
        checks.finish()?;

        let writing = self.writing().await?;
        let before = self
            .store()
            .company(actor.company_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let after = Company {
            name: name.unwrap_or_else(|| before.name.clone()),
            default_language: patch.default_language.unwrap_or(before.default_language),
            timezone: timezone.unwrap_or_else(|| before.timezone.clone()),
            ..before.clone()
        };
        if after == before {
            return Ok(Written {
                value: after,
                revision: self.revision(),
            });
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.update_company(&after).await?;
        let entry = audit(
            actor,
            now,
            "company.updated",
            after.id,
            serde_json::json!({
                "before": {"name": before.name, "default_language": before.default_language, "timezone": before.timezone},
                "after": {"name": after.name, "default_language": after.default_language, "timezone": after.timezone},
            }),
        );
        let change = Change::CompanyUpdated {
            company: after.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// `POST /users/{id}/primary-admin` (B1): the primary admin alone hands
    /// the role over to another active member; in one transaction the target
    /// becomes primary admin and the former one admin, so the company always
    /// has exactly one.
    pub async fn hand_over_primary_admin(
        &self,
        actor: &Actor,
        target: UserId,
    ) -> Result<Written<Handover>, AppError> {
        self.read(actor, |_| Ok(()))?;
        let writing = self.writing().await?;
        let current = self.load_user(actor.company_id, actor.user_id).await?;
        if current.role != Role::PrimaryAdmin || !current.active {
            return Err(AppError::Forbidden(Message::new(
                "app-primary-admin-handover-forbidden",
            )));
        }
        let before = self.load_user(actor.company_id, target).await?;
        if before.id == current.id {
            return Err(AppError::Conflict(Message::new(
                "app-already-primary-admin",
            )));
        }
        if !before.active {
            return Err(AppError::invalid(
                "user_id",
                Message::new("app-primary-admin-inactive"),
            ));
        }
        let new_primary_admin = User {
            role: Role::PrimaryAdmin,
            permissions: casegate_core::Permissions::defaults_for(Role::PrimaryAdmin),
            ..before.clone()
        };
        let previous = User {
            role: Role::Admin,
            ..current.clone()
        };
        let now = self.now();
        let mut tx = self.store().begin().await?;
        // Demote first: at no point are there two primary admins.
        tx.update_user(&previous).await?;
        tx.update_user(&new_primary_admin).await?;
        let entry = audit(
            actor,
            now,
            "user.primary_admin_handed_over",
            new_primary_admin.id,
            serde_json::json!({
                "from": previous.id,
                "to": new_primary_admin.id,
                "to_role_before": before.role,
            }),
        );
        let change = Change::Batch {
            changes: vec![
                Change::UserSaved {
                    user: previous.clone(),
                },
                Change::UserSaved {
                    user: new_primary_admin.clone(),
                },
            ],
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: Handover {
                new_primary_admin,
                previous,
            },
            revision,
        })
    }
}

/// A timezone: a name of the IANA database (`Europe/Copenhagen`, `UTC`),
/// checked against it, so `Mars/Olympus` is refused.
fn timezone(checks: &mut Checks, value: &str) -> String {
    let tz = value.trim();
    if tz.is_empty() {
        checks.fail("timezone", Message::new("app-empty"));
    } else if tz.chars().count() > MAX_TIMEZONE || casegate_core::time::zone(tz).is_none() {
        checks.fail("timezone", Message::new("app-timezone-invalid"));
    }
    tz.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(tz: &str) -> bool {
        let mut checks = Checks::new();
        timezone(&mut checks, tz);
        checks.finish().is_ok()
    }

    #[test]
    fn timezones_are_iana_like_names() {
        for ok in [
            "UTC",
            "Europe/Copenhagen",
            "America/Argentina/Buenos_Aires",
            "Etc/GMT+1",
        ] {
            assert!(check(ok), "{ok}");
        }
        for bad in [
            "",
            " ",
            "Europe/",
            "/UTC",
            "Europe//Paris",
            "Europe/Paris;",
            "1UTC",
        ] {
            assert!(!check(bad), "{bad}");
        }
        assert!(!check(&"A".repeat(65)));
    }
}
