//! Session upload fields.

use serde::{Deserialize, Serialize};

use super::Invalid;

/// Where a transcript came from, as the API spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranscriptSource {
    ManualUpload,
    ReadAi,
    ApiImport,
    Other,
}

impl TranscriptSource {
    pub const ALL: [TranscriptSource; 4] =
        [Self::ManualUpload, Self::ReadAi, Self::ApiImport, Self::Other];

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        match raw.trim() {
            "manual_upload" => Ok(Self::ManualUpload),
            "read_ai" => Ok(Self::ReadAi),
            "api_import" => Ok(Self::ApiImport),
            "other" => Ok(Self::Other),
            _ => {
                Err(Invalid::new("The source must be manual_upload, read_ai, api_import or other."))
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ManualUpload => "manual_upload",
            Self::ReadAi => "read_ai",
            Self::ApiImport => "api_import",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ManualUpload => "Manual upload",
            Self::ReadAi => "Read.ai",
            Self::ApiImport => "API import",
            Self::Other => "Other",
        }
    }
}

/// A session length: 1 second to 24 hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DurationSeconds(i32);

impl DurationSeconds {
    pub const MAX: i64 = 24 * 60 * 60;

    pub fn parse(seconds: i64) -> Result<Self, Invalid> {
        if !(1..=Self::MAX).contains(&seconds) {
            return Err(Invalid::new("The duration must be between 1 second and 24 hours."));
        }
        Ok(Self(seconds as i32))
    }

    /// From the form, which asks for minutes.
    pub fn from_minutes(raw: &str) -> Result<Self, Invalid> {
        let minutes: f64 = raw
            .trim()
            .parse()
            .map_err(|_| Invalid::new("Enter the length in minutes, like 60."))?;
        if !minutes.is_finite() {
            return Err(Invalid::new("Enter the length in minutes, like 60."));
        }
        Self::parse((minutes * 60.0).round() as i64)
    }

    pub fn get(self) -> i32 {
        self.0
    }
}

/// The most a transcript may hold.
pub const MAX_TRANSCRIPT_BYTES: usize = 1_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_bounded() {
        assert!(DurationSeconds::parse(0).is_err());
        assert!(DurationSeconds::parse(86_401).is_err());
        assert_eq!(DurationSeconds::from_minutes("45").map(|d| d.get()), Ok(2700));
        assert!(DurationSeconds::from_minutes("abc").is_err());
        assert!(DurationSeconds::from_minutes("NaN").is_err());
    }

    #[test]
    fn sources_round_trip() {
        for source in TranscriptSource::ALL {
            assert_eq!(TranscriptSource::parse(source.as_str()), Ok(source));
        }
        assert!(TranscriptSource::parse("fax").is_err());
    }
}
