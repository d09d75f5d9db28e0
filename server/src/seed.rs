//! Demo data, so a newcomer sees the product working before uploading anything: a student, a
//! tutor and an admin (printed so people can log in), the tutor linked to the student, three
//! analyzed sessions from transcripts bundled in `server/demo/`, a finished practice with
//! reviews now due (so the tutor's roster shows a flag), a practice waiting to be taken, a
//! goal with a date, a mastery history spread over the sessions' dates, and the tutor's weekly
//! availability with one booking.
//!
//! The first start of an empty database does all of it; `study-companion seed --demo` adds
//! what is missing on demand. Everything goes through the same services a person's actions use.

use anyhow::Context;
use app::{
    domain::{
        DurationSeconds, Email, Password, PersonName, Role, TranscriptFormat, TranscriptSource,
    },
    dto::{
        booking::{AvailabilityInput, AvailabilityWindow, NewBooking},
        goal::NewGoal,
        practice::AnswerInput,
    },
    server::{
        auth::current::CurrentUser,
        entities::users as user_entity,
        entities::{
            enums::PracticeStatus, mastery_history, practice_items, practices, sessions,
            student_concepts,
        },
        services::{
            admin, analysis, booking, goals, practice,
            uploads::{self, NewUpload},
            users::{self, NewUser},
        },
        state::AppState,
    },
};
use chrono::{Duration, NaiveTime};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, sea_query::Expr};

/// The demo logins, as the README lists them.
pub const DEMO_PASSWORD: &str = "study-companion-demo";
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 3] = [
    ("student@demo.test", "Sam Student", Role::Student),
    ("tutor@demo.test", "Taylor Tutor", Role::Tutor),
    ("admin@demo.test", "Alex Admin", Role::Admin),
];

/// The bundled sessions: transcript, format, days ago, minutes.
const DEMO_SESSIONS: [(&str, TranscriptFormat, i64, i64); 3] = [
    (include_str!("../demo/01-quadratics.txt"), TranscriptFormat::PlainText, 20, 55),
    (include_str!("../demo/02-stoichiometry.vtt"), TranscriptFormat::Vtt, 9, 50),
    (include_str!("../demo/03-forces.md"), TranscriptFormat::Markdown, 2, 45),
];

/// Of the first session's practice, answer this many questions right (the rest wrong), so the
/// result shows both strengths and something to work on.
const RIGHT_ANSWERS: usize = 7;
/// Concepts whose review is made due now, as if the practice had been a while ago.
const DUE_REVIEWS: u64 = 2;

/// Seeds only an empty database, so a restart never duplicates or resets anything.
pub async fn demo_if_empty(state: &AppState) -> anyhow::Result<()> {
    if user_entity::Model::count(&state.db).await? > 0 {
        return Ok(());
    }
    demo(state).await
}

/// The demo accounts only, into an empty database (`study-companion seed`).
pub async fn accounts_if_empty(state: &AppState) -> anyhow::Result<()> {
    if user_entity::Model::count(&state.db).await? > 0 {
        return Ok(());
    }
    accounts(state).await.map(|_| ())
}

/// Everything the demo needs that is not there yet (`study-companion seed --demo`).
pub async fn demo(state: &AppState) -> anyhow::Result<()> {
    let [student, tutor, _admin] = accounts(state).await?;
    admin::link(state, tutor.id, student.id).await.context("linking the demo tutor")?;
    demo_schedule(state, &tutor, &student).await.context("the demo tutor's schedule")?;
    let has_sessions = sessions::Entity::find()
        .filter(sessions::Column::StudentId.eq(student.id))
        .one(&state.db)
        .await?
        .is_some();
    if has_sessions {
        tracing::info!("the demo student already has sessions; nothing more to add");
        return Ok(());
    }
    let mut session_ids = Vec::new();
    for (transcript, format, days_ago, minutes) in DEMO_SESSIONS {
        session_ids.push(
            demo_session(state, &tutor, &student, transcript, format, days_ago, minutes).await?,
        );
    }
    let practiced = finish_first_practice(state, &student, session_ids[0]).await?;
    backdate_history(state, &session_ids, practiced).await?;
    let goal = NewGoal {
        student_id: None,
        subject: "Mathematics".into(),
        description: "Be ready for the quadratics unit test".into(),
        target_date: Some((state.clock.now() + Duration::days(18)).date_naive()),
    };
    goals::create_goal(state, &student, goal).await.context("the demo goal")?;
    tracing::info!(
        sessions = session_ids.len(),
        "demo sessions, practice, reviews and a goal ready"
    );
    Ok(())
}

