//! A tutor's weekly availability (in their profile's time zone) and the free slots it makes.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, EntityTrait, Set, sea_query::OnConflict};
use uuid::Uuid;

use super::{
    BookingError, invalid, parse_instant,
    slots::{Week, Window},
};
use crate::{
    domain::Role,
    dto::booking::{AvailabilityInput, AvailabilityView, AvailabilityWindow, Slot},
    server::{
        auth::{current::CurrentUser, policy},
        entities::{column::JsonText, tutor_availability, users},
        models,
        state::AppState,
    },
};

/// The longest range one slot request may cover.
pub const MAX_RANGE_DAYS: i64 = 31;
const MAX_WINDOWS: usize = 70;
const MAX_BLOCKED: usize = 366;
/// What a tutor who never set availability has: hour-long slots, no windows.
const DEFAULT_SLOT_MINUTES: u16 = 60;

/// The input checked: windows sorted, not overlapping on a day, each fitting one slot; blocked
/// days as dates, sorted and without repeats.
fn checked(input: AvailabilityInput) -> Result<AvailabilityInput, BookingError> {
    if !matches!(input.slot_minutes, 30 | 60) {
        return Err(invalid("slotMinutes", "Slots are 30 or 60 minutes."));
    }
    if input.windows.len() > MAX_WINDOWS {
        return Err(invalid("windows", format!("At most {MAX_WINDOWS} windows a week.")));
    }
    let mut windows: Vec<(Window, AvailabilityWindow)> = Vec::new();
    for raw in input.windows {
        let window = Window::read(&raw).ok_or_else(|| {
            invalid(
                "windows",
                "Each window needs a weekday from 1 (Monday) to 7 and times as HH:MM, the start \
                 before the end.",
            )
        })?;
        if window.end - window.start < u32::from(input.slot_minutes) {
            return Err(invalid("windows", "Each window must fit at least one slot."));
        }
        windows.push((window, raw));
    }
    windows.sort_by_key(|(w, _)| (w.weekday, w.start));
    for pair in windows.windows(2) {
        if pair[0].0.weekday == pair[1].0.weekday && pair[1].0.start < pair[0].0.end {
            return Err(invalid("windows", "Windows on the same day must not overlap."));
        }
    }
    if input.blocked_dates.len() > MAX_BLOCKED {
        return Err(invalid("blockedDates", format!("At most {MAX_BLOCKED} blocked days.")));
    }
    let mut blocked = BTreeSet::new();
    for day in &input.blocked_dates {
        let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map_err(|_| invalid("blockedDates", "Give blocked days as YYYY-MM-DD."))?;
        blocked.insert(date);
    }
    Ok(AvailabilityInput {
        slot_minutes: input.slot_minutes,
        windows: windows
            .into_iter()
            .map(|(_, raw)| AvailabilityWindow {
                weekday: raw.weekday,
                start: raw.start.trim().to_owned(),
                end: raw.end.trim().to_owned(),
            })
            .collect(),
        blocked_dates: blocked.into_iter().map(|d| d.format("%Y-%m-%d").to_string()).collect(),
    })
}

/// `PUT /api/tutors/me/availability`: replaces the tutor's week.
#[tracing::instrument(skip_all, fields(tutor = %me.id))]
pub async fn save_availability(
    state: &AppState,
    me: &CurrentUser,
    input: AvailabilityInput,
) -> Result<AvailabilityView, BookingError> {
    policy::require_tutor(me)?;
    let input = checked(input)?;
    let row = tutor_availability::ActiveModel {
        tutor_id: Set(me.id),
        slot_minutes: Set(i32::from(input.slot_minutes)),
        windows: Set(JsonText(input.windows.clone())),
        blocked_dates: Set(JsonText(input.blocked_dates.clone())),
        updated_at: Set(state.clock.now()),
    };
    tutor_availability::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tutor_availability::Column::TutorId)
                .update_columns([
                    tutor_availability::Column::SlotMinutes,
                    tutor_availability::Column::Windows,
                    tutor_availability::Column::BlockedDates,
                    tutor_availability::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&state.db)
        .await?;
    Ok(AvailabilityView {
        slot_minutes: input.slot_minutes,
        windows: input.windows,
        blocked_dates: input.blocked_dates,
        time_zone: me.time_zone.clone(),
    })
}

/// `GET /api/tutors/me/availability`.
pub async fn get_availability(
    state: &AppState,
    me: &CurrentUser,
) -> Result<AvailabilityView, BookingError> {
    policy::require_tutor(me)?;
    let row = tutor_availability::Entity::find_by_id(me.id).one(&state.db).await?;
    Ok(match row {
        Some(row) => AvailabilityView {
            slot_minutes: u16::try_from(row.slot_minutes).unwrap_or(DEFAULT_SLOT_MINUTES),
            windows: row.windows.into_inner(),
            blocked_dates: row.blocked_dates.into_inner(),
            time_zone: me.time_zone.clone(),
        },
        None => AvailabilityView {
            slot_minutes: DEFAULT_SLOT_MINUTES,
            windows: Vec::new(),
            blocked_dates: Vec::new(),
            time_zone: me.time_zone.clone(),
        },
    })
}

