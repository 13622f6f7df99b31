//! A person's own account in the web UI (AC1–AC3, C7): the invitation page
//! where an invited colleague chooses a password and joins, the forgotten
//! password pages, the account page (password, email, sign out everywhere)
//! and the confirmation of a new email address.
//!
//! Decisions:
//! - The pages an email link opens work signed out. Their forms carry the
//!   double-submit `casegate_csrf` token as the sign-in form does, and the
//!   origin check; the account page's forms carry the session's token
//!   (`signed_post`).
//! - A link's page asks the App first whether the link still works, so a
//!   used, expired or unknown link says so before any form. The email-change
//!   link is used only by its page's button (a POST): mail scanners that
//!   follow links use nothing.
//! - Asking for a password reset answers the same page at once whatever the
//!   email: the App's work runs in a spawned task, so neither the body nor
//!   the time taken tells whether an account exists (AC2).
//! - The core's password problems, and the App's few account messages, are
//!   shown in the page's language; any other message as the App writes it
//!   (as the admin pages do). A password is never written back into a form.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casegate_app::{App, AppError, InvitationInfo, Message, SignedIn};
use casegate_core::accounts::InvitationKind;
use casegate_core::accounts::MIN_PASSWORD;
use serde::Deserialize;

use super::pages::{Viewer, failure, message_page, signed_post, viewer};
use super::{CSRF_COOKIE, SESSION_COOKIE, Tr, check_post, cookie, html, random_token, set_cookie};
use crate::client_addr::ClientAddr;

/// The account routes.
pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/invitations/{token}", get(invitation).post(accept))
        .route("/password-reset", get(reset_request).post(ask_reset))
        .route("/password-reset/{token}", get(reset_form).post(reset))
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/email", post(change_email))
        .route("/account/timezone", post(change_timezone))
        .route("/account/sign-out-everywhere", post(sign_out_everywhere))
        .route(
            "/email-changes/{token}",
            get(email_change).post(confirm_email),
        )
}

/// The password rule, said before anyone types (AC3).
fn password_rule(t: &Tr) -> String {
    t.arg("account-password-rule", "min", &MIN_PASSWORD.to_string())
}

/// What a form's fields were refused for, written for the page.
#[derive(Default)]
pub(crate) struct Problems(BTreeMap<String, String>);

impl Problems {
    /// One field's problem.
    pub(crate) fn one(field: &str, text: String) -> Problems {
        Problems(BTreeMap::from([(field.to_owned(), text)]))
    }

    /// The App's validation problems, in the page's language.
    pub(crate) fn of(t: &Tr, fields: &BTreeMap<String, Message>) -> Problems {
        Problems(
            fields
                .iter()
                .map(|(field, message)| (field.clone(), t.message(message)))
                .collect(),
        )
    }

    /// The problem of `field`, if any (templates).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
}

/// The page of a link that does not work: unknown (404), used or expired
/// (410); anything else as every page shows it.
fn link_failure(t: &Tr, err: &AppError) -> Response {
    match err {
        AppError::NotFound => message_page(
            t,
            StatusCode::NOT_FOUND,
            "link-unknown-title",
            "link-unknown-body",
        ),
        other => failure(t, other),
    }
}

/// The page of a signed-out form, with a fresh double-submit token in the
/// `casegate_csrf` cookie (as the sign-in page has).
fn signed_out_form(
    app: &App,
    headers: &HeaderMap,
    status: StatusCode,
    render: impl FnOnce(String) -> Result<String, askama::Error>,
) -> Response {
    let csrf = random_token();
    let mut response = html(status, render(csrf.clone()));
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, headers, CSRF_COOKIE, &csrf, None),
    );
    response
}

/// Refuses a signed-out form's POST whose origin or double-submit token is
/// wrong: `Some` is the 403 page.
fn check_signed_out(headers: &HeaderMap, t: &Tr, given: &str) -> Option<Response> {
    check_post(headers, t, cookie(headers, CSRF_COOKIE).as_deref(), given)
}

/// Signed in with `token` (the cookies of `POST /login`), then to `to`.
fn signed_in(app: &App, headers: &HeaderMap, token: &str, to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    let jar = response.headers_mut();
    jar.append(
        header::SET_COOKIE,
        set_cookie(app, headers, SESSION_COOKIE, token, None),
    );
    jar.append(
        header::SET_COOKIE,
        set_cookie(app, headers, CSRF_COOKIE, "", Some(0)),
    );
    response
}

#[derive(Template)]
#[template(path = "account_message.html")]
struct MessageWithLink<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    title: String,
    body: String,
    href: &'static str,
    link: String,
}

