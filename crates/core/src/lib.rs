//! The domain of Cordon: the records an MSP keeps for each client company and the rules over
//! them. Everything here is pure: no I/O, no clock, no randomness. Time and new ids are passed
//! in by the caller, which is what makes the rules testable and sync deterministic.
//!
//! One module per aggregate (`client`, later `plan`, `asset`, `incident` ...), plus the
//! shared pieces every aggregate uses: typed ids, validation errors that name the field and
//! the fix, and the hybrid logical clock that orders changes across devices.

pub mod asset;
pub mod asset_csv;
pub mod client;
pub mod csv_cell;
pub mod digest;
pub mod exercise;
pub mod hlc;
pub mod id;
pub mod incident;
pub mod jurisdiction;
pub mod limits;
pub mod merge;
pub mod notification;
pub mod plan;
pub mod readiness;
pub mod search;
pub mod settings;
pub mod validation;

pub use client::{
    Branding, Client, ClientContact, ClientInput, ClientSummary, Insurer, Logo, Sector,
};
pub use hlc::{Hlc, HlcError};
pub use id::{
    AssetId, ClientId, DeviceId, EntryId, EvidenceId, ExerciseId, IncidentId, NoticeId, OpId,
    PlanChangeId, PlanId,
};
pub use jurisdiction::Jurisdiction;
pub use notification::{
    Applicability, BusinessCalendar, ClockFacts, ClockStatus, NotificationClock, NotificationRule,
    RuleTable, RuleTableError, Trigger, Window,
};
pub use plan::{
    Approval, ChannelKind, ChannelUse, Communication, Contact, ContactChannel, ContactKind,
    EscalationLevel, Phase, Plan, PlanChange, PlanInput, PlanStatus, PlanSummary, Playbook,
    PlaybookStep, Review, ReviewState, Role, SeverityCell, SeverityLevel, SeverityMatrix,
    SeverityRating, TemplateInfo, TemplateKind, TemplateRef, UpdateCadence,
};
pub use validation::{FieldError, Invalid};

pub mod clock;
pub use clock::{Clock, ManualClock};
