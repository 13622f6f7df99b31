//! The OpenAPI document of the JSON API, generated from the handlers'
//! `#[utoipa::path]` annotations and the wire types. Served at
//! `/api/v1/openapi.json`, browsable at `/api/docs`, and committed as
//! `crates/http/openapi.json` (a test fails when the two drift apart).

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};

use crate::api::{
    accounts, activities, bulk, check, clients, company, deal, desk, documents, groups, packages,
    requests, sharing, users, views,
};
use crate::auth;
use crate::error::{ErrorBody, ErrorCode};

/// The document's root.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "casegate",
        description = "Who may see which client file, and why. Errors answer \
            `{\"error\": {\"code\", \"message\"}}`; every successful write answers a \
            `Casegate-Revision` header, and any request may send `Casegate-At-Least: N` \
            to be answered from state at least that fresh (503 `revision_unavailable` \
            after 5 seconds)."
    ),
    paths(
        auth::login,
        auth::logout,
        accounts::get_invitation,
        accounts::accept_invitation,
        accounts::resend_invitation,
        accounts::request_password_reset,
        accounts::reset_password,
        accounts::change_password,
        accounts::request_email_change,
        accounts::confirm_email_change,
        accounts::sign_out_everywhere,
        users::me,
        users::settings,
        users::update_settings,
        users::list_users,
        users::get_user,
        users::create_user,
        users::update_user,
        users::handover,
        groups::list_groups,
        groups::get_group,
        groups::create_group,
        groups::rename_group,
        groups::add_member,
        groups::remove_member,
        groups::delete_group,
        clients::list_clients,
        clients::create_client,
        clients::get_client,
        clients::update_client,
        clients::delete_client,
        bulk::bulk,
        bulk::export,
        bulk::import,
        sharing::panel,
        sharing::grant,
        sharing::revoke,
        sharing::revoke_company,
        sharing::transfer_owner,
        sharing::history,
        sharing::set_digest,
        requests::request_access,
        requests::list_requests,
        requests::approve,
        requests::deny,
        requests::cancel,
        check::check,
        check::user_clients,
        check::client_users,
        company::get_company,
        company::update_company,
        company::hand_over_primary_admin,
        activities::list_activities,
        activities::create_activity,
        activities::update_activity,
        activities::delete_activity,
        documents::list_documents,
        documents::upload_document,
        documents::download_document,
        packages::list_packages,
        packages::add_package,
        views::list_views,
        deal::list_entities,
        deal::create_entity,
        deal::get_entity,
        deal::update_entity,
        deal::file_entities,
        deal::add_file_entity,
        deal::remove_file_entity,
        deal::add_contact,
        deal::add_team_manager,
        deal::remove_team_manager,
        desk::desk_files,
        desk::desk_file,
        desk::desk_contacts,
        desk::desk_add_contact,
        desk::desk_revoke_contact,
        desk::desk_entity_files,
        desk::desk_add_team_manager,
        desk::desk_remove_team_manager,
        desk::desk_handover,
        desk::desk_documents,
        desk::desk_upload,
        desk::desk_download,
    ),
    components(schemas(ErrorBody, ErrorCode)),
    modifiers(&BearerAuth, &CommonAnswers),
    tags(
        (name = "auth", description = "sign in and out"),
        (name = "users", description = "the signed-in user and the staff"),
        (name = "accounts", description = "invitations, password resets, a person's own password and email (AC1–AC4, C7)"),
        (name = "settings", description = "client access settings (A1–A5)"),
        (name = "desk", description = "what a contact sees after sign-in: the files they follow, across companies (Part C)"),
        (name = "deal desk", description = "outside entities and their contacts on the company's files (Part C)"),
        (name = "groups", description = "groups of staff (A20, A21)"),
        (name = "clients", description = "client files (A12)"),
        (name = "sharing", description = "the sharing panel, shares, ownership, history (A13, A19, A24)"),
        (name = "requests", description = "access requests (A14–A18)"),
        (name = "check", description = "decisions and lookups (X1, X6)"),
        (name = "company", description = "the company's account settings (B2)"),
        (name = "activities", description = "activities inside a client (B4–B7, B11)"),
        (name = "documents", description = "documents on a client (B6, B7, X9)"),
        (name = "packages", description = "packages on a client card (B8)"),
    )
)]
struct ApiDoc;

/// Adds the `bearer` security scheme the paths refer to.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("a token from `POST /api/v1/auth/login`"))
                    .build(),
            ),
        );
    }
}

/// Adds the answers that come from the layers every route shares rather than
/// from its handler, to each operation that lacks them:
///
/// - `401` to every secured operation (the bearer token is read first);
/// - `403` to every operation but the activity ones: `Casegate-Work-As` is
///   refused there (B11, work_as.rs);
/// - `413` to every operation with a JSON body (the 64 KiB limit);
/// - `503` to every operation: `Casegate-At-Least` not reached within 5 s,
///   or no answer within 30 s.
struct CommonAnswers;

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let activity = path.contains("/activities");
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for op in operations.into_iter().flatten() {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                let answers = &mut op.responses.responses;
                if secured {
                    add(
                        answers,
                        "401",
                        "`unauthenticated`: no bearer token, or one that \
                        ended (signed out, deactivated)",
                    );
                }
                if !activity {
                    add(
                        answers,
                        "403",
                        "`forbidden`: `Casegate-Work-As` is accepted by the \
                        activity endpoints only (B11)",
                    );
                }
                if json_body {
                    add(answers, "413", "`payload_too_large`: a body past 64 KiB");
                }
                add(
                    answers,
                    "503",
                    "`revision_unavailable`: the revision named by \
                    `Casegate-At-Least` was not reached within 5 s; or `timeout`: no answer \
                    within 30 s",
                );
            }
        }
    }
}

/// Adds an error answer with the API's error body, unless `status` is there.
fn add(
    answers: &mut std::collections::BTreeMap<String, RefOr<Response>>,
    status: &str,
    description: &str,
) {
    answers.entry(status.to_owned()).or_insert_with(|| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build()
            .into()
    });
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_under_the_base_path_and_secured_but_login_and_links() {
        // Sign-in and the emailed links, whose secret is the credential.
        let public = |path: &str| {
            path == "/api/v1/auth/login"
                || path.starts_with("/api/v1/auth/password-reset")
                || path.starts_with("/api/v1/invitations/")
                || path.starts_with("/api/v1/email-changes/")
        };
        let doc = openapi();
        assert!(!doc.paths.paths.is_empty());
        for (path, item) in &doc.paths.paths {
            assert!(path.starts_with("/api/v1/"), "{path}");
            let operations = [&item.get, &item.post, &item.put, &item.patch, &item.delete];
            for op in operations.into_iter().flatten() {
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                assert_eq!(secured, !public(path), "{path}");
            }
        }
    }
}
