//! A person's own account (AC1–AC4, C7): invitations and their acceptance,
//! forgotten passwords, changing one's password and email, and signing out
//! everywhere. Every link is single-use, random (256 bits) and stored as
//! its sha256 only; every email goes through the outbox in the recipient's
//! language. The rules (password, lifetimes, link states) are the core's
//! (`casegate_core::accounts`); this module only sequences them.

use casegate_core::accounts::{
    Account, InvitationKind, Link, LinkPurpose, LinkState, MAX_PASSWORD, MIN_PASSWORD,
    PasswordProblem, password_problem,
};
use std::net::IpAddr;

use casegate_core::{AccountId, Change, Company, CompanyId, Timestamp, User, UserId};
use casegate_store::{NewAuditEntry, NewEmail, Tx};

use crate::app::{App, audit, user_name};
use crate::auth::{hash_password, new_token, sha256, verify_password};
use crate::error::AppError;
use crate::mail::{self, account_text};
use crate::message::Message;
use crate::settings::require_staff_admin;
use crate::throttle;
use crate::types::{Actor, Written};
use crate::validate::Checks;

/// What an invitation link shows before it is accepted (`GET /invitations/{token}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationInfo {
    pub email: String,
    /// The name the inviter gave, for the person to confirm or correct.
    pub name: String,
    pub kind: InvitationKind,
    pub company_name: String,
    pub invited_by_name: String,
    pub expires_at: Timestamp,
    pub language: casegate_core::Language,
}

/// A new session: the bearer token and the staff member it signs in.
pub type Session = (String, User);

impl App {
    /// AC1: the invitation behind a link. `NotFound` for an unknown token
    /// (or one of another purpose), `LinkUsed` / `LinkExpired` otherwise.
    pub async fn invitation(&self, token: &str, from: IpAddr) -> Result<InvitationInfo, AppError> {
        let (_, link) = self.open_link(token, LinkPurpose::Invitation, from).await?;
        let account = self.link_account(&link).await?;
        let company = self.link_company(&link).await?;
        let invited_by_name = match link.invited_by {
            Some(by) => {
                let index = self.inner.index.read();
                index
                    .company(company.id)
                    .and_then(|c| c.user_name(by).map(str::to_owned))
                    .unwrap_or_default()
            }
            // A colleague invited from the desk (C3): the contact who gave
            // the newest of the account's shares in this company.
            None => self.desk_inviter_name(company.id, account.id).await?,
        };
        Ok(InvitationInfo {
            email: account.email,
            name: account.name,
            kind: link.invitation_kind.unwrap_or(InvitationKind::Staff),
            company_name: company.name,
            invited_by_name,
            expires_at: link.expires_at,
            language: account.language,
        })
    }

