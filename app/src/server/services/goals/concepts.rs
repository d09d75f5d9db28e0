//! Which concepts a goal is measured by. Proposed from two places: the student's own session
//! concepts that fall within the goal's subject (most recent sessions first), then the
//! subject's concepts from the offline lexicons (in curriculum order), catalogued as needed.
//! The student adjusts the set; the rest of the proposals stay on offer as candidates.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    dto::goal::ConceptCandidate,
    server::{
        ai::offline,
        entities::{concepts, session_concepts, sessions, student_concepts},
        models::concepts::{CatalogueEntry, catalogue},
        services::subjects::{self, Scope},
    },
};

/// A new goal starts with at most this many concepts, and at least this many when its subject
/// has them.
const MAX_PROPOSED: usize = 8;
const MIN_PROPOSED: usize = 5;
/// Lexicon concepts catalogued for a subject beyond those proposed, to offer as candidates.
const EXTRA_CANDIDATES: usize = 6;

/// The concepts of the student's sessions, each once, most recent session first.
async fn session_concepts_of(
    db: &impl ConnectionTrait,
    student_id: Uuid,
) -> Result<Vec<concepts::Model>, sea_orm::DbErr> {
    let student_sessions = sessions::Entity::find()
        .filter(sessions::Column::StudentId.eq(student_id))
        .order_by_desc(sessions::Column::SessionDate)
        .all(db)
        .await?;
    let order: HashMap<Uuid, usize> =
        student_sessions.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut links = session_concepts::Entity::find()
        .filter(session_concepts::Column::SessionId.is_in(order.keys().copied()))
        .all(db)
        .await?;
    links.sort_by_key(|l| (order.get(&l.session_id).copied().unwrap_or(usize::MAX), l.position));
    let by_id: HashMap<Uuid, concepts::Model> = concepts::Entity::find()
        .filter(concepts::Column::Id.is_in(links.iter().map(|l| l.concept_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut seen = HashSet::new();
    Ok(links
        .into_iter()
        .filter(|l| seen.insert(l.concept_id))
        .filter_map(|l| by_id.get(&l.concept_id).cloned())
        .collect())
}

fn in_scope(scope: &Scope, concept: &concepts::Model) -> bool {
    let area = offline::lexicon_concept(&concept.subject, &concept.name).map(|c| c.area);
    scope.covers(&concept.subject, area.as_deref())
}

/// The lexicon concepts of a scope, in the lexicon's order.
fn scope_concepts(scope: &Scope) -> Vec<offline::LexiconConcept> {
    offline::subject_concepts(&scope.lexicon)
        .into_iter()
        .filter(|c| scope.covers(&scope.lexicon, Some(&c.area)))
        .collect()
}

/// The concepts a new goal on `subject` starts with. Lexicon concepts that are proposed or
/// kept as candidates are added to the catalogue.
pub async fn propose(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, sea_orm::DbErr> {
    let Some(scope) = subjects::map().scope(subject) else { return Ok(Vec::new()) };
    let mut proposed: Vec<Uuid> = session_concepts_of(db, student_id)
        .await?
        .into_iter()
        .filter(|c| in_scope(&scope, c))
        .map(|c| c.id)
        .take(MAX_PROPOSED)
        .collect();
    let wanted_from_lexicon = MIN_PROPOSED.saturating_sub(proposed.len());
    let mut catalogued = 0;
    for concept in scope_concepts(&scope) {
        if catalogued >= wanted_from_lexicon + EXTRA_CANDIDATES {
            break;
        }
        let entry = CatalogueEntry {
            subject: &scope.lexicon,
            name: &concept.name,
            difficulty: concept.difficulty,
            description: Some(&concept.description),
        };
        let id = catalogue(db, entry, now).await?;
        if proposed.contains(&id) {
            continue;
        }
        if catalogued < wanted_from_lexicon {
            proposed.push(id);
        }
        catalogued += 1;
    }
    Ok(proposed)
}

/// Concepts the student could add: their session concepts, then the subject's catalogued
/// concepts, leaving out those already on the goal.
pub async fn candidates(
    db: &impl ConnectionTrait,
    student_id: Uuid,
    subject: &str,
    attached: &HashSet<Uuid>,
) -> Result<Vec<ConceptCandidate>, sea_orm::DbErr> {
    let scope = subjects::map().scope(subject);
    let label =
        subjects::map().find(subject).map_or_else(|| subject.to_owned(), |e| e.name.clone());
    let mut out: Vec<ConceptCandidate> = Vec::new();
    let mut seen: HashSet<Uuid> = attached.clone();
    let mut own = session_concepts_of(db, student_id).await?;
    // Within the goal's subject first.
    own.sort_by_key(|c| scope.as_ref().is_none_or(|s| !in_scope(s, c)));
    for concept in own {
        if seen.insert(concept.id) {
            out.push(ConceptCandidate {
                concept_id: concept.id,
                name: concept.name,
                source: "From your sessions".to_owned(),
                mastery: None,
            });
        }
    }
    if let Some(scope) = scope {
        let names: Vec<String> =
            scope_concepts(&scope).into_iter().map(|c| offline::normalize_name(&c.name)).collect();
        let catalogued = concepts::Entity::find()
            .filter(concepts::Column::Subject.eq(scope.lexicon.clone()))
            .filter(concepts::Column::NormalizedName.is_in(names.clone()))
            .all(db)
            .await?;
        let mut catalogued: Vec<concepts::Model> = catalogued;
        catalogued.sort_by_key(|c| names.iter().position(|n| *n == c.normalized_name));
        for concept in catalogued {
            if seen.insert(concept.id) {
                out.push(ConceptCandidate {
                    concept_id: concept.id,
                    name: concept.name,
                    source: format!("Part of {label}"),
                    mastery: None,
                });
            }
        }
    }
    out.truncate(30);
    let ids: Vec<Uuid> = out.iter().map(|c| c.concept_id).collect();
    let standings = student_concepts::Model::for_concepts(db, student_id, ids).await?;
    for candidate in &mut out {
        candidate.mastery = standings.get(&candidate.concept_id).map(|s| s.mastery);
    }
    Ok(out)
}
