//! Groups of staff members: listing, creating, renaming, membership (A21:
//! removing a member ends only that membership) and deletion (A20: first the
//! impact, then, confirmed, every share of the group is revoked).

use casegate_core::{
    Change, CompanyIndex, Group, GroupId, How, Membership, MembershipId, Revocation, UserId,
};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::settings::require_staff_admin;
use crate::types::{Actor, GroupDeleted, GroupView, Written};
use crate::validate::Checks;

impl App {
    /// `GET /groups`: every live group with its members, by name.
    pub async fn groups(&self, actor: &Actor) -> Result<Vec<GroupView>, AppError> {
        self.read(actor, |_| Ok(()))?;
        let groups = self.store().groups(actor.company_id).await?;
        let mut out = Vec::with_capacity(groups.len());
        for group in groups {
            out.push(self.group_view(actor, group).await?);
        }
        Ok(out)
    }

    /// `GET /groups/{id}`.
    pub async fn group(&self, actor: &Actor, id: GroupId) -> Result<GroupView, AppError> {
        self.read(actor, |_| Ok(()))?;
        let group = self.load_group(actor, id).await?;
        self.group_view(actor, group).await
    }

    /// `POST /groups`: admins only. Members must be staff of the company.
    pub async fn create_group(
        &self,
        actor: &Actor,
        name: &str,
        member_ids: &[UserId],
    ) -> Result<Written<GroupView>, AppError> {
        require_staff_admin(actor)?;
        let mut checks = Checks::new();
        let name = checks.name("name", name);
        checks.finish()?;
        let mut members: Vec<UserId> = Vec::with_capacity(member_ids.len());
        for id in member_ids {
            if !members.contains(id) {
                members.push(*id);
            }
        }

        let writing = self.writing().await?;
        self.read(actor, |company| {
            if members.iter().all(|m| company.has_user(*m)) {
                Ok(())
            } else {
                Err(AppError::NotFound)
            }
        })?;
        let now = self.now();
        let group = Group {
            id: GroupId::from_uuid(Uuid::now_v7()),
            company_id: actor.company_id,
            name,
            created_at: now,
        };
        let mut tx = self.store().begin().await?;
        tx.insert_group(&group)
            .await
            .map_err(|e| name_taken(e, &group.name))?;
        let mut changes = vec![Change::GroupSaved {
            group: group.clone(),
        }];
        for user in &members {
            let membership = new_membership(actor, group.id, *user, now);
            tx.insert_membership(&membership).await?;
            changes.push(Change::MemberAdded { membership });
        }
        let entry = audit(
            actor,
            now,
            "group.created",
            group.id,
            serde_json::json!({"name": group.name, "member_ids": members}),
        );
        let revision = self
            .commit(
                &writing,
                tx,
                Some(Change::Batch { changes }),
                vec![entry],
                Vec::new(),
            )
            .await?;
        drop(writing);
        let value = self.group_view(actor, group).await?;
        Ok(Written { value, revision })
    }