    /// AC1: the invited person chooses their password (and may correct
    /// their name); the link is used up and they are signed in.
    pub async fn accept_invitation(
        &self,
        token: &str,
        name: Option<&str>,
        password: &str,
        from: IpAddr,
    ) -> Result<Session, AppError> {
        let (token_hash, link) = self.open_link(token, LinkPurpose::Invitation, from).await?;
        let account = self.link_account(&link).await?;
        let company = self.link_company(&link).await?;
        let mut checks = Checks::new();
        let name = name
            .filter(|n| !n.trim().is_empty())
            .map(|n| checks.name("name", n));
        let chosen_name = name.as_deref().unwrap_or(&account.name);
        checks.new_password("password", password, &account.email, chosen_name);
        checks.finish()?;
        let hash = hash_password(password.to_owned()).await?;

        let writing = self.writing().await?;
        let user = self
            .store()
            .staff_of_account(account.id)
            .await?
            .into_iter()
            .find(|u| u.company_id == company.id)
            .ok_or(AppError::NotFound)?;
        if !user.active {
            // Deactivated before accepting: the invitation is withdrawn.
            return Err(AppError::LinkExpired);
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        self.use_link(&mut tx, &token_hash, now).await?;
        tx.set_account_password(account.id, &hash).await?;
        let mut saved = user.clone();
        if let Some(name) = &name {
            tx.set_account_name(account.id, name).await?;
            saved.name = name.clone();
        }
        let (session, session_hash) = new_token();
        tx.insert_token(
            &session_hash,
            user.company_id,
            user.id,
            now,
            now + self.config().token_ttl,
        )
        .await?;
        let entry = self_audit(
            &saved,
            now,
            "account.invitation_accepted",
            serde_json::json!({"name_changed": saved.name != user.name}),
        );
        let change = (saved != user).then(|| Change::UserSaved {
            user: saved.clone(),
        });
        self.commit(&writing, tx, change, vec![entry], Vec::new())
            .await?;
        Ok((session, saved))
    }

    /// AC1: "send the invitation again" for a staff member who has not
    /// chosen a password yet; the earlier link stops working.
    pub async fn resend_invitation(
        &self,
        actor: &Actor,
        id: UserId,
    ) -> Result<Written<User>, AppError> {
        require_staff_admin(actor)?;
        self.read(actor, |_| Ok(()))?;
        let user = self.load_user(actor.company_id, id).await?;
        if !user.active {
            return Err(AppError::Conflict(Message::new("app-invite-deactivated")));
        }
        let account = self.account_of_user(&user).await?;
        if account.has_password {
            return Err(AppError::Conflict(Message::new("app-invite-has-password")));
        }
        let company = self.load_company(actor.company_id).await?;
        let writing = self.writing().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let email = self.invite(&mut tx, actor, &account, &company, now).await?;
        let entry = audit(
            actor,
            now,
            "user.invitation_sent",
            user.id,
            serde_json::json!({"email": user.email, "again": true}),
        );
        let revision = self
            .commit(&writing, tx, None, vec![entry], vec![email])
            .await?;
        Ok(Written {
            value: user,
            revision,
        })
    }

    /// The staff of the actor's company who have not chosen a password yet
    /// (their invitation is pending).
    pub async fn invited_users(&self, actor: &Actor) -> Result<Vec<UserId>, AppError> {
        self.read(actor, |_| Ok(()))?;
        Ok(self
            .store()
            .users_without_password(actor.company_id)
            .await?)
    }

    /// Writes an invitation link for `account` to `company`, ending any
    /// earlier one, and returns its email (AC1). Inside the caller's
    /// transaction, so the user and their invitation commit together.
    pub(crate) async fn invite(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        account: &Account,
        company: &Company,
        now: Timestamp,
    ) -> Result<NewEmail, AppError> {
        let (token, link) = self
            .write_invitation(
                tx,
                actor.company_id,
                Some(actor.user_id),
                account,
                InvitationKind::Staff,
                now,
            )
            .await?;
        let inviter = self.read(actor, |c| Ok(user_name(c, actor.user_id)))?;
        let (subject, body) = account_text::invitation(
            account.language,
            &account.name,
            &inviter,
            &company.name,
            &self.link_url("invitations", &token),
            &link.expires_at,
        );
        Ok(mail::email(
            Some(company.id),
            &account.email,
            subject,
            body,
            now,
        ))
    }

    /// AC1: writes a fresh invitation link of `kind` for `account` from
    /// `company_id` (by `invited_by`, `None` for a contact), ending any earlier one, inside the caller's
    /// transaction; returns the token (for the emailed URL) and the link.
    pub(crate) async fn write_invitation(
        &self,
        tx: &mut Tx,
        company_id: CompanyId,
        invited_by: Option<UserId>,
        account: &Account,
        kind: InvitationKind,
        now: Timestamp,
    ) -> Result<(String, Link), AppError> {
        tx.end_links(account.id, LinkPurpose::Invitation, now)
            .await?;
        let (token, token_hash) = new_token();
        let link = Link {
            purpose: LinkPurpose::Invitation,
            account_id: account.id,
            company_id: Some(company_id),
            invitation_kind: Some(kind),
            invited_by,
            new_email: None,
            created_at: now,
            expires_at: now + LinkPurpose::Invitation.lifetime(),
            used_at: None,
            ended_at: None,
        };
        tx.insert_link(&token_hash, &link).await?;
        Ok((token, link))
    }

    /// AC2: asks for a reset link. Answers `Ok` whatever the email, so
    /// nobody learns whether an account exists; the caller answers at once
    /// and lets this run (same body, same timing). At most one email a
    /// minute per account, so nobody can flood a mailbox.
    pub async fn request_password_reset(&self, email: &str, from: IpAddr) -> Result<(), AppError> {
        self.admit_password_reset(email, from)?;
        self.send_password_reset(email).await
    }

    /// The first half of [`App::request_password_reset`]: `RateLimited` when
    /// `from` asked too often for this email (it depends on the asker only,
    /// never on whether the account exists), else counts the request.
    pub fn admit_password_reset(&self, email: &str, from: IpAddr) -> Result<(), AppError> {
        let key = email.trim().to_lowercase();
        self.inner
            .throttle
            .check(throttle::RESET_REQUEST, &key, from)?;
        self.inner
            .throttle
            .failed(throttle::RESET_REQUEST, &key, from);
        Ok(())
    }

    /// The second half of [`App::request_password_reset`]: the lookup and
    /// the email, if there is an account. Run it after answering.
    pub async fn send_password_reset(&self, email: &str) -> Result<(), AppError> {
        let Some(account) = self.store().account_by_email(email).await? else {
            return Ok(());
        };
        let staff = self.store().staff_of_account(account.id).await?;
        let Some(member) = staff.iter().find(|u| u.active) else {
            return Ok(());
        };
        let now = self.now();
        if let Some(last) = self
            .store()
            .latest_link(account.id, LinkPurpose::PasswordReset)
            .await?
            && now - last.created_at < chrono::Duration::minutes(1)
        {
            return Ok(());
        }
        let writing = self.writing().await?;
        let mut tx = self.store().begin().await?;
        tx.end_links(account.id, LinkPurpose::PasswordReset, now)
            .await?;
        let (token, token_hash) = new_token();
        let link = Link {
            purpose: LinkPurpose::PasswordReset,
            account_id: account.id,
            company_id: None,
            invitation_kind: None,
            invited_by: None,
            new_email: None,
            created_at: now,
            expires_at: now + LinkPurpose::PasswordReset.lifetime(),
            used_at: None,
            ended_at: None,
        };
        tx.insert_link(&token_hash, &link).await?;
        let (subject, body) = account_text::password_reset(
            account.language,
            &account.name,
            &self.link_url("password-reset", &token),
        );
        let email = mail::email(Some(member.company_id), &account.email, subject, body, now);
        let entry = self_audit(
            member,
            now,
            "account.password_reset_requested",
            serde_json::json!({}),
        );
        self.commit(&writing, tx, None, vec![entry], vec![email])
            .await?;
        Ok(())
    }

    /// AC2: whether a reset link still works (the page asks before showing
    /// its form). `NotFound`, `LinkUsed` or `LinkExpired` otherwise.
    pub async fn password_reset_link(&self, token: &str, from: IpAddr) -> Result<String, AppError> {
        let (_, link) = self
            .open_link(token, LinkPurpose::PasswordReset, from)
            .await?;
        Ok(self.link_account(&link).await?.email)
    }

    /// C7: the address an email-change link would make the login, while the
    /// link still works (the page asks before offering to confirm, and a
    /// mail scanner following the link uses nothing). `NotFound`,
    /// `LinkUsed` or `LinkExpired` otherwise.
    pub async fn email_change_link(&self, token: &str, from: IpAddr) -> Result<String, AppError> {
        let (_, link) = self
            .open_link(token, LinkPurpose::EmailChange, from)
            .await?;
        link.new_email
            .ok_or_else(|| AppError::Internal("email change link without an address".into()))
    }

    /// AC2: sets the new password through a reset link, ends every session
    /// and token of the account, and tells its address.
    pub async fn reset_password(
        &self,
        token: &str,
        password: &str,
        from: IpAddr,
    ) -> Result<(), AppError> {
        let (token_hash, link) = self
            .open_link(token, LinkPurpose::PasswordReset, from)
            .await?;
        let account = self.link_account(&link).await?;
        let mut checks = Checks::new();
        checks.new_password("password", password, &account.email, &account.name);
        checks.finish()?;
        let hash = hash_password(password.to_owned()).await?;
        let writing = self.writing().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        self.use_link(&mut tx, &token_hash, now).await?;
        self.set_password_and_end_sessions(&mut tx, &account, &hash, None)
            .await?;
        let (email, audit) = self
            .password_changed(&account, now, "account.password_reset")
            .await?;
        self.commit(&writing, tx, None, audit, vec![email]).await?;
        Ok(())
    }

    /// AC3: the signed-in person changes their password, giving the current
    /// one (`Validation` on `current_password` when it is wrong). Every other
    /// session of the account ends; this one stays.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        from: IpAddr,
    ) -> Result<(), AppError> {
        let me = self.actor_user(actor).await?;
        let account = self.account_of_user(&me).await?;
        let stored = self
            .store()
            .account_password_hash(account.id)
            .await?
            .unwrap_or_default();
        let key = account.email.to_lowercase();
        self.inner
            .throttle
            .check(throttle::CURRENT_PASSWORD, &key, from)?;
        if !verify_password(current.to_owned(), stored).await? {
            self.inner
                .throttle
                .failed(throttle::CURRENT_PASSWORD, &key, from);
            return Err(AppError::invalid(
                "current_password",
                Message::new("app-current-password-wrong"),
            ));
        }
        let mut checks = Checks::new();
        checks.new_password("new_password", new, &account.email, &account.name);
        checks.finish()?;
        let hash = hash_password(new.to_owned()).await?;
        let writing = self.writing().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        self.set_password_and_end_sessions(&mut tx, &account, &hash, Some(&actor.token_hash))
            .await?;
        let (email, audit) = self
            .password_changed(&account, now, "account.password_changed")
            .await?;
        self.commit(&writing, tx, None, audit, vec![email]).await?;
        Ok(())
    }