/// The demo tutor's week (weekday afternoons, hour slots) and one booking by the demo student,
/// unless the tutor has set availability already.
async fn demo_schedule(
    state: &AppState,
    tutor: &CurrentUser,
    student: &CurrentUser,
) -> anyhow::Result<()> {
    if !booking::get_availability(state, tutor).await?.windows.is_empty() {
        return Ok(());
    }
    let week = AvailabilityInput {
        slot_minutes: 60,
        windows: (1..=5)
            .map(|weekday| AvailabilityWindow {
                weekday,
                start: "15:00".into(),
                end: "19:00".into(),
            })
            .collect(),
        blocked_dates: Vec::new(),
    };
    booking::save_availability(state, tutor, week).await?;
    let from = state.clock.now() + Duration::days(2);
    let to = from + Duration::days(7);
    let slots =
        booking::free_slots(state, student, tutor.id, &from.to_rfc3339(), &to.to_rfc3339()).await?;
    if let Some(slot) = slots.first() {
        let new = NewBooking {
            tutor_id: tutor.id,
            start: slot.start.to_rfc3339(),
            minutes: None,
            note: Some("Going over the quadratics homework before the unit test.".into()),
            escalation_id: None,
        };
        booking::create_booking(state, student, new).await?;
    }
    tracing::info!("demo availability and a booking ready");
    Ok(())
}

/// The three accounts, created when missing, in `DEMO_ACCOUNTS` order.
async fn accounts(state: &AppState) -> anyhow::Result<[CurrentUser; 3]> {
    let mut found = Vec::with_capacity(DEMO_ACCOUNTS.len());
    for (email, name, role) in DEMO_ACCOUNTS {
        let email = Email::parse(email).map_err(anyhow::Error::msg)?;
        let user = match user_entity::Model::find_by_email(&state.db, &email).await? {
            Some(user) => user,
            None => {
                let new = NewUser {
                    email: email.clone(),
                    name: PersonName::parse(name).map_err(anyhow::Error::msg)?,
                    password: Password::parse(DEMO_PASSWORD).map_err(anyhow::Error::msg)?,
                    role,
                    grade: None,
                };
                let user = users::create_user(state, new).await?;
                tracing::info!(email = %email.as_str(), password = DEMO_PASSWORD, %role, "demo account ready");
                user
            }
        };
        found.push(CurrentUser::from_model(&user));
    }
    found.try_into().map_err(|_| anyhow::anyhow!("three demo accounts"))
}

/// Uploads one bundled transcript as the tutor, dated `days_ago`, and analyzes it and prepares
/// its practice right away (the queued jobs find the work done when a worker starts).
async fn demo_session(
    state: &AppState,
    tutor: &CurrentUser,
    student: &CurrentUser,
    transcript: &str,
    format: TranscriptFormat,
    days_ago: i64,
    minutes: i64,
) -> anyhow::Result<uuid::Uuid> {
    let day = (state.clock.now() - Duration::days(days_ago)).date_naive();
    let upload = NewUpload {
        tutor_id: None,
        student_id: Some(student.id),
        session_date: day.and_time(NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default()).and_utc(),
        duration: DurationSeconds::parse(minutes * 60).map_err(anyhow::Error::msg)?,
        transcript: transcript.to_owned(),
        source: TranscriptSource::ManualUpload,
        format,
    };
    let accepted = uploads::upload_transcript(state, tutor, upload).await?;
    analysis::analyze_session(state, accepted.session_id).await?;
    let practice = practices::Entity::find()
        .filter(practices::Column::SessionId.eq(accepted.session_id))
        .one(&state.db)
        .await?
        .context("the session's practice")?;
    practice::generate_practice(state, practice.id).await?;
    Ok(accepted.session_id)
}

