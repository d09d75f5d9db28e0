//! Engagement nudges (the `send-engagement-nudges` job's work, also run by an admin): each
//! active student is considered once per run; the rules (`rules`) decide from what is known
//! about them (`facts`) whether to nudge and with what message and one-tap action. A nudge is
//! stored with a unique key per student and day, its notification (kind `nudge`) and, where the
//! student allows it, its email go out in the same transaction, so a re-run, a second worker or
//! a retry never sends twice. Each run first records which earlier nudges worked (`responses`),
//! and also sends the day's "reviews due" notification to students with reviews waiting.

mod facts;
mod responses;
mod rules;
mod settings;

use std::collections::BTreeMap;

pub use responses::record_responses;
pub use settings::{nudge_settings, save_nudge_settings};

use rules::{Decision, Plan, Thresholds, skip_label};

use crate::{
    dto::{
        notification::NotificationKind,
        nudge::{NudgeOutcome, NudgeRule, NudgeRunReport, NudgeSkip, RuleCount, SkipCount},
    },
    error::AppError,
    server::{
        auth::policy::AccessError,
        db::begin_write,
        entities::enums::OutboxKind,
        models::{
            notifications::{self, NewNotification},
            nudges::{self, NewNudge},
            outbox::{self, NewEmail},
        },
        queue::{Job, SendEngagementNudges},
        services::outbox::log_delivery,
        state::AppState,
    },
};

/// Students listed one by one in a run's report (the counts cover everyone).
const REPORTED_STUDENTS: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum NudgeError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

impl From<NudgeError> for AppError {
    fn from(err: NudgeError) -> Self {
        match err {
            NudgeError::Access(err) => err.into(),
            NudgeError::Db(err) => err.into(),
        }
    }
}

/// What sending one planned nudge came to.
enum Sent {
    Nudged,
    /// Another run took the day first.
    Taken,
}

/// Stores the nudge (claiming the student's day), its notification and its email, together.
async fn send(
    state: &AppState,
    considered: &facts::Considered,
    plan: &Plan,
) -> Result<Sent, sea_orm::DbErr> {
    let now = state.clock.now();
    let student = &considered.user;
    let emailed = considered.facts.setting.email;
    let txn = begin_write(&state.db).await?;
    let new = NewNudge {
        student_id: student.id,
        day: considered.day,
        rule: plan.rule,
        title: plan.title.clone(),
        body: plan.body.clone(),
        action_label: plan.action_label.clone(),
        action_link: plan.action_link.clone(),
        goal_id: plan.goal_id,
        emailed,
    };
    let Some(nudge) = nudges::claim_day(&txn, new, now).await? else {
        txn.rollback().await?;
        return Ok(Sent::Taken);
    };
    let notice = NewNotification {
        user_id: student.id,
        kind: NotificationKind::Nudge,
        title: plan.title.clone(),
        body: format!("{} {} →", plan.body, plan.action_label),
        link: plan.action_link.clone(),
        dedupe_key: Some(format!("nudge:{}", considered.day)),
    };
    notifications::notify(&txn, notice, now).await?;
    let email = if emailed {
        let link = format!("{}{}", state.settings.public_url, plan.action_link);
        let body = format!(
            "Hi {},\n\n{}\n\n{}: {link}\n\nYou can change how often we remind you on your \
             profile page.\n",
            considered.facts.first_name, plan.body, plan.action_label
        );
        let email = NewEmail {
            kind: OutboxKind::Nudge,
            recipient: &student.email,
            subject: &plan.title,
            body: &body,
        };
        Some((outbox::queue(&txn, email, now).await?, link))
    } else {
        None
    };
    txn.commit().await?;
    if let Some((message, link)) = email {
        log_delivery(state, &message, &link);
    }
    tracing::info!(student_id = %student.id, rule = %nudge.rule, "nudge sent");
    Ok(Sent::Nudged)
}

