//! Extractors whose refusals speak the API's error body: JSON bodies (422
//! naming the failing field, 413 past the limit), path ids (404: a malformed
//! id cannot exist) and query strings (422).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest JSON body accepted (decision 7 of docs/decisions.md).
pub const JSON_BODY_LIMIT: usize = 64 * 1024;

/// A JSON body; unknown fields are refused by the wire types themselves
/// (`deny_unknown_fields`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_bytes(req, state).await?;
        if bytes.is_empty() {
            return Err(ApiError::invalid("body", "a JSON body is required"));
        }
        parse_json(&bytes).map(ApiJson)
    }
}

/// A JSON body whose fields are all optional: an empty body, or `null`,
/// stands for `{}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionalJson<T>(pub T);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = json_bytes(req, state).await?;
        if bytes.is_empty() {
            return Ok(OptionalJson(T::default()));
        }
        let document = parse_document(&bytes)?;
        if document.is_null() {
            return Ok(OptionalJson(T::default()));
        }
        read_document(document).map(OptionalJson)
    }
}

/// The body's bytes, after checking that a non-empty body is declared JSON.
async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    let declared_json = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let essence = v.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("application/json")
                || (essence.starts_with("application/") && essence.ends_with("+json"))
        });
    let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::PayloadTooLarge
        } else {
            ApiError::invalid("body", rejection.body_text())
        }
    })?;
    if !bytes.is_empty() && declared_json != Some(true) {
        return Err(ApiError::invalid(
            "content-type",
            "expected `Content-Type: application/json`",
        ));
    }
    Ok(bytes)
}

/// Parses a JSON document, naming the field at fault when it is not valid.
///
/// The text is read into a `serde_json::Value` first, so only a document
/// that is not JSON is a `body` error: serde_json reports a number where an
/// enum's name belongs (`{"role": 5}`) as a syntax error, which would
/// otherwise hide the field. The typed reading of the value then names the
/// field of every wrong type, unknown enum value, unknown or missing field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    read_document(parse_document(bytes)?)
}

/// The JSON document in `bytes`, with integral numbers written as floats
/// (`625.0`) made integers: JSON Schema's `integer` is any number without a
/// fraction, and no field of the API takes a fractional number.
fn parse_document(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    let mut document: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|err| json_error(".", &err))?;
    integral_numbers(&mut document);
    Ok(document)
}

/// Replaces every float without a fraction, within ±2^53, by the integer.
fn integral_numbers(value: &mut serde_json::Value) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    match value {
        serde_json::Value::Number(number) if !number.is_i64() && !number.is_u64() => {
            if let Some(float) = number.as_f64()
                && float.fract() == 0.0
                && float.abs() <= EXACT
            {
                #[allow(
                    clippy::cast_possible_truncation,
                    reason = "an integral float within 2^53 converts without loss"
                )]
                let integer = float as i64;
                *value = serde_json::Value::from(integer);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(integral_numbers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// Reads a typed value from a JSON document, naming the field at fault.
fn read_document<T: DeserializeOwned>(document: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(document).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        json_error(&path, &inner)
    })
}

/// The `validation_failed` error for a serde_json error at `path`.
fn json_error(path: &str, err: &serde_json::Error) -> ApiError {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    if err.is_syntax() || err.is_eof() || err.is_io() {
        return ApiError::invalid("body", format!("malformed JSON: {message}"));
    }
    let prefix = if path == "." || path.is_empty() {
        String::new()
    } else {
        format!("{path}.")
    };
    if let Some(name) = quoted_after(message, "unknown field `") {
        let key = if path.ends_with(name) {
            path.to_owned()
        } else {
            format!("{prefix}{name}")
        };
        return ApiError::invalid(&key, "unknown field");
    }
    if let Some(name) = quoted_after(message, "missing field `") {
        return ApiError::invalid(&format!("{prefix}{name}"), "is required");
    }
    let key = if prefix.is_empty() { "body" } else { path };
    ApiError::invalid(key, message)
}

/// The text between `start` and the next backtick, when `message` starts so.
fn quoted_after<'m>(message: &'m str, start: &str) -> Option<&'m str> {
    message.strip_prefix(start)?.split('`').next()
}

/// Path parameters; any that do not parse (a malformed id) answer 404.
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|_| ApiError::not_found())
    }
}

