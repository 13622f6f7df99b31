//! Decisions with their explanation (X1) and the two lookups (X6): which
//! clients a user can open, and who can open a client and why.

use axum::Json;
use axum::extract::State;
use casegate_app::{App, CheckAction, UserWithReasons};
use casegate_core::deal::Party;
use casegate_core::index::{DealReason, Reason};
use casegate_core::{AccountId, ClientId, ShareId, Timestamp, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::clients::ClientListItem;
use super::deal::ContactLine;
use super::types::{List, PageParams, Role, User, list_of, ts};
use crate::auth::Authed;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};

/// What kind of fact a reason is (the model's name for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    AccessControlOff,
    Role,
    ShareAll,
    Owner,
    DirectShare,
    GroupShare,
    CompanyShare,
    Inactive,
    UnknownUser,
    UnknownClient,
    NoAccess,
    Restricted,
    SharingRestricted,
}

/// One reason of a decision: its SPEC `rule` id (`"A9"`; `"none"` for an
/// unknown user or client), its `kind`, and the facts behind it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Reason)]
pub struct ReasonBody {
    pub rule: String,
    pub kind: ReasonKind,
    /// `role` (A6) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `group_share` (A10) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub group_id: Option<String>,
    /// `group_share` (A10) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// Shares (A9–A11) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub share_id: Option<String>,
    /// Shares (A9–A11) only; `null` when the system granted it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub granted_by: Option<Option<String>>,
    /// Shares (A9–A11) only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub granted_at: Option<String>,
}

impl From<&Reason> for ReasonBody {
    fn from(reason: &Reason) -> Self {
        let bare = |kind| ReasonBody {
            rule: reason.rule().to_owned(),
            kind,
            role: None,
            group_id: None,
            group_name: None,
            share_id: None,
            granted_by: None,
            granted_at: None,
        };
        let share = |kind, share_id: &ShareId, by: &Option<UserId>, at: &Timestamp| ReasonBody {
            share_id: Some(share_id.to_string()),
            granted_by: Some(by.map(|u| u.to_string())),
            granted_at: Some(ts(*at)),
            ..bare(kind)
        };
        match reason {
            Reason::AccessControlOff => bare(ReasonKind::AccessControlOff),
            Reason::Role { role } => ReasonBody {
                role: Some((*role).into()),
                ..bare(ReasonKind::Role)
            },
            Reason::ShareAll => bare(ReasonKind::ShareAll),
            Reason::Owner => bare(ReasonKind::Owner),
            Reason::DirectShare {
                share_id,
                granted_by,
                granted_at,
            } => share(ReasonKind::DirectShare, share_id, granted_by, granted_at),
            Reason::GroupShare {
                group_id,
                group_name,
                share_id,
                granted_by,
                granted_at,
            } => ReasonBody {
                group_id: Some(group_id.to_string()),
                group_name: Some(group_name.clone()),
                ..share(ReasonKind::GroupShare, share_id, granted_by, granted_at)
            },
            Reason::CompanyShare {
                share_id,
                granted_by,
                granted_at,
            } => share(ReasonKind::CompanyShare, share_id, granted_by, granted_at),
            Reason::Inactive => bare(ReasonKind::Inactive),
            Reason::UnknownUser => bare(ReasonKind::UnknownUser),
            Reason::UnknownClient => bare(ReasonKind::UnknownClient),
            Reason::NoAccess => bare(ReasonKind::NoAccess),
            Reason::Restricted => bare(ReasonKind::Restricted),
            Reason::SharingRestricted => bare(ReasonKind::SharingRestricted),
        }
    }
}

impl ReasonBody {
    /// Every reason of a list, converted.
    fn all(reasons: &[Reason]) -> Vec<Self> {
        reasons.iter().map(Self::from).collect()
    }
}

/// The action a check asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    View,
    Share,
}

/// `POST /check` about a staff member.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCheck {
    #[schema(value_type = String, format = Uuid)]
    pub user_id: UserId,
    #[schema(value_type = String, format = Uuid)]
    pub client_id: ClientId,
    pub action: Action,
}

/// What may be asked about a contact: opening the file (C4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactAction {
    View,
}

/// `POST /check` about a contact (admins).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactCheck {
    #[schema(value_type = String, format = Uuid)]
    pub contact_id: AccountId,
    #[schema(value_type = String, format = Uuid)]
    pub client_id: ClientId,
    /// Only `view` (the default).
    pub action: Option<ContactAction>,
}