    /// `PATCH /groups/{id}`: admins only.
    pub async fn rename_group(
        &self,
        actor: &Actor,
        id: GroupId,
        name: &str,
    ) -> Result<Written<GroupView>, AppError> {
        require_staff_admin(actor)?;
        let mut checks = Checks::new();
        let name = checks.name("name", name);
        checks.finish()?;
        let writing = self.writing().await?;
        let before = self.load_group(actor, id).await?;
        if before.name == name {
            drop(writing);
            let value = self.group_view(actor, before).await?;
            return Ok(Written {
                value,
                revision: self.revision(),
            });
        }
        let group = Group {
            name,
            ..before.clone()
        };
        let now = self.now();
        let mut tx = self.store().begin().await?;
        tx.update_group(&group)
            .await
            .map_err(|e| name_taken(e, &group.name))?;
        let entry = audit(
            actor,
            now,
            "group.renamed",
            group.id,
            serde_json::json!({"before": before.name, "after": group.name}),
        );
        let change = Change::GroupSaved {
            group: group.clone(),
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        drop(writing);
        let value = self.group_view(actor, group).await?;
        Ok(Written { value, revision })
    }

    /// `POST /groups/{id}/members`: admins only; adding a member twice changes nothing.
    pub async fn add_member(
        &self,
        actor: &Actor,
        group: GroupId,
        user: UserId,
    ) -> Result<Written<GroupView>, AppError> {
        require_staff_admin(actor)?;
        let writing = self.writing().await?;
        let record = self.load_group(actor, group).await?;
        let already = self.read(actor, |company| {
            if !company.has_user(user) {
                return Err(AppError::NotFound);
            }
            Ok(company.group_members(group).contains(&user))
        })?;
        let revision = if already {
            self.revision()
        } else {
            let now = self.now();
            let membership = new_membership(actor, group, user, now);
            let mut tx = self.store().begin().await?;
            tx.insert_membership(&membership).await?;
            let entry = audit(
                actor,
                now,
                "group.member_added",
                group,
                serde_json::json!({"user_id": user}),
            );
            let change = Change::MemberAdded { membership };
            self.commit(&writing, tx, Some(change), vec![entry], Vec::new())
                .await?
        };
        drop(writing);
        let value = self.group_view(actor, record).await?;
        Ok(Written { value, revision })
    }

    /// `DELETE /groups/{id}/members/{user_id}` (A21): ends that membership
    /// only; `NotFound` when the user is not a member.
    pub async fn remove_member(
        &self,
        actor: &Actor,
        group: GroupId,
        user: UserId,
    ) -> Result<Written<GroupView>, AppError> {
        require_staff_admin(actor)?;
        let writing = self.writing().await?;
        let record = self.load_group(actor, group).await?;
        let member = self.read(actor, |company| {
            Ok(company.group_members(group).contains(&user))
        })?;
        if !member {
            return Err(AppError::NotFound);
        }
        let now = self.now();
        let removed = Revocation {
            by: Some(actor.user_id),
            at: now,
            how: How::Manual,
        };
        let mut tx = self.store().begin().await?;
        if !tx
            .end_membership(actor.company_id, group, user, &removed)
            .await?
        {
            return Err(AppError::NotFound);
        }
        let entry = audit(
            actor,
            now,
            "group.member_removed",
            group,
            serde_json::json!({"user_id": user}),
        );
        let change = Change::MemberRemoved {
            company_id: actor.company_id,
            group_id: group,
            user_id: user,
            removed,
        };
        let revision = self
            .commit(&writing, tx, Some(change), vec![entry], Vec::new())
            .await?;
        drop(writing);
        let value = self.group_view(actor, record).await?;
        Ok(Written { value, revision })
    }

    /// `DELETE /groups/{id}` (A20): admins only. Without `confirm`,
    /// `ConfirmationRequired` with how many clients and users lose access,
    /// and nothing changes; with it, every open share of the group is
    /// revoked (`group_deleted`), every membership ends and the group goes.
    pub async fn delete_group(
        &self,
        actor: &Actor,
        group: GroupId,
        confirm: bool,
    ) -> Result<Written<GroupDeleted>, AppError> {
        require_staff_admin(actor)?;
        let writing = self.writing().await?;
        let (impact, shares, members) = self.read(actor, |company| {
            if !company.has_group(group) {
                return Err(AppError::NotFound);
            }
            Ok((
                company.group_deletion_impact(group),
                company.group_shares(group),
                company.group_members(group),
            ))
        })?;
        if !confirm {
            return Err(AppError::ConfirmationRequired {
                clients: impact.0,
                users: impact.1,
            });
        }
        let now = self.now();
        let ended = Revocation {
            by: Some(actor.user_id),
            at: now,
            how: How::GroupDeleted,
        };
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::with_capacity(shares.len() + members.len() + 1);
        let mut revoked = 0;
        for (client_id, share_id) in &shares {
            if tx.revoke_share(actor.company_id, *share_id, &ended).await? {
                revoked += 1;
            }
            changes.push(Change::ShareRevoked {
                company_id: actor.company_id,
                client_id: *client_id,
                share_id: *share_id,
                revoked: ended,
            });
        }
        for user in &members {
            tx.end_membership(actor.company_id, group, *user, &ended)
                .await?;
            changes.push(Change::MemberRemoved {
                company_id: actor.company_id,
                group_id: group,
                user_id: *user,
                removed: ended,
            });
        }
        tx.mark_group_deleted(actor.company_id, group, actor.user_id, now)
            .await?;
        changes.push(Change::GroupDeleted {
            company_id: actor.company_id,
            group_id: group,
        });
        let entry = audit(
            actor,
            now,
            "group.deleted",
            group,
            serde_json::json!({
                "revoked_shares": revoked,
                "clients": impact.0,
                "users": impact.1,
                "members": members,
            }),
        );
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
            value: GroupDeleted {
                revoked_shares: revoked,
            },
            revision,
        })
    }

    /// A live group of the actor's company, or `NotFound`.
    async fn load_group(&self, actor: &Actor, id: GroupId) -> Result<Group, AppError> {
        self.store()
            .group(actor.company_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A group with its current members (from the index), by name.
    async fn group_view(&self, actor: &Actor, group: Group) -> Result<GroupView, AppError> {
        let ids = self.read(actor, |company: &CompanyIndex| {
            Ok(company.group_members(group.id))
        })?;
        let members = self.users_by_ids(actor.company_id, &ids).await?;
        Ok(GroupView {
            id: group.id,
            name: group.name,
            members,
        })
    }
}

fn new_membership(
    actor: &Actor,
    group: GroupId,
    user: UserId,
    at: casegate_core::Timestamp,
) -> Membership {
    Membership {
        id: MembershipId::from_uuid(Uuid::now_v7()),
        company_id: actor.company_id,
        group_id: group,
        user_id: user,
        added_by: Some(actor.user_id),
        added_at: at,
        removed: None,
    }
}

/// Maps the store's unique violation on group names to a clear conflict.
fn name_taken(e: casegate_store::StoreError, name: &str) -> AppError {
    match e {
        casegate_store::StoreError::Conflict(_) => {
            AppError::Conflict(Message::new("app-group-name-taken").with("name", name))
        }
        other => other.into(),
    }
}
