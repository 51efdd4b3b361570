//! The facade: one `Workspace` type whose methods are the use cases of Cordon. The Tauri
//! commands and the `cordon` CLI both call it and nothing else, so the two cannot drift.
//! It owns the workspace's lifecycle (first run, unlock, key source), the clock, and the
//! mapping of every failure to an `AppError { code, message, fields }` that a UI can show
//! and a script can branch on.

mod assets;
mod error;
mod exercise_report;
mod exercises;
mod exports;
mod incidents;
mod intake;
mod ops;
mod plans;
mod privacy;
mod readiness;
mod recorded;
mod reports;
mod sync;
mod workspace;

pub use assets::{ImportPreview, ImportResult};
pub use cordon_core::AssetId;
pub use cordon_core::ManualClock;
pub use cordon_core::asset::{
    Asset, AssetInput, AssetKind, DataClass, Risk, RiskInput, Severity, VulnStatus, Vulnerability,
};
pub use cordon_core::asset_csv::{AssetField, RowError, TextEncoding};
pub use cordon_core::exercise::{
    ActionMark, Capability, ClockEvent, ClockEventKind, ClockState, Exercise, ExerciseStatus,
    ExerciseSummary, ExpectedAction, Finding, FindingInput, Inject, InjectOrigin, LogEntry,
    LogEntryInput, LogKind, Objective, Participant, PlanChangeItem, PlanChangeStatus,
    PresenterInject, PresenterView, Rating, ScenarioInfo, ScenarioRef,
};
pub use cordon_core::incident::{
    ActionItem, ActionStatus, BrokenLink, ChainReport, CustodyTransfer, CustodyTransferInput,
    Dashboard, EntryDraft, EntryKind, EscalationStatus, EscalationTimer, Evidence, EvidenceInput,
    Incident, IncidentInput, IncidentMetrics, IncidentPhase, IncidentSummary, KeyTimes,
    MeasuredCounts, Notice, NoticeInput, PhaseCount, PostIncidentReview, RoleAssignment,
    SeverityAssessment, SeverityCount, SeverityOverride, Task, TimelineEntry, TriggerRecord,
};
pub use cordon_core::notification::{ClockStatus, NotificationClock, Trigger};
pub use cordon_core::plan::ReviewState;
pub use cordon_core::readiness::{Gap, GapLink, GapSeverity, Readiness};
pub use cordon_core::search::{HitKind, SearchHit};
pub use cordon_core::{
    Approval, ChannelKind, ChannelUse, Communication, Contact, ContactChannel, ContactKind,
    EscalationLevel, Phase, Plan, PlanChange, PlanId, PlanInput, PlanStatus, PlanSummary, Playbook,
    PlaybookStep, Review, Role, SeverityCell, SeverityLevel, SeverityMatrix, SeverityRating,
    TemplateInfo, TemplateKind, TemplateRef, UpdateCadence,
};
pub use cordon_core::{
    Client, ClientContact, ClientId, ClientInput, ClientSummary, FieldError, Insurer, Logo, Sector,
};
pub use cordon_core::{EntryId, EvidenceId, IncidentId, NoticeId};
pub use cordon_core::{ExerciseId, PlanChangeId};
pub use error::{AppError, ErrorCode};
pub use exercises::ExerciseView;
pub use incidents::{
    AffectedAssetView, DEFAULT_WARN_HOURS, DeadlineAlert, EvidenceView, IncidentPage,
    IncidentSettings, IncidentTypeOption, IncidentView, MAX_STORED_EVIDENCE_BYTES,
};
pub use ops::{Conflict, OpsExport, OpsImported, Side};
pub use privacy::{IDLE_LOCK_CHOICES, PrivacySettings};
pub use readiness::ClientOverview;
pub use recorded::{PastEvaluation, PastMark, PastSession};
pub use reports::{
    DEFAULT_MSP_NAME, MspBrandingSettings, PreviewSection, ReportAudience, ReportControlInput,
    ReportPreview, ReportResult,
};
pub use sync::{Clients, SyncDevice, SyncInvitation, SyncJoined, SyncReport, SyncStatus};
pub use workspace::{
    Doctor, KeySource, SystemClock, Workspace, WorkspaceInfo, WorkspaceStatus, default_data_dir,
};
