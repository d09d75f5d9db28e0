//! The rules on hand-made facts: each rule, its order, the skips, and the words.

use super::*;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-10T09:00:00Z").expect("time").to_utc()
}

const T: Thresholds = Thresholds { inactive_days: 3, cooldown_days: 3 };

fn student(days_ago: i64) -> StudentFacts {
    StudentFacts {
        first_name: "Ada".into(),
        signed_up_at: now() - Duration::days(days_ago),
        sessions_total: 0,
        sessions_first_week: 0,
        last_acted_at: None,
        acted_today: false,
        due: Vec::new(),
        goal: None,
        has_tutor: false,
        setting: Setting::default(),
        nudged_today: false,
        recent: Vec::new(),
    }
}

fn sent(decision: Decision) -> Plan {
    match decision {
        Decision::Send(plan) => plan,
        Decision::Skip(skip) => panic!("expected a nudge, skipped: {skip:?}"),
    }
}

#[test]
fn no_session_two_days_after_sign_up() {
    assert_eq!(decide(&student(1), now(), T), Decision::Skip(NudgeSkip::NothingToSay));
    let plan = sent(decide(&student(2), now(), T));
    assert_eq!(plan.rule, NudgeRule::NoSession);
    assert_eq!(plan.action_link, "/sessions/new");
    assert!(plan.body.contains("joined 2 days ago"), "{}", plan.body);
}

#[test]
fn fewer_than_three_sessions_in_the_first_week() {
    let mut f = student(4);
    f.sessions_total = 1;
    f.sessions_first_week = 1;
    f.last_acted_at = Some(now() - Duration::days(1));
    let plan = sent(decide(&f, now(), T));
    assert_eq!(plan.rule, NudgeRule::FirstWeek);
    assert!(plan.title.starts_with("1 session in your first week"), "{}", plan.title);
    f.sessions_first_week = 3;
    f.sessions_total = 3;
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::NothingToSay));
    let mut late = student(9);
    late.sessions_total = 1;
    late.sessions_first_week = 1;
    late.last_acted_at = Some(now() - Duration::days(1));
    assert_eq!(
        decide(&late, now(), T),
        Decision::Skip(NudgeSkip::NothingToSay),
        "week one is over"
    );
}

#[test]
fn inactive_for_n_days_with_the_right_action() {
    let mut f = student(30);
    f.sessions_total = 5;
    f.sessions_first_week = 3;
    f.last_acted_at = Some(now() - Duration::days(2));
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::NothingToSay));
    f.last_acted_at = Some(now() - Duration::days(4));
    let plan = sent(decide(&f, now(), T));
    assert_eq!((plan.rule, plan.action_link.as_str()), (NudgeRule::Inactive, "/sessions/new"));
    assert!(plan.body.contains("4 days ago, with 5 sessions so far"), "{}", plan.body);
    f.has_tutor = true;
    assert_eq!(sent(decide(&f, now(), T)).action_link, "/tutors");
    f.due = vec!["Quadratic formula".into()];
    assert_eq!(sent(decide(&f, now(), T)).action_link, "/practice");
}

#[test]
fn reviews_due_names_the_concepts_and_the_goal() {
    let mut f = student(30);
    f.sessions_total = 4;
    f.sessions_first_week = 3;
    f.last_acted_at = Some(now() - Duration::days(1));
    f.due = vec!["Factoring".into(), "Discriminant".into(), "Vertex form".into(), "Slope".into()];
    f.goal = Some(GoalFact {
        id: Uuid::nil(),
        subject: "Algebra".into(),
        progress: 0.42,
        target_date: NaiveDate::from_ymd_opt(2026, 12, 20),
    });
    let plan = sent(decide(&f, now(), T));
    assert_eq!(plan.rule, NudgeRule::ReviewsDue);
    assert_eq!(plan.title, "4 concepts due for review");
    assert!(plan.body.contains("Factoring, Discriminant, Vertex form and 1 more"), "{}", plan.body);
    assert!(plan.body.contains("42% of the way to your Algebra goal by Dec 20"), "{}", plan.body);
    assert_eq!(plan.goal_id, Some(Uuid::nil()));
    f.goal = f.goal.map(|g| GoalFact { progress: 0.0, ..g });
    let plan = sent(decide(&f, now(), T));
    assert!(
        plan.body.contains("Practice is what moves your Algebra goal by Dec 20 forward"),
        "{}",
        plan.body
    );
}

#[test]
fn skips_come_before_rules() {
    let mut f = student(5);
    f.setting.frequency = NudgeFrequency::Off;
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::OptedOut));
    f.setting.frequency = NudgeFrequency::Weekly;
    f.recent = vec![(NudgeRule::NoSession, now() - Duration::days(6))];
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::NudgedThisWeek));
    f.recent = vec![(NudgeRule::NoSession, now() - Duration::days(7))];
    assert_eq!(sent(decide(&f, now(), T)).rule, NudgeRule::NoSession);
    f.acted_today = true;
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::ActedToday));
    f.nudged_today = true;
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::AlreadyNudgedToday));
}

#[test]
fn a_rule_that_just_fired_rests() {
    let mut f = student(5);
    f.recent = vec![(NudgeRule::NoSession, now() - Duration::days(1))];
    // No session, but that was said yesterday; nothing else applies... except inactivity.
    assert_eq!(sent(decide(&f, now(), T)).rule, NudgeRule::Inactive);
    f.recent.push((NudgeRule::Inactive, now() - Duration::days(2)));
    assert_eq!(decide(&f, now(), T), Decision::Skip(NudgeSkip::NothingToSay));
}
