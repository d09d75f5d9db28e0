//! The companion's numbers for admins (`GET /api/admin/kpis`): computed from the data over a
//! chosen window of UTC days, in total and by ISO week (Monday first). Activity comes from the
//! same event sources the nudges use (`services::activity`), chat questions and escalations
//! that became bookings from their own source lists, which count zero while they are empty.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    dto::kpi::{KpiDefinition, KpiReport, KpiWeek},
    error::AppError,
    server::{
        auth::{
            current::CurrentUser,
            policy::{self, AccessError},
        },
        entities::{
            enums::{GoalStatus, PracticeStatus, Role},
            goals, practices, sessions, users,
        },
        models::nudges,
        services::{activity, nudges::record_responses},
        state::AppState,
    },
};

/// The longest window one request may ask for.
const MAX_DAYS: i64 = 366;
/// The window when none is given: the last eight weeks.
const DEFAULT_DAYS: i64 = 56;

#[derive(Debug, thiserror::Error)]
pub enum KpiError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("{0}")]
    BadWindow(String),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<KpiError> for AppError {
    fn from(err: KpiError) -> Self {
        match err {
            KpiError::Access(err) => err.into(),
            KpiError::BadWindow(message) => Self::field("window", message),
            KpiError::Db(err) => err.into(),
        }
    }
}

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The week an instant falls in.
fn bucket(weeks: &mut BTreeMap<NaiveDate, Week>, at: DateTime<Utc>) -> &mut Week {
    weeks.entry(monday_of(at.date_naive())).or_default()
}

fn ratio(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part / whole)
}

/// Counts and sums per week, filled in as the data is read.
#[derive(Default)]
struct Week {
    active: HashSet<Uuid>,
    new_students: u64,
    first_week_sessions: u64,
    practices: u64,
    score_sum: f64,
    goals_created: u64,
    goals_completed: u64,
    nudges: u64,
    responded: u64,
    decided: u64,
    chat_questions: u64,
    escalations_booked: u64,
}

fn definitions() -> Vec<KpiDefinition> {
    [
        ("Students active", "Students who practised, chatted or uploaded a session in the window."),
        ("Sessions in the first week", "Sessions that arrived in a student's first seven days, averaged over the students who signed up in the window."),
        ("Practices completed", "Practices submitted in the window, with their average score."),
        ("Goal completion rate", "Of the goals created in the window, the share completed so far."),
        ("Nudge response rate", "Nudges sent in the window that were followed by practice, chat or an upload within the response window, out of those whose window has closed or that were answered."),
        ("Chat questions per student", "Questions students asked in chat, divided by students active."),
        ("Escalations booked", "Chat escalations to a tutor that became a booking."),
    ]
    .into_iter()
    .map(|(name, meaning)| KpiDefinition { name: name.to_owned(), meaning: meaning.to_owned() })
    .collect()
}

