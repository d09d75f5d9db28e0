//! Server functions for the admin's numbers and running jobs by hand.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::{
    dto::{kpi::KpiReport, nudge::JobRunReport},
    error::AppError,
};

/// The companion's numbers over a window of UTC days (the last eight weeks by default).
#[server(prefix = "/_fn", endpoint = "admin/kpis")]
pub async fn admin_kpis(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<KpiReport, AppError> {
    use super::support::read_once;
    use crate::server::services::kpis;
    read_once("admin/kpis", (from, to), move |state, me| async move {
        Ok(kpis::admin_kpis(&state, &me, from, to).await?)
    })
    .await
}

/// Runs a job now and says what it did. `session` (for `analyze-transcript`) is a session's
/// id or a link to its page, as an admin pastes it.
#[server(prefix = "/_fn", endpoint = "admin/run-job")]
pub async fn run_job(name: String, session: Option<String>) -> Result<JobRunReport, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::nudge::JobRunRequest,
        server::{
            auth::{current::require_user, policy},
            services::job_runs,
        },
    };
    respond(
        async {
            let me = require_user()?;
            policy::require_admin(&me)?;
            let session_id = match session.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(text) => Some(session_id_in(text).ok_or_else(|| {
                    AppError::BadRequest(format!("{text:?} is not a session's id or link"))
                })?),
            };
            let request = JobRunRequest { session_id, ..JobRunRequest::default() };
            Ok(job_runs::run_job(&state()?, &me, &name, request).await?)
        }
        .await,
    )
}

/// The session id in "3f0c…", "/sessions/3f0c…" or "http://host/sessions/3f0c…?tab=x".
#[cfg(feature = "ssr")]
fn session_id_in(text: &str) -> Option<uuid::Uuid> {
    let path = text.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/');
    path.rsplit('/').next().and_then(|last| last.parse().ok())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::session_id_in;

    #[test]
    fn a_session_is_named_by_its_id_or_its_link() {
        let id = "3f0c2b1e-8d4a-4b6e-9c7d-2a5e1f0b9c3d";
        for text in [
            id.to_owned(),
            format!("/sessions/{id}"),
            format!("http://127.0.0.1:3000/sessions/{id}/?tab=concepts#x"),
        ] {
            assert_eq!(session_id_in(&text).map(|u| u.to_string()).as_deref(), Some(id), "{text}");
        }
        assert_eq!(session_id_in("/sessions/not-an-id"), None);
        assert_eq!(session_id_in("'; drop table sessions; --"), None);
    }
}
