//! Access requests (A14–A18): asking (one pending per user and client,
//! emailed to everyone who could grant it), listing, approving or denying
//! (first decision wins), cancelling, and expiry after 30 days.

use casegate_core::index::Cursor;
use casegate_core::{
    AccessRequest, AccessRequestId, Change, ClientId, CompanyIndex, How, REQUEST_LIFETIME_DAYS,
    RequestStatus, Share, ShareId, Subject, Timestamp, User, UserId,
};
use casegate_store::{NewAuditEntry, NewEmail};
use uuid::Uuid;

use crate::app::{App, audit, user_name};
use crate::error::AppError;
use crate::mail::{self, text};
use crate::message::Message;
use crate::sharing::named;
use crate::types::{Actor, Page, RequestFilter, RequestView, Requested, Standing, Written};
use crate::validate::{self, Checks};

/// Requests read from the store per round while filling a page.
const SCAN_BATCH: u32 = 200;

impl App {
    /// `POST /clients/{id}/access-requests` (A14, A15, A17): a staff member
    /// without access asks for it; the pending request is returned when
    /// there is one (`created: false`).
    pub async fn request_access(
        &self,
        actor: &Actor,
        client: ClientId,
        message: Option<String>,
    ) -> Result<Written<Requested>, AppError> {
        let mut checks = Checks::new();
        let message = checks.message("message", message.as_deref());
        checks.finish()?;

        let writing = self.writing().await?;
        let grantors = self.read(actor, |company| {
            if !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            let settings = company.settings();
            if !settings.allow_access_requests {
                return Err(AppError::AccessRequestsDisabled);
            }
            if company.check(actor.user_id, client).allowed {
                return Err(AppError::Conflict(Message::new("app-request-has-access")));
            }
            if !settings.client_access_enabled {
                return Err(AppError::Conflict(Message::new("app-request-unmanaged")));
            }
            Ok(company
                .grantors(client)
                .into_iter()
                .filter(|u| *u != actor.user_id)
                .collect::<Vec<UserId>>())
        })?;
        let recipients = self.users_by_ids(actor.company_id, &grantors).await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let mut audit_entries = Vec::new();
        if let Some(mut pending) = tx
            .pending_request(actor.company_id, client, actor.user_id)
            .await?
        {
            if pending.expires_at > now {
                tx.rollback().await?;
                drop(writing);
                let request = self.request_view(actor, pending).await?;
                return Ok(Written {
                    value: Requested {
                        request,
                        created: false,
                    },
                    revision: self.revision(),
                });
            }
            pending.status = RequestStatus::Expired;
            tx.update_request(&pending).await?;
            audit_entries.push(system_audit(&pending, now, "request.expired"));
        }
        let request = AccessRequest {
            id: AccessRequestId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            client_id: client,
            requester_id: actor.user_id,
            message,
            status: RequestStatus::Pending,
            created_at: now,
            expires_at: now + chrono::Duration::days(REQUEST_LIFETIME_DAYS),
            decided_by: None,
            decided_at: None,
            reason: None,
        };
        tx.insert_request(&request).await?;
        let (requester, client_name) = self.read(actor, |c| {
            Ok((
                user_name(c, actor.user_id),
                c.client_name(client).unwrap_or_default().to_owned(),
            ))
        })?;
        let link = format!(
            "{}/requests/{}",
            self.config().public_url.trim_end_matches('/'),
            request.id
        );
        let emails: Vec<NewEmail> = recipients
            .iter()
            .filter(|u| u.active)
            .map(|u| {
                let (subject, body) = text::access_requested(
                    u.language,
                    &u.name,
                    &requester,
                    &client_name,
                    request.message.as_deref(),
                    &link,
                    &request.expires_at,
                );
                mail::email(Some(actor.company_id), &u.email, subject, body, now)
            })
            .collect();
        audit_entries.push(audit(
            actor,
            now,
            "request.created",
            client,
            serde_json::json!({"request_id": request.id, "message": request.message, "notified": emails.len()}),
        ));
        let revision = self
            .commit(&writing, tx, None, audit_entries, emails)
            .await?;
        drop(writing);
        let view = self.request_view(actor, request).await?;
        Ok(Written {
            value: Requested {
                request: view,
                created: true,
            },
            revision,
        })
    }

