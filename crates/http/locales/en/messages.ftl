# What the App answers when it refuses (casegate_app::Message): one key per
# message, rendered in the reader's language on pages and in English in the
# API's `message`. Words follow docs/glossary.md.

## Input
app-empty = This cannot be empty.
app-too-long = Use at most { $max } characters.
app-control-characters = Remove the control characters (such as line breaks or tabs): they cannot be shown.
app-control-characters-long = Remove the control characters: only line breaks and tabs are allowed here.
app-email-invalid = Enter an email address like name@example.com.
app-tags-too-many = A client has at most { $max } tags.
app-tag-length = Each tag has 1 to { $max } characters.
app-cursor-invalid = This page link is not valid any more: start again from the first page.
app-timezone-invalid = Use a time zone name of the IANA database, such as Europe/Copenhagen.
app-boolean-invalid = Write true or false.
app-negative = This cannot be negative.
app-currency-invalid = Use a three-letter currency code, such as EUR or DKK.
app-payments-only = Only a payment has an amount and a currency.
app-payment-amount-missing = A payment needs an amount.
app-payment-currency-missing = A payment needs a currency.
app-file-name-required = The file needs a name.
app-file-too-large = A document can be at most { $megabytes } MB.
app-request-detail = { $detail }
app-smtp-url-invalid = This is not a usable SMTP address: { $detail }

## Passwords (AC3)
app-password-too-short = Use at least { $min } characters: a few words you will remember make a good password.
app-password-too-long = Use at most { $max } characters.
app-password-is-email = Choose something other than your email address.
app-password-is-name = Choose something other than your name.
app-password-common = This password is one of the most commonly used, so it is guessed first. Choose another.
app-current-password-wrong = This is not your current password.

## Accounts and staff
app-email-same = This is already your email address.
app-email-taken = The email address { $email } is already in use.
app-email-taken-since = This address now belongs to another account: ask for the change again with another address.
app-already-exists = This already exists.
app-invite-deactivated = This staff member is deactivated: reactivate them first.
app-invite-has-password = This staff member has already chosen a password, so there is no invitation to send.
app-one-primary-admin = A company has exactly one primary admin.
app-primary-admin-account = Only the primary admin may change the primary admin’s account.
app-primary-admin-role = The primary admin role is not changed here: there is exactly one per company, and the primary admin hands it over on the company settings page.
app-primary-admin-active = The primary admin cannot be deactivated.
app-primary-admin-handover-forbidden = Only the primary admin may hand the role over.
app-already-primary-admin = You are already the primary admin.
app-primary-admin-inactive = The new primary admin must be an active staff member.
app-role-forbidden = You may not change this staff member’s role.
app-successor-needs-deactivation = A successor is chosen only when deactivating someone. To hand over clients without deactivating, use “Hand over to a successor” on their page.
app-successor-self = The successor must be someone else.
app-successor-inactive = The successor must be an active staff member.
app-handover-forbidden = Only administrators and the staff members themselves may hand over their clients (the primary admin’s, only the primary admin).
app-work-as-forbidden = You may not work as this staff member.
app-others-access-forbidden = { $what ->
    [check] Only administrators may check access for other people.
   *[list] Only administrators may list access for other people.
}

## Rights
app-forbidden = You may not do this.
app-admins-only = Only administrators may configure staff, groups and settings.
app-settings-forbidden = Your role may not change the company settings.
app-tags-forbidden = You may not change a client’s tags.
app-marketing-forbidden = You may not change a client’s marketing consent.
app-restrict-forbidden = Only administrators and managers may restrict a client.
app-delete-client-forbidden = Only the client’s owner and administrators may delete it.
app-view-log-forbidden = Only the client’s owner and administrators may see who opened it.
app-documents-off = Documents are turned off for you.
app-packages-off = Packages are turned off for you.
app-activity-kind-forbidden = { $kind ->
    [conversation] You may not record or change conversations for this staff member.
    [appointment] You may not record or change appointments for this staff member.
    [payment] You may not record or change payments for this staff member.
   *[document] You may not record or change documents for this staff member.
}
app-export-forbidden = Exporting clients needs edit rights.
app-import-forbidden = Importing clients needs edit rights.
app-bulk-forbidden = Changing several clients at once needs edit rights.

## Clients and sharing
app-owner-inactive = The owner must be an active staff member.
app-new-owner-inactive = The new owner must be an active staff member.
app-assignee-inactive = Choose an active staff member.
app-share-forbidden = You may not share this client or remove its shares.
app-transfer-forbidden = Only the client’s owner and administrators may transfer ownership.
app-owner-not-removable = The owner keeps access: transfer ownership first.
app-notify-company = Sharing with the whole company sends no email: notify people or groups only.
app-message-needs-notify = A message is sent only by email: tick “Notify by email” to send it.
app-group-name-taken = A group named { $name } already exists.
app-bulk-too-many = Choose at most { $max } clients at a time.
app-bulk-tags-full = { $count ->
    [one] One client already has { $max } tags: { $names }.
   *[other] { $count } clients already have { $max } tags: { $names }.
}

## Access requests
app-request-has-access = You already have access to this client.
app-request-unmanaged = Client access is not managed in this company, so there is nothing to request.
app-cancel-forbidden = Only the person who asked may cancel a request.
app-decide-forbidden = You may not decide requests for this client.
app-request-expired = This request expired on { $at }.
app-request-decided-by = { $status ->
    [approved] { $name } already approved this request on { $at }.
    [denied] { $name } already denied this request on { $at }.
   *[other] This request was already cancelled on { $at }.
}
app-request-decided = { $status ->
    [approved] This request was already approved.
    [denied] This request was already denied.
   *[other] This request was already cancelled.
}

## Import
app-import-too-large = An import can be at most { $megabytes } MB.
app-import-too-many-rows = An import can have at most { $max } rows.
app-import-owner-deactivated = An owner was deactivated during the import, so nothing was imported. Try again.
app-import-owner-unknown = There is no active staff member { $email } in this company.
app-import-empty = The file is empty: the first line must name the columns.
app-import-header-unreadable = The first line cannot be read: { $detail }
app-import-line-unreadable = This line cannot be read: { $detail }
app-import-line-refused = This line was refused: { $detail }
app-import-cells = { $expected ->
    [one] The first line names one column, but this line has { $found } cells.
   *[other] The first line names { $expected } columns, but this line has { $found } cells.
}
app-import-not-utf8 = This line is not valid UTF-8: save the file as “CSV UTF-8”.
app-import-column-twice = The column { $column } appears twice.
app-import-column-unknown = The column { $column } is not known. The columns are: { $columns }.
app-import-name-required = The column name is required.
app-work-as-elsewhere = Working as someone else is possible for activities only.
app-entity-name-taken = An entity named { $name } already exists.
app-entity-unknown = There is no such entity in this company.
app-entity-not-on-file = This entity does not take part in this client: add it to the client first.
app-entity-self-managed = This entity manages its own people: only its team managers add its contacts.
app-contact-domain = The address must be in one of this entity’s email domains: { $domains }.
app-contact-is-staff = This person is a staff member of this company: share the client with them instead.
app-domains-too-many = List at most { $max } email domains.
app-domain-invalid = { $domain } is not an email domain (like bank.example).
app-staff-only = This is for the company’s staff: your files are on your desk.
app-desk-only = The desk is for outside contacts: staff use the company’s pages.
app-entity-not-yours = You do not answer for this entity on this file.
app-entity-choose = You are on this file for several entities: choose the one the colleague joins.
app-team-manager-only = Only the entity's team managers may do this.
app-handover-self = Your successor must be someone else.
