//! Wire types shared by several resources: the enums of the model as they
//! travel, the user object, `{"id","name"}` references, lists and paging.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use casegate_core as domain;
use domain::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::ApiError;

/// A timestamp as it travels: RFC 3339, UTC, microseconds, `Z`.
pub fn ts(at: Timestamp) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Mirrors a model enum on the wire (same snake_case names as its `as_str`),
/// with an OpenAPI schema and conversions both ways.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident => $model:path { $($variant:ident $(= $wire:literal)?),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[serde(rename = $wire)])? $variant),+
        }

        impl From<$model> for $name {
            fn from(value: $model) -> Self {
                match value {
                    $(<$model>::$variant => $name::$variant),+
                }
            }
        }

        impl From<$name> for $model {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => <$model>::$variant),+
                }
            }
        }
    };
}

wire_enum!(
    /// B1: a staff member's role, highest first.
    Role => domain::Role { PrimaryAdmin, Admin, Manager, Marketing, Contributor, User }
);
wire_enum!(
    /// X7: the language of the UI and emails.
    Language => domain::Language { En, Fr, Da }
);
wire_enum!(
    /// B4: shared or restricted view of activities.
    View => domain::View { Shared, Restricted }
);
wire_enum!(
    /// A5: the share a client created while A1 is on starts with.
    NewClientAccess => domain::NewClientAccess { Company, OwnerOnly }
);
wire_enum!(
    /// A14–A16: the life of an access request.
    RequestStatus => domain::RequestStatus { Pending, Approved, Denied, Cancelled, Expired }
);
wire_enum!(
    /// How a share began or ended.
    How => domain::How {
        Manual, Request, SettingEnabled, ClientCreated, GroupDeleted, ClientDeleted, Expired,
        Handover, Invitation, EntityRemoved, SelfRevoked = "self"
    }
);

/// B3–B10: what a contributor or user may do inside a client.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Permissions {
    pub view: View,
    pub payments: bool,
    pub documents: bool,
    pub packages: bool,
    pub hide_email: bool,
    pub hide_phone: bool,
    pub edit_rights: bool,
    pub list_all_clients: bool,
}

impl From<domain::Permissions> for Permissions {
    fn from(p: domain::Permissions) -> Self {
        Permissions {
            view: p.view.into(),
            payments: p.payments,
            documents: p.documents,
            packages: p.packages,
            hide_email: p.hide_email,
            hide_phone: p.hide_phone,
            edit_rights: p.edit_rights,
            list_all_clients: p.list_all_clients,
        }
    }
}

/// A staff member.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct User {
    #[schema(format = Uuid)]
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// A22: an inactive user can neither sign in nor open anything.
    pub active: bool,
    /// A7 "Share all clients with this user".
    pub share_all_clients: bool,
    pub permissions: Permissions,
    pub language: Language,
}

impl From<domain::User> for User {
    fn from(u: domain::User) -> Self {
        User {
            id: u.id.to_string(),
            email: u.email,
            name: u.name,
            role: u.role.into(),
            active: u.active,
            share_all_clients: u.share_all_clients,
            permissions: u.permissions.into(),
            language: u.language.into(),
        }
    }
}

/// Someone named in an answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Named {
    #[schema(format = Uuid)]
    pub id: String,
    pub name: String,
    /// Present when the person's account is deactivated; the name is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub standing: Option<Standing>,
}

impl<Id: std::fmt::Display> From<casegate_app::Named<Id>> for Named {
    fn from(n: casegate_app::Named<Id>) -> Self {
        Named {
            id: n.id.to_string(),
            name: n.name,
            standing: standing(n.standing),
        }
    }
}

/// What a kept name stands for is gone: a deactivated person (A22), a
/// deleted group (A20) or client. Left out while it is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Deactivated,
    Deleted,
}

/// The wire's [`Standing`]: `None` for what is still there.
pub fn standing(s: casegate_app::Standing) -> Option<Standing> {
    match s {
        casegate_app::Standing::Current => None,
        casegate_app::Standing::Deactivated => Some(Standing::Deactivated),
        casegate_app::Standing::Deleted => Some(Standing::Deleted),
    }
}