    /// `GET /access-requests`: the requests the actor may decide (may share
    /// the client) and the actor's own, newest first; a pending request past
    /// its expiry reads as expired.
    pub async fn access_requests(
        &self,
        actor: &Actor,
        filter: RequestFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<RequestView>, AppError> {
        self.read(actor, |_| Ok(()))?;
        let mut before = validate::cursor(after)?.map(|c| AccessRequestId::from_uuid(c.id()));
        let limit = validate::limit(limit);
        let now = self.now();
        let store_status = match filter.status {
            Some(RequestStatus::Expired) | None => None,
            Some(other) => Some(other),
        };
        let mut found: Vec<AccessRequest> = Vec::new();
        loop {
            let batch = self
                .store()
                .access_requests(actor.company_id, store_status, before, SCAN_BATCH)
                .await?;
            let exhausted = batch.len() < SCAN_BATCH as usize;
            before = batch.last().map(|r| r.id);
            self.read(actor, |company| {
                for mut request in batch {
                    request.status = effective_status(&request, now);
                    let wanted = filter.status.is_none_or(|s| s == request.status);
                    if wanted && visible(company, actor, &request) {
                        found.push(request);
                    }
                }
                Ok(())
            })?;
            if exhausted || found.len() > limit || before.is_none() {
                break;
            }
        }
        let more = found.len() > limit;
        found.truncate(limit);
        let next = if more {
            found.last().map(|r| Cursor::new("", r.id.as_uuid()))
        } else {
            None
        };
        let mut items = Vec::with_capacity(found.len());
        for request in found {
            items.push(self.request_view(actor, request).await?);
        }
        Ok(Page { items, next })
    }

    /// `POST /access-requests/{id}/approve` (A16): whoever may share the
    /// client. The requester gets a direct user share (`request`) unless they
    /// already have access, and an email.
    pub async fn approve_request(
        &self,
        actor: &Actor,
        id: AccessRequestId,
    ) -> Result<Written<RequestView>, AppError> {
        self.decide(actor, id, Decision::Approve).await
    }

    /// `POST /access-requests/{id}/deny` (A16): whoever may share the client;
    /// the requester is emailed, with the reason.
    pub async fn deny_request(
        &self,
        actor: &Actor,
        id: AccessRequestId,
        reason: Option<String>,
    ) -> Result<Written<RequestView>, AppError> {
        let mut checks = Checks::new();
        let reason = checks.message("reason", reason.as_deref());
        checks.finish()?;
        self.decide(actor, id, Decision::Deny(reason)).await
    }

    /// `POST /access-requests/{id}/cancel` (A16): the requester, while pending.
    pub async fn cancel_request(
        &self,
        actor: &Actor,
        id: AccessRequestId,
    ) -> Result<Written<RequestView>, AppError> {
        let writing = self.writing().await?;
        self.read(actor, |_| Ok(()))?;
        let mut request = self.load_request(actor, id).await?;
        if request.requester_id != actor.user_id {
            return Err(AppError::Forbidden(Message::new("app-cancel-forbidden")));
        }
        let now = self.now();
        self.require_pending(actor, &request, now)?;
        request.status = RequestStatus::Cancelled;
        request.decided_by = Some(actor.user_id);
        request.decided_at = Some(now);
        let mut tx = self.store().begin().await?;
        tx.update_request(&request).await?;
        let entry = audit(
            actor,
            now,
            "request.cancelled",
            request.client_id,
            serde_json::json!({"request_id": request.id}),
        );
        let revision = self
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        drop(writing);
        let value = self.request_view(actor, request).await?;
        Ok(Written { value, revision })
    }

    /// A14, A16: the actor's own pending request for this client, if any
    /// (one past its 30 days is none), so the locked page shows it instead
    /// of the request form.
    pub async fn my_pending_request(
        &self,
        actor: &Actor,
        client: ClientId,
    ) -> Result<Option<RequestView>, AppError> {
        self.read(actor, |company| {
            if company.has_client(client) {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        })?;
        // The store answers this one in a transaction (the write path's
        // query); nothing is written.
        let mut tx = self.store().begin().await?;
        let found = tx
            .pending_request(actor.company_id, client, actor.user_id)
            .await?;
        tx.rollback().await?;
        let now = self.now();
        match found.filter(|r| effective_status(r, now) == RequestStatus::Pending) {
            Some(request) => Ok(Some(self.request_view(actor, request).await?)),
            None => Ok(None),
        }
    }

    /// A16: every pending request past its 30 days becomes expired. Returns
    /// how many did. Run periodically by `serve`.
    pub async fn expire_requests(&self) -> Result<usize, AppError> {
        let writing = self.writing().await?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let expired = tx.expire_requests(now).await?;
        if expired.is_empty() {
            tx.rollback().await?;
            return Ok(0);
        }
        let entries = expired
            .iter()
            .map(|r| system_audit(r, now, "request.expired"))
            .collect();
        self.commit(&writing, tx, None, entries, Vec::new()).await?;
        Ok(expired.len())
    }

    async fn decide(
        &self,
        actor: &Actor,
        id: AccessRequestId,
        decision: Decision,
    ) -> Result<Written<RequestView>, AppError> {
        let writing = self.writing().await?;
        let mut request = self.load_request(actor, id).await?;
        let client = request.client_id;
        let (requester_has_access, client_name, decider) = self.read(actor, |company| {
            if !company.has_client(client) {
                return Err(AppError::NotFound);
            }
            if !company.can_share(actor.user_id, client).allowed {
                return Err(AppError::Forbidden(Message::new("app-decide-forbidden")));
            }
            Ok((
                company.check(request.requester_id, client).allowed,
                company.client_name(client).unwrap_or_default().to_owned(),
                user_name(company, actor.user_id),
            ))
        })?;
        let now = self.now();
        self.require_pending(actor, &request, now)?;
        let requester = self
            .load_user(actor.company_id, request.requester_id)
            .await?;
        request.decided_by = Some(actor.user_id);
        request.decided_at = Some(now);
        let mut tx = self.store().begin().await?;
        let mut change = None;
        let (action, details, (subject, body)) = match decision {
            Decision::Approve => {
                request.status = RequestStatus::Approved;
                let mut share_id = None;
                if !requester_has_access {
                    let share = Share {
                        id: ShareId::from_uuid(Uuid::now_v7()),
                        company_id: actor.company_id,
                        client_id: client,
                        subject: Subject::User(request.requester_id),
                        granted_by: Some(actor.user_id),
                        granted_at: now,
                        granted_how: How::Request,
                        revoked: None,
                    };
                    tx.insert_share(&share).await?;
                    share_id = Some(share.id);
                    change = Some(Change::ShareGranted { share });
                }
                let link = format!(
                    "{}/clients/{}",
                    self.config().public_url.trim_end_matches('/'),
                    client
                );
                (
                    "request.approved",
                    serde_json::json!({"request_id": request.id, "share_id": share_id}),
                    text::request_approved(
                        requester.language,
                        &requester.name,
                        &client_name,
                        &decider,
                        &link,
                        &now,
                    ),
                )
            }
            Decision::Deny(reason) => {
                request.status = RequestStatus::Denied;
                request.reason = reason;
                (
                    "request.denied",
                    serde_json::json!({"request_id": request.id, "reason": request.reason}),
                    text::request_denied(
                        requester.language,
                        &requester.name,
                        &client_name,
                        &decider,
                        request.reason.as_deref(),
                        &now,
                    ),
                )
            }
        };
        tx.update_request(&request).await?;
        let entry = audit(actor, now, action, client, details);
        let emails = email_to(&requester, actor, subject, body, now);
        let revision = self
            .commit(&writing, tx, change, vec![entry], emails)
            .await?;
        drop(writing);
        let value = self.request_view(actor, request).await?;
        Ok(Written { value, revision })
    }

    /// A request of the actor's company, or `NotFound`.
    async fn load_request(
        &self,
        actor: &Actor,
        id: AccessRequestId,
    ) -> Result<AccessRequest, AppError> {
        self.store()
            .access_request(actor.company_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// `Conflict` naming who decided and when, unless the request is pending.
    fn require_pending(
        &self,
        actor: &Actor,
        request: &AccessRequest,
        now: Timestamp,
    ) -> Result<(), AppError> {
        let status = effective_status(request, now);
        if status == RequestStatus::Pending {
            return Ok(());
        }
        let who = self.read(actor, |company| {
            Ok(request.decided_by.map(|u| user_name(company, u)))
        })?;
        let message = match (status, who, request.decided_at) {
            (RequestStatus::Expired, _, _) => {
                Message::new("app-request-expired").time("at", request.expires_at)
            }
            (status, Some(who), Some(when)) => Message::new("app-request-decided-by")
                .with("status", status.as_str())
                .with("name", who)
                .time("at", when),
            (status, _, _) => Message::new("app-request-decided").with("status", status.as_str()),
        };
        Err(AppError::Conflict(message))
    }

    /// A request with the names a reader needs; a deleted client keeps its
    /// name (from the store, which keeps the deleted row).
    async fn request_view(
        &self,
        actor: &Actor,
        request: AccessRequest,
    ) -> Result<RequestView, AppError> {
        let (live, requester, decided_by) = self.read(actor, |company| {
            Ok((
                company.client_name(request.client_id).map(str::to_owned),
                named(company, request.requester_id),
                request.decided_by.map(|u| named(company, u)),
            ))
        })?;
        let (client_name, client_standing) = match live {
            Some(name) => (name, Standing::Current),
            None => (
                self.store()
                    .client_name_ever(actor.company_id, request.client_id)
                    .await?
                    .map(|(name, _)| name)
                    .unwrap_or_default(),
                Standing::Deleted,
            ),
        };
        Ok(RequestView {
            client_name,
            client_standing,
            requester,
            decided_by,
            request,
        })
    }
}

/// What a grantor decided.
enum Decision {
    Approve,
    Deny(Option<String>),
}

/// A pending request past its expiry reads as expired, marked or not.
fn effective_status(request: &AccessRequest, now: Timestamp) -> RequestStatus {
    if request.status == RequestStatus::Pending && request.expires_at <= now {
        RequestStatus::Expired
    } else {
        request.status
    }
}

/// The actor's own requests, and those they could decide.
fn visible(company: &CompanyIndex, actor: &Actor, request: &AccessRequest) -> bool {
    request.requester_id == actor.user_id
        || company.can_share(actor.user_id, request.client_id).allowed
}

/// An audit entry written by the system (no actor) about a request.
fn system_audit(request: &AccessRequest, at: Timestamp, action: &str) -> NewAuditEntry {
    NewAuditEntry {
        company_id: request.company_id,
        at,
        actor_id: None,
        real_actor_id: None,
        action: action.to_owned(),
        target: request.client_id.to_string(),
        details: serde_json::json!({"request_id": request.id, "requester_id": request.requester_id}),
    }
}

/// The decision email to the requester (none for an inactive one).
fn email_to(
    requester: &User,
    actor: &Actor,
    subject: String,
    body: String,
    at: Timestamp,
) -> Vec<NewEmail> {
    if requester.active {
        vec![mail::email(
            Some(actor.company_id),
            &requester.email,
            subject,
            body,
            at,
        )]
    } else {
        Vec::new()
    }
}
