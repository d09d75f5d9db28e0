//! `GET /api/admin/kpis`: the numbers the companion exists to move, over a chosen window, in
//! total and by week.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One ISO week (Monday first) of the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KpiWeek {
    pub week_start: NaiveDate,
    /// "Nov 30".
    pub label: String,
    /// Students who practised, chatted or uploaded that week.
    pub students_active: u64,
    /// Students who signed up that week.
    pub new_students: u64,
    /// Average sessions in their first seven days, over that week's new students.
    pub first_week_sessions_per_student: Option<f64>,
    pub practices_completed: u64,
    pub average_score: Option<f64>,
    pub goals_created: u64,
    pub goals_completed: u64,
    pub nudges_sent: u64,
    pub nudges_responded: u64,
    pub nudge_response_rate: Option<f64>,
    pub chat_questions: u64,
    pub escalations_booked: u64,
}

/// The window's totals and its weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KpiReport {
    /// First and last day of the window (UTC), both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub students_active: u64,
    pub new_students: u64,
    /// Sessions in the first seven days after sign-up, averaged over students who signed up
    /// in the window.
    pub first_week_sessions_per_student: Option<f64>,
    pub practices_completed: u64,
    pub average_score: Option<f64>,
    pub goals_created: u64,
    /// Of the goals created in the window, how many are completed.
    pub goals_created_completed: u64,
    pub goal_completion_rate: Option<f64>,
    pub goals_completed: u64,
    pub nudges_sent: u64,
    pub nudges_responded: u64,
    /// Responded ÷ nudges whose response window has closed (or that were answered).
    pub nudge_response_rate: Option<f64>,
    pub chat_questions: u64,
    /// Chat questions ÷ students active.
    pub chat_questions_per_student: Option<f64>,
    /// Chat escalations to a tutor that became a booking.
    pub escalations_booked: u64,
    pub weeks: Vec<KpiWeek>,
    /// Each number's definition, in the order the page shows them.
    pub definitions: Vec<KpiDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KpiDefinition {
    pub name: String,
    pub meaning: String,
}