/// `POST /check`: about a staff member (`user_id`) or a contact
/// (`contact_id`). The document shows the two shapes; the body is read as
/// [`CheckBody`], so each refusal names its field.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CheckInput {
    User(UserCheck),
    Contact(ContactCheck),
}

/// The wire form of `POST /check`, every field optional, sorted into a
/// [`CheckInput`] by [`CheckBody::input`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    user_id: Option<UserId>,
    contact_id: Option<AccountId>,
    client_id: ClientId,
    action: Option<Action>,
}

impl CheckBody {
    fn input(self) -> Result<CheckInput, ApiError> {
        match (self.user_id, self.contact_id) {
            (Some(user_id), None) => Ok(CheckInput::User(UserCheck {
                user_id,
                client_id: self.client_id,
                action: self
                    .action
                    .ok_or_else(|| ApiError::invalid("action", "is required"))?,
            })),
            (None, Some(contact_id)) => Ok(CheckInput::Contact(ContactCheck {
                contact_id,
                client_id: self.client_id,
                action: match self.action {
                    None | Some(Action::View) => Some(ContactAction::View),
                    Some(Action::Share) => {
                        return Err(ApiError::invalid(
                            "action",
                            "only `view` can be asked about a contact",
                        ));
                    }
                },
            })),
            (Some(_), Some(_)) => Err(ApiError::invalid(
                "contact_id",
                "give either `user_id` or `contact_id`, not both",
            )),
            (None, None) => Err(ApiError::invalid("user_id", "is required")),
        }
    }
}

/// Why a contact may (or may not) open a file (C4).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContactReason {
    /// The SPEC id: `C4` for a share; `none` for an unknown contact or
    /// client; `C3-C4` when nothing grants it.
    pub rule: String,
    pub kind: ContactReasonKind,
    /// `contact_share` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub share_id: Option<String>,
    /// `contact_share` only: the entity the contact has the file through.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Uuid)]
    pub entity_id: Option<String>,
    /// `contact_share` only: a staff member's or a contact's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub granted_by: Option<Option<String>>,
    /// `contact_share` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = DateTime)]
    pub granted_at: Option<String>,
}

/// The kinds of [`ContactReason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactReasonKind {
    ContactShare,
    UnknownContact,
    UnknownClient,
    NoAccess,
}

impl ContactReason {
    fn from_deal(reason: &DealReason) -> Self {
        let bare = |kind| ContactReason {
            rule: reason.rule().to_owned(),
            kind,
            share_id: None,
            entity_id: None,
            granted_by: None,
            granted_at: None,
        };
        match reason {
            DealReason::ContactShare {
                share_id,
                entity_id,
                granted_by,
                granted_at,
            } => ContactReason {
                share_id: Some(share_id.to_string()),
                entity_id: Some(entity_id.to_string()),
                granted_by: Some(granted_by.map(|p| match p {
                    Party::Staff(u) => u.to_string(),
                    Party::Contact(a) => a.to_string(),
                })),
                granted_at: Some(ts(*granted_at)),
                ..bare(ContactReasonKind::ContactShare)
            },
            DealReason::UnknownContact => bare(ContactReasonKind::UnknownContact),
            DealReason::UnknownClient => bare(ContactReasonKind::UnknownClient),
            _ => bare(ContactReasonKind::NoAccess),
        }
    }
}

/// One reason of an answer: a staff rule or a contact's.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnyReason {
    Staff(ReasonBody),
    Contact(ContactReason),
}

/// A decision with its reasons (X1).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckAnswer {
    pub allowed: bool,
    /// Why it is allowed (every rule that grants it) or refused; a
    /// contact's reasons (`contact_id`) are [`ContactReason`]s.
    pub reasons: Vec<AnyReason>,
    /// The revision the decision was taken at.
    pub revision: u64,
}

/// A user who can open a client, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserAccess {
    pub user: User,
    pub reasons: Vec<ReasonBody>,
}

impl UserAccess {
    /// The wire form of the app's answer.
    fn from_app(u: UserWithReasons) -> Self {
        UserAccess {
            reasons: ReasonBody::all(&u.reasons),
            user: u.user.into(),
        }
    }
}