/// A list: one page of items and the cursor of the next page (`null` on the
/// last one).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct List<T> {
    pub items: Vec<T>,
    /// `null` on the last page.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// The default page size of a list.
pub const DEFAULT_LIMIT: usize = 50;
/// The largest page size of a list.
pub const MAX_LIMIT: usize = 500;

/// `?limit=&cursor=` of every list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    /// The page size asked for, validated.
    pub fn limit(&self) -> Result<usize, ApiError> {
        let Some(text) = self.limit.as_deref() else {
            return Ok(DEFAULT_LIMIT);
        };
        match text.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ApiError::invalid(
                "limit",
                format!("must be a number from 1 to {MAX_LIMIT}"),
            )),
        }
    }

    /// The cursor, if any (decoded by the app for index-paged lists).
    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref().filter(|c| !c.is_empty())
    }

    /// Pages a list the app answers whole (groups, history): the cursor is an
    /// opaque offset.
    pub fn page<T>(&self, items: Vec<T>) -> Result<List<T>, ApiError> {
        let limit = self.limit()?;
        let start = match self.cursor() {
            None => 0,
            Some(cursor) => decode_offset(cursor)
                .ok_or_else(|| ApiError::invalid("cursor", "is not a valid cursor"))?,
        };
        let total = items.len();
        let items: Vec<T> = items.into_iter().skip(start).take(limit).collect();
        let end = start.saturating_add(items.len());
        let next_cursor = (end < total).then(|| encode_offset(end));
        Ok(List { items, next_cursor })
    }
}

/// An offset as an opaque cursor.
fn encode_offset(offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

/// The offset behind a cursor made by [`encode_offset`].
fn decode_offset(cursor: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    text.strip_prefix("o:")?.parse().ok()
}

/// Maps the items of an app page and encodes its cursor.
pub fn list_of<T, U>(page: casegate_app::Page<T>, f: impl FnMut(T) -> U) -> List<U> {
    List {
        items: page.items.into_iter().map(f).collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }
}

/// Deserializes a field that may be absent (`None`), `null` (`Some(None)`) or
/// a value (`Some(Some(v))`): for PATCH bodies that can clear a field.
pub fn double_option<'de, D, T>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire<T: Serialize>(value: T) -> String {
        serde_json::to_value(value)
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn wire_enums_use_the_models_names() {
        for r in domain::Role::ALL {
            assert_eq!(wire(Role::from(*r)), r.as_str());
        }
        for l in domain::Language::ALL {
            assert_eq!(wire(Language::from(*l)), l.as_str());
        }
        for v in domain::View::ALL {
            assert_eq!(wire(View::from(*v)), v.as_str());
        }
        for n in domain::NewClientAccess::ALL {
            assert_eq!(wire(NewClientAccess::from(*n)), n.as_str());
        }
        for s in domain::RequestStatus::ALL {
            assert_eq!(wire(RequestStatus::from(*s)), s.as_str());
        }
        for h in domain::How::ALL {
            assert_eq!(wire(How::from(*h)), h.as_str());
        }
    }

    #[test]
    fn whole_lists_page_by_offset() {
        let params = PageParams {
            limit: Some("2".into()),
            cursor: None,
        };
        let first = params.page(vec![1, 2, 3]).unwrap();
        assert_eq!(first.items, [1, 2]);
        let next = PageParams {
            limit: Some("2".into()),
            cursor: first.next_cursor,
        };
        let second = next.page(vec![1, 2, 3]).unwrap();
        assert_eq!(second.items, [3]);
        assert_eq!(second.next_cursor, None);
        let bad = PageParams {
            limit: None,
            cursor: Some("nope".into()),
        };
        assert!(bad.page(vec![1]).is_err());
    }

    #[test]
    fn limits_are_bounded() {
        let with = |l: &str| PageParams {
            limit: Some(l.into()),
            cursor: None,
        };
        assert_eq!(PageParams::default().limit().unwrap(), 50);
        assert_eq!(with("500").limit().unwrap(), 500);
        assert!(with("501").limit().is_err());
        assert!(with("0").limit().is_err());
        assert!(with("x").limit().is_err());
    }
}
