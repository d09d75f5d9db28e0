//! The pre-session brief: what was taught recently, what the student struggled with since
//! (practice misses, chat questions the companion could not ground, escalations with their
//! reason), reviews overdue, goals and dates, and a suggested focus, each item linking to its
//! evidence. `brief(state, me, student_id)` is the one entry point, so a booking can attach
//! the same brief.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    TutorError, escalation_summary, escalations_of, flags, goal_summaries, overview::student,
    student_href,
};
use crate::{
    dto::{
        chat::{MessageRole, MessageStatus},
        tutor::{
            BriefItem, BriefView, ConceptStanding, EscalationSummary, GoalSummary, TaughtSession,
        },
    },
    server::{
        auth::{current::CurrentUser, policy},
        entities::{
            concepts, conversations,
            enums::{GoalStatus, PracticeStatus},
            messages, practice_answers, practice_items, practices, session_concepts, sessions,
            student_concepts,
        },
        services::time,
        state::AppState,
    },
};

/// How many recent sessions the brief recalls.
const SESSIONS_SHOWN: u64 = 3;
/// Without any session, "since" reaches back this far.
const DEFAULT_LOOKBACK_DAYS: i64 = 14;
/// Chat questions quoted at most.
const QUESTIONS_SHOWN: usize = 5;
/// Suggested focus items at most.
const FOCUS_SHOWN: usize = 4;

fn percent(value: f64) -> String {
    format!("{}%", (value * 100.0).round() as i64)
}

