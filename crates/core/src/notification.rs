//! Notification clocks: who must be told about an incident, by when, and whether they were.
//!
//! The legal duties live in a rule table kept as data (`rules/notification_rules.json`,
//! embedded at build time), versioned and with its source named for every rule, because laws
//! change and an MSP must be able to see which reading of which law a deadline came from.
//! Which rules apply follows from the client's jurisdictions and sectors and the data classes
//! of the affected assets; the client's contract and cyber-insurer windows are added as rules
//! of their own. Each clock starts from its own trigger (awareness, discovery, materiality
//! determination ...), which the user records on the incident; deadlines are computed from it,
//! never typed in. Everything here is pure: the trigger times and `now` are passed in.

mod calendar;
mod incident;
#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::asset::DataClass;
use crate::client::{Insurer, Sector};
use crate::jurisdiction::Jurisdiction;

pub use calendar::{BusinessCalendar, is_us_federal_holiday, us_federal_holidays};
pub use incident::{incident_clocks, rules_for};

const BUILTIN_RULES: &str = include_str!("../rules/notification_rules.json");

/// The moment a clock starts from. Laws pick different moments on purpose (GDPR counts from
/// awareness, the SEC from the materiality determination), so the incident records each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The organisation is reasonably certain an incident affecting the data has happened.
    Awareness,
    /// The first sign of the incident was seen, before any confirmation.
    Detection,
    /// The breach is known to the organisation, or would have been with reasonable diligence.
    Discovery,
    /// The registrant decided the incident is material to investors.
    MaterialityDetermination,
}

impl Trigger {
    pub const ALL: [Trigger; 4] = [
        Trigger::Awareness,
        Trigger::Detection,
        Trigger::Discovery,
        Trigger::MaterialityDetermination,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Trigger::Awareness => "Awareness",
            Trigger::Detection => "Detection",
            Trigger::Discovery => "Discovery",
            Trigger::MaterialityDetermination => "Materiality determination",
        }
    }
}

/// How long a rule allows. Hours are an absolute duration; days and months are counted on the
/// calendar of the rule's time zone and end at the end of the last local day, because that is
/// how "within 60 calendar days" is read; business days end at the calendar's cut-off time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum Window {
    Hours {
        hours: u32,
    },
    CalendarDays {
        days: u32,
    },
    Months {
        months: u32,
    },
    BusinessDays {
        days: u32,
        calendar: BusinessCalendar,
        /// The local time on the last business day by which it must be done (EDGAR dates a
        /// filing made after 17:30 New York time on the next business day).
        cutoff: LocalTime,
    },
}

impl Window {
    /// A rough length in hours, only to list clocks by how soon they fall due before any
    /// trigger is recorded (business days count as 7/5 of a day, months as 30.5 days).
    pub fn typical_hours(&self) -> f64 {
        match self {
            Window::Hours { hours } => f64::from(*hours),
            Window::CalendarDays { days } => f64::from(*days) * 24.0,
            Window::Months { months } => f64::from(*months) * 30.5 * 24.0,
            Window::BusinessDays { days, .. } => f64::from(*days) * 24.0 * 7.0 / 5.0,
        }
    }

    /// The window in words, for the clock list: "72 hours", "4 business days".
    pub fn describe(&self) -> String {
        let plural = |n: u32, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self {
            Window::Hours { hours } => plural(*hours, "hour", "hours"),
            Window::CalendarDays { days } => plural(*days, "calendar day", "calendar days"),
            Window::Months { months } => plural(*months, "month", "months"),
            Window::BusinessDays { days, cutoff, .. } => format!(
                "{} (by {cutoff})",
                plural(*days, "business day", "business days")
            ),
        }
    }
}

/// A wall-clock time of day, written `HH:MM` in the table.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct LocalTime(NaiveTime);

impl LocalTime {
    pub fn time(self) -> NaiveTime {
        self.0
    }
}

impl FromStr for LocalTime {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NaiveTime::parse_from_str(s.trim(), "%H:%M")
            .map(Self)
            .map_err(|_| format!("'{s}' is not a time of day; write it as HH:MM, like 17:30"))
    }
}

impl TryFrom<String> for LocalTime {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<LocalTime> for String {
    fn from(value: LocalTime) -> Self {
        value.to_string()
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%H:%M"))
    }
}

impl fmt::Debug for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LocalTime({self})")
    }
}

/// An IANA time zone name (`America/New_York`), checked when the table is read so that
/// deadline arithmetic never meets an unknown zone.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "specta", specta(type = String))]
pub struct TimeZoneName(Tz);

impl TimeZoneName {
    pub const UTC: TimeZoneName = TimeZoneName(Tz::UTC);

