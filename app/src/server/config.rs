//! Typed application settings: `Leptos.toml` profiles, then environment variables on top.

use std::net::SocketAddr;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

mod engagement;

pub use engagement::EngagementSettings;

/// The settings file, compiled in so the binary runs from any directory; a `Leptos.toml` in the
/// working directory takes precedence so operators can edit settings without a rebuild.
const EMBEDDED_SETTINGS: &str = include_str!("../../../Leptos.toml");

/// Secrets shorter than this are refused in production (HS256 wants at least 256 bits).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// Secrets that have ever been written in this repository (the development constant earlier
/// versions shipped). Anyone can read them, so anyone could sign tokens with them: production
/// refuses them.
const REPOSITORY_SECRETS: &[&str] = &["development-only-secret-not-for-production-use-0123456789"];

/// Fewer distinct characters than this is a placeholder ("xxxx…", "aaaa…"), not a secret.
const MIN_DISTINCT_SECRET_CHARS: usize = 10;

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
    /// `public_url` is https: cookies are Secure and responses carry HSTS.
    pub https: bool,
    pub database: DatabaseSettings,
    pub auth: AuthSettings,
    pub ai: AiSettings,
    pub jobs: JobSettings,
    pub log: LogSettings,
    pub rate_limit: RateLimitSettings,
    pub seed: SeedSettings,
    /// `METRICS_TOKEN`: a bearer token that may read `/metrics` (admins always may). Unset:
    /// admins only.
    pub metrics_token: Option<SecretString>,
    pub engagement: EngagementSettings,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone)]
