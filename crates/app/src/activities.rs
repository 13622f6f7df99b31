//! Activities on a client (B4–B7, B11, B12): listing only what the viewer
//! may see, recording, changing and deleting them, optionally while a
//! contributor "works as" another member. Part A decides whether the client
//! opens at all; `casegate_core::permissions` decides everything inside it.

use casegate_core::permissions::{may_see_activity, may_write_activity, work_as_identity};
use casegate_core::{
    Activity, ActivityId, ActivityKind, ClientId, CompanyIndex, Timestamp, User, UserId,
};
use casegate_store::{ActivityFilter, NewAuditEntry};
use uuid::Uuid;

use crate::app::App;
use crate::clients::require_access;
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, Written};
use crate::validate::{self, Checks};

/// Longest activity summary, in characters.
const MAX_SUMMARY: usize = 2000;

/// Who acts on activities: the signed-in actor, and for B11 "work as" the
/// member they act as (`Casegate-Work-As`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub actor: Actor,
    /// B11: the member the actor works as.
    pub work_as: Option<UserId>,
}

impl Acting {
    /// The actor as themself.
    pub fn itself(actor: &Actor) -> Self {
        Acting {
            actor: actor.clone(),
            work_as: None,
        }
    }
}

/// `POST /clients/{id}/activities`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub summary: String,
    /// Defaults to the acting identity.
    pub assignee_id: Option<UserId>,
    pub starts_at: Option<Timestamp>,
    /// Payments only (required there).
    pub amount_cents: Option<i64>,
    /// Payments only (required there): ISO 4217, e.g. `EUR`.
    pub currency: Option<String>,
}

/// `PATCH /activities/{id}`: only the given fields change; `Some(None)` clears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityPatch {
    pub kind: Option<ActivityKind>,
    pub summary: Option<String>,
    pub assignee_id: Option<UserId>,
    pub starts_at: Option<Option<Timestamp>>,
    pub amount_cents: Option<Option<i64>>,
    pub currency: Option<Option<String>>,
}

/// One page of activities, newest first; `next` is the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityPage {
    pub items: Vec<Activity>,
    pub next: Option<ActivityId>,
}

/// The identity decisions are made with, and the real actor behind it.
struct Identity {
    /// The member acted as (B11), or the actor.
    user: User,
    /// B11: the contributor behind a "work as" request.
    real: Option<UserId>,
}

impl App {
    /// `GET /clients/{id}/activities`: the client must open (B12); only the
    /// activities B4–B7 let the (acted-as) viewer see, newest first.
    pub async fn activities(
        &self,
        acting: &Acting,
        client: ClientId,
        kind: Option<ActivityKind>,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<ActivityPage, AppError> {
        let mut before = match cursor {
            Some(text) => Some(
                text.parse::<ActivityId>()
                    .map_err(|_| AppError::invalid("cursor", Message::new("app-cursor-invalid")))?,
            ),
            None => None,
        };
        let limit = validate::limit(limit);
        let who = self.identity(acting).await?;
        self.require_client(acting, &who, client)?;
        let filter = narrowing(&who.user, kind);
        let fetch = u32::try_from(limit.saturating_add(1)).unwrap_or(u32::MAX);
        let mut items = Vec::new();
        loop {
            let batch = self
                .store()
                .activities_matching(acting.actor.company_id, client, &filter, before, fetch)
                .await?;
            let exhausted = batch.len() < fetch as usize;
            before = batch.last().map(|a| a.id);
            items.extend(batch.into_iter().filter(|a| may_see_activity(&who.user, a)));
            if items.len() > limit || exhausted {
                break;
            }
        }
        let more = items.len() > limit;
        items.truncate(limit);
        let next = if more {
            items.last().map(|a| a.id)
        } else {
            None
        };
        Ok(ActivityPage { items, next })
    }

    /// `POST /clients/{id}/activities`: kinds the (acted-as) user may not
    /// use are `Forbidden` (B4–B6); payments need an amount and a currency.
    pub async fn create_activity(
        &self,
        acting: &Acting,
        client: ClientId,
        input: NewActivity,
    ) -> Result<Written<Activity>, AppError> {
        let mut checks = Checks::new();
        let summary = summary(&mut checks, &input.summary);
        let (amount_cents, currency) =
            payment(&mut checks, input.kind, input.amount_cents, input.currency);
        checks.finish()?;
        let writing = self.writing().await?;
        let who = self.identity(acting).await?;
        self.require_client(acting, &who, client)?;
        let assignee = input.assignee_id.unwrap_or(who.user.id);
        self.require_assignee(acting, assignee)?;
        if !may_write_activity(&who.user, input.kind, assignee) {
            return Err(refused(input.kind));
        }
        let now = self.now();
        let activity = Activity {
            id: ActivityId::from_uuid(Uuid::now_v7()),
            company_id: acting.actor.company_id,
            client_id: client,
            kind: input.kind,
            summary,
            assignee_id: assignee,
            created_by: who.user.id,
            created_by_real: who.real,
            starts_at: input.starts_at,
            amount_cents,
            currency,
            created_at: now,
            updated_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_activity(&activity).await?;
        let entry = entry(&who, acting, now, "activity.created", &activity, None);
        let revision = self
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: activity,
            revision,
        })
    }

