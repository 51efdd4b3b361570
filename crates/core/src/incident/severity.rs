//! An incident's severity, computed from the plan's matrix: the impact row comes from the most
//! critical affected asset, the scope column from what the technician says the incident
//! reaches. The matched cell's criterion is kept so the screen and the report can say why.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::asset::DataClass;
use crate::plan::{SeverityMatrix, SeverityRating};

/// What severity needs to know about one affected asset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedAsset {
    pub name: String,
    /// 1 (business stops without it) to 4 (can wait).
    pub criticality: u32,
    pub data_classes: Vec<DataClass>,
}

/// A person's judgement over the matrix, with the reason that the timeline also records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityOverride {
    pub level: String,
    pub rank: u32,
    pub reason: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SeverityAssessment {
    /// The matrix cell that matched; `None` when the plan has no usable matrix.
    pub computed: Option<SeverityRating>,
    /// Why this impact and scope were used, in a sentence.
    pub basis: String,
    pub overridden: Option<SeverityOverride>,
}

impl SeverityAssessment {
    pub fn level(&self) -> Option<&str> {
        self.overridden
            .as_ref()
            .map(|o| o.level.as_str())
            .or_else(|| self.computed_level())
    }

    pub fn computed_level(&self) -> Option<&str> {
        self.computed.as_ref().map(|r| r.level.as_str())
    }

    pub fn rank(&self) -> Option<u32> {
        self.overridden
            .as_ref()
            .map(|o| o.rank)
            .or_else(|| self.computed.as_ref().map(|r| r.rank))
    }

    /// The criterion shown beside the badge: the override's reason or the matrix cell's text.
    pub fn criterion(&self) -> Option<&str> {
        self.overridden
            .as_ref()
            .map(|o| o.reason.as_str())
            .or_else(|| self.computed.as_ref().map(|r| r.criterion.as_str()))
    }
}

/// The matrix rule. Criticality 1..=4 maps onto the impact rows (listed least impact first),
/// spread evenly when the matrix has another number of rows; no affected asset means the
/// lowest impact, because nothing the client depends on is known to be hit yet.
pub fn assess(
    matrix: Option<&SeverityMatrix>,
    affected: &[AffectedAsset],
    scope: &str,
    overridden: Option<SeverityOverride>,
) -> SeverityAssessment {
    let Some(matrix) = matrix.filter(|m| !m.impacts.is_empty() && !m.scopes.is_empty()) else {
        return SeverityAssessment {
            computed: None,
            basis: "The plan has no severity matrix; set the severity by override.".into(),
            overridden,
        };
    };
    let worst = affected.iter().min_by_key(|a| a.criticality);
    let rows = matrix.impacts.len();
    let row = match worst {
        None => 0,
        Some(a) => {
            let c = a.criticality.clamp(1, 4) as usize;
            // c = 1 → last (highest impact) row, c = 4 → first row.
            ((4 - c) * (rows - 1) + 1) / 3
        }
    };
    let scope = if scope.trim().is_empty() {
        matrix.scopes[0].as_str()
    } else {
        scope
    };
    let computed = matrix.rate(&matrix.impacts[row], scope);
    let impact = &matrix.impacts[row];
    let basis = match (worst, &computed) {
        (_, None) => format!(
            "The matrix has no level for impact '{impact}' and scope '{scope}'; complete the plan's severity matrix or override."
        ),
        (None, Some(_)) => {
            format!("Impact {impact}: no affected asset recorded yet. Scope: {scope}.")
        }
        (Some(a), Some(_)) => {
            let regulated: Vec<&str> = affected
                .iter()
                .flat_map(|a| a.data_classes.iter())
                .map(|d| d.label())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut s = format!(
                "Impact {impact}: {} (criticality {}) is affected. Scope: {scope}.",
                a.name, a.criticality
            );
            if !regulated.is_empty() {
                s.push_str(&format!(" Data at risk: {}.", regulated.join(", ")));
            }
            s
        }
    };
    SeverityAssessment {
        computed,
        basis,
        overridden,
    }
}
