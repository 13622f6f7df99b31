//! The JSON API of API.md ("Resources", Part A), one module per resource.
//! Every handler authenticates first (so an anonymous caller learns nothing,
//! not even whether an id is well formed), then reads its path, query and
//! body, calls one use case and converts its answer to a wire type.

pub mod accounts;
pub mod activities;
pub mod bulk;
pub mod check;
pub mod clients;
pub mod company;
pub mod constraints;
pub mod deal;
pub mod desk;
pub mod documents;
pub mod groups;
pub mod packages;
pub mod requests;
pub mod sharing;
pub mod types;
pub mod users;
pub mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{delete, get, post, put};
use casegate_app::App;

use crate::auth;

/// The routes under `/api/v1`, relative to it.
pub fn routes() -> Router<App> {
    Router::new()
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route(
            "/auth/password-reset",
            post(accounts::request_password_reset),
        )
        .route(
            "/auth/password-reset/{token}",
            post(accounts::reset_password),
        )
        .route("/invitations/{token}", get(accounts::get_invitation))
        .route(
            "/invitations/{token}/accept",
            post(accounts::accept_invitation),
        )
        .route(
            "/email-changes/{token}",
            post(accounts::confirm_email_change),
        )
        .route("/me", get(users::me))
        .route("/me/password", put(accounts::change_password))
        .route("/me/email", post(accounts::request_email_change))
        .route("/me/sessions", delete(accounts::sign_out_everywhere))
        .route("/users/{id}/invitation", post(accounts::resend_invitation))
        .route(
            "/settings",
            get(users::settings).patch(users::update_settings),
        )
        .route("/users", get(users::list_users).post(users::create_user))
        .route(
            "/users/{id}",
            get(users::get_user).patch(users::update_user),
        )
        .route("/users/{id}/clients", get(check::user_clients))
        .route("/users/{id}/handover", post(users::handover))
        .route(
            "/users/{id}/primary-admin",
            post(company::hand_over_primary_admin),
        )
        .route(
            "/company",
            get(company::get_company).patch(company::update_company),
        )
        .route(
            "/groups",
            get(groups::list_groups).post(groups::create_group),
        )
        .route(
            "/groups/{id}",
            get(groups::get_group)
                .patch(groups::rename_group)
                .delete(groups::delete_group),
        )
        .route("/groups/{id}/members", post(groups::add_member))
        .route(
            "/groups/{id}/members/{user_id}",
            delete(groups::remove_member),
        )
        .route(
            "/clients",
            get(clients::list_clients).post(clients::create_client),
        )
        .route("/clients/bulk", post(bulk::bulk))
        .route("/clients/export", get(bulk::export))
        .route(
            "/clients/import",
            post(bulk::import).layer(DefaultBodyLimit::max(casegate_app::MAX_IMPORT_BYTES)),
        )
        .route(
            "/clients/{id}",
            get(clients::get_client)
                .patch(clients::update_client)
                .delete(clients::delete_client),
        )
        .route("/clients/{id}/users", get(check::client_users))
        .route(
            "/clients/{id}/documents",
            get(documents::list_documents)
                .post(documents::upload_document)
                .layer(DefaultBodyLimit::max(
                    casegate_app::MAX_DOCUMENT_BYTES + documents::FORM_OVERHEAD,
                )),
        )
        .route("/documents/{id}/content", get(documents::download_document))
        .route(
            "/clients/{id}/packages",
            get(packages::list_packages).post(packages::add_package),
        )
        .route("/clients/{id}/views", get(views::list_views))
        .route(
            "/clients/{id}/access",
            get(sharing::panel).post(sharing::grant),
        )
        .route("/clients/{id}/access/history", get(sharing::history))
        .route(
            "/clients/{id}/access/company",
            delete(sharing::revoke_company),
        )
        .route(
            "/clients/{id}/access/{type}/{subject_id}",
            delete(sharing::revoke),
        )
        .route("/clients/{id}/owner", post(sharing::transfer_owner))
        .route("/clients/{id}/digest", put(sharing::set_digest))
        .route(
            "/clients/{id}/access-requests",
            post(requests::request_access),
        )
        .route("/access-requests", get(requests::list_requests))
        .route("/access-requests/{id}/approve", post(requests::approve))
        .route("/access-requests/{id}/deny", post(requests::deny))
        .route("/access-requests/{id}/cancel", post(requests::cancel))
        .route("/check", post(check::check))
        .route(
            "/entities",
            get(deal::list_entities).post(deal::create_entity),
        )
        .route(
            "/entities/{id}",
            get(deal::get_entity).patch(deal::update_entity),
        )
        .route(
            "/clients/{id}/entities",
            get(deal::file_entities).post(deal::add_file_entity),
        )
        .route(
            "/clients/{id}/entities/{entity_id}",
            delete(deal::remove_file_entity),
        )
        .route("/clients/{id}/contacts", post(deal::add_contact))
        .route("/entities/{id}/team-managers", post(deal::add_team_manager))
        .route(
            "/entities/{id}/team-managers/{contact_id}",
            delete(deal::remove_team_manager),
        )
        .route("/desk/files", get(desk::desk_files))
        .route("/desk/files/{id}", get(desk::desk_file))
        .route(
            "/desk/files/{id}/contacts",
            get(desk::desk_contacts).post(desk::desk_add_contact),
        )
        .route(
            "/desk/files/{id}/contacts/{contact_id}",
            delete(desk::desk_revoke_contact),
        )
        .route("/desk/entities/{id}/files", get(desk::desk_entity_files))
        .route(
            "/desk/entities/{id}/team-managers",
            post(desk::desk_add_team_manager),
        )
        .route(
            "/desk/entities/{id}/team-managers/{contact_id}",
            delete(desk::desk_remove_team_manager),
        )
        .route("/desk/handover", post(desk::desk_handover))
        .route(
            "/desk/files/{id}/documents",
            get(desk::desk_documents)
                .post(desk::desk_upload)
                .layer(DefaultBodyLimit::max(
                    casegate_app::MAX_DOCUMENT_BYTES + documents::FORM_OVERHEAD,
                )),
        )
        .route("/desk/documents/{id}/content", get(desk::desk_download))
}
