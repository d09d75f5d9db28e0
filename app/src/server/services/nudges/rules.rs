//! The nudge rules, as a pure function of what is known about a student: whether to nudge
//! today, with which rule, and the personalised message with its one-tap action.
//!
//! In order: nothing for a student who turned nudges off, was already nudged today, asked for
//! weekly nudges and had one this week, or already practised, chatted or uploaded today. Then
//! the first rule that applies and did not fire in the last `cooldown_days`:
//! 1. no session at all two or more days after sign-up;
//! 2. fewer than three sessions in the first week (days 2 to 7);
//! 3. inactive for `inactive_days` or more;
//! 4. concepts due for review.
//!
//! The message never speaks about a paused goal, and concepts that belong only to paused goals
//! are not counted as due (the caller leaves them out of the facts).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::{
    dto::nudge::{NudgeFrequency, NudgeRule, NudgeSkip},
    server::models::nudge_settings::Setting,
};

/// An active goal the message can speak about.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalFact {
    pub id: Uuid,
    pub subject: String,
    pub progress: f64,
    pub target_date: Option<NaiveDate>,
}

/// What is known about one student at the time of the run.
#[derive(Debug, Clone)]
pub struct StudentFacts {
    /// The first name, for the greeting.
    pub first_name: String,
    pub signed_up_at: DateTime<Utc>,
    pub sessions_total: u64,
    /// Sessions that arrived in the seven days after sign-up.
    pub sessions_first_week: u64,
    pub last_acted_at: Option<DateTime<Utc>>,
    pub acted_today: bool,
    /// Names of concepts due for review (none that belong only to paused goals).
    pub due: Vec<String>,
    /// The active goal to mention (never a paused one).
    pub goal: Option<GoalFact>,
    pub has_tutor: bool,
    pub setting: Setting,
    pub nudged_today: bool,
    /// Nudges of the last seven days: their rules and when they were sent.
    pub recent: Vec<(NudgeRule, DateTime<Utc>)>,
}

/// A nudge to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub rule: NudgeRule,
    pub title: String,
    pub body: String,
    pub action_label: String,
    /// A page of the app.
    pub action_link: String,
    pub goal_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Skip(NudgeSkip),
    Send(Plan),
}

/// The knobs of the rules (from `[engagement]` settings).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub inactive_days: i64,
    /// A rule does not fire again for a student within this many days.
    pub cooldown_days: i64,
}

const UPLOAD: (&str, &str) = ("Upload a session", "/sessions/new");
const REVIEW: (&str, &str) = ("Open your review", "/practice");
/// The booking feature's page for a student's tutors.
const BOOK: (&str, &str) = ("Book your tutor", "/tutors");

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn goal_line(goal: &GoalFact) -> String {
    let by = goal.target_date.map(|d| format!(" by {}", d.format("%b %-d"))).unwrap_or_default();
    let percent = (goal.progress * 100.0).round() as i64;
    if percent == 0 {
        format!("Practice is what moves your {} goal{by} forward.", goal.subject)
    } else {
        format!("You are {percent}% of the way to your {} goal{by}.", goal.subject)
    }
}

fn due_line(due: &[String]) -> String {
    let shown: Vec<&str> = due.iter().take(3).map(String::as_str).collect();
    let more = due.len().saturating_sub(shown.len());
    let list =
        if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") };
    format!("{} due for review: {list}.", plural(due.len() as u64, "concept is", "concepts are"))
}

fn plan(
    rule: NudgeRule,
    title: String,
    parts: Vec<String>,
    action: (&str, &str),
    goal: Option<&GoalFact>,
) -> Plan {
    Plan {
        rule,
        title,
        body: parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" "),
        action_label: action.0.to_owned(),
        action_link: action.1.to_owned(),
        goal_id: goal.map(|g| g.id),
    }
}

