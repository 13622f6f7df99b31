//! Clients as CSV (B8, B9, B12): the export of the clients the actor can open,
//! with the contact fields hidden from them (B8) left empty, and the import
//! of new clients, all-or-nothing: any bad line and nothing is created, every
//! problem listed with its line number (the header is line 1).

use std::collections::{HashMap, HashSet};

use casegate_core::permissions;
use casegate_core::{
    Change, Client, ClientId, ClientProfile, How, NewClientAccess, Share, ShareId, Subject, UserId,
};
use uuid::Uuid;

use crate::app::{App, audit};
use crate::error::AppError;
use crate::message::Message;
use crate::types::{Actor, Written};
use crate::validate::Checks;

mod formula;
mod parse;

/// The columns of an export, in order. A column hidden from the reader by B8
/// stays, with every cell of it empty.
pub const EXPORT_COLUMNS: [&str; 7] = [
    "id",
    "name",
    "email",
    "phone",
    "tags",
    "owner_id",
    "marketing_opt_in",
];
/// The columns an import understands; only `name` is required.
pub const IMPORT_COLUMNS: [&str; 6] = [
    "name",
    "email",
    "phone",
    "tags",
    "owner_email",
    "marketing_opt_in",
];
/// Most data rows one import may hold.
pub const MAX_IMPORT_ROWS: usize = 10_000;
/// Largest import body, in bytes (5 MiB).
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// Separates tags inside the `tags` cell (export and import).
pub const TAG_SEPARATOR: char = ';';
/// Page size used to walk the index for an export.
const EXPORT_PAGE: usize = 500;

/// A problem with one line of an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLineError {
    /// 1-based; the header is line 1.
    pub line: u64,
    /// The column the problem is in, when it is in one.
    pub field: Option<String>,
    pub message: Message,
}

/// The answer of an import: how many clients were created (0 whenever
/// `errors` is not empty) and every problem found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: usize,
    pub errors: Vec<ImportLineError>,
}

/// The two passes of an import, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    /// Every line is checked; nothing is written.
    Validate,
    /// The clients are written, in one transaction.
    Write,
}

/// Told how an import advances (the CLI draws a progress bar from it).
pub trait ImportProgress: Send + Sync {
    /// A step begins, with `total` lines to go through.
    fn start(&self, step: ImportStep, total: u64);
    /// `by` more lines are done.
    fn advance(&self, by: u64);
}

/// Progress that nobody watches (the HTTP API).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ImportProgress for NoProgress {
    fn start(&self, _step: ImportStep, _total: u64) {}
    fn advance(&self, _by: u64) {}
}

/// One valid line, ready to be written.
struct Row {
    name: String,
    email: Option<String>,
    phone: Option<String>,
    tags: Vec<String>,
    owner: Option<UserId>,
    marketing_opt_in: bool,
}

