//! Packages sold to a client (B8): seen and added only with the packages
//! capability, on clients the actor can open (B12).

use casegate_core::permissions::may_use_packages;
use casegate_core::{ClientId, Package, PackageId};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::clients::require_access;
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, Written};
use crate::validate::Checks;

/// `POST /clients/{id}/packages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPackage {
    pub name: String,
    /// Zero or more, when given.
    pub price_cents: Option<i64>,
}

impl App {
    /// `GET /clients/{id}/packages` (B8): oldest first.
    pub async fn packages(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<Vec<Package>, AppError> {
        self.require_packages(actor, client).await?;
        Ok(self.store().packages(actor.company_id, client).await?)
    }

    /// `POST /clients/{id}/packages` (B8).
    pub async fn add_package(
        &self,
        actor: &Actor,
        client: ClientId,
        input: NewPackage,
    ) -> Result<Written<Package>, AppError> {
        let name = checked(&input)?;
        self.require_packages(actor, client).await?;
        let writing = self.writing().await?;
        let now = self.now();
        let package = Package {
            id: PackageId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            client_id: client,
            name,
            price_cents: input.price_cents,
            created_by: actor.user_id,
            created_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_package(&package).await?;
        let entry = audit(
            actor,
            now,
            "package.added",
            package.id,
            serde_json::json!({
                "client_id": client,
                "name": package.name,
                "price_cents": package.price_cents,
            }),
        );
        let revision = self
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: package,
            revision,
        })
    }

    /// The client must open (B12) and the actor have packages (B8).
    async fn require_packages(&self, actor: &Actor, client: ClientId) -> Result<(), AppError> {
        self.read(actor, |company| require_access(company, actor, client))?;
        let user = self.me(actor).await?;
        if may_use_packages(&user) {
            Ok(())
        } else {
            Err(AppError::Forbidden(Message::new("app-packages-off")))
        }
    }
}

/// The package's name, trimmed, once its input is valid: a name of 1–200
/// characters and a price, when given, of zero or more.
fn checked(input: &NewPackage) -> Result<String, AppError> {
    let mut checks = Checks::new();
    let name = checks.name("name", &input.name);
    if input.price_cents.is_some_and(|p| p < 0) {
        checks.fail("price_cents", Message::new("app-negative"));
    }
    checks.finish()?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;

    fn package(name: &str, price_cents: Option<i64>) -> NewPackage {
        NewPackage {
            name: name.to_owned(),
            price_cents,
        }
    }

    #[test]
    fn names_are_trimmed_and_free_packages_allowed() {
        assert_eq!(checked(&package("  Gift ", Some(0))).unwrap(), "Gift");
        assert_eq!(checked(&package("Free", None)).unwrap(), "Free");
    }

    #[test]
    fn empty_names_and_negative_prices_are_refused() {
        let Err(AppError::Validation(fields)) = checked(&package(" ", Some(-5))) else {
            panic!("expected a validation error");
        };
        assert!(fields.contains_key("name"));
        assert!(fields.contains_key("price_cents"));
    }
}
