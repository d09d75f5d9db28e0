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
    use super::support::{respond, state};
    use crate::server::{auth::current::require_user, services::kpis};
    respond(async { Ok(kpis::admin_kpis(&state()?, &require_user()?, from, to).await?) }.await)
}

/// Runs a job now and says what it did.
#[server(prefix = "/_fn", endpoint = "admin/run-job")]
pub async fn run_job(name: String) -> Result<JobRunReport, AppError> {
    use super::support::{respond, state};
    use crate::{
        dto::nudge::JobRunRequest,
        server::{auth::current::require_user, services::job_runs},
    };
    respond(
        async {
            let me = require_user()?;
            Ok(job_runs::run_job(&state()?, &me, &name, JobRunRequest::default()).await?)
        }
        .await,
    )
}