    pub fn tz(self) -> Tz {
        self.0
    }

    pub fn as_str(self) -> &'static str {
        self.0.name()
    }
}

impl FromStr for TimeZoneName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse::<Tz>().map(Self).map_err(|_| {
            format!(
                "'{s}' is not an IANA time zone; use a name like Europe/Paris or America/New_York"
            )
        })
    }
}

impl TryFrom<String> for TimeZoneName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<TimeZoneName> for String {
    fn from(value: TimeZoneName) -> Self {
        value.as_str().to_owned()
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeZoneName({})", self.as_str())
    }
}

/// Where a rule comes from: the legal citation and an official text to check it against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Source {
    pub citation: String,
    /// Empty for the client's own contract and insurance policy, which have no public text.
    pub url: String,
}

/// One way a rule can apply. Each non-empty list must share at least one entry with the
/// client's (or the affected assets') list; an empty list does not constrain.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct Applicability {
    /// `US` also matches a client that only lists US states: a state is in the US.
    pub jurisdictions_any: Vec<Jurisdiction>,
    pub sectors_any: Vec<Sector>,
    pub data_classes_any: Vec<DataClass>,
}

impl Applicability {
    fn matches(&self, facts: &ClockFacts<'_>) -> bool {
        let jurisdiction = self.jurisdictions_any.is_empty()
            || self
                .jurisdictions_any
                .iter()
                .any(|wanted| facts.jurisdictions.iter().any(|j| covers(wanted, j)));
        let sector = self.sectors_any.is_empty()
            || self.sectors_any.iter().any(|s| facts.sectors.contains(s));
        let data = self.data_classes_any.is_empty()
            || self
                .data_classes_any
                .iter()
                .any(|d| facts.data_classes.contains(d));
        jurisdiction && sector && data
    }
}

/// Whether a rule written for `wanted` reaches a client in `have`.
fn covers(wanted: &Jurisdiction, have: &Jurisdiction) -> bool {
    wanted == have || (wanted.as_str() == "US" && have.us_state().is_some())
}

/// One duty to notify someone within a window from a trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotificationRule {
    /// Stable key, kept on the incident's clocks; `contract` and `insurer` are reserved for
    /// the rules made from the client record.
    pub key: String,
    pub name: String,
    /// The law or agreement the rule belongs to: "GDPR", "NIS2", "SEC", "HIPAA", "US-FL" ...
    pub regime: String,
    /// Who is notified.
    pub recipient: String,
    pub trigger: Trigger,
    /// The key of another rule whose notice starts this clock when it is sent, instead of the
    /// trigger: NIS2's final report counts a month from the incident notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_notice_of: Option<String>,
    pub window: Window,
    /// The zone days, months and business days are counted in: where the regulator sits.
    pub time_zone: TimeZoneName,
    /// The rule applies when any of these matches.
    pub applies: Vec<Applicability>,
    pub source: Source,
    /// Plain words on what the rule asks and where the table simplifies it.
    pub note: String,
}

impl NotificationRule {
    /// When the notice is due if the trigger happened at `trigger_at`.
    pub fn deadline(&self, trigger_at: DateTime<Utc>) -> DateTime<Utc> {
        deadline(self, trigger_at)
    }

    /// When this rule's clock starts: at its trigger, or, for a rule that counts from another
    /// notice, when the first notice against that rule was sent (`None` until then).
    pub fn clock_start(
        &self,
        trigger_at: Option<DateTime<Utc>>,
        first_sent: impl Fn(&str) -> Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        match &self.after_notice_of {
            Some(key) => first_sent(key),
            None => trigger_at,
        }
    }
}

/// The rule table: data, versioned, each rule with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleTable {
    pub version: String,
    /// What the table is and is not (a reminder of duties, not legal advice).
    #[serde(default)]
    pub note: String,
    pub rules: Vec<NotificationRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleTableError {
    #[error("the rule table is not valid JSON for its shape: {0}")]
    Parse(String),
    #[error(
        "the rule table has no version; add a \"version\" so clocks can say which one they used"
    )]
    NoVersion,
    #[error("rule '{key}' is incomplete: {problem}")]
    Incomplete { key: String, problem: String },
    #[error("rule key '{0}' is used twice; keys must be unique")]
    DuplicateKey(String),
}

