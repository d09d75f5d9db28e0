//! Routing to a human: "Request a tutor" asks the provider whether this conversation should go
//! to the tutor (why, how urgently, about which concepts) with what the app knows (answers with
//! nothing to go on, recent wrong answers, goals due soon), and keeps the result as an open
//! escalation. The student then sends it to their tutor (with their own edits), who is notified,
//! or dismisses it. A booking later refers to it by id and moves it to `booked`.

use std::collections::HashMap;

use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{ChatError, own_conversation};
use crate::{
    dto::chat::{EscalationInput, MessageRole, MessageStatus, RouteView},
    server::{
        ai::{ChatTurn, Deadline, RouteRequest, Struggle, calls, offline},
        auth::{current::CurrentUser, policy},
        entities::{
            concepts,
            enums::{GoalStatus, NotificationKind, PracticeStatus},
            escalations, goals, messages, practice_answers, practice_items, practices,
            student_concepts,
        },
        models::{
            self,
            escalations::NewEscalation,
            notifications::{self, NewNotification},
        },
        state::AppState,
    },
};

/// Practice answers this recent count as "recent practice".
const RECENT_DAYS: i64 = 30;
/// Goals due within this many days are deadlines.
const DEADLINE_DAYS: i64 = 14;

/// Concepts the student answered in practice lately, with how many answers were wrong.
async fn struggles(state: &AppState, student_id: Uuid) -> Result<Vec<Struggle>, sea_orm::DbErr> {
    let since = state.clock.now() - Duration::days(RECENT_DAYS);
    let done = practices::Entity::find()
        .filter(practices::Column::StudentId.eq(student_id))
        .filter(practices::Column::Status.eq(PracticeStatus::Completed))
        .filter(practices::Column::SubmittedAt.gt(since))
        .all(&state.db)
        .await?;
    let ids: Vec<Uuid> = done.iter().map(|p| p.id).collect();
    let items: HashMap<Uuid, Uuid> = practice_items::Entity::find()
        .filter(practice_items::Column::PracticeId.is_in(ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|i| (i.id, i.concept_id))
        .collect();
    let mut tally: HashMap<Uuid, (usize, usize)> = HashMap::new();
    for answer in practice_answers::Entity::find()
        .filter(practice_answers::Column::PracticeId.is_in(ids))
        .all(&state.db)
        .await?
    {
        let (Some(correct), Some(concept)) = (answer.is_correct, items.get(&answer.item_id)) else {
            continue;
        };
        let entry = tally.entry(*concept).or_default();
        entry.1 += 1;
        if !correct {
            entry.0 += 1;
        }
    }
    let names: HashMap<Uuid, String> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(tally.keys().copied()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let mut out: Vec<Struggle> = tally
        .into_iter()
        .filter_map(|(id, (wrong, answered))| {
            Some(Struggle { concept: names.get(&id)?.clone(), wrong, answered })
        })
        .collect();
    out.sort_by(|a, b| b.wrong.cmp(&a.wrong).then(a.concept.cmp(&b.concept)));
    Ok(out)
}

/// Active goals whose target date is close.
async fn deadlines(state: &AppState, student_id: Uuid) -> Result<Vec<Deadline>, sea_orm::DbErr> {
    let today = state.clock.now().date_naive();
    Ok(goals::Entity::find()
        .filter(goals::Column::StudentId.eq(student_id))
        .filter(goals::Column::Status.eq(GoalStatus::Active))
        .all(&state.db)
        .await?
        .into_iter()
        .filter_map(|goal| {
            let days_left = (goal.target_date? - today).num_days();
            (0..=DEADLINE_DAYS).contains(&days_left).then(|| Deadline {
                label: if goal.description.trim().is_empty() {
                    goal.subject
                } else {
                    goal.description.chars().take(80).collect()
                },
                days_left,
            })
        })
        .collect())
}

/// The student's concepts the conversation names.
async fn touched_concepts(
    state: &AppState,
    student_id: Uuid,
    text: &str,
) -> Result<Vec<String>, sea_orm::DbErr> {
    let said = format!(" {} ", offline::normalize_name(text));
    let mut found: Vec<String> = student_concepts::Model::of_student(&state.db, student_id)
        .await?
        .into_iter()
        .filter_map(|(_, concept)| concept)
        .filter(|c| said.contains(&format!(" {} ", c.normalized_name)))
        .map(|c| c.name)
        .collect();
    found.sort();
    found.dedup();
    Ok(found)
}

async fn tutor_name(state: &AppState, student_id: Uuid) -> Result<Option<String>, sea_orm::DbErr> {
    let tutors = models::tutor_students::tutors_of(&state.db, student_id).await?;
    let Some(first) = tutors.first() else { return Ok(None) };
    Ok(models::users::names(&state.db, [*first]).await?.remove(first))
}

fn view(escalation: escalations::Model, tutor_name: Option<String>) -> RouteView {
    RouteView {
        escalation_id: escalation.id,
        recommend_tutor: escalation.recommend,
        reason: escalation.reason,
        urgency: escalation.urgency,
        focus: escalation.focus.into_inner(),
        summary: escalation.summary,
        status: escalation.status,
        tutor_name,
        sent: escalation.sent_at.is_some(),
    }
}

/// `POST /api/chat/conversations/{id}/route`: the routing result, stored as an open escalation.
#[tracing::instrument(skip_all, fields(conversation_id = %id))]
pub async fn route_conversation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<RouteView, ChatError> {
    let conversation = own_conversation(state, me, id).await?;
    let recent = messages::Model::latest(&state.db, id, 20).await?;
    let ungrounded = recent
        .iter()
        .filter(|m| m.role == MessageRole::Assistant)
        .filter(|m| m.sources.is_empty() && m.status != MessageStatus::Guarded)
        .count();
    let text: String = recent.iter().map(|m| m.content.as_str()).collect::<Vec<_>>().join("\n");
    let request = RouteRequest {
        student_name: me.name.clone(),
        conversation_title: conversation.title.clone(),
        history: recent
            .iter()
            .map(|m| ChatTurn { role: m.role, content: m.content.clone() })
            .collect(),
        ungrounded_answers: ungrounded,
        struggles: struggles(state, conversation.student_id).await?,
        deadlines: deadlines(state, conversation.student_id).await?,
        concepts: touched_concepts(state, conversation.student_id, &text).await?,
    };
    // A failing provider still gets the student an answer: the rules decide instead.
    let decision = match calls::route(state, &request, me.id).await {
        Ok(decision) => decision,
        Err(err) => {
            tracing::warn!(error = %err, "routing by the provider failed; using the rules");
            offline::route::route(&request)
        }
    };
    let escalation = escalations::Model::create(
        &state.db,
        NewEscalation {
            student_id: conversation.student_id,
            conversation_id: Some(conversation.id),
            message_id: recent.last().map(|m| m.id),
            recommend: decision.recommend_tutor,
            reason: decision.reason,
            urgency: decision.urgency,
            focus: decision.focus,
            summary: decision.summary,
        },
        state.clock.now(),
    )
    .await?;
    Ok(view(escalation, tutor_name(state, conversation.student_id).await?))
}

async fn own_escalation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<escalations::Model, ChatError> {
    let escalation = escalations::Model::find(&state.db, id).await?;
    policy::require_owner(me, escalation.student_id, "escalation")?;
    Ok(escalation)
}

/// `POST /api/chat/escalations/{id}/send`: the student sends it (as edited in the dialog) to
/// their tutors, who are notified.
pub async fn send_escalation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
    input: EscalationInput,
) -> Result<RouteView, ChatError> {
    let escalation = own_escalation(state, me, id).await?;
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() || reason.chars().count() > 600 {
        return Err(ChatError::Invalid {
            field: "reason",
            message: "Say in a few words what you need help with (under 600 characters).".into(),
        });
    }
    let focus: Vec<String> = input
        .focus
        .iter()
        .map(|f| f.trim().chars().take(120).collect::<String>())
        .filter(|f| !f.is_empty())
        .take(5)
        .collect();
    let now = state.clock.now();
    let sent =
        escalation.send(&state.db, reason.clone(), input.urgency, focus.clone(), now).await?;
    for tutor in models::tutor_students::tutors_of(&state.db, me.id).await? {
        let body = if focus.is_empty() {
            reason.clone()
        } else {
            format!("{reason} Focus: {}.", focus.join(", "))
        };
        notifications::notify(
            &state.db,
            NewNotification {
                user_id: tutor,
                kind: NotificationKind::TutorRequested,
                title: format!("{} asked for your help ({} urgency)", me.name, input.urgency),
                body,
                link: format!("/students/{}", me.id),
                dedupe_key: Some(format!("escalation:{}", sent.id)),
            },
            now,
        )
        .await?;
    }
    Ok(view(sent, tutor_name(state, me.id).await?))
}

/// `POST /api/chat/escalations/{id}/dismiss`: the student does not want a tutor for this.
pub async fn dismiss_escalation(
    state: &AppState,
    me: &CurrentUser,
    id: Uuid,
) -> Result<(), ChatError> {
    let escalation = own_escalation(state, me, id).await?;
    escalation.dismiss(&state.db, state.clock.now()).await?;
    Ok(())
}