/// A query string; one that does not parse answers 422.
#[derive(Debug, Clone, Copy)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection| ApiError::invalid("query", rejection.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use casegate_app::AppError;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only parsed")]
    struct Inner {
        view: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only parsed")]
    struct Outer {
        name: String,
        inner: Option<Inner>,
    }

    fn fields(err: ApiError) -> Vec<(String, String)> {
        match err {
            ApiError::App(AppError::Validation(fields)) => fields
                .into_iter()
                .map(|(field, message)| (field, crate::web::english(&message)))
                .collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn errors_name_the_field_at_fault() {
        let err = parse_json::<Outer>(br#"{"name": "a", "bogus": 1}"#).unwrap_err();
        assert_eq!(fields(err), [("bogus".into(), "unknown field".into())]);
        let err = parse_json::<Outer>(br#"{"name": "a", "inner": {"x": 1}}"#).unwrap_err();
        assert_eq!(fields(err)[0].0, "inner.x");
        let err = parse_json::<Outer>(br#"{}"#).unwrap_err();
        assert_eq!(fields(err), [("name".into(), "is required".into())]);
        let err = parse_json::<Outer>(br#"{"name": 3}"#).unwrap_err();
        assert_eq!(fields(err)[0].0, "name");
        let err = parse_json::<Outer>(br#"{"name": "a", "inner": {"view": 1}}"#).unwrap_err();
        assert_eq!(fields(err)[0].0, "inner.view");
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code, reason = "only parsed")]
    enum Role {
        Admin,
        User,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only parsed")]
    struct WithEnum {
        role: Option<Role>,
        inner: Option<InnerEnum>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "only parsed")]
    struct InnerEnum {
        role: Role,
    }

    #[test]
    fn a_wrong_type_or_unknown_value_of_an_enum_names_its_field() {
        for body in [
            &br#"{"role": 5}"#[..],
            br#"{"role": "boss"}"#,
            br#"{"role": true}"#,
            br#"{"role": ["admin"]}"#,
        ] {
            let err = parse_json::<WithEnum>(body).unwrap_err();
            let fields = fields(err);
            assert_eq!(fields.len(), 1, "{fields:?}");
            assert_eq!(fields[0].0, "role", "{}", String::from_utf8_lossy(body));
        }
        let err = parse_json::<WithEnum>(br#"{"inner": {"role": 1.5}}"#).unwrap_err();
        assert_eq!(fields(err)[0].0, "inner.role");
        assert!(parse_json::<WithEnum>(br#"{"role": "admin"}"#).is_ok());
    }

    #[test]
    fn a_document_that_is_not_an_object_is_a_body_error() {
        for body in [&b"[]"[..], b"5", b"\"x\"", b"null"] {
            let err = parse_json::<Outer>(body).unwrap_err();
            assert_eq!(
                fields(err)[0].0,
                "body",
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn malformed_json_is_a_body_error() {
        let err = parse_json::<Outer>(br#"{"name": "#).unwrap_err();
        let fields = fields(err);
        assert_eq!(fields[0].0, "body");
        assert!(fields[0].1.starts_with("malformed JSON"));
        let err = parse_json::<Outer>(br#"{"name": "a"} trailing"#).unwrap_err();
        assert_eq!(super::tests::fields(err)[0].0, "body");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Priced {
        price_cents: Option<i64>,
        fee: Option<Vec<i64>>,
    }

    #[test]
    fn an_integral_float_is_read_as_the_integer() {
        let priced = parse_json::<Priced>(br#"{"price_cents": 625.0, "fee": [1.0, 2]}"#).unwrap();
        assert_eq!(priced.price_cents, Some(625));
        assert_eq!(priced.fee, Some(vec![1, 2]));
        let err = parse_json::<Priced>(br#"{"price_cents": 625.5}"#).unwrap_err();
        assert_eq!(fields(err)[0].0, "price_cents");
        let err = parse_json::<Priced>(br#"{"price_cents": 1e300}"#).unwrap_err();
        assert_eq!(fields(err)[0].0, "price_cents");
        // Found by schemathesis: read exactly, 2^51 - 1 written as a float
        // is still that integer.
        let big = parse_json::<Priced>(br#"{"price_cents": 2251799813685247.0}"#).unwrap();
        assert_eq!(big.price_cents, Some(2_251_799_813_685_247));
    }
}