/// `GET /api/admin/kpis?from=&to=`: the window's numbers (UTC days, both included; the last
/// eight weeks by default).
pub async fn admin_kpis(
    state: &AppState,
    me: &CurrentUser,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<KpiReport, KpiError> {
    policy::require_admin(me)?;
    let now = state.clock.now();
    let to = to.unwrap_or_else(|| now.date_naive());
    let from = from.unwrap_or(to - Duration::days(DEFAULT_DAYS - 1));
    if from > to {
        return Err(KpiError::BadWindow("The window must start on or before its end.".into()));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(KpiError::BadWindow(format!("Choose a window of at most {MAX_DAYS} days.")));
    }
    // Up to date before they are counted.
    record_responses(state).await?;
    let db = &state.db;
    let (start, end) = (start_of(from), start_of(to) + Duration::days(1));
    let response_window = Duration::hours(i64::from(state.settings.engagement.response_hours));

    let mut weeks: BTreeMap<NaiveDate, Week> = BTreeMap::new();
    let mut monday = monday_of(from);
    while monday <= to {
        weeks.insert(monday, Week::default());
        monday += Duration::days(7);
    }
    let mut total = Week::default();

    for (student, at) in activity::events(db, &activity::acting(), None, start, end).await? {
        bucket(&mut weeks, at).active.insert(student);
        total.active.insert(student);
    }

    let new_students = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Student))
        .filter(users::Column::CreatedAt.gte(start))
        .filter(users::Column::CreatedAt.lt(end))
        .all(db)
        .await?;
    let cohort_sessions = sessions::Entity::find()
        .filter(sessions::Column::StudentId.is_in(new_students.iter().map(|u| u.id)))
        .all(db)
        .await?;
    for student in &new_students {
        let first_week = cohort_sessions
            .iter()
            .filter(|s| s.student_id == student.id)
            .filter(|s| s.created_at < student.created_at + Duration::days(7))
            .count() as u64;
        for w in [bucket(&mut weeks, student.created_at), &mut total] {
            w.new_students += 1;
            w.first_week_sessions += first_week;
        }
    }

    let submitted = practices::Entity::find()
        .filter(practices::Column::Status.eq(PracticeStatus::Completed))
        .filter(practices::Column::SubmittedAt.gte(start))
        .filter(practices::Column::SubmittedAt.lt(end))
        .all(db)
        .await?;
    for practice in &submitted {
        let Some(at) = practice.submitted_at else { continue };
        for w in [bucket(&mut weeks, at), &mut total] {
            w.practices += 1;
            w.score_sum += practice.score.unwrap_or(0.0);
        }
    }

    let created = goals::Entity::find()
        .filter(goals::Column::CreatedAt.gte(start))
        .filter(goals::Column::CreatedAt.lt(end))
        .all(db)
        .await?;
    for goal in &created {
        bucket(&mut weeks, goal.created_at).goals_created += 1;
        total.goals_created += 1;
    }
    let created_completed =
        created.iter().filter(|g| g.status == GoalStatus::Completed).count() as u64;
    let completed = goals::Entity::find()
        .filter(goals::Column::Status.eq(GoalStatus::Completed))
        .filter(goals::Column::CompletedAt.gte(start))
        .filter(goals::Column::CompletedAt.lt(end))
        .all(db)
        .await?;
    for goal in &completed {
        let Some(at) = goal.completed_at else { continue };
        bucket(&mut weeks, at).goals_completed += 1;
        total.goals_completed += 1;
    }

    for nudge in nudges::sent_between(db, start, end).await? {
        let responded = nudge.responded_at.is_some();
        let decided = responded || nudge.sent_at + response_window <= now;
        for w in [bucket(&mut weeks, nudge.sent_at), &mut total] {
            w.nudges += 1;
            w.responded += u64::from(responded);
            w.decided += u64::from(decided);
        }
    }

    for (_, at) in activity::events(db, &activity::chat_questions(), None, start, end).await? {
        bucket(&mut weeks, at).chat_questions += 1;
        total.chat_questions += 1;
    }
    for (_, at) in activity::events(db, &activity::escalations_booked(), None, start, end).await? {
        bucket(&mut weeks, at).escalations_booked += 1;
        total.escalations_booked += 1;
    }

    let weeks = weeks
        .into_iter()
        .map(|(week_start, w)| KpiWeek {
            week_start,
            label: week_start.format("%b %-d").to_string(),
            students_active: w.active.len() as u64,
            new_students: w.new_students,
            first_week_sessions_per_student: ratio(
                w.first_week_sessions as f64,
                w.new_students as f64,
            ),
            practices_completed: w.practices,
            average_score: ratio(w.score_sum, w.practices as f64),
            goals_created: w.goals_created,
            goals_completed: w.goals_completed,
            nudges_sent: w.nudges,
            nudges_responded: w.responded,
            nudge_response_rate: ratio(w.responded as f64, w.decided as f64),
            chat_questions: w.chat_questions,
            escalations_booked: w.escalations_booked,
        })
        .collect();
    Ok(KpiReport {
        from,
        to,
        students_active: total.active.len() as u64,
        new_students: total.new_students,
        first_week_sessions_per_student: ratio(
            total.first_week_sessions as f64,
            total.new_students as f64,
        ),
        practices_completed: total.practices,
        average_score: ratio(total.score_sum, total.practices as f64),
        goals_created: total.goals_created,
        goals_created_completed: created_completed,
        goal_completion_rate: ratio(created_completed as f64, total.goals_created as f64),
        goals_completed: total.goals_completed,
        nudges_sent: total.nudges,
        nudges_responded: total.responded,
        nudge_response_rate: ratio(total.responded as f64, total.decided as f64),
        chat_questions: total.chat_questions,
        chat_questions_per_student: ratio(total.chat_questions as f64, total.active.len() as f64),
        escalations_booked: total.escalations_booked,
        weeks,
        definitions: definitions(),
    })
}
