//! Session upload fields.

use serde::Serialize;

use super::Invalid;

wire_enum! {
    /// Where a transcript came from, as the API spells it.
    pub enum TranscriptSource {
        ManualUpload,
        ReadAi,
        ApiImport,
        Other,
    }
}

impl TranscriptSource {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::from_wire(raw).ok_or_else(|| {
            Invalid::new("The source must be manual_upload, read_ai, api_import or other.")
        })
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

wire_enum! {
    /// The upload formats, named as the REST API spells them.
    pub enum TranscriptFormat {
        PlainText,
        Vtt,
        Srt,
        Json,
        Csv,
        Markdown,
    }
}

impl TranscriptFormat {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::from_wire(raw).ok_or_else(|| {
            Invalid::new("The format must be plain_text, vtt, srt, json, csv or markdown.")
        })
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::PlainText => "Plain text",
            Self::Vtt => "WebVTT",
            Self::Srt => "SRT",
            Self::Json => "JSON",
            Self::Csv => "CSV",
            Self::Markdown => "Markdown",
        }
    }

    /// The format an upload's file name announces, if its extension is one we read.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let base = name.trim().rsplit(['/', '\\']).next().unwrap_or("");
        let (_, ext) = base.rsplit_once('.')?;
        match ext.to_ascii_lowercase().as_str() {
            "txt" => Some(Self::PlainText),
            "md" => Some(Self::Markdown),
            // The other extensions are the formats' own names.
            "plain_text" => None,
            other => Self::from_wire(other),
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
            assert_eq!(TranscriptSource::parse(source.as_str()), Ok(*source));
        }
        for format in TranscriptFormat::ALL {
            assert_eq!(TranscriptFormat::parse(&format.as_str().to_uppercase()), Ok(*format));
        }
        assert!(TranscriptSource::parse("fax").is_err());
    }
}
