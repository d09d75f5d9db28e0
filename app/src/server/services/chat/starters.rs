//! Starter questions for an empty conversation, from what the student is working on: concepts
//! due for review, ones they found hard, and the latest sessions' main concepts.

use std::collections::HashSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::ChatError;
use crate::{
    dto::chat::StarterQuestion,
    server::{
        auth::{current::CurrentUser, policy},
        entities::{concepts, enums::SessionStatus, session_concepts, sessions, student_concepts},
        state::AppState,
    },
};

const MAX_STARTERS: usize = 4;

/// `GET /api/chat/starters?sessionId=`: up to four questions worth asking now.
pub async fn starter_questions(
    state: &AppState,
    me: &CurrentUser,
    session_id: Option<Uuid>,
) -> Result<Vec<StarterQuestion>, ChatError> {
    policy::require_student(me)?;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    if session_id.is_none() {
        for (_, concept) in
            student_concepts::Model::due(&state.db, me.id, state.clock.now()).await?
        {
            if let Some(concept) = concept
                && seen.insert(concept.id)
            {
                out.push(StarterQuestion {
                    question: format!("Can you help me review {}?", concept.name),
                    why: "Due for review".into(),
                });
            }
            if out.len() >= 2 {
                break;
            }
        }
    }
    let mut recent = sessions::Entity::find()
        .filter(sessions::Column::StudentId.eq(me.id))
        .filter(sessions::Column::Status.eq(SessionStatus::Analyzed));
    if let Some(session_id) = session_id {
        recent = recent.filter(sessions::Column::Id.eq(session_id));
    }
    let recent =
        recent.order_by_desc(sessions::Column::SessionDate).limit(3).all(&state.db).await?;
    for session in recent {
        let found = session_concepts::Entity::find()
            .filter(session_concepts::Column::SessionId.eq(session.id))
            .order_by_asc(session_concepts::Column::Position)
            .find_also_related(concepts::Entity)
            .all(&state.db)
            .await?;
        let title = session.title.clone().unwrap_or_else(|| "your last session".into());
        for (sc, concept) in found {
            let Some(concept) = concept else { continue };
            if out.len() >= MAX_STARTERS || !seen.insert(concept.id) {
                continue;
            }
            out.push(if sc.signal < 0 {
                StarterQuestion {
                    question: format!("I found {} hard. Can you explain it again?", concept.name),
                    why: format!("You found this hard in “{title}”"),
                }
            } else {
                StarterQuestion {
                    question: format!("What did my tutor say about {}?", concept.name),
                    why: format!("From “{title}”"),
                }
            });
        }
    }
    out.truncate(MAX_STARTERS);
    Ok(out)
}
