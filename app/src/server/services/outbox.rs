//! Delivering outbox messages. No mailer exists in this deployment, so the log is the delivery
//! channel; a real mailer would send `pending` rows and mark them sent.

use crate::server::{config::AppEnv, entities::outbox, state::AppState};

/// Announces a queued message in the log. Outside production the action link is included,
/// because with no mail server the log is how a developer or tester follows it; in production
/// links (which carry single-use secrets) stay in the outbox for the mailer.
pub fn log_delivery(state: &AppState, message: &outbox::Model, link: &str) {
    if state.settings.env == AppEnv::Production {
        tracing::info!(outbox_id = %message.id, kind = %message.kind, "email queued in the outbox");
    } else {
        tracing::info!(
            outbox_id = %message.id,
            kind = %message.kind,
            to = %message.recipient,
            %link,
            "email queued in the outbox (development delivery: follow the link)"
        );
    }
}
