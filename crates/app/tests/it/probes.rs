//! Probes for the cross-company property: every use case taking an id, asked
//! with another company's id, must answer exactly as with a made-up one.

use casegate_app::{Actor, App, AppError, CheckAction, ClientPatch, UserPatch};
use casegate_core::{AccessRequestId, ClientId, GroupId, Subject, UserId};
use uuid::Uuid;

/// Ids to probe with (another company's, or made up).
pub struct Ids {
    pub user: UserId,
    pub client: ClientId,
    pub group: GroupId,
    pub request: AccessRequestId,
}

impl Ids {
    pub fn made_up() -> Ids {
        Ids {
            user: UserId::from_uuid(Uuid::now_v7()),
            client: ClientId::from_uuid(Uuid::now_v7()),
            group: GroupId::from_uuid(Uuid::now_v7()),
            request: AccessRequestId::from_uuid(Uuid::now_v7()),
        }
    }
}

/// Ids of the prober's own company, to combine with foreign ones.
pub struct Own {
    pub user: UserId,
    pub client: ClientId,
    pub group: GroupId,
}

/// The kind of an answer: `ok` or the error's kind (with field names).
fn kind<T>(r: Result<T, AppError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(AppError::Validation(f)) => format!("validation {:?}", f.keys().collect::<Vec<_>>()),
        Err(AppError::Forbidden(_)) => "forbidden".into(),
        Err(AppError::Conflict(_)) => "conflict".into(),
        Err(e) => format!("{e:?}"),
    }
}

/// Runs probe number `n` (0..26) with `ids` as the foreign ids.
pub async fn probe(app: &App, who: &Actor, n: usize, own: &Own, ids: &Ids) -> String {
    match n {
        0 => kind(app.client(who, ids.client).await),
        1 => kind(app.access_panel(who, ids.client).await),
        2 => kind(
            app.grant(who, ids.client, Subject::Company, false, None)
                .await,
        ),
        3 => kind(
            app.grant(who, own.client, Subject::User(ids.user), false, None)
                .await,
        ),
        4 => kind(
            app.grant(who, own.client, Subject::Group(ids.group), false, None)
                .await,
        ),
        5 => kind(app.revoke(who, ids.client, Subject::Company).await),
        6 => kind(app.transfer_owner(who, ids.client, who.user_id).await),
        7 => kind(app.transfer_owner(who, own.client, ids.user).await),
        8 => kind(app.user(who, ids.user).await),
        9 => kind(app.group(who, ids.group).await),
        10 => kind(app.add_member(who, own.group, ids.user).await),
        11 => kind(app.remove_member(who, ids.group, own.user).await),
        12 => kind(app.delete_group(who, ids.group, true).await),
        13 => kind(app.request_access(who, ids.client, None).await),
        14 => kind(app.approve_request(who, ids.request).await),
        15 => kind(app.deny_request(who, ids.request, None).await),
        16 => kind(app.cancel_request(who, ids.request).await),
        17 => kind(
            app.check(who, ids.user, own.client, CheckAction::View)
                .await,
        ),
        18 => kind(
            app.check(who, own.user, ids.client, CheckAction::Share)
                .await,
        ),
        19 => kind(app.user_clients(who, ids.user, None, 10).await),
        20 => kind(app.client_users(who, ids.client, None, 10).await),
        21 => kind(app.access_history(who, ids.client).await),
        22 => kind(app.set_digest(who, ids.client, false).await),
        23 => kind(
            app.update_user(
                who,
                ids.user,
                UserPatch {
                    name: Some("X".into()),
                    ..UserPatch::default()
                },
            )
            .await,
        ),
        24 => kind(
            app.update_client(
                who,
                ids.client,
                ClientPatch {
                    name: Some("X".into()),
                    ..ClientPatch::default()
                },
            )
            .await,
        ),
        _ => kind(app.delete_client(who, ids.client).await),
    }
}