    /// AC3, C7: asks to move the login to `email`. A link valid 24 hours
    /// goes to the new address and a notice to the old; nothing changes
    /// until the link is used. An address that belongs to another account
    /// is answered the same (its owner alone is told), so this reveals
    /// nobody's account.
    pub async fn request_email_change(&self, actor: &Actor, email: &str) -> Result<(), AppError> {
        let me = self.actor_user(actor).await?;
        let account = self.account_of_user(&me).await?;
        let mut checks = Checks::new();
        let new_email = checks.email("email", email);
        checks.finish()?;
        if new_email.eq_ignore_ascii_case(&account.email) {
            return Err(AppError::invalid("email", Message::new("app-email-same")));
        }
        let now = self.now();
        let writing = self.writing().await?;
        let mut tx = self.store().begin().await?;
        let mut emails = Vec::new();
        if let Some(owner) = self.store().account_by_email(&new_email).await? {
            let (subject, body) = account_text::email_change_taken(owner.language, &new_email);
            emails.push(mail::email(None, &new_email, subject, body, now));
        } else {
            tx.end_links(account.id, LinkPurpose::EmailChange, now)
                .await?;
            let (token, token_hash) = new_token();
            let link = Link {
                purpose: LinkPurpose::EmailChange,
                account_id: account.id,
                company_id: None,
                invitation_kind: None,
                invited_by: None,
                new_email: Some(new_email.clone()),
                created_at: now,
                expires_at: now + LinkPurpose::EmailChange.lifetime(),
                used_at: None,
                ended_at: None,
            };
            tx.insert_link(&token_hash, &link).await?;
            let (subject, body) = account_text::email_change_confirm(
                account.language,
                &account.name,
                &new_email,
                &self.link_url("email-changes", &token),
            );
            emails.push(mail::email(
                Some(me.company_id),
                &new_email,
                subject,
                body,
                now,
            ));
        }
        let (subject, body) = account_text::email_change_notice(
            account.language,
            &account.name,
            &new_email,
            self.config().public_url.trim_end_matches('/'),
        );
        emails.push(mail::email(
            Some(me.company_id),
            &account.email,
            subject,
            body,
            now,
        ));
        let entry = audit(
            actor,
            now,
            "account.email_change_requested",
            me.id,
            serde_json::json!({"new_email": new_email}),
        );
        self.commit(&writing, tx, None, vec![entry], emails).await?;
        Ok(())
    }