    /// `PATCH /activities/{id}`: whoever may see it and open its client;
    /// the result must be writable too (its kind and new assignee).
    pub async fn update_activity(
        &self,
        acting: &Acting,
        id: ActivityId,
        patch: ActivityPatch,
    ) -> Result<Written<Activity>, AppError> {
        let mut checks = Checks::new();
        let new_summary = patch.summary.as_deref().map(|s| summary(&mut checks, s));
        checks.finish()?;
        let writing = self.writing().await?;
        let who = self.identity(acting).await?;
        let before = self.visible_activity(acting, &who, id).await?;
        let kind = patch.kind.unwrap_or(before.kind);
        // A payment changed into another kind drops its amount and currency
        // unless the patch names them.
        let is_payment = kind == ActivityKind::Payment;
        let mut checks = Checks::new();
        let (amount_cents, currency) = payment(
            &mut checks,
            kind,
            patch
                .amount_cents
                .unwrap_or_else(|| before.amount_cents.filter(|_| is_payment)),
            patch
                .currency
                .unwrap_or_else(|| before.currency.clone().filter(|_| is_payment)),
        );
        checks.finish()?;
        let assignee = patch.assignee_id.unwrap_or(before.assignee_id);
        if assignee != before.assignee_id {
            self.require_assignee(acting, assignee)?;
        }
        if !may_write_activity(&who.user, kind, assignee) {
            return Err(refused(kind));
        }
        let mut after = Activity {
            kind,
            summary: new_summary.unwrap_or_else(|| before.summary.clone()),
            assignee_id: assignee,
            starts_at: patch.starts_at.unwrap_or(before.starts_at),
            amount_cents,
            currency,
            ..before.clone()
        };
        if after == before {
            return Ok(Written {
                value: after,
                revision: self.revision(),
            });
        }
        let now = self.now();
        after.updated_at = now;
        let mut tx = self.store().begin().await?;
        tx.update_activity(&after).await?;
        let entry = entry(&who, acting, now, "activity.updated", &after, Some(&before));
        let revision = self
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: after,
            revision,
        })
    }

    /// `DELETE /activities/{id}`: whoever may see it and open its client.
    pub async fn delete_activity(
        &self,
        acting: &Acting,
        id: ActivityId,
    ) -> Result<Written<()>, AppError> {
        let writing = self.writing().await?;
        let who = self.identity(acting).await?;
        let before = self.visible_activity(acting, &who, id).await?;
        if !may_write_activity(&who.user, before.kind, before.assignee_id) {
            return Err(refused(before.kind));
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.mark_activity_deleted(acting.actor.company_id, id, who.user.id, now)
            .await?;
        let entry = entry(&who, acting, now, "activity.deleted", &before, None);
        let revision = self
            .commit(&writing, tx, None, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: (),
            revision,
        })
    }

    /// The identity to decide with (B11): the actor, or the member they work
    /// as. An unknown id or one of another company is `NotFound`; a member
    /// the actor may not work as is `Forbidden`.
    async fn identity(&self, acting: &Acting) -> Result<Identity, AppError> {
        let me = self.me(&acting.actor).await?;
        let Some(target) = acting.work_as else {
            return Ok(Identity {
                user: me,
                real: None,
            });
        };
        let target = self.load_user(acting.actor.company_id, target).await?;
        let user = work_as_identity(&me, &target)
            .ok_or_else(|| AppError::Forbidden(Message::new("app-work-as-forbidden")))?;
        Ok(Identity {
            user,
            real: Some(me.id),
        })
    }

    /// B12: the client must exist and open, for the identity and, while
    /// working as someone, for the real actor too (work as never widens
    /// Part A).
    fn require_client(
        &self,
        acting: &Acting,
        who: &Identity,
        client: ClientId,
    ) -> Result<(), AppError> {
        self.read(&acting.actor, |company| {
            require_access(company, &acting.actor, client)?;
            if who.real.is_some() {
                require_access(company, &as_actor(&acting.actor, who.user.id), client)?;
            }
            Ok(())
        })
    }

    /// An assignee must be an active member of the company.
    fn require_assignee(&self, acting: &Acting, assignee: UserId) -> Result<(), AppError> {
        self.read(&acting.actor, |company: &CompanyIndex| {
            if !company.has_user(assignee) {
                return Err(AppError::NotFound);
            }
            if !company.is_active(assignee) {
                return Err(AppError::invalid(
                    "assignee_id",
                    Message::new("app-assignee-inactive"),
                ));
            }
            Ok(())
        })
    }

    /// An activity the identity may see on a client that opens; otherwise
    /// `NotFound` (a hidden activity does not exist for its viewer) or the
    /// client's `AccessDenied`.
    async fn visible_activity(
        &self,
        acting: &Acting,
        who: &Identity,
        id: ActivityId,
    ) -> Result<Activity, AppError> {
        let activity = self
            .store()
            .activity(acting.actor.company_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.require_client(acting, who, activity.client_id)?;
        if !may_see_activity(&who.user, &activity) {
            return Err(AppError::NotFound);
        }
        Ok(activity)
    }
}

