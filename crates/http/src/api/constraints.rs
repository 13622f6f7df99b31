//! The server's input rules as OpenAPI schemas, one function per kind of
//! field (the `schema_with` of the request types), so the document says what
//! the app's validation enforces: names, emails, short and long texts, tags,
//! passwords, time zones. A request the document calls valid is accepted
//! (`positive_data_accepted` in `.ci/schemathesis_hooks.py` checks it);
//! the tests of `tests/it/constraints.rs` hold the server to these numbers.
//!
//! Patterns are ECMA-262 regular expressions. The control characters are
//! Unicode's `Cc`: U+0000–U+001F and U+007F–U+009F.

use utoipa::openapi::schema::{
    ArrayBuilder, KnownFormat, Object, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat,
    SchemaType, Type,
};
use utoipa::openapi::{Array, RefOr};

/// Longest name (users, groups, clients, companies, packages), in characters.
pub const MAX_NAME: usize = 200;
/// Longest email address.
pub const MAX_EMAIL: usize = 254;
/// Longest short text (a phone number, a loyalty card).
pub const MAX_SHORT: usize = 200;
/// Longest loyalty card number.
pub const MAX_LOYALTY_CARD: usize = 100;
/// Longest long text (messages, reasons, summaries, notes).
pub const MAX_LONG: usize = 2000;
/// Most tags on a client.
pub const MAX_TAGS: usize = 50;
/// Longest tag.
pub const MAX_TAG: usize = 100;
/// Shortest and longest password (AC3).
pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD: usize = casegate_core::accounts::MAX_PASSWORD;

/// Text without control characters.
pub const NO_CONTROL: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";
/// Long text: no control characters but tab, line feed and carriage return.
pub const LONG_TEXT: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";
/// A name: no control characters, and at least one that is not a space.
pub const NAME: &str = r"^[^\u0000-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u001F\u007F-\u009F]*$";
/// An email: one `@`, no spaces or control characters, a dot in the domain.
pub const EMAIL: &str = r"^[^\s@\u0000-\u001F\u007F-\u009F]+@[^\s@.\u0000-\u001F\u007F-\u009F]+(\.[^\s@.\u0000-\u001F\u007F-\u009F]+)+$";
/// A tag: no control characters, at least one character that is not a space.
pub const TAG: &str = NAME;
/// An ISO 4217 currency code (lower case is upper-cased).
pub const CURRENCY: &str = "^[A-Za-z]{3}$";

/// A string schema, `null` allowed when `nullable`.
fn string(nullable: bool) -> ObjectBuilder {
    let builder = ObjectBuilder::new();
    if nullable {
        builder.schema_type(SchemaType::from_iter([Type::String, Type::Null]))
    } else {
        builder.schema_type(Type::String)
    }
}

fn name_of(nullable: bool) -> Object {
    string(nullable)
        .min_length(Some(1))
        .max_length(Some(MAX_NAME))
        .pattern(Some(NAME))
        .description(Some(
            "1 to 200 characters after trimming spaces, at least one that is not a \
             space, no control characters",
        ))
        .build()
}

/// A name (required or optional, never `null`).
pub fn name() -> Object {
    name_of(false)
}

fn email_of(nullable: bool, description: &str) -> Object {
    string(nullable)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
        .max_length(Some(MAX_EMAIL))
        .pattern(Some(EMAIL))
        .description(Some(description))
        .build()
}

/// An email address; compared and stored lower-case.
pub fn email() -> Object {
    email_of(
        false,
        "an email address, at most 254 characters, with a dot in its domain and no \
         spaces or control characters; stored lower-case",
    )
}

/// An email address to sign in with: any text, compared lower-case (a
/// malformed one is just a wrong login).
pub fn login_email() -> Object {
    string(false)
        .max_length(Some(MAX_EMAIL))
        .description(Some("the account's email address (any case)"))
        .build()
}

/// A client's email on creation: absent, `null` or `""` for none.
pub fn client_email() -> RefOr<Schema> {
    blank_or(
        email_of(true, "an email address as for staff; `null` for none"),
        "`\"\"` (or only spaces) means none",
    )
}

/// A client's email in a patch: `null` or `""` clears it.
pub fn client_email_patch() -> RefOr<Schema> {
    blank_or(
        email_of(
            true,
            "an email address as for staff; `null` clears it (absent: unchanged)",
        ),
        "`\"\"` (or only spaces) clears it too",
    )
}

/// A short text (a phone number): at most 200 characters, no control
/// characters; `null` or blank for none (in a patch: clears it).
pub fn short_text() -> Object {
    string(true)
        .max_length(Some(MAX_SHORT))
        .pattern(Some(NO_CONTROL))
        .description(Some(
            "at most 200 characters, no control characters; `null`, `\"\"` or only \
             spaces means none (in a patch: clears it; absent: unchanged)",
        ))
        .build()
}

/// A client's loyalty card number: at most 100 characters.
pub fn loyalty_card() -> Object {
    string(true)
        .max_length(Some(MAX_LOYALTY_CARD))
        .pattern(Some(NO_CONTROL))
        .description(Some(
            "at most 100 characters, no control characters; `null`, `\"\"` or only \
             spaces clears it (absent: unchanged)",
        ))
        .build()
}

