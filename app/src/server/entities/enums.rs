//! The typed values of string columns (sea-orm-cli's `sea_orm_active_enums.rs`). Enums that also
//! cross the wire are declared with the DTOs and re-exported here; the rest are server-only.

pub use crate::{
    domain::{Role, TranscriptFormat, TranscriptSource},
    dto::{
        booking::BookingStatus,
        chat::{EscalationStatus, MessageRole, MessageStatus, Urgency},
        goal::GoalStatus,
        invitation::InvitationStatus,
        notification::NotificationKind,
        nudge::{NudgeFrequency, NudgeRule},
        practice::{PracticeKind, PracticeStatus, QuestionKind},
        session::SessionStatus,
        suggestion::SuggestionStatus,
        user::{OutboxKind, OutboxStatus},
    },
};

wire_enum! {
    /// How a tutor–student link came to be (SPEC §2: only by the student's act or an admin).
    pub enum LinkOrigin {
        Upload,
        Booking,
        /// The student accepted the tutor's invitation.
        Invitation,
        Admin,
    }
}

wire_enum! {
    /// Where a piece of mastery evidence came from.
    pub enum EvidenceSource {
        Session,
        Practice,
    }
}

wire_enum! {
    /// The kinds of finding an analysis stores beside its concepts.
    pub enum SessionItemKind {
        Topic,
        Strength,
        Improvement,
        ActionItem,
    }
}

wire_enum! {
    /// Where a subject suggestion came from: the progression map, the subjects the student's
    /// own sessions touch, or the general list that pads a short map entry.
    pub enum SuggestionSource {
        Map,
        Sessions,
        Default,
    }
}