fn excerpt(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// `GET /api/students/{id}/brief`.
#[tracing::instrument(skip_all, fields(student_id = %student_id))]
pub async fn brief(
    state: &AppState,
    me: &CurrentUser,
    student_id: Uuid,
) -> Result<BriefView, TutorError> {
    policy::can_brief_student(&state.db, me, student_id).await?;
    let user = student(state, student_id).await?;
    let now = state.clock.now();
    let zone = me.time_zone.as_str();

    let standings: HashMap<Uuid, (student_concepts::Model, Option<concepts::Model>)> =
        student_concepts::Model::of_student(&state.db, student_id)
            .await?
            .into_iter()
            .map(|(s, c)| (s.concept_id, (s, c)))
            .collect();
    let mastery_of = |id: &Uuid| standings.get(id).map(|(s, _)| s.mastery);

    let taught = taught(state, student_id, zone, &standings).await?;
    let since = taught.first().map_or(now - Duration::days(DEFAULT_LOOKBACK_DAYS), |s| s.date);
    let struggles = practice_misses(state, student_id, since, zone, &mastery_of).await?;
    let questions = ungrounded_questions(state, student_id, since, zone).await?;
    let escalations: Vec<EscalationSummary> = escalations_of(&state.db, &[student_id])
        .await?
        .into_iter()
        .map(|e| escalation_summary(e, zone, now))
        .collect();

    let mut due: Vec<(DateTime<Utc>, &student_concepts::Model, &concepts::Model)> = standings
        .values()
        .filter_map(|(s, c)| Some((s.due_at.filter(|d| *d <= now)?, s, c.as_ref()?)))
        .collect();
    due.sort_by_key(|(d, _, _)| *d);
    let reviews_overdue: Vec<BriefItem> = due
        .iter()
        .map(|(d, s, c)| BriefItem {
            title: c.name.clone(),
            detail: format!(
                "Review due since {} ({}); mastery {}.",
                time::day_label(*d, zone),
                time::relative(*d, now, zone),
                percent(s.mastery)
            ),
            at: Some(*d),
            href: Some(student_href(student_id, "mastery")),
        })
        .collect();
    let goals = goal_summaries(
        &state.db,
        student_id,
        &user.time_zone,
        &[GoalStatus::Active, GoalStatus::Paused],
        now,
    )
    .await?;
    let flags = flags::flags_of(state, &user, zone).await?;
    let focus = suggest_focus(&escalations, &struggles, &reviews_overdue, &goals);

    Ok(BriefView {
        student_id,
        student_name: user.name,
        generated_at: now,
        generated_label: time::label(now, zone),
        since,
        since_label: time::day_label(since, zone),
        taught,
        struggles,
        questions,
        escalations,
        reviews_overdue,
        goals,
        focus,
        flags,
    })
}

/// The latest sessions with what they covered and where the student stands on it now.
async fn taught(
    state: &AppState,
    student_id: Uuid,
    zone: &str,
    standings: &HashMap<Uuid, (student_concepts::Model, Option<concepts::Model>)>,
) -> Result<Vec<TaughtSession>, sea_orm::DbErr> {
    let recent = sessions::Entity::find()
        .filter(sessions::Column::StudentId.eq(student_id))
        .order_by_desc(sessions::Column::SessionDate)
        .limit(SESSIONS_SHOWN)
        .all(&state.db)
        .await?;
    let covered = session_concepts::Entity::find()
        .filter(session_concepts::Column::SessionId.is_in(recent.iter().map(|s| s.id)))
        .order_by_asc(session_concepts::Column::Position)
        .find_also_related(concepts::Entity)
        .all(&state.db)
        .await?;
    Ok(recent
        .into_iter()
        .map(|session| {
            let concepts = covered
                .iter()
                .filter(|(sc, _)| sc.session_id == session.id)
                .filter_map(|(sc, c)| {
                    let c = c.as_ref()?;
                    Some(ConceptStanding {
                        concept_id: c.id,
                        name: c.name.clone(),
                        mastery: standings.get(&sc.concept_id).map_or(0.5, |(s, _)| s.mastery),
                    })
                })
                .collect();
            TaughtSession {
                href: format!("/sessions/{}", session.id),
                session_id: session.id,
                title: session.title.unwrap_or_else(|| "Session (not analyzed yet)".into()),
                subject: session.subject,
                date_label: time::day_label(session.session_date, zone),
                date: session.session_date,
                concepts,
            }
        })
        .collect())
}

/// Questions answered wrong in practices submitted since, one item per practice and concept.
async fn practice_misses(
    state: &AppState,
    student_id: Uuid,
    since: DateTime<Utc>,
    zone: &str,
    mastery_of: &impl Fn(&Uuid) -> Option<f64>,
) -> Result<Vec<BriefItem>, sea_orm::DbErr> {
    let submitted = practices::Entity::find()
        .filter(practices::Column::StudentId.eq(student_id))
        .filter(practices::Column::Status.eq(PracticeStatus::Completed))
        .filter(practices::Column::SubmittedAt.gte(since))
        .order_by_desc(practices::Column::SubmittedAt)
        .all(&state.db)
        .await?;
    if submitted.is_empty() {
        return Ok(Vec::new());
    }
    let items = practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.is_in(submitted.iter().map(|p| p.id)))
        .all(&state.db)
        .await?;
    let wrong: HashSet<Uuid> = practice_answers::Entity::find()
        .filter(practice_answers::Column::PracticeId.is_in(submitted.iter().map(|p| p.id)))
        .filter(practice_answers::Column::IsCorrect.eq(false))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| a.item_id)
        .collect();
    let names: HashMap<Uuid, String> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(items.iter().map(|i| i.concept_id)))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut out = Vec::new();
    for practice in &submitted {
        // Per concept: (asked, missed), in name order.
        let mut tally: BTreeMap<String, (usize, usize, Uuid)> = BTreeMap::new();
        for item in items.iter().filter(|i| i.practice_id == practice.id) {
            let name = names.get(&item.concept_id).cloned().unwrap_or_else(|| "A concept".into());
            let entry = tally.entry(name).or_insert((0, 0, item.concept_id));
            entry.0 += 1;
            entry.1 += usize::from(wrong.contains(&item.id));
        }
        for (name, (asked, missed, concept_id)) in tally {
            if missed == 0 {
                continue;
            }
            let at = practice.submitted_at.unwrap_or(practice.updated_at);
            out.push(BriefItem {
                title: name,
                detail: format!(
                    "Missed {missed} of {asked} in the {} practice on {}{}.",
                    practice.kind,
                    time::day_label(at, zone),
                    mastery_of(&concept_id)
                        .map(|m| format!("; mastery now {}", percent(m)))
                        .unwrap_or_default()
                ),
                at: Some(at),
                href: Some(format!("/practice/{}", practice.id)),
            });
        }
    }
    Ok(out)
}

