//! `[engagement]` settings: when the nudges run and what "inactive" and "a response" mean.

use serde::Deserialize;

use super::ConfigError;

/// Engagement nudges (`[default.engagement]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementSettings {
    /// When `send-engagement-nudges` runs: a five-field cron expression, in UTC.
    pub nudge_schedule: String,
    /// A student is inactive after this many days without practising, chatting or uploading.
    pub inactive_days: u32,
    /// A student acting within this many hours of a nudge counts as a response to it.
    pub response_hours: u32,
}

impl EngagementSettings {
    /// The schedule in the `cron` crate's form (seconds first).
    pub fn cron_schedule(&self) -> Result<cron::Schedule, ConfigError> {
        let fields = self.nudge_schedule.split_whitespace().count();
        if fields != 5 {
            return Err(ConfigError::Invalid(format!(
                "engagement.nudge_schedule must have five cron fields (minute hour day month \
                 weekday), got {:?}",
                self.nudge_schedule
            )));
        }
        format!("0 {}", self.nudge_schedule.trim()).parse().map_err(|e| {
            ConfigError::Invalid(format!(
                "engagement.nudge_schedule {:?} is not a cron expression: {e}",
                self.nudge_schedule
            ))
        })
    }

    /// Refuses a schedule that does not parse and zero-length windows, at start-up.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.cron_schedule()?;
        if self.inactive_days == 0 || self.response_hours == 0 {
            return Err(ConfigError::Invalid(
                "engagement.inactive_days and engagement.response_hours must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{EMBEDDED_SETTINGS, Settings};

    fn load() -> Settings {
        Settings::from_sources(EMBEDDED_SETTINGS, |_| None).expect("defaults load")
    }

    #[test]
    fn the_nudge_schedule_is_a_setting_checked_at_start() {
        let settings = load();
        assert_eq!(settings.engagement.nudge_schedule, "0 9 * * *");
        let schedule = settings.engagement.cron_schedule().expect("parses");
        let next = schedule.upcoming(chrono::Utc).next().expect("a next run");
        assert_eq!(chrono::Timelike::hour(&next), 9);
        for bad in ["9am", "0 9 * *", "0 25 * * *"] {
            let text = EMBEDDED_SETTINGS
                .replace("nudge_schedule = \"0 9 * * *\"", &format!("nudge_schedule = {bad:?}"));
            let err = Settings::from_sources(&text, |_| None).expect_err("refused");
            assert!(err.to_string().contains("nudge_schedule"), "{bad}: {err}");
        }
        let zero = EMBEDDED_SETTINGS.replace("inactive_days = 3", "inactive_days = 0");
        assert!(Settings::from_sources(&zero, |_| None).is_err());
    }
}
