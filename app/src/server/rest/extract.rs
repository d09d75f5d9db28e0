//! Request extractors whose rejections are `{error, code}` JSON with a 4xx status, never axum's
//! plain-text defaults.

use axum::{
    extract::{FromRequest, FromRequestParts, Request, rejection::JsonRejection},
    http::request::Parts,
};
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// `Json<T>` with JSON errors: malformed JSON, missing fields and wrong types are 400 with the
/// parser's description; an oversized body is 413.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(err) => AppError::BadRequest(clip(&err.body_text())),
        JsonRejection::JsonSyntaxError(err) => {
            AppError::BadRequest(format!("malformed JSON: {}", clip(&err.body_text())))
        }
        JsonRejection::MissingJsonContentType(_) => {
            AppError::BadRequest("expected a JSON body (Content-Type: application/json)".into())
        }
        JsonRejection::BytesRejection(err) => {
            if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("the request body could not be read".into())
            }
        }
        _ => AppError::BadRequest("the request body could not be read".into()),
    }
}

/// Parser messages can echo input; keep them short.
fn clip(message: &str) -> String {
    const LIMIT: usize = 300;
    if message.len() <= LIMIT {
        message.to_owned()
    } else {
        let mut end = LIMIT;
        while !message.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &message[..end])
    }
}

/// `Path<T>` whose rejection is a 400 naming the bad segment (e.g. an id that is not a UUID).
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|e| AppError::BadRequest(clip(&e.body_text())))
    }
}

/// `Query<T>` whose rejection is a 400.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|e| AppError::BadRequest(clip(&e.body_text())))
    }
}