/// Questions since whose answer the companion could not ground in the student's sessions (no
/// sources): the low-confidence ones a tutor can take up.
async fn ungrounded_questions(
    state: &AppState,
    student_id: Uuid,
    since: DateTime<Utc>,
    zone: &str,
) -> Result<Vec<BriefItem>, sea_orm::DbErr> {
    let conversation_ids: Vec<Uuid> = conversations::Entity::find()
        .select_only()
        .column(conversations::Column::Id)
        .filter(conversations::Column::StudentId.eq(student_id))
        .into_tuple()
        .all(&state.db)
        .await?;
    if conversation_ids.is_empty() {
        return Ok(Vec::new());
    }
    let recent = messages::Entity::find()
        .filter(messages::Column::ConversationId.is_in(conversation_ids))
        .filter(messages::Column::CreatedAt.gte(since))
        .order_by_asc(messages::Column::ConversationId)
        .order_by_asc(messages::Column::CreatedAt)
        .order_by_asc(messages::Column::Id)
        .all(&state.db)
        .await?;
    let mut out: Vec<BriefItem> = recent
        .windows(2)
        .filter(|pair| {
            let (question, answer) = (&pair[0], &pair[1]);
            question.conversation_id == answer.conversation_id
                && question.role == MessageRole::User
                && answer.role == MessageRole::Assistant
                && answer.sources.is_empty()
                && answer.status != MessageStatus::Guarded
        })
        .map(|pair| BriefItem {
            title: excerpt(&pair[0].content, 160),
            detail: format!(
                "Asked in chat on {}; nothing in the sessions grounded the answer.",
                time::day_label(pair[0].created_at, zone)
            ),
            at: Some(pair[0].created_at),
            href: None,
        })
        .collect();
    out.sort_by_key(|item| std::cmp::Reverse(item.at));
    out.truncate(QUESTIONS_SHOWN);
    Ok(out)
}

/// What to spend the session on: what the student asked a tutor for (most urgent first), then
/// concepts missed in practice, overdue reviews, and goals close to their date, without
/// naming a concept twice.
fn suggest_focus(
    escalations: &[EscalationSummary],
    struggles: &[BriefItem],
    overdue: &[BriefItem],
    goals: &[GoalSummary],
) -> Vec<BriefItem> {
    let mut out: Vec<BriefItem> = Vec::new();
    let mut named: HashSet<String> = HashSet::new();
    let mut push = |out: &mut Vec<BriefItem>, item: BriefItem| {
        if named.insert(item.title.to_lowercase()) {
            out.push(item);
        }
    };
    let mut asked: Vec<&EscalationSummary> = escalations.iter().collect();
    // Urgency's variants are declared low to high, so its order is the urgency.
    asked.sort_by_key(|e| std::cmp::Reverse(e.urgency));
    for escalation in asked {
        let title =
            escalation.focus.first().cloned().unwrap_or_else(|| excerpt(&escalation.reason, 80));
        push(
            &mut out,
            BriefItem {
                title,
                detail: format!(
                    "The student asked for help ({} urgency): {}",
                    escalation.urgency, escalation.reason
                ),
                at: Some(escalation.created_at),
                href: Some(escalation.href.clone()),
            },
        );
    }
    for item in struggles.iter().chain(overdue) {
        push(&mut out, item.clone());
    }
    for goal in goals.iter().filter(|g| g.status == GoalStatus::Active) {
        if goal.days_left.is_some_and(|d| d <= flags::GOAL_SOON_DAYS) && goal.progress < 1.0 {
            push(
                &mut out,
                BriefItem {
                    title: goal.subject.clone(),
                    detail: format!(
                        "Goal due in {} days at {} progress.",
                        goal.days_left.unwrap_or_default(),
                        percent(goal.progress)
                    ),
                    at: None,
                    href: Some(goal.href.clone()),
                },
            );
        }
    }
    out.truncate(FOCUS_SHOWN);
    out
}
