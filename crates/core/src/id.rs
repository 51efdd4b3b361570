//! Typed ids. Every record id is a UUIDv7 (time-ordered, so B-tree inserts stay local), wrapped
//! in a newtype so a `ClientId` can never be passed where an `IncidentId` is expected. Ids are
//! minted by the caller (the store), because minting reads the clock and randomness.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $label:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        #[serde(transparent)]
        pub struct $name(#[cfg_attr(feature = "specta", specta(type = String))] Uuid);

        impl $name {
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($label, "({})"), self.0)
            }
        }

        impl FromStr for $name {
            type Err = crate::validation::Invalid;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self).map_err(|_| {
                    crate::validation::Invalid::one(
                        "id",
                        format!(concat!("'{}' is not a valid ", $label, " id; ids look like 0193e4c2-7f7a-7c3e-9a40-5b1d2e3f4a5b (use `list` to find one)"), s),
                    )
                })
            }
        }
    };
}

id_type!(
    /// A client company of the MSP.
    ClientId,
    "client"
);
id_type!(
    /// One installation of Cordon (a laptop); the op log numbers its changes per device.
    DeviceId,
    "device"
);
id_type!(
    /// One operation in the op log.
    OpId,
    "operation"
);
id_type!(
    /// One version of a client's incident-response plan (each version has its own id).
    PlanId,
    "plan"
);
id_type!(
    /// A critical asset of a client (a server, a SaaS app, a backup system ...).
    AssetId,
    "asset"
);
id_type!(
    /// A security incident being worked for a client.
    IncidentId,
    "incident"
);
id_type!(
    /// One entry in an incident's hash-chained timeline.
    EntryId,
    "timeline entry"
);
id_type!(
    /// One piece of evidence collected during an incident.
    EvidenceId,
    "evidence"
);
id_type!(
    /// One notice or escalation sent during an incident.
    NoticeId,
    "notice"
);
id_type!(
    /// A tabletop exercise run for a client.
    ExerciseId,
    "exercise"
);
id_type!(
    /// A change to a client's plan that an exercise finding asked for.
    PlanChangeId,
    "plan change"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips_and_rejects_garbage_with_a_hint() {
        let id = ClientId::from_uuid(Uuid::from_u128(0x0193_e4c2_7f7a_7c3e_9a40_5b1d_2e3f_4a5b));
        assert_eq!(id.to_string().parse::<ClientId>().ok(), Some(id));
        let err = "not-an-id".parse::<ClientId>().unwrap_err();
        assert_eq!(err.fields[0].field, "id");
        assert!(
            err.fields[0].message.contains("not a valid client id"),
            "{err}"
        );
    }

    #[test]
    fn serialises_as_a_bare_string() {
        let id = ClientId::from_uuid(Uuid::from_u128(1));
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"00000000-0000-0000-0000-000000000001\""
        );
    }
}
