//! Clients as CSV in the browser (B9, for those with `import_export`): the
//! import page (an upload form; a bad file lists every bad line with its
//! number, and nothing is created) and the export as a download, both
//! straight from the App's `import_clients` and `export_clients`.

use askama::Template;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use casegate_app::{
    App, AppError, IMPORT_COLUMNS, ImportLineError, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, Message,
    NoProgress, TAG_SEPARATOR,
};

use super::super::pages::{Viewer, failure, viewer};
use super::super::{Tr, check_post, html};
use super::fields_alert;

/// Room for the form's other fields and boundaries beside the file.
const FORM_OVERHEAD: usize = 64 * 1024;

/// The import and export routes.
pub(crate) fn routes() -> axum::Router<App> {
    axum::Router::new()
        .route(
            "/clients/import",
            get(form)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES + FORM_OVERHEAD)),
        )
        .route("/clients/export.csv", get(export))
}

/// One bad line of a refused file.
struct BadLine {
    line: String,
    message: String,
}

#[derive(Template)]
#[template(path = "clients_import.html")]
struct ImportPage<'a> {
    t: &'a Tr,
    me: Option<&'a Viewer>,
    columns: String,
    separator: String,
    /// "At most 10,000 clients and 5 MB per file."
    max_line: String,
    /// An alert above the form.
    error: Option<String>,
    /// The bad lines of a refused file.
    lines: Vec<BadLine>,
    file_name: String,
}

fn page(
    me: &Viewer,
    status: StatusCode,
    error: Option<String>,
    lines: Vec<BadLine>,
    file_name: String,
) -> Response {
    let t = &me.t;
    let view = ImportPage {
        t,
        me: Some(me),
        columns: IMPORT_COLUMNS.join(","),
        separator: TAG_SEPARATOR.to_string(),
        max_line: t.args(
            "clients-import-max",
            &[
                ("rows", &t.number(MAX_IMPORT_ROWS as u64)),
                ("size", &t.number((MAX_IMPORT_BYTES / (1024 * 1024)) as u64)),
            ],
        ),
        error,
        lines,
        file_name,
    };
    html(status, view.render())
}

/// The page of someone without `import_export` (B9).
fn refused(me: &Viewer) -> Response {
    failure(
        &me.t,
        &AppError::Forbidden(Message::new("app-import-forbidden")),
    )
}

/// `GET /clients/import`: what the file holds, and the upload form.
pub(crate) async fn form(State(app): State<App>, headers: HeaderMap) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    if !me.caps.import_export {
        return refused(&me);
    }
    page(&me, StatusCode::OK, None, Vec::new(), String::new())
}

/// Why an upload stopped before the App saw the file.
enum Stop {
    /// Past the size limit.
    TooLarge,
    /// A broken form, or no file.
    Invalid,
    /// The CSRF check refused: this page.
    Page(Response),
}

/// `POST /clients/import`: `csrf` first, then `file`. All or nothing: a
/// bad line and nothing is created, every problem is listed (422).
pub(crate) async fn upload(
    State(app): State<App>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    let t = &me.t;
    let (name, bytes) = match form {
        Ok(mut form) => match receive(&headers, &me, &mut form).await {
            Ok(file) => file,
            Err(Stop::Page(page)) => return page,
            Err(Stop::TooLarge) => {
                let alert = t.arg(
                    "clients-import-too-large",
                    "size",
                    &t.number((MAX_IMPORT_BYTES / (1024 * 1024)) as u64),
                );
                return page(
                    &me,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    Some(alert),
                    Vec::new(),
                    String::new(),
                );
            }
            Err(Stop::Invalid) => {
                let alert = t.get("clients-import-no-file");
                return page(
                    &me,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(alert),
                    Vec::new(),
                    String::new(),
                );
            }
        },
        // Not a multipart form: no CSRF token could be read.
        Err(_) => {
            return check_post(&headers, t, Some(&me.csrf), "").unwrap_or_else(|| {
                page(
                    &me,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(t.get("clients-import-no-file")),
                    Vec::new(),
                    String::new(),
                )
            });
        }
    };
    if !me.caps.import_export {
        return refused(&me);
    }
    match app.import_clients(&me.actor, &bytes, &NoProgress).await {
        Ok(written) if written.value.errors.is_empty() => Redirect::to(&format!(
            "/clients?done=imported&n={}",
            written.value.created
        ))
        .into_response(),
        Ok(written) => {
            let lines = bad_lines(t, written.value.errors);
            let alert = t.get("clients-import-refused");
            page(
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(alert),
                lines,
                name,
            )
        }
        Err(AppError::Validation(fields)) => {
            let alert = if fields.contains_key("body") {
                t.arg(
                    "clients-import-limits",
                    "rows",
                    &t.number(MAX_IMPORT_ROWS as u64),
                )
            } else {
                fields_alert(t, "clients-import-refused", &fields)
            };
            page(
                &me,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(alert),
                Vec::new(),
                name,
            )
        }
        Err(err) => failure(t, &err),
    }
}

/// The App's line problems as the page lists them.
fn bad_lines(t: &Tr, errors: Vec<ImportLineError>) -> Vec<BadLine> {
    errors
        .into_iter()
        .map(|e| BadLine {
            line: t.arg("clients-import-line", "line", &t.number(e.line)),
            message: match e.field {
                Some(field) => format!(
                    "{}: {}",
                    t.get(super::field_key(&field)),
                    t.message(&e.message)
                ),
                None => t.message(&e.message),
            },
        })
        .collect()
}

/// Reads the form: the CSRF token must come first, then the file, kept
/// in memory (at most the import limit).
async fn receive(
    headers: &HeaderMap,
    me: &Viewer,
    form: &mut Multipart,
) -> Result<(String, Vec<u8>), Stop> {
    let mut checked = false;
    let mut file = None;
    let stop = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Stop::TooLarge
        } else {
            Stop::Invalid
        }
    };
    while let Some(mut field) = form.next_field().await.map_err(stop)? {
        let name = field.name().unwrap_or_default().to_owned();
        if !checked {
            let given = if name == "csrf" {
                field.text().await.map_err(stop)?
            } else {
                String::new()
            };
            if let Some(refused) = check_post(headers, &me.t, Some(&me.csrf), &given) {
                return Err(Stop::Page(refused));
            }
            checked = true;
            continue;
        }
        if name != "file" || file.is_some() {
            return Err(Stop::Invalid);
        }
        let file_name = field.file_name().unwrap_or_default().to_owned();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(stop)? {
            if bytes.len().saturating_add(chunk.len()) > MAX_IMPORT_BYTES {
                return Err(Stop::TooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        if file_name.is_empty() && bytes.is_empty() {
            return Err(Stop::Invalid);
        }
        file = Some((file_name, bytes));
    }
    if !checked {
        return Err(Stop::Page(
            check_post(headers, &me.t, Some(&me.csrf), "").unwrap_or_else(|| {
                super::super::pages::message_page(
                    &me.t,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid-title",
                    "invalid-body",
                )
            }),
        ));
    }
    file.ok_or(Stop::Invalid)
}

/// `GET /clients/export.csv`: the clients the viewer can open, as the App
/// writes them (B8: hidden contact fields empty), as a download.
pub(crate) async fn export(State(app): State<App>, headers: HeaderMap) -> Response {
    let me = match viewer(&app, &headers).await {
        Ok(me) => me,
        Err(login) => return login,
    };
    match app.export_clients(&me.actor).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"clients.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Err(err) => failure(&me.t, &err),
    }
}