/// The actor, as another member of the same company (for Part A checks).
fn as_actor(actor: &Actor, user: UserId) -> Actor {
    Actor {
        user_id: user,
        ..actor.clone()
    }
}

/// A store filter that leaves out what the viewer can never see (kinds out of
/// reach; others' activities for a restricted view), so that pages fill.
/// [`may_see_activity`] still decides every row.
fn narrowing(viewer: &User, kind: Option<ActivityKind>) -> ActivityFilter {
    let kinds: Vec<ActivityKind> = ActivityKind::ALL
        .iter()
        .copied()
        .filter(|k| kind.is_none_or(|wanted| wanted == *k))
        .filter(|k| may_write_activity(viewer, *k, viewer.id))
        .collect();
    // Someone who may write an activity of a kind for another member sees
    // every member's of that kind; otherwise only their own.
    // INVARIANT: user ids are UUIDv7, never nil, so this is never the viewer.
    let someone_else = UserId::from_uuid(Uuid::nil());
    let others = kinds
        .iter()
        .any(|k| may_write_activity(viewer, *k, someone_else));
    ActivityFilter {
        kinds: Some(kinds),
        assignee: (!others).then_some(viewer.id),
    }
}

/// The `Forbidden` answer for a kind out of reach.
fn refused(kind: ActivityKind) -> AppError {
    AppError::Forbidden(Message::new("app-activity-kind-forbidden").with("kind", kind.as_str()))
}

/// A summary: trimmed, 1–2,000 characters.
fn summary(checks: &mut Checks, value: &str) -> String {
    let trimmed = value.trim();
    let len = trimmed.chars().count();
    if len == 0 {
        checks.fail("summary", Message::new("app-empty"));
    } else if len > MAX_SUMMARY {
        checks.fail("summary", crate::validate::too_long(MAX_SUMMARY));
    }
    trimmed.to_owned()
}

/// A payment needs a non-negative amount and a currency (three letters, kept
/// upper-case); any other kind takes neither.
fn payment(
    checks: &mut Checks,
    kind: ActivityKind,
    amount_cents: Option<i64>,
    currency: Option<String>,
) -> (Option<i64>, Option<String>) {
    let currency = currency.map(|c| c.trim().to_ascii_uppercase());
    if kind != ActivityKind::Payment {
        if amount_cents.is_some() {
            checks.fail("amount_cents", Message::new("app-payments-only"));
        }
        if currency.is_some() {
            checks.fail("currency", Message::new("app-payments-only"));
        }
        return (None, None);
    }
    match amount_cents {
        None => checks.fail("amount_cents", Message::new("app-payment-amount-missing")),
        Some(a) if a < 0 => checks.fail("amount_cents", Message::new("app-negative")),
        Some(_) => {}
    }
    match currency.as_deref() {
        None => checks.fail("currency", Message::new("app-payment-currency-missing")),
        Some(c) if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) => {
            checks.fail("currency", Message::new("app-currency-invalid"));
        }
        Some(_) => {}
    }
    (amount_cents, currency)
}

/// The audit entry of an activity write: the acting identity as actor, and
/// for B11 the contributor behind it as real actor.
fn entry(
    who: &Identity,
    acting: &Acting,
    at: Timestamp,
    action: &str,
    activity: &Activity,
    before: Option<&Activity>,
) -> NewAuditEntry {
    NewAuditEntry {
        company_id: acting.actor.company_id,
        at,
        actor_id: Some(who.user.id),
        real_actor_id: who.real,
        action: action.to_owned(),
        target: activity.id.to_string(),
        details: serde_json::json!({
            "client_id": activity.client_id,
            "kind": activity.kind,
            "assignee_id": activity.assignee_id,
            "before": before,
            "after": activity,
        }),
    }
}