    /// C7: the link sent to the new address is used: the account's login
    /// becomes that address. The person keeps every access and every
    /// history row (they hang off the same ids). Open reset links, sent to
    /// the old address, stop working.
    pub async fn confirm_email_change(
        &self,
        token: &str,
        from: IpAddr,
    ) -> Result<Written<User>, AppError> {
        let (token_hash, link) = self
            .open_link(token, LinkPurpose::EmailChange, from)
            .await?;
        let account = self.link_account(&link).await?;
        let new_email = link
            .new_email
            .clone()
            .ok_or_else(|| AppError::Internal("email change link without an address".into()))?;
        let writing = self.writing().await?;
        let staff = self.store().staff_of_account(account.id).await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        self.use_link(&mut tx, &token_hash, now).await?;
        tx.set_account_email(account.id, &new_email)
            .await
            .map_err(|e| match e {
                casegate_store::StoreError::Conflict(_) => {
                    AppError::Conflict(Message::new("app-email-taken-since"))
                }
                other => other.into(),
            })?;
        tx.end_links(account.id, LinkPurpose::PasswordReset, now)
            .await?;
        let saved: Vec<User> = staff
            .iter()
            .map(|u| User {
                email: new_email.clone(),
                ..u.clone()
            })
            .collect();
        let audit = saved
            .iter()
            .map(|u| {
                self_audit(
                    u,
                    now,
                    "account.email_changed",
                    serde_json::json!({"from": account.email, "to": new_email}),
                )
            })
            .collect();
        let change = Change::Batch {
            changes: saved
                .iter()
                .map(|u| Change::UserSaved { user: u.clone() })
                .collect(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), audit, Vec::new())
            .await?;
        let user = saved.into_iter().next().ok_or(AppError::NotFound)?;
        Ok(Written {
            value: user,
            revision,
        })
    }

