//! Weekly availability turned into bookable instants. Windows are wall-clock times in the
//! tutor's zone, so each slot is placed on its local day and then converted: a slot whose start
//! does not exist that day (skipped by a spring-forward change) is left out, and a start that
//! happens twice (a fall-back change) is offered once, at its first occurrence. A slot lasts its
//! length in real time, whatever the clocks do.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::dto::booking::AvailabilityWindow;

/// Minutes in a day; a window may end at "24:00".
const DAY_MINUTES: u32 = 24 * 60;

/// "HH:MM" as minutes after midnight; "24:00" only where `allow_midnight_end`.
pub fn parse_hhmm(raw: &str, allow_midnight_end: bool) -> Option<u32> {
    let raw = raw.trim();
    if allow_midnight_end && raw == "24:00" {
        return Some(DAY_MINUTES);
    }
    if raw.len() != 5 {
        return None;
    }
    let time = NaiveTime::parse_from_str(raw, "%H:%M").ok()?;
    Some(time.hour() * 60 + time.minute())
}

/// A window checked and read: ISO weekday (Monday = 1) and minutes after midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub weekday: u32,
    pub start: u32,
    pub end: u32,
}

impl Window {
    /// From the wire shape; `None` when any part is malformed.
    pub fn read(window: &AvailabilityWindow) -> Option<Self> {
        let start = parse_hhmm(&window.start, false)?;
        let end = parse_hhmm(&window.end, true)?;
        ((1..=7).contains(&window.weekday) && start < end).then_some(Self {
            weekday: u32::from(window.weekday),
            start,
            end,
        })
    }
}

/// A tutor's week, ready to be laid over the calendar.
#[derive(Debug, Clone)]
pub struct Week {
    pub slot_minutes: u32,
    pub windows: Vec<Window>,
    pub blocked: HashSet<NaiveDate>,
    pub zone: Tz,
}

impl Week {
    /// Every slot starting in `[from, to)`, in order.
    pub fn slots(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let length = Duration::minutes(i64::from(self.slot_minutes));
        let mut out = Vec::new();
        if self.slot_minutes == 0 || from >= to {
            return out;
        }
        // Local days that can hold a slot starting in the range (a day either side covers
        // every offset).
        let first = from.with_timezone(&self.zone).date_naive() - Duration::days(1);
        let last = to.with_timezone(&self.zone).date_naive() + Duration::days(1);
        let mut day = first;
        while day <= last {
            if !self.blocked.contains(&day) {
                let weekday = day.weekday().number_from_monday();
                for window in self.windows.iter().filter(|w| w.weekday == weekday) {
                    let mut minute = window.start;
                    while minute + self.slot_minutes <= window.end {
                        if let Some(start) = self.instant(day, minute)
                            && start >= from
                            && start < to
                        {
                            out.push((start, start + length));
                        }
                        minute += self.slot_minutes;
                    }
                }
            }
            day += Duration::days(1);
        }
        out.sort();
        out.dedup();
        out
    }

    /// Is `start` the start of one of this week's slots?
    pub fn offers(&self, start: DateTime<Utc>) -> bool {
        self.slots(start, start + Duration::seconds(1)).first().is_some_and(|(s, _)| *s == start)
    }

