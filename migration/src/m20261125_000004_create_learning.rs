//! Tutoring sessions and what is learned from them: transcripts, retrieval chunks, the concept
//! catalogue, per-session concepts and items with evidence, practice with its items and answers,
//! per-student mastery and the evidence history behind it, and the record of every AI call.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261125_000001_create_users::Users;
use crate::helpers::{cascade, create_indexes, index, set_null};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::StudentId))
                    .col(uuid(Sessions::TutorId))
                    .col(uuid(Sessions::UploadedBy))
                    .col(timestamp_with_time_zone(Sessions::SessionDate))
                    .col(integer(Sessions::DurationSeconds))
                    .col(string_len_null(Sessions::Subject, 64))
                    .col(string_len_null(Sessions::Title, 200))
                    .col(string_len(Sessions::Status, 16).default("pending").check(
                        Expr::col(Sessions::Status).is_in([
                            "pending",
                            "processing",
                            "analyzed",
                            "failed",
                        ]),
                    ))
                    .col(text_null(Sessions::FailureReason))
                    .col(text_null(Sessions::Summary))
                    .col(timestamp_with_time_zone_null(Sessions::AnalyzedAt))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::UpdatedAt))
                    .check(Expr::col(Sessions::DurationSeconds).gt(0))
                    .check(Expr::col(Sessions::DurationSeconds).lte(86_400))
                    .foreign_key(&mut cascade(
                        "fk_sessions_student",
                        (Sessions::Table, Sessions::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_sessions_tutor",
                        (Sessions::Table, Sessions::TutorId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_sessions_uploaded_by",
                        (Sessions::Table, Sessions::UploadedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Transcripts::Table)
                    .if_not_exists()
                    .col(pk_uuid(Transcripts::Id))
                    .col(uuid_uniq(Transcripts::SessionId))
                    .col(string_len(Transcripts::Source, 16).check(
                        Expr::col(Transcripts::Source).is_in([
                            "manual_upload",
                            "read_ai",
                            "api_import",
                            "other",
                        ]),
                    ))
                    .col(string_len(Transcripts::Format, 16).check(
                        Expr::col(Transcripts::Format).is_in([
                            "plain_text",
                            "vtt",
                            "srt",
                            "json",
                            "csv",
                            "markdown",
                        ]),
                    ))
                    .col(text(Transcripts::RawText))
                    // The parsed speaker turns as JSON: speaker, role, text, line range, time.
                    .col(text(Transcripts::Turns))
                    .col(string_len_null(Transcripts::TutorSpeaker, 100))
                    .col(string_len_null(Transcripts::StudentSpeaker, 100))
                    .col(integer(Transcripts::LineCount))
                    .col(integer(Transcripts::WordCount))
                    .col(timestamp_with_time_zone(Transcripts::CreatedAt))
                    .foreign_key(&mut cascade(
                        "fk_transcripts_session",
                        (Transcripts::Table, Transcripts::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TranscriptChunks::Table)
                    .if_not_exists()
                    .col(pk_uuid(TranscriptChunks::Id))
                    .col(uuid(TranscriptChunks::SessionId))
                    // Denormalised so retrieval scopes to one student with one index.
                    .col(uuid(TranscriptChunks::StudentId))
                    .col(integer(TranscriptChunks::ChunkIndex))
                    .col(integer(TranscriptChunks::LineStart))
                    .col(integer(TranscriptChunks::LineEnd))
                    .col(text(TranscriptChunks::Content))
                    // Normalised terms for lexical retrieval (BM25 over these).
                    .col(text(TranscriptChunks::Terms))
                    .col(integer(TranscriptChunks::TermCount))
                    .col(timestamp_with_time_zone(TranscriptChunks::CreatedAt))
                    .check(
                        Expr::col(TranscriptChunks::LineEnd)
                            .gte(Expr::col(TranscriptChunks::LineStart)),
                    )
                    .foreign_key(&mut cascade(
                        "fk_transcript_chunks_session",
                        (TranscriptChunks::Table, TranscriptChunks::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_transcript_chunks_student",
                        (TranscriptChunks::Table, TranscriptChunks::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Concepts::Table)
                    .if_not_exists()
                    .col(pk_uuid(Concepts::Id))
                    .col(string_len(Concepts::Subject, 64))
                    .col(string_len(Concepts::Name, 120))
                    // Lowercased, punctuation-free: the de-duplication key within a subject.
                    .col(string_len(Concepts::NormalizedName, 120))
                    .col(text_null(Concepts::Description))
                    .col(small_integer(Concepts::Difficulty))
                    .col(timestamp_with_time_zone(Concepts::CreatedAt))
                    .check(Expr::col(Concepts::Difficulty).between(1, 10))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SessionConcepts::Table)
                    .if_not_exists()
                    .col(pk_uuid(SessionConcepts::Id))
                    .col(uuid(SessionConcepts::SessionId))
                    .col(uuid(SessionConcepts::ConceptId))
                    .col(small_integer(SessionConcepts::Difficulty))
                    .col(double(SessionConcepts::Relevance))
                    // Where in the transcript it rests: JSON [{start, end}], plus the first range
                    // in columns for cheap linking.
                    .col(text(SessionConcepts::Evidence))
                    .col(integer(SessionConcepts::LineStart))
                    .col(integer(SessionConcepts::LineEnd))
                    // -1 struggled, 0 neutral, 1 showed understanding: what moved mastery.
                    .col(small_integer(SessionConcepts::Signal))
                    .col(integer(SessionConcepts::Position))
                    .check(Expr::col(SessionConcepts::Difficulty).between(1, 10))
                    .check(Expr::col(SessionConcepts::Signal).between(-1, 1))
                    .foreign_key(&mut cascade(
                        "fk_session_concepts_session",
                        (SessionConcepts::Table, SessionConcepts::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_session_concepts_concept",
                        (SessionConcepts::Table, SessionConcepts::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SessionItems::Table)
                    .if_not_exists()
                    .col(pk_uuid(SessionItems::Id))
                    .col(uuid(SessionItems::SessionId))
                    .col(string_len(SessionItems::Kind, 16).check(
                        Expr::col(SessionItems::Kind).is_in([
                            "topic",
                            "strength",
                            "improvement",
                            "action_item",
                        ]),
                    ))
                    .col(text(SessionItems::Content))
                    .col(uuid_null(SessionItems::ConceptId))
                    .col(integer(SessionItems::LineStart))
                    .col(integer(SessionItems::LineEnd))
                    .col(integer(SessionItems::Position))
                    .foreign_key(&mut cascade(
                        "fk_session_items_session",
                        (SessionItems::Table, SessionItems::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .foreign_key(&mut set_null(
                        "fk_session_items_concept",
                        (SessionItems::Table, SessionItems::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Practices::Table)
                    .if_not_exists()
                    .col(pk_uuid(Practices::Id))
                    .col(uuid(Practices::StudentId))
                    .col(uuid_null(Practices::SessionId))
                    .col(
                        string_len(Practices::Kind, 16)
                            .check(Expr::col(Practices::Kind).is_in(["session", "review"])),
                    )
                    .col(string_len(Practices::Status, 16).default("generating").check(
                        Expr::col(Practices::Status).is_in([
                            "generating",
                            "ready",
                            "in_progress",
                            "completed",
                            "failed",
                        ]),
                    ))
                    .col(text_null(Practices::FailureReason))
                    // The concepts asked for, as a JSON array of ids (empty: all of the session's).
                    .col(text(Practices::ConceptIds))
                    .col(integer(Practices::ItemCount).default(0))
                    .col(integer_null(Practices::CorrectCount))
                    .col(double_null(Practices::Score))
                    .col(timestamp_with_time_zone(Practices::CreatedAt))
                    .col(timestamp_with_time_zone_null(Practices::StartedAt))
                    .col(timestamp_with_time_zone_null(Practices::SubmittedAt))
                    .col(timestamp_with_time_zone(Practices::UpdatedAt))
                    .foreign_key(&mut cascade(
                        "fk_practices_student",
                        (Practices::Table, Practices::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_practices_session",
                        (Practices::Table, Practices::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PracticeItems::Table)
                    .if_not_exists()
                    .col(pk_uuid(PracticeItems::Id))
                    .col(uuid(PracticeItems::PracticeId))
                    .col(integer(PracticeItems::Position))
                    .col(uuid(PracticeItems::ConceptId))
                    .col(string_len(PracticeItems::Kind, 16).check(
                        Expr::col(PracticeItems::Kind).is_in([
                            "multiple_choice",
                            "short_answer",
                            "numeric",
                        ]),
                    ))
                    .col(text(PracticeItems::Prompt))
                    // JSON [{id, text}] for multiple choice.
                    .col(text_null(PracticeItems::Options))
                    // The answer key as JSON. Never sent to the browser before submission.
                    .col(text(PracticeItems::Answer))
                    .col(text(PracticeItems::Explanation))
                    // JSON array, from gentlest nudge to the last step before the answer.
                    .col(text(PracticeItems::Hints))
                    .col(small_integer(PracticeItems::Difficulty))
                    .col(string_len(PracticeItems::Generator, 40))
                    .col(integer_null(PracticeItems::LineStart))
                    .col(integer_null(PracticeItems::LineEnd))
                    .check(Expr::col(PracticeItems::Difficulty).between(1, 10))
                    .foreign_key(&mut cascade(
                        "fk_practice_items_practice",
                        (PracticeItems::Table, PracticeItems::PracticeId),
                        (Practices::Table, Practices::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_practice_items_concept",
                        (PracticeItems::Table, PracticeItems::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PracticeAnswers::Table)
                    .if_not_exists()
                    .col(pk_uuid(PracticeAnswers::Id))
                    .col(uuid(PracticeAnswers::PracticeId))
                    .col(uuid_uniq(PracticeAnswers::ItemId))
                    .col(text_null(PracticeAnswers::Answer))
                    .col(integer(PracticeAnswers::HintsUsed).default(0))
                    .col(boolean_null(PracticeAnswers::IsCorrect))
                    .col(timestamp_with_time_zone(PracticeAnswers::UpdatedAt))
                    .check(Expr::col(PracticeAnswers::HintsUsed).gte(0))
                    .foreign_key(&mut cascade(
                        "fk_practice_answers_practice",
                        (PracticeAnswers::Table, PracticeAnswers::PracticeId),
                        (Practices::Table, Practices::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_practice_answers_item",
                        (PracticeAnswers::Table, PracticeAnswers::ItemId),
                        (PracticeItems::Table, PracticeItems::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StudentConcepts::Table)
                    .if_not_exists()
                    .col(pk_uuid(StudentConcepts::Id))
                    .col(uuid(StudentConcepts::StudentId))
                    .col(uuid(StudentConcepts::ConceptId))
                    // Elo-style ability on this concept, and the 0..1 mastery derived from it.
                    .col(double(StudentConcepts::Rating))
                    .col(double(StudentConcepts::Mastery))
                    .col(integer(StudentConcepts::EvidenceCount).default(0))
                    // FSRS memory state; null until the first practice review.
                    .col(double_null(StudentConcepts::Stability))
                    .col(double_null(StudentConcepts::FsrsDifficulty))
                    .col(integer(StudentConcepts::Reps).default(0))
                    .col(integer(StudentConcepts::Lapses).default(0))
                    .col(timestamp_with_time_zone_null(StudentConcepts::LastReviewedAt))
                    .col(timestamp_with_time_zone_null(StudentConcepts::DueAt))
                    .col(timestamp_with_time_zone(StudentConcepts::CreatedAt))
                    .col(timestamp_with_time_zone(StudentConcepts::UpdatedAt))
                    .check(Expr::col(StudentConcepts::Mastery).between(0.0, 1.0))
                    .foreign_key(&mut cascade(
                        "fk_student_concepts_student",
                        (StudentConcepts::Table, StudentConcepts::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_student_concepts_concept",
                        (StudentConcepts::Table, StudentConcepts::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConceptEvidence::Table)
                    .if_not_exists()
                    .col(pk_uuid(ConceptEvidence::Id))
                    .col(uuid(ConceptEvidence::StudentId))
                    .col(uuid(ConceptEvidence::ConceptId))
                    .col(uuid_null(ConceptEvidence::SessionId))
                    .col(uuid_null(ConceptEvidence::PracticeId))
                    .col(
                        string_len(ConceptEvidence::Source, 16).check(
                            Expr::col(ConceptEvidence::Source).is_in(["session", "practice"]),
                        ),
                    )
                    // 1.0 = showed full understanding, 0.0 = struggled; weighted by `weight`.
                    .col(double(ConceptEvidence::Outcome))
                    .col(double(ConceptEvidence::Weight))
                    .col(small_integer(ConceptEvidence::Difficulty))
                    .col(double(ConceptEvidence::MasteryAfter))
                    .col(timestamp_with_time_zone(ConceptEvidence::OccurredAt))
                    .check(Expr::col(ConceptEvidence::Outcome).between(0.0, 1.0))
                    .foreign_key(&mut cascade(
                        "fk_concept_evidence_student",
                        (ConceptEvidence::Table, ConceptEvidence::StudentId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_concept_evidence_concept",
                        (ConceptEvidence::Table, ConceptEvidence::ConceptId),
                        (Concepts::Table, Concepts::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_concept_evidence_session",
                        (ConceptEvidence::Table, ConceptEvidence::SessionId),
                        (Sessions::Table, Sessions::Id),
                    ))
                    .foreign_key(&mut cascade(
                        "fk_concept_evidence_practice",
                        (ConceptEvidence::Table, ConceptEvidence::PracticeId),
                        (Practices::Table, Practices::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AiCalls::Table)
                    .if_not_exists()
                    .col(pk_uuid(AiCalls::Id))
                    .col(string_len(AiCalls::Feature, 40))
                    .col(string_len(AiCalls::Provider, 16))
                    .col(string_len(AiCalls::Model, 100))
                    .col(integer(AiCalls::PromptTokens))
                    .col(integer(AiCalls::CompletionTokens))
                    .col(integer(AiCalls::LatencyMs))
                    .col(double(AiCalls::CostUsd))
                    .col(boolean(AiCalls::Success))
                    .col(text_null(AiCalls::Error))
                    .col(uuid_null(AiCalls::UserId))
                    .col(timestamp_with_time_zone(AiCalls::CreatedAt))
                    .foreign_key(&mut set_null(
                        "fk_ai_calls_user",
                        (AiCalls::Table, AiCalls::UserId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        let mut concept_key = index(
            "idx_concepts_subject_name",
            Concepts::Table,
            [Concepts::Subject, Concepts::NormalizedName],
        );
        concept_key.unique();
        let mut session_concept_key = index(
            "idx_session_concepts_session_concept",
            SessionConcepts::Table,
            [SessionConcepts::SessionId, SessionConcepts::ConceptId],
        );
        session_concept_key.unique();
        let mut student_concept_key = index(
            "idx_student_concepts_student_concept",
            StudentConcepts::Table,
            [StudentConcepts::StudentId, StudentConcepts::ConceptId],
        );
        student_concept_key.unique();
        let mut chunk_key = index(
            "idx_transcript_chunks_session_index",
            TranscriptChunks::Table,
            [TranscriptChunks::SessionId, TranscriptChunks::ChunkIndex],
        );
        chunk_key.unique();
        let mut item_key = index(
            "idx_practice_items_practice_position",
            PracticeItems::Table,
            [PracticeItems::PracticeId, PracticeItems::Position],
        );
        item_key.unique();
        create_indexes(
            manager,
            [
                index(
                    "idx_practices_student_status",
                    Practices::Table,
                    [Practices::StudentId, Practices::Status],
                ),
                index("idx_practices_session", Practices::Table, [Practices::SessionId]),
                item_key,
                index(
                    "idx_practice_items_concept",
                    PracticeItems::Table,
                    [PracticeItems::ConceptId],
                ),
                index(
                    "idx_practice_answers_practice",
                    PracticeAnswers::Table,
                    [PracticeAnswers::PracticeId],
                ),
                index(
                    "idx_sessions_student_date",
                    Sessions::Table,
                    [Sessions::StudentId, Sessions::SessionDate],
                ),
                index(
                    "idx_sessions_tutor_date",
                    Sessions::Table,
                    [Sessions::TutorId, Sessions::SessionDate],
                ),
                index("idx_sessions_uploaded_by", Sessions::Table, [Sessions::UploadedBy]),
                index("idx_sessions_status", Sessions::Table, [Sessions::Status]),
                chunk_key,
                index(
                    "idx_transcript_chunks_student",
                    TranscriptChunks::Table,
                    [TranscriptChunks::StudentId],
                ),
                concept_key,
                session_concept_key,
                index(
                    "idx_session_concepts_concept",
                    SessionConcepts::Table,
                    [SessionConcepts::ConceptId],
                ),
                index("idx_session_items_session", SessionItems::Table, [SessionItems::SessionId]),
                index("idx_session_items_concept", SessionItems::Table, [SessionItems::ConceptId]),
                student_concept_key,
                index(
                    "idx_student_concepts_concept",
                    StudentConcepts::Table,
                    [StudentConcepts::ConceptId],
                ),
                index(
                    "idx_student_concepts_due",
                    StudentConcepts::Table,
                    [StudentConcepts::StudentId, StudentConcepts::DueAt],
                ),
                index(
                    "idx_concept_evidence_student_concept",
                    ConceptEvidence::Table,
                    [
                        ConceptEvidence::StudentId,
                        ConceptEvidence::ConceptId,
                        ConceptEvidence::OccurredAt,
                    ],
                ),
                index(
                    "idx_concept_evidence_concept",
                    ConceptEvidence::Table,
                    [ConceptEvidence::ConceptId],
                ),
                index(
                    "idx_concept_evidence_session",
                    ConceptEvidence::Table,
                    [ConceptEvidence::SessionId],
                ),
                index(
                    "idx_concept_evidence_practice",
                    ConceptEvidence::Table,
                    [ConceptEvidence::PracticeId],
                ),
                index("idx_ai_calls_created", AiCalls::Table, [AiCalls::CreatedAt]),
                index("idx_ai_calls_user", AiCalls::Table, [AiCalls::UserId]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AiCalls::Table.into_iden(),
            ConceptEvidence::Table.into_iden(),
            StudentConcepts::Table.into_iden(),
            PracticeAnswers::Table.into_iden(),
            PracticeItems::Table.into_iden(),
            Practices::Table.into_iden(),
            SessionItems::Table.into_iden(),
            SessionConcepts::Table.into_iden(),
            Concepts::Table.into_iden(),
            TranscriptChunks::Table.into_iden(),
            Transcripts::Table.into_iden(),
            Sessions::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
pub enum Sessions {
    Table,
    Id,
    StudentId,
    TutorId,
    UploadedBy,
    SessionDate,
    DurationSeconds,
    Subject,
    Title,
    Status,
    FailureReason,
    Summary,
    AnalyzedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Transcripts {
    Table,
    Id,
    SessionId,
    Source,
    Format,
    RawText,
    Turns,
    TutorSpeaker,
    StudentSpeaker,
    LineCount,
    WordCount,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TranscriptChunks {
    Table,
    Id,
    SessionId,
    StudentId,
    ChunkIndex,
    LineStart,
    LineEnd,
    Content,
    Terms,
    TermCount,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Concepts {
    Table,
    Id,
    Subject,
    Name,
    NormalizedName,
    Description,
    Difficulty,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SessionConcepts {
    Table,
    Id,
    SessionId,
    ConceptId,
    Difficulty,
    Relevance,
    Evidence,
    LineStart,
    LineEnd,
    Signal,
    Position,
}

#[derive(DeriveIden)]
enum SessionItems {
    Table,
    Id,
    SessionId,
    Kind,
    Content,
    ConceptId,
    LineStart,
    LineEnd,
    Position,
}

#[derive(DeriveIden)]
enum StudentConcepts {
    Table,
    Id,
    StudentId,
    ConceptId,
    Rating,
    Mastery,
    EvidenceCount,
    Stability,
    FsrsDifficulty,
    Reps,
    Lapses,
    LastReviewedAt,
    DueAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConceptEvidence {
    Table,
    Id,
    StudentId,
    ConceptId,
    SessionId,
    PracticeId,
    Source,
    Outcome,
    Weight,
    Difficulty,
    MasteryAfter,
    OccurredAt,
}

#[derive(DeriveIden)]
enum AiCalls {
    Table,
    Id,
    Feature,
    Provider,
    Model,
    PromptTokens,
    CompletionTokens,
    LatencyMs,
    CostUsd,
    Success,
    Error,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Practices {
    Table,
    Id,
    StudentId,
    SessionId,
    Kind,
    Status,
    FailureReason,
    ConceptIds,
    ItemCount,
    CorrectCount,
    Score,
    CreatedAt,
    StartedAt,
    SubmittedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PracticeItems {
    Table,
    Id,
    PracticeId,
    Position,
    ConceptId,
    Kind,
    Prompt,
    Options,
    Answer,
    Explanation,
    Hints,
    Difficulty,
    Generator,
    LineStart,
    LineEnd,
}

#[derive(DeriveIden)]
enum PracticeAnswers {
    Table,
    Id,
    PracticeId,
    ItemId,
    Answer,
    HintsUsed,
    IsCorrect,
    UpdatedAt,
}