/// May this user view or share this client, and why (admins; or the user
/// about themself); or may this contact open it (admins).
#[utoipa::path(post, path = "/api/v1/check", tag = "check", security(("bearer" = [])),
    request_body = CheckInput,
    responses(
        (status = 200, description = "the decision", body = CheckAnswer),
        (status = 403, description = "neither an admin nor the user asked about", body = ErrorBody),
        (status = 404, description = "no such user, contact or client in this company", body = ErrorBody),
        (status = 422, description = "bad input", body = ErrorBody),
    )
)]
pub async fn check(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiJson(body): ApiJson<CheckBody>,
) -> Result<Json<CheckAnswer>, ApiError> {
    let input = match body.input()? {
        CheckInput::User(input) => input,
        CheckInput::Contact(input) => {
            let (decision, revision) = app
                .check_contact(&actor, input.contact_id, input.client_id)
                .await?;
            return Ok(Json(CheckAnswer {
                allowed: decision.allowed,
                reasons: decision
                    .reasons
                    .iter()
                    .map(|r| AnyReason::Contact(ContactReason::from_deal(r)))
                    .collect(),
                revision: revision.0,
            }));
        }
    };
    let action = match input.action {
        Action::View => CheckAction::View,
        Action::Share => CheckAction::Share,
    };
    let answer = app
        .check(&actor, input.user_id, input.client_id, action)
        .await?;
    Ok(Json(CheckAnswer {
        allowed: answer.allowed,
        reasons: answer
            .reasons
            .iter()
            .map(|r| AnyReason::Staff(ReasonBody::from(r)))
            .collect(),
        revision: answer.revision.0,
    }))
}

/// The clients a user can open (admins; or the user).
#[utoipa::path(get, path = "/api/v1/users/{id}/clients", tag = "check", security(("bearer" = [])),
    params(("id" = String, Path, description = "user id"), PageParams),
    responses(
        (status = 200, description = "one page of clients", body = List<ClientListItem>),
        (status = 403, description = "neither an admin nor that user", body = ErrorBody),
        (status = 404, description = "no such user in this company", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn user_clients(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<UserId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<List<ClientListItem>>, ApiError> {
    let limit = page.limit()?;
    let clients = app.user_clients(&actor, id, page.cursor(), limit).await?;
    Ok(Json(list_of(clients, ClientListItem::from)))
}

/// The users who can open a client, with why (with access).
#[utoipa::path(get, path = "/api/v1/clients/{id}/users", tag = "check", security(("bearer" = [])),
    params(("id" = String, Path, description = "client id"), PageParams),
    responses(
        (status = 200, description = "one page of users with their reasons, and the file's contacts apart", body = ClientUsers),
        (status = 403, description = "`access_denied` (locked)", body = ErrorBody),
        (status = 404, description = "no such client in this company", body = ErrorBody),
        (status = 422, description = "bad limit or cursor", body = ErrorBody),
    )
)]
pub async fn client_users(
    State(app): State<App>,
    Authed(actor): Authed,
    ApiPath(id): ApiPath<ClientId>,
    ApiQuery(page): ApiQuery<PageParams>,
) -> Result<Json<ClientUsers>, ApiError> {
    let limit = page.limit()?;
    let users = app.client_users(&actor, id, page.cursor(), limit).await?;
    let (contacts, _) = app.file_contact_lines(&actor, id).await?;
    let List { items, next_cursor } = list_of(users, UserAccess::from_app);
    Ok(Json(ClientUsers {
        items,
        next_cursor,
        contacts: contacts.into_iter().map(ContactLine::from).collect(),
    }))
}

/// `GET /clients/{id}/users`: the staff who can open the client (paged),
/// and its current outside contacts apart (C4), every one on each page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClientUsers {
    pub items: Vec<UserAccess>,
    #[schema(required = true)]
    pub next_cursor: Option<String>,
    pub contacts: Vec<ContactLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_carry_their_spec_id_and_their_facts() {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let reason = Reason::GroupShare {
            group_id: casegate_core::GroupId::from_u128(1),
            group_name: "Audit".into(),
            share_id: ShareId::from_u128(2),
            granted_by: None,
            granted_at: at,
        };
        let body = serde_json::to_value(ReasonBody::from(&reason)).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "rule": "A10",
                "kind": "group_share",
                "group_id": "00000000-0000-0000-0000-000000000001",
                "group_name": "Audit",
                "share_id": "00000000-0000-0000-0000-000000000002",
                "granted_by": null,
                "granted_at": "2023-11-14T22:13:20.000000Z",
            })
        );
        let body = serde_json::to_value(ReasonBody::from(&Reason::Owner)).unwrap();
        assert_eq!(body, serde_json::json!({"rule": "A8", "kind": "owner"}));
    }
}
