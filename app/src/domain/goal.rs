//! Goal fields.

use serde::Serialize;

use super::Invalid;

/// What the goal is about ("SAT Math", "Chemistry"): 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalSubject(String);

impl GoalSubject {
    pub const MAX_LEN: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(Invalid::new("Enter a subject."));
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new(format!("Use at most {} characters.", Self::MAX_LEN)));
        }
        if value.chars().any(char::is_control) {
            return Err(Invalid::new("The subject cannot contain control characters."));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Free text about the goal, kept exactly as typed (markup included; it is escaped when shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalDescription(String);

impl GoalDescription {
    pub const MAX_LEN: usize = 2000;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new(format!("Use at most {} characters.", Self::MAX_LEN)));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_kept_exactly() {
        let raw = "<script>alert('XSS')</script>";
        assert_eq!(GoalDescription::parse(raw).expect("valid").as_str(), raw);
        assert!(GoalDescription::parse(&"x".repeat(2001)).is_err());
    }

    #[test]
    fn subjects_are_trimmed_and_required() {
        assert_eq!(GoalSubject::parse("  SAT Math ").expect("valid").as_str(), "SAT Math");
        assert!(GoalSubject::parse("   ").is_err());
    }
}
