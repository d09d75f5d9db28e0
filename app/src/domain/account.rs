//! Account fields: email, password, name, grade, time zone, role.

use std::fmt;

use serde::Serialize;

use super::Invalid;

/// An email address: trimmed, lowercased, at most 254 characters, RFC 5322 syntax.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Invalid::new("Enter your email address."));
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new("That email address is too long."));
        }
        // A dot in the domain part: addresses like `me@localhost` are valid RFC syntax but
        // never what a person signing up means.
        let domain_has_dot = value.rsplit_once('@').is_some_and(|(_, d)| d.contains('.'));
        if !email_address::EmailAddress::is_valid(&value) || !domain_has_dot {
            return Err(Invalid::new("Enter a valid email address, like name@example.com."));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password: 10 to 128 characters and not one of the most common passwords.
/// Never logged, never serialized.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 10;
    pub const MAX_LEN: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let length = raw.chars().count();
        if length < Self::MIN_LEN {
            return Err(Invalid::new(format!(
                "Use at least {} characters ({length} so far).",
                Self::MIN_LEN
            )));
        }
        if length > Self::MAX_LEN {
            return Err(Invalid::new(format!("Use at most {} characters.", Self::MAX_LEN)));
        }
        let lowered = raw.to_lowercase();
        let mut chars = lowered.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(Invalid::new("A password of one repeated character is easy to guess."));
        }
        if COMMON_PASSWORDS.contains(&lowered.as_str()) {
            return Err(Invalid::new(
                "That is one of the most common passwords; choose something less guessable.",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Common passwords of at least ten characters (shorter ones fail the length rule anyway),
/// from the most frequent entries of public breach corpora. Compared case-insensitively.
const COMMON_PASSWORDS: &[&str] = &[
    "0000000000",
    "0123456789",
    "0987654321",
    "1111111111",
    "1122334455",
    "1212121212",
    "1234512345",
    "1234567890",
    "12345678910",
    "123456789a",
    "123456789abc",
    "1234567891",
    "123456789123",
    "1234567899",
    "123123123123",
    "123qweasdzxc",
    "147258369",
    "1q2w3e4r5t",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "1qazxsw23edc",
    "a123456789",
    "aa12345678",
    "abc1234567",
    "abcd123456",
    "abcdefghij",
    "abcdefg123",
    "admin12345",
    "administrator",
    "alexander1",
    "asdfghjkl1",
    "asdfghjkl123",
    "asdfasdfasdf",
    "babygirl12",
    "baseball123",
    "basketball",
    "basketball1",
    "blink182blink",
    "butterfly1",
    "chocolate1",
    "chocolate123",
    "christopher",
    "changeme123",
    "computer123",
    "cookie1234",
    "dragon1234",
    "elizabeth1",
    "football12",
    "football123",
    "footballfootball",
    "iloveyou12",
    "iloveyou123",
    "iloveyou1234",
    "jessica123",
    "jordan2323",
    "letmein123",
    "letmein1234",
    "liverpool1",
    "liverpool123",
    "loveme1234",
    "michael123",
    "michelle123",
    "monkey1234",
    "mypassword",
    "mypassword1",
    "nicole1234",
    "p@ssw0rd123",
    "passw0rd123",
    "password00",
    "password01",
    "password1!",
    "password11",
    "password12",
    "password123",
    "password1234",
    "password12345",
    "password2020",
    "password2021",
    "password2022",
    "password2023",
    "password2024",
    "password2025",
    "password2026",
    "passwordpassword",
    "pokemon123",
    "princess12",
    "princess123",
    "q1w2e3r4t5",
    "q1w2e3r4t5y6",
    "qazwsxedc123",
    "qazwsxedcrfv",
    "qwer1234qwer",
    "qwerty1234",
    "qwerty12345",
    "qwerty123456",
    "qwertyqwerty",
    "qwertyuiop",
    "qwertyuiop123",
    "samsung123",
    "starwars123",
    "sunshine12",
    "sunshine123",
    "superman123",
    "trustno1234",
    "welcome123",
    "welcome1234",
    "whatever12",
    "zaq12wsxcde",
    "zxcvbnm123",
    "zxcvbnmasdf",
];

/// A person's display name: 1 to 100 characters after trimming, no control characters.
/// Any script is welcome; markup is stored as typed and escaped when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: usize = 100;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(Invalid::new("Enter your name."));
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new(format!("Use at most {} characters.", Self::MAX_LEN)));
        }
        if value.chars().any(char::is_control) {
            return Err(Invalid::new("Names cannot contain control characters."));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A school grade or level as the student writes it ("10", "Year 11", "college freshman").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade(String);

impl Grade {
    pub const MAX_LEN: usize = 32;

    /// Empty input means "not given".
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, Invalid> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(Invalid::new(format!("Use at most {} characters.", Self::MAX_LEN)));
        }
        if value.chars().any(char::is_control) {
            return Err(Invalid::new("The grade cannot contain control characters."));
        }
        Ok(Some(Self(value.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name such as `Europe/Paris`. The browser checks the shape; the server also
/// checks the name against the time zone database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim();
        let shaped = !value.is_empty()
            && value.len() <= 64
            && value.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c));
        if !shaped {
            return Err(Invalid::new("Choose a time zone such as Europe/London."));
        }
        #[cfg(feature = "ssr")]
        if value.parse::<chrono_tz::Tz>().is_err() {
            return Err(Invalid::new(format!("{value} is not a known time zone.")));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

wire_enum! {
    /// What a user may do. Public sign-up only ever makes students.
    pub enum Role {
        Student,
        Tutor,
        Admin,
    }
}

impl Role {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        Self::from_wire(raw)
            .ok_or_else(|| Invalid::new("The role must be student, tutor or admin."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        let email = Email::parse("  Ada.Lovelace@Example.COM ").expect("valid");
        assert_eq!(email.as_str(), "ada.lovelace@example.com");
    }

    #[test]
    fn email_rejects_injection_and_nonsense() {
        for bad in [
            "",
            "   ",
            "admin@test.com OR 1=1--",
            "no-at-sign",
            "two@@example.com",
            "me@localhost",
            "<script>@x.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        let huge = format!("{}@example.com", "a".repeat(1_000_000));
        assert!(Email::parse(&huge).is_err());
    }

    #[test]
    fn password_rules() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse("Password123").is_err(), "common, whatever the case");
        assert!(Password::parse("aaaaaaaaaaaa").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        assert!(Password::parse("violet-harbour-lantern").is_ok());
        assert_eq!(format!("{:?}", Password::parse("violet-harbour-lantern")), "Ok(Password(***))");
    }

    #[test]
    fn names_keep_unicode_and_markup_as_typed() {
        let name = PersonName::parse("  Zoë <script>alert(1)</script> 山田 ").expect("valid");
        assert_eq!(name.as_str(), "Zoë <script>alert(1)</script> 山田");
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse("bad\u{0007}bell").is_err());
        assert!(PersonName::parse(&"n".repeat(101)).is_err());
    }

    #[test]
    fn grade_is_optional() {
        assert_eq!(Grade::parse_optional("  ").expect("ok"), None);
        assert_eq!(Grade::parse_optional("10").expect("ok").map(|g| g.0), Some("10".into()));
        assert!(Grade::parse_optional(&"9".repeat(33)).is_err());
    }

    #[test]
    fn time_zones_are_checked() {
        assert!(TimeZoneName::parse("Europe/Paris").is_ok());
        assert!(TimeZoneName::parse("UTC").is_ok());
        // Only the server carries the time zone database.
        #[cfg(feature = "ssr")]
        assert!(TimeZoneName::parse("Mars/Olympus_Mons").is_err());
        assert!(TimeZoneName::parse("Europe/Paris; DROP TABLE users").is_err());
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        assert!(Role::parse("superuser").is_err());
    }

    proptest! {
        #[test]
        fn parsed_emails_are_normalised(local in "[a-z0-9._%+-]{1,20}", domain in "[a-z0-9-]{1,20}\\.[a-z]{2,6}") {
            let raw = format!("  {}@{}  ", local.to_uppercase(), domain);
            if let Ok(email) = Email::parse(&raw) {
                prop_assert_eq!(email.as_str(), email.as_str().trim().to_lowercase());
                prop_assert!(Email::parse(email.as_str()).is_ok(), "parsing is idempotent");
            }
        }

        #[test]
        fn any_accepted_password_has_allowed_length(raw in ".{0,140}") {
            if let Ok(password) = Password::parse(&raw) {
                let n = password.expose().chars().count();
                prop_assert!((Password::MIN_LEN..=Password::MAX_LEN).contains(&n));
            }
        }

        #[test]
        fn person_names_never_panic_and_are_trimmed(raw in "\\PC{0,120}") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(name.as_str(), name.as_str().trim());
            }
        }
    }
}
