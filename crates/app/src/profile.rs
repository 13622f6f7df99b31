//! A client card as a staff member sees it: the client with its profile
//! fields (marketing opt-in, loyalty card, notes), contact fields hidden by
//! B8 masked per viewer, and changes to them gated by B9. Opening a card is
//! recorded in the view log (X9).

use casegate_core::permissions::{Masking, masking, may_change_marketing_opt_in, may_edit_tags};
use casegate_core::{Client, ClientId, ClientProfile, ViewKind};

use crate::app::App;
use crate::clients::require_access;
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, ClientPatch, Written};
use crate::views::through;

/// Longest loyalty card number, in characters.
const MAX_LOYALTY_CARD: usize = 100;
/// Longest client notes, in characters.
const MAX_NOTES: usize = 10_000;

/// A client as one viewer may see it: hidden contact fields are already
/// `None` in `client`, and `masking` says which ones were hidden (B8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCard {
    pub client: Client,
    pub profile: ClientProfile,
    pub masking: Masking,
}

/// `PATCH /clients/{id}`'s profile fields: only the given ones change;
/// `Some(None)` clears.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfilePatch {
    /// B9: needs the right to change the marketing opt-in.
    pub marketing_opt_in: Option<bool>,
    pub loyalty_card: Option<Option<String>>,
    pub notes: Option<Option<String>>,
}

impl ProfilePatch {
    /// Whether the patch names no field.
    pub fn is_empty(&self) -> bool {
        self.marketing_opt_in.is_none() && self.loyalty_card.is_none() && self.notes.is_none()
    }
}

/// A change of a client's profile fields, saved with the client's own
/// (one transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProfileWrite {
    pub(crate) before: ClientProfile,
    pub(crate) after: ClientProfile,
}

/// B8: the client with the fields `m` hides set to `None`.
pub fn mask(mut client: Client, m: Masking) -> Client {
    if m.hide_email {
        client.email = None;
    }
    if m.hide_phone {
        client.phone = None;
    }
    client
}

impl App {
    /// `GET /clients/{id}` (B8, X9): with access (locked → `AccessDenied`);
    /// masked for the viewer, and recorded in the view log.
    pub async fn open_client(&self, actor: &Actor, id: ClientId) -> Result<ClientCard, AppError> {
        let rules = self.read(actor, |company| {
            require_access(company, actor, id)?;
            Ok(through(company, actor, id))
        })?;
        let client = self.load_client(actor, id).await?;
        let card = self.card_for(actor, client).await?;
        self.log_view(actor, id, ViewKind::ClientOpened, None, rules)
            .await?;
        Ok(card)
    }

    /// A client as `actor` may see it (B8): profile fields added, hidden
    /// contact fields masked. For every answer that carries a client.
    pub async fn card_for(&self, actor: &Actor, client: Client) -> Result<ClientCard, AppError> {
        let viewer = self.me(actor).await?;
        let m = masking(&viewer);
        let profile = self
            .store()
            .client_profile(actor.company_id, client.id)
            .await?
            .unwrap_or_default();
        Ok(ClientCard {
            client: mask(client, m),
            profile,
            masking: m,
        })
    }

    /// `PATCH /clients/{id}` with its profile fields: tag changes need
    /// `may_edit_tags`, opt-in changes `may_change_marketing_opt_in` (B9);
    /// refused → `Forbidden` and nothing changes. Answers the masked card.
    pub async fn update_client_card(
        &self,
        actor: &Actor,
        id: ClientId,
        patch: ClientPatch,
        profile: ProfilePatch,
    ) -> Result<Written<ClientCard>, AppError> {
        let loyalty_card = profile
            .loyalty_card
            .as_ref()
            .map(|v| text("loyalty_card", v.as_deref(), MAX_LOYALTY_CARD))
            .transpose()?;
        let notes = profile
            .notes
            .as_ref()
            .map(|v| text("notes", v.as_deref(), MAX_NOTES))
            .transpose()?;
        self.read(actor, |company| require_access(company, actor, id))?;
        let viewer = self.me(actor).await?;
        let before = self.load_client(actor, id).await?;
        let before_profile = self
            .store()
            .client_profile(actor.company_id, id)
            .await?
            .unwrap_or_default();
        if patch.tags.as_ref().is_some_and(|t| *t != before.tags) && !may_edit_tags(&viewer) {
            return Err(AppError::Forbidden(Message::new("app-tags-forbidden")));
        }
        if profile
            .marketing_opt_in
            .is_some_and(|o| o != before_profile.marketing_opt_in)
            && !may_change_marketing_opt_in(&viewer)
        {
            return Err(AppError::Forbidden(Message::new("app-marketing-forbidden")));
        }
        let after_profile = ClientProfile {
            marketing_opt_in: profile
                .marketing_opt_in
                .unwrap_or(before_profile.marketing_opt_in),
            loyalty_card: loyalty_card.unwrap_or_else(|| before_profile.loyalty_card.clone()),
            notes: notes.unwrap_or_else(|| before_profile.notes.clone()),
        };
        let write = ProfileWrite {
            before: before_profile,
            after: after_profile.clone(),
        };
        let written = self
            .update_client_with(actor, id, patch, Some(write))
            .await?;
        let m = masking(&viewer);
        Ok(Written {
            value: ClientCard {
                client: mask(written.value, m),
                profile: after_profile,
                masking: m,
            },
            revision: written.revision,
        })
    }
}

/// An optional free text of at most `max` characters, trimmed; empty is none.
fn text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, AppError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(AppError::invalid(field, crate::validate::too_long(max)));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        return Err(AppError::invalid(
            field,
            Message::new("app-control-characters-long"),
        ));
    }
    Ok(Some(value.to_owned()))
}