impl App {
    /// `GET /clients/export`: needs `import_export` (B9). One row per client
    /// the actor can open (B12), by name — with "view every client" off (B10),
    /// only those they own or worked with — with hidden contact fields (B8)
    /// left empty.
    pub async fn export_clients(&self, actor: &Actor) -> Result<String, AppError> {
        let user = self.acting_user(actor).await?;
        if !permissions::may_import_export(&user) {
            return Err(AppError::Forbidden(Message::new("app-export-forbidden")));
        }
        let mask = permissions::masking(&user);
        let mut ids: Vec<ClientId> = Vec::new();
        let mut cursor = None;
        loop {
            let page = self.read(actor, |company| {
                Ok(company.clients_for(actor.user_id, cursor.as_ref(), EXPORT_PAGE))
            })?;
            ids.extend(page.items);
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        if !permissions::lists_every_client(&user) {
            let worked: HashSet<ClientId> = self
                .store()
                .activities_assigned(actor.company_id, actor.user_id)
                .await?
                .into_iter()
                .collect();
            let owned: HashSet<ClientId> = self.read(actor, |company| {
                Ok(ids
                    .iter()
                    .copied()
                    .filter(|id| company.client_owner(*id) == Some(actor.user_id))
                    .collect())
            })?;
            ids.retain(|id| worked.contains(id) || owned.contains(id));
        }
        let mut rows: HashMap<ClientId, (Client, ClientProfile)> = self
            .store()
            .clients_with_profiles(actor.company_id)
            .await?
            .into_iter()
            .map(|(client, profile)| (client.id, (client, profile)))
            .collect();
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record(EXPORT_COLUMNS).map_err(csv_failed)?;
        for id in ids {
            let Some((client, profile)) = rows.remove(&id) else {
                continue;
            };
            let email = if mask.hide_email { None } else { client.email };
            let phone = if mask.hide_phone { None } else { client.phone };
            let record = [
                client.id.to_string(),
                client.name,
                email.unwrap_or_default(),
                phone.unwrap_or_default(),
                client.tags.join(&TAG_SEPARATOR.to_string()),
                client.owner_id.to_string(),
                profile.marketing_opt_in.to_string(),
            ];
            out.write_record(record.map(formula::neutralise))
                .map_err(csv_failed)?;
        }
        let bytes = out.into_inner().map_err(|e| csv_failed(e.into_error()))?;
        String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
    }

    /// `POST /clients/import` and `casegate clients import`: needs
    /// `import_export` (B9). Creates one client per line, each as `POST
    /// /clients` would (owner A8, share A5), all in one transaction — or,
    /// when any line is bad, none, and lists every problem.
    pub async fn import_clients(
        &self,
        actor: &Actor,
        csv: &[u8],
        progress: &dyn ImportProgress,
    ) -> Result<Written<ImportOutcome>, AppError> {
        let user = self.acting_user(actor).await?;
        if !permissions::may_import_export(&user) {
            return Err(AppError::Forbidden(Message::new("app-import-forbidden")));
        }
        if csv.len() > MAX_IMPORT_BYTES {
            return Err(AppError::invalid(
                "body",
                Message::new("app-import-too-large").count("megabytes", MAX_IMPORT_BYTES >> 20),
            ));
        }
        let (lines, mut errors) = parse::parse(csv)?;
        if lines.len() > MAX_IMPORT_ROWS {
            return Err(AppError::invalid(
                "body",
                Message::new("app-import-too-many-rows").count("max", MAX_IMPORT_ROWS),
            ));
        }
        let owners = self.owners(actor, &lines).await?;
        progress.start(ImportStep::Validate, lines.len() as u64);
        let mut rows = Vec::with_capacity(lines.len());
        for line in &lines {
            match check_line(line, &owners) {
                Ok(row) => rows.push(row),
                Err(mut found) => errors.append(&mut found),
            }
            progress.advance(1);
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            return Ok(Written {
                value: ImportOutcome { created: 0, errors },
                revision: self.revision(),
            });
        }
        self.write_import(actor, rows, progress).await
    }

    /// Every distinct `owner_email` of the lines, resolved to an active
    /// member of the actor's company (absent when not).
    async fn owners(
        &self,
        actor: &Actor,
        lines: &[parse::Line],
    ) -> Result<HashMap<String, UserId>, AppError> {
        let mut found = HashMap::new();
        let wanted: HashSet<String> = lines
            .iter()
            .filter_map(|l| l.get("owner_email"))
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        for email in wanted {
            if let Some((owner, _)) = self.store().login_lookup(&email).await?
                && owner.company_id == actor.company_id
                && owner.active
            {
                found.insert(email, owner.id);
            }
        }
        Ok(found)
    }

    /// The write pass: every row, one transaction, one change, one audit entry.
    async fn write_import(
        &self,
        actor: &Actor,
        rows: Vec<Row>,
        progress: &dyn ImportProgress,
    ) -> Result<Written<ImportOutcome>, AppError> {
        progress.start(ImportStep::Write, rows.len() as u64);
        let writing = self.writing().await?;
        let settings = self.read(actor, |company| {
            let gone = rows
                .iter()
                .filter_map(|r| r.owner)
                .any(|owner| !company.is_active(owner));
            if gone {
                return Err(AppError::Conflict(Message::new(
                    "app-import-owner-deactivated",
                )));
            }
            Ok(company.settings())
        })?;
        let now = self.now();
        let mut tx = self.store().begin().await?;
        let mut changes = Vec::with_capacity(rows.len().saturating_mul(2));
        let mut created = Vec::with_capacity(rows.len());
        for row in rows {
            let client = Client {
                id: ClientId::from_uuid(Uuid::now_v7()),
                company_id: actor.company_id,
                name: row.name,
                email: row.email,
                phone: row.phone,
                tags: row.tags,
                owner_id: row.owner.unwrap_or(actor.user_id),
                restricted: false,
                created_at: now,
                updated_at: now,
            };
            tx.insert_client(&client).await?;
            if row.marketing_opt_in {
                let profile = ClientProfile {
                    marketing_opt_in: true,
                    ..ClientProfile::default()
                };
                tx.set_client_profile(actor.company_id, client.id, &profile)
                    .await?;
            }
            created.push(client.id);
            let id = client.id;
            changes.push(Change::ClientSaved { client });
            if settings.new_client_access == NewClientAccess::Company {
                let share = Share {
                    id: ShareId::from_uuid(Uuid::now_v7()),
                    company_id: actor.company_id,
                    client_id: id,
                    subject: Subject::Company,
                    granted_by: Some(actor.user_id),
                    granted_at: now,
                    granted_how: How::ClientCreated,
                    revoked: None,
                };
                tx.insert_share(&share).await?;
                changes.push(Change::ShareGranted { share });
            }
            progress.advance(1);
        }
        let entry = audit(
            actor,
            now,
            "clients.imported",
            actor.company_id,
            serde_json::json!({"created": created.len(), "client_ids": created}),
        );
        let change = (!changes.is_empty()).then_some(Change::Batch { changes });
        let revision = self
            .commit(&writing, tx, change, vec![entry], Vec::new())
            .await?;
        Ok(Written {
            value: ImportOutcome {
                created: created.len(),
                errors: Vec::new(),
            },
            revision,
        })
    }
}

/// One line checked: a row, or its problems (one per bad column).
fn check_line(
    line: &parse::Line,
    owners: &HashMap<String, UserId>,
) -> Result<Row, Vec<ImportLineError>> {
    let mut checks = Checks::new();
    let name = checks.name("name", line.get("name").unwrap_or_default());
    let email = checks.optional_email("email", line.get("email"));
    let phone = checks.optional_short("phone", line.get("phone"));
    let tags: Vec<String> = line
        .get("tags")
        .unwrap_or_default()
        .split(TAG_SEPARATOR)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let tags = checks.tags("tags", &tags);
    let owner_email = line
        .get("owner_email")
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty());
    let owner = owner_email.as_ref().and_then(|e| owners.get(e).copied());
    if let (Some(email), None) = (&owner_email, owner) {
        checks.fail(
            "owner_email",
            Message::new("app-import-owner-unknown").with("email", email.as_str()),
        );
    }
    let marketing_opt_in = match line
        .get("marketing_opt_in")
        .map(|v| v.trim().to_lowercase())
    {
        None => false,
        Some(v) => match v.as_str() {
            "" | "false" | "no" | "0" => false,
            "true" | "yes" | "1" => true,
            _ => {
                checks.fail("marketing_opt_in", Message::new("app-boolean-invalid"));
                false
            }
        },
    };
    match checks.finish() {
        Ok(()) => Ok(Row {
            name,
            email,
            phone,
            tags,
            owner,
            marketing_opt_in,
        }),
        Err(AppError::Validation(fields)) => Err(fields
            .into_iter()
            .map(|(field, message)| ImportLineError {
                line: line.number,
                field: Some(field),
                message,
            })
            .collect()),
        Err(other) => Err(vec![ImportLineError {
            line: line.number,
            field: None,
            message: Message::new("app-import-line-refused").with("detail", other.to_string()),
        }]),
    }
}

/// A CSV writer failure (only possible on a broken writer: ours is memory).
fn csv_failed(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("csv: {e}"))
}
