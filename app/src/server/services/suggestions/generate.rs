//! The `generate-subject-suggestions` work: 3 to 5 subjects to study after a completed goal.
//!
//! Candidates come from the subject progression map (what follows the goal's subject), then the
//! subjects the student's own sessions cover, then the map's general list when fewer than three
//! remain; a subject the student dismissed before, already has a goal for, or just completed is
//! never among them. The AI provider may rank and reword the candidates; the map's order and
//! wording are the default and the fallback when it fails. Idempotent per goal: a goal that has
//! its suggestions gets no more.

use std::collections::{BTreeMap, HashSet};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::SuggestionError;
use crate::{
    dto::{
        notification::NotificationKind,
        nudge::{SuggestionOutcome, SuggestionRunReport},
    },
    server::{
        ai::{SuggestedSubject, SuggestionRequest, calls},
        db::begin_write,
        entities::{
            enums::{GoalStatus, SuggestionSource},
            goals, sessions,
        },
        models::{
            notifications::{self, NewNotification},
            subject_suggestions::{self as suggestion_model, NewSuggestion, subject_key},
        },
        queue::{GenerateSubjectSuggestions, Job},
        services::subjects,
        state::AppState,
    },
};

const MIN_SUGGESTIONS: usize = 3;
const MAX_SUGGESTIONS: usize = 5;
/// Goals one catch-up run looks at.
const CATCH_UP_LIMIT: u64 = 500;

/// What generating did for one goal.
#[derive(Debug, Clone)]
pub struct GoalOutcome {
    pub goal_id: Uuid,
    pub subject: String,
    pub created: u64,
    pub detail: String,
}

