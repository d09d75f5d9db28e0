//! Server functions, one file per resource. Each one authenticates and applies the policy
//! first, through the same services the REST API uses.

pub mod admin;
pub mod auth;
pub mod bookings;
pub mod chat;
pub mod goals;
pub mod kpis;
pub mod notifications;
pub mod nudges;
pub mod practice;
pub mod progress;
pub mod sessions;
pub mod suggestions;
pub mod tutor;

/// Server-side plumbing shared by the server functions.
#[cfg(feature = "ssr")]
pub(crate) mod support {
    use axum::http::{HeaderValue, StatusCode, header};
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    use crate::{
        error::AppError,
        server::{
            auth::current::{CurrentUser, require_user},
            render_reads::RenderReads,
            state::AppState,
        },
    };

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server function context");
            AppError::Internal
        })
    }

    /// Sets the HTTP status of a failed server function to the error's own (never a blanket
    /// 500), and passes the result through.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(err) = &result
            && let Some(response) = use_context::<ResponseOptions>()
        {
            response.set_status(
                StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        result
    }

    /// A read for a page (list, detail, numbers) as the signed-in user: runs `read` once per
    /// page render whatever the number of times the render asks (see
    /// [`crate::server::render_reads`]), and sets the status of a failure like [`respond`].
    /// `args` are the server function's arguments; with `endpoint` they name the read.
    pub async fn read_once<T, Fut>(
        endpoint: &'static str,
        args: impl std::fmt::Debug,
        read: impl FnOnce(AppState, CurrentUser) -> Fut,
    ) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    {
        let answer = async {
            let me = require_user()?;
            let state = state()?;
            match use_context::<RenderReads>() {
                Some(reads) => reads.share(endpoint, format!("{args:?}"), || read(state, me)).await,
                None => read(state, me).await,
            }
        };
        respond(answer.await)
    }

    pub fn append_cookie(value: HeaderValue) {
        if let Some(response) = use_context::<ResponseOptions>() {
            response.append_header(header::SET_COOKIE, value);
        }
    }
}

/// Where to go after signing in: only paths inside this app, never another site
/// (`//evil.example` and `https://…` are refused).
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/dashboard".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_paths_stay_inside_the_app() {
        assert_eq!(safe_next(Some("/goals")), "/goals");
        assert_eq!(safe_next(Some("//evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("https://evil.example")), "/dashboard");
        assert_eq!(safe_next(Some("/\\evil.example")), "/dashboard");
        assert_eq!(safe_next(None), "/dashboard");
    }
}