    fn instant(&self, day: NaiveDate, minute: u32) -> Option<DateTime<Utc>> {
        let naive = day.and_hms_opt(minute / 60, minute % 60, 0)?;
        self.zone.from_local_datetime(&naive).earliest().map(|at| at.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(zone: &str, windows: &[(u32, &str, &str)], slot: u32) -> Week {
        Week {
            slot_minutes: slot,
            windows: windows
                .iter()
                .map(|(weekday, start, end)| {
                    Window::read(&AvailabilityWindow {
                        weekday: *weekday as u8,
                        start: (*start).into(),
                        end: (*end).into(),
                    })
                    .expect("a valid window")
                })
                .collect(),
            blocked: HashSet::new(),
            zone: zone.parse().expect("a zone"),
        }
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339).expect("a time").with_timezone(&Utc)
    }

    fn starts(week: &Week, from: &str, to: &str) -> Vec<String> {
        week.slots(at(from), at(to)).into_iter().map(|(s, _)| s.to_rfc3339()).collect()
    }

    #[test]
    fn hours_are_read_strictly() {
        assert_eq!(parse_hhmm("09:30", false), Some(570));
        assert_eq!(parse_hhmm("24:00", true), Some(1440));
        assert_eq!(parse_hhmm("24:00", false), None);
        assert_eq!(parse_hhmm("9:30", false), None);
        assert_eq!(parse_hhmm("25:00", false), None);
        assert_eq!(parse_hhmm("09:30pm", false), None);
    }

    #[test]
    fn the_same_local_hour_moves_in_utc_across_a_spring_change() {
        // New York springs forward on Sunday 2026-03-08: 9:00 local is 14:00 UTC on the
        // Saturday before and 13:00 UTC on the Monday after.
        let tutor = week("America/New_York", &[(6, "09:00", "10:00"), (1, "09:00", "10:00")], 60);
        assert_eq!(
            starts(&tutor, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z"),
            ["2026-03-07T14:00:00+00:00", "2026-03-09T13:00:00+00:00"]
        );
    }

    #[test]
    fn a_start_skipped_by_the_change_is_not_offered_and_a_repeated_one_once() {
        // Paris: 02:00–03:00 does not exist on 2026-03-29 (a Sunday); 02:00–03:00 happens twice
        // on 2026-10-25 (also a Sunday).
        let tutor = week("Europe/Paris", &[(7, "01:30", "03:30")], 30);
        assert_eq!(
            starts(&tutor, "2026-03-28T12:00:00Z", "2026-03-29T12:00:00Z"),
            [
                "2026-03-29T00:30:00+00:00", // 01:30 CET
                "2026-03-29T01:00:00+00:00", // 03:00 CEST (02:00 and 02:30 do not exist)
            ]
        );
        assert_eq!(
            starts(&tutor, "2026-10-24T12:00:00Z", "2026-10-25T12:00:00Z"),
            [
                "2026-10-24T23:30:00+00:00", // 01:30 CEST
                "2026-10-25T00:00:00+00:00", // 02:00 CEST, the first of the two
                "2026-10-25T00:30:00+00:00", // 02:30 CEST
                "2026-10-25T02:00:00+00:00", // 03:00 CET
            ]
        );
    }

    #[test]
    fn a_southern_zone_changes_the_other_way() {
        // Sydney leaves daylight time on Sunday 2026-04-05: 10:00 local is 23:00 UTC the day
        // before on the Saturday, and 00:00 UTC on the Monday after.
        let tutor = week("Australia/Sydney", &[(6, "10:00", "11:00"), (1, "10:00", "11:00")], 60);
        assert_eq!(
            starts(&tutor, "2026-04-03T00:00:00Z", "2026-04-07T00:00:00Z"),
            ["2026-04-03T23:00:00+00:00", "2026-04-06T00:00:00+00:00"]
        );
    }

    #[test]
    fn blocked_days_windows_and_ranges_bound_the_slots() {
        let mut tutor = week("UTC", &[(2, "09:00", "10:30"), (2, "14:00", "15:00")], 30);
        // Tuesday 2026-12-01.
        assert_eq!(starts(&tutor, "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z").len(), 5);
        assert_eq!(
            starts(&tutor, "2026-12-01T09:30:00Z", "2026-12-01T14:30:00Z"),
            ["2026-12-01T09:30:00+00:00", "2026-12-01T10:00:00+00:00", "2026-12-01T14:00:00+00:00"]
        );
        assert!(tutor.offers(at("2026-12-01T10:00:00Z")));
        assert!(!tutor.offers(at("2026-12-01T10:15:00Z")), "off the grid");
        assert!(!tutor.offers(at("2026-12-01T10:30:00Z")), "the window ends there");
        tutor.blocked.insert(NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"));
        assert!(starts(&tutor, "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z").is_empty());
    }

    #[test]
    fn a_window_may_run_to_midnight() {
        let tutor = week("UTC", &[(2, "23:00", "24:00")], 60);
        assert_eq!(
            starts(&tutor, "2026-12-01T00:00:00Z", "2026-12-03T00:00:00Z"),
            ["2026-12-01T23:00:00+00:00"]
        );
    }
}
