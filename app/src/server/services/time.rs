//! Dates as people read them: in their own time zone, or relative to now.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// "Tue, Nov 24, 2026, 4:00 PM" in the named zone (UTC when the name is unknown).
pub fn label(at: DateTime<Utc>, time_zone: &str) -> String {
    at.with_timezone(&zone(time_zone)).format("%a, %b %-d, %Y, %-I:%M %p").to_string()
}

/// "Nov 24, 2026" in the named zone.
pub fn day_label(at: DateTime<Utc>, time_zone: &str) -> String {
    at.with_timezone(&zone(time_zone)).format("%b %-d, %Y").to_string()
}

/// A wall-clock time typed in a form (`2026-11-24T16:00`), read in the user's zone, as UTC.
/// Times that do not exist (skipped by a DST change) are refused; ambiguous ones take the
/// earlier instant.
pub fn from_local(local: &str, time_zone: &str) -> Option<DateTime<Utc>> {
    let naive = NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    zone(time_zone).from_local_datetime(&naive).earliest().map(|at| at.with_timezone(&Utc))
}

/// "Tue, Dec 1" in the named zone: the day of a slot.
pub fn weekday_label(at: DateTime<Utc>, time_zone: &str) -> String {
    at.with_timezone(&zone(time_zone)).format("%a, %b %-d").to_string()
}

/// "4:00 PM" in the named zone: the time of a slot.
pub fn clock_label(at: DateTime<Utc>, time_zone: &str) -> String {
    at.with_timezone(&zone(time_zone)).format("%-I:%M %p").to_string()
}

/// "Nov 24" in the named zone: chart labels.
pub fn short_day_label(at: DateTime<Utc>, time_zone: &str) -> String {
    at.with_timezone(&zone(time_zone)).format("%b %-d").to_string()
}

/// The calendar day it is at `at` in the named zone.
pub fn local_day(at: DateTime<Utc>, time_zone: &str) -> NaiveDate {
    at.with_timezone(&zone(time_zone)).date_naive()
}

/// The instant a calendar day begins in the named zone (midnight, or the first valid time
/// after it on a day a DST change skips midnight).
pub fn start_of_day(day: NaiveDate, time_zone: &str) -> DateTime<Utc> {
    let zone = zone(time_zone);
    (0..4)
        .filter_map(|hour| day.and_hms_opt(hour, 0, 0))
        .find_map(|naive| zone.from_local_datetime(&naive).earliest())
        .map_or_else(|| day.and_time(NaiveTime::MIN).and_utc(), |at| at.with_timezone(&Utc))
}

/// "just now", "5 minutes ago", "3 hours ago", "2 days ago", or a date for older things.
pub fn relative(at: DateTime<Utc>, now: DateTime<Utc>, time_zone: &str) -> String {
    let seconds = (now - at).num_seconds();
    match seconds {
        s if s < 60 => "just now".into(),
        s if s < 3600 => plural(s / 60, "minute"),
        s if s < 86_400 => plural(s / 3600, "hour"),
        s if s < 7 * 86_400 => plural(s / 86_400, "day"),
        _ => day_label(at, time_zone),
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 { format!("1 {unit} ago") } else { format!("{n} {unit}s ago") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_utc() {
        let at = from_local("2026-07-01T09:30", "Europe/Paris").expect("valid");
        assert_eq!(at.to_rfc3339(), "2026-07-01T07:30:00+00:00");
        assert!(from_local("2026-03-29T02:30", "Europe/Paris").is_none(), "skipped by DST");
        assert!(from_local("yesterday", "UTC").is_none());
    }

    #[test]
    fn days_begin_in_the_zone() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 12).expect("a date");
        assert_eq!(start_of_day(day, "UTC").to_rfc3339(), "2026-12-12T00:00:00+00:00");
        assert_eq!(start_of_day(day, "America/New_York").to_rfc3339(), "2026-12-12T05:00:00+00:00");
        let late = start_of_day(day, "UTC") + chrono::Duration::hours(23);
        assert_eq!(local_day(late, "Asia/Tokyo"), day.succ_opt().expect("next"));
    }

    #[test]
    fn labels_use_the_zone() {
        let at = from_local("2026-11-24T16:00", "America/New_York").expect("valid");
        assert_eq!(label(at, "America/New_York"), "Tue, Nov 24, 2026, 4:00 PM");
        assert_eq!(label(at, "UTC"), "Tue, Nov 24, 2026, 9:00 PM");
        let now = at + chrono::Duration::minutes(5);
        assert_eq!(relative(at, now, "UTC"), "5 minutes ago");
    }
}
