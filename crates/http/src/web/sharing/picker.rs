//! The one picker for people, groups and the whole company (A4): staff by
//! name or email, groups by name, and the whole company (by its name or
//! "whole company", and on an empty search), each marked when
//! it already has access (never offered twice); the owner is marked as
//! such, never offered. Without JavaScript a search submits `?find=`; with
//! `sharing.js`, `GET /clients/{id}/sharing/candidates?find=` answers the
//! same list as an HTML fragment while typing.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use casegate_app::{App, AppError, Message};
use casegate_core::{ClientId, Subject, User};
use serde::Deserialize;

use super::super::pages::{Viewer, failure, viewer};
use super::super::{Tr, html};
use super::{Known, all_users, company_label, kind, known, not_found, subject_value};

/// How many people, and how many groups, the picker shows at most.
const CANDIDATES: usize = 20;

/// One match of the picker.
pub(super) struct Candidate {
    /// The radio's id.
    pub(super) key: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) detail: String,
    /// The form value; `None` when it is not offered (see `mark`).
    pub(super) subject: Option<String>,
    /// Why it is not offered: "owner", "has access already".
    pub(super) mark: Option<String>,
}

/// The picker's state: the typed text, once a search was made, and its
/// matches.
#[derive(Default)]
pub(super) struct Picker {
    pub(super) find: Option<String>,
    pub(super) candidates: Vec<Candidate>,
}

#[derive(Template)]
#[template(path = "sharing_candidates.html")]
struct Fragment<'a> {
    t: &'a Tr,
    picker: Picker,
}

/// `?find=` of the fragment.
#[derive(Deserialize)]
pub(crate) struct FindQuery {
    #[serde(default)]
    find: String,
}

/// The matches of `find` (none before a search).
pub(super) async fn pick(
    app: &App,
    me: &Viewer,
    users: &[User],
    find: Option<String>,
    known: &Known,
) -> Result<Picker, AppError> {
    let Some(needle) = find else {
        return Ok(Picker::default());
    };
    let t = &me.t;
    let lower = needle.to_lowercase();
    let matches = |text: &str| lower.is_empty() || text.to_lowercase().contains(&lower);
    let has = t.get("sharing-has-access");
    let mut out: Vec<Candidate> = users
        .iter()
        .filter(|u| u.active && (matches(&u.name) || matches(&u.email)))
        .take(CANDIDATES)
        .map(|u| {
            let subject = Subject::User(u.id);
            let mark = if known.owner == Some(u.id) {
                Some(t.get("sharing-owner"))
            } else if known.open.contains(&subject) {
                Some(has.clone())
            } else {
                None
            };
            Candidate {
                key: String::new(),
                kind: kind(t, subject),
                name: u.name.clone(),
                detail: u.email.clone(),
                subject: mark.is_none().then(|| subject_value(subject)),
                mark,
            }
        })
        .collect();
    let groups = app.groups(&me.actor).await?;
    out.extend(
        groups
            .into_iter()
            .filter(|g| matches(&g.name))
            .take(CANDIDATES)
            .map(|g| {
                let subject = Subject::Group(g.id);
                let shared = known.open.contains(&subject);
                Candidate {
                    key: String::new(),
                    kind: kind(t, subject),
                    detail: t.arg(
                        "sharing-members-count",
                        "count",
                        &t.number(u64::try_from(g.members.len()).unwrap_or(0)),
                    ),
                    name: g.name,
                    subject: (!shared).then(|| subject_value(subject)),
                    mark: shared.then(|| has.clone()),
                }
            }),
    );
    let label = company_label(t, &known.company_name);
    if matches(&label) || matches(&t.get("sharing-whole-company")) {
        let shared = known.open.contains(&Subject::Company);
        out.push(Candidate {
            key: String::new(),
            kind: kind(t, Subject::Company),
            name: label,
            detail: t.get("sharing-company-detail"),
            subject: (!shared).then(|| subject_value(Subject::Company)),
            mark: shared.then_some(has),
        });
    }
    for (n, c) in out.iter_mut().enumerate() {
        c.key = format!("pick-{n}");
    }
    Ok(Picker {
        find: Some(needle),
        candidates: out,
    })
}

/// `GET /clients/{id}/sharing/candidates?find=`: the picker's list as an
/// HTML fragment, for `sharing.js`; whoever may share the client.
pub(crate) async fn candidates(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<FindQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let Ok(client) = id.parse::<ClientId>() else {
        return not_found(&me.t);
    };
    let picker = match fragment(&app, &me, client, query.find.trim()).await {
        Ok(picker) => picker,
        Err(err) => return failure(&me.t, &err),
    };
    html(StatusCode::OK, Fragment { t: &me.t, picker }.render())
}

/// The matches, for a viewer who may share.
async fn fragment(
    app: &App,
    me: &Viewer,
    client: ClientId,
    find: &str,
) -> Result<Picker, AppError> {
    let known = known(app, me, client).await?;
    if !known.view.can_share {
        return Err(AppError::Forbidden(Message::new("app-share-forbidden")));
    }
    let users = all_users(app, &me.actor).await?;
    pick(app, me, &users, Some(find.to_owned()), &known).await
}
