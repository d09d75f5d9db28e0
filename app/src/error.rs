//! `AppError`: the one error type that crosses the wire, for server functions and the REST API.
//!
//! Every variant maps to one HTTP status and one stable `code`. The message is written for the
//! person using the app; causes (database messages, provider replies) are logged on the server
//! and never put here.

use serde::{Deserialize, Serialize};

/// A problem with one field of a form or request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// On the wire (REST and server functions alike) an error is `{error, code}`, plus `fields`
/// for validation, `retryAfter` for rate limits, and `detail` when the variant carries text the
/// message does not repeat verbatim; the same shape is read back into the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, strum::EnumDiscriminants)]
// The stable `code` clients read is the variant's snake_case name.
#[strum_discriminants(
    name(ErrorCode),
    derive(strum::EnumString, strum::IntoStaticStr),
    strum(serialize_all = "snake_case")
)]
pub enum AppError {
    #[error("{message}")]
    #[strum_discriminants(strum(serialize = "validation_failed"))]
    Validation { message: String, fields: Vec<FieldError> },
    #[error("{0}")]
    BadRequest(String),
    #[error("please sign in")]
    Unauthorized,
    #[error("{0}")]
    InvalidCredentials(String),
    #[error("you do not have access to this")]
    Forbidden,
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("{0}")]
    Unprocessable(String),
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    #[error("something went wrong on our side; please try again")]
    Internal,
}

impl AppError {
    /// A validation error for a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Validation {
            message: message.clone(),
            fields: vec![FieldError { field: field.to_owned(), message }],
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Validation { .. } | Self::BadRequest(_) => 400,
            Self::Unauthorized | Self::InvalidCredentials(_) => 401,
            Self::Forbidden => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::PayloadTooLarge => 413,
            Self::Unprocessable(_) => 422,
            Self::RateLimited { .. } => 429,
            Self::Unavailable(_) => 503,
            Self::Internal => 500,
        }
    }

    /// Stable machine-readable code for clients.
    pub fn code(&self) -> &'static str {
        ErrorCode::from(self).into()
    }

    /// The field errors, if any, for showing next to form inputs.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Validation { fields, .. } => fields,
            _ => &[],
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // The request could not be read: the client sent something malformed.
            E::Args(message) | E::Deserialization(message) => Self::BadRequest(message),
            E::Request(_) | E::Response(_) => {
                Self::Unavailable("cannot reach the server; check your connection".into())
            }
            _ => Self::Internal,
        }
    }
}

/// The JSON body of every error response: `{error, code}` plus field errors when there are any.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    #[serde(default, rename = "retryAfter", skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl From<&AppError> for ErrorBody {
    fn from(err: &AppError) -> Self {
        let error = err.to_string();
        let detail = match err {
            AppError::BadRequest(d)
            | AppError::InvalidCredentials(d)
            | AppError::Conflict(d)
            | AppError::Unprocessable(d)
            | AppError::Unavailable(d) => Some(d.clone()).filter(|d| *d != error),
            _ => None,
        };
        Self {
            error,
            code: err.code().to_owned(),
            fields: err.field_errors().to_vec(),
            retry_after: match err {
                AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
                _ => None,
            },
            detail,
        }
    }
}

