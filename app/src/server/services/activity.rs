//! What counts as a student acting, as one list of event sources. Nudges ask "did they act
//! today?" and "when did they last act?", nudge responses ask "did they act within 48 hours?",
//! and the admin numbers count active students, all through the lists below, so a new kind of
//! activity is one entry here.
//!
//! A source is a query of `(student_id, at)` rows. Chat questions and chat escalations that
//! became bookings have their own lists ([`chat_questions`], [`escalations_booked`]), which the
//! KPIs count; chat questions count as acting too.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, EntityTrait,
    sea_query::{Expr, ExprTrait, Func, Query, SelectStatement},
};
use uuid::Uuid;

use crate::{
    dto::chat::MessageRole,
    server::entities::{
        bookings, conversations, enums::PracticeKind, messages, practices, sessions,
    },
};

const STUDENT: &str = "student_id";
const AT: &str = "at";

/// One kind of thing students do, as `(student_id, at)` rows.
#[derive(Clone, Copy)]
pub struct EventSource {
    pub name: &'static str,
    select: fn() -> SelectStatement,
}

impl EventSource {
    /// A source from a query whose columns are named `student_id` and `at`.
    pub const fn new(name: &'static str, select: fn() -> SelectStatement) -> Self {
        Self { name, select }
    }
}

impl std::fmt::Debug for EventSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// `SELECT <student> AS student_id, <at> AS at FROM <table> WHERE <at> IS NOT NULL`.
fn rows_of<E, S, A>(table: E, student: S, at: A) -> SelectStatement
where
    E: EntityTrait,
    S: sea_orm::ColumnTrait,
    A: sea_orm::ColumnTrait,
{
    Query::select()
        .expr_as(Expr::col((table, student)), STUDENT)
        .expr_as(Expr::col((table, at)), AT)
        .from(table)
        .and_where(Expr::col((table, at)).is_not_null())
        .to_owned()
}

fn practice_started() -> SelectStatement {
    rows_of(practices::Entity, practices::Column::StudentId, practices::Column::StartedAt)
}

fn practice_submitted() -> SelectStatement {
    rows_of(practices::Entity, practices::Column::StudentId, practices::Column::SubmittedAt)
}

/// A review practice exists only because the student asked for one.
fn review_requested() -> SelectStatement {
    rows_of(practices::Entity, practices::Column::StudentId, practices::Column::CreatedAt)
        .and_where(
            Expr::col((practices::Entity, practices::Column::Kind))
                .eq(Expr::value(PracticeKind::Review)),
        )
        .to_owned()
}

/// Sessions the student uploaded themselves (a tutor's upload is not the student acting).
fn uploads() -> SelectStatement {
    rows_of(sessions::Entity, sessions::Column::UploadedBy, sessions::Column::CreatedAt)
        .and_where(
            Expr::col((sessions::Entity, sessions::Column::UploadedBy))
                .equals((sessions::Entity, sessions::Column::StudentId)),
        )
        .to_owned()
}

/// Questions students asked in chat: one row per message a student sent.
pub fn chat_questions() -> Vec<EventSource> {
    vec![EventSource::new("chat question", chat_messages)]
}

/// `messages` written by the student (role `user`), with the conversation's student.
fn chat_messages() -> SelectStatement {
    Query::select()
        .expr_as(Expr::col((conversations::Entity, conversations::Column::StudentId)), STUDENT)
        .expr_as(Expr::col((messages::Entity, messages::Column::CreatedAt)), AT)
        .from(messages::Entity)
        .inner_join(
            conversations::Entity,
            Expr::col((conversations::Entity, conversations::Column::Id))
                .equals((messages::Entity, messages::Column::ConversationId)),
        )
        .and_where(
            Expr::col((messages::Entity, messages::Column::Role))
                .eq(Expr::value(MessageRole::User)),
        )
        .to_owned()
}

/// Chat escalations to a tutor that became a booking: one row per such booking, at the time
/// it was booked (whatever became of the booking since).
pub fn escalations_booked() -> Vec<EventSource> {
    vec![EventSource::new("escalation booked", booked_escalations)]
}

fn booked_escalations() -> SelectStatement {
    rows_of(bookings::Entity, bookings::Column::StudentId, bookings::Column::CreatedAt)
        .and_where(Expr::col((bookings::Entity, bookings::Column::EscalationId)).is_not_null())
        .to_owned()
}

/// Everything that counts as the student acting: practising (starting, submitting, asking for
/// a review), uploading a session, and asking in chat.
pub fn acting() -> Vec<EventSource> {
    let mut sources = vec![
        EventSource::new("practice started", practice_started),
        EventSource::new("practice submitted", practice_submitted),
        EventSource::new("review requested", review_requested),
        EventSource::new("session uploaded", uploads),
    ];
    sources.extend(chat_questions());
    sources
}

fn from_source(source: &EventSource) -> SelectStatement {
    Query::select().column(STUDENT).column(AT).from_subquery((source.select)(), "e").to_owned()
}

/// The events of `sources` in `[from, to)`, optionally only for some students.
pub async fn events(
    db: &impl ConnectionTrait,
    sources: &[EventSource],
    students: Option<&[Uuid]>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Uuid, DateTime<Utc>)>, sea_orm::DbErr> {
    let mut out = Vec::new();
    for source in sources {
        let mut query = from_source(source);
        query.and_where(Expr::col(AT).gte(from)).and_where(Expr::col(AT).lt(to));
        if let Some(ids) = students {
            query.and_where(Expr::col(STUDENT).is_in(ids.iter().copied()));
        }
        for row in db.query_all(&query).await? {
            out.push((row.try_get::<Uuid>("", STUDENT)?, row.try_get::<DateTime<Utc>>("", AT)?));
        }
    }
    out.sort_by_key(|(_, at)| *at);
    Ok(out)
}

/// When each of these students last acted (students who never did are absent).
pub async fn last_acted(
    db: &impl ConnectionTrait,
    sources: &[EventSource],
    students: &[Uuid],
) -> Result<HashMap<Uuid, DateTime<Utc>>, sea_orm::DbErr> {
    let mut out: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    if students.is_empty() {
        return Ok(out);
    }
    for source in sources {
        let query = Query::select()
            .column(STUDENT)
            .expr_as(Func::max(Expr::col(AT)), AT)
            .from_subquery((source.select)(), "e")
            .and_where(Expr::col(STUDENT).is_in(students.iter().copied()))
            .group_by_col(STUDENT)
            .to_owned();
        for row in db.query_all(&query).await? {
            let student = row.try_get::<Uuid>("", STUDENT)?;
            let Some(at) = row.try_get::<Option<DateTime<Utc>>>("", AT)? else { continue };
            out.entry(student).and_modify(|last| *last = Ord::max(*last, at)).or_insert(at);
        }
    }
    Ok(out)
}

/// The first time a student acted in `(after, until]`, if they did.
pub async fn first_act_after(
    db: &impl ConnectionTrait,
    student: Uuid,
    after: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sea_orm::DbErr> {
    let events = events(db, &acting(), Some(&[student]), after, until).await?;
    Ok(events.into_iter().map(|(_, at)| at).find(|at| *at > after))
}
