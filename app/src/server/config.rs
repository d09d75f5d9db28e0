//! Typed application settings: `Leptos.toml` profiles, then environment variables on top.

use std::net::SocketAddr;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The settings file, compiled in so the binary runs from any directory; a `Leptos.toml` in the
/// working directory takes precedence so operators can edit settings without a rebuild.
const EMBEDDED_SETTINGS: &str = include_str!("../../../Leptos.toml");

/// Secrets shorter than this are refused in production (HS256 wants at least 256 bits).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// Used outside production only, so a fresh clone runs with nothing set. Never a production
/// default: `Settings::load` refuses to start production without a real secret.
const DEVELOPMENT_JWT_SECRET: &str = "development-only-secret-not-for-production-use-0123456789";

/// `APP_ENV`; each is also the name of its `Leptos.toml` profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case", ascii_case_insensitive)]
pub enum AppEnv {
    #[strum(to_string = "development", serialize = "dev", serialize = "default")]
    Development,
    Test,
    #[strum(to_string = "production", serialize = "prod")]
    Production,
}

impl AppEnv {
    pub fn parse(value: Option<&str>) -> Result<Self, ConfigError> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(Self::Development),
            Some(name) => name.parse().map_err(|_| {
                ConfigError::Invalid(format!(
                    "APP_ENV must be development, test or production, not {name:?}"
                ))
            }),
        }
    }

    pub fn profile(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("Leptos.toml is not valid TOML: {0}")]
    Toml(String),
    #[error("invalid setting: {0}")]
    Invalid(String),
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub env: AppEnv,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub public_url: String,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub ai: AiSettings,
    pub jobs: JobSettings,
    pub log: LogSettings,
    pub rate_limit: RateLimitSettings,
    pub seed: SeedSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    pub token_ttl_minutes: i64,
    pub secure_cookies: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiProviderKind {
    Offline,
    OpenAi,
}