    /// "Sign out everywhere": ends every session and token of the actor's
    /// account, this one included; returns how many ended.
    pub async fn sign_out_everywhere(&self, actor: &Actor) -> Result<u64, AppError> {
        let me = self.actor_user(actor).await?;
        let account = self.account_of_user(&me).await?;
        let writing = self.writing().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let ended = tx.delete_account_tokens(account.id, None).await?;
        let entry = audit(
            actor,
            now,
            "account.signed_out_everywhere",
            me.id,
            serde_json::json!({"sessions": ended}),
        );
        self.commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(ended)
    }

    /// The time zone the actor's dates are shown in: their own, else the
    /// company's, else UTC.
    pub async fn zone_of(&self, actor: &Actor) -> Result<casegate_core::time::Tz, AppError> {
        let account = self.my_account(actor).await?;
        let company = self.load_company(actor.company_id).await?;
        Ok(account
            .timezone
            .as_deref()
            .and_then(casegate_core::time::zone)
            .or_else(|| casegate_core::time::zone(&company.timezone))
            .unwrap_or(casegate_core::time::Tz::UTC))
    }

    /// The person's own time zone; `None` (or blank) goes back to the
    /// company's. `Validation` on `timezone` for a name the IANA database
    /// does not know.
    pub async fn set_my_timezone(&self, actor: &Actor, zone: Option<&str>) -> Result<(), AppError> {
        let me = self.actor_user(actor).await?;
        let account = self.account_of_user(&me).await?;
        let zone = zone.map(str::trim).filter(|z| !z.is_empty());
        if let Some(name) = zone
            && casegate_core::time::zone(name).is_none()
        {
            return Err(AppError::invalid(
                "timezone",
                Message::new("app-timezone-invalid"),
            ));
        }
        let writing = self.writing().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.set_account_timezone(account.id, zone).await?;
        let entry = audit(
            actor,
            now,
            "account.timezone_changed",
            me.id,
            serde_json::json!({"timezone": zone}),
        );
        self.commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(())
    }

    /// The signed-in person's account.
    pub async fn my_account(&self, actor: &Actor) -> Result<Account, AppError> {
        let me = self.actor_user(actor).await?;
        self.account_of_user(&me).await
    }

    /// The link of `purpose` behind `token`, if it is open: its hash and
    /// the link. `NotFound` when unknown or of another purpose.
    /// Throttled per address (throttle.rs): every unknown, used or expired
    /// link counts as a failure, so nobody can try tokens at speed.
    pub(crate) async fn open_link(
        &self,
        token: &str,
        purpose: LinkPurpose,
        from: IpAddr,
    ) -> Result<(Vec<u8>, Link), AppError> {
        self.inner
            .throttle
            .check(throttle::LINK, purpose.as_str(), from)?;
        let token_hash = sha256(token.trim().as_bytes());
        let found = self
            .store()
            .link(&token_hash)
            .await?
            .filter(|l| l.purpose == purpose)
            .ok_or(AppError::NotFound)
            .and_then(|link| link_open(&link, self.now()).map(|()| link));
        match found {
            Ok(link) => Ok((token_hash, link)),
            Err(e) => {
                self.inner
                    .throttle
                    .failed(throttle::LINK, purpose.as_str(), from);
                Err(e)
            }
        }
    }