impl From<ErrorBody> for AppError {
    fn from(body: ErrorBody) -> Self {
        let text = body.detail.clone().unwrap_or(body.error.clone());
        let Ok(code) = body.code.parse::<ErrorCode>() else { return Self::Internal };
        match code {
            ErrorCode::Validation => Self::Validation { message: body.error, fields: body.fields },
            ErrorCode::BadRequest => Self::BadRequest(text),
            ErrorCode::Unauthorized => Self::Unauthorized,
            ErrorCode::InvalidCredentials => Self::InvalidCredentials(text),
            ErrorCode::Forbidden => Self::Forbidden,
            // "<what> not found" carries what was not found; no separate detail is sent.
            ErrorCode::NotFound => Self::NotFound(match body.detail {
                Some(detail) => detail,
                None => body.error.strip_suffix(" not found").unwrap_or(&body.error).to_owned(),
            }),
            ErrorCode::Conflict => Self::Conflict(text),
            ErrorCode::PayloadTooLarge => Self::PayloadTooLarge,
            ErrorCode::Unprocessable => Self::Unprocessable(text),
            ErrorCode::RateLimited => {
                Self::RateLimited { retry_after_secs: body.retry_after.unwrap_or(1) }
            }
            ErrorCode::Unavailable => Self::Unavailable(text),
            ErrorCode::Internal => Self::Internal,
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ErrorBody::from(self).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ErrorBody::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, axum::Json(ErrorBody::from(&self))).into_response();
        // Busy or rate limited: say when to come back.
        let retry_after = match self {
            Self::RateLimited { retry_after_secs } => Some(retry_after_secs),
            Self::Unavailable(_) => Some(1),
            _ => None,
        };
        if let Some(secs) = retry_after
            && let Ok(value) = axum::http::HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    /// The one place a database error becomes a user-facing error: logged in full, shown
    /// as a generic failure.
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        if database_unreachable(&err) {
            Self::Unavailable("the database is unavailable; please try again shortly".into())
        } else {
            Self::Internal
        }
    }
}

/// Is this the database being out of reach (down, restarting, the pool exhausted or a
/// connection cut mid-query), rather than a fault in the query? The first is a 503 a client may
/// retry; the second a 500.
#[cfg(feature = "ssr")]
pub fn database_unreachable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(err)) | DbErr::Query(RuntimeErr::SqlxError(err)) => {
            match err.as_ref() {
                sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                // PostgreSQL: connection exceptions (08…) and operator intervention (57P…:
                // shutting down, cannot connect now).
                sqlx::Error::Database(db) => {
                    db.code().is_some_and(|code| code.starts_with("08") || code.starts_with("57P"))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

#[cfg(feature = "ssr")]
impl From<anyhow::Error> for AppError {
    fn from(err: anyhow::Error) -> Self {
        tracing::error!(error = format!("{err:#}"), "internal error");
        Self::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_survives_the_wire() {
        let all = [
            AppError::field("email", "bad"),
            AppError::BadRequest("b".into()),
            AppError::Unauthorized,
            AppError::InvalidCredentials("c".into()),
            AppError::Forbidden,
            AppError::NotFound("n".into()),
            AppError::Conflict("c".into()),
            AppError::PayloadTooLarge,
            AppError::Unprocessable("u".into()),
            AppError::RateLimited { retry_after_secs: 3 },
            AppError::Unavailable("u".into()),
            AppError::Internal,
        ];
        for err in all {
            let json = serde_json::to_value(&err).expect("serializes");
            assert_eq!(json["code"], err.code());
            assert_eq!(json["error"], err.to_string());
            let back: AppError = serde_json::from_value(json).expect("deserializes");
            assert_eq!(back, err);
            assert!((400..600).contains(&err.status()));
            assert!(!err.code().is_empty());
        }
    }

    #[test]
    fn a_not_found_body_is_just_the_sentence_and_the_code() {
        let json = serde_json::to_value(AppError::NotFound("API route".into())).expect("json");
        assert_eq!(json, serde_json::json!({"error": "API route not found", "code": "not_found"}));
    }

    #[test]
    fn codes_are_the_published_ones() {
        assert_eq!(AppError::field("email", "bad").code(), "validation_failed");
        assert_eq!(AppError::BadRequest("b".into()).code(), "bad_request");
        assert_eq!(AppError::InvalidCredentials("c".into()).code(), "invalid_credentials");
        assert_eq!(AppError::PayloadTooLarge.code(), "payload_too_large");
        assert_eq!(AppError::RateLimited { retry_after_secs: 1 }.code(), "rate_limited");
        assert_eq!(AppError::Internal.code(), "internal");
    }
}
