//! Companies and sign-in: `company create`, login with its throttle, bearer
//! tokens (random secrets stored as sha256), logout, and argon2id passwords.

use std::net::IpAddr;
use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng as HashRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use casegate_core::{
    Change, Company, CompanyId, Language, Permissions, Role, Settings, User, UserId,
};
use rand::RngCore as _;
use rand::rngs::OsRng;
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::throttle;
use crate::types::{Actor, Written};
use crate::validate::Checks;

impl App {
    /// `casegate company create`: the company and its primary admin (password
    /// required). `Conflict` when the email is taken.
    pub async fn create_company(
        &self,
        name: &str,
        admin_email: &str,
        admin_name: &str,
        admin_password: &str,
    ) -> Result<Written<(Company, User)>, AppError> {
        let mut checks = Checks::new();
        let name = checks.name("name", name);
        let email = checks.email("admin_email", admin_email);
        let admin_name = checks.name("admin_name", admin_name);
        checks.new_password("admin_password", admin_password, &email, &admin_name);
        checks.finish()?;
        let hash = hash_password(admin_password.to_owned()).await?;

        let writing = self.writing().await?;
        let now = self.now();
        let company = Company {
            id: CompanyId::from_uuid(Uuid::now_v7()),
            name,
            default_language: Language::En,
            timezone: "UTC".to_owned(),
            settings: Settings::default(),
            created_at: now,
        };
        let admin = User {
            id: UserId::from_uuid(Uuid::now_v7()),
            company_id: company.id,
            email,
            name: admin_name,
            role: Role::PrimaryAdmin,
            active: true,
            share_all_clients: false,
            permissions: Permissions::defaults_for(Role::PrimaryAdmin),
            language: Language::En,
            created_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_company(&company).await?;
        tx.insert_user(&admin, Some(&hash))
            .await
            .map_err(|e| email_taken(e, &admin.email))?;
        let actor = Actor {
            user_id: admin.id,
            company_id: company.id,
            role: admin.role,
            token_hash: Vec::new(),
        };
        let entry = audit(
            &actor,
            now,
            "company.created",
            company.id,
            serde_json::json!({"name": company.name, "admin_id": admin.id, "admin_email": admin.email}),
        );
        let change = Change::Batch {
            changes: vec![
                Change::CompanyCreated {
                    company: company.clone(),
                },
                Change::UserSaved {
                    user: admin.clone(),
                },
            ],
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: (company, admin),
            revision,
        })
    }

    /// How many companies exist (`casegate demo` seeds only an empty database).
    pub async fn company_count(&self) -> Result<u64, AppError> {
        Ok(self.store().company_count().await?)
    }

    /// A token and the user, or `Unauthenticated` — the same for an unknown
    /// email, a wrong password and an inactive user. `RateLimited` while the
    /// client address `from` must wait (throttle.rs): after 5 failures for
    /// this email from it, or 30 failures from it for any emails; other
    /// addresses still sign in.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<(String, User), AppError> {
        let email = email.trim().to_lowercase();
        self.inner.throttle.check(throttle::LOGIN, &email, from)?;
        let now = self.now();
        let found = self.store().login_lookup(&email).await?;
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), hash),
            None => (None, None),
        };
        // Verify against a dummy hash when there is none, so every failure takes as long.
        let hash = match hash {
            Some(hash) => hash,
            None => dummy_hash().await?,
        };
        let verified = verify_password(password.to_owned(), hash).await?;
        let user = match user {
            Some(user) if verified && user.active => user,
            _ => {
                self.inner.throttle.failed(throttle::LOGIN, &email, from);
                return Err(AppError::Unauthenticated);
            }
        };
        self.inner.throttle.succeeded(throttle::LOGIN, &email, from);

        let (token, token_hash) = new_token();
        let expires = now + self.config().token_ttl;
        let mut tx = self.store().begin().await?;
        tx.insert_token(&token_hash, user.company_id, user.id, now, expires)
            .await?;
        tx.commit().await?;
        Ok((token, user))
    }

    /// Ends the actor's token.
    pub async fn logout(&self, actor: &Actor) -> Result<(), AppError> {
        let mut tx = self.store().begin().await?;
        tx.delete_token(&actor.token_hash).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Bearer token -> actor; `Unauthenticated` for an unknown or expired
    /// token or an inactive user (A22).
    pub async fn authenticate(&self, token: &str) -> Result<Actor, AppError> {
        let token_hash = sha256(token.trim().as_bytes());
        let now = self.now();
        let (company, user_id) = self
            .store()
            .token_user(&token_hash, now)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let user = self
            .store()
            .user(company, user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(AppError::Unauthenticated)?;
        let known = self
            .inner
            .index
            .read()
            .company(user.company_id)
            .is_some_and(|c| c.has_user(user.id));
        if !known {
            // Created by another process (e.g. `casegate company create`): catch up.
            let _writer = self.inner.writer.lock().await;
            self.catch_up().await?;
        }
        Ok(Actor {
            user_id: user.id,
            company_id: user.company_id,
            role: user.role,
            token_hash,
        })
    }
}

/// Maps the store's unique violation on users to a clear conflict.
pub(crate) fn email_taken(e: casegate_store::StoreError, email: &str) -> AppError {
    match e {
        casegate_store::StoreError::Conflict(_) => {
            AppError::Conflict(Message::new("app-email-taken").with("email", email))
        }
        other => other.into(),
    }
}

/// sha256 of a token secret: what the store keeps.
pub(crate) fn sha256(bytes: &[u8]) -> Vec<u8> {
    Sha256::digest(bytes).to_vec()
}

/// A new token: 32 random bytes, base64url; and its sha256.
pub(crate) fn new_token() -> (String, Vec<u8>) {
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    let token = URL_SAFE_NO_PAD.encode(secret);
    let hash = sha256(token.as_bytes());
    (token, hash)
}

/// argon2id with the crate's default parameters, off the async threads.
pub(crate) async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut HashRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing task failed: {e}")))?
}

pub(crate) async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(|e| AppError::Internal(format!("password check task failed: {e}")))
}

/// A hash of a random password, made once: what unknown emails are checked against.
pub(crate) async fn dummy_hash() -> Result<String, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash.clone());
    }
    let mut secret = [0u8; 16];
    OsRng.fill_bytes(&mut secret);
    let hash = hash_password(URL_SAFE_NO_PAD.encode(secret)).await?;
    Ok(DUMMY.get_or_init(|| hash).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse".into(), hash.clone())
                .await
                .unwrap()
        );
        assert!(!verify_password("wrong".into(), hash).await.unwrap());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, sha256(a.as_bytes()));
    }
}