/// The active tutor with this id, or 404.
pub(super) async fn active_tutor(
    db: &impl ConnectionTrait,
    tutor_id: Uuid,
) -> Result<users::Model, BookingError> {
    users::Entity::find_by_id(tutor_id)
        .one(db)
        .await?
        .filter(|u| u.is_active && u.role == Role::Tutor)
        .ok_or(BookingError::NotFound("tutor"))
}

/// A tutor's week as saved (an empty week when they never set one), in their zone.
pub(super) async fn week_of(
    db: &impl ConnectionTrait,
    tutor: &users::Model,
) -> Result<Week, BookingError> {
    let zone: Tz = tutor.time_zone.parse().unwrap_or(Tz::UTC);
    let Some(row) = tutor_availability::Entity::find_by_id(tutor.id).one(db).await? else {
        return Ok(Week {
            slot_minutes: u32::from(DEFAULT_SLOT_MINUTES),
            windows: Vec::new(),
            blocked: HashSet::new(),
            zone,
        });
    };
    Ok(Week {
        slot_minutes: u32::try_from(row.slot_minutes).unwrap_or(60),
        windows: row.windows.iter().filter_map(Window::read).collect(),
        blocked: row
            .blocked_dates
            .iter()
            .filter_map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .collect(),
        zone,
    })
}

/// `GET /api/tutors/{id}/slots?from=&to=`: the free slots starting in `[from, to)` (and not
/// before now), at most [`MAX_RANGE_DAYS`] apart.
pub async fn free_slots(
    state: &AppState,
    me: &CurrentUser,
    tutor_id: Uuid,
    from: &str,
    to: &str,
) -> Result<Vec<Slot>, BookingError> {
    policy::can_see_free_slots(me)?;
    let from = parse_instant("from", from)?;
    let to = parse_instant("to", to)?;
    if to <= from {
        return Err(invalid("to", "The end of the range must come after its start."));
    }
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(invalid("to", format!("Ask for at most {MAX_RANGE_DAYS} days at a time.")));
    }
    let tutor = active_tutor(&state.db, tutor_id).await?;
    let week = week_of(&state.db, &tutor).await?;
    let from: DateTime<Utc> = from.max(state.clock.now());
    let booked = models::bookings::tutor_confirmed_between(
        &state.db,
        tutor_id,
        from,
        to + Duration::days(1),
    )
    .await?;
    Ok(week
        .slots(from, to)
        .into_iter()
        .filter(|(start, end)| !booked.iter().any(|b| b.starts_at < *end && b.ends_at > *start))
        .map(|(start, end)| Slot { start, end })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(weekday: u8, start: &str, end: &str) -> AvailabilityWindow {
        AvailabilityWindow { weekday, start: start.into(), end: end.into() }
    }

    fn input(slot: u16, windows: Vec<AvailabilityWindow>, blocked: &[&str]) -> AvailabilityInput {
        AvailabilityInput {
            slot_minutes: slot,
            windows,
            blocked_dates: blocked.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    fn field_of(result: Result<AvailabilityInput, BookingError>) -> &'static str {
        match result {
            Err(BookingError::Invalid { field, .. }) => field,
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_week_is_sorted_and_its_days_deduplicated() {
        let ok = checked(input(
            30,
            vec![
                window(3, "14:00", "16:00"),
                window(1, "09:00", "12:00"),
                window(1, "13:00", "14:00"),
            ],
            &["2026-12-24", "2026-12-24", " 2026-12-01"],
        ))
        .expect("valid");
        assert_eq!(ok.windows[0], window(1, "09:00", "12:00"));
        assert_eq!(ok.windows[2], window(3, "14:00", "16:00"));
        assert_eq!(ok.blocked_dates, ["2026-12-01", "2026-12-24"]);
    }

    #[test]
    fn bad_weeks_name_the_field() {
        assert_eq!(field_of(checked(input(45, vec![], &[]))), "slotMinutes");
        assert_eq!(field_of(checked(input(60, vec![window(0, "09:00", "10:00")], &[]))), "windows");
        assert_eq!(field_of(checked(input(60, vec![window(8, "09:00", "10:00")], &[]))), "windows");
        assert_eq!(field_of(checked(input(60, vec![window(1, "10:00", "09:00")], &[]))), "windows");
        assert_eq!(field_of(checked(input(60, vec![window(1, "9am", "10:00")], &[]))), "windows");
        assert_eq!(field_of(checked(input(60, vec![window(1, "09:00", "09:30")], &[]))), "windows");
        let overlapping = vec![window(2, "09:00", "11:00"), window(2, "10:00", "12:00")];
        assert_eq!(field_of(checked(input(60, overlapping, &[]))), "windows");
        assert_eq!(field_of(checked(input(60, vec![], &["2026-02-30"]))), "blockedDates");
    }
}
