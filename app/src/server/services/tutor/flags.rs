//! Risk flags, computed from the data for many students at once in a fixed number of queries
//! (never one round of queries per student), and the roster they order.
//!
//! | flag | raised when |
//! |---|---|
//! | open escalation | the student sent a chat escalation to their tutors and no booking took it up |
//! | struggling | mastery below 40 % on a concept with evidence in the last 14 days |
//! | goal at risk | an active goal's date is at most 14 days away (or passed) with progress under 50 % |
//! | reviews overdue | reviews due more than a day ago |
//! | inactive | no practice, chat or upload for `engagement.inactive_days` (since sign-up if never) |
//! | nudged, no response | a nudge in the last 7 days, its response window over, no act since |

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, Func},
};
use uuid::Uuid;

use super::{TutorError, escalations_of, student_href};
use crate::{
    dto::tutor::{FlagKind, RiskFlag, RosterEntry},
    server::{
        auth::{current::CurrentUser, policy},
        config::EngagementSettings,
        entities::{
            concept_evidence, concepts,
            enums::{EscalationStatus, GoalStatus, Role},
            goals, nudges, sessions, student_concepts, tutor_students, users,
        },
        models::goals as goal_model,
        services::{activity, goals as goal_service, time},
        state::AppState,
    },
};

/// Mastery under this, with recent evidence, is struggling.
pub const STRUGGLING_BELOW: f64 = 0.4;
/// Evidence this recent makes low mastery a present problem rather than old history.
pub const RECENT_EVIDENCE_DAYS: i64 = 14;
/// A review is overdue once it has been due this long.
pub const REVIEW_GRACE_HOURS: i64 = 24;
/// Nudges this recent are considered.
pub const NUDGE_LOOKBACK_DAYS: i64 = 7;
/// A goal date this close (or passed) with progress under [`GOAL_LOW_PROGRESS`] is at risk.
pub const GOAL_SOON_DAYS: i64 = 14;
pub const GOAL_LOW_PROGRESS: f64 = 0.5;

/// What the flags say about one student, with the times the roster shows.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    pub flags: Vec<RiskFlag>,
    pub last_active_at: Option<DateTime<Utc>>,
    pub last_session_at: Option<DateTime<Utc>>,
}

impl Assessment {
    pub fn need(&self) -> u32 {
        self.flags.iter().map(|f| f.kind.weight()).sum()
    }
}

