//! C8 for staff: a staff member passes everything they hold to a successor
//! in one step — the successor becomes owner of every client they own, gets
//! a direct share (`handover`) wherever they have one, and joins their
//! groups — in one transaction and one change. X11 runs the same handover
//! first when a member who owns clients is deactivated (`update_user`).
//!
//! The access index says what is held (`CompanyIndex::holdings`) and what
//! passes on (`CompanyIndex::handover_plan`); the store gives only the client
//! rows, whose new owner the `ClientSaved` changes carry.

use casegate_core::index::Holdings;
use casegate_core::permissions::may_hand_over;
use casegate_core::{
    Change, Client, CompanyIndex, How, Membership, MembershipId, Share, ShareId, Subject,
    Timestamp, User, UserId,
};
use casegate_store::{NewAuditEntry, Tx};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, HandoverCounts, Written};

/// A handover checked and read, ready to be written in a transaction.
pub(crate) struct Prepared {
    pub(crate) successor: UserId,
    /// What passes on, from the index.
    pub(crate) plan: Holdings,
    /// The rows of the clients the leaver owns, from the store.
    pub(crate) owned: Vec<Client>,
}

impl App {
    /// What `user` holds now, as counts: the clients they own, the clients
    /// shared with them directly and their groups (the confirmation pages
    /// say it before a handover or a deactivation). Whoever may hand it over
    /// may read it (admins; the user themself).
    pub async fn holdings(&self, actor: &Actor, user: UserId) -> Result<HandoverCounts, AppError> {
        let me = self.me(actor).await?;
        let leaver = self.load_user(actor.company_id, user).await?;
        require_hand_over(&me, &leaver)?;
        self.read(actor, |company| Ok(counts(&company.holdings(user))))
    }

    /// `POST /users/{id}/handover` (C8): admins, or the user themself (B1:
    /// the primary admin's holdings only by the primary admin). The successor
    /// must be another active staff member of the company (an id of another
    /// company is `NotFound`). In one transaction and one change: the
    /// successor owns every client the user owns, gets a direct share
    /// (granted by the actor, how `handover`) on every client the user has
    /// one on and they have none, and joins every group of the user they are
    /// not in. The user keeps their own shares and memberships.
    pub async fn handover(
        &self,
        actor: &Actor,
        user: UserId,
        successor: UserId,
    ) -> Result<Written<HandoverCounts>, AppError> {
        let me = self.me(actor).await?;
        let writing = self.writing().await?;
        let leaver = self.load_user(actor.company_id, user).await?;
        require_hand_over(&me, &leaver)?;
        let prepared = self.prepare_handover(actor, &leaver, successor).await?;
        if prepared.is_empty() {
            return Ok(Written {
                value: HandoverCounts::default(),
                revision: self.revision(),
            });
        }
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let (changes, counts, entry) =
            write_handover(&mut tx, actor, &leaver, &prepared, now).await?;
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::Batch { changes }),
                vec![entry],
                Vec::new(),
            )
            .await?;
        Ok(Written {
            value: counts,
            revision,
        })
    }

    /// Checks `successor` against the index and reads what passes on from
    /// `leaver`. Call with the writer lock held, so index and store agree.
    pub(crate) async fn prepare_handover(
        &self,
        actor: &Actor,
        leaver: &User,
        successor: UserId,
    ) -> Result<Prepared, AppError> {
        let plan = self.read(actor, |company| {
            require_successor(company, leaver.id, successor)?;
            Ok(company.handover_plan(leaver.id, successor))
        })?;
        // The index knows which clients; the change needs their rows.
        let owned = if plan.owned.is_empty() {
            Vec::new()
        } else {
            self.store()
                .clients_owned_by(actor.company_id, leaver.id)
                .await?
        };
        Ok(Prepared {
            successor,
            plan,
            owned,
        })
    }
}

impl Prepared {
    /// Whether nothing passes on (the successor already has it all).
    pub(crate) fn is_empty(&self) -> bool {
        self.owned.is_empty() && self.plan.shared.is_empty() && self.plan.groups.is_empty()
    }
}

/// `Forbidden` unless `actor` may hand over what `leaver` holds (the core decides).
fn require_hand_over(actor: &User, leaver: &User) -> Result<(), AppError> {
    if may_hand_over(actor, leaver) {
        Ok(())
    } else {
        Err(AppError::Forbidden(Message::new("app-handover-forbidden")))
    }
}

/// `NotFound` unless `successor` is staff of the company; a validation
/// error on `successor_id` when they are the leaver or inactive.
fn require_successor(
    company: &CompanyIndex,
    leaver: UserId,
    successor: UserId,
) -> Result<(), AppError> {
    if !company.has_user(successor) {
        return Err(AppError::NotFound);
    }
    if successor == leaver {
        return Err(AppError::invalid(
            "successor_id",
            Message::new("app-successor-self"),
        ));
    }
    if !company.is_active(successor) {
        return Err(AppError::invalid(
            "successor_id",
            Message::new("app-successor-inactive"),
        ));
    }
    Ok(())
}

/// The counts of what is held (or passes on).
fn counts(h: &Holdings) -> HandoverCounts {
    HandoverCounts {
        owned: h.owned.len(),
        shares: h.shared.len(),
        groups: h.groups.len(),
    }
}

/// Writes a prepared handover in `tx`: the clients' new owner, the new
/// shares and memberships. Returns their changes, the counts and the
/// `user.handover` audit entry.
pub(crate) async fn write_handover(
    tx: &mut Tx,
    actor: &Actor,
    leaver: &User,
    prepared: &Prepared,
    now: Timestamp,
) -> Result<(Vec<Change>, HandoverCounts, NewAuditEntry), AppError> {
    let Prepared {
        successor,
        plan,
        owned,
    } = prepared;
    let mut changes = Vec::with_capacity(owned.len() + plan.shared.len() + plan.groups.len());
    for before in owned {
        let client = Client {
            owner_id: *successor,
            updated_at: now,
            ..before.clone()
        };
        tx.update_client(&client).await?;
        changes.push(Change::ClientSaved { client });
    }
    for client in &plan.shared {
        let share = Share {
            id: ShareId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            client_id: *client,
            subject: Subject::User(*successor),
            granted_by: Some(actor.user_id),
            granted_at: now,
            granted_how: How::Handover,
            revoked: None,
        };
        tx.insert_share(&share).await?;
        changes.push(Change::ShareGranted { share });
    }
    for group in &plan.groups {
        let membership = Membership {
            id: MembershipId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            group_id: *group,
            user_id: *successor,
            added_by: Some(actor.user_id),
            added_at: now,
            removed: None,
        };
        tx.insert_membership(&membership).await?;
        changes.push(Change::MemberAdded { membership });
    }
    let counts = HandoverCounts {
        owned: owned.len(),
        shares: plan.shared.len(),
        groups: plan.groups.len(),
    };
    let entry = audit(
        actor,
        now,
        "user.handover",
        leaver.id,
        serde_json::json!({
            "successor_id": successor,
            "owned": counts.owned,
            "shares": counts.shares,
            "groups": counts.groups,
            "client_ids": owned.iter().map(|c| c.id).collect::<Vec<_>>(),
            "shared_client_ids": plan.shared,
            "group_ids": plan.groups,
        }),
    );
    Ok((changes, counts, entry))
}
