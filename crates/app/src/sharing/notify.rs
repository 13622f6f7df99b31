//! "Notify by email" when granting a share (A4): who is told, and the
//! outbox rows written in the grant's own transaction.

use casegate_core::{ClientId, Subject, Timestamp, UserId};
use casegate_store::NewEmail;

use crate::app::{App, user_name};
use crate::error::AppError;
use crate::mail::sharing_text::{Via, shared_with_you};
use crate::mail::{self};
use crate::types::Actor;

impl App {
    /// The emails of a new share of `client` with `subject`: the person for a
    /// user share, every member for a group share; active people only, never
    /// the actor, each in their own language. None for the whole company.
    pub(super) async fn share_emails(
        &self,
        actor: &Actor,
        client: ClientId,
        subject: Subject,
        message: Option<&str>,
        at: Timestamp,
    ) -> Result<Vec<NewEmail>, AppError> {
        let (ids, group, sharer, client_name) = self.read(actor, |company| {
            let (ids, group): (Vec<UserId>, Option<String>) = match subject {
                Subject::User(u) => (vec![u], None),
                Subject::Group(g) => (
                    company.group_members(g),
                    company.group_name(g).map(str::to_owned),
                ),
                Subject::Company => (Vec::new(), None),
            };
            Ok((
                ids,
                group,
                user_name(company, actor.user_id),
                company.client_name(client).unwrap_or_default().to_owned(),
            ))
        })?;
        let ids: Vec<UserId> = ids.into_iter().filter(|u| *u != actor.user_id).collect();
        let recipients = self.users_by_ids(actor.company_id, &ids).await?;
        let link = format!(
            "{}/clients/{client}",
            self.config().public_url.trim_end_matches('/')
        );
        let via = match &group {
            Some(name) => Via::Group(name),
            None => Via::Direct,
        };
        Ok(recipients
            .iter()
            .filter(|u| u.active)
            .map(|u| {
                let (subject, body) = shared_with_you(
                    u.language,
                    &u.name,
                    &sharer,
                    &client_name,
                    via,
                    message,
                    &link,
                );
                mail::email(Some(actor.company_id), &u.email, subject, body, at)
            })
            .collect())
    }
}
