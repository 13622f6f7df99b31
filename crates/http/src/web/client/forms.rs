//! The client page's plain forms: record an activity (B4–B6, as the member
//! worked as for B11), add a package (B8), edit the client's fields and tags
//! (B9). Each checks its CSRF token first, lets the App decide, and answers
//! with a redirect to the client page (`?done=`), the page again with what
//! was typed and an alert (422) for invalid input, or the App's refusal page.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casegate_app::{App, AppError, ClientPatch, NewActivity, NewPackage, ProfilePatch};
use casegate_core::{ActivityKind, ClientId, UserId};
use serde::Deserialize;

use super::super::check_post;
use super::super::pages::{Viewer, failure, message_page, viewer};
use super::{ActivityDraft, ClientQuery, Draft, EditDraft, acting, render};

/// The signed-in viewer and the client of a form, once its CSRF token holds.
async fn start(
    app: &App,
    headers: &HeaderMap,
    id: &str,
    csrf: &str,
) -> Result<(Viewer, ClientId), Response> {
    let me = viewer(app, headers).await?;
    if let Some(refused) = check_post(headers, &me.t, Some(&me.csrf), csrf) {
        return Err(refused);
    }
    let Ok(client_id) = id.parse::<ClientId>() else {
        return Err(message_page(
            &me.t,
            StatusCode::NOT_FOUND,
            "notfound-title",
            "notfound-body",
        ));
    };
    Ok((me, client_id))
}

/// Back to the client page with an outcome flag.
fn back(client: ClientId, flag: &str) -> Response {
    Redirect::to(&format!("/clients/{client}?{flag}")).into_response()
}

/// The page again with what was typed and its alert (422).
async fn again(app: &App, me: &Viewer, client: ClientId, draft: Draft) -> Response {
    render(app, me, client, &ClientQuery::default(), Some(draft)).await
}

/// Invalid input: the page again with the draft; any other refusal is the
/// App's page.
async fn refused(
    app: &App,
    me: &Viewer,
    client: ClientId,
    err: &AppError,
    draft: Draft,
) -> Response {
    match err {
        AppError::Validation(_) => again(app, me, client, draft).await,
        _ => failure(&me.t, err),
    }
}

