//! SeaORM entities, one per table, in sea-orm-cli's shape. Domain methods live in services.

pub mod ai_calls;
pub mod concept_evidence;
pub mod concepts;
pub mod goal_concepts;
pub mod goals;
pub mod notifications;
pub mod outbox;
pub mod password_resets;
pub mod practice_answers;
pub mod practice_items;
pub mod practices;
pub mod session_concepts;
pub mod session_items;
pub mod sessions;
pub mod student_concepts;
pub mod transcript_chunks;
pub mod transcripts;
pub mod tutor_students;
pub mod users;