fn percent(value: f64) -> String {
    format!("{}%", (value * 100.0).round() as i64)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn names_list(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(3).cloned().collect();
    if names.len() > 3 {
        shown.push(format!("{} more", names.len() - 3));
    }
    shown.join(", ")
}

/// The flags of each of these students as of `now`. Dates in details are in `viewer_zone`;
/// goal days are counted in each student's own zone. A fixed number of queries.
pub async fn assess(
    db: &impl ConnectionTrait,
    engagement: &EngagementSettings,
    students: &[users::Model],
    viewer_zone: &str,
    now: DateTime<Utc>,
) -> Result<HashMap<Uuid, Assessment>, sea_orm::DbErr> {
    let ids: Vec<Uuid> = students.iter().map(|s| s.id).collect();
    let mut out: HashMap<Uuid, Assessment> =
        ids.iter().map(|id| (*id, Assessment::default())).collect();
    if ids.is_empty() {
        return Ok(out);
    }

    let last_acted = activity::last_acted(db, &activity::acting(), &ids).await?;
    let last_sessions: Vec<(Uuid, Option<DateTime<Utc>>)> = sessions::Entity::find()
        .select_only()
        .column(sessions::Column::StudentId)
        .expr(Func::max(Expr::col(sessions::Column::SessionDate)))
        .filter(sessions::Column::StudentId.is_in(ids.clone()))
        .group_by(sessions::Column::StudentId)
        .into_tuple()
        .all(db)
        .await?;
    let standings = student_concepts::Entity::find()
        .filter(student_concepts::Column::StudentId.is_in(ids.clone()))
        .find_also_related(concepts::Entity)
        .all(db)
        .await?;
    let recent_evidence: HashSet<(Uuid, Uuid)> = concept_evidence::Entity::find()
        .select_only()
        .column(concept_evidence::Column::StudentId)
        .column(concept_evidence::Column::ConceptId)
        .filter(concept_evidence::Column::StudentId.is_in(ids.clone()))
        .filter(
            concept_evidence::Column::OccurredAt.gte(now - Duration::days(RECENT_EVIDENCE_DAYS)),
        )
        .distinct()
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let recent_nudges = nudges::Entity::find()
        .filter(nudges::Column::StudentId.is_in(ids.clone()))
        .filter(nudges::Column::SentAt.gte(now - Duration::days(NUDGE_LOOKBACK_DAYS)))
        .order_by_desc(nudges::Column::SentAt)
        .all(db)
        .await?;
    let escalations = escalations_of(db, &ids).await?;
    let active_goals = goals::Entity::find()
        .filter(goals::Column::StudentId.is_in(ids.clone()))
        .filter(goals::Column::Status.eq(GoalStatus::Active))
        .filter(goals::Column::TargetDate.is_not_null())
        .all(db)
        .await?;
    let goal_concepts =
        goal_model::concepts_of(db, &active_goals.iter().map(|g| g.id).collect::<Vec<_>>()).await?;

    for (student, at) in last_sessions {
        if let (Some(entry), Some(at)) = (out.get_mut(&student), at) {
            entry.last_session_at = Some(at);
        }
    }
    let mut mastery: HashMap<(Uuid, Uuid), f64> = HashMap::new();
    let mut struggling: HashMap<Uuid, Vec<(f64, String)>> = HashMap::new();
    let mut overdue: HashMap<Uuid, Vec<(DateTime<Utc>, String)>> = HashMap::new();
    let overdue_before = now - Duration::hours(REVIEW_GRACE_HOURS);
    for (standing, concept) in &standings {
        mastery.insert((standing.student_id, standing.concept_id), standing.mastery);
        let Some(concept) = concept else { continue };
        if standing.mastery < STRUGGLING_BELOW
            && recent_evidence.contains(&(standing.student_id, standing.concept_id))
        {
            struggling
                .entry(standing.student_id)
                .or_default()
                .push((standing.mastery, concept.name.clone()));
        }
        if let Some(due) = standing.due_at.filter(|due| *due <= overdue_before) {
            overdue.entry(standing.student_id).or_default().push((due, concept.name.clone()));
        }
    }

    for user in students {
        let id = user.id;
        let Some(entry) = out.get_mut(&id) else { continue };
        let last = last_acted.get(&id).copied();
        entry.last_active_at = last;
        let mut flags = Vec::new();

        for escalation in escalations.iter().filter(|e| e.student_id == id) {
            if escalation.status != EscalationStatus::Open {
                continue;
            }
            let focus = escalation.focus.0.join(", ");
            flags.push(RiskFlag {
                kind: FlagKind::OpenEscalation,
                detail: format!(
                    "Asked for a tutor {} ({} urgency): {}{}",
                    time::relative(
                        escalation.sent_at.unwrap_or(escalation.created_at),
                        now,
                        viewer_zone
                    ),
                    escalation.urgency,
                    escalation.reason,
                    if focus.is_empty() { String::new() } else { format!(" Focus: {focus}.") },
                ),
                href: student_href(id, &format!("escalation-{}", escalation.id)),
            });
        }

        if let Some(list) = struggling.get_mut(&id) {
            list.sort_by(|a, b| a.0.total_cmp(&b.0));
            let described: Vec<String> =
                list.iter().map(|(m, name)| format!("{name} ({})", percent(*m))).collect();
            flags.push(RiskFlag {
                kind: FlagKind::Struggling,
                detail: format!(
                    "Mastery under {} with evidence in the last {RECENT_EVIDENCE_DAYS} days: {}.",
                    percent(STRUGGLING_BELOW),
                    names_list(&described)
                ),
                href: student_href(id, "mastery"),
            });
        }

        let today = time::local_day(now, &user.time_zone);
        for goal in active_goals.iter().filter(|g| g.student_id == id) {
            let Some(target) = goal.target_date else { continue };
            let days_left = (target - today).num_days();
            if days_left > GOAL_SOON_DAYS {
                continue;
            }
            let concept_ids = goal_concepts.get(&goal.id).cloned().unwrap_or_default();
            let masteries: Vec<f64> = concept_ids
                .iter()
                .map(|c| {
                    mastery.get(&(id, *c)).copied().unwrap_or_else(goal_service::starting_mastery)
                })
                .collect();
            let progress = goal_service::snapshot(&masteries, goal.mastery_target).progress;
            if progress >= GOAL_LOW_PROGRESS {
                continue;
            }
            let when = match days_left {
                d if d < 0 => format!("was due {} ago", plural((-d) as usize, "day", "days")),
                0 => "is due today".to_owned(),
                d => format!("is due in {}", plural(d as usize, "day", "days")),
            };
            flags.push(RiskFlag {
                kind: FlagKind::GoalAtRisk,
                detail: format!(
                    "“{}” {when} and is at {} progress.",
                    goal.subject,
                    percent(progress)
                ),
                href: student_href(id, &format!("goal-{}", goal.id)),
            });
        }

        if let Some(list) = overdue.get_mut(&id) {
            list.sort();
            let oldest = list.first().map(|(due, _)| (now - *due).num_days()).unwrap_or(1);
            let names: Vec<String> = list.iter().map(|(_, name)| name.clone()).collect();
            flags.push(RiskFlag {
                kind: FlagKind::ReviewsOverdue,
                detail: format!(
                    "{} overdue, the oldest by {}: {}.",
                    plural(list.len(), "review", "reviews"),
                    plural(oldest.max(1) as usize, "day", "days"),
                    names_list(&names)
                ),
                href: student_href(id, "mastery"),
            });
        }

        let inactive_after = Duration::days(i64::from(engagement.inactive_days));
        match last {
            Some(at) if now - at >= inactive_after => flags.push(RiskFlag {
                kind: FlagKind::Inactive,
                detail: format!(
                    "No practice, chat or upload for {} (last on {}).",
                    plural((now - at).num_days() as usize, "day", "days"),
                    time::day_label(at, viewer_zone)
                ),
                href: student_href(id, "practice"),
            }),
            None if now - user.created_at >= inactive_after => flags.push(RiskFlag {
                kind: FlagKind::Inactive,
                detail: format!(
                    "No practice, chat or upload since signing up {} ago.",
                    plural((now - user.created_at).num_days() as usize, "day", "days")
                ),
                href: student_href(id, "practice"),
            }),
            _ => {}
        }

        let window = Duration::hours(i64::from(engagement.response_hours));
        let unanswered = recent_nudges.iter().find(|n| {
            n.student_id == id
                && n.responded_at.is_none()
                && now - n.sent_at >= window
                && last.is_none_or(|acted| acted <= n.sent_at)
        });
        if let Some(nudge) = unanswered {
            flags.push(RiskFlag {
                kind: FlagKind::NudgedNoResponse,
                detail: format!(
                    "Nudged {} (“{}”) and has not acted since.",
                    time::relative(nudge.sent_at, now, viewer_zone),
                    nudge.title
                ),
                href: student_href(id, "practice"),
            });
        }

        flags.sort_by_key(|f| std::cmp::Reverse(f.kind.weight()));
        entry.flags = flags;
    }
    Ok(out)
}

/// `GET /api/tutor/students`: the tutor's linked students with their flags, most in need
/// first (then by name).
#[tracing::instrument(skip_all, fields(tutor_id = %me.id))]
pub async fn roster(state: &AppState, me: &CurrentUser) -> Result<Vec<RosterEntry>, TutorError> {
    policy::require_tutor(me)?;
    let linked: Vec<Uuid> = tutor_students::Entity::find()
        .select_only()
        .column(tutor_students::Column::StudentId)
        .filter(tutor_students::Column::TutorId.eq(me.id))
        .into_tuple()
        .all(&state.db)
        .await?;
    if linked.is_empty() {
        return Ok(Vec::new());
    }
    let students = users::Entity::find()
        .filter(users::Column::Id.is_in(linked))
        .filter(users::Column::Role.eq(Role::Student))
        .filter(users::Column::IsActive.eq(true))
        .all(&state.db)
        .await?;
    let now = state.clock.now();
    let mut assessed =
        assess(&state.db, &state.settings.engagement, &students, &me.time_zone, now).await?;
    let mut roster: Vec<RosterEntry> = students
        .into_iter()
        .map(|user| {
            let assessment = assessed.remove(&user.id).unwrap_or_default();
            RosterEntry {
                need: assessment.need(),
                last_active_label: assessment
                    .last_active_at
                    .map(|at| time::relative(at, now, &me.time_zone)),
                last_active_at: assessment.last_active_at,
                last_session_at: assessment.last_session_at,
                flags: assessment.flags,
                id: user.id,
                name: user.name,
                email: user.email,
            }
        })
        .collect();
    roster.sort_by(|a, b| b.need.cmp(&a.need).then_with(|| a.name.cmp(&b.name)));
    Ok(roster)
}

/// One student's flags (for the student page and the brief).
pub async fn flags_of(
    state: &AppState,
    student: &users::Model,
    viewer_zone: &str,
) -> Result<Vec<RiskFlag>, sea_orm::DbErr> {
    let mut assessed = assess(
        &state.db,
        &state.settings.engagement,
        std::slice::from_ref(student),
        viewer_zone,
        state.clock.now(),
    )
    .await?;
    Ok(assessed.remove(&student.id).map(|a| a.flags).unwrap_or_default())
}
