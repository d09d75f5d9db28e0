//! SeaORM entities, one per table, in sea-orm-cli's shape, with typed columns: string columns are
//! `enums` (declared once, shared with the wire types) and JSON kept in text columns is
//! `column::JsonText<T>`. State changes and queries on them live in `models/`.

pub mod column;
pub mod enums;

pub mod ai_calls;
pub mod bookings;
pub mod concept_evidence;
pub mod concepts;
pub mod conversations;
pub mod escalations;
pub mod goal_concepts;
pub mod goal_progress;
pub mod goals;
pub mod mastery_history;
pub mod messages;
pub mod notifications;
pub mod nudge_settings;
pub mod nudges;
pub mod outbox;
pub mod password_resets;
pub mod practice_answers;
pub mod practice_items;
pub mod practices;
pub mod session_concepts;
pub mod session_items;
pub mod sessions;
pub mod student_concepts;
pub mod subject_suggestions;
pub mod transcript_chunks;
pub mod transcripts;
pub mod tutor_availability;
pub mod tutor_invitations;
pub mod tutor_students;
pub mod users;