impl RuleTable {
    /// Reads a table and checks what serde cannot: a version, unique keys, and for every rule
    /// a citation, an official URL and a note.
    pub fn parse(json: &str) -> Result<RuleTable, RuleTableError> {
        let table: RuleTable =
            serde_json::from_str(json).map_err(|e| RuleTableError::Parse(e.to_string()))?;
        if table.version.trim().is_empty() {
            return Err(RuleTableError::NoVersion);
        }
        let mut keys = std::collections::BTreeSet::new();
        for rule in &table.rules {
            let incomplete = |problem: &str| RuleTableError::Incomplete {
                key: rule.key.clone(),
                problem: problem.to_owned(),
            };
            if rule.key.trim().is_empty() || rule.name.trim().is_empty() {
                return Err(incomplete("a key and a name are required"));
            }
            if [CONTRACT_KEY, INSURER_KEY].contains(&rule.key.as_str()) {
                return Err(incomplete(
                    "the key is reserved for the client's own windows",
                ));
            }
            if rule.source.citation.trim().is_empty() || !rule.source.url.starts_with("https://") {
                return Err(incomplete(
                    "the source needs a citation and an https:// URL",
                ));
            }
            if rule.note.trim().is_empty() || rule.recipient.trim().is_empty() {
                return Err(incomplete("a note and a recipient are required"));
            }
            if rule.applies.is_empty() {
                return Err(incomplete("say when it applies"));
            }
            if !keys.insert(rule.key.as_str()) {
                return Err(RuleTableError::DuplicateKey(rule.key.clone()));
            }
        }
        Ok(table)
    }

    /// The table shipped with Cordon, read once.
    // The embedded JSON is ours and `builtin_table_parses_and_names_its_sources` checks it,
    // so a failure here is a build defect: failing loudly beats silently missing a deadline.
    #[allow(clippy::expect_used)]
    pub fn builtin() -> &'static RuleTable {
        static TABLE: OnceLock<RuleTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            RuleTable::parse(BUILTIN_RULES)
                .expect("rules/notification_rules.json is valid (see its test)")
        })
    }

    pub fn rule(&self, key: &str) -> Option<&NotificationRule> {
        self.rules.iter().find(|r| r.key == key)
    }
}

pub const CONTRACT_KEY: &str = "contract";
pub const INSURER_KEY: &str = "insurer";

/// What decides which clocks apply: the client's record and the affected assets' data classes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClockFacts<'a> {
    pub jurisdictions: &'a [Jurisdiction],
    pub sectors: &'a [Sector],
    /// The union of the data classes of the assets the incident affects.
    pub data_classes: &'a [DataClass],
    pub contract_notice_hours: Option<u32>,
    pub insurer: Option<&'a Insurer>,
}

/// The rules that apply, shortest window first so the UI lists them in the order they fall
/// due; the client's contract and insurer windows are included as rules of their own.
pub fn applicable(table: &RuleTable, facts: &ClockFacts<'_>) -> Vec<NotificationRule> {
    let mut rules: Vec<NotificationRule> = table
        .rules
        .iter()
        .filter(|rule| rule.applies.iter().any(|a| a.matches(facts)))
        .cloned()
        .collect();
    if let Some(hours) = facts.contract_notice_hours {
        rules.push(contract_rule(hours));
    }
    if let Some(rule) = facts.insurer.and_then(insurer_rule) {
        rules.push(rule);
    }
    rules.sort_by(|a, b| {
        a.window
            .typical_hours()
            .total_cmp(&b.window.typical_hours())
            .then_with(|| a.key.cmp(&b.key))
    });
    rules
}

/// The MSP's contract usually promises to tell the client within hours of detecting anything,
/// before anyone has confirmed it, so this clock starts at detection.
fn contract_rule(hours: u32) -> NotificationRule {
    NotificationRule {
        key: CONTRACT_KEY.to_owned(),
        name: "Client notice under the contract".to_owned(),
        regime: "Contract".to_owned(),
        recipient: "The client's named contact".to_owned(),
        trigger: Trigger::Detection,
        after_notice_of: None,
        window: Window::Hours { hours },
        time_zone: TimeZoneName::UTC,
        applies: vec![Applicability::default()],
        source: Source {
            citation: "Client contract".to_owned(),
            url: String::new(),
        },
        note: format!(
            "The contract asks for notice within {hours} h of detection; the window comes from \
             the client record, so change it there if the contract changes."
        ),
    }
}