/// A page with a title, one paragraph and the link onwards.
fn message_with_link(
    t: &Tr,
    me: Option<&Viewer>,
    title: String,
    body: String,
    href: &'static str,
    link: &str,
) -> Response {
    let page = MessageWithLink {
        t,
        me,
        title,
        body,
        href,
        link: t.get(link),
    };
    html(StatusCode::OK, page.render())
}

// ---- AC1: the invitation ----

#[derive(Template)]
#[template(path = "invitation.html")]
struct InvitationPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    token: &'a str,
    title: String,
    intro: String,
    email: &'a str,
    /// The name shown in its field: the inviter's, or what was typed.
    name: String,
    password_label: &'static str,
    confirm_label: &'static str,
    rule: String,
    expires_iso: String,
    expires: String,
    problems: Problems,
}

/// The invitation's page: who invites, the email, the name and the
/// password fields.
#[expect(
    clippy::too_many_arguments,
    reason = "a page of its parts: the app for the cookie, the request, and what the form shows"
)]
fn invitation_page(
    app: &App,
    headers: &HeaderMap,
    t: &Tr,
    status: StatusCode,
    token: &str,
    info: &InvitationInfo,
    name: String,
    problems: Problems,
) -> Response {
    let company = info.company_name.as_str();
    // A contact (Part C) follows files of the company; staff join it.
    let contact = info.kind == InvitationKind::Contact;
    let (title_key, intro_key, anonymous_key) = if contact {
        (
            "account-contact-invitation-title",
            "account-contact-invitation-intro",
            "account-contact-invitation-intro-anonymous",
        )
    } else {
        (
            "account-invitation-title",
            "account-invitation-intro",
            "account-invitation-intro-anonymous",
        )
    };
    let intro = if info.invited_by_name.is_empty() {
        t.arg(anonymous_key, "company", company)
    } else {
        t.args(
            intro_key,
            &[("inviter", &info.invited_by_name), ("company", company)],
        )
    };
    signed_out_form(app, headers, status, |csrf| {
        InvitationPage {
            t,
            me: None,
            csrf,
            token,
            title: t.arg(title_key, "company", company),
            intro,
            email: &info.email,
            name,
            password_label: "account-choose-password",
            confirm_label: "account-confirm-password",
            rule: password_rule(t),
            expires_iso: info.expires_at.to_rfc3339(),
            expires: t.datetime(&info.expires_at),
            problems,
        }
        .render()
    })
}

/// `GET /invitations/{token}` (AC1): in the invitee's language; signed in
/// as someone else or not at all.
pub(crate) async fn invitation(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    match app.invitation(&token, from).await {
        Ok(info) => {
            let t = Tr::new(info.language);
            let name = info.name.clone();
            invitation_page(
                &app,
                &headers,
                &t,
                StatusCode::OK,
                &token,
                &info,
                name,
                Problems::default(),
            )
        }
        Err(err) => link_failure(&Tr::from_headers(&headers), &err),
    }
}