pub struct AuthSettings {
    pub jwt_secret: SecretString,
    /// Where this install keeps the secret it made itself (no JWT_SECRET given, not production).
    pub secret_file: Option<std::path::PathBuf>,
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
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed. Empty:
    /// the peer address is the client, and a forged header changes nothing.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
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
    engagement: EngagementSettings,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAuth {
    token_ttl_minutes: i64,
    secure_cookies: bool,
    secret_file: String,
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
        let mut settings = Self::from_sources(&text, |key| std::env::var(key).ok())?;
        if let Some(path) = settings.auth.secret_file.clone() {
            settings.auth.jwt_secret = SecretString::from(persistent_secret(&path)?);
        }
        Ok(settings)
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

        // No secret is ever a constant in the code: production must be given one; elsewhere a
        // fresh install makes its own and keeps it in `auth.secret_file` (see `load`), and
        // until then (and in tests) it is random per process.
        let (jwt_secret, secret_file) = match nonempty("JWT_SECRET") {
            Some(secret) => (secret, None),
            None if env == AppEnv::Production => {
                return Err(ConfigError::Invalid(
                    "JWT_SECRET is required when APP_ENV=production (at least 32 bytes)".into(),
                ));
            }
            None => (random_secret(), Some(std::path::PathBuf::from(&file.auth.secret_file))),
        };
        if env == AppEnv::Production {
            check_production_secret(&jwt_secret)?;
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
        if let Some(proxies) = nonempty("TRUSTED_PROXIES") {
            rate_limit.trusted_proxies =
                proxies.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
        }
        for proxy in &rate_limit.trusted_proxies {
            if proxy.parse::<ipnet::IpNet>().is_err() && proxy.parse::<std::net::IpAddr>().is_err()
            {
                return Err(ConfigError::Invalid(format!(
                    "trusted proxy {proxy:?} is not an address or CIDR range"
                )));
            }
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
        let engagement = file.engagement;
        engagement.check()?;
        if jobs.max_attempts == 0 || jobs.concurrency == 0 {
            return Err(ConfigError::Invalid(
                "jobs.max_attempts and jobs.concurrency must be at least 1".into(),
            ));
        }

        // Links follow the listening address unless a public URL is configured.
        let public_url = nonempty("PUBLIC_URL")
            .or_else(|| nonempty("LEPTOS_SITE_ADDR").map(|addr| format!("http://{addr}")))
            .unwrap_or(file.public_url)
            .trim_end_matches('/')
            .to_owned();
        // Served over https (behind a proxy that terminates TLS): the cookie never travels in
        // clear text, and browsers are told to come back over https only.
        let https = public_url.to_ascii_lowercase().starts_with("https://");
        Ok(Self {
            env,
            site_addr,
            site_root: nonempty("LEPTOS_SITE_ROOT").unwrap_or(file.site_root),
            public_url,
            https,
            database,
            auth: AuthSettings {
                jwt_secret: SecretString::from(jwt_secret),
                secret_file,
                token_ttl_minutes: file.auth.token_ttl_minutes,
                secure_cookies: file.auth.secure_cookies || https,
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
            metrics_token: nonempty("METRICS_TOKEN").map(SecretString::from),
            engagement,
        })
    }

    pub fn jwt_secret_bytes(&self) -> &[u8] {
        self.auth.jwt_secret.expose_secret().as_bytes()
    }
}

/// 32 random bytes, hex: 256 bits for HS256.
fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_production_secret(secret: &str) -> Result<(), ConfigError> {
    if secret.len() < MIN_JWT_SECRET_BYTES {
        return Err(ConfigError::Invalid(format!(
            "JWT_SECRET is {} bytes; production needs at least {MIN_JWT_SECRET_BYTES}",
            secret.len()
        )));
    }
    if REPOSITORY_SECRETS.contains(&secret) {
        return Err(ConfigError::Invalid(
            "JWT_SECRET is a value published in this repository; generate your own (for \
             example `openssl rand -hex 32`)"
                .into(),
        ));
    }
    let distinct: std::collections::HashSet<char> = secret.chars().collect();
    if distinct.len() < MIN_DISTINCT_SECRET_CHARS {
        return Err(ConfigError::Invalid(
            "JWT_SECRET looks like a placeholder; generate a random one (for example \
             `openssl rand -hex 32`)"
                .into(),
        ));
    }
    Ok(())
}

/// The install's own signing secret: read from `path`, or made and written there on the first
/// start, readable by this user only (0600), like other frameworks' development secret.
pub fn persistent_secret(path: &std::path::Path) -> Result<String, ConfigError> {
    use std::io::Write;
    let unreadable = |e: std::io::Error| {
        ConfigError::Invalid(format!("cannot use the secret file {}: {e}", path.display()))
    };
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= MIN_JWT_SECRET_BYTES {
            restrict(path).map_err(unreadable)?;
            return Ok(existing);
        }
        tracing::warn!(path = %path.display(), "the secret file is too short; replacing it");
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(unreadable)?;
    }
    let secret = random_secret();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(unreadable)?;
    file.write_all(secret.as_bytes()).map_err(unreadable)?;
    restrict(path).map_err(unreadable)?;
    tracing::info!(path = %path.display(), "created this install's token signing secret");
    Ok(secret)
}

/// Owner read/write only.
fn restrict(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode != 0o600 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
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
        let ok = load(&[("APP_ENV", "production"), ("JWT_SECRET", &random_secret())])
            .expect("a random 32-byte secret is enough");
        assert_eq!(ok.log.format, LogFormat::Json);
        assert!(ok.auth.secure_cookies);
        for published in [REPOSITORY_SECRETS[0], &"x".repeat(40)] {
            let refused = load(&[("APP_ENV", "production"), ("JWT_SECRET", published)])
                .expect_err("a published or placeholder secret is refused");
            assert!(refused.to_string().contains("JWT_SECRET"), "{refused}");
        }
    }

    #[test]
    fn without_a_configured_secret_each_install_makes_its_own() {
        let a = load(&[]).expect("loads");
        let b = load(&[]).expect("loads");
        assert_ne!(a.jwt_secret_bytes(), b.jwt_secret_bytes(), "never a shared constant");
        assert!(a.auth.secret_file.is_some());
        let dir = std::env::temp_dir().join(format!("sc-secret-{}", uuid::Uuid::new_v4()));
        let path = dir.join("jwt-secret");
        let first = persistent_secret(&path).expect("created");
        assert_eq!(persistent_secret(&path).expect("read back"), first, "kept across starts");
        assert!(first.len() >= MIN_JWT_SECRET_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure() {
        let https = load(&[("PUBLIC_URL", "https://school.example")]).expect("loads");
        assert!(https.auth.secure_cookies && https.https);
        let http = load(&[("PUBLIC_URL", "http://127.0.0.1:3000")]).expect("loads");
        assert!(!http.auth.secure_cookies && !http.https);
    }

    #[test]
    fn bad_values_are_clear_errors() {
        assert!(load(&[("APP_ENV", "staging")]).is_err());
        assert!(load(&[("LEPTOS_SITE_ADDR", "nowhere")]).is_err());
        assert!(load(&[("AI_PROVIDER", "magic")]).is_err());
        assert!(load(&[("RATE_LIMIT_MAX", "lots")]).is_err());
    }
}