/// The day's "reviews due" notification (at most one per student per day), unless today's
/// nudge already points at the review.
async fn notify_reviews_due(
    state: &AppState,
    considered: &facts::Considered,
    nudged_to_review: bool,
) -> Result<bool, sea_orm::DbErr> {
    let due = &considered.facts.due;
    if due.is_empty() || nudged_to_review {
        return Ok(false);
    }
    let notice = NewNotification {
        user_id: considered.user.id,
        kind: NotificationKind::ReviewsDue,
        title: format!(
            "{} due for review",
            if due.len() == 1 { "1 concept".to_owned() } else { format!("{} concepts", due.len()) }
        ),
        body: {
            let shown = due.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            let more = due.len().saturating_sub(5);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            format!("{shown}{more}: start a review to keep them fresh.")
        },
        link: "/practice".to_owned(),
        dedupe_key: Some(format!("reviews-due:{}", considered.day)),
    };
    notifications::notify(&state.db, notice, state.clock.now()).await
}

/// Runs the nudges once, as of the clock's now, and reports what it did.
#[tracing::instrument(skip_all)]
pub async fn send_engagement_nudges(state: &AppState) -> Result<NudgeRunReport, NudgeError> {
    let now = state.clock.now();
    let settings = &state.settings.engagement;
    let thresholds = Thresholds {
        inactive_days: i64::from(settings.inactive_days),
        cooldown_days: i64::from(settings.inactive_days),
    };
    let responses_recorded = record_responses(state).await?;
    let students = facts::gather(&state.db, now).await?;

    let mut skipped: BTreeMap<NudgeSkip, u64> = BTreeMap::new();
    let mut by_rule: BTreeMap<NudgeRule, u64> = BTreeMap::new();
    let mut outcomes = Vec::new();
    let mut reviews_due_notified = 0;
    for considered in &students {
        let (rule, skip, detail) = match rules::decide(&considered.facts, now, thresholds) {
            Decision::Skip(skip) => (None, Some(skip), skip_label(skip).to_owned()),
            Decision::Send(plan) => match send(state, considered, &plan).await? {
                Sent::Nudged => (Some(plan.rule), None, plan.title.clone()),
                Sent::Taken => {
                    let skip = NudgeSkip::AlreadyNudgedToday;
                    (None, Some(skip), skip_label(skip).to_owned())
                }
            },
        };
        if let Some(rule) = rule {
            *by_rule.entry(rule).or_default() += 1;
        }
        if let Some(skip) = skip {
            *skipped.entry(skip).or_default() += 1;
        }
        let to_review = matches!(rule, Some(NudgeRule::ReviewsDue | NudgeRule::Inactive))
            && !considered.facts.due.is_empty();
        if notify_reviews_due(state, considered, to_review).await? {
            reviews_due_notified += 1;
        }
        if outcomes.len() < REPORTED_STUDENTS {
            outcomes.push(NudgeOutcome {
                student_id: considered.user.id,
                name: considered.user.name.clone(),
                rule,
                skipped: skip,
                detail,
            });
        }
    }
    let nudged: u64 = by_rule.values().sum();
    let skipped_total: u64 = skipped.values().sum();
    let report = NudgeRunReport {
        job: SendEngagementNudges::NAME.to_owned(),
        ran_at: now,
        summary: format!(
            "{} student{} considered: {nudged} nudged, {skipped_total} skipped.",
            students.len(),
            if students.len() == 1 { "" } else { "s" },
        ),
        considered: students.len() as u64,
        nudged,
        skipped: skipped_total,
        reasons: skipped
            .into_iter()
            .map(|(reason, count)| SkipCount {
                reason,
                label: skip_label(reason).to_owned(),
                count,
            })
            .collect(),
        by_rule: by_rule.into_iter().map(|(rule, count)| RuleCount { rule, count }).collect(),
        reviews_due_notified,
        responses_recorded,
        students: outcomes,
    };
    tracing::info!(
        considered = report.considered,
        nudged,
        skipped = skipped_total,
        "nudge run done"
    );
    Ok(report)
}
