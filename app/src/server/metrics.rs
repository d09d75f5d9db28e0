//! Prometheus metrics (SPEC §8): requests by route template and status with their latency, jobs
//! by function and outcome with their run time, AI calls by provider with latency and tokens,
//! password sign-in outcomes, and (filled in at scrape time) queue depth and database pool use.
//!
//! One [`Metrics`] per application state; `GET /metrics` encodes it in the text format. Label
//! values come from fixed sets (route templates, job names, enum outcomes), never from user input,
//! so the number of series stays bounded.

use std::time::Duration;

use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::{Registry, Unit},
};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub method: String,
    /// The matched route template (`/api/sessions/{id}`), or `static`/`unmatched`.
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub function: String,
    /// `done`, `retry` (a transient failure with attempts left) or `failed` (for good).
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct FunctionLabels {
    pub function: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct QueueLabels {
    pub function: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AiLabels {
    pub provider: String,
    pub feature: String,
    /// `ok` or `error`.
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AiFeatureLabels {
    pub provider: String,
    pub feature: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TokenLabels {
    pub provider: String,
    /// `prompt` or `completion`.
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    /// `open` (connections the pool holds), `idle` (of those, not in use) or `max`.
    pub state: String,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

/// Seconds, from 1 ms to about 33 s: requests, job runs and model calls all fit.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// Every metric this process exports.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_duration: Latency,
    jobs: Family<JobLabels, Counter>,
    job_duration: Family<FunctionLabels, Histogram, fn() -> Histogram>,
    /// Set at scrape time from the queue tables.
    pub queue: Family<QueueLabels, Gauge>,
    ai_calls: Family<AiLabels, Counter>,
    ai_duration: Family<AiFeatureLabels, Histogram, fn() -> Histogram>,
    ai_tokens: Family<TokenLabels, Counter>,
    logins: Family<OutcomeLabels, Counter>,
    /// Set at scrape time from the connection pool.
    pub db_pool: Family<PoolLabels, Gauge>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("study_companion");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        let request_duration: Latency = Family::new_with_constructor(latency_histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time to answer an HTTP request",
            Unit::Seconds,
            request_duration.clone(),
        );
        let jobs = Family::<JobLabels, Counter>::default();
        registry.register("jobs", "Job attempts by function and outcome", jobs.clone());
        let job_duration = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register_with_unit(
            "job_duration",
            "Run time of one job attempt",
            Unit::Seconds,
            job_duration.clone(),
        );
        let queue = Family::<QueueLabels, Gauge>::default();
        registry.register(
            "jobs_in_queue",
            "Jobs in the queue by function and state",
            queue.clone(),
        );
        let ai_calls = Family::<AiLabels, Counter>::default();
        registry.register("ai_calls", "AI provider calls", ai_calls.clone());
        let ai_duration = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register_with_unit(
            "ai_call_duration",
            "Latency of one AI provider call",
            Unit::Seconds,
            ai_duration.clone(),
        );
        let ai_tokens = Family::<TokenLabels, Counter>::default();
        registry.register(
            "ai_tokens",
            "Tokens sent to and received from models",
            ai_tokens.clone(),
        );
        let logins = Family::<OutcomeLabels, Counter>::default();
        registry.register("logins", "Sign-in attempts by outcome", logins.clone());
        let db_pool = Family::<PoolLabels, Gauge>::default();
        registry.register("db_pool_connections", "Database pool connections", db_pool.clone());
        Self {
            registry,
            requests,
            request_duration,
            jobs,
            job_duration,
            queue,
            ai_calls,
            ai_duration,
            ai_tokens,
            logins,
            db_pool,
        }
    }

    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let route_labels = RouteLabels { method: method.to_owned(), route: route.to_owned() };
        self.request_duration.get_or_create(&route_labels).observe(elapsed.as_secs_f64());
        let RouteLabels { method, route } = route_labels;
        self.requests.get_or_create(&RequestLabels { method, route, status }).inc();
    }

    pub fn job(&self, function: &str, outcome: &str, elapsed: Duration) {
        let function = function.to_owned();
        self.job_duration
            .get_or_create(&FunctionLabels { function: function.clone() })
            .observe(elapsed.as_secs_f64());
        self.jobs.get_or_create(&JobLabels { function, outcome: outcome.to_owned() }).inc();
    }

    pub fn ai_call(
        &self,
        provider: &str,
        feature: &str,
        ok: bool,
        elapsed: Duration,
        tokens: (u32, u32),
    ) {
        let provider = provider.to_owned();
        let feature = feature.to_owned();
        self.ai_duration
            .get_or_create(&AiFeatureLabels {
                provider: provider.clone(),
                feature: feature.clone(),
            })
            .observe(elapsed.as_secs_f64());
        let outcome = if ok { "ok" } else { "error" }.to_owned();
        self.ai_calls
            .get_or_create(&AiLabels { provider: provider.clone(), feature, outcome })
            .inc();
        for (kind, count) in [("prompt", tokens.0), ("completion", tokens.1)] {
            self.ai_tokens
                .get_or_create(&TokenLabels { provider: provider.clone(), kind: kind.to_owned() })
                .inc_by(u64::from(count));
        }
    }

    pub fn login(&self, outcome: &str) {
        self.logins.get_or_create(&OutcomeLabels { outcome: outcome.to_owned() }).inc();
    }

    /// The text exposition format (`text/plain; version=0.0.4`… OpenMetrics flavoured).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_show_up_in_the_text_format() {
        let metrics = Metrics::new();
        metrics.request("GET", "/api/sessions/{id}", 200, Duration::from_millis(3));
        metrics.job("analyze-transcript", "done", Duration::from_millis(40));
        metrics.ai_call("offline", "analyze-transcript", true, Duration::from_millis(2), (10, 5));
        metrics.login("invalid_credentials");
        let text = metrics.encode();
        for expected in [
            r#"study_companion_http_requests_total{method="GET",route="/api/sessions/{id}",status="200"} 1"#,
            r#"study_companion_http_request_duration_seconds_count{method="GET",route="/api/sessions/{id}"} 1"#,
            r#"study_companion_jobs_total{function="analyze-transcript",outcome="done"} 1"#,
            r#"study_companion_ai_tokens_total{provider="offline",kind="prompt"} 10"#,
            r#"study_companion_logins_total{outcome="invalid_credentials"} 1"#,
        ] {
            assert!(text.contains(expected), "missing {expected} in\n{text}");
        }
    }
}