    /// Uses the link inside `tx`; when another request used it first (or it
    /// expired meanwhile), says which.
    pub(crate) async fn use_link(
        &self,
        tx: &mut Tx,
        token_hash: &[u8],
        now: Timestamp,
    ) -> Result<(), AppError> {
        if tx.use_link(token_hash, now).await? {
            return Ok(());
        }
        match self.store().link(token_hash).await? {
            Some(link) => link_open(&link, now),
            None => Err(AppError::NotFound),
        }
        .and(Err(AppError::LinkUsed))
    }

    pub(crate) async fn link_account(&self, link: &Link) -> Result<Account, AppError> {
        self.store()
            .account(link.account_id)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn link_company(&self, link: &Link) -> Result<Company, AppError> {
        let id = link.company_id.ok_or(AppError::NotFound)?;
        self.load_company(id).await
    }

    async fn load_company(&self, id: casegate_core::CompanyId) -> Result<Company, AppError> {
        self.store().company(id).await?.ok_or(AppError::NotFound)
    }

    async fn actor_user(&self, actor: &Actor) -> Result<User, AppError> {
        self.read(actor, |_| Ok(()))?;
        self.load_user(actor.company_id, actor.user_id).await
    }

    async fn account_of_user(&self, user: &User) -> Result<Account, AppError> {
        let id: AccountId = self
            .store()
            .account_of(user.company_id, user.id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.store().account(id).await?.ok_or(AppError::NotFound)
    }

    async fn set_password_and_end_sessions(
        &self,
        tx: &mut Tx,
        account: &Account,
        hash: &str,
        keep: Option<&[u8]>,
    ) -> Result<(), AppError> {
        tx.set_account_password(account.id, hash).await?;
        tx.delete_account_tokens(account.id, keep).await?;
        Ok(())
    }

    /// The notice to the account's address and one audit entry per company
    /// the person is staff of.
    async fn password_changed(
        &self,
        account: &Account,
        now: Timestamp,
        action: &str,
    ) -> Result<(NewEmail, Vec<NewAuditEntry>), AppError> {
        let staff = self.store().staff_of_account(account.id).await?;
        let (subject, body) = account_text::password_changed(
            account.language,
            &account.name,
            self.config().public_url.trim_end_matches('/'),
        );
        let company = staff.first().map(|u| u.company_id);
        let email = mail::email(company, &account.email, subject, body, now);
        let audit = staff
            .iter()
            .map(|u| self_audit(u, now, action, serde_json::json!({})))
            .collect();
        Ok((email, audit))
    }

    /// `{public_url}/{path}/{token}`: the web page a link opens.
    pub(crate) fn link_url(&self, path: &str, token: &str) -> String {
        format!(
            "{}/{path}/{token}",
            self.config().public_url.trim_end_matches('/')
        )
    }
}

/// `Ok` when the link works now, else the error that says why not.
fn link_open(link: &Link, now: Timestamp) -> Result<(), AppError> {
    match link.state(now) {
        LinkState::Open => Ok(()),
        LinkState::Used => Err(AppError::LinkUsed),
        LinkState::Expired => Err(AppError::LinkExpired),
    }
}

/// An audit entry of something a person did to their own account.
fn self_audit(
    user: &User,
    at: Timestamp,
    action: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        company_id: user.company_id,
        at,
        actor_id: Some(user.id),
        real_actor_id: None,
        action: action.to_owned(),
        target: user.id.to_string(),
        details,
    }
}

/// The catalogue's words for a password problem, with the limits.
fn password_message(problem: PasswordProblem) -> Message {
    match problem {
        PasswordProblem::TooShort => {
            Message::new("app-password-too-short").count("min", MIN_PASSWORD)
        }
        PasswordProblem::TooLong => {
            Message::new("app-password-too-long").count("max", MAX_PASSWORD)
        }
        PasswordProblem::IsEmail => Message::new("app-password-is-email"),
        PasswordProblem::IsName => Message::new("app-password-is-name"),
        PasswordProblem::Common => Message::new("app-password-common"),
    }
}

impl Checks {
    /// A password being set for the account with this email and name: the
    /// core's rule (AC3), the same wherever a password is set.
    pub(crate) fn new_password(&mut self, field: &str, password: &str, email: &str, name: &str) {
        if let Some(problem) = password_problem(password, email, name) {
            self.fail(field, password_message(problem));
        }
    }
}