/// The mastery history as if each change had happened when its session did (and the practice
/// the day after the first session), so the tutor's chart of mastery over time has a shape.
async fn backdate_history(
    state: &AppState,
    session_ids: &[uuid::Uuid],
    practice_id: uuid::Uuid,
) -> anyhow::Result<()> {
    let dated = sessions::Entity::find()
        .filter(sessions::Column::Id.is_in(session_ids.iter().copied()))
        .all(&state.db)
        .await?;
    for session in &dated {
        mastery_history::Entity::update_many()
            .col_expr(mastery_history::Column::ChangedAt, Expr::value(session.session_date))
            .filter(mastery_history::Column::SourceId.eq(session.id))
            .exec(&state.db)
            .await?;
    }
    if let Some(first) = dated.iter().map(|s| s.session_date).min() {
        mastery_history::Entity::update_many()
            .col_expr(mastery_history::Column::ChangedAt, Expr::value(first + Duration::days(1)))
            .filter(mastery_history::Column::SourceId.eq(practice_id))
            .exec(&state.db)
            .await?;
    }
    Ok(())
}

/// The first session's practice, taken: most answers right, some wrong; then two of its
/// concepts' reviews are moved to a day ago, as if the practice had been a while ago (the
/// tutor's roster flags them as overdue). Returns the practice's id.
async fn finish_first_practice(
    state: &AppState,
    student: &CurrentUser,
    session_id: uuid::Uuid,
) -> anyhow::Result<uuid::Uuid> {
    let practice = practices::Entity::find()
        .filter(practices::Column::SessionId.eq(session_id))
        .filter(practices::Column::Status.eq(PracticeStatus::Ready))
        .one(&state.db)
        .await?
        .context("a ready practice for the first demo session")?;
    let items = practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.eq(practice.id))
        .order_by_asc(practice_items::Column::Position)
        .all(&state.db)
        .await?;
    let answers = items
        .iter()
        .enumerate()
        .map(|(n, item)| AnswerInput {
            question_id: item.id,
            answer: if n < RIGHT_ANSWERS { right_answer(item) } else { "not sure".into() },
        })
        .collect();
    practice::submit_practice(state, student, practice.id, answers).await?;
    let due = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.eq(student.id))
        .filter(student_concepts::Column::DueAt.is_not_null())
        .order_by_asc(student_concepts::Column::Mastery)
        .all(&state.db)
        .await?;
    let yesterday = state.clock.now() - Duration::days(1);
    for concept in due.iter().take(DUE_REVIEWS as usize) {
        student_concepts::Entity::update_many()
            .col_expr(student_concepts::Column::DueAt, Expr::value(yesterday))
            .filter(student_concepts::Column::Id.eq(concept.id))
            .exec(&state.db)
            .await?;
    }
    Ok(practice.id)
}

/// An answer the grader accepts: the shown answer, or for a choice question the option it
/// accepts.
fn right_answer(item: &practice_items::Model) -> String {
    let answer = &item.answer.0;
    let mut candidates = vec![answer.display.clone()];
    if let Some(options) = &item.options {
        candidates.extend(options.0.iter().map(|choice| choice.id.clone()));
    }
    candidates
        .into_iter()
        .find(|candidate| answer.accepts(item.kind, candidate))
        .unwrap_or_else(|| answer.display.clone())
}