fn compose(rule: NudgeRule, f: &StudentFacts, now: DateTime<Utc>) -> Plan {
    let joined = (now - f.signed_up_at).num_days().max(0) as u64;
    let goal = f.goal.as_ref();
    let goal_text = goal.map(goal_line).unwrap_or_default();
    match rule {
        NudgeRule::NoSession => plan(
            rule,
            format!("{}, your first session is waiting", f.first_name),
            vec![
                format!(
                    "You joined {} ago and have not added a tutoring session yet.",
                    plural(joined, "day", "days")
                ),
                "Upload a transcript and we will turn it into practice sized to you.".to_owned(),
                goal_text,
            ],
            UPLOAD,
            goal,
        ),
        NudgeRule::FirstWeek => plan(
            rule,
            format!(
                "{} in your first week: aim for 3",
                plural(f.sessions_first_week, "session", "sessions")
            ),
            vec![
                format!(
                    "You have had {} since you joined {} ago.",
                    plural(f.sessions_first_week, "session", "sessions"),
                    plural(joined, "day", "days")
                ),
                "Three sessions in the first week build a habit that lasts: add your next one."
                    .to_owned(),
                goal_text,
            ],
            UPLOAD,
            goal,
        ),
        NudgeRule::Inactive => {
            let since = (now - f.last_acted_at.unwrap_or(f.signed_up_at)).num_days().max(0) as u64;
            let action = if !f.due.is_empty() {
                REVIEW
            } else if f.has_tutor {
                BOOK
            } else {
                UPLOAD
            };
            let what = if f.last_acted_at.is_some() {
                format!("Your last practice or upload was {} ago", plural(since, "day", "days"))
            } else {
                format!(
                    "You have not practised since you joined {} ago",
                    plural(since, "day", "days")
                )
            };
            plan(
                rule,
                format!("It has been {}, {}", plural(since, "day", "days"), f.first_name),
                vec![
                    format!(
                        "{what}, with {} so far.",
                        plural(f.sessions_total, "session", "sessions")
                    ),
                    goal_text,
                    if f.due.is_empty() { String::new() } else { due_line(&f.due) },
                    if action == BOOK {
                        "A session with your tutor is a good way back in.".to_owned()
                    } else {
                        String::new()
                    },
                ],
                action,
                goal,
            )
        }
        NudgeRule::ReviewsDue => plan(
            rule,
            format!("{} due for review", plural(f.due.len() as u64, "concept", "concepts")),
            vec![
                due_line(&f.due),
                "A few minutes now keeps them from slipping.".to_owned(),
                goal_text,
            ],
            REVIEW,
            goal,
        ),
    }
}

/// Whether a rule applies to the student now.
fn applies(rule: NudgeRule, f: &StudentFacts, now: DateTime<Utc>, t: Thresholds) -> bool {
    let age = now - f.signed_up_at;
    match rule {
        NudgeRule::NoSession => age >= Duration::days(2) && f.sessions_total == 0,
        NudgeRule::FirstWeek => {
            age >= Duration::days(2)
                && age < Duration::days(8)
                && (1..3).contains(&f.sessions_first_week)
        }
        NudgeRule::Inactive => {
            now - f.last_acted_at.unwrap_or(f.signed_up_at) >= Duration::days(t.inactive_days)
        }
        NudgeRule::ReviewsDue => !f.due.is_empty(),
    }
}

/// Whether and how to nudge this student now.
pub fn decide(f: &StudentFacts, now: DateTime<Utc>, t: Thresholds) -> Decision {
    if f.setting.frequency == NudgeFrequency::Off {
        return Decision::Skip(NudgeSkip::OptedOut);
    }
    if f.nudged_today {
        return Decision::Skip(NudgeSkip::AlreadyNudgedToday);
    }
    if f.setting.frequency == NudgeFrequency::Weekly
        && f.recent.iter().any(|(_, at)| now - *at < Duration::days(7))
    {
        return Decision::Skip(NudgeSkip::NudgedThisWeek);
    }
    if f.acted_today {
        return Decision::Skip(NudgeSkip::ActedToday);
    }
    let cooling = |rule: NudgeRule| {
        f.recent.iter().any(|(r, at)| *r == rule && now - *at < Duration::days(t.cooldown_days))
    };
    NudgeRule::ALL
        .iter()
        .copied()
        .find(|rule| applies(*rule, f, now, t) && !cooling(*rule))
        .map_or(Decision::Skip(NudgeSkip::NothingToSay), |rule| {
            Decision::Send(compose(rule, f, now))
        })
}

/// The reason a student was skipped, in words.
pub fn skip_label(skip: NudgeSkip) -> &'static str {
    match skip {
        NudgeSkip::OptedOut => "turned nudges off",
        NudgeSkip::NudgedThisWeek => "chose weekly nudges and had one this week",
        NudgeSkip::ActedToday => "already practised, chatted or uploaded today",
        NudgeSkip::AlreadyNudgedToday => "already nudged today",
        NudgeSkip::NothingToSay => "no rule applies",
    }
}

#[cfg(test)]
mod tests;