/// Policies void cover when the insurer hears late; the clock runs from awareness because
/// that is when the insured can be said to know of a claim.
fn insurer_rule(insurer: &Insurer) -> Option<NotificationRule> {
    let hours = insurer.notice_hours?;
    let name = if insurer.name.trim().is_empty() {
        "Cyber insurer".to_owned()
    } else {
        insurer.name.trim().to_owned()
    };
    let citation = if insurer.policy_number.trim().is_empty() {
        format!("{name} policy")
    } else {
        format!("{name} policy {}", insurer.policy_number.trim())
    };
    let recipient = if insurer.claims_contact.trim().is_empty() {
        name.clone()
    } else {
        format!("{name} ({})", insurer.claims_contact.trim())
    };
    Some(NotificationRule {
        key: INSURER_KEY.to_owned(),
        name: "Notice to the cyber insurer".to_owned(),
        regime: "Insurance".to_owned(),
        recipient,
        trigger: Trigger::Awareness,
        after_notice_of: None,
        window: Window::Hours { hours },
        time_zone: TimeZoneName::UTC,
        applies: vec![Applicability::default()],
        source: Source {
            citation,
            url: String::new(),
        },
        note: format!(
            "The policy asks for notice within {hours} h; check the policy wording for what \
             starts its clock, and use the claims contact, not the broker, unless it says so."
        ),
    })
}

/// When the notice is due if the trigger happened at `trigger_at`.
pub fn deadline(rule: &NotificationRule, trigger_at: DateTime<Utc>) -> DateTime<Utc> {
    let tz = rule.time_zone.tz();
    match &rule.window {
        Window::Hours { hours } => trigger_at + Duration::hours(i64::from(*hours)),
        Window::CalendarDays { days } => {
            let day = calendar::local_day(tz, trigger_at)
                .checked_add_days(chrono::Days::new(u64::from(*days)))
                .unwrap_or(chrono::NaiveDate::MAX);
            calendar::end_of_local_day(tz, day)
        }
        Window::Months { months } => {
            let day = calendar::add_months(calendar::local_day(tz, trigger_at), *months);
            calendar::end_of_local_day(tz, day)
        }
        Window::BusinessDays {
            days,
            calendar: business,
            cutoff,
        } => {
            let day =
                calendar::add_business_days(*business, calendar::local_day(tz, trigger_at), *days);
            calendar::at_local_time(tz, day, cutoff.time())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// The trigger has not been recorded, so there is no deadline yet.
    AwaitingTrigger,
    Running,
    /// Not sent, and the deadline is within the caller's warning window.
    DueSoon,
    /// Not sent, and the deadline has passed.
    Overdue,
    SentOnTime,
    SentLate,
}

/// One clock as the incident shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NotificationClock {
    pub rule_key: String,
    pub name: String,
    pub regime: String,
    pub recipient: String,
    pub trigger: Trigger,
    /// The window in words ("72 hours").
    pub window: String,
    /// Where the duty comes from, shown beside the countdown.
    pub source: Source,
    pub started_at: Option<DateTime<Utc>>,
    pub deadline: Option<DateTime<Utc>>,
    pub sent_at: Option<DateTime<Utc>>,
    pub status: ClockStatus,
    /// Seconds from now (or, once sent, from the sending) to the deadline: the countdown while
    /// running, negative when overdue or sent late. `None` before the trigger is recorded.
    pub remaining_seconds: Option<f64>,
}

/// "NIS2 incident notification": the name of the built-in rule a clock counts from.
fn notice_name(key: &str) -> String {
    RuleTable::builtin()
        .rules
        .iter()
        .find(|r| r.key == key)
        .map_or_else(|| key.replace('_', " "), |r| r.name.clone())
}

/// The state of `rule`'s clock at `now`. A notice sent before the trigger is recorded stays
/// `AwaitingTrigger`: whether it was on time cannot be known until the trigger is.
pub fn clock(
    rule: &NotificationRule,
    started_at: Option<DateTime<Utc>>,
    sent_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    due_soon_window: Duration,
) -> NotificationClock {
    let due = started_at.map(|start| deadline(rule, start));
    let (status, remaining_seconds) = match due {
        None => (ClockStatus::AwaitingTrigger, None),
        Some(due) => {
            let reference = sent_at.unwrap_or(now);
            let remaining = due - reference;
            let status = match sent_at {
                Some(sent) if sent <= due => ClockStatus::SentOnTime,
                Some(_) => ClockStatus::SentLate,
                None if now > due => ClockStatus::Overdue,
                None if remaining <= due_soon_window => ClockStatus::DueSoon,
                None => ClockStatus::Running,
            };
            // Milliseconds keep sub-second precision without an i64 crossing to the UI.
            (status, Some(remaining.num_milliseconds() as f64 / 1000.0))
        }
    };
    NotificationClock {
        rule_key: rule.key.clone(),
        name: rule.name.clone(),
        regime: rule.regime.clone(),
        recipient: rule.recipient.clone(),
        trigger: rule.trigger,
        window: match &rule.after_notice_of {
            Some(key) => format!("{} from the {}", rule.window.describe(), notice_name(key)),
            None => rule.window.describe(),
        },
        source: rule.source.clone(),
        started_at,
        deadline: due,
        sent_at,
        status,
        remaining_seconds,
    }
}