/// An amount as typed ("12", "12.5", "1 234,50") in cents; `None` when it
/// is not one.
pub(crate) fn cents(text: &str) -> Option<i64> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let clean = clean.replace(',', ".");
    let (whole, frac) = match clean.split_once('.') {
        Some((w, f)) => (w, f),
        None => (clean.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()?.checked_mul(10)?,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

/// The activity form.
#[derive(Deserialize)]
pub(crate) struct ActivityForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    currency: String,
}

/// `POST /clients/{id}/activities`: records an activity, as the member
/// worked as when there is one (B11: both identities are recorded).
pub(crate) async fn add_activity(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ActivityForm>,
) -> Response {
    let (me, client) = match start(&app, &headers, &id, &form.csrf).await {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let draft = || Draft {
        error: "client-error-activity",
        activity: Some(ActivityDraft {
            kind: form.kind.clone(),
            summary: form.summary.clone(),
            assignee: form.assignee.clone(),
            starts_at: form.starts_at.clone(),
            amount: form.amount.clone(),
            currency: form.currency.clone(),
        }),
        ..Draft::default()
    };
    let Ok(kind) = form.kind.parse::<ActivityKind>() else {
        return again(&app, &me, client, draft()).await;
    };
    let assignee = match form.assignee.trim() {
        "" => None,
        text => match text.parse::<UserId>() {
            Ok(user) => Some(user),
            Err(_) => return again(&app, &me, client, draft()).await,
        },
    };
    let starts_at = match form.starts_at.trim() {
        "" => None,
        text => match me.t.read_datetime_input(text) {
            Some(at) => Some(at),
            None => return again(&app, &me, client, draft()).await,
        },
    };
    let (amount_cents, currency) = if kind == ActivityKind::Payment {
        let Some(amount) = cents(&form.amount) else {
            return again(&app, &me, client, draft()).await;
        };
        (Some(amount), Some(form.currency.trim().to_uppercase()))
    } else {
        (None, None)
    };
    let input = NewActivity {
        kind,
        summary: form.summary.clone(),
        assignee_id: assignee,
        starts_at,
        amount_cents,
        currency,
    };
    match app.create_activity(&acting(&me), client, input).await {
        Ok(_) => back(client, &format!("done=activity&kind={}", kind.as_str())),
        Err(err) => refused(&app, &me, client, &err, draft()).await,
    }
}

/// The package form.
#[derive(Deserialize)]
pub(crate) struct PackageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    price: String,
}

/// `POST /clients/{id}/packages` (B8).
pub(crate) async fn add_package(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<PackageForm>,
) -> Response {
    let (me, client) = match start(&app, &headers, &id, &form.csrf).await {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let draft = || Draft {
        error: "client-error-package",
        package: Some((form.name.clone(), form.price.clone())),
        ..Draft::default()
    };
    let price_cents = match form.price.trim() {
        "" => None,
        text => match cents(text) {
            Some(c) => Some(c),
            None => return again(&app, &me, client, draft()).await,
        },
    };
    let input = NewPackage {
        name: form.name.clone(),
        price_cents,
    };
    match app.add_package(&me.actor, client, input).await {
        Ok(_) => back(client, "done=package"),
        Err(err) => refused(&app, &me, client, &err, draft()).await,
    }
}

/// The edit form: a field left out of the form (hidden by B8, or tags
/// without B9) is left as it is.
#[derive(Deserialize)]
pub(crate) struct EditForm {
    #[serde(default)]
    csrf: String,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    tags: Option<String>,
    /// Present when the form had the opt-in checkbox (an unticked box
    /// sends nothing).
    marketing_field: Option<String>,
    marketing_opt_in: Option<String>,
    loyalty_card: Option<String>,
    notes: Option<String>,
}

/// An optional text field: absent → unchanged, blank → cleared.
fn optional(value: Option<String>) -> Option<Option<String>> {
    value.map(|v| Some(v.trim().to_owned()).filter(|v| !v.is_empty()))
}

/// `POST /clients/{id}/edit`: the client's fields, and its tags when the
/// viewer may change them (the App refuses otherwise, B9).
pub(crate) async fn edit(
    State(app): State<App>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<EditForm>,
) -> Response {
    let (me, client) = match start(&app, &headers, &id, &form.csrf).await {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let draft = Draft {
        error: "client-error-edit",
        edit: Some(EditDraft {
            name: form.name.clone(),
            email: form.email.clone(),
            phone: form.phone.clone(),
            tags: form.tags.clone(),
            marketing_opt_in: form
                .marketing_field
                .as_ref()
                .map(|_| form.marketing_opt_in.is_some()),
            loyalty_card: form.loyalty_card.clone(),
            notes: form.notes.clone(),
        }),
        ..Draft::default()
    };
    let patch = ClientPatch {
        name: form.name.map(|n| n.trim().to_owned()),
        email: optional(form.email),
        phone: optional(form.phone),
        tags: form.tags.map(|tags| {
            tags.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        }),
        restricted: None,
    };
    let profile = ProfilePatch {
        marketing_opt_in: form
            .marketing_field
            .as_ref()
            .map(|_| form.marketing_opt_in.is_some()),
        loyalty_card: optional(form.loyalty_card),
        notes: optional(form.notes),
    };
    match app
        .update_client_card(&me.actor, client, patch, profile)
        .await
    {
        Ok(_) => back(client, "done=edit"),
        Err(err) => refused(&app, &me, client, &err, draft).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_in_cents() {
        assert_eq!(cents("12"), Some(1200));
        assert_eq!(cents("12.5"), Some(1250));
        assert_eq!(cents("1 234,05"), Some(123_405));
        assert_eq!(cents(".5"), Some(50));
        assert_eq!(cents(""), None);
        assert_eq!(cents("1.234"), None);
        assert_eq!(cents("-3"), None);
        assert_eq!(cents("abc"), None);
    }

    #[test]
    fn moments_are_read_in_the_viewers_zone() {
        use casegate_core::Language;
        use casegate_core::time::Tz;
        let utc = crate::web::Tr::new(Language::En);
        let at = utc.read_datetime_input("2026-12-01T09:30").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-01T09:30:00+00:00");
        assert!(utc.read_datetime_input("tomorrow").is_none());
        let cph = crate::web::Tr::new(Language::Da).with_zone(Tz::Europe__Copenhagen);
        let at = cph.read_datetime_input("2026-12-01T09:30").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-01T08:30:00+00:00");
        assert_eq!(cph.datetime_input(&at), "2026-12-01T09:30");
        assert_eq!(cph.datetime(&at), "1. dec. 2026 kl. 09.30 CET");
    }
}