/// The invitation form (and the reset form, without a name).
#[derive(Deserialize)]
pub(crate) struct PasswordChoice {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /invitations/{token}`: the password is set, the link used up, and
/// the person signed in on their home page.
pub(crate) async fn accept(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<PasswordChoice>,
) -> Response {
    let info = match app.invitation(&token, from).await {
        Ok(info) => info,
        Err(err) => return link_failure(&Tr::from_headers(&headers), &err),
    };
    let t = Tr::new(info.language);
    if let Some(refused) = check_signed_out(&headers, &t, &form.csrf) {
        return refused;
    }
    let refused = |status, problems| {
        invitation_page(
            &app,
            &headers,
            &t,
            status,
            &token,
            &info,
            form.name.clone(),
            problems,
        )
    };
    if form.password != form.confirm {
        let problem = Problems::one("confirm", t.get("account-password-mismatch"));
        return refused(StatusCode::UNPROCESSABLE_ENTITY, problem);
    }
    match app
        .accept_any_invitation(&token, Some(&form.name), &form.password, from)
        .await
    {
        Ok(SignedIn::Staff(session, _)) => signed_in(&app, &headers, &session, "/"),
        Ok(SignedIn::Contact(session, _)) => signed_in(&app, &headers, &session, "/desk"),
        Err(AppError::Validation(fields)) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, Problems::of(&t, &fields))
        }
        Err(err) => link_failure(&t, &err),
    }
}

// ---- AC2: a forgotten password ----

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetRequestPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
}

/// `GET /password-reset`: the form asking for the email.
pub(crate) async fn reset_request(State(app): State<App>, headers: HeaderMap) -> Response {
    let t = Tr::from_headers(&headers);
    signed_out_form(&app, &headers, StatusCode::OK, |csrf| {
        ResetRequestPage {
            t: &t,
            me: None,
            csrf,
        }
        .render()
    })
}

/// The reset request's form.
#[derive(Deserialize)]
pub(crate) struct EmailForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

/// `POST /password-reset` (AC2): the same page at once, whatever the email.
pub(crate) async fn ask_reset(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> Response {
    let t = Tr::from_headers(&headers);
    if let Some(refused) = check_signed_out(&headers, &t, &form.csrf) {
        return refused;
    }
    let email = form.email;
    if let Err(err) = app.admit_password_reset(&email, from) {
        return failure(&t, &err);
    }
    // The same page whatever the email: the lookup runs after the answer.
    tokio::spawn(async move {
        if let Err(err) = app.send_password_reset(&email).await {
            tracing::error!(%err, "password reset request failed");
        }
    });
    message_with_link(
        &t,
        None,
        t.get("account-reset-sent-title"),
        t.get("account-reset-sent-body"),
        "/login",
        "account-to-sign-in",
    )
}

#[derive(Template)]
#[template(path = "password_reset_form.html")]
struct ResetPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    token: &'a str,
    email: &'a str,
    password_label: &'static str,
    confirm_label: &'static str,
    rule: String,
    problems: Problems,
}

fn reset_page(
    app: &App,
    headers: &HeaderMap,
    t: &Tr,
    status: StatusCode,
    token: &str,
    email: &str,
    problems: Problems,
) -> Response {
    signed_out_form(app, headers, status, |csrf| {
        ResetPage {
            t,
            me: None,
            csrf,
            token,
            email,
            password_label: "account-new-password",
            confirm_label: "account-confirm-new-password",
            rule: password_rule(t),
            problems,
        }
        .render()
    })
}

/// `GET /password-reset/{token}`: the new password's form, once the link
/// is known to work.
pub(crate) async fn reset_form(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let t = Tr::from_headers(&headers);
    match app.password_reset_link(&token, from).await {
        Ok(email) => reset_page(
            &app,
            &headers,
            &t,
            StatusCode::OK,
            &token,
            &email,
            Problems::default(),
        ),
        Err(err) => link_failure(&t, &err),
    }
}

/// `POST /password-reset/{token}`: the new password; every session of the
/// account ends (the App), then the sign-in page says so.
pub(crate) async fn reset(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<PasswordChoice>,
) -> Response {
    let t = Tr::from_headers(&headers);
    let email = match app.password_reset_link(&token, from).await {
        Ok(email) => email,
        Err(err) => return link_failure(&t, &err),
    };
    if let Some(refused) = check_signed_out(&headers, &t, &form.csrf) {
        return refused;
    }
    let refused = |problems| {
        reset_page(
            &app,
            &headers,
            &t,
            StatusCode::UNPROCESSABLE_ENTITY,
            &token,
            &email,
            problems,
        )
    };
    if form.password != form.confirm {
        return refused(Problems::one("confirm", t.get("account-password-mismatch")));
    }
    match app.reset_password(&token, &form.password, from).await {
        Ok(()) => Redirect::to("/login?reset=1").into_response(),
        Err(AppError::Validation(fields)) => refused(Problems::of(&t, &fields)),
        Err(err) => link_failure(&t, &err),
    }
}

// ---- AC3, C7: the account page ----

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: &'a str,
    name: String,
    email: String,
    rule: String,
    /// The status line after a change.
    done: Option<String>,
    password_problems: Problems,
    /// The new address typed, kept when it was refused.
    new_email: String,
    email_problems: Problems,
    /// The person's own zone ("" = the company's), the company's, and every
    /// zone of the IANA database for the picker.
    timezone: String,
    company_zone: String,
    zones: Vec<&'static str>,
}

/// What the account page shows besides the stored account.
#[derive(Default)]
struct AccountShown {
    done: Option<String>,
    password_problems: Problems,
    new_email: String,
    email_problems: Problems,
}

async fn account_page(app: &App, me: &Viewer, status: StatusCode, shown: AccountShown) -> Response {
    let account = match app.my_account(&me.actor).await {
        Ok(account) => account,
        Err(err) => return failure(&me.t, &err),
    };
    let company_zone = match app.company(&me.actor).await {
        Ok(company) => company.timezone,
        Err(err) => return failure(&me.t, &err),
    };
    let page = AccountPage {
        t: &me.t,
        me: Some(me),
        csrf: &me.csrf,
        name: account.name,
        email: account.email,
        timezone: account.timezone.unwrap_or_default(),
        company_zone,
        zones: casegate_core::time::zone_names().collect(),
        rule: password_rule(&me.t),
        done: shown.done,
        password_problems: shown.password_problems,
        new_email: shown.new_email,
        email_problems: shown.email_problems,
    };
    html(status, page.render())
}

/// `?done=` of the account page.
#[derive(Deserialize)]
pub(crate) struct AccountQuery {
    done: Option<String>,
}

/// `GET /account`: name, email, language; the password and email forms,
/// and "sign out everywhere".
pub(crate) async fn account(
    State(app): State<App>,
    headers: HeaderMap,
    Query(query): Query<AccountQuery>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let done = match query.done.as_deref() {
        Some("password") => Some(me.t.get("account-password-changed")),
        Some("timezone") => Some(me.t.get("account-timezone-saved")),
        _ => None,
    };
    let shown = AccountShown {
        done,
        ..AccountShown::default()
    };
    account_page(&app, &me, StatusCode::OK, shown).await
}

/// The time zone form of the account page.
#[derive(Deserialize)]
pub(crate) struct TimezoneForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    timezone: String,
}

/// `POST /account/timezone`: the person's own zone for every date they
/// see; blank goes back to the company's.
pub(crate) async fn change_timezone(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<TimezoneForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    match app.set_my_timezone(&me.actor, Some(&form.timezone)).await {
        Ok(()) => Redirect::to("/account?done=timezone").into_response(),
        Err(err) => failure(&me.t, &err),
    }
}

/// The password form of the account page.
#[derive(Deserialize)]
pub(crate) struct PasswordChange {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /account/password` (AC3): the current password, then the new one
/// twice. Every other session ends; this one stays.
pub(crate) async fn change_password(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<PasswordChange>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let problems = if form.new_password != form.confirm {
        Problems::one("confirm", me.t.get("account-password-mismatch"))
    } else {
        match app
            .change_password(&me.actor, &form.current_password, &form.new_password, from)
            .await
        {
            Ok(()) => return Redirect::to("/account?done=password").into_response(),
            Err(AppError::Validation(fields)) => Problems::of(&me.t, &fields),
            Err(err) => return failure(&me.t, &err),
        }
    };
    let shown = AccountShown {
        password_problems: problems,
        ..AccountShown::default()
    };
    account_page(&app, &me, StatusCode::UNPROCESSABLE_ENTITY, shown).await
}

/// `POST /account/email` (AC3, C7): a link to the new address, a notice to
/// the current one; nothing changes until the link is used.
pub(crate) async fn change_email(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let new_email = form.email.trim().to_lowercase();
    match app.request_email_change(&me.actor, &new_email).await {
        Ok(()) => {
            let shown = AccountShown {
                done: Some(me.t.arg("account-email-sent", "email", &new_email)),
                ..AccountShown::default()
            };
            account_page(&app, &me, StatusCode::OK, shown).await
        }
        Err(AppError::Validation(fields)) => {
            let shown = AccountShown {
                new_email: form.email,
                email_problems: Problems::of(&me.t, &fields),
                ..AccountShown::default()
            };
            account_page(&app, &me, StatusCode::UNPROCESSABLE_ENTITY, shown).await
        }
        Err(err) => failure(&me.t, &err),
    }
}

/// The form that carries only its CSRF token.
#[derive(Deserialize)]
pub(crate) struct TokenOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /account/sign-out-everywhere`: every session of the account ends,
/// this one too; then the sign-in page says so.
pub(crate) async fn sign_out_everywhere(
    State(app): State<App>,
    headers: HeaderMap,
    Form(form): Form<TokenOnly>,
) -> Response {
    let me = match signed_post(&app, &headers, &form.csrf).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    if let Err(err) = app.sign_out_everywhere(&me.actor).await {
        return failure(&me.t, &err);
    }
    let mut response = Redirect::to("/login?everywhere=1").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&app, &headers, SESSION_COOKIE, "", Some(0)),
    );
    response
}

#[derive(Template)]
#[template(path = "email_change.html")]
struct EmailChangePage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    csrf: String,
    token: &'a str,
    new_email: &'a str,
}

/// `GET /email-changes/{token}` (C7): the button that confirms; looking
/// changes nothing. Signed in or not (the link may be opened on another
/// device), in the viewer's language or else the browser's.
pub(crate) async fn email_change(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let me = viewer(&app, &headers).await.ok();
    let t = me
        .as_ref()
        .map_or_else(|| Tr::from_headers(&headers), |me| me.t.clone());
    match app.email_change_link(&token, from).await {
        Ok(new_email) => signed_out_form(&app, &headers, StatusCode::OK, |csrf| {
            EmailChangePage {
                t: &t,
                me: me.as_ref(),
                csrf,
                token: &token,
                new_email: &new_email,
            }
            .render()
        }),
        Err(err) => link_failure(&t, &err),
    }
}

/// `POST /email-changes/{token}` (C7): the login becomes the new address;
/// access and history stay. Then the way on: the account page when signed
/// in as that person, else the sign-in page.
pub(crate) async fn confirm_email(
    State(app): State<App>,
    ClientAddr(from): ClientAddr,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<TokenOnly>,
) -> Response {
    let t = match viewer(&app, &headers).await {
        Ok(me) => me.t,
        Err(_) => Tr::from_headers(&headers),
    };
    if let Err(err) = app.email_change_link(&token, from).await {
        return link_failure(&t, &err);
    }
    if let Some(refused) = check_signed_out(&headers, &t, &form.csrf) {
        return refused;
    }
    let user = match app.confirm_email_change(&token, from).await {
        Ok(written) => written.value,
        Err(AppError::Conflict(message)) => {
            let page = MessageWithLink {
                t: &t,
                me: None,
                title: t.get("invalid-title"),
                body: t.message(&message),
                href: "/",
                link: t.get("back-home"),
            };
            return html(StatusCode::CONFLICT, page.render());
        }
        Err(err) => return link_failure(&t, &err),
    };
    let t = Tr::new(user.language);
    let own = viewer(&app, &headers)
        .await
        .ok()
        .filter(|me| me.user.email == user.email);
    let (href, link) = if own.is_some() {
        ("/account", "account-to-account")
    } else {
        ("/login", "account-to-sign-in")
    };
    message_with_link(
        &t,
        own.as_ref(),
        t.get("account-email-changed-title"),
        t.arg("account-email-changed-body", "email", &user.email),
        href,
        link,
    )
}

#[cfg(test)]
mod tests {
    use casegate_core::Language;

    use super::*;

    /// The keys of `account.ftl` are the same in English, French and Danish,
    /// and every key a template or this module names exists.
    #[test]
    fn every_account_key_is_in_every_language() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_owned()))
                .collect()
        };
        let en = keys(include_str!("../../locales/en/account.ftl"));
        assert_eq!(en, keys(include_str!("../../locales/fr/account.ftl")));
        assert_eq!(en, keys(include_str!("../../locales/da/account.ftl")));
        // Templates name keys in calls, `t.get("account-…")`; Rust code
        // in any string literal.
        let sources = [
            ("(\"account-", include_str!("../../templates/account.html")),
            (
                "(\"account-",
                include_str!("../../templates/account_message.html"),
            ),
            (
                "(\"account-",
                include_str!("../../templates/invitation.html"),
            ),
            (
                "(\"account-",
                include_str!("../../templates/password_reset.html"),
            ),
            (
                "(\"account-",
                include_str!("../../templates/password_reset_form.html"),
            ),
            (
                "(\"account-",
                include_str!("../../templates/email_change.html"),
            ),
            ("(\"account-", include_str!("../../templates/login.html")),
            ("(\"account-", include_str!("../../templates/base.html")),
            (
                "(\"account-",
                include_str!("../../templates/admin_staff.html"),
            ),
            (
                "(\"account-",
                include_str!("../../templates/admin_staff_member.html"),
            ),
            ("\"account-", include_str!("account.rs")),
            ("\"account-", include_str!("admin/staff.rs")),
            ("\"account-", include_str!("pages.rs")),
        ];
        let mut named = Vec::new();
        for (marker, text) in sources {
            let mut rest = text;
            while let Some(at) = rest.find(marker) {
                let tail = rest
                    .get(at + marker.len() - "account-".len()..)
                    .unwrap_or("");
                let end = tail.find('"').unwrap_or(0);
                let key = tail.get(..end).unwrap_or("");
                if key.len() > "account-".len()
                    && key.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                {
                    named.push(key.to_owned());
                }
                rest = tail.get(end..).unwrap_or("");
            }
        }
        assert!(named.len() > 20, "{named:?}");
        for lang in [Language::En, Language::Fr, Language::Da] {
            let t = Tr::new(lang);
            // Every argument any of them takes, so that none fails to format.
            let args = [
                ("email", "x"),
                ("min", "1"),
                ("max", "2"),
                ("company", "c"),
                ("inviter", "i"),
                ("zone", "z"),
            ];
            for key in &named {
                assert_ne!(&t.args(key, &args), key, "{lang:?} lacks {key}");
            }
            for key in ["link-unknown-title", "link-unknown-body"] {
                assert_ne!(t.get(key), key, "{lang:?}");
            }
        }
    }
}