/// A long text (message, reason, notes): at most 2,000 characters; tab, line
/// feed and carriage return are the only control characters allowed; `null`
/// or blank for none.
pub fn long_text() -> Object {
    string(true)
        .max_length(Some(MAX_LONG))
        .pattern(Some(LONG_TEXT))
        .description(Some(
            "at most 2,000 characters, trimmed; no control characters but tab, line \
             feed and carriage return; `null`, `\"\"` or only spaces means none (in a \
             patch: clears it; absent: unchanged)",
        ))
        .build()
}

/// A required long text (an activity's summary): 1 to 2,000 characters
/// after trimming.
pub fn summary() -> Object {
    string(false)
        .min_length(Some(1))
        .max_length(Some(MAX_LONG))
        .pattern(Some(
            r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$",
        ))
        .description(Some(
            "1 to 2,000 characters after trimming, at least one that is not a space; \
             no control characters but tab, line feed and carriage return",
        ))
        .build()
}

/// One tag.
pub fn tag() -> Object {
    string(false)
        .min_length(Some(1))
        .max_length(Some(MAX_TAG))
        .pattern(Some(TAG))
        .description(Some(
            "1 to 100 characters after trimming spaces, no control characters",
        ))
        .build()
}

fn tags_of(nullable: bool) -> Array {
    let builder = ArrayBuilder::new()
        .items(tag())
        .max_items(Some(MAX_TAGS))
        .description(Some(
            "at most 50 tags, each 1 to 100 characters; duplicates are dropped",
        ));
    if nullable {
        builder
            .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
            .build()
    } else {
        builder.build()
    }
}

/// A client's tags.
pub fn tags() -> Array {
    tags_of(false)
}

/// A client's tags in a patch: the whole new list (`null`: unchanged).
pub fn tags_patch() -> Array {
    tags_of(true)
}

/// The roles a new staff member may be given: all but `primary_admin`.
pub fn new_role() -> Object {
    string(false)
        .enum_values(Some(
            casegate_core::Role::ALL
                .iter()
                .filter(|r| **r != casegate_core::Role::PrimaryAdmin)
                .map(|r| r.as_str()),
        ))
        .description(Some(
            "B1: any role but `primary_admin`, of which a company has exactly one",
        ))
        .build()
}

/// A new password (AC3).
pub fn new_password() -> Object {
    string(false)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Password)))
        .min_length(Some(MIN_PASSWORD))
        .max_length(Some(MAX_PASSWORD))
        .description(Some(
            "10 to 256 characters; not the email, the part before its `@` or the \
             name, and not one of about 100,000 commonly used passwords",
        ))
        .build()
}

/// An IANA time zone name, one of the database's.
pub fn timezone() -> Object {
    string(false)
        .enum_values(Some(casegate_core::time::zone_names()))
        .description(Some("an IANA time zone name, e.g. `Europe/Copenhagen`"))
        .build()
}

/// A currency: ISO 4217, three letters.
pub fn currency() -> Object {
    string(false)
        .pattern(Some(CURRENCY))
        .description(Some(
            "ISO 4217, three letters, e.g. `EUR` (lower case is upper-cased)",
        ))
        .build()
}

/// A currency in a patch: `null` clears it.
pub fn nullable_currency() -> Object {
    string(true)
        .pattern(Some(CURRENCY))
        .description(Some(
            "ISO 4217, three letters (lower case is upper-cased); `null` clears it",
        ))
        .build()
}

/// `schema` or a blank string (which means none).
fn blank_or(schema: Object, blank: &str) -> RefOr<Schema> {
    let blank = string(false)
        .max_length(Some(MAX_SHORT))
        .pattern(Some("^ *$"))
        .description(Some(blank))
        .build();
    Schema::OneOf(OneOfBuilder::new().item(schema).item(blank).build()).into()
}

/// An id: a UUID in its hyphenated form.
pub const UUID: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// A list of user ids (a group's first members).
pub fn user_ids() -> Array {
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                .pattern(Some(UUID)),
        )
        .description(Some("user ids of this company"))
        .build()
}

/// A mail domain (C9): labels of letters, digits and inner hyphens, at
/// least two, an `@` in front allowed (it is dropped).
pub const DOMAIN: &str = r"^@?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$";

/// An entity's email domains (C9): at most 20.
pub fn domains() -> Array {
    domains_of(false)
}

/// An entity's email domains in a patch (`null`: unchanged).
pub fn domains_patch() -> Array {
    domains_of(true)
}

fn domains_of(nullable: bool) -> Array {
    let builder = ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(3))
                .max_length(Some(253))
                .pattern(Some(DOMAIN)),
        )
        .max_items(Some(casegate_app::MAX_DOMAINS))
        .description(Some(
            "at most 20 mail domains (`bank.example`), compared in lower case; empty: any address",
        ));
    if nullable {
        builder
            .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
            .build()
    } else {
        builder.build()
    }
}