#[derive(Debug, Clone)]
pub struct AiSettings {
    pub provider: AiProviderKind,
    pub model: String,
    pub base_url: String,
    pub api_key: Option<SecretString>,
    pub timeout_secs: u64,
    pub max_retries: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct JobSettings {
    pub in_process: bool,
    pub max_attempts: u32,
    pub backoff_ms: u64,
    pub poll_interval_ms: u64,
    pub concurrency: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RateLimitSettings {
    pub max_per_minute: u32,
    pub auth_per_minute: u32,
    /// Chat answers per minute per user (counted across web processes).
    #[serde(default = "default_chat_per_minute")]
    pub chat_per_minute: u32,
}

fn default_chat_per_minute() -> u32 {
    20
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedSettings {
    pub demo: bool,
}

/// The shape of one merged profile in `Leptos.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    site_addr: String,
    site_root: String,
    public_url: String,
    database: DatabaseSettings,
    auth: FileAuth,
    ai: FileAi,
    jobs: JobSettings,
    log: LogSettings,
    rate_limit: RateLimitSettings,
    seed: SeedSettings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAuth {
    token_ttl_minutes: i64,
    secure_cookies: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAi {
    provider: String,
    model: String,
    base_url: String,
    timeout_secs: u64,
    max_retries: u32,
}

impl Settings {
    /// Settings for this process: `./Leptos.toml` (or the compiled-in copy) and the real
    /// environment.
    pub fn load() -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string("Leptos.toml").unwrap_or_else(|_| EMBEDDED_SETTINGS.to_owned());
        Self::from_sources(&text, |key| std::env::var(key).ok())
    }

    /// The compiled-in settings for the given profile with no environment: what tests start from.
    pub fn for_env(env: AppEnv) -> Result<Self, ConfigError> {
        Self::from_sources(EMBEDDED_SETTINGS, |key| {
            (key == "APP_ENV").then(|| env.profile().to_owned())
        })
    }

    /// Merges `[default]` with the selected profile, then applies environment overrides.
    pub fn from_sources(
        toml_text: &str,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let env = AppEnv::parse(var("APP_ENV").as_deref())?;
        let root: toml::Table =
            toml::from_str(toml_text).map_err(|e| ConfigError::Toml(e.to_string()))?;
        let mut merged = root
            .get("default")
            .and_then(toml::Value::as_table)
            .cloned()
            .ok_or_else(|| ConfigError::Invalid("Leptos.toml has no [default] table".into()))?;
        if let Some(profile) = root.get(env.profile()).and_then(toml::Value::as_table) {
            merge(&mut merged, profile);
        }
        let file: FileSettings = toml::Value::Table(merged)
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.to_string()))?;

        let nonempty = |key: &str| var(key).filter(|v| !v.trim().is_empty());

        let site_addr_text = nonempty("LEPTOS_SITE_ADDR").unwrap_or(file.site_addr);
        let site_addr = site_addr_text.parse().map_err(|_| {
            ConfigError::Invalid(format!(
                "LEPTOS_SITE_ADDR must be host:port, got {site_addr_text:?}"
            ))
        })?;

        let mut database = file.database;
        if let Some(url) = nonempty("DATABASE_URL") {
            database.url = url;
        }

        let jwt_secret = match nonempty("JWT_SECRET") {
            Some(secret) => secret,
            None if env == AppEnv::Production => {
                return Err(ConfigError::Invalid(
                    "JWT_SECRET is required when APP_ENV=production (at least 32 bytes)".into(),
                ));
            }
            None => DEVELOPMENT_JWT_SECRET.to_owned(),
        };
        if env == AppEnv::Production && jwt_secret.len() < MIN_JWT_SECRET_BYTES {
            return Err(ConfigError::Invalid(format!(
                "JWT_SECRET is {} bytes; production needs at least {MIN_JWT_SECRET_BYTES}",
                jwt_secret.len()
            )));
        }

        let api_key = nonempty("OPENAI_API_KEY").map(SecretString::from);
        let provider_name = nonempty("AI_PROVIDER").unwrap_or(file.ai.provider);
        let provider = match provider_name.trim().to_ascii_lowercase().as_str() {
            "offline" => AiProviderKind::Offline,
            "openai" => AiProviderKind::OpenAi,
            "auto" if api_key.is_some() => AiProviderKind::OpenAi,
            "auto" => AiProviderKind::Offline,
            other => {
                return Err(ConfigError::Invalid(format!(
                    "AI_PROVIDER must be offline, openai or auto, not {other:?}"
                )));
            }
        };

        let mut log = file.log;
        if let Some(level) = nonempty("LOG_LEVEL") {
            log.level = level;
        }
        if let Some(format) = nonempty("LOG_FORMAT") {
            log.format = match format.as_str() {
                "json" => LogFormat::Json,
                "pretty" => LogFormat::Pretty,
                other => {
                    return Err(ConfigError::Invalid(format!(
                        "LOG_FORMAT must be json or pretty, not {other:?}"
                    )));
                }
            };
        }

        let mut rate_limit = file.rate_limit;
        if let Some(max) = nonempty("RATE_LIMIT_MAX") {
            rate_limit.max_per_minute = parse_number("RATE_LIMIT_MAX", &max)?;
        }
        if let Some(max) = nonempty("RATE_LIMIT_AUTH_MAX") {
            rate_limit.auth_per_minute = parse_number("RATE_LIMIT_AUTH_MAX", &max)?;
        }
        if let Some(max) = nonempty("RATE_LIMIT_CHAT_MAX") {
            rate_limit.chat_per_minute = parse_number("RATE_LIMIT_CHAT_MAX", &max)?;
        }
        if rate_limit.max_per_minute == 0
            || rate_limit.auth_per_minute == 0
            || rate_limit.chat_per_minute == 0
        {
            return Err(ConfigError::Invalid("rate limits must be at least 1 per minute".into()));
        }

        let mut jobs = file.jobs;
        if let Some(flag) = nonempty("JOBS_IN_PROCESS") {
            jobs.in_process = parse_bool("JOBS_IN_PROCESS", &flag)?;
        }
        let mut seed = file.seed;
        if let Some(flag) = nonempty("SEED_DEMO") {
            seed.demo = parse_bool("SEED_DEMO", &flag)?;
        }
        if jobs.max_attempts == 0 || jobs.concurrency == 0 {
            return Err(ConfigError::Invalid(
                "jobs.max_attempts and jobs.concurrency must be at least 1".into(),
            ));
        }

        Ok(Self {
            env,
            site_addr,
            site_root: nonempty("LEPTOS_SITE_ROOT").unwrap_or(file.site_root),
            // Links follow the listening address unless a public URL is configured.
            public_url: nonempty("PUBLIC_URL")
                .or_else(|| nonempty("LEPTOS_SITE_ADDR").map(|addr| format!("http://{addr}")))
                .unwrap_or(file.public_url)
                .trim_end_matches('/')
                .to_owned(),
            database,
            auth: AuthSettings {
                jwt_secret: SecretString::from(jwt_secret),
                token_ttl_minutes: file.auth.token_ttl_minutes,
                secure_cookies: file.auth.secure_cookies,
            },
            ai: AiSettings {
                provider,
                model: nonempty("AI_MODEL").unwrap_or(file.ai.model),
                base_url: nonempty("OPENAI_BASE_URL").unwrap_or(file.ai.base_url),
                api_key,
                timeout_secs: file.ai.timeout_secs,
                max_retries: file.ai.max_retries,
            },
            jobs,
            log,
            rate_limit,
            seed,
        })
    }

    pub fn jwt_secret_bytes(&self) -> &[u8] {
        self.auth.jwt_secret.expose_secret().as_bytes()
    }
}

fn merge(base: &mut toml::Table, overlay: &toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(key), value) {
            (Some(toml::Value::Table(inner)), toml::Value::Table(over)) => merge(inner, over),
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

fn parse_number(name: &str, value: &str) -> Result<u32, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| ConfigError::Invalid(format!("{name} must be a whole number, got {value:?}")))
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Invalid(format!("{name} must be true or false, got {value:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Settings::from_sources(EMBEDDED_SETTINGS, |key| vars.get(key).cloned())
    }

    #[test]
    fn defaults_run_with_nothing_set() {
        let settings = load(&[]).expect("defaults load");
        assert_eq!(settings.env, AppEnv::Development);
        assert!(settings.database.url.starts_with("sqlite://data/"));
        assert_eq!(settings.ai.provider, AiProviderKind::Offline);
        assert_eq!(settings.site_addr.port(), 3000);
        assert!(settings.jobs.in_process);
    }

    #[test]
    fn environment_overrides_the_file() {
        let settings = load(&[
            ("DATABASE_URL", "postgres://postgres@127.0.0.1/other"),
            ("LEPTOS_SITE_ADDR", "127.0.0.1:4000"),
            ("RATE_LIMIT_MAX", "42"),
            ("OPENAI_API_KEY", "sk-test"),
        ])
        .expect("loads");
        assert_eq!(settings.database.url, "postgres://postgres@127.0.0.1/other");
        assert_eq!(settings.site_addr.port(), 4000);
        assert_eq!(settings.rate_limit.max_per_minute, 42);
        assert_eq!(settings.ai.provider, AiProviderKind::OpenAi, "auto picks openai with a key");
    }

    #[test]
    fn profiles_override_default() {
        let settings = load(&[("APP_ENV", "test")]).expect("loads");
        assert_eq!(settings.env, AppEnv::Test);
        assert_eq!(settings.jobs.poll_interval_ms, 100);
        assert_eq!(settings.jobs.max_attempts, 3, "unset keys come from [default]");
    }

    #[test]
    fn production_refuses_a_missing_or_weak_secret() {
        let missing = load(&[("APP_ENV", "production")]).expect_err("must refuse");
        assert!(missing.to_string().contains("JWT_SECRET"), "{missing}");
        let weak =
            load(&[("APP_ENV", "production"), ("JWT_SECRET", "short")]).expect_err("must refuse");
        assert!(weak.to_string().contains("at least 32"), "{weak}");
        let ok = load(&[("APP_ENV", "production"), ("JWT_SECRET", &"x".repeat(32))])
            .expect("a 32-byte secret is enough");
        assert_eq!(ok.log.format, LogFormat::Json);
        assert!(ok.auth.secure_cookies);
    }

    #[test]
    fn bad_values_are_clear_errors() {
        assert!(load(&[("APP_ENV", "staging")]).is_err());
        assert!(load(&[("LEPTOS_SITE_ADDR", "nowhere")]).is_err());
        assert!(load(&[("AI_PROVIDER", "magic")]).is_err());
        assert!(load(&[("RATE_LIMIT_MAX", "lots")]).is_err());
    }
}