/// Subjects the student's sessions cover (as stored: lexicon labels), most sessions first.
async fn session_subjects(
    state: &AppState,
    student_id: Uuid,
) -> Result<Vec<(String, usize)>, sea_orm::DbErr> {
    let labels: Vec<Option<String>> = sessions::Entity::find()
        .select_only()
        .column(sessions::Column::Subject)
        .filter(sessions::Column::StudentId.eq(student_id))
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for label in labels.into_iter().flatten() {
        *counts.entry(label).or_default() += 1;
    }
    let mut out: Vec<(String, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

/// The candidates for a completed goal, best first, each with where it came from.
async fn candidates(
    state: &AppState,
    goal: &goals::Model,
    sessions: &[(String, usize)],
) -> Result<Vec<(SuggestedSubject, SuggestionSource)>, sea_orm::DbErr> {
    let map = subjects::map();
    let entry = map.find(&goal.subject);
    let scope = map.scope(&goal.subject);
    // Subjects to leave out: dismissed ones, and every subject the student has a goal for.
    let mut taken: HashSet<String> =
        suggestion_model::dismissed_keys(&state.db, goal.student_id).await?;
    let goal_subjects: Vec<String> = goals::Entity::find()
        .select_only()
        .column(goals::Column::Subject)
        .filter(goals::Column::StudentId.eq(goal.student_id))
        .into_tuple()
        .all(&state.db)
        .await?;
    for subject in goal_subjects.iter().chain(std::iter::once(&goal.subject)) {
        taken.insert(subject_key(subject));
        if let Some(entry) = map.find(subject) {
            taken.insert(subject_key(&entry.name));
        }
    }
    let mut out: Vec<(SuggestedSubject, SuggestionSource)> = Vec::new();
    let mut push = |subject: &str, reason: String, source, out: &mut Vec<_>| {
        if taken.insert(subject_key(subject)) {
            out.push((SuggestedSubject { subject: subject.to_owned(), reason }, source));
        }
    };
    for next in entry.map(|e| e.next.as_slice()).unwrap_or_default() {
        push(&next.subject, next.reason.clone(), SuggestionSource::Map, &mut out);
    }
    for (label, count) in sessions {
        if out.len() >= MAX_SUGGESTIONS {
            break;
        }
        let lexicon = subjects::lexicon_of_label(label);
        if lexicon.is_some() && lexicon == scope.as_ref().map(|s| s.lexicon.clone()) {
            continue;
        }
        let name = map.find(label).map_or_else(|| label.clone(), |e| e.name.clone());
        let reason = format!(
            "Your sessions already cover {label} ({count} session{}): a goal keeps it moving.",
            if *count == 1 { "" } else { "s" }
        );
        push(&name, reason, SuggestionSource::Sessions, &mut out);
    }
    for next in map.defaults() {
        if out.len() >= MIN_SUGGESTIONS {
            break;
        }
        push(&next.subject, next.reason.clone(), SuggestionSource::Default, &mut out);
    }
    Ok(out)
}

/// Generates the suggestions of one completed goal, unless it has them already.
#[tracing::instrument(skip_all, fields(%goal_id))]
pub async fn generate_for_goal(
    state: &AppState,
    goal_id: Uuid,
) -> Result<GoalOutcome, SuggestionError> {
    let goal =
        goals::Entity::find_by_id(goal_id).one(&state.db).await?.ok_or(SuggestionError::Gone)?;
    let outcome = |created, detail: &str| GoalOutcome {
        goal_id,
        subject: goal.subject.clone(),
        created,
        detail: detail.to_owned(),
    };
    if goal.status != GoalStatus::Completed {
        return Ok(outcome(0, "the goal is no longer completed"));
    }
    if suggestion_model::count_for_goal(&state.db, goal_id).await? > 0 {
        return Ok(outcome(0, "already has its suggestions"));
    }
    let sessions = session_subjects(state, goal.student_id).await?;
    let candidates = candidates(state, &goal, &sessions).await?;
    if candidates.is_empty() {
        return Ok(outcome(0, "nothing left to suggest"));
    }
    let request = SuggestionRequest {
        completed: goal.subject.clone(),
        candidates: candidates.iter().map(|(c, _)| c.clone()).collect(),
        session_subjects: sessions.iter().map(|(label, _)| label.clone()).collect(),
    };
    let ranked = match calls::rank_suggestions(state, &request, Some(goal.student_id)).await {
        Ok(ranked) if !ranked.is_empty() => ranked,
        Ok(_) => request.candidates.iter().take(MAX_SUGGESTIONS).cloned().collect(),
        Err(err) => {
            // The map is the fallback: its order and its words.
            tracing::warn!(error = %err, "ranking suggestions failed; using the progression map");
            request.candidates.iter().take(MAX_SUGGESTIONS).cloned().collect()
        }
    };
    let rows: Vec<NewSuggestion> = ranked
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|s| NewSuggestion {
            student_id: goal.student_id,
            goal_id,
            source: candidates
                .iter()
                .find(|(c, _)| c.subject == s.subject)
                .map_or(SuggestionSource::Map, |(_, source)| *source),
            subject: s.subject,
            reason: s.reason,
        })
        .collect();
    let names: Vec<String> = rows.iter().map(|r| r.subject.clone()).collect();
    let now = state.clock.now();
    let txn = begin_write(&state.db).await?;
    let created = suggestion_model::insert_for_goal(&txn, rows, now).await?;
    if created > 0 {
        let notice = NewNotification {
            user_id: goal.student_id,
            kind: NotificationKind::SuggestionsReady,
            title: format!("What to study after {}", goal.subject),
            body: format!("Suggestions are ready: {}.", names.join(", ")),
            link: "/suggestions".to_owned(),
            dedupe_key: Some(format!("suggestions-ready:{goal_id}")),
        };
        notifications::notify(&txn, notice, now).await?;
    }
    txn.commit().await?;
    tracing::info!(created, "subject suggestions generated");
    Ok(outcome(created, if created > 0 { "suggested" } else { "already has its suggestions" }))
}

/// An admin's run: one completed goal, or every completed goal that has no suggestions yet
/// (catching up on any whose job failed or never ran).
pub async fn run_suggestions(
    state: &AppState,
    goal_id: Option<Uuid>,
) -> Result<SuggestionRunReport, SuggestionError> {
    let ids: Vec<Uuid> = match goal_id {
        Some(id) => vec![id],
        None => {
            goals::Entity::find()
                .select_only()
                .column(goals::Column::Id)
                .filter(goals::Column::Status.eq(GoalStatus::Completed))
                .order_by_desc(goals::Column::CompletedAt)
                .limit(CATCH_UP_LIMIT)
                .into_tuple()
                .all(&state.db)
                .await?
        }
    };
    let mut report = SuggestionRunReport {
        job: GenerateSubjectSuggestions::NAME.to_owned(),
        ran_at: state.clock.now(),
        summary: String::new(),
        considered: 0,
        created: 0,
        skipped: 0,
        goals: Vec::new(),
    };
    for id in ids {
        let outcome = match generate_for_goal(state, id).await {
            Ok(outcome) => outcome,
            Err(SuggestionError::Gone) if goal_id.is_some() => {
                return Err(SuggestionError::NotFound("goal"));
            }
            Err(SuggestionError::Gone) => continue,
            Err(err) => return Err(err),
        };
        report.considered += 1;
        report.created += outcome.created;
        if outcome.created == 0 {
            report.skipped += 1;
        }
        report.goals.push(SuggestionOutcome {
            goal_id: outcome.goal_id,
            subject: outcome.subject,
            created: outcome.created,
            detail: outcome.detail,
        });
    }
    report.summary = format!(
        "{} completed goal{} considered: {} suggestion{} created, {} goal{} skipped.",
        report.considered,
        if report.considered == 1 { "" } else { "s" },
        report.created,
        if report.created == 1 { "" } else { "s" },
        report.skipped,
        if report.skipped == 1 { "" } else { "s" },
    );
    Ok(report)
}
